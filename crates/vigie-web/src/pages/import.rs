//! The upload page: a coordinator or analyst imports a file; it is stored whole or refused with every error.

use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use vigie_domain::policy::Action;
use vigie_store::{ImportKind, ImportSummary, StoreError, import_file};

use super::{Choice, PageCtx, render, render_status};
use crate::AppState;
use crate::auth::Authed;
use crate::error::AppError;

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    page: PageCtx,
    kinds: Vec<Choice>,
    limit_mb: String,
    summary: Option<ImportSummary>,
    /// Errors as `file:line:column: reason`.
    errors: Vec<String>,
    unlisted: usize,
    /// A Fluent key for a problem with the upload itself.
    problem: Option<&'static str>,
}

fn kinds(selected: Option<ImportKind>, page: &PageCtx) -> Vec<Choice> {
    ImportKind::ALL
        .iter()
        .map(|k| Choice {
            value: k.as_str().to_owned(),
            label: page.t(&format!("import-kind-{}", k.as_str())),
            selected: Some(*k) == selected,
        })
        .collect()
}

fn limit_mb(state: &AppState) -> String {
    format!("{}", state.config.max_upload_bytes / (1024 * 1024))
}

/// `GET /import`
pub async fn form(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    a.require(Action::ImportData)?;
    let page = PageCtx::authed(&a);
    render(&ImportPage {
        kinds: kinds(None, &page),
        page,
        limit_mb: limit_mb(&state),
        summary: None,
        errors: Vec::new(),
        unlisted: 0,
        problem: None,
    })
}

/// `POST /import` (multipart: `csrf`, `kind`, `file`)
pub async fn upload(
    State(state): State<AppState>,
    a: Authed,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    a.require(Action::ImportData)?;
    let page = PageCtx::authed(&a);
    let mut csrf = String::new();
    let mut kind = None;
    let mut file: Option<(String, Vec<u8>)> = None;
    let fail = |status: StatusCode, key: &'static str, kind: Option<ImportKind>| {
        render_status(
            status,
            &ImportPage {
                kinds: kinds(kind, &page),
                page: page.clone(),
                limit_mb: limit_mb(&state),
                summary: None,
                errors: Vec::new(),
                unlisted: 0,
                problem: Some(key),
            },
        )
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return fail(StatusCode::PAYLOAD_TOO_LARGE, "import-too-large", kind);
            }
            Err(_) => return fail(StatusCode::BAD_REQUEST, "import-bad-upload", kind),
        };
        let name = field.name().unwrap_or("").to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let bytes = match field.bytes().await {
            Ok(b) => b,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return fail(StatusCode::PAYLOAD_TOO_LARGE, "import-too-large", kind);
            }
            Err(_) => return fail(StatusCode::BAD_REQUEST, "import-bad-upload", kind),
        };
        match name.as_str() {
            "csrf" => csrf = String::from_utf8_lossy(&bytes).into_owned(),
            "kind" => kind = ImportKind::parse(&String::from_utf8_lossy(&bytes)),
            "file" => {
                // Only the base name of what the browser sends, for messages and the import record.
                let base = file_name
                    .as_deref()
                    .and_then(|n| n.rsplit(['/', '\\']).next())
                    .filter(|n| !n.is_empty())
                    .unwrap_or("upload")
                    .chars()
                    .take(200)
                    .collect();
                file = Some((base, bytes.to_vec()));
            }
            _ => {}
        }
    }
    a.ctx.check_csrf(&csrf)?;
    let Some(kind) = kind else {
        return fail(StatusCode::UNPROCESSABLE_ENTITY, "import-no-kind", None);
    };
    let Some((file_name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return fail(StatusCode::UNPROCESSABLE_ENTITY, "import-no-file", Some(kind));
    };
    let result = import_file(
        state.store.as_ref(),
        kind,
        &file_name,
        &bytes,
        &a.actor(),
        state.clock.now(),
    )
    .await;
    let (status, summary, errors, unlisted) = match result {
        Ok(s) => (StatusCode::OK, Some(s), Vec::new(), 0),
        Err(StoreError::Rejected(e)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            e.errors.iter().map(ToString::to_string).collect(),
            e.unlisted,
        ),
        Err(other) => return Err(other.into()),
    };
    render_status(
        status,
        &ImportPage {
            kinds: kinds(Some(kind), &page),
            page: page.clone(),
            limit_mb: limit_mb(&state),
            summary,
            errors,
            unlisted,
            problem: None,
        },
    )
}
