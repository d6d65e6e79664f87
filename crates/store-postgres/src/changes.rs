//! What changed for genes between releases, as the SQLite backend's
//! `changes.rs` records and reads it.

use std::collections::BTreeMap;

use locus_model::{ChangeField, ChangeKind, GeneChange, GeneId, ImportId};
use locus_store::changes::{ChangeCount, GeneChangeRow, GeneDigest, RecordDigest};

use crate::db::Db;
use crate::sql::{corrupt, RowExt};
use crate::Result;

/// Per gene, what import `import` says of it.
pub(crate) fn digests(db: &mut Db<'_>, import: ImportId) -> Result<BTreeMap<GeneId, GeneDigest>> {
    let id = import.get();
    let mut out: BTreeMap<GeneId, GeneDigest> = BTreeMap::new();
    for r in db.query(
        "SELECT gene_id, symbol, description, map_location FROM gene WHERE import_id = $1",
        &[&id],
    )? {
        out.entry(r.gene_id(0)?).or_default().record = Some(RecordDigest {
            symbol: r.at(1)?,
            name: r.at(2)?,
            map_location: r.at(3)?,
        });
    }
    for r in db.query(
        "SELECT gene_id, alias FROM gene_alias WHERE import_id = $1 AND kind = 'synonym'",
        &[&id],
    )? {
        out.entry(r.gene_id(0)?)
            .or_default()
            .aliases
            .insert(r.at(1)?);
    }
    // Counted fields: the statement and the count it fills.
    let counts = [
        ("SELECT gene_id, count(*) FROM gene_pubmed WHERE import_id = $1 GROUP BY gene_id", ChangeField::PubmedLinks),
        ("SELECT gene_id, count(*) FROM generif WHERE import_id = $1 GROUP BY gene_id", ChangeField::Generifs),
        ("SELECT gene_id, count(*) FROM go_annotation WHERE import_id = $1 GROUP BY gene_id", ChangeField::GoAnnotations),
        ("SELECT gene_id, count(*) FROM differential_expression WHERE import_id = $1 GROUP BY gene_id", ChangeField::Expression),
        ("SELECT gene_id, count(*) FROM expression_call WHERE import_id = $1 GROUP BY gene_id", ChangeField::Expression),
    ];
    for (sql, field) in counts {
        for r in db.query(sql, &[&id])? {
            let n = r.count(1)?;
            if let Some(count) = out.entry(r.gene_id(0)?).or_default().count_mut(field) {
                *count += n;
            }
        }
    }
    // Regulation rows as TF and as target, with the sources they cite.
    for gene in ["tf_gene", "target_gene"] {
        for r in db.query(
            &format!(
                "SELECT {gene}, databases, count(*) FROM regulation WHERE import_id = $1 GROUP BY {gene}, databases"
            ),
            &[&id],
        )? {
            let d = out.entry(r.gene_id(0)?).or_default();
            let sources: Vec<String> = r.json(1)?;
            d.regulation_sources.extend(sources);
            d.regulation += r.count(2)?;
        }
    }
    Ok(out)
}

/// Records `changes`, ten thousand to a statement.
pub(crate) fn write(db: &mut Db<'_>, changes: &[GeneChange]) -> Result<()> {
    for chunk in changes.chunks(10_000) {
        let import: Vec<i64> = chunk.iter().map(|c| c.import_id.get()).collect();
        let replaced: Vec<i64> = chunk.iter().map(|c| c.replaced.get()).collect();
        let gene: Vec<i64> = chunk
            .iter()
            .map(|c| i64::try_from(c.gene_id.0).unwrap_or(i64::MAX))
            .collect();
        let field: Vec<&str> = chunk.iter().map(|c| c.field.as_str()).collect();
        let change: Vec<&str> = chunk.iter().map(|c| c.change.as_str()).collect();
        let before: Vec<Option<&str>> = chunk.iter().map(|c| c.before.as_deref()).collect();
        let after: Vec<Option<&str>> = chunk.iter().map(|c| c.after.as_deref()).collect();
        db.execute(
            "INSERT INTO gene_change (import_id, replaced, gene_id, field, change, before, after)
             SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[],
                                  $6::text[], $7::text[])",
            &[&import, &replaced, &gene, &field, &change, &before, &after],
        )?;
    }
    Ok(())
}

