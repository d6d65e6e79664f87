//! `/downloads/{organism}/{file}`: the merged regulatory network of one
//! organism as TFLink simpleFormat, KGX nodes and edges, or GMT gene sets.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use locus_kb::exports::{GmtFilter, NetworkFile};
use locus_model::ConsensusMode;
use serde::Deserialize;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::Required;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::tsv;
use crate::error::{blocking, ApiError, ErrorCode};
use crate::extract::{one_to, ApiPath, ApiQuery, Organism};
use crate::openapi as doc;
use crate::state::AppState;

/// The download route and its operation.
pub fn routes() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new().routes(routes!(file))
}

/// The path of a download: organism and file.
#[derive(Deserialize)]
pub struct FilePath {
    /// As the URL gives it.
    pub organism: Organism,
    /// As the URL gives it; a name that is no file is a 404.
    pub file: String,
}

/// `{organism}/{file}`.
pub struct FileParams;

impl IntoParams for FileParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            ParameterBuilder::new()
                .name("organism")
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .description(Some("NCBI taxon id or organism name"))
                .schema(Some(doc::organism_schema()))
                .example(Some("human".into()))
                .build(),
            ParameterBuilder::new()
                .name("file")
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .description(Some(
                    "tflink_simpleFormat.tsv, kgx_nodes.tsv, kgx_edges.tsv or tf_targets.gmt",
                ))
                .example(Some("tf_targets.gmt".into()))
                .schema(Some(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .enum_values(Some(NetworkFile::ALL.map(NetworkFile::file_name))),
                ))
                .build(),
        ]
    }
}

/// GMT filters.
#[derive(Debug, Deserialize)]
pub struct GmtParams {
    sources: Option<String>,
    small_scale: Option<bool>,
    mode: Option<ConsensusMode>,
    min_size: Option<u64>,
}

/// Longest GMT source list accepted.
const MAX_SOURCES_CHARS: usize = 512;

impl IntoParams for GmtParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            doc::string_param(
                "sources",
                "GMT: keep edges naming one of these sources (comma-separated)",
                MAX_SOURCES_CHARS,
            ),
            doc::bool_param("small_scale", "GMT: keep only small-scale edges"),
            doc::enum_param(
                "mode",
                "GMT: keep only edges of this consensus mode",
                &["activation", "repression", "conflicting", "unknown"],
                None,
            ),
            doc::int_param(
                "min_size",
                "GMT: leave out TFs with fewer targets",
                1,
                100_000,
                1,
            ),
        ]
    }
}

impl GmtParams {
    fn filter(&self) -> Result<GmtFilter, ApiError> {
        let mut sources = Vec::new();
        if let Some(s) = &self.sources {
            if s.is_empty() || s.chars().count() > MAX_SOURCES_CHARS {
                return Err(ApiError::invalid(format!(
                    "sources must be 1 to {MAX_SOURCES_CHARS} characters"
                )));
            }
            sources = s
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
        }
        let min_size = one_to("min_size", self.min_size, 1, 100_000)?;
        Ok(GmtFilter {
            sources,
            small_scale_only: self.small_scale.unwrap_or(false),
            mode: self.mode,
            min_size: usize::try_from(min_size).unwrap_or(1),
        })
    }
}

/// The merged regulatory network of one organism as a file.
#[utoipa::path(get, path = "/downloads/{organism}/{file}", tag = "downloads",
    params(FileParams, GmtParams),
    responses(
        (status = 200, description = "The file", content_type = "text/tab-separated-values", body = String),
        (status = 404, description = "No such file", body = ApiError),
    ))]
pub async fn file(
    State(state): State<Arc<AppState>>,
    ApiPath(FilePath { organism, file }): ApiPath<FilePath>,
    ApiQuery(p): ApiQuery<GmtParams>,
) -> Result<Response, ApiError> {
    let Some(file) = NetworkFile::parse(&file) else {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            format!("no download {file:?}; /downloads lists them"),
        ));
    };
    let gmt = p.filter()?;
    let kb = state.kb.clone();
    let body = blocking(move || Ok(kb.network_file(organism.0, file, &gmt)?)).await?;
    let name = format!("{}_{}", organism.0, file.file_name());
    Ok(tsv(body, &name))
}
