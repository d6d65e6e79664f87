//! The regulatory network and knowledge graph in the JSON API:
//! regulators, targets, neighbours, shortest paths, subgraphs, and the
//! identifiers an import could not resolve.
//!
//! Regulators and targets come from the store (every edge with its merged
//! evidence); graph walks use the in-memory [`GeneGraph`] and look up the
//! evidence of only the edges they return.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use locus_graph::{Direction, Filter, GeneGraph};
use locus_model::{organism_name, GeneId, KgEdgeKind, RegulationRow, TaxId, TfTargetEdge};
use locus_store::{GeneStore, InteractionRow, OrthologRow, RegulationEdgeRow};
use serde::{Deserialize, Serialize};

use crate::api::{json_body, resolve_gene, MAX_QUERY_LEN};
use crate::error::WebError;
use crate::search::SearchIndex;
use crate::state::{AppState, JSON, TSV};
use crate::tsv::Tsv;

/// Most neighbours one request may ask for.
pub const MAX_NEIGHBORS: usize = 1000;
/// Longest path searched for.
pub const MAX_HOPS: usize = 6;
/// Most paths one request may ask for.
pub const MAX_PATHS: usize = 50;
/// Most genes a subgraph request may name.
pub const MAX_SUBGRAPH_GENES: usize = 500;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct RegulationParams {
    /// Taxon id or name for symbols (default human).
    pub organism: Option<String>,
    /// `json` (default) or `tsv` (TFLink's `tfs_of_` / `targets_of_` layout).
    pub format: Option<String>,
    /// JSON: include every source row of each edge.
    pub evidence: Option<bool>,
}

/// One edge of a regulators or targets list.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RegulationEntry {
    #[serde(flatten)]
    pub row: RegulationEdgeRow,
    /// Every source row of the edge, when `evidence=true`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Vec<RegulationRow>>,
}

/// A gene's regulators or targets.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RegulationList {
    pub gene_id: GeneId,
    pub symbol: String,
    /// `regulators` (TFs of this gene) or `targets` (genes this TF regulates).
    pub direction: &'static str,
    pub count: usize,
    /// How the edge summary is computed.
    pub rules: RegulationRules,
    pub edges: Vec<RegulationEntry>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RegulationRules {
    pub small_scale: &'static str,
    pub mode: &'static str,
}

pub const RULES: RegulationRules = RegulationRules {
    small_scale: "An edge is small-scale when any of its rows is: a TFLink row flagged Small-scale.evidence=Yes, or (for sources without that flag) a row from TRRUST, TRED or DoRothEA, including DoRothEA's copies of TRRUST and TRED. This is the database set behind TFLink's own flag; HTRI, ORegAnno, PAZAR, GTRD, ReMap, CollecTRI, KEGG and RegNetwork rows alone do not make an edge small-scale.",
    mode: "Each row that states a sign votes: TRRUST Activation/Repression, RegNetwork -->/--|, or the sign of a CollecTRI or DoRothEA weight. Unknown and unsigned rows do not vote. Activation or repression when all votes agree, conflicting when both occur, unknown without votes.",
};

/// The TFs that regulate a gene, one merged edge per TF.
#[utoipa::path(get, path = "/api/v1/genes/{id}/regulators",
    params(("id" = String, Path, description = "GeneID, symbol or alias"), RegulationParams),
    responses((status = 200, body = RegulationList, description = "JSON, or TSV in TFLink's tfs_of_<UniProt>.tsv layout"),
        (status = 404, description = "no such gene")))]
pub async fn regulators(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(p): Query<RegulationParams>,
) -> Response {
    regulation(state, id, p, true).await
}

/// The targets a transcription factor regulates, one merged edge per target.
#[utoipa::path(get, path = "/api/v1/genes/{id}/targets",
    params(("id" = String, Path, description = "GeneID, symbol or alias"), RegulationParams),
    responses((status = 200, body = RegulationList, description = "JSON, or TSV in TFLink's targets_of_<UniProt>.tsv layout"),
        (status = 404, description = "no such gene")))]
pub async fn targets(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(p): Query<RegulationParams>,
) -> Response {
    regulation(state, id, p, false).await
}

