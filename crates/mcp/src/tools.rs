//! The tools an agent calls. Each takes named arguments with a JSON
//! schema (generated from the structs below, their doc comments the
//! descriptions an agent reads) and answers JSON with `provenance` and,
//! for an entity, its `resource` URI and `links`.
//!
//! Lists are capped by `limit` (each tool states its default and
//! maximum); the whole answer by [`crate::MAX_ANSWER_BYTES`].

use std::sync::Arc;

use locus_kb::everything::HitKind;
use locus_kb::gene::literature::{Topic, MAX_WITH_CHARS};
use locus_kb::gene::{self, Section, SectionData, SectionQuery};
use locus_kb::graph::{EdgeSelection, MAX_HOPS, MAX_NEIGHBORS};
use locus_kb::wiki::edit::{EditOutcome, EditRequest, Editor, MAX_COMMENT_CHARS};
use locus_kb::wiki::target::NoTarget;
use locus_kb::{Format, KnowledgeBase};
use locus_model::{ArticleSubject, EntityRef, KgEdgeKind, Pmid, RevisionId, TermId, TokenScope};
use locus_store::{EdgeFilter, GeneDetail};
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::CallToolResult;
use rmcp::schemars::{self, JsonSchema, Schema, SchemaGenerator};
use rmcp::service::RequestContext;
use rmcp::{tool, tool_router, ErrorData, RoleServer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::answer::{
    self, check_text, limit, links, resource_uri, sources, Refusal, Source, MAX_NAME_CHARS,
};
use crate::gate::Shed;
use crate::LocusMcp;

/// Longest source database name (`TRRUST`, `CollecTRI`).
const MAX_SOURCE_CHARS: usize = 64;

/// A string schema whose values are `values`.
fn one_of(values: Vec<&'static str>, description: &str) -> Schema {
    schemars::json_schema!({
        "type": "string",
        "enum": values,
        "description": description,
    })
}

fn topic_schema(_: &mut SchemaGenerator) -> Schema {
    one_of(
        Topic::ALL.map(Topic::slug).to_vec(),
        "Only this topic's sentences (default: every topic)",
    )
}

fn edge_kinds_schema(_: &mut SchemaGenerator) -> Schema {
    schemars::json_schema!({
        "type": "array",
        "items": {"type": "string", "enum": KgEdgeKind::ALL.map(KgEdgeKind::as_str)},
        "description": "Edge kinds to walk (default: all for neighbours; regulation, interaction and orthology for paths)",
    })
}

fn hit_kinds_schema(_: &mut SchemaGenerator) -> Schema {
    schemars::json_schema!({
        "type": "array",
        "items": {"type": "string", "enum": HitKind::ALL.map(HitKind::as_str)},
        "description": "Kinds to keep (default all)",
    })
}

/// `search`'s arguments.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct SearchArgs {
    /// What to look for: a symbol, alias, GeneID, Ensembl/HGNC id, disease
    /// or phenotype name or id (DOID:1612, HP:0001250), GO term, chemical,
    /// `PMID:123`, or words of a paper or GeneRIF.
    pub query: String,
    /// Kinds to keep; default all.
    #[serde(default)]
    #[schemars(schema_with = "hit_kinds_schema")]
    pub kinds: Vec<String>,
    /// Organism whose genes rank first: taxon id or name (default human).
    pub organism: Option<String>,
    /// Most hits (1–50, default 10).
    #[schemars(range(min = 1, max = 50))]
    pub limit: Option<u64>,
}

/// A gene, or a gene and an organism.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct GeneArgs {
    /// NCBI GeneID (571), official symbol (BACH1) or alias.
    pub gene: String,
    /// Organism of a symbol or alias: taxon id (9606) or name (human,
    /// mouse, Homo sapiens); default human.
    pub organism: Option<String>,
}

/// Which side of a gene's regulation.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The transcription factors that regulate the gene.
    Regulators,
    /// The genes this transcription factor regulates.
    Targets,
}

/// `regulation`'s arguments.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct RegulationArgs {
    /// NCBI GeneID, symbol or alias.
    pub gene: String,
    /// Organism of a symbol or alias (default human).
    pub organism: Option<String>,
    /// `regulators` (TFs of this gene) or `targets` (genes it regulates).
    pub direction: Direction,
    /// Only edges this source database supports (TRRUST, CollecTRI, GTRD, …).
    pub source: Option<String>,
    /// Only edges with small-scale (low-throughput) evidence.
    #[serde(default)]
    pub small_scale_only: bool,
    /// Most edges (1–500, default 50), strongest evidence first.
    #[schemars(range(min = 1, max = 500))]
    pub limit: Option<u64>,
    /// Edges to skip, for the next page.
    pub offset: Option<u64>,
}

