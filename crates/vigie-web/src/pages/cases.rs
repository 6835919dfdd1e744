//! Victims' cases: intake, screening, the case and its timeline, status, consent, referrals, deadlines, the service
//! directory, export for the person, erasure and legal hold.
//!
//! Need-to-know is checked by the store on every call (it asks the domain's policy and audits every read); the
//! handlers ask the policy first only to choose what to show. No form here has a residence-status field: help
//! never depends on it.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::{Date, Duration};
use vigie_domain::case::{IntakeForm, SharedField};
use vigie_domain::policy::Action;
use vigie_domain::screening::{IndicatorSet, ListKind, ScreeningResult, Strength, screen};
use vigie_domain::{
    AgencyCode, DeadlineKind, ExploitationForm, MeansOfControl, RecruiterRelation, ServiceKind, Sex,
    VictimStatus,
};
use vigie_store::{
    CaseRecord, CaseSummary, Deadline, NewScreening, NewService, Referral, ReferralView, Service,
    StatusDecision, StoreError,
};

use super::{Choice, PageCtx, render, render_status};
use crate::AppState;
use crate::auth::Authed;
use crate::error::{ApiError, AppError};
use crate::i18n::Lang;

use super::{Pairs, field, fields};

/// A store error as a page, or the message of a refusal to show beside the form.
fn refusal(e: StoreError, lang: Lang) -> Result<String, AppError> {
    match e {
        StoreError::Refused(m) => Ok(m),
        StoreError::Forbidden(_) => Err(AppError::forbidden(lang)),
        StoreError::NotFound(_) => Err(AppError::not_found(lang)),
        StoreError::NoKey => Err(AppError::unavailable(lang)),
        other => Err(other.into()),
    }
}

fn hard(e: StoreError, lang: Lang) -> AppError {
    match refusal(e, lang) {
        Ok(_) => AppError::bad_request(lang),
        Err(e) => e,
    }
}

/// Whether the user follows cases: a caseworker (their agency's) or the coordinator (all, without identities).
fn follows_cases(a: &Authed) -> bool {
    a.may(Action::WorkCases) || a.may(Action::OverseeCases)
}

/// The deadlines the deadline views list: overdue up to a year back, and the next 30 days.
fn deadline_window(today: Date) -> (Date, Date) {
    (today - Duration::days(366), today + Duration::days(30))
}

fn parse_day(raw: &str) -> Option<Date> {
    vigie_domain::import::parse_date(raw).ok()
}

fn choices<T: Copy + PartialEq>(
    page: &PageCtx,
    all: &[T],
    code: impl Fn(T) -> &'static str,
    key: impl Fn(T) -> String,
    selected: &[String],
) -> Vec<Choice> {
    all.iter()
        .map(|t| Choice {
            value: code(*t).to_owned(),
            label: page.t(&key(*t)),
            selected: selected.iter().any(|s| s == code(*t)),
        })
        .collect()
}

/// Checks the one-time token of a form that changes a case: a form sent twice (or replayed) is refused.
async fn fresh(state: &AppState, a: &Authed, pairs: &Pairs) -> Result<(), AppError> {
    a.ctx.check_csrf(field(pairs, "csrf"))?;
    let once = field(pairs, "once");
    if once.len() < 16 || !state.store.use_form_token(once, state.clock.now()).await? {
        return Err(AppError::csrf(a.ctx.lang));
    }
    Ok(())
}

/// A new one-time token for a form.
pub fn once() -> String {
    crate::auth::new_token()
}

// ------------------------------------------------------------------------------------------------------------------
// The list and the intake
// ------------------------------------------------------------------------------------------------------------------

pub struct CaseRow {
    pub id: i64,
    pub reference: String,
    pub agency: String,
    pub status: String,
    pub forms: String,
    pub minor: bool,
    pub opened_on: String,
    pub closed: bool,
    pub erased: bool,
}

fn case_row(page: &PageCtx, c: &CaseSummary) -> CaseRow {
    CaseRow {
        id: c.id,
        reference: c.reference.clone(),
        agency: c.agency.to_string(),
        status: page.t(&c.status.label_key()),
        forms: c
            .forms
            .iter()
            .map(|f| page.t(&f.label_key()))
            .collect::<Vec<_>>()
            .join(", "),
        minor: c.minor,
        opened_on: c.opened_on.to_string(),
        closed: c.closed_on.is_some(),
        erased: c.erased,
    }
}

#[derive(Template)]
#[template(path = "cases.html")]
struct CasesPage {
    page: PageCtx,
    rows: Vec<CaseRow>,
    can_intake: bool,
}

/// `GET /cases`: the cases of the caseworker's agency, or all of them (without identities) for the coordinator.
pub async fn list(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    if !follows_cases(&a) {
        return Err(AppError::forbidden(a.ctx.lang));
    }
    let page = PageCtx::authed(&a);
    let cases = state
        .store
        .cases(&a.viewer(), state.clock.now())
        .await
        .map_err(|e| hard(e, a.ctx.lang))?;
    let rows = cases.iter().map(|c| case_row(&page, c)).collect();
    render(&CasesPage {
        page,
        rows,
        can_intake: a.may(Action::WorkCases),
    })
}

#[derive(Template)]
#[template(path = "case_new.html")]
struct IntakePage {
    page: PageCtx,
    once: String,
    f: IntakeForm,
    errors: Vec<(String, String)>,
    forms: Vec<Choice>,
    means: Vec<Choice>,
    sexes: Vec<Choice>,
    relations: Vec<Choice>,
    areas: Vec<Choice>,
    today: String,
}

