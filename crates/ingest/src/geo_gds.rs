//! NCBI GEO DataSets (`GDS507.soft.gz`, the SOFT format GEO serves for a
//! curated DataSet): a value per probe and sample, with `^SUBSET` blocks
//! saying which samples belong to which `disease state`.
//!
//! GEO publishes no test, so Locus computes one, and the page and API
//! state how ([`locus_model::expression_method`]):
//!
//! - the two `disease state` subsets are compared, the one described as
//!   `normal`, `control` or `healthy` (and a few like words) being the
//!   reference;
//! - values are log2-transformed; non-positive and `null` values are
//!   dropped;
//! - probes with the same `IDENTIFIER` (the gene symbol GEO assigned) are
//!   averaged per sample, so each gene gets one row; GEO's control probes
//!   (`--Control`) are left out;
//! - log2 fold change is the difference of the two groups' means, the
//!   p-value a two-sided Welch t-test, adjusted by Benjamini–Hochberg over
//!   every gene of the file that has a p-value.
//!
//! Genes are named by that `IDENTIFIER`, resolved by the store like a
//! network file's symbols: an identifier that names no gene, or several,
//! is reported and its row skipped.
//!
//! Only `count` DataSets (`!dataset_value_type = count`, e.g. MAS5 signal)
//! are read: for `log ratio` or `transformed count` values the scale is
//! not known, and guessing it would publish wrong fold changes.

use std::collections::HashMap;
use std::path::Path;

use locus_model::{DifferentialExpression, Fact, GeneRef, TaxId};

use crate::records::{RecordReader, Records};
use crate::stats::{benjamini_hochberg, mean, welch_p};
use crate::{IngestError, LineReader, Result};

/// Streams the computed rows of a GEO DataSet SOFT file.
pub type GeoGdsReader = Records<GdsRecords>;

/// The parsing state behind [`GeoGdsReader`]: the file is read (and the
/// tests computed) when opened, since the adjustment needs every gene.
pub struct GdsRecords {
    facts: std::vec::IntoIter<Fact>,
    release: String,
}

/// Descriptions of a reference group, compared in lower case.
const REFERENCE_WORDS: [&str; 10] = [
    "normal",
    "control",
    "healthy",
    "non-tumor",
    "non-tumour",
    "nontumor",
    "wild type",
    "wild-type",
    "untreated",
    "uninfected",
];

/// One `^SUBSET` block.
#[derive(Debug, Default)]
struct Subset {
    line: u64,
    description: String,
    samples: Vec<String>,
    kind: String,
}

/// What the header of the file says about the DataSet.
#[derive(Debug, Default)]
struct Dataset {
    accession: String,
    organism: Option<String>,
    value_type: Option<String>,
    platform: Option<String>,
    updated: Option<String>,
    subsets: Vec<Subset>,
}

/// Per gene: the line of its first probe and, per sample column, the sum
/// and count of its probes' log2 values.
struct Gene {
    identifier: String,
    line: u64,
    sums: Vec<(f64, u32)>,
}

