//! Mapping the identifiers a network file names to the genes of the store.
//!
//! Network sources name genes in different ways: TFLink by GeneID and
//! UniProt, TRRUST and CollecTRI by symbol, BioMart by Ensembl gene id,
//! STRING by Ensembl protein id. Each [`GeneRef`] is tried in a fixed order
//! (GeneID, UniProt, Ensembl, official symbol, alias), and the first
//! identifier that names exactly one gene of the organism wins. Anything
//! else is reported, never guessed: an identifier that names no gene is
//! `not_found`, one that names several (an alias shared by two genes, a
//! UniProt accession mapped to two GeneIDs) is `ambiguous` with its
//! candidates.

use std::collections::HashMap;

use locus_model::{GeneId, GeneRef, TaxId};
use rusqlite::{params, Statement, Transaction};

use crate::Result;

/// How a reference was resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    Gene {
        gene_id: GeneId,
        /// `gene_id`, `uniprot`, `ensembl`, `symbol` or `alias`.
        by: &'static str,
    },
    NotFound,
    Ambiguous(Vec<GeneId>),
    /// The source names a protein complex, not one gene.
    Complex,
}

/// Looks identifiers up in the store's gene tables, one indexed query per
/// distinct identifier, remembering every answer.
///
/// A network file names a few thousand distinct genes however many rows it
/// has, so this costs milliseconds; loading every symbol, alias and
/// cross-reference of a full store (150,000 genes) up front cost about a
/// second per imported file.
pub struct Resolver<'t> {
    gene_tax: Statement<'t>,
    uniprot: Statement<'t>,
    ensembl: Statement<'t>,
    symbol: Statement<'t>,
    alias: Statement<'t>,
    organism: Statement<'t>,
    memo: HashMap<GeneRef, Resolved>,
}

fn ids(stmt: &mut Statement<'_>, params: impl rusqlite::Params) -> Result<Vec<GeneId>> {
    let rows = stmt.query_map(params, |r| r.get::<_, i64>(0))?;
    let mut out: Vec<GeneId> = Vec::new();
    for g in rows {
        let g = g? as GeneId;
        if !out.contains(&g) {
            out.push(g);
        }
    }
    Ok(out)
}

impl<'t> Resolver<'t> {
    pub fn new(tx: &'t Transaction<'t>) -> Result<Self> {
        Ok(Resolver {
            gene_tax: tx.prepare("SELECT gene_id FROM gene_best WHERE gene_id = ?1 AND tax_id = ?2")?,
            uniprot: tx.prepare(
                "SELECT x.gene_id FROM gene_xref x JOIN gene_best b ON b.gene_id = x.gene_id
                 WHERE x.db = 'UniProtKB' AND x.xref_id = ?1 AND b.tax_id = ?2
                 UNION SELECT p.gene_id FROM protein_gene p JOIN gene_best b ON b.gene_id = p.gene_id
                 WHERE p.accession = ?1 AND b.tax_id = ?2",
            )?,
            ensembl: tx.prepare(
                "SELECT x.gene_id FROM gene_xref x JOIN gene_best b ON b.gene_id = x.gene_id
                 WHERE x.db IN ('Ensembl', 'Ensembl_protein') AND x.xref_id = ?1 AND b.tax_id = ?2",
            )?,
            // Exact-case matches sort first (`symbol = ?1` is 1 for them).
            symbol: tx.prepare(
                "SELECT gene_id, symbol = ?1 FROM gene_best WHERE symbol = ?1 COLLATE NOCASE AND tax_id = ?2
                 ORDER BY 2 DESC",
            )?,
            alias: tx.prepare(
                "SELECT a.gene_id FROM gene_alias a JOIN gene_best b ON b.gene_id = a.gene_id
                 WHERE a.alias = ?1 COLLATE NOCASE AND a.kind = 'synonym' AND b.tax_id = ?2",
            )?,
            organism: tx.prepare("SELECT EXISTS (SELECT 1 FROM gene_best WHERE tax_id = ?1)")?,
            memo: HashMap::new(),
        })
    }

    /// Whether the store holds any gene of `tax_id`; a network import into
    /// a store without its organism's genes could only report every row.
    pub fn has_organism(&mut self, tax_id: TaxId) -> Result<bool> {
        Ok(self.organism.query_row([tax_id], |r| r.get(0))?)
    }

    pub fn resolve(&mut self, r: &GeneRef) -> Result<Resolved> {
        if let Some(hit) = self.memo.get(r) {
            return Ok(hit.clone());
        }
        let found = self.lookup(r)?;
        self.memo.insert(r.clone(), found.clone());
        Ok(found)
    }

