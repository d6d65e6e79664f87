//! Who wrote each word of a revision, as stored and as shown.
//!
//! The authorship of a revision is a list with one entry per token of its
//! text (in `locus_wiki::tokenize::text_tokens` order): the *index* of the
//! revision that introduced the token in its article's history (0 is the
//! first revision). Indexes, not revision ids: a revision's authorship is
//! computed before the store gives it an id, and an imported history is
//! numbered as it streams in. Consecutive tokens mostly share an origin,
//! so the list is stored as runs, `(origin, length)` pairs of LEB128
//! integers: a few kilobytes for a long article.
//!
//! The authorship engine's state for an article's newest revision is
//! kept in memory ([`AuthorshipCache`]) so a save attributes one new
//! revision instead of replaying the history; after a restart, or when
//! another process wrote, it is rebuilt from the stored history.

use std::num::NonZeroUsize;
use std::sync::Arc;

use locus_model::ArticleId;
use locus_store::wiki::Revision;
use locus_wiki::authorship::{Authorship, Screening, Verdict};
use parking_lot::Mutex;

use crate::{Error, Result};

/// Encodes per-token origins as runs.
pub fn encode(origins: &[u64]) -> Vec<u8> {
    let mut out = Vec::with_capacity(origins.len() / 4 + 8);
    let mut i = 0;
    while i < origins.len() {
        let origin = origins[i];
        let run = origins[i..].iter().take_while(|&&o| o == origin).count();
        put(&mut out, origin);
        put(&mut out, run as u64);
        i += run;
    }
    out
}

/// Decodes [`encode`]'s runs; `None` for bytes it did not write.
pub fn decode(bytes: &[u8]) -> Option<Vec<u64>> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let origin = get(bytes, &mut at)?;
        let run = get(bytes, &mut at)?;
        // A run longer than any article is damage, not text.
        if run == 0 || run > 50_000_000 || out.len() as u64 + run > 50_000_000 {
            return None;
        }
        out.extend(std::iter::repeat_n(origin, run as usize));
    }
    Some(out)
}

fn put(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn get(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        v |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// How an article's revisions are screened: WikiWho's vandalism rules for
/// revisions imported from a public wiki, none for edits made in Locus.
pub fn screening(revision: &Revision) -> Screening {
    if revision.summary.source_revision.is_some() {
        Screening::Wikipedia
    } else {
        Screening::Off
    }
}

/// WikiWho's exemption from the mass-deletion rule.
pub fn minor_with_comment(minor: bool, comment: &str) -> bool {
    minor && !comment.is_empty()
}

/// The engine state of one article, after its revision `latest_index`.
pub struct ArticleAuthorship {
    /// The engine.
    pub engine: Authorship,
    /// How many revisions of the article it has seen (the next revision's
    /// index).
    pub seen: u64,
}

impl ArticleAuthorship {
    /// Replays an article's whole history (oldest first).
    pub fn replay(history: &[Revision]) -> ArticleAuthorship {
        let mut engine = Authorship::new();
        for (index, rev) in history.iter().enumerate() {
            engine.add_revision(
                index as u64,
                &rev.text,
                minor_with_comment(rev.summary.minor, &rev.summary.comment),
                screening(rev),
            );
        }
        ArticleAuthorship {
            engine,
            seen: history.len() as u64,
        }
    }

    /// Attributes the next revision (made in Locus, or imported with
    /// `screening`) and returns its encoded authorship. A revision that
    /// screening skips is still attributed, against the latest kept one,
    /// so every stored revision can be shown by author.
    pub fn add(&mut self, text: &str, minor_with_comment: bool, screening: Screening) -> Vec<u8> {
        let index = self.seen;
        self.seen += 1;
        match self
            .engine
            .add_revision(index, text, minor_with_comment, screening)
        {
            Verdict::Kept => {
                let origins: Vec<u64> = self.engine.tokens().map(|t| t.origin).collect();
                encode(&origins)
            }
            Verdict::Skipped(_) => encode(&self.engine.attribute_detached(index, text)),
        }
    }
}

/// Engine states of recently edited articles.
pub struct AuthorshipCache {
    states: Mutex<lru::LruCache<ArticleId, Arc<Mutex<Option<ArticleAuthorship>>>>>,
}

/// Articles whose authorship state stays in memory. A state is about the
/// size of its article's distinct text.
const CACHED_ARTICLES: usize = 64;

impl Default for AuthorshipCache {
    fn default() -> Self {
        AuthorshipCache {
            states: Mutex::new(lru::LruCache::new(
                NonZeroUsize::new(CACHED_ARTICLES).unwrap_or(NonZeroUsize::MIN),
            )),
        }
    }
}

impl AuthorshipCache {
    /// The state slot of an article: lock it for the whole of a save, so
    /// saves of one article in this process take turns.
    pub fn slot(&self, article: ArticleId) -> Arc<Mutex<Option<ArticleAuthorship>>> {
        self.states
            .lock()
            .get_or_insert(article, || Arc::new(Mutex::new(None)))
            .clone()
    }

    /// Puts a freshly computed state in (after an import).
    pub fn put(&self, article: ArticleId, state: ArticleAuthorship) {
        self.states
            .lock()
            .put(article, Arc::new(Mutex::new(Some(state))));
    }
}

/// Decodes a stored authorship, or says the store holds damage.
pub fn stored(bytes: &[u8]) -> Result<Vec<u64>> {
    decode(bytes).ok_or_else(|| {
        Error::Store(locus_store::StoreError::Corrupt {
            table: "revision",
            column: "authorship",
            message: "not an authorship encoding".into(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_round_trip_as_runs() {
        let origins = [0, 0, 0, 3, 3, 1, 200, 200, 0];
        let bytes = encode(&origins);
        assert_eq!(bytes.len(), 11, "five runs; 200 takes two bytes");
        assert_eq!(decode(&bytes).as_deref(), Some(&origins[..]));
        assert_eq!(decode(&encode(&[])).as_deref(), Some(&[][..]));
        let big = encode(&[u64::MAX; 3]);
        assert_eq!(decode(&big), Some(vec![u64::MAX; 3]));
    }

    #[test]
    fn damaged_bytes_are_refused() {
        assert_eq!(decode(&[0x80]), None, "unfinished integer");
        assert_eq!(decode(&[1, 0]), None, "empty run");
        assert_eq!(decode(&[1]), None, "origin without run");
        assert_eq!(decode(&[1, 0xff, 0xff, 0xff, 0x7f]), None, "absurd run");
    }
}
