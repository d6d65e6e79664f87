//! The store contract: every behaviour of a Locus store that pages,
//! the API and importers rely on, written once against
//! [`locus_store::StoreBackend`] and run against each backend with one
//! line:
//!
//! ```ignore
//! locus_store_contract::contract_tests!(|| my_backend::fresh_store());
//! ```
//!
//! where the closure returns a [`TestStore`]: an empty store and whatever
//! must live as long as it (a temporary directory, a database). Every
//! test imports real files of the committed demo dataset (`demo/data`,
//! provenance in `demo/README.md`) through the real importers, and
//! checks values stated in those files.

mod changes;
mod export;
mod wiki;

use std::any::Any;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use locus_ingest::{FactSource, OpenOptions};
use locus_model::{
    ConsensusMode, EntityRef, Fact, FactTable, GeneId, GeneRef, ImportId, ImportRecord, KgEdgeKind,
    Pmid, RegulationEvidence, SourceKind, Tally, TaxId,
};
use locus_store::{
    BoxError, EdgeFilter, FactStream, ImportMeta, MatchedBy, RegulationSide, Resolution,
    StoreBackend, StoreError, UnresolvedReason,
};

/// Opens a store file a backup wrote.
pub type Reopen = Box<dyn Fn(&Path) -> Arc<dyn StoreBackend>>;

/// An empty store under test, with what must outlive it.
pub struct TestStore {
    /// The store.
    pub store: Arc<dyn StoreBackend>,
    /// Dropped after the store (a temporary directory, a server).
    pub guard: Box<dyn Any>,
    /// A directory the test may write to (backups).
    pub scratch: PathBuf,
    /// Opens a backup the store wrote, to check it; `None` for a backend
    /// whose backups are not stores of its own kind.
    pub reopen: Option<Reopen>,
}

