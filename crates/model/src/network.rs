//! Gene–gene relations: transcriptional regulation, orthology and protein
//! interaction, as the network sources (TFLink, TRRUST, CollecTRI,
//! DoRothEA, RegNetwork, Ensembl BioMart, STRING) publish them.
//!
//! Importers cannot know which gene of the store a source means: they only
//! see what the file names (a GeneID, a UniProt accession, an Ensembl id, a
//! symbol). They hand that over as a [`GeneRef`]; the store resolves it
//! against the genes it holds, in a fixed order, and reports every
//! identifier it could not resolve.

use serde::{Deserialize, Serialize};

use crate::{GeneId, SourceKind, TaxId};

/// A gene as a source file names it, before resolution.
///
/// The store tries the identifiers in this order and stops at the first that
/// names exactly one gene of `tax_id`: `gene_ids`, `uniprot`, `ensembl`,
/// `symbol` (official symbol, then aliases). A source that lists two
/// GeneIDs for one protein (TFLink writes `100271849,4207`) gives both; the
/// store accepts them only if exactly one is a gene it holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct GeneRef {
    pub tax_id: TaxId,
    pub gene_ids: Vec<GeneId>,
    /// UniProtKB accession (`Q07812`).
    pub uniprot: Option<String>,
    /// Ensembl gene (`ENSG…`, `ENSMUSG…`) or protein (`ENSP…`) stable id,
    /// without a version suffix or STRING's taxon prefix.
    pub ensembl: Option<String>,
    /// Symbol as written in the source (`BACH1`, `Hmox1`).
    pub symbol: Option<String>,
    /// The source names a protein complex (CollecTRI's `AP1`, `NFKB`), not
    /// one gene. The store reports it unresolved instead of mapping it to
    /// a member that happens to carry the name as an alias (`AP1` is an
    /// alias of JUN).
    #[serde(default)]
    pub complex: bool,
}

impl GeneRef {
    /// A gene named only by its symbol, as TRRUST, CollecTRI and DoRothEA do.
    pub fn symbol(tax_id: TaxId, symbol: &str) -> Self {
        GeneRef {
            tax_id,
            symbol: Some(symbol.to_string()),
            ..GeneRef::default()
        }
    }

    /// The identifier a report shows for this reference: the strongest one given.
    pub fn display(&self) -> String {
        let mut parts = Vec::new();
        if !self.gene_ids.is_empty() {
            let ids: Vec<String> = self.gene_ids.iter().map(|g| g.to_string()).collect();
            parts.push(format!("GeneID:{}", ids.join(",")));
        }
        if let Some(u) = &self.uniprot {
            parts.push(format!("UniProt:{u}"));
        }
        if let Some(e) = &self.ensembl {
            parts.push(format!("Ensembl:{e}"));
        }
        if let Some(s) = &self.symbol {
            parts.push(s.clone());
        }
        parts.join(" ")
    }
}

/// The direction of a regulatory effect, as a source states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RegulationMode {
    Activation,
    Repression,
    /// The source names the relation but says it does not know its sign
    /// (TRRUST `Unknown`, RegNetwork `-/-`).
    Unknown,
}

impl RegulationMode {
    pub fn as_str(self) -> &'static str {
        match self {
            RegulationMode::Activation => "activation",
            RegulationMode::Repression => "repression",
            RegulationMode::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "activation" => Some(RegulationMode::Activation),
            "repression" => Some(RegulationMode::Repression),
            "unknown" => Some(RegulationMode::Unknown),
            _ => None,
        }
    }
}

/// One source row saying that a transcription factor regulates a target.
///
/// Every row is kept as evidence; the store merges rows into one
/// [`TfTargetEdge`] per (TF, target, organism).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegulationEvidence {
    pub tf: GeneRef,
    pub target: GeneRef,
    /// The primary databases the row cites. TFLink lists the databases it
    /// integrated (`GTRD;ReMap;TRRUST`); TRRUST and CollecTRI name
    /// themselves; DoRothEA names its curated table (`HTRIdb`).
    pub databases: Vec<String>,
    /// Detection methods (`chromatin immunoprecipitation assay`), as written.
    pub methods: Vec<String>,
    pub pmids: Vec<u32>,
    /// `None` when the source says nothing about the sign.
    pub mode: Option<RegulationMode>,
    /// A signed weight (CollecTRI `weight`, DoRothEA `mor`).
    pub weight: Option<f64>,
    /// The source's own small-scale-evidence flag (TFLink `Yes`/`No`);
    /// `None` for sources without one.
    pub small_scale: Option<bool>,
    /// 1-based line of the row in its file, for reports.
    pub line: u64,
}

