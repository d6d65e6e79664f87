//! Target development level, as Pharos (TCRD) classes human proteins:
//! Tclin (approved drugs with a known mechanism), Tchem (potent small
//! molecules in ChEMBL), Tbio (studied: a fractional PubMed score of 5 or
//! more, more than 3 GeneRIFs, more than 50 antibodies, a GO annotation
//! with experimental evidence, or a confirmed OMIM phenotype) and Tdark
//! (none of these).
//!
//! Locus decides between Tbio and Tdark from what is imported and says
//! which criteria it could check. Tclin and Tchem need drug and
//! bioactivity data (DrugCentral, ChEMBL) and the antibody criterion
//! Antibodypedia's counts, none of which Locus imports: a Tbio gene may
//! be Tchem or Tclin in Pharos, and a gene Locus finds Tdark may have
//! enough antibodies to be Tbio. The page and the API state both.

use locus_model::{GoAnnotation, GoAspect, SourceKind, TaxId};
use serde::Serialize;

use super::GeneDocument;

/// The four levels, most developed first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DevelopmentLevel {
    /// Approved drugs with a known mechanism of action.
    Tclin,
    /// Small molecules with potent activity (ChEMBL).
    Tchem,
    /// Studied: literature, GeneRIFs, experimental GO, OMIM phenotypes.
    Tbio,
    /// Little is known.
    Tdark,
}

/// One of Pharos' criteria, checked on the imported data.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Criterion {
    /// What Pharos counts (`fractional PubMed score < 5`).
    pub rule: &'static str,
    /// A "dark point" (counts towards Tdark) or a Tbio criterion (an
    /// experimental GO term or an OMIM phenotype, which make a gene Tbio
    /// whatever its dark points).
    pub kind: CriterionKind,
    /// Whether the gene meets it; `None` when the data to tell are not
    /// imported (antibody counts).
    pub met: Option<bool>,
    /// What the data show (`92.06`, `41 GeneRIFs`, `GO:0006281 IMP`).
    pub value: String,
}

/// What a criterion does to the level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CriterionKind {
    /// Two or more dark points make a gene Tdark.
    DarkPoint,
    /// Makes a gene Tbio whatever its dark points.
    Tbio,
}

/// A gene's development level as far as the imported data decide it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TargetDevelopment {
    /// The level, when the imported data decide it: Tbio or Tdark (Locus
    /// never decides Tchem or Tclin; see `not_assessed`). `None` when it
    /// turns on data Locus does not have.
    pub level: Option<DevelopmentLevel>,
    /// The levels the gene can have given what is imported: one when
    /// `level` is decided, else the ones the missing data choose between.
    pub possible: Vec<DevelopmentLevel>,
    /// Pharos' criteria as checked here.
    pub criteria: Vec<Criterion>,
    /// What Locus could not check, and what that means for the level.
    pub not_assessed: Vec<&'static str>,
}

/// Experimental GO evidence codes (GO's EXP branch, with high-throughput).
const EXPERIMENTAL: [&str; 11] = [
    "EXP", "IDA", "IPI", "IMP", "IGI", "IEP", "HTP", "HDA", "HMP", "HGI", "HEP",
];

/// A gene's experimental molecular-function and biological-process
/// annotations (not negated), by where their term sits in the imported
/// GO: Pharos counts a leaf term only. Where no imported ontology places
/// the term, whether it is a leaf is unknown: it counts, and the page says
/// the leaf was not checked.
#[derive(Debug, Clone, Copy)]
struct ExperimentalGo<'a> {
    leaf: Option<&'a GoAnnotation>,
    unplaced: Option<&'a GoAnnotation>,
    inner: Option<&'a GoAnnotation>,
}

impl<'a> ExperimentalGo<'a> {
    fn of(annotations: &'a [GoAnnotation]) -> Self {
        let experimental = || {
            annotations.iter().filter(|a| {
                a.aspect != GoAspect::CellularComponent
                    && EXPERIMENTAL.contains(&a.evidence.as_str())
                    && !a.qualifier.as_deref().is_some_and(|q| q.starts_with("NOT"))
            })
        };
        ExperimentalGo {
            leaf: experimental().find(|a| a.leaf == Some(true)),
            unplaced: experimental().find(|a| a.leaf.is_none()),
            inner: experimental().find(|a| a.leaf == Some(false)),
        }
    }

