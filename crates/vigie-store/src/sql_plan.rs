//! [`PlanStore`] for SQLite. Each change is one transaction: the role check, the validation against the city's
//! areas, indicators and agencies, the change, the measure's timeline event and the audit entry.

use async_trait::async_trait;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;
use vigie_domain::plan::{Known, Measure, MeasureDraft, PlanProblem};
use vigie_domain::policy::{self, Action};
use vigie_domain::{MeasureStatus, User};

use crate::cases::Viewer;
use crate::plan::{MeasureEvent, MeasureValue, PlanStore, ReferralYear, StoredMeasure};
use crate::sql::{SqlStore, audit_action, corrupt, parse_rfc3339, rfc3339};
use crate::{Result, StoreError};

fn require(user: &User, action: Action) -> Result<()> {
    if user.active && policy::allowed(user.role, action) {
        Ok(())
    } else {
        Err(StoreError::Forbidden(format!(
            "the role {} may not {action:?}",
            user.role
        )))
    }
}

pub(crate) async fn known(conn: &mut AnyConnection) -> Result<Known> {
    let list = |rows: Vec<String>| rows.into_iter().collect();
    Ok(Known {
        areas: list(
            sqlx::query_scalar("SELECT code FROM areas")
                .fetch_all(&mut *conn)
                .await?,
        ),
        indicators: list(
            sqlx::query_scalar("SELECT code FROM indicators")
                .fetch_all(&mut *conn)
                .await?,
        ),
        agencies: list(
            sqlx::query_scalar("SELECT code FROM agencies")
                .fetch_all(&mut *conn)
                .await?,
        ),
    })
}

fn stored_from_row(row: &sqlx::any::AnyRow, known: &Known) -> Result<StoredMeasure> {
    let data: String = row.try_get("data")?;
    let draft: MeasureDraft = serde_json::from_str(&data).map_err(|e| corrupt("measures.data", e))?;
    let measure = draft.validate(known).map_err(|p| {
        corrupt(
            "measures.data",
            p.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
        )
    })?;
    Ok(StoredMeasure {
        measure,
        created_by: row.try_get("created_by")?,
        created_at: parse_rfc3339(&row.try_get::<String, _>("created_at")?)?,
        updated_by: row.try_get("updated_by")?,
        updated_at: parse_rfc3339(&row.try_get::<String, _>("updated_at")?)?,
    })
}

/// The measure with this code, if the user may see it; a refusal reads as not found.
async fn visible(conn: &mut AnyConnection, user: &User, code: &str) -> Result<(i64, StoredMeasure)> {
    let missing = || StoreError::NotFound(format!("measure {code}"));
    let row = sqlx::query(
        "SELECT id, data, created_by, created_at, updated_by, updated_at FROM measures WHERE code = $1",
    )
    .bind(code)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(missing)?;
    let id: i64 = row.try_get("id")?;
    let k = known(conn).await?;
    let stored = stored_from_row(&row, &k)?;
    let carried = user.agency.as_ref().is_some_and(|a| stored.measure.carried_by(a));
    if policy::measure_access(user.role, user.agency.as_ref(), carried) {
        Ok((id, stored))
    } else {
        Err(missing())
    }
}

