//! Read models: what queries return, shaped for pages and the API.

use locus_model::{DbXref, GeneId, GeneSummary, ImportRecord, SourceKind, TaxId};
use serde::{Deserialize, Serialize};

/// What an import is, before it runs.
#[derive(Debug, Clone)]
pub struct ImportMeta {
    pub kind: SourceKind,
    /// What a re-import replaces (see [`ImportMeta::dataset_for`]).
    pub dataset: String,
    pub file_name: String,
    pub sha256: String,
    /// Release the file states; may be filled in after reading.
    pub release: Option<String>,
}

impl ImportMeta {
    /// The dataset key of a file: its kind and its name without `.gz`.
    /// Importing `Homo_sapiens.gene_info.gz` again replaces the facts of the
    /// previous `Homo_sapiens.gene_info` import and no other.
    pub fn dataset_for(kind: SourceKind, file_name: &str) -> String {
        let base = file_name.strip_suffix(".gz").unwrap_or(file_name);
        format!("{}:{}", kind.as_str(), base)
    }
}

/// How a user's query names genes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Resolution {
    /// One gene: by GeneID, official symbol, or an alias of only one gene.
    Found {
        gene_id: GeneId,
        /// How the query matched: `gene_id`, `symbol` or `alias`.
        matched: String,
        /// Other genes that list the query as an alias (shown as a note).
        also_alias_of: Vec<GeneSummary>,
    },
    /// The query is an alias (or symbol, across organisms) of several genes.
    Ambiguous {
        candidates: Vec<GeneSummary>,
    },
    NotFound,
}

/// Derived literature numbers for a gene.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeneStats {
    /// Distinct PubMed ids linked to the gene by any imported source.
    pub pubmed_count: u64,
    /// Σ over the gene's PubMed ids of 1/n, n = genes linked to that id.
    pub pubmed_score: f64,
    pub generif_count: u64,
    pub go_count: u64,
}

/// Everything the header and summary of a gene page need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeneDetail {
    pub gene_id: GeneId,
    pub tax_id: TaxId,
    pub symbol: String,
    pub name: Option<String>,
    pub locus_tag: Option<String>,
    pub chromosome: Option<String>,
    pub map_location: Option<String>,
    pub gene_type: Option<String>,
    pub nomenclature_symbol: Option<String>,
    pub nomenclature_name: Option<String>,
    pub nomenclature_status: Option<String>,
    pub modification_date: Option<String>,
    pub aliases: Vec<String>,
    pub other_designations: Vec<String>,
    pub xrefs: Vec<DbXref>,
    pub stats: GeneStats,
    /// Import whose gene record is shown (highest precedence source).
    pub record_import_id: i64,
}

/// A GeneRIF as shown on a page, with the citation of its first PMID.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeneRifRow {
    pub pmids: Vec<u32>,
    pub text: String,
    pub last_update: Option<String>,
    pub import_id: i64,
}

/// One row of a gene's reference list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferenceRow {
    pub pmid: u32,
    pub year: Option<i32>,
    pub title: Option<String>,
    pub journal: Option<String>,
    /// Number of genes linked to this PMID (the n of the fractional score).
    pub genes_linked: u64,
}

/// A page of references, newest PubMed id first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferencePage {
    pub total: u64,
    /// How many of the `total` references have an imported citation.
    pub with_citation: u64,
    pub offset: u64,
    pub limit: u64,
    pub rows: Vec<ReferenceRow>,
}

/// Counts per kind of fact and per import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoreStats {
    pub facts: std::collections::BTreeMap<String, u64>,
    pub genes_by_organism: std::collections::BTreeMap<TaxId, u64>,
    pub imports: Vec<ImportRecord>,
}

/// A PubMed id as Locus knows it: the citation (when a PubMed/MEDLINE
/// import brought it) and the genes that sources link to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicationDetail {
    pub pmid: u32,
    pub citation: Option<locus_model::Publication>,
    /// Import the citation came from.
    pub citation_import_id: Option<i64>,
    pub genes: Vec<GeneSummary>,
}

/// A gene's names for the in-memory search index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchEntry {
    pub gene_id: GeneId,
    pub tax_id: TaxId,
    pub symbol: String,
    pub name: Option<String>,
    pub gene_type: Option<String>,
    pub map_location: Option<String>,
    pub aliases: Vec<String>,
    pub pubmed_count: u64,
}
