//! [`ImportRecord`] and [`SourceKind`]: where facts come from.
//!
//! Every fact row carries the import that wrote it, and each import
//! records the kind of file, its name, checksum, release and row counts.
//! That is how a page can cite the exact file behind each fact, and how a
//! re-import of a file replaces what the earlier one wrote.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ImportId;

/// The kinds of source file Locus imports; one importer module each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// NCBI Gene `gene_info` (`Homo_sapiens.gene_info.gz`): the primary
    /// gene records.
    GeneInfo,
    /// A Bioconductor `org.*.eg.db` SQLite package (org.Hs.eg.db): genes,
    /// aliases, cross-references, PubMed links and GO annotations.
    Orgdb,
    /// NCBI Gene `gene2pubmed`: gene → PubMed links.
    Gene2pubmed,
    /// GeneRIFs: NCBI `generifs_basic`, or a Pharos GeneRIF table.
    Generifs,
    /// PubMed/MEDLINE citation XML (baseline files, E-utilities `efetch`).
    PubmedXml,
    /// A UniProtKB flat file (`uniprot_sprot.dat.gz`).
    Uniprot,
    /// Bioconductor GO.db: GO term names and definitions.
    GoDb,
    /// The text-mined references table of a Pharos target page (PMID,
    /// year, title): titles of papers no PubMed XML was imported for.
    PharosReferences,
    /// The differential-expression table of a Pharos target page
    /// (GeneID, disease, log2 fold change, p): Expression Atlas results
    /// as Pharos shows them.
    PharosExpression,
    /// An Expression Atlas differential experiment: `*-analytics.tsv`
    /// read with the `configuration.xml` and `contrastdetails.tsv` beside
    /// it.
    ExpressionAtlas,
    /// An OBO ontology (`hp.obo`, `doid.obo`): terms with names,
    /// definitions, synonyms, `is_a` parents and cross-references.
    Obo,
    /// The HPO annotation files: `genes_to_phenotype.txt`,
    /// `genes_to_disease.txt`, `phenotype.hpoa` (told apart by header).
    Hpo,
    /// An Orphanet product XML (`en_product6.xml`: disorders with their
    /// genes; `en_product1.xml`: disorders with cross-references).
    Orphanet,
    /// NCBI Gene `mim2gene_medgen`: OMIM entries with their genes.
    Mim2geneMedgen,
    /// A GO annotation file (GAF 2.x, `goa_human.gaf.gz`).
    Gaf,
    /// Bgee present/absent expression calls (`Homo_sapiens_expr_simple.tsv.gz`
    /// or the `_advanced` file with stages, sex and strain).
    Bgee,
    /// A GEO DataSet SOFT file (`GDS507.soft.gz`): per-sample values of
    /// two `disease state` groups, from which Locus computes each gene's
    /// fold change and Welch t-test.
    GeoGds,
    /// TFLink's whole-network `simpleFormat` TSV: TF → target rows.
    Tflink,
    /// TFLink's per-protein downloads (`tfs_of_`, `targets_of_`,
    /// `bindingSites_of_<UniProt>.tsv`).
    TflinkProtein,
    /// TRRUST v2 raw data (`trrust_rawdata.human.tsv`): TF → target rows
    /// with activation / repression.
    Trrust,
    /// CollecTRI as decoupleR's `get_collectri()` returns it, saved as
    /// CSV: signed TF → target rows.
    Collectri,
    /// One curated table of DoRothEA (`networks/curated/<table>/network*.sif`
    /// in saezlab/dorothea).
    Dorothea,
    /// RegNetwork's KEGG-derived directions
    /// (`new_kegg.human.reg.direction.txt`).
    Regnetwork,
    /// An Ensembl BioMart ortholog export (CSV).
    Orthologs,
    /// A STRING `protein.links.detailed` file: scored protein–protein
    /// associations.
    StringLinks,
    /// Annotated abstracts in PubTator format (a gold corpus, a PubTator
    /// export): texts and their mentions, kept as published.
    Pubtator,
}

