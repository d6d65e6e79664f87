//! The embedded SQLite backend of the Locus store: [`SqliteStore`].
//!
//! One file in WAL mode: readers borrow pooled read-only connections and
//! are never blocked by an import; an import writes on its own
//! connection inside one `BEGIN IMMEDIATE` transaction, so a reader sees
//! all of it or none, and a killed process leaves the last committed
//! state. The import *rules* are not here (see `locus_store::import`);
//! this crate stores rows, answers lookups and keeps derived tables.
//!
//! Ids cross into SQL only here: `GeneId`, `TaxId`, `Pmid` and `ImportId`
//! are bound and read through the helpers of [`sql`].

mod changes;
mod derived;
mod export;
mod lookup;
mod network;
mod query;
mod schema;
mod sql;
mod tags;
mod terms;
mod tx;
mod wiki;

use std::path::{Path, PathBuf};

use locus_model::{ArticleId, ArticleSubject, RevisionId, Role, UserId};
use locus_model::{
    GeneId, GoAnnotation, ImportId, ImportRecord, KgEdge, Pmid, ProteinEntry, RegulationRow, TaxId,
};
use locus_store::wiki::{
    Account, ApiToken, Article, ArticleHit, NewRevision, RecentChange, Revision, RevisionStream,
    RevisionSummary, SaveOutcome, Session,
};
use locus_store::{
    BindingSitePage, EdgeFilter, GeneDetail, GeneRifRow, GeneStore, GeneTexts, ImportTx,
    InteractionPage, InteractionRow, KgCounts, NetworkEdge, OrthologRow, PublicationDetail,
    ReferencePage, RegulationPage, RegulationSide, Resolution, SearchEntry, StoreBackend,
    StoreError, StoreStats, UnresolvedRow, WikiStore,
};
use parking_lot::Mutex;
use rusqlite::{Connection, OpenFlags};

/// What goes wrong inside this backend: SQLite's own errors, or a store
/// error (a corrupt value, a refused import). Leaves the crate as an
/// opaque [`StoreError`].
#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<Error> for StoreError {
    fn from(e: Error) -> Self {
        match e {
            Error::Sqlite(e) => StoreError::backend(e),
            Error::Store(e) => e,
        }
    }
}

pub(crate) type Result<T, E = Error> = std::result::Result<T, E>;

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
    /// The one connection wiki writes go through, opened on first use.
    /// Wiki writes are small and frequent; one connection behind a lock
    /// serialises them without the cost of opening one per save.
    wiki_writer: Mutex<Option<Connection>>,
}

impl SqliteStore {
    /// Opens (creating if needed) the store at `path` and migrates its schema.
    pub fn open(path: &Path) -> locus_store::Result<Self> {
        let open = || -> Result<Connection> {
            let mut conn = open_conn(path, false)?;
            schema::migrate(&mut conn)?;
            Ok(conn)
        };
        let conn = open().map_err(|e| match e {
            Error::Sqlite(e) => StoreError::Open {
                location: path.display().to_string(),
                source: reason(&e).into(),
            },
            Error::Store(e) => e,
        })?;
        Ok(SqliteStore {
            path: path.to_path_buf(),
            pool: Mutex::new(vec![conn]),
            wiki_writer: Mutex::new(None),
        })
    }

    /// Runs `f` in a wiki write transaction (see [`wiki::write`]).
    fn wiki_write<T>(
        &self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<(T, bool)>,
    ) -> locus_store::Result<T> {
        let mut writer = self.wiki_writer.lock();
        let conn = match writer.as_mut() {
            Some(c) => c,
            None => writer.insert(open_conn(&self.path, false)?),
        };
        Ok(wiki::write(conn, f)?)
    }

    /// Runs `f` on a pooled read connection.
    fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> locus_store::Result<T> {
        let conn = match self.pool.lock().pop() {
            Some(c) => c,
            None => open_conn(&self.path, true)?,
        };
        let out = f(&conn);
        let mut pool = self.pool.lock();
        if pool.len() < POOL_SIZE {
            pool.push(conn);
        }
        Ok(out?)
    }
}

