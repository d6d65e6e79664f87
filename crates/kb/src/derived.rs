//! [`Derived`]: an in-memory structure built from the store (the search
//! index, the graph) and valid for one store generation.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use locus_store::GeneStore;
use parking_lot::RwLock;

use crate::{KnowledgeBase, Result};

/// Built on first use. After an import the previous one keeps answering
/// while the new one is built on a background thread, so no request
/// waits on a rebuild; nothing stale outlives the rebuild.
pub(crate) struct Derived<T> {
    current: RwLock<Option<(i64, Arc<T>)>>,
    rebuilding: AtomicBool,
}

impl<T> Default for Derived<T> {
    fn default() -> Self {
        Derived {
            current: RwLock::new(None),
            rebuilding: AtomicBool::new(false),
        }
    }
}

type Build<T> = fn(&dyn GeneStore) -> Result<T>;

impl<T: Send + Sync + 'static> Derived<T> {
    /// The structure for `generation`; `this` finds this field again from
    /// the knowledge base handed to the background thread.
    pub(crate) fn get(
        &self,
        kb: &Arc<KnowledgeBase>,
        generation: i64,
        this: fn(&KnowledgeBase) -> &Derived<T>,
        build: Build<T>,
    ) -> Result<Arc<T>> {
        if let Some((g, current)) = self.current.read().as_ref() {
            if *g != generation && !self.rebuilding.swap(true, Ordering::AcqRel) {
                let kb = kb.clone();
                std::thread::spawn(move || {
                    let derived = this(&kb);
                    let _ = derived.build(kb.store(), generation, build);
                    derived.rebuilding.store(false, Ordering::Release);
                });
            }
            return Ok(current.clone());
        }
        self.build(kb.store(), generation, build)
    }

    /// Whether what this holds is of `generation`, or nothing is built yet
    /// (the next use builds it for the current generation). False while
    /// the previous generation's answers stand in for a rebuild.
    pub(crate) fn is_current(&self, generation: i64) -> bool {
        self.current
            .read()
            .as_ref()
            .is_none_or(|(g, _)| *g == generation)
    }

    fn build(&self, store: &dyn GeneStore, generation: i64, build: Build<T>) -> Result<Arc<T>> {
        let built = Arc::new(build(store)?);
        *self.current.write() = Some((generation, built.clone()));
        Ok(built)
    }
}
