//! The expression blocks of a gene page: differential expression (a bar
//! chart drawn on the server and a table, with each source's method) and
//! Bgee's calls of where the gene is expressed.

use locus_kb::gene::{GenePage, Section};
use locus_model::{ExpressionCall, SourceKind};
use maud::{html, Markup};

use super::layout::{section_head, thousands};

/// Differential expression: a bar chart of log2 fold change (drawn on
/// the server, so it needs no script and prints) and the sortable table.
pub(super) fn expression_section(rows: &[locus_store::ExpressionRow]) -> Markup {
    if rows.is_empty() {
        return html! { p.empty { "No differential expression imported for this gene (Pharos' table, Expression Atlas, GEO)." } };
    }
    html! {
        (expression_chart(rows))
        table.data.sortable {
            thead { tr { th { "Disease or condition" } th { "Compared with" } th.num { "log2 FC" } th.num { "p" } th.num { "adjusted p" } th { "Experiment" } th { "Source" } } }
            tbody {
                @for r in rows {
                    tr {
                        td {
                            @if let Some(t) = &r.condition_term {
                                a href=(locus_model::EntityRef::of_term(t.id).path()) title=(t.id) { (r.condition) }
                            } @else if let Some(uri) = r.condition_uri.as_deref().filter(|u| u.starts_with("http://") || u.starts_with("https://")) {
                                a href=(uri) title="ontology term" { (r.condition) }
                            } @else { (r.condition) }
                            @if let Some(c) = &r.contrast { br; span.muted.small { (c) } }
                        }
                        td { (r.reference.as_deref().unwrap_or(reference_of(r.source))) }
                        td.num { (r.log2_fold_change.map(|v| format!("{v:.3}")).unwrap_or_else(|| "NA".into())) }
                        td.num { (r.p_value.map(|v| format!("{v:.1e}")).unwrap_or_else(|| "—".into())) }
                        td.num { (r.adjusted_p_value.map(|v| format!("{v:.1e}")).unwrap_or_else(|| "—".into())) }
                        td {
                            @if let Some(e) = r.experiment.as_deref() {
                                @match r.source {
                                    SourceKind::ExpressionAtlas => a href=(format!("https://www.ebi.ac.uk/gxa/experiments/{e}")) { (e) },
                                    SourceKind::GeoGds => a href=(format!("https://www.ncbi.nlm.nih.gov/sites/GDSbrowser?acc={e}")) { (e) },
                                    _ => (e),
                                }
                            }
                        }
                        td.muted { (r.source.label()) " #" (r.import_id) }
                    }
                }
            }
        }
        p.muted.small {
            "log2 FC: log2 of expression in the condition over the reference samples; positive is higher in the condition. "
            "NA: missing in the source; —: not given."
        }
        dl.defs.methods {
            @for (source, method) in methods(rows) {
                dt { (source.label()) } dd { (method) }
            }
        }
    }
}

/// Each source of `rows` once, with how its values were obtained.
fn methods(rows: &[locus_store::ExpressionRow]) -> Vec<(SourceKind, &str)> {
    let mut out: Vec<(SourceKind, &str)> = Vec::new();
    for r in rows {
        if !out.iter().any(|(s, _)| *s == r.source) {
            out.push((r.source, &r.method));
        }
    }
    out
}

/// What a source compares with when its rows do not say.
fn reference_of(source: SourceKind) -> &'static str {
    match source {
        SourceKind::PharosExpression => "healthy samples (Pharos)",
        _ => "",
    }
}

