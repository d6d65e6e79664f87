//! The whole store as flat tables: what `locus export` and `/downloads`
//! write, one file per [`ExportTable`].
//!
//! This module is the files' contract — which tables there are, their
//! columns in order, their types and which imports feed them — and the
//! interface a backend streams rows through ([`ExportSink`]). The SQL that
//! reads each table is the backend's; the file formats are `locus-kb`'s.
//!
//! Rows stream: a backend hands over one row at a time from one snapshot
//! of the store, so an export takes memory independent of the store's
//! size and its files agree with one another.

use locus_model::{FactTable, ImportRecord};

use crate::Result;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// A whole number (ids, counts, positions).
    Integer,
    /// A floating-point number.
    Real,
    /// Text.
    Text,
    /// True or false.
    Bool,
    /// A list of values (PubMed ids, source databases, synonyms).
    List,
    /// A list of MeSH headings, stored as objects (descriptor, UI,
    /// qualifiers, major topic); written flat, one string each.
    MeshHeadings,
    /// A list of concepts a PubTator mention is normalised to, stored as
    /// objects (id, taxon); written flat as PubTator writes them.
    Concepts,
}

impl ColumnType {
    /// The name the manifest gives the type.
    pub fn as_str(self) -> &'static str {
        match self {
            ColumnType::Integer => "integer",
            ColumnType::Real => "real",
            ColumnType::Text => "text",
            ColumnType::Bool => "boolean",
            ColumnType::List | ColumnType::MeshHeadings | ColumnType::Concepts => "list",
        }
    }

    /// Whether the column holds a list (its cells are [`Cell::List`]).
    pub fn is_list(self) -> bool {
        matches!(
            self,
            ColumnType::List | ColumnType::MeshHeadings | ColumnType::Concepts
        )
    }
}

/// One column of an exported table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The column's name in the file (and in both backends' tables).
    pub name: &'static str,
    /// What it holds.
    pub ty: ColumnType,
}

const fn col(name: &'static str, ty: ColumnType) -> Column {
    Column { name, ty }
}

use ColumnType::{Bool, Concepts, Integer as Int, List, MeshHeadings, Real, Text};

/// One value of a row, as a backend reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// No value (SQL `NULL`).
    Null,
    /// An [`ColumnType::Integer`].
    Int(i64),
    /// A [`ColumnType::Real`].
    Real(f64),
    /// A [`ColumnType::Text`].
    Text(&'a str),
    /// A [`ColumnType::Bool`].
    Bool(bool),
    /// A list column, as the JSON array the store keeps.
    List(&'a str),
}

/// Where an exported table's rows come from, for the file's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Rows as imports wrote them; each row names its import.
    Imported(FactTable),
    /// Rows Locus computes from the facts of these tables (merged gene
    /// records, merged TF–target edges).
    Derived(&'static [FactTable]),
    /// What imports recorded about their own files (unresolved gene
    /// identifiers of network files).
    ImportLog,
    /// The store's history: imports since replaced, and what changed for
    /// genes when they were.
    History,
}

macro_rules! export_tables {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $origin:expr, [$($col:literal : $ty:ident),* $(,)?]; )*) => {
        /// A table of the whole-store export: one file each.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ExportTable {
            $( $(#[$doc])* $variant, )*
        }

        impl ExportTable {
            /// Every table, in the order an export writes them.
            pub const ALL: &'static [ExportTable] = &[$(ExportTable::$variant),*];

            /// The file's name without its extensions (`gene_pubmed`).
            pub fn name(self) -> &'static str {
                match self {
                    $(ExportTable::$variant => $name,)*
                }
            }

            /// The columns, in file order.
            pub fn columns(self) -> &'static [Column] {
                match self {
                    $(ExportTable::$variant => {
                        const COLUMNS: &[Column] = &[$(col($col, $ty)),*];
                        COLUMNS
                    })*
                }
            }

            /// Where the rows come from.
            pub fn origin(self) -> Origin {
                match self {
                    $(ExportTable::$variant => $origin,)*
                }
            }
        }
    };
}

use FactTable as F;
use Origin::{Derived, History, ImportLog, Imported};

