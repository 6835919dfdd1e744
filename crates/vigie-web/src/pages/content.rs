//! The content editor: the coordinator edits the public portal's texts (the awareness pages and the help page's
//! own text) in every language of the portal, previews them through the public pages' safe renderer, saves drafts
//! and publishes; every version is kept and any of them can be published again. The editor refuses what cannot be
//! published (see [`crate::markdown::check`]) and warns about what the public page will not show; the store checks
//! the role, keeps the versions and audits each save and publication.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::OffsetDateTime;
use vigie_domain::policy::Action;
use vigie_store::{ContentState, ContentVersion, MAX_NOTE_CHARS, StoreError};

use super::{PageCtx, Pairs, field, render_status, store_error};
use crate::AppState;
use crate::auth::Authed;
use crate::content::{self, HELP_PAGE};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::markdown::{self, Check, Finding};

/// A time as the editor shows it (UTC).
fn when(t: OffsetDateTime) -> String {
    format!("{} {:02}:{:02} UTC", t.date(), t.hour(), t.minute())
}

/// The title of a page in the reader's language, for the lists.
fn page_title(lang: Lang, page: &str) -> String {
    if page == HELP_PAGE {
        return lang.t("content-page-help");
    }
    content::shipped_or_english(lang, page)
        .map(|(t, _)| content::title(t))
        .unwrap_or_else(|| page.to_owned())
}

/// The page and language of an editor's address, or 404.
fn target(lang: Lang, page: &str, code: &str) -> Result<(&'static str, Lang), AppError> {
    let page = content::editable(page).ok_or_else(|| AppError::not_found(lang))?;
    let text_lang = Lang::parse(code)
        .filter(|l| l.code() == code)
        .ok_or_else(|| AppError::not_found(lang))?;
    Ok((page, text_lang))
}

