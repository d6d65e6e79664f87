//! Facts computed from imported facts, rebuilt inside each import's
//! transaction so they can never disagree with what was imported; and
//! the store's own consistency check.

use std::collections::{BTreeSet, HashMap};

use locus_model::{FactTable, GeneId, ImportId, RegulationRow, TaxId, TfTargetEdge};
use locus_store::import::Changed;
use postgres::binary_copy::{BinaryCopyInWriter, BinaryCopyOutIter};
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{Json, Type};

use crate::db::Db;
use crate::sql::{gene, RowExt};
use crate::swap::{self, Swaps};
use crate::Result;

/// The tables this module keeps.
pub(crate) const TABLES: [&str; 6] = [
    "gene_best",
    "pmid_gene_count",
    "gene_stats",
    "gene_pubmed_by_import",
    "gene_uniprot",
    "tf_target_edge",
];

/// Rebuilds `gene_best`, `pmid_gene_count`, `gene_stats`, the merged
/// TF–target edges and `gene_uniprot`, as far as the changed tables feed
/// them, and bumps the store generation.
///
/// * `gene_best`: per gene, the row of the source with the lowest
///   precedence (NCBI gene_info before org.Hs.eg.db), newest import first.
/// * `pmid_gene_count`: for each PMID, the number of distinct genes any
///   source links it to.
/// * `gene_stats`: PubMed count = distinct PMIDs linked to the gene;
///   fractional PubMed score = Σ 1/n over those PMIDs, n from
///   `pmid_gene_count`, rounded to six decimals so that summation order
///   never changes a published number; GeneRIF count = GeneRIF rows.
///
/// When the import rebuilt fact tables whole ([`crate::swap`]), it is a
/// large one, and the derived tables it feeds are rebuilt whole too.
///
/// `links`: every (gene, PMID) link of the store when the import knows
/// them all (it wrote them into an empty table); read back otherwise.
pub(crate) fn rebuild(
    db: &mut Db<'_>,
    changed: &Changed,
    swaps: &mut Swaps,
    links: Option<(ImportId, Vec<(i64, i64)>)>,
) -> Result<()> {
    if changed.genes {
        replace_rows(
            db,
            swaps,
            "gene_best",
            GENE_BEST_COLS,
            Fill::Select(GENE_BEST),
        )?;
    }
    if changed.genes || changed.literature {
        let stats = PubmedStats::compute(db, links)?;
        replace_rows(
            db,
            swaps,
            "pmid_gene_count",
            "pmid, genes",
            Fill::Copy(&|db, target| stats.copy_pmid_gene_count(db, target)),
        )?;
        replace_rows(
            db,
            swaps,
            "gene_stats",
            "gene_id, pubmed_count, pubmed_score, generif_count",
            Fill::Copy(&|db, target| stats.copy_gene_stats(db, target)),
        )?;
        replace_rows(
            db,
            swaps,
            "gene_pubmed_by_import",
            "gene_id, import_ids, links",
            Fill::Copy(&|db, target| stats.copy_by_import(db, target)),
        )?;
    }
    if !changed.edge_pairs.is_empty() {
        rebuild_edges(db, &changed.edge_pairs)?;
    }
    // Regulation rows feed it only through the UniProt accessions TFLink
    // names, which the import notes as a protein change.
    if changed.genes || changed.proteins {
        replace_rows(
            db,
            swaps,
            "gene_uniprot",
            "gene_id, accession",
            Fill::Select(GENE_UNIPROT),
        )?;
    }
    db.bump("generation")
}

/// Where a derived table's rows come from.
enum Fill<'f> {
    /// A query giving the table's columns in order.
    Select(&'static str),
    /// Rows computed here, copied into the table named.
    Copy(&'f dyn Fn(&mut Db<'_>, &str) -> Result<()>),
}

impl Fill<'_> {
    /// Puts the rows into the empty table `target`.
    fn rows_into(&self, db: &mut Db<'_>, target: &str, cols: &str) -> Result<()> {
        match self {
            Fill::Select(select) => db.batch(&format!("INSERT INTO {target} ({cols}) {select}")),
            Fill::Copy(copy) => copy(db, target),
        }
    }
}

