//! The gene page: header, summary, GeneRIFs, references, GO, regulation,
//! orthologs, knowledge graph, interactions, binding sites, protein and
//! provenance — one block per [`Section`], in the order `Section::ALL`
//! gives, with the table of contents generated from the same list.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use locus_kb::gene::{GenePage, PageQuery, Section, TableQuery, DEFINITIONS, REFS_PER_PAGE};
use locus_model::{DbXref, GoAnnotation, GoAspect, ImportRecord, Pmid, ProteinEntry};
use locus_store::{EdgeFilter, MatchedBy, Resolution};
use maud::{html, Markup};

use super::layout::{location, page as frame, section_head, thousands};
use super::links::PageLinks;
use super::network::{self, TableParams};
use super::or_error_page;
use super::search::{gene_href, hits_table, page_organism};
use crate::error::{blocking, ApiError};
use crate::extract::{check_name, MAX_SOURCE_CHARS};
use crate::state::AppState;
use locus_kb::KnowledgeBase;

fn number(q: &HashMap<String, String>, key: &str) -> u64 {
    q.get(key)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

fn table_query(q: &HashMap<String, String>, prefix: &str) -> TableQuery {
    TableQuery {
        filter: EdgeFilter {
            source: q
                .get(&format!("{prefix}_source"))
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty() && s.chars().count() <= MAX_SOURCE_CHARS),
            small_scale_only: q
                .get(&format!("{prefix}_small"))
                .is_some_and(|v| matches!(v.as_str(), "true" | "1" | "on")),
        },
        page: number(q, &format!("{prefix}_page")),
    }
}

/// `/genes/{query}`: the gene, a choice between genes, or a 404 with
/// suggestions.
pub async fn page(
    State(state): State<Arc<AppState>>,
    Path(query): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    or_error_page(blocking(move || render(&state.kb, &query, &q)).await)
}

/// `/genes/{query}/changes.atom`: what changed for the gene between
/// releases, as an Atom feed a curator subscribes to: one entry per
/// import that changed it.
pub async fn changes_feed(
    State(state): State<Arc<AppState>>,
    Path(query): Path<String>,
    headers: axum::http::HeaderMap,
) -> Response {
    let secure = state.config.secure_cookies;
    or_error_page(
        blocking(move || {
            check_name("the gene name", &query)?;
            let gene_id = match state.kb.resolve(&query, None)? {
                Resolution::Found { gene_id, .. } => gene_id,
                _ => {
                    return Err(ApiError::new(
                        crate::error::ErrorCode::GeneNotFound,
                        format!("no one gene is named {query:?}; give its GeneID"),
                    ))
                }
            };
            let gene = locus_kb::gene::detail(state.kb.store(), gene_id)?;
            let rows = state.kb.store().gene_changes(gene_id)?;
            let site = super::wiki::origin(&headers, secure);
            Ok(axum::response::IntoResponse::into_response((
                StatusCode::OK,
                [(
                    axum::http::header::CONTENT_TYPE,
                    "application/atom+xml; charset=utf-8",
                )],
                changes_atom(&site, &gene, &rows),
            )))
        })
        .await,
    )
}

/// The feed's XML: entries grouped by import, newest first.
fn changes_atom(
    site: &str,
    gene: &locus_store::GeneDetail,
    rows: &[locus_store::changes::GeneChangeRow],
) -> String {
    use super::wiki::xml_escape as x;
    let page = format!("{site}/genes/{}", gene.gene_id);
    let updated = rows
        .first()
        .and_then(|r| r.imported_at.clone())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    xml.push_str(&format!(
        "  <title>Locus: changes of {} ({})</title>\n  <id>{page}/changes.atom</id>\n  <link rel=\"self\" href=\"{page}/changes.atom\"/>\n  <link href=\"{page}#changes\"/>\n  <updated>{}</updated>\n",
        x(&gene.symbol),
        gene.gene_id,
        x(&updated)
    ));
    let mut i = 0;
    while i < rows.len() {
        let import = rows[i].change.import_id;
        let group: Vec<_> = rows[i..]
            .iter()
            .take_while(|r| r.change.import_id == import)
            .collect();
        i += group.len();
        let first = group[0];
        let mut lines = String::new();
        for r in &group {
            lines.push_str(&format!(
                "{} {}: {} → {}\n",
                r.change.field.label(),
                r.change.change.as_str(),
                r.change.before.as_deref().unwrap_or("—"),
                r.change.after.as_deref().unwrap_or("—")
            ));
        }
        xml.push_str(&format!(
            "  <entry>\n    <title>{}: {} change(s) in {}</title>\n    <id>{page}/changes/{import}</id>\n    <link href=\"{page}#changes\"/>\n    <updated>{}</updated>\n    <author><name>{}</name></author>\n    <summary>{}</summary>\n  </entry>\n",
            x(&gene.symbol),
            group.len(),
            x(&first.file_name),
            x(first.imported_at.as_deref().unwrap_or(&updated)),
            x(first.release.as_deref().unwrap_or("release not stated")),
            x(&lines),
        ));
    }
    xml.push_str("</feed>\n");
    xml
}

