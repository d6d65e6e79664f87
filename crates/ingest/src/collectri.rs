//! CollecTRI as decoupleR hands it out (`decoupleR::get_collectri()`),
//! saved with R's `write.csv(…, row.names = FALSE)`. [`CollectriReader`]
//! imports it, adding CollecTRI's signed TF → target network to the
//! regulation evidence: one [`Fact::Regulation`] per row.
//!
//! ```text
//! "source","target","weight"
//! "BACH1","HMOX1",-1
//! ```
//!
//! R quotes the strings and not the numbers, so the file is read with a
//! real CSV parser rather than split on commas. `weight` is the mode of
//! regulation, `1` or `-1` in the published network; any finite number is
//! accepted and kept as written. The row's `mode` stays `None`: the store
//! derives the sign from the weight, and the evidence keeps the source's own
//! statement rather than a translation of it.
//!
//! CollecTRI names genes by symbol only and its published network is human,
//! so the organism is the caller's `--organism`, else `human`/`mouse` in
//! the file name (decoupleR also builds mouse and rat networks), else human.
//!
//! With `split_complexes = FALSE` (decoupleR's default, and how the
//! published file was written) a TF complex is one name, `NFKB` or `AP1`
//! (1,395 rows of the human file). Those are not gene symbols; they are
//! passed on marked as complexes and the store reports them as unresolved,
//! rather than this importer guessing the members of a complex, or the
//! store mapping `AP1` to JUN, whose NCBI synonyms include it. Targets include
//! microRNAs (`hsa-miR-122`), which resolve only where the store holds them.
//!
//! This module also holds `CsvLines`, the record reader the CSV formats
//! (CollecTRI, DoRothEA, Ensembl BioMart) share.

use std::io::BufRead;

/// The TF complexes CollecTRI names with `split_complexes = FALSE`.
const COMPLEXES: [&str; 2] = ["AP1", "NFKB"];
use std::path::{Path, PathBuf};

use locus_model::{Fact, GeneRef, RegulationEvidence, TaxId};

use crate::records::{RecordReader, Records};
use crate::trrust::organism_from_name;
use crate::{open_maybe_gz, IngestError, Result};

/// The header decoupleR's table gets from `write.csv`.
const HEADER: [&str; 3] = ["source", "target", "weight"];
/// What every CollecTRI row cites as its database.
const DATABASE: &str = "CollecTRI";

/// Streams a CollecTRI CSV file, one [`Fact::Regulation`] per row.
pub type CollectriReader = Records<CollectriRecords>;

/// The parsing state behind [`CollectriReader`].
pub struct CollectriRecords {
    rows: CsvLines,
    tax_id: TaxId,
}

impl CollectriReader {
    /// Opens `path` (plain or gzip) and checks the header before anything is imported.
    pub fn open(path: &Path, organism: Option<TaxId>) -> Result<Self> {
        let tax_id = organism_from_name(path, organism, Some(TaxId::HUMAN), "CollecTRI")?;
        let mut rows = CsvLines::open(path)?;
        let header = rows
            .read_header("empty file: not a CollecTRI file (no `source,target,weight` header)")?;
        if !header.iter().eq(HEADER) {
            return Err(rows.line_error(
                "not a CollecTRI file: expected the header `\"source\",\"target\",\"weight\"`",
            ));
        }
        Ok(Records::new(CollectriRecords { rows, tax_id }))
    }
}

/// A CollecTRI file states no release, so `release` keeps its default.
impl RecordReader for CollectriRecords {
    fn next_record(&mut self) -> Result<Option<Fact>> {
        if !self.rows.advance()? {
            return Ok(None);
        }
        let rows = &self.rows;
        let [source, target, weight] = rows.cells()?;
        let source = rows.non_empty("source", source)?;
        let target = rows.non_empty("target", target)?;
        let weight = rows.number("weight", weight)?;
        Ok(Some(Fact::Regulation(RegulationEvidence {
            tf: GeneRef {
                complex: COMPLEXES.contains(&source),
                ..GeneRef::symbol(self.tax_id, source)
            },
            target: GeneRef::symbol(self.tax_id, target),
            databases: vec![DATABASE.to_string()],
            methods: Vec::new(),
            pmids: Vec::new(),
            mode: None,
            weight: Some(weight),
            small_scale: None,
            line: rows.line_no(),
        })))
    }
}

/// A CSV file read record by record, with the 1-based line each record
/// starts on for error messages and facts: the CSV counterpart of
/// [`LineReader`](crate::LineReader).
///
/// The `csv` crate does the quoting (R's quoted strings, DoRothEA's quoted
/// PMID lists with commas inside, BioMart's quoted header cell); its
/// record position gives the line, which is right even when a quoted cell
/// spans lines. Records may have any number of cells (`flexible`), so the
/// formats can say how many they expected instead of the crate's generic
/// message.
pub(crate) struct CsvLines {
    path: PathBuf,
    reader: csv::Reader<Box<dyn BufRead + Send>>,
    record: csv::StringRecord,
    line: u64,
}

