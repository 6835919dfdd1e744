//! Sessions, sign-in state, CSRF tokens and passwords.
//!
//! A session token is 32 random bytes sent in a `Secure; HttpOnly; SameSite=Strict` cookie; the store keeps only
//! its SHA-256. Each session has its own CSRF token (synchronizer token) that every state-changing form carries
//! in the hidden field `csrf`. Sessions expire after an idle time and, however used, after a lifetime (12 hours);
//! the token changes at sign-in.
//!
//! Machine clients of the open API (`/api/v1/...`, and only there) send `Authorization: Bearer vigie_…` instead:
//! a machine token made by the administrator, acting as a role with some of its read rights (scopes). Only the
//! token's SHA-256 is stored; every use is audited (`api.token`); a revoked, expired or unknown token gets 401, a
//! token without the route's scope 403, and an address that sent too many bad tokens 429 (the sign-in throttle's
//! count). No cookie is read or set for a bearer request, so it needs no CSRF token (and the API only reads).

use std::net::SocketAddr;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Argon2, password_hash};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;
use sha2::{Digest, Sha256};
use vigie_domain::policy::{self, Action};
use vigie_domain::{Role, Scope, User, Username};
use vigie_store::{Actor, Session, TokenState};

use crate::AppState;
use crate::error::AppError;
use crate::i18n::Lang;

pub const SESSION_COOKIE: &str = "vigie_session";
pub const LANG_COOKIE: &str = "vigie_lang";

/// A new random token (256 bits, base64url).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::fill(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What every machine token starts with, so that a leaked one is recognised (secret scanners, logs).
pub const TOKEN_PREFIX: &str = "vigie_";

/// A new machine token's secret: `vigie_` and 32 random bytes in base64url.
pub fn new_api_token() -> String {
    format!("{TOKEN_PREFIX}{}", new_token())
}

/// The name under which bad bearer tokens are counted with the failed sign-ins (not a valid user name, so it
/// never counts against a user; the address's count is the one that throttles).
const BAD_TOKEN_NAME: &str = "(api token)";

/// The scope a route of the open API needs of a bearer token; set on each route by `pages::api::routes`, so a
/// route without one refuses every token.
#[derive(Debug, Clone, Copy)]
pub struct RouteScope(pub Scope);

/// The secret of an `Authorization: Bearer` header.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The SHA-256 (hex) under which a session token is stored.
pub fn token_hash(token: &str) -> String {
    vigie_store::audit::hex(&Sha256::digest(token.as_bytes()))
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Hashes a password with Argon2id (default parameters: 19 MiB, 2 passes).
pub fn hash_password(password: &str) -> Result<String, password_hash::Error> {
    let mut salt = [0u8; 16];
    rand::fill(&mut salt);
    let salt = SaltString::encode_b64(&salt)?;
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// Whether the password matches the stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// The longest password accepted (ASVS 2.1.2: at least 64 allowed, more than 128 refused; Argon2 hashes whatever
/// length, the limit bounds the work a request can ask for).
pub const MAX_PASSWORD_CHARS: usize = 128;

/// The rules a new password must follow: 12 to 128 characters, any characters (no composition rules, nothing
/// truncated). Returns the Fluent key of the problem.
pub fn password_problem(password: &str) -> Option<&'static str> {
    let n = password.chars().count();
    if n < 12 {
        Some("password-too-short")
    } else if n > MAX_PASSWORD_CHARS {
        Some("password-too-long")
    } else {
        None
    }
}

/// A cookie value from the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The `Set-Cookie` value for a session token.
pub fn session_cookie(token: &str) -> String {
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; Secure; SameSite=Strict")
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0")
}

/// What every page knows about the request: language, session (if any, and not expired), path and address.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub lang: Lang,
    pub session: Option<Session>,
    /// The path and query of the request, for redirects back after sign-in.
    pub path: String,
    pub addr: String,
    /// The actions the administrator granted to the signed-in user's role (see `policy::allowed_with`).
    pub grants: Vec<Action>,
}

impl Ctx {
    pub fn user(&self) -> Option<&User> {
        self.session
            .as_ref()
            .and_then(|s| s.user.as_ref())
            .map(|(_, u)| u)
    }
    pub fn csrf(&self) -> &str {
        self.session.as_ref().map(|s| s.csrf.as_str()).unwrap_or("")
    }
    /// Refuses the request unless `token` is this session's CSRF token.
    pub fn check_csrf(&self, token: &str) -> Result<(), AppError> {
        match &self.session {
            Some(s) if !token.is_empty() && constant_time_eq(&s.csrf, token) => Ok(()),
            _ => Err(AppError::csrf(self.lang)),
        }
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let (lang, addr, path) = request_facts(parts);
        let mut session = None;
        if let Some(token) = cookie(&parts.headers, SESSION_COOKIE) {
            let hash = token_hash(token);
            if let Some(s) = state.store.session(&hash).await? {
                let now = state.clock.now();
                let idle = now - s.last_seen;
                let inactive_user = s.user.as_ref().is_some_and(|(_, u)| !u.active);
                let age = now - s.created_at;
                if idle > state.config.idle_timeout || age > state.config.session_lifetime || inactive_user {
                    state.store.delete_session(&hash).await?;
                } else {
                    if idle > time::Duration::seconds(30) {
                        state.store.touch_session(&hash, now).await?;
                    }
                    session = Some(s);
                }
            }
        }
        let grants = match session.as_ref().and_then(|s| s.user.as_ref()) {
            Some((_, u)) => state.store.granted_to(u.role).await?,
            None => Vec::new(),
        };
        Ok(Ctx {
            lang,
            session,
            path,
            addr,
            grants,
        })
    }
}

