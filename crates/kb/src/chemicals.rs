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
}

impl ChemicalNames {
    /// The names from the store's tags.
    pub fn build(rows: Vec<(MeshId, String)>) -> Self {
        ChemicalNames {
            names: rows.into_iter().collect(),
        }
    }

    /// The chemical's name, if a text named it.
    pub fn name(&self, id: MeshId) -> Option<&str> {
        self.names.get(&id).map(String::as_str)
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
