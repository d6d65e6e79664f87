//! The network blocks of a gene page: who regulates the gene and what it
//! regulates (TFLink-style tables, paged and filtered on the server when
//! long), orthologs, STRING interactions, TF binding sites, and the
//! knowledge-graph summary with its interactive neighbourhood view.

use locus_kb::gene::{edges_per_page, GenePage, Section, WHOLE_TABLE_MAX};
use locus_kb::regulation::RULES;
use locus_model::{ConsensusMode, Pmid};
use locus_store::{
    BindingSitePage, GeneDetail, InteractionPage, OrthologRow, RegulationEdgeRow, RegulationPage,
};
use maud::{html, Markup};

use super::layout::{section_head, thousands};
use super::links::PageLinks;
use super::search::gene_href;

/// Neighbours drawn in the graph view; hubs like TP53 have thousands.
pub const GRAPH_NODES: usize = 40;

/// PubMed ids as links to their PubMed pages, separated by spaces.
pub fn pmid_links<'a>(pmids: impl IntoIterator<Item = &'a Pmid>) -> Markup {
    html! {
        @for (i, p) in pmids.into_iter().enumerate() {
            @if i > 0 { " " }
            a href=(format!("https://pubmed.ncbi.nlm.nih.gov/{p}/")) { (p) }
        }
    }
}

/// How the small-scale flag and the mode are decided, folded.
pub fn rules_details() -> Markup {
    html! {
        details.rules {
            summary { "How the small-scale flag and the mode are decided" }
            dl {
                dt { "Small-scale" } dd { (RULES.small_scale) }
                dt { "Mode" } dd { (RULES.mode) }
            }
        }
    }
}

/// Up to two PubMed ids of an edge; more are the first and "+N", a link
/// to the edge's own page with every id and every evidence row: hub
/// tables list hundreds of edges, so each cell stays short.
fn pubmed_links(pmids: &[Pmid], edge: &str) -> Markup {
    let shown = if pmids.len() <= 2 { pmids.len() } else { 1 };
    html! {
        (pmid_links(pmids.iter().take(shown)))
        @if pmids.len() > shown {
            " "
            a.more href=(edge) { "+" (pmids.len() - shown) }
        }
    }
}

/// The first three PubMed ids, and all of them as one PubMed search.
fn pubmed_list(pmids: &[Pmid]) -> Markup {
    html! {
        (pmid_links(pmids.iter().take(3)))
        @if pmids.len() > 3 { " " a.more href=(pubmed_search(pmids)) { "+" (pmids.len() - 3) } }
    }
}

/// One PubMed search for all of `pmids`.
pub fn pubmed_search(pmids: &[Pmid]) -> String {
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
            ConsensusMode::Activation => td.act { "activation" },
            ConsensusMode::Repression => td.rep { "repression" },
            ConsensusMode::Conflicting => td.conflict title=(format!(
                "{} of {} evidence rows state activation, {} repression", e.activation_rows, e.evidence_rows, e.repression_rows)) {
                "conflicting " span.muted { "(" (e.activation_rows) " act / " (e.repression_rows) " rep)" }
            },
            ConsensusMode::Unknown => td.unknown { "unknown" },
        }
    }
}

/// The page parameters of one regulation table.
pub struct TableParams<'a> {
    /// `regulators` or `targets`: prefix of the table's URL parameters.
    pub prefix: &'static str,
    /// The filter's source.
    pub source: Option<&'a str>,
    /// The filter's small-scale flag.
    pub small_only: bool,
}

