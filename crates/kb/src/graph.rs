//! Questions to the knowledge graph: a node's neighbours, the shortest
//! paths between two nodes with the evidence of every hop, and the
//! edges among a set of nodes. Nodes are genes, diseases, phenotypes and
//! GO terms; edges join two genes (regulation, interaction, orthology) or
//! a gene and a term (association, annotation).
//!
//! The walk uses the in-memory [`KnowledgeGraph`] (topology only); names
//! come from the search indexes and evidence from the store, for just the
//! edges an answer returns.

use std::sync::Arc;

use locus_graph::{Direction, Filter, KnowledgeGraph};
use locus_model::{
    EntityRef, GeneId, GoAnnotation, KgEdgeKind, RegulationRow, TaxId, TfTargetEdge,
};
use locus_store::{GeneDiseaseRow, GenePhenotypeRow, InteractionRow, OrthologRow};
use serde::{Deserialize, Serialize};

use crate::search::SearchIndex;
use crate::terms::TermIndex;
use crate::{Error, KnowledgeBase, Result};

/// Most neighbours one question may ask for.
pub const MAX_NEIGHBORS: usize = 1000;
/// Longest path searched for.
pub const MAX_HOPS: usize = 6;
/// Most paths one question may ask for.
pub const MAX_PATHS: usize = 50;
/// Most nodes a subgraph question may name.
pub const MAX_SUBGRAPH_GENES: usize = 500;

/// Which edges a walk may take.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct EdgeSelection {
    /// Edge kinds; empty means all (for paths: the gene–gene kinds, see
    /// [`KgEdgeKind::GENE_GENE`]).
    pub kinds: Vec<KgEdgeKind>,
    /// Source databases (`TRRUST`); empty means all.
    pub sources: Vec<String>,
    /// Follow regulation edges only from TF to target.
    pub directed: bool,
}

impl EdgeSelection {
    /// The selection a path walks: gene–term edges only when named.
    fn for_paths(&self) -> EdgeSelection {
        let mut s = self.clone();
        if s.kinds.is_empty() {
            s.kinds = KgEdgeKind::GENE_GENE.to_vec();
        }
        s
    }

    fn filter(&self, graph: &KnowledgeGraph) -> Filter {
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

/// A gene or term as graph answers name it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GraphNode {
    /// What the node is.
    pub entity: EntityRef,
    /// A gene's symbol, a term's name (the id as text when the store has
    /// neither).
    pub label: String,
    /// Its page.
    pub path: String,
    /// A gene's NCBI GeneID; `null` for a term.
    pub gene_id: Option<GeneId>,
    /// A gene's symbol; `null` for a term.
    pub symbol: Option<String>,
    /// A gene's organism, when the store has a record of the gene.
    pub tax_id: Option<TaxId>,
}

/// A gene as graph answers name it, from the search index.
pub(crate) fn node(idx: &SearchIndex, gene_id: GeneId) -> GraphNode {
    let entry = idx.gene(gene_id);
    let symbol = entry
        .map(|e| e.symbol.clone())
        .unwrap_or_else(|| gene_id.to_string());
    GraphNode {
        entity: EntityRef::Gene(gene_id),
        label: symbol.clone(),
        path: EntityRef::Gene(gene_id).path(),
        gene_id: Some(gene_id),
        symbol: Some(symbol),
        tax_id: entry.map(|e| e.tax_id),
    }
}

/// The names graph answers give their nodes: genes from the gene search
/// index, terms from the term index, chemicals as texts spell them.
pub(crate) struct Names {
    genes: Arc<SearchIndex>,
    terms: Arc<TermIndex>,
    chemicals: Arc<crate::chemicals::ChemicalNames>,
}

impl Names {
    fn of(kb: &Arc<KnowledgeBase>) -> Result<Names> {
        Ok(Names {
            genes: kb.search_index()?,
            terms: kb.term_index()?,
            chemicals: kb.chemical_names()?,
        })
    }

    fn node(&self, entity: EntityRef) -> GraphNode {
        match entity {
            EntityRef::Gene(g) => node(&self.genes, g),
            EntityRef::Disease(t) | EntityRef::Phenotype(t) | EntityRef::GoTerm(t) => GraphNode {
                entity,
                label: self
                    .terms
                    .name(t)
                    .map(str::to_string)
                    .unwrap_or_else(|| t.to_string()),
                path: entity.path(),
                gene_id: None,
                symbol: None,
                tax_id: None,
            },
            EntityRef::Chemical(m) => GraphNode {
                entity,
                label: self
                    .chemicals
                    .name(m)
                    .map(str::to_string)
                    .unwrap_or_else(|| m.to_string()),
                path: entity.path(),
                gene_id: None,
                symbol: None,
                tax_id: None,
            },
            EntityRef::Publication(p) => GraphNode {
                entity,
                label: format!("PMID:{p}"),
                path: entity.path(),
                gene_id: None,
                symbol: None,
                tax_id: None,
            },
        }
    }
}

/// One edge of a graph answer.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GraphEdge {
    /// For regulation: the TF; for a gene–term edge: the gene.
    pub from: EntityRef,
    /// For regulation: the target; for a gene–term edge: the term.
    pub to: EntityRef,
    /// The kind of edge.
    pub kind: KgEdgeKind,
    /// Source databases supporting the edge.
    pub sources: Vec<String>,
    /// Ranking strength: regulation = sources × 1000 + PubMed ids (capped
    /// at 999); interaction = STRING combined score; orthology = 1000 when
    /// Ensembl's confidence is high, else 500; disease and phenotype =
    /// sources × 1000 + PubMed ids or diseases; GO = 1000 with
    /// experimental evidence, else 300, plus the evidence codes.
    pub strength: u32,
}

