//! Diseases, phenotypes and the ontology terms that name them: what the
//! Human Phenotype Ontology (HPO), the Disease Ontology (DOID), OMIM (via
//! NCBI's `mim2gene_medgen`) and Orphanet say about genes.
//!
//! Terms are named by their CURIE as the sources write it (`HP:0001250`,
//! `DOID:1612`, `OMIM:212050`, `ORPHA:558`). [`TermId`] is the typed form
//! an entity reference holds: the ontology and the local number.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{GeneRef, Pmid};

/// The vocabularies whose terms are entities in Locus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Ontology {
    /// Human Phenotype Ontology (`HP:`).
    Hp,
    /// Human Disease Ontology (`DOID:`).
    Doid,
    /// OMIM entries (`OMIM:`), diseases and phenotypes.
    Omim,
    /// Orphanet rare diseases (`ORPHA:`).
    Orpha,
    /// The Mondo disease ontology (`MONDO:`).
    Mondo,
    /// DECIPHER syndromes (`DECIPHER:`).
    Decipher,
    /// Gene Ontology (`GO:`).
    Go,
}

impl Ontology {
    /// Every vocabulary.
    pub const ALL: [Ontology; 7] = [
        Ontology::Hp,
        Ontology::Doid,
        Ontology::Omim,
        Ontology::Orpha,
        Ontology::Mondo,
        Ontology::Decipher,
        Ontology::Go,
    ];

    /// The CURIE prefix (`HP`).
    pub fn prefix(self) -> &'static str {
        match self {
            Ontology::Hp => "HP",
            Ontology::Doid => "DOID",
            Ontology::Omim => "OMIM",
            Ontology::Orpha => "ORPHA",
            Ontology::Mondo => "MONDO",
            Ontology::Decipher => "DECIPHER",
            Ontology::Go => "GO",
        }
    }

    /// Digits the local id is padded to (`HP:0000118`); 0 for none.
    fn width(self) -> usize {
        match self {
            Ontology::Hp | Ontology::Go | Ontology::Mondo => 7,
            _ => 0,
        }
    }

    /// What a term of this vocabulary is: a phenotype (HPO), a GO term,
    /// or a disease (the rest).
    pub fn term_kind(self) -> TermKind {
        match self {
            Ontology::Hp => TermKind::Phenotype,
            Ontology::Go => TermKind::GoTerm,
            _ => TermKind::Disease,
        }
    }

    /// The vocabulary of a CURIE prefix, in any case; `Orphanet` and
    /// `ORDO` (as DOID writes Orphanet xrefs) are Orphanet, `MIM` is OMIM.
    pub fn from_prefix(p: &str) -> Option<Ontology> {
        let p = p.to_ascii_uppercase();
        match p.as_str() {
            "ORPHANET" | "ORDO" => Some(Ontology::Orpha),
            "MIM" => Some(Ontology::Omim),
            _ => Ontology::ALL.into_iter().find(|o| o.prefix() == p),
        }
    }
}

/// What a term names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TermKind {
    /// A disease (DOID, OMIM, Orphanet, Mondo, DECIPHER).
    Disease,
    /// A phenotypic abnormality or other HPO term.
    Phenotype,
    /// A GO term.
    GoTerm,
}

/// A term identifier: vocabulary and local number (`HP:0001250`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TermId {
    /// The vocabulary.
    pub ontology: Ontology,
    /// The number after the colon.
    pub local: u32,
}

impl TermId {
    /// What the term names.
    pub fn kind(self) -> TermKind {
        self.ontology.term_kind()
    }
}

impl fmt::Display for TermId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = self.ontology.width();
        write!(f, "{}:{:0w$}", self.ontology.prefix(), self.local)
    }
}

/// Why a string is not a [`TermId`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadTermId(pub String);

impl fmt::Display for BadTermId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "not a term id of HP, DOID, OMIM, ORPHA, MONDO, DECIPHER or GO: {:?}",
            self.0
        )
    }
}

impl std::error::Error for BadTermId {}

impl FromStr for TermId {
    type Err = BadTermId;

    /// Reads `HP:0001250`, `hp:1250`, `Orphanet:558`, `MIM:212050`,
    /// `OMIM:212050`; the number is taken without its padding.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadTermId(s.to_string());
        let (prefix, local) = s.trim().split_once(':').ok_or_else(bad)?;
        let ontology = Ontology::from_prefix(prefix).ok_or_else(bad)?;
        if local.is_empty() || !local.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let local = local.parse().map_err(|_| bad())?;
        Ok(TermId { ontology, local })
    }
}

