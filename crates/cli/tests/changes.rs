//! What changed between releases, end to end: the demo's NCBI gene_info
//! cut (2021-07-11) replaced by its org.Hs.eg.db cut (2022-09-12) with
//! `locus import --replaces`, then the gene page's section, its JSON and
//! TSV, the import's summary and the gene's Atom feed.

mod common;

use axum::http::StatusCode;
use common::{demo_copy, locus_fails, locus_ok, stats_json};

fn orgdb() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/data/org.Hs.eg.subset.sqlite")
}

#[tokio::test]
async fn a_new_release_records_what_changed_for_each_gene() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_copy(dir.path());
    let stats = stats_json(&db);
    let human = stats["imports"]
        .as_array()
        .expect("imports")
        .iter()
        .find(|i| i["file_name"] == "Homo_sapiens.gene_info.gz")
        .expect("the human gene_info import")["id"]
        .as_i64()
        .expect("id")
        .to_string();
    // No such import, and two files for one --replaces: refused.
    let e = locus_fails([
        "import".as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
        "orgdb".as_ref(),
        orgdb().as_os_str(),
        "--replaces".as_ref(),
        "999999".as_ref(),
    ]);
    assert!(e.contains("--replaces 999999"), "{e}");
    let e = locus_fails([
        "import".as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
        "orgdb".as_ref(),
        orgdb().as_os_str(),
        orgdb().as_os_str(),
        "--replaces".as_ref(),
        human.as_ref(),
    ]);
    assert!(e.contains("one file"), "{e}");
    locus_ok([
        "import".as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
        "orgdb".as_ref(),
        orgdb().as_os_str(),
        "--replaces".as_ref(),
        human.as_ref(),
    ]);
    let newest = stats_json(&db)["imports"]
        .as_array()
        .expect("imports")
        .iter()
        .map(|i| i["id"].as_i64().expect("id"))
        .max()
        .expect("an import");
    let app = common::router_for(&db);
    // UHRF1BP1 was renamed BLTP3A between the two releases.
    let changes = common::get_json(&app, "/api/v1/genes/54887/changes").await;
    let rename = changes
        .as_array()
        .expect("rows")
        .iter()
        .find(|c| c["field"] == "symbol")
        .expect("the rename")
        .clone();
    assert_eq!(rename["before"], "UHRF1BP1");
    assert_eq!(rename["after"], "BLTP3A");
    assert_eq!(rename["change"], "changed");
    assert_eq!(rename["import_id"], newest);
    assert!(rename["replaced_release"]
        .as_str()
        .is_some_and(|r| r.contains("2021-07-11")));
    let (status, ctype, tsv) = common::get(&app, "/api/v1/genes/54887/changes?format=tsv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(ctype.starts_with("text/tab-separated-values"), "{ctype}");
    assert!(
        tsv.lines()
            .any(|l| l.contains("\tsymbol\tchanged\tUHRF1BP1\tBLTP3A")),
        "{tsv}"
    );
    let (_, _, page) = common::get(&app, "/genes/BLTP3A").await;
    assert!(page.contains("Changes between releases"), "no section");
    assert!(page.contains("UHRF1BP1") && page.contains("/genes/54887/changes.atom"));
    let summary = common::get_json(
        &app,
        &format!("/api/v1/imports/{newest}/changes?field=symbol"),
    )
    .await;
    assert!(
        summary["genes_renamed"].as_u64().is_some_and(|n| n >= 1),
        "{summary}"
    );
    assert!(summary["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .all(|c| c["field"] == "symbol"));
    let (status, _, _) = common::get(&app, "/api/v1/imports/999999/changes").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = common::get(&app, "/api/v1/imports/1/changes?field=colour").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, ctype, atom) = common::get(&app, "/genes/54887/changes.atom").await;
    assert_eq!(status, StatusCode::OK);
    assert!(ctype.starts_with("application/atom+xml"), "{ctype}");
    assert!(
        atom.contains("<entry>") && atom.contains("UHRF1BP1 → BLTP3A"),
        "{atom}"
    );
    // A gene whose sources never had a second release: an empty list.
    let none = common::get_json(&app, "/api/v1/genes/12014/changes").await;
    assert_eq!(none, serde_json::json!([]));

    // The history goes with a whole-store export into a new store.
    let out = dir.path().join("export");
    locus_ok([
        "export".as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
        "--format".as_ref(),
        "jsonl".as_ref(),
        out.as_os_str(),
    ]);
    let restored = common::fresh_store(dir.path(), "restored.db");
    locus_ok([
        "import".as_ref(),
        "--db".as_ref(),
        restored.as_os_str(),
        "locus-export".as_ref(),
        out.as_os_str(),
    ]);
    let copy = common::router_for(&restored);
    for uri in [
        "/api/v1/genes/54887/changes".to_string(),
        "/api/v1/genes/4780/changes?format=tsv".to_string(),
        format!("/api/v1/imports/{newest}/changes"),
        "/api/v1/imports".to_string(),
    ] {
        let (_, _, a) = common::get(&app, &uri).await;
        let (status, _, b) = common::get(&copy, &uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {b}");
        assert_eq!(a, b, "{uri}");
    }
}
