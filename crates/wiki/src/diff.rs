//! What changed between two revisions, word by word, for a side-by-side
//! view (Wikipedia's diff page, at word level).
//!
//! [`diff`] first normalises line endings (`\r\n` and a lone `\r` become
//! `\n`, on both sides), then works in two steps:
//!
//! 1. Both texts are split into paragraphs: runs of non-blank lines,
//!    separated by blank (empty or white-space only) lines, kept exactly
//!    as written. The paragraphs are aligned with a patience diff over
//!    their text. Equal paragraphs become [`Row::Context`].
//! 2. Inside a run of paragraphs the alignment replaced, old and new
//!    paragraphs are paired in order by similarity (the share of common
//!    words and punctuation, at least one half), so an edited paragraph
//!    shows as one [`Row::Changed`] with word-level [`Segment`]s; the
//!    paragraphs left unpaired are [`Row::Deleted`] or [`Row::Inserted`].
//!    A moved paragraph therefore shows as deleted in one place and
//!    inserted in another.
//!
//! The word-level diff works on tokens that are words, single punctuation
//! marks or symbols, and runs of white space, so a changed comma shows on
//! its own. Tokens always end on character boundaries: combining marks,
//! joiners and variation selectors stay with the character before them,
//! and CJK ideographs and kana are a token each.
//!
//! Every diff runs under a time budget (similar's deadline): on
//! pathological inputs (two long unrelated texts) alignment stops refining
//! and the rows fall back to whole paragraphs deleted and inserted, which
//! is still a correct, if coarse, account of the change.

use std::borrow::Cow;
use std::ops::Range;
use std::time::{Duration, Instant};

use rustc_hash::FxHashMap;
use similar::{capture_diff_slices_deadline, get_diff_ratio, Algorithm, DiffOp};

/// How much time one [`diff`] may spend aligning before it settles for a
/// coarser answer.
const BUDGET: Duration = Duration::from_millis(250);

/// Two paragraphs of a replaced run are shown as one changed paragraph
/// when at least this share of their words match.
const PAIR_RATIO: f32 = 0.5;

/// Above this many old × new paragraphs in one replaced run, paragraphs
/// are not paired at all (every one is deleted or inserted).
const MAX_PAIR_CELLS: usize = 1 << 20;

/// How far (in paragraphs) from the run's diagonal a pairing is looked
/// for when the run is long.
const PAIR_BAND: usize = 32;

/// What happened to a piece of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Change {
    /// On both sides.
    Equal,
    /// Only in the old revision.
    Delete,
    /// Only in the new revision.
    Insert,
}

/// A run of tokens of one side of a changed paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Whether the run is on both sides, removed or added.
    pub change: Change,
    /// The text, white space included: the segments of one side, joined,
    /// are that side's paragraph exactly.
    pub text: String,
}

/// One row of the side-by-side view, in the order of both texts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Row {
    /// A paragraph equal on both sides (a view may collapse long runs of
    /// these).
    Context {
        /// 1-based line where the paragraph starts in the old text.
        old_line: usize,
        /// 1-based line where the paragraph starts in the new text.
        new_line: usize,
        /// The paragraph.
        text: String,
    },
    /// An edited paragraph: `old` has [`Change::Equal`] and
    /// [`Change::Delete`] segments, `new` has [`Change::Equal`] and
    /// [`Change::Insert`] segments.
    Changed {
        /// 1-based line where the paragraph starts in the old text.
        old_line: usize,
        /// 1-based line where the paragraph starts in the new text.
        new_line: usize,
        /// The old paragraph, segment by segment.
        old: Vec<Segment>,
        /// The new paragraph, segment by segment.
        new: Vec<Segment>,
    },
    /// A paragraph only in the old text.
    Deleted {
        /// 1-based line where the paragraph starts in the old text.
        old_line: usize,
        /// The paragraph.
        text: String,
    },
    /// A paragraph only in the new text.
    Inserted {
        /// 1-based line where the paragraph starts in the new text.
        new_line: usize,
        /// The paragraph.
        text: String,
    },
}

/// The differences between two revisions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diff {
    /// The rows of the side-by-side view, in text order.
    pub rows: Vec<Row>,
    /// Words (not white space or punctuation) only in the new text.
    pub words_added: usize,
    /// Words (not white space or punctuation) only in the old text.
    pub words_removed: usize,
}

