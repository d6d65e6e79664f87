//! GeneRIFs (Gene References Into Function) in two tab-separated layouts,
//! told apart by their header line:
//!
//! * NCBI `generifs_basic` (`ftp.ncbi.nlm.nih.gov/gene/GeneRIF/generifs_basic.gz`),
//!   five columns: `#Tax ID`, `Gene ID`, `PubMed ID (PMID) list` (comma-separated),
//!   `last update timestamp` (`2010-01-21 00:00`), `GeneRIF text`.
//! * The GeneRIF table of a Pharos target page as transcribed for Locus,
//!   three columns: `GeneID`, `PubMed ID`, `GeneRIF text`. Pharos shows
//!   neither organism nor timestamp, so those stay `None` rather than being
//!   guessed.
//!
//! [`GeneRifReader`] imports either, so a gene shows what curators wrote
//! about its function and the articles it comes from: one
//! [`Fact::GeneRif`] per line.
//!
//! Detecting the layout from the header, instead of a separate source kind,
//! lets the same `generifs` import take either file; an unknown header is
//! refused so a wrong file is never read as GeneRIFs. Neither layout states
//! a release, so `release()` is `None`.

use std::path::Path;

use locus_model::{Fact, GeneId, GeneRif, Pmid, TaxId};

use crate::records::{RecordReader, Records};
use crate::{LineReader, Result};

/// Header columns of NCBI `generifs_basic`.
const NCBI_HEADER: [&str; 5] = [
    "#Tax ID",
    "Gene ID",
    "PubMed ID (PMID) list",
    "last update timestamp",
    "GeneRIF text",
];
/// Header columns of the Pharos GeneRIF table.
const PHAROS_HEADER: [&str; 3] = ["GeneID", "PubMed ID", "GeneRIF text"];

/// Which of the accepted layouts a file has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    NcbiBasic,
    Pharos,
}

impl Layout {
    fn detect(header: &str) -> Option<Self> {
        let cols = || header.trim_end().split('\t');
        if cols().eq(NCBI_HEADER) {
            Some(Layout::NcbiBasic)
        } else if cols().eq(PHAROS_HEADER) {
            Some(Layout::Pharos)
        } else {
            None
        }
    }
}

/// Streams the GeneRIFs of a file, one [`Fact::GeneRif`] per line.
pub type GeneRifReader = Records<GeneRifRecords>;

/// The parsing state behind [`GeneRifReader`].
pub struct GeneRifRecords {
    lines: LineReader,
    layout: Layout,
}

impl GeneRifReader {
    /// Opens `path` (plain or gzip) and picks the layout from its header.
    pub fn open(path: &Path) -> Result<Self> {
        let mut lines = LineReader::open(path)?;
        let header = lines.read_header("empty file: no GeneRIF header")?;
        let layout = Layout::detect(header).ok_or_else(|| {
            lines.line_error(
                "unrecognised GeneRIF header; expected NCBI generifs_basic \
                 (`#Tax ID`, `Gene ID`, `PubMed ID (PMID) list`, `last update timestamp`, \
                 `GeneRIF text`) or the Pharos GeneRIF table (`GeneID`, `PubMed ID`, \
                 `GeneRIF text`), tab-separated",
            )
        })?;
        Ok(Records::new(GeneRifRecords { lines, layout }))
    }
}

/// Neither layout states a release or date for the file as a whole, so
/// `release` keeps its default.
impl RecordReader for GeneRifRecords {
    fn next_record(&mut self) -> Result<Option<Fact>> {
        if !self.lines.advance_non_blank()? {
            return Ok(None);
        }
        let rif = parse_rif(&self.lines, self.layout, self.lines.line())?;
        Ok(Some(Fact::GeneRif(rif)))
    }
}

