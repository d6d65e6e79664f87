//! Read queries about diseases, phenotypes and ontology terms: a term's
//! page (names, parents, children, equivalents in other vocabularies),
//! gene–disease and gene–phenotype associations from either side, and a
//! disease's phenotype annotations. All SQL is parameterised.

use locus_model::{GeneId, GeneSummary, ImportId, Pmid, SourceKind, TermId, TermKind};
use locus_store::{
    DiseasePhenotypePage, DiseasePhenotypeRow, GeneDiseaseRow, GenePhenotypePage,
    GenePhenotypeRecord, GenePhenotypeRow, GoTermGenePage, GoTermGeneRow, TaggerTerm, TermDetail,
    TermLink, TermSearchEntry,
};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::sql::{corrupt, from_json, sql_limit, RowExt};
use crate::Result;

/// Gene columns of `gene_best b`, as [`summary`] reads them from `at`.
const GENE_COLS: &str = "b.gene_id, b.tax_id, b.symbol, b.description, b.gene_type, b.map_location";

fn summary(r: &Row<'_>, at: usize) -> rusqlite::Result<GeneSummary> {
    Ok(GeneSummary {
        gene_id: r.gene_id(at)?,
        tax_id: r.tax_id(at + 1)?,
        symbol: r.get(at + 2)?,
        name: r.get(at + 3)?,
        gene_type: r.get(at + 4)?,
        map_location: r.get(at + 5)?,
    })
}

fn term_id(s: &str, table: &'static str, column: &'static str) -> Result<TermId> {
    s.parse()
        .map_err(|e: locus_model::BadTermId| corrupt(table, column, e.to_string()))
}

/// The name of `id`: the ontology's (a row with a definition, the first
/// import) before another source's; GO.db's for GO terms no ontology
/// file named; else the name of a term that cross-references it.
pub fn term_name(c: &Connection, id: &str) -> Result<Option<String>> {
    let name = c
        .prepare_cached(
            "SELECT name FROM term WHERE id = ?1 ORDER BY definition IS NULL, import_id LIMIT 1",
        )?
        .query_row([id], |r| r.get::<_, String>(0))
        .optional()?;
    if name.is_some() {
        return Ok(name);
    }
    let name = c
        .prepare_cached(
            "SELECT name FROM go_term WHERE go_id = ?1 ORDER BY import_id DESC LIMIT 1",
        )?
        .query_row([id], |r| r.get::<_, String>(0))
        .optional()?;
    if name.is_some() {
        return Ok(name);
    }
    // A disease no source names but an ontology term cross-references
    // (DOID's `xref: OMIM:614740`): that term's name.
    Ok(c.prepare_cached(
        "SELECT t.name FROM term_xref x JOIN term t ON t.id = x.id AND t.import_id = x.import_id
             WHERE x.xref = ?1 AND NOT t.obsolete ORDER BY t.id LIMIT 1",
    )?
    .query_row([id], |r| r.get::<_, String>(0))
    .optional()?)
}

fn link(c: &Connection, id: TermId) -> Result<TermLink> {
    Ok(TermLink {
        id,
        name: term_name(c, &id.to_string())?,
    })
}