/// Makes a derived `table` hold exactly the rows `fill` gives (its
/// columns `cols`, the first the key), changing only rows that differ.
/// Not `TRUNCATE`: that locks readers out of the table until the import
/// commits; and a re-import that changes little writes little.
fn replace_rows(
    db: &mut Db<'_>,
    swaps: &mut Swaps,
    table: &'static str,
    cols: &str,
    fill: Fill<'_>,
) -> Result<()> {
    let mut names = cols.split(", ");
    let key = names.next().unwrap_or(cols);
    let rest: Vec<&str> = names.collect();
    let set: Vec<String> = rest.iter().map(|c| format!("{c} = excluded.{c}")).collect();
    let old: Vec<String> = rest.iter().map(|c| format!("{table}.{c}")).collect();
    let new: Vec<String> = rest.iter().map(|c| format!("excluded.{c}")).collect();
    // Table and column names come from the fixed lists of this module.
    if !swaps.is_empty() && Swaps::may_rebuild(db, table)? {
        swaps.begin(db, table, false)?;
        fill.rows_into(db, &format!("{}.{table}", swap::SCHEMA), cols)?;
        return swaps.index(db, table);
    }
    // An empty table (a first import) takes the rows as they come: no
    // rows to compare, delete or update.
    if db
        .query_opt(&format!("SELECT 1 FROM {table} LIMIT 1"), &[])?
        .is_none()
    {
        return fill.rows_into(db, table, cols);
    }
    db.batch(&format!(
        "CREATE TEMP TABLE fresh_{table} ON COMMIT DROP AS SELECT {cols} FROM {table} WITH NO DATA"
    ))?;
    fill.rows_into(db, &format!("fresh_{table}"), cols)?;
    db.batch(&format!(
        "ANALYZE fresh_{table};
         DELETE FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM fresh_{table} f WHERE f.{key} = t.{key});
         INSERT INTO {table} ({cols}) SELECT {cols} FROM fresh_{table}
         ON CONFLICT ({key}) DO UPDATE SET {}
         WHERE ({}) IS DISTINCT FROM ({});
         DROP TABLE fresh_{table};",
        set.join(", "),
        old.join(", "),
        new.join(", "),
    ))
}

/// PubMed counts and fractional scores, computed in one pass over the
/// links in memory, as the SQLite backend does: for the full human set
/// (1.8 million links) reading them out and copying the results in is
/// three times faster than the GROUP BY joins that did it here, each of
/// which sorted or hashed the whole table.
struct PubmedStats {
    /// Per PMID, how many distinct genes any source links it to.
    genes_per_pmid: Vec<(i64, i64)>,
    /// Per gene of `gene_best`: PubMed count, fractional score, GeneRIFs.
    genes: Vec<(i64, i64, f64, i64)>,
    /// Per gene with links: (import, links of that import), by import.
    by_import: Vec<(i64, Vec<(i64, i64)>)>,
}

