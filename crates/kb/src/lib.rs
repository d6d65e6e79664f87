//! The Locus knowledge base: [`KnowledgeBase`], what pages, the API and
//! the CLI ask of a store.
//!
//! The store answers row-shaped questions ("the targets of 571"). This
//! crate answers the questions a reader has: the whole document of a
//! gene ([`gene::GeneDocument`]), one of its sections in JSON or TSV
//! ([`gene::Section`]), ranked search ([`search`]), neighbours and
//! shortest paths with the evidence of every hop ([`graph`]), and the
//! whole-network downloads ([`exports`]). It also owns the state derived
//! from the store per *generation* (the search index, the in-memory
//! graph), rebuilt in the background after each import.
//!
//! It knows nothing of HTTP: `locus-web` turns these answers into
//! responses, and the CLI prints them.

pub mod bulk;
pub mod chemicals;
mod derived;
pub mod everything;
pub mod exports;
pub mod gene;
pub mod graph;
pub mod numbers;
pub mod regulation;
pub mod search;
pub mod tagging;
pub mod terms;
pub mod tsv;
pub mod wiki;

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use locus_graph::KnowledgeGraph;
use locus_model::{GeneId, TaxId};
use locus_store::{GeneStore, Resolution, StoreBackend, StoreError};

use derived::Derived;
use search::{SearchHit, SearchIndex};

/// How an answer is written: JSON for programs, TSV for spreadsheets and
/// shell pipelines. Anything else is refused when parsed, not guessed.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// JSON (the default).
    #[default]
    Json,
    /// Tab-separated values with a header row.
    Tsv,
}

/// Why the knowledge base could not answer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A parameter is not one the question accepts (an unknown edge type,
    /// a consensus mode that does not exist).
    #[error("{0}")]
    Invalid(String),
    /// The gene was resolved but its record is gone (an import replaced it
    /// between two reads).
    #[error("gene {0} is not in the store")]
    GeneGone(GeneId),
    /// The caller may not do this (a reader editing, a protected
    /// article, a blocked account).
    #[error("{0}")]
    Forbidden(String),
    /// What the question names does not exist (a revision of another
    /// article, an article never written).
    #[error("{0}")]
    NotFound(String),
}

/// The result of a knowledge-base question.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Bytes (a digest, a secret) as lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Opens the store a URL names: a file path (or `sqlite://path`) for the
/// embedded SQLite store, the default; a `postgres://` or
/// `postgresql://` URL for a PostgreSQL database. Either is migrated to
/// this build's schema on open.
pub fn open_store(url: &str) -> Result<Arc<dyn StoreBackend>, StoreError> {
    if let Some((scheme, _)) = url.split_once("://") {
        return match scheme {
            "sqlite" => open_sqlite(&url["sqlite://".len()..]),
            "postgres" | "postgresql" => Ok(Arc::new(locus_store_postgres::PgStore::open(url)?)),
            other => Err(StoreError::Unsupported(format!(
                "unknown store URL scheme {other:?}: give a file path (SQLite) or a postgres:// URL"
            ))),
        };
    }
    open_sqlite(url)
}

/// Opens the store a URL names, as [`open_store`], with read replicas:
/// hot standbys streaming from a PostgreSQL primary, which answer reads
/// once they have replayed far enough. Only a `postgres://` store has
/// them.
pub fn open_store_with_replicas(
    url: &str,
    replicas: &[String],
) -> Result<Arc<dyn StoreBackend>, StoreError> {
    if replicas.is_empty() {
        return open_store(url);
    }
    match url.split_once("://") {
        Some(("postgres" | "postgresql", _)) => Ok(Arc::new(
            locus_store_postgres::PgStore::open_with_replicas(url, replicas)?,
        )),
        _ => Err(StoreError::Unsupported(
            "read replicas are PostgreSQL hot standbys: --read-replica needs a postgres:// store"
                .to_string(),
        )),
    }
}

fn open_sqlite(path: &str) -> Result<Arc<dyn StoreBackend>, StoreError> {
    Ok(Arc::new(locus_store_sqlite::SqliteStore::open(
        std::path::Path::new(path),
    )?))
}

/// How long a known store generation is trusted before asking the store.
/// An import becomes visible within this time.
const GENERATION_TTL: Duration = Duration::from_millis(500);

/// A store with the state derived from it.
pub struct KnowledgeBase {
    store: Arc<dyn StoreBackend>,
    generation: AtomicI64,
    /// When the generation was last read from the store, in milliseconds
    /// since `started`: an atomic, not a lock, since every request asks.
    checked_ms: AtomicU64,
    started: Instant,
    search: Derived<SearchIndex>,
    graph: Derived<KnowledgeGraph>,
    terms: Derived<terms::TermIndex>,
    chemicals: Derived<chemicals::ChemicalNames>,
    wiki: wiki::WikiState,
}

