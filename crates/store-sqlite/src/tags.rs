//! Locus's own tags of imported texts: tagging runs, which texts they
//! tagged, and the mentions (schema migration 12).

use std::collections::HashMap;

use locus_model::{EntityRef, GeneId, Pmid, TaxId};
use locus_store::{
    CoMentionTexts, CoMentioned, GeneText, GeneTextSource, GeneTexts, LocusTags, TaggedText,
    TaggingRun, TextMention, TextToTag,
};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use crate::sql::{from_json, to_json};
use crate::Result;

/// A run from the [`RUN_COLUMNS`] starting at column `at` of a row.
fn run_at(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<TaggingRun> {
    Ok(TaggingRun {
        id: r.get(at)?,
        started_at: r.get(at + 1)?,
        tagger: r.get(at + 2)?,
        vocabulary: r.get(at + 3)?,
        texts: r.get(at + 4)?,
        mentions: r.get(at + 5)?,
    })
}

const RUN_COLUMNS: &str = "id, started_at, tagger, vocabulary, texts, mentions";

/// Starts a run; with `retag`, drops every earlier tag first (one
/// transaction).
pub fn start(
    conn: &mut Connection,
    tagger: &str,
    vocabulary: &str,
    retag: bool,
) -> Result<TaggingRun> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if retag {
        tx.execute("DELETE FROM text_mention", [])?;
        tx.execute("DELETE FROM text_tagged", [])?;
        tx.execute("DELETE FROM text_gene", [])?;
        tx.execute("DELETE FROM text_pair", [])?;
        tx.execute(
            "UPDATE meta SET value = value + 1 WHERE key = 'generation'",
            [],
        )?;
    }
    tx.execute(
        "INSERT INTO tagging_run (started_at, tagger, vocabulary)
         VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?1, ?2)",
        params![tagger, vocabulary],
    )?;
    let id = tx.last_insert_rowid();
    let run = tx.query_row(
        &format!("SELECT {RUN_COLUMNS} FROM tagging_run WHERE id = ?1"),
        [id],
        |r| run_at(r, 0),
    )?;
    tx.commit()?;
    Ok(run)
}

