//! Runs one importer into the store, with a progress bar on a terminal.

use std::io::IsTerminal;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use locus_ingest::{FactSource, OpenOptions};
use locus_model::{Fact, ImportRecord, SourceKind};
use locus_store::{BoxError, FactStream, GeneStore, ImportMeta};

/// Adapts an importer to the store's `FactStream`.
struct Stream {
    source: Box<dyn FactSource>,
    read: u64,
    /// Test hook (`LOCUS_TEST_STALL_AFTER_FACTS`): stop reading after this
    /// many facts and wait to be killed, so a test can kill an import at a
    /// known point mid-transaction.
    stall_after: Option<u64>,
}

impl FactStream for Stream {
    fn next_fact(&mut self) -> Option<std::result::Result<Fact, BoxError>> {
        if Some(self.read) == self.stall_after {
            eprintln!("locus: test stall after {} facts", self.read);
            loop {
                std::thread::sleep(Duration::from_secs(3600));
            }
        }
        self.read += 1;
        self.source
            .next()
            .map(|r| r.map_err(|e| Box::new(e) as BoxError))
    }

    fn release(&self) -> Option<String> {
        self.source.release()
    }
}

pub fn import_file(store: &dyn GeneStore, kind: SourceKind, file: &Path) -> Result<ImportRecord> {
    import_file_with(store, kind, file, &OpenOptions::default())
}

/// Imports `file` as `kind`, with what the caller knows about it (`--organism`).
pub fn import_file_with(
    store: &dyn GeneStore,
    kind: SourceKind,
    file: &Path,
    options: &OpenOptions,
) -> Result<ImportRecord> {
    let started = Instant::now();
    let file_name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.display().to_string());
    let sha256 = locus_ingest::file_sha256(file)?;
    let source = locus_ingest::open_with(kind, file, options)?;
    let meta = ImportMeta {
        kind,
        dataset: ImportMeta::dataset_for(kind, file),
        file_name: file_name.clone(),
        sha256,
        release: None,
    };
    let stall_after = std::env::var("LOCUS_TEST_STALL_AFTER_FACTS")
        .ok()
        .and_then(|v| v.parse().ok());
    let mut stream = Stream {
        source,
        read: 0,
        stall_after,
    };
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} {human_pos} facts ({per_sec}) {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(format!("importing {file_name}"));
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    } else {
        ProgressBar::hidden()
    };
    let result = store.import(&meta, &mut stream, &mut |n| bar.set_position(n));
    bar.finish_and_clear();
    let record = result.with_context(|| {
        format!(
            "importing {} as {kind}; the store is unchanged",
            file.display()
        )
    })?;
    let total: u64 = record
        .row_counts
        .iter()
        .filter(|(k, _)| !locus_store::is_resolution_tally(k))
        .map(|(_, v)| v)
        .sum();
    let counts: Vec<String> = record
        .row_counts
        .iter()
        .map(|(k, v)| format!("{v} {k}"))
        .collect();
    eprintln!(
        "locus: imported {} ({}) as import #{}: {} rows [{}] in {:.1} s",
        meta.dataset
            .split_once(':')
            .map(|(_, d)| d)
            .unwrap_or(&file_name),
        kind,
        record.id,
        total,
        counts.join(", "),
        started.elapsed().as_secs_f64()
    );
    report_unresolved(store, &record)?;
    Ok(record)
}

/// Says how many identifiers of a network import did not resolve, with
/// the first few, so nothing is dropped without the user seeing it.
fn report_unresolved(store: &dyn GeneStore, record: &ImportRecord) -> Result<()> {
    let count = |k: &str| record.row_counts.get(k).copied().unwrap_or(0);
    let (not_found, ambiguous, complex) = (
        count("unresolved_not_found"),
        count("unresolved_ambiguous"),
        count("unresolved_complex"),
    );
    if let Some(n) = record.row_counts.get("resolved_by_alias") {
        eprintln!("locus: {n} gene names resolved through an alias (not the official symbol)");
    }
    if not_found + ambiguous + complex == 0 {
        return Ok(());
    }
    eprintln!(
        "locus: {not_found} identifiers named no gene in the store, {ambiguous} named several and {complex} named a protein complex; \
         their rows were not imported. All are listed by `locus unresolved {}` and at /api/v1/imports/{}/unresolved. First ones:",
        record.id, record.id
    );
    for u in store.unresolved(record.id, 10)? {
        let candidates = if u.candidates.is_empty() {
            String::new()
        } else {
            let ids: Vec<String> = u.candidates.iter().map(|g| g.to_string()).collect();
            format!(" (GeneIDs {})", ids.join(", "))
        };
        eprintln!(
            "  line {}: {} {}: {}{}",
            u.line, u.role, u.identifier, u.reason, candidates
        );
    }
    Ok(())
}
