//! RegNetwork's KEGG-derived regulation directions
//! (`new_kegg.human.reg.direction.txt`). [`RegnetworkReader`] imports them
//! into the regulation evidence, one [`Fact::Regulation`] per line.
//!
//! A `#` header line, then one TF→target relation per line in five columns
//! separated by single spaces (no tabs in the published file; any run of
//! white space is accepted, since no cell contains a space):
//!
//! ```text
//! #TF ID Target ID Up or Down or Unknown
//! AHR 196 CDKN1B 1027 -->
//! ```
//!
//! TF symbol, TF GeneID, target symbol, target GeneID, direction. Both
//! genes are given by GeneID and symbol; the store tries the GeneID first.
//!
//! The direction is written in KEGG's KGML relation glyphs:
//!
//! | glyph | KGML subtype | mode | rows in the human file |
//! | --- | --- | --- | --- |
//! | `-->` | activation / expression | activation | 3,862 |
//! | `--\|` | inhibition / repression | repression | 80 |
//! | `-/-` | missing interaction | unknown | 11 |
//! | `-p` | dephosphorylation | unknown | 1 (PGAM5→DNM1L) |
//!
//! `-p` says one protein removes a phosphate from another (PGAM5
//! dephosphorylates DRP1, the DNM1L protein); it states no transcriptional
//! sign, so it is kept as a relation of unknown mode rather than read as
//! repression. KGML's other protein-modification glyphs (`+p`, `+g`, `+u`,
//! `+m`) are taken the same way; any other direction is a field error.
//!
//! These rows are RegNetwork's KEGG-derived part, so each row cites
//! `KEGG_via_RegNetwork`: the primary database, with the integrator after
//! `_via_` as TFLink writes `KEGG_via_DoRothEA`.
//!
//! The organism is `--organism`, else `human`/`mouse` in the file name (as
//! RegNetwork names its files), else the file is refused. No release is
//! stated.

use std::path::Path;

use locus_model::{Fact, GeneId, GeneRef, RegulationEvidence, RegulationMode, TaxId};

use crate::records::{RecordReader, Records};
use crate::trrust::organism_from_name;
use crate::{LineReader, Result};

/// The header words of the direction file.
const HEADER: [&str; 9] = [
    "#TF", "ID", "Target", "ID", "Up", "or", "Down", "or", "Unknown",
];
/// What every row cites as its database.
const DATABASE: &str = "KEGG_via_RegNetwork";

/// Streams a RegNetwork direction file, one [`Fact::Regulation`] per line.
pub type RegnetworkReader = Records<RegnetworkRecords>;

/// The parsing state behind [`RegnetworkReader`].
pub struct RegnetworkRecords {
    lines: LineReader,
    tax_id: TaxId,
}

impl RegnetworkReader {
    /// Opens `path` (plain or gzip) for `organism`, or the organism its file
    /// name states, and checks the header before anything is imported.
    pub fn open(path: &Path, organism: Option<TaxId>) -> Result<Self> {
        let tax_id = organism_from_name(path, organism, None, "RegNetwork")?;
        let mut lines = LineReader::open(path)?;
        let header = lines.read_header(
            "empty file: not a RegNetwork direction file (no `#TF ID Target ID Up or Down or Unknown` header)",
        )?;
        if !header.split_whitespace().eq(HEADER) {
            return Err(lines.line_error(
                "not a RegNetwork direction file: expected the header `#TF ID Target ID Up or Down or Unknown`",
            ));
        }
        Ok(Records::new(RegnetworkRecords { lines, tax_id }))
    }
}

