//! Read queries over the regulatory network, orthologs, interactions and
//! binding sites. All SQL is parameterised.
//!
//! Where the SQLite backend leaves the order of tied rows to its query
//! plan, these queries name the order that plan gives (row id, primary
//! key), so both backends list rows alike; text sorts compare bytes
//! (`COLLATE "C"`), as SQLite does.

use locus_model::{
    ConsensusMode, EntityRef, GeneId, ImportId, KgEdge, KgEdgeKind, RegulationRow, SourceKind,
    StringScores, TaxId, TermId, TfTargetEdge,
};
use locus_store::{
    BindingSitePage, BindingSiteRow, EdgeFilter, InteractionPage, InteractionRow, KgCounts,
    NetworkEdge, OrthologRow, Partner, RegulationEdgeRow, RegulationPage, RegulationSide, Role,
    UnresolvedReason, UnresolvedRow,
};
use postgres::Row;

use crate::db::Db;
use crate::sql::{big, corrupt, gene, regulation_row, sql_limit, RowExt};
use crate::Result;

/// Partner columns: gene_id, tax_id, symbol, description, accession.
const PARTNER: &str = "b.gene_id, b.tax_id, b.symbol, b.description, u.accession";

fn partner(r: &Row, at: usize) -> Result<Partner> {
    Ok(Partner {
        gene_id: r.gene_id(at)?,
        tax_id: r.tax_id(at + 1)?,
        symbol: r.at(at + 2)?,
        name: r.at(at + 3)?,
        uniprot: r.at(at + 4)?,
    })
}

/// Edge columns of `tf_target_edge e`.
const EDGE: &str =
    "e.tf_gene, e.target_gene, e.tax_id, e.sources, e.methods, e.pmids, e.small_scale, e.mode,
                    e.activation_rows, e.repression_rows, e.evidence_rows";

fn edge(r: &Row, at: usize) -> Result<TfTargetEdge> {
    let mode: String = r.at(at + 7)?;
    Ok(TfTargetEdge {
        tf: r.gene_id(at)?,
        target: r.gene_id(at + 1)?,
        tax_id: r.tax_id(at + 2)?,
        sources: r.json(at + 3)?,
        methods: r.json(at + 4)?,
        pmids: r.json(at + 5)?,
        small_scale: r.at(at + 6)?,
        mode: ConsensusMode::parse(&mode)
            .ok_or_else(|| corrupt("tf_target_edge", "mode", format!("unknown mode {mode:?}")))?,
        activation_rows: r.int(at + 8)?,
        repression_rows: r.int(at + 9)?,
        evidence_rows: r.int(at + 10)?,
    })
}

/// One side of a gene's merged edges that pass `filter`, strongest
/// evidence first: small-scale, then number of sources, PubMed ids,
/// symbol; `limit` rows from `offset`, with the counts before and after
/// the filter.
pub(crate) fn regulation(
    db: &mut Db<'_>,
    gene_id: GeneId,
    side: RegulationSide,
    filter: &EdgeFilter,
    offset: u64,
    limit: u64,
) -> Result<RegulationPage> {
    let (this, other) = match side {
        RegulationSide::Regulators => ("target_gene", "tf_gene"),
        RegulationSide::Targets => ("tf_gene", "target_gene"),
    };
    // Column names come from the two constants above, never from input.
    let filtered = "($2::text IS NULL
                     OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(e.sources) j WHERE j = $2))
                    AND (NOT $3::boolean OR e.small_scale)";
    let id = gene(gene_id);
    let total = db
        .query_one(
            &format!("SELECT count(*) FROM tf_target_edge e WHERE e.{this} = $1"),
            &[&id],
        )?
        .count(0)?;
    let source = filter.source.as_deref();
    let small = filter.small_scale_only;
    let matching = if source.is_none() && !small {
        total
    } else {
        db.query_one(
            &format!("SELECT count(*) FROM tf_target_edge e WHERE e.{this} = $1 AND {filtered}"),
            &[&id, &source, &small],
        )?
        .count(0)?
    };
    let rows = db.query(
        &format!(
            "SELECT {PARTNER}, {EDGE} FROM tf_target_edge e
             JOIN gene_best b ON b.gene_id = e.{other}
             LEFT JOIN gene_uniprot u ON u.gene_id = e.{other}
             WHERE e.{this} = $1 AND {filtered}
             ORDER BY e.small_scale DESC, e.n_sources DESC, e.n_pmids DESC, b.symbol COLLATE \"C\",
                      e.{other}
             LIMIT $4 OFFSET $5"
        ),
        &[&id, &source, &small, &sql_limit(limit), &sql_limit(offset)],
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push(RegulationEdgeRow {
            partner: partner(r, 0)?,
            edge: edge(r, 5)?,
        });
    }
    Ok(RegulationPage {
        total,
        matching,
        offset,
        rows: out,
    })
}

