//! `locus path A B`: shortest paths between two genes (or a gene and a
//! disease, phenotype or GO term) over the merged knowledge graph, with
//! the evidence of each hop, on the terminal.

use std::sync::Arc;

use anyhow::{bail, Context, Result};
use locus_kb::graph::{EdgeSelection, HopEvidence, Walk};
use locus_kb::KnowledgeBase;
use locus_model::{EntityRef, KgEdgeKind, TaxId, TermId};
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

fn resolve(kb: &KnowledgeBase, name: &str, tax: Option<TaxId>) -> Result<EntityRef> {
    if let Ok(term) = name.trim().parse::<TermId>() {
        return match kb.resolve_term(term)? {
            Some(t) => Ok(EntityRef::of_term(t)),
            None => bail!("no imported source names {term}"),
        };
    }
    Ok(match kb.resolve(name, tax)? {
        Resolution::Found { gene_id, .. } => EntityRef::Gene(gene_id),
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
            let known: Vec<&str> = KgEdgeKind::ALL.iter().map(|k| k.as_str()).collect();
            format!("unknown edge type {t:?}: use {}", known.join(", "))
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
            q.max_hops, answer.from.label, answer.to.label
        );
        return Ok(());
    };
    println!(
        "{} shortest path{} of {length} edge{} between {} and {}:",
        answer.paths.len(),
        if answer.paths.len() == 1 { "" } else { "s" },
        if length == 1 { "" } else { "s" },
        answer.from.label,
        answer.to.label
    );
    for (i, p) in answer.paths.iter().enumerate() {
        let names: Vec<&str> = p.nodes.iter().map(|g| g.label.as_str()).collect();
        println!("\n{}. {}", i + 1, names.join(" — "));
        for (h, hop) in p.hops.iter().enumerate() {
            println!(
                "   {}",
                describe(hop, &p.nodes[h].label, &p.nodes[h + 1].label)
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
    if let Some(rows) = &h.disease {
        let mut sources: Vec<&str> = rows.iter().map(|r| r.source_kind.label()).collect();
        sources.dedup();
        let pmids: usize = rows.iter().map(|r| r.pmids.len()).sum();
        return format!(
            "{a} — {b}: gene–disease association ({}{})",
            sources.join(", "),
            if pmids > 0 {
                format!(", {pmids} PubMed ids")
            } else {
                String::new()
            }
        );
    }
    if let Some(p) = &h.phenotype {
        let diseases: Vec<String> = p.diseases.iter().map(|d| d.id.to_string()).collect();
        return format!(
            "{a} — {b}: HPO phenotype of the gene, through {}",
            if diseases.is_empty() {
                "no named disease".to_string()
            } else {
                diseases.join(", ")
            }
        );
    }
    if let Some(go) = &h.go_annotations {
        let codes: Vec<&str> = go.iter().map(|g| g.evidence.as_str()).collect();
        return format!("{a} — {b}: GO annotation ({})", codes.join(", "));
    }
    format!("{a} — {b}: {}", h.kind.as_str())
}
