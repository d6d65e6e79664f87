//! Article markup to safe HTML, plus the structured data a page and the
//! JSON API show next to it (links, references, headings, word count).
//!
//! Articles are CommonMark with GFM tables and strikethrough, parsed by
//! pulldown-cmark; imported MediaWiki pages keep their wikitext and go
//! through [`render_wikitext`]. Everything the knowledge base knows comes
//! in through a [`Resolver`] the caller implements, so this module stays
//! pure: no store, no I/O.
//!
//! # Markdown extensions
//!
//! - `[[HMOX1]]`, `[[gene:HMOX1]]`, `[[gene:mouse:Bach2]]`,
//!   `[[gene:4780]]`: a gene by symbol, alias or id ([`LinkTarget::Gene`]).
//!   The part after `gene:` names an organism only when it is a plain
//!   lowercase word (`mouse`, `human`), so `[[gene:HGNC:5013]]` is the
//!   query `HGNC:5013`.
//! - `[[topic:some-slug]]`: a topic article; `[[kind:id]]` any other
//!   entity kind (`[[disease:DOID:1234]]`, `[[go:GO:0006979]]`).
//! - `[[target|label]]` shows `label`.
//! - `[@pmid:17942419]` and `[@pmid:1; @pmid:2]`: numbered citations.
//! - A fenced block with the info string `graph NAME NAME …` (names may
//!   also be on the block's lines): a knowledge-graph diagram drawn as SVG
//!   on the server.
//!
//! `[[…]]` and `[@…]` are recognised inside one run of plain text: not in
//! code spans or code blocks, and not across emphasis (`[[a *b* c]]` stays
//! literal). A target that is not resolved is shown as such, never
//! guessed.
//!
//! # Safety
//!
//! Raw HTML in an article (block or inline) is shown as escaped text.
//! Links and images keep only `http`, `https`, `mailto` and relative URLs.
//! The HTML is then cleaned by ammonia with an allowlist of exactly the
//! tags and attributes this module emits. Graph diagrams are SVG, which
//! ammonia would strip, so they are put in after cleaning, in place of
//! placeholders derived from a hash of the article that the article's own
//! text cannot contain (checked; on a clash the page is rendered again
//! with another seed). The SVG is built only from resolver data escaped
//! here.
//!
//! # Word count
//!
//! [`Rendered::word_count`] counts the prose a reader sees: paragraph,
//! heading, list and table text, link labels, inline code and inline raw
//! HTML (shown as text within the prose). A word is a run of
//! non-white-space characters with at least one letter or digit (a lone
//! `—` or `|` is no word); emphasis does not split one (`foo**bar**` is
//! one word). Not counted: code blocks, raw HTML blocks, graph diagrams,
//! citation markers, image alt text, URLs (words starting `http://`,
//! `https://`, `ftp://`, `www.`, `mailto:`) and, in wikitext, the source
//! shown for templates, tables and other unrendered markup.
//!
//! # Wikitext subset
//!
//! See [`render_wikitext`].

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

mod graph;
mod markdown;
#[cfg(test)]
mod tests;
mod wikitext;

/// What a `[[...]]` link names, parsed but not resolved: the resolver,
/// which knows the store, decides what it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkTarget {
    /// `[[HMOX1]]` or `[[gene:HMOX1]]`: a symbol, alias or id. With no
    /// organism the resolver applies the article's organism, then human.
    Gene {
        /// `mouse` in `[[gene:mouse:Bach2]]`, as written.
        organism: Option<String>,
        /// The symbol, alias or id as written (`Bach2`, `4780`).
        query: String,
    },
    /// `[[topic:oxidative-stress-in-neurodegeneration]]`: a topic article
    /// by slug (normalised the way topic slugs are made from titles).
    Topic {
        /// The topic's slug.
        slug: String,
    },
    /// `[[kind:id]]` for any other entity kind the store may know
    /// (`disease:DOID:1234`, `phenotype:HP:0001250`, `go:GO:0006979`),
    /// kept generic so new kinds need no change here.
    Other {
        /// The kind, lowercased (`disease`).
        kind: String,
        /// Everything after the first `:`, as written (`DOID:1234`).
        id: String,
    },
}

/// One `[[...]]` as written: what it names, its label, and its text, so a
/// page can list links and an editor can point at them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSyntax {
    /// What the link names.
    pub target: LinkTarget,
    /// The text after `|`, if any: what the reader sees instead of the
    /// target.
    pub label: Option<String>,
    /// The text between `[[` and `]]`; links are distinct by it.
    pub source: String,
}

impl LinkSyntax {
    /// Parses the text between `[[` and `]]`, or `None` when it names
    /// nothing (empty target, `[[topic:]]`, a topic without letters).
    pub fn parse(inner: &str) -> Option<LinkSyntax> {
        parse_link(inner).map(|(syntax, _)| syntax)
    }
}

/// What the resolver made of a link target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Exactly one entity: the link points at its page.
    Resolved {
        /// The entity's page, e.g. `/gene/3162`.
        href: String,
        /// A tooltip, e.g. "HMOX1 — heme oxygenase 1 (human)".
        title: String,
    },
    /// Several entities match (an alias shared by two genes): the reader
    /// is shown the choice instead of a guess.
    Ambiguous {
        /// `(label, href)` of every candidate.
        candidates: Vec<(String, String)>,
    },
    /// Nothing matches; `reason` says why (shown as a tooltip).
    Unknown {
        /// Why the target did not resolve.
        reason: String,
    },
}

