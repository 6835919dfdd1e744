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
        (self.status, Html(body)).into_response()
    }
}
