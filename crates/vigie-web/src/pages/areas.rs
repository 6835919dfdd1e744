//! Areas (neighbourhoods): the list with a map, and one area with its indicators and incidents.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use vigie_domain::policy::Action;
use vigie_domain::{AreaCode, Direction};
use vigie_render::{MapArea, MapOptions, choropleth};
use vigie_store::{Grouping, IncidentFilter};

use super::{PageCtx, decimals_for, render};
use crate::AppState;
use crate::auth::Authed;
use crate::error::AppError;

#[derive(Clone)]
pub struct AreaRow {
    pub code: String,
    pub name: String,
    pub population: String,
    pub incidents: String,
    pub rate: String,
}

#[derive(Template)]
#[template(path = "areas.html")]
struct ListPage {
    page: PageCtx,
    rows: Vec<AreaRow>,
    svg: String,
    with_incidents: bool,
}

/// The areas' rows and map (kept until the data changes).
async fn list_data(
    state: &AppState,
    lang: crate::i18n::Lang,
    with_incidents: bool,
) -> Result<(Vec<AreaRow>, String), AppError> {
    let areas = state.store.areas().await?;
    let counts: HashMap<String, u64> = if with_incidents {
        state
            .store
            .incident_counts(&IncidentFilter::default(), Grouping::Area)
            .await?
            .into_iter()
            .collect()
    } else {
        HashMap::new()
    };
    let rate = |code: &str, pop: u32| -> Option<f64> {
        let n = *counts.get(code)?;
        (pop > 0).then(|| n as f64 * 1000.0 / f64::from(pop))
    };
    let map_areas: Vec<MapArea<'_>> = areas
        .iter()
        .map(|ar| MapArea {
            code: ar.code.as_str(),
            name: &ar.name,
            boundary: &ar.boundary,
            value: if with_incidents {
                rate(ar.code.as_str(), ar.population.get()).or(Some(0.0))
            } else {
                Some(f64::from(ar.population.get()))
            },
            href: Some(format!("/areas/{}", ar.code)),
        })
        .collect();
    let (title, legend) = if with_incidents {
        (lang.t("map-areas-incident-rate"), lang.t("map-legend-rate"))
    } else {
        (lang.t("map-areas-population"), lang.t("figure-population"))
    };
    let svg = choropleth(
        &map_areas,
        &[],
        &MapOptions {
            id_prefix: "areas".into(),
            title: title.clone(),
            description: lang.t("map-areas-desc"),
            legend_title: legend,
            no_data_label: lang.t("map-no-data"),
            direction: Direction::HigherIsWorse,
            decimals: 1,
            decimal_mark: lang.decimal_mark(),
            ..MapOptions::default()
        },
    );
    let rows = areas
        .iter()
        .map(|ar| AreaRow {
            code: ar.code.to_string(),
            name: ar.name.clone(),
            population: lang.int(u64::from(ar.population.get())),
            incidents: counts
                .get(ar.code.as_str())
                .map(|n| lang.int(*n))
                .unwrap_or_else(|| lang.int(0)),
            rate: rate(ar.code.as_str(), ar.population.get())
                .map(|r| lang.num(r, 1))
                .unwrap_or_else(|| "–".into()),
        })
        .collect();
    Ok((rows, svg))
}

/// `GET /areas`: every area; with incidents per 1,000 inhabitants where the role may see incidents, else
/// coloured by population.
pub async fn list(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    a.require(Action::ViewAreas)?;
    let lang = a.ctx.lang;
    let with_incidents = a.may(Action::ViewIncidents);
    let key = format!("areas:{}:{with_incidents}", lang.code());
    let data = crate::cache::cached(&state, key, || list_data(&state, lang, with_incidents)).await?;
    let (rows, svg) = (*data).clone();
    render(&ListPage {
        page: PageCtx::authed(&a),
        rows,
        svg,
        with_incidents,
    })
}

pub struct IndicatorRow {
    pub code: String,
    pub name: String,
    pub unit: String,
    /// Values in the order of `periods`, empty where missing.
    pub values: Vec<String>,
}

pub struct TypeCount {
    pub code: String,
    pub label: String,
    pub count: String,
}

#[derive(Template)]
#[template(path = "area.html")]
struct DetailPage {
    page: PageCtx,
    code: String,
    name: String,
    population: String,
    periods: Vec<String>,
    indicators: Vec<IndicatorRow>,
    incident_types: Option<Vec<TypeCount>>,
    incident_total: String,
}

/// `GET /areas/{code}`
pub async fn detail(
    State(state): State<AppState>,
    a: Authed,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    a.require(Action::ViewAreas)?;
    let lang = a.ctx.lang;
    let code = AreaCode::parse(&code).map_err(|_| AppError::not_found(lang))?;
    let area = state
        .store
        .area(&code)
        .await?
        .ok_or_else(|| AppError::not_found(lang))?;
    let values = state.store.area_indicator_values(&code).await?;
    let defs = state.store.indicator_defs().await?;
    let mut periods: Vec<_> = values.iter().map(|v| v.period).collect();
    periods.sort();
    periods.dedup();
    let indicators = defs
        .iter()
        .filter(|d| values.iter().any(|v| v.indicator == d.code))
        .map(|d| {
            let decimals = decimals_for(values.iter().filter(|v| v.indicator == d.code).map(|v| v.value()));
            IndicatorRow {
                code: d.code.to_string(),
                name: d.name.clone(),
                unit: d.unit.clone(),
                values: periods
                    .iter()
                    .map(|p| {
                        values
                            .iter()
                            .find(|v| v.indicator == d.code && v.period == *p)
                            .map(|v| lang.num(v.value(), decimals))
                            .unwrap_or_default()
                    })
                    .collect(),
            }
        })
        .collect();
    let (incident_types, incident_total) = if a.may(Action::ViewIncidents) {
        let filter = IncidentFilter {
            area: Some(code.clone()),
            ..Default::default()
        };
        let mut counts = state.store.incident_counts(&filter, Grouping::Kind).await?;
        // Most frequent first.
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let total: u64 = counts.iter().map(|(_, n)| n).sum();
        let rows = counts
            .into_iter()
            .map(|(k, n)| TypeCount {
                label: super::incidents::type_label(lang, &k),
                code: k,
                count: lang.int(n),
            })
            .collect();
        (Some(rows), lang.int(total))
    } else {
        (None, String::new())
    };
    render(&DetailPage {
        page: PageCtx::authed(&a),
        code: code.to_string(),
        name: area.name,
        population: lang.int(u64::from(area.population.get())),
        periods: periods.iter().map(|p| p.to_string()).collect(),
        indicators,
        incident_types,
        incident_total,
    })
}
