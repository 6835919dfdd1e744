//! The diagnosis report, for `coordinator` and `analyst`: the whole report, one area's sheet, and the same
//! report as a file to download. The report's standard sections are followed by "Hidden victims", which explains
//! multiple systems estimation and points to the estimate page: the store holds no linked lists, so the report
//! shows no figure of its own there.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use vigie_diagnosis::report::Settings;
use vigie_domain::policy::Action;
use vigie_render::escape;
use vigie_render::report::{
    NetworkPresence, PresenceRow, ReportContext, Section, area_page, body, standalone, standard_sections,
};

use super::{PageCtx, render};
use crate::AppState;
use crate::auth::Authed;
use crate::diagnosis::{CityDiagnosis, DiagnosisFailure, from_store};
use crate::error::AppError;
use crate::i18n::Lang;

#[derive(Template)]
#[template(path = "diagnosis.html")]
struct ReportPage {
    page: PageCtx,
    title: String,
    body: String,
    whole: bool,
}

async fn load(state: &AppState, lang: Lang) -> Result<CityDiagnosis, AppError> {
    match from_store(state.store.as_ref(), &Settings::default()).await {
        Ok(d) => Ok(d),
        Err(DiagnosisFailure::Store(e)) => Err(e.into()),
        Err(DiagnosisFailure::Diagnosis(e)) => {
            tracing::warn!(error = %e, "no diagnosis");
            Err(AppError::not_found(lang))
        }
    }
}

/// "Hidden victims": what multiple systems estimation is, what it needs and where to run it. No figure: the
/// estimate needs the partners' linked lists, which the store does not hold.
struct HiddenVictims {
    /// Link to the estimate page (the web page); the downloaded file names it instead.
    link: bool,
}

impl Section for HiddenVictims {
    fn id(&self) -> &'static str {
        "hidden-victims"
    }
    fn title(&self, ctx: &ReportContext<'_>) -> String {
        ctx.tr.t("report-hidden")
    }
    fn body(&self, ctx: &ReportContext<'_>) -> String {
        let tr = ctx.tr;
        let mut out = String::new();
        for key in ["report-hidden-what", "report-hidden-how", "report-hidden-limits"] {
            out.push_str(&format!("<p>{}</p>", escape(&tr.t(key))));
        }
        if self.link {
            out.push_str(&format!(
                "<p><a href=\"/estimate\">{}</a></p>",
                escape(&tr.t("report-hidden-link"))
            ));
        } else {
            out.push_str(&format!("<p>{}</p>", escape(&tr.t("report-hidden-where"))));
        }
        out
    }
}

/// One measure in the report's "Action plan" section.
pub struct PlanLine {
    pub code: String,
    pub title: String,
    pub areas: Vec<String>,
    pub status: vigie_domain::MeasureStatus,
    pub effect: Option<(f64, f64, f64)>,
    pub warnings: usize,
}

/// "Action plan": the measures answering the diagnosis, with their status and evaluated effect.
struct ActionPlan {
    lines: Vec<PlanLine>,
    link: bool,
}

impl Section for ActionPlan {
    fn id(&self) -> &'static str {
        "action-plan"
    }
    fn title(&self, ctx: &ReportContext<'_>) -> String {
        ctx.tr.t("report-plan")
    }
    fn body(&self, ctx: &ReportContext<'_>) -> String {
        let tr = ctx.tr;
        let mut out = format!("<p>{}</p>", escape(&tr.t("report-plan-intro")));
        if self.lines.is_empty() {
            out.push_str(&format!("<p>{}</p>", escape(&tr.t("plan-empty"))));
            return out;
        }
        out.push_str(&format!(
            "<table class=\"plan\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            escape(&tr.t("plan-field-code")),
            escape(&tr.t("plan-field-title")),
            escape(&tr.t("plan-field-areas")),
            escape(&tr.t("plan-field-status")),
            escape(&tr.t("report-plan-effect")),
        ));
        for l in &self.lines {
            let areas: Vec<String> = l
                .areas
                .iter()
                .map(|a| format!("<a href=\"{}\">{}</a>", escape(&(ctx.area_href)(a)), escape(a)))
                .collect();
            let effect = match l.effect {
                Some((e, lo, hi)) => {
                    let mut t = format!("{} [{} ; {}]", tr.num(e, 2), tr.num(lo, 2), tr.num(hi, 2));
                    if l.warnings > 0 {
                        t.push_str(&format!(" ({})", tr.t("report-plan-weak")));
                    }
                    t
                }
                None => "–".into(),
            };
            let code = if self.link {
                format!("<a href=\"/plan/{0}\">{0}</a>", escape(&l.code))
            } else {
                escape(&l.code)
            };
            out.push_str(&format!(
                "<tr><th scope=\"row\">{code}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&l.title),
                if areas.is_empty() {
                    escape(&tr.t("plan-city-wide"))
                } else {
                    areas.join(", ")
                },
                escape(&tr.t(&l.status.label_key())),
                escape(&effect),
            ));
        }
        out.push_str("</tbody></table>");
        out.push_str(&format!(
            "<p class=\"help\">{}</p>",
            escape(&tr.t("plan-evaluation-help"))
        ));
        out
    }
}