async fn regulation(
    state: Arc<AppState>,
    id: String,
    p: RegulationParams,
    regulators: bool,
) -> Response {
    let format = p.format.clone().unwrap_or_else(|| "json".into());
    if !matches!(format.as_str(), "json" | "tsv") {
        return WebError::BadRequest(format!("unknown format {format:?}: use json or tsv"))
            .into_response();
    }
    let evidence = p.evidence.unwrap_or(false);
    let key = format!(
        "api:regulation:{regulators}:{id}:{:?}:{format}:{evidence}",
        p.organism
    );
    state
        .cached(key, move |state| {
            let gene_id = match resolve_gene(state, &id, p.organism.as_deref())? {
                Ok(g) => g,
                Err((status, body)) => return Ok((status, JSON, body)),
            };
            let store = state.store.as_ref();
            let g = store
                .gene(gene_id)?
                .ok_or_else(|| WebError::NotFound(format!("gene {gene_id}")))?;
            let rows = if regulators {
                store.regulators(gene_id)?
            } else {
                store.targets(gene_id)?
            };
            if format == "tsv" {
                return Ok((StatusCode::OK, TSV, tflink_tsv(&rows, regulators)));
            }
            let mut edges = Vec::with_capacity(rows.len());
            for row in rows {
                let evidence = if evidence {
                    Some(store.regulation_evidence(row.edge.tf, row.edge.target)?)
                } else {
                    None
                };
                edges.push(RegulationEntry { row, evidence });
            }
            json_body(&RegulationList {
                gene_id,
                symbol: g.symbol,
                direction: if regulators { "regulators" } else { "targets" },
                count: edges.len(),
                rules: RULES,
                edges,
            })
        })
        .await
}

/// TFLink's PubMed cell in `tfs_of_` files: a PubMed search URL.
fn pubmed_url(pmids: &[u32]) -> String {
    let terms: Vec<String> = pmids.iter().map(|p| format!("{p}%5Buid%5D")).collect();
    format!(
        "https://www.ncbi.nlm.nih.gov/pubmed/?term={}",
        terms.join("+OR+")
    )
}

/// A gene's regulators (or targets) in the column layout of TFLink's
/// per-protein downloads, so scripts written for TFLink read them:
/// `tfs_of_` files give PubMed ids as a search URL, `targets_of_` files as
/// a comma list, exactly as TFLink writes them. TFLink has no column for
/// the mode of regulation; the JSON form carries it.
pub fn tflink_tsv(rows: &[RegulationEdgeRow], regulators: bool) -> Vec<u8> {
    let mut t = Tsv::new(if regulators {
        &locus_model::tflink::TFS_OF_COLUMNS
    } else {
        &locus_model::tflink::TARGETS_OF_COLUMNS
    });
    for r in rows {
        let p = &r.partner;
        let pmids = if regulators {
            pubmed_url(&r.edge.pmids)
        } else {
            locus_model::join_pmids(&r.edge.pmids)
        };
        let pmids = if r.edge.pmids.is_empty() {
            "-".to_string()
        } else {
            pmids
        };
        t.row([
            p.uniprot.as_deref().unwrap_or("-"),
            &p.gene_id.to_string(),
            &p.symbol,
            &or_dash(r.edge.methods.join(",")),
            &pmids,
            organism_name(p.tax_id).unwrap_or("-"),
            &r.edge.sources.join(","),
            if r.edge.small_scale { "Yes" } else { "No" },
        ]);
    }
    t.into_bytes()
}

fn or_dash(s: String) -> String {
    if s.is_empty() {
        "-".into()
    } else {
        s
    }
}

/// Query parameters shared by the graph endpoints.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct GraphParams {
    /// Comma-separated edge kinds: regulation, interaction, orthology (default all).
    pub types: Option<String>,
    /// Comma-separated source databases (default all), e.g. `TRRUST,CollecTRI`.
    pub sources: Option<String>,
    /// Follow regulation edges only from TF to target (default false).
    pub directed: Option<bool>,
}

impl GraphParams {
    fn filter(&self, graph: &GeneGraph) -> Result<Filter, WebError> {
        let mut kinds = Vec::new();
        for t in list(self.types.as_deref()) {
            kinds.push(KgEdgeKind::parse(t).ok_or_else(|| {
                WebError::BadRequest(format!(
                    "unknown edge type {t:?}: use regulation, interaction, orthology"
                ))
            })?);
        }
        let sources: Vec<&str> = list(self.sources.as_deref()).collect();
        Ok(Filter {
            kinds,
            sources: if sources.is_empty() {
                None
            } else {
                Some(graph.source_mask(&sources))
            },
            directed: self.directed.unwrap_or(false),
        })
    }
}

