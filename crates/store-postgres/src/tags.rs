//! Locus's own tags of imported texts: tagging runs, which texts they
//! tagged, and the mentions (the SQLite backend's schema migration 12).
//!
//! A text's tags go with it: `text_tagged`, `text_mention`, `text_gene`
//! and `text_pair` reference `text_doc` `ON DELETE CASCADE`, so replacing
//! an import drops the tags of its texts.

use std::collections::{BTreeMap, HashMap, HashSet};

use locus_model::{EntityRef, GeneId, Pmid};
use locus_store::{
    CoMentionTexts, CoMentioned, GeneText, GeneTextSource, GeneTexts, LocusTags, TaggedText,
    TaggingRun, TextMention, TextToTag,
};
use postgres::Row;

use crate::db::Db;
use crate::sql::{big, corrupt, gene, sql_limit, RowExt};
use crate::Result;

/// A run from the [`RUN_COLUMNS`] starting at column `at` of a row.
fn run_at(r: &Row, at: usize) -> Result<TaggingRun> {
    Ok(TaggingRun {
        id: r.at(at)?,
        started_at: r.at(at + 1)?,
        tagger: r.at(at + 2)?,
        vocabulary: r.at(at + 3)?,
        texts: r.count(at + 4)?,
        mentions: r.count(at + 5)?,
    })
}

const RUN_COLUMNS: &str = "id, started_at, tagger, vocabulary, texts, mentions";

/// Starts a run; with `retag`, drops every earlier tag first (in the same
/// transaction, which lib.rs opened and commits).
pub(crate) fn start(
    db: &mut Db<'_>,
    tagger: &str,
    vocabulary: &str,
    retag: bool,
) -> Result<TaggingRun> {
    if retag {
        // DELETE, not TRUNCATE: TRUNCATE would empty the tables for
        // readers whose snapshot predates it.
        db.execute("DELETE FROM text_mention", &[])?;
        db.execute("DELETE FROM text_tagged", &[])?;
        db.execute("DELETE FROM text_gene", &[])?;
        db.execute("DELETE FROM text_pair", &[])?;
        db.bump("generation")?;
    }
    let row = db.query_one(
        &format!(
            "INSERT INTO tagging_run (started_at, tagger, vocabulary)
             VALUES (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), $1, $2)
             RETURNING {RUN_COLUMNS}"
        ),
        &[&tagger, &vocabulary],
    )?;
    run_at(&row, 0)
}

/// Papers and GeneRIFs without tags, oldest rows first.
pub(crate) fn untagged(db: &mut Db<'_>, limit: u64) -> Result<Vec<TextToTag>> {
    db.query(
        "SELECT d.id, d.kind, d.title, d.body FROM text_doc d
         WHERE d.kind IN ('publication', 'generif')
           AND NOT EXISTS (SELECT 1 FROM text_tagged t WHERE t.doc = d.id)
         ORDER BY d.id LIMIT $1",
        &[&sql_limit(limit)],
    )?
    .iter()
    .map(|r| {
        let kind: String = r.at(1)?;
        let title: String = r.at(2)?;
        let body: String = r.at(3)?;
        Ok(TextToTag {
            doc: r.at(0)?,
            text: doc_text(&kind, &title, &body),
        })
    })
    .collect()
}

/// The text a row's offsets count into.
fn doc_text(kind: &str, title: &str, body: &str) -> String {
    if kind == "publication" {
        format!("{title} {body}")
    } else {
        body.to_string()
    }
}

/// The rows one batch writes, one array per column (sent with `unnest`).
#[derive(Default)]
struct Batch {
    docs: Vec<i64>,
    gene_mentions: Vec<i64>,
    gene_ids: Vec<i64>,
    gene_docs: Vec<i64>,
    gene_counts: Vec<i64>,
    pair_genes: Vec<i64>,
    pair_kinds: Vec<&'static str>,
    pair_others: Vec<String>,
    pair_docs: Vec<i64>,
    pair_sentences: Vec<i64>,
    m_docs: Vec<i64>,
    m_starts: Vec<i64>,
    m_ends: Vec<i64>,
    m_mentions: Vec<String>,
    m_kinds: Vec<String>,
    m_ids: Vec<String>,
    m_taxa: Vec<Option<i64>>,
    m_rules: Vec<String>,
}

