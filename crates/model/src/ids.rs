//! [`GeneId`], [`TaxId`], [`Pmid`] and [`ImportId`]: identifiers as types,
//! so a GeneID can never be passed where a taxon, a PubMed id or an import
//! number is meant.
//!
//! Each is a newtype over the integer its source publishes, serialised
//! as that bare integer (JSON, TSV and the store see `571`, not
//! `{"0":571}`). Conversions to a backend's column types live in the
//! backend, never here.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

macro_rules! integer_id {
    ($(#[$doc:meta])* $name:ident($inner:ty)) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(pub $inner);

        impl $name {
            /// The integer as the source publishes it.
            pub const fn get(self) -> $inner {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }

        impl From<$inner> for $name {
            fn from(v: $inner) -> Self {
                $name(v)
            }
        }
    };
}

integer_id!(
    /// NCBI Gene identifier (the `GeneID` column of `gene_info`): the
    /// stable key of a gene in Locus, whatever its symbol becomes.
    GeneId(u64)
);

integer_id!(
    /// NCBI Taxonomy identifier of an organism (`9606` for *Homo sapiens*).
    TaxId(u32)
);

integer_id!(
    /// A PubMed identifier (PMID).
    Pmid(u32)
);

integer_id!(
    /// The number of one import: every fact row carries the import that
    /// wrote it, which is how a page names its sources.
    ImportId(i64)
);

impl TaxId {
    /// *Homo sapiens*; the default organism of every lookup.
    pub const HUMAN: TaxId = TaxId(9606);
    /// *Mus musculus*.
    pub const MOUSE: TaxId = TaxId(10090);

    /// Scientific name, for the organisms Locus knows by name.
    pub fn scientific_name(self) -> Option<&'static str> {
        ORGANISMS
            .iter()
            .find(|o| o.tax_id == self)
            .map(|o| o.scientific)
    }

    /// The scientific name, or `taxon N` for an organism Locus has no name for.
    pub fn label(self) -> String {
        self.scientific_name()
            .map(str::to_string)
            .unwrap_or_else(|| format!("taxon {}", self.0))
    }

    /// Reads an organism as a user writes it: a taxon id (`9606`), a
    /// common name (`human`, `mouse`) or a scientific name (`Mus
    /// musculus`), in any case. `None` for anything else, including an
    /// empty string.
    pub fn parse_organism(s: &str) -> Option<TaxId> {
        let s = s.trim();
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            return s.parse().ok().filter(|t: &TaxId| t.0 > 0);
        }
        ORGANISMS
            .iter()
            .find(|o| {
                o.common.iter().any(|c| c.eq_ignore_ascii_case(s))
                    || o.scientific.eq_ignore_ascii_case(s)
            })
            .map(|o| o.tax_id)
    }

    /// Every name [`TaxId::parse_organism`] accepts besides a taxon id,
    /// for documents that list them (the OpenAPI parameter schema).
    pub fn organism_names() -> impl Iterator<Item = &'static str> {
        ORGANISMS
            .iter()
            .flat_map(|o| o.common.iter().copied().chain([o.scientific]))
    }
}

/// An organism Locus knows by name.
struct Organism {
    tax_id: TaxId,
    scientific: &'static str,
    common: &'static [&'static str],
}

/// The model organisms NCBI Gene publishes `gene_info` files for.
const ORGANISMS: &[Organism] = &[
    Organism {
        tax_id: TaxId::HUMAN,
        scientific: "Homo sapiens",
        common: &["human", "hs"],
    },
    Organism {
        tax_id: TaxId::MOUSE,
        scientific: "Mus musculus",
        common: &["mouse", "mm"],
    },
    Organism {
        tax_id: TaxId(10116),
        scientific: "Rattus norvegicus",
        common: &["rat", "rn"],
    },
    Organism {
        tax_id: TaxId(7955),
        scientific: "Danio rerio",
        common: &["zebrafish", "dr"],
    },
    Organism {
        tax_id: TaxId(7227),
        scientific: "Drosophila melanogaster",
        common: &["fly", "dm"],
    },
    Organism {
        tax_id: TaxId(6239),
        scientific: "Caenorhabditis elegans",
        common: &["worm", "ce"],
    },
    Organism {
        tax_id: TaxId(559292),
        scientific: "Saccharomyces cerevisiae",
        common: &["yeast", "sc"],
    },
];

/// PubMed ids as NCBI lists them in `generifs_basic`: comma-separated.
pub fn join_pmids(pmids: &[Pmid]) -> String {
    pmids
        .iter()
        .map(Pmid::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_serialise_as_bare_integers() {
        assert_eq!(serde_json::to_string(&GeneId(571)).unwrap(), "571");
        assert_eq!(
            serde_json::from_str::<Vec<Pmid>>("[17942419]").unwrap(),
            [Pmid(17942419)]
        );
    }

    #[test]
    fn organisms_by_id_common_and_scientific_name() {
        assert_eq!(TaxId::parse_organism("9606"), Some(TaxId::HUMAN));
        assert_eq!(TaxId::parse_organism("Mouse"), Some(TaxId::MOUSE));
        assert_eq!(TaxId::parse_organism("mus musculus"), Some(TaxId::MOUSE));
        assert_eq!(TaxId::parse_organism(""), None);
        assert_eq!(TaxId::parse_organism("0"), None);
        assert_eq!(TaxId::parse_organism("martian"), None);
        assert_eq!(TaxId(12345).label(), "taxon 12345");
    }
}
