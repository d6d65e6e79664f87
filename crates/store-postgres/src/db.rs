//! Connections: a small pool of PostgreSQL sessions, each with its own
//! prepared-statement cache, and [`Db`], the transaction every query of
//! this backend runs in.
//!
//! Why not r2d2 or deadpool: a pooled connection here carries its
//! prepared statements with it (PostgreSQL prepares per session), which
//! neither pool lets a caller attach to a connection of the sync
//! `postgres` client; without them every query costs a second round
//! trip to prepare. The pool is a locked stack of idle sessions; a
//! session whose socket broke is dropped, not returned.

use std::collections::HashMap;

use parking_lot::Mutex;
use postgres::types::ToSql;
use postgres::{Client, NoTls, Row, Statement};

use crate::Result;

/// Idle sessions kept per server. Two cores serve a handful of concurrent
/// blocking reads; more sessions only hold server memory.
const IDLE: usize = 8;

/// Prepared statements kept per session before the cache starts over.
/// Locus has about two hundred fixed queries; dynamic SQL (filters) adds
/// a few shapes each.
const CACHED_STATEMENTS: usize = 1024;

/// One session with its prepared statements.
pub(crate) struct Conn {
    /// Taken only by [`Drop`], to close the session where blocking is
    /// allowed.
    client: Option<Client>,
    statements: HashMap<String, Statement>,
}

impl Drop for Conn {
    fn drop(&mut self) {
        // Closing a session blocks on the client's own runtime, which
        // tokio forbids inside another runtime's context.
        if let Some(client) = self.client.take() {
            blocking(move || drop(client));
        }
    }
}

impl Conn {
    /// Opens a session with `config`.
    fn open(config: &postgres::Config) -> Result<Self> {
        Ok(Conn {
            client: Some(config.connect(NoTls)?),
            statements: HashMap::new(),
        })
    }

    /// The session's client and its prepared statements.
    fn parts(&mut self) -> (&mut Client, &mut HashMap<String, Statement>) {
        let client = self
            .client
            .as_mut()
            .expect("a session's client is taken only when the session is dropped");
        (client, &mut self.statements)
    }

    /// The session's client.
    pub(crate) fn client(&mut self) -> &mut Client {
        self.parts().0
    }

    /// A transaction on this session: read-only ones see one snapshot
    /// (`REPEATABLE READ`), so a page never mixes rows from before and
    /// after an import. Dropped without [`Db::commit`], it rolls back.
    pub(crate) fn begin(&mut self, read_only: bool) -> Result<Db<'_>> {
        let (client, statements) = self.parts();
        client.batch_execute(if read_only {
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
        } else {
            "BEGIN"
        })?;
        Ok(Db {
            client,
            statements,
            open: true,
        })
    }

    /// The transaction an owner of this session began itself (an import
    /// spans many calls): committing or rolling it back stays the owner's.
    pub(crate) fn within(&mut self) -> Db<'_> {
        let (client, statements) = self.parts();
        Db {
            client,
            statements,
            open: false,
        }
    }

    /// The server's WAL position (see [`crate::route::POSITION_SQL`]).
    pub(crate) fn position(&mut self) -> Result<u64> {
        let row = self
            .client()
            .query_one(&format!("SELECT {}", crate::route::POSITION_SQL), &[])?;
        Ok(u64::try_from(row.get::<_, i64>(0)).unwrap_or(0))
    }

    /// Whether the session's socket is gone.
    pub(crate) fn is_closed(&self) -> bool {
        self.client.as_ref().is_none_or(Client::is_closed)
    }
}

/// A pool of sessions to one server.
pub(crate) struct Pool {
    config: postgres::Config,
    idle: Mutex<Vec<Conn>>,
}

impl Pool {
    /// A pool for the server `url` names; connects nothing yet.
    pub(crate) fn new(url: &str) -> Result<Self> {
        let mut config: postgres::Config = url.parse()?;
        if config.get_application_name().is_none() {
            config.application_name("locus");
        }
        config.connect_timeout(std::time::Duration::from_secs(5));
        Ok(Pool {
            config,
            idle: Mutex::new(Vec::new()),
        })
    }

    /// An idle session, or a new one.
    pub(crate) fn get(&self) -> Result<Conn> {
        // Take one out before connecting: a connect may take seconds and
        // must not hold the lock.
        let idle = self.idle.lock().pop();
        match idle {
            Some(c) if !c.is_closed() => Ok(c),
            _ => Conn::open(&self.config),
        }
    }

    /// Returns a session after use; a broken one is dropped.
    pub(crate) fn put(&self, conn: Conn) {
        if conn.is_closed() {
            return;
        }
        let mut idle = self.idle.lock();
        if idle.len() < IDLE {
            idle.push(conn);
        }
    }

    /// Drops every idle session (after the server went away), outside
    /// the lock: closing one waits on its socket.
    pub(crate) fn clear(&self) {
        let idle = std::mem::take(&mut *self.idle.lock());
        drop(idle);
    }

