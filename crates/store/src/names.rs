//! What gene a user means by what they type: [`resolve_query`], the rule
//! behind `GeneStore::resolve`, written once so that no backend can come
//! to read a query differently. A backend answers the three lookups of
//! [`GeneNames`]; the order and the fallbacks are here.

use locus_model::{GeneId, GeneSummary, TaxId};

use crate::{MatchedBy, Resolution};

/// The lookups [`resolve_query`] asks of a store.
pub trait GeneNames {
    /// The backend's error.
    type Error;
    /// Whether the store holds the gene.
    fn has_gene(&mut self, gene_id: GeneId) -> Result<bool, Self::Error>;
    /// Genes of the organism (any when `None`) whose official symbol is
    /// `name`, ignoring case; human first, then by taxon and GeneID.
    fn by_symbol(
        &mut self,
        name: &str,
        tax: Option<TaxId>,
    ) -> Result<Vec<GeneSummary>, Self::Error>;
    /// Genes of the organism (any when `None`) that have `name` as a
    /// synonym but not as their symbol, ignoring case; human first, then
    /// by taxon and symbol.
    fn by_alias(&mut self, name: &str, tax: Option<TaxId>)
        -> Result<Vec<GeneSummary>, Self::Error>;
}

/// GeneID, then official symbol, then alias; within the organism asked for
/// (human by default), falling back to any organism when nothing matches
/// and no organism was asked for. A symbol of one gene wins over aliases
/// (which are noted beside it); a name of several genes is ambiguous.
pub fn resolve_query<N: GeneNames + ?Sized>(
    names: &mut N,
    query: &str,
    tax_id: Option<TaxId>,
) -> Result<Resolution, N::Error> {
    let q = query.trim();
    if q.is_empty() {
        return Ok(Resolution::NotFound);
    }
    if let Ok(id) = q.parse::<GeneId>() {
        return Ok(if names.has_gene(id)? {
            Resolution::Found {
                gene_id: id,
                matched: MatchedBy::GeneId,
                also_alias_of: vec![],
            }
        } else {
            Resolution::NotFound
        });
    }
    let organism = tax_id.unwrap_or(TaxId::HUMAN);
    for scope in [Some(organism), None] {
        let symbols = names.by_symbol(q, scope)?;
        let aliases = names.by_alias(q, scope)?;
        match symbols.len() {
            1 => {
                return Ok(Resolution::Found {
                    gene_id: symbols[0].gene_id,
                    matched: MatchedBy::Symbol,
                    also_alias_of: aliases,
                })
            }
            0 => {}
            _ => {
                let mut candidates = symbols;
                candidates.extend(aliases);
                return Ok(Resolution::Ambiguous { candidates });
            }
        }
        match aliases.len() {
            0 => {}
            1 => {
                return Ok(Resolution::Found {
                    gene_id: aliases[0].gene_id,
                    matched: MatchedBy::Alias,
                    also_alias_of: vec![],
                })
            }
            _ => {
                return Ok(Resolution::Ambiguous {
                    candidates: aliases,
                })
            }
        }
        if tax_id.is_some() {
            // An explicit organism is not second-guessed.
            break;
        }
    }
    Ok(Resolution::NotFound)
}