/// What the knowledge base knows about a cited paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    /// The PubMed id.
    pub pmid: u64,
    /// The article title.
    pub title: String,
    /// The author list as shown, e.g. "Sun J, Hoshino H, Takaku K, et al.".
    pub authors: String,
    /// The journal's (abbreviated) name.
    pub journal: String,
    /// Year of publication, when known.
    pub year: Option<i32>,
}

/// A gene drawn in a graph diagram.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphNode {
    /// The label shown (usually the symbol).
    pub label: String,
    /// The gene's page.
    pub href: String,
}

/// A knowledge-graph edge between two [`GraphNode`]s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphEdge {
    /// Index into [`GraphData::nodes`] of the regulator.
    pub from: usize,
    /// Index into [`GraphData::nodes`] of the target.
    pub to: usize,
    /// The relation ("activation", "repression", "regulates"); it picks
    /// the colour and arrowhead.
    pub label: String,
    /// The page with the edge's evidence.
    pub href: String,
}

/// The part of the knowledge graph a ```` ```graph ```` block asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GraphData {
    /// The genes that resolved, in the order the block names them.
    pub nodes: Vec<GraphNode>,
    /// The edges among them.
    pub edges: Vec<GraphEdge>,
    /// Names that did not resolve (listed under the diagram).
    pub unresolved: Vec<String>,
}

/// What rendering needs from the knowledge base. The caller implements
/// it (looking genes up in the store); rendering never guesses.
pub trait Resolver {
    /// What a `[[...]]` link points at.
    fn resolve(&self, link: &LinkTarget) -> Resolution;
    /// The cited paper, or `None` when it has not been imported.
    fn publication(&self, pmid: u64) -> Option<Publication>;
    /// The knowledge-graph edges among the named genes (each name
    /// resolved like `[[name]]`).
    fn graph(&self, names: &[String]) -> GraphData;
}

/// One numbered PubMed reference of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// Its number in the text (`#ref-N`), in order of first citation.
    pub number: usize,
    /// The PubMed id.
    pub pmid: u64,
    /// What the knowledge base knows; `None` when not imported.
    pub publication: Option<Publication>,
}

/// A numbered reference of imported wikitext that names no PMID (a book,
/// a web page): kept as the source written inside `<ref>`. Numbers are
/// shared with [`Reference`]s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Its number in the text (`#ref-N`).
    pub number: usize,
    /// The wikitext inside `<ref>…</ref>`, trimmed (empty for a named
    /// reference used but never defined).
    pub text: String,
}

/// One distinct link of an article and what it resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkReport {
    /// The link as first written.
    pub syntax: LinkSyntax,
    /// What the resolver said.
    pub resolution: Resolution,
    /// How often the article contains it.
    pub count: usize,
}

/// A heading of the article, for a table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// The level as written (`#` is 1; wikitext `==` is 2). Markdown
    /// headings render one level lower (`#` as `<h2>`), since the page's
    /// `<h1>` is the entity's name.
    pub level: u8,
    /// The heading's plain text.
    pub text: String,
    /// Its `id` attribute: a slug of the text, made unique with `-2`,
    /// `-3`, ….
    pub anchor: String,
}

/// A rendered article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Safe HTML of the body (without the reference list: see
    /// [`reference_list_html`]).
    pub html: String,
    /// PubMed references in number order.
    pub references: Vec<Reference>,
    /// Wikitext references without a PMID, in number order (always empty
    /// for markdown).
    pub notes: Vec<Note>,
    /// Every distinct link, in order of first occurrence.
    pub links: Vec<LinkReport>,
    /// The headings, in order.
    pub headings: Vec<Heading>,
    /// Words of visible prose (see the module documentation).
    pub word_count: usize,
}

/// Who wrote one token, for [`render_markdown_by_author`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenAuthor {
    /// Index into a legend the caller draws; the span gets class `au-{author}`.
    pub author: usize,
    /// The author's name (tooltip).
    pub name: String,
    /// The revision that introduced the token (tooltip).
    pub revision: String,
}

/// Renders an article's markdown to safe HTML with links, citations and
/// graph diagrams resolved through `resolver`.
pub fn render_markdown(source: &str, resolver: &dyn Resolver) -> Rendered {
    render_with(source, resolver, |ctx| markdown::render(ctx, source, None))
}

/// Same as [`render_markdown`], with every word wrapped in
/// `<span class="au au-{k}" title="{author} · revision {rev}">`, so the
/// page can colour the text by who wrote it. `tokens` are the WikiWho
/// tokens' byte ranges in `source` (from [`crate::tokenize::locate`]) and
/// `authors[i]` says who wrote token `i`. Only tokens wholly inside a
/// text run whose text is exactly the source at its range are wrapped;
/// the white space between tokens stays outside the spans. Text that does
/// not map onto the source one to one (entities, backslash escapes), code
/// and labels the renderer makes up (none so far) are shown uncoloured;
/// links and citations work as usual, a link's label coloured inside the
/// link. Tokens without an entry in `authors` and ranges that make no
/// sense are ignored.
pub fn render_markdown_by_author(
    source: &str,
    resolver: &dyn Resolver,
    tokens: &[Range<usize>],
    authors: &[TokenAuthor],
) -> Rendered {
    let by = markdown::Authors {
        tokens,
        authors,
        titles: authors
            .iter()
            .map(|a| {
                let mut t = String::new();
                esc(&mut t, &a.name);
                t.push_str(" · revision ");
                esc(&mut t, &a.revision);
                t
            })
            .collect(),
    };
    let mut rendered = render_with(source, resolver, |ctx| {
        markdown::render(ctx, source, Some(&by))
    });
    rendered.html = expand_author_marks(&rendered.html, authors, &by.titles);
    rendered
}

