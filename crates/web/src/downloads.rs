//! Bulk downloads of the merged regulatory network, in the formats the
//! tools people already use read: TFLink's `simpleFormat`, KGX (Biolink)
//! node and edge TSVs for knowledge-graph tooling, and GMT gene sets of
//! each TF's targets for enrichment analysis (GSEA, fgsea, Enrichr).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use locus_model::{organism_name, ConsensusMode, GeneId, KgEdgeKind, TaxId};
use locus_store::NetworkEdge;
use maud::html;
use serde::Deserialize;

use crate::api::organism_param;
use crate::error::WebError;
use crate::pages::layout::{page as frame, thousands};
use crate::state::{AppState, HTML, TSV};
use crate::tsv::Tsv;

/// The files offered per organism.
pub const FILES: [(&str, &str); 4] = [
    (
        "tflink_simpleFormat.tsv",
        "TFLink simpleFormat: one row per TF–target edge, 15 columns, lists separated by semicolons",
    ),
    (
        "kgx_nodes.tsv",
        "KGX nodes (Biolink): every gene of the organism's regulation, interaction and orthology edges",
    ),
    (
        "kgx_edges.tsv",
        "KGX edges (Biolink): regulates, interacts_with and orthologous_to, with sources and PubMed ids",
    ),
    (
        "tf_targets.gmt",
        "GMT gene sets: the targets of each TF (filters: ?sources=, ?small_scale=true, ?mode=activation|repression)",
    ),
];

#[derive(Debug, Deserialize)]
pub struct GmtParams {
    /// Keep only edges with one of these sources (comma-separated).
    pub sources: Option<String>,
    /// Keep only small-scale edges.
    pub small_scale: Option<bool>,
    /// Keep only edges of this consensus mode.
    pub mode: Option<String>,
    /// Leave out TFs with fewer targets (default 1).
    pub min_size: Option<usize>,
}

