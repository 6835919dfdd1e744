//! Victims' cases in the store: intake, screening, status, deadlines, consent, referrals, the service directory,
//! export, erasure and retention.
//!
//! Need-to-know is checked here, on every call, through the domain's policy ([`vigie_domain::policy::case_access`]),
//! and every read or change of a case writes an audit entry in the same transaction. Identifying fields are sealed
//! with the field key ([`crate::crypto`]) before they reach SQL; without a key, no case can be written or read.

use serde::Serialize;
use time::{Date, OffsetDateTime};
use vigie_domain::case::{CaseIntake, Identity, Place, SharedField, referral_needs, reflection_end};
use vigie_domain::htcds::CaseFields;
use vigie_domain::policy::{self, CaseAccess};
use vigie_domain::{
    Action, AgencyCode, AgencyKind, AreaCode, CountryCode, DeadlineKind, ExploitationForm, MeansOfControl,
    RecruiterRelation, ReferralStatus, Role, ServiceKind, Sex, User, VictimStatus,
};

/// Who reads or changes a case: the signed-in user (role and agency), and from where.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub user: User,
    pub actor: crate::Actor,
}

impl Viewer {
    pub fn new(user: User, addr: impl Into<String>) -> Self {
        let actor = crate::Actor::new(user.username.to_string(), addr);
        Self { user, actor }
    }
}

/// A case as a list shows it: no identifying field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseSummary {
    pub id: i64,
    pub reference: String,
    pub agency: AgencyCode,
    pub caseworker: String,
    pub minor: bool,
    pub forms: Vec<ExploitationForm>,
    pub status: VictimStatus,
    pub opened_on: Date,
    pub closed_on: Option<Date>,
    pub erased: bool,
    pub legal_hold: bool,
}

/// A screening as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScreeningRecord {
    pub id: i64,
    pub list: String,
    pub version: String,
    pub indicators: Vec<String>,
    pub presumed: bool,
    pub by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// A support service of the directory. No field about residence status: eligibility never depends on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Service {
    pub id: i64,
    pub code: String,
    pub kind: ServiceKind,
    pub name: String,
    pub provider: AgencyCode,
    pub languages: Vec<String>,
    /// Places in all; `None` when the service has no fixed number of places.
    pub capacity: Option<u32>,
    /// Places free now.
    pub free: Option<u32>,
    pub hours: String,
    pub contact: String,
    /// Days within which the provider answers a referral.
    pub response_days: u16,
    /// Listed on the public help page.
    pub public: bool,
}

impl Service {
    /// Whether the service has no free place.
    pub fn full(&self) -> bool {
        self.free == Some(0)
    }
}

/// A service to add or change (by its code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewService {
    pub code: String,
    pub kind: ServiceKind,
    pub name: String,
    pub provider: AgencyCode,
    pub languages: Vec<String>,
    pub capacity: Option<u32>,
    pub free: Option<u32>,
    pub hours: String,
    pub contact: String,
    pub response_days: u16,
    /// Listed on the public help page.
    pub public: bool,
}

/// A consent to share the case with one recipient for one purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Consent {
    pub id: i64,
    pub case_id: i64,
    pub recipient: AgencyCode,
    pub purpose: String,
    pub given_on: Date,
    pub recorded_by: String,
    pub revoked_at: Option<String>,
    /// A coordinator's override, with the written reason, when the person did not consent.
    pub override_by: Option<String>,
    pub override_reason: Option<String>,
}

impl Consent {
    pub fn active(&self) -> bool {
        self.revoked_at.is_none()
    }
}

/// A referral of a case to a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Referral {
    pub id: i64,
    pub case_id: i64,
    pub case_reference: String,
    pub service_id: i64,
    pub service_name: String,
    pub service_kind: ServiceKind,
    pub provider: AgencyCode,
    pub consent_id: i64,
    pub status: ReferralStatus,
    pub needs: Vec<SharedField>,
    pub sent_at: String,
    pub due_on: Date,
    pub answered_at: Option<String>,
    pub answer_note: Option<String>,
    pub done_at: Option<String>,
    pub sent_by: String,
}

/// What the receiving provider sees of a referral: the fields it needs, nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReferralView {
    pub referral: Referral,
    pub fields: Vec<(SharedField, String)>,
    /// The caseworker's message to the provider.
    pub message: Option<String>,
}

/// A deadline on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    pub id: i64,
    pub case_id: i64,
    pub case_reference: String,
    pub agency: AgencyCode,
    pub kind: DeadlineKind,
    pub due_on: Date,
    pub label: String,
    pub done_at: Option<String>,
}

