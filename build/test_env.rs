// Shared by the build scripts of the crates whose tests need data or
// programs that a user's clone may not have. Each test that needs one is
// marked `#[cfg_attr(not(<cfg>), ignore = "why")]`, so the test runner's
// own summary says "ignored", never "ok", when it could not run.
//
//   locus_shared_data  ../shared/data (or $LOCUS_SHARED_DATA) exists
//   locus_orgdb        $LOCUS_ORGDB names the full org.Hs.eg.db SQLite file
//   locus_browser      chromium and chromedriver are on the PATH
//   locus_postgres     $LOCUS_TEST_POSTGRES names a PostgreSQL server where the
//                      tests may create and drop databases (scripts/test.sh
//                      starts one)
//   locus_postgres_replica  $LOCUS_TEST_POSTGRES_REPLICA names a hot standby of
//                      that server (scripts/test.sh starts one)
//   locus_cluster      $LOCUS_TEST_CLUSTER names the cluster.env of a running
//                      scripts/cluster.sh (scripts/test.sh starts one)
//   locus_mcp_client   $LOCUS_TEST_MCP_PYTHON names a Python with the official
//                      MCP SDK (scripts/test.sh makes a venv with it from PyPI)
//   locus_duckdb       $LOCUS_TEST_DUCKDB_PYTHON names a Python with DuckDB
//                      (scripts/test.sh makes a venv with it from PyPI)

fn on_path(name: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn detect_test_environment() {
    println!("cargo::rustc-check-cfg=cfg(locus_shared_data)");
    println!("cargo::rustc-check-cfg=cfg(locus_orgdb)");
    println!("cargo::rustc-check-cfg=cfg(locus_browser)");
    println!("cargo::rustc-check-cfg=cfg(locus_postgres)");
    println!("cargo::rustc-check-cfg=cfg(locus_cluster)");
    println!("cargo::rustc-check-cfg=cfg(locus_postgres_replica)");
    println!("cargo::rustc-check-cfg=cfg(locus_mcp_client)");
    println!("cargo::rustc-check-cfg=cfg(locus_duckdb)");
    println!("cargo::rerun-if-env-changed=LOCUS_TEST_DUCKDB_PYTHON");
    println!("cargo::rerun-if-env-changed=LOCUS_TEST_MCP_PYTHON");
    println!("cargo::rerun-if-env-changed=LOCUS_TEST_POSTGRES_REPLICA");
    println!("cargo::rerun-if-env-changed=LOCUS_TEST_CLUSTER");
    println!("cargo::rerun-if-env-changed=LOCUS_TEST_POSTGRES");
    println!("cargo::rerun-if-env-changed=LOCUS_SHARED_DATA");
    println!("cargo::rerun-if-env-changed=LOCUS_ORGDB");
    println!("cargo::rerun-if-env-changed=PATH");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let shared = std::env::var_os("LOCUS_SHARED_DATA")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(&manifest).join("../../../shared/data"));
    if shared.is_dir() {
        println!("cargo::rustc-cfg=locus_shared_data");
        println!("cargo::rerun-if-changed={}", shared.display());
    }
    if let Some(orgdb) = std::env::var_os("LOCUS_ORGDB") {
        let orgdb = std::path::PathBuf::from(orgdb);
        if orgdb.is_file() {
            println!("cargo::rustc-cfg=locus_orgdb");
            println!("cargo::rerun-if-changed={}", orgdb.display());
        }
    }
    if std::env::var_os("LOCUS_TEST_POSTGRES").is_some_and(|v| !v.is_empty()) {
        println!("cargo::rustc-cfg=locus_postgres");
    }
    if std::env::var_os("LOCUS_TEST_POSTGRES_REPLICA").is_some_and(|v| !v.is_empty()) {
        println!("cargo::rustc-cfg=locus_postgres_replica");
    }
    if std::env::var_os("LOCUS_TEST_CLUSTER").is_some_and(|v| !v.is_empty()) {
        println!("cargo::rustc-cfg=locus_cluster");
    }
    if std::env::var_os("LOCUS_TEST_MCP_PYTHON")
        .is_some_and(|p| std::path::Path::new(&p).is_file())
    {
        println!("cargo::rustc-cfg=locus_mcp_client");
    }
    if std::env::var_os("LOCUS_TEST_DUCKDB_PYTHON")
        .is_some_and(|p| std::path::Path::new(&p).is_file())
    {
        println!("cargo::rustc-cfg=locus_duckdb");
    }
    if let (Some(_), Some(_)) = (on_path("chromium"), on_path("chromedriver")) {
        println!("cargo::rustc-cfg=locus_browser");
    }
    // Installing (or removing) Chromium changes a PATH directory.
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path).filter(|d| d.is_dir()) {
            println!("cargo::rerun-if-changed={}", dir.display());
        }
    }
}
