//! The store contract (`locus-store-contract`) against the SQLite backend.

use std::sync::Arc;

use locus_store_contract::TestStore;
use locus_store_sqlite::SqliteStore;

/// A fresh store file in its own temporary directory.
fn fresh() -> TestStore {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SqliteStore::open(&dir.path().join("contract.db")).expect("open store");
    TestStore {
        store: Arc::new(store),
        scratch: dir.path().to_path_buf(),
        guard: Box::new(dir),
        reopen: Some(Box::new(|path| {
            Arc::new(SqliteStore::open(path).expect("open backup"))
        })),
    }
}

locus_store_contract::contract_tests!(fresh);
