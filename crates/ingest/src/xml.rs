//! What the XML formats (PubMed, MediaWiki exports, Orphanet, Expression
//! Atlas configurations) share: quick-xml reports an entity or character
//! reference inside text as its own event, and each reader has to put the
//! character it stands for back into the text; and quick-xml reports byte
//! offsets, which [`LineCounter`] turns into the lines errors name.

use std::io::{self, BufRead, Read};
use std::path::Path;

use quick_xml::events::{BytesRef, Event};
use quick_xml::Reader;

use crate::{IngestError, Result};

/// Reads the next event of `reader` into `buf`, with the line it starts
/// on. The event's start becomes the counter's mark, so an error inside
/// it names its own line; a malformed document is an error naming `file`
/// and that line.
pub(crate) fn next_event<'b, R: Read>(
    reader: &mut Reader<LineCounter<R>>,
    buf: &'b mut Vec<u8>,
    file: &Path,
) -> Result<(Event<'b>, u64)> {
    let start = reader.buffer_position();
    reader.get_mut().set_mark(start);
    buf.clear();
    match reader.read_event_into(buf) {
        Ok(event) => Ok((event, reader.get_ref().line_at(start))),
        Err(e) => Err(xml_error(reader, file, e)),
    }
}

/// An error from quick-xml as an [`IngestError`]: a read failure as such,
/// malformed XML at the line it happened.
fn xml_error<R>(reader: &Reader<LineCounter<R>>, file: &Path, e: quick_xml::Error) -> IngestError {
    if let quick_xml::Error::Io(io_err) = &e {
        return IngestError::io(file, io::Error::new(io_err.kind(), io_err.to_string()));
    }
    let counter = reader.get_ref();
    let pos = reader.error_position().max(counter.mark());
    IngestError::line(file, counter.line_at(pos), format!("malformed XML: {e}"))
}

/// Appends the character `r` stands for to `text`: a character reference
/// (`&#945;`) or one of XML's five predefined entities. None of the
/// formats Locus reads declares entities of its own, so an unknown one is
/// kept verbatim rather than lose the record; a malformed character
/// reference is an error naming `file` and `line`.
pub(crate) fn push_reference(
    text: &mut String,
    r: &BytesRef<'_>,
    file: &Path,
    line: u64,
) -> Result<()> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => text.push(c),
        Ok(None) => match &**r {
            "lt" => text.push('<'),
            "gt" => text.push('>'),
            "amp" => text.push('&'),
            "apos" => text.push('\''),
            "quot" => text.push('"'),
            other => {
                text.push('&');
                text.push_str(other);
                text.push(';');
            }
        },
        Err(e) => {
            return Err(IngestError::line(
                file,
                line,
                format!("malformed XML: character reference &{};: {e}", &**r),
            ))
        }
    }
    Ok(())
}

/// A buffered reader that records the byte offsets of the newlines it hands
/// out, so a byte offset reported by quick-xml can be turned into a line.
///
/// Offsets of newlines before the *mark* (the start of the event being
/// read) are only counted; those after it are kept, since an error may be
/// reported anywhere inside the event.
pub(crate) struct LineCounter<R> {
    inner: R,
    buf: Box<[u8]>,
    pos: usize,
    filled: usize,
    /// Bytes consumed so far.
    offset: u64,
    mark: u64,
    newlines_before_mark: u64,
    /// Offsets (ascending) of newlines consumed at or after `mark`.
    newlines: Vec<u64>,
}

impl<R: Read> LineCounter<R> {
    /// Counts the lines of `inner`.
    pub(crate) fn new(inner: R) -> Self {
        LineCounter {
            inner,
            buf: vec![0; 1 << 16].into_boxed_slice(),
            pos: 0,
            filled: 0,
            offset: 0,
            mark: 0,
            newlines_before_mark: 0,
            newlines: Vec::new(),
        }
    }
}

impl<R> LineCounter<R> {
    /// Forgets the positions of newlines before `mark`, keeping their count.
    pub(crate) fn set_mark(&mut self, mark: u64) {
        let k = self.newlines.partition_point(|&o| o < mark);
        self.newlines_before_mark += k as u64;
        self.newlines.drain(..k);
        self.mark = mark;
    }

    /// The start of the event being read.
    pub(crate) fn mark(&self) -> u64 {
        self.mark
    }

    /// 1-based line of byte `offset`, which should be at or after the mark.
    pub(crate) fn line_at(&self, offset: u64) -> u64 {
        let after_mark = self.newlines.partition_point(|&o| o < offset) as u64;
        self.newlines_before_mark + after_mark + 1
    }
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for LineCounter<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos >= self.filled {
            self.filled = loop {
                match self.inner.read(&mut self.buf) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    other => break other?,
                }
            };
            self.pos = 0;
        }
        Ok(&self.buf[self.pos..self.filled])
    }

    fn consume(&mut self, amt: usize) {
        let end = (self.pos + amt).min(self.filled);
        let base = self.offset;
        self.newlines
            .extend(memchr::memchr_iter(b'\n', &self.buf[self.pos..end]).map(|i| base + i as u64));
        self.offset += (end - self.pos) as u64;
        self.pos = end;
    }
}
