//! Being ported from the SQLite backend.
#![allow(unused)]

use std::collections::{BTreeMap, HashMap};
use locus_model::{GeneId, GeneSummary, ImportId, Pmid, SourceKind, TermId, TermKind};
use locus_store::{
    DiseasePhenotypePage, DiseasePhenotypeRow, GeneDiseaseRow, GenePhenotypePage, GenePhenotypeRow,
    GoTermGenePage, GoTermGeneRow, TaggerTerm, TermDetail, TermLink, TermSearchEntry,
};
use crate::Result;

use crate::db::Db;

pub(crate) fn term_name(db: &mut Db<'_>, id: &str) -> Result<Option<String>> {
    unimplemented!("being ported")
}

pub(crate) fn term(db: &mut Db<'_>, id: TermId) -> Result<Option<TermDetail>> {
    unimplemented!("being ported")
}

pub(crate) fn gene_diseases(db: &mut Db<'_>, gene_id: GeneId) -> Result<Vec<GeneDiseaseRow>> {
    unimplemented!("being ported")
}

pub(crate) fn disease_genes(db: &mut Db<'_>, id: TermId) -> Result<Vec<GeneDiseaseRow>> {
    unimplemented!("being ported")
}

pub(crate) fn gene_phenotypes(db: &mut Db<'_>, gene_id: GeneId) -> Result<Vec<GenePhenotypeRow>> {
    unimplemented!("being ported")
}

pub(crate) fn phenotype_genes(db: &mut Db<'_>, id: TermId, limit: u64) -> Result<GenePhenotypePage> {
    unimplemented!("being ported")
}

pub(crate) fn disease_phenotypes(db: &mut Db<'_>, id: TermId, limit: u64) -> Result<DiseasePhenotypePage> {
    unimplemented!("being ported")
}

pub(crate) fn go_term_genes(db: &mut Db<'_>, id: TermId, limit: u64) -> Result<GoTermGenePage> {
    unimplemented!("being ported")
}

pub(crate) fn full_text(
    db: &mut Db<'_>,
    query: &str,
    kind: Option<locus_store::TextKind>,
    limit: u64,
) -> Result<Vec<locus_store::TextHit>> {
    unimplemented!("being ported")
}

pub(crate) fn terms_citing(db: &mut Db<'_>, id: TermId) -> Result<Vec<TermId>> {
    unimplemented!("being ported")
}

pub(crate) fn tagger_terms(db: &mut Db<'_>) -> Result<Vec<TaggerTerm>> {
    unimplemented!("being ported")
}

pub(crate) fn term_search_entries(db: &mut Db<'_>) -> Result<Vec<TermSearchEntry>> {
    unimplemented!("being ported")
}
