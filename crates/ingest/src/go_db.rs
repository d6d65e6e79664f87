//! Bioconductor `GO.db`: the Gene Ontology as Bioconductor packages it.
//! [`open`] streams each row of its `go_term` table twice: as a
//! [`Fact::GoTerm`] (name, aspect, definition: what a gene's GO table
//! shows) and as a [`Fact::Term`] with the term's synonyms, alternative
//! ids and `is_a` parents from `go_synonym` and `go_{bp,mf,cc}_parents`,
//! so a GO term has a page with its place in the ontology and the target
//! development level can tell a leaf term from an inner one.
//!
//! org.Hs.eg.db annotates genes with bare `GO:` identifiers; GO.db (built
//! from the same GO release) supplies what a reader needs to see.

use std::collections::HashMap;
use std::path::Path;

use locus_model::{Fact, GoAspect, GoTerm, OntologyTerm, TermId};

use crate::sqlite_source::{metadata, open_readonly, ChannelSource};
use crate::{IngestError, Result};

/// Streams the terms of a GO.db SQLite file.
pub fn open(path: &Path) -> Result<ChannelSource> {
    let conn = open_readonly(path)?;
    let meta = metadata(&conn, path, "GODb")?;
    let release = meta
        .get("GOSOURCEDATE")
        .map(|d| format!("Gene Ontology {d}"));
    ChannelSource::spawn(path, conn, release, Box::new(read_terms))
}

/// Synonyms and alternative ids of each term, by GO.db's internal `_id`.
#[derive(Default)]
struct Names {
    synonyms: Vec<String>,
    alt_ids: Vec<String>,
}

/// GO.db's `go_synonym` holds both kinds: `like_go_id = 1` marks a
/// secondary GO id (an OBO `alt_id`), the rest are synonyms.
fn names(conn: &rusqlite::Connection, path: &Path) -> Result<HashMap<i64, Names>> {
    let err = |e: rusqlite::Error| IngestError::file(path, format!("table `go_synonym`: {e}"));
    let mut out: HashMap<i64, Names> = HashMap::new();
    let mut stmt = conn
        .prepare("SELECT _id, synonym, like_go_id FROM go_synonym ORDER BY rowid")
        .map_err(err)?;
    let mut rows = stmt.query([]).map_err(err)?;
    while let Some(row) = rows.next().map_err(err)? {
        let id: i64 = row.get(0).map_err(err)?;
        let synonym: String = row.get(1).map_err(err)?;
        let like_go_id: Option<i64> = row.get(2).map_err(err)?;
        let entry = out.entry(id).or_default();
        if like_go_id == Some(1) {
            entry.alt_ids.push(synonym);
        } else if !entry.synonyms.contains(&synonym) {
            entry.synonyms.push(synonym);
        }
    }
    Ok(out)
}

/// The `is_a` parents of each term, by `_id`, over the three aspects.
/// GO.db also lists `part of` and the `regulates` relations; Locus keeps
/// the `is_a` hierarchy only, as it does for every OBO ontology, so
/// "parent", "child" and "leaf" mean the same on every term page.
fn parents(conn: &rusqlite::Connection, path: &Path) -> Result<HashMap<i64, Vec<String>>> {
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    for table in ["go_bp_parents", "go_mf_parents", "go_cc_parents"] {
        let err = |e: rusqlite::Error| IngestError::file(path, format!("table `{table}`: {e}"));
        let mut stmt = conn
            .prepare(&format!(
                "SELECT p._id, t.go_id FROM {table} p JOIN go_term t ON t._id = p._parent_id
                 WHERE p.relationship_type = 'isa' ORDER BY p.rowid"
            ))
            .map_err(err)?;
        let mut rows = stmt.query([]).map_err(err)?;
        while let Some(row) = rows.next().map_err(err)? {
            out.entry(row.get(0).map_err(err)?)
                .or_default()
                .push(row.get(1).map_err(err)?);
        }
    }
    Ok(out)
}

fn term_id(path: &Path, table: &str, go_id: &str) -> Result<TermId> {
    go_id.parse().map_err(|_| {
        IngestError::file(
            path,
            format!("table `{table}`: {go_id:?} is not a GO identifier (GO:0000000)"),
        )
    })
}

