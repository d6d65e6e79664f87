//! The wiki tables: accounts, sessions, API tokens, articles, revisions
//! and the article search index (a generated `tsvector`).
//!
//! Reads run in the read-only snapshot transactions every query uses.
//! Writes run in the short transactions `PgStore::wiki_write` opens: each
//! first takes the wiki's advisory lock, so wiki writes are serialised,
//! and bumps `meta.wiki_generation` when a function here reports a change
//! (`(value, true)`), so a page cache sees every change. A save checks the
//! article's newest revision inside that transaction: two editors saving
//! at once cannot both build on the same revision.

use locus_model::{ArticleId, ArticleSubject, Markup, RevisionId, Role, TokenScope, UserId};
use locus_store::wiki::{
    Account, ApiToken, Article, ArticleHit, Author, NewRevision, NewToken, RecentChange, Revision,
    RevisionStream, RevisionSummary, SaveOutcome, Session,
};
use locus_store::StoreError;
use postgres::Row;

use crate::db::Db;
use crate::sql::{big, corrupt, sql_limit, RowExt};
use crate::Result;

const ACCOUNT_COLUMNS: &str = "a.id, a.name, a.role, a.password_hash, a.blocked, a.created";

fn account_row(r: &Row, at: usize) -> Result<Account> {
    let role: String = r.at(at + 2)?;
    Ok(Account {
        id: UserId(r.at(at)?),
        name: r.at(at + 1)?,
        role: Role::parse(&role).ok_or_else(|| corrupt("account", "role", role.clone()))?,
        password_hash: r.at(at + 3)?,
        blocked: r.at(at + 4)?,
        created: r.at(at + 5)?,
    })
}

/// Creates an account; `None` when the name is taken ignoring case (the
/// unique index on `lower(name)`; writes hold the wiki lock, so nothing
/// races the insert).
pub(crate) fn create_account(
    db: &mut Db<'_>,
    name: &str,
    role: Role,
    password_hash: Option<&str>,
    created: &str,
) -> Result<(Option<UserId>, bool)> {
    let row = db.query_opt(
        "INSERT INTO account (name, role, password_hash, created) VALUES ($1, $2, $3, $4)
         ON CONFLICT ((lower(name))) DO NOTHING
         RETURNING id",
        &[&name, &role.as_str(), &password_hash, &created],
    )?;
    match row {
        None => Ok((None, false)),
        Some(r) => Ok((Some(UserId(r.at(0)?)), true)),
    }
}

/// The account of a name, ignoring case as the unique index does.
pub(crate) fn account_by_name(db: &mut Db<'_>, name: &str) -> Result<Option<Account>> {
    let row = db.query_opt(
        &format!("SELECT {ACCOUNT_COLUMNS} FROM account a WHERE lower(a.name) = lower($1)"),
        &[&name],
    )?;
    row.map(|r| account_row(&r, 0)).transpose()
}

