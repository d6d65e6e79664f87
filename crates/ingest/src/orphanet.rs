//! Orphanet's rare-disease products as Orphadata publishes them in XML:
//! above all product 6, `en_product6.xml`, "Genes associated with rare
//! diseases". For each disorder it yields the disorder as a named term
//! ([`Fact::Term`], `ORPHA:<OrphaCode>`) and then each of its gene
//! associations ([`Fact::GeneDisease`]).
//!
//! The root `<JDBOR>` carries the extraction date and version; the
//! disorders follow in a `<DisorderList>`. A disorder of a real file (the
//! 2023-06-22 extraction, shortened):
//!
//! ```xml
//! <Disorder id="5">
//!   <OrphaCode>93</OrphaCode>
//!   <Name lang="en">Aspartylglucosaminuria</Name>
//!   <DisorderType id="21394"><Name lang="en">Disease</Name></DisorderType>
//!   <DisorderGeneAssociationList count="1">
//!     <DisorderGeneAssociation>
//!       <SourceOfValidation>11309371[PMID]</SourceOfValidation>
//!       <Gene id="15470">
//!         <Name lang="en">aspartylglucosaminidase</Name>
//!         <Symbol>AGA</Symbol>
//!         <ExternalReferenceList count="6">
//!           <ExternalReference id="56681">
//!             <Source>Ensembl</Source><Reference>ENSG00000038002</Reference>
//!           </ExternalReference>
//!           <ExternalReference id="32441">
//!             <Source>SwissProt</Source><Reference>P20933</Reference>
//!           </ExternalReference>
//!         </ExternalReferenceList>
//!       </Gene>
//!       <DisorderGeneAssociationType id="17949">
//!         <Name lang="en">Disease-causing germline mutation(s) in</Name>
//!       </DisorderGeneAssociationType>
//!       <DisorderGeneAssociationStatus id="17991">
//!         <Name lang="en">Assessed</Name>
//!       </DisorderGeneAssociationStatus>
//!     </DisorderGeneAssociation>
//!   </DisorderGeneAssociationList>
//! </Disorder>
//! ```
//!
//! Orphanet's genes are human genes, named by symbol with their Ensembl
//! gene and Swiss-Prot accession where the gene's external references give
//! them (the store resolves the symbol through those). `SourceOfValidation`
//! lists the evidence as `_`-separated tokens, `22587682[PMID]_…`; the
//! PubMed ids are kept and tokens of any other kind passed over. The
//! products that list a disorder's own cross-references and synonyms
//! (product 1, `en_product1.xml`) give them to the term as `OMIM:…`,
//! `ICD-10:…`, `MeSH:…`; product 6 has none. What the model has no field
//! for (the disorder type and group; the gene's name, synonyms, HGNC id and
//! locus) is not kept.
//!
//! Orphadata's XML declares `encoding="ISO-8859-1"`; such a file is decoded
//! as Latin-1 before quick-xml sees it (a UTF-8 file passes through), and
//! the reader counts newlines as quick-xml consumes the text so that errors
//! name a 1-based line, as the PubMed and MediaWiki readers do.

use std::collections::VecDeque;
use std::io::{self, BufRead};
use std::path::{Path, PathBuf};

use locus_model::{Fact, GeneDisease, GeneRef, Ontology, OntologyTerm, Pmid, TaxId, TermId};
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::records::{RecordReader, Records};
use crate::xml::LineCounter;
use crate::{open_maybe_gz, IngestError, Result};

/// Streams the disorders and gene associations of an Orphanet product XML
/// file (plain or gzip).
pub type OrphanetReader = Records<OrphanetRecords>;

/// The parsing state behind [`OrphanetReader`].
pub struct OrphanetRecords {
    reader: Reader<LineCounter<Utf8Input>>,
    buf: Vec<u8>,
    state: State,
    /// The facts of the last disorder read, not yet handed out.
    pending: VecDeque<Fact>,
    finished: bool,
}