fn read_terms(
    conn: &rusqlite::Connection,
    path: &Path,
    emit: &mut dyn FnMut(Fact) -> bool,
) -> Result<()> {
    let mut names = names(conn, path)?;
    let mut parents = parents(conn, path)?;
    let err = |e: rusqlite::Error| IngestError::file(path, format!("table `go_term`: {e}"));
    let mut stmt = conn
        .prepare("SELECT _id, go_id, term, ontology, definition FROM go_term ORDER BY _id")
        .map_err(err)?;
    let mut rows = stmt.query([]).map_err(err)?;
    while let Some(row) = rows.next().map_err(err)? {
        let row_id: i64 = row.get(0).map_err(err)?;
        let go_id: String = row.get(1).map_err(err)?;
        let ontology: String = row.get(3).map_err(err)?;
        // GO.db has one pseudo-term, `all`, that roots the three
        // ontologies; it is not a GO term.
        if ontology == "universal" {
            continue;
        }
        let aspect = GoAspect::from_code(&ontology).ok_or_else(|| {
            IngestError::file(
                path,
                format!("table `go_term`: term {go_id} has unknown ontology {ontology:?} (expected BP, MF or CC)"),
            )
        })?;
        let id = term_id(path, "go_term", &go_id)?;
        let name: String = row.get(2).map_err(err)?;
        let definition: Option<String> = row.get(4).map_err(err)?;
        let Names { synonyms, alt_ids } = names.remove(&row_id).unwrap_or_default();
        let parent_ids = parents
            .remove(&row_id)
            .unwrap_or_default()
            .iter()
            .filter(|p| p.as_str() != "all")
            .map(|p| term_id(path, "go_*_parents", p))
            .collect::<Result<Vec<_>>>()?;
        let term = GoTerm {
            go_id,
            name: name.clone(),
            aspect,
            definition: definition.clone(),
        };
        if !emit(Fact::GoTerm(term)) {
            break;
        }
        let term = OntologyTerm {
            id,
            name,
            definition,
            synonyms,
            parents: parent_ids,
            xrefs: alt_ids,
            obsolete: false,
            replaced_by: None,
            line: u64::try_from(row_id).unwrap_or(0),
        };
        if !emit(Fact::Term(term)) {
            break;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FactSource;

    #[test]
    fn reads_term_names_of_the_demo_subset() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../demo/data/GO.subset.sqlite"
        );
        let reader = open(Path::new(path)).unwrap();
        assert_eq!(
            reader.release().as_deref(),
            Some("Gene Ontology 2022-07-01")
        );
        let terms: Vec<Fact> = reader.collect::<Result<_>>().unwrap();
        let t = terms
            .iter()
            .find_map(|f| match f {
                Fact::GoTerm(t) if t.go_id == "GO:0000978" => Some(t.clone()),
                _ => None,
            })
            .unwrap();
        assert_eq!(
            t.name,
            "RNA polymerase II cis-regulatory region sequence-specific DNA binding"
        );
        assert_eq!(t.aspect, GoAspect::MolecularFunction);
        assert!(t
            .definition
            .unwrap()
            .starts_with("Binding to a specific upstream regulatory DNA sequence"));
        // The same term in the ontology: its is_a parent, synonyms and
        // GO.db's secondary ids as cross-references; `part of` and the
        // `regulates` relations are not parents.
        let term = |id: &str| {
            terms
                .iter()
                .find_map(|f| match f {
                    Fact::Term(t) if t.id.to_string() == id => Some(t.clone()),
                    _ => None,
                })
                .unwrap()
        };
        let t = term("GO:0000978");
        assert_eq!(
            t.parents,
            ["GO:0000977".parse().unwrap(), "GO:0000987".parse().unwrap()]
        );
        assert!(t.synonyms.contains(
            &"RNA polymerase II proximal promoter sequence-specific DNA binding".to_string()
        ));
        // GO:0006355 regulation of DNA-templated transcription: is_a
        // regulation of gene expression and of nucleic acid-templated
        // transcription; it `regulates` transcription, not a parent.
        let t = term("GO:0006355");
        let mut parents: Vec<String> = t.parents.iter().map(|p| p.to_string()).collect();
        parents.sort();
        assert_eq!(parents, ["GO:0010468", "GO:1903506"]);
        assert!(t.xrefs.iter().all(|x| x.starts_with("GO:")));
        assert!(t.xrefs.contains(&"GO:0045449".to_string()));
        // The pseudo-term `all` roots the three aspects and is no parent.
        assert!(term("GO:0008150").parents.is_empty());
    }
}
