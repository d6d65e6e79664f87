//! The wiki: an article for every entity and for free topics, immutable
//! revisions with per-word authorship, merges of concurrent edits,
//! imported MediaWiki histories, and exports that round-trip.
//!
//! - [`accounts`]: accounts, passwords, sessions, API tokens.
//! - [`authors`]: who wrote each word, stored per revision.
//! - [`edit`]: saving, merging, reverting, protecting.
//! - [`history`]: imported histories, and the export/import of every
//!   article to a directory.
//! - [`render`]: revisions to safe HTML, with links and citations
//!   resolved in the store.
//! - [`target`]: what a wiki address (`disease/DOID:1612`) names.
//!
//! Text processing itself (authorship, diff, merge, markup) is
//! `locus-wiki`'s; this module connects it to the store and to entities.

pub mod accounts;
pub mod authors;
pub mod edit;
pub mod history;
pub mod render;
pub mod target;
pub mod view;

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use locus_model::{ArticleId, ArticleSubject, RevisionId};
use locus_store::wiki::{Article, Revision, RevisionSummary};
use serde::Serialize;

pub use locus_wiki::diff::{Change, Diff, Row, Segment};
pub use locus_wiki::markup::{
    reference_list_html, Heading, LinkReport, Reference, Rendered, Resolution as LinkResolution,
};
pub use locus_wiki::tokenize::text_tokens;

use crate::{Error, KnowledgeBase, Result};

/// The wiki's share of the knowledge base's state.
#[derive(Default)]
pub struct WikiState {
    pub(crate) authorship: authors::AuthorshipCache,
    /// The store's wiki generation as last read or written here.
    pub(crate) generation: AtomicI64,
    /// When it was last read, in milliseconds since the knowledge base
    /// started; 0 asks for a read at the next request.
    pub(crate) checked_ms: AtomicU64,
}

/// The current time as RFC 3339 in whole seconds (`2026-12-01T17:09:57Z`),
/// as revisions record it: MediaWiki's precision, and what a reader wants
/// to see in a history.
pub fn now_seconds() -> String {
    let now = time::OffsetDateTime::now_utc();
    let now = now.replace_nanosecond(0).unwrap_or(now);
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| now.unix_timestamp().to_string())
}

/// How long a known wiki generation is trusted before asking the store
/// (edits made by another process show within this time; this
/// process's own edits show at once).
const WIKI_GENERATION_TTL_MS: u64 = 500;

/// One author's share of a revision's text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contributor {
    /// The name credited.
    pub name: String,
    /// Share of the revision's tokens, 0 to 1.
    pub share: f64,
    /// Tokens of the revision written by them.
    pub tokens: u64,
    /// Whether the name is an account of this wiki (not an imported
    /// contributor).
    pub account: bool,
}

/// One token of a revision with who wrote it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthoredToken {
    /// The token as written in the text.
    pub text: String,
    /// Who wrote it.
    pub author: String,
    /// The revision that introduced it.
    pub revision: RevisionId,
}

/// Who wrote each word of one revision.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevisionAuthorship {
    /// The revision.
    pub revision: RevisionId,
    /// Its tokens in text order.
    pub tokens: Vec<AuthoredToken>,
    /// Authors by share of the text, largest first.
    pub contributors: Vec<Contributor>,
    /// Byte ranges of the tokens in the revision's text (for colouring
    /// the rendered text), parallel to `tokens`.
    #[serde(skip)]
    pub ranges: Vec<std::ops::Range<usize>>,
}

