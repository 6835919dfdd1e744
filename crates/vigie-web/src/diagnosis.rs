//! The diagnosis of the city from what the store holds: reads every area, indicator value and incident, and
//! hands them to `vigie-diagnosis`; and the report's sections beyond the diagnosis (criminal networks in the
//! areas, the action plan, hidden victims). Used by the report pages and by `vigie diagnose report --db`.

use vigie_diagnosis::report::{CityData, Diagnosis, Settings, diagnose};
use vigie_domain::plan::Measure;
use vigie_domain::{Area, Incident, IndicatorDef, IndicatorValue};
use vigie_plan::Evaluation;
use vigie_render::escape;
use vigie_render::report::{NetworkPresence, PresenceRow, ReportContext, Section, standard_sections};
use vigie_store::{IncidentFilter, Store, StoreError, Viewer};

#[derive(Debug, thiserror::Error)]
pub enum DiagnosisFailure {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Diagnosis(#[from] vigie_diagnosis::DiagnosisError),
}

/// Everything the report needs: the diagnosis and the areas with their boundaries.
pub struct CityDiagnosis {
    pub diagnosis: Diagnosis,
    pub areas: Vec<Area>,
}

pub async fn from_store(store: &dyn Store, settings: &Settings) -> Result<CityDiagnosis, DiagnosisFailure> {
    let city = store.city().await?.map(|c| c.name).unwrap_or_default();
    let areas = store.areas().await?;
    let definitions: Vec<IndicatorDef> = store.indicator_defs().await?;
    let mut values: Vec<IndicatorValue> = Vec::new();
    for d in &definitions {
        for p in store.indicator_periods(&d.code).await? {
            values.extend(store.indicator_values(&d.code, p).await?);
        }
    }
    let all = IncidentFilter::default();
    let incidents = store.incidents(&all, u32::MAX, 0).await?;
    let data = CityData {
        city: &city,
        areas: &areas,
        definitions: &definitions,
        values: &values,
        incidents: &incidents,
    };
    let diagnosis = diagnose(&data, settings)?;
    Ok(CityDiagnosis { diagnosis, areas })
}

/// "Hidden victims": what multiple systems estimation is, what it needs and where to run it. No figure: the
/// estimate needs the partners' linked lists, which the store does not hold.
struct HiddenVictims {
    /// Link to the estimate page (the web page); the downloaded file names it instead.
    link: bool,
}

impl Section for HiddenVictims {
    fn id(&self) -> &'static str {
        "hidden-victims"
    }
    fn title(&self, ctx: &ReportContext<'_>) -> String {
        ctx.tr.t("report-hidden")
    }
    fn body(&self, ctx: &ReportContext<'_>) -> String {
        let tr = ctx.tr;
        let mut out = String::new();
        for key in ["report-hidden-what", "report-hidden-how", "report-hidden-limits"] {
            out.push_str(&format!("<p>{}</p>", escape(&tr.t(key))));
        }
        if self.link {
            out.push_str(&format!(
                "<p><a href=\"/estimate\">{}</a></p>",
                escape(&tr.t("report-hidden-link"))
            ));
        } else {
            out.push_str(&format!("<p>{}</p>", escape(&tr.t("report-hidden-where"))));
        }
        out
    }
}

/// One measure in the report's "Action plan" section.
pub struct PlanLine {
    pub code: String,
    pub title: String,
    pub areas: Vec<String>,
    pub status: vigie_domain::MeasureStatus,
    pub effect: Option<(f64, f64, f64)>,
    pub warnings: usize,
}

/// "Action plan": the measures answering the diagnosis, with their status and evaluated effect.
struct ActionPlan {
    lines: Vec<PlanLine>,
    link: bool,
}

