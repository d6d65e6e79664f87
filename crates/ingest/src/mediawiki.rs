//! MediaWiki page histories: the XML export format and the Action API's
//! JSON revision list, read into [`WikiPageHeader`]s and [`WikiRevision`]s
//! for an importer that turns them into wiki revisions.
//!
//! # XML export (`Special:Export`, `dumpBackup.php`, the `pages-meta-history` dumps)
//!
//! [`MediaWikiXmlReader`] streams a file of export schema 0.4 to 0.11: the
//! root `<mediawiki version="0.N">`, a `<siteinfo>` (only its namespace
//! list is read, to place titles in a namespace when the schema predates
//! `<ns>`), then any number of `<page>`s. It yields, in file order, a
//! [`WikiItem::Page`] for each page (before that page's first revision)
//! and a [`WikiItem::Revision`] for each `<revision>`. Elements it does
//! not use (`<upload>`, `<discussionthreadinginfo>`, `<restrictions>`,
//! `<origin>`, the extra `<content>` slots of 0.11, anything from a later
//! schema) are skipped wherever they appear. Only one revision's text is
//! held at a time, so a history of any length reads in little memory.
//!
//! The input may be plain, gzip, xz or LZMA-alone: see
//! [`MediaWikiXmlReader::open`].
//!
//! # Action API JSON
//!
//! [`read_action_api_json`] reads what `action=query&prop=revisions`
//! returns, as a whole response (either `formatversion`) or as the bare
//! array of revision objects a script saves from one. The file is read
//! whole: JSON has no record boundaries to stream by, and such files are
//! tens of MB at most (the API returns at most 50 revisions with content
//! per request).
//!
//! # What the two formats have in common
//!
//! Both yield the same values for the same history; the differences of
//! the formats are smoothed over as follows:
//!
//! - an empty edit summary, an absent `<comment>` and `"comment": ""` are
//!   all `comment: None`;
//! - a parent id of 0 (the API's "no parent") and an absent `<parentid>`
//!   are `parent_id: None`; a user id of 0 (an imported or unknown
//!   account) is `id: None`;
//! - text, comment and contributor hidden by revision deletion (XML
//!   `deleted="deleted"`, API `texthidden`/`commenthidden`/`userhidden`)
//!   are `None`/[`Contributor::Hidden`], with `text_hidden` and
//!   `comment_hidden` set so a hidden value is told from an absent one;
//! - `sha1` is kept as the file writes it: base 36 in XML exports, hex in
//!   the API.
//!
//! Errors name the file and, for XML, the 1-based line and the element
//! (``history.xml:5120: field `revision/timestamp`: "2015-13-01" is not a
//! timestamp``); for JSON, the path of the bad value in the document.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use serde_json::{Map, Value};

use crate::{open_maybe_gz, IngestError, Result};

// ---------------------------------------------------------------------------
// Public types

/// Which page-history format a file holds; see [`detect`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WikiFormat {
    /// MediaWiki XML export (`<mediawiki>`); read with [`MediaWikiXmlReader`].
    Xml,
    /// Action API JSON (`{...}` response or `[...]` revision list); read
    /// with [`read_action_api_json`].
    ActionApiJson,
}

/// What a history says about its page, apart from the revisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WikiPageHeader {
    /// The full title as the wiki displays it, namespace prefix included
    /// (`Talk:Anarchism`).
    pub title: String,
    /// The namespace number (0 for articles, 1 for Talk, ...). Export
    /// schemas before 0.6 have no `<ns>`: the namespace is then found from
    /// the title's prefix and the `<siteinfo>` namespace list, and is 0 when
    /// no prefix matches. A bare JSON revision list says nothing and gives 0.
    pub namespace: i64,
    /// The page id on its wiki, when the file gives it.
    pub page_id: Option<u64>,
    /// The title this page redirects to (`<redirect title="..."/>`); `None`
    /// when it is not a redirect or the format does not say (the Action
    /// API's revision list never does).
    pub redirect: Option<String>,
}

/// Who made a revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contributor {
    /// A registered account (`<username>` and `<id>`; API `user`,
    /// `userid`). `id` is `None` when the file gives none, or gives 0 (an
    /// account imported from another wiki).
    User {
        /// The user name.
        name: String,
        /// The user id on the wiki.
        id: Option<u64>,
    },
    /// An edit logged out, known by its IP address (`<ip>`; API `anon`).
    Ip(String),
    /// The contributor was hidden by revision deletion
    /// (`<contributor deleted="deleted"/>`; API `userhidden`).
    Hidden,
}

/// One revision of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WikiRevision {
    /// The revision id (`rev_id`; API `revid`).
    pub id: u64,
    /// The revision this one was edited from; `None` for a page's first
    /// revision (no `<parentid>`, or API `parentid` 0) and in export
    /// schemas before 0.5, which have no `<parentid>`.
    pub parent_id: Option<u64>,
    /// When it was saved, in UTC, as ISO 8601 `YYYY-MM-DDTHH:MM:SSZ`
    /// (checked when read).
    pub timestamp: String,
    /// Who saved it.
    pub contributor: Contributor,
    /// Whether it was marked a minor edit.
    pub minor: bool,
    /// The edit summary; `None` when empty, absent or hidden.
    pub comment: Option<String>,
    /// Whether the edit summary was hidden by revision deletion.
    pub comment_hidden: bool,
    /// The page text (wikitext, or whatever `model` says) after this
    /// revision, with XML entities decoded. `None` when it was hidden by
    /// revision deletion (see `text_hidden`) or is not in the file (a stub
    /// dump's `<text bytes="1234" id="..."/>`, an API request without
    /// `rvprop=content`); an empty page is `Some("")`.
    pub text: Option<String>,
    /// Whether the text was hidden by revision deletion.
    pub text_hidden: bool,
    /// The SHA-1 of the text as the file gives it: base 36 in XML exports,
    /// hex in the Action API.
    pub sha1: Option<String>,
    /// The content model (`wikitext`, `Scribunto`, `json`, ...).
    pub model: Option<String>,
    /// The serialisation format (`text/x-wiki`, ...).
    pub format: Option<String>,
    /// 1-based line where the `<revision>` element starts; 0 for JSON.
    pub line: u64,
}

/// One item of an XML export, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WikiItem {
    /// A page begins; the revisions that follow, up to the next `Page`,
    /// are its revisions.
    Page(WikiPageHeader),
    /// A revision of the page last announced.
    Revision(WikiRevision),
}

/// One page's history from an Action API response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WikiPageHistory {
    /// The page.
    pub header: WikiPageHeader,
    /// Its revisions, in the order the file lists them (the API's default
    /// `rvdir=older` lists the newest first; sort by `(timestamp, id)` for
    /// chronological order).
    pub revisions: Vec<WikiRevision>,
}

// ---------------------------------------------------------------------------
// Opening: compression and format detection

const XZ_MAGIC: &[u8] = &[0xFD, b'7', b'z', b'X', b'Z', 0x00];
const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];
/// How `lzma`/`xz --format=lzma` start a file with their default settings:
/// the properties byte lc=3 lp=0 pb=2, then a dictionary size whose low
/// two bytes are zero (every size from 64 KiB up). Plain XML or JSON never
/// starts with `]`.
const LZMA_ALONE_START: &[u8] = &[0x5D, 0x00, 0x00];

/// Opens `path` for streaming, decompressing gzip, xz or LZMA-alone.
///
/// gzip and xz are recognised by their magic bytes whatever the file is
/// called. LZMA-alone (`.lzma`) has no magic number: it is recognised by
/// the `.lzma` extension, or by the first bytes `5D 00 00` that `lzma` and
/// `xz --format=lzma` write with their default settings.
fn open_input(path: &Path) -> Result<Box<dyn BufRead + Send>> {
    let io_err = |e| IngestError::io(path, e);
    let mut file = File::open(path).map_err(io_err)?;
    let mut magic = [0u8; 6];
    let n = read_up_to(&mut file, &mut magic).map_err(io_err)?;
    let magic = &magic[..n];
    if magic.starts_with(GZIP_MAGIC) {
        return open_maybe_gz(path);
    }
    file.seek(SeekFrom::Start(0)).map_err(io_err)?;
    let file = BufReader::with_capacity(1 << 16, file);
    let is_lzma_ext = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("lzma"));
    if magic.starts_with(XZ_MAGIC) {
        let xz = xz2::bufread::XzDecoder::new_multi_decoder(file);
        Ok(Box::new(BufReader::with_capacity(1 << 16, xz)))
    } else if is_lzma_ext || magic.starts_with(LZMA_ALONE_START) {
        let stream = xz2::stream::Stream::new_lzma_decoder(u64::MAX)
            .map_err(|e| IngestError::io(path, e.into()))?;
        let lzma = xz2::bufread::XzDecoder::new_stream(file, stream);
        Ok(Box::new(BufReader::with_capacity(1 << 16, lzma)))
    } else {
        Ok(Box::new(file))
    }
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Drops a UTF-8 byte order mark at the start of `input`.
fn skip_bom(input: &mut dyn BufRead, path: &Path) -> Result<()> {
    let has_bom = input
        .fill_buf()
        .map_err(|e| IngestError::io(path, e))?
        .starts_with(b"\xEF\xBB\xBF");
    if has_bom {
        input.consume(3);
    }
    Ok(())
}