/// The source text of a revision, escaped, in a `<pre>` with every token
/// wrapped in `<span class="au au-{k}" title="{author} · revision {rev}">`:
/// the colour-by-author view of markup that is not rendered word for word
/// (imported wikitext). `tokens` and `authors` as for
/// [`render_markdown_by_author`]; ranges that do not fit are skipped.
pub fn source_by_author(source: &str, tokens: &[Range<usize>], authors: &[TokenAuthor]) -> String {
    let mut out = String::with_capacity(source.len() * 2);
    out.push_str("<pre class=\"source by-author\">");
    let mut at = 0;
    for (range, who) in tokens.iter().zip(authors) {
        if range.start < at
            || range.end > source.len()
            || !source.is_char_boundary(range.start)
            || !source.is_char_boundary(range.end)
        {
            continue;
        }
        esc(&mut out, &source[at..range.start]);
        out.push_str("<span class=\"au au-");
        out.push_str(&(who.author % AUTHOR_CLASSES).to_string());
        out.push_str("\" title=\"");
        esc(&mut out, &who.name);
        out.push_str(" · revision ");
        esc(&mut out, &who.revision);
        out.push_str("\">");
        esc(&mut out, &source[range.clone()]);
        out.push_str("</span>");
        at = range.end;
    }
    esc(&mut out, &source[at..]);
    out.push_str("</pre>");
    out
}

/// Renders MediaWiki wikitext (imported pages). The simple parts become
/// the article's form; the rest is shown as source so nothing is lost.
///
/// Understood:
/// - `== Heading ==` (levels 1–6; `=`/`==` render as `<h2>`, deeper ones
///   as their level), with anchors as for markdown;
/// - `'''bold'''`, `''italic''`, `'''''both'''''` (closed at line end);
/// - `[[Page]]`, `[[Page|label]]`, `[[Page#Section]]` and link trails
///   (`[[gene]]s`): a symbol-like title (no spaces, letters/digits/`-`/`.`,
///   with a digit or all capitals, like `HMOX1`, `Bach2`) is resolved as a
///   gene and, when the resolver does not know it, as a topic; other
///   titles as a topic whose slug is the title lowercased, runs of other
///   characters than letters and digits turned into one `-`;
///   `[[gene:…]]`/`[[topic:…]]` as in markdown;
/// - `[http://x label]`, `[http://x]` (numbered `[1]`) and bare
///   `http(s)://` URLs;
/// - `*`/`#` lists, nested by prefix (`*#`); `----` rules; paragraphs
///   separated by blank lines;
/// - `<ref>…</ref>`, `<ref name=x>…</ref>`, `<ref name=x/>`: a reference
///   whose text contains `pmid = N`, `|pmid=N`, `PMID N` or `PMID:N`
///   becomes a numbered PubMed [`Reference`] (the same PMID keeps its
///   number); any other becomes a numbered [`Note`] shown as source;
/// - `<!-- comments -->`, `<references/>`, `{{reflist}}` and
///   `__MAGIC_WORDS__` are dropped; `<nowiki>…</nowiki>` is literal text;
///   `<br>` a line break; `&amp;`-style entities are decoded.
///
/// Shown as escaped source in `<code class="wikitext">` (a `<pre>` block
/// when it stands on lines of its own): templates `{{…}}` (nested,
/// multi-line), tables `{| … |}`, `[[File:…]]`/`[[Image:…]]`/
/// `[[Category:…]]`/`[[Media:…]]`, other namespaced links and any other
/// HTML tag. Lines starting with a space or `:`/`;` are plain paragraph
/// text. The characters U+E000 and U+E001 (used internally) are replaced
/// by U+FFFD.
pub fn render_wikitext(source: &str, resolver: &dyn Resolver) -> Rendered {
    render_with(source, resolver, |ctx| wikitext::render(ctx, source))
}

/// The reference list of an article that has only PubMed references (as
/// markdown articles do): see [`reference_list_html`].
pub fn references_html(refs: &[Reference]) -> String {
    reference_list_html(refs, &[])
}