/// Horizontal bars of log2 fold change around zero: up in one colour,
/// down in another, each labelled with its condition and value.
fn expression_chart(rows: &[locus_store::ExpressionRow]) -> Markup {
    // A bar's label names what was compared where the row says; its
    // colour is faint when the change is not significant (p > 0.05, the
    // adjusted p where there is one) or no p is given.
    let bars: Vec<(String, f64, bool)> = rows
        .iter()
        .filter_map(|r| {
            let v = r.log2_fold_change?;
            let label = match &r.reference {
                Some(reference) => format!("{} vs {reference}", r.condition),
                None => r.condition.clone(),
            };
            let significant = r.adjusted_p_value.or(r.p_value).is_some_and(|p| p <= 0.05);
            Some((label, v, significant))
        })
        .collect();
    if bars.is_empty() {
        return html! {};
    }
    let max = bars
        .iter()
        .map(|(_, v, _)| v.abs())
        .fold(0.0f64, f64::max)
        .max(1.0);
    let (label_w, bar_w, value_w, row_h) = (260.0, 360.0, 60.0, 20.0);
    let has_down = bars.iter().any(|(_, v, _)| *v < 0.0);
    // Zero in the middle when some bars go down, else at the left.
    let zero = if has_down {
        label_w + bar_w / 2.0
    } else {
        label_w
    };
    let scale = if has_down {
        bar_w / 2.0 / max
    } else {
        bar_w / max
    };
    let height = 24.0 + row_h * bars.len() as f64;
    let width = label_w + bar_w + value_w;
    let clip = |s: &str| -> String {
        if s.chars().count() > 38 {
            format!("{}…", s.chars().take(37).collect::<String>())
        } else {
            s.to_string()
        }
    };
    html! {
        figure.expression-chart {
            svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {width} {height}")) width=(width) height=(height)
                role="img" aria-label=(format!("log2 fold change in {} conditions", bars.len())) {
                line x1=(zero) y1="0" x2=(zero) y2=(height - 18.0) stroke="#5b6475" stroke-width="1" {}
                @for (i, (name, v, significant)) in bars.iter().enumerate() {
                    @let y = 4.0 + row_h * i as f64;
                    @let len = v.abs() * scale;
                    @let x = if *v >= 0.0 { zero } else { zero - len };
                    text x=(label_w - 8.0) y=(y + 13.0) text-anchor="end" font-size="12" fill="#1d2433" { title { (name) } (clip(name)) }
                    rect x=(format!("{x:.1}")) y=(y + 2.0) width=(format!("{len:.1}")) height=(row_h - 6.0)
                        fill=(if *v >= 0.0 { "#c0392b" } else { "#1f6feb" }) fill-opacity=(if *significant { "1" } else { "0.3" }) {
                        title { (name) ": log2 FC " (format!("{v:.3}")) }
                    }
                    text x=(format!("{:.1}", if *v >= 0.0 { zero + len + 4.0 } else { zero + 4.0 })) y=(y + 13.0) font-size="11" fill="#5b6475" { (format!("{v:+.2}")) }
                }
                text x=(zero) y=(height - 4.0) text-anchor="middle" font-size="11" fill="#5b6475" { "0" }
            }
            figcaption.muted.small {
                span.swatch.up {} " higher in the condition  "
                span.swatch.down {} " lower in the condition  "
                @if bars.iter().any(|(_, _, s)| !s) { span.swatch.faint {} " faint: p > 0.05 or not given" }
            }
        }
    }
}

/// Bgee's calls: in how many anatomical entities the gene is present,
/// the entities where it is most highly expressed (each over its
/// conditions), then the highest-scoring calls themselves.
pub(super) fn anatomy_section(p: &GenePage) -> Markup {
    let page = &p.anatomy;
    let g = &p.doc.gene;
    let absent = page.total - page.present;
    let quality = |q: &str| q.strip_suffix(" quality").unwrap_or(q).to_string();
    html! {
        section {
            (section_head(Section::Anatomy, Some(page.total), g))
            p {
                "Bgee calls " (g.symbol) " " strong { "present" } " in " (thousands(page.present))
                " and " strong { "absent" } " in " (thousands(absent)) " conditions (anatomical entity, stage, sex, strain) of "
                (thousands(page.entities)) " anatomical entities. "
                span.muted { "Expression score 0–100, higher is more expressed." }
            }
            table.data.sortable {
                thead { tr { th { "Anatomical entity" } th.num { "Best score" } th.num { "Present" } th.num { "Absent" } } }
                tbody {
                    @for e in &page.top_entities {
                        tr {
                            td { a href=(obo_purl(&e.anatomical_entity_id)) title=(e.anatomical_entity_id) { (e.anatomical_entity_name) } }
                            td.num { (e.best_score.map(|v| format!("{v:.2}")).unwrap_or_default()) }
                            td.num { (e.present) }
                            td.num { (e.absent) }
                        }
                    }
                }
            }
            @if page.entities > page.top_entities.len() as u64 {
                p.muted.small { "The " (page.top_entities.len()) " entities with the highest scores of " (thousands(page.entities)) "; every call is in the TSV." }
            }
            details {
                summary { "The " (page.rows.len()) " highest-scoring calls, by condition" }
                table.data.sortable {
                    thead { tr {
                        th { "Anatomical entity" } th { "Stage" } th { "Sex" } th { "Strain" } th { "Call" }
                        th { "Quality" } th.num { "FDR" } th.num { "Score" } th.num { "Rank" }
                    } }
                    tbody {
                        @for r in &page.rows {
                            tr {
                                td { a href=(obo_purl(&r.anatomical_entity_id)) title=(r.anatomical_entity_id) { (r.anatomical_entity_name) } }
                                td { (r.developmental_stage_name.as_deref().unwrap_or("")) }
                                td { (r.sex.as_deref().unwrap_or("")) }
                                td { (r.strain.as_deref().unwrap_or("")) }
                                td class=(if r.call == ExpressionCall::Present { "yes" } else { "no" }) { (r.call.as_str()) }
                                td { (quality(&r.quality)) }
                                td.num { (r.fdr.map(|v| format!("{v:.1e}")).unwrap_or_default()) }
                                td.num { (r.score.map(|v| format!("{v:.2}")).unwrap_or_default()) }
                                td.num { (r.rank.map(|v| format!("{v:.0}")).unwrap_or_default()) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The OBO Foundry address of an ontology term (`UBERON:0002107` →
/// `http://purl.obolibrary.org/obo/UBERON_0002107`).
fn obo_purl(id: &str) -> String {
    format!(
        "http://purl.obolibrary.org/obo/{}",
        id.replacen(':', "_", 1)
    )
}