/// One orthology relation from an Ensembl BioMart export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrthologPair {
    /// The gene of the export's own species (`Gene stable ID`).
    pub gene: GeneRef,
    /// The gene of the other species (`Mouse gene stable ID`).
    pub ortholog: GeneRef,
    /// `ortholog_one2one`, `ortholog_one2many`, `ortholog_many2many`.
    pub homology_type: String,
    /// Ensembl's orthology confidence, 0 (low) or 1 (high).
    pub confidence: Option<u8>,
    /// Gene-order conservation score (0–100).
    pub goc_score: Option<f64>,
    pub line: u64,
}

/// STRING's evidence channels for one protein pair, each 0–1000.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StringScores {
    pub neighborhood: u16,
    pub fusion: u16,
    pub cooccurence: u16,
    pub coexpression: u16,
    pub experimental: u16,
    pub database: u16,
    pub textmining: u16,
    pub combined_score: u16,
}

/// One protein–protein association from STRING `protein.links.detailed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProteinInteraction {
    pub a: GeneRef,
    pub b: GeneRef,
    pub scores: StringScores,
    pub line: u64,
}

/// A transcription-factor binding site from TFLink `bindingSites_of_<UniProt>.tsv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BindingSite {
    /// TFLink's identifier of the site (`TFLinkLT00282200`).
    pub tflink_id: String,
    pub tf: GeneRef,
    pub methods: Vec<String>,
    pub pmids: Vec<u32>,
    pub databases: Vec<String>,
    pub small_scale: Option<bool>,
    /// Genome assembly (`hg38`).
    pub assembly: String,
    pub chromosome: String,
    pub start: u64,
    pub end: u64,
    /// `+`, `-` or `.`.
    pub strand: String,
    pub line: u64,
}

/// The agreed direction of an edge over all its evidence rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConsensusMode {
    /// Every row that states a sign says activation.
    Activation,
    /// Every row that states a sign says repression.
    Repression,
    /// Rows disagree: some say activation, some repression.
    Conflicting,
    /// No row states a sign.
    Unknown,
}

impl ConsensusMode {
    pub fn as_str(self) -> &'static str {
        match self {
            ConsensusMode::Activation => "activation",
            ConsensusMode::Repression => "repression",
            ConsensusMode::Conflicting => "conflicting",
            ConsensusMode::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "activation" => Some(ConsensusMode::Activation),
            "repression" => Some(ConsensusMode::Repression),
            "conflicting" => Some(ConsensusMode::Conflicting),
            "unknown" => Some(ConsensusMode::Unknown),
            _ => None,
        }
    }

    /// The consensus of `activation` and `repression` votes (one per row
    /// that states a sign; rows without a sign, or `Unknown`, do not vote).
    pub fn from_votes(activation: u32, repression: u32) -> Self {
        match (activation > 0, repression > 0) {
            (true, false) => ConsensusMode::Activation,
            (false, true) => ConsensusMode::Repression,
            (true, true) => ConsensusMode::Conflicting,
            (false, false) => ConsensusMode::Unknown,
        }
    }
}

/// Databases whose rows make an edge small-scale.
///
/// TFLink flags an interaction `Small-scale.evidence: Yes` when a
/// literature-curated, low-throughput database reports it. In TFLink's own
/// downloads every row citing TRRUST, TRED or DoRothEA is `Yes`, and rows
/// backed only by GTRD, ReMap (ChIP-seq), HTRI, ORegAnno or PAZAR are `No`.
/// Locus applies the same database set to the rows it imports directly,
/// after stripping TFLink's `_via_DoRothEA` suffix (so DoRothEA's copy of
/// TRRUST counts, its KEGG table does not).
pub const SMALL_SCALE_DATABASES: &[&str] = &["TRRUST", "TRED", "DoRothEA"];

