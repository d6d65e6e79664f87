//! DoRothEA's per-source curated tables
//! (`inst/extdata/networks/curated/<table>/network*.sif` in saezlab/dorothea).
//! [`DorotheaReader`] imports one table, adding the TF → target pairs
//! DoRothEA collected from that source to the regulation evidence: one
//! [`Fact::Regulation`] per row. [`dataset_name`] names the table for the
//! import record, so that importing one table does not replace another.
//!
//! Despite the `.sif` suffix these are comma-separated with a header, and
//! the nine tables differ in their columns:
//!
//! | header | tables |
//! | --- | --- |
//! | `tf,target` | `kegg`, `tred_via_reg_network` |
//! | `tf,target,pubmed_id` | `htri_db`, `fantom_4`, `int_act`, `reviews` |
//! | `tf,target,mor,pubmed_id` | `trrust`, `tf_act`, `oreganno` |
//!
//! so the columns after `tf,target` are found by name (`mor`, `pubmed_id`,
//! in any order); any other column refuses the file at open.
//!
//! **Which table.** A file does not name its source; its directory does.
//! The directory name is mapped to the database name TFLink uses for the
//! same DoRothEA tables (`KEGG_via_DoRothEA`): `htri_db`→HTRI,
//! `trrust`→TRRUST, `tred_via_reg_network`→TRED, `tf_act`→TFactS,
//! `fantom_4`→FANTOM4, `oreganno`→ORegAnno, `int_act`→IntAct, `kegg`→KEGG,
//! `reviews`→Reviews. Using the same names lets the store treat a table the
//! same whether it came directly or through TFLink (DoRothEA's TRRUST and
//! TRED copies count as small-scale, its KEGG table does not). An unknown
//! directory is kept as it is, with the same suffix.
//!
//! **`mor`** (mode of regulation) is a signed number, `1`, `-1` or `0`
//! (TRRUST `Unknown` becomes `0`), and becomes the row's `weight`; `mode`
//! stays `None` so the row keeps DoRothEA's own statement. An empty `mor`
//! cell says nothing about the sign and gives no weight.
//!
//! **`pubmed_id`** is where the tables disagree most. Seen in the published
//! files:
//!
//! * one number, or a quoted comma list (`"17409198,18550526,21982894"`),
//!   in TFactS with spaces and a trailing comma (`"S8071,17226773, "`) and
//!   once a carriage return inside the quotes;
//! * IntAct writes each publication as `|`-joined identifiers of one paper,
//!   and lists papers with commas:
//!   `imex:IM-14110|pubmed:20478527,pubmed:23260764|imex:IM-18641`;
//! * words instead of ids: `reviews` (the whole `reviews` table), `N/A`
//!   (54 ORegAnno rows), and TFactS references `S7501`, `S3702`, `S2674`,
//!   `S8071` (three NR5A1 rows) that are not PubMed ids.
//!
//! * damaged numbers in TFactS: `0` (`"0,19276113"`), and four tokens of 16
//!   digits that are two PubMed ids with the comma lost
//!   (`1235163414966295` = 12351634 + 14966295).
//!
//! The rule: the cell is split on `,` and `|`; a token that is a number, or
//! `pubmed:` and a number, is a PubMed id; a token that starts with a
//! letter is an identifier of another kind (`imex:`, `mint:`, `S7501`) or a
//! word (`reviews`, `N/A`) and gives no PubMed id; anything else, such as
//! `123x`, is a damaged id and a field error, since a number with garbage in
//! it may be a wrong citation. Of the numbers, `0` and numbers too large for
//! a PubMed id (beyond `u32`) are left out: splitting run-together ids would
//! be a guess, and refusing them would make the whole TFactS table
//! unimportable. Each PMID is kept once per row.
//!
//! Genes are named by symbol only. The tables are human, so the organism is
//! `--organism`, else `human`/`mouse` in the file name, else human. A few
//! targets are not gene symbols (`TP73:DELTA`, `APOA4/APOC3`, `HLA-Cw*070x`,
//! `IGH@`); they are passed on as written and the store reports them.
//! No table states a release.