export_tables! {
    /// The merged record of each gene (the highest-precedence source's),
    /// with its literature counts and the UniProt accession shown for it.
    Genes = "genes", Derived(&[F::Gene, F::GenePubmed, F::Generif, F::GeneXref, F::ProteinGene]), [
        "gene_id": Int, "tax_id": Int, "symbol": Text, "description": Text, "gene_type": Text,
        "chromosome": Text, "map_location": Text, "locus_tag": Text,
        "nomenclature_symbol": Text, "nomenclature_name": Text, "nomenclature_status": Text,
        "modification_date": Text, "uniprot": Text, "pubmed_count": Int, "pubmed_score": Real,
        "generif_count": Int, "import_id": Int,
    ];
    /// Every source's record of each gene.
    GeneRecords = "gene_records", Imported(F::Gene), [
        "gene_id": Int, "tax_id": Int, "symbol": Text, "description": Text, "gene_type": Text,
        "chromosome": Text, "map_location": Text, "locus_tag": Text,
        "nomenclature_symbol": Text, "nomenclature_name": Text, "nomenclature_status": Text,
        "modification_date": Text, "precedence": Int, "import_id": Int,
    ];
    /// Synonyms and other designations.
    GeneAliases = "gene_aliases", Imported(F::GeneAlias), [
        "gene_id": Int, "kind": Text, "alias": Text, "import_id": Int,
    ];
    /// Cross-references to other databases.
    GeneXrefs = "gene_xrefs", Imported(F::GeneXref), [
        "gene_id": Int, "db": Text, "xref_id": Text, "import_id": Int,
    ];
    /// Gene–PubMed links.
    GenePubmed = "gene_pubmed", Imported(F::GenePubmed), [
        "gene_id": Int, "pmid": Int, "import_id": Int,
    ];
    /// GeneRIFs.
    Generifs = "generifs", Imported(F::Generif), [
        "gene_id": Int, "tax_id": Int, "pmids": List, "last_update": Text, "text": Text,
        "import_id": Int,
    ];
    /// PubMed citations.
    Publications = "publications", Imported(F::Publication), [
        "pmid": Int, "title": Text, "journal": Text, "year": Int, "authors": List,
        "abstract": Text, "mesh": MeshHeadings, "doi": Text, "import_id": Int,
    ];
    /// GO annotations of genes.
    GoAnnotations = "go_annotations", Imported(F::GoAnnotation), [
        "gene_id": Int, "go_id": Text, "aspect": Text, "evidence": Text, "qualifier": Text,
        "term": Text, "refs": List, "import_id": Int,
    ];
    /// GO terms.
    GoTerms = "go_terms", Imported(F::GoTerm), [
        "go_id": Text, "name": Text, "aspect": Text, "definition": Text, "import_id": Int,
    ];
    /// UniProtKB entries.
    Proteins = "proteins", Imported(F::Protein), [
        "accession": Text, "entry_name": Text, "reviewed": Bool, "protein_name": Text,
        "gene_names": List, "secondary": List, "organism": Text, "tax_id": Int,
        "length": Int, "sequence": Text, "import_id": Int,
    ];
    /// Which genes each UniProtKB entry belongs to.
    ProteinGenes = "protein_genes", Imported(F::ProteinGene), [
        "gene_id": Int, "accession": Text, "import_id": Int,
    ];
    /// Every source row saying a TF regulates a target, with its evidence.
    RegulationEvidence = "regulation_evidence", Imported(F::Regulation), [
        "tf_gene": Int, "target_gene": Int, "tax_id": Int, "databases": List, "methods": List,
        "pmids": List, "mode": Text, "weight": Real, "small_scale": Bool,
        "tf_uniprot": Text, "target_uniprot": Text, "import_id": Int, "line": Int,
    ];
    /// One merged edge per TF and target, as gene pages and TSVs show it.
    TfTargetEdges = "tf_target_edges", Derived(&[F::Regulation]), [
        "tf_gene": Int, "target_gene": Int, "tax_id": Int, "sources": List, "methods": List,
        "pmids": List, "n_sources": Int, "n_pmids": Int, "small_scale": Bool, "mode": Text,
        "activation_rows": Int, "repression_rows": Int, "evidence_rows": Int,
    ];
    /// Ortholog pairs.
    Orthologs = "orthologs", Imported(F::Ortholog), [
        "gene_id": Int, "ortholog_gene": Int, "homology_type": Text, "confidence": Int,
        "goc_score": Real, "import_id": Int, "line": Int,
    ];
    /// STRING protein–protein associations between genes.
    Interactions = "interactions", Imported(F::Interaction), [
        "gene_a": Int, "gene_b": Int, "tax_id": Int, "protein_a": Text, "protein_b": Text,
        "neighborhood": Int, "fusion": Int, "cooccurence": Int, "coexpression": Int,
        "experimental": Int, "database": Int, "textmining": Int, "combined_score": Int,
        "import_id": Int,
    ];
    /// TF binding sites.
    BindingSites = "binding_sites", Imported(F::BindingSite), [
        "tf_gene": Int, "tflink_id": Text, "assembly": Text, "chromosome": Text, "start": Int,
        "end": Int, "strand": Text, "methods": List, "pmids": List, "databases": List,
        "small_scale": Bool, "import_id": Int,
    ];
    /// Differential expression by disease or condition.
    DifferentialExpression = "differential_expression", Imported(F::DifferentialExpression), [
        "gene_id": Int, "condition": Text, "condition_uri": Text, "reference": Text,
        "contrast": Text, "experiment": Text, "log2fc": Real, "p_value": Real,
        "adjusted_p": Real, "import_id": Int,
    ];
    /// Present/absent expression calls by anatomical entity.
    ExpressionCalls = "expression_calls", Imported(F::ExpressionCall), [
        "gene_id": Int, "entity_id": Text, "entity_name": Text, "stage_id": Text,
        "stage_name": Text, "sex": Text, "strain": Text, "call": Text, "quality": Text,
        "fdr": Real, "score": Real, "rank": Real, "import_id": Int,
    ];
    /// Diseases, phenotypes and other ontology terms.
    Terms = "terms", Imported(F::Term), [
        "id": Text, "kind": Text, "name": Text, "definition": Text, "synonyms": List,
        "xrefs": List, "obsolete": Bool, "replaced_by": Text, "import_id": Int,
    ];
    /// Each term's parents (`is_a`).
    TermParents = "term_parents", Imported(F::Term), [
        "child": Text, "parent": Text, "import_id": Int,
    ];
    /// Gene–disease associations.
    GeneDiseases = "gene_diseases", Imported(F::GeneDisease), [
        "gene_id": Int, "disease": Text, "disease_name": Text, "association": Text,
        "status": Text, "source": Text, "pmids": List, "import_id": Int,
    ];
    /// Gene–phenotype associations.
    GenePhenotypes = "gene_phenotypes", Imported(F::GenePhenotype), [
        "gene_id": Int, "phenotype": Text, "phenotype_name": Text, "frequency": Text,
        "disease": Text, "import_id": Int,
    ];
    /// Disease–phenotype annotations.
    DiseasePhenotypes = "disease_phenotypes", Imported(F::DiseasePhenotype), [
        "disease": Text, "disease_name": Text, "negated": Bool, "phenotype": Text,
        "refs": List, "evidence": Text, "onset": Text, "frequency": Text, "sex": Text,
        "modifiers": List, "aspect": Text, "biocuration": Text, "import_id": Int,
    ];
    /// Annotated abstracts as published (PubTator).
    PubtatorDocuments = "pubtator_documents", Imported(F::PubtatorDocument), [
        "pmid": Int, "title": Text, "abstract": Text, "import_id": Int, "line": Int,
    ];
    /// Their mentions.
    PubtatorAnnotations = "pubtator_annotations", Imported(F::PubtatorAnnotation), [
        "pmid": Int, "start": Int, "end": Int, "mention": Text, "type": Text,
        "concepts": Concepts, "import_id": Int, "line": Int,
    ];
    /// Gene identifiers of network files that matched no gene or several.
    Unresolved = "unresolved", ImportLog, [
        "import_id": Int, "line": Int, "role": Text, "identifier": Text, "reason": Text,
        "candidates": List,
    ];
    /// Imports a later import replaced: their files and releases, which
    /// the changes name.
    ReplacedImports = "replaced_imports", History, [
        "import_id": Int, "kind": Text, "dataset": Text, "file_name": Text, "sha256": Text,
        "release": Text, "started_at": Text, "finished_at": Text, "replaced_by": Int,
    ];
    /// What changed for each gene when an import replaced an earlier one.
    GeneChanges = "gene_changes", History, [
        "gene_id": Int, "import_id": Int, "replaced": Int, "field": Text, "change": Text,
        "before": Text, "after": Text,
    ];
}

