//! The JSON API (`/api/v1`) and its OpenAPI document.
//!
//! Every gene section is also a TSV download (`?format=tsv`), so the same
//! URL serves programs, spreadsheets and shell pipelines.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use locus_model::{organism_name, GeneId, GoAnnotation, ImportRecord, ProteinEntry, TaxId};
use locus_store::{GeneDetail, GeneRifRow, GeneStore, ReferencePage, Resolution};
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;

use crate::error::WebError;
use crate::search::SearchHit;
use crate::state::{AppState, JSON, TSV};
use crate::tsv::Tsv;

/// Most references one request may ask for.
pub const MAX_REFERENCE_LIMIT: u64 = 1000;
/// The sections of a gene, each at `/api/v1/genes/{id}/{section}`.
pub const SECTIONS: [&str; 11] = [
    "summary",
    "generifs",
    "references",
    "go",
    "proteins",
    "xrefs",
    "aliases",
    "orthologs",
    "interactions",
    "binding_sites",
    "provenance",
];

/// Largest reference offset accepted.
pub const MAX_REFERENCE_OFFSET: u64 = 100_000_000;
/// Most search hits one request may ask for.
pub const MAX_SEARCH_LIMIT: usize = 100;
/// Longest query string accepted for a name or search.
pub const MAX_QUERY_LEN: usize = 200;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Locus API",
        description = "Gene knowledge from imported public databases, with the provenance of every fact.",
        version = "1"
    ),
    paths(
        search,
        gene,
        section,
        publication,
        imports,
        crate::network_api::regulators,
        crate::network_api::targets,
        crate::network_api::neighbors,
        crate::network_api::path,
        crate::network_api::subgraph,
        crate::network_api::unresolved
    ),
    components(schemas(
        crate::network_api::RegulationList,
        crate::network_api::RegulationEntry,
        crate::network_api::RegulationRules,
        crate::network_api::NeighborList,
        crate::network_api::NeighborEntry,
        crate::network_api::GraphNode,
        crate::network_api::GraphEdge,
        crate::network_api::PathAnswer,
        crate::network_api::PathEntry,
        crate::network_api::HopEvidence,
        crate::network_api::Subgraph,
        locus_store::RegulationEdgeRow,
        locus_store::KgCounts,
        locus_store::Partner,
        locus_store::OrthologRow,
        locus_store::InteractionRow,
        locus_store::UnresolvedRow,
        locus_model::TfTargetEdge,
        locus_model::RegulationRow,
        locus_model::RegulationMode,
        locus_model::ConsensusMode,
        locus_model::StringScores,
        locus_model::KgEdgeKind,
        GeneDocument,
        SearchHit,
        locus_store::GeneDetail,
        locus_store::GeneStats,
        locus_store::GeneRifRow,
        locus_store::ReferencePage,
        locus_store::ReferenceRow,
        locus_store::PublicationDetail,
        locus_model::Publication,
        locus_model::MeshHeading,
        locus_model::GoAnnotation,
        locus_model::GoAspect,
        locus_model::ProteinEntry,
        locus_model::ImportRecord,
        locus_model::SourceKind,
        locus_model::DbXref,
        locus_model::GeneSummary,
        Choices,
    ))
)]
pub struct ApiDoc;

pub async fn openapi_json() -> Response {
    match ApiDoc::openapi().to_pretty_json() {
        Ok(s) => ([(axum::http::header::CONTENT_TYPE, JSON)], s).into_response(),
        Err(e) => WebError::Internal(e.to_string()).into_response(),
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct SearchParams {
    /// Symbol, alias or words of the gene name; prefixes match.
    pub q: String,
    /// Taxon id or name (human, mouse). Default: all, human first.
    pub organism: Option<String>,
    /// At most 100. Default 10.
    pub limit: Option<usize>,
}

/// Ranked gene search: exact symbol, symbol prefix, alias, alias prefix, name words.
#[utoipa::path(get, path = "/api/v1/search", params(SearchParams),
    responses((status = 200, body = [SearchHit]), (status = 400, description = "query too long or unknown organism")))]
pub async fn search(State(state): State<Arc<AppState>>, Query(p): Query<SearchParams>) -> Response {
    if p.q.len() > MAX_QUERY_LEN {
        return WebError::BadRequest(format!("q is longer than {MAX_QUERY_LEN} bytes"))
            .into_response();
    }
    let organism = match p.organism.as_deref().map(organism_param).transpose() {
        Ok(o) => o,
        Err(e) => return e.into_response(),
    };
    let limit = p.limit.unwrap_or(10).min(MAX_SEARCH_LIMIT);
    // Search is answered on the async worker: it is microseconds of CPU
    // once the index exists; building it is a one-off per import.
    let idx = match state.search_index() {
        Ok(i) => i,
        Err(e) => return e.into_response(),
    };
    axum::Json(idx.search(&p.q, organism, limit)).into_response()
}

