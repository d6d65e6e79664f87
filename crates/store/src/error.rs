/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store {path}: {source}")]
    Open {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("store: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The source file could not be read; the store is unchanged.
    #[error("{0}")]
    Source(crate::BoxError),
    #[error("store schema version {found} is newer than this locus understands ({supported}); upgrade locus")]
    SchemaTooNew { found: i64, supported: i64 },
    /// A network file names genes of an organism the store has no genes
    /// of; every row would be unresolved.
    #[error("the store holds no genes of {organism}: import its gene_info (or org.Hs.eg.db) before {kind} files, so their gene names can be resolved")]
    NoGenesOfOrganism {
        organism: String,
        kind: &'static str,
    },
    /// Not one row of a network file resolved to genes of the store: the
    /// store lacks the identifiers the file uses, so importing it would
    /// only record failures.
    #[error("none of the {rows} rows of this {kind} file resolved to genes in the store (first: line {line}, {role} {identifier}: {reason}); nothing was imported. Import what maps its identifiers first: gene_info for GeneIDs and symbols, org.Hs.eg.db or a UniProt file for UniProt accessions, org.Hs.eg.db for Ensembl proteins")]
    NothingResolved {
        kind: &'static str,
        rows: u64,
        line: u64,
        role: String,
        identifier: String,
        reason: String,
    },
    #[error("store: corrupt value in {table}.{column}: {message}")]
    Corrupt {
        table: &'static str,
        column: &'static str,
        message: String,
    },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
