//! The OpenAPI document: assembled from what each route module
//! contributes, then completed with what every route shares (the error
//! body, 304, 400, 503), so that every status a route can answer is in it.

use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{AnyOfBuilder, ObjectBuilder, Schema, Type};
use utoipa::openapi::{Content, OpenApi, Ref, RefOr, Required, Response, ResponseBuilder};
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::extract::{Organism, MAX_NAME_CHARS};

/// The document's header.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Locus API",
        description = "Gene knowledge from imported public databases, with the provenance of every fact. \
Every error answers with one body (ApiError) whose `code` is stable. Cacheable GETs carry a strong ETag \
and answer If-None-Match with 304; responses are compressed with brotli or gzip as Accept-Encoding asks. \
An overloaded server answers 503 with Retry-After.",
        version = "1"
    ),
    components(schemas(ApiError, crate::error::ErrorCode)),
    tags(
        (name = "genes", description = "Genes and their sections"),
        (name = "graph", description = "The knowledge graph: neighbours, paths, subgraphs"),
        (name = "search", description = "Gene search"),
        (name = "literature", description = "PubMed citations"),
        (name = "imports", description = "What was imported, and what did not resolve"),
        (name = "downloads", description = "Whole-network files"),
        (name = "system", description = "Health and metrics"),
        (name = "mcp", description = "The Model Context Protocol for AI agents"),
        (name = "wiki", description = "Articles, revisions, diffs and authorship; edits with an API token"),
    ),
    modifiers(&BearerAuth)
)]
pub struct Header;

/// The `bearer` security scheme: API tokens made with `locus token create`.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, doc: &mut OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An API token from `locus token create NAME`"))
                    .build(),
            ),
        );
    }
}

/// The `organism` parameter's schema: a taxon id, or a name spelled as
/// listed.
pub fn organism_schema() -> Schema {
    let names: Vec<String> = locus_model::TaxId::organism_names()
        .map(str::to_string)
        .collect();
    AnyOfBuilder::new()
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(names)),
        )
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some(Organism::TAXON_PATTERN)),
        )
        .description(Some(
            "NCBI taxon id (9606) or organism name (human, mouse, Homo sapiens, …)",
        ))
        .into()
}

/// A parameter with its place, whether it is required, and its schema.
fn param(
    name: &str,
    place: ParameterIn,
    required: bool,
    description: &str,
    schema: impl Into<RefOr<Schema>>,
) -> ParameterBuilder {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(place)
        .required(if required {
            Required::True
        } else {
            Required::False
        })
        .description(Some(description))
        .schema(Some(schema))
}

/// `?organism=`.
pub fn organism_param(description: &str) -> Parameter {
    param(
        "organism",
        ParameterIn::Query,
        false,
        description,
        organism_schema(),
    )
    .example(Some("human".into()))
    .build()
}

/// A gene named by GeneID, symbol or alias, as a path or query parameter.
pub fn gene_name_param(
    name: &str,
    place: ParameterIn,
    description: &str,
    example: &str,
) -> Parameter {
    let schema = ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(MAX_NAME_CHARS));
    param(name, place, true, description, schema)
        .example(Some(example.into()))
        .build()
}

/// The `{kind}`, `{id}` and `?organism=` of every wiki route.
pub struct WikiParams;

impl utoipa::IntoParams for WikiParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let kinds = ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(locus_kb::wiki::target::KINDS));
        vec![
            param("kind", ParameterIn::Path, true, "`gene`, `publication` or `topic`", kinds)
                .example(Some("gene".into()))
                .build(),
            gene_name_param(
                "id",
                ParameterIn::Path,
                "For a gene: NCBI GeneID, symbol or alias; for a publication: its PMID; for a topic: its slug",
                "BACH1",
            ),
            organism_param("Organism of a gene symbol or alias (default human)"),
        ]
    }
}

/// A gene's `{id}` path parameter.
pub fn gene_id_param() -> Parameter {
    gene_name_param(
        "id",
        ParameterIn::Path,
        "NCBI GeneID, official symbol or alias",
        "BACH1",
    )
}

