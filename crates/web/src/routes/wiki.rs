//! `/api/v1/wiki/{kind}/{id}`: articles, their revisions, diffs,
//! authorship; edits with an API token.
//!
//! `{kind}` is `gene` (the `{id}` a GeneID, symbol or alias, with
//! `?organism=`) or `topic` (the `{id}` a slug). Reads are open; writes
//! need `Authorization: Bearer TOKEN` of an editor (`locus token create`).

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use locus_kb::wiki::edit::{EditOutcome, EditRequest, Editor};
use locus_kb::wiki::target::NoTarget;
use locus_kb::wiki::view::ArticleDocument;
use locus_kb::wiki::{Change, Contributor, Row};
use locus_kb::KnowledgeBase;
use locus_model::{ArticleSubject, EntityRef, RevisionId};
use locus_store::wiki::{Article, RevisionSummary};
use locus_store::GeneDetail;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::json;
use crate::auth::TokenAccount;
use crate::error::{blocking, ApiError, ErrorCode};
use crate::extract::{check_name, resolve_gene, ApiPath, ApiQuery, Organism};
use crate::openapi::WikiParams;
use crate::state::AppState;

/// The wiki API routes and their operations.
pub fn routes() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .routes(routes!(get_article, put_article))
        .routes(routes!(revisions))
        .routes(routes!(revision))
        .routes(routes!(diff))
        .routes(routes!(revert))
        .routes(routes!(authorship))
        .routes(routes!(search))
}

/// `?q=&limit=`.
#[derive(Deserialize)]
pub struct WikiSearchQuery {
    /// Words to look for.
    pub q: String,
    /// Most hits (1–100).
    pub limit: Option<u64>,
}

/// An article whose title or current text matches.
#[derive(Serialize, ToSchema)]
pub struct ArticleHitBody {
    /// `gene` or `topic`.
    pub kind: &'static str,
    /// GeneID or slug.
    pub id: String,
    /// The title.
    pub title: String,
    /// The article's page.
    pub url: String,
    /// Text around the match.
    pub snippet: String,
}

/// Articles whose title or current text contains the words of `q` (the
/// last word as a prefix), best first.
#[utoipa::path(get, path = "/api/v1/wiki/search", tag = "wiki",
    params(
        ("q" = String, Query, description = "Words to look for", max_length = 200, example = "heme"),
        ("limit" = Option<u64>, Query, description = "Most hits [default 20]", minimum = 1, maximum = 100),
    ),
    responses((status = 200, body = [ArticleHitBody])))]
pub async fn search(
    State(state): State<Arc<AppState>>,
    ApiQuery(q): ApiQuery<WikiSearchQuery>,
) -> Result<Response, ApiError> {
    if q.q.chars().count() > crate::extract::MAX_NAME_CHARS {
        return Err(ApiError::invalid("q is longer than 200 characters"));
    }
    let limit = crate::extract::one_to("limit", q.limit, 20, 100)?;
    let kb = state.kb.clone();
    let hits = blocking(move || Ok(kb.search_articles(&q.q, limit)?)).await?;
    let body: Vec<ArticleHitBody> = hits
        .into_iter()
        .map(|h| ArticleHitBody {
            kind: h.subject.kind_str(),
            id: h.subject.key(),
            url: format!("/wiki/{}/{}", h.subject.kind_str(), h.subject.key()),
            title: h.title,
            snippet: h.snippet.replace(['\u{2}', '\u{3}'], ""),
        })
        .collect();
    json(&body)
}

/// What a wiki path names.
pub struct Target {
    /// The article's subject.
    pub subject: ArticleSubject,
    /// Its title: the gene's symbol, the topic's title.
    pub title: String,
    /// The gene, for gene articles.
    pub gene: Option<GeneDetail>,
}

/// Resolves `/wiki/{kind}/{id}` (`organism` for genes).
pub fn target(
    kb: &Arc<KnowledgeBase>,
    kind: &str,
    id: &str,
    organism: Option<Organism>,
) -> Result<Target, ApiError> {
    match kind {
        "gene" => {
            let gene_id = resolve_gene(kb, id, organism.map(|o| o.0))?;
            let gene = locus_kb::gene::detail(kb.store(), gene_id)?;
            Ok(Target {
                subject: ArticleSubject::Entity(EntityRef::Gene(gene_id)),
                title: gene.symbol.clone(),
                gene: Some(gene),
            })
        }
        other => {
            if other == "topic" {
                check_name("topic", id)?;
            }
            match kb.article_target(other, id)? {
                Ok(t) => Ok(Target {
                    subject: t.subject,
                    title: t.title,
                    gene: None,
                }),
                Err(no) => {
                    let code = match no {
                        NoTarget::NoPublication(_) => ErrorCode::PublicationNotFound,
                        _ => ErrorCode::ArticleNotFound,
                    };
                    Err(ApiError::new(code, no.message()))
                }
            }
        }
    }
}

