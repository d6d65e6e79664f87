//! The whole store as files (`locus export`, `/downloads`): one gzip file
//! per entity kind and relation, flat columns, each with a header naming
//! the imports its rows came from, and a `manifest.json` with every
//! file's row count and SHA-256.
//!
//! The rows stream from the backend ([`locus_store::export`]) through
//! the format writer and gzip straight to disk, one row at a time, so an
//! export of the full human store takes the memory of one row and one
//! gzip window. All tables come from one snapshot of the store; the wiki
//! is written after them, from its own reads (wiki edits are not part of
//! a store generation).
//!
//! A directory holding a manifest is complete: the manifest is written
//! last, and a failed export removes what it wrote.

pub mod cache;
pub mod format;
mod parquet;
pub mod restore;
mod wiki_tables;

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;
use locus_model::ImportRecord;
use locus_store::export::{Cell, Column, ColumnType, ExportSink, ExportTable, Origin};
use locus_store::StoreError;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use format::{BulkFormat, ColumnDoc, FileHeader, ImportRef};

use crate::{Error, KnowledgeBase, Result};

/// The manifest's name in an export directory.
pub const MANIFEST: &str = "manifest.json";

/// The version of the export layout this build writes; a reader refuses
/// a newer one.
pub const LAYOUT_VERSION: u32 = 1;

/// What an export directory holds: `manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Manifest {
    /// The layout version ([`LAYOUT_VERSION`]).
    pub locus_export: u32,
    /// The Locus version that wrote it.
    pub locus_version: String,
    /// When (RFC 3339, UTC).
    pub exported_at: String,
    /// The store generation the tables are a snapshot of.
    pub store_generation: i64,
    /// The file format.
    pub format: BulkFormat,
    /// Always `gzip`.
    pub compression: String,
    /// The live imports of the snapshot: what every row's `import_id`
    /// names.
    pub imports: Vec<ImportRecord>,
    /// One entry per file, in the order written.
    pub files: Vec<ManifestFile>,
    /// The wiki's full histories, as `locus import wiki` reads them back
    /// (a directory per article), when the export includes the wiki.
    pub wiki_history: Option<WikiHistory>,
}

/// One file of an export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManifestFile {
    /// The table (`genes`).
    pub table: String,
    /// The file's name in the directory (`genes.tsv.gz`).
    pub file: String,
    /// What its rows are.
    pub description: String,
    /// `imported` (rows as imports wrote them), `derived` (computed by
    /// Locus from imported rows), `import_log`, `history` or `wiki`.
    pub origin: String,
    /// Data rows (header lines not counted).
    pub rows: u64,
    /// Lines before the data: the `#` lines of a TSV file (the row of
    /// column names follows them), the header object of JSON lines, none
    /// in Parquet. Readers skip them by count (`skiprows=` in pandas,
    /// `skip=` in DuckDB): a `comment='#'` option would also cut values
    /// that hold a `#`.
    pub header_lines: u64,
    /// The file's size, compressed.
    pub bytes: u64,
    /// SHA-256 of the file as written (compressed), lowercase hex.
    pub sha256: String,
    /// The imports its rows come from (or are derived from).
    pub imports: Vec<i64>,
    /// Its columns.
    pub columns: Vec<ColumnDoc>,
}

/// Where the wiki's histories are in an export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WikiHistory {
    /// The subdirectory (`wiki`).
    pub dir: String,
    /// Articles written.
    pub articles: u64,
    /// The wiki generation exported.
    pub wiki_generation: i64,
}

/// What to export.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    /// The file format.
    pub format: BulkFormat,
    /// The store's tables, in order.
    pub tables: Vec<ExportTable>,
    /// Whether to add the wiki (its articles, authorship and histories).
    pub wiki: bool,
}

impl ExportRequest {
    /// Everything, in `format`.
    pub fn everything(format: BulkFormat) -> Self {
        ExportRequest {
            format,
            tables: ExportTable::ALL.to_vec(),
            wiki: true,
        }
    }

