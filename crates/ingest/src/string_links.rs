//! STRING `protein.links.detailed` files
//! (`9606.protein.links.detailed.v12.0.txt.gz` from string-db.org).
//! [`StringLinksReader`] imports them, giving the knowledge graph scored
//! protein–protein associations: one [`Fact::Interaction`] per line.
//!
//! Ten columns separated by single spaces under a header:
//!
//! ```text
//! protein1 protein2 neighborhood fusion cooccurence coexpression experimental database textmining combined_score
//! 9606.ENSP00000000233 9606.ENSP00000356607 0 0 0 45 134 0 81 173
//! ```
//!
//! Proteins are STRING ids, `<taxon>.<protein>`; for the vertebrates the
//! protein part is an Ensembl protein id, passed on as the [`GeneRef`]'s
//! `ensembl` (without the taxon prefix), for the store to map to a gene
//! through the `Ensembl_protein` cross-references org.*.eg.db provides.
//! Every score is an integer from 0 to 1000 (STRING's probabilities ×
//! 1000); `cooccurence` keeps STRING's spelling.
//!
//! STRING publishes each pair in both directions (A–B and B–A); both lines
//! are passed on as written, since the file is the source's statement and
//! the store decides how to show a symmetric relation.
//!
//! Only the detailed format is read: `protein.links` (three columns) lacks
//! the evidence channels and `protein.links.full` has more columns in other
//! meanings, so any other header is refused at open, naming the expected
//! one. The file states no release beyond its name, so `release()` is `None`.

use std::path::Path;

use locus_model::{Fact, GeneRef, ProteinInteraction, StringScores, TaxId};

use crate::records::{RecordReader, Records};
use crate::{LineReader, Result};

/// The header of `protein.links.detailed`.
const HEADER: [&str; 10] = [
    "protein1",
    "protein2",
    "neighborhood",
    "fusion",
    "cooccurence",
    "coexpression",
    "experimental",
    "database",
    "textmining",
    "combined_score",
];

/// Streams a STRING `protein.links.detailed` file, one [`Fact::Interaction`] per line.
pub type StringLinksReader = Records<StringLinksRecords>;

/// The parsing state behind [`StringLinksReader`].
pub struct StringLinksRecords {
    lines: LineReader,
}

impl StringLinksReader {
    /// Opens `path` (plain or gzip) and checks the header before anything is imported.
    pub fn open(path: &Path) -> Result<Self> {
        let mut lines = LineReader::open(path)?;
        let expected = HEADER.join(" ");
        let header = lines.read_header(&format!(
            "empty file: not a STRING protein.links.detailed file (no `{expected}` header)"
        ))?;
        if !header.split_whitespace().eq(HEADER) {
            return Err(lines.line_error(format!(
                "not a STRING protein.links.detailed file: expected the header `{expected}`"
            )));
        }
        Ok(Records::new(StringLinksRecords { lines }))
    }
}

/// STRING files state no release inside, so `release` keeps its default.
impl RecordReader for StringLinksRecords {
    fn next_record(&mut self) -> Result<Option<Fact>> {
        if !self.lines.advance_non_blank()? {
            return Ok(None);
        }
        let lines = &self.lines;
        let cells = lines.whitespace_cells::<10>(lines.line(), "")?;
        let a = protein(lines, HEADER[0], cells[0])?;
        let b = protein(lines, HEADER[1], cells[1])?;
        let mut s = [0u16; 8];
        for (i, slot) in s.iter_mut().enumerate() {
            let (name, cell) = (HEADER[i + 2], cells[i + 2]);
            *slot = match cell.parse::<u16>() {
                Ok(v) if v <= 1000 => v,
                _ => {
                    return Err(lines.field_error(
                        name,
                        format!("expected a score from 0 to 1000, found {cell:?}"),
                    ))
                }
            };
        }
        let [neighborhood, fusion, cooccurence, coexpression, experimental, database, textmining, combined_score] =
            s;
        Ok(Some(Fact::Interaction(ProteinInteraction {
            a,
            b,
            scores: StringScores {
                neighborhood,
                fusion,
                cooccurence,
                coexpression,
                experimental,
                database,
                textmining,
                combined_score,
            },
            line: lines.line_no(),
        })))
    }
}

