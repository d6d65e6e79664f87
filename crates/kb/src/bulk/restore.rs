//! `locus import locus-export DIR`: a whole-store export read back into
//! an empty store, so that it serves the same pages and answers.
//!
//! Each import of the export's manifest is restored as its own import,
//! in id order, under its own id, with its kind, file, SHA-256, release,
//! times, row counts and resolution tallies: provenance survives the trip.
//! Its rows are read from every table file that holds them (the rows
//! carry their `import_id`) and written with the genes the export
//! resolved, so nothing is resolved again. Derived tables (merged gene
//! records, PubMed scores, merged edges) are rebuilt as imports rebuild
//! them; the wiki's histories come back through `locus import wiki`.
//!
//! Before anything is written, every file's SHA-256 is checked against
//! the manifest and every row is read once and turned into its fact, so
//! a damaged or hand-edited export is refused with the file, line and
//! column, and the store stays empty.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::time::Instant;

use flate2::read::GzDecoder;
use locus_model::{
    AnatomicalExpression, BindingSite, Concept, DbXref, DifferentialExpression, DiseasePhenotype,
    ExpressionCall, Fact, FactTable, GafAnnotation, GeneAlias, GeneDisease, GeneId, GenePhenotype,
    GenePubmed, GeneRecord, GeneRef, GeneRif, GoAnnotation, GoAspect, GoTerm, ImportId,
    ImportRecord, MentionType, MeshHeading, OntologyTerm, OrthologPair, Pmid, ProteinEntry,
    ProteinInteraction, Publication, RegulationEvidence, RegulationMode, StringScores, TaxId,
    TermId, TextAnnotation,
};
use locus_store::export::{ExportTable, Origin};
use locus_store::{BoxError, ResolvedFact, Role, UnresolvedReason, UnresolvedRow};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{BulkFormat, Manifest, ManifestFile, LAYOUT_VERSION, MANIFEST};
use crate::{Error, KnowledgeBase, Result};

/// What a restore did.
#[derive(Debug, Clone)]
pub struct RestoreReport {
    /// Imports restored.
    pub imports: u64,
    /// Fact rows written.
    pub rows: u64,
    /// Wiki articles restored.
    pub articles: u64,
    /// Seconds taken.
    pub seconds: f64,
}

type Fallible<T> = std::result::Result<T, BoxError>;

/// Turns one row of a table into the fact it restores (`None`: a row
/// another table's fact carries, such as a gene's designations).
type Convert = Box<dyn Fn(&Row) -> Fallible<Option<ResolvedFact>>>;

impl KnowledgeBase {
    /// Restores the export in `dir` into this store, which must hold no
    /// import and no wiki article. `progress` hears each import restored.
    pub fn restore_export(
        &self,
        dir: &Path,
        progress: &mut dyn FnMut(&ImportRecord),
    ) -> Result<RestoreReport> {
        let started = Instant::now();
        let manifest = read_manifest(dir)?;
        if !self.store.imports()?.is_empty() || !self.store.articles()?.is_empty() {
            return Err(Error::Invalid(format!(
                "{} is not empty: an export is restored into a new store only (give a new --db)",
                self.store.location()
            )));
        }
        let export = Export::open(dir, &manifest)?;
        let mut imports = manifest.imports.clone();
        imports.sort_by_key(|i| i.id);
        // The history first: imports since replaced, without facts, each
        // with the changes it made and the imports it replaced.
        let replaced = export.replaced_imports()?;
        let replaced_by = |id: ImportId| -> Vec<ImportId> {
            replaced
                .iter()
                .filter(|(_, by)| *by == id)
                .map(|(r, _)| r.id)
                .collect()
        };
        let mut history = Vec::with_capacity(replaced.len());
        for (record, _) in &replaced {
            history.push(export.changes(record)?);
        }
        let mut live_changes = Vec::with_capacity(imports.len());
        for record in &imports {
            live_changes.push(export.changes(record)?);
        }
        // Every row read and checked before anything is written; the
        // rows each import has in each table, which its restore must write.
        let mut expected = Vec::with_capacity(imports.len());
        for record in &imports {
            expected.push(export.check(record)?);
        }
        for ((record, _), changes) in replaced.iter().zip(&history) {
            locus_store::restore(
                self.store.as_ref(),
                record,
                &BTreeMap::new(),
                &mut std::iter::empty(),
                &mut std::iter::empty(),
                &replaced_by(record.id),
                changes,
            )?;
        }
        let mut rows = 0;
        for ((record, expected), changes) in imports.iter().zip(&expected).zip(&live_changes) {
            locus_store::restore(
                self.store.as_ref(),
                record,
                expected,
                &mut export.facts(record)?,
                &mut export.unresolved(record)?,
                &replaced_by(record.id),
                changes,
            )?;
            rows += record.rows_written();
            progress(record);
        }
        let articles = match &manifest.wiki_history {
            Some(w) => self.import_wiki(&dir.join(&w.dir))?,
            None => 0,
        };
        Ok(RestoreReport {
            imports: imports.len() as u64,
            rows,
            articles,
            seconds: started.elapsed().as_secs_f64(),
        })
    }
}

/// A row that cannot be read or turned into its fact (the error names
/// file, line and column).
fn bad_row(e: BoxError) -> Error {
    Error::Invalid(e.to_string())
}

fn invalid(path: &Path, message: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("{}: {message}", path.display()))
}

