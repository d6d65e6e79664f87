//! Diseases, phenotypes and GO terms: the document of one term (what a
//! disease, phenotype or GO term page and `/api/v1/terms/{id}` show) and
//! the in-memory index that finds terms by id, name or synonym.

use std::collections::HashMap;
use std::sync::Arc;

use locus_model::{EntityRef, ImportRecord, TermId, TermKind};
use locus_store::{
    DiseasePhenotypePage, GeneDiseaseRow, GenePhenotypePage, GoTermGenePage, TermDetail,
    TermSearchEntry,
};
use serde::Serialize;

use crate::{KnowledgeBase, Result};

/// Most rows a term document lists per relation; the totals say how many
/// there are.
pub const TERM_ROWS: u64 = 500;

/// Everything a term's page shows.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TermDocument {
    /// The entity (`{"kind": "disease", "id": "OMIM:212050"}`).
    pub entity: EntityRef,
    /// The term as its sources describe it.
    pub term: TermDetail,
    /// Genes associated with the disease (diseases only; every source's
    /// statements).
    pub genes: Vec<GeneDiseaseRow>,
    /// Genes with the phenotype, through their diseases (phenotypes only).
    pub phenotype_genes: Option<GenePhenotypePage>,
    /// The disease's phenotype annotations, or the phenotype's diseases.
    pub phenotypes: Option<DiseasePhenotypePage>,
    /// Genes annotated to the GO term (GO terms only).
    pub go_genes: Option<GoTermGenePage>,
    /// The imports behind the term and its rows.
    pub provenance: Vec<ImportRecord>,
}

impl KnowledgeBase {
    /// The term `id` stands for: itself when an import names it, else the
    /// one term whose cross-references name it (`OMIM:…` to the DOID term
    /// that says `xref: OMIM:…`); `None` when none, or several, do.
    pub fn resolve_term(&self, id: TermId) -> Result<Option<TermId>> {
        let store = self.store();
        if store.term(id)?.is_some() {
            return Ok(Some(id));
        }
        Ok(match store.terms_citing(id)?.as_slice() {
            [one] => Some(*one),
            _ => None,
        })
    }

    /// The document of `id`, or of the term it resolves to through
    /// another vocabulary's cross-references (see
    /// [`KnowledgeBase::resolve_term`]); `None` when nothing names it.
    pub fn term_document(&self, id: TermId) -> Result<Option<TermDocument>> {
        self.term_document_rows(id, TERM_ROWS)
    }

    /// [`KnowledgeBase::term_document`] with at most `rows` rows per
    /// relation (every row for a download).
    pub fn term_document_rows(&self, id: TermId, rows: u64) -> Result<Option<TermDocument>> {
        let store = self.store();
        let Some(id) = self.resolve_term(id)? else {
            return Ok(None);
        };
        let Some(term) = store.term(id)? else {
            return Ok(None);
        };
        let kind = term.kind;
        let (genes, phenotype_genes, phenotypes, go_genes) = match kind {
            TermKind::Disease => (
                store.disease_genes(id)?,
                None,
                Some(store.disease_phenotypes(id, rows)?),
                None,
            ),
            TermKind::Phenotype => (
                Vec::new(),
                Some(store.phenotype_genes(id, rows)?),
                Some(store.disease_phenotypes(id, rows)?),
                None,
            ),
            TermKind::GoTerm => (Vec::new(), None, None, Some(store.go_term_genes(id, rows)?)),
        };
        let mut import_ids = term.import_ids.clone();
        import_ids.extend(genes.iter().map(|g| g.import_id));
        if let Some(p) = &phenotype_genes {
            import_ids.extend(p.rows.iter().flat_map(|r| r.import_ids.iter().copied()));
        }
        import_ids.sort();
        import_ids.dedup();
        let provenance = store
            .imports()?
            .into_iter()
            .filter(|i| import_ids.contains(&i.id))
            .collect();
        Ok(Some(TermDocument {
            entity: EntityRef::of_term(id),
            term,
            genes,
            phenotype_genes,
            phenotypes,
            go_genes,
            provenance,
        }))
    }

