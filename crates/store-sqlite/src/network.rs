//! Read queries over the regulatory network, orthologs, interactions and
//! binding sites. All SQL is parameterised.

use locus_model::{
    ConsensusMode, EntityRef, GeneId, ImportId, KgEdge, KgEdgeKind, RegulationRow, SourceKind,
    StringScores, TaxId, TermId, TfTargetEdge,
};
use locus_store::{
    BindingSitePage, BindingSiteRow, EdgeFilter, InteractionPage, InteractionRow, KgCounts,
    NetworkEdge, OrthologRow, Partner, RegulationEdgeRow, RegulationPage, RegulationSide, Role,
    UnresolvedReason, UnresolvedRow,
};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::sql::{corrupt, from_json as json, regulation_row, sql_limit, RowExt};
use crate::Result;

/// Partner columns: gene_id, tax_id, symbol, description, accession.
const PARTNER: &str = "b.gene_id, b.tax_id, b.symbol, b.description, u.accession";

fn partner(r: &Row<'_>, at: usize) -> rusqlite::Result<Partner> {
    Ok(Partner {
        gene_id: r.gene_id(at)?,
        tax_id: r.tax_id(at + 1)?,
        symbol: r.get(at + 2)?,
        name: r.get(at + 3)?,
        uniprot: r.get(at + 4)?,
    })
}

/// Edge columns of `tf_target_edge e`.
const EDGE: &str =
    "e.tf_gene, e.target_gene, e.tax_id, e.sources, e.methods, e.pmids, e.small_scale, e.mode,
                    e.activation_rows, e.repression_rows, e.evidence_rows";

fn edge(r: &Row<'_>, at: usize) -> Result<TfTargetEdge> {
    let mode: String = r.get(at + 7)?;
    Ok(TfTargetEdge {
        tf: r.gene_id(at)?,
        target: r.gene_id(at + 1)?,
        tax_id: r.tax_id(at + 2)?,
        sources: json(&r.get::<_, String>(at + 3)?, "tf_target_edge", "sources")?,
        methods: json(&r.get::<_, String>(at + 4)?, "tf_target_edge", "methods")?,
        pmids: json(&r.get::<_, String>(at + 5)?, "tf_target_edge", "pmids")?,
        small_scale: r.get(at + 6)?,
        mode: ConsensusMode::parse(&mode)
            .ok_or_else(|| corrupt("tf_target_edge", "mode", format!("unknown mode {mode:?}")))?,
        activation_rows: r.get(at + 8)?,
        repression_rows: r.get(at + 9)?,
        evidence_rows: r.get(at + 10)?,
    })
}

/// One side of a gene's merged edges that pass `filter`, strongest
/// evidence first: small-scale, then number of sources, PubMed ids,
/// symbol; `limit` rows from `offset`, with the counts before and after
/// the filter.
pub fn regulation(
    c: &Connection,
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
    let filtered =
        "(?2 IS NULL OR EXISTS (SELECT 1 FROM json_each(e.sources) j WHERE j.value = ?2))
                    AND (?3 = 0 OR e.small_scale = 1)";
    let id = gene_id.get();
    let total = c
        .prepare_cached(&format!(
            "SELECT count(*) FROM tf_target_edge e WHERE e.{this} = ?1"
        ))?
        .query_row([id], |r| r.count(0))?;
    let source = filter.source.as_deref();
    let small = filter.small_scale_only;
    let matching = if source.is_none() && !small {
        total
    } else {
        c.prepare_cached(&format!(
            "SELECT count(*) FROM tf_target_edge e WHERE e.{this} = ?1 AND {filtered}"
        ))?
        .query_row(params![id, source, small], |r| r.count(0))?
    };
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {PARTNER}, {EDGE} FROM tf_target_edge e
         JOIN gene_best b ON b.gene_id = e.{other}
         LEFT JOIN gene_uniprot u ON u.gene_id = e.{other}
         WHERE e.{this} = ?1 AND {filtered}
         ORDER BY e.small_scale DESC, e.n_sources DESC, e.n_pmids DESC, b.symbol
         LIMIT ?4 OFFSET ?5"
    ))?;
    let mut rows = stmt.query(params![
        id,
        source,
        small,
        sql_limit(limit),
        sql_limit(offset)
    ])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
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
pub fn regulation_evidence(
    c: &Connection,
    tf: GeneId,
    target: GeneId,
) -> Result<Vec<RegulationRow>> {
    let mut stmt = c.prepare_cached(
        "SELECT i.kind, r.import_id, r.databases, r.methods, r.pmids, r.mode, r.weight, r.small_scale, r.line
         FROM regulation r JOIN imports i ON i.id = r.import_id
         WHERE r.tf_gene = ?1 AND r.target_gene = ?2 ORDER BY r.import_id, r.line",
    )?;
    let mut rows = stmt.query([tf.get(), target.get()])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(regulation_row(r, 0)?);
    }
    Ok(out)
}

