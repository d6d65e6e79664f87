//! `/api/v1/terms/{id}` (a disease, phenotype or GO term with its genes,
//! phenotypes and provenance) and `/api/v1/search/terms` (terms by id,
//! name or synonym).

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use locus_kb::graph::NeighborList;
use locus_kb::terms::{TermDocument, TermHit};
use locus_kb::Format;
use locus_model::{EntityRef, TermId, TermKind};
use locus_store::{TextHit, TextKind};
use serde::Deserialize;
use utoipa::openapi::path::{Parameter, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::genes::{NeighborLimit, NeighborParams};
use super::graph::EdgeParams;
use super::json;
use crate::error::{blocking, ApiError, ErrorCode};
use crate::extract::{one_to, ApiPath, ApiQuery, MAX_NAME_CHARS};
use crate::openapi as doc;
use crate::state::AppState;

/// The term routes and their operations.
pub fn routes() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .routes(routes!(term))
        .routes(routes!(term_neighbors))
        .routes(routes!(search_terms))
        .routes(routes!(search_text))
}

/// Most hits one term search may ask for.
pub const MAX_TERM_HITS: u64 = 100;

/// What the API accepts as a term id: a vocabulary's prefix as the
/// vocabulary writes it and at most nine digits. (Pages also take other
/// spellings, `hp:1250`, and redirect to the canonical one.)
const TERM_ID_PATTERN: &str = "^(HP|DOID|OMIM|ORPHA|MONDO|DECIPHER|GO):[0-9]{1,9}$";

/// The path of a term: its CURIE.
#[derive(Deserialize)]
pub struct TermPath {
    /// As the URL gives it (`HP:0001250`).
    pub id: String,
}

impl IntoParams for TermPath {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let mut p = doc::text_param(
            "id",
            ParameterIn::Path,
            "The term as a CURIE with its prefix in capitals: HP:0001250, DOID:1612, OMIM:212050, ORPHA:558, MONDO:…, DECIPHER:…, GO:0003700",
            "HP:0001250",
            MAX_NAME_CHARS,
        );
        p.schema = Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some(TERM_ID_PATTERN))
                .into(),
        );
        vec![p]
    }
}

/// `?format=`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TermQuery {
    /// `json` (the document, up to 500 rows per relation) or `tsv` (every
    /// gene of the term, one row per statement).
    #[param(value_type = Option<String>, pattern = "^(json|tsv)$")]
    format: Option<Format>,
}

/// A disease, phenotype or GO term: its names, definition, synonyms,
/// cross-references, parents and children, equivalent terms of other
/// vocabularies, its genes (with every source's statement), its phenotype
/// annotations or diseases, and the imports behind it all. An id that no
/// import names but one term of another vocabulary cross-references
/// (`OMIM:…` named only by a DOID term's xref) answers with that term.
/// `format=tsv` lists every gene of the term: for a disease `term_id,
/// gene_id, symbol, tax_id, association, status, source, pmids,
/// source_kind, import_id`; for a phenotype `term_id, gene_id, symbol,
/// tax_id, disease_ids, frequencies`; for a GO term `term_id, gene_id,
/// symbol, tax_id, evidence, references`.
#[utoipa::path(get, path = "/api/v1/terms/{id}", tag = "diseases", params(TermPath, TermQuery),
    responses(
        (status = 200, description = "The term", content(
            (TermDocument = "application/json"),
            (String = "text/tab-separated-values")
        )),
        (status = 400, description = "Not a term id", body = ApiError),
        (status = 404, description = "No imported source names this term", body = ApiError),
    ))]
pub async fn term(
    State(state): State<Arc<AppState>>,
    ApiPath(TermPath { id }): ApiPath<TermPath>,
    ApiQuery(q): ApiQuery<TermQuery>,
) -> Result<Response, ApiError> {
    let term = canonical_term_id(&id)?;
    let kb = state.kb.clone();
    let format = q.format.unwrap_or_default();
    let rows = match format {
        Format::Json => locus_kb::terms::TERM_ROWS,
        Format::Tsv => u64::MAX >> 1,
    };
    let doc = blocking(move || Ok(kb.term_document_rows(term, rows)?)).await?;
    match doc {
        Some(d) if format == Format::Tsv => Ok(super::tsv(
            d.to_tsv(),
            &format!("{}_genes.tsv", d.term.id.to_string().replace(':', "_")),
        )),
        Some(d) => json(&d),
        None => Err(term_not_found(term)),
    }
}

/// The term `term` stands for (itself, or the one term of another
/// vocabulary that cross-references it), or the 404 of a term no import
/// names.
pub(crate) fn resolve_term(kb: &locus_kb::KnowledgeBase, term: TermId) -> Result<TermId, ApiError> {
    kb.resolve_term(term)?.ok_or_else(|| term_not_found(term))
}

/// The 404 of a term no import names or cross-references.
fn term_not_found(term: TermId) -> ApiError {
    ApiError::new(
        ErrorCode::TermNotFound,
        format!("no imported source names {term}"),
    )
}

/// A term id as the API takes it (see [`TERM_ID_PATTERN`]), or a 400.
fn canonical_term_id(id: &str) -> Result<TermId, ApiError> {
    let canonical_prefix = id.split_once(':').is_some_and(|(p, n)| {
        locus_model::Ontology::ALL.iter().any(|o| o.prefix() == p)
            && (1..=9).contains(&n.len())
            && n.bytes().all(|b| b.is_ascii_digit())
    });
    if !canonical_prefix {
        return Err(ApiError::invalid(format!(
            "{id:?} is not a term id: a prefix (HP, DOID, OMIM, ORPHA, MONDO, DECIPHER, GO), a colon and at most nine digits"
        )));
    }
    id.parse()
        .map_err(|e: locus_model::BadTermId| ApiError::invalid(e.to_string()))
}