/// An optional integer query parameter within `[min, max]`.
pub fn int_param(name: &str, description: &str, min: u64, max: u64, default: u64) -> Parameter {
    let schema = ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
            utoipa::openapi::KnownFormat::Int64,
        )))
        .minimum(Some(min as f64))
        .maximum(Some(max as f64))
        .default(Some(default.into()));
    param(name, ParameterIn::Query, false, description, schema).build()
}

/// A required text parameter of at most `max` characters (a search's
/// `q`, a term id in the path).
pub fn text_param(
    name: &str,
    location: ParameterIn,
    description: &str,
    example: &str,
    max: usize,
) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(location)
        .required(utoipa::openapi::Required::True)
        .description(Some(description))
        .example(Some(example.into()))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(max)),
        ))
        .build()
}

/// An optional boolean query parameter.
pub fn bool_param(name: &str, description: &str) -> Parameter {
    let schema = ObjectBuilder::new()
        .schema_type(Type::Boolean)
        .default(Some(false.into()));
    param(name, ParameterIn::Query, false, description, schema).build()
}

/// An optional string query parameter of bounded length.
pub fn string_param(name: &str, description: &str, max: usize) -> Parameter {
    let schema = ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(max));
    param(name, ParameterIn::Query, false, description, schema).build()
}

/// An optional string query parameter with one of `values`.
pub fn enum_param(
    name: &str,
    description: &str,
    values: &[&str],
    default: Option<&str>,
) -> Parameter {
    let schema = ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values.iter().map(|v| v.to_string())))
        .default(default.map(Into::into));
    param(name, ParameterIn::Query, false, description, schema).build()
}

/// A reference to the component schema of `T`.
pub fn schema_ref<T: ToSchema>() -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name(T::name()))
}

/// The error body.
pub fn error_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            Content::new(Some(schema_ref::<ApiError>())),
        )
        .build()
}

/// A 200 with a JSON body, and TSV when `tsv`.
pub fn ok_response(description: &str, json: RefOr<Schema>, tsv: bool) -> Response {
    let mut r = ResponseBuilder::new()
        .description(description)
        .content("application/json", Content::new(Some(json)));
    if tsv {
        r = r.content(
            "text/tab-separated-values",
            Content::new(Some(ObjectBuilder::new().schema_type(Type::String))),
        );
    }
    r.build()
}

/// Adds what every operation shares: the statuses any route can answer
/// (400 for a bad parameter, 503 when overloaded, too slow, or the
/// database is unreachable) and, for
/// cacheable routes, 304.
pub fn complete(mut doc: OpenApi) -> OpenApi {
    for (path, item) in doc.paths.paths.iter_mut() {
        let cacheable = !matches!(path.as_str(), "/metrics" | "/healthz");
        let has_params =
            path.contains('{') || item.get.as_ref().is_some_and(|o| o.parameters.is_some());
        if let Some(op) = item.get.as_mut() {
            let responses = &mut op.responses.responses;
            if has_params {
                responses.entry("400".into()).or_insert_with(|| {
                    error_response("A parameter is malformed or out of range").into()
                });
            }
            responses.entry("503".into()).or_insert_with(|| {
                error_response("Overloaded, too slow, or the database cannot be reached (store_unavailable); retry after the Retry-After seconds").into()
            });
            if cacheable {
                responses.entry("304".into()).or_insert_with(|| {
                    ResponseBuilder::new()
                        .description("Not modified: If-None-Match names the current ETag")
                        .build()
                        .into()
                });
            }
        }
        for op in [item.put.as_mut(), item.post.as_mut()]
            .into_iter()
            .flatten()
        {
            let responses = &mut op.responses.responses;
            responses.entry("400".into()).or_insert_with(|| {
                error_response("A parameter or the body is malformed or out of range").into()
            });
            responses.entry("503".into()).or_insert_with(|| {
                error_response("Overloaded, too slow, or the database cannot be reached (store_unavailable); retry after the Retry-After seconds").into()
            });
        }
    }
    doc
}
