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
use vigie_render::report::{ReportContext, area_page, body, standalone};

use super::{PageCtx, render};
use crate::AppState;
use crate::auth::Authed;
use crate::diagnosis::{CityDiagnosis, DiagnosisFailure, extras_kept, from_store, sections};
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

/// The city's diagnosis, computed once per change of the data (`cache::cached`).
async fn load(state: &AppState, lang: Lang) -> Result<std::sync::Arc<CityDiagnosis>, AppError> {
    crate::cache::cached(state, "city-diagnosis".into(), || async {
        match from_store(state.store.as_ref(), &Settings::default()).await {
            Ok(d) => Ok(d),
            Err(DiagnosisFailure::Store(e)) => Err(e.into()),
            Err(DiagnosisFailure::Diagnosis(e)) => {
                tracing::warn!(error = %e, "no diagnosis");
                Err(AppError::not_found(lang))
            }
        }
    })
    .await
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
    let v = a.viewer();
    // The drawn report (maps and charts of every area), kept until the data changes: what it shows depends on the
    // language, and on the viewer's role and agency (the plan's lines).
    let key = format!(
        "diagnosis-report:{}:{}:{}",
        lang.code(),
        v.user.role.code(),
        v.user.agency.as_ref().map_or("", |g| g.as_str())
    );
    let drawn = crate::cache::cached(&state, key, || async {
        let extras = extras_kept(&state, &v).await?;
        let ctx = ReportContext {
            diagnosis: &city.diagnosis,
            areas: &city.areas,
            tr: &lang,
            area_href: &page_href,
        };
        Ok(body(&ctx, &sections(true, extras)))
    })
    .await?;
    let title = lang.t_args("report-title", &[("city", city.diagnosis.city.clone().into())]);
    render(&ReportPage {
        page: PageCtx::authed(&a),
        title,
        body: drawn.as_ref().clone(),
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
    let extras = extras_kept(&state, &a.viewer()).await?;
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
        standalone(&ctx, &sections(false, extras)),
    )
        .into_response())
}

/// `GET /api/v1/diagnosis`: the diagnosis behind the report, as JSON.
#[utoipa::path(
    get,
    path = "/api/v1/diagnosis",
    tag = "vigie",
    responses(
        (status = 200, description = "The local diagnosis", body = crate::openapi::Diagnosis),
        crate::openapi::Refusals,
    ),
    security(("token" = ["read:diagnosis"]), ("session" = [])),
)]
pub async fn api(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    a.require(Action::ViewDiagnosis)?;
    let city = load(&state, a.ctx.lang).await?;
    Ok(axum::Json(&city.diagnosis).into_response())
}
