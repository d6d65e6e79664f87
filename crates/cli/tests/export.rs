//! The whole-store export: `locus export` and `/downloads/store/`, on the
//! demo store (both backends: scripts/test.sh runs this suite on
//! PostgreSQL too, where the files must hold the same rows as SQLite's).

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;

use axum::http::StatusCode;
use common::{demo_db, locus_fails, locus_ok, on_postgres, stats_json};
use sha2::{Digest, Sha256};

fn read_gz(path: &Path) -> Vec<String> {
    let f = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    BufReader::new(flate2::read::GzDecoder::new(f))
        .lines()
        .map(|l| l.expect("a line of UTF-8"))
        .collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn manifest(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("manifest.json")).expect("manifest.json");
    serde_json::from_str(&text).expect("manifest JSON")
}

fn export(db: &Path, dir: &Path, extra: &[&str]) -> String {
    let mut args: Vec<std::ffi::OsString> = vec!["export".into(), "--db".into(), db.into()];
    args.extend(extra.iter().map(Into::into));
    args.push(dir.into());
    let out = locus_ok(args);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every file the manifest lists is there with its SHA-256 and row count;
/// each TSV starts with `#` lines naming its imports, then the column
/// row; rows are flat; the counts agree with `locus stats`.
#[test]
fn tsv_export_has_every_table_with_its_imports_and_checksums() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("export");
    let said = export(demo_db(), &out, &[]);
    assert!(said.contains("exported "), "{said}");
    let m = manifest(&out);
    assert_eq!(m["format"], "tsv");
    let imports: BTreeMap<i64, String> = m["imports"]
        .as_array()
        .expect("imports")
        .iter()
        .map(|i| {
            (
                i["id"].as_i64().expect("id"),
                i["file_name"].as_str().expect("file").to_string(),
            )
        })
        .collect();
    let mut rows = BTreeMap::new();
    for f in m["files"].as_array().expect("files") {
        let name = f["file"].as_str().expect("file");
        let bytes = std::fs::read(out.join(name)).expect(name);
        assert_eq!(sha256_hex(&bytes), f["sha256"], "{name}");
        assert_eq!(
            bytes.len() as u64,
            f["bytes"].as_u64().expect("bytes"),
            "{name}"
        );
        let lines = read_gz(&out.join(name));
        let header: Vec<&String> = lines.iter().take_while(|l| l.starts_with('#')).collect();
        assert!(
            header[0].starts_with("# Locus export: "),
            "{name}: {}",
            header[0]
        );
        // Each import the header names is one of the snapshot's, by file.
        let named: Vec<i64> = header
            .iter()
            .filter_map(|l| l.strip_prefix("# import "))
            .map(|l| {
                let (id, rest) = l.split_once(':').expect("id: …");
                let id: i64 = id.parse().expect("an import id");
                assert!(rest.contains(&imports[&id]), "{name}: {l}");
                id
            })
            .collect();
        let listed: Vec<i64> = f["imports"]
            .as_array()
            .expect("imports")
            .iter()
            .map(|v| v.as_i64().expect("id"))
            .collect();
        assert_eq!(named, listed, "{name}");
        let columns: Vec<&str> = f["columns"]
            .as_array()
            .expect("columns")
            .iter()
            .map(|c| c["name"].as_str().expect("name"))
            .collect();
        assert_eq!(
            header.len() as u64,
            f["header_lines"].as_u64().expect("header_lines"),
            "{name}"
        );
        let body = &lines[header.len()..];
        // Readers may drop `#` lines: no data row starts with one.
        assert!(body.iter().all(|l| !l.starts_with('#')), "{name}");
        assert_eq!(body[0].split('\t').collect::<Vec<_>>(), columns, "{name}");
        for row in &body[1..] {
            assert_eq!(row.split('\t').count(), columns.len(), "{name}: {row}");
            // Flat: no JSON object in any cell (MeSH headings, concepts).
            if !name.starts_with("wiki_") {
                assert!(!row.contains("{\""), "{name}: {row}");
            }
        }
        assert_eq!(
            body.len() as u64 - 1,
            f["rows"].as_u64().expect("rows"),
            "{name}"
        );
        rows.insert(
            name.trim_end_matches(".tsv.gz").to_string(),
            body[1..].to_vec(),
        );
    }
    let stats = stats_json(demo_db());
    let fact = |t: &str| stats["facts"][t].as_u64().unwrap_or(0) as usize;
    assert_eq!(rows["gene_records"].len(), fact("gene"));
    assert_eq!(rows["gene_pubmed"].len(), fact("gene_pubmed"));
    assert_eq!(rows["regulation_evidence"].len(), fact("regulation"));
    assert_eq!(rows["generifs"].len(), fact("generif"));
    assert_eq!(rows["imports"].len(), imports.len());
    // BACH1's merged record; its 41 GeneRIFs; the wiki article about it.
    let bach1: Vec<&str> = rows["genes"]
        .iter()
        .find(|r| r.starts_with("571\t"))
        .expect("BACH1")
        .split('\t')
        .collect();
    assert_eq!(&bach1[..3], ["571", "9606", "BACH1"]);
    assert_eq!(
        rows["generifs"]
            .iter()
            .filter(|r| r.starts_with("571\t"))
            .count(),
        41
    );
    assert!(rows["wiki_articles"]
        .iter()
        .any(|r| r.contains("\tBACH1\t")));
    // The wiki's histories, as `locus import wiki` reads them.
    assert!(out.join("wiki/gene/571/revisions.json").is_file());
    assert_eq!(m["wiki_history"]["dir"], "wiki");
}

