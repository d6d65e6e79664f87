//! `locus tag`: PubTator in, PubTator (or JSON Lines) out, over the demo
//! store's vocabulary.

mod common;

use common::{demo_db, locus_fails, locus_ok};

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
    let out = common::locus_with_input(
        ["tag", "--db", db.to_str().unwrap(), "--format", "json", "-"],
        format!("{doc}\n\n").as_bytes(),
    );
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

/// Importing papers tags them with the store's names, and the publication
/// API gives Locus's mentions with their run; `locus retag` reads every
/// text again in a new run.
#[tokio::test]
async fn imported_papers_are_tagged_and_retag_starts_over() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::fresh_store(dir.path(), "tags.db");
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/data/");
    common::import_ok(&db, "gene-info", format!("{demo}Homo_sapiens.gene_info.gz"));
    let out = common::import_ok(
        &db,
        "pubmed-xml",
        format!("{demo}medline16n0902.demo-subset.xml.gz"),
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("tagging run #1: "), "{said}");
    let app = common::router_for(&db);
    let v = common::get_json(&app, "/api/v1/publications/25391657").await;
    let tags = &v["locus_tags"];
    assert_eq!(tags["run"]["id"], 1, "{tags}");
    assert!(tags["text"]
        .as_str()
        .unwrap()
        .starts_with("A splice variant of the human ion channel TRPM2"));
    let bnip3 = tags["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["mention"] == "BNIP3")
        .expect("BNIP3 is found");
    // BNIP3 is GeneID 664, found by its symbol; offsets count characters.
    let text: Vec<char> = tags["text"].as_str().unwrap().chars().collect();
    let start = bnip3["start"].as_u64().unwrap() as usize;
    assert_eq!(text[start..start + 5].iter().collect::<String>(), "BNIP3");
    assert_eq!(bnip3["ids"][0], "664");
    assert_eq!(bnip3["kind"], "Gene");
    assert_eq!(bnip3["tax_id"], 9606);
    assert_eq!(bnip3["rule"]["source"], "symbol");
    let (status, _, html) = common::get(&app, "/publications/25391657").await;
    assert_eq!(status, 200);
    assert!(html.contains("Genes, diseases and chemicals found by Locus"));
    assert!(html.contains(r#">BNIP3</mark>"#), "{html}");
    let out = locus_ok(["retag", "--db", db.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("tagging run #2: "), "{said}");
    // Importing a file without texts tags nothing more.
    let out = common::import_ok(&db, "gene-info", format!("{demo}Homo_sapiens.gene_info.gz"));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("tagging run"));
}
