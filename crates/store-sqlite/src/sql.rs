//! Where Locus's types meet SQLite's: typed ids and SQLite integers, JSON
//! list columns and vectors, stored row counts, evidence rows. Nothing
//! outside this backend converts ids to or from database values.

use std::collections::BTreeMap;

use locus_model::{
    FactTable, GeneId, ImportId, Pmid, RegulationMode, RegulationRow, SourceKind, TaxId,
};
use locus_store::StoreError;
use rusqlite::Row;

use crate::Result;

/// Typed ids from a result row. SQLite integers are signed 64-bit;
/// reading a negative GeneID (which Locus never writes) is an error, not
/// a wrapped number.
pub(crate) trait RowExt {
    fn gene_id(&self, i: usize) -> rusqlite::Result<GeneId>;
    fn tax_id(&self, i: usize) -> rusqlite::Result<TaxId>;
    fn pmid(&self, i: usize) -> rusqlite::Result<Pmid>;
    fn import_id(&self, i: usize) -> rusqlite::Result<ImportId>;
    /// A count (`count(*)`, a `u64` column).
    fn count(&self, i: usize) -> rusqlite::Result<u64>;
}

impl RowExt for Row<'_> {
    fn gene_id(&self, i: usize) -> rusqlite::Result<GeneId> {
        self.get(i).map(GeneId)
    }
    fn tax_id(&self, i: usize) -> rusqlite::Result<TaxId> {
        self.get(i).map(TaxId)
    }
    fn pmid(&self, i: usize) -> rusqlite::Result<Pmid> {
        self.get(i).map(Pmid)
    }
    fn import_id(&self, i: usize) -> rusqlite::Result<ImportId> {
        self.get(i).map(ImportId)
    }
    fn count(&self, i: usize) -> rusqlite::Result<u64> {
        self.get(i)
    }
}

/// A list column (`pmids`, `sources`, …), stored as a JSON array.
pub(crate) fn to_json<T: serde::Serialize + ?Sized>(
    v: &T,
    table: &'static str,
    column: &'static str,
) -> Result<String> {
    serde_json::to_string(v).map_err(|e| corrupt(table, column, e.to_string()))
}

/// Reads a JSON list column back.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(
    s: &str,
    table: &'static str,
    column: &'static str,
) -> Result<T> {
    serde_json::from_str(s).map_err(|e| corrupt(table, column, e.to_string()))
}

/// A stored value that does not read back as what Locus wrote.
pub(crate) fn corrupt(table: &'static str, column: &'static str, message: String) -> crate::Error {
    crate::Error::Store(StoreError::Corrupt {
        table,
        column,
        message,
    })
}

/// The SQLite table holding each fact table's rows (all with `import_id`).
/// Written out here rather than taken from `FactTable::as_str`: those are
/// the names reports and the API use, these the schema's; today they
/// agree, but a migration may rename a table without changing a report.
pub(crate) fn table(t: locus_model::FactTable) -> &'static str {
    use locus_model::FactTable as F;
    match t {
        F::Gene => "gene",
        F::GeneAlias => "gene_alias",
        F::GeneXref => "gene_xref",
        F::GenePubmed => "gene_pubmed",
        F::Generif => "generif",
        F::Publication => "publication",
        F::GoAnnotation => "go_annotation",
        F::GoTerm => "go_term",
        F::Protein => "protein",
        F::ProteinGene => "protein_gene",
        F::Regulation => "regulation",
        F::Ortholog => "ortholog",
        F::Interaction => "interaction",
        F::BindingSite => "binding_site",
        F::DifferentialExpression => "differential_expression",
        F::ExpressionCall => "expression_call",
        F::Term => "term",
        F::GeneDisease => "gene_disease",
        F::GenePhenotype => "gene_phenotype",
        F::DiseasePhenotype => "disease_phenotype",
        F::PubtatorDocument => "pubtator_document",
        F::PubtatorAnnotation => "pubtator_annotation",
    }
}

