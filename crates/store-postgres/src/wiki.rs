//! Being ported from the SQLite backend.
#![allow(unused)]

use locus_model::{ArticleId, ArticleSubject, Markup, RevisionId, Role, UserId};
use locus_store::wiki::{
    Account, ApiToken, Article, ArticleHit, Author, NewRevision, RecentChange, Revision,
    RevisionStream, RevisionSummary, SaveOutcome, Session,
};
use locus_store::StoreError;
use crate::Result;

use crate::db::Db;

pub(crate) fn wiki_generation(db: &mut Db<'_>) -> Result<i64> {
    unimplemented!("being ported")
}


pub(crate) fn create_account(
    db: &mut Db<'_>,
    name: &str,
    role: Role,
    password_hash: Option<&str>,
    created: &str,
) -> Result<(Option<UserId>, bool)> {
    unimplemented!("being ported")
}

pub(crate) fn account_by_name(db: &mut Db<'_>, name: &str) -> Result<Option<Account>> {
    unimplemented!("being ported")
}

pub(crate) fn accounts(db: &mut Db<'_>) -> Result<Vec<Account>> {
    unimplemented!("being ported")
}

pub(crate) fn update_account(
    db: &mut Db<'_>,
    id: UserId,
    role: Option<Role>,
    blocked: Option<bool>,
    password_hash: Option<&str>,
) -> Result<(bool, bool)> {
    unimplemented!("being ported")
}

pub(crate) fn create_session(
    db: &mut Db<'_>,
    token_hash: &str,
    account: UserId,
    csrf: &str,
    expires: i64,
) -> Result<((), bool)> {
    unimplemented!("being ported")
}

pub(crate) fn session(db: &mut Db<'_>, token_hash: &str, now: i64) -> Result<Option<Session>> {
    unimplemented!("being ported")
}

pub(crate) fn delete_session(
    db: &mut Db<'_>,
    token_hash: &str,
    now: i64,
) -> Result<((), bool)> {
    unimplemented!("being ported")
}

pub(crate) fn create_api_token(
    db: &mut Db<'_>,
    account: UserId,
    token_hash: &str,
    label: &str,
    created: &str,
    expires: Option<i64>,
) -> Result<(i64, bool)> {
    unimplemented!("being ported")
}

pub(crate) fn api_token(db: &mut Db<'_>, token_hash: &str, now: i64) -> Result<Option<ApiToken>> {
    unimplemented!("being ported")
}

pub(crate) fn api_tokens(db: &mut Db<'_>, account: UserId) -> Result<Vec<ApiToken>> {
    unimplemented!("being ported")
}

pub(crate) fn revoke_api_tokens(
    db: &mut Db<'_>,
    account: UserId,
    id: Option<i64>,
) -> Result<(u64, bool)> {
    unimplemented!("being ported")
}

pub(crate) fn article(db: &mut Db<'_>, subject: &ArticleSubject) -> Result<Option<Article>> {
    unimplemented!("being ported")
}

pub(crate) fn articles(db: &mut Db<'_>) -> Result<Vec<Article>> {
    unimplemented!("being ported")
}

pub(crate) fn revision(db: &mut Db<'_>, id: RevisionId) -> Result<Option<Revision>> {
    unimplemented!("being ported")
}

pub(crate) fn revisions(
    db: &mut Db<'_>,
    article: ArticleId,
    offset: u64,
    limit: u64,
) -> Result<Vec<RevisionSummary>> {
    unimplemented!("being ported")
}

pub(crate) fn history(db: &mut Db<'_>, article: ArticleId) -> Result<Vec<Revision>> {
    unimplemented!("being ported")
}

pub(crate) fn authorship(db: &mut Db<'_>, id: RevisionId) -> Result<Option<Vec<u8>>> {
    unimplemented!("being ported")
}

pub(crate) fn save_revision(
    db: &mut Db<'_>,
    subject: &ArticleSubject,
    title: &str,
    rev: &NewRevision,
) -> Result<(SaveOutcome, bool)> {
    unimplemented!("being ported")
}

pub(crate) fn replace_history(
    db: &mut Db<'_>,
    subject: &ArticleSubject,
    title: &str,
    stream: &mut dyn RevisionStream,
) -> Result<(ArticleId, bool)> {
    unimplemented!("being ported")
}

pub(crate) fn set_protected(
    db: &mut Db<'_>,
    article: ArticleId,
    protected: bool,
) -> Result<(bool, bool)> {
    unimplemented!("being ported")
}

pub(crate) fn recent_changes(db: &mut Db<'_>, limit: u64) -> Result<Vec<RecentChange>> {
    unimplemented!("being ported")
}

pub(crate) fn search_articles(db: &mut Db<'_>, query: &str, limit: u64) -> Result<Vec<ArticleHit>> {
    unimplemented!("being ported")
}
