//! Reports for the EU: `GET /reports/eu/{year}.csv` and `.json` (its metadata), for those who publish figures.
//! The same report as `vigie report eu` (`crate::eu_report`); every download is audited.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use vigie_domain::policy::Action;
use vigie_store::AuditEntry;

use crate::AppState;
use crate::auth::Authed;
use crate::error::AppError;

/// `GET /reports/eu/{file}` with `file` = `{year}.csv` or `{year}.json`.
pub async fn eu(
    State(state): State<AppState>,
    a: Authed,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    a.require(Action::PublishFigures)?;
    let lang = a.ctx.lang;
    let (year, ext) = file.rsplit_once('.').ok_or_else(|| AppError::not_found(lang))?;
    let year: i32 = year.parse().map_err(|_| AppError::not_found(lang))?;
    if !matches!(ext, "csv" | "json") || !(1900..=9999).contains(&year) {
        return Err(AppError::not_found(lang));
    }
    let country = state
        .store
        .city()
        .await?
        .map(|c| c.country.as_str().to_owned())
        .unwrap_or_default();
    let facts = state.store.case_facts().await?;
    let report = crate::eu_report::build(&facts, year, &country, &state.config.disclosure)
        .map_err(|_| AppError::bad_request(lang))?;
    state
        .store
        .audit(&AuditEntry {
            at: state.clock.now(),
            actor: a.actor(),
            action: "report.eu".into(),
            detail: serde_json::json!({ "year": year, "format": ext }),
        })
        .await?;
    Ok(match ext {
        "csv" => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"thb-{country}-{year}.csv\""),
                ),
            ],
            report.to_csv(),
        )
            .into_response(),
        _ => (
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            serde_json::to_string_pretty(&report.metadata()).unwrap_or_default(),
        )
            .into_response(),
    })
}
