//! Read-your-writes across nodes. With PostgreSQL read replicas, a page
//! read right after an edit could come from a replica that has not
//! replayed the edit yet, on this node or on another behind the same
//! load balancer. So a response to a write carries where the write ends
//! in the store's history (a cookie, `locus_read_after`), and every
//! request that brings it back makes its node read from servers that
//! have replayed that far (see `StoreBackend::read_after`). Once every
//! replica has it, the cookie is cleared.
//!
//! On stores without replicas (SQLite, one PostgreSQL server) no write
//! has a position and no cookie is ever set.

use axum::extract::Request;
use axum::http::{header, Method};
use axum::response::Response;
use locus_kb::KnowledgeBase;
use locus_store::WritePosition;

use crate::auth;

/// The cookie that carries a writer's newest write position.
pub const READ_AFTER_COOKIE: &str = "locus_read_after";

/// How long the cookie lives if no node clears it: far beyond any
/// replication lag a working cluster has.
const MAX_AGE_SECONDS: i64 = 600;

/// What one request brought and may change.
pub struct Ticket {
    /// The write position the client carried.
    carried: Option<WritePosition>,
    /// Whether the method may write.
    writes: bool,
}

/// Reads the client's write position and makes this node's reads reach it.
pub fn before(kb: &KnowledgeBase, req: &Request) -> Ticket {
    let carried = auth::cookie(req.headers(), READ_AFTER_COOKIE)
        .and_then(|v| v.parse::<WritePosition>().ok());
    if let Some(p) = carried {
        kb.read_after(p);
    }
    Ticket {
        carried,
        writes: !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS),
    }
}

impl Ticket {
    /// Hands a writer the position of the write, or clears a position
    /// every replica has reached.
    pub fn after(self, kb: &KnowledgeBase, res: &mut Response, secure: bool) {
        if self.writes {
            if let Some(p) = kb.write_position() {
                if self.carried.is_none_or(|c| p > c) {
                    let value = auth::set_cookie(
                        READ_AFTER_COOKIE,
                        &p.to_string(),
                        MAX_AGE_SECONDS,
                        secure,
                    );
                    res.headers_mut().append(header::SET_COOKIE, value);
                }
                return;
            }
        }
        if let Some(p) = self.carried {
            if kb.is_replicated(p) {
                let value = auth::set_cookie(READ_AFTER_COOKIE, "", 0, secure);
                res.headers_mut().append(header::SET_COOKIE, value);
            }
        }
    }
}
