//! Saving: permissions, three-way merges of concurrent edits, reverts
//! and protection.
//!
//! A save names the revision its author started from. If the article has
//! moved on since, the author's text is merged three-way with the newer
//! one: a clean merge is saved (as a revision of its own, credited to the
//! author), an overlap is a [`Conflict`] that hands both texts back, so
//! nothing anyone typed is lost. The store's compare-and-swap save makes
//! this hold across processes too: a save that loses a race is merged
//! again.

use locus_model::{ArticleSubject, Markup, RevisionId, Role};
use locus_store::wiki::{Account, Article, Author, NewRevision, SaveOutcome};
use locus_wiki::authorship::Screening;
use locus_wiki::merge::{merge3, Merge};

use super::authors::{minor_with_comment, ArticleAuthorship};
use crate::{Error, KnowledgeBase, Result};

/// Largest article text, in bytes (Wikipedia's limit is 2 MiB; no gene
/// review needs more than one).
pub const MAX_ARTICLE_BYTES: usize = 1024 * 1024;

/// Longest edit summary, in characters.
pub const MAX_COMMENT_CHARS: usize = 500;

/// Who is editing.
#[derive(Debug, Clone)]
pub enum Editor {
    /// A logged-in account or an API token's account.
    Account(Account),
    /// Nobody logged in, when the server allows open editing: credited by
    /// IP address, as MediaWiki does.
    Anonymous {
        /// The client's address.
        ip: String,
    },
}

impl Editor {
    fn author(&self) -> Author {
        match self {
            Editor::Account(a) => Author {
                name: a.name.clone(),
                account: Some(a.id),
            },
            Editor::Anonymous { ip } => Author {
                name: ip.clone(),
                account: None,
            },
        }
    }

    fn role(&self) -> Option<Role> {
        match self {
            Editor::Account(a) if !a.blocked => Some(a.role),
            Editor::Account(_) => None,
            // Anonymous editors edit like editors (when allowed at all)
            // but never revert or protect.
            Editor::Anonymous { .. } => Some(Role::Editor),
        }
    }
}

/// An edit to save.
#[derive(Debug, Clone)]
pub struct EditRequest {
    /// The article.
    pub subject: ArticleSubject,
    /// Its title (the gene's symbol, the topic's title).
    pub title: String,
    /// The new text.
    pub text: String,
    /// The revision the editor started from (`None`: a new article).
    pub base: Option<RevisionId>,
    /// The edit summary.
    pub comment: String,
    /// Marked as a minor edit.
    pub minor: bool,
}

/// Two edits that overlap: both texts, so the editor can combine them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The revision the editor started from.
    pub base: Option<RevisionId>,
    /// The article's newest revision, saved meanwhile by someone else.
    pub theirs: RevisionId,
    /// Its text.
    pub theirs_text: String,
    /// The editor's text, as submitted.
    pub yours: String,
    /// One text holding both, the overlaps between conflict markers.
    pub with_markers: String,
}

/// What a save did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditOutcome {
    /// Saved as the newest revision; `merged` when it was combined with
    /// edits saved since the editor started.
    Saved {
        /// The new revision.
        revision: RevisionId,
        /// Whether a three-way merge made the saved text.
        merged: bool,
    },
    /// The text equals the newest revision's: nothing saved.
    Unchanged {
        /// The newest revision.
        revision: RevisionId,
    },
    /// The edit overlaps a newer one: nothing saved.
    Conflict(Box<Conflict>),
}

/// How often a save that loses a race to another process is merged and
/// retried before giving up.
const SAVE_ATTEMPTS: usize = 5;

impl KnowledgeBase {
    /// Whether `editor` may edit `article` (a new one when `None`).
    pub fn may_edit(&self, editor: &Editor, article: Option<&Article>) -> Result<()> {
        let role = editor
            .role()
            .ok_or_else(|| Error::Forbidden("this account is blocked".into()))?;
        if role < Role::Editor {
            return Err(Error::Forbidden(
                "readers cannot edit; an admin can make this account an editor".into(),
            ));
        }
        if article.is_some_and(|a| a.protected) && role < Role::Admin {
            return Err(Error::Forbidden(
                "this article is protected: only admins edit it".into(),
            ));
        }
        Ok(())
    }

