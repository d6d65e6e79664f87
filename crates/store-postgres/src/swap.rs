//! Whole tables rebuilt beside the old ones and swapped in at commit.
//!
//! A B-tree takes rows one at a time: a million links added to
//! `gene_pubmed` cost three index descents each (12 µs a row here), where
//! building the same three indexes over the finished table sorts once
//! (PostgreSQL's own advice for populating a database: load, then
//! index). So when an import writes about as many rows into a table as
//! it already holds, the table's next version is built in the schema
//! [`SCHEMA`]: created like the table without its indexes, given the old
//! rows that stay and the import's rows in key order, then indexed. The
//! import session puts [`SCHEMA`] first on its `search_path`, so every
//! later statement of the import (the derived rebuilds too) reads and
//! writes the next version under the table's own name.
//!
//! Readers see none of it: the old table stays in place, unlocked, until
//! [`Swaps::swap_in`] right before `COMMIT` drops it and moves the next
//! version into the store's schema (`public` unless the role's
//! `search_path` says otherwise). That needs each old table's exclusive lock;
//! it is taken with a short lock timeout and retried, so a reader that
//! holds one table and waits for another is never left in a deadlock
//! with the import, and readers wait no longer than the swap itself.
//!
//! Tables a DBA has hung other objects on (views, triggers, foreign
//! keys, row policies, a publication), tables with identity columns (a
//! new table would restart the numbering) and tables the importing role
//! does not own (it could not drop them) are never swapped: their rows
//! go in one by one, as for small imports.

use std::time::{Duration, Instant};

use crate::db::Db;
use crate::sql::RowExt;
use crate::Result;

/// Where next versions of tables are built.
pub(crate) const SCHEMA: &str = "locus_next";

/// How long one try at the old tables' locks waits.
const LOCK_TRY: &str = "100ms";

/// How long the swap keeps trying before the import gives up (and rolls
/// back whole): readers that hold a table for this long are exports, and
/// a later import can try again.
const LOCK_PATIENCE: Duration = Duration::from_secs(600);

/// The rows above which a table is worth rebuilding: below it, creating
/// and indexing a table costs more than inserting the rows.
pub(crate) const MIN_ROWS: u64 = 50_000;

/// Whether `new` rows into a table holding about `old` rows are cheaper
/// as a rebuild (from `min` new rows on, [`MIN_ROWS`] unless a test says
/// otherwise): copying a kept row and indexing it in bulk costs about a
/// quarter of inserting a row into the live indexes (measured on
/// `gene_pubmed`, docs/benchmarks.md).
pub(crate) fn worth_rebuilding(new: u64, old: u64, min: u64) -> bool {
    new >= min && old <= new.saturating_mul(4)
}

/// The tables this import is rebuilding, in the order they were begun.
#[derive(Debug, Default)]
pub(crate) struct Swaps {
    tables: Vec<&'static str>,
    /// The store's own schema, quoted, set at the first rebuild.
    home: String,
}

impl Swaps {
    /// Whether `table`'s next version is being built.
    pub(crate) fn has(&self, table: &str) -> bool {
        self.tables.contains(&table)
    }

    /// Whether any table is being rebuilt.
    pub(crate) fn is_empty(&self) -> bool {
        self.tables.is_empty()
    }

    /// About how many rows `table` (one not being rebuilt) holds, from
    /// the statistics the last import's `ANALYZE` left (counted when
    /// there are none).
    pub(crate) fn estimated_rows(db: &mut Db<'_>, table: &str) -> Result<u64> {
        let estimate: f32 = db
            .query_one(
                "SELECT reltuples FROM pg_class WHERE oid = $1::text::regclass",
                &[&table],
            )?
            .at(0)?;
        if estimate >= 0.0 {
            return Ok(estimate as u64);
        }
        // Table names come from the backend's fixed lists.
        let n = db
            .query_one(&format!("SELECT count(*) FROM {table}"), &[])?
            .count(0)?;
        Ok(n)
    }

