//! Indicators: their definitions, and a map and table of an indicator's values for one period.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;
use vigie_domain::policy::Action;
use vigie_domain::{Area, Direction, IndicatorCode, IndicatorDef, Period};
use vigie_render::{MapArea, MapOptions, choropleth};

use super::{Choice, PageCtx, decimals_for, render};
use crate::AppState;
use crate::auth::Authed;
use crate::error::AppError;
use crate::i18n::Lang;

#[derive(Deserialize, Default)]
pub struct MapQuery {
    pub indicator: Option<String>,
    pub period: Option<String>,
}

/// One row of an indicator table.
#[derive(Clone)]
pub struct ValueRow {
    pub code: String,
    pub name: String,
    pub value: String,
    pub rank: usize,
}

/// An indicator drawn for one period: the choices offered, the map and the table behind it.
#[derive(Clone)]
pub struct IndicatorMap {
    pub def: IndicatorDef,
    pub period: Option<Period>,
    pub indicator_choices: Vec<Choice>,
    pub period_choices: Vec<Choice>,
    pub svg: String,
    pub rows: Vec<ValueRow>,
}

fn direction_key(d: Direction) -> String {
    d.label_key()
}

/// Builds the map of the chosen indicator (or the first one) for the chosen period (or the latest).
pub async fn indicator_map(
    state: &AppState,
    lang: Lang,
    areas: &[Area],
    defs: &[IndicatorDef],
    q: &MapQuery,
    id_prefix: &str,
) -> Result<Option<IndicatorMap>, AppError> {
    let chosen = q
        .indicator
        .as_deref()
        .and_then(|c| defs.iter().find(|d| d.code.as_str() == c))
        .or_else(|| defs.first());
    let Some(def) = chosen.cloned() else {
        return Ok(None);
    };
    let periods = state.store.indicator_periods(&def.code).await?;
    let period = q
        .period
        .as_deref()
        .and_then(|p| Period::parse(p).ok())
        .filter(|p| periods.contains(p))
        .or_else(|| periods.last().copied());
    let values: HashMap<String, f64> = match period {
        Some(p) => state
            .store
            .indicator_values(&def.code, p)
            .await?
            .into_iter()
            .map(|v| (v.area.to_string(), v.value()))
            .collect(),
        None => HashMap::new(),
    };
    let map_areas: Vec<MapArea<'_>> = areas
        .iter()
        .map(|a| MapArea {
            code: a.code.as_str(),
            name: &a.name,
            boundary: &a.boundary,
            value: values.get(a.code.as_str()).copied(),
            href: Some(format!("/areas/{}", a.code)),
        })
        .collect();
    // Whole numbers (incomes, counts) are shown without decimals, rates with one.
    let decimals = decimals_for(values.values().copied());
    let period_text = period.map(|p| p.to_string()).unwrap_or_default();
    let title = format!("{} ({}), {}", def.name, def.unit, period_text);
    let opts = MapOptions {
        id_prefix: id_prefix.to_owned(),
        title: title.clone(),
        description: lang.t_args(
            "map-indicator-desc",
            &[
                ("indicator", def.name.clone().into()),
                ("period", period_text.clone().into()),
                ("direction", lang.t(&direction_key(def.direction)).into()),
            ],
        ),
        legend_title: format!("{} ({})", def.name, def.unit),
        decimals,
        no_data_label: lang.t("map-no-data"),
        direction: def.direction,
        decimal_mark: lang.decimal_mark(),
        ..MapOptions::default()
    };
    let svg = choropleth(&map_areas, &[], &opts);
    // The table: worst first.
    let mut with_values: Vec<(&Area, f64)> = areas
        .iter()
        .filter_map(|a| values.get(a.code.as_str()).map(|v| (a, *v)))
        .collect();
    with_values.sort_by(|x, y| {
        let ord = y.1.total_cmp(&x.1);
        if def.direction == Direction::HigherIsBetter {
            ord.reverse()
        } else {
            ord
        }
    });
    let rows = with_values
        .iter()
        .enumerate()
        .map(|(i, (a, v))| ValueRow {
            code: a.code.to_string(),
            name: a.name.clone(),
            value: lang.num(*v, decimals),
            rank: i + 1,
        })
        .collect();
    let indicator_choices = defs
        .iter()
        .map(|d| Choice {
            value: d.code.to_string(),
            label: d.name.clone(),
            selected: d.code == def.code,
        })
        .collect();
    let period_choices = periods
        .iter()
        .rev()
        .map(|p| Choice {
            value: p.to_string(),
            label: p.to_string(),
            selected: Some(*p) == period,
        })
        .collect();
    Ok(Some(IndicatorMap {
        def,
        period,
        indicator_choices,
        period_choices,
        svg,
        rows,
    }))
}

pub struct DefRow {
    pub code: String,
    pub name: String,
    pub unit: String,
    pub direction: String,
    pub source: String,
    pub periods: String,
}

#[derive(Template)]
#[template(path = "indicators.html")]
struct ListPage {
    page: PageCtx,
    defs: Vec<DefRow>,
}

/// `GET /indicators`
pub async fn list(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    a.require(Action::ViewIndicators)?;
    let lang = a.ctx.lang;
    let mut defs = Vec::new();
    for d in state.store.indicator_defs().await? {
        let periods = state.store.indicator_periods(&d.code).await?;
        let span = match (periods.first(), periods.last()) {
            (Some(f), Some(l)) if f == l => f.to_string(),
            (Some(f), Some(l)) => format!("{f} – {l}"),
            _ => String::new(),
        };
        defs.push(DefRow {
            code: d.code.to_string(),
            name: d.name,
            unit: d.unit,
            direction: lang.t(&direction_key(d.direction)),
            source: d.source,
            periods: span,
        });
    }
    render(&ListPage {
        page: PageCtx::authed(&a),
        defs,
    })
}

#[derive(Template)]
#[template(path = "indicator.html")]
struct DetailPage {
    page: PageCtx,
    map: IndicatorMap,
    direction: String,
    action: String,
    show_indicator: bool,
}

/// `GET /indicators/{code}?period=`
pub async fn detail(
    State(state): State<AppState>,
    a: Authed,
    Path(code): Path<String>,
    Query(q): Query<MapQuery>,
) -> Result<Response, AppError> {
    a.require(Action::ViewIndicators)?;
    let lang = a.ctx.lang;
    let code = IndicatorCode::parse(&code).map_err(|_| AppError::not_found(lang))?;
    let defs = state.store.indicator_defs().await?;
    if !defs.iter().any(|d| d.code == code) {
        return Err(AppError::not_found(lang));
    }
    let areas = state.store.areas().await?;
    let q = MapQuery {
        indicator: Some(code.to_string()),
        period: q.period,
    };
    let map = indicator_map(&state, lang, &areas, &defs, &q, "ind")
        .await?
        .ok_or_else(|| AppError::not_found(lang))?;
    let direction = lang.t(&direction_key(map.def.direction));
    let action = format!("/indicators/{}", map.def.code);
    render(&DetailPage {
        page: PageCtx::authed(&a),
        map,
        direction,
        action,
        show_indicator: false,
    })
}
