//! Shared helpers for the integration tests: a demo store built once per
//! test binary with the real `locus` executable, and request helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// A TCP port free on 127.0.0.1 a moment ago, for a child process to
/// listen on.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

pub fn locus() -> Command {
    Command::new(env!("CARGO_BIN_EXE_locus"))
}

/// Runs `locus` with `args`, fails the test with its stderr unless it
/// succeeds, and returns its output.
pub fn locus_ok<I, S>(args: I) -> std::process::Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out = locus().args(args).output().expect("run locus");
    assert!(
        out.status.success(),
        "locus failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Runs `locus` with `args` and `input` on its standard input (a
/// password, a PubTator document), and returns its output whatever its
/// exit status.
pub fn locus_with_input<I, S>(args: I, input: &[u8]) -> std::process::Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    use std::io::Write;
    use std::process::Stdio;
    let mut child = locus()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run locus");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(input)
        .expect("write to locus");
    child.wait_with_output().expect("wait for locus")
}

/// Runs `locus` with `args`, fails the test unless it fails, and returns
/// its stderr.
pub fn locus_fails<I, S>(args: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let args: Vec<S> = args.into_iter().collect();
    let out = locus().args(&args).output().expect("run locus");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let shown: Vec<_> = args.iter().map(|a| a.as_ref().to_string_lossy()).collect();
    assert!(!out.status.success(), "locus {shown:?} succeeded: {err}");
    err
}

/// Imports `file` as `kind` into the store `db`, which must succeed.
pub fn import_ok(db: &Path, kind: &str, file: impl AsRef<std::ffi::OsStr>) -> std::process::Output {
    locus_ok([
        std::ffi::OsStr::new("import"),
        "--db".as_ref(),
        db.as_os_str(),
        kind.as_ref(),
        file.as_ref(),
    ])
}

/// `locus stats --json` of the store `db`.
pub fn stats_json(db: &Path) -> serde_json::Value {
    let out = locus_ok([
        std::ffi::OsStr::new("stats"),
        "--json".as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
    ]);
    serde_json::from_slice(&out.stdout).expect("stats JSON")
}

/// Whether this run's integration tests use the PostgreSQL backend:
/// `LOCUS_TEST_BACKEND=postgres` (scripts/test.sh runs the suites that
/// make sense on both backends a second time so, on the server
/// `LOCUS_TEST_POSTGRES` names). Otherwise every store is a SQLite file.
pub fn on_postgres() -> bool {
    std::env::var("LOCUS_TEST_BACKEND").as_deref() == Ok("postgres")
}

/// A new, empty store for a test, as the `--db` argument names it: a file
/// `name` in `dir`, or on PostgreSQL a new database (its URL). Test
/// databases are left on the throwaway server the test run started.
pub fn fresh_store(dir: &Path, name: &str) -> PathBuf {
    if on_postgres() {
        let db = locus_store_postgres::testing::TestDatabase::create()
            .expect("a PostgreSQL test database (LOCUS_TEST_POSTGRES)");
        PathBuf::from(db.keep())
    } else {
        dir.join(name)
    }
}

/// The demo store of this test binary and what `locus demo` printed
/// making it.
struct Demo {
    _dir: tempfile::TempDir,
    path: PathBuf,
    stderr: String,
}

fn demo() -> &'static Demo {
    static DEMO: OnceLock<Demo> = OnceLock::new();
    DEMO.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = fresh_store(dir.path(), "demo.db");
        let out = locus_ok([
            std::ffi::OsStr::new("demo"),
            "--no-serve".as_ref(),
            "--db".as_ref(),
            path.as_os_str(),
        ]);
        Demo {
            _dir: dir,
            path,
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    })
}

/// A store with the bundled demo dataset, imported by `locus demo --no-serve`.
pub fn demo_db() -> &'static Path {
    &demo().path
}

/// What `locus demo --no-serve` printed while making [`demo_db`].
pub fn demo_stderr() -> &'static str {
    &demo().stderr
}

/// The store a backup holds, as `--db` names it: the backup file itself
/// (SQLite), or on PostgreSQL a new database the `pg_dump` archive was
/// restored into.
pub fn store_of_backup(backup: &Path) -> PathBuf {
    if !on_postgres() {
        return backup.to_path_buf();
    }
    let db =
        locus_store_postgres::testing::TestDatabase::restore(backup).expect("restore the backup");
    PathBuf::from(db.keep())
}

/// A copy of the demo store that a test may change: a file copy, or on
/// PostgreSQL the demo database's backup restored into a new database.
pub fn demo_copy(dir: &Path) -> PathBuf {
    let src = demo_db();
    if on_postgres() {
        let archive = dir.join("demo.dump");
        locus_ok([
            std::ffi::OsStr::new("backup"),
            "--db".as_ref(),
            src.as_os_str(),
            archive.as_os_str(),
        ]);
        return store_of_backup(&archive);
    }
    let dst = dir.join("copy.db");
    // Checkpointed after each import, so the main file is the whole store.
    std::fs::copy(src, &dst).expect("copy demo store");
    dst
}

/// The application over the demo store.
pub fn router() -> axum::Router {
    router_for(demo_db())
}

/// The knowledge base over the store `db`.
pub fn kb_for(db: &Path) -> Arc<locus_kb::KnowledgeBase> {
    let store = locus_kb::open_store(&db.display().to_string()).expect("open store");
    locus_kb::KnowledgeBase::new(store)
}

pub async fn get(app: &axum::Router, uri: &str) -> (StatusCode, String, String) {
    let res = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).expect("request"))
        .await
        .expect("response");
    let status = res.status();
    let ctype = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = res.into_body().collect().await.expect("body").to_bytes();
    (status, ctype, String::from_utf8_lossy(&body).into_owned())
}

/// Replaces what changes from run to run (import times) or with every
/// stylesheet edit (asset hashes), so snapshots hold.
pub fn normalize(s: &str) -> String {
    let ts = regex::Regex::new(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?)?")
        .expect("regex");
    let s = ts.replace_all(s, "[time]");
    // Static assets are named by a hash of their content.
    let asset = regex::Regex::new(r"/static/([\w.-]+?)\.[0-9a-f]{8}\.(css|js)").expect("regex");
    asset.replace_all(&s, "/static/$1.[hash].$2").into_owned()
}

/// The application router over the store `db` (a fresh store a test built).
pub fn router_for(db: &Path) -> axum::Router {
    locus_web::router(kb_for(db))
}

/// GETs `uri`, which must answer 200, and parses its JSON body.
pub async fn get_json(app: &axum::Router, uri: &str) -> serde_json::Value {
    let (status, _, body) = get(app, uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{uri}: not JSON ({e}): {body}"))
}

/// HTML with a line break before each block-level tag, so a page
/// snapshot is reviewable line by line.
pub fn pretty_html(html: &str) -> String {
    let block = regex::Regex::new(
        r"<(section|div|table|thead|tbody|tr|h1|h2|h3|p|ul|li|nav|header|article|dl|dt|dd|form|details|pre|footer|main|head|body|script|link|meta|label|select|option|noscript)\b",
    )
    .expect("regex");
    block.replace_all(html, "\n<$1").into_owned()
}