/// The reference list: an `<ol class="references">` whose items are
/// `<li id="ref-N">Title. Authors. Journal (Year) <a href="https://pubmed.ncbi.nlm.nih.gov/N/">PubMed</a></li>`
/// (WikiGenes' form), `PMID N <a …>PubMed</a>` for a paper not imported,
/// and the escaped source for a [`Note`]. Items whose number differs from
/// their position get a `value`. Empty when there is nothing to list.
/// Safe HTML: every value is escaped here.
pub fn reference_list_html(references: &[Reference], notes: &[Note]) -> String {
    if references.is_empty() && notes.is_empty() {
        return String::new();
    }
    let mut items: Vec<(usize, Result<&Reference, &Note>)> = references
        .iter()
        .map(|r| (r.number, Ok(r)))
        .chain(notes.iter().map(|n| (n.number, Err(n))))
        .collect();
    items.sort_by_key(|(n, _)| *n);
    let mut out = String::from("<ol class=\"references\">\n");
    for (position, (number, item)) in items.iter().enumerate() {
        let _ = write!(out, "<li id=\"ref-{number}\"");
        if position + 1 != *number {
            let _ = write!(out, " value=\"{number}\"");
        }
        match item {
            Ok(r) => {
                out.push('>');
                match &r.publication {
                    Some(p) => {
                        let mut parts = false;
                        let title = p.title.trim();
                        if !title.is_empty() {
                            esc(&mut out, title);
                            if !title.ends_with(['.', '?', '!']) {
                                out.push('.');
                            }
                            parts = true;
                        }
                        let authors = p.authors.trim();
                        if !authors.is_empty() {
                            if parts {
                                out.push(' ');
                            }
                            esc(&mut out, authors);
                            if !authors.ends_with('.') {
                                out.push('.');
                            }
                            parts = true;
                        }
                        let journal = p.journal.trim();
                        if !journal.is_empty() {
                            if parts {
                                out.push(' ');
                            }
                            esc(&mut out, journal);
                            parts = true;
                        }
                        if let Some(y) = p.year {
                            if parts {
                                out.push(' ');
                            }
                            let _ = write!(out, "({y})");
                            parts = true;
                        }
                        if !parts {
                            let _ = write!(out, "PMID {}", r.pmid);
                        }
                    }
                    None => {
                        let _ = write!(out, "PMID {}", r.pmid);
                    }
                }
                let _ = writeln!(
                    out,
                    " <a href=\"https://pubmed.ncbi.nlm.nih.gov/{}/\">PubMed</a></li>",
                    r.pmid
                );
            }
            Err(n) => {
                out.push_str(" class=\"note\"><code class=\"wikitext\">");
                esc(&mut out, &n.text);
                out.push_str("</code></li>\n");
            }
        }
    }
    out.push_str("</ol>\n");
    out
}

// ---------------------------------------------------------------------
// Shared machinery.

/// Renders with a fresh [`Ctx`] until the graph placeholders check out
/// (they always do unless the text contains a placeholder, which needs
/// the hash of itself); after a few seeds the diagrams are dropped.
fn render_with(
    source: &str,
    resolver: &dyn Resolver,
    mut body: impl FnMut(&mut Ctx<'_>) -> String,
) -> Rendered {
    const SEEDS: u64 = 3;
    for seed in 0..SEEDS {
        let mut ctx = Ctx::new(resolver, source, seed);
        let html = body(&mut ctx);
        if let Some(rendered) = ctx.finish(&html, seed + 1 == SEEDS) {
            return rendered;
        }
    }
    // Unreachable: the last seed always finishes (without diagrams if
    // need be). Kept total rather than panicking.
    Rendered {
        html: String::new(),
        references: Vec::new(),
        notes: Vec::new(),
        links: Vec::new(),
        headings: Vec::new(),
        word_count: 0,
    }
}

/// A citation entry by number (index + 1).
enum Entry {
    Pmid(u64),
    Note(String),
    /// A wikitext `<ref name=x/>` used before (or without) its definition.
    Pending,
}

/// State shared by the markdown and wikitext renderers: what has been
/// linked, cited and headed so far.
struct Ctx<'r> {
    resolver: &'r dyn Resolver,
    links: Vec<LinkReport>,
    link_by_source: FxHashMap<String, usize>,
    resolved: FxHashMap<LinkTarget, Resolution>,
    entries: Vec<Entry>,
    by_pmid: FxHashMap<u64, usize>,
    by_name: FxHashMap<String, usize>,
    publications: FxHashMap<u64, Option<Publication>>,
    headings: Vec<Heading>,
    anchors: FxHashSet<String>,
    words: Words,
    graphs: Vec<String>,
    key: String,
}

impl<'r> Ctx<'r> {
    fn new(resolver: &'r dyn Resolver, source: &str, seed: u64) -> Self {
        let hash = xxhash_rust::xxh3::xxh3_128_with_seed(
            source.as_bytes(),
            seed ^ 0x6c6f_6375_735f_6772, // "locus_gr"
        );
        Ctx {
            resolver,
            links: Vec::new(),
            link_by_source: FxHashMap::default(),
            resolved: FxHashMap::default(),
            entries: Vec::new(),
            by_pmid: FxHashMap::default(),
            by_name: FxHashMap::default(),
            publications: FxHashMap::default(),
            headings: Vec::new(),
            anchors: FxHashSet::default(),
            words: Words::default(),
            graphs: Vec::new(),
            key: format!("locusgraph{hash:032x}"),
        }
    }

    /// What `target` resolves to, asking the resolver once per target.
    fn resolve(&mut self, target: &LinkTarget) -> Resolution {
        if let Some(r) = self.resolved.get(target) {
            return r.clone();
        }
        let r = self.resolver.resolve(target);
        self.resolved.insert(target.clone(), r.clone());
        r
    }

    /// Records one occurrence of a link (resolving it the first time) and
    /// returns its index in `links`.
    fn link(&mut self, syntax: LinkSyntax) -> usize {
        if let Some(&i) = self.link_by_source.get(&syntax.source) {
            self.links[i].count += 1;
            return i;
        }
        let resolution = self.resolve(&syntax.target);
        self.link_resolved(syntax, resolution)
    }

