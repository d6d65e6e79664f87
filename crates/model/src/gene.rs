//! [`GeneRecord`]: a gene as NCBI Gene describes it, with the aliases,
//! cross-references and GO annotations that sources attach to it.
//!
//! Every gene-centric source (`gene_info`, org.Hs.eg.db) is read into
//! these types, so the store can merge them and a gene page can show one
//! record whichever file it came from; [`GeneSummary`] is the short form
//! that lists and search results use.

use serde::{Deserialize, Serialize};

use crate::{GeneId, TaxId};

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
    /// NCBI GeneID (`GeneID` column of `gene_info`, `genes.gene_id` in
    /// org.Hs.eg.db), e.g. `571` for human BACH1.
    pub gene_id: GeneId,
    /// Organism of the gene: `#tax_id` column of `gene_info`, the
    /// package's `TAXID` for org.Hs.eg.db (`9606` for human).
    pub tax_id: TaxId,
    /// The symbol NCBI shows for the gene (`Symbol` column), which is the
    /// official symbol when a nomenclature authority (HGNC, MGI) has
    /// assigned one, e.g. `BACH1`.
    pub symbol: String,
    /// NCBI `LocusTag` column: the systematic name a genome annotation
    /// gives the gene, used mostly for microbes and yeast. `None` when
    /// NCBI writes `-`, as for almost all human genes, and for
    /// org.Hs.eg.db.
    pub locus_tag: Option<String>,
    /// Other symbols this gene has been known by: the `|`-separated
    /// `Synonyms` column of `gene_info` (`BACH-1`, `BTBD24` for BACH1).
    /// Empty for org.Hs.eg.db, which lists aliases as separate
    /// [`GeneAlias`] facts.
    pub synonyms: Vec<String>,
    /// Identifiers of the gene in other databases: the `|`-separated
    /// `dbXrefs` column of `gene_info` (HGNC, MIM, Ensembl, …). Empty for
    /// org.Hs.eg.db, which gives them as separate cross-reference facts.
    pub db_xrefs: Vec<DbXref>,
    /// Chromosome as NCBI writes it (`chromosome` column): `21`, `X`,
    /// `MT`, `X|Y` for a gene on both sex chromosomes, `Un` when unplaced.
    /// From org.Hs.eg.db, its `chromosomes` rows joined with `|`. `None`
    /// when the source gives none.
    pub chromosome: Option<String>,
    /// Position on the chromosome as NCBI writes it (`map_location`
    /// column); for human the cytogenetic band, e.g. `21q21.3`. From
    /// org.Hs.eg.db, its `cytogenetic_locations` joined with ` and `.
    /// `None` when the source gives none.
    pub map_location: Option<String>,
    /// Full name (`description` in `gene_info`, `gene_name` in
    /// org.Hs.eg.db), e.g. `BTB domain and CNC homolog 1`.
    pub description: Option<String>,
    /// Kind of gene as NCBI classifies it (`type_of_gene`; org.Hs.eg.db
    /// `genetype`): `protein-coding`, `ncRNA`, `pseudo`, …
    pub gene_type: Option<String>,
    /// Symbol approved by the nomenclature authority (HGNC for human, MGI
    /// for mouse): `Symbol_from_nomenclature_authority`. `None` when the
    /// authority has not named the gene, and for org.Hs.eg.db.
    pub nomenclature_symbol: Option<String>,
    /// Full name approved by the nomenclature authority:
    /// `Full_name_from_nomenclature_authority`, e.g. `BTB domain and CNC
    /// homolog 1`. `None` when there is none.
    pub nomenclature_name: Option<String>,
    /// Status of the authority's nomenclature (`Nomenclature_status`):
    /// `O` official, `I` interim. `None` when the gene has no authority
    /// nomenclature.
    pub nomenclature_status: Option<String>,
    /// Other names the gene or its products have carried: the
    /// `|`-separated `Other_designations` column, e.g. `transcription
    /// regulator protein BACH1`. Empty for org.Hs.eg.db.
    pub other_designations: Vec<String>,
    /// Last modification of the record at NCBI (`Modification_date`,
    /// published as `YYYYMMDD`), stored as an ISO date (`2021-07-08`).
    /// `None` for org.Hs.eg.db.
    pub modification_date: Option<String>,
}

/// An alias that a source lists apart from its gene records (the
/// `alias` table of org.Hs.eg.db).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneAlias {
    /// NCBI GeneID of the gene the alias belongs to.
    pub gene_id: GeneId,
    /// The alias symbol as the source writes it (`alias_symbol`), e.g.
    /// `BTBD24`. org.Hs.eg.db also lists each gene's current symbol here;
    /// gene pages leave that one out of the alias list.
    pub alias: String,
}

