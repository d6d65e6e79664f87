//! Locus' authorship against WikiWho's, on real Wikipedia history.
//!
//! The fixtures (`crates/ingest/tests/data/wiki_history`, see its README)
//! are WikiWho's own regression fixture for "Adam Himebauch" (146
//! revisions as the MediaWiki Action API returns them), WikiWho's golden
//! output for it (every token ever, with its origin revision), and the
//! final revision's tokens in text order as WikiWho 1.0.3 reports them
//! (`scripts/wikiwho_peer.py --tokens`).

use std::io::Read;
use std::path::PathBuf;

use locus_wiki::authorship::{Authorship, Screening, Verdict};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../ingest/tests/data/wiki_history")
        .join(name)
}

fn read_json_gz(name: &str) -> Value {
    let file = std::fs::File::open(fixture(name)).expect("fixture present");
    let mut text = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .expect("gzip");
    serde_json::from_str(&text).expect("json")
}

/// Feeds the Action API revision list to [`Authorship`] as WikiWho's
/// `analyse_article` does: hidden texts are skipped, a minor edit with a
/// comment is exempt from the mass-deletion rule.
fn analyse(revisions: &[Value]) -> (Authorship, usize) {
    let mut a = Authorship::new();
    let mut skipped = 0;
    for r in revisions {
        if r.get("texthidden").is_some() || r.get("textmissing").is_some() {
            continue;
        }
        let id = r["revid"].as_u64().expect("revid");
        let text = r.get("*").and_then(Value::as_str).unwrap_or("");
        let commented = r
            .get("comment")
            .and_then(Value::as_str)
            .is_some_and(|c| !c.is_empty());
        let minor_with_comment = commented && r.get("minor").is_some();
        if a.add_revision(id, text, minor_with_comment, Screening::Wikipedia) != Verdict::Kept {
            skipped += 1;
        }
    }
    (a, skipped)
}

#[test]
fn adam_himebauch_agrees_with_wikiwho_word_for_word() {
    let history = read_json_gz("adam_himebauch_revisions.json.gz");
    let revisions = history.as_array().expect("a revision list");
    assert_eq!(revisions.len(), 146);
    let (a, skipped) = analyse(revisions);
    // WikiWho keeps 145 of the 146 revisions (one mass deletion).
    assert_eq!((a.kept(), skipped), (145, 1));

    let peer = read_json_gz("adam_himebauch_final_tokens__wikiwho_1.0.3.json.gz");
    let peer: Vec<(&str, u64)> = peer
        .as_array()
        .expect("token list")
        .iter()
        .map(|t| {
            (
                t[0].as_str().expect("token"),
                t[1].as_u64().expect("origin"),
            )
        })
        .collect();
    let ours: Vec<(&str, u64)> = a.tokens().map(|t| (t.text, t.origin)).collect();
    assert_eq!(ours.len(), peer.len(), "same tokens in the final text");
    let mut agree = 0;
    let mut first_disagreement = None;
    for (k, (o, p)) in ours.iter().zip(&peer).enumerate() {
        assert_eq!(o.0, p.0, "token {k} differs: tokenisation disagrees");
        if o.1 == p.1 {
            agree += 1;
        } else if first_disagreement.is_none() {
            first_disagreement = Some((k, *o, *p));
        }
    }
    let share = agree as f64 / peer.len() as f64;
    println!(
        "Adam Himebauch: {agree} of {} final tokens have WikiWho's origin ({:.4}); first difference: {first_disagreement:?}",
        peer.len(),
        share
    );
    assert_eq!(
        first_disagreement, None,
        "every token's origin equals WikiWho's"
    );
}

#[test]
fn adam_himebauch_matches_the_golden_token_ids() {
    // The golden file lists every token WikiWho ever created, numbered in
    // creation order. Creating the same tokens in the same order gives the
    // same numbers, so each final token can be checked by id as well.
    let history = read_json_gz("adam_himebauch_revisions.json.gz");
    let (a, _) = analyse(history.as_array().expect("a revision list"));
    let golden = read_json_gz("adam_himebauch_golden__original_wikiwho__65ad3ee.json.gz");
    let golden = golden.as_array().expect("token list");
    let mut checked = 0;
    for t in a.tokens() {
        let g = &golden[t.id as usize];
        assert_eq!(g["str"].as_str(), Some(t.text), "token {}", t.id);
        assert_eq!(g["o_rev_id"].as_u64(), Some(t.origin), "token {}", t.id);
        checked += 1;
    }
    let present = golden
        .iter()
        .filter(|g| g["in"].as_array().map(Vec::len) == g["out"].as_array().map(Vec::len))
        .count();
    assert_eq!(checked, present);
}

/// A revision's id and its tokens with their origins.
type Attributed = (u64, Vec<(String, u64)>);

