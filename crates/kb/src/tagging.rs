//! The text tagger's vocabulary, filled from the store.
//!
//! [`lexicon`] gives `locus-tagger` what the store knows by name: every
//! gene's symbol, aliases and full name (human, mouse, any organism
//! imported), with its PubMed count to break ties between genes sharing
//! an alias; every disease and phenotype's name and synonyms, with the
//! MeSH descriptor its cross-references give; and what the training
//! corpora taught ([`locus_tagger::learned::SHIPPED`]).

use locus_model::GeneId;
use locus_store::{CoMention, CoMentioned, GeneStore, StoreBackend, TaggedText, TextMention};
use locus_tagger::learned::{Learned, SHIPPED};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

use locus_tagger::text::tokenize;
use locus_tagger::{
    EntityKind, Lexicon, LexiconBuilder, Mention, NameSource, Tagger, Target, TargetIx,
};

use crate::{Error, Result};

/// A word in at least this many genes' designations is a generic word
/// (`protein`, `receptor`, `cell`, `surface`); a designation of such words
/// only is not a name of its gene.
const GENERIC_WORD_DESIGNATIONS: u32 = 100;

/// The lexicon of everything the store names plus the learned file
/// (`learned`, or the one Locus ships when `None`).
pub fn lexicon(store: &dyn GeneStore, learned: Option<&Learned>) -> Result<Lexicon> {
    let mut b = LexiconBuilder::new();
    for g in store.search_entries()? {
        let t = b.target(Target {
            kind: EntityKind::Gene,
            id: g.gene_id.0.to_string(),
            tax_id: Some(g.tax_id),
            mesh: None,
            weight: u32::try_from(g.pubmed_count).unwrap_or(u32::MAX),
        });
        b.name(t, &g.symbol, NameSource::Symbol, 0);
        for a in &g.aliases {
            b.name(t, a, NameSource::Alias, 0);
        }
        if let Some(name) = &g.name {
            b.name(t, name, NameSource::FullName, 0);
        }
    }
    // A designation several genes of one organism share ("protein
    // tyrosine phosphatase", "RNA helicase") names a family, not a gene.
    let designations = store.gene_designations()?;
    let mut holders: HashMap<(u32, String), u32> = HashMap::new();
    let mut named: Vec<(TargetIx, u32, String, String)> = Vec::new();
    for (gene, designation) in designations {
        let Some(t) = b.find(EntityKind::Gene, &gene.0.to_string()) else {
            continue;
        };
        let tax = b.get(t).tax_id.map_or(0, |x| x.0);
        let key = tokenize(&designation).key();
        *holders.entry((tax, key.clone())).or_default() += 1;
        named.push((t, tax, key, designation));
    }
    // A designation made only of words that hundreds of designations use
    // ("cell surface receptor", "cytoplasmic protein") names no one gene.
    let mut word_genes: HashMap<&str, u32> = HashMap::new();
    for (_, _, key, _) in &named {
        let mut words: Vec<&str> = key.split(' ').collect();
        words.sort_unstable();
        words.dedup();
        for w in words {
            *word_genes.entry(w).or_default() += 1;
        }
    }
    let generic = |key: &str| {
        key.split(' ').all(|w| {
            !w.bytes().all(|b| b.is_ascii_digit())
                && word_genes.get(w).copied().unwrap_or(0) >= GENERIC_WORD_DESIGNATIONS
        })
    };
    let keep: Vec<bool> = named
        .iter()
        .map(|(_, tax, key, _)| holders.get(&(*tax, key.clone())) == Some(&1) && !generic(key))
        .collect();
    for ((t, _, _, designation), keep) in named.iter().zip(keep) {
        if keep {
            b.name(*t, designation, NameSource::FullName, 0);
        }
    }
    let terms = store.tagger_terms()?;
    // A phenotype without a MeSH xref takes the MeSH id of a disease term
    // naming the same UMLS concept (HPO and DOID both cite UMLS).
    let mut mesh_of_umls: HashMap<&str, &str> = HashMap::new();
    for term in &terms {
        if let Some(m) = term.mesh.first() {
            for u in &term.umls {
                mesh_of_umls.entry(u.as_str()).or_insert(m.as_str());
            }
        }
    }
    for term in &terms {
        let mesh = term.mesh.first().cloned().or_else(|| {
            term.umls
                .iter()
                .find_map(|u| mesh_of_umls.get(u.as_str()).map(|m| m.to_string()))
        });
        let t = b.target(Target {
            kind: EntityKind::Disease,
            id: term.id.to_string(),
            tax_id: None,
            mesh,
            weight: 0,
        });
        b.name(t, &term.name, NameSource::TermName, 0);
        for s in &term.synonyms {
            b.name(t, s, NameSource::TermSynonym, 0);
        }
    }
    let shipped;
    let learned = match learned {
        Some(l) => l,
        None => {
            shipped = Learned::parse(SHIPPED).map_err(|e| Error::Invalid(e.to_string()))?;
            &shipped
        }
    };
    learned.add_to(&mut b);
    Ok(b.build())
}