fn read_manifest(dir: &Path) -> Result<Manifest> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        invalid(
            &path,
            format!("{e}; a directory `locus export` wrote has one (an export that did not finish has none)"),
        )
    })?;
    let manifest: Manifest = serde_json::from_str(&text).map_err(|e| invalid(&path, e))?;
    if manifest.locus_export > LAYOUT_VERSION {
        return Err(invalid(
            &path,
            format!(
                "export layout {} is newer than this locus reads ({LAYOUT_VERSION}); upgrade locus",
                manifest.locus_export
            ),
        ));
    }
    if manifest.format == BulkFormat::Parquet {
        return Err(invalid(
            &path,
            "a Parquet export is for analysis; restore from a TSV or JSON lines export",
        ));
    }
    Ok(manifest)
}

/// An export directory whose files were checked against its manifest.
struct Export {
    dir: PathBuf,
    format: BulkFormat,
    files: HashMap<ExportTable, ManifestFile>,
}

impl Export {
    fn open(dir: &Path, manifest: &Manifest) -> Result<Self> {
        let mut files = HashMap::new();
        for f in &manifest.files {
            let path = dir.join(&f.file);
            if f.file.contains(['/', '\\']) {
                return Err(invalid(&path, "not a file of this directory"));
            }
            let mut hash = Sha256::new();
            let mut file = File::open(&path).map_err(|e| invalid(&path, e))?;
            std::io::copy(&mut file, &mut hash).map_err(|e| invalid(&path, e))?;
            if crate::hex(&hash.finalize()) != f.sha256 {
                return Err(invalid(
                    &path,
                    "its SHA-256 is not the manifest's: the file was changed or damaged",
                ));
            }
            if let Some(t) = ExportTable::parse(&f.table) {
                files.insert(t, f.clone());
            }
        }
        // Every table an import wrote to must be there.
        for t in ExportTable::ALL {
            let needed = match t.origin() {
                Origin::Imported(_) | Origin::ImportLog => {
                    manifest.imports.iter().any(|i| t.fed_by(i))
                }
                Origin::Derived(_) | Origin::History => false,
            };
            if needed && !files.contains_key(t) {
                return Err(invalid(
                    &dir.join(MANIFEST),
                    format!("the export has no {t} file, which its imports wrote rows to: restore needs every table (export without --kinds)"),
                ));
            }
        }
        Ok(Export {
            dir: dir.to_path_buf(),
            format: manifest.format,
            files,
        })
    }

    /// The rows of `table` that import `record` wrote (none read when
    /// its row counts say it wrote none there).
    fn rows(&self, table: ExportTable, record: &ImportRecord) -> Result<Rows> {
        let Some(f) = self.files.get(&table) else {
            return Ok(Rows::empty());
        };
        if !table.fed_by(record) && table.origin() != Origin::History {
            return Ok(Rows::empty());
        }
        Rows::open(&self.dir.join(&f.file), f, self.format, Some(record.id))
    }

    /// The imports a later import replaced, by id: what they were, and
    /// which import replaced them. None in an export made before history
    /// was exported.
    fn replaced_imports(&self) -> Result<Vec<(ImportRecord, ImportId)>> {
        let Some(f) = self.files.get(&ExportTable::ReplacedImports) else {
            return Ok(Vec::new());
        };
        let rows = Rows::open(&self.dir.join(&f.file), f, self.format, None)?;
        let mut out = Vec::new();
        for r in rows {
            let r = r.map_err(bad_row)?;
            let read = || -> Fallible<(ImportRecord, ImportId)> {
                let kind = r.text("kind")?;
                Ok((
                    ImportRecord {
                        id: ImportId(r.int("import_id")?),
                        kind: locus_model::SourceKind::parse(&kind).ok_or_else(|| {
                            r.fail("kind", &format!("{kind:?} is not an import kind"))
                        })?,
                        dataset: r.text("dataset")?,
                        file_name: r.text("file_name")?,
                        sha256: r.text("sha256")?,
                        release: r.opt_text("release")?,
                        row_counts: BTreeMap::new(),
                        tallies: BTreeMap::new(),
                        started_at: r.text("started_at")?,
                        finished_at: r.opt_text("finished_at")?,
                    },
                    ImportId(r.int("replaced_by")?),
                ))
            };
            out.push(read().map_err(bad_row)?);
        }
        out.sort_by_key(|(r, _)| r.id);
        Ok(out)
    }

    /// What import `record` changed for genes when it replaced others.
    fn changes(&self, record: &ImportRecord) -> Result<Vec<locus_model::GeneChange>> {
        let mut out = Vec::new();
        for r in self.rows(ExportTable::GeneChanges, record)? {
            let r = r.map_err(bad_row)?;
            let read = || -> Fallible<locus_model::GeneChange> {
                let field = r.text("field")?;
                let change = r.text("change")?;
                Ok(locus_model::GeneChange {
                    gene_id: r.gene("gene_id")?,
                    import_id: record.id,
                    replaced: ImportId(r.int("replaced")?),
                    field: locus_model::ChangeField::parse(&field)
                        .ok_or_else(|| r.fail("field", &format!("{field:?} is not a field")))?,
                    change: locus_model::ChangeKind::parse(&change)
                        .ok_or_else(|| r.fail("change", &format!("{change:?} is not a change")))?,
                    before: r.opt_text("before")?,
                    after: r.opt_text("after")?,
                })
            };
            out.push(read().map_err(bad_row)?);
        }
        Ok(out)
    }

