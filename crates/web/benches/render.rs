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
    for gene in ["TP53", "BACH1"] {
        // Warm SQLite's page cache once; every timed render is a cache miss
        // for Locus (no response cache involved).
        let html = locus_web::render_gene_uncached(&kb, gene).expect("render");
        let samples: Vec<Duration> = (0..200)
            .map(|_| {
                let t = Instant::now();
                let html = locus_web::render_gene_uncached(&kb, gene).expect("render");
                std::hint::black_box(html);
                t.elapsed()
            })
            .collect();
        report(
            &format!("render /genes/{gene} uncached ({} kB)", html.len() / 1024),
            samples,
        );
    }
    for gene in ["TP53", "BACH1"] {
        let json = locus_web::gene_api_uncached(&kb, gene).expect("answer");
        let samples: Vec<Duration> = (0..200)
            .map(|_| {
                let t = Instant::now();
                let json = locus_web::gene_api_uncached(&kb, gene).expect("answer");
                std::hint::black_box(json);
                t.elapsed()
            })
            .collect();
        report(
            &format!(
                "api /api/v1/genes/{gene} uncached ({} kB)",
                json.len() / 1024
            ),
            samples,
        );
    }
    for gene in ["TP53", "BACH1"] {
        let html = locus_web::render_literature_uncached(&kb, gene).expect("render");
        let samples: Vec<Duration> = (0..100)
            .map(|_| {
                let t = Instant::now();
                let html = locus_web::render_literature_uncached(&kb, gene).expect("render");
                std::hint::black_box(html);
                t.elapsed()
            })
            .collect();
        report(
            &format!(
                "render /genes/{gene}/literature uncached ({} kB)",
                html.len() / 1024
            ),
            samples,
        );
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
