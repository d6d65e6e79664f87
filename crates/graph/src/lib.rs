//! The knowledge graph in memory: genes, and the diseases, phenotypes
//! and GO terms they are associated with.
//!
//! The store keeps edges as rows; questions like "how is BACH1 connected to
//! TP53?" need breadth-first search, which in SQL costs one query per hop
//! and frontier. [`KnowledgeGraph`] holds the topology only (node indices, edge
//! kinds, a bit set of sources and a strength for ranking) in compressed
//! adjacency arrays, so a full human network fits in a few megabytes and a
//! path query touches only memory. Evidence and names stay in the store; a
//! caller looks them up for the few edges it returns.

use std::collections::{HashMap, VecDeque};

use locus_model::{EntityRef, KgEdge, KgEdgeKind};

/// Which way an edge is walked from the gene being expanded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// From TF to target.
    Out,
    /// From target to TF.
    In,
    /// An undirected edge (interaction, orthology, gene–term).
    Both,
}

/// One edge as the graph stores it.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// The start: the TF of a regulation edge, the gene of a gene–term
    /// edge; for an undirected gene–gene edge, one of the two genes.
    pub from: EntityRef,
    /// The end: the target of a regulation edge, the term of a gene–term
    /// edge.
    pub to: EntityRef,
    /// The kind of edge; only regulation has a direction.
    pub kind: KgEdgeKind,
    /// Bit `i` set when source `i` of [`KnowledgeGraph::sources`] supports the edge.
    pub source_mask: u64,
    /// How strongly the edge is supported, for ranking neighbours (see
    /// [`KgEdge::strength`]): higher is stronger.
    pub strength: u32,
}

/// What a query may walk over; the default walks everything, both ways.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Edge kinds allowed; empty means all.
    pub kinds: Vec<KgEdgeKind>,
    /// Sources mask: an edge passes when it shares a bit; `None` means all.
    pub sources: Option<u64>,
    /// Follow regulation edges only from TF to target.
    pub directed: bool,
}

impl Filter {
    /// Whether the filter may admit gene–gene edges, and gene–term ones:
    /// a walk skips the part of each adjacency list it cannot take.
    fn sides(&self) -> (bool, bool) {
        if self.kinds.is_empty() {
            return (true, true);
        }
        (
            self.kinds.iter().any(|k| k.joins_genes()),
            self.kinds.iter().any(|k| !k.joins_genes()),
        )
    }

    fn admits(&self, e: &Edge, dir: Direction) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&e.kind))
            && self.sources.is_none_or(|m| m & e.source_mask != 0)
            && !(self.directed && dir == Direction::In)
    }
}

/// A neighbour of a node over one edge.
#[derive(Debug, Clone, PartialEq)]
pub struct Neighbor {
    /// The neighbouring gene or term.
    pub node: EntityRef,
    /// Index into [`KnowledgeGraph::edge`].
    pub edge: u32,
    /// How the edge is walked from the expanded node: `Out` to a target it
    /// regulates, `In` to a TF regulating it, `Both` for an undirected edge.
    pub direction: Direction,
}

/// The neighbours of a node that pass a filter, strongest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Neighbors {
    /// How many edges passed the filter, before `limit`.
    pub total: usize,
    /// The strongest neighbours, at most `limit` of them.
    pub rows: Vec<Neighbor>,
}

/// One step of a path: the edge taken and the node reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hop {
    /// Index into [`KnowledgeGraph::edge`] of the edge taken.
    pub edge: u32,
    /// The gene or term reached.
    pub node: EntityRef,
    /// How the edge was walked (see [`Neighbor::direction`]).
    pub direction: Direction,
}

/// A path: the start node and its hops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    /// The gene or term the path starts from.
    pub start: EntityRef,
    /// The steps in order; empty when start and end are the same node.
    pub hops: Vec<Hop>,
}

#[derive(Debug, Clone, Copy)]
struct Adj {
    node: u32,
    edge: u32,
    dir: Direction,
}

/// The knowledge graph: nodes (genes and terms), edges and compressed
/// adjacency lists.
#[derive(Debug, Default)]
pub struct KnowledgeGraph {
    nodes: Vec<EntityRef>,
    index: HashMap<EntityRef, u32>,
    edges: Vec<Edge>,
    /// Where node `i`'s gene–term edges start in `adj`: each adjacency
    /// list holds its gene–gene edges first, so a walk over genes only
    /// (every path by default) does not step over a gene's GO terms.
    split: Vec<u32>,
    /// Adjacency of node `i` is `adj[offsets[i]..offsets[i + 1]]`, sorted by
    /// edge strength, strongest first.
    offsets: Vec<u32>,
    adj: Vec<Adj>,
    sources: Vec<String>,
}

