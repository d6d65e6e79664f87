//! Markdown (CommonMark + GFM tables and strikethrough) to HTML, written
//! event by event from pulldown-cmark so every piece of output is chosen
//! here: raw HTML is escaped, URLs are checked, headings shifted, and
//! `[[…]]`/`[@pmid:…]` found in runs of plain text.

use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::{
    esc, graph, parse_link, safe_url, scan_citation, Ctx, TokenAuthor, AU_CLOSE, AU_MID, AU_OPEN,
};

/// Who wrote which token, for colouring by author.
pub(super) struct Authors<'a> {
    /// Token byte ranges in the source, in text order.
    pub(super) tokens: &'a [Range<usize>],
    /// Who wrote token `i`.
    pub(super) authors: &'a [TokenAuthor],
    /// The escaped tooltip of each entry of `authors`.
    pub(super) titles: Vec<String>,
}

/// Renders `source` into unsanitised (but already escaped) HTML.
pub(super) fn render(ctx: &mut Ctx<'_>, source: &str, authors: Option<&Authors<'_>>) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut md = Md {
        ctx,
        source,
        authors,
        out: String::with_capacity(source.len() + source.len() / 2 + 64),
        saved: Vec::new(),
        heading: None,
        text: String::new(),
        pieces: Vec::new(),
        link_open: Vec::new(),
        image: None,
        code: None,
        aligns: Vec::new(),
        column: 0,
        in_head: false,
        graphs: 0,
    };
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        md.event(event, range);
    }
    md.flush();
    // pulldown-cmark balances its events; whatever is left open (it never
    // is) is closed by the sanitiser.
    while let Some(mut outer) = md.saved.pop() {
        outer.push_str(&md.out);
        md.out = outer;
    }
    md.out
}

/// A piece of the pending text run: where it is in `Md::text` and, when
/// its text is exactly the source at its range, where that starts.
struct Piece {
    at: Range<usize>,
    source: Option<usize>,
}

struct Image {
    dest: String,
    title: String,
    alt: String,
    depth: usize,
}

struct Code {
    info: String,
    text: String,
}

struct Md<'c, 'r, 'a> {
    ctx: &'c mut Ctx<'r>,
    source: &'a str,
    authors: Option<&'a Authors<'a>>,
    out: String,
    /// Outer output while a heading's content is written to `out`.
    saved: Vec<String>,
    /// The open heading's level and plain text.
    heading: Option<(u8, String)>,
    /// Pending run of text (merged Text and inline HTML events).
    text: String,
    pieces: Vec<Piece>,
    /// For each open markdown link, whether an `<a>` was written.
    link_open: Vec<bool>,
    image: Option<Image>,
    code: Option<Code>,
    aligns: Vec<Alignment>,
    column: usize,
    in_head: bool,
    graphs: usize,
}

