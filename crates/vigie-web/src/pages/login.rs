//! Signing in and out, with login throttling.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use vigie_domain::Username;
use vigie_store::{Actor, AuditEntry, Session};

use super::{PageCtx, render_status};
use crate::AppState;
use crate::auth::{
    Ctx, after_login, clear_session_cookie, new_token, session_cookie, token_hash, verify_password,
};
use crate::error::AppError;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    page: PageCtx,
    next: String,
    username: String,
    /// Fluent key of a message to show above the form.
    message: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// A fixed Argon2id hash checked when the user does not exist, so that a wrong user name takes as long as a wrong
/// password.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$1m8xLkz0b6xFpPLzFgkq8G6nJ0nq3kQ2nQp1QFQWsYE";

/// Starts an anonymous session (it carries the login form's CSRF token) and returns its token.
async fn anonymous_session(state: &AppState) -> Result<(String, Session), AppError> {
    let now = state.clock.now();
    // Old sessions are cleared on the way: the table holds only live ones.
    state
        .store
        .purge_sessions(now - state.config.idle_timeout)
        .await?;
    let token = new_token();
    let session = Session {
        id_hash: token_hash(&token),
        user: None,
        csrf: new_token(),
        created_at: now,
        last_seen: now,
    };
    state.store.create_session(&session).await?;
    Ok((token, session))
}

fn with_cookie(mut res: Response, cookie: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(cookie) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

/// `GET /login`
pub async fn form(
    State(state): State<AppState>,
    mut ctx: Ctx,
    Query(q): Query<NextQuery>,
) -> Result<Response, AppError> {
    if ctx.user().is_some() {
        return Ok(Redirect::to(&after_login(q.next.as_deref())).into_response());
    }
    let mut new_cookie = None;
    if ctx.session.is_none() {
        let (token, session) = anonymous_session(&state).await?;
        ctx.session = Some(session);
        new_cookie = Some(session_cookie(&token));
    }
    let page = LoginPage {
        page: PageCtx::of(&ctx),
        next: after_login(q.next.as_deref()),
        username: String::new(),
        message: None,
    };
    let res = render_status(StatusCode::OK, &page)?;
    Ok(match new_cookie {
        Some(c) => with_cookie(res, &c),
        None => res,
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    next: Option<String>,
}

/// `POST /login`
pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<LoginForm>,
) -> Result<Response, AppError> {
    ctx.check_csrf(&f.csrf)?;
    let now = state.clock.now();
    let name: String = f.username.trim().to_lowercase().chars().take(64).collect();
    let actor = Actor::new(name.clone(), ctx.addr.clone());
    let next = after_login(f.next.as_deref());
    let again = |message: &'static str| LoginPage {
        page: PageCtx::of(&ctx),
        next: next.clone(),
        username: name.clone(),
        message: Some(message),
    };

    let since = now - state.config.throttle_window;
    let (by_user, by_addr) = state.store.login_failures(&name, &ctx.addr, since).await?;
    if by_user >= state.config.throttle_failures || by_addr >= state.config.throttle_failures {
        state
            .store
            .audit(&AuditEntry {
                at: now,
                actor,
                action: "login.throttled".into(),
                detail: serde_json::json!({}),
            })
            .await?;
        let mut res = render_status(StatusCode::TOO_MANY_REQUESTS, &again("login-throttled"))?;
        if let Ok(v) = HeaderValue::from_str(&state.config.throttle_window.as_secs().to_string()) {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return Ok(res);
    }

    let creds = match Username::parse(&name) {
        Ok(u) => state.store.credentials(&u).await?,
        Err(_) => None,
    };
    let password = f.password;
    let hash = creds
        .as_ref()
        .map(|c| c.password_hash.clone())
        .unwrap_or_else(|| DUMMY_HASH.to_owned());
    let ok = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .unwrap_or(false);
    let creds = creds.filter(|c| ok && c.user.active);
    let Some(creds) = creds else {
        state.store.record_login_failure(&name, &ctx.addr, now).await?;
        state
            .store
            .audit(&AuditEntry {
                at: now,
                actor,
                action: "login.failed".into(),
                detail: serde_json::json!({}),
            })
            .await?;
        return render_status(StatusCode::UNAUTHORIZED, &again("login-failed"));
    };

    // Success: a new session token (the anonymous one is dropped), so that a planted token is worth nothing.
    if let Some(old) = &ctx.session {
        state.store.delete_session(&old.id_hash).await?;
    }
    state.store.clear_login_failures(&name).await?;
    let token = new_token();
    state
        .store
        .create_session(&Session {
            id_hash: token_hash(&token),
            user: Some((creds.id, creds.user.clone())),
            csrf: new_token(),
            created_at: now,
            last_seen: now,
        })
        .await?;
    state
        .store
        .audit(&AuditEntry {
            at: now,
            actor,
            action: "login.ok".into(),
            detail: serde_json::json!({ "role": creds.user.role }),
        })
        .await?;
    Ok(with_cookie(
        Redirect::to(&next).into_response(),
        &session_cookie(&token),
    ))
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /logout`
pub async fn logout(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<CsrfForm>,
) -> Result<Response, AppError> {
    ctx.check_csrf(&f.csrf)?;
    if let Some(s) = &ctx.session {
        state.store.delete_session(&s.id_hash).await?;
        if let Some((_, u)) = &s.user {
            state
                .store
                .audit(&AuditEntry {
                    at: state.clock.now(),
                    actor: Actor::new(u.username.to_string(), ctx.addr.clone()),
                    action: "logout".into(),
                    detail: serde_json::json!({}),
                })
                .await?;
        }
    }
    Ok(with_cookie(
        Redirect::to("/login").into_response(),
        &clear_session_cookie(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dummy_hash_is_a_valid_argon2_hash() {
        assert!(argon2::password_hash::PasswordHash::new(DUMMY_HASH).is_ok());
        assert!(!verify_password("anything", DUMMY_HASH));
    }
}
