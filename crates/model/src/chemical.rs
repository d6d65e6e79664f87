//! [`MeshId`]: how Locus names a chemical. The tagger normalises chemical
//! mentions to MeSH (the vocabulary BC5CDR and PubTator use); Locus holds
//! no chemical database of its own, so a chemical is known by its MeSH id
//! and the names texts give it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A MeSH descriptor (`D006046`, gold) or supplementary concept record
/// (`C000657245`), as written, digits and padding included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MeshId {
    /// `D` (descriptor) or `C` (supplementary concept).
    letter: u8,
    /// How many digits the id is written with.
    width: u8,
    /// The number.
    number: u32,
}

/// A text that is not a MeSH descriptor or supplementary concept id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadMeshId(pub String);

impl fmt::Display for BadMeshId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a MeSH id (D or C and 6 to 9 digits)",
            self.0
        )
    }
}

impl std::error::Error for BadMeshId {}

impl FromStr for MeshId {
    type Err = BadMeshId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadMeshId(s.to_string());
        let s = s.trim();
        let s = s
            .strip_prefix("MESH:")
            .or_else(|| s.strip_prefix("MeSH:"))
            .unwrap_or(s);
        let (letter, digits) = s.split_at_checked(1).ok_or_else(bad)?;
        let letter = match letter {
            "D" => b'D',
            "C" => b'C',
            _ => return Err(bad()),
        };
        if !(6..=9).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        Ok(MeshId {
            letter,
            width: digits.len() as u8,
            number: digits.parse().map_err(|_| bad())?,
        })
    }
}

impl fmt::Display for MeshId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = self.width as usize;
        write!(f, "{}{:0w$}", self.letter as char, self.number)
    }
}

impl Serialize for MeshId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for MeshId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for MeshId {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^[DC][0-9]{6,9}$"))
            .description(Some(
                "A MeSH descriptor or supplementary concept id (`D006046`, `C000657245`).",
            ))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for MeshId {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mesh_ids_keep_their_padding() {
        for id in ["D006046", "C000657245", "C012345", "D000544"] {
            let m: MeshId = id.parse().unwrap();
            assert_eq!(m.to_string(), id);
            assert_eq!(serde_json::to_string(&m).unwrap(), format!("\"{id}\""));
        }
        assert_eq!(
            "MESH:D006046".parse::<MeshId>().unwrap().to_string(),
            "D006046"
        );
        for bad in [
            "",
            "D",
            "X006046",
            "D06046",
            "D0060460000",
            "D00604a",
            "DOID:1612",
        ] {
            assert!(bad.parse::<MeshId>().is_err(), "{bad}");
        }
    }
}
