//! Literature by topic: the gene page's section and its own page,
//! `/genes/{query}/literature`, in WikiGenes' form — sentences under
//! topics, each with its numbered references, the rule that placed it on
//! hover, its mentions marked, and a link that adds it to the gene's wiki
//! article as a cited statement.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use locus_kb::gene::literature::{
    self, Literature, LiteratureQuery, NumberedReference, Statement, StatementSource, Topic,
};
use locus_kb::gene::{GenePage, Section};
use locus_kb::KnowledgeBase;
use locus_model::GeneId;
use locus_store::{GeneDetail, Resolution};
use maud::{html, Markup};

use super::layout::{entity_page, section_head, thousands};
use super::or_error_page;
use super::search::page_organism;
use crate::auth::{MaybeViewer, Viewer};
use crate::error::{blocking, ApiError};
use crate::extract::check_name;
use crate::state::AppState;

/// Statements per topic the literature page lists; one topic's page
/// lists [`TOPIC_PAGE`].
const PER_TOPIC: u64 = 50;
/// Statements on one page of a single topic.
const TOPIC_PAGE: u64 = 100;

/// Where a mention's concept is described: the gene's or chemical's page
/// here, the disease or phenotype page for an ontology id, MeSH, OMIM.
fn mention_href(kind: &str, id: &str) -> Option<String> {
    let mesh = super::publication::is_mesh(id);
    if kind == "Gene" && !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
        Some(format!("/genes/{id}"))
    } else if kind == "Chemical" && mesh {
        Some(format!("/chemicals/{id}"))
    } else if mesh {
        Some(format!("https://meshb.nlm.nih.gov/record/ui?ui={id}"))
    } else if id.starts_with("HP:") {
        Some(format!("/phenotypes/{id}"))
    } else if id.starts_with("DOID:") || id.starts_with("ORPHA:") {
        Some(format!("/diseases/{id}"))
    } else {
        id.strip_prefix("OMIM:")
            .map(|n| format!("https://omim.org/entry/{n}"))
    }
}

fn mention_class(kind: &str) -> &'static str {
    match kind {
        "Gene" => "m-gene",
        "Disease" => "m-disease",
        "Chemical" => "m-chemical",
        _ => "m-other",
    }
}

/// The sentence with its mentions marked and linked.
fn marked_sentence(st: &Statement) -> Markup {
    let chars: Vec<char> = st.text.chars().collect();
    let mut at = 0usize;
    let mut pieces: Vec<(String, Option<usize>)> = Vec::new();
    for (i, m) in st.mentions.iter().enumerate() {
        let (s, e) = (m.start as usize, (m.end as usize).min(chars.len()));
        if s < at || s >= e {
            continue;
        }
        pieces.push((chars[at..s].iter().collect(), None));
        pieces.push((chars[s..e].iter().collect(), Some(i)));
        at = e;
    }
    pieces.push((chars[at.min(chars.len())..].iter().collect(), None));
    html! {
        @for (piece, m) in &pieces {
            @match m.map(|i| &st.mentions[i]) {
                Some(m) => {
                    @let title = format!("{} {}", m.kind, m.ids.join(", "));
                    @match (m.this_gene, m.ids.first().and_then(|id| mention_href(&m.kind, id))) {
                        (true, _) => mark class=(mention_class(&m.kind)) title=(title) { strong { (piece) } },
                        (false, Some(href)) => a.mention href=(href) { mark class=(mention_class(&m.kind)) title=(title) { (piece) } },
                        (false, None) => mark class=(mention_class(&m.kind)) title=(title) { (piece) },
                    }
                }
                None => (piece),
            }
        }
    }
}

/// Where a statement's "add to the wiki" link goes: the article's editor
/// with the statement appended (nothing is saved until its author saves).
fn cite_href(gene: GeneId, st: &Statement) -> String {
    let q = serde_urlencoded::to_string([("add", st.wiki_markdown.as_str())]).unwrap_or_default();
    format!("/wiki/gene/{gene}/edit?{q}")
}

fn source_label(s: StatementSource) -> &'static str {
    match s {
        StatementSource::Generif => "GeneRIF",
        StatementSource::Title => "title",
        StatementSource::Abstract => "abstract",
    }
}