/// `neighbors`' arguments.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct NeighborArgs {
    /// A gene (GeneID, symbol, alias) or a term (DOID:1612, HP:0001250,
    /// GO:0006979).
    pub node: String,
    /// Organism of a gene symbol (default human).
    pub organism: Option<String>,
    /// Edge kinds to walk.
    #[serde(default)]
    #[schemars(schema_with = "edge_kinds_schema")]
    pub types: Vec<String>,
    /// Only edges these source databases support; default all.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Most neighbours (1–200, default 25), strongest edge first.
    #[schemars(range(min = 1, max = 200))]
    pub limit: Option<u64>,
}

/// `shortest_paths`' arguments.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct PathArgs {
    /// Start: a gene or a term.
    pub from: String,
    /// End: a gene or a term.
    pub to: String,
    /// Organism of gene symbols (default human).
    pub organism: Option<String>,
    /// Longest path searched (1–6, default 4).
    #[schemars(range(min = 1, max = 6))]
    pub max_hops: Option<u64>,
    /// Most paths (1–20, default 5).
    #[schemars(range(min = 1, max = 20))]
    pub max_paths: Option<u64>,
    /// Edge kinds to walk.
    #[serde(default)]
    #[schemars(schema_with = "edge_kinds_schema")]
    pub types: Vec<String>,
    /// Only edges these source databases support; default all.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Follow regulation edges only from TF to target.
    #[serde(default)]
    pub directed: bool,
}

/// `literature`'s arguments.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct LiteratureArgs {
    /// NCBI GeneID, symbol or alias.
    pub gene: String,
    /// Organism of a symbol or alias (default human).
    pub organism: Option<String>,
    /// Only this topic.
    #[serde(default)]
    #[schemars(schema_with = "topic_schema")]
    pub topic: Option<String>,
    /// Only sentences that also name this: a GeneID (3162), a MeSH id
    /// (D006046) or an ontology id (DOID:1612).
    pub with: Option<String>,
    /// Sentences per topic (1–50, default 5).
    #[schemars(range(min = 1, max = 50))]
    pub limit: Option<u64>,
}

/// A gene with a row limit.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct GeneRowsArgs {
    /// NCBI GeneID, symbol or alias.
    pub gene: String,
    /// Organism of a symbol or alias (default human).
    pub organism: Option<String>,
    /// Most rows of each list (1–200, default 25).
    #[schemars(range(min = 1, max = 200))]
    pub limit: Option<u64>,
}

/// `publication`'s arguments.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct PublicationArgs {
    /// PubMed id.
    #[schemars(range(min = 1))]
    pub pmid: u32,
}

/// An article: what it is about.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct ArticleArgs {
    /// gene, publication, disease, phenotype, go_term or topic.
    pub kind: String,
    /// A gene's GeneID or symbol, a PubMed id, a term id (DOID:1612), or a
    /// topic's slug (oxidative-stress).
    pub id: String,
    /// Organism of a gene symbol (default human).
    pub organism: Option<String>,
}

/// `propose_wiki_edit`'s arguments.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct EditArgs {
    /// gene, publication, disease, phenotype, go_term or topic.
    pub kind: String,
    /// A gene's GeneID or symbol, a PubMed id, a term id, or a topic slug.
    pub id: String,
    /// Organism of a gene symbol (default human).
    pub organism: Option<String>,
    /// The article's whole new text, in markdown. Link entities as
    /// `[[HMOX1]]` or `[[disease:DOID:1612]]`; cite papers as
    /// `[@pmid:17942419]`.
    pub markdown: String,
    /// What the edit does and why (the edit summary), at most 500
    /// characters.
    pub comment: String,
    /// The revision the text was made from (`current_revision` of
    /// `wiki_article`); omit only for a new article. Edits made since are
    /// merged when they do not overlap.
    pub base_revision: Option<i64>,
    /// The PubMed ids that support the edit; each must be cited in the
    /// text as `[@pmid:N]`.
    pub citations: Vec<u32>,
}

/// What a tool call needs of the request: who is calling.
fn bearer(ctx: &RequestContext<RoleServer>) -> Option<String> {
    let parts = ctx.extensions.get::<http::request::Parts>()?;
    let value = parts.headers.get("authorization")?.to_str().ok()?;
    value.strip_prefix("Bearer ").map(|s| s.trim().to_string())
}