impl KnowledgeBase {
    /// The wiki generation: changes with every wiki write, here or in
    /// another process (seen within half a second).
    pub fn wiki_generation(&self) -> i64 {
        let now = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let checked = self.wiki.checked_ms.load(Ordering::Acquire);
        if (checked == 0 || now.saturating_sub(checked) >= WIKI_GENERATION_TTL_MS)
            && self
                .wiki
                .checked_ms
                .compare_exchange(checked, now, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
        {
            if let Ok(g) = self.store.wiki_generation() {
                self.wiki.generation.fetch_max(g, Ordering::AcqRel);
            }
        }
        self.wiki.generation.load(Ordering::Acquire)
    }

    /// Notes a wiki write made by this process, so caches see it at once.
    pub(crate) fn wiki_changed(&self) {
        match self.store.wiki_generation() {
            Ok(g) => {
                self.wiki.generation.fetch_max(g, Ordering::AcqRel);
            }
            Err(_) => {
                self.wiki.generation.fetch_add(1, Ordering::AcqRel);
            }
        }
    }

    /// The newest revisions across the wiki.
    pub fn recent_changes(&self, limit: u64) -> Result<Vec<locus_store::wiki::RecentChange>> {
        Ok(self.store.recent_changes(limit)?)
    }

    /// Every article.
    pub fn articles(&self) -> Result<Vec<Article>> {
        Ok(self.store.articles()?)
    }

    /// Articles whose text or title matches `query`.
    pub fn search_articles(
        &self,
        query: &str,
        limit: u64,
    ) -> Result<Vec<locus_store::wiki::ArticleHit>> {
        Ok(self.store.search_articles(query, limit)?)
    }

    /// The article about a subject.
    pub fn article(&self, subject: &ArticleSubject) -> Result<Option<Article>> {
        Ok(self.store.article(subject)?)
    }

    /// A revision of an article: the newest, or `rev` when it belongs to
    /// the article.
    pub fn article_revision(&self, article: &Article, rev: Option<RevisionId>) -> Result<Revision> {
        let id = rev.unwrap_or(article.current);
        self.store
            .revision(id)?
            .filter(|r| r.article == article.id)
            .ok_or_else(|| {
                Error::NotFound(format!("revision {id} is not a revision of this article"))
            })
    }

    /// An article's revisions, newest first.
    pub fn article_history(
        &self,
        article: &Article,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<RevisionSummary>> {
        Ok(self.store.revisions(article.id, offset, limit)?)
    }

    /// The word-level differences between two revisions of an article.
    pub fn article_diff(
        &self,
        article: &Article,
        from: RevisionId,
        to: RevisionId,
    ) -> Result<(Revision, Revision, Diff)> {
        let a = self.article_revision(article, Some(from))?;
        let b = self.article_revision(article, Some(to))?;
        let diff = locus_wiki::diff::diff(&a.text, &b.text);
        Ok((a, b, diff))
    }

    /// Who wrote each word of a revision, and each author's share.
    pub fn revision_authorship(
        &self,
        article: &Article,
        revision: &Revision,
    ) -> Result<RevisionAuthorship> {
        let origins = match self.store.authorship(revision.summary.id)? {
            Some(bytes) => authors::stored(&bytes)?,
            None => Vec::new(),
        };
        // Index → revision, oldest first (the index is the position in
        // the article's history).
        let summaries = self.all_revisions(article.id)?;
        let tokens = locus_wiki::tokenize::text_tokens(&revision.text);
        let ranges =
            locus_wiki::tokenize::locate(&revision.text, tokens.iter().map(String::as_str));
        let mut out = Vec::with_capacity(tokens.len());
        let mut counts: BTreeMap<(String, bool), u64> = BTreeMap::new();
        if origins.len() == tokens.len() {
            for ((origin, range), _) in origins.iter().zip(&ranges).zip(&tokens) {
                let Some(by) = summaries.get(*origin as usize) else {
                    return Err(Error::Store(locus_store::StoreError::Corrupt {
                        table: "revision",
                        column: "authorship",
                        message: format!("revision index {origin} is not in the article"),
                    }));
                };
                out.push(AuthoredToken {
                    text: revision.text.get(range.clone()).unwrap_or("").to_string(),
                    author: by.author.name.clone(),
                    revision: by.id,
                });
                *counts
                    .entry((by.author.name.clone(), by.author.account.is_some()))
                    .or_default() += 1;
            }
        }
        let total: u64 = counts.values().sum();
        let mut contributors: Vec<Contributor> = counts
            .into_iter()
            .map(|((name, account), n)| Contributor {
                name,
                share: if total == 0 {
                    0.0
                } else {
                    n as f64 / total as f64
                },
                tokens: n,
                account,
            })
            .collect();
        contributors.sort_by(|a, b| b.tokens.cmp(&a.tokens).then_with(|| a.name.cmp(&b.name)));
        Ok(RevisionAuthorship {
            revision: revision.summary.id,
            tokens: out,
            contributors,
            ranges,
        })
    }

    /// Each author's share of a revision's text, from its stored
    /// authorship alone (no tokenising): what an article page lists.
    pub fn revision_contributors(
        &self,
        revision: &Revision,
        history: &[RevisionSummary],
    ) -> Result<Vec<Contributor>> {
        let origins = match self.store.authorship(revision.summary.id)? {
            Some(bytes) => authors::stored(&bytes)?,
            None => Vec::new(),
        };
        let mut counts: BTreeMap<(String, bool), u64> = BTreeMap::new();
        for origin in origins {
            let Some(by) = history.get(origin as usize) else {
                continue;
            };
            *counts
                .entry((by.author.name.clone(), by.author.account.is_some()))
                .or_default() += 1;
        }
        let total: u64 = counts.values().sum();
        let mut contributors: Vec<Contributor> = counts
            .into_iter()
            .map(|((name, account), n)| Contributor {
                name,
                share: if total == 0 {
                    0.0
                } else {
                    n as f64 / total as f64
                },
                tokens: n,
                account,
            })
            .collect();
        contributors.sort_by(|a, b| b.tokens.cmp(&a.tokens).then_with(|| a.name.cmp(&b.name)));
        Ok(contributors)
    }

    /// Every revision of an article with its text, oldest first.
    pub fn full_history(&self, article: ArticleId) -> Result<Vec<Revision>> {
        Ok(self.store.history(article)?)
    }

    /// Every revision of an article, oldest first, without texts.
    pub fn all_revisions(&self, article: ArticleId) -> Result<Vec<RevisionSummary>> {
        let mut all = self.store.revisions(article, 0, u64::MAX)?;
        all.reverse();
        Ok(all)
    }

    /// The people who wrote revisions of an article, with how many each.
    pub fn revision_authors(&self, article: ArticleId) -> Result<Vec<(String, u64)>> {
        let mut counts: HashMap<String, u64> = HashMap::new();
        for r in self.store.revisions(article, 0, u64::MAX)? {
            *counts.entry(r.author.name).or_default() += 1;
        }
        let mut out: Vec<(String, u64)> = counts.into_iter().collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(out)
    }
}
