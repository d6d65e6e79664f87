//! `locus tag` and `locus tag-learn`: the text tagger on PubTator files.
//!
//! `locus tag` reads PubTator documents (annotations already in the file
//! are ignored) and writes them back with Locus's own annotations, so
//! Locus can be compared with PubTator, GNormPlus or a gold corpus with
//! the tools that read that format. `locus tag-learn` writes the learned
//! file the tagger ships (`crates/tagger/data/learned.tsv`) from the
//! training splits of the gold corpora.

use std::collections::BTreeSet;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use locus_ingest::pubtator::{write_document, PubtatorReader};
use locus_model::{AnnotatedDocument, Concept, Fact, MentionType, TaxId, TextAnnotation};
use locus_store::StoreBackend;
use locus_tagger::learned::{learn_names, learn_stops, Learned};
use locus_tagger::{EntityKind, GoldMention, GoldText, Mention, Tagger};

/// What `locus tag` writes.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum TagFormat {
    /// PubTator: title and abstract lines, then one line per mention
    /// (`PMID, start, end, mention, Gene|Disease|Chemical, id`).
    Pubtator,
    /// JSON Lines: one object per document with its mentions, their ids,
    /// organism and the rule that found each.
    Json,
}

/// A PubTator file, or standard input for `-`.
fn open_pubtator(file: &Path) -> Result<PubtatorReader> {
    Ok(if file == Path::new("-") {
        PubtatorReader::from_reader(
            Path::new("<stdin>"),
            Box::new(std::io::BufReader::new(std::io::stdin())),
        )?
    } else {
        PubtatorReader::open(file)?
    })
}

/// Reads every document of a PubTator file (or `-`, standard input) with
/// its annotations.
fn read_documents(file: &Path) -> Result<Vec<(AnnotatedDocument, Vec<TextAnnotation>)>> {
    Ok(locus_ingest::pubtator::read_documents(open_pubtator(
        file,
    )?)?)
}

fn as_annotation(doc: &AnnotatedDocument, m: &Mention) -> TextAnnotation {
    TextAnnotation {
        pmid: doc.pmid,
        start: m.start,
        end: m.end,
        mention: m.text.clone(),
        mention_type: MentionType::parse(m.kind.pubtator()),
        concepts: m
            .ids
            .iter()
            .map(|id| Concept {
                id: id.clone(),
                tax_id: None,
            })
            .collect(),
        written_identifiers: None,
        line: 0,
    }
}

/// `locus tag`.
pub fn tag(
    store: &dyn StoreBackend,
    file: &Path,
    format: TagFormat,
    organisms: Vec<TaxId>,
    learned: Option<&Path>,
) -> Result<()> {
    let started = Instant::now();
    let learned = match learned {
        Some(p) => Some(
            Learned::parse(
                &std::fs::read_to_string(p).with_context(|| format!("{}", p.display()))?,
            )
            .with_context(|| p.display().to_string())?,
        ),
        None => None,
    };
    let tagger = locus_kb::tagging::tagger(store, learned.as_ref())?.with_organisms(organisms);
    let built = started.elapsed();
    let tagging = Instant::now();
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let (mut documents, mut mentions) = (0usize, 0usize);
    // Documents are tagged as they are read, so memory does not grow
    // with the input (PubMed's 37M abstracts are one stream).
    for fact in open_pubtator(file)? {
        let Fact::AnnotatedDocument(doc) = fact? else {
            continue;
        };
        let found = tagger.tag(&doc.text());
        documents += 1;
        mentions += found.len();
        match format {
            TagFormat::Pubtator => {
                let anns: Vec<TextAnnotation> =
                    found.iter().map(|m| as_annotation(&doc, m)).collect();
                write_document(&mut out, &doc, &anns)?;
            }
            TagFormat::Json => {
                let line = serde_json::json!({
                    "pmid": doc.pmid,
                    "title": doc.title,
                    "abstract": doc.abstract_text,
                    "mentions": found,
                });
                serde_json::to_writer(&mut out, &line)?;
                writeln!(out)?;
            }
        }
    }
    out.flush()?;
    let secs = tagging.elapsed().as_secs_f64();
    let (targets, names, nodes) = tagger.lexicon().size();
    eprintln!(
        "tagged {} documents ({} mentions) in {:.2} s: {:.0} documents/s; lexicon of {} targets, {} names, {} trie nodes built in {:.2} s",
        documents,
        mentions,
        secs,
        documents as f64 / secs.max(1e-9),
        targets,
        names,
        nodes,
        built.as_secs_f64(),
    );
    Ok(())
}

/// The gold texts of a corpus, without the documents whose PMIDs are in
/// `held_out`.
fn gold_texts(file: &Path, held_out: &BTreeSet<u32>) -> Result<Vec<GoldText>> {
    let mut out = Vec::new();
    for (doc, anns) in read_documents(file)? {
        if held_out.contains(&doc.pmid.get()) {
            continue;
        }
        let gold = anns
            .iter()
            .filter_map(|a| {
                Some(GoldMention {
                    start: a.start,
                    end: a.end,
                    form: a.mention.clone(),
                    kind: EntityKind::from_pubtator(a.mention_type.as_str())?,
                    ids: a.concepts.iter().map(|c| c.id.clone()).collect(),
                })
            })
            .collect();
        out.push(GoldText {
            text: doc.text(),
            gold,
        });
    }
    Ok(out)
}

/// `locus tag-learn`: names and stops from the training corpora, never
/// from a document of the held-out (test) corpora.
pub fn learn(
    store: &dyn StoreBackend,
    corpora: &[PathBuf],
    held_out: &[PathBuf],
    out: &Path,
) -> Result<()> {
    if corpora.is_empty() {
        bail!("no training corpus given");
    }
    let mut test_pmids = BTreeSet::new();
    for f in held_out {
        for (doc, _) in read_documents(f)? {
            test_pmids.insert(doc.pmid.get());
        }
    }
    let mut texts = Vec::new();
    for f in corpora {
        let t = gold_texts(f, &test_pmids)?;
        eprintln!("{}: {} training documents", f.display(), t.len());
        texts.push(t);
    }
    let all: Vec<GoldText> = texts.iter().flatten().cloned().collect();
    let names = learn_names(&all);
    let with_names = Learned {
        names: names.clone(),
        stops: Vec::new(),
    };
    let tagger: Tagger = locus_kb::tagging::tagger(store, Some(&with_names))?;
    let stops = learn_stops(&tagger, &texts);
    eprintln!("learned {} names and {} stops", names.len(), stops.len());
    let learned = Learned { names, stops };
    std::fs::write(out, learned.write()).with_context(|| out.display().to_string())?;
    Ok(())
}
