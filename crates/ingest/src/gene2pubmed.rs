//! TODO(helper): being written.
use crate::{FactSource, IngestError, Result};
use locus_model::Fact;
use std::path::Path;

pub struct Gene2PubmedReader;
impl Gene2PubmedReader {
    pub fn open(path: &Path) -> Result<Self> {
        Err(IngestError::file(path, "not yet implemented"))
    }
}
impl Iterator for Gene2PubmedReader {
    type Item = Result<Fact>;
    fn next(&mut self) -> Option<Self::Item> {
        None
    }
}
impl FactSource for Gene2PubmedReader {
    fn release(&self) -> Option<String> {
        None
    }
}