/// The article a target names, or 404.
pub fn existing(kb: &Arc<KnowledgeBase>, t: &Target) -> Result<Article, ApiError> {
    kb.article(&t.subject)?.ok_or_else(|| {
        ApiError::new(
            ErrorCode::ArticleNotFound,
            format!("there is no article about {} yet", t.title),
        )
    })
}

/// `{kind}` and `{id}` of a wiki path.
#[derive(Deserialize)]
pub struct WikiPath {
    /// `gene` or `topic`.
    pub kind: String,
    /// GeneID, symbol or alias; or a topic slug.
    pub id: String,
}

/// `?organism=` and `?rev=`.
#[derive(Deserialize)]
pub struct RevQuery {
    /// Organism of a gene symbol.
    pub organism: Option<Organism>,
    /// A revision of the article (default: the newest).
    pub rev: Option<i64>,
}

/// `?organism=`.
#[derive(Deserialize)]
pub struct OrgQuery {
    /// Organism of a gene symbol.
    pub organism: Option<Organism>,
}

fn rev_id(rev: Option<i64>) -> Result<Option<RevisionId>, ApiError> {
    match rev {
        Some(r) if r < 1 => Err(ApiError::invalid("rev is 1 or more")),
        r => Ok(r.map(RevisionId)),
    }
}

/// A JSON object body whose rejection is the API's 400 (or 413) body.
///
/// The body must be an object: serde's derived structs also take a JSON
/// array of the fields in order (`[1]` as `{"revision": 1}`), which the
/// OpenAPI document does not allow and schemathesis rightly reports.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let object = match axum::Json::<serde_json::Map<String, serde_json::Value>>::from_request(
            req, state,
        )
        .await
        {
            Ok(axum::Json(object)) => object,
            Err(JsonRejection::BytesRejection(e))
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE =>
            {
                return Err(ApiError::new(ErrorCode::PayloadTooLarge, e.body_text()));
            }
            Err(JsonRejection::JsonDataError(_)) => {
                return Err(ApiError::invalid("the body is a JSON object"));
            }
            Err(e) => return Err(ApiError::invalid(e.body_text())),
        };
        serde_json::from_value(serde_json::Value::Object(object))
            .map(ApiJson)
            .map_err(|e| {
                ApiError::invalid(format!(
                    "Failed to deserialize the JSON body into the target type: {e}"
                ))
            })
    }
}

/// An article: its newest revision (or `?rev=`), rendered, with
/// references, links, contributors and dates.
#[utoipa::path(get, path = "/api/v1/wiki/{kind}/{id}", tag = "wiki",
    params(
        WikiParams,
        ("rev" = Option<i64>, Query, description = "A revision of the article [default: the newest]", minimum = 1),
    ),
    responses(
        (status = 200, body = ArticleDocument),
        (status = 300, description = "The gene name fits several genes", body = ApiError),
        (status = 404, description = "No such gene, no article yet, or the revision is not the article's", body = ApiError),
    ))]
pub async fn get_article(
    State(state): State<Arc<AppState>>,
    ApiPath(WikiPath { kind, id }): ApiPath<WikiPath>,
    ApiQuery(q): ApiQuery<RevQuery>,
) -> Result<Response, ApiError> {
    let rev = rev_id(q.rev)?;
    let kb = state.kb.clone();
    let doc = blocking(move || {
        let t = target(&kb, &kind, &id, q.organism)?;
        let a = existing(&kb, &t)?;
        Ok(kb.article_document(&a, rev)?.0)
    })
    .await?;
    json(&doc)
}

/// An edit: the new text and the revision it was made from.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditBody {
    /// The article's new text (markdown; wikitext for an imported page).
    pub markdown: String,
    /// The revision the text was edited from; `null` for a new article.
    /// When the article has moved on since, the edit is merged with the
    /// newer revision (409 if they overlap).
    #[schema(minimum = 1)]
    #[serde(default, deserialize_with = "whole_number_or_null")]
    pub base_revision: Option<i64>,
    /// The edit summary.
    #[serde(default)]
    pub comment: String,
    /// A minor edit (typo, formatting).
    #[serde(default)]
    pub minor: bool,
}

