//! The city's local action plan: a dozen measures (`plan.json`, the format `vigie plan` reads), some with a true
//! effect planted in the incidents after their start, of known size.
//!
//! * **Planted effects.** Three measures work in two areas each, chosen (from the plan's own random stream) among
//!   the areas with the most expected incidents of the measure's phenomena that hold no hot spot and touch none
//!   (so that their untreated trend is the city's background trend). From the measure's start to the end of the
//!   period, each incident of its phenomena in its areas is removed with probability `thinning`. The true effect
//!   is the expected change in the incident rate per 1,000 inhabitants per year over that window:
//!   `−thinning × expected background incidents / population / years × 1,000`.
//! * **A null measure** of the same design with no effect (thinning 0), in two other such areas.
//! * **Eight more measures** of an integral plan (awareness, housing, victim support, the administrative approach in
//!   the hot spots, city-wide campaigns …) with no planted effect; their evaluation is whatever the data say.
//!
//! `truth.json` gets `plan.measures[]`: `id`, `areas`, `phenomena`, `start`, `planted` (whether a design with a
//! known effect: the three and the null), `thinning`, `true_effect`, `removed` (incidents actually removed).

use rand::Rng;
use serde::Serialize;
use vigie_domain::IncidentType;
use vigie_domain::plan::{IndicatorDraft, MeasureDraft, PlanFile};

use crate::areas::Areas;
use crate::incidents::{HotSpot, Incident};
use crate::util::{self, chance, date, date_text, index};

/// A planted measure's truth.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MeasureTruth {
    pub id: String,
    pub areas: Vec<String>,
    pub phenomena: Vec<&'static str>,
    pub start: String,
    /// A design with a known effect (a planted effect, or the null measure).
    pub planted: bool,
    pub thinning: f64,
    /// The expected change of the incident rate of the phenomena in the areas, per 1,000 inhabitants per year,
    /// from the start to the end of the period (0 for measures without a planted effect).
    pub true_effect: f64,
    pub removed: u64,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PlanTruth {
    pub measures: Vec<MeasureTruth>,
}

pub(crate) struct Generated {
    pub json: String,
    pub truth: PlanTruth,
}

/// One measure of the demo plan.
struct Spec {
    id: &'static str,
    title: &'static str,
    objective: &'static str,
    phenomena: &'static [IncidentType],
    response: &'static str,
    barrier: Option<&'static str>,
    lead: &'static str,
    partners: &'static [&'static str],
    budget: f64,
    /// Months after the start of the period.
    start_month: u32,
    /// Months it runs (`None`: to the end of the period and beyond).
    months: Option<u32>,
    status: &'static str,
    linked: &'static [&'static str],
    /// Where it works.
    place: Place,
    /// For the planted designs: the share of incidents removed after the start.
    thinning: Option<f64>,
}

enum Place {
    /// Two areas with no hot spot nearby (the planted designs).
    Quiet,
    /// The areas of the hot spots.
    HotSpots,
    /// The five most excluded areas.
    MostExcluded,
    /// The whole city (no area).
    City,
}

use IncidentType as T;

