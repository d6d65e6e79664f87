//! Connections: a pool of PostgreSQL sessions, each with its own
//! prepared-statement cache, and [`Db`], the transaction every query of
//! this backend runs in.
//!
//! Why not r2d2 or deadpool: a pooled connection here carries its
//! prepared statements with it (PostgreSQL prepares per session), which
//! neither pool lets a caller attach to a connection of the sync
//! `postgres` client; without them every query costs a second round
//! trip to prepare. The pool is a locked stack of idle sessions and a
//! count of sessions in use, capped: a burst of requests waits for a
//! session instead of opening (forking a server process, preparing every
//! statement again) and closing one per request. A session whose socket
//! broke is dropped, not returned.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use parking_lot::{Condvar, Mutex};
use postgres::types::ToSql;
use postgres::{Client, NoTls, Row, Statement};

use crate::Result;

/// Sessions per server and node, in use or idle, unless
/// `LOCUS_PG_SESSIONS` says otherwise. A PostgreSQL server runs best with
/// about as many active sessions as it has cores, a few times over to
/// cover network waits; beyond that sessions only queue inside it.
const SESSIONS: usize = 8;

/// How long a request waits for a free session before it fails.
const SESSION_WAIT: Duration = Duration::from_secs(30);

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
    /// The pool that counts this session as in use, until it is put back
    /// or dropped.
    lent_by: Option<Arc<Shared>>,
}

impl Drop for Conn {
    fn drop(&mut self) {
        if let Some(pool) = self.lent_by.take() {
            pool.returned(None);
        }
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
            lent_by: None,
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

    /// Work on this session: a [`Mode::Read`] runs its statements one by
    /// one, each its own snapshot of committed data, as SQLite's readers
    /// do (no `BEGIN`/`COMMIT`: two round trips fewer per call, most of
    /// what a one-query read costs); a [`Mode::Write`] is a transaction,
    /// rolled back when dropped without [`Db::commit`].
    pub(crate) fn begin(&mut self, mode: Mode) -> Result<Db<'_>> {
        let (client, statements) = self.parts();
        if mode == Mode::Write {
            client.batch_execute("BEGIN")?;
        }
        Ok(Db {
            client,
            statements,
            open: mode == Mode::Write,
        })
    }

