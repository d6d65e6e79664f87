//! `/downloads`: the whole-network files of each organism, with their
//! sizes in edges.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use locus_kb::bulk::{describe, BulkFormat, EXTRA_FILES, IMPORTS_FILE, MANIFEST};
use locus_kb::exports::NetworkFile;
use locus_store::export::{ExportTable, Origin};
use locus_store::StoreStats;
use maud::{html, Markup};

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
                    p { "Every table of this store, and its merged regulatory network per organism. "
                        "The per-gene pages offer each section as TSV and JSON, and TFLink-style "
                        code { "tfs_of_" } " and " code { "targets_of_" } " files." }
                    (whole_store(&stats))
                    h2 { "Regulatory networks" }
                    p { "One file per organism and format; every edge is the union of its imported sources." }
                    @for (t, n) in &counts {
                        section {
                            h3 { i { (t.label()) } " " span.count { (thousands(*n as u64)) " TF–target edges" } }
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

/// The whole-store export: every table in both formats, with the rows
/// the store holds of it where the statistics say.
fn whole_store(stats: &StoreStats) -> Markup {
    let rows = |t: ExportTable| -> Option<u64> {
        match t {
            ExportTable::Genes => Some(stats.genes_by_organism.values().sum()),
            ExportTable::TfTargetEdges => Some(stats.tf_target_edges),
            ExportTable::TermParents | ExportTable::Unresolved => None,
            _ => match t.origin() {
                Origin::Imported(f) => Some(stats.facts.get(&f).copied().unwrap_or(0)),
                Origin::Derived(_) | Origin::ImportLog | Origin::History => None,
            },
        }
    };
    let tables: Vec<(&str, &str, Option<u64>)> = ExportTable::ALL
        .iter()
        .map(|&t| (t.name(), describe(t), rows(t)))
        .chain(EXTRA_FILES.iter().map(|f| {
            let n = (f.name == IMPORTS_FILE.name).then_some(stats.imports.len() as u64);
            (f.name, f.description, n)
        }))
        .collect();
    html! {
        h2 { "The whole store" }
        p { "Every table of this store as flat files with no row limit, one per entity kind and relation: "
            "gzip TSV or JSON lines, or Parquet. Each names the imports (file, release, SHA-256) its rows come from in a header, "
            "and the manifest lists every file's columns, row count, header lines and SHA-256. The files are written "
            "for the store as it is now on the first request after an import (a minute for a full human store). "
            "TSV lists are joined with " code { "|" } "; " code { "locus export DIR" } " writes the same files from the command line." }
        p {
            "Manifest: "
            @for (i, f) in BulkFormat::ALL.iter().enumerate() {
                @if i > 0 { ", " }
                a href=(format!("/downloads/store/{}/{MANIFEST}", f.as_str())) { (f.as_str()) }
            }
        }
        table.data {
            thead { tr { th { "Table" } th.num { "Rows" } th { "Files" } th { "Content" } } }
            tbody {
                @for (name, what, n) in &tables {
                    tr {
                        td.nowrap { code { (name) } }
                        td.num { @if let Some(n) = n { (thousands(*n)) } @else { "—" } }
                        td.nowrap {
                            @for (i, f) in BulkFormat::ALL.iter().enumerate() {
                                @if i > 0 { " · " }
                                a href=(format!("/downloads/store/{}/{}", f.as_str(), f.file_name(name))) download { (f.as_str()) }
                            }
                        }
                        td { (what) }
                    }
                }
            }
        }
    }
}
