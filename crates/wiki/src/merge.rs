//! Three-way merge of concurrent edits: nothing anyone typed is lost.
//!
//! Two editors start from revision `base`; one saves `theirs` first, then
//! the other submits `ours`, still based on `base`. [`merge3`] combines
//! the two edits the way diff3 does, at word granularity:
//!
//! - All three texts have their line endings normalised (`\r\n` and `\r`
//!   become `\n`) and are split into tokens: words, single punctuation
//!   marks and runs of white space (a paragraph break is a white-space
//!   token), the same tokens as [`crate::diff`] uses.
//! - `base` is diffed against `ours` and against `theirs` (patience diff,
//!   under a time budget; a diff cut short is coarser, never wrong). Each
//!   diff is a list of changed hunks over `base`'s tokens; a hunk may
//!   delete, insert or replace tokens.
//! - Hunks of both sides that overlap or touch are gathered into one
//!   unstable chunk; everything between chunks is stable (unchanged on
//!   both sides). A chunk only one side changed takes that side's text; a
//!   chunk both sides changed the same way takes it once; any other chunk
//!   is a conflict, and keeps the base, ours and theirs texts.
//!
//! **Adjacent edits.** Two edits merge cleanly when at least one token
//! both sides left alone lies between them. Between two words there is
//! always the white space that separates them, so one editor changing
//! word 3 and the other word 4 of a sentence merge cleanly; edits that
//! touch with nothing between them (one changes a word, the other
//! inserts a comma straight after it; both insert at the same point)
//! conflict, as git's adjacent lines do, unless they are identical. A
//! pure insertion or deletion that touches the other side's edit is
//! first slid over repeated text (deleting `"big "` versus `" big"` in
//! `"the big cat"`) when that leaves an unchanged token between the two:
//! both spellings describe the same edit, and the slide only chooses the
//! one that does not collide.

use std::ops::Range;
use std::time::{Duration, Instant};

use similar::Algorithm;

use crate::diff::{is_space_token, normalize_newlines, token_hunks, word_tokens, Hunk, Interner};

/// How much time one [`merge3`] may spend diffing before it settles for
/// coarser hunks (which can only turn clean merges into conflicts).
const BUDGET: Duration = Duration::from_millis(250);

/// The start of a conflict block in [`Merge::Conflict`]'s text.
pub const MARKER_OURS: &str = "<<<<<<< yours";
/// The line between the two sides of a conflict block.
pub const MARKER_SEPARATOR: &str = "=======";
/// The end of a conflict block.
pub const MARKER_THEIRS: &str = ">>>>>>> theirs";

/// The result of a three-way merge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Merge {
    /// The edits do not overlap: the merged text contains both.
    Clean(String),
    /// The edits overlap; the regions say where.
    Conflict {
        /// The merged text in order: stable stretches (unchanged, or
        /// changed by one side only, or identically by both) and
        /// conflicts.
        regions: Vec<Region>,
        /// The whole text with every conflict written as git does, on
        /// whole lines: a line `<<<<<<< yours`, our version of the lines
        /// concerned, `=======`, their version, `>>>>>>> theirs`. An
        /// editor can resolve it by hand.
        text_with_markers: String,
    },
}

impl Merge {
    /// Whether the merge succeeded without conflicts.
    pub fn is_clean(&self) -> bool {
        matches!(self, Merge::Clean(_))
    }
}

/// A stretch of a conflicted merge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Region {
    /// Text both sides agree on (including a change made by one side
    /// only).
    Stable(String),
    /// Text both sides changed differently.
    Conflict {
        /// The text in the common base.
        base: String,
        /// Our version (the edit being submitted).
        ours: String,
        /// Their version (the edit saved first).
        theirs: String,
    },
}