fn list(s: Option<&str>) -> impl Iterator<Item = &str> {
    s.unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
}

/// A gene as graph answers name it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GraphNode {
    pub gene_id: GeneId,
    pub symbol: String,
    pub tax_id: TaxId,
}

fn node(idx: &SearchIndex, gene_id: GeneId) -> GraphNode {
    match idx.gene(gene_id) {
        Some(e) => GraphNode {
            gene_id,
            symbol: e.symbol.clone(),
            tax_id: e.tax_id,
        },
        None => GraphNode {
            gene_id,
            symbol: gene_id.to_string(),
            tax_id: 0,
        },
    }
}

/// One edge of a graph answer.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GraphEdge {
    /// For regulation: the TF.
    pub from: GeneId,
    /// For regulation: the target.
    pub to: GeneId,
    pub kind: KgEdgeKind,
    pub sources: Vec<String>,
    /// Ranking strength: regulation = sources × 1000 + PubMed ids (capped
    /// at 999); interaction = STRING combined score; orthology = 1000 when
    /// Ensembl's confidence is high, else 500.
    pub strength: u32,
}

fn graph_edge(graph: &GeneGraph, i: u32) -> Option<GraphEdge> {
    let e = graph.edge(i)?;
    Some(GraphEdge {
        from: e.from,
        to: e.to,
        kind: e.kind,
        sources: graph
            .source_names(e.source_mask)
            .into_iter()
            .map(str::to_string)
            .collect(),
        strength: e.strength,
    })
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct NeighborParams {
    /// Taxon id or name for symbols (default human).
    pub organism: Option<String>,
    /// At most 1000 (default 50).
    pub limit: Option<usize>,
}

/// A gene's neighbours in the knowledge graph.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NeighborList {
    pub gene: GraphNode,
    /// Edges passing the filter, before `limit`.
    pub total: usize,
    pub shown: usize,
    pub neighbors: Vec<NeighborEntry>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NeighborEntry {
    pub gene: GraphNode,
    /// `regulates` (this gene is the TF), `regulated_by`, or `undirected`.
    pub direction: &'static str,
    pub edge: GraphEdge,
}

fn direction_name(d: Direction) -> &'static str {
    match d {
        Direction::Out => "regulates",
        Direction::In => "regulated_by",
        Direction::Both => "undirected",
    }
}

/// The neighbours of a gene over regulation, interaction and orthology
/// edges, strongest first.
#[utoipa::path(get, path = "/api/v1/genes/{id}/neighbors",
    params(("id" = String, Path, description = "GeneID, symbol or alias"), GraphParams, NeighborParams),
    responses((status = 200, body = NeighborList), (status = 400, description = "unknown edge type"),
        (status = 404, description = "no such gene")))]
pub async fn neighbors(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(g): Query<GraphParams>,
    Query(p): Query<NeighborParams>,
) -> Response {
    let limit = p.limit.unwrap_or(50).min(MAX_NEIGHBORS);
    let key = format!(
        "api:neighbors:{id}:{:?}:{:?}:{:?}:{:?}:{limit}",
        p.organism, g.types, g.sources, g.directed
    );
    state
        .cached(key, move |state| {
            let gene_id = match resolve_gene(state, &id, p.organism.as_deref())? {
                Ok(g) => g,
                Err((status, body)) => return Ok((status, JSON, body)),
            };
            let graph = state.graph()?;
            let idx = state.search_index()?;
            json_body(&neighbor_list(
                &graph,
                &idx,
                gene_id,
                &g.filter(&graph)?,
                limit,
            ))
        })
        .await
}