    /// Reads every row of `record` once, turning each into its fact (the
    /// first that cannot be is the error), and counts the rows the export
    /// holds of it by the table a restore writes them to. (An import's
    /// own counts can be larger: a GAF file's repeated annotations are
    /// counted as read and stored once.)
    fn check(&self, record: &ImportRecord) -> Result<BTreeMap<FactTable, u64>> {
        let tables = self.tables(record)?;
        let mut out = BTreeMap::new();
        if tables.protein_gene_rows > 0 {
            out.insert(FactTable::ProteinGene, tables.protein_gene_rows);
        }
        for (table, rows, convert) in tables.streams {
            let mut n = 0;
            for r in rows {
                convert(&r.map_err(bad_row)?).map_err(bad_row)?;
                n += 1;
            }
            if let (Origin::Imported(fact_table), true) = (table.origin(), n > 0) {
                out.insert(fact_table, n);
            }
        }
        for row in self.unresolved(record)? {
            row.map_err(bad_row)?;
        }
        Ok(out)
    }

    /// Every fact import `record` wrote, in the order a restore writes them.
    fn facts(&self, record: &ImportRecord) -> Result<impl Iterator<Item = Fallible<ResolvedFact>>> {
        Ok(self
            .tables(record)?
            .streams
            .into_iter()
            .flat_map(|(_, rows, f)| rows.filter_map(move |r| r.and_then(|r| f(&r)).transpose())))
    }

    /// The tables whose rows are `record`'s facts, each with the function
    /// that turns a row into its fact, in the order a restore writes them.
    /// Synonyms, designations, term parents and protein–gene links are
    /// read with the rows that carry them.
    fn tables(&self, record: &ImportRecord) -> Result<ImportTables> {
        let designations = self.gene_designations(record)?;
        let parents = self.term_parents(record)?;
        let protein_genes = self.protein_genes(record)?;
        let protein_gene_rows = protein_genes.values().map(|g| g.len() as u64).sum();
        let mut streams = Vec::new();
        let mut add = |table: ExportTable, f: Convert| -> Result<()> {
            streams.push((table, self.rows(table, record)?, f));
            Ok(())
        };
        add(
            ExportTable::GeneRecords,
            Box::new(move |r| gene_record(r, &designations).map(Some)),
        )?;
        add(ExportTable::GeneAliases, Box::new(synonym))?;
        add(ExportTable::GeneXrefs, Box::new(|r| direct(xref(r))))?;
        add(
            ExportTable::GenePubmed,
            Box::new(|r| direct(gene_pubmed(r))),
        )?;
        add(ExportTable::Generifs, Box::new(|r| direct(generif(r))))?;
        add(
            ExportTable::Publications,
            Box::new(|r| direct(publication(r))),
        )?;
        add(
            ExportTable::GoAnnotations,
            Box::new(|r| go_annotation(r).map(Some)),
        )?;
        add(ExportTable::GoTerms, Box::new(|r| direct(go_term(r))))?;
        add(
            ExportTable::Proteins,
            Box::new(move |r| direct(protein(r, &protein_genes))),
        )?;
        add(
            ExportTable::RegulationEvidence,
            Box::new(|r| regulation(r).map(Some)),
        )?;
        add(ExportTable::Orthologs, Box::new(|r| ortholog(r).map(Some)))?;
        add(
            ExportTable::Interactions,
            Box::new(|r| interaction(r).map(Some)),
        )?;
        add(
            ExportTable::BindingSites,
            Box::new(|r| binding_site(r).map(Some)),
        )?;
        add(
            ExportTable::DifferentialExpression,
            Box::new(|r| expression(r).map(Some)),
        )?;
        add(
            ExportTable::ExpressionCalls,
            Box::new(|r| expression_call(r).map(Some)),
        )?;
        add(
            ExportTable::Terms,
            Box::new(move |r| direct(term(r, &parents))),
        )?;
        add(
            ExportTable::GeneDiseases,
            Box::new(|r| gene_disease(r).map(Some)),
        )?;
        add(
            ExportTable::GenePhenotypes,
            Box::new(|r| gene_phenotype(r).map(Some)),
        )?;
        add(
            ExportTable::DiseasePhenotypes,
            Box::new(|r| direct(disease_phenotype(r))),
        )?;
        add(
            ExportTable::PubtatorDocuments,
            Box::new(|r| direct(pubtator_document(r))),
        )?;
        add(
            ExportTable::PubtatorAnnotations,
            Box::new(|r| direct(pubtator_annotation(r))),
        )?;
        Ok(ImportTables {
            streams,
            protein_gene_rows,
        })
    }

    /// The identifiers import `record` could not resolve.
    fn unresolved(
        &self,
        record: &ImportRecord,
    ) -> Result<impl Iterator<Item = Fallible<UnresolvedRow>>> {
        let id = record.id;
        Ok(self
            .rows(ExportTable::Unresolved, record)?
            .map(move |r| r.and_then(|r| unresolved(&r, id))))
    }

    /// Per gene, the designations (not synonyms) import `id` gave it: a
    /// gene record carries them.
    fn gene_designations(&self, record: &ImportRecord) -> Result<HashMap<GeneId, Vec<String>>> {
        let mut out: HashMap<GeneId, Vec<String>> = HashMap::new();
        for r in self.rows(ExportTable::GeneAliases, record)? {
            let r = r.map_err(bad_row)?;
            if r.text("kind").map_err(bad_row)? == "designation" {
                let gene = r.gene("gene_id").map_err(bad_row)?;
                let alias = r.text("alias").map_err(bad_row)?;
                out.entry(gene).or_default().push(alias);
            }
        }
        Ok(out)
    }

