//! `/api/v1/imports`: what was imported, from which file, which release;
//! and the identifiers of a network import that did not resolve.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use locus_model::{ImportId, ImportRecord};
use locus_store::UnresolvedRow;
use serde::Deserialize;
use utoipa::openapi::path::{Parameter, ParameterIn};
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::json;
use crate::error::{blocking, ApiError, ErrorCode};
use crate::extract::{one_to, ApiPath, ApiQuery};
use crate::openapi as doc;
use crate::state::AppState;

/// The import routes and their operations.
pub fn routes() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .routes(routes!(imports))
        .routes(routes!(unresolved))
        .routes(routes!(changes))
}

/// Every live import, with file, sha256, release and row counts.
#[utoipa::path(get, path = "/api/v1/imports", tag = "imports",
    responses((status = 200, body = [ImportRecord])))]
pub async fn imports(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    let kb = state.kb.clone();
    json(&blocking(move || Ok(kb.store().imports()?)).await?)
}

/// Most rows one request may ask for.
pub const MAX_UNRESOLVED: u64 = 100_000;

/// The path of an import: its number.
#[derive(Deserialize)]
pub struct ImportPath {
    /// As the URL gives it.
    pub id: i64,
}

/// `?limit=`.
#[derive(Debug, Deserialize)]
pub struct UnresolvedParams {
    limit: Option<u64>,
}

impl IntoParams for UnresolvedParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![doc::int_param(
            "limit",
            "Most rows",
            1,
            MAX_UNRESOLVED,
            1000,
        )]
    }
}

/// The identifiers of an import that named no gene, several, or a
/// protein complex, in line order.
#[utoipa::path(get, path = "/api/v1/imports/{id}/unresolved", tag = "imports",
    params(("id" = i64, Path, description = "Import number", minimum = 1, example = 9), UnresolvedParams),
    responses(
        (status = 200, body = [UnresolvedRow]),
        (status = 404, description = "No import has this number", body = ApiError),
    ))]
pub async fn unresolved(
    State(state): State<Arc<AppState>>,
    ApiPath(ImportPath { id }): ApiPath<ImportPath>,
    ApiQuery(p): ApiQuery<UnresolvedParams>,
) -> Result<Response, ApiError> {
    if id < 1 {
        return Err(ApiError::invalid("an import number is 1 or more"));
    }
    let limit = one_to("limit", p.limit, 1000, MAX_UNRESOLVED)?;
    let kb = state.kb.clone();
    match blocking(move || Ok(kb.store().unresolved(ImportId(id), limit)?)).await? {
        Some(rows) => json(&rows),
        None => Err(ApiError::new(
            ErrorCode::ImportNotFound,
            format!("no import #{id}; /api/v1/imports lists them"),
        )),
    }
}

/// Most changes one request may list.
pub const MAX_CHANGES: u64 = 100_000;

/// `?field=&limit=`.
#[derive(Debug, Deserialize)]
pub struct ChangesParams {
    field: Option<String>,
    limit: Option<u64>,
}

impl IntoParams for ChangesParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let fields: Vec<&str> = locus_model::ChangeField::ALL
            .iter()
            .map(|f| f.as_str())
            .collect();
        vec![
            doc::enum_param("field", "List only changes of this field", &fields, None),
            doc::int_param("limit", "Most changes listed", 1, MAX_CHANGES, 1000),
        ]
    }
}

/// What an import changed, when it replaced an earlier import (a new
/// release of the same file, or the import named with `--replaces`):
/// genes added, removed and renamed, counts by field, and the changes.
#[utoipa::path(get, path = "/api/v1/imports/{id}/changes", tag = "imports",
    params(("id" = i64, Path, description = "Import number", minimum = 1, example = 9), ChangesParams),
    responses(
        (status = 200, body = locus_store::changes::ImportChanges),
        (status = 404, description = "No import has this number", body = ApiError),
    ))]
pub async fn changes(
    State(state): State<Arc<AppState>>,
    ApiPath(ImportPath { id }): ApiPath<ImportPath>,
    ApiQuery(p): ApiQuery<ChangesParams>,
) -> Result<Response, ApiError> {
    if id < 1 {
        return Err(ApiError::invalid("an import number is 1 or more"));
    }
    let field = match p.field.as_deref() {
        None => None,
        Some(f) => Some(locus_model::ChangeField::parse(f).ok_or_else(|| {
            let all: Vec<&str> = locus_model::ChangeField::ALL
                .iter()
                .map(|f| f.as_str())
                .collect();
            ApiError::invalid(format!("no field {f:?}; the fields are {}", all.join(", ")))
        })?),
    };
    let limit = one_to("limit", p.limit, 1000, MAX_CHANGES)?;
    let kb = state.kb.clone();
    let found = blocking(move || {
        let store = kb.store();
        let Some(counts) = store.import_change_counts(ImportId(id))? else {
            return Ok(None);
        };
        let changes = store.import_changes(ImportId(id), field, limit)?;
        Ok(Some(locus_store::changes::ImportChanges::new(
            ImportId(id),
            counts,
            changes,
        )))
    })
    .await?;
    match found {
        Some(c) => json(&c),
        None => Err(ApiError::new(
            ErrorCode::ImportNotFound,
            format!("no import #{id}; /api/v1/imports lists them"),
        )),
    }
}
