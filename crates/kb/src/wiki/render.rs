//! Rendering a revision: the store answers what `[[links]]`, citations
//! and ```` ```graph ```` blocks name ([`StoreResolver`]), `locus-wiki`
//! turns the text into safe HTML.

use std::collections::HashSet;
use std::sync::Arc;

use locus_graph::Filter;
use locus_model::{
    ArticleSubject, EntityRef, GeneId, KgEdgeKind, Markup, Pmid, RegulationMode, TaxId, TopicSlug,
};
use locus_store::wiki::Revision;
use locus_store::Resolution as GeneResolution;
use locus_wiki::markup::{
    self, GraphData, GraphEdge, GraphNode, LinkTarget, Publication, Rendered, Resolution, Resolver,
    TokenAuthor,
};

use super::RevisionAuthorship;
use crate::{KnowledgeBase, Result};

/// Most genes one ```` ```graph ```` block may name.
pub const MAX_GRAPH_GENES: usize = 16;

/// Looks up what an article names, in the store.
pub struct StoreResolver<'a> {
    kb: &'a Arc<KnowledgeBase>,
    /// Organism of unqualified gene links: the article's gene's, else
    /// human.
    organism: TaxId,
}

impl<'a> StoreResolver<'a> {
    /// The resolver for an article about `subject`.
    pub fn new(kb: &'a Arc<KnowledgeBase>, subject: &ArticleSubject) -> Self {
        let organism = match subject.entity() {
            Some(EntityRef::Gene(g)) => kb
                .store()
                .gene(g)
                .ok()
                .flatten()
                .map(|d| d.tax_id)
                .unwrap_or(TaxId::HUMAN),
            _ => TaxId::HUMAN,
        };
        StoreResolver { kb, organism }
    }

    fn gene(&self, organism: Option<&str>, query: &str) -> std::result::Result<GeneId, Resolution> {
        let tax = match organism {
            None => self.organism,
            Some(o) => TaxId::parse_organism(o).ok_or_else(|| Resolution::Unknown {
                reason: format!("Locus does not know the organism {o:?}"),
            })?,
        };
        match self.kb.resolve(query, Some(tax)) {
            Ok(GeneResolution::Found { gene_id, .. }) => Ok(gene_id),
            Ok(GeneResolution::Ambiguous { candidates }) => Err(Resolution::Ambiguous {
                candidates: candidates
                    .iter()
                    .map(|g| {
                        (
                            format!(
                                "{} ({}, GeneID {})",
                                g.symbol,
                                g.tax_id.scientific_name().unwrap_or("other organism"),
                                g.gene_id
                            ),
                            EntityRef::Gene(g.gene_id).path(),
                        )
                    })
                    .collect(),
            }),
            Ok(GeneResolution::NotFound) => Err(Resolution::Unknown {
                reason: format!(
                    "no gene {query:?} in {}",
                    tax.scientific_name().unwrap_or("this organism")
                ),
            }),
            Err(e) => Err(Resolution::Unknown {
                reason: format!("lookup failed: {e}"),
            }),
        }
    }
}

impl StoreResolver<'_> {
    /// `[[disease:OMIM:151623]]`, `[[phenotype:HP:0001250]]`,
    /// `[[go:GO:0006979]]`, or a bare CURIE (`[[HP:0001250]]`): the term,
    /// or the one term of another vocabulary whose cross-references name
    /// it.
    fn term(&self, kind: &str, id: &str) -> Resolution {
        let curie = match kind {
            "disease" | "phenotype" | "go" | "go_term" => id.trim().to_string(),
            prefix => format!("{prefix}:{}", id.trim()),
        };
        let Ok(term) = curie.parse::<locus_model::TermId>() else {
            return Resolution::Unknown {
                reason: format!("this Locus has no {kind} entities"),
            };
        };
        let wanted = match kind {
            "disease" => Some(locus_model::TermKind::Disease),
            "phenotype" => Some(locus_model::TermKind::Phenotype),
            "go" | "go_term" => Some(locus_model::TermKind::GoTerm),
            _ => None,
        };
        if wanted.is_some_and(|k| k != term.kind()) {
            return Resolution::Unknown {
                reason: format!("{term} is not a {kind}"),
            };
        }
        match self.kb.resolve_term(term) {
            Ok(Some(found)) => match self.kb.store().term(found) {
                Ok(Some(t)) => Resolution::Resolved {
                    href: EntityRef::of_term(found).path(),
                    title: format!("{} — {}", t.name, t.id),
                },
                _ => Resolution::Unknown {
                    reason: format!("no imported source names {term}"),
                },
            },
            Ok(None) => Resolution::Unknown {
                reason: format!("no imported source names {term}"),
            },
            Err(e) => Resolution::Unknown {
                reason: format!("lookup failed: {e}"),
            },
        }
    }
}

