//! Whole histories in and out: pages imported from a MediaWiki (with
//! their authors, times and comments), and the export of every article
//! to a directory that `locus import wiki` reads back exactly.
//!
//! An imported history is attributed as if its edits had been made here,
//! with WikiWho's vandalism screening since public wikis are vandalised.
//! It streams: the engine sees one revision at a time and the store
//! writes each as it comes, in one transaction, so a 15,000-revision
//! history never sits in memory and a broken file changes nothing.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use locus_model::{ArticleId, ArticleSubject, Markup, Role};
use locus_store::wiki::{Author, NewRevision, RevisionStream};
use locus_store::BoxError;
use locus_wiki::authorship::Screening;
use serde::{Deserialize, Serialize};

use super::authors::{self, minor_with_comment, ArticleAuthorship};
use crate::{Error, KnowledgeBase, Result};

/// One revision of a history from elsewhere, whatever its file format.
#[derive(Debug, Clone)]
pub struct ImportedRevision {
    /// Its id in the source wiki.
    pub source_id: i64,
    /// When it was made (RFC 3339).
    pub timestamp: String,
    /// Its contributor: a user name or an IP address.
    pub author: String,
    /// The edit summary.
    pub comment: String,
    /// Marked minor.
    pub minor: bool,
    /// The text; `None` when the source hides it (revision deletion).
    pub text: Option<String>,
}

/// What importing one history did.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryImport {
    /// The article written.
    pub article: ArticleId,
    /// Revisions written.
    pub revisions: u64,
    /// Revisions whose text the source hides, left out.
    pub hidden: u64,
    /// Revisions WikiWho's screening took for vandalism: stored, but
    /// their words credited to no one after them.
    pub screened_out: u64,
    /// Seconds taken.
    pub seconds: f64,
}

/// Feeds an imported history to the store, attributing each revision as
/// it passes.
struct Attributing<'a> {
    source: &'a mut (dyn Iterator<Item = std::result::Result<ImportedRevision, BoxError>> + Send),
    state: ArticleAuthorship,
    markup: Markup,
    written: u64,
    hidden: u64,
    screened_out: u64,
}

impl RevisionStream for Attributing<'_> {
    fn next_revision(&mut self) -> Option<std::result::Result<NewRevision, BoxError>> {
        loop {
            let rev = match self.source.next()? {
                Ok(r) => r,
                Err(e) => return Some(Err(e)),
            };
            let Some(text) = rev.text else {
                self.hidden += 1;
                continue;
            };
            let kept_before = self.state.engine.kept();
            let authorship = self.state.add(
                &text,
                minor_with_comment(rev.minor, &rev.comment),
                Screening::Wikipedia,
            );
            if self.state.engine.kept() == kept_before {
                self.screened_out += 1;
            }
            self.written += 1;
            return Some(Ok(NewRevision {
                parent: None,
                author: Author {
                    name: rev.author,
                    account: None,
                },
                timestamp: rev.timestamp,
                comment: rev.comment,
                minor: rev.minor,
                markup: self.markup,
                text,
                source_revision: Some(rev.source_id),
                authorship,
            }));
        }
    }
}

impl KnowledgeBase {
    /// Replaces the history of the article about `subject` with one from
    /// another wiki. Refused if the article has revisions made in Locus:
    /// re-importing would discard them.
    pub fn import_history(
        &self,
        subject: &ArticleSubject,
        title: &str,
        markup: Markup,
        revisions: &mut (dyn Iterator<Item = std::result::Result<ImportedRevision, BoxError>>
                  + Send),
    ) -> Result<HistoryImport> {
        let started = Instant::now();
        if let Some(existing) = self.store.article(subject)? {
            let local = self
                .store
                .revisions(existing.id, 0, u64::MAX)?
                .iter()
                .filter(|r| r.source_revision.is_none())
                .count();
            if local > 0 {
                return Err(Error::Invalid(format!(
                    "the article {}:{} has {local} revision(s) made in Locus; importing a history would replace them. Export the wiki first (locus export wiki DIR) or import the page under another title",
                    subject.kind_str(),
                    subject.key()
                )));
            }
        }
        let slot = self
            .store
            .article(subject)?
            .map(|a| self.wiki.authorship.slot(a.id));
        let _guard = slot.as_ref().map(|s| s.lock());
        let mut stream = Attributing {
            source: revisions,
            state: ArticleAuthorship::replay(&[]),
            markup,
            written: 0,
            hidden: 0,
            screened_out: 0,
        };
        let article = self.store.replace_history(subject, title, &mut stream)?;
        let report = HistoryImport {
            article,
            revisions: stream.written,
            hidden: stream.hidden,
            screened_out: stream.screened_out,
            seconds: started.elapsed().as_secs_f64(),
        };
        drop(_guard);
        self.wiki.authorship.put(article, stream.state);
        self.wiki_changed();
        Ok(report)
    }