/// The base of absolute links: the server's own address when the call
/// came over HTTP.
fn request_base(ctx: &RequestContext<RoleServer>) -> Option<String> {
    let parts = ctx.extensions.get::<http::request::Parts>()?;
    let host = parts.headers.get("host")?.to_str().ok()?;
    let scheme = parts
        .headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .filter(|p| *p == "https" || *p == "http")
        .unwrap_or("http");
    Some(format!("{scheme}://{host}"))
}

impl LocusMcp {
    /// Runs `work` on the blocking pool through the gate; a refusal
    /// becomes an error result the agent reads.
    async fn answer(
        &self,
        work: impl FnOnce(&Arc<KnowledgeBase>) -> Result<CallToolResult, Refusal> + Send + 'static,
    ) -> Result<CallToolResult, ErrorData> {
        let kb = self.kb.clone();
        let run = tokio::task::spawn_blocking(move || work(&kb));
        let result = match self.gate.run(run).await {
            Ok(Ok(r)) => r,
            Ok(Err(e)) => Err(Refusal::new("internal", e.to_string())),
            Err(Shed::Busy) => Err(Refusal::new(
                "busy",
                "the server is answering as many calls as it can; retry in a second",
            )),
            Err(Shed::TooSlow) => Err(Refusal::new(
                "timeout",
                "the call took longer than 30 s; ask for less (a smaller limit, fewer hops)",
            )),
        };
        Ok(result.unwrap_or_else(Refusal::into_result))
    }

    fn base(&self, ctx: &RequestContext<RoleServer>) -> Option<String> {
        self.base_url.clone().or_else(|| request_base(ctx))
    }
}

/// A hit of `search`.
#[derive(Serialize)]
struct Hit {
    kind: HitKind,
    rank: locus_kb::everything::Rank,
    label: String,
    detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    entity: Option<EntityRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resource: Option<String>,
    page: String,
}

/// A section of a gene as a tool returns it.
#[derive(Serialize)]
struct GeneSection<T: Serialize> {
    gene: GeneRef,
    #[serde(flatten)]
    data: T,
    provenance: Vec<Source>,
}

/// The gene an answer is about.
#[derive(Serialize)]
struct GeneRef {
    entity: EntityRef,
    gene_id: locus_model::GeneId,
    symbol: String,
    name: Option<String>,
    tax_id: locus_model::TaxId,
    resource: String,
    links: answer::Links,
}

impl GeneRef {
    fn of(g: &GeneDetail, base: Option<&str>) -> Self {
        let entity = EntityRef::Gene(g.gene_id);
        GeneRef {
            entity,
            gene_id: g.gene_id,
            symbol: g.symbol.clone(),
            name: g.name.clone(),
            tax_id: g.tax_id,
            resource: resource_uri(entity, Some(g.tax_id)),
            links: links(base, entity),
        }
    }
}

/// A gene's record by name, or the refusal.
fn gene_detail(
    kb: &Arc<KnowledgeBase>,
    name: &str,
    organism: Option<&str>,
) -> Result<GeneDetail, Refusal> {
    let gene_id = answer::resolve_gene(kb, name, answer::organism(organism)?)?;
    Ok(gene::detail(kb.store(), gene_id)?)
}

/// One section of a gene, with the gene's provenance.
fn section(
    kb: &Arc<KnowledgeBase>,
    g: &GeneDetail,
    section: Section,
    q: &SectionQuery,
) -> Result<SectionData, Refusal> {
    Ok(SectionData::load(
        kb.store(),
        g.clone(),
        section,
        Format::Json,
        q,
    )?)
}

/// The edge selection of a graph tool.
fn selection(types: &[String], srcs: &[String], directed: bool) -> Result<EdgeSelection, Refusal> {
    let mut kinds = Vec::new();
    for t in types {
        kinds.push(KgEdgeKind::parse(t).ok_or_else(|| {
            Refusal::invalid(format!(
                "unknown edge type {t:?}: use {}",
                KgEdgeKind::ALL.map(KgEdgeKind::as_str).join(", ")
            ))
        })?);
    }
    for s in srcs {
        check_text("a source name", s, MAX_SOURCE_CHARS)?;
    }
    Ok(EdgeSelection {
        kinds,
        sources: srcs.to_vec(),
        directed,
    })
}

