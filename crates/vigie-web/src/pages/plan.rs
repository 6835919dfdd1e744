//! The local action plan: the dashboard, suggestions from the diagnosis, the measure form, a measure's page (its
//! evaluation, indicators, timeline, and the forms to update its status and enter values), and the printable plan.
//! The coordinator owns the plan; analysts read it; a partner sees and updates the measures its agency carries
//! (the store decides which).

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::Date;
use vigie_diagnosis::report::Settings;
use vigie_domain::plan::{IndicatorDraft, IndicatorSource, Measure, MeasureDraft, PlanProblem};
use vigie_domain::policy::Action;
use vigie_domain::{IncidentType, MeasureStatus, PlanBarrier, ResponseKind};
use vigie_plan::suggest::{self, Suggestion, Template as MeasureTemplate, Why};
use vigie_plan::{Conclusion, Evaluation};
use vigie_render::{Bar, ChartOptions, Series, bar_chart, line_chart};
use vigie_store::{ReferralYear, StoreError, StoredMeasure};

use super::{Choice, PageCtx, Pairs, field, fields, render_status, store_error};
use crate::AppState;
use crate::auth::Authed;
use crate::error::AppError;
use crate::i18n::Lang;

/// Indicator rows on the measure form.
const INDICATOR_ROWS: usize = 3;

fn templates(state: &AppState) -> Vec<MeasureTemplate> {
    suggest::read_templates(&state.config.measure_templates).unwrap_or_else(|e| {
        tracing::error!(error = %e, "the measure templates cannot be read");
        Vec::new()
    })
}

fn status_label(lang: Lang, s: MeasureStatus) -> String {
    lang.t(&s.label_key())
}

/// A signed figure with two decimals in the reader's number format (`+1.50`, `-0.32`).
fn num(lang: Lang, x: f64) -> String {
    let sign = if x.is_sign_negative() && format!("{x:.2}").starts_with('-') {
        "-"
    } else {
        "+"
    };
    format!("{sign}{}", lang.num(x.abs(), 2))
}

fn plain(lang: Lang, x: f64) -> String {
    lang.num(x, 2)
}

/// An evaluation in words and figures.
pub struct EvalView {
    pub evaluated: bool,
    pub effect: String,
    pub interval: String,
    pub conclusion: String,
    pub conclusion_code: &'static str,
    pub before: String,
    pub after: String,
    pub without: String,
    pub comparison: String,
    pub warnings: Vec<String>,
}

fn eval_view(lang: Lang, e: &Evaluation) -> EvalView {
    let (conclusion_code, key) = match e.conclusion {
        Conclusion::Decrease => ("decrease", "plan-conclusion-decrease"),
        Conclusion::Increase => ("increase", "plan-conclusion-increase"),
        Conclusion::NoDetectableChange => ("none", "plan-conclusion-none"),
        Conclusion::NotEvaluated => ("not-evaluated", "plan-conclusion-not-evaluated"),
    };
    let f = |x: Option<f64>| x.map(|v| plain(lang, v)).unwrap_or_else(|| "–".into());
    EvalView {
        evaluated: e.effect.is_some(),
        effect: e.effect.map(|v| num(lang, v)).unwrap_or_else(|| "–".into()),
        interval: match (e.lower, e.upper) {
            (Some(l), Some(u)) => format!("{} ; {}", num(lang, l), num(lang, u)),
            _ => "–".into(),
        },
        conclusion: lang.t(key),
        conclusion_code,
        before: f(e.rate_before),
        after: f(e.rate_after),
        without: f(e.rate_without),
        comparison: e.comparison_areas.join(", "),
        warnings: e
            .warnings
            .iter()
            .map(|w| {
                let key = format!("plan-warning-{}", w.code.replace('_', "-"));
                let t = lang.t(&key);
                if t == key {
                    w.message.clone()
                } else {
                    format!("{t} ({})", w.message)
                }
            })
            .collect(),
    }
}

/// One measure in the dashboard's table.
#[derive(Clone)]
pub struct MeasureRow {
    pub code: String,
    pub title: String,
    pub response: String,
    pub lead: String,
    pub partners: String,
    pub areas: String,
    pub status: String,
    pub status_code: &'static str,
    pub dates: String,
    pub budget: String,
    pub effect: String,
    pub conclusion: String,
    /// How many warnings weaken the evaluation.
    pub warnings: usize,
}

/// An indicator against its target.
#[derive(Clone)]
pub struct IndicatorRow {
    pub measure: String,
    pub name: String,
    pub baseline: String,
    pub target: String,
    pub current: String,
    pub source: String,
    pub on_track: Option<bool>,
}

/// A measure late against its dates.
#[derive(Clone)]
pub struct Overdue {
    pub code: String,
    pub title: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "plan.html")]
struct DashboardPage<'a> {
    page: PageCtx,
    can_manage: bool,
    /// The kept tables and charts, read in place.
    d: &'a DashboardData,
}

fn dates(m: &Measure) -> String {
    match m.end {
        Some(e) => format!("{} → {e}", m.start),
        None => format!("{} →", m.start),
    }
}

/// The current value of an indicator: computed by vigie for incident rates (last 12 months), referrals and
/// response times (last year), else the last value a partner entered.
fn current_value(
    index: usize,
    source: &IndicatorSource,
    values: &[vigie_store::MeasureValue],
    recent: Option<&(f64, String, String)>,
    referrals: &[ReferralYear],
) -> Option<(f64, String)> {
    match source {
        IndicatorSource::IncidentRate => {
            if let Some((r, from, to)) = recent {
                return Some((*r, format!("{from} – {to}")));
            }
        }
        IndicatorSource::Referrals => {
            if let Some(y) = referrals.last() {
                return Some((y.referrals as f64, y.year.clone()));
            }
        }
        IndicatorSource::ResponseDays => {
            if let Some((d, y)) = referrals
                .iter()
                .rev()
                .find_map(|y| y.mean_response_days.map(|d| (d, y.year.clone())))
            {
                return Some((d, y));
            }
        }
        IndicatorSource::Indicator(_) | IndicatorSource::Partner => {}
    }
    values
        .iter()
        .filter(|v| v.indicator == index)
        .max_by(|a, b| a.period.cmp(&b.period))
        .map(|v| (v.value, v.period.clone()))
}

