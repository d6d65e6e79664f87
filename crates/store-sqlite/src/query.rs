//! Read queries. All SQL is parameterised; no user text is ever spliced in.

use std::collections::BTreeMap;

use locus_model::{
    DbXref, FactTable, GeneId, GeneSummary, GoAnnotation, GoAspect, ImportRecord, Pmid,
    ProteinEntry, Publication, SourceKind, TaxId,
};
use locus_store::{
    GeneDetail, GeneRifRow, GeneStats, PublicationDetail, ReferencePage, ReferenceRow, Resolution,
    SearchEntry, StoreStats,
};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::sql::{corrupt, from_json, sql_limit, RowExt};
use crate::Result;

const SUMMARY_COLS: &str =
    "b.gene_id, b.tax_id, b.symbol, b.description, b.gene_type, b.map_location";

fn summary(r: &Row<'_>) -> rusqlite::Result<GeneSummary> {
    Ok(GeneSummary {
        gene_id: r.gene_id(0)?,
        tax_id: r.tax_id(1)?,
        symbol: r.get(2)?,
        name: r.get(3)?,
        gene_type: r.get(4)?,
        map_location: r.get(5)?,
    })
}

/// The lookups of the query rule in `locus_store::names`, on one
/// connection.
struct Names<'c>(&'c Connection);

impl locus_store::names::GeneNames for Names<'_> {
    type Error = crate::Error;

    fn has_gene(&mut self, gene_id: GeneId) -> Result<bool> {
        let Ok(key) = i64::try_from(gene_id.get()) else {
            return Ok(false);
        };
        Ok(self
            .0
            .prepare_cached("SELECT 1 FROM gene_best WHERE gene_id = ?1")?
            .exists([key])?)
    }

    fn by_symbol(&mut self, q: &str, tax: Option<TaxId>) -> Result<Vec<GeneSummary>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {SUMMARY_COLS} FROM gene_best b WHERE b.symbol = ?1 COLLATE NOCASE AND (?2 IS NULL OR b.tax_id = ?2)
             ORDER BY b.tax_id <> 9606, b.tax_id, b.gene_id"
        ))?;
        let rows = stmt.query_map(params![q, tax.map(TaxId::get)], summary)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn by_alias(&mut self, q: &str, tax: Option<TaxId>) -> Result<Vec<GeneSummary>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {SUMMARY_COLS} FROM gene_best b
             WHERE b.gene_id IN (SELECT gene_id FROM gene_alias WHERE alias = ?1 COLLATE NOCASE AND kind = 'synonym')
               AND b.symbol <> ?1 COLLATE NOCASE
               AND (?2 IS NULL OR b.tax_id = ?2)
             ORDER BY b.tax_id <> 9606, b.tax_id, b.symbol"
        ))?;
        let rows = stmt.query_map(params![q, tax.map(TaxId::get)], summary)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// What gene a query means (see `locus_store::names::resolve_query`).
pub fn resolve(c: &Connection, query: &str, tax_id: Option<TaxId>) -> Result<Resolution> {
    locus_store::names::resolve_query(&mut Names(c), query, tax_id)
}

