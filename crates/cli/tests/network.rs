//! The regulatory network end to end, on real files only: importing the
//! network sources, resolving their gene names, merging evidence rows into
//! edges, the network API, graph walks, bulk downloads and orthologs.
//!
//! Expected values come from the committed source files themselves (parsed
//! here) or from rows quoted in the comments, never from the code under test.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use axum::http::StatusCode;
use common::{
    demo_copy, get, get_json, import_ok, locus, locus_fails, locus_ok, router, router_for,
    stats_json,
};
use locus_model::{GeneId, TaxId};
use locus_store::Resolution;
use serde_json::Value;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/data");
const REG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/data/regulation");
/// The byte-for-byte cuts the ingest unit tests read (uncompressed).
const CUTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../ingest/tests/data");

/// TFLink's `tfs_of_<UniProt>.tsv` header.
const TFS_OF_HEADER: &str = "UniprotID.TF\tNCBI.GeneID.TF\tName.TF\tDetection.method\tPubmedID\tOrganism\tSource.database\tSmall-scale.evidence";
/// TFLink's `simpleFormat` header.
const SIMPLE_FORMAT_HEADER: &str = "UniprotID.TF\tUniprotID.Target\tNCBI.GeneID.TF\tNCBI.GeneID.Target\tName.TF\tName.Target\tDetection.method\tPubmedID\tOrganism\tSource.database\tSmall-scale.evidence\tTF.TFLink.ortho\tTF.nonTFLink.ortho\tTarget.TFLink.ortho\tTarget.nonTFLink.ortho";

// GeneIDs of NCBI gene_info (demo/data/*.gene_info.gz).
const BACH1: u64 = 571;
const BAX: u64 = 581;
const HMOX1: u64 = 3162;
const JUN: u64 = 3725;
const NFE2L2: u64 = 4780;
const NFKB1: u64 = 4790;
const TP53: u64 = 7157;
const MOUSE_BACH1: u64 = 12013;
const MOUSE_HMOX1: u64 = 15368;

fn reg(file: &str) -> String {
    format!("{REG}/{file}")
}

/// The import of `file_name` that is in force in `db`.
fn import_of(db: &Path, file_name: &str) -> Value {
    let stats = stats_json(db);
    let imports = stats["imports"].as_array().expect("imports").clone();
    imports
        .into_iter()
        .rev()
        .find(|i| i["file_name"] == file_name)
        .unwrap_or_else(|| panic!("no import of {file_name}"))
}

/// Rows written to a fact table, or a tally, of an import.
fn count(import: &Value, key: &str) -> u64 {
    import["row_counts"][key]
        .as_u64()
        .or_else(|| import["tallies"][key].as_u64())
        .unwrap_or(0)
}

/// Runs `locus` with `args`, which must fail; returns its stderr.
/// Merged TF → target edges of the store `db`.
fn edge_count(db: &Path) -> u64 {
    stats_json(db)["tf_target_edges"].as_u64().unwrap()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|s| s.as_str().expect("string").to_string())
        .collect()
}

fn numbers(v: &Value) -> Vec<u64> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|s| s.as_u64().expect("number"))
        .collect()
}

/// The edge to `partner` in a regulators/targets answer.
fn edge_to(list: &Value, partner: u64) -> &Value {
    list["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .find(|e| e["partner"]["gene_id"] == partner)
        .unwrap_or_else(|| panic!("no edge to {partner} in {}", list["symbol"]))
}

/// PubMed ids of a TFLink `tfs_of_` cell, a PubMed search URL:
/// `https://www.ncbi.nlm.nih.gov/pubmed/?term=22470139%5Buid%5D+OR+29087512%5Buid%5D`.
fn pmids_of_url(cell: &str) -> Vec<u64> {
    let (_, term) = cell.split_once("?term=").expect("a PubMed search URL");
    term.split("+OR+")
        .map(|t| t.trim_end_matches("%5Buid%5D").parse().expect("PubMed id"))
        .collect()
}

fn dedup_sorted(v: Vec<u64>) -> Vec<u64> {
    let mut v = sorted(v);
    v.dedup();
    v
}

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v
}

/// A list cell's items, sorted and each once, as an edge's lists are.
fn split_sorted(cell: &str, sep: char) -> Vec<String> {
    let mut items = sorted(
        cell.split(sep)
            .map(str::trim)
            .filter(|s| !s.is_empty() && *s != "-")
            .map(str::to_string)
            .collect(),
    );
    items.dedup();
    items
}

// ---------------------------------------------------------------------------
// 1. BAX and TFLink's tfs_of_Q07812.tsv
// ---------------------------------------------------------------------------

/// One row of `tfs_of_Q07812.tsv` as the file states it.
struct TfsOfRow {
    line: u64,
    raw: String,
    name: String,
    methods: Vec<String>,
    pmids: Vec<u64>,
    sources: Vec<String>,
    small_scale: bool,
}

