//! `/api/v1/graph`: shortest paths between two nodes (genes, diseases,
//! phenotypes, GO terms), with the evidence of every hop, and the edges
//! among a set of nodes.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use locus_kb::graph::{
    EdgeSelection, PathAnswer, Subgraph, MAX_HOPS, MAX_PATHS, MAX_SUBGRAPH_GENES,
};
use locus_model::{EntityRef, KgEdgeKind, TaxId, TermId};
use locus_store::Resolution;
use serde::Deserialize;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn, ParameterStyle};
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
use utoipa::openapi::Required;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::json;
use crate::error::{blocking, ApiError};
use crate::extract::{
    check_name, one_to, resolve_gene, ApiQuery, Organism, MAX_NAME_CHARS, MAX_SOURCE_CHARS,
};
use crate::openapi as doc;
use crate::state::AppState;

/// The graph routes and their operations.
pub fn routes() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .routes(routes!(path))
        .routes(routes!(subgraph))
}

/// Which edges a graph question walks: `?types=`, `?sources=`, `?directed=`.
#[derive(Debug, Deserialize)]
pub struct EdgeParams {
    types: Option<String>,
    sources: Option<String>,
    directed: Option<bool>,
}

/// A comma-separated list as the document states it: no empty items.
fn comma_list<'a>(name: &str, s: &'a str) -> Result<Vec<&'a str>, ApiError> {
    let items: Vec<&str> = s.split(',').collect();
    if items.iter().any(|i| i.is_empty()) {
        return Err(ApiError::invalid(format!(
            "{name}: a comma-separated list without empty items"
        )));
    }
    Ok(items)
}

impl EdgeParams {
    /// The selection, or a 400 naming the bad value.
    pub fn selection(&self) -> Result<EdgeSelection, ApiError> {
        let mut kinds = Vec::new();
        if let Some(t) = &self.types {
            for k in comma_list("types", t)? {
                kinds.push(KgEdgeKind::parse(k).ok_or_else(|| {
                    let known: Vec<&str> = KgEdgeKind::ALL.iter().map(|k| k.as_str()).collect();
                    ApiError::invalid(format!("unknown edge type {k:?}: use {}", known.join(", ")))
                })?);
            }
        }
        let mut sources = Vec::new();
        if let Some(s) = &self.sources {
            for src in comma_list("sources", s)? {
                if src.chars().count() > MAX_SOURCE_CHARS {
                    return Err(ApiError::invalid(format!(
                        "a source name is at most {MAX_SOURCE_CHARS} characters"
                    )));
                }
                sources.push(src.to_string());
            }
        }
        Ok(EdgeSelection {
            kinds,
            sources,
            directed: self.directed.unwrap_or(false),
        })
    }
}

/// A query parameter holding a comma-separated list of one kind of item.
fn list_param(name: &str, description: &str, items: ObjectBuilder) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(description))
        .style(Some(ParameterStyle::Form))
        .explode(Some(false))
        .schema(Some(ArrayBuilder::new().items(items).min_items(Some(1))))
        .build()
}

/// A query parameter holding comma-separated free names (sources, genes).
///
/// Documented as one string with a pattern, not as an array: a list of one
/// name and a bare name are the same bytes on the wire, so an array schema
/// would call a valid request "a string where an array belongs" (and
/// schemathesis, rightly reading the document, expects it refused).
fn names_param(
    name: &str,
    description: &str,
    max_chars: usize,
    max_items: Option<usize>,
) -> ParameterBuilder {
    let more = match max_items {
        Some(n) => format!("{{0,{}}}", n.saturating_sub(1)),
        None => "*".to_string(),
    };
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .description(Some(description))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some(format!(
                    "^[^,]{{1,{max_chars}}}(,[^,]{{1,{max_chars}}}){more}$"
                ))),
        ))
}

impl IntoParams for EdgeParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            list_param(
                "types",
                "Edge kinds to walk, comma-separated (default all; for paths, the gene–gene kinds regulation, interaction and orthology)",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(KgEdgeKind::ALL.map(|k| k.as_str()))),
            ),
            names_param(
                "sources",
                "Source databases, comma-separated (default all), e.g. TRRUST,CollecTRI",
                MAX_SOURCE_CHARS,
                None,
            )
            .required(Required::False)
            .build(),
            doc::bool_param("directed", "Follow regulation edges only from TF to target"),
        ]
    }
}

/// `?from=&to=&max_hops=&max_paths=&organism=`.
#[derive(Debug, Deserialize)]
pub struct PathParams {
    from: String,
    to: String,
    max_hops: Option<u64>,
    max_paths: Option<u64>,
    organism: Option<Organism>,
}

impl IntoParams for PathParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let gene = |name, description, example| {
            doc::gene_name_param(name, ParameterIn::Query, description, example)
        };
        vec![
            gene(
                "from",
                "Start: a gene (GeneID, symbol or alias) or a term (HP:0001250, DOID:1612, GO:0006979, …)",
                "BACH1",
            ),
            gene("to", "End: a gene or a term", "TP53"),
            doc::int_param("max_hops", "Longest path searched", 1, MAX_HOPS as u64, 4),
            doc::int_param("max_paths", "Most paths returned", 1, MAX_PATHS as u64, 5),
            doc::organism_param("Organism of symbols (default human)"),
        ]
    }
}