pub fn gene(c: &Connection, gene_id: GeneId) -> Result<Option<GeneDetail>> {
    let id = gene_id.get();
    let base = c
        .prepare_cached(
            "SELECT b.gene_id, b.tax_id, b.symbol, b.description, b.locus_tag, b.chromosome, b.map_location,
                    b.gene_type, b.nomenclature_symbol, b.nomenclature_name, b.nomenclature_status,
                    b.modification_date, b.import_id,
                    coalesce(s.pubmed_count, 0), coalesce(s.pubmed_score, 0), coalesce(s.generif_count, 0),
                    u.accession
             FROM gene_best b LEFT JOIN gene_stats s ON s.gene_id = b.gene_id
             LEFT JOIN gene_uniprot u ON u.gene_id = b.gene_id WHERE b.gene_id = ?1",
        )?
        .query_row([id], |r| {
            Ok(GeneDetail {
                gene_id,
                tax_id: r.tax_id(1)?,
                symbol: r.get(2)?,
                name: r.get(3)?,
                locus_tag: r.get(4)?,
                chromosome: r.get(5)?,
                map_location: r.get(6)?,
                gene_type: r.get(7)?,
                nomenclature_symbol: r.get(8)?,
                nomenclature_name: r.get(9)?,
                nomenclature_status: r.get(10)?,
                modification_date: r.get(11)?,
                record_import_id: r.import_id(12)?,
                stats: GeneStats {
                    pubmed_count: r.count(13)?,
                    pubmed_score: r.get(14)?,
                    generif_count: r.count(15)?,
                    go_count: 0,
                    text_mined_papers: 0,
                    text_mined_score: 0.0,
                },
                aliases: vec![],
                other_designations: vec![],
                xrefs: vec![],
                uniprot: r.get(16)?,
            })
        })
        .optional()?;
    let Some(mut g) = base else { return Ok(None) };
    let aliases = |kind: &str| -> Result<Vec<String>> {
        let mut stmt = c.prepare_cached(
            "SELECT alias FROM gene_alias WHERE gene_id = ?1 AND kind = ?2 GROUP BY alias COLLATE NOCASE ORDER BY min(import_id), alias",
        )?;
        let rows = stmt.query_map(params![id, kind], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    g.aliases = aliases("synonym")?
        .into_iter()
        .filter(|a: &String| !a.eq_ignore_ascii_case(&g.symbol))
        .collect();
    g.other_designations = aliases("designation")?;
    let mut stmt = c.prepare_cached(
        "SELECT DISTINCT db, xref_id FROM gene_xref WHERE gene_id = ?1 ORDER BY db, xref_id",
    )?;
    g.xrefs = stmt
        .query_map([id], |r| {
            Ok(DbXref {
                db: r.get(0)?,
                id: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    g.stats.go_count = c
        .prepare_cached("SELECT count(*) FROM (SELECT DISTINCT aspect, go_id FROM go_annotation WHERE gene_id = ?1)")?
        .query_row([id], |r| r.count(0))?;
    (g.stats.text_mined_papers, g.stats.text_mined_score) = crate::tags::text_mined(c, gene_id)?;
    Ok(Some(g))
}

pub fn generifs(c: &Connection, gene_id: GeneId) -> Result<Vec<GeneRifRow>> {
    let mut stmt = c.prepare_cached(
        "SELECT pmids, text, last_update, import_id FROM generif WHERE gene_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([gene_id.get()], |r| {
        let pmids: String = r.get(0)?;
        Ok(GeneRifRow {
            pmids: pmids.split(',').filter_map(|p| p.parse().ok()).collect(),
            text: r.get(1)?,
            last_update: r.get(2)?,
            import_id: r.import_id(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// References newest first by PMID (PMIDs are assigned in time order, and
/// the order needs no join, which keeps an 11,000-reference page fast).
pub fn references(
    c: &Connection,
    gene_id: GeneId,
    offset: u64,
    limit: u64,
) -> Result<ReferencePage> {
    let id = gene_id.get();
    let total: u64 = c
        .prepare_cached("SELECT count(DISTINCT pmid) FROM gene_pubmed WHERE gene_id = ?1")?
        .query_row([id], |r| r.get(0))?;
    let mut stmt = c.prepare_cached(
        "SELECT g.pmid, p.year, p.title, p.journal, coalesce(n.genes, 0)
         FROM (SELECT DISTINCT pmid FROM gene_pubmed WHERE gene_id = ?1 ORDER BY pmid DESC LIMIT ?2 OFFSET ?3) g
         LEFT JOIN publication p ON p.id = (SELECT max(id) FROM publication WHERE pmid = g.pmid)
         LEFT JOIN pmid_gene_count n ON n.pmid = g.pmid
         ORDER BY g.pmid DESC",
    )?;
    let rows = stmt.query_map(params![id, sql_limit(limit), sql_limit(offset)], |r| {
        Ok(ReferenceRow {
            pmid: r.pmid(0)?,
            year: r.get(1)?,
            title: r.get(2)?,
            journal: r.get(3)?,
            genes_linked: r.count(4)?,
        })
    })?;
    let with_citation: u64 = c
        .prepare_cached(
            "SELECT count(*) FROM (SELECT DISTINCT pmid FROM gene_pubmed WHERE gene_id = ?1) g
             WHERE EXISTS (SELECT 1 FROM publication p WHERE p.pmid = g.pmid)",
        )?
        .query_row([id], |r| r.get(0))?;
    Ok(ReferencePage {
        total,
        with_citation,
        offset,
        limit,
        rows: rows.collect::<rusqlite::Result<_>>()?,
    })
}

pub fn go_annotations(c: &Connection, gene_id: GeneId) -> Result<Vec<GoAnnotation>> {
    let mut stmt = c.prepare_cached(
        "SELECT a.aspect, a.go_id, a.evidence,
                coalesce((SELECT name FROM go_term t WHERE t.go_id = a.go_id ORDER BY import_id DESC LIMIT 1),
                         (SELECT name FROM term t WHERE t.id = a.go_id ORDER BY import_id DESC LIMIT 1),
                         a.term) AS name,
                a.qualifier, a.refs,
                -- A leaf has a parent and no child in an imported ontology;
                -- a term no ontology places is neither.
                CASE WHEN EXISTS (SELECT 1 FROM term_parent p WHERE p.parent = a.go_id) THEN 0
                     WHEN EXISTS (SELECT 1 FROM term_parent p WHERE p.child = a.go_id) THEN 1
                END AS leaf
         FROM go_annotation a WHERE a.gene_id = ?1
         ORDER BY a.aspect DESC, name COLLATE NOCASE, a.go_id, a.evidence, a.import_id",
    )?;
    let rows = stmt.query_map([gene_id.get()], |r| {
        let code: String = r.get(0)?;
        Ok((
            code,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, Option<bool>>(6)?,
        ))
    })?;
    let mut out: Vec<GoAnnotation> = Vec::new();
    for row in rows {
        let (code, go_id, evidence, term, qualifier, refs, leaf) = row?;
        let refs: Vec<String> = match refs {
            Some(r) => crate::sql::from_json(&r, "go_annotation", "refs")?,
            None => Vec::new(),
        };
        // One annotation per term and evidence, whichever imports state it.
        if let Some(last) = out.last_mut() {
            if last.aspect.code() == code && last.go_id == go_id && last.evidence == evidence {
                for r in refs {
                    if !last.references.contains(&r) {
                        last.references.push(r);
                    }
                }
                if last.term.is_none() {
                    last.term = term;
                }
                if last.qualifier.is_none() {
                    last.qualifier = qualifier;
                }
                continue;
            }
        }
        let aspect = GoAspect::from_code(&code).ok_or_else(|| {
            corrupt(
                "go_annotation",
                "aspect",
                format!("unknown aspect {code:?}"),
            )
        })?;
        out.push(GoAnnotation {
            gene_id,
            go_id,
            aspect,
            evidence,
            term,
            qualifier,
            references: refs,
            leaf,
        });
    }
    Ok(out)
}

/// Proteins linked by the entry's own `DR GeneID` line or by the gene's
/// UniProtKB cross-reference.
pub fn proteins(c: &Connection, gene_id: GeneId) -> Result<Vec<ProteinEntry>> {
    let id = gene_id.get();
    let mut stmt = c.prepare_cached(
        "SELECT p.accession, p.entry_name, p.reviewed, p.protein_name, p.gene_names, p.secondary, p.organism,
                p.tax_id, p.sequence, p.length
         FROM protein p
         WHERE p.id IN (SELECT max(id) FROM protein GROUP BY accession)
           AND (p.accession IN (SELECT accession FROM protein_gene WHERE gene_id = ?1)
             OR p.accession IN (SELECT xref_id FROM gene_xref WHERE gene_id = ?1 AND db = 'UniProtKB'))
         ORDER BY p.reviewed DESC, p.length DESC",
    )?;
    let rows = stmt.query_map([id], |r| {
        let gene_names: String = r.get(4)?;
        let secondary: String = r.get(5)?;
        let primary: String = r.get(0)?;
        Ok((
            primary,
            gene_names,
            secondary,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(6)?,
            r.get::<_, Option<u32>>(7)?.map(TaxId),
            r.get(8)?,
            r.get(9)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (
            primary,
            gene_names,
            secondary,
            entry_name,
            reviewed,
            protein_name,
            organism,
            tax_id,
            sequence,
            length,
        ) = row?;
        let mut accessions = vec![primary];
        accessions.extend(from_json::<Vec<String>>(
            &secondary,
            "protein",
            "secondary",
        )?);
        out.push(ProteinEntry {
            accessions,
            entry_name,
            reviewed,
            protein_name,
            gene_names: from_json(&gene_names, "protein", "gene_names")?,
            organism,
            tax_id,
            gene_ids: vec![gene_id],
            sequence,
            length,
        });
    }
    Ok(out)
}

const IMPORT_COLS: &str =
    "id, kind, dataset, file_name, sha256, release, row_counts, started_at, finished_at";

fn import_row(r: &Row<'_>) -> rusqlite::Result<(ImportRecord, String, String)> {
    let kind: String = r.get(1)?;
    let counts: String = r.get(6)?;
    Ok((
        ImportRecord {
            id: r.import_id(0)?,
            kind: SourceKind::GeneInfo,
            dataset: r.get(2)?,
            file_name: r.get(3)?,
            sha256: r.get(4)?,
            release: r.get(5)?,
            row_counts: BTreeMap::new(),
            tallies: BTreeMap::new(),
            started_at: r.get(7)?,
            finished_at: r.get(8)?,
        },
        kind,
        counts,
    ))
}

fn collect_imports(
    rows: impl Iterator<Item = rusqlite::Result<(ImportRecord, String, String)>>,
) -> Result<Vec<ImportRecord>> {
    let mut out = Vec::new();
    for row in rows {
        let (mut rec, kind, counts) = row?;
        rec.kind = SourceKind::parse(&kind)
            .ok_or_else(|| corrupt("imports", "kind", format!("unknown kind {kind:?}")))?;
        (rec.row_counts, rec.tallies) = crate::sql::read_counts(&counts)?;
        out.push(rec);
    }
    Ok(out)
}

/// Live imports (not replaced by a later import of the same dataset).
pub fn imports(c: &Connection) -> Result<Vec<ImportRecord>> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {IMPORT_COLS} FROM imports WHERE replaced_by IS NULL AND finished_at IS NOT NULL ORDER BY id"
    ))?;
    let rows = stmt.query_map([], import_row)?;
    collect_imports(rows)
}

pub fn gene_imports(c: &Connection, gene_id: GeneId) -> Result<Vec<ImportRecord>> {
    let id = gene_id.get();
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {IMPORT_COLS} FROM imports WHERE id IN (
            SELECT import_id FROM gene WHERE gene_id = ?1
            UNION SELECT import_id FROM gene_alias WHERE gene_id = ?1
            UNION SELECT import_id FROM gene_xref WHERE gene_id = ?1
            UNION SELECT DISTINCT import_id FROM gene_pubmed WHERE gene_id = ?1
            UNION SELECT import_id FROM generif WHERE gene_id = ?1
            UNION SELECT import_id FROM go_annotation WHERE gene_id = ?1
            UNION SELECT t.import_id FROM go_term t WHERE t.go_id IN (SELECT go_id FROM go_annotation WHERE gene_id = ?1)
            UNION SELECT import_id FROM protein_gene WHERE gene_id = ?1
            UNION SELECT p.import_id FROM protein p JOIN gene_xref x ON x.db = 'UniProtKB' AND x.xref_id = p.accession WHERE x.gene_id = ?1
            UNION SELECT DISTINCT import_id FROM regulation WHERE tf_gene = ?1
            UNION SELECT DISTINCT import_id FROM regulation WHERE target_gene = ?1
            UNION SELECT DISTINCT import_id FROM ortholog WHERE gene_id = ?1
            UNION SELECT DISTINCT import_id FROM ortholog WHERE ortholog_gene = ?1
            UNION SELECT import_id FROM interaction WHERE gene_a = ?1
            UNION SELECT import_id FROM interaction WHERE gene_b = ?1
            UNION SELECT DISTINCT import_id FROM binding_site WHERE tf_gene = ?1
            UNION SELECT DISTINCT import_id FROM differential_expression WHERE gene_id = ?1
            UNION SELECT DISTINCT import_id FROM expression_call WHERE gene_id = ?1
            UNION SELECT value FROM json_each(?2)
         ) ORDER BY id"
    ))?;
    let citations = citation_imports(c, gene_id)?;
    let citations = crate::sql::to_json(&citations, "publication", "import_id")?;
    let rows = stmt.query_map(params![id, citations], import_row)?;
    collect_imports(rows)
}

/// The imports that brought citations of the gene's PubMed ids. Driven
/// from whichever side is smaller: a hub has tens of thousands of PubMed
/// links while a store may hold few citations, or the reverse after a
/// full PubMed baseline import.
fn citation_imports(c: &Connection, gene_id: GeneId) -> Result<Vec<i64>> {
    let id = gene_id.get();
    // `max(id)` of an INTEGER PRIMARY KEY is a b-tree seek, unlike count(*).
    let publications: i64 = c
        .prepare_cached("SELECT coalesce(max(id), 0) FROM publication")?
        .query_row([], |r| r.get(0))?;
    if publications == 0 {
        return Ok(Vec::new());
    }
    let links: i64 = c
        .prepare_cached(
            "SELECT coalesce((SELECT pubmed_count FROM gene_stats WHERE gene_id = ?1), 0)",
        )?
        .query_row([id], |r| r.get(0))?;
    let sql = if publications < links {
        "SELECT DISTINCT p.import_id FROM publication p
         WHERE EXISTS (SELECT 1 FROM gene_pubmed g WHERE g.gene_id = ?1 AND g.pmid = p.pmid)"
    } else {
        "SELECT DISTINCT p.import_id FROM gene_pubmed g JOIN publication p ON p.pmid = g.pmid
         WHERE g.gene_id = ?1"
    };
    let mut stmt = c.prepare_cached(sql)?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn stats(c: &Connection) -> Result<StoreStats> {
    let mut facts = BTreeMap::new();
    for table in FactTable::ALL {
        // Table names come from a fixed list, never from input.
        let sql = format!("SELECT count(*) FROM {}", crate::sql::table(table));
        facts.insert(table, c.query_row(&sql, [], |r| r.count(0))?);
    }
    let gene_pubmed_links = c.query_row(
        "SELECT count(*) FROM (SELECT DISTINCT gene_id, pmid FROM gene_pubmed)",
        [],
        |r| r.count(0),
    )?;
    let tf_target_edges = c.query_row("SELECT count(*) FROM tf_target_edge", [], |r| r.count(0))?;
    let mut genes_by_organism = BTreeMap::new();
    let mut stmt = c.prepare("SELECT tax_id, count(*) FROM gene_best GROUP BY tax_id")?;
    for row in stmt.query_map([], |r| Ok((r.tax_id(0)?, r.count(1)?)))? {
        let (t, n) = row?;
        genes_by_organism.insert(t, n);
    }
    Ok(StoreStats {
        facts,
        genes_by_organism,
        gene_pubmed_links,
        tf_target_edges,
        imports: imports(c)?,
    })
}

/// Every gene's other designations, in gene order.
pub fn gene_designations(c: &Connection) -> Result<Vec<(GeneId, String)>> {
    let mut stmt = c.prepare(
        "SELECT DISTINCT gene_id, alias FROM gene_alias WHERE kind = 'designation' ORDER BY gene_id",
    )?;
    let mut out = Vec::new();
    for row in stmt.query_map([], |r| Ok((r.gene_id(0)?, r.get::<_, String>(1)?)))? {
        out.push(row?);
    }
    Ok(out)
}

pub fn search_entries(c: &Connection) -> Result<Vec<SearchEntry>> {
    let mut aliases: std::collections::HashMap<GeneId, Vec<String>> =
        std::collections::HashMap::new();
    let mut stmt =
        c.prepare("SELECT DISTINCT gene_id, alias FROM gene_alias WHERE kind = 'synonym'")?;
    for row in stmt.query_map([], |r| Ok((r.gene_id(0)?, r.get::<_, String>(1)?)))? {
        let (g, a) = row?;
        aliases.entry(g).or_default().push(a);
    }
    let mut identifiers: std::collections::HashMap<GeneId, Vec<(String, String)>> =
        std::collections::HashMap::new();
    let mut stmt = c.prepare("SELECT DISTINCT gene_id, db, xref_id FROM gene_xref")?;
    for row in stmt.query_map([], |r| {
        Ok((
            r.gene_id(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })? {
        let (g, db, id) = row?;
        identifiers.entry(g).or_default().push((db, id));
    }
    let mut stmt = c.prepare(
        "SELECT b.gene_id, b.tax_id, b.symbol, b.description, b.gene_type, b.map_location, coalesce(s.pubmed_count, 0)
         FROM gene_best b LEFT JOIN gene_stats s ON s.gene_id = b.gene_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(SearchEntry {
            gene_id: r.gene_id(0)?,
            tax_id: r.tax_id(1)?,
            symbol: r.get(2)?,
            name: r.get(3)?,
            gene_type: r.get(4)?,
            map_location: r.get(5)?,
            aliases: vec![],
            pubmed_count: r.count(6)?,
            identifiers: vec![],
        })
    })?;
    let mut out = Vec::new();
    for row in rows {
        let mut e = row?;
        if let Some(a) = aliases.remove(&e.gene_id) {
            e.aliases = a
                .into_iter()
                .filter(|a| !a.eq_ignore_ascii_case(&e.symbol))
                .collect();
        }
        if let Some(ids) = identifiers.remove(&e.gene_id) {
            e.identifiers = ids;
        }
        out.push(e);
    }
    Ok(out)
}

/// The newest imported citation of a PMID, with the import it came from.
pub fn citation(
    c: &Connection,
    pmid: Pmid,
) -> Result<Option<(Publication, locus_model::ImportId)>> {
    let row = c
        .prepare_cached(
            // A PubMed XML record is preferred to a title from another
            // source (Pharos' references), then the newest.
            "SELECT title, journal, year, authors, abstract, mesh, doi, import_id FROM publication
             WHERE pmid = ?1
             ORDER BY (SELECT kind FROM imports WHERE id = publication.import_id) = 'pubmed-xml' DESC,
                      id DESC
             LIMIT 1",
        )?
        .query_row([pmid.get()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<i32>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.import_id(7)?,
            ))
        })
        .optional()?;
    match row {
        Some((title, journal, year, authors, abstract_text, mesh, doi, import_id)) => Ok(Some((
            Publication {
                pmid,
                title,
                journal,
                year,
                authors: from_json(&authors, "publication", "authors")?,
                abstract_text,
                mesh: from_json(&mesh, "publication", "mesh")?,
                doi,
            },
            import_id,
        ))),
        None => Ok(None),
    }
}

pub fn publication(c: &Connection, pmid: Pmid) -> Result<Option<PublicationDetail>> {
    let (citation, citation_import_id) = match citation(c, pmid)? {
        Some((p, i)) => (Some(p), Some(i)),
        None => (None, None),
    };
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {SUMMARY_COLS} FROM gene_best b
         WHERE b.gene_id IN (SELECT gene_id FROM gene_pubmed WHERE pmid = ?1)
         ORDER BY b.tax_id <> 9606, b.symbol"
    ))?;
    let genes: Vec<GeneSummary> = stmt
        .query_map([pmid.get()], summary)?
        .collect::<rusqlite::Result<_>>()?;
    let annotated = annotated_texts(c, pmid)?;
    if citation.is_none() && genes.is_empty() && annotated.is_empty() {
        return Ok(None);
    }
    Ok(Some(PublicationDetail {
        pmid,
        citation,
        citation_import_id,
        genes,
        annotated,
        locus_tags: crate::tags::publication_tags(c, pmid)?,
    }))
}

/// The PubTator imports' texts of `pmid` with their mentions, by offset.
fn annotated_texts(c: &Connection, pmid: Pmid) -> Result<Vec<locus_store::AnnotatedText>> {
    let mut docs: Vec<locus_store::AnnotatedText> = c
        .prepare_cached(
            "SELECT import_id, title, abstract FROM pubtator_document WHERE pmid = ?1 ORDER BY import_id",
        )?
        .query_map([pmid.get()], |r| {
            Ok(locus_store::AnnotatedText {
                import_id: r.import_id(0)?,
                title: r.get(1)?,
                abstract_text: r.get(2)?,
                annotations: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    if docs.is_empty() {
        return Ok(docs);
    }
    let mut stmt = c.prepare_cached(
        "SELECT import_id, start, end, mention, type, concepts, line FROM pubtator_annotation
         WHERE pmid = ?1 ORDER BY import_id, start, end, id",
    )?;
    let mut rows = stmt.query([pmid.get()])?;
    while let Some(r) = rows.next()? {
        let import_id = r.import_id(0)?;
        let concepts: String = r.get(5)?;
        let annotation = locus_model::TextAnnotation {
            pmid,
            start: r.get(1)?,
            end: r.get(2)?,
            mention: r.get(3)?,
            mention_type: locus_model::MentionType::parse(&r.get::<_, String>(4)?),
            concepts: crate::sql::from_json(&concepts, "pubtator_annotation", "concepts")?,
            written_identifiers: None,
            line: r.get(6)?,
        };
        if let Some(d) = docs.iter_mut().find(|d| d.import_id == import_id) {
            d.annotations.push(annotation);
        }
    }
    Ok(docs)
}

/// A gene's differential expression, largest absolute change first.
pub fn expression(c: &Connection, gene_id: GeneId) -> Result<Vec<locus_store::ExpressionRow>> {
    let mut stmt = c.prepare_cached(
        "SELECT e.condition, e.contrast, e.experiment, e.log2fc, e.p_value, e.adjusted_p, i.kind, e.import_id,
                e.reference, e.condition_uri,
                (SELECT t.id FROM term t WHERE t.name = e.condition COLLATE NOCASE AND NOT t.obsolete
                 ORDER BY t.kind <> 'disease', t.id LIMIT 1)
         FROM differential_expression e JOIN imports i ON i.id = e.import_id
         WHERE e.gene_id = ?1
         ORDER BY abs(coalesce(e.log2fc, 0)) DESC, e.condition, e.id",
    )?;
    let mut rows = stmt.query([gene_id.get()])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let kind: String = r.get(6)?;
        let source = locus_model::SourceKind::parse(&kind)
            .ok_or_else(|| crate::sql::corrupt("imports", "kind", kind.clone()))?;
        out.push(locus_store::ExpressionRow {
            condition_term: match r.get::<_, Option<String>>(10)? {
                Some(t) => Some(locus_store::TermLink {
                    id: t.parse().map_err(|e: locus_model::BadTermId| {
                        corrupt("term", "id", e.to_string())
                    })?,
                    name: None,
                }),
                None => None,
            },
            condition: r.get(0)?,
            reference: r.get(8)?,
            condition_uri: r.get(9)?,
            contrast: r.get(1)?,
            experiment: r.get(2)?,
            log2_fold_change: r.get(3)?,
            p_value: r.get(4)?,
            adjusted_p_value: r.get(5)?,
            source,
            method: locus_model::expression_method(source).to_string(),
            import_id: r.import_id(7)?,
        });
    }
    Ok(out)
}

/// A page of the gene's Bgee calls: present first, highest score first.
pub fn expression_calls(
    c: &Connection,
    gene_id: GeneId,
    offset: u64,
    limit: u64,
) -> Result<locus_store::ExpressionCallPage> {
    let id = gene_id.get();
    let (total, present, entities) = c
        .prepare_cached(
            "SELECT count(*), coalesce(sum(call = 'present'), 0), count(DISTINCT entity_id)
             FROM expression_call WHERE gene_id = ?1",
        )?
        .query_row([id], |r| Ok((r.count(0)?, r.count(1)?, r.count(2)?)))?;
    let mut stmt = c.prepare_cached(
        "SELECT entity_id, min(entity_name) AS name, max(CASE WHEN call = 'present' THEN score END) AS best,
                sum(call = 'present'), sum(call = 'absent')
         FROM expression_call WHERE gene_id = ?1
         GROUP BY entity_id
         ORDER BY best IS NULL, best DESC, name
         LIMIT ?2",
    )?;
    let mut top_entities = Vec::new();
    let mut rows = stmt.query(params![id, crate::sql::sql_limit(limit)])?;
    while let Some(r) = rows.next()? {
        top_entities.push(locus_store::EntityExpression {
            anatomical_entity_id: r.get(0)?,
            anatomical_entity_name: r.get(1)?,
            best_score: r.get(2)?,
            present: r.count(3)?,
            absent: r.count(4)?,
        });
    }
    let mut stmt = c.prepare_cached(
        "SELECT entity_id, entity_name, stage_id, stage_name, sex, strain, call, quality, fdr, score, rank, import_id
         FROM expression_call WHERE gene_id = ?1
         ORDER BY call = 'absent', score IS NULL, score DESC, entity_name, id
         LIMIT ?2 OFFSET ?3",
    )?;
    let mut rows = stmt.query(params![
        id,
        crate::sql::sql_limit(limit),
        crate::sql::sql_limit(offset)
    ])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let call: String = r.get(6)?;
        out.push(locus_store::ExpressionCallRow {
            anatomical_entity_id: r.get(0)?,
            anatomical_entity_name: r.get(1)?,
            developmental_stage_id: r.get(2)?,
            developmental_stage_name: r.get(3)?,
            sex: r.get(4)?,
            strain: r.get(5)?,
            call: locus_model::ExpressionCall::parse(&call)
                .ok_or_else(|| crate::sql::corrupt("expression_call", "call", call.clone()))?,
            quality: r.get(7)?,
            fdr: r.get(8)?,
            score: r.get(9)?,
            rank: r.get(10)?,
            import_id: r.import_id(11)?,
        });
    }
    Ok(locus_store::ExpressionCallPage {
        total,
        present,
        entities,
        top_entities,
        rows: out,
    })
}

/// Distinct PubMed ids per kind of source linking the gene.
pub fn pubmed_sources(
    c: &Connection,
    gene_id: GeneId,
) -> Result<Vec<locus_store::PubmedSourceCount>> {
    // (gene_id, pmid, import_id) is the key, so an import's row count is
    // its PubMed ids; only a kind imported twice needs the distinct count
    // (a hub has tens of thousands of links).
    let mut stmt = c.prepare_cached(
        "SELECT (SELECT kind FROM imports WHERE id = g.import_id), g.n
         FROM (SELECT import_id, count(*) AS n FROM gene_pubmed WHERE gene_id = ?1 GROUP BY import_id) g",
    )?;
    let mut rows = stmt.query([gene_id.get()])?;
    let mut by_kind: Vec<(String, u64, usize)> = Vec::new();
    while let Some(r) = rows.next()? {
        let kind: String = r.get(0)?;
        let n = r.count(1)?;
        match by_kind.iter_mut().find(|(k, _, _)| *k == kind) {
            Some(entry) => entry.2 += 1,
            None => by_kind.push((kind, n, 1)),
        }
    }
    let mut out = Vec::with_capacity(by_kind.len());
    for (kind, mut pmids, imports) in by_kind {
        if imports > 1 {
            pmids = c
                .prepare_cached(
                    "SELECT count(DISTINCT gp.pmid) FROM gene_pubmed gp
                     JOIN imports i ON i.id = gp.import_id WHERE gp.gene_id = ?1 AND i.kind = ?2",
                )?
                .query_row(params![gene_id.get(), kind], |r| r.count(0))?;
        }
        out.push(locus_store::PubmedSourceCount {
            source: locus_model::SourceKind::parse(&kind)
                .ok_or_else(|| crate::sql::corrupt("imports", "kind", kind.clone()))?,
            pmids,
        });
    }
    out.sort_by(|a, b| {
        b.pmids
            .cmp(&a.pmids)
            .then_with(|| a.source.as_str().cmp(b.source.as_str()))
    });
    Ok(out)
}
