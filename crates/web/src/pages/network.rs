//! The network sections of a gene page: who regulates the gene and what it
//! regulates (TFLink-style tables), orthologs, STRING interactions, TF
//! binding sites, and the knowledge-graph summary with its interactive
//! neighbourhood view.

use std::collections::BTreeSet;

use locus_model::{organism_name, ConsensusMode, GeneId};
use locus_store::{
    BindingSitePage, GeneDetail, InteractionPage, KgCounts, OrthologRow, RegulationEdgeRow,
};
use maud::{html, Markup};

use super::layout::thousands;
use super::search::gene_href;
use crate::network_api::RULES;

/// Neighbours drawn in the graph view; hubs like TP53 have thousands.
pub const GRAPH_NODES: usize = 40;
/// STRING partners listed on the page (the API lists all).
pub const INTERACTIONS_SHOWN: u64 = 25;
/// Binding sites listed on the page (the API and TSV list all).
pub const SITES_SHOWN: u64 = 20;

/// Everything the network sections show for one gene.
pub struct NetworkData {
    pub counts: KgCounts,
    pub regulators: Vec<RegulationEdgeRow>,
    pub targets: Vec<RegulationEdgeRow>,
    pub orthologs: Vec<OrthologRow>,
    pub interactions: InteractionPage,
    pub sites: BindingSitePage,
}

fn pubmed_links(pmids: &[u32]) -> Markup {
    // Long lists link to one PubMed search instead of dozens of ids.
    const SHOWN: usize = 3;
    html! {
        @for (i, p) in pmids.iter().take(SHOWN).enumerate() {
            @if i > 0 { " " }
            a.pmid href=(format!("https://pubmed.ncbi.nlm.nih.gov/{p}/")) { (p) }
        }
        @if pmids.len() > SHOWN {
            " "
            a.more href=(pubmed_search(pmids)) title="All PubMed ids of this edge, as one PubMed search" { "+" (pmids.len() - SHOWN) " more" }
        }
    }
}

fn pubmed_search(pmids: &[u32]) -> String {
    let ids: Vec<String> = pmids.iter().map(|p| p.to_string()).collect();
    format!(
        "https://pubmed.ncbi.nlm.nih.gov/?term={}%5Buid%5D",
        ids.join("%5Buid%5D+OR+")
    )
}

fn mode_cell(r: &RegulationEdgeRow) -> Markup {
    let e = &r.edge;
    html! {
        @match e.mode {
            ConsensusMode::Activation => td.mode.act { "activation" },
            ConsensusMode::Repression => td.mode.rep { "repression" },
            ConsensusMode::Conflicting => td.mode.conflict title=(format!(
                "{} of {} evidence rows state activation, {} repression", e.activation_rows, e.evidence_rows, e.repression_rows)) {
                "conflicting " span.muted { "(" (e.activation_rows) " act / " (e.repression_rows) " rep)" }
            },
            ConsensusMode::Unknown => td.mode.unknown { "unknown" },
        }
    }
}

fn sources_of(rows: &[RegulationEdgeRow]) -> Vec<String> {
    let set: BTreeSet<&str> = rows
        .iter()
        .flat_map(|r| r.edge.sources.iter().map(String::as_str))
        .collect();
    set.into_iter().map(str::to_string).collect()
}

/// One "Regulated by" or "Regulates" table with its filters.
fn regulation_table(id: &str, rows: &[RegulationEdgeRow], partner_role: &str) -> Markup {
    let sources = sources_of(rows);
    let small = rows.iter().filter(|r| r.edge.small_scale).count();
    html! {
        @if rows.is_empty() {
            p.empty { "None imported." }
        } @else {
            div.reg-filter data-table=(id) {
                label { "Source " select.src-filter {
                    option value="" { "All sources" }
                    @for s in &sources { option value=(s) { (s) } }
                } }
                label { input.ss-filter type="checkbox"; " Small-scale evidence only (" (small) ")" }
                span.shown { "Showing " (rows.len()) " of " (rows.len()) }
            }
            div.table-scroll {
                table.data.sortable.regtable id=(id) {
                    thead { tr {
                        th { (partner_role) }
                        th { "UniProt" }
                        th.num title="NCBI Gene identifier" { "GeneID" }
                        th { "Sources" }
                        th title="— : the sources do not state a detection method" { "Detection methods" }
                        th { "PubMed" }
                        th title="Small-scale (low-throughput, literature-curated) evidence" { "Small-scale" }
                        th { "Mode" }
                    } }
                    tbody {
                        @for r in rows {
                            @let p = &r.partner;
                            // Rows are kept lean: a hub such as TP53 lists over a thousand.
                            tr data-sources=(r.edge.sources.join("|")) data-small=(if r.edge.small_scale { "1" } else { "0" }) {
                                td { a.sym href=(gene_href(p.gene_id, &p.symbol, p.tax_id)) { (p.symbol) } }
                                td { (p.uniprot.as_deref().unwrap_or("")) }
                                td.num { (p.gene_id) }
                                td.sources { (r.edge.sources.join(", ")) }
                                td.methods { @if r.edge.methods.is_empty() { "—" } @else { (r.edge.methods.join("; ")) } }
                                td.pmids data-sort=(r.edge.pmids.len()) { (pubmed_links(&r.edge.pmids)) }
                                @if r.edge.small_scale { td.yes { "Yes" } } @else { td.no { "No" } }
                                (mode_cell(r))
                            }
                        }
                    }
                }
            }
        }
    }
}