/// What the plan dashboard computes (tables and charts), kept until the data changes (or the day does).
struct DashboardData {
    rows: Vec<MeasureRow>,
    by_status_chart: String,
    by_partner_chart: String,
    by_area: Vec<(String, usize)>,
    overdue: Vec<Overdue>,
    indicators: Vec<IndicatorRow>,
    total_budget: String,
}

/// `GET /plan`: the plan dashboard.
pub async fn dashboard(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    a.require(Action::ViewPlan)?;
    let lang = a.ctx.lang;
    let v = a.viewer();
    // What a viewer sees of the plan depends on their role and agency only.
    let key = format!(
        "plan-dashboard:{}:{}:{}:{}",
        lang.code(),
        v.user.role.code(),
        v.user.agency.as_ref().map_or("", |g| g.as_str()),
        state.clock.now().date()
    );
    let d = crate::cache::cached(&state, key, || dashboard_data(&state, &v, lang)).await?;
    render_status(
        StatusCode::OK,
        &DashboardPage {
            can_manage: a.may(Action::ManagePlan),
            page: PageCtx::authed(&a),
            d: &d,
        },
    )
}

async fn dashboard_data(
    state: &AppState,
    v: &vigie_store::Viewer,
    lang: Lang,
) -> Result<DashboardData, AppError> {
    let stored = state.store.measures(v).await.map_err(|e| store_error(lang, e))?;
    let measures: Vec<Measure> = stored.iter().map(|s| s.measure.clone()).collect();
    let data = crate::diagnosis::plan_data(state).await?;
    let evals: Vec<Evaluation> = crate::diagnosis::evaluations_for(state, &measures).await?;
    let today = state.clock.now().date();
    let referrals = state.store.referral_figures().await?;
    let mut rows = Vec::new();
    let mut overdue = Vec::new();
    let mut indicators = Vec::new();
    let mut by_status: BTreeMap<MeasureStatus, usize> = BTreeMap::new();
    let mut by_partner: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_area: BTreeMap<String, usize> = BTreeMap::new();
    let mut budget = 0u64;
    for (m, e) in measures.iter().zip(&evals) {
        *by_status.entry(m.status).or_insert(0) += 1;
        for ag in std::iter::once(&m.lead).chain(&m.partners) {
            *by_partner.entry(ag.to_string()).or_insert(0) += 1;
        }
        for ar in &m.areas {
            *by_area.entry(ar.to_string()).or_insert(0) += 1;
        }
        budget += m.budget.unwrap_or(0);
        let open = !matches!(m.status, MeasureStatus::Done | MeasureStatus::Cancelled);
        if open && m.end.is_some_and(|end| end < today) {
            overdue.push(Overdue {
                code: m.code.clone(),
                title: m.title.clone(),
                reason: lang.t("plan-overdue-end"),
            });
        } else if m.status == MeasureStatus::Planned && m.start < today {
            overdue.push(Overdue {
                code: m.code.clone(),
                title: m.title.clone(),
                reason: lang.t("plan-overdue-start"),
            });
        }
        let ev = eval_view(lang, e);
        rows.push(MeasureRow {
            code: m.code.clone(),
            title: m.title.clone(),
            response: lang.t(&m.response.label_key()),
            lead: m.lead.to_string(),
            partners: m
                .partners
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            areas: if m.areas.is_empty() {
                lang.t("plan-city-wide")
            } else {
                m.areas
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            status: status_label(lang, m.status),
            status_code: m.status.code(),
            dates: dates(m),
            budget: m.budget.map(|b| b.to_string()).unwrap_or_else(|| "–".into()),
            effect: if ev.evaluated {
                format!("{} [{}]", ev.effect, ev.interval)
            } else {
                "–".into()
            },
            conclusion: ev.conclusion,
            warnings: if ev.evaluated { e.warnings.len() } else { 0 },
        });
        let values = state
            .store
            .measure_values(v, &m.code)
            .await
            .map_err(|e| store_error(lang, e))?;
        let recent = vigie_plan::evaluate::recent_rate(m, &data.areas, &data.incidents, 12);
        for (i, ind) in m.indicators.iter().enumerate() {
            let current = current_value(i, &ind.source, &values, recent.as_ref(), &referrals);
            let on_track = current.as_ref().map(|(c, _)| {
                if ind.target <= ind.baseline {
                    *c <= ind.target
                } else {
                    *c >= ind.target
                }
            });
            indicators.push(IndicatorRow {
                measure: m.code.clone(),
                name: ind.name.clone(),
                baseline: plain(lang, ind.baseline),
                target: plain(lang, ind.target),
                current: current
                    .map(|(c, when)| format!("{} ({when})", plain(lang, c)))
                    .unwrap_or_else(|| "–".into()),
                source: source_label(lang, &ind.source),
                on_track,
            });
        }
    }
    let status_bars: Vec<Bar> = MeasureStatus::ALL
        .iter()
        .map(|s| Bar {
            label: status_label(lang, *s),
            value: by_status.get(s).copied().unwrap_or(0) as f64,
            href: None,
        })
        .collect();
    let partner_bars: Vec<Bar> = by_partner
        .iter()
        .map(|(p, n)| Bar {
            label: p.clone(),
            value: *n as f64,
            href: None,
        })
        .collect();
    let chart = |id: &str, title: String, bars: &[Bar]| {
        bar_chart(
            bars,
            &ChartOptions {
                id_prefix: id.into(),
                description: title.clone(),
                title,
                value_label: lang.t("plan-measures-count"),
                width: 560,
                height: 260,
                ..ChartOptions::default()
            },
        )
    };
    Ok(DashboardData {
        by_status_chart: chart("plan-status", lang.t("plan-by-status"), &status_bars),
        by_partner_chart: chart("plan-partners", lang.t("plan-by-partner"), &partner_bars),
        rows,
        by_area: by_area.into_iter().collect(),
        overdue,
        indicators,
        total_budget: budget.to_string(),
    })
}

fn source_label(lang: Lang, s: &IndicatorSource) -> String {
    match s {
        IndicatorSource::Indicator(c) => format!("{} ({c})", lang.t("plan-source-indicator")),
        other => lang.t(&format!("plan-source-{}", other.code().replace('_', "-"))),
    }
}

/// One suggestion on the suggestions page.
pub struct SuggestionView {
    pub template: String,
    pub title: String,
    pub objective: String,
    pub response: String,
    pub because: Vec<String>,
    pub href: String,
}

/// A priority area and its suggestions.
pub struct AreaSuggestions {
    pub code: String,
    pub name: String,
    pub items: Vec<SuggestionView>,
}

#[derive(Template)]
#[template(path = "plan_suggestions.html")]
struct SuggestionsPage {
    page: PageCtx,
    areas: Vec<AreaSuggestions>,
}

fn why_text(lang: Lang, w: &Why) -> String {
    let kind = |k: &IncidentType| lang.t(&k.label_key());
    match w {
        Why::Rising { kind: k } => lang.t_args("plan-why-rising", &[("kind", kind(k).into())]),
        Why::Frequent {
            kind: k,
            ratio,
            count,
        } => lang.t_args(
            "plan-why-frequent",
            &[
                ("kind", kind(k).into()),
                ("ratio", format!("{ratio:.1}").into()),
                ("count", (*count).into()),
            ],
        ),
        Why::Exclusion { rank } => lang.t_args("plan-why-exclusion", &[("rank", (*rank).into())]),
    }
}

async fn diagnosis_suggestions(
    state: &AppState,
    lang: Lang,
) -> Result<(vigie_diagnosis::report::Diagnosis, Vec<Suggestion>), AppError> {
    let city = crate::diagnosis::from_store(state.store.as_ref(), &Settings::default())
        .await
        .map_err(|e| match e {
            crate::diagnosis::DiagnosisFailure::Store(s) => AppError::from(s),
            crate::diagnosis::DiagnosisFailure::Diagnosis(_) => AppError::not_found(lang),
        })?;
    let s = suggest::suggest(&city.diagnosis, &templates(state));
    Ok((city.diagnosis, s))
}

/// `GET /plan/suggestions`: for each priority area of the diagnosis, the measure templates that answer it.
pub async fn suggestions(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    a.require(Action::ManagePlan)?;
    let lang = a.ctx.lang;
    let (_, list) = diagnosis_suggestions(&state, lang).await?;
    let templates = templates(&state);
    let mut areas: Vec<AreaSuggestions> = Vec::new();
    for s in &list {
        let Some(t) = templates.iter().find(|t| t.id == s.template) else {
            continue;
        };
        if areas.last().is_none_or(|x| x.code != s.area) {
            areas.push(AreaSuggestions {
                code: s.area.clone(),
                name: s.area_name.clone(),
                items: Vec::new(),
            });
        }
        if let Some(last) = areas.last_mut() {
            last.items.push(SuggestionView {
                template: t.id.clone(),
                title: t.title.get(lang.code()).to_owned(),
                objective: t.objective.get(lang.code()).to_owned(),
                response: lang.t(&t.response.label_key()),
                because: s.because.iter().map(|w| why_text(lang, w)).collect(),
                href: format!("/plan/new?template={}&area={}", t.id, s.area),
            });
        }
    }
    render_status(
        StatusCode::OK,
        &SuggestionsPage {
            page: PageCtx::authed(&a),
            areas,
        },
    )
}

/// The measure form's values (a draft, as text).
pub struct FormView {
    pub code: String,
    pub title: String,
    pub objective: String,
    pub budget: String,
    pub start: String,
    pub end: String,
    pub areas: Vec<Choice>,
    pub phenomena: Vec<Choice>,
    pub linked: Vec<Choice>,
    pub responses: Vec<Choice>,
    pub barriers: Vec<Choice>,
    pub leads: Vec<Choice>,
    pub partners: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub indicators: Vec<IndicatorForm>,
}

/// One indicator row of the form.
pub struct IndicatorForm {
    pub index: usize,
    pub name: String,
    pub sources: Vec<Choice>,
    pub baseline: String,
    pub target: String,
}

#[derive(Template)]
#[template(path = "plan_form.html")]
struct FormPage {
    page: PageCtx,
    editing: bool,
    action: String,
    form: FormView,
    problems: Vec<String>,
    from_suggestion: Option<String>,
    /// The GRETA recommendation the measure is made from (a hidden field: the measure is linked to it when
    /// created), with its reference in words.
    from_recommendation: Option<(i64, String)>,
}

fn choices(items: &[(String, String)], selected: &[String]) -> Vec<Choice> {
    items
        .iter()
        .map(|(v, l)| Choice {
            value: v.clone(),
            label: l.clone(),
            selected: selected.contains(v),
        })
        .collect()
}

async fn form_view(state: &AppState, lang: Lang, d: &MeasureDraft) -> Result<FormView, AppError> {
    let areas: Vec<(String, String)> = state
        .store
        .areas()
        .await?
        .into_iter()
        .map(|a| (a.code.to_string(), format!("{} ({})", a.name, a.code)))
        .collect();
    let agencies: Vec<(String, String)> = state
        .store
        .agencies()
        .await?
        .into_iter()
        .map(|a| (a.code.to_string(), format!("{} ({})", a.name, a.code)))
        .collect();
    let indicators: Vec<(String, String)> = state
        .store
        .indicator_defs()
        .await?
        .into_iter()
        .map(|i| (i.code.to_string(), i.name))
        .collect();
    let phen: Vec<(String, String)> = IncidentType::ALL
        .iter()
        .map(|t| (t.code().to_owned(), lang.t(&t.label_key())))
        .collect();
    let resp: Vec<(String, String)> = ResponseKind::ALL
        .iter()
        .map(|t| (t.code().to_owned(), lang.t(&t.label_key())))
        .collect();
    let mut barriers: Vec<(String, String)> = vec![(String::new(), lang.t("plan-no-barrier"))];
    barriers.extend(
        PlanBarrier::ALL
            .iter()
            .map(|t| (t.code().to_owned(), lang.t(&t.label_key()))),
    );
    let statuses: Vec<(String, String)> = MeasureStatus::ALL
        .iter()
        .map(|t| (t.code().to_owned(), lang.t(&t.label_key())))
        .collect();
    let mut sources: Vec<(String, String)> = ["incident_rate", "referrals", "response_days", "partner"]
        .iter()
        .map(|s| {
            (
                (*s).to_owned(),
                lang.t(&format!("plan-source-{}", s.replace('_', "-"))),
            )
        })
        .collect();
    sources.extend(indicators.iter().map(|(c, n)| {
        (
            format!("indicator:{c}"),
            format!("{}: {n}", lang.t("plan-source-indicator")),
        )
    }));
    let one = |s: &str| vec![s.to_owned()];
    let mut rows: Vec<IndicatorForm> = d
        .indicators
        .iter()
        .enumerate()
        .map(|(i, x)| IndicatorForm {
            index: i,
            name: x.name.clone(),
            sources: choices(&sources, &one(&x.source)),
            baseline: x.baseline.map(|b| b.to_string()).unwrap_or_default(),
            target: x.target.map(|b| b.to_string()).unwrap_or_default(),
        })
        .collect();
    while rows.len() < INDICATOR_ROWS.max(d.indicators.len()) {
        rows.push(IndicatorForm {
            index: rows.len(),
            name: String::new(),
            sources: choices(&sources, &one("incident_rate")),
            baseline: String::new(),
            target: String::new(),
        });
    }
    Ok(FormView {
        code: d.code.clone(),
        title: d.title.clone(),
        objective: d.objective.clone(),
        budget: d.budget.map(|b| b.to_string()).unwrap_or_default(),
        start: d.start.clone(),
        end: d.end.clone().unwrap_or_default(),
        areas: choices(&areas, &d.areas),
        phenomena: choices(&phen, &d.phenomena),
        linked: choices(&indicators, &d.linked_indicators),
        responses: choices(&resp, &one(&d.response)),
        barriers: choices(&barriers, &one(d.barrier.as_deref().unwrap_or(""))),
        leads: choices(&agencies, &one(&d.lead)),
        partners: choices(&agencies, &d.partners),
        statuses: choices(&statuses, &one(d.status.as_deref().unwrap_or("planned"))),
        indicators: rows,
    })
}

/// The draft a submitted form describes.
fn draft_of(p: &Pairs) -> MeasureDraft {
    let number = |s: &str| -> Option<f64> {
        let t = s
            .trim()
            .replace(',', ".")
            .replace([' ', '\u{a0}', '\u{202f}'], "");
        if t.is_empty() {
            None
        } else {
            Some(t.parse::<f64>().unwrap_or(f64::NAN))
        }
    };
    let opt = |s: &str| {
        let t = s.trim();
        (!t.is_empty()).then(|| t.to_owned())
    };
    let mut indicators = Vec::new();
    for i in 0..20 {
        let name = field(p, &format!("indicator_name_{i}")).trim().to_owned();
        let baseline = field(p, &format!("indicator_baseline_{i}"));
        let target = field(p, &format!("indicator_target_{i}"));
        if name.is_empty() && baseline.trim().is_empty() && target.trim().is_empty() {
            continue;
        }
        indicators.push(IndicatorDraft {
            name,
            source: field(p, &format!("indicator_source_{i}")).to_owned(),
            baseline: number(baseline),
            target: number(target),
        });
    }
    MeasureDraft {
        code: field(p, "code").trim().to_owned(),
        title: field(p, "title").to_owned(),
        objective: field(p, "objective").to_owned(),
        areas: fields(p, "areas"),
        phenomena: fields(p, "phenomena"),
        linked_indicators: fields(p, "linked_indicators"),
        response: field(p, "response").to_owned(),
        barrier: opt(field(p, "barrier")),
        lead: field(p, "lead").to_owned(),
        partners: fields(p, "partners"),
        budget: number(field(p, "budget")),
        start: field(p, "start").to_owned(),
        end: opt(field(p, "end")),
        status: opt(field(p, "status")),
        indicators,
    }
}

fn problem_text(lang: Lang, p: &PlanProblem) -> String {
    let base = p.field.split(['[', '.']).next().unwrap_or(&p.field);
    let key = format!("plan-field-{}", base.replace('_', "-"));
    let label = lang.t(&key);
    if label == key {
        format!("{}: {}", p.field, p.reason)
    } else {
        format!("{label} ({}): {}", p.field, p.reason)
    }
}

/// The next free code `M01`, `M02` …
fn next_code(stored: &[StoredMeasure]) -> String {
    (1..)
        .map(|n| format!("M{n:02}"))
        .find(|c| stored.iter().all(|s| s.measure.code != *c))
        .unwrap_or_else(|| "M99".into())
}

#[derive(Deserialize)]
pub struct NewQuery {
    template: Option<String>,
    area: Option<String>,
    /// A GRETA recommendation's id (`/convention/recommendations`).
    recommendation: Option<String>,
}

/// The first day of the month after `d`.
fn next_month(d: Date) -> Date {
    let (y, m) = if d.month() == time::Month::December {
        (d.year() + 1, time::Month::January)
    } else {
        (d.year(), d.month().next())
    };
    Date::from_calendar_date(y, m, 1).unwrap_or(d)
}

/// `GET /plan/new[?template=T&area=A]`: the measure form, filled from a suggestion when one is given.
pub async fn new(
    State(state): State<AppState>,
    a: Authed,
    Query(q): Query<NewQuery>,
) -> Result<Response, AppError> {
    a.require(Action::ManagePlan)?;
    let lang = a.ctx.lang;
    let v = a.viewer();
    let stored = state.store.measures(&v).await.map_err(|e| store_error(lang, e))?;
    let code = next_code(&stored);
    let start = next_month(state.clock.now().date());
    let mut from_suggestion = None;
    let mut from_recommendation = None;
    if let Some(id) = q.recommendation.as_deref() {
        a.require(Action::ManageRecommendations)?;
        let id: i64 = id.trim().parse().map_err(|_| AppError::not_found(lang))?;
        let r = state
            .store
            .recommendation(&v, id)
            .await
            .map_err(|e| store_error(lang, e))?;
        if let Some(code) = r.measure {
            return Ok(Redirect::to(&format!("/plan/{code}")).into_response());
        }
        let draft = super::convention::measure_draft(lang, &r.recommendation, code, start);
        from_recommendation = Some((id, super::convention::reference(lang, &r.recommendation)));
        let form = form_view(&state, lang, &draft).await?;
        return render_status(
            StatusCode::OK,
            &FormPage {
                page: PageCtx::authed(&a),
                editing: false,
                action: "/plan".into(),
                form,
                problems: Vec::new(),
                from_suggestion,
                from_recommendation,
            },
        );
    }
    let draft = match (q.template.as_deref(), q.area.as_deref()) {
        (Some(t), Some(area)) => {
            let (_, list) = diagnosis_suggestions(&state, lang).await?;
            let templates = templates(&state);
            let s = list.iter().find(|s| s.template == t && s.area == area);
            let tpl = templates.iter().find(|x| x.id == t);
            match (s, tpl) {
                (Some(s), Some(tpl)) => {
                    let agencies = state.store.agencies().await?;
                    from_suggestion = Some(format!("{} – {}", tpl.title.get(lang.code()), s.area_name));
                    suggest::draft(s, tpl, &agencies, lang.code(), &code, start)
                }
                _ => return Err(AppError::not_found(lang)),
            }
        }
        _ => MeasureDraft {
            code,
            start: start.to_string(),
            ..MeasureDraft::default()
        },
    };
    let form = form_view(&state, lang, &draft).await?;
    render_status(
        StatusCode::OK,
        &FormPage {
            page: PageCtx::authed(&a),
            editing: false,
            action: "/plan".into(),
            form,
            problems: Vec::new(),
            from_suggestion,
            from_recommendation,
        },
    )
}

async fn refused_form(
    state: &AppState,
    a: &Authed,
    draft: &MeasureDraft,
    editing: bool,
    problems: Vec<String>,
    status: StatusCode,
    from_recommendation: Option<(i64, String)>,
) -> Result<Response, AppError> {
    let form = form_view(state, a.ctx.lang, draft).await?;
    render_status(
        status,
        &FormPage {
            page: PageCtx::authed(a),
            editing,
            action: if editing {
                format!("/plan/{}", draft.code)
            } else {
                "/plan".into()
            },
            form,
            problems,
            from_suggestion: None,
            from_recommendation,
        },
    )
}

/// `POST /plan`: creates a measure (all its fields valid, or nothing stored and every problem shown). With a
/// `recommendation` field (the form prefilled from a GRETA recommendation), the measure is linked to that
/// recommendation in the same transaction.
pub async fn create(
    State(state): State<AppState>,
    a: Authed,
    Form(p): Form<Pairs>,
) -> Result<Response, AppError> {
    a.require(Action::ManagePlan)?;
    a.ctx.check_csrf(field(&p, "csrf"))?;
    let lang = a.ctx.lang;
    let draft = draft_of(&p);
    let v = a.viewer();
    let now = state.clock.now();
    let mut from_recommendation = None;
    let created = match field(&p, "recommendation").trim() {
        "" => state.store.create_measure(&v, &draft, now).await,
        id => {
            a.require(Action::ManageRecommendations)?;
            let id: i64 = id.parse().map_err(|_| AppError::bad_request(lang))?;
            let r = state
                .store
                .recommendation(&v, id)
                .await
                .map_err(|e| store_error(lang, e))?;
            if let Some(code) = r.measure {
                // Made already (a form sent twice): the measure it became.
                return Ok(Redirect::to(&format!("/plan/{code}")).into_response());
            }
            from_recommendation = Some((id, super::convention::reference(lang, &r.recommendation)));
            state
                .store
                .create_measure_from_recommendation(&v, id, &draft, now)
                .await
        }
    };
    match created {
        Ok(m) => Ok(Redirect::to(&format!("/plan/{}", m.code)).into_response()),
        Err(StoreError::Invalid(problems)) => {
            let list = problems.iter().map(|x| problem_text(lang, x)).collect();
            refused_form(
                &state,
                &a,
                &draft,
                false,
                list,
                StatusCode::UNPROCESSABLE_ENTITY,
                from_recommendation,
            )
            .await
        }
        Err(StoreError::Conflict(_)) => {
            refused_form(
                &state,
                &a,
                &draft,
                false,
                vec![lang.t("plan-code-taken")],
                StatusCode::CONFLICT,
                from_recommendation,
            )
            .await
        }
        Err(e) => Err(store_error(lang, e)),
    }
}

/// `GET /plan/{code}/edit`
pub async fn edit(
    State(state): State<AppState>,
    a: Authed,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    a.require(Action::ManagePlan)?;
    let lang = a.ctx.lang;
    let stored = state
        .store
        .measure(&a.viewer(), &code)
        .await
        .map_err(|e| store_error(lang, e))?;
    let draft: MeasureDraft = stored.measure.into();
    refused_form(&state, &a, &draft, true, Vec::new(), StatusCode::OK, None).await
}

/// `POST /plan/{code}`: saves a changed measure.
pub async fn update(
    State(state): State<AppState>,
    a: Authed,
    Path(code): Path<String>,
    Form(p): Form<Pairs>,
) -> Result<Response, AppError> {
    a.require(Action::ManagePlan)?;
    a.ctx.check_csrf(field(&p, "csrf"))?;
    let lang = a.ctx.lang;
    let mut draft = draft_of(&p);
    draft.code = code;
    match state
        .store
        .update_measure(&a.viewer(), &draft, state.clock.now())
        .await
    {
        Ok(m) => Ok(Redirect::to(&format!("/plan/{}", m.code)).into_response()),
        Err(StoreError::Invalid(problems)) => {
            let list = problems.iter().map(|x| problem_text(lang, x)).collect();
            refused_form(
                &state,
                &a,
                &draft,
                true,
                list,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
            )
            .await
        }
        Err(e) => Err(store_error(lang, e)),
    }
}

/// A value entered for an indicator.
pub struct ValueRow {
    pub indicator: String,
    pub period: String,
    pub value: String,
    pub by: String,
}

#[derive(Template)]
#[template(path = "plan_measure.html")]
struct MeasurePage {
    page: PageCtx,
    can_manage: bool,
    can_update: bool,
    m: MeasureView,
    eval: EvalView,
    indicators: Vec<IndicatorRow>,
    indicator_choices: Vec<Choice>,
    values: Vec<ValueRow>,
    statuses: Vec<Choice>,
    events: Vec<vigie_store::MeasureEvent>,
    message: Option<String>,
    rates_chart: String,
    over_time: Vec<(String, String, String)>,
}

/// A measure's fields, in words.
pub struct MeasureView {
    pub code: String,
    pub title: String,
    pub objective: String,
    pub facts: Vec<(String, String)>,
    pub status: String,
    pub status_code: &'static str,
}

fn measure_view(lang: Lang, m: &Measure) -> MeasureView {
    let join = |v: Vec<String>| {
        if v.is_empty() {
            "–".to_owned()
        } else {
            v.join(", ")
        }
    };
    let facts = vec![
        (lang.t("plan-field-response"), lang.t(&m.response.label_key())),
        (
            lang.t("plan-field-barrier"),
            m.barrier
                .map(|b| lang.t(&b.label_key()))
                .unwrap_or_else(|| "–".into()),
        ),
        (
            lang.t("plan-field-areas"),
            if m.areas.is_empty() {
                lang.t("plan-city-wide")
            } else {
                join(m.areas.iter().map(ToString::to_string).collect())
            },
        ),
        (
            lang.t("plan-field-phenomena"),
            join(m.phenomena.iter().map(|p| lang.t(&p.label_key())).collect()),
        ),
        (
            lang.t("plan-field-linked-indicators"),
            join(m.linked_indicators.iter().map(ToString::to_string).collect()),
        ),
        (lang.t("plan-field-lead"), m.lead.to_string()),
        (
            lang.t("plan-field-partners"),
            join(m.partners.iter().map(ToString::to_string).collect()),
        ),
        (
            lang.t("plan-field-budget"),
            m.budget.map(|b| format!("{b} €")).unwrap_or_else(|| "–".into()),
        ),
        (lang.t("plan-field-dates"), dates(m)),
    ];
    MeasureView {
        code: m.code.clone(),
        title: m.title.clone(),
        objective: m.objective.clone(),
        facts,
        status: status_label(lang, m.status),
        status_code: m.status.code(),
    }
}

#[derive(Deserialize)]
pub struct MessageQuery {
    saved: Option<String>,
}

/// `GET /plan/{code}`: one measure, its evaluation, indicators and timeline.
pub async fn show(
    State(state): State<AppState>,
    a: Authed,
    Path(code): Path<String>,
    Query(q): Query<MessageQuery>,
) -> Result<Response, AppError> {
    a.require(Action::ViewPlan)?;
    let lang = a.ctx.lang;
    let v = a.viewer();
    let stored = state
        .store
        .measure(&v, &code)
        .await
        .map_err(|e| store_error(lang, e))?;
    let m = stored.measure;
    // Evaluated within the whole plan (other measures decide which areas may be compared).
    let data = crate::diagnosis::plan_data(&state).await?;
    let (eval, recent, own, compared) = {
        let m2 = m.clone();
        tokio::task::spawn_blocking(move || {
            let e = data.evaluate(&m2);
            let r = vigie_plan::evaluate::recent_rate(&m2, &data.areas, &data.incidents, 12);
            let codes: Vec<String> = m2.areas.iter().map(ToString::to_string).collect();
            let own = vigie_plan::evaluate::yearly_rates(&m2, &codes, &data.areas, &data.incidents);
            let compared = if e.comparison_areas.is_empty() {
                Vec::new()
            } else {
                vigie_plan::evaluate::yearly_rates(&m2, &e.comparison_areas, &data.areas, &data.incidents)
            };
            (e, r, own, compared)
        })
        .await
        .map_err(|_| AppError::internal(lang))?
    };
    let referrals = state.store.referral_figures().await?;
    let years: Vec<String> = own.iter().map(|(y, _)| y.to_string()).collect();
    let mut series = vec![Series {
        name: if m.areas.is_empty() {
            lang.t("plan-city-wide")
        } else {
            lang.t("plan-series-areas")
        },
        values: own.iter().map(|(_, r)| Some(*r)).collect(),
    }];
    if !compared.is_empty() {
        series.push(Series {
            name: lang.t("plan-comparison-areas"),
            values: own
                .iter()
                .map(|(y, _)| compared.iter().find(|(c, _)| c == y).map(|(_, r)| *r))
                .collect(),
        });
    }
    let rates_chart = line_chart(
        &years,
        &series,
        &ChartOptions {
            id_prefix: "measure-rates".into(),
            title: lang.t("plan-rates-chart"),
            description: lang.t("plan-rates-chart-desc"),
            value_label: lang.t("plan-rates-axis"),
            decimals: 2,
            decimal_mark: lang.decimal_mark(),
            ..ChartOptions::default()
        },
    );
    let mut over_time: Vec<(String, String, String)> = Vec::new();
    for ind in &m.indicators {
        match ind.source {
            IndicatorSource::IncidentRate => {
                for (y, r) in &own {
                    over_time.push((ind.name.clone(), y.to_string(), plain(lang, *r)));
                }
            }
            IndicatorSource::Referrals => {
                for y in &referrals {
                    over_time.push((ind.name.clone(), y.year.clone(), y.referrals.to_string()));
                }
            }
            IndicatorSource::ResponseDays => {
                for y in &referrals {
                    if let Some(d) = y.mean_response_days {
                        over_time.push((ind.name.clone(), y.year.clone(), plain(lang, d)));
                    }
                }
            }
            _ => {}
        }
    }
    let values = state
        .store
        .measure_values(&v, &code)
        .await
        .map_err(|e| store_error(lang, e))?;
    let events = state
        .store
        .measure_events(&v, &code)
        .await
        .map_err(|e| store_error(lang, e))?;
    let indicators = m
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let current = current_value(i, &ind.source, &values, recent.as_ref(), &referrals);
            IndicatorRow {
                measure: m.code.clone(),
                name: ind.name.clone(),
                baseline: plain(lang, ind.baseline),
                target: plain(lang, ind.target),
                on_track: current.as_ref().map(|(c, _)| {
                    if ind.target <= ind.baseline {
                        *c <= ind.target
                    } else {
                        *c >= ind.target
                    }
                }),
                current: current
                    .map(|(c, when)| format!("{} ({when})", plain(lang, c)))
                    .unwrap_or_else(|| "–".into()),
                source: source_label(lang, &ind.source),
            }
        })
        .collect();
    let indicator_choices = m
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| Choice {
            value: i.to_string(),
            label: ind.name.clone(),
            selected: i == 0,
        })
        .collect();
    let value_rows = values
        .iter()
        .map(|x| ValueRow {
            indicator: m
                .indicators
                .get(x.indicator)
                .map(|i| i.name.clone())
                .unwrap_or_default(),
            period: x.period.clone(),
            value: plain(lang, x.value),
            by: x.entered_by.clone(),
        })
        .collect();
    let statuses = MeasureStatus::ALL
        .iter()
        .map(|s| Choice {
            value: s.code().to_owned(),
            label: status_label(lang, *s),
            selected: *s == m.status,
        })
        .collect();
    render_status(
        StatusCode::OK,
        &MeasurePage {
            page: PageCtx::authed(&a),
            can_manage: a.may(Action::ManagePlan),
            can_update: a.may(Action::UpdateMeasures),
            m: measure_view(lang, &m),
            eval: eval_view(lang, &eval),
            indicators,
            indicator_choices,
            values: value_rows,
            statuses,
            events,
            message: q.saved.map(|_| lang.t("plan-saved")),
            rates_chart,
            over_time,
        },
    )
}