impl Diff {
    /// Whether the two texts have the same paragraphs (only blank lines
    /// between them, if anything, differ).
    pub fn is_unchanged(&self) -> bool {
        self.rows.iter().all(|r| matches!(r, Row::Context { .. }))
    }
}

/// What changed from `old` to `new`, paragraph by paragraph and, inside
/// an edited paragraph, word by word. Line endings are normalised first
/// (`\r\n` and `\r` to `\n`), so a change of line endings alone is no
/// change.
pub fn diff(old: &str, new: &str) -> Diff {
    let deadline = Instant::now().checked_add(BUDGET);
    let old = normalize_newlines(old);
    let new = normalize_newlines(new);
    let a = paragraphs(&old);
    let b = paragraphs(&new);
    let at: Vec<&str> = a.iter().map(|p| p.text).collect();
    let bt: Vec<&str> = b.iter().map(|p| p.text).collect();
    let ops = capture_diff_slices_deadline(Algorithm::Patience, &at, &bt, deadline);

    let mut out = Builder {
        diff: Diff::default(),
        deadline,
    };
    for op in ops {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    out.context(&a[old_index + k], &b[new_index + k]);
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => a[old_index..old_index + old_len]
                .iter()
                .for_each(|p| out.deleted(p)),
            DiffOp::Insert {
                new_index, new_len, ..
            } => b[new_index..new_index + new_len]
                .iter()
                .for_each(|p| out.inserted(p)),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => out.replaced(
                &a[old_index..old_index + old_len],
                &b[new_index..new_index + new_len],
            ),
        }
    }
    out.diff
}

/// `text` with `\r\n` and lone `\r` line endings turned into `\n`.
pub(crate) fn normalize_newlines(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A paragraph of a text and the line it starts on.
#[derive(Clone, Copy, Debug)]
struct Paragraph<'a> {
    text: &'a str,
    line: usize,
}

/// The paragraphs of a (normalised) text: maximal runs of lines that are
/// not blank, from the first character of their first line to the last
/// of their last line.
fn paragraphs(text: &str) -> Vec<Paragraph<'_>> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    let mut end = 0;
    let mut pos = 0;
    for (i, line) in text.split('\n').enumerate() {
        let start = pos;
        pos += line.len() + 1;
        if line.trim().is_empty() {
            if let Some((s, l)) = open.take() {
                out.push(Paragraph {
                    text: &text[s..end],
                    line: l,
                });
            }
        } else {
            if open.is_none() {
                open = Some((start, i + 1));
            }
            end = start + line.len();
        }
    }
    if let Some((s, l)) = open {
        out.push(Paragraph {
            text: &text[s..end],
            line: l,
        });
    }
    out
}

/// Collects the rows and the word counts.
struct Builder {
    diff: Diff,
    deadline: Option<Instant>,
}

impl Builder {
    fn context(&mut self, a: &Paragraph<'_>, b: &Paragraph<'_>) {
        self.diff.rows.push(Row::Context {
            old_line: a.line,
            new_line: b.line,
            text: a.text.to_string(),
        });
    }

    fn deleted(&mut self, a: &Paragraph<'_>) {
        self.diff.words_removed += count_words(a.text);
        self.diff.rows.push(Row::Deleted {
            old_line: a.line,
            text: a.text.to_string(),
        });
    }

    fn inserted(&mut self, b: &Paragraph<'_>) {
        self.diff.words_added += count_words(b.text);
        self.diff.rows.push(Row::Inserted {
            new_line: b.line,
            text: b.text.to_string(),
        });
    }

    /// A run of old paragraphs the alignment replaced by a run of new
    /// ones: pairs of similar paragraphs become changed rows, the rest
    /// deleted or inserted rows, in the order of both texts.
    fn replaced(&mut self, a: &[Paragraph<'_>], b: &[Paragraph<'_>]) {
        let pairs = pair_up(a, b, self.deadline);
        let (mut i, mut j) = (0, 0);
        for (pi, pj) in pairs.into_iter().chain([(a.len(), b.len())]) {
            a[i..pi].iter().for_each(|p| self.deleted(p));
            b[j..pj].iter().for_each(|p| self.inserted(p));
            if pi < a.len() {
                self.changed(&a[pi], &b[pj]);
            }
            (i, j) = (pi + 1, pj + 1);
        }
    }

