//! One import = one transaction.
//!
//! The import row, the deletion of the facts of any earlier import of the
//! same dataset, every new fact and the rebuilt derived facts commit
//! together. If the source yields an error, or the process dies, SQLite
//! rolls all of it back and the store is exactly as before.

use std::collections::BTreeMap;

use locus_model::{Fact, ImportRecord};
use rusqlite::{params, Connection, Statement, Transaction, TransactionBehavior};

use super::derived;
use crate::{FactStream, ImportMeta, Result, StoreError};

/// Tables whose rows carry `import_id` and are replaced on re-import.
pub const FACT_TABLES: &[&str] = &[
    "gene",
    "gene_alias",
    "gene_xref",
    "gene_pubmed",
    "generif",
    "publication",
    "go_annotation",
    "go_term",
    "protein",
    "protein_gene",
];

/// How often the progress callback is called, in facts.
const PROGRESS_EVERY: u64 = 10_000;

pub fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc();
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| now.unix_timestamp().to_string())
}

pub fn run(
    conn: &mut Connection,
    meta: &ImportMeta,
    facts: &mut dyn FactStream,
    progress: &mut dyn FnMut(u64),
) -> Result<ImportRecord> {
    // Generous page cache and in-memory temp b-trees for the bulk load and
    // the GROUP BYs of the derived facts.
    conn.pragma_update(None, "cache_size", -262_144)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    let started_at = now_rfc3339();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO imports (kind, dataset, file_name, sha256, release, started_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            meta.kind.as_str(),
            meta.dataset,
            meta.file_name,
            meta.sha256,
            meta.release,
            started_at
        ],
    )?;
    let import_id = tx.last_insert_rowid();
    let mut changed = derived::Changed::default();
    replace_previous(&tx, &meta.dataset, import_id, &mut changed)?;

    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    {
        let mut w = Writer::new(&tx, import_id)?;
        let mut n = 0u64;
        while let Some(fact) = facts.next_fact() {
            let fact = fact.map_err(StoreError::Source)?;
            w.write(fact, &mut counts)?;
            n += 1;
            if n.is_multiple_of(PROGRESS_EVERY) {
                progress(n);
            }
        }
        progress(n);
    }
    let release = facts.release().or_else(|| meta.release.clone());
    for table in counts.keys() {
        changed.note(table);
    }
    derived::rebuild(&tx, &changed)?;
    let finished_at = now_rfc3339();
    let counts_json = serde_json::to_string(&counts).map_err(|e| StoreError::Corrupt {
        table: "imports",
        column: "row_counts",
        message: e.to_string(),
    })?;
    tx.execute(
        "UPDATE imports SET release = ?1, row_counts = ?2, finished_at = ?3 WHERE id = ?4",
        params![release, counts_json, finished_at, import_id],
    )?;
    tx.commit()?;
    Ok(ImportRecord {
        id: import_id,
        kind: meta.kind,
        dataset: meta.dataset.clone(),
        file_name: meta.file_name.clone(),
        sha256: meta.sha256.clone(),
        release,
        row_counts: counts,
        started_at,
        finished_at: Some(finished_at),
    })
}