impl Serialize for TermId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TermId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for TermId {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some(r"^(HP|DOID|OMIM|ORPHA|MONDO|DECIPHER|GO):[0-9]+$"))
            .description(Some("An ontology term as a CURIE (`HP:0001250`, `DOID:1612`, `OMIM:212050`, `ORPHA:558`, `GO:0003700`)."))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for TermId {}

/// One term of an ontology file (`hp.obo`, `doid.obo`), or a disease as
/// another source names it (an OMIM or Orphanet disease with its name).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OntologyTerm {
    /// The term.
    pub id: TermId,
    /// Its name (`Seizure`).
    pub name: String,
    /// Its definition, without the OBO quoting and references.
    pub definition: Option<String>,
    /// Exact, related, broad and narrow synonyms, as written.
    pub synonyms: Vec<String>,
    /// `is_a` parents.
    pub parents: Vec<TermId>,
    /// Cross-references as written (`OMIM:212050`, `MESH:D012640`,
    /// `UMLS_CUI:C0036572`, `ORDO:558`).
    pub xrefs: Vec<String>,
    /// Marked obsolete; kept so an old id still finds its replacement.
    pub obsolete: bool,
    /// The term that replaces an obsolete one.
    pub replaced_by: Option<TermId>,
    /// 1-based line where the term starts in its file.
    pub line: u64,
}

/// A source saying a gene is associated with a disease.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeneDisease {
    /// The gene as the file names it.
    pub gene: GeneRef,
    /// 1-based line (or start line of the XML element) of the statement.
    pub line: u64,
    /// The disease.
    pub disease: TermId,
    /// The disease's name where the file gives it.
    pub disease_name: Option<String>,
    /// The kind of association as the source words it (HPO's
    /// `MENDELIAN`, `POLYGENIC`, `UNKNOWN`; Orphanet's `Disease-causing
    /// germline mutation(s) in`; mim2gene's `phenotype`).
    pub association: String,
    /// Whether the source has assessed it (Orphanet `Assessed`), where
    /// it says.
    pub status: Option<String>,
    /// Where the source says it has the association from (HPO's
    /// `source` column, mim2gene's `GeneMap`).
    pub source: Option<String>,
    /// PubMed ids the source cites for it.
    pub pmids: Vec<Pmid>,
}

/// HPO's `genes_to_phenotype`: a gene is associated with a phenotype
/// through a disease it is associated with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GenePhenotype {
    /// The gene as the file names it.
    pub gene: GeneRef,
    /// 1-based line.
    pub line: u64,
    /// The HPO term.
    pub phenotype: TermId,
    /// Its name as the file gives it.
    pub phenotype_name: String,
    /// Frequency as written (`HP:0040283`, `3/7`, `40%`), `None` for `-`.
    pub frequency: Option<String>,
    /// The disease the association goes through.
    pub disease: Option<TermId>,
}

/// HPO's `phenotype.hpoa`: a disease has (or, `NOT`, lacks) a phenotype.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiseasePhenotype {
    /// 1-based line.
    pub line: u64,
    /// The disease (`OMIM:619340`, `ORPHA:558`, `DECIPHER:1`).
    pub disease: TermId,
    /// Its name as the file gives it.
    pub disease_name: String,
    /// `NOT`: the disease is explicitly without the phenotype.
    pub negated: bool,
    /// The HPO term.
    pub phenotype: TermId,
    /// References as written (`PMID:31675180`, `OMIM:619340`).
    pub references: Vec<String>,
    /// HPO evidence code: `IEA`, `PCS` (published clinical study), `TAS`.
    pub evidence: String,
    /// Age of onset (an HPO term), where given.
    pub onset: Option<TermId>,
    /// Frequency as written (`HP:0040283`, `1/2`, `17%`).
    pub frequency: Option<String>,
    /// `male` or `female` where the phenotype is sex-specific.
    pub sex: Option<String>,
    /// Clinical modifiers (HPO terms).
    pub modifiers: Vec<TermId>,
    /// HPO aspect: `P` phenotypic abnormality, `I` inheritance, `C`
    /// clinical course, `M` modifier, `H` past medical history.
    pub aspect: String,
    /// Who curated it and when (`HPO:probinson[2021-06-21]`).
    pub biocuration: String,
}
