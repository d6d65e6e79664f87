//! Importers: one module per published source format.
//!
//! Each importer streams its input (gzip is read transparently), yields
//! [`locus_model::Fact`]s one at a time and reports a bad record as file,
//! line and field. Nothing here knows about the store: the CLI hands the
//! stream to the store, which owns transactions and provenance.
//!
//! [`open`] picks the importer for a [`SourceKind`] and hands it back as a
//! [`FactSource`]; [`dataset_key`] says which earlier import a re-import of
//! a file replaces.

pub mod bgee;
pub mod collectri;
pub mod dorothea;
mod error;
pub mod expression_atlas;
pub mod gaf;
pub mod gene2pubmed;
pub mod gene_info;
pub mod generifs;
pub mod geo_gds;
pub mod go_db;
pub mod hpo;
pub mod mediawiki;
pub mod mim2gene_medgen;
pub mod obo;
pub mod orgdb;
pub mod orphanet;
pub mod orthologs;
pub mod pharos_expression;
pub mod pharos_references;
pub mod pubmed_xml;
pub mod pubtator;
mod reader;
mod records;
pub mod regnetwork;
mod sqlite_source;
mod stats;
pub mod string_links;
pub mod tflink;
pub mod tflink_protein;
pub mod trrust;
pub mod uniprot;
mod xml;

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
    /// What the file says about its own release, as a line for the import
    /// record (`NCBI Gene, records modified up to 2021-07-11`,
    /// `Gene Ontology 2022-07-01`, `PubmedArticleSet (pubmed_240101.dtd)`);
    /// `None` for the many formats that say nothing.
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
        SourceKind::PharosExpression => {
            Box::new(pharos_expression::PharosExpressionReader::open(path)?)
        }
        SourceKind::GeoGds => Box::new(geo_gds::GeoGdsReader::open(path)?),
        SourceKind::Bgee => Box::new(bgee::BgeeReader::open(path)?),
        SourceKind::Obo => Box::new(obo::OboReader::open(path)?),
        SourceKind::Hpo => Box::new(hpo::HpoReader::open(path)?),
        SourceKind::Orphanet => Box::new(orphanet::OrphanetReader::open(path)?),
        SourceKind::Mim2geneMedgen => Box::new(mim2gene_medgen::Mim2geneMedgenReader::open(path)?),
        SourceKind::Gaf => Box::new(gaf::GafReader::open(path)?),
        SourceKind::ExpressionAtlas => {
            Box::new(expression_atlas::ExpressionAtlasReader::open(path)?)
        }
        SourceKind::PharosReferences => {
            Box::new(pharos_references::PharosReferenceReader::open(path)?)
        }
        SourceKind::Tflink => Box::new(tflink::TflinkReader::open(path)?),
        SourceKind::TflinkProtein => Box::new(tflink_protein::TflinkProteinReader::open(path)?),
        SourceKind::Trrust => Box::new(trrust::TrrustReader::open(path, organism)?),
        SourceKind::Collectri => Box::new(collectri::CollectriReader::open(path, organism)?),
        SourceKind::Dorothea => Box::new(dorothea::DorotheaReader::open(path, organism)?),
        SourceKind::Regnetwork => Box::new(regnetwork::RegnetworkReader::open(path, organism)?),
        SourceKind::Orthologs => Box::new(orthologs::OrthologReader::open(path)?),
        SourceKind::StringLinks => Box::new(string_links::StringLinksReader::open(path)?),
        SourceKind::Pubtator => Box::new(pubtator::PubtatorReader::open(path)?),
    })
}

/// The dataset key of a file: what a re-import of it replaces.
///
/// The key is the kind and the file name without `.gz`
/// (`gene-info:Homo_sapiens.gene_info`), so importing
/// `Homo_sapiens.gene_info.gz` again replaces the facts of the previous
/// `Homo_sapiens.gene_info` import and no other, whether or not either copy
/// was compressed.
///
/// The file name is not enough for DoRothEA: every curated table is called
/// `network.sif` or `network_with_pubmed.sif` and only its directory says
/// which table it is, so importing a second table would replace the first.
/// Its key therefore includes the directory
/// (`dorothea:htri_db/network_with_pubmed.sif`; see
/// [`dorothea::dataset_name`]). The rule lives here, beside the formats,
/// because only the importer of a format knows how its files are told apart.
pub fn dataset_key(kind: SourceKind, path: &Path) -> String {
    let name = match kind {
        SourceKind::Dorothea => dorothea::dataset_name(path),
        _ => file_name_without_gz(path),
    };
    format!("{}:{name}", kind.as_str())
}

/// The last component of `path` without a `.gz` suffix (the whole path
/// when it has no file name, e.g. `..`).
fn file_name_without_gz(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    match name.strip_suffix(".gz") {
        Some(base) => base.to_string(),
        None => name,
    }
}

/// Locating the project's shared real data for the extra tests on full
/// files. A user's clone has no `../shared`: those tests are then ignored
/// (see `build/test_env.rs`), and the tests on the committed subsets run.
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
    /// repository. Tests that call it are ignored where the build found no data share.
    pub fn shared_data(rel: &str) -> PathBuf {
        let base = std::env::var_os("LOCUS_SHARED_DATA")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
            });
        let p = base.join(rel);
        // Only tests marked for `locus_shared_data` call this, and the
        // build found the data share: a missing file is a real failure.
        assert!(p.exists(), "{} is missing from the data share", p.display());
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dataset_key_is_kind_and_file_name_without_gz() {
        assert_eq!(
            dataset_key(
                SourceKind::GeneInfo,
                Path::new("/data/ncbi_gene/Homo_sapiens.gene_info.gz")
            ),
            "gene-info:Homo_sapiens.gene_info"
        );
        for name in ["Homo_sapiens.gene_info.gz", "Homo_sapiens.gene_info"] {
            assert_eq!(
                dataset_key(SourceKind::GeneInfo, Path::new(name)),
                "gene-info:Homo_sapiens.gene_info"
            );
        }
        // Only DoRothEA's key names the directory.
        assert_eq!(
            dataset_key(
                SourceKind::Trrust,
                Path::new("regulation/trrust/trrust_rawdata.human.tsv")
            ),
            "trrust:trrust_rawdata.human.tsv"
        );
    }

    #[test]
    fn dorothea_dataset_key_names_the_table_directory() {
        assert_eq!(
            dataset_key(
                SourceKind::Dorothea,
                Path::new("htri_db/network_with_pubmed.sif")
            ),
            "dorothea:htri_db/network_with_pubmed.sif"
        );
        assert_eq!(
            dataset_key(
                SourceKind::Dorothea,
                Path::new("networks/curated/htri_db/network_with_pubmed.sif")
            ),
            "dorothea:htri_db/network_with_pubmed.sif"
        );
        assert_eq!(
            dataset_key(
                SourceKind::Dorothea,
                Path::new("curated/kegg/network.sif.gz")
            ),
            "dorothea:kegg/network.sif"
        );
    }
}
