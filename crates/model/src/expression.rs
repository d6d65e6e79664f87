//! [`DifferentialExpression`]: how much a gene's expression differs in a
//! disease or condition from reference samples, as a source reports it.

use serde::{Deserialize, Serialize};

use crate::{GeneRef, SourceKind};

/// One gene's change in one comparison (a disease against healthy
/// reference samples, one contrast of an experiment).
///
/// Values are kept as the source states them; a value the source marks
/// missing (`NA`) is `None`, never zero.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DifferentialExpression {
    /// The gene as the source names it (a GeneID, an Ensembl id, a
    /// symbol); the store resolves it as it does network rows.
    pub gene: GeneRef,
    /// 1-based line of the row in its file, for reporting a gene that
    /// does not resolve.
    pub line: u64,
    /// The disease or condition of the test samples, as the source names
    /// it (`osteosarcoma`).
    pub condition: String,
    /// What the condition is compared with, when the source says
    /// (Expression Atlas' reference group: `control`, `normal`).
    pub reference: Option<String>,
    /// The ontology term of the condition, when the source gives one
    /// (`http://www.ebi.ac.uk/efo/EFO_0000305`).
    pub condition_uri: Option<String>,
    /// The contrast's name within its experiment, when the source has
    /// one (Expression Atlas `'osteosarcoma' vs 'normal'`).
    pub contrast: Option<String>,
    /// The experiment (`E-GEOD-…`, `GDS507`), when the source names it.
    pub experiment: Option<String>,
    /// log2 of the fold change, test over reference.
    pub log2_fold_change: Option<f64>,
    /// The p-value the source gives for the change.
    pub p_value: Option<f64>,
    /// The p-value adjusted for testing every gene (Benjamini–Hochberg),
    /// when the source gives or Locus computes one.
    pub adjusted_p_value: Option<f64>,
}

/// How the values of expression rows from a source were obtained, as the
/// gene page and the API state it beside the rows.
pub fn expression_method(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::PharosExpression => {
            "As Pharos shows them: Expression Atlas disease-versus-normal results with \
             |log2 FC| > 1, with the p-value Pharos gives."
        }
        SourceKind::ExpressionAtlas => {
            "As the Expression Atlas publishes them: each contrast's log2 fold change and \
             Benjamini–Hochberg adjusted p-value from the Atlas' DESeq2 (RNA-seq) or limma \
             (microarray) analysis."
        }
        SourceKind::GeoGds => {
            "Computed by Locus from the GEO DataSet's values: log2-transformed (non-positive \
             and null values dropped), probes with the same identifier averaged per sample; \
             log2 fold change is the difference of the two disease-state groups' means, the \
             p-value a two-sided Welch t-test, adjusted by Benjamini–Hochberg over every gene \
             of the file."
        }
        _ => "As the source publishes them.",
    }
}

/// Whether a gene is expressed in an anatomical entity, as Bgee calls it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExpressionCall {
    /// Expression detected.
    Present,
    /// Expression looked for and not detected.
    Absent,
}

impl ExpressionCall {
    /// The word Bgee writes (`present`, `absent`).
    pub fn as_str(self) -> &'static str {
        match self {
            ExpressionCall::Present => "present",
            ExpressionCall::Absent => "absent",
        }
    }

    /// The inverse of [`ExpressionCall::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "present" => Some(ExpressionCall::Present),
            "absent" => Some(ExpressionCall::Absent),
            _ => None,
        }
    }
}

/// One Bgee call: is the gene expressed in this anatomical entity (at this
/// developmental stage, in this sex and strain where the file says), how
/// sure is Bgee, and how highly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnatomicalExpression {
    /// The gene as the file names it (Ensembl id and name).
    pub gene: GeneRef,
    /// 1-based line of the row, for reporting a gene that does not resolve.
    pub line: u64,
    /// UBERON or Cell Ontology id (`UBERON:0002107`, `CL:0000015`).
    pub anatomical_entity_id: String,
    /// Its name (`liver`).
    pub anatomical_entity_name: String,
    /// Developmental stage id (`HsapDv:0000240`), in Bgee's advanced files.
    pub developmental_stage_id: Option<String>,
    /// Its name (`sixth decade stage (human)`).
    pub developmental_stage_name: Option<String>,
    /// `male`, `female`, `any`, in the advanced files.
    pub sex: Option<String>,
    /// Strain or ethnicity (`wild-type`, `White`), in the advanced files.
    pub strain: Option<String>,
    /// Present or absent.
    pub call: ExpressionCall,
    /// Bgee's call quality (`gold quality`, `silver quality`).
    pub quality: String,
    /// The call's FDR, as published.
    pub fdr: Option<f64>,
    /// Bgee's expression score (0–100, higher is more expressed).
    pub score: Option<f64>,
    /// Bgee's expression rank (lower is more expressed).
    pub rank: Option<f64>,
}