/// Merges two edits of `base`: `ours` (being submitted) and `theirs`
/// (saved since). Line endings are normalised to `\n` first.
pub fn merge3(base: &str, ours: &str, theirs: &str) -> Merge {
    let base = normalize_newlines(base);
    let ours = normalize_newlines(ours);
    let theirs = normalize_newlines(theirs);
    if ours == theirs || base == theirs {
        return Merge::Clean(ours.into_owned());
    }
    if base == ours {
        return Merge::Clean(theirs.into_owned());
    }
    merge_texts(&base, &ours, &theirs)
}

/// [`merge3`] on normalised texts, without its shortcuts for unchanged
/// sides.
fn merge_texts(base: &str, ours: &str, theirs: &str) -> Merge {
    let deadline = Instant::now().checked_add(BUDGET);
    let mut interner = Interner::default();
    let b = Tokens::new(base, &mut interner);
    let o = Tokens::new(ours, &mut interner);
    let t = Tokens::new(theirs, &mut interner);
    let mut ho = changes(&b, &o, deadline);
    let mut ht = changes(&b, &t, deadline);
    slide_apart(&mut ho, &mut ht, &b, &o, &t);
    let regions = walk(&b, &o, &t, &ho, &ht);
    if regions.iter().all(|r| matches!(r, Region::Stable(_))) {
        let text = regions
            .into_iter()
            .map(|r| match r {
                Region::Stable(s) => s,
                Region::Conflict { .. } => unreachable!(),
            })
            .collect();
        return Merge::Clean(text);
    }
    let text_with_markers = with_markers(&regions);
    Merge::Conflict {
        regions,
        text_with_markers,
    }
}

/// A text split into tokens, with their interned ids.
struct Tokens<'a> {
    text: &'a str,
    ranges: Vec<Range<usize>>,
    ids: Vec<u32>,
}

impl<'a> Tokens<'a> {
    fn new(text: &'a str, interner: &mut Interner<'a>) -> Self {
        let ranges = word_tokens(text);
        let ids = ranges
            .iter()
            .map(|r| interner.id(&text[r.clone()]))
            .collect();
        Tokens { text, ranges, ids }
    }

    fn len(&self) -> usize {
        self.ids.len()
    }

    /// The text of tokens `r`.
    fn slice(&self, r: Range<usize>) -> &'a str {
        if r.is_empty() {
            ""
        } else {
            &self.text[self.ranges[r.start].start..self.ranges[r.end - 1].end]
        }
    }
}

/// The changed hunks from `base` to `side`, in order, each separated from
/// the next by at least one unchanged token.
fn changes(base: &Tokens<'_>, side: &Tokens<'_>, deadline: Option<Instant>) -> Vec<Hunk> {
    token_hunks(
        &base.ids,
        &side.ids,
        |k| is_space_token(base.slice(k..k + 1)),
        Algorithm::Patience,
        deadline,
    )
    .into_iter()
    .filter(|h| !h.equal)
    .collect()
}

/// Whether two hunks (base ranges) overlap: they share a base token, one
/// inserts strictly inside the other, or both insert at the same point.
fn overlaps(x: &Range<usize>, y: &Range<usize>) -> bool {
    (x.start < y.end && y.start < x.end) || (x.is_empty() && y.is_empty() && x.start == y.start)
}

/// Index of the first hunk of `hunks` (sorted) that touches or overlaps
/// `r`, with no base token between them.
fn first_touching(hunks: &[Hunk], r: &Range<usize>) -> Option<usize> {
    let i = hunks.partition_point(|h| h.old.end < r.start);
    (i < hunks.len() && hunks[i].old.start <= r.end).then_some(i)
}

