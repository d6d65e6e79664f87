//! `/api/v1/genes/{id}`: a gene's document, each of its sections (one
//! route per [`Section`], generated from the list), and its neighbours in
//! the knowledge graph.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use locus_kb::gene::literature::{Literature, Topic, MAX_WITH_CHARS};
use locus_kb::gene::{self, GeneDocument, Section, SectionData, SectionQuery};
use locus_kb::graph::{NeighborList, MAX_NEIGHBORS};
use locus_kb::regulation::RegulationList;
use locus_kb::Format;
use locus_store::EdgeFilter;
use serde::Deserialize;
use utoipa::openapi::path::{OperationBuilder, Parameter, PathItem};
use utoipa::openapi::{HttpMethod, RefOr, Schema};
use utoipa::{IntoParams, PartialSchema, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::graph::EdgeParams;
use super::{json, tsv};
use crate::error::{blocking, ApiError};
use crate::extract::{one_to, ApiQuery, ResolvedGene, MAX_SOURCE_CHARS};
use crate::openapi::{self as doc, schema_ref};
use crate::state::AppState;

/// The gene routes and their operations.
pub fn routes() -> OpenApiRouter<Arc<AppState>> {
    let mut r = OpenApiRouter::new()
        .routes(routes!(gene))
        .routes(routes!(neighbors));
    for section in Section::ALL {
        let path = format!("/api/v1/genes/{{id}}/{}", section.slug());
        r = r.route(
            &path,
            get(
                // The query is checked before the gene's 300 or 404: a
                // malformed parameter is a 400 whatever the name.
                move |state: State<Arc<AppState>>,
                      q: ApiQuery<SectionParams>,
                      g: Result<ResolvedGene, ApiError>| {
                    section_handler(section, state, q, g)
                },
            ),
        );
        r.get_openapi_mut().paths.paths.insert(
            path,
            PathItem::new(HttpMethod::Get, section_operation(section)),
        );
    }
    for (name, schema) in section_schemas() {
        r.get_openapi_mut()
            .components
            .get_or_insert_with(Default::default)
            .schemas
            .insert(name, schema);
    }
    r
}

/// `{id}` and `?organism=`, as every gene route takes them.
pub struct GeneParams;

impl IntoParams for GeneParams {
    fn into_params(_: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>) -> Vec<Parameter> {
        vec![
            doc::gene_id_param(),
            doc::organism_param("Organism of a symbol or alias (default human)"),
        ]
    }
}

/// A gene by GeneID, symbol or alias, with all sections but references
/// and the network lists.
#[utoipa::path(get, path = "/api/v1/genes/{id}", tag = "genes", params(GeneParams),
    responses(
        (status = 200, body = GeneDocument),
        (status = 300, description = "The name fits several genes; `candidates` lists them", body = ApiError),
        (status = 404, description = "No such gene; `suggestions` lists similar names", body = ApiError),
    ))]
pub async fn gene(
    State(state): State<Arc<AppState>>,
    ResolvedGene(g): ResolvedGene,
) -> Result<Response, ApiError> {
    let kb = state.kb.clone();
    let doc = blocking(move || Ok(gene::document(kb.store(), g)?)).await?;
    json(&doc)
}

/// Most rows one request may ask for, by section. A regulation list
/// goes to every edge of the largest hubs (TP53 regulates 1,120 genes).
fn max_limit(section: Section) -> u64 {
    match section {
        Section::Regulators | Section::Targets => 10_000,
        _ => 1_000,
    }
}

fn default_limit(section: Section) -> u64 {
    match section {
        Section::Regulators | Section::Targets => 10_000,
        _ => 100,
    }
}

/// Largest row offset accepted; any gene's list is far shorter.
pub const MAX_OFFSET: u64 = 100_000_000;

/// The query of a section route (each section documents those it uses).
#[derive(Debug, Deserialize)]
pub struct SectionParams {
    format: Option<Format>,
    offset: Option<u64>,
    limit: Option<u64>,
    evidence: Option<bool>,
    source: Option<String>,
    small_scale: Option<bool>,
    topic: Option<String>,
    with: Option<String>,
}