    /// Per term, the parents import `id` gave it.
    fn term_parents(&self, record: &ImportRecord) -> Result<HashMap<String, Vec<TermId>>> {
        let mut out: HashMap<String, Vec<TermId>> = HashMap::new();
        for r in self.rows(ExportTable::TermParents, record)? {
            let r = r.map_err(bad_row)?;
            let child = r.text("child").map_err(bad_row)?;
            let parent = r.term("parent").map_err(bad_row)?;
            out.entry(child).or_default().push(parent);
        }
        Ok(out)
    }

    /// Per UniProt accession, the genes import `id` linked it to.
    fn protein_genes(&self, record: &ImportRecord) -> Result<HashMap<String, Vec<GeneId>>> {
        let mut out: HashMap<String, Vec<GeneId>> = HashMap::new();
        for r in self.rows(ExportTable::ProteinGenes, record)? {
            let r = r.map_err(bad_row)?;
            let acc = r.text("accession").map_err(bad_row)?;
            let gene = r.gene("gene_id").map_err(bad_row)?;
            out.entry(acc).or_default().push(gene);
        }
        Ok(out)
    }
}

/// An import's rows, table by table, with what turns each into its fact.
struct ImportTables {
    streams: Vec<(ExportTable, Rows, Convert)>,
    /// Protein–gene links, which travel with their proteins' facts.
    protein_gene_rows: u64,
}

/// The rows of one file that one import wrote, read as they stream.
struct Rows {
    path: PathBuf,
    format: BulkFormat,
    columns: std::sync::Arc<HashMap<String, (usize, String)>>,
    lines: Option<std::io::Lines<BufReader<GzDecoder<File>>>>,
    line: u64,
    import_col: Option<usize>,
    import: ImportId,
}

impl Rows {
    fn empty() -> Self {
        Rows {
            path: PathBuf::new(),
            format: BulkFormat::Tsv,
            columns: Default::default(),
            lines: None,
            line: 0,
            import_col: None,
            import: ImportId(0),
        }
    }

    /// The rows of `f` (of import `import` only, when given).
    fn open(
        path: &Path,
        f: &ManifestFile,
        format: BulkFormat,
        import: Option<ImportId>,
    ) -> Result<Self> {
        let file = File::open(path).map_err(|e| invalid(path, e))?;
        let mut lines = BufReader::with_capacity(1 << 16, GzDecoder::new(file)).lines();
        let mut line = 0;
        // The header, and TSV's row of column names.
        let skip = f.header_lines + u64::from(format == BulkFormat::Tsv);
        for _ in 0..skip {
            lines.next();
            line += 1;
        }
        let columns: HashMap<String, (usize, String)> = f
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| (c.name.clone(), (i, c.ty.clone())))
            .collect();
        let import_col = import.and_then(|_| columns.get("import_id").map(|c| c.0));
        let import = import.unwrap_or(ImportId(0));
        Ok(Rows {
            path: path.to_path_buf(),
            format,
            columns: std::sync::Arc::new(columns),
            lines: Some(lines),
            line,
            import_col,
            import,
        })
    }
}

impl Iterator for Rows {
    type Item = Fallible<Row>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let text = match self.lines.as_mut()?.next()? {
                Ok(t) => t,
                Err(e) => return Some(Err(format!("{}: {e}", self.path.display()).into())),
            };
            self.line += 1;
            let row = match parse_row(&text, self.format, &self.columns) {
                Ok(values) => Row {
                    values,
                    columns: self.columns.clone(),
                    path: self.path.clone(),
                    line: self.line,
                },
                Err(e) => {
                    return Some(Err(format!(
                        "{} line {}: {e}",
                        self.path.display(),
                        self.line
                    )
                    .into()))
                }
            };
            // Rows of other imports are passed over.
            if let Some(i) = self.import_col {
                if row.values[i].as_i64() != Some(self.import.get()) {
                    continue;
                }
            }
            return Some(Ok(row));
        }
    }
}

/// A line as values in column order, typed as the manifest says.
fn parse_row(
    text: &str,
    format: BulkFormat,
    columns: &HashMap<String, (usize, String)>,
) -> std::result::Result<Vec<Value>, String> {
    let mut values = vec![Value::Null; columns.len()];
    match format {
        BulkFormat::Jsonl => {
            let mut object: serde_json::Map<String, Value> =
                serde_json::from_str(text).map_err(|e| format!("not a JSON object: {e}"))?;
            for (name, (i, _)) in columns {
                values[*i] = object.remove(name).unwrap_or(Value::Null);
            }
        }
        _ => {
            let fields: Vec<&str> = text.split('\t').collect();
            if fields.len() != columns.len() {
                return Err(format!(
                    "{} fields, the file has {} columns",
                    fields.len(),
                    columns.len()
                ));
            }
            for (name, (i, ty)) in columns {
                let field = fields[*i];
                values[*i] =
                    if field.is_empty() && ty != "list" {
                        Value::Null
                    } else {
                        match ty.as_str() {
                            "integer" => Value::from(field.parse::<i64>().map_err(|_| {
                                format!("column {name}: {field:?} is not an integer")
                            })?),
                            "real" => Value::from(field.parse::<f64>().map_err(|_| {
                                format!("column {name}: {field:?} is not a number")
                            })?),
                            "boolean" => match field {
                                "true" => Value::Bool(true),
                                "false" => Value::Bool(false),
                                _ => {
                                    return Err(format!(
                                        "column {name}: {field:?} is not true or false"
                                    ))
                                }
                            },
                            "list" => Value::Array(
                                split_list(field).into_iter().map(Value::String).collect(),
                            ),
                            _ => Value::String(unescape(field)),
                        }
                    };
            }
        }
    }
    Ok(values)
}