impl IntakePage {
    fn error_for(&self, field: &str) -> String {
        self.errors
            .iter()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

async fn intake_page(
    state: &AppState,
    a: &Authed,
    f: IntakeForm,
    errors: Vec<(String, String)>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let page = PageCtx::authed(a);
    let forms = choices(
        &page,
        ExploitationForm::ALL,
        |x| x.code(),
        |x| x.label_key(),
        &f.forms,
    );
    let means = choices(
        &page,
        MeansOfControl::ALL,
        |x| x.code(),
        |x| x.label_key(),
        &f.means,
    );
    let sexes = choices(
        &page,
        Sex::ALL,
        |x| x.code(),
        |x| x.label_key(),
        std::slice::from_ref(&f.sex),
    );
    let relations = choices(
        &page,
        RecruiterRelation::ALL,
        |x| x.code(),
        |x| x.label_key(),
        std::slice::from_ref(&f.recruiter_relation),
    );
    let mut areas = vec![Choice {
        value: String::new(),
        label: page.t("case-area-none"),
        selected: f.exploitation_area.is_empty(),
    }];
    areas.extend(state.store.areas().await?.into_iter().map(|ar| Choice {
        selected: ar.code.as_str() == f.exploitation_area,
        value: ar.code.to_string(),
        label: format!("{} ({})", ar.name, ar.code),
    }));
    render_status(
        status,
        &IntakePage {
            today: state.clock.now().date().to_string(),
            page,
            once: once(),
            f,
            errors,
            forms,
            means,
            sexes,
            relations,
            areas,
        },
    )
}

/// `GET /cases/new`: the intake form.
pub async fn new(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    a.require(Action::WorkCases)?;
    intake_page(&state, &a, IntakeForm::default(), Vec::new(), StatusCode::OK).await
}

fn intake_form(p: &Pairs) -> IntakeForm {
    IntakeForm {
        alias: field(p, "alias").into(),
        birth: field(p, "birth").into(),
        age_uncertain: field(p, "age_uncertain") == "yes",
        sex: field(p, "sex").into(),
        languages: field(p, "languages").into(),
        nationality: field(p, "nationality").into(),
        contact: field(p, "contact").into(),
        forms: fields(p, "forms"),
        means: fields(p, "means"),
        recruitment_country: field(p, "recruitment_country").into(),
        recruitment_place: field(p, "recruitment_place").into(),
        recruitment_date: field(p, "recruitment_date").into(),
        exploitation_country: field(p, "exploitation_country").into(),
        exploitation_place: field(p, "exploitation_place").into(),
        exploitation_area: field(p, "exploitation_area").into(),
        exploitation_from: field(p, "exploitation_from").into(),
        exploitation_to: field(p, "exploitation_to").into(),
        recruiter_relation: field(p, "recruiter_relation").into(),
        opened_on: field(p, "opened_on").into(),
        notes: field(p, "notes").into(),
    }
}

/// `POST /cases`: records the intake; every problem is shown beside its field and nothing is stored.
pub async fn create(
    State(state): State<AppState>,
    a: Authed,
    Form(p): Form<Pairs>,
) -> Result<Response, AppError> {
    a.require(Action::WorkCases)?;
    fresh(&state, &a, &p).await?;
    let f = intake_form(&p);
    let now = state.clock.now();
    match f.validate(now.date()) {
        Err(errors) => {
            let errors = errors
                .iter()
                .map(|e| (e.field().to_owned(), e.to_string()))
                .collect();
            intake_page(&state, &a, f, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Ok(intake) => match state.store.create_case(&a.viewer(), &intake, now).await {
            Ok((id, _)) => Ok(Redirect::to(&format!("/cases/{id}")).into_response()),
            Err(e) => {
                let msg = refusal(e, a.ctx.lang)?;
                let field = msg.split(':').next().unwrap_or("form").to_owned();
                intake_page(
                    &state,
                    &a,
                    f,
                    vec![(field, msg)],
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await
            }
        },
    }
}

// ------------------------------------------------------------------------------------------------------------------
// One case
// ------------------------------------------------------------------------------------------------------------------

pub struct ConsentRow {
    pub id: i64,
    pub recipient: String,
    pub purpose: String,
    pub given_on: String,
    pub active: bool,
    pub overridden: String,
}

pub struct ReferralRow {
    pub id: i64,
    pub case_id: i64,
    pub case_reference: String,
    pub service: String,
    pub provider: String,
    pub status: String,
    pub status_code: String,
    pub sent_at: String,
    pub due_on: String,
    pub overdue: bool,
    pub answer_note: String,
    pub needs: String,
}

fn referral_row(page: &PageCtx, r: &Referral, today: Date) -> ReferralRow {
    ReferralRow {
        id: r.id,
        case_id: r.case_id,
        case_reference: r.case_reference.clone(),
        service: r.service_name.clone(),
        provider: r.provider.to_string(),
        status: page.t(&r.status.label_key()),
        status_code: r.status.code().to_owned(),
        sent_at: r.sent_at.get(..10).unwrap_or(&r.sent_at).to_owned(),
        due_on: r.due_on.to_string(),
        overdue: r.status == vigie_domain::ReferralStatus::Sent && r.due_on < today,
        answer_note: r.answer_note.clone().unwrap_or_default(),
        needs: r
            .needs
            .iter()
            .map(|f| page.t(&format!("shared-{}", f.code())))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

pub struct DeadlineRow {
    pub id: i64,
    pub case_id: i64,
    pub case_reference: String,
    pub agency: String,
    pub kind: String,
    pub due_on: String,
    pub label: String,
    pub overdue: bool,
    pub soon: bool,
    pub done: bool,
}

fn deadline_row(page: &PageCtx, d: &Deadline, today: Date) -> DeadlineRow {
    DeadlineRow {
        id: d.id,
        case_id: d.case_id,
        case_reference: d.case_reference.clone(),
        agency: d.agency.to_string(),
        kind: page.t(&d.kind.label_key()),
        due_on: d.due_on.to_string(),
        label: d.label.clone(),
        overdue: d.due_on < today,
        soon: d.due_on >= today && d.due_on <= today + Duration::days(7),
        done: d.done_at.is_some(),
    }
}

pub struct Fact {
    pub label: String,
    pub value: String,
}

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage {
    page: PageCtx,
    once: String,
    id: i64,
    reference: String,
    full: bool,
    erased: bool,
    closed: bool,
    legal_hold: bool,
    status: String,
    reflection_end: String,
    reflection_soon: bool,
    facts: Vec<Fact>,
    identity: Vec<Fact>,
    screenings: Vec<Fact>,
    consents: Vec<ConsentRow>,
    referrals: Vec<ReferralRow>,
    deadlines: Vec<DeadlineRow>,
    events: Vec<Fact>,
    statuses: Vec<Choice>,
    recipients: Vec<Choice>,
    services: Vec<Choice>,
    legal_providers: Vec<Choice>,
    active_consents: Vec<Choice>,
    has_legal_note: bool,
    can_override: bool,
    can_hold: bool,
    today: String,
    message: Option<String>,
}

fn yes_no(page: &PageCtx, b: bool) -> String {
    page.t(if b { "yes" } else { "no" })
}

async fn case_page(
    state: &AppState,
    a: &Authed,
    id: i64,
    status: StatusCode,
    message: Option<String>,
) -> Result<Response, AppError> {
    let lang = a.ctx.lang;
    let now = state.clock.now();
    let today = now.date();
    let rec: CaseRecord = state
        .store
        .case(&a.viewer(), id, now)
        .await
        .map_err(|e| hard(e, lang))?;
    let page = PageCtx::authed(a);
    let full = rec.access == "full";
    let s = &rec.summary;
    let opt = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
    let mut facts = vec![
        Fact {
            label: page.t("case-agency"),
            value: s.agency.to_string(),
        },
        Fact {
            label: page.t("case-opened"),
            value: s.opened_on.to_string(),
        },
        Fact {
            label: page.t("case-minor"),
            value: yes_no(&page, s.minor),
        },
        Fact {
            label: page.t("case-forms"),
            value: s
                .forms
                .iter()
                .map(|f| page.t(&f.label_key()))
                .collect::<Vec<_>>()
                .join(", "),
        },
        Fact {
            label: page.t("case-means"),
            value: rec
                .means
                .iter()
                .map(|f| page.t(&f.label_key()))
                .collect::<Vec<_>>()
                .join(", "),
        },
        Fact {
            label: page.t("case-recruiter"),
            value: page.t(&rec.recruiter_relation.label_key()),
        },
        Fact {
            label: page.t("case-sex"),
            value: page.t(&rec.sex.label_key()),
        },
        Fact {
            label: page.t("case-languages"),
            value: rec.languages.join(", "),
        },
        Fact {
            label: page.t("case-nationality"),
            value: rec
                .nationality
                .as_ref()
                .map(|n| n.to_string())
                .unwrap_or_else(|| "—".into()),
        },
        Fact {
            label: page.t("case-recruitment-date"),
            value: opt(rec.recruitment_date),
        },
        Fact {
            label: page.t("case-exploitation-period"),
            value: format!("{} → {}", opt(rec.exploitation_from), opt(rec.exploitation_to)),
        },
        Fact {
            label: page.t("case-area"),
            value: rec
                .exploitation_area
                .as_ref()
                .map(|a| a.to_string())
                .unwrap_or_else(|| "—".into()),
        },
    ];
    if let Some(by) = &rec.status_by {
        facts.push(Fact {
            label: page.t("case-status-by"),
            value: format!("{by}, {}", opt(rec.status_on)),
        });
    }
    let mut identity = Vec::new();
    if let Some(i) = &rec.identity {
        identity.push(Fact {
            label: page.t("case-alias"),
            value: i.alias.clone(),
        });
        identity.push(Fact {
            label: page.t("case-birth"),
            value: i.birth.map(|b| b.to_string()).unwrap_or_else(|| "—".into()),
        });
        identity.push(Fact {
            label: page.t("case-contact"),
            value: i.contact.clone().unwrap_or_else(|| "—".into()),
        });
    }
    for (label, place) in [
        ("case-recruitment-place", &rec.recruitment_place),
        ("case-exploitation-place", &rec.exploitation_place),
    ] {
        if let Some(p) = place {
            identity.push(Fact {
                label: page.t(label),
                value: [p.country.as_ref().map(|c| c.to_string()), p.detail.clone()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · "),
            });
        }
    }
    if let Some(n) = &rec.notes {
        identity.push(Fact {
            label: page.t("case-notes"),
            value: n.clone(),
        });
    }
    let screenings = rec
        .screenings
        .iter()
        .map(|sc| Fact {
            label: format!(
                "{} · {}",
                sc.at.date(),
                page.t(&format!("list-{}", sc.list.replace('_', "-")))
            ),
            value: format!(
                "{} ({} {})",
                page.t(if sc.presumed {
                    "screening-presumed"
                } else {
                    "screening-not-presumed"
                }),
                sc.indicators.len(),
                page.t("screening-indicators-found")
            ),
        })
        .collect();
    let consents = rec
        .consents
        .iter()
        .map(|c| ConsentRow {
            id: c.id,
            recipient: c.recipient.to_string(),
            purpose: c.purpose.clone(),
            given_on: c.given_on.to_string(),
            active: c.active(),
            overridden: c
                .override_reason
                .as_ref()
                .map(|r| {
                    format!(
                        "{} ({}): {r}",
                        page.t("consent-override"),
                        c.override_by.clone().unwrap_or_default()
                    )
                })
                .unwrap_or_default(),
        })
        .collect::<Vec<_>>();
    let active_consents = rec
        .consents
        .iter()
        .filter(|c| c.active())
        .map(|c| Choice {
            value: c.id.to_string(),
            label: format!("{} — {} ({})", c.recipient, c.purpose, c.given_on),
            selected: false,
        })
        .collect();
    let referrals = rec
        .referrals
        .iter()
        .map(|r| referral_row(&page, r, today))
        .collect();
    let deadlines = rec
        .deadlines
        .iter()
        .map(|d| deadline_row(&page, d, today))
        .collect();
    let events = rec
        .events
        .iter()
        .map(|e| Fact {
            label: format!(
                "{} · {}",
                e.at.get(..16).unwrap_or(&e.at).replace('T', " "),
                e.actor
            ),
            value: e.detail.clone(),
        })
        .collect();
    let statuses = choices(
        &page,
        VictimStatus::ALL,
        |x| x.code(),
        |x| x.label_key(),
        &[s.status.code().to_owned()],
    );
    let services = state.store.services().await?;
    let agencies = state.store.agencies().await?;
    let recipients = agencies
        .iter()
        .map(|ag| Choice {
            value: ag.code.to_string(),
            label: format!("{} ({})", ag.name, ag.code),
            selected: false,
        })
        .collect();
    let legal_providers = services
        .iter()
        .filter(|sv| sv.kind == ServiceKind::LegalCounselling)
        .map(|sv| Choice {
            value: sv.provider.to_string(),
            label: format!("{} ({})", sv.name, sv.provider),
            selected: false,
        })
        .collect();
    let services = services
        .iter()
        .map(|sv| Choice {
            value: sv.id.to_string(),
            label: format!(
                "{} — {} ({}){}",
                page.t(&sv.kind.label_key()),
                sv.name,
                sv.provider,
                if sv.full() {
                    format!(" · {}", page.t("service-full"))
                } else {
                    String::new()
                }
            ),
            selected: false,
        })
        .collect();
    let reflection_soon = rec
        .reflection_end
        .is_some_and(|e| e >= today && e <= today + Duration::days(7));
    render_status(
        status,
        &CasePage {
            once: once(),
            id,
            reference: s.reference.clone(),
            full,
            erased: s.erased,
            closed: s.closed_on.is_some(),
            legal_hold: s.legal_hold,
            status: page.t(&s.status.label_key()),
            reflection_end: rec.reflection_end.map(|d| d.to_string()).unwrap_or_default(),
            reflection_soon,
            facts,
            identity,
            screenings,
            consents,
            referrals,
            deadlines,
            events,
            statuses,
            recipients,
            services,
            legal_providers,
            active_consents,
            has_legal_note: rec.has_legal_note,
            can_override: a.may(Action::OverrideConsent),
            can_hold: a.may(Action::ManageRetention),
            today: today.to_string(),
            message,
            page,
        },
    )
}

/// `GET /cases/{id}`: the case, its timeline, and the forms to follow it up.
pub async fn show(
    State(state): State<AppState>,
    a: Authed,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    case_page(&state, &a, id, StatusCode::OK, None).await
}

/// What a form on the case page asks.
async fn act(state: &AppState, a: &Authed, id: i64, action: &str, p: &Pairs) -> Result<(), StoreError> {
    let v = a.viewer();
    let now = state.clock.now();
    let today = now.date();
    let bad = |m: &str| StoreError::Refused(m.to_owned());
    let day = |name: &str| -> Result<Date, StoreError> {
        let raw = field(p, name);
        if raw.trim().is_empty() {
            return Ok(today);
        }
        parse_day(raw)
            .ok_or_else(|| StoreError::Refused(format!("{name}: {raw:?} is not a date (YYYY-MM-DD)")))
    };
    let agency = |name: &str| -> Result<AgencyCode, StoreError> {
        AgencyCode::parse(field(p, name)).map_err(|e| StoreError::Refused(format!("{name}: {e}")))
    };
    let num = |name: &str| -> Result<i64, StoreError> {
        field(p, name)
            .trim()
            .parse()
            .map_err(|_| StoreError::Refused(format!("{name}: choose one")))
    };
    match action {
        "status" => {
            let status = VictimStatus::parse(field(p, "status")).map_err(|e| bad(&format!("status: {e}")))?;
            let days = field(p, "reflection_days").trim();
            let reflection_days = if days.is_empty() {
                vigie_domain::case::MIN_REFLECTION_DAYS
            } else {
                days.parse::<u16>()
                    .ok()
                    .filter(|d| (vigie_domain::case::MIN_REFLECTION_DAYS..=365).contains(d))
                    .ok_or_else(|| bad("reflection_days: between 30 and 365 days"))?
            };
            state
                .store
                .set_status(
                    &v,
                    id,
                    &StatusDecision {
                        status,
                        decided_by: field(p, "decided_by").to_owned(),
                        on: day("on")?,
                        reflection_days,
                    },
                    now,
                )
                .await
        }
        "consent" => state
            .store
            .record_consent(
                &v,
                id,
                &agency("recipient")?,
                field(p, "purpose"),
                day("given_on")?,
                now,
            )
            .await
            .map(|_| ()),
        "revoke" => state.store.revoke_consent(&v, num("consent")?, now).await,
        "override" => state
            .store
            .override_consent(
                &v,
                id,
                &agency("recipient")?,
                field(p, "purpose"),
                field(p, "reason"),
                now,
            )
            .await
            .map(|_| ()),
        "refer" => {
            let msg = field(p, "message");
            state
                .store
                .refer(&v, id, num("service")?, num("consent")?, Some(msg), now)
                .await
                .map(|_| ())
        }
        "deadline" => {
            let due = parse_day(field(p, "due_on")).ok_or_else(|| bad("due_on: a date (YYYY-MM-DD)"))?;
            state
                .store
                .add_deadline(&v, id, DeadlineKind::Review, due, field(p, "label"), now)
                .await
                .map(|_| ())
        }
        "deadline-done" => state.store.complete_deadline(&v, num("deadline")?, now).await,
        "close" => state.store.close_case(&v, id, day("closed_on")?, now).await,
        "erase" => {
            if field(p, "confirm") != "yes" {
                return Err(bad("confirm: tick the box to confirm the erasure"));
            }
            state.store.erase_case(&v, id, field(p, "reason"), now).await
        }
        "hold" => {
            state
                .store
                .set_legal_hold(&v, id, field(p, "hold") == "yes", field(p, "reason"), now)
                .await
        }
        "legal" => state
            .store
            .add_legal_note(&v, id, &agency("provider")?, field(p, "note"), now)
            .await
            .map(|_| ()),
        _ => Err(bad("unknown action")),
    }
}

/// `POST /cases/{id}/{action}`: one follow-up step; then back to the case (or the case with the refusal).
pub async fn post_action(
    State(state): State<AppState>,
    a: Authed,
    Path((id, action)): Path<(i64, String)>,
    Form(p): Form<Pairs>,
) -> Result<Response, AppError> {
    fresh(&state, &a, &p).await?;
    match act(&state, &a, id, &action, &p).await {
        Ok(()) => Ok(Redirect::to(&format!("/cases/{id}")).into_response()),
        Err(e) => {
            let msg = refusal(e, a.ctx.lang)?;
            case_page(&state, &a, id, StatusCode::UNPROCESSABLE_ENTITY, Some(msg)).await
        }
    }
}

// ------------------------------------------------------------------------------------------------------------------
// Screening
// ------------------------------------------------------------------------------------------------------------------

pub struct IndicatorBox {
    pub code: String,
    pub label: String,
    pub strength: String,
    pub checked: bool,
}

pub struct DimensionGroup {
    pub code: String,
    pub title: String,
    pub indicators: Vec<IndicatorBox>,
}

pub struct DimensionLine {
    pub title: String,
    pub positive: bool,
}

#[derive(Template)]
#[template(path = "screening.html")]
struct ScreeningPage {
    page: PageCtx,
    once: String,
    id: i64,
    reference: String,
    list: String,
    lists: Vec<Choice>,
    version: String,
    source: String,
    groups: Vec<DimensionGroup>,
    result: Option<(bool, Vec<String>, Vec<DimensionLine>)>,
}

#[derive(Deserialize)]
pub struct ListQuery {
    list: Option<String>,
}

fn set(lang: Lang) -> Result<&'static IndicatorSet, AppError> {
    IndicatorSet::ilo_ec_2009().map_err(|e| {
        tracing::error!(error = %e, "the indicator set does not load");
        AppError::internal(lang)
    })
}

async fn screening_page(
    state: &AppState,
    a: &Authed,
    id: i64,
    list: Option<ListKind>,
    checked: &[String],
    result: Option<&ScreeningResult>,
) -> Result<Response, AppError> {
    let lang = a.ctx.lang;
    let rec = state
        .store
        .case(&a.viewer(), id, state.clock.now())
        .await
        .map_err(|e| hard(e, lang))?;
    if rec.access != "full" {
        return Err(AppError::forbidden(lang));
    }
    let set = set(lang)?;
    let sexual = rec.summary.forms.contains(&ExploitationForm::SexualExploitation);
    let kind = list.unwrap_or_else(|| ListKind::for_person(rec.summary.minor, sexual));
    let page = PageCtx::authed(a);
    let french = lang == Lang::Fr;
    let groups = vigie_domain::screening::Dimension::ALL
        .iter()
        .map(|d| DimensionGroup {
            code: d.code().to_owned(),
            title: page.t(&format!("dimension-{}", d.code().replace('_', "-"))),
            indicators: set
                .list(kind)
                .iter()
                .filter(|i| i.dimension == *d)
                .map(|i| IndicatorBox {
                    code: i.code.clone(),
                    label: if french { i.fr.clone() } else { i.en.clone() },
                    strength: page.t(&format!(
                        "strength-{}",
                        match i.strength {
                            Strength::Strong => "strong",
                            Strength::Medium => "medium",
                            Strength::Weak => "weak",
                        }
                    )),
                    checked: checked.contains(&i.code),
                })
                .collect(),
        })
        .collect();
    let lists = ListKind::ALL
        .iter()
        .map(|l| Choice {
            value: l.code().to_owned(),
            label: page.t(&format!("list-{}", l.code().replace('_', "-"))),
            selected: *l == kind,
        })
        .collect();
    let result = result.map(|r| {
        (
            r.presumed_victim,
            r.explain(set, french),
            r.dimensions
                .iter()
                .map(|d| DimensionLine {
                    title: page.t(&format!("dimension-{}", d.dimension.code().replace('_', "-"))),
                    positive: d.positive,
                })
                .collect(),
        )
    });
    render(&ScreeningPage {
        once: once(),
        id,
        reference: rec.summary.reference.clone(),
        list: kind.code().to_owned(),
        lists,
        version: set.version.clone(),
        source: set.source.clone(),
        groups,
        result,
        page,
    })
}

/// `GET /cases/{id}/screening[?list=adult_labour]`: the checklist, grouped by dimension.
pub async fn screening_form(
    State(state): State<AppState>,
    a: Authed,
    Path(id): Path<i64>,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    a.require(Action::WorkCases)?;
    let list = match q.list.as_deref().filter(|l| !l.is_empty()) {
        Some(l) => Some(ListKind::parse(l).map_err(|_| AppError::bad_request(a.ctx.lang))?),
        None => None,
    };
    screening_page(&state, &a, id, list, &[], None).await
}

/// `POST /cases/{id}/screening`: records the screening and shows its result, explained.
pub async fn screening_submit(
    State(state): State<AppState>,
    a: Authed,
    Path(id): Path<i64>,
    Form(p): Form<Pairs>,
) -> Result<Response, AppError> {
    a.require(Action::WorkCases)?;
    fresh(&state, &a, &p).await?;
    let lang = a.ctx.lang;
    let kind = ListKind::parse(field(&p, "list")).map_err(|_| AppError::bad_request(lang))?;
    let present = fields(&p, "indicator");
    let set = set(lang)?;
    let result = screen(set, kind, &present).map_err(|_| AppError::bad_request(lang))?;
    state
        .store
        .record_screening(
            &a.viewer(),
            id,
            &NewScreening {
                list: kind.code().to_owned(),
                version: set.version.clone(),
                indicators: present.clone(),
                presumed: result.presumed_victim,
            },
            state.clock.now(),
        )
        .await
        .map_err(|e| hard(e, lang))?;
    screening_page(&state, &a, id, Some(kind), &present, Some(&result)).await
}

// ------------------------------------------------------------------------------------------------------------------
// Export for the person
// ------------------------------------------------------------------------------------------------------------------

/// The case as JSON aligned with the Human Trafficking Case Data Standard (HTCDS): its field names where it has
/// them. Never a legal-help note, never a residence status (there is none to give).
fn htcds(rec: &CaseRecord) -> serde_json::Value {
    let s = &rec.summary;
    serde_json::json!({
        "standard": "Human Trafficking Case Data Standard (HTCDS), aligned field names",
        "caseId": s.reference,
        "organization": s.agency,
        "caseOpenedDate": s.opened_on.to_string(),
        "caseClosedDate": s.closed_on.map(|d| d.to_string()),
        "person": {
            "alias": rec.identity.as_ref().map(|i| i.alias.clone()),
            "dateOfBirth": rec.identity.as_ref().and_then(|i| i.birth.map(|b| b.to_string())),
            "ageUncertain": rec.age_uncertain,
            "isMinor": s.minor,
            "gender": rec.sex,
            "citizenship": rec.nationality,
            "languages": rec.languages,
            "contact": rec.identity.as_ref().and_then(|i| i.contact.clone()),
        },
        "typeOfExploitation": s.forms,
        "meansOfControl": rec.means,
        "recruiterRelationship": rec.recruiter_relation,
        "recruitment": {
            "country": rec.recruitment_place.as_ref().and_then(|p| p.country.clone()),
            "place": rec.recruitment_place.as_ref().and_then(|p| p.detail.clone()),
            "date": rec.recruitment_date.map(|d| d.to_string()),
        },
        "exploitation": {
            "country": rec.exploitation_place.as_ref().and_then(|p| p.country.clone()),
            "place": rec.exploitation_place.as_ref().and_then(|p| p.detail.clone()),
            "cityArea": rec.exploitation_area,
            "startDate": rec.exploitation_from.map(|d| d.to_string()),
            "endDate": rec.exploitation_to.map(|d| d.to_string()),
        },
        "identification": {
            "status": s.status,
            "decidedBy": rec.status_by,
            "decisionDate": rec.status_on.map(|d| d.to_string()),
            "reasonableGroundsDate": rec.reasonable_grounds_on.map(|d| d.to_string()),
            "recoveryReflectionPeriodEnd": rec.reflection_end.map(|d| d.to_string()),
        },
        "screenings": rec.screenings.iter().map(|sc| serde_json::json!({
            "indicatorList": sc.list, "indicatorSetVersion": sc.version, "indicators": sc.indicators,
            "presumedVictim": sc.presumed, "date": sc.at.date().to_string(),
        })).collect::<Vec<_>>(),
        "consents": rec.consents.iter().map(|c| serde_json::json!({
            "recipient": c.recipient, "purpose": c.purpose, "given": c.given_on.to_string(),
            "withdrawn": c.revoked_at, "override": c.override_reason,
        })).collect::<Vec<_>>(),
        "referrals": rec.referrals.iter().map(|r| serde_json::json!({
            "service": r.service_name, "serviceType": r.service_kind, "provider": r.provider,
            "status": r.status, "sent": r.sent_at, "answered": r.answered_at, "completed": r.done_at,
        })).collect::<Vec<_>>(),
        "notes": rec.notes,
        "timeline": rec.events.iter().map(|e| serde_json::json!({"at": e.at, "event": e.kind, "detail": e.detail})).collect::<Vec<_>>(),
    })
}

/// `GET /cases/{id}/export.json`: the whole case for the person (audited as an export).
pub async fn export_json(
    State(state): State<AppState>,
    a: Authed,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    a.require(Action::WorkCases)?;
    let rec = state
        .store
        .export_case(&a.viewer(), id, state.clock.now())
        .await
        .map_err(|e| hard(e, a.ctx.lang))?;
    let body = serde_json::to_string_pretty(&htcds(&rec)).map_err(|_| AppError::internal(a.ctx.lang))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}.json\"", rec.summary.reference),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "case_print.html")]
struct PrintPage {
    page: PageCtx,
    reference: String,
    json: String,
}

/// `GET /cases/{id}/export`: the same, as a printable page.
pub async fn export_page(
    State(state): State<AppState>,
    a: Authed,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    a.require(Action::WorkCases)?;
    let rec = state
        .store
        .export_case(&a.viewer(), id, state.clock.now())
        .await
        .map_err(|e| hard(e, a.ctx.lang))?;
    render(&PrintPage {
        page: PageCtx::authed(&a),
        reference: rec.summary.reference.clone(),
        json: serde_json::to_string_pretty(&htcds(&rec)).map_err(|_| AppError::internal(a.ctx.lang))?,
    })
}

// ------------------------------------------------------------------------------------------------------------------
// Referrals
// ------------------------------------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "referrals.html")]
struct ReferralsPage {
    page: PageCtx,
    received: bool,
    rows: Vec<ReferralRow>,
}

/// `GET /referrals`: received (partner), sent (caseworker), or all (coordinator).
pub async fn referrals(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    if !(a.may(Action::ReceiveReferrals) || follows_cases(&a)) {
        return Err(AppError::forbidden(a.ctx.lang));
    }
    let list = state
        .store
        .referrals(&a.viewer())
        .await
        .map_err(|e| hard(e, a.ctx.lang))?;
    let page = PageCtx::authed(&a);
    let today = state.clock.now().date();
    render(&ReferralsPage {
        received: a.may(Action::ReceiveReferrals),
        rows: list.iter().map(|r| referral_row(&page, r, today)).collect(),
        page,
    })
}

#[derive(Template)]
#[template(path = "referral.html")]
struct ReferralPage {
    page: PageCtx,
    once: String,
    r: ReferralRow,
    fields: Vec<Fact>,
    message: String,
    can_answer: bool,
    can_complete: bool,
    notice: Option<String>,
}

async fn referral_page(
    state: &AppState,
    a: &Authed,
    id: i64,
    status: StatusCode,
    notice: Option<String>,
) -> Result<Response, AppError> {
    a.require(Action::ReceiveReferrals)?;
    let view: ReferralView = state
        .store
        .referral_view(&a.viewer(), id, state.clock.now())
        .await
        .map_err(|e| hard(e, a.ctx.lang))?;
    let page = PageCtx::authed(a);
    let fields = view
        .fields
        .iter()
        .map(|(f, v)| Fact {
            label: page.t(&format!("shared-{}", f.code())),
            value: match f {
                SharedField::Sex => Sex::parse(v)
                    .map(|s| page.t(&s.label_key()))
                    .unwrap_or_else(|_| v.clone()),
                SharedField::Minor => page.t(v),
                SharedField::Forms => v
                    .split(", ")
                    .map(|c| {
                        ExploitationForm::parse(c)
                            .map(|f| page.t(&f.label_key()))
                            .unwrap_or_else(|_| c.to_owned())
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                _ => v.clone(),
            },
        })
        .collect();
    let status_now = view.referral.status;
    render_status(
        status,
        &ReferralPage {
            once: once(),
            r: referral_row(&page, &view.referral, state.clock.now().date()),
            fields,
            message: view.message.clone().unwrap_or_default(),
            can_answer: status_now == vigie_domain::ReferralStatus::Sent,
            can_complete: status_now == vigie_domain::ReferralStatus::Accepted,
            notice,
            page,
        },
    )
}

/// `GET /referrals/{id}`: what the receiving provider needs, nothing more.
pub async fn referral(
    State(state): State<AppState>,
    a: Authed,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    referral_page(&state, &a, id, StatusCode::OK, None).await
}

/// `POST /referrals/{id}/{answer}`: accept, refuse or done.
pub async fn referral_answer(
    State(state): State<AppState>,
    a: Authed,
    Path((id, answer)): Path<(i64, String)>,
    Form(p): Form<Pairs>,
) -> Result<Response, AppError> {
    a.require(Action::ReceiveReferrals)?;
    fresh(&state, &a, &p).await?;
    let v = a.viewer();
    let now = state.clock.now();
    let r = match answer.as_str() {
        "accept" => {
            state
                .store
                .answer_referral(&v, id, true, field(&p, "note"), now)
                .await
        }
        "refuse" => {
            state
                .store
                .answer_referral(&v, id, false, field(&p, "note"), now)
                .await
        }
        "done" => state.store.complete_referral(&v, id, now).await,
        _ => return Err(AppError::not_found(a.ctx.lang)),
    };
    match r {
        Ok(()) => Ok(Redirect::to(&format!("/referrals/{id}")).into_response()),
        Err(e) => {
            let msg = refusal(e, a.ctx.lang)?;
            referral_page(&state, &a, id, StatusCode::UNPROCESSABLE_ENTITY, Some(msg)).await
        }
    }
}

// ------------------------------------------------------------------------------------------------------------------
// The directory and deadlines
// ------------------------------------------------------------------------------------------------------------------

pub struct ServiceRow {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub provider: String,
    pub languages: String,
    pub places: String,
    pub full: bool,
    pub hours: String,
    pub contact: String,
    pub can_update: bool,
    pub free: String,
}

#[derive(Template)]
#[template(path = "services.html")]
struct ServicesPage {
    page: PageCtx,
    once: String,
    rows: Vec<ServiceRow>,
    can_manage: bool,
    kinds: Vec<Choice>,
    providers: Vec<Choice>,
    message: Option<String>,
}

async fn services_page(
    state: &AppState,
    a: &Authed,
    status: StatusCode,
    message: Option<String>,
) -> Result<Response, AppError> {
    a.require(Action::ViewDirectory)?;
    let page = PageCtx::authed(a);
    let services: Vec<Service> = state.store.services().await?;
    let rows = services
        .iter()
        .map(|s| ServiceRow {
            id: s.id,
            kind: page.t(&s.kind.label_key()),
            name: s.name.clone(),
            provider: s.provider.to_string(),
            languages: s.languages.join(", "),
            places: match (s.capacity, s.free) {
                (Some(c), Some(f)) => {
                    page.t_args("service-places", &[("free", f.into()), ("capacity", c.into())])
                }
                _ => page.t("service-no-limit"),
            },
            full: s.full(),
            hours: s.hours.clone(),
            contact: s.contact.clone(),
            can_update: s.capacity.is_some()
                && (a.may(Action::ManageDirectory)
                    || (a.may(Action::ReceiveReferrals) && a.user.agency.as_ref() == Some(&s.provider))),
            free: s.free.map(|f| f.to_string()).unwrap_or_default(),
        })
        .collect();
    let kinds = choices(&page, ServiceKind::ALL, |x| x.code(), |x| x.label_key(), &[]);
    let providers = state
        .store
        .agencies()
        .await?
        .into_iter()
        .map(|ag| Choice {
            value: ag.code.to_string(),
            label: format!("{} ({})", ag.name, ag.code),
            selected: false,
        })
        .collect();
    render_status(
        status,
        &ServicesPage {
            once: once(),
            rows,
            can_manage: a.may(Action::ManageDirectory),
            kinds,
            providers,
            message,
            page,
        },
    )
}

/// `GET /services`: the directory of support services.
pub async fn services(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    services_page(&state, &a, StatusCode::OK, None).await
}

fn opt_u32(raw: &str, name: &str) -> Result<Option<u32>, StoreError> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse()
        .map(Some)
        .map_err(|_| StoreError::Refused(format!("{name}: a whole number, 0 or more")))
}

/// `POST /services`: adds or changes a service (coordinator).
pub async fn save_service(
    State(state): State<AppState>,
    a: Authed,
    Form(p): Form<Pairs>,
) -> Result<Response, AppError> {
    a.require(Action::ManageDirectory)?;
    fresh(&state, &a, &p).await?;
    let r = async {
        let kind =
            ServiceKind::parse(field(&p, "kind")).map_err(|e| StoreError::Refused(format!("kind: {e}")))?;
        let provider = AgencyCode::parse(field(&p, "provider"))
            .map_err(|e| StoreError::Refused(format!("provider: {e}")))?;
        let languages = vigie_domain::case::parse_languages(field(&p, "languages"))
            .map_err(|e| StoreError::Refused(e.to_string()))?
            .into_iter()
            .map(|l| l.to_string())
            .collect();
        let capacity = opt_u32(field(&p, "capacity"), "capacity")?;
        let response_days = match field(&p, "response_days").trim() {
            "" => 3,
            d => d
                .parse()
                .map_err(|_| StoreError::Refused("response_days: a number of days".into()))?,
        };
        state
            .store
            .save_service(
                &a.viewer(),
                &NewService {
                    code: field(&p, "code").trim().to_owned(),
                    kind,
                    name: field(&p, "name").to_owned(),
                    provider,
                    languages,
                    capacity,
                    free: capacity,
                    hours: field(&p, "hours").to_owned(),
                    contact: field(&p, "contact").to_owned(),
                    response_days,
                    public: !field(&p, "public").is_empty(),
                },
                state.clock.now(),
            )
            .await
    }
    .await;
    match r {
        Ok(_) => Ok(Redirect::to("/services").into_response()),
        Err(e) => {
            let msg = refusal(e, a.ctx.lang)?;
            services_page(&state, &a, StatusCode::UNPROCESSABLE_ENTITY, Some(msg)).await
        }
    }
}

/// `POST /services/{id}/free`: the provider (or the coordinator) updates the free places.
pub async fn set_free(
    State(state): State<AppState>,
    a: Authed,
    Path(id): Path<i64>,
    Form(p): Form<Pairs>,
) -> Result<Response, AppError> {
    a.require(Action::ViewDirectory)?;
    fresh(&state, &a, &p).await?;
    let r = match opt_u32(field(&p, "free"), "free") {
        Ok(Some(free)) => {
            state
                .store
                .set_free_places(&a.viewer(), id, free, state.clock.now())
                .await
        }
        Ok(None) => Err(StoreError::Refused("free: a whole number, 0 or more".into())),
        Err(e) => Err(e),
    };
    match r {
        Ok(()) => Ok(Redirect::to("/services").into_response()),
        Err(e) => {
            let msg = refusal(e, a.ctx.lang)?;
            services_page(&state, &a, StatusCode::UNPROCESSABLE_ENTITY, Some(msg)).await
        }
    }
}

#[derive(Template)]
#[template(path = "deadlines.html")]
struct DeadlinesPage {
    page: PageCtx,
    week: String,
    /// (Fluent key of the title, element id, rows): overdue, this week, later.
    groups: Vec<(&'static str, &'static str, Vec<DeadlineRow>)>,
}

/// `GET /deadlines`: overdue, due this week, and the next 30 days.
pub async fn deadlines(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    if !follows_cases(&a) {
        return Err(AppError::forbidden(a.ctx.lang));
    }
    let today = state.clock.now().date();
    let (monday, sunday) = vigie_domain::case::week_of(today);
    let (from, to) = deadline_window(today);
    let list = state
        .store
        .deadlines(&a.viewer(), from, to)
        .await
        .map_err(|e| hard(e, a.ctx.lang))?;
    let page = PageCtx::authed(&a);
    let rows: Vec<(Date, DeadlineRow)> = list
        .iter()
        .map(|d| (d.due_on, deadline_row(&page, d, today)))
        .collect();
    let mut overdue = Vec::new();
    let mut this_week = Vec::new();
    let mut later = Vec::new();
    for (due, r) in rows {
        if due < today {
            overdue.push(r);
        } else if due <= sunday {
            this_week.push(r);
        } else {
            later.push(r);
        }
    }
    render(&DeadlinesPage {
        week: format!("{} – {}", monday.max(today), sunday),
        groups: vec![
            ("deadlines-overdue", "overdue", overdue),
            ("deadlines-this-week", "this-week", this_week),
            ("deadlines-later", "later", later),
        ],
        page,
    })
}

#[derive(Template)]
#[template(path = "legal_notes.html")]
struct LegalNotesPage {
    page: PageCtx,
    notes: Vec<Fact>,
}

/// `GET /legal-notes`: requests for legal help with residence, for the legal-help provider alone.
pub async fn legal_notes(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    a.require(Action::ReceiveReferrals)?;
    let notes = state
        .store
        .legal_notes(&a.viewer(), state.clock.now())
        .await
        .map_err(|e| hard(e, a.ctx.lang))?
        .into_iter()
        .map(|n| Fact {
            label: format!("{} · {}", n.case_reference, n.at.get(..10).unwrap_or(&n.at)),
            value: n.note,
        })
        .collect();
    render(&LegalNotesPage {
        page: PageCtx::authed(&a),
        notes,
    })
}

// ------------------------------------------------------------------------------------------------------------------
// The JSON API: the same reads as the pages, through the same store calls (need-to-know and audit included)
// ------------------------------------------------------------------------------------------------------------------

/// `GET /api/v1/cases`: the cases the user may see (no identifying field).
#[utoipa::path(
    get,
    path = "/api/v1/cases",
    tag = "vigie",
    responses(
        (status = 200, description = "The cases the caller may see, without identifying fields", body = Vec<crate::openapi::CaseSummary>),
        crate::openapi::Refusals,
    ),
    security(("token" = ["read:cases"]), ("session" = [])),
)]
pub async fn api_cases(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    if !follows_cases(&a) {
        return Err(AppError::forbidden(a.ctx.lang));
    }
    let cases = state
        .store
        .cases(&a.viewer(), state.clock.now())
        .await
        .map_err(|e| hard(e, a.ctx.lang))?;
    Ok(axum::Json(cases).into_response())
}

/// `GET /api/v1/cases/{id}`: one case as the user may see it (audited as a read).
#[utoipa::path(
    get,
    path = "/api/v1/cases/{id}",
    tag = "vigie",
    params(
        ("id" = i64, Path, description = "The case's id"),
    ),
    responses(
        (status = 200, description = "One case as the caller may see it (the read is audited)", body = crate::openapi::CaseRecord),
        (status = 400, description = "A parameter vigie cannot read", body = ApiError),
        (status = 404, description = "Nothing at this address", body = ApiError),
        crate::openapi::Refusals,
    ),
    security(("token" = ["read:cases"]), ("session" = [])),
)]
pub async fn api_case(
    State(state): State<AppState>,
    a: Authed,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let rec = state
        .store
        .case(&a.viewer(), id, state.clock.now())
        .await
        .map_err(|e| hard(e, a.ctx.lang))?;
    Ok(([(header::CACHE_CONTROL, "no-store")], axum::Json(rec)).into_response())
}

/// `GET /api/v1/referrals`: received (partner), sent (caseworker) or all (coordinator).
#[utoipa::path(
    get,
    path = "/api/v1/referrals",
    tag = "vigie",
    responses(
        (status = 200, description = "Referrals: received (partner), sent (caseworker), all (coordinator)", body = Vec<crate::openapi::Referral>),
        crate::openapi::Refusals,
    ),
    security(("token" = ["read:referrals"]), ("session" = [])),
)]
pub async fn api_referrals(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    if !(a.may(Action::ReceiveReferrals) || follows_cases(&a)) {
        return Err(AppError::forbidden(a.ctx.lang));
    }
    let list = state
        .store
        .referrals(&a.viewer())
        .await
        .map_err(|e| hard(e, a.ctx.lang))?;
    Ok(axum::Json(list).into_response())
}

