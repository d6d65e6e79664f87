//! [`SqliteImport`]: one import transaction on its own connection.
//!
//! `BEGIN IMMEDIATE` takes the write lock at the start, so two imports
//! queue instead of failing halfway. Until `COMMIT`, WAL readers see the
//! store as it was; if the transaction is dropped or the process dies,
//! SQLite rolls all of it back. Statements are `prepare_cached`, so the
//! connection, not this struct, owns them.

use std::collections::BTreeMap;

use locus_model::{Fact, FactTable, GeneId, ImportId, ImportRecord, TaxId};
use locus_store::resolve::GeneLookup;
use locus_store::{Candidate, ImportMeta, ImportTx, Lookup, ResolvedFact, UnresolvedRow};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection};

use crate::derived;
use crate::sql::{corrupt, to_json};
use crate::Result;
use locus_store::import::Changed;

/// Rows per multi-row `INSERT` for the high-volume fact tables. One
/// statement per 128 rows instead of per row roughly halves the write time
/// of a full org.Hs.eg.db import.
const BATCH_ROWS: usize = 128;

/// Rows of one table waiting to be inserted `BATCH_ROWS` at a time.
struct Batch {
    table: FactTable,
    /// `INSERT OR IGNORE INTO t (a, b, c) VALUES`
    head: &'static str,
    width: usize,
    /// The statement for a full batch.
    full: String,
    values: Vec<Value>,
}

impl Batch {
    fn new(table: FactTable, head: &'static str, width: usize) -> Self {
        Batch {
            table,
            head,
            width,
            full: Self::sql(head, width, BATCH_ROWS),
            values: Vec::with_capacity(width * BATCH_ROWS),
        }
    }

    fn sql(head: &str, width: usize, rows: usize) -> String {
        let row = format!("({})", vec!["?"; width].join(","));
        format!("{head} {}", vec![row; rows].join(","))
    }

    /// Adds one row; returns the rows inserted if the batch was written.
    fn push(&mut self, conn: &Connection, row: impl IntoIterator<Item = Value>) -> Result<u64> {
        self.values.extend(row);
        if self.values.len() < self.width * BATCH_ROWS {
            return Ok(0);
        }
        let n = conn
            .prepare_cached(&self.full)?
            .execute(params_from_iter(self.values.drain(..)))?;
        Ok(n as u64)
    }

    fn flush(&mut self, conn: &Connection) -> Result<u64> {
        if self.values.is_empty() {
            return Ok(0);
        }
        let rows = self.values.len() / self.width;
        let n = conn
            .prepare(&Self::sql(self.head, self.width, rows))?
            .execute(params_from_iter(self.values.drain(..)))?;
        Ok(n as u64)
    }
}

fn int(v: impl Into<i64>) -> Value {
    Value::Integer(v.into())
}

fn gene(g: GeneId) -> Result<Value> {
    // GeneIDs are far below 2^63; SQLite integers are signed.
    i64::try_from(g.get())
        .map(Value::Integer)
        .map_err(|_| corrupt("gene", "gene_id", format!("GeneID {g} is out of range")))
}

fn text(s: String) -> Value {
    Value::Text(s)
}

/// One import transaction.
pub struct SqliteImport {
    conn: Connection,
    import_id: ImportId,
    precedence: i64,
    gene: Batch,
    alias: Batch,
    xref: Batch,
    gene_pubmed: Batch,
    go: Batch,
    /// Which derived tables the writes and deletions feed.
    changed: Changed,
    /// Rows written, by [`FactTable::index`].
    written: [u64; FactTable::ALL.len()],
    committed: bool,
}

