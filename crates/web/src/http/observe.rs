//! What the server tells its operator: one structured log line per
//! request (method, route, status, bytes, µs, cache hit), and `/metrics`
//! in Prometheus' text format.
//!
//! The log line is a `tracing` event with target `locus::request`; the
//! binary decides how it is written (text or JSON, see `--log-format`).

use std::sync::atomic::{AtomicI64, AtomicU64};
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::{header, StatusCode};
use axum::response::Response;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

/// Whether a response came from the cache, for logs and metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheStatus {
    /// Served from the cache.
    Hit,
    /// Rendered (and kept, if cacheable).
    Miss,
    /// Not a cached route (assets, metrics).
    Bypass,
}

impl CacheStatus {
    /// The label in logs and metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            CacheStatus::Hit => "hit",
            CacheStatus::Miss => "miss",
            CacheStatus::Bypass => "bypass",
        }
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: &'static str,
    method: &'static str,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: &'static str,
}

/// Route patterns (`/genes/{query}`) as `&'static str`, so labelling a
/// request allocates nothing. Only patterns of the route table are kept:
/// a few dozen strings for the life of the process.
#[derive(Default)]
struct Routes(parking_lot::RwLock<std::collections::HashSet<&'static str>>);

impl Routes {
    fn get(&self, pattern: &str) -> &'static str {
        if let Some(r) = self.0.read().get(pattern) {
            return r;
        }
        let mut set = self.0.write();
        if let Some(r) = set.get(pattern) {
            return r;
        }
        let r: &'static str = Box::leak(pattern.to_string().into_boxed_str());
        set.insert(r);
        r
    }
}

fn method_label(m: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *m {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        Method::PATCH => "PATCH",
        _ => "OTHER",
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CacheLabels {
    result: &'static str,
}

/// The server's metrics, registered once.
pub struct Metrics {
    registry: Registry,
    routes: Routes,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    cache_hits: Counter,
    cache_misses: Counter,
    generation: Gauge<i64, AtomicI64>,
    imports: Gauge<i64, AtomicI64>,
    in_flight: Gauge<i64, AtomicI64>,
    response_bytes: Counter<u64, AtomicU64>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("locus");
        let requests = Family::<RequestLabels, Counter>::default();
        // 50 µs to about 13 s: a cache hit is tens of microseconds, an
        // uncached hub page milliseconds, a whole-network export seconds.
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.00005, 2.0, 19))
        });
        let cache = Family::<CacheLabels, Counter>::default();
        let generation = Gauge::<i64, AtomicI64>::default();
        let imports = Gauge::<i64, AtomicI64>::default();
        let in_flight = Gauge::<i64, AtomicI64>::default();
        let response_bytes = Counter::<u64, AtomicU64>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route, method and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time from request to response head, by route",
            latency.clone(),
        );
        registry.register(
            "cache_lookups",
            "Response-cache lookups of cacheable routes, by result (hit, miss)",
            cache.clone(),
        );
        registry.register(
            "store_generation",
            "Store generation: bumped by every import",
            generation.clone(),
        );
        registry.register(
            "store_imports",
            "Live imports in the store (not replaced by a later import of the same file)",
            imports.clone(),
        );
        registry.register(
            "http_requests_in_flight",
            "Requests being answered",
            in_flight.clone(),
        );
        registry.register(
            "http_response_bytes",
            "Body bytes sent, after compression",
            response_bytes.clone(),
        );
        // Handles to the two cache counters, so counting a lookup is one
        // atomic add, not a label hash and a lock.
        let counter = |status: CacheStatus| {
            cache
                .get_or_create(&CacheLabels {
                    result: status.as_str(),
                })
                .clone()
        };
        let (cache_hits, cache_misses) = (counter(CacheStatus::Hit), counter(CacheStatus::Miss));
        Metrics {
            registry,
            routes: Routes::default(),
            requests,
            latency,
            cache_hits,
            cache_misses,
            generation,
            imports,
            in_flight,
            response_bytes,
        }
    }
}

impl Metrics {
    /// Counts a response-cache lookup.
    pub fn cache(&self, status: CacheStatus) {
        let counter = match status {
            CacheStatus::Hit => &self.cache_hits,
            CacheStatus::Miss => &self.cache_misses,
            CacheStatus::Bypass => return,
        };
        counter.inc();
    }
}

impl Metrics {
    /// The metrics in Prometheus' text format, with the store's
    /// generation and live imports as of now.
    pub fn encode(&self, generation: i64, imports: usize) -> Result<String, std::fmt::Error> {
        self.generation.set(generation);
        self.imports.set(i64::try_from(imports).unwrap_or(i64::MAX));
        let mut out = String::new();
        prometheus_client::encoding::prometheus_text::encode(&mut out, &self.registry)?;
        Ok(out)
    }
}

/// A request being answered, from [`Metrics::start`] to
/// [`Observed::finish`]. Dropped unfinished (the client went away), it
/// still leaves the in-flight gauge.
pub struct Observed<'a> {
    metrics: &'a Metrics,
    started: Instant,
    method: &'static str,
    route: &'static str,
}

impl Drop for Observed<'_> {
    fn drop(&mut self) {
        self.metrics.in_flight.dec();
    }
}

impl Metrics {
    /// Starts observing `req`.
    pub fn start(&self, req: &Request) -> Observed<'_> {
        let route = req
            .extensions()
            .get::<MatchedPath>()
            .map(|p| self.routes.get(p.as_str()))
            .unwrap_or("(unmatched)");
        self.in_flight.inc();
        Observed {
            metrics: self,
            started: Instant::now(),
            method: method_label(req.method()),
            route,
        }
    }
}

impl Observed<'_> {
    /// Counts the request and writes its log line.
    pub fn finish(self, res: &Response) {
        let m = self.metrics;
        let (method, route) = (self.method, self.route);
        let elapsed = self.started.elapsed();
        let status = res.status();
        let bytes = res
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0);
        let cache = res
            .extensions()
            .get::<CacheStatus>()
            .copied()
            .unwrap_or(CacheStatus::Bypass);
        m.requests
            .get_or_create(&RequestLabels {
                route,
                method,
                status: status.as_u16(),
            })
            .inc();
        m.latency
            .get_or_create(&RouteLabels { route })
            .observe(elapsed.as_secs_f64());
        if status != StatusCode::NOT_MODIFIED && method != "HEAD" {
            m.response_bytes.inc_by(bytes);
        }
        tracing::info!(
            target: "locus::request",
            method = %method,
            route = %route,
            status = status.as_u16(),
            bytes,
            us = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX),
            cache = %cache.as_str(),
        );
    }
}