/// JSON lines: a header object, then one object per row with nulls,
/// numbers and lists as JSON has them.
#[test]
fn jsonl_export_is_one_object_per_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("export");
    export(
        demo_db(),
        &out,
        &["--format", "jsonl", "--kinds", "regulation_evidence,genes"],
    );
    let m = manifest(&out);
    let files: Vec<&str> = m["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["file"].as_str().expect("file"))
        .collect();
    // The store's order, whatever order --kinds gave; the import list always.
    assert_eq!(
        files,
        [
            "imports.jsonl.gz",
            "genes.jsonl.gz",
            "regulation_evidence.jsonl.gz"
        ]
    );
    assert!(m["wiki_history"].is_null());
    let lines = read_gz(&out.join("regulation_evidence.jsonl.gz"));
    let header: serde_json::Value = serde_json::from_str(&lines[0]).expect("header");
    assert_eq!(header["locus_export"]["table"], "regulation_evidence");
    assert!(!header["locus_export"]["imports"]
        .as_array()
        .expect("imports")
        .is_empty());
    for l in &lines[1..] {
        let row: serde_json::Value = serde_json::from_str(l).expect("a JSON row");
        assert!(row["tf_gene"].is_i64(), "{l}");
        assert!(row["databases"].is_array(), "{l}");
        assert!(row["pmids"].is_array(), "{l}");
        assert!(
            row["small_scale"].is_boolean() || row["small_scale"].is_null(),
            "{l}"
        );
    }
}

/// A directory with files in it is never written into, and an unknown
/// table is refused with the list of tables; nothing is left behind.
#[test]
fn export_refuses_a_used_directory_and_unknown_tables() {
    let dir = tempfile::tempdir().expect("tempdir");
    let used = dir.path().join("used");
    std::fs::create_dir(&used).expect("mkdir");
    std::fs::write(used.join("notes.txt"), "mine").expect("write");
    let db = demo_db();
    let e = locus_fails([
        "export".as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
        used.as_os_str(),
    ]);
    assert!(e.contains("is not empty"), "{e}");
    assert_eq!(
        std::fs::read_to_string(used.join("notes.txt")).expect("kept"),
        "mine"
    );
    let fresh = dir.path().join("fresh");
    let e = locus_fails([
        "export".as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
        "--kinds".as_ref(),
        "genes,nope".as_ref(),
        fresh.as_os_str(),
    ]);
    assert!(e.contains("\"nope\"") && e.contains("gene_pubmed"), "{e}");
    assert!(!fresh.exists());
}

