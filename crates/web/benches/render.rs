//! Uncached gene-page render time and in-process search latency.
//!
//! `LOCUS_BENCH_DB=path cargo bench -p locus-web --bench render`
//! (scripts/bench.sh runs it on the full org.Hs.eg.db store). Prints
//! figures; asserts nothing.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use locus_kb::KnowledgeBase;

use common::report;

fn main() {
    let Some(db) = std::env::var_os("LOCUS_BENCH_DB") else {
        println!("skip: render bench: set LOCUS_BENCH_DB to a store (scripts/bench.sh does)");
        return;
    };
    let store = locus_kb::open_store(&db.to_string_lossy()).expect("open store");
    let kb: Arc<KnowledgeBase> = KnowledgeBase::new(store);
    // Each answer is made once first (it warms SQLite's page cache); every
    // timed one is a cache miss for Locus (no response cache involved).
    for gene in ["TP53", "BACH1"] {
        time_answers(&format!("render /genes/{gene}"), 200, || {
            locus_web::render_gene_uncached(&kb, gene).expect("render")
        });
    }
    for gene in ["TP53", "BACH1"] {
        time_answers(&format!("api /api/v1/genes/{gene}"), 200, || {
            locus_web::gene_api_uncached(&kb, gene).expect("answer")
        });
    }
    for gene in ["TP53", "BACH1"] {
        time_answers(&format!("render /genes/{gene}/literature"), 100, || {
            locus_web::render_literature_uncached(&kb, gene).expect("render")
        });
    }
    let idx = kb.search_index().expect("search index");
    for q in ["b", "ba", "bach", "heme oxygenase"] {
        let samples: Vec<Duration> = (0..2000)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(idx.search(q, None, 10));
                t.elapsed()
            })
            .collect();
        report(&format!("search index {q:?} top 10"), samples);
    }
    // The search box's autocomplete: every kind's names and identifiers
    // (genes, diseases, phenotypes, GO terms), as /api/v1/search/all
    // with text=false answers it, without HTTP.
    for q in ["s", "se", "seiz", "bach", "GO:0006", "heme oxygenase"] {
        let samples: Vec<Duration> = (0..2000)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(kb.search_everything(q, None, 10, false).expect("search"));
                t.elapsed()
            })
            .collect();
        report(&format!("every kind's names {q:?} top 10"), samples);
    }
}

/// Times `n` uncached answers of `make` after one untimed, and reports
/// them under `what` with the answer's size.
fn time_answers(what: &str, n: usize, make: impl Fn() -> String) {
    let size = make().len() / 1024;
    let samples: Vec<Duration> = (0..n)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(make());
            t.elapsed()
        })
        .collect();
    report(&format!("{what} uncached ({size} kB)"), samples);
}