impl CsvLines {
    /// Opens `path`, plain or gzip (by magic bytes, like every text importer).
    pub(crate) fn open(path: &Path) -> Result<Self> {
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(open_maybe_gz(path)?);
        Ok(CsvLines {
            path: path.to_path_buf(),
            reader,
            record: csv::StringRecord::new(),
            line: 0,
        })
    }

    /// Reads the next record that is not blank; `false` at end of file.
    /// Blank lines are passed over as in the tab-separated formats (a
    /// hand-cut subset often ends with one).
    pub(crate) fn advance(&mut self) -> Result<bool> {
        loop {
            match self.reader.read_record(&mut self.record) {
                Ok(false) => return Ok(false),
                Ok(true) => {
                    self.line = self.record.position().map_or(self.line + 1, |p| p.line());
                    if !self.record.iter().all(|c| c.trim().is_empty()) {
                        return Ok(true);
                    }
                }
                Err(e) => return Err(self.csv_error(e)),
            }
        }
    }

    /// The first non-blank record, which the CSV formats use as their
    /// header; a file without one is refused with `if_empty`.
    pub(crate) fn read_header(&mut self, if_empty: &str) -> Result<&csv::StringRecord> {
        if self.advance()? {
            Ok(&self.record)
        } else {
            Err(IngestError::file(&self.path, if_empty))
        }
    }

    /// The record last read.
    pub(crate) fn record(&self) -> &csv::StringRecord {
        &self.record
    }

    /// Line on which the record last read starts.
    pub(crate) fn line_no(&self) -> u64 {
        self.line
    }

    /// The record's cells as exactly `N` strings, else a line error giving
    /// the count found (a missing or extra cell would shift the columns).
    pub(crate) fn cells<const N: usize>(&self) -> Result<[&str; N]> {
        self.expect_width(N)?;
        let mut cells = [""; N];
        for (slot, cell) in cells.iter_mut().zip(self.record.iter()) {
            *slot = cell;
        }
        Ok(cells)
    }

    /// A line error unless the record has exactly `n` cells.
    pub(crate) fn expect_width(&self, n: usize) -> Result<()> {
        if self.record.len() == n {
            Ok(())
        } else {
            Err(self.line_error(format!(
                "expected {n} comma-separated columns, found {}",
                self.record.len()
            )))
        }
    }