/// Every evidence row behind one edge, in import order.
pub(crate) fn regulation_evidence(
    db: &mut Db<'_>,
    tf: GeneId,
    target: GeneId,
) -> Result<Vec<RegulationRow>> {
    db.query(
        "SELECT i.kind, r.import_id, r.databases, r.methods, r.pmids, r.mode, r.weight, r.small_scale, r.line
         FROM regulation r JOIN imports i ON i.id = r.import_id
         WHERE r.tf_gene = $1 AND r.target_gene = $2 ORDER BY r.import_id, r.line, r.id",
        &[&gene(tf), &gene(target)],
    )?
    .iter()
    .map(|r| regulation_row(r, 0))
    .collect()
}

/// The orthologs of a gene, from exports in either direction, one row per
/// partner (the highest-confidence row when both exports list it; a
/// missing confidence or score ranks last, as in SQLite).
pub(crate) fn orthologs(db: &mut Db<'_>, gene_id: GeneId) -> Result<Vec<OrthologRow>> {
    let rows = db.query(
        &format!(
            "SELECT {PARTNER}, o.homology_type, o.confidence, o.goc_score, o.import_id FROM (
                 SELECT ortholog_gene AS other, homology_type, confidence, goc_score, import_id,
                        0 AS side, id
                   FROM ortholog WHERE gene_id = $1
                 UNION ALL
                 SELECT gene_id, homology_type, confidence, goc_score, import_id, 1, id
                   FROM ortholog WHERE ortholog_gene = $1
             ) o
             JOIN gene_best b ON b.gene_id = o.other
             LEFT JOIN gene_uniprot u ON u.gene_id = o.other
             ORDER BY b.tax_id, b.symbol COLLATE \"C\", b.gene_id,
                      o.confidence DESC NULLS LAST, o.goc_score DESC NULLS LAST, o.side, o.id"
        ),
        &[&gene(gene_id)],
    )?;
    let mut out: Vec<OrthologRow> = Vec::new();
    for r in &rows {
        let p = partner(r, 0)?;
        if out.last().is_some_and(|l| l.partner.gene_id == p.gene_id) {
            continue;
        }
        out.push(OrthologRow {
            partner: p,
            homology_type: r.at(5)?,
            confidence: r.int_opt(6)?,
            goc_score: r.at(7)?,
            import_id: r.import_id(8)?,
        });
    }
    Ok(out)
}

/// A gene's STRING associations, best combined score first.
pub(crate) fn interactions(
    db: &mut Db<'_>,
    gene_id: GeneId,
    limit: u64,
) -> Result<InteractionPage> {
    let total = db
        .query_one(
            "SELECT (SELECT count(*) FROM interaction WHERE gene_a = $1)
                  + (SELECT count(*) FROM interaction WHERE gene_b = $1)",
            &[&gene(gene_id)],
        )?
        .count(0)?;
    let rows = interactions_where(db, gene_id, None, limit)?;
    Ok(InteractionPage { total, rows })
}

