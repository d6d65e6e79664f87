//! Wiki pages: the article with its infobox and metadata, the editor
//! with server-rendered preview, history, side-by-side diffs, the
//! colour-by-author view, citations, recent changes (page and Atom), and
//! login. Every page works without JavaScript; every form that changes
//! something carries the session's CSRF token.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use locus_kb::gene::Section;
use locus_kb::wiki::edit::{EditOutcome, EditRequest};
use locus_kb::wiki::render::render_text;
use locus_kb::wiki::view::{citation, slug, CiteData, CiteFormat};
use locus_kb::wiki::{Contributor, Row};
use locus_kb::KnowledgeBase;
use locus_model::{EntityRef, Markup as TextMarkup, RevisionId, Role};
use locus_store::wiki::Article;
use maud::{html, Markup, PreEscaped, DOCTYPE};
use serde::Deserialize;

use super::assets::assets;
use super::layout::{page as frame, thousands};
use super::links::urlencode;
use super::{html as page_response, or_error_page};
use crate::auth::{
    cookie, page_editor, same_secret, set_cookie, ClientIp, MaybeViewer, Viewer, LOGIN_COOKIE,
    SESSION_COOKIE,
};
use crate::error::{blocking, ApiError, ErrorCode};
use crate::extract::Organism;
use crate::routes::wiki::{existing, target, Target};
use crate::state::AppState;

/// The wiki's HTML routes.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/wiki", get(recent))
        .route("/wiki/recent.atom", get(atom))
        .route("/wiki/{kind}/{id}", get(article))
        .route(
            "/wiki/{kind}/{id}/edit",
            get(edit_form)
                .post(edit_submit)
                .layer(axum::extract::DefaultBodyLimit::max(
                    crate::MAX_EDIT_BODY_BYTES,
                )),
        )
        .route(
            "/wiki/{kind}/{id}/append",
            post(append_statement).layer(axum::extract::DefaultBodyLimit::max(
                crate::MAX_EDIT_BODY_BYTES,
            )),
        )
        .route("/wiki/{kind}/{id}/history", get(history))
        .route("/wiki/{kind}/{id}/diff", get(diff))
        .route("/wiki/{kind}/{id}/revert", post(revert))
        .route("/wiki/{kind}/{id}/protect", post(protect))
        .route("/wiki/{kind}/{id}/cite", get(cite))
        .route("/wiki/accounts", get(accounts).post(account_update))
        .route("/login", get(login_form).post(login_submit))
        .route("/logout", post(logout))
}

/// The query of article pages.
#[derive(Deserialize, Default)]
struct ArticleQuery {
    organism: Option<Organism>,
    rev: Option<i64>,
    view: Option<String>,
    embed: Option<u8>,
    /// A statement to add at the end of the text in the editor (the
    /// literature pages' "+ wiki").
    add: Option<String>,
}

/// Longest statement the editor takes from a link.
const MAX_ADD_CHARS: usize = 5_000;

fn organism_suffix(t: &Target) -> String {
    match &t.gene {
        Some(g) if g.tax_id != locus_model::TaxId::HUMAN => format!("?organism={}", g.tax_id),
        _ => String::new(),
    }
}

/// `/wiki/{kind}/{key}` of a target: by stable id (GeneID or slug).
fn base(t: &Target) -> String {
    format!("/wiki/{}/{}", t.subject.kind_str(), t.subject.key())
}

fn with_query(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    }
}

fn rev_of(rev: Option<i64>) -> Result<Option<RevisionId>, ApiError> {
    match rev {
        Some(r) if r < 1 => Err(ApiError::invalid("rev is 1 or more")),
        r => Ok(r.map(RevisionId)),
    }
}

/// The wiki's frame: the site frame, with the account box.
fn wiki_frame(title: &str, viewer: Option<&Viewer>, content: Markup) -> Markup {
    frame(
        title,
        html! {
            div.account {
                @match viewer {
                    Some(v) => {
                        span { "Logged in as " strong { (v.account.name) } " (" (v.account.role.as_str()) ")" }
                        @if v.account.role == Role::Admin { a href="/wiki/accounts" { "Accounts" } }
                        form.inline method="post" action="/logout" {
                            input type="hidden" name="csrf" value=(v.csrf);
                            button.link type="submit" { "Log out" }
                        }
                    }
                    None => { a href="/login" { "Log in" } }
                }
                a href="/wiki" { "Recent changes" }
            }
            (content)
        },
    )
}

/// The tabs over an article.
fn tabs(t: &Target, exists: bool, active: &str) -> Markup {
    let b = base(t);
    let org = organism_suffix(t);
    let tab = |name: &str, href: String, label: &str| {
        html! { a.tab.active[active == name] href=(href) { (label) } }
    };
    html! {
        nav.tabs aria-label="Article views" {
            (tab("article", format!("{b}{org}"), "Article"))
            (tab("edit", format!("{b}/edit{org}"), if exists { "Edit" } else { "Write" }))
            @if exists {
                (tab("history", format!("{b}/history{org}"), "History"))
                (tab("authors", with_query(&b, &format!("view=authors{}", org.replace('?', "&"))), "Who wrote what"))
                (tab("cite", format!("{b}/cite{org}"), "Cite"))
            }
            @if let Some(g) = &t.gene {
                a.tab.data href=(format!("/genes/{}", g.gene_id)) { "Gene page →" }
            }
        }
    }
}

/// The infobox of a gene article: built from the data, never typed.
fn infobox(kb: &Arc<KnowledgeBase>, t: &Target) -> Result<Markup, ApiError> {
    match t.subject.entity() {
        Some(locus_model::EntityRef::Publication(pmid)) => return publication_infobox(kb, pmid),
        Some(
            locus_model::EntityRef::Disease(id)
            | locus_model::EntityRef::Phenotype(id)
            | locus_model::EntityRef::GoTerm(id),
        ) => return term_infobox(kb, id),
        _ => {}
    }
    let Some(g) = &t.gene else {
        return Ok(html! {});
    };
    let counts = kb.store().kg_counts(g.gene_id)?;
    let orthologs = kb.store().orthologs(g.gene_id)?;
    let mut diseases: Vec<locus_store::TermLink> = Vec::new();
    for d in kb.store().gene_diseases(g.gene_id)? {
        if !diseases.iter().any(|x| x.id == d.disease.id) {
            diseases.push(d.disease);
        }
    }
    Ok(html! {
        aside.infobox aria-label="Infobox" {
            h2 { (g.symbol) }
            p.muted.small { "From the imported data; edit the data, not this box." }
            table.props {
                tr { th { "Name" } td { (g.name.as_deref().unwrap_or("—")) } }
                tr { th { "Organism" } td { i { (g.tax_id.label()) } } }
                tr { th { "GeneID" } td { a href=(format!("/genes/{}", g.gene_id)) { (g.gene_id) } } }
                @if let Some(m) = &g.map_location { tr { th { "Location" } td { (super::layout::location(m)) } } }
                @if let Some(ty) = &g.gene_type { tr { th { "Type" } td { (ty) } } }
                @if !g.aliases.is_empty() { tr { th { "Aliases" } td { (g.aliases.join(", ")) } } }
                @if let Some(u) = &g.uniprot { tr { th { "UniProt" } td { a href=(format!("https://www.uniprot.org/uniprotkb/{u}")) rel="external" { (u) } } } }
                tr { th { "PubMed" } td { (thousands(g.stats.pubmed_count)) " papers" span.muted { " (score " (format!("{:.1}", g.stats.pubmed_score)) ")" } } }
                tr { th { "GeneRIFs" } td { (thousands(g.stats.generif_count)) } }
                tr { th { "KG connections" } td {
                    a href=(format!("/genes/{}#{}", g.gene_id, Section::KnowledgeGraph.anchor())) { (thousands(counts.edges())) " edges" }
                    br; span.muted.small { (counts.regulators) " regulators · " (counts.targets) " targets · " (counts.interactions) " interactions · " (counts.orthologs) " orthologs · "
                        (counts.diseases) " diseases · " (counts.phenotypes) " phenotypes · " (counts.go_terms) " GO terms" }
                } }
                @if !diseases.is_empty() {
                    tr { th { "Diseases" } td {
                        @for (i, d) in diseases.iter().take(6).enumerate() {
                            @if i > 0 { "; " }
                            (super::terms::term_link(d))
                        }
                        @if diseases.len() > 6 { " " a href=(format!("/genes/{}#diseases", g.gene_id)) { "and " (diseases.len() - 6) " more" } }
                    } }
                }
                @if !orthologs.is_empty() {
                    tr { th { "Orthologs" } td {
                        @for (i, o) in orthologs.iter().take(8).enumerate() {
                            @if i > 0 { ", " }
                            a href=(format!("/wiki/gene/{}", o.partner.gene_id)) title=(o.partner.tax_id.label()) { (o.partner.symbol) }
                            span.muted.small { " (" (o.partner.tax_id.scientific_name().unwrap_or("")) ")" }
                        }
                    } }
                }
            }
        }
    })
}

