//! Bioconductor `org.Hs.eg.db` (and other `org.*.eg.db`) SQLite packages.
//!
//! These are the full-human-scale input: one SQLite file built by
//! AnnotationDbi from NCBI Gene, GO, UniProt and Ensembl. The tables are
//! keyed by an internal `_id` that joins to `genes.gene_id` (the NCBI
//! GeneID). The file is opened read-only and immutable, so a package
//! installed under `/usr/lib/R` is never touched. [`open`] streams a
//! package's genes, aliases, cross-references, PubMed links and GO
//! annotations through a [`ChannelSource`].
//!
//! Ensembl protein ids (`ensembl_prot`) become `Ensembl_protein`
//! cross-references, so STRING's `ENSP…` proteins can be mapped to genes.
//! The table is read only if present (older demo subsets, and org
//! packages built without Ensembl proteins, lack it). In
//! org.Hs.eg.db (2022-09-12) it covers 6,852 genes with 21,990 ids.
//!
//! Reading runs on its own thread and hands facts over a bounded channel:
//! the store writes on one core while SQLite reads on the other, and the
//! iterator needs no self-referential statement borrows.

use std::path::Path;

use locus_model::{
    DbXref, Fact, GeneAlias, GeneId, GenePubmed, GeneRecord, GoAnnotation, GoAspect, Pmid, TaxId,
};
use rusqlite::Connection;

use crate::sqlite_source::{metadata, open_readonly, ChannelSource};
use crate::{IngestError, Result};

/// Streams the facts of an org.*.eg.db SQLite file.
pub fn open(path: &Path) -> Result<ChannelSource> {
    let conn = open_readonly(path)?;
    let meta = Metadata::read(&conn, path)?;
    let release = meta.release();
    let tax_id = meta.tax_id;
    ChannelSource::spawn(
        path,
        conn,
        Some(release),
        Box::new(move |conn, path, emit| TableReader { conn, path, tax_id }.stream(emit)),
    )
}

/// What the `metadata` table says about the package.
struct Metadata {
    tax_id: TaxId,
    organism: String,
    gene_source_date: Option<String>,
    go_source_date: Option<String>,
    uniprot_source_date: Option<String>,
    ensembl_source_date: Option<String>,
}

impl Metadata {
    fn read(conn: &Connection, path: &Path) -> Result<Self> {
        let map = metadata(conn, path, "OrgDb")?;
        if map.get("CENTRALID").map(String::as_str) != Some("EG") {
            return Err(IngestError::file(
                path,
                "org package is not keyed by Entrez Gene ids (metadata CENTRALID is not EG)",
            ));
        }
        let tax_id = map
            .get("TAXID")
            .and_then(|t| t.trim().parse().ok())
            .ok_or_else(|| IngestError::file(path, "metadata `TAXID` missing or not a number"))?;
        Ok(Metadata {
            tax_id,
            organism: map.get("ORGANISM").cloned().unwrap_or_default(),
            gene_source_date: map.get("EGSOURCEDATE").cloned(),
            go_source_date: map.get("GOSOURCEDATE").cloned(),
            uniprot_source_date: map.get("UPSOURCEDATE").cloned(),
            ensembl_source_date: map.get("ENSOURCEDATE").cloned(),
        })
    }

    /// e.g. `Homo sapiens; Entrez Gene 2022-Sep12; GO 2022-07-01; UniProt …`
    fn release(&self) -> String {
        let mut parts = vec![self.organism.clone()];
        for (label, v) in [
            ("Entrez Gene", &self.gene_source_date),
            ("GO", &self.go_source_date),
            ("UniProt", &self.uniprot_source_date),
            ("Ensembl", &self.ensembl_source_date),
        ] {
            if let Some(v) = v {
                parts.push(format!("{label} {v}"));
            }
        }
        parts.join("; ")
    }
}

/// Builds a fact from a GeneID and one text column of a two-column table.
type MakeFact = fn(GeneId, String) -> Fact;

struct TableReader<'a> {
    conn: &'a Connection,
    path: &'a Path,
    tax_id: TaxId,
}