/// The `limit` strongest associations of `gene_id`, or only those with
/// `only`.
fn interactions_where(
    db: &mut Db<'_>,
    gene_id: GeneId,
    only: Option<GeneId>,
    limit: u64,
) -> Result<Vec<InteractionRow>> {
    let rows = db.query(
        &format!(
            "SELECT {PARTNER}, i.mine, i.theirs, i.neighborhood, i.fusion, i.cooccurence, i.coexpression,
                    i.experimental, i.database, i.textmining, i.combined_score, i.import_id FROM (
                 SELECT gene_b AS other, protein_a AS mine, protein_b AS theirs, neighborhood, fusion,
                        cooccurence, coexpression, experimental, database, textmining, combined_score,
                        import_id
                   FROM interaction WHERE gene_a = $1
                 UNION ALL
                 SELECT gene_a, protein_b, protein_a, neighborhood, fusion, cooccurence,
                        coexpression, experimental, database, textmining, combined_score, import_id
                   FROM interaction WHERE gene_b = $1
             ) i
             JOIN gene_best b ON b.gene_id = i.other
             LEFT JOIN gene_uniprot u ON u.gene_id = i.other
             WHERE $2::bigint IS NULL OR i.other = $2
             ORDER BY i.combined_score DESC, b.symbol COLLATE \"C\", i.other, i.import_id
             LIMIT $3"
        ),
        &[&gene(gene_id), &only.map(gene), &sql_limit(limit)],
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push(InteractionRow {
            partner: partner(r, 0)?,
            protein: r.at(5)?,
            partner_protein: r.at(6)?,
            scores: StringScores {
                neighborhood: r.int(7)?,
                fusion: r.int(8)?,
                cooccurence: r.int(9)?,
                coexpression: r.int(10)?,
                experimental: r.int(11)?,
                database: r.int(12)?,
                textmining: r.int(13)?,
                combined_score: r.int(14)?,
            },
            import_id: r.import_id(15)?,
        });
    }
    Ok(out)
}

/// A TF's binding sites in genome order: by chromosome (shorter names
/// first, so `chr2` before `chr10`), then start.
pub(crate) fn binding_sites(
    db: &mut Db<'_>,
    gene_id: GeneId,
    offset: u64,
    limit: u64,
) -> Result<BindingSitePage> {
    let id = gene(gene_id);
    let total = db
        .query_one(
            "SELECT count(*) FROM binding_site WHERE tf_gene = $1",
            &[&id],
        )?
        .count(0)?;
    let rows = db.query(
        "SELECT tflink_id, assembly, chromosome, start, \"end\", strand, methods, pmids, databases,
                small_scale, import_id
         FROM binding_site WHERE tf_gene = $1
         ORDER BY length(chromosome), chromosome COLLATE \"C\", start, id LIMIT $2 OFFSET $3",
        &[&id, &sql_limit(limit), &sql_limit(offset)],
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push(BindingSiteRow {
            tflink_id: r.at(0)?,
            assembly: r.at(1)?,
            chromosome: r.at(2)?,
            start: r.int(3)?,
            end: r.int(4)?,
            strand: r.at(5)?,
            methods: r.json(6)?,
            pmids: r.json(7)?,
            databases: r.json(8)?,
            small_scale: r.at(9)?,
            import_id: r.import_id(10)?,
        });
    }
    Ok(BindingSitePage { total, rows: out })
}

