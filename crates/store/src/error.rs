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
    #[error("store: corrupt value in {table}.{column}: {message}")]
    Corrupt {
        table: &'static str,
        column: &'static str,
        message: String,
    },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