/// The infobox of a disease, phenotype or GO term article: the term as
/// its ontology and the annotation files describe it.
fn term_infobox(kb: &Arc<KnowledgeBase>, id: locus_model::TermId) -> Result<Markup, ApiError> {
    let Some(doc) = kb.term_document_rows(id, 12)? else {
        return Ok(html! {});
    };
    let t = &doc.term;
    let genes: Vec<(locus_model::GeneId, &str, locus_model::TaxId)> = match t.kind {
        locus_model::TermKind::Disease => {
            let mut v: Vec<_> = Vec::new();
            for r in &doc.genes {
                if !v.iter().any(|(g, _, _)| *g == r.gene.gene_id) {
                    v.push((r.gene.gene_id, r.gene.symbol.as_str(), r.gene.tax_id));
                }
            }
            v
        }
        locus_model::TermKind::Phenotype => doc
            .phenotype_genes
            .iter()
            .flat_map(|p| &p.rows)
            .map(|r| (r.gene.gene_id, r.gene.symbol.as_str(), r.gene.tax_id))
            .collect(),
        locus_model::TermKind::GoTerm => doc
            .go_genes
            .iter()
            .flat_map(|p| &p.rows)
            .map(|r| (r.gene.gene_id, r.gene.symbol.as_str(), r.gene.tax_id))
            .collect(),
    };
    let total = match t.kind {
        locus_model::TermKind::Disease => genes.len() as u64,
        locus_model::TermKind::Phenotype => doc.phenotype_genes.as_ref().map_or(0, |p| p.total),
        locus_model::TermKind::GoTerm => doc.go_genes.as_ref().map_or(0, |p| p.total),
    };
    Ok(html! {
        aside.infobox aria-label="Infobox" {
            h2 { (t.name) }
            p.muted.small { "From the imported data; edit the data, not this box." }
            table.props {
                tr { th { "Id" } td { a href=(doc.entity.path()) { (t.id) } } }
                tr { th { "Kind" } td { (doc.entity.kind().as_str().replace('_', " ")) } }
                @if !t.synonyms.is_empty() { tr { th { "Synonyms" } td { (t.synonyms.iter().take(5).cloned().collect::<Vec<_>>().join("; ")) } } }
                @if !t.parents.is_empty() { tr { th { "Is a" } td { @for (i, p) in t.parents.iter().enumerate() { @if i > 0 { "; " } (super::terms::term_link(p)) } } } }
                @if !t.equivalents.is_empty() { tr { th { "Same as" } td { @for (i, p) in t.equivalents.iter().enumerate() { @if i > 0 { "; " } (super::terms::term_link(p)) } } } }
                tr { th { "Genes" } td {
                    a href=(doc.entity.path()) { (thousands(total)) }
                    @if !genes.is_empty() { br; span.small {
                        @for (i, (g, s, tax)) in genes.iter().take(12).enumerate() {
                            @if i > 0 { ", " }
                            a href=(super::search::gene_href(*g, s, *tax)) { (s) }
                        }
                        @if total > 12 { " …" }
                    } }
                } }
            }
        }
    })
}

/// The infobox of a paper's article: the imported citation and the genes
/// sources link to it.
fn publication_infobox(
    kb: &Arc<KnowledgeBase>,
    pmid: locus_model::Pmid,
) -> Result<Markup, ApiError> {
    let Some(p) = kb.store().publication(pmid)? else {
        return Ok(html! {});
    };
    Ok(html! {
        aside.infobox aria-label="Infobox" {
            h2 { "PubMed " (pmid) }
            p.muted.small { "From the imported data; edit the data, not this box." }
            table.props {
                @if let Some(c) = &p.citation {
                    tr { th { "Title" } td { (c.title) } }
                    @if !c.authors.is_empty() { tr { th { "Authors" } td { (c.authors.iter().take(6).cloned().collect::<Vec<_>>().join(", ")) @if c.authors.len() > 6 { ", et al." } } } }
                    @if let Some(j) = &c.journal { tr { th { "Journal" } td { i { (j) } } } }
                    @if let Some(y) = c.year { tr { th { "Year" } td { (y) } } }
                }
                tr { th { "PubMed" } td { a href=(format!("https://pubmed.ncbi.nlm.nih.gov/{pmid}/")) rel="external" { (pmid) } } }
                tr { th { "Genes" } td {
                    a href=(format!("/publications/{pmid}")) { (p.genes.len()) " linked" }
                    @if !p.genes.is_empty() { br; span.small {
                        @for (i, g) in p.genes.iter().take(12).enumerate() {
                            @if i > 0 { ", " }
                            a href=(format!("/genes/{}", g.gene_id)) { (g.symbol) }
                        }
                        @if p.genes.len() > 12 { " …" }
                    } }
                } }
            }
        }
    })
}

/// The metadata block, as SciDEX shows it.
fn metadata(
    kb: &Arc<KnowledgeBase>,
    t: &Target,
    a: &Article,
    doc: &locus_kb::wiki::view::ArticleDocument,
) -> Result<Markup, ApiError> {
    let imports = match &t.gene {
        Some(g) => kb.store().gene_imports(g.gene_id)?,
        None => Vec::new(),
    };
    Ok(html! {
        section.meta aria-label="Article metadata" {
            h2 { "About this article" }
            table.props {
                tr { th { "Slug" } td { code { (doc.slug) } } }
                tr { th { "Subject" } td { (doc.kind) " " code { (doc.id) } } }
                @if let Some(node) = &doc.kg_node { tr { th { "KG node" } td { code { (node) } } } }
                tr { th { "Revision" } td { a href=(format!("{}?rev={}", base(t), doc.revision)) { (doc.revision) }
                    @if doc.revision != doc.current_revision { " (newest: " a href=(base(t)) { (doc.current_revision) } ")" } } }
                tr { th { "Created" } td { (doc.created) } }
                tr { th { "Updated" } td { (doc.updated) } }
                tr { th { "Revisions" } td { a href=(format!("{}/history", base(t))) { (a.revisions) } } }
                tr { th { "Editors" } td { (doc.editors) } }
                tr { th { "Words" } td { (thousands(doc.word_count as u64)) } }
                @if a.protected { tr { th { "Protection" } td { "Only admins edit this article" } } }
                @if !imports.is_empty() {
                    tr { th { "Infobox data" } td {
                        @for (i, im) in imports.iter().enumerate() {
                            @if i > 0 { br; }
                            "#" (im.id) " " (im.kind.as_str()) " " span.muted { (im.file_name) }
                            @if let Some(r) = &im.release { " (" (r) ")" }
                        }
                    } }
                }
            }
            p.small { a href=(format!("/api/v1/wiki/{}/{}", doc.kind, doc.id)) { "JSON" } " · "
                a href=(format!("{}/cite", base(t))) { "Cite this page" } " · "
                a href=(format!("{}?embed=1", base(t))) { "Embed" } }
        }
    })
}

/// The contributor list with each share of the current text.
fn contributors(list: &[Contributor], legend: bool) -> Markup {
    html! {
        ul.contributors {
            @for (i, c) in list.iter().enumerate() {
                li {
                    @if legend { span class=(format!("swatch au-{}", i % AUTHOR_COLOURS)) {} }
                    strong { (c.name) } @if !c.account { span.muted.small { " (imported)" } }
                    " " span.muted { (format!("{:.1}%", c.share * 100.0)) " · " (thousands(c.tokens)) " tokens" }
                }
            }
        }
    }
}