pub fn organism_param(s: &str) -> Result<TaxId, WebError> {
    crate::parse_organism(s).ok_or_else(|| {
        WebError::BadRequest(format!(
            "unknown organism {s:?}: use a taxon id, human or mouse"
        ))
    })
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct GeneParams {
    /// Taxon id or name for symbols (default human).
    pub organism: Option<String>,
    /// `json` (default) or `tsv`.
    pub format: Option<String>,
    /// References: first row (default 0).
    pub offset: Option<u64>,
    /// References: rows (default 100, at most 1000).
    pub limit: Option<u64>,
}

/// A gene with its sections, as `/api/v1/genes/{id}` returns it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct GeneDocument {
    pub gene: GeneDetail,
    pub organism: Option<String>,
    pub generifs: Vec<GeneRifRow>,
    pub go_annotations: Vec<GoAnnotation>,
    pub proteins: Vec<ProteinEntry>,
    /// Number of references; page through `/references`.
    pub reference_count: u64,
    /// Knowledge-graph edges by kind; list them through `/regulators`,
    /// `/targets`, `/interactions`, `/orthologs` and `/neighbors`.
    pub knowledge_graph: locus_store::KgCounts,
    pub provenance: Vec<ImportRecord>,
    /// Definitions of the derived numbers in `gene.stats`.
    pub definitions: Definitions,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Definitions {
    pub pubmed_count: &'static str,
    pub pubmed_score: &'static str,
    pub generif_count: &'static str,
}

pub const DEFINITIONS: Definitions = Definitions {
    pubmed_count: "Number of distinct PubMed ids linked to the gene by any imported source (gene2pubmed, org.Hs.eg.db).",
    pubmed_score: "Fractional PubMed score: the sum over the gene's PubMed ids of 1/n, where n is the number of genes that PubMed id is linked to.",
    generif_count: "Number of GeneRIF statements imported for the gene.",
};

/// A name that fits several genes.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Choices {
    pub query: String,
    pub candidates: Vec<locus_model::GeneSummary>,
}

/// Builds the full JSON document of a gene (also used by `locus gene --json`).
pub fn gene_document(
    store: &dyn GeneStore,
    g: &GeneDetail,
) -> Result<GeneDocument, locus_store::StoreError> {
    Ok(GeneDocument {
        organism: organism_name(g.tax_id).map(str::to_string),
        generifs: store.generifs(g.gene_id)?,
        go_annotations: store.go_annotations(g.gene_id)?,
        proteins: store.proteins(g.gene_id)?,
        reference_count: g.stats.pubmed_count,
        knowledge_graph: store.kg_counts(g.gene_id)?,
        provenance: store.gene_imports(g.gene_id)?,
        definitions: DEFINITIONS,
        gene: g.clone(),
    })
}

/// Resolves a path id to a gene, or the response to send instead
/// (300 with choices, 404 with suggestions).
pub(crate) fn resolve_gene(
    state: &Arc<AppState>,
    id: &str,
    organism: Option<&str>,
) -> Result<Result<GeneId, (StatusCode, Vec<u8>)>, WebError> {
    if id.len() > MAX_QUERY_LEN {
        return Err(WebError::BadRequest(format!(
            "gene name longer than {MAX_QUERY_LEN} bytes"
        )));
    }
    let tax = organism.map(organism_param).transpose()?;
    Ok(match state.store.resolve(id, tax)? {
        Resolution::Found { gene_id, .. } => Ok(gene_id),
        Resolution::Ambiguous { candidates } => {
            let body = serde_json::to_vec(&Choices {
                query: id.to_string(),
                candidates,
            })
            .map_err(|e| WebError::Internal(e.to_string()))?;
            Err((StatusCode::MULTIPLE_CHOICES, body))
        }
        Resolution::NotFound => {
            let suggestions = state.search_index()?.suggest(id, tax, 10);
            let body = serde_json::to_vec(&serde_json::json!({
                "error": format!("no gene named {id:?}"),
                "status": 404,
                "suggestions": suggestions,
            }))
            .map_err(|e| WebError::Internal(e.to_string()))?;
            Err((StatusCode::NOT_FOUND, body))
        }
    })
}

pub(crate) fn json_body<T: Serialize>(
    v: &T,
) -> Result<(StatusCode, &'static str, Vec<u8>), WebError> {
    Ok((
        StatusCode::OK,
        JSON,
        serde_json::to_vec(v).map_err(|e| WebError::Internal(e.to_string()))?,
    ))
}

