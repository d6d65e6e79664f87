//! `/api/v1/search`: ranked gene search and autocomplete.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use locus_kb::everything::AnyHit;
use locus_kb::search::SearchHit;
use serde::Deserialize;
use utoipa::openapi::path::{Parameter, ParameterIn};
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::json;
use crate::error::ApiError;
use crate::extract::{one_to, ApiQuery, Organism, MAX_NAME_CHARS};
use crate::openapi as doc;
use crate::state::AppState;

/// The search route and its operation.
pub fn routes() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .routes(routes!(search))
        .routes(routes!(search_all))
}

/// Most hits one request may ask for.
pub const MAX_SEARCH_LIMIT: u64 = 100;

/// `?q=&organism=&limit=`.
#[derive(Debug, Deserialize)]
pub struct SearchParams {
    q: String,
    organism: Option<Organism>,
    limit: Option<u64>,
}

impl IntoParams for SearchParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            doc::text_param(
                "q",
                ParameterIn::Query,
                "Symbol, alias or words of the gene name; prefixes match",
                "bach",
                MAX_NAME_CHARS,
            ),
            doc::organism_param("Only genes of this organism (default: all, human first)"),
            doc::int_param("limit", "Most hits", 1, MAX_SEARCH_LIMIT, 10),
        ]
    }
}

/// Ranked gene search: exact symbol, symbol prefix, alias, alias prefix,
/// name words; within a tier the organism asked for (human by default)
/// first, then the most-published genes.
#[utoipa::path(get, path = "/api/v1/search", tag = "search", params(SearchParams),
    responses((status = 200, body = [SearchHit])))]
pub async fn search(
    State(state): State<Arc<AppState>>,
    ApiQuery(p): ApiQuery<SearchParams>,
) -> Result<Response, ApiError> {
    if p.q.chars().count() > MAX_NAME_CHARS {
        return Err(ApiError::invalid(format!(
            "q is longer than {MAX_NAME_CHARS} characters"
        )));
    }
    let limit = one_to("limit", p.limit, 10, MAX_SEARCH_LIMIT)?;
    // Answered on the async worker: microseconds of CPU once the index
    // exists; building it is a one-off per import.
    let idx = state.kb.search_index()?;
    let hits = idx.search(
        &p.q,
        p.organism.map(|o| o.0),
        usize::try_from(limit).unwrap_or(10),
    );
    json(&hits)
}

/// `?q=&organism=&limit=` of the search over every kind.
#[derive(Debug, Deserialize)]
pub struct AllParams {
    q: String,
    organism: Option<Organism>,
    limit: Option<u64>,
    text: Option<bool>,
}

impl IntoParams for AllParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            doc::text_param(
                "q",
                ParameterIn::Query,
                "Anything: a gene's symbol, alias or id, a disease, phenotype or GO term's id or name, PMID:…, words of papers and articles",
                "seizure",
                MAX_NAME_CHARS,
            ),
            doc::organism_param("Genes of this organism first (default human)"),
            doc::int_param("limit", "Most hits", 1, MAX_SEARCH_LIMIT, 10),
            doc::bool_param(
                "text",
                "Fill what names leave with words in texts (default true); false answers from names and identifiers only, in memory, as the search box's autocomplete does",
            ),
        ]
    }
}

/// One ranked search over every kind: genes, diseases, phenotypes, GO
/// terms, papers, GeneRIFs and wiki articles, each hit with its kind.
/// Ranked identifier, exact name, alias or synonym, prefix, name words,
/// then words in texts (papers, GeneRIFs, definitions, articles).
#[utoipa::path(get, path = "/api/v1/search/all", tag = "search", params(AllParams),
    responses(
        (status = 200, body = [AnyHit]),
        (status = 400, description = "A parameter is out of range", body = ApiError),
    ))]
pub async fn search_all(
    State(state): State<Arc<AppState>>,
    ApiQuery(p): ApiQuery<AllParams>,
) -> Result<Response, ApiError> {
    if p.q.chars().count() > MAX_NAME_CHARS {
        return Err(ApiError::invalid(format!(
            "q is longer than {MAX_NAME_CHARS} characters"
        )));
    }
    let limit = one_to("limit", p.limit, 10, MAX_SEARCH_LIMIT)?;
    let kb = state.kb.clone();
    let hits = crate::error::blocking(move || {
        Ok(kb.search_everything(
            &p.q,
            p.organism.map(|o| o.0),
            usize::try_from(limit).unwrap_or(10),
            p.text.unwrap_or(true),
        )?)
    })
    .await?;
    json(&hits)
}