/// Distinct author colours in the stylesheet (`.au-0` … `.au-11`).
const AUTHOR_COLOURS: usize = 12;

/// `/wiki/{kind}/{id}`: the article (or the offer to write it).
async fn article(
    State(state): State<Arc<AppState>>,
    Path((kind, id)): Path<(String, String)>,
    query: Result<Query<ArticleQuery>, axum::extract::rejection::QueryRejection>,
    MaybeViewer(viewer): MaybeViewer,
) -> Response {
    let Ok(Query(q)) = query else {
        return super::error_page(ApiError::invalid("bad query parameters"));
    };
    or_error_page(
        blocking(move || {
            let kb = &state.kb;
            let t = target(kb, &kind, &id, q.organism)?;
            let rev = rev_of(q.rev)?;
            let Some(a) = kb.article(&t.subject)? else {
                let body = html! {
                    header.wiki-head { h1 { (t.title) } p.muted { "Wiki article" } }
                    (tabs(&t, false, "article"))
                    div.wiki-layout {
                        div.wiki-main {
                            section {
                                p { "There is no article about " strong { (t.title) } " yet." }
                                p { a.button href=(format!("{}/edit{}", base(&t), organism_suffix(&t))) { "Write it" } }
                                p.muted.small { "Articles are CommonMark: link genes with " code { "[[HMOX1]]" } ", cite papers with " code { "[@pmid:17942419]" } "." }
                            }
                        }
                        (infobox(kb, &t)?)
                    }
                };
                return Ok(page_response(StatusCode::NOT_FOUND, wiki_frame(&t.title, viewer.as_ref(), body)));
            };
            let (doc, revision, rendered) = kb.article_document(&a, rev)?;
            let by_author = q.view.as_deref() == Some("authors");
            let (html_body, legend) = if by_author {
                let authorship = kb.revision_authorship(&a, &revision)?;
                let (r, legend) = kb.render_by_author(&a.subject, &revision, &authorship)?;
                (r.html, legend)
            } else {
                (rendered.html.clone(), Vec::new())
            };
            let refs = PreEscaped(locus_wiki_refs(&rendered));
            // Edges of the subject in the knowledge graph, and where its
            // page draws them.
            let kg = match (&t.gene, a.subject.entity()) {
                (Some(g), _) => Some((
                    kb.store().kg_counts(g.gene_id)?.edges(),
                    format!("/genes/{}#{}", g.gene_id, Section::KnowledgeGraph.anchor()),
                )),
                (None, Some(e @ (EntityRef::Disease(_) | EntityRef::Phenotype(_) | EntityRef::GoTerm(_)))) => Some((
                    u64::try_from(kb.degree(e)?).unwrap_or(u64::MAX),
                    format!("{}#knowledge-graph", e.path()),
                )),
                _ => None,
            };
            if q.embed == Some(1) {
                return Ok(page_response(StatusCode::OK, embed_page(&t, &doc, &html_body, &refs)));
            }
            let old = doc.revision != doc.current_revision;
            let body = html! {
                header.wiki-head {
                    h1 { (t.title) @if let Some(g) = &t.gene { " " span.fullname { (g.name.as_deref().unwrap_or("")) } } }
                    p.muted { "Wiki article · " (thousands(doc.word_count as u64)) " words · " (doc.editors) " editors · updated " (doc.updated) }
                }
                (tabs(&t, true, if by_author { "authors" } else { "article" }))
                @if old {
                    p.note { "This is revision " (doc.revision) " by " (revision.summary.author.name) " of " (doc.updated) ". "
                        a href=(base(&t)) { "Read the newest revision" } " · "
                        a href=(format!("{}/diff?from={}&to={}", base(&t), doc.revision, doc.current_revision)) { "what changed since" } }
                }
                div.wiki-layout {
                    div.wiki-main {
                        @if by_author {
                            section.legend {
                                h2 { "Who wrote what" }
                                p.muted.small { "Each word is coloured by the person who first wrote it; hover a word for its author and revision. Authorship is carried across revisions the way WikiWho does it: moved and restored text keeps its authors." }
                                (contributors(&doc.contributors, true))
                                @if legend.len() > AUTHOR_COLOURS { p.muted.small { "More than " (AUTHOR_COLOURS) " authors: colours repeat; the tooltip names each." } }
                                @if revision.markup == TextMarkup::Wikitext { p.muted.small { "Imported wikitext is shown as its source, each word coloured by its author." } }
                            }
                        }
                        article.wiki-body.by-author[by_author] { (PreEscaped(&html_body)) }
                        @if !rendered.references.is_empty() || !rendered.notes.is_empty() {
                            section.refs { h2 { "References" } (refs) }
                        }
                        @if let Some((n, href)) = &kg {
                            p.kg-line { "KG connections: " a href=(href) { (thousands(*n)) " edges" } }
                        }
                        @let unresolved: Vec<_> = doc.links.iter().filter(|l| l.status != "resolved").collect();
                        @if !unresolved.is_empty() {
                            section.unresolved {
                                h2 { "Links that do not resolve" }
                                ul { @for l in unresolved { li { code { "[[" (l.source) "]]" } " — " (l.status) @if let Some(r) = &l.reason { ": " (r) } } } }
                            }
                        }
                        section {
                            h2 { "Contributors" }
                            (contributors(&doc.contributors, false))
                        }
                        (metadata(kb, &t, &a, &doc)?)
                    }
                    (infobox(kb, &t)?)
                }
            };
            Ok(page_response(StatusCode::OK, wiki_frame(&t.title, viewer.as_ref(), body)))
        })
        .await,
    )
}

/// The reference list of a rendering.
fn locus_wiki_refs(r: &locus_kb::wiki::Rendered) -> String {
    locus_kb::wiki::reference_list_html(&r.references, &r.notes)
}

/// The article alone, for other sites' frames.
fn embed_page(
    t: &Target,
    doc: &locus_kb::wiki::view::ArticleDocument,
    body: &str,
    refs: &Markup,
) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (t.title) " · Locus" }
                link rel="stylesheet" href=(assets().css.url);
                base target="_blank";
            }
            body.embed {
                main {
                    h1 { (t.title) }
                    article.wiki-body { (PreEscaped(body)) }
                    @if !doc.references.is_empty() { section.refs { h2 { "References" } (refs) } }
                    p.muted.small { "From the Locus wiki, revision " a href=(format!("{}?rev={}", base(t), doc.revision)) { (doc.revision) } " (" (doc.updated) "). " a href=(base(t)) { "Read or edit it on Locus" } "." }
                }
            }
        }
    }
}

/// The editor's form fields.
#[derive(Deserialize)]
struct EditForm {
    text: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    minor: Option<String>,
    #[serde(default)]
    base: String,
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    action: String,
}

/// A form token and, when it needs one, the cookie to set: the session's
/// CSRF token for a logged-in editor, a double-submit token otherwise.
pub(super) fn form_token(
    viewer: Option<&Viewer>,
    headers: &HeaderMap,
) -> Result<(String, Option<HeaderValue>), ApiError> {
    if let Some(v) = viewer {
        return Ok((v.csrf.clone(), None));
    }
    if let Some(c) = cookie(headers, LOGIN_COOKIE).filter(|c| c.len() == 64) {
        return Ok((c.to_string(), None));
    }
    let token = locus_kb::wiki::accounts::random_secret()?;
    let cookie = set_cookie(LOGIN_COOKIE, &token, 3600, false);
    Ok((token, Some(cookie)))
}

/// Whether a submitted form token is the session's (or the double-submit
/// cookie's, without a session).
fn token_ok(viewer: Option<&Viewer>, headers: &HeaderMap, field: &str) -> bool {
    match viewer {
        Some(v) => same_secret(&v.csrf, field),
        None => {
            cookie(headers, LOGIN_COOKIE).is_some_and(|c| c.len() == 64 && same_secret(c, field))
        }
    }
}

struct EditorView<'a> {
    t: &'a Target,
    text: &'a str,
    comment: &'a str,
    minor: bool,
    base: Option<RevisionId>,
    token: &'a str,
    markup: TextMarkup,
    notice: Option<Markup>,
    preview: Option<(String, Vec<locus_kb::wiki::view::ArticleLink>)>,
    theirs: Option<(RevisionId, &'a str)>,
}

