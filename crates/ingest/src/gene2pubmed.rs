//! NCBI Gene `gene2pubmed` (`ftp.ncbi.nlm.nih.gov/gene/DATA/gene2pubmed.gz`).
//! [`Gene2PubmedReader`] imports it, so a gene can list the articles NCBI
//! links to it: one [`Fact::GenePubmed`] per line.
//!
//! Three tab-separated integer columns under the header
//! `#tax_id<TAB>GeneID<TAB>PubMed_ID`, one gene→article link per line. The
//! file is large (tens of millions of lines) and says nothing about its
//! release, so it is streamed line by line and `release()` is `None`.
//!
//! The header is checked exactly: `gene_info` also starts with `#tax_id`,
//! and importing it as links would otherwise fail only on its first row.

use std::path::Path;

use locus_model::{Fact, GeneId, GenePubmed, Pmid, TaxId};

use crate::records::{RecordReader, Records};
use crate::{LineReader, Result};

/// The header columns NCBI writes, in order.
const HEADER: [&str; 3] = ["#tax_id", "GeneID", "PubMed_ID"];

/// Streams the links of a `gene2pubmed` file, one [`Fact::GenePubmed`] per line.
pub type Gene2PubmedReader = Records<Gene2PubmedRecords>;

/// The parsing state behind [`Gene2PubmedReader`].
pub struct Gene2PubmedRecords {
    lines: LineReader,
}

impl Gene2PubmedReader {
    /// Opens `path` (plain or gzip) and checks the header before anything is imported.
    pub fn open(path: &Path) -> Result<Self> {
        let mut lines = LineReader::open(path)?;
        let header = lines.read_header(
            "empty file: not a gene2pubmed file (no `#tax_id<TAB>GeneID<TAB>PubMed_ID` header)",
        )?;
        if !header.trim_end().split('\t').eq(HEADER) {
            return Err(lines.line_error(
                "not a gene2pubmed file: expected the header `#tax_id<TAB>GeneID<TAB>PubMed_ID`",
            ));
        }
        Ok(Records::new(Gene2PubmedRecords { lines }))
    }
}

/// `gene2pubmed` states no release or date, so `release` keeps its default.
impl RecordReader for Gene2PubmedRecords {
    fn next_record(&mut self) -> Result<Option<Fact>> {
        if !self.lines.advance_non_blank()? {
            return Ok(None);
        }
        let link = parse_link(&self.lines, self.lines.line())?;
        Ok(Some(Fact::GenePubmed(link)))
    }
}

