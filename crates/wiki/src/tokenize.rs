//! WikiWho's split of a revision's text into paragraphs, sentences and
//! tokens.
//!
//! Authorship is only comparable with WikiWho's if the units are the same,
//! so these functions follow WikiWho 1.0.3's `utils.py` rule for rule:
//! paragraphs end at blank lines and around table markup; sentences end
//! after `. ` (when three ordinary characters precede the dot), `; `, `? `,
//! `! `, `: `, a tab or a newline, and comments, `<ref>` tags and URLs are
//! sentences of their own; tokens are runs of characters between spaces
//! and newlines, with every punctuation mark, bracket and currency sign a
//! token of its own, except `[[`, `]]`, `{{`, `}}`, `<!--` and `-->`,
//! which stay whole. CJK characters are one token each.
//!
//! WikiWho works on the lowercased text; so does [`crate::authorship`].
//! [`locate`] maps the tokens back onto the text as written, so a page can
//! colour each word by its author.

use std::ops::Range;

/// Python's `str.isspace`: Unicode white space plus the four ASCII
/// information separators (U+001C..U+001F), which Python also strips.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// `s` without leading and trailing white space, as Python's `str.strip()`.
pub fn strip(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// The characters WikiWho makes tokens of their own.
const SYMBOLS: &[char] = &[
    '.', ',', ';', ':', '?', '!', '-', '_', '/', '\\', '(', ')', '[', ']', '{', '}', '*', '#', '@',
    '&', '=', '+', '%', '~', '$', '^', '<', '>', '"', '\'', '´', '`', '¸', '˛', '’', '¤', '₳', '฿',
    '₵', '¢', '₡', '₢', '₫', '₯', '֏', '₠', '€', 'ƒ', '₣', '₲', '₴', '₭', '₺', '₾', 'ℳ', '₥', '₦',
    '₧', '₱', '₰', '£', '៛', '₽', '₹', '₨', '₪', '৳', '₸', '₮', '₩', '¥', '§', '‖', '¦', '⟨', '⟩',
    '–', '—', '¯', '»', '«', '”', '÷', '×', '′', '″', '‴', '¡', '¿', '©', '℗', '®', '℠', '™',
];

fn is_symbol(c: char) -> bool {
    if c.is_ascii() {
        matches!(
            c,
            '.' | ','
                | ';'
                | ':'
                | '?'
                | '!'
                | '-'
                | '_'
                | '/'
                | '\\'
                | '('
                | ')'
                | '['
                | ']'
                | '{'
                | '}'
                | '*'
                | '#'
                | '@'
                | '&'
                | '='
                | '+'
                | '%'
                | '~'
                | '$'
                | '^'
                | '<'
                | '>'
                | '"'
                | '\''
                | '`'
        )
    } else {
        SYMBOLS.contains(&c)
    }
}

/// The CJK blocks WikiWho splits into one token per character.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF
        | 0xF900..=0xFAFF
        | 0xFE00..=0xFE1F
        | 0xFE30..=0xFE6F
        | 0xFF00..=0xFFEF
        | 0x16FE0..=0x1B2FF
        | 0x1F000..=0x1F2FF
        | 0x20000..=0x3347F
        | 0xE0100..=0xE01EF)
}

/// The paragraphs of a (lowercased) revision text, untrimmed and possibly
/// empty: the caller strips each and skips the empty ones, as WikiWho does.
///
/// Returns the text with WikiWho's paragraph breaks inserted; split it
/// with [`str::split`] on `"\n\n"`.
pub fn paragraph_text(text: &str) -> String {
    let mut t = text.replace("\r\n", "\n").replace('\r', "\n");
    // HTML tables and wiki tables: every table and row is its own paragraph.
    for (from, to) in [
        ("<table>", "\n\n<table>"),
        ("</table>", "</table>\n\n"),
        ("<tr>", "\n\n<tr>"),
        ("</tr>", "</tr>\n\n"),
        ("{|", "\n\n{|"),
        ("|}", "|}\n\n"),
        ("|-\n", "\n\n|-\n"),
    ] {
        if t.contains(from) {
            t = t.replace(from, to);
        }
    }
    t
}

/// The sentence marker WikiWho inserts before splitting.
const MARK: &str = "@@@@";