impl Resolver for StoreResolver<'_> {
    fn resolve(&self, link: &LinkTarget) -> Resolution {
        match link {
            LinkTarget::Gene { organism, query } => match self.gene(organism.as_deref(), query) {
                Ok(id) => {
                    let title = match self.kb.store().gene(id) {
                        Ok(Some(g)) => format!(
                            "{} — {} ({})",
                            g.symbol,
                            g.name.as_deref().unwrap_or("no name"),
                            g.tax_id.scientific_name().unwrap_or("other organism")
                        ),
                        _ => format!("GeneID {id}"),
                    };
                    Resolution::Resolved {
                        href: EntityRef::Gene(id).path(),
                        title,
                    }
                }
                Err(r) => r,
            },
            LinkTarget::Topic { slug } => match TopicSlug::parse(slug) {
                Some(s) => {
                    let exists = self
                        .kb
                        .article(&ArticleSubject::Topic(s.clone()))
                        .ok()
                        .flatten()
                        .map(|a| a.title);
                    Resolution::Resolved {
                        href: format!("/wiki/topic/{s}"),
                        title: match exists {
                            Some(t) => format!("{t} (topic article)"),
                            None => format!("{s}: no article yet; follow the link to write it"),
                        },
                    }
                }
                None => Resolution::Unknown {
                    reason: format!("{slug:?} is not a topic slug"),
                },
            },
            LinkTarget::Other { kind, id } if kind == "publication" || kind == "pmid" => {
                let pmid = id.trim().parse::<u32>().ok().filter(|p| *p > 0).map(Pmid);
                match pmid.map(|p| (p, self.kb.store().publication(p))) {
                    Some((p, Ok(Some(d)))) => Resolution::Resolved {
                        href: EntityRef::Publication(p).path(),
                        title: d
                            .citation
                            .map(|c| c.title)
                            .unwrap_or_else(|| format!("PubMed {p}")),
                    },
                    Some((p, _)) => Resolution::Unknown {
                        reason: format!("no imported source mentions PubMed {p}"),
                    },
                    None => Resolution::Unknown {
                        reason: format!("{id:?} is not a PubMed id"),
                    },
                }
            }
            LinkTarget::Other { kind, id } => self.term(kind, id),
        }
    }

    fn publication(&self, pmid: u64) -> Option<Publication> {
        let pmid = Pmid(u32::try_from(pmid).ok()?);
        let c = self.kb.store().citation(pmid).ok()??;
        let authors = match c.authors.len() {
            0 => String::new(),
            1..=3 => c.authors.join(", "),
            _ => format!("{}, et al.", c.authors[..3].join(", ")),
        };
        Some(Publication {
            pmid: u64::from(pmid.0),
            title: c.title,
            authors,
            journal: c.journal.unwrap_or_default(),
            year: c.year,
        })
    }

    fn graph(&self, names: &[String]) -> GraphData {
        let mut data = GraphData::default();
        let mut ids: Vec<GeneId> = Vec::new();
        let mut seen = HashSet::new();
        for name in names.iter().take(MAX_GRAPH_GENES) {
            match self.gene(None, name) {
                Ok(id) if seen.insert(id) => {
                    let label = self
                        .kb
                        .store()
                        .gene(id)
                        .ok()
                        .flatten()
                        .map(|g| g.symbol)
                        .unwrap_or_else(|| name.clone());
                    data.nodes.push(GraphNode {
                        label,
                        href: EntityRef::Gene(id).path(),
                    });
                    ids.push(id);
                }
                Ok(_) => {}
                Err(_) => data.unresolved.push(name.clone()),
            }
        }
        data.unresolved
            .extend(names.iter().skip(MAX_GRAPH_GENES).cloned());
        let Ok(graph) = self.kb.graph() else {
            return data;
        };
        let filter = Filter {
            kinds: vec![KgEdgeKind::Regulation, KgEdgeKind::Interaction],
            ..Filter::default()
        };
        let index = |g: GeneId| ids.iter().position(|&x| x == g);
        let nodes: Vec<EntityRef> = ids.iter().map(|&g| EntityRef::Gene(g)).collect();
        for e in graph.subgraph(&nodes, &filter) {
            let Some(edge) = graph.edge(e) else { continue };
            let (EntityRef::Gene(tf), EntityRef::Gene(other)) = (edge.from, edge.to) else {
                continue;
            };
            let (Some(from), Some(to)) = (index(tf), index(other)) else {
                continue;
            };
            let (label, href) = match edge.kind {
                KgEdgeKind::Regulation => {
                    let rows = self
                        .kb
                        .store()
                        .regulation_evidence(tf, other)
                        .unwrap_or_default();
                    let act = rows
                        .iter()
                        .any(|r| r.mode == Some(RegulationMode::Activation));
                    let rep = rows
                        .iter()
                        .any(|r| r.mode == Some(RegulationMode::Repression));
                    let label = match (act, rep) {
                        (true, false) => "activation",
                        (false, true) => "repression",
                        (true, true) => "conflicting (activation and repression)",
                        _ => "regulates",
                    };
                    (label, format!("/regulation/{tf}/{other}"))
                }
                KgEdgeKind::Interaction => ("interaction", format!("/genes/{tf}#interactions")),
                _ => continue,
            };
            data.edges.push(GraphEdge {
                from,
                to,
                label: label.to_string(),
                href,
            });
        }
        data
    }
}

