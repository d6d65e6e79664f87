//! The page frame (header with the search box, footer) and small
//! formatting helpers every page uses.

use maud::{html, Markup, DOCTYPE};

use super::assets::assets;

/// The page frame: header with the search box, content, footer.
pub fn page(title: &str, content: Markup) -> Markup {
    page_with_query(title, "", content)
}

/// The page frame with the search box holding `query`.
pub fn page_with_query(title: &str, query: &str, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Locus" }
                link rel="stylesheet" href=(assets().css.url);
                script src=(assets().js.url) defer {}
            }
            body {
                header.site {
                    a.brand href="/" { span.logo { "◆" } " Locus" }
                    form.search action="/search" method="get" role="search" {
                        input #q type="search" name="q" value=(query) placeholder="Gene symbol, alias, name or GeneID" autocomplete="off"
                            aria-label="Search genes" aria-autocomplete="list" aria-controls="ac-list";
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

/// Thousands separators, as biologists read counts (11,067).
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_groups_digits() {
        assert_eq!(super::thousands(11067), "11,067");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1793637), "1,793,637");
    }
}