/// The inverse of the TSV escapes.
fn unescape(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// A TSV list field's items: split at each `|` not escaped.
fn split_list(field: &str) -> Vec<String> {
    if field.is_empty() {
        return Vec::new();
    }
    let mut items = Vec::new();
    let mut current = String::new();
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        match c {
            '|' => items.push(std::mem::take(&mut current)),
            '\\' => match chars.next() {
                Some('t') => current.push('\t'),
                Some('n') => current.push('\n'),
                Some('r') => current.push('\r'),
                Some(other) => current.push(other),
                None => current.push('\\'),
            },
            c => current.push(c),
        }
    }
    items.push(current);
    items
}

/// One row, read by column name with errors that say where.
struct Row {
    values: Vec<Value>,
    columns: std::sync::Arc<HashMap<String, (usize, String)>>,
    path: PathBuf,
    line: u64,
}

impl Row {
    fn fail(&self, column: &str, what: &str) -> BoxError {
        format!(
            "{} line {}: column {column}: {what}",
            self.path.display(),
            self.line
        )
        .into()
    }

    fn value(&self, column: &str) -> Fallible<&Value> {
        match self.columns.get(column) {
            Some((i, _)) => Ok(&self.values[*i]),
            None => Err(self.fail(column, "missing from the file")),
        }
    }

    fn opt_int(&self, column: &str) -> Fallible<Option<i64>> {
        match self.value(column)? {
            Value::Null => Ok(None),
            v => v
                .as_i64()
                .map(Some)
                .ok_or_else(|| self.fail(column, "not an integer")),
        }
    }

    fn int(&self, column: &str) -> Fallible<i64> {
        self.opt_int(column)?
            .ok_or_else(|| self.fail(column, "no value"))
    }

    fn uint<T: TryFrom<i64>>(&self, column: &str) -> Fallible<T> {
        T::try_from(self.int(column)?).map_err(|_| self.fail(column, "out of range"))
    }

    fn opt_uint<T: TryFrom<i64>>(&self, column: &str) -> Fallible<Option<T>> {
        self.opt_int(column)?
            .map(|i| T::try_from(i).map_err(|_| self.fail(column, "out of range")))
            .transpose()
    }

    fn real(&self, column: &str) -> Fallible<Option<f64>> {
        match self.value(column)? {
            Value::Null => Ok(None),
            v => v
                .as_f64()
                .map(Some)
                .ok_or_else(|| self.fail(column, "not a number")),
        }
    }

    fn opt_bool(&self, column: &str) -> Fallible<Option<bool>> {
        match self.value(column)? {
            Value::Null => Ok(None),
            Value::Bool(b) => Ok(Some(*b)),
            _ => Err(self.fail(column, "not true or false")),
        }
    }

    fn bool(&self, column: &str) -> Fallible<bool> {
        self.opt_bool(column)?
            .ok_or_else(|| self.fail(column, "no value"))
    }

    fn opt_text(&self, column: &str) -> Fallible<Option<String>> {
        match self.value(column)? {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s.clone())),
            _ => Err(self.fail(column, "not text")),
        }
    }

    fn text(&self, column: &str) -> Fallible<String> {
        self.opt_text(column)?
            .ok_or_else(|| self.fail(column, "no value"))
    }

    fn list(&self, column: &str) -> Fallible<Vec<String>> {
        match self.value(column)? {
            Value::Null => Ok(Vec::new()),
            Value::Array(items) => items
                .iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s.clone()),
                    Value::Number(n) => Ok(n.to_string()),
                    _ => Err(self.fail(column, "a list item that is not text or a number")),
                })
                .collect(),
            _ => Err(self.fail(column, "not a list")),
        }
    }

    fn pmids(&self, column: &str) -> Fallible<Vec<Pmid>> {
        self.list(column)?
            .iter()
            .map(|s| {
                s.parse::<u32>()
                    .map(Pmid)
                    .map_err(|_| self.fail(column, &format!("{s:?} is not a PubMed id")))
            })
            .collect()
    }

    fn gene(&self, column: &str) -> Fallible<GeneId> {
        self.uint(column).map(GeneId)
    }

    fn tax(&self, column: &str) -> Fallible<TaxId> {
        self.uint(column).map(TaxId)
    }

    fn term(&self, column: &str) -> Fallible<TermId> {
        let s = self.text(column)?;
        s.parse()
            .map_err(|_| self.fail(column, &format!("{s:?} is not a term id")))
    }

    fn opt_term(&self, column: &str) -> Fallible<Option<TermId>> {
        match self.opt_text(column)? {
            None => Ok(None),
            Some(s) => s
                .parse()
                .map(Some)
                .map_err(|_| self.fail(column, &format!("{s:?} is not a term id"))),
        }
    }

    fn aspect(&self, column: &str) -> Fallible<GoAspect> {
        let s = self.text(column)?;
        GoAspect::from_code(&s).ok_or_else(|| self.fail(column, &format!("{s:?} is not P, F or C")))
    }
}