/// A row count or offset as SQLite's signed `LIMIT`/`OFFSET`: anything
/// beyond `i64::MAX` means "all".
pub(crate) fn sql_limit(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Reads a `regulation` row's evidence from column `at` on:
/// kind, import_id, databases, methods, pmids, mode, weight, small_scale, line.
pub(crate) fn regulation_row(r: &Row<'_>, at: usize) -> Result<RegulationRow> {
    let kind: String = r.get(at)?;
    let mode: Option<String> = r.get(at + 5)?;
    Ok(RegulationRow {
        resource: SourceKind::parse(&kind)
            .ok_or_else(|| corrupt("imports", "kind", format!("unknown kind {kind:?}")))?,
        import_id: r.import_id(at + 1)?,
        databases: from_json(&r.get::<_, String>(at + 2)?, "regulation", "databases")?,
        methods: from_json(&r.get::<_, String>(at + 3)?, "regulation", "methods")?,
        pmids: from_json(&r.get::<_, String>(at + 4)?, "regulation", "pmids")?,
        mode: match mode {
            None => None,
            Some(m) => Some(
                RegulationMode::parse(&m)
                    .ok_or_else(|| corrupt("regulation", "mode", format!("unknown mode {m:?}")))?,
            ),
        },
        weight: r.get(at + 6)?,
        small_scale: r.get(at + 7)?,
        line: r.get(at + 8)?,
    })
}

/// How an import's counts are kept in `imports.row_counts`.
#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct RowCounts<F, T> {
    pub facts: F,
    pub tallies: T,
}

/// Reads `imports.row_counts`. Stores written before the counts were
/// split kept one flat map; each key is then read as a fact table or a
/// tally by name.
pub(crate) fn read_counts(
    json: &str,
) -> Result<(BTreeMap<FactTable, u64>, BTreeMap<locus_model::Tally, u64>)> {
    if let Ok(c) = serde_json::from_str::<
        RowCounts<BTreeMap<FactTable, u64>, BTreeMap<locus_model::Tally, u64>>,
    >(json)
    {
        return Ok((c.facts, c.tallies));
    }
    let flat: BTreeMap<String, u64> = crate::sql::from_json(json, "imports", "row_counts")?;
    let (mut facts, mut tallies) = (BTreeMap::new(), BTreeMap::new());
    for (k, v) in flat {
        if let Some(t) = FactTable::parse(&k) {
            facts.insert(t, v);
        } else if let Some(t) = locus_model::Tally::parse(&k) {
            tallies.insert(t, v);
        } else if k != "unresolved" {
            return Err(corrupt(
                "imports",
                "row_counts",
                format!("unknown count {k:?}"),
            ));
        }
    }
    Ok((facts, tallies))
}

/// The words of a search as an FTS5 query: each word quoted (so no word
/// is read as FTS5 syntax), all required, the last a prefix as
/// [`locus_store::SearchWords`] decides.
pub(crate) fn fts_query(query: &str) -> Option<String> {
    let w = locus_store::SearchWords::of(query)?;
    let quoted: Vec<String> = w.words.iter().map(|w| format!("\"{w}\"")).collect();
    let mut q = quoted.join(" ");
    if w.last_is_prefix {
        q.push('*');
    }
    Some(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_words_cannot_inject_fts_syntax() {
        assert_eq!(
            fts_query("heme OR \"x\" NEAR(a b)").as_deref(),
            Some("\"heme\" \"x\" \"NEAR\" \"b\"")
        );
        assert_eq!(fts_query("  -- ()"), None);
        assert_eq!(fts_query("heme oxy").as_deref(), Some("\"heme\" \"oxy\"*"));
        assert_eq!(fts_query("heme ox").as_deref(), Some("\"heme\" \"ox\""));
        // Stopwords are left out; nothing but stopwords is no query.
        assert_eq!(fts_query("the heme").as_deref(), Some("\"heme\"*"));
        assert_eq!(fts_query("of the"), None);
    }
}
