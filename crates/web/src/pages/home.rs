//! The start page (what this store holds, its most-studied genes) and the
//! provenance page (every import).

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use locus_model::FactTable;
use maud::html;

use super::layout::{page as frame, thousands};
use super::or_error_page;
use super::search::gene_href;
use crate::error::{blocking, ApiError};
use crate::state::AppState;

/// `/`.
pub async fn page(State(state): State<Arc<AppState>>) -> Response {
    or_error_page(blocking(move || render(&state)).await)
}

fn render(state: &Arc<AppState>) -> Result<Response, ApiError> {
    let stats = state.kb.store().stats()?;
    let top = state.kb.search_index()?.most_published(12);
    let graph = state.kb.graph()?;
    let fact = |t: FactTable| thousands(stats.facts.get(&t).copied().unwrap_or(0));
    let body = frame(
        "Gene knowledge base",
        html! {
            section.hero {
                h1 { "Locus" }
                p.lead { "Genes, literature, GO annotations, proteins and the regulatory network from the public databases you imported — one page per gene, with the source of every fact." }
                @if top.is_empty() {
                    p { "This store is empty. Import data with " code { "locus import" } ", or run " code { "locus demo" } "." }
                } @else {
                    p { "Type a symbol, alias or words of a gene's name above. The most-studied genes here: "
                        @for (i, h) in top.iter().enumerate() {
                            @if i > 0 { ", " }
                            a href=(gene_href(h.gene_id, &h.symbol, h.tax_id)) title=(h.name.as_deref().unwrap_or("")) { (h.symbol) }
                        }
                        "." }
                }
            }
            div.cards {
                section.card {
                    h2 { "Genes and literature" }
                    table.props {
                        @for (tax, n) in &stats.genes_by_organism {
                            tr { th { "Genes, " i { (tax.label()) } } td.num { (thousands(*n)) } }
                        }
                        tr { th { "Gene→PubMed links" } td.num { (thousands(stats.gene_pubmed_links)) } }
                        tr { th { "GeneRIFs" } td.num { (fact(FactTable::Generif)) } }
                        tr { th { "PubMed citations" } td.num { (fact(FactTable::Publication)) } }
                        tr { th { "GO annotations" } td.num { (fact(FactTable::GoAnnotation)) } }
                        tr { th { "UniProtKB entries" } td.num { (fact(FactTable::Protein)) } }
                    }
                }
                section.card {
                    h2 { "Network" }
                    table.props {
                        tr { th { "TF → target edges (merged)" } td.num { (thousands(stats.tf_target_edges)) } }
                        tr { th { "Regulation evidence rows" } td.num { (fact(FactTable::Regulation)) } }
                        tr { th { "Protein interactions (STRING)" } td.num { (fact(FactTable::Interaction)) } }
                        tr { th { "Ortholog pairs" } td.num { (fact(FactTable::Ortholog)) } }
                        tr { th { "TF binding sites" } td.num { (fact(FactTable::BindingSite)) } }
                        tr { th { "Knowledge-graph edges" } td.num { (thousands(graph.edge_count() as u64)) } }
                    }
                    p.muted { a href="/downloads" { "Download the network" } " as TFLink, KGX or GMT files." }
                }
            }
            p { a href="/about/provenance" { (stats.imports.len()) " imports" } " · " a href="/api/openapi.json" { "OpenAPI document" } " · " a href="/metrics" { "metrics" } }
        },
    );
    Ok(super::html(StatusCode::OK, body))
}

/// `/about/provenance`: every live import, what was loaded, from which
/// file, which release.
pub async fn provenance(State(state): State<Arc<AppState>>) -> Response {
    or_error_page(
        blocking(move || {
            let imports = state.kb.store().imports()?;
            let body = frame(
                "Data and provenance",
                html! {
                    h1 { "Data and provenance" }
                    p { "Each import is one source file loaded in one transaction. Re-importing a file replaces its facts." }
                    (super::gene::imports_table(&imports))
                },
            );
            Ok(super::html(StatusCode::OK, body))
        })
        .await,
    )
}
