//! `/regulation/{tf}/{target}`: one TF → target edge as a reader checks
//! it: the merged summary, every PubMed id, and each source row with the
//! import and file line it came from.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use locus_model::ConsensusMode;
use maud::html;

use super::layout::{page as frame, thousands};
use super::network::{pmid_links, rules_details};
use super::or_error_page;
use super::search::{gene_href, page_organism};
use crate::error::{blocking, ApiError, ErrorCode};
use crate::extract::resolve_gene;
use crate::state::AppState;

/// `/regulation/{tf}/{target}`.
pub async fn page(
    State(state): State<Arc<AppState>>,
    Path((tf, target)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    or_error_page(
        blocking(move || {
            let kb = &state.kb;
            let organism = page_organism(q.get("organism").map(String::as_str))?;
            let tf_id = resolve_gene(kb, &tf, organism)?;
            let target_id = resolve_gene(kb, &target, organism)?;
            let Some(e) = kb.regulation_edge(tf_id, target_id)? else {
                return Err(ApiError::new(
                    ErrorCode::NotFound,
                    format!("No imported source says {tf} regulates {target}."),
                ));
            };
            let tf_href = gene_href(tf_id, &e.tf.label, e.tf.tax_id.unwrap_or_default());
            let target_href = gene_href(
                target_id,
                &e.target.label,
                e.target.tax_id.unwrap_or_default(),
            );
            let all_pmids = super::network::pubmed_search(&e.edge.pmids);
            let title = format!("{} → {}", e.tf.label, e.target.label);
            let body = frame(
                &title,
                html! {
                    h1 { a.sym href=(tf_href) { (e.tf.label) } " → " a.sym href=(target_href) { (e.target.label) } }
                    p.lead { (e.tf.label) " regulates " (e.target.label) " according to "
                        (e.rows.len()) (if e.rows.len() == 1 { " evidence row" } else { " evidence rows" })
                        " of the imported sources, merged into one edge." }
                    table.props {
                        tr { th { "Mode" } td {
                            @match e.edge.mode {
                                ConsensusMode::Conflicting => { "conflicting: " (e.edge.activation_rows) " rows state activation, " (e.edge.repression_rows) " repression" }
                                m => (m.as_str()),
                            }
                        } }
                        tr { th { "Small-scale evidence" } td { (if e.edge.small_scale { "yes" } else { "no" }) } }
                        tr { th { "Sources" } td { (e.edge.sources.join(", ")) } }
                        tr { th { "Detection methods" } td { @if e.edge.methods.is_empty() { span.muted { "not stated by the sources" } } @else { (e.edge.methods.join("; ")) } } }
                        tr { th { "PubMed" } td {
                            @if e.edge.pmids.is_empty() { span.muted { "none cited" } }
                            (pmid_links(&e.edge.pmids))
                            @if e.edge.pmids.len() > 1 { " · " a href=(all_pmids) { "all " (e.edge.pmids.len()) " in one PubMed search" } }
                        } }
                    }
                    section {
                        h2 { "Evidence rows " span.count { (e.rows.len()) } }
                        table.data.sortable {
                            thead { tr { th { "Import" } th { "Source" } th.num { "Line" } th { "Databases" } th { "Methods" } th { "PubMed" } th { "Mode" } th.num { "Weight" } th { "Small-scale flag" } } }
                            tbody {
                                @for r in &e.rows {
                                    tr {
                                        td.num data-sort=(r.import_id) { "#" (r.import_id) }
                                        td { (r.resource.label()) }
                                        td.num { (thousands(r.line)) }
                                        td { (r.databases.join(", ")) }
                                        td { (r.methods.join("; ")) }
                                        td { (pmid_links(&r.pmids)) }
                                        td { @if let Some(m) = r.mode { (m.as_str()) } }
                                        td.num { @if let Some(w) = r.weight { (w) } }
                                        td { @match r.small_scale { Some(true) => "Yes", Some(false) => "No", None => "" } }
                                    }
                                }
                            }
                        }
                        p.muted { "Line: the row's line in the imported file (see " a href="/about/provenance" { "provenance" } " for the file and its release). "
                            a href=(format!("/api/v1/regulation/{tf_id}/{target_id}")) { "JSON" } }
                    }
                    (rules_details())
                },
            );
            Ok(super::html(StatusCode::OK, body))
        })
        .await,
    )
}
