//! `locus path A B`: shortest paths between two genes over the merged
//! knowledge graph, with the evidence of each hop, on the terminal.

use std::sync::Arc;

use anyhow::{bail, Context, Result};
use locus_kb::graph::{EdgeSelection, HopEvidence, Walk};
use locus_kb::KnowledgeBase;
use locus_model::{GeneId, KgEdgeKind, TaxId};
use locus_store::Resolution;

/// What `locus path` was asked.
pub struct Query {
    pub from: String,
    pub to: String,
    pub max_hops: usize,
    pub max_paths: usize,
    pub types: Option<String>,
    pub directed: bool,
    pub organism: Option<TaxId>,
}

fn resolve(kb: &KnowledgeBase, name: &str, tax: Option<TaxId>) -> Result<GeneId> {
    Ok(match kb.resolve(name, tax)? {
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

/// Prints the paths, or their JSON.
pub fn run(kb: Arc<KnowledgeBase>, q: &Query, json: bool) -> Result<()> {
    let from = resolve(&kb, &q.from, q.organism)?;
    let to = resolve(&kb, &q.to, q.organism)?;
    let mut kinds = Vec::new();
    for t in q
        .types
        .as_deref()
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        kinds.push(KgEdgeKind::parse(t).with_context(|| {
            format!("unknown edge type {t:?}: use regulation, interaction, orthology")
        })?);
    }
    let selection = EdgeSelection {
        kinds,
        sources: Vec::new(),
        directed: q.directed,
    };
    let answer = kb.shortest_paths(from, to, q.max_hops, q.max_paths, &selection)?;
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
                "   {}",
                describe(hop, &p.genes[h].symbol, &p.genes[h + 1].symbol)
            );
        }
    }
    Ok(())
}

/// One line for a hop from `a` to `b`: the arrow points the way the
/// evidence does, and the sentence reads the same way.
fn describe(h: &HopEvidence, a: &str, b: &str) -> String {
    if let Some(e) = &h.regulation {
        let pmids = match e.pmids.len() {
            0 => String::new(),
            1 => ", 1 PubMed id".to_string(),
            n => format!(", {n} PubMed ids"),
        };
        let evidence = format!(
            "({}; {}{pmids}{})",
            e.mode.as_str(),
            e.sources.join(", "),
            if e.small_scale { ", small-scale" } else { "" }
        );
        return match h.direction {
            Walk::RegulatedBy => format!("{a} ← {b}: {b} regulates {a} {evidence}"),
            _ => format!("{a} → {b}: {a} regulates {b} {evidence}"),
        };
    }
    if let Some(i) = &h.interaction {
        return format!(
            "{a} — {b}: STRING association, combined score {} (experimental {}, database {}, text mining {})",
            i.scores.combined_score, i.scores.experimental, i.scores.database, i.scores.textmining
        );
    }
    if let Some(o) = &h.orthology {
        return format!(
            "{a} — {b}: orthologs ({})",
            o.homology_type.replace('_', " ")
        );
    }
    format!("{a} — {b}: {}", h.kind.as_str())
}
