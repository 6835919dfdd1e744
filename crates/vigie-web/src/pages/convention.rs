//! The Council of Europe (issue 10): the chart of the Convention on Action against Trafficking in Human Beings
//! (CETS No. 197) as the city keeps it — the shipped chart with the administrator's corrections, each with its
//! source, applied in order, and the history of each state's corrections — the city's country with its status and
//! GRETA's rounds (the current one by the application's clock); and GRETA's recommendations that concern the city,
//! which the coordinator enters and turns into measures of the action plan (the plan's form, prefilled; the
//! measure is linked to its recommendation when created, see `plan::create`).
//!
//! The checks are the domain's (`vigie_domain::convention`, `vigie_domain::greta`); the store records and audits.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::{Date, OffsetDateTime};
use vigie_domain::convention::{
    ChangeDraft, Confirmation, FieldProblem, Kind, StateRecord, Step, StepKind, article_42_mismatches,
    source_is_link, state_of_country,
};
use vigie_domain::greta::{
    self, CITY_ARTICLES, ROUNDS, Recommendation, RecommendationDraft, current_round, suggested_response,
};
use vigie_domain::plan::{MAX_TITLE, MeasureDraft};
use vigie_domain::policy::Action;
use vigie_store::{StoreError, StoredChange};

use super::{Choice, PageCtx, Pairs, field, render_status, store_error};
use crate::AppState;
use crate::auth::Authed;
use crate::error::AppError;
use crate::i18n::Lang;

/// A time as the pages show it (UTC).
fn when(t: OffsetDateTime) -> String {
    format!("{} {:02}:{:02} UTC", t.date(), t.hour(), t.minute())
}

/// A dated step in words: the date and, unless confirmed, how sure it is.
fn step_text(lang: Lang, s: &Step) -> String {
    match (s.date, s.confirmation) {
        (None, _) => "–".into(),
        (Some(d), Confirmation::Confirmed) => d.to_string(),
        (Some(d), c) => format!("{d} ({})", confirmation_label(lang, c)),
    }
}

fn confirmation_label(lang: Lang, c: Confirmation) -> String {
    lang.t(&format!("coe-confirmation-{}", c.code()))
}

fn step_label(lang: Lang, s: StepKind) -> String {
    lang.t(&format!("coe-step-{}", s.code().replace('_', "-")))
}

/// "3rd round" and its theme.
fn round_label(lang: Lang, n: u8) -> String {
    lang.t_args("coe-round", &[("n", n.into())])
}

fn theme_label(lang: Lang, theme: &str) -> String {
    lang.t(&format!("coe-round-theme-{theme}"))
}

/// An article of the Convention with its subject when vigie knows it ("Art. 12 – assistance to victims").
fn article_label(lang: Lang, article: u8) -> String {
    let key = format!("coe-article-{article}");
    let subject = lang.t(&key);
    let art = lang.t_args("coe-article", &[("n", article.into())]);
    if subject == key {
        art
    } else {
        format!("{art} – {subject}")
    }
}

/// A recommendation's reference in words: "GRETA, 3rd round, report of 2022, paragraph 142".
pub fn reference(lang: Lang, r: &Recommendation) -> String {
    lang.t_args(
        "coe-reference",
        &[
            ("round", round_label(lang, r.round).into()),
            ("year", r.year.into()),
            ("paragraph", r.paragraph.clone().into()),
        ],
    )
}

/// The draft of a measure made from a recommendation: its title from the recommendation's reference and
/// beginning, its objective quoting it with its reference and article, the kind of response its article suggests
/// ([`greta::suggested_response`]), starting on `start`. The coordinator completes it (lead, areas, indicators).
pub fn measure_draft(lang: Lang, r: &Recommendation, code: String, start: Date) -> MeasureDraft {
    let prefix = lang.t_args(
        "coe-measure-title",
        &[("year", r.year.into()), ("paragraph", r.paragraph.clone().into())],
    );
    let room = MAX_TITLE.saturating_sub(prefix.chars().count() + 1);
    let title = format!("{prefix} {}", r.excerpt(room.max(20)));
    let objective = lang.t_args(
        "coe-measure-objective",
        &[
            ("text", r.text.clone().into()),
            ("reference", reference(lang, r).into()),
            ("article", article_label(lang, r.article).into()),
        ],
    );
    MeasureDraft {
        code,
        title: greta::excerpt(&title, MAX_TITLE),
        objective,
        response: suggested_response(r.article).code().to_owned(),
        start: start.to_string(),
        ..MeasureDraft::default()
    }
}

/// A problem of a form in words: the field's label, the message, and the detail where it matters.
pub struct ProblemView {
    pub field: &'static str,
    pub code: &'static str,
    pub text: String,
}

