//! The command line as a user types it: `gene`, `search`, `stats`, exit
//! codes, and a running server that sees an import made while it serves.

mod common;

use std::time::Duration;

use common::{demo_db, get, import_ok, locus, locus_fails, locus_ok, router_for};

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/data");

#[test]
fn gene_prints_the_header_facts() {
    let out = locus()
        .args(["gene", "BACH1", "--db"])
        .arg(demo_db())
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("BACH1 — BTB domain and CNC homolog 1"),
        "{text}"
    );
    assert!(
        text.contains("GeneID 571  Homo sapiens  chr 21  21q21.3  protein-coding"),
        "{text}"
    );
    assert!(text.contains("GeneRIFs 41"), "{text}");
}

#[test]
fn gene_json_is_the_api_document() {
    let out = locus()
        .args(["gene", "571", "--json", "--db"])
        .arg(demo_db())
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["gene"]["symbol"], "BACH1");
    assert_eq!(v["generifs"].as_array().unwrap().len(), 41);
}

#[test]
fn ambiguous_and_unknown_names_exit_non_zero_and_say_why() {
    let out = locus()
        .args(["gene", "NRF2", "--db"])
        .arg(demo_db())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("\"NRF2\" names 2 genes") && err.contains("NFE2L2") && err.contains("GABPA"),
        "{err}"
    );
    let out = locus()
        .args(["gene", "NOT_A_GENE_XYZ", "--db"])
        .arg(demo_db())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no gene named"));
}

#[test]
fn search_ranks_symbol_prefix_first() {
    let out = locus()
        .args(["search", "bach", "--limit", "3", "--db"])
        .arg(demo_db())
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let first: Vec<&str> = text
        .lines()
        .map(|l| l.split_whitespace().nth(1).unwrap_or(""))
        .collect();
    assert_eq!(first[..2], ["BACH1", "BACH2"], "{text}");
}

