//! [`ContentStore`] for SQLite. A save or a publication is one transaction with the role check and its audit entry.

use async_trait::async_trait;
use sqlx::Row;
use time::OffsetDateTime;
use vigie_domain::User;
use vigie_domain::policy::{self, Action};

use crate::cases::Viewer;
use crate::content::{ContentState, ContentStore, ContentVersion, MAX_CONTENT_BYTES, MAX_NOTE_CHARS};
use crate::sql::{SqlStore, audit_action, corrupt, parse_rfc3339, rfc3339};
use crate::{Result, StoreError};

fn require(user: &User) -> Result<()> {
    if user.active && policy::allowed(user.role, Action::EditContent) {
        Ok(())
    } else {
        Err(StoreError::Forbidden(format!(
            "the role {} may not edit the public pages",
            user.role
        )))
    }
}

/// A page or language name: lower-case letters, digits and hyphens (`sexual-exploitation`, `fr`).
fn check_name(what: &str, name: &str, max: usize) -> Result<()> {
    if !name.is_empty()
        && name.len() <= max
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        Ok(())
    } else {
        Err(StoreError::Refused(format!("`{name}` is not a {what}")))
    }
}

fn check_page_lang(page: &str, lang: &str) -> Result<()> {
    check_name("page", page, 64)?;
    check_name("language", lang, 8)
}

fn number(n: i64) -> Result<u32> {
    u32::try_from(n).map_err(|e| corrupt("content_versions.version", e))
}

fn version_from_row(r: &sqlx::any::AnyRow) -> Result<ContentVersion> {
    let published: Option<String> = r.try_get("published_at")?;
    Ok(ContentVersion {
        page: r.try_get("page")?,
        lang: r.try_get("lang")?,
        version: number(r.try_get("version")?)?,
        body: r.try_get("body")?,
        note: r.try_get("note")?,
        author: r.try_get("author")?,
        created_at: parse_rfc3339(&r.try_get::<String, _>("created_at")?)?,
        published_at: published.as_deref().map(parse_rfc3339).transpose()?,
    })
}

