//! The word alignment WikiWho takes from Python's `difflib.Differ`.
//!
//! WikiWho diffs the words left over after paragraph and sentence matching
//! with `Differ().compare(prev, curr)` and pairs the words the diff calls
//! equal. Which words pair up depends on difflib's own heuristics (the
//! Ratcliff–Obershelp longest-block recursion, the "popular element" rule
//! for sequences of 200 or more, and `Differ`'s search for similar lines
//! inside replaced blocks), so agreeing with WikiWho word for word means
//! computing the same alignment. This module reimplements that alignment
//! (CPython 3.11's `difflib`) and returns only what WikiWho uses: the
//! pairs of equal elements.

use std::hash::Hash;

use rustc_hash::FxHashMap;

/// A matching block: `a[i..i + size] == b[j..j + size]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Block {
    i: usize,
    j: usize,
    size: usize,
}

/// `difflib.SequenceMatcher` with no junk function and `autojunk=True`,
/// for a fixed second sequence `b`.
pub struct SequenceMatcher<'b, T> {
    b: &'b [T],
    /// For each element of `b` that is not "popular", where it occurs.
    b2j: FxHashMap<T, Vec<usize>>,
    /// How often each element occurs in `b`, for [`Self::quick_ratio`].
    full_count: Option<FxHashMap<T, usize>>,
}

impl<'b, T: Copy + Eq + Hash> SequenceMatcher<'b, T> {
    /// Indexes `b`. As in difflib, when `b` has 200 elements or more, an
    /// element making up more than 1% of it is "popular" and never starts a
    /// match (it can still extend one).
    pub fn new(b: &'b [T]) -> Self {
        let mut b2j: FxHashMap<T, Vec<usize>> = FxHashMap::default();
        for (j, &x) in b.iter().enumerate() {
            b2j.entry(x).or_default().push(j);
        }
        let n = b.len();
        if n >= 200 {
            let ntest = n / 100 + 1;
            b2j.retain(|_, js| js.len() <= ntest);
        }
        SequenceMatcher {
            b,
            b2j,
            full_count: None,
        }
    }

    /// The longest block of `a[alo..ahi]` equal to one of `b[blo..bhi]`,
    /// the earliest in `a` among the longest, then the earliest in `b`.
    fn longest_match(&self, a: &[T], alo: usize, ahi: usize, blo: usize, bhi: usize) -> Block {
        let b = self.b;
        let (mut besti, mut bestj, mut bestsize) = (alo, blo, 0);
        let mut j2len: FxHashMap<usize, usize> = FxHashMap::default();
        let mut next: FxHashMap<usize, usize> = FxHashMap::default();
        for (i, x) in a.iter().enumerate().take(ahi).skip(alo) {
            next.clear();
            if let Some(js) = self.b2j.get(x) {
                for &j in js {
                    if j < blo {
                        continue;
                    }
                    if j >= bhi {
                        break;
                    }
                    let k = j
                        .checked_sub(1)
                        .and_then(|p| j2len.get(&p))
                        .copied()
                        .unwrap_or(0)
                        + 1;
                    next.insert(j, k);
                    if k > bestsize {
                        besti = i + 1 - k;
                        bestj = j + 1 - k;
                        bestsize = k;
                    }
                }
            }
            std::mem::swap(&mut j2len, &mut next);
        }
        // Popular elements never start a match but may extend one.
        while besti > alo && bestj > blo && a[besti - 1] == b[bestj - 1] {
            besti -= 1;
            bestj -= 1;
            bestsize += 1;
        }
        while besti + bestsize < ahi
            && bestj + bestsize < bhi
            && a[besti + bestsize] == b[bestj + bestsize]
        {
            bestsize += 1;
        }
        Block {
            i: besti,
            j: bestj,
            size: bestsize,
        }
    }

