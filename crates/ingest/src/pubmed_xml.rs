//! PubMed / MEDLINE citation XML. [`PubmedXmlReader`] imports the
//! citations, giving the PMIDs other sources cite a title, journal, year,
//! authors, abstract and MeSH headings: one [`Fact::Publication`] each.
//!
//! Reads both the 2016-and-earlier `MedlineCitationSet` DTD (root
//! `<MedlineCitationSet>` holding `<MedlineCitation>` elements, as in the
//! `medline16n*.xml.gz` baseline) and the current `PubmedArticleSet` DTD
//! (`<PubmedArticle>` = `<MedlineCitation>` + `<PubmedData>`, as in the
//! `pubmed2*n*.xml.gz` baseline and E-utilities `efetch` output).
//!
//! The file is streamed with quick-xml: one [`Publication`] is built at a
//! time and yielded when its `MedlineCitation` (or, in the current DTD, its
//! `PubmedArticle`) closes. `DeleteCitation` blocks and `PubmedBookArticle`
//! records (books have no `MedlineCitation`) are skipped.
//!
//! quick-xml reports byte offsets; the input is wrapped in a `LineCounter`
//! that notes where newlines fall as bytes are consumed, so errors can name
//! a 1-based line.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use locus_model::{Fact, MeshHeading, Pmid, Publication};
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::records::{RecordReader, Records};
use crate::{open_maybe_gz, IngestError, Result};

/// Streams the citations of a PubMed or MEDLINE XML file (gzip or plain).
pub type PubmedXmlReader = Records<PubmedXmlRecords>;

/// The parsing state behind [`PubmedXmlReader`].
pub struct PubmedXmlRecords {
    reader: Reader<crate::xml::LineCounter<Box<dyn BufRead + Send>>>,
    buf: Vec<u8>,
    state: State,
}

impl PubmedXmlReader {
    /// Opens `path` (plain or gzip) and drops a UTF-8 byte order mark. The
    /// root element is checked when the first record is read: a file that
    /// is not PubMed or MEDLINE XML fails on the first `next()`, naming the
    /// root it found.
    pub fn open(path: &Path) -> Result<Self> {
        let mut input = open_maybe_gz(path)?;
        // Drop a UTF-8 byte order mark here rather than let quick-xml skip
        // it, so the offsets quick-xml reports match the bytes counted.
        let has_bom = input
            .fill_buf()
            .map_err(|e| IngestError::io(path, e))?
            .starts_with(b"\xEF\xBB\xBF");
        if has_bom {
            input.consume(3);
        }
        let mut reader = Reader::from_reader(crate::xml::LineCounter::new(input));
        let config = reader.config_mut();
        config.trim_text(false);
        config.check_end_names = true;
        config.expand_empty_elements = false;
        Ok(Records::new(PubmedXmlRecords {
            reader,
            buf: Vec::with_capacity(1 << 12),
            state: State::new(path),
        }))
    }
}

impl PubmedXmlRecords {
    fn next_publication(&mut self) -> Result<Option<Publication>> {
        loop {
            let (event, line) =
                crate::xml::next_event(&mut self.reader, &mut self.buf, &self.state.path)?;
            if let Event::Eof = event {
                self.state.at_eof(line)?;
                return Ok(None);
            }
            if let Some(publication) = self.state.on_event(event, line)? {
                return Ok(Some(publication));
            }
        }
    }
}

impl RecordReader for PubmedXmlRecords {
    fn next_record(&mut self) -> Result<Option<Fact>> {
        Ok(self.next_publication()?.map(Fact::Publication))
    }

    /// The root element seen, with the DOCTYPE's DTD file name when given,
    /// e.g. `PubmedArticleSet (pubmed_190101.dtd)` or
    /// `MedlineCitationSet (nlmmedlinecitationset_160101.dtd)`.
    fn release(&self) -> Option<String> {
        let root = self.state.root.as_ref()?;
        Some(match &self.state.dtd {
            Some(dtd) => format!("{root} ({dtd})"),
            None => root.clone(),
        })
    }
}

// ---------------------------------------------------------------------------
// Parsing state

/// The element names the parser looks at; everything else is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    PubmedArticleSet,
    MedlineCitationSet,
    PubmedArticle,
    MedlineCitation,
    PubmedData,
    ArticleIdList,
    ArticleId,
    Pmid,
    Article,
    ArticleTitle,
    VernacularTitle,
    Journal,
    Title,
    IsoAbbreviation,
    JournalIssue,
    PubDate,
    Year,
    MedlineDate,
    ArticleDate,
    AuthorList,
    Author,
    LastName,
    ForeName,
    Initials,
    CollectiveName,
    Abstract,
    AbstractText,
    ELocationId,
    MedlineJournalInfo,
    MedlineTa,
    MeshHeadingList,
    MeshHeading,
    DescriptorName,
    QualifierName,
    Other,
}

