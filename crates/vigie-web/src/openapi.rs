//! The OpenAPI document of the open API (`GET /api/openapi.json`), generated from the code by `utoipa`: every
//! `/api/v1` handler carries its `#[utoipa::path]` (parameters, responses, the scope it needs), the response types
//! derive `ToSchema`. The document describes; it reveals no data, so it is public.
//!
//! The routes of `/api/v1` are one list (`pages::api::routes`), from which the router is built; a test compares
//! that list with this document, so that a new route cannot be left out of it (nor a documented route out of the
//! router).
//!
//! Where a response is a store or domain type, the schema here says how it is written in JSON (`ToSchema` on a
//! description of the same keys): the store and domain crates do not depend on `utoipa`.

#![allow(dead_code)] // the description types are read by `utoipa`'s derive only

use std::collections::BTreeMap;

use axum::http::header;
use axum::response::IntoResponse;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

use crate::error::ApiError;

/// The document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "vigie open API",
        description = "The data of a city's response to human trafficking, as the pages show it, under the same \
            access policy. Machine clients send `Authorization: Bearer vigie_…` (a token an administrator made, \
            acting as a role, narrowed to its scopes; every use is audited). A signed-in browser session works too. \
            Errors are JSON (`ApiError`).",
        license(name = "MIT OR Apache-2.0"),
    ),
    paths(
        crate::pages::api::summary,
        crate::pages::api::areas,
        crate::pages::api::indicators,
        crate::pages::api::indicator_values,
        crate::pages::api::incidents,
        crate::pages::api::convention,
        crate::pages::diagnosis::api,
        crate::pages::cases::api_statistics,
        crate::pages::cases::api_cases,
        crate::pages::cases::api_case,
        crate::pages::cases::api_referrals,
        crate::pages::cases::api_services,
        crate::pages::cases::api_deadlines,
    ),
    components(schemas(ApiError)),
    modifiers(&BearerAuth),
    tags((name = "vigie", description = "The city's data")),
)]
pub struct ApiDoc;

/// The refusals every `/api/v1` operation may give, said once for all of them (`responses(…, Refusals)`).
#[derive(utoipa::IntoResponses)]
pub enum Refusals {
    /// No session, or a token that is unknown, revoked or expired
    #[response(status = 401)]
    Unauthorized(ApiError),
    /// The role, or the token's scopes, do not allow it
    #[response(status = 403)]
    Forbidden(ApiError),
    /// Too many bad tokens from this address
    #[response(status = 429)]
    TooMany(ApiError),
    /// The database cannot be reached; try again
    #[response(status = 503)]
    Unavailable(ApiError),
}

/// Declares the bearer scheme (`token`) that every operation's security names.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                Http::builder()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A machine token (`vigie_…`) made by the administrator (`vigie token create`, or \
                         /admin/tokens). The operation's scope must be among the token's scopes.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::auth::SESSION_COOKIE,
                "A signed-in browser session (the role's rights, no scopes).",
            ))),
        );
    }
}

