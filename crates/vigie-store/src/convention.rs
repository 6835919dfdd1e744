//! The Council of Europe: the administrator's corrections of the chart of CETS No. 197 (every change kept, in
//! order, with its source; the effective chart is the shipped chart with them applied in order) and GRETA's
//! recommendations that concern the city, each linked to the measure of the action plan made from it.
//!
//! A correction needs [`Action::EditConvention`](vigie_domain::policy::Action::EditConvention) and is checked
//! against the effective chart inside its transaction (audited `convention.change`); reading the changes is public
//! (the public portal shows the effective chart). Recommendations need
//! [`Action::ManageRecommendations`](vigie_domain::policy::Action::ManageRecommendations) (audited
//! `greta.recommendation`, and `greta.measure` when a measure is made from one).

use async_trait::async_trait;
use serde::Serialize;
use time::OffsetDateTime;
use vigie_domain::convention::{ChangeDraft, ChartChange, StateRecord};
use vigie_domain::greta::Recommendation;
use vigie_domain::plan::{Measure, MeasureDraft};

use crate::Result;
use crate::cases::Viewer;

/// A correction of the chart as stored: who made it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredChange {
    /// 1, 2, … in the order they were made (and are applied).
    pub id: i64,
    pub change: ChartChange,
    pub author: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// A recommendation as stored, with the measure made from it (if any).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredRecommendation {
    pub id: i64,
    pub recommendation: Recommendation,
    /// The code of the measure made from it.
    pub measure: Option<String>,
    pub author: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// The Council of Europe's chart and GRETA's recommendations.
#[async_trait]
pub trait ConventionStore: Send + Sync {
    /// Records a correction of the chart (the administrator). The draft is checked against the effective chart
    /// and `at`'s date; every problem is returned (`StoreError::InvalidChange`) and nothing is stored.
    async fn change_chart(&self, v: &Viewer, draft: &ChangeDraft, at: OffsetDateTime)
    -> Result<StoredChange>;
    /// Every correction, oldest first. Public: no viewer, not audited.
    async fn chart_changes(&self) -> Result<Vec<StoredChange>>;
    /// The effective chart: the shipped chart with every correction applied in order. Public.
    async fn effective_chart(&self) -> Result<Vec<StateRecord>>;
    /// Records a recommendation (the coordinator); returns it as stored.
    async fn add_recommendation(
        &self,
        v: &Viewer,
        r: &Recommendation,
        at: OffsetDateTime,
    ) -> Result<StoredRecommendation>;
    /// Every recommendation, oldest first (the coordinator).
    async fn recommendations(&self, v: &Viewer) -> Result<Vec<StoredRecommendation>>;
    /// One recommendation (`StoreError::NotFound` when there is none).
    async fn recommendation(&self, v: &Viewer, id: i64) -> Result<StoredRecommendation>;
    /// Creates a measure of the action plan from a recommendation and links them, in one transaction: the measure
    /// is validated as by [`PlanStore::create_measure`](crate::PlanStore::create_measure) (`StoreError::Invalid`,
    /// `StoreError::Conflict` for a code taken); a recommendation already linked to a measure is a conflict.
    async fn create_measure_from_recommendation(
        &self,
        v: &Viewer,
        id: i64,
        draft: &MeasureDraft,
        at: OffsetDateTime,
    ) -> Result<Measure>;
}
