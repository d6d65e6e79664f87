//! The embedded SQLite backend.

mod derived;
mod import;
mod network;
mod query;
mod resolve;
mod schema;

use std::path::{Path, PathBuf};

use locus_model::{GeneId, GoAnnotation, ImportRecord, KgEdge, ProteinEntry, RegulationRow, TaxId};
use parking_lot::Mutex;
use rusqlite::{Connection, OpenFlags};

use crate::{
    BindingSitePage, FactStream, GeneDetail, GeneRifRow, GeneStore, ImportMeta, InteractionPage,
    InteractionRow, KgCounts, NetworkEdge, OrthologRow, PublicationDetail, ReferencePage,
    RegulationEdgeRow, Resolution, Result, SearchEntry, StoreError, StoreStats, UnresolvedRow,
};

/// Read connections kept open between requests. Two cores serve at most a
/// handful of concurrent blocking reads; more connections only cost memory.
const POOL_SIZE: usize = 8;

/// A Locus store in one SQLite file.
///
/// Writers (imports) open their own connection; readers borrow one from a
/// small pool. WAL mode lets pages be served while an import runs, and
/// readers see either all of an import or none of it.
pub struct SqliteStore {
    path: PathBuf,
    pool: Mutex<Vec<Connection>>,
}

impl SqliteStore {
    /// Opens (creating if needed) the store at `path` and migrates its schema.
    pub fn open(path: &Path) -> Result<Self> {
        let mut conn = open_conn(path, false)?;
        schema::migrate(&mut conn)?;
        Ok(SqliteStore {
            path: path.to_path_buf(),
            pool: Mutex::new(vec![conn]),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on a pooled read connection.
    fn with_conn<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = match self.pool.lock().pop() {
            Some(c) => c,
            None => open_conn(&self.path, true)?,
        };
        let out = f(&conn);
        let mut pool = self.pool.lock();
        if pool.len() < POOL_SIZE {
            pool.push(conn);
        }
        out
    }
}

fn open_conn(path: &Path, read_only: bool) -> Result<Connection> {
    let flags = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let open_err = |source| StoreError::Open {
        path: path.display().to_string(),
        source,
    };
    let conn = Connection::open_with_flags(path, flags).map_err(open_err)?;
    conn.busy_timeout(std::time::Duration::from_secs(30))
        .map_err(open_err)?;
    if !read_only {
        // WAL: readers are never blocked by an import, and a killed
        // process leaves the last committed state intact.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(open_err)?;
    }
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(open_err)?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(open_err)?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

impl GeneStore for SqliteStore {
    fn import(
        &self,
        meta: &ImportMeta,
        facts: &mut dyn FactStream,
        progress: &mut dyn FnMut(u64),
    ) -> Result<ImportRecord> {
        let mut conn = open_conn(&self.path, false)?;
        let record = import::run(&mut conn, meta, facts, progress)?;
        // Fold the WAL back so the file on disk is the whole store again.
        let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        Ok(record)
    }

    fn generation(&self) -> Result<i64> {
        self.with_conn(|c| {
            Ok(
                c.query_row("SELECT value FROM meta WHERE key = 'generation'", [], |r| {
                    r.get(0)
                })?,
            )
        })
    }

    fn resolve(&self, query: &str, tax_id: Option<TaxId>) -> Result<Resolution> {
        self.with_conn(|c| query::resolve(c, query, tax_id))
    }

    fn gene(&self, gene_id: GeneId) -> Result<Option<GeneDetail>> {
        self.with_conn(|c| query::gene(c, gene_id))
    }

    fn generifs(&self, gene_id: GeneId) -> Result<Vec<GeneRifRow>> {
        self.with_conn(|c| query::generifs(c, gene_id))
    }

    fn references(&self, gene_id: GeneId, offset: u64, limit: u64) -> Result<ReferencePage> {
        self.with_conn(|c| query::references(c, gene_id, offset, limit))
    }

    fn go_annotations(&self, gene_id: GeneId) -> Result<Vec<GoAnnotation>> {
        self.with_conn(|c| query::go_annotations(c, gene_id))
    }

    fn proteins(&self, gene_id: GeneId) -> Result<Vec<ProteinEntry>> {
        self.with_conn(|c| query::proteins(c, gene_id))
    }

    fn gene_imports(&self, gene_id: GeneId) -> Result<Vec<ImportRecord>> {
        self.with_conn(|c| query::gene_imports(c, gene_id))
    }

    fn imports(&self) -> Result<Vec<ImportRecord>> {
        self.with_conn(query::imports)
    }

    fn stats(&self) -> Result<StoreStats> {
        self.with_conn(query::stats)
    }

    fn publication(&self, pmid: u32) -> Result<Option<PublicationDetail>> {
        self.with_conn(|c| query::publication(c, pmid))
    }

    fn search_entries(&self) -> Result<Vec<SearchEntry>> {
        self.with_conn(query::search_entries)
    }

    fn regulators(&self, gene_id: GeneId) -> Result<Vec<RegulationEdgeRow>> {
        self.with_conn(|c| network::regulation_edges(c, gene_id, true))
    }

    fn targets(&self, gene_id: GeneId) -> Result<Vec<RegulationEdgeRow>> {
        self.with_conn(|c| network::regulation_edges(c, gene_id, false))
    }

    fn regulation_evidence(&self, tf: GeneId, target: GeneId) -> Result<Vec<RegulationRow>> {
        self.with_conn(|c| network::regulation_evidence(c, tf, target))
    }

    fn orthologs(&self, gene_id: GeneId) -> Result<Vec<OrthologRow>> {
        self.with_conn(|c| network::orthologs(c, gene_id))
    }

    fn interactions(&self, gene_id: GeneId, limit: u64) -> Result<InteractionPage> {
        self.with_conn(|c| network::interactions(c, gene_id, limit))
    }

    fn interaction_between(&self, a: GeneId, b: GeneId) -> Result<Option<InteractionRow>> {
        self.with_conn(|c| network::interaction_between(c, a, b))
    }

    fn binding_sites(&self, gene_id: GeneId, offset: u64, limit: u64) -> Result<BindingSitePage> {
        self.with_conn(|c| network::binding_sites(c, gene_id, offset, limit))
    }

    fn kg_counts(&self, gene_id: GeneId) -> Result<KgCounts> {
        self.with_conn(|c| network::kg_counts(c, gene_id))
    }

    fn kg_edges(&self) -> Result<Vec<KgEdge>> {
        self.with_conn(network::kg_edges)
    }

    fn network(&self, tax_id: TaxId) -> Result<Vec<NetworkEdge>> {
        self.with_conn(|c| network::network(c, tax_id))
    }

    fn unresolved(&self, import_id: i64, limit: u64) -> Result<Vec<UnresolvedRow>> {
        self.with_conn(|c| network::unresolved(c, import_id, limit))
    }
}
