//! The public portal under `/public/{lang}`: no sign-in, no cookie (the language is in the address), no request
//! to any other origin, no script. Every number shown goes through `vigie-disclosure` first.
//!
//! This first part has the home page, the city's figures (victims met by the city's services, protected by the
//! minimum cell size with complementary suppression) and the Council of Europe Convention (CETS No. 197) with its
//! Parties, the awareness pages and the help page. Their texts are the coordinator's, as published in the content
//! editor (else as shipped: see `crate::content::text_for`).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use vigie_domain::convention::{Confirmation, Kind, Step};

use super::{LangLink, render_status};
use crate::AppState;
use crate::error::AppError;
use crate::i18n::Lang;

/// What the public layout needs: the language and the address of the same page in the other languages.
pub struct PublicCtx {
    pub lang: Lang,
    /// The page's address after `/public/{lang}` (e.g. `/figures`).
    pub rest: String,
    /// The city's name (empty before it is set).
    pub city: String,
}

impl PublicCtx {
    /// The context of a public page: its language, its address after `/public/{lang}`, the city's name.
    pub async fn new(state: &AppState, lang: Lang, rest: impl Into<String>) -> Result<PublicCtx, AppError> {
        let city = state.store.city().await?.map(|c| c.name).unwrap_or_default();
        Ok(PublicCtx {
            lang,
            rest: rest.into(),
            city,
        })
    }
    /// The site's name: "{city} against trafficking".
    pub fn site(&self) -> String {
        let city = if self.city.is_empty() {
            "vigie".to_owned()
        } else {
            self.city.clone()
        };
        self.lang.t_args("public-site", &[("city", city.into())])
    }
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }
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
    pub fn home(&self) -> String {
        format!("/public/{}", self.lang.code())
    }
    pub fn langs(&self) -> Vec<LangLink> {
        Lang::ALL
            .iter()
            .map(|l| LangLink {
                code: l.code(),
                name: l.native_name(),
                href: format!("/public/{}{}", l.code(), self.rest),
                current: *l == self.lang,
            })
            .collect()
    }
}

/// The portal's language of an address (`/public/{lang}/…`); 404 for any other code.
pub(crate) fn lang_of(code: &str) -> Result<Lang, AppError> {
    match Lang::parse(code) {
        Some(l) if l.code() == code => Ok(l),
        _ => Err(AppError::not_found(Lang::En)),
    }
}

/// `GET /public`: to the visitor's language (from the browser's preference; no cookie).
pub async fn root(headers: HeaderMap) -> Response {
    let lang = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|h| Lang::from_accept_language_in(h, Lang::ALL))
        .unwrap_or(Lang::En);
    Redirect::to(&format!("/public/{}", lang.code())).into_response()
}

#[derive(Template)]
#[template(path = "public_home.html")]
struct HomePage {
    page: PublicCtx,
    forms: Vec<FormLink>,
}

/// `GET /public/{lang}`
pub async fn home(State(state): State<AppState>, Path(code): Path<String>) -> Result<Response, AppError> {
    let lang = lang_of(&code)?;
    render_status(
        StatusCode::OK,
        &HomePage {
            page: PublicCtx::new(&state, lang, String::new()).await?,
            forms: form_links(&state, lang).await?,
        },
    )
}

#[derive(Template)]
#[template(path = "public_figures.html")]
struct FiguresPage {
    page: PublicCtx,
    rules: String,
    data: std::sync::Arc<crate::public_data::PublicData>,
}

impl FiguresPage {
    fn show(&self, v: &crate::public_data::Value) -> String {
        crate::public_data::show(self.page.lang, v)
    }
}

/// Whether a value is withheld (for the table cell's class).
pub fn withheld(v: &crate::public_data::Value) -> bool {
    matches!(
        v,
        crate::public_data::Value::Count(vigie_disclosure::Cell::Suppressed)
    )
}

/// `GET /public/{lang}/figures`: the people the city's services met as possible victims, by year and by form of
/// exploitation, sex and age group; the estimate of the hidden number; incidents by area; the action plan. Every
/// number comes from `crate::public_data`, which protects it; the downloads read the same tables.
pub async fn figures(State(state): State<AppState>, Path(code): Path<String>) -> Result<Response, AppError> {
    let lang = lang_of(&code)?;
    let rules = state.config.disclosure;
    let data = crate::public_data::gather_cached(&state, lang).await?;
    render_status(
        StatusCode::OK,
        &FiguresPage {
            page: PublicCtx::new(&state, lang, "/figures").await?,
            rules: crate::public_data::rules_text(lang, &rules),
            data,
        },
    )
}

/// One Party's row.
pub struct PartyRow {
    pub state: String,
    pub member: bool,
    pub signature: String,
    pub ratification: String,
    pub entry_into_force: String,
    pub accession: bool,
    pub unconfirmed: bool,
}

#[derive(Template)]
#[template(path = "public_convention.html")]
struct ConventionPage {
    page: PublicCtx,
    parties: Vec<PartyRow>,
    members: usize,
    others: Vec<String>,
}