/// Papers and GeneRIFs without tags, oldest rows first.
pub fn untagged(c: &Connection, limit: u64) -> Result<Vec<TextToTag>> {
    let mut stmt = c.prepare_cached(
        "SELECT d.id, d.kind, d.title, d.body FROM text_doc d
         WHERE d.kind IN ('publication', 'generif')
           AND NOT EXISTS (SELECT 1 FROM text_tagged t WHERE t.doc = d.id)
         ORDER BY d.id LIMIT ?1",
    )?;
    let rows = stmt.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
        let kind: String = r.get(1)?;
        let title: String = r.get(2)?;
        let body: String = r.get(3)?;
        Ok(TextToTag {
            doc: r.get(0)?,
            text: doc_text(&kind, &title, &body),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The text a row's offsets count into.
fn doc_text(kind: &str, title: &str, body: &str) -> String {
    if kind == "publication" {
        format!("{title} {body}")
    } else {
        body.to_string()
    }
}

/// Saves a batch of tagged texts for `run` and bumps the generation.
pub fn save(conn: &mut Connection, run: i64, texts: &[TaggedText]) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (mut n_texts, mut n_mentions) = (0u64, 0u64);
    {
        let mut exists = tx.prepare_cached("SELECT 1 FROM text_doc WHERE id = ?1")?;
        let mut mark = tx.prepare_cached(
            "INSERT OR REPLACE INTO text_tagged (doc, run, gene_mentions) VALUES (?1, ?2, ?3)",
        )?;
        let mut clear = tx.prepare_cached("DELETE FROM text_mention WHERE doc = ?1")?;
        let mut clear_genes = tx.prepare_cached("DELETE FROM text_gene WHERE doc = ?1")?;
        let mut clear_pairs = tx.prepare_cached("DELETE FROM text_pair WHERE doc = ?1")?;
        let mut pair = tx.prepare_cached(
            "INSERT OR REPLACE INTO text_pair (gene_id, other_kind, other, doc, sentences)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut gene = tx
            .prepare_cached("INSERT INTO text_gene (gene_id, doc, mentions) VALUES (?1, ?2, ?3)")?;
        let mut insert = tx.prepare_cached(
            "INSERT OR REPLACE INTO text_mention (doc, start, end, mention, kind, ids, tax_id, rule)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for t in texts {
            if exists.query_row([t.doc], |_| Ok(())).optional()?.is_none() {
                continue;
            }
            let genes = gene_counts(&t.mentions);
            let named: u32 = genes.values().sum();
            mark.execute(params![t.doc, run, named])?;
            clear.execute([t.doc])?;
            clear_genes.execute([t.doc])?;
            for (g, n) in &genes {
                gene.execute(params![g, t.doc, n])?;
            }
            clear_pairs.execute([t.doc])?;
            for p in &t.pairs {
                let (kind, other) = match &p.other {
                    CoMentioned::Gene(o) => ("gene", o.to_string()),
                    CoMentioned::Disease(d) => ("disease", d.clone()),
                    CoMentioned::Chemical(m) => ("chemical", m.clone()),
                };
                pair.execute(params![p.gene.get(), kind, other, t.doc, p.sentences])?;
            }
            for m in &t.mentions {
                insert.execute(params![
                    t.doc,
                    m.start,
                    m.end,
                    m.mention,
                    m.kind,
                    to_json(&m.ids, "text_mention", "ids")?,
                    m.tax_id.map(|t| t.0),
                    to_json(&m.rule, "text_mention", "rule")?,
                ])?;
                n_mentions += 1;
            }
            n_texts += 1;
        }
    }
    tx.execute(
        "UPDATE tagging_run SET texts = texts + ?2, mentions = mentions + ?3 WHERE id = ?1",
        params![run, n_texts, n_mentions],
    )?;
    tx.execute(
        "UPDATE meta SET value = value + 1 WHERE key = 'generation'",
        [],
    )?;
    tx.commit()?;
    Ok(())
}

/// How many mentions name each gene (GeneIDs are numbers; anything else
/// in a gene mention's ids is not counted).
fn gene_counts(mentions: &[TextMention]) -> std::collections::BTreeMap<i64, u32> {
    let mut out = std::collections::BTreeMap::new();
    for m in mentions.iter().filter(|m| m.kind == "Gene") {
        for id in &m.ids {
            if let Ok(g) = id.parse::<i64>() {
                *out.entry(g).or_insert(0) += 1;
            }
        }
    }
    out
}

/// The mentions of one text row, by offset.
fn mentions(c: &Connection, doc: i64) -> Result<Vec<TextMention>> {
    let mut stmt = c.prepare_cached(
        "SELECT start, end, mention, kind, ids, tax_id, rule FROM text_mention
         WHERE doc = ?1 ORDER BY start, end",
    )?;
    let mut rows = stmt.query([doc])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(TextMention {
            start: r.get(0)?,
            end: r.get(1)?,
            mention: r.get(2)?,
            kind: r.get(3)?,
            ids: from_json(&r.get::<_, String>(4)?, "text_mention", "ids")?,
            tax_id: r.get::<_, Option<u32>>(5)?.map(TaxId),
            rule: from_json(&r.get::<_, String>(6)?, "text_mention", "rule")?,
        });
    }
    Ok(out)
}

/// A paper's title and abstract as the tagger read them, from the newest
/// import that holds the paper, once a run has tagged it.
pub fn publication_tags(c: &Connection, pmid: Pmid) -> Result<Option<LocusTags>> {
    let row = c
        .query_row(
            &format!(
                "SELECT d.id, d.title, d.body, r.{} FROM text_doc d
                 JOIN text_tagged t ON t.doc = d.id
                 JOIN tagging_run r ON r.id = t.run
                 WHERE d.kind = 'publication' AND d.key = ?1
                 ORDER BY d.import_id DESC LIMIT 1",
                RUN_COLUMNS.replace(", ", ", r.")
            ),
            [pmid.get().to_string()],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    run_at(r, 3)?,
                ))
            },
        )
        .optional()?;
    let Some((doc, title, body, run)) = row else {
        return Ok(None);
    };
    Ok(Some(LocusTags {
        run,
        title_chars: title.chars().count() as u32,
        text: doc_text("publication", &title, &body),
        mentions: mentions(c, doc)?,
    }))
}