fn editor_page(viewer: Option<&Viewer>, v: EditorView<'_>) -> Markup {
    let b = base(v.t);
    let org = organism_suffix(v.t);
    let body = html! {
        header.wiki-head { h1 { "Editing " (v.t.title) } }
        (tabs(v.t, v.base.is_some(), "edit"))
        @if let Some(n) = &v.notice { div.notice { (n) } }
        @if let Some((rev, text)) = &v.theirs {
            section.conflict {
                h2 { "The newer revision " (rev) }
                p.muted { "It changed the same text as you. Your text (below, with both versions between conflict markers) is not lost: combine them and save again." }
                textarea.theirs readonly rows="12" aria-label="The newer revision's text" { (text) }
            }
        }
        @if let Some((html_preview, links)) = &v.preview {
            section.preview {
                h2 { "Preview" }
                p.muted.small { "Not saved yet." }
                article.wiki-body { (PreEscaped(html_preview)) }
                @let bad: Vec<_> = links.iter().filter(|l| l.status != "resolved").collect();
                @if !bad.is_empty() {
                    div.unresolved {
                        h3 { "Links that do not resolve" }
                        ul { @for l in bad { li { code { "[[" (l.source) "]]" } " — " (l.status)
                            @if let Some(r) = &l.reason { ": " (r) }
                            @if !l.candidates.is_empty() { ": " @for (i, c) in l.candidates.iter().enumerate() { @if i > 0 { ", " } a href=(c) { (c) } } }
                        } } }
                        p.muted.small { "Write " code { "[[gene:mouse:Bach2]]" } " or " code { "[[gene:4780]]" } " to name one gene." }
                    }
                }
            }
        }
        form.editor method="post" action=(format!("{b}/edit{org}")) {
            input type="hidden" name="csrf" value=(v.token);
            input type="hidden" name="base" value=(v.base.map(|b| b.to_string()).unwrap_or_default());
            label for="text" { "Text " span.muted.small { (match v.markup { TextMarkup::Markdown => "(CommonMark with GFM tables; [[HMOX1]] links a gene, [@pmid:17942419] cites a paper, a ```graph BACH1 HMOX1``` block draws their knowledge-graph edges)", TextMarkup::Wikitext => "(MediaWiki wikitext, as imported)" }) } }
            textarea #text name="text" rows="24" spellcheck="true" { (v.text) }
            div.editor-row {
                label for="comment" { "Summary" }
                input #comment type="text" name="comment" value=(v.comment) maxlength="500" placeholder="What you changed and why";
                label.check { input type="checkbox" name="minor" value="1" checked[v.minor]; " Minor edit" }
            }
            div.editor-row {
                button type="submit" name="action" value="preview" { "Preview" }
                button.primary type="submit" name="action" value="save" { "Save" }
                a href=(format!("{b}{org}")) { "Cancel" }
            }
        }
    };
    wiki_frame(&format!("Editing {}", v.t.title), viewer, body)
}

/// The editor's page for someone who may not edit: why, and the
/// article's source to read (as MediaWiki's "view source").
fn view_source(
    t: &Target,
    viewer: Option<&Viewer>,
    status: StatusCode,
    source: Option<&str>,
    add: Option<&str>,
) -> Response {
    let org = organism_suffix(t);
    let next = match add {
        Some(a) => format!(
            "{}/edit{org}{}add={}",
            base(t),
            if org.is_empty() { "?" } else { "&" },
            urlencode(a)
        ),
        None => format!("{}/edit{org}", base(t)),
    };
    page_response(
        status,
        wiki_frame(
            &format!("Source of {}", t.title),
            viewer,
            html! {
                header.wiki-head { h1 { "Source of " (t.title) } }
                (tabs(t, source.is_some(), "edit"))
                @match viewer {
                    None => {
                        p { "Edits are made with an account, so every word keeps its author. "
                            a href=(format!("/login?next={}", urlencode(&next))) { "Log in" } " to edit." }
                        p.muted { "No account? Ask this wiki's administrator (" code { "locus user add NAME --role editor --password-stdin" } ")." }
                    }
                    Some(v) => p.notice { "Your account (" (v.account.role.as_str()) ") may not edit this article"
                        @if v.account.blocked { ": it is blocked" } "." }
                }
                @if let Some(text) = source {
                    textarea.theirs readonly rows="24" aria-label="The article's source" { (text) }
                }
            },
        ),
    )
}

/// `/wiki/{kind}/{id}/edit` (GET): the editor.
async fn edit_form(
    State(state): State<Arc<AppState>>,
    Path((kind, id)): Path<(String, String)>,
    query: Result<Query<ArticleQuery>, axum::extract::rejection::QueryRejection>,
    MaybeViewer(viewer): MaybeViewer,
    ip: ClientIp,
    headers: HeaderMap,
) -> Response {
    let Ok(Query(q)) = query else {
        return super::error_page(ApiError::invalid("bad query parameters"));
    };
    or_error_page(
        blocking(move || {
            let kb = &state.kb;
            let t = target(kb, &kind, &id, q.organism)?;
            let add = q.add.as_deref().map(str::trim).filter(|a| !a.is_empty());
            if add.is_some_and(|a| a.chars().count() > MAX_ADD_CHARS) {
                return Err(ApiError::invalid(format!(
                    "add is at most {MAX_ADD_CHARS} characters"
                )));
            }
            let article = kb.article(&t.subject)?;
            let source = match &article {
                Some(a) => Some(kb.article_revision(a, None)?.text),
                None => None,
            };
            let Some(editor) = page_editor(&state, viewer.as_ref(), &ip) else {
                return Ok(view_source(&t, None, StatusCode::UNAUTHORIZED, source.as_deref(), add));
            };
            if kb.may_edit(&editor, article.as_ref()).is_err() {
                return Ok(view_source(&t, viewer.as_ref(), StatusCode::FORBIDDEN, source.as_deref(), add));
            }
            let (text, base, markup) = match &article {
                Some(a) => {
                    let r = kb.article_revision(a, None)?;
                    (r.text, Some(r.summary.id), r.markup)
                }
                None => (String::new(), None, TextMarkup::Markdown),
            };
            let text = match add {
                Some(a) => with_statement(&text, a),
                None => text,
            };
            let (token, set) = form_token(viewer.as_ref(), &headers)?;
            let anonymous = viewer.is_none();
            let body = editor_page(
                viewer.as_ref(),
                EditorView {
                    t: &t,
                    text: &text,
                    comment: if add.is_some() { "Cited statement from the literature by topic" } else { "" },
                    minor: false,
                    base,
                    token: &token,
                    markup,
                    notice: (anonymous || add.is_some()).then(|| html! {
                        @if add.is_some() { "The statement and its citation are added at the end of the text below; nothing is saved until you save. " }
                        @if anonymous { "You are not logged in: your edit will be credited to your IP address." }
                    }),
                    preview: None,
                    theirs: None,
                },
            );
            let mut res = page_response(StatusCode::OK, body);
            if let Some(c) = set {
                res.headers_mut().insert(header::SET_COOKIE, c);
            }
            Ok(res)
        })
        .await,
    )
}

/// The query and the form of a wiki POST, or why either is unreadable.
fn query_and_form<T>(
    query: Result<Query<ArticleQuery>, axum::extract::rejection::QueryRejection>,
    form: Result<Form<T>, axum::extract::rejection::FormRejection>,
) -> Result<(ArticleQuery, T), ApiError> {
    let Ok(Query(q)) = query else {
        return Err(ApiError::invalid("bad query parameters"));
    };
    match form {
        Ok(Form(f)) => Ok((q, f)),
        Err(e) => Err(ApiError::invalid(format!(
            "the form could not be read: {}",
            e.body_text()
        ))),
    }
}

