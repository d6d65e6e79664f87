//! The wiki tables: accounts, sessions, API tokens, articles, revisions
//! and the article search index (FTS5).
//!
//! Reads run on pooled read connections like every other query. Writes
//! run on the store's one wiki writer connection, each in a `BEGIN
//! IMMEDIATE` transaction that also bumps `meta.wiki_generation`, so a
//! page cache sees every change. A save checks the article's newest
//! revision inside that transaction: two editors saving at once cannot
//! both build on the same revision.

use locus_model::{ArticleId, ArticleSubject, Markup, RevisionId, Role, TokenScope, UserId};
use locus_store::wiki::{
    Account, ApiToken, Article, ArticleHit, Author, NewRevision, NewToken, RecentChange, Revision,
    RevisionStream, RevisionSummary, SaveOutcome, Session,
};
use locus_store::StoreError;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction, TransactionBehavior};

use crate::sql::{corrupt, sql_limit};
use crate::Result;

const ACCOUNT_COLUMNS: &str = "a.id, a.name, a.role, a.password_hash, a.blocked, a.created";

fn account_row(r: &Row<'_>, at: usize) -> Result<Account> {
    let role: String = r.get(at + 2)?;
    Ok(Account {
        id: UserId(r.get(at)?),
        name: r.get(at + 1)?,
        role: Role::parse(&role).ok_or_else(|| corrupt("account", "role", role.clone()))?,
        password_hash: r.get(at + 3)?,
        blocked: r.get(at + 4)?,
        created: r.get(at + 5)?,
    })
}

pub(crate) fn wiki_generation(c: &Connection) -> Result<i64> {
    Ok(c.query_row(
        "SELECT value FROM meta WHERE key = 'wiki_generation'",
        [],
        |r| r.get(0),
    )?)
}

/// Runs `f` in an immediate transaction that bumps the wiki generation
/// when `f` reports a change.
pub(crate) fn write<T>(
    conn: &mut Connection,
    f: impl FnOnce(&Transaction<'_>) -> Result<(T, bool)>,
) -> Result<T> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (out, changed) = f(&tx)?;
    if changed {
        tx.execute(
            "UPDATE meta SET value = value + 1 WHERE key = 'wiki_generation'",
            [],
        )?;
    }
    tx.commit()?;
    Ok(out)
}

pub(crate) fn create_account(
    tx: &Transaction<'_>,
    name: &str,
    role: Role,
    password_hash: Option<&str>,
    created: &str,
) -> Result<(Option<UserId>, bool)> {
    let n = tx.execute(
        "INSERT INTO account (name, role, password_hash, created) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (name) DO NOTHING",
        params![name, role.as_str(), password_hash, created],
    )?;
    if n == 0 {
        return Ok((None, false));
    }
    Ok((Some(UserId(tx.last_insert_rowid())), true))
}

pub(crate) fn account_by_name(c: &Connection, name: &str) -> Result<Option<Account>> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM account a WHERE a.name = ?1");
    let mut stmt = c.prepare_cached(&sql)?;
    let mut rows = stmt.query([name])?;
    match rows.next()? {
        Some(r) => Ok(Some(account_row(r, 0)?)),
        None => Ok(None),
    }
}

pub(crate) fn accounts(c: &Connection) -> Result<Vec<Account>> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM account a ORDER BY a.name");
    let mut stmt = c.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(account_row(r, 0)?);
    }
    Ok(out)
}

pub(crate) fn update_account(
    tx: &Transaction<'_>,
    id: UserId,
    role: Option<Role>,
    blocked: Option<bool>,
    password_hash: Option<&str>,
) -> Result<(bool, bool)> {
    let n = tx.execute(
        "UPDATE account SET role = coalesce(?2, role), blocked = coalesce(?3, blocked),
                password_hash = coalesce(?4, password_hash)
         WHERE id = ?1",
        params![id.0, role.map(Role::as_str), blocked, password_hash],
    )?;
    if blocked == Some(true) {
        // A blocked account's sessions end now.
        tx.execute("DELETE FROM session WHERE account_id = ?1", [id.0])?;
    }
    Ok((n > 0, n > 0))
}

pub(crate) fn create_session(
    tx: &Transaction<'_>,
    token_hash: &str,
    account: UserId,
    csrf: &str,
    expires: i64,
) -> Result<((), bool)> {
    tx.execute(
        "INSERT INTO session (token_hash, account_id, csrf, expires) VALUES (?1, ?2, ?3, ?4)",
        params![token_hash, account.0, csrf, expires],
    )?;
    Ok(((), false))
}