/// The sentences of one paragraph, untrimmed and possibly empty (the
/// caller strips and skips, as WikiWho does).
pub fn sentences(paragraph: &str) -> Vec<String> {
    let mut t = paragraph.replace('\n', "\n@@@@");
    t = split_after_abbreviation_dots(&t);
    for (from, to) in [
        ("; ", ";@@@@"),
        ("? ", "?@@@@"),
        ("! ", "!@@@@"),
        (": ", ":@@@@"),
        ("\t", "\t@@@@"),
        ("<!--", "@@@@<!--"),
        ("-->", "-->@@@@"),
        ("<ref", "@@@@<ref"),
        ("/ref>", "/ref>@@@@"),
    ] {
        if t.contains(from) {
            t = t.replace(from, to);
        }
    }
    t = isolate_urls(&t);
    while t.contains("@@@@@@@@") {
        t = t.replace("@@@@@@@@", MARK);
    }
    t.split(MARK).map(str::to_string).collect()
}

/// WikiWho's `([^\s\.=][^\s\.=][^\s\.=]\.) ` → `\1@@@@`: a dot after three
/// characters that are neither space, dot nor `=`, followed by a space,
/// ends a sentence (the space is dropped). Matches do not overlap and are
/// taken left to right, as `re.sub` does.
fn split_after_abbreviation_dots(t: &str) -> String {
    if !t.contains(". ") {
        return t.to_string();
    }
    let chars: Vec<(usize, char)> = t.char_indices().collect();
    let ordinary = |c: char| !is_space(c) && c != '.' && c != '=';
    let mut out = String::with_capacity(t.len() + 16);
    let mut i = 0;
    while i < chars.len() {
        if i + 4 < chars.len()
            && ordinary(chars[i].1)
            && ordinary(chars[i + 1].1)
            && ordinary(chars[i + 2].1)
            && chars[i + 3].1 == '.'
            && chars[i + 4].1 == ' '
        {
            let (start, end) = (chars[i].0, chars[i + 4].0);
            out.push_str(&t[start..end]);
            out.push_str(MARK);
            i += 5;
        } else {
            out.push(chars[i].1);
            i += 1;
        }
    }
    out
}

/// WikiWho's `(http.*?://.*?[ \|<>\n\r])` → `@@@@\1@@@@`: a URL up to and
/// including the first space, `|`, `<`, `>` or line break after its `://`
/// is a sentence of its own. `.` does not cross a newline.
fn isolate_urls(t: &str) -> String {
    if !t.contains("http") {
        return t.to_string();
    }
    let mut out = String::with_capacity(t.len() + 16);
    let mut pos = 0;
    let mut search = 0;
    while let Some(found) = t[search..].find("http") {
        let start = search + found;
        match url_end(t, start) {
            Some(end) => {
                out.push_str(&t[pos..start]);
                out.push_str(MARK);
                out.push_str(&t[start..end]);
                out.push_str(MARK);
                pos = end;
                search = end;
            }
            None => search = start + 1,
        }
    }
    out.push_str(&t[pos..]);
    out
}

/// Where the URL match starting at `start` (which begins with `http`)
/// ends, exclusive of nothing: the terminator is part of the match.
fn url_end(t: &str, start: usize) -> Option<usize> {
    let rest = &t[start + 4..];
    // `.*?://`: the first `://` on the same line.
    let line_end = rest.find('\n').unwrap_or(rest.len());
    let scheme_end = rest[..line_end].find("://")? + 3;
    // `.*?[ |<>\n\r]`: the first terminator after it ('\n' is one, so the
    // line limit needs no separate check).
    let after = &rest[scheme_end..];
    let term = after.find([' ', '|', '<', '>', '\n', '\r'])?;
    let term_len = after[term..].chars().next().map_or(1, char::len_utf8);
    Some(start + 4 + scheme_end + term + term_len)
}

/// One raw token while splitting: its byte range in the sentence and
/// whether it is a lone symbol that directly follows the previous token
/// (nothing in between), which decides the `[[`, `<!--` merges.
#[derive(Clone, Copy)]
struct Piece {
    start: usize,
    end: usize,
    symbol: Option<char>,
    touches_prev: bool,
}