    fn changed(&mut self, a: &Paragraph<'_>, b: &Paragraph<'_>) {
        if a.text == b.text {
            return self.context(a, b);
        }
        let (old, new, removed, added) = word_diff(a.text, b.text, self.deadline);
        self.diff.words_removed += removed;
        self.diff.words_added += added;
        self.diff.rows.push(Row::Changed {
            old_line: a.line,
            new_line: b.line,
            old,
            new,
        });
    }
}

/// Which paragraphs of a replaced run to show as changed pairs: a
/// monotone pairing (both indices increasing) that maximises the summed
/// similarity of pairs with similarity ≥ [`PAIR_RATIO`]. Long runs only
/// look near their diagonal; huge runs, or runs met after the deadline,
/// pair nothing.
fn pair_up<'a>(
    a: &[Paragraph<'a>],
    b: &[Paragraph<'a>],
    deadline: Option<Instant>,
) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 || n.saturating_mul(m) > MAX_PAIR_CELLS || past(deadline) {
        return Vec::new();
    }
    // The non-space tokens of every paragraph, interned, in order and
    // sorted (for the cheap bag-of-words bound).
    let mut ids = Interner::default();
    let mut words = |p: &Paragraph<'a>| -> Vec<u32> {
        let t = p.text;
        word_tokens(t)
            .into_iter()
            .filter(|r| !is_space_token(&t[r.clone()]))
            .map(|r| ids.id(&t[r]))
            .collect()
    };
    let aw: Vec<Vec<u32>> = a.iter().map(&mut words).collect();
    let bw: Vec<Vec<u32>> = b.iter().map(&mut words).collect();
    let sorted = |v: &Vec<u32>| {
        let mut s = v.clone();
        s.sort_unstable();
        s
    };
    let asorted: Vec<Vec<u32>> = aw.iter().map(sorted).collect();
    let bsorted: Vec<Vec<u32>> = bw.iter().map(sorted).collect();

    let similarity = |i: usize, j: usize| -> f32 {
        let (x, y) = (&aw[i], &bw[j]);
        if x == y {
            return 1.0;
        }
        let total = x.len() + y.len();
        if total == 0 || bag_ratio(&asorted[i], &bsorted[j], total) < PAIR_RATIO || past(deadline) {
            return 0.0;
        }
        let ops = capture_diff_slices_deadline(Algorithm::Myers, x, y, deadline);
        if past(deadline) {
            // A diff cut short under-counts the matches: do not trust it.
            return 0.0;
        }
        let r = get_diff_ratio(&ops, x.len(), y.len());
        if r >= PAIR_RATIO {
            r
        } else {
            0.0
        }
    };

    // score[i][j]: best total over a[..i] and b[..j].
    let w = m + 1;
    let mut score = vec![0f32; (n + 1) * w];
    let mut sims = vec![0f32; n * m];
    for i in 0..n {
        let centre = i * m / n;
        let lo = centre.saturating_sub(PAIR_BAND);
        let hi = (centre + PAIR_BAND + 1).min(m);
        for j in 0..m {
            let s = if (lo..hi).contains(&j) {
                similarity(i, j)
            } else {
                0.0
            };
            sims[i * m + j] = s;
            let diag = if s > 0.0 { score[i * w + j] + s } else { 0.0 };
            score[(i + 1) * w + j + 1] = diag.max(score[i * w + j + 1]).max(score[(i + 1) * w + j]);
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        let here = score[i * w + j];
        let s = sims[(i - 1) * m + j - 1];
        if s > 0.0 && here == score[(i - 1) * w + j - 1] + s {
            pairs.push((i - 1, j - 1));
            i -= 1;
            j -= 1;
        } else if here == score[(i - 1) * w + j] {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    pairs.reverse();
    pairs
}

/// Whether the deadline has passed.
fn past(deadline: Option<Instant>) -> bool {
    deadline.is_some_and(|d| Instant::now() > d)
}

/// An upper bound of the diff ratio of two sequences: twice the size of
/// the intersection of their (sorted) multisets over their total length.
fn bag_ratio(x: &[u32], y: &[u32], total: usize) -> f32 {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f32 / total as f32
}

/// Small ids for token texts, so diffs compare integers.
#[derive(Default)]
pub(crate) struct Interner<'a> {
    ids: FxHashMap<&'a str, u32>,
}

impl<'a> Interner<'a> {
    /// The id of `token`, a new one the first time it is seen.
    pub(crate) fn id(&mut self, token: &'a str) -> u32 {
        let next = self.ids.len() as u32;
        *self.ids.entry(token).or_insert(next)
    }
}

/// A stretch of a token-level diff: equal on both sides, or changed (old
/// tokens replaced by new ones, either possibly none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Hunk {
    /// Token range in the old (base) sequence.
    pub(crate) old: Range<usize>,
    /// Token range in the new (side) sequence.
    pub(crate) new: Range<usize>,
    /// Whether the two ranges hold the same tokens.
    pub(crate) equal: bool,
}

