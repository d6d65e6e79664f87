//! The gene page: header, property summary, GeneRIFs, references, GO
//! annotations, protein sequence and the provenance of it all.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use locus_model::{organism_name, DbXref, GoAnnotation, GoAspect, ImportRecord, ProteinEntry};
use locus_store::{GeneDetail, Resolution};
use maud::{html, Markup};
use serde::Deserialize;

use super::layout::{location, page as frame, thousands};
use super::network::{self, NetworkData};
use super::search::{gene_href, hits_table};
use crate::api::{organism_param, DEFINITIONS, MAX_QUERY_LEN};
use crate::error::WebError;
use crate::state::{AppState, HTML};

/// References shown per page.
pub const REFS_PER_PAGE: u64 = 50;

#[derive(Deserialize)]
pub struct Params {
    organism: Option<String>,
    /// 1-based page of the reference list.
    refs: Option<u64>,
}

pub async fn page(
    State(state): State<Arc<AppState>>,
    Path(query): Path<String>,
    Query(p): Query<Params>,
) -> Response {
    let refs_page = p.refs.unwrap_or(1).max(1);
    let key = format!("page:gene:{query}:{:?}:{refs_page}", p.organism);
    state
        .cached(key, move |state| {
            let (status, body) = render(state, &query, p.organism.as_deref(), refs_page)?;
            Ok((status, HTML, body.into_string().into_bytes()))
        })
        .await
}

/// Renders whatever `/genes/{query}` shows: the gene, a choice, or a 404.
pub fn render(
    state: &Arc<AppState>,
    query: &str,
    organism: Option<&str>,
    refs_page: u64,
) -> Result<(StatusCode, Markup), WebError> {
    if query.len() > MAX_QUERY_LEN {
        return Err(WebError::BadRequest("gene name too long".into()));
    }
    let tax = organism
        .filter(|s| !s.is_empty())
        .map(organism_param)
        .transpose()?;
    match state.store.resolve(query, tax)? {
        Resolution::Found {
            gene_id,
            matched,
            also_alias_of,
        } => {
            let g = state
                .store
                .gene(gene_id)?
                .ok_or_else(|| WebError::NotFound(format!("gene {gene_id}")))?;
            Ok((
                StatusCode::OK,
                gene_page(state, &g, query, &matched, &also_alias_of, refs_page)?,
            ))
        }
        Resolution::Ambiguous { candidates } => Ok((
            StatusCode::OK,
            frame(
                &format!("{query}: several genes"),
                html! {
                    h1 { (query) " names " (candidates.len()) " genes" }
                    p { "The name " strong { (query) } " is used for more than one gene. Choose one:" }
                    table.data {
                        thead { tr { th { "Symbol" } th { "Name" } th { "Organism" } th { "Location" } th { "GeneID" } } }
                        tbody {
                            @for c in &candidates {
                                tr {
                                    td { a.sym href=(gene_href(c.gene_id, &c.symbol, c.tax_id)) { (c.symbol) } }
                                    td { (c.name.as_deref().unwrap_or("")) }
                                    td { i { (organism_name(c.tax_id).unwrap_or("")) } }
                                    td { (c.map_location.as_deref().map(location).unwrap_or_default()) }
                                    td { a href=(format!("/genes/{}", c.gene_id)) { (c.gene_id) } }
                                }
                            }
                        }
                    }
                },
            ),
        )),
        Resolution::NotFound => {
            let suggestions = state.search_index()?.suggest(query, tax, 10);
            Ok((
                StatusCode::NOT_FOUND,
                frame(
                    "Gene not found",
                    html! {
                        h1 { "No gene named " code { (query) } }
                        @if let Some(t) = tax { p.muted { "Organism: " (organism_name(t).map(str::to_string).unwrap_or_else(|| format!("taxon {t}"))) } }
                        @if suggestions.is_empty() {
                            p { "No gene in this store has a similar symbol or alias. Check the spelling, or search by words of the gene's name." }
                        } @else {
                            p { "Did you mean one of these?" }
                            (hits_table(&suggestions))
                        }
                    },
                ),
            ))
        }
    }
}

