use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use locus_graph::GeneGraph;
use locus_store::GeneStore;
use parking_lot::{Mutex, RwLock};

use crate::cache::{Cached, ResponseCache};
use crate::error::{blocking, WebError};
use crate::search::SearchIndex;

/// How long a known store generation is trusted before asking the store.
/// An import becomes visible to cached pages within this time.
const GENERATION_TTL: Duration = Duration::from_millis(500);

pub struct AppState {
    pub store: Arc<dyn GeneStore>,
    generation: AtomicI64,
    checked: Mutex<Instant>,
    search: Derived<SearchIndex>,
    graph: Derived<GeneGraph>,
    cache: ResponseCache,
    /// Renders under way, by cache key: concurrent misses of one URL wait
    /// for the first render instead of each rendering it (a burst of
    /// requests for a hub's page would otherwise render it once per
    /// request, and hold as many copies in memory).
    inflight: Mutex<HashMap<String, tokio::sync::watch::Receiver<bool>>>,
}

impl AppState {
    pub fn new(store: Arc<dyn GeneStore>) -> Self {
        let generation = store.generation().unwrap_or(-1);
        AppState {
            store,
            generation: AtomicI64::new(generation),
            checked: Mutex::new(Instant::now()),
            search: Derived::default(),
            graph: Derived::default(),
            cache: ResponseCache::new(2048, 4 << 20),
            inflight: Mutex::new(HashMap::new()),
        }
    }

    /// The store generation, re-read at most every [`GENERATION_TTL`].
    pub fn generation(&self) -> i64 {
        {
            let mut checked = self.checked.lock();
            if checked.elapsed() < GENERATION_TTL {
                return self.generation.load(Ordering::Relaxed);
            }
            *checked = Instant::now();
        }
        if let Ok(g) = self.store.generation() {
            self.generation.store(g, Ordering::Relaxed);
        }
        self.generation.load(Ordering::Relaxed)
    }

    /// The search index for the current generation (see [`Derived`]:
    /// rebuilding it for the whole human genome takes about half a second,
    /// and no search waits on it).
    pub fn search_index(self: &Arc<Self>) -> Result<Arc<SearchIndex>, WebError> {
        let generation = self.generation();
        self.search.get(
            self,
            generation,
            |state| &state.search,
            |store| Ok(SearchIndex::build(store.search_entries()?)),
        )
    }

    /// The knowledge graph for the current generation (see [`Derived`]).
    pub fn graph(self: &Arc<Self>) -> Result<Arc<GeneGraph>, WebError> {
        let generation = self.generation();
        self.graph.get(
            self,
            generation,
            |state| &state.graph,
            |store| Ok(GeneGraph::build(store.kg_edges()?)),
        )
    }

    /// Serves `key` from the cache, or renders it on a blocking thread and
    /// caches the result. Only successful and 404 responses are cached.
    pub async fn cached(
        self: &Arc<Self>,
        key: String,
        render: impl FnOnce(&Arc<AppState>) -> Result<(StatusCode, &'static str, Vec<u8>), WebError>
            + Send
            + 'static,
    ) -> Response {
        let generation = self.generation();
        let mut waited = false;
        let done = loop {
            if let Some(hit) = self.cache.get(&key, generation) {
                return respond(hit.status, hit.content_type, hit.body);
            }
            if waited {
                // The render we waited for was not cached (an error, or a
                // body too large to keep): render in parallel, not in turn.
                break None;
            }
            let waiting = {
                let mut inflight = self.inflight.lock();
                match inflight.get(&key) {
                    Some(rx) => Some(rx.clone()),
                    None => {
                        let (tx, rx) = tokio::sync::watch::channel(false);
                        inflight.insert(key.clone(), rx);
                        break Some(tx);
                    }
                }
            };
            if let Some(mut rx) = waiting {
                // The first render finished (or failed): look again.
                let _ = rx.wait_for(|done| *done).await;
                waited = true;
            }
        };
        let _finish = done.map(|done| Finish {
            state: self,
            key: key.clone(),
            done,
        });
        let state = self.clone();
        let result = blocking(move || render(&state)).await;
        match result {
            Ok((status, content_type, body)) => {
                let body = Bytes::from(body);
                if status.is_success() || status == StatusCode::NOT_FOUND {
                    self.cache.put(
                        key,
                        Cached {
                            generation,
                            content_type,
                            status: status.as_u16(),
                            body: body.clone(),
                        },
                    );
                }
                respond(status.as_u16(), content_type, body)
            }
            Err(e) => e.into_response(),
        }
    }
}

/// An in-memory structure built from the store (the search index, the
/// graph) and valid for one store generation.
///
/// It is built on first use. After an import the previous one keeps
/// answering while the new one is built on a background thread, so no
/// request waits on a rebuild.
struct Derived<T> {
    current: RwLock<Option<(i64, Arc<T>)>>,
    rebuilding: AtomicBool,
}

impl<T> Default for Derived<T> {
    fn default() -> Self {
        Derived {
            current: RwLock::new(None),
            rebuilding: AtomicBool::new(false),
        }
    }
}

type Build<T> = fn(&dyn GeneStore) -> Result<T, WebError>;

impl<T: Send + Sync + 'static> Derived<T> {
    /// The structure for `generation`; `this` finds this field again from
    /// the state handed to the background thread.
    fn get(
        &self,
        state: &Arc<AppState>,
        generation: i64,
        this: fn(&AppState) -> &Derived<T>,
        build: Build<T>,
    ) -> Result<Arc<T>, WebError> {
        if let Some((g, current)) = self.current.read().as_ref() {
            if *g != generation && !self.rebuilding.swap(true, Ordering::AcqRel) {
                let state = state.clone();
                std::thread::spawn(move || {
                    let derived = this(&state);
                    let _ = derived.build(state.store.as_ref(), generation, build);
                    derived.rebuilding.store(false, Ordering::Release);
                });
            }
            return Ok(current.clone());
        }
        self.build(state.store.as_ref(), generation, build)
    }

    fn build(
        &self,
        store: &dyn GeneStore,
        generation: i64,
        build: Build<T>,
    ) -> Result<Arc<T>, WebError> {
        let built = Arc::new(build(store)?);
        *self.current.write() = Some((generation, built.clone()));
        Ok(built)
    }
}

/// Ends a render's in-flight entry when the render ends, also when the
/// request is dropped mid-render, so waiters never wait forever.
struct Finish<'a> {
    state: &'a AppState,
    key: String,
    done: tokio::sync::watch::Sender<bool>,
}

impl Drop for Finish<'_> {
    fn drop(&mut self) {
        self.state.inflight.lock().remove(&self.key);
        let _ = self.done.send(true);
    }
}

fn respond(status: u16, content_type: &'static str, body: Bytes) -> Response {
    let mut res = (StatusCode::from_u16(status).unwrap_or(StatusCode::OK), body).into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    res
}

pub const HTML: &str = "text/html; charset=utf-8";
pub const JSON: &str = "application/json";
pub const TSV: &str = "text/tab-separated-values; charset=utf-8";
