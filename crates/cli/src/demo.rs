//! `locus demo`: the bundled real demo dataset, imported into a fresh store.
//!
//! The files are compiled into the binary so the demo needs no network and
//! no files outside the binary; see `demo/README.md` for where each file
//! was cut from.

use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::import::{count, thousands};
use locus_model::SourceKind;

/// (kind, file name, bytes), in import order: genes first, since the
/// network files name genes that must already be in the store. A DoRothEA
/// table's name is its directory, so those keep theirs.
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
    (
        SourceKind::Orthologs,
        "human_to_mouse.csv.gz",
        include_bytes!("../../../demo/data/regulation/human_to_mouse.csv.gz"),
    ),
    (
        SourceKind::Orthologs,
        "mouse_to_human.csv.gz",
        include_bytes!("../../../demo/data/regulation/mouse_to_human.csv.gz"),
    ),
    (
        SourceKind::Tflink,
        "tflink_homo_sapiens_interactions.tsv.gz",
        include_bytes!("../../../demo/data/regulation/tflink_homo_sapiens_interactions.tsv.gz"),
    ),
    (
        SourceKind::TflinkProtein,
        "tfs_of_Q07812.tsv",
        include_bytes!("../../../demo/data/regulation/tfs_of_Q07812.tsv"),
    ),
    (
        SourceKind::TflinkProtein,
        "tfs_of_Q16236.tsv",
        include_bytes!("../../../demo/data/regulation/tfs_of_Q16236.tsv"),
    ),
    (
        SourceKind::TflinkProtein,
        "tfs_of_Q9BYV9.tsv",
        include_bytes!("../../../demo/data/regulation/tfs_of_Q9BYV9.tsv"),
    ),
    (
        SourceKind::TflinkProtein,
        "bindingSites_of_Q9BYV9.tsv.gz",
        include_bytes!("../../../demo/data/regulation/bindingSites_of_Q9BYV9.tsv.gz"),
    ),
    (
        SourceKind::Trrust,
        "trrust_rawdata.human.tsv",
        include_bytes!("../../../demo/data/regulation/trrust_rawdata.human.tsv"),
    ),
    (
        SourceKind::Trrust,
        "trrust_rawdata.mouse.tsv",
        include_bytes!("../../../demo/data/regulation/trrust_rawdata.mouse.tsv"),
    ),
    (
        SourceKind::Collectri,
        "collectri.csv",
        include_bytes!("../../../demo/data/regulation/collectri.csv"),
    ),
    (
        SourceKind::Dorothea,
        "dorothea/fantom_4/network_with_pubmed.sif",
        include_bytes!("../../../demo/data/regulation/dorothea/fantom_4/network_with_pubmed.sif"),
    ),
    (
        SourceKind::Dorothea,
        "dorothea/htri_db/network_with_pubmed.sif",
        include_bytes!("../../../demo/data/regulation/dorothea/htri_db/network_with_pubmed.sif"),
    ),
    (
        SourceKind::Dorothea,
        "dorothea/int_act/network_with_pubmed.sif",
        include_bytes!("../../../demo/data/regulation/dorothea/int_act/network_with_pubmed.sif"),
    ),
    (
        SourceKind::Dorothea,
        "dorothea/kegg/network.sif",
        include_bytes!("../../../demo/data/regulation/dorothea/kegg/network.sif"),
    ),
    (
        SourceKind::Dorothea,
        "dorothea/oreganno/network_with_pubmed.sif",
        include_bytes!("../../../demo/data/regulation/dorothea/oreganno/network_with_pubmed.sif"),
    ),
    (
        SourceKind::Dorothea,
        "dorothea/reviews/network_with_pubmed.sif",
        include_bytes!("../../../demo/data/regulation/dorothea/reviews/network_with_pubmed.sif"),
    ),
    (
        SourceKind::Dorothea,
        "dorothea/tf_act/network_with_pubmed.sif",
        include_bytes!("../../../demo/data/regulation/dorothea/tf_act/network_with_pubmed.sif"),
    ),
    (
        SourceKind::Dorothea,
        "dorothea/tred_via_reg_network/network.sif",
        include_bytes!("../../../demo/data/regulation/dorothea/tred_via_reg_network/network.sif"),
    ),
    (
        SourceKind::Dorothea,
        "dorothea/trrust/network_with_pubmed.sif",
        include_bytes!("../../../demo/data/regulation/dorothea/trrust/network_with_pubmed.sif"),
    ),
    (
        SourceKind::Regnetwork,
        "new_kegg.human.reg.direction.txt",
        include_bytes!("../../../demo/data/regulation/new_kegg.human.reg.direction.txt"),
    ),
    (
        SourceKind::StringLinks,
        "9606.protein.links.detailed.v12.0.demo-subset.txt.gz",
        include_bytes!(
            "../../../demo/data/regulation/9606.protein.links.detailed.v12.0.demo-subset.txt.gz"
        ),
    ),
    // Last, so the import numbers above stay those the docs and tests cite.
    (
        SourceKind::PharosReferences,
        "BACH1_references.tsv",
        include_bytes!("../../../demo/data/BACH1_references.tsv"),
    ),
    (
        SourceKind::PharosExpression,
        "BACH1_differential_expression.tsv",
        include_bytes!("../../../demo/data/BACH1_differential_expression.tsv"),
    ),
    (
        SourceKind::ExpressionAtlas,
        "expression_atlas/E-GEOD-52687-analytics.tsv.gz",
        include_bytes!("../../../demo/data/expression_atlas/E-GEOD-52687-analytics.tsv.gz"),
    ),
    (
        SourceKind::ExpressionAtlas,
        "expression_atlas/E-MTAB-8510-analytics.tsv.gz",
        include_bytes!("../../../demo/data/expression_atlas/E-MTAB-8510-analytics.tsv.gz"),
    ),
    (
        SourceKind::GeoGds,
        "geo/GDS507.demo-subset.soft.gz",
        include_bytes!("../../../demo/data/geo/GDS507.demo-subset.soft.gz"),
    ),
    (
        SourceKind::Obo,
        "ontologies/hp.demo-subset.obo.gz",
        include_bytes!("../../../demo/data/ontologies/hp.demo-subset.obo.gz"),
    ),
    (
        SourceKind::Obo,
        "ontologies/doid.demo-subset.obo.gz",
        include_bytes!("../../../demo/data/ontologies/doid.demo-subset.obo.gz"),
    ),
    (
        SourceKind::Hpo,
        "phenotypes/genes_to_disease.txt",
        include_bytes!("../../../demo/data/phenotypes/genes_to_disease.txt"),
    ),
    (
        SourceKind::Hpo,
        "phenotypes/genes_to_phenotype.txt.gz",
        include_bytes!("../../../demo/data/phenotypes/genes_to_phenotype.txt.gz"),
    ),
    (
        SourceKind::Hpo,
        "phenotypes/phenotype.hpoa.gz",
        include_bytes!("../../../demo/data/phenotypes/phenotype.hpoa.gz"),
    ),
    (
        SourceKind::Mim2geneMedgen,
        "phenotypes/mim2gene_medgen",
        include_bytes!("../../../demo/data/phenotypes/mim2gene_medgen"),
    ),
    (
        SourceKind::Orphanet,
        "phenotypes/orphanet_example.xml",
        include_bytes!("../../../demo/data/phenotypes/orphanet_example.xml"),
    ),
    (
        SourceKind::Gaf,
        "phenotypes/goa_human_sample.demo-subset.gaf",
        include_bytes!("../../../demo/data/phenotypes/goa_human_sample.demo-subset.gaf"),
    ),
];