/// `/wiki/{kind}/{id}/edit` (POST): preview or save. Whatever goes
/// wrong, the page that answers holds the submitted text.
async fn edit_submit(
    State(state): State<Arc<AppState>>,
    Path((kind, id)): Path<(String, String)>,
    query: Result<Query<ArticleQuery>, axum::extract::rejection::QueryRejection>,
    MaybeViewer(viewer): MaybeViewer,
    ip: ClientIp,
    headers: HeaderMap,
    form: Result<Form<EditForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let (q, form) = match query_and_form(query, form) {
        Ok(x) => x,
        Err(e) => return super::error_page(e),
    };
    or_error_page(
        blocking(move || {
            let t = target(&state.kb, &kind, &id, q.organism)?;
            submit(&state, t, viewer, &ip, &headers, form)
        })
        .await,
    )
}

/// Previews or saves `form` as an edit of `t`; whatever stops a save
/// answers with the editor holding the text.
fn submit(
    state: &AppState,
    t: Target,
    viewer: Option<Viewer>,
    ip: &ClientIp,
    headers: &HeaderMap,
    form: EditForm,
) -> Result<Response, ApiError> {
    let kb = &state.kb;
    let base_rev = match form.base.trim() {
        "" => None,
        b => {
            Some(RevisionId(b.parse().map_err(|_| {
                ApiError::invalid("base is a revision number")
            })?))
        }
    };
    let minor = form.minor.is_some();
    let article = kb.article(&t.subject)?;
    let markup = match &article {
        Some(a) => kb.article_revision(a, None)?.markup,
        None => TextMarkup::Markdown,
    };
    let show = |status: StatusCode,
                notice: Option<Markup>,
                preview,
                theirs: Option<(RevisionId, &str)>,
                text: &str|
     -> Result<Response, ApiError> {
        let (token, set) = form_token(viewer.as_ref(), headers)?;
        let mut res = page_response(
            status,
            editor_page(
                viewer.as_ref(),
                EditorView {
                    t: &t,
                    text,
                    comment: &form.comment,
                    minor,
                    base: base_rev,
                    token: &token,
                    markup,
                    notice,
                    preview,
                    theirs,
                },
            ),
        );
        if let Some(c) = set {
            res.headers_mut().insert(header::SET_COOKIE, c);
        }
        Ok(res)
    };
    if !token_ok(viewer.as_ref(), headers, &form.csrf) {
        return show(
            StatusCode::FORBIDDEN,
            Some(
                html! { strong { "Not saved: " } "the form's security token did not match (your session may have ended). Your text is below; save it again." },
            ),
            None,
            None,
            &form.text,
        );
    }
    let Some(editor) = page_editor(state, viewer.as_ref(), ip) else {
        return show(
            StatusCode::UNAUTHORIZED,
            Some(
                html! { strong { "Not saved: " } "edits need an account. Copy your text, " a href="/login" { "log in" } " and save again." },
            ),
            None,
            None,
            &form.text,
        );
    };
    if let Err(e) = kb.may_edit(&editor, article.as_ref()) {
        return show(
            StatusCode::FORBIDDEN,
            Some(html! { strong { "Not saved: " } (e.to_string()) }),
            None,
            None,
            &form.text,
        );
    }
    if form.action != "save" {
        let r = render_text(kb, &t.subject, markup, &form.text);
        let links = locus_kb::wiki::view::links(&r);
        return show(
            StatusCode::OK,
            None,
            Some((r.html, links)),
            None,
            &form.text,
        );
    }
    let outcome = kb.edit(
        &editor,
        EditRequest {
            subject: t.subject.clone(),
            title: t.title.clone(),
            text: form.text.clone(),
            base: base_rev,
            comment: form.comment.clone(),
            minor,
        },
    );
    match outcome {
        Ok(EditOutcome::Saved { revision, merged }) => {
            let to = format!(
                "{}{}",
                base_path_with(&t, revision),
                if merged { "&merged=1" } else { "" }
            );
            Ok(Redirect::to(&to).into_response())
        }
        Ok(EditOutcome::Unchanged { .. }) => {
            Ok(Redirect::to(&format!("{}{}", base(&t), organism_suffix(&t))).into_response())
        }
        Ok(EditOutcome::Conflict(c)) => show(
            StatusCode::CONFLICT,
            Some(
                html! { strong { "Not saved: edit conflict. " } "Someone saved revision " (c.theirs) " while you were editing, changing the same text. The box below holds your text merged with theirs; the overlapping parts are between " code { "<<<<<<<" } " and " code { ">>>>>>>" } " lines. Resolve them and save." },
            ),
            None,
            Some((c.theirs, &c.theirs_text)),
            &c.with_markers,
        ),
        Err(e) => {
            let e = ApiError::from(e);
            show(
                e.status_code(),
                Some(html! { strong { "Not saved: " } (e.message) }),
                None,
                None,
                &form.text,
            )
        }
    }
}

/// The form of a one-click citation (the literature pages' "+ wiki"
/// for a reader who is logged in).
#[derive(Deserialize)]
struct AppendForm {
    csrf: String,
    statement: String,
}

/// `/wiki/{kind}/{id}/append` (POST): adds a cited statement at the end of
/// the article (or starts it), saved as the reader's edit from the
/// newest revision; whatever stops the save answers with the editor
/// holding the article and the statement, so no text is lost.
async fn append_statement(
    State(state): State<Arc<AppState>>,
    Path((kind, id)): Path<(String, String)>,
    query: Result<Query<ArticleQuery>, axum::extract::rejection::QueryRejection>,
    MaybeViewer(viewer): MaybeViewer,
    ip: ClientIp,
    headers: HeaderMap,
    form: Result<Form<AppendForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let (q, form) = match query_and_form(query, form) {
        Ok(x) => x,
        Err(e) => return super::error_page(e),
    };
    or_error_page(
        blocking(move || {
            let kb = &state.kb;
            let t = target(kb, &kind, &id, q.organism)?;
            let statement = form.statement.trim();
            if statement.is_empty() || statement.chars().count() > MAX_ADD_CHARS {
                return Err(ApiError::invalid(format!(
                    "statement is 1 to {MAX_ADD_CHARS} characters"
                )));
            }
            let (current, base_rev) = match kb.article(&t.subject)? {
                Some(a) => {
                    let r = kb.article_revision(&a, None)?;
                    (r.text, Some(r.summary.id))
                }
                None => (String::new(), None),
            };
            let edit = EditForm {
                text: with_statement(&current, statement),
                comment: "Cited statement from the literature by topic".into(),
                minor: None,
                base: base_rev.map(|r| r.to_string()).unwrap_or_default(),
                csrf: form.csrf,
                action: "save".into(),
            };
            submit(&state, t, viewer, &ip, &headers, edit)
        })
        .await,
    )
}

/// An article's text with `statement` added as its last paragraph.
fn with_statement(text: &str, statement: &str) -> String {
    if text.trim().is_empty() {
        format!("{statement}\n")
    } else {
        format!("{}\n\n{statement}\n", text.trim_end())
    }
}

fn base_path_with(t: &Target, rev: RevisionId) -> String {
    let org = organism_suffix(t);
    if org.is_empty() {
        format!("{}?saved={rev}", base(t))
    } else {
        format!("{}{org}&saved={rev}", base(t))
    }
}