/// A gene by GeneID, symbol or alias, with all sections but references.
#[utoipa::path(get, path = "/api/v1/genes/{id}", params(("id" = String, Path, description = "GeneID, symbol or alias"), GeneParams),
    responses((status = 200, body = GeneDocument), (status = 300, body = Choices, description = "the name fits several genes"),
        (status = 404, description = "no such gene; body lists suggestions")))]
pub async fn gene(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(p): Query<GeneParams>,
) -> Response {
    let key = format!("api:gene:{id}:{:?}", p.organism);
    state
        .cached(key, move |state| {
            let gene_id = match resolve_gene(state, &id, p.organism.as_deref())? {
                Ok(g) => g,
                Err((status, body)) => return Ok((status, JSON, body)),
            };
            let g = state
                .store
                .gene(gene_id)?
                .ok_or_else(|| WebError::NotFound(format!("gene {gene_id}")))?;
            json_body(&gene_document(state.store.as_ref(), &g)?)
        })
        .await
}

/// Sections of a gene page: `summary`, `generifs`, `references`, `go`,
/// `proteins`, `xrefs`, `aliases`, `provenance`. `?format=tsv` gives a TSV
/// download.
#[utoipa::path(get, path = "/api/v1/genes/{id}/{section}",
    params(("id" = String, Path, description = "GeneID, symbol or alias"),
        ("section" = String, Path, description = "summary | generifs | references | go | proteins | xrefs | aliases | provenance"),
        GeneParams),
    responses((status = 200, description = "JSON array (references: a ReferencePage), or TSV"),
        (status = 400, description = "unknown section or format"), (status = 404, description = "no such gene")))]
pub async fn section(
    State(state): State<Arc<AppState>>,
    Path((id, section)): Path<(String, String)>,
    Query(p): Query<GeneParams>,
) -> Response {
    let section = section
        .strip_suffix(".tsv")
        .map(str::to_string)
        .unwrap_or(section);
    let format = p.format.clone().unwrap_or_else(|| "json".into());
    if !matches!(format.as_str(), "json" | "tsv") {
        return WebError::BadRequest(format!("unknown format {format:?}: use json or tsv"))
            .into_response();
    }
    // Any gene's list is far shorter; the cap keeps the SQL offset in range.
    let offset = p.offset.unwrap_or(0).min(MAX_REFERENCE_OFFSET);
    let limit = p.limit.unwrap_or(100).min(MAX_REFERENCE_LIMIT);
    let key = format!(
        "api:{section}:{id}:{:?}:{format}:{offset}:{limit}",
        p.organism
    );
    state
        .cached(key, move |state| {
            let gene_id = match resolve_gene(state, &id, p.organism.as_deref())? {
                Ok(g) => g,
                Err((status, body)) => return Ok((status, JSON, body)),
            };
            let tsv = format == "tsv";
            render_section(state.store.as_ref(), gene_id, &section, tsv, offset, limit)
        })
        .await
}

fn tsv_body(t: Tsv) -> Result<(StatusCode, &'static str, Vec<u8>), WebError> {
    Ok((StatusCode::OK, TSV, t.into_bytes()))
}