/// A graph node by name: a term id, else a gene.
fn node(kb: &Arc<KnowledgeBase>, name: &str, organism: Option<&str>) -> Result<EntityRef, Refusal> {
    let name = name.trim();
    check_text("node", name, MAX_NAME_CHARS)?;
    if let Ok(term) = name.parse::<TermId>() {
        return match kb.resolve_term(term)? {
            Some(t) => Ok(EntityRef::of_term(t)),
            None => Err(Refusal::new(
                "not_found",
                format!("no imported source names {term}; try `search`"),
            )),
        };
    }
    Ok(EntityRef::Gene(answer::resolve_gene(
        kb,
        name,
        answer::organism(organism)?,
    )?))
}

/// The imports of every live dataset whose kind answers graph questions,
/// for answers about many entities at once.
fn store_sources(kb: &Arc<KnowledgeBase>) -> Result<Vec<Source>, Refusal> {
    Ok(sources(&kb.store().imports()?))
}

/// What an article is about and its title.
struct Target {
    subject: ArticleSubject,
    title: String,
    tax_id: Option<locus_model::TaxId>,
}

fn article_target(
    kb: &Arc<KnowledgeBase>,
    kind: &str,
    id: &str,
    organism: Option<&str>,
) -> Result<Target, Refusal> {
    let id = id.trim();
    check_text("id", id, MAX_NAME_CHARS)?;
    match kind {
        "gene" => {
            let g = gene_detail(kb, id, organism)?;
            Ok(Target {
                subject: ArticleSubject::Entity(EntityRef::Gene(g.gene_id)),
                title: g.symbol,
                tax_id: Some(g.tax_id),
            })
        }
        other => match kb.article_target(other, id)? {
            Ok(t) => Ok(Target {
                subject: t.subject,
                title: t.title,
                tax_id: None,
            }),
            Err(no) => Err(match no {
                NoTarget::NoPublication(_) | NoTarget::NoTerm(_) => {
                    Refusal::new("not_found", no.message())
                }
                _ => Refusal::invalid(no.message()),
            }),
        },
    }
}