#[test]
fn stats_lists_every_import_with_release_and_checksum() {
    let out = locus()
        .args(["stats", "--json", "--db"])
        .arg(demo_db())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let imports = v["imports"].as_array().unwrap();
    // 8 gene and literature files, 21 network files, the Pharos references
    // and expression tables, 3 expression experiments, 2 ontologies and 6
    // disease, phenotype and GO annotation files (crates/cli/src/demo.rs).
    assert_eq!(imports.len(), 42);
    let orgdb = imports.iter().find(|i| i["kind"] == "orgdb").unwrap();
    assert!(orgdb["release"]
        .as_str()
        .unwrap()
        .contains("Entrez Gene 2022-Sep12"));
    assert_eq!(orgdb["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(v["facts"]["gene_pubmed"], 177_335);
}

#[test]
fn unknown_kind_is_refused_with_the_list_of_kinds() {
    let out = locus().args(["import", "gff3", "x.gff"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("gene-info, orgdb, gene2pubmed, generifs, pubmed-xml, uniprot, go-db"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_server_shows_an_import_made_while_it_serves() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    let import = |kind: &str, file: &str| import_ok(&db, kind, format!("{DEMO}/{file}"));
    import("gene-info", "Homo_sapiens.gene_info.gz");
    let app = router_for(&db);
    let (_, _, html) = get(&app, "/genes/BACH1").await;
    assert!(html.contains(r#"id="generifs">GeneRIFs <span class="count">0</span>"#));
    let (_, _, hits) = get(&app, "/api/v1/search?q=BACH1").await;
    assert!(hits.contains("\"pubmed_count\":0"));

    // Another process imports while this server holds its cache and index.
    import("generifs", "BACH1_generifs.tsv");
    import("orgdb", "org.Hs.eg.subset.sqlite");
    tokio::time::sleep(Duration::from_millis(700)).await;
    let (_, _, html) = get(&app, "/genes/BACH1").await;
    assert!(html.contains(r#"id="generifs">GeneRIFs <span class="count">41</span>"#));
    // The search index is rebuilt in the background after the import.
    let mut hits = String::new();
    for _ in 0..50 {
        hits = get(&app, "/api/v1/search?q=BACH1").await.2;
        if hits.contains("\"pubmed_count\":157") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(hits.contains("\"pubmed_count\":157"), "{hits}");
}

/// Each hop line of `locus path` reads the way its arrow points:
/// `A → B: A regulates B`, `A ← B: B regulates A`.
#[test]
fn path_hops_read_the_way_their_arrows_point() {
    let out = locus_ok([
        "path".as_ref(),
        "BACH1".as_ref(),
        "TP53".as_ref(),
        "--types".as_ref(),
        "regulation".as_ref(),
        "--db".as_ref(),
        demo_db().as_os_str(),
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    let hop = regex::Regex::new(r"^   (\S+) ([→←]) (\S+): (\S+) regulates (\S+) \(").unwrap();
    let mut hops = 0;
    for line in text.lines().filter(|l| l.starts_with("   ")) {
        let c = hop
            .captures(line)
            .unwrap_or_else(|| panic!("not a hop: {line}"));
        let (a, arrow, b, tf, target) = (&c[1], &c[2], &c[3], &c[4], &c[5]);
        if arrow == "→" {
            assert_eq!((tf, target), (a, b), "{line}");
        } else {
            assert_eq!((tf, target), (b, a), "{line}");
        }
        hops += 1;
    }
    assert!(hops >= 2, "{text}");
}

/// `locus mcp` on a path with no store says so instead of serving an
/// empty store an agent would find nothing in.
#[test]
fn mcp_without_a_store_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.db");
    let err = locus_fails([
        std::ffi::OsStr::new("mcp"),
        "--db".as_ref(),
        missing.as_os_str(),
    ]);
    assert!(err.contains("no store at"), "{err}");
    assert!(!missing.exists(), "no empty store was made");
}

/// A store that cannot be opened is said once, with the reason once; a
/// PostgreSQL URL is said to be unsupported, not taken for a file name.
#[test]
fn store_errors_are_said_once() {
    let err = locus_fails(["stats", "--db", "/nonexistent-dir/locus.db"]);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(
        err.matches("unable to open database file").count(),
        1,
        "{err}"
    );
    assert!(
        err.contains("cannot open store /nonexistent-dir/locus.db"),
        "{err}"
    );
    let err = locus_fails([
        "import".to_string(),
        "--db".to_string(),
        // Nothing listens on port 1: the connection is refused at once.
        "postgres://locus@127.0.0.1:1/locus".to_string(),
        "gene-info".to_string(),
        format!("{DEMO}/Homo_sapiens.gene_info.gz"),
    ]);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("cannot open store postgres://locus@127.0.0.1:1/locus"),
        "{err}"
    );
    assert!(err.contains("refused"), "{err}");
}

/// One rule for every kind: a file without records is refused, and the
/// store is unchanged.
#[test]
fn an_empty_file_is_refused_for_every_kind() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    import_ok(
        &db,
        "gene-info",
        format!("{DEMO}/Homo_sapiens.gene_info.gz"),
    );
    let empty = dir.path().join("empty.dat");
    std::fs::write(&empty, "").unwrap();
    let before = common::stats_json(&db);
    for kind in ["uniprot", "pubmed-xml", "generifs", "gene2pubmed", "trrust"] {
        let err = locus_fails([
            "import".as_ref(),
            "--db".as_ref(),
            db.as_os_str(),
            kind.as_ref(),
            empty.as_os_str(),
        ]);
        assert!(err.contains("the store is unchanged"), "{kind}: {err}");
    }
    assert_eq!(common::stats_json(&db), before);
}

/// `locus demo` says one line per import, one for tagging the imported
/// texts and a closing summary; the unresolved identifiers stay one
/// `locus unresolved` away.
#[test]
fn demo_output_is_one_line_per_import_and_a_summary() {
    let err = common::demo_stderr();
    let imports = err.lines().filter(|l| l.starts_with("locus: #")).count();
    assert_eq!(imports, 42, "{err}");
    assert!(err.lines().count() <= imports + 5, "{err}");
    assert!(err.contains("locus: tagging run #1: "), "{err}");
    assert!(
        err.contains("locus: demo wiki: articles on BACH1 and mouse Bach2, 5 revisions"),
        "{err}"
    );
    assert!(
        !err.contains("line "),
        "lists unresolved identifiers: {err}"
    );
    assert!(err.contains("locus: demo ready in "), "{err}");
    assert!(err.contains("TF→target edges"), "{err}");
}

/// `locus import --help` names every kind of file Locus imports.
#[test]
fn import_help_names_every_kind() {
    let out = locus_ok(["import", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    for kind in locus_model::SourceKind::ALL {
        assert!(
            help.contains(kind.as_str()),
            "{} missing from:\n{help}",
            kind.as_str()
        );
    }
}

/// PubTator files import as published, whatever genes the store holds:
/// the four documents of the committed cut and their 63 annotations; a
/// re-import of the same file replaces them rather than adding to them.
#[test]
fn pubtator_corpora_import_as_published_and_reimport_replaces() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pubtator.db");
    let cut = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../ingest/tests/data/pubtator/corpora_cut.PubTator"
    );
    for _ in 0..2 {
        let out = common::import_ok(&db, "pubtator", cut);
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.contains("pubtator"), "{said}");
        let v = common::stats_json(&db);
        assert_eq!(v["facts"]["pubtator_document"], 4, "{v}");
        assert_eq!(v["facts"]["pubtator_annotation"], 63, "{v}");
        assert_eq!(v["imports"].as_array().unwrap().len(), 1);
    }
}

/// A publication page shows the abstract as an imported corpus annotates
/// it, each mention marked with its type and identifiers; the API gives
/// the same annotations. BC5CDR's PMID 8701013: Famotidine (MeSH
/// D015738), delirium (D003693).
#[tokio::test]
async fn a_publication_page_marks_the_mentions_of_an_imported_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pubtator.db");
    let cut = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../ingest/tests/data/pubtator/corpora_cut.PubTator"
    );
    import_ok(&db, "pubtator", cut);
    let app = router_for(&db);
    let v = common::get_json(&app, "/api/v1/publications/8701013").await;
    let t = &v["annotated"][0];
    assert!(t["title"]
        .as_str()
        .unwrap()
        .starts_with("Famotidine-associated delirium"));
    let annotations = t["annotations"].as_array().unwrap();
    assert_eq!(annotations.len(), 11);
    assert_eq!(annotations[0]["mention"], "Famotidine");
    assert_eq!(annotations[0]["mention_type"], "Chemical");
    assert_eq!(annotations[0]["concepts"][0]["id"], "D015738");
    assert_eq!(
        (&annotations[0]["start"], &annotations[0]["end"]),
        (&0.into(), &10.into())
    );
    let (status, _, html) = get(&app, "/publications/8701013").await;
    assert_eq!(status, 200);
    assert!(
        html.contains(r#"<mark class="m-chemical" title="Chemical D015738">Famotidine</mark>"#),
        "{html}"
    );
    assert!(html.contains(r#"<mark class="m-disease" title="Disease D003693">delirium</mark>"#));
    assert!(html.contains(r#"href="https://meshb.nlm.nih.gov/record/ui?ui=D003693""#));
    // A gene mention of NLM-Gene, normalised to a mouse GeneID.
    let (_, _, html) = get(&app, "/publications/22750516").await;
    assert!(html.contains(r#"<mark class="m-gene" title="Gene 75019">Rnase10</mark>"#));
    assert!(html.contains(r#"href="https://www.ncbi.nlm.nih.gov/gene/75019""#));
}