fn graph_edge(graph: &KnowledgeGraph, i: u32) -> Option<GraphEdge> {
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

/// Which way an edge is walked from the node asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Walk {
    /// From TF to target: the gene regulates the other.
    Regulates,
    /// Against the arrow: the gene is regulated by the other.
    RegulatedBy,
    /// An undirected edge (interaction, orthology, gene–term).
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

/// A node's neighbours in the knowledge graph.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NeighborList {
    /// The gene or term asked about.
    pub node: GraphNode,
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
    pub node: GraphNode,
    /// Which way the edge goes from the node asked about.
    pub direction: Walk,
    /// The edge.
    pub edge: GraphEdge,
}

/// Shortest paths between two nodes.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PathAnswer {
    /// Start.
    pub from: GraphNode,
    /// End.
    pub to: GraphNode,
    /// The edge kinds walked: those asked for, or the gene–gene kinds.
    pub types: Vec<KgEdgeKind>,
    /// Edges per path; `null` when no path of at most `max_hops` exists.
    pub length: Option<usize>,
    /// The paths found, at most `max_paths`.
    pub paths: Vec<PathEntry>,
}

/// One path.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PathEntry {
    /// The nodes along the path, start to end.
    pub nodes: Vec<GraphNode>,
    /// The hops between them, with evidence.
    pub hops: Vec<HopEvidence>,
}

/// One hop of a path with the evidence behind its edge.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HopEvidence {
    /// The node the hop leaves.
    pub from: EntityRef,
    /// The node it reaches.
    pub to: EntityRef,
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
    /// Disease: every source's statement of the association.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disease: Option<Vec<GeneDiseaseRow>>,
    /// Phenotype: the association with the diseases it comes through.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phenotype: Option<GenePhenotypeRow>,
    /// GO: the annotations, one per evidence code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub go_annotations: Option<Vec<GoAnnotation>>,
    /// Co-mention: the sentences naming both (from the newest
    /// [`CO_MENTION_TEXTS`] texts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub co_mention: Option<crate::gene::literature::CoMentionEvidence>,
}

/// Texts read for a co-mention hop's evidence.
pub const CO_MENTION_TEXTS: u64 = 20;

/// Nodes and the edges among them.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Subgraph {
    /// The nodes that resolved.
    pub nodes: Vec<GraphNode>,
    /// Every edge between two of them.
    pub edges: Vec<GraphEdge>,
    /// Names that did not resolve to one gene or term, with the reason.
    pub unresolved: Vec<String>,
}

