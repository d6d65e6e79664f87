//! [`AppState`]: what every handler shares.

use std::sync::Arc;

use locus_kb::KnowledgeBase;

use crate::http::cache::ResponseCache;
use crate::http::observe::Metrics;
use crate::http::overload::Renders;

/// The knowledge base, the response cache and the metrics.
pub struct AppState {
    /// What every answer comes from.
    pub kb: Arc<KnowledgeBase>,
    /// Rendered responses by URL and generation.
    pub cache: Arc<ResponseCache>,
    /// Counters and histograms for `/metrics`.
    pub metrics: Arc<Metrics>,
    /// The gate renders pass: load shedding and timeouts.
    pub renders: Arc<Renders>,
}

impl AppState {
    /// The state over `kb`, with a cache of 2,048 responses up to 4 MB each.
    pub fn new(kb: Arc<KnowledgeBase>) -> Arc<Self> {
        Arc::new(AppState {
            kb,
            cache: Arc::new(ResponseCache::new(2048, 4 << 20)),
            metrics: Arc::new(Metrics::default()),
            renders: Arc::new(Renders::default()),
        })
    }
}

/// `Content-Type` of HTML pages.
pub const HTML: &str = "text/html; charset=utf-8";
/// `Content-Type` of JSON answers.
pub const JSON: &str = "application/json";
/// `Content-Type` of TSV downloads.
pub const TSV: &str = "text/tab-separated-values; charset=utf-8";