    /// The term index of the current generation.
    pub fn term_index(self: &Arc<Self>) -> Result<Arc<TermIndex>> {
        let generation = self.generation();
        self.terms.get(
            self,
            generation,
            |kb| &kb.terms,
            |store| Ok(TermIndex::build(store.term_search_entries()?)),
        )
    }
}

impl TermDocument {
    /// The term's genes as TSV, one row per statement: for a disease,
    /// each source's association; for a phenotype, each gene with the
    /// diseases it comes through; for a GO term, each gene with its
    /// evidence codes and references.
    pub fn to_tsv(&self) -> Vec<u8> {
        let id = self.term.id.to_string();
        let join = |v: &[String]| v.join(";");
        match self.term.kind {
            TermKind::Disease => {
                let mut t = crate::tsv::Tsv::new(&[
                    "term_id",
                    "gene_id",
                    "symbol",
                    "tax_id",
                    "association",
                    "status",
                    "source",
                    "pmids",
                    "source_kind",
                    "import_id",
                ]);
                for r in &self.genes {
                    t.row([
                        id.as_str(),
                        &r.gene.gene_id.to_string(),
                        &r.gene.symbol,
                        &r.gene.tax_id.to_string(),
                        &r.association,
                        r.status.as_deref().unwrap_or(""),
                        r.source.as_deref().unwrap_or(""),
                        &locus_model::join_pmids(&r.pmids),
                        r.source_kind.as_str(),
                        &r.import_id.to_string(),
                    ]);
                }
                t.into_bytes()
            }
            TermKind::Phenotype => {
                let mut t = crate::tsv::Tsv::new(&[
                    "term_id",
                    "gene_id",
                    "symbol",
                    "tax_id",
                    "disease_ids",
                    "frequencies",
                ]);
                for r in self.phenotype_genes.iter().flat_map(|p| &p.rows) {
                    let diseases: Vec<String> =
                        r.diseases.iter().map(|d| d.id.to_string()).collect();
                    t.row([
                        id.as_str(),
                        &r.gene.gene_id.to_string(),
                        &r.gene.symbol,
                        &r.gene.tax_id.to_string(),
                        &join(&diseases),
                        &join(&r.frequencies),
                    ]);
                }
                t.into_bytes()
            }
            TermKind::GoTerm => {
                let mut t = crate::tsv::Tsv::new(&[
                    "term_id",
                    "gene_id",
                    "symbol",
                    "tax_id",
                    "evidence",
                    "references",
                ]);
                for r in self.go_genes.iter().flat_map(|p| &p.rows) {
                    t.row([
                        id.as_str(),
                        &r.gene.gene_id.to_string(),
                        &r.gene.symbol,
                        &r.gene.tax_id.to_string(),
                        &join(&r.evidence),
                        &join(&r.references),
                    ]);
                }
                t.into_bytes()
            }
        }
    }
}

/// How a term hit matched its query; also its ranking tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TermMatch {
    /// The query is the term's id (`HP:0001250`, `omim:212050`).
    Identifier,
    /// The query is the term's name.
    Name,
    /// The query is one of its synonyms.
    Synonym,
    /// The query starts its name.
    NamePrefix,
    /// Every query word starts a word of its name or of a synonym.
    Words,
}

impl TermMatch {
    /// How a page says it (`name prefix`).
    pub fn label(self) -> &'static str {
        match self {
            TermMatch::Identifier => "identifier",
            TermMatch::Name => "name",
            TermMatch::Synonym => "synonym",
            TermMatch::NamePrefix => "name prefix",
            TermMatch::Words => "words",
        }
    }
}

/// One term found by search.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TermHit {
    /// The entity (`{"kind": "phenotype", "id": "HP:0001250"}`).
    pub entity: EntityRef,
    /// The term.
    pub id: TermId,
    /// Disease, phenotype or GO term.
    pub kind: TermKind,
    /// Its name.
    pub name: String,
    /// How it matched.
    pub matched: TermMatch,
    /// The synonym that matched, for synonym and word matches on one.
    pub synonym: Option<String>,
    /// Marked obsolete by its ontology.
    pub obsolete: bool,
}