fn xref_link(x: &DbXref) -> Option<(String, String, String)> {
    let (label, url) = match x.db.as_str() {
        "Ensembl" => ("Ensembl", format!("https://www.ensembl.org/id/{}", x.id)),
        "UniProtKB" => (
            "UniProt",
            format!("https://www.uniprot.org/uniprotkb/{}", x.id),
        ),
        "MIM" => ("OMIM", format!("https://omim.org/entry/{}", x.id)),
        "HGNC" => (
            "HGNC",
            format!(
                "https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/{}",
                x.id
            ),
        ),
        "MGI" => (
            "MGI",
            format!("https://www.informatics.jax.org/marker/{}", x.id),
        ),
        "AllianceGenome" => (
            "Alliance",
            format!("https://www.alliancegenome.org/gene/{}", x.id),
        ),
        _ => return None,
    };
    Some((label.to_string(), x.id.clone(), url))
}

fn pubmed_link(pmid: u32) -> Markup {
    html! { a.pmid href=(format!("https://pubmed.ncbi.nlm.nih.gov/{pmid}/")) { (pmid) } }
}

fn section_head(
    id: &str,
    title: &str,
    count: Option<u64>,
    gene_id: u64,
    tsv: Option<&str>,
) -> Markup {
    html! {
        div.section-head {
            h2 id=(id) { (title) @if let Some(n) = count { " " span.count { (thousands(n)) } } }
            @if let Some(section) = tsv {
                span.downloads {
                    a href=(format!("/api/v1/genes/{gene_id}/{section}?format=tsv")) download { "TSV" }
                    a href=(format!("/api/v1/genes/{gene_id}/{section}")) { "JSON" }
                }
            }
        }
    }
}