    /// Runs `f` in a read-write transaction and commits it; also the WAL
    /// position the server has written up to after the commit, which a
    /// replica must replay before it shows the write.
    pub(crate) fn run_positioned<T>(
        &self,
        f: impl FnOnce(&mut Db<'_>) -> Result<T>,
    ) -> Result<(T, u64)> {
        let mut conn = self.get()?;
        let out = (|| {
            let mut db = conn.begin(false)?;
            let out = f(&mut db)?;
            db.commit()?;
            let at = conn.position()?;
            Ok((out, at))
        })();
        if out.is_err() && conn.is_closed() {
            self.clear();
        }
        self.put(conn);
        out
    }

    /// Runs `f` in a transaction on a pooled session and commits it.
    pub(crate) fn run<T>(
        &self,
        read_only: bool,
        f: impl FnOnce(&mut Db<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut conn = self.get()?;
        let out = (|| {
            let mut db = conn.begin(read_only)?;
            let out = f(&mut db)?;
            db.commit()?;
            Ok(out)
        })();
        if out.is_err() && conn.is_closed() {
            self.clear();
        }
        self.put(conn);
        out
    }
}

/// Parameters of a query.
pub(crate) type Params<'p> = &'p [&'p (dyn ToSql + Sync)];

/// A transaction with a prepared-statement cache: every query of this
/// backend runs through one. Dropping one that [`Conn::begin`] opened
/// without [`Db::commit`] rolls it back.
pub(crate) struct Db<'c> {
    client: &'c mut Client,
    statements: &'c mut HashMap<String, Statement>,
    /// Whether this value ends the transaction (commit, or rollback on drop).
    open: bool,
}

impl Drop for Db<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = self.client.batch_execute("ROLLBACK");
        }
    }
}

impl Db<'_> {
    /// The statement for `sql`, prepared once per session.
    pub(crate) fn prepare(&mut self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(sql)?;
        if self.statements.len() >= CACHED_STATEMENTS {
            self.statements.clear();
        }
        self.statements.insert(sql.to_string(), s.clone());
        Ok(s)
    }

    /// Every row of a query.
    pub(crate) fn query(&mut self, sql: &str, params: Params<'_>) -> Result<Vec<Row>> {
        let s = self.prepare(sql)?;
        Ok(self.client.query(&s, params)?)
    }

    /// At most one row.
    pub(crate) fn query_opt(&mut self, sql: &str, params: Params<'_>) -> Result<Option<Row>> {
        let s = self.prepare(sql)?;
        Ok(self.client.query_opt(&s, params)?)
    }

    /// Exactly one row.
    pub(crate) fn query_one(&mut self, sql: &str, params: Params<'_>) -> Result<Row> {
        let s = self.prepare(sql)?;
        Ok(self.client.query_one(&s, params)?)
    }

    /// Runs a statement; the rows it changed.
    pub(crate) fn execute(&mut self, sql: &str, params: Params<'_>) -> Result<u64> {
        let s = self.prepare(sql)?;
        Ok(self.client.execute(&s, params)?)
    }

    /// Runs statements without parameters (DDL, several at once).
    pub(crate) fn batch(&mut self, sql: &str) -> Result<()> {
        Ok(self.client.batch_execute(sql)?)
    }

    /// The session itself, for what the cache does not cover (`COPY`).
    pub(crate) fn client(&mut self) -> &mut Client {
        self.client
    }

    /// Makes the transaction's writes visible.
    pub(crate) fn commit(mut self) -> Result<()> {
        self.open = false;
        Ok(self.client.batch_execute("COMMIT")?)
    }

    /// Bumps a `meta` counter (`generation`, `wiki_generation`); caches
    /// on every node key on them.
    pub(crate) fn bump(&mut self, key: &str) -> Result<()> {
        self.execute("UPDATE meta SET value = value + 1 WHERE key = $1", &[&key])?;
        Ok(())
    }
}

/// Runs blocking database work from wherever the caller is. The
/// `postgres` client blocks on a tokio runtime of its own, which tokio
/// refuses inside another runtime's context: on a worker thread of a
/// multi-threaded runtime (a handler that did not move the call to the
/// blocking pool) the worker is handed over first; inside a
/// current-thread runtime (`#[tokio::test]`), the work runs on a thread
/// of its own. Outside any runtime (the CLI, the blocking pool) it just
/// runs.
pub(crate) fn blocking<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    use tokio::runtime::{Handle, RuntimeFlavor};
    match Handle::try_current() {
        Err(_) => f(),
        Ok(h) if h.runtime_flavor() == RuntimeFlavor::MultiThread => tokio::task::block_in_place(f),
        Ok(_) => std::thread::scope(|s| match s.spawn(f).join() {
            Ok(v) => v,
            Err(panic) => std::panic::resume_unwind(panic),
        }),
    }
}
