//! Wiki benchmarks: authorship against WikiWho (agreement and speed),
//! saving a revision of a 5,000-word article, rendering an article with
//! 100 citations, and readers while an editor saves.
//!
//! `LOCUS_BENCH_DEMO=demo.db LOCUS_SHARED_DATA=../shared/data
//!  [LOCUS_WIKIWHO_TOKENS=dir] cargo bench -p locus --bench wiki`
//! (scripts/bench.sh runs it). Prints figures; asserts nothing.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use locus_ingest::mediawiki::{self, MediaWikiXmlReader, WikiItem};
use locus_kb::wiki::edit::{EditOutcome, EditRequest, Editor};
use locus_kb::KnowledgeBase;
use locus_model::{ArticleSubject, GeneId, Role, TopicSlug};
use locus_wiki::authorship::{Authorship, Screening};
use tower::ServiceExt;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn report(label: &str, mut samples: Vec<Duration>) {
    samples.sort();
    println!(
        "{label:<52} n={:<6} p50={:>9.3?} p99={:>9.3?} max={:>9.3?}",
        samples.len(),
        percentile(&samples, 0.50),
        percentile(&samples, 0.99),
        samples[samples.len() - 1]
    );
}

/// One revision as the engine takes it.
struct Rev {
    id: u64,
    text: String,
    minor_with_comment: bool,
}

fn xml_history(path: &Path) -> Vec<Rev> {
    let mut out = Vec::new();
    for item in MediaWikiXmlReader::open(path).expect("open history") {
        if let WikiItem::Revision(r) = item.expect("history") {
            if let Some(text) = r.text {
                let mwc = r.minor && r.comment.as_deref().is_some_and(|c| !c.is_empty());
                out.push(Rev {
                    id: r.id,
                    text,
                    minor_with_comment: mwc,
                });
            }
        }
    }
    out
}

fn json_history(path: &Path) -> Vec<Rev> {
    let pages = mediawiki::read_action_api_json(path, Some("page")).expect("history");
    let mut revs: Vec<_> = pages.into_iter().flat_map(|p| p.revisions).collect();
    revs.sort_by(|a, b| (&a.timestamp, a.id).cmp(&(&b.timestamp, b.id)));
    revs.into_iter()
        .filter_map(|r| {
            let mwc = r.minor && r.comment.as_deref().is_some_and(|c| !c.is_empty());
            r.text.map(|text| Rev {
                id: r.id,
                text,
                minor_with_comment: mwc,
            })
        })
        .collect()
}

fn attribute(revs: &[Rev]) -> Authorship {
    let mut a = Authorship::new();
    for r in revs {
        a.add_revision(r.id, &r.text, r.minor_with_comment, Screening::Wikipedia);
    }
    a
}

/// Part A: every history, attributed by the engine alone, against
/// WikiWho's final-text answer when `LOCUS_WIKIWHO_TOKENS` holds it.
fn agreement(shared: Option<&Path>) {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ingest/tests/data/wiki_history");
    let mut histories: Vec<(&str, PathBuf)> = vec![
        (
            "adam_himebauch",
            fixtures.join("adam_himebauch_revisions.json.gz"),
        ),
        ("familia", fixtures.join("familia.xml")),
        (
            "Finger_Lakes3_dummy",
            fixtures.join("Finger_Lakes3_dummy.xml"),
        ),
    ];
    if let Some(s) = shared {
        histories.push(("Hallo", s.join("wiki_history/Hallo.xml")));
    }
    let peer_dir = std::env::var_os("LOCUS_WIKIWHO_TOKENS").map(PathBuf::from);
    println!("## Authorship: Locus (WikiWho's method) on real histories");
    for (name, path) in histories {
        let revs = if path.extension().is_some_and(|e| e == "gz") {
            json_history(&path)
        } else {
            xml_history(&path)
        };
        let bytes: usize = revs.iter().map(|r| r.text.len()).sum();
        let runs = 5;
        let started = Instant::now();
        let mut a = attribute(&revs);
        for _ in 1..runs {
            a = attribute(&revs);
        }
        let per_run = started.elapsed() / runs;
        let ours: Vec<(String, u64)> = a.tokens().map(|t| (t.text.to_string(), t.origin)).collect();
        let agreement = peer_dir.as_ref().and_then(|d| {
            let text = std::fs::read_to_string(d.join(format!("{name}.json"))).ok()?;
            let peer: Vec<(String, u64)> = serde_json::from_str(&text).ok()?;
            let same = ours.iter().zip(&peer).filter(|(x, y)| x == y).count();
            Some(format!(
                "{same}/{} tokens ({:.4}){}",
                peer.len(),
                same as f64 / peer.len().max(1) as f64,
                if ours.len() == peer.len() {
                    ""
                } else {
                    ", token counts differ"
                }
            ))
        });
        println!(
            "{name:<22} {:>5} revisions {:>7.1} MB  {:>9.3?}/history  {:>9.0} revisions/s  agreement with WikiWho 1.0.3: {}",
            revs.len(),
            bytes as f64 / 1e6,
            per_run,
            revs.len() as f64 / per_run.as_secs_f64(),
            agreement.unwrap_or_else(|| "(no WikiWho output given)".into())
        );
    }
}