/// Slides pure insertions and deletions that touch (without overlapping)
/// the other side's hunks by one token over repeated text, when that
/// leaves an unchanged token between the two. Both positions describe
/// the same edit of that side.
fn slide_apart(
    ours: &mut [Hunk],
    theirs: &mut [Hunk],
    base: &Tokens<'_>,
    o: &Tokens<'_>,
    t: &Tokens<'_>,
) {
    for k in 0..ours.len() {
        // Each successful slide separates one touching pair; a hunk
        // touches at most one hunk of the other side on each end.
        for _ in 0..2 {
            let Some(j) = first_touching(theirs, &ours[k].old) else {
                break;
            };
            if overlaps(&ours[k].old, &theirs[j].old) {
                break;
            }
            // Which end the two meet at decides which way each may go.
            let ours_first = ours[k].old.end <= theirs[j].old.start;
            let dir = if ours_first { Dir::Left } else { Dir::Right };
            let moved = slide(ours, k, dir, base, o, theirs)
                || slide(theirs, j, dir.opposite(), base, t, ours);
            if !moved {
                break;
            }
        }
    }
}

/// A direction to slide a hunk in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dir {
    Left,
    Right,
}

impl Dir {
    fn opposite(self) -> Dir {
        match self {
            Dir::Left => Dir::Right,
            Dir::Right => Dir::Left,
        }
    }
}

/// Slides hunk `k` of `hunks` (one side's, against `side`'s tokens) one
/// token in `dir` if it is a pure insertion or deletion over repeated
/// text, the token it moves over is unchanged on that side, and the moved
/// hunk touches no hunk of `other`. Returns whether it moved.
fn slide(
    hunks: &mut [Hunk],
    k: usize,
    dir: Dir,
    base: &Tokens<'_>,
    side: &Tokens<'_>,
    other: &[Hunk],
) -> bool {
    let h = &hunks[k];
    let (old, new) = (h.old.clone(), h.new.clone());
    // The unchanged stretch the hunk would move into.
    let (lo, hi) = match dir {
        Dir::Left => (if k == 0 { 0 } else { hunks[k - 1].old.end }, old.start),
        Dir::Right => (
            old.end,
            hunks.get(k + 1).map_or(base.len(), |n| n.old.start),
        ),
    };
    if hi <= lo {
        return false;
    }
    let same = |seq: &[u32], r: &Range<usize>| match dir {
        Dir::Left => r.start > 0 && seq[r.start - 1] == seq[r.end - 1],
        Dir::Right => r.end < seq.len() && seq[r.start] == seq[r.end],
    };
    let fits = match (old.is_empty(), new.is_empty()) {
        (false, true) => same(&base.ids, &old),
        (true, false) => same(&side.ids, &new),
        _ => false,
    };
    if !fits {
        return false;
    }
    let shift = |r: &Range<usize>| match dir {
        Dir::Left => r.start - 1..r.end - 1,
        Dir::Right => r.start + 1..r.end + 1,
    };
    let (old2, new2) = (shift(&old), shift(&new));
    if first_touching(other, &old2).is_some() {
        return false;
    }
    hunks[k] = Hunk {
        old: old2,
        new: new2,
        equal: false,
    };
    true
}

/// diff3's walk: stable stretches between chunks of touching hunks, each
/// chunk resolved to one side or kept as a conflict.
fn walk(
    base: &Tokens<'_>,
    o: &Tokens<'_>,
    t: &Tokens<'_>,
    ho: &[Hunk],
    ht: &[Hunk],
) -> Vec<Region> {
    let mut regions = Vec::new();
    let (mut i, mut j) = (0, 0);
    let mut pos = 0;
    loop {
        let start = match (ho.get(i), ht.get(j)) {
            (None, None) => break,
            (Some(x), None) => x.old.start,
            (None, Some(y)) => y.old.start,
            (Some(x), Some(y)) => x.old.start.min(y.old.start),
        };
        push_stable(&mut regions, base.slice(pos..start));
        let (i0, j0) = (i, j);
        let mut end = start;
        loop {
            if let Some(x) = ho.get(i).filter(|x| x.old.start <= end) {
                end = end.max(x.old.end);
                i += 1;
            } else if let Some(y) = ht.get(j).filter(|y| y.old.start <= end) {
                end = end.max(y.old.end);
                j += 1;
            } else {
                break;
            }
        }
        let ours = side_text(base, o, &ho[i0..i], start..end);
        let theirs = side_text(base, t, &ht[j0..j], start..end);
        if i == i0 {
            push_stable(&mut regions, theirs);
        } else if j == j0 || ours == theirs {
            push_stable(&mut regions, ours);
        } else {
            regions.push(Region::Conflict {
                base: base.slice(start..end).to_string(),
                ours: ours.to_string(),
                theirs: theirs.to_string(),
            });
        }
        pos = end;
    }
    push_stable(&mut regions, base.slice(pos..base.len()));
    regions
}

