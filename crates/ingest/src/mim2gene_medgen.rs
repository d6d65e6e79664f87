//! NCBI Gene's `mim2gene_medgen` (`ftp.ncbi.nlm.nih.gov/gene/DATA/`): how
//! OMIM entries relate to NCBI genes and to MedGen concepts.
//! [`Mim2geneMedgenReader`] takes from it the statements that a human gene
//! is associated with an OMIM phenotype, one [`Fact::GeneDisease`] each.
//!
//! Six tab-separated columns under a `#` header, `-` for a missing value:
//!
//! ```text
//! #MIM number  GeneID  type       Source                 MedGenCUI  Comment
//! 100100       1131    phenotype   GeneMap               C0033770   -
//! 100640       216     gene        -                     -          -
//! 103780       125     phenotype   GeneMap               C0001973   susceptibility
//! ```
//!
//! Only rows of type `phenotype` with a GeneID become associations, with
//! the disease `OMIM:<MIM number>` and the association `phenotype`. Skipped:
//!
//! - rows of type `gene`: their MIM number is the OMIM entry *of the gene
//!   itself* (602751 is BACH1), an identifier for the gene, not a disease
//!   it is associated with;
//! - `phenotype` rows whose GeneID is `-`: OMIM phenotypes with no known
//!   gene (3,323 of 10,950 in the copy at hand), which associate nothing.
//!
//! `Source` says where NCBI has the link from (`GeneMap`, `GeneReviews`,
//! `NCBI curation`, `OMIM`, `GeneTests`, several joined by `; `); NCBI
//! writes it with a leading space, which is trimmed. The same gene and
//! phenotype can appear twice with different sources (175100 and GeneID
//! 324), and both rows are kept, as the file states them.
//!
//! `Comment` carries OMIM's qualifiers of the phenotype–gene link, the
//! meaning OMIM gives its brackets in the gene map: `question` (a
//! provisional link, OMIM's `?`), `susceptibility` (a susceptibility or
//! multifactorial trait, `{}`), `nondisease` (a variant that is not a
//! disease, `[]`), `somatic`, `modifier`, `QTL 1`/`QTL 2`, alone or joined
//! by `; ` (`susceptibility; somatic`, `nondisease; QTL 2`). Since they
//! qualify the association, the comment goes into
//! [`GeneDisease::status`] as written; `-` is `None`.
//!
//! `MedGenCUI` (the MedGen concept, a UMLS CUI such as `C0001973`) has no
//! place in a gene–disease association and is not kept. The file states
//! no release, so `release()` is `None`.

use std::path::Path;

use locus_model::{Fact, GeneDisease, GeneId, GeneRef, Ontology, TaxId, TermId};

use crate::records::{RecordReader, Records};
use crate::{LineReader, Result};

/// The header NCBI writes, in order.
const HEADER: [&str; 6] = [
    "#MIM number",
    "GeneID",
    "type",
    "Source",
    "MedGenCUI",
    "Comment",
];

/// Streams the gene–phenotype associations of a `mim2gene_medgen` file,
/// one [`Fact::GeneDisease`] per `phenotype` row with a gene.
pub type Mim2geneMedgenReader = Records<Mim2geneMedgenRecords>;

/// The parsing state behind [`Mim2geneMedgenReader`].
pub struct Mim2geneMedgenRecords {
    lines: LineReader,
}

impl Mim2geneMedgenReader {
    /// Opens `path` (plain or gzip) and checks the header before anything
    /// is imported.
    pub fn open(path: &Path) -> Result<Self> {
        let expected = HEADER.join("<TAB>");
        let mut lines = LineReader::open(path)?;
        let header = lines.read_header(&format!(
            "empty file: not a mim2gene_medgen file (no `{expected}` header)"
        ))?;
        if !header.trim_end().split('\t').eq(HEADER) {
            return Err(lines.line_error(format!(
                "not a mim2gene_medgen file: expected the header `{expected}`"
            )));
        }
        Ok(Records::new(Mim2geneMedgenRecords { lines }))
    }
}

