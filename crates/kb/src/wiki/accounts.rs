//! Accounts, passwords, browser sessions and API tokens.
//!
//! Passwords are hashed with argon2id (the `argon2` crate's defaults:
//! 19 MiB, 2 passes, OWASP's recommendation) and stored as PHC strings.
//! Session cookies and API tokens are 256-bit random secrets; the store
//! keeps only their SHA-256, so a copy of the store (a backup) lets no
//! one in. A secret is shown once, when it is made.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use locus_model::{Role, TokenScope, UserId};
use locus_store::wiki::{Account, ApiToken, NewToken, Session};
use sha2::{Digest, Sha256};

use crate::{Error, KnowledgeBase, Result};

/// How long a browser session lasts.
pub const SESSION_SECONDS: i64 = 14 * 24 * 3600;

/// Longest account name, in characters.
pub const MAX_NAME_CHARS: usize = 64;

/// Longest password accepted, in bytes: argon2 hashes anything, but a
/// megabyte "password" is a way to make the server work.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// Why a login failed. Deliberately one message for "no such account"
/// and "wrong password", so a login form does not reveal who has an
/// account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginFailure {
    /// Unknown name or wrong password.
    BadCredentials,
    /// The account is blocked.
    Blocked,
}

/// A new session: the cookie value (shown to the browser once) and the
/// token its forms must carry.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// The cookie's value.
    pub cookie: String,
    /// The CSRF token.
    pub csrf: String,
    /// When it ends (Unix seconds).
    pub expires: i64,
}

/// 256 random bits as 64 hex digits.
pub fn random_secret() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| Error::Invalid(format!("no randomness: {e}")))?;
    Ok(crate::hex(&bytes))
}

/// The SHA-256 of a secret, as stored.
pub fn secret_hash(secret: &str) -> String {
    crate::hex(&Sha256::digest(secret.as_bytes()))
}

/// The current time in Unix seconds.
pub fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Checks an account name: 1 to 64 characters, no control characters,
/// no leading or trailing space, none of the characters that would make
/// it look like an IP address or a path (`/`, `:`) — imported
/// contributors are named by IP, accounts never are.
pub fn check_name(name: &str) -> Result<()> {
    let chars = name.chars().count();
    if chars == 0 || chars > MAX_NAME_CHARS {
        return Err(Error::Invalid(format!(
            "an account name has 1 to {MAX_NAME_CHARS} characters"
        )));
    }
    if name.trim() != name
        || name
            .chars()
            .any(|c| c.is_control() || matches!(c, '/' | ':' | '<' | '>' | '"' | '&'))
    {
        return Err(Error::Invalid(
            "an account name has no control characters, no leading or trailing space and none of / : < > \" &"
                .into(),
        ));
    }
    if name.parse::<std::net::IpAddr>().is_ok() {
        return Err(Error::Invalid(
            "an account name cannot be an IP address".into(),
        ));
    }
    Ok(())
}

/// Hashes a password with argon2id.
pub fn hash_password(password: &str) -> Result<String> {
    if password.chars().count() < MIN_PASSWORD_CHARS || password.len() > MAX_PASSWORD_BYTES {
        return Err(Error::Invalid(format!(
            "a password has at least {MIN_PASSWORD_CHARS} characters and at most {MAX_PASSWORD_BYTES} bytes"
        )));
    }
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| Error::Invalid(format!("no randomness: {e}")))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| Error::Invalid(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Invalid(format!("cannot hash the password: {e}")))
}