/// The tokens of one (stripped) sentence, as byte ranges into it.
pub fn token_ranges(sentence: &str) -> Vec<Range<usize>> {
    let mut pieces: Vec<Piece> = Vec::with_capacity(sentence.len() / 4 + 1);
    let mut word_start: Option<usize> = None;
    let mut last_end: Option<usize> = None;
    for (i, c) in sentence.char_indices() {
        let end = i + c.len_utf8();
        if c == ' ' || c == '\n' {
            if let Some(s) = word_start.take() {
                pieces.push(Piece {
                    start: s,
                    end: i,
                    symbol: None,
                    touches_prev: false,
                });
            }
            last_end = None;
        } else if c == '|' || is_symbol(c) {
            if let Some(s) = word_start.take() {
                pieces.push(Piece {
                    start: s,
                    end: i,
                    symbol: None,
                    touches_prev: false,
                });
                last_end = Some(i);
            }
            let touches_prev =
                last_end == Some(i) && pieces.last().is_some_and(|p| p.symbol.is_some());
            pieces.push(Piece {
                start: i,
                end,
                // '|' never merges: WikiWho turns it into a placeholder
                // word before the symbols are split off.
                symbol: if c == '|' { Some('|') } else { Some(c) },
                touches_prev: touches_prev && c != '|',
            });
            last_end = Some(end);
        } else if word_start.is_none() {
            word_start = Some(i);
        }
    }
    if let Some(s) = word_start {
        pieces.push(Piece {
            start: s,
            end: sentence.len(),
            symbol: None,
            touches_prev: false,
        });
    }
    let pieces = merge_pairs(pieces, &[('[', '['), (']', ']'), ('{', '{'), ('}', '}')]);
    let pieces = merge_run(pieces, &['<', '!', '-', '-']);
    let pieces = merge_run(pieces, &['-', '-', '>']);
    let mut out = Vec::with_capacity(pieces.len());
    for p in pieces {
        let text = &sentence[p.start..p.end];
        if p.symbol.is_none() && !text.is_ascii() && text.chars().any(is_cjk) {
            let mut run: Option<usize> = None;
            for (i, c) in text.char_indices() {
                let at = p.start + i;
                if is_cjk(c) {
                    if let Some(s) = run.take() {
                        out.push(s..at);
                    }
                    out.push(at..at + c.len_utf8());
                } else if run.is_none() {
                    run = Some(at);
                }
            }
            if let Some(s) = run {
                out.push(s..p.end);
            }
        } else {
            out.push(p.start..p.end);
        }
    }
    out
}

/// Joins touching lone-symbol pairs (`[` `[` → `[[`), left to right
/// without overlap, as Python's `str.replace` does.
fn merge_pairs(pieces: Vec<Piece>, pairs: &[(char, char)]) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    let mut i = 0;
    while i < pieces.len() {
        let p = pieces[i];
        if let (Some(a), Some(next)) = (p.symbol, pieces.get(i + 1)) {
            if next.touches_prev && pairs.iter().any(|&(x, y)| x == a && next.symbol == Some(y)) {
                out.push(Piece {
                    start: p.start,
                    end: next.end,
                    symbol: None,
                    touches_prev: false,
                });
                i += 2;
                continue;
            }
        }
        out.push(p);
        i += 1;
    }
    out
}

/// Joins a run of touching lone symbols spelling `run` into one token.
fn merge_run(pieces: Vec<Piece>, run: &[char]) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    let mut i = 0;
    while i < pieces.len() {
        let fits = i + run.len() <= pieces.len()
            && run.iter().enumerate().all(|(k, &c)| {
                let p = &pieces[i + k];
                p.symbol == Some(c) && (k == 0 || p.touches_prev)
            });
        if fits {
            out.push(Piece {
                start: pieces[i].start,
                end: pieces[i + run.len() - 1].end,
                symbol: None,
                touches_prev: false,
            });
            i += run.len();
        } else {
            out.push(pieces[i]);
            i += 1;
        }
    }
    out
}

/// Every token of a revision's text in order, lowercased, exactly as
/// [`crate::authorship::Authorship`] lists them: the text split into
/// paragraphs, each trimmed, into sentences, each trimmed, into tokens.
pub fn text_tokens(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let split = paragraph_text(&lower);
    let mut out = Vec::new();
    for raw in split.split("\n\n") {
        let paragraph = strip(raw);
        if paragraph.is_empty() {
            continue;
        }
        for sentence in sentences(paragraph) {
            let sentence = strip(&sentence);
            out.extend(tokens(sentence).into_iter().map(str::to_string));
        }
    }
    out
}

