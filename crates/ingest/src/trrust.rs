//! TRRUST v2 raw data (`trrust_rawdata.human.tsv`, `trrust_rawdata.mouse.tsv`
//! from grnpedia.org/trrust). [`TrrustReader`] imports them into the
//! regulation evidence, one [`Fact::Regulation`] per line.
//!
//! No header; one TF→target statement per line in four tab-separated
//! columns:
//!
//! ```text
//! TF symbol   target symbol   Activation|Repression|Unknown   PMIDs joined by `;`
//! BACH1       HMOX1           Repression                      17409198;18550526;21982894
//! ```
//!
//! One TF–target pair may appear on several lines, one per mode: BACH1→HMOX1
//! is both `Activation` (17942419) and `Repression` (three articles). Every
//! line is kept as its own [`RegulationEvidence`]; the store merges them, and
//! a pair stated both ways becomes a conflicting edge rather than one line
//! overwriting the other.
//!
//! Genes are named only by symbol, and the file does not say its organism,
//! so the organism is the caller's `--organism`, else the file name's
//! `human`/`mouse` (as TRRUST names its downloads), else the file is refused:
//! a guessed organism would silently resolve mouse symbols against human
//! genes. TRRUST states no detection methods, so `methods` stays empty.
//!
//! Because there is no header, `open` reads the first record and refuses the
//! file if it is not a TRRUST line, so a wrong file fails before anything is
//! imported.
//!
//! One quirk of the published data: the human file's line 8553 reads
//! `TP53 FLT1 Unknown 1724219e`, a PubMed id with a letter in it (the only
//! one in either file). A PMID token that is not a positive number is left
//! out of `pmids` and the line kept: the line still states the relation, and
//! refusing it would make the whole human file unimportable over one damaged
//! citation. This is more lenient than DoRothEA's reader, which refuses
//! `123x` because none of its published tables has such a token. The
//! symbols and the mode, which decide what the line says, are read strictly.

use std::path::Path;

use locus_model::{Fact, GeneRef, Pmid, RegulationEvidence, RegulationMode, TaxId};

use crate::records::{RecordReader, Records};
use crate::{IngestError, LineReader, Result};

/// What every TRRUST row cites as its database.
const DATABASE: &str = "TRRUST";

/// Streams a TRRUST raw data file, one [`Fact::Regulation`] per line.
pub type TrrustReader = Records<TrrustRecords>;

/// The parsing state behind [`TrrustReader`].
pub struct TrrustRecords {
    lines: LineReader,
    tax_id: TaxId,
    /// The first record, read by `open` to recognise the format.
    first: Option<Fact>,
}

impl TrrustReader {
    /// Opens `path` (plain or gzip) for `organism`, or the organism its file
    /// name states, and checks that its first line is a TRRUST line.
    pub fn open(path: &Path, organism: Option<TaxId>) -> Result<Self> {
        let tax_id = organism_from_name(path, organism, None, "TRRUST")?;
        let lines = LineReader::open(path)?;
        let mut records = TrrustRecords {
            lines,
            tax_id,
            first: None,
        };
        match records.read() {
            Ok(Some(fact)) => records.first = Some(fact),
            Ok(None) => {
                return Err(IngestError::file(
                    path,
                    "empty file: not a TRRUST raw data file",
                ))
            }
            Err(e) => return Err(not_trrust(e)),
        }
        Ok(Records::new(records))
    }
}

/// TRRUST raw data states no release, so `release` keeps its default.
impl RecordReader for TrrustRecords {
    fn next_record(&mut self) -> Result<Option<Fact>> {
        if let Some(first) = self.first.take() {
            return Ok(Some(first));
        }
        self.read()
    }
}

impl TrrustRecords {
    fn read(&mut self) -> Result<Option<Fact>> {
        if !self.lines.advance_non_blank()? {
            return Ok(None);
        }
        let lines = &self.lines;
        let [tf, target, mode, pmids] = lines.tab_cells(lines.line())?;
        let tf = symbol(lines, "TF", tf)?;
        let target = symbol(lines, "target", target)?;
        let mode = match mode.trim() {
            "Activation" => RegulationMode::Activation,
            "Repression" => RegulationMode::Repression,
            "Unknown" => RegulationMode::Unknown,
            other => {
                return Err(lines.field_error(
                    "mode",
                    format!("expected Activation, Repression or Unknown, found {other:?}"),
                ))
            }
        };
        Ok(Some(Fact::Regulation(RegulationEvidence {
            tf: GeneRef::symbol(self.tax_id, tf),
            target: GeneRef::symbol(self.tax_id, target),
            databases: vec![DATABASE.to_string()],
            methods: Vec::new(),
            pmids: parse_pmids(pmids),
            mode: Some(mode),
            weight: None,
            small_scale: None,
            line: lines.line_no(),
        })))
    }
}

