//! The SQL implementation of [`Store`], on SQLite (the default, embedded) or PostgreSQL, through sqlx's `Any`
//! driver: one implementation, written in the SQL both accept (`$1` placeholders, `ON CONFLICT`, `RETURNING`),
//! with the few differences kept here ([`Backend`]): how a write transaction takes the write lock, the
//! migrations, snapshots and size caps.
//!
//! Writes are serialised, so that the hash-chained audit log is appended one entry after another even with several
//! vigie instances on one database. On SQLite, one writer connection serialises every write transaction (SQLite
//! allows one writer at a time anyway, and a single writer avoids lock-upgrade failures); a small pool of reader
//! connections serves reads concurrently in WAL mode; write transactions start with `BEGIN IMMEDIATE`, so that
//! another process (the command line while the server runs) waits for the lock instead of failing half way. On
//! PostgreSQL, every write transaction first takes one transaction-scoped advisory lock
//! (`pg_advisory_xact_lock`), which every instance shares through the database.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions, AnyRow};
use sqlx::{Any, AnyConnection, AnyPool, Executor, Row};
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};
use vigie_domain::import::{ErrorSink, IndicatorFile, Lined, parse_date};
use vigie_domain::{
    Agency, AgencyCode, AgencyKind, Area, AreaCode, Boundary, City, CountryCode, Direction, Incident,
    IncidentId, IncidentType, IndicatorCode, IndicatorDef, IndicatorValue, LonLat, Period, Population, Role,
    User, Username, model::locate,
};

use crate::audit::{self, AuditEntry, AuditRecord, AuditReport, GENESIS, Verifier};
use crate::builder::SqlBuilder;
use crate::crypto::FieldKey;
use crate::{
    Actor, Credentials, Grouping, ImportKind, ImportMeta, ImportSummary, IncidentFilter, NewUser,
    PublicEstimate, Result, Session, Store, StoreError, Summary, UserChange,
};

/// Schema migrations of SQLite, applied in order at start. Never edit a released one: add a new one.
const SQLITE_MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/sqlite/0001_init.sql")),
    (2, include_str!("../migrations/sqlite/0002_cases.sql")),
    (3, include_str!("../migrations/sqlite/0003_networks.sql")),
    (4, include_str!("../migrations/sqlite/0004_plan.sql")),
    (5, include_str!("../migrations/sqlite/0005_public_services.sql")),
    (6, include_str!("../migrations/sqlite/0006_public_estimates.sql")),
    (7, include_str!("../migrations/sqlite/0007_content.sql")),
    (8, include_str!("../migrations/sqlite/0008_exchange.sql")),
    (9, include_str!("../migrations/sqlite/0009_convention.sql")),
    (10, include_str!("../migrations/sqlite/0010_data_version.sql")),
    (11, include_str!("../migrations/sqlite/0011_tokens.sql")),
];

/// Schema migrations of PostgreSQL: the same versions, the same tables and columns, in PostgreSQL's types.
const POSTGRES_MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/postgres/0001_init.sql")),
    (2, include_str!("../migrations/postgres/0002_cases.sql")),
    (3, include_str!("../migrations/postgres/0003_networks.sql")),
    (4, include_str!("../migrations/postgres/0004_plan.sql")),
    (5, include_str!("../migrations/postgres/0005_public_services.sql")),
    (
        6,
        include_str!("../migrations/postgres/0006_public_estimates.sql"),
    ),
    (7, include_str!("../migrations/postgres/0007_content.sql")),
    (8, include_str!("../migrations/postgres/0008_exchange.sql")),
    (9, include_str!("../migrations/postgres/0009_convention.sql")),
    (10, include_str!("../migrations/postgres/0010_data_version.sql")),
    (11, include_str!("../migrations/postgres/0011_tokens.sql")),
];

/// The advisory lock every write transaction takes on PostgreSQL (an arbitrary number, vigie's own).
const PG_WRITE_LOCK: i64 = 0x0076_6967_6965;

/// The plain text of the key check.
const KEY_CHECK: &[u8] = b"vigie field key check v1";

/// How often opening a busy database is retried (about 20 seconds in all).
const OPEN_RETRIES: u32 = 40;

/// Which database a [`SqlStore`] speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

/// Where a database is: `postgres://…` (or `postgresql://…`), `sqlite:PATH`, or a plain path (SQLite).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbLocation {
    Sqlite(std::path::PathBuf),
    Postgres(String),
}

impl DbLocation {
    pub fn parse(s: &str) -> Result<Self> {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            Ok(DbLocation::Postgres(s.to_owned()))
        } else if let Some(path) = s.strip_prefix("sqlite://").or_else(|| s.strip_prefix("sqlite:")) {
            if path.is_empty() {
                return Err(StoreError::Refused(
                    "sqlite: needs a file path (sqlite:PATH)".into(),
                ));
            }
            Ok(DbLocation::Sqlite(path.into()))
        } else if s.contains("://") {
            Err(StoreError::Refused(format!(
                "{s}: not a database vigie knows (give postgres://…, sqlite:PATH or a file path)"
            )))
        } else if s.is_empty() {
            Err(StoreError::Refused("no database given".into()))
        } else {
            Ok(DbLocation::Sqlite(s.into()))
        }
    }

    /// The location without any password, for messages and logs.
    pub fn redacted(&self) -> String {
        match self {
            DbLocation::Sqlite(p) => format!("sqlite:{}", p.display()),
            DbLocation::Postgres(url) => redact_url(url),
        }
    }
}

impl std::fmt::Display for DbLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (auth, host) = match rest.rsplit_once('@') {
        Some((auth, host)) => (Some(auth), host),
        None => (None, rest),
    };
    let host = host.split_once('?').map_or(host, |(h, _)| h);
    match auth {
        Some(auth) => {
            let user = auth.split_once(':').map_or(auth, |(u, _)| u);
            format!("{scheme}://{user}:***@{host}")
        }
        None => format!("{scheme}://{host}"),
    }
}

/// Whether SQLite said the database is busy or locked (another connection holds a lock it could not wait for).
fn is_busy(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            let code = db.code();
            matches!(code.as_deref(), Some("5") | Some("6") | Some("517") | Some("261"))
                || db.message().contains("database is locked")
        }
        _ => false,
    }
}

/// Rows per multi-row INSERT.
const BATCH: usize = 400;

