//! vigie's web application: server-rendered pages that work without JavaScript, a small JSON API, server-side
//! sessions, CSRF tokens, login throttling, security headers, and French and English from Fluent files.
//!
//! Only this crate speaks HTTP. Handlers never decide who may do what: they ask the domain's access policy
//! through [`auth::Authed::require`].

pub mod auth;
pub mod cache;
pub mod clock;
pub mod content;
pub mod demo;
pub mod diagnosis;
mod error;
pub mod eu_report;
pub mod exchange;
pub mod i18n;
pub mod markdown;
pub mod openapi;
mod pages;
pub mod public_data;
pub mod publish;
mod security;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use vigie_store::Store;

pub use clock::{Clock, ManualClock, SystemClock};
pub use pages::tokens::MAX_TOKEN_DAYS;

/// Settings of the web application.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// A session unused for this long expires.
    pub idle_timeout: Duration,
    /// A session this old expires however much it is used: sign in again (ASVS 3.3.2: 12 hours).
    pub session_lifetime: Duration,
    /// The largest upload accepted on the import page, in bytes.
    pub max_upload_bytes: usize,
    /// Failed logins (per user name or per address) within `throttle_window` before further attempts get 429.
    pub throttle_failures: u64,
    pub throttle_window: Duration,
    /// The library of measure templates for the plan's suggestions (JSON text, already checked).
    pub measure_templates: String,
    /// The disclosure rules of every number the public portal publishes (minimum cell size 5 or more).
    pub disclosure: vigie_disclosure::Rules,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            idle_timeout: Duration::from_secs(30 * 60),
            session_lifetime: Duration::from_secs(12 * 60 * 60),
            max_upload_bytes: 32 * 1024 * 1024,
            throttle_failures: 5,
            throttle_window: Duration::from_secs(15 * 60),
            measure_templates: vigie_plan::suggest::DEFAULT_TEMPLATES.to_owned(),
            disclosure: vigie_disclosure::Rules::default(),
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub config: Arc<WebConfig>,
    /// The public figures per language, kept until the data changes (`Store::data_version`).
    pub public_cache: Arc<public_data::Cache>,
    /// Computed parts of pages, kept until the data changes (`cache::cached`).
    pub computed: Arc<cache::Computed>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, config: WebConfig) -> Self {
        Self {
            store,
            clock,
            config: Arc::new(config),
            public_cache: Arc::default(),
            computed: Arc::default(),
        }
    }
}

