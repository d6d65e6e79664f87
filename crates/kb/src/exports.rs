//! Whole-network downloads, in the formats the tools people already use
//! read: TFLink's `simpleFormat`, KGX (Biolink) node and edge TSVs for
//! knowledge-graph tooling, and GMT gene sets of each TF's targets for
//! enrichment analysis (GSEA, fgsea, Enrichr).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use locus_model::{join_pmids, ConsensusMode, EntityRef, GeneId, KgEdgeKind, TaxId};
use locus_store::NetworkEdge;
use serde::{Deserialize, Serialize};

use crate::tsv::{dash, Tsv};
use crate::{KnowledgeBase, Result};

/// The files offered per organism.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum NetworkFile {
    /// TFLink simpleFormat.
    #[serde(rename = "tflink_simpleFormat.tsv")]
    TflinkSimpleFormat,
    /// KGX nodes.
    #[serde(rename = "kgx_nodes.tsv")]
    KgxNodes,
    /// KGX edges.
    #[serde(rename = "kgx_edges.tsv")]
    KgxEdges,
    /// GMT gene sets of each TF's targets.
    #[serde(rename = "tf_targets.gmt")]
    TfTargetsGmt,
}

impl NetworkFile {
    /// Every file, in the order the downloads page lists them.
    pub const ALL: [NetworkFile; 4] = [
        NetworkFile::TflinkSimpleFormat,
        NetworkFile::KgxNodes,
        NetworkFile::KgxEdges,
        NetworkFile::TfTargetsGmt,
    ];

    /// The file name in the URL.
    pub fn file_name(self) -> &'static str {
        match self {
            NetworkFile::TflinkSimpleFormat => "tflink_simpleFormat.tsv",
            NetworkFile::KgxNodes => "kgx_nodes.tsv",
            NetworkFile::KgxEdges => "kgx_edges.tsv",
            NetworkFile::TfTargetsGmt => "tf_targets.gmt",
        }
    }

    /// The inverse of [`NetworkFile::file_name`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.file_name() == s)
    }

    /// What the file holds.
    pub fn description(self) -> &'static str {
        match self {
            NetworkFile::TflinkSimpleFormat => "TFLink simpleFormat: one row per TF–target edge, 15 columns, lists separated by semicolons",
            NetworkFile::KgxNodes => "KGX nodes (Biolink): every gene of the organism's regulation, interaction and orthology edges",
            NetworkFile::KgxEdges => "KGX edges (Biolink): regulates, interacts_with and orthologous_to, with sources and PubMed ids",
            NetworkFile::TfTargetsGmt => "GMT gene sets: the targets of each TF (filters: ?sources=, ?small_scale=true, ?mode=activation|repression, ?min_size=)",
        }
    }
}

/// Which edges a GMT file's gene sets keep.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct GmtFilter {
    /// Keep only edges naming one of these sources.
    pub sources: Vec<String>,
    /// Keep only small-scale edges.
    pub small_scale_only: bool,
    /// Keep only edges of this consensus mode.
    pub mode: Option<ConsensusMode>,
    /// Leave out TFs with fewer targets.
    pub min_size: usize,
}

impl KnowledgeBase {
    /// The merged network of `tax_id` as `file`.
    pub fn network_file(
        self: &Arc<Self>,
        tax_id: TaxId,
        file: NetworkFile,
        gmt: &GmtFilter,
    ) -> Result<Vec<u8>> {
        let network = self.store().network(tax_id)?;
        Ok(match file {
            NetworkFile::TflinkSimpleFormat => simple_format(&network),
            NetworkFile::KgxNodes => self.kgx(tax_id, &network)?.0,
            NetworkFile::KgxEdges => self.kgx(tax_id, &network)?.1,
            NetworkFile::TfTargetsGmt => gmt_sets(&network, gmt),
        })
    }

