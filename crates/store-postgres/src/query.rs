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
use postgres::Row;

use crate::db::Db;
use crate::sql::{big, corrupt, gene as gene_key, sql_limit, RowExt, GENE_COLS};
use crate::Result;

/// An optional organism as a `BIGINT` parameter.
fn tax_key(tax: Option<TaxId>) -> Option<i64> {
    tax.map(|t| i64::from(t.get()))
}

/// The lookups of the query rule in `locus_store::names`.
impl locus_store::names::GeneNames for Db<'_> {
    type Error = crate::Error;

    fn has_gene(&mut self, gene_id: GeneId) -> Result<bool> {
        let Ok(key) = i64::try_from(gene_id.get()) else {
            return Ok(false);
        };
        Ok(self
            .query_opt("SELECT 1 FROM gene_best WHERE gene_id = $1", &[&key])?
            .is_some())
    }

    fn by_symbol(&mut self, q: &str, tax: Option<TaxId>) -> Result<Vec<GeneSummary>> {
        // `lower(symbol)` is what the gene_best_symbol index holds.
        let rows = self.query(
            &format!(
                "SELECT {GENE_COLS} FROM gene_best b
                 WHERE lower(b.symbol) = lower($1) AND ($2::bigint IS NULL OR b.tax_id = $2)
                 ORDER BY b.tax_id <> 9606, b.tax_id, b.gene_id"
            ),
            &[&q, &tax_key(tax)],
        )?;
        rows.iter().map(|r| r.gene_summary(0)).collect()
    }

    fn by_alias(&mut self, q: &str, tax: Option<TaxId>) -> Result<Vec<GeneSummary>> {
        // `= ANY(ARRAY(…))`, not `IN (…)`: the alias lookup runs first and
        // the genes are fetched by key. With `IN`, the generic plan of the
        // prepared statement hash-joins against a scan of every gene
        // (15 ms a page on the full human store).
        let rows = self.query(
            &format!(
                "SELECT {GENE_COLS} FROM gene_best b
                 WHERE b.gene_id = ANY(ARRAY(
                     SELECT gene_id FROM gene_alias WHERE lower(alias) = lower($1) AND kind = 'synonym'))
                   AND lower(b.symbol) <> lower($1)
                   AND ($2::bigint IS NULL OR b.tax_id = $2)
                 ORDER BY b.tax_id <> 9606, b.tax_id, b.symbol COLLATE \"C\", b.gene_id"
            ),
            &[&q, &tax_key(tax)],
        )?;
        rows.iter().map(|r| r.gene_summary(0)).collect()
    }
}

/// What gene a query means (see `locus_store::names::resolve_query`).
pub(crate) fn resolve(db: &mut Db<'_>, query: &str, tax_id: Option<TaxId>) -> Result<Resolution> {
    locus_store::names::resolve_query(db, query, tax_id)
}

