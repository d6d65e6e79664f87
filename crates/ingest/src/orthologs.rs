//! Ensembl BioMart ortholog exports (CSV), e.g. human genes with their mouse
//! orthologs:
//!
//! ```text
//! Gene stable ID,Gene name,Mouse gene name,Mouse gene stable ID,Mouse homology type,"Mouse orthology confidence [0 low, 1 high]",Mouse Gene-order conservation score
//! ENSG00000156273,BACH1,Bach1,ENSMUSG00000025612,ortholog_one2one,1,100
//! ENSG00000210049,MT-TF,,,,,
//! ```
//!
//! [`OrthologReader`] imports them, so a gene can name its counterparts in
//! other species: one [`Fact::Ortholog`] per gene pair.
//!
//! **Columns are found by name.** BioMart writes the attributes in the
//! order the user ticked them, and one of the header cells is quoted
//! because it holds a comma, so the file is read with a CSV parser and each
//! column is looked up in the header. `Gene stable ID`, `<Species> gene
//! stable ID` and `<Species> homology type` are required; the names, the
//! confidence and the gene-order conservation score are optional, and
//! other attributes are ignored.
//!
//! **Species.** The other species is the `<Species>` of the header
//! (`Mouse`→10090, `Human`→9606, `Rat`→10116, `Zebrafish`→7955); a header
//! naming another species, or two, is refused at open. The file's own
//! species is not written anywhere but in its ids, so each row's is read
//! from its `Gene stable ID` prefix (`ENSG`→9606, `ENSMUSG`→10090,
//! `ENSRNOG`→10116, `ENSDARG`→7955): an unknown prefix is a field error
//! rather than a guess. The ortholog's id must carry the prefix of the
//! header's species, which catches a column mix-up.
//!
//! **Genes without an ortholog** are listed with the five ortholog cells
//! empty (51,442 of 77,802 rows of the human→mouse export). They produce no
//! fact and are not errors; a row with an empty ortholog id but other
//! ortholog cells filled is an error.
//!
//! Each side becomes a [`GeneRef`] with the Ensembl id and the symbol (an
//! empty name is `None`; 364 human and 547 mouse genes with orthologs have
//! none). Confidence is `0` or `1`, the gene-order conservation score a
//! number from 0 to 100; an empty cell is `None`. No release is stated.

use std::path::Path;

use locus_model::{Fact, GeneRef, OrthologPair, TaxId};

use crate::collectri::CsvLines;
use crate::records::{RecordReader, Records};
use crate::Result;

/// The species BioMart names in its ortholog attributes, with their taxa.
const SPECIES: [(&str, TaxId); 4] = [
    ("Human", TaxId::HUMAN),
    ("Mouse", TaxId::MOUSE),
    ("Rat", TaxId(10116)),
    ("Zebrafish", TaxId(7955)),
];
/// Ensembl gene stable id prefixes of those species.
const PREFIXES: [(&str, TaxId); 4] = [
    ("ENSG", TaxId::HUMAN),
    ("ENSMUSG", TaxId::MOUSE),
    ("ENSRNOG", TaxId(10116)),
    ("ENSDARG", TaxId(7955)),
];
const GENE_ID: &str = "Gene stable ID";
const GENE_NAME: &str = "Gene name";

/// Streams a BioMart ortholog export, one [`Fact::Ortholog`] per gene pair.
pub type OrthologReader = Records<OrthologRecords>;

/// Where each attribute is, and the names errors give them.
struct Columns {
    width: usize,
    gene_id: usize,
    gene_name: Option<usize>,
    other_id: (usize, String),
    other_name: Option<(usize, String)>,
    homology: (usize, String),
    confidence: Option<(usize, String)>,
    goc: Option<(usize, String)>,
}

/// The parsing state behind [`OrthologReader`].
pub struct OrthologRecords {
    rows: CsvLines,
    cols: Columns,
    other_tax: TaxId,
}