impl SourceKind {
    /// Every kind, in a fixed order: the gene, literature, protein and GO
    /// sources first, then the network sources.
    pub const ALL: [SourceKind; 26] = [
        SourceKind::GeneInfo,
        SourceKind::Orgdb,
        SourceKind::Gene2pubmed,
        SourceKind::Generifs,
        SourceKind::PubmedXml,
        SourceKind::Uniprot,
        SourceKind::GoDb,
        SourceKind::PharosReferences,
        SourceKind::PharosExpression,
        SourceKind::ExpressionAtlas,
        SourceKind::GeoGds,
        SourceKind::Bgee,
        SourceKind::Obo,
        SourceKind::Hpo,
        SourceKind::Orphanet,
        SourceKind::Mim2geneMedgen,
        SourceKind::Gaf,
        SourceKind::Pubtator,
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
            SourceKind::PharosReferences => "pharos-references",
            SourceKind::PharosExpression => "pharos-expression",
            SourceKind::ExpressionAtlas => "expression-atlas",
            SourceKind::GeoGds => "geo-gds",
            SourceKind::Bgee => "bgee",
            SourceKind::Obo => "obo",
            SourceKind::Hpo => "hpo",
            SourceKind::Orphanet => "orphanet",
            SourceKind::Mim2geneMedgen => "mim2gene-medgen",
            SourceKind::Gaf => "gaf",
            SourceKind::Tflink => "tflink",
            SourceKind::TflinkProtein => "tflink-protein",
            SourceKind::Trrust => "trrust",
            SourceKind::Collectri => "collectri",
            SourceKind::Dorothea => "dorothea",
            SourceKind::Regnetwork => "regnetwork",
            SourceKind::Orthologs => "orthologs",
            SourceKind::StringLinks => "string",
            SourceKind::Pubtator => "pubtator",
        }
    }

    /// The inverse of [`SourceKind::as_str`]; `None` for an unknown name.
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
            SourceKind::GoDb => "Bioconductor GO.db (GO terms and is_a hierarchy)",
            SourceKind::PharosReferences => "Pharos text-mined references",
            SourceKind::PharosExpression => "Pharos differential expression",
            SourceKind::ExpressionAtlas => "Expression Atlas differential experiment",
            SourceKind::GeoGds => "GEO DataSet (tested by Locus)",
            SourceKind::Bgee => "Bgee expression calls",
            SourceKind::Obo => "OBO ontology",
            SourceKind::Hpo => "HPO annotations",
            SourceKind::Orphanet => "Orphanet",
            SourceKind::Mim2geneMedgen => "NCBI mim2gene_medgen",
            SourceKind::Gaf => "GO annotation file (GAF)",
            SourceKind::Tflink => "TFLink (simpleFormat)",
            SourceKind::TflinkProtein => "TFLink per-protein download",
            SourceKind::Trrust => "TRRUST v2",
            SourceKind::Collectri => "CollecTRI (decoupleR)",
            SourceKind::Dorothea => "DoRothEA curated table",
            SourceKind::Regnetwork => "RegNetwork",
            SourceKind::Orthologs => "Ensembl BioMart orthologs",
            SourceKind::StringLinks => "STRING protein links",
            SourceKind::Pubtator => "PubTator annotated abstracts",
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
    /// The import's number; every fact row it wrote carries it.
    pub id: ImportId,
    /// The importer that read the file.
    pub kind: SourceKind,
    /// What a re-import replaces: the kind and file name (without `.gz`).
    pub dataset: String,
    /// The file's own name, without its directory
    /// (`Homo_sapiens.gene_info.gz`).
    pub file_name: String,
    /// SHA-256 of the file's bytes as they lie on disk (compressed, for a
    /// `.gz` file), lowercase hex: identifies exactly which file was read.
    pub sha256: String,
    /// Release or date the file states about itself, if it states one.
    pub release: Option<String>,
    /// Rows written, by fact table.
    pub row_counts: BTreeMap<FactTable, u64>,
    /// How the file's gene identifiers resolved (network files): rows
    /// skipped and why. Not rows written; they do not add up with `row_counts`.
    #[serde(default)]
    pub tallies: BTreeMap<Tally, u64>,
    /// When the import started: RFC 3339, UTC.
    pub started_at: String,
    /// When the import finished: RFC 3339, UTC. `None` only while the
    /// import's transaction is still open, which readers never see.
    pub finished_at: Option<String>,
}

