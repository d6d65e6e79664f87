//! [`PgImport`]: one import transaction on its own session.
//!
//! Facts are buffered per destination and sent in batches with
//! `COPY … FROM STDIN (FORMAT binary)`: rows that may repeat a key (a gene
//! record, a GO annotation, a STRING pair) go into a temporary staging
//! table and are moved into their table by one `INSERT … SELECT … ON
//! CONFLICT` that applies the SQLite backend's rule for the key (last
//! record wins, first is kept, best score wins, references are merged);
//! rows that never repeat a key are copied straight into their table.
//! Everything happens inside the transaction `BEGIN` opened, so readers
//! see none of it until `COMMIT`, and a killed process leaves the store
//! as it was: the server rolls back a transaction whose session died.
//!
//! An advisory lock taken at the start makes a second import wait for the
//! first instead of failing halfway on a conflicting row.

use std::collections::BTreeMap;
use std::error::Error as StdError;

use bytes::BytesMut;
use locus_model::{Fact, FactTable, GeneId, ImportId, ImportRecord, TaxId};
use locus_store::resolve::GeneLookup;
use locus_store::{Candidate, ImportMeta, ImportTx, Lookup, ResolvedFact, UnresolvedRow};
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{to_sql_checked, IsNull, Json, ToSql, Type};

use crate::db::{blocking, Conn};
use crate::derived;
use crate::route::Route;
use crate::sql::{corrupt, RowExt};
use crate::swap::{self, Swaps};
use crate::Result;
use locus_store::import::Changed;

/// The advisory lock an import holds for its whole transaction.
const IMPORT_LOCK: i64 = 0x004c_4f43_5549;

/// Rows buffered per destination before they are sent. Large enough that
/// the fixed cost of a `COPY` and an `INSERT … SELECT` vanishes, small
/// enough that a buffer stays a few tens of megabytes.
const BATCH_ROWS: usize = 50_000;

/// One value of a buffered row, as the binary `COPY` format writes it.
#[derive(Debug, Clone)]
enum Value {
    Null,
    Int(i64),
    Float(f64),
    Bool(bool),
    Text(String),
    Json(serde_json::Value),
}

impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn StdError + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(v) => v.to_sql(ty, out),
            Value::Float(v) => v.to_sql(ty, out),
            Value::Bool(v) => v.to_sql(ty, out),
            Value::Text(v) => v.to_sql(ty, out),
            Value::Json(v) => Json(v).to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        // Each variant's own `to_sql` checks the column type.
        true
    }

    to_sql_checked!();
}

macro_rules! int_value {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(v: $t) -> Self {
                // Every integer Locus stores fits a BIGINT; a value that
                // did not would be refused by the column, not wrapped.
                i64::try_from(v).map_or(Value::Null, Value::Int)
            }
        }
    )*};
}
int_value!(i64, u64, u32, u16, u8, i32);

impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Float(v)
    }
}
impl From<f32> for Value {
    fn from(v: f32) -> Self {
        Value::Float(f64::from(v))
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_string())
    }
}
impl From<GeneId> for Value {
    fn from(v: GeneId) -> Self {
        v.get().into()
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// A list column's value.
fn json<T: serde::Serialize + ?Sized>(
    v: &T,
    table: &'static str,
    column: &'static str,
) -> Result<Value> {
    serde_json::to_value(v)
        .map(Value::Json)
        .map_err(|e| corrupt(table, column, e.to_string()))
}

/// What happens when a row repeats the key of a row already stored.
#[derive(Debug, Clone, Copy)]
enum OnKey {
    /// No key repeats: rows are copied straight into the table.
    Append,
    /// The first row is kept (SQLite's `INSERT OR IGNORE`).
    Ignore(&'static str),
    /// The last row wins (SQLite's `INSERT OR REPLACE`).
    Replace(&'static str),
    /// The row with the best STRING combined score wins (the first of
    /// equals; a later one only when strictly better).
    BestScore,
    /// One GO annotation per gene, term and evidence: the first row's
    /// qualifier, every row's references.
    MergeRefs,
}

impl OnKey {
    /// Whether every row sent counts as written, as the SQLite backend
    /// counts them: a row that replaces or merges into one already
    /// written counts; a row ignored, or beaten by a better score, does
    /// not.
    fn counts_every_row(self) -> bool {
        match self {
            OnKey::Append | OnKey::Replace(_) | OnKey::MergeRefs => true,
            OnKey::Ignore(_) | OnKey::BestScore => false,
        }
    }
}

/// Where buffered rows go: a table, with its columns in row order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Dest {
    Gene,
    GeneAlias,
    GeneXref,
    GenePubmed,
    GoAnnotation,
    Gaf,
    Generif,
    Publication,
    GoTerm,
    Protein,
    ProteinGene,
    Term,
    TermParent,
    TermXref,
    TextDoc,
    Regulation,
    Ortholog,
    Interaction,
    BindingSite,
    DifferentialExpression,
    ExpressionCall,
    GeneDisease,
    GenePhenotype,
    DiseasePhenotype,
    PubtatorDocument,
    PubtatorAnnotation,
    Unresolved,
}

impl Dest {
    const ALL: [Dest; 27] = [
        Dest::Gene,
        Dest::GeneAlias,
        Dest::GeneXref,
        Dest::GenePubmed,
        Dest::GoAnnotation,
        Dest::Gaf,
        Dest::Generif,
        Dest::Publication,
        Dest::GoTerm,
        Dest::Protein,
        Dest::ProteinGene,
        Dest::Term,
        Dest::TermParent,
        Dest::TermXref,
        Dest::TextDoc,
        Dest::Regulation,
        Dest::Ortholog,
        Dest::Interaction,
        Dest::BindingSite,
        Dest::DifferentialExpression,
        Dest::ExpressionCall,
        Dest::GeneDisease,
        Dest::GenePhenotype,
        Dest::DiseasePhenotype,
        Dest::PubtatorDocument,
        Dest::PubtatorAnnotation,
        Dest::Unresolved,
    ];

    /// The table, its columns as rows give them, and the key rule.
    fn spec(self) -> (&'static str, &'static str, OnKey) {
        match self {
            Dest::Gene => (
                "gene",
                "gene_id, import_id, tax_id, symbol, locus_tag, chromosome, map_location, description, gene_type, \
                 nomenclature_symbol, nomenclature_name, nomenclature_status, modification_date, precedence",
                OnKey::Replace("gene_id, import_id"),
            ),
            Dest::GeneAlias => (
                "gene_alias",
                "gene_id, kind, alias, import_id",
                OnKey::Ignore("gene_id, kind, alias, import_id"),
            ),
            Dest::GeneXref => (
                "gene_xref",
                "gene_id, db, xref_id, import_id",
                OnKey::Ignore("gene_id, db, xref_id, import_id"),
            ),
            Dest::GenePubmed => (
                "gene_pubmed",
                "gene_id, pmid, import_id",
                OnKey::Ignore("gene_id, pmid, import_id"),
            ),
            Dest::GoAnnotation => (
                "go_annotation",
                "gene_id, aspect, go_id, evidence, term, import_id",
                OnKey::Ignore("gene_id, aspect, go_id, evidence, import_id"),
            ),
            Dest::Gaf => (
                "go_annotation",
                "gene_id, aspect, go_id, evidence, import_id, qualifier, refs",
                OnKey::MergeRefs,
            ),
            Dest::Generif => (
                "generif",
                "gene_id, tax_id, pmids, last_update, text, import_id",
                OnKey::Append,
            ),
            Dest::Publication => (
                "publication",
                "pmid, import_id, title, journal, year, authors, abstract, mesh, doi",
                OnKey::Replace("pmid, import_id"),
            ),
            Dest::GoTerm => (
                "go_term",
                "go_id, import_id, name, aspect, definition",
                OnKey::Replace("go_id, import_id"),
            ),
            Dest::Protein => (
                "protein",
                "accession, import_id, entry_name, reviewed, protein_name, gene_names, secondary, organism, tax_id, \
                 sequence, length",
                OnKey::Replace("accession, import_id"),
            ),
            Dest::ProteinGene => (
                "protein_gene",
                "gene_id, accession, import_id",
                OnKey::Ignore("gene_id, accession, import_id"),
            ),
            Dest::Term => (
                "term",
                "id, import_id, kind, name, definition, synonyms, xrefs, obsolete, replaced_by",
                OnKey::Replace("id, import_id"),
            ),
            Dest::TermParent => (
                "term_parent",
                "child, parent, import_id",
                OnKey::Ignore("child, parent, import_id"),
            ),
            Dest::TermXref => (
                "term_xref",
                "xref, id, import_id",
                OnKey::Ignore("xref, id, import_id"),
            ),
            Dest::TextDoc => (
                "text_doc",
                "kind, key, import_id, title, body",
                OnKey::Append,
            ),
            Dest::Regulation => (
                "regulation",
                "import_id, tf_gene, target_gene, tax_id, databases, methods, pmids, mode, weight, small_scale, \
                 tf_uniprot, target_uniprot, line",
                OnKey::Append,
            ),
            Dest::Ortholog => (
                "ortholog",
                "import_id, gene_id, ortholog_gene, homology_type, confidence, goc_score, line",
                OnKey::Append,
            ),
            Dest::Interaction => (
                "interaction",
                "gene_a, gene_b, import_id, tax_id, protein_a, protein_b, neighborhood, fusion, cooccurence, \
                 coexpression, experimental, database, textmining, combined_score",
                OnKey::BestScore,
            ),
            Dest::BindingSite => (
                "binding_site",
                "import_id, tf_gene, tflink_id, assembly, chromosome, start, \"end\", strand, methods, pmids, \
                 databases, small_scale",
                OnKey::Append,
            ),
            Dest::DifferentialExpression => (
                "differential_expression",
                "import_id, gene_id, condition, reference, condition_uri, contrast, experiment, log2fc, p_value, \
                 adjusted_p",
                OnKey::Append,
            ),
            Dest::ExpressionCall => (
                "expression_call",
                "import_id, gene_id, entity_id, entity_name, stage_id, stage_name, sex, strain, call, quality, fdr, \
                 score, rank",
                OnKey::Append,
            ),
            Dest::GeneDisease => (
                "gene_disease",
                "import_id, gene_id, disease, disease_name, association, status, source, pmids",
                OnKey::Append,
            ),
            Dest::GenePhenotype => (
                "gene_phenotype",
                "import_id, gene_id, phenotype, phenotype_name, frequency, disease",
                OnKey::Append,
            ),
            Dest::DiseasePhenotype => (
                "disease_phenotype",
                "import_id, disease, disease_name, negated, phenotype, refs, evidence, onset, frequency, sex, \
                 modifiers, aspect, biocuration",
                OnKey::Append,
            ),
            Dest::PubtatorDocument => (
                "pubtator_document",
                "pmid, import_id, title, abstract, line",
                OnKey::Replace("pmid, import_id"),
            ),
            Dest::PubtatorAnnotation => (
                "pubtator_annotation",
                "import_id, pmid, start, \"end\", mention, type, concepts, line",
                OnKey::Append,
            ),
            Dest::Unresolved => (
                "unresolved",
                "import_id, line, role, identifier, reason, candidates",
                OnKey::Append,
            ),
        }
    }

    /// The fact table whose row count the rows add to.
    fn counts_as(self) -> Option<FactTable> {
        Some(match self {
            Dest::Gene => FactTable::Gene,
            Dest::GeneAlias => FactTable::GeneAlias,
            Dest::GeneXref => FactTable::GeneXref,
            Dest::GenePubmed => FactTable::GenePubmed,
            Dest::GoAnnotation | Dest::Gaf => FactTable::GoAnnotation,
            Dest::Generif => FactTable::Generif,
            Dest::Publication => FactTable::Publication,
            Dest::GoTerm => FactTable::GoTerm,
            Dest::Protein => FactTable::Protein,
            Dest::ProteinGene => FactTable::ProteinGene,
            Dest::Term => FactTable::Term,
            Dest::Regulation => FactTable::Regulation,
            Dest::Ortholog => FactTable::Ortholog,
            Dest::Interaction => FactTable::Interaction,
            Dest::BindingSite => FactTable::BindingSite,
            Dest::DifferentialExpression => FactTable::DifferentialExpression,
            Dest::ExpressionCall => FactTable::ExpressionCall,
            Dest::GeneDisease => FactTable::GeneDisease,
            Dest::GenePhenotype => FactTable::GenePhenotype,
            Dest::DiseasePhenotype => FactTable::DiseasePhenotype,
            Dest::PubtatorDocument => FactTable::PubtatorDocument,
            Dest::PubtatorAnnotation => FactTable::PubtatorAnnotation,
            Dest::TermParent | Dest::TermXref | Dest::TextDoc | Dest::Unresolved => return None,
        })
    }

    /// The staging table of a destination whose keys may repeat.
    fn stage(self) -> String {
        format!("stage_{}", self.index())
    }

    fn index(self) -> usize {
        self as usize
    }

    /// The statement that moves the staging table's rows into the table,
    /// applying the key rule; `None` for rows copied straight in.
    ///
    /// Into a table's next version ([`crate::swap`]) the rows go in key
    /// order, which also keeps one gene's rows together on disk, and
    /// without a conflict clause: the next version has no indexes yet,
    /// and no row there can share a key with the import's rows, as every
    /// key holds the import's id and all of the import's rows of the table
    /// are moved at once.
    fn move_sql(self, next_version: bool) -> Option<String> {
        let (table, cols, on_key) = self.spec();
        let stage = self.stage();
        let on_conflict = |clause: String| if next_version { String::new() } else { clause };
        Some(match on_key {
            OnKey::Append => return None,
            // Which of two equal keys comes first matters only when a
            // column outside the key differs; a table that is all key
            // skips the sort.
            OnKey::Ignore(key) if key == cols && !next_version => format!(
                "INSERT INTO {table} ({cols}) SELECT {cols} FROM {stage}
                 ON CONFLICT ({key}) DO NOTHING"
            ),
            OnKey::Ignore(key) if next_version => format!(
                "INSERT INTO {table} ({cols})
                 SELECT DISTINCT ON ({key}) {cols} FROM {stage} ORDER BY {key}, ord"
            ),
            OnKey::Ignore(key) => format!(
                "INSERT INTO {table} ({cols}) SELECT {cols} FROM {stage} ORDER BY ord
                 ON CONFLICT ({key}) DO NOTHING"
            ),
            OnKey::Replace(key) => {
                let keys: Vec<&str> = key.split(", ").collect();
                let set: Vec<String> = cols
                    .split(", ")
                    .filter(|c| !keys.contains(c))
                    .map(|c| format!("{c} = excluded.{c}"))
                    .collect();
                format!(
                    "INSERT INTO {table} ({cols})
                     SELECT DISTINCT ON ({key}) {cols} FROM {stage} ORDER BY {key}, ord DESC {}",
                    on_conflict(format!("ON CONFLICT ({key}) DO UPDATE SET {}", set.join(", ")))
                )
            }
            // Several protein pairs of one gene pair: the first row
            // with the best combined score is kept, and a later
            // batch replaces it only with a strictly better one.
            OnKey::BestScore => format!(
                "INSERT INTO interaction ({cols})
                 SELECT DISTINCT ON (gene_a, gene_b, import_id) {cols} FROM {stage}
                 ORDER BY gene_a, gene_b, import_id, combined_score DESC, ord {}",
                on_conflict(
                    "ON CONFLICT (gene_a, gene_b, import_id) DO UPDATE SET
                   protein_a = excluded.protein_a, protein_b = excluded.protein_b,
                   neighborhood = excluded.neighborhood, fusion = excluded.fusion,
                   cooccurence = excluded.cooccurence, coexpression = excluded.coexpression,
                   experimental = excluded.experimental, database = excluded.database,
                   textmining = excluded.textmining, combined_score = excluded.combined_score
                 WHERE excluded.combined_score > interaction.combined_score"
                        .to_string()
                )
            ),
            // A GAF repeats gene, term and evidence with other
            // references: one annotation row, its references gathered
            // in the order they first appear, its qualifier the first
            // row's.
            OnKey::MergeRefs => format!(
                "WITH refs AS (
                     SELECT gene_id, aspect, go_id, evidence, import_id, jsonb_agg(r ORDER BY p) AS refs
                     FROM (SELECT s.gene_id, s.aspect, s.go_id, s.evidence, s.import_id, e.r,
                                  min(s.ord * 1000000 + e.i) AS p
                           FROM {stage} s CROSS JOIN LATERAL jsonb_array_elements(s.refs) WITH ORDINALITY e(r, i)
                           GROUP BY 1, 2, 3, 4, 5, 6) x
                     GROUP BY 1, 2, 3, 4, 5),
                 k AS (
                     SELECT DISTINCT ON (gene_id, aspect, go_id, evidence, import_id)
                            gene_id, aspect, go_id, evidence, import_id, qualifier
                     FROM {stage} ORDER BY gene_id, aspect, go_id, evidence, import_id, ord)
                 INSERT INTO go_annotation (gene_id, aspect, go_id, evidence, term, import_id, qualifier, refs)
                 SELECT k.gene_id, k.aspect, k.go_id, k.evidence, NULL, k.import_id, k.qualifier,
                        coalesce(refs.refs, '[]'::jsonb)
                 FROM k LEFT JOIN refs USING (gene_id, aspect, go_id, evidence, import_id) {}",
                if next_version {
                    "ORDER BY k.gene_id, k.aspect, k.go_id, k.evidence".to_string()
                } else {
                    "ON CONFLICT (gene_id, aspect, go_id, evidence, import_id) DO UPDATE SET refs = (
                     SELECT coalesce(jsonb_agg(x.r ORDER BY x.p), '[]'::jsonb)
                     FROM (SELECT e.r, min(e.i) AS p
                           FROM jsonb_array_elements(coalesce(go_annotation.refs, '[]'::jsonb) || excluded.refs)
                                WITH ORDINALITY e(r, i)
                           GROUP BY e.r) x)"
                        .to_string()
                }
            ),
        })
    }
}

/// Rows waiting for one destination.
#[derive(Default)]
struct Buffer {
    rows: Vec<Vec<Value>>,
    /// How batches are sent, settled at the first.
    plan: Option<Plan>,
    /// Rows already sent, for the order rows of a later batch take.
    sent: i64,
    /// Rows in the staging table, moved on all at once by
    /// [`PgImport::settle`].
    staged: u64,
}

/// How a destination's batches go to the server.
struct Plan {
    /// `COPY … FROM STDIN (FORMAT binary)` into the table or its staging
    /// table.
    copy: String,
    /// The copied columns' types, the staging table's `ord` last.
    types: Vec<Type>,
    /// Where the copied rows land.
    way: Way,
}

/// Where a destination's rows are copied to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Way {
    /// Into the table: no key repeats.
    Straight,
    /// Into a staging table, moved on with the key rule at the end.
    Staged,
    /// Into the next version of a table that was empty when the import
    /// began ([`crate::swap`]), no staging: the key rule is applied only
    /// when the primary key finds a repeated key, which real files
    /// seldom have.
    Direct,
}

