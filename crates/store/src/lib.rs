//! The Locus store.
//!
//! [`GeneStore`] is what the web layer and the CLI read through; it says
//! nothing about SQL so that a PostgreSQL backend can follow without touching
//! importers or pages. [`SqliteStore`] is the embedded default: one file,
//! WAL mode, every import one transaction.
//!
//! Provenance is structural: every fact row carries the id of the import
//! that wrote it, and the `imports` table records kind, file, sha256,
//! release, row counts and times. Derived facts (PubMed count, fractional
//! PubMed score, GeneRIF count, and the per-gene "best" record that merges
//! sources) are recomputed inside the same transaction as the import, so
//! readers never see facts and derived numbers disagree.

mod error;
mod sqlite;
mod types;

pub use error::{Result, StoreError};
pub use sqlite::SqliteStore;
pub use types::*;

use locus_model::{
    Fact, GeneId, GoAnnotation, ImportRecord, KgEdge, ProteinEntry, RegulationRow, TaxId,
};

/// Read and write access to a Locus store.
pub trait GeneStore: Send + Sync {
    /// Imports one source file's facts in one transaction. Facts from any
    /// earlier import of the same `meta.dataset` are replaced. On error
    /// (including an error yielded by `facts`) nothing is written.
    fn import(
        &self,
        meta: &ImportMeta,
        facts: &mut dyn FactStream,
        progress: &mut dyn FnMut(u64),
    ) -> Result<ImportRecord>;

    /// Changes whenever an import commits; caches key on it.
    fn generation(&self) -> Result<i64>;

    /// Finds the gene a user means by an id, symbol or alias.
    fn resolve(&self, query: &str, tax_id: Option<TaxId>) -> Result<Resolution>;
    fn gene(&self, gene_id: GeneId) -> Result<Option<GeneDetail>>;
    fn generifs(&self, gene_id: GeneId) -> Result<Vec<GeneRifRow>>;
    fn references(&self, gene_id: GeneId, offset: u64, limit: u64) -> Result<ReferencePage>;
    fn go_annotations(&self, gene_id: GeneId) -> Result<Vec<GoAnnotation>>;
    fn proteins(&self, gene_id: GeneId) -> Result<Vec<ProteinEntry>>;
    /// The imports whose facts appear on this gene's page.
    fn gene_imports(&self, gene_id: GeneId) -> Result<Vec<ImportRecord>>;
    fn imports(&self) -> Result<Vec<ImportRecord>>;
    fn stats(&self) -> Result<StoreStats>;
    /// Every gene's names, for building a search index in memory.
    fn search_entries(&self) -> Result<Vec<SearchEntry>>;
    /// A PubMed citation with the genes linked to it, if it was imported
    /// or is linked to any gene.
    fn publication(&self, pmid: u32) -> Result<Option<PublicationDetail>>;

    /// The TFs regulating a gene, one merged edge each, strongest first.
    fn regulators(&self, gene_id: GeneId) -> Result<Vec<RegulationEdgeRow>>;
    /// The targets a TF regulates, one merged edge each, strongest first.
    fn targets(&self, gene_id: GeneId) -> Result<Vec<RegulationEdgeRow>>;
    /// Every source row behind the edge `tf` → `target`.
    fn regulation_evidence(&self, tf: GeneId, target: GeneId) -> Result<Vec<RegulationRow>>;
    fn orthologs(&self, gene_id: GeneId) -> Result<Vec<OrthologRow>>;
    /// STRING associations, best combined score first, at most `limit`.
    fn interactions(&self, gene_id: GeneId, limit: u64) -> Result<InteractionPage>;
    /// The STRING association between two genes (`protein` is `a`'s).
    fn interaction_between(&self, a: GeneId, b: GeneId) -> Result<Option<InteractionRow>>;
    fn binding_sites(&self, gene_id: GeneId, offset: u64, limit: u64) -> Result<BindingSitePage>;
    /// Knowledge-graph edges touching a gene, by kind.
    fn kg_counts(&self, gene_id: GeneId) -> Result<KgCounts>;
    /// Every gene–gene edge, for building the in-memory graph.
    fn kg_edges(&self) -> Result<Vec<KgEdge>>;
    /// The merged regulatory network of one organism, for exports.
    fn network(&self, tax_id: TaxId) -> Result<Vec<NetworkEdge>>;
    /// Identifiers of an import that did not resolve to one gene.
    fn unresolved(&self, import_id: i64, limit: u64) -> Result<Vec<UnresolvedRow>>;
}

/// A stream of facts from one source file, as the store consumes it.
///
/// The importer crate's readers are adapted to this by the caller, which
/// keeps the store independent of the parsers.
pub trait FactStream {
    fn next_fact(&mut self) -> Option<std::result::Result<Fact, BoxError>>;
    /// The release the file states, asked once the stream is drained.
    fn release(&self) -> Option<String>;
}

/// Errors yielded by a fact stream (an importer's parse errors).
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;
