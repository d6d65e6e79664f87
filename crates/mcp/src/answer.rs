//! How an answer reaches an agent: JSON with the entity it is about, the
//! resource URI to cite, links to the page and the API, and the imports
//! its facts come from; or a refusal the agent can act on (a gene name
//! that fits several genes lists them; an unknown one, names like it).

use std::sync::Arc;

use locus_kb::KnowledgeBase;
use locus_model::{EntityRef, GeneId, GeneSummary, ImportId, ImportRecord, TaxId};
use locus_store::Resolution;
use rmcp::model::{CallToolResult, ContentBlock};
use serde::Serialize;
use serde_json::Value;

use crate::MAX_ANSWER_BYTES;

/// One import an answer's facts come from.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// The import's number (`/api/v1/imports` lists them all).
    pub import_id: ImportId,
    /// The importer (`gene_info`, `tflink`, …).
    pub kind: String,
    /// What a re-import replaces.
    pub dataset: String,
    /// The file read.
    pub file_name: String,
    /// The release or date the file states, if any.
    pub release: Option<String>,
    /// When the import finished (RFC 3339).
    pub imported: Option<String>,
}

impl From<&ImportRecord> for Source {
    fn from(r: &ImportRecord) -> Self {
        Source {
            import_id: r.id,
            kind: r.kind.as_str().to_string(),
            dataset: r.dataset.clone(),
            file_name: r.file_name.clone(),
            release: r.release.clone(),
            imported: r.finished_at.clone(),
        }
    }
}

/// The sources of a list of import records.
pub fn sources(records: &[ImportRecord]) -> Vec<Source> {
    records.iter().map(Source::from).collect()
}

/// The resource URI of an entity: `locus://gene/9606/571` for a gene (the
/// organism first, as a reader says "human BACH1"), `locus://{kind}/{id}`
/// for the others (`locus://disease/DOID:1612`).
pub fn resource_uri(entity: EntityRef, tax_id: Option<TaxId>) -> String {
    match (entity, tax_id) {
        (EntityRef::Gene(g), Some(t)) => format!("locus://gene/{t}/{g}"),
        (EntityRef::Gene(g), None) => format!("locus://gene/{g}"),
        (EntityRef::Publication(p), _) => format!("locus://publication/{p}"),
        (EntityRef::Disease(t), _) => format!("locus://disease/{t}"),
        (EntityRef::Phenotype(t), _) => format!("locus://phenotype/{t}"),
        (EntityRef::GoTerm(t), _) => format!("locus://go_term/{t}"),
        (EntityRef::Chemical(m), _) => format!("locus://chemical/{m}"),
    }
}

/// Links to an entity on the server: its page and its API document.
#[derive(Debug, Clone, Serialize)]
pub struct Links {
    /// The page a person reads.
    pub page: String,
    /// The JSON API document.
    pub api: String,
}

/// The links of `entity`, absolute when the server's address is known.
pub fn links(base: Option<&str>, entity: EntityRef) -> Links {
    let base = base.unwrap_or("");
    let api = match entity {
        EntityRef::Gene(g) => format!("/api/v1/genes/{g}"),
        EntityRef::Publication(p) => format!("/api/v1/publications/{p}"),
        EntityRef::Disease(t) | EntityRef::Phenotype(t) | EntityRef::GoTerm(t) => {
            format!("/api/v1/terms/{t}")
        }
        EntityRef::Chemical(m) => format!("/api/v1/chemicals/{m}"),
    };
    Links {
        page: format!("{base}{}", entity.path()),
        api: format!("{base}{api}"),
    }
}

/// Why a tool answered without its result; the agent reads `message`
/// and may retry with one of `candidates` or `suggestions`.
#[derive(Debug, Serialize)]
pub struct Refusal {
    /// A stable code: `not_found`, `ambiguous`, `invalid`, `unauthorized`,
    /// `forbidden`, `conflict`, `busy`, `timeout`, `too_large`,
    /// `internal`.
    pub error: &'static str,
    /// What happened and what to do, in words.
    pub message: String,
    /// Genes a name fits (for `ambiguous`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<GeneSummary>,
    /// Names like an unknown one (for `not_found`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<String>,
    /// Anything else the agent needs to act (a conflict's texts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<Value>,
}

impl Refusal {
    /// A refusal with a code and a message.
    pub fn new(error: &'static str, message: impl Into<String>) -> Self {
        Refusal {
            error,
            message: message.into(),
            candidates: Vec::new(),
            suggestions: Vec::new(),
            detail: None,
        }
    }

    /// A bad argument.
    pub fn invalid(message: impl Into<String>) -> Self {
        Refusal::new("invalid", message)
    }

    /// The tool's result: an error result, so the agent sees the message
    /// (a protocol error would hide it).
    pub fn into_result(self) -> CallToolResult {
        let value = serde_json::to_value(&self).unwrap_or(Value::Null);
        let mut r = CallToolResult::error(vec![ContentBlock::text(format!(
            "{}: {}",
            self.error, self.message
        ))]);
        r.structured_content = Some(value);
        r
    }
}