/// The `[@pmid:N]` citations of a markdown text.
fn cited_pmids(markdown: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut rest = markdown;
    while let Some(i) = rest.find("@pmid:") {
        rest = &rest[i + "@pmid:".len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(p) = digits.parse::<u32>() {
            out.push(p);
        }
    }
    out
}

#[tool_router(vis = "pub(crate)")]
impl LocusMcp {
    /// Search every kind at once.
    #[tool(
        name = "search",
        description = "Search Locus for genes, diseases, phenotypes, GO terms, chemicals, papers, GeneRIFs and wiki articles by name, identifier or words. Hits are ranked: identifier, exact name, alias, prefix, name words, then text. Each hit has its kind, a label, a detail line, and for entities a `resource` URI and the `entity` to pass to other tools (a gene's `id` is its GeneID)."
    )]
    async fn search(
        &self,
        Parameters(a): Parameters<SearchArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        let base = self.base(&ctx);
        self.answer(move |kb| {
            check_text("query", a.query.trim(), MAX_NAME_CHARS)?;
            let n = limit("limit", a.limit, 10, 50)? as usize;
            let organism = answer::organism(a.organism.as_deref())?;
            let mut kinds = Vec::new();
            for k in &a.kinds {
                kinds.push(HitKind::parse(k).ok_or_else(|| {
                    Refusal::invalid(format!(
                        "unknown kind {k:?}: use {}",
                        HitKind::ALL.map(HitKind::as_str).join(", ")
                    ))
                })?);
            }
            // Ask for more than kept when kinds filter, so a rare kind
            // still fills its share.
            let ask = if kinds.is_empty() { n } else { n * 5 };
            let hits: Vec<Hit> = kb
                .search_everything(&a.query, organism, ask, true)?
                .into_iter()
                .filter(|h| kinds.is_empty() || kinds.contains(&h.kind))
                .take(n)
                .map(|h| Hit {
                    kind: h.kind,
                    rank: h.rank,
                    label: h.label,
                    detail: h.detail.replace(['\u{2}', '\u{3}'], ""),
                    resource: h.entity.map(|e| resource_of(kb, e)),
                    entity: h.entity,
                    page: format!("{}{}", base.as_deref().unwrap_or(""), h.path),
                })
                .collect();
            answer::success(&serde_json::json!({
                "query": a.query,
                "hits": hits,
                "provenance": store_sources(kb)?,
            }))
        })
        .await
    }

    /// A gene's document, trimmed for an agent.
    #[tool(
        name = "get_gene",
        description = "A gene by NCBI GeneID, symbol or alias: names, aliases, location, type, cross-references, literature counts (PubMed count, fractional PubMed score, GeneRIF count), target development level, the first GeneRIFs, GO annotations, top differential expression, diseases and phenotypes, proteins, and knowledge-graph edge counts, with the imports they come from. Lists are cut to their first rows; `regulation`, `literature`, `expression` and `diseases_and_phenotypes` give the rest."
    )]
    async fn get_gene(
        &self,
        Parameters(a): Parameters<GeneArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        let base = self.base(&ctx);
        self.answer(move |kb| {
            let g = gene_detail(kb, &a.gene, a.organism.as_deref())?;
            answer::success(&gene_summary(kb, g, base.as_deref())?)
        })
        .await
    }

    /// Regulators or targets with evidence.
    #[tool(
        name = "regulation",
        description = "The transcription factors that regulate a gene (`direction: regulators`) or the genes a TF regulates (`targets`), strongest evidence first. Each edge has its source databases, detection methods, PubMed ids, mode (activation/repression) where known, and the small-scale-evidence flag, with every source row."
    )]
    async fn regulation(
        &self,
        Parameters(a): Parameters<RegulationArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        let base = self.base(&ctx);
        self.answer(move |kb| {
            if let Some(s) = &a.source {
                check_text("source", s, MAX_SOURCE_CHARS)?;
            }
            let rows = limit("limit", a.limit, 50, 500)?;
            let offset = a.offset.unwrap_or(0).min(100_000_000);
            let g = gene_detail(kb, &a.gene, a.organism.as_deref())?;
            let side = match a.direction {
                Direction::Regulators => Section::Regulators,
                Direction::Targets => Section::Targets,
            };
            let q = SectionQuery {
                offset,
                limit: rows,
                evidence: true,
                filter: EdgeFilter {
                    source: a.source.clone(),
                    small_scale_only: a.small_scale_only,
                },
                ..SectionQuery::default()
            };
            let data = section(kb, &g, side, &q)?;
            gene_answer(kb, &g, base.as_deref(), data)
        })
        .await
    }

    /// Neighbours in the knowledge graph.
    #[tool(
        name = "neighbors",
        description = "The neighbours of a gene or term in Locus's knowledge graph, strongest edge first: genes over regulation, interaction, orthology and co-mention edges, and the diseases, phenotypes and GO terms a gene is associated with. Each edge has its kind, direction, sources and evidence counts."
    )]
    async fn neighbors(
        &self,
        Parameters(a): Parameters<NeighborArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        self.answer(move |kb| {
            let n = limit("limit", a.limit, 25, MAX_NEIGHBORS.min(200) as u64)? as usize;
            let sel = selection(&a.types, &a.sources, false)?;
            let at = node(kb, &a.node, a.organism.as_deref())?;
            let list = kb.neighbors(at, &sel, n)?;
            answer::success(&merged(
                &list,
                [
                    ("resource", resource_of(kb, at).into()),
                    ("provenance", to_value(&store_sources(kb)?)),
                ],
            ))
        })
        .await
    }

    /// Shortest paths with evidence.
    #[tool(
        name = "shortest_paths",
        description = "Shortest paths between two genes or terms over the knowledge graph, with the evidence of every hop (sources, methods, PubMed ids). By default paths walk regulation, interaction and orthology edges; name `types` to walk disease, phenotype, GO or co-mention edges too."
    )]
    async fn shortest_paths(
        &self,
        Parameters(a): Parameters<PathArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        self.answer(move |kb| {
            let hops = limit("max_hops", a.max_hops, 4, MAX_HOPS as u64)? as usize;
            let paths = limit("max_paths", a.max_paths, 5, 20)? as usize;
            let sel = selection(&a.types, &a.sources, a.directed)?;
            let from = node(kb, &a.from, a.organism.as_deref())?;
            let to = node(kb, &a.to, a.organism.as_deref())?;
            let found = kb.shortest_paths(from, to, hops, paths, &sel)?;
            answer::success(&merged(
                &found,
                [
                    ("from_resource", resource_of(kb, from).into()),
                    ("to_resource", resource_of(kb, to).into()),
                    ("provenance", to_value(&store_sources(kb)?)),
                ],
            ))
        })
        .await
    }

    /// Literature sentences grouped by topic.
    #[tool(
        name = "literature",
        description = "Sentences about a gene from its GeneRIFs and imported abstracts, grouped by what they are about (disease, high-impact, chemicals, biological, anatomical, physical and regulatory interactions, other interactions, analytical), each with its numbered PubMed reference. `with` keeps sentences that also name another gene, chemical or disease."
    )]
    async fn literature(
        &self,
        Parameters(a): Parameters<LiteratureArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        let base = self.base(&ctx);
        self.answer(move |kb| {
            let topic = match &a.topic {
                None => None,
                Some(t) => Some(Topic::parse(t).ok_or_else(|| {
                    Refusal::invalid(format!(
                        "topic is one of {}",
                        Topic::ALL.map(Topic::slug).join(", ")
                    ))
                })?),
            };
            if let Some(w) = &a.with {
                check_text("with", w, MAX_WITH_CHARS)?;
            }
            let rows = limit("limit", a.limit, 5, 50)?;
            let g = gene_detail(kb, &a.gene, a.organism.as_deref())?;
            let q = SectionQuery {
                topic,
                with: a.with.clone(),
                limit: rows,
                ..SectionQuery::default()
            };
            let data = section(kb, &g, Section::Literature, &q)?;
            gene_answer(kb, &g, base.as_deref(), data)
        })
        .await
    }

    /// Differential expression and where the gene is expressed.
    #[tool(
        name = "expression",
        description = "A gene's differential expression by disease or condition (largest change first, with the comparison and its source) and where it is expressed (anatomical calls)."
    )]
    async fn expression(
        &self,
        Parameters(a): Parameters<GeneRowsArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        let base = self.base(&ctx);
        self.answer(move |kb| {
            let rows = limit("limit", a.limit, 25, 200)?;
            let g = gene_detail(kb, &a.gene, a.organism.as_deref())?;
            let q = SectionQuery {
                limit: rows,
                ..SectionQuery::default()
            };
            let mut differential = kb.store().expression(g.gene_id)?;
            let total = differential.len();
            differential.truncate(rows as usize);
            let anatomy = section(kb, &g, Section::Anatomy, &q)?;
            gene_answer(
                kb,
                &g,
                base.as_deref(),
                serde_json::json!({
                    "differential_expression": {"total": total, "rows": differential},
                    "anatomy": anatomy,
                }),
            )
        })
        .await
    }

    /// Diseases and phenotypes.
    #[tool(
        name = "diseases_and_phenotypes",
        description = "The diseases a gene is associated with (every source's association, with its evidence) and its HPO phenotypes with the diseases they come through."
    )]
    async fn diseases_and_phenotypes(
        &self,
        Parameters(a): Parameters<GeneRowsArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        let base = self.base(&ctx);
        self.answer(move |kb| {
            let rows = limit("limit", a.limit, 25, 200)? as usize;
            let g = gene_detail(kb, &a.gene, a.organism.as_deref())?;
            let mut diseases = kb.store().gene_diseases(g.gene_id)?;
            let mut phenotypes = kb.store().gene_phenotypes(g.gene_id)?;
            let (nd, np) = (diseases.len(), phenotypes.len());
            diseases.truncate(rows);
            phenotypes.truncate(rows);
            gene_answer(
                kb,
                &g,
                base.as_deref(),
                serde_json::json!({
                    "diseases": {"total": nd, "rows": diseases},
                    "phenotypes": {"total": np, "rows": phenotypes},
                }),
            )
        })
        .await
    }

    /// A paper.
    #[tool(
        name = "publication",
        description = "A PubMed paper as imported: title, authors, journal, year, abstract, MeSH terms, and the genes linked to it with the source of each link."
    )]
    async fn publication(
        &self,
        Parameters(a): Parameters<PublicationArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        let base = self.base(&ctx);
        self.answer(move |kb| {
            if a.pmid == 0 {
                return Err(Refusal::invalid("a PubMed id is 1 or more"));
            }
            let pmid = Pmid(a.pmid);
            let Some(p) = kb.store().publication(pmid)? else {
                return Err(Refusal::new(
                    "not_found",
                    format!("no imported source mentions PubMed {pmid}"),
                ));
            };
            let entity = EntityRef::Publication(pmid);
            answer::success(&serde_json::json!({
                "resource": resource_uri(entity, None),
                "links": links(base.as_deref(), entity),
                "publication": p,
                "provenance": store_sources(kb)?,
            }))
        })
        .await
    }

    /// A wiki article.
    #[tool(
        name = "wiki_article",
        description = "The newest revision of a wiki article about a gene, paper, disease, phenotype, GO term or free topic: its markdown, references, links, contributors and revision numbers (pass `current_revision` as `base_revision` when proposing an edit)."
    )]
    async fn wiki_article(
        &self,
        Parameters(a): Parameters<ArticleArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        let base = self.base(&ctx);
        self.answer(move |kb| {
            let t = article_target(kb, &a.kind, &a.id, a.organism.as_deref())?;
            let Some(article) = kb.article(&t.subject)? else {
                return Err(Refusal::new(
                    "not_found",
                    format!(
                        "no article about {} yet; `propose_wiki_edit` without `base_revision` starts one",
                        t.title
                    ),
                ));
            };
            let (mut doc, _, _) = kb.article_document(&article, None)?;
            // The HTML is for browsers; the agent has the markdown.
            doc.html = String::new();
            answer::success(&serde_json::json!({
                "resource": article_uri(&t),
                "page": format!("{}/wiki/{}/{}", base.as_deref().unwrap_or(""), doc.kind, doc.id),
                "article": doc,
            }))
        })
        .await
    }

    /// Propose a wiki edit.
    #[tool(
        name = "propose_wiki_edit",
        description = "Save a new revision of a wiki article, as the user of the API token the server was given (HTTP: `Authorization: Bearer`; stdio: `locus mcp --token`). The edit is attributed like any other and can be reverted by editors. Give the whole new text, an edit summary, the revision it was made from, and the PubMed ids that support it, each cited in the text as `[@pmid:N]`. An edit overlapping a newer one is not saved; both texts are returned."
    )]
    async fn propose_wiki_edit(
        &self,
        Parameters(a): Parameters<EditArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        let secret = bearer(&ctx).or_else(|| self.token.clone());
        self.answer(move |kb| {
            let Some(secret) = secret else {
                return Err(Refusal::new(
                    "unauthorized",
                    "writing needs an editor's API token (`locus token create NAME`): send `Authorization: Bearer TOKEN`, or start `locus mcp --token TOKEN`; nothing was saved",
                ));
            };
            let Some(token) = kb.token(&secret)? else {
                return Err(Refusal::new(
                    "unauthorized",
                    "the token is unknown, expired or revoked; nothing was saved",
                ));
            };
            if token.scope < TokenScope::Write {
                return Err(Refusal::new(
                    "forbidden",
                    "the token has read scope; proposing edits needs a write token (`locus token create NAME --scope write`); nothing was saved",
                ));
            }
            if a.comment.chars().count() > MAX_COMMENT_CHARS || a.comment.trim().is_empty() {
                return Err(Refusal::invalid(format!(
                    "comment (the edit summary) must be 1 to {MAX_COMMENT_CHARS} characters"
                )));
            }
            if a.citations.is_empty() {
                return Err(Refusal::invalid(
                    "an edit proposed by an agent cites its evidence: give `citations` (PubMed ids) and cite each in the text as [@pmid:N]",
                ));
            }
            let cited = cited_pmids(&a.markdown);
            let missing: Vec<String> = a
                .citations
                .iter()
                .filter(|p| !cited.contains(p))
                .map(|p| p.to_string())
                .collect();
            if !missing.is_empty() {
                return Err(Refusal::invalid(format!(
                    "cite every PubMed id of `citations` in the text as [@pmid:N]; not cited: {}",
                    missing.join(", ")
                )));
            }
            let base_rev = match a.base_revision {
                None => None,
                Some(r) if r >= 1 => Some(RevisionId(r)),
                Some(_) => return Err(Refusal::invalid("base_revision is 1 or more")),
            };
            let t = article_target(kb, &a.kind, &a.id, a.organism.as_deref())?;
            let mut unknown = Vec::new();
            for p in &a.citations {
                if kb.store().publication(Pmid(*p))?.is_none() {
                    unknown.push(*p);
                }
            }
            let outcome = kb.edit(
                &Editor::Account(token.account),
                EditRequest {
                    subject: t.subject.clone(),
                    title: t.title.clone(),
                    text: a.markdown,
                    base: base_rev,
                    comment: a.comment,
                    minor: false,
                },
            )?;
            let (revision, merged, unchanged) = match outcome {
                EditOutcome::Saved { revision, merged } => (revision, merged, false),
                EditOutcome::Unchanged { revision } => (revision, false, true),
                EditOutcome::Conflict(c) => {
                    let mut r = Refusal::new(
                        "conflict",
                        format!(
                            "revision {} changed the same text since your base; nothing was saved. Combine the texts and propose again with base_revision {}",
                            c.theirs, c.theirs
                        ),
                    );
                    r.detail = Some(serde_json::json!({
                        "theirs": c.theirs.0,
                        "theirs_markdown": c.theirs_text,
                        "yours": c.yours,
                        "merged_with_markers": c.with_markers,
                    }));
                    return Err(r);
                }
            };
            answer::success(&serde_json::json!({
                "resource": article_uri(&t),
                "revision": revision.0,
                "merged": merged,
                "unchanged": unchanged,
                "citations_not_in_store": unknown,
            }))
        })
        .await
    }
}

