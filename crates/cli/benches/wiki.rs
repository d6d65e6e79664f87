//! Wiki benchmarks: authorship against WikiWho (agreement and speed),
//! saving a revision of a 5,000-word article, rendering an article with
//! 100 citations. (Readers while an editor saves: scripts/bench.sh, with
//! wrk against a running server.)
//!
//! `LOCUS_BENCH_DEMO=demo.db LOCUS_SHARED_DATA=../shared/data
//!  [LOCUS_WIKIWHO_TOKENS=dir] cargo bench -p locus --bench wiki`
//! (scripts/bench.sh runs it). Prints figures; asserts nothing.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request};
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

/// Attributes a history file (MediaWiki XML, or Action API JSON when it
/// ends in `.json.gz`) as WikiWho's `analyse_article` does: hidden texts
/// skipped, Wikipedia screening. Streams XML, so the 1 GB Anarchism
/// history is read once, never held. Returns the engine, the revisions
/// read and their bytes.
fn attribute_file(path: &Path) -> (Authorship, usize, usize) {
    let mut a = Authorship::new();
    let (mut n, mut bytes) = (0, 0);
    let mut add = |id: u64, text: &str, minor: bool, comment: Option<&str>| {
        let mwc = minor && comment.is_some_and(|c| !c.is_empty());
        a.add_revision(id, text, mwc, Screening::Wikipedia);
        n += 1;
        bytes += text.len();
    };
    if path.to_string_lossy().ends_with(".json.gz") {
        let pages = mediawiki::read_action_api_json(path, Some("page")).expect("history");
        let mut revs: Vec<_> = pages.into_iter().flat_map(|p| p.revisions).collect();
        revs.sort_by(|a, b| (&a.timestamp, a.id).cmp(&(&b.timestamp, b.id)));
        for r in revs {
            if let Some(text) = &r.text {
                add(r.id, text, r.minor, r.comment.as_deref());
            }
        }
    } else {
        for item in MediaWikiXmlReader::open(path).expect("open history") {
            if let WikiItem::Revision(r) = item.expect("history") {
                if let Some(text) = &r.text {
                    add(r.id, text, r.minor, r.comment.as_deref());
                }
            }
        }
    }
    (a, n, bytes)
}

/// Part A: every history, attributed by the engine alone (reading the
/// file included), against WikiWho's final-text answer when
/// `LOCUS_WIKIWHO_TOKENS` holds it.
fn agreement(shared: Option<&Path>) {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ingest/tests/data/wiki_history");
    let mut histories: Vec<(&str, PathBuf, u32)> = vec![
        (
            "adam_himebauch",
            fixtures.join("adam_himebauch_revisions.json.gz"),
            5,
        ),
        ("familia", fixtures.join("familia.xml"), 5),
        (
            "Finger_Lakes3_dummy",
            fixtures.join("Finger_Lakes3_dummy.xml"),
            5,
        ),
    ];
    if let Some(s) = shared {
        histories.push(("Hallo", s.join("wiki_history/Hallo.xml"), 5));
        histories.push((
            "Anarchism",
            s.join("wiki_history/Anarchism_enwiki_full_history.xml.lzma"),
            1,
        ));
    }
    let peer_dir = std::env::var_os("LOCUS_WIKIWHO_TOKENS").map(PathBuf::from);
    println!("## Authorship: Locus (WikiWho's method) on real histories, engine only");
    for (name, path, runs) in histories {
        let started = Instant::now();
        let (mut a, mut n, mut bytes) = attribute_file(&path);
        for _ in 1..runs {
            (a, n, bytes) = attribute_file(&path);
        }
        let per_run = started.elapsed() / runs;
        let ours: Vec<(String, u64)> = a.tokens().map(|t| (t.text.to_string(), t.origin)).collect();
        let agreement = peer_dir.as_ref().and_then(|d| {
            let text = std::fs::read_to_string(d.join(format!("{name}.json"))).ok()?;
            let peer: Vec<(String, u64)> = serde_json::from_str(&text).ok()?;
            // Align the two token lists by text first (WikiWho 1.0.3 keeps
            // CJK runs whole; Locus, like WikiWho's current source, splits
            // them), then compare origins of the aligned tokens.
            let a: Vec<&str> = ours.iter().map(|t| t.0.as_str()).collect();
            let b: Vec<&str> = peer.iter().map(|t| t.0.as_str()).collect();
            let mut aligned = 0;
            let mut same = 0;
            for op in similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b) {
                if let similar::DiffOp::Equal {
                    old_index,
                    new_index,
                    len,
                } = op
                {
                    aligned += len;
                    same += (0..len)
                        .filter(|k| ours[old_index + k].1 == peer[new_index + k].1)
                        .count();
                }
            }
            Some(format!(
                "{same}/{} tokens ({:.4}); {aligned} of {} WikiWho tokens aligned by text",
                peer.len(),
                same as f64 / peer.len().max(1) as f64,
                peer.len()
            ))
        });
        println!(
            "{name:<22} {n:>6} revisions {:>8.1} MB {:>10.3?}/history {:>8.0} revisions/s  agreement with WikiWho 1.0.3: {}",
            bytes as f64 / 1e6,
            per_run,
            n as f64 / per_run.as_secs_f64(),
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
    report("article page over HTTP routing (uncached)", samples);

    // Readers while an editor saves are measured over real HTTP with wrk
    // (scripts/bench.sh), where the server's threads and sockets are real.
}
