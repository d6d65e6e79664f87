//! Cutting text into the pieces names are compared by, and into sentences.
//!
//! A name and a stretch of text match when their *token keys* are equal.
//! A token is a run of letters or a run of digits, lower-cased, so the
//! spellings a gene or disease name takes in abstracts meet in one key:
//! `IL-2`, `IL2` and `IL 2` are all `il 2`; `Bach2` is `bach 2`, `p53`
//! is `p 53`. On top of that:
//!
//! - Greek letters, written (`alpha`) or as characters (`α`), become one
//!   Latin letter (`a`), so `TNF-alpha`, `TNF-α` and `TNFa` meet;
//! - an upper-case run of two or more letters followed by one lower-case
//!   letter is split (`TNFa` is `tnf a`, `CDKs` is `cdk s`), since that
//!   letter is a Greek abbreviation or a plural;
//! - Roman numerals written in capitals become numbers (`type II` is
//!   `type 2`, `factor V` is `factor 5`).
//!
//! Each token keeps where it is in the text (bytes for slicing, characters
//! for PubTator offsets) and whether it touches the token before it (no
//! character between them: `Bach` and `2` in `Bach2`), which decides
//! whether a match may start or end there.

/// Whether a token is letters or digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A run of letters (or a Greek letter).
    Letters,
    /// A run of ASCII digits, or a Roman numeral read as one.
    Digits,
}

/// One token of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of its first character in the text.
    pub start: u32,
    /// Byte offset just after it.
    pub end: u32,
    /// Character offset of its first character (PubTator counts these).
    pub char_start: u32,
    /// Character offset just after it.
    pub char_end: u32,
    /// Letters or digits.
    pub class: Class,
    /// No character lies between this token and the one before it.
    pub joined: bool,
    norm_start: u32,
    norm_end: u32,
}

/// A text cut into tokens, with their normalised forms.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    /// The tokens in text order.
    pub tokens: Vec<Token>,
    norms: String,
}

