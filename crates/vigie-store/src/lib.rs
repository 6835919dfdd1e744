//! vigie's store: the [`Store`] trait and its SQL implementation ([`SqlStore`]), on SQLite or PostgreSQL.
//!
//! Only this crate speaks SQL. Every write that changes what the city knows is one transaction, together with its
//! audit entry, so that a crash leaves either all of it or none. The audit log is append-only (enforced by
//! triggers) and hash-chained ([`audit`]). The conformance tests in `tests/it` are written against the trait and
//! run against both backends.

pub mod audit;
mod builder;
pub mod cases;
pub mod content;
pub mod convention;
pub mod crypto;
pub mod dump;
pub mod exchange;
mod import;
pub mod networks;
pub mod plan;
mod sql;
mod sql_cases;
mod sql_content;
mod sql_convention;
pub(crate) mod sql_exchange;
mod sql_networks;
mod sql_plan;
mod sql_tokens;
pub mod testing;
pub mod tokens;

use async_trait::async_trait;
use serde::Serialize;
use time::{Date, OffsetDateTime};
use vigie_domain::import::{ImportErrors, IndicatorFile, Lined};
use vigie_domain::{
    Agency, Area, AreaCode, City, Incident, IncidentType, IndicatorCode, IndicatorDef, IndicatorValue,
    Period, Role, User, Username,
};

pub use audit::{AuditEntry, AuditRecord, AuditReport};
pub use cases::{
    CaseCounts, CaseEvent, CaseFact, CaseRecord, CaseStore, CaseSummary, Consent, Deadline, HtcdsCase,
    ImportedCase, LegalNote, NewScreening, NewService, Referral, ReferralView, ScreeningRecord, Service,
    StatusDecision, Viewer,
};
pub use content::{ContentState, ContentStore, ContentVersion, MAX_CONTENT_BYTES, MAX_NOTE_CHARS};
pub use convention::{ConventionStore, StoredChange, StoredRecommendation};
pub use crypto::{CryptoError, FieldKey, os_random};
pub use dump::Dump;
pub use exchange::{ExchangeIdentity, ExchangeStore, PackageRecord, Partner};
pub use import::{ParsedFile, import_file, parse_file, store_file};
pub use networks::{AreaPresenceRow, NetworkInfo, NetworkStore, NewNetwork, RoleGrant, StoredNetwork};
pub use plan::{MeasureEvent, MeasureValue, PlanStore, ReferralYear, StoredMeasure};
pub use sql::{Backend, DbLocation, SqlStore};
pub use sql_exchange::valid_id as valid_exchange_id;
/// The database error type, for callers that need to tell an unreachable database from other failures.
pub use sqlx::Error as SqlxError;
pub use tokens::{ApiToken, MAX_TOKEN_NAME, NewToken, TokenState, TokenStore};

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database's own error (its message says all there is: it is not repeated as a cause).
    #[error("{}", database_message(.0))]
    Database(sqlx::Error),
    #[error("the file was refused; nothing was imported:\n{0}")]
    Rejected(ImportErrors),
    #[error("{0}")]
    Conflict(String),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    /// Need-to-know refused the read or change.
    #[error("not allowed: {0}")]
    Forbidden(String),
    /// A measure of the action plan that is not valid: every problem, by field; nothing was stored.
    #[error("the measure was refused; nothing was stored:\n{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<vigie_domain::plan::PlanProblem>),
    /// A request that cannot be carried out as asked (a full service, a withdrawn consent), with the reason.
    #[error("{0}")]
    Refused(String),
    /// A correction of the Convention's chart that is not valid: every problem, by field; nothing was stored.
    #[error("the change was refused; nothing was stored:\n{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    InvalidChange(Vec<vigie_domain::convention::FieldProblem>),
    #[error(
        "no field-encryption key is set: cases cannot be recorded or read (give --key-file or VIGIE_KEY)"
    )]
    NoKey,
    #[error(transparent)]
    Crypto(#[from] crypto::CryptoError),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        StoreError::Database(e)
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Who does something, and from where (an IP address, or `cli`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    pub name: String,
    pub addr: String,
}

impl Actor {
    pub fn new(name: impl Into<String>, addr: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            addr: addr.into(),
        }
    }
}