impl Md<'_, '_, '_> {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        if let Some(image) = &mut self.image {
            match event {
                Event::Start(Tag::Image { .. }) => image.depth += 1,
                Event::End(TagEnd::Image) => {
                    image.depth -= 1;
                    if image.depth == 0 {
                        self.end_image();
                    }
                }
                Event::Text(t) | Event::Code(t) => image.alt.push_str(&t),
                _ => {}
            }
            return;
        }
        if let Some(code) = &mut self.code {
            match event {
                Event::End(TagEnd::CodeBlock) => self.end_code(),
                Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => code.text.push_str(&t),
                _ => {}
            }
            return;
        }
        match event {
            Event::Text(t) | Event::InlineHtml(t) => self.push_text(&t, range),
            Event::Start(tag) => {
                self.flush();
                self.start(tag);
            }
            Event::End(tag) => {
                self.flush();
                self.end(tag);
            }
            Event::Code(t) => {
                self.flush();
                self.out.push_str("<code>");
                esc(&mut self.out, &t);
                self.out.push_str("</code>");
                self.ctx.words.feed(&t);
                if let Some((_, text)) = &mut self.heading {
                    text.push_str(&t);
                }
            }
            Event::Html(t) => {
                self.flush();
                esc(&mut self.out, &t);
            }
            Event::SoftBreak => {
                self.flush();
                self.out.push('\n');
                self.space();
            }
            Event::HardBreak => {
                self.flush();
                self.out.push_str("<br>\n");
                self.space();
            }
            Event::Rule => {
                self.flush();
                self.out.push_str("<hr>\n");
            }
            // Not enabled; shown as the text they carry if they ever come.
            Event::InlineMath(t) | Event::DisplayMath(t) | Event::FootnoteReference(t) => {
                self.flush();
                esc(&mut self.out, &t);
            }
            Event::TaskListMarker(_) => {}
        }
    }

    /// A word boundary that is white space in the output.
    fn space(&mut self) {
        self.ctx.words.end();
        if let Some((_, text)) = &mut self.heading {
            text.push(' ');
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        let out = &mut self.out;
        match tag {
            Tag::Paragraph => {
                self.ctx.words.end();
                out.push_str("<p>");
            }
            Tag::Heading { level, .. } => {
                self.ctx.words.end();
                let outer = std::mem::take(&mut self.out);
                self.saved.push(outer);
                self.heading = Some((level as u8, String::new()));
            }
            Tag::BlockQuote(_) => {
                self.ctx.words.end();
                out.push_str("<blockquote>\n");
            }
            Tag::CodeBlock(kind) => {
                self.ctx.words.end();
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some(Code {
                    info,
                    text: String::new(),
                });
            }
            Tag::HtmlBlock => {
                self.ctx.words.end();
                out.push_str("<pre class=\"raw-html\">");
            }
            Tag::List(Some(1)) => out.push_str("<ol>\n"),
            Tag::List(Some(n)) => {
                let _ = writeln!(out, "<ol start=\"{n}\">");
            }
            Tag::List(None) => out.push_str("<ul>\n"),
            Tag::Item => {
                self.ctx.words.end();
                out.push_str("<li>");
            }
            Tag::Table(aligns) => {
                self.aligns = aligns;
                out.push_str("<table>\n");
            }
            Tag::TableHead => {
                self.in_head = true;
                self.column = 0;
                out.push_str("<thead>\n<tr>");
            }
            Tag::TableRow => {
                self.column = 0;
                out.push_str("<tr>");
            }
            Tag::TableCell => {
                self.ctx.words.end();
                out.push_str(if self.in_head { "<th" } else { "<td" });
                match self.aligns.get(self.column) {
                    Some(Alignment::Left) => out.push_str(" class=\"align-left\""),
                    Some(Alignment::Center) => out.push_str(" class=\"align-center\""),
                    Some(Alignment::Right) => out.push_str(" class=\"align-right\""),
                    _ => {}
                }
                out.push('>');
            }
            Tag::Emphasis => out.push_str("<em>"),
            Tag::Strong => out.push_str("<strong>"),
            Tag::Strikethrough => out.push_str("<del>"),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                let url = if link_type == LinkType::Email {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.to_string()
                };
                // A link inside a link (possible through autolinks) would
                // nest anchors: only the outer one is kept.
                let open = safe_url(&url) && !self.link_open.iter().any(|o| *o);
                if open {
                    out.push_str("<a href=\"");
                    esc(out, &url);
                    out.push('"');
                    if !title.is_empty() {
                        out.push_str(" title=\"");
                        esc(out, &title);
                        out.push('"');
                    }
                    out.push('>');
                }
                self.link_open.push(open);
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                self.image = Some(Image {
                    dest: dest_url.to_string(),
                    title: title.to_string(),
                    alt: String::new(),
                    depth: 1,
                });
            }
            // Not enabled (footnotes, definition lists, metadata, super-
            // and subscript): their content is rendered as it comes.
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        let out = &mut self.out;
        match tag {
            TagEnd::Paragraph => {
                self.ctx.words.end();
                out.push_str("</p>\n");
            }
            TagEnd::Heading(_) => {
                self.ctx.words.end();
                let (level, text) = self.heading.take().unwrap_or((1, String::new()));
                let inner = match self.saved.pop() {
                    Some(outer) => std::mem::replace(&mut self.out, outer),
                    None => std::mem::take(&mut self.out),
                };
                let html_level = (level + 1).min(6);
                self.ctx
                    .heading(&mut self.out, level, html_level, &text, &inner);
            }
            TagEnd::BlockQuote(_) => {
                self.ctx.words.end();
                out.push_str("</blockquote>\n");
            }
            TagEnd::HtmlBlock => out.push_str("</pre>\n"),
            TagEnd::List(true) => out.push_str("</ol>\n"),
            TagEnd::List(false) => out.push_str("</ul>\n"),
            TagEnd::Item => {
                self.ctx.words.end();
                out.push_str("</li>\n");
            }
            TagEnd::Table => {
                out.push_str("</tbody>\n</table>\n");
                self.aligns.clear();
            }
            TagEnd::TableHead => {
                self.in_head = false;
                out.push_str("</tr>\n</thead>\n<tbody>\n");
            }
            TagEnd::TableRow => out.push_str("</tr>\n"),
            TagEnd::TableCell => {
                self.ctx.words.end();
                out.push_str(if self.in_head { "</th>" } else { "</td>" });
                self.column += 1;
            }
            TagEnd::Emphasis => out.push_str("</em>"),
            TagEnd::Strong => out.push_str("</strong>"),
            TagEnd::Strikethrough => out.push_str("</del>"),
            // The guard pops this link's entry whether or not an <a> was
            // written; only a written one is closed.
            TagEnd::Link if self.link_open.pop() == Some(true) => out.push_str("</a>"),
            _ => {}
        }
    }

    fn end_image(&mut self) {
        let Some(image) = self.image.take() else {
            return;
        };
        if safe_url(&image.dest) {
            self.out.push_str("<img src=\"");
            esc(&mut self.out, &image.dest);
            self.out.push_str("\" alt=\"");
            esc(&mut self.out, &image.alt);
            self.out.push('"');
            if !image.title.is_empty() {
                self.out.push_str(" title=\"");
                esc(&mut self.out, &image.title);
                self.out.push('"');
            }
            self.out.push('>');
        } else {
            esc(&mut self.out, &image.alt);
        }
    }

    fn end_code(&mut self) {
        let Some(code) = self.code.take() else {
            return;
        };
        let mut words = code.info.split_whitespace();
        let lang = words.next().unwrap_or("");
        if lang.eq_ignore_ascii_case("graph") {
            let names = graph::names(words, &code.text);
            self.graph(&names);
            return;
        }
        self.out.push_str("<pre><code");
        let lang: String = lang
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+'))
            .take(32)
            .collect();
        if !lang.is_empty() {
            let _ = write!(self.out, " class=\"language-{lang}\"");
        }
        self.out.push('>');
        esc(&mut self.out, &code.text);
        self.out.push_str("</code></pre>\n");
    }

    fn graph(&mut self, names: &graph::Names) {
        let data = if names.names.is_empty() {
            Default::default()
        } else {
            self.ctx.resolver.graph(&names.names)
        };
        let id = self.ctx.graph_id(self.graphs);
        self.graphs += 1;
        let drawn = graph::render(&data, names, &id);
        self.out.push_str("<div class=\"graph\">");
        if let Some(svg) = drawn.svg {
            let slot = self.ctx.graph_slot(svg);
            self.out.push_str(&slot);
        }
        self.out.push_str("</div>\n");
        self.out.push_str(&drawn.html);
    }

    /// Adds a Text or inline HTML event to the pending run.
    fn push_text(&mut self, t: &str, range: Range<usize>) {
        let start = self.text.len();
        self.text.push_str(t);
        if self.authors.is_some() {
            let source = (self.source.get(range.clone()) == Some(t)).then_some(range.start);
            self.pieces.push(Piece {
                at: start..self.text.len(),
                source,
            });
        }
    }

    /// Writes the pending run: plain text, entity links and citations.
    fn flush(&mut self) {
        if self.text.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.text);
        let pieces = std::mem::take(&mut self.pieces);
        let b = text.as_bytes();
        let mut plain = 0;
        let mut pos = 0;
        while let Some(off) = text.get(pos..).and_then(|r| r.find('[')) {
            let at = pos + off;
            pos = at + 1;
            match b.get(at + 1) {
                Some(b'[') => {
                    let Some(close) = scan_wikilink(b, at) else {
                        continue;
                    };
                    let inner = &text[at + 2..close];
                    let Some((syntax, shown)) = parse_link(inner) else {
                        continue;
                    };
                    self.plain(&text, &pieces, plain..at);
                    let idx = self.ctx.link(syntax);
                    let nested = self.link_open.iter().any(|o| *o);
                    let close_tag = self.ctx.link_open(&mut self.out, idx, nested);
                    let shown = at + 2 + shown.start..at + 2 + shown.end;
                    self.plain(&text, &pieces, shown);
                    self.out.push_str(close_tag);
                    pos = close + 2;
                    plain = pos;
                }
                Some(b'@') => {
                    let Some((pmids, end)) = scan_citation(&text, at) else {
                        continue;
                    };
                    self.plain(&text, &pieces, plain..at);
                    let mut numbers: Vec<usize> =
                        pmids.into_iter().map(|p| self.ctx.cite_pmid(p)).collect();
                    numbers.sort_unstable();
                    numbers.dedup();
                    self.ctx.words.end();
                    let nested = self.link_open.iter().any(|o| *o);
                    self.ctx.write_cites(&mut self.out, &numbers, nested);
                    pos = end;
                    plain = end;
                }
                _ => {}
            }
        }
        self.plain(&text, &pieces, plain..text.len());
    }

    /// Writes `text[range]` as escaped visible text (coloured by author
    /// when asked), counting its words.
    fn plain(&mut self, text: &str, pieces: &[Piece], range: Range<usize>) {
        let Some(s) = text.get(range.clone()) else {
            return;
        };
        if s.is_empty() {
            return;
        }
        self.ctx.words.feed(s);
        if let Some((_, h)) = &mut self.heading {
            h.push_str(s);
        }
        let Some(authors) = self.authors else {
            esc(&mut self.out, s);
            return;
        };
        let first = pieces.partition_point(|p| p.at.end <= range.start);
        for piece in pieces.get(first..).unwrap_or_default() {
            if piece.at.start >= range.end {
                break;
            }
            let sub = range.start.max(piece.at.start)..range.end.min(piece.at.end);
            let Some(part) = text.get(sub.clone()) else {
                continue;
            };
            match piece.source {
                Some(src) => {
                    let src = src + (sub.start - piece.at.start)..src + (sub.end - piece.at.start);
                    write_tokens(&mut self.out, part, src, authors);
                }
                None => esc(&mut self.out, part),
            }
        }
    }
}