/// How many knowledge-graph edges of each kind touch a gene. GO
/// annotations qualified `NOT` (in any case, as SQLite's `LIKE`) do not
/// count.
pub(crate) fn kg_counts(db: &mut Db<'_>, gene_id: GeneId) -> Result<KgCounts> {
    let r = db.query_one(
        &format!(
            "SELECT (SELECT count(*) FROM tf_target_edge WHERE target_gene = $1),
                    (SELECT count(*) FROM tf_target_edge WHERE tf_gene = $1),
                    (SELECT count(*) FROM interaction WHERE gene_a = $1)
                      + (SELECT count(*) FROM interaction WHERE gene_b = $1),
                    (SELECT count(DISTINCT other) FROM (
                        SELECT ortholog_gene AS other FROM ortholog WHERE gene_id = $1
                        UNION SELECT gene_id FROM ortholog WHERE ortholog_gene = $1) AS o),
                    (SELECT count(*) FROM binding_site WHERE tf_gene = $1),
                    (SELECT count(*) FROM tf_target_edge WHERE tf_gene = $1 AND target_gene = $1),
                    (SELECT count(DISTINCT disease) FROM gene_disease WHERE gene_id = $1),
                    (SELECT count(DISTINCT phenotype) FROM gene_phenotype WHERE gene_id = $1),
                    (SELECT count(DISTINCT go_id) FROM go_annotation
                      WHERE gene_id = $1 AND coalesce(qualifier, '') NOT ILIKE 'NOT%'),
                    (SELECT count(DISTINCT other) FROM text_pair
                      WHERE gene_id = $1 AND other_kind = 'gene'),
                    (SELECT count(DISTINCT term) FROM (
                        SELECT {PAIR_TERM} AS term FROM text_pair p
                        WHERE p.gene_id = $1 AND p.other_kind = 'disease') AS t),
                    (SELECT count(DISTINCT other) FROM text_pair
                      WHERE gene_id = $1 AND other_kind = 'chemical')",
        ),
        &[&gene(gene_id)],
    )?;
    Ok(KgCounts {
        regulators: r.count(0)?,
        targets: r.count(1)?,
        interactions: r.count(2)?,
        orthologs: r.count(3)?,
        binding_sites: r.count(4)?,
        self_regulation: r.count(5)?,
        diseases: r.count(6)?,
        phenotypes: r.count(7)?,
        go_terms: r.count(8)?,
        co_mentioned_genes: r.count(9)?,
        co_mentioned_diseases: r.count(10)?,
        co_mentioned_chemicals: r.count(11)?,
    })
}

/// Every edge of the store, gene–gene and gene–term, for the in-memory
/// graph. Each kind's edges come in key order (SQLite's `GROUP BY`
/// order), so the graph is built alike on both backends.
pub(crate) fn kg_edges(db: &mut Db<'_>) -> Result<Vec<KgEdge>> {
    let mut out = Vec::new();
    let rows = db.query(
        "SELECT tf_gene, target_gene, sources, n_pmids FROM tf_target_edge
         ORDER BY tf_gene, target_gene",
        &[],
    )?;
    for r in &rows {
        let sources: Vec<String> = r.json(2)?;
        let n_pmids: u32 = r.int(3)?;
        let n_sources = u32::try_from(sources.len()).unwrap_or(u32::MAX);
        out.push(KgEdge {
            from: EntityRef::Gene(r.gene_id(0)?),
            to: EntityRef::Gene(r.gene_id(1)?),
            kind: KgEdgeKind::Regulation,
            strength: n_sources.saturating_mul(1000) + n_pmids.min(999),
            sources,
        });
    }
    drop(rows);
    gene_pair_edges(
        db,
        "SELECT gene_a, gene_b, max(combined_score) FROM interaction
         GROUP BY gene_a, gene_b ORDER BY gene_a, gene_b",
        KgEdgeKind::Interaction,
        "STRING",
        |score| u32::try_from(score).unwrap_or(0),
        &mut out,
    )?;
    // One edge per unordered pair, however many exports list it.
    gene_pair_edges(
        db,
        "SELECT LEAST(gene_id, ortholog_gene), GREATEST(gene_id, ortholog_gene),
                max(coalesce(confidence, 0))
         FROM ortholog GROUP BY 1, 2 ORDER BY 1, 2",
        KgEdgeKind::Orthology,
        "Ensembl",
        |confidence| if confidence > 0 { 1000 } else { 500 },
        &mut out,
    )?;
    term_edges(db, &mut out)?;
    co_mention_edges(db, &mut out)?;
    Ok(out)
}

/// Gene–gene edges of one `kind` from `sql`'s rows (gene, gene, support),
/// each as strong as `strength` makes the support.
fn gene_pair_edges(
    db: &mut Db<'_>,
    sql: &str,
    kind: KgEdgeKind,
    source: &str,
    strength: impl Fn(i64) -> u32,
    out: &mut Vec<KgEdge>,
) -> Result<()> {
    pair_edges(
        db,
        sql,
        kind,
        source,
        strength,
        |r| Ok(Some(EntityRef::Gene(r.gene_id(1)?))),
        out,
    )
}