fn parse_rif(lines: &LineReader, layout: Layout, line: &str) -> Result<GeneRif> {
    let (tax_id, gene_id, pmids, last_update, text) = match layout {
        Layout::NcbiBasic => {
            let [tax_id, gene_id, pmids, last_update, text] = lines.tab_cells(line)?;
            (Some(tax_id), gene_id, pmids, Some(last_update), text)
        }
        Layout::Pharos => {
            let [gene_id, pmids, text] = lines.tab_cells(line)?;
            (None, gene_id, pmids, None, text)
        }
    };
    let (gene_field, pmid_field, text_field) = match layout {
        Layout::NcbiBasic => (NCBI_HEADER[1], NCBI_HEADER[2], NCBI_HEADER[4]),
        Layout::Pharos => (PHAROS_HEADER[0], PHAROS_HEADER[1], PHAROS_HEADER[2]),
    };

    let tax_id =
        match tax_id {
            None => None,
            Some(t) => Some(t.trim().parse::<TaxId>().map_err(|_| {
                lines.field_error(NCBI_HEADER[0], format!("not a taxonomy id: {t:?}"))
            })?),
        };
    let gene_id: GeneId = gene_id
        .trim()
        .parse()
        .map_err(|_| lines.field_error(gene_field, format!("not an integer: {gene_id:?}")))?;
    let pmids = parse_pmids(pmids)
        .map_err(|bad| lines.field_error(pmid_field, format!("not a PubMed id: {bad:?}")))?;
    let last_update = match last_update.and_then(cell) {
        None => None,
        Some(ts) if is_timestamp(ts) => Some(ts.to_string()),
        Some(ts) => {
            return Err(lines.field_error(
                NCBI_HEADER[3],
                format!("expected a timestamp like `2010-01-21 00:00`, found {ts:?}"),
            ))
        }
    };
    let text = cell(text)
        .ok_or_else(|| lines.field_error(text_field, "empty GeneRIF text"))?
        .to_string();
    Ok(GeneRif {
        tax_id,
        gene_id,
        pmids,
        last_update,
        text,
    })
}

/// A cell's value, or `None` for the empty markers (`-` or nothing).
fn cell(s: &str) -> Option<&str> {
    let s = s.trim();
    (!s.is_empty() && s != "-").then_some(s)
}

/// A comma-separated PMID list; on failure, the item that is not a PMID.
fn parse_pmids(s: &str) -> std::result::Result<Vec<Pmid>, String> {
    let Some(s) = cell(s) else {
        return Ok(Vec::new());
    };
    s.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<Pmid>().map_err(|_| p.to_string()))
        .collect()
}

/// Whether `s` starts with an ISO date (`YYYY-MM-DD`), optionally followed
/// by a space and a time. NCBI writes `2010-01-21 00:00`; the time part is
/// not checked so that a change of its precision does not stop an import.
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
        && (b.len() == 10 || b[10] == b' ')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FactSource;

    /// The whole Pharos BACH1 table, committed with the demo dataset.
    const PHAROS_FILE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../demo/data/BACH1_generifs.tsv"
    );

    /// Header and first three rows copied unchanged from the Pharos BACH1
    /// GeneRIF transcription (/work/shared/data/literature/pharos_bach1/BACH1_generifs.tsv).
    const PHAROS_ROWS: &str = "GeneID\tPubMed ID\tGeneRIF text
571\t26445536\theme oxygenase-1 expression is induced by gold nanoparticles through Nrf2 activation and Bach1 export in human vascular endothelial cells
571\t26422990\tCyanidin-3-O-glucoside protects HUVECs from palmitic acid-induced injuryby modulating the balance of Nrf2 versus Bach1 inside the nucleus so influencing upregulation of electrophile responsive element mediated gene expression.
571\t26244607\tsensitizer-induced up-regulation of both the endogenous HMOX1 and the luciferase constructs under the control of the HMOX1-ARE or the full HMOX1 promoter appear to be under the control of both Nrf2 and Bach1.
";

    /// NCBI `generifs_basic` layout built from real BACH1 rows of the Pharos
    /// table (tax 9606 = human, GeneID 571, real PMID and text). Only the
    /// timestamp cell is layout filler: the layout requires one and Pharos
    /// does not show it, so `2010-01-21 00:00` is a format example, not data.
    const NCBI_ROWS: &str = "#Tax ID\tGene ID\tPubMed ID (PMID) list\tlast update timestamp\tGeneRIF text
