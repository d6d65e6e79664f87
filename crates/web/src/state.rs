//! [`AppState`]: what every handler shares.

use std::sync::Arc;

use locus_kb::bulk::cache::ExportCache;
use locus_kb::KnowledgeBase;

use crate::http::cache::ResponseCache;
use crate::http::observe::Metrics;
use crate::http::overload::Renders;

/// How the server was started: what the operator allows.
#[derive(Debug, Clone, Default)]
pub struct WebConfig {
    /// Anonymous visitors may edit (credited by IP address), as on
    /// MediaWiki. Off by default: edits need an account.
    pub open_editing: bool,
    /// Session cookies are marked `Secure` (the server is behind HTTPS).
    pub secure_cookies: bool,
    /// `Host` names `/mcp` answers to besides the loopback names (the
    /// names a proxy forwards); `*` allows any. MCP clients are often
    /// local agents, and checking `Host` keeps a web page from reaching
    /// a local server through DNS rebinding.
    pub mcp_hosts: Vec<String>,
    /// Where whole-store exports offered at `/downloads/store/` are
    /// written; a directory of the system's temporary directory, removed
    /// when the server stops, when not given.
    pub export_dir: Option<std::path::PathBuf>,
}

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
    /// What the operator allows.
    pub config: WebConfig,
    /// Failed logins, per account and address.
    pub logins: crate::auth::LoginLimiter,
    /// The whole-store exports offered for download.
    pub exports: Arc<ExportCache>,
}

impl AppState {
    /// The state over `kb`, with a cache of 2,048 responses up to 4 MB each.
    pub fn new(kb: Arc<KnowledgeBase>) -> Arc<Self> {
        AppState::with_config(kb, WebConfig::default())
    }

    /// The state with the operator's choices.
    pub fn with_config(kb: Arc<KnowledgeBase>, config: WebConfig) -> Arc<Self> {
        let exports = Arc::new(match &config.export_dir {
            Some(dir) => ExportCache::new(dir),
            None => ExportCache::temporary(),
        });
        Arc::new(AppState {
            exports,
            kb,
            cache: Arc::new(ResponseCache::new(2048, 4 << 20)),
            metrics: Arc::new(Metrics::default()),
            renders: Arc::new(Renders::default()),
            config,
            logins: crate::auth::LoginLimiter::default(),
        })
    }
}

/// `Content-Type` of HTML pages.
pub const HTML: &str = "text/html; charset=utf-8";
/// `Content-Type` of JSON answers.
pub const JSON: &str = "application/json";
/// `Content-Type` of TSV downloads.
pub const TSV: &str = "text/tab-separated-values; charset=utf-8";