/// The page as a cache miss renders it, for the render benchmark.
pub fn render_for_bench(kb: &Arc<KnowledgeBase>, query: &str) -> Result<String, ApiError> {
    Ok(markup(kb, query, &HashMap::new())?.1.into_string())
}

fn render(
    kb: &Arc<KnowledgeBase>,
    query: &str,
    q: &HashMap<String, String>,
) -> Result<Response, ApiError> {
    let (status, body) = markup(kb, query, q)?;
    Ok(super::html(status, body))
}

fn markup(
    kb: &Arc<KnowledgeBase>,
    query: &str,
    q: &HashMap<String, String>,
) -> Result<(StatusCode, Markup), ApiError> {
    check_name("the gene name", query)?;
    let organism = page_organism(q.get("organism").map(String::as_str))?;
    match kb.resolve(query, organism)? {
        Resolution::Found {
            gene_id,
            matched,
            also_alias_of,
        } => {
            let gene = locus_kb::gene::detail(kb.store(), gene_id)?;
            let page_query = PageQuery {
                refs_page: number(q, "refs"),
                regulators: table_query(q, "regulators"),
                targets: table_query(q, "targets"),
            };
            let data = kb.gene_page(gene, &page_query)?;
            let article = article_of(kb, gene_id)?;
            let links = PageLinks::new(format!("/genes/{query}"), q);
            let note = Note {
                query,
                matched,
                also_alias_of: &also_alias_of,
            };
            Ok((
                StatusCode::OK,
                gene_page(&data, &note, &page_query, &links, article.as_ref()),
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
                                    td { i { (c.tax_id.scientific_name().unwrap_or("")) } }
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
            let suggestions = kb.suggest(query, organism, 10)?;
            Ok((
                StatusCode::NOT_FOUND,
                frame(
                    "Gene not found",
                    html! {
                        h1 { "No gene named " code { (query) } }
                        @if let Some(t) = organism { p.muted { "Organism: " (t.label()) } }
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

/// How the name asked for reached the gene, for the header's notes.
struct Note<'a> {
    query: &'a str,
    matched: MatchedBy,
    also_alias_of: &'a [locus_model::GeneSummary],
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

fn pubmed_link(pmid: Pmid) -> Markup {
    html! { a.pmid href=(format!("https://pubmed.ncbi.nlm.nih.gov/{pmid}/")) { (pmid) } }
}

/// The count a section shows in its heading and the table of contents.
fn count(section: Section, p: &GenePage) -> Option<u64> {
    let d = &p.doc;
    let len = |n: usize| Some(n as u64);
    match section {
        Section::Summary | Section::Aliases | Section::Xrefs | Section::Provenance => None,
        Section::Generifs => len(d.generifs.len()),
        Section::Literature => Some(p.literature.sentences),
        Section::References => Some(p.references.total),
        Section::Go => Some(d.gene.stats.go_count),
        Section::Expression => len(d.expression.len()),
        Section::Anatomy => Some(p.anatomy.total),
        Section::Diseases => len(distinct_diseases(&d.diseases)),
        Section::Phenotypes => len(d.phenotypes.len()),
        Section::Regulators => Some(p.regulators.total),
        Section::Targets => Some(p.targets.total),
        Section::Orthologs => len(p.orthologs.len()),
        Section::KnowledgeGraph => Some(d.knowledge_graph.edges()),
        Section::Interactions => Some(p.interactions.total),
        Section::BindingSites => Some(p.sites.total),
        Section::Proteins => len(d.proteins.len()),
        Section::Changes => len(p.changes.len()),
    }
}

/// A development level as the page names it: `Tbio`, or `Tbio or Tdark`
/// when the missing data decide.
fn tdl_label(t: &locus_kb::gene::tdl::TargetDevelopment) -> String {
    t.possible
        .iter()
        .map(|l| format!("{l:?}"))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// How many different diseases the rows name.
fn distinct_diseases(rows: &[locus_store::GeneDiseaseRow]) -> usize {
    let mut ids: Vec<_> = rows.iter().map(|r| r.disease.id).collect();
    ids.sort();
    ids.dedup();
    ids.len()
}

/// Whether a section has a block on this gene's page (binding sites only
/// for TFs that have them).
fn shown(section: Section, p: &GenePage) -> bool {
    match section {
        Section::Aliases | Section::Xrefs => false,
        Section::BindingSites => p.sites.total > 0,
        Section::Anatomy => p.anatomy.total > 0,
        _ => true,
    }
}

/// The gene's wiki article, rendered, if anyone wrote one.
struct GeneArticle {
    revision: locus_store::wiki::Revision,
    rendered: locus_kb::wiki::Rendered,
    revisions: u64,
}

fn article_of(
    kb: &Arc<KnowledgeBase>,
    gene: locus_model::GeneId,
) -> Result<Option<GeneArticle>, ApiError> {
    let subject = locus_model::ArticleSubject::Entity(locus_model::EntityRef::Gene(gene));
    let Some(a) = kb.article(&subject)? else {
        return Ok(None);
    };
    let revision = kb.article_revision(&a, None)?;
    let rendered = kb.render_revision(&subject, &revision)?;
    Ok(Some(GeneArticle {
        revision,
        rendered,
        revisions: a.revisions,
    }))
}

/// The page's "Article" block: the wiki article in full, or the offer to
/// write it.
fn article_section(g: &locus_store::GeneDetail, a: Option<&GeneArticle>) -> Markup {
    let base = format!("/wiki/gene/{}", g.gene_id);
    html! {
        section.gene-article {
            div.section-head {
                h2 id="article" { "Article" }
                span.downloads {
                    @if a.is_some() {
                        a href=(base) { "Read" }
                        a href=(format!("{base}/history")) { "History" }
                        a href=(format!("{base}?view=authors")) { "Who wrote what" }
                    }
                    a href=(format!("{base}/edit")) { (if a.is_some() { "Edit" } else { "Write" }) }
                }
            }
            @match a {
                Some(a) => {
                    p.muted.small {
                        (thousands(a.rendered.word_count as u64)) " words · " (a.revisions) " revisions · last by "
                        (a.revision.summary.author.name) ", " (a.revision.summary.timestamp)
                    }
                    article.wiki-body { (maud::PreEscaped(&a.rendered.html)) }
                    @if !a.rendered.references.is_empty() {
                        details.refs {
                            summary { "References (" (a.rendered.references.len()) ")" }
                            (maud::PreEscaped(locus_kb::wiki::reference_list_html(&a.rendered.references, &a.rendered.notes)))
                        }
                    }
                }
                None => p.empty { "No one has written an article about " (g.symbol) " yet. "
                    a href=(format!("{base}/edit")) { "Write it" } ": link genes with " code { "[[HMOX1]]" } ", cite papers with " code { "[@pmid:17942419]" } "." }
            }
        }
    }
}

fn gene_page(
    p: &GenePage,
    note: &Note<'_>,
    q: &PageQuery,
    links: &PageLinks,
    article: Option<&GeneArticle>,
) -> Markup {
    let g = &p.doc.gene;
    let organism = g.tax_id.label();
    let mut xlinks: Vec<(String, String, String)> = vec![(
        "NCBI Gene".into(),
        g.gene_id.to_string(),
        format!("https://www.ncbi.nlm.nih.gov/gene/{}", g.gene_id),
    )];
    xlinks.extend(g.xrefs.iter().filter_map(xref_link));
    let title = format!("{} — {}", g.symbol, g.name.as_deref().unwrap_or("gene"));
    let frame = |title: &str, content| super::layout::entity_page(p.doc.entity, title, content);
    let regulators = table_params("regulators", &q.regulators);
    let targets = table_params("targets", &q.targets);
    frame(
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
                        @if let Some(t) = &p.doc.development_level {
                            a.tag.tdl href="#summary" title="Target development level (Pharos), from the imported data; see the summary" { (tdl_label(t)) }
                        }
                    }
                    @if !g.aliases.is_empty() {
                        p.aliases { "Also known as " @for (i, a) in g.aliases.iter().enumerate() { @if i > 0 { ", " } span.alias { (a) } } }
                    }
                    @if note.matched == MatchedBy::Alias {
                        p.note { "You asked for " strong { (note.query) } ", an alias of " (g.symbol) "." }
                    }
                    @if !note.also_alias_of.is_empty() {
                        p.note { strong { (note.query) } " is also an alias of "
                            @for (i, o) in note.also_alias_of.iter().enumerate() { @if i > 0 { ", " } a href=(gene_href(o.gene_id, &o.symbol, o.tax_id)) { (o.symbol) } }
                            "." }
                    }
                    ul.xlinks {
                        @for (label, id, url) in &xlinks {
                            li { a href=(url) rel="external" { span.db { (label) } " " (id) } }
                        }
                    }
                }
                nav.toc aria-label="Sections" {
                    @if article.is_some() { a href="#article" { "Article" } }
                    @for s in Section::ALL {
                        @if let (Some(label), true) = (s.toc_label(), shown(s, p)) {
                            a href=(format!("#{}", s.anchor())) { (label) @if let Some(n) = count(s, p) { " " span.count { (thousands(n)) } } }
                        }
                    }
                    a href=(format!("/api/v1/genes/{}", g.gene_id)) { "JSON" }
                }
                @for s in Section::ALL {
                    @if shown(s, p) {
                        @match s {
                            Section::Summary => { (summary(p)) (article_section(g, article)) },
                            Section::Aliases | Section::Xrefs => {},
                            Section::Generifs => (generifs(p)),
                            Section::Literature => (super::literature::literature_section(p)),
                            Section::References => (references(p, links)),
                            Section::Go => section {
                                (section_head(Section::Go, count(s, p), &p.doc.gene))
                                (go_tables(&p.doc.go_annotations))
                            },
                            Section::Expression => section {
                                (section_head(Section::Expression, count(s, p), &p.doc.gene))
                                (super::expression::expression_section(&p.doc.expression))
                            },
                            Section::Anatomy => (super::expression::anatomy_section(p)),
                            Section::Diseases => (super::terms::gene_diseases_section(p, count(s, p))),
                            Section::Phenotypes => (super::terms::gene_phenotypes_section(p)),
                            Section::Regulators => section.regulation {
                                (network::regulation_intro())
                                (network::regulation_side(p, Section::Regulators, &regulators, links))
                                (network::regulation_side(p, Section::Targets, &targets, links))
                            },
                            // Drawn with the regulators, under one heading.
                            Section::Targets => {},
                            Section::Orthologs => (network::orthologs_section(&p.orthologs)),
                            Section::KnowledgeGraph => (network::kg_section(p)),
                            Section::Interactions => (network::interactions_section(g, &p.interactions)),
                            Section::BindingSites => (network::binding_sites_section(g, &p.sites)),
                            Section::Proteins => section {
                                (section_head(Section::Proteins, count(s, p), &p.doc.gene))
                                @if p.doc.proteins.is_empty() {
                                    p.empty { "No UniProtKB entry imported for this gene." }
                                }
                                @for e in &p.doc.proteins { (protein_block(e)) }
                            },
                            Section::Changes => (changes_section(p, count(s, p))),
                            Section::Provenance => section {
                                (section_head(Section::Provenance, Some(p.doc.provenance.len() as u64), &p.doc.gene))
                                p.muted { "The imports whose facts appear on this page. The header comes from import #" (g.record_import_id) "." }
                                (imports_table(&p.doc.provenance))
                            },
                        }
                    }
                }
            }
        },
    )
}

fn table_params<'a>(prefix: &'static str, t: &'a TableQuery) -> TableParams<'a> {
    TableParams {
        prefix,
        source: t.filter.source.as_deref(),
        small_only: t.filter.small_scale_only,
    }
}

fn summary(p: &GenePage) -> Markup {
    let g = &p.doc.gene;
    html! {
        section {
            (section_head(Section::Summary, None, &p.doc.gene))
            div.stats {
                div.stat { div.v { (thousands(g.stats.pubmed_count)) } div.k { "PubMed count" } }
                div.stat { div.v { (format!("{:.2}", g.stats.pubmed_score)) } div.k { "Fractional PubMed score" } }
                div.stat { div.v { (thousands(g.stats.generif_count)) } div.k { "GeneRIFs" } }
                div.stat title=(format!("Over {} tagged abstracts", thousands(g.stats.text_mined_papers))) { div.v { (format!("{:.2}", g.stats.text_mined_score)) } div.k { "Text-mined score" } }
                div.stat { div.v { (thousands(g.stats.go_count)) } div.k { "GO terms" } }
            }
            @if p.doc.reference_sources.len() > 1 {
                p.muted.small.sources {
                    "PubMed ids by source: "
                    @for (i, s) in p.doc.reference_sources.iter().enumerate() {
                        @if i > 0 { " · " }
                        (s.source.label()) " " strong { (thousands(s.pmids)) }
                    }
                    " — the PubMed count is their union."
                }
            }
            table.props {
                tr { th { "Symbol" } td { (g.symbol) @if g.nomenclature_status.as_deref() == Some("O") { span.muted { " official (nomenclature authority)" } } } }
                @if let Some(n) = &g.name { tr { th { "Full name" } td { (n) } } }
                tr { th { "Organism" } td { i { (g.tax_id.label()) } " (taxon " (g.tax_id) ")" } }
                @if let Some(c) = &g.chromosome { tr { th { "Chromosome" } td { (c) } } }
                @if let Some(m) = &g.map_location { tr { th { "Map location" } td { (location(m)) } } }
                @if let Some(t) = &g.gene_type { tr { th { "Gene type" } td { (t) } } }
                @if let Some(t) = &g.locus_tag { tr { th { "Locus tag" } td { (t) } } }
                @if !g.other_designations.is_empty() { tr { th { "Other designations" } td { (g.other_designations.join("; ")) } } }
                @if let Some(d) = &g.modification_date { tr { th { "NCBI record modified" } td { (d) } } }
                @if let Some(t) = &p.doc.development_level {
                    tr { th { "Target development level" } td {
                        strong { (tdl_label(t)) } span.muted { " (Pharos' rule on the imported data: two or more dark points make Tdark, unless a Tbio criterion holds)" }
                        ul.criteria {
                            @for c in &t.criteria {
                                li class=(match c.met { Some(true) => "met", Some(false) => "no", None => "unknown" }) {
                                    (match c.met { Some(true) => "✓ ", Some(false) => "✗ ", None => "? " })
                                    (match c.kind { locus_kb::gene::tdl::CriterionKind::DarkPoint => "dark point: ", locus_kb::gene::tdl::CriterionKind::Tbio => "Tbio: " })
                                    (c.rule) ": " (c.value)
                                }
                            }
                        }
                        @for n in &t.not_assessed { p.muted.small { "Not assessed: " (n) "." } }
                    } }
                }
                @if !p.doc.proteins.is_empty() { tr { th { "Protein" } td { @for e in &p.doc.proteins { (e.accessions.first().map(String::as_str).unwrap_or("")) " · " (e.length) " aa " } } } }
            }
            p.downloads-all {
                "Download as TSV: "
                @for (i, s) in Section::ALL.iter().enumerate() {
                    @if i > 0 { " · " }
                    a href=(format!("/api/v1/genes/{}/{}?format=tsv", g.gene_id, s.slug())) download=(s.tsv_file_name(g)) { (s.slug()) }
                }
            }
            dl.defs {
                dt { "PubMed count" } dd { (DEFINITIONS.pubmed_count) }
                dt { "Fractional PubMed score" } dd { (DEFINITIONS.pubmed_score) }
                dt { "GeneRIFs" } dd { (DEFINITIONS.generif_count) }
                dt { "Text-mined score" } dd { (DEFINITIONS.text_mined_score) " Here: " (thousands(g.stats.text_mined_papers)) " abstracts." }
            }
        }
    }
}

fn generifs(p: &GenePage) -> Markup {
    let rifs = &p.doc.generifs;
    html! {
        section {
            (section_head(Section::Generifs, Some(rifs.len() as u64), &p.doc.gene))
            @if rifs.is_empty() {
                p.empty { "No GeneRIFs imported for this gene." }
            } @else {
                table.data.sortable {
                    thead { tr { th.num { "#" } th { "Gene Reference Into Function" } th { "PubMed" } } }
                    tbody {
                        @for (i, r) in rifs.iter().enumerate() {
                            tr {
                                td.num data-sort=(i + 1) { (i + 1) }
                                td { (r.text) }
                                td.nowrap { @for (j, m) in r.pmids.iter().enumerate() { @if j > 0 { " " } (pubmed_link(*m)) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn references(p: &GenePage, links: &PageLinks) -> Markup {
    let refs = &p.references;
    let pages = refs.total.div_ceil(REFS_PER_PAGE).max(1);
    let current = refs.offset / REFS_PER_PAGE + 1;
    html! {
        section {
            (section_head(Section::References, Some(refs.total), &p.doc.gene))
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
                    nav.pager aria-label="Reference pages" {
                        @if current > 1 { a href=(links.with("refs", &(current - 1).to_string(), "references")) rel="prev" { "← Newer" } }
                        span { "Page " (current) " of " (thousands(pages)) " · rows " (thousands(refs.offset + 1)) "–" (thousands(refs.offset + refs.rows.len() as u64)) " of " (thousands(refs.total)) }
                        @if current < pages { a href=(links.with("refs", &(current + 1).to_string(), "references")) rel="next" { "Older →" } }
                    }
                }
            }
        }
    }
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
        // Without GO.db in the store no term has a name: the column goes,
        // and the reason is said once instead of in every row.
        @let named = go.iter().any(|a| a.term.is_some());
        @if !go.is_empty() && !named {
            p.muted { "GO term names are not in this store; import Bioconductor's GO.db (" code { "locus import go-db GO.sqlite" } ") to show them." }
        }
        @for aspect in [GoAspect::MolecularFunction, GoAspect::BiologicalProcess, GoAspect::CellularComponent] {
            @let rows: Vec<&GoAnnotation> = go.iter().filter(|a| a.aspect == aspect).collect();
            @if !rows.is_empty() {
                @let grouped = group_evidence(&rows);
                h3 { (aspect.label()) " " span.count { (grouped.len()) } }
                table.data.sortable.go {
                    thead { tr { th { "GO term" } @if named { th { "Name" } } th { "Evidence" } } }
                    tbody {
                        @for (go_id, term, evidence) in &grouped {
                            tr {
                                td { a href=(format!("/go/{go_id}")) { (go_id) } }
                                @if named {
                                    td { @if let Some(t) = term { (t) } @else { span.muted title="not in the imported GO.db release" { "—" } } }
                                }
                                td { @for e in evidence { abbr.ev { (e) } " " } }
                            }
                        }
                    }
                }
            }
        }
        @if !go.is_empty() {
            // Said once here rather than in every cell (the page script
            // adds each as the code's tooltip).
            @let used: std::collections::BTreeSet<&str> = go.iter().map(|a| a.evidence.as_str()).collect();
            details.ev-legend {
                summary { "Evidence codes" }
                dl { @for c in used { dt { (c) } dd { (evidence_title(c)) } } }
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

/// Imports as a table: number, source, file, release, checksum, rows, time.
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
                        td.small {
                            @for (k, v) in &i.row_counts { (k) " " (thousands(*v)) br; }
                            @for (k, v) in &i.tallies { span.muted { (k) " " (thousands(*v)) } br; }
                        }
                        td.nowrap { (i.finished_at.as_deref().unwrap_or(&i.started_at).get(..16).unwrap_or("")) }
                    }
                }
            }
        }
    }
}

/// A change's value as the page shows it: lists (synonyms, sources)
/// with spaces after their separators, a dash for none.
fn change_value(v: Option<&str>) -> String {
    v.map_or_else(|| "—".to_string(), |v| v.replace('|', ", "))
}

/// What changed for the gene between releases of its sources: one
/// group per import that changed it, newest first, headed by its file
/// and the two releases.
fn changes_section(p: &GenePage, n: Option<u64>) -> Markup {
    let mut groups: Vec<&[locus_store::changes::GeneChangeRow]> = Vec::new();
    let mut rest = p.changes.as_slice();
    while let Some(first) = rest.first() {
        let key = (first.change.import_id, first.change.replaced);
        let len = rest
            .iter()
            .take_while(|r| (r.change.import_id, r.change.replaced) == key)
            .count();
        let (group, tail) = rest.split_at(len);
        groups.push(group);
        rest = tail;
    }
    html! {
        section {
            (section_head(Section::Changes, n, &p.doc.gene))
            p.muted { a href=(format!("/genes/{}/changes.atom", p.doc.gene.gene_id)) { "Atom feed" } " of these changes, to follow the gene's sources from release to release." }
            @if groups.is_empty() {
                p.empty { "No source of this gene has been imported in a second release yet: re-importing a file (or importing its next release with "
                    code { "--replaces" } ") records what changed here." }
            } @else {
                table.data {
                    thead { tr { th { "What" } th { "Change" } th { "Before" } th { "After" } } }
                    @for group in &groups {
                        @let first = &group[0];
                        tbody {
                            tr.group {
                                th colspan="4" {
                                    (first.imported_at.as_deref().map(|t| t.get(..10).unwrap_or(t)).unwrap_or(""))
                                    " · import #" (first.change.import_id) " " code { (first.file_name) }
                                    " replaced #" (first.change.replaced)
                                    br;
                                    span.muted { (first.replaced_release.as_deref().unwrap_or("release not stated")) " → " (first.release.as_deref().unwrap_or("release not stated")) }
                                }
                            }
                            @for r in group.iter() {
                                tr {
                                    td { (r.change.field.label()) }
                                    td { (r.change.change.as_str()) }
                                    td { (change_value(r.change.before.as_deref())) }
                                    td { (change_value(r.change.after.as_deref())) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use locus_model::{GeneId, GoAnnotation, GoAspect};

    /// TP53's annotations to two molecular-function terms, as
    /// org.Hs.eg.db gives them (demo/data/org.Hs.eg.subset.sqlite), with
    /// the names GO.db gives (demo/data/GO.subset.sqlite) when `named`.
    fn tp53_go(named: bool) -> Vec<GoAnnotation> {
        [
            (
                "GO:0000976",
                "IDA",
                "transcription cis-regulatory region binding",
            ),
            (
                "GO:0003700",
                "IDA",
                "DNA-binding transcription factor activity",
            ),
            (
                "GO:0003700",
                "IMP",
                "DNA-binding transcription factor activity",
            ),
        ]
        .into_iter()
        .map(|(go_id, evidence, term)| GoAnnotation {
            gene_id: GeneId(7157),
            go_id: go_id.to_string(),
            aspect: GoAspect::MolecularFunction,
            evidence: evidence.to_string(),
            term: named.then(|| term.to_string()),
            qualifier: None,
            references: Vec::new(),
            leaf: None,
        })
        .collect()
    }

    /// Without GO.db the Name column goes and the page says once why;
    /// with it, each term has its name.
    #[test]
    fn go_names_column_only_when_names_are_imported() {
        let bare = super::go_tables(&tp53_go(false)).into_string();
        assert!(!bare.contains("<th>Name</th>"), "{bare}");
        assert_eq!(bare.matches("locus import go-db").count(), 1, "{bare}");
        assert_eq!(bare.matches("<tr>").count(), 3, "{bare}"); // head + 2 terms
        let named = super::go_tables(&tp53_go(true)).into_string();
        assert!(named.contains("<th>Name</th>"), "{named}");
        assert!(named.contains("<td>transcription cis-regulatory region binding</td>"));
        assert!(!named.contains("locus import go-db"));
    }

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
