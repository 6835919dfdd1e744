//! Errors as pages: each carries its HTTP status and the Fluent key of its message, and renders in the visitor's
//! language. Internal errors are logged with their detail; the visitor sees only a plain message.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use vigie_store::StoreError;

use crate::i18n::Lang;
use crate::pages::PageCtx;

#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    pub lang: Lang,
    /// Fluent key of the title; the message key is the same with `-text` appended.
    pub key: &'static str,
}

impl AppError {
    fn new(status: StatusCode, lang: Lang, key: &'static str) -> Self {
        Self { status, lang, key }
    }
    pub fn forbidden(lang: Lang) -> Self {
        Self::new(StatusCode::FORBIDDEN, lang, "error-forbidden")
    }
    pub fn csrf(lang: Lang) -> Self {
        Self::new(StatusCode::FORBIDDEN, lang, "error-csrf")
    }
    pub fn not_found(lang: Lang) -> Self {
        Self::new(StatusCode::NOT_FOUND, lang, "error-not-found")
    }
    pub fn unauthorized(lang: Lang) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, lang, "error-unauthorized")
    }
    pub fn bad_request(lang: Lang) -> Self {
        Self::new(StatusCode::BAD_REQUEST, lang, "error-bad-request")
    }
    /// Too many bad machine tokens from this address (429).
    pub fn too_many(lang: Lang) -> Self {
        Self::new(StatusCode::TOO_MANY_REQUESTS, lang, "error-too-many")
    }
    pub fn unavailable(lang: Lang) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, lang, "error-unavailable")
    }
    /// The disk is full: nothing was written (507).
    pub fn full(lang: Lang) -> Self {
        Self::new(StatusCode::INSUFFICIENT_STORAGE, lang, "error-full")
    }
    pub fn internal(lang: Lang) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, lang, "error-internal")
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Database(ref db) if is_unreachable(db) => {
                tracing::error!(error = %e, "database unreachable");
                AppError::unavailable(Lang::En)
            }
            ref full if full.is_full() => {
                tracing::error!(error = %e, "the disk is full");
                AppError::full(Lang::En)
            }
            other => {
                tracing::error!(error = %other, "store error");
                AppError::internal(Lang::En)
            }
        }
    }
}

/// Whether the database cannot be reached (or is shutting down, or starting): the request may succeed later.
fn is_unreachable(e: &sqlx_error::Error) -> bool {
    match e {
        sqlx_error::Error::PoolTimedOut
        | sqlx_error::Error::PoolClosed
        | sqlx_error::Error::Io(_)
        | sqlx_error::Error::Tls(_)
        | sqlx_error::Error::Protocol(_) => true,
        // PostgreSQL: connection exceptions (class 08), and the server shutting down or not yet accepting
        // connections (57P01 to 57P03).
        sqlx_error::Error::Database(db) => db
            .code()
            .is_some_and(|c| c.starts_with("08") || matches!(c.as_ref(), "57P01" | "57P02" | "57P03")),
        _ => false,
    }
}

/// The error type of sqlx, reached through the store's re-export.
mod sqlx_error {
    pub use vigie_store::SqlxError as Error;
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    page: PageCtx,
    title: String,
    text: String,
    status: u16,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let page = ErrorPage {
            page: PageCtx::anonymous(self.lang),
            title: self.lang.t(self.key),
            text: self.lang.t(&format!("{}-text", self.key)),
            status: self.status.as_u16(),
        };
        let body = page.render().unwrap_or_else(|_| self.lang.t(self.key));
        let mut res = (self.status, Html(body)).into_response();
        res.extensions_mut().insert(ErrorKey(self.key));
        res
    }
}

/// The Fluent key of an error response, so that the API can answer it as JSON ([`api_errors`]).
#[derive(Debug, Clone, Copy)]
pub struct ErrorKey(pub &'static str);

/// The JSON body of every error of the API (`/api/...`): a stable code and a message in English.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ApiError {
    /// A stable code: `unauthorized`, `forbidden`, `not-found`, `bad-request`, `too-many`, `unavailable`, …
    pub error: String,
    /// What happened, in English.
    pub message: String,
}

/// Turns every error response under `/api/` (the application's errors, axum's rejections of a bad path or query,
/// the fallback's 404) into JSON ([`ApiError`]); other responses pass unchanged.
pub async fn api_errors(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    let status = res.status();
    if !api || !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let key = res
        .extensions()
        .get::<ErrorKey>()
        .map(|k| k.0)
        .unwrap_or(match status {
            StatusCode::UNAUTHORIZED => "error-unauthorized",
            StatusCode::FORBIDDEN => "error-forbidden",
            StatusCode::NOT_FOUND => "error-not-found",
            StatusCode::TOO_MANY_REQUESTS => "error-too-many",
            StatusCode::SERVICE_UNAVAILABLE => "error-unavailable",
            s if s.is_server_error() => "error-internal",
            _ => "error-bad-request",
        });
    let body = ApiError {
        error: key.trim_start_matches("error-").to_owned(),
        message: Lang::En.t(&format!("{key}-text")),
    };
    let mut out = (status, axum::Json(body)).into_response();
    for name in [
        axum::http::header::RETRY_AFTER,
        axum::http::header::WWW_AUTHENTICATE,
    ] {
        if let Some(v) = res.headers().get(&name) {
            out.headers_mut().insert(name, v.clone());
        }
    }
    if status == StatusCode::UNAUTHORIZED {
        out.headers_mut().insert(
            axum::http::header::WWW_AUTHENTICATE,
            axum::http::HeaderValue::from_static("Bearer realm=\"vigie\""),
        );
    }
    out
}