impl GeoGdsReader {
    /// Reads `path`, checks its DataSet header and computes every gene's
    /// test.
    pub fn open(path: &Path) -> Result<Self> {
        let mut lines = LineReader::open(path)?;
        let dataset = read_header(&mut lines)?;
        let file_error = |m: String| IngestError::file(path, m);
        if dataset.accession.is_empty() {
            return Err(file_error(
                "no `^DATASET` line: not a GEO DataSet SOFT file (GDS…)".into(),
            ));
        }
        match dataset.value_type.as_deref() {
            Some("count") => {}
            other => {
                return Err(file_error(format!(
                    "!dataset_value_type is {:?}; Locus computes fold changes only from \
                     `count` DataSets, whose values it can log2-transform",
                    other.unwrap_or("not stated")
                )))
            }
        }
        let organism = dataset.organism.as_deref().unwrap_or("");
        let tax = TaxId::parse_organism(organism).ok_or_else(|| {
            file_error(format!(
                "!dataset_platform_organism {organism:?} is not an organism Locus knows"
            ))
        })?;
        let (test, reference) = groups(&dataset, path)?;

        let header = lines.line().to_string();
        let columns: Vec<&str> = header.split('\t').collect();
        if columns.len() < 3 || columns[0] != "ID_REF" || columns[1] != "IDENTIFIER" {
            return Err(lines.line_error(
                "the table header must start with `ID_REF`, `IDENTIFIER`, then sample ids",
            ));
        }
        // Per sample column: Some(true) test, Some(false) reference.
        let side: Vec<Option<bool>> = columns[2..]
            .iter()
            .map(|s| {
                if test.samples.iter().any(|t| t == s) {
                    Some(true)
                } else if reference.samples.iter().any(|r| r == s) {
                    Some(false)
                } else {
                    None
                }
            })
            .collect();
        for (subset, want) in [(test, true), (reference, false)] {
            if !side.contains(&Some(want)) {
                return Err(IngestError::field(
                    path,
                    subset.line,
                    "subset_sample_id",
                    format!(
                        "none of the samples of {:?} is a column of the table",
                        subset.description
                    ),
                ));
            }
        }

        let (genes, control_probes) = read_table(&mut lines, &columns)?;
        let mut rows: Vec<(usize, Option<f64>, Option<f64>)> = Vec::with_capacity(genes.len());
        for (i, g) in genes.iter().enumerate() {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            for ((sum, n), s) in g.sums.iter().zip(&side) {
                if *n == 0 {
                    continue;
                }
                match s {
                    Some(true) => a.push(sum / f64::from(*n)),
                    Some(false) => b.push(sum / f64::from(*n)),
                    None => {}
                }
            }
            let log2fc = match (mean(&a), mean(&b)) {
                (Some(x), Some(y)) => Some(x - y),
                _ => None,
            };
            rows.push((i, log2fc, welch_p(&a, &b)));
        }
        let adjusted = benjamini_hochberg(&rows.iter().map(|r| r.2).collect::<Vec<_>>());
        let contrast = format!(
            "'{}' vs '{}' (disease state)",
            test.description, reference.description
        );
        let facts: Vec<Fact> = rows
            .into_iter()
            .zip(adjusted)
            .map(|((i, log2fc, p), adj)| {
                let g = &genes[i];
                Fact::Expression(DifferentialExpression {
                    gene: GeneRef::symbol(tax, &g.identifier),
                    line: g.line,
                    condition: test.description.clone(),
                    reference: Some(reference.description.clone()),
                    condition_uri: None,
                    contrast: Some(contrast.clone()),
                    experiment: Some(dataset.accession.clone()),
                    log2_fold_change: log2fc,
                    p_value: p,
                    adjusted_p_value: adj,
                })
            })
            .collect();
        let mut release = dataset.accession.clone();
        if let Some(p) = &dataset.platform {
            release.push_str(&format!(", platform {p}"));
        }
        if let Some(d) = &dataset.updated {
            release.push_str(&format!(", updated {d}"));
        }
        release.push_str(&format!(
            "; {} genes tested, {control_probes} control probes left out",
            facts.len()
        ));
        Ok(Records::new(GdsRecords {
            facts: facts.into_iter(),
            release,
        }))
    }
}

