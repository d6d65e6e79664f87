//! The domain model of Locus.
//!
//! These are the facts a gene knowledge base is made of, named as a biologist
//! would name them (`GeneRecord`, `GeneRif`, `GoAnnotation`). Importers produce
//! them from published file formats, the store keeps them with their provenance,
//! and the web layer shows them. This crate depends on nothing else in Locus so
//! that every other crate can share one vocabulary.

mod fact;
mod gene;
mod literature;
mod network;
mod protein;
mod provenance;
pub mod tflink;

pub use fact::Fact;
pub use gene::{
    organism_name, DbXref, GeneAlias, GeneId, GeneRecord, GeneSummary, GoAnnotation, GoAspect,
    GoTerm, TaxId, HUMAN, MOUSE,
};
pub use literature::{join_pmids, GenePubmed, GeneRif, MeshHeading, Publication};
pub use network::{
    row_is_small_scale, BindingSite, ConsensusMode, GeneRef, KgEdge, KgEdgeKind, OrthologPair,
    ProteinInteraction, RegulationEvidence, RegulationMode, RegulationRow, StringScores,
    TfTargetEdge, SMALL_SCALE_DATABASES,
};
pub use protein::ProteinEntry;
pub use provenance::{ImportRecord, SourceKind};
