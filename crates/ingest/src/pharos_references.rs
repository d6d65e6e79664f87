//! The "Text Mined References" table of a Pharos target page, as
//! transcribed for Locus: three tab-separated columns, `PMID`, `Year`,
//! `Title`. [`PharosReferenceReader`] yields one [`Fact::Publication`] per
//! row carrying what the table states (title and year; no authors,
//! journal or abstract), so a paper that PubMed XML has not been imported
//! for still has a title wherever it is cited or listed.
//!
//! The table belongs to one gene's page, but it says nothing about how
//! each paper relates to the gene (the links are JensenLab text mining),
//! so no gene→PubMed link is made from it: the PubMed count keeps its
//! definition (NCBI's and org.Hs.eg.db's links). Where a PubMed XML
//! record of the same PMID is imported, the store prefers it.

use std::path::Path;

use locus_model::{Fact, Pmid, Publication};

use crate::records::{RecordReader, Records};
use crate::{LineReader, Result};

/// The table's header.
const HEADER: [&str; 3] = ["PMID", "Year", "Title"];

/// Streams the references of a Pharos table.
pub type PharosReferenceReader = Records<PharosReferenceRecords>;

/// The parsing state behind [`PharosReferenceReader`].
pub struct PharosReferenceRecords {
    lines: LineReader,
}

impl PharosReferenceReader {
    /// Opens `path` (plain or gzip) and checks its header.
    pub fn open(path: &Path) -> Result<Self> {
        let mut lines = LineReader::open(path)?;
        let header = lines.read_header("empty file: no Pharos references header")?;
        if !header.trim_end().split('\t').eq(HEADER) {
            return Err(lines.line_error(
                "unrecognised header; expected the Pharos references table \
                 (`PMID`, `Year`, `Title`), tab-separated",
            ));
        }
        Ok(Records::new(PharosReferenceRecords { lines }))
    }
}

impl RecordReader for PharosReferenceRecords {
    fn next_record(&mut self) -> Result<Option<Fact>> {
        if !self.lines.advance_non_blank()? {
            return Ok(None);
        }
        let lines = &self.lines;
        let [pmid, year, title] = lines.tab_cells(lines.line())?;
        let pmid = pmid
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|p| *p > 0)
            .map(Pmid)
            .ok_or_else(|| lines.field_error(HEADER[0], format!("not a PubMed id: {pmid:?}")))?;
        let year = match year.trim() {
            "" => None,
            y => Some(
                y.parse::<i32>()
                    .ok()
                    .filter(|y| (1800..=2200).contains(y))
                    .ok_or_else(|| lines.field_error(HEADER[1], format!("not a year: {y:?}")))?,
            ),
        };
        let title = title.trim();
        if title.is_empty() {
            return Err(lines.field_error(HEADER[2], "empty title"));
        }
        Ok(Some(Fact::Publication(Publication {
            pmid,
            title: title.to_string(),
            journal: None,
            year,
            authors: Vec::new(),
            abstract_text: None,
            mesh: Vec::new(),
            doi: None,
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
        PharosReferenceReader::open(f.path())?.collect()
    }

    /// The first rows of `literature/pharos_bach1/BACH1_references.tsv`.
    #[test]
    fn rows_become_citations_with_title_and_year() {
        let facts = read(
            "PMID\tYear\tTitle\n\
             26496610\t2015\tA human interactome in three quantitative dimensions organized by stoichiometries and abundances.\n\
             26445536\t2015\tGold nanoparticles induce heme oxygenase-1 expression through Nrf2 activation and Bach1 export in human vascular endothelial cells.\n",
        )
        .expect("reads");
        assert_eq!(facts.len(), 2);
        let Fact::Publication(p) = &facts[1] else {
            panic!("{facts:?}");
        };
        assert_eq!(p.pmid, Pmid(26445536));
        assert_eq!(p.year, Some(2015));
        assert!(p
            .title
            .starts_with("Gold nanoparticles induce heme oxygenase-1"));
        assert!(p.authors.is_empty() && p.journal.is_none());
    }

    #[test]
    fn bad_rows_name_line_and_field() {
        let e = read("PMID\tYear\tTitle\n1\t2015\tA.\nx12\t2015\tB.\n").unwrap_err();
        assert!(
            e.to_string().contains(":3: field `PMID`: not a PubMed id"),
            "{e}"
        );
        let e = read("PMID\tYear\tTitle\n1\t15\tA.\n").unwrap_err();
        assert!(e.to_string().contains(":2: field `Year`"), "{e}");
        let e = read("PMID\tYear\tTitle\n1\t2015\t \n").unwrap_err();
        assert!(e.to_string().contains("empty title"), "{e}");
        let e = read("GeneID\tPubMed ID\tGeneRIF text\n").unwrap_err();
        assert!(e.to_string().contains("unrecognised header"), "{e}");
        let e = read("PMID\tYear\tTitle\n1\t2015\n").unwrap_err();
        assert!(e.to_string().contains(":2:"), "{e}");
    }

    #[test]
    #[cfg_attr(
        not(locus_shared_data),
        ignore = "needs ../shared/data (set LOCUS_SHARED_DATA)"
    )]
    fn the_whole_bach1_table() {
        let facts: Vec<Fact> = PharosReferenceReader::open(&crate::test_support::shared_data(
            "literature/pharos_bach1/BACH1_references.tsv",
        ))
        .expect("open")
        .collect::<Result<_>>()
        .expect("reads");
        assert_eq!(facts.len(), 68);
    }
}