impl SqliteImport {
    /// Takes the write lock and starts the transaction on `conn`.
    pub fn begin(conn: Connection) -> Result<Self> {
        // Generous page cache and in-memory temp b-trees for the bulk load
        // and the GROUP BYs of the derived facts.
        conn.pragma_update(None, "cache_size", -262_144)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // Every row's import_id is the id this transaction inserts;
        // checking the foreign key once per row would only cost time.
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(SqliteImport {
            conn,
            import_id: ImportId(0),
            precedence: 9,
            gene: Batch::new(
                FactTable::Gene,
                "INSERT OR REPLACE INTO gene (gene_id, import_id, tax_id, symbol, locus_tag, chromosome, map_location,
                 description, gene_type, nomenclature_symbol, nomenclature_name, nomenclature_status,
                 modification_date, precedence) VALUES",
                14,
            ),
            alias: Batch::new(
                FactTable::GeneAlias,
                "INSERT OR IGNORE INTO gene_alias (gene_id, kind, alias, import_id) VALUES",
                4,
            ),
            xref: Batch::new(
                FactTable::GeneXref,
                "INSERT OR IGNORE INTO gene_xref (gene_id, db, xref_id, import_id) VALUES",
                4,
            ),
            gene_pubmed: Batch::new(
                FactTable::GenePubmed,
                "INSERT OR IGNORE INTO gene_pubmed (gene_id, pmid, import_id) VALUES",
                3,
            ),
            go: Batch::new(
                FactTable::GoAnnotation,
                "INSERT OR IGNORE INTO go_annotation (gene_id, aspect, go_id, evidence, term, import_id) VALUES",
                6,
            ),
            changed: Changed::default(),
            written: [0; FactTable::ALL.len()],
            committed: false,
        })
    }

    fn id(&self) -> Value {
        int(self.import_id.get())
    }

    /// Counts rows written to `table`.
    fn wrote(&mut self, table: FactTable, n: u64) {
        if n > 0 {
            self.written[table.index()] += n;
            self.changed.note(table);
        }
    }

    fn batch(&mut self, which: FactTable, row: impl IntoIterator<Item = Value>) -> Result<()> {
        let conn = &self.conn;
        let batch = match which {
            FactTable::Gene => &mut self.gene,
            FactTable::GeneAlias => &mut self.alias,
            FactTable::GeneXref => &mut self.xref,
            FactTable::GenePubmed => &mut self.gene_pubmed,
            _ => &mut self.go,
        };
        let (table, n) = (batch.table, batch.push(conn, row)?);
        self.wrote(table, n);
        Ok(())
    }

    fn exec(&mut self, table: FactTable, sql: &str, p: impl rusqlite::Params) -> Result<()> {
        let n = self.conn.prepare_cached(sql)?.execute(p)?;
        self.wrote(table, n as u64);
        Ok(())
    }

    /// Indexes the words of a paper, GeneRIF or term for full-text search.
    fn text_doc(&mut self, kind: &str, key: &str, title: &str, body: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO text_doc (kind, key, import_id, title, body) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![kind, key, self.import_id.get(), title, body])?;
        Ok(())
    }

    fn write_direct(&mut self, fact: Fact) -> Result<()> {
        match fact {
            Fact::Gene(g) => {
                let opt = |v: Option<String>| v.map(Value::Text).unwrap_or(Value::Null);
                let row = [
                    gene(g.gene_id)?,
                    self.id(),
                    int(g.tax_id.get()),
                    text(g.symbol.clone()),
                    opt(g.locus_tag),
                    opt(g.chromosome),
                    opt(g.map_location),
                    opt(g.description),
                    opt(g.gene_type),
                    opt(g.nomenclature_symbol),
                    opt(g.nomenclature_name),
                    opt(g.nomenclature_status),
                    opt(g.modification_date),
                    int(self.precedence),
                ];
                self.batch(FactTable::Gene, row)?;
                let id = self.id();
                for s in g.synonyms.into_iter().filter(|s| *s != g.symbol) {
                    let row = [gene(g.gene_id)?, text("synonym".into()), text(s), id.clone()];
                    self.batch(FactTable::GeneAlias, row)?;
                }
                for s in g.other_designations {
                    let row = [gene(g.gene_id)?, text("designation".into()), text(s), id.clone()];
                    self.batch(FactTable::GeneAlias, row)?;
                }
                for x in g.db_xrefs {
                    let row = [gene(g.gene_id)?, text(x.db), text(x.id), id.clone()];
                    self.batch(FactTable::GeneXref, row)?;
                }
            }
            Fact::Alias(a) => {
                let row = [gene(a.gene_id)?, text("synonym".into()), text(a.alias), self.id()];
                self.batch(FactTable::GeneAlias, row)?;
            }
            Fact::Xref { gene_id, xref } => {
                let row = [gene(gene_id)?, text(xref.db), text(xref.id), self.id()];
                self.batch(FactTable::GeneXref, row)?;
            }
            Fact::GenePubmed(l) => {
                let row = [gene(l.gene_id)?, int(l.pmid.get()), self.id()];
                self.batch(FactTable::GenePubmed, row)?;
            }
            Fact::Go(g) => {
                let row = [
                    gene(g.gene_id)?,
                    text(g.aspect.code().into()),
                    text(g.go_id),
                    text(g.evidence),
                    g.term.map(Value::Text).unwrap_or(Value::Null),
                    self.id(),
                ];
                self.batch(FactTable::GoAnnotation, row)?;
            }
            Fact::GeneRif(r) => {
                self.text_doc("generif", &r.gene_id.to_string(), "", &r.text)?;
                self.exec(
                    FactTable::Generif,
                    "INSERT INTO generif (gene_id, tax_id, pmids, last_update, text, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        gene(r.gene_id)?,
                        r.tax_id.map(TaxId::get),
                        locus_model::join_pmids(&r.pmids),
                        r.last_update,
                        r.text,
                        self.import_id.get()
                    ],
                )?
            }
            Fact::Publication(p) => {
                self.text_doc(
                    "publication",
                    &p.pmid.to_string(),
                    &p.title,
                    p.abstract_text.as_deref().unwrap_or(""),
                )?;
                self.exec(
                FactTable::Publication,
                "INSERT OR REPLACE INTO publication (pmid, import_id, title, journal, year, authors, abstract, mesh, doi)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    p.pmid.get(),
                    self.import_id.get(),
                    p.title,
                    p.journal,
                    p.year,
                    to_json(&p.authors, "publication", "authors")?,
                    p.abstract_text,
                    to_json(&p.mesh, "publication", "mesh")?,
                    p.doi
                ],
            )?
            }
            Fact::Term(t) => {
                let kind = match t.id.kind() {
                    locus_model::TermKind::Disease => "disease",
                    locus_model::TermKind::Phenotype => "phenotype",
                    locus_model::TermKind::GoTerm => "go_term",
                };
                let id = t.id.to_string();
                let import = self.import_id.get();
                let mut names = t.name.clone();
                for syn in &t.synonyms {
                    names.push_str("; ");
                    names.push_str(syn);
                }
                self.text_doc("term", &id, &names, t.definition.as_deref().unwrap_or(""))?;
                self.exec(
                    FactTable::Term,
                    "INSERT OR REPLACE INTO term (id, import_id, kind, name, definition, synonyms, xrefs, obsolete, replaced_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![
                        id,
                        import,
                        kind,
                        t.name,
                        t.definition,
                        to_json(&t.synonyms, "term", "synonyms")?,
                        to_json(&t.xrefs, "term", "xrefs")?,
                        t.obsolete,
                        t.replaced_by.map(|r| r.to_string())
                    ],
                )?;
                for p in &t.parents {
                    self.conn
                        .prepare_cached("INSERT OR IGNORE INTO term_parent (child, parent, import_id) VALUES (?1, ?2, ?3)")?
                        .execute(params![id, p.to_string(), import])?;
                }
                // Stored by the canonical id where the xref is a term of a
                // known vocabulary (`ORDO:558` → `ORPHA:558`), so lookups
                // meet whatever spelling the source used.
                for x in &t.xrefs {
                    let key = x
                        .parse::<locus_model::TermId>()
                        .map(|t| t.to_string())
                        .unwrap_or_else(|_| x.clone());
                    self.conn
                        .prepare_cached("INSERT OR IGNORE INTO term_xref (xref, id, import_id) VALUES (?1, ?2, ?3)")?
                        .execute(params![key, id, import])?;
                }
            }
            Fact::DiseasePhenotype(d) => self.exec(
                FactTable::DiseasePhenotype,
                "INSERT INTO disease_phenotype (import_id, disease, disease_name, negated, phenotype, refs, evidence, onset, frequency, sex, modifiers, aspect, biocuration)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![
                    self.import_id.get(),
                    d.disease.to_string(),
                    d.disease_name,
                    d.negated,
                    d.phenotype.to_string(),
                    to_json(&d.references, "disease_phenotype", "refs")?,
                    d.evidence,
                    d.onset.map(|o| o.to_string()),
                    d.frequency,
                    d.sex,
                    to_json(&d.modifiers, "disease_phenotype", "modifiers")?,
                    d.aspect,
                    d.biocuration
                ],
            )?,
            Fact::AnnotatedDocument(d) => self.exec(
                FactTable::PubtatorDocument,
                "INSERT OR REPLACE INTO pubtator_document (pmid, import_id, title, abstract, line)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![d.pmid.get(), self.import_id.get(), d.title, d.abstract_text, d.line],
            )?,
            Fact::TextAnnotation(a) => self.exec(
                FactTable::PubtatorAnnotation,
                "INSERT INTO pubtator_annotation (import_id, pmid, start, end, mention, type, concepts, line)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    self.import_id.get(),
                    a.pmid.get(),
                    a.start,
                    a.end,
                    a.mention,
                    a.mention_type.as_str(),
                    to_json(&a.concepts, "pubtator_annotation", "concepts")?,
                    a.line
                ],
            )?,
            Fact::Expression(_)
            | Fact::AnatomicalExpression(_)
            | Fact::GeneDisease(_)
            | Fact::GenePhenotype(_)
            | Fact::Gaf(_) => {
                return Err(corrupt(
                    "expression",
                    "gene_id",
                    "a row naming its gene as the file does reached the store unresolved".to_string(),
                ))
            }
            Fact::GoTerm(t) => self.exec(
                FactTable::GoTerm,
                "INSERT OR REPLACE INTO go_term (go_id, import_id, name, aspect, definition) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![t.go_id, self.import_id.get(), t.name, t.aspect.code(), t.definition],
            )?,
            Fact::Protein(p) => {
                let Some(primary) = p.accessions.first() else {
                    return Err(corrupt(
                        "protein",
                        "accession",
                        format!("entry {} has no accession", p.entry_name),
                    ));
                };
                self.exec(
                    FactTable::Protein,
                    "INSERT OR REPLACE INTO protein (accession, import_id, entry_name, reviewed, protein_name, gene_names, secondary,
                     organism, tax_id, sequence, length) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                    params![
                        primary,
                        self.import_id.get(),
                        p.entry_name,
                        p.reviewed,
                        p.protein_name,
                        to_json(&p.gene_names, "protein", "gene_names")?,
                        to_json(&p.accessions[1..], "protein", "secondary")?,
                        p.organism,
                        p.tax_id.map(TaxId::get),
                        p.sequence,
                        p.length
                    ],
                )?;
                for gene_id in &p.gene_ids {
                    self.exec(
                        FactTable::ProteinGene,
                        "INSERT OR IGNORE INTO protein_gene (gene_id, accession, import_id) VALUES (?1, ?2, ?3)",
                        params![gene(*gene_id)?, primary, self.import_id.get()],
                    )?;
                }
            }
            network @ (Fact::Regulation(_)
            | Fact::Ortholog(_)
            | Fact::Interaction(_)
            | Fact::BindingSite(_)) => {
                return Err(corrupt(
                    "imports",
                    "kind",
                    format!("a network fact reached the store unresolved: {network:?}"),
                ))
            }
        }
        Ok(())
    }
}

