//! Being ported from the SQLite backend.
#![allow(unused)]

use std::collections::BTreeMap;
use locus_model::{
    DbXref, FactTable, GeneId, GeneSummary, GoAnnotation, GoAspect, ImportRecord, Pmid,
    ProteinEntry, Publication, SourceKind, TaxId,
};
use locus_store::{
    GeneDetail, GeneRifRow, GeneStats, MatchedBy, PublicationDetail, ReferencePage, ReferenceRow,
    Resolution, SearchEntry, StoreStats,
};
use crate::Result;

use crate::db::Db;

pub(crate) fn resolve(db: &mut Db<'_>, query: &str, tax_id: Option<TaxId>) -> Result<Resolution> {
    unimplemented!("being ported")
}

pub(crate) fn gene(db: &mut Db<'_>, gene_id: GeneId) -> Result<Option<GeneDetail>> {
    unimplemented!("being ported")
}

pub(crate) fn generifs(db: &mut Db<'_>, gene_id: GeneId) -> Result<Vec<GeneRifRow>> {
    unimplemented!("being ported")
}

pub(crate) fn references(
    db: &mut Db<'_>,
    gene_id: GeneId,
    offset: u64,
    limit: u64,
) -> Result<ReferencePage> {
    unimplemented!("being ported")
}

pub(crate) fn go_annotations(db: &mut Db<'_>, gene_id: GeneId) -> Result<Vec<GoAnnotation>> {
    unimplemented!("being ported")
}

pub(crate) fn proteins(db: &mut Db<'_>, gene_id: GeneId) -> Result<Vec<ProteinEntry>> {
    unimplemented!("being ported")
}

pub(crate) fn imports(db: &mut Db<'_>) -> Result<Vec<ImportRecord>> {
    unimplemented!("being ported")
}

pub(crate) fn gene_imports(db: &mut Db<'_>, gene_id: GeneId) -> Result<Vec<ImportRecord>> {
    unimplemented!("being ported")
}

pub(crate) fn stats(db: &mut Db<'_>) -> Result<StoreStats> {
    unimplemented!("being ported")
}

pub(crate) fn gene_designations(db: &mut Db<'_>) -> Result<Vec<(GeneId, String)>> {
    unimplemented!("being ported")
}

pub(crate) fn search_entries(db: &mut Db<'_>) -> Result<Vec<SearchEntry>> {
    unimplemented!("being ported")
}

pub(crate) fn citation(
    db: &mut Db<'_>,
    pmid: Pmid,
) -> Result<Option<(Publication, locus_model::ImportId)>> {
    unimplemented!("being ported")
}

pub(crate) fn publication(db: &mut Db<'_>, pmid: Pmid) -> Result<Option<PublicationDetail>> {
    unimplemented!("being ported")
}

pub(crate) fn expression(db: &mut Db<'_>, gene_id: GeneId) -> Result<Vec<locus_store::ExpressionRow>> {
    unimplemented!("being ported")
}

pub(crate) fn expression_calls(
    db: &mut Db<'_>,
    gene_id: GeneId,
    offset: u64,
    limit: u64,
) -> Result<locus_store::ExpressionCallPage> {
    unimplemented!("being ported")
}

pub(crate) fn pubmed_sources(
    db: &mut Db<'_>,
    gene_id: GeneId,
) -> Result<Vec<locus_store::PubmedSourceCount>> {
    unimplemented!("being ported")
}