impl Tag {
    fn of(name: &str) -> Tag {
        match name {
            "PubmedArticleSet" => Tag::PubmedArticleSet,
            "MedlineCitationSet" => Tag::MedlineCitationSet,
            "PubmedArticle" => Tag::PubmedArticle,
            "MedlineCitation" => Tag::MedlineCitation,
            "PubmedData" => Tag::PubmedData,
            "ArticleIdList" => Tag::ArticleIdList,
            "ArticleId" => Tag::ArticleId,
            "PMID" => Tag::Pmid,
            "Article" => Tag::Article,
            "ArticleTitle" => Tag::ArticleTitle,
            "VernacularTitle" => Tag::VernacularTitle,
            "Journal" => Tag::Journal,
            "Title" => Tag::Title,
            "ISOAbbreviation" => Tag::IsoAbbreviation,
            "JournalIssue" => Tag::JournalIssue,
            "PubDate" => Tag::PubDate,
            "Year" => Tag::Year,
            "MedlineDate" => Tag::MedlineDate,
            "ArticleDate" => Tag::ArticleDate,
            "AuthorList" => Tag::AuthorList,
            "Author" => Tag::Author,
            "LastName" => Tag::LastName,
            "ForeName" => Tag::ForeName,
            "Initials" => Tag::Initials,
            "CollectiveName" => Tag::CollectiveName,
            "Abstract" => Tag::Abstract,
            "AbstractText" => Tag::AbstractText,
            "ELocationID" => Tag::ELocationId,
            "MedlineJournalInfo" => Tag::MedlineJournalInfo,
            "MedlineTA" => Tag::MedlineTa,
            "MeshHeadingList" => Tag::MeshHeadingList,
            "MeshHeading" => Tag::MeshHeading,
            "DescriptorName" => Tag::DescriptorName,
            "QualifierName" => Tag::QualifierName,
            _ => Tag::Other,
        }
    }
}

/// An element whose text content is being collected.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Field {
    Pmid,
    Title,
    Vernacular,
    JournalTitle,
    IsoAbbreviation,
    MedlineTa,
    PubYear,
    MedlineDate,
    ArticleYear,
    LastName,
    ForeName,
    Initials,
    CollectiveName,
    AbstractText { label: Option<String> },
    ELocationDoi,
    ArticleIdDoi,
    Descriptor,
    Qualifier,
}

struct Capture {
    field: Field,
    /// Stack depth of the element, so nested inline markup (`<i>`, `<sup>`)
    /// is read through rather than ending the capture.
    depth: usize,
    line: u64,
}

#[derive(Default)]
struct AuthorParts {
    valid: bool,
    last: String,
    fore: String,
    initials: String,
    collective: String,
}

impl AuthorParts {
    /// `Last Initials`, or the collective name; `None` if invalid or empty.
    fn display(self) -> Option<String> {
        if !self.valid {
            return None;
        }
        if !self.last.is_empty() {
            if !self.initials.is_empty() {
                return Some(format!("{} {}", self.last, self.initials));
            }
            return Some(self.last);
        }
        if !self.collective.is_empty() {
            return Some(self.collective);
        }
        if !self.fore.is_empty() {
            return Some(self.fore);
        }
        None
    }
}

/// A citation being assembled.
#[derive(Default)]
struct Citation {
    /// Line of `<MedlineCitation>` (or `<PubmedArticle>` until it is seen).
    line: u64,
    pmid: Option<(String, u64)>,
    title: Option<String>,
    vernacular: Option<String>,
    journal_title: Option<String>,
    iso_abbreviation: Option<String>,
    medline_ta: Option<String>,
    pub_year: Option<String>,
    medline_date: Option<String>,
    article_year: Option<String>,
    authors: Vec<String>,
    author: Option<AuthorParts>,
    abstract_parts: Vec<String>,
    mesh: Vec<MeshHeading>,
    heading: Option<MeshHeading>,
    elocation_doi: Option<String>,
    article_id_doi: Option<String>,
}

fn set_first(slot: &mut Option<String>, value: String) {
    if slot.is_none() && !value.is_empty() {
        *slot = Some(value);
    }
}

impl Citation {
    fn new(line: u64) -> Self {
        Citation {
            line,
            ..Citation::default()
        }
    }

