//! `locus tag`: PubTator in, PubTator (or JSON Lines) out, over the demo
//! store's vocabulary.

mod common;

use std::io::Write;
use std::process::Stdio;

use common::{demo_db, locus, locus_fails, locus_ok};

const CUT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../ingest/tests/data/pubtator/corpora_cut.PubTator"
);

/// The committed corpora cut, tagged with the demo store's names: the
/// documents come back as they went in, the gold annotations replaced by
/// Locus's.
#[test]
fn tagging_the_corpora_cut_writes_pubtator_back() {
    let db = demo_db();
    let out = locus_ok(["tag", "--db", db.to_str().unwrap(), CUT]);
    let written = String::from_utf8(out.stdout).unwrap();
    let text_lines = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| l.contains("|t|") || l.contains("|a|"))
            .map(str::to_string)
            .collect()
    };
    let input = std::fs::read_to_string(CUT).unwrap();
    assert_eq!(text_lines(&written), text_lines(&input));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("tagged 4 documents"), "{said}");
    let annotations: Vec<&str> = written.lines().filter(|l| l.contains('\t')).collect();
    insta::assert_snapshot!("tag_corpora_cut", annotations.join("\n"));
}

/// Standard input and JSON Lines: each mention with its ids, organism and
/// the rule that found it.
#[test]
fn tagging_standard_input_as_json() {
    let db = demo_db();
    let input = std::fs::read_to_string(CUT).unwrap();
    // The GNormPlus document (PMID 11121057): human beta-globin.
    let doc = input
        .split("\n\n")
        .find(|d| d.starts_with("11121057|t|"))
        .unwrap();
    let mut child = locus()
        .args(["tag", "--db", db.to_str().unwrap(), "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{doc}\n\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["pmid"], 11121057);
    let first = &lines[0]["mentions"][0];
    assert_eq!(first["text"], "beta-globin");
    assert_eq!(first["kind"], "Gene");
    assert!(first["how"]["rule"].is_string(), "{first}");
    assert!(first["ids"][0].is_string(), "{first}");
}

/// A malformed annotation line names file, line and field.
#[test]
fn a_malformed_file_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.PubTator");
    let input = std::fs::read_to_string(CUT).unwrap();
    let first = input.split("\n\n").next().unwrap();
    // Hand-made: an end offset before the start.
    std::fs::write(&bad, format!("{first}\n22750516\t30\t20\tx\tGene\t1\n\n")).unwrap();
    let err = locus_fails([
        "tag",
        "--db",
        demo_db().to_str().unwrap(),
        bad.to_str().unwrap(),
    ]);
    let line = first.lines().count() + 1;
    assert!(err.contains(&format!("bad.PubTator:{line}")), "{err}");
    assert!(err.contains("end"), "{err}");
}
