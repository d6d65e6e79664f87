//! The MCP server through a client no one here wrote: the official MCP
//! Python SDK (PyPI `mcp`, pinned in scripts/test.sh) runs
//! tests/mcp_client.py against `locus mcp` on stdio and against `locus
//! serve`'s /mcp over streamable HTTP, on copies of the demo store: the
//! tool list, search and get_gene for BACH1, a path BACH1 → TP53 with
//! evidence, a gene resource, a wiki edit refused without a token and
//! with a read token, and saved with a write token.
//!
//! Needs `LOCUS_TEST_MCP_PYTHON` (scripts/test.sh makes the venv); the
//! tests are listed as ignored without it.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{demo_copy, free_port, get_json, locus, locus_ok, router_for};

fn python() -> PathBuf {
    PathBuf::from(std::env::var_os("LOCUS_TEST_MCP_PYTHON").unwrap_or_default())
}

fn client_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mcp_client.py")
}

/// Runs the client with `args`; fails the test with its output unless
/// every check passed.
fn run_client(args: &[&std::ffi::OsStr]) -> String {
    let out = Command::new(python())
        .arg(client_script())
        .args(args)
        .output()
        .expect("run the MCP client");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "the MCP client failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// An API token of the demo editor on `db`, of `scope`.
fn token(db: &Path, scope: &str) -> String {
    let out = locus_ok([
        std::ffi::OsStr::new("token"),
        "create".as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
        "ada".as_ref(),
        "--label".as_ref(),
        "mcp test".as_ref(),
        "--scope".as_ref(),
        scope.as_ref(),
    ]);
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

struct KillOnDrop(Child);
impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `locus serve` on `db`, once it answers.
fn serve(db: &Path) -> (KillOnDrop, String) {
    let addr = format!("127.0.0.1:{}", free_port());
    let child = locus()
        .args(["serve", "--log-format", "off", "--addr", &addr, "--db"])
        .arg(db)
        .stderr(Stdio::null())
        .spawn()
        .expect("start locus serve");
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::net::TcpStream::connect(&addr).is_err() {
        assert!(Instant::now() < deadline, "locus serve did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    (KillOnDrop(child), addr)
}

#[cfg_attr(
    not(locus_mcp_client),
    ignore = "needs LOCUS_TEST_MCP_PYTHON, a Python with the MCP SDK (scripts/test.sh makes one)"
)]
#[tokio::test]
async fn an_agent_over_stdio_reads_and_writes_with_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_copy(dir.path());
    let bin = std::ffi::OsString::from(env!("CARGO_BIN_EXE_locus"));
    let out = run_client(&["stdio".as_ref(), bin.as_os_str(), db.as_os_str()]);
    assert!(
        out.contains("ok: a wiki edit without a token is refused"),
        "{out}"
    );
    let t = token(&db, "write");
    let out = run_client(&[
        "stdio".as_ref(),
        bin.as_os_str(),
        db.as_os_str(),
        t.as_ref(),
    ]);
    assert!(
        out.contains("ok: a wiki edit with a token is saved"),
        "{out}"
    );
    // The revision is the token's user's, like any edit, with the
    // agent's summary.
    let app = router_for(&db);
    let revs = get_json(&app, "/api/v1/wiki/gene/571/revisions").await;
    let newest = &revs["revisions"][0];
    assert_eq!(newest["author"]["name"], "ada", "{revs}");
    assert_eq!(
        newest["comment"], "agent test: one cited sentence",
        "{revs}"
    );
}

#[test]
#[cfg_attr(
    not(locus_mcp_client),
    ignore = "needs LOCUS_TEST_MCP_PYTHON, a Python with the MCP SDK (scripts/test.sh makes one)"
)]
fn an_agent_over_http_reads_and_writes_with_a_bearer_token() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_copy(dir.path());
    let t = token(&db, "write");
    let read = format!("read:{}", token(&db, "read"));
    let (_server, addr) = serve(&db);
    let url = format!("http://{addr}/mcp");
    let out = run_client(&["http".as_ref(), url.as_ref()]);
    assert!(
        out.contains("ok: a wiki edit without a token is refused"),
        "{out}"
    );
    let out = run_client(&["http".as_ref(), url.as_ref(), read.as_ref()]);
    assert!(
        out.contains("ok: a wiki edit with a read token is refused"),
        "{out}"
    );
    let out = run_client(&["http".as_ref(), url.as_ref(), t.as_ref()]);
    assert!(
        out.contains("ok: a wiki edit with a token is saved"),
        "{out}"
    );
}