    /// The tables a user lists (`genes,gene_pubmed,wiki`); `wiki` names
    /// the wiki's files. Unknown names are refused with the known ones.
    pub fn parse_kinds(format: BulkFormat, list: &str) -> Result<Self> {
        let mut request = ExportRequest {
            format,
            tables: Vec::new(),
            wiki: false,
        };
        for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            if name == "wiki" {
                request.wiki = true;
            } else if let Some(t) = ExportTable::parse(name) {
                if !request.tables.contains(&t) {
                    request.tables.push(t);
                }
            } else {
                let known: Vec<&str> = ExportTable::ALL.iter().map(|t| t.name()).collect();
                return Err(Error::Invalid(format!(
                    "no table {name:?} to export; the tables are {}, and wiki",
                    known.join(", ")
                )));
            }
        }
        if request.tables.is_empty() && !request.wiki {
            return Err(Error::Invalid("no tables named to export".into()));
        }
        // The store's order, whatever order the user gave.
        request
            .tables
            .sort_by_key(|t| ExportTable::ALL.iter().position(|a| a == t));
        Ok(request)
    }
}

/// A file of an export besides the store's tables.
#[derive(Debug, Clone, Copy)]
pub struct ExtraFile {
    /// Its name without extensions.
    pub name: &'static str,
    /// What its rows are.
    pub description: &'static str,
}

/// The imports every row's `import_id` names.
pub const IMPORTS_FILE: ExtraFile = ExtraFile {
    name: "imports",
    description: "the imports every row's import_id names: source kind, file, SHA-256, release, times, rows written per table",
};
/// The wiki's articles as they read now.
pub const WIKI_ARTICLES_FILE: ExtraFile = ExtraFile {
    name: "wiki_articles",
    description:
        "wiki articles with their current revision's text and its authors (most words first)",
};
/// Who wrote each article's current text.
pub const WIKI_AUTHORSHIP_FILE: ExtraFile = ExtraFile {
    name: "wiki_authorship",
    description:
        "who wrote the current text of each wiki article: words per author and their share",
};
/// Every file besides the tables, in the order an export writes them
/// (the imports first, the wiki last).
pub const EXTRA_FILES: [ExtraFile; 3] = [IMPORTS_FILE, WIKI_ARTICLES_FILE, WIKI_AUTHORSHIP_FILE];

/// What a table's rows are, for headers and the manifest.
pub fn describe(table: ExportTable) -> &'static str {
    use ExportTable as T;
    match table {
        T::Genes => "the merged record of each gene (the highest-precedence source's), its PubMed count, fractional PubMed score, GeneRIF count and the UniProt accession shown for it",
        T::GeneRecords => "every source's record of each gene, with the source's precedence",
        T::GeneAliases => "gene synonyms (kind synonym) and other designations",
        T::GeneXrefs => "cross-references of genes to other databases",
        T::GenePubmed => "gene–PubMed links",
        T::Generifs => "GeneRIFs: gene reference into function statements with their PubMed ids",
        T::Publications => "PubMed citations: title, journal, year, authors, abstract, MeSH terms, DOI",
        T::GoAnnotations => "GO annotations of genes with evidence code, qualifier and references",
        T::GoTerms => "GO terms: name, aspect, definition",
        T::Proteins => "UniProtKB entries with their sequences",
        T::ProteinGenes => "which genes each UniProtKB entry belongs to",
        T::RegulationEvidence => "every source row saying a transcription factor regulates a target: source databases, detection methods, PubMed ids, mode, small-scale evidence, the file line",
        T::TfTargetEdges => "one merged edge per TF and target, as gene pages show it: sources, methods, PubMed ids, consensus mode, small-scale flag",
        T::Orthologs => "ortholog pairs with homology type and confidence",
        T::Interactions => "STRING protein–protein associations between genes, with channel scores",
        T::BindingSites => "transcription factor binding sites on the genome",
        T::DifferentialExpression => "differential expression of genes by disease or condition: log2 fold change, p-values",
        T::ExpressionCalls => "present/absent expression calls by anatomical entity and stage",
        T::Terms => "diseases, phenotypes and other ontology terms: name, definition, synonyms, cross-references",
        T::TermParents => "each term's parents (is_a)",
        T::GeneDiseases => "gene–disease associations with source, status and PubMed ids",
        T::GenePhenotypes => "gene–phenotype associations with frequency and the disease they come through",
        T::DiseasePhenotypes => "disease–phenotype annotations with evidence, onset and frequency",
        T::PubtatorDocuments => "annotated abstracts as published (PubTator)",
        T::PubtatorAnnotations => "the mentions of those abstracts: offsets, type, concept ids",
        T::Unresolved => "gene identifiers of network files that matched no gene or several, by file line",
        T::ReplacedImports => "imports a later import replaced (their facts are gone): file, SHA-256, release, times, and the import that replaced them",
        T::GeneChanges => "what changed for each gene when an import replaced an earlier one: field, added/removed/changed, before and after",
    }
}