/// The source databases of the edges around `node`, in one walk over
/// them: of all its edges, of the regulation edges that point in (its
/// regulators), and of those that point out (its targets).
pub fn sources_around(graph: &KnowledgeGraph, node: EntityRef) -> [Vec<String>; 3] {
    let (mut all, mut regulators, mut targets) = (0u64, 0u64, 0u64);
    for n in graph.neighbors(node, &Filter::default(), usize::MAX).rows {
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

/// The gene and the term of a gene–term edge.
fn gene_and_term(from: EntityRef, to: EntityRef) -> Option<(GeneId, locus_model::TermId)> {
    match (from, to) {
        (EntityRef::Gene(g), t) | (t, EntityRef::Gene(g)) => match t {
            EntityRef::Disease(t) | EntityRef::Phenotype(t) | EntityRef::GoTerm(t) => Some((g, t)),
            _ => None,
        },
        _ => None,
    }
}

impl KnowledgeBase {
    /// How many edges `node` has in the knowledge graph.
    pub fn degree(self: &Arc<Self>, node: EntityRef) -> Result<usize> {
        Ok(self.graph()?.neighbors(node, &Filter::default(), 0).total)
    }

    /// The neighbours of `node` over the selected edges, strongest first.
    pub fn neighbors(
        self: &Arc<Self>,
        node: EntityRef,
        edges: &EdgeSelection,
        limit: usize,
    ) -> Result<NeighborList> {
        let graph = self.graph()?;
        let names = Names::of(self)?;
        let n = graph.neighbors(node, &edges.filter(&graph), limit.min(MAX_NEIGHBORS));
        let neighbors: Vec<NeighborEntry> = n
            .rows
            .iter()
            .filter_map(|r| {
                Some(NeighborEntry {
                    node: names.node(r.node),
                    direction: r.direction.into(),
                    edge: graph_edge(&graph, r.edge)?,
                })
            })
            .collect();
        Ok(NeighborList {
            node: names.node(node),
            total: n.total,
            shown: neighbors.len(),
            neighbors,
        })
    }

    /// Up to `max_paths` shortest paths of at most `max_hops` edges from
    /// `from` to `to`, with each hop's evidence read from the store. With
    /// no edge kinds selected, paths walk the gene–gene kinds only.
    pub fn shortest_paths(
        self: &Arc<Self>,
        from: EntityRef,
        to: EntityRef,
        max_hops: usize,
        max_paths: usize,
        edges: &EdgeSelection,
    ) -> Result<PathAnswer> {
        let graph = self.graph()?;
        let names = Names::of(self)?;
        let store = self.store();
        let selection = edges.for_paths();
        let found = graph.shortest_paths(
            from,
            to,
            max_hops.clamp(1, MAX_HOPS),
            &selection.filter(&graph),
            max_paths.clamp(1, MAX_PATHS),
        );
        let mut paths = Vec::with_capacity(found.len());
        for p in &found {
            let mut nodes = vec![names.node(p.start)];
            let mut hops = Vec::with_capacity(p.hops.len());
            let mut prev = p.start;
            for h in &p.hops {
                let e = graph
                    .edge(h.edge)
                    .ok_or_else(|| Error::Invalid(format!("edge {} out of range", h.edge)))?;
                let mut hop = HopEvidence {
                    from: prev,
                    to: h.node,
                    kind: e.kind,
                    direction: h.direction.into(),
                    regulation: None,
                    regulation_rows: None,
                    interaction: None,
                    orthology: None,
                    disease: None,
                    phenotype: None,
                    go_annotations: None,
                    co_mention: None,
                };
                match (e.kind, e.from, e.to) {
                    (KgEdgeKind::Regulation, EntityRef::Gene(tf), EntityRef::Gene(target)) => {
                        let rows = store.regulation_evidence(tf, target)?;
                        if let Some(tax) = names.genes.gene(tf).map(|g| g.tax_id) {
                            hop.regulation = Some(TfTargetEdge::merge(tf, target, tax, &rows));
                        }
                        hop.regulation_rows = Some(rows);
                    }
                    (KgEdgeKind::Interaction, EntityRef::Gene(a), EntityRef::Gene(b)) => {
                        hop.interaction = store.interaction_between(a, b)?;
                    }
                    (KgEdgeKind::Orthology, EntityRef::Gene(a), EntityRef::Gene(b)) => {
                        hop.orthology = store
                            .orthologs(a)?
                            .into_iter()
                            .find(|o| o.partner.gene_id == b);
                    }
                    (KgEdgeKind::Disease, f, t) => {
                        if let Some((gene, term)) = gene_and_term(f, t) {
                            let mut rows = store.gene_diseases(gene)?;
                            rows.retain(|r| r.disease.id == term);
                            hop.disease = Some(rows);
                        }
                    }
                    (KgEdgeKind::Phenotype, f, t) => {
                        if let Some((gene, term)) = gene_and_term(f, t) {
                            hop.phenotype = store
                                .gene_phenotypes(gene)?
                                .into_iter()
                                .find(|r| r.phenotype.id == term);
                        }
                    }
                    (KgEdgeKind::GoAnnotation, f, t) => {
                        if let Some((gene, term)) = gene_and_term(f, t) {
                            let id = term.to_string();
                            let mut rows = store.go_annotations(gene)?;
                            rows.retain(|a| a.go_id == id);
                            hop.go_annotations = Some(rows);
                        }
                    }
                    (
                        KgEdgeKind::CoMention | KgEdgeKind::DiseaseCoMention,
                        EntityRef::Gene(gene),
                        other,
                    ) => {
                        hop.co_mention = Some(crate::gene::literature::co_mention_evidence(
                            store,
                            gene,
                            other,
                            CO_MENTION_TEXTS,
                        )?);
                    }
                    _ => {}
                }
                hops.push(hop);
                nodes.push(names.node(h.node));
                prev = h.node;
            }
            paths.push(PathEntry { nodes, hops });
        }
        Ok(PathAnswer {
            from: names.node(from),
            to: names.node(to),
            types: selection.kinds,
            length: found.first().map(|p| p.hops.len()),
            paths,
        })
    }

    /// The edges among `nodes` (the induced subgraph); `unresolved` names
    /// what the caller could not resolve, passed through.
    pub fn subgraph(
        self: &Arc<Self>,
        nodes: &[EntityRef],
        edges: &EdgeSelection,
        unresolved: Vec<String>,
    ) -> Result<Subgraph> {
        let graph = self.graph()?;
        let names = Names::of(self)?;
        let mut ids = nodes.to_vec();
        ids.sort_unstable();
        ids.dedup();
        let edges = graph
            .subgraph(&ids, &edges.filter(&graph))
            .into_iter()
            .filter_map(|i| graph_edge(&graph, i))
            .collect();
        Ok(Subgraph {
            nodes: ids.iter().map(|&i| names.node(i)).collect(),
            edges,
            unresolved,
        })
    }
}
