//! One import = one transaction.
//!
//! The import row, the deletion of the facts of any earlier import of the
//! same dataset, every new fact and the rebuilt derived facts commit
//! together. If the source yields an error, or the process dies, SQLite
//! rolls all of it back and the store is exactly as before.

use std::collections::BTreeMap;

use locus_model::SourceKind;
use locus_model::{Fact, GeneId, GeneRef, ImportRecord, TaxId};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, Statement, Transaction, TransactionBehavior};

use super::derived;
use super::resolve::{Resolved, Resolver};
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
    "regulation",
    "ortholog",
    "interaction",
    "binding_site",
    "unresolved",
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
    // Every row's import_id is the id inserted just below; checking the
    // foreign key once per row would only cost time.
    conn.pragma_update(None, "foreign_keys", "OFF")?;
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
        let mut w = Writer::new(&tx, import_id, meta.kind)?;
        let mut n = 0u64;
        while let Some(fact) = facts.next_fact() {
            let fact = fact.map_err(StoreError::Source)?;
            w.write(fact, &mut counts)?;
            n += 1;
            if n.is_multiple_of(PROGRESS_EVERY) {
                progress(n);
            }
        }
        w.finish(&mut counts)?;
        changed.proteins |= w.named_uniprot;
        changed.edge_pairs.append(&mut w.edge_pairs);
        progress(n);
    }
    refuse_if_nothing_resolved(&tx, meta.kind, import_id, &counts)?;
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