/// `POST /plan/{code}/status`: a new status with a note (the coordinator or a partner of the measure).
pub async fn set_status(
    State(state): State<AppState>,
    a: Authed,
    Path(code): Path<String>,
    Form(p): Form<Pairs>,
) -> Result<Response, AppError> {
    a.require(Action::UpdateMeasures)?;
    a.ctx.check_csrf(field(&p, "csrf"))?;
    let lang = a.ctx.lang;
    let status = MeasureStatus::parse(field(&p, "status")).map_err(|_| AppError::bad_request(lang))?;
    match state
        .store
        .set_measure_status(&a.viewer(), &code, status, field(&p, "note"), state.clock.now())
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/plan/{code}?saved=status")).into_response()),
        Err(StoreError::Refused(_)) => Err(AppError::bad_request(lang)),
        Err(e) => Err(store_error(lang, e)),
    }
}

/// `POST /plan/{code}/values`: the value of one of the measure's indicators for a period.
pub async fn record_value(
    State(state): State<AppState>,
    a: Authed,
    Path(code): Path<String>,
    Form(p): Form<Pairs>,
) -> Result<Response, AppError> {
    a.require(Action::UpdateMeasures)?;
    a.ctx.check_csrf(field(&p, "csrf"))?;
    let lang = a.ctx.lang;
    let indicator: usize = field(&p, "indicator")
        .parse()
        .map_err(|_| AppError::bad_request(lang))?;
    let value: f64 = field(&p, "value")
        .trim()
        .replace(',', ".")
        .parse()
        .map_err(|_| AppError::bad_request(lang))?;
    match state
        .store
        .record_measure_value(
            &a.viewer(),
            &code,
            indicator,
            field(&p, "period"),
            value,
            state.clock.now(),
        )
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/plan/{code}?saved=value")).into_response()),
        Err(StoreError::Refused(_)) => Err(AppError::bad_request(lang)),
        Err(e) => Err(store_error(lang, e)),
    }
}