use std::path::Path;

use locus_model::{Fact, GeneRef, Pmid, RegulationEvidence, TaxId};

use crate::collectri::CsvLines;
use crate::records::{RecordReader, Records};
use crate::trrust::organism_from_name;
use crate::{IngestError, Result};

/// The expected header, for messages.
const HEADER_HELP: &str = "`tf,target` followed by `mor` and/or `pubmed_id`";

/// Streams one DoRothEA curated table, one [`Fact::Regulation`] per row.
pub type DorotheaReader = Records<DorotheaRecords>;

/// The parsing state behind [`DorotheaReader`].
pub struct DorotheaRecords {
    rows: CsvLines,
    tax_id: TaxId,
    /// `<Table>_via_DoRothEA`.
    database: String,
    /// Number of columns the header names.
    width: usize,
    mor: Option<usize>,
    pubmed_id: Option<usize>,
}

impl DorotheaReader {
    /// Opens `path` (plain or gzip), names its table after its directory
    /// and checks the header before anything is imported.
    pub fn open(path: &Path, organism: Option<TaxId>) -> Result<Self> {
        let tax_id = organism_from_name(path, organism, Some(TaxId::HUMAN), "DoRothEA")?;
        let database = format!("{}_via_DoRothEA", table_name(path)?);
        let mut rows = CsvLines::open(path)?;
        let header = rows.read_header(&format!(
            "empty file: not a DoRothEA curated table (no {HEADER_HELP} header)"
        ))?;
        let names: Vec<String> = header.iter().map(|c| c.trim().to_string()).collect();
        let (mut mor, mut pubmed_id) = (None, None);
        let mut known = names.len() >= 2 && names[0] == "tf" && names[1] == "target";
        for (i, name) in names.iter().enumerate().skip(2) {
            let slot = match name.as_str() {
                "mor" => &mut mor,
                "pubmed_id" => &mut pubmed_id,
                _ => {
                    known = false;
                    break;
                }
            };
            if slot.replace(i).is_some() {
                known = false;
            }
        }
        if !known {
            return Err(rows.line_error(format!(
                "not a DoRothEA curated table: expected the header {HEADER_HELP}, found `{}`",
                names.join(",")
            )));
        }
        Ok(Records::new(DorotheaRecords {
            rows,
            tax_id,
            database,
            width: names.len(),
            mor,
            pubmed_id,
        }))
    }
}

/// The name of a DoRothEA table's dataset: its directory and file name,
/// without `.gz` (`htri_db/network_with_pubmed.sif`).
///
/// Every curated table is called `network.sif` or `network_with_pubmed.sif`,
/// so the file name alone would give all nine tables the same dataset and
/// each import would replace the previous table (see
/// [`crate::dataset_key`]). The directory is taken from `path` as given; a
/// bare file name (no directory) gives the file name alone.
pub fn dataset_name(path: &Path) -> String {
    let base = crate::file_name_without_gz(path);
    match path.parent().and_then(Path::file_name) {
        Some(dir) => format!("{}/{base}", dir.to_string_lossy()),
        None => base,
    }
}

/// The database name of the table a file belongs to, from its directory.
fn table_name(path: &Path) -> Result<String> {
    let abs = std::path::absolute(path).map_err(|e| IngestError::io(path, e))?;
    let dir = abs
        .parent()
        .and_then(Path::file_name)
        .map(|d| d.to_string_lossy().into_owned())
        .ok_or_else(|| {
            IngestError::file(
                path,
                "cannot tell which DoRothEA table this is: keep the file in its `curated/<table>/` directory",
            )
        })?;
    Ok(match dir.as_str() {
        "htri_db" => "HTRI",
        "trrust" => "TRRUST",
        "tred_via_reg_network" => "TRED",
        "tf_act" => "TFactS",
        "fantom_4" => "FANTOM4",
        "oreganno" => "ORegAnno",
        "int_act" => "IntAct",
        "kegg" => "KEGG",
        "reviews" => "Reviews",
        other => other,
    }
    .to_string())
}