    /// Writes every article (and the accounts that wrote them, without
    /// passwords) to `dir`: per article a directory with `article.json`,
    /// the revisions' metadata and authorship in `revisions.json`, and
    /// each revision's text in its own file. Returns the articles written.
    pub fn export_wiki(&self, dir: &Path) -> Result<u64> {
        let io = |p: &Path, e: std::io::Error| Error::Invalid(format!("{}: {e}", p.display()));
        fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        let accounts: Vec<ExportedAccount> = self
            .store
            .accounts()?
            .into_iter()
            .map(|a| ExportedAccount {
                name: a.name,
                role: a.role,
                created: a.created,
            })
            .collect();
        write_json(&dir.join("accounts.json"), &accounts)?;
        let mut n = 0;
        for article in self.store.articles()? {
            let at = article_dir(dir, &article.subject);
            fs::create_dir_all(&at).map_err(|e| io(&at, e))?;
            let meta = ExportedArticle {
                kind: article.subject.kind_str().to_string(),
                key: article.subject.key(),
                title: article.title.clone(),
                protected: article.protected,
            };
            write_json(&at.join("article.json"), &meta)?;
            let mut revisions = Vec::new();
            for (i, rev) in self.store.history(article.id)?.into_iter().enumerate() {
                let ext = match rev.markup {
                    Markup::Markdown => "md",
                    Markup::Wikitext => "wiki",
                };
                let file = format!("{:06}.{ext}", i + 1);
                fs::write(at.join(&file), rev.text.as_bytes())
                    .map_err(|e| io(&at.join(&file), e))?;
                let origins = match self.store.authorship(rev.summary.id)? {
                    Some(b) => authors::stored(&b)?,
                    None => Vec::new(),
                };
                revisions.push(ExportedRevision {
                    file,
                    revision: rev.summary.id.0,
                    author: rev.summary.author.name,
                    account: rev.summary.author.account.is_some(),
                    timestamp: rev.summary.timestamp,
                    comment: rev.summary.comment,
                    minor: rev.summary.minor,
                    markup: rev.markup,
                    source_revision: rev.summary.source_revision,
                    authorship: runs(&origins),
                });
            }
            write_json(&at.join("revisions.json"), &revisions)?;
            n += 1;
        }
        Ok(n)
    }

