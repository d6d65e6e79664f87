//! HTTP as caches, browsers and clients expect it: content coding,
//! strong ETags and 304s, Cache-Control, HEAD, the one error body, the
//! request log, /metrics, and a clean stop on SIGTERM.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{demo_db, free_port, locus, router};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// A request with headers; the full response.
async fn send(
    app: &axum::Router,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = app
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, body)
}

fn header(h: &axum::http::HeaderMap, name: header::HeaderName) -> &str {
    h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

fn gunzip(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(b)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn unbrotli(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &b[..], &mut out).unwrap();
    out
}

#[tokio::test]
async fn pages_and_api_are_compressed_as_the_client_asks() {
    let app = router();
    for uri in ["/genes/TP53", "/api/v1/genes/BACH1/targets"] {
        let (status, h, plain) = send(&app, "GET", uri, &[]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(header(&h, header::CONTENT_ENCODING), "", "{uri}");
        assert_eq!(header(&h, header::VARY), "accept-encoding", "{uri}");
        let (_, h, br) = send(
            &app,
            "GET",
            uri,
            &[("accept-encoding", "gzip, deflate, br")],
        )
        .await;
        assert_eq!(header(&h, header::CONTENT_ENCODING), "br", "{uri}");
        assert_eq!(unbrotli(&br), plain, "{uri}");
        assert!(
            br.len() * 4 < plain.len(),
            "{uri}: {} of {}",
            br.len(),
            plain.len()
        );
        let (_, h, gz) = send(&app, "GET", uri, &[("accept-encoding", "gzip")]).await;
        assert_eq!(header(&h, header::CONTENT_ENCODING), "gzip", "{uri}");
        assert_eq!(header(&h, header::CONTENT_LENGTH), gz.len().to_string());
        assert_eq!(gunzip(&gz), plain, "{uri}");
        let (_, h, _) = send(&app, "GET", uri, &[("accept-encoding", "br;q=0, gzip")]).await;
        assert_eq!(header(&h, header::CONTENT_ENCODING), "gzip", "{uri}");
    }
    // A body too small to gain from compression goes as it is.
    let (_, h, _) = send(
        &app,
        "GET",
        "/api/v1/genes/BACH1/knowledge_graph",
        &[("accept-encoding", "br")],
    )
    .await;
    assert_eq!(header(&h, header::CONTENT_ENCODING), "");
}

#[tokio::test]
async fn etags_revalidate_with_304() {
    let app = router();
    let (status, h, body) = send(&app, "GET", "/genes/BACH1", &[("accept-encoding", "br")]).await;
    assert_eq!(status, StatusCode::OK);
    let etag = header(&h, header::ETAG).to_string();
    assert!(etag.starts_with('"') && etag.ends_with("-br\""), "{etag}");
    assert_eq!(header(&h, header::CACHE_CONTROL), "no-cache");
    assert!(!body.is_empty());
    let (status, h, body) = send(
        &app,
        "GET",
        "/genes/BACH1",
        &[("accept-encoding", "br"), ("if-none-match", &etag)],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
    assert_eq!(header(&h, header::ETAG), etag);
    // Another coding is another representation, with its own validator.
    let (status, h, _) = send(
        &app,
        "GET",
        "/genes/BACH1",
        &[("accept-encoding", "gzip"), ("if-none-match", &etag)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(header(&h, header::ETAG), etag);
    // Weak comparison, as If-None-Match asks, and lists of tags.
    let weak = format!("\"x\", W/{etag}");
    let (status, _, _) = send(
        &app,
        "GET",
        "/genes/BACH1",
        &[("accept-encoding", "br"), ("if-none-match", &weak)],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn head_answers_every_get_without_a_body() {
    let app = router();
    for uri in [
        "/",
        "/genes/BACH1",
        "/api/v1/genes/BACH1",
        "/api/v1/genes/BACH1/generifs?format=tsv",
        "/downloads/9606/tf_targets.gmt",
        "/api/openapi.json",
    ] {
        let (_, get_h, get_body) = send(&app, "GET", uri, &[]).await;
        let (status, h, body) = send(&app, "HEAD", uri, &[]).await;
        assert_eq!(status, StatusCode::OK, "HEAD {uri}");
        assert!(body.is_empty(), "HEAD {uri} sent a body");
        assert_eq!(
            header(&h, header::CONTENT_LENGTH),
            get_body.len().to_string(),
            "{uri}"
        );
        assert_eq!(
            header(&h, header::ETAG),
            header(&get_h, header::ETAG),
            "{uri}"
        );
    }
}

#[tokio::test]
async fn static_assets_are_content_hashed_and_immutable() {
    let app = router();
    let (_, _, page) = send(&app, "GET", "/genes/BACH1", &[]).await;
    let page = String::from_utf8(page).unwrap();
    let css = regex::Regex::new(r#"href="(/static/locus\.[0-9a-f]{8}\.css)""#)
        .unwrap()
        .captures(&page)
        .expect("stylesheet link")[1]
        .to_string();
    let (status, h, body) = send(&app, "GET", &css, &[("accept-encoding", "br")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        header(&h, header::CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(header(&h, header::CONTENT_ENCODING), "br");
    assert!(String::from_utf8(unbrotli(&body))
        .unwrap()
        .contains("--ink"));
    let (status, _, _) = send(&app, "GET", "/static/locus.00000000.css", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn every_error_has_one_body_with_a_stable_code() {
    let app = router();
    let json = |b: &[u8]| serde_json::from_slice::<serde_json::Value>(b).unwrap();
    let (status, _, body) = send(&app, "GET", "/api/v1/genes/BACHX", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let v = json(&body);
    assert_eq!(v["code"], "gene_not_found");
    assert_eq!(v["status"], 404);
    assert!(v["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["symbol"] == "BACH1"));
    let (status, _, body) = send(&app, "GET", "/api/v1/genes/NRF2/summary", &[]).await;
    assert_eq!(status, StatusCode::MULTIPLE_CHOICES);
    let v = json(&body);
    assert_eq!(v["code"], "ambiguous_gene");
    assert_eq!(v["candidates"].as_array().unwrap().len(), 2);
    for (uri, code) in [
        ("/api/v1/genes/BACH1?organism=", "invalid_parameter"),
        ("/api/v1/genes/BACH1?organism=martian", "invalid_parameter"),
        ("/api/v1/genes/BACH1/go?format=xlsx", "invalid_parameter"),
        ("/api/v1/search?q=bach&limit=0", "invalid_parameter"),
        ("/api/v1/imports/0/unresolved", "invalid_parameter"),
        ("/api/v1/imports/99999/unresolved", "import_not_found"),
        ("/api/v1/publications/1", "publication_not_found"),
        ("/api/v1/nothing", "not_found"),
    ] {
        let (_, h, body) = send(&app, "GET", uri, &[]).await;
        assert_eq!(
            header(&h, header::CONTENT_TYPE),
            "application/json",
            "{uri}"
        );
        assert_eq!(json(&body)["code"], code, "{uri}");
    }
    let (status, h, body) = send(&app, "DELETE", "/api/v1/genes/BACH1", &[]).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(json(&body)["code"], "method_not_allowed");
    assert!(header(&h, header::ALLOW).contains("GET"), "{h:?}");
}

#[tokio::test]
async fn metrics_count_requests_cache_and_store() {
    let app = router();
    send(&app, "GET", "/genes/BACH1", &[]).await;
    send(&app, "GET", "/genes/BACH1", &[]).await;
    let (status, h, body) = send(&app, "GET", "/metrics", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(header(&h, header::CONTENT_TYPE).starts_with("text/plain; version=0.0.4"));
    let text = String::from_utf8(body).unwrap();
    for needle in [
        "locus_http_requests_total{route=\"/genes/{query}\",method=\"GET\",status=\"200\"} 2",
        "locus_http_request_duration_seconds_bucket{route=\"/genes/{query}\",le=",
        "locus_cache_lookups_total{result=\"hit\"}",
        "locus_cache_lookups_total{result=\"miss\"}",
        "locus_store_generation ",
        "locus_store_imports 42",
    ] {
        assert!(text.contains(needle), "no {needle:?} in\n{text}");
    }
}

/// After an import while the server runs, answers are kept in the cache
/// again once the derived structures caught up — all of them, including
/// the term index a gene page never uses. (Each used to be rebuilt only
/// when next used: until someone searched terms, every gene page was
/// rendered again on every request, 250 instead of 60,000 a second.)
#[tokio::test(flavor = "multi_thread")]
async fn pages_are_cached_again_after_an_import_while_serving() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_copy(dir.path());
    let app = common::router_for(&db);
    // Every derived structure built, as a running server has them.
    for uri in [
        "/api/v1/search?q=bach",
        "/api/v1/search/terms?q=asthma",
        "/api/v1/genes/BACH1/neighbors",
    ] {
        let (status, _, _) = send(&app, "GET", uri, &[]).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
    }
    let hits = |text: &str| -> u64 {
        text.lines()
            .find_map(|l| l.strip_prefix("locus_cache_lookups_total{result=\"hit\"} "))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or(0)
    };
    let metrics = || async {
        let (_, _, body) = send(&app, "GET", "/metrics", &[]).await;
        String::from_utf8(body).unwrap()
    };
    common::import_ok(
        &db,
        "generifs",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../demo/data/BACH1_generifs.tsv"
        ),
    );
    let before = hits(&metrics().await);
    let waited = Instant::now();
    loop {
        send(&app, "GET", "/genes/BACH1", &[]).await;
        if hits(&metrics().await) > before {
            break;
        }
        assert!(
            waited.elapsed() < Duration::from_secs(30),
            "no gene page was kept in the cache in the 30 s after an import"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// `locus serve` on a free port of the demo store; its stderr lines are
/// collected on a thread.
struct Server {
    child: Child,
    addr: String,
    lines: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        let addr = format!("127.0.0.1:{}", free_port());
        let mut child = locus()
            .args(["serve", "--addr", &addr, "--db"])
            .arg(demo_db())
            .args(extra)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = lines.clone();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        let server = Server { child, addr, lines };
        server.wait_for("serving on");
        server
    }

    fn wait_for(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(l) = self
                .lines
                .lock()
                .unwrap()
                .iter()
                .find(|l| l.contains(needle))
            {
                return l.clone();
            }
            assert!(
                Instant::now() < deadline,
                "no {needle:?} in {:?}",
                self.lines.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A plain HTTP/1.1 GET; the status line.
    fn get(&self, path: &str) -> String {
        use std::io::Write;
        let mut s = std::net::TcpStream::connect(&self.addr).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut reply = String::new();
        BufReader::new(s).read_line(&mut reply).unwrap();
        reply
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn sigterm(child: &Child) {
    let ok = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

#[test]
fn one_log_line_per_request_in_text_or_json() {
    let server = Server::start(&[]);
    assert!(server.get("/genes/BACH1").starts_with("HTTP/1.1 200"));
    assert!(server.get("/genes/BACH1").starts_with("HTTP/1.1 200"));
    let line = server.wait_for("cache=hit");
    for field in [
        "method=GET",
        "route=/genes/{query}",
        "status=200",
        "bytes=",
        "us=",
    ] {
        assert!(line.contains(field), "{line}");
    }
    let server = Server::start(&["--log-format", "json"]);
    assert!(server
        .get("/api/v1/genes/NO_SUCH_GENE_XYZ")
        .starts_with("HTTP/1.1 404"));
    let line = server.wait_for("\"route\":\"/api/v1/genes/{id}\"");
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["method"], "GET");
    assert_eq!(v["status"], 404);
    assert_eq!(v["cache"], "miss");
    assert!(
        v["us"].as_u64().is_some() && v["bytes"].as_u64().is_some(),
        "{v}"
    );
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let mut server = Server::start(&[]);
    assert!(server.get("/healthz").starts_with("HTTP/1.1 200"));
    // An idle keep-alive connection must not hold the shutdown up.
    let _idle = std::net::TcpStream::connect(&server.addr).unwrap();
    let asked = Instant::now();
    sigterm(&server.child);
    let status = server.child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{status:?}");
    assert!(
        asked.elapsed() < Duration::from_secs(5),
        "{:?}",
        asked.elapsed()
    );
    server.wait_for("shutting down");
    server.wait_for("stopped");
}

#[test]
fn log_format_off_writes_no_request_lines_but_server_messages() {
    let mut server = Server::start(&["--log-format", "off"]);
    assert!(server.get("/genes/BACH1").starts_with("HTTP/1.1 200"));
    assert!(server
        .get("/api/v1/genes/BACH1")
        .starts_with("HTTP/1.1 200"));
    sigterm(&server.child);
    assert_eq!(server.child.wait().unwrap().code(), Some(0));
    server.wait_for("shutting down");
    server.wait_for("stopped");
    let lines = server.lines.lock().unwrap();
    assert!(
        !lines.iter().any(|l| l.contains("locus::request")),
        "{lines:?}"
    );
}