/// The document as JSON.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// `GET /api/openapi.json`: the document (public).
pub async fn serve() -> axum::response::Response {
    match document().to_json() {
        Ok(body) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "the OpenAPI document could not be written");
            axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

// ------------------------------------------------------------------------------------------------------------------
// How the store's and the domain's types are written in JSON
// ------------------------------------------------------------------------------------------------------------------

/// The city this instance serves.
#[derive(ToSchema)]
pub struct City {
    name: String,
    /// ISO 3166-1 alpha-2.
    country: String,
}

/// The definition of an indicator.
#[derive(ToSchema)]
pub struct IndicatorDef {
    code: String,
    name: String,
    unit: String,
    /// `higher_is_worse` or `higher_is_better`.
    direction: String,
    source: String,
}

/// One value of an indicator for one area and period.
#[derive(ToSchema)]
pub struct IndicatorValue {
    area: String,
    indicator: String,
    /// `2024`, `2024-Q1` or `2024-03`.
    period: String,
    value: f64,
}

/// A point in WGS84.
#[derive(ToSchema)]
pub struct LonLat {
    lon: f64,
    lat: f64,
}

/// An incident: something that happened at a place and date.
#[derive(ToSchema)]
pub struct Incident {
    id: String,
    kind: String,
    /// `[year, day of the year]` (1 to 366), as the API has always written a day.
    #[schema(value_type = Vec<i32>, min_items = 2, max_items = 2)]
    date: serde_json::Value,
    location: LonLat,
    area: Option<String>,
}

/// A case as a list shows it: no identifying field.
#[derive(ToSchema)]
pub struct CaseSummary {
    id: i64,
    reference: String,
    agency: String,
    caseworker: String,
    minor: bool,
    forms: Vec<String>,
    status: String,
    /// `[year, day of the year]` (1 to 366), as the API has always written a day.
    #[schema(value_type = Vec<i32>, min_items = 2, max_items = 2)]
    opened_on: serde_json::Value,
    /// `[year, day of the year]`, or `null` while open.
    #[schema(value_type = Option<Vec<i32>>)]
    closed_on: serde_json::Value,
    erased: bool,
    legal_hold: bool,
}

/// A support service of the directory.
#[derive(ToSchema)]
pub struct Service {
    id: i64,
    code: String,
    kind: String,
    name: String,
    provider: String,
    languages: Vec<String>,
    capacity: Option<u32>,
    free: Option<u32>,
    hours: String,
    contact: String,
    response_days: u16,
    public: bool,
}

/// A deadline on a case.
#[derive(ToSchema)]
pub struct Deadline {
    id: i64,
    case_id: i64,
    case_reference: String,
    agency: String,
    kind: String,
    /// `[year, day of the year]` (1 to 366), as the API has always written a day.
    #[schema(value_type = Vec<i32>, min_items = 2, max_items = 2)]
    due_on: serde_json::Value,
    label: String,
    done_at: Option<String>,
}

/// A whole case as the caller may see it: the identifying fields (`identity`, places, `notes`) only with full
/// access (a caseworker of the case's agency); `access` says which.
#[derive(ToSchema)]
pub struct CaseRecord {
    summary: CaseSummary,
    /// `full`, `pseudonymous` or `referral`.
    access: String,
    #[schema(value_type = Option<Object>)]
    identity: Option<serde_json::Value>,
}

/// A referral of a case to a support service.
#[derive(ToSchema)]
pub struct Referral {
    id: i64,
    case_id: i64,
    case_reference: String,
    service_id: i64,
    service_name: String,
    service_kind: String,
    provider: String,
    consent_id: i64,
    /// `sent`, `accepted`, `refused`, `done`, …
    status: String,
    /// The fields of the case the service needs.
    needs: Vec<String>,
    sent_at: String,
    /// `[year, day of the year]` (1 to 366), as the API has always written a day.
    #[schema(value_type = Vec<i32>, min_items = 2, max_items = 2)]
    due_on: serde_json::Value,
    answered_at: Option<String>,
    answer_note: Option<String>,
    done_at: Option<String>,
    sent_by: String,
}

/// The local diagnosis: rates, trends, hot spots, the composite index and the priority areas.
#[derive(ToSchema)]
pub struct Diagnosis {
    city: String,
    #[schema(value_type = Object)]
    settings: serde_json::Value,
    population: u64,
    years: Vec<i32>,
    incidents: u64,
    incidents_per_year: Vec<u64>,
    city_rate: Option<f64>,
    /// Each area's rates, trends, hot-spot class and index.
    #[schema(value_type = Vec<Object>)]
    areas: serde_json::Value,
    /// Indices into `areas`, most urgent first.
    priority: Vec<u64>,
}

/// A state of the Convention's chart with its dates.
#[derive(ToSchema)]
pub struct StateRecord {
    state: String,
}

/// A correction of the chart as stored: who made it and when.
#[derive(ToSchema)]
pub struct StoredChange {
    id: i64,
    #[schema(value_type = Object)]
    change: serde_json::Value,
    author: String,
    #[schema(format = DateTime)]
    at: String,
}

/// A GRETA recommendation as stored, with the measure made from it.
#[derive(ToSchema)]
pub struct StoredRecommendation {
    id: i64,
    #[schema(value_type = Object)]
    recommendation: serde_json::Value,
    measure: Option<String>,
    author: String,
    #[schema(format = DateTime)]
    created_at: String,
}

/// An area as a GeoJSON feature.
#[derive(ToSchema)]
pub struct AreaFeature {
    /// `Feature`.
    r#type: String,
    id: String,
    properties: AreaProperties,
    /// A GeoJSON Polygon or MultiPolygon (WGS84).
    #[schema(value_type = Object)]
    geometry: serde_json::Value,
}

/// The properties of an area's feature.
#[derive(ToSchema)]
pub struct AreaProperties {
    id: String,
    name: String,
    population: u32,
}

/// The areas as a GeoJSON FeatureCollection.
#[derive(ToSchema)]
pub struct AreaCollection {
    /// `FeatureCollection`.
    r#type: String,
    features: Vec<AreaFeature>,
}

/// Key figures; the incident figures only for those who may see incidents.
#[derive(ToSchema)]
pub struct Summary {
    city: Option<City>,
    areas: u64,
    population: u64,
    indicators: u64,
    indicator_values: u64,
    incidents: Option<u64>,
    #[schema(format = Date)]
    first_incident: Option<String>,
    #[schema(format = Date)]
    last_incident: Option<String>,
}

/// An indicator with the periods that have values.
#[derive(ToSchema)]
pub struct IndicatorEntry {
    definition: IndicatorDef,
    periods: Vec<String>,
}

/// The values of an indicator for one period.
#[derive(ToSchema)]
pub struct IndicatorValues {
    indicator: String,
    period: String,
    values: Vec<IndicatorValue>,
}

/// A page of incidents (500 a page, newest first).
#[derive(ToSchema)]
pub struct IncidentPage {
    total: u64,
    page: u32,
    page_size: u32,
    incidents: Vec<Incident>,
}

/// The Convention's chart as the city keeps it; the recommendations for those who manage them.
#[derive(ToSchema)]
pub struct Convention {
    chart: Vec<StateRecord>,
    changes: Vec<StoredChange>,
    recommendations: Option<Vec<StoredRecommendation>>,
}

/// Anonymous case counts; a count from 1 to `suppressed_below − 1` is `null`.
#[derive(ToSchema)]
pub struct CaseStatistics {
    suppressed_below: u64,
    total: Option<u64>,
    minors: Option<u64>,
    by_form: BTreeMap<String, Option<u64>>,
    by_status: BTreeMap<String, Option<u64>>,
    by_sex: BTreeMap<String, Option<u64>>,
    by_year: BTreeMap<String, Option<u64>>,
}
