//! Runs one importer into the store (the importer→store adapter), with a
//! progress bar on a terminal, and says in one line what it did.

use std::io::IsTerminal;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use locus_ingest::{FactSource, OpenOptions};
use locus_model::{Fact, ImportRecord, SourceKind, Tally};
use locus_store::{BoxError, FactStream, ImportMeta, StoreBackend};

/// Adapts an importer to the store's `FactStream`.
struct Stream {
    source: Box<dyn FactSource>,
    /// The file's SHA-256, computed on another thread while the import
    /// reads and writes (a full org.Hs.eg.db is 328 MB).
    sha256: Option<std::thread::JoinHandle<std::result::Result<String, BoxError>>>,
    #[cfg(feature = "test-hooks")]
    read: u64,
    /// Test hook (`LOCUS_TEST_STALL_AFTER_FACTS`, test builds only): stop
    /// reading after this many facts and wait to be killed, so a test can
    /// kill an import at a known point mid-transaction.
    #[cfg(feature = "test-hooks")]
    stall_after: Option<u64>,
}

impl FactStream for Stream {
    fn next_fact(&mut self) -> Option<std::result::Result<Fact, BoxError>> {
        #[cfg(feature = "test-hooks")]
        {
            if Some(self.read) == self.stall_after {
                eprintln!("locus: test stall after {} facts", self.read);
                loop {
                    std::thread::sleep(Duration::from_secs(3600));
                }
            }
            self.read += 1;
        }
        self.source
            .next()
            .map(|r| r.map_err(|e| Box::new(e) as BoxError))
    }

    fn release(&self) -> Option<String> {
        self.source.release()
    }

    fn sha256(&mut self) -> std::result::Result<Option<String>, BoxError> {
        // Test hook (`LOCUS_TEST_STALL_BEFORE_COMMIT`, test builds only):
        // the checksum is asked for after the derived tables are rebuilt
        // and before the commit, where a test checks that readers go on.
        #[cfg(feature = "test-hooks")]
        if std::env::var_os("LOCUS_TEST_STALL_BEFORE_COMMIT").is_some() {
            eprintln!("locus: test stall before commit");
            loop {
                std::thread::sleep(Duration::from_secs(3600));
            }
        }
        let Some(hashing) = self.sha256.take() else {
            return Ok(None);
        };
        match hashing.join() {
            Ok(sha) => Ok(Some(sha?)),
            Err(_) => Err("the checksum thread panicked".into()),
        }
    }
}

/// Imports `file` as `kind`, with what the caller knows about it
/// (`--organism`), replacing the earlier import `replaces` besides the
/// file's own (`--replaces`).
pub fn import_file(
    store: &dyn StoreBackend,
    kind: SourceKind,
    file: &Path,
    options: &OpenOptions,
    replaces: Option<locus_model::ImportId>,
) -> Result<Imported> {
    let started = Instant::now();
    run(store, kind, file, options, replaces, started).with_context(|| {
        format!(
            "importing {} as {kind}; the store is unchanged",
            file.display()
        )
    })
}

fn run(
    store: &dyn StoreBackend,
    kind: SourceKind,
    file: &Path,
    options: &OpenOptions,
    replaces: Option<locus_model::ImportId>,
    started: Instant,
) -> Result<Imported> {
    let file_name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.display().to_string());
    let meta = ImportMeta {
        kind,
        dataset: locus_ingest::dataset_key(kind, file),
        file_name: file_name.clone(),
        // Filled in from the stream when the import ends.
        sha256: String::new(),
        release: None,
        replaces,
    };
    let source = locus_ingest::open_with(kind, file, options)?;
    let hashed = file.to_path_buf();
    let mut stream = Stream {
        source,
        sha256: Some(std::thread::spawn(move || {
            locus_ingest::file_sha256(&hashed).map_err(|e| Box::new(e) as BoxError)
        })),
        #[cfg(feature = "test-hooks")]
        read: 0,
        #[cfg(feature = "test-hooks")]
        stall_after: std::env::var("LOCUS_TEST_STALL_AFTER_FACTS")
            .ok()
            .and_then(|v| v.parse().ok()),
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
    let result = locus_store::import(store, &meta, &mut stream, &mut |n| bar.set_position(n));
    bar.finish_and_clear();
    let record = result?;
    Ok(Imported {
        record,
        took: started.elapsed(),
    })
}