impl Plan {
    /// Reads the destination's column types and, for a destination whose
    /// keys may repeat, creates its staging table (dropped at commit).
    fn new(client: &mut postgres::Client, dest: Dest, way: Way) -> Result<Self> {
        let (table, cols, _) = dest.spec();
        let probe = client.prepare(&format!("SELECT {cols} FROM {table} LIMIT 0"))?;
        let mut types: Vec<Type> = probe.columns().iter().map(|c| c.type_().clone()).collect();
        let copy = match way {
            Way::Staged => {
                let stage = dest.stage();
                client.batch_execute(&format!(
                    "CREATE TEMP TABLE {stage} ON COMMIT DROP AS
                     SELECT {cols}, 0::bigint AS ord FROM {table} WITH NO DATA"
                ))?;
                types.push(Type::INT8);
                format!("COPY {stage} ({cols}, ord) FROM STDIN (FORMAT binary)")
            }
            Way::Direct => format!(
                "COPY {}.{table} ({cols}) FROM STDIN (FORMAT binary)",
                swap::SCHEMA
            ),
            Way::Straight => format!("COPY {table} ({cols}) FROM STDIN (FORMAT binary)"),
        };
        Ok(Plan { copy, types, way })
    }
}

/// One import transaction. It owns its session: dropping it without
/// [`ImportTx::commit`] closes the session, and the server rolls the
/// transaction back.
pub struct PgImport<'r> {
    conn: Conn,
    /// Told where the commit lands, so reads after it see it.
    route: &'r Route,
    import_id: ImportId,
    precedence: i64,
    buffers: Vec<Buffer>,
    /// Which derived tables the writes and deletions feed.
    changed: Changed,
    /// The tables rebuilt whole and swapped in at commit.
    swaps: Swaps,
    /// The rows that make a table worth rebuilding whole.
    rebuild_from: u64,
    /// The (gene, PMID) links of this import, kept when `gene_pubmed` was
    /// empty before it: then they are all the links there are, and the
    /// PubMed counts need not read them back.
    links: Option<Vec<(i64, i64)>>,
    /// Rows written, by [`FactTable::index`].
    written: [u64; FactTable::ALL.len()],
}

