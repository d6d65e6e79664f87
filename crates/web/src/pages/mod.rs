//! HTML pages, rendered with maud (escaping is the default, so no
//! imported text can inject markup). Every page reads through
//! `locus-kb`, as the API does; only the rendering is here.

pub mod assets;
mod chemical;
mod downloads;
mod edge;
mod expression;
pub mod gene;
mod home;
pub(crate) mod layout;
mod links;
pub mod literature;
mod network;
mod publication;
mod search;
mod terms;
mod wiki;

use std::sync::Arc;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use maud::{html, Markup};

use crate::error::{ApiError, ErrorCode};
use crate::state::{AppState, HTML};

/// The HTML routes.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(home::page))
        .route("/search", get(search::page))
        .route("/genes/{query}", get(gene::page))
        .route("/genes/{query}/literature", get(literature::page))
        .route("/genes/{query}/changes.atom", get(gene::changes_feed))
        .route("/about/provenance", get(home::provenance))
        .route("/downloads", get(downloads::page))
        .route("/publications/{pmid}", get(publication::page))
        .route("/diseases/{id}", get(terms::disease))
        .route("/phenotypes/{id}", get(terms::phenotype))
        .route("/go/{id}", get(terms::go_term))
        .route("/chemicals/{id}", get(chemical::page))
        .route("/regulation/{tf}/{target}", get(edge::page))
        .route("/static/{file}", get(assets::file))
        .merge(wiki::routes())
}

/// A page with `status`.
pub fn html(status: StatusCode, body: Markup) -> Response {
    (status, [(header::CONTENT_TYPE, HTML)], body.into_string()).into_response()
}

/// An error as a page: what went wrong, and where to go from here.
pub fn error_page(e: ApiError) -> Response {
    let status = e.status_code();
    let title = match e.code {
        ErrorCode::InvalidParameter => "Bad request",
        ErrorCode::Overloaded | ErrorCode::Timeout => "Busy",
        ErrorCode::StoreUnavailable => "Database unavailable",
        ErrorCode::Internal => "Something went wrong",
        ErrorCode::Unauthorized => "Log in first",
        ErrorCode::Forbidden => "Not allowed",
        ErrorCode::EditConflict => "Edit conflict",
        ErrorCode::TooManyRequests => "Too many attempts",
        _ => "Not found",
    };
    html(
        status,
        layout::page(
            title,
            html! {
                h1 { (title) }
                p { (e.message) }
                p { "Try the search box above, or " a href="/" { "the start page" } "." }
            },
        ),
    )
}

/// Pages answer errors as pages.
pub(crate) fn or_error_page(r: Result<Response, ApiError>) -> Response {
    r.unwrap_or_else(error_page)
}

/// What an unknown path gets: JSON under `/api/`, a page elsewhere.
pub async fn not_found(uri: axum::http::Uri) -> Response {
    let e = ApiError::new(
        ErrorCode::NotFound,
        format!("nothing is served at {}", uri.path()),
    );
    if uri.path().starts_with("/api/") {
        return e.into_response();
    }
    html(
        StatusCode::NOT_FOUND,
        layout::page(
            "Not found",
            html! {
                h1 { "Not found" }
                p { "Nothing lives at " code { (uri.path()) } ". Try the search box above, or " a href="/" { "the start page" } "." }
            },
        ),
    )
}