/// vigie's SQL store (SQLite or PostgreSQL).
#[derive(Debug, Clone)]
pub struct SqlStore {
    pub(crate) writer: AnyPool,
    pub(crate) reader: AnyPool,
    pub(crate) backend: Backend,
    /// The field-encryption key; without it no case can be written or read.
    pub(crate) key: Option<FieldKey>,
}

pub(crate) fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

pub(crate) fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339)
        .unwrap_or_else(|_| t.unix_timestamp().to_string())
}

fn from_unix(secs: i64) -> Result<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp(secs).map_err(|e| corrupt("timestamp", e))
}

/// A file path as a `sqlite://` URL (percent-encoded, as sqlx decodes it).
fn sqlite_url(path: &Path, params: &str) -> Result<String> {
    let text = path
        .to_str()
        .ok_or_else(|| StoreError::Refused(format!("{} is not a UTF-8 path", path.display())))?;
    let mut url = String::from("sqlite://");
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/._-~".contains(&b) {
            url.push(char::from(b));
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url.push('?');
    url.push_str(params);
    Ok(url)
}

/// The connection settings of every SQLite connection (the journal mode, a file setting, is set once at open).
const SQLITE_PRAGMAS: &str =
    "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = FULL;";

fn sqlite_pool(max: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(max)
        .after_connect(|conn, _| {
            Box::pin(async move {
                conn.execute(SQLITE_PRAGMAS).await?;
                Ok(())
            })
        })
}

impl SqlStore {
    /// Opens the database at `location` (see [`DbLocation::parse`]): a SQLite file (created if needed) or a
    /// PostgreSQL database (which must exist), and applies pending migrations.
    pub async fn connect(location: &str) -> Result<Self> {
        match DbLocation::parse(location)? {
            DbLocation::Sqlite(path) => Self::open(&path).await,
            DbLocation::Postgres(url) => Self::open_postgres(&url).await,
        }
    }

    /// Opens (creating if needed) the SQLite database file and applies pending migrations. Two processes may open
    /// a new file at once (the server and the command line): a busy database is retried for a while.
    pub async fn open(path: &Path) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let mut attempt = 0u32;
        loop {
            match Self::open_once(path).await {
                Err(StoreError::Database(e)) if is_busy(&e) && attempt < OPEN_RETRIES => {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(50 * u64::from(attempt.min(10)))).await;
                }
                other => return other,
            }
        }
    }

    async fn open_once(path: &Path) -> Result<Self> {
        let writer = sqlite_pool(1).connect(&sqlite_url(path, "mode=rwc")?).await?;
        // WAL lets readers go on while a write is in progress; a setting of the file, kept once set.
        sqlx::query("PRAGMA journal_mode = WAL").execute(&writer).await?;
        let store = Self {
            reader: writer.clone(),
            writer,
            backend: Backend::Sqlite,
            key: None,
        };
        store.migrate().await?;
        let reader = sqlite_pool(4).connect(&sqlite_url(path, "mode=ro")?).await?;
        Ok(Self { reader, ..store })
    }

    /// Opens a PostgreSQL database (`postgres://user:password@host:port/database`) and applies pending
    /// migrations. Several vigie instances may share it.
    pub async fn open_postgres(url: &str) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let options: AnyConnectOptions = url.parse()?;
        // One connection first, so that a refused connection, a wrong password or a missing database is reported
        // as such (the pool would only say it timed out).
        {
            use sqlx::{ConnectOptions as _, Connection as _};
            options.connect().await?.close().await?;
        }
        let pool = AnyPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        let store = Self {
            reader: pool.clone(),
            writer: pool,
            backend: Backend::Postgres,
            key: None,
        };
        store.migrate().await?;
        Ok(store)
    }

    /// A private in-memory SQLite database, for tests. It lives as long as this store.
    pub async fn in_memory() -> Result<Self> {
        sqlx::any::install_default_drivers();
        let pool = sqlite_pool(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect("sqlite::memory:")
            .await?;
        let store = Self {
            writer: pool.clone(),
            reader: pool,
            backend: Backend::Sqlite,
            key: None,
        };
        store.migrate().await?;
        Ok(store)
    }

    /// Which database this store speaks to.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes every connection (waits for those in use to be given back).
    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }

    fn sqlite_only(&self, what: &str) -> Result<()> {
        match self.backend {
            Backend::Sqlite => Ok(()),
            Backend::Postgres => Err(StoreError::Refused(format!(
                "{what} is for SQLite databases only"
            ))),
        }
    }

    /// Writes a consistent copy of the whole SQLite database to `path` (a new file), while the server goes on:
    /// SQLite's `VACUUM INTO` reads one snapshot of the database, so concurrent writes are either all in or all out.
    pub async fn snapshot_to(&self, path: &std::path::Path) -> Result<()> {
        self.sqlite_only("a file snapshot")?;
        if path.exists() {
            return Err(StoreError::Refused(format!("{} already exists", path.display())));
        }
        let target = path
            .to_str()
            .ok_or_else(|| StoreError::Refused(format!("{} is not a UTF-8 path", path.display())))?;
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(&self.reader)
            .await?;
        Ok(())
    }

    /// Caps the SQLite database at `pages` pages (SQLite's `max_page_count`, on the writing connection; a page is
    /// usually 4 KiB): writes beyond it fail as on a full disk, whole, and nothing is written. For an operator who
    /// wants to bound the file, and for the tests of a full disk. Returns the cap in force.
    pub async fn cap_pages(&self, pages: u64) -> Result<u64> {
        self.sqlite_only("a page cap")?;
        let pages = i64::try_from(pages).unwrap_or(i64::MAX);
        let sql = format!("PRAGMA max_page_count = {pages}");
        let cap: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(&self.writer)
            .await?;
        Ok(cap.max(0) as u64)
    }

    /// The SQLite database's size in pages.
    pub async fn page_count(&self) -> Result<u64> {
        self.sqlite_only("a page count")?;
        let n: i64 = sqlx::query_scalar("PRAGMA page_count")
            .fetch_one(&self.writer)
            .await?;
        Ok(n.max(0) as u64)
    }

    /// Checks a SQLite database file without opening it as a store (no migration, nothing written): SQLite's
    /// integrity check (`ok`, or its list of problems) and the file's schema version.
    pub async fn check_file(path: &std::path::Path) -> Result<(String, i64)> {
        use sqlx::Connection as _;
        sqlx::any::install_default_drivers();
        let mut conn = AnyConnection::connect(&sqlite_url(path, "mode=ro")?).await?;
        let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&mut conn)
            .await?;
        let version: Option<i64> = sqlx::query_scalar("SELECT max(version) FROM schema_migrations")
            .fetch_one(&mut conn)
            .await?;
        conn.close().await?;
        Ok((rows.join("; "), version.unwrap_or(0)))
    }

    /// The schema version after migrations.
    pub async fn schema_version(&self) -> Result<i64> {
        let v: Option<i64> = sqlx::query_scalar("SELECT max(version) FROM schema_migrations")
            .fetch_one(&self.reader)
            .await?;
        Ok(v.unwrap_or(0))
    }

    /// Applies pending migrations. Which are pending is read inside the write transaction (under the write lock),
    /// so that two processes starting at once never apply the same migration twice.
    async fn migrate(&self) -> Result<()> {
        let migrations = match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS,
            Backend::Postgres => POSTGRES_MIGRATIONS,
        };
        for (version, sql) in migrations {
            let mut tx = self.begin().await?;
            sqlx::raw_sql(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)",
            )
            .execute(&mut *tx)
            .await?;
            let done: Option<i64> =
                sqlx::query_scalar("SELECT version FROM schema_migrations WHERE version = $1")
                    .bind(version)
                    .fetch_optional(&mut *tx)
                    .await?;
            if done.is_some() {
                continue;
            }
            sqlx::raw_sql(*sql).execute(&mut *tx).await?;
            sqlx::query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)")
                .bind(version)
                .bind(rfc3339(OffsetDateTime::now_utc()))
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            tracing::info!(version, backend = self.backend.name(), "applied migration");
        }
        Ok(())
    }

    /// Sets the field-encryption key. The first key given to a database is remembered (as a sealed check value);
    /// a different key later is refused with a clear error, before anything is read or written with it.
    pub async fn with_field_key(mut self, key: FieldKey) -> Result<Self> {
        let mut tx = self.begin().await?;
        let sealed: Option<Vec<u8>> = sqlx::query_scalar("SELECT sealed FROM field_key_check WHERE id = 1")
            .fetch_optional(&mut *tx)
            .await?;
        match sealed {
            Some(s) => {
                let plain = key.open("field_key_check", "sealed", 1, &s)?;
                if plain.as_slice() != KEY_CHECK {
                    return Err(StoreError::Crypto(crate::crypto::CryptoError::Decrypt {
                        table: "field_key_check",
                        column: "sealed",
                        row: 1,
                    }));
                }
            }
            None => {
                sqlx::query("INSERT INTO field_key_check (id, sealed) VALUES (1, $1)")
                    .bind(key.seal("field_key_check", "sealed", 1, KEY_CHECK)?)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        self.key = Some(key);
        Ok(self)
    }

    pub(crate) fn field_key(&self) -> Result<&FieldKey> {
        self.key.as_ref().ok_or(StoreError::NoKey)
    }

    /// Begins a write transaction holding the database's write lock (see the module's note).
    pub(crate) async fn begin(&self) -> Result<sqlx::Transaction<'static, Any>> {
        match self.backend {
            Backend::Sqlite => Ok(self.writer.begin_with("BEGIN IMMEDIATE").await?),
            Backend::Postgres => {
                let mut tx = self.writer.begin().await?;
                lock_writes(&mut tx).await?;
                Ok(tx)
            }
        }
    }
}