/// The language, the address and the path and query of a request.
fn request_facts(parts: &Parts) -> (Lang, String, String) {
    let lang = cookie(&parts.headers, LANG_COOKIE)
        .and_then(Lang::parse)
        .filter(|l| l.in_app())
        .or_else(|| {
            parts
                .headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or(Lang::En);
    let addr = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ci| ci.0.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned());
    let path = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "/".to_owned());
    (lang, addr, path)
}

/// A signed-in user, or a machine token acting as a role (on `/api/v1/...` only). Extracting it from a request
/// without a valid session redirects to `/login` (401 under `/api/`).
#[derive(Debug, Clone)]
pub struct Authed {
    pub ctx: Ctx,
    pub user: User,
    /// The machine token's id and scopes when the request came with one.
    pub token: Option<(i64, Vec<Scope>)>,
}

impl Authed {
    /// Asks the access policy; refuses with 403 when the role may not. A refusal is logged (who, what, where
    /// from), so that probing shows in the logs (ASVS 7.2.2).
    pub fn require(&self, action: Action) -> Result<(), AppError> {
        if self.may(action) {
            Ok(())
        } else {
            tracing::warn!(
                user = %self.user.username,
                role = %self.user.role,
                action = ?action,
                path = %self.ctx.path,
                addr = %self.ctx.addr,
                "access refused by the policy"
            );
            Err(AppError::forbidden(self.ctx.lang))
        }
    }
    /// Whether the policy allows the action to the role, and, for a machine token, whether one of its scopes
    /// reads with it: a token has its role's rights narrowed to its scopes, never more.
    pub fn may(&self, action: Action) -> bool {
        policy::allowed_with(self.user.role, action, &self.ctx.grants)
            && self
                .token
                .as_ref()
                .is_none_or(|(_, scopes)| scopes.iter().any(|s| s.actions().contains(&action)))
    }
    pub fn role(&self) -> Role {
        self.user.role
    }
    /// The user as the store's need-to-know checks see them.
    pub fn viewer(&self) -> vigie_store::Viewer {
        vigie_store::Viewer::new(self.user.clone(), self.ctx.addr.clone())
    }
    pub fn actor(&self) -> Actor {
        Actor::new(self.user.username.to_string(), self.ctx.addr.clone())
    }
}

/// Where an anonymous visitor is sent.
pub struct ToLogin(String);

impl IntoResponse for ToLogin {
    fn into_response(self) -> Response {
        Redirect::to(&format!("/login?next={}", percent_encode(&self.0))).into_response()
    }
}

/// Why an [`Authed`] could not be had.
pub enum AuthRejection {
    Login(ToLogin),
    Error(AppError),
}

impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        match self {
            AuthRejection::Login(l) => l.into_response(),
            AuthRejection::Error(e) => e.into_response(),
        }
    }
}

impl FromRequestParts<AppState> for Authed {
    type Rejection = AuthRejection;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if parts.uri.path().starts_with("/api/v1/")
            && let Some(secret) = bearer(&parts.headers)
        {
            let secret = secret.to_owned();
            return token_auth(parts, state, &secret)
                .await
                .map_err(AuthRejection::Error);
        }
        let ctx = Ctx::from_request_parts(parts, state)
            .await
            .map_err(AuthRejection::Error)?;
        match ctx.user().cloned() {
            Some(user) => Ok(Authed {
                ctx,
                user,
                token: None,
            }),
            None => {
                // A JSON client gets 401, a browser the sign-in page.
                if ctx.path.starts_with("/api/") {
                    Err(AuthRejection::Error(AppError::unauthorized(ctx.lang)))
                } else {
                    Err(AuthRejection::Login(ToLogin(ctx.path)))
                }
            }
        }
    }
}