/// A JSON integer, also when written as a whole float (`5.0`): JSON
/// Schema counts that as an integer, so a client may send it.
fn whole_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let n = serde_json::Number::deserialize(d)?;
    if let Some(i) = n.as_i64() {
        return Ok(i);
    }
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(f as i64),
        _ => Err(serde::de::Error::custom(format!(
            "{n} is not a revision number"
        ))),
    }
}

/// [`whole_number`] or `null`.
fn whole_number_or_null<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match Option::<serde_json::Number>::deserialize(d)? {
        None => Ok(None),
        Some(n) => whole_number(n).map(Some).map_err(serde::de::Error::custom),
    }
}

/// A saved edit.
#[derive(Serialize, ToSchema)]
pub struct Saved {
    /// The article's newest revision: the one saved, or (when the text
    /// was unchanged) the existing one.
    pub revision: i64,
    /// Whether the text was merged with edits saved since the base.
    pub merged: bool,
    /// Whether nothing was saved because the text equals the newest
    /// revision's.
    pub unchanged: bool,
}

/// What a save answers, or the conflict that stopped it.
fn saved(outcome: EditOutcome) -> Result<Saved, Box<locus_kb::wiki::edit::Conflict>> {
    match outcome {
        EditOutcome::Saved { revision, merged } => Ok(Saved {
            revision: revision.0,
            merged,
            unchanged: false,
        }),
        EditOutcome::Unchanged { revision } => Ok(Saved {
            revision: revision.0,
            merged: false,
            unchanged: true,
        }),
        EditOutcome::Conflict(c) => Err(c),
    }
}

/// An edit that overlaps a newer one: nothing was saved; both texts are
/// here so nothing is lost.
#[derive(Serialize, ToSchema)]
pub struct ConflictBody {
    /// Always 409.
    pub status: u16,
    /// Always `edit_conflict`.
    pub code: ErrorCode,
    /// What happened.
    pub message: String,
    /// The revision the edit was made from.
    pub base: Option<i64>,
    /// The newer revision it overlaps.
    pub theirs: i64,
    /// That revision's text.
    pub theirs_markdown: String,
    /// The submitted text.
    pub yours: String,
    /// Both texts merged, the overlaps between `<<<<<<<`, `=======` and
    /// `>>>>>>>` lines.
    pub merged_with_markers: String,
}

/// Saves an edit with an API token of an editor.
#[utoipa::path(put, path = "/api/v1/wiki/{kind}/{id}", tag = "wiki",
    params(
        WikiParams,
    ),
    request_body = EditBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved (or unchanged)", body = Saved),
        (status = 300, description = "The gene name fits several genes", body = ApiError),
        (status = 401, description = "No valid API token", body = ApiError),
        (status = 403, description = "The account may not edit this article", body = ApiError),
        (status = 404, description = "No such gene, or the base revision is not the article's", body = ApiError),
        (status = 409, description = "The edit overlaps a newer revision; nothing saved", body = ConflictBody),
        (status = 413, description = "The body is too large", body = ApiError),
    ))]
pub async fn put_article(
    State(state): State<Arc<AppState>>,
    TokenAccount(account): TokenAccount,
    ApiPath(WikiPath { kind, id }): ApiPath<WikiPath>,
    ApiQuery(q): ApiQuery<OrgQuery>,
    ApiJson(body): ApiJson<EditBody>,
) -> Result<Response, ApiError> {
    let base = rev_id(body.base_revision)?;
    let kb = state.kb.clone();
    let outcome = blocking(move || {
        let t = target(&kb, &kind, &id, q.organism)?;
        Ok(kb.edit(
            &Editor::Account(account),
            EditRequest {
                subject: t.subject,
                title: t.title,
                text: body.markdown,
                base,
                comment: body.comment,
                minor: body.minor,
            },
        )?)
    })
    .await?;
    match saved(outcome) {
        Ok(s) => json(&s),
        Err(c) => Ok((
            StatusCode::CONFLICT,
            axum::Json(ConflictBody {
                status: 409,
                code: ErrorCode::EditConflict,
                message: format!(
                    "revision {} changed the same text since revision {}; nothing was saved",
                    c.theirs,
                    c.base
                        .map(|b| b.to_string())
                        .unwrap_or_else(|| "(none)".into())
                ),
                base: c.base.map(|b| b.0),
                theirs: c.theirs.0,
                theirs_markdown: c.theirs_text,
                yours: c.yours,
                merged_with_markers: c.with_markers,
            }),
        )
            .into_response()),
    }
}

