//! Versioned schema migrations, tracked in SQLite's `user_version`.
//!
//! Each entry of [`MIGRATIONS`] moves the schema from version `i` to `i+1`
//! and runs in its own transaction. Never edit a released migration; add one.

use locus_store::StoreError;
use rusqlite::Connection;

use crate::Result;

/// The schema version this build writes (SQLite `user_version`).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Every fact table has `import_id`: provenance is part of the row.
pub(crate) const MIGRATIONS: &[&str] = &[
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
    // 2: the regulatory network, orthologs, protein interactions, binding
    // sites, and the identifiers an import could not resolve.
    r#"
-- One row per source row saying a TF regulates a target, after the store
-- resolved both ends to genes. Lists are JSON arrays.
CREATE TABLE regulation (
    id             INTEGER PRIMARY KEY,
    import_id      INTEGER NOT NULL REFERENCES imports(id),
    tf_gene        INTEGER NOT NULL,
    target_gene    INTEGER NOT NULL,
    tax_id         INTEGER NOT NULL,
    databases      TEXT NOT NULL,
    methods        TEXT NOT NULL,
    pmids          TEXT NOT NULL,
    mode           TEXT,
    weight         REAL,
    small_scale    INTEGER,
    -- the UniProt accessions the source named, for the gene_uniprot choice
    tf_uniprot     TEXT,
    target_uniprot TEXT,
    line           INTEGER NOT NULL
);
-- import_id in both indexes: a page's provenance block lists the imports
-- of a hub's thousand rows from the index alone.
CREATE INDEX regulation_pair ON regulation(tf_gene, target_gene, import_id);
CREATE INDEX regulation_target ON regulation(target_gene, import_id);
CREATE INDEX regulation_import ON regulation(import_id);

CREATE TABLE ortholog (
    id            INTEGER PRIMARY KEY,
    import_id     INTEGER NOT NULL REFERENCES imports(id),
    gene_id       INTEGER NOT NULL,
    ortholog_gene INTEGER NOT NULL,
    homology_type TEXT NOT NULL,
    confidence    INTEGER,
    goc_score     REAL,
    line          INTEGER NOT NULL
);
CREATE INDEX ortholog_gene ON ortholog(gene_id, import_id);
CREATE INDEX ortholog_other ON ortholog(ortholog_gene, import_id);
CREATE INDEX ortholog_import ON ortholog(import_id);

-- STRING associations between genes (gene_a < gene_b). Several protein
-- pairs can map to one gene pair; the best-scored one is kept.
CREATE TABLE interaction (
    gene_a         INTEGER NOT NULL,
    gene_b         INTEGER NOT NULL,
    import_id      INTEGER NOT NULL REFERENCES imports(id),
    tax_id         INTEGER NOT NULL,
    protein_a      TEXT NOT NULL,
    protein_b      TEXT NOT NULL,
    neighborhood   INTEGER NOT NULL,
    fusion         INTEGER NOT NULL,
    cooccurence    INTEGER NOT NULL,
    coexpression   INTEGER NOT NULL,
    experimental   INTEGER NOT NULL,
    database       INTEGER NOT NULL,
    textmining     INTEGER NOT NULL,
    combined_score INTEGER NOT NULL,
    PRIMARY KEY (gene_a, gene_b, import_id)
) WITHOUT ROWID;
CREATE INDEX interaction_b ON interaction(gene_b);
CREATE INDEX interaction_import ON interaction(import_id);

CREATE TABLE binding_site (
    id          INTEGER PRIMARY KEY,
    import_id   INTEGER NOT NULL REFERENCES imports(id),
    tf_gene     INTEGER NOT NULL,
    tflink_id   TEXT NOT NULL,
    assembly    TEXT NOT NULL,
    chromosome  TEXT NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    strand      TEXT NOT NULL,
    methods     TEXT NOT NULL,
    pmids       TEXT NOT NULL,
    databases   TEXT NOT NULL,
    small_scale INTEGER
);
CREATE INDEX binding_site_tf ON binding_site(tf_gene, chromosome, start);
CREATE INDEX binding_site_import ON binding_site(import_id);

-- Identifiers a network import could not map to exactly one gene.
-- reason: 'not_found' or 'ambiguous' (candidates: JSON array of GeneIDs).
-- UniProt accession → gene, for resolving TFLink's accessions.
CREATE INDEX protein_gene_accession ON protein_gene(accession);

CREATE TABLE unresolved (
    id         INTEGER PRIMARY KEY,
    import_id  INTEGER NOT NULL REFERENCES imports(id),
    line       INTEGER NOT NULL,
    role       TEXT NOT NULL,
    identifier TEXT NOT NULL,
    reason     TEXT NOT NULL,
    candidates TEXT NOT NULL
);
CREATE INDEX unresolved_import ON unresolved(import_id);

-- Derived: one edge per (TF gene, target gene) with the merged summary.
CREATE TABLE tf_target_edge (
    tf_gene         INTEGER NOT NULL,
    target_gene     INTEGER NOT NULL,
    tax_id          INTEGER NOT NULL,
    sources         TEXT NOT NULL,
    methods         TEXT NOT NULL,
    pmids           TEXT NOT NULL,
    n_sources       INTEGER NOT NULL,
    n_pmids         INTEGER NOT NULL,
    small_scale     INTEGER NOT NULL,
    mode            TEXT NOT NULL,
    activation_rows INTEGER NOT NULL,
    repression_rows INTEGER NOT NULL,
    evidence_rows   INTEGER NOT NULL,
    PRIMARY KEY (tf_gene, target_gene)
) WITHOUT ROWID;
CREATE INDEX tf_target_edge_target ON tf_target_edge(target_gene);

-- Derived: the one UniProt accession shown for a gene (see derived.rs).
CREATE TABLE gene_uniprot (
    gene_id   INTEGER PRIMARY KEY,
    accession TEXT NOT NULL
);
"#,
    // 3: the wiki. Never touched by imports of data files.
    r#"
INSERT INTO meta VALUES ('wiki_generation', 0);

-- Names are unique ignoring case: "Alice" cannot impersonate "alice".
CREATE TABLE account (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role          TEXT NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
    password_hash TEXT,
    blocked       INTEGER NOT NULL DEFAULT 0,
    created       TEXT NOT NULL
);

-- Sessions and API tokens are stored by the SHA-256 of their secret, so
-- a copy of the store lets no one log in.
CREATE TABLE session (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account(id),
    csrf       TEXT NOT NULL,
    expires    INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE api_token (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account(id),
    token_hash TEXT NOT NULL UNIQUE,
    label      TEXT NOT NULL,
    created    TEXT NOT NULL,
    expires    INTEGER,
    revoked    INTEGER NOT NULL DEFAULT 0
);

-- One article per subject: kind 'gene' with key the GeneID, or kind
-- 'topic' with key the slug.
CREATE TABLE article (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL,
    key              TEXT NOT NULL,
    title            TEXT NOT NULL,
    current_revision INTEGER NOT NULL,
    created          TEXT NOT NULL,
    updated          TEXT NOT NULL,
    protected        INTEGER NOT NULL DEFAULT 0,
    UNIQUE (kind, key)
);

-- Immutable once written. `authorship` is who wrote each word, encoded
-- by locus-kb; `source_revision` is the id in the wiki it was imported
-- from.
CREATE TABLE revision (
    id              INTEGER PRIMARY KEY,
    article_id      INTEGER NOT NULL REFERENCES article(id),
    parent          INTEGER,
    author_name     TEXT NOT NULL,
    account_id      INTEGER REFERENCES account(id),
    timestamp       TEXT NOT NULL,
    comment         TEXT NOT NULL,
    minor           INTEGER NOT NULL,
    markup          TEXT NOT NULL CHECK (markup IN ('markdown', 'wikitext')),
    text            TEXT NOT NULL,
    size            INTEGER NOT NULL,
    source_revision INTEGER,
    authorship      BLOB NOT NULL
);
CREATE INDEX revision_article ON revision(article_id, id);

-- The current text of each article, for search (rowid = article id).
CREATE VIRTUAL TABLE article_search USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
"#,
    // 4: papers by PMID. A publication page and every wiki citation look
    // a PMID's genes up; without this each lookup scanned gene_pubmed.
    r#"
CREATE INDEX gene_pubmed_pmid ON gene_pubmed(pmid);
"#,
    // 5: differential expression of genes by disease or condition.
    r#"
CREATE TABLE differential_expression (
    id         INTEGER PRIMARY KEY,
    import_id  INTEGER NOT NULL REFERENCES imports(id),
    gene_id    INTEGER NOT NULL,
    condition  TEXT NOT NULL,
    contrast   TEXT,
    experiment TEXT,
    log2fc     REAL,
    p_value    REAL,
    adjusted_p REAL
);
CREATE INDEX differential_expression_gene ON differential_expression(gene_id);
CREATE INDEX differential_expression_import ON differential_expression(import_id);
"#,
    // 6: what an expression row's condition is compared with, and the
    // condition's ontology term (Expression Atlas contrasts).
    r#"
ALTER TABLE differential_expression ADD COLUMN reference TEXT;
ALTER TABLE differential_expression ADD COLUMN condition_uri TEXT;
"#,
    // 7: Bgee present/absent expression calls by anatomical entity.
    r#"
CREATE TABLE expression_call (
    id            INTEGER PRIMARY KEY,
    import_id     INTEGER NOT NULL REFERENCES imports(id),
    gene_id       INTEGER NOT NULL,
    entity_id     TEXT NOT NULL,
    entity_name   TEXT NOT NULL,
    stage_id      TEXT,
    stage_name    TEXT,
    sex           TEXT,
    strain        TEXT,
    call          TEXT NOT NULL CHECK (call IN ('present', 'absent')),
    quality       TEXT NOT NULL,
    fdr           REAL,
    score         REAL,
    rank          REAL
);
CREATE INDEX expression_call_gene ON expression_call(gene_id, call, score DESC);
CREATE INDEX expression_call_import ON expression_call(import_id);
"#,
    // 8: diseases, phenotypes and their ontologies (HPO, DOID, OMIM,
    // Orphanet), and GO annotations with their qualifier and references
    // (GAF). A term may be named by several imports (an OMIM disease by
    // HPO's annotations and by Orphanet): one row per term and import.
    r#"
CREATE TABLE term (
    id          TEXT NOT NULL,
    import_id   INTEGER NOT NULL REFERENCES imports(id),
    kind        TEXT NOT NULL CHECK (kind IN ('disease', 'phenotype', 'go_term')),
    name        TEXT NOT NULL,
    definition  TEXT,
    synonyms    TEXT NOT NULL,
    xrefs       TEXT NOT NULL,
    obsolete    INTEGER NOT NULL,
    replaced_by TEXT,
    PRIMARY KEY (id, import_id)
) WITHOUT ROWID;
CREATE INDEX term_import ON term(import_id);

CREATE TABLE term_parent (
    child     TEXT NOT NULL,
    parent    TEXT NOT NULL,
    import_id INTEGER NOT NULL REFERENCES imports(id),
    PRIMARY KEY (child, parent, import_id)
) WITHOUT ROWID;
CREATE INDEX term_parent_parent ON term_parent(parent);
CREATE INDEX term_parent_import ON term_parent(import_id);

-- Cross-references of terms, by the referenced id (`OMIM:212050`), so a
-- disease page finds the DOID term that maps to it.
CREATE TABLE term_xref (
    xref      TEXT NOT NULL,
    id        TEXT NOT NULL,
    import_id INTEGER NOT NULL REFERENCES imports(id),
    PRIMARY KEY (xref, id, import_id)
) WITHOUT ROWID;
CREATE INDEX term_xref_import ON term_xref(import_id);

CREATE TABLE gene_disease (
    id           INTEGER PRIMARY KEY,
    import_id    INTEGER NOT NULL REFERENCES imports(id),
    gene_id      INTEGER NOT NULL,
    disease      TEXT NOT NULL,
    disease_name TEXT,
    association  TEXT NOT NULL,
    status       TEXT,
    source       TEXT,
    pmids        TEXT NOT NULL
);
CREATE INDEX gene_disease_gene ON gene_disease(gene_id);
CREATE INDEX gene_disease_disease ON gene_disease(disease);
CREATE INDEX gene_disease_import ON gene_disease(import_id);

CREATE TABLE gene_phenotype (
    id             INTEGER PRIMARY KEY,
    import_id      INTEGER NOT NULL REFERENCES imports(id),
    gene_id        INTEGER NOT NULL,
    phenotype      TEXT NOT NULL,
    phenotype_name TEXT NOT NULL,
    frequency      TEXT,
    disease        TEXT
);
CREATE INDEX gene_phenotype_gene ON gene_phenotype(gene_id);
CREATE INDEX gene_phenotype_phenotype ON gene_phenotype(phenotype);
CREATE INDEX gene_phenotype_import ON gene_phenotype(import_id);

CREATE TABLE disease_phenotype (
    id           INTEGER PRIMARY KEY,
    import_id    INTEGER NOT NULL REFERENCES imports(id),
    disease      TEXT NOT NULL,
    disease_name TEXT NOT NULL,
    negated      INTEGER NOT NULL,
    phenotype    TEXT NOT NULL,
    refs         TEXT NOT NULL,
    evidence     TEXT NOT NULL,
    onset        TEXT,
    frequency    TEXT,
    sex          TEXT,
    modifiers    TEXT NOT NULL,
    aspect       TEXT NOT NULL,
    biocuration  TEXT NOT NULL
);
CREATE INDEX disease_phenotype_disease ON disease_phenotype(disease);
CREATE INDEX disease_phenotype_phenotype ON disease_phenotype(phenotype);
CREATE INDEX disease_phenotype_import ON disease_phenotype(import_id);

ALTER TABLE go_annotation ADD COLUMN qualifier TEXT;
ALTER TABLE go_annotation ADD COLUMN refs TEXT;
CREATE INDEX go_annotation_go ON go_annotation(go_id);
"#,
    // 9: words of papers (title, abstract), GeneRIFs and terms (names,
    // synonyms, definitions), for full-text search. `text_doc` is written
    // with the facts and deleted with their import; the FTS5 index follows
    // it through triggers.
    r#"
CREATE TABLE text_doc (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL CHECK (kind IN ('publication', 'generif', 'term')),
    key       TEXT NOT NULL,
    import_id INTEGER NOT NULL REFERENCES imports(id),
    title     TEXT NOT NULL,
    body      TEXT NOT NULL
);
CREATE INDEX text_doc_import ON text_doc(import_id);
CREATE VIRTUAL TABLE text_fts USING fts5(
    title, body, content = 'text_doc', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER text_doc_insert AFTER INSERT ON text_doc BEGIN
    INSERT INTO text_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER text_doc_delete AFTER DELETE ON text_doc BEGIN
    INSERT INTO text_fts (text_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
INSERT INTO text_doc (kind, key, import_id, title, body)
    SELECT 'publication', pmid, import_id, title, coalesce(abstract, '') FROM publication;
INSERT INTO text_doc (kind, key, import_id, title, body)
    SELECT 'generif', gene_id, import_id, '', text FROM generif;
INSERT INTO text_doc (kind, key, import_id, title, body)
    SELECT 'term', id, import_id,
           name || coalesce((SELECT '; ' || group_concat(value, '; ') FROM json_each(term.synonyms)), ''),
           coalesce(definition, '')
    FROM term;
"#,
    // 10: terms by name, so an expression row's condition (`osteosarcoma`)
    // finds the disease or phenotype of that name.
    r#"
CREATE INDEX term_name ON term(name COLLATE NOCASE);
"#,
    // 11: annotated abstracts as other tools publish them (PubTator format:
    // gold corpora, PubTator exports), kept apart from Locus's own tags.
    // Offsets count characters of `title || ' ' || abstract`.
    r#"
CREATE TABLE pubtator_document (
    pmid      INTEGER NOT NULL,
    import_id INTEGER NOT NULL REFERENCES imports(id),
    title     TEXT NOT NULL,
    abstract  TEXT NOT NULL,
    line      INTEGER NOT NULL,
    PRIMARY KEY (pmid, import_id)
) WITHOUT ROWID;
CREATE INDEX pubtator_document_import ON pubtator_document(import_id);
CREATE TABLE pubtator_annotation (
    id        INTEGER PRIMARY KEY,
    import_id INTEGER NOT NULL REFERENCES imports(id),
    pmid      INTEGER NOT NULL,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    mention   TEXT NOT NULL,
    type      TEXT NOT NULL,
    concepts  TEXT NOT NULL,
    line      INTEGER NOT NULL
);
CREATE INDEX pubtator_annotation_pmid ON pubtator_annotation(pmid, start);
CREATE INDEX pubtator_annotation_import ON pubtator_annotation(import_id);
"#,
    // 12: Locus's own tags of imported texts (papers' titles and
    // abstracts, GeneRIFs): each tagging run with the tagger and
    // vocabulary it used, which texts it tagged (a text without mentions
    // is tagged too), and the mentions. Offsets count characters of the
    // text as `text_doc` holds it (`title || ' ' || body` for a paper,
    // `body` for a GeneRIF). A text's tags go with it when its import is
    // replaced.
    r#"
CREATE TABLE tagging_run (
    id         INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    tagger     TEXT NOT NULL,
    vocabulary TEXT NOT NULL,
    texts      INTEGER NOT NULL DEFAULT 0,
    mentions   INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE text_tagged (
    doc INTEGER PRIMARY KEY,
    run INTEGER NOT NULL REFERENCES tagging_run(id)
);
CREATE TABLE text_mention (
    doc     INTEGER NOT NULL,
    start   INTEGER NOT NULL,
    end     INTEGER NOT NULL,
    mention TEXT NOT NULL,
    kind    TEXT NOT NULL CHECK (kind IN ('Gene', 'Disease', 'Chemical')),
    ids     TEXT NOT NULL,
    tax_id  INTEGER,
    rule    TEXT NOT NULL,
    PRIMARY KEY (doc, start, end)
) WITHOUT ROWID;
CREATE INDEX text_doc_key ON text_doc(kind, key);
CREATE TRIGGER text_doc_untag AFTER DELETE ON text_doc BEGIN
    DELETE FROM text_mention WHERE doc = old.id;
    DELETE FROM text_tagged WHERE doc = old.id;
END;
"#,
    // 13: which genes each tagged text names and how often, for a gene's
    // literature by topic and its text-mined score (a paper's share of
    // gene mentions per gene), and what its sentences name together, for
    // the graph's co-mention edges. `gene_mentions` counts a mention naming k
    // genes k times, so the genes' shares of a text add up to one.
    r#"
ALTER TABLE text_tagged ADD COLUMN gene_mentions INTEGER NOT NULL DEFAULT 0;
CREATE TABLE text_gene (
    gene_id  INTEGER NOT NULL,
    doc      INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (gene_id, doc)
) WITHOUT ROWID;
CREATE INDEX text_gene_doc ON text_gene(doc);
-- What one text's sentences name together: a gene with another gene
-- (both ways round), with a disease or phenotype as the tagger wrote it
-- (MeSH id, else ontology id), or with a chemical (MeSH id). Texts tagged before this table existed
-- have no rows until `locus retag`.
CREATE TABLE text_pair (
    gene_id    INTEGER NOT NULL,
    other_kind TEXT NOT NULL CHECK (other_kind IN ('gene', 'disease', 'chemical')),
    other      TEXT NOT NULL,
    doc        INTEGER NOT NULL,
    sentences  INTEGER NOT NULL,
    PRIMARY KEY (gene_id, other_kind, other, doc)
) WITHOUT ROWID;
CREATE INDEX text_pair_doc ON text_pair(doc);
INSERT INTO text_gene (gene_id, doc, mentions)
    SELECT CAST(j.value AS INTEGER), m.doc, count(*)
    FROM text_mention m, json_each(m.ids) j
    WHERE m.kind = 'Gene' AND CAST(j.value AS INTEGER) > 0
    GROUP BY 1, 2;
UPDATE text_tagged SET gene_mentions =
    (SELECT coalesce(sum(mentions), 0) FROM text_gene g WHERE g.doc = text_tagged.doc);
DROP TRIGGER text_doc_untag;
CREATE TRIGGER text_doc_untag AFTER DELETE ON text_doc BEGIN
    DELETE FROM text_mention WHERE doc = old.id;
    DELETE FROM text_tagged WHERE doc = old.id;
    DELETE FROM text_gene WHERE doc = old.id;
    DELETE FROM text_pair WHERE doc = old.id;
END;
"#,
    // 14: what an API token may do. Tokens made before scopes existed
    // were for writes, and stay write tokens.
    r#"
ALTER TABLE api_token ADD COLUMN scope TEXT NOT NULL DEFAULT 'write'
    CHECK (scope IN ('read', 'write'));
"#,
    // 15: what changed for each gene when an import replaced an earlier
    // one. Kept when either import is replaced later: it is history.
    r#"
CREATE TABLE gene_change (
    id        INTEGER PRIMARY KEY,
    import_id INTEGER NOT NULL REFERENCES imports(id),
    replaced  INTEGER NOT NULL REFERENCES imports(id),
    gene_id   INTEGER NOT NULL,
    field     TEXT NOT NULL,
    change    TEXT NOT NULL CHECK (change IN ('added', 'removed', 'changed')),
    before    TEXT,
    after     TEXT
);
CREATE INDEX gene_change_gene ON gene_change(gene_id, import_id);
CREATE INDEX gene_change_import ON gene_change(import_id, field, gene_id);
"#,
];

/// Brings the schema to the newest version this build knows.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > SCHEMA_VERSION {
        return Err(StoreError::SchemaTooNew {
            found: current,
            supported: SCHEMA_VERSION,
        }
        .into());
    }
    for (version, sql) in (1..).zip(MIGRATIONS).skip_while(|(v, _)| *v <= current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}