/// The diff of two token sequences as alternating equal and changed
/// hunks. A changed hunk gathers everything between two equal ones, and
/// an equal stretch of white space alone between two changed hunks is
/// folded into them (`is_space` tells which old tokens are white space),
/// so a rewritten phrase reads as one change rather than word, space,
/// word.
pub(crate) fn token_hunks(
    old: &[u32],
    new: &[u32],
    is_space: impl Fn(usize) -> bool,
    alg: Algorithm,
    deadline: Option<Instant>,
) -> Vec<Hunk> {
    let mut out: Vec<Hunk> = Vec::new();
    for op in capture_diff_slices_deadline(alg, old, new, deadline) {
        let (o, n) = (op.old_range(), op.new_range());
        let equal = matches!(op, DiffOp::Equal { .. });
        if equal {
            out.push(Hunk {
                old: o,
                new: n,
                equal,
            });
            continue;
        }
        // Fold a white-space-only equal hunk between two changes.
        let len = out.len();
        if len >= 2
            && out[len - 1].equal
            && !out[len - 2].equal
            && out[len - 1].old.clone().all(&is_space)
        {
            out.pop();
        }
        match out.last_mut() {
            Some(last) if !last.equal => {
                last.old.end = o.end;
                last.new.end = n.end;
            }
            _ => out.push(Hunk {
                old: o,
                new: n,
                equal,
            }),
        }
    }
    out
}

/// The diff of two paragraphs as segments of each side, with the words
/// removed and added.
fn word_diff(
    old: &str,
    new: &str,
    deadline: Option<Instant>,
) -> (Vec<Segment>, Vec<Segment>, usize, usize) {
    let ot = word_tokens(old);
    let nt = word_tokens(new);
    let mut ids = Interner::default();
    let oi: Vec<u32> = ot.iter().map(|r| ids.id(&old[r.clone()])).collect();
    let ni: Vec<u32> = nt.iter().map(|r| ids.id(&new[r.clone()])).collect();
    let hunks = token_hunks(
        &oi,
        &ni,
        |k| is_space_token(&old[ot[k].clone()]),
        Algorithm::Myers,
        deadline,
    );
    let span = |toks: &[Range<usize>], r: &Range<usize>| -> Range<usize> {
        if r.is_empty() {
            0..0
        } else {
            toks[r.start].start..toks[r.end - 1].end
        }
    };
    let (mut os, mut ns) = (Vec::new(), Vec::new());
    let (mut removed, mut added) = (0, 0);
    for h in &hunks {
        let o = span(&ot, &h.old);
        let n = span(&nt, &h.new);
        if h.equal {
            push_segment(&mut os, Change::Equal, &old[o]);
            push_segment(&mut ns, Change::Equal, &new[n]);
        } else {
            removed += h
                .old
                .clone()
                .filter(|&k| is_word_token(&old[ot[k].clone()]))
                .count();
            added += h
                .new
                .clone()
                .filter(|&k| is_word_token(&new[nt[k].clone()]))
                .count();
            push_segment(&mut os, Change::Delete, &old[o]);
            push_segment(&mut ns, Change::Insert, &new[n]);
        }
    }
    (os, ns, removed, added)
}

/// Appends `text` as a `change` segment, joining it to the last segment
/// when that has the same change.
fn push_segment(segments: &mut Vec<Segment>, change: Change, text: &str) {
    if text.is_empty() {
        return;
    }
    match segments.last_mut() {
        Some(last) if last.change == change => last.text.push_str(text),
        _ => segments.push(Segment {
            change,
            text: text.to_string(),
        }),
    }
}

/// The number of words in `text`.
fn count_words(text: &str) -> usize {
    word_tokens(text)
        .into_iter()
        .filter(|r| is_word_token(&text[r.clone()]))
        .count()
}

/// Whether a token is a word (it starts with a letter or digit).
pub(crate) fn is_word_token(token: &str) -> bool {
    token.chars().next().is_some_and(char::is_alphanumeric)
}

/// Whether a token is a run of white space.
pub(crate) fn is_space_token(token: &str) -> bool {
    token.chars().next().is_some_and(char::is_whitespace)
}