/// Every term's id, name and synonyms, searchable by id, whole name,
/// name prefix and words.
pub struct TermIndex {
    terms: Vec<TermSearchEntry>,
    by_id: HashMap<TermId, u32>,
    /// Each term's words (name and synonyms), for multi-word queries.
    term_words: Vec<Box<[String]>>,
    /// (lower-case name or synonym, term, synonym index or `u32::MAX` for
    /// the name), sorted.
    names: Vec<(String, u32, u32)>,
    /// (word, term), sorted.
    words: Vec<(String, u32)>,
    /// For each one- and two-character prefix of a name or synonym, the
    /// best [`SHORT_TOP`] terms it starts, in rank order: the first
    /// keystroke in the search box would otherwise rank every term whose
    /// name starts with `s`.
    short: HashMap<String, Vec<(u32, TermMatch, Option<u32>)>>,
}

/// Prefixes this short (in characters) are answered from [`TermIndex::short`].
const SHORT_PREFIX: usize = 2;
/// Terms kept per short prefix.
const SHORT_TOP: usize = 100;

fn words_of(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

const NAME: u32 = u32::MAX;

impl TermIndex {
    /// Indexes `terms`.
    pub fn build(terms: Vec<TermSearchEntry>) -> Self {
        let mut names = Vec::new();
        let mut words = Vec::new();
        let mut term_words = Vec::with_capacity(terms.len());
        for (i, t) in terms.iter().enumerate() {
            let i = i as u32;
            names.push((t.name.to_lowercase(), i, NAME));
            let mut w = words_of(&t.name);
            for (j, s) in t.synonyms.iter().enumerate() {
                names.push((s.to_lowercase(), i, j as u32));
                w.extend(words_of(s));
            }
            w.sort();
            w.dedup();
            words.extend(w.iter().map(|w| (w.clone(), i)));
            term_words.push(w.into_boxed_slice());
        }
        names.sort_unstable();
        words.sort_unstable();
        let by_id = terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id, i as u32))
            .collect();
        let mut index = TermIndex {
            terms,
            by_id,
            term_words,
            names,
            words,
            short: HashMap::new(),
        };
        index.short = index.short_prefixes();
        index
    }

    /// The rank of a name-stage match: tier, then current before obsolete,
    /// shorter names, and the id.
    fn rank_key(&self, i: u32, tier: TermMatch) -> (TermMatch, bool, usize, TermId) {
        let t = &self.terms[i as usize];
        (tier, t.obsolete, t.name.len(), t.id)
    }

    /// The tier of name or synonym `j` of a term that starts with `q`.
    fn prefix_tier(name: &str, q: &str, j: u32) -> TermMatch {
        match (name == q, j == NAME) {
            (true, true) => TermMatch::Name,
            (true, false) => TermMatch::Synonym,
            (false, true) => TermMatch::NamePrefix,
            (false, false) => TermMatch::Words,
        }
    }

    fn short_prefixes(&self) -> HashMap<String, Vec<(u32, TermMatch, Option<u32>)>> {
        let mut all: HashMap<String, HashMap<u32, (TermMatch, Option<u32>)>> = HashMap::new();
        for (name, i, j) in &self.names {
            for (at, c) in name.char_indices().take(SHORT_PREFIX) {
                let prefix = &name[..at + c.len_utf8()];
                let tier = Self::prefix_tier(name, prefix, *j);
                let syn = (*j != NAME).then_some(*j);
                let e = all
                    .entry(prefix.to_string())
                    .or_default()
                    .entry(*i)
                    .or_insert((tier, syn));
                if tier < e.0 {
                    *e = (tier, syn);
                }
            }
        }
        all.into_iter()
            .map(|(prefix, terms)| {
                let mut v: Vec<(u32, TermMatch, Option<u32>)> =
                    terms.into_iter().map(|(i, (t, s))| (i, t, s)).collect();
                let key = |&(i, t, _): &(u32, TermMatch, Option<u32>)| self.rank_key(i, t);
                if v.len() > SHORT_TOP {
                    v.select_nth_unstable_by_key(SHORT_TOP, key);
                    v.truncate(SHORT_TOP);
                }
                v.sort_unstable_by_key(key);
                (prefix, v)
            })
            .collect()
    }

    /// The name of `id`, when an import names it.
    pub fn name(&self, id: TermId) -> Option<&str> {
        self.by_id
            .get(&id)
            .map(|&i| self.terms[i as usize].name.as_str())
    }

    /// Terms indexed.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// Whether no term is indexed.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Ranked matches of `query` among terms of `kind` (any kind when
    /// `None`): the id, the whole name, a synonym, a name prefix, then
    /// terms with every query word; current terms before obsolete ones,
    /// shorter names first within a tier.
    pub fn search(&self, query: &str, kind: Option<TermKind>, limit: usize) -> Vec<TermHit> {
        let q = query.trim().to_lowercase();
        if q.is_empty() || limit == 0 {
            return Vec::new();
        }
        // A one- or two-character prefix: its precomputed best terms, when
        // they hold `limit` that match better than by words (the answer
        // the scan below would give; else the scan).
        if kind.is_none() && q.chars().count() <= SHORT_PREFIX {
            if let Some(top) = self.short.get(&q) {
                let better = top.iter().filter(|(_, t, _)| *t < TermMatch::Words).count();
                if better >= limit {
                    return self.hits(top.iter().take(limit).copied());
                }
            }
        }
        self.scan(query, &q, kind, limit)
    }

    /// [`TermIndex::search`] without the short-prefix table: the id, the
    /// names and synonyms by prefix, then words.
    fn scan(&self, query: &str, q: &str, kind: Option<TermKind>, limit: usize) -> Vec<TermHit> {
        // The best way each term matched, and the synonym that did.
        let mut best: HashMap<u32, (TermMatch, Option<u32>)> = HashMap::new();
        let wanted = |i: u32| kind.is_none_or(|k| self.terms[i as usize].id.kind() == k);
        fn note(
            best: &mut HashMap<u32, (TermMatch, Option<u32>)>,
            i: u32,
            tier: TermMatch,
            syn: Option<u32>,
        ) {
            let e = best.entry(i).or_insert((tier, syn));
            if tier < e.0 {
                *e = (tier, syn);
            }
        }
        if let Ok(id) = query.trim().parse::<TermId>() {
            if let Some(&i) = self.by_id.get(&id) {
                if wanted(i) {
                    note(&mut best, i, TermMatch::Identifier, None);
                }
            }
        }
        let lo = self.names.partition_point(|e| e.0.as_str() < q);
        for (name, i, j) in self.names[lo..].iter().take_while(|e| e.0.starts_with(q)) {
            if !wanted(*i) {
                continue;
            }
            let tier = Self::prefix_tier(name, q, *j);
            note(&mut best, *i, tier, (*j != NAME).then_some(*j));
        }
        // Word matches rank last: needed only while fewer terms matched
        // better than `limit`.
        let better = best.values().filter(|(t, _)| *t < TermMatch::Words).count();
        let qwords = words_of(q);
        if better < limit && !qwords.is_empty() {
            let range = |w: &str| {
                let lo = self.words.partition_point(|e| e.0.as_str() < w);
                let len = self.words[lo..].partition_point(|e| e.0.starts_with(w));
                &self.words[lo..lo + len]
            };
            // Driven by the query word with the fewest terms; the other
            // words are checked against each candidate's words.
            let ranges: Vec<_> = qwords.iter().map(|w| range(w)).collect();
            let (drive, _) = ranges
                .iter()
                .enumerate()
                .min_by_key(|(_, r)| r.len())
                .unwrap_or((0, &ranges[0]));
            for (_, i) in ranges[drive] {
                if !wanted(*i) || best.contains_key(i) {
                    continue;
                }
                let words = &self.term_words[*i as usize];
                let all = qwords
                    .iter()
                    .enumerate()
                    .all(|(k, w)| k == drive || words.iter().any(|a| a.starts_with(w.as_str())));
                if all {
                    note(&mut best, *i, TermMatch::Words, None);
                }
            }
        }
        let mut found: Vec<(u32, TermMatch, Option<u32>)> =
            best.into_iter().map(|(i, (t, s))| (i, t, s)).collect();
        let key = |&(i, tier, _): &(u32, TermMatch, Option<u32>)| self.rank_key(i, tier);
        if found.len() > limit {
            found.select_nth_unstable_by_key(limit, key);
            found.truncate(limit);
        }
        found.sort_unstable_by_key(key);
        self.hits(found)
    }

    fn hits(&self, found: impl IntoIterator<Item = (u32, TermMatch, Option<u32>)>) -> Vec<TermHit> {
        found
            .into_iter()
            .map(|(i, tier, syn)| {
                let t = &self.terms[i as usize];
                TermHit {
                    entity: EntityRef::of_term(t.id),
                    id: t.id,
                    kind: t.id.kind(),
                    name: t.name.clone(),
                    matched: tier,
                    synonym: syn.and_then(|j| t.synonyms.get(j as usize).cloned()),
                    obsolete: t.obsolete,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, name: &str, synonyms: &[&str]) -> TermSearchEntry {
        TermSearchEntry {
            id: id.parse().unwrap(),
            name: name.into(),
            synonyms: synonyms.iter().map(|s| s.to_string()).collect(),
            obsolete: false,
        }
    }

    /// Names and synonyms as hp.obo (2025-01-16) and doid.obo give them.
    fn index() -> TermIndex {
        TermIndex::build(vec![
            entry("HP:0001250", "Seizure", &["Epileptic seizure", "Seizures"]),
            entry("HP:0002069", "Bilateral tonic-clonic seizure", &[]),
            entry(
                "DOID:1612",
                "breast cancer",
                &["malignant tumor of the breast"],
            ),
        ])
    }

    /// The one- and two-character prefix table answers exactly what the
    /// scan does, on the demo's 16,120 GO terms with their synonyms.
    #[test]
    fn short_prefixes_answer_as_the_scan_does() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../demo/data/GO.subset.sqlite"
        );
        let entries: Vec<TermSearchEntry> = locus_ingest::go_db::open(std::path::Path::new(path))
            .unwrap()
            .filter_map(|f| match f.unwrap() {
                locus_model::Fact::Term(t) => Some(TermSearchEntry {
                    id: t.id,
                    name: t.name,
                    synonyms: t.synonyms,
                    obsolete: t.obsolete,
                }),
                _ => None,
            })
            .collect();
        assert!(entries.len() > 16_000);
        let idx = TermIndex::build(entries);
        let ids = |h: Vec<TermHit>| -> Vec<(TermId, TermMatch)> {
            h.into_iter().map(|h| (h.id, h.matched)).collect()
        };
        let mut fast = 0;
        for prefix in idx.short.keys() {
            // A query is trimmed before it is looked up (`o ` is `o`).
            if prefix.trim() != prefix {
                continue;
            }
            for limit in [1, 8, 10, 20] {
                let table = ids(idx.search(prefix, None, limit));
                let scan = ids(idx.scan(prefix, prefix, None, limit));
                assert_eq!(table, scan, "{prefix:?}, limit {limit}");
                fast += usize::from(table.len() == limit);
            }
        }
        assert!(fast > 500, "the table answered {fast} queries");
    }

    #[test]
    fn ids_names_synonyms_and_words_rank_in_that_order() {
        let idx = index();
        let hits = idx.search("seizure", None, 10);
        let got: Vec<(String, TermMatch)> =
            hits.iter().map(|h| (h.id.to_string(), h.matched)).collect();
        assert_eq!(
            got,
            [
                ("HP:0001250".to_string(), TermMatch::Name),
                ("HP:0002069".to_string(), TermMatch::Words),
            ]
        );
        assert_eq!(
            idx.search("hp:1250", None, 10)[0].matched,
            TermMatch::Identifier
        );
        let syn = &idx.search("epileptic seizure", None, 10)[0];
        assert_eq!(
            (syn.matched, syn.synonym.as_deref()),
            (TermMatch::Synonym, Some("Epileptic seizure"))
        );
        assert_eq!(
            idx.search("breast tum", None, 10)[0].id.to_string(),
            "DOID:1612"
        );
        assert!(idx
            .search("seizure", Some(TermKind::Disease), 10)
            .is_empty());
    }
}
