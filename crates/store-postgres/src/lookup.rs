//! The gene lookups the import workflow's resolver asks for, one indexed
//! query per identifier (the resolver remembers the answers).

use locus_model::TaxId;
use locus_store::{Candidate, Lookup};

use crate::db::Db;
use crate::sql::{big, RowExt};
use crate::Result;

/// The genes of `tax_id` that `lookup` names.
pub(crate) fn candidates(
    db: &mut Db<'_>,
    lookup: Lookup<'_>,
    tax_id: TaxId,
) -> Result<Vec<Candidate>> {
    let tax = big(tax_id.get());
    let rows = match lookup {
        Lookup::GeneId(g) => db.query(
            "SELECT gene_id, true FROM gene_best WHERE gene_id = $1 AND tax_id = $2",
            &[&i64::try_from(g.get()).unwrap_or(-1), &tax],
        )?,
        Lookup::Uniprot(u) => db.query(
            "SELECT x.gene_id, true FROM gene_xref x JOIN gene_best b ON b.gene_id = x.gene_id
             WHERE x.db = 'UniProtKB' AND x.xref_id = $1 AND b.tax_id = $2
             UNION SELECT p.gene_id, true FROM protein_gene p JOIN gene_best b ON b.gene_id = p.gene_id
             WHERE p.accession = $1 AND b.tax_id = $2",
            &[&u, &tax],
        )?,
        Lookup::Ensembl(e) => db.query(
            "SELECT x.gene_id, true FROM gene_xref x JOIN gene_best b ON b.gene_id = x.gene_id
             WHERE x.db IN ('Ensembl', 'Ensembl_protein') AND x.xref_id = $1 AND b.tax_id = $2",
            &[&e, &tax],
        )?,
        // Exact-case matches sort first.
        Lookup::Symbol(s) => db.query(
            "SELECT gene_id, symbol = $1 FROM gene_best WHERE lower(symbol) = lower($1) AND tax_id = $2
             ORDER BY 2 DESC",
            &[&s, &tax],
        )?,
        Lookup::Alias(a) => db.query(
            "SELECT a.gene_id, true FROM gene_alias a JOIN gene_best b ON b.gene_id = a.gene_id
             WHERE lower(a.alias) = lower($1) AND a.kind = 'synonym' AND b.tax_id = $2",
            &[&a, &tax],
        )?,
    };
    rows.iter()
        .map(|r| {
            Ok(Candidate {
                gene_id: r.gene_id(0)?,
                exact_case: r.at(1)?,
            })
        })
        .collect()
}

/// Whether the store holds any gene of `tax_id`.
pub(crate) fn has_organism(db: &mut Db<'_>, tax_id: TaxId) -> Result<bool> {
    db.query_one(
        "SELECT EXISTS (SELECT 1 FROM gene_best WHERE tax_id = $1)",
        &[&big(tax_id.get())],
    )?
    .at(0)
}