/// The tables state no release, so `release` keeps its default.
impl RecordReader for DorotheaRecords {
    fn next_record(&mut self) -> Result<Option<Fact>> {
        if !self.rows.advance()? {
            return Ok(None);
        }
        let rows = &self.rows;
        rows.expect_width(self.width)?;
        let record = rows.record();
        let cell = |i: usize| record.get(i).unwrap_or("");
        let tf = rows.non_empty("tf", cell(0))?;
        let target = rows.non_empty("target", cell(1))?;
        let weight = match self.mor.map(cell).map(str::trim) {
            None | Some("") => None,
            Some(m) => Some(rows.number("mor", m)?),
        };
        let pmids = match self.pubmed_id {
            Some(i) => parse_pmids(rows, cell(i))?,
            None => Vec::new(),
        };
        Ok(Some(Fact::Regulation(RegulationEvidence {
            tf: GeneRef::symbol(self.tax_id, tf),
            target: GeneRef::symbol(self.tax_id, target),
            databases: vec![self.database.clone()],
            methods: Vec::new(),
            pmids,
            mode: None,
            weight,
            small_scale: None,
            line: rows.line_no(),
        })))
    }
}

/// The PubMed ids of a `pubmed_id` cell, each once (rule in the module
/// documentation).
fn parse_pmids(rows: &CsvLines, cell: &str) -> Result<Vec<Pmid>> {
    let mut pmids = Vec::new();
    for token in cell
        .split([',', '|'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let number = match token.strip_prefix("pubmed:") {
            Some(n) => n,
            // Another identifier or a word: no PubMed id.
            None if token.starts_with(|c: char| c.is_ascii_alphabetic()) => continue,
            None => token,
        };
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            return Err(rows.field_error("pubmed_id", format!("not a PubMed id: {token:?}")));
        }
        // `0` is a placeholder, and a number too large for a PubMed id is
        // two ids run together: neither cites anything that can be named.
        match number.parse::<Pmid>() {
            Ok(pmid) if pmid > Pmid(0) && !pmids.contains(&pmid) => pmids.push(pmid),
            _ => {}
        }
    }
    Ok(pmids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn cut(table: &str, file: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/dorothea")
            .join(table)
            .join(file)
    }

    fn evidence(path: &Path) -> Vec<RegulationEvidence> {
        crate::test_support::regulations(DorotheaReader::open(path, None).unwrap())
    }

    fn pmids(ids: &[u32]) -> Vec<Pmid> {
        ids.iter().copied().map(Pmid).collect()
    }

    fn pmids_per_row(rows: &[RegulationEvidence]) -> Vec<Vec<Pmid>> {
        rows.iter().map(|r| r.pmids.clone()).collect()
    }

    #[test]
    fn trrust_table_with_mor_and_a_quoted_pmid_list() {
        let rows = evidence(&cut("trrust", "network_with_pubmed.sif"));
        assert_eq!(rows.len(), 4);
        let bach1 = &rows[2];
        assert_eq!(bach1.tf, GeneRef::symbol(TaxId::HUMAN, "BACH1"));
        assert_eq!(bach1.target, GeneRef::symbol(TaxId::HUMAN, "HMOX1"));
        assert_eq!(bach1.weight, Some(-1.0));
        assert_eq!(bach1.mode, None);
        assert_eq!(bach1.pmids, [17409198, 18550526, 21982894].map(Pmid));
        assert_eq!(bach1.databases, ["TRRUST_via_DoRothEA"]);
        assert_eq!(bach1.line, 4);
        // TRRUST `Unknown` is mor 0.
        assert_eq!((rows[0].weight, rows[0].line), (Some(0.0), 2));
    }

    #[test]
    fn int_act_keeps_only_the_pubmed_ids() {
        let rows = evidence(&cut("int_act", "network_with_pubmed.sif"));
        assert_eq!(rows[0].databases, ["IntAct_via_DoRothEA"]);
        assert_eq!(rows[0].weight, None, "no mor column");
        assert_eq!(
            pmids_per_row(&rows),
            [
                &[23518348][..],
                &[20478527, 23518348, 27728805],
                &[22056872],
                &[23714368],
            ]
            .map(pmids)
        );
    }

    #[test]
    fn tf_act_spaces_references_and_a_carriage_return() {
        let rows = evidence(&cut("tf_act", "network_with_pubmed.sif"));
        assert_eq!(rows[0].databases, ["TFactS_via_DoRothEA"]);
        assert_eq!(
            pmids_per_row(&rows),
            [
                &[18541154][..],
                &[11278846, 20506344],
                &[21532622],
                // `1235163414966295` is two ids run together.
                &[14966295, 16493026],
                // `0` is no id.
                &[19276113],
                // `S7501, S3702` are not PubMed ids.
                &[10677509],
                &[8026494],
                &[17226773],
                // `"14660579,12782598\r"`
                &[14660579, 12782598],
            ]
            .map(pmids)
        );
        assert_eq!(rows[8].line, 10);
    }

    #[test]
    fn words_give_no_pmid_and_tables_without_pmids() {
        let rows = evidence(&cut("oreganno", "network_with_pubmed.sif"));
        assert_eq!(rows[0].databases, ["ORegAnno_via_DoRothEA"]);
        assert!(rows[1].pmids.is_empty(), "N/A");
        assert_eq!(
            (rows[2].weight, rows[2].pmids.as_slice()),
            (Some(-1.0), &[Pmid(22951020)][..])
        );
        let rows = evidence(&cut("reviews", "network_with_pubmed.sif"));
        assert_eq!(rows[1].databases, ["Reviews_via_DoRothEA"]);
        assert_eq!(rows[1].target.symbol.as_deref(), Some("TP73:DELTA"));
        assert!(rows.iter().all(|r| r.pmids.is_empty()));
        let rows = evidence(&cut("kegg", "network.sif"));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].databases, ["KEGG_via_DoRothEA"]);
        assert_eq!((rows[1].weight, rows[1].pmids.len()), (None, 0));
    }

    #[test]
    fn table_names() {
        for (dir, db) in [
            ("htri_db", "HTRI"),
            ("tred_via_reg_network", "TRED"),
            ("fantom_4", "FANTOM4"),
            ("my_table", "my_table"),
        ] {
            assert_eq!(
                table_name(&Path::new("networks/curated").join(dir).join("network.sif")).unwrap(),
                db
            );
        }
    }

    #[test]
    fn dataset_names_keep_the_table_directory() {
        assert_eq!(
            dataset_name(Path::new("curated/htri_db/network_with_pubmed.sif")),
            "htri_db/network_with_pubmed.sif"
        );
        assert_eq!(
            dataset_name(Path::new("/data/curated/kegg/network.sif.gz")),
            "kegg/network.sif"
        );
        assert_eq!(dataset_name(Path::new("network.sif")), "network.sif");
    }

    /// Copies a real table into `dir/<table>/` with `extra` (hand-made) appended.
    fn with_extra(dir: &tempfile::TempDir, table: &str, file: &str, extra: &str) -> PathBuf {
        let d = dir.path().join(table);
        std::fs::create_dir_all(&d).unwrap();
        let p = d.join(file);
        let text = std::fs::read_to_string(cut(table, file)).unwrap();
        std::fs::write(&p, format!("{text}{extra}")).unwrap();
        p
    }

    fn first_error(p: &Path) -> String {
        DorotheaReader::open(p, None)
            .unwrap()
            .find_map(|f| f.err())
            .unwrap()
            .to_string()
    }

    #[test]
    fn damaged_cells_name_line_and_field() {
        let dir = tempfile::tempdir().unwrap();
        let p = with_extra(
            &dir,
            "trrust",
            "network_with_pubmed.sif",
            "BACH1,HMOX1,-1,\"17409198,123x\"\n",
        );
        assert_eq!(
            first_error(&p),
            format!(
                "{}:6: field `pubmed_id`: not a PubMed id: \"123x\"",
                p.display()
            )
        );
        let p = with_extra(
            &dir,
            "int_act",
            "network_with_pubmed.sif",
            "AR,KLK3,pubmed:17202144x|imex:IM-19808\n",
        );
        assert_eq!(
            first_error(&p),
            format!(
                "{}:6: field `pubmed_id`: not a PubMed id: \"pubmed:17202144x\"",
                p.display()
            )
        );
        let p = with_extra(
            &dir,
            "oreganno",
            "network_with_pubmed.sif",
            "CTCF,APP,up,N/A\n",
        );
        assert_eq!(
            first_error(&p),
            format!(
                "{}:5: field `mor`: not a finite number: \"up\"",
                p.display()
            )
        );
        let p = with_extra(&dir, "kegg", "network.sif", "AHR,CDKN1B,1\n");
        assert_eq!(
            first_error(&p),
            format!(
                "{}:4: expected 2 comma-separated columns, found 3",
                p.display()
            )
        );
    }

    #[test]
    fn other_headers_are_refused_at_open() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("trrust");
        std::fs::create_dir_all(&d).unwrap();
        let p = d.join("network.sif");
        std::fs::copy(
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/data/collectri/collectri.csv"
            ),
            &p,
        )
        .unwrap();
        let err = DorotheaReader::open(&p, None).err().unwrap().to_string();
        assert_eq!(
            err,
            format!(
                "{}:1: not a DoRothEA curated table: expected the header {HEADER_HELP}, found `source,target,weight`",
                p.display()
            )
        );
        std::fs::write(&p, "tf,target,pubmed_id,pubmed_id\n").unwrap();
        assert!(DorotheaReader::open(&p, None).is_err());
    }

    /// The nine published tables. Rows: `wc -l` minus the header; weights:
    /// `awk -F, 'NR>1{print $3}' | sort | uniq -c`; PMIDs: distinct numeric
    /// and `pubmed:` tokens in 1..2^32 per row after splitting on `,` and `|`
    /// (a short Python `csv` script).
    #[test]
    #[cfg_attr(
        not(locus_shared_data),
        ignore = "needs ../shared/data (set LOCUS_SHARED_DATA)"
    )]
    fn whole_published_tables() {
        // (directory, file, rows, PMIDs, weights +1 / 0 / -1)
        let tables = [
            ("fantom_4", "network_with_pubmed.sif", 531, 531, (0, 0, 0)),
            ("htri_db", "network_with_pubmed.sif", 2383, 2383, (0, 0, 0)),
            ("int_act", "network_with_pubmed.sif", 719, 800, (0, 0, 0)),
            ("kegg", "network.sif", 3958, 0, (0, 0, 0)),
            (
                "oreganno",
                "network_with_pubmed.sif",
                493,
                439,
                (366, 23, 104),
            ),
            ("reviews", "network_with_pubmed.sif", 247, 0, (0, 0, 0)),
            (
                "tf_act",
                "network_with_pubmed.sif",
                1410,
                1709,
                (1123, 0, 287),
            ),
            ("tred_via_reg_network", "network.sif", 6704, 0, (0, 0, 0)),
            (
                "trrust",
                "network_with_pubmed.sif",
                7146,
                8457,
                (2786, 3081, 1279),
            ),
        ];
        for (dir, file, n, pmids, (pos, zero, neg)) in tables {
            let rel = format!("regulation/dorothea/networks/curated/{dir}/{file}");
            let p = crate::test_support::shared_data(&rel);
            let rows = evidence(&p);
            assert_eq!(rows.len(), n, "{rel}");
            assert_eq!(
                rows.iter().map(|r| r.pmids.len()).sum::<usize>(),
                pmids,
                "{rel}"
            );
            let w = |x: f64| rows.iter().filter(|r| r.weight == Some(x)).count();
            assert_eq!((w(1.0), w(0.0), w(-1.0)), (pos, zero, neg), "{rel}");
            assert_eq!(rows.last().unwrap().line, n as u64 + 1, "{rel}");
        }
    }
}
