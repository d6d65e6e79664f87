//! The wiki end to end: the demo articles through the API and pages,
//! edits with tokens and forms (who may, CSRF, merges and conflicts),
//! stored XSS, history/diff/authorship/cite/Atom, MediaWiki imports
//! compared with WikiWho, export/import round trips, and backups.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use locus_kb::wiki::edit::{EditOutcome, EditRequest, Editor};
use locus_kb::KnowledgeBase;
use locus_model::{ArticleSubject, EntityRef, GeneId, Role, TokenScope, TopicSlug};
use serde_json::{json, Value};
use tower::ServiceExt;

use common::{demo_copy, get, get_json, kb_for, locus_ok};

async fn send(app: &axum::Router, req: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let res = app.clone().oneshot(req).await.expect("response");
    let (status, headers) = (res.status(), res.headers().clone());
    let body = res.into_body().collect().await.expect("body").to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn put_json(uri: &str, token: Option<&str>, body: &Value) -> Request<Body> {
    let mut r = Request::put(uri).header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    r.body(Body::from(body.to_string())).expect("request")
}

fn form_post(uri: &str, cookies: &str, fields: &[(&str, &str)]) -> Request<Body> {
    let body = serde_urlencoded::to_string(fields).expect("form");
    let mut r =
        Request::post(uri).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if !cookies.is_empty() {
        r = r.header(header::COOKIE, cookies);
    }
    r.body(Body::from(body)).expect("request")
}

const BACH1: ArticleSubject = ArticleSubject::Entity(EntityRef::Gene(GeneId(571)));

/// A changeable copy of the demo store with an application over it.
struct Wiki {
    _dir: tempfile::TempDir,
    db: PathBuf,
    kb: Arc<KnowledgeBase>,
    app: axum::Router,
}

fn wiki() -> Wiki {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_copy(dir.path());
    let kb = kb_for(&db);
    let app = locus_web::router(kb.clone());
    Wiki {
        _dir: dir,
        db,
        kb,
        app,
    }
}

impl Wiki {
    fn token(&self, name: &str, role: Role) -> String {
        if self.kb.user(name).expect("user").is_none() {
            self.kb.add_user(name, role, None).expect("add user");
        }
        self.kb
            .create_token(name, "test", None, TokenScope::Write)
            .expect("token")
            .0
    }

    /// A logged-in session of `name` (password `secret-pass`): the cookie
    /// header and the CSRF token.
    fn session(&self, name: &str, role: Role) -> (String, String) {
        if self.kb.user(name).expect("user").is_none() {
            self.kb
                .add_user(name, role, Some("secret-pass"))
                .expect("add user");
        }
        let account = self.kb.user(name).expect("user").expect("exists");
        let s = self.kb.start_session(account.id).expect("session");
        (format!("locus_session={}", s.cookie), s.csrf)
    }

    fn current(&self) -> i64 {
        self.kb
            .article(&BACH1)
            .expect("article")
            .expect("BACH1 has an article")
            .current
            .0
    }

    fn text(&self) -> String {
        let a = self.kb.article(&BACH1).unwrap().unwrap();
        self.kb.article_revision(&a, None).unwrap().text
    }
}

/// The demo's BACH1 article as the API gives it: numbered references (a
/// PMID cited twice keeps one number), links resolved across organisms,
/// two contributors, three revisions; mouse Bach2 by `?organism=`.
#[tokio::test]
async fn the_demo_article_through_the_api() {
    let app = common::router();
    let doc = get_json(&app, "/api/v1/wiki/gene/BACH1").await;
    assert_eq!(doc["id"], "571");
    assert_eq!(doc["slug"], "bach1");
    assert_eq!(doc["kg_node"], "NCBIGene:571");
    assert_eq!(doc["revisions"], 3);
    assert_eq!(doc["markup"], "markdown");
    let refs = doc["references"].as_array().unwrap();
    let pmids: Vec<u64> = refs.iter().map(|r| r["pmid"].as_u64().unwrap()).collect();
    let numbers: Vec<u64> = refs.iter().map(|r| r["number"].as_u64().unwrap()).collect();
    assert_eq!(numbers, (1..=refs.len() as u64).collect::<Vec<_>>());
    let cited_twice = 18550526;
    assert_eq!(pmids.iter().filter(|&&p| p == cited_twice).count(), 1);
    assert_eq!(
        doc["html"]
            .as_str()
            .unwrap()
            .matches("href=\"#ref-4\"")
            .count(),
        2,
        "PMID 18550526 is reference 4 both times it is cited"
    );
    assert_eq!(refs[3]["pmid"], cited_twice);
    assert_eq!(refs[0]["url"], "https://pubmed.ncbi.nlm.nih.gov/23737527/");
    let link = |source: &str| -> Value {
        doc["links"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["source"] == source)
            .cloned()
            .unwrap_or_else(|| panic!("no link {source}"))
    };
    assert_eq!(link("MAFK")["href"], "/genes/7975");
    assert_eq!(link("gene:mouse:Bach2")["href"], "/genes/12014");
    let names: Vec<&str> = doc["contributors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ada", "ben"], "ada wrote most of the text");
    let bach2 = get_json(&app, "/api/v1/wiki/gene/Bach2?organism=mouse").await;
    assert_eq!(bach2["id"], "12014");
    assert_eq!(
        bach2["links"][0]["href"], "/genes/12013",
        "[[gene:mouse:Bach1]]"
    );
    // Human BACH2 has no article.
    let (status, _, body) = get(&app, "/api/v1/wiki/gene/BACH2").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("article_not_found"), "{body}");
    let (status, _, _) = get(&app, "/api/v1/wiki/planet/earth").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// Without read replicas every read sees every write: a write hands out
