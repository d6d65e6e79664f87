//! Questions to the knowledge graph: a gene's neighbours, the shortest
//! paths between two genes with the evidence of every hop, and the
//! edges among a set of genes.
//!
//! The walk uses the in-memory [`GeneGraph`] (topology only); names come
//! from the search index and evidence from the store, for just the
//! edges an answer returns.

use std::sync::Arc;

use locus_graph::{Direction, Filter, GeneGraph};
use locus_model::{EntityRef, GeneId, KgEdgeKind, RegulationRow, TaxId, TfTargetEdge};
use locus_store::{InteractionRow, OrthologRow};
use serde::{Deserialize, Serialize};

use crate::search::SearchIndex;
use crate::{Error, KnowledgeBase, Result};

/// Most neighbours one question may ask for.
pub const MAX_NEIGHBORS: usize = 1000;
/// Longest path searched for.
pub const MAX_HOPS: usize = 6;
/// Most paths one question may ask for.
pub const MAX_PATHS: usize = 50;
/// Most genes a subgraph question may name.
pub const MAX_SUBGRAPH_GENES: usize = 500;

/// Which edges a walk may take.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct EdgeSelection {
    /// Edge kinds; empty means all.
    pub kinds: Vec<KgEdgeKind>,
    /// Source databases (`TRRUST`); empty means all.
    pub sources: Vec<String>,
    /// Follow regulation edges only from TF to target.
    pub directed: bool,
}

impl EdgeSelection {
    fn filter(&self, graph: &GeneGraph) -> Filter {
        Filter {
            kinds: self.kinds.clone(),
            sources: if self.sources.is_empty() {
                None
            } else {
                Some(graph.source_mask(&self.sources))
            },
            directed: self.directed,
        }
    }
}

/// A gene as graph answers name it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GraphNode {
    /// What the node is.
    pub entity: EntityRef,
    /// The gene's NCBI GeneID.
    pub gene_id: GeneId,
    /// Its symbol (the GeneID as text when the gene has no record).
    pub symbol: String,
    /// Its organism, when the store has a record of the gene.
    pub tax_id: Option<TaxId>,
}

/// A gene as graph answers name it, from the search index.
pub(crate) fn node(idx: &SearchIndex, gene_id: GeneId) -> GraphNode {
    let entry = idx.gene(gene_id);
    GraphNode {
        entity: EntityRef::Gene(gene_id),
        gene_id,
        symbol: entry
            .map(|e| e.symbol.clone())
            .unwrap_or_else(|| gene_id.to_string()),
        tax_id: entry.map(|e| e.tax_id),
    }
}

/// One edge of a graph answer.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GraphEdge {
    /// For regulation: the TF.
    pub from: GeneId,
    /// For regulation: the target.
    pub to: GeneId,
    /// Regulation, interaction or orthology.
    pub kind: KgEdgeKind,
    /// Source databases supporting the edge.
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

/// Which way an edge is walked from the gene asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Walk {
    /// From TF to target: the gene regulates the other.
    Regulates,
    /// Against the arrow: the gene is regulated by the other.
    RegulatedBy,
    /// An undirected edge (interaction, orthology).
    Undirected,
}

impl From<Direction> for Walk {
    fn from(d: Direction) -> Self {
        match d {
            Direction::Out => Walk::Regulates,
            Direction::In => Walk::RegulatedBy,
            Direction::Both => Walk::Undirected,
        }
    }
}

/// A gene's neighbours in the knowledge graph.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NeighborList {
    /// The gene asked about.
    pub gene: GraphNode,
    /// Edges passing the filter, before `limit`.
    pub total: usize,
    /// Edges listed.
    pub shown: usize,
    /// The neighbours, strongest edge first.
    pub neighbors: Vec<NeighborEntry>,
}

/// One neighbour and the edge to it.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NeighborEntry {
    /// The neighbour.
    pub gene: GraphNode,
    /// Which way the edge goes from the gene asked about.
    pub direction: Walk,
    /// The edge.
    pub edge: GraphEdge,
}

/// Shortest paths between two genes.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PathAnswer {
    /// Start.
    pub from: GraphNode,
    /// End.
    pub to: GraphNode,
    /// Edges per path; `null` when no path of at most `max_hops` exists.
    pub length: Option<usize>,
    /// The paths found, at most `max_paths`.
    pub paths: Vec<PathEntry>,
}

/// One path.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PathEntry {
    /// The genes along the path, start to end.
    pub genes: Vec<GraphNode>,
    /// The hops between them, with evidence.
    pub hops: Vec<HopEvidence>,
}

/// One hop of a path with the evidence behind its edge.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HopEvidence {
    /// The gene the hop leaves.
    pub from: GeneId,
    /// The gene it reaches.
    pub to: GeneId,
    /// The kind of edge.
    pub kind: KgEdgeKind,
    /// `regulates` when walked from TF to target, `regulated_by` against
    /// the arrow, `undirected` otherwise.
    pub direction: Walk,
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

