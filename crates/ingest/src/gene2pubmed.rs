//! NCBI Gene `gene2pubmed` (`ftp.ncbi.nlm.nih.gov/gene/DATA/gene2pubmed.gz`).
//!
//! Three tab-separated integer columns under the header
//! `#tax_id<TAB>GeneID<TAB>PubMed_ID`, one gene→article link per line. The
//! file is large (tens of millions of lines) and says nothing about its
//! release, so it is streamed line by line and `release()` is `None`.
//!
//! The header is checked exactly: `gene_info` also starts with `#tax_id`,
//! and importing it as links would otherwise fail only on its first row.

use std::path::Path;

use locus_model::{Fact, GeneId, GenePubmed, TaxId};

use crate::{FactSource, IngestError, LineReader, Result};

/// The header columns NCBI writes, in order.
const HEADER: [&str; 3] = ["#tax_id", "GeneID", "PubMed_ID"];

/// Streams the links of a `gene2pubmed` file, one [`Fact::GenePubmed`] per line.
pub struct Gene2PubmedReader {
    lines: LineReader,
    /// The current line, copied out of `lines` so errors can borrow the reader.
    buf: String,
    /// Set once the end or an error is reached, so the iterator stays ended.
    done: bool,
}

impl Gene2PubmedReader {
    /// Opens `path` (plain or gzip) and checks the header before anything is imported.
    pub fn open(path: &Path) -> Result<Self> {
        let mut lines = LineReader::open(path)?;
        let mut buf = String::new();
        loop {
            if !read_line(&mut lines, &mut buf)? {
                return Err(IngestError::file(
                    path,
                    "empty file: not a gene2pubmed file (no `#tax_id<TAB>GeneID<TAB>PubMed_ID` header)",
                ));
            }
            if !buf.trim().is_empty() {
                break;
            }
        }
        if !buf.trim_end().split('\t').eq(HEADER) {
            return Err(lines.line_error(
                "not a gene2pubmed file: expected the header `#tax_id<TAB>GeneID<TAB>PubMed_ID`",
            ));
        }
        Ok(Gene2PubmedReader {
            lines,
            buf,
            done: false,
        })
    }

    fn next_link(&mut self) -> Result<Option<GenePubmed>> {
        loop {
            if !read_line(&mut self.lines, &mut self.buf)? {
                return Ok(None);
            }
            if self.buf.trim().is_empty() {
                continue;
            }
            return parse_link(&self.lines, &self.buf).map(Some);
        }
    }
}

impl Iterator for Gene2PubmedReader {
    type Item = Result<Fact>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_link() {
            Ok(Some(link)) => Some(Ok(Fact::GenePubmed(link))),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

impl FactSource for Gene2PubmedReader {
    /// `gene2pubmed` states no release or date.
    fn release(&self) -> Option<String> {
        None
    }
}

/// Copies the next line into `buf`, so that the reader can be borrowed again
/// for error messages while the line is parsed; `false` at end of file.
fn read_line(lines: &mut LineReader, buf: &mut String) -> Result<bool> {
    buf.clear();
    match lines.next_line()? {
        Some(line) => {
            buf.push_str(line);
            Ok(true)
        }
        None => Ok(false),
    }
}

fn parse_link(lines: &LineReader, line: &str) -> Result<GenePubmed> {
    let mut cols = [""; 3];
    let mut found = 0;
    for cell in line.split('\t') {
        if found < cols.len() {
            cols[found] = cell;
        }
        found += 1;
    }
    if found != cols.len() {
        return Err(lines.line_error(format!("expected 3 tab-separated columns, found {found}")));
    }
    let [tax_id, gene_id, pmid] = cols;
    let tax_id: TaxId = tax_id
        .trim()
        .parse()
        .map_err(|_| lines.field_error("tax_id", format!("not a taxonomy id: {tax_id:?}")))?;
    let gene_id: GeneId = gene_id
        .trim()
        .parse()
        .map_err(|_| lines.field_error("GeneID", format!("not an integer: {gene_id:?}")))?;
    let pmid: u32 = pmid
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
        let pmids: Vec<u32> = links.iter().map(|l| l.pmid).collect();
        assert_eq!(pmids, [12511571, 14504288, 26445536]);
        assert!(links
            .iter()
            .all(|l| l.tax_id == Some(9606) && l.gene_id == 571));
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
}