/// A term as a knowledge-graph node: the genes associated with a disease
/// or phenotype, or annotated to a GO term, strongest edge first (see
/// `/api/v1/genes/{id}/neighbors` for the edge strengths). An id that
/// resolves through another vocabulary's cross-references answers for
/// the term it resolves to.
#[utoipa::path(get, path = "/api/v1/terms/{id}/neighbors", tag = "graph",
    params(TermPath, EdgeParams, NeighborLimit),
    responses(
        (status = 200, body = NeighborList),
        (status = 400, description = "Not a term id", body = ApiError),
        (status = 404, description = "No imported source names this term", body = ApiError),
    ))]
pub async fn term_neighbors(
    State(state): State<Arc<AppState>>,
    ApiPath(TermPath { id }): ApiPath<TermPath>,
    ApiQuery(edges): ApiQuery<EdgeParams>,
    ApiQuery(p): ApiQuery<NeighborParams>,
) -> Result<Response, ApiError> {
    let term = canonical_term_id(&id)?;
    let limit = p.limit()?;
    let selection = edges.selection()?;
    let kb = state.kb.clone();
    let list = blocking(move || {
        let node = EntityRef::of_term(resolve_term(&kb, term)?);
        Ok(kb.neighbors(node, &selection, limit)?)
    })
    .await?;
    json(&list)
}

/// `?q=&kind=&limit=`.
#[derive(Debug, Deserialize)]
pub struct TermSearchParams {
    q: String,
    kind: Option<TermKind>,
    limit: Option<u64>,
}

impl IntoParams for TermSearchParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            doc::text_param(
                "q",
                ParameterIn::Query,
                "A term id, or words of a name or synonym; the last word may be a prefix",
                "seizure",
                MAX_NAME_CHARS,
            ),
            doc::enum_param(
                "kind",
                "Only terms of this kind (default: all)",
                &["disease", "phenotype", "go_term"],
                None,
            ),
            doc::int_param("limit", "Most hits", 1, MAX_TERM_HITS, 10),
        ]
    }
}

/// Diseases, phenotypes and GO terms by id, name or synonym: the id, the
/// whole name, a synonym, a name prefix, then terms with every query word;
/// current terms before obsolete ones.
#[utoipa::path(get, path = "/api/v1/search/terms", tag = "search", params(TermSearchParams),
    responses(
        (status = 200, body = [TermHit]),
        (status = 400, description = "A parameter is out of range", body = ApiError),
    ))]
pub async fn search_terms(
    State(state): State<Arc<AppState>>,
    ApiQuery(p): ApiQuery<TermSearchParams>,
) -> Result<Response, ApiError> {
    if p.q.chars().count() > MAX_NAME_CHARS {
        return Err(ApiError::invalid(format!(
            "q is longer than {MAX_NAME_CHARS} characters"
        )));
    }
    let limit = one_to("limit", p.limit, 10, MAX_TERM_HITS)?;
    let kb = state.kb.clone();
    let idx = blocking(move || Ok(kb.term_index()?)).await?;
    json(&idx.search(&p.q, p.kind, usize::try_from(limit).unwrap_or(10)))
}

/// `?q=&kind=&limit=` of full-text search.
#[derive(Debug, Deserialize)]
pub struct TextSearchParams {
    q: String,
    kind: Option<TextKind>,
    limit: Option<u64>,
}

impl IntoParams for TextSearchParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            doc::text_param(
                "q",
                ParameterIn::Query,
                "Words, all required, the last one a prefix; matched stemmed (`oxidative stress`)",
                "oxygenase",
                MAX_NAME_CHARS,
            ),
            doc::enum_param(
                "kind",
                "Only papers (title, abstract), GeneRIFs or terms (names, synonyms, definition)",
                &["publication", "generif", "term"],
                None,
            ),
            doc::int_param("limit", "Most hits", 1, MAX_TERM_HITS, 20),
        ]
    }
}

/// Full-text search over the words of imported papers (title and
/// abstract), GeneRIF statements and ontology terms (names, synonyms,
/// definitions), best first (BM25, titles weighing more), each with the
/// matching passage; the query's words are marked between `\u0002` and
/// `\u0003`.
#[utoipa::path(get, path = "/api/v1/search/text", tag = "search", params(TextSearchParams),
    responses(
        (status = 200, body = [TextHit]),
        (status = 400, description = "A parameter is out of range", body = ApiError),
    ))]
pub async fn search_text(
    State(state): State<Arc<AppState>>,
    ApiQuery(p): ApiQuery<TextSearchParams>,
) -> Result<Response, ApiError> {
    if p.q.chars().count() > MAX_NAME_CHARS {
        return Err(ApiError::invalid(format!(
            "q is longer than {MAX_NAME_CHARS} characters"
        )));
    }
    let limit = one_to("limit", p.limit, 20, MAX_TERM_HITS)?;
    let kb = state.kb.clone();
    let hits = blocking(move || Ok(kb.store().full_text(&p.q, p.kind, limit)?)).await?;
    json(&hits)
}
