//! Being ported from the SQLite backend.
#![allow(unused)]

use locus_model::{
    ConsensusMode, EntityRef, GeneId, ImportId, KgEdge, KgEdgeKind, RegulationRow, SourceKind,
    StringScores, TaxId, TermId, TfTargetEdge,
};
use locus_store::{
    BindingSitePage, BindingSiteRow, EdgeFilter, InteractionPage, InteractionRow, KgCounts,
    NetworkEdge, OrthologRow, Partner, RegulationEdgeRow, RegulationPage, RegulationSide, Role,
    UnresolvedReason, UnresolvedRow,
};
use crate::Result;

use crate::db::Db;

pub(crate) fn regulation(
    db: &mut Db<'_>,
    gene_id: GeneId,
    side: RegulationSide,
    filter: &EdgeFilter,
    offset: u64,
    limit: u64,
) -> Result<RegulationPage> {
    unimplemented!("being ported")
}

pub(crate) fn regulation_evidence(
    db: &mut Db<'_>,
    tf: GeneId,
    target: GeneId,
) -> Result<Vec<RegulationRow>> {
    unimplemented!("being ported")
}

pub(crate) fn orthologs(db: &mut Db<'_>, gene_id: GeneId) -> Result<Vec<OrthologRow>> {
    unimplemented!("being ported")
}

pub(crate) fn interactions(db: &mut Db<'_>, gene_id: GeneId, limit: u64) -> Result<InteractionPage> {
    unimplemented!("being ported")
}

pub(crate) fn binding_sites(
    db: &mut Db<'_>,
    gene_id: GeneId,
    offset: u64,
    limit: u64,
) -> Result<BindingSitePage> {
    unimplemented!("being ported")
}

pub(crate) fn kg_counts(db: &mut Db<'_>, gene_id: GeneId) -> Result<KgCounts> {
    unimplemented!("being ported")
}

pub(crate) fn kg_edges(db: &mut Db<'_>) -> Result<Vec<KgEdge>> {
    unimplemented!("being ported")
}

pub(crate) fn network(db: &mut Db<'_>, tax_id: TaxId) -> Result<Vec<NetworkEdge>> {
    unimplemented!("being ported")
}

pub(crate) fn unresolved(
    db: &mut Db<'_>,
    import_id: ImportId,
    limit: u64,
) -> Result<Option<Vec<UnresolvedRow>>> {
    unimplemented!("being ported")
}

pub(crate) fn interaction_between(db: &mut Db<'_>, a: GeneId, b: GeneId) -> Result<Option<InteractionRow>> {
    unimplemented!("being ported")
}
