//! In-memory gene name index for search and autocomplete.
//!
//! Autocomplete must answer a one-letter prefix over 77,000+ genes in well
//! under 2 ms, which a `LIKE 'b%'` over SQLite with ranking cannot promise.
//! The index holds sorted (lower-case name, gene) arrays; a prefix is a
//! binary-searched range, and ranking takes the best `limit` of a tier
//! without sorting the whole range.

use std::collections::HashSet;

use locus_model::{EntityRef, GeneId, TaxId};
use locus_store::SearchEntry;
use serde::Serialize;

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchHit {
    /// What the hit is (today always a gene).
    pub entity: EntityRef,
    /// The gene's NCBI GeneID.
    pub gene_id: GeneId,
    /// The gene's organism.
    pub tax_id: TaxId,
    /// Official symbol.
    pub symbol: String,
    /// Full name.
    pub name: Option<String>,
    /// `protein-coding`, `ncRNA`, …
    pub gene_type: Option<String>,
    /// Cytogenetic band.
    pub map_location: Option<String>,
    /// Distinct PubMed ids linked to the gene.
    pub pubmed_count: u64,
    /// How the query matched.
    pub matched: SearchMatch,
    /// The alias that matched, for alias matches.
    pub alias: Option<String>,
}

/// How a search hit matched its query; also its ranking tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SearchMatch {
    /// The query is the official symbol.
    Symbol,
    /// The query starts the official symbol.
    SymbolPrefix,
    /// The query is an alias.
    Alias,
    /// The query starts an alias.
    AliasPrefix,
    /// Every query word starts a word of the full name.
    Name,
    /// Not a match: one of the store's most-published genes (start page).
    MostPublished,
}

impl SearchMatch {
    /// How a page says it (`symbol prefix`).
    pub fn label(self) -> &'static str {
        match self {
            SearchMatch::Symbol => "symbol",
            SearchMatch::SymbolPrefix => "symbol prefix",
            SearchMatch::Alias => "alias",
            SearchMatch::AliasPrefix => "alias prefix",
            SearchMatch::Name => "name",
            SearchMatch::MostPublished => "most published",
        }
    }
}

/// Ranking tiers, best first.
const TIERS: [SearchMatch; 5] = [
    SearchMatch::Symbol,
    SearchMatch::SymbolPrefix,
    SearchMatch::Alias,
    SearchMatch::AliasPrefix,
    SearchMatch::Name,
];

/// Every gene's names in sorted arrays, for prefix search.
pub struct SearchIndex {
    genes: Vec<SearchEntry>,
    by_id: std::collections::HashMap<GeneId, u32>,
    symbols: Vec<(String, u32)>,
    aliases: Vec<(String, u32, u32)>,
    words: Vec<(String, u32)>,
    /// Lower-case words of each gene's name, for multi-word queries.
    name_words: Vec<Vec<String>>,
}

fn words_of(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn prefix_range<'a, T>(v: &'a [T], key: impl Fn(&T) -> &str, prefix: &str) -> &'a [T] {
    let lo = v.partition_point(|e| key(e) < prefix);
    let len = v[lo..].partition_point(|e| key(e).starts_with(prefix));
    &v[lo..lo + len]
}

impl SearchIndex {
    /// Indexes every gene's symbol, aliases and name words.
    pub fn build(genes: Vec<SearchEntry>) -> Self {
        let mut symbols = Vec::with_capacity(genes.len());
        let mut aliases = Vec::new();
        let mut words = Vec::new();
        let mut name_words = Vec::with_capacity(genes.len());
        for (i, g) in genes.iter().enumerate() {
            let i = i as u32;
            symbols.push((g.symbol.to_lowercase(), i));
            for (j, a) in g.aliases.iter().enumerate() {
                aliases.push((a.to_lowercase(), i, j as u32));
            }
            let w = g.name.as_deref().map(words_of).unwrap_or_default();
            let mut uniq: Vec<&String> = w.iter().collect();
            uniq.sort();
            uniq.dedup();
            for word in uniq {
                words.push((word.clone(), i));
            }
            name_words.push(w);
        }
        symbols.sort_unstable();
        aliases.sort_unstable();
        words.sort_unstable();
        let by_id = genes
            .iter()
            .enumerate()
            .map(|(i, g)| (g.gene_id, i as u32))
            .collect();
        SearchIndex {
            genes,
            by_id,
            symbols,
            aliases,
            words,
            name_words,
        }
    }

    /// A gene's names by GeneID (graph views label their nodes with it).
    pub fn gene(&self, gene_id: GeneId) -> Option<&SearchEntry> {
        self.by_id
            .get(&gene_id)
            .and_then(|&i| self.genes.get(i as usize))
    }

