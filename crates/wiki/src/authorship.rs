//! Who wrote each word: WikiWho's token provenance, revision by revision.
//!
//! [`Authorship`] takes a page's revisions oldest first and keeps, for the
//! latest one, every token with the revision that first introduced it
//! (its *origin*). The method is WikiWho's (Flöck & Acosta, "WikiWho:
//! Precise and Efficient Attribution of Authorship of Revisioned Content",
//! WWW 2014), which is about 95% right against a hand-made gold standard:
//!
//! 1. A paragraph whose text (lowercased, trimmed) equals a paragraph of
//!    the previous revision, or of any earlier one, keeps all its tokens
//!    and their origins. Moved text therefore keeps its authors, and text
//!    restored by a revert goes back to the people who first wrote it.
//! 2. In the paragraphs left, a sentence (by its tokens) equal to one in
//!    the previous revision's unmatched paragraphs, or in any earlier
//!    revision, keeps its tokens likewise.
//! 3. The tokens of the sentences still left are diffed against the
//!    previous revision's unmatched tokens (the alignment of Python's
//!    `difflib.Differ`, see [`crate::difflib`]); a token the diff pairs
//!    keeps its origin, any other is new and belongs to this revision.
//!
//! With [`Screening::Wikipedia`] a revision is also screened the way
//! WikiWho screens Wikipedia vandalism, and skipped (its text never
//! becomes anyone's) when it repeats the text of an earlier skipped
//! revision, deletes 40% or more of a text over 1,000 characters leaving
//! fewer than 1,000 (unless marked minor with a comment), or adds text
//! whose words repeat more than 20 times on average. Edits made in Locus
//! by accounts use [`Screening::Off`]: every saved revision counts.
//!
//! The state holds hashes, not text: every paragraph and sentence ever
//! seen (by 128-bit hash), and every token with an interned word and its
//! origin. It grows with the history's distinct content, not its length.

use rustc_hash::{FxHashMap, FxHashSet};
use xxhash_rust::xxh3::xxh3_128;

use crate::difflib::differ_equal_pairs;
use crate::tokenize;

/// Whether to screen a revision for vandalism before attributing it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screening {
    /// WikiWho's rules for Wikipedia histories: a flagged revision is
    /// skipped.
    Wikipedia,
    /// Every revision counts (edits by Locus accounts).
    Off,
}

/// What happened to one revision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Attributed: it is now the latest revision.
    Kept,
    /// Skipped as vandalism, for the reason given; the latest revision is
    /// unchanged.
    Skipped(SkipReason),
}

/// Why [`Screening::Wikipedia`] skipped a revision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SkipReason {
    /// Its text is that of an earlier skipped revision.
    RepeatsSkippedText,
    /// It cut a text of over 1,000 characters by 40% or more, to under
    /// 1,000.
    MassDeletion,
    /// The words it added repeat more than 20 times each on average.
    RepetitiveText,
}

/// One token of the latest revision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    /// The token, lowercased, as WikiWho compares it.
    pub text: &'a str,
    /// The caller's id of the revision that introduced it.
    pub origin: u64,
    /// A stable number for this token within the page (the order tokens
    /// were first seen, as WikiWho's `token_id`).
    pub id: u32,
}

#[derive(Clone, Copy)]
struct Word {
    value: u32,
    /// Index into `Authorship::revisions`.
    origin: u32,
}

struct Sentence {
    hash: u128,
    words: Vec<u32>,
}

struct Paragraph {
    hash: u128,
    sentences: Vec<u32>,
}

/// The token provenance of one page, after the revisions given so far.
#[derive(Default)]
pub struct Authorship {
    words: Vec<Word>,
    sentences: Vec<Sentence>,
    paragraphs: Vec<Paragraph>,
    /// Every paragraph created so far, by hash (several may share one).
    paragraph_index: FxHashMap<u128, Vec<u32>>,
    /// Every sentence created so far, by hash.
    sentence_index: FxHashMap<u128, Vec<u32>>,
    /// Interned token strings and their characters (for the diff).
    word_ids: FxHashMap<Box<str>, u32>,
    word_text: Vec<Box<str>>,
    word_chars: Vec<Box<[char]>>,
    /// The caller's ids of the kept revisions; `Word::origin` indexes it.
    revisions: Vec<u64>,
    /// Hashes of the texts of skipped revisions.
    skipped_texts: FxHashSet<u128>,
    /// Per-revision "matched" marks: an item is matched in the revision
    /// being analysed when its mark equals `epoch`.
    epoch: u32,
    word_mark: Vec<u32>,
    sentence_mark: Vec<u32>,
    paragraph_mark: Vec<u32>,
    /// The latest kept revision: its length in characters and paragraphs.
    latest_length: usize,
    latest: Vec<u32>,
}

