//! Importers: one module per published source format.
//!
//! Each importer streams its input (gzip is read transparently), yields
//! [`locus_model::Fact`]s one at a time and reports a bad record as file,
//! line and field. Nothing here knows about the store: the CLI hands the
//! stream to the store, which owns transactions and provenance.

mod error;
pub mod gene2pubmed;
pub mod gene_info;
pub mod generifs;
pub mod go_db;
pub mod orgdb;
pub mod pubmed_xml;
mod reader;
mod records;
mod sqlite_source;
pub mod uniprot;

use std::path::Path;

pub use error::{IngestError, Result};
use locus_model::{Fact, SourceKind};
pub use reader::{file_sha256, open_maybe_gz, LineReader};
pub use records::Records;
pub use sqlite_source::ChannelSource;

/// A stream of facts read from one source file.
///
/// `release` is the release or date the file states about itself; some
/// formats reveal it only once read to the end, so callers ask after
/// draining the iterator.
pub trait FactSource: Iterator<Item = Result<Fact>> + Send {
    fn release(&self) -> Option<String>;
}

/// Opens `path` with the importer for `kind`.
pub fn open(kind: SourceKind, path: &Path) -> Result<Box<dyn FactSource>> {
    Ok(match kind {
        SourceKind::GeneInfo => Box::new(gene_info::GeneInfoReader::open(path)?),
        SourceKind::Orgdb => Box::new(orgdb::open(path)?),
        SourceKind::Gene2pubmed => Box::new(gene2pubmed::Gene2PubmedReader::open(path)?),
        SourceKind::Generifs => Box::new(generifs::GeneRifReader::open(path)?),
        SourceKind::PubmedXml => Box::new(pubmed_xml::PubmedXmlReader::open(path)?),
        SourceKind::Uniprot => Box::new(uniprot::UniprotReader::open(path)?),
        SourceKind::GoDb => Box::new(go_db::open(path)?),
    })
}

/// Locating the project's shared real data for the extra tests on full
/// files. A user's clone has no `../shared`; those tests then print a skip
/// line and the tests on the committed subsets still run.
#[cfg(test)]
pub(crate) mod test_support {
    use std::path::PathBuf;

    /// `$LOCUS_SHARED_DATA/<rel>`, else `../shared/data/<rel>` beside the
    /// repository; `None` (after printing a skip line) when absent.
    pub fn shared_data(rel: &str) -> Option<PathBuf> {
        let base = std::env::var_os("LOCUS_SHARED_DATA")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
            });
        let p = base.join(rel);
        if p.exists() {
            Some(p)
        } else {
            eprintln!("skip: {} not present (set LOCUS_SHARED_DATA)", p.display());
            None
        }
    }
}
