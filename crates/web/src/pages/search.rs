use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use locus_model::organism_name;
use maud::{html, Markup};
use serde::Deserialize;

use super::layout::{location, page_with_query, thousands};
use crate::api::{organism_param, MAX_QUERY_LEN};
use crate::search::SearchHit;
use crate::state::{AppState, HTML};

#[derive(Deserialize)]
pub struct Params {
    q: Option<String>,
    organism: Option<String>,
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
                        td { i { (organism_name(h.tax_id).unwrap_or("")) } }
                        td { (h.map_location.as_deref().map(location).unwrap_or_default()) }
                        td { (h.gene_type.as_deref().unwrap_or("")) }
                        td.num data-sort=(h.pubmed_count) { (thousands(h.pubmed_count)) }
                        td.muted { (h.matched) @if let Some(a) = &h.alias { " " code { (a) } } }
                    }
                }
            }
        }
    }
}

/// The canonical link of a gene: by symbol for human, by GeneID otherwise
/// (mouse symbols often equal human ones in another case).
pub fn gene_href(gene_id: u64, symbol: &str, tax_id: u32) -> String {
    if tax_id == locus_model::HUMAN
        && !symbol.is_empty()
        && symbol
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        format!("/genes/{symbol}")
    } else {
        format!("/genes/{gene_id}")
    }
}

pub async fn page(State(state): State<Arc<AppState>>, Query(p): Query<Params>) -> Response {
    let q = p.q.unwrap_or_default();
    if q.len() > MAX_QUERY_LEN {
        return (StatusCode::BAD_REQUEST, "query too long").into_response();
    }
    let organism = match p
        .organism
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(organism_param)
        .transpose()
    {
        Ok(o) => o,
        Err(e) => return e.into_response(),
    };
    let idx = match state.search_index() {
        Ok(i) => i,
        Err(e) => return e.into_response(),
    };
    let hits = idx.search(&q, organism, 50);
    // A GeneID or a unique exact symbol goes straight to the gene.
    if q.trim().chars().all(|c| c.is_ascii_digit()) && !q.trim().is_empty() {
        return Redirect::to(&format!("/genes/{}", q.trim())).into_response();
    }
    let exact: Vec<&SearchHit> = hits.iter().filter(|h| h.matched == "symbol").collect();
    if exact.len() == 1 {
        return Redirect::to(&gene_href(
            exact[0].gene_id,
            &exact[0].symbol,
            exact[0].tax_id,
        ))
        .into_response();
    }
    let body = page_with_query(
        &format!("Search: {q}"),
        &q,
        html! {
            h1 { "Search" }
            @if q.trim().is_empty() {
                p { "Type a gene symbol, alias, words of its name, or a GeneID." }
            } @else if hits.is_empty() {
                p { "No gene matches " strong { (q) } "." }
            } @else {
                p.muted { (hits.len()) " best matches for " strong { (q) } ", ranked: exact symbol, symbol prefix, alias, name words; most-published first." }
                (hits_table(&hits))
            }
        },
    );
    (
        [(axum::http::header::CONTENT_TYPE, HTML)],
        body.into_string(),
    )
        .into_response()
}