fn change(r: &postgres::Row) -> Result<GeneChange> {
    let field: String = r.at(3)?;
    let kind: String = r.at(4)?;
    Ok(GeneChange {
        import_id: r.import_id(0)?,
        replaced: r.import_id(1)?,
        gene_id: r.gene_id(2)?,
        field: ChangeField::parse(&field)
            .ok_or_else(|| corrupt("gene_change", "field", format!("unknown field {field:?}")))?,
        change: ChangeKind::parse(&kind)
            .ok_or_else(|| corrupt("gene_change", "change", format!("unknown change {kind:?}")))?,
        before: r.at(5)?,
        after: r.at(6)?,
    })
}

const CHANGE_COLS: &str =
    "c.import_id, c.replaced, c.gene_id, c.field, c.change, c.before, c.after";

/// A gene's changes, newest import first.
pub(crate) fn gene_changes(db: &mut Db<'_>, gene: GeneId) -> Result<Vec<GeneChangeRow>> {
    let gene = i64::try_from(gene.0).unwrap_or(i64::MAX);
    db.query(
        &format!(
            "SELECT {CHANGE_COLS}, i.file_name, i.release, o.release, i.finished_at
             FROM gene_change c JOIN imports i ON i.id = c.import_id JOIN imports o ON o.id = c.replaced
             WHERE c.gene_id = $1 ORDER BY c.import_id DESC, c.replaced DESC, c.id"
        ),
        &[&gene],
    )?
    .iter()
    .map(|r| {
        Ok(GeneChangeRow {
            change: change(r)?,
            file_name: r.at(7)?,
            release: r.at(8)?,
            replaced_release: r.at(9)?,
            imported_at: r.at(10)?,
        })
    })
    .collect()
}

/// How many genes import `import` changed, by field and kind.
pub(crate) fn counts(db: &mut Db<'_>, import: ImportId) -> Result<Option<Vec<ChangeCount>>> {
    if db
        .query_opt("SELECT 1 FROM imports WHERE id = $1", &[&import.get()])?
        .is_none()
    {
        return Ok(None);
    }
    let mut out = Vec::new();
    for r in db.query(
        "SELECT field, change, count(*) FROM gene_change WHERE import_id = $1 GROUP BY field, change",
        &[&import.get()],
    )? {
        let (field, kind): (String, String) = (r.at(0)?, r.at(1)?);
        out.push(ChangeCount {
            field: ChangeField::parse(&field)
                .ok_or_else(|| corrupt("gene_change", "field", format!("unknown field {field:?}")))?,
            change: ChangeKind::parse(&kind)
                .ok_or_else(|| corrupt("gene_change", "change", format!("unknown change {kind:?}")))?,
            genes: r.count(2)?,
        });
    }
    out.sort_by_key(|c| (c.field, c.change));
    Ok(Some(out))
}

/// Up to `limit` changes of import `import` (of `field` only, if given).
pub(crate) fn import_changes(
    db: &mut Db<'_>,
    import: ImportId,
    field: Option<ChangeField>,
    limit: u64,
) -> Result<Vec<GeneChange>> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let field = field.map(ChangeField::as_str);
    db.query(
        &format!(
            "SELECT {CHANGE_COLS} FROM gene_change c
             WHERE c.import_id = $1 AND ($2::text IS NULL OR c.field = $2)
             ORDER BY c.gene_id, c.id LIMIT $3"
        ),
        &[&import.get(), &field, &limit],
    )?
    .iter()
    .map(change)
    .collect()
}