impl Section for ActionPlan {
    fn id(&self) -> &'static str {
        "action-plan"
    }
    fn title(&self, ctx: &ReportContext<'_>) -> String {
        ctx.tr.t("report-plan")
    }
    fn body(&self, ctx: &ReportContext<'_>) -> String {
        let tr = ctx.tr;
        let mut out = format!("<p>{}</p>", escape(&tr.t("report-plan-intro")));
        if self.lines.is_empty() {
            out.push_str(&format!("<p>{}</p>", escape(&tr.t("plan-empty"))));
            return out;
        }
        out.push_str(&format!(
            "<table class=\"plan\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            escape(&tr.t("plan-field-code")),
            escape(&tr.t("plan-field-title")),
            escape(&tr.t("plan-field-areas")),
            escape(&tr.t("plan-field-status")),
            escape(&tr.t("report-plan-effect")),
        ));
        for l in &self.lines {
            let areas: Vec<String> = l
                .areas
                .iter()
                .map(|a| format!("<a href=\"{}\">{}</a>", escape(&(ctx.area_href)(a)), escape(a)))
                .collect();
            let effect = match l.effect {
                Some((e, lo, hi)) => {
                    let mut t = format!("{} [{} ; {}]", tr.num(e, 2), tr.num(lo, 2), tr.num(hi, 2));
                    if l.warnings > 0 {
                        t.push_str(&format!(" ({})", tr.t("report-plan-weak")));
                    }
                    t
                }
                None => "–".into(),
            };
            let code = if self.link {
                format!("<a href=\"/plan/{0}\">{0}</a>", escape(&l.code))
            } else {
                escape(&l.code)
            };
            out.push_str(&format!(
                "<tr><th scope=\"row\">{code}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&l.title),
                if areas.is_empty() {
                    escape(&tr.t("plan-city-wide"))
                } else {
                    areas.join(", ")
                },
                escape(&tr.t(&l.status.label_key())),
                escape(&effect),
            ));
        }
        out.push_str("</tbody></table>");
        out.push_str(&format!(
            "<p class=\"help\">{}</p>",
            escape(&tr.t("plan-evaluation-help"))
        ));
        out
    }
}

/// The report's sections: the standard ones, with "Criminal networks in the areas" (when an analyst uploaded a
/// network), "Action plan" and "Hidden victims" before the methods.
pub fn sections(link: bool, extras: Extras) -> Vec<Box<dyn Section>> {
    let mut all = standard_sections();
    let at = all.iter().position(|s| s.id() == "methods").unwrap_or(all.len());
    all.insert(at, Box::new(HiddenVictims { link }));
    all.insert(
        at,
        Box::new(ActionPlan {
            lines: extras.plan,
            link,
        }),
    );
    if let Some(n) = extras.networks {
        all.insert(at, Box::new(n));
    }
    all
}

/// What the report shows beyond the diagnosis itself: the newest network's per-area counts and the action plan.
pub struct Extras {
    pub networks: Option<NetworkPresence>,
    pub plan: Vec<PlanLine>,
}

/// What evaluating measures needs, read from the store once: the whole plan (the other measures decide which
/// areas may be compared), the areas and every incident.
pub struct PlanData {
    pub all: Vec<Measure>,
    pub areas: Vec<Area>,
    pub incidents: Vec<Incident>,
}

impl PlanData {
    pub async fn load(store: &dyn Store) -> Result<Self, StoreError> {
        Ok(Self {
            all: store.measures_for_evaluation().await?,
            areas: store.areas().await?,
            incidents: store.incidents(&IncidentFilter::default(), u32::MAX, 0).await?,
        })
    }

    /// One measure evaluated within the whole plan (milliseconds for a city's plan).
    pub fn evaluate(&self, m: &Measure) -> Evaluation {
        vigie_plan::evaluate::evaluate_measure(
            m,
            &self.all,
            &self.areas,
            &self.incidents,
            &vigie_plan::Options::default(),
        )
    }
}