    /// Reads a directory [`Self::export_wiki`] wrote. Each article's
    /// history replaces the store's (refused, like a MediaWiki import,
    /// when that would discard revisions made here); accounts missing
    /// from the store are created without a password. Returns the
    /// articles read.
    pub fn import_wiki(&self, dir: &Path) -> Result<u64> {
        let accounts: Vec<ExportedAccount> = read_json(&dir.join("accounts.json"))?;
        for a in &accounts {
            if self.store.account_by_name(&a.name)?.is_none() {
                self.store
                    .create_account(&a.name, a.role, None, &a.created)?;
            }
        }
        let mut n = 0;
        let mut dirs: Vec<PathBuf> = Vec::new();
        for kind in read_dir(dir)? {
            if kind.is_dir() {
                dirs.extend(read_dir(&kind)?.into_iter().filter(|p| p.is_dir()));
            }
        }
        dirs.sort();
        for at in dirs {
            let meta: ExportedArticle = read_json(&at.join("article.json"))?;
            let subject = ArticleSubject::from_parts(&meta.kind, &meta.key).ok_or_else(|| {
                Error::Invalid(format!(
                    "{}: {}:{} is not an article subject",
                    at.join("article.json").display(),
                    meta.kind,
                    meta.key
                ))
            })?;
            let revisions: Vec<ExportedRevision> = read_json(&at.join("revisions.json"))?;
            if let Some(existing) = self.store.article(&subject)? {
                let ours = self.store.history(existing.id)?;
                let same = ours.len() == revisions.len()
                    && ours.iter().zip(&revisions).all(|(o, r)| {
                        o.summary.timestamp == r.timestamp && o.summary.author.name == r.author
                    });
                if !same && ours.iter().any(|r| r.summary.source_revision.is_none()) {
                    return Err(Error::Invalid(format!(
                        "{}: the store's article {}:{} has revisions made here that the export does not; importing would replace them",
                        at.display(),
                        meta.kind,
                        meta.key
                    )));
                }
            }
            let mut new = Vec::with_capacity(revisions.len());
            for r in revisions {
                let path = at.join(&r.file);
                if r.file.contains('/') || r.file.contains('\\') || r.file.starts_with('.') {
                    return Err(Error::Invalid(format!("{}: bad file name", path.display())));
                }
                let text = fs::read_to_string(&path)
                    .map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))?;
                let account = if r.account {
                    self.store.account_by_name(&r.author)?.map(|a| a.id)
                } else {
                    None
                };
                let origins = unruns(&r.authorship).ok_or_else(|| {
                    Error::Invalid(format!("{}: bad authorship of {}", at.display(), r.file))
                })?;
                new.push(NewRevision {
                    parent: None,
                    author: Author {
                        name: r.author,
                        account,
                    },
                    timestamp: r.timestamp,
                    comment: r.comment,
                    minor: r.minor,
                    markup: r.markup,
                    text,
                    source_revision: r.source_revision,
                    authorship: authors::encode(&origins),
                });
            }
            let article =
                self.store
                    .replace_history(&subject, &meta.title, &mut new.into_iter())?;
            self.store.set_protected(article, meta.protected)?;
            n += 1;
        }
        self.wiki_changed();
        Ok(n)
    }
}

/// `DIR/{kind}/{key}`; keys are GeneIDs or slugs, safe as names.
fn article_dir(dir: &Path, subject: &ArticleSubject) -> PathBuf {
    dir.join(subject.kind_str()).join(subject.key())
}

fn runs(origins: &[u64]) -> Vec<[u64; 2]> {
    let mut out: Vec<[u64; 2]> = Vec::new();
    for &o in origins {
        match out.last_mut() {
            Some(last) if last[0] == o => last[1] += 1,
            _ => out.push([o, 1]),
        }
    }
    out
}

fn unruns(runs: &[[u64; 2]]) -> Option<Vec<u64>> {
    let mut out = Vec::new();
    for &[o, n] in runs {
        if n == 0 || out.len() as u64 + n > 50_000_000 {
            return None;
        }
        out.extend(std::iter::repeat_n(o, n as usize));
    }
    Some(out)
}

#[derive(Serialize, Deserialize)]
struct ExportedAccount {
    name: String,
    role: Role,
    created: String,
}

#[derive(Serialize, Deserialize)]
struct ExportedArticle {
    kind: String,
    key: String,
    title: String,
    protected: bool,
}

/// One revision in `revisions.json`. `authorship` is `[origin, run]`
/// pairs: `origin` is the 0-based position in this list of the revision
/// that wrote the next `run` tokens.
#[derive(Serialize, Deserialize)]
struct ExportedRevision {
    file: String,
    revision: i64,
    author: String,
    account: bool,
    timestamp: String,
    comment: String,
    minor: bool,
    markup: Markup,
    source_revision: Option<i64>,
    authorship: Vec<[u64; 2]>,
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))?;
    fs::write(path, text).map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T> {
    let text =
        fs::read_to_string(path).map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))
}

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries =
        fs::read_dir(dir).map_err(|e| Error::Invalid(format!("{}: {e}", dir.display())))?;
    let mut out = Vec::new();
    for e in entries {
        out.push(
            e.map_err(|e| Error::Invalid(format!("{}: {e}", dir.display())))?
                .path(),
        );
    }
    Ok(out)
}