fn problem_view(lang: Lang, p: &FieldProblem) -> ProblemView {
    let key = format!("coe-problem-{}", p.code);
    let message = lang.t(&key);
    let message = if message == key {
        p.reason.clone()
    } else if matches!(
        p.code,
        "date-invalid" | "date-not-article-42" | "date-order" | "year-before-round"
    ) {
        format!("{message} ({})", p.reason)
    } else {
        message
    };
    ProblemView {
        field: p.field,
        code: p.code,
        text: format!("{}: {message}", lang.t(&format!("coe-field-{}", p.field))),
    }
}

/// One state's row of the chart.
pub struct ChartRow {
    pub state: String,
    pub party: bool,
    pub accession: bool,
    pub signature: String,
    pub ratification: String,
    pub entry_into_force: String,
    pub unconfirmed: bool,
    /// How many corrections it has had.
    pub changes: usize,
    pub anchor: String,
}

/// A state's anchor on the page (`state-bosnia-and-herzegovina`).
fn anchor(state: &str) -> String {
    let slug: String = state
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                '-'
            }
        })
        .collect();
    format!("state-{slug}")
}

/// One correction in a state's history.
pub struct ChangeView {
    pub id: i64,
    pub when: String,
    pub author: String,
    pub step: String,
    pub value: String,
    pub source: String,
    pub link: bool,
    pub note: String,
}

/// A state's corrections, newest first.
pub struct HistoryGroup {
    pub state: String,
    pub anchor: String,
    pub changes: Vec<ChangeView>,
}

/// GRETA's round in the table.
pub struct RoundRow {
    pub label: String,
    pub launched: String,
    pub theme: String,
    pub current: bool,
}

/// The edit form's values.
#[derive(Default)]
pub struct ChangeForm {
    pub date: String,
    pub source: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "convention.html")]
struct ConventionPage {
    page: PageCtx,
    country: String,
    current: String,
    rounds: Vec<RoundRow>,
    rows: Vec<ChartRow>,
    parties: usize,
    mismatches: Vec<String>,
    history: Vec<HistoryGroup>,
    can_edit: bool,
    states: Vec<Choice>,
    steps: Vec<Choice>,
    confirmations: Vec<Choice>,
    form: ChangeForm,
    problems: Vec<ProblemView>,
    saved: bool,
}

/// The city's country and its status under the Convention, in a sentence.
fn country_text(lang: Lang, city: Option<&vigie_domain::City>, chart: &[StateRecord]) -> String {
    let Some(city) = city else {
        return lang.t("coe-no-city");
    };
    let code = city.country.to_string();
    let Some(row) = state_of_country(&code).and_then(|s| chart.iter().find(|r| r.state == s)) else {
        return lang.t_args("coe-country-unknown", &[("code", code.into())]);
    };
    if row.is_party() {
        let key = if row.kind == Kind::Accession {
            "coe-country-party-accession"
        } else {
            "coe-country-party"
        };
        lang.t_args(
            key,
            &[
                ("state", row.state.clone().into()),
                ("deposit", step_text(lang, &row.ratification).into()),
                ("in_force", step_text(lang, &row.entry_into_force).into()),
            ],
        )
    } else {
        lang.t_args("coe-country-not-party", &[("state", row.state.clone().into())])
    }
}

fn choices(items: impl IntoIterator<Item = (String, String)>, selected: &str) -> Vec<Choice> {
    items
        .into_iter()
        .map(|(value, label)| Choice {
            selected: value == selected,
            value,
            label,
        })
        .collect()
}