/// Says whether `path` holds a MediaWiki XML export or Action API JSON, by
/// the first byte that is not white space after decompression (gzip, xz
/// and LZMA-alone as for [`MediaWikiXmlReader::open`]) and a byte order
/// mark: `<` is XML, `{` or `[` is JSON. Anything else, or an empty file, is
/// an error.
pub fn detect(path: &Path) -> Result<WikiFormat> {
    let mut input = open_input(path)?;
    skip_bom(&mut *input, path)?;
    loop {
        let chunk = input.fill_buf().map_err(|e| IngestError::io(path, e))?;
        if chunk.is_empty() {
            return Err(IngestError::file(
                path,
                "empty file: neither MediaWiki XML nor Action API JSON",
            ));
        }
        match chunk.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => {
                return match chunk[i] {
                    b'<' => Ok(WikiFormat::Xml),
                    b'{' | b'[' => Ok(WikiFormat::ActionApiJson),
                    other => Err(IngestError::file(
                        path,
                        format!(
                            "starts with {:?}, not '<' (MediaWiki XML) or '{{' / '[' \
                             (Action API JSON)",
                            char::from(other)
                        ),
                    )),
                };
            }
            None => {
                let n = chunk.len();
                input.consume(n);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// XML export reader

/// Streams the pages and revisions of a MediaWiki XML export file.
///
/// An iterator of [`WikiItem`]s: each page's header, then its revisions.
/// After an error it yields nothing more.
pub struct MediaWikiXmlReader {
    reader: Reader<crate::xml::LineCounter<Box<dyn BufRead + Send>>>,
    buf: Vec<u8>,
    state: XmlState,
    /// An item produced by the same event as the one last returned (a
    /// self-closing `<revision/>` starts and ends at once).
    pending: Option<WikiItem>,
    done: bool,
}

impl std::fmt::Debug for MediaWikiXmlReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MediaWikiXmlReader")
            .field("path", &self.state.path)
            .field("schema_version", &self.state.schema_version)
            .finish_non_exhaustive()
    }
}

impl MediaWikiXmlReader {
    /// Opens `path` and reads up to its root element, which must be
    /// `<mediawiki>` of export schema 0.4 to 0.11 (from its `version`
    /// attribute, else from the `xmlns` URI; a root that states neither is
    /// read as the latest schema would be).
    ///
    /// The file may be plain, gzip, xz or LZMA-alone, told apart by the
    /// magic bytes of gzip and xz; LZMA-alone has none and is recognised by
    /// a `.lzma` extension or by the first bytes `lzma` writes by default
    /// (`5D 00 00`). A UTF-8 byte order mark is dropped.
    pub fn open(path: &Path) -> Result<Self> {
        let mut input = open_input(path)?;
        // Drop a byte order mark here rather than let quick-xml skip it,
        // so the offsets quick-xml reports match the bytes counted.
        skip_bom(&mut *input, path)?;
        let mut reader = Reader::from_reader(crate::xml::LineCounter::new(input));
        let config = reader.config_mut();
        config.trim_text(false);
        config.check_end_names = true;
        config.expand_empty_elements = false;
        let mut this = MediaWikiXmlReader {
            reader,
            buf: Vec::with_capacity(1 << 16),
            state: XmlState::new(path),
            pending: None,
            done: false,
        };
        while !this.state.root_seen {
            if this.step()?.is_some() {
                // Unreachable: nothing is yielded before the root opens.
                break;
            }
        }
        Ok(this)
    }

    /// The export schema version the root element declares (`"0.11"`), or
    /// `None` if it declares none.
    pub fn schema_version(&self) -> Option<&str> {
        self.state.schema_version.as_deref()
    }

    /// The file being read, as given to [`open`](Self::open).
    pub fn path(&self) -> &Path {
        &self.state.path
    }

    /// Reads the next item, or `None` at the end of the file.
    fn next_item(&mut self) -> Result<Option<WikiItem>> {
        if let Some(item) = self.pending.take() {
            return Ok(Some(item));
        }
        loop {
            if let Some(item) = self.step()? {
                return Ok(Some(item));
            }
            if self.state.eof {
                return Ok(None);
            }
        }
    }

    /// Reads one XML event and hands it to the state; `Some` when it
    /// completes an item.
    fn step(&mut self) -> Result<Option<WikiItem>> {
        let (event, line) =
            crate::xml::next_event(&mut self.reader, &mut self.buf, &self.state.path)?;
        let (first, second) = self.state.on_event(event, line)?;
        if first.is_some() {
            self.pending = second;
            Ok(first)
        } else {
            Ok(second)
        }
    }
}

impl Iterator for MediaWikiXmlReader {
    type Item = Result<WikiItem>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_item() {
            Ok(Some(item)) => Some(Ok(item)),
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

// ---------------------------------------------------------------------------
// Line counting

// ---------------------------------------------------------------------------
// XML parsing state

/// The elements that contain other elements the reader uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    Root,
    SiteInfo,
    Namespaces,
    Page,
    Revision,
    Contributor,
}

impl Container {
    fn name(self) -> &'static str {
        match self {
            Container::Root => "mediawiki",
            Container::SiteInfo => "siteinfo",
            Container::Namespaces => "namespaces",
            Container::Page => "page",
            Container::Revision => "revision",
            Container::Contributor => "contributor",
        }
    }
}

/// An element whose text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leaf {
    Namespace(i64),
    Title,
    Ns,
    PageId,
    RevisionId,
    ParentId,
    Timestamp,
    Username,
    UserId,
    Ip,
    Comment,
    Text,
    Sha1,
    Model,
    Format,
}

impl Leaf {
    /// The element's path as errors name it.
    fn field(self) -> &'static str {
        match self {
            Leaf::Namespace(_) => "siteinfo/namespaces/namespace",
            Leaf::Title => "page/title",
            Leaf::Ns => "page/ns",
            Leaf::PageId => "page/id",
            Leaf::RevisionId => "revision/id",
            Leaf::ParentId => "revision/parentid",
            Leaf::Timestamp => "revision/timestamp",
            Leaf::Username => "revision/contributor/username",
            Leaf::UserId => "revision/contributor/id",
            Leaf::Ip => "revision/contributor/ip",
            Leaf::Comment => "revision/comment",
            Leaf::Text => "revision/text",
            Leaf::Sha1 => "revision/sha1",
            Leaf::Model => "revision/model",
            Leaf::Format => "revision/format",
        }
    }
}

struct Capture {
    leaf: Leaf,
    line: u64,
    /// The element carries `deleted="deleted"`.
    deleted: bool,
    /// The element was self-closing (`<text bytes="123" />`).
    empty: bool,
    /// The `bytes` attribute of `<text>`.
    bytes: Option<u64>,
}

/// A page whose header is being read.
struct PageState {
    line: u64,
    title: Option<String>,
    ns: Option<i64>,
    id: Option<u64>,
    redirect: Option<String>,
    /// The header was yielded (at the first revision).
    announced: bool,
}

/// A revision being read.
#[derive(Default)]
struct RevisionState {
    line: u64,
    id: Option<u64>,
    parent_id: Option<u64>,
    timestamp: Option<String>,
    /// Line of `<contributor>`; `None` until one is seen.
    contributor_line: Option<u64>,
    contributor_hidden: bool,
    username: Option<String>,
    user_id: Option<u64>,
    ip: Option<String>,
    minor: bool,
    comment: Option<String>,
    comment_hidden: bool,
    text: Option<String>,
    text_hidden: bool,
    sha1: Option<String>,
    model: Option<String>,
    format: Option<String>,
}

/// The most text capacity reserved ahead from a `bytes` attribute (a
/// wrong attribute must not allocate gigabytes; MediaWiki's default page
/// size limit is 2 MiB).
const MAX_TEXT_RESERVE: u64 = 4 << 20;

/// Everything but the quick-xml reader, so an event borrowed from the read
/// buffer can be handled while the state changes.
struct XmlState {
    path: PathBuf,
    root_seen: bool,
    root_closed: bool,
    eof: bool,
    schema_version: Option<String>,
    /// `<siteinfo>` namespaces, (key, name), for schemas without `<ns>`.
    namespaces: Vec<(i64, String)>,
    /// Open elements the reader uses, outermost first.
    stack: Vec<Container>,
    /// Depth inside an element being skipped (0: none).
    skip: usize,
    capture: Option<Capture>,
    /// Text of the element being captured (all but `<text>`).
    small: String,
    /// Text of the `<text>` being captured; handed over whole.
    text: String,
    page: Option<PageState>,
    revision: Option<RevisionState>,
}

type Items = (Option<WikiItem>, Option<WikiItem>);

impl XmlState {
    fn new(path: &Path) -> Self {
        XmlState {
            path: path.to_path_buf(),
            root_seen: false,
            root_closed: false,
            eof: false,
            schema_version: None,
            namespaces: Vec::new(),
            stack: Vec::with_capacity(8),
            skip: 0,
            capture: None,
            small: String::new(),
            text: String::new(),
            page: None,
            revision: None,
        }
    }

    fn field_error(&self, line: u64, field: &str, msg: impl Into<String>) -> IngestError {
        IngestError::field(&self.path, line, field, msg)
    }

    fn line_error(&self, line: u64, msg: impl Into<String>) -> IngestError {
        IngestError::line(&self.path, line, msg)
    }

