//! [`TokenStore`] for [`SqlStore`]: each change is one transaction with its audit entry.

use async_trait::async_trait;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;
use vigie_domain::{Role, Scope};

use crate::sql::{SqlStore, audit_action, corrupt, parse_rfc3339, rfc3339};
use crate::tokens::{ApiToken, MAX_TOKEN_NAME, NewToken, TokenStore};
use crate::{Actor, Result, StoreError};

const COLUMNS: &str =
    "id, name, role, scopes, created_by, created_at, expires_at, revoked_at, revoked_by, last_used_at";

fn token_from_row(r: &AnyRow) -> Result<ApiToken> {
    let role: String = r.try_get("role")?;
    let scopes: String = r.try_get("scopes")?;
    let time = |col: &str| -> Result<Option<OffsetDateTime>> {
        let v: Option<String> = r.try_get(col)?;
        v.as_deref().map(parse_rfc3339).transpose()
    };
    Ok(ApiToken {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        role: Role::parse(&role).map_err(|e| corrupt("api_tokens.role", e))?,
        scopes: scopes
            .split_whitespace()
            .map(|s| Scope::parse(s).ok_or_else(|| corrupt("api_tokens.scopes", s)))
            .collect::<Result<_>>()?,
        created_by: r.try_get("created_by")?,
        created_at: parse_rfc3339(&r.try_get::<String, _>("created_at")?)?,
        expires_at: parse_rfc3339(&r.try_get::<String, _>("expires_at")?)?,
        revoked_at: time("revoked_at")?,
        revoked_by: r.try_get("revoked_by")?,
        last_used_at: time("last_used_at")?,
    })
}

fn check(t: &NewToken, at: OffsetDateTime) -> Result<()> {
    let name = t.name.trim();
    if name.is_empty() || name.chars().count() > MAX_TOKEN_NAME || name.chars().any(char::is_control) {
        return Err(StoreError::Refused(format!(
            "a token's name has 1 to {MAX_TOKEN_NAME} characters, none of them a control character"
        )));
    }
    if t.scopes.is_empty() {
        return Err(StoreError::Refused("a token needs at least one scope".into()));
    }
    if let Some(s) = t.scopes.iter().find(|s| !s.fits(t.role)) {
        return Err(StoreError::Refused(format!(
            "the role {} may not read what the scope {s} reads",
            t.role
        )));
    }
    if t.expires_at <= at {
        return Err(StoreError::Refused("a token must expire after it is made".into()));
    }
    if t.secret_hash.len() != 64 || !t.secret_hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(StoreError::Refused("not a SHA-256".into()));
    }
    Ok(())
}

async fn token_by_id(conn: &mut sqlx::AnyConnection, id: i64) -> Result<Option<ApiToken>> {
    let sql = format!("SELECT {COLUMNS} FROM api_tokens WHERE id = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(token_from_row)
        .transpose()
}

#[async_trait]
impl TokenStore for SqlStore {
    async fn create_token(&self, t: &NewToken, actor: &Actor, at: OffsetDateTime) -> Result<ApiToken> {
        check(t, at)?;
        let mut scopes = t.scopes.clone();
        scopes.sort();
        scopes.dedup();
        let codes: Vec<&str> = scopes.iter().map(|s| s.code()).collect();
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_tokens (name, role, scopes, secret_hash, created_by, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(t.name.trim())
        .bind(t.role.code())
        .bind(codes.join(" "))
        .bind(t.secret_hash.to_ascii_lowercase())
        .bind(&actor.name)
        .bind(rfc3339(at))
        .bind(rfc3339(t.expires_at))
        .fetch_one(&mut *tx)
        .await?;
        audit_action(
            &mut tx,
            actor,
            at,
            "token.create",
            serde_json::json!({
                "token": id, "name": t.name.trim(), "role": t.role.code(), "scopes": codes,
                "expires_at": rfc3339(t.expires_at),
            }),
        )
        .await?;
        let token = token_by_id(&mut tx, id)
            .await?
            .ok_or_else(|| corrupt("api_tokens", "the new token is gone"))?;
        tx.commit().await?;
        Ok(token)
    }

    async fn tokens(&self) -> Result<Vec<ApiToken>> {
        let sql = format!("SELECT {COLUMNS} FROM api_tokens ORDER BY id DESC");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.reader)
            .await?
            .iter()
            .map(token_from_row)
            .collect()
    }

    async fn token_by_hash(&self, secret_hash: &str) -> Result<Option<ApiToken>> {
        let sql = format!("SELECT {COLUMNS} FROM api_tokens WHERE secret_hash = $1");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(secret_hash.to_ascii_lowercase())
            .fetch_optional(&self.reader)
            .await?
            .as_ref()
            .map(token_from_row)
            .transpose()
    }

    async fn revoke_token(&self, id: i64, actor: &Actor, at: OffsetDateTime) -> Result<ApiToken> {
        let mut tx = self.begin().await?;
        let Some(token) = token_by_id(&mut tx, id).await? else {
            return Err(StoreError::NotFound(format!("token {id}")));
        };
        if token.revoked_at.is_some() {
            return Err(StoreError::Conflict(format!("token {id} is already revoked")));
        }
        sqlx::query("UPDATE api_tokens SET revoked_at = $1, revoked_by = $2 WHERE id = $3")
            .bind(rfc3339(at))
            .bind(&actor.name)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        audit_action(
            &mut tx,
            actor,
            at,
            "token.revoke",
            serde_json::json!({ "token": id, "name": token.name }),
        )
        .await?;
        let token = token_by_id(&mut tx, id)
            .await?
            .ok_or_else(|| corrupt("api_tokens", "the revoked token is gone"))?;
        tx.commit().await?;
        Ok(token)
    }

    async fn record_token_use(
        &self,
        id: i64,
        path: &str,
        outcome: &str,
        addr: &str,
        at: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let updated = sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(rfc3339(at))
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if updated == 0 {
            return Err(StoreError::NotFound(format!("token {id}")));
        }
        // The path as asked, bounded: the audit log is no place for a client's whole query string.
        let path: String = path.chars().take(300).collect();
        audit_action(
            &mut tx,
            &Actor::new(format!("token-{id}"), addr),
            at,
            "api.token",
            serde_json::json!({ "token": id, "path": path, "outcome": outcome }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