impl OrphanetReader {
    /// Opens `path` (plain or gzip), settles its text encoding from the
    /// XML declaration and reads up to the root element, so a file that is
    /// not Orphanet XML is refused here and the release is known at once.
    pub fn open(path: &Path) -> Result<Self> {
        let mut input = open_maybe_gz(path)?;
        let head = input.fill_buf().map_err(|e| IngestError::io(path, e))?;
        let has_bom = head.starts_with(b"\xEF\xBB\xBF");
        let latin1 = match declared_encoding(head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head)) {
            None => false,
            Some(name) => match name.to_ascii_uppercase().as_str() {
                "UTF-8" | "UTF8" | "US-ASCII" | "ASCII" => false,
                "ISO-8859-1" | "ISO8859-1" | "ISO_8859-1" | "LATIN1" | "LATIN-1" | "L1" => {
                    // A byte order mark says UTF-8 whatever the declaration.
                    !has_bom
                }
                _ => {
                    return Err(IngestError::line(
                        path,
                        1,
                        format!(
                            "the XML declaration names the encoding {name:?}; Orphanet files \
                             are ISO-8859-1 or UTF-8"
                        ),
                    ))
                }
            },
        };
        if has_bom {
            // Dropped here rather than by quick-xml, so the offsets it
            // reports match the bytes counted.
            input.consume(3);
        }
        let mut reader = Reader::from_reader(LineCounter::new(Utf8Input::new(input, latin1)));
        let config = reader.config_mut();
        config.trim_text(false);
        config.check_end_names = true;
        config.expand_empty_elements = false;
        let mut records = OrphanetRecords {
            reader,
            buf: Vec::with_capacity(1 << 12),
            state: State::new(path),
            pending: VecDeque::new(),
            finished: false,
        };
        while records.state.root.is_none() {
            if !records.step()? {
                break;
            }
        }
        Ok(Records::new(records))
    }
}

impl RecordReader for OrphanetRecords {
    fn next_record(&mut self) -> Result<Option<Fact>> {
        loop {
            if let Some(fact) = self.pending.pop_front() {
                return Ok(Some(fact));
            }
            if self.finished || !self.step()? {
                return Ok(None);
            }
        }
    }

    /// The root's extraction date and version, e.g. `Orphadata 2023-06-22
    /// 14:14:43, version 1.3.25 / 4.1.7 [2023-04-17] (orientdb version)`.
    fn release(&self) -> Option<String> {
        let (date, version) = (&self.state.date, &self.state.version);
        match (date, version) {
            (None, None) => None,
            (Some(d), None) => Some(format!("Orphadata {d}")),
            (None, Some(v)) => Some(format!("Orphadata, version {v}")),
            (Some(d), Some(v)) => Some(format!("Orphadata {d}, version {v}")),
        }
    }
}

impl OrphanetRecords {
    /// Reads one XML event, queueing the facts of a disorder that closes;
    /// `false` at the end of the file.
    fn step(&mut self) -> Result<bool> {
        let (event, line) =
            crate::xml::next_event(&mut self.reader, &mut self.buf, &self.state.path)?;
        if let Event::Eof = event {
            self.finished = true;
            self.state.at_eof(line)?;
            return Ok(false);
        }
        self.state.on_event(event, line, &mut self.pending)?;
        Ok(true)
    }
}

/// The `encoding` of an XML declaration at the start of `head`, if there
/// is one.
fn declared_encoding(head: &[u8]) -> Option<String> {
    let decl = head.strip_prefix(b"<?xml")?;
    let end = decl.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&decl[..end]).ok()?;
    let after = &decl[decl.find("encoding")? + "encoding".len()..];
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &after[1..];
    Some(value[..value.find(quote)?].to_string())
}

// ---------------------------------------------------------------------------
// Input: Latin-1 decoding

/// The file as UTF-8, decoded from Latin-1 if the file is; the line
/// counter reads it. Decoding changes byte offsets but not newlines, so
/// the lines errors name stay right.
struct Utf8Input {
    inner: Box<dyn BufRead + Send>,
    latin1: bool,
    /// UTF-8 text not yet handed out, from `pos`.
    chunk: Vec<u8>,
    pos: usize,
}

impl Utf8Input {
    fn new(inner: Box<dyn BufRead + Send>, latin1: bool) -> Self {
        Utf8Input {
            inner,
            latin1,
            chunk: Vec::with_capacity(1 << 16),
            pos: 0,
        }
    }
}

