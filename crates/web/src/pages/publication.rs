//! A PubMed citation as imported: title, authors, journal, abstract, MeSH
//! headings, the genes that the imported sources link to it, and the
//! abstract as other tools annotated it (PubTator imports), with each
//! mention marked.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use locus_model::{Concept, MentionType, Pmid, TextAnnotation};
use locus_store::AnnotatedText;
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
    let mesh = id.len() > 1
        && (id.starts_with('D') || id.starts_with('C'))
        && id[1..].bytes().all(|b| b.is_ascii_digit());
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
    let text: Vec<char> = format!("{} {}", t.title, t.abstract_text).chars().collect();
    let title_end = t.title.chars().count();
    let mut sorted: Vec<&TextAnnotation> = t.annotations.iter().collect();
    sorted.sort_by_key(|a| (a.start, std::cmp::Reverse(a.end)));
    html! {
        section.annotated {
            h2 { "Annotated text " span.count { (t.annotations.len()) } }
            p.muted.small { "As import #" (t.import_id) " (" a href="/about/provenance" { "provenance" } ") annotates it, mention by mention; "
                "hover a mention for its type and identifiers. "
                mark.m-gene { "genes" } " " mark.m-disease { "diseases" } " " mark.m-chemical { "chemicals" } " " mark.m-species { "species" } " " mark.m-other { "other" } }
            p.annotated-title { strong { (marked(&text, 0, title_end, &sorted)) } }
            @if !t.abstract_text.is_empty() {
                p.annotated-abstract { (marked(&text, (title_end + 1).min(text.len()), text.len(), &sorted)) }
            }
            details {
                summary { "Every mention, with its offsets" }
                table.data.sortable {
                    thead { tr { th.num { "Start" } th.num { "End" } th { "Mention" } th { "Type" } th { "Identifiers" } } }
                    tbody {
                        @for a in &t.annotations {
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
                            }
                        }
                    }
                }
            }
        }
    }
}
