//! The stylesheet, the page script and the vendored Cytoscape.js, served
//! from the binary at content-hashed URLs (`/static/locus.3f2a9c1e.css`):
//! browsers keep them for a year without asking, and a new build's URLs
//! differ, so nobody sees a stale stylesheet.

use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::{HeaderMap, Method};
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, ErrorCode};
use crate::http::cache::Asset;

const CSS: &str = include_str!("../assets/locus.css");
const JS: &str = include_str!("../assets/locus.js");
/// Cytoscape.js, vendored from npm by `scripts/vendor-cytoscape.sh` (MIT;
/// the licence is the file's opening comment and `vendor/cytoscape.LICENSE`).
const CYTOSCAPE: &str = include_str!("../assets/vendor/cytoscape.min.js");

/// The assets, each with its hashed URL.
pub struct Assets {
    /// `locus.css`.
    pub css: Asset,
    /// `locus.js`.
    pub js: Asset,
    /// `cytoscape.min.js`.
    pub cytoscape: Asset,
}

/// The assets of this build.
pub fn assets() -> &'static Assets {
    static ASSETS: OnceLock<Assets> = OnceLock::new();
    ASSETS.get_or_init(|| Assets {
        css: Asset::new("locus.css", "text/css; charset=utf-8", CSS.as_bytes()),
        js: Asset::new("locus.js", "text/javascript; charset=utf-8", JS.as_bytes()),
        cytoscape: Asset::new(
            "cytoscape.min.js",
            "text/javascript; charset=utf-8",
            CYTOSCAPE.as_bytes(),
        ),
    })
}

/// `/static/{file}`.
pub async fn file(Path(file): Path<String>, method: Method, headers: HeaderMap) -> Response {
    let a = assets();
    let path = format!("/static/{file}");
    for asset in [&a.css, &a.js, &a.cytoscape] {
        if asset.url == path {
            return asset.respond(&headers, method == Method::HEAD).await;
        }
    }
    ApiError::new(
        ErrorCode::NotFound,
        format!("no asset {file:?} in this build"),
    )
    .into_response()
}
