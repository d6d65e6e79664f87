//! Genes: the whole [`GeneDocument`] (API, `locus gene --json`, the top of
//! the page), its [`Section`]s one at a time, and [`GenePage`], everything
//! one gene page shows, read in parallel.

pub mod literature;
mod section;
pub mod tdl;

use std::sync::Arc;

use locus_model::{EntityRef, GeneId, GoAnnotation, ImportRecord, ProteinEntry};
use locus_store::{
    BindingSitePage, EdgeFilter, GeneDetail, GeneRifRow, GeneStore, InteractionPage, KgCounts,
    OrthologRow, ReferencePage, RegulationPage, RegulationSide,
};
use serde::Serialize;

pub use section::{AliasList, Section, SectionData, SectionQuery};

use crate::{Error, KnowledgeBase, Result};

/// A gene with its sections, as `/api/v1/genes/{id}` returns it.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeneDocument {
    /// What this document is about.
    pub entity: EntityRef,
    /// Header and summary facts.
    pub gene: GeneDetail,
    /// The organism's scientific name, when Locus knows it.
    pub organism: Option<String>,
    /// GeneRIF statements.
    pub generifs: Vec<GeneRifRow>,
    /// GO annotations.
    pub go_annotations: Vec<GoAnnotation>,
    /// Differential expression by disease or condition, largest change
    /// first.
    pub expression: Vec<locus_store::ExpressionRow>,
    /// Disease associations, every source's.
    pub diseases: Vec<locus_store::GeneDiseaseRow>,
    /// HPO phenotypes, each with the diseases it comes through.
    pub phenotypes: Vec<locus_store::GenePhenotypeRow>,
    /// Pharos' target development level as far as the imported data show
    /// it (human protein-coding genes only).
    pub development_level: Option<tdl::TargetDevelopment>,
    /// UniProtKB entries.
    pub proteins: Vec<ProteinEntry>,
    /// Number of references; page through `/references`.
    pub reference_count: u64,
    /// How many of those each kind of source gives (the count is their
    /// union: gene2pubmed and org.Hs.eg.db overlap).
    pub reference_sources: Vec<locus_store::PubmedSourceCount>,
    /// Knowledge-graph edges by kind; list them through `/regulators`,
    /// `/targets`, `/interactions`, `/orthologs` and `/neighbors`.
    pub knowledge_graph: KgCounts,
    /// The imports whose facts this document shows.
    pub provenance: Vec<ImportRecord>,
    /// Definitions of the derived numbers in `gene.stats`.
    pub definitions: Definitions,
}

/// What the derived literature numbers mean.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Definitions {
    /// The PubMed count.
    pub pubmed_count: &'static str,
    /// The fractional PubMed score.
    pub pubmed_score: &'static str,
    /// The GeneRIF count.
    pub generif_count: &'static str,
    /// The text-mined score.
    pub text_mined_score: &'static str,
}

/// The definitions, as pages and the API state them.
pub const DEFINITIONS: Definitions = Definitions {
    pubmed_count: "Number of distinct PubMed ids linked to the gene by any imported source (gene2pubmed, org.Hs.eg.db).",
    pubmed_score: "Fractional PubMed score: the sum over the gene's PubMed ids of 1/n, where n is the number of genes that PubMed id is linked to.",
    generif_count: "Number of GeneRIF statements imported for the gene.",
    text_mined_score: "Text-mined score (as Pharos' PubTator score): the sum over the imported abstracts in which Locus's tagger found the gene of the gene's share of that abstract's gene mentions (title and abstract; a mention naming k genes counts once for each).",
};

/// The document of one gene: the one loader behind the API's gene
/// document, `locus gene --json` and the gene page.
pub fn document(store: &dyn GeneStore, gene: GeneDetail) -> Result<GeneDocument> {
    let counts = store.kg_counts(gene.gene_id)?;
    document_with_counts(store, gene, counts)
}

/// [`document`] with the knowledge-graph counts already read (the gene
/// page needs them before, to size its regulation tables).
fn document_with_counts(
    store: &dyn GeneStore,
    gene: GeneDetail,
    counts: KgCounts,
) -> Result<GeneDocument> {
    let id = gene.gene_id;
    let mut doc = GeneDocument {
        entity: EntityRef::Gene(id),
        organism: gene.tax_id.scientific_name().map(str::to_string),
        generifs: store.generifs(id)?,
        go_annotations: store.go_annotations(id)?,
        expression: store.expression(id)?,
        diseases: store.gene_diseases(id)?,
        phenotypes: store.gene_phenotypes(id)?,
        development_level: None,
        proteins: store.proteins(id)?,
        reference_count: gene.stats.pubmed_count,
        reference_sources: store.pubmed_sources(id)?,
        knowledge_graph: counts,
        provenance: store.gene_imports(id)?,
        definitions: DEFINITIONS,
        gene,
    };
    doc.development_level = tdl::development_level(&doc);
    Ok(doc)
}

/// The gene's record, or [`Error::GeneGone`].
pub fn detail(store: &dyn GeneStore, gene_id: GeneId) -> Result<GeneDetail> {
    store.gene(gene_id)?.ok_or(Error::GeneGone(gene_id))
}

/// Which part of a gene's long lists a page shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct PageQuery {
    /// 1-based page of the reference list.
    pub refs_page: u64,
    /// The regulators table: filter and 1-based page.
    pub regulators: TableQuery,
    /// The targets table: filter and 1-based page.
    pub targets: TableQuery,
}

/// One regulation table's server-side filter and page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct TableQuery {
    /// Which edges.
    pub filter: EdgeFilter,
    /// 1-based page.
    pub page: u64,
}

