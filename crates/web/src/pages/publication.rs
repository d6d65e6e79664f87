//! A PubMed citation as imported: title, authors, journal, abstract, MeSH
//! headings, the genes that the imported sources link to it, and the
//! abstract as Locus's tagger and other tools (PubTator imports) annotated
//! it, with each mention marked.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use locus_model::{Concept, MentionType, Pmid, TextAnnotation};
use locus_store::{AnnotatedText, LocusTags};
use maud::{html, Markup};

use super::layout::page as frame;
use super::or_error_page;
use super::search::gene_href;
use crate::error::{blocking, ApiError};
use crate::state::AppState;

/// `/publications/{pmid}`.
pub async fn page(State(state): State<Arc<AppState>>, Path(pmid): Path<String>) -> Response {
    let Ok(pmid) = pmid.parse::<Pmid>() else {
        return super::error_page(ApiError::invalid(format!("{pmid:?} is not a PubMed id")));
    };
    or_error_page(blocking(move || {
            let Some(p) = state.kb.store().publication(pmid)? else {
                let body = frame(
                    "Citation not found",
                    html! {
                        h1 { "PubMed " (pmid) }
                        p { "No imported source mentions this PubMed id. "
                            a href=(format!("https://pubmed.ncbi.nlm.nih.gov/{pmid}/")) { "Open it in PubMed" } "." }
                    },
                );
                return Ok(super::html(StatusCode::NOT_FOUND, body));
            };
            let title = p
                .citation
                .as_ref()
                .map(|c| c.title.clone())
                .or_else(|| p.annotated.first().map(|a| a.title.clone()))
                .unwrap_or_else(|| format!("PubMed {pmid}"));
            let body = super::layout::entity_page(
                locus_model::EntityRef::Publication(pmid),
                &title,
                html! {
                    article.publication {
                        p.muted { "PubMed " a href=(format!("https://pubmed.ncbi.nlm.nih.gov/{pmid}/")) rel="external" { (pmid) }
                            @if let Some(doi) = p.citation.as_ref().and_then(|c| c.doi.as_ref()) {
                                " · DOI " a href=(format!("https://doi.org/{doi}")) rel="external" { (doi) }
                            }
                        }
                        @match &p.citation {
                            Some(c) => {
                                h1.pubtitle { (c.title) }
                                p.authors { (c.authors.join(", ")) }
                                p.muted { i { (c.journal.as_deref().unwrap_or("")) } @if let Some(y) = c.year { " (" (y) ")" } }
                                @if let Some(a) = &c.abstract_text {
                                    section { h2 { "Abstract" } @for para in a.split("\n\n") { p { (para) } } }
                                }
                                @if !c.mesh.is_empty() {
                                    section {
                                        h2 { "MeSH headings" }
                                        ul.mesh {
                                            @for m in &c.mesh {
                                                li {
                                                    @if m.major_topic { strong { (m.descriptor) } } @else { (m.descriptor) }
                                                    @if !m.qualifiers.is_empty() { span.muted { " / " (m.qualifiers.join(" / ")) } }
                                                }
                                            }
                                        }
                                        p.muted.small { "Bold: major topic of the article." }
                                    }
                                }
                                @if let Some(id) = p.citation_import_id { p.muted.small { "Citation from import #" (id) " (" a href="/about/provenance" { "provenance" } ")." } }
                            }
                            None => {
                                @match p.annotated.first() {
                                    Some(a) => {
                                        h1.pubtitle { (a.title) }
                                        p.muted { "Title and abstract from the annotated text of import #" (a.import_id) "; import PubMed/MEDLINE XML for authors, journal and MeSH headings." }
                                    }
                                    None => {
                                        h1 { "PubMed " (pmid) }
                                        p.empty { "The citation itself has not been imported; import PubMed/MEDLINE XML to see its title and abstract." }
                                    }
                                }
                            }
                        }
                        @if let Some(t) = &p.locus_tags { (locus_section(pmid, t)) }
                        @for t in &p.annotated { (annotated_section(t)) }
                        section {
                            h2 { "Genes linked to this paper " span.count { (p.genes.len()) } }
                            @if p.genes.is_empty() {
                                p.empty { "No imported source links a gene to this paper." }
                            } @else {
                                table.data.sortable {
                                    thead { tr { th { "Symbol" } th { "Name" } th { "Organism" } } }
                                    tbody {
                                        @for g in &p.genes {
                                            tr {
                                                td { a.sym href=(gene_href(g.gene_id, &g.symbol, g.tax_id)) { (g.symbol) } }
                                                td { (g.name.as_deref().unwrap_or("")) }
                                                td { i { (g.tax_id.scientific_name().unwrap_or("")) } }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                },
            );
            Ok(super::html(StatusCode::OK, body))
        })
        .await)
}

/// Where a concept of a mention type is described: NCBI Gene for genes,
/// MeSH for diseases and chemicals written as MeSH ids, OMIM, NCBI
/// Taxonomy for species.
fn concept_href(t: &MentionType, c: &Concept) -> Option<String> {
    let id = c.id.as_str();
    let mesh = is_mesh(id);
    match t {
        MentionType::Gene if id.bytes().all(|b| b.is_ascii_digit()) => {
            Some(format!("https://www.ncbi.nlm.nih.gov/gene/{id}"))
        }
        MentionType::Species if id.bytes().all(|b| b.is_ascii_digit()) => Some(format!(
            "https://www.ncbi.nlm.nih.gov/Taxonomy/Browser/wwwtax.cgi?id={id}"
        )),
        _ if mesh => Some(format!("https://meshb.nlm.nih.gov/record/ui?ui={id}")),
        _ => id
            .strip_prefix("OMIM:")
            .map(|n| format!("https://omim.org/entry/{n}")),
    }
}

/// Whether `id` is a MeSH descriptor or supplementary concept
/// (`D001943`, `C000657245`).
pub(super) fn is_mesh(id: &str) -> bool {
    id.len() > 1
        && (id.starts_with('D') || id.starts_with('C'))
        && id[1..].bytes().all(|b| b.is_ascii_digit())
}

/// The class that colours a mention of this type.
fn mention_class(t: &MentionType) -> &'static str {
    match t {
        MentionType::Gene | MentionType::FamilyName | MentionType::DomainMotif => "m-gene",
        MentionType::Disease => "m-disease",
        MentionType::Chemical => "m-chemical",
        MentionType::Species => "m-species",
        _ => "m-other",
    }
}

/// What a mention's tooltip says: type and concepts.
fn mention_title(a: &TextAnnotation) -> String {
    let ids: Vec<String> = a
        .concepts
        .iter()
        .map(|c| match c.tax_id {
            Some(t) => format!("{} (taxon {t})", c.id),
            None => c.id.clone(),
        })
        .collect();
    if ids.is_empty() {
        format!("{} (not normalised)", a.mention_type.as_str())
    } else {
        format!("{} {}", a.mention_type.as_str(), ids.join(", "))
    }
}

/// The characters `from..to` of `text` with the annotations inside that
/// range marked; an annotation overlapping one already marked is listed
/// in the table only.
fn marked(text: &[char], from: usize, to: usize, annotations: &[&TextAnnotation]) -> Markup {
    let mut pieces: Vec<(String, Option<&TextAnnotation>)> = Vec::new();
    let mut at = from;
    for a in annotations {
        let (s, e) = (a.start as usize, a.end as usize);
        if s < at || e > to {
            continue;
        }
        pieces.push((text[at..s].iter().collect(), None));
        pieces.push((text[s..e].iter().collect(), Some(*a)));
        at = e;
    }
    pieces.push((text[at.min(to)..to].iter().collect(), None));
    html! {
        @for (piece, a) in &pieces {
            @match a {
                Some(a) => mark class=(mention_class(&a.mention_type)) title=(mention_title(a)) { (piece) },
                None => (piece),
            }
        }
    }
}

/// One import's annotated abstract: the text with its mentions marked,
/// and every mention in a table with its identifiers linked.
fn annotated_section(t: &AnnotatedText) -> Markup {
    marked_section(Marked {
        heading: "Annotated text",
        note: html! { "As import #" (t.import_id) " (" a href="/about/provenance" { "provenance" } ") annotates it, mention by mention; " },
        title: &t.title,
        abstract_text: &t.abstract_text,
        annotations: t.annotations.iter().collect(),
        why: None,
    })
}

/// The title and abstract as Locus's own tagger read them, each mention
/// with the rule that found it.
fn locus_section(pmid: Pmid, t: &LocusTags) -> Markup {
    let chars: Vec<char> = t.text.chars().collect();
    let cut = (t.title_chars as usize).min(chars.len());
    let title: String = chars[..cut].iter().collect();
    let abstract_text: String = chars[(cut + 1).min(chars.len())..].iter().collect();
    let annotations: Vec<TextAnnotation> = t
        .mentions
        .iter()
        .map(|m| TextAnnotation {
            pmid,
            start: m.start,
            end: m.end,
            mention: m.mention.clone(),
            mention_type: MentionType::parse(&m.kind),
            concepts: m
                .ids
                .iter()
                .map(|id| Concept {
                    id: id.clone(),
                    tax_id: m.tax_id,
                })
                .collect(),
            written_identifiers: None,
            line: 0,
        })
        .collect();
    let why: Vec<String> = t.mentions.iter().map(|m| rule_text(&m.rule)).collect();
    marked_section(Marked {
        heading: "Genes, diseases and chemicals found by Locus",
        note: html! {
            "Found by Locus's tagger in tagging run #" (t.run.id) " of " (t.run.started_at) " (" (t.run.tagger) "; vocabulary: " (t.run.vocabulary)
            "; the rules are in docs/tagger.md of the Locus sources), names from the imported genes and ontologies; "
        },
        title: &title,
        abstract_text: &abstract_text,
        annotations: annotations.iter().collect(),
        why: Some(why),
    })
}

/// The tagger's rule, as a reader reads it: `symbol`, `abbreviation of
/// heme oxygenase-1`.
fn rule_text(rule: &serde_json::Value) -> String {
    match rule.get("rule").and_then(|r| r.as_str()) {
        Some("abbreviation") => format!(
            "abbreviation defined as “{}”",
            rule.get("long_form").and_then(|l| l.as_str()).unwrap_or("")
        ),
        Some("name") => rule
            .get("source")
            .and_then(|s| s.as_str())
            .unwrap_or("name")
            .replace('_', " "),
        _ => rule.to_string(),
    }
}

/// A text with its mentions, for [`marked_section`].
struct Marked<'a> {
    heading: &'a str,
    /// Where the mentions come from, ending so the legend can follow.
    note: Markup,
    title: &'a str,
    abstract_text: &'a str,
    annotations: Vec<&'a TextAnnotation>,
    /// For each annotation, why it was found (Locus's own tags).
    why: Option<Vec<String>>,
}

/// A title and abstract with their mentions marked, and every mention in
/// a table with its identifiers linked.
fn marked_section(m: Marked) -> Markup {
    let text: Vec<char> = format!("{} {}", m.title, m.abstract_text).chars().collect();
    let title_end = m.title.chars().count();
    let mut sorted: Vec<&TextAnnotation> = m.annotations.clone();
    sorted.sort_by_key(|a| (a.start, std::cmp::Reverse(a.end)));
    html! {
        section.annotated {
            h2 { (m.heading) " " span.count { (m.annotations.len()) } }
            p.muted.small { (m.note)
                "hover a mention for its type and identifiers. "
                mark.m-gene { "genes" } " " mark.m-disease { "diseases" } " " mark.m-chemical { "chemicals" } " " mark.m-species { "species" } " " mark.m-other { "other" } }
            p.annotated-title { strong { (marked(&text, 0, title_end, &sorted)) } }
            @if !m.abstract_text.is_empty() {
                p.annotated-abstract { (marked(&text, (title_end + 1).min(text.len()), text.len(), &sorted)) }
            }
            details {
                summary { "Every mention, with its offsets" }
                table.data.sortable {
                    thead { tr { th.num { "Start" } th.num { "End" } th { "Mention" } th { "Type" } th { "Identifiers" } @if m.why.is_some() { th { "Found as" } } } }
                    tbody {
                        @for (i, a) in m.annotations.iter().enumerate() {
                            tr {
                                td.num { (a.start) } td.num { (a.end) } td { (a.mention) } td { (a.mention_type.as_str()) }
                                td {
                                    @if a.concepts.is_empty() { span.muted { "not normalised" } }
                                    @for (i, c) in a.concepts.iter().enumerate() {
                                        @if i > 0 { ", " }
                                        @match concept_href(&a.mention_type, c) {
                                            Some(h) => a href=(h) rel="external" { (c.id) },
                                            None => (c.id),
                                        }
                                        @if let Some(tax) = c.tax_id { span.muted { " (taxon " (tax) ")" } }
                                    }
                                }
                                @if let Some(why) = &m.why { td { (why.get(i).map(String::as_str).unwrap_or("")) } }
                            }
                        }
                    }
                }
            }
        }
    }
}
