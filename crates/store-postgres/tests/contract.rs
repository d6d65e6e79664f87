//! The store contract (`locus-store-contract`) against the PostgreSQL
//! backend: each test gets a database of its own on the server
//! `LOCUS_TEST_POSTGRES` names (scripts/test.sh starts one), dropped
//! afterwards. Without that server every test is ignored, with the reason.
//!
//! [`replica`] runs the suite again with reads going to a hot standby.

use std::sync::Arc;

use locus_store_contract::TestStore;
use locus_store_postgres::testing::TestDatabase;
use locus_store_postgres::PgStore;

/// A fresh database, and a scratch directory for backups.
fn fresh() -> TestStore {
    let db = TestDatabase::create().expect("create a test database");
    let store = PgStore::open(db.url()).expect("open store");
    test_store(store, db)
}

/// `store` over `db` as the contract suite takes it.
fn test_store(store: PgStore, db: TestDatabase) -> TestStore {
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

mod replica {
    //! The store contract (`locus-store-contract`) on a PostgreSQL store read
    //! through a hot standby: every write goes to the primary
    //! (`LOCUS_TEST_POSTGRES`), every read that the standby
    //! (`LOCUS_TEST_POSTGRES_REPLICA`) has replayed far enough for goes to
    //! it. The contract's write-then-read steps are read-your-writes checks:
    //! a read that reached a standby behind its own write would fail them.
    //! scripts/test.sh starts the standby; without one every test is ignored.

    use locus_store_contract::TestStore;
    use locus_store_postgres::testing::TestDatabase;
    use locus_store_postgres::PgStore;

    /// A fresh database, opened with the standby's copy of it as a replica.
    fn fresh() -> TestStore {
        let db = TestDatabase::create().expect("create a test database");
        let replica = db
            .replica_url()
            .expect("LOCUS_TEST_POSTGRES_REPLICA names the standby");
        let store = PgStore::open_with_replicas(db.url(), &[replica]).expect("open store");
        super::test_store(store, db)
    }

    locus_store_contract::contract_tests!(
        fresh,
        #[cfg_attr(
            not(locus_postgres_replica),
            ignore = "needs LOCUS_TEST_POSTGRES and LOCUS_TEST_POSTGRES_REPLICA, a server and its hot standby (scripts/test.sh starts both)"
        )]
    );

    /// Once the standby has replayed a write, reads are answered by it (its
    /// own statistics show the scans), and every answer holds the write.
    #[test]
    #[cfg_attr(
        not(locus_postgres_replica),
        ignore = "needs LOCUS_TEST_POSTGRES and LOCUS_TEST_POSTGRES_REPLICA, a server and its hot standby (scripts/test.sh starts both)"
    )]
    fn reads_go_to_the_standby_once_it_has_replayed_the_writes() {
        use locus_store::{StoreBackend, WikiStore};
        let db = TestDatabase::create().expect("create a test database");
        let replica = db.replica_url().expect("a standby");
        let store = PgStore::open_with_replicas(db.url(), std::slice::from_ref(&replica))
            .expect("open store");
        let created = store
            .create_account(
                "replica-reader",
                locus_model::Role::Editor,
                None,
                "2026-12-02T07:00:00Z",
            )
            .expect("create account");
        assert!(created.is_some());
        let at = store
            .write_position()
            .expect("a write through a store with replicas has a position");
        // The standby has the new database once it replays its creation;
        // until then asking it fails and it is left out for a second.
        let waited = std::time::Instant::now();
        let mut standby = loop {
            if let Ok(c) = postgres::Client::connect(&replica, postgres::NoTls) {
                break c;
            }
            assert!(
                waited.elapsed() < std::time::Duration::from_secs(30),
                "the standby has no copy of the database after 30 s"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        // A standby keeps statistics of its own reads: scans of the account
        // table there are this store's reads (its sessions flush them within
        // a second or so).
        let scans = |standby: &mut postgres::Client| -> i64 {
            standby
                .query_one(
                    "SELECT COALESCE(sum(COALESCE(seq_scan, 0) + COALESCE(idx_scan, 0)), 0)::BIGINT \
                     FROM pg_stat_user_tables WHERE relname = 'account'",
                    &[],
                )
                .expect("read the standby's statistics")
                .get(0)
        };
        loop {
            let account = store.account_by_name("replica-reader").expect("read");
            assert!(account.is_some(), "every answer holds the write");
            if store.is_replicated(at) && scans(&mut standby) > 0 {
                break;
            }
            assert!(
                waited.elapsed() < std::time::Duration::from_secs(30),
                "no read reached the standby in 30 s"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    /// A replica that cannot be reached (nothing listens on its port) costs
    /// no read: they go to the primary, and writes still get positions.
    #[test]
    #[cfg_attr(
        not(locus_postgres),
        ignore = "needs LOCUS_TEST_POSTGRES, a PostgreSQL server for test databases (scripts/test.sh starts one)"
    )]
    fn an_unreachable_replica_costs_no_read() {
        use locus_store::{GeneStore, StoreBackend, WikiStore};
        let db = TestDatabase::create().expect("create a test database");
        let gone = "postgres://postgres@127.0.0.1:9/nothing".to_string();
        let store = PgStore::open_with_replicas(db.url(), &[gone]).expect("open store");
        for round in 0..3 {
            let name = format!("reader-{round}");
            store
                .create_account(
                    &name,
                    locus_model::Role::Editor,
                    None,
                    "2026-12-02T07:00:00Z",
                )
                .expect("write");
            assert!(store.write_position().is_some());
            assert!(store.account_by_name(&name).expect("read").is_some());
            assert!(store.generation().is_ok());
        }
    }
}
