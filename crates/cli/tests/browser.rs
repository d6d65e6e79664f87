//! What a person clicks: headless Chromium types in the search box, picks
//! the autocomplete suggestion and lands on the gene page; filters
//! regulation tables; logs in, edits a wiki article with preview, saves
//! and reads it coloured by author.
//!
//! Needs Debian's `chromium` and `chromium-driver` (scripts/test.sh
//! installs them); prints a skip line where they are missing.

mod common;

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| PathBuf::from(d).join(name))
        .find(|p| p.is_file())
}

struct KillOnDrop(Child);
impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One browser session at a time: a Chromium and a debug-build server per
/// test, several at once on two cores, starved each other (a hub page
/// not yet there when looked for), and two chromedrivers could be handed
/// the same free port.
static TURN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A test's chromedriver, killed when the test ends, and its turn.
struct Driver {
    _child: KillOnDrop,
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

/// A demo server, chromedriver and a headless Chromium session. Only
/// called by tests the build marked runnable (`locus_browser`).
async fn browser() -> (
    fantoccini::Client,
    std::net::SocketAddr,
    Driver,
    tempfile::TempDir,
) {
    browser_on(common::demo_db()).await
}

/// [`browser`] over the store `db`.
async fn browser_on(
    db: &std::path::Path,
) -> (
    fantoccini::Client,
    std::net::SocketAddr,
    Driver,
    tempfile::TempDir,
) {
    let turn = TURN.lock().await;
    let (Some(chromium), Some(driver)) = (which("chromium"), which("chromedriver")) else {
        panic!("the build found chromium and chromedriver, but they are gone");
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(locus_web::serve(
        common::kb_for(db),
        listener,
        locus_web::WebConfig::default(),
    ));

    let port = common::free_port();
    let driver = KillOnDrop(
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
    (
        client,
        addr,
        Driver {
            _child: driver,
            _turn: turn,
        },
        profile,
    )
}

/// The element `css` once the page has it (at most 10 s).
async fn wait_css(client: &fantoccini::Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
}

/// Logs the demo account `name` in through the login form, which sends
/// the browser on to `next`.
async fn log_in(client: &fantoccini::Client, addr: std::net::SocketAddr, name: &str, next: &str) {
    client
        .goto(&format!("http://{addr}/login?next={next}"))
        .await
        .unwrap();
    wait_css(client, "#name")
        .await
        .send_keys(name)
        .await
        .unwrap();
    wait_css(client, "#password")
        .await
        .send_keys("locus-demo")
        .await
        .unwrap();
    wait_css(client, "form.login button")
        .await
        .click()
        .await
        .unwrap();
}

/// Waits (at most 10 s) until the browser's URL holds `part`.
async fn wait_url(client: &fantoccini::Client, part: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !client.current_url().await.unwrap().as_str().contains(part) {
        assert!(Instant::now() < deadline, "{what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    not(locus_browser),
    ignore = "needs chromium and chromium-driver (scripts/test.sh installs them)"
)]
async fn search_box_autocompletes_and_opens_the_gene_page() {
    let (client, addr, _driver, _profile) = browser().await;
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

/// The search box suggests diseases and phenotypes beside genes: typing
/// "seizu" offers HPO's Seizure, which opens its page; and the BACH1
/// page draws its differential expression as a chart a reader sees.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    not(locus_browser),
    ignore = "needs chromium and chromium-driver (scripts/test.sh installs them)"
)]
async fn search_box_suggests_phenotypes_and_the_expression_chart_shows() {
    let (client, addr, _driver, _profile) = browser().await;
    client.goto(&format!("http://{addr}/")).await.unwrap();
    let input = client.find(Locator::Css("#q")).await.unwrap();
    input.send_keys("seizu").await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let seizure = loop {
        let items = client.find_all(Locator::Css("#ac-list li")).await.unwrap();
        let mut found = None;
        for li in items {
            let text = li.text().await.unwrap();
            if text.starts_with("Seizure") && text.contains("phenotype · HP:0001250") {
                found = Some(li);
                break;
            }
        }
        if let Some(li) = found {
            break li;
        }
        assert!(
            Instant::now() < deadline,
            "no Seizure suggestion for 'seizu'"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    seizure.click().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !client
        .current_url()
        .await
        .unwrap()
        .path()
        .ends_with("/phenotypes/HP:0001250")
    {
        assert!(Instant::now() < deadline, "did not open the phenotype page");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let h1 = client
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(h1, "Seizure");

    client
        .goto(&format!("http://{addr}/genes/BACH1"))
        .await
        .unwrap();
    let bars = client
        .find_all(Locator::Css("figure.expression-chart svg rect"))
        .await
        .unwrap();
    assert_eq!(bars.len(), 20, "one bar per condition with a fold change");
    let chart = client
        .find(Locator::Css("figure.expression-chart svg"))
        .await
        .unwrap();
    assert!(chart.is_displayed().await.unwrap());
    let (_, _, width, height) = chart.rectangle().await.unwrap();
    assert!(
        width > 400.0 && height > 300.0,
        "chart drawn at {width}×{height}"
    );
    client.close().await.unwrap();
}

/// The regulation table filters by source and by small-scale evidence, and
/// the knowledge-graph view draws BACH1's neighbourhood.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    not(locus_browser),
    ignore = "needs chromium and chromium-driver (scripts/test.sh installs them)"
)]
async fn regulation_table_filters_and_graph_view_renders() {
    let (client, addr, _driver, _profile) = browser().await;
    client
        .goto(&format!("http://{addr}/genes/BACH1"))
        .await
        .unwrap();
    let visible_rows = || async {
        client
            .execute(
                "return Array.from(document.querySelectorAll('table#targets tbody tr')).filter(r => !r.hidden).map(r => r.querySelector('td.sources').textContent);",
                vec![],
            )
            .await
            .unwrap()
    };
    let all = visible_rows().await;
    let all = all.as_array().unwrap();
    assert!(
        all.len() >= 10,
        "BACH1 regulates many targets: {all:?} (page {:?})",
        client.title().await
    );

    // Only TRRUST: every visible row cites TRRUST, and fewer rows show.
    let select = client
        .find(Locator::Css(
            ".reg-filter[data-table=targets] select.src-filter",
        ))
        .await
        .unwrap();
    select.select_by_value("TRRUST").await.unwrap();
    let trrust = visible_rows().await;
    let trrust = trrust.as_array().unwrap();
    assert!(!trrust.is_empty() && trrust.len() < all.len(), "{trrust:?}");
    assert!(trrust
        .iter()
        .all(|s| s.as_str().unwrap().split(", ").any(|x| x == "TRRUST")));
    let shown = client
        .find(Locator::Css(".reg-filter[data-table=targets] .shown"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(shown, format!("Showing {} of {}", trrust.len(), all.len()));
    let hmox1 = client
        .find(Locator::XPath(
            "//table[@id='targets']//tr[not(@hidden)]//a[text()='HMOX1']",
        ))
        .await;
    assert!(hmox1.is_ok(), "HMOX1 (TRRUST) stays visible");

    // The graph view draws the neighbourhood with Cytoscape.js.
    let view = client
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css("#kg-view[data-rendered]"))
        .await
        .unwrap();
    let nodes: usize = view
        .attr("data-rendered")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    assert!(nodes > 10, "BACH1 and its neighbours are drawn: {nodes}");
    let drawn = client
        .execute(
            "return window.locusGraph.nodes().map(n => n.data('label') || n.data('symbol'));",
            vec![],
        )
        .await
        .unwrap();
    let drawn: Vec<&str> = drawn
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(
        drawn.contains(&"BACH1") && drawn.contains(&"HMOX1"),
        "{drawn:?}"
    );
    // GO terms are nodes too: ticking them adds BACH1's terms.
    client
        .find(Locator::Css("input.kg-type[value=go_annotation]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let mut kinds: Vec<String> = Vec::new();
    for _ in 0..75 {
        let v = client
            .execute(
                "return window.locusGraph.nodes().map(n => n.data('kind'));",
                vec![],
            )
            .await
            .unwrap();
        kinds = v
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|x| x.as_str().map(String::from))
            .collect();
        if kinds.iter().any(|k| k == "go_term") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(kinds.iter().any(|k| k == "go_term"), "{kinds:?}");
    assert!(kinds.iter().any(|k| k == "gene"), "{kinds:?}");
    client.close().await.unwrap();
}

/// A disease page draws the disease among its genes, with the regulation
/// between them: breast cancer (OMIM:114480) and its six demo genes, TP53
/// regulating BRCA1 among them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    not(locus_browser),
    ignore = "needs chromium and chromium-driver (scripts/test.sh installs them)"
)]
async fn a_disease_page_draws_the_disease_among_its_genes() {
    let (client, addr, _driver, _profile) = browser().await;
    client
        .goto(&format!("http://{addr}/diseases/OMIM:114480"))
        .await
        .unwrap();
    let view = client
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css("#kg-view[data-rendered]"))
        .await
        .unwrap();
    let nodes = view.attr("data-rendered").await.unwrap().unwrap();
    assert_eq!(nodes, "7", "the disease and its six genes");
    let centre = client
        .execute(
            "const c = window.locusGraph.nodes('.centre'); return [c.data('kind'), c.data('label')];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(centre, serde_json::json!(["disease", "Breast cancer"]));
    let edges = client
        .execute(
            "return window.locusGraph.edges().map(e => e.data('kind') + ':' + e.data('title'));",
            vec![],
        )
        .await
        .unwrap();
    let edges: Vec<&str> = edges
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(
        edges.iter().filter(|e| e.starts_with("disease:")).count(),
        6,
        "{edges:?}"
    );
    assert!(
        edges
            .iter()
            .any(|e| e.starts_with("regulation:TP53 → BRCA1")),
        "{edges:?}"
    );
    let legend = client
        .find(Locator::Css("ul.kg-legend"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(legend.contains("Gene–disease association"), "{legend}");
    assert!(legend.contains("This term"), "{legend}");
    client.close().await.unwrap();
}

/// A hub's long targets table is paged and filtered on the server: TP53
/// regulates over a thousand genes (TRRUST, CollecTRI, DoRothEA,
/// RegNetwork rows of the demo); choosing a source reloads the page with
/// only those edges, and the pager keeps the filter.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    not(locus_browser),
    ignore = "needs chromium and chromium-driver (scripts/test.sh installs them)"
)]
async fn hub_table_filters_and_pages_on_the_server() {
    let (client, addr, _driver, _profile) = browser().await;
    client
        .goto(&format!("http://{addr}/genes/TP53"))
        .await
        .unwrap();
    let shown = |client: fantoccini::Client| async move {
        client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(".reg-filter[data-table=targets] .shown"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    let before = shown(client.clone()).await;
    assert!(before.starts_with("Showing 1–100 of "), "{before}");
    let rows = client
        .find_all(Locator::Css("table#targets tbody tr"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 100);
    let select = client
        .find(Locator::Css(
            ".reg-filter[data-table=targets] select.src-filter",
        ))
        .await
        .unwrap();
    select.select_by_value("TRRUST").await.unwrap();
    // The form submits; wait for the filtered page.
    client
        .wait()
        .at_most(Duration::from_secs(15))
        .for_url(
            &url::Url::parse(&format!(
                "http://{addr}/genes/TP53?targets_source=TRRUST#regulates"
            ))
            .unwrap(),
        )
        .await
        .unwrap();
    let after = shown(client.clone()).await;
    assert!(after.contains(" matching ("), "{after}");
    let sources = client
        .execute(
            "return Array.from(document.querySelectorAll('table#targets tbody tr')).map(r => r.querySelector('td.sources').textContent);",
            vec![],
        )
        .await
        .unwrap();
    let sources = sources.as_array().unwrap();
    assert!(!sources.is_empty());
    assert!(sources
        .iter()
        .all(|s| s.as_str().unwrap().split(", ").any(|x| x == "TRRUST")));
    let next = client
        .find(Locator::Css(
            "#regulates ~ nav.pager a[rel=next], nav.pager a[rel=next][href*=targets_page]",
        ))
        .await;
    if let Ok(next) = next {
        let href = next.attr("href").await.unwrap().unwrap();
        assert!(href.contains("targets_source=TRRUST"), "{href}");
    }
    client.close().await.unwrap();
}

/// A demo editor logs in, edits the BACH1 article, previews, saves, and
/// sees the new sentence credited to them in the colour-by-author view.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    not(locus_browser),
    ignore = "needs chromium and chromium-driver (scripts/test.sh installs them)"
)]
async fn an_editor_logs_in_edits_with_preview_and_sees_authorship() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_copy(dir.path());
    let (client, addr, _driver, _profile) = browser_on(&db).await;
    let wait = |css: &'static str| wait_css(&client, css);
    log_in(&client, addr, "ben", "/wiki/gene/BACH1/edit").await;
    // Logged in and sent on to the editor.
    let textarea = wait("#text").await;
    let account = wait(".account strong").await.text().await.unwrap();
    assert_eq!(account, "ben");
    let before = textarea.prop("value").await.unwrap().unwrap_or_default();
    assert!(before.contains("BACH1"), "the editor holds the article");
    client
        .execute(
            "document.getElementById('text').value += '\\n\\nHeme binding by BACH1 was mapped to cysteine–proline motifs.';",
            vec![],
        )
        .await
        .unwrap();
    wait("#comment")
        .await
        .send_keys("heme motifs")
        .await
        .unwrap();
    wait("button[value=preview]").await.click().await.unwrap();
    let preview = wait("section.preview").await.text().await.unwrap();
    assert!(preview.contains("cysteine–proline motifs"), "{preview}");
    // The text survives the preview round trip; save it.
    let kept = wait("#text")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(kept.ends_with("cysteine–proline motifs."));
    wait("button[value=save]").await.click().await.unwrap();
    wait_url(&client, "saved=", "the save did not land on the article").await;
    let article = wait("article.wiki-body").await.text().await.unwrap();
    assert!(article.contains("cysteine–proline motifs"));
    // Colour by author: the new words are ben's, the opening ada's.
    client
        .find(Locator::LinkText("Who wrote what"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait("section.legend").await;
    let spans = client
        .find_all(Locator::Css("article.wiki-body span.au"))
        .await
        .unwrap();
    assert!(spans.len() > 300, "{} coloured tokens", spans.len());
    let mut seen = (false, false);
    for span in spans {
        let text = span.text().await.unwrap();
        let title = span.attr("title").await.unwrap().unwrap_or_default();
        if text == "cysteine" {
            assert!(title.starts_with("ben"), "{title}");
            seen.0 = true;
        }
        // The first MAREs, in ada's opening sentence (ben's section uses
        // the word too).
        if text == "MAREs" && !seen.1 {
            assert!(title.starts_with("ada"), "{title}");
            seen.1 = true;
        }
    }
    assert_eq!(seen, (true, true));
    let legend = wait("section.legend").await.text().await.unwrap();
    assert!(legend.contains("ada") && legend.contains("ben"), "{legend}");
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    not(locus_browser),
    ignore = "needs chromium and chromium-driver (scripts/test.sh installs them)"
)]
async fn a_curator_takes_a_statement_from_the_literature_page_into_the_wiki() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_copy(dir.path());
    let (client, addr, _driver, _profile) = browser_on(&db).await;
    let wait = |css: &'static str| wait_css(&client, css);
    log_in(&client, addr, "ada", "/genes/BACH1/literature").await;
    // The literature page, its topics in the order WikiGenes gives them.
    let nav = wait("nav.topics").await.text().await.unwrap();
    assert!(nav.starts_with("Disease relevance of BACH1"), "{nav}");
    // The reader follows a topic and hovers "why?" for the rule.
    client
        .find(Locator::LinkText("Regulatory relationships 18"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let first = wait("section.topic h2#regulatory ~ ol.statements li.statement").await;
    let sentence = first.text().await.unwrap();
    let why = first
        .find(Locator::Css("span.why"))
        .await
        .unwrap()
        .attr("title")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(
        why.starts_with("Regulatory relationships: names another gene"),
        "{why}"
    );
    // "+ wiki", logged in: one click adds the statement with its
    // citation at the end of the article, as ada's revision.
    let opening: String = sentence
        .split(" [")
        .next()
        .unwrap()
        .chars()
        .take(40)
        .collect();
    let markdown = first
        .find(Locator::Css("form.cite-wiki input[name=statement]"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    let pmid = markdown
        .split("[@pmid:")
        .nth(1)
        .and_then(|r| r.split([']', ';']).next())
        .unwrap_or_else(|| panic!("a cited statement: {markdown}"))
        .to_string();
    first
        .find(Locator::Css("form.cite-wiki button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_url(&client, "saved=", "the statement did not land").await;
    let article = wait("article.wiki-body").await.text().await.unwrap();
    assert!(article.contains(&opening), "{article}");
    // Cited: its PMID is in the article's reference list.
    let html = client.source().await.unwrap();
    assert!(
        html.contains(&format!("https://pubmed.ncbi.nlm.nih.gov/{pmid}/")),
        "PMID {pmid} not among the references"
    );
    client
        .goto(&format!("http://{addr}/wiki/gene/BACH1/history"))
        .await
        .unwrap();
    let history = wait("main").await.text().await.unwrap();
    assert!(
        history.contains("Cited statement from the literature by topic"),
        "{history}"
    );
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    not(locus_browser),
    ignore = "needs chromium and chromium-driver (scripts/test.sh installs them)"
)]
async fn text_mined_co_mentions_can_be_ticked_into_the_graph_view() {
    let (client, addr, _driver, _profile) = browser().await;
    client
        .goto(&format!("http://{addr}/genes/BACH1"))
        .await
        .unwrap();
    client
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css("#kg-view[data-rendered]"))
        .await
        .unwrap();
    let kinds = || async {
        let v = client
            .execute(
                "return window.locusGraph.nodes().map(n => n.data('kind'));",
                vec![],
            )
            .await
            .unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .filter_map(|x| x.as_str().map(String::from))
            .collect::<Vec<String>>()
    };
    assert!(
        !kinds().await.iter().any(|k| k == "chemical"),
        "text-mined edges are off until asked for"
    );
    client
        .find(Locator::Css("input.kg-type[value=chemical_co_mention]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let mut seen = Vec::new();
    for _ in 0..75 {
        seen = kinds().await;
        if seen.iter().any(|k| k == "chemical") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(seen.iter().any(|k| k == "chemical"), "{seen:?}");
    let legend = client
        .find(Locator::Css("ul.kg-legend"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(legend.contains("Chemical (MeSH)"), "{legend}");
    client.close().await.unwrap();
}
