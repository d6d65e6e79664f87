//! The "Differential Expression" table of a Pharos target page, as
//! transcribed for Locus: tab-separated `GeneID`, `Disease`, `log2FC`,
//! `p` (Expression Atlas disease-versus-healthy results with |log2FC| > 1,
//! as Pharos shows them). [`PharosExpressionReader`] yields one
//! [`Fact::Expression`] per row; `NA` or an empty cell is a missing value,
//! never zero.

use std::path::Path;

use locus_model::{DifferentialExpression, Fact, GeneId, GeneRef, TaxId};

use crate::records::{RecordReader, Records};
use crate::{LineReader, Result};

/// The table's header.
const HEADER: [&str; 4] = ["GeneID", "Disease", "log2FC", "p"];

/// Streams the rows of a Pharos differential-expression table.
pub type PharosExpressionReader = Records<PharosExpressionRecords>;

/// The parsing state behind [`PharosExpressionReader`].
pub struct PharosExpressionRecords {
    lines: LineReader,
}

impl PharosExpressionReader {
    /// Opens `path` (plain or gzip) and checks its header.
    pub fn open(path: &Path) -> Result<Self> {
        let mut lines = LineReader::open(path)?;
        let header = lines.read_header("empty file: no Pharos differential expression header")?;
        if !header.trim_end().split('\t').eq(HEADER) {
            return Err(lines.line_error(
                "unrecognised header; expected the Pharos differential expression table \
                 (`GeneID`, `Disease`, `log2FC`, `p`), tab-separated",
            ));
        }
        Ok(Records::new(PharosExpressionRecords { lines }))
    }
}

impl RecordReader for PharosExpressionRecords {
    fn next_record(&mut self) -> Result<Option<Fact>> {
        if !self.lines.advance_non_blank()? {
            return Ok(None);
        }
        let lines = &self.lines;
        let [gene, disease, log2fc, p] = lines.tab_cells(lines.line())?;
        let gene_id: GeneId = gene
            .trim()
            .parse()
            .map_err(|_| lines.field_error(HEADER[0], format!("not an integer: {gene:?}")))?;
        let condition = disease.trim();
        if condition.is_empty() {
            return Err(lines.field_error(HEADER[1], "empty disease"));
        }
        let p_value = lines.optional_number(HEADER[3], p)?;
        if p_value.is_some_and(|p| !(0.0..=1.0).contains(&p)) {
            return Err(lines.field_error(HEADER[3], format!("not a p-value: {p:?}")));
        }
        // Pharos is a human target database.
        let gene = GeneRef::gene_id(TaxId::HUMAN, gene_id);
        Ok(Some(Fact::Expression(DifferentialExpression {
            gene,
            line: lines.line_no(),
            condition: condition.to_string(),
            reference: None,
            condition_uri: None,
            contrast: None,
            experiment: None,
            log2_fold_change: lines.optional_number(HEADER[2], log2fc)?,
            p_value,
            adjusted_p_value: None,
        })))
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn read(text: &str) -> Result<Vec<Fact>> {
        let mut f = tempfile::NamedTempFile::new().expect("temp file");
        f.write_all(text.as_bytes()).expect("write");
        PharosExpressionReader::open(f.path())?.collect()
    }

    /// Rows of `expression/pharos_bach1/BACH1_differential_expression.tsv`.
    #[test]
    fn rows_keep_their_values() {
        let facts = read(
            "GeneID\tDisease\tlog2FC\tp\n571\tosteosarcoma\t1.560\t6.7e-03\n571\tglioblastoma\t1.800\t5.7e-04\n",
        )
        .expect("reads");
        let Fact::Expression(e) = &facts[0] else {
            panic!("{facts:?}");
        };
        assert_eq!(
            (&e.gene.gene_ids[..], e.condition.as_str(), e.line),
            (&[GeneId(571)][..], "osteosarcoma", 2)
        );
        assert_eq!((e.log2_fold_change, e.p_value), (Some(1.56), Some(0.0067)));
        assert_eq!(facts.len(), 2);
    }

    #[test]
    fn missing_values_are_missing_and_bad_ones_named() {
        let facts = read("GeneID\tDisease\tlog2FC\tp\n571\tx\tNA\t\n").expect("reads");
        let Fact::Expression(e) = &facts[0] else {
            panic!("{facts:?}");
        };
        assert_eq!((e.log2_fold_change, e.p_value), (None, None));
        let e = read("GeneID\tDisease\tlog2FC\tp\n571\tx\tbig\t0.1\n").unwrap_err();
        assert!(
            e.to_string().contains(":2: field `log2FC`: not a number"),
            "{e}"
        );
        let e = read("GeneID\tDisease\tlog2FC\tp\n571\tx\t1\t2\n").unwrap_err();
        assert!(e.to_string().contains("field `p`: not a p-value"), "{e}");
        let e = read("GeneID\tDisease\tlog2FC\tp\nBACH1\tx\t1\t0.1\n").unwrap_err();
        assert!(e.to_string().contains("field `GeneID`"), "{e}");
        let e = read("GeneID\tDisease\tlog2FC\n").unwrap_err();
        assert!(e.to_string().contains("unrecognised header"), "{e}");
    }

    #[test]
    #[cfg_attr(
        not(locus_shared_data),
        ignore = "needs ../shared/data (set LOCUS_SHARED_DATA)"
    )]
    fn the_whole_bach1_table() {
        let facts: Vec<Fact> = PharosExpressionReader::open(&crate::test_support::shared_data(
            "expression/pharos_bach1/BACH1_differential_expression.tsv",
        ))
        .expect("open")
        .collect::<Result<_>>()
        .expect("reads");
        assert_eq!(facts.len(), 16, "Pharos: Differential Expression (16)");
    }
}
