//! Response cache keyed by URL, valid for one store generation.

use std::num::NonZeroUsize;

use axum::body::Bytes;
use lru::LruCache;
use parking_lot::Mutex;

#[derive(Clone)]
pub struct Cached {
    pub generation: i64,
    pub content_type: &'static str,
    pub status: u16,
    pub body: Bytes,
}

pub struct ResponseCache {
    inner: Mutex<LruCache<String, Cached>>,
    /// Bodies larger than this are not kept (a full TSV of a hub gene).
    max_body: usize,
}

impl ResponseCache {
    pub fn new(entries: usize, max_body: usize) -> Self {
        ResponseCache {
            inner: Mutex::new(LruCache::new(
                NonZeroUsize::new(entries.max(1)).unwrap_or(NonZeroUsize::MIN),
            )),
            max_body,
        }
    }

    pub fn get(&self, key: &str, generation: i64) -> Option<Cached> {
        let mut inner = self.inner.lock();
        match inner.get(key) {
            Some(c) if c.generation == generation => Some(c.clone()),
            Some(_) => {
                inner.pop(key);
                None
            }
            None => None,
        }
    }

    pub fn put(&self, key: String, value: Cached) {
        if value.body.len() <= self.max_body {
            self.inner.lock().put(key, value);
        }
    }
}
