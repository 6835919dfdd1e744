//! [`ExchangeStore`] for SQLite: each change is one transaction with its audit entry; secrets and imported
//! payloads sealed with the field key (the row id in the associated data).

use async_trait::async_trait;
use serde_json::json;
use sqlx::Row;
use time::OffsetDateTime;
use zeroize::Zeroizing;

use crate::exchange::{ExchangeIdentity, ExchangeStore, PackageRecord, Partner};
use crate::sql::{SqlStore, audit_action, rfc3339};
use crate::{Actor, Result, StoreError};

fn partner_from(r: &sqlx::any::AnyRow) -> Result<Partner> {
    let languages: String = r.try_get("languages")?;
    let secret: Option<Vec<u8>> = r.try_get("linkage_secret")?;
    Ok(Partner {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        country: r.try_get("country")?,
        languages: languages
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        contacts: r.try_get("contacts")?,
        agreement: r.try_get("agreement")?,
        public_key: r.try_get("public_key")?,
        has_linkage_secret: secret.is_some(),
        added_by: r.try_get("added_by")?,
        added_at: r.try_get("added_at")?,
    })
}

fn record_from(r: &sqlx::any::AnyRow) -> Result<PackageRecord> {
    Ok(PackageRecord {
        package: r.try_get("package")?,
        direction: r.try_get("direction")?,
        partner: r.try_get("partner")?,
        kind: r.try_get("kind")?,
        manifest: r.try_get("manifest")?,
        actor: r.try_get("actor")?,
        at: r.try_get("at")?,
    })
}

/// What the audit log records of a package sent or received: its identity and its manifest (never its payload).
fn audit_detail(r: &PackageRecord) -> serde_json::Value {
    let manifest: serde_json::Value = serde_json::from_str(&r.manifest).unwrap_or(json!(null));
    json!({ "package": r.package, "partner": r.partner, "kind": r.kind, "manifest": manifest })
}