impl ImportRecord {
    /// Rows written, over every fact table.
    pub fn rows_written(&self) -> u64 {
        self.row_counts.values().sum()
    }

    /// How many times `tally` happened in this import.
    pub fn tally(&self, tally: Tally) -> u64 {
        self.tallies.get(&tally).copied().unwrap_or(0)
    }
}

/// The tables of facts an import writes; each row carries its import.
///
/// Row counts, store statistics and the replacement of a re-imported
/// file are all keyed by this list, so a new fact table is one variant
/// here that every backend must then handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FactTable {
    /// Gene records (`gene_info`, org.Hs.eg.db).
    Gene,
    /// Synonyms and other designations of genes.
    GeneAlias,
    /// Cross-references of genes to other databases.
    GeneXref,
    /// Gene→PubMed links.
    GenePubmed,
    /// GeneRIF statements.
    Generif,
    /// PubMed citations.
    Publication,
    /// GO annotations of genes.
    GoAnnotation,
    /// GO term names and definitions.
    GoTerm,
    /// UniProtKB entries.
    Protein,
    /// UniProtKB entry → gene links.
    ProteinGene,
    /// TF → target evidence rows.
    Regulation,
    /// Ortholog pairs.
    Ortholog,
    /// STRING protein–protein associations.
    Interaction,
    /// TF binding sites.
    BindingSite,
    /// Differential expression of genes by disease or condition.
    DifferentialExpression,
    /// Present/absent expression calls by anatomical entity (Bgee).
    ExpressionCall,
    /// Ontology terms and named diseases (HPO, DOID, OMIM, Orphanet).
    Term,
    /// Gene–disease associations.
    GeneDisease,
    /// Gene–phenotype associations.
    GenePhenotype,
    /// Disease–phenotype annotations.
    DiseasePhenotype,
    /// Annotated abstracts imported as published (PubTator).
    PubtatorDocument,
    /// Their mentions.
    PubtatorAnnotation,
}

impl FactTable {
    /// Every fact table.
    pub const ALL: [FactTable; 22] = [
        FactTable::Gene,
        FactTable::GeneAlias,
        FactTable::GeneXref,
        FactTable::GenePubmed,
        FactTable::Generif,
        FactTable::Publication,
        FactTable::GoAnnotation,
        FactTable::GoTerm,
        FactTable::Protein,
        FactTable::ProteinGene,
        FactTable::Regulation,
        FactTable::Ortholog,
        FactTable::Interaction,
        FactTable::BindingSite,
        FactTable::DifferentialExpression,
        FactTable::ExpressionCall,
        FactTable::Term,
        FactTable::GeneDisease,
        FactTable::GenePhenotype,
        FactTable::DiseasePhenotype,
        FactTable::PubtatorDocument,
        FactTable::PubtatorAnnotation,
    ];

    /// The table's position in [`FactTable::ALL`], for counting in arrays.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The name used in row counts and statistics (`gene_pubmed`).
    pub fn as_str(self) -> &'static str {
        match self {
            FactTable::Gene => "gene",
            FactTable::GeneAlias => "gene_alias",
            FactTable::GeneXref => "gene_xref",
            FactTable::GenePubmed => "gene_pubmed",
            FactTable::Generif => "generif",
            FactTable::Publication => "publication",
            FactTable::GoAnnotation => "go_annotation",
            FactTable::GoTerm => "go_term",
            FactTable::Protein => "protein",
            FactTable::ProteinGene => "protein_gene",
            FactTable::Regulation => "regulation",
            FactTable::Ortholog => "ortholog",
            FactTable::Interaction => "interaction",
            FactTable::BindingSite => "binding_site",
            FactTable::DifferentialExpression => "differential_expression",
            FactTable::ExpressionCall => "expression_call",
            FactTable::Term => "term",
            FactTable::GeneDisease => "gene_disease",
            FactTable::GenePhenotype => "gene_phenotype",
            FactTable::DiseasePhenotype => "disease_phenotype",
            FactTable::PubtatorDocument => "pubtator_document",
            FactTable::PubtatorAnnotation => "pubtator_annotation",
        }
    }

    /// The inverse of [`FactTable::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Whether rows of this table can name their genes by identifiers as
    /// the file writes them (network edges, expression rows, disease and
    /// phenotype associations, GAF annotations), resolved on import.
    pub fn is_network(self) -> bool {
        matches!(
            self,
            FactTable::Regulation
                | FactTable::Ortholog
                | FactTable::Interaction
                | FactTable::BindingSite
                | FactTable::DifferentialExpression
                | FactTable::ExpressionCall
                | FactTable::GeneDisease
                | FactTable::GenePhenotype
                | FactTable::GoAnnotation
        )
    }
}