/// The diff tokens of `text`, as byte ranges that cover it exactly, in
/// order: runs of white space, words (letters, digits and `_`, with an
/// apostrophe between two of them, as in "don't"), and single other
/// characters (punctuation, symbols, CJK ideographs and kana). Combining
/// marks, joiners, variation selectors and emoji modifiers stay with the
/// character before them, and a character after a zero-width joiner stays
/// with it too.
pub(crate) fn word_tokens(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::with_capacity(text.len() / 3 + 1);
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let mut end = start + c.len_utf8();
        let mut last = c;
        if c.is_whitespace() {
            while let Some(&(i, d)) = chars.peek() {
                if !d.is_whitespace() {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
        } else {
            let word = is_word_char(c);
            while let Some(&(i, d)) = chars.peek() {
                let joins = is_joiner(d)
                    || last == '\u{200D}'
                    || (word && is_word_char(d))
                    || (word
                        && (d == '\'' || d == '\u{2019}')
                        && text[i + d.len_utf8()..]
                            .chars()
                            .next()
                            .is_some_and(is_word_char));
                if !joins {
                    break;
                }
                end = i + d.len_utf8();
                last = d;
                chars.next();
            }
        }
        out.push(start..end);
    }
    out
}

/// A character that continues a word (CJK ideographs and kana are words
/// of one character).
fn is_word_char(c: char) -> bool {
    (c.is_alphanumeric() || c == '_') && !is_cjk(c)
}

/// Ideographs and kana, written without spaces between words.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x3FFFF)
}

/// Characters that never start a token of their own: combining marks,
/// zero-width (non-)joiners, variation selectors, emoji skin tones and
/// tag characters.
fn is_joiner(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F
        | 0x0483..=0x0489
        | 0x0591..=0x05BD
        | 0x0610..=0x061A
        | 0x064B..=0x065F
        | 0x0E31
        | 0x0E34..=0x0E3A
        | 0x0E47..=0x0E4E
        | 0x1AB0..=0x1AFF
        | 0x1DC0..=0x1DFF
        | 0x200C..=0x200D
        | 0x20D0..=0x20FF
        | 0xFE00..=0xFE0F
        | 0xFE20..=0xFE2F
        | 0x1F3FB..=0x1F3FF
        | 0xE0020..=0xE007F
        | 0xE0100..=0xE01EF)
        || is_indic_sign(c)
}