fn links(c: &Connection, ids: Vec<String>, table: &'static str) -> Result<Vec<TermLink>> {
    let mut out: Vec<TermLink> = Vec::with_capacity(ids.len());
    for s in ids {
        let id = term_id(&s, table, "id")?;
        if !out.iter().any(|l| l.id == id) {
            out.push(link(c, id)?);
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// Everything known about `id`, or `None` when no import names it.
pub fn term(c: &Connection, id: TermId) -> Result<Option<TermDetail>> {
    let key = id.to_string();
    let mut stmt = c.prepare_cached(
        "SELECT name, definition, synonyms, xrefs, obsolete, replaced_by, import_id
         FROM term WHERE id = ?1 ORDER BY definition IS NULL, import_id",
    )?;
    let mut rows = stmt.query([&key])?;
    let mut detail: Option<TermDetail> = None;
    while let Some(r) = rows.next()? {
        let synonyms: Vec<String> = from_json(&r.get::<_, String>(2)?, "term", "synonyms")?;
        let xrefs: Vec<String> = from_json(&r.get::<_, String>(3)?, "term", "xrefs")?;
        let import_id: ImportId = r.import_id(6)?;
        match detail.as_mut() {
            None => {
                let replaced_by = match r.get::<_, Option<String>>(5)? {
                    Some(s) => Some(term_id(&s, "term", "replaced_by")?),
                    None => None,
                };
                detail = Some(TermDetail {
                    id,
                    kind: id.kind(),
                    name: r.get(0)?,
                    definition: r.get(1)?,
                    synonyms,
                    xrefs,
                    obsolete: r.get(4)?,
                    replaced_by,
                    parents: Vec::new(),
                    children: Vec::new(),
                    equivalents: Vec::new(),
                    import_ids: vec![import_id],
                });
            }
            Some(d) => {
                for s in synonyms {
                    if !d.synonyms.contains(&s) && s != d.name {
                        d.synonyms.push(s);
                    }
                }
                for x in xrefs {
                    if !d.xrefs.contains(&x) {
                        d.xrefs.push(x);
                    }
                }
                if d.definition.is_none() {
                    d.definition = r.get(1)?;
                }
                if !d.import_ids.contains(&import_id) {
                    d.import_ids.push(import_id);
                }
            }
        }
    }
    if detail.is_none() && id.kind() == TermKind::GoTerm {
        detail = c
            .prepare_cached(
                "SELECT name, definition, import_id FROM go_term WHERE go_id = ?1 ORDER BY import_id DESC LIMIT 1",
            )?
            .query_row([&key], |r| {
                Ok(TermDetail {
                    id,
                    kind: TermKind::GoTerm,
                    name: r.get(0)?,
                    definition: r.get(1)?,
                    synonyms: Vec::new(),
                    xrefs: Vec::new(),
                    obsolete: false,
                    replaced_by: None,
                    parents: Vec::new(),
                    children: Vec::new(),
                    equivalents: Vec::new(),
                    import_ids: vec![r.import_id(2)?],
                })
            })
            .optional()?;
    }
    let Some(mut d) = detail else {
        return Ok(None);
    };
    let strings = |sql: &str| -> Result<Vec<String>> {
        let mut stmt = c.prepare_cached(sql)?;
        let rows = stmt.query_map([&key], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    };
    d.parents = links(
        c,
        strings("SELECT DISTINCT parent FROM term_parent WHERE child = ?1")?,
        "term_parent",
    )?;
    d.children = links(
        c,
        strings("SELECT DISTINCT child FROM term_parent WHERE parent = ?1")?,
        "term_parent",
    )?;
    // Terms that cross-reference this one, and this one's cross-references
    // that are terms the store knows.
    let mut same = strings("SELECT DISTINCT id FROM term_xref WHERE xref = ?1")?;
    for x in &d.xrefs {
        if let Ok(t) = x.parse::<TermId>() {
            let known: bool = c
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM term WHERE id = ?1)")?
                .query_row([t.to_string()], |r| r.get(0))?;
            if known && t != id {
                same.push(t.to_string());
            }
        }
    }
    same.retain(|s| *s != key);
    d.equivalents = links(c, same, "term_xref")?;
    for (table, column) in [
        ("gene_disease", "disease"),
        ("gene_phenotype", "phenotype"),
        ("disease_phenotype", "disease"),
        ("disease_phenotype", "phenotype"),
    ] {
        // Table and column names come from this fixed list.
        let sql = format!("SELECT DISTINCT import_id FROM {table} WHERE {column} = ?1");
        let mut stmt = c.prepare_cached(&sql)?;
        let ids = stmt.query_map([&key], |r| r.import_id(0))?;
        for i in ids {
            let i = i?;
            if !d.import_ids.contains(&i) {
                d.import_ids.push(i);
            }
        }
    }
    d.import_ids.sort();
    Ok(Some(d))
}

fn disease_row(c: &Connection, r: &Row<'_>) -> Result<GeneDiseaseRow> {
    let disease: String = r.get(6)?;
    let disease = term_id(&disease, "gene_disease", "disease")?;
    let kind: String = r.get(12)?;
    let named: Option<String> = r.get(7)?;
    Ok(GeneDiseaseRow {
        gene: summary(r, 0)?,
        disease: TermLink {
            id: disease,
            name: match term_name(c, &disease.to_string())? {
                Some(n) => Some(n),
                None => named,
            },
        },
        association: r.get(8)?,
        status: r.get(9)?,
        source: r.get(10)?,
        pmids: from_json::<Vec<Pmid>>(&r.get::<_, String>(11)?, "gene_disease", "pmids")?,
        source_kind: SourceKind::parse(&kind).ok_or_else(|| corrupt("imports", "kind", kind))?,
        import_id: r.import_id(13)?,
    })
}

const DISEASE_SQL: &str = "SELECT {GENE}, d.disease, d.disease_name, d.association, d.status, d.source, d.pmids, i.kind, d.import_id
     FROM gene_disease d JOIN gene_best b ON b.gene_id = d.gene_id JOIN imports i ON i.id = d.import_id";

/// The gene's disease associations, every source's, by disease name.
pub fn gene_diseases(c: &Connection, gene_id: GeneId) -> Result<Vec<GeneDiseaseRow>> {
    let sql = format!(
        "{} WHERE d.gene_id = ?1 ORDER BY d.disease, d.import_id",
        DISEASE_SQL.replace("{GENE}", GENE_COLS)
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let mut rows = stmt.query([gene_id.get()])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(disease_row(c, r)?);
    }
    out.sort_by(|a, b| {
        a.disease
            .name
            .as_deref()
            .unwrap_or("")
            .to_lowercase()
            .cmp(&b.disease.name.as_deref().unwrap_or("").to_lowercase())
            .then(a.disease.id.cmp(&b.disease.id))
            .then(a.import_id.cmp(&b.import_id))
    });
    Ok(out)
}

/// The genes associated with a disease, by symbol.
pub fn disease_genes(c: &Connection, id: TermId) -> Result<Vec<GeneDiseaseRow>> {
    let sql = format!(
        "{} WHERE d.disease = ?1 ORDER BY b.symbol, d.import_id",
        DISEASE_SQL.replace("{GENE}", GENE_COLS)
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let mut rows = stmt.query([id.to_string()])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(disease_row(c, r)?);
    }
    Ok(out)
}

/// Reads `gene_phenotype` rows (gene columns, phenotype, name,
/// frequency, disease, import) and gathers them with
/// [`GenePhenotypeRow::gather`], diseases named.
fn gather_phenotypes(
    c: &Connection,
    rows: &mut rusqlite::Rows<'_>,
) -> Result<Vec<GenePhenotypeRow>> {
    let mut records = Vec::new();
    while let Some(r) = rows.next()? {
        records.push(GenePhenotypeRecord {
            gene: summary(r, 0)?,
            phenotype: term_id(&r.get::<_, String>(6)?, "gene_phenotype", "phenotype")?,
            name: r.get(7)?,
            frequency: r.get(8)?,
            disease: match r.get::<_, Option<String>>(9)? {
                Some(d) => Some(term_id(&d, "gene_phenotype", "disease")?),
                None => None,
            },
            import_id: r.import_id(10)?,
        });
    }
    let mut out = GenePhenotypeRow::gather(records);
    GenePhenotypeRow::name_diseases(&mut out, |d| term_name(c, &d.to_string()))?;
    Ok(out)
}

const PHENOTYPE_SQL: &str =
    "SELECT {GENE}, p.phenotype, p.phenotype_name, p.frequency, p.disease, p.import_id
     FROM gene_phenotype p JOIN gene_best b ON b.gene_id = p.gene_id";

/// The gene's phenotypes by name, each with the diseases it comes through.
pub fn gene_phenotypes(c: &Connection, gene_id: GeneId) -> Result<Vec<GenePhenotypeRow>> {
    let sql = format!(
        "{} WHERE p.gene_id = ?1 ORDER BY p.phenotype_name COLLATE NOCASE, p.phenotype, p.id",
        PHENOTYPE_SQL.replace("{GENE}", GENE_COLS)
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let mut rows = stmt.query([gene_id.get()])?;
    gather_phenotypes(c, &mut rows)
}

/// The genes with a phenotype, by symbol: at most `limit` genes, with the
/// number of genes in all.
pub fn phenotype_genes(c: &Connection, id: TermId, limit: u64) -> Result<GenePhenotypePage> {
    let key = id.to_string();
    let total: u64 = c
        .prepare_cached("SELECT count(DISTINCT gene_id) FROM gene_phenotype WHERE phenotype = ?1")?
        .query_row([&key], |r| r.count(0))?;
    let sql = format!(
        "{} WHERE p.phenotype = ?1 AND p.gene_id IN (
             SELECT gene_id FROM gene_phenotype q JOIN gene_best g USING (gene_id)
             WHERE q.phenotype = ?1 GROUP BY gene_id ORDER BY min(g.symbol) LIMIT ?2)
         ORDER BY b.symbol, p.id",
        PHENOTYPE_SQL.replace("{GENE}", GENE_COLS)
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![key, sql_limit(limit)])?;
    Ok(GenePhenotypePage {
        total,
        rows: gather_phenotypes(c, &mut rows)?,
    })
}

/// A disease's phenotype annotations (when `id` is a disease) or the
/// diseases annotated with a phenotype (when it is an HPO term): at most
/// `limit` rows, the annotated ones before the `NOT` ones.
pub fn disease_phenotypes(c: &Connection, id: TermId, limit: u64) -> Result<DiseasePhenotypePage> {
    let key = id.to_string();
    let column = match id.kind() {
        TermKind::Phenotype => "phenotype",
        _ => "disease",
    };
    // `column` is one of two fixed names.
    let total: u64 = c
        .prepare_cached(&format!(
            "SELECT count(*) FROM disease_phenotype WHERE {column} = ?1"
        ))?
        .query_row([&key], |r| r.count(0))?;
    let mut stmt = c.prepare_cached(&format!(
        "SELECT disease, disease_name, negated, phenotype, refs, evidence, onset, frequency, sex, aspect, import_id
         FROM disease_phenotype WHERE {column} = ?1
         ORDER BY negated, aspect <> 'P', disease_name, phenotype, id LIMIT ?2"
    ))?;
    let mut rows = stmt.query(params![key, sql_limit(limit)])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let disease = term_id(&r.get::<_, String>(0)?, "disease_phenotype", "disease")?;
        let phenotype = term_id(&r.get::<_, String>(3)?, "disease_phenotype", "phenotype")?;
        let onset = match r.get::<_, Option<String>>(6)? {
            Some(o) => Some(link(c, term_id(&o, "disease_phenotype", "onset")?)?),
            None => None,
        };
        out.push(DiseasePhenotypeRow {
            disease: TermLink {
                id: disease,
                name: Some(r.get(1)?),
            },
            phenotype: link(c, phenotype)?,
            negated: r.get(2)?,
            references: from_json(&r.get::<_, String>(4)?, "disease_phenotype", "refs")?,
            evidence: r.get(5)?,
            onset,
            frequency: r.get(7)?,
            sex: r.get(8)?,
            aspect: r.get(9)?,
            import_id: r.import_id(10)?,
        });
    }
    Ok(DiseasePhenotypePage { total, rows: out })
}

/// The genes annotated to a GO term, by symbol, with the evidence codes
/// and references of each: at most `limit` genes, with the total.
pub fn go_term_genes(c: &Connection, id: TermId, limit: u64) -> Result<GoTermGenePage> {
    let key = id.to_string();
    let total: u64 = c
        .prepare_cached("SELECT count(DISTINCT gene_id) FROM go_annotation WHERE go_id = ?1")?
        .query_row([&key], |r| r.count(0))?;
    let sql = format!(
        "SELECT {GENE_COLS}, group_concat(DISTINCT a.evidence), json_group_array(a.refs)
         FROM go_annotation a JOIN gene_best b ON b.gene_id = a.gene_id
         WHERE a.go_id = ?1 GROUP BY a.gene_id ORDER BY b.symbol LIMIT ?2"
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![key, sql_limit(limit)])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let evidence: String = r.get(6)?;
        let mut evidence: Vec<String> = evidence.split(',').map(str::to_string).collect();
        evidence.sort();
        // One JSON array (or null) per annotation row.
        let per_row: Vec<Option<String>> =
            from_json(&r.get::<_, String>(7)?, "go_annotation", "refs")?;
        let mut refs: Vec<String> = Vec::new();
        for list in per_row.into_iter().flatten() {
            for x in from_json::<Vec<String>>(&list, "go_annotation", "refs")? {
                if !refs.contains(&x) {
                    refs.push(x);
                }
            }
        }
        out.push(GoTermGeneRow {
            gene: summary(r, 0)?,
            evidence,
            references: refs,
        });
    }
    Ok(GoTermGenePage { total, rows: out })
}

/// Full-text search over papers, GeneRIFs and terms (see
/// [`locus_store::GeneStore::full_text`]): FTS5 with BM25, titles weighing
/// five times the body; a paper or term imported twice is one hit.
///
/// Titles (paper titles, term names and synonyms) are searched first, and
/// the bodies only when titles give fewer hits than asked for: ranking
/// costs about a microsecond per matching text, and a common word prefix
/// (`int`, `trans`) matches tens of thousands of bodies but a few
/// thousand titles, which would rank above the bodies anyway.
pub fn full_text(
    c: &Connection,
    query: &str,
    kind: Option<locus_store::TextKind>,
    limit: u64,
) -> Result<Vec<locus_store::TextHit>> {
    let Some(q) = crate::sql::fts_query(query) else {
        return Ok(Vec::new());
    };
    let want = usize::try_from(limit).unwrap_or(usize::MAX);
    let titles = ranked_texts(c, &format!("title : ({q})"), kind, limit)?;
    if titles.len() >= want {
        return Ok(titles);
    }
    ranked_texts(c, &q, kind, limit)
}

/// The best `limit` texts matching an FTS5 expression.
fn ranked_texts(
    c: &Connection,
    q: &str,
    kind: Option<locus_store::TextKind>,
    limit: u64,
) -> Result<Vec<locus_store::TextHit>> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT d.kind, d.key, d.title, snippet(text_fts, -1, char(2), char(3), '…', 20),
                {GENE_COLS}
         FROM text_fts JOIN text_doc d ON d.id = text_fts.rowid
         LEFT JOIN gene_best b ON d.kind = 'generif' AND b.gene_id = CAST(d.key AS INTEGER)
         WHERE text_fts MATCH ?1 AND (?2 IS NULL OR d.kind = ?2)
         ORDER BY bm25(text_fts, 5.0, 1.0) LIMIT ?3"
    ))?;
    // Duplicates (one paper in two imports) are dropped after the limit
    // is applied, so ask for a few more.
    let want = usize::try_from(limit).unwrap_or(usize::MAX);
    let mut rows = stmt.query(params![
        q,
        kind.map(|k| k.as_str()),
        sql_limit(limit.saturating_mul(2))
    ])?;
    let mut out: Vec<locus_store::TextHit> = Vec::new();
    while let Some(r) = rows.next()? {
        let k: String = r.get(0)?;
        let kind = match k.as_str() {
            "publication" => locus_store::TextKind::Publication,
            "generif" => locus_store::TextKind::Generif,
            "term" => locus_store::TextKind::Term,
            _ => return Err(corrupt("text_doc", "kind", k)),
        };
        let key: String = r.get(1)?;
        let snippet: String = r.get(3)?;
        if out.iter().any(|h| {
            h.kind == kind
                && h.key == key
                && (kind != locus_store::TextKind::Generif || h.snippet == snippet)
        }) {
            continue;
        }
        let gene = match r.get::<_, Option<i64>>(4)? {
            Some(_) => Some(summary(r, 4)?),
            None => None,
        };
        let title = match (&gene, kind) {
            (Some(g), locus_store::TextKind::Generif) => g.symbol.clone(),
            _ => r.get(2)?,
        };
        out.push(locus_store::TextHit {
            kind,
            key,
            title,
            snippet,
            gene,
        });
        if out.len() >= want {
            break;
        }
    }
    Ok(out)
}

