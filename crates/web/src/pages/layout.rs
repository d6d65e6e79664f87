//! The page frame (header with the search box, footer) and small
//! formatting helpers every page uses.

use locus_kb::gene::Section;
use locus_model::EntityRef;
use locus_store::GeneDetail;
use maud::{html, Markup, DOCTYPE};

use super::assets::assets;

/// The page frame: header with the search box, content, footer.
pub fn page(title: &str, content: Markup) -> Markup {
    frame(title, "", None, content)
}

/// The page frame with the search box holding `query`.
pub fn page_with_query(title: &str, query: &str, content: Markup) -> Markup {
    frame(title, query, None, content)
}

/// The page of one entity: its canonical URL (by stable id, whatever
/// name it was reached by) and its kind and CURIE on the page, for
/// readers, crawlers and the page script alike.
pub fn entity_page(entity: EntityRef, title: &str, content: Markup) -> Markup {
    frame(title, "", Some(entity), content)
}

fn frame(title: &str, query: &str, entity: Option<EntityRef>, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Locus" }
                link rel="stylesheet" href=(assets().css.url);
                script src=(assets().js.url) defer {}
                @if let Some(e) = entity { link rel="canonical" href=(e.path()); }
            }
            body data-entity-kind=[entity.map(|e| e.kind().as_str())] data-entity=[entity.map(|e| e.curie())] {
                header.site {
                    a.brand href="/" { span.logo { "◆" } " Locus" }
                    form.search action="/search" method="get" role="search" {
                        input #q type="search" name="q" value=(query) placeholder="Gene, disease, phenotype or GO term" autocomplete="off"
                            aria-label="Search genes, diseases, phenotypes and GO terms" aria-autocomplete="list" aria-controls="ac-list";
                        ul #ac-list .ac role="listbox" hidden {}
                        button type="submit" { "Search" }
                    }
                    nav { a href="/about/provenance" { "Data" } a href="/downloads" { "Downloads" } a href="/api/openapi.json" { "API" } }
                }
                main { (content) }
                footer.site {
                    "Locus — a gene knowledge base built from imported public data. Every fact shown names the import it came from."
                }
            }
        }
    }
}

/// A cytogenetic location as written by NCBI may list several places
/// separated by `|` (mouse: `8 35.59 cM|8 C1`); shown separated by `; `.
pub fn location(s: &str) -> String {
    s.split('|').collect::<Vec<_>>().join("; ")
}

pub use locus_kb::numbers::thousands;

/// A gene page block's heading, with its count and its TSV and JSON
/// links.
pub fn section_head(section: Section, count: Option<u64>, g: &GeneDetail) -> Markup {
    let base = format!("/api/v1/genes/{}/{}", g.gene_id, section.slug());
    html! {
        div.section-head {
            h2 id=(section.anchor()) { (section.title()) @if let Some(n) = count { " " span.count { (thousands(n)) } } }
            span.downloads {
                a href=(format!("{base}?format=tsv")) download=(section.tsv_file_name(g)) { "TSV" }
                a href=(base) { "JSON" }
            }
        }
    }
}
