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

/// The link a reader follows to a gene: by symbol for human, by GeneID
/// otherwise (mouse symbols often equal human ones in another case).
pub fn gene_path(gene_id: GeneId, symbol: &str, tax_id: TaxId) -> String {
    if tax_id == TaxId::HUMAN
        && !symbol.is_empty()
        && symbol
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        format!("/genes/{symbol}")
    } else {
        format!("/genes/{gene_id}")
    }
}

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
    /// The query is one of the gene's identifiers: its GeneID, or an id
    /// in another database (Ensembl, UniProt, HGNC, OMIM, MGI).
    Identifier,
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
            SearchMatch::Identifier => "identifier",
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
const TIERS: [SearchMatch; 6] = [
    SearchMatch::Identifier,
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
    /// Symbols and aliases as [`squash`] keys them.
    symbols: Vec<(String, u32)>,
    aliases: Vec<(String, u32, u32)>,
    /// GeneIDs and identifiers in other databases, lower-cased.
    identifiers: Vec<(String, u32)>,
    words: Vec<(String, u32)>,
    /// Lower-case words of each gene's name, for multi-word queries.
    name_words: Vec<Vec<String>>,
}

/// A name as search compares it: lower case, without spaces, hyphens
/// or other punctuation, so `BACH-1`, `bach 1` and `Bach1` are one key.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Databases whose identifiers search indexes: what people paste into
/// a search box. (Ensembl protein ids are left out: many per gene, and
/// rarely what is searched for.)
const SEARCHED_DATABASES: &[&str] = &[
    "Ensembl",
    "UniProtKB",
    "HGNC",
    "MIM",
    "MGI",
    "RGD",
    "ZFIN",
    "FLYBASE",
    "WormBase",
    "SGD",
];

/// Prefixes people put before an identifier that the databases do not
/// write (`OMIM:602751`, `UniProt:O14867`, `Ensembl:ENSG…`): stripped from
/// the query, so the bare id is looked up too.
const QUERY_PREFIXES: &[&str] = &[
    "omim:",
    "mim:",
    "uniprot:",
    "uniprotkb:",
    "ensembl:",
    "ncbigene:",
    "geneid:",
];

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
        let mut identifiers = Vec::new();
        let mut words = Vec::new();
        let mut name_words = Vec::with_capacity(genes.len());
        for (i, g) in genes.iter().enumerate() {
            let i = i as u32;
            symbols.push((squash(&g.symbol), i));
            for (j, a) in g.aliases.iter().enumerate() {
                aliases.push((squash(a), i, j as u32));
            }
            identifiers.push((g.gene_id.to_string(), i));
            for (db, id) in &g.identifiers {
                if SEARCHED_DATABASES
                    .iter()
                    .any(|d| d.eq_ignore_ascii_case(db))
                {
                    identifiers.push((id.trim().to_lowercase(), i));
                }
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
        identifiers.sort_unstable();
        identifiers.dedup();
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
            identifiers,
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
        let key = squash(&q);
        if q.is_empty() || limit == 0 {
            return vec![];
        }
        let preferred = organism.unwrap_or(TaxId::HUMAN);
        let mut seen: HashSet<u32> = HashSet::new();
        let mut out: Vec<SearchHit> = Vec::new();
        for tier in TIERS {
            // (gene index, alias index) candidates for this tier.
            let cands: Vec<(u32, Option<u32>)> = match tier {
                SearchMatch::Identifier => {
                    let bare = QUERY_PREFIXES
                        .iter()
                        .find_map(|p| q.strip_prefix(p))
                        .unwrap_or(&q);
                    let mut found: Vec<(u32, Option<u32>)> = Vec::new();
                    for id in [q.as_str(), bare] {
                        found.extend(
                            prefix_range(&self.identifiers, |e| e.0.as_str(), id)
                                .iter()
                                .filter(|(s, _)| s == id)
                                .map(|&(_, i)| (i, None)),
                        );
                    }
                    found.sort_unstable();
                    found.dedup();
                    found
                }
                // A query of punctuation alone has no key to match.
                _ if key.is_empty() && tier != SearchMatch::Name => Vec::new(),
                SearchMatch::Symbol | SearchMatch::SymbolPrefix => {
                    prefix_range(&self.symbols, |e| e.0.as_str(), &key)
                        .iter()
                        .filter(|(s, _)| (tier == SearchMatch::Symbol) == (*s == key))
                        .map(|&(_, i)| (i, None))
                        .collect()
                }
                SearchMatch::Alias | SearchMatch::AliasPrefix => {
                    prefix_range(&self.aliases, |e| e.0.as_str(), &key)
                        .iter()
                        .filter(|(s, _, _)| (tier == SearchMatch::Alias) == (*s == key))
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
            identifiers: vec![],
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

    /// What a new user types: spacing, case and hyphens do not matter,
    /// and every identifier finds the gene, exact ids first.
    #[test]
    fn identifiers_and_loose_spellings_find_the_gene() {
        let mut genes = vec![entry(
            571,
            "BACH1",
            "BTB domain and CNC homolog 1",
            &["BTBD24"],
            150,
        )];
        genes[0].identifiers = [
            ("Ensembl", "ENSG00000156273"),
            ("UniProtKB", "O14867"),
            ("HGNC", "HGNC:935"),
            ("MIM", "602751"),
        ]
        .iter()
        .map(|(d, i)| (d.to_string(), i.to_string()))
        .collect();
        genes.push(entry(
            60468,
            "BACH2",
            "BTB domain and CNC homolog 2",
            &[],
            120,
        ));
        let idx = SearchIndex::build(genes);
        let first = |q: &str| {
            idx.search(q, None, 5)
                .first()
                .map(|h| (h.symbol.clone(), h.matched))
        };
        for q in [
            "571",
            "ENSG00000156273",
            "o14867",
            "HGNC:935",
            "hgnc:935",
            "MIM:602751",
            "OMIM:602751",
            "uniprot:O14867",
        ] {
            assert_eq!(
                first(q),
                Some(("BACH1".into(), SearchMatch::Identifier)),
                "{q}"
            );
        }
        for q in ["bach 1", "BACH-1", "Bach1", " bach_1 "] {
            assert_eq!(first(q), Some(("BACH1".into(), SearchMatch::Symbol)), "{q}");
        }
        assert_eq!(
            first("bach-"),
            Some(("BACH1".into(), SearchMatch::SymbolPrefix))
        );
        assert!(idx.search("--", None, 5).is_empty());
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