/// One page of an article's revisions.
#[derive(Serialize, ToSchema)]
pub struct RevisionList {
    /// Revisions in all.
    pub total: u64,
    /// This page, newest first.
    #[schema(value_type = Vec<Object>)]
    pub revisions: Vec<RevisionSummary>,
}

/// `?offset=&limit=`.
#[derive(Deserialize)]
pub struct PageQuery {
    /// Organism of a gene symbol.
    pub organism: Option<Organism>,
    /// Revisions to skip.
    pub offset: Option<i64>,
    /// Revisions to list (1–500).
    pub limit: Option<u64>,
}

/// An article's revisions, newest first: id, parent, author, time,
/// comment, size.
#[utoipa::path(get, path = "/api/v1/wiki/{kind}/{id}/revisions", tag = "wiki",
    params(
        WikiParams,
        ("offset" = Option<i64>, Query, description = "Revisions to skip", minimum = 0),
        ("limit" = Option<u64>, Query, description = "Revisions to list [default 100]", minimum = 1, maximum = 500),
    ),
    responses(
        (status = 200, body = RevisionList),
        (status = 300, description = "The gene name fits several genes", body = ApiError),
        (status = 404, description = "No such gene, or no article yet", body = ApiError),
    ))]
pub async fn revisions(
    State(state): State<Arc<AppState>>,
    ApiPath(WikiPath { kind, id }): ApiPath<WikiPath>,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Result<Response, ApiError> {
    let limit = crate::extract::one_to("limit", q.limit, 100, 500)?;
    let offset = u64::try_from(q.offset.unwrap_or(0))
        .map_err(|_| ApiError::invalid("offset is 0 or more"))?;
    let kb = state.kb.clone();
    let list = blocking(move || {
        let t = target(&kb, &kind, &id, q.organism)?;
        let a = existing(&kb, &t)?;
        Ok(RevisionList {
            total: a.revisions,
            revisions: kb.article_history(&a, offset, limit)?,
        })
    })
    .await?;
    json(&list)
}

/// One revision with its text.
#[derive(Serialize, ToSchema)]
pub struct RevisionBody {
    /// The revision's number.
    pub revision: i64,
    /// The revision it was made from.
    pub parent: Option<i64>,
    /// Who wrote it.
    pub author: String,
    /// When (RFC 3339).
    pub timestamp: String,
    /// The edit summary.
    pub comment: String,
    /// A minor edit.
    pub minor: bool,
    /// For imported revisions, the id in the source wiki.
    pub source_revision: Option<i64>,
    /// `markdown` or `wikitext`.
    pub markup: String,
    /// The text.
    pub markdown: String,
}

/// `{kind}/{id}/revisions/{rev}`.
#[derive(Deserialize)]
pub struct RevPath {
    /// `gene` or `topic`.
    pub kind: String,
    /// The entity or slug.
    pub id: String,
    /// The revision.
    pub rev: i64,
}

/// One revision's text and metadata.
#[utoipa::path(get, path = "/api/v1/wiki/{kind}/{id}/revisions/{rev}", tag = "wiki",
    params(
        WikiParams,
        ("rev" = i64, Path, description = "The revision", minimum = 1, example = 5),
    ),
    responses(
        (status = 200, body = RevisionBody),
        (status = 300, description = "The gene name fits several genes", body = ApiError),
        (status = 404, description = "No such gene, article or revision", body = ApiError),
    ))]
pub async fn revision(
    State(state): State<Arc<AppState>>,
    ApiPath(RevPath { kind, id, rev }): ApiPath<RevPath>,
    ApiQuery(q): ApiQuery<OrgQuery>,
) -> Result<Response, ApiError> {
    let rev = rev_id(Some(rev))?;
    let kb = state.kb.clone();
    let body = blocking(move || {
        let t = target(&kb, &kind, &id, q.organism)?;
        let a = existing(&kb, &t)?;
        let r = kb.article_revision(&a, rev)?;
        Ok(RevisionBody {
            revision: r.summary.id.0,
            parent: r.summary.parent.map(|p| p.0),
            author: r.summary.author.name,
            timestamp: r.summary.timestamp,
            comment: r.summary.comment,
            minor: r.summary.minor,
            source_revision: r.summary.source_revision,
            markup: r.markup.as_str().to_string(),
            markdown: r.text,
        })
    })
    .await?;
    json(&body)
}

