//! [`NetworkStore`] for SQLite. Each method is one transaction: the role check (policy and grants), the read or
//! change and its audit entry commit together or not at all.

use async_trait::async_trait;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;
use vigie_domain::policy::{self, Action};
use vigie_domain::{Role, User};

use crate::cases::Viewer;
use crate::networks::{
    AreaPresenceRow, MAX_NETWORK_NAME, NetworkInfo, NetworkStore, NewNetwork, RoleGrant, StoredNetwork,
};
use crate::sql::{SqlStore, audit_action as audit, corrupt, parse_rfc3339, rfc3339};
use crate::{Actor, Result, StoreError};

macro_rules! info_columns {
    () => {
        "id, name, entities_file, links_file, sha256, entity_count, link_count, uploaded_by, uploaded_at"
    };
}

fn info_from_row(r: &AnyRow) -> Result<NetworkInfo> {
    let count = |col: &str| -> Result<u64> {
        let n: i64 = r.try_get(col)?;
        u64::try_from(n).map_err(|e| corrupt(col, e))
    };
    Ok(NetworkInfo {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        entities_file: r.try_get("entities_file")?,
        links_file: r.try_get("links_file")?,
        sha256: r.try_get("sha256")?,
        entity_count: count("entity_count")?,
        link_count: count("link_count")?,
        uploaded_by: r.try_get("uploaded_by")?,
        uploaded_at: parse_rfc3339(&r.try_get::<String, _>("uploaded_at")?)?,
    })
}

async fn grants_of(conn: &mut AnyConnection, role: Role) -> Result<Vec<Action>> {
    let codes: Vec<String> =
        sqlx::query_scalar("SELECT action FROM role_grants WHERE role = $1 ORDER BY action")
            .bind(role.code())
            .fetch_all(&mut *conn)
            .await?;
    codes
        .iter()
        .map(|c| Action::parse(c).ok_or_else(|| corrupt("role_grants.action", c)))
        .collect()
}

/// Refuses unless the user's role may view networks, by the policy or by a grant.
async fn require_networks(conn: &mut AnyConnection, user: &User) -> Result<()> {
    let granted = grants_of(conn, user.role).await?;
    if user.active && policy::allowed_with(user.role, Action::ViewNetworks, &granted) {
        Ok(())
    } else {
        Err(StoreError::Forbidden(format!(
            "the role {} may not view criminal networks",
            user.role
        )))
    }
}

fn to_i64(n: u64, what: &str) -> Result<i64> {
    i64::try_from(n).map_err(|_| StoreError::Refused(format!("{what}: {n} is too large")))
}