async fn event(
    conn: &mut AnyConnection,
    measure: i64,
    v: &Viewer,
    at: OffsetDateTime,
    kind: &str,
    detail: &str,
) -> Result<()> {
    sqlx::query("INSERT INTO measure_events (measure, at, actor, kind, detail) VALUES ($1, $2, $3, $4, $5)")
        .bind(measure)
        .bind(rfc3339(at))
        .bind(&v.actor.name)
        .bind(kind)
        .bind(detail)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn audit(
    conn: &mut AnyConnection,
    v: &Viewer,
    at: OffsetDateTime,
    action: &str,
    detail: serde_json::Value,
) -> Result<()> {
    audit_action(conn, &v.actor, at, action, detail).await
}

/// Writes the measure's areas and agencies (after removing the old ones).
async fn links(conn: &mut AnyConnection, id: i64, m: &Measure) -> Result<()> {
    sqlx::query("DELETE FROM measure_areas WHERE measure = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM measure_agencies WHERE measure = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for a in &m.areas {
        sqlx::query("INSERT INTO measure_areas (measure, area) VALUES ($1, $2)")
            .bind(id)
            .bind(a.as_str())
            .execute(&mut *conn)
            .await?;
    }
    let agencies = std::iter::once((&m.lead, "lead")).chain(m.partners.iter().map(|p| (p, "partner")));
    for (a, role) in agencies {
        sqlx::query("INSERT INTO measure_agencies (measure, agency, role) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(a.as_str())
            .bind(role)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

fn valid_period(p: &str) -> bool {
    let b = p.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    match b.len() {
        4 => digits(0..4),
        7 => {
            digits(0..4)
                && b[4] == b'-'
                && digits(5..7)
                && (1..=12).contains(&p[5..7].parse::<u8>().unwrap_or(0))
        }
        _ => false,
    }
}

/// Whether a measure has this code.
pub(crate) async fn code_taken(conn: &mut AnyConnection, code: &str) -> Result<bool> {
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM measures WHERE code = $1")
        .bind(code)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(taken.is_some())
}

/// Inserts a valid measure with its areas, agencies, first event and audit entry.
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    v: &Viewer,
    m: &Measure,
    at: OffsetDateTime,
) -> Result<()> {
    let data = serde_json::to_string(m).map_err(|e| corrupt("measure", e))?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO measures (code, data, status, created_by, created_at, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(&m.code)
    .bind(&data)
    .bind(m.status.code())
    .bind(&v.actor.name)
    .bind(rfc3339(at))
    .bind(&v.actor.name)
    .bind(rfc3339(at))
    .fetch_one(&mut *conn)
    .await?;
    links(conn, id, m).await?;
    event(conn, id, v, at, "created", &m.title).await?;
    audit(
        conn,
        v,
        at,
        "plan.create",
        serde_json::json!({ "measure": m.code, "title": m.title }),
    )
    .await
}

#[async_trait]
impl PlanStore for SqlStore {
    async fn create_measure(&self, v: &Viewer, draft: &MeasureDraft, at: OffsetDateTime) -> Result<Measure> {
        require(&v.user, Action::ManagePlan)?;
        let mut tx = self.begin().await?;
        let k = known(&mut tx).await?;
        let m = draft.validate(&k).map_err(StoreError::Invalid)?;
        if code_taken(&mut tx, &m.code).await? {
            return Err(StoreError::Conflict(format!(
                "a measure with the code `{}` is already in the plan",
                m.code
            )));
        }
        insert(&mut tx, v, &m, at).await?;
        tx.commit().await?;
        Ok(m)
    }

    async fn create_measures(
        &self,
        v: &Viewer,
        drafts: &[MeasureDraft],
        at: OffsetDateTime,
    ) -> Result<Vec<Measure>> {
        require(&v.user, Action::ManagePlan)?;
        let mut tx = self.begin().await?;
        let k = known(&mut tx).await?;
        let mut problems = Vec::new();
        let mut measures: Vec<Measure> = Vec::new();
        for (i, d) in drafts.iter().enumerate() {
            match d.validate(&k) {
                Ok(m) => {
                    if measures.iter().any(|x| x.code == m.code) || code_taken(&mut tx, &m.code).await? {
                        problems.push(PlanProblem {
                            field: format!("measures[{i}].code"),
                            reason: format!("`{}` is already the code of a measure", m.code),
                        });
                    }
                    measures.push(m);
                }
                Err(ps) => problems.extend(ps.into_iter().map(|p| PlanProblem {
                    field: format!("measures[{i}].{}", p.field),
                    reason: p.reason,
                })),
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems));
        }
        for m in &measures {
            insert(&mut tx, v, m, at).await?;
        }
        tx.commit().await?;
        Ok(measures)
    }

    async fn update_measure(&self, v: &Viewer, draft: &MeasureDraft, at: OffsetDateTime) -> Result<Measure> {
        require(&v.user, Action::ManagePlan)?;
        let mut tx = self.begin().await?;
        let k = known(&mut tx).await?;
        let m = draft.validate(&k).map_err(StoreError::Invalid)?;
        let (id, old) = visible(&mut tx, &v.user, &m.code).await?;
        if old.measure == m {
            return Ok(m);
        }
        let data = serde_json::to_string(&m).map_err(|e| corrupt("measure", e))?;
        sqlx::query(
            "UPDATE measures SET data = $1, status = $2, updated_by = $3, updated_at = $4 WHERE id = $5",
        )
        .bind(&data)
        .bind(m.status.code())
        .bind(&v.actor.name)
        .bind(rfc3339(at))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        links(&mut tx, id, &m).await?;
        event(&mut tx, id, v, at, "changed", &m.title).await?;
        audit(
            &mut tx,
            v,
            at,
            "plan.update",
            serde_json::json!({ "measure": m.code }),
        )
        .await?;
        tx.commit().await?;
        Ok(m)
    }

    async fn measures(&self, v: &Viewer) -> Result<Vec<StoredMeasure>> {
        require(&v.user, Action::ViewPlan)?;
        let mut conn = self.reader.acquire().await?;
        let k = known(&mut conn).await?;
        let rows = sqlx::query(
            "SELECT id, data, created_by, created_at, updated_by, updated_at FROM measures ORDER BY code",
        )
        .fetch_all(&mut *conn)
        .await?;
        let mut out = Vec::new();
        for row in &rows {
            let s = stored_from_row(row, &k)?;
            let carried = v.user.agency.as_ref().is_some_and(|a| s.measure.carried_by(a));
            if policy::measure_access(v.user.role, v.user.agency.as_ref(), carried) {
                out.push(s);
            }
        }
        Ok(out)
    }

    async fn measures_for_evaluation(&self) -> Result<Vec<Measure>> {
        let mut conn = self.reader.acquire().await?;
        let k = known(&mut conn).await?;
        let rows = sqlx::query(
            "SELECT id, data, created_by, created_at, updated_by, updated_at FROM measures ORDER BY code",
        )
        .fetch_all(&mut *conn)
        .await?;
        rows.iter()
            .map(|r| stored_from_row(r, &k).map(|s| s.measure))
            .collect()
    }

    async fn measure(&self, v: &Viewer, code: &str) -> Result<StoredMeasure> {
        require(&v.user, Action::ViewPlan)?;
        let mut conn = self.reader.acquire().await?;
        Ok(visible(&mut conn, &v.user, code).await?.1)
    }

    async fn set_measure_status(
        &self,
        v: &Viewer,
        code: &str,
        status: MeasureStatus,
        note: &str,
        at: OffsetDateTime,
    ) -> Result<()> {
        require(&v.user, Action::UpdateMeasures)?;
        let note = note.trim();
        if note.chars().count() > 1000 {
            return Err(StoreError::Refused("a note has at most 1,000 characters".into()));
        }
        let mut tx = self.begin().await?;
        let (id, mut stored) = visible(&mut tx, &v.user, code).await?;
        let before = stored.measure.status;
        stored.measure.status = status;
        let data = serde_json::to_string(&stored.measure).map_err(|e| corrupt("measure", e))?;
        sqlx::query(
            "UPDATE measures SET data = $1, status = $2, updated_by = $3, updated_at = $4 WHERE id = $5",
        )
        .bind(&data)
        .bind(status.code())
        .bind(&v.actor.name)
        .bind(rfc3339(at))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let detail = if note.is_empty() {
            format!("{before} → {status}")
        } else {
            format!("{before} → {status}: {note}")
        };
        event(&mut tx, id, v, at, "status", &detail).await?;
        audit(
            &mut tx,
            v,
            at,
            "plan.status",
            serde_json::json!({ "measure": code, "from": before.code(), "to": status.code() }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn record_measure_value(
        &self,
        v: &Viewer,
        code: &str,
        indicator: usize,
        period: &str,
        value: f64,
        at: OffsetDateTime,
    ) -> Result<()> {
        require(&v.user, Action::UpdateMeasures)?;
        let period = period.trim();
        if !valid_period(period) {
            return Err(StoreError::Refused(format!(
                "`{period}` is not a period: write YYYY or YYYY-MM"
            )));
        }
        if !value.is_finite() {
            return Err(StoreError::Refused(format!("{value} is not a number")));
        }
        let mut tx = self.begin().await?;
        let (id, stored) = visible(&mut tx, &v.user, code).await?;
        let Some(ind) = stored.measure.indicators.get(indicator) else {
            return Err(StoreError::Refused(format!(
                "measure {code} has no indicator {}",
                indicator + 1
            )));
        };
        let name = ind.name.clone();
        sqlx::query(
            "INSERT INTO measure_values (measure, indicator, period, value, entered_by, entered_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (measure, indicator, period) DO UPDATE SET \
             value = excluded.value, entered_by = excluded.entered_by, entered_at = excluded.entered_at",
        )
        .bind(id)
        .bind(indicator as i64)
        .bind(period)
        .bind(value)
        .bind(&v.actor.name)
        .bind(rfc3339(at))
        .execute(&mut *tx)
        .await?;
        event(&mut tx, id, v, at, "value", &format!("{name}, {period}: {value}")).await?;
        audit(
            &mut tx,
            v,
            at,
            "plan.value",
            serde_json::json!({ "measure": code, "indicator": indicator, "period": period, "value": value }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn measure_events(&self, v: &Viewer, code: &str) -> Result<Vec<MeasureEvent>> {
        require(&v.user, Action::ViewPlan)?;
        let mut conn = self.reader.acquire().await?;
        let (id, _) = visible(&mut conn, &v.user, code).await?;
        let rows =
            sqlx::query("SELECT at, actor, kind, detail FROM measure_events WHERE measure = $1 ORDER BY id")
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
        rows.iter()
            .map(|r| {
                Ok(MeasureEvent {
                    at: r.try_get("at")?,
                    actor: r.try_get("actor")?,
                    kind: r.try_get("kind")?,
                    detail: r.try_get("detail")?,
                })
            })
            .collect()
    }

    async fn referral_figures(&self) -> Result<Vec<ReferralYear>> {
        let rows = sqlx::query("SELECT sent_at, answered_at FROM referrals ORDER BY sent_at")
            .fetch_all(&self.reader)
            .await?;
        // Per year: referrals sent, and the mean days from sending to an answer (of those answered).
        let mut years: std::collections::BTreeMap<String, (u64, f64, u64)> = Default::default();
        for r in &rows {
            let sent: String = r.try_get("sent_at")?;
            let answered: Option<String> = r.try_get("answered_at")?;
            let year = sent
                .get(..4)
                .ok_or_else(|| corrupt("referral sent_at", &sent))?
                .to_owned();
            let e = years.entry(year).or_default();
            e.0 += 1;
            if let Some(a) = answered {
                let days = (parse_rfc3339(&a)? - parse_rfc3339(&sent)?).as_seconds_f64() / 86_400.0;
                e.1 += days;
                e.2 += 1;
            }
        }
        Ok(years
            .into_iter()
            .map(|(year, (n, sum, answered))| ReferralYear {
                year,
                referrals: n,
                mean_response_days: (answered > 0).then(|| sum / answered as f64),
            })
            .collect())
    }

    async fn measure_values(&self, v: &Viewer, code: &str) -> Result<Vec<MeasureValue>> {
        require(&v.user, Action::ViewPlan)?;
        let mut conn = self.reader.acquire().await?;
        let (id, _) = visible(&mut conn, &v.user, code).await?;
        let rows = sqlx::query(
            "SELECT indicator, period, value, entered_by, entered_at FROM measure_values WHERE measure = $1 \
             ORDER BY indicator, period",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        rows.iter()
            .map(|r| {
                let i: i64 = r.try_get("indicator")?;
                Ok(MeasureValue {
                    indicator: usize::try_from(i).map_err(|e| corrupt("measure_values.indicator", e))?,
                    period: r.try_get("period")?,
                    value: r.try_get("value")?,
                    entered_by: r.try_get("entered_by")?,
                    entered_at: r.try_get("entered_at")?,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::valid_period;

    #[test]
    fn periods() {
        for ok in ["2024", "2024-01", "2024-12"] {
            assert!(valid_period(ok), "{ok}");
        }
        for bad in [
            "",
            "24",
            "2024-13",
            "2024-00",
            "2024-1",
            "2024/01",
            "abcd",
            "2024-01-01",
        ] {
            assert!(!valid_period(bad), "{bad}");
        }
    }
}