/// One "Regulated by" or "Regulates" table with its filters.
///
/// When every matching edge is on the page, the filters also work in the
/// browser without a round trip; a longer list is paged and filtered on
/// the server (the form submits), so a hub's page stays small.
fn regulation_table(
    section: Section,
    page: &RegulationPage,
    sources: &[String],
    partner_role: &str,
    t: &TableParams<'_>,
    links: &PageLinks,
) -> Markup {
    let id = section.slug();
    let rows = &page.rows;
    let per_page = edges_per_page(page.total);
    let complete = page.matching == page.total && page.total <= WHOLE_TABLE_MAX;
    let pages = page.matching.div_ceil(per_page).max(1);
    let current = page.offset / per_page + 1;
    let anchor = section.anchor();
    let (source_key, small_key, page_key) = (
        format!("{}_source", t.prefix),
        format!("{}_small", t.prefix),
        format!("{}_page", t.prefix),
    );
    html! {
        @if page.total == 0 {
            p.empty { "None imported." }
        } @else {
            form.reg-filter method="get" action=(format!("#{anchor}")) data-table=(id) data-complete=(if complete { "1" } else { "0" }) {
                @for (k, v) in links.kept_except(t.prefix) {
                    input type="hidden" name=(k) value=(v);
                }
                label { "Source " select.src-filter name=(source_key) {
                    option value="" { "All sources" }
                    @for s in sources {
                        @if Some(s.as_str()) == t.source { option value=(s) selected { (s) } } @else { option value=(s) { (s) } }
                    }
                } }
                label {
                    @if t.small_only { input.ss-filter type="checkbox" name=(small_key) value="true" checked; }
                    @else { input.ss-filter type="checkbox" name=(small_key) value="true"; }
                    " Small-scale evidence only"
                }
                button.apply type="submit" { "Apply" }
                span.shown {
                    @if complete {
                        "Showing " (rows.len()) " of " (page.total)
                    } @else {
                        "Showing " (thousands(page.offset + if rows.is_empty() { 0 } else { 1 })) "–" (thousands(page.offset + rows.len() as u64))
                        " of " (thousands(page.matching))
                        @if page.matching < page.total { " matching (" (thousands(page.total)) " in all)" }
                    }
                }
            }
            @if rows.is_empty() {
                p.empty { "No edge passes this filter." }
            } @else {
                div.table-scroll {
                    table.data.sortable.regtable id=(id) {
                        thead { tr {
                            th { (partner_role) }
                            th { "UniProt" }
                            th title="NCBI Gene identifier" { "GeneID" }
                            th { "Sources" }
                            th title="— : the sources do not state a detection method" { "Detection methods" }
                            th title="The first PubMed ids; +N opens the edge with all its ids and evidence rows" { "PubMed" }
                            th title="Small-scale (low-throughput, literature-curated) evidence" { "Small-scale" }
                            th { "Mode" }
                        } }
                        tbody {
                            @for r in rows {
                                @let p = &r.partner;
                                // Lean rows (styled by column in locus.css): a
                                // hub's page lists hundreds of them.
                                tr {
                                    td { a href=(gene_href(p.gene_id, &p.symbol, p.tax_id)) { (p.symbol) } }
                                    td { (p.uniprot.as_deref().unwrap_or("")) }
                                    td { (p.gene_id) }
                                    td.sources { (r.edge.sources.join(", ")) }
                                    td { @if r.edge.methods.is_empty() { "—" } @else { (r.edge.methods.join("; ")) } }
                                    td { (pubmed_links(&r.edge.pmids, &format!("/regulation/{}/{}", r.edge.tf, r.edge.target))) }
                                    @if r.edge.small_scale { td.yes { "Yes" } } @else { td.no { "No" } }
                                    (mode_cell(r))
                                }
                            }
                        }
                    }
                }
            }
            @if pages > 1 {
                nav.pager aria-label=(format!("{} pages", section.title())) {
                    @if current > 1 { a href=(links.with(&page_key, &(current - 1).to_string(), anchor)) rel="prev" { "← Stronger" } }
                    span { "Page " (current) " of " (pages) }
                    @if current < pages { a href=(links.with(&page_key, &(current + 1).to_string(), anchor)) rel="next" { "Weaker →" } }
                }
            }
        }
    }
}

fn download_links(g: &GeneDetail, section: Section, t: &TableParams<'_>) -> Markup {
    let mut query = vec![("format", "tsv".to_string())];
    let mut json = vec![("evidence", "true".to_string())];
    if let Some(s) = t.source {
        query.push(("source", s.to_string()));
        json.push(("source", s.to_string()));
    }
    if t.small_only {
        query.push(("small_scale", "true".into()));
        json.push(("small_scale", "true".into()));
    }
    let qs = |q: &[(&str, String)]| serde_urlencoded::to_string(q).unwrap_or_default();
    let base = format!("/api/v1/genes/{}/{}", g.gene_id, section.slug());
    html! {
        span.downloads {
            a href=(format!("{base}?{}", qs(&query))) download=(section.tsv_file_name(g)) title="Every matching edge, in TFLink's column layout" { "TSV" }
            a href=(format!("{base}?{}", qs(&json))) title="Every matching edge with its source rows" { "JSON" }
        }
    }
}

