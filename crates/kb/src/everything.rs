//! One ranked search over every kind: genes, diseases, phenotypes, GO
//! terms, chemicals, papers and wiki articles, each hit with its kind, so a reader
//! types anything into one box. The kinds keep their own indexes (the
//! gene and term indexes in memory, the full-text and article indexes in
//! the store); this module ranks their answers on one scale:
//!
//! 1. an identifier (`571`, `ENSG00000156273`, `HP:0001250`, `PMID:…`);
//! 2. an exact symbol or name;
//! 3. an exact alias or synonym;
//! 4. a prefix of a symbol, name, alias or synonym;
//! 5. every query word in a name;
//! 6. words of a paper's title or abstract, a GeneRIF, a definition, a
//!    wiki article.
//!
//! Within a rank the kinds' own orders hold (most-published genes first,
//! shorter term names first, BM25 for text), genes before terms before
//! texts.

use std::sync::Arc;

use locus_model::{EntityRef, Pmid, TaxId};
use serde::Serialize;

use crate::search::SearchMatch;
use crate::terms::TermMatch;
use crate::{KnowledgeBase, Result};

/// How well a hit matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Rank {
    /// The query is the entity's identifier.
    Identifier,
    /// The query is its symbol or name.
    Name,
    /// The query is an alias or synonym.
    Alias,
    /// The query starts a symbol, name, alias or synonym.
    Prefix,
    /// Every query word starts a word of a name.
    Words,
    /// The query's words are in its text (a paper, GeneRIF, definition or
    /// wiki article).
    Text,
}

/// What a hit is, as its badge says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    /// A gene.
    Gene,
    /// A disease.
    Disease,
    /// A phenotype (HPO).
    Phenotype,
    /// A GO term.
    GoTerm,
    /// A chemical (MeSH), as tagged texts name it.
    Chemical,
    /// A paper.
    Publication,
    /// A GeneRIF statement (its gene is the link).
    Generif,
    /// A wiki article.
    Article,
}

impl HitKind {
    /// Every kind, in the order hits of one rank are listed.
    pub const ALL: [HitKind; 8] = [
        HitKind::Gene,
        HitKind::Disease,
        HitKind::Phenotype,
        HitKind::GoTerm,
        HitKind::Chemical,
        HitKind::Publication,
        HitKind::Generif,
        HitKind::Article,
    ];

    /// The name in JSON (`go_term`).
    pub fn as_str(self) -> &'static str {
        match self {
            HitKind::Gene => "gene",
            HitKind::Disease => "disease",
            HitKind::Phenotype => "phenotype",
            HitKind::GoTerm => "go_term",
            HitKind::Chemical => "chemical",
            HitKind::Publication => "publication",
            HitKind::Generif => "generif",
            HitKind::Article => "article",
        }
    }

    /// The inverse of [`HitKind::as_str`].
    pub fn parse(s: &str) -> Option<HitKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The badge a page shows.
    pub fn label(self) -> &'static str {
        match self {
            HitKind::Gene => "gene",
            HitKind::Disease => "disease",
            HitKind::Phenotype => "phenotype",
            HitKind::GoTerm => "GO term",
            HitKind::Chemical => "chemical",
            HitKind::Publication => "paper",
            HitKind::Generif => "GeneRIF",
            HitKind::Article => "article",
        }
    }
}

/// One hit of the search over every kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnyHit {
    /// What it is.
    pub kind: HitKind,
    /// How well it matched.
    pub rank: Rank,
    /// The entity, where the hit is one (not for GeneRIFs and topic
    /// articles, whose link is `path`).
    pub entity: Option<EntityRef>,
    /// Its symbol, name or title.
    pub label: String,
    /// A line under the label: a gene's name, a term's id, the matching
    /// passage of a text (its words between `\u{2}` and `\u{3}`).
    pub detail: String,
    /// Its page on this server.
    pub path: String,
}

/// How a gene hit ranks.
fn gene_rank(m: SearchMatch) -> Rank {
    match m {
        SearchMatch::Identifier => Rank::Identifier,
        SearchMatch::Symbol => Rank::Name,
        SearchMatch::Alias => Rank::Alias,
        SearchMatch::SymbolPrefix | SearchMatch::AliasPrefix => Rank::Prefix,
        SearchMatch::Name | SearchMatch::MostPublished => Rank::Words,
    }
}

/// How a term hit ranks.
fn term_rank(m: TermMatch) -> Rank {
    match m {
        TermMatch::Identifier => Rank::Identifier,
        TermMatch::Name => Rank::Name,
        TermMatch::Synonym => Rank::Alias,
        TermMatch::NamePrefix => Rank::Prefix,
        TermMatch::Words => Rank::Words,
    }
}