/// Strongest first, then by node index: the order of adjacency lists.
fn stronger(edges: &[Edge], x: &Adj, y: &Adj) -> std::cmp::Ordering {
    edges[y.edge as usize]
        .strength
        .cmp(&edges[x.edge as usize].strength)
        .then(x.node.cmp(&y.node))
}

/// The most distinct sources a filter can tell apart; later ones share the
/// last bit (no real network has come near it: 2024 TFLink plus DoRothEA,
/// CollecTRI, RegNetwork, STRING and Ensembl name about 25).
const MAX_SOURCE_BITS: usize = 64;

impl KnowledgeGraph {
    /// Builds the graph from the store's edges ([`KgEdge`]s): numbers the
    /// nodes and sources, and sorts each node's adjacency strongest first.
    pub fn build(edges: Vec<KgEdge>) -> Self {
        let mut g = KnowledgeGraph::default();
        let mut source_bit: HashMap<String, u32> = HashMap::new();
        let node = |g: &mut KnowledgeGraph, id: EntityRef| -> u32 {
            *g.index.entry(id).or_insert_with(|| {
                g.nodes.push(id);
                (g.nodes.len() - 1) as u32
            })
        };
        let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(edges.len());
        for e in edges {
            let a = node(&mut g, e.from);
            let b = node(&mut g, e.to);
            let mut mask = 0u64;
            for s in e.sources {
                let n = source_bit.len() as u32;
                let bit = *source_bit.entry(s.clone()).or_insert_with(|| {
                    g.sources.push(s);
                    n
                });
                mask |= 1u64 << bit.min(MAX_SOURCE_BITS as u32 - 1);
            }
            g.edges.push(Edge {
                from: e.from,
                to: e.to,
                kind: e.kind,
                source_mask: mask,
                strength: e.strength,
            });
            pairs.push((a, b));
        }
        let n = g.nodes.len();
        let mut degree = vec![0u32; n + 1];
        for &(a, b) in &pairs {
            degree[a as usize] += 1;
            if a != b {
                degree[b as usize] += 1;
            }
        }
        g.offsets = Vec::with_capacity(n + 1);
        let mut acc = 0u32;
        for d in &degree[..n] {
            g.offsets.push(acc);
            acc += d;
        }
        g.offsets.push(acc);
        let mut fill: Vec<u32> = g.offsets[..n].to_vec();
        let placeholder = Adj {
            node: 0,
            edge: 0,
            dir: Direction::Both,
        };
        g.adj = vec![placeholder; acc as usize];
        for (i, &(a, b)) in pairs.iter().enumerate() {
            let directed = g.edges[i].kind.directed();
            let (da, db) = if directed {
                (Direction::Out, Direction::In)
            } else {
                (Direction::Both, Direction::Both)
            };
            g.adj[fill[a as usize] as usize] = Adj {
                node: b,
                edge: i as u32,
                dir: da,
            };
            fill[a as usize] += 1;
            if a != b {
                g.adj[fill[b as usize] as usize] = Adj {
                    node: a,
                    edge: i as u32,
                    dir: db,
                };
                fill[b as usize] += 1;
            }
        }
        g.split = Vec::with_capacity(n);
        for i in 0..n {
            let (s, e) = (g.offsets[i] as usize, g.offsets[i + 1] as usize);
            let edges = &g.edges;
            let to_term = |a: &Adj| !edges[a.edge as usize].kind.joins_genes();
            g.adj[s..e].sort_by(|x, y| to_term(x).cmp(&to_term(y)).then(stronger(edges, x, y)));
            let genes = g.adj[s..e].iter().take_while(|a| !to_term(a)).count();
            g.split.push((s + genes) as u32);
        }
        g
    }

    /// Nodes (genes and terms) that have at least one edge.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Genes that have at least one edge.
    pub fn gene_count(&self) -> usize {
        self.nodes
            .iter()
            .filter(|n| matches!(n, EntityRef::Gene(_)))
            .count()
    }

    /// Edges of every kind.
    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    /// Edge number `i` (as [`Neighbor::edge`] and [`Hop::edge`] give it);
    /// `None` when there is no such edge.
    pub fn edge(&self, i: u32) -> Option<&Edge> {
        self.edges.get(i as usize)
    }

