//! [`ConventionStore`] for SQLite. A correction of the chart is checked against the effective chart read inside
//! its own transaction, so that two administrators' corrections are checked one after the other.

use async_trait::async_trait;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;
use vigie_domain::User;
use vigie_domain::convention::{
    CETS197, ChangeDraft, ChartChange, Confirmation, PartialDate, StateRecord, StepKind, effective,
    read_chart,
};
use vigie_domain::greta::Recommendation;
use vigie_domain::plan::{Measure, MeasureDraft};
use vigie_domain::policy::{self, Action};

use crate::cases::Viewer;
use crate::convention::{ConventionStore, StoredChange, StoredRecommendation};
use crate::sql::{SqlStore, audit_action, corrupt, parse_rfc3339, rfc3339};
use crate::sql_plan;
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

fn change_from_row(r: &sqlx::any::AnyRow) -> Result<StoredChange> {
    let step: String = r.try_get("step")?;
    let confirmation: String = r.try_get("confirmation")?;
    let date: Option<String> = r.try_get("date")?;
    Ok(StoredChange {
        id: r.try_get("id")?,
        change: ChartChange {
            state: r.try_get("state")?,
            step: StepKind::parse(&step).ok_or_else(|| corrupt("convention_changes.step", &step))?,
            date: date
                .as_deref()
                .map(PartialDate::parse)
                .transpose()
                .map_err(|e| corrupt("convention_changes.date", e))?,
            confirmation: Confirmation::parse(&confirmation)
                .ok_or_else(|| corrupt("convention_changes.confirmation", &confirmation))?,
            source: r.try_get("source")?,
            note: r.try_get("note")?,
        },
        author: r.try_get("author")?,
        at: parse_rfc3339(&r.try_get::<String, _>("created_at")?)?,
    })
}

async fn changes(conn: &mut AnyConnection) -> Result<Vec<StoredChange>> {
    let rows = sqlx::query(concat!(
        "SELECT id, state, step, date, confirmation, source, note, author, created_at ",
        "FROM convention_changes ORDER BY id"
    ))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(change_from_row).collect()
}

fn shipped() -> Result<Vec<StateRecord>> {
    read_chart("cets197.csv", CETS197).map_err(|e| {
        corrupt(
            "the shipped chart",
            e.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
        )
    })
}

fn chart_of(changes: &[StoredChange]) -> Result<Vec<StateRecord>> {
    Ok(effective(shipped()?, changes.iter().map(|c| &c.change)).0)
}

fn recommendation_from_row(r: &sqlx::any::AnyRow) -> Result<StoredRecommendation> {
    let small = |col: &str, n: i64| u8::try_from(n).map_err(|e| corrupt(col, e));
    Ok(StoredRecommendation {
        id: r.try_get("id")?,
        recommendation: Recommendation {
            text: r.try_get("text")?,
            round: small("greta_recommendations.round", r.try_get("round")?)?,
            year: i32::try_from(r.try_get::<i64, _>("year")?)
                .map_err(|e| corrupt("greta_recommendations.year", e))?,
            paragraph: r.try_get("paragraph")?,
            article: small("greta_recommendations.article", r.try_get("article")?)?,
        },
        measure: r.try_get("measure")?,
        author: r.try_get("author")?,
        created_at: parse_rfc3339(&r.try_get::<String, _>("created_at")?)?,
    })
}

