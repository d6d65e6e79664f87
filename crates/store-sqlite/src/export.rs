//! The whole-store export's reads: one `SELECT` per
//! [`ExportTable`], stepped row by row inside one read transaction, so
//! every file of an export sees the same snapshot and no table is ever
//! held in memory.

use locus_store::export::{Cell, ColumnType, ExportSink, ExportTable};
use locus_store::StoreError;
use rusqlite::types::ValueRef;
use rusqlite::Connection;

use crate::Result;

/// Where a table's rows come from and in which order: the order is a
/// key of the rows (or the file's own line order), so two exports of
/// the same store are byte for byte the same, and PostgreSQL's export
/// lists rows in the same order.
fn source(table: ExportTable) -> (&'static str, &'static str) {
    use ExportTable as T;
    match table {
        T::Genes => (
            "(SELECT b.gene_id, b.tax_id, b.symbol, b.description, b.gene_type, b.chromosome,
                     b.map_location, b.locus_tag, b.nomenclature_symbol, b.nomenclature_name,
                     b.nomenclature_status, b.modification_date, u.accession AS uniprot,
                     coalesce(s.pubmed_count, 0) AS pubmed_count,
                     coalesce(s.pubmed_score, 0.0) AS pubmed_score,
                     coalesce(s.generif_count, 0) AS generif_count, b.import_id
              FROM gene_best b
              LEFT JOIN gene_stats s ON s.gene_id = b.gene_id
              LEFT JOIN gene_uniprot u ON u.gene_id = b.gene_id)",
            "gene_id",
        ),
        T::GeneRecords => ("gene", "gene_id, import_id"),
        T::GeneAliases => ("gene_alias", "gene_id, kind, alias, import_id"),
        T::GeneXrefs => ("gene_xref", "gene_id, db, xref_id, import_id"),
        T::GenePubmed => ("gene_pubmed", "gene_id, pmid, import_id"),
        T::Generifs => (
            // GeneRIF PubMed ids are kept as NCBI writes them (`1,2`).
            "(SELECT id, gene_id, tax_id, '[' || pmids || ']' AS pmids, last_update, text,
                     import_id FROM generif)",
            "import_id, id",
        ),
        T::Publications => (
            // In the order the file gave them (their full-text documents'
            // order, which search results fall back on).
            "(SELECT t.*, (SELECT max(d.id) FROM text_doc d
                           WHERE d.kind = 'publication' AND d.key = CAST(t.pmid AS TEXT) AND d.import_id = t.import_id) AS doc
              FROM publication t)",
            "import_id, doc",
        ),
        T::GoAnnotations => (
            "go_annotation",
            "gene_id, go_id, aspect, evidence, import_id",
        ),
        T::GoTerms => ("go_term", "go_id, import_id"),
        T::Proteins => ("protein", "accession, import_id"),
        T::ProteinGenes => ("protein_gene", "gene_id, accession, import_id"),
        T::RegulationEvidence => ("regulation", "import_id, line, id"),
        T::TfTargetEdges => ("tf_target_edge", "tf_gene, target_gene"),
        T::Orthologs => ("ortholog", "import_id, line, id"),
        T::Interactions => ("interaction", "gene_a, gene_b, import_id"),
        T::BindingSites => ("binding_site", "import_id, id"),
        T::DifferentialExpression => ("differential_expression", "import_id, id"),
        T::ExpressionCalls => ("expression_call", "import_id, id"),
        T::Terms => (
            // In the order the file gave the terms (their full-text
            // documents' order), which search results fall back on.
            "(SELECT t.*, (SELECT max(d.id) FROM text_doc d
                           WHERE d.kind = 'term' AND d.key = t.id AND d.import_id = t.import_id) AS doc
              FROM term t)",
            "import_id, doc",
        ),
        T::TermParents => ("term_parent", "child, parent, import_id"),
        T::GeneDiseases => ("gene_disease", "import_id, id"),
        T::GenePhenotypes => ("gene_phenotype", "import_id, id"),
        T::DiseasePhenotypes => ("disease_phenotype", "import_id, id"),
        T::PubtatorDocuments => ("pubtator_document", "import_id, line, pmid"),
        T::PubtatorAnnotations => ("pubtator_annotation", "import_id, line, id"),
        T::Unresolved => ("unresolved", "import_id, line, id"),
        T::ReplacedImports => (
            "(SELECT id AS import_id, kind, dataset, file_name, sha256, release, started_at,
                     finished_at, replaced_by FROM imports WHERE replaced_by IS NOT NULL)",
            "import_id",
        ),
        T::GeneChanges => ("gene_change", "import_id, replaced, gene_id, id"),
    }
}

