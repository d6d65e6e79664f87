//! PubTator format: annotated abstracts, as PubTator exports them and as
//! the text-mining gold corpora (BioCreative II GN, NLM-Gene, BC5CDR, the
//! NCBI disease corpus) are distributed.
//!
//! ```text
//! 22750516|t|Epididymal protein Rnase10 is required for …
//! 22750516|a|Eutherian spermatozoa are dependent on …
//! 22750516<TAB>19<TAB>26<TAB>Rnase10<TAB>Gene<TAB>75019
//! (a blank line between documents)
//! ```
//!
//! [`PubtatorReader`] yields each abstract as a
//! [`Fact::AnnotatedDocument`] followed by its mentions as
//! [`Fact::TextAnnotation`]s. Offsets count characters of
//! `title + " " + abstract`; an offset beyond that text, an end before its
//! start or an annotation of another PMID is an error naming its line. A
//! mention whose text differs from the text at its offsets is kept as
//! published: the gold corpora have a few (GNormPlus writes `"TATA" box`
//! as ` TATA  box`), and they are the corpora's, not the reader's, to fix.
//! Relation lines (`PMID<TAB>CID<TAB>chemical<TAB>disease`, as BC5CDR's
//! original release has them) are not annotations of text and are passed
//! over.

use std::io::{BufRead, Write};
use std::path::Path;

use locus_model::{AnnotatedDocument, Concept, Fact, MentionType, Pmid, TextAnnotation};

use crate::records::{RecordReader, Records};
use crate::{IngestError, LineReader, Result};

/// Streams the documents and annotations of a PubTator file.
pub type PubtatorReader = Records<PubtatorRecords>;

/// The parsing state behind [`PubtatorReader`].
pub struct PubtatorRecords {
    lines: LineReader,
    /// The line in `lines` has been read but not yet consumed (a title
    /// line met while looking for an abstract line).
    held: bool,
    /// The document being annotated: its PMID and length in characters.
    doc: Option<(Pmid, u32)>,
}

impl PubtatorReader {
    /// Opens `path` (plain or gzip); its first non-blank line must be a
    /// title line (`PMID|t|…`).
    pub fn open(path: &Path) -> Result<Self> {
        Self::from_lines(LineReader::open(path)?)
    }

    /// Reads PubTator text from `reader` (standard input for `locus tag
    /// -`); errors name the file `name`.
    pub fn from_reader(name: &Path, reader: Box<dyn BufRead + Send>) -> Result<Self> {
        Self::from_lines(LineReader::from_reader(name, reader))
    }

    fn from_lines(mut lines: LineReader) -> Result<Self> {
        let first = lines.read_header("empty file: no PubTator document")?;
        if text_line(first, 't').is_none() {
            return Err(
                lines.line_error("not PubTator format: expected a title line `PMID|t|title` first")
            );
        }
        Ok(Records::new(PubtatorRecords {
            lines,
            held: true,
            doc: None,
        }))
    }
}

/// Every document of a PubTator file with its annotations, in file order
/// (for tools that work document by document: `locus tag-learn`, writing
/// a file back).
pub fn read_documents(
    reader: PubtatorReader,
) -> Result<Vec<(AnnotatedDocument, Vec<TextAnnotation>)>> {
    let mut docs: Vec<(AnnotatedDocument, Vec<TextAnnotation>)> = Vec::new();
    for fact in reader {
        match fact? {
            Fact::AnnotatedDocument(d) => docs.push((d, Vec::new())),
            Fact::TextAnnotation(a) => {
                if let Some((_, anns)) = docs.last_mut() {
                    anns.push(a);
                }
            }
            _ => {}
        }
    }
    Ok(docs)
}

/// Writes one document in PubTator format: its title and abstract lines,
/// the annotations given, and the blank line that ends it.
pub fn write_document<'a>(
    out: &mut impl Write,
    doc: &AnnotatedDocument,
    annotations: impl IntoIterator<Item = &'a TextAnnotation>,
) -> std::io::Result<()> {
    let pmid = doc.pmid;
    writeln!(out, "{pmid}|t|{}", doc.title)?;
    writeln!(out, "{pmid}|a|{}", doc.abstract_text)?;
    for a in annotations {
        write!(
            out,
            "{pmid}\t{}\t{}\t{}\t{}",
            a.start,
            a.end,
            a.mention,
            a.mention_type.as_str()
        )?;
        match &a.written_identifiers {
            Some(cell) => write!(out, "\t{cell}")?,
            None if !a.concepts.is_empty() => {
                let ids: Vec<&str> = a.concepts.iter().map(|c| c.id.as_str()).collect();
                write!(out, "\t{}", ids.join(","))?;
            }
            None => {}
        }
        writeln!(out)?;
    }
    writeln!(out)
}