impl SqliteImport {
    /// Writes a fact whose genes the workflow resolved: a network row
    /// here, any other fact through [`Self::write_direct`].
    fn write_resolved(&mut self, fact: ResolvedFact) -> Result<()> {
        let id = self.import_id.get();
        match fact {
            ResolvedFact::Regulation { tf, target, row } => {
                self.changed.proteins |= row.tf.uniprot.is_some() || row.target.uniprot.is_some();
                self.changed.edge_pairs.insert((tf, target));
                self.exec(
                    FactTable::Regulation,
                    "INSERT INTO regulation (import_id, tf_gene, target_gene, tax_id, databases, methods, pmids, mode, weight,
                     small_scale, tf_uniprot, target_uniprot, line) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
                    params![
                        id,
                        gene(tf)?,
                        gene(target)?,
                        row.tf.tax_id.get(),
                        to_json(&row.databases, "regulation", "databases")?,
                        to_json(&row.methods, "regulation", "methods")?,
                        to_json(&row.pmids, "regulation", "pmids")?,
                        row.mode.map(|m| m.as_str()),
                        row.weight,
                        row.small_scale,
                        row.tf.uniprot,
                        row.target.uniprot,
                        row.line
                    ],
                )?
            }
            ResolvedFact::Ortholog { gene: g, ortholog, row } => self.exec(
                FactTable::Ortholog,
                "INSERT INTO ortholog (import_id, gene_id, ortholog_gene, homology_type, confidence, goc_score, line)
                 VALUES (?1,?2,?3,?4,?5,?6,?7)",
                params![
                    id,
                    gene(g)?,
                    gene(ortholog)?,
                    row.homology_type,
                    row.confidence,
                    row.goc_score,
                    row.line
                ],
            )?,
            ResolvedFact::Interaction {
                a,
                b,
                protein_a,
                protein_b,
                row,
            } => {
                let s = row.scores;
                self.exec(
                    FactTable::Interaction,
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
                    params![
                        gene(a)?,
                        gene(b)?,
                        id,
                        row.a.tax_id.get(),
                        protein_a,
                        protein_b,
                        s.neighborhood,
                        s.fusion,
                        s.cooccurence,
                        s.coexpression,
                        s.experimental,
                        s.database,
                        s.textmining,
                        s.combined_score
                    ],
                )?
            }
            ResolvedFact::BindingSite { tf, row } => self.exec(
                FactTable::BindingSite,
                "INSERT INTO binding_site (import_id, tf_gene, tflink_id, assembly, chromosome, start, \"end\", strand,
                 methods, pmids, databases, small_scale) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)",
                params![
                    id,
                    gene(tf)?,
                    row.tflink_id,
                    row.assembly,
                    row.chromosome,
                    row.start,
                    row.end,
                    row.strand,
                    to_json(&row.methods, "binding_site", "methods")?,
                    to_json(&row.pmids, "binding_site", "pmids")?,
                    to_json(&row.databases, "binding_site", "databases")?,
                    row.small_scale
                ],
            )?,
            ResolvedFact::Expression { gene: g, row: e } => self.exec(
                FactTable::DifferentialExpression,
                "INSERT INTO differential_expression (import_id, gene_id, condition, reference, condition_uri, contrast, experiment, log2fc, p_value, adjusted_p)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    id,
                    gene(g)?,
                    e.condition,
                    e.reference,
                    e.condition_uri,
                    e.contrast,
                    e.experiment,
                    e.log2_fold_change,
                    e.p_value,
                    e.adjusted_p_value
                ],
            )?,
            ResolvedFact::AnatomicalExpression { gene: g, row: e } => self.exec(
                FactTable::ExpressionCall,
                "INSERT INTO expression_call (import_id, gene_id, entity_id, entity_name, stage_id, stage_name, sex, strain, call, quality, fdr, score, rank)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![
                    id,
                    gene(g)?,
                    e.anatomical_entity_id,
                    e.anatomical_entity_name,
                    e.developmental_stage_id,
                    e.developmental_stage_name,
                    e.sex,
                    e.strain,
                    e.call.as_str(),
                    e.quality,
                    e.fdr,
                    e.score,
                    e.rank
                ],
            )?,
            ResolvedFact::GeneDisease { gene: g, row: d } => self.exec(
                FactTable::GeneDisease,
                "INSERT INTO gene_disease (import_id, gene_id, disease, disease_name, association, status, source, pmids)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    id,
                    gene(g)?,
                    d.disease.to_string(),
                    d.disease_name,
                    d.association,
                    d.status,
                    d.source,
                    to_json(&d.pmids, "gene_disease", "pmids")?
                ],
            )?,
            ResolvedFact::GenePhenotype { gene: g, row: p } => self.exec(
                FactTable::GenePhenotype,
                "INSERT INTO gene_phenotype (import_id, gene_id, phenotype, phenotype_name, frequency, disease)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    id,
                    gene(g)?,
                    p.phenotype.to_string(),
                    p.phenotype_name,
                    p.frequency,
                    p.disease.map(|d| d.to_string())
                ],
            )?,
            // A GAF repeats gene, term and evidence with other references:
            // one annotation row, its references gathered.
            ResolvedFact::Gaf { gene: g, row: a } => self.exec(
                FactTable::GoAnnotation,
                "INSERT INTO go_annotation (gene_id, aspect, go_id, evidence, term, import_id, qualifier, refs)
                 VALUES (?1, ?2, ?3, ?4, NULL, ?5, ?6, ?7)
                 ON CONFLICT (gene_id, aspect, go_id, evidence, import_id) DO UPDATE SET
                     refs = (SELECT json_group_array(DISTINCT value) FROM
                             (SELECT value FROM json_each(go_annotation.refs)
                              UNION ALL SELECT value FROM json_each(excluded.refs)))",
                params![
                    gene(g)?,
                    a.aspect.code(),
                    a.go_id,
                    a.evidence,
                    id,
                    a.qualifier,
                    to_json(&a.references, "go_annotation", "refs")?
                ],
            )?,
            ResolvedFact::Direct(f) => self.write_direct(f)?,
        }
        Ok(())
    }
}