impl OrthologReader {
    /// Opens `path` (plain or gzip) and reads the species and the columns
    /// from the header before anything is imported.
    pub fn open(path: &Path) -> Result<Self> {
        let mut rows = CsvLines::open(path)?;
        let header: Vec<String> = rows
            .read_header("empty file: not an Ensembl BioMart ortholog export (no header)")?
            .iter()
            .map(|c| c.trim().to_string())
            .collect();
        let find = |name: &str| header.iter().position(|h| h == name);
        let species: Vec<&str> = header
            .iter()
            .filter_map(|h| h.strip_suffix(" gene stable ID"))
            .collect();
        let (Some(gene_id), [species]) = (find(GENE_ID), species.as_slice()) else {
            return Err(rows.line_error(format!(
                "not an Ensembl BioMart ortholog export: expected `{GENE_ID}` and one `<Species> gene stable ID` column, found `{}`",
                header.join(",")
            )));
        };
        let species = species.to_string();
        let Some(&(_, other_tax)) = SPECIES.iter().find(|(s, _)| *s == species) else {
            return Err(rows.line_error(format!(
                "ortholog species {species:?} is not one Locus knows (Human, Mouse, Rat, Zebrafish)"
            )));
        };
        let named = |suffix: &str| {
            let name = format!("{species} {suffix}");
            find(&name).map(|i| (i, name))
        };
        let (Some(other_id), Some(homology)) = (named("gene stable ID"), named("homology type"))
        else {
            return Err(rows.line_error(format!(
                "not an Ensembl BioMart ortholog export: no `{species} homology type` column"
            )));
        };
        let cols = Columns {
            width: header.len(),
            gene_id,
            gene_name: find(GENE_NAME),
            other_id,
            other_name: named("gene name"),
            homology,
            confidence: named("orthology confidence [0 low, 1 high]"),
            goc: named("Gene-order conservation score"),
        };
        Ok(Records::new(OrthologRecords {
            rows,
            cols,
            other_tax,
        }))
    }
}

/// BioMart exports state no Ensembl release, so `release` keeps its default.
impl RecordReader for OrthologRecords {
    fn next_record(&mut self) -> Result<Option<Fact>> {
        while self.rows.advance()? {
            if let Some(pair) = self.pair()? {
                return Ok(Some(Fact::Ortholog(pair)));
            }
        }
        Ok(None)
    }
}

impl OrthologRecords {
    /// The pair on the current row, `None` for a gene without an ortholog.
    fn pair(&self) -> Result<Option<OrthologPair>> {
        let rows = &self.rows;
        let c = &self.cols;
        rows.expect_width(c.width)?;
        let record = rows.record();
        let cell = |i: usize| record.get(i).unwrap_or("").trim();
        let opt = |col: &Option<(usize, String)>| col.as_ref().map_or("", |(i, _)| cell(*i));

        let other_id = cell(c.other_id.0);
        if other_id.is_empty() {
            let others = [
                c.other_name.as_ref(),
                Some(&c.homology),
                c.confidence.as_ref(),
                c.goc.as_ref(),
            ];
            return match others
                .into_iter()
                .flatten()
                .find(|(i, _)| !cell(*i).is_empty())
            {
                None => Ok(None),
                Some((_, name)) => {
                    Err(rows.field_error(&c.other_id.1, format!("empty, but `{name}` is filled")))
                }
            };
        }
        let gene_id = cell(c.gene_id);
        let gene_tax = species_of(gene_id).ok_or_else(|| {
            rows.field_error(
                GENE_ID,
                format!("{gene_id:?} is not an Ensembl gene stable id of a known species (ENSG…, ENSMUSG…, ENSRNOG…, ENSDARG…)"),
            )
        })?;
        if species_of(other_id) != Some(self.other_tax) {
            return Err(rows.field_error(
                &c.other_id.1,
                format!(
                    "{other_id:?} is not an Ensembl gene stable id of taxon {}",
                    self.other_tax
                ),
            ));
        }
        let homology_type = cell(c.homology.0);
        if homology_type.is_empty() {
            return Err(rows.field_error(&c.homology.1, "empty for a gene pair"));
        }
        let confidence = match opt(&c.confidence) {
            "" => None,
            "0" => Some(0),
            "1" => Some(1),
            other => {
                return Err(rows.field_error(
                    c.confidence.as_ref().map_or("", |(_, n)| n.as_str()),
                    format!("expected 0 or 1, found {other:?}"),
                ))
            }
        };
        let goc_score = match opt(&c.goc) {
            "" => None,
            s => {
                let name = c.goc.as_ref().map_or("", |(_, n)| n.as_str());
                let v = rows.number(name, s)?;
                if !(0.0..=100.0).contains(&v) {
                    return Err(rows.field_error(name, format!("{s:?} is not between 0 and 100")));
                }
                Some(v)
            }
        };
        let gene_ref = |tax_id: TaxId, id: &str, name: &str| GeneRef {
            tax_id,
            ensembl: Some(id.to_string()),
            symbol: (!name.is_empty()).then(|| name.to_string()),
            ..GeneRef::default()
        };
        Ok(Some(OrthologPair {
            gene: gene_ref(gene_tax, gene_id, c.gene_name.map_or("", cell)),
            ortholog: gene_ref(self.other_tax, other_id, opt(&c.other_name)),
            homology_type: homology_type.to_string(),
            confidence,
            goc_score,
            line: rows.line_no(),
        }))
    }
}