/// `/wiki/{kind}/{id}/history`.
async fn history(
    State(state): State<Arc<AppState>>,
    Path((kind, id)): Path<(String, String)>,
    query: Result<Query<HashMap<String, String>>, axum::extract::rejection::QueryRejection>,
    MaybeViewer(viewer): MaybeViewer,
) -> Response {
    let q = query.map(|Query(q)| q).unwrap_or_default();
    or_error_page(
        blocking(move || {
            let kb = &state.kb;
            let organism = q.get("organism").and_then(|o| Organism::parse(o));
            let t = target(kb, &kind, &id, organism)?;
            let a = existing(kb, &t)?;
            let page: u64 = q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1).max(1);
            let per = 100;
            let revs = kb.article_history(&a, (page - 1).saturating_mul(per), per)?;
            let can_revert = viewer.as_ref().is_some_and(|v| v.account.role >= Role::Editor && !v.account.blocked);
            let is_admin = viewer.as_ref().is_some_and(|v| v.account.role == Role::Admin);
            let b = base(&t);
            let body = html! {
                header.wiki-head { h1 { "History of " (t.title) } p.muted { (a.revisions) " revisions" } }
                (tabs(&t, true, "history"))
                section {
                    form method="get" action=(format!("{b}/diff")) {
                        table.data.history {
                            thead { tr { th { "From" } th { "To" } th { "Revision" } th { "Time" } th { "Author" } th.num { "Size" } th { "Summary" } @if can_revert { th {} } } }
                            tbody {
                                @for (i, r) in revs.iter().enumerate() {
                                    tr {
                                        td { input type="radio" name="from" value=(r.id) checked[i == 1] aria-label=(format!("diff from revision {}", r.id)); }
                                        td { input type="radio" name="to" value=(r.id) checked[i == 0] aria-label=(format!("diff to revision {}", r.id)); }
                                        td { a href=(format!("{b}?rev={}", r.id)) { (r.id) }
                                            @if let Some(p) = r.parent { " " a.small href=(format!("{b}/diff?from={p}&to={}", r.id)) { "diff" } }
                                            @if let Some(s) = r.source_revision { br; span.muted.small { "imported rev " (s) } } }
                                        td.nowrap { (r.timestamp) }
                                        td { (r.author.name) @if r.author.account.is_none() { span.muted.small { " (imported" @if r.source_revision.is_none() { " or anonymous" } ")" } } }
                                        td.num { (thousands(r.size)) }
                                        td { @if r.minor { abbr title="minor edit" { "m" } " " } (r.comment) }
                                        @if can_revert {
                                            td { @if r.id != a.current {
                                                button.link type="submit" form=(format!("revert-{}", r.id)) { "revert to this" }
                                            } }
                                        }
                                    }
                                }
                            }
                        }
                        p { button type="submit" { "Compare selected revisions" } }
                    }
                    @if let Some(v) = &viewer {
                        @if can_revert {
                            @for r in &revs {
                                @if r.id != a.current {
                                    form id=(format!("revert-{}", r.id)) method="post" action=(format!("{b}/revert")) hidden {
                                        input type="hidden" name="csrf" value=(v.csrf);
                                        input type="hidden" name="revision" value=(r.id);
                                    }
                                }
                            }
                        }
                        @if is_admin {
                            form method="post" action=(format!("{b}/protect")) {
                                input type="hidden" name="csrf" value=(v.csrf);
                                input type="hidden" name="protect" value=(if a.protected { "0" } else { "1" });
                                button type="submit" { (if a.protected { "Lift protection" } else { "Protect (admins only edit)" }) }
                            }
                        }
                    }
                    @if a.revisions > page * per { p { a href=(format!("{b}/history?page={}", page + 1)) { "Older revisions →" } } }
                }
            };
            Ok(page_response(StatusCode::OK, wiki_frame(&format!("History of {}", t.title), viewer.as_ref(), body)))
        })
        .await,
    )
}

/// `/wiki/{kind}/{id}/diff?from=&to=`: side by side.
async fn diff(
    State(state): State<Arc<AppState>>,
    Path((kind, id)): Path<(String, String)>,
    query: Result<Query<HashMap<String, String>>, axum::extract::rejection::QueryRejection>,
    MaybeViewer(viewer): MaybeViewer,
) -> Response {
    let q = query.map(|Query(q)| q).unwrap_or_default();
    or_error_page(
        blocking(move || {
            let kb = &state.kb;
            let organism = q.get("organism").and_then(|o| Organism::parse(o));
            let t = target(kb, &kind, &id, organism)?;
            let a = existing(kb, &t)?;
            let num = |k: &str| -> Result<RevisionId, ApiError> {
                q.get(k)
                    .and_then(|v| v.parse::<i64>().ok())
                    .filter(|v| *v > 0)
                    .map(RevisionId)
                    .ok_or_else(|| ApiError::invalid(format!("{k} is a revision number")))
            };
            let (mut from, mut to) = (num("from")?, num("to")?);
            if from > to {
                std::mem::swap(&mut from, &mut to);
            }
            let (ra, rb, d) = kb.article_diff(&a, from, to)?;
            let b = base(&t);
            let side = |r: &locus_store::wiki::Revision| html! {
                a href=(format!("{b}?rev={}", r.summary.id)) { "Revision " (r.summary.id) } br;
                span.muted.small { (r.summary.timestamp) " · " (r.summary.author.name) } br;
                span.small { (r.summary.comment) }
            };
            let body = html! {
                header.wiki-head { h1 { "Changes to " (t.title) } p.muted { "+" (d.words_added) " words, −" (d.words_removed) " words" } }
                (tabs(&t, true, "history"))
                section {
                    table.diff {
                        thead { tr { th { (side(&ra)) } th { (side(&rb)) } } }
                        tbody {
                            @for row in &d.rows {
                                @match row {
                                    Row::Context { text, .. } => tr.context { td { (clip(text)) } td { (clip(text)) } },
                                    Row::Changed { old, new, .. } => tr.changed {
                                        td { @for s in old { (segment(s)) } }
                                        td { @for s in new { (segment(s)) } }
                                    },
                                    Row::Deleted { text, .. } => tr.deleted { td { del { (text) } } td {} },
                                    Row::Inserted { text, .. } => tr.inserted { td {} td { ins { (text) } } },
                                }
                            }
                        }
                    }
                    @if d.rows.is_empty() { p.empty { "The two revisions have the same text." } }
                }
            };
            Ok(page_response(StatusCode::OK, wiki_frame(&format!("Changes to {}", t.title), viewer.as_ref(), body)))
        })
        .await,
    )
}

/// An unchanged paragraph, shortened when long.
fn clip(text: &str) -> String {
    if text.chars().count() <= 240 {
        return text.to_string();
    }
    let head: String = text.chars().take(120).collect();
    let tail: String = {
        let v: Vec<char> = text.chars().collect();
        v[v.len() - 80..].iter().collect()
    };
    format!("{head} … {tail}")
}

fn segment(s: &locus_kb::wiki::Segment) -> Markup {
    use locus_kb::wiki::Change;
    html! {
        @match s.change {
            Change::Equal => (s.text),
            Change::Delete => del { (s.text) },
            Change::Insert => ins { (s.text) },
        }
    }
}

#[derive(Deserialize)]
struct RevertForm {
    csrf: String,
    revision: i64,
}

/// `/wiki/{kind}/{id}/revert` (POST).
async fn revert(
    State(state): State<Arc<AppState>>,
    Path((kind, id)): Path<(String, String)>,
    MaybeViewer(viewer): MaybeViewer,
    form: Result<Form<RevertForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return super::error_page(ApiError::invalid("the form could not be read"));
    };
    or_error_page(
        blocking(move || {
            let kb = &state.kb;
            let Some(v) = viewer.filter(|v| same_secret(&v.csrf, &form.csrf)) else {
                return Err(ApiError::new(
                    ErrorCode::Forbidden,
                    "reverting needs a logged-in editor and the form's token",
                ));
            };
            let t = target(kb, &kind, &id, None)?;
            kb.revert(
                &locus_kb::wiki::edit::Editor::Account(v.account),
                &t.subject,
                &t.title,
                RevisionId(form.revision),
            )?;
            Ok(Redirect::to(&format!("{}/history", base(&t))).into_response())
        })
        .await,
    )
}

#[derive(Deserialize)]
struct ProtectForm {
    csrf: String,
    protect: String,
}

/// `/wiki/{kind}/{id}/protect` (POST, admins).
async fn protect(
    State(state): State<Arc<AppState>>,
    Path((kind, id)): Path<(String, String)>,
    MaybeViewer(viewer): MaybeViewer,
    form: Result<Form<ProtectForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return super::error_page(ApiError::invalid("the form could not be read"));
    };
    or_error_page(
        blocking(move || {
            let kb = &state.kb;
            let Some(v) = viewer.filter(|v| same_secret(&v.csrf, &form.csrf)) else {
                return Err(ApiError::new(
                    ErrorCode::Forbidden,
                    "protecting needs a logged-in admin and the form's token",
                ));
            };
            let t = target(kb, &kind, &id, None)?;
            kb.protect(
                &locus_kb::wiki::edit::Editor::Account(v.account),
                &t.subject,
                form.protect == "1",
            )?;
            Ok(Redirect::to(&format!("{}/history", base(&t))).into_response())
        })
        .await,
    )
}