    fn lookup(&mut self, r: &GeneRef) -> Result<Resolved> {
        if r.complex {
            return Ok(Resolved::Complex);
        }
        let tax = r.tax_id;
        let mut ambiguous: Option<Vec<GeneId>> = None;
        let mut stage = |candidates: Vec<GeneId>, by: &'static str| -> Option<Resolved> {
            match candidates.len() {
                0 => None,
                1 => Some(Resolved::Gene {
                    gene_id: candidates[0],
                    by,
                }),
                _ => {
                    ambiguous.get_or_insert(candidates);
                    None
                }
            }
        };
        let mut by_id = Vec::new();
        for g in &r.gene_ids {
            by_id.extend(ids(&mut self.gene_tax, params![*g as i64, tax])?);
        }
        if let Some(found) = stage(by_id, "gene_id") {
            return Ok(found);
        }
        if let Some(u) = &r.uniprot {
            if let Some(found) = stage(ids(&mut self.uniprot, params![u, tax])?, "uniprot") {
                return Ok(found);
            }
        }
        if let Some(e) = &r.ensembl {
            if let Some(found) = stage(ids(&mut self.ensembl, params![e, tax])?, "ensembl") {
                return Ok(found);
            }
        }
        if let Some(s) = r.symbol.as_deref().filter(|s| !s.is_empty() && *s != "-") {
            let matches: Vec<(GeneId, bool)> = self
                .symbol
                .query_map(params![s, tax], |r| {
                    Ok((r.get::<_, i64>(0)? as GeneId, r.get(1)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let is_symbol = !matches.is_empty();
            // Symbols differ only in case across some genes (human `TEC`
            // and `tec`); the one written exactly as the source writes it wins.
            let exact: Vec<GeneId> = matches.iter().filter(|m| m.1).map(|m| m.0).collect();
            let official = if exact.len() == 1 {
                exact
            } else {
                matches.iter().map(|m| m.0).collect()
            };
            if let Some(found) = stage(official, "symbol") {
                return Ok(found);
            }
            // Only when no official symbol matched: an alias must not
            // override a gene whose current symbol it is.
            if !is_symbol {
                if let Some(found) = stage(ids(&mut self.alias, params![s, tax])?, "alias") {
                    return Ok(found);
                }
            }
        }
        Ok(match ambiguous {
            Some(mut c) => {
                c.sort_unstable();
                Resolved::Ambiguous(c)
            }
            None => Resolved::NotFound,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    /// A store holding real genes: BACH1 (571), GABPA (2551) and NFE2L2
    /// (4780), which share the alias NRF2; HMOX1 (3162, alias HO-1); JUN
    /// (3725, whose NCBI synonyms include AP1); mouse Bach1 (12013).
    fn store() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        super::super::schema::migrate(&mut conn).unwrap();
        conn.execute_batch(
            "INSERT INTO imports (id, kind, dataset, file_name, sha256, started_at) VALUES (1, 'gene-info', 'd', 'f', 'x', 't');
             INSERT INTO gene_best (gene_id, import_id, tax_id, symbol) VALUES
               (571, 1, 9606, 'BACH1'), (2551, 1, 9606, 'GABPA'), (4780, 1, 9606, 'NFE2L2'),
               (3162, 1, 9606, 'HMOX1'), (3725, 1, 9606, 'JUN'), (12013, 1, 10090, 'Bach1');
             INSERT INTO gene_alias (gene_id, kind, alias, import_id) VALUES
               (2551, 'synonym', 'NRF2', 1), (4780, 'synonym', 'NRF2', 1), (3162, 'synonym', 'HO-1', 1),
               (3725, 'synonym', 'AP1', 1);
             INSERT INTO gene_xref (gene_id, db, xref_id, import_id) VALUES (571, 'UniProtKB', 'O14867', 1);",
        )
        .unwrap();
        conn
    }

    #[test]
    fn order_is_gene_id_uniprot_symbol() {
        let mut conn = store();
        let tx = conn.transaction().unwrap();
        let mut r = Resolver::new(&tx).unwrap();
        let mut g = GeneRef::symbol(9606, "HMOX1");
        assert_eq!(
            r.resolve(&g).unwrap(),
            Resolved::Gene {
                gene_id: 3162,
                by: "symbol"
            }
        );
        g.gene_ids = vec![999_999_999, 571];
        assert_eq!(
            r.resolve(&g).unwrap(),
            Resolved::Gene {
                gene_id: 571,
                by: "gene_id"
            }
        );
        g.gene_ids = vec![999_999_999];
        g.uniprot = Some("O14867".into());
        assert_eq!(
            r.resolve(&g).unwrap(),
            Resolved::Gene {
                gene_id: 571,
                by: "uniprot"
            }
        );
    }

    #[test]
    fn organism_matters_and_case_does_not() {
        let mut conn = store();
        let tx = conn.transaction().unwrap();
        let mut r = Resolver::new(&tx).unwrap();
        assert_eq!(
            r.resolve(&GeneRef::symbol(10090, "BACH1")).unwrap(),
            Resolved::Gene {
                gene_id: 12013,
                by: "symbol"
            }
        );
        assert_eq!(
            r.resolve(&GeneRef::symbol(10090, "Hmox1")).unwrap(),
            Resolved::NotFound
        );
        assert!(r.has_organism(10090).unwrap());
        assert!(!r.has_organism(10116).unwrap());
    }

    #[test]
    fn shared_alias_is_ambiguous_not_guessed() {
        let mut conn = store();
        let tx = conn.transaction().unwrap();
        let mut r = Resolver::new(&tx).unwrap();
        assert_eq!(
            r.resolve(&GeneRef::symbol(9606, "NRF2")).unwrap(),
            Resolved::Ambiguous(vec![2551, 4780])
        );
        assert_eq!(
            r.resolve(&GeneRef::symbol(9606, "HO-1")).unwrap(),
            Resolved::Gene {
                gene_id: 3162,
                by: "alias"
            }
        );
        assert_eq!(
            r.resolve(&GeneRef::symbol(9606, "NFKB")).unwrap(),
            Resolved::NotFound
        );
    }

    #[test]
    fn a_complex_is_never_mapped_to_a_member() {
        let mut conn = store();
        let tx = conn.transaction().unwrap();
        let mut r = Resolver::new(&tx).unwrap();
        let ap1 = GeneRef::symbol(9606, "AP1");
        assert_eq!(
            r.resolve(&ap1).unwrap(),
            Resolved::Gene {
                gene_id: 3725,
                by: "alias"
            }
        );
        let complex = GeneRef {
            complex: true,
            ..ap1
        };
        assert_eq!(r.resolve(&complex).unwrap(), Resolved::Complex);
    }
}