/// `PMID|t|text` or `PMID|a|text` with the given letter: the PMID as
/// written and the text.
fn text_line(line: &str, letter: char) -> Option<(&str, &str)> {
    let (pmid, rest) = line.split_once('|')?;
    let text = rest.strip_prefix(letter)?.strip_prefix('|')?;
    (!pmid.is_empty() && pmid.bytes().all(|b| b.is_ascii_digit())).then_some((pmid, text))
}

impl PubtatorRecords {
    fn pmid(&self, field: &str, s: &str) -> Result<Pmid> {
        s.parse::<u32>()
            .ok()
            .filter(|p| *p > 0)
            .map(Pmid)
            .ok_or_else(|| {
                self.lines
                    .field_error(field, format!("not a PubMed id: {s:?}"))
            })
    }

    /// Reads a document from the title line in `lines` and the abstract
    /// line after it (absent for a paper without an abstract).
    fn document(&mut self) -> Result<Fact> {
        let line_no = self.lines.line_no();
        let (pmid, title) = text_line(self.lines.line(), 't')
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .ok_or_else(|| {
                self.lines
                    .line_error("expected a title line `PMID|t|title`")
            })?;
        let pmid = self.pmid("PMID", &pmid)?;
        let mut abstract_text = String::new();
        if self.lines.advance_non_blank()? {
            match text_line(self.lines.line(), 'a') {
                Some((p, text)) => {
                    if self.pmid("PMID", p)? != pmid {
                        return Err(self.lines.field_error(
                            "PMID",
                            format!("the abstract line is of PMID {p}, the title line before it of {pmid}"),
                        ));
                    }
                    abstract_text = text.to_string();
                }
                None => self.held = true,
            }
        }
        let doc = AnnotatedDocument {
            pmid,
            title,
            abstract_text,
            line: line_no,
        };
        let chars = doc.text().chars().count();
        let chars = u32::try_from(chars).map_err(|_| {
            IngestError::line(
                self.lines.path(),
                line_no,
                format!("a text of {chars} characters is longer than offsets can count"),
            )
        })?;
        self.doc = Some((pmid, chars));
        Ok(Fact::AnnotatedDocument(doc))
    }

    fn offset(&self, field: &str, s: &str) -> Result<u32> {
        s.parse().map_err(|_| {
            self.lines
                .field_error(field, format!("not a character offset: {s:?}"))
        })
    }

    /// Reads the annotation line in `lines`; `None` for a relation line.
    fn annotation(&self) -> Result<Option<Fact>> {
        let lines = &self.lines;
        let cells: Vec<&str> = lines.line().split('\t').collect();
        if cells.len() == 4 && cells[1].parse::<u32>().is_err() {
            return Ok(None);
        }
        if !(5..=6).contains(&cells.len()) {
            return Err(lines.line_error(format!(
                "an annotation has 5 or 6 tab-separated cells (PMID, start, end, mention, type, identifiers), this line {}",
                cells.len()
            )));
        }
        let Some((pmid, chars)) = self.doc else {
            return Err(lines.line_error("an annotation before any title line"));
        };
        if self.pmid("PMID", cells[0])? != pmid {
            return Err(lines.field_error(
                "PMID",
                format!(
                    "annotation of PMID {}, in the document of PMID {pmid}",
                    cells[0]
                ),
            ));
        }
        let start = self.offset("start", cells[1])?;
        let end = self.offset("end", cells[2])?;
        if end <= start {
            return Err(lines.field_error("end", format!("{end} is not after the start, {start}")));
        }
        if end > chars {
            return Err(lines.field_error(
                "end",
                format!("{end} is beyond the document's text ({chars} characters of title, space and abstract)"),
            ));
        }
        if cells[3].is_empty() {
            return Err(lines.field_error("mention", "empty"));
        }
        if cells[4].trim().is_empty() {
            return Err(lines.field_error("type", "empty"));
        }
        let concepts = match cells.get(5) {
            Some(c) => Concept::parse_list(c).ok_or_else(|| {
                lines.field_error(
                    "identifier",
                    format!("{c:?}: a taxon suffix is written `7157(Tax:9606)`"),
                )
            })?,
            None => Vec::new(),
        };
        Ok(Some(Fact::TextAnnotation(TextAnnotation {
            pmid,
            start,
            end,
            mention: cells[3].to_string(),
            mention_type: MentionType::parse(cells[4].trim()),
            concepts,
            written_identifiers: cells.get(5).map(|c| c.to_string()),
            line: lines.line_no(),
        })))
    }
}