/// Authenticates a machine token on an `/api/v1` route: known, neither revoked nor expired, with the route's
/// scope. Every use of a known token is audited (`api.token`, with the outcome); bad tokens count against the
/// address as failed sign-ins do, and an address over the limit gets 429 before its token is even looked up.
async fn token_auth(parts: &Parts, state: &AppState, secret: &str) -> Result<Authed, AppError> {
    let (lang, addr, path) = request_facts(parts);
    let now = state.clock.now();
    let since = now - state.config.throttle_window;
    let (_, from_addr) = state.store.login_failures(BAD_TOKEN_NAME, &addr, since).await?;
    if from_addr >= state.config.throttle_failures {
        tracing::warn!(addr = %addr, path = %path, "bearer tokens throttled");
        return Err(AppError::too_many(lang));
    }
    let token = match secret.strip_prefix(TOKEN_PREFIX) {
        Some(rest) if !rest.is_empty() && secret.len() <= 200 => {
            state.store.token_by_hash(&token_hash(secret)).await?
        }
        _ => None,
    };
    let Some(token) = token else {
        tracing::warn!(addr = %addr, path = %path, "unknown bearer token");
        state
            .store
            .record_login_failure(BAD_TOKEN_NAME, &addr, now)
            .await?;
        return Err(AppError::unauthorized(lang));
    };
    let refused = match token.state(now) {
        TokenState::Revoked => Some(("revoked", AppError::unauthorized(lang))),
        TokenState::Expired => Some(("expired", AppError::unauthorized(lang))),
        TokenState::Active => match parts.extensions.get::<RouteScope>() {
            Some(RouteScope(s)) if token.scopes.contains(s) => None,
            _ => Some(("no scope", AppError::forbidden(lang))),
        },
    };
    if let Some((why, err)) = refused {
        tracing::warn!(token = token.id, addr = %addr, path = %path, why, "bearer token refused");
        if err.status == axum::http::StatusCode::UNAUTHORIZED {
            state
                .store
                .record_login_failure(BAD_TOKEN_NAME, &addr, now)
                .await?;
        }
        state
            .store
            .record_token_use(token.id, &path, why, &addr, now)
            .await?;
        return Err(err);
    }
    state
        .store
        .record_token_use(token.id, &path, "ok", &addr, now)
        .await?;
    let username = Username::parse(&token.actor_name()).map_err(|_| AppError::internal(lang))?;
    Ok(Authed {
        ctx: Ctx {
            lang,
            session: None,
            path,
            addr,
            grants: Vec::new(),
        },
        user: User {
            username,
            role: token.role,
            agency: None,
            active: true,
        },
        token: Some((token.id, token.scopes)),
    })
}

/// Percent-encodes everything but unreserved characters.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A safe place to go back to: a local path, never another site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".to_owned(),
    }
}

/// Where to go after signing in: a safe local path, but never back to the sign-in page itself.
pub fn after_login(next: Option<&str>) -> String {
    let n = safe_next(next);
    if n.starts_with("/login") {
        "/".to_owned()
    } else {
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("wrong", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn passwords_of_12_to_128_characters_of_any_kind_are_accepted() {
        assert_eq!(password_problem("eleven char"), Some("password-too-short"));
        assert_eq!(password_problem("twelve chars"), None);
        // Spaces, accents, other scripts and emoji count as one character each; nothing is required or refused.
        assert_eq!(password_problem("  mot de passe é  "), None);
        assert_eq!(password_problem("كلمة المرور الطويلة"), None);
        assert_eq!(password_problem("🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑"), None);
        assert_eq!(password_problem(&"x".repeat(64)), None);
        assert_eq!(password_problem(&"é".repeat(128)), None);
        assert_eq!(password_problem(&"x".repeat(129)), Some("password-too-long"));
        // No truncation: a long password differs from its prefix.
        let long = format!("{}{}", "a".repeat(100), "b");
        let h = hash_password(&long).unwrap();
        assert!(verify_password(&long, &h));
        assert!(!verify_password(&"a".repeat(100), &h));
    }

    #[test]
    fn next_is_always_local() {
        assert_eq!(safe_next(Some("/areas?x=1")), "/areas?x=1");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
        assert_eq!(safe_next(Some("/login")), "/login");
        assert_eq!(after_login(Some("/login?next=/")), "/");
        assert_eq!(after_login(Some("/areas")), "/areas");
    }

    #[test]
    fn tokens_are_random_and_compared_in_constant_time() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert!(constant_time_eq(&a, &a.clone()));
        assert!(!constant_time_eq(&a, &b));
        assert!(!constant_time_eq("a", "ab"));
    }

    #[test]
    fn bearer_tokens_are_read_from_the_authorization_header() {
        let mut h = HeaderMap::new();
        assert_eq!(bearer(&h), None);
        h.insert(header::AUTHORIZATION, "Bearer vigie_abc".parse().unwrap());
        assert_eq!(bearer(&h), Some("vigie_abc"));
        h.insert(header::AUTHORIZATION, "bearer  vigie_abc ".parse().unwrap());
        assert_eq!(bearer(&h), Some("vigie_abc"));
        h.insert(header::AUTHORIZATION, "Basic YTpi".parse().unwrap());
        assert_eq!(bearer(&h), None);
        let t = new_api_token();
        assert!(t.starts_with("vigie_") && t.len() == 6 + 43);
    }

    #[test]
    fn cookies_are_read() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, "a=1; vigie_session=xyz; b=2".parse().unwrap());
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("xyz"));
        assert_eq!(cookie(&h, "c"), None);
    }
}