    /// Whether `table` (one not being rebuilt) can be replaced by a new
    /// table without losing anything hung on it (see the module
    /// documentation).
    pub(crate) fn may_rebuild(db: &mut Db<'_>, table: &str) -> Result<bool> {
        db.query_one(
            "SELECT NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = $1::text::regclass AND attnum > 0
                                  AND NOT attisdropped AND (attidentity <> '' OR attgenerated <> ''))
                AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE contype = 'f'
                                  AND (conrelid = $1::text::regclass OR confrelid = $1::text::regclass))
                AND NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = $1::text::regclass AND NOT tgisinternal)
                AND NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = $1::text::regclass)
                AND NOT EXISTS (SELECT 1 FROM pg_publication_rel WHERE prrelid = $1::text::regclass)
                AND NOT EXISTS (SELECT 1 FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
                                  WHERE d.classid = 'pg_rewrite'::regclass
                                    AND d.refobjid = $1::text::regclass AND r.ev_class <> $1::text::regclass)
                AND NOT EXISTS (SELECT 1 FROM pg_class WHERE oid = $1::text::regclass
                                  AND (relkind <> 'r' OR relrowsecurity))
                -- Dropping the table takes its owner; building the next
                -- version, the right to create in SCHEMA.
                AND (SELECT pg_has_role(relowner, 'MEMBER') FROM pg_class WHERE oid = $1::text::regclass)
                AND CASE WHEN to_regnamespace($2) IS NULL
                         THEN has_database_privilege(current_database(), 'CREATE')
                         ELSE has_schema_privilege($2, 'CREATE') END",
            &[&table, &SCHEMA],
        )?
        .at(0)
    }

    /// Begins `table`'s next version: its columns, defaults and checks,
    /// no indexes; with the old table's rows when `keep_rows` (a fact
    /// table, whose other imports' rows stay), empty otherwise (a derived
    /// table, computed whole). From here on the import's statements name
    /// the next version.
    pub(crate) fn begin(
        &mut self,
        db: &mut Db<'_>,
        table: &'static str,
        keep_rows: bool,
    ) -> Result<()> {
        if self.tables.is_empty() {
            let r = db.query_one(
                "SELECT quote_ident(current_schema()), current_setting('search_path')",
                &[],
            )?;
            self.home = r.at(0)?;
            let path: String = r.at(1)?;
            db.batch(&format!(
                "CREATE SCHEMA IF NOT EXISTS {SCHEMA};
                 SET LOCAL search_path = {SCHEMA}, {path}"
            ))?;
        }
        let home = &self.home;
        db.batch(&format!(
            "CREATE TABLE {SCHEMA}.{table} (LIKE {home}.{table}
                 INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMPRESSION)"
        ))?;
        if keep_rows {
            db.batch(&format!(
                "INSERT INTO {SCHEMA}.{table} SELECT * FROM {home}.{table}"
            ))?;
        }
        self.tables.push(table);
        Ok(())
    }

    /// Gives `table`'s next version, now holding all its rows, the old
    /// table's keys, indexes and grants, each built in one pass, and
    /// fresh statistics.
    pub(crate) fn index(&self, db: &mut Db<'_>, table: &str) -> Result<()> {
        let old = format!("{}.{table}", self.home);
        let mut ddl = Vec::new();
        // Primary keys and unique constraints, under their own names
        // (constraint names are per table; their indexes land in SCHEMA).
        for r in db.query(
            "SELECT quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint
             WHERE conrelid = $1::text::regclass AND contype IN ('p', 'u') ORDER BY conname",
            &[&old],
        )? {
            let (name, def): (String, String) = (r.at(0)?, r.at(1)?);
            ddl.push(format!(
                "ALTER TABLE {SCHEMA}.{table} ADD CONSTRAINT {name} {def}"
            ));
        }
        // The other indexes, as the catalogue prints them, on the new table.
        for r in db.query(
            "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
             WHERE i.indrelid = $1::text::regclass
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
             ORDER BY i.indexrelid",
            &[&old],
        )? {
            let def: String = r.at(0)?;
            let on = format!(" ON {old} ");
            let Some(at) = def.find(&on) else {
                return Err(crate::sql::corrupt(
                    "pg_index",
                    "indexdef",
                    format!("an index of {old} does not name its table as expected: {def}"),
                ));
            };
            ddl.push(format!(
                "{} ON {SCHEMA}.{table} {}",
                &def[..at],
                &def[at + on.len()..]
            ));
        }
        // Who may read or write it (the owner's rights come with owning).
        for r in db.query(
            "SELECT a.privilege_type,
                    CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END
             FROM pg_class c, aclexplode(c.relacl) a
             WHERE c.oid = $1::text::regclass AND a.grantee <> c.relowner",
            &[&old],
        )? {
            let (privilege, grantee): (String, String) = (r.at(0)?, r.at(1)?);
            ddl.push(format!("GRANT {privilege} ON {SCHEMA}.{table} TO {grantee}"));
        }
        ddl.push(format!("ANALYZE {SCHEMA}.{table}"));
        db.batch(&ddl.join(";\n"))
    }

    /// Replaces each old table by its next version, right before the
    /// import commits: takes the old tables' locks (retrying, see the
    /// module documentation), drops them and moves the next versions in.
    pub(crate) fn swap_in(&self, db: &mut Db<'_>) -> Result<()> {
        if self.tables.is_empty() {
            return Ok(());
        }
        let home = &self.home;
        let old: Vec<String> = self.tables.iter().map(|t| format!("{home}.{t}")).collect();
        let lock = format!("LOCK TABLE {} IN ACCESS EXCLUSIVE MODE", old.join(", "));
        let started = Instant::now();
        loop {
            db.batch(&format!(
                "SAVEPOINT swap; SET LOCAL lock_timeout = '{LOCK_TRY}'"
            ))?;
            match db.batch(&lock) {
                Ok(()) => break,
                Err(crate::Error::Postgres(e))
                    if e.code() == Some(&postgres::error::SqlState::LOCK_NOT_AVAILABLE)
                        && started.elapsed() < LOCK_PATIENCE =>
                {
                    // The savepoint gives the locks already taken back,
                    // so waiting readers go on before the next try.
                    db.batch("ROLLBACK TO SAVEPOINT swap")?;
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(e) => return Err(e),
            }
        }
        let mut ddl = vec![
            "RELEASE SAVEPOINT swap".to_string(),
            "SET LOCAL lock_timeout = 0".to_string(),
        ];
        for t in &self.tables {
            ddl.push(format!("DROP TABLE {home}.{t}"));
            ddl.push(format!("ALTER TABLE {SCHEMA}.{t} SET SCHEMA {home}"));
        }
        db.batch(&ddl.join(";\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_imports_and_small_shares_of_a_table_go_in_row_by_row() {
        assert!(!worth_rebuilding(MIN_ROWS - 1, 0, MIN_ROWS));
        assert!(worth_rebuilding(MIN_ROWS, 0, MIN_ROWS));
        assert!(worth_rebuilding(1_800_000, 1_800_000, MIN_ROWS));
        assert!(!worth_rebuilding(100_000, 10_000_000, MIN_ROWS));
        assert!(worth_rebuilding(1, 4, 1));
    }
}