    /// The annotation that meets the Tbio criterion, if one does.
    fn counts(&self) -> Option<&'a GoAnnotation> {
        self.leaf.or(self.unplaced)
    }
}

/// Pharos' rule on what is known: two or more dark points (fractional
/// PubMed score < 5, GeneRIFs ≤ 3, antibodies ≤ 50) make Tdark unless an
/// experimental GO term or an OMIM phenotype makes it Tbio; fewer make
/// Tbio. The antibody point is never known here, so one known dark point
/// leaves the level open between Tbio and Tdark.
fn decide(
    known_dark_points: u8,
    tbio_criterion: bool,
) -> (Option<DevelopmentLevel>, Vec<DevelopmentLevel>) {
    use DevelopmentLevel::{Tbio, Tdark};
    match (tbio_criterion, known_dark_points) {
        (true, _) | (false, 0) => (Some(Tbio), vec![Tbio]),
        (false, 1) => (None, vec![Tbio, Tdark]),
        (false, _) => (Some(Tdark), vec![Tdark]),
    }
}

/// The development level of a human protein-coding gene; `None` for
/// other genes, which Pharos does not class.
pub fn development_level(doc: &GeneDocument) -> Option<TargetDevelopment> {
    let g = &doc.gene;
    if g.tax_id != TaxId::HUMAN || g.gene_type.as_deref() != Some("protein-coding") {
        return None;
    }
    let score = g.stats.pubmed_score;
    let rifs = g.stats.generif_count;
    let go = ExperimentalGo::of(&doc.go_annotations);
    // A confirmed OMIM phenotype: mim2gene_medgen's phenotype link with no
    // OMIM qualifier (`question`, `susceptibility`, `somatic`, …), or HPO's
    // Mendelian association with an OMIM disease.
    let omim = doc.diseases.iter().find(|d| {
        d.disease.id.ontology == locus_model::Ontology::Omim
            && match d.source_kind {
                SourceKind::Mim2geneMedgen => d.status.is_none(),
                SourceKind::Hpo => d.association == "MENDELIAN",
                _ => false,
            }
    });
    let criteria = vec![
        Criterion {
            rule: "fractional PubMed score < 5 (Locus's, from the imported gene–PubMed links; Pharos uses JensenLab text mining)",
            kind: CriterionKind::DarkPoint,
            met: Some(score < 5.0),
            value: format!("{score:.2}"),
        },
        Criterion {
            rule: "3 GeneRIFs or fewer",
            kind: CriterionKind::DarkPoint,
            met: Some(rifs <= 3),
            value: format!("{rifs} GeneRIFs"),
        },
        Criterion {
            rule: "50 antibodies or fewer (Antibodypedia)",
            kind: CriterionKind::DarkPoint,
            met: None,
            value: "not imported".into(),
        },
        Criterion {
            rule: "an experimental GO annotation to a leaf term (molecular function or biological process)",
            kind: CriterionKind::Tbio,
            met: Some(go.counts().is_some()),
            value: match (go.leaf, go.unplaced, go.inner) {
                (Some(a), _, _) => format!("{} {} (a leaf)", a.go_id, a.evidence),
                (None, Some(a), _) => format!("{} {}", a.go_id, a.evidence),
                (None, None, Some(a)) => format!(
                    "only inner terms, e.g. {} {} (has more specific terms)",
                    a.go_id, a.evidence
                ),
                (None, None, None) => "none imported".into(),
            },
        },
        Criterion {
            rule: "a confirmed OMIM phenotype",
            kind: CriterionKind::Tbio,
            met: Some(omim.is_some()),
            value: omim
                .map(|d| match &d.disease.name {
                    Some(n) => format!("{} {n}", d.disease.id),
                    None => d.disease.id.to_string(),
                })
                .unwrap_or_else(|| "none imported".into()),
        },
    ];
    let dark = criteria
        .iter()
        .filter(|c| c.kind == CriterionKind::DarkPoint && c.met == Some(true))
        .count() as u8;
    let (level, possible) = decide(dark, go.counts().is_some() || omim.is_some());
    let mut not_assessed = vec![
        "Tclin and Tchem: approved drugs (DrugCentral) and small-molecule activities (ChEMBL) are not imported, so a gene shown as Tbio may be Tchem or Tclin in Pharos",
    ];
    if level.is_none() {
        not_assessed.push(
            "the antibody count (Antibodypedia, not imported) decides between Tbio and Tdark: more than 50 antibodies make Tbio",
        );
    }
    if go.leaf.is_none() && go.unplaced.is_some() {
        not_assessed.push(
            "whether the experimentally supported GO term is a leaf, as Pharos requires, is not checked: no ontology placing it (GO.db) is imported",
        );
    }
    if level != Some(DevelopmentLevel::Tbio)
        && g.stats.pubmed_count == 0
        && doc.go_annotations.is_empty()
    {
        not_assessed.push(
            "no PubMed link, GeneRIF or GO annotation of this gene is imported: Tdark here may only mean that this store lacks its literature",
        );
    }
    Some(TargetDevelopment {
        level,
        possible,
        criteria,
        not_assessed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use DevelopmentLevel::{Tbio, Tdark};

    #[test]
    fn each_branch_of_the_rule() {
        // No known dark point: at most the unknown antibody one, so Tbio.
        assert_eq!(decide(0, false), (Some(Tbio), vec![Tbio]));
        // One known: the antibodies decide.
        assert_eq!(decide(1, false), (None, vec![Tbio, Tdark]));
        // Two known: Tdark ...
        assert_eq!(decide(2, false), (Some(Tdark), vec![Tdark]));
        // ... unless an experimental GO term or an OMIM phenotype.
        assert_eq!(decide(2, true), (Some(Tbio), vec![Tbio]));
        assert_eq!(decide(1, true), (Some(Tbio), vec![Tbio]));
    }

    fn annotation(
        go_id: &str,
        aspect: GoAspect,
        evidence: &str,
        leaf: Option<bool>,
    ) -> GoAnnotation {
        GoAnnotation {
            gene_id: locus_model::GeneId(571),
            go_id: go_id.into(),
            aspect,
            evidence: evidence.into(),
            term: None,
            qualifier: None,
            references: Vec::new(),
            leaf,
        }
    }

    #[test]
    fn only_experimental_leaf_terms_of_function_and_process_count() {
        use GoAspect::*;
        // An inner term with experimental evidence does not count ...
        let inner = [annotation(
            "GO:0003677",
            MolecularFunction,
            "IDA",
            Some(false),
        )];
        let go = ExperimentalGo::of(&inner);
        assert!(go.counts().is_none());
        assert_eq!(go.inner.map(|a| a.go_id.as_str()), Some("GO:0003677"));
        // ... nor does a leaf with electronic evidence, a cellular
        // component or a NOT annotation ...
        let mut not = annotation("GO:0000978", MolecularFunction, "IDA", Some(true));
        not.qualifier = Some("NOT|enables".into());
        let others = [
            annotation("GO:0000978", MolecularFunction, "IEA", Some(true)),
            annotation("GO:0005634", CellularComponent, "IDA", Some(true)),
            not,
        ];
        assert!(ExperimentalGo::of(&others).counts().is_none());
        // ... a leaf does, before a term no ontology places.
        let both = [
            annotation("GO:0045944", BiologicalProcess, "IMP", None),
            annotation("GO:0000978", MolecularFunction, "IPI", Some(true)),
        ];
        let go = ExperimentalGo::of(&both);
        assert_eq!(go.counts().map(|a| a.go_id.as_str()), Some("GO:0000978"));
        // Unplaced alone counts (leafness unknown, said on the page).
        let go = ExperimentalGo::of(&both[..1]);
        assert_eq!(go.counts().map(|a| a.go_id.as_str()), Some("GO:0045944"));
        assert!(go.leaf.is_none());
    }
}
