//! The response cache, and the HTTP caching every cached route shares:
//! content coding, strong ETags, `If-None-Match` → 304, `Cache-Control`,
//! `Vary`, HEAD.
//!
//! [`layer`] sits in front of the routes. A GET (or HEAD) is looked up by
//! URL and store generation; on a miss the route renders once — a burst
//! of misses for one URL waits for that render — and the [`Entry`] is
//! kept with its body compressed, per coding, the first time a client
//! asks for that coding. Routes themselves know nothing of caching.

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::{Arc, OnceLock};

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use lru::LruCache;
use parking_lot::Mutex;
use sha2::{Digest, Sha256};

use super::encoding::{self, Coding};
use super::observe::{CacheStatus, Metrics};
use super::overload::Renders;
use crate::error::ApiError;

/// What the caching middleware needs: the knowledge base (for the store
/// generation), the cache, the metrics it counts lookups in and the gate
/// renders pass. Shared behind one `Arc`: the middleware clones its state
/// for every request.
pub struct CacheLayer {
    /// The knowledge base answers are rendered from.
    pub kb: std::sync::Arc<locus_kb::KnowledgeBase>,
    /// The cache.
    pub cache: std::sync::Arc<ResponseCache>,
    /// The metrics.
    pub metrics: std::sync::Arc<Metrics>,
    /// The gate renders pass.
    pub renders: std::sync::Arc<Renders>,
    /// Whether cookies set here are `Secure` (behind HTTPS).
    pub secure_cookies: bool,
}

/// How clients may keep what they get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// Keep, but ask again each time (`no-cache`): pages and API answers
    /// change with every import, and a 304 costs almost nothing.
    Revalidate,
    /// Keep for a year without asking: content-hashed static assets,
    /// whose URL changes when their content does.
    Immutable,
}

impl Freshness {
    fn header(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            Freshness::Revalidate => "no-cache",
            Freshness::Immutable => "public, max-age=31536000, immutable",
        })
    }
}

/// One rendered response: the body as rendered, and each coding of it
/// made the first time a client asks for it.
pub struct Entry {
    /// Store generation the entry was rendered for.
    generation: i64,
    status: StatusCode,
    headers: HeaderMap,
    freshness: Freshness,
    identity: Bytes,
    /// The ETag without quotes and without a coding's suffix.
    etag: String,
    /// The quoted ETag of each coding (identity, gzip, brotli), made once.
    etags: [HeaderValue; 3],
    gzip: OnceLock<Bytes>,
    brotli: OnceLock<Bytes>,
}

impl Entry {
    /// An entry for a body. `headers` are the response's own
    /// (`Content-Type`, `Content-Disposition`).
    pub fn new(
        generation: i64,
        status: StatusCode,
        headers: HeaderMap,
        freshness: Freshness,
        body: Bytes,
    ) -> Self {
        let digest = Sha256::digest(&body);
        let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        let etag = format!("{generation}-{hex}");
        let quoted = |c: Coding| {
            HeaderValue::from_str(&format!("\"{etag}{}\"", c.etag_suffix()))
                .unwrap_or_else(|_| HeaderValue::from_static("\"\""))
        };
        Entry {
            generation,
            status,
            headers,
            freshness,
            etags: [
                quoted(Coding::Identity),
                quoted(Coding::Gzip),
                quoted(Coding::Brotli),
            ],
            etag,
            identity: body,
            gzip: OnceLock::new(),
            brotli: OnceLock::new(),
        }
    }

    fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The coding to send a client with these request headers.
    fn coding(&self, request: &HeaderMap) -> Coding {
        if self.identity.len() < encoding::MIN_COMPRESS_BYTES
            || !encoding::compressible(self.content_type())
        {
            return Coding::Identity;
        }
        encoding::negotiate(request)
    }

    /// The body in `coding`, compressing it the first time.
    async fn body(self: &Arc<Self>, coding: Coding) -> Bytes {
        let slot = match coding {
            Coding::Identity => return self.identity.clone(),
            Coding::Gzip => &self.gzip,
            Coding::Brotli => &self.brotli,
        };
        if let Some(b) = slot.get() {
            return b.clone();
        }
        let this = self.clone();
        // Compressing half a megabyte takes milliseconds: not on an async worker.
        let encoded = tokio::task::spawn_blocking(move || encoding::encode(&this.identity, coding))
            .await
            .ok()
            .and_then(Result::ok)
            .map(Bytes::from);
        match encoded {
            Some(b) => slot.get_or_init(|| b).clone(),
            // Compression cannot fail on memory; if it somehow did, the
            // client still gets the body.
            None => self.identity.clone(),
        }
    }