    /// difflib's `get_matching_blocks`, without the final sentinel.
    fn matching_blocks(&self, a: &[T]) -> Vec<Block> {
        let mut queue = vec![(0, a.len(), 0, self.b.len())];
        let mut blocks = Vec::new();
        while let Some((alo, ahi, blo, bhi)) = queue.pop() {
            let m = self.longest_match(a, alo, ahi, blo, bhi);
            if m.size > 0 {
                if alo < m.i && blo < m.j {
                    queue.push((alo, m.i, blo, m.j));
                }
                if m.i + m.size < ahi && m.j + m.size < bhi {
                    queue.push((m.i + m.size, ahi, m.j + m.size, bhi));
                }
                blocks.push(m);
            }
        }
        blocks.sort_unstable();
        // Merge blocks that touch, as difflib does.
        let mut merged: Vec<Block> = Vec::with_capacity(blocks.len());
        for blk in blocks {
            match merged.last_mut() {
                Some(last) if last.i + last.size == blk.i && last.j + last.size == blk.j => {
                    last.size += blk.size;
                }
                _ => merged.push(blk),
            }
        }
        merged
    }

    /// `2 * matches / (len(a) + len(b))`, 1.0 for two empty sequences.
    fn ratio_of(matches: usize, total: usize) -> f64 {
        if total == 0 {
            1.0
        } else {
            2.0 * matches as f64 / total as f64
        }
    }

    /// An upper bound on [`Self::ratio`] from the lengths alone.
    pub fn real_quick_ratio(&self, a: &[T]) -> f64 {
        Self::ratio_of(a.len().min(self.b.len()), a.len() + self.b.len())
    }

    /// An upper bound on [`Self::ratio`] from the element counts alone.
    pub fn quick_ratio(&mut self, a: &[T]) -> f64 {
        let b = self.b;
        let full = self.full_count.get_or_insert_with(|| {
            let mut c: FxHashMap<T, usize> = FxHashMap::default();
            for &x in b {
                *c.entry(x).or_default() += 1;
            }
            c
        });
        let mut avail: FxHashMap<T, isize> = FxHashMap::default();
        let mut matches = 0;
        for &x in a {
            let left = avail
                .entry(x)
                .or_insert_with(|| full.get(&x).copied().unwrap_or(0) as isize);
            if *left > 0 {
                matches += 1;
            }
            *left -= 1;
        }
        Self::ratio_of(matches, a.len() + b.len())
    }

    /// difflib's similarity of `a` to `b`.
    pub fn ratio(&self, a: &[T]) -> f64 {
        let matches = self.matching_blocks(a).iter().map(|m| m.size).sum();
        Self::ratio_of(matches, a.len() + self.b.len())
    }
}

/// The pairs `(i, j)` with `a[i] == b[j]` that `Differ().compare(a, b)`
/// reports as unchanged (`"  "` lines), in increasing order.
///
/// `a` and `b` are interned words (equal ids for equal words); `chars`
/// gives a word's characters, which `Differ` compares to find the most
/// similar pair inside a replaced block.
pub fn differ_equal_pairs<'c>(
    a: &[u32],
    b: &[u32],
    chars: impl Fn(u32) -> &'c [char],
) -> Vec<(usize, usize)> {
    let matcher = SequenceMatcher::new(b);
    let blocks = matcher.matching_blocks(a);
    let mut pairs = Vec::new();
    let (mut i, mut j) = (0, 0);
    let sentinel = Block {
        i: a.len(),
        j: b.len(),
        size: 0,
    };
    for blk in blocks.iter().chain(std::iter::once(&sentinel)) {
        if i < blk.i && j < blk.j {
            fancy_replace(a, i, blk.i, b, j, blk.j, &chars, &mut pairs);
        }
        pairs.extend((0..blk.size).map(|k| (blk.i + k, blk.j + k)));
        i = blk.i + blk.size;
        j = blk.j + blk.size;
    }
    pairs.sort_unstable();
    pairs
}