#[async_trait]
impl ContentStore for SqlStore {
    async fn save_content(
        &self,
        v: &Viewer,
        page: &str,
        lang: &str,
        body: &str,
        note: &str,
        at: OffsetDateTime,
    ) -> Result<u32> {
        require(&v.user)?;
        check_page_lang(page, lang)?;
        if body.len() > MAX_CONTENT_BYTES {
            return Err(StoreError::Refused(format!(
                "the text has {} bytes; a page has at most {MAX_CONTENT_BYTES}",
                body.len()
            )));
        }
        let note = note.trim();
        if note.chars().count() > MAX_NOTE_CHARS {
            return Err(StoreError::Refused(format!(
                "a note has at most {MAX_NOTE_CHARS} characters"
            )));
        }
        let mut tx = self.begin().await?;
        let newest: Option<i64> =
            sqlx::query_scalar("SELECT max(version) FROM content_versions WHERE page = $1 AND lang = $2")
                .bind(page)
                .bind(lang)
                .fetch_one(&mut *tx)
                .await?;
        let version = newest.unwrap_or(0) + 1;
        sqlx::query(
            "INSERT INTO content_versions (page, lang, version, body, note, author, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(page)
        .bind(lang)
        .bind(version)
        .bind(body)
        .bind(note)
        .bind(&v.actor.name)
        .bind(rfc3339(at))
        .execute(&mut *tx)
        .await?;
        audit_action(
            &mut tx,
            &v.actor,
            at,
            "content.save",
            serde_json::json!({
                "page": page, "lang": lang, "version": version, "bytes": body.len(), "note": note
            }),
        )
        .await?;
        tx.commit().await?;
        number(version)
    }

    async fn content_versions(&self, v: &Viewer, page: &str, lang: &str) -> Result<Vec<ContentVersion>> {
        require(&v.user)?;
        let rows = sqlx::query(concat!(
            "SELECT page, lang, version, body, note, author, created_at, published_at ",
            "FROM content_versions WHERE page = $1 AND lang = $2 ORDER BY version DESC"
        ))
        .bind(page)
        .bind(lang)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(version_from_row).collect()
    }

    async fn content_version(
        &self,
        v: &Viewer,
        page: &str,
        lang: &str,
        version: u32,
    ) -> Result<ContentVersion> {
        require(&v.user)?;
        let row = sqlx::query(concat!(
            "SELECT page, lang, version, body, note, author, created_at, published_at ",
            "FROM content_versions WHERE page = $1 AND lang = $2 AND version = $3"
        ))
        .bind(page)
        .bind(lang)
        .bind(i64::from(version))
        .fetch_optional(&self.reader)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("version {version} of {page} in {lang}")))?;
        version_from_row(&row)
    }

    async fn publish_content(
        &self,
        v: &Viewer,
        page: &str,
        lang: &str,
        version: u32,
        at: OffsetDateTime,
    ) -> Result<()> {
        require(&v.user)?;
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "SELECT id FROM content_versions WHERE page = $1 AND lang = $2 AND version = $3",
        )
        .bind(page)
        .bind(lang)
        .bind(i64::from(version))
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("version {version} of {page} in {lang}")))?;
        sqlx::query(
            "INSERT INTO content_publications (version_id, published_by, published_at) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(&v.actor.name)
        .bind(rfc3339(at))
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE content_versions SET published_at = $1 WHERE id = $2")
            .bind(rfc3339(at))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        audit_action(
            &mut tx,
            &v.actor,
            at,
            "content.publish",
            serde_json::json!({ "page": page, "lang": lang, "version": version }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn published_content(&self, page: &str, lang: &str) -> Result<Option<ContentVersion>> {
        let row = sqlx::query(concat!(
            "SELECT v.page, v.lang, v.version, v.body, v.note, v.author, v.created_at, v.published_at ",
            "FROM content_publications p JOIN content_versions v ON v.id = p.version_id ",
            "WHERE v.page = $1 AND v.lang = $2 ORDER BY p.id DESC LIMIT 1"
        ))
        .bind(page)
        .bind(lang)
        .fetch_optional(&self.reader)
        .await?;
        row.as_ref().map(version_from_row).transpose()
    }

    async fn content_states(&self, v: &Viewer) -> Result<Vec<ContentState>> {
        require(&v.user)?;
        // The newest version of each page and language, with the version published last (if any).
        let rows = sqlx::query(concat!(
            "SELECT n.page, n.lang, n.version, n.created_at, pv.version AS pub_version, ",
            "pl.published_at AS pub_at ",
            "FROM content_versions n ",
            "LEFT JOIN (SELECT v.page, v.lang, max(p.id) AS last FROM content_publications p ",
            "  JOIN content_versions v ON v.id = p.version_id GROUP BY v.page, v.lang) l ",
            "  ON l.page = n.page AND l.lang = n.lang ",
            "LEFT JOIN content_publications pl ON pl.id = l.last ",
            "LEFT JOIN content_versions pv ON pv.id = pl.version_id ",
            "WHERE n.version = (SELECT max(version) FROM content_versions x ",
            "  WHERE x.page = n.page AND x.lang = n.lang) ",
            "ORDER BY n.page, n.lang"
        ))
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                let pub_version: Option<i64> = r.try_get("pub_version")?;
                let pub_at: Option<String> = r.try_get("pub_at")?;
                let published = match (pub_version, pub_at) {
                    (Some(n), Some(at)) => Some((number(n)?, parse_rfc3339(&at)?)),
                    _ => None,
                };
                Ok(ContentState {
                    page: r.try_get("page")?,
                    lang: r.try_get("lang")?,
                    newest: number(r.try_get("version")?)?,
                    newest_at: parse_rfc3339(&r.try_get::<String, _>("created_at")?)?,
                    published,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::check_page_lang;

    #[test]
    fn names_of_pages_and_languages() {
        assert!(check_page_lang("sexual-exploitation", "fr").is_ok());
        assert!(check_page_lang("help", "zh").is_ok());
        for (page, lang) in [
            ("", "fr"),
            ("Help", "fr"),
            ("../x", "fr"),
            ("help", ""),
            ("help", "fr_FR"),
            ("help", "a-very-long-one"),
        ] {
            assert!(check_page_lang(page, lang).is_err(), "{page} {lang}");
        }
    }
}