/// Saves a batch of tagged texts for `run` and bumps the generation, in
/// the read-write transaction lib.rs opened.
///
/// As the SQLite backend's statement per row, but in one statement per
/// table: a text listed twice keeps its last tags, a mention or pair
/// listed twice in one text its last values (`INSERT OR REPLACE`), and
/// the run's counters count every text and mention given. Texts whose
/// row is gone (its import was replaced) are skipped; the rows of the
/// others are locked first, so a concurrent save of the same texts or a
/// replacing import waits rather than interleaving.
pub(crate) fn save(db: &mut Db<'_>, run: i64, texts: &[TaggedText]) -> Result<()> {
    let wanted: Vec<i64> = texts.iter().map(|t| t.doc).collect();
    let existing: HashSet<i64> = db
        .query(
            "SELECT id FROM text_doc WHERE id = ANY($1) ORDER BY id FOR UPDATE",
            &[&wanted],
        )?
        .iter()
        .map(|r| r.at::<i64>(0))
        .collect::<Result<_>>()?;
    let (mut n_texts, mut n_mentions) = (0u64, 0u64);
    // The last listing of each text wins.
    let mut last: HashMap<i64, &TaggedText> = HashMap::new();
    for t in texts.iter().filter(|t| existing.contains(&t.doc)) {
        n_texts += 1;
        n_mentions += t.mentions.len() as u64;
        last.insert(t.doc, t);
    }
    let mut order: Vec<i64> = last.keys().copied().collect();
    order.sort_unstable();
    let mut b = Batch::default();
    for doc in &order {
        let Some(t) = last.get(doc) else { continue };
        let genes = gene_counts(&t.mentions);
        let named: u32 = genes.values().sum();
        b.docs.push(t.doc);
        b.gene_mentions.push(i64::from(named));
        for (g, n) in &genes {
            b.gene_ids.push(*g);
            b.gene_docs.push(t.doc);
            b.gene_counts.push(i64::from(*n));
        }
        let mut pairs: BTreeMap<(&'static str, String, GeneId), u32> = BTreeMap::new();
        for p in &t.pairs {
            let (kind, other) = match &p.other {
                CoMentioned::Gene(o) => ("gene", o.to_string()),
                CoMentioned::Disease(d) => ("disease", d.clone()),
                CoMentioned::Chemical(m) => ("chemical", m.clone()),
            };
            pairs.insert((kind, other, p.gene), p.sentences);
        }
        for ((kind, other, g), sentences) in pairs {
            b.pair_genes.push(gene(g));
            b.pair_kinds.push(kind);
            b.pair_others.push(other);
            b.pair_docs.push(t.doc);
            b.pair_sentences.push(i64::from(sentences));
        }
        let mut mentions: BTreeMap<(u32, u32), &TextMention> = BTreeMap::new();
        for m in &t.mentions {
            mentions.insert((m.start, m.end), m);
        }
        for m in mentions.into_values() {
            b.m_docs.push(t.doc);
            b.m_starts.push(i64::from(m.start));
            b.m_ends.push(i64::from(m.end));
            b.m_mentions.push(m.mention.clone());
            b.m_kinds.push(m.kind.clone());
            b.m_ids.push(to_json(&m.ids, "ids")?);
            b.m_taxa.push(m.tax_id.map(|t| i64::from(t.0)));
            b.m_rules.push(to_json(&m.rule, "rule")?);
        }
    }
    if !b.docs.is_empty() {
        db.execute("DELETE FROM text_mention WHERE doc = ANY($1)", &[&b.docs])?;
        db.execute("DELETE FROM text_gene WHERE doc = ANY($1)", &[&b.docs])?;
        db.execute("DELETE FROM text_pair WHERE doc = ANY($1)", &[&b.docs])?;
        db.execute(
            "INSERT INTO text_tagged (doc, run, gene_mentions)
             SELECT u.doc, $2, u.n FROM unnest($1::bigint[], $3::bigint[]) AS u(doc, n)
             ON CONFLICT (doc) DO UPDATE SET run = excluded.run, gene_mentions = excluded.gene_mentions",
            &[&b.docs, &run, &b.gene_mentions],
        )?;
        db.execute(
            "INSERT INTO text_gene (gene_id, doc, mentions)
             SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[])",
            &[&b.gene_ids, &b.gene_docs, &b.gene_counts],
        )?;
        db.execute(
            "INSERT INTO text_pair (gene_id, other_kind, other, doc, sentences)
             SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::bigint[])",
            &[
                &b.pair_genes,
                &b.pair_kinds,
                &b.pair_others,
                &b.pair_docs,
                &b.pair_sentences,
            ],
        )?;
        db.execute(
            "INSERT INTO text_mention (doc, start, \"end\", mention, kind, ids, tax_id, rule)
             SELECT u.doc, u.s, u.e, u.m, u.k, u.i::jsonb, u.t, u.r
             FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[],
                         $6::text[], $7::bigint[], $8::text[]) AS u(doc, s, e, m, k, i, t, r)",
            &[
                &b.m_docs,
                &b.m_starts,
                &b.m_ends,
                &b.m_mentions,
                &b.m_kinds,
                &b.m_ids,
                &b.m_taxa,
                &b.m_rules,
            ],
        )?;
    }
    db.execute(
        "UPDATE tagging_run SET texts = texts + $2, mentions = mentions + $3 WHERE id = $1",
        &[&run, &big(n_texts), &big(n_mentions)],
    )?;
    db.bump("generation")?;
    Ok(())
}