    /// Records a link the caller resolved itself (wikitext's gene-then-topic).
    fn link_resolved(&mut self, syntax: LinkSyntax, resolution: Resolution) -> usize {
        if let Some(&i) = self.link_by_source.get(&syntax.source) {
            self.links[i].count += 1;
            return i;
        }
        let i = self.links.len();
        self.link_by_source.insert(syntax.source.clone(), i);
        self.links.push(LinkReport {
            syntax,
            resolution,
            count: 1,
        });
        i
    }

    /// Writes the opening tag for link `i` and returns the closing one.
    /// Inside another link (`nested`) a resolved link is a `<span>`:
    /// anchors do not nest.
    fn link_open(&self, out: &mut String, i: usize, nested: bool) -> &'static str {
        let Some(report) = self.links.get(i) else {
            return "";
        };
        match &report.resolution {
            Resolution::Resolved { href, title } if !nested => {
                out.push_str("<a class=\"entity\" href=\"");
                esc(out, href);
                out.push_str("\" title=\"");
                esc(out, title);
                out.push_str("\">");
                "</a>"
            }
            Resolution::Resolved { title, .. } => {
                out.push_str("<span class=\"entity\" title=\"");
                esc(out, title);
                out.push_str("\">");
                "</span>"
            }
            Resolution::Ambiguous { candidates } => {
                out.push_str("<span class=\"link-ambiguous\" title=\"ambiguous: ");
                for (k, (label, _)) in candidates.iter().enumerate() {
                    if k > 0 {
                        out.push_str(", ");
                    }
                    esc(out, label);
                }
                out.push_str("\">");
                "</span>"
            }
            Resolution::Unknown { reason } => {
                out.push_str("<span class=\"link-unknown\" title=\"");
                esc(out, reason);
                out.push_str("\">");
                "</span>"
            }
        }
    }

    /// The number of a PubMed citation: the same PMID keeps its number.
    fn cite_pmid(&mut self, pmid: u64) -> usize {
        if let Some(&n) = self.by_pmid.get(&pmid) {
            return n;
        }
        self.entries.push(Entry::Pmid(pmid));
        let n = self.entries.len();
        self.by_pmid.insert(pmid, n);
        self.fetch_publication(pmid);
        n
    }

    fn fetch_publication(&mut self, pmid: u64) {
        if !self.publications.contains_key(&pmid) {
            let p = self.resolver.publication(pmid);
            self.publications.insert(pmid, p);
        }
    }

    /// The number of a wikitext `<ref>`: `body` is `None` for
    /// `<ref name=x/>`. `None` for an empty, nameless `<ref/>`.
    fn wiki_ref(&mut self, name: Option<String>, body: Option<&str>) -> Option<usize> {
        let Some(body) = body else {
            let name = name?;
            if let Some(&n) = self.by_name.get(&name) {
                return Some(n);
            }
            self.entries.push(Entry::Pending);
            let n = self.entries.len();
            self.by_name.insert(name, n);
            return Some(n);
        };
        let pmid = find_pmid(body);
        if let Some(name) = &name {
            if let Some(&n) = self.by_name.get(name) {
                if let Some(entry @ Entry::Pending) = self.entries.get_mut(n - 1) {
                    *entry = match pmid {
                        Some(p) => Entry::Pmid(p),
                        None => Entry::Note(body.trim().to_string()),
                    };
                    if let Some(p) = pmid {
                        self.by_pmid.entry(p).or_insert(n);
                        self.fetch_publication(p);
                    }
                }
                return Some(n);
            }
        }
        let n = match pmid {
            Some(p) => self.cite_pmid(p),
            None => {
                self.entries.push(Entry::Note(body.trim().to_string()));
                self.entries.len()
            }
        };
        if let Some(name) = name {
            self.by_name.insert(name, n);
        }
        Some(n)
    }

    /// Writes a superscript citation marker for `numbers` (sorted,
    /// distinct); inside a link (`nested`) without anchors.
    fn write_cites(&self, out: &mut String, numbers: &[usize], nested: bool) {
        out.push_str("<sup class=\"cite\">");
        for (k, &n) in numbers.iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            if nested {
                let _ = write!(out, "{n}");
                continue;
            }
            let _ = write!(out, "<a href=\"#ref-{n}\"");
            if let Some(Entry::Pmid(pmid)) = self.entries.get(n.wrapping_sub(1)) {
                out.push_str(" title=\"");
                match self.publications.get(pmid).and_then(Option::as_ref) {
                    Some(p) => {
                        esc(out, p.title.trim());
                        if let Some(y) = p.year {
                            let _ = write!(out, " ({y})");
                        }
                    }
                    None => {
                        let _ = write!(out, "PMID {pmid}");
                    }
                }
                out.push('"');
            }
            let _ = write!(out, ">{n}</a>");
        }
        out.push_str("</sup>");
    }

    /// A unique anchor for a heading with this text.
    fn anchor(&mut self, text: &str) -> String {
        let mut base = anchor_slug(text);
        // `ref-N` belongs to the reference list.
        if base.starts_with("ref-") && base[4..].bytes().all(|b| b.is_ascii_digit()) {
            base.push_str("-section");
        }
        let mut anchor = base.clone();
        let mut k = 2;
        while self.anchors.contains(&anchor) {
            anchor = format!("{base}-{k}");
            k += 1;
        }
        self.anchors.insert(anchor.clone());
        anchor
    }

    /// Records a heading and writes it, `inner` being its rendered content.
    fn heading(&mut self, out: &mut String, level: u8, html_level: u8, text: &str, inner: &str) {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let anchor = self.anchor(&text);
        let _ = write!(out, "<h{html_level} id=\"");
        esc(out, &anchor);
        out.push_str("\">");
        out.push_str(inner);
        let _ = writeln!(out, "</h{html_level}>");
        self.headings.push(Heading {
            level,
            text,
            anchor,
        });
    }

    /// A placeholder for an SVG diagram, to be swapped in after cleaning.
    fn graph_slot(&mut self, svg: String) -> String {
        let slot = format!("{}g{}z", self.key, self.graphs.len());
        self.graphs.push(svg);
        slot
    }

    /// A short id prefix for the `n`th diagram's SVG `id`s, unique per
    /// article.
    fn graph_id(&self, n: usize) -> String {
        format!("lg{}-{n}", &self.key[10..18])
    }

    /// Cleans `body`, puts the diagrams in and collects the results.
    /// `None` when a placeholder does not check out (the caller renders
    /// again with another seed); with `last`, drops the diagrams instead.
    fn finish(self, body: &str, last: bool) -> Option<Rendered> {
        let clean = sanitizer().clean(body).to_string();
        let html = if self.graphs.is_empty() {
            clean
        } else {
            match fill_slots(&clean, &self.key, &self.graphs) {
                Some(html) => html,
                None if last => clean.replace(&self.key, ""),
                None => return None,
            }
        };
        let mut references = Vec::new();
        let mut notes = Vec::new();
        for (i, entry) in self.entries.into_iter().enumerate() {
            let number = i + 1;
            match entry {
                Entry::Pmid(pmid) => references.push(Reference {
                    number,
                    pmid,
                    publication: self.publications.get(&pmid).cloned().flatten(),
                }),
                Entry::Note(text) => notes.push(Note { number, text }),
                Entry::Pending => notes.push(Note {
                    number,
                    text: String::new(),
                }),
            }
        }
        let mut words = self.words;
        words.end();
        Some(Rendered {
            html,
            references,
            notes,
            links: self.links,
            headings: self.headings,
            word_count: words.count,
        })
    }
}