/// Runs every contract test against the stores `$make` returns, one
/// `#[test]` each, with the attributes given after it (a backend that
/// needs a server marks them `#[cfg_attr(not(..), ignore = "why")]`).
#[macro_export]
macro_rules! contract_tests {
    ($make:expr $(, #[$attr:meta])* $(,)?) => {
        $crate::contract_tests!(@tests [$(#[$attr])*] $make;
            import_writes_facts_with_provenance,
            reimport_replaces_the_files_facts,
            failed_import_leaves_the_store_as_it_was,
            repeated_rows_of_one_file_are_stored_once,
            empty_file_is_refused,
            names_resolve_by_gene_id_symbol_then_alias,
            network_identifiers_resolve_in_order_and_are_reported,
            ambiguous_identifiers_are_reported_with_candidates,
            file_of_which_nothing_resolves_is_refused,
            regulation_merges_rows_and_pages_with_filters,
            literature_queries,
            network_queries,
            integrity_check_passes,
            annotated_texts_read_back_as_published,
            tagger_vocabulary,
            locus_tags_go_with_their_texts,
            wiki_accounts_sessions_and_tokens,
            wiki_saves_are_compare_and_swap,
            wiki_history_is_replaced_whole,
            data_imports_never_touch_wiki_text,
            backup_while_writing_is_consistent,
            export_streams_every_table_from_one_snapshot,
            reimport_records_what_changed_per_gene,
        );
    };
    (@tests $attrs:tt $make:expr; $($name:ident),* $(,)?) => {
        $( $crate::contract_tests!(@test $attrs $make; $name); )*
    };
    (@test [$($attr:tt)*] $make:expr; $name:ident) => {
        #[test]
        $($attr)*
        fn $name() {
            $crate::$name(&$make);
        }
    };
}

pub use changes::*;
pub use export::*;
pub use wiki::*;

/// The committed demo dataset.
fn demo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../demo/data")
        .join(rel)
}

/// An importer as the store consumes it.
struct Source(Box<dyn FactSource>);

impl FactStream for Source {
    fn next_fact(&mut self) -> Option<Result<Fact, BoxError>> {
        self.0
            .next()
            .map(|r| r.map_err(|e| Box::new(e) as BoxError))
    }
    fn release(&self) -> Option<String> {
        self.0.release()
    }
}

/// Facts given directly, for the error paths.
struct Facts(std::vec::IntoIter<Result<Fact, BoxError>>);

impl FactStream for Facts {
    fn next_fact(&mut self) -> Option<Result<Fact, BoxError>> {
        self.0.next()
    }
    fn release(&self) -> Option<String> {
        None
    }
}

fn meta(kind: SourceKind, path: &Path) -> ImportMeta {
    ImportMeta {
        kind,
        dataset: locus_ingest::dataset_key(kind, path),
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        sha256: locus_ingest::file_sha256(path).expect("sha256 of a demo file"),
        release: None,
        replaces: None,
    }
}

/// Imports a demo file through its real importer.
fn import(
    store: &dyn StoreBackend,
    kind: SourceKind,
    rel: &str,
) -> Result<ImportRecord, StoreError> {
    let path = demo(rel);
    let source = locus_ingest::open_with(kind, &path, &OpenOptions::default())
        .unwrap_or_else(|e| panic!("opening {rel}: {e}"));
    locus_store::import(store, &meta(kind, &path), &mut Source(source), &mut |_| {})
}

fn import_ok(store: &dyn StoreBackend, kind: SourceKind, rel: &str) -> ImportRecord {
    import(store, kind, rel).unwrap_or_else(|e| panic!("importing {rel}: {e}"))
}

/// Imports the demo cut of NCBI's human `gene_info` (2,549 genes), for a
/// backend's own tests beside the contract.
pub fn human_genes(store: &dyn StoreBackend) -> ImportRecord {
    import_ok(store, SourceKind::GeneInfo, "Homo_sapiens.gene_info.gz")
}

const BACH1: GeneId = GeneId(571);
const HMOX1: GeneId = GeneId(3162);
const TP53: GeneId = GeneId(7157);

/// Everything a reader can see of a store, to compare before and after.
fn snapshot(store: &dyn StoreBackend) -> String {
    let stats = store.stats().expect("stats");
    format!(
        "{:?} {:?} {} {} {:?} gen {}",
        stats.facts,
        stats.genes_by_organism,
        stats.gene_pubmed_links,
        stats.tf_target_edges,
        stats
            .imports
            .iter()
            .map(|i| (i.id, i.dataset.clone(), i.row_counts.clone()))
            .collect::<Vec<_>>(),
        store.generation().expect("generation")
    )
}

/// `gene_info`: 2,549 human genes of the demo cut, each fact with its
/// import; BACH1 as NCBI describes it.
pub fn import_writes_facts_with_provenance(make: &dyn Fn() -> TestStore) {
    let t = make();
    let s = t.store.as_ref();
    let g0 = s.generation().unwrap();
    let rec = human_genes(s);
    assert_eq!(rec.kind, SourceKind::GeneInfo);
    assert_eq!(rec.dataset, "gene-info:Homo_sapiens.gene_info");
    assert_eq!(rec.row_counts.get(&FactTable::Gene), Some(&2549));
    assert!(rec.finished_at.is_some());
    assert!(
        s.generation().unwrap() > g0,
        "an import bumps the generation"
    );
    let stats = s.stats().unwrap();
    assert_eq!(stats.genes_by_organism.get(&TaxId::HUMAN), Some(&2549));
    assert_eq!(stats.facts.get(&FactTable::Gene), Some(&2549));
    let imports = s.imports().unwrap();
    assert_eq!(imports.len(), 1);
    assert_eq!(imports[0], rec);
    let g = s.gene(BACH1).unwrap().expect("BACH1");
    assert_eq!(g.symbol, "BACH1");
    assert_eq!(g.name.as_deref(), Some("BTB domain and CNC homolog 1"));
    assert_eq!(g.map_location.as_deref(), Some("21q21.3"));
    assert_eq!(g.tax_id, TaxId::HUMAN);
    assert!(g.aliases.iter().any(|a| a == "BTBD24"), "{:?}", g.aliases);
    assert_eq!(g.record_import_id, rec.id);
    assert_eq!(s.gene_imports(BACH1).unwrap(), vec![rec]);
    assert!(s.gene(GeneId(999_999_999)).unwrap().is_none());
}

/// Importing the same file again replaces its facts: one live import,
/// nothing doubled, the old import marked replaced.
pub fn reimport_replaces_the_files_facts(make: &dyn Fn() -> TestStore) {
    let t = make();
    let s = t.store.as_ref();
    let first = human_genes(s);
    import_ok(s, SourceKind::Generifs, "BACH1_generifs.tsv");
    let before = s.stats().unwrap();
    let again = human_genes(s);
    assert_ne!(first.id, again.id);
    assert_eq!(first.row_counts, again.row_counts);
    let after = s.stats().unwrap();
    assert_eq!(before.facts, after.facts);
    assert_eq!(after.imports.len(), 2);
    assert!(after.imports.iter().all(|i| i.id != first.id));
    assert_eq!(s.gene(BACH1).unwrap().unwrap().record_import_id, again.id);
    // The other file's facts stay.
    assert_eq!(s.generifs(BACH1).unwrap().len(), 41);
}

/// A source that fails halfway (a malformed line) leaves the store
/// exactly as it was: facts, imports, generation.
pub fn failed_import_leaves_the_store_as_it_was(make: &dyn Fn() -> TestStore) {
    let t = make();
    let s = t.store.as_ref();
    human_genes(s);
    let before = snapshot(s);
    // The real rows of the GeneRIF file, then the error a malformed line
    // gives; the store must not keep the rows before it.
    let path = demo("BACH1_generifs.tsv");
    let source = locus_ingest::open_with(SourceKind::Generifs, &path, &OpenOptions::default())
        .expect("open");
    let mut facts: Vec<Result<Fact, BoxError>> = source
        .map(|f| f.map_err(|e| Box::new(e) as BoxError))
        .collect();
    assert_eq!(facts.len(), 41);
    facts.insert(
        20,
        Err("BACH1_generifs.tsv:22: field `GeneID`: not a number".into()),
    );
    let err = locus_store::import(
        s,
        &meta(SourceKind::Generifs, &path),
        &mut Facts(facts.into_iter()),
        &mut |_| {},
    )
    .expect_err("the error must fail the import");
    assert!(matches!(err, StoreError::Source(_)), "{err}");
    assert_eq!(snapshot(s), before);
    assert!(s.generifs(BACH1).unwrap().is_empty());
    // A re-import that fails leaves the earlier import live.
    let rec = import_ok(s, SourceKind::Generifs, "BACH1_generifs.tsv");
    let err = locus_store::import(
        s,
        &meta(SourceKind::Generifs, &path),
        &mut Facts(vec![Err("a read error".into())].into_iter()),
        &mut |_| {},
    );
    assert!(err.is_err());
    assert!(s.imports().unwrap().contains(&rec));
    assert_eq!(s.generifs(BACH1).unwrap().len(), 41);
}

/// A file that gives each of its rows twice (org.Hs.eg.db's subset, every
/// fact repeated after the last) stores what the file gives once, by
/// each table's key rule: the same tables, genes and PubMed counts. On
/// PostgreSQL this first import of a store copies straight into new
/// tables, and the repeated keys are what make it apply the rule there.
pub fn repeated_rows_of_one_file_are_stored_once(make: &dyn Fn() -> TestStore) {
    let rel = "org.Hs.eg.subset.sqlite";
    let once = make();
    import_ok(once.store.as_ref(), SourceKind::Orgdb, rel);
    let twice = make();
    let path = demo(rel);
    let facts: Vec<Fact> =
        locus_ingest::open_with(SourceKind::Orgdb, &path, &OpenOptions::default())
            .expect("open")
            .map(|f| f.expect("a fact of the demo cut"))
            .collect();
    let doubled: Vec<Result<Fact, BoxError>> =
        facts.iter().chain(facts.iter()).cloned().map(Ok).collect();
    locus_store::import(
        twice.store.as_ref(),
        &meta(SourceKind::Orgdb, &path),
        &mut Facts(doubled.into_iter()),
        &mut |_| {},
    )
    .expect("import the doubled rows");
    let (a, b) = (once.store.as_ref(), twice.store.as_ref());
    assert_eq!(a.stats().unwrap().facts, b.stats().unwrap().facts);
    for gene in [BACH1, HMOX1, TP53] {
        assert_eq!(
            format!("{:?}", a.gene(gene).unwrap()),
            format!("{:?}", b.gene(gene).unwrap())
        );
        assert_eq!(
            a.go_annotations(gene).unwrap(),
            b.go_annotations(gene).unwrap()
        );
    }
}

/// A source without records is refused for every kind, and changes nothing.
pub fn empty_file_is_refused(make: &dyn Fn() -> TestStore) {
    let t = make();
    let s = t.store.as_ref();
    human_genes(s);
    let before = snapshot(s);
    let path = demo("uniprot_sprot_human_sample.dat.gz");
    let err = locus_store::import(
        s,
        &meta(SourceKind::Uniprot, &path),
        &mut Facts(Vec::new().into_iter()),
        &mut |_| {},
    )
    .expect_err("an empty source");
    assert!(
        matches!(
            err,
            StoreError::EmptySource {
                kind: SourceKind::Uniprot
            }
        ),
        "{err}"
    );
    assert_eq!(snapshot(s), before);
}

/// Names a user types: GeneID, then official symbol, then an alias of
/// one gene; an alias of two genes is a choice; human first.
pub fn names_resolve_by_gene_id_symbol_then_alias(make: &dyn Fn() -> TestStore) {
    let t = make();
    let s = t.store.as_ref();
    human_genes(s);
    import_ok(s, SourceKind::GeneInfo, "Mus_musculus.gene_info.gz");
    let found = |q: &str, tax: Option<TaxId>| match s.resolve(q, tax).unwrap() {
        Resolution::Found {
            gene_id, matched, ..
        } => Some((gene_id, matched)),
        _ => None,
    };
    assert_eq!(found("571", None), Some((BACH1, MatchedBy::GeneId)));
    assert_eq!(found("BACH1", None), Some((BACH1, MatchedBy::Symbol)));
    assert_eq!(found("bach1", None), Some((BACH1, MatchedBy::Symbol)));
    assert_eq!(found("BTBD24", None), Some((BACH1, MatchedBy::Alias)));
    assert_eq!(
        found("Bach1", Some(TaxId::MOUSE)),
        Some((GeneId(12013), MatchedBy::Symbol))
    );
    // NRF2 is a synonym of both NFE2L2 (4780) and GABPA (2551).
    match s.resolve("NRF2", None).unwrap() {
        Resolution::Ambiguous { candidates } => {
            let mut ids: Vec<GeneId> = candidates.iter().map(|c| c.gene_id).collect();
            ids.sort();
            assert_eq!(ids, [GeneId(2551), GeneId(4780)]);
        }
        other => panic!("NRF2: {other:?}"),
    }
    assert_eq!(
        s.resolve("NO_SUCH_GENE_XYZ", None).unwrap(),
        Resolution::NotFound
    );
    assert_eq!(s.resolve("", None).unwrap(), Resolution::NotFound);
}

/// A TFLink `tfs_of_` file names TFs by GeneID and UniProt, and its own
/// protein (BAX, Q07812) by UniProt alone, which org.Hs.eg.db maps: all
/// but the rows naming genes the demo's gene cut lacks resolve, and what
/// does not resolve is recorded with its line, role and reason, and
/// counted.
pub fn network_identifiers_resolve_in_order_and_are_reported(make: &dyn Fn() -> TestStore) {
    let t = make();
    let s = t.store.as_ref();
    human_genes(s);
    import_ok(s, SourceKind::Orgdb, "org.Hs.eg.subset.sqlite");
    let rec = import_ok(s, SourceKind::TflinkProtein, "regulation/tfs_of_Q07812.tsv");
    let written = rec
        .row_counts
        .get(&FactTable::Regulation)
        .copied()
        .unwrap_or(0);
    let skipped = rec.tally(Tally::RegulationRowsSkipped);
    // tfs_of_Q07812.tsv: a header and 571 rows.
    assert_eq!(written + skipped, 571, "{rec:?}");
    let unresolved = s
        .unresolved(rec.id, 10_000)
        .unwrap()
        .expect("the import exists");
    let not_found = rec.tally(Tally::UnresolvedNotFound);
    assert_eq!(
        unresolved.len() as u64,
        not_found + rec.tally(Tally::UnresolvedAmbiguous)
    );
    assert!(skipped > 0 && not_found > 0, "{rec:?}");
    assert!(unresolved
        .iter()
        .all(|u| u.import_id == rec.id && u.line >= 2));
    assert!(s.unresolved(ImportId(99_999), 10).unwrap().is_none());
    // BAX (581) is the file's protein: every written row is one of its TFs.
    let page = s
        .regulation(
            GeneId(581),
            RegulationSide::Regulators,
            &EdgeFilter::default(),
            0,
            10_000,
        )
        .unwrap();
    assert_eq!(page.total as usize, page.rows.len());
    assert!(page.total > 500, "{}", page.total);
}

/// An identifier that names several genes is reported with its
/// candidates, never guessed. `NRF2` (a synonym of NFE2L2 and GABPA in
/// NCBI gene_info) as a regulator of HMOX1, as sources that write
/// symbols could name it.
pub fn ambiguous_identifiers_are_reported_with_candidates(make: &dyn Fn() -> TestStore) {
    let t = make();
    let s = t.store.as_ref();
    human_genes(s);
    let row = RegulationEvidence {
        tf: GeneRef::symbol(TaxId::HUMAN, "NRF2"),
        target: GeneRef::symbol(TaxId::HUMAN, "HMOX1"),
        databases: vec!["TRRUST".into()],
        methods: vec![],
        pmids: vec![Pmid(17942419)],
        mode: None,
        weight: None,
        small_scale: None,
        line: 1,
    };
    let path = demo("regulation/trrust_rawdata.human.tsv");
    let err = locus_store::import(
        s,
        &meta(SourceKind::Trrust, &path),
        &mut Facts(vec![Ok(Fact::Regulation(row))].into_iter()),
        &mut |_| {},
    )
    .expect_err("nothing resolved");
    match err {
        StoreError::NothingResolved {
            identifier, reason, ..
        } => {
            assert_eq!(identifier, "NRF2");
            assert_eq!(reason, UnresolvedReason::Ambiguous);
        }
        other => panic!("{other}"),
    }
}

/// A file of which no row resolves is refused, and changes nothing:
/// STRING names Ensembl proteins, which `gene_info` alone cannot map.
pub fn file_of_which_nothing_resolves_is_refused(make: &dyn Fn() -> TestStore) {
    let t = make();
    let s = t.store.as_ref();
    human_genes(s);
    let before = snapshot(s);
    let err = import(
        s,
        SourceKind::StringLinks,
        "regulation/9606.protein.links.detailed.v12.0.demo-subset.txt.gz",
    )
    .expect_err("no STRING protein maps without org.Hs.eg.db");
    assert!(matches!(err, StoreError::NothingResolved { .. }), "{err}");
    assert_eq!(snapshot(s), before);
    // A network file of an organism the store has no genes of.
    let err = import(s, SourceKind::Trrust, "regulation/trrust_rawdata.mouse.tsv")
        .expect_err("no mouse genes");
    assert!(matches!(err, StoreError::NoGenesOfOrganism { .. }), "{err}");
    assert_eq!(snapshot(s), before);
}

/// BACH1 → HMOX1 as TRRUST (a Repression row with 3 PMIDs, an Activation
/// row with 1) and CollecTRI (weight −1) state it: one conflicting edge
/// with every row; filters and paging over BACH1's targets.
pub fn regulation_merges_rows_and_pages_with_filters(make: &dyn Fn() -> TestStore) {
    let t = make();
    let s = t.store.as_ref();
    human_genes(s);
    let trrust = import_ok(s, SourceKind::Trrust, "regulation/trrust_rawdata.human.tsv");
    let collectri = import_ok(s, SourceKind::Collectri, "regulation/collectri.csv");
    assert_eq!(
        trrust.rows_written() + collectri.rows_written(),
        trrust.row_counts[&FactTable::Regulation] + collectri.row_counts[&FactTable::Regulation]
    );
    let rows = s.regulation_evidence(BACH1, HMOX1).unwrap();
    let from = |id| rows.iter().filter(|r| r.import_id == id).count();
    assert_eq!((from(trrust.id), from(collectri.id)), (2, 1), "{rows:?}");
    assert!(rows.iter().all(|r| r.line > 0));
    let all = s
        .regulation(
            BACH1,
            RegulationSide::Targets,
            &EdgeFilter::default(),
            0,
            10_000,
        )
        .unwrap();
    let edge = &all
        .rows
        .iter()
        .find(|r| r.partner.gene_id == HMOX1)
        .expect("BACH1 → HMOX1")
        .edge;
    assert_eq!(edge.mode, ConsensusMode::Conflicting);
    assert_eq!(
        edge.pmids,
        [17409198, 17942419, 18550526, 21982894].map(Pmid)
    );
    assert_eq!(edge.evidence_rows, 3);
    assert!(edge.small_scale);
    assert_eq!(all.total as usize, all.rows.len());
    assert_eq!(all.matching, all.total);
    // Paging returns the same edges in the same order.
    let mut paged = Vec::new();
    for offset in (0..all.total).step_by(2) {
        let p = s
            .regulation(
                BACH1,
                RegulationSide::Targets,
                &EdgeFilter::default(),
                offset,
                2,
            )
            .unwrap();
        assert_eq!(p.offset, offset);
        paged.extend(p.rows.into_iter().map(|r| r.partner.gene_id));
    }
    let whole: Vec<GeneId> = all.rows.iter().map(|r| r.partner.gene_id).collect();
    assert_eq!(paged, whole);
    // Filters: by source, and small-scale only.
    let trrust_only = EdgeFilter {
        source: Some("TRRUST".into()),
        small_scale_only: false,
    };
    let f = s
        .regulation(BACH1, RegulationSide::Targets, &trrust_only, 0, 10_000)
        .unwrap();
    assert_eq!(f.total, all.total);
    assert_eq!(f.matching as usize, f.rows.len());
    assert!(f
        .rows
        .iter()
        .all(|r| r.edge.sources.iter().any(|x| x == "TRRUST")));
    assert_eq!(
        f.matching as usize,
        all.rows
            .iter()
            .filter(|r| r.edge.sources.iter().any(|x| x == "TRRUST"))
            .count()
    );
    let small = EdgeFilter {
        source: None,
        small_scale_only: true,
    };
    let f = s
        .regulation(BACH1, RegulationSide::Targets, &small, 0, 10_000)
        .unwrap();
    assert!(f.rows.iter().all(|r| r.edge.small_scale));
    // The other side, and the merged network.
    let regs = s
        .regulation(
            HMOX1,
            RegulationSide::Regulators,
            &EdgeFilter::default(),
            0,
            10_000,
        )
        .unwrap();
    assert!(regs.rows.iter().any(|r| r.partner.gene_id == BACH1));
    let net = s.network(TaxId::HUMAN).unwrap();
    assert_eq!(net.len() as u64, s.stats().unwrap().tf_target_edges);
    assert!(net
        .iter()
        .any(|e| e.tf.gene_id == BACH1 && e.target.gene_id == HMOX1));
    let counts = s.kg_counts(BACH1).unwrap();
    assert_eq!(counts.targets, all.total);
}

/// org.Hs.eg.db's PubMed links and GO, GeneRIFs, PubMed citations and
/// UniProt entries: the literature and annotation reads.
pub fn literature_queries(make: &dyn Fn() -> TestStore) {
    let t = make();
    let s = t.store.as_ref();
    human_genes(s);
    import_ok(s, SourceKind::Orgdb, "org.Hs.eg.subset.sqlite");
    import_ok(s, SourceKind::GoDb, "GO.subset.sqlite");
    import_ok(s, SourceKind::Generifs, "BACH1_generifs.tsv");
    import_ok(
        s,
        SourceKind::PubmedXml,
        "medline16n0902.demo-subset.xml.gz",
    );
    import_ok(s, SourceKind::Uniprot, "uniprot_sprot_human_sample.dat.gz");
    // org.Hs.eg.db (2022-09-12) links TP53 to 11,067 PubMed ids.
    let tp53 = s.gene(TP53).unwrap().unwrap();
    assert_eq!(tp53.stats.pubmed_count, 11_067);
    assert!(tp53.stats.pubmed_score > 0.0 && tp53.stats.pubmed_score < 11_067.0);
    let page = s.references(TP53, 11_060, 100).unwrap();
    assert_eq!((page.total, page.rows.len()), (11_067, 7));
    let first = s.references(TP53, 0, 50).unwrap();
    assert!(
        first.rows.windows(2).all(|w| w[0].pmid > w[1].pmid),
        "newest first"
    );
    assert_eq!(s.generifs(BACH1).unwrap().len(), 41);
    let go = s.go_annotations(TP53).unwrap();
    assert!(!go.is_empty() && go.iter().all(|a| a.gene_id == TP53));
    assert!(go.iter().any(|a| a.term.is_some()), "GO.db names the terms");
    // PMID 25389292 is in the MEDLINE 2016 subset; org.Hs.eg.db links it
    // to HIF1A and PPARA.
    let p = s.publication(Pmid(25389292)).unwrap().expect("imported");
    assert_eq!(p.citation.as_ref().map(|c| c.year), Some(Some(2014)));
    assert_eq!(p.genes.len(), 2);
    assert!(s.publication(Pmid(1)).unwrap().is_none());
    // CASP6 (839) is one of the Swiss-Prot sample's entries, P55212.
    let proteins = s.proteins(GeneId(839)).unwrap();
    assert_eq!(proteins[0].accessions[0], "P55212");
    assert_eq!(proteins[0].length, 293);
    let entries = s.search_entries().unwrap();
    assert!(entries
        .iter()
        .any(|e| e.gene_id == TP53 && e.pubmed_count == 11_067));
    let imports = s.gene_imports(TP53).unwrap();
    assert!(imports.iter().any(|i| i.kind == SourceKind::Orgdb));
}

/// Orthologs, STRING interactions, binding sites and the graph's edges.
pub fn network_queries(make: &dyn Fn() -> TestStore) {
    let t = make();
    let s = t.store.as_ref();
    human_genes(s);
    import_ok(s, SourceKind::GeneInfo, "Mus_musculus.gene_info.gz");
    import_ok(s, SourceKind::Orgdb, "org.Hs.eg.subset.sqlite");
    import_ok(s, SourceKind::Orthologs, "regulation/human_to_mouse.csv.gz");
    import_ok(
        s,
        SourceKind::StringLinks,
        "regulation/9606.protein.links.detailed.v12.0.demo-subset.txt.gz",
    );
    import_ok(
        s,
        SourceKind::TflinkProtein,
        "regulation/bindingSites_of_Q9BYV9.tsv.gz",
    );
    // BACH1 (571) and mouse Bach1 (12013) are one-to-one orthologs.
    let orth = s.orthologs(BACH1).unwrap();
    assert!(
        orth.iter().any(|o| o.partner.gene_id == GeneId(12013)),
        "{orth:?}"
    );
    let back = s.orthologs(GeneId(12013)).unwrap();
    assert!(back.iter().any(|o| o.partner.gene_id == BACH1));
    let counts = s.kg_counts(BACH1).unwrap();
    assert_eq!(counts.orthologs as usize, orth.len());
    // STRING: a gene's associations, best first; the pair read both ways.
    let stats = s.stats().unwrap();
    let n = stats
        .facts
        .get(&FactTable::Interaction)
        .copied()
        .unwrap_or(0);
    assert!(n > 0);
    let edges = s.kg_edges().unwrap();
    let first = edges
        .iter()
        .find(|e| e.kind == locus_model::KgEdgeKind::Interaction)
        .expect("a STRING edge");
    let (locus_model::EntityRef::Gene(a), locus_model::EntityRef::Gene(b)) = (first.from, first.to)
    else {
        panic!("a STRING edge joins two genes: {first:?}");
    };
    let page = s.interactions(a, 1000).unwrap();
    assert!(page
        .rows
        .windows(2)
        .all(|w| w[0].scores.combined_score >= w[1].scores.combined_score));
    let ab = s.interaction_between(a, b).unwrap().expect("a → b");
    let ba = s.interaction_between(b, a).unwrap().expect("b → a");
    assert_eq!(ab.scores, ba.scores);
    assert_eq!(
        (ab.protein.clone(), ab.partner_protein.clone()),
        (ba.partner_protein, ba.protein)
    );
    // BACH2 (60468) binding sites: 1,895 in the file, in genome order.
    let sites = s.binding_sites(GeneId(60468), 0, 10_000).unwrap();
    assert_eq!(sites.total, 1895);
    assert_eq!(sites.rows.len(), 1895);
    let some = s.binding_sites(GeneId(60468), 10, 5).unwrap();
    assert_eq!(some.rows.len(), 5);
    assert_eq!(some.rows[0], sites.rows[10]);
}

/// What the text tagger reads: disease terms with their MeSH
/// cross-references, phenotypes only under "Phenotypic abnormality", and
/// genes' other designations.
pub fn tagger_vocabulary(make: &dyn Fn() -> TestStore) {
    let t = make();
    let s = t.store.as_ref();
    import_ok(s, SourceKind::GeneInfo, "Homo_sapiens.gene_info.gz");
    import_ok(s, SourceKind::Obo, "ontologies/doid.demo-subset.obo.gz");
    import_ok(s, SourceKind::Obo, "ontologies/hp.demo-subset.obo.gz");
    let terms = s.tagger_terms().unwrap();
    let term = |id: &str| terms.iter().find(|t| t.id.to_string() == id);
    let thalassemia = term("DOID:10241").expect("a disease term");
    assert_eq!(thalassemia.name, "thalassemia");
    assert_eq!(thalassemia.mesh, ["D013789"]);
    assert_eq!(thalassemia.umls, ["C0039730"]);
    assert!(
        term("HP:0000118").is_some(),
        "phenotypic abnormality itself"
    );
    assert!(
        term("HP:0000006").is_none(),
        "autosomal dominant inheritance is a mode of inheritance, not a phenotype to tag"
    );
    assert!(terms
        .iter()
        .any(|t| t.id.to_string().starts_with("HP:") && t.id.to_string() != "HP:0000118"));
    let designations = s.gene_designations().unwrap();
    assert!(designations.contains(&(GeneId(3162), "heme oxygenase (decycling) 1".to_string())));
}

/// Locus's own tags: texts wait until a run tags them, the mentions read
/// back on the paper with the run, and re-importing the paper's file drops
/// its tags with its text (and makes it wait again); a retag starts over.
pub fn locus_tags_go_with_their_texts(make: &dyn Fn() -> TestStore) {
    let t = make();
    let s = t.store.as_ref();
    human_genes(s);
    import_ok(s, SourceKind::PubmedXml, "pubmed4.xml");
    let waiting = s.untagged_texts(100).unwrap();
    assert_eq!(waiting.len(), 1, "one text per paper (the file holds one)");
    let paper = waiting
        .iter()
        .find(|t| t.text.starts_with("Leucocyte telomere length"))
        .expect("PMID 27797938");
    let chars: Vec<char> = paper.text.chars().collect();
    let at = (0..chars.len())
        .find(|&i| chars[i..].starts_with(&['T', 'E', 'R', 'T']))
        .expect("TERT in the title") as u32;
    // TERT as the tagger reads it: its symbol, GeneID 7015.
    let tert = locus_store::TextMention {
        start: at,
        end: at + 4,
        mention: "TERT".into(),
        kind: "Gene".into(),
        ids: vec!["7015".into()],
        tax_id: Some(locus_model::TaxId(9606)),
        rule: serde_json::json!({"rule": "name", "source": "symbol"}),
    };
    let generation = s.generation().unwrap();
    let run = s.start_tagging("tagger", "vocabulary", false).unwrap();
    // Two more gene mentions, as a composite ("TERT/TP53") would give:
    // TERT holds 2 of the paper's 3 gene mentions.
    let composite = locus_store::TextMention {
        start: at + 10,
        end: at + 14,
        ids: vec!["7015".into(), TP53.to_string()],
        ..tert.clone()
    };
    let tagged: Vec<locus_store::TaggedText> = waiting
        .iter()
        .map(|w| locus_store::TaggedText {
            doc: w.doc,
            mentions: if w.doc == paper.doc {
                vec![tert.clone(), composite.clone()]
            } else {
                vec![]
            },
            pairs: if w.doc == paper.doc {
                let pair = |gene, other| locus_store::CoMention {
                    gene,
                    other,
                    sentences: 1,
                };
                vec![
                    pair(GeneId(7015), locus_store::CoMentioned::Gene(TP53)),
                    pair(TP53, locus_store::CoMentioned::Gene(GeneId(7015))),
                    pair(
                        GeneId(7015),
                        locus_store::CoMentioned::Disease("DOID:1612".into()),
                    ),
                    pair(
                        GeneId(7015),
                        locus_store::CoMentioned::Chemical("D006046".into()),
                    ),
                ]
            } else {
                vec![]
            },
        })
        .collect();
    s.save_tags(run.id, &tagged).unwrap();
    // The pairs are co-mention edges of the graph, with their texts.
    let edges = s.kg_edges().unwrap();
    let co: Vec<_> = edges
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                KgEdgeKind::CoMention
                    | KgEdgeKind::DiseaseCoMention
                    | KgEdgeKind::ChemicalCoMention
            )
        })
        .map(|e| (e.from, e.to, e.kind, e.strength))
        .collect();
    let breast_cancer = EntityRef::of_term("DOID:1612".parse().unwrap());
    let gold = EntityRef::Chemical("D006046".parse().unwrap());
    assert_eq!(
        co,
        [
            (
                EntityRef::Gene(GeneId(7015)),
                EntityRef::Gene(TP53),
                KgEdgeKind::CoMention,
                1
            ),
            (
                EntityRef::Gene(GeneId(7015)),
                breast_cancer,
                KgEdgeKind::DiseaseCoMention,
                1
            ),
            (
                EntityRef::Gene(GeneId(7015)),
                gold,
                KgEdgeKind::ChemicalCoMention,
                1
            ),
        ]
    );
    let counts = s.kg_counts(GeneId(7015)).unwrap();
    assert_eq!(
        (
            counts.co_mentioned_genes,
            counts.co_mentioned_diseases,
            counts.co_mentioned_chemicals
        ),
        (1, 1, 1)
    );
    assert_eq!(s.co_mention_texts(GeneId(7015), gold, 10).unwrap().total, 1);
    let found = s
        .co_mention_texts(GeneId(7015), EntityRef::Gene(TP53), 10)
        .unwrap();
    assert_eq!(
        (found.total, found.other_ids.clone()),
        (1, vec!["7157".to_string()])
    );
    assert_eq!(found.texts[0].pmids, [locus_model::Pmid(27797938)]);
    let found = s.co_mention_texts(GeneId(7015), breast_cancer, 10).unwrap();
    assert_eq!(found.other_ids, ["DOID:1612"]);
    let stats = s.gene(GeneId(7015)).unwrap().unwrap().stats;
    assert_eq!(stats.text_mined_papers, 1);
    assert_eq!(
        stats.text_mined_score, 0.666667,
        "two thirds, to six decimals"
    );
    let stats = s.gene(TP53).unwrap().unwrap().stats;
    assert_eq!(stats.text_mined_score, 0.333333);
    let texts = s.gene_texts(GeneId(7015), 10).unwrap();
    assert_eq!(texts.total, 1);
    let text = &texts.texts[0];
    assert_eq!(text.source, locus_store::GeneTextSource::Paper);
    assert_eq!(text.pmids, [locus_model::Pmid(27797938)]);
    assert_eq!((text.gene_mentions, text.all_gene_mentions), (2, 3));
    assert_eq!(text.mentions, [tert.clone(), composite]);
    let title = s
        .citation(locus_model::Pmid(27797938))
        .unwrap()
        .unwrap()
        .title;
    assert_eq!(text.title_chars as usize, title.chars().count());
    assert!(text.text.starts_with(&format!("{title} ")));
    assert!(!text.generif_cited);
    assert_eq!(s.gene_texts(BACH1, 10).unwrap().total, 0);
    assert!(s.generation().unwrap() > generation, "pages see the tags");
    assert!(s.untagged_texts(100).unwrap().is_empty());
    let tags = s
        .publication(locus_model::Pmid(27797938))
        .unwrap()
        .unwrap()
        .locus_tags
        .expect("tagged");
    assert_eq!(tags.mentions[0], tert);
    assert_eq!(
        (tags.run.id, tags.run.texts, tags.run.mentions),
        (run.id, 1, 2)
    );
    assert!(tags.text.starts_with("Leucocyte telomere length"));
    import_ok(s, SourceKind::PubmedXml, "pubmed4.xml");
    let p = s.publication(locus_model::Pmid(27797938)).unwrap().unwrap();
    assert!(
        p.locus_tags.is_none(),
        "the replaced text's tags went with it"
    );
    assert_eq!(
        s.gene(GeneId(7015))
            .unwrap()
            .unwrap()
            .stats
            .text_mined_papers,
        0,
        "and its share of the text-mined score"
    );
    assert_eq!(s.gene_texts(GeneId(7015), 10).unwrap().total, 0);
    assert_eq!(s.untagged_texts(100).unwrap().len(), 1);
    let waiting = s.untagged_texts(100).unwrap();
    let run = s.start_tagging("tagger", "vocabulary", false).unwrap();
    let none: Vec<locus_store::TaggedText> = waiting
        .iter()
        .map(|w| locus_store::TaggedText {
            doc: w.doc,
            mentions: vec![],
            pairs: vec![],
        })
        .collect();
    s.save_tags(run.id, &none).unwrap();
    assert!(s.untagged_texts(100).unwrap().is_empty());
    s.start_tagging("tagger", "vocabulary", true).unwrap();
    assert_eq!(
        s.untagged_texts(100).unwrap().len(),
        1,
        "a retag starts over"
    );
}