/// Every account, by name ignoring case: SQLite's `NOCASE` order, which
/// folds ASCII letters only, as `lower()` under the "C" collation does.
pub(crate) fn accounts(db: &mut Db<'_>) -> Result<Vec<Account>> {
    db.query(
        &format!(
            "SELECT {ACCOUNT_COLUMNS} FROM account a
             ORDER BY lower(a.name COLLATE \"C\"), a.name COLLATE \"C\""
        ),
        &[],
    )?
    .iter()
    .map(|r| account_row(r, 0))
    .collect()
}

pub(crate) fn update_account(
    db: &mut Db<'_>,
    id: UserId,
    role: Option<Role>,
    blocked: Option<bool>,
    password_hash: Option<&str>,
) -> Result<(bool, bool)> {
    let n = db.execute(
        "UPDATE account SET role = coalesce($2::text, role), blocked = coalesce($3::boolean, blocked),
                password_hash = coalesce($4::text, password_hash)
         WHERE id = $1",
        &[&id.0, &role.map(Role::as_str), &blocked, &password_hash],
    )?;
    if blocked == Some(true) {
        // A blocked account's sessions end now.
        db.execute("DELETE FROM session WHERE account_id = $1", &[&id.0])?;
    }
    Ok((n > 0, n > 0))
}

pub(crate) fn create_session(
    db: &mut Db<'_>,
    token_hash: &str,
    account: UserId,
    csrf: &str,
    expires: i64,
) -> Result<((), bool)> {
    db.execute(
        "INSERT INTO session (token_hash, account_id, csrf, expires) VALUES ($1, $2, $3, $4)",
        &[&token_hash, &account.0, &csrf, &expires],
    )?;
    Ok(((), false))
}

pub(crate) fn session(db: &mut Db<'_>, token_hash: &str, now: i64) -> Result<Option<Session>> {
    let row = db.query_opt(
        &format!(
            "SELECT s.csrf, s.expires, {ACCOUNT_COLUMNS} FROM session s
             JOIN account a ON a.id = s.account_id
             WHERE s.token_hash = $1 AND s.expires > $2 AND NOT a.blocked"
        ),
        &[&token_hash, &now],
    )?;
    row.map(|r| {
        Ok(Session {
            csrf: r.at(0)?,
            expires: r.at(1)?,
            account: account_row(&r, 2)?,
        })
    })
    .transpose()
}

pub(crate) fn delete_session(db: &mut Db<'_>, token_hash: &str, now: i64) -> Result<((), bool)> {
    db.execute(
        "DELETE FROM session WHERE token_hash = $1 OR expires <= $2",
        &[&token_hash, &now],
    )?;
    Ok(((), false))
}

pub(crate) fn create_api_token(
    db: &mut Db<'_>,
    account: UserId,
    t: &NewToken<'_>,
) -> Result<(i64, bool)> {
    let id = db
        .query_one(
            "INSERT INTO api_token (account_id, token_hash, label, created, expires, scope)
             VALUES ($1, $2, $3, $4, $5, $6)
             RETURNING id",
            &[
                &account.0,
                &t.token_hash,
                &t.label,
                &t.created,
                &t.expires,
                &t.scope.as_str(),
            ],
        )?
        .at(0)?;
    Ok((id, false))
}

fn token_row(r: &Row) -> Result<ApiToken> {
    let scope: String = r.at(5)?;
    Ok(ApiToken {
        id: r.at(0)?,
        label: r.at(1)?,
        created: r.at(2)?,
        expires: r.at(3)?,
        revoked: r.at(4)?,
        scope: TokenScope::parse(&scope).ok_or_else(|| corrupt("api_token", "scope", scope))?,
        account: account_row(r, 6)?,
    })
}

pub(crate) fn api_token(db: &mut Db<'_>, token_hash: &str, now: i64) -> Result<Option<ApiToken>> {
    let row = db.query_opt(
        &format!(
            "SELECT t.id, t.label, t.created, t.expires, t.revoked, t.scope, {ACCOUNT_COLUMNS}
             FROM api_token t JOIN account a ON a.id = t.account_id
             WHERE t.token_hash = $1 AND NOT t.revoked AND (t.expires IS NULL OR t.expires > $2)
               AND NOT a.blocked"
        ),
        &[&token_hash, &now],
    )?;
    row.as_ref().map(token_row).transpose()
}

pub(crate) fn api_tokens(db: &mut Db<'_>, account: UserId) -> Result<Vec<ApiToken>> {
    db.query(
        &format!(
            "SELECT t.id, t.label, t.created, t.expires, t.revoked, t.scope, {ACCOUNT_COLUMNS}
             FROM api_token t JOIN account a ON a.id = t.account_id
             WHERE t.account_id = $1 ORDER BY t.id DESC"
        ),
        &[&account.0],
    )?
    .iter()
    .map(token_row)
    .collect()
}

pub(crate) fn revoke_api_tokens(
    db: &mut Db<'_>,
    account: UserId,
    id: Option<i64>,
) -> Result<(u64, bool)> {
    let n = db.execute(
        "UPDATE api_token SET revoked = true
         WHERE account_id = $1 AND NOT revoked AND ($2::bigint IS NULL OR id = $2)",
        &[&account.0, &id],
    )?;
    Ok((n, false))
}

const ARTICLE_COLUMNS: &str = "ar.id, ar.kind, ar.key, ar.title, ar.current_revision, ar.created,
    ar.updated, ar.protected, (SELECT count(*) FROM revision WHERE article_id = ar.id)";

fn subject(kind: &str, key: &str) -> Result<ArticleSubject> {
    ArticleSubject::from_parts(kind, key)
        .ok_or_else(|| corrupt("article", "key", format!("{kind}:{key}")))
}

fn article_row(r: &Row) -> Result<Article> {
    let kind: String = r.at(1)?;
    let key: String = r.at(2)?;
    Ok(Article {
        id: ArticleId(r.at(0)?),
        subject: subject(&kind, &key)?,
        title: r.at(3)?,
        current: RevisionId(r.at(4)?),
        created: r.at(5)?,
        updated: r.at(6)?,
        protected: r.at(7)?,
        revisions: r.count(8)?,
    })
}

pub(crate) fn article(db: &mut Db<'_>, subject: &ArticleSubject) -> Result<Option<Article>> {
    let row = db.query_opt(
        &format!("SELECT {ARTICLE_COLUMNS} FROM article ar WHERE ar.kind = $1 AND ar.key = $2"),
        &[&subject.kind_str(), &subject.key()],
    )?;
    row.as_ref().map(article_row).transpose()
}

pub(crate) fn articles(db: &mut Db<'_>) -> Result<Vec<Article>> {
    db.query(
        &format!(
            "SELECT {ARTICLE_COLUMNS} FROM article ar
             ORDER BY ar.kind COLLATE \"C\", ar.key COLLATE \"C\""
        ),
        &[],
    )?
    .iter()
    .map(article_row)
    .collect()
}

const SUMMARY_COLUMNS: &str = "r.id, r.parent, r.author_name, r.account_id, r.timestamp,
    r.comment, r.minor, r.size, r.source_revision";

fn summary_row(r: &Row) -> Result<RevisionSummary> {
    Ok(RevisionSummary {
        id: RevisionId(r.at(0)?),
        parent: r.at::<Option<i64>>(1)?.map(RevisionId),
        author: Author {
            name: r.at(2)?,
            account: r.at::<Option<i64>>(3)?.map(UserId),
        },
        timestamp: r.at(4)?,
        comment: r.at(5)?,
        minor: r.at(6)?,
        size: r.count(7)?,
        source_revision: r.at(8)?,
    })
}

fn revision_row(r: &Row) -> Result<Revision> {
    let markup: String = r.at(10)?;
    Ok(Revision {
        summary: summary_row(r)?,
        article: ArticleId(r.at(9)?),
        markup: Markup::parse(&markup)
            .ok_or_else(|| corrupt("revision", "markup", markup.clone()))?,
        text: r.at(11)?,
    })
}

pub(crate) fn revision(db: &mut Db<'_>, id: RevisionId) -> Result<Option<Revision>> {
    let row = db.query_opt(
        &format!(
            "SELECT {SUMMARY_COLUMNS}, r.article_id, r.markup, r.text FROM revision r WHERE r.id = $1"
        ),
        &[&id.0],
    )?;
    row.as_ref().map(revision_row).transpose()
}

pub(crate) fn revisions(
    db: &mut Db<'_>,
    article: ArticleId,
    offset: u64,
    limit: u64,
) -> Result<Vec<RevisionSummary>> {
    db.query(
        &format!(
            "SELECT {SUMMARY_COLUMNS} FROM revision r WHERE r.article_id = $1
             ORDER BY r.id DESC LIMIT $2 OFFSET $3"
        ),
        &[&article.0, &sql_limit(limit), &sql_limit(offset)],
    )?
    .iter()
    .map(summary_row)
    .collect()
}

pub(crate) fn history(db: &mut Db<'_>, article: ArticleId) -> Result<Vec<Revision>> {
    db.query(
        &format!(
            "SELECT {SUMMARY_COLUMNS}, r.article_id, r.markup, r.text FROM revision r
             WHERE r.article_id = $1 ORDER BY r.id"
        ),
        &[&article.0],
    )?
    .iter()
    .map(revision_row)
    .collect()
}

pub(crate) fn authorship(db: &mut Db<'_>, id: RevisionId) -> Result<Option<Vec<u8>>> {
    db.query_opt("SELECT authorship FROM revision WHERE id = $1", &[&id.0])?
        .map(|r| r.at(0))
        .transpose()
}

fn insert_revision(
    db: &mut Db<'_>,
    article: ArticleId,
    parent: Option<RevisionId>,
    rev: &NewRevision,
) -> Result<RevisionId> {
    let id = db
        .query_one(
            "INSERT INTO revision (article_id, parent, author_name, account_id, timestamp, comment,
                                   minor, markup, text, size, source_revision, authorship)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             RETURNING id",
            &[
                &article.0,
                &parent.map(|p| p.0),
                &rev.author.name,
                &rev.author.account.map(|a| a.0),
                &rev.timestamp,
                &rev.comment,
                &rev.minor,
                &rev.markup.as_str(),
                &rev.text,
                &big(rev.text.len()),
                &rev.source_revision,
                &rev.authorship.as_slice(),
            ],
        )?
        .at(0)?;
    Ok(RevisionId(id))
}