/// The taxon of an Ensembl gene stable id (`ENSMUSG00000025612` → 10090):
/// a known prefix followed by digits only (a versioned id is not accepted).
pub(crate) fn species_of(id: &str) -> Option<TaxId> {
    let digits = id.trim_start_matches(|c: char| c.is_ascii_uppercase());
    let prefix = &id[..id.len() - digits.len()];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    PREFIXES.iter().find(|(p, _)| *p == prefix).map(|&(_, t)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HUMAN_CUT: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/orthologs/human_to_mouse.csv"
    );
    const MOUSE_CUT: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/orthologs/mouse_to_human.csv"
    );

    fn pairs(path: &Path) -> Vec<OrthologPair> {
        crate::test_support::facts(OrthologReader::open(path).unwrap(), |f| match f {
            Fact::Ortholog(x) => Ok(x),
            other => Err(Box::new(other)),
        })
    }

    #[test]
    fn human_to_mouse_pairs_skip_genes_without_orthologs() {
        let pairs = pairs(Path::new(HUMAN_CUT));
        // 9 data rows, 2 of them (MT-TF, MT-RNR1) without a mouse ortholog.
        assert_eq!(pairs.len(), 7);
        let bach1 = &pairs[5];
        assert_eq!(
            bach1.gene,
            GeneRef {
                tax_id: TaxId::HUMAN,
                ensembl: Some("ENSG00000156273".into()),
                symbol: Some("BACH1".into()),
                ..GeneRef::default()
            }
        );
        assert_eq!(
            bach1.ortholog,
            GeneRef {
                tax_id: TaxId::MOUSE,
                ensembl: Some("ENSMUSG00000025612".into()),
                symbol: Some("Bach1".into()),
                ..GeneRef::default()
            }
        );
        assert_eq!(bach1.homology_type, "ortholog_one2one");
        assert_eq!((bach1.confidence, bach1.goc_score), (Some(1), Some(100.0)));
        assert_eq!(bach1.line, 9);
        let u1 = &pairs[0];
        assert_eq!(u1.line, 4);
        assert_eq!(
            (u1.confidence, u1.goc_score),
            (Some(0), None),
            "empty GOC cell"
        );
        assert_eq!(pairs[1].gene.symbol, None, "empty Gene name");
        assert_eq!(pairs[2].homology_type, "ortholog_many2many");
        assert_eq!(pairs[4].ortholog.symbol, None, "empty Mouse gene name");
    }

    #[test]
    fn mouse_to_human_reads_the_species_from_header_and_ids() {
        let pairs = pairs(Path::new(MOUSE_CUT));
        assert_eq!(pairs.len(), 3);
        assert!(pairs
            .iter()
            .all(|p| p.gene.tax_id == TaxId::MOUSE && p.ortholog.tax_id == TaxId::HUMAN));
        assert_eq!(pairs[0].gene.symbol, None);
        assert_eq!(pairs[0].ortholog.symbol.as_deref(), Some("PRAMEF7"));
        assert_eq!(pairs[1].gene.ensembl.as_deref(), Some("ENSMUSG00000025612"));
        assert_eq!(pairs[1].ortholog.symbol.as_deref(), Some("BACH1"));
        assert_eq!(pairs[2].line, 5);
    }

    #[test]
    fn species_from_stable_ids() {
        assert_eq!(species_of("ENSG00000156273"), Some(TaxId::HUMAN));
        assert_eq!(species_of("ENSMUSG00002075637"), Some(TaxId::MOUSE));
        assert_eq!(species_of("ENSRNOG00000001234"), Some(TaxId(10116)));
        assert_eq!(species_of("ENSDARG00000001234"), Some(TaxId(7955)));
        assert_eq!(species_of("ENSG00000156273.17"), None);
        assert_eq!(species_of("ENSP00000000233"), None);
        assert_eq!(species_of("ENSG"), None);
    }

    fn first_error(text: &str) -> (std::path::PathBuf, String, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("orthologs.csv");
        std::fs::write(&p, text).unwrap();
        let err = OrthologReader::open(&p)
            .unwrap()
            .find_map(|f| f.err())
            .unwrap()
            .to_string();
        (p, err, dir)
    }

    #[test]
    fn malformed_rows_name_line_and_field() {
        let cut = std::fs::read_to_string(HUMAN_CUT).unwrap();
        // Hand-made malformed lines.
        for (extra, expected) in [
            (
                "ENSG00000156273,BACH1,Bach1,ENSMUSG00000025612,ortholog_one2one,high,100\n",
                "field `Mouse orthology confidence [0 low, 1 high]`: expected 0 or 1, found \"high\"",
            ),
            (
                "ENSG00000156273,BACH1,Bach1,ENSMUSG00000025612,ortholog_one2one,1,250\n",
                "field `Mouse Gene-order conservation score`: \"250\" is not between 0 and 100",
            ),
            (
                "ENSG00000156273,BACH1,Bach1,ENSG00000100292,ortholog_one2one,1,100\n",
                "field `Mouse gene stable ID`: \"ENSG00000100292\" is not an Ensembl gene stable id of taxon 10090",
            ),
            (
                "BACH1,ENSG00000156273,Bach1,ENSMUSG00000025612,ortholog_one2one,1,100\n",
                "field `Gene stable ID`: \"BACH1\" is not an Ensembl gene stable id of a known species (ENSG…, ENSMUSG…, ENSRNOG…, ENSDARG…)",
            ),
            (
                "ENSG00000156273,BACH1,Bach1,,ortholog_one2one,1,100\n",
                "field `Mouse gene stable ID`: empty, but `Mouse gene name` is filled",
            ),
            (
                "ENSG00000156273,BACH1,Bach1,ENSMUSG00000025612,ortholog_one2one,1\n",
                "expected 7 comma-separated columns, found 6",
            ),
        ] {
            let (p, err, _dir) = first_error(&format!("{cut}{extra}"));
            assert_eq!(err, format!("{}:11: {expected}", p.display()));
        }
    }

    #[test]
    fn other_headers_are_refused_at_open() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.csv");
        std::fs::copy(
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/data/collectri/collectri.csv"
            ),
            &p,
        )
        .unwrap();
        let err = OrthologReader::open(&p).err().unwrap().to_string();
        assert!(
            err.starts_with(&format!(
                "{}:1: not an Ensembl BioMart ortholog export",
                p.display()
            )),
            "{err}"
        );
        let header = std::fs::read_to_string(HUMAN_CUT)
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .replace("Mouse", "Chicken");
        std::fs::write(&p, header).unwrap();
        let err = OrthologReader::open(&p).err().unwrap().to_string();
        assert!(
            err.contains("ortholog species \"Chicken\" is not one Locus knows"),
            "{err}"
        );
    }

    /// The published exports, gzip as stored. Pairs counted with
    /// `zcat F | awk -F, 'NR>1 && $4!=""' | wc -l` (only the header has
    /// quotes); confidence with `… {c[$6]++}`, GOC with `$7!=""`.
    #[test]
    #[cfg_attr(
        not(locus_shared_data),
        ignore = "needs ../shared/data (set LOCUS_SHARED_DATA)"
    )]
    fn whole_published_exports() {
        for (rel, own, other, last_line) in [
            (
                "orthologs/human_to_mouse.csv.gz",
                TaxId::HUMAN,
                TaxId::MOUSE,
                77_795,
            ),
            (
                "orthologs/mouse_to_human.csv.gz",
                TaxId::MOUSE,
                TaxId::HUMAN,
                63_037,
            ),
        ] {
            let p = crate::test_support::shared_data(rel);
            let pairs = pairs(&p);
            assert_eq!(pairs.len(), 26_360, "{rel}");
            assert!(pairs
                .iter()
                .all(|p| p.gene.tax_id == own && p.ortholog.tax_id == other));
            let conf = |c| pairs.iter().filter(|p| p.confidence == Some(c)).count();
            assert_eq!((conf(1), conf(0)), (17_613, 8_747), "{rel}");
            assert_eq!(
                pairs.iter().filter(|p| p.goc_score.is_some()).count(),
                23_241
            );
            assert_eq!(pairs.last().unwrap().line, last_line, "{rel}");
        }
    }
}
