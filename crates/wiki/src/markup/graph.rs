//! Knowledge-graph diagrams as server-side SVG: the genes on a circle,
//! each a link to its page, and the edges as curved arrows coloured by
//! kind (green arrow: activation, red bar: repression, grey dashed arrow:
//! anything else), each linking to its evidence with a tooltip. Below
//! the diagram: the names that did not resolve and a text list of the
//! edges in `<details>`, for screen readers and text browsers.
//!
//! Everything written comes from resolver data, escaped here; URLs that
//! are not http(s), mailto or relative are not linked. The layout is
//! deterministic: the same data draws the same picture.

use std::f64::consts::PI;
use std::fmt::Write as _;

use super::{esc, safe_url, GraphData};

/// Most genes one diagram draws; more would not be legible.
pub(super) const MAX_NAMES: usize = 40;
/// Longest label drawn, in characters (longer ones end in `…`).
const MAX_LABEL: usize = 24;
const FONT: f64 = 14.0;
/// Width of an average character at [`FONT`] px (a little generous, so
/// labels fit their boxes in common sans-serif fonts).
const CHAR_W: f64 = 8.6;
const NODE_H: f64 = 30.0;
const PAD_X: f64 = 12.0;
const MARGIN: f64 = 24.0;
/// Extra space above a node with a self-loop.
const LOOP_H: f64 = 34.0;

/// The gene names a graph block asks for.
pub(super) struct Names {
    /// Distinct names in order, at most [`MAX_NAMES`].
    pub(super) names: Vec<String>,
    /// How many further names were left out.
    pub(super) dropped: usize,
}

/// The names of a graph block: the info string's words after `graph`,
/// then the block's words, split at white space and commas.
pub(super) fn names<'a>(info: impl Iterator<Item = &'a str>, body: &'a str) -> Names {
    let mut out: Vec<String> = Vec::new();
    let mut dropped = 0;
    let words = info
        .chain(body.split_whitespace())
        .flat_map(|w| w.split(','))
        .map(str::trim)
        .filter(|w| !w.is_empty());
    for w in words {
        if out.iter().any(|n| n == w) {
            continue;
        }
        if out.len() >= MAX_NAMES {
            dropped += 1;
        } else {
            out.push(w.to_string());
        }
    }
    Names {
        names: out,
        dropped,
    }
}

/// A drawn diagram: the SVG (none when no gene resolved) and the HTML to
/// show under it.
pub(super) struct Drawn {
    pub(super) svg: Option<String>,
    pub(super) html: String,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Activation,
    Repression,
    Other,
}

impl Kind {
    fn of(label: &str) -> Kind {
        let l = label.to_ascii_lowercase();
        // Sources that disagree on the sign: neither arrow would be true.
        if l.contains("conflicting") {
            return Kind::Other;
        }
        if [
            "repress",
            "inhibit",
            "downregul",
            "down-regul",
            "suppress",
            "negative",
        ]
        .iter()
        .any(|k| l.contains(k))
        {
            Kind::Repression
        } else if [
            "activat", "induc", "upregul", "up-regul", "enhanc", "positive",
        ]
        .iter()
        .any(|k| l.contains(k))
        {
            Kind::Activation
        } else {
            Kind::Other
        }
    }

    fn colour(self) -> &'static str {
        match self {
            Kind::Activation => "#1b7a3a",
            Kind::Repression => "#c0392b",
            Kind::Other => "#5f6b7a",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Activation => "activation",
            Kind::Repression => "repression",
            Kind::Other => "other",
        }
    }

    fn marker(self, id: &str) -> String {
        let suffix = match self {
            Kind::Activation => "act",
            Kind::Repression => "rep",
            Kind::Other => "oth",
        };
        format!("{id}-{suffix}")
    }
}