pub(crate) fn session(c: &Connection, token_hash: &str, now: i64) -> Result<Option<Session>> {
    let sql = format!(
        "SELECT s.csrf, s.expires, {ACCOUNT_COLUMNS} FROM session s
         JOIN account a ON a.id = s.account_id
         WHERE s.token_hash = ?1 AND s.expires > ?2 AND a.blocked = 0"
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![token_hash, now])?;
    match rows.next()? {
        Some(r) => Ok(Some(Session {
            csrf: r.get(0)?,
            expires: r.get(1)?,
            account: account_row(r, 2)?,
        })),
        None => Ok(None),
    }
}

pub(crate) fn delete_session(
    tx: &Transaction<'_>,
    token_hash: &str,
    now: i64,
) -> Result<((), bool)> {
    tx.execute(
        "DELETE FROM session WHERE token_hash = ?1 OR expires <= ?2",
        params![token_hash, now],
    )?;
    Ok(((), false))
}

pub(crate) fn create_api_token(
    tx: &Transaction<'_>,
    account: UserId,
    t: &NewToken<'_>,
) -> Result<(i64, bool)> {
    tx.execute(
        "INSERT INTO api_token (account_id, token_hash, label, created, expires, scope)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            account.0,
            t.token_hash,
            t.label,
            t.created,
            t.expires,
            t.scope.as_str()
        ],
    )?;
    Ok((tx.last_insert_rowid(), false))
}

fn token_row(r: &Row<'_>) -> Result<ApiToken> {
    let scope: String = r.get(5)?;
    Ok(ApiToken {
        id: r.get(0)?,
        label: r.get(1)?,
        created: r.get(2)?,
        expires: r.get(3)?,
        revoked: r.get(4)?,
        scope: TokenScope::parse(&scope).ok_or_else(|| corrupt("api_token", "scope", scope))?,
        account: account_row(r, 6)?,
    })
}

pub(crate) fn api_token(c: &Connection, token_hash: &str, now: i64) -> Result<Option<ApiToken>> {
    let sql = format!(
        "SELECT t.id, t.label, t.created, t.expires, t.revoked, t.scope, {ACCOUNT_COLUMNS}
         FROM api_token t JOIN account a ON a.id = t.account_id
         WHERE t.token_hash = ?1 AND t.revoked = 0 AND (t.expires IS NULL OR t.expires > ?2)
           AND a.blocked = 0"
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![token_hash, now])?;
    match rows.next()? {
        Some(r) => Ok(Some(token_row(r)?)),
        None => Ok(None),
    }
}

pub(crate) fn api_tokens(c: &Connection, account: UserId) -> Result<Vec<ApiToken>> {
    let sql = format!(
        "SELECT t.id, t.label, t.created, t.expires, t.revoked, t.scope, {ACCOUNT_COLUMNS}
         FROM api_token t JOIN account a ON a.id = t.account_id
         WHERE t.account_id = ?1 ORDER BY t.id DESC"
    );
    let mut stmt = c.prepare(&sql)?;
    let mut rows = stmt.query([account.0])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(token_row(r)?);
    }
    Ok(out)
}

pub(crate) fn revoke_api_tokens(
    tx: &Transaction<'_>,
    account: UserId,
    id: Option<i64>,
) -> Result<(u64, bool)> {
    let n = tx.execute(
        "UPDATE api_token SET revoked = 1
         WHERE account_id = ?1 AND revoked = 0 AND (?2 IS NULL OR id = ?2)",
        params![account.0, id],
    )?;
    Ok((n as u64, false))
}

const ARTICLE_COLUMNS: &str = "ar.id, ar.kind, ar.key, ar.title, ar.current_revision, ar.created,
    ar.updated, ar.protected, (SELECT count(*) FROM revision WHERE article_id = ar.id)";

fn article_row(r: &Row<'_>) -> Result<Article> {
    let kind: String = r.get(1)?;
    let key: String = r.get(2)?;
    Ok(Article {
        id: ArticleId(r.get(0)?),
        subject: ArticleSubject::from_parts(&kind, &key)
            .ok_or_else(|| corrupt("article", "key", format!("{kind}:{key}")))?,
        title: r.get(3)?,
        current: RevisionId(r.get(4)?),
        created: r.get(5)?,
        updated: r.get(6)?,
        protected: r.get(7)?,
        revisions: r.get(8)?,
    })
}

pub(crate) fn article(c: &Connection, subject: &ArticleSubject) -> Result<Option<Article>> {
    let sql =
        format!("SELECT {ARTICLE_COLUMNS} FROM article ar WHERE ar.kind = ?1 AND ar.key = ?2");
    let mut stmt = c.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![subject.kind_str(), subject.key()])?;
    match rows.next()? {
        Some(r) => Ok(Some(article_row(r)?)),
        None => Ok(None),
    }
}

