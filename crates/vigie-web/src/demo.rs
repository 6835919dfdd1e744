//! The demo city's case work, loaded through the same store calls as the pages: the support services of
//! `services.json` and the NGO's victims as cases with screenings, status decisions, consents and referrals. Used
//! by `vigie serve --demo` and by the tests.

use time::OffsetDateTime;
use vigie_domain::screening::{IndicatorSet, ListKind, screen};
use vigie_domain::{Role, Username};
use vigie_store::{Actor, NewScreening, NewService, StatusDecision, Store, StoreError, Viewer};
use vigie_synth::{DemoConfig, DemoFiles};

/// Why the demo could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the demo data are not valid: {0}")]
    Data(String),
}

impl From<serde_json::Error> for DemoError {
    fn from(e: serde_json::Error) -> Self {
        DemoError::Data(e.to_string())
    }
}

impl From<vigie_domain::CodeError> for DemoError {
    fn from(e: vigie_domain::CodeError) -> Self {
        DemoError::Data(e.to_string())
    }
}

impl From<vigie_domain::VocabError> for DemoError {
    fn from(e: vigie_domain::VocabError) -> Self {
        DemoError::Data(e.to_string())
    }
}

impl From<vigie_domain::screening::ScreeningError> for DemoError {
    fn from(e: vigie_domain::screening::ScreeningError) -> Self {
        DemoError::Data(e.to_string())
    }
}

/// The demo city's criminal network (`network/entities.csv`, `network/links.csv`), uploaded as the demo analyst
/// would. Returns its id.
pub async fn load_network(
    store: &dyn Store,
    files: &DemoFiles,
    now: OffsetDateTime,
) -> Result<i64, DemoError> {
    let analyst = demo_viewer(Role::Analyst, "city")?;
    let file = |name: &str| {
        files
            .get(name)
            .map(str::to_owned)
            .ok_or_else(|| DemoError::Data(format!("the demo has no {name}")))
    };
    let new = crate::pages::networks::prepare(
        "Vallombre demo network",
        "entities.csv",
        file("network/entities.csv")?,
        "links.csv",
        file("network/links.csv")?,
    )
    .map_err(|e| DemoError::Data(e.to_string()))?;
    Ok(store.save_network(&analyst, &new, now).await?)
}

/// The demo city's action plan (`plan.json`), created as the demo coordinator would. Returns how many measures.
pub async fn load_plan(
    store: &dyn Store,
    files: &DemoFiles,
    now: OffsetDateTime,
) -> Result<usize, DemoError> {
    let coordinator = demo_viewer(Role::Coordinator, "city")?;
    let plan: vigie_domain::plan::PlanFile = serde_json::from_str(
        files
            .get("plan.json")
            .ok_or_else(|| DemoError::Data("the demo has no plan.json".into()))?,
    )?;
    Ok(store
        .create_measures(&coordinator, &plan.measures, now)
        .await?
        .len())
}

/// The demo city's estimate of the hidden number of victims, published on the public portal as an analyst would
/// publish it: multiple systems estimation (vigie-estimate, default options) on the capture table of the five
/// agencies' lists (`truth/capture.csv`: the table a perfect linkage of the demo's lists gives). Returns the
/// estimate.
pub async fn load_estimate(
    store: &dyn Store,
    files: &DemoFiles,
    now: OffsetDateTime,
) -> Result<f64, DemoError> {
    let text = files
        .get("truth/capture.csv")
        .ok_or_else(|| DemoError::Data("the demo has no truth/capture.csv".into()))?;
    let table = vigie_estimate::Table::from_csv(text.as_bytes(), "truth/capture.csv")
        .map_err(|e| DemoError::Data(e.to_string()))?;
    let options = vigie_estimate::Options::default();
    let e = tokio::task::spawn_blocking(move || vigie_estimate::estimate(&table, &options))
        .await
        .map_err(|e| DemoError::Data(e.to_string()))?
        .map_err(|e| DemoError::Data(e.to_string()))?;
    let counts = store.case_counts().await?;
    let period = match (counts.by_year.first(), counts.by_year.last()) {
        (Some((a, _)), Some((b, _))) if a != b => format!("{a}–{b}"),
        (Some((a, _)), _) => a.clone(),
        _ => now.year().to_string(),
    };
    store
        .publish_estimate(
            &vigie_store::PublicEstimate {
                period,
                lists: e.lists.len() as u64,
                observed: e.observed,
                estimate: e.estimate,
                low: e.interval.lower,
                high: e.interval.upper,
                level: e.interval.level,
                method: e.method.clone(),
                published_at: None,
            },
            &Actor::new("demo:analyst", "demo"),
            now,
        )
        .await?;
    Ok(e.estimate)
}