/// Says of the first line's error that the file is not TRRUST at all,
/// keeping the line and field it names.
fn not_trrust(e: IngestError) -> IngestError {
    const WHAT: &str = "not a TRRUST raw data file (expected `TF<TAB>target<TAB>Activation|Repression|Unknown<TAB>PMIDs`)";
    match e {
        IngestError::Field {
            file,
            line,
            field,
            message,
        } => IngestError::Field {
            file,
            line,
            field,
            message: format!("{WHAT}: {message}"),
        },
        IngestError::Line {
            file,
            line,
            message,
        } => IngestError::Line {
            file,
            line,
            message: format!("{WHAT}: {message}"),
        },
        other => other,
    }
}

fn symbol<'a>(lines: &LineReader, field: &str, cell: &'a str) -> Result<&'a str> {
    let s = cell.trim();
    if s.is_empty() {
        return Err(lines.field_error(field, "empty gene symbol"));
    }
    Ok(s)
}

/// The `;`-joined PMIDs, each once, in the order given. Tokens that are not
/// positive numbers are left out (see the module documentation for why).
fn parse_pmids(cell: &str) -> Vec<Pmid> {
    let mut pmids = Vec::new();
    for pmid in cell
        .split(';')
        .filter_map(|t| t.trim().parse::<Pmid>().ok())
    {
        if pmid > Pmid(0) && !pmids.contains(&pmid) {
            pmids.push(pmid);
        }
    }
    pmids
}

