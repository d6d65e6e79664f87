//! What changed for each gene when an import replaces an earlier one:
//! the backend sums up each import's facts per gene ([`GeneDigest`]),
//! before the old import's facts are deleted and after the new one's are
//! written, and [`diff`] turns the two into [`GeneChange`]s. Written once
//! here so both backends record the same changes.

use std::collections::{BTreeMap, BTreeSet};

use locus_model::{ChangeField, ChangeKind, GeneChange, GeneId, ImportId};

/// What one import says of one gene, in the terms changes are recorded in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GeneDigest {
    /// The import's record of the gene: symbol, name, map location.
    pub record: Option<RecordDigest>,
    /// Its synonyms.
    pub aliases: BTreeSet<String>,
    /// PubMed links.
    pub pubmed_links: u64,
    /// GeneRIFs.
    pub generifs: u64,
    /// GO annotations.
    pub go_annotations: u64,
    /// Regulation rows naming it as TF or as target.
    pub regulation: u64,
    /// The source databases those rows cite (TRRUST, GTRD, …).
    pub regulation_sources: BTreeSet<String>,
    /// Differential-expression and expression-call rows.
    pub expression: u64,
}

impl GeneDigest {
    /// The count a counted field keeps (`None` for the record's fields
    /// and the aliases).
    pub fn count_mut(&mut self, field: ChangeField) -> Option<&mut u64> {
        match field {
            ChangeField::PubmedLinks => Some(&mut self.pubmed_links),
            ChangeField::Generifs => Some(&mut self.generifs),
            ChangeField::GoAnnotations => Some(&mut self.go_annotations),
            ChangeField::Regulation => Some(&mut self.regulation),
            ChangeField::Expression => Some(&mut self.expression),
            ChangeField::Record
            | ChangeField::Symbol
            | ChangeField::Name
            | ChangeField::MapLocation
            | ChangeField::Aliases
            | ChangeField::RegulationSources => None,
        }
    }
}

/// The nomenclature part of a gene record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordDigest {
    /// Official symbol.
    pub symbol: String,
    /// Full name.
    pub name: Option<String>,
    /// Cytogenetic location.
    pub map_location: Option<String>,
}

