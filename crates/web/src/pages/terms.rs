//! Diseases, phenotypes and GO terms: their own pages (`/diseases/{id}`,
//! `/phenotypes/{id}`, `/go/{id}`) and the gene page's Diseases and
//! Phenotypes blocks.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use locus_kb::gene::{GenePage, Section};
use locus_kb::terms::{TermDocument, TERM_ROWS};
use locus_model::{EntityRef, GeneSummary, KgEdgeKind, Pmid, TermId, TermKind};
use locus_store::{GeneDiseaseRow, TermLink};
use maud::{html, Markup};

use super::layout::{page as frame, section_head, thousands};
use super::or_error_page;
use super::search::gene_href;
use crate::error::{blocking, ApiError};
use crate::state::AppState;

/// Phenotype rows a gene page lists; the TSV and API have them all.
const PHENOTYPES_SHOWN: usize = 25;

/// Rows a term page lists per table (a common phenotype has thousands of
/// genes and diseases); the term's JSON has up to [`TERM_ROWS`].
const ROWS_SHOWN: usize = 100;

/// How many of `n` rows a term page shows.
fn shown(n: usize) -> u64 {
    n.min(ROWS_SHOWN) as u64
}

/// A term as a link to its page, named where the store knows its name.
pub fn term_link(l: &TermLink) -> Markup {
    let path = EntityRef::of_term(l.id).path();
    html! {
        @match &l.name {
            Some(n) => a href=(path) title=(l.id) { (n) },
            None => a href=(path) { (l.id) },
        }
    }
}

fn gene_link(g: &GeneSummary) -> Markup {
    html! { a.sym href=(gene_href(g.gene_id, &g.symbol, g.tax_id)) title=[g.name.as_deref()] { (g.symbol) } }
}

fn pubmed_links(pmids: &[Pmid]) -> Markup {
    html! {
        @for (i, p) in pmids.iter().enumerate() {
            @if i > 0 { " " }
            a.pmid href=(format!("https://pubmed.ncbi.nlm.nih.gov/{p}/")) { (p) }
        }
    }
}

/// A reference as HPO writes it (`PMID:123`, `OMIM:619340`), linked.
fn reference(r: &str) -> Markup {
    if let Some(p) = r.strip_prefix("PMID:") {
        return html! { a.pmid href=(format!("https://pubmed.ncbi.nlm.nih.gov/{p}/")) { (r) } };
    }
    match xref_href(r) {
        Some(h) => html! { a href=(h) { (r) } },
        None => html! { (r) },
    }
}

/// Where a cross-reference leads outside Locus, for the vocabularies
/// with a stable public page per id.
fn xref_href(x: &str) -> Option<String> {
    let (db, id) = x.split_once(':')?;
    let id = id.trim();
    Some(match db.to_ascii_uppercase().as_str() {
        "OMIM" | "MIM" => format!("https://omim.org/entry/{id}"),
        "ORPHA" | "ORDO" | "ORPHANET" => {
            format!("https://www.orpha.net/en/disease/detail/{id}")
        }
        "MESH" | "MSH" => format!("https://meshb.nlm.nih.gov/record/ui?ui={id}"),
        "UMLS" | "UMLS_CUI" => format!("https://uts.nlm.nih.gov/uts/umls/concept/{id}"),
        "DOID" => format!("/diseases/DOID:{id}"),
        "HP" => format!("/phenotypes/HP:{id}"),
        "MONDO" => format!("http://purl.obolibrary.org/obo/MONDO_{id}"),
        "GARD" => format!("https://rarediseases.info.nih.gov/diseases/{id}/index"),
        "ICD10CM" => format!("https://www.icd10data.com/search?s={id}"),
        _ => return None,
    })
}

/// HPO's association types as a reader writes them; other sources'
/// wording as they give it.
fn association(a: &str) -> &str {
    match a {
        "MENDELIAN" => "Mendelian",
        "POLYGENIC" => "polygenic",
        "UNKNOWN" => "unknown",
        other => other,
    }
}