/// `/downloads/store/`: the manifest, then a file streamed with its
/// SHA-256 as ETag (and a 304 for it); names outside the manifest are 404s;
/// `/downloads` links them.
#[tokio::test]
async fn downloads_serve_the_export_of_the_store_as_it_is() {
    use tower::ServiceExt;
    let app = common::router();
    let (status, _, body) = common::get(&app, "/downloads/store/tsv/manifest.json").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let m: serde_json::Value = serde_json::from_str(&body).expect("manifest");
    let genes = m["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["table"] == "genes")
        .expect("genes")
        .clone();
    let res = app
        .clone()
        .oneshot(
            axum::http::Request::get("/downloads/store/tsv/genes.tsv.gz")
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/gzip");
    let etag = res.headers()["etag"].to_str().expect("etag").to_string();
    assert_eq!(
        etag,
        format!("\"{}\"", genes["sha256"].as_str().expect("sha"))
    );
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .expect("body");
    assert_eq!(sha256_hex(&bytes), genes["sha256"]);
    let res = app
        .clone()
        .oneshot(
            axum::http::Request::get("/downloads/store/tsv/genes.tsv.gz")
                .header("if-none-match", &etag)
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    for bad in [
        "/downloads/store/tsv/genes.jsonl.gz",
        "/downloads/store/tsv/..%2Fmanifest.json",
        "/downloads/store/csv/genes.tsv.gz",
    ] {
        let (status, _, body) = common::get(&app, bad).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{bad}: {body}");
    }
    let (_, _, page) = common::get(&app, "/downloads").await;
    assert!(page.contains("The whole store"), "{page}");
    assert!(page.contains("/downloads/store/jsonl/gene_pubmed.jsonl.gz"));
}

/// The demo store on PostgreSQL and on SQLite export the same rows in
/// the same order: every data row of every file (the headers differ in
/// times and generations; the wiki's and the imports' rows in times).
#[test]
#[cfg_attr(
    not(locus_postgres),
    ignore = "needs a PostgreSQL server (LOCUS_TEST_POSTGRES; scripts/test.sh starts one)"
)]
fn both_backends_export_the_same_rows() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The demo of the other backend than this run's.
    let other = if on_postgres() {
        dir.path().join("demo.db")
    } else {
        let db = locus_store_postgres::testing::TestDatabase::create()
            .expect("a PostgreSQL test database (LOCUS_TEST_POSTGRES)");
        std::path::PathBuf::from(db.keep())
    };
    locus_ok([
        "demo".as_ref(),
        "--no-serve".as_ref(),
        "--db".as_ref(),
        other.as_os_str(),
    ]);
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    export(demo_db(), &a, &[]);
    export(&other, &b, &[]);
    let m = manifest(&a);
    for f in m["files"].as_array().expect("files") {
        let name = f["file"].as_str().expect("file");
        if name.starts_with("wiki_") || name.starts_with("imports") {
            continue;
        }
        let data = |d: &Path| -> Vec<String> {
            read_gz(&d.join(name))
                .into_iter()
                .filter(|l| !l.starts_with('#'))
                .collect()
        };
        let (x, y) = (data(&a), data(&b));
        assert_eq!(x.len(), y.len(), "{name}: row counts");
        if let Some(i) = (0..x.len()).find(|&i| x[i] != y[i]) {
            panic!("{name} differs at row {i}:\n{}\n{}", x[i], y[i]);
        }
    }
}

/// DuckDB, a reader no one here wrote, reads every file of the three
/// formats (TSV skipping the manifest's header lines, JSON lines,
/// Parquet) with the manifest's row counts, and finds the same BACH1 and
/// the same PubMed link total in each.
#[test]
#[cfg_attr(
    not(locus_duckdb),
    ignore = "needs DuckDB for Python (LOCUS_TEST_DUCKDB_PYTHON; scripts/test.sh makes a venv)"
)]
fn duckdb_reads_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut dirs = Vec::new();
    for format in ["tsv", "jsonl", "parquet"] {
        let out = dir.path().join(format);
        export(demo_db(), &out, &["--format", format]);
        dirs.push(out);
    }
    let python = std::env::var("LOCUS_TEST_DUCKDB_PYTHON").expect("LOCUS_TEST_DUCKDB_PYTHON");
    let script = r#"
