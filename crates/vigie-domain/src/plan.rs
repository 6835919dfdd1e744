//! The local action plan: measures that answer the diagnosis (areas, phenomena, indicators, linked by their codes,
//! not retyped), with their partners, budget, dates, status and the indicators by which they are followed.
//!
//! A measure arrives as a [`MeasureDraft`] (a JSON file, a form) and becomes a [`Measure`] only through
//! [`MeasureDraft::validate`], which checks every field against what the city knows and reports every problem with
//! its field: an end before the start, an indicator without a baseline, an unknown area are refused.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::codes::{AgencyCode, AreaCode, IndicatorCode};
use crate::import::parse_date;
use crate::vocab::{IncidentType, MeasureStatus, PlanBarrier, ResponseKind};

/// The longest title of a measure.
pub const MAX_TITLE: usize = 200;
/// The longest objective of a measure.
pub const MAX_OBJECTIVE: usize = 2000;

/// Where the values of a measure's indicator come from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IndicatorSource {
    /// vigie's incidents: the rate per 1,000 inhabitants per year of the measure's phenomena in its areas.
    IncidentRate,
    /// vigie's referrals to support services.
    Referrals,
    /// vigie's referral response times, in days.
    ResponseDays,
    /// An indicator imported into vigie (its values in the measure's areas).
    Indicator(IndicatorCode),
    /// Values entered by the partners.
    Partner,
}

impl IndicatorSource {
    /// The code written in files and forms: `incident_rate`, `referrals`, `response_days`, `indicator:<code>`,
    /// `partner`.
    pub fn code(&self) -> String {
        match self {
            IndicatorSource::IncidentRate => "incident_rate".into(),
            IndicatorSource::Referrals => "referrals".into(),
            IndicatorSource::ResponseDays => "response_days".into(),
            IndicatorSource::Indicator(c) => format!("indicator:{c}"),
            IndicatorSource::Partner => "partner".into(),
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        let t = raw.trim();
        match t {
            "incident_rate" => Ok(IndicatorSource::IncidentRate),
            "referrals" => Ok(IndicatorSource::Referrals),
            "response_days" => Ok(IndicatorSource::ResponseDays),
            "partner" => Ok(IndicatorSource::Partner),
            _ => match t.strip_prefix("indicator:") {
                Some(code) => IndicatorCode::parse(code)
                    .map(IndicatorSource::Indicator)
                    .map_err(|e| e.to_string()),
                None => Err(format!(
                    "{raw:?} is not a data source; expected incident_rate, referrals, response_days, \
                     indicator:<code> or partner"
                )),
            },
        }
    }
}

impl Serialize for IndicatorSource {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.code())
    }
}

/// An indicator by which a measure is followed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureIndicator {
    pub name: String,
    pub source: IndicatorSource,
    pub baseline: f64,
    pub target: f64,
}

/// A measure of the action plan, valid. Serialises as its [`MeasureDraft`] (dates `YYYY-MM-DD`, codes as text).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(into = "MeasureDraft")]
pub struct Measure {
    /// A short code (`M01`), unique in the plan.
    pub code: String,
    pub title: String,
    pub objective: String,
    /// The areas it works in (empty: the whole city).
    pub areas: Vec<AreaCode>,
    /// The phenomena (incident types) of the diagnosis it answers.
    pub phenomena: Vec<IncidentType>,
    /// The diagnosis indicators it answers.
    pub linked_indicators: Vec<IndicatorCode>,
    pub response: ResponseKind,
    /// For trafficking: the barrier it raises.
    pub barrier: Option<PlanBarrier>,
    pub lead: AgencyCode,
    pub partners: Vec<AgencyCode>,
    /// In euros.
    pub budget: Option<u64>,
    pub start: Date,
    pub end: Option<Date>,
    pub status: MeasureStatus,
    pub indicators: Vec<MeasureIndicator>,
}

