//! What changed for genes between releases: each import's facts summed
//! up per gene (read inside the import's transaction), the recorded
//! changes, and their reads.

use std::collections::BTreeMap;

use locus_model::{ChangeField, ChangeKind, GeneChange, GeneId, ImportId};
use locus_store::changes::{ChangeCount, GeneChangeRow, GeneDigest, RecordDigest};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::sql::corrupt;
use crate::Result;

/// Per gene, what import `import` says of it.
pub(crate) fn digests(c: &Connection, import: ImportId) -> Result<BTreeMap<GeneId, GeneDigest>> {
    let id = import.get();
    let mut out: BTreeMap<GeneId, GeneDigest> = BTreeMap::new();
    let mut stmt = c.prepare(
        "SELECT gene_id, symbol, description, map_location FROM gene WHERE import_id = ?1",
    )?;
    let mut rows = stmt.query([id])?;
    while let Some(r) = rows.next()? {
        out.entry(GeneId(r.get(0)?)).or_default().record = Some(RecordDigest {
            symbol: r.get(1)?,
            name: r.get(2)?,
            map_location: r.get(3)?,
        });
    }
    let mut stmt = c.prepare(
        "SELECT gene_id, alias FROM gene_alias WHERE import_id = ?1 AND kind = 'synonym'",
    )?;
    let mut rows = stmt.query([id])?;
    while let Some(r) = rows.next()? {
        out.entry(GeneId(r.get(0)?))
            .or_default()
            .aliases
            .insert(r.get(1)?);
    }
    // Counted fields: (statement, which count it fills).
    // Counted fields: the statement and the count it fills.
    let counts = [
        ("SELECT gene_id, count(*) FROM gene_pubmed WHERE import_id = ?1 GROUP BY gene_id", ChangeField::PubmedLinks),
        ("SELECT gene_id, count(*) FROM generif WHERE import_id = ?1 GROUP BY gene_id", ChangeField::Generifs),
        ("SELECT gene_id, count(*) FROM go_annotation WHERE import_id = ?1 GROUP BY gene_id", ChangeField::GoAnnotations),
        ("SELECT gene_id, count(*) FROM differential_expression WHERE import_id = ?1 GROUP BY gene_id", ChangeField::Expression),
        ("SELECT gene_id, count(*) FROM expression_call WHERE import_id = ?1 GROUP BY gene_id", ChangeField::Expression),
    ];
    for (sql, field) in counts {
        let mut stmt = c.prepare(sql)?;
        let mut rows = stmt.query([id])?;
        while let Some(r) = rows.next()? {
            let n: u64 = r.get(1)?;
            if let Some(count) = out.entry(GeneId(r.get(0)?)).or_default().count_mut(field) {
                *count += n;
            }
        }
    }
    // Regulation rows as TF and as target, with the sources they cite.
    for gene in ["tf_gene", "target_gene"] {
        let mut stmt = c.prepare(&format!(
            "SELECT {gene}, databases, count(*) FROM regulation WHERE import_id = ?1 GROUP BY {gene}, databases"
        ))?;
        let mut rows = stmt.query([id])?;
        while let Some(r) = rows.next()? {
            let d = out.entry(GeneId(r.get(0)?)).or_default();
            let sources: Vec<String> =
                crate::sql::from_json(&r.get::<_, String>(1)?, "regulation", "databases")?;
            d.regulation_sources.extend(sources);
            d.regulation += r.get::<_, u64>(2)?;
        }
    }
    Ok(out)
}

/// Records `changes`.
pub(crate) fn write(c: &Connection, changes: &[GeneChange]) -> Result<()> {
    let mut stmt = c.prepare_cached(
        "INSERT INTO gene_change (import_id, replaced, gene_id, field, change, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for ch in changes {
        stmt.execute(params![
            ch.import_id.get(),
            ch.replaced.get(),
            ch.gene_id.0,
            ch.field.as_str(),
            ch.change.as_str(),
            ch.before,
            ch.after
        ])?;
    }
    Ok(())
}

fn change(r: &Row<'_>) -> Result<GeneChange> {
    let field: String = r.get(3)?;
    let kind: String = r.get(4)?;
    Ok(GeneChange {
        import_id: ImportId(r.get(0)?),
        replaced: ImportId(r.get(1)?),
        gene_id: GeneId(r.get(2)?),
        field: ChangeField::parse(&field)
            .ok_or_else(|| corrupt("gene_change", "field", format!("unknown field {field:?}")))?,
        change: ChangeKind::parse(&kind)
            .ok_or_else(|| corrupt("gene_change", "change", format!("unknown change {kind:?}")))?,
        before: r.get(5)?,
        after: r.get(6)?,
    })
}

const CHANGE_COLS: &str =
    "c.import_id, c.replaced, c.gene_id, c.field, c.change, c.before, c.after";

/// A gene's changes, newest import first, fields in their order.
pub(crate) fn gene_changes(c: &Connection, gene: GeneId) -> Result<Vec<GeneChangeRow>> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {CHANGE_COLS}, i.file_name, i.release, o.release, i.finished_at
         FROM gene_change c JOIN imports i ON i.id = c.import_id JOIN imports o ON o.id = c.replaced
         WHERE c.gene_id = ?1 ORDER BY c.import_id DESC, c.replaced DESC, c.id"
    ))?;
    let mut rows = stmt.query([gene.0])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(GeneChangeRow {
            change: change(r)?,
            file_name: r.get(7)?,
            release: r.get(8)?,
            replaced_release: r.get(9)?,
            imported_at: r.get(10)?,
        });
    }
    Ok(out)
}

/// How many genes import `import` changed, by field and kind.
pub(crate) fn counts(c: &Connection, import: ImportId) -> Result<Option<Vec<ChangeCount>>> {
    let exists = c
        .prepare_cached("SELECT 1 FROM imports WHERE id = ?1")?
        .query_row([import.get()], |_| Ok(()))
        .optional()?;
    if exists.is_none() {
        return Ok(None);
    }
    let mut stmt = c.prepare_cached(
        "SELECT field, change, count(*) FROM gene_change WHERE import_id = ?1 GROUP BY field, change",
    )?;
    let mut rows = stmt.query([import.get()])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let (field, kind): (String, String) = (r.get(0)?, r.get(1)?);
        out.push(ChangeCount {
            field: ChangeField::parse(&field).ok_or_else(|| {
                corrupt("gene_change", "field", format!("unknown field {field:?}"))
            })?,
            change: ChangeKind::parse(&kind).ok_or_else(|| {
                corrupt("gene_change", "change", format!("unknown change {kind:?}"))
            })?,
            genes: r.get(2)?,
        });
    }
    out.sort_by_key(|c| (c.field, c.change));
    Ok(Some(out))
}

/// Up to `limit` changes of import `import` (of `field` only, if given).
pub(crate) fn import_changes(
    c: &Connection,
    import: ImportId,
    field: Option<ChangeField>,
    limit: u64,
) -> Result<Vec<GeneChange>> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {CHANGE_COLS} FROM gene_change c
         WHERE c.import_id = ?1 AND (?2 IS NULL OR c.field = ?2)
         ORDER BY c.gene_id, c.id LIMIT ?3"
    ))?;
    let mut rows = stmt.query(params![
        import.get(),
        field.map(ChangeField::as_str),
        i64::try_from(limit).unwrap_or(i64::MAX)
    ])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(change(r)?);
    }
    Ok(out)
}
