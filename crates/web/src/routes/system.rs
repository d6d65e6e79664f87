//! `/healthz` and `/metrics`: for load balancers and monitoring.

use std::sync::Arc;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::observe;
use crate::state::AppState;

/// The system routes and their operations.
pub fn routes() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .routes(routes!(healthz))
        .routes(routes!(observe::metrics))
}

/// Answers `ok` while the server runs.
#[utoipa::path(get, path = "/healthz", tag = "system",
    responses((status = 200, description = "The server is up", content_type = "text/plain", body = String)))]
pub async fn healthz() -> &'static str {
    "ok"
}
