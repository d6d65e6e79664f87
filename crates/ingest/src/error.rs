//! [`IngestError`]: the one error type of every importer.
//!
//! A user who imports a file wants to know where it went wrong, not which
//! parser failed, so all importers report through the same type, and every
//! error names the file and as precise a place in it as the format allows
//! (line and field, line, or the file as a whole). An error displays as
//! ``Homo_sapiens.gene_info:5: field `GeneID`: not an integer: "571x"``.

use std::path::PathBuf;

/// Why a source file could not be read.
///
/// Every parse error names the file, and where the format has lines, the
/// 1-based line number and the field, so a user can open the file at the
/// right place.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The system failed while the file was opened or read: it is missing
    /// or unreadable, its gzip stream is damaged, or a resource reading
    /// needs (the SQLite reader thread) could not be had.
    #[error("{}: {source}", file.display())]
    Io {
        /// The file, as the caller named it.
        file: PathBuf,
        /// What the operating system or the decompressor reported.
        #[source]
        source: std::io::Error,
    },
    /// One value of a record does not parse or breaks the format's rules
    /// (a GeneID that is not an integer, an unknown organism).
    #[error("{}:{line}: field `{field}`: {message}", file.display())]
    Field {
        /// The file, as the caller named it.
        file: PathBuf,
        /// 1-based line holding the value: for a CSV record, the line it
        /// starts on; for a value that is missing, the line of the record or
        /// element that lacks it.
        line: u64,
        /// The column or element as the format names it (`GeneID`,
        /// `PubMed ID (PMID) list`, `OX`, `PMID`).
        field: String,
        /// What is wrong, quoting the value as written.
        message: String,
    },
    /// A line is wrong as a whole: a wrong number of columns, text that is
    /// not UTF-8, malformed XML, a header that is not the format's.
    #[error("{}:{line}: {message}", file.display())]
    Line {
        /// The file, as the caller named it.
        file: PathBuf,
        /// 1-based line number.
        line: u64,
        /// What is wrong with the line.
        message: String,
    },
    /// The file as a whole is wrong, with no line to point at: it is empty,
    /// its name lacks what the format needs (a DoRothEA table outside its
    /// directory, a renamed TFLink download), or a SQLite package is of the
    /// wrong kind or has an unreadable table.
    #[error("{}: {message}", file.display())]
    File {
        /// The file, as the caller named it.
        file: PathBuf,
        /// What is wrong with the file.
        message: String,
    },
}

impl IngestError {
    /// A [`Field`](IngestError::Field) error at 1-based `line` of `file`.
    /// The constructors copy the borrowed path a reader holds, so a parser
    /// need not own one to report an error.
    pub fn field(
        file: &std::path::Path,
        line: u64,
        field: &str,
        message: impl Into<String>,
    ) -> Self {
        IngestError::Field {
            file: file.to_path_buf(),
            line,
            field: field.to_string(),
            message: message.into(),
        }
    }
    /// A [`Line`](IngestError::Line) error at 1-based `line` of `file`.
    pub fn line(file: &std::path::Path, line: u64, message: impl Into<String>) -> Self {
        IngestError::Line {
            file: file.to_path_buf(),
            line,
            message: message.into(),
        }
    }
    /// A [`File`](IngestError::File) error about `file` as a whole.
    pub fn file(file: &std::path::Path, message: impl Into<String>) -> Self {
        IngestError::File {
            file: file.to_path_buf(),
            message: message.into(),
        }
    }
    /// An [`Io`](IngestError::Io) error: `source` happened while opening or
    /// reading `file`.
    pub fn io(file: &std::path::Path, source: std::io::Error) -> Self {
        IngestError::Io {
            file: file.to_path_buf(),
            source,
        }
    }
}

/// The result of reading a source file; the error is an [`IngestError`]
/// unless said otherwise.
pub type Result<T, E = IngestError> = std::result::Result<T, E>;
