//! Being written.
#![allow(unused)]
use std::collections::BTreeMap;
use locus_model::{FactTable, ImportId, ImportRecord, TaxId};
use locus_store::resolve::GeneLookup;
use locus_store::{Candidate, ImportMeta, ImportTx, Lookup, ResolvedFact, UnresolvedRow};
use crate::db::Conn;
use crate::Result;

pub struct PgImport {
    conn: Conn,
}

impl PgImport {
    pub fn begin(conn: Conn) -> Result<Self> {
        unimplemented!("being written")
    }
}

impl GeneLookup for PgImport {
    fn candidates(&mut self, lookup: Lookup<'_>, tax_id: TaxId) -> locus_store::Result<Vec<Candidate>> {
        unimplemented!()
    }
    fn has_organism(&mut self, tax_id: TaxId) -> locus_store::Result<bool> {
        unimplemented!()
    }
}

impl ImportTx for PgImport {
    fn start(&mut self, meta: &ImportMeta, started_at: &str) -> locus_store::Result<ImportId> { unimplemented!() }
    fn live_imports(&mut self, dataset: &str) -> locus_store::Result<Vec<ImportId>> { unimplemented!() }
    fn replace(&mut self, old: ImportId, by: ImportId) -> locus_store::Result<()> { unimplemented!() }
    fn write(&mut self, fact: ResolvedFact) -> locus_store::Result<()> { unimplemented!() }
    fn write_unresolved(&mut self, row: &UnresolvedRow) -> locus_store::Result<()> { unimplemented!() }
    fn flush(&mut self) -> locus_store::Result<BTreeMap<FactTable, u64>> { unimplemented!() }
    fn rebuild_derived(&mut self) -> locus_store::Result<()> { unimplemented!() }
    fn finish(&mut self, record: &ImportRecord) -> locus_store::Result<()> { unimplemented!() }
    fn commit(self: Box<Self>) -> locus_store::Result<()> { unimplemented!() }
}
