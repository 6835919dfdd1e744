//! Machine tokens for the open API: an administrator makes a token for a machine client (a name, the role it acts
//! as, its scopes, an expiry); the secret is shown once and only its SHA-256 is kept; tokens are listed (never the
//! secret) and revoked. Creation and revocation are audited (`token.create`, `token.revoke`), and so is every use
//! ([`TokenStore::record_token_use`], `api.token` with the token's id and the path).
//!
//! Who may make and revoke tokens is the caller's question (the administrator: `Action::ManageUsers`), as for user
//! accounts; which scopes a role may carry is the domain's ([`vigie_domain::Scope::fits`]), checked here too.

use async_trait::async_trait;
use serde::Serialize;
use time::OffsetDateTime;
use vigie_domain::{Role, Scope};

use crate::{Actor, Result};

/// The longest token name.
pub const MAX_TOKEN_NAME: usize = 100;

/// A token to make. `secret_hash` is the SHA-256 (hex) of the secret; the store never sees the secret.
#[derive(Debug, Clone)]
pub struct NewToken {
    pub name: String,
    pub role: Role,
    pub scopes: Vec<Scope>,
    pub secret_hash: String,
    pub expires_at: OffsetDateTime,
}

/// A token as stored (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub role: Role,
    #[serde(serialize_with = "scope_codes")]
    pub scopes: Vec<Scope>,
    pub created_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
    pub revoked_by: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_used_at: Option<OffsetDateTime>,
}

fn scope_codes<S: serde::Serializer>(scopes: &[Scope], s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_seq(scopes.iter().map(|x| x.code()))
}

/// Why a token is not accepted now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenState {
    Active,
    Revoked,
    Expired,
}

impl ApiToken {
    /// Whether the token may be used at `now`.
    pub fn state(&self, now: OffsetDateTime) -> TokenState {
        if self.revoked_at.is_some() {
            TokenState::Revoked
        } else if now >= self.expires_at {
            TokenState::Expired
        } else {
            TokenState::Active
        }
    }
    /// The user name the token acts under in the audit log and the store's need-to-know checks (`token-ID`).
    pub fn actor_name(&self) -> String {
        format!("token-{}", self.id)
    }
}

/// Machine tokens.
#[async_trait]
pub trait TokenStore: Send + Sync {
    /// Makes a token (audited `token.create`, without the secret). Refused: an empty or too long name, no scope,
    /// a scope the role may not carry, an expiry not after `at`, a hash that is not a SHA-256.
    async fn create_token(&self, t: &NewToken, actor: &Actor, at: OffsetDateTime) -> Result<ApiToken>;
    /// Every token, newest first.
    async fn tokens(&self) -> Result<Vec<ApiToken>>;
    /// The token whose secret has this SHA-256 (hex), revoked or expired ones included.
    async fn token_by_hash(&self, secret_hash: &str) -> Result<Option<ApiToken>>;
    /// Revokes a token (audited `token.revoke`): `NotFound` when there is none, `Conflict` when already revoked.
    async fn revoke_token(&self, id: i64, actor: &Actor, at: OffsetDateTime) -> Result<ApiToken>;
    /// Records one use of a token: its last use, and the audit entry `api.token` with the token's id, the path
    /// and the result (`ok`, or why it was refused).
    async fn record_token_use(
        &self,
        id: i64,
        path: &str,
        outcome: &str,
        addr: &str,
        at: OffsetDateTime,
    ) -> Result<()>;
}