impl<'r> PgImport<'r> {
    /// Begins the transaction on `conn` and waits for any other import.
    pub(crate) fn begin(mut conn: Conn, route: &'r Route, rebuild_from: u64) -> Result<Self> {
        conn.client().batch_execute(
            // The derived rebuilds sort and hash whole tables; the indexes of
            // tables rebuilt whole are sorted in memory.
            "BEGIN; SET LOCAL work_mem = '256MB'; SET LOCAL maintenance_work_mem = '512MB';",
        )?;
        conn.within()
            .execute("SELECT pg_advisory_xact_lock($1)", &[&IMPORT_LOCK])?;
        Ok(PgImport {
            conn,
            route,
            import_id: ImportId(0),
            precedence: 9,
            buffers: Dest::ALL.iter().map(|_| Buffer::default()).collect(),
            changed: Changed::default(),
            swaps: Swaps::default(),
            rebuild_from,
            links: None,
            written: [0; FactTable::ALL.len()],
        })
    }

    fn id(&self) -> Value {
        Value::Int(self.import_id.get())
    }

    /// Buffers one row for `dest`, sending the batch when it is full.
    fn put(&mut self, dest: Dest, row: Vec<Value>) -> Result<()> {
        let buffer = &mut self.buffers[dest.index()];
        buffer.rows.push(row);
        if buffer.rows.len() >= BATCH_ROWS {
            self.send(dest)?;
        }
        Ok(())
    }

    /// Sends the rows buffered for `dest` with `COPY`: into the table, or
    /// into its staging table, whose rows [`PgImport::settle`] moves on.
    fn send(&mut self, dest: Dest) -> Result<()> {
        let buffer = &mut self.buffers[dest.index()];
        if buffer.rows.is_empty() {
            return Ok(());
        }
        if buffer.plan.is_none() {
            let way = self.way(dest)?;
            let plan = Plan::new(self.conn.client(), dest, way)?;
            self.buffers[dest.index()].plan = Some(plan);
            if dest == Dest::GenePubmed && way == Way::Direct {
                self.links = Some(Vec::new());
            }
        }
        let buffer = &mut self.buffers[dest.index()];
        if let (Dest::GenePubmed, Some(links)) = (dest, &mut self.links) {
            for row in &buffer.rows {
                if let [Value::Int(gene), Value::Int(pmid), ..] = row.as_slice() {
                    links.push((*gene, *pmid));
                }
            }
        }
        let client = self.conn.client();
        let Some(plan) = &mut buffer.plan else {
            return Ok(());
        };
        let sink = client.copy_in(plan.copy.as_str())?;
        let mut writer = BinaryCopyInWriter::new(sink, &plan.types);
        for (i, row) in buffer.rows.drain(..).enumerate() {
            let ord = Value::Int(buffer.sent + i as i64);
            let mut values: Vec<&(dyn ToSql + Sync)> = row.iter().map(|v| v as _).collect();
            if plan.way == Way::Staged {
                values.push(&ord);
            }
            writer.write(&values)?;
        }
        let copied = writer.finish()?;
        buffer.sent += copied as i64;
        if plan.way != Way::Straight {
            buffer.staged += copied;
        } else if let Some(t) = dest.counts_as() {
            self.wrote(t, copied);
        }
        Ok(())
    }

    /// How `dest`'s rows travel, decided at its first batch: straight in
    /// where no key repeats; into the next version of its table when the
    /// table is empty (a first import: nothing to keep, nothing to
    /// compare) and the rule for repeated keys keeps the first or the
    /// last row; else staged.
    fn way(&mut self, dest: Dest) -> Result<Way> {
        let (table, _, on_key) = dest.spec();
        if dest.move_sql(false).is_none() {
            return Ok(Way::Straight);
        }
        let simple_rule = matches!(on_key, OnKey::Ignore(_) | OnKey::Replace(_));
        if !simple_rule || self.swaps.has(table) {
            return Ok(Way::Staged);
        }
        let mut db = self.conn.within();
        let empty: bool = db
            .query_one(&format!("SELECT NOT EXISTS (SELECT 1 FROM {table})"), &[])?
            .at(0)?;
        if !empty || !Swaps::may_rebuild(&mut db, table)? {
            return Ok(Way::Staged);
        }
        self.swaps.begin(&mut db, table, false)?;
        Ok(Way::Direct)
    }