import duckdb, json, sys
con = duckdb.connect()
def one(q):
    return con.sql(q).fetchall()[0]
seen = []
for fmt, d in zip(["tsv", "jsonl", "parquet"], sys.argv[1:]):
    m = json.load(open(d + "/manifest.json"))
    assert m["format"] == fmt, m["format"]
    def source(f):
        p = (d + "/" + f["file"]).replace("'", "''")
        if fmt == "tsv":
            cols = ", ".join("'%s': 'VARCHAR'" % c["name"] for c in f["columns"])
            return ("read_csv('%s', delim='\t', header=true, skip=%d, quote='', escape='', "
                    "auto_detect=false, columns={%s})" % (p, f["header_lines"], cols))
        if fmt == "jsonl":
            return "(SELECT * FROM read_json('%s', format='newline_delimited') OFFSET 1)" % p
        return "read_parquet('%s')" % p
    files = {f["table"]: f for f in m["files"]}
    for f in m["files"]:
        n = one("SELECT count(*) FROM " + source(f))[0]
        assert n == f["rows"], (fmt, f["file"], n, f["rows"])
    if files["genes"]["rows"]:
        bach1 = one("SELECT symbol, map_location FROM %s WHERE CAST(gene_id AS BIGINT) = 571" % source(files["genes"]))
        links = one("SELECT sum(CAST(pubmed_count AS BIGINT)) FROM " + source(files["genes"]))[0]
        seen.append((fmt, bach1, links))
print(json.dumps(seen))
"#;
    let out = std::process::Command::new(python)
        .arg("-c")
        .arg(script)
        .args(&dirs)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let seen = seen.as_array().expect("formats");
    assert_eq!(seen.len(), 3);
    for s in seen {
        assert_eq!(s[1], serde_json::json!(["BACH1", "21q21.3"]), "{s}");
        assert_eq!(s[2], seen[0][2], "{s}");
    }
}

/// The pages and answers a round trip must keep: genes of both
/// organisms, sections, regulation with evidence, literature, terms,
/// search, paths, imports and the wiki's current text.
const ROUND_TRIP_URLS: &[&str] = &[
    "/api/v1/genes/BACH1",
    "/api/v1/genes/TP53",
    "/api/v1/genes/Bach2?organism=mouse",
    "/api/v1/genes/571/regulators?evidence=true",
    "/api/v1/genes/3162/regulators",
    "/api/v1/genes/7157/references?limit=50",
    "/api/v1/genes/571/generifs",
    "/api/v1/genes/571/go",
    "/api/v1/genes/571/expression",
    "/api/v1/genes/7157/diseases",
    "/api/v1/genes/7157/phenotypes",
    "/api/v1/genes/571/orthologs",
    "/api/v1/genes/7157/interactions",
    "/api/v1/genes/571/proteins",
    "/api/v1/genes/571/provenance",
    "/api/v1/regulation/571/3162",
    "/api/v1/publications/25389292",
    "/api/v1/imports",
    "/api/v1/search/all?q=heme%20oxygenase",
    "/api/v1/graph/path?from=BACH1&to=TP53",
    "/api/v1/wiki/gene/571",
    "/genes/BACH1",
    "/genes/TP53",
    "/downloads/human/tflink_simpleFormat.tsv",
];