/// no `locus_read_after` position, and one a client still carries (from
/// a cluster it used before) is cleared. (The cluster test covers the
/// store with replicas, crates/cli/tests/cluster.rs.)
#[tokio::test(flavor = "multi_thread")]
async fn a_store_without_replicas_hands_out_no_write_positions() {
    let w = wiki();
    let editor = w.token("eve", Role::Editor);
    let body = json!({"markdown": format!("{}\n\nOne more line.", w.text()), "base_revision": w.current(), "comment": "more"});
    let (status, headers, res) = send(
        &w.app,
        put_json("/api/v1/wiki/gene/BACH1", Some(&editor), &body),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert!(
        !headers
            .get_all(header::SET_COOKIE)
            .iter()
            .any(|c| c.to_str().is_ok_and(|c| c.starts_with("locus_read_after="))),
        "{headers:?}"
    );
    let req = Request::get("/api/v1/wiki/gene/BACH1")
        .header(header::COOKIE, "locus_read_after=0/16B3A70")
        .body(Body::empty())
        .expect("request");
    let (status, headers, _) = send(&w.app, req).await;
    assert_eq!(status, StatusCode::OK);
    let cleared: Vec<&str> = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|c| c.to_str().ok())
        .filter(|c| c.starts_with("locus_read_after="))
        .collect();
    assert_eq!(cleared.len(), 1, "{headers:?}");
    assert!(cleared[0].starts_with("locus_read_after=;") && cleared[0].contains("Max-Age=0"));
}

