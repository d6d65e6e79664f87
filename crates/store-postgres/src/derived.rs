//! Being ported from the SQLite backend.
#![allow(unused)]

use std::collections::{BTreeSet, HashMap};
use locus_model::{FactTable, GeneId, ImportId, RegulationRow, TaxId, TfTargetEdge};
use crate::sql::RowExt;
use crate::Result;

use crate::db::Db;

/// Which source tables an import wrote to or deleted from.
#[derive(Debug, Default, Clone)]
pub struct Changed {
    /// `gene` rows.
    pub genes: bool,
    /// `gene_pubmed` or `generif` rows.
    pub literature: bool,
    /// UniProt accessions (`gene_xref`, `protein_gene`, or regulation rows
    /// that name them).
    pub proteins: bool,
    /// The (TF, target) pairs whose `regulation` rows were written or
    /// deleted; their merged edges are rebuilt.
    pub edge_pairs: BTreeSet<(GeneId, GeneId)>,
}

impl Changed {
    /// Notes that rows of `table` were written or deleted.
    pub fn note(&mut self, table: FactTable) {
        match table {
            FactTable::Gene => self.genes = true,
            FactTable::GenePubmed | FactTable::Generif => self.literature = true,
            FactTable::GeneXref | FactTable::ProteinGene | FactTable::Protein => {
                self.proteins = true
            }
            _ => {}
        }
    }
}


pub(crate) fn check(db: &mut Db<'_>) -> Result<Vec<String>> {
    unimplemented!("being ported")
}

pub(crate) fn rebuild(db: &mut Db<'_>, changed: &Changed) -> Result<()> {
    unimplemented!("being ported")
}

pub(crate) fn delete_import(
    db: &mut Db<'_>,
    old: ImportId,
    by: ImportId,
    changed: &mut Changed,
) -> Result<()> {
    unimplemented!("being ported")
}
