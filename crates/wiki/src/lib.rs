//! Wiki text, independent of where it is stored and how it is served.
//!
//! - [`authorship`]: who wrote each word of a revision, carried across the
//!   whole history the way WikiWho does it (Flöck & Acosta, WWW 2014):
//!   paragraphs and sentences are matched by hash against every earlier
//!   revision, and only what is left is diffed word by word.
//! - [`tokenize`]: WikiWho's split of a text into paragraphs, sentences
//!   and tokens, and where each token sits in the text.
//! - [`difflib`]: the alignment WikiWho gets from Python's `difflib`,
//!   reimplemented so Locus agrees with it word for word.
//! - [`diff`]: what changed between two revisions, word by word, for the
//!   side-by-side view.
//! - [`merge`]: three-way merge of concurrent edits.
//! - [`markup`]: an article's markdown (or imported wikitext) to safe
//!   HTML, with entity links, numbered citations and knowledge-graph
//!   diagrams resolved through a [`markup::Resolver`].

pub mod authorship;
pub mod diff;
pub mod difflib;
pub mod markup;
pub mod merge;
pub mod tokenize;