/// Takes PostgreSQL's write lock in the current transaction (released at its end).
async fn lock_writes(conn: &mut AnyConnection) -> Result<()> {
    let _: i64 = sqlx::query_scalar("SELECT count(*) FROM (SELECT pg_advisory_xact_lock($1)) AS l")
        .bind(PG_WRITE_LOCK)
        .fetch_one(&mut *conn)
        .await?;
    Ok(())
}

/// Appends the audit entry of `actor`'s `action` on the given connection (inside the caller's transaction).
pub(crate) async fn audit_action(
    conn: &mut AnyConnection,
    actor: &Actor,
    at: OffsetDateTime,
    action: &str,
    detail: serde_json::Value,
) -> Result<()> {
    append_audit(
        conn,
        &AuditEntry {
            at,
            actor: actor.clone(),
            action: action.into(),
            detail,
        },
    )
    .await
}

/// A time as the store writes it ([`rfc3339`]).
pub(crate) fn parse_rfc3339(s: &str) -> Result<OffsetDateTime> {
    OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).map_err(|e| corrupt("time", e))
}

/// Appends an audit entry on the given connection (inside the caller's transaction).
pub(crate) async fn append_audit(conn: &mut AnyConnection, e: &AuditEntry) -> Result<()> {
    let last: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut *conn)
            .await?;
    let (prev_seq, prev_hash) = last.unwrap_or((0, GENESIS.to_owned()));
    let seq = prev_seq + 1;
    let at = rfc3339(e.at);
    let detail = e.detail.to_string();
    let hash = audit::entry_hash(
        &prev_hash,
        seq,
        &at,
        &e.actor.name,
        &e.action,
        &detail,
        &e.actor.addr,
    );
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor, action, detail, addr, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(seq)
    .bind(at)
    .bind(&e.actor.name)
    .bind(&e.action)
    .bind(detail)
    .bind(&e.actor.addr)
    .bind(prev_hash)
    .bind(hash)
    .execute(&mut *conn)
    .await?;
    if audit::changes_data(&e.action) {
        sqlx::query("UPDATE data_version SET seq = $1 WHERE id = 1")
            .bind(seq)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Records the import and its audit entry in the import's transaction, and commits it; returns the summary.
async fn commit_import(
    mut tx: sqlx::Transaction<'static, Any>,
    kind: ImportKind,
    meta: &ImportMeta,
    rows: u64,
    inserted: u64,
) -> Result<ImportSummary> {
    let unchanged = rows - inserted;
    sqlx::query(
        "INSERT INTO imports (kind, file_name, sha256, rows, inserted, unchanged, actor, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(kind.as_str())
    .bind(&meta.file_name)
    .bind(&meta.sha256)
    .bind(rows as i64)
    .bind(inserted as i64)
    .bind(unchanged as i64)
    .bind(&meta.actor.name)
    .bind(rfc3339(meta.at))
    .execute(&mut *tx)
    .await?;
    append_audit(
        &mut tx,
        &AuditEntry {
            at: meta.at,
            actor: meta.actor.clone(),
            action: format!("import.{}", kind.as_str()),
            detail: serde_json::json!({
                "file": meta.file_name, "sha256": meta.sha256, "rows": rows, "inserted": inserted, "unchanged": unchanged,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(ImportSummary {
        kind,
        file_name: meta.file_name.clone(),
        sha256: meta.sha256.clone(),
        rows,
        inserted,
        unchanged,
        actor: meta.actor.name.clone(),
        at: meta.at,
    })
}

fn rejected(sink: ErrorSink) -> Result<()> {
    sink.finish(()).map_err(StoreError::Rejected)
}

fn boundary_json(b: &Boundary) -> String {
    b.to_geojson().to_string()
}

fn area_from_row(r: &AnyRow) -> Result<Area> {
    let code: String = r.try_get("code")?;
    let boundary: String = r.try_get("boundary")?;
    let geometry: geojson::Geometry = boundary.parse().map_err(|e| corrupt("area boundary", e))?;
    let population: i64 = r.try_get("population")?;
    Ok(Area {
        code: AreaCode::parse(&code).map_err(|e| corrupt("area code", e))?,
        name: r.try_get("name")?,
        population: Population::new(u32::try_from(population).map_err(|e| corrupt("population", e))?),
        boundary: Boundary::from_geojson(&geometry).map_err(|e| corrupt("area boundary", e))?,
    })
}

fn def_from_row(r: &AnyRow) -> Result<IndicatorDef> {
    let code: String = r.try_get("code")?;
    let direction: String = r.try_get("direction")?;
    Ok(IndicatorDef {
        code: IndicatorCode::parse(&code).map_err(|e| corrupt("indicator code", e))?,
        name: r.try_get("name")?,
        unit: r.try_get("unit")?,
        direction: Direction::parse(&direction).map_err(|e| corrupt("direction", e))?,
        source: r.try_get("source")?,
    })
}

fn value_from_row(r: &AnyRow) -> Result<IndicatorValue> {
    let area: String = r.try_get("area")?;
    let indicator: String = r.try_get("indicator")?;
    let period: String = r.try_get("period")?;
    let value: f64 = r.try_get("value")?;
    IndicatorValue::new(
        AreaCode::parse(&area).map_err(|e| corrupt("area code", e))?,
        IndicatorCode::parse(&indicator).map_err(|e| corrupt("indicator code", e))?,
        Period::parse(&period).map_err(|e| corrupt("period", e))?,
        value,
    )
    .ok_or_else(|| corrupt("indicator value", "not finite"))
}

fn incident_from_row(r: &AnyRow) -> Result<Incident> {
    let id: String = r.try_get("id")?;
    let kind: String = r.try_get("kind")?;
    let date: String = r.try_get("date")?;
    let area: Option<String> = r.try_get("area")?;
    Ok(Incident {
        id: IncidentId::parse(&id).map_err(|e| corrupt("incident id", e))?,
        kind: IncidentType::parse(&kind).map_err(|e| corrupt("incident type", e))?,
        date: parse_date(&date).map_err(|e| corrupt("incident date", e))?,
        location: LonLat::new(r.try_get("lon")?, r.try_get("lat")?)
            .map_err(|e| corrupt("incident location", e))?,
        area: area
            .map(|a| AreaCode::parse(&a))
            .transpose()
            .map_err(|e| corrupt("area code", e))?,
    })
}

fn user_from_row(r: &AnyRow) -> Result<User> {
    let username: String = r.try_get("username")?;
    let role: String = r.try_get("role")?;
    let agency: Option<String> = r.try_get("agency")?;
    let active = r.try_get::<i64, _>("active")? != 0;
    Ok(User {
        username: Username::parse(&username).map_err(|e| corrupt("username", e))?,
        role: Role::parse(&role).map_err(|e| corrupt("role", e))?,
        agency: agency
            .map(|a| AgencyCode::parse(&a))
            .transpose()
            .map_err(|e| corrupt("agency", e))?,
        active,
    })
}

fn summary_from_row(r: &AnyRow) -> Result<ImportSummary> {
    let kind: String = r.try_get("kind")?;
    let at: String = r.try_get("at")?;
    let rows: i64 = r.try_get("rows")?;
    let inserted: i64 = r.try_get("inserted")?;
    let unchanged: i64 = r.try_get("unchanged")?;
    Ok(ImportSummary {
        kind: match kind.as_str() {
            "areas" => ImportKind::Areas,
            "indicators" => ImportKind::Indicators,
            "incidents" => ImportKind::Incidents,
            "agencies" => ImportKind::Agencies,
            other => return Err(corrupt("import kind", other)),
        },
        file_name: r.try_get("file_name")?,
        sha256: r.try_get("sha256")?,
        rows: rows as u64,
        inserted: inserted as u64,
        unchanged: unchanged as u64,
        actor: r.try_get("actor")?,
        at: OffsetDateTime::parse(&at, &Rfc3339).map_err(|e| corrupt("import time", e))?,
    })
}

fn audit_from_row(r: &AnyRow) -> Result<AuditRecord> {
    Ok(AuditRecord {
        seq: r.try_get("seq")?,
        at: r.try_get("at")?,
        actor: r.try_get("actor")?,
        action: r.try_get("action")?,
        detail: r.try_get("detail")?,
        addr: r.try_get("addr")?,
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}

/// Appends `WHERE ...` for an incident filter.
fn push_filter(q: &mut SqlBuilder, f: &IncidentFilter) {
    q.push(" WHERE 1 = 1");
    if !f.kinds.is_empty() {
        q.push(" AND kind IN (");
        for (i, k) in f.kinds.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.bind(k.code());
        }
        q.push(")");
    }
    if let Some(from) = f.from {
        q.push(" AND date >= ").bind(from.to_string());
    }
    if let Some(to) = f.to {
        q.push(" AND date <= ").bind(to.to_string());
    }
    if let Some(area) = &f.area {
        q.push(" AND area = ").bind(area.to_string());
    }
}

#[async_trait]
impl Store for SqlStore {
    async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.reader).await?;
        Ok(())
    }

    async fn city(&self) -> Result<Option<City>> {
        let row = sqlx::query("SELECT name, country FROM city WHERE id = 1")
            .fetch_optional(&self.reader)
            .await?;
        row.map(|r| {
            let country: String = r.try_get("country")?;
            Ok(City {
                name: r.try_get("name")?,
                country: CountryCode::parse(&country).map_err(|e| corrupt("country", e))?,
            })
        })
        .transpose()
    }

    async fn set_city(&self, city: &City, actor: &Actor, at: OffsetDateTime) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO city (id, name, country) VALUES (1, $1, $2)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, country = excluded.country",
        )
        .bind(&city.name)
        .bind(city.country.as_str())
        .execute(&mut *tx)
        .await?;
        append_audit(
            &mut tx,
            &AuditEntry {
                at,
                actor: actor.clone(),
                action: "city.set".into(),
                detail: serde_json::json!({ "name": city.name, "country": city.country }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn publish_estimate(&self, e: &PublicEstimate, actor: &Actor, at: OffsetDateTime) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO public_estimates (period, lists, observed, estimate, low, high, level, method,
             published_by, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&e.period)
        .bind(e.lists as i64)
        .bind(e.observed as i64)
        .bind(e.estimate)
        .bind(e.low)
        .bind(e.high)
        .bind(e.level)
        .bind(&e.method)
        .bind(&actor.name)
        .bind(rfc3339(at))
        .execute(&mut *tx)
        .await?;
        audit_action(
            &mut tx,
            actor,
            at,
            "estimate.publish",
            serde_json::to_value(e).map_err(|x| corrupt("estimate", x))?,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn public_estimate(&self) -> Result<Option<PublicEstimate>> {
        let row = sqlx::query(
            "SELECT period, lists, observed, estimate, low, high, level, method, published_at
             FROM public_estimates ORDER BY id DESC LIMIT 1",
        )
        .fetch_optional(&self.reader)
        .await?;
        row.map(|r| {
            Ok(PublicEstimate {
                period: r.try_get("period")?,
                lists: r.try_get::<i64, _>("lists")?.max(0) as u64,
                observed: r.try_get::<i64, _>("observed")?.max(0) as u64,
                estimate: r.try_get("estimate")?,
                low: r.try_get("low")?,
                high: r.try_get("high")?,
                level: r.try_get("level")?,
                method: r.try_get("method")?,
                published_at: Some(r.try_get("published_at")?),
            })
        })
        .transpose()
    }

    async fn agencies(&self) -> Result<Vec<Agency>> {
        let rows = sqlx::query("SELECT code, name, kind FROM agencies ORDER BY code")
            .fetch_all(&self.reader)
            .await?;
        rows.iter()
            .map(|r| {
                let code: String = r.try_get("code")?;
                let kind: String = r.try_get("kind")?;
                Ok(Agency {
                    code: AgencyCode::parse(&code).map_err(|e| corrupt("agency code", e))?,
                    name: r.try_get("name")?,
                    kind: AgencyKind::parse(&kind).map_err(|e| corrupt("agency kind", e))?,
                })
            })
            .collect()
    }

    async fn import_areas(&self, meta: &ImportMeta, rows: &[Lined<Area>]) -> Result<ImportSummary> {
        let mut tx = self.begin().await?;
        let existing: HashMap<String, (String, i64, String)> =
            sqlx::query_as::<_, (String, String, i64, String)>(
                "SELECT code, name, population, boundary FROM areas",
            )
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(|(c, n, p, b)| (c, (n, p, b)))
            .collect();
        let mut sink = ErrorSink::new(&meta.file_name);
        let mut new = Vec::new();
        for r in rows {
            let a = &r.value;
            let b = boundary_json(&a.boundary);
            match existing.get(a.code.as_str()) {
                Some((n, p, sb)) if *n == a.name && *p == i64::from(a.population.get()) && *sb == b => {}
                Some(_) => sink.push(
                    r.line,
                    "properties.id",
                    format!(
                        "area {} is already stored with a different name, population or boundary; \
                         vigie does not change stored data silently",
                        a.code
                    ),
                ),
                None => new.push((a, b)),
            }
        }
        rejected(sink)?;
        for chunk in new.chunks(BATCH) {
            let mut q = SqlBuilder::new("INSERT INTO areas (code, name, population, boundary) ");
            q.values(chunk, |b, (a, geo)| {
                b.bind(a.code.to_string())
                    .bind(a.name.clone())
                    .bind(i64::from(a.population.get()))
                    .bind(geo.clone());
            });
            q.build()?.execute(&mut *tx).await?;
        }
        commit_import(tx, ImportKind::Areas, meta, rows.len() as u64, new.len() as u64).await
    }

    async fn import_indicators(&self, meta: &ImportMeta, file: &IndicatorFile) -> Result<ImportSummary> {
        let mut tx = self.begin().await?;
        let mut sink = ErrorSink::new(&meta.file_name);
        let defs: HashMap<String, IndicatorDef> = sqlx::query("SELECT * FROM indicators")
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| def_from_row(r).map(|d| (d.code.to_string(), d)))
            .collect::<Result<_>>()?;
        let mut new_defs = Vec::new();
        for d in &file.definitions {
            match defs.get(d.value.code.as_str()) {
                Some(stored) if *stored == d.value => {}
                Some(_) => sink.push(
                    d.line,
                    "unit",
                    format!(
                        "indicator {} is already defined with a different name, unit, direction or source",
                        d.value.code
                    ),
                ),
                None => new_defs.push(&d.value),
            }
        }
        let known: HashSet<&str> = defs
            .keys()
            .map(String::as_str)
            .chain(new_defs.iter().map(|d| d.code.as_str()))
            .collect();
        let areas: HashSet<String> = sqlx::query_scalar("SELECT code FROM areas")
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect();
        let stored: HashMap<(String, String, String), f64> =
            sqlx::query_as::<_, (String, String, String, f64)>(
                "SELECT area, indicator, period, value FROM indicator_values",
            )
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(|(a, i, p, v)| ((a, i, p), v))
            .collect();
        let mut new_values = Vec::new();
        for r in &file.values {
            let v = &r.value;
            if !areas.contains(v.area.as_str()) {
                sink.push(
                    r.line,
                    "area",
                    format!("area {} is not known; import the areas first", v.area),
                );
                continue;
            }
            if !known.contains(v.indicator.as_str()) {
                sink.push(
                    r.line,
                    "indicator",
                    format!(
                        "indicator {} is not defined; give its unit and direction (higher_is_worse or \
                         higher_is_better) in columns unit and direction",
                        v.indicator
                    ),
                );
                continue;
            }
            let key = (v.area.to_string(), v.indicator.to_string(), v.period.to_string());
            match stored.get(&key) {
                Some(s) if *s == v.value() => {}
                Some(s) => sink.push(
                    r.line,
                    "value",
                    format!(
                        "{} for area {} in {} is already stored as {s}; vigie does not change stored data silently",
                        v.indicator, v.area, v.period
                    ),
                ),
                None => new_values.push(v),
            }
        }
        rejected(sink)?;
        for d in &new_defs {
            sqlx::query(
                "INSERT INTO indicators (code, name, unit, direction, source) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(d.code.as_str())
            .bind(&d.name)
            .bind(&d.unit)
            .bind(d.direction.code())
            .bind(&d.source)
            .execute(&mut *tx)
            .await?;
        }
        for chunk in new_values.chunks(BATCH) {
            let mut q = SqlBuilder::new("INSERT INTO indicator_values (area, indicator, period, value) ");
            q.values(chunk, |b, v| {
                b.bind(v.area.to_string())
                    .bind(v.indicator.to_string())
                    .bind(v.period.to_string())
                    .bind(v.value());
            });
            q.build()?.execute(&mut *tx).await?;
        }
        commit_import(
            tx,
            ImportKind::Indicators,
            meta,
            file.values.len() as u64,
            new_values.len() as u64,
        )
        .await
    }

    async fn import_incidents(&self, meta: &ImportMeta, rows: &[Lined<Incident>]) -> Result<ImportSummary> {
        let mut tx = self.begin().await?;
        let mut sink = ErrorSink::new(&meta.file_name);
        let need_locate = rows.iter().any(|r| r.value.area.is_none());
        let stored_areas: Vec<Area> = if need_locate {
            sqlx::query("SELECT * FROM areas")
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(area_from_row)
                .collect::<Result<_>>()?
        } else {
            Vec::new()
        };
        let area_codes: HashSet<String> = sqlx::query_scalar("SELECT code FROM areas")
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect();
        let existing: HashMap<String, Incident> = sqlx::query("SELECT * FROM incidents")
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| incident_from_row(r).map(|i| (i.id.to_string(), i)))
            .collect::<Result<_>>()?;
        let mut new = Vec::new();
        for r in rows {
            let mut inc = r.value.clone();
            let area_given = inc.area.is_some();
            match &inc.area {
                Some(a) if !area_codes.contains(a.as_str()) => {
                    sink.push(
                        r.line,
                        "area",
                        format!("area {a} is not known; import the areas first"),
                    );
                    continue;
                }
                Some(_) => {}
                None => inc.area = locate(&stored_areas, inc.location).cloned(),
            }
            // A row without an area says nothing about the area: it matches the stored incident whatever area
            // that one was given (or not) when it was first imported.
            let same = |old: &Incident| {
                old.id == inc.id
                    && old.kind == inc.kind
                    && old.date == inc.date
                    && old.location == inc.location
                    && (!area_given || old.area == inc.area)
            };
            match existing.get(inc.id.as_str()) {
                Some(old) if same(old) => {}
                Some(_) => sink.push(
                    r.line,
                    "id",
                    format!(
                        "incident {} is already stored with different values; vigie does not change stored data silently",
                        inc.id
                    ),
                ),
                None => new.push(inc),
            }
        }
        rejected(sink)?;
        for chunk in new.chunks(BATCH) {
            let mut q = SqlBuilder::new("INSERT INTO incidents (id, kind, date, lon, lat, area) ");
            q.values(chunk, |b, i| {
                b.bind(i.id.to_string())
                    .bind(i.kind.code())
                    .bind(i.date.to_string())
                    .bind(i.location.lon())
                    .bind(i.location.lat())
                    .bind(i.area.as_ref().map(|a| a.to_string()));
            });
            q.build()?.execute(&mut *tx).await?;
        }
        commit_import(
            tx,
            ImportKind::Incidents,
            meta,
            rows.len() as u64,
            new.len() as u64,
        )
        .await
    }

    async fn import_agencies(&self, meta: &ImportMeta, rows: &[Lined<Agency>]) -> Result<ImportSummary> {
        let mut tx = self.begin().await?;
        let existing: HashMap<String, (String, String)> =
            sqlx::query_as::<_, (String, String, String)>("SELECT code, name, kind FROM agencies")
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .map(|(c, n, k)| (c, (n, k)))
                .collect();
        let mut sink = ErrorSink::new(&meta.file_name);
        let mut new = Vec::new();
        for r in rows {
            let a = &r.value;
            match existing.get(a.code.as_str()) {
                Some((n, k)) if *n == a.name && k == a.kind.code() => {}
                Some(_) => sink.push(
                    r.line,
                    "code",
                    format!(
                        "agency {} is already stored with a different name or kind",
                        a.code
                    ),
                ),
                None => new.push(a),
            }
        }
        rejected(sink)?;
        for a in &new {
            sqlx::query("INSERT INTO agencies (code, name, kind) VALUES ($1, $2, $3)")
                .bind(a.code.as_str())
                .bind(&a.name)
                .bind(a.kind.code())
                .execute(&mut *tx)
                .await?;
        }
        commit_import(
            tx,
            ImportKind::Agencies,
            meta,
            rows.len() as u64,
            new.len() as u64,
        )
        .await
    }

    async fn recent_imports(&self, limit: u32) -> Result<Vec<ImportSummary>> {
        sqlx::query("SELECT * FROM imports ORDER BY id DESC LIMIT $1")
            .bind(i64::from(limit))
            .fetch_all(&self.reader)
            .await?
            .iter()
            .map(summary_from_row)
            .collect()
    }

    async fn summary(&self) -> Result<Summary> {
        let r = sqlx::query(
            "SELECT
               (SELECT count(*) FROM areas) AS areas,
               (SELECT CAST(coalesce(sum(population), 0) AS BIGINT) FROM areas) AS population,
               (SELECT count(*) FROM indicators) AS indicators,
               (SELECT count(*) FROM indicator_values) AS indicator_values,
               (SELECT count(*) FROM incidents) AS incidents,
               (SELECT min(date) FROM incidents) AS first_incident,
               (SELECT max(date) FROM incidents) AS last_incident,
               (SELECT count(*) FROM agencies) AS agencies,
               (SELECT count(*) FROM users) AS users",
        )
        .fetch_one(&self.reader)
        .await?;
        let n = |c: &str| -> Result<u64> { Ok(r.try_get::<i64, _>(c)?.max(0) as u64) };
        let d = |c: &str| -> Result<Option<Date>> {
            let s: Option<String> = r.try_get(c)?;
            s.map(|s| parse_date(&s).map_err(|e| corrupt("incident date", e)))
                .transpose()
        };
        Ok(Summary {
            areas: n("areas")?,
            population: n("population")?,
            indicators: n("indicators")?,
            indicator_values: n("indicator_values")?,
            incidents: n("incidents")?,
            first_incident: d("first_incident")?,
            last_incident: d("last_incident")?,
            agencies: n("agencies")?,
            users: n("users")?,
        })
    }

    async fn areas(&self) -> Result<Vec<Area>> {
        sqlx::query("SELECT * FROM areas ORDER BY code")
            .fetch_all(&self.reader)
            .await?
            .iter()
            .map(area_from_row)
            .collect()
    }

    async fn area(&self, code: &AreaCode) -> Result<Option<Area>> {
        sqlx::query("SELECT * FROM areas WHERE code = $1")
            .bind(code.as_str())
            .fetch_optional(&self.reader)
            .await?
            .as_ref()
            .map(area_from_row)
            .transpose()
    }

    async fn indicator_defs(&self) -> Result<Vec<IndicatorDef>> {
        sqlx::query("SELECT * FROM indicators ORDER BY code")
            .fetch_all(&self.reader)
            .await?
            .iter()
            .map(def_from_row)
            .collect()
    }

    async fn indicator_periods(&self, indicator: &IndicatorCode) -> Result<Vec<Period>> {
        let raw: Vec<String> =
            sqlx::query_scalar("SELECT DISTINCT period FROM indicator_values WHERE indicator = $1")
                .bind(indicator.as_str())
                .fetch_all(&self.reader)
                .await?;
        let mut out = raw
            .iter()
            .map(|p| Period::parse(p).map_err(|e| corrupt("period", e)))
            .collect::<Result<Vec<_>>>()?;
        out.sort();
        Ok(out)
    }

    async fn indicator_values(
        &self,
        indicator: &IndicatorCode,
        period: Period,
    ) -> Result<Vec<IndicatorValue>> {
        sqlx::query("SELECT * FROM indicator_values WHERE indicator = $1 AND period = $2 ORDER BY area")
            .bind(indicator.as_str())
            .bind(period.to_string())
            .fetch_all(&self.reader)
            .await?
            .iter()
            .map(value_from_row)
            .collect()
    }

    async fn area_indicator_values(&self, area: &AreaCode) -> Result<Vec<IndicatorValue>> {
        let mut out = sqlx::query("SELECT * FROM indicator_values WHERE area = $1")
            .bind(area.as_str())
            .fetch_all(&self.reader)
            .await?
            .iter()
            .map(value_from_row)
            .collect::<Result<Vec<_>>>()?;
        out.sort_by(|a, b| (&a.indicator, a.period).cmp(&(&b.indicator, b.period)));
        Ok(out)
    }

    async fn count_incidents(&self, filter: &IncidentFilter) -> Result<u64> {
        let mut q = SqlBuilder::new("SELECT count(*) FROM incidents");
        push_filter(&mut q, filter);
        let n: i64 = q.build_scalar()?.fetch_one(&self.reader).await?;
        Ok(n.max(0) as u64)
    }

    async fn incidents(&self, filter: &IncidentFilter, limit: u32, offset: u32) -> Result<Vec<Incident>> {
        let mut q = SqlBuilder::new("SELECT * FROM incidents");
        push_filter(&mut q, filter);
        q.push(" ORDER BY date DESC, id LIMIT ")
            .bind(i64::from(limit))
            .push(" OFFSET ")
            .bind(i64::from(offset));
        q.build()?
            .fetch_all(&self.reader)
            .await?
            .iter()
            .map(incident_from_row)
            .collect()
    }

    async fn incident_counts(&self, filter: &IncidentFilter, by: Grouping) -> Result<Vec<(String, u64)>> {
        let key = match by {
            Grouping::Area => "coalesce(area, '')",
            Grouping::Kind => "kind",
            Grouping::Year => "substr(date, 1, 4)",
            Grouping::Month => "substr(date, 1, 7)",
        };
        let mut q = SqlBuilder::new("SELECT ");
        q.push(key).push(" AS k, count(*) AS n FROM incidents");
        push_filter(&mut q, filter);
        q.push(" GROUP BY k ORDER BY k");
        let rows: Vec<(String, i64)> = q.build_as()?.fetch_all(&self.reader).await?;
        Ok(rows.into_iter().map(|(k, n)| (k, n.max(0) as u64)).collect())
    }

    async fn create_user(&self, user: &NewUser, actor: &Actor, at: OffsetDateTime) -> Result<i64> {
        let mut tx = self.begin().await?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
            .bind(user.username.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_some() {
            return Err(StoreError::Conflict(format!(
                "a user named {} already exists",
                user.username
            )));
        }
        if let Some(agency) = &user.agency {
            let known: Option<String> = sqlx::query_scalar("SELECT code FROM agencies WHERE code = $1")
                .bind(agency.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            if known.is_none() {
                return Err(StoreError::Conflict(format!("agency {agency} is not known")));
            }
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (username, role, agency, password_hash, active, created_at) VALUES ($1, $2, $3, $4, 1, $5) RETURNING id",
        )
        .bind(user.username.as_str())
        .bind(user.role.code())
        .bind(user.agency.as_ref().map(|a| a.to_string()))
        .bind(&user.password_hash)
        .bind(rfc3339(at))
        .fetch_one(&mut *tx)
        .await?;
        append_audit(
            &mut tx,
            &AuditEntry {
                at,
                actor: actor.clone(),
                action: "user.create".into(),
                detail: serde_json::json!({ "user": user.username, "role": user.role, "agency": user.agency }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn users(&self) -> Result<Vec<User>> {
        sqlx::query("SELECT * FROM users ORDER BY username")
            .fetch_all(&self.reader)
            .await?
            .iter()
            .map(user_from_row)
            .collect()
    }

    async fn credentials(&self, username: &Username) -> Result<Option<Credentials>> {
        let row = sqlx::query("SELECT * FROM users WHERE username = $1")
            .bind(username.as_str())
            .fetch_optional(&self.reader)
            .await?;
        row.map(|r| {
            Ok(Credentials {
                id: r.try_get("id")?,
                user: user_from_row(&r)?,
                password_hash: r.try_get("password_hash")?,
            })
        })
        .transpose()
    }

    async fn change_user(
        &self,
        username: &Username,
        change: &UserChange,
        actor: &Actor,
        at: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
            .bind(username.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        let Some(id) = id else {
            return Err(StoreError::NotFound(format!("user {username}")));
        };
        if let Some(role) = change.role {
            sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
                .bind(role.code())
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        if let Some(active) = change.active {
            sqlx::query("UPDATE users SET active = $1 WHERE id = $2")
                .bind(i64::from(active))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        if let Some(hash) = &change.password_hash {
            sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                .bind(hash)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        // A deactivated user, or one whose role or password changed, must sign in again.
        if change.active == Some(false) || change.role.is_some() || change.password_hash.is_some() {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        append_audit(
            &mut tx,
            &AuditEntry {
                at,
                actor: actor.clone(),
                action: "user.change".into(),
                detail: serde_json::json!({
                    "user": username, "role": change.role, "active": change.active,
                    "password_changed": change.password_hash.is_some(),
                }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn create_session(&self, s: &Session) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, csrf, created_at, last_seen) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&s.id_hash)
        .bind(s.user.as_ref().map(|(id, _)| *id))
        .bind(&s.csrf)
        .bind(s.created_at.unix_timestamp())
        .bind(s.last_seen.unix_timestamp())
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn session(&self, id_hash: &str) -> Result<Option<Session>> {
        let row = sqlx::query(
            "SELECT s.id_hash, s.user_id, s.csrf, s.created_at, s.last_seen, u.username, u.role, u.agency, u.active
             FROM sessions s LEFT JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1",
        )
        .bind(id_hash)
        .fetch_optional(&self.writer)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let user_id: Option<i64> = r.try_get("user_id")?;
        let user = match user_id {
            Some(id) => Some((id, user_from_row(&r)?)),
            None => None,
        };
        Ok(Some(Session {
            id_hash: r.try_get("id_hash")?,
            user,
            csrf: r.try_get("csrf")?,
            created_at: from_unix(r.try_get("created_at")?)?,
            last_seen: from_unix(r.try_get("last_seen")?)?,
        }))
    }

    async fn touch_session(&self, id_hash: &str, at: OffsetDateTime) -> Result<()> {
        sqlx::query("UPDATE sessions SET last_seen = $1 WHERE id_hash = $2")
            .bind(at.unix_timestamp())
            .bind(id_hash)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn delete_session(&self, id_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn purge_sessions(&self, idle_before: OffsetDateTime) -> Result<u64> {
        let r = sqlx::query("DELETE FROM sessions WHERE last_seen < $1")
            .bind(idle_before.unix_timestamp())
            .execute(&self.writer)
            .await?;
        Ok(r.rows_affected())
    }

    async fn record_login_failure(&self, username: &str, addr: &str, at: OffsetDateTime) -> Result<()> {
        // Keep the table small: failures older than a day no longer matter.
        sqlx::query("DELETE FROM login_failures WHERE at < $1")
            .bind(at.unix_timestamp() - 86_400)
            .execute(&self.writer)
            .await?;
        sqlx::query("INSERT INTO login_failures (username, addr, at) VALUES ($1, $2, $3)")
            .bind(username)
            .bind(addr)
            .bind(at.unix_timestamp())
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn login_failures(&self, username: &str, addr: &str, since: OffsetDateTime) -> Result<(u64, u64)> {
        let (u, a): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT count(*) FROM login_failures WHERE username = $1 AND at >= $2),
                    (SELECT count(*) FROM login_failures WHERE addr = $3 AND at >= $4)",
        )
        .bind(username)
        .bind(since.unix_timestamp())
        .bind(addr)
        .bind(since.unix_timestamp())
        .fetch_one(&self.writer)
        .await?;
        Ok((u.max(0) as u64, a.max(0) as u64))
    }

    async fn clear_login_failures(&self, username: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_failures WHERE username = $1")
            .bind(username)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn audit(&self, entry: &AuditEntry) -> Result<()> {
        let mut tx = self.begin().await?;
        append_audit(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn data_version(&self) -> Result<i64> {
        let v: Option<i64> = sqlx::query_scalar("SELECT seq FROM data_version WHERE id = 1")
            .fetch_optional(&self.reader)
            .await?;
        Ok(v.unwrap_or(0))
    }

    async fn audit_recent(&self, limit: u32) -> Result<Vec<AuditRecord>> {
        sqlx::query("SELECT * FROM audit_log ORDER BY seq DESC LIMIT $1")
            .bind(i64::from(limit))
            .fetch_all(&self.reader)
            .await?
            .iter()
            .map(audit_from_row)
            .collect()
    }

    async fn audit_verify(&self) -> Result<AuditReport> {
        let mut v = Verifier::default();
        let mut after = 0i64;
        loop {
            let page = sqlx::query("SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 5000")
                .bind(after)
                .fetch_all(&self.reader)
                .await?;
            if page.is_empty() {
                break;
            }
            for r in &page {
                let rec = audit_from_row(r)?;
                after = rec.seq;
                v.push(&rec);
            }
        }
        Ok(v.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_locations_are_read_and_shown_without_a_password() {
        let pg = DbLocation::parse("postgres://vigie:s3cret@db.example:5432/city?sslmode=require").unwrap();
        assert_eq!(pg.redacted(), "postgres://vigie:***@db.example:5432/city");
        assert!(!pg.to_string().contains("s3cret"));
        assert_eq!(
            DbLocation::parse("postgresql://db/city").unwrap().redacted(),
            "postgresql://db/city"
        );
        assert_eq!(
            DbLocation::parse("sqlite:data/city.sqlite").unwrap(),
            DbLocation::Sqlite("data/city.sqlite".into())
        );
        assert_eq!(
            DbLocation::parse("sqlite:///var/lib/vigie.sqlite").unwrap(),
            DbLocation::Sqlite("/var/lib/vigie.sqlite".into())
        );
        assert_eq!(
            DbLocation::parse("vigie.sqlite").unwrap(),
            DbLocation::Sqlite("vigie.sqlite".into())
        );
        for bad in ["", "sqlite:", "mysql://db/city"] {
            assert!(DbLocation::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn file_paths_become_urls_sqlite_reads_back() {
        let url = sqlite_url(Path::new("/tmp/a b/c?d#e%f.sqlite"), "mode=ro").unwrap();
        assert_eq!(url, "sqlite:///tmp/a%20b/c%3Fd%23e%25f.sqlite?mode=ro");
    }

    #[tokio::test]
    async fn a_file_with_odd_characters_in_its_name_opens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a city ?#%.sqlite");
        let store = SqlStore::open(&path).await.unwrap();
        assert_eq!(store.backend(), Backend::Sqlite);
        assert!(path.exists());
        store.close().await;
    }
}