/// PubTator texts and their mentions read back as published, on the
/// publication of their PMID even when nothing else names it; importing
/// the file again replaces them.
pub fn annotated_texts_read_back_as_published(make: &dyn Fn() -> TestStore) {
    let t = make();
    let s = t.store.as_ref();
    let cut = "../../crates/ingest/tests/data/pubtator/corpora_cut.PubTator";
    for _ in 0..2 {
        import_ok(s, SourceKind::Pubtator, cut);
        let p = s
            .publication(locus_model::Pmid(22750516))
            .unwrap()
            .expect("a PMID only PubTator names has a publication");
        assert!(p.citation.is_none() && p.genes.is_empty());
        assert_eq!(p.annotated.len(), 1, "one text per import");
        let text = &p.annotated[0];
        assert!(text.title.starts_with("Epididymal protein Rnase10"));
        let starts: Vec<u32> = text.annotations.iter().map(|a| a.start).collect();
        assert_eq!(starts, [19, 360, 379, 658, 668]);
        let first = &text.annotations[0];
        assert_eq!(
            (
                first.end,
                first.mention.as_str(),
                first.mention_type.as_str()
            ),
            (26, "Rnase10", "Gene")
        );
        assert_eq!(
            first.concepts,
            [locus_model::Concept {
                id: "75019".into(),
                tax_id: None
            }]
        );
        assert_eq!(first.line, 3);
        assert!(text.annotations[2].concepts.is_empty(), "a FamilyName");
    }
}

/// The engine's own integrity check passes after imports.
pub fn integrity_check_passes(make: &dyn Fn() -> TestStore) {
    let t = make();
    let s = t.store.as_ref();
    human_genes(s);
    import_ok(s, SourceKind::Collectri, "regulation/collectri.csv");
    assert_eq!(s.check().unwrap(), Vec::<String>::new());
    assert!(!s.location().is_empty());
}