/// The changes from `old` (what import `replaced` said) to `new` (what
/// import `import_id` says), gene by gene in GeneID order.
pub fn diff(
    old: &BTreeMap<GeneId, GeneDigest>,
    new: &BTreeMap<GeneId, GeneDigest>,
    import_id: ImportId,
    replaced: ImportId,
) -> Vec<GeneChange> {
    let empty = GeneDigest::default();
    let genes: BTreeSet<GeneId> = old.keys().chain(new.keys()).copied().collect();
    let mut out = Vec::new();
    for gene_id in genes {
        let (a, b) = (
            old.get(&gene_id).unwrap_or(&empty),
            new.get(&gene_id).unwrap_or(&empty),
        );
        let mut push = |field, before: Option<String>, after: Option<String>| {
            let change = match (&before, &after) {
                (None, Some(_)) => ChangeKind::Added,
                (Some(_), None) => ChangeKind::Removed,
                _ => ChangeKind::Changed,
            };
            out.push(GeneChange {
                gene_id,
                import_id,
                replaced,
                field,
                change,
                before,
                after,
            });
        };
        match (&a.record, &b.record) {
            (None, Some(r)) => push(ChangeField::Record, None, Some(r.symbol.clone())),
            (Some(r), None) => push(ChangeField::Record, Some(r.symbol.clone()), None),
            (Some(x), Some(y)) => {
                if x.symbol != y.symbol {
                    push(
                        ChangeField::Symbol,
                        Some(x.symbol.clone()),
                        Some(y.symbol.clone()),
                    );
                }
                if x.name != y.name {
                    push(ChangeField::Name, x.name.clone(), y.name.clone());
                }
                if x.map_location != y.map_location {
                    push(
                        ChangeField::MapLocation,
                        x.map_location.clone(),
                        y.map_location.clone(),
                    );
                }
            }
            (None, None) => {}
        }
        let join = |s: &BTreeSet<String>| {
            (!s.is_empty()).then(|| s.iter().cloned().collect::<Vec<_>>().join("|"))
        };
        if a.aliases != b.aliases {
            push(ChangeField::Aliases, join(&a.aliases), join(&b.aliases));
        }
        for (field, x, y) in [
            (ChangeField::PubmedLinks, a.pubmed_links, b.pubmed_links),
            (ChangeField::Generifs, a.generifs, b.generifs),
            (
                ChangeField::GoAnnotations,
                a.go_annotations,
                b.go_annotations,
            ),
            (ChangeField::Regulation, a.regulation, b.regulation),
            (ChangeField::Expression, a.expression, b.expression),
        ] {
            if x != y {
                let count = |n: u64| (n > 0).then(|| n.to_string());
                push(field, count(x), count(y));
            }
        }
        if a.regulation_sources != b.regulation_sources {
            push(
                ChangeField::RegulationSources,
                join(&a.regulation_sources),
                join(&b.regulation_sources),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(symbol: &str, map: &str) -> Option<RecordDigest> {
        Some(RecordDigest {
            symbol: symbol.into(),
            name: None,
            map_location: Some(map.into()),
        })
    }

    /// A rename, a moved locus, new synonyms, more PubMed links, a gene
    /// withdrawn and one added: each one change, nothing for what stayed.
    #[test]
    fn changes_are_recorded_field_by_field() {
        let old = BTreeMap::from([
            (
                GeneId(1),
                GeneDigest {
                    record: record("OLD1", "1p1"),
                    aliases: ["A".to_string()].into(),
                    pubmed_links: 3,
                    ..GeneDigest::default()
                },
            ),
            (
                GeneId(2),
                GeneDigest {
                    record: record("GONE", "2q"),
                    ..GeneDigest::default()
                },
            ),
            (
                GeneId(4),
                GeneDigest {
                    record: record("SAME", "4q"),
                    ..GeneDigest::default()
                },
            ),
        ]);
        let new = BTreeMap::from([
            (
                GeneId(1),
                GeneDigest {
                    record: record("NEW1", "1p2"),
                    aliases: ["A".to_string(), "B".to_string()].into(),
                    pubmed_links: 5,
                    regulation: 2,
                    regulation_sources: ["TRRUST".to_string()].into(),
                    ..GeneDigest::default()
                },
            ),
            (
                GeneId(3),
                GeneDigest {
                    record: record("ADDED", "3q"),
                    ..GeneDigest::default()
                },
            ),
            (
                GeneId(4),
                GeneDigest {
                    record: record("SAME", "4q"),
                    ..GeneDigest::default()
                },
            ),
        ]);
        let changes = diff(&old, &new, ImportId(9), ImportId(2));
        let short: Vec<_> = changes
            .iter()
            .map(|c| {
                (
                    c.gene_id.0,
                    c.field,
                    c.change,
                    c.before.as_deref(),
                    c.after.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            short,
            [
                (
                    1,
                    ChangeField::Symbol,
                    ChangeKind::Changed,
                    Some("OLD1"),
                    Some("NEW1")
                ),
                (
                    1,
                    ChangeField::MapLocation,
                    ChangeKind::Changed,
                    Some("1p1"),
                    Some("1p2")
                ),
                (
                    1,
                    ChangeField::Aliases,
                    ChangeKind::Changed,
                    Some("A"),
                    Some("A|B")
                ),
                (
                    1,
                    ChangeField::PubmedLinks,
                    ChangeKind::Changed,
                    Some("3"),
                    Some("5")
                ),
                (
                    1,
                    ChangeField::Regulation,
                    ChangeKind::Added,
                    None,
                    Some("2")
                ),
                (
                    1,
                    ChangeField::RegulationSources,
                    ChangeKind::Added,
                    None,
                    Some("TRRUST")
                ),
                (
                    2,
                    ChangeField::Record,
                    ChangeKind::Removed,
                    Some("GONE"),
                    None
                ),
                (
                    3,
                    ChangeField::Record,
                    ChangeKind::Added,
                    None,
                    Some("ADDED")
                ),
            ]
        );
        assert!(changes
            .iter()
            .all(|c| c.import_id == ImportId(9) && c.replaced == ImportId(2)));
    }
}

/// A gene's change with the releases it lies between, as its page and
/// API list it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeneChangeRow {
    /// The change.
    #[serde(flatten)]
    pub change: GeneChange,
    /// The source file of the new release.
    pub file_name: String,
    /// The new release, as its file states it.
    pub release: Option<String>,
    /// The release it replaced.
    pub replaced_release: Option<String>,
    /// When the new release was imported (RFC 3339).
    pub imported_at: Option<String>,
}

/// How many genes changed in one way, in one import.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeCount {
    /// What changed.
    pub field: locus_model::ChangeField,
    /// How.
    pub change: locus_model::ChangeKind,
    /// Genes.
    pub genes: u64,
}

/// What one import changed: counts by field and kind, and the changes
/// themselves (the first ones, by GeneID).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportChanges {
    /// The import.
    pub import_id: ImportId,
    /// Genes the new release has and the old one had not.
    pub genes_added: u64,
    /// Genes the old release had and the new one has not (withdrawn, or
    /// merged into another: NCBI's gene_history says which).
    pub genes_removed: u64,
    /// Genes with a new official symbol.
    pub genes_renamed: u64,
    /// Genes changed, by field and kind.
    pub counts: Vec<ChangeCount>,
    /// The changes, by GeneID, at most the `limit` asked for.
    pub changes: Vec<GeneChange>,
}

impl ImportChanges {
    /// The summary of `counts`, with `changes` listed.
    pub fn new(import_id: ImportId, counts: Vec<ChangeCount>, changes: Vec<GeneChange>) -> Self {
        let count = |field, change| {
            counts
                .iter()
                .filter(|c| c.field == field && c.change == change)
                .map(|c| c.genes)
                .sum()
        };
        ImportChanges {
            import_id,
            genes_added: count(ChangeField::Record, ChangeKind::Added),
            genes_removed: count(ChangeField::Record, ChangeKind::Removed),
            genes_renamed: count(ChangeField::Symbol, ChangeKind::Changed),
            counts,
            changes,
        }
    }
}