/// Builds the page from the store (the effective chart and every correction).
async fn page(
    state: &AppState,
    a: &Authed,
    draft: Option<&ChangeDraft>,
    problems: Vec<ProblemView>,
    saved: bool,
) -> Result<ConventionPage, AppError> {
    let lang = a.ctx.lang;
    let changes = state.store.chart_changes().await?;
    let chart = state.store.effective_chart().await?;
    let city = state.store.city().await?;
    let today = state.clock.now().date();
    let current = current_round(today);
    let rounds = ROUNDS
        .iter()
        .map(|r| RoundRow {
            label: round_label(lang, r.number),
            launched: r.launched.to_string(),
            theme: theme_label(lang, r.theme),
            current: current.is_some_and(|c| c.number == r.number),
        })
        .collect();
    let current = match current {
        Some(r) => lang.t_args(
            "coe-current-round",
            &[
                ("round", round_label(lang, r.number).into()),
                ("theme", theme_label(lang, r.theme).into()),
                ("launched", r.launched.to_string().into()),
                ("today", today.to_string().into()),
            ],
        ),
        None => lang.t("coe-no-round"),
    };
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &changes {
        *count.entry(c.change.state.as_str()).or_default() += 1;
    }
    let rows: Vec<ChartRow> = chart
        .iter()
        .map(|s| ChartRow {
            state: s.state.clone(),
            party: s.is_party(),
            accession: s.kind == Kind::Accession,
            signature: step_text(lang, &s.signature),
            ratification: step_text(lang, &s.ratification),
            entry_into_force: step_text(lang, &s.entry_into_force),
            unconfirmed: s.has_unconfirmed(),
            changes: count.get(s.state.as_str()).copied().unwrap_or(0),
            anchor: anchor(&s.state),
        })
        .collect();
    let parties = rows.iter().filter(|r| r.party).count();
    let mut groups: BTreeMap<String, Vec<&StoredChange>> = BTreeMap::new();
    for c in &changes {
        groups.entry(c.change.state.clone()).or_default().push(c);
    }
    let history = groups
        .into_iter()
        .map(|(state_name, list)| HistoryGroup {
            anchor: format!("history-{}", anchor(&state_name)),
            state: state_name,
            changes: list
                .iter()
                .rev()
                .map(|c| ChangeView {
                    id: c.id,
                    when: when(c.at),
                    author: c.author.clone(),
                    step: step_label(lang, c.change.step),
                    value: step_text(
                        lang,
                        &Step {
                            date: c.change.date,
                            confirmation: c.change.confirmation,
                        },
                    ),
                    link: source_is_link(&c.change.source),
                    source: c.change.source.clone(),
                    note: c.change.note.clone(),
                })
                .collect(),
        })
        .collect();
    let d = draft.cloned().unwrap_or_default();
    Ok(ConventionPage {
        page: PageCtx::authed(a),
        country: country_text(lang, city.as_ref(), &chart),
        current,
        rounds,
        parties,
        mismatches: article_42_mismatches(&chart)
            .iter()
            .map(|s| s.state.clone())
            .collect(),
        history,
        can_edit: a.may(Action::EditConvention),
        states: choices(
            chart.iter().map(|s| (s.state.clone(), s.state.clone())),
            d.state.trim(),
        ),
        steps: choices(
            StepKind::ALL
                .iter()
                .map(|s| (s.code().to_owned(), step_label(lang, *s))),
            d.step.trim(),
        ),
        confirmations: choices(
            Confirmation::ALL
                .iter()
                .map(|c| (c.code().to_owned(), confirmation_label(lang, *c))),
            d.confirmation.trim(),
        ),
        form: ChangeForm {
            date: d.date,
            source: d.source,
            note: d.note,
        },
        problems,
        saved,
        rows,
    })
}

#[derive(Deserialize)]
pub struct ShowQuery {
    saved: Option<String>,
}

/// `GET /convention`: the chart as the city keeps it, the country's status, GRETA's rounds; the correction form
/// for the administrator.
pub async fn show(
    State(state): State<AppState>,
    a: Authed,
    Query(q): Query<ShowQuery>,
) -> Result<Response, AppError> {
    a.require(Action::ViewConvention)?;
    let p = page(&state, &a, None, Vec::new(), q.saved.is_some()).await?;
    render_status(StatusCode::OK, &p)
}

