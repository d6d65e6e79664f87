//! `/api/v1/publications/{pmid}`: a PubMed citation and its genes.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use locus_model::Pmid;
use locus_store::PublicationDetail;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::json;
use crate::error::{blocking, ApiError, ErrorCode};
use crate::extract::ApiPath;
use crate::state::AppState;

/// The publication route and its operation.
pub fn routes() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new().routes(routes!(publication))
}

/// The path of a publication: its PubMed id.
#[derive(Deserialize)]
pub struct PmidPath {
    /// As the URL gives it.
    pub pmid: u32,
}

/// A PubMed id: the imported citation (title, authors, abstract, MeSH) and
/// the genes linked to it.
#[utoipa::path(get, path = "/api/v1/publications/{pmid}", tag = "literature",
    params(("pmid" = u32, Path, description = "PubMed id", minimum = 1, example = 25389292)),
    responses(
        (status = 200, body = PublicationDetail),
        (status = 404, description = "No imported source mentions this PubMed id", body = ApiError),
    ))]
pub async fn publication(
    State(state): State<Arc<AppState>>,
    ApiPath(PmidPath { pmid }): ApiPath<PmidPath>,
) -> Result<Response, ApiError> {
    if pmid == 0 {
        return Err(ApiError::invalid("a PubMed id is 1 or more"));
    }
    let kb = state.kb.clone();
    let detail = blocking(move || Ok(kb.store().publication(Pmid(pmid))?)).await?;
    match detail {
        Some(p) => json(&p),
        None => Err(ApiError::new(
            ErrorCode::PublicationNotFound,
            format!("no imported source mentions PubMed {pmid}"),
        )),
    }
}