/// The orthologs of a gene, from exports in either direction, one row per
/// partner (the highest-confidence row when both exports list it).
pub fn orthologs(c: &Connection, gene_id: GeneId) -> Result<Vec<OrthologRow>> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {PARTNER}, o.homology_type, o.confidence, o.goc_score, o.import_id FROM (
             SELECT ortholog_gene AS other, homology_type, confidence, goc_score, import_id
               FROM ortholog WHERE gene_id = ?1
             UNION ALL
             SELECT gene_id, homology_type, confidence, goc_score, import_id
               FROM ortholog WHERE ortholog_gene = ?1
         ) o
         JOIN gene_best b ON b.gene_id = o.other
         LEFT JOIN gene_uniprot u ON u.gene_id = o.other
         ORDER BY b.tax_id, b.symbol, o.confidence DESC, o.goc_score DESC"
    ))?;
    let mut rows = stmt.query([gene_id.get()])?;
    let mut out: Vec<OrthologRow> = Vec::new();
    while let Some(r) = rows.next()? {
        let p = partner(r, 0)?;
        if out.last().is_some_and(|l| l.partner.gene_id == p.gene_id) {
            continue;
        }
        out.push(OrthologRow {
            partner: p,
            homology_type: r.get(5)?,
            confidence: r.get(6)?,
            goc_score: r.get(7)?,
            import_id: r.import_id(8)?,
        });
    }
    Ok(out)
}

/// A gene's STRING associations, best combined score first.
pub fn interactions(c: &Connection, gene_id: GeneId, limit: u64) -> Result<InteractionPage> {
    let total = c.query_row(
        "SELECT (SELECT count(*) FROM interaction WHERE gene_a = ?1)
              + (SELECT count(*) FROM interaction WHERE gene_b = ?1)",
        [gene_id.get()],
        |r| r.count(0),
    )?;
    let rows = interactions_where(c, gene_id, None, limit)?;
    Ok(InteractionPage { total, rows })
}

/// The `limit` strongest associations of `gene_id`, or only those with
/// `only`.
fn interactions_where(
    c: &Connection,
    gene_id: GeneId,
    only: Option<GeneId>,
    limit: u64,
) -> Result<Vec<InteractionRow>> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {PARTNER}, i.mine, i.theirs, i.neighborhood, i.fusion, i.cooccurence, i.coexpression,
                i.experimental, i.database, i.textmining, i.combined_score, i.import_id FROM (
             SELECT gene_b AS other, protein_a AS mine, protein_b AS theirs, neighborhood, fusion, cooccurence,
                    coexpression, experimental, database, textmining, combined_score, import_id
               FROM interaction WHERE gene_a = ?1
             UNION ALL
             SELECT gene_a, protein_b, protein_a, neighborhood, fusion, cooccurence,
                    coexpression, experimental, database, textmining, combined_score, import_id
               FROM interaction WHERE gene_b = ?1
         ) i
         JOIN gene_best b ON b.gene_id = i.other
         LEFT JOIN gene_uniprot u ON u.gene_id = i.other
         WHERE ?2 IS NULL OR i.other = ?2
         ORDER BY i.combined_score DESC, b.symbol
         LIMIT ?3"
    ))?;
    let mut rows = stmt.query(params![
        gene_id.get(),
        only.map(GeneId::get),
        sql_limit(limit)
    ])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(InteractionRow {
            partner: partner(r, 0)?,
            protein: r.get(5)?,
            partner_protein: r.get(6)?,
            scores: StringScores {
                neighborhood: r.get(7)?,
                fusion: r.get(8)?,
                cooccurence: r.get(9)?,
                coexpression: r.get(10)?,
                experimental: r.get(11)?,
                database: r.get(12)?,
                textmining: r.get(13)?,
                combined_score: r.get(14)?,
            },
            import_id: r.import_id(15)?,
        });
    }
    Ok(out)
}