fn lines(lines: &[usize]) -> String {
    lines
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A finding of the check in words.
fn finding_text(lang: Lang, f: &Finding) -> String {
    match f {
        Finding::TooLarge { bytes } => lang.t_args(
            "content-too-large",
            &[
                ("bytes", lang.int(*bytes as u64).into()),
                ("max", lang.int(markdown::MAX_BYTES as u64).into()),
            ],
        ),
        Finding::NoTitle => lang.t("content-no-title"),
        Finding::DataImage { line } => lang.t_args("content-data-image", &[("line", (*line).into())]),
        Finding::UnsafeLink { line, scheme } => lang.t_args(
            "content-unsafe-link",
            &[("line", (*line).into()), ("scheme", scheme.clone().into())],
        ),
        Finding::RawHtml { lines: l } => lang.t_args(
            "content-raw-html",
            &[("lines", lines(l).into()), ("n", l.len().into())],
        ),
        Finding::Images { lines: l } => lang.t_args(
            "content-images",
            &[("lines", lines(l).into()), ("n", l.len().into())],
        ),
    }
}

/// One cell of the list: a page in a language.
pub struct StateCell {
    pub href: String,
    /// `published`, `draft`, `shipped` or `none`.
    pub state: &'static str,
    pub label: String,
}

/// One page of the list, with a cell per language.
pub struct StateRow {
    pub page: String,
    pub title: String,
    pub cells: Vec<StateCell>,
}

#[derive(Template)]
#[template(path = "content.html")]
struct ListPage {
    page: PageCtx,
    langs: Vec<(&'static str, &'static str)>,
    rows: Vec<StateRow>,
}

fn state_cell(lang: Lang, page: &str, text_lang: Lang, state: Option<&ContentState>) -> StateCell {
    let href = format!("/content/{page}/{}", text_lang.code());
    match state {
        Some(s) if s.has_draft() => {
            let mut args = vec![("version", s.newest.into()), ("date", when(s.newest_at).into())];
            let key = if let Some((v, _)) = s.published {
                args.push(("published", v.into()));
                "content-state-draft-published"
            } else {
                "content-state-draft"
            };
            StateCell {
                href,
                state: "draft",
                label: lang.t_args(key, &args),
            }
        }
        Some(s) => StateCell {
            href,
            state: "published",
            label: lang.t_args(
                "content-state-published",
                &[
                    ("version", s.newest.into()),
                    ("date", when(s.published.map_or(s.newest_at, |p| p.1)).into()),
                ],
            ),
        },
        None if content::shipped(text_lang, page).is_some() => StateCell {
            href,
            state: "shipped",
            label: lang.t("content-state-shipped"),
        },
        None => StateCell {
            href,
            state: "none",
            label: lang.t("content-state-none"),
        },
    }
}

/// `GET /content`: every editable page in every language of the portal, with where it stands.
pub async fn list(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    a.require(Action::EditContent)?;
    let lang = a.ctx.lang;
    let states = state
        .store
        .content_states(&a.viewer())
        .await
        .map_err(|e| store_error(lang, e))?;
    let rows = content::editable_pages()
        .map(|page| StateRow {
            page: page.to_owned(),
            title: page_title(lang, page),
            cells: Lang::ALL
                .iter()
                .map(|l| {
                    let s = states.iter().find(|s| s.page == page && s.lang == l.code());
                    state_cell(lang, page, *l, s)
                })
                .collect(),
        })
        .collect();
    render_status(
        StatusCode::OK,
        &ListPage {
            page: PageCtx::authed(&a),
            langs: Lang::ALL.iter().map(|l| (l.code(), l.native_name())).collect(),
            rows,
        },
    )
}

/// A version in the editor's list.
pub struct VersionRow {
    pub number: u32,
    pub note: String,
    pub author: String,
    pub created: String,
    pub published: String,
    /// The version the public sees.
    pub public: bool,
    pub href: String,
}

/// A version shown in full.
pub struct VersionView {
    pub number: u32,
    pub html: String,
}

#[derive(Template)]
#[template(path = "content_edit.html")]
struct EditPage {
    page: PageCtx,
    slug: &'static str,
    title: String,
    text_lang: &'static str,
    text_lang_name: &'static str,
    dir: &'static str,
    /// The text in the editor, and where it comes from.
    body: String,
    source: String,
    note: String,
    refusals: Vec<String>,
    warnings: Vec<String>,
    preview: Option<String>,
    viewing: Option<VersionView>,
    message: Option<String>,
    versions: Vec<VersionRow>,
    public_href: String,
}

impl EditPage {
    fn action(&self) -> String {
        format!("/content/{}/{}", self.slug, self.text_lang)
    }
}

/// What the editor page needs besides the text in the form.
struct Known {
    versions: Vec<ContentVersion>,
    public: Option<u32>,
}

async fn known(state: &AppState, a: &Authed, page: &str, text_lang: Lang) -> Result<Known, AppError> {
    let lang = a.ctx.lang;
    let versions = state
        .store
        .content_versions(&a.viewer(), page, text_lang.code())
        .await
        .map_err(|e| store_error(lang, e))?;
    let public = state
        .store
        .published_content(page, text_lang.code())
        .await?
        .map(|v| v.version);
    Ok(Known { versions, public })
}

struct Draft {
    body: String,
    source: String,
    note: String,
    check: Check,
    show_check: bool,
    preview: Option<String>,
    viewing: Option<VersionView>,
    message: Option<String>,
}

fn edit_page(a: &Authed, page: &'static str, text_lang: Lang, known: &Known, d: Draft) -> EditPage {
    let lang = a.ctx.lang;
    let (refusals, warnings) = if d.show_check {
        (
            d.check.refusals().map(|f| finding_text(lang, f)).collect(),
            d.check.warnings().map(|f| finding_text(lang, f)).collect(),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let public_href = if page == HELP_PAGE {
        format!("/public/{}/help", text_lang.code())
    } else {
        format!("/public/{}/exploitation/{page}", text_lang.code())
    };
    EditPage {
        page: PageCtx::authed(a),
        slug: page,
        title: page_title(lang, page),
        text_lang: text_lang.code(),
        text_lang_name: text_lang.native_name(),
        dir: text_lang.dir(),
        body: d.body,
        source: d.source,
        note: d.note,
        refusals,
        warnings,
        preview: d.preview,
        viewing: d.viewing,
        message: d.message,
        versions: known
            .versions
            .iter()
            .map(|v| VersionRow {
                number: v.version,
                note: v.note.clone(),
                author: v.author.clone(),
                created: when(v.created_at),
                published: v.published_at.map(when).unwrap_or_default(),
                public: known.public == Some(v.version),
                href: format!("/content/{page}/{}?version={}", text_lang.code(), v.version),
            })
            .collect(),
        public_href,
    }
}

#[derive(Deserialize)]
pub struct EditQuery {
    version: Option<u32>,
    saved: Option<u32>,
    published: Option<u32>,
    unchanged: Option<u32>,
}

/// `GET /content/{page}/{lang}`: the editor, with the newest version (or the one asked for, or the shipped text).
pub async fn edit(
    State(state): State<AppState>,
    a: Authed,
    Path((page, code)): Path<(String, String)>,
    Query(q): Query<EditQuery>,
) -> Result<Response, AppError> {
    a.require(Action::EditContent)?;
    let lang = a.ctx.lang;
    let (page, text_lang) = target(lang, &page, &code)?;
    let k = known(&state, &a, page, text_lang).await?;
    let mut viewing = None;
    let (body, source) = if let Some(n) = q.version {
        let v = state
            .store
            .content_version(&a.viewer(), page, text_lang.code(), n)
            .await
            .map_err(|e| store_error(lang, e))?;
        viewing = Some(VersionView {
            number: n,
            html: markdown::render(&v.body),
        });
        (
            v.body,
            lang.t_args("content-source-version", &[("version", n.into())]),
        )
    } else if let Some(v) = k.versions.first() {
        (
            v.body.clone(),
            lang.t_args("content-source-version", &[("version", v.version.into())]),
        )
    } else if let Some(t) = content::shipped(text_lang, page) {
        (t.to_owned(), lang.t("content-source-shipped"))
    } else {
        (String::new(), lang.t("content-source-empty"))
    };
    let message = match (q.saved, q.published, q.unchanged) {
        (_, Some(n), _) => Some(lang.t_args("content-published", &[("version", n.into())])),
        (Some(n), _, _) => Some(lang.t_args("content-saved", &[("version", n.into())])),
        (_, _, Some(n)) => Some(lang.t_args("content-unchanged", &[("version", n.into())])),
        _ => None,
    };
    let check = markdown::check(&body);
    let show_check = !body.is_empty();
    let page_view = edit_page(
        &a,
        page,
        text_lang,
        &k,
        Draft {
            body,
            source,
            note: String::new(),
            check,
            show_check,
            preview: None,
            viewing,
            message,
        },
    );
    render_status(StatusCode::OK, &page_view)
}

/// A text as the browser sends it, with its line ends made `\n`.
fn normalise(body: &str) -> String {
    body.replace("\r\n", "\n").replace('\r', "\n")
}

/// `POST /content/{page}/{lang}`: preview the text, save it as a draft, or save and publish it.
pub async fn submit(
    State(state): State<AppState>,
    a: Authed,
    Path((page, code)): Path<(String, String)>,
    Form(p): Form<Pairs>,
) -> Result<Response, AppError> {
    a.require(Action::EditContent)?;
    a.ctx.check_csrf(field(&p, "csrf"))?;
    let lang = a.ctx.lang;
    let (page, text_lang) = target(lang, &page, &code)?;
    let body = normalise(field(&p, "body"));
    let note = field(&p, "note").trim().to_owned();
    let action = field(&p, "action");
    if !matches!(action, "preview" | "save" | "publish") {
        return Err(AppError::bad_request(lang));
    }
    let check = markdown::check(&body);
    let k = known(&state, &a, page, text_lang).await?;
    let note_too_long = note.chars().count() > MAX_NOTE_CHARS;
    let refused = check.refused() || note_too_long;
    if action == "preview" || refused {
        let preview = (action == "preview").then(|| markdown::render(&body));
        let source = lang.t("content-source-form");
        let mut view = edit_page(
            &a,
            page,
            text_lang,
            &k,
            Draft {
                body,
                source,
                note,
                check,
                show_check: true,
                preview,
                viewing: None,
                message: None,
            },
        );
        if note_too_long {
            view.refusals.push(lang.t_args(
                "content-note-too-long",
                &[("max", (MAX_NOTE_CHARS as u64).into())],
            ));
        }
        let status = if refused && action != "preview" {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        };
        return render_status(status, &view);
    }
    let now = state.clock.now();
    let viewer = a.viewer();
    // The same text as the newest version is not saved again.
    let (version, new) = match k.versions.first() {
        Some(v) if v.body == body => (v.version, false),
        _ => {
            let n = state
                .store
                .save_content(&viewer, page, text_lang.code(), &body, &note, now)
                .await
                .map_err(|e| match e {
                    StoreError::Refused(_) => AppError::bad_request(lang),
                    e => store_error(lang, e),
                })?;
            (n, true)
        }
    };
    let query = if action == "publish" {
        state
            .store
            .publish_content(&viewer, page, text_lang.code(), version, now)
            .await
            .map_err(|e| store_error(lang, e))?;
        format!("published={version}")
    } else if new {
        format!("saved={version}")
    } else {
        format!("unchanged={version}")
    };
    Ok(Redirect::to(&format!("/content/{page}/{}?{query}", text_lang.code())).into_response())
}

/// `POST /content/{page}/{lang}/publish`: publishes a saved version (an older one to restore it).
pub async fn publish(
    State(state): State<AppState>,
    a: Authed,
    Path((page, code)): Path<(String, String)>,
    Form(p): Form<Pairs>,
) -> Result<Response, AppError> {
    a.require(Action::EditContent)?;
    a.ctx.check_csrf(field(&p, "csrf"))?;
    let lang = a.ctx.lang;
    let (page, text_lang) = target(lang, &page, &code)?;
    let version: u32 = field(&p, "version")
        .parse()
        .map_err(|_| AppError::bad_request(lang))?;
    state
        .store
        .publish_content(&a.viewer(), page, text_lang.code(), version, state.clock.now())
        .await
        .map_err(|e| store_error(lang, e))?;
    Ok(Redirect::to(&format!(
        "/content/{page}/{}?published={version}",
        text_lang.code()
    ))
    .into_response())
}
