//! Bioconductor `GO.db`: the names and definitions of GO terms. [`open`]
//! streams its `go_term` table as [`Fact::GoTerm`]s through a
//! [`ChannelSource`].
//!
//! org.Hs.eg.db annotates genes with bare `GO:` identifiers; GO.db (built
//! from the same GO release) supplies what a reader needs to see: the
//! term's name, its aspect and its definition.

use std::path::Path;

use locus_model::{Fact, GoAspect, GoTerm};

use crate::sqlite_source::{metadata, open_readonly, ChannelSource};
use crate::{IngestError, Result};

/// Streams the `go_term` table of a GO.db SQLite file.
pub fn open(path: &Path) -> Result<ChannelSource> {
    let conn = open_readonly(path)?;
    let meta = metadata(&conn, path, "GODb")?;
    let release = meta
        .get("GOSOURCEDATE")
        .map(|d| format!("Gene Ontology {d}"));
    ChannelSource::spawn(path, conn, release, Box::new(read_terms))
}

fn read_terms(
    conn: &rusqlite::Connection,
    path: &Path,
    emit: &mut dyn FnMut(Fact) -> bool,
) -> Result<()> {
    let err = |e: rusqlite::Error| IngestError::file(path, format!("table `go_term`: {e}"));
    let mut stmt = conn
        .prepare("SELECT go_id, term, ontology, definition FROM go_term ORDER BY _id")
        .map_err(err)?;
    let mut rows = stmt.query([]).map_err(err)?;
    while let Some(row) = rows.next().map_err(err)? {
        let go_id: String = row.get(0).map_err(err)?;
        let ontology: String = row.get(2).map_err(err)?;
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
        let term = GoTerm {
            go_id,
            name: row.get(1).map_err(err)?,
            aspect,
            definition: row.get(3).map_err(err)?,
        };
        if !emit(Fact::GoTerm(term)) {
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
    }
}