/// The first `words` words of `text`, cut at a word boundary.
fn first_words(text: &str, words: usize) -> String {
    let mut n = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if in_word {
                n += 1;
                if n == words {
                    return text[..i].to_string();
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    text.to_string()
}

fn last_revision(path: &Path) -> String {
    let mut last = String::new();
    for item in MediaWikiXmlReader::open(path).expect("open") {
        if let WikiItem::Revision(r) = item.expect("history") {
            if let Some(t) = r.text {
                last = t;
            }
        }
    }
    last
}

/// A tiny deterministic generator, so every run edits the same places.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// Replaces one word of one paragraph: what an editor's typical save is.
fn edit_one_word(text: &str, rng: &mut Lcg, k: usize) -> String {
    let mut words: Vec<&str> = text.split(' ').collect();
    let i = rng.next(words.len());
    let replacement = format!("edit{k}");
    words[i] = &replacement;
    words.join(" ")
}

fn main() {
    let shared = std::env::var_os("LOCUS_SHARED_DATA")
        .map(PathBuf::from)
        .or_else(|| {
            let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
            p.is_dir().then_some(p)
        });
    agreement(shared.as_deref());
    let (Some(demo), Some(shared)) = (std::env::var_os("LOCUS_BENCH_DEMO"), shared) else {
        println!("skip: wiki save/render/readers benches: set LOCUS_BENCH_DEMO to a demo store and LOCUS_SHARED_DATA (scripts/bench.sh does)");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("wiki-bench.db");
    std::fs::copy(&demo, &db).expect("copy the demo store");
    let kb = KnowledgeBase::new(locus_kb::open_store(&db.display().to_string()).expect("open"));
    kb.add_user("bench", Role::Editor, None).expect("account");
    let editor = Editor::Account(kb.user("bench").expect("user").expect("bench"));

    // Real prose: the first 5,000 words of the newest revision of
    // Wikipedia's "Anarchism" in the shared history.
    let anarchism = shared.join("wiki_history/Anarchism_enwiki_full_history.xml.lzma");
    let source = last_revision(&anarchism);
    let text = first_words(&source, 5000);
    println!(
        "## Saving: a 5,000-word article ({} kB of Wikipedia's Anarchism), one word changed per save",
        text.len() / 1024
    );
    let subject = ArticleSubject::Topic(TopicSlug::parse("save-benchmark").expect("slug"));
    let save = |text: String, base| {
        kb.edit(
            &editor,
            EditRequest {
                subject: subject.clone(),
                title: "Save benchmark".into(),
                text,
                base,
                comment: "bench".into(),
                minor: false,
            },
        )
        .expect("save")
    };
    let t = Instant::now();
    let EditOutcome::Saved { revision, .. } = save(text.clone(), None) else {
        panic!("first save");
    };
    println!(
        "first revision (new article)                           {:>9.3?}",
        t.elapsed()
    );
    let mut base = revision;
    let mut current = text.clone();
    let mut rng = Lcg(7);
    let mut samples = Vec::new();
    for k in 0..300 {
        let next = edit_one_word(&current, &mut rng, k);
        let t = Instant::now();
        let EditOutcome::Saved { revision, .. } = save(next.clone(), Some(base)) else {
            panic!("save {k}");
        };
        samples.push(t.elapsed());
        base = revision;
        current = next;
    }
    report("save with authorship (engine state in memory)", samples);
    // A save after a restart rebuilds the engine state from the history.
    let cold = KnowledgeBase::new(locus_kb::open_store(&db.display().to_string()).expect("open"));
    let next = edit_one_word(&current, &mut rng, 999);
    let t = Instant::now();
    let outcome = cold
        .edit(
            &editor,
            EditRequest {
                subject: subject.clone(),
                title: "Save benchmark".into(),
                text: next,
                base: Some(base),
                comment: "cold".into(),
                minor: false,
            },
        )
        .expect("cold save");
    assert!(matches!(outcome, EditOutcome::Saved { .. }));
    println!(
        "first save after a restart (replays 301 revisions)     {:>9.3?}",
        t.elapsed()
    );

    // An article with 100 citations of papers linked to BACH1.
    let refs = kb
        .store()
        .references(GeneId(571), 0, 100)
        .expect("references");
    let pmids: Vec<u32> = refs.rows.iter().map(|r| r.pmid.0).collect();
    let mut cited = String::new();
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            cited.push(' ');
        }
        cited.push_str(word);
        if i % 50 == 49 && i / 50 < pmids.len() {
            cited.push_str(&format!(" [@pmid:{}]", pmids[i / 50]));
        }
    }
    let topic = ArticleSubject::Topic(TopicSlug::parse("citation-benchmark").expect("slug"));
    kb.edit(
        &editor,
        EditRequest {
            subject: topic.clone(),
            title: "Citation benchmark".into(),
            text: cited.clone(),
            base: None,
            comment: "bench".into(),
            minor: false,
        },
    )
    .expect("save");
    let article = kb.article(&topic).expect("read").expect("article");
    let revision = kb.article_revision(&article, None).expect("revision");
    println!(
        "## Rendering: a 5,000-word article citing {} papers",
        pmids.len().min(100)
    );
    let samples: Vec<Duration> = (0..300)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(kb.render_revision(&topic, &revision).expect("render"));
            t.elapsed()
        })
        .collect();
    report("render markdown + citations + links (uncached)", samples);
    let app = locus_web::router(kb.clone());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let page = "/wiki/topic/citation-benchmark";
    let samples: Vec<Duration> = rt.block_on(async {
        let mut out = Vec::new();
        for _ in 0..300 {
            // A session cookie bypasses the shared cache: every request
            // renders the page.
            let req = Request::get(page)
                .header(header::COOKIE, "locus_session=bench")
                .body(Body::empty())
                .expect("request");
            let t = Instant::now();
            let res = app.clone().oneshot(req).await.expect("response");
            let _ = res.into_body().collect().await.expect("body");
            out.push(t.elapsed());
        }
        out
    });
    report(
        "article page, whole (infobox, authorship, uncached)",
        samples,
    );

    // Readers while an editor saves every 100 ms.
    let seconds: u64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    println!("## 64 readers of {page} for {seconds} s each, without and with an editor saving every 100 ms");
    for editing in [false, true] {
        let stop = Arc::new(AtomicBool::new(false));
        let saves = Arc::new(AtomicU64::new(0));
        let writer = editing.then(|| {
            let (kb, stop, saves, cited) = (kb.clone(), stop.clone(), saves.clone(), cited.clone());
            let editor = editor.clone();
            let topic = topic.clone();
            std::thread::spawn(move || {
                let mut rng = Lcg(11);
                let mut current = cited;
                let mut k = 0;
                while !stop.load(Ordering::Relaxed) {
                    let base = kb.article(&topic).expect("read").map(|a| a.current);
                    let next = edit_one_word(&current, &mut rng, k);
                    if let EditOutcome::Saved { .. } = kb
                        .edit(
                            &editor,
                            EditRequest {
                                subject: topic.clone(),
                                title: "Citation benchmark".into(),
                                text: next.clone(),
                                base,
                                comment: "bench".into(),
                                minor: false,
                            },
                        )
                        .expect("save")
                    {
                        saves.fetch_add(1, Ordering::Relaxed);
                        current = next;
                    }
                    k += 1;
                    std::thread::sleep(Duration::from_millis(100));
                }
            })
        });
        let (samples, errors) = rt.block_on(async {
            let deadline = Instant::now() + Duration::from_secs(seconds);
            let tasks: Vec<_> = (0..64)
                .map(|_| {
                    let app = app.clone();
                    tokio::spawn(async move {
                        let mut lat = Vec::new();
                        let mut errors = 0u64;
                        while Instant::now() < deadline {
                            let req = Request::get(page).body(Body::empty()).expect("request");
                            let t = Instant::now();
                            let res = app.clone().oneshot(req).await.expect("response");
                            let ok = res.status() == StatusCode::OK;
                            let _ = res.into_body().collect().await;
                            lat.push(t.elapsed());
                            if !ok {
                                errors += 1;
                            }
                        }
                        (lat, errors)
                    })
                })
                .collect();
            let mut all = Vec::new();
            let mut errors = 0;
            for t in tasks {
                let (lat, e) = t.await.expect("reader");
                all.extend(lat);
                errors += e;
            }
            (all, errors)
        });
        stop.store(true, Ordering::Relaxed);
        if let Some(w) = writer {
            w.join().expect("writer");
        }
        let n = samples.len();
        report(
            &format!(
                "readers, {} ({} errors, {} saves)",
                if editing {
                    "editor saving"
                } else {
                    "no editing"
                },
                errors,
                saves.load(Ordering::Relaxed)
            ),
            samples,
        );
        println!("  {:.0} requests/s", n as f64 / seconds as f64);
    }
}