/// References listed per page.
pub const REFS_PER_PAGE: u64 = 50;
/// Regulation tables up to this many rows are shown whole (and filtered
/// in the browser). A hub such as TP53 regulates over a thousand genes; a
/// table that long makes a page of half a megabyte that nobody scrolls,
/// so longer lists are paged and filtered on the server, with the whole
/// list one TSV or JSON link away.
pub const WHOLE_TABLE_MAX: u64 = 200;

/// Rows per page of a regulation table longer than [`WHOLE_TABLE_MAX`].
pub const EDGES_PER_PAGE: u64 = 100;

/// Rows per page of a regulation table with `total` edges.
pub fn edges_per_page(total: u64) -> u64 {
    if total <= WHOLE_TABLE_MAX {
        WHOLE_TABLE_MAX
    } else {
        EDGES_PER_PAGE
    }
}
/// STRING partners listed on the page (the API lists all).
pub const INTERACTIONS_SHOWN: u64 = 25;
/// Binding sites listed on the page (the API and TSV list all).
pub const SITES_SHOWN: u64 = 20;

/// Statements per topic the gene page's literature section lists (the
/// literature page lists them all).
pub const STATEMENTS_SHOWN: u64 = 3;

/// Expression calls the page lists (present first, highest score first);
/// the TSV and the paged API have them all.
pub const CALLS_SHOWN: u64 = 25;

/// Everything one gene page shows.
pub struct GenePage {
    /// The gene document (header, GeneRIFs, GO, proteins, provenance).
    pub doc: GeneDocument,
    /// The page of references shown.
    pub references: ReferencePage,
    /// The regulators shown.
    pub regulators: RegulationPage,
    /// The targets shown.
    pub targets: RegulationPage,
    /// Orthologs.
    pub orthologs: Vec<OrthologRow>,
    /// The best STRING partners.
    pub interactions: InteractionPage,
    /// The first binding sites.
    pub sites: BindingSitePage,
    /// The first [`CALLS_SHOWN`] Bgee calls of the gene.
    pub anatomy: locus_store::ExpressionCallPage,
    /// Literature by topic over the newest
    /// [`literature::SECTION_TEXTS`] texts, a few statements per topic.
    pub literature: literature::Literature,
    /// Source databases of the gene's graph edges, for the graph filter.
    pub graph_sources: Vec<String>,
    /// Source databases of the gene's regulators and of its targets,
    /// for the table filters.
    pub regulation_sources: (Vec<String>, Vec<String>),
    /// What changed for the gene between releases, newest first.
    pub changes: Vec<locus_store::changes::GeneChangeRow>,
}

fn offset(page: u64, per_page: u64, total: u64) -> u64 {
    // A page past the end shows the last page; this also keeps the row
    // offset from overflowing for absurd page numbers.
    let last = total.div_ceil(per_page).max(1);
    (page.clamp(1, last) - 1) * per_page
}

impl KnowledgeBase {
    /// Everything the page of `gene` shows. The network half is read on
    /// a second thread (with its own pooled connection) while the
    /// literature half is read here: a hub's page has thousands of edges
    /// and thousands of PubMed links, and the halves take about as long
    /// as each other.
    pub fn gene_page(self: &Arc<Self>, gene: GeneDetail, q: &PageQuery) -> Result<GenePage> {
        let store = self.store();
        let id = gene.gene_id;
        let refs_offset = offset(q.refs_page, REFS_PER_PAGE, gene.stats.pubmed_count);
        let counts = store.kg_counts(id)?;
        let (doc, references, literature, net) = std::thread::scope(|scope| {
            let net = scope.spawn(|| -> Result<_> {
                let regulation = |side, t: &TableQuery, total| -> Result<RegulationPage> {
                    let per_page = edges_per_page(total);
                    let at = offset(t.page, per_page, total);
                    let page = store.regulation(id, side, &t.filter, at, per_page)?;
                    if !page.rows.is_empty() || page.matching == 0 {
                        return Ok(page);
                    }
                    // Past the end of a filtered list: its last page.
                    let at = offset(t.page, per_page, page.matching);
                    Ok(store.regulation(id, side, &t.filter, at, per_page)?)
                };
                let regulators =
                    regulation(RegulationSide::Regulators, &q.regulators, counts.regulators)?;
                let targets = regulation(RegulationSide::Targets, &q.targets, counts.targets)?;
                Ok((
                    regulators,
                    targets,
                    store.orthologs(id)?,
                    store.interactions(id, INTERACTIONS_SHOWN)?,
                    store.binding_sites(id, 0, SITES_SHOWN)?,
                    store.expression_calls(id, 0, CALLS_SHOWN)?,
                ))
            });
            let references = store.references(id, refs_offset, REFS_PER_PAGE);
            let literature = literature::literature(
                store,
                &gene,
                &literature::LiteratureQuery {
                    topic: None,
                    with: None,
                    offset: 0,
                    limit: STATEMENTS_SHOWN,
                    texts: literature::SECTION_TEXTS,
                },
            );
            let doc = document_with_counts(store, gene, counts);
            let net = net
                .join()
                .unwrap_or_else(|_| Err(Error::Invalid("network reader panicked".into())));
            Ok::<_, Error>((doc?, references?, literature?, net?))
        })?;
        let (regulators, targets, orthologs, interactions, sites, anatomy) = net;
        let graph = self.graph()?;
        let [graph_sources, regulators_sources, targets_sources] =
            crate::graph::sources_around(&graph, EntityRef::Gene(id));
        let regulation_sources = (regulators_sources, targets_sources);
        let changes = store.gene_changes(id)?;
        Ok(GenePage {
            changes,
            doc,
            references,
            literature,
            regulators,
            targets,
            orthologs,
            interactions,
            sites,
            anatomy,
            graph_sources,
            regulation_sources,
        })
    }
}
