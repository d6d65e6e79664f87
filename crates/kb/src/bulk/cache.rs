//! The export a server offers for download: written once per store and
//! wiki generation and format, on first request, into a directory of its
//! own, and served as files from there.
//!
//! Writing the full human store takes a minute, so a request does not
//! wait for it: the first asks for it to be written (on a thread of its
//! own) and later requests find it ready. When a newer export is ready,
//! older ones are deleted; a download already streaming an old file keeps
//! its open file (deleting a file does not close it on Unix).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parking_lot::Mutex;

use super::{BulkFormat, ExportRequest, Manifest};
use crate::KnowledgeBase;

/// What `current` found.
#[derive(Debug, Clone)]
pub enum Current {
    /// The export of the store as it is: its directory and manifest.
    Ready {
        /// Where its files are.
        dir: PathBuf,
        /// Its manifest.
        manifest: Arc<Manifest>,
    },
    /// Being written; ask again.
    Writing,
    /// The last attempt failed (disk full); the next request retries.
    Failed(String),
}

/// Which snapshot an export is of: store and wiki generation.
type Key = (i64, i64);

#[derive(Debug)]
enum Slot {
    Ready {
        key: Key,
        dir: PathBuf,
        manifest: Arc<Manifest>,
    },
    Writing,
    Failed {
        key: Key,
        message: String,
    },
}

/// The exports of one server, under `base`.
#[derive(Debug)]
pub struct ExportCache {
    base: PathBuf,
    slots: Arc<Mutex<HashMap<BulkFormat, Slot>>>,
    /// Whether `base` is this value's own, removed when it is dropped.
    owned: bool,
}

impl Drop for ExportCache {
    fn drop(&mut self) {
        if self.owned {
            let _ = std::fs::remove_dir_all(&self.base);
        }
    }
}

impl ExportCache {
    /// Exports will be written under `base` (created when first needed).
    pub fn new(base: impl Into<PathBuf>) -> Self {
        ExportCache {
            base: base.into(),
            slots: Arc::default(),
            owned: false,
        }
    }

    /// Exports under a new directory of the system's temporary
    /// directory, removed when this is dropped.
    pub fn temporary() -> Self {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        ExportCache {
            base: std::env::temp_dir().join(format!("locus-exports-{}-{n}", std::process::id())),
            slots: Arc::default(),
            owned: true,
        }
    }

    /// Where exports are written.
    pub fn base(&self) -> &Path {
        &self.base
    }

    /// The export of the store as it is now in `format`: ready, or being
    /// written (this call starts it when nothing is).
    pub fn current(&self, kb: &Arc<KnowledgeBase>, format: BulkFormat) -> Current {
        let key = (kb.generation(), kb.wiki_generation());
        let mut slots = self.slots.lock();
        match slots.get(&format) {
            Some(Slot::Ready {
                key: k,
                dir,
                manifest,
            }) if *k == key => {
                return Current::Ready {
                    dir: dir.clone(),
                    manifest: manifest.clone(),
                }
            }
            Some(Slot::Writing) => return Current::Writing,
            Some(Slot::Failed { key: k, message }) if *k == key => {
                let message = message.clone();
                // Retried by the next request, not this one: a failing
                // disk is not hammered by every download.
                slots.remove(&format);
                return Current::Failed(message);
            }
            _ => {}
        }
        // The old export is deleted once the new one is ready.
        let previous = match slots.insert(format, Slot::Writing) {
            Some(Slot::Ready { dir, .. }) => Some(dir),
            _ => None,
        };
        drop(slots);
        let dir = self.base.join(format!(
            "generation-{}-wiki-{}-{}",
            key.0,
            key.1,
            format.as_str()
        ));
        let slots = self.slots.clone();
        let kb = kb.clone();
        let spawned = std::thread::Builder::new()
            .name("locus-export".into())
            .spawn(move || {
                // A directory left by a process that died mid-export.
                let _ = std::fs::remove_dir_all(&dir);
                let written =
                    kb.export_store(&dir, &ExportRequest::everything(format), &mut |_, _| {});
                let slot = match written {
                    Ok(manifest) => {
                        if let Some(old) = previous.filter(|p| *p != dir) {
                            let _ = std::fs::remove_dir_all(old);
                        }
                        Slot::Ready {
                            key,
                            dir,
                            manifest: Arc::new(manifest),
                        }
                    }
                    Err(e) => Slot::Failed {
                        key,
                        message: e.to_string(),
                    },
                };
                slots.lock().insert(format, slot);
            });
        if let Err(e) = spawned {
            let message = format!("cannot start writing the export: {e}");
            self.slots.lock().remove(&format);
            return Current::Failed(message);
        }
        Current::Writing
    }
}
