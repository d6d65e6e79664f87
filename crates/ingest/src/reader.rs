//! [`LineReader`]: how every line-based importer reads its file.
//!
//! The tab- and space-separated formats (`gene_info`, `gene2pubmed`,
//! GeneRIFs, UniProt, TFLink, TRRUST, RegNetwork, STRING) all need the same
//! things: gzip read transparently whatever the file is called, the 1-based
//! line number kept for error messages, invalid UTF-8 reported at its line,
//! and rows split into exactly as many cells as the format has. Doing it
//! once here keeps those rules, and their error messages, the same in every
//! format. [`open_maybe_gz`] and [`file_sha256`] serve the other readers
//! and the record of an import.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::{IngestError, Result};

/// Opens a file for streaming, decompressing it if it is gzip.
///
/// Detection is by the gzip magic bytes, not the extension, so a `.gz` that
/// was gunzipped in place, or a gzip without the suffix, still reads.
/// Multi-member gzip (as written by `bgzip` or concatenation) is supported.
pub fn open_maybe_gz(path: &Path) -> Result<Box<dyn BufRead + Send>> {
    let mut file = File::open(path).map_err(|e| IngestError::io(path, e))?;
    let mut magic = [0u8; 2];
    let n = read_up_to(&mut file, &mut magic).map_err(|e| IngestError::io(path, e))?;
    let file = File::open(path).map_err(|e| IngestError::io(path, e))?;
    if n == 2 && magic == [0x1f, 0x8b] {
        let gz = flate2::read::MultiGzDecoder::new(BufReader::with_capacity(1 << 16, file));
        Ok(Box::new(BufReader::with_capacity(1 << 16, gz)))
    } else {
        Ok(Box::new(BufReader::with_capacity(1 << 16, file)))
    }
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// SHA-256 of a file's bytes as stored on disk (compressed, if it is), in hex.
pub fn file_sha256(path: &Path) -> Result<String> {
    let mut file = File::open(path).map_err(|e| IngestError::io(path, e))?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).map_err(|e| IngestError::io(path, e))?;
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// Reads a text file line by line, keeping the 1-based line number for
/// error messages and reusing one buffer.
pub struct LineReader {
    path: PathBuf,
    inner: Box<dyn BufRead + Send>,
    buf: String,
    line_no: u64,
}

impl LineReader {
    /// Opens `path`, plain or gzip (see [`open_maybe_gz`]); no line is read
    /// yet, so [`line_no`](Self::line_no) is 0.
    pub fn open(path: &Path) -> Result<Self> {
        Ok(LineReader {
            path: path.to_path_buf(),
            inner: open_maybe_gz(path)?,
            buf: String::new(),
            line_no: 0,
        })
    }

    /// Reads lines from `inner` (standard input, a pipe); errors name
    /// `name` as the file.
    pub fn from_reader(name: &Path, inner: Box<dyn BufRead + Send>) -> Self {
        LineReader {
            path: name.to_path_buf(),
            inner,
            buf: String::new(),
            line_no: 0,
        }
    }

    /// The file being read, as given to [`open`](Self::open); errors name it.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Line number of the line last read (by [`next_line`](Self::next_line)
    /// or [`advance`](Self::advance)).
    pub fn line_no(&self) -> u64 {
        self.line_no
    }

    /// The next line without its line terminator (`\n` or `\r\n`), or
    /// `None` at end of file. Invalid UTF-8 is an error naming the line.
    pub fn next_line(&mut self) -> Result<Option<&str>> {
        Ok(if self.advance()? {
            Some(self.line())
        } else {
            None
        })
    }

    /// Reads the next line, which [`line`](Self::line) then returns;
    /// `false` at end of file. Invalid UTF-8 is an error naming the line.
    ///
    /// Unlike [`next_line`](Self::next_line) this keeps the line inside the
    /// reader instead of lending it out, so a parser can read the line and
    /// build errors (which need the reader for file and line number)
    /// through the same shared borrow, without copying the line out.
    pub fn advance(&mut self) -> Result<bool> {
        self.buf.clear();
        let n = self.inner.read_line(&mut self.buf).map_err(|e| {
            if e.kind() == std::io::ErrorKind::InvalidData {
                IngestError::line(&self.path, self.line_no + 1, "not valid UTF-8 text")
            } else {
                IngestError::io(&self.path, e)
            }
        })?;
        if n == 0 {
            return Ok(false);
        }
        self.line_no += 1;
        Ok(true)
    }

    /// The line last read, without its line terminator; empty before the
    /// first line and at end of file.
    pub fn line(&self) -> &str {
        self.buf.trim_end_matches(['\n', '\r'])
    }

    /// Like [`advance`](Self::advance), but passes over blank (all white
    /// space) lines: the tabular formats allow them, since a hand-cut
    /// subset often ends with an empty line that is not a record.
    pub fn advance_non_blank(&mut self) -> Result<bool> {
        while self.advance()? {
            if !self.line().trim().is_empty() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The first non-blank line, which tabular formats use as their header.
    /// A file without one is refused with `if_empty`, so an empty file is
    /// reported when opened rather than imported as nothing.
    pub fn read_header(&mut self, if_empty: &str) -> Result<&str> {
        if self.advance_non_blank()? {
            Ok(self.line())
        } else {
            Err(IngestError::file(&self.path, if_empty))
        }
    }

    /// Splits `line` into exactly `N` tab-separated cells, else a line
    /// error giving the count found.
    ///
    /// The count is strict because a stray tab in a text cell or a missing
    /// cell would otherwise shift every later column, and a row read wrongly
    /// is worse than one refused. A fixed array avoids an allocation per
    /// line; cells past `N` are still counted so the error says how many.
    pub fn tab_cells<'a, const N: usize>(&self, line: &'a str) -> Result<[&'a str; N]> {
        self.exactly(line.split('\t'), |found| {
            format!("expected {N} tab-separated columns, found {found}")
        })
    }

    /// Like [`tab_cells`](Self::tab_cells) for formats whose columns are
    /// separated by runs of spaces (STRING, RegNetwork); `columns` names
    /// them in the error, e.g. ` (TF, TF ID, target, target ID, direction)`.
    pub fn whitespace_cells<'a, const N: usize>(
        &self,
        line: &'a str,
        columns: &str,
    ) -> Result<[&'a str; N]> {
        self.exactly(line.split_whitespace(), |found| {
            format!("expected {N} space-separated columns{columns}, found {found}")
        })
    }

    /// Exactly `N` cells from `cells`, else a line error made by `message`
    /// from the count found.
    fn exactly<'a, const N: usize>(
        &self,
        cells: impl Iterator<Item = &'a str>,
        message: impl FnOnce(usize) -> String,
    ) -> Result<[&'a str; N]> {
        let mut out = [""; N];
        let mut found = 0;
        for cell in cells {
            if let Some(slot) = out.get_mut(found) {
                *slot = cell;
            }
            found += 1;
        }
        if found != N {
            return Err(self.line_error(message(found)));
        }
        Ok(out)
    }

    /// A number as the file publishes it, `None` for a missing value
    /// (`NA`, `NaN`, an empty cell; never zero); anything else that is
    /// not a finite number is an error naming `field`.
    pub fn optional_number(&self, field: &str, cell: &str) -> Result<Option<f64>> {
        match cell.trim() {
            "" | "NA" | "NaN" => Ok(None),
            v => v
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .map(Some)
                .ok_or_else(|| self.field_error(field, format!("not a number: {v:?}"))),
        }
    }

    /// An [`IngestError::Field`] naming this file, the line last read and
    /// `field`, the column as the format's header names it.
    pub fn field_error(&self, field: &str, message: impl Into<String>) -> IngestError {
        IngestError::field(&self.path, self.line_no, field, message)
    }

    /// An [`IngestError::Line`] naming this file and the line last read.
    pub fn line_error(&self, message: impl Into<String>) -> IngestError {
        IngestError::line(&self.path, self.line_no, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn reads_plain_and_gzip_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("a.tsv");
        std::fs::write(&plain, "x\ty\r\nz\n").unwrap();
        let gz = dir.path().join("a.tsv.gz");
        let mut enc = flate2::write::GzEncoder::new(File::create(&gz).unwrap(), Default::default());
        enc.write_all(b"x\ty\r\nz\n").unwrap();
        enc.finish().unwrap();
        for p in [plain, gz] {
            let mut r = LineReader::open(&p).unwrap();
            assert_eq!(r.next_line().unwrap(), Some("x\ty"));
            assert_eq!(r.next_line().unwrap(), Some("z"));
            assert_eq!(r.line_no(), 2);
            assert_eq!(r.next_line().unwrap(), None);
        }
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bad.tsv");
        std::fs::write(&p, b"ok\n\xff\xfe\n").unwrap();
        let mut r = LineReader::open(&p).unwrap();
        r.next_line().unwrap();
        let err = r.next_line().unwrap_err().to_string();
        assert!(err.ends_with("bad.tsv:2: not valid UTF-8 text"), "{err}");
    }
}