    /// The response to a request with `request` headers.
    pub async fn respond(self: &Arc<Self>, request: &HeaderMap, head: bool) -> Response {
        let cacheable = self.status.is_success()
            || self.status == StatusCode::MULTIPLE_CHOICES
            || self.status == StatusCode::NOT_FOUND;
        let coding = self.coding(request);
        let etag = &self.etags[match coding {
            Coding::Identity => 0,
            Coding::Gzip => 1,
            Coding::Brotli => 2,
        }];
        let compressible = encoding::compressible(self.content_type());
        let mut headers = self.headers.clone();
        if cacheable {
            headers.insert(header::CACHE_CONTROL, self.freshness.header());
            headers.insert(header::ETAG, etag.clone());
        }
        if compressible {
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        if cacheable
            && self.status == StatusCode::OK
            && matches_etag(request, etag.to_str().unwrap_or(""))
        {
            let mut res = StatusCode::NOT_MODIFIED.into_response();
            for name in [header::ETAG, header::CACHE_CONTROL, header::VARY] {
                if let Some(v) = headers.get(&name) {
                    res.headers_mut().insert(name, v.clone());
                }
            }
            return res;
        }
        let body = self.body(coding).await;
        if let Some(c) = coding.header() {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(c));
        }
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
        let mut res = if head {
            Response::new(Body::empty())
        } else {
            Response::new(Body::from(body))
        };
        *res.status_mut() = self.status;
        *res.headers_mut() = headers;
        res
    }
}

/// Whether `If-None-Match` names `etag` (weak comparison, as RFC 9110
/// asks for this header; `*` matches any current representation).
fn matches_etag(request: &HeaderMap, etag: &str) -> bool {
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim())
        .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == etag)
}

/// Rendered responses by URL, for one store generation each.
pub struct ResponseCache {
    inner: Mutex<LruCache<String, Arc<Entry>>>,
    /// Bodies larger than this are not kept (a whole hub's TSV).
    max_body: usize,
    /// Renders under way, by URL: concurrent misses of one URL wait for
    /// the first render instead of each rendering it (a burst of requests
    /// for a hub's page would otherwise render it once per request, and
    /// hold as many copies in memory).
    inflight: Mutex<HashMap<String, tokio::sync::watch::Receiver<bool>>>,
}

impl ResponseCache {
    /// A cache of at most `entries` responses of at most `max_body` bytes each.
    pub fn new(entries: usize, max_body: usize) -> Self {
        ResponseCache {
            inner: Mutex::new(LruCache::new(
                NonZeroUsize::new(entries).unwrap_or(NonZeroUsize::MIN),
            )),
            max_body,
            inflight: Mutex::new(HashMap::new()),
        }
    }

    fn get(&self, key: &str, generation: i64) -> Option<Arc<Entry>> {
        let mut inner = self.inner.lock();
        match inner.get(key) {
            Some(e) if e.generation == generation => Some(e.clone()),
            Some(_) => {
                inner.pop(key);
                None
            }
            None => None,
        }
    }

    fn put(&self, key: String, entry: Arc<Entry>) {
        if entry.identity.len() <= self.max_body {
            self.inner.lock().put(key, entry);
        }
    }
}

/// Ends a render's in-flight entry when the render ends, also when the
/// request is dropped mid-render, so waiters never wait forever.
struct Finish<'a> {
    cache: &'a ResponseCache,
    key: String,
    done: tokio::sync::watch::Sender<bool>,
}

impl Drop for Finish<'_> {
    fn drop(&mut self) {
        self.cache.inflight.lock().remove(&self.key);
        let _ = self.done.send(true);
    }
}

/// The routes whose answers depend only on the URL and the store
/// generation. Static assets have their own validators; health and
/// metrics must never be cached.
fn cached_route(path: &str) -> bool {
    !(path.starts_with("/static/")
        || path == "/metrics"
        || path == "/healthz"
        // Files on disk, streamed with their own ETag (the SHA-256).
        || path.starts_with("/downloads/store/")
        // Each answer carries its own login token cookie.
        || path == "/login"
        || path.ends_with("/edit")
        // Absolute URLs made from the request's Host (and, for a citation,
        // today's date): never shared with another request.
        || path.ends_with("/cite")
        || path == "/wiki/recent.atom"
        || path.ends_with("/changes.atom"))
}

/// Largest body a route may render; the largest real one (every
/// reference of TP53 as TSV) is about 1.5 MB.
const MAX_RENDERED_BODY: usize = 256 << 20;

