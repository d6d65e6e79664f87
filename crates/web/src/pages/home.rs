use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use locus_model::organism_name;
use maud::html;

use super::layout::{page as frame, thousands};
use super::search::gene_href;
use crate::state::{AppState, HTML};

pub async fn page(State(state): State<Arc<AppState>>) -> Response {
    state
        .cached("page:home".into(), |state| {
            let stats = state.store.stats()?;
            let top = state.search_index()?.most_published(12);
            let body = frame(
                "Gene knowledge base",
                html! {
                    section.hero {
                        h1 { "Locus" }
                        p.lead { "Genes, literature, GO annotations and proteins from the public databases you imported — one page per gene, with the source of every fact." }
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
                    section.card {
                        h2 { "In this store" }
                        table.props {
                            @for (tax, n) in &stats.genes_by_organism {
                                tr { th { "Genes, " i { (organism_name(*tax).unwrap_or("taxon")) } } td.num { (thousands(*n)) } }
                            }
                            tr { th { "Gene→PubMed links" } td.num { (thousands(*stats.facts.get("gene_pubmed_distinct").unwrap_or(&0))) } }
                            tr { th { "GeneRIFs" } td.num { (thousands(*stats.facts.get("generif").unwrap_or(&0))) } }
                            tr { th { "PubMed citations" } td.num { (thousands(*stats.facts.get("publication").unwrap_or(&0))) } }
                            tr { th { "GO annotations" } td.num { (thousands(*stats.facts.get("go_annotation").unwrap_or(&0))) } }
                            tr { th { "UniProtKB entries" } td.num { (thousands(*stats.facts.get("protein").unwrap_or(&0))) } }
                        }
                        p { a href="/about/provenance" { (stats.imports.len()) " imports" } " · " a href="/api/openapi.json" { "OpenAPI document" } }
                    }
                },
            );
            Ok((axum::http::StatusCode::OK, HTML, body.into_string().into_bytes()))
        })
        .await
}

/// Every live import: what was loaded, from which file, which release.
pub async fn provenance(State(state): State<Arc<AppState>>) -> Response {
    state
        .cached("page:provenance".into(), |state| {
            let imports = state.store.imports()?;
            let body = frame(
                "Data and provenance",
                html! {
                    h1 { "Data and provenance" }
                    p { "Each import is one source file loaded in one transaction. Re-importing a file replaces its facts." }
                    (super::gene::imports_table(&imports))
                },
            );
            Ok((axum::http::StatusCode::OK, HTML, body.into_string().into_bytes()))
        })
        .await
}