fn step_text(lang: Lang, s: &Step) -> String {
    match (s.date, s.confirmation) {
        (None, _) => "–".into(),
        (Some(d), Confirmation::Confirmed) => d.to_string(),
        (Some(d), Confirmation::Computed) => format!("{d} ({})", lang.t("public-computed")),
        (Some(d), Confirmation::Unconfirmed) => format!("{d} ({})", lang.t("public-to-check")),
    }
}

/// `GET /public/{lang}/convention`: the Council of Europe Convention, its Parties and what it promises victims.
/// The chart is the effective one: the shipped chart with the administrator's corrections (see
/// `pages::convention`).
pub async fn convention(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let lang = lang_of(&code)?;
    let chart = state.store.effective_chart().await?;
    let parties: Vec<PartyRow> = chart
        .iter()
        .filter(|s| s.is_party())
        .map(|s| PartyRow {
            state: s.state.clone(),
            member: s.council_of_europe_member,
            signature: step_text(lang, &s.signature),
            ratification: step_text(lang, &s.ratification),
            entry_into_force: step_text(lang, &s.entry_into_force),
            accession: s.kind == Kind::Accession,
            unconfirmed: s.has_unconfirmed(),
        })
        .collect();
    let members = parties.iter().filter(|p| p.member).count();
    let others = chart
        .iter()
        .filter(|s| !s.is_party())
        .map(|s| s.state.clone())
        .collect();
    render_status(
        StatusCode::OK,
        &ConventionPage {
            page: PublicCtx::new(&state, lang, "/convention").await?,
            parties,
            members,
            others,
        },
    )
}

/// A service listed on the help page.
pub struct HelpService {
    pub name: String,
    pub kind: String,
    pub languages: String,
    pub hours: String,
    pub contact: String,
    /// `tel:` link when the contact is a phone number.
    pub tel: Option<String>,
}

#[derive(Template)]
#[template(path = "public_help.html")]
struct HelpPage {
    page: PublicCtx,
    services: Vec<HelpService>,
    /// The help page's own text (HTML from the safe renderer), when the coordinator published one.
    text: Option<String>,
    /// The language of the text when it is not the page's (not yet translated).
    text_lang: Option<&'static str>,
}

/// `GET /public/{lang}/help`: help whatever one's status: the services the city lists publicly.
pub async fn help(State(state): State<AppState>, Path(code): Path<String>) -> Result<Response, AppError> {
    let lang = lang_of(&code)?;
    let services = state
        .store
        .services()
        .await?
        .into_iter()
        .filter(|s| s.public)
        .map(|s| {
            let digits: String = s
                .contact
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            let is_phone = digits.len() >= 3
                && s.contact
                    .chars()
                    .all(|c| c.is_ascii_digit() || " +-.()".contains(c));
            HelpService {
                name: s.name,
                kind: lang.t(&s.kind.label_key()),
                languages: s.languages.join(", "),
                hours: s.hours,
                tel: is_phone.then(|| format!("tel:{digits}")),
                contact: s.contact,
            }
        })
        .collect();
    let own = crate::content::text_for(state.store.as_ref(), lang, crate::content::HELP_PAGE).await?;
    render_status(
        StatusCode::OK,
        &HelpPage {
            page: PublicCtx::new(&state, lang, "/help").await?,
            services,
            text_lang: own.as_ref().and_then(|t| (t.lang != lang).then(|| t.lang.code())),
            text: own.map(|t| crate::markdown::render(&t.text)),
        },
    )
}

/// A link to an awareness page.
pub struct FormLink {
    pub href: String,
    pub title: String,
}

/// The awareness pages in a language (English where not yet translated), for the home page: their titles as
/// published (else as shipped).
pub async fn form_links(state: &AppState, lang: Lang) -> Result<Vec<FormLink>, AppError> {
    let mut links = Vec::new();
    for slug in crate::content::FORM_PAGES {
        if let Some(t) = crate::content::text_for(state.store.as_ref(), lang, slug).await? {
            links.push(FormLink {
                href: format!("/public/{}/exploitation/{slug}", lang.code()),
                title: crate::content::title(&t.text),
            });
        }
    }
    Ok(links)
}

#[derive(Template)]
#[template(path = "public_form.html")]
struct FormPage {
    page: PublicCtx,
    title: String,
    body: String,
    /// The language of the text when it is not the page's (not yet translated).
    text_lang: Option<&'static str>,
}

/// `GET /public/{lang}/exploitation/{slug}`: what a form of exploitation is, its signs, what to do.
pub async fn form(
    State(state): State<AppState>,
    Path((code, slug)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let lang = lang_of(&code)?;
    if !crate::content::FORM_PAGES.contains(&slug.as_str()) {
        return Err(AppError::not_found(lang));
    }
    let text = crate::content::text_for(state.store.as_ref(), lang, &slug)
        .await?
        .ok_or_else(|| AppError::not_found(lang))?;
    render_status(
        StatusCode::OK,
        &FormPage {
            page: PublicCtx::new(&state, lang, format!("/exploitation/{slug}")).await?,
            title: crate::content::title(&text.text),
            body: crate::markdown::render(&text.text),
            text_lang: (text.lang != lang).then(|| text.lang.code()),
        },
    )
}