fn to_value(v: &impl Serialize) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// An answer's JSON object with more keys.
fn merged<const N: usize>(answer: &impl Serialize, more: [(&str, Value); N]) -> Value {
    let mut v = to_value(answer);
    if let Some(o) = v.as_object_mut() {
        for (k, x) in more {
            o.insert(k.to_string(), x);
        }
    }
    v
}

/// The resource URI of an article.
fn article_uri(t: &Target) -> String {
    match &t.subject {
        ArticleSubject::Entity(e) => format!("{}/wiki", resource_uri(*e, t.tax_id)),
        ArticleSubject::Topic(s) => format!("locus://topic/{s}/wiki"),
    }
}

/// The resource URI of a graph node (a gene's with its organism).
fn resource_of(kb: &Arc<KnowledgeBase>, e: EntityRef) -> String {
    let tax = match e {
        EntityRef::Gene(g) => kb
            .search_index()
            .ok()
            .and_then(|i| i.gene(g).map(|s| s.tax_id)),
        _ => None,
    };
    resource_uri(e, tax)
}

/// A gene section with the gene and its provenance.
fn gene_answer(
    kb: &Arc<KnowledgeBase>,
    g: &GeneDetail,
    base: Option<&str>,
    data: impl Serialize,
) -> Result<CallToolResult, Refusal> {
    answer::success(&GeneSection {
        gene: GeneRef::of(g, base),
        data: Wrapped(data),
        provenance: sources(&kb.store().gene_imports(g.gene_id)?),
    })
}