/// `GET /api/v1/services`: the directory.
#[utoipa::path(
    get,
    path = "/api/v1/services",
    tag = "vigie",
    responses(
        (status = 200, description = "The directory of support services", body = Vec<crate::openapi::Service>),
        crate::openapi::Refusals,
    ),
    security(("token" = ["read:directory"]), ("session" = [])),
)]
pub async fn api_services(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    a.require(Action::ViewDirectory)?;
    Ok(axum::Json(state.store.services().await?).into_response())
}

/// `GET /api/v1/deadlines`: open deadlines from a year back to 30 days ahead.
#[utoipa::path(
    get,
    path = "/api/v1/deadlines",
    tag = "vigie",
    responses(
        (status = 200, description = "Open deadlines from a year back to 30 days ahead", body = Vec<crate::openapi::Deadline>),
        crate::openapi::Refusals,
    ),
    security(("token" = ["read:cases"]), ("session" = [])),
)]
pub async fn api_deadlines(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    if !follows_cases(&a) {
        return Err(AppError::forbidden(a.ctx.lang));
    }
    let (from, to) = deadline_window(state.clock.now().date());
    let list = state
        .store
        .deadlines(&a.viewer(), from, to)
        .await
        .map_err(|e| hard(e, a.ctx.lang))?;
    Ok(axum::Json(list).into_response())
}