/// `POST /convention`: records a correction (the administrator), or shows every problem by field and stores
/// nothing.
pub async fn change(
    State(state): State<AppState>,
    a: Authed,
    Form(p): Form<Pairs>,
) -> Result<Response, AppError> {
    a.require(Action::EditConvention)?;
    a.ctx.check_csrf(field(&p, "csrf"))?;
    let lang = a.ctx.lang;
    let draft = ChangeDraft {
        state: field(&p, "state").to_owned(),
        step: field(&p, "step").to_owned(),
        date: field(&p, "date").to_owned(),
        confirmation: field(&p, "confirmation").to_owned(),
        source: field(&p, "source").to_owned(),
        note: field(&p, "note").to_owned(),
    };
    match state
        .store
        .change_chart(&a.viewer(), &draft, state.clock.now())
        .await
    {
        Ok(c) => Ok(Redirect::to(&format!(
            "/convention?saved={}#history-{}",
            c.id,
            anchor(&c.change.state)
        ))
        .into_response()),
        Err(StoreError::InvalidChange(problems)) => {
            let list = problems.iter().map(|x| problem_view(lang, x)).collect();
            let page = page(&state, &a, Some(&draft), list, false).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => Err(store_error(lang, e)),
    }
}

/// One recommendation in the list.
pub struct RecommendationRow {
    pub id: i64,
    pub reference: String,
    pub article: String,
    pub text: String,
    pub response: String,
    /// The measure made from it.
    pub measure: Option<String>,
}

/// The recommendation form's values.
#[derive(Default)]
pub struct RecommendationForm {
    pub text: String,
    pub year: String,
    pub paragraph: String,
}

#[derive(Template)]
#[template(path = "greta_recommendations.html")]
struct RecommendationsPage {
    page: PageCtx,
    country: String,
    current: String,
    rows: Vec<RecommendationRow>,
    rounds: Vec<Choice>,
    articles: Vec<Choice>,
    form: RecommendationForm,
    problems: Vec<ProblemView>,
    saved: bool,
}

async fn recommendations_page(
    state: &AppState,
    a: &Authed,
    draft: Option<&RecommendationDraft>,
    problems: Vec<ProblemView>,
    saved: bool,
) -> Result<RecommendationsPage, AppError> {
    let lang = a.ctx.lang;
    let list = state
        .store
        .recommendations(&a.viewer())
        .await
        .map_err(|e| store_error(lang, e))?;
    let chart = state.store.effective_chart().await?;
    let city = state.store.city().await?;
    let today = state.clock.now().date();
    let current = current_round(today);
    let d = draft.cloned().unwrap_or_else(|| RecommendationDraft {
        round: current.map(|r| r.number.to_string()).unwrap_or_default(),
        ..RecommendationDraft::default()
    });
    let mut articles: Vec<u8> = CITY_ARTICLES.to_vec();
    if let Ok(n) = d.article.trim().parse::<u8>()
        && (1..=greta::ARTICLES).contains(&n)
        && !articles.contains(&n)
    {
        articles.push(n);
    }
    Ok(RecommendationsPage {
        page: PageCtx::authed(a),
        country: country_text(lang, city.as_ref(), &chart),
        current: current
            .map(|r| {
                lang.t_args(
                    "coe-current-round-short",
                    &[
                        ("round", round_label(lang, r.number).into()),
                        ("theme", theme_label(lang, r.theme).into()),
                    ],
                )
            })
            .unwrap_or_default(),
        rows: list
            .iter()
            .map(|s| RecommendationRow {
                id: s.id,
                reference: reference(lang, &s.recommendation),
                article: article_label(lang, s.recommendation.article),
                text: s.recommendation.text.clone(),
                response: lang.t(&suggested_response(s.recommendation.article).label_key()),
                measure: s.measure.clone(),
            })
            .collect(),
        rounds: choices(
            ROUNDS.iter().map(|r| {
                (
                    r.number.to_string(),
                    format!("{} ({})", round_label(lang, r.number), theme_label(lang, r.theme)),
                )
            }),
            d.round.trim(),
        ),
        articles: choices(
            articles.iter().map(|n| (n.to_string(), article_label(lang, *n))),
            d.article.trim(),
        ),
        form: RecommendationForm {
            text: d.text,
            year: d.year,
            paragraph: d.paragraph,
        },
        problems,
        saved,
    })
}

/// `GET /convention/recommendations`: GRETA's recommendations that concern the city, each with its measure or the
/// button that makes one; the form to enter one (the coordinator).
pub async fn recommendations(
    State(state): State<AppState>,
    a: Authed,
    Query(q): Query<ShowQuery>,
) -> Result<Response, AppError> {
    a.require(Action::ManageRecommendations)?;
    let p = recommendations_page(&state, &a, None, Vec::new(), q.saved.is_some()).await?;
    render_status(StatusCode::OK, &p)
}

/// `POST /convention/recommendations`: records a recommendation, or shows every problem by field.
pub async fn add_recommendation(
    State(state): State<AppState>,
    a: Authed,
    Form(p): Form<Pairs>,
) -> Result<Response, AppError> {
    a.require(Action::ManageRecommendations)?;
    a.ctx.check_csrf(field(&p, "csrf"))?;
    let lang = a.ctx.lang;
    let draft = RecommendationDraft {
        text: field(&p, "text").to_owned(),
        round: field(&p, "round").to_owned(),
        year: field(&p, "year").to_owned(),
        paragraph: field(&p, "paragraph").to_owned(),
        article: field(&p, "article").to_owned(),
    };
    let now = state.clock.now();
    match draft.validate(now.date()) {
        Ok(r) => {
            let stored = state
                .store
                .add_recommendation(&a.viewer(), &r, now)
                .await
                .map_err(|e| store_error(lang, e))?;
            Ok(Redirect::to(&format!(
                "/convention/recommendations?saved={}#recommendation-{}",
                stored.id, stored.id
            ))
            .into_response())
        }
        Err(problems) => {
            let list = problems.iter().map(|x| problem_view(lang, x)).collect();
            let page = recommendations_page(&state, &a, Some(&draft), list, false).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}