#[async_trait]
impl NetworkStore for SqlStore {
    async fn save_network(&self, v: &Viewer, n: &NewNetwork, at: OffsetDateTime) -> Result<i64> {
        let key = self.field_key()?;
        let name = n.name.trim();
        if name.is_empty() || name.chars().count() > MAX_NETWORK_NAME {
            return Err(StoreError::Refused(format!(
                "a network's name must have 1 to {MAX_NETWORK_NAME} characters"
            )));
        }
        let mut tx = self.begin().await?;
        require_networks(&mut tx, &v.user).await?;
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM networks WHERE name = $1")
            .bind(name)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(StoreError::Conflict(format!(
                "a network named `{name}` is already stored; choose another name"
            )));
        }
        let mut hasher = Sha256::new();
        hasher.update(n.entities.as_bytes());
        hasher.update(b"\n");
        hasher.update(n.links.as_bytes());
        let sha256: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO networks (name, entities_file, links_file, entities, links, sha256, entity_count, \
             link_count, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(name)
        .bind(&n.entities_file)
        .bind(&n.links_file)
        .bind(Vec::<u8>::new())
        .bind(&sha256)
        .bind(to_i64(n.entity_count, "entities")?)
        .bind(to_i64(n.link_count, "links")?)
        .bind(&v.actor.name)
        .bind(rfc3339(at))
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("UPDATE networks SET entities = $1, links = $2 WHERE id = $3")
            .bind(key.seal_str("networks", "entities", id, &n.entities)?)
            .bind(key.seal_str("networks", "links", id, &n.links)?)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        for p in &n.presence {
            sqlx::query(
                "INSERT INTO network_presence (network, area, premises, groups, entities) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(&p.area)
            .bind(to_i64(p.premises, "premises")?)
            .bind(to_i64(p.groups, "groups")?)
            .bind(to_i64(p.entities, "entities")?)
            .execute(&mut *tx)
            .await
            .map_err(|e| match e {
                sqlx::Error::Database(d) if d.is_unique_violation() => {
                    StoreError::Refused(format!("area `{}` is counted twice", p.area))
                }
                e => e.into(),
            })?;
        }
        audit(
            &mut tx,
            &v.actor,
            at,
            "network.upload",
            serde_json::json!({ "network": id, "name": name, "entities_file": n.entities_file,
                                "links_file": n.links_file, "entities": n.entity_count, "links": n.link_count,
                                "sha256": sha256 }),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn networks(&self, v: &Viewer, at: OffsetDateTime) -> Result<Vec<NetworkInfo>> {
        let mut tx = self.begin().await?;
        require_networks(&mut tx, &v.user).await?;
        let rows = sqlx::query(concat!(
            "SELECT ",
            info_columns!(),
            " FROM networks ORDER BY id DESC"
        ))
        .fetch_all(&mut *tx)
        .await?;
        let list = rows.iter().map(info_from_row).collect::<Result<Vec<_>>>()?;
        audit(
            &mut tx,
            &v.actor,
            at,
            "network.list",
            serde_json::json!({ "networks": list.len() }),
        )
        .await?;
        tx.commit().await?;
        Ok(list)
    }

    async fn network(&self, v: &Viewer, id: i64, purpose: &str, at: OffsetDateTime) -> Result<StoredNetwork> {
        let key = self.field_key()?;
        let mut tx = self.begin().await?;
        require_networks(&mut tx, &v.user).await?;
        let row = sqlx::query(concat!(
            "SELECT ",
            info_columns!(),
            ", entities, links FROM networks WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("network {id}")))?;
        let info = info_from_row(&row)?;
        let entities: Vec<u8> = row.try_get("entities")?;
        let links: Vec<u8> = row.try_get("links")?;
        let entities = key.open_str("networks", "entities", id, &entities)?;
        let links = key.open_str("networks", "links", id, &links)?;
        audit(
            &mut tx,
            &v.actor,
            at,
            "network.view",
            serde_json::json!({ "network": id, "name": info.name, "purpose": purpose }),
        )
        .await?;
        tx.commit().await?;
        Ok(StoredNetwork {
            info,
            entities,
            links,
        })
    }

    async fn network_presence(&self) -> Result<Option<(NetworkInfo, Vec<AreaPresenceRow>)>> {
        let row = sqlx::query(concat!(
            "SELECT ",
            info_columns!(),
            " FROM networks ORDER BY id DESC LIMIT 1"
        ))
        .fetch_optional(&self.reader)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let info = info_from_row(&row)?;
        let rows = sqlx::query(
            "SELECT area, premises, groups, entities FROM network_presence WHERE network = $1 ORDER BY area",
        )
        .bind(info.id)
        .fetch_all(&self.reader)
        .await?;
        let count = |r: &AnyRow, col: &str| -> Result<u64> {
            let n: i64 = r.try_get(col)?;
            u64::try_from(n).map_err(|e| corrupt(col, e))
        };
        let presence = rows
            .iter()
            .map(|r| {
                Ok(AreaPresenceRow {
                    area: r.try_get("area")?,
                    premises: count(r, "premises")?,
                    groups: count(r, "groups")?,
                    entities: count(r, "entities")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Some((info, presence)))
    }

    async fn role_grants(&self) -> Result<Vec<RoleGrant>> {
        let rows =
            sqlx::query("SELECT role, action, granted_by, granted_at FROM role_grants ORDER BY role, action")
                .fetch_all(&self.reader)
                .await?;
        rows.iter()
            .map(|r| {
                let role: String = r.try_get("role")?;
                let action: String = r.try_get("action")?;
                Ok(RoleGrant {
                    role: Role::parse(&role).map_err(|e| corrupt("role_grants.role", e))?,
                    action: Action::parse(&action).ok_or_else(|| corrupt("role_grants.action", &action))?,
                    granted_by: r.try_get("granted_by")?,
                    granted_at: parse_rfc3339(&r.try_get::<String, _>("granted_at")?)?,
                })
            })
            .collect()
    }

    async fn granted_to(&self, role: Role) -> Result<Vec<Action>> {
        let mut conn = self.reader.acquire().await?;
        grants_of(&mut conn, role).await
    }

    async fn set_role_grant(
        &self,
        role: Role,
        action: Action,
        granted: bool,
        actor: &Actor,
        at: OffsetDateTime,
    ) -> Result<()> {
        if !policy::grantable(role, action) {
            return Err(StoreError::Refused(format!(
                "{} cannot be granted to the role {role}",
                action.code()
            )));
        }
        let mut tx = self.begin().await?;
        let changed = if granted {
            sqlx::query(
                "INSERT INTO role_grants (role, action, granted_by, granted_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (role, action) DO NOTHING",
            )
            .bind(role.code())
            .bind(action.code())
            .bind(&actor.name)
            .bind(rfc3339(at))
            .execute(&mut *tx)
            .await?
            .rows_affected()
        } else {
            sqlx::query("DELETE FROM role_grants WHERE role = $1 AND action = $2")
                .bind(role.code())
                .bind(action.code())
                .execute(&mut *tx)
                .await?
                .rows_affected()
        };
        if changed > 0 {
            audit(
                &mut tx,
                actor,
                at,
                if granted { "grant.add" } else { "grant.remove" },
                serde_json::json!({ "role": role.code(), "action": action.code() }),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