/// Files an importer reads beside the one it is given (an Expression
/// Atlas experiment's configuration and contrast details): written to the
/// demo's work directory before the imports, never imported themselves.
pub const DEMO_COMPANION_FILES: &[(&str, &[u8])] = &[
    (
        "expression_atlas/E-GEOD-52687-configuration.xml",
        include_bytes!("../../../demo/data/expression_atlas/E-GEOD-52687-configuration.xml"),
    ),
    (
        "expression_atlas/E-MTAB-8510-configuration.xml",
        include_bytes!("../../../demo/data/expression_atlas/E-MTAB-8510-configuration.xml"),
    ),
    (
        "expression_atlas/contrastdetails.tsv",
        include_bytes!("../../../demo/data/expression_atlas/contrastdetails.tsv"),
    ),
];

/// The demo wiki: `articles.tsv` lists revisions (subject, file, author,
/// summary) in the order they are saved; the files are the texts.
const DEMO_WIKI_INDEX: &str = include_str!("../../../demo/wiki/articles.tsv");
const DEMO_WIKI_FILES: &[(&str, &str)] = &[
    ("BACH1.1.md", include_str!("../../../demo/wiki/BACH1.1.md")),
    ("BACH1.2.md", include_str!("../../../demo/wiki/BACH1.2.md")),
    ("BACH1.3.md", include_str!("../../../demo/wiki/BACH1.3.md")),
    ("Bach2.1.md", include_str!("../../../demo/wiki/Bach2.1.md")),
    ("Bach2.2.md", include_str!("../../../demo/wiki/Bach2.2.md")),
];

/// The demo accounts' password, printed when the demo starts: the demo
/// only listens where the operator chose, and its store is throwaway.
pub const DEMO_PASSWORD: &str = "locus-demo";

/// The demo accounts: an editor and an admin.
pub const DEMO_ACCOUNTS: &[(&str, locus_model::Role)] = &[
    ("ada", locus_model::Role::Editor),
    ("ben", locus_model::Role::Admin),
];