/// Points the article at its newest revision and reindexes its text (one
/// `article_search` row per article, replaced).
fn set_current(
    db: &mut Db<'_>,
    article: ArticleId,
    title: &str,
    current: RevisionId,
    rev: &NewRevision,
) -> Result<()> {
    db.execute(
        "UPDATE article SET current_revision = $2, updated = $3, title = $4 WHERE id = $1",
        &[&article.0, &current.0, &rev.timestamp, &title],
    )?;
    db.execute(
        "INSERT INTO article_search (article_id, title, body) VALUES ($1, $2, $3)
         ON CONFLICT (article_id) DO UPDATE SET title = excluded.title, body = excluded.body",
        &[&article.0, &title, &rev.text],
    )?;
    Ok(())
}

fn create_article(
    db: &mut Db<'_>,
    subject: &ArticleSubject,
    title: &str,
    created: &str,
) -> Result<ArticleId> {
    let id = db
        .query_one(
            "INSERT INTO article (kind, key, title, current_revision, created, updated)
             VALUES ($1, $2, $3, 0, $4, $4)
             RETURNING id",
            &[&subject.kind_str(), &subject.key(), &title, &created],
        )?
        .at(0)?;
    Ok(ArticleId(id))
}

/// Writes `rev` as the article's newest revision if it builds on the
/// newest one (compare-and-swap; exact, as the wiki lock is held).
pub(crate) fn save_revision(
    db: &mut Db<'_>,
    subject: &ArticleSubject,
    title: &str,
    rev: &NewRevision,
) -> Result<(SaveOutcome, bool)> {
    let existing: Option<(i64, i64)> = db
        .query_opt(
            "SELECT id, current_revision FROM article WHERE kind = $1 AND key = $2",
            &[&subject.kind_str(), &subject.key()],
        )?
        .map(|r| Ok::<_, crate::Error>((r.at(0)?, r.at(1)?)))
        .transpose()?;
    let current = existing.map(|(_, c)| RevisionId(c));
    if current != rev.parent {
        return Ok((SaveOutcome::Stale { current }, false));
    }
    let article = match existing {
        Some((id, _)) => ArticleId(id),
        None => create_article(db, subject, title, &rev.timestamp)?,
    };
    let id = insert_revision(db, article, rev.parent, rev)?;
    set_current(db, article, title, id, rev)?;
    Ok((SaveOutcome::Saved(id), true))
}