/// One candidate text of a gene's literature, before its mentions are read.
struct Candidate {
    doc: i64,
    source: GeneTextSource,
    pmids: Vec<Pmid>,
    title: String,
    body: String,
    gene_mentions: u32,
    all_gene_mentions: u32,
}

impl Candidate {
    fn newest_pmid(&self) -> u32 {
        self.pmids.iter().map(|p| p.get()).max().unwrap_or(0)
    }
}

/// The newest `limit` tagged texts about `gene_id`: its GeneRIFs and the
/// papers naming it, one per PMID (the newest import's).
pub fn gene_texts(c: &Connection, gene_id: GeneId, limit: u64) -> Result<GeneTexts> {
    let id = gene_id.get();
    let mut out: Vec<Candidate> = Vec::new();
    // The GeneRIFs' PMIDs come from the `generif` rows, matched to their
    // text rows by import and text (the text row keeps no PMID).
    let mut rif_pmids: HashMap<(i64, String), Vec<Vec<Pmid>>> = HashMap::new();
    let mut cited = std::collections::HashSet::new();
    for rif in crate::query::generifs(c, gene_id)? {
        cited.extend(rif.pmids.iter().copied());
        rif_pmids
            .entry((rif.import_id.get(), rif.text))
            .or_default()
            .push(rif.pmids);
    }
    let mut stmt = c.prepare_cached(
        "SELECT d.id, d.import_id, d.body, t.gene_mentions, coalesce(g.mentions, 0)
         FROM text_doc d
         JOIN text_tagged t ON t.doc = d.id
         LEFT JOIN text_gene g ON g.doc = d.id AND g.gene_id = ?2
         WHERE d.kind = 'generif' AND d.key = ?1
         ORDER BY d.id",
    )?;
    let mut rows = stmt.query(params![id.to_string(), id])?;
    while let Some(r) = rows.next()? {
        let import: i64 = r.get(1)?;
        let body: String = r.get(2)?;
        let pmids = rif_pmids
            .get_mut(&(import, body.clone()))
            .and_then(Vec::pop)
            .unwrap_or_default();
        out.push(Candidate {
            doc: r.get(0)?,
            source: GeneTextSource::Generif,
            pmids,
            title: String::new(),
            body,
            gene_mentions: r.get(4)?,
            all_gene_mentions: r.get(3)?,
        });
    }
    let mut stmt = c.prepare_cached(
        "SELECT d.id, d.key, d.title, d.body, g.mentions, t.gene_mentions
         FROM text_gene g
         JOIN text_doc d ON d.id = g.doc
         JOIN text_tagged t ON t.doc = g.doc
         WHERE g.gene_id = ?1 AND d.kind = 'publication'
         ORDER BY d.import_id DESC",
    )?;
    let mut rows = stmt.query([id])?;
    let mut papers = std::collections::HashSet::new();
    while let Some(r) = rows.next()? {
        let key: String = r.get(1)?;
        let Ok(pmid) = key.parse::<Pmid>() else {
            continue;
        };
        if !papers.insert(pmid) {
            continue;
        }
        out.push(Candidate {
            doc: r.get(0)?,
            source: GeneTextSource::Paper,
            pmids: vec![pmid],
            title: r.get(2)?,
            body: r.get(3)?,
            gene_mentions: r.get(4)?,
            all_gene_mentions: r.get(5)?,
        });
    }
    let total = out.len() as u64;
    out.sort_by(|a, b| {
        b.newest_pmid()
            .cmp(&a.newest_pmid())
            .then(a.source.cmp(&b.source))
            .then(a.doc.cmp(&b.doc))
    });
    out.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let texts = finish(c, out, &cited)?;
    Ok(GeneTexts { total, texts })
}

