//! Throwaway databases for tests: [`TestDatabase`] creates one on the
//! server `LOCUS_TEST_POSTGRES` names and drops it when dropped. The
//! contract suite and the integration tests that run on both backends
//! use it; nothing else does.

use std::sync::atomic::{AtomicU64, Ordering};

use postgres::NoTls;

/// The environment variable naming the test server (any database on it;
/// the user must be allowed to create databases).
pub const SERVER_VAR: &str = "LOCUS_TEST_POSTGRES";

/// The environment variable naming a hot standby of the test server, for
/// the contract suite read through a replica.
pub const REPLICA_VAR: &str = "LOCUS_TEST_POSTGRES_REPLICA";

/// A database of its own for one test.
pub struct TestDatabase {
    admin: String,
    name: String,
    url: String,
    keep: bool,
}

/// Why a test database could not be made.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

static NEXT: AtomicU64 = AtomicU64::new(0);

impl TestDatabase {
    /// Creates an empty database.
    pub fn create() -> Result<Self, Error> {
        let admin = std::env::var(SERVER_VAR)
            .map_err(|_| format!("{SERVER_VAR} is not set: no PostgreSQL server for tests"))?;
        let name = format!(
            "locus_test_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        crate::db::blocking(|| -> Result<(), Error> {
            let mut c = postgres::Client::connect(&admin, NoTls)?;
            c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))?;
            c.batch_execute(&format!("CREATE DATABASE {name}"))?;
            Ok(())
        })?;
        let url = with_database(&admin, &name)?;
        Ok(TestDatabase {
            admin,
            name,
            url,
            keep: false,
        })
    }

    /// Creates a database from a `pg_dump` archive (a store's backup).
    pub fn restore(archive: &std::path::Path) -> Result<Self, Error> {
        let db = Self::create()?;
        let out = std::process::Command::new("pg_restore")
            .arg("--no-owner")
            .arg("--exit-on-error")
            .arg(format!("--dbname={}", db.url))
            .arg(archive)
            .output()?;
        if !out.status.success() {
            return Err(format!(
                "pg_restore {}: {}",
                archive.display(),
                String::from_utf8_lossy(&out.stderr)
            )
            .into());
        }
        Ok(db)
    }

    /// Its URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The same database on the hot standby `LOCUS_TEST_POSTGRES_REPLICA`
    /// names, if it names one.
    pub fn replica_url(&self) -> Option<String> {
        let replica = std::env::var(REPLICA_VAR).ok().filter(|v| !v.is_empty())?;
        with_database(&replica, &self.name).ok()
    }

    /// Leaves the database on the server (for the rest of the test run:
    /// the throwaway server goes with it); returns its URL.
    pub fn keep(mut self) -> String {
        self.keep = true;
        std::mem::take(&mut self.url)
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if self.keep {
            return;
        }
        let (admin, name) = (&self.admin, &self.name);
        crate::db::blocking(|| {
            if let Ok(mut c) = postgres::Client::connect(admin, NoTls) {
                let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        });
    }
}

/// `url` with its database replaced by `name`.
fn with_database(url: &str, name: &str) -> Result<String, Error> {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base
        .find("://")
        .map(|i| i + 3)
        .ok_or("not a postgres:// URL")?;
    let path_start = base[scheme_end..].find('/').map(|i| i + scheme_end);
    let host = match path_start {
        Some(i) => &base[..i],
        None => base,
    };
    Ok(match query {
        Some(q) => format!("{host}/{name}?{q}"),
        None => format!("{host}/{name}"),
    })
}
