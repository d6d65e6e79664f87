//! Gene–gene relations: transcriptional regulation
//! ([`RegulationEvidence`], merged into [`TfTargetEdge`]), orthology
//! ([`OrthologPair`]) and protein interaction ([`ProteinInteraction`]), as
//! the network sources (TFLink, TRRUST, CollecTRI, DoRothEA, RegNetwork,
//! Ensembl BioMart, STRING) publish them.
//!
//! Importers cannot know which gene of the store a source means: they only
//! see what the file names (a GeneID, a UniProt accession, an Ensembl id, a
//! symbol). They hand that over as a [`GeneRef`]; the store resolves it
//! against the genes it holds, in a fixed order, and reports every
//! identifier it could not resolve.

use serde::{Deserialize, Serialize};

use crate::{EntityRef, GeneId, ImportId, Pmid, SourceKind, TaxId};

/// A gene as a source file names it, before resolution.
///
/// The store tries the identifiers in this order and stops at the first that
/// names exactly one gene of `tax_id`: `gene_ids`, `uniprot`, `ensembl`,
/// `symbol` (official symbol, then aliases). A source that lists two
/// GeneIDs for one protein (TFLink writes `100271849,4207`) gives both; the
/// store accepts them only if exactly one is a gene it holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct GeneRef {
    /// Organism the gene is looked up in: TFLink's `Organism` column,
    /// STRING's taxon prefix, the Ensembl id prefix (BioMart), or, for
    /// files that do not state it (TRRUST, CollecTRI, DoRothEA,
    /// RegNetwork), `--organism` or the file name.
    pub tax_id: TaxId,
    /// NCBI GeneIDs the source gives (TFLink `NCBI.GeneID.TF`, RegNetwork's
    /// GeneID columns); empty when it gives none (`-`, `NA`), two when
    /// TFLink lists two (`100271849,4207`).
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

    /// A gene named by its NCBI GeneID, as Pharos tables do.
    pub fn gene_id(tax_id: TaxId, gene_id: GeneId) -> Self {
        GeneRef {
            tax_id,
            gene_ids: vec![gene_id],
            ..GeneRef::default()
        }
    }

    /// A gene named by its Ensembl stable id, as Expression Atlas and
    /// Bgee do.
    pub fn ensembl(tax_id: TaxId, ensembl: &str) -> Self {
        GeneRef {
            tax_id,
            ensembl: Some(ensembl.to_string()),
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
    /// The TF increases the target's expression (TRRUST `Activation`,
    /// RegNetwork `-->`).
    Activation,
    /// The TF decreases the target's expression (TRRUST `Repression`,
    /// RegNetwork `--|`).
    Repression,
    /// The source names the relation but says it does not know its sign
    /// (TRRUST `Unknown`, RegNetwork `-/-`).
    Unknown,
}

impl RegulationMode {
    /// The name used in the store and in JSON (`activation`).
    pub fn as_str(self) -> &'static str {
        match self {
            RegulationMode::Activation => "activation",
            RegulationMode::Repression => "repression",
            RegulationMode::Unknown => "unknown",
        }
    }

    /// The inverse of [`RegulationMode::as_str`]; `None` for any other text.
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
    /// The transcription factor as the row names it: TFLink by UniProt
    /// accession, GeneIDs and `Name.TF`; RegNetwork by GeneID and symbol;
    /// TRRUST, CollecTRI and DoRothEA by symbol only.
    pub tf: GeneRef,
    /// The regulated gene as the row names it.
    pub target: GeneRef,
    /// The primary databases the row cites. TFLink lists the databases it
    /// integrated (`GTRD;ReMap;TRRUST`); TRRUST and CollecTRI name
    /// themselves; DoRothEA names its curated table with the integrator
    /// after `_via_` (`HTRI_via_DoRothEA`), RegNetwork `KEGG_via_RegNetwork`.
    pub databases: Vec<String>,
    /// Detection methods (`chromatin immunoprecipitation assay`), as
    /// written; only TFLink states them, so empty for the other sources.
    pub methods: Vec<String>,
    /// PubMed ids the row cites (TFLink `PubmedID`, TRRUST's fourth column,
    /// DoRothEA `pubmed_id`); words and other identifiers in those cells
    /// (`reviews`, `N/A`, `imex:…`) are left out, and the list may be empty.
    pub pmids: Vec<Pmid>,
    /// The sign as the source words it (TRRUST, RegNetwork). `None` when
    /// the source says nothing about the sign, or gives it as a number in
    /// `weight` instead (CollecTRI, DoRothEA).
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
    /// 1-based line of the row in the export, for reports.
    pub line: u64,
}

