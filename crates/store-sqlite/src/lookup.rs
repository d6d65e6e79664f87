//! The gene lookups the import workflow's resolver asks for, one indexed
//! query per identifier (the resolver remembers the answers).

use locus_model::TaxId;
use locus_store::{Candidate, Lookup};
use rusqlite::types::Value;
use rusqlite::{params, Connection};

use crate::sql::RowExt;
use crate::Result;

/// The genes of `tax_id` that `lookup` names.
pub fn candidates(c: &Connection, lookup: Lookup<'_>, tax_id: TaxId) -> Result<Vec<Candidate>> {
    let tax = tax_id.get();
    let (sql, key): (&str, Value) = match lookup {
        Lookup::GeneId(g) => (
            "SELECT gene_id, 1 FROM gene_best WHERE gene_id = ?1 AND tax_id = ?2",
            Value::Integer(i64::try_from(g.get()).unwrap_or(-1)),
        ),
        Lookup::Uniprot(u) => (
            "SELECT x.gene_id, 1 FROM gene_xref x JOIN gene_best b ON b.gene_id = x.gene_id
             WHERE x.db = 'UniProtKB' AND x.xref_id = ?1 AND b.tax_id = ?2
             UNION SELECT p.gene_id, 1 FROM protein_gene p JOIN gene_best b ON b.gene_id = p.gene_id
             WHERE p.accession = ?1 AND b.tax_id = ?2",
            Value::Text(u.to_string()),
        ),
        Lookup::Ensembl(e) => (
            "SELECT x.gene_id, 1 FROM gene_xref x JOIN gene_best b ON b.gene_id = x.gene_id
             WHERE x.db IN ('Ensembl', 'Ensembl_protein') AND x.xref_id = ?1 AND b.tax_id = ?2",
            Value::Text(e.to_string()),
        ),
        // Exact-case matches sort first (`symbol = ?1` is 1 for them).
        Lookup::Symbol(s) => (
            "SELECT gene_id, symbol = ?1 FROM gene_best WHERE symbol = ?1 COLLATE NOCASE AND tax_id = ?2
             ORDER BY 2 DESC",
            Value::Text(s.to_string()),
        ),
        Lookup::Alias(a) => (
            "SELECT a.gene_id, 1 FROM gene_alias a JOIN gene_best b ON b.gene_id = a.gene_id
             WHERE a.alias = ?1 COLLATE NOCASE AND a.kind = 'synonym' AND b.tax_id = ?2",
            Value::Text(a.to_string()),
        ),
    };
    let mut stmt = c.prepare_cached(sql)?;
    let rows = stmt.query_map(params![key, tax], |r| {
        Ok(Candidate {
            gene_id: r.gene_id(0)?,
            exact_case: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether the store holds any gene of `tax_id`.
pub fn has_organism(c: &Connection, tax_id: TaxId) -> Result<bool> {
    Ok(
        c.prepare_cached("SELECT EXISTS (SELECT 1 FROM gene_best WHERE tax_id = ?1)")?
            .query_row([tax_id.get()], |r| r.get(0))?,
    )
}