/// One side's text for the base tokens `chunk`, given that side's hunks
/// inside it (base tokens outside the hunks are unchanged on that side).
fn side_text<'a>(
    base: &Tokens<'a>,
    side: &Tokens<'a>,
    hunks: &[Hunk],
    chunk: Range<usize>,
) -> &'a str {
    match (hunks.first(), hunks.last()) {
        (Some(first), Some(last)) => {
            let from = first.new.start - (first.old.start - chunk.start);
            let to = last.new.end + (chunk.end - last.old.end);
            side.slice(from..to)
        }
        _ => base.slice(chunk),
    }
}

/// Appends stable text, joined to a stable region before it.
fn push_stable(regions: &mut Vec<Region>, text: &str) {
    if text.is_empty() {
        return;
    }
    match regions.last_mut() {
        Some(Region::Stable(s)) => s.push_str(text),
        _ => regions.push(Region::Stable(text.to_string())),
    }
}

/// The merged text with every conflict written as a git conflict block
/// over whole lines: the stable text sharing a line with a conflict goes
/// into both sides of the block, and conflicts on the same line share a
/// block.
fn with_markers(regions: &[Region]) -> String {
    let mut out = String::new();
    // Stable text after the last line break, not yet written.
    let mut pending = String::new();
    // The block being built: our and their lines.
    let mut block: Option<(String, String)> = None;
    for region in regions {
        match region {
            Region::Conflict { ours, theirs, .. } => {
                let (o, t) = block.get_or_insert_with(|| {
                    let p = std::mem::take(&mut pending);
                    (p.clone(), p)
                });
                o.push_str(ours);
                t.push_str(theirs);
            }
            Region::Stable(s) => {
                let mut rest = s.as_str();
                if let Some((o, t)) = &mut block {
                    match rest.find('\n') {
                        Some(nl) => {
                            o.push_str(&rest[..=nl]);
                            t.push_str(&rest[..=nl]);
                            write_block(&mut out, o, t);
                            block = None;
                            rest = &rest[nl + 1..];
                        }
                        None => {
                            o.push_str(rest);
                            t.push_str(rest);
                            continue;
                        }
                    }
                }
                pending.push_str(rest);
                if let Some(nl) = pending.rfind('\n') {
                    out.push_str(&pending[..=nl]);
                    pending.drain(..=nl);
                }
            }
        }
    }
    if let Some((o, t)) = &block {
        write_block(&mut out, o, t);
    }
    out.push_str(&pending);
    out
}

