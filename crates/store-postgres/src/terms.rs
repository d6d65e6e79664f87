//! Read queries about diseases, phenotypes and ontology terms: a term's
//! page (names, parents, children, equivalents in other vocabularies),
//! gene–disease and gene–phenotype associations from either side, a
//! disease's phenotype annotations, and full-text search over the
//! imported texts. All SQL is parameterised.

use locus_model::{GeneId, ImportId, Pmid, SourceKind, TermId, TermKind};
use locus_store::{
    DiseasePhenotypePage, DiseasePhenotypeRow, GeneDiseaseRow, GenePhenotypePage,
    GenePhenotypeRecord, GenePhenotypeRow, GoTermGenePage, GoTermGeneRow, TaggerTerm, TermDetail,
    TermLink, TermSearchEntry,
};
use std::collections::HashMap;

use postgres::Row;

use crate::db::Db;
use crate::sql::{corrupt, gene as gene_key, sql_limit, RowExt, GENE_COLS};
use crate::Result;

fn term_id(s: &str, table: &'static str, column: &'static str) -> Result<TermId> {
    s.parse()
        .map_err(|e: locus_model::BadTermId| corrupt(table, column, e.to_string()))
}

/// The names of `ids`: the ontology's (a row with a definition, the first
/// import) before another source's; GO.db's for GO terms no ontology
/// file named; else the name of a term that cross-references it. One
/// query per rule for all the ids, not one per id: a gene's diseases
/// name dozens of terms.
pub(crate) fn term_names(
    db: &mut Db<'_>,
    ids: impl IntoIterator<Item = String>,
) -> Result<HashMap<String, String>> {
    let mut ids: Vec<String> = ids.into_iter().collect();
    ids.sort();
    ids.dedup();
    let mut names = HashMap::new();
    let rules = [
        "SELECT DISTINCT ON (id) id, name FROM term WHERE id = ANY($1)
         ORDER BY id, definition IS NULL, import_id",
        "SELECT DISTINCT ON (go_id) go_id, name FROM go_term WHERE go_id = ANY($1)
         ORDER BY go_id, import_id DESC",
        // A disease no source names but an ontology term cross-references
        // (DOID's `xref: OMIM:614740`): that term's name.
        "SELECT DISTINCT ON (x.xref) x.xref, t.name
         FROM term_xref x JOIN term t ON t.id = x.id AND t.import_id = x.import_id
         WHERE x.xref = ANY($1) AND NOT t.obsolete
         ORDER BY x.xref, t.id COLLATE \"C\", t.import_id",
    ];
    for sql in rules {
        let missing: Vec<&str> = ids
            .iter()
            .map(String::as_str)
            .filter(|id| !names.contains_key(*id))
            .collect();
        if missing.is_empty() {
            break;
        }
        for r in db.query(sql, &[&missing])? {
            names.insert(r.at::<String>(0)?, r.at::<String>(1)?);
        }
    }
    Ok(names)
}