impl KnowledgeBase {
    /// The best `limit` hits of `query` over every kind; genes of
    /// `organism` first among genes (human by default). With `texts`,
    /// words in papers, GeneRIFs, definitions and articles fill what the
    /// names leave; without, names and identifiers only (in memory, for
    /// autocomplete: full-text ranking costs milliseconds, not
    /// microseconds).
    pub fn search_everything(
        self: &Arc<Self>,
        query: &str,
        organism: Option<TaxId>,
        limit: usize,
        texts: bool,
    ) -> Result<Vec<AnyHit>> {
        let q = query.trim();
        if q.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let mut hits: Vec<AnyHit> = Vec::new();
        // A PubMed id written as one.
        if let Some(pmid) = q
            .get(..5)
            .filter(|p| p.eq_ignore_ascii_case("pmid:"))
            .and_then(|_| q[5..].trim().parse::<Pmid>().ok())
            .filter(|p| p.0 > 0)
        {
            if let Some(p) = self.store().publication(pmid)? {
                let entity = EntityRef::Publication(pmid);
                hits.push(AnyHit {
                    kind: HitKind::Publication,
                    rank: Rank::Identifier,
                    entity: Some(entity),
                    label: p
                        .citation
                        .map(|c| c.title)
                        .unwrap_or_else(|| format!("PubMed {pmid}")),
                    detail: format!("PMID:{pmid}"),
                    path: entity.path(),
                });
            }
        }
        for h in self.search_index()?.search(q, organism, limit) {
            hits.push(AnyHit {
                kind: HitKind::Gene,
                rank: gene_rank(h.matched),
                entity: Some(h.entity),
                detail: {
                    let mut d = h.name.clone().unwrap_or_default();
                    if let Some(a) = &h.alias {
                        d.push_str(&format!(" (alias {a})"));
                    }
                    if h.tax_id != TaxId::HUMAN {
                        d.push_str(&format!(" · {}", h.tax_id.label()));
                    }
                    d
                },
                path: crate::search::gene_path(h.gene_id, &h.symbol, h.tax_id),
                label: h.symbol,
            });
        }
        for t in self.term_index()?.search(q, None, limit) {
            let kind = match t.kind {
                locus_model::TermKind::Disease => HitKind::Disease,
                locus_model::TermKind::Phenotype => HitKind::Phenotype,
                locus_model::TermKind::GoTerm => HitKind::GoTerm,
            };
            hits.push(AnyHit {
                kind,
                rank: term_rank(t.matched),
                entity: Some(t.entity),
                detail: match &t.synonym {
                    Some(s) => format!("{} · synonym {s}", t.id),
                    None => t.id.to_string(),
                },
                path: t.entity.path(),
                label: t.name,
            });
        }
        let chemicals = self.chemical_names()?;
        for (id, matched) in chemicals.search(q, limit) {
            let entity = EntityRef::Chemical(id);
            hits.push(AnyHit {
                kind: HitKind::Chemical,
                rank: match matched {
                    crate::chemicals::ChemicalMatch::Identifier => Rank::Identifier,
                    crate::chemicals::ChemicalMatch::Name => Rank::Name,
                    crate::chemicals::ChemicalMatch::NamePrefix => Rank::Prefix,
                },
                entity: Some(entity),
                label: chemicals.name(id).unwrap_or_default().to_string(),
                detail: format!("MeSH {id}"),
                path: entity.path(),
            });
        }
        // Words in texts fill what the names left, when they left room.
        let room = limit.saturating_sub(hits.len());
        if texts && room > 0 {
            for h in self.store().full_text(q, None, room as u64)? {
                let (kind, path, entity) = match h.kind {
                    locus_store::TextKind::Publication => {
                        let e = h.key.parse::<Pmid>().ok().map(EntityRef::Publication);
                        (HitKind::Publication, format!("/publications/{}", h.key), e)
                    }
                    locus_store::TextKind::Generif => match &h.gene {
                        Some(g) => (
                            HitKind::Generif,
                            crate::search::gene_path(g.gene_id, &g.symbol, g.tax_id) + "#generifs",
                            None,
                        ),
                        None => continue,
                    },
                    locus_store::TextKind::Term => match h.key.parse::<locus_model::TermId>() {
                        Ok(t) => {
                            let e = EntityRef::of_term(t);
                            let kind = match t.kind() {
                                locus_model::TermKind::Disease => HitKind::Disease,
                                locus_model::TermKind::Phenotype => HitKind::Phenotype,
                                locus_model::TermKind::GoTerm => HitKind::GoTerm,
                            };
                            (kind, e.path(), Some(e))
                        }
                        Err(_) => continue,
                    },
                };
                // A term found by its name already is not repeated.
                if entity.is_some() && hits.iter().any(|x| x.entity == entity) {
                    continue;
                }
                let label = match h.kind {
                    locus_store::TextKind::Term => {
                        h.title.split("; ").next().unwrap_or(&h.title).to_string()
                    }
                    _ => h.title,
                };
                hits.push(AnyHit {
                    kind,
                    rank: Rank::Text,
                    entity,
                    label,
                    detail: h.snippet,
                    path,
                });
            }
            for a in self.search_articles(q, room as u64)? {
                hits.push(AnyHit {
                    kind: HitKind::Article,
                    rank: Rank::Text,
                    entity: a.subject.entity(),
                    label: a.title,
                    detail: a.snippet,
                    path: format!("/wiki/{}/{}", a.subject.kind_str(), a.subject.key()),
                });
            }
        }
        // Stable: within a rank, the order each kind gave (genes, terms,
        // texts, articles).
        hits.sort_by_key(|h| h.rank);
        hits.truncate(limit);
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::HitKind;

    /// The names `as_str` gives are the JSON names.
    #[test]
    fn hit_kind_names_are_the_json_names() {
        for k in HitKind::ALL {
            assert_eq!(
                serde_json::to_value(k)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from)),
                Some(k.as_str().to_string())
            );
            assert_eq!(HitKind::parse(k.as_str()), Some(k));
        }
    }
}