9606\t571\t14504288\t2010-01-21 00:00\tnuclear export of Bach1 constitutes an important regulatory mechanism to relieve the Bach1-mediated repression of genes such as heme oxygenase 1
9606\t571\t12511571\t2010-01-21 00:00\tBach1 functions as a hypoxia-inducible repressor for the HO-1 gene, thereby contributing to fine-tuning of oxygen homeostasis in human cells
";

    fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    fn rifs(reader: &mut GeneRifReader) -> Vec<GeneRif> {
        reader
            .map(|f| match f.unwrap() {
                Fact::GeneRif(r) => r,
                other => panic!("unexpected fact {other:?}"),
            })
            .collect()
    }

    #[test]
    fn ncbi_layout() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(&dir, "generifs_basic", NCBI_ROWS);
        let mut r = GeneRifReader::open(&p).unwrap();
        assert_eq!(r.reader.layout, Layout::NcbiBasic);
        let got = rifs(&mut r);
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[1],
            GeneRif {
                tax_id: Some(TaxId::HUMAN),
                gene_id: GeneId(571),
                pmids: vec![Pmid(12511571)],
                last_update: Some("2010-01-21 00:00".into()),
                text: "Bach1 functions as a hypoxia-inducible repressor for the HO-1 gene, \
                       thereby contributing to fine-tuning of oxygen homeostasis in human cells"
                    .into(),
            }
        );
        assert_eq!(r.release(), None);
    }

    #[test]
    fn pharos_layout_fixture() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(&dir, "BACH1_generifs.tsv", PHAROS_ROWS);
        let mut r = GeneRifReader::open(&p).unwrap();
        assert_eq!(r.reader.layout, Layout::Pharos);
        let got = rifs(&mut r);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].tax_id, None);
        assert_eq!(got[0].gene_id, GeneId(571));
        assert_eq!(got[0].pmids, [Pmid(26445536)]);
        assert_eq!(got[0].last_update, None);
        assert!(got[0]
            .text
            .starts_with("heme oxygenase-1 expression is induced"));
    }

    #[test]
    fn pmid_lists_are_comma_separated() {
        // Format check of the list cell only: these are the two PMIDs of the
        // Pharos table's first rows, not a GeneRIF that cites both.
        assert_eq!(
            parse_pmids("26445536,26422990"),
            Ok(vec![Pmid(26445536), Pmid(26422990)])
        );
        assert_eq!(parse_pmids("-"), Ok(vec![]));
        assert_eq!(parse_pmids("26445536,x"), Err("x".to_string()));
    }

    #[test]
    fn timestamps() {
        assert!(is_timestamp("2010-01-21 00:00"));
        assert!(is_timestamp("2010-01-21"));
        assert!(!is_timestamp("21/01/2010 00:00"));
        assert!(!is_timestamp("2010-01-2100:00"));
    }

    #[test]
    fn unknown_header_names_both_layouts() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            &dir,
            "gene2pubmed",
            "#tax_id\tGeneID\tPubMed_ID\n9606\t571\t12511571\n",
        );
        let err = GeneRifReader::open(&p).err().unwrap().to_string();
        assert!(
            err.starts_with(&format!("{}:1: unrecognised GeneRIF header", p.display())),
            "{err}"
        );
        assert!(
            err.contains("NCBI generifs_basic") && err.contains("Pharos"),
            "{err}"
        );
    }

    #[test]
    fn malformed_lines_name_file_line_and_field() {
        let dir = tempfile::tempdir().unwrap();
        // Hand-made malformed variants of the rows above.
        let ncbi_bad_pmid = NCBI_ROWS.replacen("\t14504288\t", "\t14504288,PMC123\t", 1);
        let ncbi_bad_ts = NCBI_ROWS.replacen("2010-01-21 00:00", "Jan 21 2010", 1);
        let pharos_bad_gene = PHAROS_ROWS.replacen("571\t26422990", "BACH1\t26422990", 1);
        let pharos_no_text = format!("{PHAROS_ROWS}571\t26445536\n");
        let cases = [
            (ncbi_bad_pmid, 2, "field `PubMed ID (PMID) list`: not a PubMed id: \"PMC123\""),
            (
                ncbi_bad_ts,
                2,
                "field `last update timestamp`: expected a timestamp like `2010-01-21 00:00`, found \"Jan 21 2010\"",
            ),
            (pharos_bad_gene, 3, "field `GeneID`: not an integer: \"BACH1\""),
            (pharos_no_text, 5, "expected 3 tab-separated columns, found 2"),
        ];
        for (text, line, msg) in cases {
            let p = write(&dir, "bad.tsv", &text);
            let mut r = GeneRifReader::open(&p).unwrap();
            let err = r.find_map(|f| f.err()).unwrap().to_string();
            assert_eq!(err, format!("{}:{line}: {msg}", p.display()));
            assert!(r.next().is_none(), "iterator ends after an error");
        }
    }

    #[test]
    fn real_pharos_bach1_table() {
        let p = Path::new(PHAROS_FILE);
        let got = rifs(&mut GeneRifReader::open(p).unwrap());
        assert_eq!(got.len(), 41);
        assert!(got
            .iter()
            .all(|r| r.gene_id == GeneId(571) && r.tax_id.is_none()));
        assert!(got.iter().all(|r| r.pmids.len() == 1 && !r.text.is_empty()));
        assert_eq!(got[40].pmids, [Pmid(12511571)]);
        // One article gave two GeneRIFs; both are kept.
        assert_eq!(
            got.iter().filter(|r| r.pmids == [Pmid(21555518)]).count(),
            2
        );
    }
}