impl KnowledgeBase {
    /// Exports what `request` names to `dir`, which must not exist or be
    /// empty. `progress` hears each file's name and rows as it finishes.
    /// On error nothing is left in `dir`.
    pub fn export_store(
        &self,
        dir: &Path,
        request: &ExportRequest,
        progress: &mut (dyn FnMut(&str, u64) + Send),
    ) -> Result<Manifest> {
        let created = prepare_dir(dir)?;
        let out = self.export_into(dir, request, progress);
        if out.is_err() {
            clean_up(dir, created);
        }
        out
    }

    fn export_into(
        &self,
        dir: &Path,
        request: &ExportRequest,
        progress: &mut (dyn FnMut(&str, u64) + Send),
    ) -> Result<Manifest> {
        let mut sink = DirSink {
            dir: dir.to_path_buf(),
            format: request.format,
            exported_at: locus_store::import::now_rfc3339(),
            generation: 0,
            imports: Vec::new(),
            files: Vec::new(),
            open: None,
            progress,
        };
        self.store.export(&request.tables, &mut sink)?;
        let wiki_history = if request.wiki {
            Some(wiki_tables::write(self, &mut sink)?)
        } else {
            None
        };
        let manifest = Manifest {
            locus_export: LAYOUT_VERSION,
            locus_version: env!("CARGO_PKG_VERSION").to_string(),
            exported_at: sink.exported_at.clone(),
            store_generation: sink.generation,
            format: request.format,
            compression: "gzip".into(),
            imports: sink.imports,
            files: sink.files,
            wiki_history,
        };
        let text = serde_json::to_string_pretty(&manifest)
            .map_err(|e| Error::Invalid(format!("manifest: {e}")))?;
        let partial = dir.join(format!("{MANIFEST}.partial"));
        fs::write(&partial, text)
            .and_then(|()| fs::rename(&partial, dir.join(MANIFEST)))
            .map_err(|e| io_error(&dir.join(MANIFEST), e))?;
        Ok(manifest)
    }
}

/// Creates `dir` or checks it is empty; whether it was created.
fn prepare_dir(dir: &Path) -> Result<bool> {
    match fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(Error::Invalid(format!(
                    "{} is not empty; an export never overwrites files (give a new directory)",
                    dir.display()
                )));
            }
            Ok(false)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
            Ok(true)
        }
        Err(e) => Err(io_error(dir, e)),
    }
}

/// Removes what a failed export wrote (everything in `dir`: it was empty
/// before), and `dir` itself if the export created it.
fn clean_up(dir: &Path, created: bool) {
    if created {
        let _ = fs::remove_dir_all(dir);
    } else if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            let _ = if p.is_dir() {
                fs::remove_dir_all(&p)
            } else {
                fs::remove_file(&p)
            };
        }
    }
}

fn io_error(path: &Path, e: io::Error) -> Error {
    Error::Store(StoreError::Export(
        format!("{}: {e}", path.display()).into(),
    ))
}