/// Deletes the facts of earlier imports of `dataset` and marks them replaced.
fn replace_previous(
    tx: &Transaction<'_>,
    dataset: &str,
    import_id: i64,
    changed: &mut derived::Changed,
) -> Result<()> {
    let previous: Vec<i64> = {
        let mut stmt = tx.prepare(
            "SELECT id FROM imports WHERE dataset = ?1 AND id <> ?2 AND replaced_by IS NULL",
        )?;
        let rows = stmt.query_map(params![dataset, import_id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for old in previous {
        for table in FACT_TABLES {
            if tx.execute(&format!("DELETE FROM {table} WHERE import_id = ?1"), [old])? > 0 {
                changed.note(table);
            }
        }
        tx.execute(
            "UPDATE imports SET replaced_by = ?1 WHERE id = ?2",
            [import_id, old],
        )?;
    }
    Ok(())
}

/// Prepared statements for every fact type, reused for every row.
struct Writer<'t> {
    import_id: i64,
    precedence: i64,
    gene: Statement<'t>,
    alias: Statement<'t>,
    xref: Statement<'t>,
    gene_pubmed: Statement<'t>,
    generif: Statement<'t>,
    publication: Statement<'t>,
    go: Statement<'t>,
    go_term: Statement<'t>,
    protein: Statement<'t>,
    protein_gene: Statement<'t>,
}

impl<'t> Writer<'t> {
    fn new(tx: &'t Transaction<'_>, import_id: i64) -> Result<Self> {
        let kind: String =
            tx.query_row("SELECT kind FROM imports WHERE id = ?1", [import_id], |r| {
                r.get(0)
            })?;
        let precedence = locus_model::SourceKind::parse(&kind)
            .map(|k| k.gene_precedence())
            .unwrap_or(9) as i64;
        Ok(Writer {
            import_id,
            precedence,
            gene: tx.prepare(
                "INSERT OR REPLACE INTO gene (gene_id, import_id, tax_id, symbol, locus_tag, chromosome, map_location,
                 description, gene_type, nomenclature_symbol, nomenclature_name, nomenclature_status,
                 modification_date, precedence) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)",
            )?,
            alias: tx.prepare("INSERT OR IGNORE INTO gene_alias (gene_id, kind, alias, import_id) VALUES (?1, ?2, ?3, ?4)")?,
            xref: tx.prepare("INSERT OR IGNORE INTO gene_xref (gene_id, db, xref_id, import_id) VALUES (?1, ?2, ?3, ?4)")?,
            gene_pubmed: tx.prepare("INSERT OR IGNORE INTO gene_pubmed (gene_id, pmid, import_id) VALUES (?1, ?2, ?3)")?,
            generif: tx.prepare(
                "INSERT INTO generif (gene_id, tax_id, pmids, last_update, text, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
            publication: tx.prepare(
                "INSERT OR REPLACE INTO publication (pmid, import_id, title, journal, year, authors, abstract, mesh, doi)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?,
            go: tx.prepare(
                "INSERT OR IGNORE INTO go_annotation (gene_id, aspect, go_id, evidence, term, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
            go_term: tx.prepare(
                "INSERT OR REPLACE INTO go_term (go_id, import_id, name, aspect, definition) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?,
            protein: tx.prepare(
                "INSERT OR REPLACE INTO protein (accession, import_id, entry_name, reviewed, protein_name, gene_names, secondary,
                 organism, tax_id, sequence, length) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?,
            protein_gene: tx.prepare("INSERT OR IGNORE INTO protein_gene (gene_id, accession, import_id) VALUES (?1, ?2, ?3)")?,
        })
    }

    fn write(&mut self, fact: Fact, counts: &mut BTreeMap<String, u64>) -> Result<()> {
        let id = self.import_id;
        let mut bump = |table: &str, n: usize| {
            if n > 0 {
                *counts.entry(table.to_string()).or_default() += n as u64;
            }
        };
        match fact {
            Fact::Gene(g) => {
                let n = self.gene.execute(params![
                    g.gene_id as i64,
                    id,
                    g.tax_id,
                    g.symbol,
                    g.locus_tag,
                    g.chromosome,
                    g.map_location,
                    g.description,
                    g.gene_type,
                    g.nomenclature_symbol,
                    g.nomenclature_name,
                    g.nomenclature_status,
                    g.modification_date,
                    self.precedence
                ])?;
                bump("gene", n);
                let mut aliases = 0;
                for s in g.synonyms.iter().filter(|s| **s != g.symbol) {
                    aliases += self
                        .alias
                        .execute(params![g.gene_id as i64, "synonym", s, id])?;
                }
                for s in &g.other_designations {
                    aliases +=
                        self.alias
                            .execute(params![g.gene_id as i64, "designation", s, id])?;
                }
                bump("gene_alias", aliases);
                let mut xrefs = 0;
                for x in &g.db_xrefs {
                    xrefs += self
                        .xref
                        .execute(params![g.gene_id as i64, x.db, x.id, id])?;
                }
                bump("gene_xref", xrefs);
            }
            Fact::Alias(a) => {
                let n = self
                    .alias
                    .execute(params![a.gene_id as i64, "synonym", a.alias, id])?;
                bump("gene_alias", n);
            }
            Fact::Xref { gene_id, xref } => {
                let n = self
                    .xref
                    .execute(params![gene_id as i64, xref.db, xref.id, id])?;
                bump("gene_xref", n);
            }
            Fact::GenePubmed(l) => {
                let n = self
                    .gene_pubmed
                    .execute(params![l.gene_id as i64, l.pmid, id])?;
                bump("gene_pubmed", n);
            }
            Fact::GeneRif(r) => {
                let pmids = r
                    .pmids
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(",");
                let n = self.generif.execute(params![
                    r.gene_id as i64,
                    r.tax_id,
                    pmids,
                    r.last_update,
                    r.text,
                    id
                ])?;
                bump("generif", n);
            }
            Fact::Publication(p) => {
                let authors = to_json(&p.authors, "publication", "authors")?;
                let mesh = to_json(&p.mesh, "publication", "mesh")?;
                let n = self.publication.execute(params![
                    p.pmid,
                    id,
                    p.title,
                    p.journal,
                    p.year,
                    authors,
                    p.abstract_text,
                    mesh,
                    p.doi
                ])?;
                bump("publication", n);
            }
            Fact::Go(g) => {
                let n = self.go.execute(params![
                    g.gene_id as i64,
                    g.aspect.code(),
                    g.go_id,
                    g.evidence,
                    g.term,
                    id
                ])?;
                bump("go_annotation", n);
            }
            Fact::GoTerm(t) => {
                let n = self.go_term.execute(params![
                    t.go_id,
                    id,
                    t.name,
                    t.aspect.code(),
                    t.definition
                ])?;
                bump("go_term", n);
            }
            Fact::Protein(p) => {
                let Some(primary) = p.accessions.first() else {
                    return Err(StoreError::Corrupt {
                        table: "protein",
                        column: "accession",
                        message: format!("entry {} has no accession", p.entry_name),
                    });
                };
                let gene_names = to_json(&p.gene_names, "protein", "gene_names")?;
                let secondary = to_json(&p.accessions[1..], "protein", "secondary")?;
                let n = self.protein.execute(params![
                    primary,
                    id,
                    p.entry_name,
                    p.reviewed,
                    p.protein_name,
                    gene_names,
                    secondary,
                    p.organism,
                    p.tax_id,
                    p.sequence,
                    p.length
                ])?;
                bump("protein", n);
                for gene_id in &p.gene_ids {
                    self.protein_gene
                        .execute(params![*gene_id as i64, primary, id])?;
                }
            }
        }
        Ok(())
    }
}

fn to_json<T: serde::Serialize + ?Sized>(
    v: &T,
    table: &'static str,
    column: &'static str,
) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt {
        table,
        column,
        message: e.to_string(),
    })
}