pub(crate) fn articles(c: &Connection) -> Result<Vec<Article>> {
    let sql = format!("SELECT {ARTICLE_COLUMNS} FROM article ar ORDER BY ar.kind, ar.key");
    let mut stmt = c.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(article_row(r)?);
    }
    Ok(out)
}

const SUMMARY_COLUMNS: &str = "r.id, r.parent, r.author_name, r.account_id, r.timestamp,
    r.comment, r.minor, r.size, r.source_revision";

fn summary_row(r: &Row<'_>) -> Result<RevisionSummary> {
    Ok(RevisionSummary {
        id: RevisionId(r.get(0)?),
        parent: r.get::<_, Option<i64>>(1)?.map(RevisionId),
        author: Author {
            name: r.get(2)?,
            account: r.get::<_, Option<i64>>(3)?.map(UserId),
        },
        timestamp: r.get(4)?,
        comment: r.get(5)?,
        minor: r.get(6)?,
        size: r.get(7)?,
        source_revision: r.get(8)?,
    })
}

fn revision_row(r: &Row<'_>) -> Result<Revision> {
    let markup: String = r.get(10)?;
    Ok(Revision {
        summary: summary_row(r)?,
        article: ArticleId(r.get(9)?),
        markup: Markup::parse(&markup)
            .ok_or_else(|| corrupt("revision", "markup", markup.clone()))?,
        text: r.get(11)?,
    })
}

pub(crate) fn revision(c: &Connection, id: RevisionId) -> Result<Option<Revision>> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, r.article_id, r.markup, r.text FROM revision r WHERE r.id = ?1"
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let mut rows = stmt.query([id.0])?;
    match rows.next()? {
        Some(r) => Ok(Some(revision_row(r)?)),
        None => Ok(None),
    }
}

pub(crate) fn revisions(
    c: &Connection,
    article: ArticleId,
    offset: u64,
    limit: u64,
) -> Result<Vec<RevisionSummary>> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM revision r WHERE r.article_id = ?1
         ORDER BY r.id DESC LIMIT ?2 OFFSET ?3"
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![article.0, sql_limit(limit), sql_limit(offset)])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(summary_row(r)?);
    }
    Ok(out)
}

pub(crate) fn history(c: &Connection, article: ArticleId) -> Result<Vec<Revision>> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, r.article_id, r.markup, r.text FROM revision r
         WHERE r.article_id = ?1 ORDER BY r.id"
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let mut rows = stmt.query([article.0])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(revision_row(r)?);
    }
    Ok(out)
}

pub(crate) fn authorship(c: &Connection, id: RevisionId) -> Result<Option<Vec<u8>>> {
    Ok(
        c.prepare_cached("SELECT authorship FROM revision WHERE id = ?1")?
            .query_row([id.0], |r| r.get(0))
            .optional()?,
    )
}

fn insert_revision(
    tx: &Transaction<'_>,
    article: ArticleId,
    parent: Option<RevisionId>,
    rev: &NewRevision,
) -> Result<RevisionId> {
    tx.prepare_cached(
        "INSERT INTO revision (article_id, parent, author_name, account_id, timestamp, comment,
                               minor, markup, text, size, source_revision, authorship)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        article.0,
        parent.map(|p| p.0),
        rev.author.name,
        rev.author.account.map(|a| a.0),
        rev.timestamp,
        rev.comment,
        rev.minor,
        rev.markup.as_str(),
        rev.text,
        rev.text.len() as i64,
        rev.source_revision,
        rev.authorship,
    ])?;
    Ok(RevisionId(tx.last_insert_rowid()))
}

/// Points the article at its newest revision and reindexes its text.
fn set_current(
    tx: &Transaction<'_>,
    article: ArticleId,
    title: &str,
    current: RevisionId,
    rev: &NewRevision,
) -> Result<()> {
    tx.execute(
        "UPDATE article SET current_revision = ?2, updated = ?3, title = ?4 WHERE id = ?1",
        params![article.0, current.0, rev.timestamp, title],
    )?;
    tx.execute("DELETE FROM article_search WHERE rowid = ?1", [article.0])?;
    tx.execute(
        "INSERT INTO article_search (rowid, title, body) VALUES (?1, ?2, ?3)",
        params![article.0, title, rev.text],
    )?;
    Ok(())
}

fn create_article(
    tx: &Transaction<'_>,
    subject: &ArticleSubject,
    title: &str,
    created: &str,
) -> Result<ArticleId> {
    tx.execute(
        "INSERT INTO article (kind, key, title, current_revision, created, updated)
         VALUES (?1, ?2, ?3, 0, ?4, ?4)",
        params![subject.kind_str(), subject.key(), title, created],
    )?;
    Ok(ArticleId(tx.last_insert_rowid()))
}