/// The named terms whose cross-references name `id`.
pub fn terms_citing(c: &Connection, id: TermId) -> Result<Vec<TermId>> {
    let mut stmt = c.prepare_cached(
        "SELECT DISTINCT x.id FROM term_xref x JOIN term t ON t.id = x.id AND t.import_id = x.import_id
         WHERE x.xref = ?1 AND NOT t.obsolete ORDER BY x.id",
    )?;
    let rows = stmt.query_map([id.to_string()], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for r in rows {
        out.push(term_id(&r?, "term_xref", "id")?);
    }
    Ok(out)
}

/// The disease and phenotype terms the tagger names (see
/// `GeneStore::tagger_terms`): one entry per term, synonyms and MeSH
/// cross-references merged over the imports that name it.
pub fn tagger_terms(c: &Connection) -> Result<Vec<TaggerTerm>> {
    let mut stmt = c.prepare_cached(
        "WITH RECURSIVE abnormal(id) AS (
             SELECT 'HP:0000118'
             UNION SELECT p.child FROM term_parent p JOIN abnormal a ON p.parent = a.id
         )
         SELECT t.id, t.name, t.synonyms, t.xrefs FROM term t
         WHERE NOT t.obsolete
           AND (t.kind = 'disease'
                OR (t.kind = 'phenotype'
                    AND (t.id IN abnormal
                         OR NOT EXISTS (SELECT 1 FROM term_parent WHERE parent = 'HP:0000118'))))
         ORDER BY t.id, t.definition IS NULL, t.import_id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out: Vec<TaggerTerm> = Vec::new();
    while let Some(r) = rows.next()? {
        let id = term_id(&r.get::<_, String>(0)?, "term", "id")?;
        let synonyms: Vec<String> = from_json(&r.get::<_, String>(2)?, "term", "synonyms")?;
        let xrefs: Vec<String> = from_json(&r.get::<_, String>(3)?, "term", "xrefs")?;
        let with_prefix = |prefixes: &'static [&'static str]| {
            xrefs.iter().filter_map(move |x| {
                let (db, local) = x.split_once(':')?;
                prefixes.contains(&db).then(|| local.trim().to_string())
            })
        };
        let mesh = with_prefix(&["MESH", "MSH", "MeSH"]);
        let umls: Vec<String> = with_prefix(&["UMLS", "UMLS_CUI"]).collect();
        let entry = match out.last_mut() {
            Some(last) if last.id == id => last,
            _ => {
                out.push(TaggerTerm {
                    id,
                    name: r.get(1)?,
                    synonyms: Vec::new(),
                    mesh: Vec::new(),
                    umls: Vec::new(),
                });
                out.last_mut().expect("just pushed")
            }
        };
        for s in synonyms {
            if !entry.synonyms.contains(&s) {
                entry.synonyms.push(s);
            }
        }
        for m in mesh {
            if !entry.mesh.contains(&m) {
                entry.mesh.push(m);
            }
        }
        for u in umls {
            if !entry.umls.contains(&u) {
                entry.umls.push(u);
            }
        }
    }
    Ok(out)
}

