//! `/downloads/store/{format}/{file}`: the whole store as `locus export`
//! writes it — `manifest.json` and one gzip file per table — for the
//! store as it is now. The files are written once per store and wiki
//! generation (see `locus_kb::bulk::cache`) and streamed from disk, so a
//! download takes no memory however large the table.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use locus_kb::bulk::cache::Current;
use locus_kb::bulk::{BulkFormat, MANIFEST};
use serde::Deserialize;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::Required;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, ErrorCode};
use crate::extract::ApiPath;
use crate::state::{AppState, JSON};

/// The route and its operation.
pub fn routes() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new().routes(routes!(store_file))
}

/// How long a request waits for an export being written before it is
/// told to come back: the demo's export takes a second, the full human
/// store's about a minute.
const WAIT: Duration = Duration::from_secs(20);

/// The path of an export file.
#[derive(Deserialize)]
pub struct StoreFilePath {
    /// `tsv` or `jsonl`.
    pub format: String,
    /// `manifest.json` or a table's file (`genes.tsv.gz`).
    pub file: String,
}

/// `{format}/{file}`.
pub struct StoreFileParams;

impl IntoParams for StoreFileParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            ParameterBuilder::new()
                .name("format")
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .description(Some("File format: flat TSV or JSON lines (gzip), or Parquet"))
                .schema(Some(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .enum_values(Some(BulkFormat::ALL.map(BulkFormat::as_str))),
                ))
                .example(Some("tsv".into()))
                .build(),
            ParameterBuilder::new()
                .name("file")
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .description(Some(
                    "manifest.json (every file with its rows, SHA-256 and imports), or a table's file: genes.tsv.gz, gene_pubmed.jsonl.gz, … as the manifest lists them",
                ))
                .example(Some("manifest.json".into()))
                .schema(Some(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .min_length(Some(1))
                        .max_length(Some(64)),
                ))
                .build(),
        ]
    }
}

/// A file of the whole-store export.
#[utoipa::path(get, path = "/downloads/store/{format}/{file}", tag = "downloads",
    params(StoreFileParams),
    responses(
        (status = 200, description = "The manifest (JSON) or a table's file (gzip; a header naming its imports, then one row per line)", content(
            (locus_kb::bulk::Manifest = "application/json"),
            (Vec<u8> = "application/gzip"),
            (Vec<u8> = "application/vnd.apache.parquet"),
        )),
        (status = 304, description = "Not modified: the file's SHA-256 matches `If-None-Match`"),
        (status = 404, description = "No such format or file", body = ApiError),
        (status = 500, description = "Writing the export failed (the next request retries)", body = ApiError),
        (status = 503, description = "The export of the store as it is now is being written; retry after `Retry-After` seconds", body = ApiError),
    ))]
pub async fn store_file(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    ApiPath(StoreFilePath { format, file }): ApiPath<StoreFilePath>,
) -> Result<Response, ApiError> {
    let Some(format) = BulkFormat::parse(&format) else {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            format!("no export format {format:?}: tsv or jsonl"),
        ));
    };
    let started = Instant::now();
    let (dir, manifest) = loop {
        let (kb, exports) = (state.kb.clone(), state.exports.clone());
        let current = tokio::task::spawn_blocking(move || exports.current(&kb, format))
            .await
            .map_err(|e| ApiError::internal(e.to_string()))?;
        match current {
            Current::Ready { dir, manifest } => break (dir, manifest),
            Current::Failed(m) => {
                return Err(ApiError::internal(format!(
                    "writing the export failed: {m}"
                )))
            }
            Current::Writing if started.elapsed() < WAIT => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Current::Writing => {
                return Err(ApiError::new(
                    ErrorCode::ExportInProgress,
                    "the export of the store as it is now is being written; retry in a minute",
                ))
            }
        }
    };
    if file == MANIFEST {
        let body =
            serde_json::to_vec_pretty(&*manifest).map_err(|e| ApiError::internal(e.to_string()))?;
        return Ok((StatusCode::OK, [(header::CONTENT_TYPE, JSON)], body).into_response());
    }
    // Only names the manifest lists: no path reaches outside the export.
    let Some(entry) = manifest.files.iter().find(|f| f.file == file) else {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            format!(
                "no file {file:?} in the {} export; manifest.json lists them",
                format.as_str()
            ),
        ));
    };
    let etag = format!("\"{}\"", entry.sha256);
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
    {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response());
    }
    let path = dir.join(&entry.file);
    let opened = tokio::fs::File::open(&path)
        .await
        .map_err(|e| ApiError::internal(format!("{}: {e}", entry.file)))?;
    let body = Body::from_stream(tokio_util::io::ReaderStream::with_capacity(opened, 1 << 16));
    let mut res = (StatusCode::OK, body).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/gzip"),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(entry.bytes));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"locus_{}\"", entry.file))
    {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}
