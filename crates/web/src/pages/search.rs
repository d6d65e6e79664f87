//! The search page, and the result table it shares with the gene page's
//! "not found" suggestions.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use locus_kb::search::{SearchHit, SearchMatch};
use locus_model::{GeneId, TaxId};
use maud::{html, Markup};
use serde::Deserialize;

use super::layout::{location, page_with_query, thousands};
use super::or_error_page;
use crate::error::{blocking, ApiError};
use crate::extract::{check_name, MAX_NAME_CHARS};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct Params {
    q: Option<String>,
    organism: Option<String>,
}

/// An organism as a person types it into a page's URL: any case.
pub fn page_organism(s: Option<&str>) -> Result<Option<TaxId>, ApiError> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => TaxId::parse_organism(s).map(Some).ok_or_else(|| {
            ApiError::invalid(format!(
                "unknown organism {s:?}: use a taxon id, human or mouse"
            ))
        }),
    }
}

/// Results table shared by the search page and the 404 suggestions.
pub fn hits_table(hits: &[SearchHit]) -> Markup {
    html! {
        table.data.sortable {
            thead { tr { th { "Symbol" } th { "Name" } th { "Organism" } th { "Location" } th { "Type" } th.num { "PubMed" } th { "Matched" } } }
            tbody {
                @for h in hits {
                    tr {
                        td { a.sym href=(gene_href(h.gene_id, &h.symbol, h.tax_id)) { (h.symbol) } }
                        td { (h.name.as_deref().unwrap_or("")) }
                        td { i { (h.tax_id.scientific_name().unwrap_or("")) } }
                        td { (h.map_location.as_deref().map(location).unwrap_or_default()) }
                        td { (h.gene_type.as_deref().unwrap_or("")) }
                        td.num data-sort=(h.pubmed_count) { (thousands(h.pubmed_count)) }
                        td.muted { (h.matched.label()) @if let Some(a) = &h.alias { " " code { (a) } } }
                    }
                }
            }
        }
    }
}

/// The link a reader follows to a gene (see [`locus_kb::search::gene_path`]).
pub fn gene_href(gene_id: GeneId, symbol: &str, tax_id: TaxId) -> String {
    locus_kb::search::gene_path(gene_id, symbol, tax_id)
}

/// `/search?q=`: the ranked hits; a GeneID or a unique exact symbol goes
/// straight to the gene.
pub async fn page(State(state): State<Arc<AppState>>, Query(p): Query<Params>) -> Response {
    or_error_page(blocking(move || render(&state, p)).await)
}

/// A search snippet with its matched words (between `\u{2}` and
/// `\u{3}`, as the store marks them) highlighted; everything else is
/// text.
pub fn snippet(s: &str) -> Markup {
    let mut parts = Vec::new();
    let mut marked = false;
    let mut current = String::new();
    for c in s.chars() {
        match c {
            '\u{2}' | '\u{3}' => {
                parts.push((marked, std::mem::take(&mut current)));
                marked = c == '\u{2}';
            }
            c => current.push(c),
        }
    }
    parts.push((marked, current));
    html! { @for (m, t) in &parts { @if *m { mark { (t) } } @else { (t) } } }
}

fn render(state: &Arc<AppState>, p: Params) -> Result<Response, ApiError> {
    let q = p.q.unwrap_or_default();
    if !q.trim().is_empty() {
        check_name("the search", &q)?;
    } else if q.chars().count() > MAX_NAME_CHARS {
        return Err(ApiError::invalid("the search is too long"));
    }
    let organism = page_organism(p.organism.as_deref())?;
    let idx = state.kb.search_index()?;
    let hits = idx.search(&q, organism, 50);
    let trimmed = q.trim();
    if !trimmed.is_empty() && trimmed.chars().all(|c| c.is_ascii_digit()) {
        return Ok(Redirect::to(&format!("/genes/{trimmed}")).into_response());
    }
    // `PMID:17942419`: the paper.
    if let Some(pmid) = trimmed
        .get(..5)
        .filter(|p| p.eq_ignore_ascii_case("pmid:"))
        .and_then(|_| trimmed[5..].trim().parse::<locus_model::Pmid>().ok())
        .filter(|p| p.0 > 0)
    {
        return Ok(Redirect::to(&format!("/publications/{pmid}")).into_response());
    }
    // One gene named exactly (by symbol or an identifier): go there.
    let exact: Vec<&SearchHit> = hits
        .iter()
        .filter(|h| matches!(h.matched, SearchMatch::Symbol | SearchMatch::Identifier))
        .collect();
    if let [one] = exact.as_slice() {
        return Ok(Redirect::to(&gene_href(one.gene_id, &one.symbol, one.tax_id)).into_response());
    }
    let terms = if trimmed.is_empty() {
        Vec::new()
    } else {
        state.kb.term_index()?.search(trimmed, None, 30)
    };
    // A term named by its id (`HP:0001250`), and no gene named exactly: its page.
    if exact.is_empty() {
        if let Some(t) = terms
            .iter()
            .find(|t| t.matched == locus_kb::terms::TermMatch::Identifier)
        {
            return Ok(Redirect::to(&t.entity.path()).into_response());
        }
    }
    // Everything else, ranked on one scale (the genes have their table).
    let others: Vec<locus_kb::everything::AnyHit> = if trimmed.is_empty() {
        Vec::new()
    } else {
        state
            .kb
            .search_everything(trimmed, organism, 80, true)?
            .into_iter()
            .filter(|h| h.kind != locus_kb::everything::HitKind::Gene)
            .take(40)
            .collect()
    };
    let body = page_with_query(
        &format!("Search: {q}"),
        &q,
        html! {
            h1 { "Search" }
            @if trimmed.is_empty() {
                p { "Type a gene symbol, alias, words of its name, or a GeneID." }
            } @else if hits.is_empty() {
                p { "No gene matches " strong { (q) } "." }
            } @else if !hits.is_empty() {
                p.muted { (hits.len()) " best matches for " strong { (q) } ", ranked: exact symbol, symbol prefix, alias, name words; most-published first." }
                (hits_table(&hits))
            }
            @if !others.is_empty() {
                section.other-hits {
                    h2 { "Diseases, phenotypes, GO terms, papers and articles " span.count { (others.len()) } }
                    p.muted.small { "Ranked: identifier, name, synonym, prefix, name words, then words in papers, GeneRIFs, definitions and articles." }
                    ul.article-hits {
                        @for h in &others {
                            li {
                                span class=(format!("tag kind {}", h.kind.label().replace(' ', "-"))) { (h.kind.label()) } " "
                                a href=(h.path) { (h.label) }
                                // A passage that only repeats the title is left out.
                                @if h.rank == locus_kb::everything::Rank::Text {
                                    @if h.detail.replace(['\u{2}', '\u{3}'], "") != h.label {
                                        p.snippet { (snippet(&h.detail)) }
                                    }
                                } @else {
                                    span.muted { " · " (h.detail) }
                                }
                            }
                        }
                    }
                }
            }
        },
    );
    Ok(super::html(StatusCode::OK, body))
}