/// The kind of an imported file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImportKind {
    Areas,
    Indicators,
    Incidents,
    Agencies,
}

impl ImportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Areas => "areas",
            ImportKind::Indicators => "indicators",
            ImportKind::Incidents => "incidents",
            ImportKind::Agencies => "agencies",
        }
    }
}

/// Facts about an imported file, recorded with the import.
#[derive(Debug, Clone)]
pub struct ImportMeta {
    pub file_name: String,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    pub actor: Actor,
    pub at: OffsetDateTime,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub kind: ImportKind,
    pub file_name: String,
    pub sha256: String,
    pub rows: u64,
    /// Rows that were new.
    pub inserted: u64,
    /// Rows already stored with the same values (re-imports change nothing).
    pub unchanged: u64,
    pub actor: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// A user to create.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: Username,
    pub role: Role,
    pub agency: Option<vigie_domain::AgencyCode>,
    /// A PHC string (Argon2id); the store never sees a password.
    pub password_hash: String,
}

/// A user with what login needs.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub id: i64,
    pub user: User,
    pub password_hash: String,
}

/// A change to a user account; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct UserChange {
    pub role: Option<Role>,
    pub active: Option<bool>,
    pub password_hash: Option<String>,
}

/// A server-side session, looked up by the SHA-256 of its token.
#[derive(Debug, Clone)]
pub struct Session {
    pub id_hash: String,
    /// `None` for an anonymous session (it only carries the login form's CSRF token).
    pub user: Option<(i64, User)>,
    pub csrf: String,
    pub created_at: OffsetDateTime,
    pub last_seen: OffsetDateTime,
}

/// Which incidents to read.
#[derive(Debug, Clone, Default)]
pub struct IncidentFilter {
    /// Empty means every type.
    pub kinds: Vec<IncidentType>,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub area: Option<AreaCode>,
}

/// How to group incident counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    Area,
    Kind,
    Year,
    Month,
}

/// Key figures of the city.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    pub areas: u64,
    pub population: u64,
    pub indicators: u64,
    pub indicator_values: u64,
    pub incidents: u64,
    pub first_incident: Option<Date>,
    pub last_incident: Option<Date>,
    pub agencies: u64,
    pub users: u64,
}

/// Whether the database said the disk (or the database's size cap) is full.
fn is_full(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            // SQLite: SQLITE_FULL (13); PostgreSQL: disk_full (53100).
            matches!(db.code().as_deref(), Some("13") | Some("53100"))
                || db.message().contains("database or disk is full")
        }
        _ => false,
    }
}

fn database_message(e: &sqlx::Error) -> String {
    if is_full(e) {
        format!("the disk is full: nothing was written ({e})")
    } else {
        format!("database error: {e}")
    }
}

impl StoreError {
    /// Whether the write failed because the disk (or the database's size cap) is full: nothing was written.
    pub fn is_full(&self) -> bool {
        matches!(self, StoreError::Database(e) if is_full(e))
    }
}

/// An estimate of the hidden number of victims published on the public portal (aggregates only).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicEstimate {
    /// The period the agencies' lists cover, as the analyst states it (e.g. "2024–2025").
    pub period: String,
    /// How many lists were compared.
    pub lists: u64,
    /// People on at least one list.
    pub observed: u64,
    pub estimate: f64,
    pub low: f64,
    pub high: f64,
    /// The interval's confidence level (0.95).
    pub level: f64,
    pub method: String,
    /// When it was published (RFC 3339); set by the store.
    pub published_at: Option<String>,
}