pub fn binding_sites(
    c: &Connection,
    gene_id: GeneId,
    offset: u64,
    limit: u64,
) -> Result<BindingSitePage> {
    let id = gene_id.get();
    let total = c.query_row(
        "SELECT count(*) FROM binding_site WHERE tf_gene = ?1",
        [id],
        |r| r.count(0),
    )?;
    let mut stmt = c.prepare_cached(
        "SELECT tflink_id, assembly, chromosome, start, \"end\", strand, methods, pmids, databases, small_scale, import_id
         FROM binding_site WHERE tf_gene = ?1
         ORDER BY length(chromosome), chromosome, start LIMIT ?2 OFFSET ?3",
    )?;
    let mut rows = stmt.query(params![id, sql_limit(limit), sql_limit(offset)])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(BindingSiteRow {
            tflink_id: r.get(0)?,
            assembly: r.get(1)?,
            chromosome: r.get(2)?,
            start: r.get(3)?,
            end: r.get(4)?,
            strand: r.get(5)?,
            methods: json(&r.get::<_, String>(6)?, "binding_site", "methods")?,
            pmids: json(&r.get::<_, String>(7)?, "binding_site", "pmids")?,
            databases: json(&r.get::<_, String>(8)?, "binding_site", "databases")?,
            small_scale: r.get(9)?,
            import_id: r.import_id(10)?,
        });
    }
    Ok(BindingSitePage { total, rows: out })
}

pub fn kg_counts(c: &Connection, gene_id: GeneId) -> Result<KgCounts> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT (SELECT count(*) FROM tf_target_edge WHERE target_gene = ?1),
                (SELECT count(*) FROM tf_target_edge WHERE tf_gene = ?1),
                (SELECT count(*) FROM interaction WHERE gene_a = ?1)
                  + (SELECT count(*) FROM interaction WHERE gene_b = ?1),
                (SELECT count(DISTINCT other) FROM (
                    SELECT ortholog_gene AS other FROM ortholog WHERE gene_id = ?1
                    UNION SELECT gene_id FROM ortholog WHERE ortholog_gene = ?1)),
                (SELECT count(*) FROM binding_site WHERE tf_gene = ?1),
                (SELECT count(*) FROM tf_target_edge WHERE tf_gene = ?1 AND target_gene = ?1),
                (SELECT count(DISTINCT disease) FROM gene_disease WHERE gene_id = ?1),
                (SELECT count(DISTINCT phenotype) FROM gene_phenotype WHERE gene_id = ?1),
                (SELECT count(DISTINCT go_id) FROM go_annotation
                  WHERE gene_id = ?1 AND coalesce(qualifier, '') NOT LIKE 'NOT%'),
                (SELECT count(DISTINCT other) FROM text_pair
                  WHERE gene_id = ?1 AND other_kind = 'gene'),
                (SELECT count(DISTINCT term) FROM (
                    SELECT {PAIR_TERM} AS term FROM text_pair p
                    WHERE p.gene_id = ?1 AND p.other_kind = 'disease')),
                (SELECT count(DISTINCT other) FROM text_pair
                  WHERE gene_id = ?1 AND other_kind = 'chemical')",
    ))?;
    Ok(stmt.query_row([gene_id.get()], |r| {
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
    })?)
}

/// Every edge of the store, gene–gene and gene–term, for the in-memory
/// graph.
pub fn kg_edges(c: &Connection) -> Result<Vec<KgEdge>> {
    let mut out = Vec::new();
    {
        let mut stmt =
            c.prepare("SELECT tf_gene, target_gene, sources, n_pmids FROM tf_target_edge")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let sources: Vec<String> = json(&r.get::<_, String>(2)?, "tf_target_edge", "sources")?;
            let n_pmids: u32 = r.get(3)?;
            let n_sources = u32::try_from(sources.len()).unwrap_or(u32::MAX);
            out.push(KgEdge {
                from: EntityRef::Gene(r.gene_id(0)?),
                to: EntityRef::Gene(r.gene_id(1)?),
                kind: KgEdgeKind::Regulation,
                strength: n_sources.saturating_mul(1000) + n_pmids.min(999),
                sources,
            });
        }
    }
    gene_pair_edges(
        c,
        "SELECT gene_a, gene_b, max(combined_score) FROM interaction GROUP BY gene_a, gene_b",
        KgEdgeKind::Interaction,
        "STRING",
        |score| u32::try_from(score).unwrap_or(0),
        &mut out,
    )?;
    // One edge per unordered pair, however many exports list it.
    gene_pair_edges(
        c,
        "SELECT min(gene_id, ortholog_gene), max(gene_id, ortholog_gene), max(coalesce(confidence, 0))
         FROM ortholog GROUP BY 1, 2",
        KgEdgeKind::Orthology,
        "Ensembl",
        |confidence| if confidence > 0 { 1000 } else { 500 },
        &mut out,
    )?;
    term_edges(c, &mut out)?;
    co_mention_edges(c, &mut out)?;
    Ok(out)
}

