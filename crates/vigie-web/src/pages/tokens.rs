//! Machine tokens of the open API, for `admin`: make one (name, role, scopes, expiry; the secret shown once),
//! list them (never a secret), revoke one. The store audits each change (`token.create`, `token.revoke`).

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use vigie_domain::policy::Action;
use vigie_domain::{Role, Scope};
use vigie_store::{ApiToken, NewToken, StoreError, TokenState};

use super::{Choice, PageCtx, Pairs, render_status};
use crate::AppState;
use crate::auth::{Authed, new_api_token};
use crate::error::AppError;

/// The longest life a token may be given, in days.
pub const MAX_TOKEN_DAYS: i64 = 730;

pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub scopes: String,
    pub created: String,
    pub expires: String,
    pub last_used: String,
    /// The Fluent key of its state.
    pub state: &'static str,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "tokens.html")]
struct TokensPage {
    page: PageCtx,
    tokens: Vec<TokenRow>,
    roles: Vec<Choice>,
    scopes: Vec<&'static str>,
    message: Option<String>,
    is_error: bool,
    /// The secret of the token just made: shown this once.
    secret: Option<String>,
}

fn day(t: time::OffsetDateTime) -> String {
    let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    t.to_offset(time::UtcOffset::UTC)
        .format(&f)
        .unwrap_or_else(|_| t.unix_timestamp().to_string())
}

fn row(t: &ApiToken, page: &PageCtx, now: time::OffsetDateTime) -> TokenRow {
    let state = t.state(now);
    TokenRow {
        id: t.id,
        name: t.name.clone(),
        role: page.t(&t.role.label_key()),
        scopes: t.scopes.iter().map(|s| s.code()).collect::<Vec<_>>().join(" "),
        created: format!("{} ({})", day(t.created_at), t.created_by),
        expires: day(t.expires_at),
        last_used: t.last_used_at.map(day).unwrap_or_else(|| page.t("tokens-never")),
        state: match state {
            TokenState::Active => "tokens-active",
            TokenState::Revoked => "tokens-revoked",
            TokenState::Expired => "tokens-expired",
        },
        active: state == TokenState::Active,
    }
}

async fn tokens_page(
    state: &AppState,
    a: &Authed,
    status: StatusCode,
    message: Option<String>,
    is_error: bool,
    secret: Option<String>,
) -> Result<Response, AppError> {
    let page = PageCtx::authed(a);
    let now = state.clock.now();
    let tokens = state
        .store
        .tokens()
        .await?
        .iter()
        .map(|t| row(t, &page, now))
        .collect();
    let roles = Role::ALL
        .iter()
        .map(|r| Choice {
            value: r.code().to_owned(),
            label: page.t(&r.label_key()),
            selected: *r == Role::Analyst,
        })
        .collect();
    render_status(
        status,
        &TokensPage {
            page,
            tokens,
            roles,
            scopes: Scope::ALL.iter().map(|s| s.code()).collect(),
            message,
            is_error,
            secret,
        },
    )
}

/// `GET /admin/tokens`
pub async fn list(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    a.require(Action::ManageUsers)?;
    tokens_page(&state, &a, StatusCode::OK, None, false, None).await
}

/// `POST /admin/tokens`: makes a token and shows its secret once. Fields: `csrf`, `name`, `role`, `scope`
/// (repeated), `days`.
pub async fn create(
    State(state): State<AppState>,
    a: Authed,
    Form(f): Form<Pairs>,
) -> Result<Response, AppError> {
    a.require(Action::ManageUsers)?;
    let field = |name: &str| {
        f.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    a.ctx.check_csrf(field("csrf"))?;
    let lang = a.ctx.lang;
    let bad = |msg: String| (StatusCode::UNPROCESSABLE_ENTITY, Some(msg), true, None);
    let scopes: Option<Vec<Scope>> = f
        .iter()
        .filter(|(k, _)| k == "scope")
        .map(|(_, v)| Scope::parse(v))
        .collect();
    let days = field("days")
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|d| (1..=MAX_TOKEN_DAYS).contains(d));
    let outcome = match (Role::parse(field("role")), scopes, days) {
        (Err(_), _, _) => bad(lang.t("users-bad-role")),
        (_, None, _) => bad(lang.t("tokens-bad-scope")),
        (_, _, None) => bad(lang.t("tokens-bad-days")),
        (Ok(role), Some(scopes), Some(days)) => {
            let secret = new_api_token();
            let now = state.clock.now();
            let new = NewToken {
                name: field("name").to_owned(),
                role,
                scopes,
                secret_hash: vigie_store::audit::hex(&Sha256::digest(secret.as_bytes())),
                expires_at: now + time::Duration::days(days),
            };
            match state.store.create_token(&new, &a.actor(), now).await {
                Ok(t) => (
                    StatusCode::OK,
                    Some(lang.t_args("tokens-created-ok", &[("id", t.id.into())])),
                    false,
                    Some(secret),
                ),
                Err(StoreError::Refused(msg)) => bad(msg),
                Err(e) => return Err(e.into()),
            }
        }
    };
    let mut res = tokens_page(&state, &a, outcome.0, outcome.1, outcome.2, outcome.3).await?;
    // The page with the secret is not kept by the browser or a proxy.
    res.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(res)
}

#[derive(Deserialize)]
pub struct RevokeForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /admin/tokens/{id}/revoke`
pub async fn revoke(
    State(state): State<AppState>,
    a: Authed,
    Path(id): Path<i64>,
    Form(f): Form<RevokeForm>,
) -> Result<Response, AppError> {
    a.require(Action::ManageUsers)?;
    a.ctx.check_csrf(&f.csrf)?;
    match state.store.revoke_token(id, &a.actor(), state.clock.now()).await {
        Ok(_) => Ok(Redirect::to("/admin/tokens").into_response()),
        Err(StoreError::NotFound(_)) => Err(AppError::not_found(a.ctx.lang)),
        Err(StoreError::Conflict(msg)) => {
            tokens_page(&state, &a, StatusCode::CONFLICT, Some(msg), true, None).await
        }
        Err(e) => Err(e.into()),
    }
}