impl KnowledgeBase {
    /// Renders a revision of the article about `subject`.
    pub fn render_revision(
        self: &Arc<Self>,
        subject: &ArticleSubject,
        revision: &Revision,
    ) -> Result<Rendered> {
        Ok(render_text(self, subject, revision.markup, &revision.text))
    }

    /// Renders a revision with every word coloured by its author; returns
    /// the rendering and the authors in legend order.
    pub fn render_by_author(
        self: &Arc<Self>,
        subject: &ArticleSubject,
        revision: &Revision,
        authorship: &RevisionAuthorship,
    ) -> Result<(Rendered, Vec<String>)> {
        let legend: Vec<String> = authorship
            .contributors
            .iter()
            .map(|c| c.name.clone())
            .collect();
        let authors: Vec<TokenAuthor> = authorship
            .tokens
            .iter()
            .map(|t| TokenAuthor {
                author: legend.iter().position(|n| *n == t.author).unwrap_or(0),
                name: t.author.clone(),
                revision: t.revision.to_string(),
            })
            .collect();
        let resolver = StoreResolver::new(self, subject);
        let rendered = match revision.markup {
            Markup::Markdown if authors.len() == authorship.ranges.len() => {
                markup::render_markdown_by_author(
                    &revision.text,
                    &resolver,
                    &authorship.ranges,
                    &authors,
                )
            }
            Markup::Wikitext if authors.len() == authorship.ranges.len() => {
                // Wikitext is not rendered word for word: colour its source.
                let mut r = render_text(self, subject, revision.markup, &revision.text);
                r.html = markup::source_by_author(&revision.text, &authorship.ranges, &authors);
                r
            }
            _ => render_text(self, subject, revision.markup, &revision.text),
        };
        Ok((rendered, legend))
    }
}

/// Renders `text` written in `markup` for the article about `subject`
/// (also what the editor's preview shows).
pub fn render_text(
    kb: &Arc<KnowledgeBase>,
    subject: &ArticleSubject,
    markup: Markup,
    text: &str,
) -> Rendered {
    let resolver = StoreResolver::new(kb, subject);
    match markup {
        Markup::Markdown => markup::render_markdown(text, &resolver),
        Markup::Wikitext => markup::render_wikitext(text, &resolver),
    }
}
