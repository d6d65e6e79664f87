//! `/api/v1/chemicals/{mesh}`: a chemical as the imported texts name it,
//! with the genes named with it.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use locus_kb::chemicals::ChemicalDocument;
use locus_model::MeshId;
use serde::Deserialize;
use utoipa::openapi::path::{Parameter, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::json;
use crate::error::{blocking, ApiError, ErrorCode};
use crate::extract::ApiPath;
use crate::openapi as doc;
use crate::state::AppState;

/// The chemical routes and their operations.
pub fn routes() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new().routes(routes!(chemical))
}

/// What the API accepts as a chemical id: a MeSH descriptor or
/// supplementary concept id.
const MESH_PATTERN: &str = "^[DC][0-9]{6,9}$";

/// The path of a chemical: its MeSH id.
#[derive(Deserialize)]
pub struct ChemicalPath {
    /// As the URL gives it (`D006046`).
    pub id: String,
}

impl IntoParams for ChemicalPath {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let mut p = doc::text_param(
            "id",
            ParameterIn::Path,
            "The chemical's MeSH descriptor or supplementary concept id",
            "D006046",
            10,
        );
        p.schema = Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some(MESH_PATTERN))
                .into(),
        );
        vec![p]
    }
}

/// A chemical Locus's tagger found in imported abstracts or GeneRIFs: its
/// MeSH id, the spelling the texts use most, and the genes named with it
/// in a sentence (text-mined co-mentions, most texts first, at most 500;
/// `total_genes` counts them all). Locus holds no chemical database: this
/// is what the texts say.
#[utoipa::path(get, path = "/api/v1/chemicals/{id}", tag = "graph", params(ChemicalPath),
    responses(
        (status = 200, body = ChemicalDocument),
        (status = 400, description = "Not a MeSH id", body = ApiError),
        (status = 404, description = "No tagged text names this chemical", body = ApiError),
    ))]
pub async fn chemical(
    State(state): State<Arc<AppState>>,
    ApiPath(ChemicalPath { id }): ApiPath<ChemicalPath>,
) -> Result<Response, ApiError> {
    let mesh: MeshId = id
        .parse()
        .map_err(|e: locus_model::BadMeshId| ApiError::invalid(e.to_string()))?;
    let kb = state.kb.clone();
    match blocking(move || Ok(kb.chemical(mesh)?)).await? {
        Some(d) => json(&d),
        None => Err(ApiError::new(
            ErrorCode::ChemicalNotFound,
            format!("no tagged text names the chemical {mesh}"),
        )),
    }
}
