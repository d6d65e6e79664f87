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
use rusqlite::Transaction;

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

/// Lookup tables over the genes the store holds, loaded once per import.
#[derive(Default)]
pub struct Resolver {
    genes: HashMap<GeneId, TaxId>,
    /// Official symbol, upper-cased, with organism → genes.
    symbols: HashMap<(TaxId, String), Vec<GeneId>>,
    /// Alias (synonym) upper-cased, with organism → genes.
    aliases: HashMap<(TaxId, String), Vec<GeneId>>,
    /// UniProt accession → genes (org.Hs.eg.db and UniProt flat file).
    uniprot: HashMap<String, Vec<GeneId>>,
    /// Ensembl gene or protein stable id → genes.
    ensembl: HashMap<String, Vec<GeneId>>,
}

fn push_unique(v: &mut Vec<GeneId>, g: GeneId) {
    if !v.contains(&g) {
        v.push(g);
    }
}

impl Resolver {
    pub fn load(tx: &Transaction<'_>) -> Result<Self> {
        let mut r = Resolver::default();
        {
            let mut stmt = tx.prepare("SELECT gene_id, tax_id, symbol FROM gene_best")?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let gene_id = row.get::<_, i64>(0)? as GeneId;
                let tax: TaxId = row.get(1)?;
                let symbol: String = row.get(2)?;
                r.genes.insert(gene_id, tax);
                push_unique(
                    r.symbols.entry((tax, symbol.to_uppercase())).or_default(),
                    gene_id,
                );
            }
        }
        {
            let mut stmt = tx
                .prepare("SELECT DISTINCT gene_id, alias FROM gene_alias WHERE kind = 'synonym'")?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let gene_id = row.get::<_, i64>(0)? as GeneId;
                let alias: String = row.get(1)?;
                if let Some(&tax) = r.genes.get(&gene_id) {
                    push_unique(
                        r.aliases.entry((tax, alias.to_uppercase())).or_default(),
                        gene_id,
                    );
                }
            }
        }
        {
            let mut stmt = tx.prepare(
                "SELECT gene_id, db, xref_id FROM gene_xref
                 WHERE db IN ('UniProtKB', 'Ensembl', 'Ensembl_protein')
                 UNION SELECT gene_id, 'UniProtKB', accession FROM protein_gene",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let gene_id = row.get::<_, i64>(0)? as GeneId;
                let db: String = row.get(1)?;
                let id: String = row.get(2)?;
                let map = if db == "UniProtKB" {
                    &mut r.uniprot
                } else {
                    &mut r.ensembl
                };
                push_unique(map.entry(id).or_default(), gene_id);
            }
        }
        Ok(r)
    }

    /// Whether the store holds any gene of `tax_id`; a network import into
    /// a store without its organism's genes could only report every row.
    pub fn has_organism(&self, tax_id: TaxId) -> bool {
        self.genes.values().any(|&t| t == tax_id)
    }

    pub fn resolve(&self, r: &GeneRef) -> Resolved {
        if r.complex {
            return Resolved::Complex;
        }
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
        let of_tax = |ids: &[GeneId]| -> Vec<GeneId> {
            ids.iter()
                .copied()
                .filter(|g| self.genes.get(g) == Some(&r.tax_id))
                .collect()
        };
        if let Some(found) = stage(of_tax(&r.gene_ids), "gene_id") {
            return found;
        }
        if let Some(u) = &r.uniprot {
            let ids = self.uniprot.get(u).map(|v| of_tax(v)).unwrap_or_default();
            if let Some(found) = stage(ids, "uniprot") {
                return found;
            }
        }
        if let Some(e) = &r.ensembl {
            let ids = self.ensembl.get(e).map(|v| of_tax(v)).unwrap_or_default();
            if let Some(found) = stage(ids, "ensembl") {
                return found;
            }
        }
        if let Some(s) = r.symbol.as_deref().filter(|s| !s.is_empty() && *s != "-") {
            let key = (r.tax_id, s.to_uppercase());
            let ids = self.symbols.get(&key).cloned().unwrap_or_default();
            if let Some(found) = stage(ids, "symbol") {
                return found;
            }
            // Only when no official symbol matched: an alias must not
            // override a gene whose current symbol it is.
            if !self.symbols.contains_key(&key) {
                let ids = self.aliases.get(&key).cloned().unwrap_or_default();
                if let Some(found) = stage(ids, "alias") {
                    return found;
                }
            }
        }
        match ambiguous {
            Some(mut c) => {
                c.sort_unstable();
                Resolved::Ambiguous(c)
            }
            None => Resolved::NotFound,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolver() -> Resolver {
        // Real genes: BACH1 (571), GABPA (2551) and NFE2L2 (4780) share
        // the alias NRF2; HMOX1 is 3162; mouse Bach1 is 12013.
        let mut r = Resolver::default();
        for (g, tax, sym) in [
            (571, 9606, "BACH1"),
            (2551, 9606, "GABPA"),
            (4780, 9606, "NFE2L2"),
            (3162, 9606, "HMOX1"),
            (12013, 10090, "Bach1"),
        ] {
            r.genes.insert(g, tax);
            r.symbols.insert((tax, sym.to_uppercase()), vec![g]);
        }
        r.aliases.insert((9606, "NRF2".into()), vec![2551, 4780]);
        r.aliases.insert((9606, "HO-1".into()), vec![3162]);
        r.uniprot.insert("O14867".into(), vec![571]);
        r
    }

    #[test]
    fn order_is_gene_id_uniprot_symbol() {
        let r = resolver();
        let mut g = GeneRef::symbol(9606, "HMOX1");
        assert_eq!(
            r.resolve(&g),
            Resolved::Gene {
                gene_id: 3162,
                by: "symbol"
            }
        );
        g.gene_ids = vec![999_999_999, 571];
        assert_eq!(
            r.resolve(&g),
            Resolved::Gene {
                gene_id: 571,
                by: "gene_id"
            }
        );
        g.gene_ids = vec![999_999_999];
        g.uniprot = Some("O14867".into());
        assert_eq!(
            r.resolve(&g),
            Resolved::Gene {
                gene_id: 571,
                by: "uniprot"
            }
        );
    }

    #[test]
    fn organism_matters_and_case_does_not() {
        let r = resolver();
        assert_eq!(
            r.resolve(&GeneRef::symbol(10090, "BACH1")),
            Resolved::Gene {
                gene_id: 12013,
                by: "symbol"
            }
        );
        assert_eq!(
            r.resolve(&GeneRef::symbol(10090, "Hmox1")),
            Resolved::NotFound
        );
    }

    #[test]
    fn shared_alias_is_ambiguous_not_guessed() {
        let r = resolver();
        assert_eq!(
            r.resolve(&GeneRef::symbol(9606, "NRF2")),
            Resolved::Ambiguous(vec![2551, 4780])
        );
        assert_eq!(
            r.resolve(&GeneRef::symbol(9606, "HO-1")),
            Resolved::Gene {
                gene_id: 3162,
                by: "alias"
            }
        );
        assert_eq!(
            r.resolve(&GeneRef::symbol(9606, "NFKB")),
            Resolved::NotFound
        );
    }
}
