//! `locus export DIR`: the whole store as files, with one line per file
//! as it finishes and a summary.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{anyhow, Context, Result};
use locus_kb::bulk::{BulkFormat, ExportRequest};
use locus_kb::KnowledgeBase;
use locus_store::StoreBackend;

/// Exports `kinds` (all when `None`) of `store` to `dir` in `format`.
pub fn run(
    store: &Arc<dyn StoreBackend>,
    dir: &Path,
    format: &str,
    kinds: Option<&str>,
) -> Result<()> {
    let format = BulkFormat::parse(format).ok_or_else(|| anyhow!("no format {format:?}"))?;
    let request = match kinds {
        Some(list) => ExportRequest::parse_kinds(format, list)?,
        None => ExportRequest::everything(format),
    };
    let kb = KnowledgeBase::new(store.clone());
    let started = Instant::now();
    // Progress overwrites one line, so only on a terminal.
    let live = std::io::stderr().is_terminal();
    let manifest = kb
        .export_store(dir, &request, &mut |table: &str, rows: u64| {
            if live {
                eprint!("\r  {table}: {rows} rows\x1b[K");
            }
        })
        .with_context(|| format!("exporting {} to {}", store.location(), dir.display()))?;
    if live {
        eprint!("\r\x1b[K");
    }
    for f in &manifest.files {
        println!(
            "{:<28} {:>11} rows {:>10.1} MB",
            f.file,
            f.rows,
            f.bytes as f64 / 1e6
        );
    }
    let rows: u64 = manifest.files.iter().map(|f| f.rows).sum();
    let bytes: u64 = manifest.files.iter().map(|f| f.bytes).sum();
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "exported {rows} rows in {} files ({:.1} MB) from store generation {} to {} in {seconds:.1} s ({:.0} rows/s){}",
        manifest.files.len(),
        bytes as f64 / 1e6,
        manifest.store_generation,
        dir.display(),
        rows as f64 / seconds.max(1e-9),
        manifest
            .wiki_history
            .as_ref()
            .map(|w| format!("; wiki histories of {} articles in {}/", w.articles, w.dir))
            .unwrap_or_default()
    );
    Ok(())
}
