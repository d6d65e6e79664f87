//! `/healthz` and `/metrics`: for load balancers and monitoring.

use std::sync::Arc;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{blocking, ApiError};
use crate::state::AppState;

/// The system routes and their operations.
pub fn routes() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .routes(routes!(healthz))
        .routes(routes!(metrics))
}

/// Request counts by route and status, latency histograms, response-cache
/// hits and misses, the store generation and its live imports, in
/// Prometheus' text format.
#[utoipa::path(get, path = "/metrics", tag = "system",
    responses(
        (status = 200, description = "Metrics in Prometheus text format 0.0.4", content_type = "text/plain", body = String),
        (status = 503, description = "Overloaded", body = ApiError),
    ))]
pub async fn metrics(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    let kb = state.kb.clone();
    let (generation, imports) = blocking(move || {
        let imports = kb.store().imports()?.len();
        Ok((kb.generation(), imports))
    })
    .await?;
    let text = state
        .metrics
        .encode(generation, imports)
        .map_err(|e| ApiError::internal(e.to_string()))?;
    Ok((
        [(
            header::CONTENT_TYPE,
            prometheus_client::encoding::prometheus_text::CONTENT_TYPE,
        )],
        text,
    )
        .into_response())
}

/// Answers `ok` while the server runs.
#[utoipa::path(get, path = "/healthz", tag = "system",
    responses((status = 200, description = "The server is up", content_type = "text/plain", body = String)))]
pub async fn healthz() -> &'static str {
    "ok"
}