    /// `cell` trimmed, or a field error if it is empty.
    pub(crate) fn non_empty<'a>(&self, field: &str, cell: &'a str) -> Result<&'a str> {
        let s = cell.trim();
        if s.is_empty() {
            Err(self.field_error(field, "empty cell"))
        } else {
            Ok(s)
        }
    }

    /// `cell` as a finite number, or a field error.
    pub(crate) fn number(&self, field: &str, cell: &str) -> Result<f64> {
        match cell.trim().parse::<f64>() {
            Ok(w) if w.is_finite() => Ok(w),
            _ => Err(self.field_error(field, format!("not a finite number: {cell:?}"))),
        }
    }

    /// An [`IngestError::Field`] at the line the current record starts on.
    pub(crate) fn field_error(&self, field: &str, message: impl Into<String>) -> IngestError {
        IngestError::field(&self.path, self.line, field, message)
    }

    /// An [`IngestError::Line`] at the line the current record starts on.
    pub(crate) fn line_error(&self, message: impl Into<String>) -> IngestError {
        IngestError::line(&self.path, self.line, message)
    }

    fn csv_error(&self, e: csv::Error) -> IngestError {
        let line = e.position().map_or(self.line + 1, |p| p.line());
        match e.into_kind() {
            csv::ErrorKind::Io(io) => IngestError::io(&self.path, io),
            csv::ErrorKind::Utf8 { .. } => {
                IngestError::line(&self.path, line, "not valid UTF-8 text")
            }
            other => IngestError::line(&self.path, line, format!("unreadable CSV: {other:?}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CUT: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/collectri/collectri.csv"
    );

    fn evidence(path: &Path, organism: Option<TaxId>) -> Vec<RegulationEvidence> {
        crate::test_support::regulations(CollectriReader::open(path, organism).unwrap())
    }

    #[test]
    fn reads_weights_lines_and_complexes() {
        let rows = evidence(Path::new(CUT), None);
        assert_eq!(rows.len(), 8);
        let bach1 = &rows[3];
        assert_eq!(bach1.tf, GeneRef::symbol(TaxId::HUMAN, "BACH1"));
        assert_eq!(bach1.target, GeneRef::symbol(TaxId::HUMAN, "HMOX1"));
        assert_eq!(bach1.weight, Some(-1.0));
        assert_eq!(bach1.mode, None);
        assert_eq!(bach1.databases, ["CollecTRI"]);
        assert!(bach1.pmids.is_empty() && bach1.methods.is_empty());
        assert_eq!(bach1.line, 5);
        assert_eq!(rows[0].weight, Some(1.0));
        assert_eq!(rows[0].line, 2);
        // Complexes and microRNAs pass through by name.
        assert_eq!(rows[5].target.symbol.as_deref(), Some("hsa-miR-122"));
        assert_eq!(rows[6].tf.symbol.as_deref(), Some("AP1"));
        assert_eq!(rows[7].tf.symbol.as_deref(), Some("NFKB"));
        assert_eq!(rows[7].line, 9);
    }

    #[test]
    fn organism_option_and_gzip() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("collectri_mouse.csv.gz");
        let mut enc = flate2::write::GzEncoder::new(
            std::fs::File::create(&p).unwrap(),
            flate2::Compression::default(),
        );
        enc.write_all(&std::fs::read(CUT).unwrap()).unwrap();
        enc.finish().unwrap();
        let rows = evidence(&p, None);
        assert_eq!(rows.len(), 8);
        assert!(rows.iter().all(|r| r.tf.tax_id == TaxId::MOUSE));
        assert!(evidence(&p, Some(TaxId(10116)))
            .iter()
            .all(|r| r.target.tax_id == TaxId(10116)));
    }

    #[test]
    fn bad_weight_and_column_count_name_line_and_field() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("collectri.csv");
        let text = std::fs::read_to_string(CUT).unwrap();
        // Hand-made malformed lines.
        std::fs::write(&p, format!("{text}\"BACH1\",\"HMOX1\",NA\n")).unwrap();
        let err = CollectriReader::open(&p, None)
            .unwrap()
            .find_map(|f| f.err())
            .unwrap()
            .to_string();
        assert_eq!(
            err,
            format!(
                "{}:10: field `weight`: not a finite number: \"NA\"",
                p.display()
            )
        );
        std::fs::write(&p, format!("{text}\"BACH1\",-1\n")).unwrap();
        let err = CollectriReader::open(&p, None)
            .unwrap()
            .find_map(|f| f.err())
            .unwrap()
            .to_string();
        assert_eq!(
            err,
            format!(
                "{}:10: expected 3 comma-separated columns, found 2",
                p.display()
            )
        );
        std::fs::write(&p, format!("{text}\"\",\"HMOX1\",-1\n")).unwrap();
        let err = CollectriReader::open(&p, None)
            .unwrap()
            .find_map(|f| f.err())
            .unwrap()
            .to_string();
        assert_eq!(
            err,
            format!("{}:10: field `source`: empty cell", p.display())
        );
    }

    #[test]
    fn other_files_are_refused_at_open() {
        let dir = tempfile::tempdir().unwrap();
        // A DoRothEA table is CSV too.
        let p = dir.path().join("network.sif");
        std::fs::write(&p, "tf,target,mor,pubmed_id\nAHR,ABCG2,0,20460431\n").unwrap();
        let err = CollectriReader::open(&p, None).err().unwrap().to_string();
        assert!(
            err.starts_with(&format!("{}:1: not a CollecTRI file", p.display())),
            "{err}"
        );
        std::fs::write(&p, "").unwrap();
        assert!(CollectriReader::open(&p, None).is_err());
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("collectri.csv");
        let mut bytes = std::fs::read(CUT).unwrap();
        bytes.extend_from_slice(b"\"BACH1\",\"\xff\",-1\n");
        std::fs::write(&p, bytes).unwrap();
        let err = CollectriReader::open(&p, None)
            .unwrap()
            .find_map(|f| f.err())
            .unwrap()
            .to_string();
        assert_eq!(err, format!("{}:10: not valid UTF-8 text", p.display()));
    }

    /// The published file: 43,178 rows (`wc -l` gives 43,179 with the
    /// header); weights counted with `cut -d, -f3 | sort | uniq -c`:
    /// 37,360 × `1`, 5,818 × `-1`. `grep -cE '^"(NFKB|AP1)"'`: 1,395.
    #[test]
    #[cfg_attr(
        not(locus_shared_data),
        ignore = "needs ../shared/data (set LOCUS_SHARED_DATA)"
    )]
    fn whole_published_file() {
        let p = crate::test_support::shared_data("regulation/collectri/collectri.csv");
        let rows = evidence(&p, None);
        assert_eq!(rows.len(), 43_178);
        let pos = rows.iter().filter(|r| r.weight == Some(1.0)).count();
        let neg = rows.iter().filter(|r| r.weight == Some(-1.0)).count();
        assert_eq!((pos, neg), (37_360, 5_818));
        let complexes = rows
            .iter()
            .filter(|r| matches!(r.tf.symbol.as_deref(), Some("NFKB" | "AP1")))
            .count();
        assert_eq!(complexes, 1_395);
        let bach1 = rows
            .iter()
            .find(|r| {
                r.tf.symbol.as_deref() == Some("BACH1")
                    && r.target.symbol.as_deref() == Some("HMOX1")
            })
            .unwrap();
        assert_eq!((bach1.line, bach1.weight), (4943, Some(-1.0)));
        assert_eq!(rows.last().unwrap().line, 43_179);
    }
}