/// The texts of `cands` with their mentions, the genes their (first)
/// PMID is linked to, and whether a GeneRIF of the gene (PMIDs `cited`)
/// cites the paper.
fn finish(
    c: &Connection,
    cands: Vec<Candidate>,
    cited: &std::collections::HashSet<Pmid>,
) -> Result<Vec<GeneText>> {
    let mut linked = c.prepare_cached("SELECT genes FROM pmid_gene_count WHERE pmid = ?1")?;
    let mut texts = Vec::with_capacity(cands.len());
    for cand in cands {
        let first = cand.pmids.first().copied();
        let genes_linked = match first {
            Some(p) => linked
                .query_row([p.get()], |r| r.get::<_, u64>(0))
                .optional()?
                .unwrap_or(0),
            None => 0,
        };
        let generif_cited =
            cand.source == GeneTextSource::Generif || first.is_some_and(|p| cited.contains(&p));
        let (text, title_chars) = match cand.source {
            GeneTextSource::Generif => (cand.body, 0),
            GeneTextSource::Paper => (
                doc_text("publication", &cand.title, &cand.body),
                cand.title.chars().count() as u32,
            ),
        };
        texts.push(GeneText {
            source: cand.source,
            pmids: cand.pmids,
            text,
            title_chars,
            mentions: mentions(c, cand.doc)?,
            gene_mentions: cand.gene_mentions,
            all_gene_mentions: cand.all_gene_mentions,
            genes_linked,
            generif_cited,
        });
    }
    Ok(texts)
}

/// The PMIDs the gene's GeneRIFs cite.
fn rif_cited(c: &Connection, gene_id: GeneId) -> Result<std::collections::HashSet<Pmid>> {
    Ok(crate::query::generifs(c, gene_id)?
        .into_iter()
        .flat_map(|r| r.pmids)
        .collect())
}

/// The gene's text-mined numbers: tagged papers naming it, and the sum of
/// its shares of their gene mentions (one import's copy per PMID).
pub fn text_mined(c: &Connection, gene_id: GeneId) -> Result<(u64, f64)> {
    Ok(c.prepare_cached(
        "SELECT count(*), coalesce(sum(share), 0.0) FROM (
             SELECT d.key, max(CAST(g.mentions AS REAL) / t.gene_mentions) AS share
             FROM text_gene g
             JOIN text_doc d ON d.id = g.doc
             JOIN text_tagged t ON t.doc = g.doc
             WHERE g.gene_id = ?1 AND d.kind = 'publication' AND t.gene_mentions > 0
             GROUP BY d.key)",
    )?
    .query_row([gene_id.get()], |r| {
        // Six decimals, as the fractional PubMed score is kept.
        Ok((r.get(0)?, (r.get::<_, f64>(1)? * 1e6).round() / 1e6))
    })?)
}