fn gene_page(
    state: &Arc<AppState>,
    g: &GeneDetail,
    query: &str,
    matched: &str,
    also_alias_of: &[locus_model::GeneSummary],
    refs_page: u64,
) -> Result<Markup, WebError> {
    let store = state.store.as_ref();
    // A page past the end shows the last page; this also keeps the row
    // offset from overflowing for absurd page numbers.
    let refs_page = refs_page.min(g.stats.pubmed_count.div_ceil(REFS_PER_PAGE).max(1));
    // The network sections are read on a second thread (with their own
    // pooled connection) while the literature sections are read here: a
    // hub's page has thousands of edges and thousands of PubMed links, and
    // the two halves take about as long as each other.
    let (net, generifs, refs, go, proteins, imports) = std::thread::scope(|scope| {
        let net = scope.spawn(|| -> Result<NetworkData, WebError> {
            Ok(NetworkData {
                counts: store.kg_counts(g.gene_id)?,
                regulators: store.regulators(g.gene_id)?,
                targets: store.targets(g.gene_id)?,
                orthologs: store.orthologs(g.gene_id)?,
                interactions: store.interactions(g.gene_id, network::INTERACTIONS_SHOWN)?,
                sites: store.binding_sites(g.gene_id, 0, network::SITES_SHOWN)?,
            })
        });
        let generifs = store.generifs(g.gene_id);
        let refs = store.references(g.gene_id, (refs_page - 1) * REFS_PER_PAGE, REFS_PER_PAGE);
        let go = store.go_annotations(g.gene_id);
        let proteins = store.proteins(g.gene_id);
        let imports = store.gene_imports(g.gene_id);
        let net = net
            .join()
            .map_err(|_| WebError::Internal("network section reader panicked".into()))?;
        Ok::<_, WebError>((net?, generifs?, refs?, go?, proteins?, imports?))
    })?;
    let graph_sources = {
        let graph = state.graph()?;
        let mut mask = 0u64;
        for n in graph
            .neighbors(g.gene_id, &locus_graph::Filter::default(), usize::MAX)
            .rows
        {
            mask |= graph.edge(n.edge).map(|e| e.source_mask).unwrap_or(0);
        }
        let mut names: Vec<String> = graph
            .source_names(mask)
            .into_iter()
            .map(str::to_string)
            .collect();
        names.sort();
        names
    };
    let organism = organism_name(g.tax_id)
        .map(str::to_string)
        .unwrap_or_else(|| format!("taxon {}", g.tax_id));
    let mut links: Vec<(String, String, String)> = vec![(
        "NCBI Gene".into(),
        g.gene_id.to_string(),
        format!("https://www.ncbi.nlm.nih.gov/gene/{}", g.gene_id),
    )];
    links.extend(g.xrefs.iter().filter_map(xref_link));
    let pages = refs.total.div_ceil(REFS_PER_PAGE).max(1);
    let title = format!("{} — {}", g.symbol, g.name.as_deref().unwrap_or("gene"));
    Ok(frame(
        &title,
        html! {
            article.gene data-gene-id=(g.gene_id) {
                header.gene-head {
                    div.title-row {
                        h1 { (g.symbol) }
                        span.fullname { (g.name.as_deref().unwrap_or("")) }
                    }
                    div.tags {
                        span.tag.organism { i { (organism) } }
                        @if let Some(c) = &g.chromosome { span.tag { "Chromosome " (c) } }
                        @if let Some(m) = &g.map_location { span.tag { (location(m)) } }
                        @if let Some(t) = &g.gene_type { span.tag.type { (t) } }
                        span.tag { "GeneID " (g.gene_id) }
                    }
                    @if !g.aliases.is_empty() {
                        p.aliases { "Also known as " @for (i, a) in g.aliases.iter().enumerate() { @if i > 0 { ", " } span.alias { (a) } } }
                    }
                    @if matched == "alias" {
                        p.note { "You asked for " strong { (query) } ", an alias of " (g.symbol) "." }
                    }
                    @if !also_alias_of.is_empty() {
                        p.note { strong { (query) } " is also an alias of "
                            @for (i, o) in also_alias_of.iter().enumerate() { @if i > 0 { ", " } a href=(gene_href(o.gene_id, &o.symbol, o.tax_id)) { (o.symbol) } }
                            "." }
                    }
                    ul.xlinks {
                        @for (label, id, url) in &links {
                            li { a href=(url) rel="external" { span.db { (label) } " " (id) } }
                        }
                    }
                }
                nav.toc {
                    a href="#summary" { "Summary" }
                    a href="#generifs" { "GeneRIFs " span.count { (generifs.len()) } }
                    a href="#references" { "References " span.count { (thousands(refs.total)) } }
                    a href="#go" { "GO " span.count { (g.stats.go_count) } }
                    a href="#regulation" { "Regulation " span.count { (thousands((net.regulators.len() + net.targets.len()) as u64)) } }
                    a href="#orthologs" { "Orthologs " span.count { (net.orthologs.len()) } }
                    a href="#graph" { "Graph " span.count { (thousands(net.counts.edges())) } }
                    a href="#protein" { "Protein" }
                    a href="#provenance" { "Provenance" }
                    a href=(format!("/api/v1/genes/{}", g.gene_id)) { "JSON" }
                }
                section {
                    (section_head("summary", "Summary", None, g.gene_id, None))
                    div.stats {
                        div.stat { div.v { (thousands(g.stats.pubmed_count)) } div.k { "PubMed count" } }
                        div.stat { div.v { (format!("{:.2}", g.stats.pubmed_score)) } div.k { "Fractional PubMed score" } }
                        div.stat { div.v { (thousands(g.stats.generif_count)) } div.k { "GeneRIFs" } }
                        div.stat { div.v { (thousands(g.stats.go_count)) } div.k { "GO terms" } }
                    }
                    table.props {
                        tr { th { "Symbol" } td { (g.symbol) @if g.nomenclature_status.as_deref() == Some("O") { span.muted { " official (nomenclature authority)" } } } }
                        @if let Some(n) = &g.name { tr { th { "Full name" } td { (n) } } }
                        tr { th { "Organism" } td { i { (organism) } " (taxon " (g.tax_id) ")" } }
                        @if let Some(c) = &g.chromosome { tr { th { "Chromosome" } td { (c) } } }
                        @if let Some(m) = &g.map_location { tr { th { "Map location" } td { (location(m)) } } }
                        @if let Some(t) = &g.gene_type { tr { th { "Gene type" } td { (t) } } }
                        @if let Some(t) = &g.locus_tag { tr { th { "Locus tag" } td { (t) } } }
                        @if !g.other_designations.is_empty() { tr { th { "Other designations" } td { (g.other_designations.join("; ")) } } }
                        @if let Some(d) = &g.modification_date { tr { th { "NCBI record modified" } td { (d) } } }
                        @if !proteins.is_empty() { tr { th { "Protein" } td { @for p in &proteins { (p.accessions.first().map(String::as_str).unwrap_or("")) " · " (p.length) " aa " } } } }
                    }
                    p.downloads-all {
                        "Download as TSV: "
                        @for (i, s) in crate::api::SECTIONS.iter().enumerate() {
                            @if i > 0 { " · " }
                            a href=(format!("/api/v1/genes/{}/{s}?format=tsv", g.gene_id)) download { (s) }
                        }
                    }
                    dl.defs {
                        dt { "PubMed count" } dd { (DEFINITIONS.pubmed_count) }
                        dt { "Fractional PubMed score" } dd { (DEFINITIONS.pubmed_score) }
                        dt { "GeneRIFs" } dd { (DEFINITIONS.generif_count) }
                    }
                }
                section {
                    (section_head("generifs", "GeneRIFs", Some(generifs.len() as u64), g.gene_id, Some("generifs")))
                    @if generifs.is_empty() {
                        p.empty { "No GeneRIFs imported for this gene." }
                    } @else {
                        table.data.sortable {
                            thead { tr { th.num { "#" } th { "Gene Reference Into Function" } th { "PubMed" } } }
                            tbody {
                                @for (i, r) in generifs.iter().enumerate() {
                                    tr {
                                        td.num data-sort=(i + 1) { (i + 1) }
                                        td { (r.text) }
                                        td.nowrap { @for (j, p) in r.pmids.iter().enumerate() { @if j > 0 { " " } (pubmed_link(*p)) } }
                                    }
                                }
                            }
                        }
                    }
                }
                section {
                    (section_head("references", "References", Some(refs.total), g.gene_id, Some("references")))
                    @if refs.rows.is_empty() {
                        p.empty { "No PubMed links imported for this gene." }
                    } @else {
                        p.muted {
                            "Newest PubMed id first. Citations (title, year, journal) are imported for "
                            strong { (thousands(refs.with_citation)) " of " (thousands(refs.total)) }
                            @if refs.with_citation < refs.total { "; import PubMed/MEDLINE XML to fill in the rest" }
                            ". “Genes” is how many genes share the paper (the n of the fractional score)."
                        }
                        table.data.sortable {
                            thead { tr { th { "PMID" } th.num { "Year" } th { "Title" } th { "Journal" } th.num title="Genes linked to this PubMed id" { "Genes" } } }
                            tbody {
                                @for r in &refs.rows {
                                    tr {
                                        td { (pubmed_link(r.pmid)) }
                                        td.num { @if let Some(y) = r.year { (y) } }
                                        td { @if let Some(t) = &r.title { a.cite href=(format!("/publications/{}", r.pmid)) { (t) } } @else { span.muted { "—" } } }
                                        td.journal { (r.journal.as_deref().unwrap_or("")) }
                                        td.num { (r.genes_linked) }
                                    }
                                }
                            }
                        }
                        @if pages > 1 {
                            nav.pager {
                                @if refs_page > 1 { a href=(format!("?refs={}#references", refs_page - 1)) rel="prev" { "← Newer" } }
                                span { "Page " (refs_page) " of " (thousands(pages)) " · rows " (thousands(refs.offset + 1)) "–" (thousands(refs.offset + refs.rows.len() as u64)) " of " (thousands(refs.total)) }
                                @if refs_page < pages { a href=(format!("?refs={}#references", refs_page + 1)) rel="next" { "Older →" } }
                            }
                        }
                    }
                }
                section {
                    (section_head("go", "Gene Ontology annotations", Some(g.stats.go_count), g.gene_id, Some("go")))
                    (go_tables(&go))
                }
                (network::regulation_section(g, &net))
                (network::orthologs_section(&net.orthologs))
                (network::kg_section(g, &net, &graph_sources))
                (network::interactions_section(g, &net.interactions))
                (network::binding_sites_section(g, &net.sites))
                section {
                    (section_head("protein", "Protein", Some(proteins.len() as u64), g.gene_id, Some("proteins")))
                    @if proteins.is_empty() {
                        p.empty { "No UniProtKB entry imported for this gene." }
                    }
                    @for p in &proteins { (protein_block(p)) }
                }
                section {
                    (section_head("provenance", "Provenance", Some(imports.len() as u64), g.gene_id, Some("provenance")))
                    p.muted { "The imports whose facts appear on this page. The header comes from import #" (g.record_import_id) "." }
                    (imports_table(&imports))
                }
            }
        },
    ))
}