/// STRING's evidence channels for one protein pair, each 0–1000.
///
/// Each score is STRING's confidence (a probability) × 1000, as the
/// columns of `protein.links.detailed` give it; 0 means the channel has no
/// evidence for the pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StringScores {
    /// Gene neighbourhood channel (`neighborhood`): the genes lie close
    /// together in genomes, mostly informative for prokaryotes.
    pub neighborhood: u16,
    /// Gene fusion channel (`fusion`): the two genes are fused into one in
    /// some genome.
    pub fusion: u16,
    /// Phylogenetic co-occurrence channel (`cooccurence`, STRING's
    /// spelling): the genes are present or absent together across species.
    pub cooccurence: u16,
    /// Co-expression channel (`coexpression`): the genes' expression
    /// levels are correlated.
    pub coexpression: u16,
    /// Experiments channel (`experimental`): interaction assays imported
    /// from primary databases such as BioGRID and IntAct.
    pub experimental: u16,
    /// Curated databases channel (`database`): pathways and complexes
    /// from databases such as KEGG and Reactome.
    pub database: u16,
    /// Text-mining channel (`textmining`): the proteins are mentioned
    /// together in the literature.
    pub textmining: u16,
    /// STRING's overall confidence over all channels (`combined_score`;
    /// not the sum of the channels). STRING calls 400 medium and 700 high
    /// confidence.
    pub combined_score: u16,
}

/// One protein–protein association from STRING `protein.links.detailed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProteinInteraction {
    /// `protein1`: its Ensembl protein id (`ENSP…`, without STRING's
    /// taxon prefix) and the organism of that prefix.
    pub a: GeneRef,
    /// `protein2`, in the same form.
    pub b: GeneRef,
    /// The pair's channel scores and combined score.
    pub scores: StringScores,
    /// 1-based line of the row in the file, for reports.
    pub line: u64,
}