/// Checks the BAX regulators of store `db` against `tfs_of_Q07812.tsv`
/// (all 571 TFs TFLink lists for BAX, UniProt Q07812), imported as
/// import `import_id` into a store holding nothing else regulatory.
async fn check_bax_against_tfs_of(db: &Path, import_id: i64) {
    let text = std::fs::read_to_string(reg("tfs_of_Q07812.tsv")).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(TFS_OF_HEADER));

    // The expected regulators: each row's GeneID if the store holds it;
    // else (`NA`, or TFLink's two GeneIDs `100271849,4207` for MEF2B when
    // the store holds both MEF2B and the BORCS8-MEF2B readthrough) the
    // gene the row's name names. Two rows may name one
    // gene: line 119, `O43245 NA p65`, is RELA by its NCBI synonym `p65`
    // (the only gene of the demo cut with it), and RELA has its own row.
    let store = common::kb_for(db);
    let mut expected: BTreeMap<u64, Vec<TfsOfRow>> = BTreeMap::new();
    let mut unresolvable: Vec<(u64, String)> = Vec::new();
    let mut rows = 0u64;
    for (i, raw) in lines.enumerate() {
        let line = i as u64 + 2;
        let c: Vec<&str> = raw.split('\t').collect();
        assert_eq!(c.len(), 8, "line {line}");
        rows += 1;
        let ids: Vec<u64> = if c[1] == "NA" {
            Vec::new()
        } else {
            c[1].split(',').map(|g| g.parse().unwrap()).collect()
        };
        let held: Vec<u64> = ids
            .iter()
            .copied()
            .filter(|&g| store.store().gene(GeneId(g)).unwrap().is_some())
            .collect();
        let gene = match held.as_slice() {
            [g] => Some(*g),
            _ => match store.resolve(c[2], Some(TaxId::HUMAN)).unwrap() {
                Resolution::Found { gene_id, .. } => Some(gene_id.get()),
                _ => None,
            },
        };
        let row = TfsOfRow {
            line,
            raw: raw.to_string(),
            name: c[2].to_string(),
            methods: split_sorted(c[3], ','),
            pmids: dedup_sorted(pmids_of_url(c[4])),
            sources: split_sorted(c[6], ','),
            small_scale: match c[7] {
                "Yes" => true,
                "No" => false,
                other => panic!("line {line}: Small-scale.evidence {other:?}"),
            },
        };
        match gene {
            Some(g) => expected.entry(g).or_default().push(row),
            None => unresolvable.push((line, c[2].to_string())),
        }
    }
    assert_eq!(rows, 571, "tfs_of_Q07812.tsv lists 571 TFs of BAX");
    // A0A126GW21 `OR2M7 D` (line 429) has no GeneID and its name is not an
    // NCBI symbol: the only row that cannot name a gene.
    assert_eq!(unresolvable, [(429, "OR2M7 D".to_string())]);

    let app = router_for(db);
    let list = get_json(&app, &format!("/api/v1/genes/{BAX}/regulators")).await;
    assert_eq!(list["symbol"], "BAX");
    let got: BTreeSet<u64> = list["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["partner"]["gene_id"].as_u64().unwrap())
        .collect();
    let want: BTreeSet<u64> = expected.keys().copied().collect();
    let unresolved = get_json(
        &app,
        &format!("/api/v1/imports/{import_id}/unresolved?limit=100000"),
    )
    .await;
    let unresolved = unresolved.as_array().unwrap();
    assert!(
        got == want,
        "the regulators of BAX must be exactly the TFs of tfs_of_Q07812.tsv that name a gene \
         ({} expected, {} found); missing: {:?}; extra: {:?}; first unresolved: {:?}",
        want.len(),
        got.len(),
        want.difference(&got).take(10).collect::<Vec<_>>(),
        got.difference(&want).take(10).collect::<Vec<_>>(),
        unresolved
            .iter()
            .take(3)
            .map(Value::to_string)
            .collect::<Vec<_>>()
    );
    assert_eq!(list["count"], want.len());

    // Every row is accounted for: an evidence row of an edge, or a line of
    // the unresolved list.
    let unresolved_lines: BTreeSet<u64> = unresolved
        .iter()
        .map(|u| u["line"].as_u64().unwrap())
        .collect();
    let evidence_rows: u64 = list["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["edge"]["evidence_rows"].as_u64().unwrap())
        .sum();
    assert_eq!(
        evidence_rows + unresolved_lines.len() as u64,
        rows,
        "{} edges with {evidence_rows} rows, {} unresolved lines",
        got.len(),
        unresolved_lines.len()
    );
    let or2m7 = unresolved
        .iter()
        .find(|u| u["identifier"].as_str().unwrap().contains("OR2M7 D"))
        .expect("OR2M7 D is listed as unresolved");
    assert_eq!(or2m7["line"], 429);
    assert_eq!(or2m7["role"], "tf");
    assert_eq!(or2m7["reason"], "not_found");

    // Each edge says what its file rows say (this file is the store's
    // only regulation): their sources, methods and PubMed ids, and TFLink's
    // own Small-scale.evidence flag.
    for e in list["edges"].as_array().unwrap() {
        let g = e["partner"]["gene_id"].as_u64().unwrap();
        let rows = &expected[&g];
        let edge = &e["edge"];
        let what: Vec<String> = rows
            .iter()
            .map(|r| format!("line {} ({})", r.line, r.name))
            .collect();
        let union = |f: fn(&TfsOfRow) -> Vec<String>| -> Vec<String> {
            let set: BTreeSet<String> = rows.iter().flat_map(f).collect();
            set.into_iter().collect()
        };
        let pmids: BTreeSet<u64> = rows.iter().flat_map(|r| r.pmids.clone()).collect();
        assert_eq!(edge["tf"], g, "{what:?}");
        assert_eq!(edge["target"], BAX, "{what:?}");
        assert_eq!(edge["evidence_rows"], rows.len(), "{what:?}");
        assert_eq!(
            strings(&edge["sources"]),
            union(|r| r.sources.clone()),
            "{what:?}"
        );
        assert_eq!(
            strings(&edge["methods"]),
            union(|r| r.methods.clone()),
            "{what:?}"
        );
        assert_eq!(
            numbers(&edge["pmids"]),
            pmids.into_iter().collect::<Vec<_>>(),
            "{what:?}"
        );
        assert_eq!(
            edge["small_scale"],
            rows.iter().any(|r| r.small_scale),
            "{what:?}"
        );
    }
    // Line 2: `Q9GZV5 25937 WWTR1 inferred by curator …22470139…29087512… TRRUST Yes`.
    let wwtr1 = &edge_to(&list, 25937)["edge"];
    assert_eq!(strings(&wwtr1["sources"]), ["TRRUST"]);
    assert_eq!(strings(&wwtr1["methods"]), ["inferred by curator"]);
    assert_eq!(numbers(&wwtr1["pmids"]), [22470139, 29087512]);
    assert_eq!(wwtr1["small_scale"], true);
    // `Q03112 2122 MECOM chromatin immunoprecipitation assay …27924024… GTRD No`.
    let mecom = &edge_to(&list, 2122)["edge"];
    assert_eq!(strings(&mecom["sources"]), ["GTRD"]);
    assert_eq!(
        strings(&mecom["methods"]),
        ["chromatin immunoprecipitation assay"]
    );
    assert_eq!(numbers(&mecom["pmids"]), [27924024]);
    assert_eq!(mecom["small_scale"], false);

    // The TSV form is TFLink's own layout; WWTR1's row comes back verbatim,
    // its PubmedID cell the same PubMed search URL as the source file's.
    let (status, ctype, tsv) =
        get(&app, &format!("/api/v1/genes/{BAX}/regulators?format=tsv")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(ctype.starts_with("text/tab-separated-values"), "{ctype}");
    let mut tsv_lines = tsv.lines();
    assert_eq!(tsv_lines.next(), Some(TFS_OF_HEADER));
    let tsv_rows: Vec<&str> = tsv_lines.collect();
    assert_eq!(tsv_rows.len(), want.len());
    let wwtr1_row = tsv_rows
        .iter()
        .find(|l| l.split('\t').nth(1) == Some("25937"))
        .expect("a WWTR1 row");
    assert_eq!(*wwtr1_row, expected[&25937][0].raw);
    for l in &tsv_rows {
        assert_eq!(l.split('\t').count(), 8, "{l}");
    }
}

/// The brief's setup: a store with NCBI gene_info only, then the TFLink
/// file. TFLink names the other end of every row (BAX) only by the UniProt
/// accession in the file name, Q07812.
#[tokio::test]
async fn bax_regulators_are_exactly_the_tfs_of_file_in_a_gene_info_store() {
    // NCBI gene_info has no UniProt cross-references, so the file's own
    // protein (Q07812, named only in the file name) cannot be mapped: the
    // import is refused with a message saying what to import first, and
    // the store keeps no half-imported file.
    let dir = tempfile::tempdir().unwrap();
    let db = common::fresh_store(dir.path(), "fresh.db");
    import_ok(
        &db,
        "gene-info",
        format!("{DEMO}/Homo_sapiens.gene_info.gz"),
    );
    let before = stats_json(&db)["facts"].clone();
    let out = locus()
        .args(["import", "--db"])
        .arg(&db)
        .arg("tflink-protein")
        .arg(reg("tfs_of_Q07812.tsv"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("none of the 571 rows")
            && err.contains("UniProt:Q07812")
            && err.contains("org.Hs.eg.db or a UniProt file"),
        "{err}"
    );
    assert_eq!(stats_json(&db)["facts"], before);
}

/// The same with org.Hs.eg.db's UniProt table in the store, which maps
/// Q07812 to BAX.
#[tokio::test]
async fn bax_regulators_are_exactly_the_tfs_of_file_when_uniprot_is_mapped() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::fresh_store(dir.path(), "fresh.db");
    import_ok(
        &db,
        "gene-info",
        format!("{DEMO}/Homo_sapiens.gene_info.gz"),
    );
    import_ok(&db, "orgdb", format!("{DEMO}/org.Hs.eg.subset.sqlite"));
    import_ok(&db, "tflink-protein", reg("tfs_of_Q07812.tsv"));
    let import = import_of(&db, "tfs_of_Q07812.tsv");
    assert_eq!(count(&import, "regulation"), 570);
    assert_eq!(count(&import, "regulation_rows_skipped"), 1);
    assert_eq!(count(&import, "unresolved_not_found"), 1);
    check_bax_against_tfs_of(&db, import["id"].as_i64().unwrap()).await;
}

// ---------------------------------------------------------------------------
// 2. BACH1 → HMOX1: TRRUST says both, CollecTRI says repression
// ---------------------------------------------------------------------------

#[tokio::test]
async fn bach1_hmox1_is_conflicting_with_every_source_row() {
    let app = router();
    let list = get_json(&app, "/api/v1/genes/BACH1/targets?evidence=true").await;
    assert_eq!(list["gene_id"], BACH1);
    let e = edge_to(&list, HMOX1);
    let edge = &e["edge"];
    let rows = e["evidence"]
        .as_array()
        .expect("evidence=true gives the rows");

    // trrust_rawdata.human.tsv:
    //   BACH1 HMOX1 Activation 17942419
    //   BACH1 HMOX1 Repression 17409198;18550526;21982894
    let trrust: Vec<&Value> = rows.iter().filter(|r| r["resource"] == "trrust").collect();
    assert_eq!(trrust.len(), 2, "{rows:?}");
    let repression = trrust
        .iter()
        .find(|r| r["mode"] == "repression")
        .expect("a TRRUST Repression row");
    assert_eq!(
        numbers(&repression["pmids"]),
        [17409198, 18550526, 21982894]
    );
    assert_eq!(strings(&repression["databases"]), ["TRRUST"]);
    let activation = trrust
        .iter()
        .find(|r| r["mode"] == "activation")
        .expect("a TRRUST Activation row");
    assert_eq!(numbers(&activation["pmids"]), [17942419]);
    // collectri.csv: "BACH1","HMOX1",-1
    let collectri: Vec<&Value> = rows
        .iter()
        .filter(|r| r["resource"] == "collectri")
        .collect();
    assert_eq!(collectri.len(), 1);
    assert_eq!(collectri[0]["weight"], -1.0);
    assert_eq!(strings(&collectri[0]["databases"]), ["CollecTRI"]);

    assert_eq!(edge["mode"], "conflicting");
    assert_eq!(edge["activation_rows"], 1);
    assert!(edge["repression_rows"].as_u64().unwrap() >= 2, "{edge}");
    assert_eq!(edge["evidence_rows"], rows.len());
    let union: BTreeSet<u64> = rows.iter().flat_map(|r| numbers(&r["pmids"])).collect();
    assert_eq!(
        numbers(&edge["pmids"]),
        union.into_iter().collect::<Vec<_>>()
    );
    assert_eq!(
        numbers(&edge["pmids"]),
        [17409198, 17942419, 18550526, 21982894]
    );
    let sources = strings(&edge["sources"]);
    assert!(sources.contains(&"TRRUST".to_string()) && sources.contains(&"CollecTRI".to_string()));
    assert_eq!(edge["small_scale"], true, "TRRUST rows are small-scale");

    // The gene page's "Regulates" table says so in HMOX1's row.
    let (status, _, html) = get(&app, "/genes/BACH1").await;
    assert_eq!(status, StatusCode::OK);
    let targets = &html[html.find(r#"id="targets""#).expect("targets table")..];
    let row = table_row_of(targets, r#"href="/genes/HMOX1""#);
    assert!(row.contains("conflicting"), "{row}");
    assert!(row.contains("(1 act / "), "{row}");
    assert!(row.contains("CollecTRI") && row.contains("TRRUST"), "{row}");
}

/// The `<tr>…</tr>` of an HTML table that contains `needle`.
fn table_row_of<'a>(html: &'a str, needle: &str) -> &'a str {
    let at = html
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not found"));
    let start = html[..at].rfind("<tr").expect("row start");
    let end = at + html[at..].find("</tr>").expect("row end");
    &html[start..end]
}

// ---------------------------------------------------------------------------
// 3. An edge is the union of its rows
// ---------------------------------------------------------------------------

/// The documented small-scale rule (`locus_model::row_is_small_scale`),
/// written out again: a row's own flag if it has one (TFLink), else
/// whether it comes from TRRUST, TRED or DoRothEA (`_via_DoRothEA` copies
/// included).
fn row_small_scale(row: &Value) -> bool {
    match row["small_scale"].as_bool() {
        Some(flag) => flag,
        None => strings(&row["databases"]).iter().any(|db| {
            let db = db.strip_suffix("_via_DoRothEA").unwrap_or(db);
            ["TRRUST", "TRED", "DoRothEA"].contains(&db)
        }),
    }
}

/// The sign a row votes for: its mode, else the sign of its weight.
fn row_vote(row: &Value) -> Option<&'static str> {
    match row["mode"].as_str() {
        Some("activation") => Some("activation"),
        Some("repression") => Some("repression"),
        Some(_) => None,
        None => match row["weight"].as_f64() {
            Some(w) if w > 0.0 => Some("activation"),
            Some(w) if w < 0.0 => Some("repression"),
            _ => None,
        },
    }
}

#[tokio::test]
async fn merged_edges_are_the_union_of_their_rows() {
    let app = router();
    let list = get_json(&app, "/api/v1/genes/TP53/targets?evidence=true").await;
    let edges = list["edges"].as_array().unwrap();
    assert!(edges.len() > 100, "TP53 has many targets in the demo");
    let mut multi_source = 0;
    for e in edges {
        let edge = &e["edge"];
        let what = format!("TP53 → {}", e["partner"]["symbol"]);
        let rows = e["evidence"].as_array().unwrap();
        assert_eq!(edge["evidence_rows"], rows.len(), "{what}");
        let sources: BTreeSet<String> =
            rows.iter().flat_map(|r| strings(&r["databases"])).collect();
        assert_eq!(
            strings(&edge["sources"]),
            sources.into_iter().collect::<Vec<_>>(),
            "{what}"
        );
        let methods: BTreeSet<String> = rows.iter().flat_map(|r| strings(&r["methods"])).collect();
        assert_eq!(
            strings(&edge["methods"]),
            methods.into_iter().collect::<Vec<_>>(),
            "{what}"
        );
        let pmids: BTreeSet<u64> = rows.iter().flat_map(|r| numbers(&r["pmids"])).collect();
        assert_eq!(
            numbers(&edge["pmids"]),
            pmids.into_iter().collect::<Vec<_>>(),
            "{what}"
        );
        assert_eq!(
            edge["small_scale"],
            rows.iter().any(row_small_scale),
            "{what}"
        );
        let act = rows
            .iter()
            .filter(|r| row_vote(r) == Some("activation"))
            .count();
        let rep = rows
            .iter()
            .filter(|r| row_vote(r) == Some("repression"))
            .count();
        assert_eq!(edge["activation_rows"], act, "{what}");
        assert_eq!(edge["repression_rows"], rep, "{what}");
        let mode = match (act > 0, rep > 0) {
            (true, false) => "activation",
            (false, true) => "repression",
            (true, true) => "conflicting",
            (false, false) => "unknown",
        };
        assert_eq!(edge["mode"], mode, "{what}");
        let resources: BTreeSet<&str> = rows
            .iter()
            .map(|r| r["resource"].as_str().unwrap())
            .collect();
        if strings(&edge["sources"]).len() >= 3 && resources.len() >= 3 {
            multi_source += 1;
        }
    }
    assert!(
        multi_source > 0,
        "some TP53 edge is listed by three sources from three imports"
    );
}

// ---------------------------------------------------------------------------
// 4. Names that are not genes are reported, never guessed
// ---------------------------------------------------------------------------
//
// An ambiguous name (an alias of two genes of the store) is not tested
// here: no committed network row has one. Every symbol of the committed
// TRRUST, CollecTRI, DoRothEA, RegNetwork and TFLink files is either an
// official symbol of the demo store or an alias of at most one of its genes
// (the demo import reports 0 ambiguous). The resolver's unit tests cover
// NRF2 (NFE2L2, GABPA); the demo pages test covers it for queries.

/// A fresh store with the demo's human gene_info and then a copy of the
/// demo's CollecTRI cut, with that file's rows as (line, source, target).
struct CollectriStore {
    _dir: tempfile::TempDir,
    db: PathBuf,
    stderr: String,
    rows: Vec<(u64, String, String)>,
    import: Value,
}

impl CollectriStore {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = common::fresh_store(dir.path(), "fresh.db");
        import_ok(
            &db,
            "gene-info",
            format!("{DEMO}/Homo_sapiens.gene_info.gz"),
        );
        let csv = dir.path().join("collectri.csv");
        std::fs::copy(reg("collectri.csv"), &csv).unwrap();
        let out = import_ok(&db, "collectri", &csv);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        // Header, then one row per line: `"source","target",weight`.
        let text = std::fs::read_to_string(&csv).unwrap();
        let rows = text
            .lines()
            .enumerate()
            .skip(1)
            .map(|(i, l)| {
                let c: Vec<&str> = l.split(',').collect();
                (
                    i as u64 + 1,
                    c[0].trim_matches('"').to_string(),
                    c[1].trim_matches('"').to_string(),
                )
            })
            .collect();
        let import = import_of(&db, "collectri.csv");
        CollectriStore {
            _dir: dir,
            db,
            stderr,
            rows,
            import,
        }
    }

    fn id(&self) -> i64 {
        self.import["id"].as_i64().unwrap()
    }

    /// The lines whose TF is `name`.
    fn lines_of(&self, name: &str) -> Vec<u64> {
        self.rows
            .iter()
            .filter(|(_, tf, _)| tf == name)
            .map(|(l, _, _)| *l)
            .collect()
    }

    /// The file's targets of TF `name`, with the number of rows of each.
    fn targets_of(&self, name: &str) -> BTreeMap<String, usize> {
        let mut m = BTreeMap::new();
        for (_, tf, target) in &self.rows {
            if tf == name {
                *m.entry(target.clone()).or_default() += 1;
            }
        }
        m
    }

    async fn unresolved(&self, app: &axum::Router) -> Vec<Value> {
        let v = get_json(
            app,
            &format!("/api/v1/imports/{}/unresolved?limit=100000", self.id()),
        )
        .await;
        v.as_array().unwrap().clone()
    }

    /// The TF GeneID each line of the file was written with, read back
    /// through the API: every edge of the store (the simpleFormat
    /// download) with its evidence rows, which carry import and line.
    async fn written_tfs(&self, app: &axum::Router) -> BTreeMap<u64, u64> {
        let (status, _, tsv) = get(app, "/downloads/9606/tflink_simpleFormat.tsv").await;
        assert_eq!(status, StatusCode::OK);
        let tfs: BTreeSet<u64> = tsv
            .lines()
            .skip(1)
            .map(|l| l.split('\t').nth(2).unwrap().parse().unwrap())
            .collect();
        let mut out = BTreeMap::new();
        for tf in tfs {
            let list = get_json(app, &format!("/api/v1/genes/{tf}/targets?evidence=true")).await;
            for e in list["edges"].as_array().unwrap() {
                for row in e["evidence"].as_array().unwrap() {
                    if row["import_id"].as_i64() == Some(self.id()) {
                        out.insert(row["line"].as_u64().unwrap(), tf);
                    }
                }
            }
        }
        out
    }
}

/// The targets a store gives TF `gene`, with the rows of each edge.
async fn store_targets(app: &axum::Router, gene: u64) -> BTreeMap<String, usize> {
    let list = get_json(app, &format!("/api/v1/genes/{gene}/targets")).await;
    list["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["partner"]["symbol"].as_str().unwrap().to_string(),
                e["edge"]["evidence_rows"].as_u64().unwrap() as usize,
            )
        })
        .collect()
}