fn direct(fact: Fallible<Fact>) -> Fallible<Option<ResolvedFact>> {
    fact.map(|f| Some(ResolvedFact::Direct(f)))
}

fn gene_record(r: &Row, designations: &HashMap<GeneId, Vec<String>>) -> Fallible<ResolvedFact> {
    let gene_id = r.gene("gene_id")?;
    Ok(ResolvedFact::Direct(Fact::Gene(GeneRecord {
        gene_id,
        tax_id: r.tax("tax_id")?,
        symbol: r.text("symbol")?,
        locus_tag: r.opt_text("locus_tag")?,
        // Synonyms and cross-references come from their own tables.
        synonyms: Vec::new(),
        db_xrefs: Vec::new(),
        chromosome: r.opt_text("chromosome")?,
        map_location: r.opt_text("map_location")?,
        description: r.opt_text("description")?,
        gene_type: r.opt_text("gene_type")?,
        nomenclature_symbol: r.opt_text("nomenclature_symbol")?,
        nomenclature_name: r.opt_text("nomenclature_name")?,
        nomenclature_status: r.opt_text("nomenclature_status")?,
        other_designations: designations.get(&gene_id).cloned().unwrap_or_default(),
        modification_date: r.opt_text("modification_date")?,
    })))
}

/// A synonym row; designations came with their gene record.
fn synonym(r: &Row) -> Fallible<Option<ResolvedFact>> {
    if r.text("kind")? != "synonym" {
        return Ok(None);
    }
    direct(Ok(Fact::Alias(GeneAlias {
        gene_id: r.gene("gene_id")?,
        alias: r.text("alias")?,
    })))
}

fn xref(r: &Row) -> Fallible<Fact> {
    Ok(Fact::Xref {
        gene_id: r.gene("gene_id")?,
        xref: DbXref {
            db: r.text("db")?,
            id: r.text("xref_id")?,
        },
    })
}

fn gene_pubmed(r: &Row) -> Fallible<Fact> {
    Ok(Fact::GenePubmed(GenePubmed {
        tax_id: None,
        gene_id: r.gene("gene_id")?,
        pmid: Pmid(r.uint("pmid")?),
    }))
}

fn generif(r: &Row) -> Fallible<Fact> {
    Ok(Fact::GeneRif(GeneRif {
        tax_id: r.opt_uint("tax_id")?.map(TaxId),
        gene_id: r.gene("gene_id")?,
        pmids: r.pmids("pmids")?,
        last_update: r.opt_text("last_update")?,
        text: r.text("text")?,
    }))
}

/// A MeSH heading as the export writes it (`*Descriptor/qualifier [UI]`).
fn mesh_heading(s: &str) -> MeshHeading {
    let (major_topic, rest) = match s.strip_prefix('*') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (rest, ui) = match rest.strip_suffix(']').and_then(|r| r.rsplit_once(" [")) {
        Some((rest, ui)) => (rest, Some(ui.to_string())),
        None => (rest, None),
    };
    let mut parts = rest.split('/');
    MeshHeading {
        descriptor: parts.next().unwrap_or_default().to_string(),
        ui,
        major_topic,
        qualifiers: parts.map(str::to_string).collect(),
    }
}

fn publication(r: &Row) -> Fallible<Fact> {
    Ok(Fact::Publication(Publication {
        pmid: Pmid(r.uint("pmid")?),
        title: r.text("title")?,
        journal: r.opt_text("journal")?,
        year: r.opt_uint("year")?,
        authors: r.list("authors")?,
        abstract_text: r.opt_text("abstract")?,
        mesh: r.list("mesh")?.iter().map(|s| mesh_heading(s)).collect(),
        doi: r.opt_text("doi")?,
    }))
}

/// A GO annotation: from a GAF file when it has a qualifier or
/// references (GAF rows carry both), else as org.Hs.eg.db gives them.
fn go_annotation(r: &Row) -> Fallible<ResolvedFact> {
    let gene = r.gene("gene_id")?;
    let qualifier = r.opt_text("qualifier")?;
    let references = r.list("refs")?;
    if qualifier.is_some() || !references.is_empty() {
        return Ok(ResolvedFact::Gaf {
            gene,
            row: GafAnnotation {
                gene: GeneRef::default(),
                line: 0,
                go_id: r.text("go_id")?,
                aspect: r.aspect("aspect")?,
                evidence: r.text("evidence")?,
                qualifier: qualifier.unwrap_or_default(),
                references,
                with_from: Vec::new(),
                assigned_by: String::new(),
                date: String::new(),
            },
        });
    }
    Ok(ResolvedFact::Direct(Fact::Go(GoAnnotation {
        gene_id: gene,
        go_id: r.text("go_id")?,
        aspect: r.aspect("aspect")?,
        evidence: r.text("evidence")?,
        term: r.opt_text("term")?,
        qualifier: None,
        references: Vec::new(),
        leaf: None,
    })))
}

fn go_term(r: &Row) -> Fallible<Fact> {
    Ok(Fact::GoTerm(GoTerm {
        go_id: r.text("go_id")?,
        name: r.text("name")?,
        aspect: r.aspect("aspect")?,
        definition: r.opt_text("definition")?,
    }))
}