impl PubmedStats {
    fn compute(db: &mut Db<'_>, known: Option<(ImportId, Vec<(i64, i64)>)>) -> Result<Self> {
        let mut links: Vec<(i64, i64)>;
        // Per gene, its links by import, in import order.
        let mut by_import: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
        match known {
            Some((import, known)) if !known.is_empty() => {
                links = known;
                links.sort_unstable();
                links.dedup();
                // All the links are this import's.
                for &(gene, _) in &links {
                    let e = by_import.entry(gene).or_default();
                    match e.last_mut() {
                        Some(last) => last.1 += 1,
                        None => e.push((import.get(), 1)),
                    }
                }
            }
            _ => {
                links = Vec::new();
                let out = db.client().copy_out(
                    "COPY (SELECT gene_id, pmid, import_id FROM gene_pubmed) TO STDOUT (FORMAT binary)",
                )?;
                let mut rows = BinaryCopyOutIter::new(out, &[Type::INT8, Type::INT8, Type::INT8]);
                let mut per: HashMap<(i64, i64), i64> = HashMap::new();
                while let Some(r) = rows.next()? {
                    let (gene, pmid, import): (i64, i64, i64) =
                        (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
                    links.push((gene, pmid));
                    // (gene, PMID, import) is the table's key: each row
                    // is one link of that import.
                    *per.entry((gene, import)).or_default() += 1;
                }
                for ((gene, import), n) in per {
                    by_import.entry(gene).or_default().push((import, n));
                }
                for v in by_import.values_mut() {
                    v.sort_unstable();
                }
            }
        }
        // Copies of one link from several imports count once.
        links.sort_unstable();
        links.dedup();
        let mut by_import: Vec<(i64, Vec<(i64, i64)>)> = by_import.into_iter().collect();
        by_import.sort_unstable();
        let mut per_pmid: HashMap<i64, i64> = HashMap::with_capacity(links.len() / 2);
        for &(_, pmid) in &links {
            *per_pmid.entry(pmid).or_default() += 1;
        }
        let mut per_gene: HashMap<i64, (i64, f64)> = HashMap::new();
        for &(gene, pmid) in &links {
            let n = per_pmid.get(&pmid).copied().unwrap_or(1).max(1);
            let e = per_gene.entry(gene).or_insert((0, 0.0));
            e.0 += 1;
            e.1 += 1.0 / n as f64;
        }
        let mut generifs: HashMap<i64, i64> = HashMap::new();
        for r in db.query(
            "SELECT gene_id, count(*) FROM generif GROUP BY gene_id",
            &[],
        )? {
            generifs.insert(r.at(0)?, r.at(1)?);
        }
        let mut genes = Vec::new();
        for r in db.query("SELECT gene_id FROM gene_best ORDER BY gene_id", &[])? {
            let gene: i64 = r.at(0)?;
            let (count, score) = per_gene.get(&gene).copied().unwrap_or((0, 0.0));
            // Six decimals: summation order must not change published numbers.
            let score = (score * 1e6).round() / 1e6;
            genes.push((
                gene,
                count,
                score,
                generifs.get(&gene).copied().unwrap_or(0),
            ));
        }
        let mut genes_per_pmid: Vec<(i64, i64)> = per_pmid.into_iter().collect();
        genes_per_pmid.sort_unstable();
        Ok(PubmedStats {
            genes_per_pmid,
            genes,
            by_import,
        })
    }

    fn copy_by_import(&self, db: &mut Db<'_>, target: &str) -> Result<()> {
        let sink = db.client().copy_in(&format!(
            "COPY {target} (gene_id, import_ids, links) FROM STDIN (FORMAT binary)"
        ))?;
        let mut w =
            BinaryCopyInWriter::new(sink, &[Type::INT8, Type::INT8_ARRAY, Type::INT8_ARRAY]);
        for (gene, imports) in &self.by_import {
            let ids: Vec<i64> = imports.iter().map(|p| p.0).collect();
            let links: Vec<i64> = imports.iter().map(|p| p.1).collect();
            w.write(&[gene, &ids, &links])?;
        }
        w.finish()?;
        Ok(())
    }

    fn copy_pmid_gene_count(&self, db: &mut Db<'_>, target: &str) -> Result<()> {
        let sink = db.client().copy_in(&format!(
            "COPY {target} (pmid, genes) FROM STDIN (FORMAT binary)"
        ))?;
        let mut w = BinaryCopyInWriter::new(sink, &[Type::INT8, Type::INT8]);
        for (pmid, n) in &self.genes_per_pmid {
            w.write(&[pmid, n])?;
        }
        w.finish()?;
        Ok(())
    }

    fn copy_gene_stats(&self, db: &mut Db<'_>, target: &str) -> Result<()> {
        let sink = db.client().copy_in(&format!(
            "COPY {target} (gene_id, pubmed_count, pubmed_score, generif_count) FROM STDIN (FORMAT binary)"
        ))?;
        let mut w =
            BinaryCopyInWriter::new(sink, &[Type::INT8, Type::INT8, Type::FLOAT8, Type::INT8]);
        for (gene, count, score, generifs) in &self.genes {
            w.write(&[gene, count, score, generifs])?;
        }
        w.finish()?;
        Ok(())
    }
}

/// Deletes every row import `old` wrote, marks it replaced by `by`, and
/// notes what the deletion changed. A text's tags go with its `text_doc`
/// row (`ON DELETE CASCADE`).
pub(crate) fn delete_import(
    db: &mut Db<'_>,
    old: ImportId,
    by: ImportId,
    changed: &mut Changed,
) -> Result<()> {
    let old_id = old.get();
    // Regulation rows that name UniProt accessions feed gene_uniprot.
    let named_uniprot: bool = db
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM regulation WHERE import_id = $1
                 AND (tf_uniprot IS NOT NULL OR target_uniprot IS NOT NULL))",
            &[&old_id],
        )?
        .at(0)?;
    changed.proteins |= named_uniprot;
    for r in db.query(
        "SELECT DISTINCT tf_gene, target_gene FROM regulation WHERE import_id = $1",
        &[&old_id],
    )? {
        changed.edge_pairs.insert((r.gene_id(0)?, r.gene_id(1)?));
    }
    for t in FactTable::ALL {
        // Table names come from a fixed list, never from input.
        let sql = format!("DELETE FROM {} WHERE import_id = $1", crate::sql::table(t));
        if db.execute(&sql, &[&old_id])? > 0 {
            changed.note(t);
        }
    }
    // A term's parents and cross-references go with the term.
    db.execute("DELETE FROM term_parent WHERE import_id = $1", &[&old_id])?;
    db.execute("DELETE FROM term_xref WHERE import_id = $1", &[&old_id])?;
    db.execute("DELETE FROM text_doc WHERE import_id = $1", &[&old_id])?;
    db.execute("DELETE FROM unresolved WHERE import_id = $1", &[&old_id])?;
    db.execute(
        "UPDATE imports SET replaced_by = $1 WHERE id = $2",
        &[&by.get(), &old_id],
    )?;
    Ok(())
}