/// Genes and the edges among them.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Subgraph {
    /// The genes that resolved.
    pub nodes: Vec<GraphNode>,
    /// Every edge between two of them.
    pub edges: Vec<GraphEdge>,
    /// Names that did not resolve to one gene, with the reason.
    pub unresolved: Vec<String>,
}

/// The source databases of the edges around `gene`, in one walk over
/// them: of all its edges, of the regulation edges that point in (its
/// regulators), and of those that point out (its targets).
pub fn sources_around(graph: &GeneGraph, gene: GeneId) -> [Vec<String>; 3] {
    let (mut all, mut regulators, mut targets) = (0u64, 0u64, 0u64);
    for n in graph.neighbors(gene, &Filter::default(), usize::MAX).rows {
        let Some(e) = graph.edge(n.edge) else {
            continue;
        };
        all |= e.source_mask;
        if e.kind == KgEdgeKind::Regulation {
            match n.direction {
                Direction::In => regulators |= e.source_mask,
                Direction::Out => targets |= e.source_mask,
                Direction::Both => {}
            }
        }
    }
    [all, regulators, targets].map(|mask| {
        let mut names: Vec<String> = graph
            .source_names(mask)
            .into_iter()
            .map(str::to_string)
            .collect();
        names.sort();
        names
    })
}

impl KnowledgeBase {
    /// The neighbours of `gene` over the selected edges, strongest first.
    pub fn neighbors(
        self: &Arc<Self>,
        gene: GeneId,
        edges: &EdgeSelection,
        limit: usize,
    ) -> Result<NeighborList> {
        let graph = self.graph()?;
        let idx = self.search_index()?;
        let n = graph.neighbors(gene, &edges.filter(&graph), limit.min(MAX_NEIGHBORS));
        let neighbors: Vec<NeighborEntry> = n
            .rows
            .iter()
            .filter_map(|r| {
                Some(NeighborEntry {
                    gene: node(&idx, r.gene),
                    direction: r.direction.into(),
                    edge: graph_edge(&graph, r.edge)?,
                })
            })
            .collect();
        Ok(NeighborList {
            gene: node(&idx, gene),
            total: n.total,
            shown: neighbors.len(),
            neighbors,
        })
    }

    /// Up to `max_paths` shortest paths of at most `max_hops` edges from
    /// `from` to `to`, with each hop's evidence read from the store.
    pub fn shortest_paths(
        self: &Arc<Self>,
        from: GeneId,
        to: GeneId,
        max_hops: usize,
        max_paths: usize,
        edges: &EdgeSelection,
    ) -> Result<PathAnswer> {
        let graph = self.graph()?;
        let idx = self.search_index()?;
        let store = self.store();
        let found = graph.shortest_paths(
            from,
            to,
            max_hops.clamp(1, MAX_HOPS),
            &edges.filter(&graph),
            max_paths.clamp(1, MAX_PATHS),
        );
        let mut paths = Vec::with_capacity(found.len());
        for p in &found {
            let mut genes = vec![node(&idx, p.start)];
            let mut hops = Vec::with_capacity(p.hops.len());
            let mut prev = p.start;
            for h in &p.hops {
                let e = graph
                    .edge(h.edge)
                    .ok_or_else(|| Error::Invalid(format!("edge {} out of range", h.edge)))?;
                let mut hop = HopEvidence {
                    from: prev,
                    to: h.gene,
                    kind: e.kind,
                    direction: h.direction.into(),
                    regulation: None,
                    regulation_rows: None,
                    interaction: None,
                    orthology: None,
                };
                match e.kind {
                    KgEdgeKind::Regulation => {
                        let rows = store.regulation_evidence(e.from, e.to)?;
                        if let Some(tax) = idx.gene(e.from).map(|g| g.tax_id) {
                            hop.regulation = Some(TfTargetEdge::merge(e.from, e.to, tax, &rows));
                        }
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
                genes.push(node(&idx, h.gene));
                prev = h.gene;
            }
            paths.push(PathEntry { genes, hops });
        }
        Ok(PathAnswer {
            from: node(&idx, from),
            to: node(&idx, to),
            length: found.first().map(|p| p.hops.len()),
            paths,
        })
    }

    /// The edges among `genes` (the induced subgraph); `unresolved` names
    /// the genes the caller could not resolve, passed through.
    pub fn subgraph(
        self: &Arc<Self>,
        genes: &[GeneId],
        edges: &EdgeSelection,
        unresolved: Vec<String>,
    ) -> Result<Subgraph> {
        let graph = self.graph()?;
        let idx = self.search_index()?;
        let mut ids = genes.to_vec();
        ids.sort_unstable();
        ids.dedup();
        let edges = graph
            .subgraph(&ids, &edges.filter(&graph))
            .into_iter()
            .filter_map(|i| graph_edge(&graph, i))
            .collect();
        Ok(Subgraph {
            nodes: ids.iter().map(|&i| node(&idx, i)).collect(),
            edges,
            unresolved,
        })
    }
}