const SPECS: &[Spec] = &[
    Spec {
        id: "M01",
        title: "Éducateurs de rue et accompagnement des familles",
        objective: "Détourner les mineurs du recrutement par les points de deal : présence éducative le soir, \
                    accompagnement des familles, orientation vers la formation.",
        phenomena: &[T::YouthRecruitment, T::DrugSellingPoint],
        response: "youth_family",
        barrier: Some("recruitment"),
        lead: "social",
        partners: &["school", "ngo", "police"],
        budget: 180_000.0,
        start_month: 30,
        months: None,
        status: "running",
        linked: &["school_dropout_rate", "youth_share"],
        place: Place::Quiet,
        thinning: Some(0.35),
    },
    Spec {
        id: "M02",
        title: "Contrôles des logements indignes et relogement",
        objective: "Fermer les logements loués par des marchands de sommeil aux victimes d'exploitation et reloger \
                    les occupants.",
        phenomena: &[T::SlumLandlord, T::Extortion],
        response: "administrative_barrier",
        barrier: Some("housing"),
        lead: "housing",
        partners: &["city", "prosecutor", "refuge"],
        budget: 240_000.0,
        start_month: 24,
        months: None,
        status: "running",
        linked: &["overcrowded_housing"],
        place: Place::Quiet,
        thinning: Some(0.3),
    },
    Spec {
        id: "M03",
        title: "Maraudes et sortie de la mendicité forcée",
        objective: "Repérer les victimes de mendicité forcée et d'exploitation sexuelle et leur proposer une mise \
                    à l'abri, quel que soit leur statut.",
        phenomena: &[T::BeggingExploitation, T::SexualExploitationSite],
        response: "victim_support",
        barrier: Some("recruitment"),
        lead: "ngo",
        partners: &["refuge", "health", "social"],
        budget: 95_000.0,
        start_month: 36,
        months: None,
        status: "running",
        linked: &["poverty_rate"],
        place: Place::Quiet,
        thinning: Some(0.4),
    },
    Spec {
        id: "M04",
        title: "Médiation de quartier",
        objective: "Prévenir les conflits entre groupes par une médiation de proximité.",
        phenomena: &[T::GroupViolence, T::Extortion],
        response: "social_prevention",
        barrier: None,
        lead: "city",
        partners: &["social"],
        budget: 60_000.0,
        start_month: 27,
        months: None,
        status: "running",
        linked: &[],
        place: Place::Quiet,
        thinning: Some(0.0),
    },
    Spec {
        id: "M05",
        title: "Approche administrative des commerces écrans",
        objective: "Contrôles conjoints (hygiène, travail, fiscalité) des commerces liés aux réseaux ; refus ou \
                    retrait des licences.",
        phenomena: &[T::DrugSellingPoint, T::Extortion],
        response: "administrative_barrier",
        barrier: Some("finance"),
        lead: "city",
        partners: &["police", "labour", "prosecutor"],
        budget: 75_000.0,
        start_month: 33,
        months: None,
        status: "running",
        linked: &[],
        place: Place::HotSpots,
        thinning: None,
    },
    Spec {
        id: "M06",
        title: "Inspections du travail renforcées",
        objective: "Contrôles ciblés des chantiers et ateliers sous-traitants ; accompagnement des travailleurs \
                    exploités.",
        phenomena: &[T::LabourExploitationFinding],
        response: "law_enforcement",
        barrier: Some("work"),
        lead: "labour",
        partners: &["ngo", "prosecutor"],
        budget: 50_000.0,
        start_month: 18,
        months: None,
        status: "running",
        linked: &["unemployment_rate"],
        place: Place::MostExcluded,
        thinning: None,
    },
    Spec {
        id: "M07",
        title: "Campagne d'information sur la traite",
        objective: "Faire connaître les signes de la traite et le numéro d'aide, dans les langues des personnes \
                    concernées.",
        phenomena: &[
            T::SexualExploitationSite,
            T::LabourExploitationFinding,
            T::BeggingExploitation,
        ],
        response: "awareness",
        barrier: None,
        lead: "city",
        partners: &["ngo", "health", "school"],
        budget: 30_000.0,
        start_month: 40,
        months: Some(6),
        status: "done",
        linked: &[],
        place: Place::City,
        thinning: None,
    },
    Spec {
        id: "M08",
        title: "Éclairage et aménagement des halls d'immeubles",
        objective: "Réaménager les halls et passages occupés par les points de vente.",
        phenomena: &[T::DrugSellingPoint, T::GroupViolence],
        response: "situational_prevention",
        barrier: None,
        lead: "housing",
        partners: &["city"],
        budget: 320_000.0,
        start_month: 42,
        months: None,
        status: "running",
        linked: &[],
        place: Place::HotSpots,
        thinning: None,
    },
    Spec {
        id: "M09",
        title: "Insertion professionnelle des jeunes",
        objective: "Chantiers d'insertion et apprentissage pour les 16–25 ans sans emploi ni formation.",
        phenomena: &[T::YouthRecruitment],
        response: "economic_inclusion",
        barrier: Some("recruitment"),
        lead: "city",
        partners: &["school", "social"],
        budget: 210_000.0,
        start_month: 48,
        months: None,
        status: "planned",
        linked: &["unemployment_rate", "youth_share"],
        place: Place::MostExcluded,
        thinning: None,
    },
    Spec {
        id: "M10",
        title: "Formation des professionnels au repérage",
        objective: "Former les soignants, enseignants et travailleurs sociaux aux indicateurs de la traite.",
        phenomena: &[T::SexualExploitationSite, T::LabourExploitationFinding],
        response: "education",
        barrier: None,
        lead: "ngo",
        partners: &["health", "school", "social"],
        budget: 25_000.0,
        start_month: 12,
        months: Some(24),
        status: "done",
        linked: &[],
        place: Place::City,
        thinning: None,
    },
    Spec {
        id: "M11",
        title: "Coopération avec la ville partenaire de Mirebrise",
        objective: "Échanger avec la ville d'origine pour prévenir le recrutement et accompagner les retours \
                    volontaires.",
        phenomena: &[T::SexualExploitationSite, T::BeggingExploitation],
        response: "victim_support",
        barrier: Some("entry_identity"),
        lead: "city",
        partners: &["mirebrise", "ngo"],
        budget: 40_000.0,
        start_month: 45,
        months: None,
        status: "running",
        linked: &[],
        place: Place::City,
        thinning: None,
    },
    Spec {
        id: "M12",
        title: "Saisie des avoirs criminels et réaffectation sociale",
        objective: "Saisir les biens des réseaux et les réaffecter à des usages sociaux dans les quartiers.",
        phenomena: &[T::DrugSellingPoint, T::DrugSeizure],
        response: "law_enforcement",
        barrier: Some("finance"),
        lead: "prosecutor",
        partners: &["police", "city"],
        budget: 0.0,
        start_month: 54,
        months: None,
        status: "planned",
        linked: &[],
        place: Place::HotSpots,
        thinning: None,
    },
];