/// One statement: the sentence, its reference numbers, why it is here,
/// and the link that cites it in the wiki.
fn statement_item(gene: GeneId, st: &Statement, anchor: &str, csrf: Option<&str>) -> Markup {
    html! {
        li.statement {
            (marked_sentence(st))
            " "
            @for n in &st.references {
                a.ref href=(format!("#{anchor}-{n}")) { "[" (n) "]" }
            }
            " "
            span.why tabindex="0" title=(st.why) { "why?" }
            " "
            span.src { (source_label(st.source)) }
            " "
            @match csrf {
                // A reader who is logged in adds it in one click.
                Some(token) => form.cite-wiki method="post" action=(format!("/wiki/gene/{gene}/append")) {
                    input type="hidden" name="csrf" value=(token);
                    input type="hidden" name="statement" value=(st.wiki_markdown);
                    button type="submit" title="Add this sentence with its citation at the end of the gene's wiki article (one revision, credited to you)" { "+ wiki" }
                },
                None => a.cite-wiki href=(cite_href(gene, st)) title="Open the gene's wiki article with this sentence and its citation added at the end" { "+ wiki" },
            }
        }
    }
}

/// The numbered reference list, as WikiGenes writes it: title, authors,
/// journal, year, PubMed.
fn reference_list(refs: &[NumberedReference], anchor: &str) -> Markup {
    html! {
        ol.lit-refs {
            @for r in refs {
                li id=(format!("{anchor}-{}", r.number)) value=(r.number) {
                    @if let Some(t) = &r.title {
                        a.cite href=(format!("/publications/{}", r.pmid)) { (t) } " "
                    }
                    @if !r.authors.is_empty() {
                        (authors(&r.authors)) ". "
                    }
                    @if let Some(j) = &r.journal { i { (j) } " " }
                    @if let Some(y) = r.year { "(" (y) ") " }
                    a.pmid href=(format!("https://pubmed.ncbi.nlm.nih.gov/{}/", r.pmid)) { "PubMed " (r.pmid) }
                }
            }
        }
    }
}

/// Authors as a reference list writes them: up to three, then "et al.".
fn authors(a: &[String]) -> String {
    if a.len() > 3 {
        format!("{}, et al", a[..3].join(", "))
    } else {
        a.join(", ")
    }
}

fn intro(lit: &Literature) -> Markup {
    html! {
        p.muted {
            "Sentences about " (lit.symbol) " from its GeneRIFs and from imported abstracts in which Locus's tagger found it, grouped by what else they name. "
            "Each sentence sits under the first topic whose rule holds; hover " span.why { "why?" } " for the rule and the words that met it. "
            "“+ wiki” adds a sentence with its citation to the gene's article."
        }
        @if lit.texts_read < lit.texts_total {
            p.muted.small { "Read the newest " (thousands(lit.texts_read)) " of " (thousands(lit.texts_total)) " tagged texts." }
        }
    }
}

/// The gene page's block: a few statements per topic, linking to the
/// literature page.
pub fn literature_section(p: &GenePage) -> Markup {
    let lit = &p.literature;
    let g = &p.doc.gene;
    let page = format!("/genes/{}/literature", g.gene_id);
    html! {
        section.literature {
            (section_head(Section::Literature, Some(lit.sentences), g))
            @if lit.sentences == 0 {
                p.empty { "No tagged GeneRIF or abstract names " (g.symbol) " yet. Import GeneRIFs or PubMed XML: Locus tags them at import (" code { "locus retag" } " after new vocabularies)." }
            } @else {
                (intro(lit))
                nav.topics aria-label="Topics" {
                    @for t in lit.topics.iter().filter(|t| t.total > 0) {
                        a href=(format!("{page}?topic={}", t.topic.slug())) { (t.heading) " " span.count { (thousands(t.total)) } }
                    }
                }
                @for t in lit.topics.iter().filter(|t| t.total > 0) {
                    h3.topic title=(t.rule) { (t.heading) " " span.count { (thousands(t.total)) } }
                    ol.statements {
                        @for st in &t.statements { (statement_item(g.gene_id, st, "lit", None)) }
                    }
                    @if t.total > t.statements.len() as u64 {
                        p.more { a href=(format!("{page}?topic={}", t.topic.slug())) { "All " (thousands(t.total)) " →" } }
                    }
                }
                details.refs {
                    summary { "References (" (lit.references.len()) ")" }
                    (reference_list(&lit.references, "lit"))
                }
                p { a href=(page) { "Literature by topic: every statement, the rules and the references →" } }
            }
        }
    }
}

/// `/genes/{query}/literature[?topic=…&page=N]`.
pub async fn page(
    State(state): State<Arc<AppState>>,
    Path(query): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    MaybeViewer(viewer): MaybeViewer,
) -> Response {
    or_error_page(blocking(move || render(&state, &query, &q, viewer)).await)
}

/// The literature page of `query` (every topic) as a cache miss renders
/// it, for the render benchmark.
pub fn render_for_bench(kb: &Arc<KnowledgeBase>, query: &str) -> Result<String, ApiError> {
    let gene_id = match kb.resolve(query, None)? {
        Resolution::Found { gene_id, .. } => gene_id,
        _ => return Err(ApiError::invalid(format!("{query} names no one gene"))),
    };
    let gene = locus_kb::gene::detail(kb.store(), gene_id)?;
    let q = LiteratureQuery {
        topic: None,
        with: None,
        offset: 0,
        limit: PER_TOPIC,
        texts: literature::PAGE_TEXTS,
    };
    let lit = literature::literature(kb.store(), &gene, &q)?;
    Ok(literature_page(&gene, &lit, None, None, None, 1, PER_TOPIC).into_string())
}

