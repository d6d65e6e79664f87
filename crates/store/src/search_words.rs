//! Which words of a full-text search a store looks for: [`SearchWords`],
//! the one rule both backends turn into their engine's query syntax
//! (SQLite FTS5, PostgreSQL `to_tsquery`), so that a search finds the
//! same texts whichever holds the store.

/// English words too common to search for: `an` alone is in a seventh of
/// the texts of the ontologies, and ranking them all costs more than any
/// answer is worth. A query of nothing else finds nothing.
const STOPWORDS: [&str; 24] = [
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "in", "is", "it", "its",
    "of", "on", "or", "that", "the", "to", "was", "were", "with",
];

/// Words searched for at most: a longer query is cut.
const MAX_WORDS: usize = 16;

/// The words of a search, all required.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchWords {
    /// Runs of letters and digits as written (nothing else reaches an
    /// engine's query syntax), stopwords left out.
    pub words: Vec<String>,
    /// Whether the last word is matched as a prefix of what is being
    /// typed: from three letters on. A one- or two-letter prefix matches a
    /// large share of every word and would rank tens of thousands of
    /// texts; it is matched whole.
    pub last_is_prefix: bool,
}

impl SearchWords {
    /// The words of `query`; `None` when none is left.
    pub fn of(query: &str) -> Option<Self> {
        let words: Vec<String> = query
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty() && !STOPWORDS.contains(&w.to_lowercase().as_str()))
            .take(MAX_WORDS)
            .map(str::to_string)
            .collect();
        let last = words.last()?.chars().count();
        Some(SearchWords {
            words,
            last_is_prefix: last >= 3,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_letters_and_digits_and_no_stopwords_are_searched() {
        let w = SearchWords::of("heme OR \"x\" NEAR(a b)").unwrap();
        assert_eq!(w.words, ["heme", "x", "NEAR", "b"]);
        assert!(!w.last_is_prefix);
        assert_eq!(SearchWords::of("  -- ()"), None);
        assert_eq!(SearchWords::of("of the"), None);
        let w = SearchWords::of("the heme oxy").unwrap();
        assert_eq!(
            (w.words.as_slice(), w.last_is_prefix),
            (&["heme".to_string(), "oxy".into()][..], true)
        );
        assert!(!SearchWords::of("heme ox").unwrap().last_is_prefix);
    }
}