pub(crate) fn save_revision(
    tx: &Transaction<'_>,
    subject: &ArticleSubject,
    title: &str,
    rev: &NewRevision,
) -> Result<(SaveOutcome, bool)> {
    let existing: Option<(i64, i64)> = tx
        .query_row(
            "SELECT id, current_revision FROM article WHERE kind = ?1 AND key = ?2",
            params![subject.kind_str(), subject.key()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let current = existing.map(|(_, c)| RevisionId(c));
    if current != rev.parent {
        return Ok((SaveOutcome::Stale { current }, false));
    }
    let article = match existing {
        Some((id, _)) => ArticleId(id),
        None => create_article(tx, subject, title, &rev.timestamp)?,
    };
    let id = insert_revision(tx, article, rev.parent, rev)?;
    set_current(tx, article, title, id, rev)?;
    Ok((SaveOutcome::Saved(id), true))
}

pub(crate) fn replace_history(
    tx: &Transaction<'_>,
    subject: &ArticleSubject,
    title: &str,
    stream: &mut dyn RevisionStream,
) -> Result<(ArticleId, bool)> {
    let existing: Option<i64> = tx
        .query_row(
            "SELECT id FROM article WHERE kind = ?1 AND key = ?2",
            params![subject.kind_str(), subject.key()],
            |r| r.get(0),
        )
        .optional()?;
    let mut article = existing.map(ArticleId);
    if let Some(id) = article {
        tx.execute("DELETE FROM revision WHERE article_id = ?1", [id.0])?;
    }
    let mut last: Option<(RevisionId, NewRevision)> = None;
    let mut first = true;
    while let Some(rev) = stream.next_revision() {
        let rev = rev.map_err(StoreError::Source)?;
        let id = match article {
            Some(id) => {
                if first {
                    tx.execute(
                        "UPDATE article SET created = ?2 WHERE id = ?1",
                        params![id.0, rev.timestamp],
                    )?;
                }
                id
            }
            None => {
                let id = create_article(tx, subject, title, &rev.timestamp)?;
                article = Some(id);
                id
            }
        };
        first = false;
        let parent = last.as_ref().map(|(p, _)| *p);
        let rid = insert_revision(tx, id, parent, &rev)?;
        last = Some((rid, rev));
    }
    match (article, last) {
        (Some(id), Some((current, rev))) => {
            set_current(tx, id, title, current, &rev)?;
            Ok((id, true))
        }
        _ => Err(StoreError::Unsupported(
            "the history to import has no revisions; nothing was imported".into(),
        )
        .into()),
    }
}

pub(crate) fn set_protected(
    tx: &Transaction<'_>,
    article: ArticleId,
    protected: bool,
) -> Result<(bool, bool)> {
    let n = tx.execute(
        "UPDATE article SET protected = ?2 WHERE id = ?1",
        params![article.0, protected],
    )?;
    Ok((n > 0, n > 0))
}

pub(crate) fn recent_changes(c: &Connection, limit: u64) -> Result<Vec<RecentChange>> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, ar.kind, ar.key, ar.title FROM revision r
         JOIN article ar ON ar.id = r.article_id
         ORDER BY r.id DESC LIMIT ?1"
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let mut rows = stmt.query([sql_limit(limit)])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let kind: String = r.get(9)?;
        let key: String = r.get(10)?;
        out.push(RecentChange {
            revision: summary_row(r)?,
            subject: ArticleSubject::from_parts(&kind, &key)
                .ok_or_else(|| corrupt("article", "key", format!("{kind}:{key}")))?,
            title: r.get(11)?,
        });
    }
    Ok(out)
}

pub(crate) fn search_articles(c: &Connection, query: &str, limit: u64) -> Result<Vec<ArticleHit>> {
    let Some(q) = crate::sql::fts_query(query) else {
        return Ok(Vec::new());
    };
    let mut stmt = c.prepare_cached(
        "SELECT ar.kind, ar.key, ar.title,
                snippet(article_search, 1, char(2), char(3), '…', 24)
         FROM article_search JOIN article ar ON ar.id = article_search.rowid
         WHERE article_search MATCH ?1 ORDER BY bm25(article_search, 5.0, 1.0) LIMIT ?2",
    )?;
    let mut rows = stmt.query(params![q, sql_limit(limit)])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let kind: String = r.get(0)?;
        let key: String = r.get(1)?;
        out.push(ArticleHit {
            subject: ArticleSubject::from_parts(&kind, &key)
                .ok_or_else(|| corrupt("article", "key", format!("{kind}:{key}")))?,
            title: r.get(2)?,
            snippet: r.get(3)?,
        });
    }
    Ok(out)
}