    /// Genes indexed.
    pub fn len(&self) -> usize {
        self.genes.len()
    }

    /// Whether the store has no genes.
    pub fn is_empty(&self) -> bool {
        self.genes.is_empty()
    }

    /// Ranked matches: exact symbol, symbol prefix, exact alias, alias
    /// prefix, then words of the name. Within a tier: the organism asked
    /// for (human by default) first, then most-published genes first.
    pub fn search(&self, query: &str, organism: Option<TaxId>, limit: usize) -> Vec<SearchHit> {
        let q = query.trim().to_lowercase();
        if q.is_empty() || limit == 0 {
            return vec![];
        }
        let preferred = organism.unwrap_or(TaxId::HUMAN);
        let mut seen: HashSet<u32> = HashSet::new();
        let mut out: Vec<SearchHit> = Vec::new();
        for tier in TIERS {
            // (gene index, alias index) candidates for this tier.
            let cands: Vec<(u32, Option<u32>)> = match tier {
                SearchMatch::Symbol | SearchMatch::SymbolPrefix => {
                    prefix_range(&self.symbols, |e| e.0.as_str(), &q)
                        .iter()
                        .filter(|(s, _)| (tier == SearchMatch::Symbol) == (*s == q))
                        .map(|&(_, i)| (i, None))
                        .collect()
                }
                SearchMatch::Alias | SearchMatch::AliasPrefix => {
                    prefix_range(&self.aliases, |e| e.0.as_str(), &q)
                        .iter()
                        .filter(|(s, _, _)| (tier == SearchMatch::Alias) == (*s == q))
                        .map(|&(_, i, j)| (i, Some(j)))
                        .collect()
                }
                SearchMatch::Name | SearchMatch::MostPublished => self.name_matches(&q),
            };
            let mut cands: Vec<(u32, Option<u32>)> = cands
                .into_iter()
                .filter(|(i, _)| !seen.contains(i))
                .filter(|(i, _)| organism.is_none() || self.genes[*i as usize].tax_id == preferred)
                .collect();
            let rank = |&(i, _): &(u32, Option<u32>)| {
                let g = &self.genes[i as usize];
                (
                    g.tax_id != preferred,
                    std::cmp::Reverse(g.pubmed_count),
                    g.symbol.len(),
                    i,
                )
            };
            let want = limit - out.len();
            if cands.len() > want {
                cands.select_nth_unstable_by_key(want, rank);
                cands.truncate(want);
            }
            cands.sort_unstable_by_key(rank);
            for (i, alias) in cands {
                if !seen.insert(i) {
                    continue;
                }
                out.push(self.hit(i as usize, tier, alias));
            }
            if out.len() >= limit {
                break;
            }
        }
        out
    }

    /// The `n` genes with the most PubMed links, most first.
    pub fn most_published(&self, n: usize) -> Vec<SearchHit> {
        let mut order: Vec<usize> = (0..self.genes.len())
            .filter(|&i| self.genes[i].pubmed_count > 0)
            .collect();
        let key = |&i: &usize| (std::cmp::Reverse(self.genes[i].pubmed_count), i);
        if order.len() > n {
            order.select_nth_unstable_by_key(n, key);
            order.truncate(n);
        }
        order.sort_unstable_by_key(key);
        order
            .into_iter()
            .map(|i| self.hit(i, SearchMatch::MostPublished, None))
            .collect()
    }

    fn hit(&self, i: usize, matched: SearchMatch, alias: Option<u32>) -> SearchHit {
        let g = &self.genes[i];
        SearchHit {
            entity: EntityRef::Gene(g.gene_id),
            gene_id: g.gene_id,
            tax_id: g.tax_id,
            symbol: g.symbol.clone(),
            name: g.name.clone(),
            gene_type: g.gene_type.clone(),
            map_location: g.map_location.clone(),
            pubmed_count: g.pubmed_count,
            matched,
            alias: alias.and_then(|j| g.aliases.get(j as usize).cloned()),
        }
    }

    /// Suggestions for a name that matched nothing: the matches of the
    /// longest prefix of the query that matches something (`BACHX` →
    /// `BACH` → BACH1, BACH2), down to two characters.
    pub fn suggest(&self, query: &str, organism: Option<TaxId>, limit: usize) -> Vec<SearchHit> {
        let q = query.trim();
        let mut ends: Vec<usize> = q.char_indices().map(|(i, _)| i).skip(2).collect();
        ends.push(q.len());
        for end in ends.into_iter().rev() {
            let hits = self.search(&q[..end], organism, limit);
            if !hits.is_empty() {
                return hits;
            }
        }
        vec![]
    }

