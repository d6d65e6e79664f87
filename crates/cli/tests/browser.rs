//! What a person clicks: headless Chromium types in the search box, picks
//! the autocomplete suggestion and lands on the gene page.
//!
//! Needs Debian's `chromium` and `chromium-driver` (scripts/test.sh
//! installs them); prints a skip line where they are missing.

mod common;

use std::net::TcpListener as StdListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};
use locus_store::{GeneStore, SqliteStore};

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| PathBuf::from(d).join(name))
        .find(|p| p.is_file())
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct KillOnDrop(Child);
impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_box_autocompletes_and_opens_the_gene_page() {
    let (Some(chromium), Some(driver)) = (which("chromium"), which("chromedriver")) else {
        eprintln!("skip: browser test: chromium or chromedriver not installed (scripts/test.sh installs them)");
        return;
    };
    let store: Arc<dyn GeneStore> = Arc::new(SqliteStore::open(common::demo_db()).unwrap());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(locus_web::serve(store, listener));

    let port = free_port();
    let _driver = KillOnDrop(
        Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let profile = tempfile::tempdir().unwrap();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-dev-shm-usage", "--no-first-run", "--window-size=1280,900",
                     format!("--user-data-dir={}", profile.path().display())]
        }),
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    let client = loop {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => break c,
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("chromedriver did not start: {e}"),
        }
    };

    client.goto(&format!("http://{addr}/")).await.unwrap();
    let input = client.find(Locator::Css("#q")).await.unwrap();
    input.send_keys("bac").await.unwrap();
    let first = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#ac-list li"))
        .await
        .unwrap();
    let text = first.text().await.unwrap();
    assert!(
        text.starts_with("BACH1"),
        "first suggestion for 'bac' should be BACH1, got {text:?}"
    );
    first.click().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !client
        .current_url()
        .await
        .unwrap()
        .path()
        .ends_with("/genes/BACH1")
    {
        assert!(
            Instant::now() < deadline,
            "did not navigate to the gene page"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let h1 = client
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(h1, "BACH1");

    // Sorting a table by clicking its header reorders rows in the browser.
    let th = client
        .find(Locator::Css("section:has(#references) thead th"))
        .await
        .unwrap();
    th.click().await.unwrap();
    assert_eq!(
        th.attr("aria-sort").await.unwrap().as_deref(),
        Some("ascending")
    );
    client.close().await.unwrap();
}