/// The site's own address as the request names it, for absolute links.
pub(crate) fn origin(headers: &HeaderMap, secure: bool) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        })
        .unwrap_or("localhost");
    format!("{}://{host}", if secure { "https" } else { "http" })
}

/// `/wiki/{kind}/{id}/cite?format=bibtex|ris|csl-json&rev=`.
async fn cite(
    State(state): State<Arc<AppState>>,
    Path((kind, id)): Path<(String, String)>,
    query: Result<Query<HashMap<String, String>>, axum::extract::rejection::QueryRejection>,
    MaybeViewer(viewer): MaybeViewer,
    headers: HeaderMap,
) -> Response {
    let q = query.map(|Query(q)| q).unwrap_or_default();
    or_error_page(
        blocking(move || {
            let kb = &state.kb;
            let organism = q.get("organism").and_then(|o| Organism::parse(o));
            let t = target(kb, &kind, &id, organism)?;
            let a = existing(kb, &t)?;
            let rev = rev_of(q.get("rev").map(|r| r.parse::<i64>().unwrap_or(0)))?;
            let r = kb.article_revision(&a, rev)?;
            let au = kb.revision_authorship(&a, &r)?;
            let url = format!("{}{}?rev={}", origin(&headers, state.config.secure_cookies), base(&t), r.summary.id);
            let accessed = locus_store::import::now_rfc3339();
            let data = CiteData {
                title: &a.title,
                authors: au.contributors.iter().map(|c| c.name.as_str()).collect(),
                date: &r.summary.timestamp,
                url: &url,
                revision: r.summary.id,
                accessed: &accessed,
            };
            let format = match q.get("format").map(String::as_str) {
                None => None,
                Some("bibtex") => Some(CiteFormat::Bibtex),
                Some("ris") => Some(CiteFormat::Ris),
                Some("csl-json") => Some(CiteFormat::CslJson),
                Some(other) => return Err(ApiError::invalid(format!("unknown format {other:?}: bibtex, ris or csl-json"))),
            };
            if let Some(f) = format {
                let (ctype, ext) = match f {
                    CiteFormat::Bibtex => ("application/x-bibtex; charset=utf-8", "bib"),
                    CiteFormat::Ris => ("application/x-research-info-systems; charset=utf-8", "ris"),
                    CiteFormat::CslJson => ("application/vnd.citationstyles.csl+json", "json"),
                };
                let name = format!("{}-rev{}.{ext}", slug(&a.subject, &a.title), r.summary.id);
                return Ok((
                    StatusCode::OK,
                    [
                        (header::CONTENT_TYPE, ctype.to_string()),
                        (header::CONTENT_DISPOSITION, format!("inline; filename=\"{name}\"")),
                    ],
                    citation(f, &data),
                )
                    .into_response());
            }
            let names: Vec<&str> = au.contributors.iter().map(|c| c.name.as_str()).collect();
            let plain = format!(
                "{}. {} (revision {}, {}). Locus wiki. {} (accessed {}).",
                names.join(", "),
                a.title,
                r.summary.id,
                r.summary.timestamp.get(..10).unwrap_or(&r.summary.timestamp),
                url,
                accessed.get(..10).unwrap_or(&accessed)
            );
            let b = base(&t);
            let body = html! {
                header.wiki-head { h1 { "Cite " (t.title) } p.muted { "Revision " (r.summary.id) " of " (r.summary.timestamp) "; authors are the contributors by their share of this revision's text." } }
                (tabs(&t, true, "cite"))
                section {
                    h2 { "Text" }
                    p.citation { (plain) }
                    @for (label, f, key) in [("BibTeX", CiteFormat::Bibtex, "bibtex"), ("RIS", CiteFormat::Ris, "ris"), ("CSL-JSON", CiteFormat::CslJson, "csl-json")] {
                        h2 { (label) " " a.small href=(format!("{b}/cite?format={key}&rev={}", r.summary.id)) { "download" } }
                        pre.cite { (citation(f, &data)) }
                    }
                }
            };
            Ok(page_response(StatusCode::OK, wiki_frame(&format!("Cite {}", t.title), viewer.as_ref(), body)))
        })
        .await,
    )
}

