//! An import commits whole or not at all: a killed import, a malformed file
//! and a re-import each leave the store in a state a reader can trust.

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{demo_copy, import_ok, locus, locus_ok, stats_json};

/// `locus check`: the store engine's own integrity check passes.
fn integrity_ok(db: &std::path::Path) {
    let out = locus_ok([
        std::ffi::OsStr::new("check"),
        "--db".as_ref(),
        db.as_os_str(),
    ]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("ok: "));
}

/// Waits for the `locus` process `child` (stderr piped) to print
/// `marker` at its test stall point, then SIGKILLs it: no destructor, no
/// rollback code runs.
fn kill_at(mut child: std::process::Child, marker: &str) {
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let line = lines.next().expect("ended before stalling").unwrap();
        if line.contains(marker) {
            break;
        }
        assert!(Instant::now() < deadline, "never reached {marker:?}");
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
#[cfg_attr(
    not(feature = "test-hooks"),
    ignore = "needs the test build's import stall hook: cargo test --features locus/test-hooks"
)]
fn killed_import_leaves_store_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_copy(dir.path());
    let before = stats_json(&db);

    // Re-import the org.Hs.eg.db subset (replacing the demo's import of it)
    // and SIGKILL the process once 120,000 facts are written (it
    // stores 203,704 rows): on PostgreSQL, by then its gene_pubmed rows have gone to
    // the server in COPY batches of 50,000, so the kill lands mid-import
    // with COPYed rows inside the open transaction.
    let orgdb = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../demo/data/org.Hs.eg.subset.sqlite"
    );
    let child = locus()
        .args(["import", "--db"])
        .arg(&db)
        .args(["orgdb", orgdb])
        .env("LOCUS_TEST_STALL_AFTER_FACTS", "120000")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    kill_at(child, "test stall after 120000 facts");

    let after = stats_json(&db);
    assert_eq!(before, after, "a killed import changed the store");
    integrity_ok(&db);
}

