//! `locus path A B`: shortest paths between two genes over the merged
//! knowledge graph, with the evidence of each hop, on the terminal.

use anyhow::{bail, Context, Result};
use locus_graph::{Filter, GeneGraph};
use locus_model::{KgEdgeKind, TaxId};
use locus_store::{GeneStore, Resolution, SqliteStore};
use locus_web::network_api::{shortest_paths, HopEvidence, MAX_HOPS};
use locus_web::search::SearchIndex;

pub struct Query {
    pub from: String,
    pub to: String,
    pub max_hops: usize,
    pub max_paths: usize,
    pub types: Option<String>,
    pub directed: bool,
    pub organism: Option<TaxId>,
}

fn resolve(store: &SqliteStore, name: &str, tax: Option<TaxId>) -> Result<u64> {
    Ok(match store.resolve(name, tax)? {
        Resolution::Found { gene_id, .. } => gene_id,
        Resolution::Ambiguous { candidates } => {
            let c: Vec<String> = candidates
                .iter()
                .map(|c| format!("{} (GeneID {})", c.symbol, c.gene_id))
                .collect();
            bail!(
                "{name:?} names several genes: {}; give a GeneID",
                c.join(", ")
            )
        }
        Resolution::NotFound => bail!("no gene named {name:?} in the store"),
    })
}

pub fn run(store: &SqliteStore, q: &Query, json: bool) -> Result<()> {
    let from = resolve(store, &q.from, q.organism)?;
    let to = resolve(store, &q.to, q.organism)?;
    let mut kinds = Vec::new();
    for t in q
        .types
        .as_deref()
        .unwrap_or("")
        .split(',')
        .filter(|t| !t.is_empty())
    {
        kinds.push(KgEdgeKind::parse(t.trim()).with_context(|| {
            format!("unknown edge type {t:?}: use regulation, interaction, orthology")
        })?);
    }
    let graph = GeneGraph::build(store.kg_edges()?);
    let idx = SearchIndex::build(store.search_entries()?);
    let filter = Filter {
        kinds,
        sources: None,
        directed: q.directed,
    };
    let answer = shortest_paths(
        store,
        &graph,
        &idx,
        from,
        to,
        q.max_hops.clamp(1, MAX_HOPS),
        q.max_paths.max(1),
        &filter,
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    if json {
        println!("{}", serde_json::to_string_pretty(&answer)?);
        return Ok(());
    }
    let Some(length) = answer.length else {
        println!(
            "No path of at most {} edges between {} and {}.",
            q.max_hops, answer.from.symbol, answer.to.symbol
        );
        return Ok(());
    };
    println!(
        "{} shortest path{} of {length} edge{} between {} and {}:",
        answer.paths.len(),
        if answer.paths.len() == 1 { "" } else { "s" },
        if length == 1 { "" } else { "s" },
        answer.from.symbol,
        answer.to.symbol
    );
    for (i, p) in answer.paths.iter().enumerate() {
        let names: Vec<&str> = p.genes.iter().map(|g| g.symbol.as_str()).collect();
        println!("\n{}. {}", i + 1, names.join(" — "));
        for (h, hop) in p.hops.iter().enumerate() {
            println!(
                "   {} → {}: {}",
                p.genes[h].symbol,
                p.genes[h + 1].symbol,
                describe(hop)
            );
        }
    }
    Ok(())
}

/// One line of evidence for a hop.
fn describe(h: &HopEvidence) -> String {
    if let Some(e) = &h.regulation {
        let arrow = if h.direction == "regulates" {
            "regulates"
        } else {
            "is regulated by"
        };
        let pmids = if e.pmids.is_empty() {
            String::new()
        } else {
            format!(", {} PubMed ids", e.pmids.len())
        };
        return format!(
            "{arrow} ({}; {}{pmids}{})",
            e.mode.as_str(),
            e.sources.join(", "),
            if e.small_scale { ", small-scale" } else { "" }
        );
    }
    if let Some(i) = &h.interaction {
        return format!(
            "STRING association, combined score {} (experimental {}, database {}, text mining {})",
            i.scores.combined_score, i.scores.experimental, i.scores.database, i.scores.textmining
        );
    }
    if let Some(o) = &h.orthology {
        return format!("orthologs ({})", o.homology_type.replace('_', " "));
    }
    h.kind.as_str().to_string()
}
