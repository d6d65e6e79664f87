//! `/api/v1/regulation/{tf}/{target}`: one TF → target edge with every
//! source row behind it (database, method, PubMed ids, mode, weight, the
//! import and the line of the file).

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use locus_kb::regulation::EdgeEvidence;
use serde::Deserialize;
use utoipa::openapi::path::{Parameter, ParameterIn};
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::json;
use crate::error::{blocking, ApiError, ErrorCode};
use crate::extract::{resolve_gene, ApiPath, ApiQuery, OrganismQuery};
use crate::openapi as doc;
use crate::state::AppState;

/// The edge route and its operation.
pub fn routes() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new().routes(routes!(edge))
}

/// The path of an edge: its two genes.
#[derive(Deserialize)]
pub struct EdgePath {
    /// The TF, as the URL names it.
    pub tf: String,
    /// The target, as the URL names it.
    pub target: String,
}

/// `{tf}`, `{target}` and `?organism=`.
pub struct EdgeParams;

impl IntoParams for EdgeParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let gene = |name, description, example| {
            doc::gene_name_param(name, ParameterIn::Path, description, example)
        };
        vec![
            gene(
                "tf",
                "The transcription factor: GeneID, symbol or alias",
                "BACH1",
            ),
            gene("target", "The regulated gene", "HMOX1"),
            doc::organism_param("Organism of symbols (default human)"),
        ]
    }
}

/// One TF → target edge: the merged summary and every source row.
#[utoipa::path(get, path = "/api/v1/regulation/{tf}/{target}", tag = "graph", params(EdgeParams),
    responses(
        (status = 200, body = EdgeEvidence),
        (status = 300, description = "A name fits several genes", body = ApiError),
        (status = 404, description = "No such gene, or no imported source states this edge", body = ApiError),
    ))]
pub async fn edge(
    State(state): State<Arc<AppState>>,
    ApiPath(EdgePath { tf, target }): ApiPath<EdgePath>,
    ApiQuery(q): ApiQuery<OrganismQuery>,
) -> Result<Response, ApiError> {
    let kb = state.kb.clone();
    let answer = blocking(move || {
        let organism = q.organism.map(|o| o.0);
        let tf_id = resolve_gene(&kb, &tf, organism)?;
        let target_id = resolve_gene(&kb, &target, organism)?;
        kb.regulation_edge(tf_id, target_id)?.ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                format!("no imported source says {tf} regulates {target}"),
            )
        })
    })
    .await?;
    json(&answer)
}
