//! The scale-out cluster of `scripts/cluster.sh`: a PostgreSQL primary,
//! two hot standbys streaming from it, `locus serve` nodes reading from
//! the standbys, nginx in front. One test, in order, since its last part
//! stops the primary:
//!
//! 1. an edit through node 1 is served by node 2 to a reader without the
//!    writer's cookie within one second;
//! 2. the writer reads the edit at once through node 2 (read-your-writes);
//! 3. a 30 s wrk run through nginx while one standby stops and comes
//!    back: no failed request, and the standby is used again;
//! 4. with the primary stopped, pages and API answers go on and writes
//!    answer 503 `store_unavailable`; when it is back, writes work again.
//!
//! It needs a running cluster: `LOCUS_TEST_CLUSTER` names its
//! `cluster.env` (scripts/test.sh starts one with the demo dataset), plus
//! curl and wrk. Elsewhere it is compiled as ignored.

#![cfg_attr(not(locus_cluster), allow(dead_code, unused_imports))]

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

/// The URLs and data directories `scripts/cluster.sh` wrote.
struct Cluster {
    env: HashMap<String, String>,
}

impl Cluster {
    fn from_env() -> Cluster {
        let path = std::env::var("LOCUS_TEST_CLUSTER").expect("LOCUS_TEST_CLUSTER");
        let text = std::fs::read_to_string(&path).expect("read cluster.env");
        let env = text
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Cluster { env }
    }

    fn get(&self, key: &str) -> &str {
        self.env
            .get(key)
            .unwrap_or_else(|| panic!("cluster.env has no {key}"))
    }

    /// `scripts/pg.sh halt|start` on one of the servers' directories;
    /// what went wrong, if anything.
    fn try_pg(&self, action: &str, dir_key: &str) -> Result<(), String> {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/pg.sh");
        let out = Command::new("bash")
            .arg(script)
            .arg(action)
            .arg(self.get(dir_key))
            .output()
            .map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    fn pg(&self, action: &str, dir_key: &str) {
        if let Err(e) = self.try_pg(action, dir_key) {
            panic!("pg.sh {action} {dir_key}: {e}");
        }
    }

    fn sql(&self, key: &str, query: &str) -> Vec<postgres::Row> {
        let mut client =
            postgres::Client::connect(self.get(key), postgres::NoTls).expect("connect");
        client.query(query, &[]).expect("query")
    }
}

/// One answer: status, headers (lower-case names), body.
struct Answer {
    status: u16,
    headers: String,
    body: String,
}

impl Answer {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The `name=value` of a `Set-Cookie` for `name`.
    fn cookie(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|l| {
            let (h, v) = l.split_once(':')?;
            let v = v.trim();
            (h.eq_ignore_ascii_case("set-cookie") && v.starts_with(&format!("{name}=")))
                .then(|| v.split(';').next().unwrap_or("").to_string())
        })
    }
}

/// An HTTP request with curl.
fn http(method: &str, url: &str, headers: &[&str], body: Option<&str>) -> Answer {
    let dir = tempfile::tempdir().expect("tempdir");
    let (h, b) = (dir.path().join("h"), dir.path().join("b"));
    let mut cmd = Command::new("curl");
    cmd.args(["-sS", "-X", method, "-D"])
        .arg(&h)
        .arg("-o")
        .arg(&b)
        .args(["-w", "%{http_code}", "--max-time", "30"]);
    for header in headers {
        cmd.args(["-H", header]);
    }
    if let Some(body) = body {
        cmd.args([
            "-H",
            "Content-Type: application/json",
            "--data-binary",
            body,
        ]);
    }
    let out = cmd.arg(url).output().expect("run curl");
    assert!(
        out.status.success(),
        "curl {url}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Answer {
        status: String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .expect("status"),
        headers: std::fs::read_to_string(h).unwrap_or_default(),
        body: std::fs::read_to_string(b).unwrap_or_default(),
    }
}

/// An API token for the demo editor `ada`, made on the primary.
fn token(c: &Cluster) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_locus"))
        .args(["token", "create", "ada", "--label", "cluster test", "--db"])
        .arg(c.get("PRIMARY"))
        .output()
        .expect("run locus token create");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Appends `line` to BACH1's article through `node`; the answer.
fn append(node: &str, token: &str, line: &str, cookie: Option<&str>) -> Answer {
    let url = format!("{node}/api/v1/wiki/gene/BACH1");
    let current = http("GET", &url, &[], None).json();
    let body = serde_json::json!({
        "markdown": format!("{}\n\n{line}", current["markdown"].as_str().unwrap_or("")),
        "base_revision": current["revision"],
        "comment": "cluster test",
    })
    .to_string();
    let auth = format!("Authorization: Bearer {token}");
    let mut headers = vec![auth.as_str()];
    let cookie_header = cookie.map(|c| format!("Cookie: {c}"));
    if let Some(c) = &cookie_header {
        headers.push(c);
    }
    http("PUT", &url, &headers, Some(&body))
}