/// WikiWho's thresholds (`wikiwho.py`): what counts as mass deletion and
/// as repetitive text.
const PREVIOUS_LENGTH: usize = 1000;
const CURRENT_LENGTH: usize = 1000;
const CHANGE_PERCENTAGE: f64 = -0.40;
const TOKEN_DENSITY_LIMIT: f64 = 20.0;

/// Tokens WikiWho leaves out when it measures repetition: markup that
/// repeats by nature.
const DENSITY_IGNORED: &[&str] = &[
    "<", ">", "tr", "td", "[", "]", "\"", "*", "==", "{", "}", "|", "-",
];

impl Authorship {
    /// An empty history.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many revisions were kept.
    pub fn kept(&self) -> usize {
        self.revisions.len()
    }

    /// The caller's id of the latest kept revision.
    pub fn latest_revision(&self) -> Option<u64> {
        self.revisions.last().copied()
    }

    /// Attributes the next revision, `id` being the caller's id for it
    /// (what [`Token::origin`] will report). `minor_with_comment` is
    /// WikiWho's exemption from the mass-deletion rule for minor edits
    /// that explain themselves (a page move).
    pub fn add_revision(
        &mut self,
        id: u64,
        text: &str,
        minor_with_comment: bool,
        screening: Screening,
    ) -> Verdict {
        let text_hash = xxh3_128(text.as_bytes());
        let length = text.chars().count();
        if screening == Screening::Wikipedia {
            if self.skipped_texts.contains(&text_hash) {
                return Verdict::Skipped(SkipReason::RepeatsSkippedText);
            }
            let previous = self.latest_length;
            if !minor_with_comment
                && previous > PREVIOUS_LENGTH
                && length < CURRENT_LENGTH
                && (length as f64 - previous as f64) / previous as f64 <= CHANGE_PERCENTAGE
            {
                self.skipped_texts.insert(text_hash);
                return Verdict::Skipped(SkipReason::MassDeletion);
            }
        }
        let lower = text.to_lowercase();
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            // After 2^32 revisions, marks from the first ones would look
            // current again: clear them.
            self.word_mark.iter_mut().for_each(|m| *m = u32::MAX);
            self.sentence_mark.iter_mut().for_each(|m| *m = u32::MAX);
            self.paragraph_mark.iter_mut().for_each(|m| *m = u32::MAX);
            self.epoch = 1;
        }
        let rollback = (
            self.paragraphs.len(),
            self.sentences.len(),
            self.words.len(),
        );
        let revision = self.revisions.len() as u32;
        match self.attribute(&lower, revision, screening) {
            Some((paragraphs, new_paragraphs, new_sentences)) => {
                for p in new_paragraphs {
                    let hash = self.paragraphs[p as usize].hash;
                    self.paragraph_index.entry(hash).or_default().push(p);
                }
                for s in new_sentences {
                    let hash = self.sentences[s as usize].hash;
                    self.sentence_index.entry(hash).or_default().push(s);
                }
                self.revisions.push(id);
                self.latest = paragraphs;
                self.latest_length = length;
                Verdict::Kept
            }
            None => {
                self.paragraphs.truncate(rollback.0);
                self.sentences.truncate(rollback.1);
                self.words.truncate(rollback.2);
                self.skipped_texts.insert(text_hash);
                Verdict::Skipped(SkipReason::RepetitiveText)
            }
        }
    }

    /// The tokens of the latest kept revision, in text order.
    pub fn tokens(&self) -> impl Iterator<Item = Token<'_>> + '_ {
        self.latest.iter().flat_map(move |&p| {
            self.paragraphs[p as usize]
                .sentences
                .iter()
                .flat_map(move |&s| {
                    self.sentences[s as usize].words.iter().map(move |&w| {
                        let word = self.words[w as usize];
                        Token {
                            text: &self.word_text[word.value as usize],
                            origin: self.revisions[word.origin as usize],
                            id: w,
                        }
                    })
                })
        })
    }

    /// Who wrote each token of `text` (in [`tokenize::text_tokens`]
    /// order) if it came after the latest kept revision, without keeping
    /// it: tokens the word diff pairs with the latest revision's keep
    /// their origin, the rest are `id`'s. For showing a revision that
    /// screening skipped.
    pub fn attribute_detached(&self, id: u64, text: &str) -> Vec<u64> {
        let latest: Vec<Token<'_>> = self.tokens().collect();
        let old: Vec<&str> = latest.iter().map(|t| t.text).collect();
        let new = tokenize::text_tokens(text);
        let new: Vec<&str> = new.iter().map(String::as_str).collect();
        let mut origins = vec![id; new.len()];
        let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &old, &new);
        for op in ops {
            if let similar::DiffOp::Equal {
                old_index,
                new_index,
                len,
            } = op
            {
                for k in 0..len {
                    origins[new_index + k] = latest[old_index + k].origin;
                }
            }
        }
        origins
    }

    fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.word_ids.get(word) {
            return id;
        }
        let id = self.word_text.len() as u32;
        self.word_ids.insert(word.into(), id);
        self.word_text.push(word.into());
        self.word_chars.push(word.chars().collect());
        id
    }

    fn grow_marks(&mut self) {
        self.word_mark.resize(self.words.len(), 0);
        self.sentence_mark.resize(self.sentences.len(), 0);
        self.paragraph_mark.resize(self.paragraphs.len(), 0);
    }

    /// Whether any, and whether all, of the words are matched already.
    fn matched_words(&self, words: impl Iterator<Item = u32>) -> (bool, bool) {
        let (mut one, mut all) = (false, true);
        for w in words {
            if self.word_mark[w as usize] == self.epoch {
                one = true;
            } else {
                all = false;
            }
        }
        (one, all)
    }

    fn paragraph_words(&self, p: u32) -> impl Iterator<Item = u32> + '_ {
        self.paragraphs[p as usize]
            .sentences
            .iter()
            .flat_map(move |&s| self.sentences[s as usize].words.iter().copied())
    }

    /// Tries the candidate paragraphs in order; the first with none of its
    /// words matched yet is taken whole. A candidate whose words are all
    /// matched elsewhere is marked so it is not tried again.
    fn match_paragraph(&mut self, candidates: &[u32]) -> Option<u32> {
        for &p in candidates {
            if self.paragraph_mark[p as usize] == self.epoch {
                continue;
            }
            let (one, all) = self.matched_words(self.paragraph_words(p));
            if !one {
                self.paragraph_mark[p as usize] = self.epoch;
                for s in self.paragraphs[p as usize].sentences.clone() {
                    self.sentence_mark[s as usize] = self.epoch;
                    for &w in &self.sentences[s as usize].words {
                        self.word_mark[w as usize] = self.epoch;
                    }
                }
                return Some(p);
            } else if all {
                self.paragraph_mark[p as usize] = self.epoch;
            }
        }
        None
    }

    /// [`Self::match_paragraph`] for sentences.
    fn match_sentence(&mut self, candidates: impl Iterator<Item = u32>) -> Option<u32> {
        for s in candidates {
            if self.sentence_mark[s as usize] == self.epoch {
                continue;
            }
            let words = &self.sentences[s as usize].words;
            let (one, all) = self.matched_words(words.iter().copied());
            if !one {
                self.sentence_mark[s as usize] = self.epoch;
                for &w in &self.sentences[s as usize].words {
                    self.word_mark[w as usize] = self.epoch;
                }
                return Some(s);
            } else if all {
                self.sentence_mark[s as usize] = self.epoch;
            }
        }
        None
    }

    /// Attributes the lowercased `text` as revision `revision`. Returns its
    /// paragraphs and the paragraphs and sentences it created, or `None`
    /// when screening finds its new words repetitive.
    #[allow(clippy::type_complexity)]
    fn attribute(
        &mut self,
        text: &str,
        revision: u32,
        screening: Screening,
    ) -> Option<(Vec<u32>, Vec<u32>, Vec<u32>)> {
        // 1. Paragraphs: the previous revision first, then any earlier one.
        let mut previous_by_hash: FxHashMap<u128, Vec<u32>> = FxHashMap::default();
        for &p in &self.latest {
            previous_by_hash
                .entry(self.paragraphs[p as usize].hash)
                .or_default()
                .push(p);
        }
        let split = tokenize::paragraph_text(text);
        let mut paragraphs: Vec<u32> = Vec::new();
        let mut unmatched_current: Vec<(u32, &str)> = Vec::new();
        for raw in split.split("\n\n") {
            let paragraph = tokenize::strip(raw);
            if paragraph.is_empty() {
                continue;
            }
            let hash = xxh3_128(paragraph.as_bytes());
            let mut found = previous_by_hash
                .get(&hash)
                .and_then(|c| self.match_paragraph(c));
            if found.is_none() {
                if let Some(c) = self.paragraph_index.get(&hash).cloned() {
                    found = self.match_paragraph(&c);
                }
            }
            match found {
                Some(p) => paragraphs.push(p),
                None => {
                    let p = self.paragraphs.len() as u32;
                    self.paragraphs.push(Paragraph {
                        hash,
                        sentences: Vec::new(),
                    });
                    self.grow_marks();
                    paragraphs.push(p);
                    unmatched_current.push((p, paragraph));
                }
            }
        }
        let unmatched_previous: Vec<u32> = self
            .latest
            .iter()
            .copied()
            .filter(|&p| self.paragraph_mark[p as usize] != self.epoch)
            .collect();
        let new_paragraphs: Vec<u32> = unmatched_current.iter().map(|&(p, _)| p).collect();
        if unmatched_current.is_empty() {
            return Some((paragraphs, new_paragraphs, Vec::new()));
        }

        // 2. Sentences of the unmatched paragraphs.
        let mut new_sentences: Vec<(u32, Vec<u32>)> = Vec::new();
        for &(p, paragraph) in &unmatched_current {
            for raw in tokenize::sentences(paragraph) {
                let sentence = tokenize::strip(&raw);
                if sentence.is_empty() {
                    continue;
                }
                let ids: Vec<u32> = tokenize::tokens(sentence)
                    .into_iter()
                    .map(|t| self.intern(t))
                    .collect();
                let hash = hash_ids(&ids);
                let mut found = None;
                for &q in &unmatched_previous {
                    let candidates: Vec<u32> = self.paragraphs[q as usize]
                        .sentences
                        .iter()
                        .copied()
                        .filter(|&s| self.sentences[s as usize].hash == hash)
                        .collect();
                    found = self.match_sentence(candidates.into_iter());
                    if found.is_some() {
                        break;
                    }
                }
                if found.is_none() {
                    if let Some(c) = self.sentence_index.get(&hash).cloned() {
                        found = self.match_sentence(c.into_iter());
                    }
                }
                let s = match found {
                    Some(s) => s,
                    None => {
                        let s = self.sentences.len() as u32;
                        self.sentences.push(Sentence {
                            hash,
                            words: Vec::new(),
                        });
                        self.grow_marks();
                        new_sentences.push((s, ids));
                        s
                    }
                };
                self.paragraphs[p as usize].sentences.push(s);
            }
        }
        let mut unmatched_previous_sentences: Vec<u32> = Vec::new();
        for &q in &unmatched_previous {
            for &s in &self.paragraphs[q as usize].sentences {
                if self.sentence_mark[s as usize] != self.epoch {
                    unmatched_previous_sentences.push(s);
                }
            }
        }
        for &s in &unmatched_previous_sentences {
            self.sentence_mark[s as usize] = self.epoch;
        }

        // 3. Words of the unmatched sentences.
        let current_words: Vec<u32> = new_sentences
            .iter()
            .flat_map(|(_, ids)| ids.iter().copied())
            .collect();
        if !current_words.is_empty()
            && screening == Screening::Wikipedia
            && self.repetitive(&current_words)
        {
            return None;
        }
        let previous_words: Vec<u32> = unmatched_previous_sentences
            .iter()
            .flat_map(|&s| self.sentences[s as usize].words.iter().copied())
            .filter(|&w| self.word_mark[w as usize] != self.epoch)
            .collect();
        let mut paired: Vec<Option<u32>> = vec![None; current_words.len()];
        if !previous_words.is_empty() {
            let previous_values: Vec<u32> = previous_words
                .iter()
                .map(|&w| self.words[w as usize].value)
                .collect();
            let chars = &self.word_chars;
            for (i, j) in
                differ_equal_pairs(&previous_values, &current_words, |id| &chars[id as usize])
            {
                paired[j] = Some(previous_words[i]);
            }
        }
        let mut at = 0;
        for (s, ids) in &new_sentences {
            let mut words = Vec::with_capacity(ids.len());
            for &value in ids {
                let w = match paired[at] {
                    Some(w) => w,
                    None => {
                        self.words.push(Word {
                            value,
                            origin: revision,
                        });
                        (self.words.len() - 1) as u32
                    }
                };
                words.push(w);
                at += 1;
            }
            self.sentences[*s as usize].words = words;
        }
        self.grow_marks();
        let new_sentences = new_sentences.into_iter().map(|(s, _)| s).collect();
        Some((paragraphs, new_paragraphs, new_sentences))
    }

    /// WikiWho's token density: the added words, less markup, repeat more
    /// than 20 times each on average.
    fn repetitive(&self, words: &[u32]) -> bool {
        let mut counts: FxHashMap<u32, usize> = FxHashMap::default();
        for &w in words {
            if !DENSITY_IGNORED.contains(&&*self.word_text[w as usize]) {
                *counts.entry(w).or_default() += 1;
            }
        }
        if counts.is_empty() {
            return false;
        }
        let total: usize = counts.values().sum();
        total as f64 / counts.len() as f64 > TOKEN_DENSITY_LIMIT
    }
}

