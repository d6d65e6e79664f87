//! The store contract (`locus-store-contract`) against the PostgreSQL
//! backend: each test gets a database of its own on the server
//! `LOCUS_TEST_POSTGRES` names (scripts/test.sh starts one), dropped
//! afterwards. Without that server every test is ignored, with the reason.

use std::sync::Arc;

use locus_store_contract::TestStore;
use locus_store_postgres::testing::TestDatabase;
use locus_store_postgres::PgStore;

/// A fresh database, and a scratch directory for backups.
fn fresh() -> TestStore {
    let db = TestDatabase::create().expect("create a test database");
    let store = PgStore::open(db.url()).expect("open store");
    let dir = tempfile::tempdir().expect("tempdir");
    TestStore {
        store: Arc::new(store),
        scratch: dir.path().to_path_buf(),
        guard: Box::new((db, dir)),
        // A backup is a pg_dump archive: restored into a database of its
        // own, it must open as a store. The restored database is left on
        // the throwaway test server.
        reopen: Some(Box::new(|path| {
            let db = TestDatabase::restore(path).expect("restore the backup");
            Arc::new(PgStore::open(&db.keep()).expect("open the restored store"))
        })),
    }
}

locus_store_contract::contract_tests!(
    fresh,
    #[cfg_attr(
        not(locus_postgres),
        ignore = "needs LOCUS_TEST_POSTGRES, a PostgreSQL server for test databases (scripts/test.sh starts one)"
    )]
);