    /// Source names; bit `i` of an edge's mask is `sources()[i]`.
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// The mask of the named sources; unknown names match nothing.
    pub fn source_mask<S: AsRef<str>>(&self, names: &[S]) -> u64 {
        let mut m = 0u64;
        for n in names {
            if let Some(i) = self.sources.iter().position(|s| s == n.as_ref()) {
                m |= 1u64 << i.min(MAX_SOURCE_BITS - 1);
            }
        }
        m
    }

    /// Names of the sources in `mask`.
    pub fn source_names(&self, mask: u64) -> Vec<&str> {
        self.sources
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1u64 << (*i).min(MAX_SOURCE_BITS - 1)) != 0)
            .map(|(_, s)| s.as_str())
            .collect()
    }

    /// Whether `node` has at least one edge in the graph.
    pub fn contains(&self, node: EntityRef) -> bool {
        self.index.contains_key(&node)
    }

    /// A node's gene–gene and gene–term edges, each strongest first.
    fn halves(&self, node: u32) -> (&[Adj], &[Adj]) {
        let i = node as usize;
        let (s, m, e) = (
            self.offsets[i] as usize,
            self.split[i] as usize,
            self.offsets[i + 1] as usize,
        );
        (&self.adj[s..m], &self.adj[m..e])
    }

    /// The edges of a node `filter` may take, gene–gene ones first.
    fn adjacency<'a>(&'a self, node: u32, filter: &Filter) -> impl Iterator<Item = &'a Adj> {
        let (genes, terms) = self.halves(node);
        let (to_genes, to_terms) = filter.sides();
        let genes = if to_genes { genes } else { &[] };
        let terms = if to_terms { terms } else { &[] };
        genes.iter().chain(terms)
    }

    /// A node's edges strongest first over both halves (a merge of the two
    /// sorted halves).
    fn strongest_first<'a>(&'a self, node: u32, filter: &Filter) -> impl Iterator<Item = &'a Adj> {
        let (genes, terms) = self.halves(node);
        let (to_genes, to_terms) = filter.sides();
        let mut a = if to_genes { genes } else { &[] }.iter().peekable();
        let mut b = if to_terms { terms } else { &[] }.iter().peekable();
        std::iter::from_fn(move || match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => {
                if stronger(&self.edges, x, y) == std::cmp::Ordering::Greater {
                    b.next()
                } else {
                    a.next()
                }
            }
            (Some(_), None) => a.next(),
            (None, _) => b.next(),
        })
    }

    /// The edges of `node` that pass `filter`, strongest first, at most `limit`.
    pub fn neighbors(&self, node: EntityRef, filter: &Filter, limit: usize) -> Neighbors {
        let Some(&node) = self.index.get(&node) else {
            return Neighbors {
                total: 0,
                rows: Vec::new(),
            };
        };
        let mut total = 0;
        let mut rows = Vec::new();
        for a in self.strongest_first(node, filter) {
            if !filter.admits(&self.edges[a.edge as usize], a.dir) {
                continue;
            }
            total += 1;
            if rows.len() < limit {
                rows.push(Neighbor {
                    node: self.nodes[a.node as usize],
                    edge: a.edge,
                    direction: a.dir,
                });
            }
        }
        Neighbors { total, rows }
    }

    /// Shortest paths from `from` to `to` of at most `max_hops` edges, at
    /// most `max_paths` of them (all of the same, minimal length).
    ///
    /// Breadth-first search records every predecessor at the previous
    /// level, so all shortest paths can be listed, not just the first one
    /// found; the search stops at the level where `to` is reached.
    pub fn shortest_paths(
        &self,
        from: EntityRef,
        to: EntityRef,
        max_hops: usize,
        filter: &Filter,
        max_paths: usize,
    ) -> Vec<Path> {
        let (Some(&s), Some(&t)) = (self.index.get(&from), self.index.get(&to)) else {
            return Vec::new();
        };
        if s == t {
            return vec![Path {
                start: from,
                hops: Vec::new(),
            }];
        }
        const UNSEEN: u32 = u32::MAX;
        let mut dist = vec![UNSEEN; self.nodes.len()];
        // Predecessors: (previous node, edge, direction walked).
        let mut preds: HashMap<u32, Vec<(u32, u32, Direction)>> = HashMap::new();
        dist[s as usize] = 0;
        let mut queue = VecDeque::from([s]);
        let mut found_at = None;
        while let Some(u) = queue.pop_front() {
            let du = dist[u as usize];
            if found_at.is_some_and(|f| du >= f) || du as usize >= max_hops {
                continue;
            }
            for a in self.adjacency(u, filter) {
                if !filter.admits(&self.edges[a.edge as usize], a.dir) {
                    continue;
                }
                let v = a.node as usize;
                if dist[v] == UNSEEN {
                    dist[v] = du + 1;
                    queue.push_back(a.node);
                }
                if dist[v] == du + 1 {
                    preds.entry(a.node).or_default().push((u, a.edge, a.dir));
                    if a.node == t {
                        found_at = Some(du + 1);
                    }
                }
            }
        }
        if found_at.is_none() {
            return Vec::new();
        }
        // Walk predecessors back from the target, depth first.
        let mut out = Vec::new();
        let mut stack: Vec<(u32, Vec<Hop>)> = vec![(t, Vec::new())];
        while let Some((node, suffix)) = stack.pop() {
            if out.len() >= max_paths {
                break;
            }
            if node == s {
                let mut hops = suffix;
                hops.reverse();
                out.push(Path { start: from, hops });
                continue;
            }
            if let Some(ps) = preds.get(&node) {
                for &(p, edge, dir) in ps.iter().rev() {
                    let mut next = suffix.clone();
                    next.push(Hop {
                        edge,
                        node: self.nodes[node as usize],
                        direction: dir,
                    });
                    stack.push((p, next));
                }
            }
        }
        out
    }

    /// The edges among `nodes` that pass `filter` (the induced subgraph).
    pub fn subgraph(&self, nodes: &[EntityRef], filter: &Filter) -> Vec<u32> {
        let nodes: std::collections::HashSet<u32> = nodes
            .iter()
            .filter_map(|g| self.index.get(g).copied())
            .collect();
        let mut out: Vec<u32> = Vec::new();
        for &n in &nodes {
            for a in self.adjacency(n, filter) {
                if nodes.contains(&a.node)
                    && a.dir != Direction::In
                    && filter.admits(&self.edges[a.edge as usize], a.dir)
                {
                    out.push(a.edge);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use locus_model::GeneId;

    fn gene(id: u64) -> EntityRef {
        EntityRef::Gene(GeneId(id))
    }

    fn ids<const N: usize>(v: [u64; N]) -> [EntityRef; N] {
        v.map(gene)
    }

    fn e(from: u64, to: u64, kind: KgEdgeKind, src: &str, strength: u32) -> KgEdge {
        KgEdge {
            from: gene(from),
            to: gene(to),
            kind,
            sources: vec![src.to_string()],
            strength,
        }
    }

    /// Real TRRUST edges among real GeneIDs: NFE2L2 (4780) → HMOX1 (3162),
    /// BACH1 (571) → HMOX1, TP53 (7157) → BAX (581); plus the STRING-style
    /// undirected edge HMOX1–BAX used only to give the graph a second route.
    fn graph() -> KnowledgeGraph {
        KnowledgeGraph::build(vec![
            e(4780, 3162, KgEdgeKind::Regulation, "TRRUST", 2003),
            e(571, 3162, KgEdgeKind::Regulation, "TRRUST", 1004),
            e(7157, 581, KgEdgeKind::Regulation, "CollecTRI", 1000),
            e(3162, 581, KgEdgeKind::Interaction, "STRING", 400),
        ])
    }

    #[test]
    fn neighbours_rank_by_strength_and_filter() {
        let g = graph();
        let n = g.neighbors(gene(3162), &Filter::default(), 10);
        let genes: Vec<EntityRef> = n.rows.iter().map(|r| r.node).collect();
        assert_eq!(genes, ids([4780, 571, 581]));
        assert_eq!(n.rows[0].direction, Direction::In);
        let only_string = Filter {
            sources: Some(g.source_mask(&["STRING"])),
            ..Filter::default()
        };
        assert_eq!(g.neighbors(gene(3162), &only_string, 10).total, 1);
        let limited = g.neighbors(gene(3162), &Filter::default(), 1);
        assert_eq!((limited.total, limited.rows.len()), (3, 1));
    }

    #[test]
    fn shortest_path_with_direction() {
        let g = graph();
        let paths = g.shortest_paths(gene(571), gene(7157), 4, &Filter::default(), 10);
        assert_eq!(paths.len(), 1);
        let genes: Vec<EntityRef> = paths[0].hops.iter().map(|h| h.node).collect();
        assert_eq!(genes, ids([3162, 581, 7157]));
        // Directed: BACH1 → HMOX1 only; HMOX1–BAX is undirected; BAX → TP53 is against the arrow.
        let directed = Filter {
            directed: true,
            ..Filter::default()
        };
        assert!(g
            .shortest_paths(gene(571), gene(7157), 4, &directed, 10)
            .is_empty());
        assert_eq!(
            g.shortest_paths(gene(571), gene(581), 4, &directed, 10)
                .len(),
            1
        );
        // Too few hops allowed.
        assert!(g
            .shortest_paths(gene(571), gene(7157), 2, &Filter::default(), 10)
            .is_empty());
    }

    #[test]
    fn all_shortest_paths_are_listed() {
        // Placeholder ids (a unit test of the search, not data anyone sees):
        // two TFs both regulating two targets give 2 paths of length 2.
        let g = KnowledgeGraph::build(vec![
            e(1, 10, KgEdgeKind::Regulation, "TRRUST", 1),
            e(1, 11, KgEdgeKind::Regulation, "TRRUST", 1),
            e(2, 10, KgEdgeKind::Regulation, "TRRUST", 1),
            e(2, 11, KgEdgeKind::Regulation, "TRRUST", 1),
        ]);
        let paths = g.shortest_paths(gene(1), gene(2), 3, &Filter::default(), 10);
        assert_eq!(paths.len(), 2);
        assert!(paths.iter().all(|p| p.hops.len() == 2));
        assert_eq!(
            g.shortest_paths(gene(1), gene(2), 3, &Filter::default(), 1)
                .len(),
            1
        );
    }

    /// Real associations: BACH1 (571) and HMOX1 (3162) are both annotated
    /// to GO:0006979 (response to oxidative stress) in org.Hs.eg.db; the
    /// term is a node like a gene, reached over an undirected edge.
    #[test]
    fn terms_are_nodes() {
        let term = EntityRef::GoTerm("GO:0006979".parse().unwrap());
        let annotation = |g: u64| KgEdge {
            from: gene(g),
            to: term,
            kind: KgEdgeKind::GoAnnotation,
            sources: vec!["org.Hs.eg.db".into()],
            strength: 300,
        };
        let mut edges = vec![e(571, 3162, KgEdgeKind::Regulation, "TRRUST", 1004)];
        edges.extend([annotation(571), annotation(3162)]);
        // An experimentally supported annotation outranks a weak
        // regulation edge among a gene's neighbours.
        let other = EntityRef::GoTerm("GO:0000122".parse().unwrap());
        edges.push(KgEdge {
            to: other,
            strength: 1001,
            ..annotation(571)
        });
        edges.push(e(571, 4780, KgEdgeKind::Interaction, "STRING", 400));
        let g = KnowledgeGraph::build(edges);
        assert_eq!((g.node_count(), g.gene_count()), (5, 3));
        let order: Vec<EntityRef> = g
            .neighbors(gene(571), &Filter::default(), 10)
            .rows
            .iter()
            .map(|r| r.node)
            .collect();
        assert_eq!(order, [gene(3162), other, gene(4780), term]);
        let genes_only = Filter {
            kinds: KgEdgeKind::GENE_GENE.to_vec(),
            ..Filter::default()
        };
        assert_eq!(g.neighbors(gene(571), &genes_only, 10).total, 2);
        let n = g.neighbors(term, &Filter::default(), 10);
        let genes: Vec<EntityRef> = n.rows.iter().map(|r| r.node).collect();
        assert_eq!(genes, ids([571, 3162]));
        assert!(n.rows.iter().all(|r| r.direction == Direction::Both));
        // Without regulation, BACH1 reaches HMOX1 through the term.
        let terms_only = Filter {
            kinds: vec![KgEdgeKind::GoAnnotation],
            ..Filter::default()
        };
        let paths = g.shortest_paths(gene(571), gene(3162), 3, &terms_only, 10);
        assert_eq!(paths.len(), 1);
        assert_eq!(paths[0].hops[0].node, term);
    }

    #[test]
    fn subgraph_is_induced() {
        let g = graph();
        let edges = g.subgraph(&ids([571, 3162, 4780]), &Filter::default());
        assert_eq!(edges.len(), 2);
    }
}