/// The three GO aspects (ontologies).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum GoAspect {
    /// Biological process: the larger programme the gene product takes
    /// part in (GAF code `P`; `BP`, table `go_bp`, in Bioconductor).
    BiologicalProcess,
    /// Molecular function: the activity of the gene product itself (GAF
    /// `F`; `MF`, table `go_mf`).
    MolecularFunction,
    /// Cellular component: where in the cell the gene product acts (GAF
    /// `C`; `CC`, table `go_cc`).
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
    /// Reads an aspect from the GAF letter (`P`, `F`, `C`) or the
    /// two-letter ontology code of GO.db and org.Hs.eg.db (`BP`, `MF`,
    /// `CC`). `None` for anything else, such as GO.db's `universal` root.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "P" | "BP" => Some(GoAspect::BiologicalProcess),
            "F" | "MF" => Some(GoAspect::MolecularFunction),
            "C" | "CC" => Some(GoAspect::CellularComponent),
            _ => None,
        }
    }
    /// The aspect's name as pages show it (`Biological process`).
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
    /// NCBI GeneID of the annotated gene.
    pub gene_id: GeneId,
    /// GO term identifier with its prefix, e.g. `GO:0003700`.
    pub go_id: String,
    /// The ontology the term belongs to; from org.Hs.eg.db, the table
    /// (`go_bp`, `go_mf`, `go_cc`) the annotation was read from.
    pub aspect: GoAspect,
    /// GO evidence code as the source writes it: `IDA` (direct assay),
    /// `IMP` (mutant phenotype), `TAS` (traceable author statement),
    /// `IEA` (electronic annotation, not reviewed by a curator), …
    pub evidence: String,
    /// Term name, when known. org.Hs.eg.db gives bare identifiers
    /// (`None`); the store fills the name from an imported GO.db when it
    /// reads annotations back.
    pub term: Option<String>,
    /// The relation a GAF states (`enables`, `involved_in`,
    /// `NOT|located_in`); org.Hs.eg.db states none.
    #[serde(default)]
    pub qualifier: Option<String>,
    /// The references a GAF gives for it (`PMID:…`, `GO_REF:…`), gathered
    /// over its lines; org.Hs.eg.db gives none.
    #[serde(default)]
    pub references: Vec<String>,
    /// Whether the term is a leaf of the imported GO graph (no `is_a`
    /// child); `None` when no ontology placing the term is imported.
    /// Filled by the store when it reads annotations back, as `term` is;
    /// Pharos' development level counts experimental leaf terms only.
    #[serde(default)]
    pub leaf: Option<bool>,
}

/// One line of a GO annotation file (GAF 2.x): a gene product named as
/// the file names it, annotated to a GO term with evidence, reference and
/// the group that made the annotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GafAnnotation {
    /// The gene (UniProtKB accession and symbol, the organism from the
    /// `taxon:` column).
    pub gene: crate::GeneRef,
    /// 1-based line.
    pub line: u64,
    /// The GO term (`GO:0003723`).
    pub go_id: String,
    /// Aspect (`F`, `P`, `C`).
    pub aspect: GoAspect,
    /// Evidence code (`IDA`, `IEA`, …).
    pub evidence: String,
    /// The relation (GAF 2.2: `enables`, `involved_in`, `located_in`,
    /// possibly `NOT|enables`).
    pub qualifier: String,
    /// References as written (`PMID:12345`, `GO_REF:0000043`).
    pub references: Vec<String>,
    /// The `With/From` column, split on `|` and `,`.
    pub with_from: Vec<String>,
    /// The database that made the annotation (`UniProt`, `MGI`).
    pub assigned_by: String,
    /// The annotation's date (`20230306`).
    pub date: String,
}

/// A GO term: the name and definition behind a `GO:` identifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoTerm {
    /// GO term identifier with its prefix, e.g. `GO:0003700`.
    pub go_id: String,
    /// The term's name (GO.db `go_term.term`), e.g. `DNA-binding
    /// transcription factor activity`.
    pub name: String,
    /// The ontology of the term (GO.db `ontology`: `BP`, `MF`, `CC`).
    pub aspect: GoAspect,
    /// The term's textual definition (GO.db `definition`); `None` when
    /// GO.db gives none.
    pub definition: Option<String>,
}

/// The short form of a gene used in lists, search results and choices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeneSummary {
    /// NCBI GeneID: the stable key to link to the gene's page.
    pub gene_id: GeneId,
    /// NCBI Taxonomy id of the gene's organism (`9606` human).
    pub tax_id: TaxId,
    /// Symbol from the gene's shown record (see [`GeneRecord::symbol`]).
    pub symbol: String,
    /// Full name ([`GeneRecord::description`]), e.g. `BTB domain and CNC
    /// homolog 1`; `None` when no source gives one.
    pub name: Option<String>,
    /// NCBI `type_of_gene` (`protein-coding`, `ncRNA`, …), when known.
    pub gene_type: Option<String>,
    /// Cytogenetic band as NCBI writes it (`21q21.3`), when known.
    pub map_location: Option<String>,
}
