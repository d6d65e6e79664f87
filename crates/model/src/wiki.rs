//! The wiki's vocabulary: what an article is about ([`ArticleSubject`]),
//! revision and account identifiers, roles and markup languages.
//!
//! Articles are keyed by what they are about, never by a title: a gene's
//! article follows the GeneID, so a renamed symbol keeps its article.
//! Topic articles (mechanisms, cell types, methods) have no entity and are
//! keyed by a [`TopicSlug`].

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{EntityKind, EntityRef};

macro_rules! wiki_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

wiki_id!(
    /// A revision, numbered across the whole wiki as MediaWiki does, so
    /// `?rev=N` is a permanent address of one text.
    RevisionId
);
wiki_id!(
    /// An article: one per subject.
    ArticleId
);
wiki_id!(
    /// An account.
    UserId
);

/// A topic article's key: the title lowercased, every run of characters
/// other than letters and digits turned into one `-`, no `-` at either
/// end ("American goldfinch" → `american-goldfinch`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct TopicSlug(String);

/// Longest topic slug, in characters: long enough for any real title.
pub const MAX_SLUG_CHARS: usize = 200;

impl TopicSlug {
    /// The slug of a title, or `None` when the title has no letter or
    /// digit (or makes a slug over [`MAX_SLUG_CHARS`]).
    pub fn from_title(title: &str) -> Option<TopicSlug> {
        let mut slug = String::with_capacity(title.len());
        let mut dash = false;
        for c in title.chars() {
            if c.is_alphanumeric() {
                if dash && !slug.is_empty() {
                    slug.push('-');
                }
                dash = false;
                slug.extend(c.to_lowercase());
            } else {
                dash = true;
            }
        }
        (!slug.is_empty() && slug.chars().count() <= MAX_SLUG_CHARS).then_some(TopicSlug(slug))
    }

    /// `s` if it already is a slug (what [`Self::from_title`] makes of
    /// it is itself).
    pub fn parse(s: &str) -> Option<TopicSlug> {
        TopicSlug::from_title(s).filter(|t| t.0 == s)
    }

    /// The slug.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The title a new topic gets from its slug: words separated, the
    /// first capitalised (`oxidative-stress` → `Oxidative stress`).
    pub fn title(&self) -> String {
        let words = self.0.replace('-', " ");
        let mut c = words.chars();
        match c.next() {
            Some(f) => f.to_uppercase().chain(c).collect(),
            None => words,
        }
    }
}

impl fmt::Display for TopicSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What an article is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ArticleSubject {
    /// An entity of the store (a gene now; diseases, phenotypes and GO
    /// terms as they arrive): the article has an infobox from its data.
    Entity(EntityRef),
    /// A topic with no entity behind it.
    Topic(TopicSlug),
}

impl ArticleSubject {
    /// The kind as URLs and JSON name it: an entity kind, or `topic`.
    pub fn kind_str(&self) -> &'static str {
        match self {
            ArticleSubject::Entity(e) => e.kind().as_str(),
            ArticleSubject::Topic(_) => "topic",
        }
    }

    /// The stable key as text: the entity's id (`571`) or the slug.
    pub fn key(&self) -> String {
        match self {
            ArticleSubject::Entity(EntityRef::Gene(g)) => g.to_string(),
            ArticleSubject::Entity(EntityRef::Publication(p)) => p.to_string(),
            ArticleSubject::Entity(
                EntityRef::Disease(t) | EntityRef::Phenotype(t) | EntityRef::GoTerm(t),
            ) => t.to_string(),
            ArticleSubject::Entity(EntityRef::Chemical(m)) => m.to_string(),
            ArticleSubject::Topic(t) => t.to_string(),
        }
    }

    /// The entity, if the article is about one.
    pub fn entity(&self) -> Option<EntityRef> {
        match self {
            ArticleSubject::Entity(e) => Some(*e),
            ArticleSubject::Topic(_) => None,
        }
    }

    /// The subject back from [`Self::kind_str`] and [`Self::key`], as a
    /// store keeps them; `None` for a pair no subject makes.
    pub fn from_parts(kind: &str, key: &str) -> Option<ArticleSubject> {
        if kind == "topic" {
            return TopicSlug::parse(key).map(ArticleSubject::Topic);
        }
        let entity = match kind {
            k if k == EntityKind::Gene.as_str() => EntityRef::Gene(key.parse().ok()?),
            k if k == EntityKind::Publication.as_str() => EntityRef::Publication(key.parse().ok()?),
            k if k == EntityKind::Chemical.as_str() => EntityRef::Chemical(key.parse().ok()?),
            k if [
                EntityKind::Disease,
                EntityKind::Phenotype,
                EntityKind::GoTerm,
            ]
            .iter()
            .any(|e| e.as_str() == k) =>
            {
                let term = EntityRef::of_term(key.parse().ok()?);
                if term.kind().as_str() != k {
                    return None;
                }
                term
            }
            _ => return None,
        };
        Some(ArticleSubject::Entity(entity))
    }
}