impl GeneLookup for SqliteImport {
    fn candidates(
        &mut self,
        lookup: Lookup<'_>,
        tax_id: TaxId,
    ) -> locus_store::Result<Vec<Candidate>> {
        Ok(crate::lookup::candidates(&self.conn, lookup, tax_id)?)
    }

    fn has_organism(&mut self, tax_id: TaxId) -> locus_store::Result<bool> {
        Ok(crate::lookup::has_organism(&self.conn, tax_id)?)
    }
}

impl ImportTx for SqliteImport {
    fn start(&mut self, meta: &ImportMeta, started_at: &str) -> locus_store::Result<ImportId> {
        self.conn.execute(
            "INSERT INTO imports (kind, dataset, file_name, sha256, release, started_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                meta.kind.as_str(),
                meta.dataset,
                meta.file_name,
                meta.sha256,
                meta.release,
                started_at
            ],
        ).map_err(crate::Error::from)?;
        self.import_id = ImportId(self.conn.last_insert_rowid());
        self.precedence = i64::from(meta.kind.gene_precedence());
        Ok(self.import_id)
    }

    fn start_as(
        &mut self,
        meta: &ImportMeta,
        started_at: &str,
        id: ImportId,
    ) -> locus_store::Result<()> {
        // An INTEGER PRIMARY KEY takes the id given; later imports get
        // the largest id plus one.
        self.conn.execute(
            "INSERT INTO imports (id, kind, dataset, file_name, sha256, release, started_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id.get(),
                meta.kind.as_str(),
                meta.dataset,
                meta.file_name,
                meta.sha256,
                meta.release,
                started_at
            ],
        ).map_err(crate::Error::from)?;
        self.import_id = id;
        self.precedence = i64::from(meta.kind.gene_precedence());
        Ok(())
    }

    fn is_live(&mut self, id: ImportId) -> locus_store::Result<bool> {
        let run = || -> Result<bool> {
            let n: i64 = self.conn.query_row(
                "SELECT count(*) FROM imports WHERE id = ?1 AND replaced_by IS NULL AND finished_at IS NOT NULL",
                [id.get()],
                |r| r.get(0),
            )?;
            Ok(n > 0)
        };
        Ok(run()?)
    }

    fn gene_digests(
        &mut self,
        import: ImportId,
    ) -> locus_store::Result<BTreeMap<GeneId, locus_store::changes::GeneDigest>> {
        Ok(crate::changes::digests(&self.conn, import)?)
    }

    fn write_changes(&mut self, changes: &[locus_model::GeneChange]) -> locus_store::Result<()> {
        Ok(crate::changes::write(&self.conn, changes)?)
    }

    fn live_imports(&mut self, dataset: &str) -> locus_store::Result<Vec<ImportId>> {
        let run = || -> Result<Vec<ImportId>> {
            let mut stmt = self
                .conn
                .prepare("SELECT id FROM imports WHERE dataset = ?1 AND replaced_by IS NULL")?;
            let rows = stmt.query_map([dataset], |r| r.get(0).map(ImportId))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        Ok(run()?)
    }

    fn replace(&mut self, old: ImportId, by: ImportId) -> locus_store::Result<()> {
        Ok(derived::delete_import(
            &self.conn,
            old,
            by,
            &mut self.changed,
        )?)
    }

    fn write(&mut self, fact: ResolvedFact) -> locus_store::Result<()> {
        Ok(self.write_resolved(fact)?)
    }

    fn write_unresolved(&mut self, row: &UnresolvedRow) -> locus_store::Result<()> {
        let candidates = to_json(&row.candidates, "unresolved", "candidates")?;
        self.conn
            .prepare_cached(
                "INSERT INTO unresolved (import_id, line, role, identifier, reason, candidates) VALUES (?1,?2,?3,?4,?5,?6)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    row.import_id.get(),
                    row.line,
                    row.role.as_str(),
                    row.identifier,
                    row.reason.as_str(),
                    candidates
                ])
            })
            .map_err(crate::Error::from)?;
        Ok(())
    }

    fn flush(&mut self) -> locus_store::Result<BTreeMap<FactTable, u64>> {
        let mut flushed = Vec::new();
        for b in [
            &mut self.gene,
            &mut self.alias,
            &mut self.xref,
            &mut self.gene_pubmed,
            &mut self.go,
        ] {
            flushed.push((b.table, b.flush(&self.conn)?));
        }
        for (table, n) in flushed {
            self.wrote(table, n);
        }
        Ok(FactTable::ALL
            .into_iter()
            .filter(|t| self.written[t.index()] > 0)
            .map(|t| (t, self.written[t.index()]))
            .collect())
    }

    fn rebuild_derived(&mut self) -> locus_store::Result<()> {
        Ok(derived::rebuild(&self.conn, &self.changed)?)
    }

    fn finish(&mut self, record: &ImportRecord) -> locus_store::Result<()> {
        let counts = crate::sql::RowCounts {
            facts: &record.row_counts,
            tallies: &record.tallies,
        };
        let counts = to_json(&counts, "imports", "row_counts")?;
        self.conn
            .execute(
                "UPDATE imports SET release = ?1, row_counts = ?2, finished_at = ?3, sha256 = ?4 WHERE id = ?5",
                params![record.release, counts, record.finished_at, record.sha256, record.id.get()],
            )
            .map_err(crate::Error::from)?;
        Ok(())
    }

    fn commit(mut self: Box<Self>) -> locus_store::Result<()> {
        self.conn
            .execute_batch("COMMIT")
            .map_err(crate::Error::from)?;
        self.committed = true;
        // Fold the WAL back so the file on disk is the whole store again.
        let _ = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        Ok(())
    }
}

impl Drop for SqliteImport {
    fn drop(&mut self) {
        if !self.committed {
            // Closing the connection would roll back too; saying so keeps
            // the intent visible.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}