/// Whether one evidence row makes its edge small-scale (see
/// [`TfTargetEdge::small_scale`] for the whole rule).
pub fn row_is_small_scale(databases: &[String], source_flag: Option<bool>) -> bool {
    match source_flag {
        // The source judged it itself (TFLink): trust that judgement.
        Some(flag) => flag,
        None => databases.iter().any(|db| {
            let db = db.strip_suffix("_via_DoRothEA").unwrap_or(db);
            SMALL_SCALE_DATABASES.contains(&db)
        }),
    }
}

/// One evidence row of a merged edge, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegulationRow {
    /// The import kind the row came from (`trrust`, `tflink`, …).
    pub resource: SourceKind,
    pub import_id: i64,
    pub databases: Vec<String>,
    pub methods: Vec<String>,
    pub pmids: Vec<u32>,
    pub mode: Option<RegulationMode>,
    pub weight: Option<f64>,
    pub small_scale: Option<bool>,
}

impl RegulationRow {
    /// The sign this row votes for, if it states one: its mode, else the
    /// sign of its weight.
    pub fn vote(&self) -> Option<RegulationMode> {
        match self.mode {
            Some(RegulationMode::Unknown) => None,
            Some(m) => Some(m),
            None => match self.weight {
                Some(w) if w > 0.0 => Some(RegulationMode::Activation),
                Some(w) if w < 0.0 => Some(RegulationMode::Repression),
                _ => None,
            },
        }
    }
}

/// One transcription factor → target edge with the summary of all its
/// evidence rows: one per (TF gene, target gene, organism).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TfTargetEdge {
    pub tf: GeneId,
    pub target: GeneId,
    pub tax_id: TaxId,
    /// Union of the rows' databases, sorted.
    pub sources: Vec<String>,
    /// Union of the rows' detection methods, sorted.
    pub methods: Vec<String>,
    /// Union of the rows' PubMed ids, ascending.
    pub pmids: Vec<u32>,
    /// True when any row is small-scale: a row whose source flags it so
    /// (TFLink `Yes`), or, for sources without a flag, a row from one of
    /// [`SMALL_SCALE_DATABASES`].
    pub small_scale: bool,
    pub mode: ConsensusMode,
    /// Rows stating activation / repression (see [`RegulationRow::vote`]).
    pub activation_rows: u32,
    pub repression_rows: u32,
    pub evidence_rows: u32,
}