/// What SQLite says went wrong, once: rusqlite's message repeats the
/// path and chains SQLite's own code text behind it.
fn reason(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(f, _) => {
            rusqlite::ffi::code_to_str(f.extended_code).to_string()
        }
        other => other.to_string(),
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
    let conn = Connection::open_with_flags(path, flags)?;
    // Plans that do not depend on bound values (the query planner
    // stability guarantee). Without it SQLite marks statements whose plan
    // *might* depend on a parameter, and every reuse of a cached statement
    // re-prepares it: about 15% of a network import's instructions, and
    // of every uncached page. No query here gains from value-specific
    // plans.
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    if !read_only {
        // WAL: readers are never blocked by an import, and a killed
        // process leaves the last committed state intact.
        conn.pragma_update(None, "journal_mode", "WAL")?;
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Imports reuse a few dozen statements, batch inserts included.
    conn.set_prepared_statement_cache_capacity(128);
    Ok(conn)
}

impl StoreBackend for SqliteStore {
    fn begin_import(&self) -> locus_store::Result<Box<dyn ImportTx + '_>> {
        let conn = open_conn(&self.path, false)?;
        Ok(Box::new(tx::SqliteImport::begin(conn)?))
    }

    fn location(&self) -> String {
        self.path.display().to_string()
    }

    fn start_tagging(
        &self,
        tagger: &str,
        vocabulary: &str,
        retag: bool,
    ) -> locus_store::Result<locus_store::TaggingRun> {
        let mut conn = open_conn(&self.path, false)?;
        Ok(tags::start(&mut conn, tagger, vocabulary, retag)?)
    }

    fn untagged_texts(&self, limit: u64) -> locus_store::Result<Vec<locus_store::TextToTag>> {
        self.read(|c| tags::untagged(c, limit))
    }

    fn save_tags(&self, run: i64, texts: &[locus_store::TaggedText]) -> locus_store::Result<()> {
        let mut conn = open_conn(&self.path, false)?;
        Ok(tags::save(&mut conn, run, texts)?)
    }

    fn backup(&self, to: &Path) -> locus_store::Result<()> {
        if to.exists() {
            return Err(StoreError::Unsupported(format!(
                "{} exists; a backup never overwrites a file",
                to.display()
            )));
        }
        let target = to.to_str().ok_or_else(|| {
            StoreError::Unsupported(format!("{}: not a UTF-8 path", to.display()))
        })?;
        // VACUUM INTO reads one snapshot (a read transaction in WAL mode)
        // and writes a compact copy: consistent while imports and edits go
        // on, and never blocking them.
        self.read(|c| {
            c.execute("VACUUM INTO ?1", [target])?;
            Ok(())
        })
    }

    fn export(
        &self,
        tables: &[locus_store::ExportTable],
        sink: &mut dyn locus_store::ExportSink,
    ) -> locus_store::Result<()> {
        self.read(|c| export::export(c, tables, sink))
    }

    fn check(&self) -> locus_store::Result<Vec<String>> {
        self.read(|c| {
            let mut stmt = c.prepare("PRAGMA integrity_check")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            let found: Vec<String> = rows.collect::<rusqlite::Result<_>>()?;
            Ok(found.into_iter().filter(|m| m != "ok").collect())
        })
    }
}

impl GeneStore for SqliteStore {
    fn generation(&self) -> locus_store::Result<i64> {
        self.read(|c| {
            Ok(
                c.query_row("SELECT value FROM meta WHERE key = 'generation'", [], |r| {
                    r.get(0)
                })?,
            )
        })
    }

    fn resolve(&self, query: &str, tax_id: Option<TaxId>) -> locus_store::Result<Resolution> {
        self.read(|c| query::resolve(c, query, tax_id))
    }

    fn gene(&self, gene_id: GeneId) -> locus_store::Result<Option<GeneDetail>> {
        self.read(|c| query::gene(c, gene_id))
    }

    fn generifs(&self, gene_id: GeneId) -> locus_store::Result<Vec<GeneRifRow>> {
        self.read(|c| query::generifs(c, gene_id))
    }

    fn references(
        &self,
        gene_id: GeneId,
        offset: u64,
        limit: u64,
    ) -> locus_store::Result<ReferencePage> {
        self.read(|c| query::references(c, gene_id, offset, limit))
    }