/// A transcription-factor binding site from TFLink `bindingSites_of_<UniProt>.tsv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BindingSite {
    /// TFLink's identifier of the site (`TFLinkLT00282200`).
    pub tflink_id: String,
    /// The transcription factor that binds the site (`UniprotID.TF`,
    /// `Name.TF`, `Organism`).
    pub tf: GeneRef,
    /// Detection methods (`Detection.method`, `,`-separated in the file),
    /// e.g. `chromatin immunoprecipitation assay`.
    pub methods: Vec<String>,
    /// PubMed ids the site is reported in (`PubmedID`).
    pub pmids: Vec<Pmid>,
    /// Databases TFLink took the site from (`Source.database`, e.g.
    /// `GTRD`, `ReMap`).
    pub databases: Vec<String>,
    /// TFLink's `Small-scale.evidence` flag (`Yes`/`No`); `None` only for
    /// a source without one.
    pub small_scale: Option<bool>,
    /// Genome assembly (`hg38`).
    pub assembly: String,
    /// Chromosome in UCSC style, as TFLink writes it (`chr1`, `chrY`).
    pub chromosome: String,
    /// Start coordinate on the chromosome (`Start`), as TFLink writes it;
    /// TFLink does not state whether it is 0- or 1-based.
    pub start: u64,
    /// End coordinate (`End`), at or after `start`, in the same
    /// unstated convention.
    pub end: u64,
    /// `+`, `-` or `.`.
    pub strand: String,
    /// 1-based line of the row in its file, for reports.
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
    /// The name used in the store and in JSON (`conflicting`).
    pub fn as_str(self) -> &'static str {
        match self {
            ConsensusMode::Activation => "activation",
            ConsensusMode::Repression => "repression",
            ConsensusMode::Conflicting => "conflicting",
            ConsensusMode::Unknown => "unknown",
        }
    }

    /// The inverse of [`ConsensusMode::as_str`]; `None` for any other text.
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
    /// The import that wrote the row, which names the file and release.
    pub import_id: ImportId,
    /// Primary databases the row cites (see [`RegulationEvidence::databases`]).
    pub databases: Vec<String>,
    /// Detection methods as the source writes them; empty when it states none.
    pub methods: Vec<String>,
    /// PubMed ids the row cites.
    pub pmids: Vec<Pmid>,
    /// The sign in words, when the source gives one (TRRUST, RegNetwork).
    pub mode: Option<RegulationMode>,
    /// The signed weight, when the source gives one (CollecTRI `weight`,
    /// DoRothEA `mor`): positive activates, negative represses.
    pub weight: Option<f64>,
    /// The source's own small-scale flag (TFLink `Yes`/`No`); `None` for
    /// sources without one.
    pub small_scale: Option<bool>,
    /// 1-based line of the row in the imported file, so a reader can find
    /// the statement in the source as published.
    pub line: u64,
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
    /// NCBI GeneID of the transcription factor.
    pub tf: GeneId,
    /// NCBI GeneID of the regulated gene (equal to `tf` when the TF
    /// regulates itself).
    pub target: GeneId,
    /// Organism of the two genes.
    pub tax_id: TaxId,
    /// Union of the rows' databases, sorted.
    pub sources: Vec<String>,
    /// Union of the rows' detection methods, sorted.
    pub methods: Vec<String>,
    /// Union of the rows' PubMed ids, ascending.
    pub pmids: Vec<Pmid>,
    /// True when any row is small-scale: a row whose source flags it so
    /// (TFLink `Yes`), or, for sources without a flag, a row from one of
    /// [`SMALL_SCALE_DATABASES`].
    pub small_scale: bool,
    /// The direction the rows agree on, or `conflicting` when rows say
    /// both (BACH1 → HMOX1 in TRRUST).
    pub mode: ConsensusMode,
    /// Rows stating activation (see [`RegulationRow::vote`]).
    pub activation_rows: u32,
    /// Rows stating repression (see [`RegulationRow::vote`]).
    pub repression_rows: u32,
    /// Every evidence row merged into the edge, including rows that state
    /// no sign.
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
            import_id: ImportId(1),
            databases: dbs.iter().map(|s| s.to_string()).collect(),
            methods: vec![],
            pmids: pmids.iter().copied().map(Pmid).collect(),
            mode,
            weight,
            small_scale: None,
            line: 1,
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
        let e = TfTargetEdge::merge(GeneId(571), GeneId(3162), TaxId::HUMAN, &rows);
        assert_eq!(e.mode, ConsensusMode::Conflicting);
        assert_eq!(
            (e.activation_rows, e.repression_rows, e.evidence_rows),
            (1, 2, 3)
        );
        assert_eq!(e.pmids, [17409198, 17942419, 18550526, 21982894].map(Pmid));
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
            TfTargetEdge::merge(GeneId(1), GeneId(2), TaxId::HUMAN, &rows).mode,
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
            TfTargetEdge::merge(GeneId(1), GeneId(2), TaxId::HUMAN, &rows).mode,
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

/// The kinds of edge in the knowledge graph: between two genes, or
/// between a gene and a disease, a phenotype or a GO term.
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
    /// A gene associated with a disease (HPO, MedGen, Orphanet).
    Disease,
    /// A gene associated with an HPO phenotype.
    Phenotype,
    /// A gene annotated to a GO term (any evidence; not `NOT`).
    GoAnnotation,
    /// Two genes named in one sentence of an imported text (Locus's
    /// tagger; undirected).
    CoMention,
    /// A gene and a disease or phenotype named in one sentence of an
    /// imported text.
    DiseaseCoMention,
    /// A gene and a chemical named in one sentence of an imported text.
    ChemicalCoMention,
}

impl KgEdgeKind {
    /// Every kind of edge.
    pub const ALL: [KgEdgeKind; 9] = [
        KgEdgeKind::Regulation,
        KgEdgeKind::Interaction,
        KgEdgeKind::Orthology,
        KgEdgeKind::Disease,
        KgEdgeKind::Phenotype,
        KgEdgeKind::GoAnnotation,
        KgEdgeKind::CoMention,
        KgEdgeKind::DiseaseCoMention,
        KgEdgeKind::ChemicalCoMention,
    ];