/// The statement that reads `table`'s export columns.
fn select(table: ExportTable) -> String {
    let (from, order) = source(table);
    let columns: Vec<String> = table
        .columns()
        .iter()
        .map(|c| format!("\"{}\"", c.name))
        .collect();
    format!("SELECT {} FROM {from} ORDER BY {order}", columns.join(", "))
}

/// Streams `tables` to `sink` from one read transaction on `c`.
pub(crate) fn export(
    c: &Connection,
    tables: &[ExportTable],
    sink: &mut dyn ExportSink,
) -> Result<()> {
    // A deferred transaction takes its snapshot at the first read; WAL
    // keeps that snapshot while imports commit after it.
    c.execute_batch("BEGIN")?;
    let out = export_in(c, tables, sink);
    // Read-only: ending it either way releases the snapshot.
    let end = c.execute_batch("ROLLBACK");
    out?;
    end?;
    Ok(())
}

fn export_in(c: &Connection, tables: &[ExportTable], sink: &mut dyn ExportSink) -> Result<()> {
    let generation: i64 =
        c.query_row("SELECT value FROM meta WHERE key = 'generation'", [], |r| {
            r.get(0)
        })?;
    let imports = crate::query::imports(c)?;
    sink.snapshot(generation, &imports)?;
    for &table in tables {
        sink.start(table)?;
        let columns = table.columns();
        let mut stmt = c.prepare(&select(table))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let mut cells = Vec::with_capacity(columns.len());
            for (i, column) in columns.iter().enumerate() {
                cells.push(cell(row.get_ref(i)?, column.ty, table, column.name)?);
            }
            sink.row(&cells)?;
        }
        sink.finish(table)?;
    }
    Ok(())
}

/// A stored value as the export's column type says to read it.
fn cell<'a>(
    v: ValueRef<'a>,
    ty: ColumnType,
    table: ExportTable,
    column: &'static str,
) -> Result<Cell<'a>> {
    let wrong = |found: &str| -> crate::Error {
        StoreError::Corrupt {
            table: table.name(),
            column,
            message: format!("expected {}, found {found}", ty.as_str()),
        }
        .into()
    };
    let text = |b: &'a [u8]| std::str::from_utf8(b).map_err(|_| wrong("text that is not UTF-8"));
    Ok(match (ty, v) {
        (_, ValueRef::Null) => Cell::Null,
        (ColumnType::Integer, ValueRef::Integer(i)) => Cell::Int(i),
        (ColumnType::Real, ValueRef::Real(x)) => Cell::Real(x),
        // SQLite keeps a REAL that holds a whole number as one.
        (ColumnType::Real, ValueRef::Integer(i)) => Cell::Real(i as f64),
        (ColumnType::Bool, ValueRef::Integer(i)) => Cell::Bool(i != 0),
        (ColumnType::Text, ValueRef::Text(b)) => Cell::Text(text(b)?),
        (t, ValueRef::Text(b)) if t.is_list() => Cell::List(text(b)?),
        (_, ValueRef::Integer(_)) => return Err(wrong("an integer")),
        (_, ValueRef::Real(_)) => return Err(wrong("a real")),
        (_, ValueRef::Text(_)) => return Err(wrong("text")),
        (_, ValueRef::Blob(_)) => return Err(wrong("a blob")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every table's statement prepares against the current schema: a
    /// column renamed by a migration fails here, not in a user's export.
    #[test]
    fn every_export_statement_prepares() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = crate::SqliteStore::open(&dir.path().join("s.db")).expect("store");
        let conn = crate::open_conn(&dir.path().join("s.db"), true).expect("conn");
        drop(store);
        for &t in ExportTable::ALL {
            conn.prepare(&select(t))
                .unwrap_or_else(|e| panic!("{t}: {e}"));
        }
    }
}
