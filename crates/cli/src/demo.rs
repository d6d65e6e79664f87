//! `locus demo`: the bundled real demo dataset, imported into a fresh store.
//!
//! The files are compiled into the binary so the demo needs no network and
//! no files outside the binary; see `demo/README.md` for where each file
//! was cut from.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};
use locus_model::SourceKind;
use locus_store::SqliteStore;

/// (kind, file name, bytes), in import order.
pub const DEMO_FILES: &[(SourceKind, &str, &[u8])] = &[
    (
        SourceKind::GeneInfo,
        "Homo_sapiens.gene_info.gz",
        include_bytes!("../../../demo/data/Homo_sapiens.gene_info.gz"),
    ),
    (
        SourceKind::GeneInfo,
        "Mus_musculus.gene_info.gz",
        include_bytes!("../../../demo/data/Mus_musculus.gene_info.gz"),
    ),
    (
        SourceKind::Orgdb,
        "org.Hs.eg.subset.sqlite",
        include_bytes!("../../../demo/data/org.Hs.eg.subset.sqlite"),
    ),
    (
        SourceKind::GoDb,
        "GO.subset.sqlite",
        include_bytes!("../../../demo/data/GO.subset.sqlite"),
    ),
    (
        SourceKind::Generifs,
        "BACH1_generifs.tsv",
        include_bytes!("../../../demo/data/BACH1_generifs.tsv"),
    ),
    (
        SourceKind::Uniprot,
        "uniprot_sprot_human_sample.dat.gz",
        include_bytes!("../../../demo/data/uniprot_sprot_human_sample.dat.gz"),
    ),
    (
        SourceKind::PubmedXml,
        "medline16n0902.demo-subset.xml.gz",
        include_bytes!("../../../demo/data/medline16n0902.demo-subset.xml.gz"),
    ),
    (
        SourceKind::PubmedXml,
        "pubmed4.xml",
        include_bytes!("../../../demo/data/pubmed4.xml"),
    ),
];

pub fn run(db: Option<PathBuf>, addr: SocketAddr, no_serve: bool) -> Result<()> {
    let workdir = tempfile::Builder::new()
        .prefix("locus-demo-")
        .tempdir()
        .context("creating a temporary directory for the demo")?;
    let db = db.unwrap_or_else(|| workdir.path().join("locus-demo.db"));
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", db.display()));
        if p.exists() {
            std::fs::remove_file(&p)
                .with_context(|| format!("removing old demo store {}", p.display()))?;
        }
    }
    let store = SqliteStore::open(&db)?;
    eprintln!("locus: importing the demo dataset into {}", db.display());
    for (kind, name, bytes) in DEMO_FILES {
        let path = workdir.path().join(name);
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
        crate::import::import_file(&store, *kind, &path)?;
    }
    if no_serve {
        return Ok(());
    }
    eprintln!("locus: try http://{addr}/genes/BACH1 , /genes/TP53 , /genes/NRF2 , /search?q=bach");
    crate::serve(Arc::new(store), addr)
}
