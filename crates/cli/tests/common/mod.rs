//! Shared helpers for the integration tests: a demo store built once per
//! test binary with the real `locus` executable, and request helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use locus_store::{GeneStore, SqliteStore};
use tower::ServiceExt;

pub fn locus() -> Command {
    Command::new(env!("CARGO_BIN_EXE_locus"))
}

/// A store with the bundled demo dataset, imported by `locus demo --no-serve`.
pub fn demo_db() -> &'static Path {
    static DB: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = DB.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("demo.db");
        let out = locus()
            .args(["demo", "--no-serve", "--db"])
            .arg(&path)
            .output()
            .expect("run locus demo");
        assert!(
            out.status.success(),
            "locus demo failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        (dir, path)
    });
    path
}

/// A copy of the demo store that a test may change.
pub fn demo_copy(dir: &Path) -> PathBuf {
    let src = demo_db();
    let dst = dir.join("copy.db");
    // Checkpointed after each import, so the main file is the whole store.
    std::fs::copy(src, &dst).expect("copy demo store");
    dst
}

pub fn router() -> axum::Router {
    let store: Arc<dyn GeneStore> =
        Arc::new(SqliteStore::open(demo_db()).expect("open demo store"));
    locus_web::router(store)
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

/// Replaces what changes from run to run (import times) so snapshots hold.
pub fn normalize(s: &str) -> String {
    let ts = regex::Regex::new(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?)?")
        .expect("regex");
    ts.replace_all(s, "[time]").into_owned()
}