/// Fails a network import of which no row resolved (a `tfs_of_` file
/// whose protein the store cannot map, a mouse file imported as human):
/// committing it would only replace good data with a list of failures.
fn refuse_if_nothing_resolved(
    tx: &Transaction<'_>,
    kind: SourceKind,
    import_id: i64,
    counts: &BTreeMap<String, u64>,
) -> Result<()> {
    let written: u64 = ["regulation", "ortholog", "interaction", "binding_site"]
        .iter()
        .filter_map(|t| counts.get(*t))
        .sum();
    let skipped: u64 = counts
        .iter()
        .filter(|(k, _)| k.ends_with("_rows_skipped"))
        .map(|(_, v)| v)
        .sum();
    if written > 0 || skipped == 0 {
        return Ok(());
    }
    let (line, role, identifier, reason) = tx.query_row(
        "SELECT line, role, identifier, reason FROM unresolved WHERE import_id = ?1 ORDER BY id LIMIT 1",
        [import_id],
        |r| Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    Err(StoreError::NothingResolved {
        kind: kind.as_str(),
        rows: skipped,
        line: line as u64,
        role,
        identifier,
        reason,
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
        // Regulation rows that name UniProt accessions feed gene_uniprot.
        let named_uniprot: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM regulation WHERE import_id = ?1
                 AND (tf_uniprot IS NOT NULL OR target_uniprot IS NOT NULL))",
            [old],
            |r| r.get(0),
        )?;
        changed.proteins |= named_uniprot;
        let mut stmt = tx.prepare_cached(
            "SELECT DISTINCT tf_gene, target_gene FROM regulation WHERE import_id = ?1",
        )?;
        let pairs = stmt.query_map([old], |r| Ok((r.get(0)?, r.get(1)?)))?;
        for p in pairs {
            changed.edge_pairs.insert(p?);
        }
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

/// Rows per multi-row `INSERT` for the high-volume fact tables. One
/// statement per 128 rows instead of per row roughly halves the write time
/// of a full org.Hs.eg.db import.
const BATCH_ROWS: usize = 128;

/// Buffers rows of one table and inserts them `BATCH_ROWS` at a time.
struct Batch<'t> {
    table: &'static str,
    /// `INSERT OR IGNORE INTO t (a, b, c) VALUES`
    head: &'static str,
    width: usize,
    values: Vec<Value>,
    full: Statement<'t>,
    tx: &'t Transaction<'t>,
}

impl<'t> Batch<'t> {
    fn new(
        tx: &'t Transaction<'t>,
        table: &'static str,
        head: &'static str,
        width: usize,
    ) -> Result<Self> {
        let full = tx.prepare(&Self::sql(head, width, BATCH_ROWS))?;
        Ok(Batch {
            table,
            head,
            width,
            values: Vec::with_capacity(width * BATCH_ROWS),
            full,
            tx,
        })
    }

    fn sql(head: &str, width: usize, rows: usize) -> String {
        let row = format!("({})", vec!["?"; width].join(","));
        format!("{head} {}", vec![row; rows].join(","))
    }

    fn push(
        &mut self,
        row: impl IntoIterator<Item = Value>,
        counts: &mut BTreeMap<String, u64>,
    ) -> Result<()> {
        self.values.extend(row);
        if self.values.len() == self.width * BATCH_ROWS {
            let n = self.full.execute(params_from_iter(self.values.drain(..)))?;
            bump(counts, self.table, n);
        }
        Ok(())
    }

    fn flush(&mut self, counts: &mut BTreeMap<String, u64>) -> Result<()> {
        if self.values.is_empty() {
            return Ok(());
        }
        let rows = self.values.len() / self.width;
        let n = self
            .tx
            .prepare(&Self::sql(self.head, self.width, rows))?
            .execute(params_from_iter(self.values.drain(..)))?;
        bump(counts, self.table, n);
        Ok(())
    }
}

fn bump(counts: &mut BTreeMap<String, u64>, table: &str, n: usize) {
    if n > 0 {
        *counts.entry(table.to_string()).or_default() += n as u64;
    }
}

fn int(v: impl Into<i64>) -> Value {
    Value::Integer(v.into())
}

fn gene_int(v: u64) -> Value {
    // GeneIDs are far below 2^63; SQLite integers are signed.
    Value::Integer(v as i64)
}

/// Prepared statements for every fact type, reused for every row.
struct Writer<'t> {
    import_id: i64,
    precedence: i64,
    gene: Statement<'t>,
    alias: Batch<'t>,
    xref: Batch<'t>,
    gene_pubmed: Batch<'t>,
    go: Batch<'t>,
    generif: Statement<'t>,
    publication: Statement<'t>,
    go_term: Statement<'t>,
    protein: Statement<'t>,
    protein_gene: Statement<'t>,
    regulation: Statement<'t>,
    ortholog: Statement<'t>,
    interaction: Statement<'t>,
    binding_site: Statement<'t>,
    unresolved: Statement<'t>,
    kind: SourceKind,
    tx: &'t Transaction<'t>,
    /// Loaded at the first network fact; gene imports never need it.
    resolver: Option<Resolver<'t>>,
    /// Organisms already checked to have genes in the store.
    organisms_checked: Vec<TaxId>,
    /// Whether a regulation row named a UniProt accession (TFLink), which
    /// the choice of each gene's shown accession takes into account.
    named_uniprot: bool,
    /// The (TF, target) pairs of the regulation rows written.
    edge_pairs: std::collections::BTreeSet<(i64, i64)>,
}