/// A STRING protein id `9606.ENSP00000000233` as a [`GeneRef`] of taxon
/// 9606 with Ensembl id `ENSP00000000233`.
fn protein(lines: &LineReader, field: &str, id: &str) -> Result<GeneRef> {
    let parsed = id
        .split_once('.')
        .and_then(|(tax, p)| Some((tax.parse::<TaxId>().ok()?, p)))
        .filter(|(_, p)| !p.is_empty());
    let Some((tax_id, protein)) = parsed else {
        return Err(lines.field_error(
            field,
            format!("expected a STRING protein id `<taxon>.<protein>`, found {id:?}"),
        ));
    };
    Ok(GeneRef {
        tax_id,
        ensembl: Some(protein.to_string()),
        ..GeneRef::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CUT: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/string/9606.protein.links.detailed.v12.0.txt"
    );

    fn links(path: &Path) -> Vec<ProteinInteraction> {
        crate::test_support::facts(StringLinksReader::open(path).unwrap(), |f| match f {
            Fact::Interaction(x) => Ok(x),
            other => Err(Box::new(other)),
        })
    }

    #[test]
    fn reads_ids_and_every_channel() {
        let links = links(Path::new(CUT));
        assert_eq!(links.len(), 6);
        let first = &links[0];
        assert_eq!(
            first.a,
            GeneRef {
                tax_id: TaxId::HUMAN,
                ensembl: Some("ENSP00000000233".into()),
                ..GeneRef::default()
            }
        );
        assert_eq!(first.b.ensembl.as_deref(), Some("ENSP00000356607"));
        assert_eq!(first.line, 2);
        assert_eq!(
            (
                first.scores.coexpression,
                first.scores.experimental,
                first.scores.textmining,
                first.scores.combined_score
            ),
            (45, 134, 81, 173)
        );
        // Line 26 of the published file: fusion evidence.
        assert_eq!(links[3].scores.fusion, 2);
        // Line 3243 of the published file: neighbourhood and database evidence.
        let last = &links[5];
        assert_eq!(
            last.scores,
            StringScores {
                neighborhood: 52,
                fusion: 0,
                cooccurence: 0,
                coexpression: 124,
                experimental: 67,
                database: 217,
                textmining: 237,
                combined_score: 452,
            }
        );
        assert_eq!(last.line, 7);
    }

    #[test]
    fn malformed_lines_name_line_and_field() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("links.txt");
        let text = std::fs::read_to_string(CUT).unwrap();
        // Hand-made malformed lines.
        for (extra, expected) in [
            (
                "9606.ENSP00000000233 9606.ENSP00000356607 0 0 0 45 134 0 81 1730\n",
                "field `combined_score`: expected a score from 0 to 1000, found \"1730\"",
            ),
            (
                "9606.ENSP00000000233 9606.ENSP00000356607 0 0 0 45 0.134 0 81 173\n",
                "field `experimental`: expected a score from 0 to 1000, found \"0.134\"",
            ),
            (
                "ENSP00000000233 9606.ENSP00000356607 0 0 0 45 134 0 81 173\n",
                "field `protein1`: expected a STRING protein id `<taxon>.<protein>`, found \"ENSP00000000233\"",
            ),
            (
                "9606.ENSP00000000233 9606.ENSP00000356607 173\n",
                "expected 10 space-separated columns, found 3",
            ),
        ] {
            std::fs::write(&p, format!("{text}{extra}")).unwrap();
            let err = StringLinksReader::open(&p)
                .unwrap()
                .find_map(|f| f.err())
                .unwrap()
                .to_string();
            assert_eq!(err, format!("{}:8: {expected}", p.display()));
        }
    }

    #[test]
    fn other_string_formats_are_refused_naming_the_header() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("9606.protein.links.v12.0.txt");
        // The plain `protein.links` layout: the first line of the cut, with
        // only its first two and last columns.
        std::fs::write(
            &p,
            "protein1 protein2 combined_score\n9606.ENSP00000000233 9606.ENSP00000356607 173\n",
        )
        .unwrap();
        let err = StringLinksReader::open(&p).err().unwrap().to_string();
        assert_eq!(
            err,
            format!(
                "{}:1: not a STRING protein.links.detailed file: expected the header `{}`",
                p.display(),
                HEADER.join(" ")
            )
        );
    }

    /// The published first 5,000 rows: `zcat | wc -l` gives 5,001 with the
    /// header; `awk 'NR>1 && $10>=700'` counts 115 high-confidence links and
    /// `awk 'NR>1 && $5>0'` 70 with co-occurrence evidence.
    #[test]
    #[cfg_attr(
        not(locus_shared_data),
        ignore = "needs ../shared/data (set LOCUS_SHARED_DATA)"
    )]
    fn whole_published_file() {
        let p = crate::test_support::shared_data(
            "interactions/9606.protein.links.detailed.v12.0.txt.gz",
        );
        let links = links(&p);
        assert_eq!(links.len(), 5000);
        assert_eq!(
            links
                .iter()
                .filter(|l| l.scores.combined_score >= 700)
                .count(),
            115
        );
        assert_eq!(
            links.iter().filter(|l| l.scores.cooccurence > 0).count(),
            70
        );
        assert!(links
            .iter()
            .all(|l| l.a.tax_id == TaxId::HUMAN && l.b.tax_id == TaxId::HUMAN));
        assert_eq!(links.last().unwrap().line, 5001);
    }
}