const GENE_BEST_COLS: &str = "gene_id, import_id, tax_id, symbol, locus_tag, chromosome, \
    map_location, description, gene_type, nomenclature_symbol, nomenclature_name, \
    nomenclature_status, modification_date";

const GENE_BEST: &str = "
SELECT DISTINCT ON (gene_id)
       gene_id, import_id, tax_id, symbol, locus_tag, chromosome, map_location, description,
       gene_type, nomenclature_symbol, nomenclature_name, nomenclature_status, modification_date
FROM gene
ORDER BY gene_id, precedence, import_id DESC";

/// The one UniProt accession shown for a gene and written into TFLink-style
/// downloads. A gene can have many (org.Hs.eg.db lists TrEMBL fragments
/// next to the Swiss-Prot entry), so the choice is, in order: a reviewed
/// entry of an imported UniProt file; the accession TFLink uses for the
/// gene (TFLink names canonical Swiss-Prot entries); a six-character
/// accession of the O/P/Q series (the Swiss-Prot series; TrEMBL-only ids
/// such as `K7PPA8` or `A0A087X1Q1` sort after); then the smallest.
const GENE_UNIPROT: &str = r#"
SELECT DISTINCT ON (gene_id) gene_id, accession
FROM (
    SELECT pg.gene_id, pg.accession, 0 AS rank FROM protein_gene pg
      JOIN protein p ON p.accession = pg.accession AND p.reviewed
    UNION ALL
    SELECT tf_gene, tf_uniprot, 1 FROM regulation WHERE tf_uniprot IS NOT NULL
    UNION ALL
    SELECT target_gene, target_uniprot, 1 FROM regulation WHERE target_uniprot IS NOT NULL
    UNION ALL
    SELECT gene_id, xref_id,
           CASE WHEN length(xref_id) = 6 AND substr(xref_id, 1, 1) IN ('O', 'P', 'Q') THEN 2 ELSE 3 END
    FROM gene_xref WHERE db = 'UniProtKB'
) c
ORDER BY gene_id, rank, length(accession), accession COLLATE "C"
"#;