/// NF-kB, which CollecTRI writes `NFKB` (decoupleR's
/// `split_complexes = FALSE`), names no gene: its rows are counted, listed
/// by the API and `locus unresolved`, and said on stderr at import.
#[tokio::test]
async fn collectri_unresolved_names_are_counted_and_listed() {
    let c = CollectriStore::new();
    let id = c.id();
    let nfkb = c.lines_of("NFKB");
    assert!(!nfkb.is_empty(), "the demo cut has NFKB rows");

    let not_found = count(&c.import, "unresolved_not_found");
    let complex = count(&c.import, "unresolved_complex");
    assert!(not_found > 0 && complex > 0, "{}", c.import);
    assert_eq!(
        count(&c.import, "regulation") + count(&c.import, "regulation_rows_skipped"),
        c.rows.len() as u64,
        "every row is imported or counted as skipped: {}",
        c.import
    );
    assert_eq!(count(&c.import, "unresolved_ambiguous"), 0, "{}", c.import);
    assert!(
        c.stderr.contains(&format!(
            "{} identifiers not resolved ({not_found} named no gene, {complex} named a protein complex) (`locus unresolved {id}`)",
            not_found + complex
        )),
        "{}",
        c.stderr
    );
    assert!(
        c.stderr.contains(&format!("locus unresolved {id}")),
        "{}",
        c.stderr
    );

    let app = router_for(&c.db);
    let unresolved = c.unresolved(&app).await;
    let written = c.written_tfs(&app).await;
    assert_eq!(unresolved.len() as u64, not_found + complex);
    for line in &nfkb {
        assert!(
            unresolved.iter().any(|u| u["line"] == *line
                && u["role"] == "tf"
                && u["identifier"] == "NFKB"
                && u["reason"] == "complex"),
            "line {line} (NFKB) is listed as a complex"
        );
        assert_eq!(written.get(line), None, "line {line} (NFKB) wrote a row");
    }
    // NFKB did not become NFKB1: NFKB1's edges are those of the rows naming
    // NFKB1 ("NFKB1","TP53",1 …), one row each.
    assert_eq!(store_targets(&app, NFKB1).await, c.targets_of("NFKB1"));

    let out = locus_ok([
        std::ffi::OsStr::new("unresolved"),
        "--db".as_ref(),
        c.db.as_os_str(),
        id.to_string().as_ref(),
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("line\trole\tidentifier\treason\tcandidates\n"));
    assert_eq!(
        text.lines().count() as u64,
        not_found + complex + 1,
        "{text}"
    );
    for line in &nfkb {
        assert!(
            text.contains(&format!("\n{line}\ttf\tNFKB\tcomplex\t")),
            "`locus unresolved {id}` must list line {line}: {text}"
        );
    }
}

/// AP-1, which CollecTRI writes `AP1`, is a complex too; but `AP1` is
/// also an NCBI synonym of JUN (gene_info: `AP-1|AP1|c-Jun|cJUN|p39`).
/// The CollecTRI importer documents that complexes are "passed on as they
/// are and the store reports them as unresolved"; a complex's rows must
/// not become edges of one member gene.
#[tokio::test]
async fn collectri_complexes_are_not_resolved_to_a_member_gene() {
    let c = CollectriStore::new();
    let app = router_for(&c.db);
    let unresolved = c.unresolved(&app).await;
    let written = c.written_tfs(&app).await;
    let mut wrong = Vec::new();
    for name in ["AP1", "NFKB"] {
        let lines = c.lines_of(name);
        assert!(!lines.is_empty(), "the demo cut has {name} rows");
        for line in lines {
            let listed = unresolved.iter().any(|u| {
                u["line"] == line
                    && u["role"] == "tf"
                    && u["identifier"] == name
                    && u["reason"] == "complex"
            });
            if let Some(g) = written.get(&line) {
                wrong.push(format!("line {line}: {name} imported as GeneID {g}"));
            } else if !listed {
                wrong.push(format!("line {line}: {name} not listed as not_found"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "CollecTRI complexes must be reported, not resolved to a gene: {wrong:?}"
    );
    // JUN regulates only what the rows naming JUN say ("JUN","TP53",-1 and
    // "JUN","HMOX1",1), one row each; not BAX, which only AP1 regulates.
    assert_eq!(store_targets(&app, JUN).await, c.targets_of("JUN"));
}

// ---------------------------------------------------------------------------
// 5. Malformed rows: file:line, field, nothing changed
// ---------------------------------------------------------------------------

/// One corruption of one line of a real file.
struct Corruption {
    kind: &'static str,
    src: String,
    /// Where the copy goes, under the temporary directory (DoRothEA
    /// tables are named by their directory).
    dst: &'static str,
    line: usize,
    edit: fn(&str) -> String,
    /// The field the error must name, if it is about one field.
    field: Option<&'static str>,
    /// Words the message must contain besides.
    says: &'static str,
}

fn set_cell(line: &str, sep: char, index: usize, value: &str) -> String {
    let mut cells: Vec<&str> = if sep == ' ' {
        line.split_whitespace().collect()
    } else {
        line.split(sep).collect()
    };
    cells[index] = value;
    cells.join(&sep.to_string())
}

fn drop_last_cell(line: &str, sep: char) -> String {
    line.rsplit_once(sep).expect("several cells").0.to_string()
}

fn corruptions() -> Vec<Corruption> {
    vec![
        Corruption {
            kind: "tflink",
            src: format!("{CUTS}/tflink/tflink_homo_sapiens_interactions.tsv"),
            dst: "tflink_homo_sapiens_interactions.tsv",
            line: 6,
            edit: |l| set_cell(l, '\t', 10, "Maybe"),
            field: Some("Small-scale.evidence"),
            says: "expected `Yes` or `No`",
        },
        Corruption {
            kind: "tflink",
            src: format!("{CUTS}/tflink/tflink_homo_sapiens_interactions.tsv"),
            dst: "tflink_homo_sapiens_interactions.tsv",
            line: 12,
            edit: |l| drop_last_cell(l, '\t'),
            field: None,
            says: "expected 15 tab-separated columns, found 14",
        },
        Corruption {
            kind: "tflink-protein",
            src: reg("tfs_of_Q07812.tsv"),
            dst: "tfs_of_Q07812.tsv",
            line: 300,
            edit: |l| set_cell(l, '\t', 7, "Maybe"),
            field: Some("Small-scale.evidence"),
            says: "expected `Yes` or `No`",
        },
        Corruption {
            kind: "tflink-protein",
            src: reg("tfs_of_Q07812.tsv"),
            dst: "tfs_of_Q07812.tsv",
            line: 400,
            edit: |l| set_cell(l, '\t', 1, "25937x"),
            field: Some("NCBI.GeneID.TF"),
            says: "not an NCBI GeneID",
        },
        Corruption {
            kind: "trrust",
            src: reg("trrust_rawdata.human.tsv"),
            dst: "trrust_rawdata.human.tsv",
            line: 200,
            edit: |l| set_cell(l, '\t', 2, "Activates"),
            field: Some("mode"),
            says: "expected Activation, Repression or Unknown",
        },
        Corruption {
            kind: "trrust",
            src: reg("trrust_rawdata.human.tsv"),
            dst: "trrust_rawdata.human.tsv",
            line: 250,
            edit: |l| drop_last_cell(l, '\t'),
            field: None,
            says: "expected 4 tab-separated columns, found 3",
        },
        Corruption {
            kind: "collectri",
            src: reg("collectri.csv"),
            dst: "collectri.csv",
            line: 700,
            edit: |l| set_cell(l, ',', 2, "strong"),
            field: Some("weight"),
            says: "not a finite number",
        },
        Corruption {
            kind: "dorothea",
            src: reg("dorothea/trrust/network_with_pubmed.sif"),
            dst: "trrust/network_with_pubmed.sif",
            line: 100,
            edit: |l| set_cell(l, ',', 2, "x"),
            field: Some("mor"),
            says: "not a finite number",
        },
        Corruption {
            kind: "dorothea",
            src: reg("dorothea/trrust/network_with_pubmed.sif"),
            dst: "trrust/network_with_pubmed.sif",
            line: 105,
            edit: |l| set_cell(l, ',', 3, "11278253x"),
            field: Some("pubmed_id"),
            says: "not a PubMed id",
        },
        Corruption {
            kind: "regnetwork",
            src: reg("new_kegg.human.reg.direction.txt"),
            dst: "new_kegg.human.reg.direction.txt",
            line: 50,
            edit: |l| set_cell(l, ' ', 1, "7157x"),
            field: Some("TF ID"),
            says: "not a GeneID",
        },
        Corruption {
            kind: "orthologs",
            src: format!("{CUTS}/orthologs/human_to_mouse.csv"),
            dst: "human_to_mouse.csv",
            line: 9,
            edit: |l| set_cell(l, ',', 5, "2"),
            field: Some("Mouse orthology confidence [0 low, 1 high]"),
            says: "expected 0 or 1",
        },
        Corruption {
            kind: "string",
            src: format!("{CUTS}/string/9606.protein.links.detailed.v12.0.txt"),
            dst: "9606.protein.links.detailed.v12.0.txt",
            line: 5,
            edit: |l| set_cell(l, ' ', 9, "1001"),
            field: Some("combined_score"),
            says: "expected a score from 0 to 1000",
        },
    ]
}

#[test]
fn malformed_network_rows_name_file_line_and_field_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_copy(dir.path());
    let before = stats_json(&db);
    let edges_before = edge_count(&db);
    let mut kinds = BTreeSet::new();
    for (n, c) in corruptions().into_iter().enumerate() {
        kinds.insert(c.kind);
        // Each corruption in its own directory, the file keeping its name.
        let dst: PathBuf = dir.path().join(format!("case{n}")).join(c.dst);
        std::fs::create_dir_all(dst.parent().unwrap()).unwrap();
        let text = std::fs::read_to_string(&c.src).unwrap();
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let original = lines[c.line - 1].clone();
        let edited = (c.edit)(&original);
        assert_ne!(
            edited, original,
            "{}: the edit changes line {}",
            c.src, c.line
        );
        lines[c.line - 1] = edited;
        std::fs::write(&dst, lines.join("\n") + "\n").unwrap();

        let err = locus_fails([
            "import".as_ref(),
            "--db".as_ref(),
            db.as_os_str(),
            c.kind.as_ref(),
            dst.as_os_str(),
        ]);
        let name = dst.file_name().unwrap().to_string_lossy();
        let what = format!("{} ({} line {})", c.kind, c.dst, c.line);
        assert!(
            err.contains(&format!("{name}:{}:", c.line)),
            "{what}: the error must name file and line: {err}"
        );
        if let Some(field) = c.field {
            assert!(
                err.contains(&format!("field `{field}`")),
                "{what}: the error must name the field {field}: {err}"
            );
        }
        assert!(err.contains(c.says), "{what}: {err}");
        assert!(err.contains("the store is unchanged"), "{what}: {err}");
        assert_eq!(before, stats_json(&db), "{what} changed the store");
        assert_eq!(edges_before, edge_count(&db), "{what} changed the edges");
    }
    let all: BTreeSet<&str> = [
        "tflink",
        "tflink-protein",
        "trrust",
        "collectri",
        "dorothea",
        "regnetwork",
        "orthologs",
        "string",
    ]
    .into();
    assert_eq!(kinds, all);
}

// ---------------------------------------------------------------------------
// 6. Organism
// ---------------------------------------------------------------------------

#[tokio::test]
async fn trrust_mouse_file_is_mouse_and_an_unnamed_file_needs_organism() {
    // The demo imported trrust_rawdata.mouse.tsv; its Bach1 rows:
    //   Bach1 Hmox1 Repression 12356737;…;25463280 (12 ids)
    //   Bach1 Hmox1 Unknown    17257585;24613086
    let app = router();
    let list = get_json(&app, "/api/v1/genes/Bach1/targets?organism=mouse").await;
    assert_eq!(list["gene_id"], MOUSE_BACH1);
    let file = std::fs::read_to_string(reg("trrust_rawdata.mouse.tsv")).unwrap();
    let file_rows: Vec<Vec<&str>> = file
        .lines()
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|c| c[0] == "Bach1")
        .collect();
    let file_targets: BTreeSet<&str> = file_rows.iter().map(|c| c[1]).collect();
    let got: BTreeSet<&str> = list["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["partner"]["symbol"].as_str().unwrap())
        .collect();
    assert_eq!(got, file_targets);
    for e in list["edges"].as_array().unwrap() {
        assert_eq!(e["partner"]["tax_id"], 10090, "{e}");
        assert_eq!(e["edge"]["tax_id"], 10090, "{e}");
        assert_eq!(strings(&e["edge"]["sources"]), ["TRRUST"]);
    }
    let hmox1 = &edge_to(&list, MOUSE_HMOX1)["edge"];
    let pmids: BTreeSet<u64> = file_rows
        .iter()
        .filter(|c| c[1] == "Hmox1")
        .flat_map(|c| c[3].split(';').map(|p| p.trim().parse::<u64>().unwrap()))
        .collect();
    assert_eq!(
        numbers(&hmox1["pmids"]),
        pmids.into_iter().collect::<Vec<_>>()
    );
    assert_eq!(hmox1["evidence_rows"], 2);
    assert_eq!(hmox1["mode"], "repression", "the Unknown row does not vote");
    // Human BACH1's targets are human genes only.
    let human = get_json(&app, "/api/v1/genes/BACH1/targets").await;
    for e in human["edges"].as_array().unwrap() {
        assert_eq!(e["partner"]["tax_id"], 9606, "{e}");
    }
    // The mouse gene page shows the rows.
    let (status, _, html) = get(&app, "/genes/Bach1?organism=mouse").await;
    assert_eq!(status, StatusCode::OK);
    let targets = &html[html.find(r#"id="targets""#).expect("targets table")..];
    let row = table_row_of(targets, &format!(r#"href="/genes/{MOUSE_HMOX1}""#));
    assert!(row.contains("Hmox1") && row.contains("TRRUST"), "{row}");

    // The human file under a name that says no organism: refused, unchanged.
    let dir = tempfile::tempdir().unwrap();
    let db = demo_copy(dir.path());
    let before = stats_json(&db);
    let plain = dir.path().join("trrust_rawdata.tsv");
    std::fs::copy(reg("trrust_rawdata.human.tsv"), &plain).unwrap();
    let err = locus_fails([
        "import".as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
        "trrust".as_ref(),
        plain.as_os_str(),
    ]);
    assert!(err.contains("trrust_rawdata.tsv"), "{err}");
    assert!(err.contains("pass --organism"), "{err}");
    assert_eq!(before, stats_json(&db));

    // Accepted with --organism human, with the same rows as the named file.
    locus_ok([
        "import".as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
        "trrust".as_ref(),
        plain.as_os_str(),
        "--organism".as_ref(),
        std::ffi::OsStr::new("human"),
    ]);
    let named = import_of(&db, "trrust_rawdata.human.tsv");
    let unnamed = import_of(&db, "trrust_rawdata.tsv");
    assert_eq!(named["row_counts"], unnamed["row_counts"]);
    assert_eq!(named["tallies"], unnamed["tallies"]);
    let app = router_for(&db);
    let list = get_json(&app, "/api/v1/genes/BACH1/targets?evidence=true").await;
    let rows = edge_to(&list, HMOX1)["evidence"]
        .as_array()
        .unwrap()
        .clone();
    let from_unnamed = rows
        .iter()
        .filter(|r| r["import_id"] == unnamed["id"])
        .count();
    assert_eq!(from_unnamed, 2, "both BACH1 → HMOX1 lines, as human genes");
}

// ---------------------------------------------------------------------------
// 7. Graph: neighbours, paths, subgraphs
// ---------------------------------------------------------------------------

/// Diseases, phenotypes and GO terms are nodes of the knowledge graph: a
/// term's neighbours are its genes, with the sources of each association;
/// paths walk through terms only when their kind is named (a hub term
/// would join most genes in two hops); subgraphs take term ids; ids of
/// other vocabularies and GO's alternative ids resolve.
#[tokio::test]
async fn terms_are_graph_nodes() {
    let app = router();
    // Breast cancer (OMIM:114480): six genes in the demo's cut of HPO's
    // genes_to_disease and NCBI's mim2gene_medgen, each stated by both.
    let n = get_json(&app, "/api/v1/terms/OMIM:114480/neighbors").await;
    assert_eq!(
        n["node"]["entity"],
        serde_json::json!({"kind": "disease", "id": "OMIM:114480"})
    );
    assert_eq!(n["node"]["label"], "Breast cancer");
    assert_eq!(n["node"]["path"], "/diseases/OMIM:114480");
    assert!(n["node"]["gene_id"].is_null());
    let genes: BTreeSet<u64> = n["neighbors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["node"]["gene_id"].as_u64().unwrap())
        .collect();
    assert_eq!(genes, BTreeSet::from([207, 472, 672, 675, 2099, TP53]));
    for x in n["neighbors"].as_array().unwrap() {
        assert_eq!(x["edge"]["kind"], "disease");
        assert_eq!(x["direction"], "undirected");
        assert_eq!(strings(&x["edge"]["sources"]), ["HPO", "MedGen"]);
        assert_eq!(x["edge"]["to"]["id"], "OMIM:114480");
    }
    // From the gene's side: TP53's disease edges are its diseases.
    let t = get_json(
        &app,
        "/api/v1/genes/TP53/neighbors?types=disease&limit=1000",
    )
    .await;
    let doc = get_json(&app, "/api/v1/genes/TP53").await;
    assert_eq!(t["total"], doc["knowledge_graph"]["diseases"]);
    assert!(t["neighbors"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["node"]["entity"]["id"] == "OMIM:114480"));
    // Without `types`, a path walks gene–gene edges only ...
    let p = get_json(&app, "/api/v1/graph/path?from=BRCA1&to=BRCA2&max_hops=2").await;
    assert_eq!(
        strings(&p["types"]),
        ["regulation", "interaction", "orthology"]
    );
    for path in p["paths"].as_array().unwrap() {
        for h in path["hops"].as_array().unwrap() {
            assert!(
                h["from"]["kind"] == "gene" && h["to"]["kind"] == "gene",
                "{h}"
            );
        }
    }
    // ... and with diseases named, BRCA1 and BRCA2 meet in the diseases
    // both are associated with, each hop with its evidence.
    let p = get_json(
        &app,
        "/api/v1/graph/path?from=BRCA1&to=BRCA2&types=disease&max_hops=2&max_paths=50",
    )
    .await;
    assert_eq!(p["length"], 2);
    let middles: BTreeSet<String> = p["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|path| {
            assert_eq!(path["nodes"][1]["entity"]["kind"], "disease");
            let hop = &path["hops"][0];
            let rows = hop["disease"].as_array().expect("disease evidence");
            assert!(!rows.is_empty(), "{hop}");
            assert!(rows
                .iter()
                .all(|r| r["disease"]["id"] == path["nodes"][1]["entity"]["id"]
                    && r["gene"]["gene_id"] == 672));
            path["nodes"][1]["entity"]["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(middles.contains("OMIM:114480"), "{middles:?}");
    // From a term to a gene: breast cancer — TP53 → HMOX1.
    let p = get_json(
        &app,
        "/api/v1/graph/path?from=OMIM:114480&to=HMOX1&types=disease,regulation",
    )
    .await;
    assert_eq!(p["length"], 2);
    let labels: Vec<&str> = p["paths"][0]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Breast cancer", "TP53", "HMOX1"]);
    // A term is only reached over its own kind of edge.
    let p = get_json(&app, "/api/v1/graph/path?from=OMIM:114480&to=TP53").await;
    assert!(p["length"].is_null());
    // The subgraph of a disease and two of its genes.
    let s = get_json(&app, "/api/v1/graph/subgraph?genes=OMIM:114480,BRCA1,TP53").await;
    let edges: BTreeSet<(String, String, String)> = s["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["from"]["id"].to_string(),
                e["to"]["id"].to_string(),
                e["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        edges.contains(&("672".into(), "\"OMIM:114480\"".into(), "disease".into())),
        "{edges:?}"
    );
    assert!(
        edges.contains(&("7157".into(), "672".into(), "regulation".into())),
        "{edges:?}"
    );
    assert_eq!(s["nodes"].as_array().unwrap().len(), 3);
    // GO's alternative id GO:0000980 is GO:0000978 (GO.db's go_synonym).
    let n = get_json(&app, "/api/v1/terms/GO:0000980/neighbors?limit=1").await;
    assert_eq!(n["node"]["entity"]["id"], "GO:0000978");
    // Unknown terms are 404, malformed ids 400.
    for url in [
        "/api/v1/terms/HP:9999999/neighbors",
        "/api/v1/graph/path?from=HP:9999999&to=TP53",
    ] {
        let (status, _, body) = get(&app, url).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{url}: {body}");
    }
    let (status, _, _) = get(&app, "/api/v1/terms/hp:1/neighbors").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // The disease page draws the term's neighbourhood.
    let (_, _, html) = get(&app, "/diseases/OMIM:114480").await;
    assert!(html.contains(r#"data-neighbors="/api/v1/terms/OMIM:114480/neighbors""#));
    assert!(html.contains("<strong>6 genes</strong>"));
    // The gene's knowledge-graph counts as TSV name the term kinds too.
    let (_, _, tsv) = get(&app, "/api/v1/genes/7157/knowledge_graph?format=tsv").await;
    let diseases = doc["knowledge_graph"]["diseases"].as_u64().unwrap();
    assert!(diseases > 0);
    assert!(
        tsv.contains(&format!("\n7157\tdisease\t{diseases}\n")),
        "{tsv}"
    );
    assert!(tsv.contains("\n7157\tgo_annotation\t"), "{tsv}");
    // A gene article counts every edge and links to the page's graph.
    let (_, _, html) = get(&app, "/wiki/gene/BACH1").await;
    assert!(
        html.contains(r##"<a href="/genes/571#graph">78 edges</a>"##),
        "BACH1: 26 gene–gene edges, 21 GO terms, and 19 genes, 8 diseases and 4 chemicals its texts name with it"
    );
}

#[tokio::test]
async fn graph_neighbors_paths_and_subgraph() {
    let app = router();
    let n = get_json(
        &app,
        "/api/v1/genes/BACH1/neighbors?types=regulation&limit=5",
    )
    .await;
    assert_eq!(n["node"]["gene_id"], BACH1);
    assert_eq!(
        n["node"]["entity"],
        serde_json::json!({"kind": "gene", "id": BACH1})
    );
    let neighbors = n["neighbors"].as_array().unwrap();
    assert!(neighbors.len() <= 5 && !neighbors.is_empty(), "{n}");
    assert_eq!(n["shown"], neighbors.len());
    assert!(n["total"].as_u64().unwrap() >= 5, "{n}");
    let strengths: Vec<u64> = neighbors
        .iter()
        .map(|x| x["edge"]["strength"].as_u64().unwrap())
        .collect();
    assert!(
        strengths.windows(2).all(|w| w[0] >= w[1]),
        "strongest first: {strengths:?}"
    );
    for x in neighbors {
        assert_eq!(x["edge"]["kind"], "regulation");
    }
    // HMOX1 (three sources, four PubMed ids) is BACH1's strongest regulation edge.
    assert_eq!(neighbors[0]["node"]["gene_id"], HMOX1);
    let (status, _, body) = get(&app, "/api/v1/genes/BACH1/neighbors?types=nonsense").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    // BACH1 and TP53 share no edge of any kind …
    let all = get_json(&app, "/api/v1/genes/BACH1/neighbors?limit=1000").await;
    assert!(all["neighbors"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["node"]["gene_id"] != TP53));
    let p = get_json(&app, "/api/v1/graph/path?from=BACH1&to=TP53&max_hops=1").await;
    assert_eq!(p["length"], Value::Null);
    assert_eq!(p["paths"].as_array().unwrap().len(), 0);
    // … but are connected within three hops.
    let p = get_json(&app, "/api/v1/graph/path?from=BACH1&to=TP53&max_hops=3").await;
    let paths = p["paths"].as_array().unwrap();
    assert!(!paths.is_empty(), "{p}");
    let length = p["length"].as_u64().expect("a length");
    assert!((2..=3).contains(&length), "{p}");
    for path in paths {
        let genes: Vec<u64> = path["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["gene_id"].as_u64().unwrap())
            .collect();
        let hops = path["hops"].as_array().unwrap();
        assert_eq!(genes.first(), Some(&BACH1));
        assert_eq!(genes.last(), Some(&TP53));
        assert_eq!(hops.len() as u64, length);
        assert_eq!(hops.len() + 1, genes.len());
        for (i, h) in hops.iter().enumerate() {
            assert_eq!(h["from"]["id"], genes[i], "{h}");
            assert_eq!(h["to"]["id"], genes[i + 1], "{h}");
            if h["kind"] != "regulation" {
                continue;
            }
            let edge = &h["regulation"];
            let rows = h["regulation_rows"].as_array().expect("regulation_rows");
            assert!(!rows.is_empty(), "{h}");
            assert_eq!(edge["evidence_rows"], rows.len());
            let (tf, target) = match h["direction"].as_str().unwrap() {
                "regulates" => (&h["from"]["id"], &h["to"]["id"]),
                "regulated_by" => (&h["to"]["id"], &h["from"]["id"]),
                other => panic!("a regulation hop walked {other}"),
            };
            assert_eq!(&edge["tf"], tf, "{h}");
            assert_eq!(&edge["target"], target, "{h}");
            let sources: BTreeSet<String> =
                rows.iter().flat_map(|r| strings(&r["databases"])).collect();
            assert_eq!(
                strings(&edge["sources"]),
                sources.into_iter().collect::<Vec<_>>()
            );
        }
    }

    // The subgraph of three genes: the nodes, and edges among them only.
    let s = get_json(&app, "/api/v1/graph/subgraph?genes=BACH1,HMOX1,NFE2L2").await;
    let nodes: BTreeSet<u64> = s["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["gene_id"].as_u64().unwrap())
        .collect();
    assert_eq!(nodes, BTreeSet::from([BACH1, HMOX1, NFE2L2]));
    assert_eq!(s["unresolved"].as_array().unwrap().len(), 0);
    let edges: BTreeSet<(u64, u64, String)> = s["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["from"]["id"].as_u64().unwrap(),
                e["to"]["id"].as_u64().unwrap(),
                e["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for (a, b, _) in &edges {
        assert!(
            nodes.contains(a) && nodes.contains(b),
            "{a}–{b} leaves the subgraph"
        );
    }
    assert!(
        edges.contains(&(BACH1, HMOX1, "regulation".into())),
        "{edges:?}"
    );
    assert!(
        edges.contains(&(NFE2L2, HMOX1, "regulation".into())),
        "{edges:?}"
    );

    let api = get_json(&app, "/api/openapi.json").await;
    for path in [
        "/api/v1/genes/{id}/regulators",
        "/api/v1/genes/{id}/targets",
        "/api/v1/genes/{id}/neighbors",
        "/api/v1/graph/path",
        "/api/v1/graph/subgraph",
        "/api/v1/imports/{id}/unresolved",
    ] {
        assert!(api["paths"].get(path).is_some(), "OpenAPI lacks {path}");
    }
}

// ---------------------------------------------------------------------------
// 8. Bulk downloads
// ---------------------------------------------------------------------------

async fn download(app: &axum::Router, uri: &str) -> String {
    let (status, ctype, body) = get(app, uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    assert!(
        ctype.starts_with("text/tab-separated-values"),
        "{uri}: {ctype}"
    );
    body
}

/// The cells of the lines of a TSV, header included.
fn tsv_rows(body: &str) -> Vec<Vec<&str>> {
    body.lines().map(|l| l.split('\t').collect()).collect()
}

#[tokio::test]
async fn downloads_are_tflink_kgx_and_gmt() {
    let app = router();

    let simple = download(&app, "/downloads/9606/tflink_simpleFormat.tsv").await;
    assert_eq!(simple.lines().next(), Some(SIMPLE_FORMAT_HEADER));
    let rows = tsv_rows(&simple);
    assert!(rows.iter().all(|r| r.len() == 15));
    let row = rows
        .iter()
        .find(|r| r[2] == "571" && r[3] == "3162")
        .expect("a BACH1 → HMOX1 row");
    assert_eq!((row[4], row[5]), ("BACH1", "HMOX1"));
    let sources: Vec<&str> = row[9].split(';').collect();
    assert!(
        sources.contains(&"TRRUST") && sources.contains(&"CollecTRI"),
        "{row:?}"
    );
    assert_eq!(row[8], "Homo sapiens");
    assert_eq!(row[10], "Yes");
    // simpleFormat lists are `;`-separated, PubMed ids included
    // (TFLink: `19148141;29087512;29126285;27924024`).
    assert_eq!(row[7], "17409198;17942419;18550526;21982894", "{row:?}");

    let edges = download(&app, "/downloads/9606/kgx_edges.tsv").await;
    let edges = tsv_rows(&edges);
    assert_eq!(edges[0][..4], ["id", "subject", "predicate", "object"]);
    let e = edges
        .iter()
        .find(|r| r[1] == "NCBIGene:571" && r[2] == "biolink:regulates" && r[3] == "NCBIGene:3162")
        .expect("BACH1 regulates HMOX1");
    let col = |name: &str| edges[0].iter().position(|h| *h == name).unwrap();
    assert_eq!(e[col("consensus_mode")], "conflicting");
    // The network file is curated edges: no text-mined co-mentions.
    assert!(edges.iter().all(|r| !r[0].starts_with("locus:co_mention")));
    assert!(
        e[col("publications")]
            .split('|')
            .any(|p| p == "PMID:17942419"),
        "{e:?}"
    );
    let nodes = download(&app, "/downloads/9606/kgx_nodes.tsv").await;
    let nodes = tsv_rows(&nodes);
    let ncol = |name: &str| nodes[0].iter().position(|h| *h == name).unwrap();
    let bach1 = nodes
        .iter()
        .find(|r| r[0] == "NCBIGene:571")
        .expect("BACH1 node");
    assert_eq!(bach1[ncol("name")], "BACH1");
    assert_eq!(bach1[ncol("in_taxon")], "NCBITaxon:9606");
    assert_eq!(bach1[ncol("category")], "biolink:Gene");
    // Every edge end is a node.
    let ids: BTreeSet<&str> = nodes.iter().skip(1).map(|r| r[0]).collect();
    for r in edges.iter().skip(1) {
        assert!(ids.contains(r[1]) && ids.contains(r[3]), "{r:?}");
    }

    // GMT: BACH1's targets; the BACH1 → HMOX1 edge is conflicting, so it
    // is in the conflicting set and not the repression set.
    let bach1_set = |body: &str| -> Option<BTreeSet<String>> {
        body.lines()
            .map(|l| l.split('\t').collect::<Vec<_>>())
            .find(|c| c[0] == "BACH1")
            .map(|c| c[2..].iter().map(|s| s.to_string()).collect())
    };
    let targets = get_json(&app, "/api/v1/genes/BACH1/targets").await;
    let of_mode = |mode: Option<&str>| -> BTreeSet<String> {
        targets["edges"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| mode.is_none_or(|m| e["edge"]["mode"] == m))
            .map(|e| e["partner"]["symbol"].as_str().unwrap().to_string())
            .collect()
    };
    let gmt = download(&app, "/downloads/9606/tf_targets.gmt").await;
    // A set's description counts its targets in words that agree.
    for line in gmt.lines() {
        let cells: Vec<&str> = line.split('\t').collect();
        let n = cells.len() - 2;
        let noun = if n == 1 { "target" } else { "targets" };
        assert!(
            cells[1].starts_with(&format!("Locus: {n} {noun} of {} ", cells[0])),
            "{line}"
        );
    }
    let all = bach1_set(&gmt).unwrap();
    assert!(all.contains("HMOX1"));
    assert_eq!(all, of_mode(None));
    let rep = bach1_set(&download(&app, "/downloads/9606/tf_targets.gmt?mode=repression").await)
        .unwrap_or_default();
    assert!(!rep.contains("HMOX1"), "{rep:?}");
    assert_eq!(rep, of_mode(Some("repression")));
    let conflicting =
        bach1_set(&download(&app, "/downloads/9606/tf_targets.gmt?mode=conflicting").await)
            .unwrap_or_default();
    assert!(conflicting.contains("HMOX1"), "{conflicting:?}");
    let (status, _, _) = get(&app, "/downloads/9606/tf_targets.gmt?mode=bogus").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (status, _, _) = get(&app, "/downloads/9606/nonsense").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

// ---------------------------------------------------------------------------
// 9. Orthologs
// ---------------------------------------------------------------------------

fn orthologs_section(html: &str) -> &str {
    let start = html.find(r#"id="orthologs""#).expect("orthologs section");
    let end = start + html[start..].find("</section>").expect("section end");
    &html[start..end]
}

#[tokio::test]
async fn orthologs_link_both_ways() {
    // human_to_mouse.csv: ENSG00000156273,BACH1,Bach1,ENSMUSG00000025612,ortholog_one2one,1,100
    let app = router();
    let (status, _, html) = get(&app, "/genes/BACH1").await;
    assert_eq!(status, StatusCode::OK);
    let section = orthologs_section(&html);
    let row = table_row_of(section, &format!(r#"href="/genes/{MOUSE_BACH1}""#));
    assert!(
        row.contains("Bach1") && row.contains("Mus musculus"),
        "{row}"
    );
    assert!(row.contains("one2one"), "{row}");

    let (status, _, html) = get(&app, &format!("/genes/{MOUSE_BACH1}")).await;
    assert_eq!(status, StatusCode::OK);
    let section = orthologs_section(&html);
    let row = if section.contains(r#"href="/genes/BACH1""#) {
        table_row_of(section, r#"href="/genes/BACH1""#)
    } else {
        table_row_of(section, &format!(r#"href="/genes/{BACH1}""#))
    };
    assert!(
        row.contains("BACH1") && row.contains("Homo sapiens"),
        "{row}"
    );

    let human = get_json(&app, "/api/v1/genes/BACH1/orthologs").await;
    let mouse = get_json(&app, &format!("/api/v1/genes/{MOUSE_BACH1}/orthologs")).await;
    let partners = |v: &Value| -> Vec<u64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|o| o["partner"]["gene_id"].as_u64().unwrap())
            .collect()
    };
    assert!(partners(&human).contains(&MOUSE_BACH1), "{human}");
    assert!(partners(&mouse).contains(&BACH1), "{mouse}");
    let o = human
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["partner"]["gene_id"] == MOUSE_BACH1)
        .unwrap();
    assert_eq!(o["homology_type"], "ortholog_one2one");
    assert_eq!(o["confidence"], 1);
    assert_eq!(o["goc_score"], 100.0);
}

// ---------------------------------------------------------------------------
// 10. Re-import replaces; same-named DoRothEA tables do not
// ---------------------------------------------------------------------------

#[tokio::test]
async fn reimporting_trrust_replaces_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_copy(dir.path());
    let before = stats_json(&db);
    let edges_before = edge_count(&db);
    let first = import_of(&db, "trrust_rawdata.human.tsv");
    // The demo imported it once; twice more.
    import_ok(&db, "trrust", reg("trrust_rawdata.human.tsv"));
    import_ok(&db, "trrust", reg("trrust_rawdata.human.tsv"));
    let after = stats_json(&db);
    assert_eq!(before["facts"], after["facts"], "rows replaced, not added");
    assert_eq!(edges_before, edge_count(&db));
    assert_eq!(
        before["imports"].as_array().unwrap().len(),
        after["imports"].as_array().unwrap().len()
    );
    let last = import_of(&db, "trrust_rawdata.human.tsv");
    assert_ne!(first["id"], last["id"]);
    assert_eq!(first["row_counts"], last["row_counts"]);
    assert_eq!(first["tallies"], last["tallies"]);
    let app = router_for(&db);
    let list = get_json(&app, "/api/v1/genes/BACH1/targets?evidence=true").await;
    let rows = edge_to(&list, HMOX1)["evidence"]
        .as_array()
        .unwrap()
        .clone();
    let trrust: Vec<&Value> = rows.iter().filter(|r| r["resource"] == "trrust").collect();
    assert_eq!(trrust.len(), 2, "{rows:?}");
    assert!(trrust.iter().all(|r| r["import_id"] == last["id"]));
}

#[test]
fn dorothea_tables_with_one_file_name_are_distinct_datasets() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::fresh_store(dir.path(), "fresh.db");
    import_ok(
        &db,
        "gene-info",
        format!("{DEMO}/Homo_sapiens.gene_info.gz"),
    );
    let fantom = reg("dorothea/fantom_4/network_with_pubmed.sif");
    let htri = reg("dorothea/htri_db/network_with_pubmed.sif");
    let regulation = |db: &Path| stats_json(db)["facts"]["regulation"].as_u64().unwrap_or(0);
    let imports = |db: &Path| -> Vec<Value> {
        stats_json(db)["imports"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["kind"] == "dorothea")
            .cloned()
            .collect()
    };

    import_ok(&db, "dorothea", &fantom);
    let fantom_rows = regulation(&db);
    assert!(fantom_rows > 0);
    import_ok(&db, "dorothea", &htri);
    let both = imports(&db);
    assert_eq!(both.len(), 2, "{both:?}");
    let datasets: BTreeSet<&str> = both
        .iter()
        .map(|i| i["dataset"].as_str().unwrap())
        .collect();
    assert_eq!(
        datasets,
        BTreeSet::from([
            "dorothea:fantom_4/network_with_pubmed.sif",
            "dorothea:htri_db/network_with_pubmed.sif"
        ])
    );
    let htri_rows = count(&both[1], "regulation");
    assert!(htri_rows > 0);
    assert_eq!(
        regulation(&db),
        fantom_rows + htri_rows,
        "FANTOM4's rows are kept"
    );

    // Re-importing one table replaces that table only.
    import_ok(&db, "dorothea", &fantom);
    assert_eq!(imports(&db).len(), 2);
    assert_eq!(regulation(&db), fantom_rows + htri_rows);
}