fn links(db: &mut Db<'_>, ids: Vec<String>, table: &'static str) -> Result<Vec<TermLink>> {
    let mut unique: Vec<TermId> = Vec::with_capacity(ids.len());
    for s in &ids {
        let id = term_id(s, table, "id")?;
        if !unique.contains(&id) {
            unique.push(id);
        }
    }
    let keys: Vec<String> = unique.iter().map(TermId::to_string).collect();
    let mut names = term_names(db, keys.iter().cloned())?;
    let mut out: Vec<TermLink> = unique
        .into_iter()
        .zip(keys)
        .map(|(id, key)| TermLink {
            id,
            name: names.remove(&key),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// The first column of every row, as text.
fn strings(db: &mut Db<'_>, sql: &str, key: &str) -> Result<Vec<String>> {
    db.query(sql, &[&key])?.iter().map(|r| r.at(0)).collect()
}

/// Everything known about `id`, or `None` when no import names it.
pub(crate) fn term(db: &mut Db<'_>, id: TermId) -> Result<Option<TermDetail>> {
    let key = id.to_string();
    let rows = db.query(
        "SELECT name, definition, synonyms, xrefs, obsolete, replaced_by, import_id
         FROM term WHERE id = $1 ORDER BY definition IS NULL, import_id",
        &[&key],
    )?;
    let mut detail: Option<TermDetail> = None;
    for r in &rows {
        let synonyms: Vec<String> = r.json(2)?;
        let xrefs: Vec<String> = r.json(3)?;
        let import_id: ImportId = r.import_id(6)?;
        match detail.as_mut() {
            None => {
                let replaced_by = match r.at::<Option<String>>(5)? {
                    Some(s) => Some(term_id(&s, "term", "replaced_by")?),
                    None => None,
                };
                detail = Some(TermDetail {
                    id,
                    kind: id.kind(),
                    name: r.at(0)?,
                    definition: r.at(1)?,
                    synonyms,
                    xrefs,
                    obsolete: r.at(4)?,
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
                    d.definition = r.at(1)?;
                }
                if !d.import_ids.contains(&import_id) {
                    d.import_ids.push(import_id);
                }
            }
        }
    }
    if detail.is_none() && id.kind() == TermKind::GoTerm {
        if let Some(r) = db.query_opt(
            "SELECT name, definition, import_id FROM go_term WHERE go_id = $1 ORDER BY import_id DESC LIMIT 1",
            &[&key],
        )? {
            detail = Some(TermDetail {
                id,
                kind: TermKind::GoTerm,
                name: r.at(0)?,
                definition: r.at(1)?,
                synonyms: Vec::new(),
                xrefs: Vec::new(),
                obsolete: false,
                replaced_by: None,
                parents: Vec::new(),
                children: Vec::new(),
                equivalents: Vec::new(),
                import_ids: vec![r.import_id(2)?],
            });
        }
    }
    let Some(mut d) = detail else {
        return Ok(None);
    };
    let parents = strings(
        db,
        "SELECT DISTINCT parent FROM term_parent WHERE child = $1",
        &key,
    )?;
    d.parents = links(db, parents, "term_parent")?;
    let children = strings(
        db,
        "SELECT DISTINCT child FROM term_parent WHERE parent = $1",
        &key,
    )?;
    d.children = links(db, children, "term_parent")?;
    // Terms that cross-reference this one, and this one's cross-references
    // that are terms the store knows.
    let mut same = strings(
        db,
        "SELECT DISTINCT id FROM term_xref WHERE xref = $1",
        &key,
    )?;
    for x in &d.xrefs {
        if let Ok(t) = x.parse::<TermId>() {
            let known: bool = db
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM term WHERE id = $1)",
                    &[&t.to_string()],
                )?
                .at(0)?;
            if known && t != id {
                same.push(t.to_string());
            }
        }
    }
    same.retain(|s| *s != key);
    d.equivalents = links(db, same, "term_xref")?;
    for (table, column) in [
        ("gene_disease", "disease"),
        ("gene_phenotype", "phenotype"),
        ("disease_phenotype", "disease"),
        ("disease_phenotype", "phenotype"),
    ] {
        // Table and column names come from this fixed list.
        let sql = format!("SELECT DISTINCT import_id FROM {table} WHERE {column} = $1");
        for r in db.query(&sql, &[&key])? {
            let i = r.import_id(0)?;
            if !d.import_ids.contains(&i) {
                d.import_ids.push(i);
            }
        }
    }
    d.import_ids.sort();
    Ok(Some(d))
}

/// Reads `gene_disease` rows, each disease named by [`term_names`] (else
/// by the name its source gave).
fn disease_rows(db: &mut Db<'_>, rows: &[Row]) -> Result<Vec<GeneDiseaseRow>> {
    let ids: Vec<String> = rows.iter().map(|r| r.at(6)).collect::<Result<_>>()?;
    let names = term_names(db, ids)?;
    rows.iter().map(|r| disease_row(&names, r)).collect()
}

fn disease_row(names: &HashMap<String, String>, r: &Row) -> Result<GeneDiseaseRow> {
    let key: String = r.at(6)?;
    let disease = term_id(&key, "gene_disease", "disease")?;
    let kind: String = r.at(12)?;
    let named: Option<String> = r.at(7)?;
    Ok(GeneDiseaseRow {
        gene: r.gene_summary(0)?,
        disease: TermLink {
            id: disease,
            name: names.get(&key).cloned().or(named),
        },
        association: r.at(8)?,
        status: r.at(9)?,
        source: r.at(10)?,
        pmids: r.json::<Vec<Pmid>>(11)?,
        source_kind: SourceKind::parse(&kind).ok_or_else(|| corrupt("imports", "kind", kind))?,
        import_id: r.import_id(13)?,
    })
}

const DISEASE_SQL: &str = "SELECT {GENE}, d.disease, d.disease_name, d.association, d.status, d.source, d.pmids, i.kind, d.import_id
     FROM gene_disease d JOIN gene_best b ON b.gene_id = d.gene_id JOIN imports i ON i.id = d.import_id";

/// The gene's disease associations, every source's, by disease name.
pub(crate) fn gene_diseases(db: &mut Db<'_>, gene_id: GeneId) -> Result<Vec<GeneDiseaseRow>> {
    let sql = format!(
        "{} WHERE d.gene_id = $1 ORDER BY d.disease COLLATE \"C\", d.import_id, d.id",
        DISEASE_SQL.replace("{GENE}", GENE_COLS)
    );
    let rows = db.query(&sql, &[&gene_key(gene_id)])?;
    let mut out = disease_rows(db, &rows)?;
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
pub(crate) fn disease_genes(db: &mut Db<'_>, id: TermId) -> Result<Vec<GeneDiseaseRow>> {
    let sql = format!(
        "{} WHERE d.disease = $1 ORDER BY b.symbol COLLATE \"C\", d.import_id, d.id",
        DISEASE_SQL.replace("{GENE}", GENE_COLS)
    );
    let rows = db.query(&sql, &[&id.to_string()])?;
    disease_rows(db, &rows)
}

/// Reads `gene_phenotype` rows (gene columns, phenotype, name,
/// frequency, disease, import) and gathers them with
/// [`GenePhenotypeRow::gather`], diseases named.
fn gather_phenotypes(db: &mut Db<'_>, rows: &[Row]) -> Result<Vec<GenePhenotypeRow>> {
    let records = rows
        .iter()
        .map(|r| {
            Ok(GenePhenotypeRecord {
                gene: r.gene_summary(0)?,
                phenotype: term_id(r.at::<&str>(6)?, "gene_phenotype", "phenotype")?,
                name: r.at(7)?,
                frequency: r.at(8)?,
                disease: match r.at::<Option<&str>>(9)? {
                    Some(d) => Some(term_id(d, "gene_phenotype", "disease")?),
                    None => None,
                },
                import_id: r.import_id(10)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let mut out = GenePhenotypeRow::gather(records);
    let names = term_names(
        db,
        out.iter()
            .flat_map(|r| r.diseases.iter().map(|d| d.id.to_string())),
    )?;
    GenePhenotypeRow::name_diseases(&mut out, |d| {
        Ok::<_, crate::Error>(names.get(&d.to_string()).cloned())
    })?;
    Ok(out)
}

const PHENOTYPE_SQL: &str =
    "SELECT {GENE}, p.phenotype, p.phenotype_name, p.frequency, p.disease, p.import_id
     FROM gene_phenotype p JOIN gene_best b ON b.gene_id = p.gene_id";

/// The gene's phenotypes by name, each with the diseases it comes through.
pub(crate) fn gene_phenotypes(db: &mut Db<'_>, gene_id: GeneId) -> Result<Vec<GenePhenotypeRow>> {
    // By name ignoring case, as SQLite's `COLLATE NOCASE`.
    let sql = format!(
        "{} WHERE p.gene_id = $1
         ORDER BY lower(p.phenotype_name) COLLATE \"C\", p.phenotype COLLATE \"C\", p.id",
        PHENOTYPE_SQL.replace("{GENE}", GENE_COLS)
    );
    let rows = db.query(&sql, &[&gene_key(gene_id)])?;
    gather_phenotypes(db, &rows)
}

/// The genes with a phenotype, by symbol: at most `limit` genes, with the
/// number of genes in all.
pub(crate) fn phenotype_genes(
    db: &mut Db<'_>,
    id: TermId,
    limit: u64,
) -> Result<GenePhenotypePage> {
    let key = id.to_string();
    let total = db
        .query_one(
            "SELECT count(DISTINCT gene_id) FROM gene_phenotype WHERE phenotype = $1",
            &[&key],
        )?
        .count(0)?;
    let sql = format!(
        "{} WHERE p.phenotype = $1 AND p.gene_id IN (
             SELECT gene_id FROM gene_phenotype q JOIN gene_best g USING (gene_id)
             WHERE q.phenotype = $1 GROUP BY gene_id ORDER BY min(g.symbol) COLLATE \"C\", gene_id LIMIT $2)
         ORDER BY b.symbol COLLATE \"C\", p.id",
        PHENOTYPE_SQL.replace("{GENE}", GENE_COLS)
    );
    let rows = db.query(&sql, &[&key, &sql_limit(limit)])?;
    Ok(GenePhenotypePage {
        total,
        rows: gather_phenotypes(db, &rows)?,
    })
}

/// A disease's phenotype annotations (when `id` is a disease) or the
/// diseases annotated with a phenotype (when it is an HPO term): at most
/// `limit` rows, the annotated ones before the `NOT` ones.
pub(crate) fn disease_phenotypes(
    db: &mut Db<'_>,
    id: TermId,
    limit: u64,
) -> Result<DiseasePhenotypePage> {
    let key = id.to_string();
    let column = match id.kind() {
        TermKind::Phenotype => "phenotype",
        _ => "disease",
    };
    // `column` is one of two fixed names.
    let total = db
        .query_one(
            &format!("SELECT count(*) FROM disease_phenotype WHERE {column} = $1"),
            &[&key],
        )?
        .count(0)?;
    let rows = db.query(
        &format!(
            "SELECT disease, disease_name, negated, phenotype, refs, evidence, onset, frequency, sex, aspect, import_id
             FROM disease_phenotype WHERE {column} = $1
             ORDER BY negated, aspect <> 'P', disease_name COLLATE \"C\", phenotype COLLATE \"C\", id LIMIT $2"
        ),
        &[&key, &sql_limit(limit)],
    )?;
    // Phenotypes and onsets named in one go.
    let mut ids: Vec<String> = Vec::new();
    for r in &rows {
        ids.push(r.at(3)?);
        if let Some(o) = r.at::<Option<String>>(6)? {
            ids.push(o);
        }
    }
    let names = term_names(db, ids)?;
    let link = |id: TermId| TermLink {
        id,
        name: names.get(&id.to_string()).cloned(),
    };
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let disease = term_id(r.at::<&str>(0)?, "disease_phenotype", "disease")?;
        let phenotype = term_id(r.at::<&str>(3)?, "disease_phenotype", "phenotype")?;
        let onset = match r.at::<Option<&str>>(6)? {
            Some(o) => Some(link(term_id(o, "disease_phenotype", "onset")?)),
            None => None,
        };
        out.push(DiseasePhenotypeRow {
            disease: TermLink {
                id: disease,
                name: Some(r.at(1)?),
            },
            phenotype: link(phenotype),
            negated: r.at(2)?,
            references: r.json(4)?,
            evidence: r.at(5)?,
            onset,
            frequency: r.at(7)?,
            sex: r.at(8)?,
            aspect: r.at(9)?,
            import_id: r.import_id(10)?,
        });
    }
    Ok(DiseasePhenotypePage { total, rows: out })
}

/// The genes annotated to a GO term, by symbol, with the evidence codes
/// and references of each: at most `limit` genes, with the total.
pub(crate) fn go_term_genes(db: &mut Db<'_>, id: TermId, limit: u64) -> Result<GoTermGenePage> {
    let key = id.to_string();
    let total = db
        .query_one(
            "SELECT count(DISTINCT gene_id) FROM go_annotation WHERE go_id = $1",
            &[&key],
        )?
        .count(0)?;
    // The references are merged in import order (SQLite merges them in
    // the order the rows were written).
    let sql = format!(
        "SELECT {GENE_COLS}, array_agg(DISTINCT a.evidence),
                jsonb_agg(a.refs ORDER BY a.import_id, a.aspect COLLATE \"C\", a.evidence COLLATE \"C\")
         FROM go_annotation a JOIN gene_best b ON b.gene_id = a.gene_id
         WHERE a.go_id = $1 GROUP BY b.gene_id ORDER BY b.symbol COLLATE \"C\", b.gene_id LIMIT $2"
    );
    let rows = db.query(&sql, &[&key, &sql_limit(limit)])?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let mut evidence: Vec<String> = r.at(6)?;
        evidence.sort();
        // One JSON array (or null) per annotation row.
        let per_row: Vec<Option<Vec<String>>> = r.json(7)?;
        let mut refs: Vec<String> = Vec::new();
        for x in per_row.into_iter().flatten().flatten() {
            if !refs.contains(&x) {
                refs.push(x);
            }
        }
        out.push(GoTermGeneRow {
            gene: r.gene_summary(0)?,
            evidence,
            references: refs,
        });
    }
    Ok(GoTermGenePage { total, rows: out })
}

/// The words of a `to_tsquery` argument (as [`crate::sql::ts_query`]
/// writes it: words joined by `&`, the last maybe a `:*` prefix), each
/// restricted to one weight of `text_doc.words`: `A` the title, `B` the
/// body.
fn weighted(q: &str, weight: char) -> String {
    q.split(" & ")
        .map(|w| match w.strip_suffix(":*") {
            Some(prefix) => format!("{prefix}:*{weight}"),
            None => format!("{w}:{weight}"),
        })
        .collect::<Vec<_>>()
        .join(" & ")
}

/// Full-text search over papers, GeneRIFs and terms (see
/// [`locus_store::GeneStore::full_text`]): PostgreSQL's text search
/// (`english` stemming, as SQLite's porter tokenizer) ranked by cover
/// density over the number of distinct words (the closest of
/// PostgreSQL's rankings to SQLite's BM25 on the demo data), titles
/// weighing five times the body; a paper or term imported twice is one
/// hit.
///
/// Titles (paper titles, term names and synonyms) are searched first, and
/// the bodies only when titles give fewer hits than asked for: ranking
/// costs time per matching text, and a common word prefix (`int`,
/// `trans`) matches tens of thousands of bodies but a few thousand
/// titles, which would rank above the bodies anyway.
pub(crate) fn full_text(
    db: &mut Db<'_>,
    query: &str,
    kind: Option<locus_store::TextKind>,
    limit: u64,
) -> Result<Vec<locus_store::TextHit>> {
    let Some(q) = crate::sql::ts_query(query) else {
        return Ok(Vec::new());
    };
    let want = usize::try_from(limit).unwrap_or(usize::MAX);
    let in_title = weighted(&q, 'A');
    let titles = ranked_texts(db, &in_title, &q, kind, limit)?;
    if titles.len() >= want {
        return Ok(titles);
    }
    ranked_texts(db, &q, &q, kind, limit)
}

/// The best `limit` texts matching `matching` (a `to_tsquery` argument),
/// with a snippet marking the words of `q` (the same words, unweighted).
///
/// The snippet is `ts_headline`'s passage of one column, as FTS5's
/// `snippet()` shows one: the title when it holds every word, else the
/// body. Like `snippet()`, it runs to the column's start or end when
/// only punctuation lies beyond, and has an ellipsis where it leaves
/// words out.
fn ranked_texts(
    db: &mut Db<'_>,
    matching: &str,
    q: &str,
    kind: Option<locus_store::TextKind>,
    limit: u64,
) -> Result<Vec<locus_store::TextHit>> {
    let in_title = weighted(q, 'A');
    // The ranked hits are found first; only they are read whole and get
    // a snippet (`ts_headline` parses the text again). Weights are
    // {D, C, B, A}: a body word counts a fifth of a title word;
    // normalization 8 divides by the text's distinct words. A GeneRIF's
    // key is its GeneID.
    let rows = db.query(
        &format!(
            "SELECT d.kind, d.key, d.title, ts_headline('english', s.text, to_tsquery('english', $2),
                        'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=20, MinWords=19'),
                    s.text, {GENE_COLS}
             FROM (SELECT d.id, ts_rank_cd('{{0.1, 0.2, 0.2, 1.0}}'::float4[], d.words, to_tsquery('english', $1), 8) AS rank
                   FROM text_doc d
                   WHERE d.words @@ to_tsquery('english', $1) AND ($4::text IS NULL OR d.kind = $4)
                   ORDER BY rank DESC, d.id LIMIT $5) h
             JOIN text_doc d ON d.id = h.id
             CROSS JOIN LATERAL (SELECT CASE WHEN d.words @@ to_tsquery('english', $3) THEN d.title
                                             ELSE d.body END AS text) s
             LEFT JOIN gene_best b
                    ON b.gene_id = CASE WHEN d.kind = 'generif' AND d.key ~ '^[0-9]{{1,18}}$' THEN d.key::bigint END
             ORDER BY h.rank DESC, h.id"
        ),
        // Duplicates (one paper in two imports) are dropped after the
        // limit is applied, so ask for a few more.
        &[
            &matching,
            &q,
            &in_title,
            &kind.map(|k| k.as_str()),
            &sql_limit(limit.saturating_mul(2)),
        ],
    )?;
    let want = usize::try_from(limit).unwrap_or(usize::MAX);
    let mut out: Vec<locus_store::TextHit> = Vec::new();
    for r in &rows {
        let k: String = r.at(0)?;
        let kind = match k.as_str() {
            "publication" => locus_store::TextKind::Publication,
            "generif" => locus_store::TextKind::Generif,
            "term" => locus_store::TextKind::Term,
            _ => return Err(corrupt("text_doc", "kind", k)),
        };
        let key: String = r.at(1)?;
        let snippet = snippet(r.at(3)?, r.at(4)?);
        if out.iter().any(|h| {
            h.kind == kind
                && h.key == key
                && (kind != locus_store::TextKind::Generif || h.snippet == snippet)
        }) {
            continue;
        }
        let gene = match r.at::<Option<i64>>(5)? {
            Some(_) => Some(r.gene_summary(5)?),
            None => None,
        };
        let title = match (&gene, kind) {
            (Some(g), locus_store::TextKind::Generif) => g.symbol.clone(),
            _ => r.at(2)?,
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

/// `ts_headline`'s passage of `text` as FTS5's `snippet()` writes one:
/// `…` where words are left out before or after it, and the column's
/// leading or trailing punctuation (`[`, `].`) where only that is.
fn snippet(headline: &str, text: &str) -> String {
    let headline = headline.trim();
    let plain: String = headline
        .chars()
        .filter(|c| *c != '\u{2}' && *c != '\u{3}')
        .collect();
    let Some(at) = text.find(plain.as_str()).filter(|_| !plain.is_empty()) else {
        return headline.to_string();
    };
    let (before, after) = (&text[..at], &text[at + plain.len()..]);
    let words = |s: &str| s.chars().any(char::is_alphanumeric);
    let mut out = String::with_capacity(headline.len() + before.len().min(8) + after.len().min(8));
    out.push_str(if words(before) { "…" } else { before });
    out.push_str(headline);
    out.push_str(if words(after) { "…" } else { after });
    out
}

/// The named terms whose cross-references name `id`.
pub(crate) fn terms_citing(db: &mut Db<'_>, id: TermId) -> Result<Vec<TermId>> {
    let rows = db.query(
        "SELECT DISTINCT x.id COLLATE \"C\" FROM term_xref x JOIN term t ON t.id = x.id AND t.import_id = x.import_id
         WHERE x.xref = $1 AND NOT t.obsolete ORDER BY 1",
        &[&id.to_string()],
    )?;
    rows.iter()
        .map(|r| term_id(r.at::<&str>(0)?, "term_xref", "id"))
        .collect()
}

/// The disease and phenotype terms the tagger names (see
/// `GeneStore::tagger_terms`): one entry per term, synonyms and MeSH
/// cross-references merged over the imports that name it.
pub(crate) fn tagger_terms(db: &mut Db<'_>) -> Result<Vec<TaggerTerm>> {
    let rows = db.query(
        "WITH RECURSIVE abnormal(id) AS (
             SELECT 'HP:0000118'::text
             UNION SELECT p.child FROM term_parent p JOIN abnormal a ON p.parent = a.id
         )
         SELECT t.id, t.name, t.synonyms, t.xrefs FROM term t
         WHERE NOT t.obsolete
           AND (t.kind = 'disease'
                OR (t.kind = 'phenotype'
                    AND (t.id IN (SELECT id FROM abnormal)
                         OR NOT EXISTS (SELECT 1 FROM term_parent WHERE parent = 'HP:0000118'))))
         ORDER BY t.id COLLATE \"C\", t.definition IS NULL, t.import_id",
        &[],
    )?;
    let mut out: Vec<TaggerTerm> = Vec::new();
    for r in &rows {
        let id = term_id(r.at::<&str>(0)?, "term", "id")?;
        let synonyms: Vec<String> = r.json(2)?;
        let xrefs: Vec<String> = r.json(3)?;
        let with_prefix = |prefixes: &'static [&'static str]| {
            xrefs.iter().filter_map(move |x| {
                let (db, local) = x.split_once(':')?;
                prefixes.contains(&db).then(|| local.trim().to_string())
            })
        };
        let mesh = with_prefix(&["MESH", "MSH", "MeSH"]);
        let umls: Vec<String> = with_prefix(&["UMLS", "UMLS_CUI"]).collect();
        if out.last().is_none_or(|last| last.id != id) {
            out.push(TaggerTerm {
                id,
                name: r.at(1)?,
                synonyms: Vec::new(),
                mesh: Vec::new(),
                umls: Vec::new(),
            });
        }
        let Some(entry) = out.last_mut() else {
            continue;
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
pub(crate) fn term_search_entries(db: &mut Db<'_>) -> Result<Vec<TermSearchEntry>> {
    let rows = db.query(
        "SELECT id, name, synonyms, obsolete FROM term
         ORDER BY id COLLATE \"C\", definition IS NULL, import_id",
        &[],
    )?;
    let mut out: Vec<TermSearchEntry> = Vec::new();
    for r in &rows {
        let id = term_id(r.at::<&str>(0)?, "term", "id")?;
        let synonyms: Vec<String> = r.json(2)?;
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
                name: r.at(1)?,
                synonyms,
                obsolete: r.at(3)?,
            }),
        }
    }
    // GO terms GO.db names and no ontology file did.
    let rows = db.query(
        "SELECT g.go_id, min(g.name COLLATE \"C\") FROM go_term g
         WHERE NOT EXISTS (SELECT 1 FROM term t WHERE t.id = g.go_id)
         GROUP BY g.go_id ORDER BY g.go_id COLLATE \"C\"",
        &[],
    )?;
    for r in &rows {
        let Ok(id) = r.at::<&str>(0)?.parse::<TermId>() else {
            continue;
        };
        out.push(TermSearchEntry {
            id,
            name: r.at(1)?,
            synonyms: Vec::new(),
            obsolete: false,
        });
    }
    Ok(out)
}
