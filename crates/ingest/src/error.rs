use std::path::PathBuf;

/// Why a source file could not be read.
///
/// Every parse error names the file, and where the format has lines, the
/// 1-based line number and the field, so a user can open the file at the
/// right place.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{}: {source}", file.display())]
    Io {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}: field `{field}`: {message}", file.display())]
    Field {
        file: PathBuf,
        line: u64,
        field: String,
        message: String,
    },
    #[error("{}:{line}: {message}", file.display())]
    Line {
        file: PathBuf,
        line: u64,
        message: String,
    },
    #[error("{}: {message}", file.display())]
    File { file: PathBuf, message: String },
}

impl IngestError {
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
    pub fn line(file: &std::path::Path, line: u64, message: impl Into<String>) -> Self {
        IngestError::Line {
            file: file.to_path_buf(),
            line,
            message: message.into(),
        }
    }
    pub fn file(file: &std::path::Path, message: impl Into<String>) -> Self {
        IngestError::File {
            file: file.to_path_buf(),
            message: message.into(),
        }
    }
    pub fn io(file: &std::path::Path, source: std::io::Error) -> Self {
        IngestError::Io {
            file: file.to_path_buf(),
            source,
        }
    }
}

pub type Result<T, E = IngestError> = std::result::Result<T, E>;
