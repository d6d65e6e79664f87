//! [`ApiError`]: the one error body of every route, with a stable
//! machine-readable [`ErrorCode`], so a client branches on `code`, never on
//! the wording of `message`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use locus_kb::search::SearchHit;
use locus_model::GeneSummary;
use serde::Serialize;

/// What went wrong, as a client can test for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A path or query parameter is missing, malformed or out of its
    /// documented range (400).
    InvalidParameter,
    /// The name fits several genes; `candidates` lists them (300).
    AmbiguousGene,
    /// No gene has this GeneID, symbol or alias; `suggestions` lists
    /// similar names (404).
    GeneNotFound,
    /// No imported source mentions this PubMed id (404).
    PublicationNotFound,
    /// No import has this number (404).
    ImportNotFound,
    /// No imported source names this disease, phenotype or GO term (404).
    TermNotFound,
    /// No tagged text names this chemical (404).
    ChemicalNotFound,
    /// Nothing is served at this path (404).
    NotFound,
    /// No article (or no such revision of it) exists yet (404).
    ArticleNotFound,
    /// A write without a valid API token or session (401).
    Unauthorized,
    /// The account may not do this: a reader editing, a protected
    /// article, a blocked account, a form without its CSRF token (403).
    Forbidden,
    /// The edit overlaps one saved since its base revision; the body
    /// holds both texts (409).
    EditConflict,
    /// Too many failed logins from this address or for this account;
    /// retry after `Retry-After` seconds (429).
    TooManyRequests,
    /// The path exists but not for this method (405).
    MethodNotAllowed,
    /// The request body is larger than the server accepts (413).
    PayloadTooLarge,
    /// The server is answering as many requests as it can; retry after
    /// the `Retry-After` seconds (503).
    Overloaded,
    /// The answer took longer than the server allows (503).
    Timeout,
    /// The database cannot be reached for this (a write while the
    /// PostgreSQL primary is down); nothing was changed. Retry after the
    /// `Retry-After` seconds (503).
    StoreUnavailable,
    /// The whole-store export of the store as it is now is being
    /// written; retry after the `Retry-After` seconds (503).
    ExportInProgress,
    /// Something failed inside the server (500).
    Internal,
}

/// The body of every error response (and of the 300 a name that fits
/// several genes gets).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// What went wrong, for programs.
    pub code: ErrorCode,
    /// What went wrong, for people.
    pub message: String,
    /// `ambiguous_gene`: the genes the name fits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub candidates: Option<Vec<GeneSummary>>,
    /// `gene_not_found`: genes with similar names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestions: Option<Vec<SearchHit>>,
}

impl ApiError {
    /// An error with `code` and `message`.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        let status = match code {
            ErrorCode::InvalidParameter => StatusCode::BAD_REQUEST,
            ErrorCode::AmbiguousGene => StatusCode::MULTIPLE_CHOICES,
            ErrorCode::GeneNotFound
            | ErrorCode::PublicationNotFound
            | ErrorCode::ImportNotFound
            | ErrorCode::TermNotFound
            | ErrorCode::ChemicalNotFound
            | ErrorCode::NotFound
            | ErrorCode::ArticleNotFound => StatusCode::NOT_FOUND,
            ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorCode::Forbidden => StatusCode::FORBIDDEN,
            ErrorCode::EditConflict => StatusCode::CONFLICT,
            ErrorCode::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::Overloaded
            | ErrorCode::Timeout
            | ErrorCode::StoreUnavailable
            | ErrorCode::ExportInProgress => StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError {
            status: status.as_u16(),
            code,
            message: message.into(),
            candidates: None,
            suggestions: None,
        }
    }

    /// A 400 for a parameter.
    pub fn invalid(message: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::InvalidParameter, message)
    }

    /// A 500 for a failure inside the server.
    pub fn internal(message: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::Internal, message)
    }

    /// The HTTP status.
    pub fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<locus_kb::Error> for ApiError {
    fn from(e: locus_kb::Error) -> Self {
        match e {
            locus_kb::Error::Invalid(m) => ApiError::invalid(m),
            locus_kb::Error::Forbidden(m) => ApiError::new(ErrorCode::Forbidden, m),
            locus_kb::Error::NotFound(m) => ApiError::new(ErrorCode::ArticleNotFound, m),
            locus_kb::Error::GeneGone(g) => ApiError::new(
                ErrorCode::GeneNotFound,
                format!("gene {g} is no longer in the store"),
            ),
            locus_kb::Error::Store(e) => e.into(),
        }
    }
}

impl From<locus_store::StoreError> for ApiError {
    fn from(e: locus_store::StoreError) -> Self {
        match e {
            locus_store::StoreError::Unavailable(m) => {
                ApiError::new(ErrorCode::StoreUnavailable, m)
            }
            other => ApiError::internal(other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status_code();
        let mut res = (status, axum::Json(&self)).into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            // An export takes up to a minute; an overload passes at once.
            let after = if self.code == ErrorCode::ExportInProgress {
                "10"
            } else {
                "1"
            };
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static(after));
        }
        if status == StatusCode::TOO_MANY_REQUESTS {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
        }
        if status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"locus\""),
            );
        }
        res
    }
}

/// Runs a blocking store call off the async workers.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?
}