    /// Saves an edit, merging it with edits saved since its base.
    pub fn edit(&self, editor: &Editor, req: EditRequest) -> Result<EditOutcome> {
        if req.text.len() > MAX_ARTICLE_BYTES {
            return Err(Error::Invalid(format!(
                "an article has at most {MAX_ARTICLE_BYTES} bytes"
            )));
        }
        if req.comment.chars().count() > MAX_COMMENT_CHARS {
            return Err(Error::Invalid(format!(
                "an edit summary has at most {MAX_COMMENT_CHARS} characters"
            )));
        }
        let text = req.text.replace("\r\n", "\n");
        let article = self.store.article(&req.subject)?;
        self.may_edit(editor, article.as_ref())?;
        let base_text = match req.base {
            None => String::new(),
            Some(b) => {
                let rev = self
                    .store
                    .revision(b)?
                    .filter(|r| article.as_ref().is_some_and(|a| a.id == r.article));
                rev.ok_or_else(|| {
                    Error::NotFound(format!("revision {b} is not a revision of this article"))
                })?
                .text
            }
        };
        let slot = article.as_ref().map(|a| self.wiki.authorship.slot(a.id));
        let mut guard = slot.as_ref().map(|s| s.lock());
        for _ in 0..SAVE_ATTEMPTS {
            let article = self.store.article(&req.subject)?;
            let current = match &article {
                Some(a) => Some(
                    self.store
                        .revision(a.current)?
                        .ok_or_else(|| Error::Invalid("the article's revision is gone".into()))?,
                ),
                None => None,
            };
            let current_id = current.as_ref().map(|r| r.summary.id);
            let (to_save, merged) = if req.base == current_id {
                (text.clone(), false)
            } else {
                let theirs = current.as_ref().map(|r| r.text.as_str()).unwrap_or("");
                match merge3(&base_text, &text, theirs) {
                    Merge::Clean(m) => (m, true),
                    Merge::Conflict {
                        text_with_markers, ..
                    } => {
                        return Ok(EditOutcome::Conflict(Box::new(Conflict {
                            base: req.base,
                            theirs: current_id.unwrap_or(RevisionId(0)),
                            theirs_text: theirs.to_string(),
                            yours: text,
                            with_markers: text_with_markers,
                        })))
                    }
                }
            };
            if let Some(cur) = &current {
                if cur.text == to_save {
                    return Ok(EditOutcome::Unchanged {
                        revision: cur.summary.id,
                    });
                }
            }
            let markup = current.as_ref().map_or(Markup::Markdown, |r| r.markup);
            // Attribute the text, from the cached engine state when it is
            // at the article's newest revision.
            let mut fresh = None;
            let state: &mut ArticleAuthorship = match (&mut guard, &article) {
                (Some(g), Some(a)) => {
                    if g.as_ref().is_none_or(|s| s.seen != a.revisions) {
                        **g = Some(ArticleAuthorship::replay(&self.store.history(a.id)?));
                    }
                    match g.as_mut() {
                        Some(s) => s,
                        None => fresh.insert(ArticleAuthorship::replay(&[])),
                    }
                }
                _ => fresh.insert(ArticleAuthorship::replay(&[])),
            };
            let authorship = state.add(
                &to_save,
                minor_with_comment(req.minor, &req.comment),
                Screening::Off,
            );
            let new = NewRevision {
                parent: current_id,
                author: editor.author(),
                timestamp: super::now_seconds(),
                comment: req.comment.clone(),
                minor: req.minor,
                markup,
                text: to_save,
                source_revision: None,
                authorship,
            };
            match self.store.save_revision(&req.subject, &req.title, &new)? {
                SaveOutcome::Saved(revision) => {
                    if let (Some(state), Some(a)) = (fresh, self.store.article(&req.subject)?) {
                        if article.is_none() {
                            self.wiki.authorship.put(a.id, state);
                        }
                    }
                    self.wiki_changed();
                    return Ok(EditOutcome::Saved { revision, merged });
                }
                SaveOutcome::Stale { .. } => {
                    // Another process saved first: forget the state this
                    // attempt advanced, and merge against its revision.
                    if let Some(g) = guard.as_mut() {
                        **g = None;
                    }
                }
            }
        }
        Err(Error::Invalid(
            "the article is being saved by others too often; try again".into(),
        ))
    }

    /// Saves the text of an earlier revision as the newest (a revert), by
    /// an editor or admin.
    pub fn revert(
        &self,
        editor: &Editor,
        subject: &ArticleSubject,
        title: &str,
        to: RevisionId,
    ) -> Result<EditOutcome> {
        if matches!(editor, Editor::Anonymous { .. }) {
            return Err(Error::Forbidden("reverting needs an account".into()));
        }
        let article = self
            .store
            .article(subject)?
            .ok_or_else(|| Error::NotFound("there is no article to revert".into()))?;
        let rev = self
            .store
            .revision(to)?
            .filter(|r| r.article == article.id)
            .ok_or_else(|| {
                Error::NotFound(format!("revision {to} is not a revision of this article"))
            })?;
        let by = match editor {
            Editor::Account(a) => a.name.clone(),
            Editor::Anonymous { ip } => ip.clone(),
        };
        self.edit(
            editor,
            EditRequest {
                subject: subject.clone(),
                title: title.to_string(),
                text: rev.text,
                base: Some(article.current),
                comment: format!(
                    "Reverted to revision {to} by {} ({})",
                    rev.summary.author.name, by
                ),
                minor: false,
            },
        )
    }

    /// Protects an article (admins only edit it) or lifts the protection.
    pub fn protect(&self, editor: &Editor, subject: &ArticleSubject, on: bool) -> Result<()> {
        if editor.role() != Some(Role::Admin) {
            return Err(Error::Forbidden("only admins protect articles".into()));
        }
        let article = self
            .store
            .article(subject)?
            .ok_or_else(|| Error::NotFound("there is no article to protect".into()))?;
        self.store.set_protected(article.id, on)?;
        self.wiki_changed();
        Ok(())
    }
}
