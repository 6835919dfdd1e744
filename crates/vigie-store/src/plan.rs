//! The local action plan: measures (validated against what the city knows, in the store's transaction), their
//! status, the values of their indicators and their timeline. The coordinator owns the plan; a partner sees and
//! updates the measures its agency carries; every change is audited.

use async_trait::async_trait;
use serde::Serialize;
use time::OffsetDateTime;
use vigie_domain::MeasureStatus;
use vigie_domain::plan::{Measure, MeasureDraft};

use crate::Result;
use crate::cases::Viewer;

/// A measure as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredMeasure {
    pub measure: Measure,
    pub created_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub updated_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// One event of a measure's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeasureEvent {
    pub at: String,
    pub actor: String,
    /// `created`, `changed`, `status`, `value`.
    pub kind: String,
    pub detail: String,
}

/// A value of one of a measure's indicators.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureValue {
    /// The indicator's position in the measure.
    pub indicator: usize,
    /// `YYYY` or `YYYY-MM`.
    pub period: String,
    pub value: f64,
    pub entered_by: String,
    pub entered_at: String,
}

/// Referrals of one year, city-wide: counts only.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferralYear {
    pub year: String,
    pub referrals: u64,
    /// Mean days from a referral to its answer, over the answered ones.
    pub mean_response_days: Option<f64>,
}

/// The action plan.
#[async_trait]
pub trait PlanStore: Send + Sync {
    /// Adds a measure (the coordinator). The draft is validated against the city's areas, indicators and
    /// agencies; every problem is returned (`StoreError::Invalid`) and nothing is stored. A code already used is
    /// a conflict.
    async fn create_measure(&self, v: &Viewer, draft: &MeasureDraft, at: OffsetDateTime) -> Result<Measure>;
    /// Adds several measures in one transaction (a plan file): all of them, or none and every problem (fields
    /// prefixed `measures[i].`); a code used twice or already in the plan is refused too.
    async fn create_measures(
        &self,
        v: &Viewer,
        drafts: &[MeasureDraft],
        at: OffsetDateTime,
    ) -> Result<Vec<Measure>>;
    /// Replaces a measure (same code; the coordinator), validated as on creation.
    async fn update_measure(&self, v: &Viewer, draft: &MeasureDraft, at: OffsetDateTime) -> Result<Measure>;
    /// The measures the viewer may see, by code.
    async fn measures(&self, v: &Viewer) -> Result<Vec<StoredMeasure>>;
    /// Every measure of the plan, whoever asks: only to evaluate one measure against the others (their areas
    /// decide which areas may serve as comparison), never to show them.
    async fn measures_for_evaluation(&self) -> Result<Vec<Measure>>;
    /// One measure, if the viewer may see it (a refusal and a missing measure are both `NotFound`).
    async fn measure(&self, v: &Viewer, code: &str) -> Result<StoredMeasure>;
    /// Sets a measure's status, with a note (the coordinator, or a partner of the measure).
    async fn set_measure_status(
        &self,
        v: &Viewer,
        code: &str,
        status: MeasureStatus,
        note: &str,
        at: OffsetDateTime,
    ) -> Result<()>;
    /// Records the value of one of a measure's indicators for a period (`YYYY` or `YYYY-MM`), replacing an earlier
    /// value of the same period (the coordinator, or a partner of the measure).
    async fn record_measure_value(
        &self,
        v: &Viewer,
        code: &str,
        indicator: usize,
        period: &str,
        value: f64,
        at: OffsetDateTime,
    ) -> Result<()>;
    /// The measure's timeline, oldest first.
    async fn measure_events(&self, v: &Viewer, code: &str) -> Result<Vec<MeasureEvent>>;
    /// Referrals per year with their mean response time (aggregates, for the indicators that vigie computes).
    async fn referral_figures(&self) -> Result<Vec<ReferralYear>>;
    /// The values entered for the measure's indicators, by indicator then period.
    async fn measure_values(&self, v: &Viewer, code: &str) -> Result<Vec<MeasureValue>>;
}
