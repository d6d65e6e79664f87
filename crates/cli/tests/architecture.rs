//! The architecture invariants of ARCHITECTURE.md that a machine can
//! check: which crate may depend on which, and where database, HTTP and
//! async code may live. Read from each crate's Cargo.toml.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each workspace crate's normal (not dev) dependencies, and whether it
/// opts into the workspace lints.
fn crates() -> BTreeMap<String, (BTreeSet<String>, bool)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let workspace: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("Cargo.toml")).unwrap()).unwrap();
    let members = workspace["workspace"]["members"].as_array().unwrap();
    let mut out = BTreeMap::new();
    for m in members {
        let dir = root.join(m.as_str().unwrap());
        let manifest: toml::Table =
            toml::from_str(&std::fs::read_to_string(dir.join("Cargo.toml")).unwrap()).unwrap();
        let name = manifest["package"]["name"].as_str().unwrap().to_string();
        let deps = manifest
            .get("dependencies")
            .and_then(|d| d.as_table())
            .map(|d| d.keys().cloned().collect())
            .unwrap_or_default();
        let lints = manifest
            .get("lints")
            .and_then(|l| l.get("workspace"))
            .and_then(|w| w.as_bool())
            == Some(true);
        out.insert(name, (deps, lints));
    }
    out
}

/// The layers, bottom up: a crate may depend only on the Locus crates
/// listed for it.
const ALLOWED: &[(&str, &[&str])] = &[
    ("locus-model", &[]),
    ("locus-ingest", &["locus-model"]),
    ("locus-store", &["locus-model"]),
    ("locus-store-sqlite", &["locus-model", "locus-store"]),
    ("locus-store-postgres", &["locus-model", "locus-store"]),
    (
        "locus-store-contract",
        &["locus-model", "locus-store", "locus-ingest"],
    ),
    ("locus-graph", &["locus-model"]),
    // The tagger turns text into mentions with a lexicon it is given; the
    // knowledge base fills that lexicon from the store.
    ("locus-tagger", &["locus-model"]),
    // Wiki text (authorship, diff, merge, markup) is pure: no store, no
    // model, so it can be tested and benchmarked on text alone.
    ("locus-wiki", &[]),
    (
        "locus-kb",
        &[
            "locus-model",
            "locus-store",
            "locus-store-sqlite",
            "locus-store-postgres",
            "locus-graph",
            "locus-tagger",
            "locus-wiki",
        ],
    ),
    // The MCP server translates tool calls into knowledge-base questions,
    // as the web crate translates requests; the web crate mounts it at
    // /mcp.
    ("locus-mcp", &["locus-model", "locus-store", "locus-kb"]),
    (
        "locus-web",
        &["locus-model", "locus-store", "locus-kb", "locus-mcp"],
    ),
    (
        "locus",
        &[
            "locus-model",
            "locus-ingest",
            "locus-store",
            "locus-kb",
            "locus-tagger",
            "locus-web",
            "locus-mcp",
        ],
    ),
];

#[test]
fn crates_depend_only_downward() {
    let crates = crates();
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    for (name, (deps, _)) in &crates {
        let ok = allowed
            .get(name.as_str())
            .unwrap_or_else(|| panic!("{name} is not in the layer table of this test"));
        for dep in deps.iter().filter(|d| d.starts_with("locus")) {
            assert!(
                ok.contains(&dep.as_str()),
                "{name} must not depend on {dep} (ARCHITECTURE.md, invariants)"
            );
        }
    }
}

/// Where outside crates may be used.
#[test]
fn engines_and_frameworks_stay_in_their_crates() {
    let crates = crates();
    let only = |dep: &str, may: &[&str]| {
        for (name, (deps, _)) in &crates {
            if deps.contains(dep) {
                assert!(
                    may.contains(&name.as_str()),
                    "{name} depends on {dep}; only {may:?} may"
                );
            }
        }
    };
    // SQL lives in the SQLite backend; the org.Hs.eg.db and GO.db readers
    // read SQLite files as a format.
    only("rusqlite", &["locus-store-sqlite", "locus-ingest"]);
    // PostgreSQL lives in its backend.
    only("postgres", &["locus-store-postgres"]);
    // HTTP lives in the web crate.
    for http in ["axum", "maud", "utoipa-axum", "tower"] {
        only(http, &["locus-web"]);
    }
    // Async runtime: the server and the binary that starts it; and the
    // PostgreSQL backend, whose client blocks on a runtime of its own and
    // must hand a server worker over first (`db::blocking`).
    only(
        "tokio",
        &["locus-web", "locus-mcp", "locus", "locus-store-postgres"],
    );
    // The Model Context Protocol lives in its crate.
    only("rmcp", &["locus-mcp"]);
    // Libraries return typed errors; only the binary uses anyhow.
    only("anyhow", &["locus"]);
    // The web crate never reads source files: importing is the CLI's.
    assert!(!crates["locus-web"].0.contains("locus-ingest"));
}

#[test]
fn every_crate_takes_the_workspace_lints() {
    for (name, (_, lints)) in crates() {
        assert!(lints, "{name}: add [lints] workspace = true (missing_docs)");
    }
}
