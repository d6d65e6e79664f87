//! The PostgreSQL backend of the Locus store: [`PgStore`].
//!
//! For a group that outgrows one machine: many readers, many editors,
//! every NCBI organism. The schema is SQLite's, written for PostgreSQL
//! ([`schema`]); the import *rules* are not here (see
//! `locus_store::import`): this crate stores rows, answers lookups and
//! keeps derived tables, as the SQLite backend does.
//!
//! * Reads run statement by statement, each statement one snapshot of
//!   committed data, as SQLite's readers do: an import is seen whole or
//!   not at all by any one query. No `BEGIN`/`COMMIT` around them: on a
//!   page of forty queries those were forty round trips more.
//! * With read replicas ([`PgStore::open_with_replicas`], `route`), reads
//!   go to hot standbys that have replayed far enough for what this
//!   handle wrote or was told of, writes to the primary.
//! * An import is one transaction on its own session: facts are buffered
//!   per table and sent with `COPY … FROM STDIN (FORMAT binary)` into
//!   temporary staging tables, then moved into the fact tables by one
//!   `INSERT … SELECT` per batch. Until `COMMIT` readers see nothing of it;
//!   if the process dies, the server rolls it back. Imports take an
//!   advisory lock, so two queue instead of failing halfway.
//! * Wiki writes are short transactions serialised by an advisory lock,
//!   which makes a save's compare-and-swap exact.
//! * Schema migrations run at open, under an advisory lock, so several
//!   nodes may start at once.
//!
//! Ids cross into SQL only here, through the helpers of [`sql`].

mod backup;
mod changes;
mod db;
mod derived;
mod export;
mod lookup;
mod network;
mod query;
mod route;
mod schema;
mod sql;
mod swap;
mod tags;
mod terms;
mod tx;
mod wiki;

pub mod testing;

use std::path::Path;

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

use crate::db::{blocking, Db, Mode, Pool};
use crate::sql::RowExt;

pub use schema::SCHEMA_VERSION;

/// What goes wrong inside this backend: PostgreSQL's own errors, or a
/// store error (a corrupt value, a refused import). Leaves the crate as
/// an opaque [`StoreError`].
#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error(transparent)]
    Postgres(#[from] postgres::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<Error> for StoreError {
    fn from(e: Error) -> Self {
        match e {
            Error::Postgres(e) => StoreError::backend(e),
            Error::Store(e) => e,
        }
    }
}

pub(crate) type Result<T, E = Error> = std::result::Result<T, E>;

/// The advisory lock every wiki write holds: saves are compare-and-swap
/// on an article's newest revision, and serialising the (small, rare)
/// wiki writes makes that exact without retry loops.
const WIKI_LOCK: i64 = 0x004c_4f43_5557;

/// A Locus store in a PostgreSQL database, optionally with read
/// replicas (hot standbys of the same primary).
pub struct PgStore {
    /// The URL as given, for connecting; never shown (it may hold a
    /// password).
    url: String,
    route: route::Route,
    /// The rows an import must bring to a table before it rebuilds the
    /// table whole ([`swap`]).
    rebuild_from: u64,
}

impl PgStore {
    /// Connects to the database `url` names (`postgres://user@host:port/db`)
    /// and migrates its schema.
    pub fn open(url: &str) -> locus_store::Result<Self> {
        Self::open_with_replicas(url, &[])
    }

    /// Connects to the primary `url` names and migrates its schema; reads
    /// go to the `replicas` (hot standbys streaming from that primary)
    /// when they have replayed far enough. A replica that is down when
    /// the store opens is tried again as reads come.
    pub fn open_with_replicas(url: &str, replicas: &[String]) -> locus_store::Result<Self> {
        // With replicas, reads wait for them to reach the primary as of
        // now: a node started right after a migration must not read a
        // replica that still has the old schema.
        let open = || -> Result<(Pool, u64)> {
            let pool = Pool::new(url)?;
            let at = pool.with_session(|conn| {
                schema::migrate(conn.client())?;
                if replicas.is_empty() {
                    Ok(0)
                } else {
                    conn.position()
                }
            })?;
            Ok((pool, at))
        };
        let primary = blocking(open).map_err(|e| match e {
            Error::Postgres(e) => StoreError::Open {
                location: redact(url),
                source: Box::new(e),
            },
            Error::Store(e) => e,
        })?;
        let replicas = replicas
            .iter()
            .map(|r| {
                Pool::new(r)
                    .map(|p| (p, redact(r)))
                    .map_err(|e| StoreError::Open {
                        location: redact(r),
                        source: Box::new(StoreError::from(e)),
                    })
            })
            .collect::<locus_store::Result<Vec<_>>>()?;
        let (primary, at) = primary;
        let route = route::Route::new((primary, redact(url)), replicas);
        route.read_after(at);
        // A DBA's (and the integration tests') setting of the threshold.
        let rebuild_from = match std::env::var("LOCUS_PG_REBUILD_ROWS") {
            Ok(v) => v.trim().parse::<u64>().map(|n| n.max(1)).map_err(|_| {
                StoreError::Unsupported(format!(
                    "LOCUS_PG_REBUILD_ROWS={v:?} is not a number of rows"
                ))
            })?,
            Err(_) => swap::MIN_ROWS,
        };
        Ok(PgStore {
            url: url.to_string(),
            route,
            rebuild_from,
        })
    }