/// A service as `services.json` writes it.
#[derive(serde::Deserialize)]
struct ServiceFile {
    code: String,
    kind: String,
    name: String,
    provider: String,
    languages: Vec<String>,
    capacity: Option<u32>,
    hours: String,
    contact: String,
    response_days: u16,
    #[serde(default)]
    public: bool,
}

fn demo_viewer(role: Role, agency: &str) -> Result<Viewer, DemoError> {
    Ok(Viewer::new(
        vigie_domain::User {
            username: Username::parse(role.code())?,
            role,
            agency: Some(vigie_domain::AgencyCode::parse(agency)?),
            active: true,
        },
        "cli",
    ))
}

/// The demo's support services and the NGO's victims as cases. Returns (cases, services).
pub async fn load_cases(
    store: &dyn Store,
    files: &DemoFiles,
    now: OffsetDateTime,
) -> Result<(usize, usize), DemoError> {
    let coordinator = demo_viewer(Role::Coordinator, "city")?;
    let caseworker = demo_viewer(Role::Caseworker, "ngo")?;
    let services: Vec<ServiceFile> = serde_json::from_str(
        files
            .get("services.json")
            .ok_or_else(|| DemoError::Data("the demo has no services.json".into()))?,
    )?;
    let mut ids = std::collections::HashMap::new();
    for s in &services {
        let id = store
            .save_service(
                &coordinator,
                &NewService {
                    code: s.code.clone(),
                    kind: vigie_domain::ServiceKind::parse(&s.kind)?,
                    name: s.name.clone(),
                    provider: vigie_domain::AgencyCode::parse(&s.provider)?,
                    languages: s.languages.clone(),
                    capacity: s.capacity,
                    free: s.capacity,
                    hours: s.hours.clone(),
                    contact: s.contact.clone(),
                    response_days: s.response_days,
                    public: s.public,
                },
                now,
            )
            .await?;
        ids.insert(s.code.clone(), (id, s.provider.clone(), s.name.clone()));
    }
    let set = IndicatorSet::ilo_ec_2009()?;
    let today = now.date();
    let mut cases = vigie_synth::demo_case_work(&DemoConfig::default(), files);
    cases.sort_by(|a, b| a.intake.opened_on.cmp(&b.intake.opened_on));
    let recent = cases.len().saturating_sub(3);
    for (k, c) in cases.iter().enumerate() {
        let intake = c
            .intake
            .validate(today)
            .map_err(|e| DemoError::Data(format!("demo case {}: {e:?}", c.record_id)))?;
        let (id, _) = store.create_case(&caseworker, &intake, now).await?;
        let mut decided = intake.opened_on;
        if let Some(sc) = &c.screening {
            let list = ListKind::parse(sc.list)?;
            let r = screen(set, list, &sc.indicators)?;
            store
                .record_screening(
                    &caseworker,
                    id,
                    &NewScreening {
                        list: sc.list.to_owned(),
                        version: set.version.clone(),
                        indicators: sc.indicators.clone(),
                        presumed: r.presumed_victim,
                    },
                    now,
                )
                .await?;
            if r.presumed_victim {
                // The three latest cases found reasonable grounds four weeks ago: their recovery and reflection
                // periods end this week, so the deadline pages have something to show.
                decided = if k >= recent {
                    (today - time::Duration::days(27)).max(intake.opened_on)
                } else {
                    (intake.opened_on + time::Duration::days(i64::from(c.grounds_after_days.unwrap_or(7))))
                        .min(today)
                };
                store
                    .set_status(
                        &caseworker,
                        id,
                        &StatusDecision {
                            status: vigie_domain::VictimStatus::Presumed,
                            decided_by: "Association Le Phare".into(),
                            on: decided,
                            reflection_days: 30,
                        },
                        now,
                    )
                    .await?;
            }
        }
        if let Some((service, provider, name)) = c.referral.and_then(|code| ids.get(code)) {
            let consent = store
                .record_consent(
                    &caseworker,
                    id,
                    &vigie_domain::AgencyCode::parse(provider)?,
                    &format!("referral to {name}"),
                    decided,
                    now,
                )
                .await?;
            match store.refer(&caseworker, id, *service, consent, None, now).await {
                Ok(referral) if c.accepted => {
                    let partner = demo_viewer(Role::Partner, provider)?;
                    // A service that filled up meanwhile refuses; the referral stays as sent.
                    let _ = store.answer_referral(&partner, referral, true, "", now).await;
                }
                Ok(_) | Err(StoreError::Refused(_)) => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    Ok((cases.len(), services.len()))
}