/// Vowel signs, viramas and other non-letter marks of the Indic scripts
/// (U+0900..U+0DFF), which Unicode does not count as alphanumeric but
/// which belong to the letter before them.
fn is_indic_sign(c: char) -> bool {
    (0x0900..=0x0DFF).contains(&(c as u32))
        && !c.is_alphanumeric()
        && !matches!(c, '\u{0964}' | '\u{0965}' | '\u{0970}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn join(segments: &[Segment]) -> String {
        segments.iter().map(|s| s.text.as_str()).collect()
    }

    fn changed(d: &Diff) -> Vec<(&Vec<Segment>, &Vec<Segment>)> {
        d.rows
            .iter()
            .filter_map(|r| match r {
                Row::Changed { old, new, .. } => Some((old, new)),
                _ => None,
            })
            .collect()
    }

    fn seg(change: Change, text: &str) -> Segment {
        Segment {
            change,
            text: text.to_string(),
        }
    }

    /// Every changed row's sides join back into the paragraphs.
    fn check_sides(d: &Diff, old: &str, new: &str) {
        let old = normalize_newlines(old);
        let new = normalize_newlines(new);
        let (a, b) = (paragraphs(&old), paragraphs(&new));
        for row in &d.rows {
            match row {
                Row::Changed {
                    old_line,
                    new_line,
                    old,
                    new,
                } => {
                    let pa = a.iter().find(|p| p.line == *old_line).unwrap();
                    let pb = b.iter().find(|p| p.line == *new_line).unwrap();
                    assert_eq!(join(old), pa.text);
                    assert_eq!(join(new), pb.text);
                    assert!(old.iter().all(|s| s.change != Change::Insert));
                    assert!(new.iter().all(|s| s.change != Change::Delete));
                    // Coalesced: no two neighbours with the same change.
                    assert!(old.windows(2).all(|w| w[0].change != w[1].change));
                    assert!(new.windows(2).all(|w| w[0].change != w[1].change));
                }
                Row::Context {
                    old_line,
                    new_line,
                    text,
                } => {
                    assert_eq!(a.iter().find(|p| p.line == *old_line).unwrap().text, text);
                    assert_eq!(b.iter().find(|p| p.line == *new_line).unwrap().text, text);
                }
                Row::Deleted { old_line, text } => {
                    assert_eq!(a.iter().find(|p| p.line == *old_line).unwrap().text, text)
                }
                Row::Inserted { new_line, text } => {
                    assert_eq!(b.iter().find(|p| p.line == *new_line).unwrap().text, text)
                }
            }
        }
    }

    const ARTICLE: &str = "BRCA1 is a human tumor suppressor gene. It is found in all mammals.\n\n\
        Mutations in BRCA1 raise the risk of breast cancer, and of ovarian cancer.\n\n\
        The protein repairs damaged DNA, together with BRCA2 and RAD51.";

    #[test]
    fn diff_tokens_cover_the_text_and_split_punctuation() {
        let t = "Hello, world!  It's\tfine — 中文字 e\u{301}t\u{e9} 👩\u{200D}💻.";
        let toks: Vec<&str> = word_tokens(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(toks.concat(), t);
        assert_eq!(
            toks,
            [
                "Hello",
                ",",
                " ",
                "world",
                "!",
                "  ",
                "It's",
                "\t",
                "fine",
                " ",
                "—",
                " ",
                "中",
                "文",
                "字",
                " ",
                "e\u{301}t\u{e9}",
                " ",
                "👩\u{200D}💻",
                "."
            ]
        );
    }

    #[test]
    fn diff_identical_texts_are_all_context() {
        let d = diff(ARTICLE, ARTICLE);
        assert_eq!(d.rows.len(), 3);
        assert!(d.is_unchanged());
        assert_eq!((d.words_added, d.words_removed), (0, 0));
        assert_eq!(
            d.rows[1],
            Row::Context {
                old_line: 3,
                new_line: 3,
                text: "Mutations in BRCA1 raise the risk of breast cancer, and of ovarian cancer."
                    .into()
            }
        );
    }

    #[test]
    fn diff_inserted_word() {
        let new = ARTICLE.replace("human tumor", "human breast tumor");
        let d = diff(ARTICLE, &new);
        check_sides(&d, ARTICLE, &new);
        assert_eq!((d.words_added, d.words_removed), (1, 0));
        let c = changed(&d);
        assert_eq!(c.len(), 1);
        assert_eq!(
            c[0].1,
            &vec![
                seg(Change::Equal, "BRCA1 is a human "),
                seg(Change::Insert, "breast "),
                seg(
                    Change::Equal,
                    "tumor suppressor gene. It is found in all mammals."
                ),
            ]
        );
        assert_eq!(
            c[0].0,
            &vec![seg(Change::Equal, ARTICLE.split("\n\n").next().unwrap())]
        );
        assert!(matches!(
            d.rows[0],
            Row::Changed {
                old_line: 1,
                new_line: 1,
                ..
            }
        ));
        assert!(
            matches!(d.rows[1], Row::Context { .. }) && matches!(d.rows[2], Row::Context { .. })
        );
    }

    #[test]
    fn diff_deleted_sentence() {
        let new = ARTICLE.replace(" It is found in all mammals.", "");
        let d = diff(ARTICLE, &new);
        check_sides(&d, ARTICLE, &new);
        assert_eq!((d.words_added, d.words_removed), (0, 6));
        let c = changed(&d);
        assert_eq!(c.len(), 1);
        assert_eq!(
            c[0].0,
            &vec![
                seg(Change::Equal, "BRCA1 is a human tumor suppressor gene."),
                seg(Change::Delete, " It is found in all mammals."),
            ]
        );
        assert_eq!(
            c[0].1,
            &vec![seg(
                Change::Equal,
                "BRCA1 is a human tumor suppressor gene."
            )]
        );
    }

    #[test]
    fn diff_changed_comma_shows_alone() {
        let new = ARTICLE.replace("breast cancer, and", "breast cancer; and");
        let d = diff(ARTICLE, &new);
        check_sides(&d, ARTICLE, &new);
        assert_eq!((d.words_added, d.words_removed), (0, 0));
        let c = changed(&d);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].0[1], seg(Change::Delete, ","));
        assert_eq!(c[0].1[1], seg(Change::Insert, ";"));
        assert_eq!(c[0].0.len(), 3);
    }

    #[test]
    fn diff_moved_paragraph_is_deleted_and_inserted() {
        let p: Vec<&str> = ARTICLE.split("\n\n").collect();
        let new = [p[2], p[0], p[1]].join("\n\n");
        let d = diff(ARTICLE, &new);
        check_sides(&d, ARTICLE, &new);
        let kinds: Vec<&str> = d
            .rows
            .iter()
            .map(|r| match r {
                Row::Context { .. } => "context",
                Row::Changed { .. } => "changed",
                Row::Deleted { .. } => "deleted",
                Row::Inserted { .. } => "inserted",
            })
            .collect();
        assert_eq!(kinds.iter().filter(|k| **k == "context").count(), 2);
        assert_eq!(kinds.iter().filter(|k| **k == "deleted").count(), 1);
        assert_eq!(kinds.iter().filter(|k| **k == "inserted").count(), 1);
        assert_eq!(d.words_added, d.words_removed);
        assert_eq!(d.words_added, 10);
    }

    #[test]
    fn diff_crlf_is_the_same_as_lf() {
        let crlf = ARTICLE.replace('\n', "\r\n");
        let d = diff(ARTICLE, &crlf);
        assert!(d.is_unchanged());
        assert_eq!((d.words_added, d.words_removed), (0, 0));
        let edited = crlf.replace("all mammals", "all placental mammals");
        let d = diff(&crlf, &edited);
        check_sides(&d, &crlf, &edited);
        assert_eq!((d.words_added, d.words_removed), (1, 0));
        assert!(d.rows.iter().all(|r| match r {
            Row::Context { text, .. } => !text.contains('\r'),
            _ => true,
        }));
    }

    #[test]
    fn diff_empty_old_is_all_inserted() {
        let d = diff("", ARTICLE);
        assert_eq!(d.rows.len(), 3);
        assert!(
            matches!(&d.rows[0], Row::Inserted { new_line: 1, text } if text.starts_with("BRCA1 is"))
        );
        assert!(matches!(&d.rows[2], Row::Inserted { new_line: 5, .. }));
        assert_eq!(d.words_added, 13 + 13 + 10);
        assert_eq!(d.words_removed, 0);
        let d = diff(ARTICLE, "");
        assert!(d.rows.iter().all(|r| matches!(r, Row::Deleted { .. })));
        assert_eq!(d.words_removed, 36);
    }

    #[test]
    fn diff_unicode_is_never_split_inside_a_character() {
        let old = "Die Größe des Gens beträgt 81 kb.\n\nΤο γονίδιο κωδικοποιεί μια πρωτεΐνη.\n\n乳腺癌易感基因是一种抑癌基因。";
        let new = "Die Größe des Gens beträgt etwa 81 kb.\n\nΤο γονίδιο κωδικοποιεί μία πρωτεΐνη.\n\n乳腺癌易感基因是一种重要的抑癌基因。";
        let d = diff(old, new);
        check_sides(&d, old, new);
        let c = changed(&d);
        assert_eq!(c.len(), 3);
        assert!(c[0].1.contains(&seg(Change::Insert, "etwa ")));
        assert!(c[1].0.contains(&seg(Change::Delete, "μια")));
        assert!(c[1].1.contains(&seg(Change::Insert, "μία")));
        assert!(c[2].1.contains(&seg(Change::Insert, "重要的")));
        assert_eq!(d.words_added, 1 + 1 + 3);
        assert_eq!(d.words_removed, 1);
    }

    #[test]
    fn diff_pairs_edited_paragraphs_and_keeps_new_ones_apart() {
        let old = "Alpha beta gamma delta epsilon.\n\nZeta eta theta iota kappa.";
        let new = "Alpha beta gamma delta epsilon zeta.\n\nA brand new paragraph here.\n\nZeta eta theta iota lambda.";
        let d = diff(old, new);
        check_sides(&d, old, new);
        assert!(matches!(
            d.rows[0],
            Row::Changed {
                old_line: 1,
                new_line: 1,
                ..
            }
        ));
        assert!(matches!(d.rows[1], Row::Inserted { new_line: 3, .. }));
        assert!(matches!(
            d.rows[2],
            Row::Changed {
                old_line: 3,
                new_line: 5,
                ..
            }
        ));
        assert_eq!(d.words_added, 1 + 5 + 1);
        assert_eq!(d.words_removed, 1);
    }

    #[test]
    fn diff_rewritten_phrase_is_one_change() {
        let d = diff("the cat sat on the mat", "a dog lay on the mat");
        let c = changed(&d);
        assert_eq!(c[0].0[0], seg(Change::Delete, "the cat sat"));
        assert_eq!(c[0].1[0], seg(Change::Insert, "a dog lay"));
        assert_eq!((d.words_added, d.words_removed), (3, 3));
    }

    /// A pseudo-random article of `words` words in paragraphs of 100;
    /// every fifth word is unique to its place (`w4`, `w9`, ...), as real
    /// articles are full of names and numbers.
    pub(crate) fn article(words: usize, seed: u64) -> String {
        const VOCAB: &[&str] = &[
            "gene",
            "protein",
            "the",
            "of",
            "and",
            "binds",
            "DNA",
            "repair",
            "cell",
            "cycle",
            "kinase",
            "expressed",
            "in",
            "tissue",
            "mutation",
            "variant",
            "pathway",
            "signalling",
            "receptor",
            "domain",
            "a",
            "is",
            "which",
            "with",
            "regulates",
            "transcription",
            "factor",
            "human",
            "mouse",
            "complex",
        ];
        let mut x = seed;
        let mut out = String::new();
        for i in 0..words {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            if i > 0 {
                out.push_str(if i % 100 == 0 {
                    ".\n\n"
                } else if i % 17 == 0 {
                    ", "
                } else {
                    " "
                });
            }
            if i % 5 == 4 {
                out.push_str(&format!("w{i}"));
            } else {
                out.push_str(VOCAB[(x >> 33) as usize % VOCAB.len()]);
            }
        }
        out.push('.');
        out
    }

    /// Random word and paragraph edits: each side's rows rebuild its
    /// paragraphs, and the counts balance the texts' word counts.
    #[test]
    fn diff_property_random_edits() {
        let base = article(600, 3);
        let words: Vec<&str> = base.split(' ').collect();
        let mut x = 11u64;
        let mut next = |n: usize| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((x >> 33) % n as u64) as usize
        };
        for round in 0..200 {
            let mut w: Vec<String> = words.iter().map(|s| s.to_string()).collect();
            for k in 0..1 + next(6) {
                let p = next(w.len());
                match next(5) {
                    0 => w[p] = format!("new{k}"),
                    1 => w.insert(p, format!("added{k},")),
                    2 => {
                        w.remove(p);
                    }
                    3 => w[p].push_str("\n\nA new paragraph."),
                    _ => w[p] = w[p].replace("\n\n", " "),
                }
            }
            let new = w.join(" ");
            let d = diff(&base, &new);
            check_sides(&d, &base, &new);
            assert_eq!(
                count_words(&new) as isize - count_words(&base) as isize,
                d.words_added as isize - d.words_removed as isize,
                "round {round}"
            );
            let back = diff(&new, &base);
            assert_eq!(
                (back.words_added, back.words_removed),
                (d.words_removed, d.words_added)
            );
        }
    }

    #[test]
    fn diff_timing_of_a_5000_word_article() {
        let old = article(5000, 7);
        let new = old
            .replacen("gene", "GENE", 1)
            .replace(" w1004 ", " w1004 newly inserted words ")
            .replace(" w2504", "")
            .replace(" w3999 ", " w3999, ");
        let new = format!("{new}\n\nAn appended paragraph.");
        let t = Instant::now();
        let d = diff(&old, &new);
        let took = t.elapsed();
        check_sides(&d, &old, &new);
        println!(
            "diff of a {}-word article ({} rows, +{} -{} words): {:?}",
            old.split_whitespace().count(),
            d.rows.len(),
            d.words_added,
            d.words_removed,
            took
        );
        assert_eq!(d.words_added, 1 + 3 + 3);
        assert_eq!(d.words_removed, 1 + 1);
    }

    #[test]
    fn diff_pathological_inputs_finish() {
        let a = article(50_000, 1);
        let b = article(50_000, 2);
        let t = Instant::now();
        let d = diff(&a, &b);
        println!(
            "diff of two unrelated 50,000-word articles: {:?} ({} rows)",
            t.elapsed(),
            d.rows.len()
        );
        check_sides(&d, &a, &b);
        // One giant paragraph each.
        let a1 = a.replace("\n\n", " ");
        let b1 = b.replace("\n\n", " ");
        let t = Instant::now();
        let d = diff(&a1, &b1);
        println!(
            "diff of two unrelated 50,000-word paragraphs: {:?} ({} rows)",
            t.elapsed(),
            d.rows.len()
        );
        check_sides(&d, &a1, &b1);
    }
}