pub fn neighbor_list(
    graph: &GeneGraph,
    idx: &SearchIndex,
    gene_id: GeneId,
    filter: &Filter,
    limit: usize,
) -> NeighborList {
    let n = graph.neighbors(gene_id, filter, limit);
    let neighbors: Vec<NeighborEntry> = n
        .rows
        .iter()
        .filter_map(|r| {
            Some(NeighborEntry {
                gene: node(idx, r.gene),
                direction: direction_name(r.direction),
                edge: graph_edge(graph, r.edge)?,
            })
        })
        .collect();
    NeighborList {
        gene: node(idx, gene_id),
        total: n.total,
        shown: neighbors.len(),
        neighbors,
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct PathParams {
    /// Start gene: GeneID, symbol or alias.
    pub from: String,
    /// End gene.
    pub to: String,
    /// Longest path searched, at most 6 (default 4).
    pub max_hops: Option<usize>,
    /// Most paths returned, at most 50 (default 5).
    pub max_paths: Option<usize>,
    /// Taxon id or name for symbols (default human).
    pub organism: Option<String>,
}

/// Shortest paths between two genes.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PathAnswer {
    pub from: GraphNode,
    pub to: GraphNode,
    /// Edges per path; `null` when no path of at most `max_hops` exists.
    pub length: Option<usize>,
    pub paths: Vec<PathEntry>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PathEntry {
    pub genes: Vec<GraphNode>,
    pub hops: Vec<HopEvidence>,
}

/// One hop of a path with the evidence behind its edge.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct HopEvidence {
    pub from: GeneId,
    pub to: GeneId,
    pub kind: KgEdgeKind,
    /// `regulates` when walked from TF to target, `regulated_by` against
    /// the arrow, `undirected` otherwise.
    pub direction: &'static str,
    /// Regulation: the merged edge (sources, methods, PMIDs, mode).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regulation: Option<TfTargetEdge>,
    /// Regulation: every source row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regulation_rows: Option<Vec<RegulationRow>>,
    /// Interaction: the STRING scores.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interaction: Option<InteractionRow>,
    /// Orthology: the BioMart relation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub orthology: Option<OrthologRow>,
}

/// Shortest paths between two genes over the merged knowledge graph, with
/// the evidence of each hop.
#[utoipa::path(get, path = "/api/v1/graph/path", params(PathParams, GraphParams),
    responses((status = 200, body = PathAnswer), (status = 400, description = "bad parameter"),
        (status = 404, description = "no such gene")))]
pub async fn path(
    State(state): State<Arc<AppState>>,
    Query(p): Query<PathParams>,
    Query(g): Query<GraphParams>,
) -> Response {
    let max_hops = p.max_hops.unwrap_or(4).clamp(1, MAX_HOPS);
    let max_paths = p.max_paths.unwrap_or(5).clamp(1, MAX_PATHS);
    let key = format!(
        "api:path:{}:{}:{:?}:{max_hops}:{max_paths}:{:?}:{:?}:{:?}",
        p.from, p.to, p.organism, g.types, g.sources, g.directed
    );
    state
        .cached(key, move |state| {
            let from = match resolve_gene(state, &p.from, p.organism.as_deref())? {
                Ok(g) => g,
                Err((status, body)) => return Ok((status, JSON, body)),
            };
            let to = match resolve_gene(state, &p.to, p.organism.as_deref())? {
                Ok(g) => g,
                Err((status, body)) => return Ok((status, JSON, body)),
            };
            let graph = state.graph()?;
            let filter = g.filter(&graph)?;
            let idx = state.search_index()?;
            json_body(&shortest_paths(
                state.store.as_ref(),
                &graph,
                &idx,
                from,
                to,
                max_hops,
                max_paths,
                &filter,
            )?)
        })
        .await
}

