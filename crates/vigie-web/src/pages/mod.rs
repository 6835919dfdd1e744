//! The pages. Each handler: extract the signed-in user, ask the policy, read from the store, hand plain values
//! to a template (and to `vigie-render` for maps and charts). Handlers compute no statistics.

pub mod api;
pub mod areas;
pub mod cases;
pub mod content;
pub mod convention;
pub mod dashboard;
pub mod diagnosis;
pub mod estimate;
pub mod exchange;
pub mod import;
pub mod incidents;
pub mod indicators;
pub mod linkage;
pub mod login;
pub mod networks;
pub mod open_data;
pub mod plan;
pub mod public;
pub mod reports;
pub mod tokens;
pub mod users;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use vigie_domain::User;
use vigie_domain::policy::{self, Action};

use crate::AppState;
use crate::auth::{Authed, Ctx, LANG_COOKIE, percent_encode, safe_next};
use crate::error::AppError;
use crate::i18n::Lang;

/// What the page layout needs: language, the signed-in user, the CSRF token for forms, the current path.
#[derive(Debug, Clone)]
pub struct PageCtx {
    pub lang: Lang,
    pub user: Option<User>,
    pub csrf: String,
    pub path: String,
    /// Actions granted to the user's role by the administrator.
    pub grants: Vec<Action>,
}

/// A link to switch language.
pub struct LangLink {
    pub code: &'static str,
    pub name: &'static str,
    pub href: String,
    pub current: bool,
}

impl PageCtx {
    pub fn anonymous(lang: Lang) -> Self {
        Self {
            lang,
            user: None,
            csrf: String::new(),
            path: "/".into(),
            grants: Vec::new(),
        }
    }

    pub fn of(ctx: &Ctx) -> Self {
        Self {
            lang: ctx.lang,
            user: ctx.user().cloned(),
            csrf: ctx.csrf().to_owned(),
            path: ctx.path.clone(),
            grants: ctx.grants.clone(),
        }
    }

    pub fn authed(a: &Authed) -> Self {
        Self::of(&a.ctx)
    }

    /// Translation of a key.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// Translation of a key with arguments.
    pub fn t_args(
        &self,
        key: &str,
        args: &[(
            &'static str,
            fluent_templates::fluent_bundle::FluentValue<'static>,
        )],
    ) -> String {
        self.lang.t_args(key, args)
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn dir(&self) -> &'static str {
        self.lang.dir()
    }

    pub fn langs(&self) -> Vec<LangLink> {
        Lang::APP
            .iter()
            .map(|l| LangLink {
                code: l.code(),
                name: l.native_name(),
                href: format!("/lang?l={}&next={}", l.code(), percent_encode(&self.path)),
                current: *l == self.lang,
            })
            .collect()
    }