/// What each GO evidence code means (GO Consortium definitions, short).
fn evidence_title(code: &str) -> &'static str {
    match code {
        "EXP" => "Inferred from Experiment",
        "IDA" => "Inferred from Direct Assay",
        "IPI" => "Inferred from Physical Interaction",
        "IMP" => "Inferred from Mutant Phenotype",
        "IGI" => "Inferred from Genetic Interaction",
        "IEP" => "Inferred from Expression Pattern",
        "HTP" => "Inferred from High Throughput Experiment",
        "HDA" => "Inferred from High Throughput Direct Assay",
        "HMP" => "Inferred from High Throughput Mutant Phenotype",
        "HGI" => "Inferred from High Throughput Genetic Interaction",
        "HEP" => "Inferred from High Throughput Expression Pattern",
        "IBA" => "Inferred from Biological aspect of Ancestor",
        "IBD" => "Inferred from Biological aspect of Descendant",
        "IKR" => "Inferred from Key Residues",
        "IRD" => "Inferred from Rapid Divergence",
        "ISS" => "Inferred from Sequence or structural Similarity",
        "ISO" => "Inferred from Sequence Orthology",
        "ISA" => "Inferred from Sequence Alignment",
        "ISM" => "Inferred from Sequence Model",
        "IGC" => "Inferred from Genomic Context",
        "RCA" => "Inferred from Reviewed Computational Analysis",
        "TAS" => "Traceable Author Statement",
        "NAS" => "Non-traceable Author Statement",
        "IC" => "Inferred by Curator",
        "ND" => "No biological Data available",
        "IEA" => "Inferred from Electronic Annotation",
        _ => "evidence code",
    }
}

