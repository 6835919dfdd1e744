//! Suggestions from the diagnosis: for each priority area, the phenomena that put it there, and the measure
//! templates that answer them. Transparent rules, not a model:
//!
//! * an area's **phenomena** are the incident types rising significantly in it (the diagnosis' `Rising` reason)
//!   and the types over-represented in its last year: a rate per inhabitant at least 1.5 times the city's, with at
//!   least 5 incidents;
//! * a **template** (an editable JSON library in French and English, `data/templates.json`) is suggested for an
//!   area when it answers one of the area's phenomena, or when it addresses exclusion and the area is in the worst
//!   quarter of the exclusion index;
//! * at most [`MAX_PER_AREA`] suggestions per area, templates in library order, areas in the diagnosis' priority
//!   order.

use serde::{Deserialize, Serialize};
use time::Date;
use vigie_diagnosis::report::{Diagnosis, Reason};
use vigie_domain::plan::{IndicatorDraft, MeasureDraft};
use vigie_domain::{Agency, AgencyKind, IncidentType, PlanBarrier, ResponseKind};

/// The most suggestions shown for one area.
pub const MAX_PER_AREA: usize = 5;
/// An incident type is over-represented in an area when its rate there is at least this multiple of the city's.
pub const OVER_REPRESENTED: f64 = 1.5;
/// … with at least this many incidents in the last year.
pub const MIN_COUNT: u64 = 5;

/// The library shipped with vigie.
pub const DEFAULT_TEMPLATES: &str = include_str!("../data/templates.json");

/// A text in English and French.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Localised {
    pub en: String,
    pub fr: String,
}

impl Localised {
    /// The text in `lang` (`fr`, else English).
    pub fn get(&self, lang: &str) -> &str {
        if lang == "fr" { &self.fr } else { &self.en }
    }
}

/// A measure template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub id: String,
    /// The phenomena it answers.
    pub phenomena: Vec<IncidentType>,
    /// Whether it addresses social exclusion itself (suggested for areas in the worst quarter of the index).
    pub exclusion: bool,
    pub response: ResponseKind,
    pub barrier: Option<PlanBarrier>,
    /// The kind of agency that usually leads it.
    pub lead_kind: AgencyKind,
    pub partner_kinds: Vec<AgencyKind>,
    pub title: Localised,
    pub objective: Localised,
    /// The name of its incident-rate indicator.
    pub indicator: Localised,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Library {
    templates: Vec<Template>,
}

/// Reads a template library (`{"templates": [...]}`); ids must be unique.
pub fn read_templates(text: &str) -> Result<Vec<Template>, String> {
    let lib: Library = serde_json::from_str(text).map_err(|e| format!("templates: {e}"))?;
    let mut ids = std::collections::BTreeSet::new();
    for t in &lib.templates {
        if !ids.insert(t.id.as_str()) {
            return Err(format!("templates: the id `{}` is used twice", t.id));
        }
    }
    Ok(lib.templates)
}

/// Why a template is suggested for an area.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum Why {
    /// The incident type rises significantly in the area.
    Rising { kind: IncidentType },
    /// The incident type's rate in the area last year was `ratio` times the city's.
    Frequent {
        kind: IncidentType,
        ratio: f64,
        count: u64,
    },
    /// The area is in the worst quarter of the exclusion index.
    Exclusion { rank: usize },
}

/// A template suggested for a priority area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub area: String,
    pub area_name: String,
    pub template: String,
    /// The area's phenomena that the template answers (empty when suggested for exclusion alone).
    pub phenomena: Vec<IncidentType>,
    pub because: Vec<Why>,
    /// The area's rate of those phenomena last year, per 1,000 inhabitants (all incidents when none).
    pub baseline: f64,
}

/// The phenomena of one area (see the module documentation).
pub fn phenomena(d: &Diagnosis, area: usize) -> Vec<Why> {
    let a = &d.areas[area];
    let mut out: Vec<Why> = a
        .reasons
        .iter()
        .filter_map(|r| match r {
            Reason::Rising { kind, .. } => Some(Why::Rising { kind: *kind }),
            _ => None,
        })
        .collect();
    let Some(last) = d.years.len().checked_sub(1) else {
        return out;
    };
    if a.population == 0 || d.population == 0 {
        return out;
    }
    for t in &a.types {
        let count = t.per_year.get(last).copied().unwrap_or(0);
        let city: u64 = d
            .areas
            .iter()
            .flat_map(|x| x.types.iter().filter(|y| y.kind == t.kind))
            .map(|y| y.per_year.get(last).copied().unwrap_or(0))
            .sum();
        if count < MIN_COUNT || city == 0 {
            continue;
        }
        let ratio = (count as f64 / f64::from(a.population)) / (city as f64 / d.population as f64);
        if ratio >= OVER_REPRESENTED
            && !out
                .iter()
                .any(|w| matches!(w, Why::Rising { kind } if *kind == t.kind))
        {
            out.push(Why::Frequent {
                kind: t.kind,
                ratio,
                count,
            });
        }
    }
    out
}