pub fn render_section(
    store: &dyn GeneStore,
    gene_id: GeneId,
    section: &str,
    tsv: bool,
    offset: u64,
    limit: u64,
) -> Result<(StatusCode, &'static str, Vec<u8>), WebError> {
    let gid = gene_id.to_string();
    match section {
        "generifs" => {
            let rows = store.generifs(gene_id)?;
            if !tsv {
                return json_body(&rows);
            }
            let mut t = Tsv::new(&[
                "gene_id",
                "pmids",
                "last_update",
                "generif_text",
                "import_id",
            ]);
            for r in &rows {
                let pmids = locus_model::join_pmids(&r.pmids);
                let imp = r.import_id.to_string();
                t.row([
                    gid.as_str(),
                    &pmids,
                    r.last_update.as_deref().unwrap_or(""),
                    &r.text,
                    &imp,
                ]);
            }
            tsv_body(t)
        }
        "references" => {
            // A TSV download is the whole list; JSON pages.
            let page: ReferencePage = if tsv {
                store.references(gene_id, 0, u64::MAX >> 1)?
            } else {
                store.references(gene_id, offset, limit)?
            };
            if !tsv {
                return json_body(&page);
            }
            let mut t = Tsv::new(&[
                "gene_id",
                "pmid",
                "year",
                "title",
                "journal",
                "genes_linked",
            ]);
            for r in &page.rows {
                let (pmid, year, n) = (
                    r.pmid.to_string(),
                    r.year.map(|y| y.to_string()).unwrap_or_default(),
                    r.genes_linked.to_string(),
                );
                t.row([
                    gid.as_str(),
                    &pmid,
                    &year,
                    r.title.as_deref().unwrap_or(""),
                    r.journal.as_deref().unwrap_or(""),
                    &n,
                ]);
            }
            tsv_body(t)
        }
        "go" => {
            let rows = store.go_annotations(gene_id)?;
            if !tsv {
                return json_body(&rows);
            }
            let mut t = Tsv::new(&["gene_id", "aspect", "go_id", "go_term", "evidence"]);
            for r in &rows {
                t.row([
                    gid.as_str(),
                    r.aspect.code(),
                    &r.go_id,
                    r.term.as_deref().unwrap_or(""),
                    &r.evidence,
                ]);
            }
            tsv_body(t)
        }
        "proteins" => {
            let rows = store.proteins(gene_id)?;
            if !tsv {
                return json_body(&rows);
            }
            let mut t = Tsv::new(&[
                "gene_id",
                "accession",
                "entry_name",
                "reviewed",
                "protein_name",
                "length",
                "sequence",
            ]);
            for r in &rows {
                let acc = r.accessions.first().map(String::as_str).unwrap_or("");
                let len = r.length.to_string();
                let reviewed = if r.reviewed { "reviewed" } else { "unreviewed" };
                t.row([
                    gid.as_str(),
                    acc,
                    &r.entry_name,
                    reviewed,
                    r.protein_name.as_deref().unwrap_or(""),
                    &len,
                    &r.sequence,
                ]);
            }
            tsv_body(t)
        }
        "summary" => {
            let g = store
                .gene(gene_id)?
                .ok_or_else(|| WebError::NotFound(format!("gene {gene_id}")))?;
            if !tsv {
                return json_body(&g);
            }
            let opt = |v: &Option<String>| v.clone().unwrap_or_default();
            let rows: Vec<(&str, String)> = vec![
                ("gene_id", gid.clone()),
                ("tax_id", g.tax_id.to_string()),
                (
                    "organism",
                    organism_name(g.tax_id).unwrap_or("").to_string(),
                ),
                ("symbol", g.symbol.clone()),
                ("name", opt(&g.name)),
                ("chromosome", opt(&g.chromosome)),
                ("map_location", opt(&g.map_location)),
                ("gene_type", opt(&g.gene_type)),
                ("nomenclature_status", opt(&g.nomenclature_status)),
                ("modification_date", opt(&g.modification_date)),
                ("aliases", g.aliases.join("|")),
                ("pubmed_count", g.stats.pubmed_count.to_string()),
                ("pubmed_score", format!("{:.6}", g.stats.pubmed_score)),
                ("generif_count", g.stats.generif_count.to_string()),
                ("go_term_count", g.stats.go_count.to_string()),
                ("record_import_id", g.record_import_id.to_string()),
            ];
            let mut t = Tsv::new(&["field", "value"]);
            for (k, v) in &rows {
                t.row([*k, v.as_str()]);
            }
            tsv_body(t)
        }
        "xrefs" | "aliases" => {
            let g = store
                .gene(gene_id)?
                .ok_or_else(|| WebError::NotFound(format!("gene {gene_id}")))?;
            if section == "xrefs" {
                if !tsv {
                    return json_body(&g.xrefs);
                }
                let mut t = Tsv::new(&["gene_id", "database", "id"]);
                for x in &g.xrefs {
                    t.row([gid.as_str(), &x.db, &x.id]);
                }
                return tsv_body(t);
            }
            if !tsv {
                return json_body(
                    &serde_json::json!({ "aliases": g.aliases, "other_designations": g.other_designations }),
                );
            }
            let mut t = Tsv::new(&["gene_id", "kind", "name"]);
            for a in &g.aliases {
                t.row([gid.as_str(), "alias", a]);
            }
            for a in &g.other_designations {
                t.row([gid.as_str(), "other_designation", a]);
            }
            tsv_body(t)
        }
        "orthologs" => {
            let rows = store.orthologs(gene_id)?;
            if !tsv {
                return json_body(&rows);
            }
            let mut t = Tsv::new(&[
                "gene_id",
                "ortholog_gene_id",
                "ortholog_symbol",
                "ortholog_tax_id",
                "homology_type",
                "confidence",
                "goc_score",
                "import_id",
            ]);
            for r in &rows {
                t.row([
                    gid.as_str(),
                    &r.partner.gene_id.to_string(),
                    &r.partner.symbol,
                    &r.partner.tax_id.to_string(),
                    &r.homology_type,
                    &r.confidence.map(|c| c.to_string()).unwrap_or_default(),
                    &r.goc_score.map(|c| c.to_string()).unwrap_or_default(),
                    &r.import_id.to_string(),
                ]);
            }
            tsv_body(t)
        }
        "interactions" => {
            // Every association: a hub's list is thousands of rows, not millions.
            let page = store.interactions(gene_id, u64::MAX >> 1)?;
            if !tsv {
                return json_body(&page);
            }
            let mut t = Tsv::new(&[
                "gene_id",
                "partner_gene_id",
                "partner_symbol",
                "protein",
                "partner_protein",
                "neighborhood",
                "fusion",
                "cooccurence",
                "coexpression",
                "experimental",
                "database",
                "textmining",
                "combined_score",
                "import_id",
            ]);
            for r in &page.rows {
                let s = &r.scores;
                let cells: Vec<String> = vec![
                    gid.clone(),
                    r.partner.gene_id.to_string(),
                    r.partner.symbol.clone(),
                    r.protein.clone(),
                    r.partner_protein.clone(),
                    s.neighborhood.to_string(),
                    s.fusion.to_string(),
                    s.cooccurence.to_string(),
                    s.coexpression.to_string(),
                    s.experimental.to_string(),
                    s.database.to_string(),
                    s.textmining.to_string(),
                    s.combined_score.to_string(),
                    r.import_id.to_string(),
                ];
                t.row(cells.iter().map(String::as_str));
            }
            tsv_body(t)
        }
        "binding_sites" => {
            // Like references: a TSV download is the whole list; JSON pages.
            if !tsv {
                return json_body(&store.binding_sites(gene_id, offset, limit)?);
            }
            let mut t = Tsv::new(&[
                "gene_id",
                "tflink_id",
                "assembly",
                "chromosome",
                "start",
                "end",
                "strand",
                "methods",
                "pmids",
                "databases",
                "import_id",
            ]);
            let all = store.binding_sites(gene_id, 0, u64::MAX >> 1)?;
            for r in &all.rows {
                let cells: Vec<String> = vec![
                    gid.clone(),
                    r.tflink_id.clone(),
                    r.assembly.clone(),
                    r.chromosome.clone(),
                    r.start.to_string(),
                    r.end.to_string(),
                    r.strand.clone(),
                    r.methods.join(";"),
                    locus_model::join_pmids(&r.pmids),
                    r.databases.join(";"),
                    r.import_id.to_string(),
                ];
                t.row(cells.iter().map(String::as_str));
            }
            tsv_body(t)
        }
        "provenance" => {
            let rows = store.gene_imports(gene_id)?;
            if !tsv {
                return json_body(&rows);
            }
            let mut t = Tsv::new(&[
                "import_id",
                "kind",
                "file_name",
                "release",
                "sha256",
                "started_at",
                "finished_at",
            ]);
            for r in &rows {
                let id = r.id.to_string();
                t.row([
                    &id,
                    r.kind.as_str(),
                    &r.file_name,
                    r.release.as_deref().unwrap_or(""),
                    &r.sha256,
                    &r.started_at,
                    r.finished_at.as_deref().unwrap_or(""),
                ]);
            }
            tsv_body(t)
        }
        other => Err(WebError::BadRequest(format!(
            "unknown section {other:?}: use {}",
            SECTIONS.join(", ")
        ))),
    }
}

/// A PubMed id: the imported citation (title, authors, abstract, MeSH) and
/// the genes linked to it.
#[utoipa::path(get, path = "/api/v1/publications/{pmid}",
    params(("pmid" = u32, Path, description = "PubMed id")),
    responses((status = 200, body = locus_store::PublicationDetail),
        (status = 404, description = "no imported source mentions this PubMed id")))]
pub async fn publication(State(state): State<Arc<AppState>>, Path(pmid): Path<u32>) -> Response {
    state
        .cached(format!("api:pub:{pmid}"), move |state| {
            match state.store.publication(pmid)? {
                Some(p) => json_body(&p),
                None => Err(WebError::NotFound(format!(
                    "no imported source mentions PubMed {pmid}"
                ))),
            }
        })
        .await
}

/// Every live import, with file, sha256, release and row counts.
#[utoipa::path(get, path = "/api/v1/imports", responses((status = 200, body = [ImportRecord])))]
pub async fn imports(State(state): State<Arc<AppState>>) -> Response {
    state
        .cached("api:imports".into(), |state| {
            json_body(&state.store.imports()?)
        })
        .await
}
