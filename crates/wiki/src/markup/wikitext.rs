//! The subset of MediaWiki wikitext described at
//! [`super::render_wikitext`].
//!
//! Three passes: comments are dropped; constructs that may span lines
//! (refs, templates, tables, file links, nowiki, tags) are cut out into
//! "atoms" and replaced by a sentinel (`U+E000 index U+E001`); then the
//! text is read line by line (headings, lists, paragraphs) and each line
//! inline (bold/italic, links, URLs, entities, atoms).

use std::fmt::Write as _;

use rustc_hash::FxHashMap;

use super::markdown::scan_wikilink;
use super::{esc, parse_link, safe_url, topic_slug, Ctx, LinkSyntax, LinkTarget, Resolution};

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// Something cut out of the text before the line-by-line pass.
enum Atom {
    /// `<ref …>…</ref>` (`body` set) or `<ref name=x/>`.
    Ref {
        name: Option<String>,
        body: Option<String>,
    },
    /// Markup shown as its source: templates, tables, file links, tags.
    Source(String),
    /// `<nowiki>` content: literal text.
    Nowiki(String),
    /// `<br>`.
    Br,
}

/// Renders `source` into unsanitised (but escaped) HTML.
pub(super) fn render(ctx: &mut Ctx<'_>, source: &str) -> String {
    let text = strip_comments(&normalise(source));
    let (text, atoms) = extract(&text);
    let mut w = Wiki {
        ctx,
        atoms,
        out: String::with_capacity(text.len() + text.len() / 2 + 64),
        lists: Vec::new(),
        heading: None,
        numbered: 0,
    };
    w.blocks(&text);
    w.out
}