impl RecordReader for PubtatorRecords {
    fn next_record(&mut self) -> Result<Option<Fact>> {
        loop {
            if self.held {
                self.held = false;
            } else if !self.lines.advance_non_blank()? {
                return Ok(None);
            }
            let line = self.lines.line();
            if text_line(line, 't').is_some() {
                return self.document().map(Some);
            }
            if line.contains('\t') {
                match self.annotation()? {
                    Some(fact) => return Ok(Some(fact)),
                    None => continue,
                }
            }
            if text_line(line, 'a').is_some() {
                return Err(self
                    .lines
                    .line_error("an abstract line without the title line before it"));
            }
            return Err(self.lines.line_error(
                "not a PubTator line: expected `PMID|t|title`, `PMID|a|abstract` or a tab-separated annotation",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::test_support::shared_data;

    fn read(text: &str) -> Result<Vec<Fact>> {
        let mut f = tempfile::NamedTempFile::new().expect("temp file");
        f.write_all(text.as_bytes()).expect("write");
        PubtatorReader::open(f.path())?.collect()
    }

    /// The first document of NLM-Gene's test set (PMID 22750516), its
    /// title and first annotations.
    const NLM_GENE: &str = "22750516|t|Epididymal protein Rnase10 is required for post-testicular sperm maturation and male fertility.\n\
22750516|a|Eutherian spermatozoa are dependent on the environment of the proximal epididymis to complete their maturation.\n\
22750516\t19\t26\tRnase10\tGene\t75019\n\
22750516\t0\t10\tEpididymal\tFamilyName\n\
\n";

    #[test]
    fn documents_then_their_annotations() {
        let facts = read(NLM_GENE).expect("reads");
        let Fact::AnnotatedDocument(d) = &facts[0] else {
            panic!("{facts:?}")
        };
        assert_eq!(d.pmid, Pmid(22750516));
        assert!(d.abstract_text.starts_with("Eutherian spermatozoa"));
        let Fact::TextAnnotation(a) = &facts[1] else {
            panic!("{facts:?}")
        };
        assert_eq!((a.start, a.end, a.mention.as_str()), (19, 26, "Rnase10"));
        assert_eq!(a.mention_type, MentionType::Gene);
        assert_eq!(a.concepts[0].id, "75019");
        assert_eq!(a.line, 3);
        let text: String = d.text().chars().skip(19).take(7).collect();
        assert_eq!(text, "Rnase10");
        let Fact::TextAnnotation(f) = &facts[2] else {
            panic!("{facts:?}")
        };
        assert_eq!(f.mention_type, MentionType::FamilyName);
        assert!(f.concepts.is_empty());
    }

    /// Hand-made malformed lines, each named with its line and field.
    #[test]
    fn bad_lines_name_line_and_field() {
        let title = "22750516|t|Epididymal protein Rnase10.\n22750516|a|Abstract.\n";
        let cases = [
            (
                format!("{title}22750516\t19\t99\tRnase10\tGene\t75019\n"),
                ":3: field `end`: 99 is beyond",
            ),
            (
                format!("{title}22750516\t19\t19\tRnase10\tGene\t75019\n"),
                ":3: field `end`: 19 is not after",
            ),
            (
                format!("{title}11111111\t19\t26\tRnase10\tGene\t75019\n"),
                ":3: field `PMID`: annotation of PMID 11111111",
            ),
            (
                format!("{title}22750516\tx\t26\tRnase10\tGene\n"),
                ":3: field `start`: not a character offset",
            ),
            (
                format!("{title}22750516\t19\t26\tRnase10\n"),
                ":3: an annotation has 5 or 6",
            ),
            (
                format!("{title}22750516\t19\t26\tRnase10\tGene\t75019(Tax:)\n"),
                ":3: field `identifier`",
            ),
            (format!("{title}some prose\n"), ":3: not a PubTator line"),
            (
                "22750516|a|An abstract first.\n".to_string(),
                ":1: not PubTator format",
            ),
        ];
        for (text, expected) in cases {
            let err = read(&text).expect_err(&text).to_string();
            assert!(err.contains(expected), "{err} (expected {expected:?})");
        }
    }

    /// A document without an abstract line, then the next document.
    #[test]
    fn relation_lines_are_passed_over() {
        let facts = read(&format!("{NLM_GENE}22750516\tCID\tD015738\tD003693\n")).expect("reads");
        assert_eq!(facts.len(), 3);
    }

    #[test]
    fn an_abstract_line_may_be_missing() {
        let facts =
            read("1|t|A title.\n2|t|Another.\n2|a|Its abstract.\n2\t0\t7\tAnother\tGene\t7157\n")
                .expect("reads");
        assert_eq!(facts.len(), 3);
        let Fact::AnnotatedDocument(d) = &facts[0] else {
            panic!()
        };
        assert_eq!(d.abstract_text, "");
    }

    /// The committed cut (`tests/data/pubtator/`, see its README): four
    /// whole documents of three corpora.
    #[test]
    fn the_committed_cut() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/pubtator/corpora_cut.PubTator"
        );
        let facts: Vec<Fact> = PubtatorReader::open(Path::new(path))
            .expect("opens")
            .collect::<Result<_>>()
            .expect("reads");
        let docs: Vec<u32> = facts
            .iter()
            .filter_map(|f| match f {
                Fact::AnnotatedDocument(d) => Some(d.pmid.0),
                _ => None,
            })
            .collect();
        assert_eq!(docs, [22750516, 23648511, 11121057, 8701013]);
        assert_eq!(facts.len() - docs.len(), 5 + 28 + 19 + 11);
        let delirium = facts
            .iter()
            .find_map(|f| match f {
                Fact::TextAnnotation(a) if a.pmid == Pmid(8701013) && a.mention == "delirium" => {
                    Some(a.clone())
                }
                _ => None,
            })
            .expect("delirium");
        assert_eq!(delirium.mention_type, MentionType::Disease);
        assert_eq!(delirium.concepts[0].id, "D003693");
    }

    /// Corpora of the data share: their documents and annotations (the
    /// counts of `text_mining/README.md` and of `awk`), and the few gold
    /// mentions that differ from the text at their offsets kept as
    /// published.
    #[test]
    #[cfg_attr(
        not(locus_shared_data),
        ignore = "needs ../shared/data (set LOCUS_SHARED_DATA)"
    )]
    fn the_shared_corpora() {
        // (file, documents, annotations, mentions unlike their text)
        let expected = [
            ("BC5CDR_Test.PubTator", 487, 9_485, 0),
            ("GNormPlus_Test.PubTator", 262, 4_849, 4),
            ("NCBIdisease_Test.PubTator", 100, 960, 0),
            ("NLMgene_Test.PubTator", 97, 2_965, 0),
            ("NLMgene_Train.PubTator", 429, 13_196, 11),
        ];
        for (file, docs, anns, unlike) in expected {
            let path = shared_data(&format!("text_mining/{file}"));
            let (mut d, mut a, mut differ) = (0, 0, 0);
            let mut text: Vec<char> = Vec::new();
            for fact in PubtatorReader::open(&path).expect("opens") {
                match fact.unwrap_or_else(|e| panic!("{e}")) {
                    Fact::AnnotatedDocument(doc) => {
                        d += 1;
                        text = doc.text().chars().collect();
                    }
                    Fact::TextAnnotation(t) => {
                        a += 1;
                        let at: String = text[t.start as usize..t.end as usize].iter().collect();
                        differ += usize::from(at != t.mention);
                    }
                    other => panic!("{other:?}"),
                }
            }
            assert_eq!((d, a, differ), (docs, anns, unlike), "{file}");
        }
    }