    fn on_event(&mut self, event: Event<'_>, line: u64) -> Result<Items> {
        match event {
            Event::Start(e) => Ok((self.open(&e, line, false)?, None)),
            Event::Empty(e) => {
                let first = self.open(&e, line, true)?;
                let second = self.close(line)?;
                Ok((first, second))
            }
            Event::End(_) => Ok((self.close(line)?, None)),
            Event::Text(t) => {
                if self.skip == 0 && self.capture.is_some() {
                    let content = t.xml10_content();
                    self.target().push_str(&content);
                } else if !self.root_seen || self.root_closed {
                    self.outside_root(&t, line)?;
                }
                Ok((None, None))
            }
            Event::CData(t) => {
                if self.skip == 0 && self.capture.is_some() {
                    self.target().push_str(&t);
                } else if !self.root_seen || self.root_closed {
                    self.outside_root("<![CDATA[", line)?;
                }
                Ok((None, None))
            }
            Event::GeneralRef(r) => {
                if self.skip == 0 && self.capture.is_some() {
                    self.push_reference(&r, line)?;
                } else if !self.root_seen || self.root_closed {
                    self.outside_root("&", line)?;
                }
                Ok((None, None))
            }
            Event::Eof => {
                self.at_eof(line)?;
                Ok((None, None))
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {
                Ok((None, None))
            }
        }
    }

    /// Where captured text goes.
    fn target(&mut self) -> &mut String {
        match &self.capture {
            Some(c) if c.leaf == Leaf::Text => &mut self.text,
            _ => &mut self.small,
        }
    }

    /// Text outside the root element: white space is allowed, anything
    /// else means the file is not XML.
    fn outside_root(&self, text: &str, line: u64) -> Result<()> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(());
        }
        let shown: String = text.chars().take(20).collect();
        let place = if self.root_seen { "after" } else { "before" };
        Err(self.line_error(
            line,
            format!(
                "not a MediaWiki XML export: text {shown:?} {place} the root element \
                 (not XML?)"
            ),
        ))
    }

    fn at_eof(&mut self, line: u64) -> Result<()> {
        self.eof = true;
        if !self.root_seen {
            return Err(self.line_error(
                line,
                "no root element: not a MediaWiki XML export (empty file?)",
            ));
        }
        if let Some(open) = self.stack.last() {
            return Err(self.line_error(
                line,
                format!(
                    "malformed XML: file ends inside <{}> (truncated?)",
                    open.name()
                ),
            ));
        }
        Ok(())
    }

    fn push_reference(&mut self, r: &BytesRef<'_>, line: u64) -> Result<()> {
        // The fields are borrowed one by one (not through `target()`) so
        // the path can be lent beside the text without a copy.
        let target = match &self.capture {
            Some(c) if c.leaf == Leaf::Text => &mut self.text,
            _ => &mut self.small,
        };
        crate::xml::push_reference(target, r, &self.path, line)
    }

    /// The value of attribute `name`, entities decoded.
    fn attr(&self, e: &BytesStart<'_>, name: &str, line: u64) -> Result<Option<String>> {
        let bad = |msg: String| self.line_error(line, format!("malformed XML: {msg}"));
        match e.try_get_attribute(name) {
            Ok(None) => Ok(None),
            Ok(Some(a)) => a
                .normalized_value(XmlVersion::Implicit1_0)
                .map(|v| Some(v.into_owned()))
                .map_err(|err| bad(format!("attribute {name}: {err}"))),
            Err(err) => Err(bad(format!("attributes of <{}>: {err}", e.name().as_ref()))),
        }
    }

    fn is_deleted(&self, e: &BytesStart<'_>, line: u64) -> Result<bool> {
        Ok(self.attr(e, "deleted", line)?.is_some())
    }

    /// Handles a start tag (or a self-closing one, `empty`, whose
    /// [`close`](Self::close) follows at once).
    fn open(&mut self, e: &BytesStart<'_>, line: u64, empty: bool) -> Result<Option<WikiItem>> {
        if self.skip > 0 || self.capture.is_some() {
            // Inside a skipped element, or markup inside a text element
            // (which the schema does not allow): skip it.
            self.skip += 1;
            return Ok(None);
        }
        let name = e.name();
        let name: &str = name.as_ref();
        let Some(&parent) = self.stack.last() else {
            self.open_root(e, name, line)?;
            return Ok(None);
        };
        let leaf = match (parent, name) {
            (Container::Root, "siteinfo") => return self.push(Container::SiteInfo),
            (Container::SiteInfo, "namespaces") => return self.push(Container::Namespaces),
            (Container::Namespaces, "namespace") => {
                let key = self.attr(e, "key", line)?;
                match key.as_deref().map(|k| k.trim().parse::<i64>()) {
                    Some(Ok(key)) => Leaf::Namespace(key),
                    _ => {
                        return Err(self.field_error(
                            line,
                            "siteinfo/namespaces/namespace/@key",
                            format!("not an integer: {key:?}"),
                        ))
                    }
                }
            }
            (Container::Root, "page") => {
                self.page = Some(PageState {
                    line,
                    title: None,
                    ns: None,
                    id: None,
                    redirect: None,
                    announced: false,
                });
                return self.push(Container::Page);
            }
            (Container::Page, "title") => Leaf::Title,
            (Container::Page, "ns") => Leaf::Ns,
            (Container::Page, "id") => Leaf::PageId,
            (Container::Page, "redirect") => {
                let target = self.attr(e, "title", line)?;
                if let Some(page) = self.page.as_mut() {
                    // Schemas before 0.6 write a bare `<redirect />`.
                    page.redirect = target.filter(|t| !t.is_empty());
                }
                self.skip += 1;
                return Ok(None);
            }
            (Container::Page, "revision") => {
                let header = self.announce_page()?;
                self.revision = Some(RevisionState {
                    line,
                    ..RevisionState::default()
                });
                self.push(Container::Revision)?;
                return Ok(header.map(WikiItem::Page));
            }
            (Container::Revision, "id") => Leaf::RevisionId,
            (Container::Revision, "parentid") => Leaf::ParentId,
            (Container::Revision, "timestamp") => Leaf::Timestamp,
            (Container::Revision, "contributor") => {
                let hidden = self.is_deleted(e, line)?;
                if let Some(rev) = self.revision.as_mut() {
                    rev.contributor_line = Some(line);
                    rev.contributor_hidden = hidden;
                }
                return self.push(Container::Contributor);
            }
            (Container::Revision, "minor") => {
                if let Some(rev) = self.revision.as_mut() {
                    rev.minor = true;
                }
                self.skip += 1;
                return Ok(None);
            }
            (Container::Revision, "comment") => Leaf::Comment,
            (Container::Revision, "text") => Leaf::Text,
            (Container::Revision, "sha1") => Leaf::Sha1,
            (Container::Revision, "model") => Leaf::Model,
            (Container::Revision, "format") => Leaf::Format,
            (Container::Contributor, "username") => Leaf::Username,
            (Container::Contributor, "id") => Leaf::UserId,
            (Container::Contributor, "ip") => Leaf::Ip,
            // <upload>, <discussionthreadinginfo>, <restrictions>, <origin>,
            // <content>, <logitem>, and whatever a later schema adds.
            _ => {
                self.skip += 1;
                return Ok(None);
            }
        };
        let deleted = matches!(leaf, Leaf::Comment | Leaf::Text) && self.is_deleted(e, line)?;
        let bytes = if leaf == Leaf::Text {
            self.attr(e, "bytes", line)?
                .and_then(|b| b.trim().parse::<u64>().ok())
        } else {
            None
        };
        if leaf == Leaf::Text {
            let reserve = bytes.unwrap_or(0).min(MAX_TEXT_RESERVE);
            // `reserve` is at most MAX_TEXT_RESERVE, which fits in usize.
            self.text = String::with_capacity(usize::try_from(reserve).unwrap_or(0));
        } else {
            self.small.clear();
        }
        self.capture = Some(Capture {
            leaf,
            line,
            deleted,
            empty,
            bytes,
        });
        Ok(None)
    }

    fn push(&mut self, container: Container) -> Result<Option<WikiItem>> {
        self.stack.push(container);
        Ok(None)
    }

    fn open_root(&mut self, e: &BytesStart<'_>, name: &str, line: u64) -> Result<()> {
        if self.root_seen {
            return Err(self.line_error(
                line,
                format!("malformed XML: second root element <{name}> after </mediawiki>"),
            ));
        }
        if name != "mediawiki" {
            return Err(self.line_error(
                line,
                format!("root element is <{name}>, not <mediawiki>: not a MediaWiki XML export"),
            ));
        }
        let version = match self.attr(e, "version", line)? {
            Some(v) => Some((v, "mediawiki/@version")),
            None => self
                .attr(e, "xmlns", line)?
                .and_then(|ns| version_from_xmlns(&ns))
                .map(|v| (v, "mediawiki/@xmlns")),
        };
        if let Some((version, field)) = version {
            match schema_minor(&version) {
                Some(4..=11) => {}
                _ => {
                    return Err(self.field_error(
                        line,
                        field,
                        format!(
                            "export schema version {version:?} is not supported \
                             (this reader reads versions 0.4 to 0.11)"
                        ),
                    ))
                }
            }
            self.schema_version = Some(version);
        }
        self.root_seen = true;
        self.stack.push(Container::Root);
        Ok(())
    }

    /// The header of the open page, if not yet yielded.
    fn announce_page(&mut self) -> Result<Option<WikiPageHeader>> {
        let Some(page) = self.page.as_mut() else {
            return Ok(None);
        };
        if page.announced {
            return Ok(None);
        }
        page.announced = true;
        let line = page.line;
        let Some(title) = page.title.take() else {
            return Err(self.field_error(line, "page/title", "page has no <title>"));
        };
        let namespace = match page.ns {
            Some(ns) => ns,
            None => namespace_of(&title, &self.namespaces),
        };
        Ok(Some(WikiPageHeader {
            title,
            namespace,
            page_id: page.id,
            redirect: page.redirect.take(),
        }))
    }

    /// Handles an end tag, or the end of a self-closing element.
    fn close(&mut self, line: u64) -> Result<Option<WikiItem>> {
        if self.skip > 0 {
            self.skip -= 1;
            return Ok(None);
        }
        if let Some(capture) = self.capture.take() {
            self.store(capture)?;
            return Ok(None);
        }
        match self.stack.pop() {
            Some(Container::Revision) => self.finish_revision().map(Some),
            Some(Container::Page) => {
                let header = self.announce_page()?;
                self.page = None;
                Ok(header.map(WikiItem::Page))
            }
            Some(Container::Root) => {
                self.root_closed = true;
                Ok(None)
            }
            Some(_) => Ok(None),
            // quick-xml reports an unmatched end tag itself.
            None => Err(self.line_error(line, "malformed XML: end tag without start tag")),
        }
    }

    /// Stores the text of a captured element.
    fn store(&mut self, c: Capture) -> Result<()> {
        if c.leaf == Leaf::Text {
            let text = std::mem::take(&mut self.text);
            if let Some(rev) = self.revision.as_mut() {
                rev.text_hidden = c.deleted;
                let stub = c.empty && c.bytes.is_some_and(|b| b > 0);
                rev.text = (!c.deleted && !stub).then_some(text);
            }
            return Ok(());
        }
        let value = self.small.trim();
        let int = |v: &str| -> Result<u64> {
            v.parse::<u64>().map_err(|_| {
                self.field_error(
                    c.line,
                    c.leaf.field(),
                    format!("not a non-negative integer: {v:?}"),
                )
            })
        };
        let nonempty = |v: &str| (!v.is_empty()).then(|| v.to_string());
        match c.leaf {
            Leaf::Namespace(key) => self.namespaces.push((key, value.to_string())),
            Leaf::Title | Leaf::Ns | Leaf::PageId => {
                let ns = match c.leaf {
                    Leaf::Ns => Some(value.parse::<i64>().map_err(|_| {
                        self.field_error(c.line, "page/ns", format!("not an integer: {value:?}"))
                    })?),
                    _ => None,
                };
                let id = match c.leaf {
                    Leaf::PageId => Some(int(value)?),
                    _ => None,
                };
                let title = (c.leaf == Leaf::Title).then(|| value.to_string());
                if let Some(page) = self.page.as_mut() {
                    if title.is_some() {
                        page.title = title;
                    }
                    page.ns = ns.or(page.ns);
                    page.id = id.or(page.id);
                }
            }
            leaf => {
                let id = match leaf {
                    Leaf::RevisionId | Leaf::ParentId | Leaf::UserId => Some(int(value)?),
                    _ => None,
                };
                if leaf == Leaf::Timestamp && !is_timestamp(value) {
                    return Err(self.field_error(
                        c.line,
                        leaf.field(),
                        format!("{value:?} is not a timestamp (YYYY-MM-DDTHH:MM:SSZ)"),
                    ));
                }
                let Some(rev) = self.revision.as_mut() else {
                    return Ok(());
                };
                match leaf {
                    Leaf::RevisionId => rev.id = id,
                    Leaf::ParentId => rev.parent_id = id.filter(|&p| p != 0),
                    Leaf::UserId => rev.user_id = id.filter(|&u| u != 0),
                    Leaf::Timestamp => rev.timestamp = Some(value.to_string()),
                    Leaf::Username => rev.username = Some(value.to_string()),
                    Leaf::Ip => rev.ip = Some(value.to_string()),
                    Leaf::Comment => {
                        rev.comment_hidden = c.deleted;
                        // Keep an edit summary as written, spaces and all.
                        let comment = self.small.as_str();
                        rev.comment =
                            (!c.deleted && !comment.is_empty()).then(|| comment.to_string());
                    }
                    Leaf::Sha1 => rev.sha1 = nonempty(value),
                    Leaf::Model => rev.model = nonempty(value),
                    Leaf::Format => rev.format = nonempty(value),
                    _ => {}
                }
            }
        }
        Ok(())
    }

    fn finish_revision(&mut self) -> Result<WikiItem> {
        let Some(rev) = self.revision.take() else {
            // Unreachable: a revision is created when its element opens.
            return Err(self.line_error(0, "internal error: no revision open"));
        };
        let Some(id) = rev.id else {
            return Err(self.field_error(rev.line, "revision/id", "revision has no <id>"));
        };
        let Some(timestamp) = rev.timestamp else {
            return Err(self.field_error(
                rev.line,
                "revision/timestamp",
                format!("revision {id} has no <timestamp>"),
            ));
        };
        let contributor = match (rev.contributor_line, rev.username, rev.ip) {
            (None, _, _) => {
                return Err(self.field_error(
                    rev.line,
                    "revision/contributor",
                    format!("revision {id} has no <contributor>"),
                ))
            }
            (Some(_), _, _) if rev.contributor_hidden => Contributor::Hidden,
            (Some(_), Some(name), _) => Contributor::User {
                name,
                id: rev.user_id,
            },
            (Some(_), None, Some(ip)) => Contributor::Ip(ip),
            (Some(line), None, None) => {
                return Err(self.field_error(
                    line,
                    "revision/contributor",
                    format!("revision {id}: <contributor> has neither <username> nor <ip>"),
                ))
            }
        };
        Ok(WikiItem::Revision(WikiRevision {
            id,
            parent_id: rev.parent_id,
            timestamp,
            contributor,
            minor: rev.minor,
            comment: rev.comment,
            comment_hidden: rev.comment_hidden,
            text: rev.text,
            text_hidden: rev.text_hidden,
            sha1: rev.sha1,
            model: rev.model,
            format: rev.format,
            line: rev.line,
        }))
    }
}