fn render(
    state: &AppState,
    query: &str,
    q: &HashMap<String, String>,
    viewer: Option<Viewer>,
) -> Result<Response, ApiError> {
    check_name("the gene name", query)?;
    let kb = &state.kb;
    let organism = page_organism(q.get("organism").map(String::as_str))?;
    let topic = match q.get("topic").map(String::as_str) {
        None | Some("") => None,
        Some(t) => Some(Topic::parse(t).ok_or_else(|| {
            ApiError::invalid(format!(
                "topic is one of {}",
                Topic::ALL.map(Topic::slug).join(", ")
            ))
        })?),
    };
    let page = q
        .get("page")
        .and_then(|p| p.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .clamp(1, 1_000_000);
    let gene_id = match kb.resolve(query, organism)? {
        Resolution::Found { gene_id, .. } => gene_id,
        // A name that is no one gene: the gene page says why and offers
        // the choices.
        _ => {
            let to = format!(
                "/genes/{}",
                super::links::urlencode(query).replace('/', "%2F")
            );
            return Ok((StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response());
        }
    };
    let gene = locus_kb::gene::detail(kb.store(), gene_id)?;
    let with = q
        .get("with")
        .map(|w| w.trim().to_string())
        .filter(|w| !w.is_empty() && w.chars().count() <= literature::MAX_WITH_CHARS);
    let per = if topic.is_some() {
        TOPIC_PAGE
    } else {
        PER_TOPIC
    };
    let lit = literature::literature(
        kb.store(),
        &gene,
        &LiteratureQuery {
            topic,
            with,
            offset: (page - 1) * per,
            limit: per,
            texts: literature::PAGE_TEXTS,
        },
    )?;
    // What `with` names, as its own page calls it: a gene's symbol, a
    // chemical's name (else the mention's words and the id).
    let named = match lit.with.as_deref() {
        Some(w) => match (w.parse::<GeneId>(), w.parse::<locus_model::MeshId>()) {
            (Ok(g), _) => kb
                .store()
                .gene(g)?
                .map(|d| format!("{} (GeneID {g})", d.symbol)),
            (_, Ok(m)) => kb.chemical_names()?.name(m).map(|n| format!("{n} ({m})")),
            _ => None,
        },
        None => None,
    };
    Ok(super::html(
        StatusCode::OK,
        literature_page(
            &gene,
            &lit,
            named.as_deref(),
            viewer.as_ref().map(|v| v.csrf.as_str()),
            topic,
            page,
            per,
        ),
    ))
}

fn literature_page(
    g: &GeneDetail,
    lit: &Literature,
    named: Option<&str>,
    csrf: Option<&str>,
    topic: Option<Topic>,
    page: u64,
    per: u64,
) -> Markup {
    let base = format!("/genes/{}/literature", g.gene_id);
    // A filter on what the sentences also name is kept by every link.
    let wq = lit
        .with
        .as_deref()
        .map(|w| format!("&with={}", super::links::urlencode(w)))
        .unwrap_or_default();
    let with_label = named.map(str::to_string).or_else(|| {
        lit.with.as_deref().map(|w| {
            lit.topics
                .iter()
                .flat_map(|t| &t.statements)
                .flat_map(|st| {
                    st.mentions
                        .iter()
                        .filter(|m| m.ids.iter().any(|i| i == w))
                        .map(move |m| {
                            st.text
                                .chars()
                                .skip(m.start as usize)
                                .take(m.end.saturating_sub(m.start) as usize)
                                .collect::<String>()
                        })
                })
                .next()
                .map_or_else(|| w.to_string(), |name| format!("{name} ({w})"))
        })
    });
    let title = match topic {
        Some(t) => format!("{} — {}", g.symbol, t.heading(&g.symbol)),
        None => format!("{} — literature by topic", g.symbol),
    };
    let s = &g.stats;
    entity_page(
        locus_model::EntityRef::Gene(g.gene_id),
        &title,
        html! {
            article.literature-page {
                header.gene-head {
                    div.title-row {
                        h1 { a href=(format!("/genes/{}", g.gene_id)) { (g.symbol) } " · literature by topic" }
                        span.fullname { (g.name.as_deref().unwrap_or("")) }
                    }
                    div.tags {
                        span.tag.organism { i { (g.tax_id.label()) } }
                        span.tag { (thousands(lit.sentences)) " sentences" }
                        span.tag { (thousands(lit.texts_total)) " tagged texts" }
                        span.tag title=(locus_kb::gene::DEFINITIONS.text_mined_score) { "Text-mined score " (format!("{:.2}", s.text_mined_score)) " over " (thousands(s.text_mined_papers)) " abstracts" }
                        span.tag title=(locus_kb::gene::DEFINITIONS.pubmed_score) { "PubMed count " (thousands(s.pubmed_count)) " · fractional " (format!("{:.2}", s.pubmed_score)) }
                        span.downloads {
                            a href=(format!("/api/v1/genes/{}/literature?format=tsv", g.gene_id)) download=(Section::Literature.tsv_file_name(g)) { "TSV" }
                            a href=(format!("/api/v1/genes/{}/literature", g.gene_id)) { "JSON" }
                        }
                    }
                }
                (intro(lit))
                @if let Some(label) = &with_label {
                    p.notice { "Only the sentences that also name " strong { (label) } ". "
                        a href=(match topic { Some(t) => format!("{base}?topic={}", t.slug()), None => base.clone() }) { "Show every sentence" } }
                }
                @if topic.is_some() {
                    p { a href=(if wq.is_empty() { base.clone() } else { format!("{base}?{}", &wq[1..]) }) { "← Every topic" } }
                } @else {
                    nav.topics aria-label="Topics" {
                        @for t in lit.topics.iter().filter(|t| t.total > 0) {
                            a href=(format!("#{}", t.topic.slug())) { (t.heading) " " span.count { (thousands(t.total)) } }
                        }
                    }
                }
                details.rules {
                    summary { "How sentences are grouped" }
                    p { "Sentences come from every GeneRIF of the gene and from the title and abstract sentences that name the gene, newest paper first. The first rule that holds decides; words inside a gene, disease or chemical name do not count as words of the sentence." }
                    ol {
                        @for t in literature::RULES {
                            li { strong { (t.heading(&g.symbol)) } ": " (t.rule()) }
                        }
                    }
                    p { strong { "High impact. " } (literature::HIGH_IMPACT) }
                }
                @if lit.sentences == 0 {
                    p.empty { "No tagged GeneRIF or abstract names " (g.symbol) " yet." }
                }
                @for t in lit.topics.iter().filter(|t| t.total > 0 || topic.is_some()) {
                    section.topic {
                        h2 id=(t.topic.slug()) title=(t.rule) { (t.heading) " " span.count { (thousands(t.total)) } }
                        @if t.statements.is_empty() {
                            p.empty { "No sentence on this page." }
                        }
                        ol.statements start=(t.offset + 1) {
                            @for st in &t.statements { (statement_item(g.gene_id, st, "ref", csrf)) }
                        }
                        @if topic.is_none() && t.total > t.statements.len() as u64 {
                            p.more { a href=(format!("{base}?topic={}{wq}", t.topic.slug())) { "All " (thousands(t.total)) " →" } }
                        }
                        @if topic.is_some() {
                            @let pages = t.total.div_ceil(per).max(1);
                            @if pages > 1 {
                                nav.pager aria-label="Statement pages" {
                                    @if page > 1 { a href=(format!("{base}?topic={}&page={}{wq}", t.topic.slug(), page - 1)) rel="prev" { "← Newer" } }
                                    span { "Page " (page) " of " (thousands(pages)) }
                                    @if page < pages { a href=(format!("{base}?topic={}&page={}{wq}", t.topic.slug(), page + 1)) rel="next" { "Older →" } }
                                }
                            }
                        }
                    }
                }
                @if !lit.references.is_empty() {
                    section {
                        h2 id="references" { "References" }
                        (reference_list(&lit.references, "ref"))
                    }
                }
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_link_where_their_ids_are_described() {
        assert_eq!(mention_href("Gene", "571").as_deref(), Some("/genes/571"));
        assert_eq!(
            mention_href("Disease", "D050197").as_deref(),
            Some("https://meshb.nlm.nih.gov/record/ui?ui=D050197")
        );
        assert_eq!(
            mention_href("Disease", "DOID:1936").as_deref(),
            Some("/diseases/DOID:1936")
        );
        assert_eq!(
            mention_href("Disease", "HP:0001250").as_deref(),
            Some("/phenotypes/HP:0001250")
        );
        assert_eq!(
            mention_href("Chemical", "D006046").as_deref(),
            Some("/chemicals/D006046")
        );
        assert_eq!(mention_href("Gene", "Bach"), None);
    }

    #[test]
    fn long_author_lists_end_in_et_al() {
        let a: Vec<String> = ["Gao Y", "Yao J", "Poudel S", "Romer E"]
            .map(String::from)
            .to_vec();
        assert_eq!(authors(&a), "Gao Y, Yao J, Poudel S, et al");
        assert_eq!(authors(&a[..2]), "Gao Y, Yao J");
    }
}
