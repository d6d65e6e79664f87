//! What changed between releases: the demo's NCBI gene_info cut
//! (2021-07) replaced by its org.Hs.eg.db cut (2022-09-12), a real pair of
//! releases in which genes were renamed.

use locus_model::{ChangeField, ChangeKind, GeneId, ImportId, SourceKind};

use crate::{demo, human_genes, import_ok, meta, Source, TestStore};

/// Imports a demo file replacing `replaces` besides its own earlier import.
fn import_replacing(
    store: &dyn locus_store::StoreBackend,
    kind: SourceKind,
    rel: &str,
    replaces: ImportId,
) -> Result<locus_model::ImportRecord, locus_store::StoreError> {
    let path = demo(rel);
    let source = locus_ingest::open_with(kind, &path, &locus_ingest::OpenOptions::default())
        .unwrap_or_else(|e| panic!("opening {rel}: {e}"));
    let mut meta = meta(kind, &path);
    meta.replaces = Some(replaces);
    locus_store::import(store, &meta, &mut Source(source), &mut |_| {})
}

/// Re-importing a file records nothing when nothing changed; importing
/// the next release under another name with `--replaces` records, per
/// gene, the renames (UHRF1BP1 became BLTP3A), new names (NFE2L2), and
/// counts before and after; the history stays when that import is
/// replaced in turn; a `--replaces` of no live import is refused.
pub fn reimport_records_what_changed_per_gene(make: &dyn Fn() -> TestStore) {
    let t = make();
    let s = t.store.as_ref();
    let first = human_genes(s);
    let again = human_genes(s);
    assert!(s.gene_changes(GeneId(4780)).expect("changes").is_empty());
    assert_eq!(
        s.import_change_counts(again.id).expect("counts"),
        Some(Vec::new()),
        "the same file again changes nothing"
    );
    let orgdb = import_replacing(s, SourceKind::Orgdb, "org.Hs.eg.subset.sqlite", again.id)
        .expect("orgdb replacing gene_info");
    let bltp3a = s.gene_changes(GeneId(54887)).expect("changes");
    let symbol = bltp3a
        .iter()
        .find(|r| r.change.field == ChangeField::Symbol)
        .expect("a rename");
    assert_eq!(symbol.change.change, ChangeKind::Changed);
    assert_eq!(symbol.change.before.as_deref(), Some("UHRF1BP1"));
    assert_eq!(symbol.change.after.as_deref(), Some("BLTP3A"));
    assert_eq!(
        (symbol.change.import_id, symbol.change.replaced),
        (orgdb.id, again.id)
    );
    assert_eq!(symbol.file_name, "org.Hs.eg.subset.sqlite");
    assert!(symbol
        .replaced_release
        .as_deref()
        .is_some_and(|r| r.contains("2021-07-11")));
    let nrf2 = s.gene_changes(GeneId(4780)).expect("changes");
    let name = nrf2
        .iter()
        .find(|r| r.change.field == ChangeField::Name)
        .expect("a new name");
    assert_eq!(
        (name.change.before.as_deref(), name.change.after.as_deref()),
        (
            Some("nuclear factor, erythroid 2 like 2"),
            Some("NFE2 like bZIP transcription factor 2")
        )
    );
    // gene_info has no PubMed links; org.Hs.eg.db gives NFE2L2 some.
    let links = nrf2
        .iter()
        .find(|r| r.change.field == ChangeField::PubmedLinks)
        .expect("links counted");
    assert_eq!(links.change.change, ChangeKind::Added);
    assert_eq!(links.change.before, None);
    let counts = s
        .import_change_counts(orgdb.id)
        .expect("counts")
        .expect("an import");
    let renamed = counts
        .iter()
        .find(|c| c.field == ChangeField::Symbol && c.change == ChangeKind::Changed)
        .expect("renames counted");
    assert!(renamed.genes >= 1);
    let listed = s
        .import_changes(orgdb.id, Some(ChangeField::Symbol), 100)
        .expect("changes");
    assert!(listed.iter().any(|c| c.gene_id == GeneId(54887)));
    assert!(listed.iter().all(|c| c.field == ChangeField::Symbol));
    assert_eq!(
        s.import_change_counts(ImportId(999_999)).expect("read"),
        None
    );
    // The history stays when the newer import is itself replaced.
    import_ok(s, SourceKind::Orgdb, "org.Hs.eg.subset.sqlite");
    assert_eq!(
        s.gene_changes(GeneId(54887)).expect("changes").len(),
        bltp3a.len()
    );
    // Regulation: CollecTRI replacing TRRUST, for a TF both name.
    let trrust = import_ok(s, SourceKind::Trrust, "regulation/trrust_rawdata.human.tsv");
    let collectri = import_replacing(
        s,
        SourceKind::Collectri,
        "regulation/collectri.csv",
        trrust.id,
    )
    .expect("collectri replacing trrust");
    let sources = s
        .import_changes(collectri.id, Some(ChangeField::RegulationSources), 100_000)
        .expect("changes");
    assert!(!sources.is_empty(), "sources changed for some genes");
    assert!(sources.iter().any(|c| {
        c.before.as_deref().is_some_and(|b| b.contains("TRRUST"))
            && c.after.as_deref().is_some_and(|a| a.contains("CollecTRI"))
    }));
    // The first import was replaced long ago: naming it is refused.
    let e = import_replacing(s, SourceKind::Generifs, "BACH1_generifs.tsv", first.id)
        .expect_err("refused");
    assert!(e.to_string().contains("--replaces"), "{e}");
}