/// `?from=&to=`.
#[derive(Deserialize)]
pub struct DiffQuery {
    /// Organism of a gene symbol.
    pub organism: Option<Organism>,
    /// The older revision.
    pub from: i64,
    /// The newer revision.
    pub to: i64,
}

/// A piece of a changed paragraph.
#[derive(Serialize, ToSchema)]
pub struct DiffSegment {
    /// `equal`, `delete` or `insert`.
    pub change: &'static str,
    /// The text, with its whitespace.
    pub text: String,
}

/// One row of a side-by-side diff.
#[derive(Serialize, ToSchema)]
pub struct DiffRow {
    /// `context`, `changed`, `deleted` or `inserted`.
    pub kind: &'static str,
    /// 1-based line of the paragraph in the older revision.
    pub old_line: Option<usize>,
    /// 1-based line in the newer revision.
    pub new_line: Option<usize>,
    /// The older side (for `changed`, with `delete` segments).
    pub old: Vec<DiffSegment>,
    /// The newer side (for `changed`, with `insert` segments).
    pub new: Vec<DiffSegment>,
}

/// A word-level diff of two revisions.
#[derive(Serialize, ToSchema)]
pub struct DiffBody {
    /// The older revision.
    pub from: i64,
    /// The newer revision.
    pub to: i64,
    /// Words added.
    pub words_added: usize,
    /// Words removed.
    pub words_removed: usize,
    /// Paragraph rows, in order.
    pub rows: Vec<DiffRow>,
}

fn change_name(c: &Change) -> &'static str {
    match c {
        Change::Equal => "equal",
        Change::Delete => "delete",
        Change::Insert => "insert",
    }
}

/// The diff rows as JSON.
pub fn diff_rows(rows: &[Row]) -> Vec<DiffRow> {
    let one = |t: &str| {
        vec![DiffSegment {
            change: "equal",
            text: t.to_string(),
        }]
    };
    let segs = |s: &[locus_kb::wiki::Segment]| {
        s.iter()
            .map(|x| DiffSegment {
                change: change_name(&x.change),
                text: x.text.clone(),
            })
            .collect()
    };
    rows.iter()
        .map(|r| match r {
            Row::Context {
                old_line,
                new_line,
                text,
            } => DiffRow {
                kind: "context",
                old_line: Some(*old_line),
                new_line: Some(*new_line),
                old: one(text),
                new: one(text),
            },
            Row::Changed {
                old_line,
                new_line,
                old,
                new,
            } => DiffRow {
                kind: "changed",
                old_line: Some(*old_line),
                new_line: Some(*new_line),
                old: segs(old),
                new: segs(new),
            },
            Row::Deleted { old_line, text } => DiffRow {
                kind: "deleted",
                old_line: Some(*old_line),
                new_line: None,
                old: vec![DiffSegment {
                    change: "delete",
                    text: text.clone(),
                }],
                new: vec![],
            },
            Row::Inserted { new_line, text } => DiffRow {
                kind: "inserted",
                old_line: None,
                new_line: Some(*new_line),
                old: vec![],
                new: vec![DiffSegment {
                    change: "insert",
                    text: text.clone(),
                }],
            },
        })
        .collect()
}

/// The word-level differences between two revisions of an article.
#[utoipa::path(get, path = "/api/v1/wiki/{kind}/{id}/diff", tag = "wiki",
    params(
        WikiParams,
        ("from" = i64, Query, description = "The older revision", minimum = 1, example = 1),
        ("to" = i64, Query, description = "The newer revision", minimum = 1, example = 5),
    ),
    responses(
        (status = 200, body = DiffBody),
        (status = 300, description = "The gene name fits several genes", body = ApiError),
        (status = 404, description = "No such gene, article or revision", body = ApiError),
    ))]
pub async fn diff(
    State(state): State<Arc<AppState>>,
    ApiPath(WikiPath { kind, id }): ApiPath<WikiPath>,
    ApiQuery(q): ApiQuery<DiffQuery>,
) -> Result<Response, ApiError> {
    let (from, to) = (rev_id(Some(q.from))?, rev_id(Some(q.to))?);
    let (Some(from), Some(to)) = (from, to) else {
        return Err(ApiError::invalid("from and to are revisions"));
    };
    let kb = state.kb.clone();
    let body = blocking(move || {
        let t = target(&kb, &kind, &id, q.organism)?;
        let a = existing(&kb, &t)?;
        let (_, _, d) = kb.article_diff(&a, from, to)?;
        Ok(DiffBody {
            from: from.0,
            to: to.0,
            words_added: d.words_added,
            words_removed: d.words_removed,
            rows: diff_rows(&d.rows),
        })
    })
    .await?;
    json(&body)
}