/// Above this many touched pairs one pass over the whole `regulation`
/// table is faster than reading the pairs' rows.
const FULL_REBUILD_OVER: usize = 20_000;

const EDGE_ROWS: &str =
    "SELECT r.tf_gene, r.target_gene, r.tax_id, i.kind, r.import_id, r.databases, r.methods, r.pmids,
            r.mode, r.weight, r.small_scale, r.line
     FROM regulation r JOIN imports i ON i.id = r.import_id";

/// Merges the `regulation` rows of each (TF, target) the import touched
/// into one `tf_target_edge` with [`TfTargetEdge::merge`], the rule the
/// model documents, and copies the edges in. A small file rewrites only
/// its own pairs; a large one (or a first import) rebuilds every edge.
fn rebuild_edges(db: &mut Db<'_>, pairs: &BTreeSet<(GeneId, GeneId)>) -> Result<()> {
    let rows = if pairs.len() > FULL_REBUILD_OVER {
        // DELETE, not TRUNCATE: readers are not locked out until commit.
        db.batch("DELETE FROM tf_target_edge")?;
        db.query(
            &format!("{EDGE_ROWS} ORDER BY r.tf_gene, r.target_gene, r.id"),
            &[],
        )?
    } else {
        let tfs: Vec<i64> = pairs.iter().map(|p| gene(p.0)).collect();
        let targets: Vec<i64> = pairs.iter().map(|p| gene(p.1)).collect();
        db.execute(
            "DELETE FROM tf_target_edge e USING unnest($1::bigint[], $2::bigint[]) AS p(tf, target)
             WHERE e.tf_gene = p.tf AND e.target_gene = p.target",
            &[&tfs, &targets],
        )?;
        db.query(
            &format!(
                "{EDGE_ROWS} JOIN unnest($1::bigint[], $2::bigint[]) AS p(tf, target)
                   ON r.tf_gene = p.tf AND r.target_gene = p.target
                 ORDER BY r.tf_gene, r.target_gene, r.id"
            ),
            &[&tfs, &targets],
        )?
    };
    let mut edges = Vec::new();
    let mut current: Option<(GeneId, GeneId, TaxId)> = None;
    let mut group: Vec<RegulationRow> = Vec::new();
    for r in &rows {
        let key = (r.gene_id(0)?, r.gene_id(1)?, r.tax_id(2)?);
        if current.is_some_and(|c| (c.0, c.1) != (key.0, key.1)) {
            if let Some(c) = current {
                edges.push(TfTargetEdge::merge(c.0, c.1, c.2, &group));
            }
            group.clear();
        }
        current = Some(key);
        group.push(crate::sql::regulation_row(r, 3)?);
    }
    if let Some(c) = current {
        edges.push(TfTargetEdge::merge(c.0, c.1, c.2, &group));
    }
    let sink = db.client().copy_in(
        "COPY tf_target_edge (tf_gene, target_gene, tax_id, sources, methods, pmids, n_sources, n_pmids,
         small_scale, mode, activation_rows, repression_rows, evidence_rows) FROM STDIN (FORMAT binary)",
    )?;
    let types = [
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::JSONB,
        Type::JSONB,
        Type::JSONB,
        Type::INT8,
        Type::INT8,
        Type::BOOL,
        Type::TEXT,
        Type::INT8,
        Type::INT8,
        Type::INT8,
    ];
    let mut w = BinaryCopyInWriter::new(sink, &types);
    for e in &edges {
        let n = |v: usize| i64::try_from(v).unwrap_or(i64::MAX);
        let c = |v: u32| i64::from(v);
        w.write(&[
            &gene(e.tf),
            &gene(e.target),
            &i64::from(e.tax_id.get()),
            &Json(&e.sources),
            &Json(&e.methods),
            &Json(&e.pmids),
            &n(e.sources.len()),
            &n(e.pmids.len()),
            &e.small_scale,
            &e.mode.as_str(),
            &c(e.activation_rows),
            &c(e.repression_rows),
            &c(e.evidence_rows),
        ])?;
    }
    w.finish()?;
    Ok(())
}

