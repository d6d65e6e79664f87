use serde::{Deserialize, Serialize};

use crate::{GeneId, TaxId};

/// A gene→PubMed link, as in NCBI `gene2pubmed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenePubmed {
    pub tax_id: Option<TaxId>,
    pub gene_id: GeneId,
    pub pmid: u32,
}

/// A Gene Reference Into Function: a short curated statement about a gene's
/// function with the PubMed articles it comes from (NCBI `generifs_basic`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeneRif {
    pub tax_id: Option<TaxId>,
    pub gene_id: GeneId,
    pub pmids: Vec<u32>,
    /// `last update timestamp` as NCBI writes it (`2010-01-21 00:00`), when given.
    pub last_update: Option<String>,
    pub text: String,
}

/// PubMed ids as NCBI lists them in `generifs_basic`: comma-separated.
pub fn join_pmids(pmids: &[u32]) -> String {
    pmids
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// A MeSH heading of a citation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeshHeading {
    pub descriptor: String,
    /// Descriptor UI, e.g. `D006801`, when given.
    pub ui: Option<String>,
    pub major_topic: bool,
    pub qualifiers: Vec<String>,
}

/// A PubMed citation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Publication {
    pub pmid: u32,
    pub title: String,
    pub journal: Option<String>,
    pub year: Option<i32>,
    /// `Last Initials` or a collective name, in order.
    pub authors: Vec<String>,
    pub abstract_text: Option<String>,
    pub mesh: Vec<MeshHeading>,
    pub doi: Option<String>,
}
