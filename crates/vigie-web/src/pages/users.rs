//! User administration and the audit log, for `admin`.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use vigie_domain::policy::Action;
use vigie_domain::{AgencyCode, Role, Username};
use vigie_store::{AuditRecord, AuditReport, NewUser, StoreError, UserChange};

use super::{Choice, PageCtx, render, render_status};
use crate::AppState;
use crate::auth::{Authed, hash_password, password_problem};
use crate::error::AppError;

pub struct UserRow {
    pub username: String,
    pub role: String,
    pub agency: String,
    pub active: bool,
    pub roles: Vec<Choice>,
}

/// A right the administrator may grant to a role, and whether it is granted.
pub struct GrantRow {
    pub role: String,
    pub role_label: String,
    pub action: String,
    pub action_label: String,
    pub granted: bool,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    page: PageCtx,
    users: Vec<UserRow>,
    grants: Vec<GrantRow>,
    roles: Vec<Choice>,
    agencies: Vec<Choice>,
    /// A Fluent key of a problem with the last form, or of a success message.
    message: Option<String>,
    is_error: bool,
}

fn role_choices(page: &PageCtx, selected: Option<Role>) -> Vec<Choice> {
    Role::ALL
        .iter()
        .map(|r| Choice {
            value: r.code().to_owned(),
            label: page.t(&r.label_key()),
            selected: Some(*r) == selected,
        })
        .collect()
}

async fn users_page(
    state: &AppState,
    a: &Authed,
    status: StatusCode,
    message: Option<String>,
    is_error: bool,
) -> Result<Response, AppError> {
    let page = PageCtx::authed(a);
    let users = state
        .store
        .users()
        .await?
        .into_iter()
        .map(|u| UserRow {
            username: u.username.to_string(),
            role: page.t(&u.role.label_key()),
            agency: u.agency.map(|a| a.to_string()).unwrap_or_default(),
            active: u.active,
            roles: role_choices(&page, Some(u.role)),
        })
        .collect();
    let mut agencies = vec![Choice {
        value: String::new(),
        label: page.t("users-no-agency"),
        selected: true,
    }];
    agencies.extend(state.store.agencies().await?.into_iter().map(|ag| Choice {
        value: ag.code.to_string(),
        label: format!("{} ({})", ag.name, ag.code),
        selected: false,
    }));
    let granted = state.store.role_grants().await?;
    let mut grants = Vec::new();
    for action in Action::GRANTABLE {
        for role in Role::ALL {
            if vigie_domain::policy::grantable(*role, *action) {
                grants.push(GrantRow {
                    role: role.code().to_owned(),
                    role_label: page.t(&role.label_key()),
                    action: action.code().to_owned(),
                    action_label: page.t(&format!("grant-{}", action.code().replace('_', "-"))),
                    granted: granted.iter().any(|g| g.role == *role && g.action == *action),
                });
            }
        }
    }
    render_status(
        status,
        &UsersPage {
            roles: role_choices(&page, Some(Role::Caseworker)),
            page,
            users,
            grants,
            agencies,
            message,
            is_error,
        },
    )
}

/// `GET /admin/users`
pub async fn list(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    a.require(Action::ManageUsers)?;
    users_page(&state, &a, StatusCode::OK, None, false).await
}

#[derive(Deserialize)]
pub struct CreateForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    password: String,
}

/// `POST /admin/users`: creates a user.
pub async fn create(
    State(state): State<AppState>,
    a: Authed,
    Form(f): Form<CreateForm>,
) -> Result<Response, AppError> {
    a.require(Action::ManageUsers)?;
    a.ctx.check_csrf(&f.csrf)?;
    let lang = a.ctx.lang;
    let bad = |msg: String| (StatusCode::UNPROCESSABLE_ENTITY, Some(msg), true);
    let outcome = match (Username::parse(&f.username), Role::parse(&f.role)) {
        (Err(e), _) => bad(format!("{}: {e}", lang.t("users-username"))),
        (_, Err(_)) => bad(lang.t("users-bad-role")),
        (Ok(username), Ok(role)) => {
            let agency = match f.agency.trim() {
                "" => Ok(None),
                s => AgencyCode::parse(s).map(Some),
            };
            match (agency, password_problem(&f.password)) {
                (Err(e), _) => bad(format!("{}: {e}", lang.t("users-agency"))),
                (_, Some(key)) => bad(lang.t(key)),
                (Ok(agency), None) => {
                    let password = f.password.clone();
                    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
                        .await
                        .map_err(|_| AppError::internal(lang))?
                        .map_err(|_| AppError::internal(lang))?;
                    let new = NewUser {
                        username: username.clone(),
                        role,
                        agency,
                        password_hash: hash,
                    };
                    match state.store.create_user(&new, &a.actor(), state.clock.now()).await {
                        Ok(_) => (
                            StatusCode::OK,
                            Some(lang.t_args("users-created", &[("user", username.to_string().into())])),
                            false,
                        ),
                        Err(StoreError::Conflict(msg)) => bad(msg),
                        Err(e) => return Err(e.into()),
                    }
                }
            }
        }
    };
    users_page(&state, &a, outcome.0, outcome.1, outcome.2).await
}