/// A sentence's hash: of its token sequence (WikiWho hashes the tokens
/// joined by spaces; tokens never contain a space, so equal sequences and
/// equal joined strings are the same thing).
fn hash_ids(ids: &[u32]) -> u128 {
    let mut bytes = Vec::with_capacity(ids.len() * 4);
    for id in ids {
        bytes.extend_from_slice(&id.to_le_bytes());
    }
    xxh3_128(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn authors(a: &Authorship) -> Vec<(String, u64)> {
        a.tokens().map(|t| (t.text.to_string(), t.origin)).collect()
    }

    fn run(revisions: &[&str]) -> Authorship {
        let mut a = Authorship::new();
        for (i, text) in revisions.iter().enumerate() {
            a.add_revision(i as u64 + 1, text, false, Screening::Off);
        }
        a
    }

    #[test]
    fn an_inserted_word_is_its_reviser_s_and_the_rest_keep_theirs() {
        let a = run(&["The cat sat on the mat.", "The black cat sat on the mat."]);
        let got = authors(&a);
        assert_eq!(got[1], ("black".to_string(), 2));
        assert!(got
            .iter()
            .filter(|(t, _)| t != "black")
            .all(|(_, o)| *o == 1));
    }

    #[test]
    fn deleted_words_are_gone() {
        let a = run(&["The black cat sat.", "The cat sat."]);
        assert_eq!(
            authors(&a),
            [("the", 1), ("cat", 1), ("sat", 1), (".", 1)].map(|(t, o)| (t.to_string(), o))
        );
    }

    #[test]
    fn moved_paragraphs_keep_their_authors() {
        let a = run(&[
            "Alpha beta gamma.",
            "Alpha beta gamma.\n\nDelta epsilon zeta.",
            "Delta epsilon zeta.\n\nAlpha beta gamma.",
        ]);
        let got = authors(&a);
        assert_eq!(got[0], ("delta".to_string(), 2));
        assert_eq!(got[4], ("alpha".to_string(), 1));
    }

    #[test]
    fn a_reverted_vandal_s_words_vanish_and_removed_words_return_to_their_authors() {
        let a = run(&[
            "Heme oxygenase degrades heme.",
            "Heme oxygenase degrades heme. It also does this.",
            "Buy cheap pills now",
            "Heme oxygenase degrades heme. It also does this.",
        ]);
        let got = authors(&a);
        assert!(got.iter().all(|(t, _)| t != "pills"));
        assert_eq!(got[0], ("heme".to_string(), 1));
        assert_eq!(got[5], ("it".to_string(), 2));
    }

    #[test]
    fn tokens_follow_the_text_s_own_tokenisation() {
        let text = "Heme [[oxygenase]] 1.\n\nIt degrades heme; see {{cite}}.";
        let a = run(&["Heme oxygenase.", text]);
        let ours: Vec<&str> = a.tokens().map(|t| t.text).collect();
        assert_eq!(ours, tokenize::text_tokens(text));
    }

    #[test]
    fn a_detached_revision_keeps_matching_words_origins() {
        let a = run(&["The cat sat."]);
        assert_eq!(a.attribute_detached(9, "The dog sat."), [1, 9, 1, 1]);
    }

    #[test]
    fn wikipedia_screening_skips_mass_deletion() {
        let long: String = (0..300).map(|i| format!("word{i} ")).collect();
        let mut a = Authorship::new();
        assert_eq!(
            a.add_revision(1, &long, false, Screening::Wikipedia),
            Verdict::Kept
        );
        assert_eq!(
            a.add_revision(2, "blanked", false, Screening::Wikipedia),
            Verdict::Skipped(SkipReason::MassDeletion)
        );
        assert_eq!(a.latest_revision(), Some(1));
        // The same blanking again is recognised by its text.
        assert_eq!(
            a.add_revision(3, "blanked", true, Screening::Wikipedia),
            Verdict::Skipped(SkipReason::RepeatsSkippedText)
        );
        // Without screening the blanking counts.
        assert_eq!(
            a.add_revision(4, "blanked", false, Screening::Off),
            Verdict::Kept
        );
    }
}