/// The store. All methods are safe to call concurrently.
#[async_trait]
pub trait Store:
    CaseStore
    + NetworkStore
    + PlanStore
    + ExchangeStore
    + ContentStore
    + ConventionStore
    + TokenStore
    + Send
    + Sync
{
    /// Answers when the database can be reached.
    async fn ping(&self) -> Result<()>;

    // City and agencies
    async fn city(&self) -> Result<Option<City>>;
    async fn set_city(&self, city: &City, actor: &Actor, at: OffsetDateTime) -> Result<()>;
    async fn agencies(&self) -> Result<Vec<Agency>>;

    // The public portal
    /// Publishes an estimate of the hidden number of victims (audited `estimate.publish`); the newest is shown.
    async fn publish_estimate(&self, e: &PublicEstimate, actor: &Actor, at: OffsetDateTime) -> Result<()>;
    /// The newest published estimate.
    async fn public_estimate(&self) -> Result<Option<PublicEstimate>>;

    // Imports: each is all or nothing, idempotent, and refuses to change what is stored.
    async fn import_areas(&self, meta: &ImportMeta, rows: &[Lined<Area>]) -> Result<ImportSummary>;
    async fn import_indicators(&self, meta: &ImportMeta, file: &IndicatorFile) -> Result<ImportSummary>;
    async fn import_incidents(&self, meta: &ImportMeta, rows: &[Lined<Incident>]) -> Result<ImportSummary>;
    async fn import_agencies(&self, meta: &ImportMeta, rows: &[Lined<Agency>]) -> Result<ImportSummary>;
    async fn recent_imports(&self, limit: u32) -> Result<Vec<ImportSummary>>;

    // Reading what the city knows
    async fn summary(&self) -> Result<Summary>;
    async fn areas(&self) -> Result<Vec<Area>>;
    async fn area(&self, code: &AreaCode) -> Result<Option<Area>>;
    async fn indicator_defs(&self) -> Result<Vec<IndicatorDef>>;
    /// Periods with values for the indicator, oldest first.
    async fn indicator_periods(&self, indicator: &IndicatorCode) -> Result<Vec<Period>>;
    async fn indicator_values(
        &self,
        indicator: &IndicatorCode,
        period: Period,
    ) -> Result<Vec<IndicatorValue>>;
    async fn area_indicator_values(&self, area: &AreaCode) -> Result<Vec<IndicatorValue>>;
    async fn count_incidents(&self, filter: &IncidentFilter) -> Result<u64>;
    /// Incidents matching the filter, newest first.
    async fn incidents(&self, filter: &IncidentFilter, limit: u32, offset: u32) -> Result<Vec<Incident>>;
    async fn incident_counts(&self, filter: &IncidentFilter, by: Grouping) -> Result<Vec<(String, u64)>>;

    // Users
    async fn create_user(&self, user: &NewUser, actor: &Actor, at: OffsetDateTime) -> Result<i64>;
    async fn users(&self) -> Result<Vec<User>>;
    async fn credentials(&self, username: &Username) -> Result<Option<Credentials>>;
    async fn change_user(
        &self,
        username: &Username,
        change: &UserChange,
        actor: &Actor,
        at: OffsetDateTime,
    ) -> Result<()>;

    // Sessions
    async fn create_session(&self, session: &Session) -> Result<()>;
    async fn session(&self, id_hash: &str) -> Result<Option<Session>>;
    async fn touch_session(&self, id_hash: &str, at: OffsetDateTime) -> Result<()>;
    async fn delete_session(&self, id_hash: &str) -> Result<()>;
    /// Deletes sessions not seen since `idle_before`; returns how many.
    async fn purge_sessions(&self, idle_before: OffsetDateTime) -> Result<u64>;

    // Login throttling
    async fn record_login_failure(&self, username: &str, addr: &str, at: OffsetDateTime) -> Result<()>;
    /// Failed logins since `since`: (for this user name, from this address).
    async fn login_failures(&self, username: &str, addr: &str, since: OffsetDateTime) -> Result<(u64, u64)>;
    async fn clear_login_failures(&self, username: &str) -> Result<()>;

    // Audit
    async fn audit(&self, entry: &AuditEntry) -> Result<()>;
    async fn audit_recent(&self, limit: u32) -> Result<Vec<AuditRecord>>;
    /// A number that changes whenever stored data changes: the sequence number of the newest audit entry that
    /// records a change (every change is audited; reads and sign-ins, [`audit::READ_ACTIONS`], are not changes).
    /// Lets pages keep what they computed until the data changes.
    async fn data_version(&self) -> Result<i64>;
    async fn audit_verify(&self) -> Result<AuditReport>;
}