    fn pubmed_sources(
        &self,
        gene_id: GeneId,
    ) -> locus_store::Result<Vec<locus_store::PubmedSourceCount>> {
        self.read(|c| query::pubmed_sources(c, gene_id))
    }

    fn expression(&self, gene_id: GeneId) -> locus_store::Result<Vec<locus_store::ExpressionRow>> {
        self.read(|c| query::expression(c, gene_id))
    }

    fn expression_calls(
        &self,
        gene_id: GeneId,
        offset: u64,
        limit: u64,
    ) -> locus_store::Result<locus_store::ExpressionCallPage> {
        self.read(|c| query::expression_calls(c, gene_id, offset, limit))
    }

    fn term(
        &self,
        id: locus_model::TermId,
    ) -> locus_store::Result<Option<locus_store::TermDetail>> {
        self.read(|c| terms::term(c, id))
    }

    fn gene_diseases(
        &self,
        gene_id: GeneId,
    ) -> locus_store::Result<Vec<locus_store::GeneDiseaseRow>> {
        self.read(|c| terms::gene_diseases(c, gene_id))
    }

    fn gene_phenotypes(
        &self,
        gene_id: GeneId,
    ) -> locus_store::Result<Vec<locus_store::GenePhenotypeRow>> {
        self.read(|c| terms::gene_phenotypes(c, gene_id))
    }

    fn disease_genes(
        &self,
        id: locus_model::TermId,
    ) -> locus_store::Result<Vec<locus_store::GeneDiseaseRow>> {
        self.read(|c| terms::disease_genes(c, id))
    }

    fn phenotype_genes(
        &self,
        id: locus_model::TermId,
        limit: u64,
    ) -> locus_store::Result<locus_store::GenePhenotypePage> {
        self.read(|c| terms::phenotype_genes(c, id, limit))
    }

    fn disease_phenotypes(
        &self,
        id: locus_model::TermId,
        limit: u64,
    ) -> locus_store::Result<locus_store::DiseasePhenotypePage> {
        self.read(|c| terms::disease_phenotypes(c, id, limit))
    }

    fn go_term_genes(
        &self,
        id: locus_model::TermId,
        limit: u64,
    ) -> locus_store::Result<locus_store::GoTermGenePage> {
        self.read(|c| terms::go_term_genes(c, id, limit))
    }

    fn terms_citing(
        &self,
        id: locus_model::TermId,
    ) -> locus_store::Result<Vec<locus_model::TermId>> {
        self.read(|c| terms::terms_citing(c, id))
    }

    fn full_text(
        &self,
        query: &str,
        kind: Option<locus_store::TextKind>,
        limit: u64,
    ) -> locus_store::Result<Vec<locus_store::TextHit>> {
        self.read(|c| terms::full_text(c, query, kind, limit))
    }

    fn term_search_entries(&self) -> locus_store::Result<Vec<locus_store::TermSearchEntry>> {
        self.read(terms::term_search_entries)
    }

    fn tagger_terms(&self) -> locus_store::Result<Vec<locus_store::TaggerTerm>> {
        self.read(terms::tagger_terms)
    }

    fn gene_designations(&self) -> locus_store::Result<Vec<(GeneId, String)>> {
        self.read(query::gene_designations)
    }

    fn go_annotations(&self, gene_id: GeneId) -> locus_store::Result<Vec<GoAnnotation>> {
        self.read(|c| query::go_annotations(c, gene_id))
    }

    fn proteins(&self, gene_id: GeneId) -> locus_store::Result<Vec<ProteinEntry>> {
        self.read(|c| query::proteins(c, gene_id))
    }

    fn gene_imports(&self, gene_id: GeneId) -> locus_store::Result<Vec<ImportRecord>> {
        self.read(|c| query::gene_imports(c, gene_id))
    }

    fn imports(&self) -> locus_store::Result<Vec<ImportRecord>> {
        self.read(query::imports)
    }

    fn stats(&self) -> locus_store::Result<StoreStats> {
        self.read(query::stats)
    }

    fn search_entries(&self) -> locus_store::Result<Vec<SearchEntry>> {
        self.read(query::search_entries)
    }