/// A finished import and how long it took.
pub struct Imported {
    /// What the store recorded.
    pub record: ImportRecord,
    /// Wall-clock time, reading included.
    pub took: Duration,
}

/// How much an import's report line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// Every table's row count (`locus import`).
    Full,
    /// The total only (`locus demo`, which imports 29 files).
    Brief,
}

/// `n` with its noun, singular or plural: `1 row`, `1,120 rows`.
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

pub use locus_kb::numbers::thousands;

/// Identifiers of an import that did not resolve, over every reason.
pub fn unresolved(record: &ImportRecord) -> u64 {
    [
        Tally::UnresolvedNotFound,
        Tally::UnresolvedAmbiguous,
        Tally::UnresolvedComplex,
    ]
    .into_iter()
    .map(|t| record.tally(t))
    .sum()
}

/// Says in one line what an import wrote, and where the identifiers that
/// did not resolve are listed; nothing is dropped without the user
/// seeing it, and nothing scrolls the result away.
pub fn report(imported: &Imported, verbosity: Verbosity) {
    let record = &imported.record;
    let name = record
        .dataset
        .split_once(':')
        .map(|(_, d)| d)
        .unwrap_or(&record.file_name);
    let mut line = format!(
        "locus: #{:<3} {name} ({}): {}",
        record.id.get(),
        record.kind,
        count(record.rows_written(), "row", "rows")
    );
    if verbosity == Verbosity::Full {
        let counts: Vec<String> = record
            .row_counts
            .iter()
            .map(|(k, v)| format!("{} {k}", thousands(*v)))
            .collect();
        line.push_str(&format!(" [{}]", counts.join(", ")));
    }
    let missing = unresolved(record);
    if missing > 0 {
        line.push_str(&format!(
            "; {} not resolved",
            count(missing, "identifier", "identifiers")
        ));
        if verbosity == Verbosity::Full {
            let why: Vec<String> = [
                (Tally::UnresolvedNotFound, "named no gene"),
                (Tally::UnresolvedAmbiguous, "named several"),
                (Tally::UnresolvedComplex, "named a protein complex"),
            ]
            .into_iter()
            .filter(|(t, _)| record.tally(*t) > 0)
            .map(|(t, what)| format!("{} {what}", thousands(record.tally(t))))
            .collect();
            line.push_str(&format!(" ({})", why.join(", ")));
        }
        line.push_str(&format!(" (`locus unresolved {}`)", record.id));
    }
    let by_alias = record.tally(Tally::ResolvedByAlias);
    if by_alias > 0 && verbosity == Verbosity::Full {
        line.push_str(&format!(
            "; {} named by an alias, not the official symbol",
            thousands(by_alias)
        ));
    }
    line.push_str(&format!(" in {:.1} s", imported.took.as_secs_f64()));
    eprintln!("{line}");
}

/// Tags the papers and GeneRIFs no tagging run has read yet (all of them
/// with `retag`) and says what it did. Runs after imports, in its own
/// transactions: an import is whole before its texts are tagged, and a
/// pass cut short leaves the rest for the next one.
pub fn tag_texts(store: &dyn StoreBackend, retag: bool) -> Result<()> {
    #[cfg_attr(not(feature = "test-hooks"), allow(unused_mut))]
    let mut before_save = |_saved: u64| {
        // Test hook (`LOCUS_TEST_STALL_BEFORE_TAG_BATCH`, test builds
        // only): wait to be killed before saving that batch.
        #[cfg(feature = "test-hooks")]
        if std::env::var("LOCUS_TEST_STALL_BEFORE_TAG_BATCH").ok() == Some(_saved.to_string()) {
            eprintln!("locus: test stall before tagging batch {_saved}");
            loop {
                std::thread::sleep(Duration::from_secs(3600));
            }
        }
    };
    match locus_kb::tagging::tag_texts(store, retag, &mut before_save)? {
        Some(r) => eprintln!(
            "locus: tagging run #{}: {} tagged ({} mentions of genes, diseases and chemicals) in {:.1} s, after {:.1} s building the lexicon",
            r.run,
            count(r.texts, "text", "texts"),
            thousands(r.mentions),
            r.tagging_seconds,
            r.lexicon_seconds
        ),
        None if retag => eprintln!("locus: no paper or GeneRIF to tag"),
        None => {}
    }
    Ok(())
}