/// A writer that hashes and counts the bytes it passes on.
struct Hashing<W> {
    inner: W,
    sha: Sha256,
    bytes: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.sha.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A file being written.
struct OpenFile {
    entry: ManifestFile,
    columns: &'static [Column],
    partial: PathBuf,
    out: Out,
}

/// Where a file's rows go.
enum Out {
    /// TSV or JSON lines. Rows are formatted in many small writes; the
    /// buffer hands gzip large blocks (a compressor call per write costs
    /// more than the formatting).
    Gzip(Box<BufWriter<GzEncoder<Hashing<BufWriter<File>>>>>),
    /// Parquet, gathered into row groups.
    Parquet(Box<parquet::ParquetTable<Hashing<BufWriter<File>>>>),
}

/// Writes each table to its own file in the export directory.
struct DirSink<'p> {
    dir: PathBuf,
    format: BulkFormat,
    exported_at: String,
    generation: i64,
    imports: Vec<ImportRecord>,
    files: Vec<ManifestFile>,
    open: Option<OpenFile>,
    progress: &'p mut (dyn FnMut(&str, u64) + Send),
}

/// How often the progress callback hears of a long table, in rows.
const PROGRESS_EVERY: u64 = 100_000;

impl DirSink<'_> {
    /// Starts the file of table `name`, writing its header.
    fn open(
        &mut self,
        name: &str,
        description: &str,
        origin: &str,
        columns: &'static [Column],
        imports: Vec<&ImportRecord>,
    ) -> io::Result<()> {
        let file = self.format.file_name(name);
        let partial = self.dir.join(format!("{file}.partial"));
        let refs: Vec<ImportRef> = imports
            .iter()
            .map(|i| ImportRef {
                id: i.id.0,
                kind: i.kind.to_string(),
                file_name: i.file_name.clone(),
                release: i.release.clone(),
                sha256: i.sha256.clone(),
            })
            .collect();
        let sink = Hashing {
            inner: BufWriter::with_capacity(1 << 16, File::create(&partial)?),
            sha: Sha256::new(),
            bytes: 0,
        };
        let header = FileHeader {
            table: name,
            description,
            generation: self.generation,
            exported_at: &self.exported_at,
            locus_version: env!("CARGO_PKG_VERSION"),
            imports: &refs,
            columns: ColumnDoc::of(columns),
        };
        let out = if self.format == BulkFormat::Parquet {
            let json = serde_json::to_string(&header)?;
            Out::Parquet(Box::new(parquet::ParquetTable::new(
                sink, name, columns, json,
            )?))
        } else {
            // Level 1: most of the size of level 6 at about three times
            // the speed; an export is written once and read a few times.
            let mut out =
                BufWriter::with_capacity(1 << 16, GzEncoder::new(sink, Compression::fast()));
            self.format.header(&mut out, &header, columns)?;
            Out::Gzip(Box::new(out))
        };
        self.open = Some(OpenFile {
            entry: ManifestFile {
                table: name.to_string(),
                file,
                description: description.to_string(),
                origin: origin.to_string(),
                rows: 0,
                header_lines: match self.format {
                    BulkFormat::Tsv => 2 + refs.len() as u64,
                    BulkFormat::Jsonl => 1,
                    BulkFormat::Parquet => 0,
                },
                bytes: 0,
                sha256: String::new(),
                imports: refs.iter().map(|r| r.id).collect(),
                columns: ColumnDoc::of(columns),
            },
            columns,
            partial,
            out,
        });
        Ok(())
    }

    /// Writes one row to the open file.
    fn write_row(&mut self, cells: &[Cell<'_>]) -> io::Result<()> {
        let Some(f) = self.open.as_mut() else {
            return Err(io::Error::other("a row outside a table"));
        };
        match &mut f.out {
            Out::Gzip(out) => self.format.row(out.as_mut(), f.columns, cells)?,
            Out::Parquet(table) => table.row(cells)?,
        }
        f.entry.rows += 1;
        if f.entry.rows % PROGRESS_EVERY == 0 {
            (self.progress)(&f.entry.table, f.entry.rows);
        }
        Ok(())
    }

    /// Finishes the open file: gzip trailer, flush, hash, rename.
    fn close(&mut self) -> io::Result<()> {
        let Some(f) = self.open.take() else {
            return Ok(());
        };
        let hashing = match f.out {
            Out::Gzip(out) => out.into_inner().map_err(|e| e.into_error())?.finish()?,
            Out::Parquet(table) => table.finish()?,
        };
        let Hashing { inner, sha, bytes } = hashing;
        let file = inner.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        let mut entry = f.entry;
        entry.bytes = bytes;
        entry.sha256 = crate::hex(&sha.finalize());
        fs::rename(&f.partial, self.dir.join(&entry.file))?;
        (self.progress)(&entry.table, entry.rows);
        self.files.push(entry);
        Ok(())
    }

    /// Turns an I/O error into the store's export error, naming the file.
    fn failed(&self, e: io::Error) -> StoreError {
        let at = self
            .open
            .as_ref()
            .map_or_else(|| self.dir.clone(), |f| f.partial.clone());
        StoreError::Export(format!("{}: {e}", at.display()).into())
    }

    /// Writes the imports of the snapshot as a table of their own.
    fn write_imports(&mut self) -> io::Result<()> {
        let imports = std::mem::take(&mut self.imports);
        let everything: Vec<&ImportRecord> = imports.iter().collect();
        self.open(
            IMPORTS_FILE.name,
            IMPORTS_FILE.description,
            "import_log",
            IMPORT_COLUMNS,
            everything,
        )?;
        for i in &imports {
            let counts: Vec<String> = i
                .row_counts
                .iter()
                .map(|(t, n)| format!("{t}={n}"))
                .collect();
            let counts = serde_json::to_string(&counts)?;
            let kind = i.kind.to_string();
            let cells = [
                Cell::Int(i.id.0),
                Cell::Text(&kind),
                Cell::Text(&i.dataset),
                Cell::Text(&i.file_name),
                Cell::Text(&i.sha256),
                i.release.as_deref().map_or(Cell::Null, Cell::Text),
                Cell::Text(&i.started_at),
                i.finished_at.as_deref().map_or(Cell::Null, Cell::Text),
                Cell::Int(i64::try_from(i.rows_written()).unwrap_or(i64::MAX)),
                Cell::List(&counts),
            ];
            self.write_row(&cells)?;
        }
        self.close()?;
        self.imports = imports;
        Ok(())
    }
}