/// Whether an identifier is fit for packages: 1 to 64 lowercase letters, digits and `-`.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[async_trait]
impl ExchangeStore for SqlStore {
    async fn set_exchange_identity(
        &self,
        id: &ExchangeIdentity,
        replace: bool,
        actor: &Actor,
        at: OffsetDateTime,
    ) -> Result<()> {
        if !valid_id(&id.city_id) {
            return Err(StoreError::Refused(format!(
                "'{}' cannot identify this city in packages: use 1 to 64 lowercase letters, digits and '-'",
                id.city_id
            )));
        }
        let key = self.field_key()?;
        let mut tx = self.begin().await?;
        let existing: Option<String> =
            sqlx::query_scalar("SELECT public_key FROM exchange_identity WHERE id = 1")
                .fetch_optional(&mut *tx)
                .await?;
        if existing.is_some() && !replace {
            return Err(StoreError::Conflict(
                "this city already has exchange keys: replacing them means sending partners the new public key \
                 (use --replace to do it)"
                    .into(),
            ));
        }
        sqlx::query(
            "INSERT INTO exchange_identity (id, city_id, public_key, secret, created_by, created_at)
             VALUES (1, $1, $2, $3, $4, $5)
             ON CONFLICT (id) DO UPDATE SET city_id = excluded.city_id, public_key = excluded.public_key,
             secret = excluded.secret, created_by = excluded.created_by, created_at = excluded.created_at",
        )
        .bind(&id.city_id)
        .bind(&id.public_key)
        .bind(key.seal_str("exchange_identity", "secret", 1, &id.secret)?)
        .bind(&actor.name)
        .bind(rfc3339(at))
        .execute(&mut *tx)
        .await?;
        audit_action(
            &mut tx,
            actor,
            at,
            "exchange.identity",
            json!({ "city_id": id.city_id, "public_key": id.public_key, "replaced": existing.is_some() }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn exchange_identity(&self) -> Result<Option<ExchangeIdentity>> {
        let row = sqlx::query("SELECT city_id, public_key, secret FROM exchange_identity WHERE id = 1")
            .fetch_optional(&self.reader)
            .await?;
        let Some(r) = row else { return Ok(None) };
        let key = self.field_key()?;
        let sealed: Vec<u8> = r.try_get("secret")?;
        Ok(Some(ExchangeIdentity {
            city_id: r.try_get("city_id")?,
            public_key: r.try_get("public_key")?,
            secret: Zeroizing::new(key.open_str("exchange_identity", "secret", 1, &sealed)?),
        }))
    }

    async fn save_partner(
        &self,
        p: &Partner,
        linkage_secret: Option<&[u8]>,
        actor: &Actor,
        at: OffsetDateTime,
    ) -> Result<()> {
        if !valid_id(&p.id) {
            return Err(StoreError::Refused(format!(
                "'{}' cannot identify a partner: use 1 to 64 lowercase letters, digits and '-'",
                p.id
            )));
        }
        if p.name.trim().is_empty() {
            return Err(StoreError::Refused("a partner needs a name".into()));
        }
        if p.country.len() != 2 || !p.country.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(StoreError::Refused(format!(
                "'{}' is not a country code (two capital letters, ISO 3166-1)",
                p.country
            )));
        }
        let mut tx = self.begin().await?;
        let rowid: i64 = sqlx::query_scalar(
            "INSERT INTO partners (id, name, country, languages, contacts, agreement, public_key, added_by, added_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, country = excluded.country,
             languages = excluded.languages, contacts = excluded.contacts, agreement = excluded.agreement,
             public_key = excluded.public_key
             RETURNING rowid",
        )
        .bind(&p.id)
        .bind(&p.name)
        .bind(&p.country)
        .bind(p.languages.join(", "))
        .bind(&p.contacts)
        .bind(&p.agreement)
        .bind(&p.public_key)
        .bind(&actor.name)
        .bind(rfc3339(at))
        .fetch_one(&mut *tx)
        .await?;
        if let Some(secret) = linkage_secret {
            let key = self.field_key()?;
            sqlx::query("UPDATE partners SET linkage_secret = $1 WHERE rowid = $2")
                .bind(key.seal("partners", "linkage_secret", rowid, secret)?)
                .bind(rowid)
                .execute(&mut *tx)
                .await?;
        }
        audit_action(
            &mut tx,
            actor,
            at,
            "partner.add",
            json!({ "partner": p.id, "name": p.name, "country": p.country, "public_key": p.public_key,
                    "linkage_secret": linkage_secret.is_some() }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn partners(&self) -> Result<Vec<Partner>> {
        let rows = sqlx::query("SELECT * FROM partners ORDER BY id")
            .fetch_all(&self.reader)
            .await?;
        rows.iter().map(partner_from).collect()
    }

    async fn partner(&self, id: &str) -> Result<Option<Partner>> {
        let row = sqlx::query("SELECT * FROM partners WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.reader)
            .await?;
        row.as_ref().map(partner_from).transpose()
    }

    async fn partner_linkage_secret(
        &self,
        id: &str,
        purpose: &str,
        actor: &Actor,
        at: OffsetDateTime,
    ) -> Result<Option<Zeroizing<Vec<u8>>>> {
        let key = self.field_key()?;
        let mut tx = self.begin().await?;
        let row: Option<(i64, Option<Vec<u8>>)> =
            sqlx::query_as("SELECT rowid, linkage_secret FROM partners WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((rowid, Some(sealed))) = row else {
            return Ok(None);
        };
        let secret = key.open("partners", "linkage_secret", rowid, &sealed)?;
        audit_action(
            &mut tx,
            actor,
            at,
            "partner.secret",
            json!({ "partner": id, "purpose": purpose }),
        )
        .await?;
        tx.commit().await?;
        Ok(Some(secret))
    }

    async fn package_seen(&self, package: &str) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM exchange_packages WHERE package = $1")
            .bind(package)
            .fetch_one(&self.reader)
            .await?;
        Ok(n > 0)
    }

    async fn record_export(&self, r: &PackageRecord, actor: &Actor, at: OffsetDateTime) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO exchange_packages (package, direction, partner, kind, manifest, payload, actor, at)
             VALUES ($1, 'out', $2, $3, $4, NULL, $5, $6)",
        )
        .bind(&r.package)
        .bind(&r.partner)
        .bind(&r.kind)
        .bind(&r.manifest)
        .bind(&actor.name)
        .bind(rfc3339(at))
        .execute(&mut *tx)
        .await
        .map_err(|e| match e {
            sqlx::Error::Database(d) if d.is_unique_violation() => {
                StoreError::Conflict(format!("a package {} already exists", r.package))
            }
            e => e.into(),
        })?;
        audit_action(&mut tx, actor, at, "exchange.export", audit_detail(r)).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn import_package(
        &self,
        r: &PackageRecord,
        payload: &[u8],
        actor: &Actor,
        at: OffsetDateTime,
    ) -> Result<()> {
        let key = self.field_key()?;
        let mut tx = self.begin().await?;
        let rowid: i64 = sqlx::query_scalar(
            "INSERT INTO exchange_packages (package, direction, partner, kind, manifest, payload, actor, at)
             VALUES ($1, 'in', $2, $3, $4, $5, $6, $7) RETURNING rowid",
        )
        .bind(&r.package)
        .bind(&r.partner)
        .bind(&r.kind)
        .bind(&r.manifest)
        .bind(Vec::<u8>::new())
        .bind(&actor.name)
        .bind(rfc3339(at))
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| match e {
            sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Conflict(format!(
                "the package {} was already imported: a package is imported only once",
                r.package
            )),
            e => e.into(),
        })?;
        sqlx::query("UPDATE exchange_packages SET payload = $1 WHERE rowid = $2")
            .bind(key.seal("exchange_packages", "payload", rowid, payload)?)
            .bind(rowid)
            .execute(&mut *tx)
            .await?;
        audit_action(&mut tx, actor, at, "exchange.import", audit_detail(r)).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn packages(&self) -> Result<Vec<PackageRecord>> {
        let rows = sqlx::query(
            "SELECT package, direction, partner, kind, manifest, actor, at FROM exchange_packages
             ORDER BY at DESC, rowid DESC",
        )
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(record_from).collect()
    }

    async fn imported_payloads(
        &self,
        kind: &str,
        purpose: &str,
        actor: &Actor,
        at: OffsetDateTime,
    ) -> Result<Vec<(PackageRecord, Zeroizing<Vec<u8>>)>> {
        let key = self.field_key()?;
        let mut tx = self.begin().await?;
        let rows = sqlx::query(
            "SELECT rowid, package, direction, partner, kind, manifest, payload, actor, at FROM exchange_packages
             WHERE direction = 'in' AND kind = $1 ORDER BY rowid",
        )
        .bind(kind)
        .fetch_all(&mut *tx)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let rowid: i64 = r.try_get("rowid")?;
            let sealed: Vec<u8> = r.try_get("payload")?;
            out.push((
                record_from(r)?,
                key.open("exchange_packages", "payload", rowid, &sealed)?,
            ));
        }
        audit_action(
            &mut tx,
            actor,
            at,
            "exchange.read",
            json!({ "kind": kind, "purpose": purpose, "packages": out.iter().map(|(r, _)| r.package.clone()).collect::<Vec<_>>() }),
        )
        .await?;
        tx.commit().await?;
        Ok(out)
    }
}
