//! Incidents: filter by type, period and area; drawn on the map and listed page by page.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use vigie_domain::import::parse_date;
use vigie_domain::policy::Action;
use vigie_domain::{AreaCode, Direction, IncidentType};
use vigie_render::{MapArea, MapOptions, MapPoint, choropleth};
use vigie_store::{Grouping, IncidentFilter};

use super::{Choice, PageCtx, render};
use crate::AppState;
use crate::auth::{Authed, percent_encode};
use crate::error::AppError;
use crate::i18n::Lang;

/// At most this many incidents are drawn on the map (the table pages through all).
pub const MAP_POINTS: u32 = 2000;
pub const PAGE_SIZE: u32 = 50;

#[derive(Deserialize, Default, Clone)]
pub struct FilterQuery {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub area: Option<String>,
    pub page: Option<u32>,
}

/// The filter a query asks for, or the Fluent key of what is wrong with it.
pub fn filter_of(q: &FilterQuery) -> Result<IncidentFilter, &'static str> {
    let nonempty = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let kinds = match nonempty(&q.kind) {
        Some(k) => vec![IncidentType::parse(&k).map_err(|_| "filter-bad-type")?],
        None => Vec::new(),
    };
    let from = nonempty(&q.from)
        .map(|d| parse_date(&d))
        .transpose()
        .map_err(|_| "filter-bad-date")?;
    let to = nonempty(&q.to)
        .map(|d| parse_date(&d))
        .transpose()
        .map_err(|_| "filter-bad-date")?;
    let area = nonempty(&q.area)
        .map(|a| AreaCode::parse(&a))
        .transpose()
        .map_err(|_| "filter-bad-area")?;
    Ok(IncidentFilter {
        kinds,
        from,
        to,
        area,
    })
}

#[derive(Clone)]
pub struct IncidentRow {
    pub id: String,
    pub kind: String,
    pub date: String,
    pub area: String,
    pub lon: String,
    pub lat: String,
}

#[derive(Clone)]
pub struct TypeCount {
    pub label: String,
    pub count: String,
}

#[derive(Template)]
#[template(path = "incidents.html")]
struct ListPage {
    page: PageCtx,
    type_choices: Vec<Choice>,
    area_choices: Vec<Choice>,
    from: String,
    to: String,
    problem: Option<String>,
    total: String,
    shown_on_map: String,
    svg: String,
    rows: Vec<IncidentRow>,
    by_type: Vec<TypeCount>,
    prev_href: Option<String>,
    next_href: Option<String>,
    page_text: String,
}

fn query_string(q: &FilterQuery, page: u32) -> String {
    let mut parts = Vec::new();
    for (k, v) in [
        ("type", &q.kind),
        ("from", &q.from),
        ("to", &q.to),
        ("area", &q.area),
    ] {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            parts.push(format!("{k}={}", percent_encode(v)));
        }
    }
    parts.push(format!("page={page}"));
    format!("/incidents?{}", parts.join("&"))
}

/// The label of an incident type code in the language (the code itself if unknown).
pub(crate) fn type_label(lang: Lang, code: &str) -> String {
    IncidentType::parse(code)
        .map(|t| lang.t(&t.label_key()))
        .unwrap_or_else(|_| code.to_owned())
}

/// What the incidents page computes from the data for a query (kept until the data changes).
#[derive(Clone)]
struct ListData {
    type_choices: Vec<Choice>,
    area_choices: Vec<Choice>,
    from: String,
    to: String,
    problem: Option<String>,
    total: String,
    shown_on_map: String,
    svg: String,
    rows: Vec<IncidentRow>,
    by_type: Vec<TypeCount>,
    prev_href: Option<String>,
    next_href: Option<String>,
    page_text: String,
}

