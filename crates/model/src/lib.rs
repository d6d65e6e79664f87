//! The domain model of Locus.
//!
//! These are the facts a gene knowledge base is made of, named as a biologist
//! would name them (`GeneRecord`, `GeneRif`, `GoAnnotation`). Importers produce
//! them from published file formats as a stream of [`Fact`]s, the store keeps
//! them with their provenance ([`ImportRecord`]), and the web layer shows them. This crate depends on nothing else in Locus so
//! that every other crate can share one vocabulary.

mod change;
mod chemical;
mod disease;
mod entity;
mod expression;
mod fact;
mod gene;
mod ids;
mod literature;
mod mention;
mod network;
mod protein;
mod provenance;
pub mod tflink;
mod wiki;

pub use change::{ChangeField, ChangeKind, GeneChange};
pub use chemical::{BadMeshId, MeshId};
pub use disease::{
    BadTermId, DiseasePhenotype, GeneDisease, GenePhenotype, Ontology, OntologyTerm, TermId,
    TermKind,
};
pub use entity::{EntityKind, EntityRef};
pub use expression::{
    expression_method, AnatomicalExpression, DifferentialExpression, ExpressionCall,
};
pub use fact::Fact;
pub use gene::{
    DbXref, GafAnnotation, GeneAlias, GeneRecord, GeneSummary, GoAnnotation, GoAspect, GoTerm,
};
pub use ids::{join_pmids, GeneId, ImportId, Pmid, TaxId};
pub use literature::{GenePubmed, GeneRif, MeshHeading, Publication};
pub use mention::{AnnotatedDocument, Concept, MentionType, TextAnnotation};
pub use network::{
    row_is_small_scale, BindingSite, ConsensusMode, GeneRef, KgEdge, KgEdgeKind, OrthologPair,
    ProteinInteraction, RegulationEvidence, RegulationMode, RegulationRow, StringScores,
    TfTargetEdge, SMALL_SCALE_DATABASES,
};
pub use protein::ProteinEntry;
pub use provenance::{FactTable, ImportRecord, SourceKind, Tally};
pub use wiki::{
    ArticleId, ArticleSubject, Markup, RevisionId, Role, TokenScope, TopicSlug, UserId,
    MAX_SLUG_CHARS,
};