impl From<Measure> for MeasureDraft {
    fn from(m: Measure) -> Self {
        MeasureDraft {
            code: m.code,
            title: m.title,
            objective: m.objective,
            areas: m.areas.iter().map(ToString::to_string).collect(),
            phenomena: m.phenomena.iter().map(|p| p.code().to_owned()).collect(),
            linked_indicators: m.linked_indicators.iter().map(ToString::to_string).collect(),
            response: m.response.code().to_owned(),
            barrier: m.barrier.map(|b| b.code().to_owned()),
            lead: m.lead.to_string(),
            partners: m.partners.iter().map(ToString::to_string).collect(),
            budget: m.budget.map(|b| b as f64),
            start: m.start.to_string(),
            end: m.end.map(|e| e.to_string()),
            status: Some(m.status.code().to_owned()),
            indicators: m
                .indicators
                .into_iter()
                .map(|i| IndicatorDraft {
                    name: i.name,
                    source: i.source.code(),
                    baseline: Some(i.baseline),
                    target: Some(i.target),
                })
                .collect(),
        }
    }
}

impl Measure {
    /// Whether the agency carries the measure (leads it or is one of its partners).
    pub fn carried_by(&self, agency: &AgencyCode) -> bool {
        self.lead == *agency || self.partners.contains(agency)
    }
}

/// An indicator as written in a file or form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IndicatorDraft {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub baseline: Option<f64>,
    #[serde(default)]
    pub target: Option<f64>,
}

/// A measure as written in a file or form: text everywhere, checked by [`MeasureDraft::validate`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureDraft {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub objective: String,
    #[serde(default)]
    pub areas: Vec<String>,
    #[serde(default)]
    pub phenomena: Vec<String>,
    #[serde(default)]
    pub linked_indicators: Vec<String>,
    #[serde(default)]
    pub response: String,
    #[serde(default)]
    pub barrier: Option<String>,
    #[serde(default)]
    pub lead: String,
    #[serde(default)]
    pub partners: Vec<String>,
    #[serde(default)]
    pub budget: Option<f64>,
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub end: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub indicators: Vec<IndicatorDraft>,
}

/// A problem with one field of a measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanProblem {
    /// The field (`end`, `areas[2]`, `indicators[0].baseline`).
    pub field: String,
    pub reason: String,
}

impl std::fmt::Display for PlanProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.reason)
    }
}

/// What the city knows, to check a measure's references.
#[derive(Debug, Clone, Default)]
pub struct Known {
    pub areas: BTreeSet<String>,
    pub indicators: BTreeSet<String>,
    pub agencies: BTreeSet<String>,
}

fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 20
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

