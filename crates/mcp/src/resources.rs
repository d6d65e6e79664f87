//! Resources: the entities an agent read, by URI, so it can cite them.
//!
//! - `locus://gene/{tax_id}/{gene_id}`: the gene, as `get_gene` gives it;
//! - `locus://publication/{pmid}`, `locus://disease/{id}`,
//!   `locus://phenotype/{id}`, `locus://go_term/{id}`,
//!   `locus://chemical/{mesh_id}`;
//! - `locus://…/wiki` after any of them, and `locus://topic/{slug}/wiki`:
//!   the wiki article's markdown.
//!
//! The list of concrete resources is short on purpose (the most-published
//! genes): a store holds a million entities, and agents find them with
//! `search`, then read them by template.

use locus_model::{ArticleSubject, EntityRef, GeneId, MeshId, Pmid, TaxId, TermId, TopicSlug};
use rmcp::model::{
    ListResourceTemplatesResult, ListResourcesResult, ReadResourceResult, Resource,
    ResourceContents, ResourceTemplate,
};
use rmcp::ErrorData;

use crate::answer::{resource_uri, Refusal};
use crate::LocusMcp;

/// Concrete resources listed: the most-published genes.
const LISTED: usize = 25;

const JSON: &str = "application/json";

/// The templates an agent fills in.
pub fn templates() -> ListResourceTemplatesResult {
    let t = |uri: &str, name: &str, description: &str, mime: &str| {
        ResourceTemplate::new(uri, name)
            .with_description(description)
            .with_mime_type(mime)
    };
    ListResourceTemplatesResult::with_all_items(vec![
        t(
            "locus://gene/{tax_id}/{gene_id}",
            "gene",
            "A gene by NCBI taxon and GeneID (locus://gene/9606/571): its document with provenance",
            JSON,
        ),
        t(
            "locus://publication/{pmid}",
            "publication",
            "A PubMed paper as imported, with its linked genes",
            JSON,
        ),
        t(
            "locus://disease/{id}",
            "disease",
            "A disease term (DOID:1612, OMIM:…, ORPHA:…)",
            JSON,
        ),
        t(
            "locus://phenotype/{id}",
            "phenotype",
            "An HPO phenotype (HP:0001250)",
            JSON,
        ),
        t(
            "locus://go_term/{id}",
            "go_term",
            "A GO term (GO:0006979)",
            JSON,
        ),
        t(
            "locus://chemical/{mesh_id}",
            "chemical",
            "A chemical (MeSH id, D006418) as tagged texts name it, with its genes",
            JSON,
        ),
        t(
            "locus://gene/{tax_id}/{gene_id}/wiki",
            "gene article",
            "The wiki article about a gene: its newest revision's markdown",
            "text/markdown",
        ),
        t(
            "locus://topic/{slug}/wiki",
            "topic article",
            "A wiki article about a free topic (locus://topic/oxidative-stress/wiki)",
            "text/markdown",
        ),
    ])
}

/// The most-published genes as concrete resources.
pub async fn list(server: &LocusMcp) -> Result<ListResourcesResult, ErrorData> {
    let kb = server.kb().clone();
    let hits = tokio::task::spawn_blocking(move || {
        kb.search_index()
            .map(|i| i.most_published(LISTED))
            .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| ErrorData::internal_error(e.to_string(), None))?
    .map_err(|e| ErrorData::internal_error(e, None))?;
    let resources: Vec<Resource> = hits
        .into_iter()
        .map(|h| {
            let r = Resource::new(
                resource_uri(EntityRef::Gene(h.gene_id), Some(h.tax_id)),
                h.symbol.clone(),
            )
            .with_mime_type(JSON);
            match &h.name {
                Some(n) => r.with_description(n),
                None => r,
            }
        })
        .collect();
    Ok(ListResourcesResult::with_all_items(resources))
}

/// What a URI names.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    Entity(EntityRef, Option<TaxId>),
    Article(ArticleSubject),
}

fn parse(uri: &str) -> Option<Target> {
    let rest = uri.strip_prefix("locus://")?;
    let (rest, wiki) = match rest.strip_suffix("/wiki") {
        Some(r) => (r, true),
        None => (rest, false),
    };
    let (kind, id) = rest.split_once('/')?;
    if kind == "topic" {
        // A topic is only an article.
        let slug = TopicSlug::parse(id)?;
        return wiki.then_some(Target::Article(ArticleSubject::Topic(slug)));
    }
    let (entity, tax) = match kind {
        "gene" => {
            let (tax, gene) = id.split_once('/')?;
            let tax: TaxId = tax.parse().ok()?;
            (EntityRef::Gene(gene.parse::<GeneId>().ok()?), Some(tax))
        }
        "publication" => (EntityRef::Publication(id.parse::<Pmid>().ok()?), None),
        "chemical" => (EntityRef::Chemical(id.parse::<MeshId>().ok()?), None),
        "disease" | "phenotype" | "go_term" => {
            let term: TermId = id.parse().ok()?;
            let e = EntityRef::of_term(term);
            (e.kind().as_str() == kind).then_some(())?;
            (e, None)
        }
        _ => return None,
    };
    Some(if wiki {
        Target::Article(ArticleSubject::Entity(entity))
    } else {
        Target::Entity(entity, tax)
    })
}