/// The tokens of one sentence as strings.
pub fn tokens(sentence: &str) -> Vec<&str> {
    token_ranges(sentence)
        .into_iter()
        .map(|r| &sentence[r])
        .collect()
}

/// Where each of `tokens` (in text order, as the lowercased text yields
/// them) sits in `text` as written, as byte ranges. A token that cannot
/// be found (it never happens for tokens of the same text) gets an empty
/// range at the current position rather than failing the page.
pub fn locate<'a>(text: &str, tokens: impl IntoIterator<Item = &'a str>) -> Vec<Range<usize>> {
    // Lowercasing can change a character's length in bytes ('İ'), so keep
    // for every byte of the lowercased text the byte it came from.
    let mut lower = String::with_capacity(text.len());
    let mut origin: Vec<usize> = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        for l in c.to_lowercase() {
            let before = lower.len();
            lower.push(l);
            origin.extend(std::iter::repeat_n(i, lower.len() - before));
        }
    }
    origin.push(text.len());
    let mut cursor = 0;
    let mut out = Vec::new();
    for token in tokens {
        match lower[cursor..].find(token) {
            Some(at) => {
                let (s, e) = (cursor + at, cursor + at + token.len());
                out.push(origin[s]..end_of(&origin, e, text));
                cursor = e;
            }
            None => {
                let here = origin[cursor];
                out.push(here..here);
            }
        }
    }
    out
}

/// The byte in `text` where the lowercased range ending at `e` ends: the
/// start of the next original character.
fn end_of(origin: &[usize], e: usize, text: &str) -> usize {
    let mut k = e;
    while k < origin.len() - 1 && origin[k] == origin[e - 1] {
        k += 1;
    }
    if k >= origin.len() - 1 {
        text.len()
    } else {
        origin[k]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wiki_markup_tokens_stay_whole() {
        assert_eq!(
            tokens("'''hanksy''' is an [[graffiti artist]]<!-- x -->{{cite|a=b}}"),
            [
                "'", "'", "'", "hanksy", "'", "'", "'", "is", "an", "[[", "graffiti", "artist",
                "]]", "<!--", "x", "-->", "{{", "cite", "|", "a", "=", "b", "}}"
            ]
        );
    }

    #[test]
    fn brackets_merge_left_to_right_and_only_when_touching() {
        assert_eq!(tokens("[[[a]]]"), ["[[", "[", "a", "]]", "]"]);
        assert_eq!(tokens("[ [a"), ["[", "[", "a"]);
        assert_eq!(tokens("<!--->"), ["<!--", "-", ">"]);
        assert_eq!(tokens("a-->b"), ["a", "-->", "b"]);
        assert_eq!(tokens("||"), ["|", "|"]);
    }

    /// As WikiWho's current source (github wikimedia/WikiWho fb48be7) does;
    /// the 2019 release on PyPI (1.0.3) kept CJK runs whole.
    #[test]
    fn cjk_characters_are_tokens() {
        assert_eq!(tokens("ab中文cd e"), ["ab", "中", "文", "cd", "e"]);
    }

    #[test]
    fn tabs_and_no_break_spaces_are_not_separators() {
        assert_eq!(tokens("a\u{a0}b c"), ["a\u{a0}b", "c"]);
    }

    #[test]
    fn sentences_split_as_wikiwho_does() {
        let s = sentences("the cat sat. a dog? yes: no <ref>x</ref> see http://a.b/c d");
        assert_eq!(
            s,
            [
                "the cat sat.",
                "a dog?",
                "yes:",
                "no ",
                "<ref>x</ref>",
                " see ",
                "http://a.b/c ",
                "d"
            ]
        );
        // Two-letter words before a dot do not end a sentence.
        assert_eq!(sentences("dr. no"), ["dr. no"]);
    }

    #[test]
    fn paragraphs_break_around_tables() {
        let t = paragraph_text("a\n{|\n|-\n|x\n|}\nb");
        let parts: Vec<&str> = t.split("\n\n").collect();
        assert_eq!(parts, ["a", "\n{|", "\n|-\n|x\n|}", "\nb"]);
    }

    #[test]
    fn tokens_are_located_in_the_text_as_written() {
        let text = "The İstanbul [[Cat]]";
        let lower = text.to_lowercase();
        let toks = tokens(&lower);
        let at = locate(text, toks.iter().copied());
        let shown: Vec<&str> = at.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(shown, ["The", "İstanbul", "[[", "Cat", "]]"]);
    }
}