/// Creates the demo accounts and saves the demo articles' revisions as
/// they would be edited: each by its account, on top of the one before,
/// so history, diffs and authorship are real.
fn demo_wiki(store: &std::sync::Arc<dyn locus_store::StoreBackend>) -> Result<usize> {
    use locus_kb::wiki::edit::{EditOutcome, EditRequest, Editor};
    let kb = locus_kb::KnowledgeBase::new(store.clone());
    for (name, role) in DEMO_ACCOUNTS {
        kb.add_user(name, *role, Some(DEMO_PASSWORD))?;
    }
    let mut saved = 0;
    for line in DEMO_WIKI_INDEX
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let [subject, file, author, comment] = cols[..] else {
            anyhow::bail!("demo/wiki/articles.tsv: bad line {line:?}");
        };
        let text = DEMO_WIKI_FILES
            .iter()
            .find(|(n, _)| *n == file)
            .map(|(_, t)| *t)
            .with_context(|| format!("demo/wiki/{file} is not bundled"))?;
        let (subject, title) = crate::wiki::parse_entity(&kb, subject)?;
        let account = kb
            .user(author)?
            .with_context(|| format!("no demo account {author}"))?;
        let base = kb.article(&subject)?.map(|a| a.current);
        let outcome = kb.edit(
            &Editor::Account(account),
            EditRequest {
                subject,
                title,
                text: text.to_string(),
                base,
                comment: comment.to_string(),
                minor: false,
            },
        )?;
        if !matches!(outcome, EditOutcome::Saved { .. }) {
            anyhow::bail!("demo article {file} was not saved: {outcome:?}");
        }
        saved += 1;
    }
    Ok(saved)
}

/// Imports the demo dataset into a fresh store (`db`, or a temporary
/// file), says in one line per file what it did and sums up, then serves.
pub fn run(db: Option<PathBuf>, serve: &crate::ServeArgs, no_serve: bool) -> Result<()> {
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
    let store = locus_kb::open_store(&db.display().to_string())?;
    eprintln!(
        "locus: importing the {} files of the demo dataset into {}",
        DEMO_FILES.len(),
        db.display()
    );
    let started = std::time::Instant::now();
    // Identifiers that named no gene, and the network files they are in.
    let (mut skipped, mut files_with_skipped) = (0u64, 0usize);
    let write = |name: &str, bytes: &[u8]| -> Result<PathBuf> {
        let path = workdir.path().join(name);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
        Ok(path)
    };
    for (name, bytes) in DEMO_COMPANION_FILES {
        write(name, bytes)?;
    }
    for (kind, name, bytes) in DEMO_FILES {
        let path = write(name, bytes)?;
        let imported = crate::import::import_file(
            store.as_ref(),
            *kind,
            &path,
            &locus_ingest::OpenOptions::default(),
            None,
        )?;
        crate::import::report(&imported, crate::import::Verbosity::Brief);
        let n = crate::import::unresolved(&imported.record);
        if n > 0 {
            skipped += n;
            files_with_skipped += 1;
        }
    }
    crate::import::tag_texts(store.as_ref(), false)?;
    let stats = store.stats()?;
    let genes: Vec<String> = stats
        .genes_by_organism
        .iter()
        .map(|(t, n)| format!("{} {}", thousands(*n), t.label()))
        .collect();
    eprintln!(
        "locus: demo ready in {:.1} s: {} genes ({}), {} gene→PubMed links, {} TF→target edges, {} imports.",
        started.elapsed().as_secs_f64(),
        thousands(stats.genes_by_organism.values().sum::<u64>()),
        genes.join(", "),
        thousands(stats.gene_pubmed_links),
        thousands(stats.tf_target_edges),
        stats.imports.len()
    );
    let revisions = demo_wiki(&store).context("writing the demo wiki")?;
    eprintln!(
        "locus: demo wiki: articles on BACH1 and mouse Bach2, {revisions} revisions by the demo accounts {} (password {DEMO_PASSWORD:?}; log in at /login).",
        DEMO_ACCOUNTS
            .iter()
            .map(|(n, r)| format!("{n} ({})", r.as_str()))
            .collect::<Vec<_>>()
            .join(" and ")
    );
    if skipped > 0 {
        eprintln!(
            "locus: {} in {} network files named no gene of the demo's cut, or several; \
             the demo keeps them on purpose; `locus unresolved <import>` lists them.",
            count(skipped, "identifier", "identifiers"),
            files_with_skipped
        );
    }
    if no_serve {
        return Ok(());
    }
    let addr = serve.addr;
    eprintln!("locus: open http://{addr}/genes/BACH1 (regulation, conflicting BACH1→HMOX1), /wiki/gene/BACH1 (the wiki article), /genes/TP53 (a hub), /genes/NRF2 (an alias of two genes), /downloads");
    crate::run_server(store, serve)
}
