//! Which gene of the store a network file means.
//!
//! Network sources name genes in different ways: TFLink by GeneID and
//! UniProt, TRRUST and CollecTRI by symbol, BioMart by Ensembl gene id,
//! STRING by Ensembl protein id. [`Resolver`] tries each [`GeneRef`]'s
//! identifiers in a fixed order — GeneID, UniProt, Ensembl, official
//! symbol, alias — and the first that names exactly one gene of the
//! organism wins. Anything else is reported, never guessed: an identifier
//! that names no gene is `not_found`; one that names several (an alias
//! shared by two genes, a UniProt accession mapped to two GeneIDs) is
//! `ambiguous` with its candidates; a protein complex is `complex`.
//!
//! The order is written here once; a backend only answers
//! [`GeneLookup::candidates`].

use std::collections::HashMap;

use locus_model::{GeneId, GeneRef, TaxId};

use crate::{Candidate, Lookup, Result};

/// What the resolver asks of a store: the genes an identifier names.
pub trait GeneLookup {
    /// The genes of organism `tax_id` that `lookup` names.
    fn candidates(&mut self, lookup: Lookup<'_>, tax_id: TaxId) -> Result<Vec<Candidate>>;
    /// Whether the store holds any gene of `tax_id`.
    fn has_organism(&mut self, tax_id: TaxId) -> Result<bool>;
}

/// Which identifier of a [`GeneRef`] named the gene.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResolvedBy {
    /// A GeneID the file gives.
    GeneId,
    /// A UniProtKB accession.
    Uniprot,
    /// An Ensembl gene or protein id.
    Ensembl,
    /// The official symbol.
    Symbol,
    /// An alias of exactly one gene.
    Alias,
}

/// How a reference was resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Exactly one gene.
    Gene {
        /// NCBI GeneID of the one gene the reference names.
        gene_id: GeneId,
        /// Which identifier named it.
        by: ResolvedBy,
    },
    /// No identifier names a gene of the store.
    NotFound,
    /// An identifier names several genes, and none named exactly one.
    Ambiguous(Vec<GeneId>),
    /// The source names a protein complex, not one gene.
    Complex,
}

/// Resolves references, remembering every answer: a network file names a
/// few thousand distinct genes however many rows it has.
#[derive(Debug, Default)]
pub struct Resolver {
    memo: HashMap<GeneRef, Resolved>,
}

impl Resolver {
    /// The gene `r` names, looked up through `store`.
    pub fn resolve(&mut self, store: &mut dyn GeneLookup, r: &GeneRef) -> Result<Resolved> {
        if let Some(hit) = self.memo.get(r) {
            return Ok(hit.clone());
        }
        let found = lookup(store, r)?;
        self.memo.insert(r.clone(), found.clone());
        Ok(found)
    }
}

fn ids(candidates: Vec<Candidate>) -> Vec<GeneId> {
    let mut out: Vec<GeneId> = Vec::with_capacity(candidates.len());
    for c in candidates {
        if !out.contains(&c.gene_id) {
            out.push(c.gene_id);
        }
    }
    out
}