/// Edges of one `kind` from `sql`'s rows (gene, other, support): the other
/// end as `other` reads it from the row (`None` skips the row), each as
/// strong as `strength` makes the support.
fn pair_edges(
    db: &mut Db<'_>,
    sql: &str,
    kind: KgEdgeKind,
    source: &str,
    strength: impl Fn(i64) -> u32,
    other: impl Fn(&Row) -> Result<Option<EntityRef>>,
    out: &mut Vec<KgEdge>,
) -> Result<()> {
    for r in &db.query(sql, &[])? {
        let Some(to) = other(r)? else {
            continue;
        };
        out.push(KgEdge {
            from: EntityRef::Gene(r.gene_id(0)?),
            to,
            kind,
            sources: vec![source.into()],
            strength: strength(r.at(2)?),
        });
    }
    Ok(())
}

/// The term a co-mentioned disease stands for: an ontology id as
/// written, a MeSH id through the terms' MeSH cross-references (a
/// disease before a phenotype, then the lowest id); NULL when no imported
/// term has it. Over `text_pair p`.
pub(crate) const PAIR_TERM: &str = "CASE WHEN p.other LIKE '%:%' THEN p.other ELSE (
    SELECT x.id FROM term_xref x JOIN term t ON t.id = x.id AND t.import_id = x.import_id
    WHERE x.xref IN ('MESH:' || p.other, 'MSH:' || p.other, 'MeSH:' || p.other)
      AND t.kind IN ('disease', 'phenotype')
    ORDER BY t.kind COLLATE \"C\", x.id COLLATE \"C\" LIMIT 1) END";

/// Where co-mention edges come from, as edge sources name it.
pub(crate) const TEXT_MINING: &str = "Locus text mining";

/// Co-mention edges: genes named together, and genes named with a
/// disease, phenotype or chemical, in a sentence of an imported text; as strong as
/// the number of texts (below every curated edge).
fn co_mention_edges(db: &mut Db<'_>, out: &mut Vec<KgEdge>) -> Result<()> {
    let strength = |texts: i64| u32::try_from(texts.clamp(0, 999)).unwrap_or(999);
    // `other` of a gene pair is a GeneID; one that is not a number
    // (SQLite's CAST makes it 0) makes no edge, rather than an error.
    gene_pair_edges(
        db,
        "SELECT gene_id, o, count(*) FROM (
             SELECT gene_id, CASE WHEN other ~ '^[0-9]{1,18}$' THEN other::bigint END AS o
             FROM text_pair WHERE other_kind = 'gene') AS p
         WHERE gene_id < o
         GROUP BY gene_id, o ORDER BY gene_id, o",
        KgEdgeKind::CoMention,
        TEXT_MINING,
        strength,
        out,
    )?;
    // A disease no imported term has, or a chemical id that is no MeSH
    // id, makes no edge.
    pair_edges(
        db,
        &format!(
            "SELECT gene_id, term, count(DISTINCT doc) FROM (
                 SELECT p.gene_id, p.doc, {PAIR_TERM} AS term FROM text_pair p
                 WHERE p.other_kind = 'disease') AS d
             WHERE term IS NOT NULL GROUP BY gene_id, term ORDER BY gene_id, term COLLATE \"C\""
        ),
        KgEdgeKind::DiseaseCoMention,
        TEXT_MINING,
        strength,
        |r| {
            Ok(r.at::<String>(1)?
                .parse::<TermId>()
                .ok()
                .map(EntityRef::of_term))
        },
        out,
    )?;
    pair_edges(
        db,
        "SELECT gene_id, other, count(*) FROM text_pair
         WHERE other_kind = 'chemical' GROUP BY gene_id, other ORDER BY gene_id, other COLLATE \"C\"",
        KgEdgeKind::ChemicalCoMention,
        TEXT_MINING,
        strength,
        |r| {
            Ok(r.at::<String>(1)?
                .parse::<locus_model::MeshId>()
                .ok()
                .map(EntityRef::Chemical))
        },
        out,
    )?;
    Ok(())
}