/// Replaces the article's revisions with the stream's, chained oldest
/// first. A stream that fails or is empty writes nothing: the error
/// rolls the transaction back.
pub(crate) fn replace_history(
    db: &mut Db<'_>,
    subject: &ArticleSubject,
    title: &str,
    stream: &mut dyn RevisionStream,
) -> Result<(ArticleId, bool)> {
    let existing: Option<i64> = db
        .query_opt(
            "SELECT id FROM article WHERE kind = $1 AND key = $2",
            &[&subject.kind_str(), &subject.key()],
        )?
        .map(|r| r.at(0))
        .transpose()?;
    let mut article = existing.map(ArticleId);
    if let Some(id) = article {
        db.execute("DELETE FROM revision WHERE article_id = $1", &[&id.0])?;
    }
    let mut last: Option<(RevisionId, NewRevision)> = None;
    let mut first = true;
    while let Some(rev) = stream.next_revision() {
        let rev = rev.map_err(StoreError::Source)?;
        let id = match article {
            Some(id) => {
                if first {
                    db.execute(
                        "UPDATE article SET created = $2 WHERE id = $1",
                        &[&id.0, &rev.timestamp],
                    )?;
                }
                id
            }
            None => {
                let id = create_article(db, subject, title, &rev.timestamp)?;
                article = Some(id);
                id
            }
        };
        first = false;
        let parent = last.as_ref().map(|(p, _)| *p);
        let rid = insert_revision(db, id, parent, &rev)?;
        last = Some((rid, rev));
    }
    match (article, last) {
        (Some(id), Some((current, rev))) => {
            set_current(db, id, title, current, &rev)?;
            Ok((id, true))
        }
        _ => Err(StoreError::Unsupported(
            "the history to import has no revisions; nothing was imported".into(),
        )
        .into()),
    }
}