impl TfTargetEdge {
    /// Merges the evidence rows of one (TF, target, organism).
    pub fn merge(tf: GeneId, target: GeneId, tax_id: TaxId, rows: &[RegulationRow]) -> Self {
        let mut sources = std::collections::BTreeSet::new();
        let mut methods = std::collections::BTreeSet::new();
        let mut pmids = std::collections::BTreeSet::new();
        let (mut act, mut rep) = (0u32, 0u32);
        let mut small_scale = false;
        for r in rows {
            sources.extend(r.databases.iter().cloned());
            methods.extend(r.methods.iter().cloned());
            pmids.extend(r.pmids.iter().copied());
            small_scale |= row_is_small_scale(&r.databases, r.small_scale);
            match r.vote() {
                Some(RegulationMode::Activation) => act += 1,
                Some(RegulationMode::Repression) => rep += 1,
                _ => {}
            }
        }
        TfTargetEdge {
            tf,
            target,
            tax_id,
            sources: sources.into_iter().collect(),
            methods: methods.into_iter().collect(),
            pmids: pmids.into_iter().collect(),
            small_scale,
            mode: ConsensusMode::from_votes(act, rep),
            activation_rows: act,
            repression_rows: rep,
            evidence_rows: rows.len() as u32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        resource: SourceKind,
        dbs: &[&str],
        pmids: &[u32],
        mode: Option<RegulationMode>,
        weight: Option<f64>,
    ) -> RegulationRow {
        RegulationRow {
            resource,
            import_id: 1,
            databases: dbs.iter().map(|s| s.to_string()).collect(),
            methods: vec![],
            pmids: pmids.to_vec(),
            mode,
            weight,
            small_scale: None,
        }
    }

    /// BACH1 → HMOX1 as TRRUST v2 and CollecTRI publish it: TRRUST has a
    /// Repression row (3 PMIDs) and an Activation row (1 PMID); CollecTRI
    /// gives weight -1.
    #[test]
    fn bach1_hmox1_is_conflicting() {
        let rows = [
            row(
                SourceKind::Trrust,
                &["TRRUST"],
                &[17942419],
                Some(RegulationMode::Activation),
                None,
            ),
            row(
                SourceKind::Trrust,
                &["TRRUST"],
                &[17409198, 18550526, 21982894],
                Some(RegulationMode::Repression),
                None,
            ),
            row(SourceKind::Collectri, &["CollecTRI"], &[], None, Some(-1.0)),
        ];
        let e = TfTargetEdge::merge(571, 3162, 9606, &rows);
        assert_eq!(e.mode, ConsensusMode::Conflicting);
        assert_eq!(
            (e.activation_rows, e.repression_rows, e.evidence_rows),
            (1, 2, 3)
        );
        assert_eq!(e.pmids, [17409198, 17942419, 18550526, 21982894]);
        assert_eq!(e.sources, ["CollecTRI", "TRRUST"]);
        assert!(e.small_scale, "TRRUST rows are small-scale");
    }

    #[test]
    fn unknown_rows_do_not_vote() {
        let rows = [
            row(
                SourceKind::Trrust,
                &["TRRUST"],
                &[1],
                Some(RegulationMode::Unknown),
                None,
            ),
            row(SourceKind::Collectri, &["CollecTRI"], &[], None, Some(1.0)),
        ];
        assert_eq!(
            TfTargetEdge::merge(1, 2, 9606, &rows).mode,
            ConsensusMode::Activation
        );
        let rows = [row(
            SourceKind::Trrust,
            &["TRRUST"],
            &[1],
            Some(RegulationMode::Unknown),
            None,
        )];
        assert_eq!(
            TfTargetEdge::merge(1, 2, 9606, &rows).mode,
            ConsensusMode::Unknown
        );
    }

    #[test]
    fn small_scale_follows_tflink() {
        // TFLink's own flag wins for its rows, whatever databases they cite.
        assert!(!row_is_small_scale(
            &["GTRD".into(), "ORegAnno".into()],
            Some(false)
        ));
        assert!(row_is_small_scale(&["GTRD".into()], Some(true)));
        // Without a flag: TRRUST, TRED and DoRothEA count, ChIP-seq and KEGG do not.
        assert!(row_is_small_scale(&["TRED_via_DoRothEA".into()], None));
        assert!(!row_is_small_scale(&["KEGG_via_DoRothEA".into()], None));
        assert!(!row_is_small_scale(&["CollecTRI".into()], None));
        assert!(!row_is_small_scale(&["RegNetwork".into()], None));
    }
}

/// The kinds of gene–gene edge in the knowledge graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum KgEdgeKind {
    /// A transcription factor regulates a target (directed).
    Regulation,
    /// A STRING protein–protein association (undirected).
    Interaction,
    /// Orthologous genes of two species (undirected).
    Orthology,
}

impl KgEdgeKind {
    pub const ALL: [KgEdgeKind; 3] = [
        KgEdgeKind::Regulation,
        KgEdgeKind::Interaction,
        KgEdgeKind::Orthology,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            KgEdgeKind::Regulation => "regulation",
            KgEdgeKind::Interaction => "interaction",
            KgEdgeKind::Orthology => "orthology",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The Biolink predicate of this kind of edge (KGX export).
    pub fn biolink_predicate(self) -> &'static str {
        match self {
            KgEdgeKind::Regulation => "biolink:regulates",
            KgEdgeKind::Interaction => "biolink:interacts_with",
            KgEdgeKind::Orthology => "biolink:orthologous_to",
        }
    }
}

/// One edge of the knowledge graph, as the in-memory graph is built from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KgEdge {
    /// For regulation, the TF.
    pub from: GeneId,
    /// For regulation, the target.
    pub to: GeneId,
    pub kind: KgEdgeKind,
    /// Source databases (regulation), `STRING` or the ortholog source.
    pub sources: Vec<String>,
    /// How strongly the edge is supported, for ranking neighbours:
    /// regulation = sources × 1000 + PubMed ids; interaction = STRING
    /// combined score; orthology = 1000 for high confidence.
    pub strength: u32,
}
