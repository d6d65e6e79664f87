//! What changed for a gene from one release of a source to the next:
//! recorded when an import replaces an earlier import of the same file
//! (or the one named with `--replaces`).

use serde::{Deserialize, Serialize};

use crate::{GeneId, ImportId};

/// What about a gene changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeField {
    /// The gene's record itself: the source added it or no longer has it.
    Record,
    /// Its official symbol (a rename).
    Symbol,
    /// Its full name.
    Name,
    /// Its cytogenetic location.
    MapLocation,
    /// Its synonyms.
    Aliases,
    /// How many PubMed links the source gives it.
    PubmedLinks,
    /// How many GeneRIFs.
    Generifs,
    /// How many GO annotations.
    GoAnnotations,
    /// How many regulation rows name it as TF or target.
    Regulation,
    /// Which source databases those regulation rows cite.
    RegulationSources,
    /// How many expression rows.
    Expression,
}

impl ChangeField {
    /// Every field, in the order a gene's changes list them.
    pub const ALL: [ChangeField; 11] = [
        ChangeField::Record,
        ChangeField::Symbol,
        ChangeField::Name,
        ChangeField::MapLocation,
        ChangeField::Aliases,
        ChangeField::PubmedLinks,
        ChangeField::Generifs,
        ChangeField::GoAnnotations,
        ChangeField::Regulation,
        ChangeField::RegulationSources,
        ChangeField::Expression,
    ];

    /// The name stored and shown in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeField::Record => "record",
            ChangeField::Symbol => "symbol",
            ChangeField::Name => "name",
            ChangeField::MapLocation => "map_location",
            ChangeField::Aliases => "aliases",
            ChangeField::PubmedLinks => "pubmed_links",
            ChangeField::Generifs => "generifs",
            ChangeField::GoAnnotations => "go_annotations",
            ChangeField::Regulation => "regulation",
            ChangeField::RegulationSources => "regulation_sources",
            ChangeField::Expression => "expression",
        }
    }

    /// The inverse of [`ChangeField::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// What a reader calls it.
    pub fn label(self) -> &'static str {
        match self {
            ChangeField::Record => "gene record",
            ChangeField::Symbol => "symbol",
            ChangeField::Name => "name",
            ChangeField::MapLocation => "map location",
            ChangeField::Aliases => "aliases",
            ChangeField::PubmedLinks => "PubMed links",
            ChangeField::Generifs => "GeneRIFs",
            ChangeField::GoAnnotations => "GO annotations",
            ChangeField::Regulation => "regulation rows",
            ChangeField::RegulationSources => "regulation sources",
            ChangeField::Expression => "expression rows",
        }
    }
}

/// How it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// There was none before.
    Added,
    /// There is none now.
    Removed,
    /// It has another value.
    Changed,
}

impl ChangeKind {
    /// The name stored and shown in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }

    /// The inverse of [`ChangeKind::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        [ChangeKind::Added, ChangeKind::Removed, ChangeKind::Changed]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// One change of one gene between two imports of a source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeneChange {
    /// The gene.
    pub gene_id: GeneId,
    /// The import that brought the new release.
    pub import_id: ImportId,
    /// The import it replaced.
    pub replaced: ImportId,
    /// What changed.
    pub field: ChangeField,
    /// How.
    pub change: ChangeKind,
    /// The value before (a count for counted fields; aliases joined
    /// with `|`), when there was one.
    pub before: Option<String>,
    /// The value after, when there is one.
    pub after: Option<String>,
}
