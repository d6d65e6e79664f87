//! `/chemicals/{mesh}`: a chemical as the imported texts name it — its
//! MeSH id and commonest spelling, and the genes named with it in a
//! sentence, each linking to the gene's statements about chemicals.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use locus_kb::chemicals::ChemicalDocument;
use locus_model::{EntityRef, MeshId};
use maud::{html, Markup};

use super::layout::{entity_page, page as frame, thousands};
use super::or_error_page;
use crate::error::{blocking, ApiError};
use crate::state::AppState;

/// `/chemicals/{mesh}`.
pub async fn page(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let Ok(mesh) = id.parse::<MeshId>() else {
        return super::error_page(ApiError::invalid(format!(
            "{id:?} is not a MeSH id (D006046, C000657245)"
        )));
    };
    or_error_page(
        blocking(move || {
            let Some(doc) = state.kb.chemical(mesh)? else {
                let body = frame(
                    "Chemical not found",
                    html! {
                        h1 { (mesh) }
                        p { "No tagged text in this store names the chemical " (mesh) ". Chemicals are found by Locus's tagger in imported abstracts and GeneRIFs; import PubMed XML or GeneRIFs, or run " code { "locus retag" } "." }
                    },
                );
                return Ok(super::html(StatusCode::NOT_FOUND, body));
            };
            Ok(super::html(StatusCode::OK, chemical_page(&doc)))
        })
        .await,
    )
}

fn chemical_page(doc: &ChemicalDocument) -> Markup {
    let mesh = doc.mesh;
    entity_page(
        doc.entity,
        &format!("{} (chemical)", doc.name),
        html! {
            article.term {
                header.gene-head {
                    div.title-row { h1 { (doc.name) } span.fullname { "chemical" } }
                    div.tags {
                        span.tag { (thousands(doc.total_genes as u64)) " genes named with it" }
                    }
                    ul.xlinks {
                        li { a href=(format!("https://meshb.nlm.nih.gov/record/ui?ui={mesh}")) rel="external" { span.db { "MeSH" } " " (mesh) } }
                    }
                }
                p.muted { "Locus holds no chemical database: this page is what the imported texts say. The name is the spelling Locus's tagger found most often for this MeSH id; the genes are those named with it in one sentence of an imported abstract or GeneRIF (text-mined co-mentions, not curated associations)." }
                section {
                    div.section-head { h2 { "Genes named with it" " " span.count { (thousands(doc.total_genes as u64)) } } }
                    @if doc.genes.is_empty() {
                        p.empty { "No gene is named with it in one sentence." }
                    } @else {
                        table.data.sortable {
                            thead { tr { th { "Gene" } th { "Organism" } th.num title="Texts whose sentences name both" { "Texts" } th { "Statements" } } }
                            tbody {
                                @for n in &doc.genes {
                                    tr {
                                        td { a.sym href=(n.node.path) { (n.node.label) } }
                                        td { i { (n.node.tax_id.map(|t| t.label()).unwrap_or_default()) } }
                                        td.num { (n.edge.strength) }
                                        td { @if let EntityRef::Gene(g) = n.node.entity {
                                            a href=(format!("/genes/{g}/literature?with={mesh}")) { "sentences naming both" }
                                        } }
                                    }
                                }
                            }
                        }
                        @if doc.total_genes > doc.genes.len() {
                            p.muted.small { "The " (doc.genes.len()) " named in most texts of " (thousands(doc.total_genes as u64)) "." }
                        }
                    }
                }
            }
        },
    )
}
