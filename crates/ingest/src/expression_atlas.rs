//! EMBL-EBI Expression Atlas differential results, as the Atlas publishes
//! them per experiment:
//!
//! - `E-GEOD-52687-analytics.tsv` (the file named on the command line):
//!   `Gene ID`, `Gene Name`, then per contrast `g3_g1.p-value`,
//!   `g3_g1.log2foldchange` (microarray experiments add
//!   `g3_g1.t-statistic` and name the file after the array design,
//!   `E-MTAB-1234_A-AFFY-44-analytics.tsv`);
//! - `E-GEOD-52687-configuration.xml` beside it: the assay groups and the
//!   contrasts (`g3_g1`: test group `g1` against reference group `g3`,
//!   named `'RON and MSP' vs 'control'`);
//! - `contrastdetails.tsv` beside it (optional; the Atlas publishes one
//!   for all experiments): the factor values of each contrast's test and
//!   reference groups, with their ontology terms.
//!
//! [`ExpressionAtlasReader`] yields one [`Fact::Expression`] per gene and
//! contrast, the condition being the test group's factor values (the
//! assay group's label when `contrastdetails.tsv` does not describe the
//! experiment) and the reference the reference group's.
//!
//! The Atlas' `p-value` column holds the Benjamini–Hochberg adjusted
//! p-value its pipeline takes from DESeq2 (`padj`) or limma
//! (`adj.P.Val`), so it is kept as the adjusted p-value, unchanged. `NA`
//! is a missing value, never zero; a fold change of 0 is kept as 0.
//!
//! Genes are named by Ensembl gene id, whose prefix gives the organism
//! (`ENSG` human, `ENSMUSG` mouse); the Atlas' gene name goes along so a
//! gene whose Ensembl id the store lacks can still resolve by symbol.

use std::collections::VecDeque;
use std::path::Path;

use locus_model::{DifferentialExpression, Fact, GeneRef, TaxId};
use quick_xml::events::Event;
use quick_xml::Reader;

use crate::records::{RecordReader, Records};
use crate::{IngestError, LineReader, Result};

/// Streams the rows of an Expression Atlas `*-analytics.tsv`.
pub type ExpressionAtlasReader = Records<AtlasRecords>;

/// The parsing state behind [`ExpressionAtlasReader`].
pub struct AtlasRecords {
    lines: LineReader,
    experiment: String,
    /// The experiment's organism as `contrastdetails.tsv` states it, for
    /// gene ids that are not Ensembl ids.
    organism: Option<TaxId>,
    contrasts: Vec<Contrast>,
    /// Per data column (after `Gene ID` and `Gene Name`): the contrast
    /// and the statistic it holds.
    columns: Vec<(usize, Statistic)>,
    /// The facts of the current line not yet handed out.
    pending: VecDeque<Fact>,
    /// The experiment and the companion files read, with their sha256,
    /// for the import record.
    release: String,
}

/// What one analytics column holds.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Statistic {
    AdjustedP,
    Log2FoldChange,
    /// Microarray t-statistics: read past, not kept.
    Other,
}

/// One contrast of the experiment, as its configuration and the contrast
/// details describe it.
#[derive(Debug, Clone, PartialEq)]
struct Contrast {
    id: String,
    name: String,
    condition: String,
    reference: Option<String>,
    condition_uri: Option<String>,
}

/// A contrast as `configuration.xml` gives it.
#[derive(Debug, Default)]
struct ConfiguredContrast {
    id: String,
    name: String,
    test: String,
    reference: String,
}

/// What `configuration.xml` gives: assay group labels and contrasts.
#[derive(Debug, Default)]
struct Configuration {
    groups: Vec<(String, String)>,
    contrasts: Vec<ConfiguredContrast>,
}

impl Configuration {
    fn label(&self, group: &str) -> Option<&str> {
        self.groups
            .iter()
            .find(|(id, _)| id == group)
            .map(|(_, label)| label.as_str())
    }
}

/// One line of `contrastdetails.tsv` for the experiment.
#[derive(Debug)]
struct Detail {
    contrast: String,
    test: bool,
    factor: bool,
    name: String,
    value: String,
    uri: Option<String>,
}