/// An event of a case's timeline (no identifying content).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseEvent {
    pub at: String,
    pub actor: String,
    pub kind: String,
    pub detail: String,
}

/// A whole case, as one user may see it: the identifying fields only with full access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseRecord {
    pub summary: CaseSummary,
    pub access: String,
    pub identity: Option<Identity>,
    pub recruitment_place: Option<Place>,
    pub exploitation_place: Option<Place>,
    pub notes: Option<String>,
    pub sex: Sex,
    pub nationality: Option<CountryCode>,
    pub languages: Vec<String>,
    pub age_uncertain: bool,
    pub means: Vec<MeansOfControl>,
    pub recruiter_relation: RecruiterRelation,
    pub recruitment_date: Option<Date>,
    pub exploitation_area: Option<AreaCode>,
    pub exploitation_from: Option<Date>,
    pub exploitation_to: Option<Date>,
    pub status_by: Option<String>,
    pub status_on: Option<Date>,
    pub reasonable_grounds_on: Option<Date>,
    pub reflection_days: u16,
    /// The last day of the recovery and reflection period, once reasonable grounds were found.
    pub reflection_end: Option<Date>,
    pub screenings: Vec<ScreeningRecord>,
    pub consents: Vec<Consent>,
    pub referrals: Vec<Referral>,
    pub deadlines: Vec<Deadline>,
    pub events: Vec<CaseEvent>,
    /// Whether a legal-help note exists (its content is for the legal-help provider alone).
    pub has_legal_note: bool,
}

/// A screening to record: the list, the indicator set's version, the indicators found, and the result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewScreening {
    pub list: String,
    pub version: String,
    pub indicators: Vec<String>,
    pub presumed: bool,
}

/// A status decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusDecision {
    pub status: VictimStatus,
    /// The deciding organisation, in words.
    pub decided_by: String,
    pub on: Date,
    /// Length of the recovery and reflection period (at least 30 days).
    pub reflection_days: u16,
}

/// A legal-help note as its provider reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LegalNote {
    pub id: i64,
    pub case_reference: String,
    pub note: String,
    pub at: String,
}

/// Counts of cases for analysts: no case, no identity, only totals by category.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CaseCounts {
    pub total: u64,
    pub minors: u64,
    pub by_form: Vec<(String, u64)>,
    pub by_status: Vec<(String, u64)>,
    pub by_sex: Vec<(String, u64)>,
    pub by_year: Vec<(String, u64)>,
    /// People by year the case was opened and form of exploitation (a person may have several forms).
    pub by_year_form: Vec<(String, String, u64)>,
    /// People by year and sex.
    pub by_year_sex: Vec<(String, String, u64)>,
    /// People by year and whether a minor (counted as one when the age is uncertain).
    pub by_year_minor: Vec<(String, bool, u64)>,
}

/// A case as statistics see it: no identifier and no identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseFact {
    pub year: i32,
    pub status: VictimStatus,
    /// `female`, `male`, `other`, `unknown`.
    pub sex: String,
    pub minor: bool,
    /// ISO 3166-1 alpha-2, if recorded (erased cases have none).
    pub nationality: Option<String>,
    pub forms: Vec<ExploitationForm>,
}

/// A case for a data hub (see [`vigie_domain::htcds`]): its reference, from which the export derives a
/// pseudonymous id, and the fields the case data standard carries. Nothing identifying.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HtcdsCase {
    pub reference: String,
    pub fields: CaseFields,
}

/// A case to open from a data hub's record: the record's id (kept in the case's timeline) and the fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedCase {
    pub source_id: String,
    pub fields: CaseFields,
}

/// Why an action on a case was refused (other than a database error).
pub(crate) fn denied(user: &User, action: Action) -> crate::StoreError {
    crate::StoreError::Forbidden(format!("the role {} may not {:?}", user.role, action))
}

/// The store's side of cases. Every method checks need-to-know and audits.
#[async_trait::async_trait]
pub trait CaseStore: Send + Sync {
    /// Whether a field key is set (cases can be recorded and read).
    fn has_field_key(&self) -> bool;

    /// The kind of the viewer's agency, if any.
    async fn agency_kind(&self, agency: &AgencyCode) -> crate::Result<Option<AgencyKind>>;

