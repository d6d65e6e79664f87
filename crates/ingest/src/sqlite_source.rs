//! Shared plumbing for sources that are SQLite files (Bioconductor
//! `org.*.eg.db`, `GO.db`): read-only immutable opening, the `metadata`
//! table, and a reading thread that hands facts over a bounded channel.
//! [`ChannelSource`] is that channel's receiving end, the [`FactSource`]
//! the CLI drains.
//!
//! The thread lets SQLite read on one core while the store writes on the
//! other, and spares the iterator self-referential statement borrows.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver};
use std::thread::JoinHandle;

use locus_model::Fact;
use rusqlite::{Connection, OpenFlags};

use crate::{FactSource, IngestError, Result};

/// Facts buffered between the reading thread and the writer.
const CHANNEL_DEPTH: usize = 8192;

/// Opens `path` read-only and immutable: a package installed under
/// `/usr/lib/R` is never written to, not even a journal.
pub fn open_readonly(path: &Path) -> Result<Connection> {
    if !path.is_file() {
        return Err(IngestError::io(
            path,
            std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        ));
    }
    let uri = format!("file:{}?immutable=1", path.display());
    Connection::open_with_flags(
        uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| IngestError::file(path, format!("cannot open as SQLite: {e}")))
}

/// The `metadata` (name, value) table of an AnnotationDbi package, checked
/// to be of the expected `Db type` (`OrgDb`, `GODb`).
pub fn metadata(conn: &Connection, path: &Path, db_type: &str) -> Result<HashMap<String, String>> {
    let not_pkg = |e: rusqlite::Error| {
        IngestError::file(
            path,
            format!("not a Bioconductor {db_type} package (no readable `metadata` table: {e})"),
        )
    };
    let mut stmt = conn
        .prepare("SELECT name, value FROM metadata")
        .map_err(not_pkg)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .map_err(not_pkg)?;
    let mut map = HashMap::new();
    for row in rows {
        let (k, v) = row.map_err(not_pkg)?;
        map.insert(k, v);
    }
    if map.get("Db type").map(String::as_str) != Some(db_type) {
        return Err(IngestError::file(
            path,
            format!("not a Bioconductor {db_type} package: metadata `Db type` is not `{db_type}`"),
        ));
    }
    Ok(map)
}

/// Receives facts produced by a reading thread.
pub struct ChannelSource {
    rx: Receiver<Result<Fact>>,
    worker: Option<JoinHandle<()>>,
    release: Option<String>,
}

/// The reading function: emits facts until done; `emit` returns false when
/// the consumer hung up, and the reader should then stop with `Ok`.
pub type ReadFn =
    Box<dyn FnOnce(&Connection, &Path, &mut dyn FnMut(Fact) -> bool) -> Result<()> + Send>;

impl ChannelSource {
    /// Starts a thread that runs `read` on `conn` and sends each fact it
    /// emits, up to `CHANNEL_DEPTH` facts ahead of the consumer; an error of
    /// `read` arrives as the last item. `release` is what the package's
    /// `metadata` table states, known before any fact is read. Fails only if
    /// the thread cannot be started.
    pub fn spawn(
        path: &Path,
        conn: Connection,
        release: Option<String>,
        read: ReadFn,
    ) -> Result<Self> {
        let (tx, rx) = sync_channel(CHANNEL_DEPTH);
        let path_buf: PathBuf = path.to_path_buf();
        let worker = std::thread::Builder::new()
            .name("sqlite-source".into())
            .spawn(move || {
                if let Err(e) = read(&conn, &path_buf, &mut |fact| tx.send(Ok(fact)).is_ok()) {
                    let _ = tx.send(Err(e));
                }
            })
            .map_err(|e| IngestError::io(path, e))?;
        Ok(ChannelSource {
            rx,
            worker: Some(worker),
            release,
        })
    }
}

impl Iterator for ChannelSource {
    type Item = Result<Fact>;
    fn next(&mut self) -> Option<Self::Item> {
        match self.rx.recv() {
            Ok(item) => Some(item),
            Err(_) => {
                if let Some(w) = self.worker.take() {
                    let _ = w.join();
                }
                None
            }
        }
    }
}

impl FactSource for ChannelSource {
    fn release(&self) -> Option<String> {
        self.release.clone()
    }
}