/// Appends `raw` to `out` decoded from Latin-1: every byte is the code
/// point of the same number, so bytes from 0x80 take two UTF-8 bytes.
fn push_latin1(out: &mut Vec<u8>, raw: &[u8]) {
    for &b in raw {
        if b < 0x80 {
            out.push(b);
        } else {
            out.push(0xC0 | (b >> 6));
            out.push(0x80 | (b & 0x3F));
        }
    }
}

impl io::Read for Utf8Input {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos >= self.chunk.len() {
            self.chunk.clear();
            self.pos = 0;
            let raw = self.inner.fill_buf()?;
            let n = raw.len();
            if self.latin1 {
                push_latin1(&mut self.chunk, raw);
            } else {
                self.chunk.extend_from_slice(raw);
            }
            self.inner.consume(n);
        }
        let n = (self.chunk.len() - self.pos).min(out.len());
        out[..n].copy_from_slice(&self.chunk[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

// ---------------------------------------------------------------------------
// Parsing state

/// The elements the reader looks at; everything else is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Disorder,
    OrphaCode,
    Name,
    SynonymList,
    Synonym,
    ExternalReferenceList,
    ExternalReference,
    Source,
    Reference,
    AssociationList,
    Association,
    SourceOfValidation,
    Gene,
    Symbol,
    AssociationType,
    AssociationStatus,
    Other,
}

impl Tag {
    fn of(name: &str) -> Tag {
        match name {
            "Disorder" => Tag::Disorder,
            "OrphaCode" => Tag::OrphaCode,
            "Name" => Tag::Name,
            "SynonymList" => Tag::SynonymList,
            "Synonym" => Tag::Synonym,
            "ExternalReferenceList" => Tag::ExternalReferenceList,
            "ExternalReference" => Tag::ExternalReference,
            "Source" => Tag::Source,
            "Reference" => Tag::Reference,
            "DisorderGeneAssociationList" => Tag::AssociationList,
            "DisorderGeneAssociation" => Tag::Association,
            "SourceOfValidation" => Tag::SourceOfValidation,
            "Gene" => Tag::Gene,
            "Symbol" => Tag::Symbol,
            "DisorderGeneAssociationType" => Tag::AssociationType,
            "DisorderGeneAssociationStatus" => Tag::AssociationStatus,
            _ => Tag::Other,
        }
    }
}

/// An element whose text is being collected, and where it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    OrphaCode,
    Name,
    Synonym,
    XrefSource,
    XrefReference,
    SourceOfValidation,
    Symbol,
    GeneRefSource,
    GeneRefReference,
    AssociationType,
    AssociationStatus,
}

struct Capture {
    field: Field,
    /// Stack depth of the element, so markup inside it is read through.
    depth: usize,
    line: u64,
}

/// One `<ExternalReference>`: `<Source>` and `<Reference>`.
#[derive(Default)]
struct ExternalRef {
    source: String,
    reference: String,
}

/// A `<DisorderGeneAssociation>` being read.
#[derive(Default)]
struct GeneAssociation {
    line: u64,
    /// The text of `<SourceOfValidation>` and its line.
    validation: Option<(String, u64)>,
    symbol: Option<String>,
    ensembl: Option<String>,
    uniprot: Option<String>,
    gene_reference: Option<ExternalRef>,
    kind: Option<String>,
    status: Option<String>,
}

/// A `<Disorder>` being read.
#[derive(Default)]
struct DisorderRecord {
    line: u64,
    /// The text of `<OrphaCode>` and its line.
    code: Option<(String, u64)>,
    name: Option<String>,
    synonyms: Vec<String>,
    xrefs: Vec<String>,
    reference: Option<ExternalRef>,
    associations: Vec<GeneAssociation>,
    association: Option<GeneAssociation>,
}

/// Everything but the quick-xml reader, so events borrowed from the read
/// buffer can be handled while the state changes.
struct State {
    path: PathBuf,
    root: Option<String>,
    date: Option<String>,
    version: Option<String>,
    /// Open elements, outermost first.
    stack: Vec<Tag>,
    /// Stack depth (length including itself) of the open `<Disorder>`.
    disorder_depth: Option<usize>,
    disorder: Option<DisorderRecord>,
    capture: Option<Capture>,
    text: String,
}

impl State {
    fn new(path: &Path) -> Self {
        State {
            path: path.to_path_buf(),
            root: None,
            date: None,
            version: None,
            stack: Vec::with_capacity(16),
            disorder_depth: None,
            disorder: None,
            capture: None,
            text: String::new(),
        }
    }