fn protein(r: &Row, genes: &HashMap<String, Vec<GeneId>>) -> Fallible<Fact> {
    let accession = r.text("accession")?;
    let mut accessions = vec![accession.clone()];
    accessions.extend(r.list("secondary")?);
    Ok(Fact::Protein(ProteinEntry {
        accessions,
        entry_name: r.text("entry_name")?,
        reviewed: r.bool("reviewed")?,
        protein_name: r.opt_text("protein_name")?,
        gene_names: r.list("gene_names")?,
        organism: r.opt_text("organism")?,
        tax_id: r.opt_uint("tax_id")?.map(TaxId),
        gene_ids: genes.get(&accession).cloned().unwrap_or_default(),
        sequence: r.text("sequence")?,
        length: r.uint("length")?,
    }))
}

/// A gene as a network row names it after resolution: its organism and
/// the UniProt accession the source gave, if any.
fn named(tax_id: TaxId, uniprot: Option<String>) -> GeneRef {
    GeneRef {
        tax_id,
        uniprot,
        ..GeneRef::default()
    }
}

fn regulation(r: &Row) -> Fallible<ResolvedFact> {
    let tax_id = r.tax("tax_id")?;
    let mode = match r.opt_text("mode")? {
        None => None,
        Some(m) => Some(
            RegulationMode::parse(&m)
                .ok_or_else(|| r.fail("mode", &format!("{m:?} is not a regulation mode")))?,
        ),
    };
    Ok(ResolvedFact::Regulation {
        tf: r.gene("tf_gene")?,
        target: r.gene("target_gene")?,
        row: RegulationEvidence {
            tf: named(tax_id, r.opt_text("tf_uniprot")?),
            target: named(tax_id, r.opt_text("target_uniprot")?),
            databases: r.list("databases")?,
            methods: r.list("methods")?,
            pmids: r.pmids("pmids")?,
            mode,
            weight: r.real("weight")?,
            small_scale: r.opt_bool("small_scale")?,
            line: r.uint("line")?,
        },
    })
}

fn ortholog(r: &Row) -> Fallible<ResolvedFact> {
    Ok(ResolvedFact::Ortholog {
        gene: r.gene("gene_id")?,
        ortholog: r.gene("ortholog_gene")?,
        row: OrthologPair {
            gene: GeneRef::default(),
            ortholog: GeneRef::default(),
            homology_type: r.text("homology_type")?,
            confidence: r.opt_uint("confidence")?,
            goc_score: r.real("goc_score")?,
            line: r.uint("line")?,
        },
    })
}

fn interaction(r: &Row) -> Fallible<ResolvedFact> {
    let tax_id = r.tax("tax_id")?;
    Ok(ResolvedFact::Interaction {
        a: r.gene("gene_a")?,
        b: r.gene("gene_b")?,
        protein_a: r.text("protein_a")?,
        protein_b: r.text("protein_b")?,
        row: ProteinInteraction {
            a: named(tax_id, None),
            b: named(tax_id, None),
            scores: StringScores {
                neighborhood: r.uint("neighborhood")?,
                fusion: r.uint("fusion")?,
                cooccurence: r.uint("cooccurence")?,
                coexpression: r.uint("coexpression")?,
                experimental: r.uint("experimental")?,
                database: r.uint("database")?,
                textmining: r.uint("textmining")?,
                combined_score: r.uint("combined_score")?,
            },
            line: 0,
        },
    })
}

fn binding_site(r: &Row) -> Fallible<ResolvedFact> {
    Ok(ResolvedFact::BindingSite {
        tf: r.gene("tf_gene")?,
        row: BindingSite {
            tflink_id: r.text("tflink_id")?,
            tf: GeneRef::default(),
            methods: r.list("methods")?,
            pmids: r.pmids("pmids")?,
            databases: r.list("databases")?,
            small_scale: r.opt_bool("small_scale")?,
            assembly: r.text("assembly")?,
            chromosome: r.text("chromosome")?,
            start: r.uint("start")?,
            end: r.uint("end")?,
            strand: r.text("strand")?,
            line: 0,
        },
    })
}

fn expression(r: &Row) -> Fallible<ResolvedFact> {
    Ok(ResolvedFact::Expression {
        gene: r.gene("gene_id")?,
        row: DifferentialExpression {
            gene: GeneRef::default(),
            line: 0,
            condition: r.text("condition")?,
            reference: r.opt_text("reference")?,
            condition_uri: r.opt_text("condition_uri")?,
            contrast: r.opt_text("contrast")?,
            experiment: r.opt_text("experiment")?,
            log2_fold_change: r.real("log2fc")?,
            p_value: r.real("p_value")?,
            adjusted_p_value: r.real("adjusted_p")?,
        },
    })
}

fn expression_call(r: &Row) -> Fallible<ResolvedFact> {
    let call = r.text("call")?;
    Ok(ResolvedFact::AnatomicalExpression {
        gene: r.gene("gene_id")?,
        row: AnatomicalExpression {
            gene: GeneRef::default(),
            line: 0,
            anatomical_entity_id: r.text("entity_id")?,
            anatomical_entity_name: r.text("entity_name")?,
            developmental_stage_id: r.opt_text("stage_id")?,
            developmental_stage_name: r.opt_text("stage_name")?,
            sex: r.opt_text("sex")?,
            strain: r.opt_text("strain")?,
            call: ExpressionCall::parse(&call)
                .ok_or_else(|| r.fail("call", &format!("{call:?} is not present or absent")))?,
            quality: r.text("quality")?,
            fdr: r.real("fdr")?,
            score: r.real("score")?,
            rank: r.real("rank")?,
        },
    })
}