fn go_tables(go: &[GoAnnotation]) -> Markup {
    html! {
        @if go.is_empty() {
            p.empty { "No GO annotations imported for this gene." }
        }
        @for aspect in [GoAspect::MolecularFunction, GoAspect::BiologicalProcess, GoAspect::CellularComponent] {
            @let rows: Vec<&GoAnnotation> = go.iter().filter(|a| a.aspect == aspect).collect();
            @if !rows.is_empty() {
                @let grouped = group_evidence(&rows);
                h3 { (aspect.label()) " " span.count { (grouped.len()) } }
                table.data.sortable.go {
                    thead { tr { th { "GO term" } th { "Name" } th { "Evidence" } } }
                    tbody {
                        @for (go_id, term, evidence) in &grouped {
                            tr {
                                td.nowrap { a href=(format!("https://amigo.geneontology.org/amigo/term/{go_id}")) { (go_id) } }
                                td { @if let Some(t) = term { (t) } @else { span.muted { "term name not imported" } } }
                                td { @for e in evidence { abbr.ev title=(evidence_title(e)) { (e) } " " } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// One row per GO term with all its evidence codes.
fn group_evidence<'a>(rows: &[&'a GoAnnotation]) -> Vec<(&'a str, Option<&'a str>, Vec<&'a str>)> {
    let mut out: Vec<(&str, Option<&str>, Vec<&str>)> = Vec::new();
    for a in rows {
        match out.last_mut() {
            Some(last) if last.0 == a.go_id => {
                if !last.2.contains(&a.evidence.as_str()) {
                    last.2.push(&a.evidence);
                }
            }
            _ => out.push((&a.go_id, a.term.as_deref(), vec![&a.evidence])),
        }
    }
    out
}

/// A sequence in lines of 60 residues, blocks of 10, numbered at the left,
/// with a ruler of block ends above.
pub fn format_sequence(seq: &str) -> String {
    let residues: Vec<char> = seq.chars().collect();
    let width = residues.len().to_string().len().max(4);
    let mut out = String::new();
    out.push_str(&" ".repeat(width + 1));
    for b in 1..=6 {
        out.push_str(&format!("{:>10} ", b * 10));
    }
    out.push('\n');
    for (i, line) in residues.chunks(60).enumerate() {
        out.push_str(&format!("{:>width$} ", i * 60 + 1));
        for (j, block) in line.chunks(10).enumerate() {
            if j > 0 {
                out.push(' ');
            }
            out.extend(block.iter());
        }
        out.push('\n');
    }
    out
}

fn protein_block(p: &ProteinEntry) -> Markup {
    let acc = p.accessions.first().map(String::as_str).unwrap_or("");
    html! {
        div.protein {
            div.protein-head {
                a href=(format!("https://www.uniprot.org/uniprotkb/{acc}")) rel="external" { strong { (acc) } }
                " · " (p.entry_name)
                " · " (if p.reviewed { "Swiss-Prot (reviewed)" } else { "TrEMBL (unreviewed)" })
                " · " (thousands(p.length as u64)) " aa"
                @if let Some(n) = &p.protein_name { div.muted { (n) } }
                @if p.accessions.len() > 1 { div.muted { "Secondary accessions: " (p.accessions[1..].join(", ")) } }
            }
            pre.seq aria-label=(format!("Sequence of {acc}, {} residues", p.length)) { (format_sequence(&p.sequence)) }
        }
    }
}

pub fn imports_table(imports: &[ImportRecord]) -> Markup {
    html! {
        table.data.sortable.imports {
            thead { tr { th.num { "Import" } th { "Source" } th { "File" } th { "Release" } th { "SHA-256" } th { "Rows" } th { "Imported" } } }
            tbody {
                @for i in imports {
                    tr {
                        td.num data-sort=(i.id) { "#" (i.id) }
                        td { (i.kind.label()) }
                        td { code { (i.file_name) } }
                        td { (i.release.as_deref().unwrap_or("not stated")) }
                        td { code title=(i.sha256) { (&i.sha256[..12.min(i.sha256.len())]) "…" } }
                        td.small { @for (k, v) in &i.row_counts { (k) " " (thousands(*v)) br; } }
                        td.nowrap { (i.finished_at.as_deref().unwrap_or(&i.started_at).get(..16).unwrap_or("")) }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sequence_is_blocked_by_ten_and_numbered() {
        // First 70 residues of UniProtKB P55212 (CASP6_HUMAN), from the
        // Swiss-Prot sample in the demo dataset.
        let s = super::format_sequence(
            "MSSASGLRRGHPAGGEENMTETDAFYKREMFDPAEKYKMDHRRRGIALIFNHERFFWHLTLPERRGTCAD",
        );
        let lines: Vec<&str> = s.lines().collect();
        assert!(lines[0].trim_start().starts_with("10"));
        assert_eq!(
            lines[1],
            "   1 MSSASGLRRG HPAGGEENMT ETDAFYKREM FDPAEKYKMD HRRRGIALIF NHERFFWHLT"
        );
        assert_eq!(lines[2], "  61 LPERRGTCAD");
    }
}