    /// Indexes the next version `dest`'s rows were copied into directly,
    /// applying the key rule first if the primary key finds a repeated
    /// key; the rows that count as written.
    fn settle_direct(&mut self, dest: Dest, copied: u64) -> Result<u64> {
        let (table, cols, on_key) = dest.spec();
        let swaps = &self.swaps;
        let mut db = self.conn.within();
        db.batch("SAVEPOINT keys")?;
        match swaps.index(&mut db, table) {
            Ok(()) => {
                db.batch("RELEASE SAVEPOINT keys")?;
                return Ok(copied);
            }
            Err(crate::Error::Postgres(e))
                if e.code() == Some(&postgres::error::SqlState::UNIQUE_VIOLATION) =>
            {
                db.batch("ROLLBACK TO SAVEPOINT keys")?;
            }
            Err(e) => return Err(e),
        }
        // Rows of one transaction's COPY into a new table lie in the
        // order they were sent: `ctid` is the row order the rule needs.
        let (key, first) = match on_key {
            OnKey::Ignore(key) => (key, "ctid"),
            OnKey::Replace(key) => (key, "ctid DESC"),
            _ => {
                return Err(corrupt(
                    table,
                    "*",
                    "no direct copy under this key rule".into(),
                ))
            }
        };
        let next = format!("{}.{table}", swap::SCHEMA);
        db.batch(&format!(
            "CREATE TEMP TABLE settle ON COMMIT DROP AS
               SELECT DISTINCT ON ({key}) {cols} FROM {next} ORDER BY {key}, {first};
             TRUNCATE {next};
             INSERT INTO {next} ({cols}) SELECT {cols} FROM settle;
             DROP TABLE settle"
        ))?;
        let kept = db
            .query_one(&format!("SELECT count(*) FROM {next}"), &[])?
            .count(0)?;
        swaps.index(&mut db, table)?;
        Ok(if on_key.counts_every_row() {
            copied
        } else {
            kept
        })
    }

    /// Moves every staging table's rows into their table with the key
    /// rule, all of a destination's rows at once: into the table itself,
    /// or, when the import brings about as many rows as the table holds,
    /// into the table's next version, indexed afterwards and swapped in
    /// at commit ([`crate::swap`]).
    fn settle(&mut self) -> Result<()> {
        // Tables copied into directly first: a staged destination that
        // shares one (GAF rows beside org.Hs.eg.db's) then moves its rows
        // into the indexed next version with its conflict rule.
        let direct = |b: &Buffer| b.plan.as_ref().is_some_and(|p| p.way == Way::Direct);
        let order: Vec<Dest> = Dest::ALL
            .into_iter()
            .filter(|d| direct(&self.buffers[d.index()]))
            .chain(
                Dest::ALL
                    .into_iter()
                    .filter(|d| !direct(&self.buffers[d.index()])),
            )
            .collect();
        for dest in order {
            let staged = self.buffers[dest.index()].staged;
            if staged == 0 {
                continue;
            }
            let (table, _, on_key) = dest.spec();
            let way = self.buffers[dest.index()].plan.as_ref().map(|p| p.way);
            if way == Some(Way::Direct) {
                let written = self.settle_direct(dest, staged)?;
                self.buffers[dest.index()].staged = 0;
                if let Some(t) = dest.counts_as() {
                    self.wrote(t, written);
                }
                continue;
            }
            // Two destinations share go_annotation (org.Hs.eg.db's and
            // GAF rows); the next version takes one destination's rows.
            let alone = !self.swaps.has(table)
                && Dest::ALL.iter().all(|d| {
                    *d == dest || d.spec().0 != table || self.buffers[d.index()].staged == 0
                });
            let swaps = &mut self.swaps;
            let mut db = self.conn.within();
            let next_version = alone
                && swap::worth_rebuilding(
                    staged,
                    Swaps::estimated_rows(&mut db, table)?,
                    self.rebuild_from,
                )
                && Swaps::may_rebuild(&mut db, table)?;
            if next_version {
                swaps.begin(&mut db, table, true)?;
            }
            let sql = dest.move_sql(next_version).ok_or_else(|| {
                crate::sql::corrupt(table, "*", "a staged destination without a move".into())
            })?;
            let moved = db.execute(&sql, &[])?;
            if next_version {
                swaps.index(&mut db, table)?;
            }
            db.batch(&format!("TRUNCATE {}", dest.stage()))?;
            drop(db);
            self.buffers[dest.index()].staged = 0;
            let written = if on_key.counts_every_row() {
                staged
            } else {
                moved
            };
            if let Some(t) = dest.counts_as() {
                self.wrote(t, written);
            }
        }
        Ok(())
    }

    /// Counts rows written to `table`.
    fn wrote(&mut self, table: FactTable, n: u64) {
        if n > 0 {
            self.written[table.index()] += n;
            self.changed.note(table);
        }
    }

    /// Indexes the words of a paper, GeneRIF or term for full-text search.
    fn text_doc(&mut self, kind: &str, key: String, title: String, body: String) -> Result<()> {
        let row = vec![
            kind.into(),
            key.into(),
            self.id(),
            title.into(),
            body.into(),
        ];
        self.put(Dest::TextDoc, row)
    }

