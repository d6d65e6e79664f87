//! Where each transaction goes: writes to the primary; reads to a
//! hot-standby replica that has replayed far enough, else to the
//! primary; and when the primary is gone, reads to whatever replica is
//! up, so pages go on while writes wait.
//!
//! "Far enough" is a WAL position, the *floor*: the newest of this
//! handle's own writes, of the positions callers hand in (a writer's
//! cookie, written by another node), and of the position at which a
//! generation change was first seen. The last one keeps a node from
//! reading an old replica after a newer one told it the store changed,
//! which would put old content in caches keyed on the new generation.
//!
//! Replication itself is PostgreSQL's streaming replication; nothing here
//! copies data. A replica that fails (connection refused, shut down, a
//! query cancelled by recovery) is left out of rotation for a moment and
//! the read is retried elsewhere: reads are idempotent, so a reader sees
//! no error. Writes are never retried.

use std::sync::atomic::{AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::db::{Conn, Db, Mode, Pool};
use crate::{Error, Result};

/// How long a failed server stays out of rotation before it is tried
/// again.
const OUT_OF_ROTATION: Duration = Duration::from_secs(1);

/// How long a replica's replayed position is trusted while it is behind
/// the floor: asking more often would add a round trip to every read
/// while a bulk import streams.
const REPLAY_RECHECK: Duration = Duration::from_millis(10);

/// The SQL of a server's position in the WAL: what a standby has
/// replayed, or what the primary has written.
pub(crate) const POSITION_SQL: &str =
    "(COALESCE(pg_last_wal_replay_lsn(), pg_current_wal_lsn()) - '0/0'::pg_lsn)::BIGINT";

/// One server: the primary or a replica.
pub(crate) struct Server {
    pub(crate) pool: Pool,
    /// The URL without its password, for logs.
    name: String,
    /// Replayed position as last read (replicas).
    replayed: AtomicU64,
    /// When `replayed` was read, in milliseconds since the route began.
    checked_ms: AtomicU64,
    /// Until when it is out of rotation, in milliseconds since the route
    /// began; 0 when it is in.
    down_until_ms: AtomicU64,
}

impl Server {
    fn new(pool: Pool, name: String) -> Self {
        Server {
            pool,
            name,
            replayed: AtomicU64::new(0),
            checked_ms: AtomicU64::new(0),
            down_until_ms: AtomicU64::new(0),
        }
    }

    fn in_rotation(&self, now: u64) -> bool {
        let until = self.down_until_ms.load(Ordering::Acquire);
        until == 0 || now >= until
    }

    /// Takes the server out of rotation after `e`; its idle sessions go.
    fn take_out(&self, now: u64, e: &Error, role: &str) {
        let until = now + OUT_OF_ROTATION.as_millis() as u64;
        if self.down_until_ms.swap(until, Ordering::AcqRel) == 0 {
            tracing::warn!(target: "locus::store", server = %self.name, error = %describe(e), "{role} out of rotation");
        }
        self.pool.clear();
    }

    /// Notes a transaction that went through. One that began before the
    /// server was taken out does not bring it back; one tried after the
    /// pause does.
    fn answered(&self, now: u64, role: &str) {
        let until = self.down_until_ms.load(Ordering::Acquire);
        if until != 0
            && now >= until
            && self
                .down_until_ms
                .compare_exchange(until, 0, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
        {
            tracing::info!(target: "locus::store", server = %self.name, "{role} back in rotation");
        }
    }

    /// Whether the replica has replayed up to `floor`, asking it when
    /// what is known is older than the floor and than [`REPLAY_RECHECK`].
    fn has_replayed(&self, floor: u64, now: u64) -> Result<bool> {
        if self.replayed.load(Ordering::Acquire) >= floor {
            return Ok(true);
        }
        let checked = self.checked_ms.load(Ordering::Acquire);
        if now.saturating_sub(checked) < REPLAY_RECHECK.as_millis() as u64 {
            return Ok(false);
        }
        self.checked_ms.store(now, Ordering::Release);
        let at = self.pool.with_session(Conn::position)?;
        self.replayed.fetch_max(at, Ordering::AcqRel);
        Ok(at >= floor)
    }
}

/// The servers of one store and the floor reads must reach.
pub(crate) struct Route {
    pub(crate) primary: Server,
    replicas: Vec<Server>,
    /// Reads must see the store at least as of this WAL position.
    floor: AtomicU64,
    /// The newest write made through this route.
    last_write: AtomicU64,
    /// Round-robin start among the replicas.
    next: AtomicUsize,
    /// The newest value of each generation counter seen, to notice a
    /// change ([`Counter`]).
    seen: [AtomicI64; 2],
    began: Instant,
}

/// The counters caches key on.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Counter {
    Generation = 0,
    WikiGeneration = 1,
}

impl Route {
    /// A route to `primary` and read replicas (`(pool, name)` pairs).
    pub(crate) fn new(primary: (Pool, String), replicas: Vec<(Pool, String)>) -> Self {
        Route {
            primary: Server::new(primary.0, primary.1),
            replicas: replicas
                .into_iter()
                .map(|(p, n)| Server::new(p, n))
                .collect(),
            floor: AtomicU64::new(0),
            last_write: AtomicU64::new(0),
            next: AtomicUsize::new(0),
            seen: [AtomicI64::new(i64::MIN), AtomicI64::new(i64::MIN)],
            began: Instant::now(),
        }
    }

    pub(crate) fn has_replicas(&self) -> bool {
        !self.replicas.is_empty()
    }

    fn now(&self) -> u64 {
        u64::try_from(self.began.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Runs a read-only snapshot on a replica that has replayed up to the
    /// floor, else on the primary, else (primary gone) on any replica up.
    pub(crate) fn read<T>(
        &self,
        mode: Mode,
        f: &(dyn Fn(&mut Db<'_>) -> Result<T> + Sync),
    ) -> Result<T> {
        let floor = self.floor.load(Ordering::Acquire);
        let now = self.now();
        let n = self.replicas.len();
        let start = if n > 0 {
            self.next.fetch_add(1, Ordering::Relaxed) % n
        } else {
            0
        };
        if let Some(out) = self.read_on_replicas(start, Some(floor), mode, f) {
            return out;
        }
        let primary_error = if self.primary.in_rotation(now) || n == 0 {
            match self.primary.pool.run(mode, |db| f(db)) {
                Ok(v) => {
                    self.primary.answered(now, "primary");
                    return Ok(v);
                }
                Err(e) if n > 0 && unreachable(&e) => {
                    self.primary.take_out(now, &e, "primary");
                    Some(e)
                }
                Err(e) => return Err(e),
            }
        } else {
            None
        };
        // The primary is gone: any replica that answers, however far
        // behind, rather than no page at all.
        if let Some(out) = self.read_on_replicas(start, None, mode, f) {
            return out;
        }
        if let Some(e) = primary_error {
            return Err(e);
        }
        // Every server was out of rotation: try the primary once more.
        self.primary.pool.run(mode, |db| f(db))
    }

    /// Runs a read on the replicas in rotation, from the `start`th round
    /// robin, that have replayed up to `floor` (any, without one): the
    /// first answer, or an error that another server would give too;
    /// `None` when none could answer.
    fn read_on_replicas<T>(
        &self,
        start: usize,
        floor: Option<u64>,
        mode: Mode,
        f: &(dyn Fn(&mut Db<'_>) -> Result<T> + Sync),
    ) -> Option<Result<T>> {
        let now = self.now();
        let n = self.replicas.len();
        for i in 0..n {
            let replica = &self.replicas[(start + i) % n];
            if !replica.in_rotation(now) {
                continue;
            }
            if let Some(floor) = floor {
                match replica.has_replayed(floor, now) {
                    Ok(true) => {}
                    Ok(false) => continue,
                    Err(e) => {
                        replica.take_out(now, &e, "replica");
                        continue;
                    }
                }
            }
            if let Some(out) = self.read_on(replica, "replica", mode, f) {
                return Some(out);
            }
        }
        None
    }

    /// Runs a read on `server`; `None` when the server failed in a way
    /// that another may not (gone, or a query cancelled by replay).
    fn read_on<T>(
        &self,
        server: &Server,
        role: &str,
        mode: Mode,
        f: &(dyn Fn(&mut Db<'_>) -> Result<T> + Sync),
    ) -> Option<Result<T>> {
        let now = self.now();
        match server.pool.run(mode, |db| f(db)) {
            Ok(v) => {
                server.answered(now, role);
                Some(Ok(v))
            }
            Err(e) if unreachable(&e) => {
                server.take_out(now, &e, role);
                None
            }
            Err(e) if cancelled_by_recovery(&e) => None,
            Err(e) => Some(Err(e)),
        }
    }

    /// Runs a read-write transaction on the primary and, when replicas
    /// may answer later reads, raises the floor to the commit.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&mut Db<'_>) -> Result<T>) -> Result<T> {
        let out = if self.has_replicas() {
            self.primary.pool.run_positioned(f).map(|(v, at)| {
                self.wrote(at);
                v
            })
        } else {
            self.primary.pool.run(Mode::Write, f)
        };
        match out {
            Ok(v) => {
                self.primary.answered(self.now(), "primary");
                Ok(v)
            }
            Err(e) => {
                if self.has_replicas() && unreachable(&e) {
                    self.primary.take_out(self.now(), &e, "primary");
                }
                Err(e)
            }
        }
    }

    /// Notes a write committed at `at` through this route.
    pub(crate) fn wrote(&self, at: u64) {
        self.last_write.fetch_max(at, Ordering::AcqRel);
        self.floor.fetch_max(at, Ordering::AcqRel);
    }

    /// The newest write made through this route, if replicas may lag
    /// behind it.
    pub(crate) fn last_write(&self) -> Option<u64> {
        let at = self.last_write.load(Ordering::Acquire);
        (self.has_replicas() && at > 0).then_some(at)
    }

    /// Raises the floor to `at`; whether it rose.
    pub(crate) fn read_after(&self, at: u64) -> bool {
        self.has_replicas() && self.floor.fetch_max(at, Ordering::AcqRel) < at
    }

    /// Notes a counter read at WAL position `at`: when it moved, later
    /// reads must not go to a replica older than `at`.
    pub(crate) fn saw(&self, counter: Counter, value: i64, at: u64) {
        let before = self.seen[counter as usize].fetch_max(value, Ordering::AcqRel);
        if value > before && self.has_replicas() {
            self.floor.fetch_max(at, Ordering::AcqRel);
        }
    }

    /// Whether every replica in rotation has replayed up to `at`. One
    /// that cannot be asked is taken out of rotation, and so does not
    /// count: no read goes to it until it answers again.
    pub(crate) fn is_replicated(&self, at: u64) -> bool {
        let now = self.now();
        self.replicas
            .iter()
            .filter(|r| r.in_rotation(now))
            .all(|r| match r.has_replayed(at, now) {
                Ok(replayed) => replayed,
                Err(e) => {
                    r.take_out(now, &e, "replica");
                    true
                }
            })
    }
}

/// Whether `e` says the server cannot be used now: the connection
/// failed or broke, or the server is shutting down or starting
/// (SQLSTATE classes 08 and 57P).
pub(crate) fn unreachable(e: &Error) -> bool {
    let Error::Postgres(e) = e else {
        return false;
    };
    if e.is_closed() {
        return true;
    }
    if let Some(code) = e.code() {
        let code = code.code();
        return code.starts_with("08") || code.starts_with("57P");
    }
    std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>())
}

/// Whether a standby cancelled the query to replay WAL that conflicts
/// with it (SQLSTATE 40001 on a standby): the same read may succeed on
/// another server.
fn cancelled_by_recovery(e: &Error) -> bool {
    matches!(e, Error::Postgres(e)
        if e.code() == Some(&postgres::error::SqlState::T_R_SERIALIZATION_FAILURE))
}

/// `e` for a log line: PostgreSQL's own message and SQLSTATE when the
/// server sent one ("db error" alone says nothing).
pub(crate) fn describe(e: &Error) -> String {
    match e {
        Error::Postgres(p) => match p.as_db_error() {
            Some(db) => format!("{} ({})", db.message(), db.code().code()),
            None => match std::error::Error::source(p) {
                Some(cause) => format!("{p}: {cause}"),
                None => p.to_string(),
            },
        },
        Error::Store(s) => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Counter, Route};
    use crate::db::Pool;

    /// Pools connect lazily, so routing state can be checked without a
    /// server.
    fn route(replicas: usize) -> Route {
        let pool = || Pool::new("postgres://postgres@127.0.0.1:9/none").expect("a URL");
        Route::new(
            (pool(), "primary".into()),
            (0..replicas).map(|i| (pool(), format!("r{i}"))).collect(),
        )
    }

    /// Without replicas every read sees every write: nothing has a
    /// position and nothing raises the floor.
    #[test]
    fn one_server_needs_no_positions() {
        let r = route(0);
        assert!(!r.read_after(100));
        r.wrote(200);
        assert_eq!(r.last_write(), None);
        assert!(r.is_replicated(300));
    }

    /// The floor rises with writes and handed-in positions, never falls,
    /// and a counter raises it only when its value moved.
    #[test]
    fn the_floor_only_rises() {
        let r = route(2);
        assert!(r.read_after(100));
        assert!(!r.read_after(50), "an older position changes nothing");
        assert!(!r.read_after(100));
        r.wrote(150);
        assert_eq!(r.last_write(), Some(150));
        assert!(!r.read_after(120));
        r.saw(Counter::Generation, 7, 400);
        assert!(!r.read_after(399), "a first value seen raises the floor");
        r.saw(Counter::Generation, 7, 900);
        assert!(r.read_after(899), "the same value read later does not");
        r.saw(Counter::WikiGeneration, 3, 1000);
        assert!(!r.read_after(1000), "each counter is its own");
    }
}