/// Writes `part` (which is the source at `src`), wrapping each token that
/// lies wholly inside `src` in its author's span.
fn write_tokens(out: &mut String, part: &str, src: Range<usize>, authors: &Authors<'_>) {
    let tokens = authors.tokens;
    let mut cursor = 0;
    let first = tokens.partition_point(|t| t.start < src.start);
    for (i, token) in tokens.iter().enumerate().skip(first) {
        if token.start >= src.end {
            break;
        }
        if token.end > src.end || token.start >= token.end {
            continue;
        }
        let (a, b) = (token.start - src.start, token.end - src.start);
        if a < cursor || !part.is_char_boundary(a) || !part.is_char_boundary(b) {
            continue;
        }
        if authors.authors.get(i).is_none() {
            continue;
        }
        esc(out, &part[cursor..a]);
        let _ = write!(out, "{AU_OPEN}{i}{AU_MID}");
        esc(out, &part[a..b]);
        out.push(AU_CLOSE);
        cursor = b;
    }
    esc(out, part.get(cursor..).unwrap_or_default());
}

/// Where the `]]` closing the `[[` at `at` is: the inside must be 1–512
/// bytes without brackets or line breaks. Stopping at the first bracket
/// keeps the scan linear however many `[[` there are.
pub(super) fn scan_wikilink(b: &[u8], at: usize) -> Option<usize> {
    let start = at + 2;
    for (k, &c) in b.get(start..)?.iter().enumerate().take(513) {
        match c {
            b']' => {
                return (k > 0 && b.get(start + k + 1) == Some(&b']')).then_some(start + k);
            }
            b'[' | b'\n' | b'\r' => return None,
            _ => {}
        }
    }
    None
}