fn bounded(name: &str, v: Option<u64>, default: u64, max: usize) -> Result<usize, ApiError> {
    let v = one_to(name, v, default, max as u64)?;
    Ok(usize::try_from(v).unwrap_or(max))
}

/// A graph node by name: a term id that an import names or another
/// vocabulary cross-references (`HP:0001250`, `OMIM:…`), else a gene.
fn resolve_node(
    kb: &Arc<locus_kb::KnowledgeBase>,
    name: &str,
    organism: Option<TaxId>,
) -> Result<EntityRef, ApiError> {
    if let Ok(term) = name.trim().parse::<TermId>() {
        return Ok(EntityRef::of_term(super::terms::resolve_term(kb, term)?));
    }
    Ok(EntityRef::Gene(resolve_gene(kb, name, organism)?))
}

/// Shortest paths between two nodes (genes or terms) over the merged
/// knowledge graph, with the evidence of each hop. Without `types=`,
/// paths walk gene–gene edges only: through a hub term such as "protein
/// binding" most genes would be two hops apart. Name the gene–term kinds
/// (`types=regulation,disease`) to walk through diseases, phenotypes or
/// GO terms; a path from or to a term needs its kind named.
#[utoipa::path(get, path = "/api/v1/graph/path", tag = "graph", params(PathParams, EdgeParams),
    responses(
        (status = 200, body = PathAnswer),
        (status = 300, description = "A name fits several genes", body = ApiError),
        (status = 404, description = "No such gene or term", body = ApiError),
    ))]
pub async fn path(
    State(state): State<Arc<AppState>>,
    ApiQuery(p): ApiQuery<PathParams>,
    ApiQuery(edges): ApiQuery<EdgeParams>,
) -> Result<Response, ApiError> {
    let max_hops = bounded("max_hops", p.max_hops, 4, MAX_HOPS)?;
    let max_paths = bounded("max_paths", p.max_paths, 5, MAX_PATHS)?;
    let selection = edges.selection()?;
    let kb = state.kb.clone();
    let answer = blocking(move || {
        let organism = p.organism.map(|o| o.0);
        let from = resolve_node(&kb, &p.from, organism)?;
        let to = resolve_node(&kb, &p.to, organism)?;
        Ok(kb.shortest_paths(from, to, max_hops, max_paths, &selection)?)
    })
    .await?;
    json(&answer)
}

/// `?genes=&organism=`.
#[derive(Debug, Deserialize)]
pub struct SubgraphParams {
    genes: String,
    organism: Option<Organism>,
}

impl IntoParams for SubgraphParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            names_param(
                "genes",
                "Genes (GeneIDs, symbols or aliases) and terms (HP:…, DOID:…, GO:…), comma-separated, at most 500",
                MAX_NAME_CHARS,
                Some(MAX_SUBGRAPH_GENES),
            )
            .required(Required::True)
            .example(Some("BACH1,HMOX1,NFE2L2".into()))
            .build(),
            doc::organism_param("Organism of symbols (default human)"),
        ]
    }
}

/// The edges among a set of genes and terms (the induced subgraph).
/// Names that do not resolve to one gene or term are listed, not fatal.
#[utoipa::path(get, path = "/api/v1/graph/subgraph", tag = "graph", params(SubgraphParams, EdgeParams),
    responses((status = 200, body = Subgraph)))]
pub async fn subgraph(
    State(state): State<Arc<AppState>>,
    ApiQuery(p): ApiQuery<SubgraphParams>,
    ApiQuery(edges): ApiQuery<EdgeParams>,
) -> Result<Response, ApiError> {
    let names: Vec<String> = comma_list("genes", &p.genes)?
        .into_iter()
        .map(str::to_string)
        .collect();
    if names.len() > MAX_SUBGRAPH_GENES {
        return Err(ApiError::invalid(format!(
            "at most {MAX_SUBGRAPH_GENES} genes"
        )));
    }
    for n in &names {
        check_name("gene name", n)?;
    }
    let selection = edges.selection()?;
    let kb = state.kb.clone();
    let answer = blocking(move || {
        let organism = p.organism.map(|o| o.0);
        let mut ids = Vec::new();
        let mut unresolved = Vec::new();
        // Names were checked above; an unresolved name is reported in the
        // answer, so no suggestions are looked up for it.
        for n in &names {
            if let Ok(term) = n.trim().parse::<TermId>() {
                match kb.resolve_term(term)? {
                    Some(t) => ids.push(EntityRef::of_term(t)),
                    None => unresolved.push(format!("{n}: no such term")),
                }
                continue;
            }
            match kb.resolve(n, organism)? {
                Resolution::Found { gene_id, .. } => ids.push(EntityRef::Gene(gene_id)),
                Resolution::Ambiguous { .. } => {
                    unresolved.push(format!("{n}: names several genes"))
                }
                Resolution::NotFound => unresolved.push(format!("{n}: no such gene")),
            }
        }
        Ok(kb.subgraph(&ids, &selection, unresolved)?)
    })
    .await?;
    json(&answer)
}