/// Exported and imported into an empty store (`locus import
/// locus-export`), in TSV and in JSON lines, the demo store serves the
/// same answers: the same documents, provenance (import ids, files,
/// releases, times), pages and downloads. What may differ is what
/// numbers the store's own history (its generation) and the wiki's
/// internal ids.
#[tokio::test]
async fn an_export_imported_into_an_empty_store_serves_the_same_answers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let original = common::router_for(demo_db());
    for format in ["tsv", "jsonl"] {
        let out = dir.path().join(format!("export-{format}"));
        export(demo_db(), &out, &["--format", format]);
        let restored = common::fresh_store(dir.path(), &format!("restored-{format}.db"));
        let said = locus_ok([
            "import".as_ref(),
            "--db".as_ref(),
            restored.as_os_str(),
            "locus-export".as_ref(),
            out.as_os_str(),
        ]);
        let said = String::from_utf8_lossy(&said.stdout).into_owned();
        assert!(said.contains("2 wiki articles"), "{said}");
        let copy = common::router_for(&restored);
        for uri in ROUND_TRIP_URLS {
            let (s1, _, a) = common::get(&original, uri).await;
            let (s2, _, b) = common::get(&copy, uri).await;
            assert_eq!(s1, StatusCode::OK, "{uri}: {a}");
            assert_eq!(s2, s1, "{format} {uri}: {b}");
            let (a, b) = (comparable(&a), comparable(&b));
            if a != b {
                let at = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
                let from = at.saturating_sub(120);
                panic!(
                    "{format} {uri} differs at {at}:\n{}\n{}",
                    a.chars().skip(from).take(300).collect::<String>(),
                    b.chars().skip(from).take(300).collect::<String>()
                );
            }
        }
        // A second restore into the same store is refused, changing nothing.
        let e = locus_fails([
            "import".as_ref(),
            "--db".as_ref(),
            restored.as_os_str(),
            "locus-export".as_ref(),
            out.as_os_str(),
        ]);
        assert!(e.contains("not empty"), "{e}");
    }
}

/// A body without what numbers the store's own history: generations
/// (in ETag-like fields and page footers), wiki revision ids, and when
/// the tagger ran.
fn comparable(body: &str) -> String {
    let generation = regex::Regex::new(r#"("?(store_)?generation"?[:=] ?)\d+"#).expect("regex");
    let revision =
        regex::Regex::new(r#"("(id|revision|current_revision|parent|base_revision)": ?)\d+"#)
            .expect("regex");
    let rev_url = regex::Regex::new(r"rev=\d+").expect("regex");
    // Locus's own tags are made again by the tagger after the restore:
    // the same tags, by a run of another time.
    let tag_run = regex::Regex::new(r#"("run":\{"id":N,"started_at":)"[^"]*""#).expect("regex");
    let s = generation.replace_all(body, "${1}N");
    let s = revision.replace_all(&s, "${1}N");
    let s = rev_url.replace_all(&s, "rev=N");
    tag_run.replace_all(&s, "${1}T").into_owned()
}

/// A damaged export is refused before anything is written: the file
/// whose checksum fails is named, and the store stays empty.
#[test]
fn a_damaged_export_is_refused_and_the_store_stays_empty() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("export");
    export(
        demo_db(),
        &out,
        &["--kinds", "genes,gene_records,gene_aliases,gene_xrefs"],
    );
    let fresh = common::fresh_store(dir.path(), "fresh.db");
    // Some tables left out: refused, naming one.
    let e = locus_fails([
        "import".as_ref(),
        "--db".as_ref(),
        fresh.as_os_str(),
        "locus-export".as_ref(),
        out.as_os_str(),
    ]);
    assert!(e.contains("restore needs every table"), "{e}");
    let full = dir.path().join("full");
    export(demo_db(), &full, &[]);
    let path = full.join("gene_pubmed.tsv.gz");
    let mut bytes = std::fs::read(&path).expect("read");
    let last = bytes.len() - 20;
    bytes[last] ^= 0xff;
    std::fs::write(&path, bytes).expect("write");
    let e = locus_fails([
        "import".as_ref(),
        "--db".as_ref(),
        fresh.as_os_str(),
        "locus-export".as_ref(),
        full.as_os_str(),
    ]);
    assert!(
        e.contains("gene_pubmed.tsv.gz") && e.contains("SHA-256"),
        "{e}"
    );
    assert_eq!(
        stats_json(&fresh)["imports"].as_array().map(Vec::len),
        Some(0)
    );
}
