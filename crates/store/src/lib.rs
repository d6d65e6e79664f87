//! The Locus store, independent of any database engine.
//!
//! Two traits split the work between this crate and a backend:
//!
//! * [`GeneStore`]: the reads pages, the API and the CLI make. A backend
//!   answers them with its own queries.
//! * [`StoreBackend`] / [`ImportTx`]: the small write interface a backend
//!   implements: start an import, replace an earlier one, look genes up,
//!   write resolved facts, rebuild derived facts, commit.
//!
//! What an import *means* is written once, here, in [`import`](mod@import): replace
//! the facts of an earlier import of the same dataset, resolve the gene
//! identifiers of network files in a fixed order ([`resolve`]), report
//! what did not resolve, refuse a file of which nothing resolves or that
//! holds no records, count and commit — whole or not at all. Backends
//! differ only in how they store rows.
//!
//! Provenance is structural: every fact row carries the [`ImportId`] that
//! wrote it, and each [`ImportRecord`] states kind, file, sha256,
//! release, row counts and times.
//!
//! The wiki's accounts, articles and revisions are stored through a third
//! trait, [`WikiStore`], which every backend also implements.
//!
//! This crate knows no SQL, no file format and no HTTP.

mod backend;
pub mod changes;
mod error;
pub mod export;
pub mod import;
pub mod names;
pub mod resolve;
mod search_words;
mod types;
pub mod wiki;

pub use backend::{Candidate, ImportTx, Lookup, ResolvedFact, StoreBackend, WritePosition};
pub use error::{Result, StoreError};
pub use export::{Cell, ExportSink, ExportTable};
pub use import::{import, restore, FactStream, ImportMeta};
pub use search_words::SearchWords;
pub use types::*;
pub use wiki::WikiStore;

use locus_model::{
    EntityRef, GeneId, GoAnnotation, ImportId, ImportRecord, KgEdge, Pmid, ProteinEntry,
    RegulationRow, TaxId,
};

/// Errors yielded by a fact stream (an importer's parse errors) and the
/// opaque errors of backends.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The reads of a Locus store, whatever engine holds it.
///
/// Every method is one consistent read: a backend answers it from one
/// snapshot, so a page never mixes rows from before and after an import.
pub trait GeneStore: Send + Sync {
    /// Changes whenever an import commits; caches key on it.
    fn generation(&self) -> Result<i64>;

    /// Finds the gene a user means by an id, symbol or alias.
    fn resolve(&self, query: &str, tax_id: Option<TaxId>) -> Result<Resolution>;
    /// A gene's header and summary facts.
    fn gene(&self, gene_id: GeneId) -> Result<Option<GeneDetail>>;
    /// The gene's GeneRIFs, in import order.
    fn generifs(&self, gene_id: GeneId) -> Result<Vec<GeneRifRow>>;
    /// One page of the gene's PubMed references, newest PMID first.
    fn references(&self, gene_id: GeneId, offset: u64, limit: u64) -> Result<ReferencePage>;
    /// How many PubMed ids each kind of source links the gene to (the
    /// PubMed count is their union).
    fn pubmed_sources(&self, gene_id: GeneId) -> Result<Vec<PubmedSourceCount>>;
    /// The gene's differential-expression results, largest change first.
    fn expression(&self, gene_id: GeneId) -> Result<Vec<ExpressionRow>>;
    /// A page of the gene's expression calls by anatomical entity (Bgee),
    /// present first, highest score first.
    fn expression_calls(
        &self,
        gene_id: GeneId,
        offset: u64,
        limit: u64,
    ) -> Result<ExpressionCallPage>;
    /// An ontology term or disease; `None` when no import names it.
    fn term(&self, id: locus_model::TermId) -> Result<Option<TermDetail>>;
    /// The gene's disease associations, every source's.
    fn gene_diseases(&self, gene_id: GeneId) -> Result<Vec<GeneDiseaseRow>>;
    /// The gene's phenotypes (HPO), each with the diseases it comes through.
    fn gene_phenotypes(&self, gene_id: GeneId) -> Result<Vec<GenePhenotypeRow>>;
    /// The genes associated with a disease.
    fn disease_genes(&self, id: locus_model::TermId) -> Result<Vec<GeneDiseaseRow>>;
    /// The genes with a phenotype (at most `limit`, with the total).
    fn phenotype_genes(&self, id: locus_model::TermId, limit: u64) -> Result<GenePhenotypePage>;
    /// A disease's phenotype annotations, or a phenotype's diseases (at most
    /// `limit`, with the total).
    fn disease_phenotypes(
        &self,
        id: locus_model::TermId,
        limit: u64,
    ) -> Result<DiseasePhenotypePage>;
    /// The genes annotated to a GO term (at most `limit`, with the total).
    fn go_term_genes(&self, id: locus_model::TermId, limit: u64) -> Result<GoTermGenePage>;
    /// The terms whose cross-references name `id` (the DOID terms that say
    /// `xref: OMIM:151623`).
    fn terms_citing(&self, id: locus_model::TermId) -> Result<Vec<locus_model::TermId>>;
    /// Papers, GeneRIFs and terms whose words match `query` (every word,
    /// the last a prefix), best first, one hit per paper, gene statement
    /// or term; of `kind` only when given.
    fn full_text(&self, query: &str, kind: Option<TextKind>, limit: u64) -> Result<Vec<TextHit>>;
    /// Every named term, for the search index.
    fn term_search_entries(&self) -> Result<Vec<TermSearchEntry>>;
    /// The diseases and phenotypes the text tagger names (phenotypes only
    /// under HPO's "Phenotypic abnormality" when that term is imported, so
    /// modes of inheritance and frequencies are not), without obsolete
    /// terms, each with its MeSH cross-references.
    fn tagger_terms(&self) -> Result<Vec<TaggerTerm>>;
    /// Every gene's other designations (`gene_info`'s
    /// `Other_designations`: `heme oxygenase (decycling) 1`), which the
    /// tagger reads as full names.
    fn gene_designations(&self) -> Result<Vec<(GeneId, String)>>;
    /// The gene's GO annotations with term names.
    fn go_annotations(&self, gene_id: GeneId) -> Result<Vec<GoAnnotation>>;
    /// UniProtKB entries of the gene, reviewed and longest first.
    fn proteins(&self, gene_id: GeneId) -> Result<Vec<ProteinEntry>>;
    /// The imports whose facts appear on this gene's page.
    fn gene_imports(&self, gene_id: GeneId) -> Result<Vec<ImportRecord>>;
    /// Every live import (not replaced by a later import of its file).
    fn imports(&self) -> Result<Vec<ImportRecord>>;
    /// Counts per fact table, organism and import.
    fn stats(&self) -> Result<StoreStats>;
    /// Every gene's names, for building a search index in memory.
    fn search_entries(&self) -> Result<Vec<SearchEntry>>;
    /// A PubMed citation with the genes linked to it, if it was imported
    /// or is linked to any gene.
    fn publication(&self, pmid: Pmid) -> Result<Option<PublicationDetail>>;
    /// The newest `limit` tagged texts about the gene (by PMID): its
    /// GeneRIFs and the papers whose tagged title or abstract names it
    /// (one per PMID, from the newest import holding it).
    fn gene_texts(&self, gene_id: GeneId, limit: u64) -> Result<GeneTexts>;
    /// The texts in which `gene` and `other` (a gene, disease or
    /// phenotype) are named in one sentence, newest `limit` first.
    fn co_mention_texts(
        &self,
        gene: GeneId,
        other: EntityRef,
        limit: u64,
    ) -> Result<CoMentionTexts>;
    /// Every chemical the tagger found in imported texts, by MeSH id,
    /// with the name texts most often give it.
    fn chemical_names(&self) -> Result<Vec<(locus_model::MeshId, String)>>;
    /// The imported citation of a PMID alone (title, journal, year,
    /// authors): what a reference list needs, without the linked genes.
    fn citation(&self, pmid: Pmid) -> Result<Option<locus_model::Publication>>;

