//! The JSON API (`/api/v1/...`): the same data as the pages, under the same policy, for the signed-in session.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use vigie_domain::policy::Action;
use vigie_domain::{IndicatorCode, Period};

use super::incidents::{FilterQuery, filter_of};
use crate::AppState;
use crate::auth::Authed;
use crate::error::AppError;

/// `GET /api/v1/summary`: key figures (incident figures only for roles that may see incidents).
pub async fn summary(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    a.require(Action::ViewDashboard)?;
    let s = state.store.summary().await?;
    let city = state.store.city().await?;
    let mut v = json!({
        "city": city,
        "areas": s.areas,
        "population": s.population,
        "indicators": s.indicators,
        "indicator_values": s.indicator_values,
    });
    if a.may(Action::ViewIncidents) {
        v["incidents"] = json!(s.incidents);
        v["first_incident"] = json!(s.first_incident.map(|d| d.to_string()));
        v["last_incident"] = json!(s.last_incident.map(|d| d.to_string()));
    }
    Ok(Json(v).into_response())
}

/// `GET /api/v1/areas`: a GeoJSON FeatureCollection.
pub async fn areas(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    a.require(Action::ViewAreas)?;
    let features: Vec<serde_json::Value> = state
        .store
        .areas()
        .await?
        .iter()
        .map(|ar| {
            json!({
                "type": "Feature",
                "id": ar.code,
                "properties": { "id": ar.code, "name": ar.name, "population": ar.population.get() },
                "geometry": ar.boundary.to_geojson(),
            })
        })
        .collect();
    Ok((
        [(header::CONTENT_TYPE, "application/geo+json")],
        Json(json!({ "type": "FeatureCollection", "features": features })),
    )
        .into_response())
}

/// `GET /api/v1/indicators`
pub async fn indicators(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    a.require(Action::ViewIndicators)?;
    let mut out = Vec::new();
    for d in state.store.indicator_defs().await? {
        let periods = state.store.indicator_periods(&d.code).await?;
        out.push(json!({ "definition": d, "periods": periods }));
    }
    Ok(Json(out).into_response())
}

#[derive(Deserialize)]
pub struct PeriodQuery {
    period: Option<String>,
}

/// `GET /api/v1/indicators/{code}/values?period=`: the latest period when none is given.
pub async fn indicator_values(
    State(state): State<AppState>,
    a: Authed,
    Path(code): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    a.require(Action::ViewIndicators)?;
    let lang = a.ctx.lang;
    let code = IndicatorCode::parse(&code).map_err(|_| AppError::not_found(lang))?;
    let periods = state.store.indicator_periods(&code).await?;
    let period = match q.period.as_deref() {
        Some(p) => Period::parse(p).map_err(|_| AppError::bad_request(lang))?,
        None => *periods.last().ok_or_else(|| AppError::not_found(lang))?,
    };
    let values = state.store.indicator_values(&code, period).await?;
    Ok(Json(json!({ "indicator": code, "period": period, "values": values })).into_response())
}

/// `GET /api/v1/incidents?type=&from=&to=&area=&page=`: 500 a page, newest first.
pub async fn incidents(
    State(state): State<AppState>,
    a: Authed,
    Query(q): Query<FilterQuery>,
) -> Result<Response, AppError> {
    a.require(Action::ViewIncidents)?;
    let filter = filter_of(&q).map_err(|_| AppError::bad_request(a.ctx.lang))?;
    const LIMIT: u32 = 500;
    let page = q.page.unwrap_or(1).max(1);
    let total = state.store.count_incidents(&filter).await?;
    let items = state
        .store
        .incidents(&filter, LIMIT, (page - 1).saturating_mul(LIMIT))
        .await?;
    Ok(Json(json!({ "total": total, "page": page, "page_size": LIMIT, "incidents": items })).into_response())
}

/// `GET /api/v1/convention`: the chart of CETS No. 197 as the city keeps it (the shipped chart with the
/// administrator's corrections applied), every correction with its source, and the GRETA recommendations for those
/// who manage them — what `/convention` and `/convention/recommendations` show.
pub async fn convention(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    a.require(Action::ViewConvention)?;
    let chart = state.store.effective_chart().await?;
    let changes = state.store.chart_changes().await?;
    let mut v = json!({ "chart": chart, "changes": changes });
    if a.may(Action::ManageRecommendations) {
        v["recommendations"] = json!(state.store.recommendations(&a.viewer()).await?);
    }
    Ok(Json(v).into_response())
}
