use super::*;
use crate::tokenize;

/// A few hand-coded genes, topics, papers and edges.
struct TestResolver;

fn resolved(href: &str, title: &str) -> Resolution {
    Resolution::Resolved {
        href: href.to_string(),
        title: title.to_string(),
    }
}

fn gene_href(name: &str) -> Option<&'static str> {
    Some(match name {
        "HMOX1" | "3162" => "/gene/3162",
        "BACH1" => "/gene/571",
        "MAFK" => "/gene/7975",
        "NFE2L2" | "4780" => "/gene/4780",
        "EVIL" => "/gene/666",
        _ => return None,
    })
}

impl Resolver for TestResolver {
    fn resolve(&self, link: &LinkTarget) -> Resolution {
        match link {
            LinkTarget::Gene {
                organism: None,
                query,
            } => match query.as_str() {
                "HMOX1" | "3162" => resolved("/gene/3162", "HMOX1 — heme oxygenase 1 (human)"),
                "NFE2L2" | "4780" => resolved(
                    "/gene/4780",
                    "NFE2L2 — NFE2 like bZIP transcription factor 2 (human)",
                ),
                "NRF1" => Resolution::Ambiguous {
                    candidates: vec![
                        ("NRF1 (human)".into(), "/gene/4899".into()),
                        ("NFE2L1 (human)".into(), "/gene/4779".into()),
                    ],
                },
                "EVIL" => resolved(
                    "/gene/666\" onmouseover=\"alert(1)",
                    "\"quoted\" <script>alert(1)</script> & 'co'",
                ),
                "JSGENE" => resolved("javascript:alert(1)", "x"),
                q => match gene_href(q) {
                    Some(h) => resolved(h, &format!("{q} (human)")),
                    None => Resolution::Unknown {
                        reason: format!("no gene named {q}"),
                    },
                },
            },
            LinkTarget::Gene {
                organism: Some(o),
                query,
            } if o == "mouse" && query == "Bach2" => resolved(
                "/gene/12014",
                "Bach2 — BTB domain and CNC homolog 2 (mouse)",
            ),
            LinkTarget::Topic { slug }
                if slug == "oxidative-stress-in-neurodegeneration" || slug == "heme" =>
            {
                resolved(&format!("/topic/{slug}"), slug)
            }
            other => Resolution::Unknown {
                reason: format!("unknown: {other:?}"),
            },
        }
    }

    fn publication(&self, pmid: u64) -> Option<Publication> {
        match pmid {
            17942419 => Some(Publication {
                pmid,
                title: "Hemoprotein Bach1 regulates enhancer availability of heme oxygenase-1 gene"
                    .into(),
                authors: "Sun J, Hoshino H, Takaku K, et al.".into(),
                journal: "EMBO J".into(),
                year: Some(2002),
            }),
            12345 => Some(Publication {
                pmid,
                title: "A <script>alert(1)</script> \"title\"".into(),
                authors: "Doe J".into(),
                journal: "J <b>X</b>".into(),
                year: None,
            }),
            _ => None,
        }
    }

    fn graph(&self, names: &[String]) -> GraphData {
        let mut data = GraphData::default();
        let mut index = Vec::new();
        for name in names {
            match gene_href(name) {
                Some(href) => {
                    index.push((name.as_str(), data.nodes.len()));
                    data.nodes.push(GraphNode {
                        label: if name == "EVIL" {
                            "<script>alert(1)</script>".into()
                        } else {
                            name.clone()
                        },
                        href: href.into(),
                    });
                }
                None => data.unresolved.push(name.clone()),
            }
        }
        let at = |n: &str| index.iter().find(|(m, _)| *m == n).map(|(_, i)| *i);
        for (from, to, label) in [
            ("BACH1", "HMOX1", "repression"),
            ("NFE2L2", "HMOX1", "activation"),
            ("MAFK", "HMOX1", "regulates"),
            ("HMOX1", "BACH1", "activation"),
            ("BACH1", "BACH1", "repression"),
            ("EVIL", "HMOX1", "<b>evil</b>"),
        ] {
            if let (Some(f), Some(t)) = (at(from), at(to)) {
                data.edges.push(GraphEdge {
                    from: f,
                    to: t,
                    label: label.into(),
                    href: if from == "EVIL" {
                        "javascript:alert(1)".into()
                    } else {
                        format!("/evidence/{from}-{to}")
                    },
                });
            }
        }
        // An edge pointing nowhere must be ignored, not panic.
        data.edges.push(GraphEdge {
            from: 99,
            to: 0,
            label: "bogus".into(),
            href: String::new(),
        });
        data
    }
}

/// WikiWho's tokens of `text`, located in it, as the caller of
/// [`render_markdown_by_author`] gets them.
fn token_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let lower = text.to_lowercase();
    let sentences: Vec<String> = tokenize::paragraph_text(&lower)
        .split("\n\n")
        .flat_map(tokenize::sentences)
        .map(|s| tokenize::strip(&s).to_string())
        .collect();
    let toks: Vec<&str> = sentences.iter().flat_map(|s| tokenize::tokens(s)).collect();
    tokenize::locate(text, toks)
}

fn md(s: &str) -> Rendered {
    render_markdown(s, &TestResolver)
}

