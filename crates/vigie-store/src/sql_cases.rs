//! [`CaseStore`] for SQLite. Each method is one transaction: the need-to-know check, the change or read, the
//! case's timeline event and the audit entry commit together or not at all.

use async_trait::async_trait;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::{Date, Duration, OffsetDateTime};
use vigie_domain::case::{CaseIntake, Identity, Place, SharedField};
use vigie_domain::htcds::CaseFields;
use vigie_domain::import::parse_date;
use vigie_domain::{
    Action, AgencyCode, AgencyKind, AreaCode, CaseAccess, CountryCode, DeadlineKind, ExploitationForm,
    MeansOfControl, RecruiterRelation, ReferralStatus, ServiceKind, Sex, User, VictimStatus,
};

use crate::cases::{
    CaseCounts, CaseEvent, CaseRecord, CaseStore, CaseSummary, Consent, Deadline, HtcdsCase, ImportedCase,
    LegalNote, NewScreening, NewService, Referral, ReferralView, ScreeningRecord, Service, StatusDecision,
    Viewer, access, denied, join, may, needs_of, reflection, shared_values, split,
};
use crate::sql::{SqlStore, audit_action as audit, corrupt, rfc3339};
use crate::{Actor, Result, StoreError};

fn opt_date(row: &AnyRow, col: &str) -> Result<Option<Date>> {
    let s: Option<String> = row.try_get(col)?;
    s.map(|s| parse_date(&s).map_err(|e| corrupt(col, e))).transpose()
}

fn req_date(row: &AnyRow, col: &str) -> Result<Date> {
    let s: String = row.try_get(col)?;
    parse_date(&s).map_err(|e| corrupt(col, e))
}

fn vocab<T>(s: &str, parse: impl Fn(&str) -> std::result::Result<T, vigie_domain::VocabError>) -> Result<T> {
    parse(s).map_err(|e| corrupt("vocabulary", e))
}

fn not_found(what: &str) -> StoreError {
    StoreError::NotFound(what.to_owned())
}