/// `0.11` from `http://www.mediawiki.org/xml/export-0.11/`.
fn version_from_xmlns(ns: &str) -> Option<String> {
    let rest = ns.split("/export-").nth(1)?;
    let version = rest.trim_end_matches('/');
    (!version.is_empty()).then(|| version.to_string())
}

/// N of a schema version `0.N`; `None` for any other form.
fn schema_minor(version: &str) -> Option<u32> {
    let minor = version.strip_prefix("0.")?;
    if minor.is_empty() || !minor.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    minor.parse().ok()
}

/// The namespace of `title` by its prefix (`Talk:...` is 1), from the
/// `<siteinfo>` namespace list; 0 when no prefix matches.
fn namespace_of(title: &str, namespaces: &[(i64, String)]) -> i64 {
    let Some((prefix, _)) = title.split_once(':') else {
        return 0;
    };
    namespaces
        .iter()
        .find(|(key, name)| *key != 0 && !name.is_empty() && name == prefix)
        .map_or(0, |(key, _)| *key)
}

/// Whether `s` is an ISO 8601 UTC timestamp `YYYY-MM-DDTHH:MM:SSZ` with
/// plausible fields, as MediaWiki writes them.
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 20 {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let punctuation = [
        (4, b'-'),
        (7, b'-'),
        (10, b'T'),
        (13, b':'),
        (16, b':'),
        (19, b'Z'),
    ];
    if punctuation.iter().any(|&(i, c)| b[i] != c) {
        return false;
    }
    matches!(
        (
            digits(0..4),
            digits(5..7),
            digits(8..10),
            digits(11..13),
            digits(14..16),
            digits(17..19)
        ),
        (
            Some(_),
            Some(1..=12),
            Some(1..=31),
            Some(0..=23),
            Some(0..=59),
            Some(0..=60)
        )
    )
}

// ---------------------------------------------------------------------------
// Action API JSON

/// Reads an Action API revision history (`action=query&prop=revisions`):
/// one [`WikiPageHistory`] per page the file holds.
///
/// Three forms are read:
///
/// - a bare array of revision objects, as saved from
///   `query.pages.*.revisions` (it names no page: `title` must be given;
///   the namespace is taken as 0 and the page id as unknown);
/// - a whole response of `formatversion=1`:
///   `{"query":{"pages":{"123":{"pageid":123,"ns":0,"title":"...","revisions":[...]}}}}`,
///   text in `"*"`, flags such as `"minor": ""` present or absent (pages
///   come out in the order of their ids);
/// - a whole response of `formatversion=2`: `"pages"` is an array, flags
///   are booleans, text is in `"content"` or, with `rvslots`, in
///   `"slots":{"main":{"content":...}}`.
///
/// A single page object (`{"title":...,"revisions":[...]}`) is read too.
///
/// When the file names its page and `title` is given too, `title` wins:
/// the caller knows the page it asked for under the name it wants, e.g.
/// after the API followed a redirect or normalised the title. Giving a
/// `title` for a file that holds several pages is an error.
///
/// The file (plain, gzip, xz or LZMA-alone) is read into memory whole;
/// API responses and saved revision lists are tens of MB at most. A
/// response with `"continue"` holds only part of the history: what it holds
/// is returned. A page the API reports `missing` or `invalid`, and an API
/// `"error"` response, are errors. Revision errors name the path of the
/// bad value, e.g. `query.pages.123.revisions[4].timestamp`.
pub fn read_action_api_json(path: &Path, title: Option<&str>) -> Result<Vec<WikiPageHistory>> {
    let mut input = open_input(path)?;
    let mut bytes = Vec::new();
    input
        .read_to_end(&mut bytes)
        .map_err(|e| IngestError::io(path, e))?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        let line = u64::try_from(e.line()).unwrap_or(0);
        IngestError::line(path, line, format!("malformed JSON: {e}"))
    })?;
    drop(bytes);
    let json = JsonReader { path };
    let mut pages = match value {
        Value::Array(revisions) => {
            let Some(title) = title else {
                return Err(IngestError::file(
                    path,
                    "a bare list of revisions does not name its page: a title must be given",
                ));
            };
            let header = WikiPageHeader {
                title: title.to_string(),
                namespace: 0,
                page_id: None,
                redirect: None,
            };
            vec![WikiPageHistory {
                header,
                revisions: json.revisions(&revisions, "")?,
            }]
        }
        Value::Object(object) => json.response(object)?,
        other => {
            return Err(IngestError::file(
                path,
                format!(
                    "JSON {} is neither an Action API response nor a list of revisions",
                    json_kind(&other)
                ),
            ))
        }
    };
    if let Some(title) = title {
        match pages.as_mut_slice() {
            [] => {}
            [page] => page.header.title = title.to_string(),
            several => {
                return Err(IngestError::file(
                    path,
                    format!(
                        "the response holds {} pages: a title can be given only for one",
                        several.len()
                    ),
                ))
            }
        }
    }
    Ok(pages)
}

/// The name of a JSON value's type, for messages.
fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `value` shortened for an error message.
fn json_shown(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        let cut: String = s.chars().take(40).collect();
        format!("{cut}...")
    } else {
        s
    }
}

/// An API flag: present with `""` in `formatversion=1`, `true`/`false` in 2.
fn flag(obj: &Map<String, Value>, key: &str) -> bool {
    match obj.get(key) {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => true,
    }
}

struct JsonReader<'a> {
    path: &'a Path,
}

