//! The iterator plumbing the streaming importers share.
//!
//! Each format only knows how to read its next record ([`RecordReader`]);
//! [`Records`] turns that into the [`FactSource`] the CLI drains, so the
//! rules about ending the stream live in one place rather than once per
//! format.

use locus_model::Fact;

use crate::{FactSource, Result};

/// One format's parsing state: reads the next record from its input.
pub(crate) trait RecordReader: Send {
    /// The next record as a fact, `Ok(None)` at the end of the input.
    fn next_record(&mut self) -> Result<Option<Fact>>;

    /// What the file states about its release (see [`FactSource::release`]).
    /// Most of the formats state nothing, hence the default.
    fn release(&self) -> Option<String> {
        None
    }
}

/// The facts of one source file, read by the format's `RecordReader`.
///
/// The stream ends for good at the end of the input or after its first
/// error: past a bad record the reader may be stranded inside an entry (a
/// UniProt record cut short) or have lost its place (after malformed XML),
/// and the store aborts the import on the first error anyway, so reading on
/// could only produce misleading follow-on errors.
pub struct Records<R> {
    /// The format's state; visible to the crate so tests can look inside.
    pub(crate) reader: R,
    /// Set once the end or an error is reached, so the iterator stays ended.
    done: bool,
}

impl<R> Records<R> {
    pub(crate) fn new(reader: R) -> Self {
        Records {
            reader,
            done: false,
        }
    }
}

impl<R: RecordReader> Iterator for Records<R> {
    type Item = Result<Fact>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let next = self.reader.next_record().transpose();
        self.done = !matches!(next, Some(Ok(_)));
        next
    }
}

impl<R: RecordReader> FactSource for Records<R> {
    fn release(&self) -> Option<String> {
        self.reader.release()
    }
}