/// A tagger over [`lexicon`].
pub fn tagger(store: &dyn GeneStore, learned: Option<&Learned>) -> Result<Tagger> {
    Ok(Tagger::new(lexicon(store, learned)?))
}

/// What a tagging pass did.
#[derive(Debug, Clone, PartialEq)]
pub struct TagReport {
    /// The run's number.
    pub run: i64,
    /// Texts tagged.
    pub texts: u64,
    /// Mentions found.
    pub mentions: u64,
    /// Seconds spent building the lexicon.
    pub lexicon_seconds: f64,
    /// Seconds spent tagging and saving.
    pub tagging_seconds: f64,
}

/// Texts tagged per transaction: a kill loses at most one batch, which
/// the next pass tags again.
const BATCH: u64 = 5_000;

/// Tags the papers and GeneRIFs no run has tagged (every one with
/// `retag`, after the vocabularies changed), in batches that each commit
/// whole. `None` when there was nothing to tag (no lexicon is built).
/// `before_save` is called with the number of batches saved so far
/// before each batch is saved (the CLI's test hook stops there, so a test
/// can kill a pass at a known point).
pub fn tag_texts(
    store: &dyn StoreBackend,
    retag: bool,
    before_save: &mut dyn FnMut(u64),
) -> Result<Option<TagReport>> {
    if !retag && store.untagged_texts(1)?.is_empty() {
        return Ok(None);
    }
    let started = std::time::Instant::now();
    let tagger = tagger(store, None)?;
    let lexicon_seconds = started.elapsed().as_secs_f64();
    let learned_sha = crate::hex(&Sha256::digest(SHIPPED.as_bytes())[..6]);
    let describe = format!(
        "locus-tagger {}, learned.tsv sha256 {learned_sha}…",
        env!("CARGO_PKG_VERSION")
    );
    let imports = store.imports()?;
    let vocabulary = format!(
        "store generation {}, {} imports (newest #{})",
        store.generation()?,
        imports.len(),
        imports.iter().map(|i| i.id.get()).max().unwrap_or(0)
    );
    let run = store.start_tagging(&describe, &vocabulary, retag)?;
    let tagging = std::time::Instant::now();
    let (mut texts, mut mentions, mut batches) = (0u64, 0u64, 0u64);
    loop {
        let batch = store.untagged_texts(BATCH)?;
        if batch.is_empty() {
            break;
        }
        let tagged: Vec<TaggedText> = batch
            .iter()
            .map(|t| {
                let found = tagger.tag(&t.text);
                TaggedText {
                    doc: t.doc,
                    pairs: co_mentions(&t.text, &found),
                    mentions: found.iter().map(stored).collect(),
                }
            })
            .collect();
        texts += tagged.len() as u64;
        mentions += tagged.iter().map(|t| t.mentions.len() as u64).sum::<u64>();
        before_save(batches);
        store.save_tags(run.id, &tagged)?;
        batches += 1;
    }
    Ok(Some(TagReport {
        run: run.id,
        texts,
        mentions,
        lexicon_seconds,
        tagging_seconds: tagging.elapsed().as_secs_f64(),
    }))
}

