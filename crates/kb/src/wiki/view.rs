//! One article as pages and the API show it ([`ArticleDocument`]), and
//! how to cite a revision ([`citation`]).

use std::sync::Arc;

use locus_model::{ArticleSubject, EntityRef, Markup, RevisionId};
use locus_store::wiki::{Article, Revision};
use locus_wiki::markup::{Rendered, Resolution};
use serde::Serialize;

use super::Contributor;
use crate::{KnowledgeBase, Result};

/// A cited paper of an article.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleReference {
    /// Its number in the text.
    pub number: usize,
    /// The PubMed id.
    pub pmid: u64,
    /// Title, when the paper was imported.
    pub title: Option<String>,
    /// Authors as shown ("Sun J, Hoshino H, Takaku K, et al.").
    pub authors: Option<String>,
    /// Journal.
    pub journal: Option<String>,
    /// Year.
    pub year: Option<i32>,
    /// The paper on PubMed.
    pub url: String,
}

/// A `[[link]]` of an article and where it leads.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleLink {
    /// The text between `[[` and `]]`.
    pub source: String,
    /// `resolved`, `ambiguous` or `unknown`.
    pub status: &'static str,
    /// Where it leads, when resolved.
    pub href: Option<String>,
    /// The candidates' pages, when ambiguous.
    pub candidates: Vec<String>,
    /// Why it did not resolve, when unknown.
    pub reason: Option<String>,
    /// How often the article has it.
    pub count: usize,
}

/// An article's revision with everything shown about it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleDocument {
    /// `gene` or `topic`.
    pub kind: &'static str,
    /// The stable key: a GeneID or a topic slug.
    pub id: String,
    /// The canonical slug (a gene's symbol lowercased; a topic's slug).
    pub slug: String,
    /// The knowledge-graph node (`NCBIGene:571`), for entity articles.
    pub kg_node: Option<String>,
    /// The title.
    pub title: String,
    /// The revision shown.
    pub revision: i64,
    /// The article's newest revision.
    pub current_revision: i64,
    /// The text's markup language.
    pub markup: Markup,
    /// The text as written (markdown, or wikitext for imported pages).
    pub markdown: String,
    /// The text rendered to safe HTML (without the reference list).
    pub html: String,
    /// Cited papers, by number.
    pub references: Vec<ArticleReference>,
    /// Every `[[link]]`, resolved or not.
    pub links: Vec<ArticleLink>,
    /// Who wrote the revision's text, by share.
    pub contributors: Vec<Contributor>,
    /// Number of people who made revisions up to this one.
    pub editors: usize,
    /// Words of visible prose.
    pub word_count: usize,
    /// When the article was started (RFC 3339).
    pub created: String,
    /// When the revision shown was made.
    pub updated: String,
    /// Number of revisions.
    pub revisions: u64,
    /// Only admins edit it.
    pub protected: bool,
}

/// The canonical slug of an article.
pub fn slug(subject: &ArticleSubject, title: &str) -> String {
    match subject {
        ArticleSubject::Topic(t) => t.to_string(),
        ArticleSubject::Entity(_) => locus_model::TopicSlug::from_title(title)
            .map(|s| s.to_string())
            .unwrap_or_else(|| subject.key()),
    }
}

impl KnowledgeBase {
    /// The document of a revision (the newest when `rev` is `None`),
    /// rendered, with each author's share of it.
    pub fn article_document(
        self: &Arc<Self>,
        article: &Article,
        rev: Option<RevisionId>,
    ) -> Result<(ArticleDocument, Revision, Rendered)> {
        let revision = self.article_revision(article, rev)?;
        let rendered = self.render_revision(&article.subject, &revision)?;
        let history = self.all_revisions(article.id)?;
        let contributors = self.revision_contributors(&revision, &history)?;
        let editors = {
            let mut names: Vec<&str> = history
                .iter()
                .filter(|r| r.id <= revision.summary.id)
                .map(|r| r.author.name.as_str())
                .collect();
            names.sort_unstable();
            names.dedup();
            names.len()
        };
        let doc = ArticleDocument {
            kind: article.subject.kind_str(),
            id: article.subject.key(),
            slug: slug(&article.subject, &article.title),
            kg_node: article.subject.entity().map(EntityRef::curie),
            title: article.title.clone(),
            revision: revision.summary.id.0,
            current_revision: article.current.0,
            markup: revision.markup,
            markdown: revision.text.clone(),
            html: rendered.html.clone(),
            references: references(&rendered),
            links: links(&rendered),
            contributors,
            editors,
            word_count: rendered.word_count,
            created: article.created.clone(),
            updated: revision.summary.timestamp.clone(),
            revisions: article.revisions,
            protected: article.protected,
        };
        Ok((doc, revision, rendered))
    }
}

/// The references of a rendering, for JSON.
pub fn references(r: &Rendered) -> Vec<ArticleReference> {
    r.references
        .iter()
        .map(|x| ArticleReference {
            number: x.number,
            pmid: x.pmid,
            title: x.publication.as_ref().map(|p| p.title.clone()),
            authors: x.publication.as_ref().map(|p| p.authors.clone()),
            journal: x.publication.as_ref().map(|p| p.journal.clone()),
            year: x.publication.as_ref().and_then(|p| p.year),
            url: format!("https://pubmed.ncbi.nlm.nih.gov/{}/", x.pmid),
        })
        .collect()
}