/// The file states no release, so `release` keeps its default.
impl RecordReader for RegnetworkRecords {
    fn next_record(&mut self) -> Result<Option<Fact>> {
        if !self.lines.advance_non_blank()? {
            return Ok(None);
        }
        let lines = &self.lines;
        let [tf, tf_id, target, target_id, direction] = lines
            .whitespace_cells::<5>(lines.line(), " (TF, TF ID, target, target ID, direction)")?;
        let gene = |symbol: &str, id: &str, field: &str| -> Result<GeneRef> {
            let id: GeneId = id
                .parse()
                .map_err(|_| lines.field_error(field, format!("not a GeneID: {id:?}")))?;
            Ok(GeneRef {
                gene_ids: vec![id],
                ..GeneRef::symbol(self.tax_id, symbol)
            })
        };
        let tf = gene(tf, tf_id, "TF ID")?;
        let target = gene(target, target_id, "Target ID")?;
        let mode = match direction {
            "-->" => RegulationMode::Activation,
            "--|" => RegulationMode::Repression,
            "-/-" | "-p" | "+p" | "+g" | "+u" | "+m" => RegulationMode::Unknown,
            other => {
                return Err(lines.field_error(
                    "direction",
                    format!("expected `-->`, `--|`, `-/-` or a KEGG modification glyph (`-p`), found {other:?}"),
                ))
            }
        };
        Ok(Some(Fact::Regulation(RegulationEvidence {
            tf,
            target,
            databases: vec![DATABASE.to_string()],
            methods: Vec::new(),
            pmids: Vec::new(),
            mode: Some(mode),
            weight: None,
            small_scale: None,
            line: lines.line_no(),
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CUT: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/regnetwork/new_kegg.human.reg.direction.txt"
    );

    fn evidence(path: &Path, organism: Option<TaxId>) -> Vec<RegulationEvidence> {
        crate::test_support::regulations(RegnetworkReader::open(path, organism).unwrap())
    }

    #[test]
    fn reads_genes_and_directions() {
        let rows = evidence(Path::new(CUT), None);
        assert_eq!(rows.len(), 6);
        let ahr = &rows[0];
        assert_eq!(
            ahr.tf,
            GeneRef {
                tax_id: TaxId::HUMAN,
                gene_ids: vec![GeneId(196)],
                symbol: Some("AHR".into()),
                ..GeneRef::default()
            }
        );
        assert_eq!(ahr.target.gene_ids, [GeneId(1027)]);
        assert_eq!(ahr.target.symbol.as_deref(), Some("CDKN1B"));
        assert_eq!(ahr.databases, ["KEGG_via_RegNetwork"]);
        assert_eq!((ahr.line, ahr.weight, ahr.pmids.len()), (2, None, 0));
        let modes: Vec<RegulationMode> = rows.iter().map(|r| r.mode.unwrap()).collect();
        use RegulationMode::*;
        assert_eq!(
            modes,
            [Activation, Activation, Repression, Unknown, Activation, Unknown]
        );
        // PGAM5 -p DNM1L: dephosphorylation, no transcriptional sign.
        assert_eq!(rows[5].tf.gene_ids, [GeneId(192111)]);
        assert_eq!(rows[5].line, 7);
        assert!(evidence(Path::new(CUT), Some(TaxId::MOUSE))
            .iter()
            .all(|r| r.tf.tax_id == TaxId::MOUSE));
    }

    #[test]
    fn malformed_lines_name_line_and_field() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("kegg.human.reg.direction.txt");
        let text = std::fs::read_to_string(CUT).unwrap();
        // Hand-made malformed lines.
        for (extra, expected) in [
            ("AHR 196 CDKN1B 1027 ->\n", "field `direction`: expected `-->`, `--|`, `-/-` or a KEGG modification glyph (`-p`), found \"->\""),
            ("AHR AHR CDKN1B 1027 -->\n", "field `TF ID`: not a GeneID: \"AHR\""),
            ("AHR 196 CDKN1B -->\n", "expected 5 space-separated columns (TF, TF ID, target, target ID, direction), found 4"),
        ] {
            std::fs::write(&p, format!("{text}{extra}")).unwrap();
            let err = RegnetworkReader::open(&p, None)
                .unwrap()
                .find_map(|f| f.err())
                .unwrap()
                .to_string();
            assert_eq!(err, format!("{}:8: {expected}", p.display()));
        }
    }

    #[test]
    fn other_files_and_unknown_organisms_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("kegg.reg.direction.txt");
        std::fs::copy(CUT, &p).unwrap();
        let err = RegnetworkReader::open(&p, None).err().unwrap().to_string();
        assert!(err.contains("pass --organism"), "{err}");
        let p = dir.path().join("human.source");
        std::fs::write(&p, "AHR\t196\tCDKN1B\t1027\n").unwrap();
        let err = RegnetworkReader::open(&p, None).err().unwrap().to_string();
        assert!(
            err.starts_with(&format!(
                "{}:1: not a RegNetwork direction file",
                p.display()
            )),
            "{err}"
        );
    }

    /// The published file: 3,954 rows (`wc -l` 3,955 with the header);
    /// directions counted with `awk 'NR>1{print $5}' | sort | uniq -c`:
    /// 3,862 `-->`, 80 `--|`, 11 `-/-`, 1 `-p`.
    #[test]
    #[cfg_attr(
        not(locus_shared_data),
        ignore = "needs ../shared/data (set LOCUS_SHARED_DATA)"
    )]
    fn whole_published_file() {
        let p = crate::test_support::shared_data(
            "regulation/regnetwork/new_kegg.human.reg.direction.txt",
        );
        let rows = evidence(&p, None);
        assert_eq!(rows.len(), 3954);
        let count = |m| rows.iter().filter(|r| r.mode == Some(m)).count();
        assert_eq!(count(RegulationMode::Activation), 3862);
        assert_eq!(count(RegulationMode::Repression), 80);
        assert_eq!(count(RegulationMode::Unknown), 12);
        assert!(rows
            .iter()
            .all(|r| r.tf.tax_id == TaxId::HUMAN && r.target.gene_ids.len() == 1));
        let pgam5 = rows
            .iter()
            .find(|r| r.tf.symbol.as_deref() == Some("PGAM5"))
            .unwrap();
        assert_eq!(pgam5.line, 2576);
        assert_eq!(rows.last().unwrap().line, 3955);
    }
}