/// `Differ._fancy_replace`: inside a replaced block, synchronise on the
/// most similar pair of words (similarity ≥ 0.75, never an identical
/// pair), or failing that on the first identical pair, and recurse on both
/// sides. Only identical synchronisation pairs are "equal". Written with
/// an explicit stack (difflib recurses), since only the set of pairs
/// matters, not the order the lines come out in.
#[allow(clippy::too_many_arguments)]
fn fancy_replace<'c>(
    a: &[u32],
    alo: usize,
    ahi: usize,
    b: &[u32],
    blo: usize,
    bhi: usize,
    chars: &impl Fn(u32) -> &'c [char],
    pairs: &mut Vec<(usize, usize)>,
) {
    const CUTOFF: f64 = 0.75;
    let mut stack = vec![(alo, ahi, blo, bhi)];
    while let Some((alo, ahi, blo, bhi)) = stack.pop() {
        let mut best_ratio = 0.74;
        let mut best = (alo, blo);
        let mut first_equal: Option<(usize, usize)> = None;
        for (j, &bj_word) in b.iter().enumerate().take(bhi).skip(blo) {
            let mut cruncher = SequenceMatcher::new(chars(bj_word));
            for (i, &ai_word) in a.iter().enumerate().take(ahi).skip(alo) {
                if ai_word == bj_word {
                    if first_equal.is_none() {
                        first_equal = Some((i, j));
                    }
                    continue;
                }
                let ai = chars(ai_word);
                if cruncher.real_quick_ratio(ai) > best_ratio
                    && cruncher.quick_ratio(ai) > best_ratio
                {
                    let r = cruncher.ratio(ai);
                    if r > best_ratio {
                        best_ratio = r;
                        best = (i, j);
                    }
                }
            }
        }
        let (bi, bj) = if best_ratio < CUTOFF {
            match first_equal {
                // No similar pair and no identical one: a plain replace.
                None => continue,
                Some(eq) => {
                    pairs.push(eq);
                    eq
                }
            }
        } else {
            best
        };
        if alo < bi && blo < bj {
            stack.push((alo, bi, blo, bj));
        }
        if bi + 1 < ahi && bj + 1 < bhi {
            stack.push((bi + 1, ahi, bj + 1, bhi));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intern<'a>(words: &[&'a str], table: &mut Vec<&'a str>) -> Vec<u32> {
        words
            .iter()
            .map(|w| match table.iter().position(|t| t == w) {
                Some(p) => p as u32,
                None => {
                    table.push(w);
                    (table.len() - 1) as u32
                }
            })
            .collect()
    }

    fn pairs(a: &[&str], b: &[&str]) -> Vec<(usize, usize)> {
        let mut table = Vec::new();
        let (ia, ib) = (intern(a, &mut table), intern(b, &mut table));
        let chars: Vec<Vec<char>> = table.iter().map(|w| w.chars().collect()).collect();
        differ_equal_pairs(&ia, &ib, |id| &chars[id as usize])
    }

    #[test]
    fn ratios_match_difflib() {
        // difflib.SequenceMatcher(None, "abcd", "bcde").ratio() == 0.75
        let a: Vec<char> = "abcd".chars().collect();
        let b: Vec<char> = "bcde".chars().collect();
        let mut m = SequenceMatcher::new(&b);
        assert_eq!(m.ratio(&a), 0.75);
        assert_eq!(m.quick_ratio(&a), 0.75);
        assert_eq!(m.real_quick_ratio(&a), 1.0);
    }

    #[test]
    fn equal_runs_pair_up() {
        // list(Differ().compare(["a","b","c"], ["a","x","c"])) keeps a and c.
        assert_eq!(pairs(&["a", "b", "c"], &["a", "x", "c"]), [(0, 0), (2, 2)]);
    }

    #[test]
    fn identical_words_inside_a_replaced_block_synchronise() {
        // Differ().compare(["x","the","y"], ["p","the","q"]): "the" is a
        // matching block; x/p and y/q are replaced without similar pairs.
        assert_eq!(pairs(&["x", "the", "y"], &["p", "the", "q"]), [(1, 1)]);
    }

    #[test]
    fn popular_words_do_not_start_matches_in_long_sequences() {
        // In a b of 200+ words, "the" (> 1% of b) is popular: it cannot
        // anchor a match, but Differ's fancy replace still pairs the first
        // identical "the" it meets.
        let mut b = vec!["the"; 10];
        b.extend(std::iter::repeat_n("w", 200));
        let a = ["the", "z"];
        let got = pairs(&a, &b);
        assert_eq!(got, [(0, 0)]);
    }
}