impl JsonReader<'_> {
    fn error(&self, at: &str, msg: impl std::fmt::Display) -> IngestError {
        IngestError::file(self.path, format!("{at}: {msg}"))
    }

    /// The pages of a whole response (or of a single page object).
    fn response(&self, mut object: Map<String, Value>) -> Result<Vec<WikiPageHistory>> {
        if let Some(error) = object.get("error") {
            let get = |k| error.get(k).and_then(Value::as_str).unwrap_or("?");
            return Err(IngestError::file(
                self.path,
                format!(
                    "the file is an Action API error response: {}: {}",
                    get("code"),
                    get("info")
                ),
            ));
        }
        if object.contains_key("revisions") {
            return Ok(vec![self.page(&object, "")?]);
        }
        let pages = object
            .get_mut("query")
            .and_then(|q| q.as_object_mut())
            .and_then(|q| q.remove("pages"));
        match pages {
            Some(Value::Object(pages)) => {
                let mut out = Vec::with_capacity(pages.len());
                for (key, page) in &pages {
                    let at = format!("query.pages.{key}");
                    match page {
                        Value::Object(p) => out.push(self.page(p, &at)?),
                        other => {
                            return Err(self.error(&at, format!("{} not a page", json_kind(other))))
                        }
                    }
                }
                out.sort_by_key(|p| p.header.page_id);
                Ok(out)
            }
            Some(Value::Array(pages)) => pages
                .iter()
                .enumerate()
                .map(|(i, page)| {
                    let at = format!("query.pages[{i}]");
                    match page {
                        Value::Object(p) => self.page(p, &at),
                        other => Err(self.error(&at, format!("{} not a page", json_kind(other)))),
                    }
                })
                .collect(),
            Some(other) => Err(self.error(
                "query.pages",
                format!("{}, not an object or array", json_kind(&other)),
            )),
            None => Err(IngestError::file(
                self.path,
                "not a MediaWiki Action API revision history: no query.pages, and not a \
                 list of revisions",
            )),
        }
    }

    /// One page object: header and revisions.
    fn page(&self, page: &Map<String, Value>, at: &str) -> Result<WikiPageHistory> {
        let field = |k: &str| {
            if at.is_empty() {
                k.to_string()
            } else {
                format!("{at}.{k}")
            }
        };
        let title = match page.get("title") {
            Some(Value::String(t)) => t.clone(),
            Some(other) => {
                return Err(self.error(&field("title"), format!("{} not a title", json_kind(other))))
            }
            None => return Err(self.error(&field("title"), "missing")),
        };
        for problem in ["missing", "invalid"] {
            if flag(page, problem) {
                let reason = page
                    .get("invalidreason")
                    .and_then(Value::as_str)
                    .map(|r| format!(": {r}"))
                    .unwrap_or_default();
                return Err(self.error(
                    at,
                    format!("the API reports page {title:?} as {problem}{reason}"),
                ));
            }
        }
        let namespace = match page.get("ns") {
            None => 0,
            Some(v) => v.as_i64().ok_or_else(|| {
                self.error(&field("ns"), format!("not an integer: {}", json_shown(v)))
            })?,
        };
        let page_id = match page.get("pageid") {
            None => None,
            Some(v) => Some(v.as_u64().ok_or_else(|| {
                self.error(
                    &field("pageid"),
                    format!("not an integer: {}", json_shown(v)),
                )
            })?),
        };
        let revisions = match page.get("revisions") {
            None => Vec::new(),
            Some(Value::Array(revs)) => self.revisions(revs, &field("revisions"))?,
            Some(other) => {
                return Err(self.error(
                    &field("revisions"),
                    format!("{}, not an array", json_kind(other)),
                ))
            }
        };
        Ok(WikiPageHistory {
            header: WikiPageHeader {
                title,
                namespace,
                page_id,
                redirect: None,
            },
            revisions,
        })
    }

    fn revisions(&self, revisions: &[Value], at: &str) -> Result<Vec<WikiRevision>> {
        revisions
            .iter()
            .enumerate()
            .map(|(i, r)| self.revision(r, &format!("{at}[{i}]")))
            .collect()
    }

    fn revision(&self, value: &Value, at: &str) -> Result<WikiRevision> {
        let Value::Object(rev) = value else {
            return Err(self.error(at, format!("{}, not a revision object", json_kind(value))));
        };
        let field = |k: &str| format!("{at}.{k}");
        let uint = |k: &str| -> Result<Option<u64>> {
            match rev.get(k) {
                None | Some(Value::Null) => Ok(None),
                Some(v) => v.as_u64().map(Some).ok_or_else(|| {
                    self.error(
                        &field(k),
                        format!("not a non-negative integer: {}", json_shown(v)),
                    )
                }),
            }
        };
        let string = |obj: &Map<String, Value>, k: &str, at: &str| -> Result<Option<String>> {
            match obj.get(k) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(v) => Err(self.error(
                    &format!("{at}.{k}"),
                    format!("{}, not a string", json_kind(v)),
                )),
            }
        };
        let Some(id) = uint("revid")? else {
            return Err(self.error(&field("revid"), "missing"));
        };
        let parent_id = uint("parentid")?.filter(|&p| p != 0);
        let timestamp = match string(rev, "timestamp", at)? {
            Some(t) if is_timestamp(&t) => t,
            Some(t) => {
                return Err(self.error(
                    &field("timestamp"),
                    format!("{t:?} is not a timestamp (YYYY-MM-DDTHH:MM:SSZ)"),
                ))
            }
            None => return Err(self.error(&field("timestamp"), "missing")),
        };
        let contributor = if flag(rev, "userhidden") {
            Contributor::Hidden
        } else {
            let Some(name) = string(rev, "user", at)? else {
                return Err(self.error(
                    &field("user"),
                    "missing (request the history with rvprop=user|userid)",
                ));
            };
            let user_id = uint("userid")?.filter(|&u| u != 0);
            let anon = flag(rev, "anon")
                || (user_id.is_none() && name.parse::<std::net::IpAddr>().is_ok());
            if anon {
                Contributor::Ip(name)
            } else {
                Contributor::User { name, id: user_id }
            }
        };
        let comment_hidden = flag(rev, "commenthidden");
        let comment = if comment_hidden {
            None
        } else {
            string(rev, "comment", at)?.filter(|c| !c.is_empty())
        };
        // The main slot, when the request named slots (`rvslots=main`).
        let main_at = field("slots.main");
        let main = match rev.get("slots").and_then(|s| s.get("main")) {
            None => None,
            Some(Value::Object(m)) => Some(m),
            Some(other) => {
                return Err(self.error(&main_at, format!("{}, not an object", json_kind(other))))
            }
        };
        let text_hidden = flag(rev, "texthidden") || main.is_some_and(|m| flag(m, "texthidden"));
        let mut text = None;
        let mut model = string(rev, "contentmodel", at)?;
        let mut format = string(rev, "contentformat", at)?;
        if let Some(m) = main {
            text = match string(m, "content", &main_at)? {
                Some(t) => Some(t),
                None => string(m, "*", &main_at)?,
            };
            model = string(m, "contentmodel", &main_at)?.or(model);
            format = string(m, "contentformat", &main_at)?.or(format);
        }
        if text.is_none() {
            text = match string(rev, "content", at)? {
                Some(t) => Some(t),
                None => string(rev, "*", at)?,
            };
        }
        if text_hidden {
            text = None;
        }
        let sha1 = if flag(rev, "sha1hidden") {
            None
        } else {
            string(rev, "sha1", at)?.filter(|s| !s.is_empty())
        };
        Ok(WikiRevision {
            id,
            parent_id,
            timestamp,
            contributor,
            minor: flag(rev, "minor"),
            comment,
            comment_hidden,
            text,
            text_hidden,
            sha1,
            model,
            format,
            line: 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn fixture(name: &str) -> PathBuf {
        PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/wiki_history"
        ))
        .join(name)
    }

    /// Every item of `path`; panics on an error.
    fn read_all(path: &Path) -> (Vec<WikiPageHeader>, Vec<WikiRevision>) {
        let mut pages = Vec::new();
        let mut revisions = Vec::new();
        for item in MediaWikiXmlReader::open(path).unwrap() {
            match item.unwrap() {
                WikiItem::Page(p) => pages.push(p),
                WikiItem::Revision(r) => revisions.push(r),
            }
        }
        (pages, revisions)
    }

    /// The error reading `xml` (written to a temporary file `name`) yields,
    /// at open or while iterating.
    fn error_of(name: &str, xml: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, xml).unwrap();
        let err = match MediaWikiXmlReader::open(&path) {
            Err(e) => e,
            Ok(reader) => {
                let mut items = reader;
                let err = items
                    .by_ref()
                    .find_map(|i| i.err())
                    .unwrap_or_else(|| panic!("{name}: no error"));
                assert!(items.next().is_none(), "no items after an error");
                err
            }
        };
        let msg = err.to_string();
        assert!(msg.contains(name), "{msg}");
        msg
    }

    fn gunzip(path: &Path) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(File::open(path).unwrap())
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    fn user(name: &str, id: u64) -> Contributor {
        Contributor::User {
            name: name.to_string(),
            id: Some(id),
        }
    }

    const HEAD: &str = r#"<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10" xml:lang="en">
  <siteinfo>
    <sitename>Test</sitename>
    <namespaces>
      <namespace key="0" case="first-letter" />
      <namespace key="1" case="first-letter">Talk</namespace>
    </namespaces>
  </siteinfo>
"#;

    fn export(body: &str) -> String {
        format!("{HEAD}{body}</mediawiki>\n")
    }

    const REVISION: &str = r#"    <revision>
      <id>7</id>
      <timestamp>2020-01-02T03:04:05Z</timestamp>
      <contributor><username>A</username><id>1</id></contributor>
      <text xml:space="preserve" bytes="2">hi</text>
    </revision>