/// A gene's record in one statement: its best row, numbers, aliases,
/// designations, cross-references, GO and text-mined counts (six queries
/// in the SQLite backend, where a query costs no round trip).
const GENE_DETAIL: &str = "
SELECT b.gene_id, b.tax_id, b.symbol, b.description, b.locus_tag, b.chromosome, b.map_location,
       b.gene_type, b.nomenclature_symbol, b.nomenclature_name, b.nomenclature_status,
       b.modification_date, b.import_id,
       coalesce(s.pubmed_count, 0), coalesce(s.pubmed_score, 0), coalesce(s.generif_count, 0),
       u.accession,
       (SELECT coalesce(jsonb_agg(alias ORDER BY import_id, alias COLLATE \"C\"), '[]')
        FROM (SELECT DISTINCT ON (lower(alias)) alias, import_id FROM gene_alias
              WHERE gene_id = b.gene_id AND kind = 'synonym'
              ORDER BY lower(alias), import_id, alias COLLATE \"C\") a),
       (SELECT coalesce(jsonb_agg(alias ORDER BY import_id, alias COLLATE \"C\"), '[]')
        FROM (SELECT DISTINCT ON (lower(alias)) alias, import_id FROM gene_alias
              WHERE gene_id = b.gene_id AND kind = 'designation'
              ORDER BY lower(alias), import_id, alias COLLATE \"C\") a),
       (SELECT coalesce(jsonb_agg(jsonb_build_array(db, xref_id)
                                  ORDER BY db COLLATE \"C\", xref_id COLLATE \"C\"), '[]')
        FROM (SELECT DISTINCT db, xref_id FROM gene_xref WHERE gene_id = b.gene_id) x),
       (SELECT count(*) FROM (SELECT DISTINCT aspect, go_id FROM go_annotation
                              WHERE gene_id = b.gene_id) g),
       tm.papers, tm.score
FROM gene_best b LEFT JOIN gene_stats s ON s.gene_id = b.gene_id
LEFT JOIN gene_uniprot u ON u.gene_id = b.gene_id
CROSS JOIN LATERAL (
    SELECT count(*) AS papers, coalesce(sum(share), 0.0)::double precision AS score FROM (
        SELECT d.key, max(m.mentions::double precision / t.gene_mentions) AS share
        FROM text_gene m
        JOIN text_doc d ON d.id = m.doc
        JOIN text_tagged t ON t.doc = m.doc
        WHERE m.gene_id = b.gene_id AND d.kind = 'publication' AND t.gene_mentions > 0
        GROUP BY d.key) p) tm
WHERE b.gene_id = $1";

pub(crate) fn gene(db: &mut Db<'_>, gene_id: GeneId) -> Result<Option<GeneDetail>> {
    let Some(r) = db.query_opt(GENE_DETAIL, &[&gene_key(gene_id)])? else {
        return Ok(None);
    };
    let symbol: String = r.at(2)?;
    let synonyms: Vec<String> = r.json(17)?;
    let xrefs: Vec<(String, String)> = r.json(19)?;
    Ok(Some(GeneDetail {
        gene_id,
        tax_id: r.tax_id(1)?,
        name: r.at(3)?,
        locus_tag: r.at(4)?,
        chromosome: r.at(5)?,
        map_location: r.at(6)?,
        gene_type: r.at(7)?,
        nomenclature_symbol: r.at(8)?,
        nomenclature_name: r.at(9)?,
        nomenclature_status: r.at(10)?,
        modification_date: r.at(11)?,
        record_import_id: r.import_id(12)?,
        stats: GeneStats {
            pubmed_count: r.count(13)?,
            pubmed_score: r.at(14)?,
            generif_count: r.count(15)?,
            go_count: r.count(20)?,
            text_mined_papers: r.count(21)?,
            // Six decimals, as the fractional PubMed score is kept.
            text_mined_score: (r.at::<f64>(22)? * 1e6).round() / 1e6,
        },
        aliases: synonyms
            .into_iter()
            .filter(|a| !a.eq_ignore_ascii_case(&symbol))
            .collect(),
        other_designations: r.json(18)?,
        xrefs: xrefs
            .into_iter()
            .map(|(db, id)| DbXref { db, id })
            .collect(),
        uniprot: r.at(16)?,
        symbol,
    }))
}

pub(crate) fn generifs(db: &mut Db<'_>, gene_id: GeneId) -> Result<Vec<GeneRifRow>> {
    let rows = db.query(
        "SELECT pmids, text, last_update, import_id FROM generif WHERE gene_id = $1 ORDER BY id",
        &[&gene_key(gene_id)],
    )?;
    rows.iter()
        .map(|r| {
            let pmids: String = r.at(0)?;
            Ok(GeneRifRow {
                pmids: pmids.split(',').filter_map(|p| p.parse().ok()).collect(),
                text: r.at(1)?,
                last_update: r.at(2)?,
                import_id: r.import_id(3)?,
            })
        })
        .collect()
}

/// References newest first by PMID (PMIDs are assigned in time order, and
/// the order needs no join, which keeps an 11,000-reference page fast).
pub(crate) fn references(
    db: &mut Db<'_>,
    gene_id: GeneId,
    offset: u64,
    limit: u64,
) -> Result<ReferencePage> {
    let id = gene_key(gene_id);
    let total = db
        .query_one(
            "SELECT count(DISTINCT pmid) FROM gene_pubmed WHERE gene_id = $1",
            &[&id],
        )?
        .count(0)?;
    // As a join, not a probe of the citations for each of the gene's
    // PMIDs (TP53 has 11,000: the slowest query of its page): the planner
    // starts from the smaller side, usually the imported citations.
    let with_citation = db
        .query_one(
            "SELECT count(DISTINCT g.pmid) FROM gene_pubmed g JOIN publication p ON p.pmid = g.pmid
             WHERE g.gene_id = $1",
            &[&id],
        )?
        .count(0)?;
    let rows = db
        .query(
            "SELECT g.pmid, p.year, p.title, p.journal, coalesce(n.genes, 0)
             FROM (SELECT DISTINCT pmid FROM gene_pubmed WHERE gene_id = $1 ORDER BY pmid DESC LIMIT $2 OFFSET $3) g
             LEFT JOIN publication p ON p.id = (SELECT max(id) FROM publication WHERE pmid = g.pmid)
             LEFT JOIN pmid_gene_count n ON n.pmid = g.pmid
             ORDER BY g.pmid DESC",
            &[&id, &sql_limit(limit), &sql_limit(offset)],
        )?
        .iter()
        .map(|r| {
            Ok(ReferenceRow {
                pmid: r.pmid(0)?,
                year: r.int_opt(1)?,
                title: r.at(2)?,
                journal: r.at(3)?,
                genes_linked: r.count(4)?,
            })
        })
        .collect::<Result<_>>()?;
    Ok(ReferencePage {
        total,
        with_citation,
        offset,
        limit,
        rows,
    })
}

pub(crate) fn go_annotations(db: &mut Db<'_>, gene_id: GeneId) -> Result<Vec<GoAnnotation>> {
    // `name` is ordered as SQLite's `COLLATE NOCASE` orders it, with the
    // annotations no source names first.
    let rows = db.query(
        "SELECT aspect, go_id, evidence, name, qualifier, refs, leaf FROM (
             SELECT a.aspect, a.go_id, a.evidence, a.import_id,
                    coalesce((SELECT name FROM go_term t WHERE t.go_id = a.go_id ORDER BY import_id DESC LIMIT 1),
                             (SELECT name FROM term t WHERE t.id = a.go_id ORDER BY import_id DESC LIMIT 1),
                             a.term) AS name,
                    a.qualifier, a.refs,
                    -- A leaf has a parent and no child in an imported ontology;
                    -- a term no ontology places is neither.
                    CASE WHEN EXISTS (SELECT 1 FROM term_parent p WHERE p.parent = a.go_id) THEN false
                         WHEN EXISTS (SELECT 1 FROM term_parent p WHERE p.child = a.go_id) THEN true
                    END AS leaf
             FROM go_annotation a WHERE a.gene_id = $1) a
         ORDER BY aspect COLLATE \"C\" DESC, lower(name) COLLATE \"C\" NULLS FIRST, go_id COLLATE \"C\",
                  evidence COLLATE \"C\", import_id",
        &[&gene_key(gene_id)],
    )?;
    let mut out: Vec<GoAnnotation> = Vec::new();
    for r in &rows {
        let code: String = r.at(0)?;
        let go_id: String = r.at(1)?;
        let evidence: String = r.at(2)?;
        let term: Option<String> = r.at(3)?;
        let qualifier: Option<String> = r.at(4)?;
        let refs: Vec<String> = r.json_opt::<Vec<String>>(5)?.unwrap_or_default();
        let leaf: Option<bool> = r.at(6)?;
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
pub(crate) fn proteins(db: &mut Db<'_>, gene_id: GeneId) -> Result<Vec<ProteinEntry>> {
    // Each accession's newest entry: no later row of the same accession
    // (the UNIQUE (accession, import_id) index answers it).
    let rows = db.query(
        "SELECT p.accession, p.entry_name, p.reviewed, p.protein_name, p.gene_names, p.secondary, p.organism,
                p.tax_id, p.sequence, p.length
         FROM protein p
         WHERE p.accession IN (SELECT accession FROM protein_gene WHERE gene_id = $1
                               UNION SELECT xref_id FROM gene_xref WHERE gene_id = $1 AND db = 'UniProtKB')
           AND NOT EXISTS (SELECT 1 FROM protein q WHERE q.accession = p.accession AND q.id > p.id)
         ORDER BY p.reviewed DESC, p.length DESC, p.id",
        &[&gene_key(gene_id)],
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let mut accessions = vec![r.at::<String>(0)?];
        accessions.extend(r.json::<Vec<String>>(5)?);
        out.push(ProteinEntry {
            accessions,
            entry_name: r.at(1)?,
            reviewed: r.at(2)?,
            protein_name: r.at(3)?,
            gene_names: r.json(4)?,
            organism: r.at(6)?,
            tax_id: r.int_opt::<u32>(7)?.map(TaxId),
            gene_ids: vec![gene_id],
            sequence: r.at(8)?,
            length: r.int(9)?,
        });
    }
    Ok(out)
}

const IMPORT_COLS: &str =
    "id, kind, dataset, file_name, sha256, release, row_counts, started_at, finished_at";

fn import_row(r: &Row) -> Result<ImportRecord> {
    let kind: String = r.at(1)?;
    let (row_counts, tallies) = crate::sql::read_counts(r, 6)?;
    Ok(ImportRecord {
        id: r.import_id(0)?,
        kind: SourceKind::parse(&kind)
            .ok_or_else(|| corrupt("imports", "kind", format!("unknown kind {kind:?}")))?,
        dataset: r.at(2)?,
        file_name: r.at(3)?,
        sha256: r.at(4)?,
        release: r.at(5)?,
        row_counts,
        tallies,
        started_at: r.at(7)?,
        finished_at: r.at(8)?,
    })
}

/// Live imports (not replaced by a later import of the same dataset).
pub(crate) fn imports(db: &mut Db<'_>) -> Result<Vec<ImportRecord>> {
    let rows = db.query(
        &format!(
            "SELECT {IMPORT_COLS} FROM imports WHERE replaced_by IS NULL AND finished_at IS NOT NULL ORDER BY id"
        ),
        &[],
    )?;
    rows.iter().map(import_row).collect()
}

pub(crate) fn gene_imports(db: &mut Db<'_>, gene_id: GeneId) -> Result<Vec<ImportRecord>> {
    let id = gene_key(gene_id);
    let citations = citation_imports(db, gene_id)?;
    let rows = db.query(
        &format!(
            "SELECT {IMPORT_COLS} FROM imports WHERE id IN (
                SELECT import_id FROM gene WHERE gene_id = $1
                UNION SELECT import_id FROM gene_alias WHERE gene_id = $1
                UNION SELECT import_id FROM gene_xref WHERE gene_id = $1
                UNION SELECT unnest(import_ids) FROM gene_pubmed_by_import WHERE gene_id = $1
                UNION SELECT import_id FROM generif WHERE gene_id = $1
                UNION SELECT import_id FROM go_annotation WHERE gene_id = $1
                UNION SELECT t.import_id FROM go_term t WHERE t.go_id IN (SELECT go_id FROM go_annotation WHERE gene_id = $1)
                UNION SELECT import_id FROM protein_gene WHERE gene_id = $1
                UNION SELECT p.import_id FROM protein p JOIN gene_xref x ON x.db = 'UniProtKB' AND x.xref_id = p.accession WHERE x.gene_id = $1
                UNION SELECT DISTINCT import_id FROM regulation WHERE tf_gene = $1
                UNION SELECT DISTINCT import_id FROM regulation WHERE target_gene = $1
                UNION SELECT DISTINCT import_id FROM ortholog WHERE gene_id = $1
                UNION SELECT DISTINCT import_id FROM ortholog WHERE ortholog_gene = $1
                UNION SELECT import_id FROM interaction WHERE gene_a = $1
                UNION SELECT import_id FROM interaction WHERE gene_b = $1
                UNION SELECT DISTINCT import_id FROM binding_site WHERE tf_gene = $1
                UNION SELECT DISTINCT import_id FROM differential_expression WHERE gene_id = $1
                UNION SELECT DISTINCT import_id FROM expression_call WHERE gene_id = $1
                UNION SELECT unnest($2::bigint[])
             ) ORDER BY id"
        ),
        &[&id, &citations],
    )?;
    rows.iter().map(import_row).collect()
}

/// The imports that brought citations of the gene's PubMed ids. Driven
/// from whichever side is smaller: a hub has tens of thousands of PubMed
/// links while a store may hold few citations, or the reverse after a
/// full PubMed baseline import.
fn citation_imports(db: &mut Db<'_>, gene_id: GeneId) -> Result<Vec<i64>> {
    let id = gene_key(gene_id);
    // `max(id)` of the primary key is an index seek, unlike count(*).
    let publications: i64 = db
        .query_one("SELECT coalesce(max(id), 0) FROM publication", &[])?
        .at(0)?;
    if publications == 0 {
        return Ok(Vec::new());
    }
    let links: i64 = db
        .query_one(
            "SELECT coalesce((SELECT pubmed_count FROM gene_stats WHERE gene_id = $1), 0)",
            &[&id],
        )?
        .at(0)?;
    let sql = if publications < links {
        "SELECT DISTINCT p.import_id FROM publication p
         WHERE EXISTS (SELECT 1 FROM gene_pubmed g WHERE g.gene_id = $1 AND g.pmid = p.pmid)"
    } else {
        "SELECT DISTINCT p.import_id FROM gene_pubmed g JOIN publication p ON p.pmid = g.pmid
         WHERE g.gene_id = $1"
    };
    db.query(sql, &[&id])?.iter().map(|r| r.at(0)).collect()
}

pub(crate) fn stats(db: &mut Db<'_>) -> Result<StoreStats> {
    let mut facts = BTreeMap::new();
    for table in FactTable::ALL {
        // Table names come from a fixed list, never from input.
        let sql = format!("SELECT count(*) FROM {}", crate::sql::table(table));
        facts.insert(table, db.query_one(&sql, &[])?.count(0)?);
    }
    let gene_pubmed_links = db
        .query_one(
            "SELECT count(*) FROM (SELECT DISTINCT gene_id, pmid FROM gene_pubmed) g",
            &[],
        )?
        .count(0)?;
    let tf_target_edges = db
        .query_one("SELECT count(*) FROM tf_target_edge", &[])?
        .count(0)?;
    let mut genes_by_organism = BTreeMap::new();
    for r in db.query(
        "SELECT tax_id, count(*) FROM gene_best GROUP BY tax_id",
        &[],
    )? {
        genes_by_organism.insert(r.tax_id(0)?, r.count(1)?);
    }
    Ok(StoreStats {
        facts,
        genes_by_organism,
        gene_pubmed_links,
        tf_target_edges,
        imports: imports(db)?,
    })
}

/// Every gene's other designations, in gene order.
pub(crate) fn gene_designations(db: &mut Db<'_>) -> Result<Vec<(GeneId, String)>> {
    let rows = db.query(
        "SELECT gene_id, alias FROM gene_alias WHERE kind = 'designation'
         GROUP BY gene_id, alias ORDER BY gene_id, alias COLLATE \"C\"",
        &[],
    )?;
    rows.iter()
        .map(|r| Ok((r.gene_id(0)?, r.at::<String>(1)?)))
        .collect()
}

pub(crate) fn search_entries(db: &mut Db<'_>) -> Result<Vec<SearchEntry>> {
    let mut aliases: std::collections::HashMap<GeneId, Vec<String>> =
        std::collections::HashMap::new();
    for r in db.query(
        "SELECT gene_id, alias FROM gene_alias WHERE kind = 'synonym'
         GROUP BY gene_id, alias ORDER BY gene_id, alias COLLATE \"C\"",
        &[],
    )? {
        aliases
            .entry(r.gene_id(0)?)
            .or_default()
            .push(r.at::<String>(1)?);
    }
    let mut identifiers: std::collections::HashMap<GeneId, Vec<(String, String)>> =
        std::collections::HashMap::new();
    for r in db.query(
        "SELECT gene_id, db, xref_id FROM gene_xref GROUP BY gene_id, db, xref_id
         ORDER BY gene_id, db COLLATE \"C\", xref_id COLLATE \"C\"",
        &[],
    )? {
        identifiers
            .entry(r.gene_id(0)?)
            .or_default()
            .push((r.at::<String>(1)?, r.at::<String>(2)?));
    }
    let rows = db.query(
        "SELECT b.gene_id, b.tax_id, b.symbol, b.description, b.gene_type, b.map_location, coalesce(s.pubmed_count, 0)
         FROM gene_best b LEFT JOIN gene_stats s ON s.gene_id = b.gene_id
         ORDER BY b.gene_id",
        &[],
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let mut e = SearchEntry {
            gene_id: r.gene_id(0)?,
            tax_id: r.tax_id(1)?,
            symbol: r.at(2)?,
            name: r.at(3)?,
            gene_type: r.at(4)?,
            map_location: r.at(5)?,
            aliases: vec![],
            pubmed_count: r.count(6)?,
            identifiers: vec![],
        };
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
pub(crate) fn citation(
    db: &mut Db<'_>,
    pmid: Pmid,
) -> Result<Option<(Publication, locus_model::ImportId)>> {
    let row = db.query_opt(
        // A PubMed XML record is preferred to a title from another
        // source (Pharos' references), then the newest.
        "SELECT title, journal, year, authors, abstract, mesh, doi, import_id FROM publication
         WHERE pmid = $1
         ORDER BY (SELECT kind FROM imports WHERE id = publication.import_id) = 'pubmed-xml' DESC NULLS LAST,
                  id DESC
         LIMIT 1",
        &[&big(pmid.get())],
    )?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some((
        Publication {
            pmid,
            title: r.at(0)?,
            journal: r.at(1)?,
            year: r.int_opt(2)?,
            authors: r.json(3)?,
            abstract_text: r.at(4)?,
            mesh: r.json(5)?,
            doi: r.at(6)?,
        },
        r.import_id(7)?,
    )))
}

pub(crate) fn publication(db: &mut Db<'_>, pmid: Pmid) -> Result<Option<PublicationDetail>> {
    let (citation, citation_import_id) = match citation(db, pmid)? {
        Some((p, i)) => (Some(p), Some(i)),
        None => (None, None),
    };
    let genes: Vec<GeneSummary> = db
        .query(
            &format!(
                "SELECT {GENE_COLS} FROM gene_best b
                 WHERE b.gene_id IN (SELECT gene_id FROM gene_pubmed WHERE pmid = $1)
                 ORDER BY b.tax_id <> 9606, b.symbol COLLATE \"C\", b.gene_id"
            ),
            &[&big(pmid.get())],
        )?
        .iter()
        .map(|r| r.gene_summary(0))
        .collect::<Result<_>>()?;
    let annotated = annotated_texts(db, pmid)?;
    if citation.is_none() && genes.is_empty() && annotated.is_empty() {
        return Ok(None);
    }
    Ok(Some(PublicationDetail {
        pmid,
        citation,
        citation_import_id,
        genes,
        annotated,
        locus_tags: crate::tags::publication_tags(db, pmid)?,
    }))
}

/// The PubTator imports' texts of `pmid` with their mentions, by offset.
fn annotated_texts(db: &mut Db<'_>, pmid: Pmid) -> Result<Vec<locus_store::AnnotatedText>> {
    let key = big(pmid.get());
    let mut docs: Vec<locus_store::AnnotatedText> = db
        .query(
            "SELECT import_id, title, abstract FROM pubtator_document WHERE pmid = $1 ORDER BY import_id",
            &[&key],
        )?
        .iter()
        .map(|r| {
            Ok(locus_store::AnnotatedText {
                import_id: r.import_id(0)?,
                title: r.at(1)?,
                abstract_text: r.at(2)?,
                annotations: Vec::new(),
            })
        })
        .collect::<Result<_>>()?;
    if docs.is_empty() {
        return Ok(docs);
    }
    let rows = db.query(
        "SELECT import_id, start, \"end\", mention, type, concepts, line FROM pubtator_annotation
         WHERE pmid = $1 ORDER BY import_id, start, \"end\", id",
        &[&key],
    )?;
    for r in &rows {
        let import_id = r.import_id(0)?;
        let annotation = locus_model::TextAnnotation {
            pmid,
            start: r.int(1)?,
            end: r.int(2)?,
            mention: r.at(3)?,
            mention_type: locus_model::MentionType::parse(r.at::<&str>(4)?),
            concepts: r.json(5)?,
            written_identifiers: None,
            line: r.count(6)?,
        };
        if let Some(d) = docs.iter_mut().find(|d| d.import_id == import_id) {
            d.annotations.push(annotation);
        }
    }
    Ok(docs)
}

/// A gene's differential expression, largest absolute change first.
pub(crate) fn expression(
    db: &mut Db<'_>,
    gene_id: GeneId,
) -> Result<Vec<locus_store::ExpressionRow>> {
    // The condition's term: `lower(name)` is what the term_name index
    // holds (SQLite compares `COLLATE NOCASE`).
    let rows = db.query(
        "SELECT e.condition, e.contrast, e.experiment, e.log2fc, e.p_value, e.adjusted_p, i.kind, e.import_id,
                e.reference, e.condition_uri,
                (SELECT t.id FROM term t WHERE lower(t.name) = lower(e.condition) AND NOT t.obsolete
                 ORDER BY t.kind <> 'disease', t.id COLLATE \"C\" LIMIT 1)
         FROM differential_expression e JOIN imports i ON i.id = e.import_id
         WHERE e.gene_id = $1
         ORDER BY abs(coalesce(e.log2fc, 0)) DESC, e.condition COLLATE \"C\", e.id",
        &[&gene_key(gene_id)],
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let kind: String = r.at(6)?;
        let source = locus_model::SourceKind::parse(&kind)
            .ok_or_else(|| corrupt("imports", "kind", kind.clone()))?;
        out.push(locus_store::ExpressionRow {
            condition_term: match r.at::<Option<String>>(10)? {
                Some(t) => Some(locus_store::TermLink {
                    id: t.parse().map_err(|e: locus_model::BadTermId| {
                        corrupt("term", "id", e.to_string())
                    })?,
                    name: None,
                }),
                None => None,
            },
            condition: r.at(0)?,
            reference: r.at(8)?,
            condition_uri: r.at(9)?,
            contrast: r.at(1)?,
            experiment: r.at(2)?,
            log2_fold_change: r.at(3)?,
            p_value: r.at(4)?,
            adjusted_p_value: r.at(5)?,
            source,
            method: locus_model::expression_method(source).to_string(),
            import_id: r.import_id(7)?,
        });
    }
    Ok(out)
}

/// A page of the gene's Bgee calls: present first, highest score first.
pub(crate) fn expression_calls(
    db: &mut Db<'_>,
    gene_id: GeneId,
    offset: u64,
    limit: u64,
) -> Result<locus_store::ExpressionCallPage> {
    let id = gene_key(gene_id);
    let r = db.query_one(
        "SELECT count(*), count(*) FILTER (WHERE call = 'present'), count(DISTINCT entity_id)
         FROM expression_call WHERE gene_id = $1",
        &[&id],
    )?;
    let (total, present, entities) = (r.count(0)?, r.count(1)?, r.count(2)?);
    let mut top_entities = Vec::new();
    for r in db.query(
        "SELECT entity_id, name, best, present, absent FROM (
             SELECT entity_id, min(entity_name COLLATE \"C\") AS name,
                    max(CASE WHEN call = 'present' THEN score END) AS best,
                    count(*) FILTER (WHERE call = 'present') AS present,
                    count(*) FILTER (WHERE call = 'absent') AS absent
             FROM expression_call WHERE gene_id = $1
             GROUP BY entity_id) e
         ORDER BY best IS NULL, best DESC, name, entity_id COLLATE \"C\"
         LIMIT $2",
        &[&id, &sql_limit(limit)],
    )? {
        top_entities.push(locus_store::EntityExpression {
            anatomical_entity_id: r.at(0)?,
            anatomical_entity_name: r.at(1)?,
            best_score: r.at(2)?,
            present: r.count(3)?,
            absent: r.count(4)?,
        });
    }
    let rows = db.query(
        "SELECT entity_id, entity_name, stage_id, stage_name, sex, strain, call, quality, fdr, score, rank, import_id
         FROM expression_call WHERE gene_id = $1
         ORDER BY call = 'absent', score IS NULL, score DESC, entity_name COLLATE \"C\", id
         LIMIT $2 OFFSET $3",
        &[&id, &sql_limit(limit), &sql_limit(offset)],
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let call: String = r.at(6)?;
        out.push(locus_store::ExpressionCallRow {
            anatomical_entity_id: r.at(0)?,
            anatomical_entity_name: r.at(1)?,
            developmental_stage_id: r.at(2)?,
            developmental_stage_name: r.at(3)?,
            sex: r.at(4)?,
            strain: r.at(5)?,
            call: locus_model::ExpressionCall::parse(&call)
                .ok_or_else(|| corrupt("expression_call", "call", call.clone()))?,
            quality: r.at(7)?,
            fdr: r.at(8)?,
            score: r.at(9)?,
            rank: r.at(10)?,
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
pub(crate) fn pubmed_sources(
    db: &mut Db<'_>,
    gene_id: GeneId,
) -> Result<Vec<locus_store::PubmedSourceCount>> {
    let id = gene_key(gene_id);
    // (gene_id, pmid, import_id) is the key, so an import's row count is
    // its PubMed ids, kept per gene by gene_pubmed_by_import;
    // only a kind imported twice needs the distinct count (a hub has tens
    // of thousands of links).
    let rows = db.query(
        "SELECT (SELECT kind FROM imports WHERE id = g.import_id), g.n
         FROM gene_pubmed_by_import p, unnest(p.import_ids, p.links) AS g(import_id, n)
         WHERE p.gene_id = $1
         ORDER BY g.import_id",
        &[&id],
    )?;
    let mut by_kind: Vec<(String, u64, usize)> = Vec::new();
    for r in &rows {
        let kind: String = r.at(0)?;
        let n = r.count(1)?;
        match by_kind.iter_mut().find(|(k, _, _)| *k == kind) {
            Some(entry) => entry.2 += 1,
            None => by_kind.push((kind, n, 1)),
        }
    }
    let mut out = Vec::with_capacity(by_kind.len());
    for (kind, mut pmids, imports) in by_kind {
        if imports > 1 {
            pmids = db
                .query_one(
                    "SELECT count(DISTINCT gp.pmid) FROM gene_pubmed gp
                     JOIN imports i ON i.id = gp.import_id WHERE gp.gene_id = $1 AND i.kind = $2",
                    &[&id, &kind],
                )?
                .count(0)?;
        }
        out.push(locus_store::PubmedSourceCount {
            source: locus_model::SourceKind::parse(&kind)
                .ok_or_else(|| corrupt("imports", "kind", kind.clone()))?,
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
