//! What the tagger learns from training corpora, and the file it ships.
//!
//! Two things are learned from the *training* splits of the gold corpora
//! (never their test splits, which the evaluation reports on):
//!
//! - **names**: how the corpora's annotators wrote each gene, disease and
//!   chemical, with the id they gave it and how often (`p53` → 7157,
//!   `cisplatin` → MeSH D002945). Locus's store has no chemical vocabulary
//!   yet, so learned names are all it knows of chemicals.
//! - **stops**: spellings the tagger finds in the training texts that the
//!   annotators mostly did not mark as that kind of entity (`AIDS` as a
//!   verb, `SET` as a word): a spelling never right and wrong at least
//!   once, or wrong at least twice and more often than right, is stopped
//!   (the rule two-fold cross-validation on the training splits chose).
//!
//! The file (`data/learned.tsv`, tab-separated, `#` comments) has rows
//!
//! ```text
//! name<TAB>Gene<TAB>p53<TAB>7157<TAB>41
//! stop<TAB>Gene<TAB>AIDS<TAB>1<TAB>12
//! ```
//!
//! `name` rows give kind, spelling, id and count; `stop` rows kind,
//! spelling, times right and times wrong.

use std::collections::BTreeMap;
use std::fmt::Write;

use rustc_hash::FxHashMap;

use crate::lexicon::{EntityKind, LexiconBuilder, NameSource, Target};
use crate::tagger::Tagger;
use crate::text::tokenize;

/// The learned file Locus ships, built by `locus tag-learn` from the
/// training corpora in `../shared/data/text_mining` (see
/// `crates/tagger/data/README.md`).
pub const SHIPPED: &str = include_str!("../data/learned.tsv");

/// A malformed row of a learned file.
#[derive(Debug, thiserror::Error)]
#[error("learned tagger file, line {line}: {message}")]
pub struct LearnedError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// A gold mention of a training text, as the corpus gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldMention {
    /// Character offsets into the text.
    pub start: u32,
    /// Character offset just after the mention.
    pub end: u32,
    /// The mention as the corpus writes it.
    pub form: String,
    /// Its kind.
    pub kind: EntityKind,
    /// The ids it was normalised to (bare: no taxon suffix).
    pub ids: Vec<String>,
}

/// A training text with its gold mentions.
#[derive(Debug, Clone)]
pub struct GoldText {
    /// Title, a space, abstract.
    pub text: String,
    /// The corpus's annotations of the kinds it marks.
    pub gold: Vec<GoldMention>,
}

/// One learned name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LearnedName {
    /// Gene, disease or chemical.
    pub kind: EntityKind,
    /// The spelling.
    pub form: String,
    /// The id given to it.
    pub id: String,
    /// How often.
    pub count: u32,
}

/// One learned stop.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LearnedStop {
    /// The kind the spelling is usually not.
    pub kind: EntityKind,
    /// The spelling (one of those met; all with its key are stopped).
    pub form: String,
    /// Times the tagger's reading was right in training.
    pub right: u32,
    /// Times it was wrong.
    pub wrong: u32,
}

/// The contents of a learned file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Learned {
    /// Names, sorted.
    pub names: Vec<LearnedName>,
    /// Stops, sorted.
    pub stops: Vec<LearnedStop>,
}

fn kind_of(s: &str) -> Option<EntityKind> {
    EntityKind::from_pubtator(s)
}