/// The plan, the areas and every incident, read once per change of the data (`cache::cached`).
pub async fn plan_data(state: &crate::AppState) -> Result<std::sync::Arc<PlanData>, crate::error::AppError> {
    crate::cache::cached(state, "plan-data".into(), || async {
        Ok(PlanData::load(state.store.as_ref()).await?)
    })
    .await
}

/// The measures given, each evaluated within the whole plan, from evaluations kept until the data changes
/// (`cache::cached`): the plan's pages evaluate the plan once per change of the data, not at every request.
pub async fn evaluations_for(
    state: &crate::AppState,
    measures: &[Measure],
) -> Result<Vec<Evaluation>, crate::error::AppError> {
    let kept = crate::cache::cached(state, "plan-evaluations".into(), || async {
        let data = plan_data(state).await?;
        Ok(data
            .all
            .iter()
            .map(|m| (m.code.clone(), data.evaluate(m)))
            .collect::<std::collections::HashMap<_, _>>())
    })
    .await?;
    if measures.iter().all(|m| kept.contains_key(&m.code)) {
        return Ok(measures
            .iter()
            .filter_map(|m| kept.get(&m.code).cloned())
            .collect());
    }
    // A measure not in the kept plan (not possible once the data version moved with it; computed to be safe).
    let data = plan_data(state).await?;
    Ok(measures.iter().map(|m| data.evaluate(m)).collect())
}

/// Every measure given evaluated within the whole plan.
pub async fn evaluate_measures(
    store: &dyn Store,
    measures: &[Measure],
) -> Result<Vec<Evaluation>, StoreError> {
    let data = PlanData::load(store).await?;
    Ok(measures.iter().map(|m| data.evaluate(m)).collect())
}

/// The report's extras as `viewer` may see them (a role without the plan gets no plan lines).
pub async fn extras(store: &dyn Store, viewer: &Viewer) -> Result<Extras, StoreError> {
    let (networks, measures) = extras_parts(store, viewer).await?;
    let evals = evaluate_measures(store, &measures).await?;
    Ok(assemble(networks, &measures, &evals))
}

/// [`extras`] for the web pages: the plan's evaluations kept until the data changes ([`evaluations_for`]).
pub async fn extras_kept(state: &crate::AppState, viewer: &Viewer) -> Result<Extras, crate::error::AppError> {
    let (networks, measures) = extras_parts(state.store.as_ref(), viewer).await?;
    let evals = evaluations_for(state, &measures).await?;
    Ok(assemble(networks, &measures, &evals))
}

/// The newest network's per-area counts and the measures `viewer` may see.
async fn extras_parts(
    store: &dyn Store,
    viewer: &Viewer,
) -> Result<(Option<NetworkPresence>, Vec<Measure>), StoreError> {
    let networks = store
        .network_presence()
        .await?
        .map(|(info, rows)| NetworkPresence {
            network: info.name,
            uploaded_on: info.uploaded_at.date().to_string(),
            rows: rows
                .into_iter()
                .map(|r| PresenceRow {
                    area: r.area,
                    premises: r.premises,
                    groups: r.groups,
                    entities: r.entities,
                })
                .collect(),
        });
    let measures: Vec<Measure> = match store.measures(viewer).await {
        Ok(m) => m.into_iter().map(|s| s.measure).collect(),
        Err(StoreError::Forbidden(_)) => Vec::new(),
        Err(e) => return Err(e),
    };
    Ok((networks, measures))
}

fn assemble(networks: Option<NetworkPresence>, measures: &[Measure], evals: &[Evaluation]) -> Extras {
    let plan = measures
        .iter()
        .zip(evals)
        .map(|(m, e)| PlanLine {
            code: m.code.clone(),
            title: m.title.clone(),
            areas: m.areas.iter().map(ToString::to_string).collect(),
            status: m.status,
            effect: match (e.effect, e.lower, e.upper) {
                (Some(x), Some(l), Some(u)) => Some((x, l, u)),
                _ => None,
            },
            warnings: e.warnings.len(),
        })
        .collect();
    Extras { networks, plan }
}
