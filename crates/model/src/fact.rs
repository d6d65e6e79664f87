//! [`Fact`]: what every importer yields.
//!
//! One enum over every kind of fact keeps the interface between the
//! parsers (`locus-ingest`) and the store to a single stream type, so a
//! new source needs no new store entry point, and a rich source such as
//! org.Hs.eg.db can deliver genes, aliases, PubMed links and GO
//! annotations in one import.

use serde::{Deserialize, Serialize};

use crate::{
    AnatomicalExpression, AnnotatedDocument, BindingSite, DbXref, DifferentialExpression,
    DiseasePhenotype, GafAnnotation, GeneAlias, GeneDisease, GeneId, GenePhenotype, GenePubmed,
    GeneRecord, GeneRif, GoAnnotation, GoTerm, OntologyTerm, OrthologPair, ProteinEntry,
    ProteinInteraction, Publication, RegulationEvidence, TextAnnotation,
};

/// One fact as an importer reads it from a source file.
///
/// Importers stream `Fact`s; the store writes each one with the id of the
/// import it came from. Keeping a single enum lets one import transaction
/// accept everything a rich source (org.Hs.eg.db) provides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Fact {
    /// A gene with its nomenclature, location and (for `gene_info`) inline
    /// synonyms and cross-references.
    Gene(GeneRecord),
    /// An alias given separately from the gene record (org.Hs.eg.db `alias`).
    Alias(GeneAlias),
    /// A cross-reference given separately from the gene record
    /// (org.Hs.eg.db tables `uniprot`, `ensembl`, `ensembl_prot`, `omim`).
    Xref {
        /// NCBI GeneID of the gene the cross-reference belongs to.
        gene_id: GeneId,
        /// The other database's identifier for the gene or its products
        /// (`UniProtKB:O14867`, `Ensembl_protein:ENSP00000286479`).
        xref: DbXref,
    },
    /// A gene→PubMed link (`gene2pubmed`, org.Hs.eg.db `pubmed`).
    GenePubmed(GenePubmed),
    /// A Gene Reference Into Function.
    GeneRif(GeneRif),
    /// A PubMed citation.
    Publication(Publication),
    /// A GO annotation with its evidence code.
    Go(GoAnnotation),
    /// A GO term's name and definition (GO.db `go_term`).
    GoTerm(GoTerm),
    /// A UniProtKB entry.
    Protein(ProteinEntry),
    /// One source row saying a transcription factor regulates a target.
    Regulation(RegulationEvidence),
    /// An orthology relation between genes of two species.
    Ortholog(OrthologPair),
    /// A scored protein–protein association (STRING).
    Interaction(ProteinInteraction),
    /// A transcription-factor binding site on the genome (TFLink).
    BindingSite(BindingSite),
    /// A gene's differential expression in one comparison.
    Expression(DifferentialExpression),
    /// A gene's expression call in one anatomical entity (Bgee).
    AnatomicalExpression(AnatomicalExpression),
    /// An ontology term (HPO, DOID) or a disease as a source names it.
    Term(OntologyTerm),
    /// A gene–disease association.
    GeneDisease(GeneDisease),
    /// A gene–phenotype association (HPO, through a disease).
    GenePhenotype(GenePhenotype),
    /// A disease–phenotype annotation (HPO `phenotype.hpoa`).
    DiseasePhenotype(DiseasePhenotype),
    /// A GO annotation from a GAF file, its gene named as the file names it.
    Gaf(GafAnnotation),
    /// An annotated abstract as PubTator publishes it.
    AnnotatedDocument(AnnotatedDocument),
    /// A mention in an annotated abstract: offsets, type, concepts.
    TextAnnotation(TextAnnotation),
}