/// `mim2gene_medgen` states no release, so `release` keeps its default.
impl RecordReader for Mim2geneMedgenRecords {
    fn next_record(&mut self) -> Result<Option<Fact>> {
        while self.lines.advance_non_blank()? {
            if let Some(association) = parse_row(&self.lines, self.lines.line())? {
                return Ok(Some(Fact::GeneDisease(association)));
            }
        }
        Ok(None)
    }
}

/// A cell's value, `None` for NCBI's `-` (or an empty cell).
fn present(cell: &str) -> Option<&str> {
    match cell.trim() {
        "" | "-" => None,
        v => Some(v),
    }
}

/// One row: an association, or `None` for a row that states none (see the
/// module documentation).
fn parse_row(lines: &LineReader, line: &str) -> Result<Option<GeneDisease>> {
    let [mim, gene_id, kind, source, _medgen_cui, comment] = lines.tab_cells(line)?;
    let mim: u32 = mim
        .trim()
        .parse()
        .map_err(|_| lines.field_error("#MIM number", format!("not a MIM number: {mim:?}")))?;
    match kind.trim() {
        "gene" => return Ok(None),
        "phenotype" => {}
        other => {
            return Err(lines.field_error(
                "type",
                format!("expected `gene` or `phenotype`, found {other:?}"),
            ))
        }
    }
    let Some(gene_id) = present(gene_id) else {
        return Ok(None);
    };
    let gene_id: GeneId = gene_id
        .parse()
        .map_err(|_| lines.field_error("GeneID", format!("not an NCBI GeneID: {gene_id:?}")))?;
    Ok(Some(GeneDisease {
        gene: GeneRef::gene_id(TaxId::HUMAN, gene_id),
        line: lines.line_no(),
        disease: TermId {
            ontology: Ontology::Omim,
            local: mim,
        },
        disease_name: None,
        association: "phenotype".to_string(),
        status: present(comment).map(str::to_string),
        source: present(source).map(str::to_string),
        pmids: Vec::new(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FactSource;

    /// `tests/data/mim2gene_medgen/mim2gene_medgen.cut` (see the README
    /// there for the lines).
    const CUT: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/mim2gene_medgen/mim2gene_medgen.cut"
    );

    fn associations(path: &Path) -> Result<Vec<GeneDisease>> {
        Mim2geneMedgenReader::open(path)?
            .map(|f| match f? {
                Fact::GeneDisease(g) => Ok(g),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn phenotype_rows_with_a_gene_are_associations() {
        let reader = Mim2geneMedgenReader::open(Path::new(CUT)).unwrap();
        assert_eq!(reader.release(), None);
        let rows = associations(Path::new(CUT)).unwrap();
        /// GeneID, disease, source, comment (status) and line.
        type Row<'a> = (u64, String, Option<&'a str>, Option<&'a str>, u64);
        let summary: Vec<Row> = rows
            .iter()
            .map(|r| {
                assert_eq!(r.gene.tax_id, TaxId::HUMAN);
                assert_eq!(r.association, "phenotype");
                assert!(r.disease_name.is_none() && r.pmids.is_empty());
                assert!(r.gene.symbol.is_none());
                (
                    r.gene.gene_ids[0].get(),
                    r.disease.to_string(),
                    r.source.as_deref(),
                    r.status.as_deref(),
                    r.line,
                )
            })
            .collect();
        // Lines 2, 3, 5, 7 (no GeneID) and 8, 9, 17 (type `gene`, 17 being
        // BACH1's own entry) are skipped.
        assert_eq!(
            summary,
            [
                (1131, "OMIM:100100".into(), Some("GeneMap"), None, 4),
                (57514, "OMIM:100300".into(), Some("GeneMap"), None, 6),
                (
                    2261,
                    "OMIM:100800".into(),
                    Some("GeneMap; GeneReviews"),
                    None,
                    10
                ),
                (
                    83893,
                    "OMIM:102530".into(),
                    Some("GeneMap"),
                    Some("question"),
                    11
                ),
                (
                    125,
                    "OMIM:103780".into(),
                    Some("GeneMap"),
                    Some("susceptibility"),
                    12
                ),
                (
                    3417,
                    "OMIM:137800".into(),
                    Some("GeneMap"),
                    Some("susceptibility; somatic"),
                    13
                ),
                (
                    9429,
                    "OMIM:138900".into(),
                    Some("GeneMap"),
                    Some("nondisease; QTL 2"),
                    14
                ),
                (
                    324,
                    "OMIM:175100".into(),
                    Some("GeneMap; GeneReviews"),
                    None,
                    15
                ),
                (324, "OMIM:175100".into(), Some("GeneReviews"), None, 16),
            ]
        );
    }

    #[test]
    fn bad_input_is_named() {
        let text = std::fs::read_to_string(CUT).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mim2gene_medgen");
        // One hand-made malformed line: a GeneID that is a symbol.
        std::fs::write(
            &path,
            text.replacen("100100\t1131\t", "100100\tCHRNA1\t", 1),
        )
        .unwrap();
        let e = associations(&path).unwrap_err().to_string();
        assert_eq!(
            e,
            format!(
                "{}:4: field `GeneID`: not an NCBI GeneID: \"CHRNA1\"",
                path.display()
            )
        );
        std::fs::write(&path, text.replacen("\tgene\t", "\tmoved/removed\t", 1)).unwrap();
        let e = associations(&path).unwrap_err().to_string();
        assert!(
            e.ends_with(
                ":8: field `type`: expected `gene` or `phenotype`, found \"moved/removed\""
            ),
            "{e}"
        );
        std::fs::write(&path, text.replacen("MedGenCUI", "MedGen", 1)).unwrap();
        let e = Mim2geneMedgenReader::open(&path).err().unwrap().to_string();
        assert!(
            e.ends_with(
                ":1: not a mim2gene_medgen file: expected the header \
                 `#MIM number<TAB>GeneID<TAB>type<TAB>Source<TAB>MedGenCUI<TAB>Comment`"
            ),
            "{e}"
        );
    }

    /// Counts from
    /// `awk -F'\t' 'NR>1 && $3=="phenotype" && $2!="-"{n++; g[$2]; if($6!="-") s++} $2==571{print $3} $2==64170{print $1, $4} END{print n, length(g), s}' mim2gene_medgen`
    /// (7627 associations of 5098 genes, 1330 with a comment; BACH1, 571,
    /// only as `gene`; CARD9, 64170, with 212050 from ` GeneMap`).
    #[test]
    #[cfg_attr(
        not(locus_shared_data),
        ignore = "needs ../shared/data (set LOCUS_SHARED_DATA)"
    )]
    fn the_whole_file() {
        let path = crate::test_support::shared_data("ncbi_gene/mim2gene_medgen");
        let rows = associations(&path).unwrap();
        let genes: std::collections::HashSet<GeneId> =
            rows.iter().map(|r| r.gene.gene_ids[0]).collect();
        let commented = rows.iter().filter(|r| r.status.is_some()).count();
        assert_eq!((rows.len(), genes.len(), commented), (7_627, 5_098, 1_330));
        assert!(rows.iter().all(|r| r.source.is_some()));
        assert!(!genes.contains(&GeneId(571)), "BACH1 is only a `gene` row");
        let card9: Vec<(String, Option<&str>)> = rows
            .iter()
            .filter(|r| r.gene.gene_ids == [GeneId(64170)])
            .map(|r| (r.disease.to_string(), r.source.as_deref()))
            .collect();
        assert_eq!(card9, [("OMIM:212050".to_string(), Some("GeneMap"))]);
    }
}