/// Reads a resource.
pub async fn read(server: &LocusMcp, uri: &str) -> Result<ReadResourceResult, ErrorData> {
    let Some(target) = parse(uri) else {
        return Err(ErrorData::resource_not_found(
            format!("{uri} is not a Locus resource URI (locus://gene/9606/571, locus://publication/17942419, locus://disease/DOID:1612, …/wiki)"),
            None,
        ));
    };
    let kb = server.kb().clone();
    let uri_owned = uri.to_string();
    let result = tokio::task::spawn_blocking(move || read_blocking(&kb, target, &uri_owned))
        .await
        .map_err(|e| ErrorData::internal_error(e.to_string(), None))?;
    result.map_err(|r| match r.error {
        "not_found" => ErrorData::resource_not_found(r.message, None),
        _ => ErrorData::internal_error(r.message, None),
    })
}

fn read_blocking(
    kb: &std::sync::Arc<locus_kb::KnowledgeBase>,
    target: Target,
    uri: &str,
) -> Result<ReadResourceResult, Refusal> {
    match target {
        Target::Entity(EntityRef::Gene(g), tax) => {
            let detail = kb.store().gene(g)?.filter(|d| Some(d.tax_id) == tax);
            match detail {
                Some(d) => json(uri, Some(crate::tools::gene_summary(kb, d, None)?), || {
                    String::new()
                }),
                None => json::<()>(uri, None, || format!("no gene {uri} in this store")),
            }
        }
        Target::Entity(EntityRef::Publication(p), _) => {
            json(uri, kb.store().publication(p)?, || {
                format!("no imported source mentions PubMed {p}")
            })
        }
        Target::Entity(EntityRef::Chemical(m), _) => json(uri, kb.chemical(m)?, || {
            format!("no imported text names the chemical {m}")
        }),
        Target::Entity(
            EntityRef::Disease(t) | EntityRef::Phenotype(t) | EntityRef::GoTerm(t),
            _,
        ) => json(uri, kb.term_document(t)?, || {
            format!("no imported source names {t}")
        }),
        Target::Article(subject) => match kb.article(&subject)? {
            Some(a) => {
                let (doc, _, _) = kb.article_document(&a, None)?;
                Ok(one(uri, "text/markdown", doc.markdown))
            }
            None => Err(Refusal::new(
                "not_found",
                format!("there is no article at {uri} yet"),
            )),
        },
    }
}

/// A document as pretty JSON, or not found with `missing`'s message.
fn json<T: serde::Serialize>(
    uri: &str,
    found: Option<T>,
    missing: impl FnOnce() -> String,
) -> Result<ReadResourceResult, Refusal> {
    match found {
        Some(d) => Ok(one(
            uri,
            JSON,
            serde_json::to_string_pretty(&d)
                .map_err(|e| Refusal::new("internal", e.to_string()))?,
        )),
        None => Err(Refusal::new("not_found", missing())),
    }
}

fn one(uri: &str, mime: &str, text: String) -> ReadResourceResult {
    let mut c = ResourceContents::text(text, uri);
    if let ResourceContents::TextResourceContents { mime_type, .. } = &mut c {
        *mime_type = Some(mime.to_string());
    }
    ReadResourceResult::new(vec![c])
}

#[cfg(test)]
mod tests {
    use locus_model::{ArticleSubject, EntityRef, GeneId, TaxId};

    use super::{parse, Target};

    #[test]
    fn uris_parse() {
        assert_eq!(
            parse("locus://gene/9606/571"),
            Some(Target::Entity(
                EntityRef::Gene(GeneId(571)),
                Some(TaxId(9606))
            ))
        );
        assert_eq!(
            parse("locus://gene/9606/571/wiki"),
            Some(Target::Article(ArticleSubject::Entity(EntityRef::Gene(
                GeneId(571)
            ))))
        );
        assert!(matches!(
            parse("locus://topic/oxidative-stress/wiki"),
            Some(Target::Article(ArticleSubject::Topic(_)))
        ));
        assert_eq!(parse("locus://topic/oxidative-stress"), None);
        assert!(matches!(
            parse("locus://disease/DOID:1612"),
            Some(Target::Entity(EntityRef::Disease(_), None))
        ));
        assert_eq!(parse("locus://disease/HP:0001250"), None);
        assert!(matches!(
            parse("locus://chemical/D006418"),
            Some(Target::Entity(EntityRef::Chemical(_), None))
        ));
        assert_eq!(parse("https://example.org"), None);
        assert_eq!(parse("locus://gene/571"), None);
    }
}
