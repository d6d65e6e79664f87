//! `/mcp`: the Model Context Protocol over streamable HTTP, for AI
//! agents. The protocol itself is `locus-mcp`'s; this module mounts it,
//! documents it in the OpenAPI document like every other route, and
//! smooths two edges of the transport for plain HTTP clients:
//!
//! - a request that accepts anything (`Accept: */*`, or no `Accept`) is
//!   served as one that accepts JSON and event streams: the transport
//!   insists on both being named, but Locus answers JSON either way;
//! - the transport's own refusals (a body that is no JSON-RPC message, a
//!   method other than POST) get a `Content-Type` and, for 405, `Allow`.

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use utoipa::openapi::path::{OperationBuilder, PathItem};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, SchemaType, Type};
use utoipa::openapi::{Content, HttpMethod, ResponseBuilder};
use utoipa_axum::router::OpenApiRouter;

use crate::openapi::error_response;
use crate::state::AppState;

/// What both media types name, as the transport wants them.
const BOTH: &str = "application/json, text/event-stream";

/// The `/mcp` route with its operation.
pub fn routes(state: &Arc<AppState>) -> OpenApiRouter<Arc<AppState>> {
    let service = locus_mcp::http_service(state.kb.clone(), hosts(&state.config.mcp_hosts));
    let route = axum::Router::new()
        .route_service("/mcp", service)
        .layer(axum::middleware::from_fn(edges));
    let mut r = OpenApiRouter::new().merge(OpenApiRouter::from(route));
    r.get_openapi_mut()
        .paths
        .paths
        .insert("/mcp".into(), PathItem::new(HttpMethod::Post, operation()));
    r
}

/// The `Host` names `/mcp` answers to: loopback and the operator's; none
/// checked with `*`.
fn hosts(extra: &[String]) -> Vec<String> {
    if extra.iter().any(|h| h == "*") {
        return Vec::new();
    }
    let mut hosts: Vec<String> = ["localhost", "127.0.0.1", "::1"]
        .map(str::to_string)
        .to_vec();
    hosts.extend(extra.iter().cloned());
    hosts
}

/// The request and response adjustments described in the module docs.
async fn edges(mut req: Request, next: Next) -> Response {
    if req.method() == Method::POST {
        let accepts_any = match req.headers().get(header::ACCEPT) {
            None => true,
            Some(v) => v
                .to_str()
                .map(|s| {
                    s.split(',')
                        .map(|m| m.split(';').next().unwrap_or("").trim())
                        .any(|m| m == "*/*")
                })
                .unwrap_or(false),
        };
        if accepts_any {
            req.headers_mut()
                .insert(header::ACCEPT, HeaderValue::from_static(BOTH));
        }
    }
    let mut res = next.run(req).await;
    let status = res.status();
    if (status.is_client_error() || status.is_server_error())
        && !res.headers().contains_key(header::CONTENT_TYPE)
    {
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
    }
    if status == axum::http::StatusCode::METHOD_NOT_ALLOWED {
        res.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
    }
    res
}

/// A refusal the transport writes as plain text.
fn text(description: &str) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "text/plain",
            Content::new(Some(ObjectBuilder::new().schema_type(Type::String))),
        )
        .build()
}

/// `"jsonrpc": "2.0"`, in every message.
fn version() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(["2.0"]))
}

/// The JSON-RPC message an MCP client posts.
fn message_schema() -> ObjectBuilder {
    ObjectBuilder::new()
        .property("jsonrpc", version())
        .required("jsonrpc")
        .property(
            "method",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .description(Some(
                    "initialize, tools/list, tools/call, resources/read, …",
                )),
        )
        .required("method")
        .property(
            "id",
            OneOfBuilder::new()
                .item(ObjectBuilder::new().schema_type(Type::Integer))
                .item(ObjectBuilder::new().schema_type(Type::String)),
        )
        .property(
            "params",
            ObjectBuilder::new().schema_type(SchemaType::from_iter([Type::Object, Type::Null])),
        )
}

/// A response's JSON-RPC id: the request's number or string (`null` for
/// a message that could not be read).
fn id_schema() -> OneOfBuilder {
    OneOfBuilder::new()
        .item(ObjectBuilder::new().schema_type(Type::Integer))
        .item(ObjectBuilder::new().schema_type(Type::String))
        .item(ObjectBuilder::new().schema_type(Type::Null))
}

fn operation() -> utoipa::openapi::path::Operation {
    let answer = ObjectBuilder::new()
        .property("jsonrpc", version())
        .required("jsonrpc")
        .property("id", id_schema())
        .property("result", ObjectBuilder::new().schema_type(Type::Object))
        .property("error", ObjectBuilder::new().schema_type(Type::Object));
    OperationBuilder::new()
        .tag("mcp")
        .operation_id(Some("mcp"))
        .summary(Some("The Model Context Protocol for AI agents (streamable HTTP, stateless)"))
        .description(Some(
            "One JSON-RPC message of the Model Context Protocol (https://modelcontextprotocol.io): `initialize`, `tools/list`, `tools/call` (search, get_gene, regulation, neighbors, shortest_paths, literature, expression, diseases_and_phenotypes, publication, wiki_article, propose_wiki_edit), `resources/list`, `resources/templates/list`, `resources/read` (locus://gene/9606/571). Use an MCP client library; `locus mcp` serves the same tools on stdio. `propose_wiki_edit` needs `Authorization: Bearer TOKEN` of an editor. Only `Host` names the server was started with (`--mcp-host`) and loopback are answered.",
        ))
        .request_body(Some(
            RequestBodyBuilder::new()
                .content("application/json", Content::new(Some(message_schema())))
                .required(Some(utoipa::openapi::Required::True))
                .build(),
        ))
        .response(
            "200",
            ResponseBuilder::new()
                .description("The JSON-RPC response: `result`, or `error` (an unknown method, bad params)")
                .content("application/json", Content::new(Some(answer)))
                .build(),
        )
        .response(
            "202",
            ResponseBuilder::new()
                .description("A notification (a message without `id`) was accepted")
                .build(),
        )
        .response("400", text("The message is not valid for the protocol (a bad protocol version header)"))
        .response("403", text("The Host header is not one the server answers to"))
        .response("406", text("The client accepts neither JSON nor an event stream"))
        .response("413", text("The body is larger than 4 MiB"))
        .response("415", text("The body is not JSON, or not a JSON-RPC message"))
        .response(
            "503",
            error_response("Overloaded or too slow; retry after the Retry-After seconds"),
        )
        .build()
}