/// `/downloads`: what can be downloaded, with row counts.
pub async fn page(State(state): State<Arc<AppState>>) -> Response {
    state
        .cached("page:downloads".into(), |state| {
            let stats = state.store.stats()?;
            let organisms: Vec<TaxId> = stats.genes_by_organism.keys().copied().collect();
            let mut counts = Vec::new();
            for &t in &organisms {
                counts.push((t, state.store.network(t)?.len()));
            }
            let body = frame(
                "Downloads",
                html! {
                    h1 { "Downloads" }
                    p { "The merged regulatory network of this store, one file per organism and format. "
                        "Every edge is the union of its imported sources; the per-gene pages offer TFLink-style "
                        code { "tfs_of_" } " and " code { "targets_of_" } " files and JSON." }
                    @for (t, n) in &counts {
                        @let org = organism_name(*t).map(str::to_string).unwrap_or_else(|| format!("taxon {t}"));
                        section {
                            h2 { i { (org) } " " span.count { (thousands(*n as u64)) " TF–target edges" } }
                            @if *n == 0 {
                                p.empty { "No regulation imported for this organism." }
                            } @else {
                                table.data {
                                    thead { tr { th { "File" } th { "Content" } } }
                                    tbody {
                                        @for (f, what) in FILES {
                                            tr {
                                                td.nowrap { a href=(format!("/downloads/{t}/{f}")) download { (f) } }
                                                td { (what) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                },
            );
            Ok((StatusCode::OK, HTML, body.into_string().into_bytes()))
        })
        .await
}

/// `/downloads/{organism}/{file}`.
pub async fn file(
    State(state): State<Arc<AppState>>,
    Path((organism, file)): Path<(String, String)>,
    Query(p): Query<GmtParams>,
) -> Response {
    let key = format!(
        "download:{organism}:{file}:{:?}:{:?}:{:?}:{:?}",
        p.sources, p.small_scale, p.mode, p.min_size
    );
    state
        .cached(key, move |state| {
            let tax = organism_param(&organism)?;
            let body = match file.as_str() {
                "tflink_simpleFormat.tsv" => simple_format(&state.store.network(tax)?),
                "kgx_nodes.tsv" | "kgx_edges.tsv" => {
                    let (nodes, edges) = kgx(state, tax)?;
                    if file == "kgx_nodes.tsv" {
                        nodes
                    } else {
                        edges
                    }
                }
                "tf_targets.gmt" => gmt(&state.store.network(tax)?, &p)?,
                other => {
                    return Err(WebError::NotFound(format!(
                        "no download {other:?}; see /downloads"
                    )))
                }
            };
            Ok((StatusCode::OK, TSV, body))
        })
        .await
}

fn dash(s: &str) -> &str {
    if s.is_empty() {
        "-"
    } else {
        s
    }
}

/// TFLink's `simpleFormat` columns. TFLink's four ortholog columns name
/// ortholog UniProt entries, which Locus does not hold; they are `-`.
pub fn simple_format(edges: &[NetworkEdge]) -> Vec<u8> {
    let mut t = Tsv::new(&locus_model::tflink::SIMPLE_FORMAT_COLUMNS);
    for e in edges {
        let pmids = locus_model::join_pmids(&e.edge.pmids).replace(',', ";");
        t.row([
            e.tf.uniprot.as_deref().unwrap_or("-"),
            e.target.uniprot.as_deref().unwrap_or("-"),
            &e.tf.gene_id.to_string(),
            &e.target.gene_id.to_string(),
            &e.tf.symbol,
            &e.target.symbol,
            dash(&e.edge.methods.join(";")),
            dash(&pmids),
            organism_name(e.edge.tax_id).unwrap_or("-"),
            &e.edge.sources.join(";"),
            if e.edge.small_scale { "Yes" } else { "No" },
            "-",
            "-",
            "-",
            "-",
        ]);
    }
    t.into_bytes()
}

fn curie(g: GeneId) -> String {
    format!("NCBIGene:{g}")
}

/// KGX TSV nodes and edges of one organism: its regulation and STRING
/// edges, and its orthology edges to other organisms (whose genes are
/// then nodes too).
fn kgx(state: &Arc<AppState>, tax: TaxId) -> Result<(Vec<u8>, Vec<u8>), WebError> {
    let idx = state.search_index()?;
    let network = state.store.network(tax)?;
    let mut nodes: BTreeMap<GeneId, (String, TaxId, Option<String>)> = BTreeMap::new();
    let mut edges = Tsv::new(&[
        "id",
        "subject",
        "predicate",
        "object",
        "category",
        "primary_knowledge_source",
        "publications",
        "knowledge_level",
        "agent_type",
        "object_direction_qualifier",
        "consensus_mode",
        "small_scale_evidence",
        "detection_methods",
        "string_combined_score",
    ]);
    for e in &network {
        for p in [&e.tf, &e.target] {
            nodes.insert(p.gene_id, (p.symbol.clone(), p.tax_id, p.uniprot.clone()));
        }
        let pubs: Vec<String> = e.edge.pmids.iter().map(|p| format!("PMID:{p}")).collect();
        let direction = match e.edge.mode {
            ConsensusMode::Activation => "upregulated",
            ConsensusMode::Repression => "downregulated",
            _ => "",
        };
        edges.row([
            format!("locus:regulation:{}-{}", e.tf.gene_id, e.target.gene_id).as_str(),
            &curie(e.tf.gene_id),
            KgEdgeKind::Regulation.biolink_predicate(),
            &curie(e.target.gene_id),
            "biolink:GeneRegulatesGeneAssociation",
            &e.edge.sources.join("|"),
            &pubs.join("|"),
            "not_provided",
            "not_provided",
            direction,
            e.edge.mode.as_str(),
            if e.edge.small_scale { "true" } else { "false" },
            &e.edge.methods.join("|"),
            "",
        ]);
    }
    let graph = state.graph()?;
    let tax_of = |g: GeneId| idx.gene(g).map(|e| e.tax_id);
    for i in 0..graph.edge_count() as u32 {
        let Some(e) = graph.edge(i) else { continue };
        if e.kind == KgEdgeKind::Regulation {
            continue;
        }
        let (ta, tb) = (tax_of(e.from), tax_of(e.to));
        if ta != Some(tax) && tb != Some(tax) {
            continue;
        }
        for g in [e.from, e.to] {
            if let Some(entry) = idx.gene(g) {
                nodes
                    .entry(g)
                    .or_insert_with(|| (entry.symbol.clone(), entry.tax_id, None));
            }
        }
        let (category, score) = match e.kind {
            KgEdgeKind::Interaction => (
                "biolink:PairwiseGeneToGeneInteraction",
                e.strength.to_string(),
            ),
            _ => ("biolink:GeneToGeneHomologyAssociation", String::new()),
        };
        edges.row([
            format!("locus:{}:{}-{}", e.kind.as_str(), e.from, e.to).as_str(),
            &curie(e.from),
            e.kind.biolink_predicate(),
            &curie(e.to),
            category,
            &graph.source_names(e.source_mask).join("|"),
            "",
            "not_provided",
            "not_provided",
            "",
            "",
            "",
            "",
            &score,
        ]);
    }
    let mut n = Tsv::new(&["id", "category", "name", "in_taxon", "xref", "provided_by"]);
    for (g, (symbol, t, uniprot)) in &nodes {
        n.row([
            curie(*g).as_str(),
            "biolink:Gene",
            symbol,
            &format!("NCBITaxon:{t}"),
            &uniprot
                .as_ref()
                .map(|u| format!("UniProtKB:{u}"))
                .unwrap_or_default(),
            "locus",
        ]);
    }
    Ok((n.into_bytes(), edges.into_bytes()))
}

/// GMT: one line per TF, `name<TAB>description<TAB>target symbols…`.
fn gmt(edges: &[NetworkEdge], p: &GmtParams) -> Result<Vec<u8>, WebError> {
    let sources: BTreeSet<&str> = p
        .sources
        .as_deref()
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let mode = match p.mode.as_deref() {
        None | Some("") => None,
        Some(m) => Some(ConsensusMode::parse(m).ok_or_else(|| {
            WebError::BadRequest(format!(
                "unknown mode {m:?}: use activation, repression, conflicting or unknown"
            ))
        })?),
    };
    let mut sets: BTreeMap<(String, GeneId), BTreeSet<String>> = BTreeMap::new();
    for e in edges {
        if !sources.is_empty() && !e.edge.sources.iter().any(|s| sources.contains(s.as_str())) {
            continue;
        }
        if p.small_scale == Some(true) && !e.edge.small_scale {
            continue;
        }
        if mode.is_some_and(|m| m != e.edge.mode) {
            continue;
        }
        sets.entry((e.tf.symbol.clone(), e.tf.gene_id))
            .or_default()
            .insert(e.target.symbol.clone());
    }
    let min = p.min_size.unwrap_or(1);
    let mut out = String::new();
    for ((symbol, gene_id), targets) in sets {
        if targets.len() < min {
            continue;
        }
        out.push_str(&symbol);
        out.push('\t');
        out.push_str(&format!(
            "Locus: {} targets of {symbol} (NCBI GeneID {gene_id})",
            targets.len()
        ));
        for t in targets {
            out.push('\t');
            out.push_str(&t);
        }
        out.push('\n');
    }
    Ok(out.into_bytes())
}
