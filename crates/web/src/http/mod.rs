//! What every route shares, as middleware: caching and content coding
//! ([`cache`]), logs and metrics ([`observe`]), load shedding and
//! timeouts ([`overload`]), and the security headers.

pub mod cache;
pub mod encoding;
pub mod observe;

use axum::http::{header, HeaderValue};
use axum::response::Response;

/// Load shedding and timeouts: an overloaded server answers 503 with
/// `Retry-After` at once instead of queueing without bound.
pub mod overload {
    use std::time::Duration;

    use axum::response::{IntoResponse, Response};
    use tower::BoxError;

    use crate::error::{ApiError, ErrorCode};

    /// Requests answered at once; more get 503. Cache hits take tens of
    /// microseconds, so this bounds the renders queued on the blocking
    /// pool, not throughput.
    pub const MAX_IN_FLIGHT: usize = 512;
    /// Longest a request may take; a whole-network export of the full
    /// human store takes about a second.
    pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

    /// Turns the limit and timeout layers' errors into the API's 503.
    pub async fn handle(err: BoxError) -> Response {
        if err.is::<tower::timeout::error::Elapsed>() {
            ApiError::new(ErrorCode::Timeout, "the request took too long; try again")
                .into_response()
        } else if err.is::<tower::load_shed::error::Overloaded>() {
            ApiError::new(
                ErrorCode::Overloaded,
                "the server is answering as many requests as it can; retry shortly",
            )
            .into_response()
        } else {
            ApiError::internal(err.to_string()).into_response()
        }
    }

    #[cfg(test)]
    mod tests {
        use axum::http::{header, StatusCode};

        /// Shed load and timeouts answer 503 with `Retry-After`, in the
        /// API's error body; anything else is a 500.
        #[tokio::test]
        async fn overload_and_timeout_are_503_with_retry_after() {
            let shed = super::handle(Box::new(tower::load_shed::error::Overloaded::new())).await;
            assert_eq!(shed.status(), StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(shed.headers()[header::RETRY_AFTER], "1");
            let slow = super::handle(Box::new(tower::timeout::error::Elapsed::new())).await;
            assert_eq!(slow.status(), StatusCode::SERVICE_UNAVAILABLE);
            let other = super::handle("boom".into()).await;
            assert_eq!(other.status(), StatusCode::INTERNAL_SERVER_ERROR);
        }
    }
}

/// Headers every response carries: no MIME sniffing, a content security
/// policy that allows only this server's own scripts and styles, no
/// referrer to other sites.
pub async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'self'"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    res
}