    fn line_error(&self, line: u64, message: impl Into<String>) -> IngestError {
        IngestError::line(&self.path, line, message)
    }

    fn field_error(&self, line: u64, field: &str, message: impl Into<String>) -> IngestError {
        IngestError::field(&self.path, line, field, message)
    }

    fn on_event(&mut self, event: Event<'_>, line: u64, out: &mut VecDeque<Fact>) -> Result<()> {
        match event {
            Event::Start(e) => self.open(&e, line),
            Event::Empty(e) => {
                self.open(&e, line)?;
                self.close(out)
            }
            Event::End(_) => self.close(out),
            Event::Text(t) => {
                if self.capture.is_some() {
                    self.text.push_str(&t.xml10_content());
                }
                Ok(())
            }
            Event::CData(t) => {
                if self.capture.is_some() {
                    self.text.push_str(&t.xml10_content());
                }
                Ok(())
            }
            Event::GeneralRef(r) => {
                if self.capture.is_some() {
                    crate::xml::push_reference(&mut self.text, &r, &self.path, line)?;
                }
                Ok(())
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => Ok(()),
            Event::Eof => Ok(()),
        }
    }

    fn at_eof(&self, line: u64) -> Result<()> {
        match (&self.root, &self.disorder) {
            (None, _) => {
                Err(self.line_error(line, "no root element: not an Orphanet XML file (<JDBOR>)"))
            }
            (Some(_), Some(d)) => Err(self.line_error(
                line,
                format!(
                    "malformed XML: file ends inside the <Disorder> of line {} (truncated?)",
                    d.line
                ),
            )),
            (Some(root), None) if !self.stack.is_empty() => Err(self.line_error(
                line,
                format!("malformed XML: file ends inside <{root}> (truncated?)"),
            )),
            _ => Ok(()),
        }
    }

    fn attr(&self, e: &BytesStart<'_>, name: &str, line: u64) -> Result<Option<String>> {
        match e.try_get_attribute(name) {
            Ok(None) => Ok(None),
            Ok(Some(a)) => a
                .normalized_value(XmlVersion::Implicit1_0)
                .map(|v| Some(v.into_owned()))
                .map_err(|err| {
                    self.line_error(line, format!("malformed XML: attribute {name}: {err}"))
                }),
            Err(err) => Err(self.line_error(
                line,
                format!(
                    "malformed XML: attributes of <{}>: {err}",
                    e.name().as_ref()
                ),
            )),
        }
    }

    fn open(&mut self, e: &BytesStart<'_>, line: u64) -> Result<()> {
        let name = e.name();
        let name = name.as_ref();
        if self.stack.is_empty() {
            if let Some(root) = &self.root {
                return Err(self.line_error(
                    line,
                    format!("malformed XML: second root element <{name}> after <{root}>"),
                ));
            }
            if name != "JDBOR" {
                return Err(self.line_error(
                    line,
                    format!("root element is <{name}>, not <JDBOR>: not an Orphanet XML file"),
                ));
            }
            self.date = self.attr(e, "date", line)?.filter(|v| !v.trim().is_empty());
            self.version = self
                .attr(e, "version", line)?
                .filter(|v| !v.trim().is_empty());
            self.root = Some(name.to_string());
        }
        let tag = Tag::of(name);
        self.stack.push(tag);
        if self.capture.is_some() {
            return Ok(());
        }
        let Some(d) = self.disorder_depth else {
            if tag == Tag::Disorder {
                self.disorder_depth = Some(self.stack.len());
                self.disorder = Some(DisorderRecord {
                    line,
                    ..DisorderRecord::default()
                });
            }
            return Ok(());
        };
        let Some(disorder) = self.disorder.as_mut() else {
            return Ok(());
        };
        use Tag::*;
        let field = match &self.stack[d..] {
            [OrphaCode] => Field::OrphaCode,
            [Name] => Field::Name,
            [SynonymList, Synonym] => Field::Synonym,
            [ExternalReferenceList, ExternalReference] => {
                disorder.reference = Some(ExternalRef::default());
                return Ok(());
            }
            [ExternalReferenceList, ExternalReference, Source] => Field::XrefSource,
            [ExternalReferenceList, ExternalReference, Reference] => Field::XrefReference,
            [AssociationList, Association] => {
                disorder.association = Some(GeneAssociation {
                    line,
                    ..GeneAssociation::default()
                });
                return Ok(());
            }
            [AssociationList, Association, SourceOfValidation] => Field::SourceOfValidation,
            [AssociationList, Association, Gene, Symbol] => Field::Symbol,
            [AssociationList, Association, Gene, ExternalReferenceList, ExternalReference] => {
                if let Some(a) = disorder.association.as_mut() {
                    a.gene_reference = Some(ExternalRef::default());
                }
                return Ok(());
            }
            [AssociationList, Association, Gene, ExternalReferenceList, ExternalReference, Source] => {
                Field::GeneRefSource
            }
            [AssociationList, Association, Gene, ExternalReferenceList, ExternalReference, Reference] => {
                Field::GeneRefReference
            }
            [AssociationList, Association, AssociationType, Name] => Field::AssociationType,
            [AssociationList, Association, AssociationStatus, Name] => Field::AssociationStatus,
            _ => return Ok(()),
        };
        self.text.clear();
        self.capture = Some(Capture {
            field,
            depth: self.stack.len(),
            line,
        });
        Ok(())
    }

    /// Handles the end of the innermost open element.
    fn close(&mut self, out: &mut VecDeque<Fact>) -> Result<()> {
        let depth = self.stack.len();
        let result = self.close_at(depth, out);
        self.stack.pop();
        result
    }

    fn close_at(&mut self, depth: usize, out: &mut VecDeque<Fact>) -> Result<()> {
        if let Some(capture) = &self.capture {
            if capture.depth == depth {
                if let Some(capture) = self.capture.take() {
                    let text = self.text.split_whitespace().collect::<Vec<_>>().join(" ");
                    self.text.clear();
                    self.store(capture, text);
                }
            }
            return Ok(());
        }
        let Some(d) = self.disorder_depth else {
            return Ok(());
        };
        if depth == d {
            self.disorder_depth = None;
            if let Some(disorder) = self.disorder.take() {
                self.emit(disorder, out)?;
            }
            return Ok(());
        }
        let Some(disorder) = self.disorder.as_mut() else {
            return Ok(());
        };
        use Tag::*;
        match &self.stack[d..] {
            [ExternalReferenceList, ExternalReference] => {
                if let Some(r) = disorder.reference.take() {
                    if !r.source.is_empty() && !r.reference.is_empty() {
                        disorder.xrefs.push(format!("{}:{}", r.source, r.reference));
                    }
                }
            }
            [AssociationList, Association, Gene, ExternalReferenceList, ExternalReference] => {
                if let Some(a) = disorder.association.as_mut() {
                    if let Some(r) = a.gene_reference.take() {
                        let slot = match r.source.as_str() {
                            "Ensembl" => &mut a.ensembl,
                            "SwissProt" => &mut a.uniprot,
                            _ => return Ok(()),
                        };
                        // A gene with two ids of one kind keeps the first.
                        if slot.is_none() && !r.reference.is_empty() {
                            *slot = Some(r.reference);
                        }
                    }
                }
            }
            [AssociationList, Association] => {
                if let Some(a) = disorder.association.take() {
                    disorder.associations.push(a);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Puts the text of a captured element where it belongs.
    fn store(&mut self, capture: Capture, text: String) {
        let Some(disorder) = self.disorder.as_mut() else {
            return;
        };
        let association = disorder.association.as_mut();
        match capture.field {
            Field::OrphaCode => {
                if disorder.code.is_none() {
                    disorder.code = Some((text, capture.line));
                }
            }
            Field::Name => {
                if disorder.name.is_none() && !text.is_empty() {
                    disorder.name = Some(text);
                }
            }
            Field::Synonym => {
                if !text.is_empty() {
                    disorder.synonyms.push(text);
                }
            }
            Field::XrefSource | Field::XrefReference => {
                if let Some(r) = disorder.reference.as_mut() {
                    if capture.field == Field::XrefSource {
                        r.source = text;
                    } else {
                        r.reference = text;
                    }
                }
            }
            Field::GeneRefSource | Field::GeneRefReference => {
                if let Some(r) = association.and_then(|a| a.gene_reference.as_mut()) {
                    if capture.field == Field::GeneRefSource {
                        r.source = text;
                    } else {
                        r.reference = text;
                    }
                }
            }
            Field::SourceOfValidation => {
                if let Some(a) = association {
                    a.validation = Some((text, capture.line));
                }
            }
            Field::Symbol => {
                if let Some(a) = association {
                    a.symbol = Some(text).filter(|t| !t.is_empty());
                }
            }
            Field::AssociationType => {
                if let Some(a) = association {
                    a.kind = Some(text).filter(|t| !t.is_empty());
                }
            }
            Field::AssociationStatus => {
                if let Some(a) = association {
                    a.status = Some(text).filter(|t| !t.is_empty());
                }
            }
        }
    }

    /// Queues the term of a finished disorder, then its associations.
    fn emit(&self, disorder: DisorderRecord, out: &mut VecDeque<Fact>) -> Result<()> {
        let (code, code_line) = disorder.code.ok_or_else(|| {
            self.field_error(disorder.line, "OrphaCode", "<Disorder> has no OrphaCode")
        })?;
        let local: u32 = code.parse().ok().filter(|&n| n > 0).ok_or_else(|| {
            self.field_error(
                code_line,
                "OrphaCode",
                format!("not a positive integer: {code:?}"),
            )
        })?;
        let id = TermId {
            ontology: Ontology::Orpha,
            local,
        };
        let name = disorder.name.ok_or_else(|| {
            self.field_error(
                disorder.line,
                "Name",
                format!("<Disorder> {id} has no Name"),
            )
        })?;
        let mut facts = Vec::with_capacity(1 + disorder.associations.len());
        facts.push(Fact::Term(OntologyTerm {
            id,
            name: name.clone(),
            definition: None,
            synonyms: disorder.synonyms,
            parents: Vec::new(),
            xrefs: disorder.xrefs,
            obsolete: false,
            replaced_by: None,
            line: disorder.line,
        }));
        for a in disorder.associations {
            let symbol = a.symbol.ok_or_else(|| {
                self.field_error(
                    a.line,
                    "Symbol",
                    format!("<DisorderGeneAssociation> of {id} has no gene <Symbol>"),
                )
            })?;
            let association = a.kind.ok_or_else(|| {
                self.field_error(
                    a.line,
                    "DisorderGeneAssociationType",
                    format!("<DisorderGeneAssociation> of {id} with {symbol} has no type"),
                )
            })?;
            let pmids = match &a.validation {
                Some((text, line)) => pmids_of(text).map_err(|token| {
                    self.field_error(
                        *line,
                        "SourceOfValidation",
                        format!("{token:?} is marked [PMID] but is not a PubMed id"),
                    )
                })?,
                None => Vec::new(),
            };
            let mut gene = GeneRef::symbol(TaxId::HUMAN, &symbol);
            gene.ensembl = a.ensembl;
            gene.uniprot = a.uniprot;
            facts.push(Fact::GeneDisease(GeneDisease {
                gene,
                line: a.line,
                disease: id,
                disease_name: Some(name.clone()),
                association,
                status: a.status,
                source: None,
                pmids,
            }));
        }
        out.extend(facts);
        Ok(())
    }
}

/// The PubMed ids of a `SourceOfValidation` (`22587682[PMID]_11309371[PMID]`),
/// in order and without repeats; tokens of other kinds are passed over. A
/// token marked `[PMID]` whose number does not read is returned as the
/// error.
fn pmids_of(text: &str) -> std::result::Result<Vec<Pmid>, String> {
    let mut pmids = Vec::new();
    for token in text.split('_') {
        let Some(number) = token.trim().strip_suffix("[PMID]") else {
            continue;
        };
        let number = number.trim();
        let pmid = Some(number)
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse::<Pmid>().ok())
            .filter(|p| p.get() > 0)
            .ok_or_else(|| token.to_string())?;
        if !pmids.contains(&pmid) {
            pmids.push(pmid);
        }
    }
    Ok(pmids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FactSource;

    /// Orphanet's product 6 excerpt, whole: `tests/data/orphanet/`
    /// (see the README there).
    const EXAMPLE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/orphanet/orphanet_example.xml"
    );

    fn facts(path: &Path) -> Result<Vec<Fact>> {
        OrphanetReader::open(path)?.collect()
    }

    fn gene(symbol: &str, ensembl: &str, uniprot: &str) -> GeneRef {
        GeneRef {
            tax_id: TaxId::HUMAN,
            symbol: Some(symbol.into()),
            ensembl: Some(ensembl.into()),
            uniprot: Some(uniprot.into()),
            ..GeneRef::default()
        }
    }

    fn term(local: u32, name: &str, line: u64) -> Fact {
        Fact::Term(OntologyTerm {
            id: TermId {
                ontology: Ontology::Orpha,
                local,
            },
            name: name.into(),
            definition: None,
            synonyms: Vec::new(),
            parents: Vec::new(),
            xrefs: Vec::new(),
            obsolete: false,
            replaced_by: None,
            line,
        })
    }

    fn association(gene: GeneRef, line: u64, local: u32, name: &str, pmid: u32) -> Fact {
        Fact::GeneDisease(GeneDisease {
            gene,
            line,
            disease: TermId {
                ontology: Ontology::Orpha,
                local,
            },
            disease_name: Some(name.into()),
            association: "Disease-causing germline mutation(s) in".into(),
            status: Some("Assessed".into()),
            source: None,
            pmids: vec![Pmid(pmid)],
        })
    }

    /// Every value of the three disorders, as in the file (`grep -n
    /// '<Disorder \|<DisorderGeneAssociation>'` gives the lines).
    #[test]
    fn disorders_and_their_genes() {
        let reader = OrphanetReader::open(Path::new(EXAMPLE)).unwrap();
        assert_eq!(
            reader.release().as_deref(),
            Some("Orphadata 2023-06-22 14:14:43, version 1.3.25 / 4.1.7 [2023-04-17] (orientdb version)")
        );
        let got: Vec<Fact> = reader.map(|f| f.unwrap()).collect();
        let al_gazali = "Multiple epiphyseal dysplasia, Al-Gazali type";
        let aga = "Aspartylglucosaminuria";
        let brachydactyly = "Brachydactyly-short stature-retinitis pigmentosa syndrome";
        assert_eq!(
            got,
            [
                term(166024, al_gazali, 11),
                association(
                    gene("KIF7", "ENSG00000166813", "Q2M1P5"),
                    22,
                    166024,
                    al_gazali,
                    22587682
                ),
                term(93, aga, 75),
                association(
                    gene("AGA", "ENSG00000038002", "P20933"),
                    86,
                    93,
                    aga,
                    11309371
                ),
                term(166035, brachydactyly, 141),
                association(
                    gene("CWC27", "ENSG00000153015", "Q6UX04"),
                    152,
                    166035,
                    brachydactyly,
                    28285769
                ),
            ]
        );
    }

    #[test]
    fn source_of_validation_keeps_pubmed_ids() {
        assert_eq!(
            pmids_of("22587682[PMID]_11309371[PMID]_22587682[PMID]"),
            Ok(vec![Pmid(22587682), Pmid(11309371)])
        );
        assert_eq!(pmids_of(""), Ok(vec![]));
        assert_eq!(pmids_of("x[PMID]"), Err("x[PMID]".to_string()));
    }

    #[test]
    fn the_encoding_comes_from_the_declaration() {
        assert_eq!(
            declared_encoding(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<JDBOR>")
                .as_deref(),
            Some("ISO-8859-1")
        );
        assert_eq!(declared_encoding(b"<?xml version=\"1.0\"?><JDBOR>"), None);
        // Latin-1 0xF6 is U+00F6 (ö), as in Orphanet's "Sjögren-Larsson syndrome".
        let mut out = Vec::new();
        push_latin1(&mut out, b"Sj\xF6gren");
        assert_eq!(std::str::from_utf8(&out), Ok("Sjögren"));
    }

    /// A copy of the example cut off inside its second disorder, and one
    /// whose first association lost its gene symbol.
    #[test]
    fn broken_files_are_named() {
        let text = std::fs::read_to_string(EXAMPLE).unwrap();
        let dir = tempfile::tempdir().unwrap();

        let truncated = dir.path().join("truncated.xml");
        let first_100_lines: String = text.lines().take(100).map(|l| format!("{l}\n")).collect();
        std::fs::write(&truncated, first_100_lines).unwrap();
        let mut reader = OrphanetReader::open(&truncated).unwrap();
        assert!(matches!(reader.next(), Some(Ok(Fact::Term(_)))));
        assert!(matches!(reader.next(), Some(Ok(Fact::GeneDisease(_)))));
        let e = reader.next().unwrap().unwrap_err().to_string();
        assert!(
            e.ends_with(
                "truncated.xml:101: malformed XML: file ends inside the <Disorder> of line 75 \
                 (truncated?)"
            ),
            "{e}"
        );
        assert!(reader.next().is_none());

        let no_symbol = dir.path().join("no_symbol.xml");
        std::fs::write(&no_symbol, text.replacen("<Symbol>KIF7</Symbol>", "", 1)).unwrap();
        let e = facts(&no_symbol).unwrap_err().to_string();
        assert!(
            e.ends_with(
                "no_symbol.xml:22: field `Symbol`: <DisorderGeneAssociation> of ORPHA:166024 \
                 has no gene <Symbol>"
            ),
            "{e}"
        );

        let no_code = dir.path().join("no_code.xml");
        std::fs::write(&no_code, text.replacen("<OrphaCode>93</OrphaCode>", "", 1)).unwrap();
        let e = facts(&no_code).unwrap_err().to_string();
        assert!(
            e.ends_with("no_code.xml:75: field `OrphaCode`: <Disorder> has no OrphaCode"),
            "{e}"
        );

        let mismatched = dir.path().join("mismatched.xml");
        std::fs::write(&mismatched, text.replacen("</Symbol>", "</Symbo>", 1)).unwrap();
        let e = facts(&mismatched).unwrap_err().to_string();
        assert!(e.contains("mismatched.xml:26: malformed XML: "), "{e}");

        let not_orphanet = dir.path().join("not_orphanet.xml");
        std::fs::write(&not_orphanet, text.replacen("JDBOR", "JDBORX", 1)).unwrap();
        let e = OrphanetReader::open(&not_orphanet)
            .err()
            .unwrap()
            .to_string();
        assert!(
            e.ends_with(":2: root element is <JDBORX>, not <JDBOR>: not an Orphanet XML file"),
            "{e}"
        );
    }

    /// The shared copy of the excerpt: 3 disorders, 3 associations
    /// (`grep -c '<Disorder '` and `grep -c '<DisorderGeneAssociation>'`
    /// on `phenotypes/orphanet_example.xml`).
    #[test]
    #[cfg_attr(
        not(locus_shared_data),
        ignore = "needs ../shared/data (set LOCUS_SHARED_DATA)"
    )]
    fn the_whole_shared_example() {
        let path = crate::test_support::shared_data("phenotypes/orphanet_example.xml");
        let got = facts(&path).unwrap();
        let terms: Vec<String> = got
            .iter()
            .filter_map(|f| match f {
                Fact::Term(t) => Some(t.id.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(terms, ["ORPHA:166024", "ORPHA:93", "ORPHA:166035"]);
        let genes: Vec<&str> = got
            .iter()
            .filter_map(|f| match f {
                Fact::GeneDisease(g) => g.gene.symbol.as_deref(),
                _ => None,
            })
            .collect();
        assert_eq!(genes, ["KIF7", "AGA", "CWC27"]);
    }
}