/// Deadlines to remind the user of on the dashboard: (overdue, due within a week).
pub async fn reminders(state: &AppState, a: &Authed) -> Option<(usize, usize)> {
    if !follows_cases(a) {
        return None;
    }
    let today = state.clock.now().date();
    let list = state
        .store
        .deadlines(&a.viewer(), deadline_window(today).0, today + Duration::days(7))
        .await
        .ok()?;
    let overdue = list.iter().filter(|d| d.due_on < today).count();
    Some((overdue, list.len() - overdue))
}

// ------------------------------------------------------------------------------------------------------------------
// Anonymous counts, for those who diagnose
// ------------------------------------------------------------------------------------------------------------------

/// Counts below this are shown as "fewer than 5" (disclosure control: a small count can point at a person).
pub const SMALL_CELL: u64 = 5;

/// A count as shown: `None` when it is suppressed (1 to 4).
fn safe(n: u64) -> Option<u64> {
    (n == 0 || n >= SMALL_CELL).then_some(n)
}

pub struct CountRow {
    pub label: String,
    pub count: Option<u64>,
}

#[derive(Template)]
#[template(path = "case_counts.html")]
struct CountsPage {
    page: PageCtx,
    total: Option<u64>,
    minors: Option<u64>,
    groups: Vec<(String, Vec<CountRow>)>,
}