impl KnowledgeBase {
    /// The knowledge base over `store`.
    pub fn new(store: Arc<dyn StoreBackend>) -> Arc<Self> {
        let generation = store.generation().unwrap_or(-1);
        // Read now, not first after the TTL: an answer in the first half
        // second must carry the same wiki generation as the next.
        let wiki = wiki::WikiState::default();
        if let Ok(g) = store.wiki_generation() {
            wiki.generation.store(g, Ordering::Release);
        }
        Arc::new(KnowledgeBase {
            store,
            generation: AtomicI64::new(generation),
            checked_ms: AtomicU64::new(0),
            started: Instant::now(),
            search: Derived::default(),
            graph: Derived::default(),
            terms: Derived::default(),
            chemicals: Derived::default(),
            wiki,
        })
    }

    /// The store, for reads the knowledge base adds nothing to.
    pub fn store(&self) -> &dyn GeneStore {
        self.store.as_ref()
    }

    /// The store with its write interface, for imports.
    pub fn backend(&self) -> &Arc<dyn StoreBackend> {
        &self.store
    }

    /// The store generation, re-read at most every half second.
    pub fn generation(&self) -> i64 {
        let now = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let checked = self.checked_ms.load(Ordering::Acquire);
        let ttl = u64::try_from(GENERATION_TTL.as_millis()).unwrap_or(u64::MAX);
        // One caller refreshes; the others answer with what is known.
        // A checked time of 0 asks for a refresh now (see `read_after`).
        if (checked == 0 || now.saturating_sub(checked) >= ttl)
            && self
                .checked_ms
                .compare_exchange(checked, now, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
        {
            if let Ok(g) = self.store.generation() {
                self.generation.store(g, Ordering::Release);
            }
        }
        self.generation.load(Ordering::Acquire)
    }

    /// Makes every later read see the store at least as of `position`
    /// (a write the caller made, through this node or another). When
    /// that is newer than what this node has read, the generations are
    /// read again at the next request, so caches do not answer the writer
    /// from before the write.
    pub fn read_after(&self, position: locus_store::WritePosition) {
        if self.store.read_after(position) {
            self.checked_ms.store(0, Ordering::Release);
            self.wiki.checked_ms.store(0, Ordering::Release);
        }
    }

    /// Where this node's newest write ends, when replicas may not have it
    /// yet (see [`StoreBackend::write_position`]).
    pub fn write_position(&self) -> Option<locus_store::WritePosition> {
        self.store.write_position()
    }

    /// Whether every replica has `position`, so the writer need not carry
    /// it any longer.
    pub fn is_replicated(&self, position: locus_store::WritePosition) -> bool {
        self.store.is_replicated(position)
    }

    /// The search index of the current generation. Rebuilding it for the
    /// whole human genome takes about half a second; after an import the
    /// old index answers until the new one is built in the background.
    pub fn search_index(self: &Arc<Self>) -> Result<Arc<SearchIndex>> {
        let generation = self.generation();
        self.search.get(
            self,
            generation,
            |kb| &kb.search,
            |store| Ok(SearchIndex::build(store.search_entries()?)),
        )
    }

    /// The knowledge graph of the current generation (see
    /// [`KnowledgeBase::search_index`] for when it is rebuilt).
    pub fn graph(self: &Arc<Self>) -> Result<Arc<KnowledgeGraph>> {
        let generation = self.generation();
        self.graph.get(
            self,
            generation,
            |kb| &kb.graph,
            |store| Ok(KnowledgeGraph::build(store.kg_edges()?)),
        )
    }

    /// Whether every derived structure answers for `generation`. An
    /// answer computed while one is being rebuilt in the background used
    /// the previous generation's, and must not be kept as the new one's.
    pub fn is_settled(&self, generation: i64) -> bool {
        self.search.is_current(generation)
            && self.graph.is_current(generation)
            && self.terms.is_current(generation)
    }

    /// Starts the background rebuild of every derived structure that is
    /// older than the store's generation. Each is otherwise rebuilt when
    /// next used; one that a page does not use (the term index, for a
    /// gene page) would then stay old after an import, and every answer
    /// would be rendered again and again, never kept, until someone
    /// searched terms. Returns at once.
    pub fn settle(self: &Arc<Self>) {
        let generation = self.generation();
        if !self.search.is_current(generation) {
            let _ = self.search_index();
        }
        if !self.graph.is_current(generation) {
            let _ = self.graph();
        }
        if !self.terms.is_current(generation) {
            let _ = self.term_index();
        }
    }

    /// Which gene a name means: GeneID, official symbol, then an alias of
    /// only one gene, in `organism` (human by default).
    pub fn resolve(&self, name: &str, organism: Option<TaxId>) -> Result<Resolution> {
        Ok(self.store.resolve(name, organism)?)
    }

    /// Genes with names like `name`, for a name that matched nothing.
    pub fn suggest(
        self: &Arc<Self>,
        name: &str,
        organism: Option<TaxId>,
        limit: usize,
    ) -> Result<Vec<SearchHit>> {
        Ok(self.search_index()?.suggest(name, organism, limit))
    }
}