impl SectionParams {
    fn query(&self, section: Section) -> Result<SectionQuery, ApiError> {
        let offset = self.offset.unwrap_or(0);
        if offset > MAX_OFFSET {
            return Err(ApiError::invalid(format!(
                "offset is larger than {MAX_OFFSET}"
            )));
        }
        let limit = one_to(
            "limit",
            self.limit,
            default_limit(section),
            max_limit(section),
        )?;
        if let Some(s) = &self.source {
            let n = s.chars().count();
            if n == 0 || n > MAX_SOURCE_CHARS {
                return Err(ApiError::invalid(format!(
                    "source must be 1 to {MAX_SOURCE_CHARS} characters"
                )));
            }
        }
        let topic = match &self.topic {
            None => None,
            Some(t) => Some(Topic::parse(t).ok_or_else(|| {
                ApiError::invalid(format!(
                    "topic is one of {}",
                    Topic::ALL.map(Topic::slug).join(", ")
                ))
            })?),
        };
        if let Some(w) = &self.with {
            let n = w.chars().count();
            if n == 0 || n > MAX_WITH_CHARS {
                return Err(ApiError::invalid(format!(
                    "with must be 1 to {MAX_WITH_CHARS} characters"
                )));
            }
        }
        Ok(SectionQuery {
            topic,
            with: self.with.clone(),
            offset,
            limit,
            evidence: self.evidence.unwrap_or(false),
            filter: EdgeFilter {
                source: self.source.clone(),
                small_scale_only: self.small_scale.unwrap_or(false),
            },
        })
    }
}

async fn section_handler(
    section: Section,
    State(state): State<Arc<AppState>>,
    ApiQuery(p): ApiQuery<SectionParams>,
    g: Result<ResolvedGene, ApiError>,
) -> Result<Response, ApiError> {
    let q = p.query(section)?;
    let ResolvedGene(g) = g?;
    let format = p.format.unwrap_or_default();
    let kb = state.kb.clone();
    let file_name = section.tsv_file_name(&g);
    let gene_id = g.gene_id;
    let data = blocking(move || Ok(SectionData::load(kb.store(), g, section, format, &q)?)).await?;
    match format {
        Format::Json => json(&data),
        Format::Tsv => Ok(tsv(data.to_tsv(gene_id), &file_name)),
    }
}

/// The JSON schema of each section's content.
fn section_schema(section: Section) -> RefOr<Schema> {
    use locus_model::{DbXref, GoAnnotation, ImportRecord, ProteinEntry};
    use locus_store::{
        BindingSitePage, GeneDetail, GeneRifRow, InteractionPage, KgCounts, OrthologRow,
        ReferencePage,
    };
    match section {
        Section::Summary => schema_ref::<GeneDetail>(),
        Section::Aliases => schema_ref::<gene::AliasList>(),
        Section::Xrefs => Vec::<DbXref>::schema(),
        Section::Generifs => Vec::<GeneRifRow>::schema(),
        Section::Literature => schema_ref::<Literature>(),
        Section::References => schema_ref::<ReferencePage>(),
        Section::Go => Vec::<GoAnnotation>::schema(),
        Section::Expression => Vec::<locus_store::ExpressionRow>::schema(),
        Section::Anatomy => schema_ref::<locus_store::ExpressionCallPage>(),
        Section::Diseases => Vec::<locus_store::GeneDiseaseRow>::schema(),
        Section::Phenotypes => Vec::<locus_store::GenePhenotypeRow>::schema(),
        Section::Regulators | Section::Targets => schema_ref::<RegulationList>(),
        Section::Orthologs => Vec::<OrthologRow>::schema(),
        Section::KnowledgeGraph => schema_ref::<KgCounts>(),
        Section::Interactions => schema_ref::<InteractionPage>(),
        Section::BindingSites => schema_ref::<BindingSitePage>(),
        Section::Proteins => Vec::<ProteinEntry>::schema(),
        Section::Changes => Vec::<locus_store::changes::GeneChangeRow>::schema(),
        Section::Provenance => Vec::<ImportRecord>::schema(),
    }
}

/// Component schemas the section operations refer to, with theirs.
fn section_schemas() -> Vec<(String, RefOr<Schema>)> {
    let mut out = Vec::new();
    fn add<T: ToSchema>(out: &mut Vec<(String, RefOr<Schema>)>) {
        out.push((T::name().to_string(), T::schema()));
        T::schemas(out);
    }
    add::<locus_store::GeneDetail>(&mut out);
    add::<gene::AliasList>(&mut out);
    add::<locus_model::DbXref>(&mut out);
    add::<locus_store::GeneRifRow>(&mut out);
    add::<Literature>(&mut out);
    add::<locus_store::ReferencePage>(&mut out);
    add::<locus_model::GoAnnotation>(&mut out);
    add::<locus_store::ExpressionRow>(&mut out);
    add::<locus_store::ExpressionCallPage>(&mut out);
    add::<locus_store::GeneDiseaseRow>(&mut out);
    add::<locus_store::GenePhenotypeRow>(&mut out);
    add::<RegulationList>(&mut out);
    add::<locus_store::OrthologRow>(&mut out);
    add::<locus_store::KgCounts>(&mut out);
    add::<locus_store::InteractionPage>(&mut out);
    add::<locus_store::BindingSitePage>(&mut out);
    add::<locus_model::ProteinEntry>(&mut out);
    add::<locus_model::ImportRecord>(&mut out);
    add::<Section>(&mut out);
    out
}