impl std::fmt::Display for FactTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What happened to the gene identifiers of a network file, counted per
/// import: how they resolved, and which rows were skipped because an end
/// did not resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Tally {
    /// Identifiers that matched only through an alias of exactly one gene.
    ResolvedByAlias,
    /// Identifiers that named no gene of the store.
    UnresolvedNotFound,
    /// Identifiers that named several genes.
    UnresolvedAmbiguous,
    /// Identifiers that name a protein complex, not one gene.
    UnresolvedComplex,
    /// Regulation rows not written: an end did not resolve.
    RegulationRowsSkipped,
    /// Ortholog rows not written: an end did not resolve.
    OrthologRowsSkipped,
    /// STRING rows not written: an end did not resolve.
    InteractionRowsSkipped,
    /// Binding-site rows not written: the TF did not resolve.
    BindingSiteRowsSkipped,
    /// Expression rows not written: the gene did not resolve.
    ExpressionRowsSkipped,
    /// Gene–disease and gene–phenotype rows not written: the gene did not
    /// resolve.
    AssociationRowsSkipped,
    /// GAF annotation rows not written: the gene product did not resolve.
    AnnotationRowsSkipped,
    /// STRING rows whose two proteins are products of one gene.
    InteractionSameGene,
}

impl Tally {
    /// Every tally.
    pub const ALL: [Tally; 12] = [
        Tally::ResolvedByAlias,
        Tally::UnresolvedNotFound,
        Tally::UnresolvedAmbiguous,
        Tally::UnresolvedComplex,
        Tally::RegulationRowsSkipped,
        Tally::OrthologRowsSkipped,
        Tally::InteractionRowsSkipped,
        Tally::BindingSiteRowsSkipped,
        Tally::ExpressionRowsSkipped,
        Tally::AssociationRowsSkipped,
        Tally::AnnotationRowsSkipped,
        Tally::InteractionSameGene,
    ];

    /// The name used in row counts (`unresolved_not_found`).
    pub fn as_str(self) -> &'static str {
        match self {
            Tally::ResolvedByAlias => "resolved_by_alias",
            Tally::UnresolvedNotFound => "unresolved_not_found",
            Tally::UnresolvedAmbiguous => "unresolved_ambiguous",
            Tally::UnresolvedComplex => "unresolved_complex",
            Tally::RegulationRowsSkipped => "regulation_rows_skipped",
            Tally::OrthologRowsSkipped => "ortholog_rows_skipped",
            Tally::InteractionRowsSkipped => "interaction_rows_skipped",
            Tally::BindingSiteRowsSkipped => "binding_site_rows_skipped",
            Tally::ExpressionRowsSkipped => "expression_rows_skipped",
            Tally::AssociationRowsSkipped => "association_rows_skipped",
            Tally::AnnotationRowsSkipped => "annotation_rows_skipped",
            Tally::InteractionSameGene => "interaction_same_gene",
        }
    }

    /// The inverse of [`Tally::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Whether this tally counts rows skipped for an unresolved end.
    pub fn is_skipped_rows(self) -> bool {
        matches!(
            self,
            Tally::RegulationRowsSkipped
                | Tally::OrthologRowsSkipped
                | Tally::InteractionRowsSkipped
                | Tally::BindingSiteRowsSkipped
                | Tally::ExpressionRowsSkipped
                | Tally::AssociationRowsSkipped
                | Tally::AnnotationRowsSkipped
        )
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