/// Readers are never blocked by an import: with an import stopped after
/// it rebuilt the derived tables and before its commit (the longest
/// stretch of its transaction that changes rows readers read), a gene
/// lookup and the store's numbers answer at once, from the store as it
/// was. (On PostgreSQL a `TRUNCATE` of a derived table once held readers
/// until the commit.)
#[test]
#[cfg_attr(
    not(feature = "test-hooks"),
    ignore = "needs the test build's import stall hook: cargo test --features locus/test-hooks"
)]
fn readers_are_not_blocked_while_an_import_is_about_to_commit() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_copy(dir.path());
    let read = |what: &[&str]| -> String {
        let mut child = locus()
            .args(what)
            .arg("--db")
            .arg(&db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        while child.try_wait().unwrap().is_none() {
            if Instant::now() > deadline {
                child.kill().unwrap();
                panic!("`locus {}` waited 30 s for the import", what.join(" "));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let gene = ["gene", "BACH1", "--json"];
    let (gene_before, stats_before) = (read(&gene), stats_json(&db));

    let orgdb = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../demo/data/org.Hs.eg.subset.sqlite"
    );
    /// Kills the stalled import however the test ends: left running, it
    /// would hold the store (and the test runner's output) forever.
    struct Import(std::process::Child);
    impl Drop for Import {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut child = Import(
        locus()
            .args(["import", "--db"])
            .arg(&db)
            .args(["orgdb", orgdb])
            .env("LOCUS_TEST_STALL_BEFORE_COMMIT", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut lines = BufReader::new(child.0.stderr.take().unwrap()).lines();
    loop {
        let line = lines.next().expect("ended before stalling").unwrap();
        if line.contains("test stall before commit") {
            break;
        }
    }
    let asked = Instant::now();
    assert_eq!(read(&gene), gene_before, "a reader saw the open import");
    let stats: serde_json::Value =
        serde_json::from_str(&read(&["stats", "--json"])).expect("stats JSON");
    assert_eq!(stats, stats_before);
    println!(
        "reads during the open import took {} ms",
        asked.elapsed().as_millis()
    );
    drop(child);
    assert_eq!(stats_json(&db), stats_before);
}

#[test]
fn malformed_file_names_file_line_field_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_copy(dir.path());
    let before = stats_json(&db);
    // Real gene_info header and first human row (GeneID 1, A1BG), then a
    // hand-made line whose GeneID is not a number.
    let bad = dir.path().join("bad.gene_info");
    std::fs::write(
        &bad,
        "#tax_id\tGeneID\tSymbol\tLocusTag\tSynonyms\tdbXrefs\tchromosome\tmap_location\tdescription\ttype_of_gene\tSymbol_from_nomenclature_authority\tFull_name_from_nomenclature_authority\tNomenclature_status\tOther_designations\tModification_date\tFeature_type\n\
9606\t1\tA1BG\t-\tA1B|ABG|GAB|HYST2477\tMIM:138670|HGNC:HGNC:5|Ensembl:ENSG00000121410\t19\t19q13.43\talpha-1-B glycoprotein\tprotein-coding\tA1BG\talpha-1-B glycoprotein\tO\talpha-1B-glycoprotein|HEL-S-163pA|epididymis secretory sperm binding protein Li 163pA\t20210708\t-\n\
9606\tnot-a-number\tX\t-\t-\t-\t1\t-\t-\tunknown\t-\t-\t-\t-\t20210708\t-\n",
    )
    .unwrap();
    let out = locus()
        .args(["import", "--db"])
        .arg(&db)
        .args(["gene-info"])
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.gene_info:3"),
        "error must name file and line: {err}"
    );
    assert!(err.contains("GeneID"), "error must name the field: {err}");
    assert!(err.contains("the store is unchanged"), "{err}");
    assert_eq!(before, stats_json(&db));
}

#[test]
fn reimport_replaces_that_files_facts_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_copy(dir.path());
    let before = stats_json(&db);
    let generifs = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../demo/data/BACH1_generifs.tsv"
    );
    import_ok(&db, "generifs", generifs);
    let after = stats_json(&db);
    // Same facts, not doubled; one import replaced by another.
    assert_eq!(before["facts"], after["facts"]);
    assert_eq!(after["facts"]["generif"], 41);
    let imports = after["imports"].as_array().unwrap();
    assert_eq!(imports.len(), before["imports"].as_array().unwrap().len());
    assert!(imports
        .iter()
        .any(|i| i["file_name"] == "BACH1_generifs.tsv" && i["row_counts"]["generif"] == 41));
}

/// A tagging pass killed before it saves leaves the import that preceded
/// it committed and the store whole; its texts wait, untagged, and the
/// next import's pass tags them.
#[test]
#[cfg_attr(
    not(feature = "test-hooks"),
    ignore = "needs the test build's tagging stall hook: cargo test --features locus/test-hooks"
)]
fn killed_tagging_pass_keeps_the_import_and_the_next_pass_tags_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_copy(dir.path());
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/data");
    // Importing the demo's MEDLINE cut again replaces its papers, and
    // their tags go with the replaced rows.
    let child = locus()
        .args(["import", "--db"])
        .arg(&db)
        .arg("pubmed-xml")
        .arg(format!("{data}/medline16n0902.demo-subset.xml.gz"))
        .env("LOCUS_TEST_STALL_BEFORE_TAG_BATCH", "0")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    kill_at(child, "test stall before tagging batch 0");
    integrity_ok(&db);
    // PMID 26657567 ("PTEN stabilizes TOP2A …") is in the cut.
    let pmid = locus_model::Pmid(26657567);
    let paper = |db: &std::path::Path| {
        common::kb_for(db)
            .store()
            .publication(pmid)
            .unwrap()
            .expect("the import committed before the pass began")
    };
    assert!(paper(&db).citation.is_some());
    assert!(
        paper(&db).locus_tags.is_none(),
        "nothing of the killed pass saved"
    );
    // Any next import runs a pass over what is still untagged.
    import_ok(&db, "generifs", format!("{data}/BACH1_generifs.tsv"));
    let tags = paper(&db).locus_tags.expect("tagged by the next pass");
    assert!(
        tags.mentions.iter().any(|m| m.mention == "PTEN"),
        "{:?}",
        tags.mentions
    );
    integrity_ok(&db);
}