impl From<locus_kb::Error> for Refusal {
    fn from(e: locus_kb::Error) -> Self {
        match e {
            locus_kb::Error::GeneGone(g) => {
                Refusal::new("not_found", format!("gene {g} is no longer in the store"))
            }
            locus_kb::Error::Invalid(m) => Refusal::invalid(m),
            locus_kb::Error::Forbidden(m) => Refusal::new("forbidden", m),
            locus_kb::Error::NotFound(m) => Refusal::new("not_found", m),
            locus_kb::Error::Store(e) => Refusal::new("internal", e.to_string()),
        }
    }
}

impl From<locus_store::StoreError> for Refusal {
    fn from(e: locus_store::StoreError) -> Self {
        Refusal::new("internal", e.to_string())
    }
}

/// A successful answer: its JSON as structured content and as text (for
/// clients that read only text), refused when it is larger than
/// [`MAX_ANSWER_BYTES`].
pub fn success(value: &impl Serialize) -> Result<CallToolResult, Refusal> {
    let value = serde_json::to_value(value).map_err(|e| Refusal::new("internal", e.to_string()))?;
    let text =
        serde_json::to_string(&value).map_err(|e| Refusal::new("internal", e.to_string()))?;
    if text.len() > MAX_ANSWER_BYTES {
        return Err(Refusal::new(
            "too_large",
            format!(
                "the answer is {} bytes, more than {MAX_ANSWER_BYTES}; ask for fewer rows (`limit`)",
                text.len()
            ),
        ));
    }
    let mut r = CallToolResult::success(vec![ContentBlock::text(text)]);
    r.structured_content = Some(value);
    Ok(r)
}

/// A gene by GeneID, symbol or alias (in `organism`, human by default),
/// or the refusal naming the candidates or similar names.
pub fn resolve_gene(
    kb: &Arc<KnowledgeBase>,
    name: &str,
    organism: Option<TaxId>,
) -> Result<GeneId, Refusal> {
    let name = name.trim();
    check_text("gene", name, MAX_NAME_CHARS)?;
    match kb.resolve(name, organism)? {
        Resolution::Found { gene_id, .. } => Ok(gene_id),
        Resolution::Ambiguous { candidates } => {
            let mut r = Refusal::new(
                "ambiguous",
                format!(
                    "{name:?} names {} genes; call again with one of `candidates`' gene_id",
                    candidates.len()
                ),
            );
            r.candidates = candidates;
            Err(r)
        }
        Resolution::NotFound => {
            let mut r = Refusal::new(
                "not_found",
                format!("no gene has the id, symbol or alias {name:?}; try `search`"),
            );
            r.suggestions = kb
                .suggest(name, organism, 5)?
                .into_iter()
                .map(|h| h.symbol)
                .collect();
            Err(r)
        }
    }
}

/// Longest name (gene, term, source) a tool takes.
pub const MAX_NAME_CHARS: usize = 200;

/// `text` is 1 to `max` characters, else a refusal naming `what`.
pub fn check_text(what: &str, text: &str, max: usize) -> Result<(), Refusal> {
    let n = text.chars().count();
    if n == 0 || n > max {
        return Err(Refusal::invalid(format!(
            "{what} must be 1 to {max} characters"
        )));
    }
    Ok(())
}

/// `limit` within 1..=`max`, `default` when absent.
pub fn limit(what: &str, v: Option<u64>, default: u64, max: u64) -> Result<u64, Refusal> {
    match v {
        None => Ok(default),
        Some(n) if (1..=max).contains(&n) => Ok(n),
        Some(_) => Err(Refusal::invalid(format!("{what} must be 1 to {max}"))),
    }
}

/// An organism by taxon id or name (`9606`, `human`, `Mus musculus`).
pub fn organism(s: Option<&str>) -> Result<Option<TaxId>, Refusal> {
    match s {
        None => Ok(None),
        Some(s) => TaxId::parse_organism(s).map(Some).ok_or_else(|| {
            Refusal::invalid(format!(
                "organism {s:?} is neither a taxon id nor a known name (human, mouse, rat, …)"
            ))
        }),
    }
}

#[cfg(test)]
mod tests {
    use locus_model::{EntityRef, GeneId, Pmid, TaxId};

    use super::{limit, links, resource_uri};

    #[test]
    fn resource_uris_name_the_organism_of_a_gene() {
        assert_eq!(
            resource_uri(EntityRef::Gene(GeneId(571)), Some(TaxId(9606))),
            "locus://gene/9606/571"
        );
        assert_eq!(
            resource_uri(EntityRef::Publication(Pmid(17942419)), None),
            "locus://publication/17942419"
        );
    }

    #[test]
    fn links_are_absolute_when_the_base_is_known() {
        let l = links(
            Some("https://locus.example.org"),
            EntityRef::Gene(GeneId(571)),
        );
        assert_eq!(l.page, "https://locus.example.org/genes/571");
        assert_eq!(l.api, "https://locus.example.org/api/v1/genes/571");
        assert_eq!(links(None, EntityRef::Gene(GeneId(571))).page, "/genes/571");
    }

    #[test]
    fn limits_are_checked() {
        assert_eq!(limit("limit", None, 10, 50).ok(), Some(10));
        assert_eq!(limit("limit", Some(50), 10, 50).ok(), Some(50));
        assert!(limit("limit", Some(0), 10, 50).is_err());
        assert!(limit("limit", Some(51), 10, 50).is_err());
    }
}