"#;

    #[test]
    fn adam_himebauch_xml() {
        let path = fixture("adam_himebauch.xml.gz");
        let reader = MediaWikiXmlReader::open(&path).unwrap();
        assert_eq!(reader.schema_version(), Some("0.11"));
        let (pages, revs) = read_all(&path);
        assert_eq!(
            pages,
            vec![WikiPageHeader {
                title: "Adam Himebauch".into(),
                namespace: 0,
                page_id: Some(4),
                redirect: None,
            }]
        );
        assert_eq!(revs.len(), 146);
        let first = &revs[0];
        assert_eq!(first.id, 678457635);
        assert_eq!(first.parent_id, None);
        assert_eq!(first.line, 10);
        assert_eq!(first.timestamp, "2015-08-29T14:35:36Z");
        assert_eq!(first.contributor, user("MusikAnimal", 14882394));
        assert_eq!(first.comment.as_deref(), Some("starting page on Bansky"));
        assert_eq!(first.model.as_deref(), Some("wikitext"));
        assert_eq!(first.format.as_deref(), Some("text/x-wiki"));
        assert_eq!(
            first.sha1.as_deref(),
            Some("b43a7b28818414445cb3060d9cb9c24c59c730cc")
        );
        // &lt;ref&gt; decoded.
        let text = first.text.as_deref().unwrap();
        assert!(text.starts_with("'''Hanksy''' is an anonymous"), "{text}");
        assert!(text.contains("[[New York City]].<ref>{{Cite web"), "{text}");
        assert!(text.ends_with("}}</ref>"), "{text}");
        assert_eq!(revs[1].parent_id, Some(678457635));
        let last = revs.last().unwrap();
        assert_eq!(last.id, 1350407953);
        assert_eq!(last.contributor, user("Ken Gallager", 1175300));
        assert_eq!(last.comment.as_deref(), Some("cat sort"));
        let ips: Vec<_> = revs
            .iter()
            .filter(|r| matches!(r.contributor, Contributor::Ip(_)))
            .collect();
        assert_eq!(ips.len(), 28);
        assert_eq!(ips[0].id, 678676487);
        assert_eq!(ips[0].contributor, Contributor::Ip("108.21.8.190".into()));
        assert_eq!(revs.iter().filter(|r| r.minor).count(), 42);
        assert_eq!(revs.iter().filter(|r| r.comment.is_none()).count(), 36);
        assert!(revs.iter().all(|r| !r.text_hidden && r.text.is_some()));
    }

    #[test]
    fn xml_and_api_json_agree_on_adam_himebauch() {
        let (_, xml) = read_all(&fixture("adam_himebauch.xml.gz"));
        let json_path = fixture("adam_himebauch_revisions.json.gz");
        assert_eq!(detect(&json_path).unwrap(), WikiFormat::ActionApiJson);
        let pages = read_action_api_json(&json_path, Some("Adam Himebauch")).unwrap();
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].header.title, "Adam Himebauch");
        assert_eq!(pages[0].header.page_id, None);
        let json = &pages[0].revisions;
        assert_eq!(xml.len(), 146);
        assert_eq!(json.len(), 146);
        for (x, j) in xml.iter().zip(json) {
            assert_eq!(x.id, j.id);
            assert_eq!(x.parent_id, j.parent_id, "revision {}", x.id);
            assert_eq!(x.timestamp, j.timestamp, "revision {}", x.id);
            assert_eq!(x.contributor, j.contributor, "revision {}", x.id);
            assert_eq!(x.minor, j.minor, "revision {}", x.id);
            assert_eq!(x.comment, j.comment, "revision {}", x.id);
            assert_eq!(x.text, j.text, "revision {}", x.id);
            assert_eq!(x.sha1, j.sha1, "revision {}", x.id);
            assert_eq!(x.model, j.model, "revision {}", x.id);
            assert_eq!(x.format, j.format, "revision {}", x.id);
            assert_eq!(j.line, 0);
        }
        // A bare list names no page.
        let err = read_action_api_json(&json_path, None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("adam_himebauch_revisions.json.gz"), "{err}");
        assert!(err.contains("title must be given"), "{err}");
    }

    #[test]
    fn finger_lakes_export_0_8() {
        let path = fixture("Finger_Lakes3_dummy.xml");
        assert_eq!(detect(&path).unwrap(), WikiFormat::Xml);
        assert_eq!(
            MediaWikiXmlReader::open(&path).unwrap().schema_version(),
            Some("0.8")
        );
        let (pages, revs) = read_all(&path);
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].title, "Finger Lakes");
        assert_eq!(pages[0].page_id, Some(33333));
        assert_eq!(revs.len(), 28);
        assert_eq!(revs[0].id, 0);
        assert_eq!(revs[27].id, 27);
        assert_eq!(revs[0].contributor, user("Editor A", 111));
        assert_eq!(revs[27].contributor, user("Editor J", 666));
        assert_eq!(
            revs[0].text.as_deref(),
            Some("There is a house on a hill .")
        );
        // A base-36 sha1, as XML exports write it.
        assert_eq!(
            revs[0].sha1.as_deref(),
            Some("41jrbn2gk1afb385claavn1ua31dadv")
        );
        assert!(revs
            .iter()
            .all(|r| r.comment.is_none() && r.parent_id.is_none()));
    }

    #[test]
    fn familia_dewiktionary_0_11() {
        let path = fixture("familia.xml");
        let (pages, revs) = read_all(&path);
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].title, "familia");
        assert_eq!(pages[0].page_id, Some(669));
        assert_eq!(revs.len(), 80);
        assert_eq!(revs[0].id, 6679);
        assert_eq!(revs[0].contributor, user("GerardM", 137));
        assert_eq!(revs[0].timestamp, "2004-03-22T22:45:28Z");
        let last = revs.last().unwrap();
        assert_eq!(last.id, 9638357);
        assert_eq!(last.contributor, user("Instance of Bot", 153371));
        assert_eq!(last.comment.as_deref(), Some("+Glosse (IoB 1.05)"));
        let ip = revs.iter().find(|r| r.id == 1681920).unwrap();
        assert_eq!(ip.parent_id, Some(1525463));
        assert_eq!(ip.contributor, Contributor::Ip("217.224.166.55".into()));
        assert_eq!(ip.comment.as_deref(), Some("hk, ref"));
        let text = ip.text.as_deref().unwrap();
        assert!(
            text.starts_with("== familia ({{Sprache|Lateinisch}}) =="),
            "{text}"
        );
        assert!(text.contains("fa·mi·lia"), "{text}");
        assert_eq!(revs.iter().filter(|r| r.minor).count(), 68);
    }

    #[test]
    fn entities_deletions_and_unknown_elements() {
        let xml = export(
            r#"  <page>
    <title>Talk:Q&amp;A &quot;x&quot;</title>
    <ns>1</ns>
    <id>5</id>
    <redirect title="Q &amp; A" />
    <restrictions>edit=sysop</restrictions>
    <discussionthreadinginfo><ThreadSubject>s</ThreadSubject><x><y/></x></discussionthreadinginfo>
    <revision>
      <id>10</id>
      <parentid>9</parentid>
      <timestamp>2001-02-03T04:05:06Z</timestamp>
      <contributor><ip>10.0.0.1</ip></contributor>
      <minor />
      <comment>a &lt;b&gt; &amp; &#039;c&#039; &#x263A; &#65;</comment>
      <origin>10</origin>
      <model>wikitext</model>
      <format>text/x-wiki</format>
      <text bytes="40" sha1="abc" xml:space="preserve">&lt;ref&gt;x&lt;/ref&gt; &quot;q&quot; &apos;a&apos; &#039;b&#039; &#x1F600; <![CDATA[<raw>]]>
line2</text>
      <content><role>mediainfo</role><text>not the main slot</text></content>
      <sha1>abc</sha1>
    </revision>
    <revision>
      <id>11</id>
      <timestamp>2001-02-03T04:05:07Z</timestamp>
      <contributor deleted="deleted" />
      <comment deleted="deleted" />
      <text deleted="deleted" />
    </revision>
    <revision>
      <id>12</id>
      <timestamp>2001-02-03T04:05:08Z</timestamp>
      <contributor><username>Z</username><id>0</id></contributor>
      <comment></comment>
      <text bytes="0" />
    </revision>
    <revision>
      <id>13</id>
      <timestamp>2001-02-03T04:05:09Z</timestamp>
      <contributor><username>Z</username></contributor>
      <text bytes="1234" id="77" />
    </revision>
    <upload><timestamp>x</timestamp><contributor><username>U</username></contributor><filename>f</filename></upload>
  </page>
  <page>
    <title>Empty</title>
    <ns>0</ns>
    <id>6</id>
  </page>
  <logitem><id>1</id></logitem>
"#,
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("entities.xml");
        std::fs::write(&path, &xml).unwrap();
        let items: Vec<WikiItem> = MediaWikiXmlReader::open(&path)
            .unwrap()
            .map(|i| i.unwrap())
            .collect();
        assert_eq!(items.len(), 6, "{items:#?}");
        let WikiItem::Page(page) = &items[0] else {
            panic!("{items:?}")
        };
        assert_eq!(page.title, "Talk:Q&A \"x\"");
        assert_eq!(page.namespace, 1);
        assert_eq!(page.page_id, Some(5));
        assert_eq!(page.redirect.as_deref(), Some("Q & A"));
        let WikiItem::Revision(r) = &items[1] else {
            panic!("{items:?}")
        };
        assert_eq!(r.id, 10);
        assert_eq!(r.parent_id, Some(9));
        assert_eq!(r.line, 16);
        assert_eq!(r.contributor, Contributor::Ip("10.0.0.1".into()));
        assert!(r.minor);
        assert_eq!(r.comment.as_deref(), Some("a <b> & 'c' \u{263A} A"));
        assert_eq!(
            r.text.as_deref(),
            Some("<ref>x</ref> \"q\" 'a' 'b' \u{1F600} <raw>\nline2")
        );
        assert_eq!(r.sha1.as_deref(), Some("abc"));
        let WikiItem::Revision(r) = &items[2] else {
            panic!("{items:?}")
        };
        assert_eq!(r.id, 11);
        assert_eq!(r.contributor, Contributor::Hidden);
        assert_eq!((r.comment.as_deref(), r.comment_hidden), (None, true));
        assert_eq!((r.text.as_deref(), r.text_hidden), (None, true));
        let WikiItem::Revision(r) = &items[3] else {
            panic!("{items:?}")
        };
        assert_eq!(
            r.contributor,
            Contributor::User {
                name: "Z".into(),
                id: None
            }
        );
        assert_eq!((r.comment.as_deref(), r.comment_hidden), (None, false));
        assert_eq!((r.text.as_deref(), r.text_hidden), (Some(""), false));
        // A stub dump's text is not in the file.
        let WikiItem::Revision(r) = &items[4] else {
            panic!("{items:?}")
        };
        assert_eq!((r.id, r.text.as_deref(), r.text_hidden), (13, None, false));
        // A page without revisions is still announced.
        assert_eq!(
            items[5],
            WikiItem::Page(WikiPageHeader {
                title: "Empty".into(),
                namespace: 0,
                page_id: Some(6),
                redirect: None
            })
        );
    }

    /// Schema 0.4 has no <ns>: the namespace comes from the title.
    #[test]
    fn namespace_from_title_without_ns() {
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.4/\">\n\
             <siteinfo><namespaces><namespace key=\"0\" /><namespace key=\"1\">Talk</namespace>\
             <namespace key=\"4\">Wikipedia</namespace></namespaces></siteinfo>\n\
             <page><title>Talk:Foo</title><id>1</id>\n{REVISION}</page>\n\
             <page><title>Foo: a bar</title><id>2</id>\n{REVISION}</page>\n\
             </mediawiki>"
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.xml");
        std::fs::write(&path, xml).unwrap();
        assert_eq!(
            MediaWikiXmlReader::open(&path).unwrap().schema_version(),
            Some("0.4")
        );
        let (pages, revs) = read_all(&path);
        assert_eq!(pages[0].namespace, 1);
        assert_eq!(pages[1].namespace, 0);
        assert_eq!(revs.len(), 2);
        assert_eq!(revs[0].line, 5);
    }

    #[test]
    fn reader_can_move_to_another_thread() {
        fn assert_send<T: Send>() {}
        assert_send::<MediaWikiXmlReader>();
    }

    #[test]
    fn page_without_title() {
        let body = format!("  <page>\n    <ns>0</ns>\n{REVISION}  </page>\n");
        let msg = error_of("notitle.xml", &export(&body));
        assert!(
            msg.contains("notitle.xml:9: field `page/title`: page has no <title>"),
            "{msg}"
        );
    }

    #[test]
    fn not_xml() {
        let msg = error_of("notes.xml", "hello, world\n");
        assert!(msg.contains("notes.xml:1:"), "{msg}");
        assert!(msg.contains("not a MediaWiki XML export"), "{msg}");
        let msg = error_of("empty.xml", "");
        assert!(msg.contains("empty.xml:1: no root element"), "{msg}");
        let msg = error_of(
            "broken.xml",
            "<?xml version=\"1.0\"?>\n\n<mediawiki version=\"0.10\">\n  <page></mediawiki>",
        );
        assert!(msg.contains("broken.xml:4: malformed XML"), "{msg}");
    }

    #[test]
    fn wrong_root() {
        let msg = error_of(
            "articles.xml",
            "<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n</PubmedArticleSet>\n",
        );
        assert!(
            msg.contains("articles.xml:2: root element is <PubmedArticleSet>, not <mediawiki>"),
            "{msg}"
        );
    }

    #[test]
    fn bad_schema_version() {
        for (version, line) in [("0.3", "1"), ("0.12", "1"), ("1.0", "1")] {
            let xml = format!(
                "<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-{version}/\" \
                 version=\"{version}\">\n</mediawiki>"
            );
            let msg = error_of("v.xml", &xml);
            assert!(
                msg.contains(&format!("v.xml:{line}: field `mediawiki/@version`")),
                "{msg}"
            );
            assert!(
                msg.contains(&format!(
                    "export schema version \"{version}\" is not supported"
                )),
                "{msg}"
            );
        }
        // Only the namespace URI says.
        let msg = error_of(
            "ns.xml",
            "\n<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.2/\">\n</mediawiki>",
        );
        assert!(msg.contains("ns.xml:2: field `mediawiki/@xmlns`"), "{msg}");
        assert!(msg.contains("\"0.2\""), "{msg}");
    }

    #[test]
    fn missing_revision_id_and_timestamp() {
        let body = "  <page>\n    <title>T</title>\n    <ns>0</ns>\n    <revision>\n      \
                    <timestamp>2020-01-02T03:04:05Z</timestamp>\n      \
                    <contributor><ip>1.2.3.4</ip></contributor>\n    </revision>\n  </page>\n";
        let msg = error_of("noid.xml", &export(body));
        assert!(
            msg.contains("noid.xml:12: field `revision/id`: revision has no <id>"),
            "{msg}"
        );
        let body = "  <page>\n    <title>T</title>\n    <ns>0</ns>\n    <revision>\n      \
                    <id>5</id>\n      <contributor><ip>1.2.3.4</ip></contributor>\n    \
                    </revision>\n  </page>\n";
        let msg = error_of("nots.xml", &export(body));
        assert!(
            msg.contains("nots.xml:12: field `revision/timestamp`: revision 5 has no <timestamp>"),
            "{msg}"
        );
    }

    #[test]
    fn non_integer_ids() {
        let body = format!("  <page>\n    <title>T</title>\n{}  </page>\n", REVISION)
            .replace("<id>7</id>", "<id>7a</id>");
        let msg = error_of("badid.xml", &export(&body));
        assert!(
            msg.contains("badid.xml:12: field `revision/id`: not a non-negative integer: \"7a\""),
            "{msg}"
        );
        let body = format!("  <page>\n    <title>T</title>\n{}  </page>\n", REVISION)
            .replace("<id>1</id>", "<id>-1</id>");
        let msg = error_of("baduser.xml", &export(&body));
        assert!(
            msg.contains("baduser.xml:14: field `revision/contributor/id`"),
            "{msg}"
        );
        let body = format!(
            "  <page>\n    <title>T</title>\n    <ns>main</ns>\n{}  </page>\n",
            REVISION
        );
        let msg = error_of("badns.xml", &export(&body));
        assert!(msg.contains("badns.xml:11: field `page/ns`"), "{msg}");
    }

    #[test]
    fn bad_timestamp() {
        for bad in ["2020-13-02T03:04:05Z", "2020-01-02 03:04:05", "yesterday"] {
            let body = format!("  <page>\n    <title>T</title>\n{}  </page>\n", REVISION)
                .replace("2020-01-02T03:04:05Z", bad);
            let msg = error_of("ts.xml", &export(&body));
            assert!(
                msg.contains(&format!(
                    "ts.xml:13: field `revision/timestamp`: \"{bad}\" is not a timestamp"
                )),
                "{msg}"
            );
        }
    }

    #[test]
    fn truncated_file() {
        let full = export(&format!(
            "  <page>\n    <title>T</title>\n{REVISION}  </page>\n"
        ));
        // Cut inside the revision's text.
        let cut = &full[..full.find(">hi<").unwrap() + 2];
        let msg = error_of("cut.xml", cut);
        assert!(
            msg.contains("cut.xml:15: malformed XML: file ends inside <revision> (truncated?)"),
            "{msg}"
        );
        // Cut inside a tag.
        let cut = &full[..full.find("</page>").unwrap() + 3];
        let msg = error_of("cut2.xml", cut);
        assert!(msg.contains("cut2.xml:17: malformed XML"), "{msg}");
        // Mismatched end tag.
        let bad = full.replace("</title>", "</titel>");
        let msg = error_of("tags.xml", &bad);
        assert!(msg.contains("tags.xml:10: malformed XML"), "{msg}");
    }

    #[test]
    fn lzma_alone_and_xz() {
        let xml = gunzip(&fixture("adam_himebauch.xml.gz"));
        let dir = tempfile::tempdir().unwrap();
        let options = xz2::stream::LzmaOptions::new_preset(6).unwrap();
        let lzma_stream = || xz2::stream::Stream::new_lzma_encoder(&options).unwrap();
        let mut files = Vec::new();
        // `.lzma`, and LZMA-alone under another name (found by its start).
        for name in ["adam.xml.lzma", "adam.lzma.bin"] {
            let path = dir.path().join(name);
            let mut enc =
                xz2::write::XzEncoder::new_stream(File::create(&path).unwrap(), lzma_stream());
            enc.write_all(&xml).unwrap();
            enc.finish().unwrap();
            files.push(path);
        }
        // xz, under a name that does not say so.
        let path = dir.path().join("adam.xml");
        let mut enc = xz2::write::XzEncoder::new(File::create(&path).unwrap(), 6);
        enc.write_all(&xml).unwrap();
        enc.finish().unwrap();
        files.push(path);
        let (_, expected) = read_all(&fixture("adam_himebauch.xml.gz"));
        for path in files {
            assert_eq!(
                detect(&path).unwrap(),
                WikiFormat::Xml,
                "{}",
                path.display()
            );
            let (pages, revs) = read_all(&path);
            assert_eq!(pages.len(), 1);
            assert_eq!(revs, expected, "{}", path.display());
        }
        // A cut stream is an I/O error naming the file.
        let whole = std::fs::read(dir.path().join("adam.xml.lzma")).unwrap();
        let path = dir.path().join("cut.xml.lzma");
        std::fs::write(&path, &whole[..whole.len() / 2]).unwrap();
        let err = MediaWikiXmlReader::open(&path)
            .unwrap()
            .find_map(|i| i.err())
            .unwrap();
        assert!(matches!(err, IngestError::Io { .. }), "{err}");
        assert!(err.to_string().contains("cut.xml.lzma"), "{err}");
        // A damaged stream is an I/O error naming the file.
        let path = dir.path().join("bad.xml.lzma");
        std::fs::write(
            &path,
            b"\x5d\x00\x00\x10\x00\xff\xff\xff\xff\xff\xff\xff\xffgarbage",
        )
        .unwrap();
        let err = match MediaWikiXmlReader::open(&path) {
            Err(e) => e,
            Ok(mut r) => r.find_map(|i| i.err()).unwrap(),
        };
        assert!(matches!(err, IngestError::Io { .. }), "{err}");
        assert!(err.to_string().contains("bad.xml.lzma"), "{err}");
    }

    #[test]
    fn detect_formats() {
        let dir = tempfile::tempdir().unwrap();
        let cases: [(&str, &[u8], Option<WikiFormat>); 6] = [
            (
                "a.xml",
                b"\xEF\xBB\xBF  \n<mediawiki/>",
                Some(WikiFormat::Xml),
            ),
            (
                "a.json",
                b"\n\n {\"query\":{}}",
                Some(WikiFormat::ActionApiJson),
            ),
            ("b.json", b"[]", Some(WikiFormat::ActionApiJson)),
            ("c.txt", b"revid\t1\n", None),
            ("d.txt", b"   \n", None),
            ("e.txt", b"", None),
        ];
        for (name, bytes, expected) in cases {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            match expected {
                Some(format) => assert_eq!(detect(&path).unwrap(), format, "{name}"),
                None => {
                    let err = detect(&path).unwrap_err().to_string();
                    assert!(err.contains(name), "{err}");
                }
            }
        }
        assert_eq!(
            detect(&fixture("adam_himebauch.xml.gz")).unwrap(),
            WikiFormat::Xml
        );
    }

    fn json_file(dir: &tempfile::TempDir, name: &str, json: &str) -> PathBuf {
        let path = dir.path().join(name);
        std::fs::write(&path, json).unwrap();
        path
    }

    #[test]
    fn api_formatversion_1_response() {
        let dir = tempfile::tempdir().unwrap();
        let path = json_file(
            &dir,
            "v1.json",
            r#"{"batchcomplete":"","query":{"pages":{
                "736":{"pageid":736,"ns":0,"title":"Albert Einstein","revisions":[
                  {"revid":20,"parentid":10,"minor":"","user":"Bob","userid":7,
                   "timestamp":"2010-01-01T00:00:00Z","comment":"x &amp; y","contentformat":"text/x-wiki",
                   "contentmodel":"wikitext","*":"a &lt; b"},
                  {"revid":21,"parentid":20,"userhidden":"","timestamp":"2010-01-02T00:00:00Z",
                   "commenthidden":"","texthidden":""},
                  {"revid":22,"parentid":21,"user":"192.0.2.1","anon":"","userid":0,
                   "timestamp":"2010-01-03T00:00:00Z","comment":"","*":""}]},
                "12":{"pageid":12,"ns":1,"title":"Talk:Anarchism","revisions":[]}}}}"#,
        );
        let pages = read_action_api_json(&path, None).unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(
            pages[0].header,
            WikiPageHeader {
                title: "Talk:Anarchism".into(),
                namespace: 1,
                page_id: Some(12),
                redirect: None
            }
        );
        assert!(pages[0].revisions.is_empty());
        let revs = &pages[1].revisions;
        assert_eq!(pages[1].header.title, "Albert Einstein");
        assert_eq!(revs.len(), 3);
        assert_eq!(revs[0].id, 20);
        assert_eq!(revs[0].parent_id, Some(10));
        assert!(revs[0].minor);
        assert_eq!(revs[0].contributor, user("Bob", 7));
        // JSON strings are not XML: entities stay as written.
        assert_eq!(revs[0].comment.as_deref(), Some("x &amp; y"));
        assert_eq!(revs[0].text.as_deref(), Some("a &lt; b"));
        assert_eq!(revs[0].model.as_deref(), Some("wikitext"));
        assert_eq!(revs[1].contributor, Contributor::Hidden);
        assert!(revs[1].comment_hidden && revs[1].text_hidden);
        assert_eq!(
            (revs[1].comment.as_deref(), revs[1].text.as_deref()),
            (None, None)
        );
        assert!(!revs[1].minor);
        assert_eq!(revs[2].contributor, Contributor::Ip("192.0.2.1".into()));
        assert_eq!(revs[2].comment, None);
        assert_eq!(revs[2].text.as_deref(), Some(""));
        // Several pages: no title can be imposed.
        let err = read_action_api_json(&path, Some("X"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("v1.json: the response holds 2 pages"), "{err}");
    }

    #[test]
    fn api_formatversion_2_response_and_title_override() {
        let dir = tempfile::tempdir().unwrap();
        let path = json_file(&dir, "v2.json.gz", "");
        let json = r#"{"batchcomplete":true,"query":{"pages":[{"pageid":5,"ns":0,"title":"Foo",
            "revisions":[
              {"revid":1,"parentid":0,"minor":false,"user":"203.0.113.9","anon":true,"timestamp":"2004-05-06T07:08:09Z",
               "comment":"new","slots":{"main":{"contentmodel":"wikitext","contentformat":"text/x-wiki","content":"Hello"}}},
              {"revid":2,"parentid":1,"minor":true,"user":"Ann","userid":3,"timestamp":"2004-05-06T07:08:10Z",
               "comment":"","contentmodel":"wikitext","content":"Hello!"},
              {"revid":3,"parentid":2,"user":"Ann","userid":3,"timestamp":"2004-05-06T07:08:11Z",
               "slots":{"main":{"texthidden":true}},"sha1hidden":true}]}]}}"#;
        let mut enc =
            flate2::write::GzEncoder::new(File::create(&path).unwrap(), Default::default());
        enc.write_all(json.as_bytes()).unwrap();
        enc.finish().unwrap();
        let pages = read_action_api_json(&path, None).unwrap();
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].header.title, "Foo");
        assert_eq!(pages[0].header.page_id, Some(5));
        let revs = &pages[0].revisions;
        assert_eq!(revs[0].parent_id, None);
        assert!(!revs[0].minor);
        assert_eq!(revs[0].contributor, Contributor::Ip("203.0.113.9".into()));
        assert_eq!(revs[0].text.as_deref(), Some("Hello"));
        assert_eq!(revs[0].model.as_deref(), Some("wikitext"));
        assert_eq!(revs[0].format.as_deref(), Some("text/x-wiki"));
        assert!(revs[1].minor);
        assert_eq!(revs[1].text.as_deref(), Some("Hello!"));
        assert_eq!(revs[1].comment, None);
        assert_eq!((revs[2].text.as_deref(), revs[2].text_hidden), (None, true));
        // The caller's title wins over the file's.
        let pages = read_action_api_json(&path, Some("Bar")).unwrap();
        assert_eq!(pages[0].header.title, "Bar");
        assert_eq!(pages[0].header.page_id, Some(5));
    }

    #[test]
    fn api_json_errors_name_file_and_path() {
        let dir = tempfile::tempdir().unwrap();
        let rev = |fields: &str| {
            format!(
                r#"[{{"revid":1,"user":"A","userid":1,"timestamp":"2001-01-01T00:00:00Z"}},{{{fields}}}]"#
            )
        };
        let cases = [
            (
                rev(r#""revid":"x","user":"A","timestamp":"2001-01-01T00:00:00Z""#),
                "[1].revid: not a non-negative integer: \"x\"",
            ),
            (
                rev(r#""revid":2.5,"user":"A","timestamp":"2001-01-01T00:00:00Z""#),
                "[1].revid: not a non-negative integer: 2.5",
            ),
            (
                rev(r#""user":"A","timestamp":"2001-01-01T00:00:00Z""#),
                "[1].revid: missing",
            ),
            (
                rev(r#""revid":2,"user":"A","timestamp":"2001-01-01""#),
                "[1].timestamp: \"2001-01-01\" is not a timestamp",
            ),
            (
                rev(r#""revid":2,"timestamp":"2001-01-01T00:00:00Z""#),
                "[1].user: missing",
            ),
            (
                r#"{"query":{"pages":{"7":{"pageid":7,"title":"P","revisions":[{"revid":1,"user":"A","timestamp":"2001-01-01T00:00:00"}]}}}}"#.to_string(),
                "query.pages.7.revisions[0].timestamp: \"2001-01-01T00:00:00\" is not a timestamp",
            ),
            (
                r#"{"query":{"pages":[{"ns":0,"title":"Nope","missing":true}]}}"#.to_string(),
                "query.pages[0]: the API reports page \"Nope\" as missing",
            ),
            (
                r#"{"error":{"code":"badvalue","info":"Unrecognized value"}}"#.to_string(),
                "Action API error response: badvalue: Unrecognized value",
            ),
            ("{\"a\":1}".to_string(), "no query.pages"),
            ("\"text\"".to_string(), "JSON a string is neither"),
            ("[\n{\"revid\":1,\n".to_string(), "bad.json:3: malformed JSON"),
        ];
        for (json, expected) in cases {
            let path = json_file(&dir, "bad.json", &json);
            let err = read_action_api_json(&path, Some("T"))
                .unwrap_err()
                .to_string();
            assert!(err.contains("bad.json"), "{err}");
            assert!(err.contains(expected), "{err} (expected {expected:?})");
        }
    }

    #[test]
    fn timestamps() {
        assert!(is_timestamp("2001-10-11T20:18:47Z"));
        assert!(is_timestamp("2016-12-31T23:59:60Z"));
        for bad in [
            "2001-10-11T20:18:47",
            "2001-10-11 20:18:47Z",
            "2001-00-11T20:18:47Z",
            "2001-10-32T20:18:47Z",
            "2001-10-11T24:18:47Z",
            "2001-10-11T20:60:47Z",
            "20011011T201847Z",
            "2001-1a-11T20:18:47Z",
            "２００１-10-11T20:18:47Z",
        ] {
            assert!(!is_timestamp(bad), "{bad}");
        }
    }

    /// The full 2001–2010 history of English Wikipedia's "Anarchism":
    /// 1.05 GB of XML in LZMA-alone, export schema 0.4. Counts from
    /// `xz -dc --format=lzma FILE | grep -c '<revision>'` (and `<ip>`).
    #[test]
    #[cfg_attr(
        not(locus_shared_data),
        ignore = "needs ../shared/data (set LOCUS_SHARED_DATA)"
    )]
    fn anarchism_full_history() {
        let path =
            crate::test_support::shared_data("wiki_history/Anarchism_enwiki_full_history.xml.lzma");
        let started = std::time::Instant::now();
        let reader = MediaWikiXmlReader::open(&path).unwrap();
        assert_eq!(reader.schema_version(), Some("0.4"));
        let (mut pages, mut revisions, mut ips, mut hidden, mut bytes) = (0, 0, 0, 0, 0u64);
        let mut first = None;
        let mut last_line = 0;
        for item in reader {
            match item.unwrap() {
                WikiItem::Page(p) => {
                    assert_eq!(p.title, "Anarchism");
                    assert_eq!(p.namespace, 0);
                    assert_eq!(p.page_id, Some(12));
                    pages += 1;
                }
                WikiItem::Revision(r) => {
                    revisions += 1;
                    match r.contributor {
                        Contributor::Ip(_) => ips += 1,
                        Contributor::Hidden => hidden += 1,
                        Contributor::User { .. } => {}
                    }
                    assert!(r.line > last_line);
                    last_line = r.line;
                    bytes += r.text.as_ref().map_or(0, |t| t.len() as u64);
                    first.get_or_insert(r);
                }
            }
        }
        let elapsed = started.elapsed();
        eprintln!(
            "Anarchism: {revisions} revisions, {bytes} bytes of text in {:.1} s",
            elapsed.as_secs_f64()
        );
        assert_eq!(pages, 1);
        assert_eq!(revisions, 15_180);
        assert_eq!(ips, 2590);
        assert_eq!(hidden, 1);
        let first = first.unwrap();
        assert_eq!(first.id, 233194);
        assert_eq!(first.timestamp, "2001-10-11T20:18:47Z");
        assert_eq!(first.contributor, user("The Cunctator", 31));
        assert_eq!(first.line, 36);
        assert!(first
            .text
            .as_deref()
            .unwrap()
            .contains("Greek roots <i>an</i> (no)"));
    }
}
