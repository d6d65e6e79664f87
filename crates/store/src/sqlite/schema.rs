//! Versioned schema migrations, tracked in SQLite's `user_version`.
//!
//! Each entry of [`MIGRATIONS`] moves the schema from version `i` to `i+1`
//! and runs in its own transaction. Never edit a released migration; add one.

use rusqlite::Connection;

use crate::{Result, StoreError};

/// Every fact table has `import_id`: provenance is part of the row.
pub const MIGRATIONS: &[&str] = &[
    // 1: imports, source facts, derived facts.
    r#"
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    dataset     TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    release     TEXT,
    row_counts  TEXT NOT NULL DEFAULT '{}',
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    -- set when a later import of the same dataset replaced this one's facts
    replaced_by INTEGER REFERENCES imports(id)
);
CREATE INDEX imports_dataset ON imports(dataset);

CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO meta VALUES ('generation', 0);

CREATE TABLE gene (
    gene_id             INTEGER NOT NULL,
    import_id           INTEGER NOT NULL REFERENCES imports(id),
    tax_id              INTEGER NOT NULL,
    symbol              TEXT NOT NULL,
    locus_tag           TEXT,
    chromosome          TEXT,
    map_location        TEXT,
    description         TEXT,
    gene_type           TEXT,
    nomenclature_symbol TEXT,
    nomenclature_name   TEXT,
    nomenclature_status TEXT,
    modification_date   TEXT,
    precedence          INTEGER NOT NULL,
    PRIMARY KEY (gene_id, import_id)
) WITHOUT ROWID;

-- kind: 'synonym' (gene_info Synonyms, org.Hs.eg.db alias) or 'designation'
CREATE TABLE gene_alias (
    gene_id   INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    alias     TEXT NOT NULL,
    import_id INTEGER NOT NULL REFERENCES imports(id),
    PRIMARY KEY (gene_id, kind, alias, import_id)
) WITHOUT ROWID;
CREATE INDEX gene_alias_name ON gene_alias(alias COLLATE NOCASE) WHERE kind = 'synonym';

CREATE TABLE gene_xref (
    gene_id   INTEGER NOT NULL,
    db        TEXT NOT NULL,
    xref_id   TEXT NOT NULL,
    import_id INTEGER NOT NULL REFERENCES imports(id),
    PRIMARY KEY (gene_id, db, xref_id, import_id)
) WITHOUT ROWID;
CREATE INDEX gene_xref_id ON gene_xref(db, xref_id);

CREATE TABLE gene_pubmed (
    gene_id   INTEGER NOT NULL,
    pmid      INTEGER NOT NULL,
    import_id INTEGER NOT NULL REFERENCES imports(id),
    PRIMARY KEY (gene_id, pmid, import_id)
) WITHOUT ROWID;

CREATE TABLE generif (
    id          INTEGER PRIMARY KEY,
    gene_id     INTEGER NOT NULL,
    tax_id      INTEGER,
    pmids       TEXT NOT NULL,
    last_update TEXT,
    text        TEXT NOT NULL,
    import_id   INTEGER NOT NULL REFERENCES imports(id)
);
CREATE INDEX generif_gene ON generif(gene_id);

CREATE TABLE publication (
    id        INTEGER PRIMARY KEY,
    pmid      INTEGER NOT NULL,
    import_id INTEGER NOT NULL REFERENCES imports(id),
    title     TEXT NOT NULL,
    journal   TEXT,
    year      INTEGER,
    authors   TEXT NOT NULL,
    abstract  TEXT,
    mesh      TEXT NOT NULL,
    doi       TEXT,
    UNIQUE (pmid, import_id)
);

CREATE TABLE go_annotation (
    gene_id   INTEGER NOT NULL,
    aspect    TEXT NOT NULL,
    go_id     TEXT NOT NULL,
    evidence  TEXT NOT NULL,
    term      TEXT,
    import_id INTEGER NOT NULL REFERENCES imports(id),
    PRIMARY KEY (gene_id, aspect, go_id, evidence, import_id)
) WITHOUT ROWID;

CREATE TABLE go_term (
    go_id      TEXT NOT NULL,
    import_id  INTEGER NOT NULL REFERENCES imports(id),
    name       TEXT NOT NULL,
    aspect     TEXT NOT NULL,
    definition TEXT,
    PRIMARY KEY (go_id, import_id)
) WITHOUT ROWID;

CREATE TABLE protein (
    id           INTEGER PRIMARY KEY,
    accession    TEXT NOT NULL,
    import_id    INTEGER NOT NULL REFERENCES imports(id),
    entry_name   TEXT NOT NULL,
    reviewed     INTEGER NOT NULL,
    protein_name TEXT,
    gene_names   TEXT NOT NULL,
    secondary    TEXT NOT NULL,
    organism     TEXT,
    tax_id       INTEGER,
    sequence     TEXT NOT NULL,
    length       INTEGER NOT NULL,
    UNIQUE (accession, import_id)
);
CREATE TABLE protein_gene (
    gene_id   INTEGER NOT NULL,
    accession TEXT NOT NULL,
    import_id INTEGER NOT NULL REFERENCES imports(id),
    PRIMARY KEY (gene_id, accession, import_id)
) WITHOUT ROWID;

-- Derived, rebuilt in the import transaction.
-- gene_best: per gene, the record of the highest-precedence source.
CREATE TABLE gene_best (
    gene_id             INTEGER PRIMARY KEY,
    import_id           INTEGER NOT NULL,
    tax_id              INTEGER NOT NULL,
    symbol              TEXT NOT NULL,
    locus_tag           TEXT,
    chromosome          TEXT,
    map_location        TEXT,
    description         TEXT,
    gene_type           TEXT,
    nomenclature_symbol TEXT,
    nomenclature_name   TEXT,
    nomenclature_status TEXT,
    modification_date   TEXT
);
CREATE INDEX gene_best_symbol ON gene_best(symbol COLLATE NOCASE, tax_id);

CREATE TABLE gene_stats (
    gene_id       INTEGER PRIMARY KEY,
    pubmed_count  INTEGER NOT NULL,
    pubmed_score  REAL NOT NULL,
    generif_count INTEGER NOT NULL
);
-- n of the fractional score: how many genes each PMID is linked to.
CREATE TABLE pmid_gene_count (
    pmid  INTEGER PRIMARY KEY,
    genes INTEGER NOT NULL
);
"#,
];

/// Brings the schema to the newest version this build knows.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let supported = MIGRATIONS.len() as i64;
    if current > supported {
        return Err(StoreError::SchemaTooNew {
            found: current,
            supported,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}
