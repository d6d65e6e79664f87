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
        // Every import here rebuilds the tables it writes whole, however
        // small, so the standby also replays tables being replaced.
        let store = PgStore::open_with_replicas(db.url(), &[replica])
            .expect("open store")
            .rebuild_tables_from(1);
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

mod whole_tables {
    //! The store contract again with every import rebuilding the tables it
    //! writes whole, however small (the path imports of a large share of a
    //! table take: built beside the old table, indexed in one pass, swapped
    //! in at commit); and what such a rebuild must keep.

    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    use locus_store_contract::TestStore;
    use locus_store_postgres::testing::TestDatabase;
    use locus_store_postgres::PgStore;

    /// A fresh database, and a store on it whose every import rebuilds
    /// the tables it writes whole.
    fn rebuilding() -> (TestDatabase, PgStore) {
        let db = TestDatabase::create().expect("create a test database");
        let store = PgStore::open(db.url())
            .expect("open store")
            .rebuild_tables_from(1);
        (db, store)
    }

    fn fresh() -> TestStore {
        let (db, store) = rebuilding();
        super::test_store(store, db)
    }

    locus_store_contract::contract_tests!(
        fresh,
        #[cfg_attr(
            not(locus_postgres),
            ignore = "needs LOCUS_TEST_POSTGRES, a PostgreSQL server for test databases (scripts/test.sh starts one)"
        )]
    );

    fn client(db: &TestDatabase) -> postgres::Client {
        postgres::Client::connect(db.url(), postgres::NoTls).expect("connect")
    }

    fn oid(c: &mut postgres::Client, table: &str) -> u32 {
        c.query_one("SELECT $1::text::regclass::oid", &[&table])
            .expect("table oid")
            .get(0)
    }

    /// A rebuilt table is a new table (a new oid) with the old one's
    /// primary key, indexes (a partial expression index among them) and
    /// grants; nothing is left behind in the building schema.
    #[test]
    #[cfg_attr(
        not(locus_postgres),
        ignore = "needs LOCUS_TEST_POSTGRES, a PostgreSQL server for test databases (scripts/test.sh starts one)"
    )]
    fn a_rebuilt_table_keeps_its_keys_indexes_and_grants() {
        let (db, store) = rebuilding();
        let mut c = client(&db);
        let role = format!("reader_{}", oid(&mut c, "gene"));
        c.batch_execute(&format!(
            "CREATE ROLE {role} NOLOGIN; GRANT SELECT ON gene, gene_alias, gene_best TO {role}"
        ))
        .expect("grant");
        let indexes = |c: &mut postgres::Client| -> Vec<(String, String)> {
            c.query(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1",
                &[],
            )
            .expect("indexes")
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect()
        };
        let before = indexes(&mut c);
        let (gene, alias) = (oid(&mut c, "gene"), oid(&mut c, "gene_alias"));
        locus_store_contract::human_genes(&store);
        assert_ne!(oid(&mut c, "gene"), gene, "gene was rebuilt");
        assert_ne!(oid(&mut c, "gene_alias"), alias, "gene_alias was rebuilt");
        assert_eq!(indexes(&mut c), before);
        let keys: Vec<String> = c
            .query(
                "SELECT conname FROM pg_constraint WHERE conrelid IN ('gene'::regclass, 'gene_alias'::regclass)
                   AND contype = 'p' ORDER BY 1",
                &[],
            )
            .expect("keys")
            .iter()
            .map(|r| r.get(0))
            .collect();
        assert_eq!(keys, ["gene_alias_pkey", "gene_pkey"]);
        for table in ["gene", "gene_alias", "gene_best"] {
            let may: bool = c
                .query_one(
                    "SELECT has_table_privilege($1, $2, 'SELECT')",
                    &[&role, &table],
                )
                .expect("privilege")
                .get(0);
            assert!(may, "{role} may still read {table}");
        }
        let left: i64 = c
            .query_one(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'locus_next'",
                &[],
            )
            .expect("leftovers")
            .get(0);
        assert_eq!(left, 0, "nothing stays in the building schema");
        c.batch_execute(&format!(
            "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}; DROP ROLE {role}"
        ))
        .expect("drop role");
    }

    /// A store whose tables live in a schema of their own (the database's
    /// `search_path` names it) gets its rebuilt tables back there.
    #[test]
    #[cfg_attr(
        not(locus_postgres),
        ignore = "needs LOCUS_TEST_POSTGRES, a PostgreSQL server for test databases (scripts/test.sh starts one)"
    )]
    fn rebuilt_tables_return_to_the_stores_own_schema() {
        let db = TestDatabase::create().expect("create a test database");
        let mut c = client(&db);
        let name: String = c
            .query_one("SELECT current_database()", &[])
            .expect("name")
            .get(0);
        c.batch_execute(&format!(
            "CREATE SCHEMA locus_home; ALTER DATABASE {name} SET search_path = locus_home"
        ))
        .expect("a schema of its own");
        let store = PgStore::open(db.url())
            .expect("open store")
            .rebuild_tables_from(1);
        locus_store_contract::human_genes(&store);
        let mut c = client(&db);
        let genes: i64 = c
            .query_one("SELECT count(*) FROM locus_home.gene", &[])
            .expect("genes in locus_home")
            .get(0);
        assert_eq!(genes, 2549);
        let elsewhere: i64 = c
            .query_one(
                "SELECT count(*) FROM pg_tables WHERE tablename = 'gene' AND schemaname <> 'locus_home'",
                &[],
            )
            .expect("tables")
            .get(0);
        assert_eq!(elsewhere, 0);
    }

    /// A table a DBA hung a view on is never dropped: the import writes
    /// its rows in place, and the view reads them.
    #[test]
    #[cfg_attr(
        not(locus_postgres),
        ignore = "needs LOCUS_TEST_POSTGRES, a PostgreSQL server for test databases (scripts/test.sh starts one)"
    )]
    fn a_table_with_a_view_on_it_is_written_in_place() {
        let (db, store) = rebuilding();
        let mut c = client(&db);
        c.batch_execute("CREATE VIEW gene_symbols AS SELECT gene_id, symbol FROM gene")
            .expect("view");
        let (gene, alias) = (oid(&mut c, "gene"), oid(&mut c, "gene_alias"));
        locus_store_contract::human_genes(&store);
        assert_eq!(oid(&mut c, "gene"), gene, "gene is the same table");
        assert_ne!(oid(&mut c, "gene_alias"), alias, "gene_alias was rebuilt");
        let n: i64 = c
            .query_one("SELECT count(*) FROM gene_symbols", &[])
            .expect("read the view")
            .get(0);
        assert_eq!(n, 2549);
    }

    /// A reader inside a transaction holds a table the swap needs and then
    /// reads a table the swap has already locked: with the import waiting
    /// on the first and the reader on the second, PostgreSQL would break
    /// the deadlock by failing one of them. The swap gives its locks back
    /// after a short wait instead, so both finish.
    #[test]
    #[cfg_attr(
        not(locus_postgres),
        ignore = "needs LOCUS_TEST_POSTGRES, a PostgreSQL server for test databases (scripts/test.sh starts one)"
    )]
    fn a_reader_holding_a_table_neither_fails_nor_fails_the_swap() {
        let (db, store) = rebuilding();
        locus_store_contract::human_genes(&store);
        let mut reader = client(&db);
        let mut watcher = client(&db);
        reader
            .batch_execute("BEGIN; SELECT count(*) FROM gene_best")
            .expect("the reader holds gene_best");
        let (done, finished) = mpsc::channel();
        std::thread::scope(|s| {
            let store = &store;
            s.spawn(move || {
                // The same file again: gene, gene_alias, gene_xref and
                // gene_best are rebuilt and swapped, gene before gene_best.
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    locus_store_contract::human_genes(store)
                }));
                let _ = done.send(r.is_ok());
            });
            // Wait until the swap waits for a lock the reader holds.
            let started = Instant::now();
            loop {
                let waiting: i64 = watcher
                    .query_one(
                        "SELECT count(*) FROM pg_locks WHERE NOT granted AND mode = 'AccessExclusiveLock'",
                        &[],
                    )
                    .expect("locks")
                    .get(0);
                if waiting > 0 {
                    break;
                }
                assert!(
                    started.elapsed() < Duration::from_secs(60),
                    "the import never waited for the reader"
                );
                std::thread::sleep(Duration::from_millis(5));
            }
            let n: i64 = reader
                .query_one("SELECT count(*) FROM gene", &[])
                .expect("the reader reads another table the swap wants")
                .get(0);
            assert_eq!(n, 2549, "the reader still sees the store as it was");
            reader.batch_execute("COMMIT").expect("the reader ends");
            let ok = finished
                .recv_timeout(Duration::from_secs(120))
                .expect("the import ends");
            assert!(ok, "the import committed");
        });
    }
}
