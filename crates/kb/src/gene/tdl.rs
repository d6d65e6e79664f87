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

use locus_model::{GoAspect, SourceKind, TaxId};
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

/// One criterion of Tbio, checked on the imported data.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Criterion {
    /// What Pharos asks (`fractional PubMed score ≥ 5`).
    pub rule: &'static str,
    /// Whether the gene meets it on the imported data.
    pub met: bool,
    /// What the data show (`46.72`, `41 GeneRIFs`, `GO:0003677 IDA`).
    pub value: String,
}

/// A gene's development level as far as the imported data show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TargetDevelopment {
    /// Tbio or Tdark (Locus cannot show Tchem or Tclin; see `not_assessed`).
    pub level: DevelopmentLevel,
    /// The Tbio criteria Locus checked, met or not.
    pub criteria: Vec<Criterion>,
    /// What Locus could not check, and what that means for the level.
    pub not_assessed: Vec<&'static str>,
}

/// Experimental GO evidence codes (GO's EXP branch, with high-throughput).
const EXPERIMENTAL: [&str; 11] = [
    "EXP", "IDA", "IPI", "IMP", "IGI", "IEP", "HTP", "HDA", "HMP", "HGI", "HEP",
];

/// The development level of a human protein-coding gene; `None` for
/// other genes, which Pharos does not class.
pub fn development_level(doc: &GeneDocument) -> Option<TargetDevelopment> {
    let g = &doc.gene;
    if g.tax_id != TaxId::HUMAN || g.gene_type.as_deref() != Some("protein-coding") {
        return None;
    }
    let score = g.stats.pubmed_score;
    let rifs = g.stats.generif_count;
    let go = doc.go_annotations.iter().find(|a| {
        a.aspect != GoAspect::CellularComponent
            && EXPERIMENTAL.contains(&a.evidence.as_str())
            && !a.qualifier.as_deref().is_some_and(|q| q.starts_with("NOT"))
    });
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
            rule: "fractional PubMed score ≥ 5 (Locus's, from the imported gene–PubMed links; Pharos uses JensenLab text mining)",
            met: score >= 5.0,
            value: format!("{score:.2}"),
        },
        Criterion {
            rule: "more than 3 GeneRIFs",
            met: rifs > 3,
            value: format!("{rifs} GeneRIFs"),
        },
        Criterion {
            rule: "a molecular function or biological process GO annotation with experimental evidence",
            met: go.is_some(),
            value: go
                .map(|a| format!("{} {}", a.go_id, a.evidence))
                .unwrap_or_else(|| "none imported".into()),
        },
        Criterion {
            rule: "a confirmed OMIM phenotype",
            met: omim.is_some(),
            value: omim
                .map(|d| match &d.disease.name {
                    Some(n) => format!("{} {n}", d.disease.id),
                    None => d.disease.id.to_string(),
                })
                .unwrap_or_else(|| "none imported".into()),
        },
    ];
    let tbio = criteria.iter().any(|c| c.met);
    let mut not_assessed = vec![
        "Tclin and Tchem: approved drugs (DrugCentral) and small-molecule activities (ChEMBL) are not imported, so a gene shown as Tbio may be Tchem or Tclin in Pharos",
    ];
    if !tbio {
        not_assessed.push(
            "more than 50 antibodies (Antibodypedia) would make it Tbio; antibody counts are not imported",
        );
        if g.stats.pubmed_count == 0 && doc.go_annotations.is_empty() {
            not_assessed.push(
                "no PubMed link, GeneRIF or GO annotation of this gene is imported: Tdark here may only mean that this store lacks its literature",
            );
        }
    }
    if doc
        .go_annotations
        .iter()
        .any(|a| EXPERIMENTAL.contains(&a.evidence.as_str()))
    {
        not_assessed.push(
            "whether the experimentally supported GO term is a leaf of the ontology, as Pharos requires, is not checked",
        );
    }
    Some(TargetDevelopment {
        level: if tbio {
            DevelopmentLevel::Tbio
        } else {
            DevelopmentLevel::Tdark
        },
        criteria,
        not_assessed,
    })
}