impl ExportTable {
    /// The table a user names (`genes`, `gene_pubmed`).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|t| t.name() == s)
    }

    /// Whether `import` may have written rows this table holds (or that
    /// it derives from): the imports its file's header names.
    pub fn fed_by(self, import: &ImportRecord) -> bool {
        let wrote = |t: &FactTable| import.row_counts.get(t).is_some_and(|n| *n > 0);
        match self.origin() {
            Origin::Imported(t) => wrote(&t),
            Origin::Derived(ts) => ts.iter().any(wrote),
            Origin::ImportLog => import.row_counts.keys().any(|t| t.is_network()),
            Origin::History => false,
        }
    }
}

impl std::fmt::Display for ExportTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a backend streams an export: the snapshot's imports first, then
/// each table's rows between [`ExportSink::start`] and
/// [`ExportSink::finish`].
pub trait ExportSink: Send {
    /// The store as the snapshot sees it: its generation and live imports.
    fn snapshot(&mut self, generation: i64, imports: &[ImportRecord]) -> Result<()>;
    /// A table's rows follow.
    fn start(&mut self, table: ExportTable) -> Result<()>;
    /// One row, its cells in [`ExportTable::columns`] order.
    fn row(&mut self, cells: &[Cell<'_>]) -> Result<()>;
    /// The table's last row was given.
    fn finish(&mut self, table: ExportTable) -> Result<()>;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// File names are unique and parse back; every table names its
    /// import (or is derived), so every row can be traced.
    #[test]
    fn tables_are_named_once_and_carry_provenance() {
        let mut seen = std::collections::BTreeSet::new();
        for t in ExportTable::ALL {
            assert!(seen.insert(t.name()), "{t} twice");
            assert_eq!(ExportTable::parse(t.name()), Some(*t));
            let names: Vec<_> = t.columns().iter().map(|c| c.name).collect();
            let mut unique = names.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), names.len(), "{t}: a column twice");
            if !matches!(t.origin(), Origin::Derived(_)) {
                assert!(names.contains(&"import_id"), "{t} has no import_id");
            }
        }
        assert_eq!(ExportTable::parse("nope"), None);
    }
}