#[test]
#[cfg_attr(
    not(locus_cluster),
    ignore = "needs LOCUS_TEST_CLUSTER: the cluster.env of a running scripts/cluster.sh (scripts/test.sh starts one)"
)]
fn a_cluster_spreads_reads_serves_edits_everywhere_and_survives_losing_servers() {
    let c = Cluster::from_env();
    let (node1, node2, front) = (c.get("NODE1"), c.get("NODE2"), c.get("FRONT"));
    let token = token(&c);
    let article = |node: &str, cookie: Option<&str>| {
        let cookie = cookie.map(|c| format!("Cookie: {c}"));
        let headers: Vec<&str> = cookie.iter().map(String::as_str).collect();
        http(
            "GET",
            &format!("{node}/api/v1/wiki/gene/BACH1"),
            &headers,
            None,
        )
    };

    // 1. Node 2 serves node 1's edit to everyone within a second.
    let saved = append(node1, &token, "Cluster test: seen by every node.", None);
    assert_eq!(saved.status, 200, "{}", saved.body);
    let revision = saved.json()["revision"].as_i64().expect("revision");
    let edited = Instant::now();
    loop {
        let a = article(node2, None);
        assert_eq!(a.status, 200);
        if a.json()["revision"].as_i64() == Some(revision) {
            break;
        }
        assert!(
            edited.elapsed() < Duration::from_secs(1),
            "node 2 still serves revision {} one second after node 1 saved {revision}",
            a.json()["revision"]
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    println!(
        "an edit through node 1 was served by node 2 after {} ms",
        edited.elapsed().as_millis()
    );

    // 2. The writer carries the write's position and reads it at once
    //    through the other node; a reader that has it clears the cookie.
    let saved = append(node1, &token, "Cluster test: read your writes.", None);
    assert_eq!(saved.status, 200, "{}", saved.body);
    let revision = saved.json()["revision"].as_i64().expect("revision");
    let cookie = saved
        .cookie("locus_read_after")
        .expect("a write through a node with replicas hands out its position");
    let a = article(node2, Some(&cookie));
    assert_eq!(a.json()["revision"].as_i64(), Some(revision));

    // 3. A load run through nginx while a standby stops and returns.
    let genes: Vec<i64> = c
        .sql("PRIMARY", "SELECT gene_id FROM gene ORDER BY gene_id")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(
        genes.len() > 2048,
        "enough genes to miss the response cache"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let script = dir.path().join("genes.lua");
    let ids: Vec<String> = genes.iter().map(i64::to_string).collect();
    std::fs::write(
        &script,
        format!(
            "local ids = {{{}}}\nrequest = function()\n  return wrk.format(\"GET\", \"/api/v1/genes/\" .. ids[math.random(#ids)])\nend\n",
            ids.join(",")
        ),
    )
    .expect("write wrk script");
    let wrk = Command::new("wrk")
        .args(["-t2", "-c16", "-d30s", "--latency", "-s"])
        .arg(&script)
        .arg(front)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run wrk");
    // A standby restarting after a fast shutdown replays up to where it
    // stopped before it accepts connections, which takes seconds here:
    // it is back well before the run ends.
    std::thread::sleep(Duration::from_secs(5));
    c.pg("halt", "REPLICA1_DIR");
    let halted = Instant::now();
    std::thread::sleep(Duration::from_secs(5));
    c.pg("start", "REPLICA1_DIR");
    println!(
        "standby 1 stopped for {:.1} s during the run",
        halted.elapsed().as_secs_f64()
    );
    let out = wrk.wait_with_output().expect("wrk ran");
    let report = String::from_utf8_lossy(&out.stdout);
    println!("{report}");
    assert!(out.status.success());
    assert!(
        !report.contains("Non-2xx") && !report.contains("Socket errors"),
        "requests failed while a standby stopped:\n{report}"
    );
    let requests: u64 = report
        .lines()
        .find_map(|l| l.trim().split_once(" requests in "))
        .and_then(|(n, _)| n.trim().parse().ok())
        .expect("wrk's request count");
    assert!(requests > 1000, "{report}");
    let sessions: i64 = c.sql(
        "REPLICA1",
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'locus'",
    )[0]
    .get(0);
    assert!(
        sessions > 0,
        "the standby that came back is read from again"
    );

    // 4. Without the primary, reads go on and writes answer 503.
    c.pg("halt", "PRIMARY_DIR");
    let primary_back = Restart(&c);
    for id in genes.iter().rev().take(5) {
        let a = http("GET", &format!("{front}/genes/{id}"), &[], None);
        assert_eq!(a.status, 200, "gene page {id} without the primary");
        let a = http("GET", &format!("{front}/api/v1/genes/{id}"), &[], None);
        assert_eq!(a.status, 200, "gene {id} without the primary");
    }
    assert_eq!(article(front, None).status, 200);
    let refused = append(front, &token, "Cluster test: not saved.", None);
    assert_eq!(refused.status, 503, "{}", refused.body);
    assert_eq!(refused.json()["code"], "store_unavailable");
    assert!(
        refused.json()["message"]
            .as_str()
            .is_some_and(|m| m.contains("primary")),
        "{}",
        refused.body
    );
    assert!(refused.headers.to_ascii_lowercase().contains("retry-after"));
    drop(primary_back);
    let saved = append(front, &token, "Cluster test: primary back.", None);
    assert_eq!(saved.status, 200, "{}", saved.body);
}

/// Starts the primary again however the test ends, so the cluster can
/// be stopped cleanly.
struct Restart<'c>(&'c Cluster);

impl Drop for Restart<'_> {
    fn drop(&mut self) {
        if let Err(e) = self.0.try_pg("start", "PRIMARY_DIR") {
            eprintln!("the primary did not start again: {e}");
        }
    }
}