/// Draws `data`; `id` prefixes the SVG's element ids (unique per diagram).
pub(super) fn render(data: &GraphData, names: &Names, id: &str) -> Drawn {
    let mut html = String::new();
    let n = data.nodes.len();
    let labels: Vec<String> = data
        .nodes
        .iter()
        .map(|node| {
            let label = node.label.trim();
            if label.chars().count() > MAX_LABEL {
                let mut s: String = label.chars().take(MAX_LABEL - 1).collect();
                s.push('…');
                s
            } else {
                label.to_string()
            }
        })
        .collect();
    let edges: Vec<(usize, usize, Kind, usize)> = data
        .edges
        .iter()
        .enumerate()
        .filter(|(_, e)| e.from < n && e.to < n)
        .map(|(i, e)| (e.from, e.to, Kind::of(&e.label), i))
        .collect();

    let svg = (n > 0).then(|| draw(data, &labels, &edges, id));

    if names.names.is_empty() {
        html.push_str("<p class=\"graph-note\">This graph block names no genes.</p>\n");
    }
    if !data.unresolved.is_empty() {
        html.push_str("<p class=\"graph-unresolved\">Not found: ");
        for (k, name) in data.unresolved.iter().enumerate() {
            if k > 0 {
                html.push_str(", ");
            }
            html.push_str("<code>");
            esc(&mut html, name);
            html.push_str("</code>");
        }
        html.push_str("</p>\n");
    }
    if names.dropped > 0 {
        let _ = writeln!(
            html,
            "<p class=\"graph-note\">{} more names were left out: a diagram draws at most {MAX_NAMES} genes.</p>",
            names.dropped
        );
    }
    if n > 0 && edges.is_empty() {
        html.push_str("<p class=\"graph-note\">No known interactions among these genes.</p>\n");
    }
    if !edges.is_empty() {
        let _ = write!(
            html,
            "<details class=\"graph-edges\"><summary>Interactions shown ({})</summary>\n<ul>\n",
            edges.len()
        );
        for &(from, to, _, i) in &edges {
            let edge = &data.edges[i];
            html.push_str("<li>");
            link(&mut html, &data.nodes[from].href, &data.nodes[from].label);
            html.push_str(" → ");
            link(&mut html, &data.nodes[to].href, &data.nodes[to].label);
            html.push_str(": ");
            esc(&mut html, &edge.label);
            if !edge.href.is_empty() {
                html.push_str(" (");
                link(&mut html, &edge.href, "evidence");
                html.push(')');
            }
            html.push_str("</li>\n");
        }
        html.push_str("</ul>\n</details>\n");
    }
    Drawn { svg, html }
}

fn link(out: &mut String, href: &str, text: &str) {
    if safe_url(href) {
        out.push_str("<a href=\"");
        esc(out, href);
        out.push_str("\">");
        esc(out, text);
        out.push_str("</a>");
    } else {
        esc(out, text);
    }
}

#[derive(Clone, Copy)]
struct Pt {
    x: f64,
    y: f64,
}

/// How far from a box's centre, along the unit direction `(ux, uy)`, its
/// border is (half-width `hw`, half-height `hh`).
fn exit(hw: f64, hh: f64, ux: f64, uy: f64) -> f64 {
    let tx = if ux.abs() > 1e-9 {
        hw / ux.abs()
    } else {
        f64::INFINITY
    };
    let ty = if uy.abs() > 1e-9 {
        hh / uy.abs()
    } else {
        f64::INFINITY
    };
    tx.min(ty)
}

