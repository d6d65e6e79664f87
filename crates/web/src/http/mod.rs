//! What every route shares, as middleware: caching and content coding
//! ([`cache`]), logs and metrics ([`observe`]), load shedding and
//! timeouts ([`overload`]), read-your-writes across nodes
//! ([`consistency`]), and the security headers.

pub mod cache;
pub mod consistency;
pub mod encoding;
pub mod observe;

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// Load shedding and timeouts for renders: an overloaded server answers
/// 503 with `Retry-After` at once instead of queueing without bound.
///
/// Only work that renders passes the gate: cache misses, answers too
/// large to keep, and methods other than GET. A cache hit is answered on
/// the async worker in microseconds and never waits, so a burst of slow
/// renders cannot stall pages already rendered, and hits do not pay for a
/// semaphore and a timer (a tenth of cache-hit throughput when measured).
/// `/healthz`, `/metrics` and static assets do not pass it either: a
/// health check must answer while the server sheds renders.
pub mod overload {
    use std::future::Future;
    use std::time::Duration;

    use axum::response::{IntoResponse, Response};
    use locus_mcp::{Gate, Shed};

    use crate::error::{ApiError, ErrorCode};

    /// Renders at once; more get 503. Renders run on the blocking pool,
    /// so this bounds what queues there.
    pub const MAX_RENDERS: usize = 512;
    /// Longest a render may take; a whole-network export of the full
    /// human store takes about a second.
    pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

    /// The gate renders pass: the same semaphore and timer as MCP tool
    /// calls (`locus_mcp::Gate`), answering the API's 503s.
    pub struct Renders(Gate);

    impl Default for Renders {
        fn default() -> Self {
            Renders::new(MAX_RENDERS, REQUEST_TIMEOUT)
        }
    }

    impl Renders {
        /// At most `limit` renders at once, each for at most `timeout`.
        pub fn new(limit: usize, timeout: Duration) -> Self {
            Renders(Gate::new(limit, timeout))
        }

        /// Runs `render` if a slot is free and it finishes in time;
        /// otherwise the API's 503.
        pub async fn run(&self, render: impl Future<Output = Response>) -> Response {
            match self.0.run(render).await {
                Ok(response) => response,
                Err(Shed::Busy) => shed(),
                Err(Shed::TooSlow) => too_slow(),
            }
        }
    }

    /// The answer when every render slot is taken.
    pub fn shed() -> Response {
        ApiError::new(
            ErrorCode::Overloaded,
            "the server is answering as many requests as it can; retry shortly",
        )
        .into_response()
    }

    /// The answer when a render took too long.
    pub fn too_slow() -> Response {
        ApiError::new(ErrorCode::Timeout, "the request took too long; try again").into_response()
    }

    #[cfg(test)]
    mod tests {
        use std::time::Duration;

        use axum::http::{header, StatusCode};
        use axum::response::{IntoResponse, Response};

        use super::Renders;

        fn ok() -> Response {
            StatusCode::OK.into_response()
        }

        /// With every slot taken a render is refused at once with 503 and
        /// `Retry-After`; when the slot frees, renders run again.
        #[tokio::test]
        async fn a_full_gate_sheds_with_retry_after() {
            let gate = std::sync::Arc::new(Renders::new(1, Duration::from_secs(30)));
            let (release, held) = tokio::sync::oneshot::channel::<()>();
            let (started_tx, started) = tokio::sync::oneshot::channel::<()>();
            let holder = gate.clone();
            let slow = tokio::spawn(async move {
                holder
                    .run(async move {
                        let _ = started_tx.send(());
                        let _ = held.await;
                        ok()
                    })
                    .await
            });
            started.await.expect("the first render started");
            let shed = gate.run(async { ok() }).await;
            assert_eq!(shed.status(), StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(shed.headers()[header::RETRY_AFTER], "1");
            let _ = release.send(());
            assert_eq!(slow.await.expect("joined").status(), StatusCode::OK);
            assert_eq!(gate.run(async { ok() }).await.status(), StatusCode::OK);
        }

        /// A render past the timeout is answered 503 and its slot freed.
        #[tokio::test(start_paused = true)]
        async fn a_slow_render_times_out() {
            let gate = Renders::new(1, Duration::from_secs(30));
            let res = gate
                .run(async {
                    tokio::time::sleep(Duration::from_secs(31)).await;
                    ok()
                })
                .await;
            assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(gate.run(async { ok() }).await.status(), StatusCode::OK);
        }
    }
}

/// Every route's middleware as one layer: logs and metrics, around the
/// security headers, around the cache. One `from_fn` rather than three:
/// axum clones and boxes the inner service for each `from_fn` layer on
/// every request.
pub async fn layer(
    State(state): State<Arc<cache::CacheLayer>>,
    req: Request,
    next: Next,
) -> Response {
    let observed = state.metrics.start(&req);
    let embed = is_embed(req.uri());
    let ticket = consistency::before(&state.kb, &req);
    let mut res = cache::serve(&state, req, next).await;
    ticket.after(&state.kb, &mut res, state.secure_cookies);
    security_headers(res.headers_mut(), embed);
    observed.finish(&res);
    res
}

/// A wiki article's embed view (`/wiki/…?embed=1`): the one response
/// other sites may put in a frame.
fn is_embed(uri: &axum::http::Uri) -> bool {
    uri.path().starts_with("/wiki/")
        && uri
            .query()
            .is_some_and(|q| q.split('&').any(|p| p == "embed=1"))
}

/// Headers every response carries: no MIME sniffing, a content security
/// policy that allows only this server's own scripts and styles, no
/// referrer to other sites, and no framing by other sites (except the
/// embed view of an article).
fn security_headers(h: &mut HeaderMap, embed: bool) {
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if embed {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors *"),
        );
    } else {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'self'"),
        );
        h.insert(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("SAMEORIGIN"),
        );
    }
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
}