/// What an account may do. Ordered: each role may do what the ones
/// before it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads; cannot edit (a reader account exists to be granted more,
    /// or to use API tokens for reading).
    Reader,
    /// Edits and reverts articles.
    Editor,
    /// Also protects articles, blocks accounts and manages roles.
    Admin,
}

impl Role {
    /// The name used on the command line and in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reader => "reader",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    /// The role a name means.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "reader" => Some(Role::Reader),
            "editor" => Some(Role::Editor),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// What an API token may do, besides what its account's role allows.
/// A read token identifies a program (for its logs and limits) but
/// changes nothing; a write token may edit as its account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TokenScope {
    /// Reads only.
    Read,
    /// Reads and writes (wiki edits), as far as the account's role goes.
    Write,
}

impl TokenScope {
    /// The name used on the command line and in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenScope::Read => "read",
            TokenScope::Write => "write",
        }
    }

    /// The scope a name means.
    pub fn parse(s: &str) -> Option<TokenScope> {
        match s {
            "read" => Some(TokenScope::Read),
            "write" => Some(TokenScope::Write),
            _ => None,
        }
    }
}

/// The language a revision's text is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Markup {
    /// CommonMark with GFM tables, entity links and citations: what
    /// editors write in Locus.
    Markdown,
    /// MediaWiki wikitext, kept as imported.
    Wikitext,
}

impl Markup {
    /// The name used in the store and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Markup::Markdown => "markdown",
            Markup::Wikitext => "wikitext",
        }
    }

    /// The markup a stored name means.
    pub fn parse(s: &str) -> Option<Markup> {
        match s {
            "markdown" => Some(Markup::Markdown),
            "wikitext" => Some(Markup::Wikitext),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GeneId;

    #[test]
    fn topic_slugs_follow_the_title() {
        let s = |t: &str| TopicSlug::from_title(t).map(|s| s.to_string());
        assert_eq!(
            s("American goldfinch").as_deref(),
            Some("american-goldfinch")
        );
        assert_eq!(
            s("Oxidative stress in neurodegeneration").as_deref(),
            Some("oxidative-stress-in-neurodegeneration")
        );
        assert_eq!(
            s("  NRF2/KEAP1 — pathway! ").as_deref(),
            Some("nrf2-keap1-pathway")
        );
        assert_eq!(s("Größe").as_deref(), Some("größe"));
        assert_eq!(s("--"), None);
        assert!(TopicSlug::parse("american-goldfinch").is_some());
        assert!(TopicSlug::parse("American goldfinch").is_none());
        assert!(TopicSlug::parse("a--b").is_none());
    }

    #[test]
    fn subjects_round_trip_through_their_parts() {
        for subject in [
            ArticleSubject::Entity(EntityRef::Gene(GeneId(571))),
            ArticleSubject::Topic(TopicSlug::parse("heme").unwrap()),
        ] {
            let back = ArticleSubject::from_parts(subject.kind_str(), &subject.key());
            assert_eq!(back, Some(subject));
        }
        assert_eq!(ArticleSubject::from_parts("gene", "BACH1"), None);
        assert_eq!(ArticleSubject::from_parts("planet", "1"), None);
    }
}