/// Replaces each placeholder `{key}g{i}z` with `graphs[i]`; `None` unless
/// every diagram's placeholder occurs exactly once and nothing else looks
/// like one.
fn fill_slots(html: &str, key: &str, graphs: &[String]) -> Option<String> {
    let mut seen = vec![false; graphs.len()];
    let mut out = String::with_capacity(html.len() + graphs.iter().map(String::len).sum::<usize>());
    let mut last = 0;
    for (at, _) in html.match_indices(key) {
        let rest = &html[at + key.len()..];
        let digits = rest.strip_prefix('g')?;
        let len = digits.bytes().take_while(u8::is_ascii_digit).count();
        if digits.as_bytes().get(len) != Some(&b'z') || len == 0 || len > 6 {
            return None;
        }
        let i: usize = digits[..len].parse().ok()?;
        if *seen.get(i)? {
            return None;
        }
        seen[i] = true;
        out.push_str(&html[last..at]);
        out.push_str(&graphs[i]);
        last = at + key.len() + 1 + len + 1;
    }
    if !seen.iter().all(|s| *s) {
        return None;
    }
    out.push_str(&html[last..]);
    Some(out)
}

/// The ammonia configuration: exactly what this module emits.
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let tags: HashSet<&'static str> = [
            "p",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "a",
            "strong",
            "em",
            "del",
            "code",
            "pre",
            "blockquote",
            "ul",
            "ol",
            "li",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "hr",
            "br",
            "sup",
            "span",
            "img",
            "details",
            "summary",
            "div",
        ]
        .into_iter()
        .collect();
        let attrs: &[(&'static str, &[&'static str])] = &[
            ("h2", &["id"]),
            ("h3", &["id"]),
            ("h4", &["id"]),
            ("h5", &["id"]),
            ("h6", &["id"]),
            ("a", &["href", "title", "class"]),
            ("span", &["class", "title"]),
            ("img", &["src", "alt", "title"]),
            ("code", &["class"]),
            ("pre", &["class"]),
            ("p", &["class"]),
            ("div", &["class"]),
            ("details", &["class"]),
            ("ul", &["class"]),
            ("ol", &["start"]),
            ("th", &["class"]),
            ("td", &["class"]),
            ("sup", &["class"]),
        ];
        let tag_attributes: HashMap<&'static str, HashSet<&'static str>> = attrs
            .iter()
            .map(|(tag, a)| (*tag, a.iter().copied().collect()))
            .collect();
        let mut b = ammonia::Builder::empty();
        b.tags(tags)
            .tag_attributes(tag_attributes)
            .generic_attributes(HashSet::new())
            .url_schemes(["http", "https", "mailto"].into_iter().collect())
            .link_rel(Some("nofollow noopener"))
            .strip_comments(true);
        b
    })
}