/// One measure in the printed plan.
pub struct PrintMeasure {
    pub m: MeasureView,
    pub eval: EvalView,
    pub indicators: Vec<(String, String, String, String)>,
}

#[derive(Template)]
#[template(path = "plan_print.html")]
struct PrintPage {
    page: PageCtx,
    city: String,
    today: String,
    measures: Vec<PrintMeasure>,
}

/// `GET /plan/print`: the action plan as a printable document, in the reader's language.
pub async fn print(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    a.require(Action::ViewPlan)?;
    let lang = a.ctx.lang;
    let stored = state
        .store
        .measures(&a.viewer())
        .await
        .map_err(|e| store_error(lang, e))?;
    let measures: Vec<Measure> = stored.into_iter().map(|s| s.measure).collect();
    let evals = crate::diagnosis::evaluations_for(&state, &measures).await?;
    let city = state.store.city().await?.map(|c| c.name).unwrap_or_default();
    let list = measures
        .iter()
        .zip(&evals)
        .map(|(m, e)| PrintMeasure {
            m: measure_view(lang, m),
            eval: eval_view(lang, e),
            indicators: m
                .indicators
                .iter()
                .map(|i| {
                    (
                        i.name.clone(),
                        source_label(lang, &i.source),
                        plain(lang, i.baseline),
                        plain(lang, i.target),
                    )
                })
                .collect(),
        })
        .collect();
    render_status(
        StatusCode::OK,
        &PrintPage {
            page: PageCtx::authed(&a),
            city,
            today: state.clock.now().date().to_string(),
            measures: list,
        },
    )
}

