//! Being ported from the SQLite backend.
#![allow(unused)]

use locus_model::TaxId;
use locus_store::{Candidate, Lookup};
use crate::sql::RowExt;
use crate::Result;

use crate::db::Db;

pub(crate) fn candidates(db: &mut Db<'_>, lookup: Lookup<'_>, tax_id: TaxId) -> Result<Vec<Candidate>> {
    unimplemented!("being ported")
}

pub(crate) fn has_organism(db: &mut Db<'_>, tax_id: TaxId) -> Result<bool> {
    unimplemented!("being ported")
}