impl MeasureDraft {
    /// The measure, or every problem found.
    pub fn validate(&self, known: &Known) -> Result<Measure, Vec<PlanProblem>> {
        let mut problems = Vec::new();
        let mut bad = |field: &str, reason: String| {
            problems.push(PlanProblem {
                field: field.to_owned(),
                reason,
            })
        };
        let code = self.code.trim().to_owned();
        if !valid_code(&code) {
            bad(
                "code",
                "a code of 1 to 20 letters, digits, '-' or '_' is needed".into(),
            );
        }
        let title = self.title.trim().to_owned();
        if title.is_empty() || title.chars().count() > MAX_TITLE {
            bad(
                "title",
                format!("a title of 1 to {MAX_TITLE} characters is needed"),
            );
        }
        let objective = self.objective.trim().to_owned();
        if objective.chars().count() > MAX_OBJECTIVE {
            bad("objective", format!("at most {MAX_OBJECTIVE} characters"));
        }
        let mut areas = Vec::new();
        for (i, a) in self.areas.iter().enumerate() {
            match AreaCode::parse(a) {
                Ok(c) if known.areas.contains(c.as_str()) => {
                    if !areas.contains(&c) {
                        areas.push(c);
                    }
                }
                Ok(c) => bad(
                    &format!("areas[{i}]"),
                    format!("`{c}` is not an area of the city"),
                ),
                Err(e) => bad(&format!("areas[{i}]"), e.to_string()),
            }
        }
        let mut phenomena = Vec::new();
        for (i, p) in self.phenomena.iter().enumerate() {
            match IncidentType::parse(p) {
                Ok(t) if !phenomena.contains(&t) => phenomena.push(t),
                Ok(_) => {}
                Err(e) => bad(&format!("phenomena[{i}]"), e.to_string()),
            }
        }
        let mut linked_indicators = Vec::new();
        for (i, p) in self.linked_indicators.iter().enumerate() {
            match IndicatorCode::parse(p) {
                Ok(c) if known.indicators.contains(c.as_str()) => {
                    if !linked_indicators.contains(&c) {
                        linked_indicators.push(c);
                    }
                }
                Ok(c) => bad(
                    &format!("linked_indicators[{i}]"),
                    format!("`{c}` is not an indicator of the city"),
                ),
                Err(e) => bad(&format!("linked_indicators[{i}]"), e.to_string()),
            }
        }
        let response = ResponseKind::parse(&self.response)
            .map_err(|e| bad("response", e.to_string()))
            .ok();
        let barrier = match self.barrier.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
            None => None,
            Some(b) => PlanBarrier::parse(b)
                .map_err(|e| bad("barrier", e.to_string()))
                .ok(),
        };
        let agency = |field: &str, raw: &str, bad: &mut dyn FnMut(&str, String)| match AgencyCode::parse(raw)
        {
            Ok(c) if known.agencies.contains(c.as_str()) => Some(c),
            Ok(c) => {
                bad(field, format!("`{c}` is not a partner agency of the city"));
                None
            }
            Err(e) => {
                bad(field, e.to_string());
                None
            }
        };
        let lead = agency("lead", &self.lead, &mut bad);
        let mut partners = Vec::new();
        for (i, p) in self.partners.iter().enumerate() {
            if let Some(c) = agency(&format!("partners[{i}]"), p, &mut bad)
                && Some(&c) != lead.as_ref()
                && !partners.contains(&c)
            {
                partners.push(c);
            }
        }
        let budget = match self.budget {
            None => None,
            Some(b) if (0.0..=1e12).contains(&b) => Some(b.round() as u64),
            Some(b) => {
                bad("budget", format!("{b} is not an amount in euros"));
                None
            }
        };
        let start = parse_date(&self.start).map_err(|e| bad("start", e)).ok();
        let end = match self.end.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
            None => None,
            Some(e) => parse_date(e).map_err(|e| bad("end", e)).ok(),
        };
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            bad("end", format!("the end ({e}) is before the start ({s})"));
        }
        let status = match self.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Some(MeasureStatus::Planned),
            Some(s) => MeasureStatus::parse(s)
                .map_err(|e| bad("status", e.to_string()))
                .ok(),
        };
        let mut indicators = Vec::new();
        for (i, d) in self.indicators.iter().enumerate() {
            let name = d.name.trim().to_owned();
            if name.is_empty() || name.chars().count() > MAX_TITLE {
                bad(
                    &format!("indicators[{i}].name"),
                    format!("a name of 1 to {MAX_TITLE} characters is needed"),
                );
            }
            let source = match IndicatorSource::parse(&d.source) {
                Ok(IndicatorSource::Indicator(c)) if !known.indicators.contains(c.as_str()) => {
                    bad(
                        &format!("indicators[{i}].source"),
                        format!("`{c}` is not an indicator of the city"),
                    );
                    None
                }
                Ok(s) => Some(s),
                Err(e) => {
                    bad(&format!("indicators[{i}].source"), e);
                    None
                }
            };
            let number = |v: Option<f64>, field: &str, bad: &mut dyn FnMut(&str, String)| match v {
                Some(x) if x.is_finite() => Some(x),
                Some(x) => {
                    bad(
                        &format!("indicators[{i}].{field}"),
                        format!("{x} is not a number"),
                    );
                    None
                }
                None => {
                    bad(
                        &format!("indicators[{i}].{field}"),
                        format!("the {field} is missing: an indicator needs a baseline and a target"),
                    );
                    None
                }
            };
            let baseline = number(d.baseline, "baseline", &mut bad);
            let target = number(d.target, "target", &mut bad);
            if let (Some(source), Some(baseline), Some(target)) = (source, baseline, target) {
                indicators.push(MeasureIndicator {
                    name,
                    source,
                    baseline,
                    target,
                });
            }
        }
        match (response, lead, start, status) {
            (Some(response), Some(lead), Some(start), Some(status)) if problems.is_empty() => Ok(Measure {
                code,
                title,
                objective,
                areas,
                phenomena,
                linked_indicators,
                response,
                barrier,
                lead,
                partners,
                budget,
                start,
                end,
                status,
                indicators,
            }),
            _ => Err(problems),
        }
    }
}

/// A plan file: `{"measures": [ … ]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanFile {
    pub measures: Vec<MeasureDraft>,
}

