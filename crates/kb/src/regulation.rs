//! A gene's regulators and targets as TFLink shows them: one merged edge
//! per partner with its sources, methods, PubMed ids, small-scale flag
//! and consensus mode ([`RegulationList`]), and the same rows in TFLink's
//! own `tfs_of_` / `targets_of_` column layout ([`tflink_rows`]).

use locus_model::{join_pmids, GeneId, Pmid, RegulationRow};
use locus_store::{EdgeFilter, GeneStore, RegulationEdgeRow, RegulationSide};
use serde::Serialize;

use crate::tsv::{dash, Tsv};
use crate::Result;

/// One edge of a regulators or targets list.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegulationEntry {
    /// The partner and the merged edge.
    #[serde(flatten)]
    pub row: RegulationEdgeRow,
    /// Every source row of the edge, when asked for (`evidence=true`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Vec<RegulationRow>>,
}

/// A gene's regulators or targets.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegulationList {
    /// The gene.
    pub gene_id: GeneId,
    /// Its symbol.
    pub symbol: String,
    /// `regulators` (TFs of this gene) or `targets` (genes this TF regulates).
    pub direction: RegulationSide,
    /// Edges on this side before filtering.
    pub total: u64,
    /// Edges that pass the filter.
    pub matching: u64,
    /// Index of the first edge listed among the matching ones.
    pub offset: u64,
    /// Edges listed here.
    pub count: usize,
    /// How the edge summary is computed.
    pub rules: RegulationRules,
    /// The edges, strongest evidence first.
    pub edges: Vec<RegulationEntry>,
}

/// How an edge's small-scale flag and mode are decided, in words.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegulationRules {
    /// The small-scale rule.
    pub small_scale: &'static str,
    /// The consensus-mode rule.
    pub mode: &'static str,
}

/// The rules as pages and the API state them.
pub const RULES: RegulationRules = RegulationRules {
    small_scale: "An edge is small-scale when any of its rows is: a TFLink row flagged Small-scale.evidence=Yes, or (for sources without that flag) a row from TRRUST, TRED or DoRothEA, including DoRothEA's copies of TRRUST and TRED. This is the database set behind TFLink's own flag; HTRI, ORegAnno, PAZAR, GTRD, ReMap, CollecTRI, KEGG and RegNetwork rows alone do not make an edge small-scale.",
    mode: "Each row that states a sign votes: TRRUST Activation/Repression, RegNetwork -->/--|, or the sign of a CollecTRI or DoRothEA weight. Unknown and unsigned rows do not vote. Activation or repression when all votes agree, conflicting when both occur, unknown without votes.",
};

/// One side of a gene's regulation: the edges passing `filter`, `limit`
/// from `offset`, each with its source rows when `evidence` is set.
#[allow(clippy::too_many_arguments)]
pub fn list(
    store: &dyn GeneStore,
    gene_id: GeneId,
    symbol: &str,
    side: RegulationSide,
    filter: &EdgeFilter,
    offset: u64,
    limit: u64,
    evidence: bool,
) -> Result<RegulationList> {
    let page = store.regulation(gene_id, side, filter, offset, limit)?;
    let mut edges = Vec::with_capacity(page.rows.len());
    for row in page.rows {
        let evidence = if evidence {
            Some(store.regulation_evidence(row.edge.tf, row.edge.target)?)
        } else {
            None
        };
        edges.push(RegulationEntry { row, evidence });
    }
    Ok(RegulationList {
        gene_id,
        symbol: symbol.to_string(),
        direction: side,
        total: page.total,
        matching: page.matching,
        offset: page.offset,
        count: edges.len(),
        rules: RULES,
        edges,
    })
}

/// TFLink's PubMed cell in `tfs_of_` files: a PubMed search URL.
fn pubmed_url(pmids: &[Pmid]) -> String {
    let terms: Vec<String> = pmids.iter().map(|p| format!("{p}%5Buid%5D")).collect();
    format!(
        "https://www.ncbi.nlm.nih.gov/pubmed/?term={}",
        terms.join("+OR+")
    )
}

/// A gene's regulators (or targets) as rows of TFLink's per-protein
/// downloads (`t` has [`locus_model::tflink::TFS_OF_COLUMNS`] or
/// [`locus_model::tflink::TARGETS_OF_COLUMNS`] as its header), so scripts
/// written for TFLink read them: `tfs_of_` files give PubMed ids as a
/// search URL, `targets_of_` files as a comma list, exactly as TFLink
/// writes them. TFLink has no column for the mode of regulation; the JSON
/// form carries it.
pub fn tflink_rows<'a>(
    t: &mut Tsv,
    rows: impl IntoIterator<Item = &'a RegulationEdgeRow>,
    side: RegulationSide,
) {
    for r in rows {
        let p = &r.partner;
        let pmids = if r.edge.pmids.is_empty() {
            "-".to_string()
        } else if side == RegulationSide::Regulators {
            pubmed_url(&r.edge.pmids)
        } else {
            join_pmids(&r.edge.pmids)
        };
        t.row([
            p.uniprot.as_deref().unwrap_or("-"),
            &p.gene_id.to_string(),
            &p.symbol,
            dash(&r.edge.methods.join(",")),
            &pmids,
            p.tax_id.scientific_name().unwrap_or("-"),
            &r.edge.sources.join(","),
            if r.edge.small_scale { "Yes" } else { "No" },
        ]);
    }
}

/// One TF → target edge with every source row behind it.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EdgeEvidence {
    /// The transcription factor.
    pub tf: crate::graph::GraphNode,
    /// The regulated gene.
    pub target: crate::graph::GraphNode,
    /// The merged edge: sources, methods and PubMed ids of all rows, the
    /// small-scale flag and the consensus mode.
    pub edge: locus_model::TfTargetEdge,
    /// Every source row, in import order, with the file line it came from.
    pub rows: Vec<RegulationRow>,
    /// How the edge summary is computed.
    pub rules: RegulationRules,
}

impl crate::KnowledgeBase {
    /// The edge `tf` → `target` with its evidence; `None` when no imported
    /// source states it.
    pub fn regulation_edge(
        self: &std::sync::Arc<Self>,
        tf: GeneId,
        target: GeneId,
    ) -> Result<Option<EdgeEvidence>> {
        let rows = self.store().regulation_evidence(tf, target)?;
        if rows.is_empty() {
            return Ok(None);
        }
        let idx = self.search_index()?;
        let tf_node = crate::graph::node(&idx, tf);
        let tax = tf_node.tax_id.unwrap_or(locus_model::TaxId::HUMAN);
        Ok(Some(EdgeEvidence {
            edge: locus_model::TfTargetEdge::merge(tf, target, tax, &rows),
            tf: tf_node,
            target: crate::graph::node(&idx, target),
            rows,
            rules: RULES,
        }))
    }
}