/// A section's data under `data` (flattening needs a map).
struct Wrapped<T>(T);

impl<T: Serialize> Serialize for Wrapped<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry("data", &self.0)?;
        m.end()
    }
}

/// Rows an agent sees of each list in `get_gene`.
const SUMMARY_ROWS: usize = 10;

/// A list cut to its first rows, with how many there are.
#[derive(Serialize)]
struct Cut<T: Serialize> {
    total: usize,
    rows: Vec<T>,
}

fn cut<T: Serialize>(mut rows: Vec<T>) -> Cut<T> {
    let total = rows.len();
    rows.truncate(SUMMARY_ROWS);
    Cut { total, rows }
}

/// The gene document trimmed for an agent.
pub(crate) fn gene_summary(
    kb: &Arc<KnowledgeBase>,
    g: GeneDetail,
    base: Option<&str>,
) -> Result<Value, Refusal> {
    let doc = gene::document(kb.store(), g)?;
    let gene_ref = GeneRef::of(&doc.gene, base);
    let proteins: Vec<Value> = doc
        .proteins
        .iter()
        .map(|p| {
            let mut v = serde_json::to_value(p).unwrap_or(Value::Null);
            // A sequence is hundreds of letters an agent rarely wants;
            // its length and the page say where it is.
            if let Some(o) = v.as_object_mut() {
                if let Some(seq) = o.remove("sequence") {
                    let len = seq.as_str().map(|s| s.len()).unwrap_or(0);
                    o.insert("sequence_length".into(), len.into());
                }
            }
            v
        })
        .collect();
    let value = serde_json::json!({
        "gene": gene_ref,
        "organism": doc.organism,
        "record": doc.gene,
        "development_level": doc.development_level,
        "literature": {
            "pubmed_count": doc.gene.stats.pubmed_count,
            "pubmed_score": doc.gene.stats.pubmed_score,
            "generif_count": doc.gene.stats.generif_count,
            "text_mined_score": doc.gene.stats.text_mined_score,
            "reference_sources": doc.reference_sources,
            "definitions": doc.definitions,
        },
        "generifs": cut(doc.generifs),
        "go_annotations": cut(doc.go_annotations),
        "expression": cut(doc.expression),
        "diseases": cut(doc.diseases),
        "phenotypes": cut(doc.phenotypes),
        "proteins": proteins,
        "knowledge_graph": doc.knowledge_graph,
        "more": {
            "regulation": "regulation(gene, direction: regulators | targets)",
            "literature": "literature(gene, topic?)",
            "expression": "expression(gene)",
            "diseases_and_phenotypes": "diseases_and_phenotypes(gene)",
            "graph": "neighbors(node) / shortest_paths(from, to)",
        },
        "provenance": sources(&doc.provenance),
    });
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::cited_pmids;

    #[test]
    fn citations_are_read_from_the_markup() {
        assert_eq!(
            cited_pmids("BACH1 represses HMOX1 [@pmid:11875067; @pmid:17942419]. Also [@pmid:x]"),
            vec![11875067, 17942419]
        );
        assert!(cited_pmids("no citations").is_empty());
    }
}
