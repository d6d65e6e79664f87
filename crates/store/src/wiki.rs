//! The wiki's part of a store: accounts, sessions, API tokens, articles
//! and their immutable revisions. [`WikiStore`] is what every backend
//! implements; what the operations *mean* (merging, authorship,
//! permissions) lives above, in `locus-kb`.
//!
//! Wiki text is the one thing in a store that cannot be re-imported, so
//! two rules hold in every backend: imports of data files never touch
//! these tables, and a revision, once written, is never changed; an
//! article only ever gains revisions (or, for a page imported from
//! MediaWiki, has its imported history replaced as a whole).

use locus_model::{ArticleId, ArticleSubject, Markup, RevisionId, Role, UserId};
use serde::Serialize;

use crate::Result;

/// An account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    /// Its number.
    pub id: UserId,
    /// The name shown as author; unique ignoring case.
    pub name: String,
    /// What it may do.
    pub role: Role,
    /// Its password as an argon2id PHC string; `None` when it has none
    /// (it can then only use API tokens).
    #[serde(skip)]
    pub password_hash: Option<String>,
    /// Blocked accounts can neither log in nor edit.
    pub blocked: bool,
    /// When it was created (RFC 3339, UTC).
    pub created: String,
}

/// A logged-in browser session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Whose session it is.
    pub account: Account,
    /// The token every form of this session must carry.
    pub csrf: String,
    /// When it ends (Unix seconds).
    pub expires: i64,
}

/// What a new API token is.
#[derive(Debug, Clone, Copy)]
pub struct NewToken<'a> {
    /// The hash of its secret.
    pub token_hash: &'a str,
    /// What its owner calls it.
    pub label: &'a str,
    /// When it was made (RFC 3339).
    pub created: &'a str,
    /// When it stops working (Unix seconds); `None`: never.
    pub expires: Option<i64>,
    /// What it may do.
    pub scope: locus_model::TokenScope,
}

/// An API token (its secret is never stored, only a hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    /// Its number.
    pub id: i64,
    /// The account it acts for.
    pub account: Account,
    /// What its owner called it.
    pub label: String,
    /// When it was made (RFC 3339).
    pub created: String,
    /// When it stops working (Unix seconds); `None`: never.
    pub expires: Option<i64>,
    /// Whether it was revoked.
    pub revoked: bool,
    /// What it may do.
    pub scope: locus_model::TokenScope,
}

/// Who wrote a revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Author {
    /// The name credited: an account's name, or for an imported
    /// revision, the MediaWiki user name or IP address as the source
    /// gives it (imported contributors are not accounts).
    pub name: String,
    /// The account, for revisions made in Locus.
    pub account: Option<UserId>,
}

/// An article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Its number.
    pub id: ArticleId,
    /// What it is about.
    pub subject: ArticleSubject,
    /// Its title when last saved (a gene's symbol, a topic's title).
    pub title: String,
    /// The newest revision.
    pub current: RevisionId,
    /// When the first revision was written.
    pub created: String,
    /// When the newest revision was written.
    pub updated: String,
    /// Protected articles are edited by admins only.
    pub protected: bool,
    /// How many revisions it has.
    pub revisions: u64,
}

/// A revision without its text, for history lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevisionSummary {
    /// Its number.
    pub id: RevisionId,
    /// The revision it was made from (`None` for the first).
    pub parent: Option<RevisionId>,
    /// Who wrote it.
    pub author: Author,
    /// When (RFC 3339, UTC).
    pub timestamp: String,
    /// The edit summary.
    pub comment: String,
    /// Marked as a minor edit.
    pub minor: bool,
    /// The text's length in bytes.
    pub size: u64,
    /// For imported revisions, the revision id in the source wiki.
    pub source_revision: Option<i64>,
}

/// A revision with its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// Everything but the text.
    pub summary: RevisionSummary,
    /// The article it belongs to.
    pub article: ArticleId,
    /// The markup language of `text`.
    pub markup: Markup,
    /// The text as written.
    pub text: String,
}

/// A revision to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRevision {
    /// The revision the author started from; for [`WikiStore::save_revision`]
    /// it must still be the article's newest (`None`: a new article).
    pub parent: Option<RevisionId>,
    /// Who wrote it.
    pub author: Author,
    /// When (RFC 3339, UTC).
    pub timestamp: String,
    /// The edit summary.
    pub comment: String,
    /// Marked as a minor edit.
    pub minor: bool,
    /// The markup of `text`.
    pub markup: Markup,
    /// The text.
    pub text: String,
    /// The revision id in the source wiki, for imported revisions.
    pub source_revision: Option<i64>,
    /// Who wrote each word, encoded by `locus-kb` (opaque here).
    pub authorship: Vec<u8>,
}

/// Revisions to write, one at a time: a history read from a file is
/// written as it is read. `Send`, so a backend may write from a thread
/// of its own.
pub trait RevisionStream: Send {
    /// The next revision, an error that aborts the write, or `None` at
    /// the end.
    fn next_revision(&mut self) -> Option<Result<NewRevision, crate::BoxError>>;
}