/// Whether `password` matches a stored PHC hash.
fn verify_password(hash: &str, password: &str) -> bool {
    if password.len() > MAX_PASSWORD_BYTES {
        return false;
    }
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A well-formed argon2id hash of nothing anyone types, verified against
/// when the account does not exist, so a failed login takes as long
/// whether or not the name is taken.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$y4nN4YbZQ7Pr6l1Bq1O2mH6w3sT3b4rV1kqk9v0Qk8A";

impl KnowledgeBase {
    /// Creates an account (`locus user add`).
    pub fn add_user(&self, name: &str, role: Role, password: Option<&str>) -> Result<UserId> {
        check_name(name)?;
        let hash = password.map(hash_password).transpose()?;
        self.store
            .create_account(
                name,
                role,
                hash.as_deref(),
                &locus_store::import::now_rfc3339(),
            )?
            .ok_or_else(|| Error::Invalid(format!("an account named {name:?} exists")))
    }

    /// Every account, by name.
    pub fn accounts(&self) -> Result<Vec<Account>> {
        Ok(self.store.accounts()?)
    }

    /// The account of a name.
    pub fn user(&self, name: &str) -> Result<Option<Account>> {
        Ok(self.store.account_by_name(name)?)
    }

    /// Changes an account's role, block or password.
    pub fn update_user(
        &self,
        name: &str,
        role: Option<Role>,
        blocked: Option<bool>,
        password: Option<&str>,
    ) -> Result<Account> {
        let account = self
            .user(name)?
            .ok_or_else(|| Error::Invalid(format!("no account named {name:?}")))?;
        let hash = password.map(hash_password).transpose()?;
        self.store
            .update_account(account.id, role, blocked, hash.as_deref())?;
        self.user(name)?
            .ok_or_else(|| Error::Invalid(format!("no account named {name:?}")))
    }

    /// Checks a name and password; the account if they match.
    pub fn login(&self, name: &str, password: &str) -> Result<Result<Account, LoginFailure>> {
        let account = if name.chars().count() <= MAX_NAME_CHARS {
            self.store.account_by_name(name)?
        } else {
            None
        };
        let Some(account) = account else {
            verify_password(DUMMY_HASH, password);
            return Ok(Err(LoginFailure::BadCredentials));
        };
        let ok = account
            .password_hash
            .as_deref()
            .is_some_and(|h| verify_password(h, password));
        if !ok {
            return Ok(Err(LoginFailure::BadCredentials));
        }
        if account.blocked {
            return Ok(Err(LoginFailure::Blocked));
        }
        Ok(Ok(account))
    }

    /// Starts a browser session for an account that just logged in.
    pub fn start_session(&self, account: UserId) -> Result<NewSession> {
        let cookie = random_secret()?;
        let csrf = random_secret()?;
        let now = unix_now();
        let expires = now + SESSION_SECONDS;
        self.store
            .create_session(&secret_hash(&cookie), account, &csrf, expires)?;
        Ok(NewSession {
            cookie,
            csrf,
            expires,
        })
    }

    /// The live session of a cookie value.
    pub fn session(&self, cookie: &str) -> Result<Option<Session>> {
        if cookie.len() != 64 {
            return Ok(None);
        }
        Ok(self.store.session(&secret_hash(cookie), unix_now())?)
    }

    /// Ends a session (and any expired ones).
    pub fn end_session(&self, cookie: &str) -> Result<()> {
        Ok(self
            .store
            .delete_session(&secret_hash(cookie), unix_now())?)
    }

    /// Makes an API token for an account; returns the secret, which is
    /// never shown again, and its id.
    pub fn create_token(
        &self,
        name: &str,
        label: &str,
        lifetime_seconds: Option<i64>,
        scope: TokenScope,
    ) -> Result<(String, i64)> {
        let account = self
            .user(name)?
            .ok_or_else(|| Error::Invalid(format!("no account named {name:?}")))?;
        let secret = format!("locus_{}", random_secret()?);
        let expires = lifetime_seconds.map(|s| unix_now().saturating_add(s));
        let id = self.store.create_api_token(
            account.id,
            &NewToken {
                token_hash: &secret_hash(&secret),
                label,
                created: &locus_store::import::now_rfc3339(),
                expires,
                scope,
            },
        )?;
        Ok((secret, id))
    }

    /// The live token of a secret (`Authorization: Bearer …`).
    pub fn token(&self, secret: &str) -> Result<Option<ApiToken>> {
        if !secret.starts_with("locus_") || secret.len() != 70 {
            return Ok(None);
        }
        Ok(self.store.api_token(&secret_hash(secret), unix_now())?)
    }

    /// Revokes an account's token `id`, or all its tokens; how many.
    pub fn revoke_tokens(&self, name: &str, id: Option<i64>) -> Result<u64> {
        let account = self
            .user(name)?
            .ok_or_else(|| Error::Invalid(format!("no account named {name:?}")))?;
        Ok(self.store.revoke_api_tokens(account.id, id)?)
    }

    /// An account's tokens, newest first.
    pub fn tokens(&self, name: &str) -> Result<Vec<ApiToken>> {
        let account = self
            .user(name)?
            .ok_or_else(|| Error::Invalid(format!("no account named {name:?}")))?;
        Ok(self.store.api_tokens(account.id)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_password(&h, "correct horse battery"));
        assert!(!verify_password(&h, "correct horse battery!"));
        assert!(hash_password("short").is_err());
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
        assert!(!verify_password(DUMMY_HASH, "anything at all"));
    }

    #[test]
    fn names_are_checked() {
        assert!(check_name("alice").is_ok());
        assert!(check_name("Jane Doe").is_ok());
        assert!(check_name("").is_err());
        assert!(check_name(" alice").is_err());
        assert!(check_name("192.0.2.1").is_err());
        assert!(check_name("a/b").is_err());
        assert!(check_name("<script>").is_err());
        assert!(check_name(&"x".repeat(65)).is_err());
    }

    #[test]
    fn secrets_are_random_and_stored_hashed() {
        let a = random_secret().unwrap();
        let b = random_secret().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(secret_hash(&a).len(), 64);
        assert_ne!(secret_hash(&a), a);
    }
}