/// Each gene with each other gene, disease, phenotype and chemical named
/// in the same sentence of `text`, with the number of such sentences. A pair
/// of genes is listed from both sides, so either finds it.
pub fn co_mentions(text: &str, mentions: &[Mention]) -> Vec<CoMention> {
    let mut counts: std::collections::BTreeMap<(GeneId, CoMentioned), u32> = Default::default();
    for (s, e) in locus_tagger::text::sentences(text) {
        let inside = mentions.iter().filter(|m| m.bytes.0 >= s && m.bytes.1 <= e);
        let mut genes: Vec<GeneId> = Vec::new();
        let mut diseases: Vec<&str> = Vec::new();
        let mut chemicals: Vec<&str> = Vec::new();
        for m in inside {
            match m.kind {
                EntityKind::Gene => {
                    genes.extend(m.ids.iter().filter_map(|i| i.parse::<GeneId>().ok()))
                }
                EntityKind::Disease => diseases.extend(m.ids.iter().map(String::as_str)),
                EntityKind::Chemical => chemicals.extend(m.ids.iter().map(String::as_str)),
            }
        }
        genes.sort_unstable();
        genes.dedup();
        diseases.sort_unstable();
        diseases.dedup();
        chemicals.sort_unstable();
        chemicals.dedup();
        for &g in &genes {
            let others = genes
                .iter()
                .filter(|&&o| o != g)
                .map(|&o| CoMentioned::Gene(o))
                .chain(diseases.iter().map(|d| CoMentioned::Disease(d.to_string())))
                .chain(
                    chemicals
                        .iter()
                        .map(|c| CoMentioned::Chemical(c.to_string())),
                );
            for o in others {
                *counts.entry((g, o)).or_insert(0) += 1;
            }
        }
    }
    counts
        .into_iter()
        .map(|((gene, other), sentences)| CoMention {
            gene,
            other,
            sentences,
        })
        .collect()
}

/// A mention as the store keeps it.
fn stored(m: &Mention) -> TextMention {
    TextMention {
        start: m.start,
        end: m.end,
        mention: m.text.clone(),
        kind: m.kind.pubtator().to_string(),
        ids: m.ids.clone(),
        tax_id: m.tax_id,
        rule: serde_json::to_value(&m.how).unwrap_or(serde_json::Value::Null),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use locus_model::TaxId;

    /// BACH1, HMOX1 (NCBI Gene symbols) and breast cancer (DOID:1612,
    /// MeSH D001943) as a store would give them.
    fn tagger() -> Tagger {
        let mut b = LexiconBuilder::new();
        for (id, symbol) in [("571", "BACH1"), ("3162", "HMOX1")] {
            let t = b.target(Target {
                kind: EntityKind::Gene,
                id: id.into(),
                tax_id: Some(TaxId(9606)),
                mesh: None,
                weight: 100,
            });
            b.name(t, symbol, NameSource::Symbol, 0);
        }
        let t = b.target(Target {
            kind: EntityKind::Disease,
            id: "DOID:1612".into(),
            tax_id: None,
            mesh: Some("D001943".into()),
            weight: 0,
        });
        b.name(t, "breast cancer", NameSource::TermName, 0);
        Tagger::new(b.build())
    }

    #[test]
    fn pairs_are_counted_by_sentence_and_listed_from_both_genes() {
        let text = "BACH1 represses HMOX1 in breast cancer. HMOX1 is induced. \
                    BACH1 and HMOX1 again.";
        let found = tagger().tag(text);
        let pairs = co_mentions(text, &found);
        let get = |g: u64, o: CoMentioned| {
            pairs
                .iter()
                .find(|p| p.gene == GeneId(g) && p.other == o)
                .map(|p| p.sentences)
        };
        assert_eq!(get(571, CoMentioned::Gene(GeneId(3162))), Some(2));
        assert_eq!(get(3162, CoMentioned::Gene(GeneId(571))), Some(2));
        assert_eq!(get(571, CoMentioned::Disease("D001943".into())), Some(1));
        assert_eq!(get(3162, CoMentioned::Disease("D001943".into())), Some(1));
        assert_eq!(pairs.len(), 4, "{pairs:?}");
    }
}