pub(crate) fn set_protected(
    db: &mut Db<'_>,
    article: ArticleId,
    protected: bool,
) -> Result<(bool, bool)> {
    let n = db.execute(
        "UPDATE article SET protected = $2 WHERE id = $1",
        &[&article.0, &protected],
    )?;
    Ok((n > 0, n > 0))
}

pub(crate) fn recent_changes(db: &mut Db<'_>, limit: u64) -> Result<Vec<RecentChange>> {
    db.query(
        &format!(
            "SELECT {SUMMARY_COLUMNS}, ar.kind, ar.key, ar.title FROM revision r
             JOIN article ar ON ar.id = r.article_id
             ORDER BY r.id DESC LIMIT $1"
        ),
        &[&sql_limit(limit)],
    )?
    .iter()
    .map(|r| {
        let kind: String = r.at(9)?;
        let key: String = r.at(10)?;
        Ok(RecentChange {
            revision: summary_row(r)?,
            subject: subject(&kind, &key)?,
            title: r.at(11)?,
        })
    })
    .collect()
}

/// Articles whose current title or text has every word of `query` (the
/// last one as a prefix), best first: a title match weighs five times a
/// text match, as the SQLite backend's `bm25(article_search, 5.0, 1.0)`
/// weighs them, and the rank is divided by the article's number of
/// distinct words, so long texts rank lower as under bm25 (of
/// `ts_rank_cd`'s normalisations, the one that on the demo wiki orders
/// hits closest to SQLite; the orders are alike, not equal). The snippet
/// is about 24 words of the text from the first match (FTS5 centres it on
/// the matches), matches between `\u{2}` and `\u{3}`, with `…` where text
/// was left off, as SQLite's `snippet()` writes it.
pub(crate) fn search_articles(db: &mut Db<'_>, query: &str, limit: u64) -> Result<Vec<ArticleHit>> {
    let Some(q) = crate::sql::ts_query(query) else {
        return Ok(Vec::new());
    };
    db.query(
        "SELECT ar.kind, ar.key, ar.title,
                ts_headline('simple', s.body, q.q,
                    'StartSel=' || chr(2) || ', StopSel=' || chr(3)
                    || ', MaxWords=24, MinWords=23, ShortWord=0'),
                s.body
         FROM article_search s
         JOIN article ar ON ar.id = s.article_id
         CROSS JOIN (SELECT to_tsquery('simple', $1) AS q) q
         WHERE s.words @@ q.q
         ORDER BY ts_rank_cd('{0, 0, 0.2, 1.0}'::real[], s.words, q.q, 8) DESC, s.article_id
         LIMIT $2",
        &[&q, &sql_limit(limit)],
    )?
    .iter()
    .map(|r| {
        let kind: String = r.at(0)?;
        let key: String = r.at(1)?;
        let headline: String = r.at(3)?;
        let body: String = r.at(4)?;
        Ok(ArticleHit {
            subject: subject(&kind, &key)?,
            title: r.at(2)?,
            snippet: with_ellipses(&headline, &body),
        })
    })
    .collect()
}

/// `headline` (a fragment of `body` with marks) with `…` before it when
/// words of `body` come before the fragment, and after it when words
/// follow, as FTS5's `snippet()` marks text left off.
fn with_ellipses(headline: &str, body: &str) -> String {
    let plain: String = headline
        .chars()
        .filter(|c| *c != '\u{2}' && *c != '\u{3}')
        .collect();
    let Some(at) = body.find(plain.as_str()).filter(|_| !plain.is_empty()) else {
        return headline.to_string();
    };
    let words = |s: &str| s.chars().any(char::is_alphanumeric);
    let mut out = String::with_capacity(headline.len() + 6);
    if words(&body[..at]) {
        out.push('…');
    }
    out.push_str(headline);
    if words(&body[at + plain.len()..]) {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::with_ellipses;

    #[test]
    fn snippets_mark_text_left_off() {
        assert_eq!(
            with_ellipses("\u{2}three\u{3} four", "one two three four. five"),
            "…\u{2}three\u{3} four…"
        );
        assert_eq!(with_ellipses("one two", "one two."), "one two");
        assert_eq!(with_ellipses("x", "abc"), "x");
    }
}