/// The caching middleware (see the module documentation); called by
/// [`super::layer`].
pub async fn serve(state: &CacheLayer, req: Request, next: Next) -> Response {
    let head = req.method() == Method::HEAD;
    // A logged-in reader's pages are theirs (their name, their forms'
    // tokens): rendered for them, never shared.
    if !cached_route(req.uri().path()) || crate::auth::has_session_cookie(req.headers()) {
        let mut res = next.run(req).await;
        res.extensions_mut().insert(CacheStatus::Bypass);
        return res;
    }
    if !(head || req.method() == Method::GET) {
        let mut res = state.renders.run(next.run(req)).await;
        res.extensions_mut().insert(CacheStatus::Bypass);
        return res;
    }
    let cache = &state.cache;
    let import_generation = state.kb.generation();
    // Entries are valid for one import generation and one wiki
    // generation: an import or a wiki edit renders everything anew.
    let generation = import_generation
        .wrapping_shl(32)
        .wrapping_add(state.kb.wiki_generation() & 0xffff_ffff);
    let path = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("");
    // Looked up once, and once more after waiting for another request's
    // render of the same URL.
    let mut waited = false;
    let done = loop {
        if let Some(hit) = cache.get(path, generation) {
            state.metrics.cache(CacheStatus::Hit);
            let mut res = hit.respond(req.headers(), head).await;
            res.extensions_mut().insert(CacheStatus::Hit);
            return res;
        }
        if waited {
            // The render waited for was not kept (an error, or a body too
            // large to keep): render in parallel, not in turn.
            break None;
        }
        let waiting = {
            let mut inflight = cache.inflight.lock();
            match inflight.get(path) {
                Some(rx) => Some(rx.clone()),
                None => {
                    let (tx, rx) = tokio::sync::watch::channel(false);
                    inflight.insert(path.to_string(), rx);
                    break Some(tx);
                }
            }
        };
        if let Some(mut rx) = waiting {
            let _ = rx.wait_for(|done| *done).await;
            waited = true;
        }
    };
    let key = path.to_string();
    let request_headers = req.headers().clone();
    let _finish = done.map(|done| Finish {
        cache,
        key: key.clone(),
        done,
    });
    state.metrics.cache(CacheStatus::Miss);
    // A HEAD renders the GET it stands for, so the entry can serve both.
    let mut req = req;
    *req.method_mut() = Method::GET;
    let res = state.renders.run(next.run(req)).await;
    let (parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_RENDERED_BODY).await {
        Ok(b) => b,
        Err(e) => {
            return ApiError::internal(format!("reading the rendered body: {e}")).into_response()
        }
    };
    // An answer rendered from the previous generation's search index or
    // graph (still being rebuilt) is sent, not kept.
    let settled = state.kb.is_settled(import_generation);
    if !settled {
        // Whatever this page did not use must catch up too, or no
        // answer is kept until something uses it.
        state.kb.settle();
    }
    let keep = matches!(
        parts.status,
        StatusCode::OK | StatusCode::MULTIPLE_CHOICES | StatusCode::NOT_FOUND
    ) && settled;
    let mut headers = HeaderMap::new();
    for name in [
        header::CONTENT_TYPE,
        header::CONTENT_DISPOSITION,
        header::RETRY_AFTER,
        // A redirect (the search page sends one exact match to its gene)
        // is worthless without it; so is a 405 without `Allow`.
        header::LOCATION,
        header::ALLOW,
    ] {
        if let Some(v) = parts.headers.get(&name) {
            headers.insert(name, v.clone());
        }
    }
    let entry = Arc::new(Entry::new(
        generation,
        parts.status,
        headers,
        Freshness::Revalidate,
        bytes,
    ));
    if keep {
        cache.put(key, entry.clone());
    }
    let mut res = entry.respond(&request_headers, head).await;
    res.extensions_mut().insert(CacheStatus::Miss);
    res
}

/// A static asset served from memory, with an immutable content-hashed
/// URL and its codings made once.
pub struct Asset {
    entry: Arc<Entry>,
    /// `/static/locus.3f2a9c1e.css`
    pub url: String,
}

impl Asset {
    /// The asset `name` (`locus.css`) with its content.
    pub fn new(name: &str, content_type: &'static str, body: &'static [u8]) -> Self {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        let entry = Arc::new(Entry::new(
            0,
            StatusCode::OK,
            headers,
            Freshness::Immutable,
            Bytes::from_static(body),
        ));
        let hash = &entry.etag[2..10];
        let url = match name.rsplit_once('.') {
            Some((stem, ext)) => format!("/static/{stem}.{hash}.{ext}"),
            None => format!("/static/{name}.{hash}"),
        };
        Asset { entry, url }
    }

    /// The response to a request for it.
    pub async fn respond(&self, request: &HeaderMap, head: bool) -> Response {
        self.entry.respond(request, head).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_compares_weakly_and_lists() {
        let mut h = HeaderMap::new();
        h.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("\"x\", W/\"7-abc-br\""),
        );
        assert!(matches_etag(&h, "\"7-abc-br\""));
        assert!(!matches_etag(&h, "\"7-abc\""));
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("*"));
        assert!(matches_etag(&h, "\"anything\""));
    }
}