/// Writes need a token (401), of an editor (403 for a reader); an editor
/// saves; an edit from an older base merges when it does not overlap and
/// answers 409 with both texts when it does.
#[tokio::test]
async fn api_edits_need_an_editor_token_and_merge() {
    let w = wiki();
    let base = w.current();
    let text = w.text();
    let body = json!({"markdown": format!("{text}\n\nA new closing paragraph."), "base_revision": base, "comment": "close"});
    let (status, headers, res) =
        send(&w.app, put_json("/api/v1/wiki/gene/BACH1", None, &body)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{res}");
    assert!(headers.get(header::WWW_AUTHENTICATE).is_some());
    let (status, _, _) = send(
        &w.app,
        put_json("/api/v1/wiki/gene/BACH1", Some("locus_nonsense"), &body),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let reader = w.token("rita", Role::Reader);
    let (status, _, res) = send(
        &w.app,
        put_json("/api/v1/wiki/gene/BACH1", Some(&reader), &body),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{res}");
    assert!(res.contains("\"code\":\"forbidden\""));
    assert_eq!(w.current(), base, "nothing saved");
    // An editor's read token writes nothing either.
    w.token("eve", Role::Editor);
    let read_only =
        w.kb.create_token("eve", "reads", None, TokenScope::Read)
            .expect("token")
            .0;
    let (status, _, res) = send(
        &w.app,
        put_json("/api/v1/wiki/gene/BACH1", Some(&read_only), &body),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{res}");
    assert!(res.contains("read scope"), "{res}");
    assert_eq!(w.current(), base, "nothing saved");

    let editor = w.token("eve", Role::Editor);
    let (status, _, res) = send(
        &w.app,
        put_json("/api/v1/wiki/gene/BACH1", Some(&editor), &body),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{res}");
    let saved: Value = serde_json::from_str(&res).unwrap();
    let first = saved["revision"].as_i64().unwrap();
    assert!(first > base && saved["merged"] == false);

    // Started from `base` too, changing the first paragraph: merged.
    let other = text.replacen("transcriptional repressor", "transcriptional REPRESSOR", 1);
    let body2 = json!({"markdown": other, "base_revision": base, "comment": "emphasis"});
    let (status, _, res) = send(
        &w.app,
        put_json("/api/v1/wiki/gene/BACH1", Some(&editor), &body2),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{res}");
    let merged: Value = serde_json::from_str(&res).unwrap();
    assert_eq!(merged["merged"], true);
    let now = w.text();
    assert!(now.contains("transcriptional REPRESSOR") && now.contains("A new closing paragraph."));

    // Started from `base`, changing the same words: conflict, nothing lost.
    let clash = text.replacen("transcriptional repressor", "transcriptional activator", 1);
    let body3 = json!({"markdown": clash, "base_revision": base});
    let (status, _, res) = send(
        &w.app,
        put_json("/api/v1/wiki/gene/BACH1", Some(&editor), &body3),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{res}");
    let c: Value = serde_json::from_str(&res).unwrap();
    assert_eq!(c["code"], "edit_conflict");
    assert_eq!(c["yours"].as_str().unwrap(), clash);
    assert!(c["theirs_markdown"].as_str().unwrap().contains("REPRESSOR"));
    let marked = c["merged_with_markers"].as_str().unwrap();
    assert!(
        marked.contains("<<<<<<<") && marked.contains("activator") && marked.contains("REPRESSOR")
    );
    assert_eq!(
        w.current(),
        merged["revision"].as_i64().unwrap(),
        "the conflict saved nothing"
    );

    // The same text again saves nothing.
    let same = json!({"markdown": w.text(), "base_revision": w.current()});
    let (_, _, res) = send(
        &w.app,
        put_json("/api/v1/wiki/gene/BACH1", Some(&editor), &same),
    )
    .await;
    assert!(res.contains("\"unchanged\":true"), "{res}");

    // Revert to the demo's last revision by the API.
    let (status, _, res) = send(
        &w.app,
        Request::post("/api/v1/wiki/gene/BACH1/revert")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::AUTHORIZATION, format!("Bearer {editor}"))
            .body(Body::from(json!({"revision": base}).to_string()))
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(w.text(), text);
    // Malformed bodies are 400 with the error body.
    let (status, _, res) = send(
        &w.app,
        Request::put("/api/v1/wiki/gene/BACH1")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::AUTHORIZATION, format!("Bearer {editor}"))
            .body(Body::from("{\"markdown\": 7}"))
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{res}");
    assert!(res.contains("invalid_parameter"));
    // A JSON array is not the object the OpenAPI document describes, even
    // where its items would fill the fields in order.
    let (status, _, res) = send(
        &w.app,
        Request::post("/api/v1/wiki/gene/BACH1/revert")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::AUTHORIZATION, format!("Bearer {editor}"))
            .body(Body::from(json!([base]).to_string()))
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{res}");
    assert!(res.contains("JSON object"), "{res}");
    assert_eq!(w.text(), text, "the refused revert changed nothing");
    // Unknown fields are named.
    let (status, _, res) = send(
        &w.app,
        put_json(
            "/api/v1/wiki/gene/BACH1",
            Some(&editor),
            &json!({"markdown": "x", "base_revision": w.current(), "summary": "y"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{res}");
    assert!(res.contains("unknown field `summary`"), "{res}");
}

/// Pages: a form without the session's CSRF token is refused (403) and
/// the refusal keeps the text; without an account an edit is 401; with
/// both, it saves and redirects.
#[tokio::test]
async fn page_edits_need_a_session_and_its_csrf_token() {
    let w = wiki();
    let base = w.current().to_string();
    let text = format!("{}\n\nTyped in the browser.", w.text());
    // No cookie, no token: 403, the text comes back in the editor.
    let (status, _, page) = send(
        &w.app,
        form_post(
            "/wiki/gene/BACH1/edit",
            "",
            &[("text", &text), ("base", &base), ("action", "save")],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        page.contains("Typed in the browser."),
        "the text is not lost"
    );
    // A matching double-submit token but no account: 401, text kept.
    let t = "a".repeat(64);
    let (status, _, page) = send(
        &w.app,
        form_post(
            "/wiki/gene/BACH1/edit",
            &format!("locus_login={t}"),
            &[
                ("text", &text),
                ("base", &base),
                ("csrf", &t),
                ("action", "save"),
            ],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(page.contains("Typed in the browser."));
    // A session with the wrong token: 403.
    let (cookie, csrf) = w.session("sam", Role::Editor);
    let (status, _, page) = send(
        &w.app,
        form_post(
            "/wiki/gene/BACH1/edit",
            &cookie,
            &[
                ("text", &text),
                ("base", &base),
                ("csrf", &t),
                ("action", "save"),
            ],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("Typed in the browser."));
    assert_eq!(w.current().to_string(), base);
    // Preview renders and saves nothing.
    let (status, _, page) = send(
        &w.app,
        form_post(
            "/wiki/gene/BACH1/edit",
            &cookie,
            &[
                ("text", "See [[NRF2]] and [[NoSuchGene9]]."),
                ("base", &base),
                ("csrf", &csrf),
                ("action", "preview"),
            ],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Links that do not resolve"), "{page}");
    assert!(
        page.contains("[[NRF2]]") && page.contains("ambiguous"),
        "NRF2 names two genes"
    );
    assert!(page.contains("[[NoSuchGene9]]"));
    assert_eq!(w.current().to_string(), base);
    // Saved.
    let (status, headers, _) = send(
        &w.app,
        form_post(
            "/wiki/gene/BACH1/edit",
            &cookie,
            &[
                ("text", &text),
                ("base", &base),
                ("csrf", &csrf),
                ("comment", "browser"),
                ("action", "save"),
            ],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(headers[header::LOCATION]
        .to_str()
        .unwrap()
        .starts_with("/wiki/gene/571?saved="));
    assert!(w.text().ends_with("Typed in the browser."));
    // A reader's session may not.
    let (cookie, csrf) = w.session("rob", Role::Reader);
    let (status, _, page) = send(
        &w.app,
        form_post(
            "/wiki/gene/BACH1/edit",
            &cookie,
            &[
                ("text", "x"),
                ("csrf", &csrf),
                ("base", &w.current().to_string()),
                ("action", "save"),
            ],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("readers cannot edit"));
}

/// Stored XSS: whatever an editor writes, the article page and the API's
/// HTML carry no script, no event handler, no javascript: or data: URL.
#[tokio::test]
async fn markdown_cannot_inject_script() {
    let w = wiki();
    let token = w.token("mallory", Role::Editor);
    let payloads = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(2)>",
        "[click](javascript:alert(3))",
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg0KTwvc2NyaXB0Pg==)",
        "<a href=\"javascript:alert(5)\">x</a>",
        "![img](javascript:alert(6))",
        "[<svg onload=alert(7)>](https://example.org)",
        "<iframe src=\"https://evil.example\"></iframe>",
        "[[<script>alert(8)</script>]]",
        "<div style=\"background:url(javascript:alert(9))\">x</div>",
    ];
    let body = json!({"markdown": payloads.join("\n\n"), "base_revision": w.current()});
    let (status, _, res) = send(
        &w.app,
        put_json("/api/v1/wiki/gene/BACH1", Some(&token), &body),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{res}");
    let (_, _, page) = get(&w.app, "/wiki/gene/BACH1").await;
    let doc = get_json(&w.app, "/api/v1/wiki/gene/BACH1").await;
    let (_, _, authors) = get(&w.app, "/wiki/gene/BACH1?view=authors").await;
    // Only real tags count: escaped text (`&lt;img onerror=…&gt;`) is
    // shown to the reader, which is the point.
    let handler = regex::Regex::new(r"(?i)<[a-z][^<>]*\son[a-z]+\s*=").unwrap();
    let bad_url = regex::Regex::new(
        r#"(?i)<[a-z][^<>]*\s(href|src|action)\s*=\s*["']?\s*(javascript|data|vbscript):"#,
    )
    .unwrap();
    let bad_tag = regex::Regex::new(r"(?i)<(script|iframe|object|embed)\b").unwrap();
    let styled = regex::Regex::new(r"(?i)<[a-z][^<>]*\sstyle\s*=").unwrap();
    for html in [
        page.as_str(),
        doc["html"].as_str().unwrap(),
        authors.as_str(),
    ] {
        let body = html.split("<article").nth(1).unwrap_or(html);
        assert!(
            !handler.is_match(body),
            "an event handler survived:\n{body}"
        );
        assert!(!bad_url.is_match(body), "a script URL survived:\n{body}");
        assert!(!bad_tag.is_match(body), "a script tag survived:\n{body}");
        assert!(
            !styled.is_match(body),
            "a style attribute survived:\n{body}"
        );
        assert!(body.contains("&lt;script&gt;"), "raw HTML is shown as text");
    }
}

/// History, diff, authorship, cite and Atom over the demo article.
#[tokio::test]
async fn history_diff_authorship_cite_and_feed() {
    let app = common::router();
    let (status, _, page) = get(&app, "/wiki/gene/BACH1/history").await;
    assert_eq!(status, StatusCode::OK);
    for comment in ["Start the article", "Add heme", "Target genes"] {
        assert!(page.contains(comment), "{comment}");
    }
    let list = get_json(&app, "/api/v1/wiki/gene/BACH1/revisions").await;
    let ids: Vec<i64> = list["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 3);
    let (newest, oldest) = (ids[0], ids[2]);
    let diff = get_json(
        &app,
        &format!("/api/v1/wiki/gene/BACH1/diff?from={oldest}&to={newest}"),
    )
    .await;
    assert!(diff["words_added"].as_u64().unwrap() > 200);
    assert!(diff["rows"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["kind"] == "inserted"));
    let (status, _, page) = get(
        &app,
        &format!("/wiki/gene/BACH1/diff?from={oldest}&to={newest}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("<ins>"),
        "side by side with insertions marked"
    );

    let au = get_json(&app, "/api/v1/wiki/gene/BACH1/authorship").await;
    let tokens = au["tokens"].as_array().unwrap();
    let text = get_json(&app, "/api/v1/wiki/gene/BACH1").await["markdown"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(tokens.len(), locus_wiki_token_count(&text));
    // ben wrote the heme section; ada the opening.
    let by = |word: &str| {
        tokens
            .iter()
            .find(|t| t["text"] == word)
            .map(|t| t["author"].clone())
            .unwrap()
    };
    assert_eq!(by("substrate"), "ben");
    assert_eq!(by("MAREs"), "ada");
    let shares: f64 = au["contributors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["share"].as_f64().unwrap())
        .sum();
    assert!((shares - 1.0).abs() < 1e-9);
    // An older revision has its own authorship: all ada's.
    let au1 = get_json(
        &app,
        &format!("/api/v1/wiki/gene/BACH1/authorship?rev={oldest}"),
    )
    .await;
    assert_eq!(au1["contributors"].as_array().unwrap().len(), 1);
    let (_, _, page) = get(&app, "/wiki/gene/BACH1?view=authors").await;
    assert!(page.contains("class=\"au au-0\"") && page.contains("class=\"au au-1\""));
    assert!(page.contains("title=\"ben · revision"));

    let (status, ctype, bib) = get(&app, "/wiki/gene/BACH1/cite?format=bibtex").await;
    assert_eq!(status, StatusCode::OK);
    assert!(ctype.starts_with("application/x-bibtex"));
    assert!(bib.contains("author = {{ada} and {ben}}"), "{bib}");
    assert!(bib.contains(&format!("/wiki/gene/571?rev={newest}")));
    let (_, _, ris) = get(
        &app,
        &format!("/wiki/gene/BACH1/cite?format=ris&rev={oldest}"),
    )
    .await;
    assert!(
        ris.contains("AU  - ada") && !ris.contains("AU  - ben"),
        "{ris}"
    );
    let (_, _, csl) = get(&app, "/wiki/gene/BACH1/cite?format=csl-json").await;
    let csl: Value = serde_json::from_str(&csl).unwrap();
    assert_eq!(csl[0]["title"], "BACH1");
    let (status, _, _) = get(&app, "/wiki/gene/BACH1/cite?format=mla").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (status, ctype, feed) = get(&app, "/wiki/recent.atom").await;
    assert_eq!(status, StatusCode::OK);
    assert!(ctype.starts_with("application/atom+xml"));
    assert_eq!(feed.matches("<entry>").count(), 5);
    assert!(feed.contains("<name>ada</name>"));
    let (status, _, page) = get(&app, "/wiki").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Recent changes") && page.contains("Bach2"));
}

/// Tokens of a text as authorship counts them (WikiWho's split).
fn locus_wiki_token_count(text: &str) -> usize {
    locus_kb::wiki::text_tokens(text).len()
}

/// The embed view is the one page other sites may frame.
#[tokio::test]
async fn only_the_embed_view_may_be_framed() {
    let app = common::router();
    let res = app
        .clone()
        .oneshot(
            Request::get("/wiki/gene/BACH1?embed=1")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("frame-ancestors *"), "{csp}");
    assert!(res.headers().get(header::X_FRAME_OPTIONS).is_none());
    let body = res.into_body().collect().await.unwrap().to_bytes();
    let body = String::from_utf8_lossy(&body);
    assert!(!body.contains("header class=\"site\""), "the article alone");
    assert!(body.contains("From the Locus wiki"));
    let res = app
        .clone()
        .oneshot(
            Request::get("/wiki/gene/BACH1")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'self'"));
    assert_eq!(res.headers()[header::X_FRAME_OPTIONS], "SAMEORIGIN");
}

/// Failed logins are limited per account: the sixth answers 429.
#[tokio::test]
async fn logins_are_rate_limited() {
    let w = wiki();
    w.kb.add_user("lou", Role::Editor, Some("right-password"))
        .unwrap();
    let t = "b".repeat(64);
    let cookie = format!("locus_login={t}");
    for i in 0..5 {
        let (status, _, _) = send(
            &w.app,
            form_post(
                "/login",
                &cookie,
                &[
                    ("name", "lou"),
                    ("password", "wrong-password"),
                    ("csrf", &t),
                ],
            ),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let (status, _, page) = send(
        &w.app,
        form_post(
            "/login",
            &cookie,
            &[
                ("name", "lou"),
                ("password", "right-password"),
                ("csrf", &t),
            ],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{page}");
    // Another account is not held up, and a right password logs in.
    w.kb.add_user("liv", Role::Editor, Some("right-password"))
        .unwrap();
    let (status, headers, _) = send(
        &w.app,
        form_post(
            "/login",
            &cookie,
            &[
                ("name", "liv"),
                ("password", "right-password"),
                ("csrf", &t),
                ("next", "/wiki/gene/BACH1"),
            ],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let set: Vec<&str> = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    let session = set
        .iter()
        .find(|c| c.starts_with("locus_session="))
        .expect("session cookie");
    assert!(
        session.contains("HttpOnly") && session.contains("SameSite=Lax"),
        "{session}"
    );
    // Without the login form's token: 403.
    let (status, _, _) = send(
        &w.app,
        form_post(
            "/login",
            "",
            &[("name", "liv"), ("password", "right-password")],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// Two editors in one process, through the knowledge base: disjoint
/// edits both land, overlapping ones conflict and hand both texts back.
#[test]
fn concurrent_editors_lose_nothing() {
    let w = wiki();
    w.kb.add_user("kim", Role::Editor, None).unwrap();
    w.kb.add_user("lee", Role::Editor, None).unwrap();
    let kim = Editor::Account(w.kb.user("kim").unwrap().unwrap());
    let lee = Editor::Account(w.kb.user("lee").unwrap().unwrap());
    let base = w.current();
    let text = w.text();
    let req = |text: String| EditRequest {
        subject: BACH1,
        title: "BACH1".into(),
        text,
        base: Some(locus_model::RevisionId(base)),
        comment: String::new(),
        minor: false,
    };
    let threads: Vec<_> = [
        (
            kim.clone(),
            text.replacen("best-studied", "most studied", 1),
        ),
        (
            lee.clone(),
            text.replacen("oxygen is low", "oxygen is scarce", 1),
        ),
    ]
    .into_iter()
    .map(|(who, t)| {
        let kb = w.kb.clone();
        let r = req(t);
        std::thread::spawn(move || kb.edit(&who, r).unwrap())
    })
    .collect();
    for t in threads {
        assert!(matches!(t.join().unwrap(), EditOutcome::Saved { .. }));
    }
    let now = w.text();
    assert!(
        now.contains("most studied") && now.contains("oxygen is scarce"),
        "{now}"
    );
    match w
        .kb
        .edit(
            &kim,
            req(text.replacen("oxygen is low", "oxygen runs out", 1)),
        )
        .unwrap()
    {
        EditOutcome::Conflict(c) => {
            assert!(c.yours.contains("oxygen runs out"));
            assert!(c.theirs_text.contains("oxygen is scarce"));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    // Authorship followed: lee's word is lee's.
    let a = w.kb.article(&BACH1).unwrap().unwrap();
    let r = w.kb.article_revision(&a, None).unwrap();
    let au = w.kb.revision_authorship(&a, &r).unwrap();
    assert!(au
        .tokens
        .iter()
        .any(|t| t.text == "scarce" && t.author == "lee"));
    assert!(au
        .tokens
        .iter()
        .any(|t| t.text == "MAREs" && t.author == "ada"));
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../ingest/tests/data/wiki_history")
        .join(name)
}

/// `locus import mediawiki` on real history: every revision with its
/// author, and the final text's authorship equal to WikiWho's, word for
/// word; re-importing replaces; the Action API JSON gives the same.
#[tokio::test]
async fn mediawiki_history_keeps_its_authors() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::fresh_store(dir.path(), "w.db");
    let out = locus_ok([
        "import".as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
        "mediawiki".as_ref(),
        fixture("adam_himebauch.xml.gz").as_os_str(),
    ]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("146 revisions") && said.contains("/wiki/topic/adam-himebauch"),
        "{said}"
    );
    let app = common::router_for(&db);
    let list = get_json(
        &app,
        "/api/v1/wiki/topic/adam-himebauch/revisions?limit=500",
    )
    .await;
    assert_eq!(list["total"], 146);
    let revs = list["revisions"].as_array().unwrap();
    let source: std::collections::HashMap<i64, i64> = revs
        .iter()
        .map(|r| {
            (
                r["id"].as_i64().unwrap(),
                r["source_revision"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(revs.last().unwrap()["author"]["name"], "MusikAnimal");
    let au = get_json(&app, "/api/v1/wiki/topic/adam-himebauch/authorship").await;
    let ours: Vec<(String, i64)> = au["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["text"].as_str().unwrap().to_lowercase(),
                source[&t["revision"].as_i64().unwrap()],
            )
        })
        .collect();
    let peer: Value = {
        let f = std::fs::File::open(fixture(
            "adam_himebauch_final_tokens__wikiwho_1.0.3.json.gz",
        ))
        .unwrap();
        serde_json::from_reader(flate2::read::GzDecoder::new(f)).unwrap()
    };
    let peer: Vec<(String, i64)> = peer
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t[0].as_str().unwrap().to_string(), t[1].as_i64().unwrap()))
        .collect();
    assert_eq!(ours.len(), peer.len());
    let agree = ours.iter().zip(&peer).filter(|(a, b)| a == b).count();
    assert_eq!(agree, peer.len(), "every final token's origin is WikiWho's");
    let (status, _, page) = get(&app, "/wiki/topic/adam-himebauch").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Adam Himebauch"));

    // Re-importing replaces; the JSON revision list is the same history.
    let out = locus_ok([
        "import".as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
        "mediawiki".as_ref(),
        "--title".as_ref(),
        "Adam Himebauch".as_ref(),
        fixture("adam_himebauch_revisions.json.gz").as_os_str(),
    ]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("146 revisions"));
    let app = common::router_for(&db);
    let again = get_json(&app, "/api/v1/wiki/topic/adam-himebauch/authorship").await;
    assert_eq!(again["tokens"].as_array().unwrap().len(), peer.len());
    assert_eq!(
        get_json(&app, "/api/v1/wiki/topic/adam-himebauch/revisions").await["total"],
        146
    );
    // A malformed file changes nothing and names its line.
    let bad = dir.path().join("bad.xml");
    std::fs::write(&bad, "<mediawiki version=\"0.11\" xmlns=\"http://www.mediawiki.org/xml/export-0.11/\">\n<page><title>Adam Himebauch</title><ns>0</ns><id>1</id>\n<revision><id>x</id></revision></page></mediawiki>\n").unwrap();
    let err = common::locus_fails([
        "import".as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
        "mediawiki".as_ref(),
        bad.as_os_str(),
    ]);
    assert!(err.contains("bad.xml:3"), "{err}");
    assert_eq!(
        get_json(&app, "/api/v1/wiki/topic/adam-himebauch/revisions").await["total"],
        146
    );
}

/// `locus export wiki` then `locus import wiki` into another store gives
/// the same articles, revisions and authorship; `locus backup` writes a
/// store that passes its check; accounts and tokens from the command
/// line work over HTTP.
#[tokio::test]
async fn export_import_backup_and_accounts_from_the_command_line() {
    let w = wiki();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export");
    locus_ok([
        "export".as_ref(),
        "--db".as_ref(),
        w.db.as_os_str(),
        "wiki".as_ref(),
        out.as_os_str(),
    ]);
    assert!(out.join("gene/571/revisions.json").is_file());
    assert!(out.join("gene/571/000001.md").is_file());
    let fresh = common::fresh_store(dir.path(), "fresh.db");
    locus_ok([
        "import".as_ref(),
        "--db".as_ref(),
        fresh.as_os_str(),
        "wiki".as_ref(),
        out.as_os_str(),
    ]);
    let (a, b) = (kb_for(&w.db), kb_for(&fresh));
    let arts = a.articles().unwrap();
    assert_eq!(arts.len(), 2);
    for art in &arts {
        let other = b.article(&art.subject).unwrap().expect("imported");
        let (ha, hb) = (
            a.full_history(art.id).unwrap(),
            b.full_history(other.id).unwrap(),
        );
        assert_eq!(ha.len(), hb.len());
        for (x, y) in ha.iter().zip(&hb) {
            assert_eq!(
                (
                    &x.text,
                    &x.summary.author.name,
                    &x.summary.timestamp,
                    &x.summary.comment
                ),
                (
                    &y.text,
                    &y.summary.author.name,
                    &y.summary.timestamp,
                    &y.summary.comment
                )
            );
            let (ax, ay) = (
                a.revision_authorship(art, x).unwrap(),
                b.revision_authorship(&other, y).unwrap(),
            );
            let names = |v: &locus_kb::wiki::RevisionAuthorship| {
                v.tokens
                    .iter()
                    .map(|t| t.author.clone())
                    .collect::<Vec<_>>()
            };
            assert_eq!(names(&ax), names(&ay), "authorship round-trips");
        }
    }
    assert!(
        b.user("ada").unwrap().is_some(),
        "accounts come along, without passwords"
    );

    let copy = dir.path().join("backup.db");
    let said = locus_ok([
        "backup".as_ref(),
        "--db".as_ref(),
        w.db.as_os_str(),
        copy.as_os_str(),
    ]);
    assert!(String::from_utf8_lossy(&said.stdout).contains("backed up"));
    let restored = common::store_of_backup(&copy);
    locus_ok(["check".as_ref(), "--db".as_ref(), restored.as_os_str()]);
    common::locus_fails([
        "backup".as_ref(),
        "--db".as_ref(),
        w.db.as_os_str(),
        copy.as_os_str(),
    ]);

    let added = common::locus_with_input(
        [
            "user".as_ref(),
            "add".as_ref(),
            "--db".as_ref(),
            w.db.as_os_str(),
            "zoe".as_ref(),
            "--role".as_ref(),
            "editor".as_ref(),
            "--password-stdin".as_ref(),
        ],
        b"zoe-password-1\n",
    );
    assert!(added.status.success());
    assert!(w.kb.login("zoe", "zoe-password-1").unwrap().is_ok());
    let out = locus_ok([
        "token".as_ref(),
        "create".as_ref(),
        "--db".as_ref(),
        w.db.as_os_str(),
        "zoe".as_ref(),
        "--expires".as_ref(),
        "30d".as_ref(),
    ]);
    let token = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(token.starts_with("locus_"));
    let body = json!({"markdown": "Zoe's topic.", "base_revision": null});
    let (status, _, res) = send(
        &w.app,
        put_json("/api/v1/wiki/topic/zoe-notes", Some(&token), &body),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{res}");
    locus_ok([
        "token".as_ref(),
        "revoke".as_ref(),
        "--db".as_ref(),
        w.db.as_os_str(),
        "zoe".as_ref(),
        "--all".as_ref(),
    ]);
    let body = json!({"markdown": "Again.", "base_revision": null});
    let (status, _, _) = send(
        &w.app,
        put_json("/api/v1/wiki/topic/zoe-notes-2", Some(&token), &body),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a revoked token is refused"
    );
}

/// Importing data files never touches wiki text.
#[test]
fn data_imports_leave_the_wiki_alone() {
    let w = wiki();
    let before = (w.current(), w.text());
    let demo =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/data/Homo_sapiens.gene_info.gz");
    common::import_ok(&w.db, "gene-info", &demo);
    assert_eq!((w.current(), w.text()), before);
    let topic = ArticleSubject::Topic(TopicSlug::parse("nothing").unwrap());
    assert!(w.kb.article(&topic).unwrap().is_none());
}

/// Article text is found by search: the search page lists matching
/// articles (with papers, GeneRIFs and definitions) with the words
/// marked, and the API answers them.
#[tokio::test]
async fn search_finds_article_text() {
    let app = common::router();
    let (status, _, page) = get(&app, "/search?q=keratinocytes").await;
    assert_eq!(status, StatusCode::OK);
    // Ranked with papers, GeneRIFs and definitions, badged as an article.
    assert!(
        page.contains(
            r#"<span class="tag kind article">article</span> <a href="/wiki/gene/571">BACH1</a>"#
        ),
        "{page}"
    );
    assert!(page.contains("<mark>keratinocytes</mark>"));
    let hits = get_json(&app, "/api/v1/wiki/search?q=prdm1").await;
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["url"], "/wiki/gene/12014");
    let none = get_json(&app, "/api/v1/wiki/search?q=%22%29%28NEAR").await;
    assert!(none.as_array().unwrap().is_empty());
}

/// Papers have articles too (any entity kind the store knows): the
/// infobox shows the imported citation; `[[publication:N]]` links to it.
#[tokio::test]
async fn a_paper_has_an_article() {
    let w = wiki();
    let token = w.token("pia", Role::Editor);
    let (status, _, _) = get(&w.app, "/api/v1/wiki/publication/25389292").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let body = json!({"markdown": "Shows PPAR-α driving miR-199a2; see [[publication:26657567]] and [[publication:1]].", "base_revision": null});
    let (status, _, res) = send(
        &w.app,
        put_json("/api/v1/wiki/publication/25389292", Some(&token), &body),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{res}");
    let doc = get_json(&w.app, "/api/v1/wiki/publication/25389292").await;
    assert!(doc["title"]
        .as_str()
        .unwrap()
        .starts_with("Peroxisome proliferator-activated receptor"));
    assert_eq!(doc["links"][0]["href"], "/publications/26657567");
    assert_eq!(doc["links"][1]["status"], "unknown");
    let (status, _, page) = get(&w.app, "/wiki/publication/25389292").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("aria-label=\"Infobox\"") && page.contains("Journal"));
    let (status, _, _) = get(&w.app, "/api/v1/wiki/publication/999999999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// Admins block and unblock accounts from the accounts page; a blocked
/// editor's token stops working; others may not see the page.
#[tokio::test]
async fn admins_block_accounts() {
    let w = wiki();
    let token = w.token("vic", Role::Editor);
    let (cookie, csrf) = w.session("ben", Role::Admin);
    let (status, _, page) = send(
        &w.app,
        Request::get("/wiki/accounts")
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("vic") && page.contains("ada"));
    let (status, _, _) = send(
        &w.app,
        form_post(
            "/wiki/accounts",
            &cookie,
            &[
                ("csrf", &csrf),
                ("name", "vic"),
                ("role", "editor"),
                ("blocked", "1"),
            ],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(w.kb.user("vic").unwrap().unwrap().blocked);
    let body = json!({"markdown": "x", "base_revision": null});
    let (status, _, _) = send(
        &w.app,
        put_json("/api/v1/wiki/topic/vic", Some(&token), &body),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a blocked account's token is refused"
    );
    // Without the token, or as an editor: refused.
    let (status, _, _) = send(
        &w.app,
        form_post(
            "/wiki/accounts",
            &cookie,
            &[("csrf", "x"), ("name", "vic"), ("role", "admin")],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (ed, ed_csrf) = w.session("eda", Role::Editor);
    let (status, _, _) = send(
        &w.app,
        Request::get("/wiki/accounts")
            .header(header::COOKIE, &ed)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = send(
        &w.app,
        form_post(
            "/wiki/accounts",
            &ed,
            &[("csrf", &ed_csrf), ("name", "vic"), ("role", "admin")],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(w.kb.user("vic").unwrap().unwrap().role, Role::Editor);
}

/// An imported page's "who wrote what" colours its wikitext source.
#[tokio::test]
async fn imported_wikitext_is_coloured_by_author() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::fresh_store(dir.path(), "w.db");
    locus_ok([
        "import".as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
        "mediawiki".as_ref(),
        fixture("familia.xml").as_os_str(),
    ]);
    let app = common::router_for(&db);
    let (status, _, page) = get(&app, "/wiki/topic/familia?view=authors").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<pre class=\"source by-author\">"), "{page}");
    assert!(page.contains("class=\"au au-0\""));
}

/// Pages built from the request's Host are not cached for others: a
/// request naming another host cannot plant its URLs in what the next
/// reader gets.
#[tokio::test]
async fn host_derived_pages_are_not_shared() {
    let app = common::router();
    let ask = |host: &'static str, uri: &'static str| {
        Request::get(uri)
            .header(header::HOST, host)
            .body(Body::empty())
            .unwrap()
    };
    for uri in ["/wiki/gene/BACH1/cite?format=bibtex", "/wiki/recent.atom"] {
        let (_, _, evil) = send(&app, ask("evil.example", uri)).await;
        assert!(evil.contains("evil.example"), "{evil}");
        let (_, _, good) = send(&app, ask("wiki.example.org", uri)).await;
        assert!(
            !good.contains("evil.example") && good.contains("wiki.example.org"),
            "{good}"
        );
    }
}

/// Someone who may not edit sees the article's source, read-only, and
/// why (MediaWiki's "view source").
#[tokio::test]
async fn readers_view_the_source() {
    let w = wiki();
    let (status, _, page) = get(&w.app, "/wiki/gene/BACH1/edit").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        page.contains("readonly") && page.contains("[[MAFK]]"),
        "{page}"
    );
    assert!(page.contains("/login?next="));
    let (cookie, _) = w.session("rae", Role::Reader);
    let (status, _, page) = send(
        &w.app,
        Request::get("/wiki/gene/BACH1/edit")
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("may not edit") && page.contains("[[MAFK]]"));
}

/// A cited paper without a PubMed XML record shows the title and year of
/// Pharos' references table (imported by the demo); papers with neither
/// stay a numbered PubMed link.
#[tokio::test]
async fn references_show_pharos_titles() {
    let app = common::router();
    let doc = get_json(&app, "/api/v1/wiki/gene/BACH1").await;
    let refs = doc["references"].as_array().unwrap();
    let titled = refs.iter().filter(|r| r["title"].is_string()).count();
    assert!(
        titled >= 10,
        "{titled} of {} references have a title",
        refs.len()
    );
    let nrf2 = refs.iter().find(|r| r["pmid"] == 21812759).expect("cited");
    assert_eq!(nrf2["year"], 2011);
    let (_, _, page) = get(&app, "/wiki/gene/BACH1").await;
    assert!(page.contains("(2011)"), "year in the reference list");
}

/// The literature page's "+ wiki" for a reader who is logged in: one
/// click adds the statement with its citation in one revision of theirs;
/// a form whose token does not match saves nothing and loses nothing.
#[tokio::test]
async fn a_cited_statement_goes_into_the_article_in_one_click() {
    let w = wiki();
    let (cookie, csrf) = w.session("curator", Role::Editor);
    // GeneRIF of PMID 23737527, as the literature page offers it.
    let statement = "Data indicate that transcription factors MafK and Bach1 regulate expression of heme oxygenase-1 (HO-1). [@pmid:23737527]";
    // The page offers the one-click form to the logged-in reader only.
    let req = Request::get("/genes/BACH1/literature?with=7975")
        .header(header::COOKIE, &cookie)
        .body(Body::empty())
        .unwrap();
    let (status, _, page) = send(&w.app, req).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(r#"<form class="cite-wiki" method="post" action="/wiki/gene/571/append">"#),
        "{page}"
    );
    assert!(page.contains(&format!(r#"name="csrf" value="{csrf}""#)));
    let (_, _, anonymous) = get(&w.app, "/genes/BACH1/literature?with=7975").await;
    assert!(!anonymous.contains("form class=\"cite-wiki\""));
    assert!(anonymous.contains(r#"<a class="cite-wiki" href="/wiki/gene/571/edit?add="#));

    let before = w.text();
    let (status, _, body) = send(
        &w.app,
        form_post(
            "/wiki/gene/571/append",
            &cookie,
            &[("csrf", "not-the-token"), ("statement", statement)],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        body.contains("MafK and Bach1 regulate expression"),
        "the statement is kept"
    );
    assert_eq!(w.text(), before, "nothing saved");

    let revision = w.current();
    let (status, headers, _) = send(
        &w.app,
        form_post(
            "/wiki/gene/571/append",
            &cookie,
            &[("csrf", &csrf), ("statement", statement)],
        ),
    )
    .await;
    assert!(status.is_redirection(), "{status}");
    let to = headers[header::LOCATION].to_str().unwrap();
    assert!(to.starts_with("/wiki/gene/571?saved="), "{to}");
    assert!(w.current() > revision);
    let after = w.text();
    assert!(after.starts_with(before.trim_end()));
    assert!(after.trim_end().ends_with(statement), "{after}");
    let (_, _, history) = get(&w.app, "/wiki/gene/571/history").await;
    assert!(history.contains("Cited statement from the literature by topic"));
    assert!(history.contains("curator"));
}