    /// A new case from an intake, for the viewer's agency. Returns its id and reference.
    async fn create_case(
        &self,
        v: &Viewer,
        intake: &CaseIntake,
        at: OffsetDateTime,
    ) -> crate::Result<(i64, String)>;
    /// The cases the viewer may see: a caseworker's agency's, or every case for the coordinator.
    async fn cases(&self, v: &Viewer, at: OffsetDateTime) -> crate::Result<Vec<CaseSummary>>;
    /// One case, as much as the viewer may see (audited as a read).
    async fn case(&self, v: &Viewer, id: i64, at: OffsetDateTime) -> crate::Result<CaseRecord>;
    /// The whole case for the person, on request (audited as an export). Never holds a legal-help note.
    async fn export_case(&self, v: &Viewer, id: i64, at: OffsetDateTime) -> crate::Result<CaseRecord>;
    async fn record_screening(
        &self,
        v: &Viewer,
        case_id: i64,
        s: &NewScreening,
        at: OffsetDateTime,
    ) -> crate::Result<i64>;
    async fn set_status(
        &self,
        v: &Viewer,
        case_id: i64,
        d: &StatusDecision,
        at: OffsetDateTime,
    ) -> crate::Result<()>;
    async fn add_deadline(
        &self,
        v: &Viewer,
        case_id: i64,
        kind: DeadlineKind,
        due_on: Date,
        label: &str,
        at: OffsetDateTime,
    ) -> crate::Result<i64>;
    async fn complete_deadline(&self, v: &Viewer, deadline_id: i64, at: OffsetDateTime) -> crate::Result<()>;
    /// Deadlines due between `from` and `to` (inclusive), not done: a caseworker's agency's, or all for the
    /// coordinator.
    async fn deadlines(&self, v: &Viewer, from: Date, to: Date) -> crate::Result<Vec<Deadline>>;
    async fn close_case(&self, v: &Viewer, case_id: i64, on: Date, at: OffsetDateTime) -> crate::Result<()>;

    // Consent and referrals
    async fn record_consent(
        &self,
        v: &Viewer,
        case_id: i64,
        recipient: &AgencyCode,
        purpose: &str,
        given_on: Date,
        at: OffsetDateTime,
    ) -> crate::Result<i64>;
    /// A coordinator's sharing without consent, with a written reason (audited).
    async fn override_consent(
        &self,
        v: &Viewer,
        case_id: i64,
        recipient: &AgencyCode,
        purpose: &str,
        reason: &str,
        at: OffsetDateTime,
    ) -> crate::Result<i64>;
    /// Withdraws a consent: its referrals are revoked at once and their recipients lose access.
    async fn revoke_consent(&self, v: &Viewer, consent_id: i64, at: OffsetDateTime) -> crate::Result<()>;
    async fn refer(
        &self,
        v: &Viewer,
        case_id: i64,
        service_id: i64,
        consent_id: i64,
        message: Option<&str>,
        at: OffsetDateTime,
    ) -> crate::Result<i64>;
    /// Referrals made to the viewer's agency (partner), or sent by the viewer's agency (caseworker), or all
    /// (coordinator); newest first.
    async fn referrals(&self, v: &Viewer) -> crate::Result<Vec<Referral>>;
    /// One referral as its recipient sees it (audited). Refused once the consent is withdrawn.
    async fn referral_view(
        &self,
        v: &Viewer,
        referral_id: i64,
        at: OffsetDateTime,
    ) -> crate::Result<ReferralView>;
    /// A referral as it is sent to a partner city (safe return, reintegration): what the receiving service needs,
    /// nothing else, exactly as a local provider would see it. Only for the coordinator (who sends exchange
    /// packages), only when the referral's provider is `partner` (the partner registered as an agency, its service
    /// in the directory) and the person's consent to that partner is in force; audited (`referral.export`).
    async fn referral_for_partner(
        &self,
        v: &Viewer,
        referral_id: i64,
        partner: &str,
        at: OffsetDateTime,
    ) -> crate::Result<ReferralView>;
    /// The recipient accepts or refuses.
    async fn answer_referral(
        &self,
        v: &Viewer,
        referral_id: i64,
        accept: bool,
        note: &str,
        at: OffsetDateTime,
    ) -> crate::Result<()>;
    /// The recipient marks the help given.
    async fn complete_referral(&self, v: &Viewer, referral_id: i64, at: OffsetDateTime) -> crate::Result<()>;

    // The directory
    async fn services(&self) -> crate::Result<Vec<Service>>;
    async fn service(&self, id: i64) -> crate::Result<Option<Service>>;
    async fn save_service(&self, v: &Viewer, s: &NewService, at: OffsetDateTime) -> crate::Result<i64>;
    async fn set_free_places(
        &self,
        v: &Viewer,
        service_id: i64,
        free: u32,
        at: OffsetDateTime,
    ) -> crate::Result<()>;