/// The revision to go back to.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevertBody {
    /// A revision of the article whose text becomes the newest again.
    #[schema(minimum = 1)]
    #[serde(deserialize_with = "whole_number")]
    pub revision: i64,
}

/// Saves an earlier revision's text as the newest (a revert), with an
/// editor's or admin's API token.
#[utoipa::path(post, path = "/api/v1/wiki/{kind}/{id}/revert", tag = "wiki",
    params(
        WikiParams,
    ),
    request_body = RevertBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Reverted (or already that text)", body = Saved),
        (status = 300, description = "The gene name fits several genes", body = ApiError),
        (status = 401, description = "No valid API token", body = ApiError),
        (status = 403, description = "The account may not edit this article", body = ApiError),
        (status = 404, description = "No such gene, article or revision", body = ApiError),
        (status = 409, description = "The article changed during the revert; nothing saved", body = ApiError),
        (status = 413, description = "The body is too large", body = ApiError),
    ))]
pub async fn revert(
    State(state): State<Arc<AppState>>,
    TokenAccount(account): TokenAccount,
    ApiPath(WikiPath { kind, id }): ApiPath<WikiPath>,
    ApiQuery(q): ApiQuery<OrgQuery>,
    ApiJson(body): ApiJson<RevertBody>,
) -> Result<Response, ApiError> {
    let Some(to) = rev_id(Some(body.revision))? else {
        return Err(ApiError::invalid("revision is required"));
    };
    let kb = state.kb.clone();
    let outcome = blocking(move || {
        let t = target(&kb, &kind, &id, q.organism)?;
        Ok(kb.revert(&Editor::Account(account), &t.subject, &t.title, to)?)
    })
    .await?;
    match saved(outcome) {
        Ok(s) => json(&s),
        Err(_) => Err(ApiError::new(
            ErrorCode::EditConflict,
            "the article changed during the revert; try again",
        )),
    }
}

/// One token and who wrote it.
#[derive(Serialize, ToSchema)]
pub struct TokenBody {
    /// The token as written.
    pub text: String,
    /// Its author.
    pub author: String,
    /// The revision that introduced it.
    pub revision: i64,
}

/// Who wrote each word of a revision.
#[derive(Serialize, ToSchema)]
pub struct AuthorshipBody {
    /// The revision.
    pub revision: i64,
    /// Its tokens in text order (WikiWho's tokenisation).
    pub tokens: Vec<TokenBody>,
    /// Authors by share of the tokens.
    pub contributors: Vec<Contributor>,
}

/// Who wrote each word of a revision (the newest, or `?rev=`), carried
/// across revisions the way WikiWho does, and each author's share.
#[utoipa::path(get, path = "/api/v1/wiki/{kind}/{id}/authorship", tag = "wiki",
    params(
        WikiParams,
        ("rev" = Option<i64>, Query, description = "A revision [default: the newest]", minimum = 1),
    ),
    responses(
        (status = 200, body = AuthorshipBody),
        (status = 300, description = "The gene name fits several genes", body = ApiError),
        (status = 404, description = "No such gene, article or revision", body = ApiError),
    ))]
pub async fn authorship(
    State(state): State<Arc<AppState>>,
    ApiPath(WikiPath { kind, id }): ApiPath<WikiPath>,
    ApiQuery(q): ApiQuery<RevQuery>,
) -> Result<Response, ApiError> {
    let rev = rev_id(q.rev)?;
    let kb = state.kb.clone();
    let body = blocking(move || {
        let t = target(&kb, &kind, &id, q.organism)?;
        let a = existing(&kb, &t)?;
        let r = kb.article_revision(&a, rev)?;
        let au = kb.revision_authorship(&a, &r)?;
        Ok(AuthorshipBody {
            revision: au.revision.0,
            tokens: au
                .tokens
                .into_iter()
                .map(|t| TokenBody {
                    text: t.text,
                    author: t.author,
                    revision: t.revision.0,
                })
                .collect(),
            contributors: au.contributors,
        })
    })
    .await?;
    json(&body)
}