/// The store's own consistency check: what SQLite's `integrity_check`
/// does for its file, PostgreSQL does for its pages itself (checksums,
/// WAL); this checks what Locus relies on across tables. Each query
/// names a broken rule and counts the rows that break it.
pub(crate) fn check(db: &mut Db<'_>) -> Result<Vec<String>> {
    const RULES: &[(&str, &str)] = &[
        (
            "articles whose current revision is not one of their revisions",
            "SELECT count(*) FROM article a WHERE NOT EXISTS
               (SELECT 1 FROM revision r WHERE r.id = a.current_revision AND r.article_id = a.id)",
        ),
        (
            "articles whose current revision is not their newest",
            "SELECT count(*) FROM article a WHERE a.current_revision <>
               (SELECT max(id) FROM revision r WHERE r.article_id = a.id)",
        ),
        (
            "genes without their merged record",
            "SELECT count(*) FROM (SELECT DISTINCT gene_id FROM gene) g
             WHERE NOT EXISTS (SELECT 1 FROM gene_best b WHERE b.gene_id = g.gene_id)",
        ),
        (
            "merged gene records without a source record",
            "SELECT count(*) FROM gene_best b
             WHERE NOT EXISTS (SELECT 1 FROM gene g WHERE g.gene_id = b.gene_id AND g.import_id = b.import_id)",
        ),
        (
            "merged regulation edges without source rows",
            "SELECT count(*) FROM tf_target_edge e WHERE NOT EXISTS
               (SELECT 1 FROM regulation r WHERE r.tf_gene = e.tf_gene AND r.target_gene = e.target_gene)",
        ),
        (
            "regulation rows without their merged edge",
            "SELECT count(*) FROM (SELECT DISTINCT tf_gene, target_gene FROM regulation) r WHERE NOT EXISTS
               (SELECT 1 FROM tf_target_edge e WHERE e.tf_gene = r.tf_gene AND e.target_gene = r.target_gene)",
        ),
        (
            "genes whose PubMed links by import disagree with their summary",
            "SELECT count(*) FROM
               (SELECT gene_id, import_id, count(*) AS n FROM gene_pubmed GROUP BY gene_id, import_id) g
               FULL JOIN (SELECT s.gene_id, u.import_id, u.n FROM gene_pubmed_by_import s,
                                 unnest(s.import_ids, s.links) AS u(import_id, n)) s
               USING (gene_id, import_id)
             WHERE g.n IS DISTINCT FROM s.n",
        ),
        (
            "facts of replaced imports still stored (gene)",
            "SELECT count(*) FROM gene g JOIN imports i ON i.id = g.import_id WHERE i.replaced_by IS NOT NULL",
        ),
        (
            "imports that never finished",
            "SELECT count(*) FROM imports WHERE finished_at IS NULL",
        ),
    ];
    let mut problems = Vec::new();
    for (rule, sql) in RULES {
        let n = db.query_one(sql, &[])?.count(0)?;
        if n > 0 {
            problems.push(format!("{rule}: {n}"));
        }
    }
    // What a foreign key would hold, were `import_id` one (schema.rs).
    let tables = FactTable::ALL.into_iter().map(crate::sql::table);
    for table in tables.chain(["term_parent", "term_xref", "text_doc", "unresolved"]) {
        let n = db
            .query_one(
                &format!(
                    "SELECT count(*) FROM {table} f
                     WHERE NOT EXISTS (SELECT 1 FROM imports i WHERE i.id = f.import_id)"
                ),
                &[],
            )?
            .count(0)?;
        if n > 0 {
            problems.push(format!("{table} rows of no recorded import: {n}"));
        }
    }
    Ok(problems)
}