/// "Regulation": the TFs of this gene and the targets it regulates.
pub fn regulation_intro() -> Markup {
    html! {
        div.section-head {
            h2 id="regulation" { "Regulation" }
        }
        p.muted {
            "One row per transcription factor–target pair, merged over every imported source (TFLink, TRRUST, CollecTRI, DoRothEA, RegNetwork), strongest evidence first. "
            "Sources and PubMed ids are the union over the pair's evidence rows. "
            (rules_details())
        }
    }
}

/// One side of the regulation block.
pub fn regulation_side(
    p: &GenePage,
    section: Section,
    t: &TableParams<'_>,
    links: &PageLinks,
) -> Markup {
    let g = &p.doc.gene;
    let (page, sources, noun, role) = match section {
        Section::Regulators => (
            &p.regulators,
            &p.regulation_sources.0,
            "transcription factors",
            "Transcription factor",
        ),
        _ => (&p.targets, &p.regulation_sources.1, "targets", "Target"),
    };
    html! {
        div.section-head {
            h3 id=(section.anchor()) { (section.title()) " " span.count { (thousands(page.total)) } " " (noun) }
            (download_links(g, section, t))
        }
        (regulation_table(section, page, sources, role, t, links))
    }
}

/// "Orthologs", linked to the other species' gene pages.
pub fn orthologs_section(rows: &[OrthologRow]) -> Markup {
    html! {
        section {
            div.section-head { h2 id=(Section::Orthologs.anchor()) { "Orthologs " span.count { (rows.len()) } } }
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
                                td { i { (p.tax_id.scientific_name().unwrap_or("")) } }
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
pub fn kg_section(p: &GenePage) -> Markup {
    let g = &p.doc.gene;
    let c = &p.doc.knowledge_graph;
    html! {
        section {
            div.section-head { h2 id=(Section::KnowledgeGraph.anchor()) { "Knowledge graph" } }
            p.kg-total { "KG connections: " strong { (thousands(c.edges())) " edges" }
                " (" (thousands(c.gene_edges())) " curated to genes, " (thousands(c.diseases + c.phenotypes + c.go_terms)) " to diseases, phenotypes and GO terms"
                @let mined = c.co_mentioned_genes + c.co_mentioned_diseases + c.co_mentioned_chemicals;
                @if mined > 0 { ", " (thousands(mined)) " text-mined co-mentions" }
                ")" }
            div.stats {
                div.stat { div.v { (thousands(c.regulators)) } div.k { "regulated by (TF → this gene)" } }
                div.stat { div.v { (thousands(c.targets)) } div.k { "regulates (this gene → target)" } }
                div.stat { div.v { (thousands(c.interactions)) } div.k { "protein interactions (STRING)" } }
                div.stat { div.v { (thousands(c.orthologs)) } div.k { "orthologs" } }
                div.stat { div.v { (thousands(c.diseases)) } div.k { "diseases" } }
                div.stat { div.v { (thousands(c.phenotypes)) } div.k { "phenotypes (HPO)" } }
                div.stat { div.v { (thousands(c.go_terms)) } div.k { "GO terms" } }
                @if c.binding_sites > 0 { div.stat { div.v { (thousands(c.binding_sites)) } div.k { "TF binding sites" } } }
                @if c.co_mentioned_genes > 0 { div.stat title="Genes named with this gene in a sentence of an imported GeneRIF or abstract (Locus's tagger)" { div.v { (thousands(c.co_mentioned_genes)) } div.k { "genes named with it" } } }
                @if c.co_mentioned_diseases > 0 { div.stat title="Diseases and phenotypes named with this gene in a sentence of an imported GeneRIF or abstract" { div.v { (thousands(c.co_mentioned_diseases)) } div.k { "diseases named with it" } } }
                @if c.co_mentioned_chemicals > 0 { div.stat title="Chemicals (MeSH) named with this gene in a sentence of an imported GeneRIF or abstract" { div.v { (thousands(c.co_mentioned_chemicals)) } div.k { "chemicals named with it" } } }
            }
            @if c.edges() > 0 {
                (kg_view(locus_model::EntityKind::Gene, &g.gene_id.to_string(), &format!("/api/v1/genes/{}/neighbors", g.gene_id), &g.symbol, html! {
                    label { input.kg-type type="checkbox" value="regulation" checked; " Regulation" }
                    label { input.kg-type type="checkbox" value="interaction" checked; " Protein interaction (STRING)" }
                    label { input.kg-type type="checkbox" value="orthology" checked; " Orthology" }
                    @if c.diseases > 0 { label { input.kg-type type="checkbox" value="disease"; " Diseases" } }
                    @if c.phenotypes > 0 { label { input.kg-type type="checkbox" value="phenotype"; " Phenotypes" } }
                    @if c.go_terms > 0 { label { input.kg-type type="checkbox" value="go_annotation"; " GO terms" } }
                    @if c.co_mentioned_genes > 0 { label { input.kg-type type="checkbox" value="co_mention"; " Genes named together" } }
                    @if c.co_mentioned_diseases > 0 { label { input.kg-type type="checkbox" value="disease_co_mention"; " Diseases named together" } }
                    @if c.co_mentioned_chemicals > 0 { label { input.kg-type type="checkbox" value="chemical_co_mention"; " Chemicals named together" } }
                    label { "Source " select.kg-source {
                        option value="" { "All sources" }
                        @for s in &p.graph_sources { option value=(s) { (s) } }
                    } }
                }))
            }
        }
    }
}

/// The interactive neighbourhood view of the node of `kind` and `id`
/// (drawn by locus.js with Cytoscape.js from its `neighbors` route), with
/// its `controls`, and the link to the same neighbours for readers
/// without JavaScript.
fn kg_view(
    kind: locus_model::EntityKind,
    id: &str,
    neighbors: &str,
    label: &str,
    controls: Markup,
) -> Markup {
    html! {
        div #kg-view data-neighbors=(neighbors) data-kind=(kind.as_str()) data-id=(id) data-label=(label) data-limit=(GRAPH_NODES) {
            div.kg-controls { (controls) }
            div.kg-canvas aria-label="Knowledge-graph neighbourhood" {}
            p.kg-status aria-live="polite" { "Loading the neighbourhood view…" }
            noscript { p { "The interactive view needs JavaScript. The same neighbours are at "
                a href=(neighbors) { (neighbors) } "." } }
        }
        script src=(super::assets::assets().cytoscape.url) defer {}
    }
}

/// A term's place in the knowledge graph: how many genes it joins and the
/// neighbourhood view centred on it, with the regulation and interaction
/// edges among those genes.
pub fn term_kg_section(
    term: locus_model::TermId,
    label: &str,
    genes: u64,
    kind: locus_model::KgEdgeKind,
) -> Markup {
    html! {
        section #knowledge-graph {
            div.section-head { h2 { "Knowledge graph" } }
            p.kg-total { "KG connections: " strong { (thousands(genes)) (if genes == 1 { " gene" } else { " genes" }) }
                " · the strongest " (GRAPH_NODES) " drawn with the regulation and protein interactions among them" }
            @if genes > 0 {
                (kg_view(locus_model::EntityRef::of_term(term).kind(), &term.to_string(), &format!("/api/v1/terms/{term}/neighbors"), label, html! {
                    label { input.kg-type type="checkbox" value=(kind.as_str()) checked disabled; " Genes of this term" }
                    label { input.kg-type type="checkbox" value="regulation" checked; " Regulation among them" }
                    label { input.kg-type type="checkbox" value="interaction" checked; " Protein interaction (STRING)" }
                }))
            }
        }
    }
}

/// "Protein interactions": the best-scored STRING partners.
pub fn interactions_section(g: &GeneDetail, page: &InteractionPage) -> Markup {
    html! {
        section {
            div.section-head {
                h2 id=(Section::Interactions.anchor()) { "Protein interactions " span.count { (thousands(page.total)) } }
                @if page.total > 0 { span.downloads {
                    a href=(format!("/api/v1/genes/{}/interactions?format=tsv", g.gene_id)) download=(Section::Interactions.tsv_file_name(g)) { "TSV" }
                    a href=(format!("/api/v1/genes/{}/interactions", g.gene_id)) { "JSON" }
                } }
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
                (section_head(Section::BindingSites, Some(page.total), g))
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
                                td { (pubmed_list(&s.pmids)) }
                            }
                        }
                    }
                }
            }
        }
    }
}