impl Tokens {
    /// The normalised form of token `i` (`il`, `2`, `a` for `alpha`).
    pub fn norm(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        &self.norms[t.norm_start as usize..t.norm_end as usize]
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// True for a text without letters or digits.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The normalised key of a name: its token forms joined by spaces
    /// (`il 2` for `IL-2`). Two spellings match exactly when their keys are
    /// equal.
    pub fn key(&self) -> String {
        (0..self.len())
            .map(|i| self.norm(i))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The Latin letter a Greek letter (character) stands for in names.
fn greek_char(c: char) -> Option<char> {
    Some(match c {
        'α' | 'Α' => 'a',
        'β' | 'Β' | 'ß' => 'b',
        'γ' | 'Γ' => 'g',
        'δ' | 'Δ' => 'd',
        'ε' | 'Ε' => 'e',
        'ζ' | 'Ζ' => 'z',
        'θ' | 'Θ' => 't',
        'κ' | 'Κ' => 'k',
        'λ' | 'Λ' => 'l',
        'μ' | 'Μ' | 'µ' => 'm',
        'σ' | 'Σ' => 's',
        'ω' | 'Ω' => 'o',
        _ => return None,
    })
}

/// The Latin letter a written-out Greek letter stands for.
fn greek_word(w: &str) -> Option<&'static str> {
    Some(match w {
        "alpha" => "a",
        "beta" => "b",
        "gamma" => "g",
        "delta" => "d",
        "epsilon" => "e",
        "zeta" => "z",
        "theta" => "t",
        "kappa" => "k",
        "lambda" => "l",
        "sigma" => "s",
        "omega" => "o",
        _ => return None,
    })
}

/// The number a capital Roman numeral stands for (`II` → `2`); `None`
/// for anything else. `I`, `V` and `X` alone count too: `factor V`,
/// `class I`.
fn roman(w: &str) -> Option<&'static str> {
    Some(match w {
        "I" => "1",
        "II" => "2",
        "III" => "3",
        "IV" => "4",
        "V" => "5",
        "VI" => "6",
        "VII" => "7",
        "VIII" => "8",
        "IX" => "9",
        "X" => "10",
        "XI" => "11",
        "XII" => "12",
        "XIII" => "13",
        _ => return None,
    })
}

/// True for a Greek letter character (`α`, `Β`).
pub fn greek_letter(c: char) -> bool {
    greek_char(c).is_some()
}

/// True for a lower-case Greek letter's name (`alpha`, `kappa`).
pub fn is_greek_name(word: &str) -> bool {
    greek_word(word).is_some()
}

/// True when `s` starts with a Greek letter, as a character or written
/// out (`β1`, `beta1`, `Alpha-2`).
pub fn starts_with_greek(s: &str) -> bool {
    if s.chars().next().is_some_and(|c| greek_char(c).is_some()) {
        return true;
    }
    let letters: String = s
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    greek_word(&letters).is_some()
}

/// Cuts `text` into tokens (see the module documentation).
pub fn tokenize(text: &str) -> Tokens {
    let mut out = Tokens {
        tokens: Vec::with_capacity(text.len() / 4),
        norms: String::with_capacity(text.len()),
    };
    // The current run: its class, byte start, char start, and whether it
    // touches the previous token.
    let mut run: Option<(Class, usize, u32, bool)> = None;
    // Byte end of the last token pushed, to tell whether the next touches it.
    let mut last_end: Option<usize> = None;
    for (chars, (i, c)) in text.char_indices().enumerate() {
        let chars = chars as u32;
        let class = if c.is_ascii_digit() {
            Some(Class::Digits)
        } else if c.is_alphabetic() && greek_char(c).is_none() {
            Some(Class::Letters)
        } else {
            None
        };
        match (run, class) {
            (Some((rc, ..)), Some(cc)) if rc == cc => {}
            _ => {
                if let Some((rc, bs, cs, joined)) = run.take() {
                    push_run(&mut out, text, rc, bs, i, cs, joined);
                    last_end = Some(i);
                }
                if let Some(cc) = class {
                    run = Some((cc, i, chars, last_end == Some(i)));
                } else if let Some(latin) = greek_char(c) {
                    let end = i + c.len_utf8();
                    push_norm(
                        &mut out,
                        &latin.to_string(),
                        (i, end),
                        (chars, chars + 1),
                        Class::Letters,
                        last_end == Some(i),
                    );
                    last_end = Some(end);
                }
            }
        }
    }
    if let Some((rc, bs, cs, joined)) = run {
        push_run(&mut out, text, rc, bs, text.len(), cs, joined);
    }
    out
}

fn push_norm(
    out: &mut Tokens,
    norm: &str,
    bytes: (usize, usize),
    chars: (u32, u32),
    class: Class,
    joined: bool,
) {
    let norm_start = out.norms.len() as u32;
    out.norms.push_str(norm);
    out.tokens.push(Token {
        start: bytes.0 as u32,
        end: bytes.1 as u32,
        char_start: chars.0,
        char_end: chars.1,
        class,
        joined,
        norm_start,
        norm_end: out.norms.len() as u32,
    });
}

/// Pushes the run `text[start..end]` (starting at character `cstart`) as
/// one token, or two where an upper-case run meets one final lower-case
/// letter.
fn push_run(
    out: &mut Tokens,
    text: &str,
    class: Class,
    start: usize,
    end: usize,
    cstart: u32,
    joined: bool,
) {
    let s = &text[start..end];
    let nchars = s.chars().count() as u32;
    if class == Class::Digits {
        push_norm(
            out,
            s,
            (start, end),
            (cstart, cstart + nchars),
            class,
            joined,
        );
        return;
    }
    if let Some(n) = roman(s) {
        push_norm(
            out,
            n,
            (start, end),
            (cstart, cstart + nchars),
            Class::Digits,
            joined,
        );
        return;
    }
    // `TNFa`, `CDKs`, `IKKalpha`: two or more capitals, then one
    // lower-case letter or a Greek letter's name ending the run.
    let bytes = s.as_bytes();
    let caps = bytes.iter().take_while(|b| b.is_ascii_uppercase()).count();
    let tail = &s[caps..];
    if s.is_ascii()
        && caps >= 2
        && !tail.is_empty()
        && tail.bytes().all(|b| b.is_ascii_lowercase())
        && (tail.len() == 1 || greek_word(tail).is_some())
    {
        let cut = caps;
        push_letters(out, &s[..cut], (start, start + cut), cstart, joined);
        push_letters(
            out,
            &s[cut..],
            (start + cut, end),
            cstart + cut as u32,
            true,
        );
        return;
    }
    push_letters(out, s, (start, end), cstart, joined);
}

fn push_letters(out: &mut Tokens, s: &str, bytes: (usize, usize), cstart: u32, joined: bool) {
    let nchars = s.chars().count() as u32;
    let lower = s.to_lowercase();
    let norm = greek_word(&lower).unwrap_or(&lower);
    push_norm(
        out,
        norm,
        bytes,
        (cstart, cstart + nchars),
        Class::Letters,
        joined,
    );
}

/// Words after which a full stop does not end a sentence.
const NO_BREAK_AFTER: &[&str] = &[
    "al", "e.g", "i.e", "vs", "Fig", "Figs", "fig", "Dr", "No", "approx", "ca", "cf", "Ref",
    "resp", "St", "Mr", "Ms",
];

/// Byte ranges of the sentences of `text`: a sentence ends at `.`, `?`
/// or `!` followed by white space and a capital letter or digit, except
/// after abbreviations such as `et al.`, `e.g.` and `Fig.`.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b'.' | b'?' | b'!') {
            let after = &text[i + 1..];
            let rest = after.trim_start();
            let gap = after.len() - rest.len();
            let next_starts = rest
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
            let word_before = text[start..i]
                .rsplit(|c: char| c.is_whitespace() || c == '(')
                .next()
                .unwrap_or("");
            if gap > 0 && next_starts && !(b == b'.' && NO_BREAK_AFTER.contains(&word_before)) {
                out.push((start, i + 1));
                start = i + 1 + gap;
                i = start;
                continue;
            }
        }
        i += 1;
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        out.push((start, text.trim_end().len().max(start)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> String {
        tokenize(s).key()
    }

    #[test]
    fn spellings_of_one_name_share_a_key() {
        assert_eq!(key("IL-2"), "il 2");
        assert_eq!(key("IL2"), "il 2");
        assert_eq!(key("IL 2"), "il 2");
        assert_eq!(key("TNF-alpha"), "tnf a");
        assert_eq!(key("TNF-α"), "tnf a");
        assert_eq!(key("TNFa"), "tnf a");
        assert_eq!(key("IKKalpha"), "ikk a");
        assert_eq!(key("C/EBPbeta"), "c ebp b");
        assert_eq!(key("collagen type IV"), "collagen type 4");
        assert_eq!(key("heme oxygenase-1"), "heme oxygenase 1");
        assert_eq!(key("p53"), "p 53");
        assert_eq!(key("GTPase"), "gtpase");
    }

    #[test]
    fn tokens_know_their_offsets_and_neighbours() {
        let t = tokenize("Bach2 binds α-actinin");
        let got: Vec<_> = (0..t.len())
            .map(|i| {
                let k = t.tokens[i];
                (t.norm(i), k.char_start, k.char_end, k.joined)
            })
            .collect();
        assert_eq!(
            got,
            [
                ("bach", 0, 4, false),
                ("2", 4, 5, true),
                ("binds", 6, 11, false),
                ("a", 12, 13, false),
                ("actinin", 14, 21, false),
            ]
        );
    }

    #[test]
    fn character_offsets_count_characters_not_bytes() {
        let t = tokenize("β-catenin and TP53");
        let last = t.tokens[t.len() - 1];
        assert_eq!(t.norm(t.len() - 1), "53");
        assert_eq!((last.char_start, last.char_end), (16, 18));
        assert_eq!(
            &"β-catenin and TP53"[last.start as usize..last.end as usize],
            "53"
        );
    }

    #[test]
    fn sentences_do_not_break_after_abbreviations() {
        let text = "Bach2 represses Prdm1 (Muto et al. 2004). It binds MAREs, e.g. in Hmox1. Done";
        let got: Vec<&str> = sentences(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(
            got,
            [
                "Bach2 represses Prdm1 (Muto et al. 2004).",
                "It binds MAREs, e.g. in Hmox1.",
                "Done"
            ]
        );
    }
}