impl TableReader<'_> {
    fn sql_error(&self, table: &str, e: rusqlite::Error) -> IngestError {
        IngestError::file(self.path, format!("table `{table}`: {e}"))
    }

    /// Emits every fact; stops early (Ok) when `emit` returns false, i.e.
    /// when the consumer hung up.
    fn stream(&self, emit: &mut dyn FnMut(Fact) -> bool) -> Result<()> {
        if !self.genes(emit)? {
            return Ok(());
        }
        // (table, column, required, fact). `ensembl_prot` maps Ensembl
        // protein ids (`ENSP…`, as STRING names proteins) to genes; it is
        // optional because older demo subsets, and org packages built
        // without Ensembl proteins, lack it.
        let pairs: [(&str, &str, bool, MakeFact); 5] = [
            ("alias", "alias_symbol", true, |gene_id, alias| {
                Fact::Alias(GeneAlias { gene_id, alias })
            }),
            ("uniprot", "uniprot_id", true, |gene_id, id| Fact::Xref {
                gene_id,
                xref: DbXref {
                    db: "UniProtKB".into(),
                    id,
                },
            }),
            ("ensembl", "ensembl_id", true, |gene_id, id| Fact::Xref {
                gene_id,
                xref: DbXref {
                    db: "Ensembl".into(),
                    id,
                },
            }),
            ("ensembl_prot", "prot_id", false, |gene_id, id| Fact::Xref {
                gene_id,
                xref: DbXref {
                    db: "Ensembl_protein".into(),
                    id,
                },
            }),
            ("omim", "omim_id", true, |gene_id, id| Fact::Xref {
                gene_id,
                xref: DbXref {
                    db: "MIM".into(),
                    id,
                },
            }),
        ];
        for (table, column, required, make) in pairs {
            if !required && !self.has_table(table)? {
                continue;
            }
            if !self.pairs(table, column, emit, make)? {
                return Ok(());
            }
        }
        if !self.pubmed(emit)? {
            return Ok(());
        }
        for (table, aspect) in [
            ("go_bp", GoAspect::BiologicalProcess),
            ("go_mf", GoAspect::MolecularFunction),
            ("go_cc", GoAspect::CellularComponent),
        ] {
            if !self.go(table, aspect, emit)? {
                return Ok(());
            }
        }
        Ok(())
    }

    fn genes(&self, emit: &mut dyn FnMut(Fact) -> bool) -> Result<bool> {
        let sql = "SELECT g.gene_id, gi.symbol, gi.gene_name,
                (SELECT group_concat(chromosome, '|') FROM chromosomes c WHERE c._id = g._id),
                (SELECT group_concat(cytogenetic_location, ' and ') FROM cytogenetic_locations l WHERE l._id = g._id),
                (SELECT gene_type FROM genetype t WHERE t._id = g._id)
             FROM genes g JOIN gene_info gi ON gi._id = g._id
             ORDER BY g._id";
        let mut stmt = self
            .conn
            .prepare(sql)
            .map_err(|e| self.sql_error("genes", e))?;
        let mut rows = stmt.query([]).map_err(|e| self.sql_error("genes", e))?;
        while let Some(row) = rows.next().map_err(|e| self.sql_error("genes", e))? {
            let gene_id = self.gene_id(row.get_ref(0), "genes")?;
            let text = |i: usize| -> Result<Option<String>> {
                row.get::<_, Option<String>>(i)
                    .map_err(|e| self.sql_error("gene_info", e))
            };
            let record = GeneRecord {
                gene_id,
                tax_id: self.tax_id,
                symbol: text(1)?.unwrap_or_default(),
                description: text(2)?,
                chromosome: text(3)?,
                map_location: text(4)?,
                gene_type: text(5)?,
                ..GeneRecord::default()
            };
            if !emit(Fact::Gene(record)) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn gene_id(
        &self,
        v: rusqlite::Result<rusqlite::types::ValueRef<'_>>,
        table: &str,
    ) -> Result<GeneId> {
        use rusqlite::types::ValueRef;
        match v.map_err(|e| self.sql_error(table, e))? {
            // Positive, so its absolute value is the id itself.
            ValueRef::Integer(i) if i > 0 => Ok(GeneId(i.unsigned_abs())),
            ValueRef::Text(t) => std::str::from_utf8(t)
                .ok()
                .and_then(|s| s.trim().parse().ok())
                .ok_or_else(|| {
                    IngestError::file(
                        self.path,
                        format!(
                            "table `{table}`: gene_id {:?} is not a number",
                            String::from_utf8_lossy(t)
                        ),
                    )
                }),
            other => Err(IngestError::file(
                self.path,
                format!("table `{table}`: unexpected gene_id value {other:?}"),
            )),
        }
    }

    /// Whether the package has `table` (checked in `sqlite_master`, so a
    /// missing optional table is told apart from an unreadable one).
    fn has_table(&self, table: &str) -> Result<bool> {
        self.conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n > 0)
            .map_err(|e| self.sql_error(table, e))
    }

    fn pairs(
        &self,
        table: &str,
        column: &str,
        emit: &mut dyn FnMut(Fact) -> bool,
        make: MakeFact,
    ) -> Result<bool> {
        let sql = format!(
            "SELECT g.gene_id, t.{column} FROM {table} t JOIN genes g ON g._id = t._id ORDER BY t._id"
        );
        let mut stmt = self
            .conn
            .prepare(&sql)
            .map_err(|e| self.sql_error(table, e))?;
        let mut rows = stmt.query([]).map_err(|e| self.sql_error(table, e))?;
        while let Some(row) = rows.next().map_err(|e| self.sql_error(table, e))? {
            let gene_id = self.gene_id(row.get_ref(0), table)?;
            let value: String = row.get(1).map_err(|e| self.sql_error(table, e))?;
            if !emit(make(gene_id, value)) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn pubmed(&self, emit: &mut dyn FnMut(Fact) -> bool) -> Result<bool> {
        let sql = "SELECT g.gene_id, t.pubmed_id FROM pubmed t JOIN genes g ON g._id = t._id ORDER BY t._id";
        let mut stmt = self
            .conn
            .prepare(sql)
            .map_err(|e| self.sql_error("pubmed", e))?;
        let mut rows = stmt.query([]).map_err(|e| self.sql_error("pubmed", e))?;
        while let Some(row) = rows.next().map_err(|e| self.sql_error("pubmed", e))? {
            let gene_id = self.gene_id(row.get_ref(0), "pubmed")?;
            let raw: String = row.get(1).map_err(|e| self.sql_error("pubmed", e))?;
            let pmid = raw.trim().parse::<Pmid>().map_err(|_| {
                IngestError::file(
                    self.path,
                    format!("table `pubmed`: pubmed_id {raw:?} of gene {gene_id} is not a number"),
                )
            })?;
            let fact = Fact::GenePubmed(GenePubmed {
                tax_id: Some(self.tax_id),
                gene_id,
                pmid,
            });
            if !emit(fact) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn go(
        &self,
        table: &str,
        aspect: GoAspect,
        emit: &mut dyn FnMut(Fact) -> bool,
    ) -> Result<bool> {
        let sql = format!(
            "SELECT g.gene_id, t.go_id, t.evidence FROM {table} t JOIN genes g ON g._id = t._id ORDER BY t._id"
        );
        let mut stmt = self
            .conn
            .prepare(&sql)
            .map_err(|e| self.sql_error(table, e))?;
        let mut rows = stmt.query([]).map_err(|e| self.sql_error(table, e))?;
        while let Some(row) = rows.next().map_err(|e| self.sql_error(table, e))? {
            let gene_id = self.gene_id(row.get_ref(0), table)?;
            let go_id: String = row.get(1).map_err(|e| self.sql_error(table, e))?;
            let evidence: String = row.get(2).map_err(|e| self.sql_error(table, e))?;
            let fact = Fact::Go(GoAnnotation {
                gene_id,
                go_id,
                aspect,
                evidence,
                term: None,
                qualifier: None,
                references: Vec::new(),
                leaf: None,
            });
            if !emit(fact) {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FactSource;

    const SUBSET: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../demo/data/org.Hs.eg.subset.sqlite"
    );

    #[test]
    fn reads_the_demo_subset_with_release_and_every_fact_type() {
        let reader = open(Path::new(SUBSET)).unwrap();
        assert_eq!(
            reader.release().as_deref(),
            Some("Homo sapiens; Entrez Gene 2022-Sep12; GO 2022-07-01; UniProt Fri Sep 23 16:26:35 2022; Ensembl 2022-Jun28")
        );
        let facts: Vec<Fact> = reader.collect::<Result<_>>().unwrap();
        let bach1 = facts
            .iter()
            .find_map(|f| match f {
                Fact::Gene(g) if g.symbol == "BACH1" => Some(g.clone()),
                _ => None,
            })
            .unwrap();
        assert_eq!(bach1.gene_id, GeneId(571));
        assert_eq!(bach1.tax_id, TaxId::HUMAN);
        assert_eq!(bach1.map_location.as_deref(), Some("21q21.3"));
        assert_eq!(bach1.gene_type.as_deref(), Some("protein-coding"));
        let tp53_links = facts
            .iter()
            .filter(|f| matches!(f, Fact::GenePubmed(l) if l.gene_id == GeneId(7157)))
            .count();
        assert_eq!(tp53_links, 11_067);
        assert!(facts.iter().any(|f| matches!(f, Fact::Xref { gene_id: GeneId(571), xref } if xref.db == "UniProtKB" && xref.id == "O14867")));
        assert!(facts.iter().any(
            |f| matches!(f, Fact::Go(a) if a.gene_id == GeneId(571) && a.go_id == "GO:0000978")
        ));
    }

    #[test]
    fn ensembl_proteins_are_optional() {
        // A copy of the demo subset without the table, as org packages
        // built without Ensembl proteins (and older demo subsets) are.
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("org.subset.sqlite");
        std::fs::copy(SUBSET, &copy).unwrap();
        Connection::open(&copy)
            .unwrap()
            .execute_batch("DROP TABLE IF EXISTS ensembl_prot")
            .unwrap();
        let conn = open_readonly(&copy).unwrap();
        let reader = TableReader {
            conn: &conn,
            path: &copy,
            tax_id: TaxId::HUMAN,
        };
        assert!(reader.has_table("ensembl").unwrap());
        assert!(!reader.has_table("ensembl_prot").unwrap());
        let facts: Vec<Fact> = open(&copy).unwrap().collect::<Result<_>>().unwrap();
        assert!(facts
            .iter()
            .any(|f| matches!(f, Fact::Xref { xref, .. } if xref.db == "Ensembl")));
        assert!(!facts
            .iter()
            .any(|f| matches!(f, Fact::Xref { xref, .. } if xref.db == "Ensembl_protein")));
    }

    /// The full org.Hs.eg.db (`scripts/fetch-orgdb.sh`, or `LOCUS_ORGDB`):
    /// `SELECT count(*) FROM ensembl_prot t JOIN genes g ON g._id = t._id`
    /// gives 21,990 rows for 6,852 genes. Only that table is read, since
    /// streaming the whole package takes far longer.
    #[test]
    #[cfg_attr(
        not(locus_orgdb),
        ignore = "needs the full org.Hs.eg.db (scripts/fetch-orgdb.sh; LOCUS_ORGDB)"
    )]
    fn full_orgdb_ensembl_proteins() {
        let path = std::path::PathBuf::from(std::env::var_os("LOCUS_ORGDB").unwrap_or_default());
        let conn = open_readonly(&path).unwrap();
        let reader = TableReader {
            conn: &conn,
            path: &path,
            tax_id: TaxId::HUMAN,
        };
        assert!(reader.has_table("ensembl_prot").unwrap());
        let mut xrefs = Vec::new();
        let make: MakeFact = |gene_id, id| Fact::Xref {
            gene_id,
            xref: DbXref {
                db: "Ensembl_protein".into(),
                id,
            },
        };
        reader
            .pairs(
                "ensembl_prot",
                "prot_id",
                &mut |f| {
                    xrefs.push(f);
                    true
                },
                make,
            )
            .unwrap();
        assert_eq!(xrefs.len(), 21_990);
        assert!(xrefs.contains(&Fact::Xref {
            gene_id: GeneId(10),
            xref: DbXref {
                db: "Ensembl_protein".into(),
                id: "ENSP00000286479".into(),
            },
        }));
    }

    #[test]
    fn a_file_that_is_not_an_orgdb_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("not.sqlite");
        std::fs::write(&p, b"plain text, not SQLite").unwrap();
        let err = open(&p).err().unwrap().to_string();
        assert!(err.contains("not.sqlite"), "{err}");
        let err = open(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../demo/data/GO.subset.sqlite"
        )))
        .err()
        .unwrap()
        .to_string();
        assert!(err.contains("not a Bioconductor OrgDb package"), "{err}");
    }
}