async fn event(
    conn: &mut AnyConnection,
    case_id: i64,
    actor: &Actor,
    at: OffsetDateTime,
    kind: &str,
    detail: &str,
) -> Result<()> {
    sqlx::query("INSERT INTO case_events (case_id, at, actor, kind, detail) VALUES ($1, $2, $3, $4, $5)")
        .bind(case_id)
        .bind(rfc3339(at))
        .bind(&actor.name)
        .bind(kind)
        .bind(detail)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The case's timeline event and the audit entry of one change, in the open transaction.
#[allow(clippy::too_many_arguments)]
async fn log_change(
    conn: &mut AnyConnection,
    case_id: i64,
    actor: &Actor,
    at: OffsetDateTime,
    kind: &str,
    detail: &str,
    action: &str,
    audit_detail: serde_json::Value,
) -> Result<()> {
    event(conn, case_id, actor, at, kind, detail).await?;
    audit(conn, actor, at, action, audit_detail).await
}

async fn kind_of(conn: &mut AnyConnection, agency: &Option<AgencyCode>) -> Result<Option<AgencyKind>> {
    let Some(a) = agency else { return Ok(None) };
    let k: Option<String> = sqlx::query_scalar("SELECT kind FROM agencies WHERE code = $1")
        .bind(a.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    k.map(|k| vocab(&k, AgencyKind::parse)).transpose()
}

/// The agency whose cases the user holds: their own, when it is of a kind that holds cases.
async fn holder_agency(conn: &mut AnyConnection, user: &User) -> Result<Option<AgencyCode>> {
    let kind = kind_of(conn, &user.agency).await?;
    Ok(match (&user.agency, kind) {
        (Some(a), Some(k)) if vigie_domain::policy::holds_cases(k) => Some(a.clone()),
        _ => None,
    })
}

/// Whether a referral to one of `agency`'s services, under a consent in force, links the case to it.
async fn referred_to(conn: &mut AnyConnection, case_id: i64, agency: &Option<AgencyCode>) -> Result<bool> {
    let Some(a) = agency else { return Ok(false) };
    let n: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM referrals r JOIN services s ON s.id = r.service JOIN consents c ON c.id = r.consent \
         WHERE r.case_id = $1 AND s.provider = $2 AND r.status <> 'revoked' AND c.revoked_at IS NULL",
    )
    .bind(case_id)
    .bind(a.as_str())
    .fetch_one(&mut *conn)
    .await?;
    Ok(n > 0)
}

/// The case's agency, or not found.
async fn case_agency(conn: &mut AnyConnection, case_id: i64) -> Result<AgencyCode> {
    let a: Option<String> = sqlx::query_scalar("SELECT agency FROM cases WHERE id = $1")
        .bind(case_id)
        .fetch_optional(&mut *conn)
        .await?;
    let a = a.ok_or_else(|| not_found(&format!("case {case_id}")))?;
    AgencyCode::parse(&a).map_err(|e| corrupt("cases.agency", e))
}

/// The viewer's access to a case (the case must exist; a refusal and a missing case look the same to callers
/// without access, see [`require`]).
async fn access_to(conn: &mut AnyConnection, user: &User, case_id: i64) -> Result<CaseAccess> {
    let agency = case_agency(conn, case_id).await?;
    let kind = kind_of(conn, &user.agency).await?;
    let referred = referred_to(conn, case_id, &user.agency).await?;
    Ok(access(user, kind, &agency, referred))
}

/// Requires at least `min` access to the case; otherwise `Forbidden` (also when the case does not exist, so
/// that a refused user learns nothing of which cases exist).
async fn require(conn: &mut AnyConnection, user: &User, case_id: i64, min: CaseAccess) -> Result<CaseAccess> {
    match access_to(conn, user, case_id).await {
        Ok(a) if a >= min => Ok(a),
        Ok(_) | Err(StoreError::NotFound(_)) => Err(StoreError::Forbidden(format!("case {case_id}"))),
        Err(e) => Err(e),
    }
}

/// Requires a caseworker's full access to an open, not erased case.
async fn require_holder(conn: &mut AnyConnection, user: &User, case_id: i64) -> Result<()> {
    if !may(user.role, Action::WorkCases) {
        return Err(denied(user, Action::WorkCases));
    }
    require(conn, user, case_id, CaseAccess::Full).await?;
    let erased: Option<String> = sqlx::query_scalar("SELECT erased_on FROM cases WHERE id = $1")
        .bind(case_id)
        .fetch_one(&mut *conn)
        .await?;
    if erased.is_some() {
        return Err(StoreError::Refused(format!("case {case_id} was erased")));
    }
    Ok(())
}

fn summary_from(row: &AnyRow) -> Result<CaseSummary> {
    Ok(CaseSummary {
        id: row.try_get("id")?,
        reference: row.try_get("reference")?,
        agency: AgencyCode::parse(&row.try_get::<String, _>("agency")?)
            .map_err(|e| corrupt("cases.agency", e))?,
        caseworker: row.try_get("caseworker")?,
        minor: row.try_get::<i64, _>("minor")? == 1,
        forms: split(&row.try_get::<String, _>("forms")?)
            .iter()
            .map(|f| vocab(f, ExploitationForm::parse))
            .collect::<Result<_>>()?,
        status: vocab(&row.try_get::<String, _>("status")?, VictimStatus::parse)?,
        opened_on: req_date(row, "opened_on")?,
        closed_on: opt_date(row, "closed_on")?,
        erased: row.try_get::<Option<String>, _>("erased_on")?.is_some(),
        legal_hold: row.try_get::<i64, _>("legal_hold")? == 1,
    })
}

fn service_from(row: &AnyRow) -> Result<Service> {
    let u32_of = |c: &str| -> Result<Option<u32>> {
        let v: Option<i64> = row.try_get(c)?;
        v.map(|v| u32::try_from(v).map_err(|e| corrupt(c, e))).transpose()
    };
    Ok(Service {
        id: row.try_get("id")?,
        code: row.try_get("code")?,
        kind: vocab(&row.try_get::<String, _>("kind")?, ServiceKind::parse)?,
        name: row.try_get("name")?,
        provider: AgencyCode::parse(&row.try_get::<String, _>("provider")?)
            .map_err(|e| corrupt("services.provider", e))?,
        languages: split(&row.try_get::<String, _>("languages")?),
        capacity: u32_of("capacity")?,
        free: u32_of("free")?,
        hours: row.try_get("hours")?,
        contact: row.try_get("contact")?,
        response_days: u16::try_from(row.try_get::<i64, _>("response_days")?)
            .map_err(|e| corrupt("services.response_days", e))?,
        public: row.try_get::<i64, _>("public")? != 0,
    })
}

macro_rules! referral_select {
    ($rest:literal) => {
        concat!(
            "SELECT r.*, c.reference AS case_reference, s.name AS service_name, s.kind AS service_kind, \
             s.provider AS provider FROM referrals r JOIN cases c ON c.id = r.case_id JOIN services s ON s.id = r.service ",
            $rest
        )
    };
}

fn referral_from(row: &AnyRow) -> Result<Referral> {
    Ok(Referral {
        id: row.try_get("id")?,
        case_id: row.try_get("case_id")?,
        case_reference: row.try_get("case_reference")?,
        service_id: row.try_get("service")?,
        service_name: row.try_get("service_name")?,
        service_kind: vocab(&row.try_get::<String, _>("service_kind")?, ServiceKind::parse)?,
        provider: AgencyCode::parse(&row.try_get::<String, _>("provider")?)
            .map_err(|e| corrupt("provider", e))?,
        consent_id: row.try_get("consent")?,
        status: vocab(&row.try_get::<String, _>("status")?, ReferralStatus::parse)?,
        needs: split(&row.try_get::<String, _>("needs")?)
            .iter()
            .filter_map(|f| SharedField::parse(f))
            .collect(),
        sent_at: row.try_get("sent_at")?,
        due_on: req_date(row, "due_on")?,
        answered_at: row.try_get("answered_at")?,
        answer_note: row.try_get("answer_note")?,
        done_at: row.try_get("done_at")?,
        sent_by: row.try_get("sent_by")?,
    })
}

/// A referral made to one of the viewer's agency's services (a partner), with its row; `Forbidden` otherwise, and
/// also when it does not exist.
async fn provider_referral(
    conn: &mut AnyConnection,
    v: &Viewer,
    referral_id: i64,
) -> Result<(Referral, AnyRow)> {
    if !may(v.user.role, Action::ReceiveReferrals) {
        return Err(denied(&v.user, Action::ReceiveReferrals));
    }
    let forbidden = || StoreError::Forbidden(format!("referral {referral_id}"));
    let row = sqlx::query(referral_select!("WHERE r.id = $1"))
        .bind(referral_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(forbidden)?;
    let referral = referral_from(&row)?;
    if v.user.agency.as_ref() != Some(&referral.provider) {
        return Err(forbidden());
    }
    Ok((referral, row))
}

fn deadline_from(row: &AnyRow) -> Result<Deadline> {
    Ok(Deadline {
        id: row.try_get("id")?,
        case_id: row.try_get("case_id")?,
        case_reference: row.try_get("case_reference")?,
        agency: AgencyCode::parse(&row.try_get::<String, _>("agency")?).map_err(|e| corrupt("agency", e))?,
        kind: vocab(&row.try_get::<String, _>("kind")?, DeadlineKind::parse)?,
        due_on: req_date(row, "due_on")?,
        label: row.try_get("label")?,
        done_at: row.try_get("done_at")?,
    })
}

fn consent_from(row: &AnyRow) -> Result<Consent> {
    Ok(Consent {
        id: row.try_get("id")?,
        case_id: row.try_get("case_id")?,
        recipient: AgencyCode::parse(&row.try_get::<String, _>("recipient")?)
            .map_err(|e| corrupt("recipient", e))?,
        purpose: row.try_get("purpose")?,
        given_on: req_date(row, "given_on")?,
        recorded_by: row.try_get("recorded_by")?,
        revoked_at: row.try_get("revoked_at")?,
        override_by: row.try_get("override_by")?,
        override_reason: row.try_get("override_reason")?,
    })
}

/// Reads a whole case with the access given (identifying fields decrypted only with full access).
async fn read_case(
    store: &SqlStore,
    conn: &mut AnyConnection,
    id: i64,
    acc: CaseAccess,
) -> Result<CaseRecord> {
    let row = sqlx::query(
        "SELECT c.*, p.sex, p.nationality, p.languages, p.age_uncertain, p.identity, p.id AS person_id \
         FROM cases c JOIN persons p ON p.id = c.person WHERE c.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| not_found(&format!("case {id}")))?;
    let summary = summary_from(&row)?;
    let (identity, places, notes) = if acc == CaseAccess::Full || acc == CaseAccess::Referral {
        let key = store.field_key()?;
        let person_id: i64 = row.try_get("person_id")?;
        let identity: Option<Identity> = match row.try_get::<Option<Vec<u8>>, _>("identity")? {
            Some(b) => Some(
                serde_json::from_str(&key.open_str("persons", "identity", person_id, &b)?)
                    .map_err(|e| corrupt("persons.identity", e))?,
            ),
            None => None,
        };
        // A referral needs the person's identity at most; places and notes are opened for full access only.
        let places: Option<(Place, Place)> = match row.try_get::<Option<Vec<u8>>, _>("places")? {
            Some(b) if acc == CaseAccess::Full => Some(
                serde_json::from_str(&key.open_str("cases", "places", id, &b)?)
                    .map_err(|e| corrupt("cases.places", e))?,
            ),
            _ => None,
        };
        let notes = match row.try_get::<Option<Vec<u8>>, _>("notes")? {
            Some(b) if acc == CaseAccess::Full => Some(key.open_str("cases", "notes", id, &b)?),
            _ => None,
        };
        (identity, places, notes)
    } else {
        (None, None, None)
    };
    let grounds = opt_date(&row, "reasonable_grounds_on")?;
    let reflection_days = u16::try_from(row.try_get::<i64, _>("reflection_days")?)
        .map_err(|e| corrupt("reflection_days", e))?;
    let screenings = sqlx::query("SELECT * FROM screenings WHERE case_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            let at: String = r.try_get("at")?;
            Ok(ScreeningRecord {
                id: r.try_get("id")?,
                list: r.try_get("list")?,
                version: r.try_get("version")?,
                indicators: split(&r.try_get::<String, _>("indicators")?),
                presumed: r.try_get::<i64, _>("presumed")? == 1,
                by: r.try_get("by_user")?,
                at: OffsetDateTime::parse(&at, &time::format_description::well_known::Rfc3339)
                    .map_err(|e| corrupt("screenings.at", e))?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let consents = sqlx::query("SELECT * FROM consents WHERE case_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(consent_from)
        .collect::<Result<Vec<_>>>()?;
    let referrals = sqlx::query(referral_select!("WHERE r.case_id = $1 ORDER BY r.id"))
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(referral_from)
        .collect::<Result<Vec<_>>>()?;
    let deadlines = sqlx::query(
        "SELECT d.*, c.reference AS case_reference, c.agency FROM deadlines d JOIN cases c ON c.id = d.case_id \
         WHERE d.case_id = $1 ORDER BY d.due_on, d.id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(deadline_from)
    .collect::<Result<Vec<_>>>()?;
    let events =
        sqlx::query("SELECT at, actor, kind, detail FROM case_events WHERE case_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| {
                Ok(CaseEvent {
                    at: r.try_get("at")?,
                    actor: r.try_get("actor")?,
                    kind: r.try_get("kind")?,
                    detail: r.try_get("detail")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
    let legal: i64 =
        sqlx::query_scalar("SELECT count(*) FROM legal_notes WHERE case_id = $1 AND note IS NOT NULL")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    let nationality: Option<String> = row.try_get("nationality")?;
    let area: Option<String> = row.try_get("exploitation_area")?;
    Ok(CaseRecord {
        access: match acc {
            CaseAccess::Full => "full",
            CaseAccess::Pseudonymous => "pseudonymous",
            CaseAccess::Referral => "referral",
            CaseAccess::None => "none",
        }
        .into(),
        identity,
        recruitment_place: places.as_ref().map(|p| p.0.clone()),
        exploitation_place: places.map(|p| p.1),
        notes,
        sex: vocab(&row.try_get::<String, _>("sex")?, Sex::parse)?,
        nationality: nationality
            .map(|n| CountryCode::parse(&n).map_err(|e| corrupt("nationality", e)))
            .transpose()?,
        languages: split(&row.try_get::<String, _>("languages")?),
        age_uncertain: row.try_get::<i64, _>("age_uncertain")? == 1,
        means: split(&row.try_get::<String, _>("means")?)
            .iter()
            .map(|m| vocab(m, MeansOfControl::parse))
            .collect::<Result<_>>()?,
        recruiter_relation: vocab(
            &row.try_get::<String, _>("recruiter_relation")?,
            RecruiterRelation::parse,
        )?,
        recruitment_date: opt_date(&row, "recruitment_date")?,
        exploitation_area: area
            .map(|a| AreaCode::parse(&a).map_err(|e| corrupt("exploitation_area", e)))
            .transpose()?,
        exploitation_from: opt_date(&row, "exploitation_from")?,
        exploitation_to: opt_date(&row, "exploitation_to")?,
        status_by: row.try_get("status_by")?,
        status_on: opt_date(&row, "status_on")?,
        reasonable_grounds_on: grounds,
        reflection_days,
        reflection_end: reflection(grounds, reflection_days),
        screenings,
        consents,
        referrals,
        deadlines,
        events,
        has_legal_note: legal > 0,
        summary,
    })
}

/// Erases the personal data of a case in the open transaction.
async fn erase_in(conn: &mut AnyConnection, case_id: i64, at: OffsetDateTime) -> Result<()> {
    let today = at.date().to_string();
    sqlx::query(
        "UPDATE persons SET identity = NULL, nationality = NULL, languages = '' \
         WHERE id = (SELECT person FROM cases WHERE id = $1)",
    )
    .bind(case_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE cases SET places = NULL, notes = NULL, recruitment_country = NULL, recruitment_date = NULL, \
         exploitation_country = NULL, exploitation_from = NULL, exploitation_to = NULL, status_by = NULL, \
         erased_on = $1, closed_on = coalesce(closed_on, $2) WHERE id = $3",
    )
    .bind(&today)
    .bind(&today)
    .bind(case_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE referrals SET message = NULL, answer_note = NULL WHERE case_id = $1")
        .bind(case_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE legal_notes SET note = NULL WHERE case_id = $1")
        .bind(case_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE consents SET revoked_at = coalesce(revoked_at, $1) WHERE case_id = $2")
        .bind(rfc3339(at))
        .bind(case_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE referrals SET status = 'revoked' WHERE case_id = $1 AND status IN ('sent', 'accepted')",
    )
    .bind(case_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE deadlines SET done_at = coalesce(done_at, $1) WHERE case_id = $2")
        .bind(rfc3339(at))
        .bind(case_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Which accepted referrals give their place back: those of one consent, or one referral.
#[derive(Clone, Copy)]
enum Release {
    Consent,
    Referral,
}

/// Returns the places taken by accepted referrals to their services.
async fn free_places_of_referrals(conn: &mut AnyConnection, which: Release, id: i64) -> Result<()> {
    let sql = match which {
        Release::Consent => {
            "UPDATE services SET free = free + (SELECT count(*) FROM referrals r WHERE r.service = services.id \
             AND r.status = 'accepted' AND r.consent = $1) WHERE capacity IS NOT NULL"
        }
        Release::Referral => {
            "UPDATE services SET free = free + (SELECT count(*) FROM referrals r WHERE r.service = services.id \
             AND r.status = 'accepted' AND r.id = $1) WHERE capacity IS NOT NULL"
        }
    };
    sqlx::query(sql).bind(id).execute(&mut *conn).await?;
    // Never more free places than the service has (min() of two values is spelt differently in SQLite and
    // PostgreSQL).
    sqlx::query("UPDATE services SET free = capacity WHERE capacity IS NOT NULL AND free > capacity")
        .execute(&mut *conn)
        .await?;
    Ok(())
}

#[async_trait]
impl CaseStore for SqlStore {
    fn has_field_key(&self) -> bool {
        self.key.is_some()
    }

    async fn agency_kind(&self, agency: &AgencyCode) -> Result<Option<AgencyKind>> {
        let mut conn = self.reader.acquire().await?;
        kind_of(&mut conn, &Some(agency.clone())).await
    }

    async fn create_case(&self, v: &Viewer, c: &CaseIntake, at: OffsetDateTime) -> Result<(i64, String)> {
        let key = self.field_key()?;
        if !may(v.user.role, Action::WorkCases) {
            return Err(denied(&v.user, Action::WorkCases));
        }
        let mut tx = self.begin().await?;
        let agency = match holder_agency(&mut tx, &v.user).await? {
            Some(a) => a,
            None => {
                return Err(StoreError::Forbidden(
                    "only a caseworker of an NGO, social services, health or the labour inspectorate records cases".into(),
                ));
            }
        };
        if let Some(area) = &c.exploitation_area {
            let known: Option<String> = sqlx::query_scalar("SELECT code FROM areas WHERE code = $1")
                .bind(area.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            if known.is_none() {
                return Err(StoreError::Refused(format!(
                    "exploitation_area: the city has no area {area}"
                )));
            }
        }
        let person_id: i64 = sqlx::query_scalar(
            "INSERT INTO persons (agency, sex, nationality, languages, age_uncertain, identity, created_at) \
             VALUES ($1, $2, $3, $4, $5, NULL, $6) RETURNING id",
        )
        .bind(agency.as_str())
        .bind(c.person.sex.code())
        .bind(c.person.nationality.as_ref().map(|n| n.to_string()))
        .bind(join(&c.person.languages))
        .bind(i64::from(c.person.age_uncertain))
        .bind(rfc3339(at))
        .fetch_one(&mut *tx)
        .await?;
        let identity = serde_json::to_string(&c.person.identity).map_err(|e| corrupt("identity", e))?;
        sqlx::query("UPDATE persons SET identity = $1 WHERE id = $2")
            .bind(key.seal_str("persons", "identity", person_id, &identity)?)
            .bind(person_id)
            .execute(&mut *tx)
            .await?;
        let year = c.opened_on.year();
        let seq: i64 =
            sqlx::query_scalar("SELECT count(*) FROM cases WHERE agency = $1 AND reference LIKE $2")
                .bind(agency.as_str())
                .bind(format!("{agency}-{year}-%"))
                .fetch_one(&mut *tx)
                .await?;
        let reference = format!("{agency}-{year}-{:04}", seq + 1);
        let minor = c.person.minor(c.opened_on);
        let case_id: i64 = sqlx::query_scalar(
            "INSERT INTO cases (reference, person, agency, caseworker, minor, forms, means, recruiter_relation, \
             recruitment_country, recruitment_date, exploitation_country, exploitation_area, exploitation_from, \
             exploitation_to, status, reflection_days, opened_on, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'possible', $15, $16, $17) RETURNING id",
        )
        .bind(&reference)
        .bind(person_id)
        .bind(agency.as_str())
        .bind(v.user.username.as_str())
        .bind(i64::from(minor))
        .bind(join(&c.forms))
        .bind(join(&c.means))
        .bind(c.recruiter_relation.code())
        .bind(c.recruitment_place.country.as_ref().map(|x| x.to_string()))
        .bind(c.recruitment_date.map(|d| d.to_string()))
        .bind(c.exploitation_place.country.as_ref().map(|x| x.to_string()))
        .bind(c.exploitation_area.as_ref().map(|x| x.to_string()))
        .bind(c.exploitation_from.map(|d| d.to_string()))
        .bind(c.exploitation_to.map(|d| d.to_string()))
        .bind(i64::from(vigie_domain::case::MIN_REFLECTION_DAYS))
        .bind(c.opened_on.to_string())
        .bind(rfc3339(at))
        .fetch_one(&mut *tx)
        .await?;
        let places = serde_json::to_string(&(&c.recruitment_place, &c.exploitation_place))
            .map_err(|e| corrupt("places", e))?;
        sqlx::query("UPDATE cases SET places = $1, notes = $2 WHERE id = $3")
            .bind(key.seal_str("cases", "places", case_id, &places)?)
            .bind(
                c.notes
                    .as_deref()
                    .map(|n| key.seal_str("cases", "notes", case_id, n))
                    .transpose()?,
            )
            .bind(case_id)
            .execute(&mut *tx)
            .await?;
        log_change(
            &mut tx,
            case_id,
            &v.actor,
            at,
            "intake",
            &format!("case opened ({})", join(&c.forms)),
            "case.create",
            serde_json::json!({ "case": reference, "agency": agency }),
        )
        .await?;
        tx.commit().await?;
        Ok((case_id, reference))
    }

    async fn cases(&self, v: &Viewer, at: OffsetDateTime) -> Result<Vec<CaseSummary>> {
        let mut tx = self.begin().await?;
        let rows = if may(v.user.role, Action::OverseeCases) {
            sqlx::query("SELECT * FROM cases ORDER BY opened_on DESC, id DESC")
                .fetch_all(&mut *tx)
                .await?
        } else if may(v.user.role, Action::WorkCases) {
            match holder_agency(&mut tx, &v.user).await? {
                Some(a) => {
                    sqlx::query("SELECT * FROM cases WHERE agency = $1 ORDER BY opened_on DESC, id DESC")
                        .bind(a.as_str())
                        .fetch_all(&mut *tx)
                        .await?
                }
                None => Vec::new(),
            }
        } else {
            return Err(denied(&v.user, Action::WorkCases));
        };
        let list = rows.iter().map(summary_from).collect::<Result<Vec<_>>>()?;
        audit(
            &mut tx,
            &v.actor,
            at,
            "case.list",
            serde_json::json!({ "cases": list.len() }),
        )
        .await?;
        tx.commit().await?;
        Ok(list)
    }

    async fn case(&self, v: &Viewer, id: i64, at: OffsetDateTime) -> Result<CaseRecord> {
        let mut tx = self.begin().await?;
        let acc = require(&mut tx, &v.user, id, CaseAccess::Pseudonymous).await?;
        let rec = read_case(self, &mut tx, id, acc).await?;
        audit(
            &mut tx,
            &v.actor,
            at,
            "case.read",
            serde_json::json!({ "case": rec.summary.reference, "access": rec.access }),
        )
        .await?;
        tx.commit().await?;
        Ok(rec)
    }

    async fn export_case(&self, v: &Viewer, id: i64, at: OffsetDateTime) -> Result<CaseRecord> {
        let mut tx = self.begin().await?;
        require_holder(&mut tx, &v.user, id).await?;
        let rec = read_case(self, &mut tx, id, CaseAccess::Full).await?;
        log_change(
            &mut tx,
            id,
            &v.actor,
            at,
            "export",
            "exported for the person",
            "case.export",
            serde_json::json!({ "case": rec.summary.reference }),
        )
        .await?;
        tx.commit().await?;
        Ok(rec)
    }

    async fn record_screening(
        &self,
        v: &Viewer,
        case_id: i64,
        s: &NewScreening,
        at: OffsetDateTime,
    ) -> Result<i64> {
        let mut tx = self.begin().await?;
        require_holder(&mut tx, &v.user, case_id).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO screenings (case_id, list, version, indicators, presumed, by_user, at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(case_id)
        .bind(&s.list)
        .bind(&s.version)
        .bind(s.indicators.join(","))
        .bind(i64::from(s.presumed))
        .bind(v.user.username.as_str())
        .bind(rfc3339(at))
        .fetch_one(&mut *tx)
        .await?;
        let detail = format!(
            "screening {} ({} indicators): {}",
            s.list,
            s.indicators.len(),
            if s.presumed {
                "presumed victim"
            } else {
                "not conclusive"
            }
        );
        log_change(
            &mut tx,
            case_id,
            &v.actor,
            at,
            "screening",
            &detail,
            "case.screening",
            serde_json::json!({ "case_id": case_id, "list": s.list, "presumed": s.presumed }),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn set_status(
        &self,
        v: &Viewer,
        case_id: i64,
        d: &StatusDecision,
        at: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        require_holder(&mut tx, &v.user, case_id).await?;
        if d.decided_by.trim().is_empty() {
            return Err(StoreError::Refused(
                "decided_by: name the deciding organisation".into(),
            ));
        }
        if d.on > at.date() {
            return Err(StoreError::Refused(
                "on: the decision date is in the future".into(),
            ));
        }
        let days = d.reflection_days.max(vigie_domain::case::MIN_REFLECTION_DAYS);
        let old: Option<String> = sqlx::query_scalar("SELECT reasonable_grounds_on FROM cases WHERE id = $1")
            .bind(case_id)
            .fetch_one(&mut *tx)
            .await?;
        // Reasonable grounds start the recovery and reflection period once; a later identification keeps it.
        let grounds = match (d.status, old.as_deref()) {
            (VictimStatus::Possible, _) => None,
            (_, Some(g)) => Some(parse_date(g).map_err(|e| corrupt("reasonable_grounds_on", e))?),
            (_, None) => Some(d.on),
        };
        sqlx::query(
            "UPDATE cases SET status = $1, status_by = $2, status_on = $3, reasonable_grounds_on = $4, reflection_days = $5 WHERE id = $6",
        )
        .bind(d.status.code())
        .bind(d.decided_by.trim())
        .bind(d.on.to_string())
        .bind(grounds.map(|d| d.to_string()))
        .bind(i64::from(days))
        .bind(case_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "DELETE FROM deadlines WHERE case_id = $1 AND kind = 'reflection_end' AND done_at IS NULL",
        )
        .bind(case_id)
        .execute(&mut *tx)
        .await?;
        if let Some(g) = grounds {
            let end = vigie_domain::case::reflection_end(g, days);
            sqlx::query(
                "INSERT INTO deadlines (case_id, kind, due_on, label, done_at) VALUES ($1, 'reflection_end', $2, $3, NULL)",
            )
            .bind(case_id)
            .bind(end.to_string())
            .bind(format!("recovery and reflection period ({days} days from {})", g))
            .execute(&mut *tx)
            .await?;
        }
        log_change(
            &mut tx,
            case_id,
            &v.actor,
            at,
            "status",
            &format!("{} ({}, {})", d.status.code(), d.decided_by.trim(), d.on),
            "case.status",
            serde_json::json!({ "case_id": case_id, "status": d.status, "reflection_days": days }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn add_deadline(
        &self,
        v: &Viewer,
        case_id: i64,
        kind: DeadlineKind,
        due_on: Date,
        label: &str,
        at: OffsetDateTime,
    ) -> Result<i64> {
        let mut tx = self.begin().await?;
        require_holder(&mut tx, &v.user, case_id).await?;
        let label = label.trim();
        if label.is_empty() || label.chars().count() > 200 {
            return Err(StoreError::Refused("label: between 1 and 200 characters".into()));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO deadlines (case_id, kind, due_on, label) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(case_id)
        .bind(kind.code())
        .bind(due_on.to_string())
        .bind(label)
        .fetch_one(&mut *tx)
        .await?;
        log_change(
            &mut tx,
            case_id,
            &v.actor,
            at,
            "deadline",
            &format!("{} due {}", kind.code(), due_on),
            "case.deadline",
            serde_json::json!({ "case_id": case_id, "kind": kind }),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn complete_deadline(&self, v: &Viewer, deadline_id: i64, at: OffsetDateTime) -> Result<()> {
        let mut tx = self.begin().await?;
        let case_id: Option<i64> = sqlx::query_scalar("SELECT case_id FROM deadlines WHERE id = $1")
            .bind(deadline_id)
            .fetch_optional(&mut *tx)
            .await?;
        let case_id = case_id.ok_or_else(|| StoreError::Forbidden(format!("deadline {deadline_id}")))?;
        require_holder(&mut tx, &v.user, case_id).await?;
        sqlx::query("UPDATE deadlines SET done_at = coalesce(done_at, $1) WHERE id = $2")
            .bind(rfc3339(at))
            .bind(deadline_id)
            .execute(&mut *tx)
            .await?;
        log_change(
            &mut tx,
            case_id,
            &v.actor,
            at,
            "deadline",
            "deadline done",
            "case.deadline.done",
            serde_json::json!({ "deadline": deadline_id }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn deadlines(&self, v: &Viewer, from: Date, to: Date) -> Result<Vec<Deadline>> {
        let mut conn = self.reader.acquire().await?;
        macro_rules! base {
            ($rest:literal) => {
                concat!(
                    "SELECT d.*, c.reference AS case_reference, c.agency FROM deadlines d JOIN cases c ON c.id = d.case_id \
                     WHERE d.done_at IS NULL AND c.erased_on IS NULL AND d.due_on BETWEEN $1 AND $2 ",
                    $rest
                )
            };
        }
        let rows = if may(v.user.role, Action::OverseeCases) {
            sqlx::query(base!("ORDER BY d.due_on, d.id"))
                .bind(from.to_string())
                .bind(to.to_string())
                .fetch_all(&mut *conn)
                .await?
        } else if may(v.user.role, Action::WorkCases) {
            match holder_agency(&mut conn, &v.user).await? {
                Some(a) => {
                    sqlx::query(base!("AND c.agency = $3 ORDER BY d.due_on, d.id"))
                        .bind(from.to_string())
                        .bind(to.to_string())
                        .bind(a.as_str())
                        .fetch_all(&mut *conn)
                        .await?
                }
                None => Vec::new(),
            }
        } else {
            return Err(denied(&v.user, Action::OverseeCases));
        };
        rows.iter().map(deadline_from).collect()
    }

    async fn close_case(&self, v: &Viewer, case_id: i64, on: Date, at: OffsetDateTime) -> Result<()> {
        let mut tx = self.begin().await?;
        require_holder(&mut tx, &v.user, case_id).await?;
        sqlx::query("UPDATE cases SET closed_on = $1 WHERE id = $2")
            .bind(on.to_string())
            .bind(case_id)
            .execute(&mut *tx)
            .await?;
        log_change(
            &mut tx,
            case_id,
            &v.actor,
            at,
            "closed",
            &format!("closed on {}", on),
            "case.close",
            serde_json::json!({ "case_id": case_id }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn record_consent(
        &self,
        v: &Viewer,
        case_id: i64,
        recipient: &AgencyCode,
        purpose: &str,
        given_on: Date,
        at: OffsetDateTime,
    ) -> Result<i64> {
        let mut tx = self.begin().await?;
        require_holder(&mut tx, &v.user, case_id).await?;
        let purpose = purpose.trim();
        if purpose.is_empty() || purpose.chars().count() > 300 {
            return Err(StoreError::Refused(
                "purpose: say what the sharing is for (up to 300 characters)".into(),
            ));
        }
        if given_on > at.date() {
            return Err(StoreError::Refused(
                "given_on: the consent date is in the future".into(),
            ));
        }
        if kind_of(&mut tx, &Some(recipient.clone())).await?.is_none() {
            return Err(StoreError::Refused(format!("recipient: no agency {recipient}")));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO consents (case_id, recipient, purpose, given_on, recorded_by) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(case_id)
        .bind(recipient.as_str())
        .bind(purpose)
        .bind(given_on.to_string())
        .bind(v.user.username.as_str())
        .fetch_one(&mut *tx)
        .await?;
        log_change(
            &mut tx,
            case_id,
            &v.actor,
            at,
            "consent",
            &format!("consent to share with {recipient}: {purpose}"),
            "case.consent",
            serde_json::json!({ "case_id": case_id, "consent": id, "recipient": recipient }),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn override_consent(
        &self,
        v: &Viewer,
        case_id: i64,
        recipient: &AgencyCode,
        purpose: &str,
        reason: &str,
        at: OffsetDateTime,
    ) -> Result<i64> {
        if !may(v.user.role, Action::OverrideConsent) {
            return Err(denied(&v.user, Action::OverrideConsent));
        }
        let (purpose, reason) = (purpose.trim(), reason.trim());
        if reason.chars().count() < 20 {
            return Err(StoreError::Refused(
                "reason: an override needs a written reason of at least 20 characters".into(),
            ));
        }
        if purpose.is_empty() {
            return Err(StoreError::Refused("purpose: say what the sharing is for".into()));
        }
        let mut tx = self.begin().await?;
        case_agency(&mut tx, case_id).await?;
        if kind_of(&mut tx, &Some(recipient.clone())).await?.is_none() {
            return Err(StoreError::Refused(format!("recipient: no agency {recipient}")));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO consents (case_id, recipient, purpose, given_on, recorded_by, override_by, override_reason) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(case_id)
        .bind(recipient.as_str())
        .bind(purpose)
        .bind(at.date().to_string())
        .bind(v.user.username.as_str())
        .bind(v.user.username.as_str())
        .bind(reason)
        .fetch_one(&mut *tx)
        .await?;
        log_change(&mut tx, case_id, &v.actor, at, "consent.override", &format!("sharing with {recipient} without consent: {reason}"), "case.consent.override", serde_json::json!({ "case_id": case_id, "consent": id, "recipient": recipient, "reason": reason })).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn revoke_consent(&self, v: &Viewer, consent_id: i64, at: OffsetDateTime) -> Result<()> {
        let mut tx = self.begin().await?;
        let case_id: Option<i64> = sqlx::query_scalar("SELECT case_id FROM consents WHERE id = $1")
            .bind(consent_id)
            .fetch_optional(&mut *tx)
            .await?;
        let case_id = case_id.ok_or_else(|| StoreError::Forbidden(format!("consent {consent_id}")))?;
        // The person withdraws through their caseworker; the coordinator may withdraw an override.
        if !(may(v.user.role, Action::OverrideConsent)
            || require(&mut tx, &v.user, case_id, CaseAccess::Full).await.is_ok())
        {
            return Err(StoreError::Forbidden(format!("consent {consent_id}")));
        }
        free_places_of_referrals(&mut tx, Release::Consent, consent_id).await?;
        sqlx::query("UPDATE consents SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2")
            .bind(rfc3339(at))
            .bind(consent_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE referrals SET status = 'revoked' WHERE consent = $1 AND status IN ('sent', 'accepted')",
        )
        .bind(consent_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE deadlines SET done_at = coalesce(done_at, $1) WHERE case_id = $2 AND kind = 'referral_response' \
             AND label IN (SELECT 'referral ' || id FROM referrals WHERE consent = $3)",
        )
        .bind(rfc3339(at))
        .bind(case_id)
        .bind(consent_id)
        .execute(&mut *tx)
        .await?;
        log_change(
            &mut tx,
            case_id,
            &v.actor,
            at,
            "consent.revoked",
            &format!("consent {consent_id} withdrawn"),
            "case.consent.revoke",
            serde_json::json!({ "case_id": case_id, "consent": consent_id }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn refer(
        &self,
        v: &Viewer,
        case_id: i64,
        service_id: i64,
        consent_id: i64,
        message: Option<&str>,
        at: OffsetDateTime,
    ) -> Result<i64> {
        let key = self.field_key()?;
        let mut tx = self.begin().await?;
        require_holder(&mut tx, &v.user, case_id).await?;
        let service = sqlx::query("SELECT * FROM services WHERE id = $1")
            .bind(service_id)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| service_from(&r))
            .transpose()?
            .ok_or_else(|| StoreError::Refused(format!("service: no service {service_id}")))?;
        let consent = sqlx::query("SELECT * FROM consents WHERE id = $1 AND case_id = $2")
            .bind(consent_id)
            .bind(case_id)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| consent_from(&r))
            .transpose()?
            .ok_or_else(|| {
                StoreError::Refused("consent: record the person's consent to this referral first".into())
            })?;
        if !consent.active() {
            return Err(StoreError::Refused("consent: this consent was withdrawn".into()));
        }
        if consent.recipient != service.provider {
            return Err(StoreError::Refused(format!(
                "consent: the consent names {}, but {} is provided by {}",
                consent.recipient, service.name, service.provider
            )));
        }
        if service.full() {
            return Err(StoreError::Refused(format!(
                "service: {} has no free place; choose another service or ask the provider",
                service.name
            )));
        }
        let message = message.map(str::trim).filter(|m| !m.is_empty());
        if message.is_some_and(|m| m.chars().count() > vigie_domain::case::MAX_TEXT) {
            return Err(StoreError::Refused("message: too long".into()));
        }
        let due = at.date() + Duration::days(i64::from(service.response_days));
        let needs = needs_of(service.kind);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO referrals (case_id, service, consent, status, needs, message, sent_at, due_on, sent_by) \
             VALUES ($1, $2, $3, 'sent', $4, NULL, $5, $6, $7) RETURNING id",
        )
        .bind(case_id)
        .bind(service_id)
        .bind(consent_id)
        .bind(needs.iter().map(|f| f.code()).collect::<Vec<_>>().join(","))
        .bind(rfc3339(at))
        .bind(due.to_string())
        .bind(v.user.username.as_str())
        .fetch_one(&mut *tx)
        .await?;
        if let Some(m) = message {
            sqlx::query("UPDATE referrals SET message = $1 WHERE id = $2")
                .bind(key.seal_str("referrals", "message", id, m)?)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO deadlines (case_id, kind, due_on, label) VALUES ($1, 'referral_response', $2, $3)",
        )
        .bind(case_id)
        .bind(due.to_string())
        .bind(format!("referral {id}"))
        .execute(&mut *tx)
        .await?;
        log_change(&mut tx, case_id, &v.actor, at, "referral", &format!("referred to {} ({})", service.name, service.provider), "case.referral", serde_json::json!({ "case_id": case_id, "referral": id, "service": service.code, "consent": consent_id })).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn referrals(&self, v: &Viewer) -> Result<Vec<Referral>> {
        let mut conn = self.reader.acquire().await?;
        let rows = if may(v.user.role, Action::ReceiveReferrals) {
            let Some(a) = &v.user.agency else {
                return Ok(Vec::new());
            };
            sqlx::query(referral_select!("WHERE s.provider = $1 ORDER BY r.id DESC"))
                .bind(a.as_str())
                .fetch_all(&mut *conn)
                .await?
        } else if may(v.user.role, Action::OverseeCases) {
            sqlx::query(referral_select!("ORDER BY r.id DESC"))
                .fetch_all(&mut *conn)
                .await?
        } else if may(v.user.role, Action::WorkCases) {
            match holder_agency(&mut conn, &v.user).await? {
                Some(a) => {
                    sqlx::query(referral_select!("WHERE c.agency = $1 ORDER BY r.id DESC"))
                        .bind(a.as_str())
                        .fetch_all(&mut *conn)
                        .await?
                }
                None => Vec::new(),
            }
        } else {
            return Err(denied(&v.user, Action::ReceiveReferrals));
        };
        rows.iter().map(referral_from).collect()
    }

    async fn referral_view(&self, v: &Viewer, referral_id: i64, at: OffsetDateTime) -> Result<ReferralView> {
        let key = self.field_key()?;
        let mut tx = self.begin().await?;
        let (referral, row) = provider_referral(&mut tx, v, referral_id).await?;
        let consent_active: Option<i64> =
            sqlx::query_scalar("SELECT id FROM consents WHERE id = $1 AND revoked_at IS NULL")
                .bind(referral.consent_id)
                .fetch_optional(&mut *tx)
                .await?;
        if consent_active.is_none() || referral.status == ReferralStatus::Revoked {
            return Err(StoreError::Forbidden(format!(
                "referral {referral_id}: the person withdrew their consent"
            )));
        }
        let rec = read_case(self, &mut tx, referral.case_id, CaseAccess::Referral).await?;
        let fields = shared_values(&referral.needs, &rec);
        let message = match row.try_get::<Option<Vec<u8>>, _>("message")? {
            Some(b) => Some(key.open_str("referrals", "message", referral_id, &b)?),
            None => None,
        };
        audit(
            &mut tx,
            &v.actor,
            at,
            "referral.read",
            serde_json::json!({ "referral": referral_id, "case": referral.case_reference,
                                "fields": referral.needs.iter().map(|f| f.code()).collect::<Vec<_>>() }),
        )
        .await?;
        tx.commit().await?;
        Ok(ReferralView {
            referral,
            fields,
            message,
        })
    }

    async fn referral_for_partner(
        &self,
        v: &Viewer,
        referral_id: i64,
        partner: &str,
        at: OffsetDateTime,
    ) -> Result<ReferralView> {
        if !(v.user.active && may(v.user.role, Action::ManageExchange)) {
            return Err(denied(&v.user, Action::ManageExchange));
        }
        let key = self.field_key()?;
        let mut tx = self.begin().await?;
        let row = sqlx::query(referral_select!("WHERE r.id = $1"))
            .bind(referral_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("referral {referral_id}")))?;
        let referral = referral_from(&row)?;
        if referral.provider.as_str() != partner {
            return Err(StoreError::Refused(format!(
                "referral {referral_id} is to {}, not to the partner {partner}",
                referral.provider
            )));
        }
        let consent_active: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM consents WHERE id = $1 AND revoked_at IS NULL AND recipient = $2",
        )
        .bind(referral.consent_id)
        .bind(partner)
        .fetch_optional(&mut *tx)
        .await?;
        if consent_active.is_none() || referral.status == ReferralStatus::Revoked {
            return Err(StoreError::Refused(format!(
                "referral {referral_id}: the person's consent to share with {partner} is not in force"
            )));
        }
        let rec = read_case(self, &mut tx, referral.case_id, CaseAccess::Referral).await?;
        let fields = crate::cases::shared_values(&referral.needs, &rec);
        let message = match row.try_get::<Option<Vec<u8>>, _>("message")? {
            Some(b) => Some(key.open_str("referrals", "message", referral_id, &b)?),
            None => None,
        };
        audit(
            &mut tx,
            &v.actor,
            at,
            "referral.export",
            serde_json::json!({ "referral": referral_id, "case": referral.case_reference, "partner": partner,
                                "fields": referral.needs.iter().map(|f| f.code()).collect::<Vec<_>>() }),
        )
        .await?;
        tx.commit().await?;
        Ok(ReferralView {
            referral,
            fields,
            message,
        })
    }

    async fn answer_referral(
        &self,
        v: &Viewer,
        referral_id: i64,
        accept: bool,
        note: &str,
        at: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let (r, _) = provider_referral(&mut tx, v, referral_id).await?;
        if r.status != ReferralStatus::Sent {
            return Err(StoreError::Refused(format!(
                "this referral is {} and can no longer be answered",
                r.status
            )));
        }
        let note = note.trim();
        if note.chars().count() > 1000 {
            return Err(StoreError::Refused("note: up to 1,000 characters".into()));
        }
        if accept {
            let taken = sqlx::query(
                "UPDATE services SET free = free - 1 WHERE id = $1 AND (capacity IS NULL OR free > 0)",
            )
            .bind(r.service_id)
            .execute(&mut *tx)
            .await?;
            if taken.rows_affected() == 0 {
                return Err(StoreError::Refused(format!(
                    "{} has no free place left",
                    r.service_name
                )));
            }
        }
        let status = if accept { "accepted" } else { "refused" };
        sqlx::query("UPDATE referrals SET status = $1, answered_at = $2, answer_note = $3 WHERE id = $4")
            .bind(status)
            .bind(rfc3339(at))
            .bind((!note.is_empty()).then_some(note))
            .bind(referral_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE deadlines SET done_at = coalesce(done_at, $1) WHERE case_id = $2 AND kind = 'referral_response' AND label = $3",
        )
        .bind(rfc3339(at))
        .bind(r.case_id)
        .bind(format!("referral {referral_id}"))
        .execute(&mut *tx)
        .await?;
        log_change(
            &mut tx,
            r.case_id,
            &v.actor,
            at,
            "referral",
            &format!("{} {status} the referral", r.service_name),
            "referral.answer",
            serde_json::json!({ "referral": referral_id, "status": status }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn complete_referral(&self, v: &Viewer, referral_id: i64, at: OffsetDateTime) -> Result<()> {
        let mut tx = self.begin().await?;
        let (r, _) = provider_referral(&mut tx, v, referral_id).await?;
        if r.status != ReferralStatus::Accepted {
            return Err(StoreError::Refused(format!(
                "this referral is {}, not accepted",
                r.status
            )));
        }
        free_places_of_referrals(&mut tx, Release::Referral, referral_id).await?;
        sqlx::query("UPDATE referrals SET status = 'done', done_at = $1 WHERE id = $2")
            .bind(rfc3339(at))
            .bind(referral_id)
            .execute(&mut *tx)
            .await?;
        log_change(
            &mut tx,
            r.case_id,
            &v.actor,
            at,
            "referral",
            &format!("{}: help given", r.service_name),
            "referral.done",
            serde_json::json!({ "referral": referral_id }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn services(&self) -> Result<Vec<Service>> {
        sqlx::query("SELECT * FROM services ORDER BY kind, name")
            .fetch_all(&self.reader)
            .await?
            .iter()
            .map(service_from)
            .collect()
    }

    async fn service(&self, id: i64) -> Result<Option<Service>> {
        sqlx::query("SELECT * FROM services WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.reader)
            .await?
            .map(|r| service_from(&r))
            .transpose()
    }

    async fn save_service(&self, v: &Viewer, s: &NewService, at: OffsetDateTime) -> Result<i64> {
        if !may(v.user.role, Action::ManageDirectory) {
            return Err(denied(&v.user, Action::ManageDirectory));
        }
        let mut problems = Vec::new();
        let code_ok = !s.code.is_empty()
            && s.code.len() <= 64
            && s.code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !code_ok {
            problems.push("code: lower-case letters, digits, '-' and '_' (1 to 64)".to_owned());
        }
        if s.name.trim().is_empty() {
            problems.push("name: required".to_owned());
        }
        if let (Some(c), Some(f)) = (s.capacity, s.free)
            && f > c
        {
            problems.push(format!("free: {f} free places but only {c} in all"));
        }
        if s.capacity.is_none() && s.free.is_some() {
            problems.push("free: give the capacity too".to_owned());
        }
        if s.response_days == 0 || s.response_days > 60 {
            problems.push("response_days: between 1 and 60".to_owned());
        }
        if !problems.is_empty() {
            return Err(StoreError::Refused(problems.join("; ")));
        }
        let mut tx = self.begin().await?;
        if kind_of(&mut tx, &Some(s.provider.clone())).await?.is_none() {
            return Err(StoreError::Refused(format!("provider: no agency {}", s.provider)));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO services (code, kind, name, provider, languages, capacity, free, hours, contact, response_days, \
             public) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT(code) DO UPDATE SET kind = excluded.kind, \
             name = excluded.name, provider = excluded.provider, languages = excluded.languages, \
             capacity = excluded.capacity, free = excluded.free, hours = excluded.hours, contact = excluded.contact, \
             response_days = excluded.response_days, public = excluded.public RETURNING id",
        )
        .bind(&s.code)
        .bind(s.kind.code())
        .bind(s.name.trim())
        .bind(s.provider.as_str())
        .bind(s.languages.join(","))
        .bind(s.capacity.map(i64::from))
        .bind(s.capacity.map(|c| i64::from(s.free.unwrap_or(c))))
        .bind(s.hours.trim())
        .bind(s.contact.trim())
        .bind(i64::from(s.response_days))
        .bind(i64::from(s.public))
        .fetch_one(&mut *tx)
        .await?;
        audit(
            &mut tx,
            &v.actor,
            at,
            "service.save",
            serde_json::json!({ "service": s.code, "kind": s.kind }),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn set_free_places(
        &self,
        v: &Viewer,
        service_id: i64,
        free: u32,
        at: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let s = sqlx::query("SELECT * FROM services WHERE id = $1")
            .bind(service_id)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| service_from(&r))
            .transpose()?
            .ok_or_else(|| not_found(&format!("service {service_id}")))?;
        let own = may(v.user.role, Action::ReceiveReferrals) && v.user.agency.as_ref() == Some(&s.provider);
        if !(own || may(v.user.role, Action::ManageDirectory)) {
            return Err(StoreError::Forbidden(format!("service {service_id}")));
        }
        match s.capacity {
            None => {
                return Err(StoreError::Refused(
                    "this service has no fixed number of places".into(),
                ));
            }
            Some(c) if free > c => {
                return Err(StoreError::Refused(format!("free: at most {c} (the capacity)")));
            }
            Some(_) => {}
        }
        sqlx::query("UPDATE services SET free = $1 WHERE id = $2")
            .bind(i64::from(free))
            .bind(service_id)
            .execute(&mut *tx)
            .await?;
        audit(
            &mut tx,
            &v.actor,
            at,
            "service.free",
            serde_json::json!({ "service": s.code, "free": free }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn add_legal_note(
        &self,
        v: &Viewer,
        case_id: i64,
        provider: &AgencyCode,
        note: &str,
        at: OffsetDateTime,
    ) -> Result<i64> {
        let key = self.field_key()?;
        let mut tx = self.begin().await?;
        require_holder(&mut tx, &v.user, case_id).await?;
        let note = note.trim();
        if note.is_empty() || note.chars().count() > vigie_domain::case::MAX_TEXT {
            return Err(StoreError::Refused("note: between 1 and 4,000 characters".into()));
        }
        // The provider must offer legal counselling.
        let offers: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM services WHERE provider = $1 AND kind = 'legal_counselling'",
        )
        .bind(provider.as_str())
        .fetch_one(&mut *tx)
        .await?;
        if offers == 0 {
            return Err(StoreError::Refused(format!(
                "provider: {provider} offers no legal counselling"
            )));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO legal_notes (case_id, provider, note, at) VALUES ($1, $2, NULL, $3) RETURNING id",
        )
        .bind(case_id)
        .bind(provider.as_str())
        .bind(rfc3339(at))
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("UPDATE legal_notes SET note = $1 WHERE id = $2")
            .bind(key.seal_str("legal_notes", "note", id, note)?)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        log_change(
            &mut tx,
            case_id,
            &v.actor,
            at,
            "legal",
            &format!("a request for legal help was passed to {provider}"),
            "case.legal_note",
            serde_json::json!({ "case_id": case_id, "provider": provider }),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn legal_notes(&self, v: &Viewer, at: OffsetDateTime) -> Result<Vec<LegalNote>> {
        let key = self.field_key()?;
        if !may(v.user.role, Action::ReceiveReferrals) {
            return Err(denied(&v.user, Action::ReceiveReferrals));
        }
        let Some(agency) = &v.user.agency else {
            return Ok(Vec::new());
        };
        let mut tx = self.begin().await?;
        let rows = sqlx::query(
            "SELECT l.id, l.note, l.at, c.reference FROM legal_notes l JOIN cases c ON c.id = l.case_id \
             WHERE l.provider = $1 AND l.note IS NOT NULL ORDER BY l.id DESC",
        )
        .bind(agency.as_str())
        .fetch_all(&mut *tx)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let id: i64 = r.try_get("id")?;
            let b: Vec<u8> = r.try_get("note")?;
            out.push(LegalNote {
                id,
                case_reference: r.try_get("reference")?,
                note: key.open_str("legal_notes", "note", id, &b)?,
                at: r.try_get("at")?,
            });
        }
        audit(
            &mut tx,
            &v.actor,
            at,
            "legal_note.read",
            serde_json::json!({ "notes": out.len() }),
        )
        .await?;
        tx.commit().await?;
        Ok(out)
    }

    async fn erase_case(&self, v: &Viewer, case_id: i64, reason: &str, at: OffsetDateTime) -> Result<()> {
        let mut tx = self.begin().await?;
        let holder = require_holder(&mut tx, &v.user, case_id).await.is_ok();
        if !(holder || may(v.user.role, Action::ManageRetention)) {
            return Err(StoreError::Forbidden(format!("case {case_id}")));
        }
        let hold: Option<i64> = sqlx::query_scalar("SELECT legal_hold FROM cases WHERE id = $1")
            .bind(case_id)
            .fetch_optional(&mut *tx)
            .await?;
        match hold {
            None => return Err(StoreError::Forbidden(format!("case {case_id}"))),
            Some(1) => {
                return Err(StoreError::Refused(
                    "this case is under legal hold: it cannot be erased until the hold is lifted".into(),
                ));
            }
            Some(_) => {}
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::Refused(
                "reason: say why (e.g. the person's request of a given date)".into(),
            ));
        }
        erase_in(&mut tx, case_id, at).await?;
        log_change(
            &mut tx,
            case_id,
            &v.actor,
            at,
            "erased",
            "personal data erased on request",
            "case.erase",
            serde_json::json!({ "case_id": case_id, "reason": reason }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_legal_hold(
        &self,
        v: &Viewer,
        case_id: i64,
        hold: bool,
        reason: &str,
        at: OffsetDateTime,
    ) -> Result<()> {
        if !may(v.user.role, Action::ManageRetention) {
            return Err(denied(&v.user, Action::ManageRetention));
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::Refused("reason: say why".into()));
        }
        let mut tx = self.begin().await?;
        case_agency(&mut tx, case_id).await?;
        sqlx::query("UPDATE cases SET legal_hold = $1 WHERE id = $2")
            .bind(i64::from(hold))
            .bind(case_id)
            .execute(&mut *tx)
            .await?;
        log_change(
            &mut tx,
            case_id,
            &v.actor,
            at,
            "legal_hold",
            if hold {
                "legal hold set"
            } else {
                "legal hold lifted"
            },
            "case.legal_hold",
            serde_json::json!({ "case_id": case_id, "hold": hold, "reason": reason }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn apply_retention(
        &self,
        actor: &Actor,
        retention_days: u32,
        today: Date,
        at: OffsetDateTime,
    ) -> Result<Vec<String>> {
        let limit = today - Duration::days(i64::from(retention_days));
        let mut tx = self.begin().await?;
        let due: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, reference FROM cases WHERE closed_on IS NOT NULL AND closed_on < $1 AND legal_hold = 0 \
             AND erased_on IS NULL ORDER BY id",
        )
        .bind(limit.to_string())
        .fetch_all(&mut *tx)
        .await?;
        for (id, _) in &due {
            erase_in(&mut tx, *id, at).await?;
            event(
                &mut tx,
                *id,
                actor,
                at,
                "erased",
                &format!("retention: closed more than {retention_days} days ago"),
            )
            .await?;
        }
        let refs: Vec<String> = due.into_iter().map(|(_, r)| r).collect();
        audit(
            &mut tx,
            actor,
            at,
            "case.retention",
            serde_json::json!({ "retention_days": retention_days, "erased": refs }),
        )
        .await?;
        tx.commit().await?;
        Ok(refs)
    }

    async fn use_form_token(&self, token: &str, at: OffsetDateTime) -> Result<bool> {
        use sha2::{Digest, Sha256};
        let hash: String = Sha256::digest(token.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let mut tx = self.begin().await?;
        // Tokens older than two days are forgotten (a form is not kept open that long).
        sqlx::query("DELETE FROM form_tokens WHERE at < $1")
            .bind(rfc3339(at - Duration::days(2)))
            .execute(&mut *tx)
            .await?;
        let done =
            sqlx::query("INSERT INTO form_tokens (token_hash, at) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(hash)
                .bind(rfc3339(at))
                .execute(&mut *tx)
                .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    async fn case_facts(&self) -> Result<Vec<crate::cases::CaseFact>> {
        let rows = sqlx::query(
            "SELECT c.*, p.sex AS person_sex, p.nationality AS person_nationality FROM cases c \
             JOIN persons p ON p.id = c.person ORDER BY c.id",
        )
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                let s = summary_from(r)?;
                Ok(crate::cases::CaseFact {
                    year: s.opened_on.year(),
                    status: s.status,
                    sex: r.try_get("person_sex")?,
                    minor: s.minor,
                    nationality: r.try_get("person_nationality")?,
                    forms: s.forms,
                })
            })
            .collect()
    }

    async fn htcds_cases(&self, v: &Viewer, at: OffsetDateTime) -> Result<Vec<HtcdsCase>> {
        if !may(v.user.role, Action::OverseeCases) {
            return Err(denied(&v.user, Action::OverseeCases));
        }
        let mut tx = self.begin().await?;
        let rows = sqlx::query(
            "SELECT c.reference, c.opened_on, c.minor, c.forms, c.means, c.recruiter_relation, \
             c.recruitment_country, c.exploitation_country, p.sex, p.nationality, p.age_uncertain \
             FROM cases c JOIN persons p ON p.id = c.person WHERE c.erased_on IS NULL ORDER BY c.id",
        )
        .fetch_all(&mut *tx)
        .await?;
        let country = |r: &AnyRow, col: &str| -> Result<Option<CountryCode>> {
            let v: Option<String> = r.try_get(col)?;
            v.map(|c| CountryCode::parse(&c).map_err(|e| corrupt(col, e)))
                .transpose()
        };
        let list = rows
            .iter()
            .map(|r| {
                let minor = r.try_get::<i64, _>("minor")? == 1;
                let uncertain = r.try_get::<i64, _>("age_uncertain")? == 1;
                Ok(HtcdsCase {
                    reference: r.try_get("reference")?,
                    fields: CaseFields {
                        year: req_date(r, "opened_on")?.year(),
                        sex: vocab(&r.try_get::<String, _>("sex")?, Sex::parse)?,
                        majority: CaseFields::majority_of(minor, uncertain),
                        nationality: country(r, "nationality")?,
                        forms: split(&r.try_get::<String, _>("forms")?)
                            .iter()
                            .map(|f| vocab(f, ExploitationForm::parse))
                            .collect::<Result<_>>()?,
                        means: split(&r.try_get::<String, _>("means")?)
                            .iter()
                            .map(|m| vocab(m, MeansOfControl::parse))
                            .collect::<Result<_>>()?,
                        recruiter_relation: vocab(
                            &r.try_get::<String, _>("recruiter_relation")?,
                            RecruiterRelation::parse,
                        )?,
                        recruitment_country: country(r, "recruitment_country")?,
                        exploitation_country: country(r, "exploitation_country")?,
                    },
                })
            })
            .collect::<Result<Vec<_>>>()?;
        audit(
            &mut tx,
            &v.actor,
            at,
            "cases.export_htcds",
            serde_json::json!({ "cases": list.len() }),
        )
        .await?;
        tx.commit().await?;
        Ok(list)
    }

    async fn import_htcds(
        &self,
        v: &Viewer,
        cases: &[ImportedCase],
        at: OffsetDateTime,
    ) -> Result<Vec<String>> {
        let key = self.field_key()?;
        if !may(v.user.role, Action::WorkCases) {
            return Err(denied(&v.user, Action::WorkCases));
        }
        let mut tx = self.begin().await?;
        let Some(agency) = holder_agency(&mut tx, &v.user).await? else {
            return Err(StoreError::Forbidden(
                "cases are opened for an agency that holds cases (an NGO, social services, health or the labour \
                 inspectorate)"
                    .into(),
            ));
        };
        // The identity is empty: a data hub's record names no one.
        let identity = serde_json::to_string(&Identity {
            alias: String::new(),
            birth: None,
            contact: None,
        })
        .map_err(|e| corrupt("identity", e))?;
        // A record imported before (the same file sent twice) is refused: nothing is stored twice.
        let mut again = Vec::new();
        for c in cases {
            let pattern = format!(
                "case opened from the case data standard record {} (%",
                c.source_id
            );
            let seen: Option<String> = sqlx::query_scalar(
                "SELECT c.reference FROM case_events e JOIN cases c ON c.id = e.case_id \
                 WHERE e.kind = 'intake' AND c.agency = $1 AND e.detail LIKE $2 LIMIT 1",
            )
            .bind(agency.as_str())
            .bind(&pattern)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(reference) = seen {
                again.push(format!("{}: already imported as case {reference}", c.source_id));
            }
        }
        if !again.is_empty() {
            return Err(StoreError::Refused(format!(
                "the file was refused; nothing was imported:\n{}",
                again.join("\n")
            )));
        }
        let mut references = Vec::with_capacity(cases.len());
        for c in cases {
            let f = &c.fields;
            let opened_on = Date::from_calendar_date(f.year, time::Month::January, 1).map_err(|e| {
                StoreError::Refused(format!("{}: yearOfRegistration {}: {e}", c.source_id, f.year))
            })?;
            let (minor, uncertain) = f.minor_and_uncertain();
            let person_id: i64 = sqlx::query_scalar(
                "INSERT INTO persons (agency, sex, nationality, languages, age_uncertain, identity, created_at) \
                 VALUES ($1, $2, $3, '', $4, NULL, $5) RETURNING id",
            )
            .bind(agency.as_str())
            .bind(f.sex.code())
            .bind(f.nationality.as_ref().map(|n| n.to_string()))
            .bind(i64::from(uncertain))
            .bind(rfc3339(at))
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query("UPDATE persons SET identity = $1 WHERE id = $2")
                .bind(key.seal_str("persons", "identity", person_id, &identity)?)
                .bind(person_id)
                .execute(&mut *tx)
                .await?;
            let year = opened_on.year();
            let seq: i64 =
                sqlx::query_scalar("SELECT count(*) FROM cases WHERE agency = $1 AND reference LIKE $2")
                    .bind(agency.as_str())
                    .bind(format!("{agency}-{year}-%"))
                    .fetch_one(&mut *tx)
                    .await?;
            let reference = format!("{agency}-{year}-{:04}", seq + 1);
            let case_id: i64 = sqlx::query_scalar(
                "INSERT INTO cases (reference, person, agency, caseworker, minor, forms, means, recruiter_relation, \
                 recruitment_country, exploitation_country, status, reflection_days, opened_on, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'possible', $11, $12, $13) RETURNING id",
            )
            .bind(&reference)
            .bind(person_id)
            .bind(agency.as_str())
            .bind(v.user.username.as_str())
            .bind(i64::from(minor))
            .bind(join(&f.forms))
            .bind(join(&f.means))
            .bind(f.recruiter_relation.code())
            .bind(f.recruitment_country.as_ref().map(|x| x.to_string()))
            .bind(f.exploitation_country.as_ref().map(|x| x.to_string()))
            .bind(i64::from(vigie_domain::case::MIN_REFLECTION_DAYS))
            .bind(opened_on.to_string())
            .bind(rfc3339(at))
            .fetch_one(&mut *tx)
            .await?;
            let places = serde_json::to_string(&(
                Place {
                    country: f.recruitment_country.clone(),
                    detail: None,
                },
                Place {
                    country: f.exploitation_country.clone(),
                    detail: None,
                },
            ))
            .map_err(|e| corrupt("places", e))?;
            sqlx::query("UPDATE cases SET places = $1 WHERE id = $2")
                .bind(key.seal_str("cases", "places", case_id, &places)?)
                .bind(case_id)
                .execute(&mut *tx)
                .await?;
            event(
                &mut tx,
                case_id,
                &v.actor,
                at,
                "intake",
                &format!(
                    "case opened from the case data standard record {} ({})",
                    c.source_id,
                    join(&f.forms)
                ),
            )
            .await?;
            references.push(reference);
        }
        audit(
            &mut tx,
            &v.actor,
            at,
            "cases.import_htcds",
            serde_json::json!({ "agency": agency, "cases": references.len() }),
        )
        .await?;
        tx.commit().await?;
        Ok(references)
    }

    async fn case_counts(&self) -> Result<CaseCounts> {
        let rows = sqlx::query("SELECT * FROM cases").fetch_all(&self.reader).await?;
        let mut counts = CaseCounts::default();
        let mut forms = std::collections::BTreeMap::<String, u64>::new();
        let mut status = std::collections::BTreeMap::<String, u64>::new();
        let mut years = std::collections::BTreeMap::<String, u64>::new();
        let sex_of: std::collections::HashMap<i64, String> = sqlx::query_as::<_, (i64, String)>(
            "SELECT c.id, p.sex FROM cases c JOIN persons p ON p.id = c.person",
        )
        .fetch_all(&self.reader)
        .await?
        .into_iter()
        .collect();
        let mut year_form = std::collections::BTreeMap::<(String, String), u64>::new();
        let mut year_sex = std::collections::BTreeMap::<(String, String), u64>::new();
        let mut year_minor = std::collections::BTreeMap::<(String, bool), u64>::new();
        for r in &rows {
            let s = summary_from(r)?;
            let year = s.opened_on.year().to_string();
            counts.total += 1;
            counts.minors += u64::from(s.minor);
            for f in &s.forms {
                *forms.entry(f.code().to_owned()).or_default() += 1;
                *year_form.entry((year.clone(), f.code().to_owned())).or_default() += 1;
            }
            *status.entry(s.status.code().to_owned()).or_default() += 1;
            *years.entry(year.clone()).or_default() += 1;
            let id: i64 = r.try_get("id")?;
            if let Some(sex) = sex_of.get(&id) {
                *year_sex.entry((year.clone(), sex.clone())).or_default() += 1;
            }
            *year_minor.entry((year, s.minor)).or_default() += 1;
        }
        counts.by_year_form = year_form.into_iter().map(|((y, f), n)| (y, f, n)).collect();
        counts.by_year_sex = year_sex.into_iter().map(|((y, x), n)| (y, x, n)).collect();
        counts.by_year_minor = year_minor.into_iter().map(|((y, m), n)| (y, m, n)).collect();
        let sexes: Vec<(String, i64)> =
            sqlx::query_as("SELECT p.sex, count(*) FROM cases c JOIN persons p ON p.id = c.person GROUP BY p.sex ORDER BY p.sex")
                .fetch_all(&self.reader)
                .await?;
        counts.by_form = forms.into_iter().collect();
        counts.by_status = status.into_iter().collect();
        counts.by_year = years.into_iter().collect();
        counts.by_sex = sexes.into_iter().map(|(s, n)| (s, n.max(0) as u64)).collect();
        Ok(counts)
    }
}
