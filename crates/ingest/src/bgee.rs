//! Bgee gene expression calls (`Homo_sapiens_expr_simple.tsv.gz`, and the
//! files with conditions that add developmental stage, sex and strain):
//! per gene and anatomical entity, whether the gene is expressed
//! (`present`/`absent`), the call quality, its FDR, and Bgee's expression
//! score and rank.
//!
//! Columns are found by their header names, so the simple files and the
//! ones with conditions are read by one reader; names and values may be in
//! double quotes, as Bgee writes its name columns. Genes are Ensembl ids,
//! whose prefix gives the organism; the file name (`Homo_sapiens_…`) is the
//! fallback for ids without one.

use std::path::Path;

use locus_model::{AnatomicalExpression, ExpressionCall, Fact, GeneRef, TaxId};

use crate::records::{RecordReader, Records};
use crate::{IngestError, LineReader, Result};

/// Streams the calls of a Bgee expression file.
pub type BgeeReader = Records<BgeeRecords>;

/// The parsing state behind [`BgeeReader`].
pub struct BgeeRecords {
    lines: LineReader,
    columns: Columns,
    width: usize,
    /// The organism the file name states, for ids without a known prefix.
    organism: Option<TaxId>,
}

/// Where each field is in the header.
struct Columns {
    gene: usize,
    name: Option<usize>,
    entity: usize,
    entity_name: usize,
    stage: Option<usize>,
    stage_name: Option<usize>,
    sex: Option<usize>,
    strain: Option<usize>,
    call: usize,
    quality: usize,
    fdr: Option<usize>,
    score: Option<usize>,
    rank: Option<usize>,
}

/// A cell without Bgee's surrounding double quotes.
fn unquote(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .unwrap_or(s)
}

/// The organism of a Bgee file name (`Homo_sapiens_expr_simple.tsv.gz`).
fn organism_of_file(path: &Path) -> Option<TaxId> {
    let name = path.file_name()?.to_str()?;
    let mut parts = name.split('_');
    let genus = parts.next()?;
    let species = parts.next()?;
    TaxId::parse_organism(&format!("{genus} {species}"))
}

impl BgeeReader {
    /// Opens `path` (plain or gzip) and finds the columns in its header.
    pub fn open(path: &Path) -> Result<Self> {
        let mut lines = LineReader::open(path)?;
        let header: Vec<String> = lines
            .read_header("empty file: no Bgee header")?
            .trim_end()
            .split('\t')
            .map(|c| unquote(c).to_string())
            .collect();
        let find = |name: &str| header.iter().position(|h| h == name);
        let need = |name: &str| {
            find(name).ok_or_else(|| {
                IngestError::line(
                    path,
                    1,
                    format!(
                        "not a Bgee expression calls header: no `{name}` column (expected \
                         `Gene ID`, `Gene name`, `Anatomical entity ID`, `Anatomical entity name`, \
                         `Expression`, `Call quality`, …)"
                    ),
                )
            })
        };
        let columns = Columns {
            gene: need("Gene ID")?,
            name: find("Gene name"),
            entity: need("Anatomical entity ID")?,
            entity_name: need("Anatomical entity name")?,
            stage: find("Developmental stage ID"),
            stage_name: find("Developmental stage name"),
            sex: find("Sex"),
            strain: find("Strain"),
            call: need("Expression")?,
            quality: need("Call quality")?,
            fdr: find("FDR"),
            score: find("Expression score"),
            rank: find("Expression rank"),
        };
        Ok(Records::new(BgeeRecords {
            width: header.len(),
            lines,
            columns,
            organism: organism_of_file(path),
        }))
    }
}