fn kind_of(w: &Why) -> Option<IncidentType> {
    match w {
        Why::Rising { kind } | Why::Frequent { kind, .. } => Some(*kind),
        Why::Exclusion { .. } => None,
    }
}

/// The area's yearly rate per 1,000 of `kinds` (all types when empty) in the last year of the diagnosis.
pub fn last_year_rate(d: &Diagnosis, area: usize, kinds: &[IncidentType]) -> f64 {
    let a = &d.areas[area];
    let Some(last) = d.years.len().checked_sub(1) else {
        return 0.0;
    };
    if a.population == 0 {
        return 0.0;
    }
    let count: u64 = a
        .types
        .iter()
        .filter(|t| kinds.is_empty() || kinds.contains(&t.kind))
        .map(|t| t.per_year.get(last).copied().unwrap_or(0))
        .sum();
    (count as f64 / f64::from(a.population) * 1000.0 * 100.0).round() / 100.0
}

/// Suggestions for the priority areas of a diagnosis.
pub fn suggest(d: &Diagnosis, templates: &[Template]) -> Vec<Suggestion> {
    let mut out = Vec::new();
    for &i in &d.priority {
        let a = &d.areas[i];
        let found = phenomena(d, i);
        let excluded_rank = a.reasons.iter().find_map(|r| match r {
            Reason::Index { rank, .. } => Some(*rank),
            _ => None,
        });
        let mut n = 0;
        for t in templates {
            if n == MAX_PER_AREA {
                break;
            }
            let because: Vec<Why> = found
                .iter()
                .filter(|w| kind_of(w).is_some_and(|k| t.phenomena.contains(&k)))
                .cloned()
                .collect();
            let mut because = because;
            if t.exclusion
                && let Some(rank) = excluded_rank
            {
                because.push(Why::Exclusion { rank });
            }
            if because.is_empty() {
                continue;
            }
            let phenomena: Vec<IncidentType> = because.iter().filter_map(kind_of).collect();
            let baseline = last_year_rate(
                d,
                i,
                if phenomena.is_empty() {
                    &t.phenomena
                } else {
                    &phenomena
                },
            );
            out.push(Suggestion {
                area: a.code.clone(),
                area_name: a.name.clone(),
                template: t.id.clone(),
                phenomena,
                because,
                baseline,
            });
            n += 1;
        }
    }
    out
}

/// A measure draft from a suggestion, in `lang`: the template's title, objective and response, the area, the
/// phenomena found there (the template's own when it was suggested for exclusion), a lead and partners among the
/// city's agencies of the template's kinds, a start on `start`, and an incident-rate indicator with the area's
/// last-year rate as baseline and a target a fifth lower. The coordinator edits it before saving.
pub fn draft(
    s: &Suggestion,
    t: &Template,
    agencies: &[Agency],
    lang: &str,
    code: &str,
    start: Date,
) -> MeasureDraft {
    let first_of = |k: AgencyKind| agencies.iter().find(|a| a.kind == k).map(|a| a.code.to_string());
    let lead = first_of(t.lead_kind)
        .or_else(|| first_of(AgencyKind::Municipality))
        .unwrap_or_default();
    let partners: Vec<String> = t
        .partner_kinds
        .iter()
        .filter_map(|k| first_of(*k))
        .filter(|p| *p != lead)
        .collect();
    let phenomena = if s.phenomena.is_empty() {
        t.phenomena.clone()
    } else {
        s.phenomena.clone()
    };
    MeasureDraft {
        code: code.to_owned(),
        title: format!("{} – {}", t.title.get(lang), s.area_name),
        objective: t.objective.get(lang).to_owned(),
        areas: vec![s.area.clone()],
        phenomena: phenomena.iter().map(|p| p.code().to_owned()).collect(),
        linked_indicators: Vec::new(),
        response: t.response.code().to_owned(),
        barrier: t.barrier.map(|b| b.code().to_owned()),
        lead,
        partners,
        budget: None,
        start: start.to_string(),
        end: None,
        status: Some("planned".into()),
        indicators: vec![IndicatorDraft {
            name: t.indicator.get(lang).to_owned(),
            source: "incident_rate".into(),
            baseline: Some(s.baseline),
            target: Some((s.baseline * 0.8 * 100.0).round() / 100.0),
        }],
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_library_reads_and_speaks_both_languages() {
        let t = read_templates(DEFAULT_TEMPLATES).unwrap();
        assert!(t.len() >= 10);
        for x in &t {
            assert!(!x.title.en.is_empty() && !x.title.fr.is_empty(), "{}", x.id);
            assert!(
                !x.objective.en.is_empty() && !x.objective.fr.is_empty(),
                "{}",
                x.id
            );
            assert!(!x.phenomena.is_empty() || x.exclusion, "{}", x.id);
        }
        assert!(read_templates("{\"templates\": [{\"id\": \"x\"}]}").is_err());
        let twice = format!(
            "{{\"templates\": [{0}, {0}]}}",
            serde_json::to_string(&t[0]).unwrap()
        );
        assert!(read_templates(&twice).unwrap_err().contains("twice"));
    }
}
