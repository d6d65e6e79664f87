//! [`StoreError`]: why a store operation failed, in terms a user can act
//! on. A backend's own error type never appears here; it is carried as an
//! opaque source so callers cannot come to depend on one engine.

use locus_model::{SourceKind, TaxId};

use crate::BoxError;

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The store could not be opened or created.
    #[error("cannot open store {location}")]
    Open {
        /// The path or URL as given.
        location: String,
        /// What the backend reported.
        #[source]
        source: BoxError,
    },
    /// A store URL names a backend this build does not have.
    #[error("{0}")]
    Unsupported(String),
    /// The backend failed while reading or writing.
    #[error(transparent)]
    Backend(BoxError),
    /// The database server that must do this cannot be reached (a
    /// PostgreSQL primary that is down, for a write); nothing was done.
    /// Worth retrying later, unlike [`StoreError::Backend`].
    #[error("{0}")]
    Unavailable(String),
    /// The source file could not be read; the store is unchanged.
    #[error("{0}")]
    Source(BoxError),
    /// The source file holds no records; an import of it would only
    /// replace an earlier import of the same file with nothing.
    #[error("the file holds no {kind} records; nothing was imported")]
    EmptySource {
        /// The import kind the file was read as.
        kind: SourceKind,
    },
    /// The store was written by a newer Locus.
    #[error("store schema version {found} is newer than this locus understands ({supported}); upgrade locus")]
    SchemaTooNew {
        /// The version the store records.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// A network file names genes of an organism the store has no genes
    /// of; every row would be unresolved.
    #[error("the store holds no genes of {organism}: import its gene_info (or org.Hs.eg.db) before {kind} files, so their gene names can be resolved", organism = organism_label(*.tax_id))]
    NoGenesOfOrganism {
        /// The organism the file's rows name.
        tax_id: TaxId,
        /// The import kind.
        kind: SourceKind,
    },
    /// Not one row of a network file resolved to genes of the store: the
    /// store lacks the identifiers the file uses, so importing it would
    /// only record failures.
    #[error("none of the {rows} rows of this {kind} file resolved to genes in the store (first: line {line}, {role} {identifier}: {reason}); nothing was imported. Import what maps its identifiers first: gene_info for GeneIDs and symbols, org.Hs.eg.db or a UniProt file for UniProt accessions, org.Hs.eg.db for Ensembl proteins")]
    NothingResolved {
        /// The import kind.
        kind: SourceKind,
        /// Rows read.
        rows: u64,
        /// Line of the first unresolved identifier.
        line: u64,
        /// Which end of that row.
        role: crate::Role,
        /// The identifier as the file writes it.
        identifier: String,
        /// Why it did not resolve.
        reason: crate::UnresolvedReason,
    },
    /// Writing an export's files failed (disk full, a closed download);
    /// the store is untouched.
    #[error("writing the export failed: {0}")]
    Export(BoxError),
    /// A stored value cannot be read back; the store was changed by
    /// something other than Locus, or is damaged.
    #[error("store: corrupt value in {table}.{column}: {message}")]
    Corrupt {
        /// Where the value is.
        table: &'static str,
        /// Which column.
        column: &'static str,
        /// What is wrong with it.
        message: String,
    },
}

fn organism_label(tax_id: TaxId) -> String {
    match tax_id.scientific_name() {
        Some(n) => format!("{n} (taxon {tax_id})"),
        None => format!("taxon {tax_id}"),
    }
}

impl StoreError {
    /// Wraps a backend's own error.
    pub fn backend(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        StoreError::Backend(Box::new(e))
    }
}

/// The result of a store operation.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
