//! The JSON API (`/api/v1/...`): the same data as the pages, under the same policy, for the signed-in session or
//! a machine token ([`routes`] is the one list of its routes, each with the scope a token needs).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};
use serde::Deserialize;
use serde_json::json;
use vigie_domain::policy::Action;
use vigie_domain::{IndicatorCode, Period, Scope};

use super::incidents::{FilterQuery, filter_of};
use crate::AppState;
use crate::auth::Authed;
use crate::error::{ApiError, AppError};

/// Every route of `/api/v1`: its path, the scope a machine token needs there, and its handler. The router is built
/// from this list and the OpenAPI document is checked against it.
pub fn routes() -> Vec<(&'static str, Scope, MethodRouter<AppState>)> {
    use super::{cases, diagnosis};
    vec![
        ("/api/v1/summary", Scope::ReadSummary, get(summary)),
        ("/api/v1/areas", Scope::ReadAreas, get(areas)),
        ("/api/v1/indicators", Scope::ReadIndicators, get(indicators)),
        (
            "/api/v1/indicators/{code}/values",
            Scope::ReadIndicators,
            get(indicator_values),
        ),
        ("/api/v1/incidents", Scope::ReadIncidents, get(incidents)),
        ("/api/v1/diagnosis", Scope::ReadDiagnosis, get(diagnosis::api)),
        ("/api/v1/convention", Scope::ReadConvention, get(convention)),
        (
            "/api/v1/cases/statistics",
            Scope::ReadStatistics,
            get(cases::api_statistics),
        ),
        ("/api/v1/cases", Scope::ReadCases, get(cases::api_cases)),
        ("/api/v1/cases/{id}", Scope::ReadCases, get(cases::api_case)),
        (
            "/api/v1/referrals",
            Scope::ReadReferrals,
            get(cases::api_referrals),
        ),
        ("/api/v1/services", Scope::ReadDirectory, get(cases::api_services)),
        ("/api/v1/deadlines", Scope::ReadCases, get(cases::api_deadlines)),
    ]
}

/// `GET /api/v1/summary`: key figures (incident figures only for roles that may see incidents).
#[utoipa::path(
    get,
    path = "/api/v1/summary",
    tag = "vigie",
    responses(
        (status = 200, description = "Key figures", body = crate::openapi::Summary),
        crate::openapi::Refusals,
    ),
    security(("token" = ["read:summary"]), ("session" = [])),
)]
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
#[utoipa::path(
    get,
    path = "/api/v1/areas",
    tag = "vigie",
    responses(
        (status = 200, description = "The areas, a GeoJSON FeatureCollection", body = crate::openapi::AreaCollection, content_type = "application/geo+json"),
        crate::openapi::Refusals,
    ),
    security(("token" = ["read:areas"]), ("session" = [])),
)]
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
#[utoipa::path(
    get,
    path = "/api/v1/indicators",
    tag = "vigie",
    responses(
        (status = 200, description = "Every indicator with its periods", body = Vec<crate::openapi::IndicatorEntry>),
        crate::openapi::Refusals,
    ),
    security(("token" = ["read:indicators"]), ("session" = [])),
)]
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
#[utoipa::path(
    get,
    path = "/api/v1/indicators/{code}/values",
    tag = "vigie",
    params(
        ("code" = String, Path, description = "The indicator's code", pattern = r"^[a-z0-9_]{1,64}$", example = "poverty_rate"),
        ("period" = Option<String>, Query, description = "`2024`, `2024-Q1` or `2024-03`; the latest period with values when absent", pattern = r"^[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$", example = "2024"),
    ),
    responses(
        (status = 200, description = "The values of one period", body = crate::openapi::IndicatorValues),
        (status = 400, description = "A parameter vigie cannot read", body = ApiError),
        (status = 404, description = "Nothing at this address", body = ApiError),
        crate::openapi::Refusals,
    ),
    security(("token" = ["read:indicators"]), ("session" = [])),
)]
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
#[utoipa::path(
    get,
    path = "/api/v1/incidents",
    tag = "vigie",
    params(
        ("type" = Option<String>, Query, description = "An incident type's code"),
        ("from" = Option<String>, Query, description = "The first day (YYYY-MM-DD)"),
        ("to" = Option<String>, Query, description = "The last day (YYYY-MM-DD)"),
        ("area" = Option<String>, Query, description = "An area's code"),
        ("page" = Option<u32>, Query, description = "1, 2, …"),
    ),
    responses(
        (status = 200, description = "A page of incidents", body = crate::openapi::IncidentPage),
        (status = 400, description = "A parameter vigie cannot read", body = ApiError),
        crate::openapi::Refusals,
    ),
    security(("token" = ["read:incidents"]), ("session" = [])),
)]
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
#[utoipa::path(
    get,
    path = "/api/v1/convention",
    tag = "vigie",
    responses(
        (status = 200, description = "The Convention's chart, its corrections and GRETA's recommendations", body = crate::openapi::Convention),
        crate::openapi::Refusals,
    ),
    security(("token" = ["read:convention"]), ("session" = [])),
)]
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
