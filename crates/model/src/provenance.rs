use serde::{Deserialize, Serialize};

/// The kinds of source file Locus imports; one importer module each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    GeneInfo,
    Orgdb,
    Gene2pubmed,
    Generifs,
    PubmedXml,
    Uniprot,
    GoDb,
    Tflink,
    TflinkProtein,
    Trrust,
    Collectri,
    Dorothea,
    Regnetwork,
    Orthologs,
    StringLinks,
}

impl SourceKind {
    pub const ALL: [SourceKind; 15] = [
        SourceKind::GeneInfo,
        SourceKind::Orgdb,
        SourceKind::Gene2pubmed,
        SourceKind::Generifs,
        SourceKind::PubmedXml,
        SourceKind::Uniprot,
        SourceKind::GoDb,
        SourceKind::Tflink,
        SourceKind::TflinkProtein,
        SourceKind::Trrust,
        SourceKind::Collectri,
        SourceKind::Dorothea,
        SourceKind::Regnetwork,
        SourceKind::Orthologs,
        SourceKind::StringLinks,
    ];

    /// The name used on the command line and in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::GeneInfo => "gene-info",
            SourceKind::Orgdb => "orgdb",
            SourceKind::Gene2pubmed => "gene2pubmed",
            SourceKind::Generifs => "generifs",
            SourceKind::PubmedXml => "pubmed-xml",
            SourceKind::Uniprot => "uniprot",
            SourceKind::GoDb => "go-db",
            SourceKind::Tflink => "tflink",
            SourceKind::TflinkProtein => "tflink-protein",
            SourceKind::Trrust => "trrust",
            SourceKind::Collectri => "collectri",
            SourceKind::Dorothea => "dorothea",
            SourceKind::Regnetwork => "regnetwork",
            SourceKind::Orthologs => "orthologs",
            SourceKind::StringLinks => "string",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Human-readable dataset name for provenance blocks.
    pub fn label(self) -> &'static str {
        match self {
            SourceKind::GeneInfo => "NCBI Gene gene_info",
            SourceKind::Orgdb => "Bioconductor org.Hs.eg.db",
            SourceKind::Gene2pubmed => "NCBI gene2pubmed",
            SourceKind::Generifs => "NCBI GeneRIF",
            SourceKind::PubmedXml => "PubMed/MEDLINE XML",
            SourceKind::Uniprot => "UniProtKB flat file",
            SourceKind::GoDb => "Bioconductor GO.db (GO terms)",
            SourceKind::Tflink => "TFLink (simpleFormat)",
            SourceKind::TflinkProtein => "TFLink per-protein download",
            SourceKind::Trrust => "TRRUST v2",
            SourceKind::Collectri => "CollecTRI (decoupleR)",
            SourceKind::Dorothea => "DoRothEA curated table",
            SourceKind::Regnetwork => "RegNetwork",
            SourceKind::Orthologs => "Ensembl BioMart orthologs",
            SourceKind::StringLinks => "STRING protein links",
        }
    }

    /// Whether this kind brings TF → target regulation rows.
    pub fn is_regulation(self) -> bool {
        matches!(
            self,
            SourceKind::Tflink
                | SourceKind::TflinkProtein
                | SourceKind::Trrust
                | SourceKind::Collectri
                | SourceKind::Dorothea
                | SourceKind::Regnetwork
        )
    }

    /// When two sources describe the same gene, the lower rank wins for
    /// single-valued fields (name, chromosome, type). NCBI's own file is the
    /// primary record; org.Hs.eg.db is derived from it.
    pub fn gene_precedence(self) -> u8 {
        match self {
            SourceKind::GeneInfo => 0,
            SourceKind::Orgdb => 1,
            _ => 9,
        }
    }
}

impl std::fmt::Display for SourceKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One import: which file, which release, how many rows, when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRecord {
    pub id: i64,
    pub kind: SourceKind,
    /// What a re-import replaces: the kind and file name (without `.gz`).
    pub dataset: String,
    pub file_name: String,
    pub sha256: String,
    /// Release or date the file states about itself, if it states one.
    pub release: Option<String>,
    /// Facts written, by fact type (`gene`, `gene_pubmed`, …).
    pub row_counts: std::collections::BTreeMap<String, u64>,
    /// RFC 3339 timestamps.
    pub started_at: String,
    pub finished_at: Option<String>,
}