/// Marks the start of an author span in the HTML given to the sanitiser:
/// `AU_OPEN` token-index `AU_MID` token `AU_CLOSE`. Expanded into
/// `<span class="au …" title="…">` after cleaning (see
/// [`expand_author_marks`]), which keeps thousands of spans out of the
/// (comparatively slow) sanitiser. [`esc`] turns these characters into
/// U+FFFD, so no text can forge them.
const AU_OPEN: char = '\u{E002}';
/// Author colour classes the stylesheet defines (`au-0` … `au-11`); more
/// authors reuse them, their names in the tooltips.
pub const AUTHOR_CLASSES: usize = 12;
const AU_MID: char = '\u{E003}';
const AU_CLOSE: char = '\u{E004}';

/// Escapes text for HTML text and (double- or single-quoted) attribute
/// values; NUL and the author-mark characters become U+FFFD.
fn esc(out: &mut String, s: &str) {
    let b = s.as_bytes();
    let mut last = 0;
    for (i, &c) in b.iter().enumerate() {
        let (rep, len) = match c {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            0 => ("\u{FFFD}", 1),
            // U+E002..=U+E004 are EE 80 82..=84 in UTF-8.
            0xEE if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x82..=0x84)) => {
                ("\u{FFFD}", 3)
            }
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + len;
    }
    out.push_str(&s[last..]);
}

/// Turns the author marks of cleaned HTML into spans: `classes[i]` and
/// `titles[i]` (already escaped) for token `i`. A mark that does not
/// parse (never: only this module writes them) is dropped.
fn expand_author_marks(html: &str, authors: &[TokenAuthor], titles: &[String]) -> String {
    let mut out = String::with_capacity(html.len() * 2);
    let mut rest = html;
    while let Some(at) = rest.find([AU_OPEN, AU_CLOSE]) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if let Some(after) = tail.strip_prefix(AU_CLOSE) {
            out.push_str("</span>");
            rest = after;
            continue;
        }
        let after = &tail[AU_OPEN.len_utf8()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let token: Option<usize> = after[..digits].parse().ok();
        let after_mid = after[digits..].strip_prefix(AU_MID);
        match (token, after_mid) {
            (Some(i), Some(next)) => {
                if let (Some(a), Some(title)) = (authors.get(i), titles.get(i)) {
                    let _ = write!(
                        out,
                        "<span class=\"au au-{}\" title=\"{title}\">",
                        a.author % AUTHOR_CLASSES
                    );
                } else {
                    // Keep the spans balanced.
                    out.push_str("<span>");
                }
                rest = next;
            }
            _ => rest = after,
        }
    }
    out.push_str(rest);
    out
}

/// Whether a link or image URL may be emitted: `http`, `https`, `mailto`
/// or relative. Browsers ignore tabs, newlines and leading control
/// characters in schemes, so those are ignored here too.
fn safe_url(url: &str) -> bool {
    let mut scheme = String::new();
    for c in url.chars() {
        match c {
            ':' => {
                return matches!(scheme.as_str(), "http" | "https" | "mailto");
            }
            '/' | '?' | '#' => return true,
            c if c.is_ascii_control() || c == ' ' => {}
            c => {
                if scheme.len() > 16 {
                    // No allowed scheme is this long; keep scanning for a
                    // ':' that would make this an unknown scheme.
                    continue;
                }
                scheme.extend(c.to_lowercase());
            }
        }
    }
    true
}

/// A heading's anchor: lowercase letters and digits, other runs turned
/// into one `-`; `section` when nothing is left. At most 80 characters.
fn anchor_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len().min(80));
    let mut dash = false;
    let mut chars = 0;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
                chars += 1;
            }
            dash = false;
            for l in c.to_lowercase() {
                slug.push(l);
                chars += 1;
            }
            if chars >= 80 {
                break;
            }
        } else {
            dash = true;
        }
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

/// A topic's slug from its title, the rule of `locus_model::TopicSlug`:
/// lowercased, runs of characters other than letters and digits turned
/// into one `-`, none at either end. `None` when nothing is left.
fn topic_slug(title: &str) -> Option<String> {
    let mut slug = String::with_capacity(title.len());
    let mut dash = false;
    for c in title.chars() {
        if c.is_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    (!slug.is_empty() && slug.chars().count() <= 200).then_some(slug)
}

/// Byte offset of `part` (a subslice) in `whole`.
fn offset_in(whole: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize)
}

/// Parses the inside of `[[…]]`: the syntax, and the byte range within
/// `inner` of the text to show (the label, or else the query/id/slug as
/// written).
fn parse_link(inner: &str) -> Option<(LinkSyntax, Range<usize>)> {
    let (target_part, label_part) = match inner.split_once('|') {
        Some((t, l)) => (t, Some(l)),
        None => (inner, None),
    };
    let t = target_part.trim();
    if t.is_empty() {
        return None;
    }
    let label = label_part.map(str::trim).filter(|l| !l.is_empty());
    let (target, shown) = match t.split_once(':') {
        Some((kind, rest)) if is_kind(kind.trim()) => {
            let kind = kind.trim().to_ascii_lowercase();
            let rest = rest.trim();
            if rest.is_empty() {
                return None;
            }
            match kind.as_str() {
                "gene" => match rest.split_once(':') {
                    Some((org, q)) if is_organism(org.trim()) && !q.trim().is_empty() => (
                        LinkTarget::Gene {
                            organism: Some(org.trim().to_string()),
                            query: q.trim().to_string(),
                        },
                        q.trim(),
                    ),
                    _ => (
                        LinkTarget::Gene {
                            organism: None,
                            query: rest.to_string(),
                        },
                        rest,
                    ),
                },
                "topic" => (
                    LinkTarget::Topic {
                        slug: topic_slug(rest)?,
                    },
                    rest,
                ),
                // A CURIE written bare (`[[HP:0001250]]`, `[[DOID:1612]]`):
                // its prefix is in capitals, and the whole id is shown.
                _ if kind_written_as_prefix(t) => (
                    LinkTarget::Other {
                        kind,
                        id: rest.to_string(),
                    },
                    t,
                ),
                _ => (
                    LinkTarget::Other {
                        kind,
                        id: rest.to_string(),
                    },
                    rest,
                ),
            }
        }
        _ => (
            LinkTarget::Gene {
                organism: None,
                query: t.to_string(),
            },
            t,
        ),
    };
    let shown = label.unwrap_or(shown);
    let start = offset_in(inner, shown);
    let range = start..start + shown.len();
    let syntax = LinkSyntax {
        target,
        label: label.map(str::to_string),
        source: inner.to_string(),
    };
    inner.get(range.clone())?;
    Some((syntax, range))
}

