//! Where Locus's types meet PostgreSQL's: typed ids and `BIGINT`s, `JSONB`
//! list columns and vectors, stored row counts, evidence rows, search
//! words. Nothing outside this backend converts ids to or from database
//! values, and no value read from the database is unwrapped: a value that
//! does not read back is a [`StoreError::Corrupt`].

use std::collections::BTreeMap;

use locus_model::{
    FactTable, GeneId, GeneSummary, ImportId, Pmid, RegulationMode, RegulationRow, SourceKind,
    TaxId,
};
use locus_store::StoreError;
use postgres::types::{FromSql, Json};
use postgres::Row;

use crate::Result;

/// Typed values from a result row, by column index. Every integer column
/// is `BIGINT`; a value that does not fit the type Locus keeps it in (a
/// negative GeneID, which Locus never writes) is an error, not a wrapped
/// number.
pub(crate) trait RowExt {
    /// Any column, as `FromSql` reads it.
    fn at<'a, T: FromSql<'a>>(&'a self, i: usize) -> Result<T>;
    /// A `BIGINT` column as the narrower integer Locus keeps it in (a
    /// score, an offset, a year).
    fn int<T: TryFrom<i64>>(&self, i: usize) -> Result<T>;
    /// A nullable `BIGINT` column as a narrower integer.
    fn int_opt<T: TryFrom<i64>>(&self, i: usize) -> Result<Option<T>>;
    fn gene_id(&self, i: usize) -> Result<GeneId> {
        self.int(i).map(GeneId)
    }
    fn tax_id(&self, i: usize) -> Result<TaxId> {
        self.int(i).map(TaxId)
    }
    fn pmid(&self, i: usize) -> Result<Pmid> {
        self.int(i).map(Pmid)
    }
    fn import_id(&self, i: usize) -> Result<ImportId> {
        self.at(i).map(ImportId)
    }
    /// A count (`count(*)`, a non-negative `BIGINT`).
    fn count(&self, i: usize) -> Result<u64> {
        self.int(i)
    }
    /// A `JSONB` column read as `T`.
    fn json<T: serde::de::DeserializeOwned>(&self, i: usize) -> Result<T>;
    /// A nullable `JSONB` column; SQL `NULL` and JSON `null` both read as
    /// `None`.
    fn json_opt<T: serde::de::DeserializeOwned>(&self, i: usize) -> Result<Option<T>>;
    /// A gene's summary from the [`GENE_COLS`] starting at column `at`.
    fn gene_summary(&self, at: usize) -> Result<GeneSummary> {
        Ok(GeneSummary {
            gene_id: self.gene_id(at)?,
            tax_id: self.tax_id(at + 1)?,
            symbol: self.at(at + 2)?,
            name: self.at(at + 3)?,
            gene_type: self.at(at + 4)?,
            map_location: self.at(at + 5)?,
        })
    }
}

/// The columns of `gene_best b` that [`RowExt::gene_summary`] reads.
pub(crate) const GENE_COLS: &str =
    "b.gene_id, b.tax_id, b.symbol, b.description, b.gene_type, b.map_location";

fn column_name(r: &Row, i: usize) -> String {
    r.columns()
        .get(i)
        .map_or_else(|| format!("#{i}"), |c| c.name().to_string())
}

fn out_of_range(r: &Row, i: usize, v: i64) -> crate::Error {
    corrupt(
        "result",
        "integer",
        format!("{} = {v} is out of range", column_name(r, i)),
    )
}

fn bad_json(r: &Row, i: usize, e: serde_json::Error) -> crate::Error {
    corrupt("result", "json", format!("{}: {e}", column_name(r, i)))
}

impl RowExt for Row {
    fn at<'a, T: FromSql<'a>>(&'a self, i: usize) -> Result<T> {
        Ok(self.try_get(i)?)
    }
    fn int<T: TryFrom<i64>>(&self, i: usize) -> Result<T> {
        let v: i64 = self.try_get(i)?;
        T::try_from(v).map_err(|_| out_of_range(self, i, v))
    }
    fn int_opt<T: TryFrom<i64>>(&self, i: usize) -> Result<Option<T>> {
        let v: Option<i64> = self.try_get(i)?;
        v.map(|v| T::try_from(v).map_err(|_| out_of_range(self, i, v)))
            .transpose()
    }
    fn json<T: serde::de::DeserializeOwned>(&self, i: usize) -> Result<T> {
        let v: Json<serde_json::Value> = self.try_get(i)?;
        serde_json::from_value(v.0).map_err(|e| bad_json(self, i, e))
    }
    fn json_opt<T: serde::de::DeserializeOwned>(&self, i: usize) -> Result<Option<T>> {
        match self.try_get::<_, Option<Json<serde_json::Value>>>(i)? {
            None => Ok(None),
            Some(Json(v)) => serde_json::from_value(v).map_err(|e| bad_json(self, i, e)),
        }
    }
}

/// An id or count as a `BIGINT` parameter.
pub(crate) fn big(v: impl TryInto<i64>) -> i64 {
    // Every id Locus has (u32 taxa and PMIDs, u64 GeneIDs far below 2^63)
    // fits; saturating keeps a bound parameter from wrapping negative.
    v.try_into().unwrap_or(i64::MAX)
}

/// A GeneID as a `BIGINT` parameter.
pub(crate) fn gene(g: GeneId) -> i64 {
    big(g.get())
}

/// A value for a `JSONB` parameter.
pub(crate) fn json<T: serde::Serialize + ?Sized>(v: &T) -> Json<&T> {
    Json(v)
}

/// A stored value that does not read back as what Locus wrote.
pub(crate) fn corrupt(table: &'static str, column: &'static str, message: String) -> crate::Error {
    crate::Error::Store(StoreError::Corrupt {
        table,
        column,
        message,
    })
}

/// The table holding each fact table's rows (all with `import_id`).
pub(crate) fn table(t: FactTable) -> &'static str {
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

/// A row count or offset as a `LIMIT`/`OFFSET` parameter: anything beyond
/// `i64::MAX` means "all".
pub(crate) fn sql_limit(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Reads a `regulation` row's evidence from column `at` on:
/// kind, import_id, databases, methods, pmids, mode, weight, small_scale, line.
pub(crate) fn regulation_row(r: &Row, at: usize) -> Result<RegulationRow> {
    let kind: String = r.at(at)?;
    let mode: Option<String> = r.at(at + 5)?;
    Ok(RegulationRow {
        resource: SourceKind::parse(&kind)
            .ok_or_else(|| corrupt("imports", "kind", format!("unknown kind {kind:?}")))?,
        import_id: r.import_id(at + 1)?,
        databases: r.json(at + 2)?,
        methods: r.json(at + 3)?,
        pmids: r.json(at + 4)?,
        mode: match mode {
            None => None,
            Some(m) => Some(
                RegulationMode::parse(&m)
                    .ok_or_else(|| corrupt("regulation", "mode", format!("unknown mode {m:?}")))?,
            ),
        },
        weight: r.at(at + 6)?,
        small_scale: r.at(at + 7)?,
        line: r.count(at + 8)?,
    })
}

/// How an import's counts are kept in `imports.row_counts`.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct RowCounts<F, T> {
    pub facts: F,
    pub tallies: T,
}

/// Counts per fact table and tallies, as `imports.row_counts` holds them.
pub(crate) type Counts = (BTreeMap<FactTable, u64>, BTreeMap<locus_model::Tally, u64>);

/// Reads `imports.row_counts` (column `i`).
pub(crate) fn read_counts(r: &Row, i: usize) -> Result<Counts> {
    let c: RowCounts<BTreeMap<FactTable, u64>, BTreeMap<locus_model::Tally, u64>> = r.json(i)?;
    Ok((c.facts, c.tallies))
}

/// The words of a search as a `to_tsquery` argument: the words
/// [`locus_store::SearchWords`] keeps (letters and digits only, so nothing
/// is read as tsquery syntax), all required, the last a prefix as it
/// decides — the same rule the SQLite backend's FTS5 queries follow.
pub(crate) fn ts_query(query: &str) -> Option<String> {
    let w = locus_store::SearchWords::of(query)?;
    let words: Vec<String> = w.words.iter().map(|w| w.to_lowercase()).collect();
    let mut q = words.join(" & ");
    if w.last_is_prefix {
        q.push_str(":*");
    }
    Some(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_words_cannot_inject_tsquery_syntax() {
        assert_eq!(
            ts_query("heme | !x <-> (a b)").as_deref(),
            Some("heme & x & b")
        );
        assert_eq!(ts_query("  -- ()"), None);
        assert_eq!(ts_query("heme oxy").as_deref(), Some("heme & oxy:*"));
        assert_eq!(ts_query("heme ox").as_deref(), Some("heme & ox"));
        assert_eq!(ts_query("the heme").as_deref(), Some("heme:*"));
        assert_eq!(ts_query("of the"), None);
    }
}
