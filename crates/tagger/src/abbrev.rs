//! Abbreviations defined in the text: "heme oxygenase-1 (HO-1)".
//!
//! Schwartz and Hearst's rule (PSB 2003): a short form in parentheses
//! after a long form whose words, read backwards, contain the short
//! form's letters and digits in order, the first of them starting a word.
//! Abstracts define most of the gene and disease abbreviations they use
//! this way, and the definition says what the short form means *in this
//! abstract*: `HO-1` defined as heme oxygenase-1 is HMOX1 wherever it
//! recurs, and `CAT` defined as "computer-assisted tomography" is no gene.

/// A short form defined by the long form before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Abbreviation {
    /// Byte range of the short form (inside the parentheses).
    pub short: (usize, usize),
    /// Byte range of the long form.
    pub long: (usize, usize),
}

/// Finds the abbreviations defined in `text` (whose byte ranges index it).
pub fn find(text: &str) -> Vec<Abbreviation> {
    let mut out = Vec::new();
    let mut search = 0;
    while let Some(open) = text[search..].find('(').map(|p| p + search) {
        search = open + 1;
        let Some(close) = text[open + 1..].find(')').map(|p| p + open + 1) else {
            break;
        };
        let inside = &text[open + 1..close];
        // `(HO-1; ref. 3)` or `(HO-1, also …)`: the short form is the
        // part before the first `;` or `,`.
        let cut = inside.find([';', ',']).unwrap_or(inside.len());
        let short = inside[..cut].trim();
        if !plausible_short_form(short) {
            continue;
        }
        let short_start = open + 1 + (inside[..cut].len() - inside[..cut].trim_start().len());
        let before = text[..open].trim_end();
        // At most min(|A| + 5, 2|A|) words before the parenthesis.
        let n = short.chars().filter(|c| c.is_alphanumeric()).count();
        let max_words = (n + 5).min(2 * n);
        let mut words_start = before.len();
        let mut words = 0;
        for (i, c) in before.char_indices().rev() {
            if c.is_whitespace() {
                words += 1;
                if words >= max_words {
                    break;
                }
            }
            if matches!(c, '.' | ';' | '(' | ')' | ':') && i + 1 < before.len() {
                break;
            }
            words_start = i;
        }
        let window = &before[words_start..];
        if let Some(long_off) = best_long_form(short, window) {
            let long = (words_start + long_off, before.len());
            if text[long.0..long.1].len() > short.len() {
                out.push(Abbreviation {
                    short: (short_start, short_start + short.len()),
                    long,
                });
            }
        }
        search = close + 1;
    }
    out
}

/// 2 to 10 characters, at most two words, starting with a letter or
/// digit, with at least one letter; not all lower-case words of a plain
/// clause (`(see below)` has a space and is all lower case).
fn plausible_short_form(s: &str) -> bool {
    let n = s.chars().count();
    (2..=10).contains(&n)
        && s.split_whitespace().count() <= 2
        && s.chars().next().is_some_and(char::is_alphanumeric)
        && s.chars().any(char::is_alphabetic)
        && (!s.contains(' ') || s.chars().any(char::is_uppercase))
}

/// Where in `window` the long form of `short` starts (a byte offset), by
/// matching the short form's letters and digits backwards.
fn best_long_form(short: &str, window: &str) -> Option<usize> {
    let s: Vec<char> = short.chars().flat_map(char::to_lowercase).collect();
    let l: Vec<(usize, char)> = window
        .char_indices()
        .map(|(i, c)| (i, c.to_lowercase().next().unwrap_or(c)))
        .collect();
    let mut si = s.len() as isize - 1;
    let mut li = l.len() as isize - 1;
    while si >= 0 {
        let c = s[si as usize];
        if !c.is_alphanumeric() {
            si -= 1;
            continue;
        }
        // The first character of the short form must start a word.
        while li >= 0
            && (l[li as usize].1 != c
                || (si == 0 && li > 0 && l[li as usize - 1].1.is_alphanumeric()))
        {
            li -= 1;
        }
        if li < 0 {
            return None;
        }
        li -= 1;
        si -= 1;
    }
    let li = (li + 1).max(0) as usize;
    // Back to the start of the word the match begins in.
    let mut start = l.get(li).map_or(window.len(), |&(b, _)| b);
    while start > 0 {
        let prev = window[..start].chars().next_back()?;
        if prev.is_whitespace() {
            break;
        }
        start -= prev.len_utf8();
    }
    Some(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(&str, &str)> {
        find(text)
            .into_iter()
            .map(|a| (&text[a.short.0..a.short.1], &text[a.long.0..a.long.1]))
            .collect()
    }

    #[test]
    fn finds_gene_and_disease_definitions() {
        assert_eq!(
            pairs("Induction of heme oxygenase-1 (HO-1) protects the kidney."),
            [("HO-1", "heme oxygenase-1")]
        );
        assert_eq!(
            pairs("patients with amyotrophic lateral sclerosis (ALS; n = 12)"),
            [("ALS", "amyotrophic lateral sclerosis")]
        );
        assert_eq!(
            pairs("by computer-assisted tomography (CAT) scanning"),
            [("CAT", "computer-assisted tomography")]
        );
    }

    #[test]
    fn ignores_parentheses_that_define_nothing() {
        assert!(pairs("was increased (see below) in mice").is_empty());
        assert!(pairs("in 12 patients (p < 0.05)").is_empty());
        assert!(pairs("the kinase (ABC) was").is_empty());
    }
}