fn draw(
    data: &GraphData,
    labels: &[String],
    edges: &[(usize, usize, Kind, usize)],
    id: &str,
) -> String {
    let n = labels.len();
    let widths: Vec<f64> = labels
        .iter()
        .map(|l| l.chars().count().max(1) as f64 * CHAR_W + 2.0 * PAD_X)
        .collect();
    let widest = widths.iter().copied().fold(0.0, f64::max);

    // Nodes on a circle, the first at the top, clockwise; the circle is
    // big enough for the boxes to keep a gap along it.
    let pos: Vec<Pt> = if n == 1 {
        vec![Pt { x: 0.0, y: 0.0 }]
    } else {
        let around: f64 = widths.iter().map(|w| w + 44.0).sum();
        let r = (around / (2.0 * PI)).max(130.0).max(widest * 0.75);
        (0..n)
            .map(|i| {
                let a = -PI / 2.0 + 2.0 * PI * i as f64 / n as f64;
                Pt {
                    x: r * a.cos(),
                    y: r * a.sin(),
                }
            })
            .collect()
    };
    let looped: Vec<bool> = (0..n)
        .map(|i| edges.iter().any(|&(f, t, _, _)| f == i && t == i))
        .collect();

    // Bounding box of the drawing, then the legend below it.
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for i in 0..n {
        let hw = widths[i] / 2.0;
        let top = if looped[i] {
            NODE_H / 2.0 + LOOP_H
        } else {
            NODE_H / 2.0
        };
        x0 = x0.min(pos[i].x - hw);
        x1 = x1.max(pos[i].x + hw);
        y0 = y0.min(pos[i].y - top);
        y1 = y1.max(pos[i].y + NODE_H / 2.0);
    }
    // Curved edges bulge out of the circle by at most their bend.
    if edges.iter().any(|&(f, t, _, _)| f != t) {
        x0 -= 12.0;
        x1 += 12.0;
        y0 -= 12.0;
        y1 += 12.0;
    }
    let mut kinds: Vec<Kind> = edges.iter().map(|e| e.2).collect();
    kinds.sort();
    kinds.dedup();
    let legend_h = if kinds.is_empty() { 0.0 } else { 34.0 };
    let legend_w = kinds.len() as f64 * 130.0;
    let mut width = (x1 - x0) + 2.0 * MARGIN;
    if width < legend_w + 2.0 * MARGIN {
        let extra = (legend_w + 2.0 * MARGIN - width) / 2.0;
        x0 -= extra;
        width = legend_w + 2.0 * MARGIN;
    }
    let height = (y1 - y0) + 2.0 * MARGIN + legend_h;
    let dx = MARGIN - x0;
    let dy = MARGIN - y0;
    let pos: Vec<Pt> = pos
        .iter()
        .map(|p| Pt {
            x: p.x + dx,
            y: p.y + dy,
        })
        .collect();

    let mut s = String::with_capacity(2048 + 600 * (n + edges.len()));
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph-svg\" viewBox=\"0 0 {width:.0} {height:.0}\" width=\"{width:.0}\" height=\"{height:.0}\" role=\"img\" aria-label=\""
    );
    let _ = write!(s, "Gene interaction diagram: {n} gene");
    if n != 1 {
        s.push('s');
    }
    s.push_str(" (");
    for (k, l) in labels.iter().enumerate() {
        if k > 0 {
            s.push_str(", ");
        }
        esc(&mut s, l);
    }
    let _ = write!(s, "), {} interaction", edges.len());
    if edges.len() != 1 {
        s.push('s');
    }
    s.push_str("\">\n");

    // Arrowheads: a filled triangle, or a bar for repression.
    s.push_str("<defs>\n");
    for kind in [Kind::Activation, Kind::Repression, Kind::Other] {
        let c = kind.colour();
        let m = kind.marker(id);
        if kind == Kind::Repression {
            let _ = writeln!(
                s,
                "<marker id=\"{m}\" viewBox=\"0 0 4 14\" refX=\"3\" refY=\"7\" markerWidth=\"4\" markerHeight=\"14\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><rect x=\"0\" y=\"0\" width=\"3\" height=\"14\" fill=\"{c}\"/></marker>"
            );
        } else {
            let _ = writeln!(
                s,
                "<marker id=\"{m}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"11\" markerHeight=\"11\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{c}\"/></marker>"
            );
        }
    }
    s.push_str("</defs>\n");

    // Edges first, so the nodes are drawn over their ends.
    let mut seen: Vec<(usize, usize)> = Vec::with_capacity(edges.len());
    for &(from, to, kind, i) in edges {
        let parallel = seen.iter().filter(|&&p| p == (from, to)).count();
        seen.push((from, to));
        let path = if from == to {
            let p = pos[from];
            let top = p.y - NODE_H / 2.0;
            let lift = LOOP_H - 4.0 + 6.0 * parallel.min(3) as f64;
            format!(
                "M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
                p.x - 12.0,
                top,
                p.x - 36.0,
                top - lift,
                p.x + 36.0,
                top - lift,
                p.x + 12.0,
                top - 3.0
            )
        } else {
            let (a, b) = (pos[from], pos[to]);
            let (ex, ey) = (b.x - a.x, b.y - a.y);
            let len = (ex * ex + ey * ey).sqrt().max(1e-6);
            // Bend to the right of the direction of travel, so A→B and
            // B→A are two separate curves; parallel edges bend further.
            let bend = 12.0 + 14.0 * parallel.min(4) as f64;
            let c = Pt {
                x: (a.x + b.x) / 2.0 - ey / len * bend,
                y: (a.y + b.y) / 2.0 + ex / len * bend,
            };
            let start = towards(a, c, widths[from] / 2.0 + 2.0, NODE_H / 2.0 + 2.0);
            let end = towards(b, c, widths[to] / 2.0 + 3.0, NODE_H / 2.0 + 3.0);
            format!(
                "M{:.1},{:.1} Q{:.1},{:.1} {:.1},{:.1}",
                start.x, start.y, c.x, c.y, end.x, end.y
            )
        };
        let edge = &data.edges[i];
        let linked = !edge.href.is_empty() && safe_url(&edge.href);
        if linked {
            s.push_str("<a href=\"");
            esc(&mut s, &edge.href);
            s.push_str("\">");
        } else {
            s.push_str("<g>");
        }
        s.push_str("<title>");
        esc(&mut s, &labels[from]);
        s.push_str(" → ");
        esc(&mut s, &labels[to]);
        s.push_str(": ");
        esc(&mut s, &edge.label);
        if linked {
            s.push_str(" (click for evidence)");
        }
        s.push_str("</title>");
        // A wide invisible stroke makes the thin line easy to hover.
        let _ = write!(
            s,
            "<path d=\"{path}\" fill=\"none\" stroke=\"transparent\" stroke-width=\"12\"/><path d=\"{path}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{} marker-end=\"url(#{})\"/>",
            kind.colour(),
            if kind == Kind::Other { " stroke-dasharray=\"6 4\"" } else { "" },
            kind.marker(id)
        );
        s.push_str(if linked { "</a>\n" } else { "</g>\n" });
    }

    for (i, p) in pos.iter().enumerate() {
        let node = &data.nodes[i];
        let w = widths[i];
        let linked = safe_url(&node.href) && !node.href.is_empty();
        if linked {
            s.push_str("<a href=\"");
            esc(&mut s, &node.href);
            s.push_str("\">");
        } else {
            s.push_str("<g>");
        }
        s.push_str("<title>");
        esc(&mut s, &node.label);
        s.push_str("</title>");
        let _ = write!(
            s,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{NODE_H:.0}\" rx=\"7\" fill=\"#eef3fb\" stroke=\"#3b5b8c\" stroke-width=\"1.5\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" dominant-baseline=\"central\" font-family=\"system-ui, sans-serif\" font-size=\"{FONT:.0}\" font-weight=\"600\" fill=\"#1a2b44\">",
            p.x - w / 2.0,
            p.y - NODE_H / 2.0,
            p.x,
            p.y
        );
        esc(&mut s, &labels[i]);
        s.push_str("</text>");
        s.push_str(if linked { "</a>\n" } else { "</g>\n" });
    }

    // Legend.
    if !kinds.is_empty() {
        let y = height - MARGIN / 2.0 - legend_h / 2.0;
        let mut x = (width - legend_w) / 2.0 + 10.0;
        for kind in kinds {
            let _ = writeln!(
                s,
                "<path d=\"M{x:.1},{y:.1} L{:.1},{y:.1}\" stroke=\"{}\" stroke-width=\"2\"{} marker-end=\"url(#{})\"/><text x=\"{:.1}\" y=\"{y:.1}\" dominant-baseline=\"central\" font-family=\"system-ui, sans-serif\" font-size=\"13\" fill=\"#333\">{}</text>",
                x + 30.0,
                kind.colour(),
                if kind == Kind::Other { " stroke-dasharray=\"6 4\"" } else { "" },
                kind.marker(id),
                x + 38.0,
                kind.name()
            );
            x += 130.0;
        }
    }
    s.push_str("</svg>");
    s
}

/// The point where the line from `from`'s centre towards `to` leaves a
/// box of half-size `hw` × `hh` around `from`.
fn towards(from: Pt, to: Pt, hw: f64, hh: f64) -> Pt {
    let (ex, ey) = (to.x - from.x, to.y - from.y);
    let len = (ex * ex + ey * ey).sqrt();
    if len < 1e-6 {
        return from;
    }
    let (ux, uy) = (ex / len, ey / len);
    let t = exit(hw, hh, ux, uy).min(len);
    Pt {
        x: from.x + ux * t,
        y: from.y + uy * t,
    }
}
