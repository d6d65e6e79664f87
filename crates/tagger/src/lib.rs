//! Locus's text tagger: finds genes, diseases and chemicals in titles,
//! abstracts and GeneRIFs, and normalises each mention to an NCBI GeneID,
//! a MeSH id or an ontology id.
//!
//! The tagger is a dictionary tagger with rules for what makes biomedical
//! names hard (see [`tagger`]): short ambiguous symbols, abbreviations
//! defined in the text, gene families, composite mentions, orthologs that
//! share a name. Its vocabulary is a [`Lexicon`] that the knowledge base
//! fills from the store (gene symbols, aliases and names; disease and
//! phenotype names and synonyms with their MeSH cross-references) and
//! from [`learned::SHIPPED`], what the training splits of the gold
//! corpora teach. This crate reads no files and knows no store: it turns
//! text into [`Mention`]s.

pub mod abbrev;
pub mod learned;
pub mod lexicon;
pub mod species;
pub mod tagger;
pub mod text;

pub use learned::{GoldMention, GoldText, Learned};
pub use lexicon::{EntityKind, Lexicon, LexiconBuilder, NameSource, Target, TargetIx};
pub use tagger::{How, Mention, Tagger};