/// Gene–gene edges of one `kind` from `sql`'s rows (gene, gene, support),
/// each as strong as `strength` makes the support.
fn gene_pair_edges(
    c: &Connection,
    sql: &str,
    kind: KgEdgeKind,
    source: &str,
    strength: impl Fn(i64) -> u32,
    out: &mut Vec<KgEdge>,
) -> Result<()> {
    pair_edges(
        c,
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
    c: &Connection,
    sql: &str,
    kind: KgEdgeKind,
    source: &str,
    strength: impl Fn(i64) -> u32,
    other: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<Option<EntityRef>>,
    out: &mut Vec<KgEdge>,
) -> Result<()> {
    let mut stmt = c.prepare(sql)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let Some(to) = other(r)? else {
            continue;
        };
        out.push(KgEdge {
            from: EntityRef::Gene(r.gene_id(0)?),
            to,
            kind,
            sources: vec![source.into()],
            strength: strength(r.get(2)?),
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
    ORDER BY t.kind, x.id LIMIT 1) END";

/// Where co-mention edges come from, as edge sources name it.
pub const TEXT_MINING: &str = "Locus text mining";

/// Co-mention edges: genes named together, and genes named with a
/// disease, phenotype or chemical, in a sentence of an imported text; as strong as
/// the number of texts (below every curated edge).
fn co_mention_edges(c: &Connection, out: &mut Vec<KgEdge>) -> Result<()> {
    let strength = |texts: i64| u32::try_from(texts.clamp(0, 999)).unwrap_or(999);
    gene_pair_edges(
        c,
        "SELECT gene_id, CAST(other AS INTEGER) AS o, count(*) FROM text_pair
         WHERE other_kind = 'gene' AND gene_id < CAST(other AS INTEGER)
         GROUP BY gene_id, o",
        KgEdgeKind::CoMention,
        TEXT_MINING,
        strength,
        out,
    )?;
    // A disease no imported term has, or a chemical id that is no MeSH
    // id, makes no edge.
    pair_edges(
        c,
        &format!(
            "SELECT gene_id, term, count(DISTINCT doc) FROM (
                 SELECT p.gene_id, p.doc, {PAIR_TERM} AS term FROM text_pair p
                 WHERE p.other_kind = 'disease')
             WHERE term IS NOT NULL GROUP BY gene_id, term"
        ),
        KgEdgeKind::DiseaseCoMention,
        TEXT_MINING,
        strength,
        |r| {
            Ok(r.get::<_, String>(1)?
                .parse::<TermId>()
                .ok()
                .map(EntityRef::of_term))
        },
        out,
    )?;
    pair_edges(
        c,
        "SELECT gene_id, other, count(*) FROM text_pair
         WHERE other_kind = 'chemical' GROUP BY gene_id, other",
        KgEdgeKind::ChemicalCoMention,
        TEXT_MINING,
        strength,
        |r| {
            Ok(r.get::<_, String>(1)?
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

fn term_ref(table: &'static str, column: &'static str, id: &str) -> Result<EntityRef> {
    id.parse::<TermId>()
        .map(EntityRef::of_term)
        .map_err(|_| corrupt(table, column, format!("{id:?} is not a term id")))
}

/// Gene–disease, gene–phenotype and gene–GO term edges: one per gene and
/// term, whatever the number of imports and rows stating it.
fn term_edges(c: &Connection, out: &mut Vec<KgEdge>) -> Result<()> {
    // Diseases: the sources and the PubMed ids of every row.
    let mut stmt = c.prepare(
        "SELECT d.gene_id, d.disease, i.kind, d.pmids FROM gene_disease d
         JOIN imports i ON i.id = d.import_id ORDER BY d.gene_id, d.disease",
    )?;
    let mut rows = stmt.query([])?;
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
    while let Some(r) = rows.next()? {
        let gene = r.gene_id(0)?;
        let disease: String = r.get(1)?;
        let source = term_source(&r.get::<_, String>(2)?);
        let pmids: Vec<u64> = json(&r.get::<_, String>(3)?, "gene_disease", "pmids")?;
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
    // Phenotypes: supported by the diseases they come through.
    let mut stmt = c.prepare(
        "SELECT p.gene_id, p.phenotype, group_concat(DISTINCT i.kind), count(DISTINCT p.disease)
         FROM gene_phenotype p JOIN imports i ON i.id = p.import_id
         GROUP BY p.gene_id, p.phenotype",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let sources: Vec<String> = r.get::<_, String>(2)?.split(',').map(term_source).collect();
        let diseases: u64 = r.get(3)?;
        out.push(KgEdge {
            from: EntityRef::Gene(r.gene_id(0)?),
            to: term_ref("gene_phenotype", "phenotype", &r.get::<_, String>(1)?)?,
            kind: KgEdgeKind::Phenotype,
            strength: KgEdge::association_strength(
                sources.len(),
                usize::try_from(diseases).unwrap_or(usize::MAX),
            ),
            sources,
        });
    }
    // GO: annotations that are not negated, stronger with an experiment.
    let mut stmt = c.prepare(
        "SELECT a.gene_id, a.go_id, group_concat(DISTINCT i.kind),
                count(DISTINCT a.evidence),
                max(a.evidence IN ('EXP','IDA','IPI','IMP','IGI','IEP','HTP','HDA','HMP','HGI','HEP'))
         FROM go_annotation a JOIN imports i ON i.id = a.import_id
         WHERE coalesce(a.qualifier, '') NOT LIKE 'NOT%'
         GROUP BY a.gene_id, a.go_id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let sources: Vec<String> = r.get::<_, String>(2)?.split(',').map(term_source).collect();
        let codes: u64 = r.get(3)?;
        let experimental: bool = r.get(4)?;
        out.push(KgEdge {
            from: EntityRef::Gene(r.gene_id(0)?),
            to: term_ref("go_annotation", "go_id", &r.get::<_, String>(1)?)?,
            kind: KgEdgeKind::GoAnnotation,
            strength: KgEdge::go_strength(experimental, usize::try_from(codes).unwrap_or(99)),
            sources,
        });
    }
    Ok(())
}

/// The merged network of one organism with both genes named, for exports
/// (TFLink simpleFormat, KGX, GMT), ordered by TF then target symbol.
pub fn network(c: &Connection, tax_id: TaxId) -> Result<Vec<NetworkEdge>> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT t.gene_id, t.tax_id, t.symbol, t.description, tu.accession,
                {PARTNER}, {EDGE}
         FROM tf_target_edge e
         JOIN gene_best t ON t.gene_id = e.tf_gene
         LEFT JOIN gene_uniprot tu ON tu.gene_id = e.tf_gene
         JOIN gene_best b ON b.gene_id = e.target_gene
         LEFT JOIN gene_uniprot u ON u.gene_id = e.target_gene
         WHERE e.tax_id = ?1
         ORDER BY t.symbol, b.symbol"
    ))?;
    let mut rows = stmt.query([tax_id.get()])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(NetworkEdge {
            tf: partner(r, 0)?,
            target: partner(r, 5)?,
            edge: edge(r, 10)?,
        });
    }
    Ok(out)
}

pub fn unresolved(
    c: &Connection,
    import_id: ImportId,
    limit: u64,
) -> Result<Option<Vec<UnresolvedRow>>> {
    let exists = c
        .prepare_cached("SELECT 1 FROM imports WHERE id = ?1")?
        .query_row([import_id.get()], |_| Ok(()))
        .optional()?;
    if exists.is_none() {
        return Ok(None);
    }
    let mut stmt = c.prepare_cached(
        "SELECT import_id, line, role, identifier, reason, candidates FROM unresolved
         WHERE import_id = ?1 ORDER BY line, role LIMIT ?2",
    )?;
    let mut rows = stmt.query(params![import_id.get(), sql_limit(limit)])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let role: String = r.get(2)?;
        let reason: String = r.get(4)?;
        out.push(UnresolvedRow {
            import_id: r.import_id(0)?,
            line: r.get(1)?,
            role: Role::parse(&role)
                .ok_or_else(|| corrupt("unresolved", "role", format!("unknown role {role:?}")))?,
            identifier: r.get(3)?,
            reason: UnresolvedReason::parse(&reason).ok_or_else(|| {
                corrupt("unresolved", "reason", format!("unknown reason {reason:?}"))
            })?,
            candidates: json(&r.get::<_, String>(5)?, "unresolved", "candidates")?,
        });
    }
    Ok(Some(out))
}

/// The STRING association between two genes, if imported.
pub fn interaction_between(c: &Connection, a: GeneId, b: GeneId) -> Result<Option<InteractionRow>> {
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    let page = interactions_where(c, lo, Some(hi), 1)?;
    Ok(page.into_iter().next().map(|mut r| {
        if a != lo {
            std::mem::swap(&mut r.protein, &mut r.partner_protein);
        }
        r
    }))
}
