//! Being ported from the SQLite backend.
#![allow(unused)]

use std::collections::HashMap;
use locus_model::{EntityRef, GeneId, Pmid, TaxId};
use locus_store::{
    CoMentionTexts, CoMentioned, GeneText, GeneTextSource, GeneTexts, LocusTags, TaggedText,
    TaggingRun, TextMention, TextToTag,
};
use crate::Result;

use crate::db::Db;

pub(crate) fn start(
    db: &mut Db<'_>,
    tagger: &str,
    vocabulary: &str,
    retag: bool,
) -> Result<TaggingRun> {
    unimplemented!("being ported")
}

pub(crate) fn untagged(db: &mut Db<'_>, limit: u64) -> Result<Vec<TextToTag>> {
    unimplemented!("being ported")
}

pub(crate) fn save(db: &mut Db<'_>, run: i64, texts: &[TaggedText]) -> Result<()> {
    unimplemented!("being ported")
}

pub(crate) fn publication_tags(db: &mut Db<'_>, pmid: Pmid) -> Result<Option<LocusTags>> {
    unimplemented!("being ported")
}

pub(crate) fn gene_texts(db: &mut Db<'_>, gene_id: GeneId, limit: u64) -> Result<GeneTexts> {
    unimplemented!("being ported")
}

pub(crate) fn text_mined(db: &mut Db<'_>, gene_id: GeneId) -> Result<(u64, f64)> {
    unimplemented!("being ported")
}

pub(crate) fn co_mention_texts(
    db: &mut Db<'_>,
    gene: GeneId,
    other: EntityRef,
    limit: u64,
) -> Result<CoMentionTexts> {
    unimplemented!("being ported")
}

pub(crate) fn chemical_names(db: &mut Db<'_>) -> Result<Vec<(locus_model::MeshId, String)>> {
    unimplemented!("being ported")
}
