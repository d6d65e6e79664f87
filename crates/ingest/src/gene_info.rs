//! TODO(helper): being written.
use crate::{FactSource, IngestError, Result};
use locus_model::Fact;
use std::path::Path;

pub struct GeneInfoReader;
impl GeneInfoReader {
    pub fn open(path: &Path) -> Result<Self> {
        Err(IngestError::file(path, "not yet implemented"))
    }
}
impl Iterator for GeneInfoReader {
    type Item = Result<Fact>;
    fn next(&mut self) -> Option<Self::Item> {
        None
    }
}
impl FactSource for GeneInfoReader {
    fn release(&self) -> Option<String> {
        None
    }
}