    fn write_direct(&mut self, fact: Fact) -> Result<()> {
        let id = self.id();
        match fact {
            Fact::Gene(g) => {
                let row = vec![
                    g.gene_id.into(),
                    id.clone(),
                    g.tax_id.get().into(),
                    g.symbol.clone().into(),
                    g.locus_tag.into(),
                    g.chromosome.into(),
                    g.map_location.into(),
                    g.description.into(),
                    g.gene_type.into(),
                    g.nomenclature_symbol.into(),
                    g.nomenclature_name.into(),
                    g.nomenclature_status.into(),
                    g.modification_date.into(),
                    self.precedence.into(),
                ];
                self.put(Dest::Gene, row)?;
                for s in g.synonyms.into_iter().filter(|s| *s != g.symbol) {
                    let row = vec![g.gene_id.into(), "synonym".into(), s.into(), id.clone()];
                    self.put(Dest::GeneAlias, row)?;
                }
                for s in g.other_designations {
                    let row = vec![g.gene_id.into(), "designation".into(), s.into(), id.clone()];
                    self.put(Dest::GeneAlias, row)?;
                }
                for x in g.db_xrefs {
                    let row = vec![g.gene_id.into(), x.db.into(), x.id.into(), id.clone()];
                    self.put(Dest::GeneXref, row)?;
                }
            }
            Fact::Alias(a) => {
                let row = vec![a.gene_id.into(), "synonym".into(), a.alias.into(), id];
                self.put(Dest::GeneAlias, row)?;
            }
            Fact::Xref { gene_id, xref } => {
                let row = vec![gene_id.into(), xref.db.into(), xref.id.into(), id];
                self.put(Dest::GeneXref, row)?;
            }
            Fact::GenePubmed(l) => {
                let row = vec![l.gene_id.into(), l.pmid.get().into(), id];
                self.put(Dest::GenePubmed, row)?;
            }
            Fact::Go(g) => {
                let row = vec![
                    g.gene_id.into(),
                    g.aspect.code().into(),
                    g.go_id.into(),
                    g.evidence.into(),
                    g.term.into(),
                    id,
                ];
                self.put(Dest::GoAnnotation, row)?;
            }
            Fact::GeneRif(r) => {
                self.text_doc(
                    "generif",
                    r.gene_id.to_string(),
                    String::new(),
                    r.text.clone(),
                )?;
                let row = vec![
                    r.gene_id.into(),
                    r.tax_id.map(TaxId::get).into(),
                    locus_model::join_pmids(&r.pmids).into(),
                    r.last_update.into(),
                    r.text.into(),
                    id,
                ];
                self.put(Dest::Generif, row)?;
            }
            Fact::Publication(p) => {
                self.text_doc(
                    "publication",
                    p.pmid.to_string(),
                    p.title.clone(),
                    p.abstract_text.clone().unwrap_or_default(),
                )?;
                let row = vec![
                    p.pmid.get().into(),
                    id,
                    p.title.into(),
                    p.journal.into(),
                    p.year.into(),
                    json(&p.authors, "publication", "authors")?,
                    p.abstract_text.into(),
                    json(&p.mesh, "publication", "mesh")?,
                    p.doi.into(),
                ];
                self.put(Dest::Publication, row)?;
            }
            Fact::Term(t) => {
                let kind = match t.id.kind() {
                    locus_model::TermKind::Disease => "disease",
                    locus_model::TermKind::Phenotype => "phenotype",
                    locus_model::TermKind::GoTerm => "go_term",
                };
                let term_id = t.id.to_string();
                let mut names = t.name.clone();
                for syn in &t.synonyms {
                    names.push_str("; ");
                    names.push_str(syn);
                }
                self.text_doc(
                    "term",
                    term_id.clone(),
                    names,
                    t.definition.clone().unwrap_or_default(),
                )?;
                for p in &t.parents {
                    let row = vec![term_id.as_str().into(), p.to_string().into(), id.clone()];
                    self.put(Dest::TermParent, row)?;
                }
                // Stored by the canonical id where the xref is a term of a
                // known vocabulary (`ORDO:558` → `ORPHA:558`), so lookups
                // meet whatever spelling the source used.
                for x in &t.xrefs {
                    let key = x
                        .parse::<locus_model::TermId>()
                        .map(|t| t.to_string())
                        .unwrap_or_else(|_| x.clone());
                    let row = vec![key.into(), term_id.as_str().into(), id.clone()];
                    self.put(Dest::TermXref, row)?;
                }
                let row = vec![
                    term_id.into(),
                    id,
                    kind.into(),
                    t.name.into(),
                    t.definition.into(),
                    json(&t.synonyms, "term", "synonyms")?,
                    json(&t.xrefs, "term", "xrefs")?,
                    t.obsolete.into(),
                    t.replaced_by.map(|r| r.to_string()).into(),
                ];
                self.put(Dest::Term, row)?;
            }
            Fact::DiseasePhenotype(d) => {
                let row = vec![
                    id,
                    d.disease.to_string().into(),
                    d.disease_name.into(),
                    d.negated.into(),
                    d.phenotype.to_string().into(),
                    json(&d.references, "disease_phenotype", "refs")?,
                    d.evidence.into(),
                    d.onset.map(|o| o.to_string()).into(),
                    d.frequency.into(),
                    d.sex.into(),
                    json(&d.modifiers, "disease_phenotype", "modifiers")?,
                    d.aspect.into(),
                    d.biocuration.into(),
                ];
                self.put(Dest::DiseasePhenotype, row)?;
            }
            Fact::AnnotatedDocument(d) => {
                let row = vec![
                    d.pmid.get().into(),
                    id,
                    d.title.into(),
                    d.abstract_text.into(),
                    d.line.into(),
                ];
                self.put(Dest::PubtatorDocument, row)?;
            }
            Fact::TextAnnotation(a) => {
                let row = vec![
                    id,
                    a.pmid.get().into(),
                    a.start.into(),
                    a.end.into(),
                    a.mention.into(),
                    a.mention_type.as_str().into(),
                    json(&a.concepts, "pubtator_annotation", "concepts")?,
                    a.line.into(),
                ];
                self.put(Dest::PubtatorAnnotation, row)?;
            }
            Fact::Expression(_)
            | Fact::AnatomicalExpression(_)
            | Fact::GeneDisease(_)
            | Fact::GenePhenotype(_)
            | Fact::Gaf(_) => {
                return Err(corrupt(
                    "expression",
                    "gene_id",
                    "a row naming its gene as the file does reached the store unresolved"
                        .to_string(),
                ))
            }
            Fact::GoTerm(t) => {
                let row = vec![
                    t.go_id.into(),
                    id,
                    t.name.into(),
                    t.aspect.code().into(),
                    t.definition.into(),
                ];
                self.put(Dest::GoTerm, row)?;
            }
            Fact::Protein(p) => {
                let Some(primary) = p.accessions.first().cloned() else {
                    return Err(corrupt(
                        "protein",
                        "accession",
                        format!("entry {} has no accession", p.entry_name),
                    ));
                };
                let row = vec![
                    primary.as_str().into(),
                    id.clone(),
                    p.entry_name.into(),
                    p.reviewed.into(),
                    p.protein_name.into(),
                    json(&p.gene_names, "protein", "gene_names")?,
                    json(&p.accessions[1..], "protein", "secondary")?,
                    p.organism.into(),
                    p.tax_id.map(TaxId::get).into(),
                    p.sequence.into(),
                    p.length.into(),
                ];
                self.put(Dest::Protein, row)?;
                for gene_id in &p.gene_ids {
                    let row = vec![(*gene_id).into(), primary.as_str().into(), id.clone()];
                    self.put(Dest::ProteinGene, row)?;
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

    /// Writes a fact whose genes the workflow resolved: a network row
    /// here, any other fact through [`Self::write_direct`].
    fn write_resolved(&mut self, fact: ResolvedFact) -> Result<()> {
        let id = self.id();
        match fact {
            ResolvedFact::Regulation { tf, target, row } => {
                self.changed.proteins |= row.tf.uniprot.is_some() || row.target.uniprot.is_some();
                self.changed.edge_pairs.insert((tf, target));
                let values = vec![
                    id,
                    tf.into(),
                    target.into(),
                    row.tf.tax_id.get().into(),
                    json(&row.databases, "regulation", "databases")?,
                    json(&row.methods, "regulation", "methods")?,
                    json(&row.pmids, "regulation", "pmids")?,
                    row.mode.map(|m| m.as_str()).into(),
                    row.weight.into(),
                    row.small_scale.into(),
                    row.tf.uniprot.into(),
                    row.target.uniprot.into(),
                    row.line.into(),
                ];
                self.put(Dest::Regulation, values)
            }
            ResolvedFact::Ortholog {
                gene,
                ortholog,
                row,
            } => {
                let values = vec![
                    id,
                    gene.into(),
                    ortholog.into(),
                    row.homology_type.into(),
                    row.confidence.into(),
                    row.goc_score.into(),
                    row.line.into(),
                ];
                self.put(Dest::Ortholog, values)
            }
            ResolvedFact::Interaction {
                a,
                b,
                protein_a,
                protein_b,
                row,
            } => {
                let s = row.scores;
                let values = vec![
                    a.into(),
                    b.into(),
                    id,
                    row.a.tax_id.get().into(),
                    protein_a.into(),
                    protein_b.into(),
                    s.neighborhood.into(),
                    s.fusion.into(),
                    s.cooccurence.into(),
                    s.coexpression.into(),
                    s.experimental.into(),
                    s.database.into(),
                    s.textmining.into(),
                    s.combined_score.into(),
                ];
                self.put(Dest::Interaction, values)
            }
            ResolvedFact::BindingSite { tf, row } => {
                let values = vec![
                    id,
                    tf.into(),
                    row.tflink_id.into(),
                    row.assembly.into(),
                    row.chromosome.into(),
                    row.start.into(),
                    row.end.into(),
                    row.strand.into(),
                    json(&row.methods, "binding_site", "methods")?,
                    json(&row.pmids, "binding_site", "pmids")?,
                    json(&row.databases, "binding_site", "databases")?,
                    row.small_scale.into(),
                ];
                self.put(Dest::BindingSite, values)
            }
            ResolvedFact::Expression { gene, row: e } => {
                let values = vec![
                    id,
                    gene.into(),
                    e.condition.into(),
                    e.reference.into(),
                    e.condition_uri.into(),
                    e.contrast.into(),
                    e.experiment.into(),
                    e.log2_fold_change.into(),
                    e.p_value.into(),
                    e.adjusted_p_value.into(),
                ];
                self.put(Dest::DifferentialExpression, values)
            }
            ResolvedFact::AnatomicalExpression { gene, row: e } => {
                let values = vec![
                    id,
                    gene.into(),
                    e.anatomical_entity_id.into(),
                    e.anatomical_entity_name.into(),
                    e.developmental_stage_id.into(),
                    e.developmental_stage_name.into(),
                    e.sex.into(),
                    e.strain.into(),
                    e.call.as_str().into(),
                    e.quality.into(),
                    e.fdr.into(),
                    e.score.into(),
                    e.rank.into(),
                ];
                self.put(Dest::ExpressionCall, values)
            }
            ResolvedFact::GeneDisease { gene, row: d } => {
                let values = vec![
                    id,
                    gene.into(),
                    d.disease.to_string().into(),
                    d.disease_name.into(),
                    d.association.into(),
                    d.status.into(),
                    d.source.into(),
                    json(&d.pmids, "gene_disease", "pmids")?,
                ];
                self.put(Dest::GeneDisease, values)
            }
            ResolvedFact::GenePhenotype { gene, row: p } => {
                let values = vec![
                    id,
                    gene.into(),
                    p.phenotype.to_string().into(),
                    p.phenotype_name.into(),
                    p.frequency.into(),
                    p.disease.map(|d| d.to_string()).into(),
                ];
                self.put(Dest::GenePhenotype, values)
            }
            ResolvedFact::Gaf { gene, row: a } => {
                let values = vec![
                    gene.into(),
                    a.aspect.code().into(),
                    a.go_id.into(),
                    a.evidence.into(),
                    id,
                    a.qualifier.into(),
                    json(&a.references, "go_annotation", "refs")?,
                ];
                self.put(Dest::Gaf, values)
            }
            ResolvedFact::Direct(f) => self.write_direct(f),
        }
    }
}

impl GeneLookup for PgImport<'_> {
    fn candidates(
        &mut self,
        lookup: Lookup<'_>,
        tax_id: TaxId,
    ) -> locus_store::Result<Vec<Candidate>> {
        let mut db = self.conn.within();
        Ok(blocking(|| {
            crate::lookup::candidates(&mut db, lookup, tax_id)
        })?)
    }

    fn has_organism(&mut self, tax_id: TaxId) -> locus_store::Result<bool> {
        let mut db = self.conn.within();
        Ok(blocking(|| crate::lookup::has_organism(&mut db, tax_id))?)
    }
}

impl ImportTx for PgImport<'_> {
    fn start(&mut self, meta: &ImportMeta, started_at: &str) -> locus_store::Result<ImportId> {
        let row = blocking(|| {
            self.conn.within().query_one(
                "INSERT INTO imports (kind, dataset, file_name, sha256, release, started_at)
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                &[
                    &meta.kind.as_str(),
                    &meta.dataset,
                    &meta.file_name,
                    &meta.sha256,
                    &meta.release,
                    &started_at,
                ],
            )
        })?;
        self.import_id = row.import_id(0)?;
        self.precedence = i64::from(meta.kind.gene_precedence());
        Ok(self.import_id)
    }

    fn start_as(
        &mut self,
        meta: &ImportMeta,
        started_at: &str,
        id: ImportId,
    ) -> locus_store::Result<()> {
        blocking(|| -> Result<()> {
            let mut db = self.conn.within();
            db.execute(
                "INSERT INTO imports (id, kind, dataset, file_name, sha256, release, started_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[
                    &id.get(),
                    &meta.kind.as_str(),
                    &meta.dataset,
                    &meta.file_name,
                    &meta.sha256,
                    &meta.release,
                    &started_at,
                ],
            )?;
            // An identity column does not see ids given to it: move its
            // sequence past this one, so later imports are numbered after.
            db.execute(
                "SELECT setval(pg_get_serial_sequence('imports', 'id'), greatest($1, (SELECT max(id) FROM imports)))",
                &[&id.get()],
            )?;
            Ok(())
        })?;
        self.import_id = id;
        self.precedence = i64::from(meta.kind.gene_precedence());
        Ok(())
    }

    fn is_live(&mut self, id: ImportId) -> locus_store::Result<bool> {
        let row = blocking(|| {
            self.conn.within().query_opt(
                "SELECT 1 FROM imports WHERE id = $1 AND replaced_by IS NULL AND finished_at IS NOT NULL",
                &[&id.get()],
            )
        })?;
        Ok(row.is_some())
    }

    fn gene_digests(
        &mut self,
        import: ImportId,
    ) -> locus_store::Result<BTreeMap<GeneId, locus_store::changes::GeneDigest>> {
        let mut db = self.conn.within();
        Ok(blocking(|| crate::changes::digests(&mut db, import))?)
    }

    fn write_changes(&mut self, changes: &[locus_model::GeneChange]) -> locus_store::Result<()> {
        let mut db = self.conn.within();
        Ok(blocking(|| crate::changes::write(&mut db, changes))?)
    }

    fn live_imports(&mut self, dataset: &str) -> locus_store::Result<Vec<ImportId>> {
        let rows = blocking(|| {
            self.conn.within().query(
                "SELECT id FROM imports WHERE dataset = $1 AND replaced_by IS NULL ORDER BY id",
                &[&dataset],
            )
        })?;
        Ok(rows.iter().map(|r| r.import_id(0)).collect::<Result<_>>()?)
    }

    fn replace(&mut self, old: ImportId, by: ImportId) -> locus_store::Result<()> {
        let mut db = self.conn.within();
        Ok(blocking(|| {
            derived::delete_import(&mut db, old, by, &mut self.changed)
        })?)
    }

    fn write(&mut self, fact: ResolvedFact) -> locus_store::Result<()> {
        Ok(blocking(|| self.write_resolved(fact))?)
    }

    fn write_unresolved(&mut self, row: &UnresolvedRow) -> locus_store::Result<()> {
        let values = vec![
            Value::Int(row.import_id.get()),
            row.line.into(),
            row.role.as_str().into(),
            row.identifier.as_str().into(),
            row.reason.as_str().into(),
            json(&row.candidates, "unresolved", "candidates")?,
        ];
        Ok(blocking(|| self.put(Dest::Unresolved, values))?)
    }

    fn flush(&mut self) -> locus_store::Result<BTreeMap<FactTable, u64>> {
        blocking(|| -> Result<()> {
            for dest in Dest::ALL {
                self.send(dest)?;
            }
            self.settle()
        })?;
        Ok(FactTable::ALL
            .into_iter()
            .filter(|t| self.written[t.index()] > 0)
            .map(|t| (t, self.written[t.index()]))
            .collect())
    }

    fn rebuild_derived(&mut self) -> locus_store::Result<()> {
        // Fresh statistics first: the derived rebuilds join the tables
        // just loaded, and every node's queries after the commit are
        // planned from them (a first import leaves none at all, and the
        // planner then guesses scans of millions of rows). ANALYZE inside
        // the transaction counts its own new rows; standbys get the
        // statistics with the commit.
        // Tables rebuilt whole were analyzed when they were indexed.
        let swaps = &mut self.swaps;
        let written: Vec<&str> = FactTable::ALL
            .into_iter()
            .filter(|t| self.written[t.index()] > 0)
            .map(crate::sql::table)
            .filter(|t| !swaps.has(t))
            .collect();
        let mut db = self.conn.within();
        Ok(blocking(|| -> Result<()> {
            if !written.is_empty() {
                db.batch(&format!("ANALYZE {}", written.join(", ")))?;
            }
            let links = self.links.take().map(|l| (self.import_id, l));
            derived::rebuild(&mut db, &self.changed, swaps, links)?;
            let derived: Vec<&str> = derived::TABLES
                .into_iter()
                .filter(|t| !swaps.has(t))
                .collect();
            db.batch(&format!("ANALYZE {}", derived.join(", ")))
        })?)
    }

    fn finish(&mut self, record: &ImportRecord) -> locus_store::Result<()> {
        let counts = crate::sql::RowCounts {
            facts: &record.row_counts,
            tallies: &record.tallies,
        };
        let counts = crate::sql::json(&counts);
        blocking(|| {
            self.conn.within().execute(
                "UPDATE imports SET release = $1, row_counts = $2, finished_at = $3, sha256 = $4 WHERE id = $5",
                &[
                    &record.release,
                    &counts,
                    &record.finished_at,
                    &record.sha256,
                    &record.id.get(),
                ],
            )
        })?;
        Ok(())
    }

    fn commit(mut self: Box<Self>) -> locus_store::Result<()> {
        let route = self.route;
        Ok(blocking(|| -> Result<()> {
            self.swaps.swap_in(&mut self.conn.within())?;
            self.conn.client().batch_execute("COMMIT")?;
            if route.has_replicas() {
                // Committed: a failure to read the position only costs
                // read-your-writes, never the import.
                if let Ok(at) = self.conn.position() {
                    route.wrote(at);
                }
            }
            Ok(())
        })?)
    }
}