/// `GET /cases/statistics`: counts of cases by form, status, sex and year, small counts suppressed. No case, no
/// identity: for the coordinator and analysts.
pub async fn statistics(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    a.require(Action::ViewDiagnosis)?;
    let c = kept_case_counts(&state).await?;
    let page = PageCtx::authed(&a);
    let rows = |list: &[(String, u64)], key: &dyn Fn(&str) -> String| -> Vec<CountRow> {
        list.iter()
            .map(|(k, n)| CountRow {
                label: key(k),
                count: safe(*n),
            })
            .collect()
    };
    let groups = vec![
        (
            page.t("case-forms"),
            rows(&c.by_form, &|k| {
                page.t(&format!("exploitation-{}", k.replace('_', "-")))
            }),
        ),
        (
            page.t("case-status"),
            rows(&c.by_status, &|k| page.t(&format!("victim-status-{k}"))),
        ),
        (
            page.t("case-sex"),
            rows(&c.by_sex, &|k| page.t(&format!("sex-{k}"))),
        ),
        (page.t("case-opened"), rows(&c.by_year, &|k| k.to_owned())),
    ];
    render(&CountsPage {
        total: safe(c.total),
        minors: safe(c.minors),
        groups,
        page,
    })
}

/// The case counts of the statistics page and its API, counted once per change of the data (every case is read to
/// count it).
async fn kept_case_counts(state: &AppState) -> Result<std::sync::Arc<vigie_store::CaseCounts>, AppError> {
    crate::cache::cached(state, "case-counts".into(), || async {
        Ok(state.store.case_counts().await?)
    })
    .await
}