/// No executable markup in the real tags of `html` (text `<` is always
/// escaped, so every `<` starts a tag): no script-like element, no `on*`
/// attribute, no javascript:/data:/vbscript: URL; SVG only as our
/// diagrams.
fn assert_safe(html: &str) {
    let b = html.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        // The tag runs to the first '>' outside quotes.
        let mut j = i + 1;
        let mut quote = None;
        while j < b.len() {
            match (quote, b[j]) {
                (None, b'"' | b'\'') => quote = Some(b[j]),
                (Some(q), c) if c == q => quote = None,
                (None, b'>') => break,
                _ => {}
            }
            j += 1;
        }
        let tag = html[i + 1..j.min(b.len())].to_ascii_lowercase();
        i = j + 1;
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(
            ![
                "script", "iframe", "object", "embed", "style", "form", "input", "meta", "link",
                "base"
            ]
            .contains(&name.as_str()),
            "<{tag}> in {html}"
        );
        if name == "svg" && !tag.starts_with('/') {
            assert!(tag.contains("class=\"graph-svg\""), "<{tag}> in {html}");
        }
        // Attributes: name[=value].
        let rest = &tag[name.len().min(tag.len())..];
        let rb = rest.as_bytes();
        let mut k = 0;
        while k < rb.len() {
            while k < rb.len() && (rb[k].is_ascii_whitespace() || rb[k] == b'/') {
                k += 1;
            }
            let a0 = k;
            while k < rb.len() && !rb[k].is_ascii_whitespace() && rb[k] != b'=' {
                k += 1;
            }
            let attr = &rest[a0..k];
            let mut value = "";
            if k < rb.len() && rb[k] == b'=' {
                k += 1;
                if k < rb.len() && (rb[k] == b'"' || rb[k] == b'\'') {
                    let q = rb[k];
                    let v0 = k + 1;
                    k = v0;
                    while k < rb.len() && rb[k] != q {
                        k += 1;
                    }
                    value = &rest[v0..k];
                    k += 1;
                } else {
                    let v0 = k;
                    while k < rb.len() && !rb[k].is_ascii_whitespace() {
                        k += 1;
                    }
                    value = &rest[v0..k];
                }
            }
            assert!(!attr.starts_with("on"), "{attr} in <{tag}> in {html}");
            if matches!(
                attr,
                "href" | "src" | "xlink:href" | "action" | "formaction"
            ) {
                let v: String = value
                    .replace("&#x9;", "")
                    .chars()
                    .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
                    .collect();
                for scheme in ["javascript:", "data:", "vbscript:"] {
                    assert!(!v.starts_with(scheme), "{attr}={value} in {html}");
                }
            }
        }
    }
}

#[test]
fn entity_links_resolved_ambiguous_unknown_and_listed() {
    let r = md(
        "**BACH1** represses [[HMOX1]] with [[MAFK]]. Mouse [[gene:mouse:Bach2]], \
         see [[gene:4780]] and [[topic:oxidative-stress-in-neurodegeneration|oxidative stress]]. \
         [[NRF1]] is ambiguous, [[NOPE]] unknown, [[HMOX1]] again, [[disease:DOID:1234]].",
    );
    let h = &r.html;
    assert!(
        h.contains("<a class=\"entity\" href=\"/gene/3162\" title=\"HMOX1 — heme oxygenase 1 (human)\" rel=\"nofollow noopener\">HMOX1</a>"),
        "{h}"
    );
    assert!(h.contains("href=\"/gene/12014\""), "{h}");
    assert!(h.contains(">Bach2</a>"), "{h}");
    assert!(h.contains("href=\"/gene/4780\""), "{h}");
    assert!(h.contains(">4780</a>"), "{h}");
    assert!(
        h.contains("href=\"/topic/oxidative-stress-in-neurodegeneration\""),
        "{h}"
    );
    assert!(h.contains(">oxidative stress</a>"), "{h}");
    assert!(
        h.contains("<span class=\"link-ambiguous\" title=\"ambiguous: NRF1 (human), NFE2L1 (human)\">NRF1</span>"),
        "{h}"
    );
    assert!(
        h.contains("<span class=\"link-unknown\" title=\"no gene named NOPE\">NOPE</span>"),
        "{h}"
    );
    assert!(!h.contains("[["), "{h}");

    let sources: Vec<(&str, usize)> = r
        .links
        .iter()
        .map(|l| (l.syntax.source.as_str(), l.count))
        .collect();
    assert_eq!(
        sources,
        [
            ("HMOX1", 2),
            ("MAFK", 1),
            ("gene:mouse:Bach2", 1),
            ("gene:4780", 1),
            (
                "topic:oxidative-stress-in-neurodegeneration|oxidative stress",
                1
            ),
            ("NRF1", 1),
            ("NOPE", 1),
            ("disease:DOID:1234", 1),
        ]
    );
    assert_eq!(
        r.links[2].syntax.target,
        LinkTarget::Gene {
            organism: Some("mouse".into()),
            query: "Bach2".into()
        }
    );
    assert_eq!(
        r.links[4].syntax.target,
        LinkTarget::Topic {
            slug: "oxidative-stress-in-neurodegeneration".into()
        }
    );
    assert_eq!(r.links[4].syntax.label.as_deref(), Some("oxidative stress"));
    assert_eq!(
        r.links[7].syntax.target,
        LinkTarget::Other {
            kind: "disease".into(),
            id: "DOID:1234".into()
        }
    );
    assert!(matches!(
        r.links[5].resolution,
        Resolution::Ambiguous { .. }
    ));
    assert!(matches!(r.links[6].resolution, Resolution::Unknown { .. }));
}