fn type_index(t: IncidentType) -> usize {
    IncidentType::ALL.iter().position(|x| *x == t).unwrap_or(0)
}

/// The month `m` months after January of `first_year`, as its first day.
fn month_start(first_year: i32, m: u32) -> time::Date {
    date(first_year + (m / 12) as i32, (m % 12) as u8 + 1, 1)
}

/// Builds the plan and removes the planted measures' prevented incidents from `incidents`.
pub(crate) fn generate<R: Rng + ?Sized>(
    rng: &mut R,
    areas: &Areas,
    hots: &[HotSpot],
    expected: &[Vec<Vec<f64>>],
    incidents: &mut Vec<Incident>,
    first_year: i32,
    years: u32,
) -> Generated {
    let n_months = years * 12;
    let n = areas.areas.len();
    // Areas with no hot spot in them or next to them.
    let mut near_hot = vec![false; n];
    for h in hots {
        near_hot[h.area_index] = true;
        for &j in &areas.rook[h.area_index] {
            near_hot[j] = true;
        }
    }
    let mut taken = vec![false; n];
    let mut by_exclusion: Vec<usize> = (0..n).collect();
    by_exclusion.sort_by(|&a, &b| areas.areas[b].exclusion.total_cmp(&areas.areas[a].exclusion));
    let hot_areas: Vec<usize> = {
        let mut v: Vec<usize> = hots.iter().map(|h| h.area_index).collect();
        v.sort_unstable();
        v.dedup();
        v
    };

    let mut drafts = Vec::new();
    let mut truths = Vec::new();
    let mut remove = vec![false; incidents.len()];
    for spec in SPECS {
        // Clamp to the period (short configurations still get a plan).
        let start_month = spec.start_month.min(n_months.saturating_sub(1));
        let start = month_start(first_year, start_month);
        let end = spec.months.map(|m| {
            let last = month_start(first_year, start_month + m);
            last - time::Duration::days(1)
        });
        let type_ix: Vec<usize> = spec.phenomena.iter().map(|t| type_index(*t)).collect();
        let post_expected = |a: usize| -> f64 {
            type_ix
                .iter()
                .map(|&k| expected[a][k][start_month as usize..].iter().sum::<f64>())
                .sum()
        };
        let chosen: Vec<usize> = match spec.place {
            Place::Quiet => {
                let mut candidates: Vec<usize> = (0..n).filter(|&a| !near_hot[a] && !taken[a]).collect();
                candidates.sort_by(|&a, &b| post_expected(b).total_cmp(&post_expected(a)).then(a.cmp(&b)));
                candidates.truncate(8);
                let mut picked = Vec::new();
                while picked.len() < 2 && !candidates.is_empty() {
                    picked.push(candidates.remove(index(rng, candidates.len())));
                }
                for &a in &picked {
                    taken[a] = true;
                }
                picked.sort_unstable();
                picked
            }
            Place::HotSpots => hot_areas.clone(),
            Place::MostExcluded => {
                let mut v: Vec<usize> = by_exclusion.iter().copied().take(5).collect();
                v.sort_unstable();
                v
            }
            Place::City => Vec::new(),
        };
        let thinning = spec.thinning.unwrap_or(0.0);
        let mut removed = 0u64;
        let start_jd = start.to_julian_day();
        if thinning > 0.0 {
            for (i, inc) in incidents.iter().enumerate() {
                if inc.jd >= start_jd
                    && chosen.contains(&inc.area)
                    && type_ix.contains(&inc.kind)
                    && chance(rng, thinning)
                {
                    remove[i] = true;
                    removed += 1;
                }
            }
        }
        let population: f64 = chosen.iter().map(|&a| f64::from(areas.areas[a].population)).sum();
        let post_years = f64::from(n_months - start_month) / 12.0;
        let expected_post: f64 = chosen.iter().map(|&a| post_expected(a)).sum();
        let true_effect = if spec.thinning.is_some() && population > 0.0 && post_years > 0.0 {
            // `+ 0.0` turns the null measure's −0 into 0.
            -thinning * expected_post / population / post_years * 1000.0 + 0.0
        } else {
            0.0
        };
        let area_ids: Vec<String> = chosen.iter().map(|&a| areas.areas[a].id.clone()).collect();
        drafts.push(MeasureDraft {
            code: spec.id.into(),
            title: spec.title.into(),
            objective: spec.objective.into(),
            areas: area_ids.clone(),
            phenomena: spec.phenomena.iter().map(|t| t.code().to_owned()).collect(),
            linked_indicators: spec.linked.iter().map(|s| (*s).to_owned()).collect(),
            response: spec.response.into(),
            barrier: spec.barrier.map(str::to_owned),
            lead: spec.lead.into(),
            partners: spec.partners.iter().map(|s| (*s).to_owned()).collect(),
            budget: (spec.budget > 0.0).then_some(spec.budget),
            start: date_text(start),
            end: end.map(date_text),
            status: Some(spec.status.into()),
            indicators: vec![IndicatorDraft {
                name: "Incidents visés pour 1 000 habitants par an".into(),
                source: "incident_rate".into(),
                baseline: Some(0.0),
                target: Some(0.0),
            }],
        });
        truths.push(MeasureTruth {
            id: spec.id.into(),
            areas: area_ids,
            phenomena: spec.phenomena.iter().map(|t| t.code()).collect(),
            start: date_text(start),
            planted: spec.thinning.is_some(),
            thinning,
            true_effect,
            removed,
        });
    }
    let mut i = 0;
    incidents.retain(|_| {
        let keep = !remove[i];
        i += 1;
        keep
    });
    // The indicators' baselines and targets: the incident rate of the phenomena in the measure's areas (or the
    // city) over the year before the start, and a target a fifth lower.
    for d in &mut drafts {
        let Some(spec) = SPECS.iter().find(|s| s.id == d.code) else {
            continue;
        };
        let start_month = spec.start_month.min(n_months.saturating_sub(1));
        let from = month_start(first_year, start_month.saturating_sub(12)).to_julian_day();
        let to = month_start(first_year, start_month).to_julian_day();
        let in_scope: Vec<usize> = if d.areas.is_empty() {
            (0..n).collect()
        } else {
            (0..n).filter(|&a| d.areas.contains(&areas.areas[a].id)).collect()
        };
        let type_ix: Vec<usize> = spec.phenomena.iter().map(|t| type_index(*t)).collect();
        let count = incidents
            .iter()
            .filter(|x| x.jd >= from && x.jd < to && in_scope.contains(&x.area) && type_ix.contains(&x.kind))
            .count() as f64;
        let population: f64 = in_scope
            .iter()
            .map(|&a| f64::from(areas.areas[a].population))
            .sum();
        let months = f64::from(start_month.min(12)).max(1.0);
        let baseline = if population > 0.0 {
            (count / population * 1000.0 * 12.0 / months * 100.0).round() / 100.0
        } else {
            0.0
        };
        if let Some(ind) = d.indicators.first_mut() {
            ind.baseline = Some(baseline);
            ind.target = Some((baseline * 0.8 * 100.0).round() / 100.0);
        }
    }
    Generated {
        json: util::json_pretty(&PlanFile { measures: drafts }),
        truth: PlanTruth { measures: truths },
    }
}