/// The texts whose sentences name `gene` with `other`, newest `limit`
/// first, and the ids the tagger wrote for the other.
pub fn co_mention_texts(
    c: &Connection,
    gene: GeneId,
    other: EntityRef,
    limit: u64,
) -> Result<CoMentionTexts> {
    let (kind, id) = match other {
        EntityRef::Gene(g) => ("gene", g.to_string()),
        EntityRef::Disease(t) | EntityRef::Phenotype(t) => ("disease", t.to_string()),
        EntityRef::Chemical(m) => ("chemical", m.to_string()),
        _ => {
            return Ok(CoMentionTexts {
                texts: vec![],
                total: 0,
                other_ids: vec![],
            })
        }
    };
    let written = if kind == "disease" {
        crate::network::PAIR_TERM.to_string()
    } else {
        "p.other".to_string()
    };
    let mut stmt = c.prepare_cached(&format!(
        "SELECT p.doc, p.other FROM text_pair p
         WHERE p.gene_id = ?1 AND p.other_kind = ?2 AND ({written}) = ?3
         ORDER BY p.doc DESC"
    ))?;
    let mut docs: Vec<i64> = Vec::new();
    let mut other_ids: Vec<String> = Vec::new();
    let mut rows = stmt.query(params![gene.get(), kind, id])?;
    while let Some(r) = rows.next()? {
        let doc: i64 = r.get(0)?;
        let o: String = r.get(1)?;
        if docs.last() != Some(&doc) {
            docs.push(doc);
        }
        if !other_ids.contains(&o) {
            other_ids.push(o);
        }
    }
    let total = docs.len() as u64;
    docs.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let mut read = c.prepare_cached(
        "SELECT d.kind, d.key, d.import_id, d.title, d.body, t.gene_mentions, coalesce(g.mentions, 0)
         FROM text_doc d
         JOIN text_tagged t ON t.doc = d.id
         LEFT JOIN text_gene g ON g.doc = d.id AND g.gene_id = ?2
         WHERE d.id = ?1",
    )?;
    let mut rif = c.prepare_cached(
        "SELECT pmids FROM generif WHERE gene_id = ?1 AND import_id = ?2 AND text = ?3 LIMIT 1",
    )?;
    let mut cands = Vec::with_capacity(docs.len());
    for doc in docs {
        let Some((kind, key, import, title, body, all, mine)) = read
            .query_row(params![doc, gene.get()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, u32>(5)?,
                    r.get::<_, u32>(6)?,
                ))
            })
            .optional()?
        else {
            continue;
        };
        let (source, pmids) = if kind == "generif" {
            let pmids: String = rif
                .query_row(
                    params![key.parse::<i64>().unwrap_or(0), import, body],
                    |r| r.get(0),
                )
                .optional()?
                .unwrap_or_default();
            let pmids = pmids.split(',').filter_map(|p| p.parse().ok()).collect();
            (GeneTextSource::Generif, pmids)
        } else {
            (
                GeneTextSource::Paper,
                key.parse::<Pmid>().ok().into_iter().collect(),
            )
        };
        cands.push(Candidate {
            doc,
            source,
            pmids,
            title,
            body,
            gene_mentions: mine,
            all_gene_mentions: all,
        });
    }
    let texts = finish(c, cands, &rif_cited(c, gene)?)?;
    Ok(CoMentionTexts {
        texts,
        total,
        other_ids,
    })
}

/// Every chemical in the tags, by MeSH id, with its commonest spelling
/// (ties: a lower-case one, as chemical names are written mid-sentence,
/// then the first in sort order).
pub fn chemical_names(c: &Connection) -> Result<Vec<(locus_model::MeshId, String)>> {
    let mut stmt = c.prepare(
        "SELECT j.value, m.mention, count(*) FROM text_mention m, json_each(m.ids) j
         WHERE m.kind = 'Chemical'
         GROUP BY 1, 2 ORDER BY 1, 3 DESC, m.mention = lower(m.mention) DESC, 2",
    )?;
    let mut rows = stmt.query([])?;
    let mut out: Vec<(locus_model::MeshId, String)> = Vec::new();
    while let Some(r) = rows.next()? {
        let Ok(id) = r.get::<_, String>(0)?.parse::<locus_model::MeshId>() else {
            continue;
        };
        if out.last().is_some_and(|(last, _)| *last == id) {
            continue;
        }
        out.push((id, r.get(1)?));
    }
    Ok(out)
}