    fn store(&mut self, field: Field, text: String, line: u64) {
        match field {
            Field::Pmid => {
                if self.pmid.is_none() {
                    self.pmid = Some((text, line));
                }
            }
            Field::Title => set_first(&mut self.title, text),
            Field::Vernacular => set_first(&mut self.vernacular, text),
            Field::JournalTitle => set_first(&mut self.journal_title, text),
            Field::IsoAbbreviation => set_first(&mut self.iso_abbreviation, text),
            Field::MedlineTa => set_first(&mut self.medline_ta, text),
            Field::PubYear => set_first(&mut self.pub_year, text),
            Field::MedlineDate => set_first(&mut self.medline_date, text),
            Field::ArticleYear => set_first(&mut self.article_year, text),
            Field::LastName | Field::ForeName | Field::Initials | Field::CollectiveName => {
                if let Some(a) = self.author.as_mut() {
                    let slot = match field {
                        Field::LastName => &mut a.last,
                        Field::ForeName => &mut a.fore,
                        Field::Initials => &mut a.initials,
                        _ => &mut a.collective,
                    };
                    *slot = text;
                }
            }
            Field::AbstractText { label } => {
                if !text.is_empty() {
                    let label = label.map(|l| normalize_space(&l)).unwrap_or_default();
                    self.abstract_parts.push(if label.is_empty() {
                        text
                    } else {
                        format!("{label}: {text}")
                    });
                }
            }
            Field::ELocationDoi => set_first(&mut self.elocation_doi, text),
            Field::ArticleIdDoi => set_first(&mut self.article_id_doi, text),
            Field::Descriptor => {
                if let Some(h) = self.heading.as_mut() {
                    h.descriptor = text;
                }
            }
            Field::Qualifier => {
                if let Some(h) = self.heading.as_mut() {
                    if !text.is_empty() {
                        h.qualifiers.push(text);
                    }
                }
            }
        }
    }

    fn finish(self, path: &Path) -> Result<Publication> {
        let pmid = match &self.pmid {
            None => {
                return Err(IngestError::field(
                    path,
                    self.line,
                    "PMID",
                    "citation has no PMID",
                ))
            }
            Some((text, line)) => match text.parse::<Pmid>() {
                Ok(n) if n > Pmid(0) => n,
                _ => {
                    return Err(IngestError::field(
                        path,
                        *line,
                        "PMID",
                        format!("{text:?} is not a positive integer"),
                    ))
                }
            },
        };
        let year = self
            .pub_year
            .as_deref()
            .and_then(parse_year)
            .or_else(|| self.medline_date.as_deref().and_then(first_four_digits))
            .or_else(|| self.article_year.as_deref().and_then(parse_year));
        let abstract_text = if self.abstract_parts.is_empty() {
            None
        } else {
            Some(self.abstract_parts.join("\n\n"))
        };
        Ok(Publication {
            pmid,
            title: self.title.or(self.vernacular).unwrap_or_default(),
            journal: self
                .journal_title
                .or(self.iso_abbreviation)
                .or(self.medline_ta),
            year,
            authors: self.authors,
            abstract_text,
            mesh: self.mesh,
            doi: self.elocation_doi.or(self.article_id_doi),
        })
    }
}

/// Everything but the quick-xml reader, so events borrowed from the read
/// buffer can be handled while the state is mutated.
struct State {
    path: PathBuf,
    root: Option<String>,
    dtd: Option<String>,
    /// Open elements, outermost first.
    stack: Vec<Tag>,
    /// Stack depth (length including itself) of the open `PubmedArticle`.
    article_depth: Option<usize>,
    /// Stack depth of the open `MedlineCitation`.
    citation_depth: Option<usize>,
    citation: Option<Citation>,
    capture: Option<Capture>,
    text: String,
}

impl State {
    fn new(path: &Path) -> Self {
        State {
            path: path.to_path_buf(),
            root: None,
            dtd: None,
            stack: Vec::with_capacity(32),
            article_depth: None,
            citation_depth: None,
            citation: None,
            capture: None,
            text: String::new(),
        }
    }