/// Attributes an XML export's history as WikiWho's `analyse_article`
/// does (hidden texts skipped, Wikipedia screening); returns the engine
/// and, after each kept revision, its tokens with their origins.
fn analyse_xml(name: &str) -> (Authorship, Vec<Attributed>) {
    use locus_ingest::mediawiki::{MediaWikiXmlReader, WikiItem};
    let mut a = Authorship::new();
    let mut after = Vec::new();
    for item in MediaWikiXmlReader::open(&fixture(name)).expect("open") {
        let WikiItem::Revision(r) = item.expect("a well-formed history") else {
            continue;
        };
        let Some(text) = r.text else { continue };
        let minor_with_comment = r.minor && r.comment.as_deref().is_some_and(|c| !c.is_empty());
        if a.add_revision(r.id, &text, minor_with_comment, Screening::Wikipedia) == Verdict::Kept {
            let tokens = a.tokens().map(|t| (t.text.to_string(), t.origin)).collect();
            after.push((r.id, tokens));
        }
    }
    (a, after)
}

/// The hand-worked toy of WikiWho's authors (28 revisions by editors A–J,
/// `Finger_Lakes3_explained.csv`): the final text's attribution equals the
/// hand-worked one exactly, and so does every revision's but the two where
/// WikiWho's own answer differs from it.
#[test]
fn the_hand_worked_toy_agrees_after_every_revision() {
    let (_, after) = analyse_xml("Finger_Lakes3_dummy.xml");
    let mut rows = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(fixture("Finger_Lakes3_explained.csv"))
        .expect("csv");
    let rows: Vec<Vec<String>> = rows
        .records()
        .map(|r| r.expect("row").iter().map(str::to_string).collect())
        .filter(|r: &Vec<String>| r.iter().any(|c| !c.trim().is_empty()))
        .collect();
    // A block per revision: a row with the revision number in the first
    // column (repeated on some blocks; with the words from the fourth
    // column on, on others), then the words unless already given, their
    // authors and their origins. `#` marks deleted words in a header row;
    // a word deleted since the revision before is an empty cell.
    let is_header = |r: &Vec<String>| r[0].trim().parse::<u64>().is_ok();
    let words = |r: &Vec<String>| r.get(3).is_some_and(|c| !c.is_empty() && c != "#");
    // Editors are named A–J, vandals V1–V3; other cells are the legend.
    let editor = |c: &str| {
        let mut ch = c.chars();
        ch.next().is_some_and(|f| f.is_ascii_uppercase()) && ch.all(|d| d.is_ascii_digit())
    };
    let mut expected: Vec<Attributed> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        if !is_header(&rows[i]) {
            i += 1;
            continue;
        }
        let rev: u64 = rows[i][0].trim().parse().expect("revision");
        let mut first = i;
        if !words(&rows[i]) {
            first += 1;
            while is_header(&rows[first]) {
                first += 1;
            }
        }
        let (tokens, authors, origins) = (&rows[first], &rows[first + 1], &rows[first + 2]);
        let pairs = (3..tokens.len())
            .filter(|&c| !tokens[c].is_empty() && tokens[c] != "#")
            .filter(|&c| authors.get(c).is_some_and(|a| editor(a)))
            .filter_map(|c| {
                let origin = origins.get(c)?.parse().ok()?;
                Some((tokens[c].to_lowercase(), origin))
            })
            .collect();
        expected.push((rev, pairs));
        i = first + 3;
    }
    assert_eq!(expected.len(), 28, "28 hand-worked revisions");
    assert_eq!(after.len(), 28, "no revision of the toy is screened out");
    let mut differ = Vec::new();
    for ((rev, ours), (their_rev, theirs)) in after.iter().zip(&expected) {
        assert_eq!(rev, their_rev);
        if ours != theirs {
            differ.push(*rev);
        }
    }
    println!("toy: revisions whose attribution differs from the hand-worked one: {differ:?}");
    assert_eq!(
        after.last(),
        expected.last(),
        "the final text agrees exactly"
    );
    // Revisions 21 and 23 reintroduce a word a vandal deleted, inside a
    // "sentence" WikiWho does not split (the toy writes " ." with a space,
    // which its sentence rule skips), so the word diff sees a new word.
    // WikiWho 1.0.3 itself credits the reintroducing revision there (run
    // on the first 22 and 24 revisions); the next revision restores the
    // whole paragraph and both agree again. Any other difference is a
    // regression.
    assert_eq!(differ, [21, 23]);
}

/// A German Wiktionary page (80 revisions): word-for-word agreement with
/// WikiWho 1.0.3 on the final text.
#[test]
fn familia_agrees_with_wikiwho() {
    let (a, _) = analyse_xml("familia.xml");
    let peer = read_json_gz("familia_final_tokens__wikiwho_1.0.3.json.gz");
    let peer: Vec<(String, u64)> = peer
        .as_array()
        .expect("tokens")
        .iter()
        .map(|t| {
            (
                t[0].as_str().expect("token").to_string(),
                t[1].as_u64().expect("origin"),
            )
        })
        .collect();
    let ours: Vec<(String, u64)> = a.tokens().map(|t| (t.text.to_string(), t.origin)).collect();
    assert_eq!(ours.len(), peer.len());
    let agree = ours.iter().zip(&peer).filter(|(x, y)| x == y).count();
    println!(
        "familia: {agree} of {} tokens agree with WikiWho",
        peer.len()
    );
    assert_eq!(agree, peer.len());
}