    /// One side of a gene's merged regulation edges that pass `filter`,
    /// strongest first (small-scale, then number of sources, PubMed ids,
    /// symbol); `limit` rows from `offset`.
    fn regulation(
        &self,
        gene_id: GeneId,
        side: RegulationSide,
        filter: &EdgeFilter,
        offset: u64,
        limit: u64,
    ) -> Result<RegulationPage>;
    /// Every source row behind the edge `tf` → `target`, in import order.
    fn regulation_evidence(&self, tf: GeneId, target: GeneId) -> Result<Vec<RegulationRow>>;
    /// The gene's orthologs, one row per partner.
    fn orthologs(&self, gene_id: GeneId) -> Result<Vec<OrthologRow>>;
    /// STRING associations, best combined score first, at most `limit`.
    fn interactions(&self, gene_id: GeneId, limit: u64) -> Result<InteractionPage>;
    /// The STRING association between two genes (`protein` is `a`'s).
    fn interaction_between(&self, a: GeneId, b: GeneId) -> Result<Option<InteractionRow>>;
    /// A TF's binding sites in genome order.
    fn binding_sites(&self, gene_id: GeneId, offset: u64, limit: u64) -> Result<BindingSitePage>;
    /// Knowledge-graph edges touching a gene, by kind.
    fn kg_counts(&self, gene_id: GeneId) -> Result<KgCounts>;
    /// Every gene–gene edge, for building the in-memory graph.
    fn kg_edges(&self) -> Result<Vec<KgEdge>>;
    /// The merged regulatory network of one organism, for exports.
    fn network(&self, tax_id: TaxId) -> Result<Vec<NetworkEdge>>;
    /// Identifiers of an import that did not resolve to one gene, at most
    /// `limit`, in line order. `None` when there is no such import.
    fn unresolved(&self, import_id: ImportId, limit: u64) -> Result<Option<Vec<UnresolvedRow>>>;

    /// What changed for `gene_id` each time an import replaced an
    /// earlier one, newest first.
    fn gene_changes(&self, gene_id: GeneId) -> Result<Vec<changes::GeneChangeRow>>;

    /// How many genes import `import_id` changed, by field and kind;
    /// `None` when there is no such import.
    fn import_change_counts(
        &self,
        import_id: ImportId,
    ) -> Result<Option<Vec<changes::ChangeCount>>>;

    /// Up to `limit` changes import `import_id` made of `field` (all
    /// fields when `None`), by GeneID.
    fn import_changes(
        &self,
        import_id: ImportId,
        field: Option<locus_model::ChangeField>,
        limit: u64,
    ) -> Result<Vec<locus_model::GeneChange>>;
}