/// Shortest paths with each hop's evidence (also `locus path`).
#[allow(clippy::too_many_arguments)]
pub fn shortest_paths(
    store: &dyn GeneStore,
    graph: &GeneGraph,
    idx: &SearchIndex,
    from: GeneId,
    to: GeneId,
    max_hops: usize,
    max_paths: usize,
    filter: &Filter,
) -> Result<PathAnswer, WebError> {
    let found = graph.shortest_paths(from, to, max_hops, filter, max_paths);
    let mut paths = Vec::with_capacity(found.len());
    for p in &found {
        let mut genes = vec![node(idx, p.start)];
        let mut hops = Vec::with_capacity(p.hops.len());
        let mut prev = p.start;
        for h in &p.hops {
            let e = graph
                .edge(h.edge)
                .ok_or_else(|| WebError::Internal(format!("edge {} out of range", h.edge)))?;
            let mut hop = HopEvidence {
                from: prev,
                to: h.gene,
                kind: e.kind,
                direction: direction_name(h.direction),
                regulation: None,
                regulation_rows: None,
                interaction: None,
                orthology: None,
            };
            match e.kind {
                KgEdgeKind::Regulation => {
                    let rows = store.regulation_evidence(e.from, e.to)?;
                    let tax = idx.gene(e.from).map(|g| g.tax_id).unwrap_or(0);
                    hop.regulation = Some(TfTargetEdge::merge(e.from, e.to, tax, &rows));
                    hop.regulation_rows = Some(rows);
                }
                KgEdgeKind::Interaction => {
                    hop.interaction = store.interaction_between(prev, h.gene)?;
                }
                KgEdgeKind::Orthology => {
                    hop.orthology = store
                        .orthologs(prev)?
                        .into_iter()
                        .find(|o| o.partner.gene_id == h.gene);
                }
            }
            hops.push(hop);
            genes.push(node(idx, h.gene));
            prev = h.gene;
        }
        paths.push(PathEntry { genes, hops });
    }
    Ok(PathAnswer {
        from: node(idx, from),
        to: node(idx, to),
        length: found.first().map(|p| p.hops.len()),
        paths,
    })
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct SubgraphParams {
    /// Comma-separated genes (GeneIDs, symbols or aliases), at most 500.
    pub genes: String,
    /// Taxon id or name for symbols (default human).
    pub organism: Option<String>,
}

/// Genes and the edges among them.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Subgraph {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
    /// Names that did not resolve to one gene, with the reason.
    pub unresolved: Vec<String>,
}

/// The edges among a set of genes (the induced subgraph).
#[utoipa::path(get, path = "/api/v1/graph/subgraph", params(SubgraphParams, GraphParams),
    responses((status = 200, body = Subgraph), (status = 400, description = "too many genes or bad parameter")))]
pub async fn subgraph(
    State(state): State<Arc<AppState>>,
    Query(p): Query<SubgraphParams>,
    Query(g): Query<GraphParams>,
) -> Response {
    let names: Vec<String> = list(Some(&p.genes)).map(str::to_string).collect();
    if names.len() > MAX_SUBGRAPH_GENES {
        return WebError::BadRequest(format!("at most {MAX_SUBGRAPH_GENES} genes")).into_response();
    }
    if names.iter().any(|n| n.len() > MAX_QUERY_LEN) {
        return WebError::BadRequest("gene name too long".into()).into_response();
    }
    let key = format!(
        "api:subgraph:{}:{:?}:{:?}:{:?}:{:?}",
        p.genes, p.organism, g.types, g.sources, g.directed
    );
    state
        .cached(key, move |state| {
            let mut ids = Vec::new();
            let mut unresolved = Vec::new();
            for n in &names {
                match resolve_gene(state, n, p.organism.as_deref())? {
                    Ok(id) => ids.push(id),
                    Err((status, _)) => unresolved.push(format!(
                        "{n}: {}",
                        if status == StatusCode::MULTIPLE_CHOICES {
                            "names several genes"
                        } else {
                            "no such gene"
                        }
                    )),
                }
            }
            ids.sort_unstable();
            ids.dedup();
            let graph = state.graph()?;
            let idx = state.search_index()?;
            let filter = g.filter(&graph)?;
            let edges = graph
                .subgraph(&ids, &filter)
                .into_iter()
                .filter_map(|i| graph_edge(&graph, i))
                .collect();
            json_body(&Subgraph {
                nodes: ids.iter().map(|&i| node(&idx, i)).collect(),
                edges,
                unresolved,
            })
        })
        .await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct UnresolvedParams {
    /// At most 100000 (default 1000).
    pub limit: Option<u64>,
}

/// The identifiers of an import that named no gene, or several.
#[utoipa::path(get, path = "/api/v1/imports/{id}/unresolved",
    params(("id" = i64, Path, description = "Import number"), UnresolvedParams),
    responses((status = 200, body = [locus_store::UnresolvedRow])))]
pub async fn unresolved(
    State(state): State<Arc<AppState>>,
    Path(id): Path<i64>,
    Query(p): Query<UnresolvedParams>,
) -> Response {
    let limit = p.limit.unwrap_or(1000).min(100_000);
    state
        .cached(format!("api:unresolved:{id}:{limit}"), move |state| {
            json_body(&state.store.unresolved(id, limit)?)
        })
        .await
}