/// One measure in the yearly progress report.
pub struct ProgressMeasure {
    pub m: MeasureView,
    pub eval: EvalView,
    /// The measure's incident rate this year and the year before, when known.
    pub rate: String,
    pub events: Vec<String>,
    pub values: Vec<String>,
}

#[derive(Template)]
#[template(path = "plan_report.html")]
struct ProgressPage {
    page: PageCtx,
    city: String,
    year: i32,
    years: Vec<i32>,
    measures: Vec<ProgressMeasure>,
}

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<i32>,
}

/// `GET /plan/report[?year=YYYY]`: the yearly progress report: the measures that ran during the year, what
/// changed, the values entered, their incident rate against the year before and their evaluation.
pub async fn progress(
    State(state): State<AppState>,
    a: Authed,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    a.require(Action::ViewPlan)?;
    let lang = a.ctx.lang;
    let v = a.viewer();
    let this_year = state.clock.now().year();
    let year = q.year.unwrap_or(this_year - 1);
    if !(1900..=2200).contains(&year) {
        return Err(AppError::bad_request(lang));
    }
    let first =
        Date::from_calendar_date(year, time::Month::January, 1).map_err(|_| AppError::bad_request(lang))?;
    let last =
        Date::from_calendar_date(year, time::Month::December, 31).map_err(|_| AppError::bad_request(lang))?;
    let measures: Vec<Measure> = state
        .store
        .measures(&v)
        .await
        .map_err(|e| store_error(lang, e))?
        .into_iter()
        .map(|s| s.measure)
        .collect();
    let data = crate::diagnosis::plan_data(&state).await?;
    let evals: Vec<Evaluation> = crate::diagnosis::evaluations_for(&state, &measures).await?;
    let prefix = year.to_string();
    let mut list = Vec::new();
    for (m, e) in measures.iter().zip(&evals) {
        if m.start > last || m.end.is_some_and(|end| end < first) {
            continue;
        }
        let events = state
            .store
            .measure_events(&v, &m.code)
            .await
            .map_err(|e| store_error(lang, e))?
            .into_iter()
            .filter(|x| x.at.starts_with(&prefix))
            .map(|x| format!("{} — {} — {}", &x.at[..10.min(x.at.len())], x.actor, x.detail))
            .collect();
        let values = state
            .store
            .measure_values(&v, &m.code)
            .await
            .map_err(|e| store_error(lang, e))?
            .into_iter()
            .filter(|x| x.period.starts_with(&prefix))
            .map(|x| {
                let name = m
                    .indicators
                    .get(x.indicator)
                    .map(|i| i.name.as_str())
                    .unwrap_or("");
                format!("{name}, {}: {}", x.period, plain(lang, x.value))
            })
            .collect();
        let codes: Vec<String> = m.areas.iter().map(ToString::to_string).collect();
        let rates = vigie_plan::evaluate::yearly_rates(m, &codes, &data.areas, &data.incidents);
        let at = |y: i32| rates.iter().find(|(x, _)| *x == y).map(|(_, r)| *r);
        let rate = match (at(year), at(year - 1)) {
            (Some(now), Some(before)) => lang.t_args(
                "plan-report-rate",
                &[
                    ("now", plain(lang, now).into()),
                    ("before", plain(lang, before).into()),
                    ("year", (year - 1).into()),
                ],
            ),
            (Some(now), None) => plain(lang, now),
            _ => "–".into(),
        };
        list.push(ProgressMeasure {
            m: measure_view(lang, m),
            eval: eval_view(lang, e),
            rate,
            events,
            values,
        });
    }
    render_status(
        StatusCode::OK,
        &ProgressPage {
            page: PageCtx::authed(&a),
            city: state.store.city().await?.map(|c| c.name).unwrap_or_default(),
            year,
            years: ((this_year - 6)..=this_year).rev().collect(),
            measures: list,
        },
    )
}