/// Line breaks as `\n`; NUL and the sentinel characters as U+FFFD.
fn normalise(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\0' | OPEN | CLOSE => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Drops `<!-- … -->` (an unclosed comment runs to the end, as in MediaWiki).
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("<!--") {
        out.push_str(&rest[..at]);
        match rest[at + 4..].find("-->") {
            Some(end) => rest = &rest[at + 4 + end + 3..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// Matching `open`/`close` pairs (e.g. `{{`/`}}`), nesting, in one pass:
/// the byte of each matched opener → the byte of its closer.
fn pairs(b: &[u8], open: [u8; 2], close: [u8; 2]) -> FxHashMap<usize, usize> {
    let mut map = FxHashMap::default();
    let mut stack = Vec::new();
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == open[0] && b[i + 1] == open[1] {
            stack.push(i);
            i += 2;
        } else if b[i] == close[0] && b[i + 1] == close[1] {
            if let Some(o) = stack.pop() {
                map.insert(o, i);
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    map
}

/// Tables: the byte of each `{|` starting a line → the byte after its
/// `|}` (or the end of the text when unclosed).
fn tables(text: &str) -> FxHashMap<usize, usize> {
    let mut map = FxHashMap::default();
    let mut stack = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let t = line.trim_start();
        let at = start + (line.len() - t.len());
        if t.starts_with("{|") {
            stack.push(at);
        } else if t.starts_with("|}") {
            if let Some(o) = stack.pop() {
                map.insert(o, at + 2);
            }
        }
        start += line.len() + 1;
    }
    for o in stack {
        map.insert(o, text.len());
    }
    map
}

/// Byte offsets of every `needle` in `hay`.
fn positions(hay: &str, needle: &str) -> Vec<usize> {
    hay.match_indices(needle).map(|(i, _)| i).collect()
}

/// The first of the sorted `positions` at or after `from`.
fn next_after(positions: &[usize], from: usize) -> Option<usize> {
    positions
        .get(positions.partition_point(|&p| p < from))
        .copied()
}

/// The `>` ending the tag that starts at `i`, within 400 bytes; with
/// `one_line`, not across a line break or another `<`.
fn tag_end(b: &[u8], i: usize, one_line: bool) -> Option<usize> {
    for (k, &c) in b.get(i + 1..)?.iter().enumerate().take(400) {
        match c {
            b'>' => return Some(i + 1 + k),
            b'\n' | b'<' if one_line => return None,
            _ => {}
        }
    }
    None
}

/// The `name` attribute of a `<ref …>` tag.
fn ref_name(tag: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(off) = lower.get(from..)?.find("name") {
        let at = from + off;
        from = at + 4;
        if at > 0 && lower.as_bytes()[at - 1].is_ascii_alphanumeric() {
            continue;
        }
        let rest = tag.get(at + 4..)?.trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let inner = &rest[1..];
                &inner[..inner.find(q).unwrap_or(inner.len())]
            }
            _ => {
                let end = rest
                    .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
                    .unwrap_or(rest.len());
                &rest[..end]
            }
        };
        let value = value.trim();
        return (!value.is_empty()).then(|| value.to_string());
    }
    None
}

/// Cuts the multi-line and opaque constructs out of `text`.
fn extract(text: &str) -> (String, Vec<Atom>) {
    let lower = text.to_ascii_lowercase();
    let b = text.as_bytes();
    let templates = pairs(b, *b"{{", *b"}}");
    let links = pairs(b, *b"[[", *b"]]");
    let tables = tables(text);
    let ref_ends = positions(&lower, "</ref>");
    let nowiki_ends = positions(&lower, "</nowiki>");
    let references_ends = positions(&lower, "</references>");
    let mut out = String::with_capacity(text.len());
    let mut atoms = Vec::new();
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        let found: Option<(Option<Atom>, usize)> = match b[i] {
            b'<' => {
                let rest = &lower[i..];
                if rest.starts_with("<nowiki>") {
                    next_after(&nowiki_ends, i + 8)
                        .map(|end| (Some(Atom::Nowiki(text[i + 8..end].to_string())), end + 9))
                } else if rest.starts_with("<nowiki/>") {
                    Some((None, i + 9))
                } else if rest.starts_with("<nowiki />") {
                    Some((None, i + 10))
                } else if rest.starts_with("<ref")
                    && matches!(b.get(i + 4), Some(b' ' | b'>' | b'/' | b'\t' | b'\n'))
                {
                    tag_end(b, i, false).and_then(|gt| {
                        let tag = &text[i..=gt];
                        let name = ref_name(tag);
                        if tag[..tag.len() - 1].trim_end().ends_with('/') {
                            Some((Some(Atom::Ref { name, body: None }), gt + 1))
                        } else {
                            next_after(&ref_ends, gt + 1).map(|end| {
                                let body = text[gt + 1..end].to_string();
                                (
                                    Some(Atom::Ref {
                                        name,
                                        body: Some(body),
                                    }),
                                    end + 6,
                                )
                            })
                        }
                    })
                } else if rest.starts_with("<references") {
                    tag_end(b, i, false).map(|gt| {
                        if text[i..gt].trim_end().ends_with('/') {
                            (None, gt + 1)
                        } else {
                            let end = next_after(&references_ends, gt + 1)
                                .map_or(gt + 1, |e| e + "</references>".len());
                            (None, end)
                        }
                    })
                } else if rest.starts_with("<br")
                    && matches!(b.get(i + 3), Some(b'>' | b'/' | b' '))
                {
                    tag_end(b, i, true).map(|gt| (Some(Atom::Br), gt + 1))
                } else if b.get(i + 1).is_some_and(u8::is_ascii_alphabetic)
                    || (b.get(i + 1) == Some(&b'/')
                        && b.get(i + 2).is_some_and(u8::is_ascii_alphabetic))
                {
                    tag_end(b, i, true)
                        .map(|gt| (Some(Atom::Source(text[i..=gt].to_string())), gt + 1))
                } else {
                    None
                }
            }
            b'{' if b.get(i + 1) == Some(&b'{') => templates.get(&i).map(|&close| {
                let src = &text[i..close + 2];
                let name = src[2..src.len() - 2]
                    .split(['|', '}'])
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
                    .replace('_', " ");
                // Reference-list templates, and Gene Wiki's infobox
                // templates (which draw from Wikidata): the page shows the
                // reference list and an infobox made from imported data.
                let dropped = matches!(
                    name.as_str(),
                    "reflist"
                        | "references"
                        | "notelist"
                        | "refbegin"
                        | "refend"
                        | "infobox gene"
                        | "gnf protein box"
                        | "pbb"
                );
                ((!dropped).then(|| Atom::Source(src.to_string())), close + 2)
            }),
            b'{' if b.get(i + 1) == Some(&b'|') => tables
                .get(&i)
                .map(|&end| (Some(Atom::Source(text[i..end].to_string())), end)),
            b'[' if b.get(i + 1) == Some(&b'[') => links.get(&i).and_then(|&close| {
                let inner = text[i + 2..close].trim_start_matches(':');
                let ns = inner
                    .split(':')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase();
                (inner.contains(':')
                    && matches!(ns.as_str(), "file" | "image" | "category" | "media"))
                .then(|| {
                    (
                        Some(Atom::Source(text[i..close + 2].to_string())),
                        close + 2,
                    )
                })
            }),
            b'_' if b.get(i + 1) == Some(&b'_') => {
                let run = b[i + 2..]
                    .iter()
                    .take(32)
                    .take_while(|c| c.is_ascii_uppercase())
                    .count();
                (run >= 3 && b.get(i + 2 + run..i + 4 + run) == Some(b"__"))
                    .then_some((None, i + 4 + run))
            }
            _ => None,
        };
        match found {
            Some((atom, end)) => {
                out.push_str(&text[copied..i]);
                if let Some(atom) = atom {
                    let _ = write!(out, "{OPEN}{}{CLOSE}", atoms.len());
                    atoms.push(atom);
                }
                i = end;
                copied = end;
            }
            None => i += 1,
        }
    }
    out.push_str(&text[copied..]);
    (out, atoms)
}

/// The atom whose sentinel starts `s`, and the sentinel's length.
fn atom_at(s: &str) -> Option<(usize, usize)> {
    let rest = s.strip_prefix(OPEN)?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || !rest[digits..].starts_with(CLOSE) {
        return None;
    }
    let idx = rest[..digits].parse().ok()?;
    Some((idx, OPEN.len_utf8() + digits + CLOSE.len_utf8()))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Fmt {
    Strong,
    Em,
}

fn open_fmt(out: &mut String, f: Fmt) {
    out.push_str(match f {
        Fmt::Strong => "<strong>",
        Fmt::Em => "<em>",
    });
}

fn close_fmt(out: &mut String, f: Fmt) {
    out.push_str(match f {
        Fmt::Strong => "</strong>",
        Fmt::Em => "</em>",
    });
}

/// Opens `f`, or closes it (closing and reopening what was opened inside
/// it, so the tags nest).
fn toggle(out: &mut String, stack: &mut Vec<Fmt>, f: Fmt) {
    if let Some(p) = stack.iter().rposition(|x| *x == f) {
        let above: Vec<Fmt> = stack.drain(p..).collect();
        for x in above.iter().rev() {
            close_fmt(out, *x);
        }
        for x in above.into_iter().skip(1) {
            open_fmt(out, x);
            stack.push(x);
        }
    } else {
        open_fmt(out, f);
        stack.push(f);
    }
}

/// Whether a page title looks like a gene symbol: no spaces, only ASCII
/// letters, digits, `-` and `.`, and a digit or all capitals.
fn symbol_like(title: &str) -> bool {
    let b = title.as_bytes();
    !b.is_empty()
        && b.len() <= 24
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'.')
        && b[0].is_ascii_alphanumeric()
        && (b.iter().any(u8::is_ascii_digit)
            || (b.len() >= 2 && !b.iter().any(u8::is_ascii_lowercase)))
}

/// The character an HTML entity name (between `&` and `;`) stands for.
fn entity(name: &str) -> Option<char> {
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "minus" => '−',
        "times" => '×',
        "deg" => '°',
        "plusmn" => '±',
        "micro" => 'µ',
        "alpha" => 'α',
        "beta" => 'β',
        "gamma" => 'γ',
        "delta" => 'δ',
        "kappa" => 'κ',
        "larr" => '←',
        "rarr" => '→',
        "harr" => '↔',
        "hellip" => '…',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            let c = char::from_u32(code)?;
            if c.is_control() && !matches!(c, '\t' | '\n') || c == OPEN || c == CLOSE {
                return None;
            }
            c
        }
    };
    Some(c)
}