    fn publication(&self, pmid: Pmid) -> locus_store::Result<Option<PublicationDetail>> {
        self.read(|c| query::publication(c, pmid))
    }

    fn gene_texts(&self, gene_id: GeneId, limit: u64) -> locus_store::Result<GeneTexts> {
        self.read(|c| tags::gene_texts(c, gene_id, limit))
    }

    fn co_mention_texts(
        &self,
        gene: GeneId,
        other: locus_model::EntityRef,
        limit: u64,
    ) -> locus_store::Result<locus_store::CoMentionTexts> {
        self.read(|c| tags::co_mention_texts(c, gene, other, limit))
    }

    fn chemical_names(&self) -> locus_store::Result<Vec<(locus_model::MeshId, String)>> {
        self.read(tags::chemical_names)
    }

    fn citation(&self, pmid: Pmid) -> locus_store::Result<Option<locus_model::Publication>> {
        self.read(|c| Ok(query::citation(c, pmid)?.map(|(p, _)| p)))
    }

    fn regulation(
        &self,
        gene_id: GeneId,
        side: RegulationSide,
        filter: &EdgeFilter,
        offset: u64,
        limit: u64,
    ) -> locus_store::Result<RegulationPage> {
        self.read(|c| network::regulation(c, gene_id, side, filter, offset, limit))
    }

    fn regulation_evidence(
        &self,
        tf: GeneId,
        target: GeneId,
    ) -> locus_store::Result<Vec<RegulationRow>> {
        self.read(|c| network::regulation_evidence(c, tf, target))
    }

    fn orthologs(&self, gene_id: GeneId) -> locus_store::Result<Vec<OrthologRow>> {
        self.read(|c| network::orthologs(c, gene_id))
    }

    fn interactions(&self, gene_id: GeneId, limit: u64) -> locus_store::Result<InteractionPage> {
        self.read(|c| network::interactions(c, gene_id, limit))
    }

    fn interaction_between(
        &self,
        a: GeneId,
        b: GeneId,
    ) -> locus_store::Result<Option<InteractionRow>> {
        self.read(|c| network::interaction_between(c, a, b))
    }

    fn binding_sites(
        &self,
        gene_id: GeneId,
        offset: u64,
        limit: u64,
    ) -> locus_store::Result<BindingSitePage> {
        self.read(|c| network::binding_sites(c, gene_id, offset, limit))
    }

    fn kg_counts(&self, gene_id: GeneId) -> locus_store::Result<KgCounts> {
        self.read(|c| network::kg_counts(c, gene_id))
    }

    fn kg_edges(&self) -> locus_store::Result<Vec<KgEdge>> {
        self.read(network::kg_edges)
    }

    fn network(&self, tax_id: TaxId) -> locus_store::Result<Vec<NetworkEdge>> {
        self.read(|c| network::network(c, tax_id))
    }

    fn unresolved(
        &self,
        import_id: ImportId,
        limit: u64,
    ) -> locus_store::Result<Option<Vec<UnresolvedRow>>> {
        self.read(|c| network::unresolved(c, import_id, limit))
    }

    fn gene_changes(
        &self,
        gene_id: GeneId,
    ) -> locus_store::Result<Vec<locus_store::changes::GeneChangeRow>> {
        self.read(|c| changes::gene_changes(c, gene_id))
    }

    fn import_change_counts(
        &self,
        import_id: ImportId,
    ) -> locus_store::Result<Option<Vec<locus_store::changes::ChangeCount>>> {
        self.read(|c| changes::counts(c, import_id))
    }

    fn import_changes(
        &self,
        import_id: ImportId,
        field: Option<locus_model::ChangeField>,
        limit: u64,
    ) -> locus_store::Result<Vec<locus_model::GeneChange>> {
        self.read(|c| changes::import_changes(c, import_id, field, limit))
    }
}

impl WikiStore for SqliteStore {
    fn wiki_generation(&self) -> locus_store::Result<i64> {
        self.read(wiki::wiki_generation)
    }

    fn create_account(
        &self,
        name: &str,
        role: Role,
        password_hash: Option<&str>,
        created: &str,
    ) -> locus_store::Result<Option<UserId>> {
        self.wiki_write(|tx| wiki::create_account(tx, name, role, password_hash, created))
    }

