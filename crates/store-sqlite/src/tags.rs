//! Locus's own tags of imported texts: tagging runs, which texts they
//! tagged, and the mentions (schema migration 12).

use locus_model::{Pmid, TaxId};
use locus_store::{LocusTags, TaggedText, TaggingRun, TextMention, TextToTag};
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
        let mut mark =
            tx.prepare_cached("INSERT OR REPLACE INTO text_tagged (doc, run) VALUES (?1, ?2)")?;
        let mut clear = tx.prepare_cached("DELETE FROM text_mention WHERE doc = ?1")?;
        let mut insert = tx.prepare_cached(
            "INSERT OR REPLACE INTO text_mention (doc, start, end, mention, kind, ids, tax_id, rule)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for t in texts {
            if exists.query_row([t.doc], |_| Ok(())).optional()?.is_none() {
                continue;
            }
            mark.execute(params![t.doc, run])?;
            clear.execute([t.doc])?;
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
