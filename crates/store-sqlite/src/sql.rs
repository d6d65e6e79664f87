//! Where Locus's typed ids meet SQLite's integers, and JSON list columns
//! meet Rust vectors. Nothing outside this backend converts ids to or
//! from database values.

use locus_model::{GeneId, ImportId, Pmid, TaxId};
use locus_store::StoreError;
use rusqlite::Row;

use crate::Result;

/// Typed ids from a result row. SQLite integers are signed 64-bit;
/// reading a negative GeneID (which Locus never writes) is an error, not
/// a wrapped number.
pub(crate) trait RowExt {
    fn gene_id(&self, i: usize) -> rusqlite::Result<GeneId>;
    fn tax_id(&self, i: usize) -> rusqlite::Result<TaxId>;
    fn pmid(&self, i: usize) -> rusqlite::Result<Pmid>;
    fn import_id(&self, i: usize) -> rusqlite::Result<ImportId>;
    /// A count (`count(*)`, a `u64` column).
    fn count(&self, i: usize) -> rusqlite::Result<u64>;
}

impl RowExt for Row<'_> {
    fn gene_id(&self, i: usize) -> rusqlite::Result<GeneId> {
        self.get(i).map(GeneId)
    }
    fn tax_id(&self, i: usize) -> rusqlite::Result<TaxId> {
        self.get(i).map(TaxId)
    }
    fn pmid(&self, i: usize) -> rusqlite::Result<Pmid> {
        self.get(i).map(Pmid)
    }
    fn import_id(&self, i: usize) -> rusqlite::Result<ImportId> {
        self.get(i).map(ImportId)
    }
    fn count(&self, i: usize) -> rusqlite::Result<u64> {
        self.get(i)
    }
}

/// A list column (`pmids`, `sources`, …), stored as a JSON array.
pub(crate) fn to_json<T: serde::Serialize + ?Sized>(
    v: &T,
    table: &'static str,
    column: &'static str,
) -> Result<String> {
    serde_json::to_string(v).map_err(|e| corrupt(table, column, e.to_string()))
}

/// Reads a JSON list column back.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(
    s: &str,
    table: &'static str,
    column: &'static str,
) -> Result<T> {
    serde_json::from_str(s).map_err(|e| corrupt(table, column, e.to_string()))
}

/// A stored value that does not read back as what Locus wrote.
pub(crate) fn corrupt(table: &'static str, column: &'static str, message: String) -> crate::Error {
    crate::Error::Store(StoreError::Corrupt {
        table,
        column,
        message,
    })
}

/// The SQLite table holding each fact table's rows (all with `import_id`).
pub(crate) fn table(t: locus_model::FactTable) -> &'static str {
    use locus_model::FactTable as F;
    match t {
        F::Gene => "gene",
        F::GeneAlias => "gene_alias",
        F::GeneXref => "gene_xref",
        F::GenePubmed => "gene_pubmed",
        F::Generif => "generif",
        F::Publication => "publication",
        F::GoAnnotation => "go_annotation",
        F::GoTerm => "go_term",
        F::Protein => "protein",
        F::ProteinGene => "protein_gene",
        F::Regulation => "regulation",
        F::Ortholog => "ortholog",
        F::Interaction => "interaction",
        F::BindingSite => "binding_site",
    }
}