    fn on_event(&mut self, event: Event<'_>, line: u64) -> Result<Option<Publication>> {
        match event {
            Event::Start(e) => {
                self.open(&e, line)?;
                Ok(None)
            }
            Event::Empty(e) => {
                self.open(&e, line)?;
                self.close()
            }
            Event::End(_) => self.close(),
            Event::Text(t) => {
                if self.capture.is_some() {
                    self.text.push_str(&t);
                }
                Ok(None)
            }
            Event::CData(t) => {
                if self.capture.is_some() {
                    self.text.push_str(&t);
                }
                Ok(None)
            }
            Event::GeneralRef(r) => {
                if self.capture.is_some() {
                    self.push_reference(&r, line)?;
                }
                Ok(None)
            }
            Event::DocType(t) => {
                if self.dtd.is_none() {
                    self.dtd = dtd_file_name(&t);
                }
                Ok(None)
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::Eof => Ok(None),
        }
    }

    fn at_eof(&self, line: u64) -> Result<()> {
        if self.root.is_none() {
            return Err(IngestError::line(
                &self.path,
                line,
                "no root element: not a PubMed/MEDLINE XML file",
            ));
        }
        if !self.stack.is_empty() {
            let open = match (self.citation_depth, self.article_depth) {
                (Some(_), _) => "MedlineCitation",
                (None, Some(_)) => "PubmedArticle",
                _ => self.root.as_deref().unwrap_or("root element"),
            };
            return Err(IngestError::line(
                &self.path,
                line,
                format!("malformed XML: file ends inside <{open}> (truncated?)"),
            ));
        }
        Ok(())
    }

    fn push_reference(&mut self, r: &BytesRef<'_>, line: u64) -> Result<()> {
        crate::xml::push_reference(&mut self.text, r, &self.path, line)
    }

    fn attr(&self, e: &BytesStart<'_>, name: &str, line: u64) -> Result<Option<String>> {
        let bad =
            |msg: String| IngestError::line(&self.path, line, format!("malformed XML: {msg}"));
        match e.try_get_attribute(name) {
            Ok(None) => Ok(None),
            Ok(Some(a)) => a
                .normalized_value(XmlVersion::Implicit1_0)
                .map(|v| Some(v.into_owned()))
                .map_err(|err| bad(format!("attribute {name}: {err}"))),
            Err(err) => Err(bad(format!("attributes of <{}>: {err}", e.name().as_ref()))),
        }
    }

    fn open(&mut self, e: &BytesStart<'_>, line: u64) -> Result<()> {
        let name = e.name();
        let tag = Tag::of(name.as_ref());
        let parent = self.stack.last().copied();
        if self.stack.is_empty() {
            if self.root.is_some() {
                return Err(IngestError::line(
                    &self.path,
                    line,
                    format!("malformed XML: second root element <{}>", name.as_ref()),
                ));
            }
            match tag {
                Tag::PubmedArticleSet
                | Tag::MedlineCitationSet
                | Tag::PubmedArticle
                | Tag::MedlineCitation => {
                    self.root = Some(name.as_ref().to_string());
                }
                _ => {
                    return Err(IngestError::line(
                        &self.path,
                        line,
                        format!(
                            "root element is <{}>, not <PubmedArticleSet> or <MedlineCitationSet>: \
                             not a PubMed/MEDLINE XML file",
                            name.as_ref()
                        ),
                    ))
                }
            }
        }
        self.stack.push(tag);
        let depth = self.stack.len();
        if self.capture.is_some() {
            // Inline markup inside a captured element.
            return Ok(());
        }

        if tag == Tag::PubmedArticle
            && self.article_depth.is_none()
            && self.citation_depth.is_none()
            && matches!(parent, None | Some(Tag::PubmedArticleSet))
        {
            self.article_depth = Some(depth);
            self.citation = Some(Citation::new(line));
            return Ok(());
        }
        if tag == Tag::MedlineCitation
            && self.citation_depth.is_none()
            && matches!(
                parent,
                None | Some(Tag::MedlineCitationSet)
                    | Some(Tag::PubmedArticle)
                    | Some(Tag::PubmedArticleSet)
            )
            && (parent != Some(Tag::PubmedArticle) || self.article_depth == Some(depth - 1))
        {
            self.citation_depth = Some(depth);
            match self.citation.as_mut() {
                Some(c) if self.article_depth.is_some() => c.line = line,
                _ => self.citation = Some(Citation::new(line)),
            }
            return Ok(());
        }

        if let Some(cd) = self.citation_depth {
            self.open_in_citation(cd, e, line)
        } else if let Some(ad) = self.article_depth {
            let rel = &self.stack[ad..];
            if rel == [Tag::PubmedData, Tag::ArticleIdList, Tag::ArticleId]
                && self.attr(e, "IdType", line)?.as_deref() == Some("doi")
            {
                self.start_capture(Field::ArticleIdDoi, line);
            }
            Ok(())
        } else {
            Ok(())
        }
    }

    fn open_in_citation(&mut self, cd: usize, e: &BytesStart<'_>, line: u64) -> Result<()> {
        use Tag::*;
        let field = match &self.stack[cd..] {
            [Pmid] => Field::Pmid,
            [Article, ArticleTitle] => Field::Title,
            [Article, VernacularTitle] => Field::Vernacular,
            [Article, Journal, Title] => Field::JournalTitle,
            [Article, Journal, IsoAbbreviation] => Field::IsoAbbreviation,
            [Article, Journal, JournalIssue, PubDate, Year] => Field::PubYear,
            [Article, Journal, JournalIssue, PubDate, MedlineDate] => Field::MedlineDate,
            [Article, ArticleDate, Year] => Field::ArticleYear,
            [MedlineJournalInfo, MedlineTa] => Field::MedlineTa,
            [Article, AuthorList, Author] => {
                let valid = self.attr(e, "ValidYN", line)?.as_deref() != Some("N");
                if let Some(c) = self.citation.as_mut() {
                    c.author = Some(AuthorParts {
                        valid,
                        ..AuthorParts::default()
                    });
                }
                return Ok(());
            }
            [Article, AuthorList, Author, LastName] => Field::LastName,
            [Article, AuthorList, Author, ForeName] => Field::ForeName,
            [Article, AuthorList, Author, Initials] => Field::Initials,
            [Article, AuthorList, Author, CollectiveName] => Field::CollectiveName,
            [Article, Abstract, AbstractText] => Field::AbstractText {
                label: self.attr(e, "Label", line)?,
            },
            [Article, ELocationId] => {
                let is_doi = self.attr(e, "EIdType", line)?.as_deref() == Some("doi");
                let valid = self.attr(e, "ValidYN", line)?.as_deref() != Some("N");
                if !(is_doi && valid) {
                    return Ok(());
                }
                Field::ELocationDoi
            }
            [MeshHeadingList, MeshHeading] => {
                if let Some(c) = self.citation.as_mut() {
                    c.heading = Some(locus_model::MeshHeading {
                        descriptor: String::new(),
                        ui: None,
                        major_topic: false,
                        qualifiers: Vec::new(),
                    });
                }
                return Ok(());
            }
            [MeshHeadingList, MeshHeading, DescriptorName] => {
                let ui = self.attr(e, "UI", line)?.filter(|u| !u.is_empty());
                let major = self.attr(e, "MajorTopicYN", line)?.as_deref() == Some("Y");
                if let Some(h) = self.citation.as_mut().and_then(|c| c.heading.as_mut()) {
                    h.ui = ui;
                    h.major_topic |= major;
                }
                Field::Descriptor
            }
            [MeshHeadingList, MeshHeading, QualifierName] => {
                let major = self.attr(e, "MajorTopicYN", line)?.as_deref() == Some("Y");
                if let Some(h) = self.citation.as_mut().and_then(|c| c.heading.as_mut()) {
                    h.major_topic |= major;
                }
                Field::Qualifier
            }
            _ => return Ok(()),
        };
        self.start_capture(field, line);
        Ok(())
    }

    fn start_capture(&mut self, field: Field, line: u64) {
        self.text.clear();
        self.capture = Some(Capture {
            field,
            depth: self.stack.len(),
            line,
        });
    }

    /// Handles the end of the innermost open element.
    fn close(&mut self) -> Result<Option<Publication>> {
        let depth = self.stack.len();
        let result = self.close_at(depth);
        self.stack.pop();
        result
    }

    fn close_at(&mut self, depth: usize) -> Result<Option<Publication>> {
        if let Some(capture) = &self.capture {
            if capture.depth != depth {
                return Ok(None);
            }
            if let Some(capture) = self.capture.take() {
                let text = normalize_space(&self.text);
                self.text.clear();
                if let Some(c) = self.citation.as_mut() {
                    c.store(capture.field, text, capture.line);
                }
            }
            return Ok(None);
        }

        if self.citation_depth == Some(depth) {
            self.citation_depth = None;
            if self.article_depth.is_none() {
                return self.emit().map(Some);
            }
            return Ok(None);
        }
        if self.article_depth == Some(depth) {
            self.article_depth = None;
            return self.emit().map(Some);
        }
        if let Some(cd) = self.citation_depth {
            use Tag::*;
            match &self.stack[cd..] {
                [Article, AuthorList, Author] => {
                    if let Some(c) = self.citation.as_mut() {
                        if let Some(name) = c.author.take().and_then(AuthorParts::display) {
                            c.authors.push(name);
                        }
                    }
                }
                [MeshHeadingList, MeshHeading] => {
                    if let Some(c) = self.citation.as_mut() {
                        if let Some(h) = c.heading.take() {
                            if !h.descriptor.is_empty() {
                                c.mesh.push(h);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(None)
    }

    fn emit(&mut self) -> Result<Publication> {
        match self.citation.take() {
            Some(c) => c.finish(&self.path),
            // Unreachable: a citation is created whenever a depth is set.
            None => Err(IngestError::file(
                &self.path,
                "internal error: no citation open",
            )),
        }
    }
}

// ---------------------------------------------------------------------------
// Helpers

/// Collapses runs of XML whitespace to one space and trims the ends.
fn normalize_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_ascii_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn parse_year(s: &str) -> Option<i32> {
    s.trim().parse().ok().or_else(|| first_four_digits(s))
}

/// The first run of exactly four ASCII digits, e.g. 1998 in
/// `1998 Dec-1999 Jan`.
fn first_four_digits(s: &str) -> Option<i32> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 4 {
                return s[start..i].parse().ok();
            }
        } else {
            i += 1;
        }
    }
    None
}

/// The DTD file named by a DOCTYPE's system identifier, e.g.
/// `pubmed_190101.dtd` from
/// `PubmedArticleSet PUBLIC "-//NLM//DTD ..." "https://.../pubmed_190101.dtd"`.
fn dtd_file_name(doctype: &str) -> Option<String> {
    // Ignore an internal subset.
    let head = doctype.split('[').next().unwrap_or(doctype);
    let mut literals = Vec::new();
    let mut rest = head;
    while let Some(open) = rest.find(['"', '\'']) {
        let quote = rest[open..].chars().next()?;
        let after = &rest[open + 1..];
        let close = after.find(quote)?;
        literals.push(&after[..close]);
        rest = &after[close + 1..];
    }
    let system = literals.last()?.trim();
    let file = system.rsplit('/').next().unwrap_or(system).trim();
    if file.is_empty() {
        None
    } else {
        Some(file.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FactSource;

    /// A fixture of `tests/data/pubmed/`; its README says where each comes from.
    fn fixture(name: &str) -> PathBuf {
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/pubmed")).join(name)
    }

    fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    fn read_all(path: &Path) -> (Vec<Publication>, Option<String>) {
        let mut r = PubmedXmlReader::open(path).unwrap();
        assert_eq!(r.release(), None, "release before reading");
        let mut pubs = Vec::new();
        for fact in r.by_ref() {
            match fact.unwrap() {
                Fact::Publication(p) => pubs.push(p),
                other => panic!("unexpected fact {other:?}"),
            }
        }
        (pubs, r.release())
    }

    fn parse_err(name: &str, text: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        let p = write(&dir, name, text);
        let r = PubmedXmlReader::open(&p).unwrap();
        let results: Vec<_> = r.collect();
        let err = results.into_iter().find_map(|r| r.err()).expect("an error");
        err.to_string()
    }

    /// PMID 24430799 from the 2016 baseline file `medline16n0902.xml.gz`.
    #[test]
    fn parses_2016_medline_citation_set() {
        let (pubs, release) = read_all(&fixture("medline2016_pmid24430799.xml"));
        assert_eq!(
            release.as_deref(),
            Some("MedlineCitationSet (nlmmedlinecitationset_160101.dtd)")
        );
        assert_eq!(pubs.len(), 1);
        let p = &pubs[0];
        assert_eq!(p.pmid, Pmid(24430799));
        assert_eq!(
            p.title,
            "Whole-cell MALDI-TOF mass spectrometry is an accurate and rapid method to analyze \
             different modes of macrophage activation."
        );
        assert_eq!(
            p.journal.as_deref(),
            Some("Journal of visualized experiments : JoVE")
        );
        assert_eq!(p.year, Some(2013));
        assert_eq!(
            p.authors,
            ["Ouedraogo R", "Daumas A", "Capo C", "Mege JL", "Textoris J"]
        );
        assert_eq!(p.mesh.len(), 6);
        assert_eq!(
            p.mesh[0],
            MeshHeading {
                descriptor: "Cell Polarity".into(),
                ui: Some("D016764".into()),
                major_topic: false,
                qualifiers: vec!["physiology".into()],
            }
        );
        // Major only through a qualifier.
        assert_eq!(p.mesh[4].descriptor, "Macrophages");
        assert!(p.mesh[4].major_topic);
        assert_eq!(p.mesh[4].qualifiers, ["chemistry", "physiology"]);
        assert!(!p.mesh[2].major_topic);
        let abs = p.abstract_text.as_deref().unwrap();
        assert!(
            abs.starts_with("MALDI-TOF is an extensively used mass spectrometry"),
            "{abs}"
        );
        assert!(abs.ends_with("wider diagnostic applications."), "{abs}");
        assert_eq!(p.doi.as_deref(), Some("10.3791/50926"));
    }

    /// PMID 36400559, the first `PubmedArticle` of `test_current_medline.xml.gz`.
    #[test]
    fn parses_current_pubmed_article_set() {
        let (pubs, release) = read_all(&fixture("pubmed2024_pmid36400559.xml"));
        assert_eq!(
            release.as_deref(),
            Some("PubmedArticleSet (pubmed_240101.dtd)")
        );
        assert_eq!(pubs.len(), 1);
        let p = &pubs[0];
        assert_eq!(p.pmid, Pmid(36400559));
        assert_eq!(p.title, "Back Pain: Differential Diagnosis and Management.");
        assert_eq!(p.journal.as_deref(), Some("Neurologic clinics"));
        assert_eq!(p.year, Some(2023));
        assert_eq!(p.authors, ["Gibbs D", "McGahan BG", "Ropper AE", "Xu DS"]);
        assert_eq!(p.mesh.len(), 6);
        assert_eq!(p.mesh[1].descriptor, "Low Back Pain");
        assert_eq!(p.mesh[1].ui.as_deref(), Some("D017116"));
        assert!(p.mesh[1].major_topic);
        assert_eq!(p.mesh[1].qualifiers, ["diagnosis", "etiology", "therapy"]);
        let abs = p.abstract_text.as_deref().unwrap();
        assert!(
            abs.starts_with("Back pain is a common condition affecting millions"),
            "{abs}"
        );
        // `&#xa0;` decoded; the copyright line is not part of the abstract.
        assert!(abs.contains("greater than 6\u{a0}weeks"), "{abs}");
        assert!(!abs.contains("Copyright"), "{abs}");
        assert_eq!(p.doi.as_deref(), Some("10.1016/j.ncl.2022.07.002"));
    }

    /// PMID 31510371 (inline `<sub>`/`<sup>` markup) from the 2021 baseline
    /// sample `pubmed21n1004.xml.gz`.
    #[test]
    fn inline_markup_is_kept_as_text() {
        let (pubs, release) = read_all(&fixture("pubmed2021_pmid31510371_inline_markup.xml"));
        assert_eq!(
            release.as_deref(),
            Some("PubmedArticleSet (pubmed_190101.dtd)")
        );
        let p = &pubs[0];
        assert_eq!(p.pmid, Pmid(31510371));
        assert_eq!(
            p.title,
            "Double-side operable perovskite photodetector using Cu/Cu2O as a hole transport layer."
        );
        assert_eq!(p.journal.as_deref(), Some("Optics express"));
        assert_eq!(p.year, Some(2019));
        assert_eq!(p.authors.len(), 6);
        assert_eq!(p.authors[4], "Huang JC");
        assert!(p.mesh.is_empty());
        let abs = p.abstract_text.as_deref().unwrap();
        assert!(
            abs.contains("responsivities of 6.79 AW-1 [illuminated"),
            "{abs}"
        );
        assert_eq!(p.doi.as_deref(), Some("10.1364/OE.27.024900"));
    }

    /// A hand-made document: structured abstract labels, inline markup and
    /// entities, a `MedlineDate`, invalid and collective authors, DOIs in
    /// both places, and the blocks that must be skipped (book articles,
    /// deletions, cited PMIDs, other abstracts).
    #[test]
    fn labels_dates_authors_dois_and_skipped_blocks() {
        let (pubs, release) =
            read_all(&fixture("handmade_labels_dates_authors_skipped_blocks.xml"));
        assert_eq!(release.as_deref(), Some("PubmedArticleSet"));
        assert_eq!(
            pubs.iter().map(|p| p.pmid).collect::<Vec<_>>(),
            [42, 43].map(Pmid)
        );
        let p = &pubs[0];
        assert_eq!(p.title, "A lacZ title & more <x> \u{3b2}-cell");
        assert_eq!(p.journal.as_deref(), Some("J Test"));
        assert_eq!(p.year, Some(1998));
        assert_eq!(p.authors, ["Smith JA", "The Study Group", "NoInitials"]);
        assert_eq!(
            p.abstract_text.as_deref(),
            Some("BACKGROUND: First part.\n\nRESULTS: Second part.")
        );
        assert_eq!(p.doi.as_deref(), Some("10.1000/xyz"));
        assert!(p.mesh.is_empty());
        let q = &pubs[1];
        assert_eq!(q.year, Some(2001), "falls back to ArticleDate");
        assert_eq!(q.title, "");
        assert_eq!(q.journal, None);
        assert_eq!(q.abstract_text, None);
        assert_eq!(q.doi, None);
    }

    #[test]
    fn malformed_xml_names_file_and_line() {
        let xml =
            "<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n<PubmedArticle>\n<MedlineCitation>\n\
                   <PMID>1</PMID>\n<Article>\n<ArticleTitle>Oops</ArticleTitl>\n</Article>\n\
                   </MedlineCitation>\n</PubmedArticle>\n</PubmedArticleSet>\n";
        let err = parse_err("broken.xml", xml);
        assert!(err.contains("broken.xml:7:"), "{err}");
        assert!(err.contains("malformed XML"), "{err}");
    }

    #[test]
    fn truncated_file_is_an_error() {
        let xml =
            "<?xml version=\"1.0\"?>\n<MedlineCitationSet>\n<MedlineCitation>\n<PMID>1</PMID>\n\
                   <Article>\n<ArticleTitle>Cut off";
        let err = parse_err("cut.xml", xml);
        assert!(err.contains("cut.xml:"), "{err}");
        assert!(err.contains("malformed XML"), "{err}");
        let line: u64 = err
            .split(':')
            .nth(1)
            .and_then(|l| l.parse().ok())
            .unwrap_or_else(|| panic!("no line number in {err}"));
        assert!((5..=6).contains(&line), "{err}");
    }

    #[test]
    fn unclosed_tag_inside_gzip_is_an_error() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bad.xml.gz");
        let mut enc =
            flate2::write::GzEncoder::new(std::fs::File::create(&p).unwrap(), Default::default());
        enc.write_all(b"<PubmedArticleSet>\n<PubmedArticle>\n<MedlineCitation>\n<PMID>1</PMID>\n<Article>\n</MedlineCitation>\n")
            .unwrap();
        enc.finish().unwrap();
        let err = PubmedXmlReader::open(&p)
            .unwrap()
            .find_map(|r| r.err())
            .expect("an error")
            .to_string();
        assert!(err.contains("bad.xml.gz:6:"), "{err}");
    }

    #[test]
    fn not_pubmed_xml_is_an_error() {
        let err = parse_err(
            "uniprot.xml",
            "<?xml version=\"1.0\"?>\n<uniprot>\n</uniprot>\n",
        );
        assert!(err.contains("uniprot.xml:2:"), "{err}");
        assert!(err.contains("not a PubMed/MEDLINE XML file"), "{err}");
    }

    #[test]
    fn missing_pmid_is_a_field_error() {
        let xml = "<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n<PubmedArticle>\n\
                   <MedlineCitation Status=\"MEDLINE\">\n<Article>\n<ArticleTitle>No id</ArticleTitle>\n\
                   </Article>\n</MedlineCitation>\n</PubmedArticle>\n</PubmedArticleSet>\n";
        let err = parse_err("nopmid.xml", xml);
        assert!(err.contains("nopmid.xml:4: field `PMID`"), "{err}");
    }

    #[test]
    fn non_integer_pmid_is_a_field_error() {
        let xml = "<MedlineCitationSet>\n<MedlineCitation>\n<PMID Version=\"1\">12a</PMID>\n\
                   </MedlineCitation>\n</MedlineCitationSet>\n";
        let err = parse_err("badpmid.xml", xml);
        assert!(err.contains("badpmid.xml:3: field `PMID`"), "{err}");
        assert!(err.contains("\"12a\""), "{err}");
    }

    #[test]
    fn helpers() {
        assert_eq!(first_four_digits("1998 Dec-1999 Jan"), Some(1998));
        assert_eq!(first_four_digits("Summer 12 2004"), Some(2004));
        assert_eq!(first_four_digits("n.d."), None);
        assert_eq!(normalize_space(" a \n\t b  "), "a b");
        assert_eq!(
            dtd_file_name(r#"PubmedArticleSet SYSTEM "http://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_190101.dtd""#)
                .as_deref(),
            Some("pubmed_190101.dtd")
        );
        assert_eq!(dtd_file_name("PubmedArticleSet"), None);
    }

    /// Every real PubMed/MEDLINE file on this machine parses without error.
    #[test]
    #[cfg_attr(
        not(locus_shared_data),
        ignore = "needs ../shared/data (set LOCUS_SHARED_DATA)"
    )]
    fn real_shared_files_parse() {
        let base = crate::test_support::shared_data("literature");
        let mut files = vec![
            base.join("medline16n0902.xml.gz"),
            base.join("pubmed-29768149.xml"),
            base.join("test_current_medline.xml.gz"),
        ];
        for dir in ["pubmedparser_samples", "biopython_tests"] {
            if let Ok(entries) = std::fs::read_dir(base.join(dir)) {
                let mut found: Vec<PathBuf> = entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| {
                        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                        name.starts_with("pubmed")
                            && (name.ends_with(".xml") || name.ends_with(".xml.gz"))
                    })
                    .collect();
                found.sort();
                files.extend(found);
            } else {
                eprintln!("skip: {} not present", base.join(dir).display());
            }
        }
        for file in files {
            if !file.exists() {
                eprintln!("skip: {} not present", file.display());
                continue;
            }
            let mut r = PubmedXmlReader::open(&file).unwrap();
            let mut n = 0;
            for fact in r.by_ref() {
                match fact {
                    Ok(Fact::Publication(p)) => {
                        assert!(p.pmid > Pmid(0));
                        n += 1;
                    }
                    Ok(other) => panic!("unexpected fact {other:?}"),
                    Err(e) => panic!("{e}"),
                }
            }
            assert!(n > 0, "{}: no citations", file.display());
            eprintln!(
                "{}: {n} citations, release {:?}",
                file.display(),
                r.release()
            );
            let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
            match name {
                "medline16n0902.xml.gz" => {
                    assert_eq!(n, 604);
                    assert_eq!(
                        r.release().as_deref(),
                        Some("MedlineCitationSet (nlmmedlinecitationset_160101.dtd)")
                    );
                }
                "test_current_medline.xml.gz" => assert_eq!(n, 4),
                "pubmed21n0001.xml.gz" => assert_eq!(n, 49),
                _ => {}
            }
        }
    }

    #[test]
    #[cfg_attr(
        not(locus_shared_data),
        ignore = "needs ../shared/data (set LOCUS_SHARED_DATA)"
    )]
    fn real_structured_abstract() {
        let file = crate::test_support::shared_data("literature/pubmed-29768149.xml");
        let (pubs, release) = read_all(&file);
        assert_eq!(
            release.as_deref(),
            Some("PubmedArticleSet (pubmed_190101.dtd)")
        );
        assert_eq!(pubs.len(), 1);
        let p = &pubs[0];
        assert_eq!(p.pmid, Pmid(29768149));
        assert_eq!(
            p.journal.as_deref(),
            Some("The New England journal of medicine")
        );
        assert_eq!(p.year, Some(2018));
        assert_eq!(p.doi.as_deref(), Some("10.1056/NEJMoa1715274"));
        let abs = p.abstract_text.as_deref().unwrap();
        assert!(
            abs.starts_with(
                "BACKGROUND: In patients with mild asthma, as-needed use of an inhaled \
                 glucocorticoid plus a fast-acting \u{3b2} 2-agonist may be"
            ),
            "{abs}"
        );
        assert!(abs.contains(".\n\nMETHODS: We conducted"), "{abs}");
        assert!(abs.contains("\n\nCONCLUSIONS: In patients"), "{abs}");
    }
}
