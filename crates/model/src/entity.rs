//! [`EntityRef`]: what a page, a search hit or a graph node is about.
//!
//! Genes are the first kind of entity; publications the second; diseases,
//! phenotypes, GO terms and wiki articles follow. Everything that points
//! at "a thing with a page" holds an [`EntityRef`], so a new kind is a new
//! variant here (which the compiler then asks every `match` to handle)
//! plus the module that loads and renders it.

use serde::{Deserialize, Serialize};

use crate::{GeneId, MeshId, Pmid, TermId, TermKind};

/// The kinds of entity Locus has pages for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A gene, keyed by NCBI GeneID.
    Gene,
    /// A PubMed citation, keyed by PMID.
    Publication,
    /// A disease (DOID, OMIM, Orphanet, Mondo, DECIPHER), keyed by its id.
    Disease,
    /// A phenotype (HPO term), keyed by its id.
    Phenotype,
    /// A Gene Ontology term, keyed by its id.
    GoTerm,
    /// A chemical, keyed by its MeSH id (named only by the texts that
    /// mention it).
    Chemical,
}

impl EntityKind {
    /// The name used in URLs and JSON (`gene`).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Gene => "gene",
            EntityKind::Publication => "publication",
            EntityKind::Disease => "disease",
            EntityKind::Phenotype => "phenotype",
            EntityKind::GoTerm => "go_term",
            EntityKind::Chemical => "chemical",
        }
    }
}

/// One entity, by kind and stable id.
///
/// Serialised as `{"kind": "gene", "id": 571}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum EntityRef {
    /// A gene.
    Gene(GeneId),
    /// A PubMed citation.
    Publication(Pmid),
    /// A disease.
    Disease(TermId),
    /// A phenotype.
    Phenotype(TermId),
    /// A GO term.
    GoTerm(TermId),
    /// A chemical.
    Chemical(MeshId),
}

impl EntityRef {
    /// The entity a term is: a disease, a phenotype or a GO term.
    pub fn of_term(id: TermId) -> Self {
        match id.kind() {
            TermKind::Disease => EntityRef::Disease(id),
            TermKind::Phenotype => EntityRef::Phenotype(id),
            TermKind::GoTerm => EntityRef::GoTerm(id),
        }
    }

    /// The kind of entity.
    pub fn kind(self) -> EntityKind {
        match self {
            EntityRef::Gene(_) => EntityKind::Gene,
            EntityRef::Publication(_) => EntityKind::Publication,
            EntityRef::Disease(_) => EntityKind::Disease,
            EntityRef::Phenotype(_) => EntityKind::Phenotype,
            EntityRef::GoTerm(_) => EntityKind::GoTerm,
            EntityRef::Chemical(_) => EntityKind::Chemical,
        }
    }

    /// A compact URI (`NCBIGene:571`, `PMID:17942419`) in the prefixes
    /// the Biolink model and KGX use.
    pub fn curie(self) -> String {
        match self {
            EntityRef::Gene(g) => format!("NCBIGene:{g}"),
            EntityRef::Publication(p) => format!("PMID:{p}"),
            EntityRef::Disease(t) | EntityRef::Phenotype(t) | EntityRef::GoTerm(t) => t.to_string(),
            EntityRef::Chemical(m) => format!("MESH:{m}"),
        }
    }

    /// The entity's page on this server, by its stable id.
    pub fn path(self) -> String {
        match self {
            EntityRef::Gene(g) => format!("/genes/{g}"),
            EntityRef::Publication(p) => format!("/publications/{p}"),
            EntityRef::Disease(t) => format!("/diseases/{t}"),
            EntityRef::Phenotype(t) => format!("/phenotypes/{t}"),
            EntityRef::GoTerm(t) => format!("/go/{t}"),
            EntityRef::Chemical(m) => format!("/chemicals/{m}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entity_is_kind_and_id() {
        let bach1 = EntityRef::Gene(GeneId(571));
        assert_eq!(
            serde_json::to_string(&bach1).unwrap(),
            r#"{"kind":"gene","id":571}"#
        );
        assert_eq!(bach1.curie(), "NCBIGene:571");
        assert_eq!(bach1.path(), "/genes/571");
        assert_eq!(
            EntityRef::Publication(Pmid(17942419)).curie(),
            "PMID:17942419"
        );
    }
}