/// The experiment accession of an analytics file name
/// (`E-GEOD-52687-analytics.tsv.gz` → `E-GEOD-52687`,
/// `E-MTAB-1234_A-AFFY-44-analytics.tsv` → `E-MTAB-1234`).
pub fn experiment_of(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let name = name.strip_suffix(".gz").unwrap_or(name);
    let stem = name.strip_suffix("-analytics.tsv")?;
    let accession = stem.split('_').next()?;
    let mut parts = accession.splitn(3, '-');
    let ok = parts.next() == Some("E")
        && parts
            .next()
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_uppercase()))
        && parts
            .next()
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    ok.then(|| accession.to_string())
}

impl ExpressionAtlasReader {
    /// Opens `path`, reads the configuration and contrast details beside
    /// it and checks the header against them.
    pub fn open(path: &Path) -> Result<Self> {
        let experiment = experiment_of(path).ok_or_else(|| {
            IngestError::file(
                path,
                "not an Expression Atlas analytics file name: expected \
                 `<experiment>-analytics.tsv` (e.g. `E-GEOD-52687-analytics.tsv`), \
                 as the Atlas publishes it, so its configuration can be found",
            )
        })?;
        let dir = path.parent().unwrap_or(Path::new("."));
        let config_path = dir.join(format!("{experiment}-configuration.xml"));
        let config = read_configuration(&config_path, path)?;
        let details_path = dir.join("contrastdetails.tsv");
        let details = if details_path.exists() {
            read_details(&details_path, &experiment)?
        } else {
            Vec::new()
        };
        let organism = organism_of(&details);
        let mut release = format!("{experiment}; read with");
        for (i, f) in [&config_path, &details_path]
            .into_iter()
            .filter(|p| p.exists())
            .enumerate()
        {
            let sha = crate::file_sha256(f)?;
            let name = f.file_name().unwrap_or_default().to_string_lossy();
            let sep = if i == 0 { " " } else { ", " };
            release.push_str(&format!("{sep}{name} (sha256 {})", &sha[..12]));
        }
        let contrasts = config
            .contrasts
            .iter()
            .map(|c| describe(c, &config, &details, &config_path))
            .collect::<Result<Vec<_>>>()?;

        let mut lines = LineReader::open(path)?;
        let header = lines
            .read_header("empty file: no Expression Atlas analytics header")?
            .to_string();
        let cells: Vec<&str> = header.trim_end().split('\t').collect();
        if cells.len() < 3 || cells[0] != "Gene ID" || cells[1] != "Gene Name" {
            return Err(lines.line_error(
                "unrecognised header; expected an Expression Atlas analytics table \
                 (`Gene ID`, `Gene Name`, then `<contrast>.p-value`, \
                 `<contrast>.log2foldchange`, …), tab-separated",
            ));
        }
        let mut columns = Vec::with_capacity(cells.len() - 2);
        for cell in &cells[2..] {
            let (id, stat) = cell
                .rsplit_once('.')
                .ok_or_else(|| lines.field_error(cell, "not a `<contrast>.<statistic>` column"))?;
            let index = contrasts.iter().position(|c| c.id == id).ok_or_else(|| {
                lines.field_error(
                    cell,
                    format!(
                        "contrast {id:?} is not in {}",
                        config_path
                            .file_name()
                            .unwrap_or_default()
                            .to_string_lossy()
                    ),
                )
            })?;
            let stat = match stat {
                "p-value" => Statistic::AdjustedP,
                "log2foldchange" => Statistic::Log2FoldChange,
                _ => Statistic::Other,
            };
            columns.push((index, stat));
        }
        for (i, c) in contrasts.iter().enumerate() {
            if !columns.contains(&(i, Statistic::Log2FoldChange)) {
                return Err(lines.line_error(format!(
                    "no `{}.log2foldchange` column for contrast {:?} of the configuration",
                    c.id, c.name
                )));
            }
        }
        Ok(Records::new(AtlasRecords {
            lines,
            experiment,
            organism,
            contrasts,
            columns,
            pending: VecDeque::new(),
            release,
        }))
    }
}

