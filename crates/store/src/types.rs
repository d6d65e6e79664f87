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
    ///
    /// DoRothEA names every curated table `network.sif` or
    /// `network_with_pubmed.sif` and tells them apart by directory, so for
    /// it the parent directory is part of the key (`htri_db/network_with_pubmed.sif`);
    /// otherwise importing the second table would replace the first.
    pub fn dataset_for(kind: SourceKind, path: &std::path::Path) -> String {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let base = name.strip_suffix(".gz").unwrap_or(&name);
        let parent = path
            .parent()
            .and_then(|p| p.file_name())
            .map(|p| p.to_string_lossy().into_owned());
        match (kind, parent) {
            (SourceKind::Dorothea, Some(dir)) => format!("{}:{dir}/{base}", kind.as_str()),
            _ => format!("{}:{}", kind.as_str(), base),
        }
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
    /// The one UniProt accession Locus shows for the gene (network tables
    /// and TFLink-style file names); see `gene_uniprot` in the store.
    pub uniprot: Option<String>,
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

/// The gene at the other end of an edge, as network tables show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Partner {
    pub gene_id: GeneId,
    pub tax_id: TaxId,
    pub symbol: String,
    pub name: Option<String>,
    /// The gene's UniProt accession, when one is known (see `gene_uniprot`).
    pub uniprot: Option<String>,
}

/// One row of a "Regulated by" or "Regulates" table: the partner and the
/// merged edge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegulationEdgeRow {
    pub partner: Partner,
    pub edge: locus_model::TfTargetEdge,
}

/// An ortholog of a gene in another species.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrthologRow {
    pub partner: Partner,
    /// `ortholog_one2one`, `ortholog_one2many`, …
    pub homology_type: String,
    pub confidence: Option<u8>,
    pub goc_score: Option<f64>,
    pub import_id: i64,
}

/// A STRING association of a gene.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InteractionRow {
    pub partner: Partner,
    /// The STRING protein of this gene and of the partner.
    pub protein: String,
    pub partner_protein: String,
    pub scores: locus_model::StringScores,
    pub import_id: i64,
}

/// A page of a gene's STRING associations, best-scored first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InteractionPage {
    pub total: u64,
    pub rows: Vec<InteractionRow>,
}

/// A TF binding site (TFLink).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BindingSiteRow {
    pub tflink_id: String,
    pub assembly: String,
    pub chromosome: String,
    pub start: u64,
    pub end: u64,
    pub strand: String,
    pub methods: Vec<String>,
    pub pmids: Vec<u32>,
    pub databases: Vec<String>,
    pub small_scale: Option<bool>,
    pub import_id: i64,
}

/// A page of a TF's binding sites in genome order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BindingSitePage {
    pub total: u64,
    pub rows: Vec<BindingSiteRow>,
}

/// How many knowledge-graph edges of each kind touch a gene.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KgCounts {
    /// TFs regulating the gene.
    pub regulators: u64,
    /// Targets the gene regulates.
    pub targets: u64,
    pub interactions: u64,
    pub orthologs: u64,
    pub binding_sites: u64,
    /// 1 when the gene regulates itself (TP53, MYC): that edge is in both
    /// `regulators` and `targets`.
    pub self_regulation: u64,
}

impl KgCounts {
    /// Gene–gene edges (binding sites are positions, not edges); a
    /// self-regulation edge counts once.
    pub fn edges(&self) -> u64 {
        self.regulators + self.targets - self.self_regulation + self.interactions + self.orthologs
    }
}

/// An identifier a network import could not map to exactly one gene.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnresolvedRow {
    pub import_id: i64,
    pub line: u64,
    /// Which end of the row: `tf`, `target`, `gene`, `ortholog`, `protein_a`, `protein_b`.
    pub role: String,
    pub identifier: String,
    /// `not_found` or `ambiguous`.
    pub reason: String,
    /// For `ambiguous`: the genes the identifier could mean.
    pub candidates: Vec<GeneId>,
}

/// One edge of the whole network with both genes named, for exports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NetworkEdge {
    pub tf: Partner,
    pub target: Partner,
    pub edge: locus_model::TfTargetEdge,
}

/// Whether a key of [`ImportRecord::row_counts`] tallies identifier
/// resolution (`resolved_by_alias`, `unresolved_*`, `*_rows_skipped`,
/// `interaction_same_gene`) rather than counting rows written. The import
/// reports both; only the others add up to the rows it wrote.
///
/// [`ImportRecord::row_counts`]: locus_model::ImportRecord
pub fn is_resolution_tally(key: &str) -> bool {
    key == "resolved_by_alias"
        || key == "interaction_same_gene"
        || key.starts_with("unresolved_")
        || key.ends_with("_rows_skipped")
}