fn starts_with_ci(b: &[u8], prefix: &str) -> bool {
    b.len() >= prefix.len() && b[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

struct Wiki<'c, 'r> {
    ctx: &'c mut Ctx<'r>,
    atoms: Vec<Atom>,
    out: String,
    /// Open list levels, `*` or `#`.
    lists: Vec<u8>,
    /// The open heading's plain text.
    heading: Option<String>,
    /// External links without a label so far (`[1]`, `[2]`, …).
    numbered: usize,
}

impl Wiki<'_, '_> {
    fn blocks(&mut self, text: &str) {
        let mut para: Vec<&str> = Vec::new();
        for line in text.split('\n') {
            let trimmed = line.trim();
            if trimmed.is_empty() {
                self.paragraph(&mut para);
                self.close_lists();
                continue;
            }
            if let Some((level, inner)) = heading(line) {
                self.paragraph(&mut para);
                self.close_lists();
                let outer = std::mem::take(&mut self.out);
                self.heading = Some(String::new());
                self.inline(inner);
                let html = std::mem::replace(&mut self.out, outer);
                let plain = self.heading.take().unwrap_or_default();
                self.ctx.words.end();
                self.ctx
                    .heading(&mut self.out, level, level.max(2), &plain, &html);
                continue;
            }
            if trimmed.len() >= 4 && trimmed.bytes().all(|c| c == b'-') {
                self.paragraph(&mut para);
                self.close_lists();
                self.out.push_str("<hr>\n");
                continue;
            }
            let marks = line
                .bytes()
                .take_while(|c| *c == b'*' || *c == b'#')
                .count();
            if marks > 0 {
                self.paragraph(&mut para);
                self.list_item(&line.as_bytes()[..marks], line[marks..].trim());
                continue;
            }
            if let Some(blocks) = self.block_atoms(trimmed) {
                self.paragraph(&mut para);
                self.close_lists();
                for idx in blocks {
                    if let Some(Atom::Source(src)) = self.atoms.get(idx) {
                        self.out
                            .push_str("<pre class=\"wikitext\"><code class=\"wikitext\">");
                        esc(&mut self.out, src);
                        self.out.push_str("</code></pre>\n");
                    }
                }
                continue;
            }
            self.close_lists();
            para.push(line);
        }
        self.paragraph(&mut para);
        self.close_lists();
    }

    /// The atoms of a line made of nothing but source atoms and spaces.
    fn block_atoms(&self, line: &str) -> Option<Vec<usize>> {
        let mut found = Vec::new();
        let mut rest = line;
        while !rest.is_empty() {
            let (idx, len) = atom_at(rest)?;
            if !matches!(self.atoms.get(idx), Some(Atom::Source(_))) {
                return None;
            }
            found.push(idx);
            rest = rest[len..].trim_start();
        }
        Some(found)
    }

    fn paragraph(&mut self, para: &mut Vec<&str>) {
        if para.is_empty() {
            return;
        }
        self.ctx.words.end();
        self.out.push_str("<p>");
        for (k, line) in para.drain(..).enumerate() {
            if k > 0 {
                self.out.push('\n');
            }
            self.inline(line.trim());
            self.ctx.words.end();
        }
        self.out.push_str("</p>\n");
    }

    fn list_item(&mut self, prefix: &[u8], content: &str) {
        let common = self
            .lists
            .iter()
            .zip(prefix)
            .take_while(|(a, b)| a == b)
            .count();
        while self.lists.len() > common {
            self.pop_list();
        }
        if self.lists.len() == prefix.len() {
            self.out.push_str("</li>\n<li>");
        } else {
            for &c in &prefix[common..] {
                self.out.push_str(if c == b'#' {
                    "<ol>\n<li>"
                } else {
                    "<ul>\n<li>"
                });
                self.lists.push(c);
            }
        }
        self.ctx.words.end();
        self.inline(content);
        self.ctx.words.end();
    }

    fn pop_list(&mut self) {
        if let Some(c) = self.lists.pop() {
            self.out.push_str(if c == b'#' {
                "</li>\n</ol>\n"
            } else {
                "</li>\n</ul>\n"
            });
        }
    }

    fn close_lists(&mut self) {
        while !self.lists.is_empty() {
            self.pop_list();
        }
    }

    /// Visible text: escaped, counted, and part of a heading's text.
    fn plain(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        self.ctx.words.feed(s);
        if let Some(h) = &mut self.heading {
            h.push_str(s);
        }
        esc(&mut self.out, s);
    }

    /// One line's inline markup.
    fn inline(&mut self, s: &str) {
        let b = s.as_bytes();
        let mut stack: Vec<Fmt> = Vec::new();
        let mut plain = 0;
        let mut i = 0;
        while i < b.len() {
            let handled: Option<usize> = match b[i] {
                b'\'' if b.get(i + 1) == Some(&b'\'') => {
                    let n = b[i..].iter().take_while(|c| **c == b'\'').count();
                    self.plain(&s[plain..i]);
                    self.quotes(n, &mut stack);
                    Some(i + n)
                }
                b'[' if b.get(i + 1) == Some(&b'[') => {
                    scan_wikilink(b, i).and_then(|close| self.wikilink(s, plain, i, close))
                }
                b'[' => self.external(s, plain, i),
                b'h' | b'H' if i == 0 || !b[i - 1].is_ascii_alphanumeric() => {
                    self.bare_url(s, plain, i)
                }
                b'&' => {
                    let semi = b[i + 1..].iter().take(12).position(|c| *c == b';');
                    semi.and_then(|k| entity(&s[i + 1..i + 1 + k]).map(|c| (c, i + 2 + k)))
                        .map(|(c, end)| {
                            self.plain(&s[plain..i]);
                            self.plain(c.encode_utf8(&mut [0; 4]));
                            end
                        })
                }
                0xEE => atom_at(&s[i..]).map(|(idx, len)| {
                    self.plain(&s[plain..i]);
                    self.atom(idx);
                    i + len
                }),
                _ => None,
            };
            match handled {
                Some(end) => {
                    i = end;
                    plain = end;
                }
                None => i += 1,
            }
        }
        self.plain(&s[plain..]);
        while let Some(f) = stack.pop() {
            close_fmt(&mut self.out, f);
        }
    }

    /// A run of `n` ≥ 2 apostrophes.
    fn quotes(&mut self, n: usize, stack: &mut Vec<Fmt>) {
        let literal = match n {
            2 | 3 | 5 => 0,
            4 => 1,
            _ => n - 5,
        };
        if literal > 0 {
            self.plain(&"'".repeat(literal));
        }
        let out = &mut self.out;
        match n - literal {
            2 => toggle(out, stack, Fmt::Em),
            3 => toggle(out, stack, Fmt::Strong),
            _ => {
                let strong = stack.contains(&Fmt::Strong);
                let em = stack.contains(&Fmt::Em);
                match (strong, em) {
                    (true, true) => {
                        while let Some(f) = stack.pop() {
                            close_fmt(out, f);
                        }
                    }
                    (false, true) => {
                        toggle(out, stack, Fmt::Em);
                        toggle(out, stack, Fmt::Strong);
                    }
                    _ => {
                        toggle(out, stack, Fmt::Strong);
                        toggle(out, stack, Fmt::Em);
                    }
                }
            }
        }
    }

    /// `[[…]]` whose `]]` is at `close`; the byte after it (and its
    /// trail), or `None` to leave it as text.
    fn wikilink(&mut self, s: &str, plain: usize, at: usize, close: usize) -> Option<usize> {
        let inner = &s[at + 2..close];
        let (title, label) = match inner.split_once('|') {
            Some((t, l)) => (t.trim(), Some(l.trim()).filter(|l| !l.is_empty())),
            None => (inner.trim(), None),
        };
        if title.is_empty() {
            return None;
        }
        if let Some((ns, _)) = title.split_once(':') {
            let ns = ns.trim();
            if ns.eq_ignore_ascii_case("gene") || ns.eq_ignore_ascii_case("topic") {
                let (syntax, shown) = parse_link(inner)?;
                self.plain(&s[plain..at]);
                let idx = self.ctx.link(syntax);
                let close_tag = self.ctx.link_open(&mut self.out, idx, false);
                self.plain(inner.get(shown).unwrap_or_default());
                self.out.push_str(close_tag);
            } else {
                // Interwiki and namespaced pages are not ours: source.
                self.plain(&s[plain..at]);
                self.ctx.words.end();
                self.out.push_str("<code class=\"wikitext\">");
                esc(&mut self.out, &s[at..close + 2]);
                self.out.push_str("</code>");
            }
            return Some(close + 2);
        }
        let trail = s.as_bytes()[close + 2..]
            .iter()
            .take_while(|c| c.is_ascii_lowercase())
            .count();
        let end = close + 2 + trail;
        let page = title.split('#').next().unwrap_or("").trim();
        self.plain(&s[plain..at]);
        let shown = format!("{}{}", label.unwrap_or(title), &s[close + 2..end]);
        if page.is_empty() {
            self.plain(&shown);
            return Some(end);
        }
        let gene = LinkTarget::Gene {
            organism: None,
            query: page.to_string(),
        };
        let gene_resolution = symbol_like(page).then(|| self.ctx.resolve(&gene));
        let (target, resolution) = match gene_resolution {
            Some(r) if !matches!(r, Resolution::Unknown { .. }) => (gene, r),
            _ => {
                let Some(slug) = topic_slug(page) else {
                    self.plain(&shown);
                    return Some(end);
                };
                let topic = LinkTarget::Topic { slug };
                let r = self.ctx.resolve(&topic);
                (topic, r)
            }
        };
        let syntax = LinkSyntax {
            target,
            label: label.map(str::to_string),
            source: inner.to_string(),
        };
        let idx = self.ctx.link_resolved(syntax, resolution);
        let close_tag = self.ctx.link_open(&mut self.out, idx, false);
        self.plain(&shown);
        self.out.push_str(close_tag);
        Some(end)
    }

    /// `[http://x label]` at `at`.
    fn external(&mut self, s: &str, plain: usize, at: usize) -> Option<usize> {
        let b = s.as_bytes();
        let rest = &b[at + 1..];
        if !["http://", "https://", "mailto:"]
            .iter()
            .any(|p| starts_with_ci(rest, p))
        {
            return None;
        }
        let len = rest
            .iter()
            .take(2000)
            .position(|c| matches!(c, b']' | b'['))?;
        if rest[len] != b']' {
            return None;
        }
        let inside = &s[at + 1..at + 1 + len];
        let (url, label) = match inside.find([' ', '\t']) {
            Some(k) => (&inside[..k], inside[k..].trim()),
            None => (inside, ""),
        };
        if !safe_url(url) || inside.contains(OPEN) {
            return None;
        }
        self.plain(&s[plain..at]);
        self.out.push_str("<a class=\"external\" href=\"");
        esc(&mut self.out, url);
        self.out.push_str("\">");
        if label.is_empty() {
            self.numbered += 1;
            let _ = write!(self.out, "[{}]", self.numbered);
        } else {
            self.plain(label);
        }
        self.out.push_str("</a>");
        Some(at + 2 + len)
    }

    /// A bare `http(s)://` URL at `at`.
    fn bare_url(&mut self, s: &str, plain: usize, at: usize) -> Option<usize> {
        let b = &s.as_bytes()[at..];
        let scheme = if starts_with_ci(b, "http://") {
            7
        } else if starts_with_ci(b, "https://") {
            8
        } else {
            return None;
        };
        let mut len = b
            .iter()
            .position(|c| {
                c.is_ascii_whitespace()
                    || matches!(
                        c,
                        b'[' | b']' | b'<' | b'>' | b'"' | b'|' | b'{' | b'}' | 0xEE
                    )
            })
            .unwrap_or(b.len());
        while len > scheme
            && matches!(
                b[len - 1],
                b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b'\''
            )
        {
            len -= 1;
        }
        if len <= scheme {
            return None;
        }
        let url = s.get(at..at + len)?;
        self.plain(&s[plain..at]);
        self.ctx.words.end();
        self.out.push_str("<a class=\"external\" href=\"");
        esc(&mut self.out, url);
        self.out.push_str("\">");
        esc(&mut self.out, url);
        self.out.push_str("</a>");
        Some(at + len)
    }

    fn atom(&mut self, idx: usize) {
        match self.atoms.get(idx) {
            Some(Atom::Ref { name, body }) => {
                if let Some(n) = self.ctx.wiki_ref(name.clone(), body.as_deref()) {
                    self.ctx.words.end();
                    self.ctx.write_cites(&mut self.out, &[n], false);
                }
            }
            Some(Atom::Source(src)) => {
                self.ctx.words.end();
                self.out.push_str("<code class=\"wikitext\">");
                esc(&mut self.out, src);
                self.out.push_str("</code>");
            }
            Some(Atom::Nowiki(t)) => {
                let t = t.clone();
                self.plain(&t);
            }
            Some(Atom::Br) => {
                self.ctx.words.end();
                self.out.push_str("<br>");
            }
            None => {}
        }
    }
}

/// A heading line: its level and text.
fn heading(line: &str) -> Option<(u8, &str)> {
    let t = line.trim_end();
    if !t.starts_with('=') || !t.ends_with('=') {
        return None;
    }
    let lead = t.bytes().take_while(|c| *c == b'=').count();
    if lead == t.len() {
        return None;
    }
    let tail = t.bytes().rev().take_while(|c| *c == b'=').count();
    let n = lead.min(tail).min(6);
    let inner = t[n..t.len() - n].trim();
    (!inner.is_empty()).then_some((n as u8, inner))
}
