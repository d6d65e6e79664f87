//! The JSON API and downloads, one module per resource. Each module
//! contributes its routes together with their OpenAPI operations
//! ([`api`]), so a route cannot be served without being documented.

pub mod chemicals;
pub mod downloads;
pub mod genes;
pub mod graph;
pub mod imports;
pub mod mcp;
pub mod publications;
pub mod regulation;
pub mod search;
pub mod store_export;
pub mod system;
pub mod terms;
pub mod wiki;

use std::sync::Arc;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;

use crate::error::ApiError;
use crate::state::{AppState, JSON, TSV};

/// Every API route with its OpenAPI operation.
pub fn api(state: &Arc<AppState>) -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .merge(mcp::routes(state))
        .merge(genes::routes())
        .merge(graph::routes())
        .merge(search::routes())
        .merge(publications::routes())
        .merge(terms::routes())
        .merge(chemicals::routes())
        .merge(regulation::routes())
        .merge(imports::routes())
        .merge(downloads::routes())
        .merge(store_export::routes())
        .merge(system::routes())
        .merge(wiki::routes())
}

/// A 200 with `v` as JSON.
pub fn json<T: Serialize>(v: &T) -> Result<Response, ApiError> {
    let body = serde_json::to_vec(v).map_err(|e| ApiError::internal(e.to_string()))?;
    Ok((StatusCode::OK, [(header::CONTENT_TYPE, JSON)], body).into_response())
}

/// A 200 with a TSV body, offered for download as `file_name`.
pub fn tsv(body: Vec<u8>, file_name: &str) -> Response {
    let disposition = format!(
        "attachment; filename=\"{}\"",
        file_name.replace(['"', '\\', '\r', '\n'], "_")
    );
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, TSV.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}