    fn account_by_name(&self, name: &str) -> locus_store::Result<Option<Account>> {
        self.read(|c| wiki::account_by_name(c, name))
    }

    fn accounts(&self) -> locus_store::Result<Vec<Account>> {
        self.read(wiki::accounts)
    }

    fn update_account(
        &self,
        id: UserId,
        role: Option<Role>,
        blocked: Option<bool>,
        password_hash: Option<&str>,
    ) -> locus_store::Result<bool> {
        self.wiki_write(|tx| wiki::update_account(tx, id, role, blocked, password_hash))
    }

    fn create_session(
        &self,
        token_hash: &str,
        account: UserId,
        csrf: &str,
        expires: i64,
    ) -> locus_store::Result<()> {
        self.wiki_write(|tx| wiki::create_session(tx, token_hash, account, csrf, expires))
    }

    fn session(&self, token_hash: &str, now: i64) -> locus_store::Result<Option<Session>> {
        self.read(|c| wiki::session(c, token_hash, now))
    }

    fn delete_session(&self, token_hash: &str, now: i64) -> locus_store::Result<()> {
        self.wiki_write(|tx| wiki::delete_session(tx, token_hash, now))
    }

    fn create_api_token(
        &self,
        account: UserId,
        token: &locus_store::wiki::NewToken<'_>,
    ) -> locus_store::Result<i64> {
        self.wiki_write(|tx| wiki::create_api_token(tx, account, token))
    }

    fn api_token(&self, token_hash: &str, now: i64) -> locus_store::Result<Option<ApiToken>> {
        self.read(|c| wiki::api_token(c, token_hash, now))
    }

    fn api_tokens(&self, account: UserId) -> locus_store::Result<Vec<ApiToken>> {
        self.read(|c| wiki::api_tokens(c, account))
    }

    fn revoke_api_tokens(&self, account: UserId, id: Option<i64>) -> locus_store::Result<u64> {
        self.wiki_write(|tx| wiki::revoke_api_tokens(tx, account, id))
    }

    fn article(&self, subject: &ArticleSubject) -> locus_store::Result<Option<Article>> {
        self.read(|c| wiki::article(c, subject))
    }

    fn articles(&self) -> locus_store::Result<Vec<Article>> {
        self.read(wiki::articles)
    }

    fn revision(&self, id: RevisionId) -> locus_store::Result<Option<Revision>> {
        self.read(|c| wiki::revision(c, id))
    }

    fn revisions(
        &self,
        article: ArticleId,
        offset: u64,
        limit: u64,
    ) -> locus_store::Result<Vec<RevisionSummary>> {
        self.read(|c| wiki::revisions(c, article, offset, limit))
    }

    fn history(&self, article: ArticleId) -> locus_store::Result<Vec<Revision>> {
        self.read(|c| wiki::history(c, article))
    }

    fn authorship(&self, revision: RevisionId) -> locus_store::Result<Option<Vec<u8>>> {
        self.read(|c| wiki::authorship(c, revision))
    }

    fn save_revision(
        &self,
        subject: &ArticleSubject,
        title: &str,
        revision: &NewRevision,
    ) -> locus_store::Result<SaveOutcome> {
        self.wiki_write(|tx| wiki::save_revision(tx, subject, title, revision))
    }

    fn replace_history(
        &self,
        subject: &ArticleSubject,
        title: &str,
        stream: &mut dyn RevisionStream,
    ) -> locus_store::Result<ArticleId> {
        self.wiki_write(|tx| wiki::replace_history(tx, subject, title, stream))
    }

    fn set_protected(&self, article: ArticleId, protected: bool) -> locus_store::Result<bool> {
        self.wiki_write(|tx| wiki::set_protected(tx, article, protected))
    }

    fn recent_changes(&self, limit: u64) -> locus_store::Result<Vec<RecentChange>> {
        self.read(|c| wiki::recent_changes(c, limit))
    }

    fn search_articles(&self, query: &str, limit: u64) -> locus_store::Result<Vec<ArticleHit>> {
        self.read(|c| wiki::search_articles(c, query, limit))
    }
}
