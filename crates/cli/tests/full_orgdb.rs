//! Full human scale: imports the whole Bioconductor org.Hs.eg.db when
//! LOCUS_ORGDB points at it (`.ci/run` fetches it with apt-get download).

mod common;

use common::{import_ok, locus, stats_json};

#[test]
#[cfg_attr(
    not(locus_orgdb),
    ignore = "needs the full org.Hs.eg.db (scripts/fetch-orgdb.sh; LOCUS_ORGDB)"
)]
fn full_org_hs_eg_db_imports_every_gene_and_pubmed_link() {
    let path = std::env::var_os("LOCUS_ORGDB").unwrap_or_default();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("full.db");
    let out = import_ok(&db, "orgdb", &path);
    eprintln!("{}", String::from_utf8_lossy(&out.stderr).trim());
    let v = stats_json(&db);
    assert_eq!(v["genes_by_organism"]["9606"], 77_614);
    assert_eq!(v["facts"]["gene_pubmed"], 1_793_637);
    let out = locus()
        .args(["gene", "TP53", "--json", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let g: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(g["gene"]["gene_id"], 7157);
    assert_eq!(g["reference_count"], 11_067);
}