fn lookup(store: &mut dyn GeneLookup, r: &GeneRef) -> Result<Resolved> {
    if r.complex {
        return Ok(Resolved::Complex);
    }
    let tax = r.tax_id;
    let mut ambiguous: Option<Vec<GeneId>> = None;
    let mut stage = |candidates: Vec<GeneId>, by: ResolvedBy| -> Option<Resolved> {
        match candidates.as_slice() {
            [] => None,
            [one] => Some(Resolved::Gene { gene_id: *one, by }),
            _ => {
                ambiguous.get_or_insert(candidates);
                None
            }
        }
    };
    let mut by_id = Vec::new();
    for g in &r.gene_ids {
        by_id.extend(ids(store.candidates(Lookup::GeneId(*g), tax)?));
    }
    by_id.dedup();
    if let Some(found) = stage(by_id, ResolvedBy::GeneId) {
        return Ok(found);
    }
    if let Some(u) = &r.uniprot {
        let c = ids(store.candidates(Lookup::Uniprot(u), tax)?);
        if let Some(found) = stage(c, ResolvedBy::Uniprot) {
            return Ok(found);
        }
    }
    if let Some(e) = &r.ensembl {
        let c = ids(store.candidates(Lookup::Ensembl(e), tax)?);
        if let Some(found) = stage(c, ResolvedBy::Ensembl) {
            return Ok(found);
        }
    }
    if let Some(s) = r.symbol.as_deref().filter(|s| !s.is_empty() && *s != "-") {
        let matches = store.candidates(Lookup::Symbol(s), tax)?;
        let is_symbol = !matches.is_empty();
        // Symbols differ only in case across some genes (human `TEC` and
        // `tec`); the one written exactly as the source writes it wins.
        let exact: Vec<Candidate> = matches.iter().copied().filter(|m| m.exact_case).collect();
        let official = if exact.len() == 1 { exact } else { matches };
        if let Some(found) = stage(ids(official), ResolvedBy::Symbol) {
            return Ok(found);
        }
        // Only when no official symbol matched: an alias must not
        // override a gene whose current symbol it is.
        if !is_symbol {
            let c = ids(store.candidates(Lookup::Alias(s), tax)?);
            if let Some(found) = stage(c, ResolvedBy::Alias) {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Real genes of NCBI `gene_info`: BACH1 (571), GABPA (2551) and NFE2L2
    /// (4780), which share the alias NRF2; HMOX1 (3162, alias HO-1); JUN
    /// (3725, whose NCBI synonyms include AP1); mouse Bach1 (12013); and
    /// BACH1's UniProt accession O14867.
    struct Genes;

    const GENES: &[(u64, u32, &str, &[&str])] = &[
        (571, 9606, "BACH1", &[]),
        (2551, 9606, "GABPA", &["NRF2"]),
        (4780, 9606, "NFE2L2", &["NRF2"]),
        (3162, 9606, "HMOX1", &["HO-1"]),
        (3725, 9606, "JUN", &["AP1"]),
        (12013, 10090, "Bach1", &[]),
    ];

    impl GeneLookup for Genes {
        fn candidates(&mut self, lookup: Lookup<'_>, tax: TaxId) -> Result<Vec<Candidate>> {
            let of_tax = GENES.iter().filter(|g| g.1 == tax.0);
            let hit = |g: u64, exact_case| Candidate {
                gene_id: GeneId(g),
                exact_case,
            };
            Ok(match lookup {
                Lookup::GeneId(id) => of_tax
                    .filter(|g| g.0 == id.0)
                    .map(|g| hit(g.0, true))
                    .collect(),
                Lookup::Uniprot(u) => of_tax
                    .filter(|g| g.0 == 571 && u == "O14867")
                    .map(|g| hit(g.0, true))
                    .collect(),
                Lookup::Ensembl(_) => vec![],
                Lookup::Symbol(s) => of_tax
                    .filter(|g| g.2.eq_ignore_ascii_case(s))
                    .map(|g| hit(g.0, g.2 == s))
                    .collect(),
                Lookup::Alias(a) => of_tax
                    .filter(|g| g.3.iter().any(|x| x.eq_ignore_ascii_case(a)))
                    .map(|g| hit(g.0, true))
                    .collect(),
            })
        }
        fn has_organism(&mut self, tax: TaxId) -> Result<bool> {
            Ok(GENES.iter().any(|g| g.1 == tax.0))
        }
    }

    fn resolve(r: &GeneRef) -> Resolved {
        Resolver::default().resolve(&mut Genes, r).unwrap()
    }

    fn gene(id: u64, by: ResolvedBy) -> Resolved {
        Resolved::Gene {
            gene_id: GeneId(id),
            by,
        }
    }

    #[test]
    fn order_is_gene_id_uniprot_symbol() {
        let mut g = GeneRef::symbol(TaxId::HUMAN, "HMOX1");
        assert_eq!(resolve(&g), gene(3162, ResolvedBy::Symbol));
        g.gene_ids = vec![GeneId(999_999_999), GeneId(571)];
        assert_eq!(resolve(&g), gene(571, ResolvedBy::GeneId));
        g.gene_ids = vec![GeneId(999_999_999)];
        g.uniprot = Some("O14867".into());
        assert_eq!(resolve(&g), gene(571, ResolvedBy::Uniprot));
    }

    #[test]
    fn organism_matters_and_case_does_not() {
        assert_eq!(
            resolve(&GeneRef::symbol(TaxId::MOUSE, "BACH1")),
            gene(12013, ResolvedBy::Symbol)
        );
        assert_eq!(
            resolve(&GeneRef::symbol(TaxId::MOUSE, "Hmox1")),
            Resolved::NotFound
        );
    }

    #[test]
    fn shared_alias_is_ambiguous_not_guessed() {
        assert_eq!(
            resolve(&GeneRef::symbol(TaxId::HUMAN, "NRF2")),
            Resolved::Ambiguous(vec![GeneId(2551), GeneId(4780)])
        );
        assert_eq!(
            resolve(&GeneRef::symbol(TaxId::HUMAN, "HO-1")),
            gene(3162, ResolvedBy::Alias)
        );
        assert_eq!(
            resolve(&GeneRef::symbol(TaxId::HUMAN, "NFKB")),
            Resolved::NotFound
        );
    }

    #[test]
    fn a_complex_is_never_mapped_to_a_member() {
        let ap1 = GeneRef::symbol(TaxId::HUMAN, "AP1");
        assert_eq!(resolve(&ap1), gene(3725, ResolvedBy::Alias));
        let complex = GeneRef {
            complex: true,
            ..ap1
        };
        assert_eq!(resolve(&complex), Resolved::Complex);
    }
}
