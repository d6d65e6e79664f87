use serde::{Deserialize, Serialize};

/// NCBI Gene identifier (the `GeneID` column of `gene_info`).
pub type GeneId = u64;
/// NCBI Taxonomy identifier.
pub type TaxId = u32;

/// *Homo sapiens*; the default organism of every lookup.
pub const HUMAN: TaxId = 9606;
/// *Mus musculus*.
pub const MOUSE: TaxId = 10090;

/// Scientific name for the organisms Locus knows by name.
pub fn organism_name(tax_id: TaxId) -> Option<&'static str> {
    match tax_id {
        HUMAN => Some("Homo sapiens"),
        MOUSE => Some("Mus musculus"),
        10116 => Some("Rattus norvegicus"),
        7955 => Some("Danio rerio"),
        7227 => Some("Drosophila melanogaster"),
        6239 => Some("Caenorhabditis elegans"),
        559292 => Some("Saccharomyces cerevisiae"),
        _ => None,
    }
}

/// A cross-reference to another database, as in the `dbXrefs` column of
/// `gene_info` (`HGNC:HGNC:935`, `MIM:602751`, `Ensembl:ENSG00000156273`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DbXref {
    /// Database name as NCBI writes it: `HGNC`, `MIM`, `Ensembl`, `UniProtKB`, …
    pub db: String,
    /// Identifier within that database (`HGNC:935`, `602751`, …).
    pub id: String,
}

/// One gene as a gene-centric source describes it.
///
/// Fields mirror NCBI `gene_info`; sources with less (org.Hs.eg.db) leave the
/// rest empty rather than inventing values.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeneRecord {
    pub gene_id: GeneId,
    pub tax_id: TaxId,
    pub symbol: String,
    pub locus_tag: Option<String>,
    /// Other symbols this gene has been known by.
    pub synonyms: Vec<String>,
    pub db_xrefs: Vec<DbXref>,
    pub chromosome: Option<String>,
    /// Cytogenetic band, e.g. `21q21.3`.
    pub map_location: Option<String>,
    /// Full name (`description` in `gene_info`).
    pub description: Option<String>,
    /// `protein-coding`, `ncRNA`, `pseudo`, …
    pub gene_type: Option<String>,
    pub nomenclature_symbol: Option<String>,
    pub nomenclature_name: Option<String>,
    /// `O` official, `I` interim.
    pub nomenclature_status: Option<String>,
    pub other_designations: Vec<String>,
    /// Last modification in NCBI, ISO date (`2021-07-08`).
    pub modification_date: Option<String>,
}

/// An alias that a source lists apart from its gene records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneAlias {
    pub gene_id: GeneId,
    pub alias: String,
}

/// The three GO aspects (ontologies).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum GoAspect {
    BiologicalProcess,
    MolecularFunction,
    CellularComponent,
}

impl GoAspect {
    /// One-letter code as in GAF column 9 (`P`, `F`, `C`).
    pub fn code(self) -> &'static str {
        match self {
            GoAspect::BiologicalProcess => "P",
            GoAspect::MolecularFunction => "F",
            GoAspect::CellularComponent => "C",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "P" | "BP" => Some(GoAspect::BiologicalProcess),
            "F" | "MF" => Some(GoAspect::MolecularFunction),
            "C" | "CC" => Some(GoAspect::CellularComponent),
            _ => None,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            GoAspect::BiologicalProcess => "Biological process",
            GoAspect::MolecularFunction => "Molecular function",
            GoAspect::CellularComponent => "Cellular component",
        }
    }
}

/// A GO annotation of a gene with its evidence code (`IDA`, `IEA`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoAnnotation {
    pub gene_id: GeneId,
    /// `GO:0003700`
    pub go_id: String,
    pub aspect: GoAspect,
    pub evidence: String,
    /// Term name, when the source carries it.
    pub term: Option<String>,
}

/// A GO term: the name and definition behind a `GO:` identifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoTerm {
    pub go_id: String,
    pub name: String,
    pub aspect: GoAspect,
    pub definition: Option<String>,
}

/// The short form of a gene used in lists, search results and choices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeneSummary {
    pub gene_id: GeneId,
    pub tax_id: TaxId,
    pub symbol: String,
    pub name: Option<String>,
    pub gene_type: Option<String>,
    pub map_location: Option<String>,
}
