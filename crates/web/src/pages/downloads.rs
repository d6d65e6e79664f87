//! `/downloads`: the whole-network files of each organism, with their
//! sizes in edges.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use locus_kb::exports::NetworkFile;
use maud::html;

use super::layout::{page as frame, thousands};
use super::or_error_page;
use crate::error::blocking;
use crate::state::AppState;

/// `/downloads`.
pub async fn page(State(state): State<Arc<AppState>>) -> Response {
    or_error_page(
        blocking(move || {
            let store = state.kb.store();
            let stats = store.stats()?;
            let mut counts = Vec::new();
            for &t in stats.genes_by_organism.keys() {
                counts.push((t, store.network(t)?.len()));
            }
            let body = frame(
                "Downloads",
                html! {
                    h1 { "Downloads" }
                    p { "The merged regulatory network of this store, one file per organism and format. "
                        "Every edge is the union of its imported sources; the per-gene pages offer TFLink-style "
                        code { "tfs_of_" } " and " code { "targets_of_" } " files and JSON." }
                    @for (t, n) in &counts {
                        section {
                            h2 { i { (t.label()) } " " span.count { (thousands(*n as u64)) " TF–target edges" } }
                            @if *n == 0 {
                                p.empty { "No regulation imported for this organism." }
                            } @else {
                                table.data {
                                    thead { tr { th { "File" } th { "Content" } } }
                                    tbody {
                                        @for f in NetworkFile::ALL {
                                            tr {
                                                td.nowrap { a href=(format!("/downloads/{t}/{}", f.file_name())) download { (f.file_name()) } }
                                                td { (f.description()) }
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
        .await,
    )
}
