//! Text-mining annotations as PubTator publishes them: an abstract (title
//! and abstract text) and the mentions found in it, each with its
//! character offsets, its type and the concepts it was normalised to.
//!
//! These are other tools' annotations (a gold corpus, PubTator's own),
//! imported as published and kept apart from what Locus's tagger finds.

use serde::{Deserialize, Serialize};

use crate::{Pmid, TaxId};

/// What a mention is, by PubTator's type column. Corpora use more types
/// than PubTator's six (GNormPlus's `FamilyName`, `DomainMotif`); those
/// and any other keep their name as written. In JSON, the name PubTator
/// writes (`Gene`, `Disease`, `FamilyName`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", from = "String")]
pub enum MentionType {
    /// A gene or gene product, normalised to NCBI GeneIDs.
    Gene,
    /// A disease, normalised to MeSH (or OMIM).
    Disease,
    /// A chemical, normalised to MeSH.
    Chemical,
    /// An organism, normalised to an NCBI Taxonomy id.
    Species,
    /// A sequence variant, with the type as written (`Mutation`,
    /// `DNAMutation`, `ProteinMutation`, `SNP`, `Variant`).
    Variant(String),
    /// A cell line.
    CellLine,
    /// A gene family named as such (GNormPlus), not normalised.
    FamilyName,
    /// A protein domain or motif (GNormPlus), not normalised.
    DomainMotif,
    /// Any other type, as the file writes it.
    Other(String),
}

impl MentionType {
    /// Reads a type column; never fails: an unknown type is kept.
    pub fn parse(s: &str) -> Self {
        match s {
            "Gene" => MentionType::Gene,
            "Disease" => MentionType::Disease,
            "Chemical" => MentionType::Chemical,
            "Species" => MentionType::Species,
            "Mutation" | "DNAMutation" | "ProteinMutation" | "SNP" | "Variant" => {
                MentionType::Variant(s.to_string())
            }
            "CellLine" => MentionType::CellLine,
            "FamilyName" => MentionType::FamilyName,
            "DomainMotif" => MentionType::DomainMotif,
            other => MentionType::Other(other.to_string()),
        }
    }

    /// The type as PubTator writes it (`Gene`, `Disease`, …).
    pub fn as_str(&self) -> &str {
        match self {
            MentionType::Gene => "Gene",
            MentionType::Disease => "Disease",
            MentionType::Chemical => "Chemical",
            MentionType::Species => "Species",
            MentionType::Variant(s) => s,
            MentionType::CellLine => "CellLine",
            MentionType::FamilyName => "FamilyName",
            MentionType::DomainMotif => "DomainMotif",
            MentionType::Other(s) => s,
        }
    }
}

impl From<MentionType> for String {
    fn from(t: MentionType) -> String {
        t.as_str().to_string()
    }
}

impl From<String> for MentionType {
    fn from(s: String) -> MentionType {
        MentionType::parse(&s)
    }
}

/// One concept a mention was normalised to: an identifier as the file
/// writes it (`7157`, `D003693`, `OMIM:164400`) and, for genes, the
/// organism GNormPlus states (`172659(Tax:6239)`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Concept {
    /// The identifier without its taxon suffix.
    pub id: String,
    /// The organism written after the identifier, if any.
    pub tax_id: Option<TaxId>,
}

impl Concept {
    /// The concepts of an identifier column: several are separated by
    /// `,`, `;` or `|`; `-1` (and an empty column) means the mention was
    /// not normalised. `None` when a taxon suffix is malformed.
    pub fn parse_list(column: &str) -> Option<Vec<Concept>> {
        let mut out = Vec::new();
        for item in column.split([',', ';', '|']).map(str::trim) {
            if item.is_empty() || item == "-1" {
                continue;
            }
            let concept = match item.split_once("(Tax:") {
                Some((id, tax)) => Concept {
                    id: id.trim().to_string(),
                    tax_id: Some(TaxId(tax.strip_suffix(')')?.trim().parse().ok()?)),
                },
                None => Concept {
                    id: item.to_string(),
                    tax_id: None,
                },
            };
            if concept.id.is_empty() {
                return None;
            }
            if !out.contains(&concept) {
                out.push(concept);
            }
        }
        Some(out)
    }
}

/// An annotated abstract: its title and abstract text, whose
/// concatenation `title + " " + abstract` the offsets count into.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnotatedDocument {
    /// The PubMed id.
    pub pmid: Pmid,
    /// The title, as the file gives it.
    pub title: String,
    /// The abstract, as the file gives it (may be empty).
    pub abstract_text: String,
    /// 1-based line of the title in its file.
    pub line: u64,
}

impl AnnotatedDocument {
    /// The text offsets count into: title, a space, abstract.
    pub fn text(&self) -> String {
        format!("{} {}", self.title, self.abstract_text)
    }
}

/// One mention in an annotated abstract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TextAnnotation {
    /// The abstract it is in.
    pub pmid: Pmid,
    /// Offset of its first character in [`AnnotatedDocument::text`],
    /// counted in characters (Unicode scalar values).
    pub start: u32,
    /// Offset just after its last character.
    pub end: u32,
    /// The mention as the file writes it. Usually the text at the
    /// offsets; a few gold annotations differ from it (GNormPlus writes
    /// `"TATA" box` as ` TATA  box`) and are kept as published.
    pub mention: String,
    /// What it is, as PubTator names it (`Gene`, `Disease`, `Chemical`,
    /// `Species`, `FamilyName`, …).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub mention_type: MentionType,
    /// What it was normalised to; empty when it was not.
    pub concepts: Vec<Concept>,
    /// The identifier cell exactly as the file writes it (separators,
    /// stray spaces and all), so a file can be written back byte for
    /// byte. `None` for a line without that cell, and for annotations
    /// read back from the store, which keeps the parsed [`concepts`](Self::concepts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written_identifiers: Option<String>,
    /// 1-based line in its file.
    pub line: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_columns_as_the_corpora_write_them() {
        let c = |id: &str, tax: Option<u32>| Concept {
            id: id.into(),
            tax_id: tax.map(TaxId),
        };
        assert_eq!(
            Concept::parse_list("172659(Tax:6239)"),
            Some(vec![c("172659", Some(6239))])
        );
        assert_eq!(
            Concept::parse_list(",15978,16153"),
            Some(vec![c("15978", None), c("16153", None)])
        );
        assert_eq!(
            Concept::parse_list("D000077269|D003907"),
            Some(vec![c("D000077269", None), c("D003907", None)])
        );
        assert_eq!(Concept::parse_list("-1"), Some(vec![]));
        assert_eq!(Concept::parse_list(""), Some(vec![]));
        // Hand-made: a taxon suffix without its number.
        assert_eq!(Concept::parse_list("7157(Tax:)"), None);
        assert_eq!(
            MentionType::parse("DNAMutation"),
            MentionType::Variant("DNAMutation".into())
        );
        assert_eq!(
            MentionType::parse("DNAMutation").as_str(),
            "DNAMutation",
            "a variant keeps the type as written"
        );
        assert_eq!(
            MentionType::parse("Organism").as_str(),
            "Organism",
            "an unknown type keeps its name"
        );
    }
}