fn term(r: &Row, parents: &HashMap<String, Vec<TermId>>) -> Fallible<Fact> {
    let id = r.text("id")?;
    Ok(Fact::Term(OntologyTerm {
        id: r.term("id")?,
        name: r.text("name")?,
        definition: r.opt_text("definition")?,
        synonyms: r.list("synonyms")?,
        parents: parents.get(&id).cloned().unwrap_or_default(),
        xrefs: r.list("xrefs")?,
        obsolete: r.bool("obsolete")?,
        replaced_by: r.opt_term("replaced_by")?,
        line: 0,
    }))
}

fn gene_disease(r: &Row) -> Fallible<ResolvedFact> {
    Ok(ResolvedFact::GeneDisease {
        gene: r.gene("gene_id")?,
        row: GeneDisease {
            gene: GeneRef::default(),
            line: 0,
            disease: r.term("disease")?,
            disease_name: r.opt_text("disease_name")?,
            association: r.text("association")?,
            status: r.opt_text("status")?,
            source: r.opt_text("source")?,
            pmids: r.pmids("pmids")?,
        },
    })
}

fn gene_phenotype(r: &Row) -> Fallible<ResolvedFact> {
    Ok(ResolvedFact::GenePhenotype {
        gene: r.gene("gene_id")?,
        row: GenePhenotype {
            gene: GeneRef::default(),
            line: 0,
            phenotype: r.term("phenotype")?,
            phenotype_name: r.text("phenotype_name")?,
            frequency: r.opt_text("frequency")?,
            disease: r.opt_term("disease")?,
        },
    })
}

fn disease_phenotype(r: &Row) -> Fallible<Fact> {
    let modifiers = r
        .list("modifiers")?
        .iter()
        .map(|m| {
            m.parse::<TermId>()
                .map_err(|_| r.fail("modifiers", &format!("{m:?} is not a term id")))
        })
        .collect::<Fallible<Vec<_>>>()?;
    Ok(Fact::DiseasePhenotype(DiseasePhenotype {
        line: 0,
        disease: r.term("disease")?,
        disease_name: r.text("disease_name")?,
        negated: r.bool("negated")?,
        phenotype: r.term("phenotype")?,
        references: r.list("refs")?,
        evidence: r.text("evidence")?,
        onset: r.opt_term("onset")?,
        frequency: r.opt_text("frequency")?,
        sex: r.opt_text("sex")?,
        modifiers,
        aspect: r.text("aspect")?,
        biocuration: r.text("biocuration")?,
    }))
}

fn pubtator_document(r: &Row) -> Fallible<Fact> {
    Ok(Fact::AnnotatedDocument(locus_model::AnnotatedDocument {
        pmid: Pmid(r.uint("pmid")?),
        title: r.text("title")?,
        abstract_text: r.opt_text("abstract")?.unwrap_or_default(),
        line: r.uint("line")?,
    }))
}

fn pubtator_annotation(r: &Row) -> Fallible<Fact> {
    let mut concepts = Vec::new();
    for c in r.list("concepts")? {
        concepts.extend(
            Concept::parse_list(&c)
                .ok_or_else(|| r.fail("concepts", &format!("{c:?} is not a concept")))?,
        );
    }
    Ok(Fact::TextAnnotation(TextAnnotation {
        pmid: Pmid(r.uint("pmid")?),
        start: r.uint("start")?,
        end: r.uint("end")?,
        mention: r.text("mention")?,
        mention_type: MentionType::parse(&r.text("type")?),
        concepts,
        written_identifiers: None,
        line: r.uint("line")?,
    }))
}

fn unresolved(r: &Row, import_id: ImportId) -> Fallible<UnresolvedRow> {
    let role = r.text("role")?;
    let reason = r.text("reason")?;
    Ok(UnresolvedRow {
        import_id,
        line: r.uint("line")?,
        role: Role::parse(&role)
            .ok_or_else(|| r.fail("role", &format!("{role:?} is not a role")))?,
        identifier: r.text("identifier")?,
        reason: UnresolvedReason::parse(&reason)
            .ok_or_else(|| r.fail("reason", &format!("{reason:?} is not a reason")))?,
        candidates: r
            .list("candidates")?
            .iter()
            .map(|c| {
                c.parse::<u64>()
                    .map(GeneId)
                    .map_err(|_| r.fail("candidates", &format!("{c:?} is not a GeneID")))
            })
            .collect::<Fallible<_>>()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mesh_headings_read_back_as_written() {
        let h = MeshHeading {
            descriptor: "Cell Cycle Proteins".into(),
            ui: Some("D018797".into()),
            major_topic: true,
            qualifiers: vec!["metabolism".into(), "physiology".into()],
        };
        assert_eq!(mesh_heading(&super::super::format::mesh(&h)), h);
        let plain = MeshHeading {
            descriptor: "Humans".into(),
            ui: None,
            major_topic: false,
            qualifiers: Vec::new(),
        };
        assert_eq!(mesh_heading("Humans"), plain);
    }

    #[test]
    fn tsv_lists_and_escapes_read_back() {
        assert_eq!(split_list("a|b\\|c|d\\\\"), ["a", "b|c", "d\\"]);
        assert_eq!(split_list(""), Vec::<String>::new());
        assert_eq!(unescape("x\\ty\\nz\\\\"), "x\ty\nz\\");
    }
}