#[test]
fn link_syntax_parsing() {
    let p = |s: &str| LinkSyntax::parse(s).map(|l| l.target);
    assert_eq!(
        p("gene:HGNC:5013"),
        Some(LinkTarget::Gene {
            organism: None,
            query: "HGNC:5013".into()
        })
    );
    assert_eq!(
        p(" HMOX1 | heme oxygenase "),
        Some(LinkTarget::Gene {
            organism: None,
            query: "HMOX1".into()
        })
    );
    assert_eq!(
        p("topic:Oxidative Stress"),
        Some(LinkTarget::Topic {
            slug: "oxidative-stress".into()
        })
    );
    assert_eq!(p(""), None);
    assert_eq!(p("|label"), None);
    assert_eq!(p("topic:"), None);
    assert_eq!(p("topic:--"), None);
    assert_eq!(
        p("go:GO:0006979"),
        Some(LinkTarget::Other {
            kind: "go".into(),
            id: "GO:0006979".into()
        })
    );
}

/// A bare CURIE links to its term and shows the whole id, not the part
/// after the prefix.
#[test]
fn bare_curies_show_whole() {
    let r = render_markdown(
        "Seizures ([[HP:0001250]]) and [[phenotype:HP:0001250|fits]].",
        &TestResolver,
    );
    assert_eq!(
        r.links[0].syntax.target,
        LinkTarget::Other {
            kind: "hp".into(),
            id: "0001250".into()
        }
    );
    assert!(r.html.contains(">HP:0001250<"), "{}", r.html);
    assert!(r.html.contains(">fits<"), "{}", r.html);
}