    /// Runs `f` in work of `mode` on this session and commits it.
    fn run<T>(&mut self, mode: Mode, f: impl FnOnce(&mut Db<'_>) -> Result<T>) -> Result<T> {
        let mut db = self.begin(mode)?;
        let out = f(&mut db)?;
        db.commit()?;
        Ok(out)
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

/// What a pooled session is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Reads, each statement its own snapshot.
    Read,
    /// A read-write transaction.
    Write,
}

/// What the sessions of a pool share.
struct Shared {
    state: Mutex<Sessions>,
    max: usize,
}

struct Sessions {
    idle: Vec<Conn>,
    in_use: usize,
    /// Tickets of the callers waiting for a session, first come first
    /// served: without it a caller that just arrived takes the session a
    /// long waiter was woken for, and some requests wait for seconds.
    /// Each waiter has its own condition variable, so a returned session
    /// wakes the one caller whose turn it is, not every waiter.
    queue: std::collections::VecDeque<(u64, Arc<Condvar>)>,
    next_ticket: u64,
}

impl Sessions {
    /// Wakes the caller first in line.
    fn wake_first(&self) {
        if let Some((_, turn)) = self.queue.front() {
            turn.notify_one();
        }
    }
}

impl Shared {
    /// A lent session came back: to the idle stack (`Some`), or closed.
    fn returned(&self, conn: Option<Conn>) {
        let mut s = self.state.lock();
        s.in_use = s.in_use.saturating_sub(1);
        if let Some(conn) = conn {
            s.idle.push(conn);
        }
        s.wake_first();
    }
}

/// A pool of sessions to one server.
pub(crate) struct Pool {
    config: postgres::Config,
    shared: Arc<Shared>,
}

impl Pool {
    /// A pool for the server `url` names; connects nothing yet.
    pub(crate) fn new(url: &str) -> Result<Self> {
        let mut config: postgres::Config = url.parse()?;
        if config.get_application_name().is_none() {
            config.application_name("locus");
        }
        config.connect_timeout(Duration::from_secs(5));
        let max = std::env::var("LOCUS_PG_SESSIONS")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|n| *n > 0)
            .unwrap_or(SESSIONS);
        Ok(Pool {
            config,
            shared: Arc::new(Shared {
                state: Mutex::new(Sessions {
                    idle: Vec::new(),
                    in_use: 0,
                    queue: std::collections::VecDeque::new(),
                    next_ticket: 0,
                }),
                max,
            }),
        })
    }

    /// An idle session, or a new one while fewer than the cap are open;
    /// else waits, in turn, for one to be returned.
    pub(crate) fn get(&self) -> Result<Conn> {
        let mut s = self.shared.state.lock();
        let deadline = std::time::Instant::now() + SESSION_WAIT;
        let ticket = s.next_ticket;
        s.next_ticket += 1;
        let turn = Arc::new(Condvar::new());
        s.queue.push_back((ticket, turn.clone()));
        loop {
            // Broken idle sessions are dropped on the way.
            while s.idle.last().is_some_and(Conn::is_closed) {
                s.idle.pop();
            }
            let free = !s.idle.is_empty() || s.in_use < self.shared.max;
            if free && s.queue.front().is_some_and(|(t, _)| *t == ticket) {
                s.queue.pop_front();
                s.in_use += 1;
                let idle = s.idle.pop();
                if !s.idle.is_empty() || s.in_use < self.shared.max {
                    // The next in line may be served too.
                    s.wake_first();
                }
                drop(s);
                let conn = match idle {
                    Some(conn) => Ok(conn),
                    // Connect outside the lock: it may take seconds.
                    None => Conn::open(&self.config),
                };
                return match conn {
                    Ok(mut conn) => {
                        conn.lent_by = Some(self.shared.clone());
                        Ok(conn)
                    }
                    Err(e) => {
                        self.shared.returned(None);
                        Err(e)
                    }
                };
            }
            if turn.wait_until(&mut s, deadline).timed_out() {
                s.queue.retain(|(t, _)| *t != ticket);
                s.wake_first();
                return Err(crate::Error::Store(locus_store::StoreError::Unavailable(
                    format!(
                        "all {} database sessions of this node stayed busy for {} s",
                        self.shared.max,
                        SESSION_WAIT.as_secs()
                    ),
                )));
            }
        }
    }

    /// Returns a session after use; a broken one is closed.
    pub(crate) fn put(&self, mut conn: Conn) {
        let Some(pool) = conn.lent_by.take() else {
            return;
        };
        if conn.is_closed() {
            pool.returned(None);
        } else {
            pool.returned(Some(conn));
        }
    }

    /// Closes every idle session (after the server went away), outside
    /// the lock: closing one waits on its socket.
    pub(crate) fn clear(&self) {
        let idle = std::mem::take(&mut self.shared.state.lock().idle);
        drop(idle);
    }

    /// Runs `f` on a pooled session and returns the session; a session
    /// that broke is dropped, and with it every idle one (the server
    /// likely went away).
    pub(crate) fn with_session<T>(&self, f: impl FnOnce(&mut Conn) -> Result<T>) -> Result<T> {
        let mut conn = self.get()?;
        let out = f(&mut conn);
        if out.is_err() && conn.is_closed() {
            self.clear();
        }
        self.put(conn);
        out
    }

    /// Runs `f` in a read-write transaction and commits it; also the WAL
    /// position the server has written up to after the commit, which a
    /// replica must replay before it shows the write.
    pub(crate) fn run_positioned<T>(
        &self,
        f: impl FnOnce(&mut Db<'_>) -> Result<T>,
    ) -> Result<(T, u64)> {
        self.with_session(|conn| {
            let out = conn.run(Mode::Write, f)?;
            Ok((out, conn.position()?))
        })
    }

    /// Runs `f` in a transaction of `mode` on a pooled session and
    /// commits it.
    pub(crate) fn run<T>(&self, mode: Mode, f: impl FnOnce(&mut Db<'_>) -> Result<T>) -> Result<T> {
        self.with_session(|conn| conn.run(mode, f))
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
        if !self.open {
            return Ok(());
        }
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