/// `GET /api/v1/cases/statistics`: the same counts, small ones as `null`.
#[utoipa::path(
    get,
    path = "/api/v1/cases/statistics",
    tag = "vigie",
    responses(
        (status = 200, description = "Anonymous case counts, small counts withheld", body = crate::openapi::CaseStatistics),
        crate::openapi::Refusals,
    ),
    security(("token" = ["read:statistics"]), ("session" = [])),
)]
pub async fn api_statistics(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    a.require(Action::ViewDiagnosis)?;
    let c = kept_case_counts(&state).await?;
    let map = |list: &[(String, u64)]| -> serde_json::Map<String, serde_json::Value> {
        list.iter()
            .map(|(k, n)| (k.clone(), serde_json::json!(safe(*n))))
            .collect()
    };
    Ok(axum::Json(serde_json::json!({
        "suppressed_below": SMALL_CELL,
        "total": safe(c.total),
        "minors": safe(c.minors),
        "by_form": map(&c.by_form),
        "by_status": map(&c.by_status),
        "by_sex": map(&c.by_sex),
        "by_year": map(&c.by_year),
    }))
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_are_suppressed() {
        assert_eq!(safe(0), Some(0));
        for n in 1..SMALL_CELL {
            assert_eq!(safe(n), None);
        }
        assert_eq!(safe(SMALL_CELL), Some(SMALL_CELL));
        assert_eq!(safe(1234), Some(1234));
    }
}