fn parse_link(lines: &LineReader, line: &str) -> Result<GenePubmed> {
    let [tax_id, gene_id, pmid] = lines.tab_cells(line)?;
    let tax_id: TaxId = tax_id
        .trim()
        .parse()
        .map_err(|_| lines.field_error("tax_id", format!("not a taxonomy id: {tax_id:?}")))?;
    let gene_id: GeneId = gene_id
        .trim()
        .parse()
        .map_err(|_| lines.field_error("GeneID", format!("not an integer: {gene_id:?}")))?;
    let pmid: Pmid = pmid
        .trim()
        .parse()
        .map_err(|_| lines.field_error("PubMed_ID", format!("not a PubMed id: {pmid:?}")))?;
    Ok(GenePubmed {
        tax_id: Some(tax_id),
        gene_id,
        pmid,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FactSource;

    /// Rows in NCBI's published `gene2pubmed` layout. No copy of the NCBI
    /// file is at hand, so the values are real (GeneID, PMID) pairs for human
    /// BACH1 taken from the Pharos GeneRIF table
    /// (/work/shared/data/literature/pharos_bach1/BACH1_generifs.tsv): each
    /// article is cited by a BACH1 GeneRIF.
    const BACH1_LINKS: &str = "#tax_id\tGeneID\tPubMed_ID
9606\t571\t12511571
9606\t571\t14504288
9606\t571\t26445536
";

    fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn parses_links() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(&dir, "gene2pubmed", BACH1_LINKS);
        let mut r = Gene2PubmedReader::open(&p).unwrap();
        let links: Vec<GenePubmed> = r
            .by_ref()
            .map(|f| match f.unwrap() {
                Fact::GenePubmed(l) => l,
                other => panic!("unexpected fact {other:?}"),
            })
            .collect();
        let pmids: Vec<Pmid> = links.iter().map(|l| l.pmid).collect();
        assert_eq!(pmids, [12511571, 14504288, 26445536].map(Pmid));
        assert!(links
            .iter()
            .all(|l| l.tax_id == Some(TaxId::HUMAN) && l.gene_id == GeneId(571)));
        assert_eq!(r.release(), None);
    }

    #[test]
    fn reads_gzip() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("gene2pubmed.gz");
        let mut enc = flate2::write::GzEncoder::new(
            std::fs::File::create(&p).unwrap(),
            flate2::Compression::default(),
        );
        enc.write_all(BACH1_LINKS.as_bytes()).unwrap();
        enc.finish().unwrap();
        assert_eq!(Gene2PubmedReader::open(&p).unwrap().count(), 3);
    }

    #[test]
    fn bad_pmid_names_file_line_and_field() {
        let dir = tempfile::tempdir().unwrap();
        // Hand-made malformed line.
        let p = write(
            &dir,
            "gene2pubmed",
            &format!("{BACH1_LINKS}9606\t571\tPMID12511571\n"),
        );
        let mut r = Gene2PubmedReader::open(&p).unwrap();
        assert_eq!(r.by_ref().take(3).filter(|f| f.is_ok()).count(), 3);
        let err = r.next().unwrap().unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "{}:5: field `PubMed_ID`: not a PubMed id: \"PMID12511571\"",
                p.display()
            )
        );
        assert!(r.next().is_none(), "iterator ends after an error");
    }

    #[test]
    fn bad_gene_id_and_column_count() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            &dir,
            "a",
            "#tax_id\tGeneID\tPubMed_ID\n9606\tBACH1\t12511571\n",
        );
        let err = Gene2PubmedReader::open(&p)
            .unwrap()
            .next()
            .unwrap()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{}:2: field `GeneID`: not an integer: \"BACH1\"",
                p.display()
            )
        );
        let p = write(&dir, "b", "#tax_id\tGeneID\tPubMed_ID\n9606\t571\n");
        let err = Gene2PubmedReader::open(&p)
            .unwrap()
            .next()
            .unwrap()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{}:2: expected 3 tab-separated columns, found 2",
                p.display()
            )
        );
    }

    #[test]
    fn refuses_other_headers() {
        let dir = tempfile::tempdir().unwrap();
        // A gene_info header also starts with `#tax_id`.
        let p = write(&dir, "gene_info", "#tax_id\tGeneID\tSymbol\tLocusTag\n");
        let err = Gene2PubmedReader::open(&p).err().unwrap().to_string();
        assert!(
            err.starts_with(&format!("{}:1: not a gene2pubmed file", p.display())),
            "{err}"
        );
        let p = write(&dir, "empty", "");
        assert!(Gene2PubmedReader::open(&p).is_err());
    }

    /// NCBI's own layout at full size: the 2019 human `gene2pubmed`
    /// (`literature/gene2pubmed_human_2019.tsv.gz`). Expected counts from
    /// `zcat … | awk -F'\t' 'NR>1{g[$2]=1;p[$3]=1;n++} END{print n,length(g),length(p)}'`.
    #[test]
    #[cfg_attr(
        not(locus_shared_data),
        ignore = "needs ../shared/data (set LOCUS_SHARED_DATA)"
    )]
    fn the_whole_2019_human_file() {
        let path = crate::test_support::shared_data("literature/gene2pubmed_human_2019.tsv.gz");
        let (mut n, mut genes, mut pmids) = (
            0u64,
            std::collections::HashSet::new(),
            std::collections::HashSet::new(),
        );
        let mut bach1 = std::collections::HashSet::new();
        for fact in Gene2PubmedReader::open(&path).unwrap() {
            let Fact::GenePubmed(l) = fact.unwrap() else {
                panic!("only links")
            };
            n += 1;
            genes.insert(l.gene_id);
            pmids.insert(l.pmid);
            if l.gene_id == GeneId(571) {
                bach1.insert(l.pmid);
            }
        }
        assert_eq!((n, genes.len(), pmids.len()), (1_355_448, 20_068, 620_932));
        assert_eq!(bach1.len(), 104);
    }
}