/// The database a gene–term association comes from, by its import kind,
/// as edge sources name it.
fn term_source(kind: &str) -> String {
    match SourceKind::parse(kind) {
        Some(SourceKind::Hpo) => "HPO".into(),
        Some(SourceKind::Mim2geneMedgen) => "MedGen".into(),
        Some(SourceKind::Orphanet) => "Orphanet".into(),
        Some(SourceKind::Orgdb) => "org.Hs.eg.db".into(),
        Some(SourceKind::Gaf) => "GAF".into(),
        _ => kind.to_string(),
    }
}

/// The sources of import kinds `kinds`, each once, in first-seen order.
fn term_sources(kinds: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for k in kinds {
        let s = term_source(&k);
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

fn term_ref(table: &'static str, column: &'static str, id: &str) -> Result<EntityRef> {
    id.parse::<TermId>()
        .map(EntityRef::of_term)
        .map_err(|_| corrupt(table, column, format!("{id:?} is not a term id")))
}

/// Gene–disease, gene–phenotype and gene–GO term edges: one per gene and
/// term, whatever the number of imports and rows stating it. Edges and
/// their sources come in the order SQLite's plans give them: diseases and
/// phenotypes by gene, rows by row id; GO terms by term then gene (SQLite
/// groups them along its `go_id` index), rows by primary key.
fn term_edges(db: &mut Db<'_>, out: &mut Vec<KgEdge>) -> Result<()> {
    // Diseases: the sources and the PubMed ids of every row.
    let rows = db.query(
        "SELECT d.gene_id, d.disease, i.kind, d.pmids FROM gene_disease d
         JOIN imports i ON i.id = d.import_id ORDER BY d.gene_id, d.disease COLLATE \"C\", d.id",
        &[],
    )?;
    let mut current: Option<(GeneId, String, Vec<String>, Vec<u64>)> = None;
    let flush = |cur: Option<(GeneId, String, Vec<String>, Vec<u64>)>,
                 out: &mut Vec<KgEdge>|
     -> Result<()> {
        if let Some((gene, disease, sources, pmids)) = cur {
            out.push(KgEdge {
                from: EntityRef::Gene(gene),
                to: term_ref("gene_disease", "disease", &disease)?,
                kind: KgEdgeKind::Disease,
                strength: KgEdge::association_strength(sources.len(), pmids.len()),
                sources,
            });
        }
        Ok(())
    };
    for r in &rows {
        let gene = r.gene_id(0)?;
        let disease: String = r.at(1)?;
        let source = term_source(&r.at::<String>(2)?);
        let pmids: Vec<u64> = r.json(3)?;
        match &mut current {
            Some((g, d, sources, all)) if *g == gene && *d == disease => {
                if !sources.contains(&source) {
                    sources.push(source);
                }
                for p in pmids {
                    if !all.contains(&p) {
                        all.push(p);
                    }
                }
            }
            _ => {
                flush(current.take(), out)?;
                current = Some((gene, disease, vec![source], pmids));
            }
        }
    }
    flush(current, out)?;
    drop(rows);
    // Phenotypes: supported by the diseases they come through.
    let rows = db.query(
        "SELECT p.gene_id, p.phenotype, array_agg(i.kind ORDER BY p.id), count(DISTINCT p.disease)
         FROM gene_phenotype p JOIN imports i ON i.id = p.import_id
         GROUP BY p.gene_id, p.phenotype ORDER BY p.gene_id, p.phenotype COLLATE \"C\"",
        &[],
    )?;
    for r in &rows {
        let sources = term_sources(r.at(2)?);
        let diseases: u64 = r.count(3)?;
        out.push(KgEdge {
            from: EntityRef::Gene(r.gene_id(0)?),
            to: term_ref("gene_phenotype", "phenotype", &r.at::<String>(1)?)?,
            kind: KgEdgeKind::Phenotype,
            strength: KgEdge::association_strength(
                sources.len(),
                usize::try_from(diseases).unwrap_or(usize::MAX),
            ),
            sources,
        });
    }
    drop(rows);
    // GO: annotations that are not negated, stronger with an experiment.
    let rows = db.query(
        "SELECT a.gene_id, a.go_id,
                array_agg(i.kind ORDER BY a.aspect COLLATE \"C\", a.evidence COLLATE \"C\", a.import_id),
                count(DISTINCT a.evidence),
                bool_or(a.evidence IN ('EXP','IDA','IPI','IMP','IGI','IEP','HTP','HDA','HMP','HGI','HEP'))
         FROM go_annotation a JOIN imports i ON i.id = a.import_id
         WHERE coalesce(a.qualifier, '') NOT ILIKE 'NOT%'
         GROUP BY a.gene_id, a.go_id ORDER BY a.go_id COLLATE \"C\", a.gene_id",
        &[],
    )?;
    for r in &rows {
        let sources = term_sources(r.at(2)?);
        let codes: u64 = r.count(3)?;
        let experimental: bool = r.at(4)?;
        out.push(KgEdge {
            from: EntityRef::Gene(r.gene_id(0)?),
            to: term_ref("go_annotation", "go_id", &r.at::<String>(1)?)?,
            kind: KgEdgeKind::GoAnnotation,
            strength: KgEdge::go_strength(experimental, usize::try_from(codes).unwrap_or(99)),
            sources,
        });
    }
    Ok(())
}

/// The merged network of one organism with both genes named, for exports
/// (TFLink simpleFormat, KGX, GMT), ordered by TF then target symbol.
pub(crate) fn network(db: &mut Db<'_>, tax_id: TaxId) -> Result<Vec<NetworkEdge>> {
    let rows = db.query(
        &format!(
            "SELECT t.gene_id, t.tax_id, t.symbol, t.description, tu.accession,
                    {PARTNER}, {EDGE}
             FROM tf_target_edge e
             JOIN gene_best t ON t.gene_id = e.tf_gene
             LEFT JOIN gene_uniprot tu ON tu.gene_id = e.tf_gene
             JOIN gene_best b ON b.gene_id = e.target_gene
             LEFT JOIN gene_uniprot u ON u.gene_id = e.target_gene
             WHERE e.tax_id = $1
             ORDER BY t.symbol COLLATE \"C\", b.symbol COLLATE \"C\", e.tf_gene, e.target_gene"
        ),
        &[&big(tax_id.get())],
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push(NetworkEdge {
            tf: partner(r, 0)?,
            target: partner(r, 5)?,
            edge: edge(r, 10)?,
        });
    }
    Ok(out)
}

/// The identifiers an import could not resolve, by line; `None` when the
/// import does not exist.
pub(crate) fn unresolved(
    db: &mut Db<'_>,
    import_id: ImportId,
    limit: u64,
) -> Result<Option<Vec<UnresolvedRow>>> {
    let id = import_id.get();
    if db
        .query_opt("SELECT 1 FROM imports WHERE id = $1", &[&id])?
        .is_none()
    {
        return Ok(None);
    }
    let rows = db.query(
        "SELECT import_id, line, role, identifier, reason, candidates FROM unresolved
         WHERE import_id = $1 ORDER BY line, role COLLATE \"C\", id LIMIT $2",
        &[&id, &sql_limit(limit)],
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let role: String = r.at(2)?;
        let reason: String = r.at(4)?;
        out.push(UnresolvedRow {
            import_id: r.import_id(0)?,
            line: r.int(1)?,
            role: Role::parse(&role)
                .ok_or_else(|| corrupt("unresolved", "role", format!("unknown role {role:?}")))?,
            identifier: r.at(3)?,
            reason: UnresolvedReason::parse(&reason).ok_or_else(|| {
                corrupt("unresolved", "reason", format!("unknown reason {reason:?}"))
            })?,
            candidates: r.json(5)?,
        });
    }
    Ok(Some(out))
}

/// The STRING association between two genes, if imported.
pub(crate) fn interaction_between(
    db: &mut Db<'_>,
    a: GeneId,
    b: GeneId,
) -> Result<Option<InteractionRow>> {
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    let page = interactions_where(db, lo, Some(hi), 1)?;
    Ok(page.into_iter().next().map(|mut r| {
        if a != lo {
            std::mem::swap(&mut r.protein, &mut r.partner_protein);
        }
        r
    }))
}