/// Whether a link's kind is written as a CURIE prefix, in capitals
/// (`HP` in `HP:0001250`), rather than as a kind name (`disease:`).
fn kind_written_as_prefix(t: &str) -> bool {
    t.split_once(':').is_some_and(|(k, _)| {
        let k = k.trim();
        k.len() >= 2 && k.bytes().all(|b| b.is_ascii_uppercase())
    })
}

/// An entity kind prefix: a letter, then letters, digits, `_` or `-`.
fn is_kind(s: &str) -> bool {
    let mut b = s.bytes();
    b.next().is_some_and(|c| c.is_ascii_alphabetic())
        && b.all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
}

/// An organism qualifier: a plain lowercase word (`mouse`, `c_elegans`).
fn is_organism(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.bytes()
            .all(|c| c.is_ascii_lowercase() || c == b'_' || c == b' ' || c == b'.')
}

/// Parses a citation group `[@pmid:N; @pmid:M]` starting at `at` (the
/// `[`): its PMIDs and the byte after `]`. `None` when malformed (no
/// digits, a digit-less or overflowing number, a zero, other text).
fn scan_citation(text: &str, at: usize) -> Option<(Vec<u64>, usize)> {
    let b = text.as_bytes();
    let mut i = at + 1;
    let mut pmids = Vec::new();
    loop {
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
        if b.get(i) != Some(&b'@') {
            return None;
        }
        i += 1;
        let word = b.get(i..i + 5)?;
        if !word.eq_ignore_ascii_case(b"pmid:") {
            return None;
        }
        i += 5;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start || i - start > 19 {
            return None;
        }
        let pmid: u64 = text.get(start..i)?.parse().ok()?;
        if pmid == 0 {
            return None;
        }
        pmids.push(pmid);
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
        match b.get(i) {
            Some(b';') => i += 1,
            Some(b']') => return Some((pmids, i + 1)),
            _ => return None,
        }
    }
}

/// The PMID a wikitext reference names: `pmid = N`, `|pmid=N`, `PMID N`
/// or `PMID:N`, `pmid` not preceded by a letter or digit.
fn find_pmid(body: &str) -> Option<u64> {
    let b = body.as_bytes();
    let mut from = 0;
    while from + 4 <= b.len() {
        let at = from
            + b[from..]
                .windows(4)
                .position(|w| w.eq_ignore_ascii_case(b"pmid"))?;
        from = at + 4;
        if at > 0 && b[at - 1].is_ascii_alphanumeric() {
            continue;
        }
        let mut i = at + 4;
        while b.get(i).is_some_and(|c| *c == b' ' || *c == b'\t') {
            i += 1;
        }
        if matches!(b.get(i), Some(b'=' | b':')) {
            i += 1;
            while b.get(i).is_some_and(|c| *c == b' ' || *c == b'\t') {
                i += 1;
            }
        }
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start || i - start > 19 {
            continue;
        }
        if let Some(p) = body.get(start..i).and_then(|d| d.parse::<u64>().ok()) {
            if p > 0 {
                return Some(p);
            }
        }
    }
    None
}

/// Counts words of visible prose as it is written out, chunk by chunk:
/// a word may continue across chunks (`foo**bar**` is one word) until
/// white space or [`Words::end`].
#[derive(Default)]
struct Words {
    count: usize,
    in_word: bool,
    alnum: bool,
    url: bool,
}

impl Words {
    fn feed(&mut self, s: &str) {
        for (i, c) in s.char_indices() {
            if c.is_whitespace() {
                self.end();
            } else {
                if !self.in_word {
                    self.in_word = true;
                    self.alnum = false;
                    self.url = starts_url(&s.as_bytes()[i..]);
                }
                if !self.alnum && c.is_alphanumeric() {
                    self.alnum = true;
                }
            }
        }
    }

    /// Ends the current word (a block boundary, a citation).
    fn end(&mut self) {
        if self.in_word && self.alnum && !self.url {
            self.count += 1;
        }
        self.in_word = false;
    }
}

fn starts_url(b: &[u8]) -> bool {
    ["http://", "https://", "ftp://", "www.", "mailto:"]
        .iter()
        .any(|p| b.len() >= p.len() && b[..p.len()].eq_ignore_ascii_case(p.as_bytes()))
}