/// The condition, reference and ontology term of one contrast: the test
/// and reference groups' factor values from the contrast details, else
/// the groups' labels from the configuration.
fn describe(
    c: &ConfiguredContrast,
    config: &Configuration,
    details: &[Detail],
    config_path: &Path,
) -> Result<Contrast> {
    let factors = |test: bool| -> Vec<&Detail> {
        let mut out: Vec<&Detail> = Vec::new();
        for d in details {
            if d.contrast == c.id
                && d.factor
                && d.test == test
                && !out.iter().any(|o| o.value == d.value)
            {
                out.push(d);
            }
        }
        out
    };
    let join = |ds: &[&Detail]| -> Option<String> {
        (!ds.is_empty()).then(|| {
            ds.iter()
                .map(|d| d.value.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        })
    };
    let missing_group = |group: &str| {
        IngestError::file(
            config_path,
            format!(
                "contrast {:?} names assay group {group:?}, which is not defined",
                c.id
            ),
        )
    };
    let test_label = config
        .label(&c.test)
        .ok_or_else(|| missing_group(&c.test))?;
    let reference_label = config
        .label(&c.reference)
        .ok_or_else(|| missing_group(&c.reference))?;
    let test = factors(true);
    let reference = factors(false);
    Ok(Contrast {
        id: c.id.clone(),
        name: c.name.clone(),
        condition: join(&test).unwrap_or_else(|| test_label.to_string()),
        reference: Some(join(&reference).unwrap_or_else(|| reference_label.to_string())),
        condition_uri: match test.as_slice() {
            [one] => one.uri.clone(),
            _ => None,
        },
    })
}

/// The organism the contrast details state for the experiment
/// (`characteristic organism … NCBITaxon_9606`), when they state one.
fn organism_of(details: &[Detail]) -> Option<TaxId> {
    let mut found: Option<TaxId> = None;
    for d in details.iter().filter(|d| !d.factor && d.name == "organism") {
        let tax = d
            .uri
            .as_deref()
            .and_then(|u| u.rsplit_once("NCBITaxon_"))
            .and_then(|(_, n)| n.parse::<u32>().ok())
            .map(TaxId);
        match (found, tax) {
            (_, None) => {}
            (None, t) => found = t,
            (Some(a), Some(b)) if a != b => return None,
            _ => {}
        }
    }
    found
}

/// Reads the assay groups and contrasts of `configuration.xml`. Errors
/// name the configuration file and line.
fn read_configuration(path: &Path, analytics: &Path) -> Result<Configuration> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            IngestError::file(
                analytics,
                format!(
                    "the experiment's configuration {} is missing; the Atlas publishes it \
                     beside the analytics file and it names the contrasts",
                    path.display()
                ),
            )
        } else {
            IngestError::Io {
                file: path.to_path_buf(),
                source: e,
            }
        }
    })?;
    let mut reader = Reader::from_reader(crate::xml::LineCounter::new(text.as_bytes()));
    let mut xml = Vec::new();
    let mut config = Configuration::default();
    let mut stack: Vec<String> = Vec::new();
    let mut buf = String::new();
    let mut group: Option<(String, String)> = None;
    let mut contrast: Option<ConfiguredContrast> = None;
    loop {
        let (event, line) = crate::xml::next_event(&mut reader, &mut xml, path)?;
        let attr = |e: &quick_xml::events::BytesStart<'_>, name: &str| -> Result<Option<String>> {
            match e.try_get_attribute(name) {
                Ok(None) => Ok(None),
                Ok(Some(a)) => a
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map(|v| Some(v.into_owned()))
                    .map_err(|err| {
                        IngestError::line(
                            path,
                            line,
                            format!("malformed XML: attribute {name}: {err}"),
                        )
                    }),
                Err(err) => Err(IngestError::line(
                    path,
                    line,
                    format!("malformed XML: {err}"),
                )),
            }
        };
        match event {
            Event::Start(e) => {
                let name = e.name().as_ref().to_string();
                match name.as_str() {
                    "assay_group" => {
                        let id = attr(&e, "id")?.ok_or_else(|| {
                            IngestError::field(path, line, "assay_group", "no `id` attribute")
                        })?;
                        let label = attr(&e, "label")?.unwrap_or_else(|| id.clone());
                        group = Some((id, label));
                    }
                    "contrast" => {
                        let id = attr(&e, "id")?.ok_or_else(|| {
                            IngestError::field(path, line, "contrast", "no `id` attribute")
                        })?;
                        contrast = Some(ConfiguredContrast {
                            id,
                            ..Default::default()
                        });
                    }
                    _ => {}
                }
                stack.push(name);
                buf.clear();
            }
            Event::Text(t) => buf.push_str(&t.xml10_content()),
            Event::CData(t) => buf.push_str(&t),
            Event::GeneralRef(r) => crate::xml::push_reference(&mut buf, &r, path, line)?,
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                let value = buf.trim().to_string();
                buf.clear();
                match (name.as_str(), contrast.as_mut()) {
                    ("name", Some(c)) => c.name = value,
                    ("test_assay_group", Some(c)) => c.test = value,
                    ("reference_assay_group", Some(c)) => c.reference = value,
                    ("contrast", Some(_)) => {
                        if let Some(c) = contrast.take() {
                            for (field, v) in [
                                ("test_assay_group", &c.test),
                                ("reference_assay_group", &c.reference),
                            ] {
                                if v.is_empty() {
                                    return Err(IngestError::field(
                                        path,
                                        line,
                                        field,
                                        format!("contrast {:?} has none", c.id),
                                    ));
                                }
                            }
                            config.contrasts.push(c);
                        }
                    }
                    ("assay_group", _) => {
                        if let Some(g) = group.take() {
                            config.groups.push(g);
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if config.contrasts.is_empty() {
        return Err(IngestError::file(
            path,
            "no <contrast> in the configuration",
        ));
    }
    Ok(config)
}

/// The lines of `contrastdetails.tsv` about `experiment`: experiment,
/// contrast, `test`/`reference`, `factor`/`characteristic`, name, value,
/// ontology URI (possibly empty or absent).
fn read_details(path: &Path, experiment: &str) -> Result<Vec<Detail>> {
    const FIELDS: [&str; 7] = [
        "experiment",
        "contrast",
        "group",
        "type",
        "name",
        "value",
        "uri",
    ];
    let mut lines = LineReader::open(path)?;
    let mut out = Vec::new();
    while lines.advance_non_blank()? {
        let line = lines.line();
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() < 6 || cells.len() > 7 {
            return Err(lines.line_error(format!(
                "expected 6 or 7 tab-separated columns ({}), found {}",
                FIELDS.join(", "),
                cells.len()
            )));
        }
        if cells[0] != experiment {
            continue;
        }
        let test = match cells[2] {
            "test" => true,
            "reference" => false,
            other => {
                return Err(lines.field_error(
                    FIELDS[2],
                    format!("expected `test` or `reference`, found {other:?}"),
                ))
            }
        };
        let factor = match cells[3] {
            "factor" => true,
            "characteristic" => false,
            other => {
                return Err(lines.field_error(
                    FIELDS[3],
                    format!("expected `factor` or `characteristic`, found {other:?}"),
                ))
            }
        };
        out.push(Detail {
            contrast: cells[1].to_string(),
            test,
            factor,
            name: cells[4].to_string(),
            value: cells[5].trim().to_string(),
            uri: cells
                .get(6)
                .map(|u| u.trim())
                .filter(|u| !u.is_empty())
                .map(str::to_string),
        });
    }
    Ok(out)
}

impl AtlasRecords {
    /// Reads the next data line into `pending`; `false` at the end.
    fn read_line(&mut self) -> Result<bool> {
        if !self.lines.advance_non_blank()? {
            return Ok(false);
        }
        let lines = &self.lines;
        let cells: Vec<&str> = lines.line().split('\t').collect();
        if cells.len() != self.columns.len() + 2 {
            return Err(lines.line_error(format!(
                "expected {} tab-separated columns as in the header, found {}",
                self.columns.len() + 2,
                cells.len()
            )));
        }
        let id = cells[0].trim();
        let name = cells[1].trim();
        if id.is_empty() {
            return Err(lines.field_error("Gene ID", "empty"));
        }
        let gene = match (crate::orthologs::species_of(id), self.organism) {
            (Some(tax), _) => {
                let mut g = GeneRef::ensembl(tax, id);
                g.symbol = (!name.is_empty() && name != "NA").then(|| name.to_string());
                g
            }
            (None, Some(tax)) => GeneRef::symbol(tax, if name.is_empty() { id } else { name }),
            (None, None) => {
                return Err(lines.field_error(
                    "Gene ID",
                    format!(
                        "{id:?} is not an Ensembl gene id of a known species and \
                         contrastdetails.tsv states no organism for {}",
                        self.experiment
                    ),
                ))
            }
        };
        let mut values: Vec<(Option<f64>, Option<f64>)> = vec![(None, None); self.contrasts.len()];
        let header_names = |i: usize, stat: Statistic| {
            let c = &self.contrasts[i].id;
            match stat {
                Statistic::AdjustedP => format!("{c}.p-value"),
                _ => format!("{c}.log2foldchange"),
            }
        };
        for (cell, &(i, stat)) in cells[2..].iter().zip(&self.columns) {
            match stat {
                Statistic::Log2FoldChange => {
                    values[i].0 = lines.optional_number(&header_names(i, stat), cell)?
                }
                Statistic::AdjustedP => {
                    let p = lines.optional_number(&header_names(i, stat), cell)?;
                    if p.is_some_and(|p| !(0.0..=1.0).contains(&p)) {
                        return Err(lines.field_error(
                            &header_names(i, stat),
                            format!("not a p-value: {:?}", cell.trim()),
                        ));
                    }
                    values[i].1 = p;
                }
                Statistic::Other => {}
            }
        }
        let line = lines.line_no();
        for (c, (log2fc, padj)) in self.contrasts.iter().zip(values) {
            self.pending
                .push_back(Fact::Expression(DifferentialExpression {
                    gene: gene.clone(),
                    line,
                    condition: c.condition.clone(),
                    reference: c.reference.clone(),
                    condition_uri: c.condition_uri.clone(),
                    contrast: Some(c.name.clone()),
                    experiment: Some(self.experiment.clone()),
                    log2_fold_change: log2fc,
                    p_value: None,
                    adjusted_p_value: padj,
                }));
        }
        Ok(true)
    }
}

impl RecordReader for AtlasRecords {
    fn release(&self) -> Option<String> {
        Some(self.release.clone())
    }

    fn next_record(&mut self) -> Result<Option<Fact>> {
        loop {
            if let Some(f) = self.pending.pop_front() {
                return Ok(Some(f));
            }
            if !self.read_line()? {
                return Ok(None);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FactSource;

    /// The experiment's files as the Atlas publishes them, cut to a few
    /// genes: `crates/ingest/tests/data/expression_atlas/`.
    const CUT: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/expression_atlas/E-GEOD-52687-analytics.tsv"
    );

    fn rows(path: &Path) -> Result<Vec<DifferentialExpression>> {
        ExpressionAtlasReader::open(path)?
            .map(|f| match f? {
                Fact::Expression(e) => Ok(e),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn experiment_accessions_come_from_file_names() {
        for (name, want) in [
            ("E-GEOD-52687-analytics.tsv", Some("E-GEOD-52687")),
            ("E-GEOD-52687-analytics.tsv.gz", Some("E-GEOD-52687")),
            ("E-MTAB-1234_A-AFFY-44-analytics.tsv", Some("E-MTAB-1234")),
            ("analytics.tsv", None),
            ("E-GEOD-x-analytics.tsv", None),
        ] {
            assert_eq!(experiment_of(Path::new(name)).as_deref(), want, "{name}");
        }
    }

    #[test]
    fn each_contrast_gives_a_row_with_its_factor_values() {
        let rows = rows(Path::new(CUT)).expect("reads");
        let bach1: Vec<_> = rows
            .iter()
            .filter(|r| r.gene.ensembl.as_deref() == Some("ENSG00000156273"))
            .collect();
        assert_eq!(bach1.len(), 2, "{bach1:?}");
        let first = bach1[0];
        assert_eq!(first.gene.tax_id, TaxId::HUMAN);
        assert_eq!(first.gene.symbol.as_deref(), Some("BACH1"));
        assert_eq!(first.condition, "RON and MSP");
        assert_eq!(first.reference.as_deref(), Some("control"));
        assert_eq!(
            first.contrast.as_deref(),
            Some("'RON and MSP' vs 'control'")
        );
        assert_eq!(first.experiment.as_deref(), Some("E-GEOD-52687"));
        assert_eq!(bach1[1].condition, "RON and MSP and shMBD4");
        assert!(first.p_value.is_none());
        let reader = ExpressionAtlasReader::open(Path::new(CUT)).expect("opens");
        assert_eq!(
            reader.release().as_deref(),
            Some("E-GEOD-52687; read with E-GEOD-52687-configuration.xml (sha256 b965cec62851), contrastdetails.tsv (sha256 1cc27ac266a0)")
        );
    }

    #[test]
    fn na_is_missing_and_zero_is_zero() {
        let rows = rows(Path::new(CUT)).expect("reads");
        // ENSG00000000005 TNMD: `NA	0	NA	0` as published.
        let tnmd = rows
            .iter()
            .find(|r| r.gene.ensembl.as_deref() == Some("ENSG00000000005"))
            .expect("TNMD row");
        assert_eq!(
            (tnmd.log2_fold_change, tnmd.adjusted_p_value),
            (Some(0.0), None)
        );
    }

    /// Hand-made configurations: a contrast without an id and broken XML,
    /// each named with its line.
    #[test]
    fn bad_configuration_names_its_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = dir.path().join("E-X-1-configuration.xml");
        let analytics = dir.path().join("E-X-1-analytics.tsv");
        std::fs::write(
            &config,
            "<configuration>\n  <analytics>\n    <contrasts>\n      <contrast>\n",
        )
        .expect("write");
        let e = read_configuration(&config, &analytics)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("configuration.xml:4: field `contrast`: no `id` attribute"),
            "{e}"
        );
        std::fs::write(&config, "<configuration>\n  <analytics>\n  </contrasts>\n").expect("write");
        let e = read_configuration(&config, &analytics)
            .unwrap_err()
            .to_string();
        assert!(e.contains("configuration.xml:3: malformed XML"), "{e}");
    }

    #[test]
    fn bad_input_names_file_line_and_field() {
        let dir = tempfile::tempdir().expect("temp dir");
        let src = Path::new(CUT).parent().expect("dir");
        for f in ["E-GEOD-52687-configuration.xml", "contrastdetails.tsv"] {
            std::fs::copy(src.join(f), dir.path().join(f)).expect("copy");
        }
        let analytics = dir.path().join("E-GEOD-52687-analytics.tsv");
        std::fs::write(
            &analytics,
            "Gene ID\tGene Name\tg3_g1.p-value\tg3_g1.log2foldchange\tg3_g2.p-value\tg3_g2.log2foldchange\n\
             ENSG00000000003\tTSPAN6\t0.29\tbig\tNA\t0\n",
        )
        .expect("write");
        let e = rows(&analytics).unwrap_err().to_string();
        assert!(
            e.ends_with(
                "E-GEOD-52687-analytics.tsv:2: field `g3_g1.log2foldchange`: not a number: \"big\""
            ),
            "{e}"
        );

        std::fs::write(
            &analytics,
            "Gene ID\tGene Name\tg9_g1.p-value\tg9_g1.log2foldchange\n",
        )
        .expect("write");
        let e = rows(&analytics).unwrap_err().to_string();
        assert!(e.contains(":1: field `g9_g1.p-value`: contrast \"g9_g1\" is not in E-GEOD-52687-configuration.xml"), "{e}");

        std::fs::remove_file(dir.path().join("E-GEOD-52687-configuration.xml")).expect("rm");
        let e = rows(&analytics).unwrap_err().to_string();
        assert!(
            e.contains("configuration") && e.contains("is missing"),
            "{e}"
        );
    }

    #[test]
    fn without_contrast_details_the_group_labels_name_the_condition() {
        let dir = tempfile::tempdir().expect("temp dir");
        let src = Path::new(CUT).parent().expect("dir");
        for f in [
            "E-GEOD-52687-configuration.xml",
            "E-GEOD-52687-analytics.tsv",
        ] {
            std::fs::copy(src.join(f), dir.path().join(f)).expect("copy");
        }
        let rows = rows(&dir.path().join("E-GEOD-52687-analytics.tsv")).expect("reads");
        assert_eq!(rows[0].condition, "RON and MSP");
        assert_eq!(rows[0].reference.as_deref(), Some("control"));
        assert_eq!(rows[0].condition_uri, None);
    }

    #[test]
    fn mtab_8510_conditions_are_its_compound_factor_values() {
        let rows = rows(Path::new(
            &CUT.replace("E-GEOD-52687-analytics.tsv", "E-MTAB-8510-analytics.tsv"),
        ))
        .expect("reads");
        assert_eq!(rows[0].condition, "FGF-2 50 nanogram per milliliter");
        assert_eq!(rows[0].reference.as_deref(), Some("none"));
        assert_eq!(rows[0].condition_uri, None);
    }
}
