//! Knowledge-graph query latency: 1-hop neighbours and shortest paths
//! (with each hop's evidence read from the store), as the API answers them
//! on a cache miss.
//!
//! `LOCUS_BENCH_DB=path cargo bench -p locus-web --bench graph`
//! (scripts/bench.sh runs it on the full store with every network file
//! imported). Prints figures; asserts nothing.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use locus_kb::graph::EdgeSelection;
use locus_kb::KnowledgeBase;
use locus_model::{EntityRef, GeneId, TaxId};

use common::report;

/// A small deterministic generator (xorshift), so every run samples the
/// same genes and pairs.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn main() {
    let Some(db) = std::env::var_os("LOCUS_BENCH_DB") else {
        println!("skip: graph bench: set LOCUS_BENCH_DB to a store (scripts/bench.sh does)");
        return;
    };
    let store = locus_kb::open_store(&db.to_string_lossy()).expect("open store");
    let kb: Arc<KnowledgeBase> = KnowledgeBase::new(store.clone());
    let t = Instant::now();
    let graph = kb.graph().expect("graph");
    println!(
        "graph build: {} nodes ({} genes), {} edges in {:.2?}",
        graph.node_count(),
        graph.gene_count(),
        graph.edge_count(),
        t.elapsed()
    );
    // Human genes with at least one edge, hubs included.
    let genes: Vec<EntityRef> = store
        .search_entries()
        .expect("entries")
        .into_iter()
        .filter(|e| e.tax_id == TaxId::HUMAN && graph.contains(EntityRef::Gene(e.gene_id)))
        .map(|e| EntityRef::Gene(e.gene_id))
        .collect();
    kb.search_index().expect("search index");
    if genes.is_empty() {
        println!("skip: graph bench: the store has no network edges");
        return;
    }
    let all = EdgeSelection::default();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let samples: Vec<Duration> = (0..5000)
        .map(|_| {
            let g = genes[(rng.next() % genes.len() as u64) as usize];
            let t = Instant::now();
            std::hint::black_box(kb.neighbors(g, &all, 50).expect("neighbours"));
            t.elapsed()
        })
        .collect();
    report("1-hop neighbours, limit 50 (random gene)", samples);
    let tp53 = EntityRef::Gene(GeneId(7157));
    let samples: Vec<Duration> = (0..1000)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(kb.neighbors(tp53, &all, 50).expect("neighbours"));
            t.elapsed()
        })
        .collect();
    report("1-hop neighbours of TP53, limit 50", samples);
    let mut found = 0;
    let samples: Vec<Duration> = (0..1000)
        .map(|_| {
            let a = genes[(rng.next() % genes.len() as u64) as usize];
            let b = genes[(rng.next() % genes.len() as u64) as usize];
            let t = Instant::now();
            let p = kb.shortest_paths(a, b, 6, 5, &all).expect("paths");
            let d = t.elapsed();
            found += usize::from(p.length.is_some());
            d
        })
        .collect();
    report("shortest paths ≤6 hops + evidence (random pair)", samples);
    println!("  ({found} of 1000 random pairs connected within 6 hops)");
    // Terms as nodes: a gene's neighbourhood over every kind of edge, and
    // paths that may pass through diseases, phenotypes and GO terms.
    let every = EdgeSelection {
        kinds: locus_model::KgEdgeKind::ALL.to_vec(),
        ..EdgeSelection::default()
    };
    let samples: Vec<Duration> = (0..1000)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(kb.neighbors(tp53, &every, 50).expect("neighbours"));
            t.elapsed()
        })
        .collect();
    report(
        "1-hop neighbours of TP53 over every kind (genes and terms), limit 50",
        samples,
    );
    let mut found = 0;
    let samples: Vec<Duration> = (0..300)
        .map(|_| {
            let a = genes[(rng.next() % genes.len() as u64) as usize];
            let b = genes[(rng.next() % genes.len() as u64) as usize];
            let t = Instant::now();
            let p = kb.shortest_paths(a, b, 6, 5, &every).expect("paths");
            let d = t.elapsed();
            found += usize::from(p.length.is_some());
            d
        })
        .collect();
    report(
        "shortest paths ≤6 hops through genes and terms + evidence (random pair)",
        samples,
    );
    println!("  ({found} of 300 random pairs connected within 6 hops)");
}
