//! The Locus web server: gene pages, the JSON API, TSV downloads, the
//! OpenAPI document, search and autocomplete.
//!
//! Handlers read through [`locus_store::GeneStore`] on blocking threads.
//! Rendered pages and API bodies are cached in memory, keyed by URL and by
//! the store's generation (which every import bumps), so a cache entry can
//! never outlive the data it was made from.

pub mod api;
mod cache;
mod downloads;
mod error;
pub mod network_api;
mod pages;
pub mod search;
mod state;
mod tsv;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::get;
use axum::Router;
use locus_model::{TaxId, HUMAN, MOUSE};
use locus_store::GeneStore;

pub use error::WebError;
pub use state::AppState;

/// Largest request body accepted. Every route today is a GET; the limit
/// keeps a stray upload from costing memory.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Builds the application router over a store.
pub fn router(store: Arc<dyn GeneStore>) -> Router {
    router_with_state(Arc::new(AppState::new(store)))
}

fn router_with_state(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(pages::home::page))
        .route("/search", get(pages::search::page))
        .route("/genes/{query}", get(pages::gene::page))
        .route("/about/provenance", get(pages::home::provenance))
        .route("/downloads", get(downloads::page))
        .route("/downloads/{organism}/{file}", get(downloads::file))
        .route("/publications/{pmid}", get(pages::publication::page))
        .route("/api/v1/publications/{pmid}", get(api::publication))
        .route("/static/locus.css", get(pages::assets::css))
        .route("/static/locus.js", get(pages::assets::js))
        .route("/static/cytoscape.min.js", get(pages::assets::cytoscape))
        .route("/api/openapi.json", get(api::openapi_json))
        .route("/api/v1/search", get(api::search))
        .route("/api/v1/genes/{id}", get(api::gene))
        .route(
            "/api/v1/genes/{id}/regulators",
            get(network_api::regulators),
        )
        .route("/api/v1/genes/{id}/targets", get(network_api::targets))
        .route("/api/v1/genes/{id}/neighbors", get(network_api::neighbors))
        .route("/api/v1/genes/{id}/{section}", get(api::section))
        .route("/api/v1/graph/path", get(network_api::path))
        .route("/api/v1/graph/subgraph", get(network_api::subgraph))
        .route("/api/v1/imports", get(api::imports))
        .route(
            "/api/v1/imports/{id}/unresolved",
            get(network_api::unresolved),
        )
        .route("/healthz", get(|| async { "ok" }))
        .fallback(pages::not_found_fallback)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

async fn security_headers(mut res: axum::response::Response) -> axum::response::Response {
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'self'"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    res
}

/// Serves until Ctrl-C.
pub async fn serve(
    store: Arc<dyn GeneStore>,
    listener: tokio::net::TcpListener,
) -> std::io::Result<()> {
    let state = Arc::new(AppState::new(store));
    // Build the search index while the first pages are served, so the
    // first keystroke in the search box does not wait for it.
    let warm = state.clone();
    tokio::task::spawn_blocking(move || warm.search_index().map(|_| ()));
    axum::serve(listener, router_with_state(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}

/// Reads an organism as a taxon id or a common or scientific name.
pub fn parse_organism(s: &str) -> Option<TaxId> {
    let s = s.trim();
    if let Ok(t) = s.parse::<TaxId>() {
        return Some(t);
    }
    match s.to_lowercase().as_str() {
        "human" | "homo sapiens" | "hs" => Some(HUMAN),
        "mouse" | "mus musculus" | "mm" => Some(MOUSE),
        "rat" | "rattus norvegicus" => Some(10116),
        "zebrafish" | "danio rerio" => Some(7955),
        _ => None,
    }
}

/// Renders a gene page without the cache, as a cache miss does. For the
/// render benchmark (`cargo bench -p locus-web`); handlers go through the cache.
pub fn render_gene_uncached(
    state: &Arc<AppState>,
    query: &str,
    refs_page: u64,
) -> Result<String, WebError> {
    pages::gene::render(state, query, None, refs_page).map(|(_, m)| m.into_string())
}