    /// Reads a file and writes it back with [`write_document`].
    fn write_back(path: &std::path::Path) -> Vec<u8> {
        let mut out = Vec::new();
        let docs = read_documents(PubtatorReader::open(path).expect("opens"))
            .unwrap_or_else(|e| panic!("{e}"));
        for (doc, anns) in &docs {
            write_document(&mut out, doc, anns).expect("write");
        }
        out
    }

    #[test]
    fn the_committed_cut_is_written_back_byte_for_byte() {
        let path = std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/pubtator/corpora_cut.PubTator"
        ));
        let original = std::fs::read(path).expect("fixture");
        assert!(write_back(path) == original);
    }

    #[test]
    #[cfg_attr(
        not(locus_shared_data),
        ignore = "needs ../shared/data (set LOCUS_SHARED_DATA)"
    )]
    fn every_shared_corpus_is_written_back_byte_for_byte() {
        for file in [
            "BC5CDR_Test",
            "BC5CDR_TrainDev",
            "GNormPlus_Test",
            "GNormPlus_Train",
            "NCBIdisease_Test",
            "NCBIdisease_TrainDev",
            "NLMgene_Test",
            "NLMgene_Train",
        ] {
            let path = shared_data(&format!("text_mining/{file}.PubTator"));
            let original = std::fs::read(&path).expect("corpus");
            let written = write_back(&path);
            if written != original {
                let at = written.iter().zip(&original).position(|(a, b)| a != b);
                panic!(
                    "{file}: differs at byte {at:?} ({} vs {} bytes)",
                    written.len(),
                    original.len()
                );
            }
        }
    }
}