/// The report's sections: the standard ones, with "Criminal networks in the areas" (when an analyst uploaded a
/// network), "Action plan" and "Hidden victims" before the methods.
fn sections(link: bool, networks: Option<NetworkPresence>, plan: Vec<PlanLine>) -> Vec<Box<dyn Section>> {
    let mut all = standard_sections();
    let at = all.iter().position(|s| s.id() == "methods").unwrap_or(all.len());
    all.insert(at, Box::new(HiddenVictims { link }));
    all.insert(at, Box::new(ActionPlan { lines: plan, link }));
    if let Some(n) = networks {
        all.insert(at, Box::new(n));
    }
    all
}

/// The plan's measures with their evaluation, for the report.
async fn plan_lines(state: &AppState, a: &Authed) -> Result<Vec<PlanLine>, AppError> {
    let lang = a.ctx.lang;
    let viewer = vigie_store::Viewer::new(a.user.clone(), a.ctx.addr.clone());
    let measures: Vec<vigie_domain::plan::Measure> = match state.store.measures(&viewer).await {
        Ok(m) => m.into_iter().map(|s| s.measure).collect(),
        Err(vigie_store::StoreError::Forbidden(_)) => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let evals = super::plan::evaluations(state, lang, &measures).await?;
    Ok(measures
        .iter()
        .zip(&evals)
        .map(|(m, e)| PlanLine {
            code: m.code.clone(),
            title: m.title.clone(),
            areas: m.areas.iter().map(ToString::to_string).collect(),
            status: m.status,
            effect: match (e.effect, e.lower, e.upper) {
                (Some(x), Some(l), Some(u)) => Some((x, l, u)),
                _ => None,
            },
            warnings: e.warnings.len(),
        })
        .collect())
}

/// The newest network's per-area counts (aggregates only, computed at upload).
async fn presence(state: &AppState) -> Result<Option<NetworkPresence>, AppError> {
    Ok(state
        .store
        .network_presence()
        .await?
        .map(|(info, rows)| NetworkPresence {
            network: info.name,
            uploaded_on: info.uploaded_at.date().to_string(),
            rows: rows
                .into_iter()
                .map(|r| PresenceRow {
                    area: r.area,
                    premises: r.premises,
                    groups: r.groups,
                    entities: r.entities,
                })
                .collect(),
        }))
}

fn page_href(code: &str) -> String {
    format!("/diagnosis/areas/{code}")
}

fn anchor_href(code: &str) -> String {
    format!("#area-{code}")
}

/// `GET /diagnosis`
pub async fn report(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    a.require(Action::ViewDiagnosis)?;
    let lang = a.ctx.lang;
    let city = load(&state, lang).await?;
    let networks = presence(&state).await?;
    let plan = plan_lines(&state, &a).await?;
    let ctx = ReportContext {
        diagnosis: &city.diagnosis,
        areas: &city.areas,
        tr: &lang,
        area_href: &page_href,
    };
    let title = lang.t_args("report-title", &[("city", city.diagnosis.city.clone().into())]);
    render(&ReportPage {
        page: PageCtx::authed(&a),
        title,
        body: body(&ctx, &sections(true, networks, plan)),
        whole: true,
    })
}

/// `GET /diagnosis/areas/{code}`: one area's sheet.
pub async fn area(
    State(state): State<AppState>,
    a: Authed,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    a.require(Action::ViewDiagnosis)?;
    let lang = a.ctx.lang;
    let city = load(&state, lang).await?;
    let ctx = ReportContext {
        diagnosis: &city.diagnosis,
        areas: &city.areas,
        tr: &lang,
        area_href: &page_href,
    };
    let body = area_page(&ctx, &code).ok_or_else(|| AppError::not_found(lang))?;
    let title = city
        .diagnosis
        .areas
        .iter()
        .find(|x| x.code == code)
        .map(|x| x.name.clone())
        .unwrap_or_default();
    render(&ReportPage {
        page: PageCtx::authed(&a),
        title,
        body,
        whole: false,
    })
}

/// `GET /diagnosis/report.html`: the whole report as one file.
pub async fn download(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    a.require(Action::ViewDiagnosis)?;
    let lang = a.ctx.lang;
    let city = load(&state, lang).await?;
    let networks = presence(&state).await?;
    let plan = plan_lines(&state, &a).await?;
    let ctx = ReportContext {
        diagnosis: &city.diagnosis,
        areas: &city.areas,
        tr: &lang,
        area_href: &anchor_href,
    };
    Ok((
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"diagnosis.html\"",
            ),
        ],
        standalone(&ctx, &sections(false, networks, plan)),
    )
        .into_response())
}

/// `GET /api/v1/diagnosis`: the diagnosis behind the report, as JSON.
pub async fn api(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    a.require(Action::ViewDiagnosis)?;
    let city = load(&state, a.ctx.lang).await?;
    Ok(axum::Json(city.diagnosis).into_response())
}