#[test]
fn links_and_citations_in_code_stay_literal() {
    let r = md("Inline `[[HMOX1]] [@pmid:17942419]` code.\n\n```\n[[HMOX1]] [@pmid:17942419]\n```\n\n    [[MAFK]] indented\n");
    assert!(
        r.html.contains("<code>[[HMOX1]] [@pmid:17942419]</code>"),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("<pre><code>[[HMOX1]] [@pmid:17942419]\n</code></pre>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("[[MAFK]] indented"), "{}", r.html);
    assert!(r.links.is_empty());
    assert!(r.references.is_empty());
}

#[test]
fn citations_are_numbered_in_order_of_first_use() {
    let r = md("BACH1 binds MAREs [@pmid:17942419]. Heme releases it [@pmid:11069897; @pmid:17942419]. \
         Again [@pmid:11069897] and [@PMID:3]. Malformed: [@pmid:abc] [@pmid:] [@doi:10.1/x] [@pmid:1 x] \
         [@pmid:99999999999999999999999] [@pmid:0].");
    let h = &r.html;
    assert!(
        h.contains("<sup class=\"cite\"><a href=\"#ref-1\" title=\"Hemoprotein Bach1 regulates enhancer availability of heme oxygenase-1 gene (2002)\" rel=\"nofollow noopener\">1</a></sup>"),
        "{h}"
    );
    assert!(
        h.contains("<sup class=\"cite\"><a href=\"#ref-1\" title=\"Hemoprotein Bach1 regulates enhancer availability of heme oxygenase-1 gene (2002)\" rel=\"nofollow noopener\">1</a>, <a href=\"#ref-2\" title=\"PMID 11069897\" rel=\"nofollow noopener\">2</a></sup>"),
        "{h}"
    );
    assert!(h.contains(">3</a></sup>"), "{h}");
    for lit in [
        "[@pmid:abc]",
        "[@pmid:]",
        "[@doi:10.1/x]",
        "[@pmid:1 x]",
        "[@pmid:99999999999999999999999]",
        "[@pmid:0]",
    ] {
        assert!(h.contains(lit), "{lit} in {h}");
    }
    let refs: Vec<(usize, u64, bool)> = r
        .references
        .iter()
        .map(|x| (x.number, x.pmid, x.publication.is_some()))
        .collect();
    assert_eq!(
        refs,
        [(1, 17942419, true), (2, 11069897, false), (3, 3, false)]
    );

    let list = references_html(&r.references);
    assert!(list.starts_with("<ol class=\"references\">"), "{list}");
    assert!(
        list.contains("<li id=\"ref-1\">Hemoprotein Bach1 regulates enhancer availability of heme oxygenase-1 gene. Sun J, Hoshino H, Takaku K, et al. EMBO J (2002) <a href=\"https://pubmed.ncbi.nlm.nih.gov/17942419/\">PubMed</a></li>"),
        "{list}"
    );
    assert!(
        list.contains("<li id=\"ref-2\">PMID 11069897 <a href=\"https://pubmed.ncbi.nlm.nih.gov/11069897/\">PubMed</a></li>"),
        "{list}"
    );
    assert_eq!(references_html(&[]), "");
}

#[test]
fn reference_list_escapes_publication_data() {
    let r = md("x [@pmid:12345]");
    assert_safe(&r.html);
    assert!(
        r.html
            .contains("title=\"A &lt;script&gt;alert(1)&lt;/script&gt; &quot;title&quot;\""),
        "{}",
        r.html
    );
    let list = references_html(&r.references);
    assert_safe(&list);
    assert!(list.contains("A &lt;script&gt;alert(1)&lt;/script&gt; &quot;title&quot;. Doe J. J &lt;b&gt;X&lt;/b&gt; <a"), "{list}");
}

#[test]
fn xss_payloads_are_neutralised() {
    let payloads = [
        "<script>alert(1)</script>",
        "text <script>alert(1)</script> inline",
        "<img src=x onerror=alert(1)>",
        "inline <img src=x onerror=alert(1)> html",
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java\tscript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](vbscript:msgbox(1))",
        "<a href=\"javascript:alert(1)\">click</a>",
        "![x](javascript:alert(1))",
        "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
        "[<img src=x onerror=alert(1)>](https://example.org)",
        "[x](https://example.org \"a\\\" onmouseover=\\\"alert(1)\")",
        "<svg onload=alert(1)>",
        "<iframe src=\"https://evil\"></iframe>",
        "[[EVIL]] and [[JSGENE]]",
        "[[x\" onmouseover=\"alert(1)|label]]",
        "<javascript:alert(1)>",
        "[x]: javascript:alert(1)\n\n[x]",
        "<div onclick=alert(1)>x</div>",
        "\u{0}<script>alert(1)</script>",
    ];
    for p in payloads {
        let r = md(p);
        assert_safe(&r.html);
        let w = render_wikitext(p, &TestResolver);
        assert_safe(&w.html);
    }
    // Raw HTML is shown, escaped.
    let r = md("<script>alert(1)</script>");
    assert!(
        r.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{}",
        r.html
    );
    let r = md("a <b>bold</b> word");
    assert!(
        r.html.contains("a &lt;b&gt;bold&lt;/b&gt; word"),
        "{}",
        r.html
    );
    // Unsafe links keep their text, lose the link.
    let r = md("[click me](javascript:alert(1)) and [ok](https://example.org/a?b=1&c=2)");
    assert!(r.html.contains("click me"), "{}", r.html);
    assert!(
        r.html.contains(
            "<a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow noopener\">ok</a>"
        ),
        "{}",
        r.html
    );
    // Resolver data is escaped.
    let r = md("[[EVIL]]");
    assert!(
        r.html.contains(
            "title=\"&quot;quoted&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; 'co'\""
        ),
        "{}",
        r.html
    );
    assert!(!r.html.contains("onmouseover=\"alert"), "{}", r.html);
    // Quotes in a link title.
    let r = md("[x](https://example.org \"say \\\"hi\\\" & 'bye'\")");
    assert!(
        r.html.contains("title=\"say &quot;hi&quot; &amp; 'bye'\""),
        "{}",
        r.html
    );
    // Images with safe URLs stay.
    let r = md("![HMOX1 \"structure\"](/img/hmox1.png \"t\")");
    assert!(
        r.html.contains(
            "<img src=\"/img/hmox1.png\" alt=\"HMOX1 &quot;structure&quot;\" title=\"t\">"
        ),
        "{}",
        r.html
    );
}

#[test]
fn svg_placeholders_cannot_be_forged() {
    // Text that looks like a placeholder (of some other article) stays text,
    // and the real diagram still arrives.
    let fake = "locusgraph0123456789abcdef0123456789abcdefg0z";
    let src = format!("{fake}\n\n```graph BACH1 HMOX1\n```\n\n`{fake}`");
    let r = md(&src);
    assert_eq!(r.html.matches("<svg").count(), 1, "{}", r.html);
    assert_eq!(r.html.matches(fake).count(), 2, "{}", r.html);
    // The checks behind the placeholders: each slot once, nothing extra.
    let key = "locusgraphKEY";
    let graphs = vec!["<svg>A</svg>".to_string(), "<svg>B</svg>".to_string()];
    assert_eq!(
        fill_slots("x locusgraphKEYg1z y locusgraphKEYg0z", key, &graphs).as_deref(),
        Some("x <svg>B</svg> y <svg>A</svg>")
    );
    assert_eq!(
        fill_slots(
            "locusgraphKEYg0z locusgraphKEYg0z locusgraphKEYg1z",
            key,
            &graphs
        ),
        None
    );
    assert_eq!(fill_slots("locusgraphKEYg0z", key, &graphs), None);
    assert_eq!(
        fill_slots(
            "locusgraphKEYg0z locusgraphKEYg1z locusgraphKEYx",
            key,
            &graphs
        ),
        None
    );
    assert_eq!(
        fill_slots("locusgraphKEYg0z locusgraphKEYg7z", key, &graphs),
        None
    );
    // No placeholder is left in any output.
    let r = md("```graph BACH1\n```\n\n```graph HMOX1 MAFK\n```");
    assert_eq!(r.html.matches("<svg").count(), 2, "{}", r.html);
    assert!(!r.html.contains("locusgraph"), "{}", r.html);
}

#[test]
fn gfm_table_renders() {
    let r = md("| Gene | Role | n |\n|:-----|:----:|--:|\n| [[HMOX1]] | *target* | 3 |\n| BACH1 | repressor [@pmid:17942419] | 12 |\n");
    let h = &r.html;
    assert!(h.contains("<table>"), "{h}");
    assert!(h.contains("<thead>\n<tr><th class=\"align-left\">Gene</th><th class=\"align-center\">Role</th><th class=\"align-right\">n</th></tr>\n</thead>"), "{h}");
    assert!(
        h.contains("<td class=\"align-left\"><a class=\"entity\" href=\"/gene/3162\""),
        "{h}"
    );
    assert!(
        h.contains("<td class=\"align-center\"><em>target</em></td>"),
        "{h}"
    );
    assert!(h.contains("<td class=\"align-right\">12</td></tr>"), "{h}");
    assert_eq!(r.references.len(), 1);
}

#[test]
fn headings_are_shifted_and_anchored() {
    let r = md("# Function\n\nx\n\n## Function\n\n### Regulation of [[HMOX1]] by *heme*\n\n###### Deep\n\n# Ref 1\n\n# !!!\n");
    let h = &r.html;
    assert!(h.contains("<h2 id=\"function\">Function</h2>"), "{h}");
    assert!(h.contains("<h3 id=\"function-2\">Function</h3>"), "{h}");
    assert!(
        h.contains("<h4 id=\"regulation-of-hmox1-by-heme\">Regulation of <a class=\"entity\""),
        "{h}"
    );
    assert!(h.contains("<h6 id=\"deep\">Deep</h6>"), "{h}");
    assert!(h.contains("<h2 id=\"ref-1-section\">"), "{h}");
    assert!(h.contains("<h2 id=\"section\">!!!</h2>"), "{h}");
    let heads: Vec<(u8, &str, &str)> = r
        .headings
        .iter()
        .map(|x| (x.level, x.text.as_str(), x.anchor.as_str()))
        .collect();
    assert_eq!(
        heads,
        [
            (1, "Function", "function"),
            (2, "Function", "function-2"),
            (
                3,
                "Regulation of HMOX1 by heme",
                "regulation-of-hmox1-by-heme"
            ),
            (6, "Deep", "deep"),
            (1, "Ref 1", "ref-1-section"),
            (1, "!!!", "section"),
        ]
    );
}

#[test]
fn graph_block_renders_svg() {
    let r = md("Intro.\n\n```graph BACH1 HMOX1 NFE2L2\nMAFK, NOSUCH\nEVIL\n```\n\nAfter.");
    let h = &r.html;
    assert_safe(h);
    let svg_start = h.find("<svg").expect("an svg");
    let svg = &h[svg_start..h.find("</svg>").expect("svg end")];
    assert!(svg.contains("role=\"img\""), "{svg}");
    assert!(
        svg.contains("aria-label=\"Gene interaction diagram: 5 genes"),
        "{svg}"
    );
    assert!(svg.contains("viewBox=\"0 0 "), "{svg}");
    // Every node links to its gene.
    for href in [
        "/gene/571",
        "/gene/3162",
        "/gene/4780",
        "/gene/7975",
        "/gene/666",
    ] {
        assert!(
            svg.contains(&format!("<a href=\"{href}\">")),
            "{href} in {svg}"
        );
    }
    // Every edge with a safe evidence URL is a link with a tooltip.
    for ev in [
        "BACH1-HMOX1",
        "NFE2L2-HMOX1",
        "MAFK-HMOX1",
        "HMOX1-BACH1",
        "BACH1-BACH1",
    ] {
        assert!(
            svg.contains(&format!("<a href=\"/evidence/{ev}\"><title>")),
            "{ev} in {svg}"
        );
    }
    assert!(
        svg.contains("<title>BACH1 → HMOX1: repression (click for evidence)</title>"),
        "{svg}"
    );
    assert!(svg.contains("#c0392b"), "{svg}");
    assert!(svg.contains("#1b7a3a"), "{svg}");
    assert!(svg.contains("stroke-dasharray"), "{svg}");
    assert!(svg.contains("font-size=\"14\""), "{svg}");
    // Hostile resolver data is escaped and unsafe links dropped.
    assert!(
        svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{svg}"
    );
    assert!(svg.contains("&lt;b&gt;evil&lt;/b&gt;"), "{svg}");
    assert!(!svg.contains("javascript:"), "{svg}");
    assert!(!svg.contains("bogus"), "{svg}");
    // Unresolved names and the text fallback.
    assert!(
        h.contains("<p class=\"graph-unresolved\">Not found: <code>NOSUCH</code></p>"),
        "{h}"
    );
    assert!(
        h.contains("<details class=\"graph-edges\"><summary>Interactions shown (6)</summary>"),
        "{h}"
    );
    assert!(h.contains("<li><a href=\"/gene/571\" rel=\"nofollow noopener\">BACH1</a> → <a href=\"/gene/3162\" rel=\"nofollow noopener\">HMOX1</a>: repression (<a href=\"/evidence/BACH1-HMOX1\" rel=\"nofollow noopener\">evidence</a>)</li>"), "{h}");
    assert!(h.contains("<p>After.</p>"), "{h}");
    // Diagrams are not prose.
    assert_eq!(r.word_count, 2);

    let empty = md("```graph\n```\n\n```graph NOSUCH\n```");
    assert!(!empty.html.contains("<svg"), "{}", empty.html);
    assert!(empty.html.contains("names no genes"), "{}", empty.html);
    assert!(
        empty.html.contains("Not found: <code>NOSUCH</code>"),
        "{}",
        empty.html
    );
}

#[test]
fn wikitext_subset() {
    let src = r#"{{Short description|Protein-coding gene in the species Homo sapiens}}
{{Infobox gene
| Name = HMOX1
| image = {{PDB|1N45}}
}}
'''Heme oxygenase 1''' (''HMOX1'') is an [[enzyme]] encoded by the [[HMOX1]] gene.<ref name="pmid17942419">{{cite journal |vauthors=Sun J, Hoshino H |title=Hemoprotein Bach1 |journal=EMBO J |volume=21 |pmid=17942419 }}</ref> It is repressed by [[BACH1|Bach1]]<ref>Igarashi K. PMID: 11069897</ref> and [[NRF1]]s.<ref>{{cite book |title=Heme |publisher=X}}</ref><!-- hidden comment -->

== Function ==
HMOX1 degrades [[heme]].<ref name="pmid17942419"/> See [http://www.ncbi.nlm.nih.gov/gene/3162 Entrez] and [https://example.org] or http://example.org/x.
=== Regulation ===
* first item with '''bold''' and ''italic''
** nested
* second
# one
# two

{| class="wikitable"
! A !! B
|-
| 1 || 2
|}
Dog&nbsp;&amp; cat <br /> [[File:HMOX1.png|thumb|The [[enzyme]]]] [[Category:Genes]]

== References ==
{{Reflist}}
<references />
"#;
    let r = render_wikitext(src, &TestResolver);
    let h = &r.html;
    assert_safe(h);
    assert!(h.contains("<pre class=\"wikitext\"><code class=\"wikitext\">{{Short description|Protein-coding gene in the species Homo sapiens}}</code></pre>"), "{h}");
    // Gene Wiki's infobox template is left to Locus' data infobox.
    assert!(!h.contains("Infobox gene"), "{h}");
    assert!(
        h.contains("<strong>Heme oxygenase 1</strong> (<em>HMOX1</em>) is an "),
        "{h}"
    );
    assert!(h.contains("<span class=\"link-unknown\" title=\"unknown: Topic { slug: &quot;enzyme&quot; }\">enzyme</span>"), "{h}");
    assert!(
        h.contains("the <a class=\"entity\" href=\"/gene/3162\""),
        "{h}"
    );
    assert!(h.contains(">Bach1</a>"), "{h}");
    assert!(h.contains("<span class=\"link-ambiguous\" title=\"ambiguous: NRF1 (human), NFE2L1 (human)\">NRF1s</span>"), "{h}");
    assert!(h.contains("<a class=\"entity\" href=\"/topic/heme\" title=\"heme\" rel=\"nofollow noopener\">heme</a>"), "{h}");
    assert!(!h.contains("hidden comment"), "{h}");
    assert!(h.contains("<h2 id=\"function\">Function</h2>"), "{h}");
    assert!(h.contains("<h3 id=\"regulation\">Regulation</h3>"), "{h}");
    assert!(h.contains("<a class=\"external\" href=\"http://www.ncbi.nlm.nih.gov/gene/3162\" rel=\"nofollow noopener\">Entrez</a>"), "{h}");
    assert!(
        h.contains(
            "<a class=\"external\" href=\"https://example.org\" rel=\"nofollow noopener\">[1]</a>"
        ),
        "{h}"
    );
    assert!(h.contains("<a class=\"external\" href=\"http://example.org/x\" rel=\"nofollow noopener\">http://example.org/x</a>."), "{h}");
    assert!(h.contains("<ul>\n<li>first item with <strong>bold</strong> and <em>italic</em><ul>\n<li>nested</li>\n</ul>\n</li>\n<li>second</li>\n</ul>\n<ol>\n<li>one</li>\n<li>two</li>\n</ol>"), "{h}");
    assert!(h.contains("<pre class=\"wikitext\"><code class=\"wikitext\">{| class=\"wikitable\"\n! A !! B\n|-\n| 1 || 2\n|}</code></pre>"), "{h}");
    assert!(h.contains("Dog\u{a0}&amp; cat <br> <code class=\"wikitext\">[[File:HMOX1.png|thumb|The [[enzyme]]]]</code> <code class=\"wikitext\">[[Category:Genes]]</code>") || h.contains("Dog&nbsp;&amp; cat <br> <code class=\"wikitext\">[[File:HMOX1.png|thumb|The [[enzyme]]]]</code> <code class=\"wikitext\">[[Category:Genes]]</code>"), "{h}");
    assert!(!h.contains("Reflist"), "{h}");
    assert!(!h.contains("&lt;references"), "{h}");
    // References: the cite template's PMID, "PMID: N", a note, and the
    // named ref reused with its number.
    assert!(
        h.contains("gene.<sup class=\"cite\"><a href=\"#ref-1\""),
        "{h}"
    );
    assert!(
        h.contains("[[heme]]") || h.contains("heme</a>.<sup class=\"cite\"><a href=\"#ref-1\""),
        "{h}"
    );
    let refs: Vec<(usize, u64)> = r.references.iter().map(|x| (x.number, x.pmid)).collect();
    assert_eq!(refs, [(1, 17942419), (2, 11069897)]);
    assert_eq!(
        r.notes,
        [Note {
            number: 3,
            text: "{{cite book |title=Heme |publisher=X}}".into()
        }]
    );
    let list = reference_list_html(&r.references, &r.notes);
    assert!(list.contains("<li id=\"ref-3\" class=\"note\"><code class=\"wikitext\">{{cite book |title=Heme |publisher=X}}</code></li>"), "{list}");
    let heads: Vec<(u8, &str)> = r
        .headings
        .iter()
        .map(|x| (x.level, x.text.as_str()))
        .collect();
    assert_eq!(
        heads,
        [(2, "Function"), (3, "Regulation"), (2, "References")]
    );
    let sources: Vec<(&str, usize)> = r
        .links
        .iter()
        .map(|l| (l.syntax.source.as_str(), l.count))
        .collect();
    assert_eq!(
        sources,
        [
            ("enzyme", 1),
            ("HMOX1", 1),
            ("BACH1|Bach1", 1),
            ("NRF1", 1),
            ("heme", 1)
        ]
    );
    assert!(matches!(r.links[1].syntax.target, LinkTarget::Gene { .. }));
    assert_eq!(
        r.links[0].syntax.target,
        LinkTarget::Topic {
            slug: "enzyme".into()
        }
    );
    assert!(r.word_count > 20 && r.word_count < 60, "{}", r.word_count);
}

#[test]
fn wikitext_odd_constructs() {
    let r = render_wikitext(
        "a <ref name=x/> b <ref name=x>PMID 17942419</ref> c <ref name=y/>",
        &TestResolver,
    );
    let refs: Vec<(usize, u64)> = r.references.iter().map(|x| (x.number, x.pmid)).collect();
    assert_eq!(refs, [(1, 17942419)]);
    assert_eq!(
        r.notes,
        [Note {
            number: 2,
            text: String::new()
        }]
    );
    let r = render_wikitext(
        "'''''both''''' and '''b ''bi''''' and ''unclosed\nnext",
        &TestResolver,
    );
    assert!(
        r.html.contains("<strong><em>both</em></strong>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<em>unclosed</em>\nnext"), "{}", r.html);
    let r = render_wikitext(
        "x {{unclosed\n<ref>unclosed\n[[unclosed\n{| table\n| a",
        &TestResolver,
    );
    assert!(r.html.contains("{{unclosed"), "{}", r.html);
    assert!(r.html.contains("&lt;ref&gt;unclosed"), "{}", r.html);
    assert!(r.html.contains("{| table\n| a"), "{}", r.html);
    let r = render_wikitext("= Title =\n\n==Two==\n\n====== Six ======", &TestResolver);
    assert!(r.html.contains("<h2 id=\"title\">Title</h2>"), "{}", r.html);
    assert!(r.html.contains("<h2 id=\"two\">Two</h2>"), "{}", r.html);
    assert!(r.html.contains("<h6 id=\"six\">Six</h6>"), "{}", r.html);
    let r = render_wikitext(
        "<nowiki>[[HMOX1]] ''x''</nowiki> <math>x^2</math>",
        &TestResolver,
    );
    assert!(r.html.contains("[[HMOX1]] ''x'' <code class=\"wikitext\">&lt;math&gt;</code>x^2<code class=\"wikitext\">&lt;/math&gt;</code>"), "{}", r.html);
    assert!(r.links.is_empty());
}

#[test]
fn colour_by_author() {
    let source = "BACH1 represses [[HMOX1]] strongly; a &amp; b [@pmid:17942419].";
    let lower = source.to_lowercase();
    let toks = tokenize::tokens(&lower);
    let ranges = tokenize::locate(source, toks.iter().copied());
    let authors: Vec<TokenAuthor> = (0..ranges.len())
        .map(|i| TokenAuthor {
            author: i % 2,
            name: if i % 2 == 0 { "alice" } else { "bob <b>" }.into(),
            revision: format!("{}", 10 + i),
        })
        .collect();
    let r = render_markdown_by_author(source, &TestResolver, &ranges, &authors);
    let h = &r.html;
    assert_safe(h);
    // Tokens: bach1 represses [[ hmox1 ]] strongly ; a & amp ; b [ @ …
    assert!(h.contains("<span class=\"au au-0\" title=\"alice · revision 10\">BACH1</span> <span class=\"au au-1\" title=\"bob &lt;b&gt; · revision 11\">represses</span> "), "{h}");
    assert!(h.contains("<a class=\"entity\" href=\"/gene/3162\" title=\"HMOX1 — heme oxygenase 1 (human)\" rel=\"nofollow noopener\"><span class=\"au au-1\" title=\"bob &lt;b&gt; · revision 13\">HMOX1</span></a>"), "{h}");
    assert!(h.contains("<span class=\"au au-1\" title=\"bob &lt;b&gt; · revision 15\">strongly</span><span class=\"au au-0\" title=\"alice · revision 16\">;</span>"), "{h}");
    // The entity is not the source text: shown plainly.
    assert!(h.contains("</span> &amp; <span"), "{h}");
    assert!(h.contains("<sup class=\"cite\"><a href=\"#ref-1\""), "{h}");
    assert_eq!(r.links.len(), 1);
    assert_eq!(r.references.len(), 1);
    // Same structure as without authors.
    let plain = md(source);
    assert_eq!(plain.word_count, r.word_count);
    assert_eq!(plain.links, r.links);

    // Author marks in the text (or from an entity) are not spans.
    let forged = "a \u{E002}0\u{E003}x\u{E004} &#xE002;1&#xE003;y&#xE004; b";
    for r in [
        md(forged),
        render_wikitext(forged, &TestResolver),
        render_markdown_by_author(forged, &TestResolver, &[], &authors),
    ] {
        assert!(!r.html.contains("<span"), "{}", r.html);
        assert!(!r.html.contains('\u{E002}'), "{}", r.html);
        assert!(r.html.contains("\u{FFFD}0\u{FFFD}x\u{FFFD}"), "{}", r.html);
    }
    let ranges = token_ranges(forged);
    let r = render_markdown_by_author(forged, &TestResolver, &ranges, &authors);
    assert!(
        r.html
            .contains("<span class=\"au au-0\" title=\"alice · revision 10\">a</span> "),
        "{}",
        r.html
    );
    assert!(!r.html.contains('\u{E002}'), "{}", r.html);

    // Garbage token ranges do not panic and do not break the text.
    #[allow(clippy::reversed_empty_ranges)]
    let bogus = [0..3, 2..1, 5..500, 1..2, 100..200, 3..3];
    let r = render_markdown_by_author("añb [[HMOX1]]", &TestResolver, &bogus, &authors);
    assert!(r.html.contains("HMOX1"), "{}", r.html);
    let r = render_markdown_by_author("añb", &TestResolver, &[0..2, 2..4], &[]);
    assert_eq!(r.html, "<p>añb</p>\n");
}

#[test]
fn word_count_rule() {
    let r = md("# Title here\n\nHello **wor**ld, see `code` and https://x.org/y — [@pmid:1] [[HMOX1|heme oxygenase]].\n\n```\nnot counted at all\n```\n\n| a | b |\n|---|---|\n| c d | e |\n\n![alt text](/x.png)");
    // Title here (2) + Hello world see code and heme oxygenase (7) + a b c d e (5)
    assert_eq!(r.word_count, 14, "{}", r.html);
}

#[test]
fn odd_inputs_do_not_panic() {
    let mut inputs: Vec<String> = [
        "[[",
        "[[]]",
        "[[|]]",
        "[[ | ]]",
        "]]",
        "[[x",
        "x]]",
        "[@pmid:]",
        "[@pmid:",
        "[@",
        "[@pmid:12;",
        "[@pmid:1;]",
        "[@pmid:18446744073709551615]",
        "[@pmid:18446744073709551616]",
        "[[[[HMOX1]]]]",
        "[[[[",
        "]]]]",
        "[[gene:]]",
        "[[gene:mouse:]]",
        "[[:]]",
        "[[::::]]",
        "[[topic:!!!]]",
        "```graph",
        "```graph BACH1",
        "```",
        "~~~\n[[x",
        "\u{0}\u{0}[[\u{0}]]\u{0}",
        "\u{e000}0\u{e001}",
        "\u{e000}99999999999999999999\u{e001}",
        "# ",
        "#",
        "| a |\n|---|",
        "<!--",
        "<ref",
        "<ref>",
        "<ref name=",
        "<ref name=\"x",
        "{{",
        "}}",
        "{|",
        "|}",
        "''''''''''",
        "'''",
        "*",
        "#*#*",
        "&#0;",
        "&#xD800;",
        "&#99999999999;",
        "&",
        "[http://",
        "[http://x",
        "http://",
        "=",
        "==",
        "= =",
        "====",
        "\r\n\r",
        "[[File:",
        "[[File:x|[[y]]",
        "__NOTOC",
        "__NOTOC__",
        "<br",
        "<nowiki>",
        "</ref>",
        "İ[[İ]]",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    inputs.push("*".repeat(10_000));
    inputs.push("_".repeat(10_000));
    inputs.push("[".repeat(10_000));
    inputs.push("[[".repeat(5_000) + &"]]".repeat(5_000));
    inputs.push("{{".repeat(5_000));
    inputs.push("<ref>".repeat(3_000));
    inputs.push("<ref".repeat(3_000));
    inputs.push("'".repeat(10_000));
    inputs.push("> ".repeat(2_000) + "x");
    inputs.push("- ".repeat(2_000) + "x");
    inputs.push("[@pmid:1".repeat(2_000));
    inputs.push("[[a".repeat(3_000));
    inputs.push(format!("```graph {}\n```", "G ".repeat(5_000)));
    inputs.push(format!("[@pmid:{}]", "9".repeat(10_000)));
    for input in &inputs {
        let r = md(input);
        assert_safe(&r.html);
        let w = render_wikitext(input, &TestResolver);
        assert_safe(&w.html);
        let ranges = token_ranges(input);
        let authors: Vec<TokenAuthor> = (0..ranges.len())
            .map(|i| TokenAuthor {
                author: i,
                name: "a".into(),
                revision: "1".into(),
            })
            .collect();
        render_markdown_by_author(input, &TestResolver, &ranges, &authors);
    }
}

/// A 5,000-word article with 100 citations and 200 links; prints render
/// times (measured by hand, no assertion on speed).
#[test]
fn markup_timing() {
    let mut src = String::from("# HMOX1\n\n");
    let words = [
        "heme",
        "oxygenase",
        "degrades",
        "the",
        "porphyrin",
        "ring",
        "into",
        "biliverdin",
        "carbon",
        "monoxide",
        "and",
        "iron",
    ];
    let mut n = 0;
    for para in 0..100 {
        if para % 10 == 0 {
            src.push_str(&format!("## Section {para}\n\n"));
        }
        for s in 0..5 {
            for w in 0..10 {
                if w == 3 && s % 2 == 0 {
                    src.push_str("[[HMOX1]] ");
                } else if w == 5 && s == 1 {
                    src.push_str("**strongly** ");
                } else {
                    src.push_str(words[(n + w) % words.len()]);
                    src.push(' ');
                }
                n += 1;
            }
            src.pop();
            src.push('.');
            if s == 4 {
                src.push_str(&format!(" [@pmid:{}]", 17942419 + (para % 60) as u64));
            }
            src.push(' ');
        }
        src.push_str("\n\n");
    }
    let r = md(&src);
    assert_eq!(r.references.len(), 60);
    assert!(r.word_count >= 5_000, "{}", r.word_count);

    let mut times: Vec<std::time::Duration> = (0..60)
        .map(|_| {
            let t = std::time::Instant::now();
            let r = md(&src);
            let e = t.elapsed();
            assert!(!r.html.is_empty());
            e
        })
        .collect();
    times.sort();
    let ranges = token_ranges(&src);
    let authors: Vec<TokenAuthor> = (0..ranges.len())
        .map(|i| TokenAuthor {
            author: i % 5,
            name: format!("user{}", i % 5),
            revision: format!("{}", i / 100),
        })
        .collect();
    let mut by_author: Vec<std::time::Duration> = (0..30)
        .map(|_| {
            let t = std::time::Instant::now();
            render_markdown_by_author(&src, &TestResolver, &ranges, &authors);
            t.elapsed()
        })
        .collect();
    by_author.sort();
    println!(
        "markup timing: {} bytes, {} words, {} citations ({} distinct): render_markdown median {:?}, max {:?}; by author ({} tokens) median {:?}, max {:?}",
        src.len(),
        r.word_count,
        100,
        r.references.len(),
        times[times.len() / 2],
        times[times.len() - 1],
        ranges.len(),
        by_author[by_author.len() / 2],
        by_author[by_author.len() - 1],
    );
}

/// Gene Wiki articles open with an infobox template drawn from Wikidata;
/// Locus draws its infobox from imported data, so the template is left
/// out of the rendering (the revision's text keeps it). Other infoboxes
/// stay visible as source.
#[test]
fn gene_wiki_infobox_templates_are_left_to_the_data_infobox() {
    let src = "{{Infobox_gene}}\n{{GNF_Protein_box\n| Name = BTB\n}}\n'''BACH1''' is a gene.\n\n{{Infobox person|name=X}}";
    let r = render_wikitext(src, &TestResolver);
    assert!(
        !r.html.contains("Infobox_gene") && !r.html.contains("GNF_Protein_box"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<strong>BACH1</strong>"));
    assert!(
        r.html.contains("Infobox person"),
        "other templates stay as source"
    );
}
