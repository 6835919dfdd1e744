//! Open data: the public figures as CSV and JSON with their metadata, at stable addresses
//! (`/public/{lang}/data/{id}.csv`, `.json`), and a catalogue (`/public/{lang}/data/catalogue.json`, and the page
//! `/public/{lang}/data` for people). Every file is built from the same tables as the figures page
//! (`crate::public_data`), after disclosure control.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::public::{PublicCtx, lang_of};
use super::render_status;
use crate::AppState;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::public_data::Dataset;

/// A dataset on the open data page.
pub struct DatasetLink {
    pub id: &'static str,
    pub title: String,
    pub description: String,
    pub period: String,
    pub csv: String,
    pub json: String,
}

#[derive(Template)]
#[template(path = "public_data.html")]
struct DataPage {
    page: PublicCtx,
    datasets: Vec<DatasetLink>,
    rules: String,
}

fn link(lang: Lang, d: &Dataset) -> DatasetLink {
    DatasetLink {
        id: d.id,
        title: d.title.clone(),
        description: d.description.clone(),
        period: d
            .period
            .as_ref()
            .map(|(a, b)| {
                if a == b {
                    a.clone()
                } else {
                    lang.t_args(
                        "public-period-range",
                        &[("from", a.clone().into()), ("to", b.clone().into())],
                    )
                }
            })
            .unwrap_or_default(),
        csv: format!("/public/{}/data/{}.csv", lang.code(), d.id),
        json: format!("/public/{}/data/{}.json", lang.code(), d.id),
    }
}

/// `GET /public/{lang}/data`: the list of downloadable tables.
pub async fn page(State(state): State<AppState>, Path(code): Path<String>) -> Result<Response, AppError> {
    let lang = lang_of(&code)?;
    let rules = state.config.disclosure;
    let data = crate::public_data::gather_cached(&state, lang).await?;
    render_status(
        StatusCode::OK,
        &DataPage {
            page: PublicCtx::new(&state, lang, "/data").await?,
            datasets: data.datasets().into_iter().map(|d| link(lang, d)).collect(),
            rules: crate::public_data::rules_text(lang, &rules),
        },
    )
}

/// `GET /public/{lang}/data/{id}.csv`, `{id}.json` and `catalogue.json`.
pub async fn download(
    State(state): State<AppState>,
    Path((code, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let lang = lang_of(&code)?;
    let rules = state.config.disclosure;
    let (id, ext) = file.rsplit_once('.').ok_or_else(|| AppError::not_found(lang))?;
    if !matches!(ext, "csv" | "json") {
        return Err(AppError::not_found(lang));
    }
    let data = crate::public_data::gather_cached(&state, lang).await?;
    let json = |v: serde_json::Value| {
        let body = serde_json::to_string_pretty(&v).unwrap_or_default() + "\n";
        ([(header::CONTENT_TYPE, "application/json; charset=utf-8")], body).into_response()
    };
    if id == "catalogue" && ext == "json" {
        let city = state.store.city().await?.map(|c| c.name).unwrap_or_default();
        return Ok(json(crate::public_data::catalogue(&data, lang, &city)));
    }
    let d = data.dataset(id).ok_or_else(|| AppError::not_found(lang))?;
    Ok(match ext {
        "csv" => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("inline; filename=\"{}-{}.csv\"", d.id, lang.code()),
                ),
            ],
            crate::public_data::to_csv(d),
        )
            .into_response(),
        _ => json(crate::public_data::to_json(d, lang, &rules)),
    })
}