/// Reads a plan file whole: every measure valid and every code unique, or every problem as `measures[i].field`.
pub fn read_plan(text: &str, known: &Known) -> Result<Vec<Measure>, Vec<PlanProblem>> {
    let file: PlanFile = serde_json::from_str(text).map_err(|e| {
        vec![PlanProblem {
            field: format!("line {}, column {}", e.line(), e.column()),
            reason: e.to_string(),
        }]
    })?;
    let mut problems = Vec::new();
    let mut measures = Vec::new();
    let mut codes = BTreeSet::new();
    for (i, d) in file.measures.iter().enumerate() {
        match d.validate(known) {
            Ok(m) => {
                if !codes.insert(m.code.clone()) {
                    problems.push(PlanProblem {
                        field: format!("measures[{i}].code"),
                        reason: format!("`{}` is the code of an earlier measure", m.code),
                    });
                }
                measures.push(m);
            }
            Err(ps) => problems.extend(ps.into_iter().map(|p| PlanProblem {
                field: format!("measures[{i}].{}", p.field),
                reason: p.reason,
            })),
        }
    }
    if problems.is_empty() {
        Ok(measures)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn known() -> Known {
        Known {
            areas: ["N01", "N02"].iter().map(|s| (*s).to_owned()).collect(),
            indicators: ["unemployment"].iter().map(|s| (*s).to_owned()).collect(),
            agencies: ["city", "ngo", "police"]
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
        }
    }

    fn draft() -> MeasureDraft {
        MeasureDraft {
            code: "M01".into(),
            title: "Youth outreach in Les Tilleuls".into(),
            objective: "Keep minors out of drug selling".into(),
            areas: vec!["N01".into()],
            phenomena: vec!["youth_recruitment".into(), "drug_selling_point".into()],
            linked_indicators: vec!["unemployment".into()],
            response: "youth_family".into(),
            barrier: Some("recruitment".into()),
            lead: "city".into(),
            partners: vec!["ngo".into(), "city".into()],
            budget: Some(120_000.0),
            start: "2024-01-01".into(),
            end: Some("2025-12-31".into()),
            status: Some("running".into()),
            indicators: vec![IndicatorDraft {
                name: "Youth recruitment incidents per 1,000".into(),
                source: "incident_rate".into(),
                baseline: Some(1.2),
                target: Some(0.6),
            }],
        }
    }

    #[test]
    fn a_valid_draft_becomes_a_measure() {
        let m = draft().validate(&known()).unwrap();
        assert_eq!(m.code, "M01");
        assert_eq!(
            m.partners,
            [AgencyCode::parse("ngo").unwrap()],
            "the lead is not repeated"
        );
        assert_eq!(m.phenomena.len(), 2);
        assert_eq!(m.budget, Some(120_000));
        assert_eq!(m.indicators[0].source, IndicatorSource::IncidentRate);
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(json["indicators"][0]["source"], "incident_rate");
        assert_eq!(json["response"], "youth_family");
    }

    #[test]
    fn bad_drafts_are_refused_with_every_field() {
        let mut d = draft();
        d.end = Some("2023-12-31".into());
        d.areas.push("N99".into());
        d.indicators[0].baseline = None;
        d.indicators.push(IndicatorDraft {
            name: "Unemployment".into(),
            source: "indicator:income".into(),
            baseline: Some(1.0),
            target: Some(0.5),
        });
        d.lead = "mafia".into();
        let problems = d.validate(&known()).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "areas[1]",
                "lead",
                "end",
                "indicators[0].baseline",
                "indicators[1].source"
            ],
            "{problems:?}"
        );
        assert!(problems[2].reason.contains("before the start"));
        assert!(problems[3].reason.contains("baseline"));
        assert!(problems[0].reason.contains("N99"));
    }

    #[test]
    fn a_plan_file_is_read_whole() {
        let one = serde_json::to_string(&draft()).unwrap();
        let text = format!("{{\"measures\": [{one}, {one}]}}");
        let problems = read_plan(&text, &known()).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "measures[1].code");
        let text = format!("{{\"measures\": [{one}]}}");
        assert_eq!(read_plan(&text, &known()).unwrap().len(), 1);
        let problems = read_plan("{\"measures\": [{\"colour\": 1}]}", &known()).unwrap_err();
        assert!(problems[0].reason.contains("colour"), "{problems:?}");
    }
}