/// The organism of a network file that names genes only by symbol: the
/// caller's `given` organism; else `human` or `mouse` in the file name (as
/// TRRUST, RegNetwork and decoupleR name their downloads); else `default`,
/// the organism the format is published for, if it has one; else an error
/// that tells the user to say it.
///
/// Only the file name is looked at, not the directories above it: a
/// checkout under `/home/mouse-lab/` must not decide the organism.
pub(crate) fn organism_from_name(
    path: &Path,
    given: Option<TaxId>,
    default: Option<TaxId>,
    format: &str,
) -> Result<TaxId> {
    if let Some(t) = given {
        return Ok(t);
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match (name.contains("human"), name.contains("mouse"), default) {
        (true, false, _) => Ok(TaxId::HUMAN),
        (false, true, _) => Ok(TaxId::MOUSE),
        (false, false, Some(d)) => Ok(d),
        (true, true, _) => Err(IngestError::file(
            path,
            format!(
                "{format}: the file name names both human and mouse; pass --organism (human, mouse or a taxon id)"
            ),
        )),
        (false, false, None) => Err(IngestError::file(
            path,
            format!(
                "{format} files name genes by symbol only and this file name says neither `human` nor `mouse`; pass --organism (human, mouse or a taxon id)"
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HUMAN_CUT: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/trrust/trrust_rawdata.human.tsv"
    );
    const MOUSE_CUT: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/trrust/trrust_rawdata.mouse.tsv"
    );

    fn evidence(path: &Path, organism: Option<TaxId>) -> Vec<RegulationEvidence> {
        crate::test_support::regulations(TrrustReader::open(path, organism).unwrap())
    }

    #[test]
    fn bach1_hmox1_is_stated_both_ways_on_two_lines() {
        let rows = evidence(Path::new(HUMAN_CUT), None);
        assert_eq!(rows.len(), 7);
        let hmox1: Vec<&RegulationEvidence> = rows
            .iter()
            .filter(|r| {
                r.tf.symbol.as_deref() == Some("BACH1")
                    && r.target.symbol.as_deref() == Some("HMOX1")
            })
            .collect();
        assert_eq!(hmox1.len(), 2);
        assert_eq!(hmox1[0].mode, Some(RegulationMode::Activation));
        assert_eq!(hmox1[0].pmids, [Pmid(17942419)]);
        assert_eq!(hmox1[0].line, 4);
        assert_eq!(hmox1[1].mode, Some(RegulationMode::Repression));
        assert_eq!(hmox1[1].pmids, [17409198, 18550526, 21982894].map(Pmid));
        assert_eq!(hmox1[1].line, 5);
        let r = hmox1[1];
        assert_eq!(r.tf, GeneRef::symbol(TaxId::HUMAN, "BACH1"));
        assert_eq!(r.databases, ["TRRUST"]);
        assert!(r.methods.is_empty());
        assert_eq!((r.weight, r.small_scale), (None, None));
        assert_eq!(rows[1].mode, Some(RegulationMode::Unknown));
    }

    #[test]
    fn a_damaged_pmid_is_left_out_and_the_line_kept() {
        // Line 8553 of the published human file, line 7 of the cut.
        let rows = evidence(Path::new(HUMAN_CUT), None);
        let tp53 = &rows[6];
        assert_eq!(tp53.tf.symbol.as_deref(), Some("TP53"));
        assert_eq!(tp53.target.symbol.as_deref(), Some("FLT1"));
        assert!(tp53.pmids.is_empty());
        assert_eq!(tp53.line, 7);
    }

    #[test]
    fn organism_comes_from_the_option_then_the_file_name() {
        let rows = evidence(Path::new(MOUSE_CUT), None);
        assert_eq!(rows.len(), 7);
        assert!(rows
            .iter()
            .all(|r| r.tf.tax_id == TaxId::MOUSE && r.target.tax_id == TaxId::MOUSE));
        assert_eq!(
            rows[3].pmids.len(),
            12,
            "Bach1→Hmox1 Repression cites 12 articles"
        );
        let rows = evidence(Path::new(MOUSE_CUT), Some(TaxId(10116)));
        assert!(rows.iter().all(|r| r.tf.tax_id == TaxId(10116)));

        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("trrust_rawdata.tsv");
        std::fs::copy(HUMAN_CUT, &p).unwrap();
        let err = TrrustReader::open(&p, None).err().unwrap().to_string();
        assert!(err.contains("pass --organism"), "{err}");
        assert_eq!(evidence(&p, Some(TaxId::HUMAN)).len(), 7);
    }

    #[test]
    fn a_bad_mode_names_file_line_and_field() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("trrust.human.tsv");
        let mut text = std::fs::read_to_string(HUMAN_CUT).unwrap();
        // Hand-made malformed line.
        text.push_str("BACH1\tHMOX1\tInhibition\t17409198\n");
        std::fs::write(&p, text).unwrap();
        let mut r = TrrustReader::open(&p, None).unwrap();
        assert_eq!(r.by_ref().take(7).filter(|f| f.is_ok()).count(), 7);
        let err = r.next().unwrap().unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "{}:8: field `mode`: expected Activation, Repression or Unknown, found \"Inhibition\"",
                p.display()
            )
        );
        assert!(r.next().is_none());
    }

    #[test]
    fn other_files_are_refused_at_open() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("human.tsv");
        // A gene2pubmed file is tab-separated too, but not four TRRUST columns.
        std::fs::write(&p, "#tax_id\tGeneID\tPubMed_ID\n9606\t571\t12511571\n").unwrap();
        let err = TrrustReader::open(&p, None).err().unwrap().to_string();
        assert_eq!(
            err,
            format!("{}:1: not a TRRUST raw data file (expected `TF<TAB>target<TAB>Activation|Repression|Unknown<TAB>PMIDs`): expected 4 tab-separated columns, found 3", p.display())
        );
        std::fs::write(&p, "\n").unwrap();
        let err = TrrustReader::open(&p, None).err().unwrap().to_string();
        assert!(err.contains("empty file"), "{err}");
    }

    /// The whole published files. Counts measured with
    /// `wc -l` and `cut -f3 FILE | sort | uniq -c`; PMIDs with
    /// `awk -F'\t' '{n=split($4,a,";"); …}'` counting distinct numeric tokens per line.
    #[test]
    #[cfg_attr(
        not(locus_shared_data),
        ignore = "needs ../shared/data (set LOCUS_SHARED_DATA)"
    )]
    fn whole_published_files() {
        for (rel, rows_n, act, rep, unk, pmids_n) in [
            (
                "regulation/trrust/trrust_rawdata.human.tsv",
                9396,
                3149,
                1922,
                4325,
                11697,
            ),
            (
                "regulation/trrust/trrust_rawdata.mouse.tsv",
                7057,
                2843,
                1354,
                2860,
                8078,
            ),
        ] {
            let p = crate::test_support::shared_data(rel);
            let rows = evidence(&p, None);
            assert_eq!(rows.len(), rows_n, "{rel}");
            let count = |m| rows.iter().filter(|r| r.mode == Some(m)).count();
            assert_eq!(
                (
                    count(RegulationMode::Activation),
                    count(RegulationMode::Repression),
                    count(RegulationMode::Unknown)
                ),
                (act, rep, unk),
                "{rel}"
            );
            assert_eq!(
                rows.iter().map(|r| r.pmids.len()).sum::<usize>(),
                pmids_n,
                "{rel}"
            );
            assert_eq!(rows.last().unwrap().line, rows_n as u64);
        }
    }
}