    /// Makes imports rebuild a table whole from `rows` rows on (at least
    /// one) instead of the measured default. The tests set 1, so that
    /// every import of their small files takes the path large imports
    /// take.
    #[must_use]
    pub fn rebuild_tables_from(mut self, rows: u64) -> Self {
        self.rebuild_from = rows.max(1);
        self
    }

    /// Runs the reads of `f` (each statement its own snapshot, as on
    /// SQLite), on a replica when one has replayed far enough.
    fn read<T: Send>(
        &self,
        f: impl Fn(&mut Db<'_>) -> Result<T> + Send + Sync,
    ) -> locus_store::Result<T> {
        blocking(|| self.route.read(Mode::Read, &f)).map_err(|e| self.failed(e, "read"))
    }

    /// Runs `f` in a read-write transaction on the primary.
    fn write<T: Send>(
        &self,
        f: impl FnOnce(&mut Db<'_>) -> Result<T> + Send,
    ) -> locus_store::Result<T> {
        blocking(|| self.route.write(f)).map_err(|e| self.failed(e, "write"))
    }

    /// A backend error as the store reports it: a server that cannot be
    /// reached is [`StoreError::Unavailable`], with what still works.
    fn failed(&self, e: Error, what: &str) -> StoreError {
        if !route::unreachable(&e) {
            return e.into();
        }
        // PostgreSQL's own reason ("Connection refused"), not only the
        // client's "error connecting to server".
        let e = route::describe(&e);
        let message = match (what, self.route.has_replicas()) {
            ("write", true) => format!(
                "the primary database {} cannot be reached, so nothing can be written now (edits, accounts, imports); pages are still served from the replicas: {e}",
                redact(&self.url)
            ),
            ("write", false) => format!(
                "the database {} cannot be reached, so nothing can be written now: {e}",
                redact(&self.url)
            ),
            _ => format!(
                "no database server of this store can be reached ({}): {e}",
                redact(&self.url)
            ),
        };
        StoreError::Unavailable(message)
    }

    /// Reads a `meta` counter and notes where it was read.
    fn counter(&self, counter: route::Counter) -> locus_store::Result<i64> {
        let key = match counter {
            route::Counter::Generation => "generation",
            route::Counter::WikiGeneration => "wiki_generation",
        };
        let sql = format!(
            "SELECT value, {} FROM meta WHERE key = $1",
            route::POSITION_SQL
        );
        let (value, at): (i64, i64) = self.read(|db| {
            let row = db.query_one(&sql, &[&key])?;
            Ok((row.at(0)?, row.at(1)?))
        })?;
        self.route
            .saw(counter, value, u64::try_from(at).unwrap_or(0));
        Ok(value)
    }

    /// Runs `f` in a wiki write transaction; bumps the wiki generation when
    /// `f` says it changed something.
    fn wiki_write<T: Send>(
        &self,
        f: impl FnOnce(&mut Db<'_>) -> Result<(T, bool)> + Send,
    ) -> locus_store::Result<T> {
        self.write(|db| {
            db.execute("SELECT pg_advisory_xact_lock($1)", &[&WIKI_LOCK])?;
            let (out, changed) = f(db)?;
            if changed {
                db.bump("wiki_generation")?;
            }
            Ok(out)
        })
    }
}

/// A URL without its password, for messages.
fn redact(url: &str) -> String {
    match url.parse::<postgres::Config>() {
        Ok(c) if c.get_password().is_some() => {
            let user = c.get_user().unwrap_or("");
            match url.split_once('@') {
                Some((_, rest)) => format!("postgres://{user}:***@{rest}"),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

impl StoreBackend for PgStore {
    fn begin_import(&self) -> locus_store::Result<Box<dyn ImportTx + '_>> {
        let import = blocking(|| {
            tx::PgImport::begin(
                self.route.primary.pool.get()?,
                &self.route,
                self.rebuild_from,
            )
        })
        .map_err(|e| self.failed(e, "write"))?;
        Ok(Box::new(import))
    }

    fn write_position(&self) -> Option<locus_store::WritePosition> {
        self.route.last_write().map(locus_store::WritePosition)
    }

    fn read_after(&self, position: locus_store::WritePosition) -> bool {
        self.route.read_after(position.0)
    }

    fn is_replicated(&self, position: locus_store::WritePosition) -> bool {
        blocking(|| self.route.is_replicated(position.0))
    }

    fn location(&self) -> String {
        redact(&self.url)
    }

    fn start_tagging(
        &self,
        tagger: &str,
        vocabulary: &str,
        retag: bool,
    ) -> locus_store::Result<locus_store::TaggingRun> {
        self.write(|db| tags::start(db, tagger, vocabulary, retag))
    }

    fn untagged_texts(&self, limit: u64) -> locus_store::Result<Vec<locus_store::TextToTag>> {
        self.read(|db| tags::untagged(db, limit))
    }

    fn save_tags(&self, run: i64, texts: &[locus_store::TaggedText]) -> locus_store::Result<()> {
        self.write(|db| tags::save(db, run, texts))
    }

    fn backup(&self, to: &Path) -> locus_store::Result<()> {
        Ok(blocking(|| backup::dump(&self.url, to))?)
    }

    fn export(
        &self,
        tables: &[locus_store::ExportTable],
        sink: &mut dyn locus_store::ExportSink,
    ) -> locus_store::Result<()> {
        self.write(|db| export::export(db, tables, sink))
    }

    fn check(&self) -> locus_store::Result<Vec<String>> {
        self.read(derived::check)
    }
}

impl GeneStore for PgStore {
    fn generation(&self) -> locus_store::Result<i64> {
        self.counter(route::Counter::Generation)
    }

    fn resolve(&self, query: &str, tax_id: Option<TaxId>) -> locus_store::Result<Resolution> {
        self.read(|db| query::resolve(db, query, tax_id))
    }

    fn gene(&self, gene_id: GeneId) -> locus_store::Result<Option<GeneDetail>> {
        self.read(|db| query::gene(db, gene_id))
    }

    fn generifs(&self, gene_id: GeneId) -> locus_store::Result<Vec<GeneRifRow>> {
        self.read(|db| query::generifs(db, gene_id))
    }

    fn references(
        &self,
        gene_id: GeneId,
        offset: u64,
        limit: u64,
    ) -> locus_store::Result<ReferencePage> {
        self.read(|db| query::references(db, gene_id, offset, limit))
    }

    fn pubmed_sources(
        &self,
        gene_id: GeneId,
    ) -> locus_store::Result<Vec<locus_store::PubmedSourceCount>> {
        self.read(|db| query::pubmed_sources(db, gene_id))
    }

    fn expression(&self, gene_id: GeneId) -> locus_store::Result<Vec<locus_store::ExpressionRow>> {
        self.read(|db| query::expression(db, gene_id))
    }

    fn expression_calls(
        &self,
        gene_id: GeneId,
        offset: u64,
        limit: u64,
    ) -> locus_store::Result<locus_store::ExpressionCallPage> {
        self.read(|db| query::expression_calls(db, gene_id, offset, limit))
    }

    fn term(
        &self,
        id: locus_model::TermId,
    ) -> locus_store::Result<Option<locus_store::TermDetail>> {
        self.read(|db| terms::term(db, id))
    }

    fn gene_diseases(
        &self,
        gene_id: GeneId,
    ) -> locus_store::Result<Vec<locus_store::GeneDiseaseRow>> {
        self.read(|db| terms::gene_diseases(db, gene_id))
    }

    fn gene_phenotypes(
        &self,
        gene_id: GeneId,
    ) -> locus_store::Result<Vec<locus_store::GenePhenotypeRow>> {
        self.read(|db| terms::gene_phenotypes(db, gene_id))
    }

    fn disease_genes(
        &self,
        id: locus_model::TermId,
    ) -> locus_store::Result<Vec<locus_store::GeneDiseaseRow>> {
        self.read(|db| terms::disease_genes(db, id))
    }

    fn phenotype_genes(
        &self,
        id: locus_model::TermId,
        limit: u64,
    ) -> locus_store::Result<locus_store::GenePhenotypePage> {
        self.read(|db| terms::phenotype_genes(db, id, limit))
    }

    fn disease_phenotypes(
        &self,
        id: locus_model::TermId,
        limit: u64,
    ) -> locus_store::Result<locus_store::DiseasePhenotypePage> {
        self.read(|db| terms::disease_phenotypes(db, id, limit))
    }

    fn go_term_genes(
        &self,
        id: locus_model::TermId,
        limit: u64,
    ) -> locus_store::Result<locus_store::GoTermGenePage> {
        self.read(|db| terms::go_term_genes(db, id, limit))
    }

    fn terms_citing(
        &self,
        id: locus_model::TermId,
    ) -> locus_store::Result<Vec<locus_model::TermId>> {
        self.read(|db| terms::terms_citing(db, id))
    }

    fn full_text(
        &self,
        query: &str,
        kind: Option<locus_store::TextKind>,
        limit: u64,
    ) -> locus_store::Result<Vec<locus_store::TextHit>> {
        self.read(|db| terms::full_text(db, query, kind, limit))
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
        self.read(|db| query::go_annotations(db, gene_id))
    }

    fn proteins(&self, gene_id: GeneId) -> locus_store::Result<Vec<ProteinEntry>> {
        self.read(|db| query::proteins(db, gene_id))
    }

    fn gene_imports(&self, gene_id: GeneId) -> locus_store::Result<Vec<ImportRecord>> {
        self.read(|db| query::gene_imports(db, gene_id))
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
        self.read(|db| query::publication(db, pmid))
    }

    fn gene_texts(&self, gene_id: GeneId, limit: u64) -> locus_store::Result<GeneTexts> {
        self.read(|db| tags::gene_texts(db, gene_id, limit))
    }

    fn co_mention_texts(
        &self,
        gene: GeneId,
        other: locus_model::EntityRef,
        limit: u64,
    ) -> locus_store::Result<locus_store::CoMentionTexts> {
        self.read(|db| tags::co_mention_texts(db, gene, other, limit))
    }

    fn chemical_names(&self) -> locus_store::Result<Vec<(locus_model::MeshId, String)>> {
        self.read(tags::chemical_names)
    }

    fn citation(&self, pmid: Pmid) -> locus_store::Result<Option<locus_model::Publication>> {
        self.read(|db| Ok(query::citation(db, pmid)?.map(|(p, _)| p)))
    }

    fn regulation(
        &self,
        gene_id: GeneId,
        side: RegulationSide,
        filter: &EdgeFilter,
        offset: u64,
        limit: u64,
    ) -> locus_store::Result<RegulationPage> {
        self.read(|db| network::regulation(db, gene_id, side, filter, offset, limit))
    }

    fn regulation_evidence(
        &self,
        tf: GeneId,
        target: GeneId,
    ) -> locus_store::Result<Vec<RegulationRow>> {
        self.read(|db| network::regulation_evidence(db, tf, target))
    }

    fn orthologs(&self, gene_id: GeneId) -> locus_store::Result<Vec<OrthologRow>> {
        self.read(|db| network::orthologs(db, gene_id))
    }

    fn interactions(&self, gene_id: GeneId, limit: u64) -> locus_store::Result<InteractionPage> {
        self.read(|db| network::interactions(db, gene_id, limit))
    }

    fn interaction_between(
        &self,
        a: GeneId,
        b: GeneId,
    ) -> locus_store::Result<Option<InteractionRow>> {
        self.read(|db| network::interaction_between(db, a, b))
    }

    fn binding_sites(
        &self,
        gene_id: GeneId,
        offset: u64,
        limit: u64,
    ) -> locus_store::Result<BindingSitePage> {
        self.read(|db| network::binding_sites(db, gene_id, offset, limit))
    }

    fn kg_counts(&self, gene_id: GeneId) -> locus_store::Result<KgCounts> {
        self.read(|db| network::kg_counts(db, gene_id))
    }

    fn kg_edges(&self) -> locus_store::Result<Vec<KgEdge>> {
        self.read(network::kg_edges)
    }

    fn network(&self, tax_id: TaxId) -> locus_store::Result<Vec<NetworkEdge>> {
        self.read(|db| network::network(db, tax_id))
    }

    fn unresolved(
        &self,
        import_id: ImportId,
        limit: u64,
    ) -> locus_store::Result<Option<Vec<UnresolvedRow>>> {
        self.read(|db| network::unresolved(db, import_id, limit))
    }

    fn gene_changes(
        &self,
        gene_id: GeneId,
    ) -> locus_store::Result<Vec<locus_store::changes::GeneChangeRow>> {
        self.read(|db| changes::gene_changes(db, gene_id))
    }

    fn import_change_counts(
        &self,
        import_id: ImportId,
    ) -> locus_store::Result<Option<Vec<locus_store::changes::ChangeCount>>> {
        self.read(|db| changes::counts(db, import_id))
    }

    fn import_changes(
        &self,
        import_id: ImportId,
        field: Option<locus_model::ChangeField>,
        limit: u64,
    ) -> locus_store::Result<Vec<locus_model::GeneChange>> {
        self.read(|db| changes::import_changes(db, import_id, field, limit))
    }
}

impl WikiStore for PgStore {
    fn wiki_generation(&self) -> locus_store::Result<i64> {
        self.counter(route::Counter::WikiGeneration)
    }

    fn create_account(
        &self,
        name: &str,
        role: Role,
        password_hash: Option<&str>,
        created: &str,
    ) -> locus_store::Result<Option<UserId>> {
        self.wiki_write(|db| wiki::create_account(db, name, role, password_hash, created))
    }

    fn account_by_name(&self, name: &str) -> locus_store::Result<Option<Account>> {
        self.read(|db| wiki::account_by_name(db, name))
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
        self.wiki_write(|db| wiki::update_account(db, id, role, blocked, password_hash))
    }

    fn create_session(
        &self,
        token_hash: &str,
        account: UserId,
        csrf: &str,
        expires: i64,
    ) -> locus_store::Result<()> {
        self.wiki_write(|db| wiki::create_session(db, token_hash, account, csrf, expires))
    }

    fn session(&self, token_hash: &str, now: i64) -> locus_store::Result<Option<Session>> {
        self.read(|db| wiki::session(db, token_hash, now))
    }

    fn delete_session(&self, token_hash: &str, now: i64) -> locus_store::Result<()> {
        self.wiki_write(|db| wiki::delete_session(db, token_hash, now))
    }

    fn create_api_token(
        &self,
        account: UserId,
        token: &locus_store::wiki::NewToken<'_>,
    ) -> locus_store::Result<i64> {
        self.wiki_write(|db| wiki::create_api_token(db, account, token))
    }

    fn api_token(&self, token_hash: &str, now: i64) -> locus_store::Result<Option<ApiToken>> {
        self.read(|db| wiki::api_token(db, token_hash, now))
    }

    fn api_tokens(&self, account: UserId) -> locus_store::Result<Vec<ApiToken>> {
        self.read(|db| wiki::api_tokens(db, account))
    }

    fn revoke_api_tokens(&self, account: UserId, id: Option<i64>) -> locus_store::Result<u64> {
        self.wiki_write(|db| wiki::revoke_api_tokens(db, account, id))
    }

    fn article(&self, subject: &ArticleSubject) -> locus_store::Result<Option<Article>> {
        self.read(|db| wiki::article(db, subject))
    }

    fn articles(&self) -> locus_store::Result<Vec<Article>> {
        self.read(wiki::articles)
    }

    fn revision(&self, id: RevisionId) -> locus_store::Result<Option<Revision>> {
        self.read(|db| wiki::revision(db, id))
    }

    fn revisions(
        &self,
        article: ArticleId,
        offset: u64,
        limit: u64,
    ) -> locus_store::Result<Vec<RevisionSummary>> {
        self.read(|db| wiki::revisions(db, article, offset, limit))
    }

    fn history(&self, article: ArticleId) -> locus_store::Result<Vec<Revision>> {
        self.read(|db| wiki::history(db, article))
    }

    fn authorship(&self, revision: RevisionId) -> locus_store::Result<Option<Vec<u8>>> {
        self.read(|db| wiki::authorship(db, revision))
    }

    fn save_revision(
        &self,
        subject: &ArticleSubject,
        title: &str,
        revision: &NewRevision,
    ) -> locus_store::Result<SaveOutcome> {
        self.wiki_write(|db| wiki::save_revision(db, subject, title, revision))
    }

    fn replace_history(
        &self,
        subject: &ArticleSubject,
        title: &str,
        stream: &mut dyn RevisionStream,
    ) -> locus_store::Result<ArticleId> {
        self.wiki_write(|db| wiki::replace_history(db, subject, title, stream))
    }

    fn set_protected(&self, article: ArticleId, protected: bool) -> locus_store::Result<bool> {
        self.wiki_write(|db| wiki::set_protected(db, article, protected))
    }

    fn recent_changes(&self, limit: u64) -> locus_store::Result<Vec<RecentChange>> {
        self.read(|db| wiki::recent_changes(db, limit))
    }

    fn search_articles(&self, query: &str, limit: u64) -> locus_store::Result<Vec<ArticleHit>> {
        self.read(|db| wiki::search_articles(db, query, limit))
    }
}