    /// The curated kinds that join two genes. Paths walk these unless
    /// asked for more: through a hub term such as GO's "protein binding"
    /// most genes are two hops apart, which says nothing, and text-mined
    /// co-mentions join genes a paper merely lists together.
    pub const GENE_GENE: [KgEdgeKind; 3] = [
        KgEdgeKind::Regulation,
        KgEdgeKind::Interaction,
        KgEdgeKind::Orthology,
    ];

    /// The name used in JSON and on the command line (`regulation`).
    pub fn as_str(self) -> &'static str {
        match self {
            KgEdgeKind::Regulation => "regulation",
            KgEdgeKind::Interaction => "interaction",
            KgEdgeKind::Orthology => "orthology",
            KgEdgeKind::Disease => "disease",
            KgEdgeKind::Phenotype => "phenotype",
            KgEdgeKind::GoAnnotation => "go_annotation",
            KgEdgeKind::CoMention => "co_mention",
            KgEdgeKind::DiseaseCoMention => "disease_co_mention",
            KgEdgeKind::ChemicalCoMention => "chemical_co_mention",
        }
    }

    /// The inverse of [`KgEdgeKind::as_str`]; `None` for any other text.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether the edge joins two genes (else a gene and a term).
    pub fn joins_genes(self) -> bool {
        Self::GENE_GENE.contains(&self) || self == KgEdgeKind::CoMention
    }

    /// Whether the edge has a direction (TF → target).
    pub fn directed(self) -> bool {
        self == KgEdgeKind::Regulation
    }

    /// The Biolink predicate of this kind of edge (KGX export).
    pub fn biolink_predicate(self) -> &'static str {
        match self {
            KgEdgeKind::Regulation => "biolink:regulates",
            KgEdgeKind::Interaction => "biolink:interacts_with",
            KgEdgeKind::Orthology => "biolink:orthologous_to",
            KgEdgeKind::Disease => "biolink:gene_associated_with_condition",
            KgEdgeKind::Phenotype => "biolink:has_phenotype",
            KgEdgeKind::GoAnnotation => "biolink:related_to",
            KgEdgeKind::CoMention
            | KgEdgeKind::DiseaseCoMention
            | KgEdgeKind::ChemicalCoMention => "biolink:occurs_together_in_literature_with",
        }
    }
}

/// One edge of the knowledge graph, as the in-memory graph is built from.
/// A gene–term edge runs from the gene to the term.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KgEdge {
    /// For regulation, the TF; for a gene–term edge, the gene.
    pub from: EntityRef,
    /// For regulation, the target; for a gene–term edge, the term.
    pub to: EntityRef,
    /// The kind of edge.
    pub kind: KgEdgeKind,
    /// Source databases (regulation), `STRING`, the ortholog source, or
    /// the databases stating a gene–term association.
    pub sources: Vec<String>,
    /// How strongly the edge is supported, for ranking neighbours:
    /// regulation = sources × 1000 + PubMed ids; interaction = STRING
    /// combined score; orthology = 1000 for high confidence; gene–term
    /// edges as [`KgEdge::association_strength`] and
    /// [`KgEdge::go_strength`] say.
    pub strength: u32,
}

impl KgEdge {
    /// The strength of a gene–disease or gene–phenotype edge, on the
    /// scale of regulation edges: 1000 per source stating it plus its
    /// support (capped at 999): a disease link's PubMed ids, the number of
    /// diseases a phenotype comes through.
    pub fn association_strength(sources: usize, support: usize) -> u32 {
        let sources = u32::try_from(sources).unwrap_or(u32::MAX).min(1000);
        let support = u32::try_from(support).unwrap_or(u32::MAX).min(999);
        sources * 1000 + support
    }

    /// The strength of a gene–GO term edge: 1000 when an experiment
    /// supports the annotation, else 300, plus its evidence codes.
    pub fn go_strength(experimental: bool, evidence_codes: usize) -> u32 {
        let codes = u32::try_from(evidence_codes).unwrap_or(u32::MAX).min(99);
        if experimental {
            1000 + codes
        } else {
            300 + codes
        }
    }
}