/// Writes one conflict block; each side ends with a line break.
fn write_block(out: &mut String, ours: &str, theirs: &str) {
    for (marker, text) in [(MARKER_OURS, ours), (MARKER_SEPARATOR, theirs)] {
        out.push_str(marker);
        out.push('\n');
        out.push_str(text);
        if !text.is_empty() && !text.ends_with('\n') {
            out.push('\n');
        }
    }
    out.push_str(MARKER_THEIRS);
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "BRCA1 is a human tumor suppressor gene. It is found in all mammals.\n\n\
        Mutations in BRCA1 raise the risk of breast cancer, and of ovarian cancer.\n\n\
        The protein repairs damaged DNA, together with BRCA2 and RAD51.";

    fn clean(m: Merge) -> String {
        match m {
            Merge::Clean(s) => s,
            Merge::Conflict {
                text_with_markers, ..
            } => panic!("unexpected conflict:\n{text_with_markers}"),
        }
    }

    fn conflicts(m: &Merge) -> Vec<(&str, &str, &str)> {
        match m {
            Merge::Clean(_) => Vec::new(),
            Merge::Conflict { regions, .. } => regions
                .iter()
                .filter_map(|r| match r {
                    Region::Conflict { base, ours, theirs } => {
                        Some((base.as_str(), ours.as_str(), theirs.as_str()))
                    }
                    Region::Stable(_) => None,
                })
                .collect(),
        }
    }

    fn markers(m: &Merge) -> &str {
        match m {
            Merge::Conflict {
                text_with_markers, ..
            } => text_with_markers,
            Merge::Clean(_) => panic!("expected a conflict"),
        }
    }

    #[test]
    fn merge_edits_of_different_paragraphs() {
        let ours = BASE.replace("all mammals", "all placental mammals");
        let theirs = BASE.replace("damaged DNA", "broken DNA");
        let m = clean(merge3(BASE, &ours, &theirs));
        assert_eq!(
            m,
            BASE.replace("all mammals", "all placental mammals")
                .replace("damaged DNA", "broken DNA")
        );
        // And the other way round.
        assert_eq!(clean(merge3(BASE, &theirs, &ours)), m);
    }

    #[test]
    fn merge_different_words_of_one_sentence() {
        let ours = BASE.replace("raise the risk", "increase the risk");
        let theirs = BASE.replace("of ovarian cancer", "of ovarian and prostate cancer");
        let m = clean(merge3(BASE, &ours, &theirs));
        assert!(m.contains("Mutations in BRCA1 increase the risk of breast cancer, and of ovarian and prostate cancer."));
    }

    /// The adjacency choice: edits of neighbouring words (with the space
    /// between them untouched) merge cleanly; edits with no unchanged
    /// token between them conflict.
    #[test]
    fn merge_adjacent_words_are_clean_touching_edits_conflict() {
        let base = "the quick brown fox jumps";
        // Word 3 and word 4.
        assert_eq!(
            clean(merge3(
                base,
                "the quick red fox jumps",
                "the quick brown dog jumps"
            )),
            "the quick red dog jumps"
        );
        // Deleting a word next to a word the other side changes.
        assert_eq!(
            clean(merge3(
                base,
                "the quick fox jumps",
                "the quick brown dog jumps"
            )),
            "the quick dog jumps"
        );
        assert_eq!(
            clean(merge3(
                base,
                "the quick brown dog jumps",
                "the quick fox jumps"
            )),
            "the quick dog jumps"
        );
        assert_eq!(
            clean(merge3(
                base,
                "the brown fox jumps",
                "the quick brown dog jumps"
            )),
            "the brown dog jumps"
        );
        // A word inserted right before a word the other side changes:
        // the space before the inserted word is the anchor.
        assert_eq!(
            clean(merge3(
                base,
                "the quick brown cat jumps",
                "the quick brown sly fox jumps"
            )),
            "the quick brown sly cat jumps"
        );
        assert_eq!(
            clean(merge3(
                base,
                "the quick brown sly fox jumps",
                "the quick brown cat jumps"
            )),
            "the quick brown sly cat jumps"
        );
        // A comma straight after a changed word: nothing between them.
        let m = merge3(
            base,
            "the quick brown cat jumps",
            "the quick brown fox, jumps",
        );
        assert_eq!(conflicts(&m), [("fox", "cat", "fox,")]);
    }

    #[test]
    fn merge_same_word_changed_differently_conflicts() {
        let ours = BASE.replace("damaged DNA", "broken DNA");
        let theirs = BASE.replace("damaged DNA", "injured DNA");
        let m = merge3(BASE, &ours, &theirs);
        assert!(!m.is_clean());
        assert_eq!(conflicts(&m), [("damaged", "broken", "injured")]);
        let text = markers(&m);
        assert!(text.contains("broken") && text.contains("injured"));
        assert!(text.ends_with(
            "<<<<<<< yours\nThe protein repairs broken DNA, together with BRCA2 and RAD51.\n\
             =======\nThe protein repairs injured DNA, together with BRCA2 and RAD51.\n>>>>>>> theirs\n"
        ));
        assert!(text.starts_with("BRCA1 is a human tumor suppressor gene."));
        // Regions: everything else is stable and in order.
        let Merge::Conflict { regions, .. } = &m else {
            unreachable!()
        };
        let ours_again: String = regions
            .iter()
            .map(|r| match r {
                Region::Stable(s) => s.as_str(),
                Region::Conflict { ours, .. } => ours.as_str(),
            })
            .collect();
        assert_eq!(ours_again, ours);
    }

    #[test]
    fn merge_same_change_on_both_sides_is_taken_once() {
        let both = BASE.replace("all mammals", "all placental mammals");
        assert_eq!(clean(merge3(BASE, &both, &both)), both);
        let ours = both.replace("damaged DNA", "broken DNA");
        let m = clean(merge3(BASE, &ours, &both));
        assert_eq!(m, ours);
        assert_eq!(m.matches("placental").count(), 1);
    }

    #[test]
    fn merge_deleted_paragraph_edited_by_the_other_side_conflicts() {
        let paragraphs: Vec<&str> = BASE.split("\n\n").collect();
        let ours = [paragraphs[0], paragraphs[2]].join("\n\n");
        let theirs = BASE.replace("ovarian cancer", "ovarian and pancreatic cancer");
        for m in [merge3(BASE, &ours, &theirs), merge3(BASE, &theirs, &ours)] {
            assert!(!m.is_clean());
            let c = conflicts(&m);
            assert_eq!(c.len(), 1);
            // Nothing lost: the edited paragraph is in the conflict.
            assert!(c[0].0.contains("Mutations in BRCA1"));
            assert!(c[0].1.contains("pancreatic") || c[0].2.contains("pancreatic"));
            assert!(markers(&m).contains("ovarian and pancreatic cancer"));
        }
    }

    #[test]
    fn merge_with_one_side_unchanged_takes_the_other() {
        let edited = BASE.replace("tumor suppressor", "tumour suppressor");
        assert_eq!(merge3(BASE, BASE, &edited), Merge::Clean(edited.clone()));
        assert_eq!(merge3(BASE, &edited, BASE), Merge::Clean(edited.clone()));
        assert_eq!(merge3("", "", "new text"), Merge::Clean("new text".into()));
    }

    #[test]
    fn merge_both_creating_the_article_conflicts() {
        let m = merge3("", "BRCA1 is a gene.", "BRCA1 is a protein.");
        assert!(!m.is_clean());
        assert_eq!(
            conflicts(&m),
            [("", "BRCA1 is a gene.", "BRCA1 is a protein.")]
        );
        assert_eq!(
            markers(&m),
            "<<<<<<< yours\nBRCA1 is a gene.\n=======\nBRCA1 is a protein.\n>>>>>>> theirs\n"
        );
        assert!(merge3("", "Same.", "Same.").is_clean());
    }

    #[test]
    fn merge_insertions_at_the_same_point_conflict_unless_identical() {
        let base = "alpha beta gamma";
        let m = merge3(base, "alpha one beta gamma", "alpha two beta gamma");
        assert!(!m.is_clean());
        let c = conflicts(&m);
        assert_eq!(c.len(), 1);
        assert!(c[0].1.contains("one") && c[0].2.contains("two"));
        assert_eq!(
            clean(merge3(
                base,
                "alpha one beta gamma",
                "alpha one beta gamma delta"
            )),
            "alpha one beta gamma delta"
        );
    }

    #[test]
    fn merge_normalises_crlf() {
        let base = BASE.replace('\n', "\r\n");
        let ours = base.replace("all mammals", "all placental mammals");
        let theirs = BASE.replace("damaged DNA", "broken DNA");
        let m = clean(merge3(&base, &ours, &theirs));
        assert!(!m.contains('\r'));
        assert!(m.contains("placental") && m.contains("broken"));
    }

    #[test]
    fn merge_conflict_markers_cover_whole_lines() {
        let base = "one two three\nfour five six\nseven";
        let ours = "one TWO three\nfour five SIX\nseven";
        let theirs = "one 2 three\nfour five six\nseven!";
        let m = merge3(base, ours, theirs);
        assert_eq!(
            markers(&m),
            "<<<<<<< yours\none TWO three\n=======\none 2 three\n>>>>>>> theirs\n\
             four five SIX\nseven!"
        );
    }

    /// A tiny deterministic generator (Knuth's MMIX LCG).
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) % n as u64) as usize
        }
    }

    const PARAGRAPH: &str =
        "BRCA1 (breast cancer type 1 susceptibility protein) is a protein that \
        in humans is encoded by the BRCA1 gene. Orthologs are common in other vertebrate species, \
        whereas invertebrate genomes may encode a more distantly related gene. BRCA1 is a human \
        tumor suppressor gene and is responsible for repairing DNA. BRCA1 and BRCA2 are unrelated \
        proteins, but both are normally expressed in the cells of breast and other tissue, where \
        they help repair damaged DNA, or destroy cells if DNA cannot be repaired.";

    /// Random edits of the words `lo..hi` of `words` (replace, insert
    /// before, delete; at distinct positions): the edited words and the
    /// words inserted, all unique (`tag` and a number).
    fn edit(
        words: &[&str],
        rng: &mut Lcg,
        lo: usize,
        hi: usize,
        tag: &str,
    ) -> (Vec<String>, Vec<String>) {
        let mut out: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        let mut positions: Vec<usize> = (0..1 + rng.next(3))
            .map(|_| lo + rng.next(hi - lo))
            .collect();
        positions.sort_unstable();
        positions.dedup();
        let mut inserted = Vec::new();
        for (n, &p) in positions.iter().enumerate().rev() {
            let fresh = format!("{tag}{n}x{}", rng.next(1000));
            match rng.next(3) {
                0 => {
                    out[p] = fresh.clone();
                    inserted.push(fresh);
                }
                1 => {
                    out.insert(p, fresh.clone());
                    inserted.push(fresh);
                }
                _ => {
                    out.remove(p);
                }
            }
        }
        (out, inserted)
    }

    #[test]
    fn merge_property_random_edits() {
        let words: Vec<&str> = PARAGRAPH.split(' ').collect();
        let n = words.len();
        let mut rng = Lcg(42);
        let (mut clean_overlapping, mut conflicted) = (0, 0);
        for round in 0..300 {
            // One-sided edits come back unchanged.
            let (x, _) = edit(&words, &mut rng, 0, n, "one");
            let x = x.join(" ");
            assert_eq!(merge3(PARAGRAPH, &x, PARAGRAPH), Merge::Clean(x.clone()));
            assert_eq!(merge3(PARAGRAPH, PARAGRAPH, &x), Merge::Clean(x.clone()));
            // The same without the shortcuts for an unchanged side.
            assert_eq!(
                merge_texts(PARAGRAPH, &x, PARAGRAPH),
                Merge::Clean(x.clone())
            );
            assert_eq!(
                merge_texts(PARAGRAPH, PARAGRAPH, &x),
                Merge::Clean(x.clone())
            );
            assert_eq!(merge_texts(PARAGRAPH, &x, &x), Merge::Clean(x.clone()));

            // Disjoint edits (two untouched words between them): clean,
            // and exactly both edits applied.
            let mid = n / 2;
            let (ours_w, ours_ins) = edit(&words, &mut rng, 0, mid - 1, "ours");
            let (theirs_w, theirs_ins) = edit(&words, &mut rng, mid + 1, n, "theirs");
            let expected: Vec<String> = ours_w[..ours_w.len() - (n - mid + 1)]
                .iter()
                .chain(
                    &words[mid - 1..mid + 1]
                        .iter()
                        .map(|w| w.to_string())
                        .collect::<Vec<_>>(),
                )
                .chain(&theirs_w[mid + 1..])
                .cloned()
                .collect();
            let (ours, theirs) = (ours_w.join(" "), theirs_w.join(" "));
            let merged = match merge3(PARAGRAPH, &ours, &theirs) {
                Merge::Clean(s) => s,
                Merge::Conflict {
                    text_with_markers, ..
                } => panic!("round {round}: disjoint edits conflict:\n{ours}\n{theirs}\n{text_with_markers}"),
            };
            assert_eq!(merged, expected.join(" "), "round {round}");
            for w in ours_ins.iter().chain(&theirs_ins) {
                assert!(merged.contains(w.as_str()), "round {round}: {w} lost");
            }

            // Edits anywhere: whatever the outcome, nothing inserted is
            // lost, and a clean merge holds both sides' words.
            let (ours_w, ours_ins) = edit(&words, &mut rng, 0, n, "ours");
            let (theirs_w, theirs_ins) = edit(&words, &mut rng, 0, n, "theirs");
            let (ours, theirs) = (ours_w.join(" "), theirs_w.join(" "));
            let m = merge3(PARAGRAPH, &ours, &theirs);
            let text = match &m {
                Merge::Clean(s) => {
                    clean_overlapping += 1;
                    s.as_str()
                }
                Merge::Conflict {
                    text_with_markers,
                    regions,
                } => {
                    conflicted += 1;
                    // Choosing our side of every conflict leaves a text
                    // with every word we inserted.
                    let ours_pick: String = regions
                        .iter()
                        .map(|r| match r {
                            Region::Stable(s) => s.as_str(),
                            Region::Conflict { ours, .. } => ours.as_str(),
                        })
                        .collect();
                    for w in &ours_ins {
                        assert!(ours_pick.contains(w.as_str()), "round {round}: {w} lost");
                    }
                    text_with_markers.as_str()
                }
            };
            for w in ours_ins.iter().chain(&theirs_ins) {
                assert!(
                    text.contains(w.as_str()),
                    "round {round}: {w} lost in\n{text}"
                );
            }
        }
        println!("random overlapping edits: {clean_overlapping} clean, {conflicted} conflicts");
        assert!(clean_overlapping > 0 && conflicted > 0);
    }

    #[test]
    fn merge_timing_of_a_5000_word_article() {
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
            "receptor",
            "a",
            "is",
        ];
        let mut rng = Lcg(5);
        let mut base = String::new();
        for i in 0..5000 {
            if i > 0 {
                base.push_str(if i % 100 == 0 { ".\n\n" } else { " " });
            }
            if i % 5 == 4 {
                base.push_str(&format!("w{i}"));
            } else {
                base.push_str(VOCAB[rng.next(VOCAB.len())]);
            }
        }
        let ours = base
            .replace(" w104 ", " w104 inserted by us ")
            .replace(" w2004", "")
            .replace(" w3009 ", " w3009, ");
        let theirs = base
            .replace(" w109 ", " w109 inserted by them ")
            .replace(" w2509 ", " w2509; ")
            .replace(" w4004 ", " changed4004 ");
        let t = Instant::now();
        let m = merge3(&base, &ours, &theirs);
        let took = t.elapsed();
        let merged = clean(m);
        println!("merge of a 5000-word article with 6 edits: {took:?}");
        assert!(merged.contains("inserted by us") && merged.contains("inserted by them"));
        assert!(!merged.contains(" w2004") && merged.contains("changed4004"));

        // Two unrelated long texts finish (coarsely) too.
        let other: String = base.split(' ').rev().collect::<Vec<_>>().join(" ");
        let t = Instant::now();
        let m = merge3(&base, &other, &ours);
        println!(
            "merge of unrelated 5000-word texts: {:?} (clean: {})",
            t.elapsed(),
            m.is_clean()
        );
    }
}