impl<I: Iterator<Item = NewRevision> + Send> RevisionStream for I {
    fn next_revision(&mut self) -> Option<Result<NewRevision, crate::BoxError>> {
        self.next().map(Ok)
    }
}

/// What [`WikiStore::save_revision`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveOutcome {
    /// Written as the article's newest revision.
    Saved(RevisionId),
    /// Not written: the article's newest revision is no longer the one
    /// the author started from (or the article exists although the author
    /// started a new one). The caller merges and tries again.
    Stale {
        /// The article's newest revision now.
        current: Option<RevisionId>,
    },
}

/// One line of the recent changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecentChange {
    /// The revision.
    pub revision: RevisionSummary,
    /// Its article's subject.
    pub subject: ArticleSubject,
    /// Its article's title.
    pub title: String,
}

/// An article that matched a text search.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleHit {
    /// The article.
    pub subject: ArticleSubject,
    /// Its title.
    pub title: String,
    /// A fragment of the text around the match, with the matched words
    /// between `\u{2}` and `\u{3}` (the caller escapes, then marks them).
    pub snippet: String,
}

/// The wiki's storage, implemented by every backend.
pub trait WikiStore: Send + Sync {
    /// Changes whenever any wiki write commits; page caches key on it.
    fn wiki_generation(&self) -> Result<i64>;

    /// Creates an account; `None` when the name is taken (ignoring case).
    fn create_account(
        &self,
        name: &str,
        role: Role,
        password_hash: Option<&str>,
        created: &str,
    ) -> Result<Option<UserId>>;
    /// The account of a name, ignoring case.
    fn account_by_name(&self, name: &str) -> Result<Option<Account>>;
    /// Every account, by name.
    fn accounts(&self) -> Result<Vec<Account>>;
    /// Changes what is given of an account; false when there is none.
    fn update_account(
        &self,
        id: UserId,
        role: Option<Role>,
        blocked: Option<bool>,
        password_hash: Option<&str>,
    ) -> Result<bool>;

    /// Records a session under the hash of its cookie value.
    fn create_session(
        &self,
        token_hash: &str,
        account: UserId,
        csrf: &str,
        expires: i64,
    ) -> Result<()>;
    /// The unexpired session of a cookie hash, with its account.
    fn session(&self, token_hash: &str, now: i64) -> Result<Option<Session>>;
    /// Ends a session (logout), and every expired one.
    fn delete_session(&self, token_hash: &str, now: i64) -> Result<()>;

    /// Records an API token under the hash of its secret; returns its id.
    fn create_api_token(&self, account: UserId, token: &NewToken<'_>) -> Result<i64>;
    /// The token of a secret's hash, if it is neither revoked nor expired.
    fn api_token(&self, token_hash: &str, now: i64) -> Result<Option<ApiToken>>;
    /// An account's tokens, newest first.
    fn api_tokens(&self, account: UserId) -> Result<Vec<ApiToken>>;
    /// Revokes an account's tokens: the one with `id`, or all; returns
    /// how many were live.
    fn revoke_api_tokens(&self, account: UserId, id: Option<i64>) -> Result<u64>;

    /// The article about `subject`.
    fn article(&self, subject: &ArticleSubject) -> Result<Option<Article>>;
    /// Every article, by kind and key.
    fn articles(&self) -> Result<Vec<Article>>;
    /// One revision with its text.
    fn revision(&self, id: RevisionId) -> Result<Option<Revision>>;
    /// An article's revisions, newest first, `limit` from `offset`.
    fn revisions(
        &self,
        article: ArticleId,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<RevisionSummary>>;
    /// An article's revisions with their texts, oldest first.
    fn history(&self, article: ArticleId) -> Result<Vec<Revision>>;
    /// The encoded authorship stored with a revision.
    fn authorship(&self, revision: RevisionId) -> Result<Option<Vec<u8>>>;

    /// Writes `revision` as the newest of the article about `subject`
    /// (creating the article), if `revision.parent` is still its newest;
    /// otherwise writes nothing and says [`SaveOutcome::Stale`].
    fn save_revision(
        &self,
        subject: &ArticleSubject,
        title: &str,
        revision: &NewRevision,
    ) -> Result<SaveOutcome>;
    /// Replaces the whole history of the article about `subject` with the
    /// revisions `stream` yields (oldest first; their `parent`s are ignored
    /// and chained), in one transaction: if the stream fails or yields
    /// nothing, the store is left as it was. For imports of a MediaWiki
    /// page, whose history may be far larger than memory.
    fn replace_history(
        &self,
        subject: &ArticleSubject,
        title: &str,
        stream: &mut dyn RevisionStream,
    ) -> Result<ArticleId>;
    /// Protects or unprotects an article; false when there is none.
    fn set_protected(&self, article: ArticleId, protected: bool) -> Result<bool>;
    /// The newest revisions across the wiki, newest first.
    fn recent_changes(&self, limit: u64) -> Result<Vec<RecentChange>>;
    /// Articles whose current text or title matches the words of `query`,
    /// best first.
    fn search_articles(&self, query: &str, limit: u64) -> Result<Vec<ArticleHit>>;
}