    /// Genes whose name has, for every query word, a word starting with it.
    fn name_matches(&self, q: &str) -> Vec<(u32, Option<u32>)> {
        let qwords = words_of(q);
        let Some((first, rest)) = qwords.split_first() else {
            return vec![];
        };
        let mut genes: Vec<u32> = prefix_range(&self.words, |e| e.0.as_str(), first)
            .iter()
            .map(|&(_, i)| i)
            .collect();
        genes.sort_unstable();
        genes.dedup();
        genes
            .into_iter()
            .filter(|&i| {
                let nw = &self.name_words[i as usize];
                rest.iter()
                    .all(|w| nw.iter().any(|n| n.starts_with(w.as_str())))
            })
            .map(|i| (i, None))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: u64, symbol: &str, name: &str, aliases: &[&str], pubs: u64) -> SearchEntry {
        SearchEntry {
            gene_id: GeneId(id),
            tax_id: TaxId::HUMAN,
            symbol: symbol.into(),
            name: Some(name.into()),
            gene_type: None,
            map_location: None,
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            pubmed_count: pubs,
        }
    }

    // Names and aliases as in NCBI gene_info for these GeneIDs.
    fn index() -> SearchIndex {
        SearchIndex::build(vec![
            entry(
                571,
                "BACH1",
                "BTB domain and CNC homolog 1",
                &["BACH-1", "BTBD24"],
                150,
            ),
            entry(
                60468,
                "BACH2",
                "BTB domain and CNC homolog 2",
                &["BTBD25", "IMD60"],
                120,
            ),
            entry(
                4780,
                "NFE2L2",
                "NFE2 like bZIP transcription factor 2",
                &["NRF2", "HEBP1"],
                5000,
            ),
            entry(
                2551,
                "GABPA",
                "GA binding protein transcription factor subunit alpha",
                &["NRF2", "E4TF1A"],
                300,
            ),
            entry(
                3162,
                "HMOX1",
                "heme oxygenase 1",
                &["HO-1", "bK286B10"],
                4000,
            ),
        ])
    }

    #[test]
    fn ranks_exact_symbol_then_prefix_then_alias_then_name() {
        let idx = index();
        let hits = idx.search("bach1", None, 10);
        assert_eq!(hits[0].symbol, "BACH1");
        assert_eq!(hits[0].matched, SearchMatch::Symbol);
        let hits = idx.search("b", None, 10);
        let syms: Vec<_> = hits
            .iter()
            .map(|h| (h.symbol.as_str(), h.matched))
            .collect();
        assert_eq!(
            syms,
            [
                ("BACH1", SearchMatch::SymbolPrefix),
                ("BACH2", SearchMatch::SymbolPrefix),
                ("HMOX1", SearchMatch::AliasPrefix),
                ("NFE2L2", SearchMatch::Name),
                ("GABPA", SearchMatch::Name),
            ]
        );
    }

    #[test]
    fn alias_shared_by_two_genes_returns_both_most_published_first() {
        let hits = index().search("NRF2", None, 10);
        let syms: Vec<_> = hits.iter().map(|h| h.symbol.as_str()).collect();
        assert_eq!(syms, ["NFE2L2", "GABPA"]);
        assert_eq!(hits[0].alias.as_deref(), Some("NRF2"));
    }

    #[test]
    fn multi_word_name_query_needs_every_word() {
        let hits = index().search("heme oxy", None, 10);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].symbol, "HMOX1");
        assert!(index().search("heme transcription", None, 10).is_empty());
    }

    #[test]
    fn suggestions_fall_back_to_the_longest_matching_prefix() {
        let idx = index();
        assert!(idx.search("BACHX", None, 10).is_empty());
        let syms: Vec<_> = idx
            .suggest("BACHX", None, 10)
            .into_iter()
            .map(|h| h.symbol)
            .collect();
        assert_eq!(syms, ["BACH1", "BACH2"]);
        assert!(idx.suggest("QQQQ", None, 10).is_empty());
    }

    #[test]
    fn most_published_first() {
        let syms: Vec<_> = index()
            .most_published(3)
            .into_iter()
            .map(|h| h.symbol)
            .collect();
        assert_eq!(syms, ["NFE2L2", "HMOX1", "GABPA"]);
    }

    #[test]
    fn limit_is_respected() {
        assert_eq!(index().search("b", None, 2).len(), 2);
        assert!(index().search("", None, 10).is_empty());
    }
}