fn section_operation(section: Section) -> utoipa::openapi::path::Operation {
    let mut params = vec![
        doc::gene_id_param(),
        doc::organism_param("Organism of a symbol or alias (default human)"),
        doc::enum_param(
            "format",
            "json, or tsv for a download with a header row",
            &["json", "tsv"],
            Some("json"),
        ),
    ];
    if section.paged() {
        params.push(doc::int_param(
            "offset",
            "JSON: first row",
            0,
            MAX_OFFSET,
            0,
        ));
        params.push(doc::int_param(
            "limit",
            "JSON: rows",
            1,
            max_limit(section),
            default_limit(section),
        ));
    }
    if section == Section::Literature {
        params.push(doc::enum_param(
            "topic",
            "Only this topic's statements",
            &Topic::ALL.map(Topic::slug),
            None,
        ));
        params.push(doc::string_param(
            "with",
            "Only sentences that also name this: a GeneID (3162), a MeSH id (D006046) or an ontology id (DOID:1612)",
            MAX_WITH_CHARS,
        ));
    }
    if section.regulation_side().is_some() {
        params.push(doc::string_param(
            "source",
            "Only edges this source database supports (TRRUST, CollecTRI, GTRD, …)",
            MAX_SOURCE_CHARS,
        ));
        params.push(doc::bool_param(
            "small_scale",
            "Only edges with small-scale evidence",
        ));
        params.push(doc::bool_param(
            "evidence",
            "JSON: every source row of each edge",
        ));
    }
    OperationBuilder::new()
        .tag("genes")
        .operation_id(Some(format!("gene_{}", section.slug())))
        .summary(Some(format!("{} of a gene", section.title())))
        .description(Some(section.description()))
        .parameters(Some(params))
        .response(
            "200",
            doc::ok_response(section.title(), section_schema(section), true),
        )
        .response(
            "300",
            doc::error_response("The name fits several genes; `candidates` lists them"),
        )
        .response(
            "404",
            doc::error_response("No such gene; `suggestions` lists similar names"),
        )
        .build()
}

/// The query of `/neighbors`.
#[derive(Debug, Deserialize)]
pub struct NeighborParams {
    limit: Option<u64>,
}

impl NeighborParams {
    /// `limit`: 1 to [`MAX_NEIGHBORS`], 50 when absent, else a 400.
    pub(crate) fn limit(&self) -> Result<usize, ApiError> {
        let limit = one_to("limit", self.limit, 50, MAX_NEIGHBORS as u64)?;
        Ok(usize::try_from(limit).unwrap_or(MAX_NEIGHBORS))
    }
}

/// `?limit=` of `/neighbors`.
pub struct NeighborLimit;

impl IntoParams for NeighborLimit {
    fn into_params(_: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>) -> Vec<Parameter> {
        vec![doc::int_param(
            "limit",
            "Most neighbours listed",
            1,
            MAX_NEIGHBORS as u64,
            50,
        )]
    }
}

/// The neighbours of a gene in the knowledge graph, strongest edge first:
/// genes over regulation, interaction and orthology edges, and the
/// diseases, phenotypes and GO terms it is associated with (`types=`
/// selects).
#[utoipa::path(get, path = "/api/v1/genes/{id}/neighbors", tag = "graph",
    params(GeneParams, EdgeParams, NeighborLimit),
    responses(
        (status = 200, body = NeighborList),
        (status = 300, description = "The name fits several genes", body = ApiError),
        (status = 404, description = "No such gene", body = ApiError),
    ))]
pub async fn neighbors(
    State(state): State<Arc<AppState>>,
    ResolvedGene(g): ResolvedGene,
    ApiQuery(edges): ApiQuery<EdgeParams>,
    ApiQuery(p): ApiQuery<NeighborParams>,
) -> Result<Response, ApiError> {
    let limit = p.limit()?;
    let selection = edges.selection()?;
    let kb = state.kb.clone();
    let list = blocking(move || {
        Ok(kb.neighbors(locus_model::EntityRef::Gene(g.gene_id), &selection, limit)?)
    })
    .await?;
    json(&list)
}
