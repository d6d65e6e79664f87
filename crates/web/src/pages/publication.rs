//! A PubMed citation as imported: title, authors, journal, abstract, MeSH
//! headings, and the genes that the imported sources link to it.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use locus_model::Pmid;
use maud::html;

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
            let title = p.citation.as_ref().map(|c| c.title.clone()).unwrap_or_else(|| format!("PubMed {pmid}"));
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
                                h1 { "PubMed " (pmid) }
                                p.empty { "The citation itself has not been imported; import PubMed/MEDLINE XML to see its title and abstract." }
                            }
                        }
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