/// The gene page's Diseases block: one row per disease, each source's
/// statement within it.
pub fn gene_diseases_section(p: &GenePage, count: Option<u64>) -> Markup {
    let g = &p.doc.gene;
    let rows = &p.doc.diseases;
    let mut groups: Vec<(&TermLink, Vec<&GeneDiseaseRow>)> = Vec::new();
    for r in rows {
        match groups.iter_mut().find(|(d, _)| d.id == r.disease.id) {
            Some((_, v)) => v.push(r),
            None => groups.push((&r.disease, vec![r])),
        }
    }
    html! {
        section {
            (section_head(Section::Diseases, count, g))
            @if groups.is_empty() {
                p.empty { "No disease association imported for this gene (HPO genes_to_disease, mim2gene_medgen, Orphanet)." }
            } @else {
                table.data.sortable {
                    thead { tr { th { "Disease" } th { "Association" } th { "PubMed" } th { "Source" } } }
                    tbody {
                        @for (disease, statements) in &groups {
                            tr {
                                td { (term_link(disease)) }
                                td {
                                    @for (i, s) in statements.iter().enumerate() {
                                        @if i > 0 { br; }
                                        (association(&s.association))
                                        @if let Some(st) = &s.status { span.muted { " · " (st) } }
                                    }
                                }
                                td {
                                    @for s in statements { (pubmed_links(&s.pmids)) " " }
                                }
                                td.muted {
                                    @for (i, s) in statements.iter().enumerate() {
                                        @if i > 0 { br; }
                                        (s.source_kind.label()) " #" (s.import_id)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// HPO's frequency terms (the `Frequency` subontology, HP:0040279), by
/// the name HPO gives them; other frequencies are shown as written
/// (`3/7`, `40%`).
fn frequency(f: &str) -> &str {
    match f {
        "HP:0040280" => "obligate (100%)",
        "HP:0040281" => "very frequent (80–99%)",
        "HP:0040282" => "frequent (30–79%)",
        "HP:0040283" => "occasional (5–29%)",
        "HP:0040284" => "very rare (1–4%)",
        "HP:0040285" => "excluded (0%)",
        other => other,
    }
}

fn frequencies(fs: &[String]) -> String {
    let mut out: Vec<&str> = Vec::new();
    for f in fs {
        let f = frequency(f);
        if !out.contains(&f) {
            out.push(f);
        }
    }
    out.join("; ")
}

/// The gene page's Phenotypes block: HPO terms with the diseases they
/// come through.
pub fn gene_phenotypes_section(p: &GenePage) -> Markup {
    let g = &p.doc.gene;
    let rows = &p.doc.phenotypes;
    html! {
        section {
            (section_head(Section::Phenotypes, Some(rows.len() as u64), g))
            @if rows.is_empty() {
                p.empty { "No HPO phenotype imported for this gene (genes_to_phenotype)." }
            } @else {
                p.muted { "HPO terms annotated to the diseases " (g.symbol) " is associated with (HPO genes_to_phenotype)." }
                table.data.sortable {
                    thead { tr { th { "Phenotype" } th { "Through" } th { "Frequency" } } }
                    tbody {
                        @for r in rows.iter().take(PHENOTYPES_SHOWN) {
                            tr {
                                td { (term_link(&r.phenotype)) }
                                td { @for (i, d) in r.diseases.iter().enumerate() { @if i > 0 { "; " } (term_link(d)) } }
                                td { (frequencies(&r.frequencies)) }
                            }
                        }
                    }
                }
                @if rows.len() > PHENOTYPES_SHOWN {
                    p.muted.small { "The first " (PHENOTYPES_SHOWN) " of " (thousands(rows.len() as u64)) " by name; "
                        a href=(format!("/api/v1/genes/{}/phenotypes?format=tsv", g.gene_id)) { "all as TSV" } "." }
                }
            }
        }
    }
}

/// `/diseases/{id}`.
pub async fn disease(state: State<Arc<AppState>>, id: Path<String>) -> Response {
    page("/diseases/", state, id).await
}

/// `/phenotypes/{id}`.
pub async fn phenotype(state: State<Arc<AppState>>, id: Path<String>) -> Response {
    page("/phenotypes/", state, id).await
}

/// `/go/{id}`.
pub async fn go_term(state: State<Arc<AppState>>, id: Path<String>) -> Response {
    page("/go/", state, id).await
}

/// A term's page; a term reached under another kind's path (an HPO id
/// under `/diseases/`), or by a non-canonical spelling (`hp:1250`), is
/// redirected to its own.
async fn page(asked: &str, State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let Ok(term) = id.parse::<TermId>() else {
        return super::error_page(ApiError::invalid(format!(
            "{id:?} is not a term id (HP:0001250, DOID:1612, OMIM:212050, ORPHA:558, GO:0003700)"
        )));
    };
    let own = EntityRef::of_term(term).path();
    if own != format!("{asked}{id}") {
        return (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, own)]).into_response();
    }
    or_error_page(blocking(move || {
        // An id another vocabulary's term cross-references: that term.
        if let Some(resolved) = state.kb.resolve_term(term)?.filter(|r| *r != term) {
            let to = EntityRef::of_term(resolved).path();
            return Ok((StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response());
        }
        let doc = state.kb.term_document(term)?;
        let Some(doc) = doc else {
            let body = frame(
                "Term not found",
                html! {
                    h1 { (term) }
                    p { "No imported source names " (term) ". Import the ontology or annotation file that defines it (hp.obo, doid.obo, HPO annotations, Orphanet, mim2gene_medgen, GO.db)." }
                },
            );
            return Ok(super::html(StatusCode::NOT_FOUND, body));
        };
        let degree = state.kb.degree(doc.entity)?;
        Ok(super::html(StatusCode::OK, term_page(&doc, degree)))
    }).await)
}

/// The term's page at the vocabulary's own site.
fn home_of(id: TermId) -> Option<(&'static str, String)> {
    use locus_model::Ontology as O;
    let local = id.to_string();
    Some(match id.ontology {
        O::Hp => ("HPO", format!("https://hpo.jax.org/browse/term/{local}")),
        O::Go => (
            "QuickGO",
            format!("https://www.ebi.ac.uk/QuickGO/term/{local}"),
        ),
        O::Doid => (
            "Disease Ontology",
            format!("https://disease-ontology.org/?id={local}"),
        ),
        O::Omim => ("OMIM", format!("https://omim.org/entry/{}", id.local)),
        O::Orpha => (
            "Orphanet",
            format!("https://www.orpha.net/en/disease/detail/{}", id.local),
        ),
        O::Mondo => ("Mondo", format!("https://monarchinitiative.org/{local}")),
        O::Decipher => return None,
    })
}

fn kind_label(k: TermKind) -> &'static str {
    match k {
        TermKind::Disease => "Disease",
        TermKind::Phenotype => "Phenotype (HPO)",
        TermKind::GoTerm => "GO term",
    }
}

fn links_list(links: &[TermLink]) -> Markup {
    html! {
        @for (i, l) in links.iter().enumerate() {
            @if i > 0 { " · " }
            (term_link(l)) span.muted { " " (l.id) }
        }
    }
}

fn term_page(doc: &TermDocument, degree: usize) -> Markup {
    let t = &doc.term;
    let entity = doc.entity;
    super::layout::entity_page(
        entity,
        &t.name,
        html! {
            article.term {
                header.gene-head {
                    div.title-row { h1 { (t.name) } span.fullname { (t.id) } }
                    div.tags {
                        span.tag { (kind_label(t.kind)) }
                        @if t.obsolete { span.tag.warn { "obsolete" } }
                        @if let Some(r) = t.replaced_by { span.tag { "replaced by " a href=(EntityRef::of_term(r).path()) { (r) } } }
                    }
                }
                section {
                    h2 { "About" }
                    @if let Some(d) = &t.definition { p.definition { (d) } }
                    table.props {
                        @if !t.synonyms.is_empty() { tr { th { "Synonyms" } td { (t.synonyms.join("; ")) } } }
                        @if !t.parents.is_empty() { tr { th { "Is a" } td { (links_list(&t.parents)) } } }
                        @if !t.children.is_empty() { tr { th { "More specific" } td { (links_list(&t.children)) } } }
                        @if !t.equivalents.is_empty() { tr { th { "Same as" } td { (links_list(&t.equivalents)) } } }
                        @if !t.xrefs.is_empty() {
                            tr { th { "Cross-references" } td {
                                @for (i, x) in t.xrefs.iter().enumerate() {
                                    @if i > 0 { " · " }
                                    @match xref_href(x) { Some(h) => a href=(h) { (x) }, None => (x) }
                                }
                            } }
                        }
                    }
                    p.muted.small {
                        a href=(format!("/wiki/{}/{}", entity.kind().as_str(), t.id)) { "Article" } " · "
                        a href=(format!("/api/v1/terms/{}", t.id)) { "JSON" }
                        @if let Some((site, href)) = home_of(t.id) { " · " a href=(href) rel="external" { (site) } }
                    }
                }
                @if t.kind == TermKind::Disease { (disease_genes(doc)) }
                @if let Some(page) = &doc.phenotype_genes {
                    section {
                        h2 { "Genes " span.count { (thousands(page.total)) } }
                        @if page.rows.is_empty() { p.empty { "No gene is annotated with this phenotype in the imported HPO genes_to_phenotype." } }
                        @else {
                            table.data.sortable {
                                thead { tr { th { "Gene" } th { "Name" } th { "Through" } } }
                                tbody {
                                    @for r in page.rows.iter().take(ROWS_SHOWN) {
                                        tr { td { (gene_link(&r.gene)) } td { (r.gene.name.as_deref().unwrap_or("")) }
                                             td { @for (i, d) in r.diseases.iter().enumerate() { @if i > 0 { "; " } (term_link(d)) } } }
                                    }
                                }
                            }
                            @if page.total > shown(page.rows.len()) { p.muted.small { "The first " (shown(page.rows.len())) " of " (thousands(page.total)) " by symbol; " a href=(format!("/api/v1/terms/{}", t.id)) { "the JSON" } " has the first " (TERM_ROWS) "." } }
                        }
                    }
                }
                @if let Some(page) = &doc.phenotypes { (phenotype_table(t.kind, page)) }
                @if let Some(page) = &doc.go_genes {
                    section {
                        h2 { "Genes annotated " span.count { (thousands(page.total)) } }
                        @if page.rows.is_empty() { p.empty { "No imported gene is annotated to this term." } }
                        @else {
                            table.data.sortable {
                                thead { tr { th { "Gene" } th { "Name" } th { "Evidence" } th { "References" } } }
                                tbody {
                                    @for r in page.rows.iter().take(ROWS_SHOWN) {
                                        tr { td { (gene_link(&r.gene)) } td { (r.gene.name.as_deref().unwrap_or("")) }
                                             td { (r.evidence.join(", ")) }
                                             td { @for x in &r.references { (reference(x)) " " } } }
                                    }
                                }
                            }
                            @if page.total > shown(page.rows.len()) { p.muted.small { "The first " (shown(page.rows.len())) " of " (thousands(page.total)) " by symbol; " a href=(format!("/api/v1/terms/{}", t.id)) { "the JSON" } " has the first " (TERM_ROWS) "." } }
                        }
                    }
                }
                (super::network::term_kg_section(t.id, &t.name, u64::try_from(degree).unwrap_or(u64::MAX), match t.kind {
                    TermKind::Disease => KgEdgeKind::Disease,
                    TermKind::Phenotype => KgEdgeKind::Phenotype,
                    TermKind::GoTerm => KgEdgeKind::GoAnnotation,
                }))
                section {
                    h2 { "Provenance " span.count { (doc.provenance.len()) } }
                    p.muted { "The imports that name this term or state its associations." }
                    (super::gene::imports_table(&doc.provenance))
                }
            }
        },
    )
}

fn disease_genes(doc: &TermDocument) -> Markup {
    let mut genes: Vec<&GeneSummary> = Vec::new();
    for r in &doc.genes {
        if !genes.iter().any(|g| g.gene_id == r.gene.gene_id) {
            genes.push(&r.gene);
        }
    }
    html! {
        section {
            h2 { "Genes " span.count { (genes.len()) } }
            @if doc.genes.is_empty() { p.empty { "No imported source associates a gene with this disease." } }
            @else {
                table.data.sortable {
                    thead { tr { th { "Gene" } th { "Name" } th { "Association" } th { "PubMed" } th { "Source" } } }
                    tbody {
                        @for r in &doc.genes {
                            tr {
                                td { (gene_link(&r.gene)) }
                                td { (r.gene.name.as_deref().unwrap_or("")) }
                                td { (association(&r.association)) @if let Some(s) = &r.status { span.muted { " · " (s) } } }
                                td { (pubmed_links(&r.pmids)) }
                                td.muted { (r.source_kind.label()) " #" (r.import_id) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn phenotype_table(kind: TermKind, page: &locus_store::DiseasePhenotypePage) -> Markup {
    let (title, other) = match kind {
        TermKind::Phenotype => ("Diseases with this phenotype", "Disease"),
        _ => ("Phenotypes", "Phenotype (HPO)"),
    };
    html! {
        section {
            h2 { (title) " " span.count { (thousands(page.total)) } }
            @if page.rows.is_empty() { p.empty { "No HPO annotation (phenotype.hpoa) imported for this term." } }
            @else {
                table.data.sortable {
                    thead { tr { th { (other) } th { "Frequency" } th { "Onset" } th { "Evidence" } th { "References" } } }
                    tbody {
                        @for r in page.rows.iter().take(ROWS_SHOWN) {
                            tr class=[r.negated.then_some("negated")] {
                                td {
                                    @if r.negated { strong { "NOT " } }
                                    @match kind { TermKind::Phenotype => (term_link(&r.disease)), _ => (term_link(&r.phenotype)) }
                                    @if r.aspect != "P" { span.muted.small { " (" (aspect_label(&r.aspect)) ")" } }
                                }
                                td { (r.frequency.as_deref().map(frequency).unwrap_or("")) }
                                td { @if let Some(o) = &r.onset { (term_link(o)) } }
                                td { abbr title=(evidence_label(&r.evidence)) { (r.evidence) } }
                                td { @for x in &r.references { (reference(x)) " " } }
                            }
                        }
                    }
                }
                @if page.total > shown(page.rows.len()) { p.muted.small { "The first " (shown(page.rows.len())) " of " (thousands(page.total)) "; NOT annotations last." } }
                p.muted.small { "NOT: the disease is explicitly without the phenotype. Evidence: PCS published clinical study, TAS traceable author statement, IEA inferred from electronic annotation." }
            }
        }
    }
}

fn aspect_label(a: &str) -> &'static str {
    match a {
        "I" => "inheritance",
        "C" => "clinical course",
        "M" => "modifier",
        "H" => "past medical history",
        _ => "phenotypic abnormality",
    }
}

fn evidence_label(e: &str) -> &'static str {
    match e {
        "PCS" => "published clinical study",
        "TAS" => "traceable author statement",
        "IEA" => "inferred from electronic annotation",
        _ => "",
    }
}