const IMPORT_COLUMNS: &[Column] = &[
    Column {
        name: "import_id",
        ty: ColumnType::Integer,
    },
    Column {
        name: "kind",
        ty: ColumnType::Text,
    },
    Column {
        name: "dataset",
        ty: ColumnType::Text,
    },
    Column {
        name: "file_name",
        ty: ColumnType::Text,
    },
    Column {
        name: "sha256",
        ty: ColumnType::Text,
    },
    Column {
        name: "release",
        ty: ColumnType::Text,
    },
    Column {
        name: "started_at",
        ty: ColumnType::Text,
    },
    Column {
        name: "finished_at",
        ty: ColumnType::Text,
    },
    Column {
        name: "rows_written",
        ty: ColumnType::Integer,
    },
    Column {
        name: "row_counts",
        ty: ColumnType::List,
    },
];

impl ExportSink for DirSink<'_> {
    fn snapshot(&mut self, generation: i64, imports: &[ImportRecord]) -> locus_store::Result<()> {
        self.generation = generation;
        self.imports = imports.to_vec();
        self.write_imports().map_err(|e| self.failed(e))
    }

    fn start(&mut self, table: ExportTable) -> locus_store::Result<()> {
        let origin = match table.origin() {
            Origin::Imported(_) => "imported",
            Origin::Derived(_) => "derived",
            Origin::ImportLog => "import_log",
            Origin::History => "history",
        };
        let imports: Vec<ImportRecord> = self
            .imports
            .iter()
            .filter(|i| table.fed_by(i))
            .cloned()
            .collect();
        self.open(
            table.name(),
            describe(table),
            origin,
            table.columns(),
            imports.iter().collect(),
        )
        .map_err(|e| self.failed(e))
    }

    fn row(&mut self, cells: &[Cell<'_>]) -> locus_store::Result<()> {
        self.write_row(cells).map_err(|e| self.failed(e))
    }

    fn finish(&mut self, _table: ExportTable) -> locus_store::Result<()> {
        self.close().map_err(|e| self.failed(e))
    }
}
