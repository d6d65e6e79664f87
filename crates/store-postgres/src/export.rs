//! The whole-store export's reads: one cursor per [`ExportTable`],
//! fetched in batches inside one `REPEATABLE READ` transaction on the
//! primary, so every file of an export sees the same snapshot and no
//! table is ever held in memory. Rows come in the SQLite backend's order
//! (text sorted `COLLATE "C"`), so the two backends' exports of the same
//! imports agree.

use locus_store::export::{Cell, ColumnType, ExportSink, ExportTable};

use crate::db::Db;
use crate::Result;

/// Rows fetched per round trip: large enough that round trips cost
/// little, small enough that a batch of abstracts stays a few megabytes.
const BATCH: usize = 2000;

/// Where a table's rows come from and in which order (see the SQLite
/// backend's `export.rs`, which this follows).
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
              LEFT JOIN gene_uniprot u ON u.gene_id = b.gene_id) AS t",
            "gene_id",
        ),
        T::GeneRecords => ("gene", "gene_id, import_id"),
        T::GeneAliases => (
            "gene_alias",
            r#"gene_id, kind COLLATE "C", alias COLLATE "C", import_id"#,
        ),
        T::GeneXrefs => (
            "gene_xref",
            r#"gene_id, db COLLATE "C", xref_id COLLATE "C", import_id"#,
        ),
        T::GenePubmed => ("gene_pubmed", "gene_id, pmid, import_id"),
        T::Generifs => (
            "(SELECT id, gene_id, tax_id, '[' || pmids || ']' AS pmids, last_update, text,
                     import_id FROM generif) AS t",
            "import_id, id",
        ),
        T::Publications => (
            // In the order the file gave them (their full-text documents'
            // order, which search results fall back on).
            "(SELECT t.*, (SELECT max(d.id) FROM text_doc d
                           WHERE d.kind = 'publication' AND d.key = t.pmid::text AND d.import_id = t.import_id) AS doc
              FROM publication t) AS t",
            "import_id, doc",
        ),
        T::GoAnnotations => (
            "go_annotation",
            r#"gene_id, go_id COLLATE "C", aspect COLLATE "C", evidence COLLATE "C", import_id"#,
        ),
        T::GoTerms => ("go_term", r#"go_id COLLATE "C", import_id"#),
        T::Proteins => ("protein", r#"accession COLLATE "C", import_id"#),
        T::ProteinGenes => (
            "protein_gene",
            r#"gene_id, accession COLLATE "C", import_id"#,
        ),
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
              FROM term t) AS t",
            "import_id, doc",
        ),
        T::TermParents => (
            "term_parent",
            r#"child COLLATE "C", parent COLLATE "C", import_id"#,
        ),
        T::GeneDiseases => ("gene_disease", "import_id, id"),
        T::GenePhenotypes => ("gene_phenotype", "import_id, id"),
        T::DiseasePhenotypes => ("disease_phenotype", "import_id, id"),
        T::PubtatorDocuments => ("pubtator_document", "import_id, line, pmid"),
        T::PubtatorAnnotations => ("pubtator_annotation", "import_id, line, id"),
        T::Unresolved => ("unresolved", "import_id, line, id"),
        T::ReplacedImports => (
            "(SELECT id AS import_id, kind, dataset, file_name, sha256, release, started_at,
                     finished_at, replaced_by FROM imports WHERE replaced_by IS NOT NULL) AS t",
            "import_id",
        ),
        T::GeneChanges => ("gene_change", "import_id, replaced, gene_id, id"),
    }
}

/// The statement that reads `table`'s export columns, each cast to the
/// one type the reader below expects.
fn select(table: ExportTable) -> String {
    let (from, order) = source(table);
    let columns: Vec<String> = table
        .columns()
        .iter()
        .map(|c| {
            let cast = match c.ty {
                ColumnType::Integer => "::bigint",
                ColumnType::Real => "::float8",
                ColumnType::Text
                | ColumnType::List
                | ColumnType::MeshHeadings
                | ColumnType::Concepts => "::text",
                ColumnType::Bool => "::boolean",
            };
            format!("\"{}\"{cast}", c.name)
        })
        .collect();
    format!("SELECT {} FROM {from} ORDER BY {order}", columns.join(", "))
}

/// Streams `tables` to `sink` inside `db`'s transaction, which must not
/// have read anything yet (its snapshot is taken here).
pub(crate) fn export(
    db: &mut Db<'_>,
    tables: &[ExportTable],
    sink: &mut dyn ExportSink,
) -> Result<()> {
    db.batch("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")?;
    let generation: i64 = db
        .query_one("SELECT value FROM meta WHERE key = 'generation'", &[])?
        .get(0);
    let imports = crate::query::imports(db)?;
    sink.snapshot(generation, &imports)?;
    for &table in tables {
        sink.start(table)?;
        let columns = table.columns();
        db.batch(&format!(
            "DECLARE locus_export NO SCROLL CURSOR FOR {}",
            select(table)
        ))?;
        let fetch = format!("FETCH FORWARD {BATCH} FROM locus_export");
        loop {
            let rows = db.client().query(fetch.as_str(), &[])?;
            let mut cells: Vec<Cell<'_>> = Vec::with_capacity(columns.len());
            for row in &rows {
                cells.clear();
                for (i, column) in columns.iter().enumerate() {
                    cells.push(cell(row, i, column.ty)?);
                }
                sink.row(&cells)?;
            }
            if rows.len() < BATCH {
                break;
            }
        }
        db.batch("CLOSE locus_export")?;
        sink.finish(table)?;
    }
    Ok(())
}

/// Column `i` of `row` as `ty` (the statement cast it to that type).
fn cell(row: &postgres::Row, i: usize, ty: ColumnType) -> Result<Cell<'_>> {
    Ok(match ty {
        ColumnType::Integer => row
            .try_get::<_, Option<i64>>(i)?
            .map_or(Cell::Null, Cell::Int),
        ColumnType::Real => row
            .try_get::<_, Option<f64>>(i)?
            .map_or(Cell::Null, Cell::Real),
        ColumnType::Bool => row
            .try_get::<_, Option<bool>>(i)?
            .map_or(Cell::Null, Cell::Bool),
        ColumnType::Text => row
            .try_get::<_, Option<&str>>(i)?
            .map_or(Cell::Null, Cell::Text),
        ColumnType::List | ColumnType::MeshHeadings | ColumnType::Concepts => row
            .try_get::<_, Option<&str>>(i)?
            .map_or(Cell::Null, Cell::List),
    })
}
