//! Locus for AI agents: a [Model Context Protocol] server over the
//! knowledge base.
//!
//! An agent asks the questions a bioinformatician asks of the API —
//! search, a gene, its regulators and targets with evidence, neighbours
//! and paths in the knowledge graph, literature by topic, expression,
//! diseases and phenotypes, a paper, a wiki article — through MCP tools
//! ([`tools`]), and reads entity pages as resources it can cite
//! (`locus://gene/9606/571`, [`resources`]). Every answer names the
//! imports and releases its facts come from ([`answer`]).
//!
//! The server is transport-neutral: `locus mcp` runs it on stdio, and
//! `locus serve` mounts [`http_service`] at `/mcp` (streamable HTTP,
//! stateless, so any node behind a load balancer answers). Writing — a
//! proposed wiki edit — needs an API token of an editor: on HTTP the
//! request's `Authorization: Bearer`, on stdio the token `locus mcp`
//! was started with. Without one, the write tool says so and saves
//! nothing.
//!
//! Like `locus-web`, this crate only translates: every answer comes from
//! `locus-kb`.
//!
//! [Model Context Protocol]: https://modelcontextprotocol.io

pub mod answer;
mod gate;
pub mod resources;
pub mod tools;

use std::sync::Arc;
use std::time::Duration;

use locus_kb::KnowledgeBase;
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::model::{
    Implementation, ListResourceTemplatesResult, ListResourcesResult, PaginatedRequestParams,
    ReadResourceRequestParams, ReadResourceResponse, ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use rmcp::{tool_handler, ErrorData, RoleServer, ServerHandler, ServiceExt};

pub use gate::{Gate, Shed};

/// Longest a tool call may take before the agent is told to narrow it
/// (the API's render timeout).
pub const CALL_TIMEOUT: Duration = Duration::from_secs(30);

/// Tool calls at once per server; more are refused with a message to
/// retry (the API sheds load the same way, with 503).
pub const MAX_CALLS: usize = 64;

/// Largest answer in bytes of JSON. Every list a tool returns is capped
/// by its `limit`; this catches the product of several caps.
pub const MAX_ANSWER_BYTES: usize = 2 * 1024 * 1024;

/// What the server tells an agent about itself when it connects.
const INSTRUCTIONS: &str = "Locus is a gene knowledge base built from public databases (NCBI Gene, gene2pubmed, GeneRIFs, GO, UniProt, TFLink/TRRUST/CollecTRI regulation, interactions, orthologs, expression, diseases, phenotypes, PubMed abstracts) that the operator imported. Start with `search` (any name or id) or `get_gene` (GeneID, symbol or alias; human unless `organism` says otherwise). `regulation` lists a gene's transcription factors or targets with sources, methods and PubMed ids; `neighbors` and `shortest_paths` walk the knowledge graph with the evidence of every edge. `literature` groups sentences from GeneRIFs and abstracts by topic. Every answer carries `provenance` (import ids, datasets, releases) and a `resource` URI (locus://gene/9606/571) to cite. `propose_wiki_edit` saves a wiki revision and needs an editor's API token.";

/// The MCP server: the knowledge base, who may write, and the limits.
#[derive(Clone)]
pub struct LocusMcp {
    kb: Arc<KnowledgeBase>,
    /// The API token `locus mcp` was started with (stdio); over HTTP each
    /// request brings its own.
    token: Option<String>,
    /// Where the server's pages are, for absolute links (`None`: links
    /// are paths on the server).
    base_url: Option<String>,
    gate: Arc<Gate>,
    tool_router: ToolRouter<LocusMcp>,
}

impl LocusMcp {
    /// A server over `kb`; `token` is the API token writes act with when
    /// the transport brings none (stdio).
    pub fn new(kb: Arc<KnowledgeBase>, token: Option<String>, base_url: Option<String>) -> Self {
        Self::with_gate(
            kb,
            token,
            base_url,
            Arc::new(Gate::new(MAX_CALLS, CALL_TIMEOUT)),
        )
    }

    /// A server sharing `gate` with other servers of the same process
    /// (every HTTP request gets its own server value).
    pub fn with_gate(
        kb: Arc<KnowledgeBase>,
        token: Option<String>,
        base_url: Option<String>,
        gate: Arc<Gate>,
    ) -> Self {
        LocusMcp {
            kb,
            token,
            base_url: base_url.map(|b| b.trim_end_matches('/').to_string()),
            gate,
            tool_router: Self::tool_router(),
        }
    }

    /// The knowledge base it answers from.
    pub fn kb(&self) -> &Arc<KnowledgeBase> {
        &self.kb
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for LocusMcp {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .build(),
        )
        .with_server_info(Implementation::new("locus", env!("CARGO_PKG_VERSION")))
        .with_instructions(INSTRUCTIONS.to_string())
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        resources::list(self).await
    }

    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParams>,
        _: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, ErrorData> {
        Ok(resources::templates())
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        resources::read(self, &request.uri).await.map(Into::into)
    }
}

/// Serves MCP on stdin/stdout until the client closes it.
pub async fn serve_stdio(server: LocusMcp) -> Result<(), Error> {
    let running = server
        .serve(rmcp::transport::stdio())
        .await
        .map_err(|e| Error::Start(e.to_string()))?;
    running
        .waiting()
        .await
        .map_err(|e| Error::Start(e.to_string()))?;
    Ok(())
}

/// The streamable-HTTP service `locus serve` mounts at `/mcp`: stateless
/// (no session to pin a client to one node), JSON answers where the
/// protocol allows. `allowed_hosts` are the `Host` names the server
/// answers to (DNS-rebinding protection); empty allows any.
pub fn http_service(
    kb: Arc<KnowledgeBase>,
    allowed_hosts: Vec<String>,
) -> StreamableHttpService<LocusMcp, LocalSessionManager> {
    let gate = Arc::new(Gate::new(MAX_CALLS, CALL_TIMEOUT));
    let mut config = StreamableHttpServerConfig::default()
        .with_sse_keep_alive(None)
        .with_legacy_session_mode(false)
        .with_json_response(true);
    config = if allowed_hosts.is_empty() {
        config.disable_allowed_hosts()
    } else {
        config.with_allowed_hosts(allowed_hosts)
    };
    StreamableHttpService::new(
        move || Ok(LocusMcp::with_gate(kb.clone(), None, None, gate.clone())),
        Arc::new(LocalSessionManager::default()),
        config,
    )
}

/// Why the server could not run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The transport failed to start or broke.
    #[error("MCP server: {0}")]
    Start(String),
}
