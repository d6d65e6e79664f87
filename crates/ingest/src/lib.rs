//! Importers: one module per published source format.
//!
//! Each importer streams its input (gzip is read transparently), yields
//! [`locus_model::Fact`]s one at a time and reports a bad record as file,
//! line and field. Nothing here knows about the store: the CLI hands the
//! stream to the store, which owns transactions and provenance.

pub mod collectri;
pub mod dorothea;
mod error;
pub mod gene2pubmed;
pub mod gene_info;
pub mod generifs;
pub mod go_db;
pub mod orgdb;
pub mod orthologs;
pub mod pubmed_xml;
mod reader;
mod records;
pub mod regnetwork;
mod sqlite_source;
pub mod string_links;
pub mod tflink;
pub mod tflink_protein;
pub mod trrust;
pub mod uniprot;

use std::path::Path;

pub use error::{IngestError, Result};
use locus_model::{Fact, SourceKind, TaxId};
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

/// What the caller knows about a file that the file itself may not say.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// The organism of a network file that names genes only by symbol
    /// (TRRUST, CollecTRI, DoRothEA, RegNetwork). When `None`, the
    /// importer takes it from the file name (`…human…`, `…mouse…`) or uses
    /// the organism the format is published for, and says which.
    pub organism: Option<TaxId>,
}

/// Opens `path` with the importer for `kind`.
pub fn open(kind: SourceKind, path: &Path) -> Result<Box<dyn FactSource>> {
    open_with(kind, path, &OpenOptions::default())
}

/// Opens `path` with the importer for `kind` and the caller's `options`.
pub fn open_with(
    kind: SourceKind,
    path: &Path,
    options: &OpenOptions,
) -> Result<Box<dyn FactSource>> {
    let organism = options.organism;
    Ok(match kind {
        SourceKind::GeneInfo => Box::new(gene_info::GeneInfoReader::open(path)?),
        SourceKind::Orgdb => Box::new(orgdb::open(path)?),
        SourceKind::Gene2pubmed => Box::new(gene2pubmed::Gene2PubmedReader::open(path)?),
        SourceKind::Generifs => Box::new(generifs::GeneRifReader::open(path)?),
        SourceKind::PubmedXml => Box::new(pubmed_xml::PubmedXmlReader::open(path)?),
        SourceKind::Uniprot => Box::new(uniprot::UniprotReader::open(path)?),
        SourceKind::GoDb => Box::new(go_db::open(path)?),
        SourceKind::Tflink => Box::new(tflink::TflinkReader::open(path)?),
        SourceKind::TflinkProtein => Box::new(tflink_protein::TflinkProteinReader::open(path)?),
        SourceKind::Trrust => Box::new(trrust::TrrustReader::open(path, organism)?),
        SourceKind::Collectri => Box::new(collectri::CollectriReader::open(path, organism)?),
        SourceKind::Dorothea => Box::new(dorothea::DorotheaReader::open(path, organism)?),
        SourceKind::Regnetwork => Box::new(regnetwork::RegnetworkReader::open(path, organism)?),
        SourceKind::Orthologs => Box::new(orthologs::OrthologReader::open(path)?),
        SourceKind::StringLinks => Box::new(string_links::StringLinksReader::open(path)?),
    })
}

/// Locating the project's shared real data for the extra tests on full
/// files. A user's clone has no `../shared`; those tests then print a skip
/// line and the tests on the committed subsets still run.
#[cfg(test)]
pub(crate) mod test_support {
    use std::path::PathBuf;

    use locus_model::{Fact, RegulationEvidence};

    /// Every fact of `source`, each of which `pick` must accept (returning
    /// any other fact back); panics on the first error or the first fact of
    /// another kind.
    pub fn facts<T>(
        source: impl Iterator<Item = crate::Result<Fact>>,
        pick: impl Fn(Fact) -> Result<T, Box<Fact>>,
    ) -> Vec<T> {
        source
            .map(|f| pick(f.unwrap()).unwrap_or_else(|other| panic!("unexpected fact {other:?}")))
            .collect()
    }

    /// The regulation rows of a network importer's `source`.
    pub fn regulations(
        source: impl Iterator<Item = crate::Result<Fact>>,
    ) -> Vec<RegulationEvidence> {
        facts(source, |f| match f {
            Fact::Regulation(r) => Ok(r),
            other => Err(Box::new(other)),
        })
    }

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