async fn recommendation_in(conn: &mut AnyConnection, id: i64) -> Result<StoredRecommendation> {
    let row = sqlx::query(concat!(
        "SELECT id, text, round, year, paragraph, article, measure, author, created_at ",
        "FROM greta_recommendations WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("recommendation {id}")))?;
    recommendation_from_row(&row)
}

#[async_trait]
impl ConventionStore for SqlStore {
    async fn change_chart(
        &self,
        v: &Viewer,
        draft: &ChangeDraft,
        at: OffsetDateTime,
    ) -> Result<StoredChange> {
        require(&v.user, Action::EditConvention)?;
        let mut tx = self.begin().await?;
        let chart = chart_of(&changes(&mut tx).await?)?;
        let change = draft
            .validate(&chart, at.date())
            .map_err(StoreError::InvalidChange)?;
        let before = chart
            .iter()
            .find(|r| r.state == change.state)
            .map(|r| change.step.of(r));
        let id: i64 = sqlx::query_scalar(concat!(
            "INSERT INTO convention_changes (state, step, date, confirmation, source, note, author, created_at) ",
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"
        ))
        .bind(&change.state)
        .bind(change.step.code())
        .bind(change.date.map(|d| d.to_string()))
        .bind(change.confirmation.code())
        .bind(&change.source)
        .bind(&change.note)
        .bind(&v.actor.name)
        .bind(rfc3339(at))
        .fetch_one(&mut *tx)
        .await?;
        audit_action(
            &mut tx,
            &v.actor,
            at,
            "convention.change",
            serde_json::json!({
                "change": id,
                "state": change.state,
                "step": change.step.code(),
                "date": change.date.map(|d| d.to_string()),
                "confirmation": change.confirmation.code(),
                "before": before.map(|b| serde_json::json!({
                    "date": b.date.map(|d| d.to_string()),
                    "confirmation": b.confirmation.code(),
                })),
                "source": change.source,
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(StoredChange {
            id,
            change,
            author: v.actor.name.clone(),
            at,
        })
    }

    async fn chart_changes(&self) -> Result<Vec<StoredChange>> {
        let mut conn = self.reader.acquire().await?;
        changes(&mut conn).await
    }

    async fn effective_chart(&self) -> Result<Vec<StateRecord>> {
        let mut conn = self.reader.acquire().await?;
        chart_of(&changes(&mut conn).await?)
    }

    async fn add_recommendation(
        &self,
        v: &Viewer,
        r: &Recommendation,
        at: OffsetDateTime,
    ) -> Result<StoredRecommendation> {
        require(&v.user, Action::ManageRecommendations)?;
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(concat!(
            "INSERT INTO greta_recommendations (text, round, year, paragraph, article, author, created_at) ",
            "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"
        ))
        .bind(&r.text)
        .bind(i64::from(r.round))
        .bind(i64::from(r.year))
        .bind(&r.paragraph)
        .bind(i64::from(r.article))
        .bind(&v.actor.name)
        .bind(rfc3339(at))
        .fetch_one(&mut *tx)
        .await?;
        audit_action(
            &mut tx,
            &v.actor,
            at,
            "greta.recommendation",
            serde_json::json!({
                "recommendation": id, "round": r.round, "year": r.year, "paragraph": r.paragraph,
                "article": r.article,
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(StoredRecommendation {
            id,
            recommendation: r.clone(),
            measure: None,
            author: v.actor.name.clone(),
            created_at: at,
        })
    }

    async fn recommendations(&self, v: &Viewer) -> Result<Vec<StoredRecommendation>> {
        require(&v.user, Action::ManageRecommendations)?;
        let rows = sqlx::query(concat!(
            "SELECT id, text, round, year, paragraph, article, measure, author, created_at ",
            "FROM greta_recommendations ORDER BY id"
        ))
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(recommendation_from_row).collect()
    }

    async fn recommendation(&self, v: &Viewer, id: i64) -> Result<StoredRecommendation> {
        require(&v.user, Action::ManageRecommendations)?;
        let mut conn = self.reader.acquire().await?;
        recommendation_in(&mut conn, id).await
    }

    async fn create_measure_from_recommendation(
        &self,
        v: &Viewer,
        id: i64,
        draft: &MeasureDraft,
        at: OffsetDateTime,
    ) -> Result<Measure> {
        require(&v.user, Action::ManageRecommendations)?;
        require(&v.user, Action::ManagePlan)?;
        let mut tx = self.begin().await?;
        let r = recommendation_in(&mut tx, id).await?;
        if let Some(code) = r.measure {
            return Err(StoreError::Conflict(format!(
                "recommendation {id} is already the measure {code}"
            )));
        }
        let k = sql_plan::known(&mut tx).await?;
        let m = draft.validate(&k).map_err(StoreError::Invalid)?;
        if sql_plan::code_taken(&mut tx, &m.code).await? {
            return Err(StoreError::Conflict(format!(
                "a measure with the code `{}` is already in the plan",
                m.code
            )));
        }
        sql_plan::insert(&mut tx, v, &m, at).await?;
        sqlx::query(
            "UPDATE greta_recommendations SET measure = $1, linked_by = $2, linked_at = $3 WHERE id = $4",
        )
        .bind(&m.code)
        .bind(&v.actor.name)
        .bind(rfc3339(at))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        audit_action(
            &mut tx,
            &v.actor,
            at,
            "greta.measure",
            serde_json::json!({ "recommendation": id, "measure": m.code }),
        )
        .await?;
        tx.commit().await?;
        Ok(m)
    }
}