/// A value as the JSON text `text_mention` keeps (`ids` is read back as
/// `JSONB`, `rule` as the text written).
fn to_json<T: serde::Serialize + ?Sized>(v: &T, column: &'static str) -> Result<String> {
    serde_json::to_string(v).map_err(|e| corrupt("text_mention", column, e.to_string()))
}

/// How many mentions name each gene (GeneIDs are numbers; anything else
/// in a gene mention's ids is not counted).
fn gene_counts(mentions: &[TextMention]) -> BTreeMap<i64, u32> {
    let mut out = BTreeMap::new();
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
fn mentions(db: &mut Db<'_>, doc: i64) -> Result<Vec<TextMention>> {
    Ok(mentions_of(db, &[doc])?.remove(&doc).unwrap_or_default())
}

/// The mentions of each of `docs`, in text order, in one query.
fn mentions_of(db: &mut Db<'_>, docs: &[i64]) -> Result<HashMap<i64, Vec<TextMention>>> {
    let mut out: HashMap<i64, Vec<TextMention>> = HashMap::new();
    for r in db.query(
        "SELECT doc, start, \"end\", mention, kind, ids, tax_id, rule FROM text_mention
         WHERE doc = ANY($1) ORDER BY doc, start, \"end\"",
        &[&docs],
    )? {
        let rule: String = r.at(7)?;
        out.entry(r.at(0)?).or_default().push(TextMention {
            start: r.int(1)?,
            end: r.int(2)?,
            mention: r.at(3)?,
            kind: r.at(4)?,
            ids: r.json(5)?,
            tax_id: match r.at::<Option<i64>>(6)? {
                Some(_) => Some(r.tax_id(6)?),
                None => None,
            },
            rule: serde_json::from_str(&rule)
                .map_err(|e| corrupt("text_mention", "rule", e.to_string()))?,
        });
    }
    Ok(out)
}

/// A paper's title and abstract as the tagger read them, from the newest
/// import that holds the paper, once a run has tagged it.
pub(crate) fn publication_tags(db: &mut Db<'_>, pmid: Pmid) -> Result<Option<LocusTags>> {
    let row = db.query_opt(
        &format!(
            "SELECT d.id, d.title, d.body, r.{} FROM text_doc d
             JOIN text_tagged t ON t.doc = d.id
             JOIN tagging_run r ON r.id = t.run
             WHERE d.kind = 'publication' AND d.key = $1
             ORDER BY d.import_id DESC, d.id LIMIT 1",
            RUN_COLUMNS.replace(", ", ", r.")
        ),
        &[&pmid.get().to_string()],
    )?;
    let Some(r) = row else {
        return Ok(None);
    };
    let doc: i64 = r.at(0)?;
    let title: String = r.at(1)?;
    let body: String = r.at(2)?;
    let run = run_at(&r, 3)?;
    Ok(Some(LocusTags {
        run,
        title_chars: chars(&title),
        text: doc_text("publication", &title, &body),
        mentions: mentions(db, doc)?,
    }))
}

/// Characters of a title, as offsets count them.
fn chars(s: &str) -> u32 {
    u32::try_from(s.chars().count()).unwrap_or(u32::MAX)
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
pub(crate) fn gene_texts(db: &mut Db<'_>, gene_id: GeneId, limit: u64) -> Result<GeneTexts> {
    let id = gene(gene_id);
    let mut out: Vec<Candidate> = Vec::new();
    // The GeneRIFs' PMIDs come from the `generif` rows, matched to their
    // text rows by import and text (the text row keeps no PMID).
    let mut rif_pmids: HashMap<(i64, String), Vec<Vec<Pmid>>> = HashMap::new();
    let mut cited = HashSet::new();
    for rif in crate::query::generifs(db, gene_id)? {
        cited.extend(rif.pmids.iter().copied());
        rif_pmids
            .entry((rif.import_id.get(), rif.text))
            .or_default()
            .push(rif.pmids);
    }
    let rows = db.query(
        "SELECT d.id, d.import_id, d.body, t.gene_mentions, coalesce(g.mentions, 0)
         FROM text_doc d
         JOIN text_tagged t ON t.doc = d.id
         LEFT JOIN text_gene g ON g.doc = d.id AND g.gene_id = $2
         WHERE d.kind = 'generif' AND d.key = $1
         ORDER BY d.id",
        &[&id.to_string(), &id],
    )?;
    for r in &rows {
        let import: i64 = r.at(1)?;
        let body: String = r.at(2)?;
        let pmids = rif_pmids
            .get_mut(&(import, body.clone()))
            .and_then(Vec::pop)
            .unwrap_or_default();
        out.push(Candidate {
            doc: r.at(0)?,
            source: GeneTextSource::Generif,
            pmids,
            title: String::new(),
            body,
            gene_mentions: r.int(4)?,
            all_gene_mentions: r.int(3)?,
        });
    }
    // Newest import first, so the first row of a PMID is the one kept.
    let rows = db.query(
        "SELECT d.id, d.key, d.title, d.body, g.mentions, t.gene_mentions
         FROM text_gene g
         JOIN text_doc d ON d.id = g.doc
         JOIN text_tagged t ON t.doc = g.doc
         WHERE g.gene_id = $1 AND d.kind = 'publication'
         ORDER BY d.import_id DESC, d.id",
        &[&id],
    )?;
    let mut papers = HashSet::new();
    for r in &rows {
        let key: String = r.at(1)?;
        let Ok(pmid) = key.parse::<Pmid>() else {
            continue;
        };
        if !papers.insert(pmid) {
            continue;
        }
        out.push(Candidate {
            doc: r.at(0)?,
            source: GeneTextSource::Paper,
            pmids: vec![pmid],
            title: r.at(2)?,
            body: r.at(3)?,
            gene_mentions: r.int(4)?,
            all_gene_mentions: r.int(5)?,
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
    let texts = finish(db, out, &cited)?;
    Ok(GeneTexts { total, texts })
}

/// The texts of `cands` with their mentions, the genes their (first)
/// PMID is linked to, and whether a GeneRIF of the gene (PMIDs `cited`)
/// cites the paper.
fn finish(db: &mut Db<'_>, cands: Vec<Candidate>, cited: &HashSet<Pmid>) -> Result<Vec<GeneText>> {
    // Two queries for all the texts, not two per text.
    let docs: Vec<i64> = cands.iter().map(|c| c.doc).collect();
    let mut mentions = mentions_of(db, &docs)?;
    let firsts: Vec<i64> = cands
        .iter()
        .filter_map(|c| c.pmids.first().map(|p| big(p.get())))
        .collect();
    let mut linked: HashMap<i64, u64> = HashMap::new();
    for r in db.query(
        "SELECT pmid, genes FROM pmid_gene_count WHERE pmid = ANY($1)",
        &[&firsts],
    )? {
        linked.insert(r.at(0)?, r.count(1)?);
    }
    let mut texts = Vec::with_capacity(cands.len());
    for cand in cands {
        let first = cand.pmids.first().copied();
        let genes_linked = first
            .and_then(|p| linked.get(&big(p.get())).copied())
            .unwrap_or(0);
        let generif_cited =
            cand.source == GeneTextSource::Generif || first.is_some_and(|p| cited.contains(&p));
        let (text, title_chars) = match cand.source {
            GeneTextSource::Generif => (cand.body, 0),
            GeneTextSource::Paper => (
                doc_text("publication", &cand.title, &cand.body),
                chars(&cand.title),
            ),
        };
        texts.push(GeneText {
            source: cand.source,
            pmids: cand.pmids,
            text,
            title_chars,
            mentions: mentions.remove(&cand.doc).unwrap_or_default(),
            gene_mentions: cand.gene_mentions,
            all_gene_mentions: cand.all_gene_mentions,
            genes_linked,
            generif_cited,
        });
    }
    Ok(texts)
}

/// The PMIDs the gene's GeneRIFs cite.
fn rif_cited(db: &mut Db<'_>, gene_id: GeneId) -> Result<HashSet<Pmid>> {
    Ok(crate::query::generifs(db, gene_id)?
        .into_iter()
        .flat_map(|r| r.pmids)
        .collect())
}

/// The texts whose sentences name `gene` with `other`, newest `limit`
/// first, and the ids the tagger wrote for the other.
pub(crate) fn co_mention_texts(
    db: &mut Db<'_>,
    gene_id: GeneId,
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
        crate::network::PAIR_TERM
    } else {
        "p.other"
    };
    // Within a text, the ids in byte order (SQLite's primary-key order).
    let rows = db.query(
        &format!(
            "SELECT p.doc, p.other FROM text_pair p
             WHERE p.gene_id = $1 AND p.other_kind = $2 AND ({written}) = $3
             ORDER BY p.doc DESC, p.other COLLATE \"C\""
        ),
        &[&gene(gene_id), &kind, &id],
    )?;
    let mut docs: Vec<i64> = Vec::new();
    let mut other_ids: Vec<String> = Vec::new();
    for r in &rows {
        let doc: i64 = r.at(0)?;
        let o: String = r.at(1)?;
        if docs.last() != Some(&doc) {
            docs.push(doc);
        }
        if !other_ids.contains(&o) {
            other_ids.push(o);
        }
    }
    let total = docs.len() as u64;
    docs.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let mut cands = Vec::with_capacity(docs.len());
    for doc in docs {
        let Some(r) = db.query_opt(
            "SELECT d.kind, d.key, d.import_id, d.title, d.body, t.gene_mentions, coalesce(g.mentions, 0)
             FROM text_doc d
             JOIN text_tagged t ON t.doc = d.id
             LEFT JOIN text_gene g ON g.doc = d.id AND g.gene_id = $2
             WHERE d.id = $1",
            &[&doc, &gene(gene_id)],
        )?
        else {
            continue;
        };
        let kind: String = r.at(0)?;
        let key: String = r.at(1)?;
        let import: i64 = r.at(2)?;
        let title: String = r.at(3)?;
        let body: String = r.at(4)?;
        let all: u32 = r.int(5)?;
        let mine: u32 = r.int(6)?;
        let (source, pmids) = if kind == "generif" {
            let pmids: String = match db.query_opt(
                "SELECT pmids FROM generif WHERE gene_id = $1 AND import_id = $2 AND text = $3
                 ORDER BY id LIMIT 1",
                &[&key.parse::<i64>().unwrap_or(0), &import, &body],
            )? {
                Some(r) => r.at(0)?,
                None => String::new(),
            };
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
    let cited = rif_cited(db, gene_id)?;
    let texts = finish(db, cands, &cited)?;
    Ok(CoMentionTexts {
        texts,
        total,
        other_ids,
    })
}

/// Every chemical in the tags, by MeSH id, with its commonest spelling
/// (ties: a lower-case one, as chemical names are written mid-sentence,
/// then the first in byte order). "Lower-case" folds ASCII letters only,
/// as SQLite's `lower()`: `lower()` under the "C" collation.
pub(crate) fn chemical_names(db: &mut Db<'_>) -> Result<Vec<(locus_model::MeshId, String)>> {
    let rows = db.query(
        "SELECT j.value, m.mention, count(*)
         FROM text_mention m CROSS JOIN LATERAL jsonb_array_elements_text(m.ids) AS j(value)
         WHERE m.kind = 'Chemical'
         GROUP BY j.value, m.mention
         ORDER BY j.value COLLATE \"C\", count(*) DESC,
                  m.mention = lower(m.mention COLLATE \"C\") DESC, m.mention COLLATE \"C\"",
        &[],
    )?;
    let mut out: Vec<(locus_model::MeshId, String)> = Vec::new();
    for r in &rows {
        let Ok(id) = r.at::<String>(0)?.parse::<locus_model::MeshId>() else {
            continue;
        };
        if out.last().is_some_and(|(last, _)| *last == id) {
            continue;
        }
        out.push((id, r.at(1)?));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gene_mentions_count_numeric_ids_of_gene_mentions() {
        let m = |kind: &str, ids: &[&str]| TextMention {
            start: 0,
            end: 1,
            mention: "x".into(),
            kind: kind.into(),
            ids: ids.iter().map(|s| s.to_string()).collect(),
            tax_id: Some(locus_model::TaxId(9606)),
            rule: serde_json::json!({}),
        };
        let counts = gene_counts(&[
            m("Gene", &["7015", "7016"]),
            m("Gene", &["7015", "x"]),
            m("Chemical", &["7015"]),
        ]);
        assert_eq!(
            counts.into_iter().collect::<Vec<_>>(),
            [(7015, 2), (7016, 1)]
        );
    }
}