/// The routes of the open API (`/api/v1/...`) as the router serves them, with the scope a machine token needs on
/// each (what the OpenAPI document must describe, no more, no less).
pub fn api_routes() -> Vec<(&'static str, vigie_domain::Scope)> {
    pages::api::routes()
        .into_iter()
        .map(|(path, scope, _)| (path, scope))
        .collect()
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let upload_limit = state.config.max_upload_bytes;
    let mut app = Router::new();
    // The open API: one list of routes, each with the scope a machine token needs (`auth::RouteScope`).
    for (path, scope, handler) in pages::api::routes() {
        app = app.route(path, handler.layer(axum::Extension(auth::RouteScope(scope))));
    }
    app.route("/api/openapi.json", get(openapi::serve))
        .route("/", get(pages::dashboard::page))
        .route("/healthz", get(pages::health))
        .route("/static/app.css", get(pages::stylesheet))
        .route("/login", get(pages::login::form).post(pages::login::submit))
        .route("/logout", post(pages::login::logout))
        .route("/lang", get(pages::choose_language))
        .route("/areas", get(pages::areas::list))
        .route("/areas/{code}", get(pages::areas::detail))
        .route("/indicators", get(pages::indicators::list))
        .route("/indicators/{code}", get(pages::indicators::detail))
        .route("/incidents", get(pages::incidents::list))
        .route("/diagnosis", get(pages::diagnosis::report))
        .route("/diagnosis/report.html", get(pages::diagnosis::download))
        .route("/diagnosis/areas/{code}", get(pages::diagnosis::area))
        .route("/static/report.css", get(pages::report_stylesheet))
        .route(
            "/import",
            get(pages::import::form)
                .post(pages::import::upload)
                .layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/admin/users", get(pages::users::list).post(pages::users::create))
        .route("/admin/users/{name}", post(pages::users::change))
        .route("/admin/grants", post(pages::users::grant))
        .route("/admin/audit", get(pages::users::audit))
        .route(
            "/admin/tokens",
            get(pages::tokens::list).post(pages::tokens::create),
        )
        .route("/admin/tokens/{id}/revoke", post(pages::tokens::revoke))
        .route("/cases", get(pages::cases::list).post(pages::cases::create))
        .route("/cases/new", get(pages::cases::new))
        .route("/cases/statistics", get(pages::cases::statistics))
        .route(
            "/linkage",
            get(pages::linkage::form)
                .post(pages::linkage::run)
                .layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/estimate",
            get(pages::estimate::form)
                .post(pages::estimate::run)
                .layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/networks",
            get(pages::networks::list)
                .post(pages::networks::upload)
                .layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/networks/{id}", get(pages::networks::show))
        .route(
            "/networks/{id}/communities/{community}",
            get(pages::networks::community),
        )
        .route("/networks/{id}/facilitators", get(pages::networks::facilitators))
        .route("/networks/{id}/analysis.json", get(pages::networks::export))
        .route("/plan", get(pages::plan::dashboard).post(pages::plan::create))
        .route("/plan/new", get(pages::plan::new))
        .route("/plan/suggestions", get(pages::plan::suggestions))
        .route("/plan/print", get(pages::plan::print))
        .route("/plan/report", get(pages::plan::progress))
        .route("/plan/{code}", get(pages::plan::show).post(pages::plan::update))
        .route("/plan/{code}/edit", get(pages::plan::edit))
        .route("/plan/{code}/status", post(pages::plan::set_status))
        .route("/plan/{code}/values", post(pages::plan::record_value))
        .route(
            "/convention",
            get(pages::convention::show).post(pages::convention::change),
        )
        .route(
            "/convention/recommendations",
            get(pages::convention::recommendations).post(pages::convention::add_recommendation),
        )
        .route("/content", get(pages::content::list))
        .route(
            "/content/{page}/{lang}",
            get(pages::content::edit).post(pages::content::submit),
        )
        .route("/content/{page}/{lang}/publish", post(pages::content::publish))
        .route("/public", get(pages::public::root))
        .route("/public/{lang}", get(pages::public::home))
        .route("/public/{lang}/figures", get(pages::public::figures))
        .route("/public/{lang}/help", get(pages::public::help))
        .route("/public/{lang}/exploitation/{slug}", get(pages::public::form))
        .route("/public/{lang}/convention", get(pages::public::convention))
        .route("/exchange", get(pages::exchange::show))
        .route("/exchange/received/{package}", get(pages::exchange::received))
        .route(
            "/exchange/keys",
            post(pages::exchange::keys).layer(DefaultBodyLimit::max(64 * 1024)),
        )
        .route(
            "/exchange/partners",
            post(pages::exchange::add_partner).layer(DefaultBodyLimit::max(64 * 1024)),
        )
        .route(
            "/exchange/export",
            post(pages::exchange::export).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/exchange/import",
            post(pages::exchange::import).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/reports/eu/{file}", get(pages::reports::eu))
        .route("/public/{lang}/data", get(pages::open_data::page))
        .route("/public/{lang}/data/{file}", get(pages::open_data::download))
        .route("/cases/{id}", get(pages::cases::show))
        .route(
            "/cases/{id}/screening",
            get(pages::cases::screening_form).post(pages::cases::screening_submit),
        )
        .route("/cases/{id}/export.json", get(pages::cases::export_json))
        .route("/cases/{id}/export", get(pages::cases::export_page))
        .route("/cases/{id}/{action}", post(pages::cases::post_action))
        .route("/referrals", get(pages::cases::referrals))
        .route("/referrals/{id}", get(pages::cases::referral))
        .route("/referrals/{id}/{answer}", post(pages::cases::referral_answer))
        .route(
            "/services",
            get(pages::cases::services).post(pages::cases::save_service),
        )
        .route("/services/{id}/free", post(pages::cases::set_free))
        .route("/deadlines", get(pages::cases::deadlines))
        .route("/legal-notes", get(pages::cases::legal_notes))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn(error::api_errors))
        .layer(axum::middleware::from_fn(security::headers))
        .with_state(state)
}

/// Serves the application until the future `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