async fn list_data(state: &AppState, lang: Lang, q: &FilterQuery) -> Result<ListData, AppError> {
    let (filter, problem) = match filter_of(q) {
        Ok(f) => (f, None),
        Err(key) => (IncidentFilter::default(), Some(lang.t(key))),
    };
    let areas = state.store.areas().await?;
    let total = state.store.count_incidents(&filter).await?;
    let on_map = state.store.incidents(&filter, MAP_POINTS, 0).await?;
    let page_no = q.page.unwrap_or(1).max(1);
    let pages = total.div_ceil(u64::from(PAGE_SIZE)).max(1);
    let offset = (page_no - 1).saturating_mul(PAGE_SIZE);
    let listed = state.store.incidents(&filter, PAGE_SIZE, offset).await?;
    let mut counts = state.store.incident_counts(&filter, Grouping::Kind).await?;
    // Most frequent first.
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let by_type = counts
        .into_iter()
        .map(|(k, n)| TypeCount {
            label: type_label(lang, &k),
            count: lang.int(n),
        })
        .collect();

    let labels: Vec<String> = on_map
        .iter()
        .map(|i| format!("{} {} ({})", lang.t(&i.kind.label_key()), i.date, i.id))
        .collect();
    let points: Vec<MapPoint<'_>> = on_map
        .iter()
        .zip(&labels)
        .map(|(i, l)| MapPoint {
            location: i.location,
            label: l,
        })
        .collect();
    let map_areas: Vec<MapArea<'_>> = areas
        .iter()
        .map(|ar| MapArea {
            code: ar.code.as_str(),
            name: &ar.name,
            boundary: &ar.boundary,
            value: None,
            href: Some(format!("/areas/{}", ar.code)),
        })
        .collect();
    let svg = choropleth(
        &map_areas,
        &points,
        &MapOptions {
            id_prefix: "inc".into(),
            title: lang.t("map-incidents"),
            description: lang.t_args(
                "map-incidents-desc",
                &[("shown", (on_map.len() as u64).into()), ("total", total.into())],
            ),
            legend_title: lang.t("map-incidents"),
            no_data_label: lang.t("nav-areas"),
            direction: Direction::HigherIsWorse,
            decimal_mark: lang.decimal_mark(),
            ..MapOptions::default()
        },
    );
    let area_names: std::collections::HashMap<&str, &str> =
        areas.iter().map(|a| (a.code.as_str(), a.name.as_str())).collect();
    let rows = listed
        .iter()
        .map(|i| IncidentRow {
            id: i.id.to_string(),
            kind: lang.t(&i.kind.label_key()),
            date: i.date.to_string(),
            area: i
                .area
                .as_ref()
                .map(|c| {
                    area_names
                        .get(c.as_str())
                        .copied()
                        .unwrap_or(c.as_str())
                        .to_owned()
                })
                .unwrap_or_default(),
            lon: format!("{:.5}", i.location.lon()),
            lat: format!("{:.5}", i.location.lat()),
        })
        .collect();
    let mut type_choices = vec![Choice {
        value: String::new(),
        label: lang.t("filter-all-types"),
        selected: filter.kinds.is_empty(),
    }];
    type_choices.extend(IncidentType::ALL.iter().map(|t| Choice {
        value: t.code().to_owned(),
        label: lang.t(&t.label_key()),
        selected: filter.kinds.contains(t),
    }));
    let mut area_choices = vec![Choice {
        value: String::new(),
        label: lang.t("filter-all-areas"),
        selected: filter.area.is_none(),
    }];
    area_choices.extend(areas.iter().map(|ar| Choice {
        value: ar.code.to_string(),
        label: format!("{} ({})", ar.name, ar.code),
        selected: filter.area.as_ref() == Some(&ar.code),
    }));
    Ok(ListData {
        type_choices,
        area_choices,
        from: filter.from.map(|d| d.to_string()).unwrap_or_default(),
        to: filter.to.map(|d| d.to_string()).unwrap_or_default(),
        problem,
        total: lang.int(total),
        shown_on_map: lang.int(on_map.len() as u64),
        svg,
        rows,
        by_type,
        prev_href: (page_no > 1).then(|| query_string(q, page_no - 1)),
        next_href: (u64::from(page_no) < pages).then(|| query_string(q, page_no + 1)),
        page_text: lang.t_args("page-of", &[("page", page_no.into()), ("pages", pages.into())]),
    })
}

/// `GET /incidents?type=&from=&to=&area=&page=`
pub async fn list(
    State(state): State<AppState>,
    a: Authed,
    Query(q): Query<FilterQuery>,
) -> Result<Response, AppError> {
    a.require(Action::ViewIncidents)?;
    let lang = a.ctx.lang;
    let key = format!(
        "incidents:{}:{:?}:{:?}:{:?}:{:?}:{:?}",
        lang.code(),
        q.kind,
        q.from,
        q.to,
        q.area,
        q.page
    );
    let d = crate::cache::cached(&state, key, || list_data(&state, lang, &q)).await?;
    let d = (*d).clone();
    render(&ListPage {
        page: PageCtx::authed(&a),
        type_choices: d.type_choices,
        area_choices: d.area_choices,
        from: d.from,
        to: d.to,
        problem: d.problem,
        total: d.total,
        shown_on_map: d.shown_on_map,
        svg: d.svg,
        rows: d.rows,
        by_type: d.by_type,
        prev_href: d.prev_href,
        next_href: d.next_href,
        page_text: d.page_text,
    })
}
