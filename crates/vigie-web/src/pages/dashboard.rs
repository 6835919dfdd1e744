//! The city dashboard: key figures, a map of the areas coloured by a chosen indicator, incidents per year, and
//! the latest imports.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use time::Duration;
use vigie_domain::policy::Action;
use vigie_render::{Bar, ChartOptions, bar_chart};
use vigie_store::{Grouping, IncidentFilter};

use super::indicators::{IndicatorMap, MapQuery, indicator_map};
use super::{PageCtx, render};
use crate::AppState;
use crate::auth::Authed;
use crate::error::AppError;

#[derive(Clone)]
pub struct Figure {
    pub label: String,
    pub value: String,
}

#[derive(Clone)]
pub struct ImportRow {
    pub at: String,
    pub kind: String,
    pub file: String,
    pub rows: String,
    pub inserted: String,
    pub actor: String,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    page: PageCtx,
    city: String,
    figures: Vec<Figure>,
    map: Option<IndicatorMap>,
    incidents_chart: Option<String>,
    imports: Vec<ImportRow>,
    action: &'static str,
    show_indicator: bool,
    /// Case deadlines to remind of: (overdue, due within a week), for those who follow cases.
    reminders: Option<(usize, usize)>,
}

/// What the dashboard computes from the data (the same for every reader of a language and role; kept until the
/// data changes).
#[derive(Clone)]
struct DashboardData {
    city: String,
    figures: Vec<Figure>,
    map: Option<IndicatorMap>,
    incidents_chart: Option<String>,
    imports: Vec<ImportRow>,
}

async fn dashboard_data(
    state: &AppState,
    lang: crate::i18n::Lang,
    incidents: bool,
    q: &MapQuery,
) -> Result<DashboardData, AppError> {
    let summary = state.store.summary().await?;
    let city = state
        .store
        .city()
        .await?
        .map(|c| c.name)
        .unwrap_or_else(|| lang.t("dashboard-no-city"));
    let areas = state.store.areas().await?;
    let defs = state.store.indicator_defs().await?;
    let map = indicator_map(state, lang, &areas, &defs, q, "dash").await?;

    let mut figures = vec![
        Figure {
            label: lang.t("figure-areas"),
            value: lang.int(summary.areas),
        },
        Figure {
            label: lang.t("figure-population"),
            value: lang.int(summary.population),
        },
        Figure {
            label: lang.t("figure-indicators"),
            value: lang.int(summary.indicators),
        },
    ];
    let mut incidents_chart = None;
    if incidents {
        figures.push(Figure {
            label: lang.t("figure-incidents"),
            value: lang.int(summary.incidents),
        });
        if let Some(last) = summary.last_incident {
            let filter = IncidentFilter {
                from: Some(last - Duration::days(364)),
                to: Some(last),
                ..Default::default()
            };
            let recent = state.store.count_incidents(&filter).await?;
            figures.push(Figure {
                label: lang.t_args("figure-incidents-12m", &[("date", last.to_string().into())]),
                value: lang.int(recent),
            });
        }
        let per_year = state
            .store
            .incident_counts(&IncidentFilter::default(), Grouping::Year)
            .await?;
        if !per_year.is_empty() {
            let bars: Vec<Bar> = per_year
                .iter()
                .map(|(y, n)| Bar {
                    label: y.clone(),
                    value: *n as f64,
                    href: Some(format!("/incidents?from={y}-01-01&to={y}-12-31")),
                })
                .collect();
            incidents_chart = Some(bar_chart(
                &bars,
                &ChartOptions {
                    id_prefix: "dash-years".into(),
                    title: lang.t("chart-incidents-per-year"),
                    description: lang.t("chart-incidents-per-year-desc"),
                    width: 560,
                    height: 260,
                    value_label: lang.t("chart-incidents"),
                    decimals: 0,
                    decimal_mark: lang.decimal_mark(),
                },
            ));
        }
    }
    let imports = state
        .store
        .recent_imports(5)
        .await?
        .into_iter()
        .map(|i| ImportRow {
            at: i.at.date().to_string(),
            kind: lang.t(&format!("import-kind-{}", i.kind.as_str())),
            file: i.file_name,
            rows: lang.int(i.rows),
            inserted: lang.int(i.inserted),
            actor: i.actor,
        })
        .collect();
    Ok(DashboardData {
        city,
        figures,
        map,
        incidents_chart,
        imports,
    })
}

/// `GET /`
pub async fn page(
    State(state): State<AppState>,
    a: Authed,
    Query(q): Query<MapQuery>,
) -> Result<Response, AppError> {
    a.require(Action::ViewDashboard)?;
    let lang = a.ctx.lang;
    let incidents = a.may(Action::ViewIncidents);
    let key = format!(
        "dashboard:{}:{incidents}:{:?}:{:?}",
        lang.code(),
        q.indicator,
        q.period
    );
    let data = crate::cache::cached(&state, key, || dashboard_data(&state, lang, incidents, &q)).await?;
    let DashboardData {
        city,
        figures,
        map,
        incidents_chart,
        imports,
    } = (*data).clone();
    render(&DashboardPage {
        page: PageCtx::authed(&a),
        city,
        figures,
        map,
        incidents_chart,
        imports,
        action: "/",
        show_indicator: true,
        reminders: super::cases::reminders(&state, &a).await,
    })
}