impl RecordReader for BgeeRecords {
    fn next_record(&mut self) -> Result<Option<Fact>> {
        if !self.lines.advance_non_blank()? {
            return Ok(None);
        }
        let lines = &self.lines;
        let cells: Vec<&str> = lines.line().split('\t').collect();
        if cells.len() != self.width {
            return Err(lines.line_error(format!(
                "expected {} tab-separated columns as in the header, found {}",
                self.width,
                cells.len()
            )));
        }
        let c = &self.columns;
        let cell = |i: usize| unquote(cells[i]);
        let opt = |i: Option<usize>| i.map(&cell).filter(|v| !v.is_empty()).map(str::to_string);
        let number = |i: Option<usize>, field: &str| match i {
            Some(i) => lines.optional_number(field, cell(i)),
            None => Ok(None),
        };
        let id = cell(c.gene);
        let tax = crate::orthologs::species_of(id)
            .or(self.organism)
            .ok_or_else(|| {
                lines.field_error(
                    "Gene ID",
                    format!(
                        "{id:?} is not an Ensembl gene id of a known species, and the file \
                         name does not state the organism (Homo_sapiens_…)"
                    ),
                )
            })?;
        let mut gene = GeneRef::ensembl(tax, id);
        gene.symbol = opt(c.name);
        let entity = cell(c.entity);
        if entity.is_empty() {
            return Err(lines.field_error("Anatomical entity ID", "empty"));
        }
        let call = ExpressionCall::parse(cell(c.call)).ok_or_else(|| {
            lines.field_error(
                "Expression",
                format!("expected `present` or `absent`, found {:?}", cell(c.call)),
            )
        })?;
        Ok(Some(Fact::AnatomicalExpression(AnatomicalExpression {
            gene,
            line: lines.line_no(),
            anatomical_entity_id: entity.to_string(),
            anatomical_entity_name: cell(c.entity_name).to_string(),
            developmental_stage_id: opt(c.stage),
            developmental_stage_name: opt(c.stage_name),
            sex: opt(c.sex),
            strain: opt(c.strain),
            call,
            quality: cell(c.quality).to_string(),
            fdr: number(c.fdr, "FDR")?,
            score: number(c.score, "Expression score")?,
            rank: number(c.rank, "Expression rank")?,
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first lines of Bgee's human sample:
    /// `tests/data/bgee/Homo_sapiens_expr_sample.tsv`.
    const CUT: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/bgee/Homo_sapiens_expr_sample.tsv"
    );

    fn calls(path: &Path) -> Result<Vec<AnatomicalExpression>> {
        BgeeReader::open(path)?
            .map(|f| match f? {
                Fact::AnatomicalExpression(e) => Ok(e),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn rows_keep_their_values_without_quotes() {
        let rows = calls(Path::new(CUT)).expect("reads");
        let first = &rows[0];
        assert_eq!(first.gene.ensembl.as_deref(), Some("ENSG00000000003"));
        assert_eq!(first.gene.symbol.as_deref(), Some("TSPAN6"));
        assert_eq!(first.gene.tax_id, TaxId::HUMAN);
        assert_eq!(
            (
                first.anatomical_entity_id.as_str(),
                first.anatomical_entity_name.as_str()
            ),
            ("CL:0000015", "male germ cell")
        );
        assert_eq!(
            first.developmental_stage_name.as_deref(),
            Some("sixth decade stage (human)")
        );
        assert_eq!(
            (first.sex.as_deref(), first.strain.as_deref()),
            (Some("male"), Some("White"))
        );
        assert_eq!(
            (first.call, first.quality.as_str()),
            (ExpressionCall::Present, "gold quality")
        );
        assert_eq!((first.score, first.rank), (Some(89.08), Some(5090.0)));
        assert_eq!(first.fdr, Some(0.00221961024320294));
        assert!(rows.iter().any(|r| r.call == ExpressionCall::Absent));
    }

    #[test]
    fn bad_rows_are_named() {
        let text = std::fs::read_to_string(CUT).expect("cut");
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("Homo_sapiens_expr_sample.tsv");
        std::fs::write(&path, text.replacen("\tpresent\t", "\tmaybe\t", 1)).expect("write");
        let e = calls(&path).unwrap_err().to_string();
        assert!(
            e.ends_with(":2: field `Expression`: expected `present` or `absent`, found \"maybe\""),
            "{e}"
        );
        std::fs::write(&path, text.replacen("Call quality", "Quality", 1)).expect("write");
        let e = calls(&path).unwrap_err().to_string();
        assert!(
            e.contains(":1: not a Bgee expression calls header: no `Call quality` column"),
            "{e}"
        );
    }

    #[test]
    fn organisms_come_from_ids_then_the_file_name() {
        assert_eq!(
            organism_of_file(Path::new("Mus_musculus_expr_simple.tsv.gz")),
            Some(TaxId::MOUSE)
        );
        assert_eq!(organism_of_file(Path::new("calls.tsv")), None);
    }
}
