//! What a wiki address names: `gene/571`, `publication/17942419`,
//! `disease/DOID:1612`, `topic/oxidative-stress`. Every front end (pages,
//! the API, the MCP server) resolves an article the same way; genes it
//! leaves to the caller, who answers an ambiguous or unknown name in its
//! own way (a choice page, a 300, candidates for an agent).

use locus_model::{ArticleSubject, EntityRef, Pmid, TermId, TopicSlug};

use crate::{KnowledgeBase, Result};

/// The kinds of article an address may name.
pub const KINDS: [&str; 6] = [
    "gene",
    "publication",
    "disease",
    "phenotype",
    "go_term",
    "topic",
];

/// An article's subject and title, resolved.
#[derive(Debug, Clone)]
pub struct ArticleTarget {
    /// What it is about.
    pub subject: ArticleSubject,
    /// Its title (a paper's, a term's name, a topic's).
    pub title: String,
}

/// Why an address names no article subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoTarget {
    /// `kind` is none of [`KINDS`].
    UnknownKind(String),
    /// The id cannot be one of its kind (`abc` as a PubMed id).
    BadId(String),
    /// A well-formed PubMed id no imported source mentions.
    NoPublication(Pmid),
    /// A well-formed term id no imported source names.
    NoTerm(TermId),
}

impl NoTarget {
    /// What to tell the reader.
    pub fn message(&self) -> String {
        match self {
            NoTarget::UnknownKind(k) => format!(
                "there are no {k:?} articles; kinds are {}",
                KINDS.join(", ")
            ),
            NoTarget::BadId(m) => m.clone(),
            NoTarget::NoPublication(p) => format!("no imported source mentions PubMed {p}"),
            NoTarget::NoTerm(t) => format!("no imported source names {t}"),
        }
    }
}

impl KnowledgeBase {
    /// The subject and title of the article `kind`/`id` names, for every
    /// kind but `gene` (the caller resolves gene names).
    pub fn article_target(
        &self,
        kind: &str,
        id: &str,
    ) -> Result<std::result::Result<ArticleTarget, NoTarget>> {
        match kind {
            "publication" => {
                let Some(pmid) = id.parse::<Pmid>().ok().filter(|p| p.0 > 0) else {
                    return Ok(Err(NoTarget::BadId(format!("{id:?} is not a PubMed id"))));
                };
                let Some(detail) = self.store().publication(pmid)? else {
                    return Ok(Err(NoTarget::NoPublication(pmid)));
                };
                Ok(Ok(ArticleTarget {
                    subject: ArticleSubject::Entity(EntityRef::Publication(pmid)),
                    title: detail
                        .citation
                        .map(|c| c.title)
                        .unwrap_or_else(|| format!("PubMed {pmid}")),
                }))
            }
            "disease" | "phenotype" | "go_term" => {
                let term: TermId = match id.parse() {
                    Ok(t) => t,
                    Err(e) => return Ok(Err(NoTarget::BadId(format!("{e}")))),
                };
                let entity = EntityRef::of_term(term);
                if entity.kind().as_str() != kind {
                    return Ok(Err(NoTarget::BadId(format!(
                        "{term} is a {}, not a {kind}",
                        entity.kind().as_str()
                    ))));
                }
                let Some(detail) = self.store().term(term)? else {
                    return Ok(Err(NoTarget::NoTerm(term)));
                };
                Ok(Ok(ArticleTarget {
                    subject: ArticleSubject::Entity(entity),
                    title: detail.name,
                }))
            }
            "topic" => {
                let Some(slug) = TopicSlug::parse(id) else {
                    return Ok(Err(NoTarget::BadId(format!(
                        "{id:?} is not a topic slug (lowercase letters and digits joined by -)"
                    ))));
                };
                let subject = ArticleSubject::Topic(slug.clone());
                let title = match self.article(&subject)? {
                    Some(a) => a.title,
                    None => slug.title(),
                };
                Ok(Ok(ArticleTarget { subject, title }))
            }
            other => Ok(Err(NoTarget::UnknownKind(other.to_string()))),
        }
    }
}