/// Reads the lines before the table; leaves `lines` on the table's header
/// line (the one after `!dataset_table_begin`).
fn read_header(lines: &mut LineReader) -> Result<Dataset> {
    let mut dataset = Dataset::default();
    let mut in_subset = false;
    loop {
        if !lines.advance()? {
            return Err(lines.line_error("the file ends before `!dataset_table_begin`"));
        }
        let line = lines.line().trim_end();
        if line == "!dataset_table_begin" {
            if !lines.advance()? {
                return Err(lines.line_error("the file ends after `!dataset_table_begin`"));
            }
            return Ok(dataset);
        }
        let (key, value) = match line.split_once(" = ") {
            Some((k, v)) => (k, v.trim()),
            None => (line.trim_end_matches(" ="), ""),
        };
        match key {
            "^DATASET" => {
                in_subset = false;
                dataset.accession = value.to_string();
            }
            "^SUBSET" => {
                in_subset = true;
                dataset.subsets.push(Subset {
                    line: lines.line_no(),
                    ..Subset::default()
                });
            }
            k if k.starts_with('^') => in_subset = false,
            "!dataset_platform_organism" => dataset.organism = Some(value.to_string()),
            "!dataset_sample_organism" if dataset.organism.is_none() => {
                dataset.organism = Some(value.to_string())
            }
            "!dataset_value_type" => dataset.value_type = Some(value.to_string()),
            "!dataset_platform" => dataset.platform = Some(value.to_string()),
            "!dataset_update_date" => dataset.updated = Some(value.to_string()),
            _ if in_subset => {
                if let Some(s) = dataset.subsets.last_mut() {
                    match key {
                        "!subset_description" => s.description = value.to_string(),
                        "!subset_type" => s.kind = value.to_string(),
                        "!subset_sample_id" => {
                            s.samples = value
                                .split(',')
                                .map(|x| x.trim().to_string())
                                .filter(|x| !x.is_empty())
                                .collect()
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

/// The test and reference `disease state` subsets.
fn groups<'a>(dataset: &'a Dataset, path: &Path) -> Result<(&'a Subset, &'a Subset)> {
    let states: Vec<&Subset> = dataset
        .subsets
        .iter()
        .filter(|s| s.kind == "disease state")
        .collect();
    let names = || {
        states
            .iter()
            .map(|s| format!("{:?}", s.description))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let [a, b] = states.as_slice() else {
        return Err(IngestError::file(
            path,
            format!(
                "{} `disease state` subsets ({}); Locus compares exactly two",
                states.len(),
                names()
            ),
        ));
    };
    let is_reference =
        |s: &Subset| REFERENCE_WORDS.contains(&s.description.to_lowercase().as_str());
    match (is_reference(a), is_reference(b)) {
        (false, true) => Ok((a, b)),
        (true, false) => Ok((b, a)),
        _ => Err(IngestError::file(
            path,
            format!(
                "cannot tell which `disease state` subset is the reference ({}): \
                 exactly one must be described as {}",
                names(),
                REFERENCE_WORDS.join(", ")
            ),
        )),
    }
}

/// Reads the table rows up to `!dataset_table_end`: per gene, the sums of
/// its probes' log2 values per sample column, in the order genes first
/// appear; and the number of control probes left out.
fn read_table(lines: &mut LineReader, columns: &[&str]) -> Result<(Vec<Gene>, u64)> {
    let mut genes: Vec<Gene> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut control = 0u64;
    let width = columns.len();
    loop {
        if !lines.advance()? {
            return Err(lines.line_error(
                "the file ends inside the table, before `!dataset_table_end` (truncated?)",
            ));
        }
        let line = lines.line();
        if line.trim_end() == "!dataset_table_end" {
            return Ok((genes, control));
        }
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() != width {
            return Err(lines.line_error(format!(
                "expected {width} tab-separated columns as in the table header, found {}",
                cells.len()
            )));
        }
        let identifier = cells[1].trim();
        if identifier.is_empty() {
            return Err(lines.field_error("IDENTIFIER", "empty"));
        }
        if identifier.starts_with("--") {
            control += 1;
            continue;
        }
        let i = match index.get(identifier) {
            Some(&i) => i,
            None => {
                genes.push(Gene {
                    identifier: identifier.to_string(),
                    line: lines.line_no(),
                    sums: vec![(0.0, 0); width - 2],
                });
                index.insert(identifier.to_string(), genes.len() - 1);
                genes.len() - 1
            }
        };
        for (j, cell) in cells[2..].iter().enumerate() {
            let value = match cell.trim() {
                "null" => None,
                v => lines.optional_number(columns[j + 2], v)?,
            };
            if let Some(v) = value.filter(|v| *v > 0.0) {
                let slot = &mut genes[i].sums[j];
                slot.0 += v.log2();
                slot.1 += 1;
            }
        }
    }
}

impl RecordReader for GdsRecords {
    fn next_record(&mut self) -> Result<Option<Fact>> {
        Ok(self.facts.next())
    }

    fn release(&self) -> Option<String> {
        Some(self.release.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FactSource;

    /// GDS507 cut to a few genes: `tests/data/geo/GDS507.cut.soft`.
    const CUT: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/geo/GDS507.cut.soft"
    );

    fn rows(path: &Path) -> Result<Vec<DifferentialExpression>> {
        GeoGdsReader::open(path)?
            .map(|f| match f? {
                Fact::Expression(e) => Ok(e),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| ((a - b) / b).abs() < 1e-9)
    }

    /// Expected values computed independently with NumPy and SciPy
    /// (`tests/data/geo/reference.py`, printed in `reference.tsv`).
    #[test]
    fn values_match_an_independent_computation() {
        let rows = rows(Path::new(CUT)).expect("reads");
        let expected = std::fs::read_to_string(CUT.replace("GDS507.cut.soft", "reference.tsv"))
            .expect("reference values");
        let mut n = 0;
        for line in expected.lines().skip(1) {
            let [id, fc, p, adj] = line.split('\t').collect::<Vec<_>>()[..] else {
                panic!("{line}");
            };
            let row = rows
                .iter()
                .find(|r| r.gene.symbol.as_deref() == Some(id))
                .unwrap_or_else(|| panic!("{id} missing"));
            let num = |s: &str| s.parse::<f64>().expect("number");
            assert!(close(row.log2_fold_change, num(fc)), "{id} log2fc {row:?}");
            assert!(close(row.p_value, num(p)), "{id} p {row:?}");
            assert!(
                close(row.adjusted_p_value, num(adj)),
                "{id} adjusted {row:?}"
            );
            n += 1;
        }
        assert_eq!(n, rows.len(), "every gene of the cut is checked");
        let bach1 = rows
            .iter()
            .find(|r| r.gene.symbol.as_deref() == Some("BACH1"))
            .unwrap();
        assert_eq!(bach1.condition, "RCC");
        assert_eq!(bach1.reference.as_deref(), Some("normal"));
        assert_eq!(bach1.experiment.as_deref(), Some("GDS507"));
        assert_eq!(bach1.gene.tax_id, TaxId::HUMAN);
        // Its first probe's line in the cut file.
        assert_eq!(bach1.line, 110);
    }

    #[test]
    fn release_names_the_dataset_and_what_was_left_out() {
        let reader = GeoGdsReader::open(Path::new(CUT)).expect("opens");
        assert_eq!(
            reader.release().as_deref(),
            Some("GDS507, platform GPL97, updated Mar 04 2004; 5 genes tested, 1 control probes left out")
        );
    }

    #[test]
    fn bad_input_is_named() {
        let text = std::fs::read_to_string(CUT).expect("cut");
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("GDS507.soft");
        let cases = [
            (
                text.replace(
                    "!dataset_value_type = count",
                    "!dataset_value_type = log2 ratio",
                ),
                "!dataset_value_type is \"log2 ratio\"",
            ),
            (
                text.replace(
                    "!subset_description = normal",
                    "!subset_description = adjacent",
                ),
                "cannot tell which `disease state` subset is the reference",
            ),
            (
                text.replace("\t2212.300", "\tlots"),
                "field `GSM11815`: not a number: \"lots\"",
            ),
            (
                text.replace("!dataset_table_end\n", ""),
                "before `!dataset_table_end`",
            ),
        ];
        for (content, want) in cases {
            std::fs::write(&path, content).expect("write");
            let e = rows(&path).unwrap_err().to_string();
            assert!(e.contains(want), "{e}");
            assert!(e.starts_with(&path.display().to_string()), "{e}");
        }
    }

    /// The whole GDS507 (22,645 probes): 17,952 identifiers tested, and
    /// the values of a few (the adjustment now over all of them) as the
    /// reference script computes them on the decompressed file.
    #[test]
    #[cfg_attr(
        not(locus_shared_data),
        ignore = "needs ../shared/data (set LOCUS_SHARED_DATA)"
    )]
    fn the_whole_dataset() {
        let path = crate::test_support::shared_data("expression/geo/GDS507.soft.gz");
        let rows = rows(&path).expect("reads");
        assert_eq!(rows.len(), 17_952);
        for (id, fc, p, adj) in [
            (
                "BACH1",
                -0.11582057338304885,
                0.7702341674770994,
                0.9170154979062528,
            ),
            (
                "AF137396",
                0.2443040525909499,
                0.057493786084700266,
                0.27637731754996225,
            ),
            (
                "PFKFB2",
                -2.5864422926959136,
                2.6810412888060034e-10,
                4.813005321664538e-06,
            ),
        ] {
            let row = rows
                .iter()
                .find(|r| r.gene.symbol.as_deref() == Some(id))
                .unwrap_or_else(|| panic!("{id}"));
            assert!(close(row.log2_fold_change, fc), "{row:?}");
            assert!(close(row.p_value, p), "{row:?}");
            assert!(close(row.adjusted_p_value, adj), "{row:?}");
        }
    }
}