    // Legal help with residence: sealed, for the provider alone.
    async fn add_legal_note(
        &self,
        v: &Viewer,
        case_id: i64,
        provider: &AgencyCode,
        note: &str,
        at: OffsetDateTime,
    ) -> crate::Result<i64>;
    async fn legal_notes(&self, v: &Viewer, at: OffsetDateTime) -> crate::Result<Vec<LegalNote>>;

    // Data protection
    /// Erases the personal data of a case on the person's request (GDPR Art. 17); anonymous counts remain.
    async fn erase_case(
        &self,
        v: &Viewer,
        case_id: i64,
        reason: &str,
        at: OffsetDateTime,
    ) -> crate::Result<()>;
    async fn set_legal_hold(
        &self,
        v: &Viewer,
        case_id: i64,
        hold: bool,
        reason: &str,
        at: OffsetDateTime,
    ) -> crate::Result<()>;
    /// Erases every case closed more than `retention_days` before `today` and not under legal hold. Returns the
    /// references erased.
    async fn apply_retention(
        &self,
        actor: &crate::Actor,
        retention_days: u32,
        today: Date,
        at: OffsetDateTime,
    ) -> crate::Result<Vec<String>>;
    /// Spends a form's one-time token: `true` the first time, `false` when it was already used.
    async fn use_form_token(&self, token: &str, at: OffsetDateTime) -> crate::Result<bool>;
    /// Anonymous counts, for analysts and public statistics.
    async fn case_counts(&self) -> crate::Result<CaseCounts>;

    /// One row per case for statistics: the year opened, status, sex, minor, citizenship and forms; no identifier,
    /// no identity (for reports whose breakdowns the aggregate counts do not cover, such as the EU's).
    async fn case_facts(&self) -> crate::Result<Vec<CaseFact>>;

    /// Every case the coordinator oversees, not erased, as the case data standard carries it (no identity, no
    /// place detail, no area, no note); audited as `cases.export_htcds` with the count.
    async fn htcds_cases(&self, v: &Viewer, at: OffsetDateTime) -> crate::Result<Vec<HtcdsCase>>;

    /// Opens one case per record for the viewer's agency (a caseworker's), with an empty identity: all of them in
    /// one transaction or none; audited as `cases.import_htcds` with the count. Returns the new references.
    async fn import_htcds(
        &self,
        v: &Viewer,
        cases: &[ImportedCase],
        at: OffsetDateTime,
    ) -> crate::Result<Vec<String>>;
}

/// The policy's answer for a viewer and a case, given whether a live referral links them.
pub(crate) fn access(
    user: &User,
    kind: Option<AgencyKind>,
    case_agency: &AgencyCode,
    referred: bool,
) -> CaseAccess {
    let ua = match (&user.agency, kind) {
        (Some(a), Some(k)) => Some((a, k)),
        _ => None,
    };
    policy::case_access(user.role, ua, case_agency, referred)
}

/// Joins codes with ','.
pub(crate) fn join<T: std::fmt::Display>(items: &[T]) -> String {
    items.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(",")
}

/// Splits what [`join`] wrote.
pub(crate) fn split(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The fields a referral passes, as text, from a case.
pub(crate) fn shared_values(needs: &[SharedField], rec: &CaseRecord) -> Vec<(SharedField, String)> {
    needs
        .iter()
        .map(|f| {
            let value = match f {
                SharedField::Alias => rec.identity.as_ref().map(|i| i.alias.clone()).unwrap_or_default(),
                SharedField::Sex => rec.sex.code().to_owned(),
                SharedField::Minor => if rec.summary.minor { "yes" } else { "no" }.to_owned(),
                SharedField::Languages => rec.languages.join(", "),
                SharedField::Contact => rec
                    .identity
                    .as_ref()
                    .and_then(|i| i.contact.clone())
                    .unwrap_or_default(),
                SharedField::Forms => rec
                    .summary
                    .forms
                    .iter()
                    .map(|f| f.code())
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            (*f, value)
        })
        .collect()
}

/// The end of the reflection period of a case, if reasonable grounds were found.
pub(crate) fn reflection(grounds: Option<Date>, days: u16) -> Option<Date> {
    grounds.map(|g| reflection_end(g, days))
}

/// Whether a role may act on cases at all; used before any lookup so that a refusal reveals nothing.
pub(crate) fn may(role: Role, action: Action) -> bool {
    policy::allowed(role, action)
}

/// The referral needs of a service kind, as stored.
pub(crate) fn needs_of(kind: ServiceKind) -> Vec<SharedField> {
    referral_needs(kind).to_vec()
}
