//! Who is asking: browser sessions (a cookie, with a CSRF token on every
//! form), API tokens (`Authorization: Bearer`), and the login rate limit.
//!
//! The session cookie is `HttpOnly` (scripts cannot read it) and
//! `SameSite=Lax` (other sites' forms do not send it), `Secure` when the
//! server is told it sits behind HTTPS (`--secure-cookies`). Every form
//! that changes something carries the session's CSRF token and is refused
//! (403) without it. The login form, which has no session yet, is
//! protected by a double-submit token: a cookie and a field that must
//! match.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use locus_kb::wiki::edit::Editor;
use locus_store::wiki::Account;
use parking_lot::Mutex;

use crate::error::{blocking, ApiError, ErrorCode};
use crate::state::AppState;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "locus_session";
/// The login form's double-submit cookie.
pub const LOGIN_COOKIE: &str = "locus_login";

/// A cookie's value from the request's `Cookie` headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Whether the request carries a session cookie (its pages are personal
/// and bypass the shared cache).
pub fn has_session_cookie(headers: &HeaderMap) -> bool {
    cookie(headers, SESSION_COOKIE).is_some()
}

/// A `Set-Cookie` value for `name`, HttpOnly and SameSite=Lax.
pub fn set_cookie(name: &str, value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("locus_invalid=1; Max-Age=0"))
}

/// Compares two secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The logged-in account of a page request, if any.
#[derive(Debug, Clone)]
pub struct Viewer {
    /// The account.
    pub account: Account,
    /// The session's CSRF token, for forms.
    pub csrf: String,
}

/// The viewer of a page: `None` when nobody is logged in (or the cookie
/// is stale).
pub struct MaybeViewer(pub Option<Viewer>);

impl FromRequestParts<Arc<AppState>> for MaybeViewer {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, ApiError> {
        let Some(value) = cookie(&parts.headers, SESSION_COOKIE).map(str::to_string) else {
            return Ok(MaybeViewer(None));
        };
        let kb = state.kb.clone();
        let session = blocking(move || Ok(kb.session(&value)?)).await?;
        Ok(MaybeViewer(session.map(|s| Viewer {
            account: s.account,
            csrf: s.csrf,
        })))
    }
}

/// The account an API write acts for: from `Authorization: Bearer` with
/// a write token, else 401 (no token, or not a live one) or 403 (a read
/// token).
pub struct TokenAccount(pub Account);

impl FromRequestParts<Arc<AppState>> for TokenAccount {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, ApiError> {
        let secret = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|s| s.trim().to_string());
        let Some(secret) = secret else {
            return Err(ApiError::new(
                ErrorCode::Unauthorized,
                "writes need `Authorization: Bearer TOKEN` (make one with `locus token create NAME`)",
            ));
        };
        let kb = state.kb.clone();
        let token = blocking(move || Ok(kb.token(&secret)?)).await?;
        match token {
            Some(t) if t.scope < locus_model::TokenScope::Write => Err(ApiError::new(
                ErrorCode::Forbidden,
                "the token has read scope; writes need a write token (`locus token create NAME --scope write`)",
            )),
            Some(t) => Ok(TokenAccount(t.account)),
            None => Err(ApiError::new(
                ErrorCode::Unauthorized,
                "the token is unknown, expired or revoked",
            )),
        }
    }
}

/// The client's address (for rate limits and anonymous authorship);
/// `None` where the server runs without connection info (tests).
pub struct ClientIp(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

/// Who a page edit is by: the viewer's account, or (with open editing)
/// the anonymous client's address.
pub fn page_editor(state: &AppState, viewer: Option<&Viewer>, ip: &ClientIp) -> Option<Editor> {
    match viewer {
        Some(v) => Some(Editor::Account(v.account.clone())),
        None if state.config.open_editing => Some(Editor::Anonymous {
            ip: ip
                .0
                .map(|i| i.to_string())
                .unwrap_or_else(|| "unknown address".into()),
        }),
        None => None,
    }
}

/// Failed logins allowed per account, and per address, in [`WINDOW`].
const PER_ACCOUNT: usize = 5;
const PER_ADDRESS: usize = 20;
const WINDOW: Duration = Duration::from_secs(300);
/// Keys remembered at most; beyond, the oldest window is forgotten
/// wholesale rather than letting an attacker grow the map.
const MAX_KEYS: usize = 10_000;

/// Counts failed logins per account and per address.
#[derive(Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl LoginLimiter {
    fn recent(&self, key: &str, now: Instant) -> usize {
        let mut map = self.failures.lock();
        match map.get_mut(key) {
            Some(q) => {
                while q.front().is_some_and(|t| now.duration_since(*t) > WINDOW) {
                    q.pop_front();
                }
                q.len()
            }
            None => 0,
        }
    }

    /// Whether a login for `name` from `ip` may be tried now.
    pub fn allowed(&self, name: &str, ip: Option<std::net::IpAddr>) -> bool {
        let now = Instant::now();
        self.recent(&format!("n:{}", name.to_lowercase()), now) < PER_ACCOUNT
            && ip.is_none_or(|ip| self.recent(&format!("a:{ip}"), now) < PER_ADDRESS)
    }

    /// Records a failed login.
    pub fn failed(&self, name: &str, ip: Option<std::net::IpAddr>) {
        let now = Instant::now();
        let mut map = self.failures.lock();
        if map.len() > MAX_KEYS {
            map.clear();
        }
        map.entry(format!("n:{}", name.to_lowercase()))
            .or_default()
            .push_back(now);
        if let Some(ip) = ip {
            map.entry(format!("a:{ip}")).or_default().push_back(now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; locus_session=abc; b=2"),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&h, "c"), None);
        assert!(has_session_cookie(&h));
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
    }

    #[test]
    fn logins_are_limited_per_account_and_address() {
        let l = LoginLimiter::default();
        let ip = Some("192.0.2.7".parse().unwrap());
        for _ in 0..PER_ACCOUNT {
            assert!(l.allowed("Alice", ip));
            l.failed("Alice", ip);
        }
        assert!(!l.allowed("alice", None), "per account, ignoring case");
        assert!(l.allowed("bob", ip), "the address has failures left");
        for _ in 0..PER_ADDRESS {
            l.failed("someone", ip);
        }
        assert!(!l.allowed("carol", ip), "per address");
    }
}