fn download_links(gene_id: GeneId, section: &str, file: &str) -> Markup {
    html! {
        span.downloads {
            a href=(format!("/api/v1/genes/{gene_id}/{section}?format=tsv")) download=(file) title="TFLink column layout" { "TSV" }
            a href=(format!("/api/v1/genes/{gene_id}/{section}?evidence=true")) { "JSON" }
        }
    }
}

/// "Regulation": the TFs of this gene and the targets it regulates.
pub fn regulation_section(g: &GeneDetail, d: &NetworkData) -> Markup {
    // TFLink names its files by the protein's UniProt accession.
    let tag = g.uniprot.clone().unwrap_or_else(|| g.gene_id.to_string());
    html! {
        section {
            div.section-head {
                h2 id="regulation" { "Regulation" }
            }
            p.muted {
                "One row per transcription factor–target pair, merged over every imported source (TFLink, TRRUST, CollecTRI, DoRothEA, RegNetwork). "
                "Sources and PubMed ids are the union over the pair's evidence rows. "
                details.rules {
                    summary { "How the small-scale flag and the mode are decided" }
                    dl {
                        dt { "Small-scale" } dd { (RULES.small_scale) }
                        dt { "Mode" } dd { (RULES.mode) }
                    }
                }
            }
            div.section-head {
                h3 id="regulated-by" { "Regulated by " span.count { (thousands(d.regulators.len() as u64)) } " transcription factors" }
                (download_links(g.gene_id, "regulators", &format!("tfs_of_{tag}.tsv")))
            }
            (regulation_table("regulators", &d.regulators, "Transcription factor"))
            div.section-head {
                h3 id="regulates" { "Regulates " span.count { (thousands(d.targets.len() as u64)) } " targets" }
                (download_links(g.gene_id, "targets", &format!("targets_of_{tag}.tsv")))
            }
            (regulation_table("targets", &d.targets, "Target"))
        }
    }
}

