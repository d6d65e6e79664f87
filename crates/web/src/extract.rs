//! Request extractors that answer a bad request with the API's error body
//! ([`ApiQuery`], [`ApiPath`]), the organism parameter as the OpenAPI
//! document states it ([`Organism`]), and [`ResolvedGene`]: the gene a
//! path names, or the 300/404 answer instead.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use locus_kb::KnowledgeBase;
use locus_model::{GeneId, TaxId};
use locus_store::{GeneDetail, Resolution};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use crate::error::{blocking, ApiError, ErrorCode};
use crate::state::AppState;

/// Longest name accepted for a gene, a search or an organism, in
/// characters (as JSON Schema's `maxLength` counts them).
pub const MAX_NAME_CHARS: usize = 200;

/// Longest source-database name accepted (`CollecTRI`,
/// `TRRUST_via_DoRothEA`), in the API and in the page's table filters.
pub const MAX_SOURCE_CHARS: usize = 64;

/// A whole-number parameter that must lie in 1..=`max`; `default` when
/// the request leaves it out.
pub fn one_to(name: &str, value: Option<u64>, default: u64, max: u64) -> Result<u64, ApiError> {
    let v = value.unwrap_or(default);
    if !(1..=max).contains(&v) {
        return Err(ApiError::invalid(format!("{name} must be 1 to {max}")));
    }
    Ok(v)
}

/// `Query<T>` whose rejection is the API's 400 body.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(v)| ApiQuery(v))
            .map_err(|e| ApiError::invalid(e.body_text()))
    }
}

/// `Path<T>` whose rejection is the API's 400 body.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(v)| ApiPath(v))
            .map_err(|e| ApiError::invalid(e.body_text()))
    }
}

/// An organism as the API accepts it: a taxon id (1–999,999,999) or one
/// of the names [`TaxId::organism_names`] lists, spelled exactly so.
///
/// The API is stricter than the command line (which takes any case):
/// what the OpenAPI document allows is exactly what is accepted, so a
/// generated client and the server agree on every value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Organism(pub TaxId);

impl Organism {
    /// Parses the API form.
    pub fn parse(s: &str) -> Option<Organism> {
        let digits = !s.is_empty()
            && s.len() <= 9
            && s.bytes().all(|b| b.is_ascii_digit())
            && !s.starts_with('0');
        if digits {
            return s.parse().ok().map(Organism);
        }
        TaxId::organism_names()
            .any(|n| n == s)
            .then(|| TaxId::parse_organism(s).map(Organism))
            .flatten()
    }

    /// The JSON Schema pattern of the taxon-id form.
    pub const TAXON_PATTERN: &'static str = "^[1-9][0-9]{0,8}$";
}

impl<'de> Deserialize<'de> for Organism {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Organism::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown organism {s:?}: use a taxon id or one of {}",
                TaxId::organism_names().collect::<Vec<_>>().join(", ")
            ))
        })
    }
}

/// The `?organism=` of a request, as every gene route takes it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OrganismQuery {
    /// Taxon id or name; default human for symbols.
    pub organism: Option<Organism>,
}

/// Checks a gene name's length as the document states it.
pub fn check_name(what: &str, name: &str) -> Result<(), ApiError> {
    let n = name.chars().count();
    if n == 0 {
        return Err(ApiError::invalid(format!("{what} is empty")));
    }
    if n > MAX_NAME_CHARS {
        return Err(ApiError::invalid(format!(
            "{what} is longer than {MAX_NAME_CHARS} characters"
        )));
    }
    Ok(())
}

/// Resolves `name` in `organism`: the gene, or the 300 (candidates) or
/// 404 (suggestions) answer.
pub fn resolve_gene(
    kb: &Arc<KnowledgeBase>,
    name: &str,
    organism: Option<TaxId>,
) -> Result<GeneId, ApiError> {
    check_name("gene name", name)?;
    match kb.resolve(name, organism)? {
        Resolution::Found { gene_id, .. } => Ok(gene_id),
        Resolution::Ambiguous { candidates } => {
            let mut e = ApiError::new(
                ErrorCode::AmbiguousGene,
                format!(
                    "{name:?} names {} genes; choose one by GeneID",
                    candidates.len()
                ),
            );
            e.candidates = Some(candidates);
            Err(e)
        }
        Resolution::NotFound => {
            let mut e = ApiError::new(ErrorCode::GeneNotFound, format!("no gene named {name:?}"));
            e.suggestions = Some(kb.suggest(name, organism, 10)?);
            Err(e)
        }
    }
}

/// The gene a route's `{id}` (with `?organism=`) names, with its record.
///
/// Rejected with the API's 400 (bad organism, over-long name), 300
/// (several genes) or 404 (no such gene, with suggestions) body.
pub struct ResolvedGene(pub GeneDetail);

impl FromRequestParts<Arc<AppState>> for ResolvedGene {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, ApiError> {
        #[derive(Deserialize)]
        struct IdPath {
            id: String,
        }
        let ApiPath(IdPath { id }) = ApiPath::from_request_parts(parts, state).await?;
        let ApiQuery(q) = ApiQuery::<OrganismQuery>::from_request_parts(parts, state).await?;
        let kb = state.kb.clone();
        let gene = blocking(move || {
            let gene_id = resolve_gene(&kb, &id, q.organism.map(|o| o.0))?;
            Ok(locus_kb::gene::detail(kb.store(), gene_id)?)
        })
        .await?;
        Ok(ResolvedGene(gene))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organism_is_what_the_document_says() {
        assert_eq!(Organism::parse("9606"), Some(Organism(TaxId::HUMAN)));
        assert_eq!(Organism::parse("mouse"), Some(Organism(TaxId::MOUSE)));
        assert_eq!(
            Organism::parse("Mus musculus"),
            Some(Organism(TaxId::MOUSE))
        );
        for bad in ["", "Mouse", "0", "09606", "1234567890", "martian", " human"] {
            assert_eq!(Organism::parse(bad), None, "{bad:?}");
        }
    }
}