/// `/wiki/accounts` (admins): every account, with forms to change its
/// role and to block or unblock it.
async fn accounts(
    State(state): State<Arc<AppState>>,
    MaybeViewer(viewer): MaybeViewer,
) -> Response {
    or_error_page(
        blocking(move || {
            let Some(v) = viewer.filter(|v| v.account.role == Role::Admin && !v.account.blocked) else {
                return Err(ApiError::new(ErrorCode::Forbidden, "the account list is for admins"));
            };
            let list = state.kb.accounts()?;
            let body = html! {
                header.wiki-head { h1 { "Accounts" } p.muted { (list.len()) " accounts. Create them with " code { "locus user add NAME --role editor --password-stdin" } "." } }
                section {
                    table.data {
                        thead { tr { th { "Name" } th { "Role" } th { "Blocked" } th { "Created" } th { "Change" } } }
                        tbody {
                            @for a in &list {
                                tr {
                                    td { strong { (a.name) } }
                                    td { (a.role.as_str()) }
                                    td { @if a.blocked { "blocked" } @else { "—" } }
                                    td.nowrap { (a.created) }
                                    td {
                                        @if a.id != v.account.id {
                                            form.inline method="post" action="/wiki/accounts" {
                                                input type="hidden" name="csrf" value=(v.csrf);
                                                input type="hidden" name="name" value=(a.name);
                                                select name="role" aria-label=(format!("role of {}", a.name)) {
                                                    @for r in [Role::Reader, Role::Editor, Role::Admin] {
                                                        option value=(r.as_str()) selected[r == a.role] { (r.as_str()) }
                                                    }
                                                }
                                                " "
                                                label.check { input type="checkbox" name="blocked" value="1" checked[a.blocked]; " blocked" }
                                                " "
                                                button type="submit" { "Save" }
                                            }
                                        } @else {
                                            span.muted.small { "you" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            };
            Ok(page_response(StatusCode::OK, wiki_frame("Accounts", Some(&v), body)))
        })
        .await,
    )
}

#[derive(Deserialize)]
struct AccountForm {
    csrf: String,
    name: String,
    role: String,
    #[serde(default)]
    blocked: Option<String>,
}

/// `/wiki/accounts` (POST, admins): a role or block changed.
async fn account_update(
    State(state): State<Arc<AppState>>,
    MaybeViewer(viewer): MaybeViewer,
    form: Result<Form<AccountForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return super::error_page(ApiError::invalid("the form could not be read"));
    };
    or_error_page(
        blocking(move || {
            let Some(v) = viewer.filter(|v| {
                v.account.role == Role::Admin
                    && !v.account.blocked
                    && same_secret(&v.csrf, &form.csrf)
            }) else {
                return Err(ApiError::new(
                    ErrorCode::Forbidden,
                    "changing accounts needs a logged-in admin and the form's token",
                ));
            };
            if form.name.eq_ignore_ascii_case(&v.account.name) {
                return Err(ApiError::invalid(
                    "an admin cannot change their own account here",
                ));
            }
            let role = Role::parse(&form.role).ok_or_else(|| ApiError::invalid("unknown role"))?;
            state
                .kb
                .update_user(&form.name, Some(role), Some(form.blocked.is_some()), None)?;
            Ok(Redirect::to("/wiki/accounts").into_response())
        })
        .await,
    )
}

/// `/wiki`: recent changes.
async fn recent(State(state): State<Arc<AppState>>, MaybeViewer(viewer): MaybeViewer) -> Response {
    or_error_page(
        blocking(move || {
            let changes = state.kb.recent_changes(200)?;
            let articles = state.kb.articles()?;
            let body = html! {
                header.wiki-head { h1 { "Wiki" } p.muted { (articles.len()) " articles · " a href="/wiki/recent.atom" { "Atom feed of recent changes" } } }
                section {
                    h2 { "Recent changes" }
                    @if changes.is_empty() { p.empty { "No edits yet." } }
                    table.data {
                        thead { tr { th { "Time" } th { "Article" } th { "Revision" } th { "Author" } th.num { "Size" } th { "Summary" } } }
                        tbody {
                            @for c in &changes {
                                @let href = format!("/wiki/{}/{}", c.subject.kind_str(), c.subject.key());
                                tr {
                                    td.nowrap { (c.revision.timestamp) }
                                    td { a href=(href) { (c.title) } span.muted.small { " " (c.subject.kind_str()) } }
                                    td { a href=(format!("{href}?rev={}", c.revision.id)) { (c.revision.id) }
                                        @if let Some(p) = c.revision.parent { " " a.small href=(format!("{href}/diff?from={p}&to={}", c.revision.id)) { "diff" } } }
                                    td { (c.revision.author.name) }
                                    td.num { (thousands(c.revision.size)) }
                                    td { (c.revision.comment) }
                                }
                            }
                        }
                    }
                }
                section {
                    h2 { "All articles" }
                    ul.columns { @for a in &articles { li { a href=(format!("/wiki/{}/{}", a.subject.kind_str(), a.subject.key())) { (a.title) } span.muted.small { " " (a.subject.kind_str()) } } } }
                }
            };
            Ok(page_response(StatusCode::OK, wiki_frame("Wiki", viewer.as_ref(), body)))
        })
        .await,
    )
}

pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// `/wiki/recent.atom`: recent changes as an Atom feed.
async fn atom(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let secure = state.config.secure_cookies;
    or_error_page(
        blocking(move || {
            let changes = state.kb.recent_changes(50)?;
            let site = origin(&headers, secure);
            let updated = changes
                .first()
                .map(|c| c.revision.timestamp.clone())
                .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
            let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
            xml.push_str(&format!(
                "  <title>Locus wiki: recent changes</title>\n  <id>{site}/wiki/recent.atom</id>\n  <link rel=\"self\" href=\"{site}/wiki/recent.atom\"/>\n  <link href=\"{site}/wiki\"/>\n  <updated>{}</updated>\n",
                xml_escape(&updated)
            ));
            for c in &changes {
                let href = format!("{site}/wiki/{}/{}", c.subject.kind_str(), c.subject.key());
                let summary = if c.revision.comment.is_empty() { "(no summary)".to_string() } else { c.revision.comment.clone() };
                xml.push_str(&format!(
                    "  <entry>\n    <title>{} (revision {})</title>\n    <id>{href}?rev={}</id>\n    <link href=\"{href}?rev={}\"/>\n    <updated>{}</updated>\n    <author><name>{}</name></author>\n    <summary>{}</summary>\n  </entry>\n",
                    xml_escape(&c.title),
                    c.revision.id,
                    c.revision.id,
                    c.revision.id,
                    xml_escape(&c.revision.timestamp),
                    xml_escape(&c.revision.author.name),
                    xml_escape(&summary),
                ));
            }
            xml.push_str("</feed>\n");
            Ok((StatusCode::OK, [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], xml).into_response())
        })
        .await,
    )
}

/// Where to go after logging in: a path on this site only.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && n.len() < 1000 =>
        {
            n.to_string()
        }
        _ => "/wiki".to_string(),
    }
}

fn login_page(
    status: StatusCode,
    viewer: Option<&Viewer>,
    token: &str,
    next: &str,
    message: Option<&str>,
) -> Markup {
    wiki_frame(
        "Log in",
        viewer,
        html! {
            h1 { "Log in" }
            @if let Some(v) = viewer {
                p { "You are logged in as " strong { (v.account.name) } "." }
            } @else {
                @if let Some(m) = message { p.notice { (m) } }
                form.login method="post" action="/login" {
                    input type="hidden" name="csrf" value=(token);
                    input type="hidden" name="next" value=(next);
                    label for="name" { "Account" }
                    input #name type="text" name="name" autocomplete="username" required maxlength="64";
                    label for="password" { "Password" }
                    input #password type="password" name="password" autocomplete="current-password" required maxlength="1024";
                    button.primary type="submit" { "Log in" }
                }
                @if status == StatusCode::TOO_MANY_REQUESTS { p.muted.small { "Wait a few minutes before trying again." } }
            }
        },
    )
}

/// `/login` (GET).
async fn login_form(
    MaybeViewer(viewer): MaybeViewer,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let next = safe_next(q.get("next").map(String::as_str));
    let (token, set) = match form_token(None, &headers) {
        Ok(t) => t,
        Err(e) => return super::error_page(e),
    };
    let mut res = page_response(
        StatusCode::OK,
        login_page(StatusCode::OK, viewer.as_ref(), &token, &next, None),
    );
    if let Some(c) = set {
        res.headers_mut().insert(header::SET_COOKIE, c);
    }
    res
}

#[derive(Deserialize)]
struct LoginForm {
    name: String,
    password: String,
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    next: String,
}

/// `/login` (POST).
async fn login_submit(
    State(state): State<Arc<AppState>>,
    ip: ClientIp,
    headers: HeaderMap,
    form: Result<Form<LoginForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return super::error_page(ApiError::invalid("the form could not be read"));
    };
    let next = safe_next(Some(&form.next));
    let again = |status: StatusCode, message: &str| {
        let (token, set) = match form_token(None, &headers) {
            Ok(t) => t,
            Err(e) => return super::error_page(e),
        };
        let mut res = page_response(
            status,
            login_page(status, None, &token, &next, Some(message)),
        );
        if let Some(c) = set {
            res.headers_mut().insert(header::SET_COOKIE, c);
        }
        res
    };
    if !token_ok(None, &headers, &form.csrf) {
        return again(
            StatusCode::FORBIDDEN,
            "The form's security token did not match; please try again.",
        );
    }
    if !state.logins.allowed(&form.name, ip.0) {
        return again(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many failed logins for this account or from this address.",
        );
    }
    let kb = state.kb.clone();
    let (name, password) = (form.name.clone(), form.password.clone());
    let result = blocking(move || {
        let account = match kb.login(&name, &password)? {
            Ok(a) => a,
            Err(f) => return Ok(Err(f)),
        };
        Ok(Ok(kb.start_session(account.id)?))
    })
    .await;
    match result {
        Ok(Ok(session)) => {
            let mut res = Redirect::to(&next).into_response();
            res.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(
                    SESSION_COOKIE,
                    &session.cookie,
                    locus_kb::wiki::accounts::SESSION_SECONDS,
                    state.config.secure_cookies,
                ),
            );
            res.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(LOGIN_COOKIE, "", 0, state.config.secure_cookies),
            );
            res
        }
        Ok(Err(locus_kb::wiki::accounts::LoginFailure::Blocked)) => {
            again(StatusCode::FORBIDDEN, "This account is blocked.")
        }
        Ok(Err(_)) => {
            state.logins.failed(&form.name, ip.0);
            again(
                StatusCode::UNAUTHORIZED,
                "Unknown account or wrong password.",
            )
        }
        Err(e) => super::error_page(e),
    }
}

#[derive(Deserialize)]
struct LogoutForm {
    #[serde(default)]
    csrf: String,
}

/// `/logout` (POST).
async fn logout(
    State(state): State<Arc<AppState>>,
    MaybeViewer(viewer): MaybeViewer,
    headers: HeaderMap,
    form: Result<Form<LogoutForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let csrf = form.map(|Form(f)| f.csrf).unwrap_or_default();
    let Some(v) = viewer else {
        return Redirect::to("/").into_response();
    };
    if !same_secret(&v.csrf, &csrf) {
        return super::error_page(ApiError::new(
            ErrorCode::Forbidden,
            "the form's security token did not match",
        ));
    }
    if let Some(c) = cookie(&headers, SESSION_COOKIE).map(str::to_string) {
        let kb = state.kb.clone();
        if let Err(e) = blocking(move || Ok(kb.end_session(&c)?)).await {
            return super::error_page(e);
        }
    }
    let mut res = Redirect::to("/").into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", 0, state.config.secure_cookies),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(
            safe_next(Some("/wiki/gene/571/edit")),
            "/wiki/gene/571/edit"
        );
        assert_eq!(safe_next(Some("//evil.example/")), "/wiki");
        assert_eq!(safe_next(Some("https://evil.example/")), "/wiki");
        assert_eq!(safe_next(Some("/\\evil")), "/wiki");
        assert_eq!(safe_next(None), "/wiki");
    }

    #[test]
    fn atom_text_is_escaped() {
        assert_eq!(xml_escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;");
    }
}
