//! HTML pages, rendered with maud (escaping is the default, so no
//! imported text can inject markup).

pub mod assets;
pub mod gene;
pub mod home;
pub(crate) mod layout;
pub mod network;
pub mod publication;
pub mod search;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

pub async fn not_found_fallback(uri: axum::http::Uri) -> Response {
    let body = layout::page(
        "Not found",
        maud::html! {
            h1 { "Not found" }
            p { "Nothing lives at " code { (uri.path()) } ". Try the search box above, or " a href="/" { "the start page" } "." }
        },
    );
    (StatusCode::NOT_FOUND, Html(body.into_string())).into_response()
}