/// The links of a rendering, for JSON.
pub fn links(r: &Rendered) -> Vec<ArticleLink> {
    r.links
        .iter()
        .map(|l| {
            let (status, href, candidates, reason) = match &l.resolution {
                Resolution::Resolved { href, .. } => ("resolved", Some(href.clone()), vec![], None),
                Resolution::Ambiguous { candidates } => (
                    "ambiguous",
                    None,
                    candidates.iter().map(|(_, h)| h.clone()).collect(),
                    None,
                ),
                Resolution::Unknown { reason } => ("unknown", None, vec![], Some(reason.clone())),
            };
            ArticleLink {
                source: l.syntax.source.clone(),
                status,
                href,
                candidates,
                reason,
                count: l.count,
            }
        })
        .collect()
}

/// Citation formats of a revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum CiteFormat {
    /// BibTeX `@misc`.
    Bibtex,
    /// RIS (`TY  - ELEC`).
    Ris,
    /// CSL-JSON (Zotero, Pandoc).
    CslJson,
}

/// What a citation needs to know about a revision.
pub struct CiteData<'a> {
    /// The article's title.
    pub title: &'a str,
    /// Contributors by share: the citation's authors.
    pub authors: Vec<&'a str>,
    /// The revision's timestamp (RFC 3339).
    pub date: &'a str,
    /// The revision's permanent URL.
    pub url: &'a str,
    /// The revision.
    pub revision: RevisionId,
    /// Today (RFC 3339), as the date the page was read.
    pub accessed: &'a str,
}

fn bibtex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '{' | '}' | '\\' | '%' | '&' | '$' | '#' | '_' | '^' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A citation of a revision in `format`.
pub fn citation(format: CiteFormat, d: &CiteData<'_>) -> String {
    let year = d.date.get(..4).unwrap_or("");
    let month = d.date.get(5..7).unwrap_or("");
    let day = d.date.get(8..10).unwrap_or("");
    let one_line = |s: &str| s.replace(['\n', '\r'], " ");
    match format {
        CiteFormat::Bibtex => {
            let key: String = d
                .title
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .take(24)
                .collect();
            let authors: Vec<String> = d
                .authors
                .iter()
                .map(|a| format!("{{{}}}", bibtex_escape(a)))
                .collect();
            format!(
                "@misc{{locus:{key}:{rev},\n  title = {{{title}}},\n  author = {{{authors}}},\n  year = {{{year}}},\n  month = {{{month}}},\n  howpublished = {{Locus wiki, revision {rev}}},\n  url = {{{url}}},\n  note = {{Accessed {accessed}}}\n}}\n",
                rev = d.revision,
                title = bibtex_escape(d.title),
                authors = authors.join(" and "),
                url = d.url,
                accessed = d.accessed.get(..10).unwrap_or(d.accessed),
            )
        }
        CiteFormat::Ris => {
            let mut out = String::from("TY  - ELEC\n");
            out.push_str(&format!("TI  - {}\n", one_line(d.title)));
            for a in &d.authors {
                out.push_str(&format!("AU  - {}\n", one_line(a)));
            }
            out.push_str(&format!("PY  - {year}\nDA  - {year}/{month}/{day}\n"));
            out.push_str(&format!("UR  - {}\n", d.url));
            out.push_str(&format!(
                "PB  - Locus wiki\nN1  - Revision {}\n",
                d.revision
            ));
            out.push_str(&format!(
                "Y2  - {}\n",
                d.accessed.get(..10).unwrap_or(d.accessed)
            ));
            out.push_str("ER  - \n");
            out
        }
        CiteFormat::CslJson => {
            let parts = |s: &str| -> serde_json::Value {
                let ymd: Vec<i64> = [s.get(..4), s.get(5..7), s.get(8..10)]
                    .iter()
                    .filter_map(|p| p.and_then(|x| x.parse().ok()))
                    .collect();
                serde_json::json!({ "date-parts": [ymd] })
            };
            let item = serde_json::json!([{
                "id": format!("locus-revision-{}", d.revision),
                "type": "webpage",
                "title": d.title,
                "author": d.authors.iter().map(|a| serde_json::json!({"literal": a})).collect::<Vec<_>>(),
                "issued": parts(d.date),
                "accessed": parts(d.accessed),
                "URL": d.url,
                "container-title": "Locus wiki",
                "version": d.revision.to_string(),
            }]);
            serde_json::to_string_pretty(&item).unwrap_or_default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> CiteData<'static> {
        CiteData {
            title: "BACH1 {draft}",
            authors: vec!["Jane Doe", "192.0.2.1"],
            date: "2026-11-30T10:00:00Z",
            url: "https://wiki.example.org/wiki/gene/571?rev=7",
            revision: RevisionId(7),
            accessed: "2026-12-01T09:00:00Z",
        }
    }

    #[test]
    fn bibtex_escapes_and_names_the_revision() {
        let b = citation(CiteFormat::Bibtex, &data());
        assert!(b.starts_with("@misc{locus:BACH1draft:7,"), "{b}");
        assert!(b.contains("title = {BACH1 \\{draft\\}}"), "{b}");
        assert!(b.contains("author = {{Jane Doe} and {192.0.2.1}}"), "{b}");
        assert!(b.contains("url = {https://wiki.example.org/wiki/gene/571?rev=7}"));
    }

    #[test]
    fn ris_and_csl_json_carry_the_same_facts() {
        let r = citation(CiteFormat::Ris, &data());
        assert!(r.starts_with("TY  - ELEC\n") && r.ends_with("ER  - \n"));
        assert!(r.contains("AU  - Jane Doe\nAU  - 192.0.2.1\n"));
        assert!(r.contains("DA  - 2026/11/30"));
        let j: serde_json::Value =
            serde_json::from_str(&citation(CiteFormat::CslJson, &data())).unwrap();
        assert_eq!(
            j[0]["issued"]["date-parts"][0],
            serde_json::json!([2026, 11, 30])
        );
        assert_eq!(j[0]["author"][1]["literal"], "192.0.2.1");
        assert_eq!(j[0]["version"], "7");
    }
}