    fn may(&self, action: Action) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.active && policy::allowed_with(u.role, action, &self.grants))
    }
    pub fn can_incidents(&self) -> bool {
        self.may(Action::ViewIncidents)
    }
    pub fn can_diagnose(&self) -> bool {
        self.may(Action::ViewDiagnosis)
    }
    pub fn can_import(&self) -> bool {
        self.may(Action::ImportData)
    }
    pub fn can_admin(&self) -> bool {
        self.may(Action::ManageUsers)
    }
    pub fn can_audit(&self) -> bool {
        self.may(Action::ViewAudit)
    }
    pub fn can_cases(&self) -> bool {
        self.may(Action::WorkCases) || self.may(Action::OverseeCases)
    }
    pub fn can_referrals(&self) -> bool {
        self.can_cases() || self.may(Action::ReceiveReferrals)
    }
    pub fn can_receive(&self) -> bool {
        self.may(Action::ReceiveReferrals)
    }
    pub fn can_networks(&self) -> bool {
        self.may(Action::ViewNetworks)
    }
    pub fn can_plan(&self) -> bool {
        self.may(Action::ViewPlan)
    }
    pub fn can_exchange(&self) -> bool {
        self.may(Action::ManageExchange)
    }
    pub fn can_publish_figures(&self) -> bool {
        self.may(Action::PublishFigures)
    }
    pub fn can_content(&self) -> bool {
        self.may(Action::EditContent)
    }
    /// The Council of Europe page in the menu: for those who keep its chart or turn GRETA's recommendations into
    /// measures (everyone signed in may read it).
    pub fn can_convention_menu(&self) -> bool {
        self.may(Action::EditConvention) || self.may(Action::ManageRecommendations)
    }
    pub fn can_recommendations(&self) -> bool {
        self.may(Action::ManageRecommendations)
    }
    pub fn can_directory(&self) -> bool {
        self.may(Action::ViewDirectory)
    }
    pub fn username(&self) -> String {
        self.user
            .as_ref()
            .map(|u| u.username.to_string())
            .unwrap_or_default()
    }
    pub fn role_label(&self) -> String {
        self.user
            .as_ref()
            .map(|u| self.t(&u.role.label_key()))
            .unwrap_or_default()
    }
    /// `aria-current="page"` for the navigation link of the current section.
    pub fn current(&self, prefix: &str) -> &'static str {
        let p = self.path.split('?').next().unwrap_or("");
        let here = if prefix == "/" {
            p == "/"
        } else {
            p == prefix || p.starts_with(&format!("{prefix}/"))
        };
        if here { "page" } else { "false" }
    }
}

/// Renders a template into an HTML response.
pub fn render<T: Template>(t: &T) -> Result<Response, AppError> {
    render_status(StatusCode::OK, t)
}

pub fn render_status<T: Template>(status: StatusCode, t: &T) -> Result<Response, AppError> {
    match t.render() {
        Ok(body) => Ok((status, Html(body)).into_response()),
        Err(e) => {
            tracing::error!(error = %e, "template error");
            Err(AppError::internal(Lang::En))
        }
    }
}

/// `GET /healthz`: 200 when the store answers, else 503.
pub async fn health(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok\n").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n").into_response()
        }
    }
}

pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/app.css"),
    )
        .into_response()
}

pub async fn report_stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        vigie_render::report::REPORT_CSS,
    )
        .into_response()
}

#[derive(Deserialize)]
pub struct LangQuery {
    l: String,
    next: Option<String>,
}

/// `GET /lang?l=fr&next=/path`: remembers the chosen language in a cookie and goes back.
pub async fn choose_language(ctx: Ctx, Query(q): Query<LangQuery>) -> Response {
    let Some(lang) = Lang::parse(&q.l).filter(|l| l.in_app()) else {
        return AppError::bad_request(ctx.lang).into_response();
    };
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; HttpOnly; Secure; SameSite=Strict",
        lang.code()
    );
    (
        [(header::SET_COOKIE, cookie)],
        Redirect::to(&safe_next(q.next.as_deref())),
    )
        .into_response()
}

pub async fn not_found(ctx: Ctx) -> AppError {
    AppError::not_found(ctx.lang)
}

/// How many decimals to show for a set of values: none when all are whole numbers (incomes, counts), else one.
pub fn decimals_for(mut values: impl Iterator<Item = f64>) -> usize {
    if values.all(|v| v.fract() == 0.0) { 0 } else { 1 }
}

/// Form fields as pairs: repeated names (check boxes, multiple selects) are kept.
pub type Pairs = Vec<(String, String)>;

/// The first value of a form field, or "".
pub fn field<'a>(pairs: &'a Pairs, name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// Every value of a form field.
pub fn fields(pairs: &Pairs, name: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .collect()
}

/// A store error as a page: a refusal is a 403, something missing (or hidden by need-to-know) a 404.
pub fn store_error(lang: Lang, e: vigie_store::StoreError) -> AppError {
    match e {
        vigie_store::StoreError::Forbidden(_) => AppError::forbidden(lang),
        vigie_store::StoreError::NotFound(_) => AppError::not_found(lang),
        other => other.into(),
    }
}

/// A labelled option for a `<select>`.
#[derive(Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}