impl<'t> Writer<'t> {
    fn new(tx: &'t Transaction<'t>, import_id: i64, kind: SourceKind) -> Result<Self> {
        Ok(Writer {
            import_id,
            precedence: i64::from(kind.gene_precedence()),
            gene: tx.prepare(
                "INSERT OR REPLACE INTO gene (gene_id, import_id, tax_id, symbol, locus_tag, chromosome, map_location,
                 description, gene_type, nomenclature_symbol, nomenclature_name, nomenclature_status,
                 modification_date, precedence) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)",
            )?,
            alias: Batch::new(tx, "gene_alias", "INSERT OR IGNORE INTO gene_alias (gene_id, kind, alias, import_id) VALUES", 4)?,
            xref: Batch::new(tx, "gene_xref", "INSERT OR IGNORE INTO gene_xref (gene_id, db, xref_id, import_id) VALUES", 4)?,
            gene_pubmed: Batch::new(tx, "gene_pubmed", "INSERT OR IGNORE INTO gene_pubmed (gene_id, pmid, import_id) VALUES", 3)?,
            go: Batch::new(
                tx,
                "go_annotation",
                "INSERT OR IGNORE INTO go_annotation (gene_id, aspect, go_id, evidence, term, import_id) VALUES",
                6,
            )?,
            generif: tx.prepare(
                "INSERT INTO generif (gene_id, tax_id, pmids, last_update, text, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
            publication: tx.prepare(
                "INSERT OR REPLACE INTO publication (pmid, import_id, title, journal, year, authors, abstract, mesh, doi)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?,
            go_term: tx.prepare(
                "INSERT OR REPLACE INTO go_term (go_id, import_id, name, aspect, definition) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?,
            protein: tx.prepare(
                "INSERT OR REPLACE INTO protein (accession, import_id, entry_name, reviewed, protein_name, gene_names, secondary,
                 organism, tax_id, sequence, length) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?,
            protein_gene: tx.prepare("INSERT OR IGNORE INTO protein_gene (gene_id, accession, import_id) VALUES (?1, ?2, ?3)")?,
            regulation: tx.prepare(
                "INSERT INTO regulation (import_id, tf_gene, target_gene, tax_id, databases, methods, pmids, mode, weight,
                 small_scale, tf_uniprot, target_uniprot, line) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
            )?,
            ortholog: tx.prepare(
                "INSERT INTO ortholog (import_id, gene_id, ortholog_gene, homology_type, confidence, goc_score, line)
                 VALUES (?1,?2,?3,?4,?5,?6,?7)",
            )?,
            interaction: tx.prepare(
                "INSERT INTO interaction (gene_a, gene_b, import_id, tax_id, protein_a, protein_b, neighborhood, fusion,
                 cooccurence, coexpression, experimental, database, textmining, combined_score)
                 VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)
                 ON CONFLICT (gene_a, gene_b, import_id) DO UPDATE SET
                   protein_a = excluded.protein_a, protein_b = excluded.protein_b,
                   neighborhood = excluded.neighborhood, fusion = excluded.fusion,
                   cooccurence = excluded.cooccurence, coexpression = excluded.coexpression,
                   experimental = excluded.experimental, database = excluded.database,
                   textmining = excluded.textmining, combined_score = excluded.combined_score
                 WHERE excluded.combined_score > interaction.combined_score",
            )?,
            binding_site: tx.prepare(
                "INSERT INTO binding_site (import_id, tf_gene, tflink_id, assembly, chromosome, start, \"end\", strand,
                 methods, pmids, databases, small_scale) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)",
            )?,
            unresolved: tx.prepare(
                "INSERT INTO unresolved (import_id, line, role, identifier, reason, candidates) VALUES (?1,?2,?3,?4,?5,?6)",
            )?,
            kind,
            tx,
            resolver: None,
            organisms_checked: Vec::new(),
            named_uniprot: false,
            edge_pairs: std::collections::BTreeSet::new(),
        })
    }

    /// Writes what is still buffered; call once after the last fact.
    fn finish(&mut self, counts: &mut BTreeMap<String, u64>) -> Result<()> {
        self.alias.flush(counts)?;
        self.xref.flush(counts)?;
        self.gene_pubmed.flush(counts)?;
        self.go.flush(counts)
    }

    /// Resolves one end of a network fact. Unresolved ends are written to
    /// `unresolved` and counted, so they are reported, never dropped.
    fn resolve(
        &mut self,
        r: &GeneRef,
        role: &'static str,
        line: u64,
        counts: &mut BTreeMap<String, u64>,
    ) -> Result<Option<GeneId>> {
        if self.resolver.is_none() {
            self.resolver = Some(Resolver::new(self.tx)?);
        }
        let Some(resolver) = self.resolver.as_mut() else {
            return Ok(None);
        };
        if !self.organisms_checked.contains(&r.tax_id) {
            if !resolver.has_organism(r.tax_id)? {
                let organism = locus_model::organism_name(r.tax_id)
                    .map(|n| format!("{n} (taxon {})", r.tax_id))
                    .unwrap_or_else(|| format!("taxon {}", r.tax_id));
                return Err(StoreError::NoGenesOfOrganism {
                    organism,
                    kind: self.kind.as_str(),
                });
            }
            self.organisms_checked.push(r.tax_id);
        }
        let (reason, candidates) = match resolver.resolve(r)? {
            Resolved::Gene { gene_id, by } => {
                if by == "alias" {
                    bump(counts, "resolved_by_alias", 1);
                }
                return Ok(Some(gene_id));
            }
            Resolved::NotFound => ("not_found", Vec::new()),
            Resolved::Ambiguous(c) => ("ambiguous", c),
            Resolved::Complex => ("complex", Vec::new()),
        };
        bump(counts, &format!("unresolved_{reason}"), 1);
        let candidates = to_json(&candidates, "unresolved", "candidates")?;
        self.unresolved.execute(params![
            self.import_id,
            line as i64,
            role,
            r.display(),
            reason,
            candidates
        ])?;
        Ok(None)
    }

    /// Writes a network fact: resolves its genes first.
    fn write_network(&mut self, fact: Fact, counts: &mut BTreeMap<String, u64>) -> Result<()> {
        let id = self.import_id;
        match fact {
            Fact::Regulation(e) => {
                let tf = self.resolve(&e.tf, "tf", e.line, counts)?;
                let target = self.resolve(&e.target, "target", e.line, counts)?;
                let (Some(tf), Some(target)) = (tf, target) else {
                    bump(counts, "regulation_rows_skipped", 1);
                    return Ok(());
                };
                self.named_uniprot |= e.tf.uniprot.is_some() || e.target.uniprot.is_some();
                let n = self.regulation.execute(params![
                    id,
                    tf as i64,
                    target as i64,
                    e.tf.tax_id,
                    to_json(&e.databases, "regulation", "databases")?,
                    to_json(&e.methods, "regulation", "methods")?,
                    to_json(&e.pmids, "regulation", "pmids")?,
                    e.mode.map(|m| m.as_str()),
                    e.weight,
                    e.small_scale,
                    e.tf.uniprot,
                    e.target.uniprot,
                    e.line as i64
                ])?;
                self.edge_pairs.insert((tf as i64, target as i64));
                bump(counts, "regulation", n);
            }
            Fact::Ortholog(o) => {
                let gene = self.resolve(&o.gene, "gene", o.line, counts)?;
                let other = self.resolve(&o.ortholog, "ortholog", o.line, counts)?;
                let (Some(gene), Some(other)) = (gene, other) else {
                    bump(counts, "ortholog_rows_skipped", 1);
                    return Ok(());
                };
                let n = self.ortholog.execute(params![
                    id,
                    gene as i64,
                    other as i64,
                    o.homology_type,
                    o.confidence,
                    o.goc_score,
                    o.line as i64
                ])?;
                bump(counts, "ortholog", n);
            }
            Fact::Interaction(i) => {
                let a = self.resolve(&i.a, "protein_a", i.line, counts)?;
                let b = self.resolve(&i.b, "protein_b", i.line, counts)?;
                let (Some(a), Some(b)) = (a, b) else {
                    bump(counts, "interaction_rows_skipped", 1);
                    return Ok(());
                };
                if a == b {
                    // Two proteins of one gene: not a gene–gene edge.
                    bump(counts, "interaction_same_gene", 1);
                    return Ok(());
                }
                let (ga, gb, pa, pb) = if a < b {
                    (a, b, &i.a, &i.b)
                } else {
                    (b, a, &i.b, &i.a)
                };
                let s = i.scores;
                let n = self.interaction.execute(params![
                    ga as i64,
                    gb as i64,
                    id,
                    i.a.tax_id,
                    pa.ensembl.as_deref().unwrap_or(""),
                    pb.ensembl.as_deref().unwrap_or(""),
                    s.neighborhood,
                    s.fusion,
                    s.cooccurence,
                    s.coexpression,
                    s.experimental,
                    s.database,
                    s.textmining,
                    s.combined_score
                ])?;
                bump(counts, "interaction", n);
            }
            Fact::BindingSite(b) => {
                let Some(tf) = self.resolve(&b.tf, "tf", b.line, counts)? else {
                    bump(counts, "binding_site_rows_skipped", 1);
                    return Ok(());
                };
                let n = self.binding_site.execute(params![
                    id,
                    tf as i64,
                    b.tflink_id,
                    b.assembly,
                    b.chromosome,
                    b.start as i64,
                    b.end as i64,
                    b.strand,
                    to_json(&b.methods, "binding_site", "methods")?,
                    to_json(&b.pmids, "binding_site", "pmids")?,
                    to_json(&b.databases, "binding_site", "databases")?,
                    b.small_scale
                ])?;
                bump(counts, "binding_site", n);
            }
            other => {
                return Err(StoreError::Corrupt {
                    table: "imports",
                    column: "kind",
                    message: format!("not a network fact: {other:?}"),
                })
            }
        }
        Ok(())
    }

    fn write(&mut self, fact: Fact, counts: &mut BTreeMap<String, u64>) -> Result<()> {
        let id = self.import_id;
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
                bump(counts, "gene", n);
                for s in g.synonyms.into_iter().filter(|s| *s != g.symbol) {
                    let row = [
                        gene_int(g.gene_id),
                        Value::Text("synonym".into()),
                        Value::Text(s),
                        int(id),
                    ];
                    self.alias.push(row, counts)?;
                }
                for s in g.other_designations {
                    let row = [
                        gene_int(g.gene_id),
                        Value::Text("designation".into()),
                        Value::Text(s),
                        int(id),
                    ];
                    self.alias.push(row, counts)?;
                }
                for x in g.db_xrefs {
                    let row = [
                        gene_int(g.gene_id),
                        Value::Text(x.db),
                        Value::Text(x.id),
                        int(id),
                    ];
                    self.xref.push(row, counts)?;
                }
            }
            Fact::Alias(a) => {
                let row = [
                    gene_int(a.gene_id),
                    Value::Text("synonym".into()),
                    Value::Text(a.alias),
                    int(id),
                ];
                self.alias.push(row, counts)?;
            }
            Fact::Xref { gene_id, xref } => {
                let row = [
                    gene_int(gene_id),
                    Value::Text(xref.db),
                    Value::Text(xref.id),
                    int(id),
                ];
                self.xref.push(row, counts)?;
            }
            Fact::GenePubmed(l) => {
                self.gene_pubmed
                    .push([gene_int(l.gene_id), int(l.pmid), int(id)], counts)?;
            }
            Fact::Go(g) => {
                let row = [
                    gene_int(g.gene_id),
                    Value::Text(g.aspect.code().into()),
                    Value::Text(g.go_id),
                    Value::Text(g.evidence),
                    g.term.map(Value::Text).unwrap_or(Value::Null),
                    int(id),
                ];
                self.go.push(row, counts)?;
            }
            Fact::GeneRif(r) => {
                let pmids = locus_model::join_pmids(&r.pmids);
                let n = self.generif.execute(params![
                    r.gene_id as i64,
                    r.tax_id,
                    pmids,
                    r.last_update,
                    r.text,
                    id
                ])?;
                bump(counts, "generif", n);
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
                bump(counts, "publication", n);
            }
            Fact::GoTerm(t) => {
                let n = self.go_term.execute(params![
                    t.go_id,
                    id,
                    t.name,
                    t.aspect.code(),
                    t.definition
                ])?;
                bump(counts, "go_term", n);
            }
            Fact::Regulation(_)
            | Fact::Ortholog(_)
            | Fact::Interaction(_)
            | Fact::BindingSite(_) => self.write_network(fact, counts)?,
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
                bump(counts, "protein", n);
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