    /// KGX TSV nodes and edges of one organism: its regulation and STRING
    /// edges, and its orthology edges to other organisms (whose genes are
    /// then nodes too).
    fn kgx(self: &Arc<Self>, tax: TaxId, network: &[NetworkEdge]) -> Result<(Vec<u8>, Vec<u8>)> {
        let idx = self.search_index()?;
        let mut nodes: BTreeMap<GeneId, (String, TaxId, Option<String>)> = BTreeMap::new();
        let mut edges = Tsv::new(&KGX_EDGE_COLUMNS);
        for e in network {
            for p in [&e.tf, &e.target] {
                nodes.insert(p.gene_id, (p.symbol.clone(), p.tax_id, p.uniprot.clone()));
            }
            let pubs: Vec<String> = e.edge.pmids.iter().map(|p| format!("PMID:{p}")).collect();
            let direction = match e.edge.mode {
                ConsensusMode::Activation => "upregulated",
                ConsensusMode::Repression => "downregulated",
                _ => "",
            };
            edges.row([
                format!("locus:regulation:{}-{}", e.tf.gene_id, e.target.gene_id).as_str(),
                &curie(e.tf.gene_id),
                KgEdgeKind::Regulation.biolink_predicate(),
                &curie(e.target.gene_id),
                "biolink:GeneRegulatesGeneAssociation",
                &e.edge.sources.join("|"),
                &pubs.join("|"),
                "not_provided",
                "not_provided",
                direction,
                e.edge.mode.as_str(),
                if e.edge.small_scale { "true" } else { "false" },
                &e.edge.methods.join("|"),
                "",
            ]);
        }
        let graph = self.graph()?;
        let tax_of = |g: GeneId| idx.gene(g).map(|e| e.tax_id);
        for i in 0..u32::try_from(graph.edge_count()).unwrap_or(u32::MAX) {
            let Some(e) = graph.edge(i) else { continue };
            // Regulation came from the merged network above; gene–term
            // edges are not part of a network file.
            let (EntityRef::Gene(from), EntityRef::Gene(to)) = (e.from, e.to) else {
                continue;
            };
            // Text-mined co-mentions are not network facts.
            if matches!(e.kind, KgEdgeKind::Regulation | KgEdgeKind::CoMention) {
                continue;
            }
            if tax_of(from) != Some(tax) && tax_of(to) != Some(tax) {
                continue;
            }
            for g in [from, to] {
                if let Some(entry) = idx.gene(g) {
                    nodes
                        .entry(g)
                        .or_insert_with(|| (entry.symbol.clone(), entry.tax_id, None));
                }
            }
            let (category, score) = match e.kind {
                KgEdgeKind::Interaction => (
                    "biolink:PairwiseGeneToGeneInteraction",
                    e.strength.to_string(),
                ),
                KgEdgeKind::Orthology => ("biolink:GeneToGeneHomologyAssociation", String::new()),
                _ => ("biolink:Association", String::new()),
            };
            edges.row([
                format!("locus:{}:{}-{}", e.kind.as_str(), from, to).as_str(),
                &curie(from),
                e.kind.biolink_predicate(),
                &curie(to),
                category,
                &graph.source_names(e.source_mask).join("|"),
                "",
                "not_provided",
                "not_provided",
                "",
                "",
                "",
                "",
                &score,
            ]);
        }
        let mut n = Tsv::new(&["id", "category", "name", "in_taxon", "xref", "provided_by"]);
        for (g, (symbol, t, uniprot)) in &nodes {
            n.row([
                curie(*g).as_str(),
                "biolink:Gene",
                symbol,
                &format!("NCBITaxon:{t}"),
                &uniprot
                    .as_ref()
                    .map(|u| format!("UniProtKB:{u}"))
                    .unwrap_or_default(),
                "locus",
            ]);
        }
        Ok((n.into_bytes(), edges.into_bytes()))
    }
}

const KGX_EDGE_COLUMNS: [&str; 14] = [
    "id",
    "subject",
    "predicate",
    "object",
    "category",
    "primary_knowledge_source",
    "publications",
    "knowledge_level",
    "agent_type",
    "object_direction_qualifier",
    "consensus_mode",
    "small_scale_evidence",
    "detection_methods",
    "string_combined_score",
];

fn curie(g: GeneId) -> String {
    EntityRef::Gene(g).curie()
}

/// TFLink's `simpleFormat` columns. TFLink's four ortholog columns name
/// ortholog UniProt entries, which Locus does not hold; they are `-`.
pub fn simple_format(edges: &[NetworkEdge]) -> Vec<u8> {
    let mut t = Tsv::new(&locus_model::tflink::SIMPLE_FORMAT_COLUMNS);
    for e in edges {
        let pmids = join_pmids(&e.edge.pmids).replace(',', ";");
        t.row([
            e.tf.uniprot.as_deref().unwrap_or("-"),
            e.target.uniprot.as_deref().unwrap_or("-"),
            &e.tf.gene_id.to_string(),
            &e.target.gene_id.to_string(),
            &e.tf.symbol,
            &e.target.symbol,
            dash(&e.edge.methods.join(";")),
            dash(&pmids),
            e.edge.tax_id.scientific_name().unwrap_or("-"),
            &e.edge.sources.join(";"),
            if e.edge.small_scale { "Yes" } else { "No" },
            "-",
            "-",
            "-",
            "-",
        ]);
    }
    t.into_bytes()
}

/// GMT: one line per TF, `name<TAB>description<TAB>target symbols…`.
pub fn gmt_sets(edges: &[NetworkEdge], f: &GmtFilter) -> Vec<u8> {
    let sources: BTreeSet<&str> = f.sources.iter().map(String::as_str).collect();
    let mut sets: BTreeMap<(String, GeneId), BTreeSet<String>> = BTreeMap::new();
    for e in edges {
        if !sources.is_empty() && !e.edge.sources.iter().any(|s| sources.contains(s.as_str())) {
            continue;
        }
        if f.small_scale_only && !e.edge.small_scale {
            continue;
        }
        if f.mode.is_some_and(|m| m != e.edge.mode) {
            continue;
        }
        sets.entry((e.tf.symbol.clone(), e.tf.gene_id))
            .or_default()
            .insert(e.target.symbol.clone());
    }
    let mut out = String::new();
    for ((symbol, gene_id), targets) in sets {
        if targets.len() < f.min_size.max(1) {
            continue;
        }
        let n = targets.len();
        out.push_str(&symbol);
        out.push('\t');
        out.push_str(&format!(
            "Locus: {n} {} of {symbol} (NCBI GeneID {gene_id})",
            if n == 1 { "target" } else { "targets" }
        ));
        for t in targets {
            out.push('\t');
            out.push_str(&t);
        }
        out.push('\n');
    }
    out.into_bytes()
}