/// "Orthologs", linked to the other species' gene pages.
pub fn orthologs_section(rows: &[OrthologRow]) -> Markup {
    html! {
        section {
            div.section-head { h2 id="orthologs" { "Orthologs " span.count { (rows.len()) } } }
            @if rows.is_empty() {
                p.empty { "No orthologs imported for this gene." }
            } @else {
                table.data.sortable {
                    thead { tr { th { "Gene" } th { "Organism" } th { "Name" } th { "Homology type" } th title="Ensembl orthology confidence (0 low, 1 high)" { "Confidence" } th.num title="Ensembl gene-order conservation score (0–100)" { "Gene-order conservation" } } }
                    tbody {
                        @for o in rows {
                            @let p = &o.partner;
                            tr {
                                td { a.sym href=(gene_href(p.gene_id, &p.symbol, p.tax_id)) { (p.symbol) } }
                                td { i { (organism_name(p.tax_id).unwrap_or("")) } }
                                td { (p.name.as_deref().unwrap_or("")) }
                                td { (o.homology_type.replace('_', " ")) }
                                td { @match o.confidence { Some(1) => "high", Some(0) => "low", _ => span.muted { "—" } } }
                                td.num { @if let Some(s) = o.goc_score { (s) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// "Knowledge graph": edge counts by type and the neighbourhood view.
pub fn kg_section(g: &GeneDetail, d: &NetworkData, graph_sources: &[String]) -> Markup {
    let c = &d.counts;
    html! {
        section {
            div.section-head { h2 id="graph" { "Knowledge graph" } }
            p.kg-total { "KG connections: " strong { (thousands(c.edges())) " edges" } }
            div.stats {
                div.stat { div.v { (thousands(c.regulators)) } div.k { "regulated by (TF → this gene)" } }
                div.stat { div.v { (thousands(c.targets)) } div.k { "regulates (this gene → target)" } }
                div.stat { div.v { (thousands(c.interactions)) } div.k { "protein interactions (STRING)" } }
                div.stat { div.v { (thousands(c.orthologs)) } div.k { "orthologs" } }
                @if c.binding_sites > 0 { div.stat { div.v { (thousands(c.binding_sites)) } div.k { "TF binding sites" } } }
            }
            @if c.edges() > 0 {
                div #kg-view data-gene=(g.gene_id) data-symbol=(g.symbol) data-limit=(GRAPH_NODES) {
                    div.kg-controls {
                        label { input.kg-type type="checkbox" value="regulation" checked; " Regulation" }
                        label { input.kg-type type="checkbox" value="interaction" checked; " Protein interaction (STRING)" }
                        label { input.kg-type type="checkbox" value="orthology" checked; " Orthology" }
                        label { "Source " select.kg-source {
                            option value="" { "All sources" }
                            @for s in graph_sources { option value=(s) { (s) } }
                        } }
                    }
                    div.kg-canvas aria-label="Knowledge-graph neighbourhood" {}
                    p.kg-status aria-live="polite" { "Loading the neighbourhood view…" }
                    noscript { p { "The interactive view needs JavaScript. The same neighbours are at "
                        a href=(format!("/api/v1/genes/{}/neighbors", g.gene_id)) { "/api/v1/genes/" (g.gene_id) "/neighbors" } "." } }
                }
                script src="/static/cytoscape.min.js" defer {}
            }
        }
    }
}

/// "Protein interactions": the best-scored STRING partners.
pub fn interactions_section(g: &GeneDetail, page: &InteractionPage) -> Markup {
    html! {
        section {
            div.section-head {
                h2 id="interactions" { "Protein interactions " span.count { (thousands(page.total)) } }
                @if page.total > 0 { span.downloads { a href=(format!("/api/v1/genes/{}/interactions", g.gene_id)) { "JSON" } } }
            }
            @if page.rows.is_empty() {
                p.empty { "No STRING associations imported for this gene." }
            } @else {
                p.muted { "STRING v12 scores (0–1000) by evidence channel, best combined score first"
                    @if page.total > page.rows.len() as u64 { "; the " (page.rows.len()) " best of " (thousands(page.total)) " are shown" } "." }
                div.table-scroll {
                    table.data.sortable {
                        thead { tr { th { "Partner" } th { "STRING proteins" } th.num { "Combined" } th.num { "Experimental" } th.num { "Database" } th.num { "Text mining" } th.num { "Co-expression" } th.num { "Neighbourhood" } th.num { "Fusion" } th.num { "Co-occurrence" } } }
                        tbody {
                            @for r in &page.rows {
                                @let s = &r.scores;
                                tr {
                                    td { a.sym href=(gene_href(r.partner.gene_id, &r.partner.symbol, r.partner.tax_id)) { (r.partner.symbol) } }
                                    td.muted { (r.protein) " – " (r.partner_protein) }
                                    td.num { strong { (s.combined_score) } }
                                    td.num { (s.experimental) } td.num { (s.database) } td.num { (s.textmining) }
                                    td.num { (s.coexpression) } td.num { (s.neighborhood) } td.num { (s.fusion) } td.num { (s.cooccurence) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// "TF binding sites" (TFLink), shown only for TFs that have them.
pub fn binding_sites_section(g: &GeneDetail, page: &BindingSitePage) -> Markup {
    html! {
        @if page.total > 0 {
            section {
                div.section-head {
                    h2 id="binding-sites" { "TF binding sites " span.count { (thousands(page.total)) } }
                    span.downloads { a href=(format!("/api/v1/genes/{}/binding_sites", g.gene_id)) { "JSON" } }
                }
                p.muted { "Genomic positions where " (g.symbol) " binds, as TFLink lists them (first " (page.rows.len()) " in genome order)." }
                table.data.sortable {
                    thead { tr { th { "TFLink id" } th { "Assembly" } th { "Position" } th { "Strand" } th { "Method" } th { "Source" } th { "PubMed" } } }
                    tbody {
                        @for s in &page.rows {
                            tr {
                                td { (s.tflink_id) }
                                td { (s.assembly) }
                                td.nowrap { (s.chromosome) ":" (thousands(s.start)) "–" (thousands(s.end)) }
                                td { (s.strand) }
                                td { (s.methods.join("; ")) }
                                td { (s.databases.join(", ")) }
                                td { (pubmed_links(&s.pmids)) }
                            }
                        }
                    }
                }
            }
        }
    }
}