impl Learned {
    /// Reads a learned file.
    pub fn parse(text: &str) -> Result<Learned, LearnedError> {
        let mut out = Learned::default();
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |message: String| LearnedError {
                line: line_no,
                message,
            };
            let cells: Vec<&str> = line.split('\t').collect();
            if cells.len() != 5 {
                return Err(err(format!(
                    "5 tab-separated cells expected, {} found",
                    cells.len()
                )));
            }
            let kind = kind_of(cells[1]).ok_or_else(|| {
                err(format!(
                    "kind: {:?} is not Gene, Disease or Chemical",
                    cells[1]
                ))
            })?;
            let number = |field: &str, s: &str| {
                s.parse::<u32>()
                    .map_err(|_| err(format!("{field}: {s:?} is not a count")))
            };
            match cells[0] {
                "name" => out.names.push(LearnedName {
                    kind,
                    form: cells[2].to_string(),
                    id: cells[3].to_string(),
                    count: number("count", cells[4])?,
                }),
                "stop" => out.stops.push(LearnedStop {
                    kind,
                    form: cells[2].to_string(),
                    right: number("right", cells[3])?,
                    wrong: number("wrong", cells[4])?,
                }),
                other => return Err(err(format!("row type {other:?} is not name or stop"))),
            }
        }
        Ok(out)
    }

    /// The file's text.
    pub fn write(&self) -> String {
        let mut s = String::from(
            "# Locus tagger: names and stops learned from gold training corpora; see data/README.md.\n",
        );
        for n in &self.names {
            let _ = writeln!(
                s,
                "name\t{}\t{}\t{}\t{}",
                n.kind.pubtator(),
                n.form,
                n.id,
                n.count
            );
        }
        for t in &self.stops {
            let _ = writeln!(
                s,
                "stop\t{}\t{}\t{}\t{}",
                t.kind.pubtator(),
                t.form,
                t.right,
                t.wrong
            );
        }
        s
    }

    /// Adds the learned names and stops to a lexicon. A gene name counts
    /// only for a GeneID the lexicon already holds (from the store), so it
    /// has an organism; disease and chemical names are targets of their
    /// own (a MeSH id, or `OMIM:…`).
    pub fn add_to(&self, b: &mut LexiconBuilder) {
        for n in &self.names {
            let target = match n.kind {
                EntityKind::Gene => match b.find(EntityKind::Gene, &n.id) {
                    Some(t) => t,
                    None => continue,
                },
                kind => b.target(Target {
                    kind,
                    id: n.id.clone(),
                    tax_id: None,
                    mesh: n.id.starts_with(['D', 'C']).then(|| n.id.clone()),
                    weight: n.count,
                }),
            };
            b.name(target, &n.form, NameSource::Learned, n.count);
        }
        for s in &self.stops {
            b.stop(s.kind, &s.form);
        }
    }
}

/// Counts the gold spellings of `texts` (mentions with exactly one id).
pub fn learn_names(texts: &[GoldText]) -> Vec<LearnedName> {
    let mut counts: BTreeMap<(EntityKind, String, String), u32> = BTreeMap::new();
    for t in texts {
        for g in &t.gold {
            if let [id] = g.ids.as_slice() {
                let form = g.form.trim();
                if !form.is_empty() && !form.contains('\t') {
                    *counts
                        .entry((g.kind, form.to_string(), id.clone()))
                        .or_default() += 1;
                }
            }
        }
    }
    counts
        .into_iter()
        .map(|((kind, form, id), count)| LearnedName {
            kind,
            form,
            id,
            count,
        })
        .collect()
}

/// Runs `tagger` over the training texts and stops the spellings that
/// are mostly wrong (see the module documentation). A corpus only speaks
/// for the kinds it annotates, so each text's gold kinds bound what it
/// can count as wrong.
pub fn learn_stops(tagger: &Tagger, corpora: &[Vec<GoldText>]) -> Vec<LearnedStop> {
    let mut tally: FxHashMap<(EntityKind, String), (String, u32, u32)> = FxHashMap::default();
    for corpus in corpora {
        let kinds: Vec<EntityKind> = {
            let mut k: Vec<EntityKind> = corpus
                .iter()
                .flat_map(|t| t.gold.iter().map(|g| g.kind))
                .collect();
            k.sort();
            k.dedup();
            k
        };
        for t in corpus {
            for m in tagger.tag(&t.text) {
                if !kinds.contains(&m.kind) {
                    continue;
                }
                let right = t
                    .gold
                    .iter()
                    .any(|g| g.kind == m.kind && g.start < m.end && m.start < g.end);
                let key = (m.kind, tokenize(&m.text).key());
                let e = tally.entry(key).or_insert_with(|| (m.text.clone(), 0, 0));
                if right {
                    e.1 += 1;
                } else {
                    e.2 += 1;
                }
            }
        }
    }
    let mut stops: Vec<LearnedStop> = tally
        .into_iter()
        .filter(|(_, (_, right, wrong))| {
            (*right == 0 && *wrong >= 1) || (*wrong >= 2 && right < wrong)
        })
        .map(|((kind, _), (form, right, wrong))| LearnedStop {
            kind,
            form,
            right,
            wrong,
        })
        .collect();
    stops.sort();
    stops
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_file_reads() {
        let learned = Learned::parse(SHIPPED).expect("shipped file");
        assert_eq!(
            Learned::parse(&learned.write()).expect("round trip"),
            learned
        );
    }

    #[test]
    fn malformed_rows_name_their_line() {
        let e = Learned::parse("# c\nname\tGene\tp53\t7157\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "learned tagger file, line 2: 5 tab-separated cells expected, 4 found"
        );
        let e = Learned::parse("stop\tProtein\tx\t1\t2\n").unwrap_err();
        assert!(e.to_string().contains("line 1: kind"), "{e}");
        let e = Learned::parse("name\tGene\tp53\t7157\tmany\n").unwrap_err();
        assert!(e.to_string().contains("count: \"many\""), "{e}");
    }
}