/// Every named term, for the search index: one entry per term, the
/// ontology's name first.
pub fn term_search_entries(c: &Connection) -> Result<Vec<TermSearchEntry>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, name, synonyms, obsolete FROM term ORDER BY id, definition IS NULL, import_id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out: Vec<TermSearchEntry> = Vec::new();
    while let Some(r) = rows.next()? {
        let id = term_id(&r.get::<_, String>(0)?, "term", "id")?;
        let synonyms: Vec<String> = from_json(&r.get::<_, String>(2)?, "term", "synonyms")?;
        match out.last_mut() {
            Some(last) if last.id == id => {
                for s in synonyms {
                    if !last.synonyms.contains(&s) {
                        last.synonyms.push(s);
                    }
                }
            }
            _ => out.push(TermSearchEntry {
                id,
                name: r.get(1)?,
                synonyms,
                obsolete: r.get(3)?,
            }),
        }
    }
    // GO terms GO.db names and no ontology file did.
    let mut stmt = c.prepare_cached(
        "SELECT go_id, min(name) FROM go_term WHERE go_id NOT IN (SELECT id FROM term) GROUP BY go_id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let Ok(id) = r.get::<_, String>(0)?.parse::<TermId>() else {
            continue;
        };
        out.push(TermSearchEntry {
            id,
            name: r.get(1)?,
            synonyms: Vec::new(),
            obsolete: false,
        });
    }
    Ok(out)
}
