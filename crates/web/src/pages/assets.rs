use axum::http::header;
use axum::response::IntoResponse;

const CSS: &str = include_str!("../assets/locus.css");
const JS: &str = include_str!("../assets/locus.js");
/// Cytoscape.js, vendored from npm by `scripts/vendor-cytoscape.sh` (MIT;
/// the licence is the file's opening comment and `vendor/cytoscape.LICENSE`).
const CYTOSCAPE: &str = include_str!("../assets/vendor/cytoscape.min.js");

pub async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        CSS,
    )
}

pub async fn js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        JS,
    )
}

/// The graph library behind the gene page's knowledge-graph view. It changes
/// only when re-vendored, so browsers may keep it for a week; the URL is not
/// versioned, so it is not marked immutable.
pub async fn cytoscape() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=604800"),
        ],
        CYTOSCAPE,
    )
}