#[derive(Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    csrf: String,
    role: Option<String>,
    /// "activate" or "deactivate"
    action: Option<String>,
    password: Option<String>,
}

/// `POST /admin/users/{name}`: changes role, activation or password.
pub async fn change(
    State(state): State<AppState>,
    a: Authed,
    Path(name): Path<String>,
    Form(f): Form<ChangeForm>,
) -> Result<Response, AppError> {
    a.require(Action::ManageUsers)?;
    a.ctx.check_csrf(&f.csrf)?;
    let lang = a.ctx.lang;
    let username = Username::parse(&name).map_err(|_| AppError::not_found(lang))?;
    let mut change = UserChange::default();
    if let Some(r) = f.role.as_deref().filter(|r| !r.is_empty()) {
        change.role = Some(Role::parse(r).map_err(|_| AppError::bad_request(lang))?);
    }
    change.active = match f.action.as_deref() {
        Some("activate") => Some(true),
        Some("deactivate") => Some(false),
        _ => None,
    };
    if let Some(p) = f.password.as_deref().filter(|p| !p.is_empty()) {
        if let Some(key) = password_problem(p) {
            return users_page(
                &state,
                &a,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(lang.t(key)),
                true,
            )
            .await;
        }
        let p = p.to_owned();
        let hash = tokio::task::spawn_blocking(move || hash_password(&p))
            .await
            .map_err(|_| AppError::internal(lang))?
            .map_err(|_| AppError::internal(lang))?;
        change.password_hash = Some(hash);
    }
    // An administrator cannot lock themselves out.
    if username == a.user.username
        && (change.active == Some(false) || change.role.is_some_and(|r| r != Role::Admin))
    {
        return users_page(
            &state,
            &a,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(lang.t("users-not-yourself")),
            true,
        )
        .await;
    }
    match state
        .store
        .change_user(&username, &change, &a.actor(), state.clock.now())
        .await
    {
        Ok(()) => Ok(Redirect::to("/admin/users").into_response()),
        Err(StoreError::NotFound(_)) => Err(AppError::not_found(lang)),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct GrantForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    action: String,
    /// `grant` or `withdraw`.
    #[serde(default)]
    change: String,
}

/// `POST /admin/grants`: grants a right to a role, or withdraws it (audited).
pub async fn grant(
    State(state): State<AppState>,
    a: Authed,
    Form(f): Form<GrantForm>,
) -> Result<Response, AppError> {
    a.require(Action::ManageUsers)?;
    a.ctx.check_csrf(&f.csrf)?;
    let lang = a.ctx.lang;
    let role = Role::parse(&f.role).map_err(|_| AppError::bad_request(lang))?;
    let action = Action::parse(&f.action).ok_or_else(|| AppError::bad_request(lang))?;
    let granted = match f.change.as_str() {
        "grant" => true,
        "withdraw" => false,
        _ => return Err(AppError::bad_request(lang)),
    };
    match state
        .store
        .set_role_grant(role, action, granted, &a.actor(), state.clock.now())
        .await
    {
        Ok(()) => Ok(Redirect::to("/admin/users#grants").into_response()),
        Err(StoreError::Refused(_)) => {
            users_page(
                &state,
                &a,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(lang.t("grant-refused")),
                true,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    page: PageCtx,
    report: AuditReport,
    rows: Vec<AuditRecord>,
}

/// `GET /admin/audit`
pub async fn audit(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    a.require(Action::ViewAudit)?;
    let report = state.store.audit_verify().await?;
    let rows = state.store.audit_recent(200).await?;
    render(&AuditPage {
        page: PageCtx::authed(&a),
        report,
        rows,
    })
}
