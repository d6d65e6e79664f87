//! Chemicals: what Locus knows of a chemical is what its texts say. The
//! tagger names chemicals by MeSH id; [`ChemicalNames`] gives each the
//! spelling texts use most (per store generation), and
//! [`ChemicalDocument`] is a chemical's page: its genes, the texts naming
//! both, and the link to MeSH.

use std::collections::HashMap;
use std::sync::Arc;

use locus_model::{EntityRef, KgEdgeKind, MeshId};
use serde::Serialize;

use crate::graph::{EdgeSelection, NeighborEntry};
use crate::{KnowledgeBase, Result};

/// Every tagged chemical's name.
#[derive(Debug, Default)]
pub struct ChemicalNames {
    names: HashMap<MeshId, String>,
    /// Lower-cased names, sorted, for exact and prefix search.
    sorted: Vec<(String, MeshId)>,
}

/// How a chemical matched a search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChemicalMatch {
    /// The query is its MeSH id.
    Identifier,
    /// The query is its name.
    Name,
    /// The query starts its name.
    NamePrefix,
}

/// Shortest query a chemical name is completed from: one or two letters
/// start hundreds of names and say nothing.
const MIN_PREFIX: usize = 3;

impl ChemicalNames {
    /// The names from the store's tags.
    pub fn build(rows: Vec<(MeshId, String)>) -> Self {
        let mut sorted: Vec<(String, MeshId)> =
            rows.iter().map(|(m, n)| (n.to_lowercase(), *m)).collect();
        sorted.sort();
        ChemicalNames {
            names: rows.into_iter().collect(),
            sorted,
        }
    }

    /// The chemical's name, if a text named it.
    pub fn name(&self, id: MeshId) -> Option<&str> {
        self.names.get(&id).map(String::as_str)
    }

    /// Chemicals whose MeSH id is `query`, whose name it is, or whose
    /// name it starts (three characters or more), in that order, at most
    /// `limit`.
    pub fn search(&self, query: &str, limit: usize) -> Vec<(MeshId, ChemicalMatch)> {
        let q = query.trim();
        let mut out = Vec::new();
        if let Ok(id) = q.parse::<MeshId>() {
            if self.names.contains_key(&id) {
                out.push((id, ChemicalMatch::Identifier));
            }
        }
        let lower = q.to_lowercase();
        let from = self
            .sorted
            .partition_point(|(n, _)| n.as_str() < lower.as_str());
        for (name, id) in &self.sorted[from..] {
            if out.len() >= limit || !name.starts_with(&lower) {
                break;
            }
            if *name == lower {
                out.push((*id, ChemicalMatch::Name));
            } else if lower.chars().count() >= MIN_PREFIX {
                out.push((*id, ChemicalMatch::NamePrefix));
            }
        }
        out.truncate(limit);
        out
    }
}

/// A chemical's page: its name as texts write it and the genes they name
/// with it.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChemicalDocument {
    /// The chemical.
    pub entity: EntityRef,
    /// Its MeSH id.
    pub mesh: MeshId,
    /// The spelling texts use most.
    pub name: String,
    /// Genes named with it in a sentence, most texts first.
    pub genes: Vec<NeighborEntry>,
    /// How many genes in all.
    pub total_genes: usize,
}

/// Genes a chemical page lists.
pub const CHEMICAL_GENES: usize = 500;

impl KnowledgeBase {
    /// The chemical names of the current generation.
    pub fn chemical_names(self: &Arc<Self>) -> Result<Arc<ChemicalNames>> {
        let generation = self.generation();
        self.chemicals.get(
            self,
            generation,
            |kb| &kb.chemicals,
            |store| Ok(ChemicalNames::build(store.chemical_names()?)),
        )
    }

    /// The page of `mesh`, or `None` when no tagged text names it.
    pub fn chemical(self: &Arc<Self>, mesh: MeshId) -> Result<Option<ChemicalDocument>> {
        let names = self.chemical_names()?;
        let Some(name) = names.name(mesh) else {
            return Ok(None);
        };
        let entity = EntityRef::Chemical(mesh);
        let selection = EdgeSelection {
            kinds: vec![KgEdgeKind::ChemicalCoMention],
            ..EdgeSelection::default()
        };
        let list = self.neighbors(entity, &selection, CHEMICAL_GENES)?;
        Ok(Some(ChemicalDocument {
            entity,
            mesh,
            name: name.to_string(),
            total_genes: list.total,
            genes: list.neighbors,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chemicals_are_found_by_id_name_and_prefix() {
        let names = ChemicalNames::build(vec![
            ("D006046".parse().unwrap(), "gold".into()),
            ("D019207".parse().unwrap(), "beta-Carotene".into()),
        ]);
        let gold: MeshId = "D006046".parse().unwrap();
        assert_eq!(
            names.search("D006046", 10),
            [(gold, ChemicalMatch::Identifier)]
        );
        assert_eq!(names.search("Gold", 10), [(gold, ChemicalMatch::Name)]);
        assert_eq!(names.search("beta-car", 10).len(), 1);
        assert!(
            names.search("go", 10).is_empty(),
            "two letters complete nothing"
        );
        assert!(names.search("silver", 10).is_empty());
    }
}
