//! Locus over HTTP: [`router`] and [`serve`].
//!
//! This crate is HTTP only. Every answer comes from `locus-kb`; what is
//! here is how it travels: routes grouped by resource ([`routes`] for the
//! API and downloads, each module contributing its OpenAPI operations;
//! `pages` for HTML), the one error body ([`error`]), extractors that
//! validate parameters exactly as the OpenAPI document states them, and
//! the middleware every route shares ([`http`]): the response cache with
//! ETags, 304s and brotli/gzip, load shedding and timeouts, request logs
//! and Prometheus metrics.

pub mod auth;
pub mod error;
pub mod extract;
pub mod http;
pub mod openapi;
mod pages;
pub mod routes;
pub mod state;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use locus_kb::KnowledgeBase;
use utoipa::OpenApi;

pub use error::{ApiError, ErrorCode};
pub use state::{AppState, WebConfig};

/// Largest request body accepted by routes that take none or a small
/// form; the limit keeps a stray upload from costing memory.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Largest body of a wiki edit (the article's limit, plus room for the
/// form's other fields and JSON's escapes).
pub const MAX_EDIT_BODY_BYTES: usize = 3 * locus_kb::wiki::edit::MAX_ARTICLE_BYTES;

/// Builds the application over a knowledge base.
pub fn router(kb: Arc<KnowledgeBase>) -> Router {
    router_with_state(AppState::new(kb))
}

/// Builds the application with the operator's choices.
pub fn router_with_config(kb: Arc<KnowledgeBase>, config: WebConfig) -> Router {
    router_with_state(AppState::with_config(kb, config))
}

fn router_with_state(state: Arc<AppState>) -> Router {
    let (api, doc) = routes::api(&state).split_for_parts();
    let doc = openapi::complete(openapi::Header::openapi().merge_from(doc));
    let doc_json: Arc<str> = doc
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
        .into();
    Router::new()
        .merge(api)
        .merge(pages::routes())
        .route(
            "/api/openapi.json",
            get(move || {
                let doc = doc_json.clone();
                async move { ([(header::CONTENT_TYPE, state::JSON)], doc.to_string()) }
            }),
        )
        .fallback(pages::not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(http::cache::CacheLayer {
                kb: state.kb.clone(),
                cache: state.cache.clone(),
                metrics: state.metrics.clone(),
                renders: state.renders.clone(),
                secure_cookies: state.config.secure_cookies,
            }),
            http::layer,
        ))
        .with_state(state)
}

async fn method_not_allowed() -> Response {
    ApiError::new(
        ErrorCode::MethodNotAllowed,
        "this path does not answer this method; the OpenAPI document (/api/openapi.json) lists each path's methods",
    )
    .into_response()
}

/// How long in-flight requests may finish after SIGTERM or SIGINT.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Serves until SIGTERM or SIGINT, then stops accepting connections and
/// lets requests in flight finish (for at most [`SHUTDOWN_GRACE`]).
pub async fn serve(
    kb: Arc<KnowledgeBase>,
    listener: tokio::net::TcpListener,
    config: WebConfig,
) -> std::io::Result<()> {
    let state = AppState::with_config(kb, config);
    // Build the search indexes and the graph while the first pages are
    // served, so the first keystroke in the search box does not wait.
    let warm = state.kb.clone();
    tokio::task::spawn_blocking(move || {
        let _ = warm.search_index();
        let _ = warm.term_index();
        let _ = warm.graph();
    });
    let (stop_tx, mut stop_rx) = tokio::sync::watch::channel(false);
    let stop = shutdown_signal();
    let signal = async move {
        stop.await;
        tracing::info!(target: "locus::server", "shutting down: finishing requests in flight");
        let _ = stop_tx.send(true);
    };
    let app =
        router_with_state(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let server = axum::serve(listener, app).with_graceful_shutdown(signal);
    let deadline = async move {
        let _ = stop_rx.wait_for(|stop| *stop).await;
        tokio::time::sleep(SHUTDOWN_GRACE).await;
    };
    tokio::select! {
        r = server => r,
        _ = deadline => {
            tracing::warn!(target: "locus::server", "requests still in flight after {} s; stopping anyway", SHUTDOWN_GRACE.as_secs());
            Ok(())
        }
    }
}

/// Waits for SIGTERM or SIGINT. The handlers are installed when this is
/// called, not when the future is first polled: axum polls the shutdown
/// future on a task of its own, which a busy machine may not run before
/// the first request is answered, and a signal before then would kill
/// the process instead of stopping it cleanly.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let terminate = signal(SignalKind::terminate());
        let interrupt = signal(SignalKind::interrupt());
        async move {
            match (terminate, interrupt) {
                (Ok(mut t), Ok(mut i)) => {
                    tokio::select! {
                        _ = t.recv() => {},
                        _ = i.recv() => {},
                    }
                }
                _ => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// The gene API's answer (`/api/v1/genes/{id}`) without the cache, as a
/// cache miss makes it: resolve, the gene's record, its document, JSON.
/// For the render benchmark.
pub fn gene_api_uncached(kb: &Arc<KnowledgeBase>, query: &str) -> Result<String, ApiError> {
    let gene_id = extract::resolve_gene(kb, query, None)?;
    let detail = locus_kb::gene::detail(kb.store(), gene_id)?;
    let doc = locus_kb::gene::document(kb.store(), detail)?;
    serde_json::to_string(&doc).map_err(|e| ApiError::internal(e.to_string()))
}

/// Renders a gene page without the cache, as a cache miss does. For the
/// render benchmark (`cargo bench -p locus-web`).
pub fn render_gene_uncached(kb: &Arc<KnowledgeBase>, query: &str) -> Result<String, ApiError> {
    pages::gene::render_for_bench(kb, query)
}

/// Renders a gene's literature page (every topic) without the cache. For
/// the render benchmark.
pub fn render_literature_uncached(
    kb: &Arc<KnowledgeBase>,
    query: &str,
) -> Result<String, ApiError> {
    pages::literature::render_for_bench(kb, query)
}
