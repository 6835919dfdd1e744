//! Incidents: a Poisson process over areas, types, years and months, plus 3–5 hot spots.
//!
//! * **Background.** For type *k*, the expected count in area *a* is proportional to
//!   `population(a) × exp(b_k × exclusion(a))`; points are uniform in the area's polygon.
//! * **Hot spots.** 3–5 centres placed inside highly excluded areas draw a share of some types (drug selling,
//!   violence, firearms, youth recruitment …) with a Gaussian spread of 180–320 m. A hot-spot point's area is
//!   the area that truly contains it, which may be a neighbour of the hot spot's own area.
//! * **Time.** Yearly trends differ by type (drug selling points rise in hot spots, group violence rises then
//!   falls, labour exploitation findings rise as inspections increase, …) with a mild monthly seasonality.
//!
//! Expected counts are scaled so that their sum is exactly the configured number; the realised total differs
//! by Poisson noise only (standard deviation √n). Every point is rounded to 6 decimals and lies strictly
//! inside (never on the border of) the polygon of the area written next to it.

use std::collections::BTreeMap;
use std::f64::consts::PI;

use rand::{Rng, RngExt};
use serde::Serialize;
use vigie_domain::IncidentType;

use crate::areas::{Areas, DLAT, DLON};
use crate::util::{self, coord_text, csv_row, date_text, metres_per_degree, normal, poisson, round6};

/// How one incident type is generated (also written to the truth).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TypeModel {
    #[serde(rename = "type")]
    pub code: &'static str,
    /// Share of all incidents (before trends).
    pub share: f64,
    /// `b` in `population × exp(b × exclusion)`.
    pub exclusion_elasticity: f64,
    /// Share of this type's incidents drawn around hot spots.
    pub hot_spot_share: f64,
    /// Relative amplitude of the yearly cycle over months.
    pub seasonal_amplitude: f64,
    /// Month of the seasonal peak (1–12).
    pub seasonal_peak_month: u8,
    /// Trend in words, for people reading the truth.
    pub trend: &'static str,
}

fn model(kind: IncidentType) -> TypeModel {
    use IncidentType as T;
    let (share, b, hot, amp, peak, trend) = match kind {
        T::DrugSellingPoint => (
            0.17,
            0.9,
            0.35,
            0.10,
            7,
            "background +3 %/year; hot spots +28 %/year",
        ),
        T::DrugSeizure => (0.12, 0.7, 0.25, 0.08, 10, "+6 %/year"),
        T::SexualExploitationSite => (0.07, 0.5, 0.20, 0.05, 6, "-4 %/year (moving online)"),
        T::LabourExploitationFinding => (0.07, 0.3, 0.0, 0.15, 5, "+18 %/year (more inspections)"),
        T::GroupViolence => (0.10, 0.9, 0.30, 0.20, 7, "rises then falls (peak mid-period)"),
        T::BeggingExploitation => (0.06, 0.4, 0.15, 0.25, 12, "flat"),
        T::SlumLandlord => (0.08, 1.0, 0.05, 0.10, 1, "+5 %/year"),
        T::YouthRecruitment => (0.06, 1.0, 0.30, 0.15, 8, "+10 %/year"),
        T::Extortion => (0.11, 0.5, 0.15, 0.05, 11, "mild rise then fall"),
        T::Firearms => (0.06, 0.8, 0.30, 0.15, 7, "follows group violence"),
    };
    TypeModel {
        code: kind.code(),
        share,
        exclusion_elasticity: b,
        hot_spot_share: hot,
        seasonal_amplitude: amp,
        seasonal_peak_month: peak,
        trend,
    }
}

/// Multiplier of year `y` (0-based) of `years`, for the background or the hot-spot component.
fn year_factor(kind: IncidentType, hot: bool, y: u32, years: u32) -> f64 {
    use IncidentType as T;
    let yf = f64::from(y);
    let t = if years > 1 { yf / f64::from(years - 1) } else { 0.5 };
    match kind {
        T::DrugSellingPoint if hot => (0.25 * yf).exp(),
        T::DrugSellingPoint => (0.03 * yf).exp(),
        T::DrugSeizure => (0.06 * yf).exp(),
        T::SexualExploitationSite => (-0.04 * yf).exp(),
        T::LabourExploitationFinding => (0.165 * yf).exp(),
        T::GroupViolence => 1.0 + 0.8 * (PI * t).sin(),
        T::BeggingExploitation => 1.0,
        T::SlumLandlord => (0.05 * yf).exp(),
        T::YouthRecruitment => (0.095 * yf).exp(),
        T::Extortion => 1.0 + 0.3 * (PI * t).sin(),
        T::Firearms => 1.0 + 0.6 * (PI * t).sin(),
    }
}

fn month_factor(m: &TypeModel, kind: IncidentType, month: u8) -> f64 {
    let phase = 2.0 * PI * (f64::from(month) - f64::from(m.seasonal_peak_month)) / 12.0;
    let holiday = if kind == IncidentType::LabourExploitationFinding && month == 8 {
        0.5
    } else {
        1.0
    };
    (1.0 + m.seasonal_amplitude * phase.cos()) * holiday
}

/// A hot spot (written to the truth).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct HotSpot {
    pub id: String,
    /// The area that holds the centre.
    pub area: String,
    pub longitude: f64,
    pub latitude: f64,
    /// Standard deviation of the Gaussian spread, in metres.
    pub spread_m: f64,
    /// Relative weight of this hot spot for each type (weights of one type sum to 1 over hot spots).
    pub type_weights: BTreeMap<&'static str, f64>,
    /// Incidents actually generated around this hot spot, by type.
    pub incidents: BTreeMap<&'static str, u64>,
    #[serde(skip)]
    pub(crate) area_index: usize,
}

/// Places 3–5 hot spots inside highly excluded areas.
pub(crate) fn hot_spots<R: Rng + ?Sized>(rng: &mut R, areas: &Areas) -> Vec<HotSpot> {
    let n = rng.random_range(3..=5_usize).min(areas.areas.len());
    let mut by_exclusion: Vec<usize> = (0..areas.areas.len()).collect();
    by_exclusion.sort_by(|&a, &b| areas.areas[b].exclusion.total_cmp(&areas.areas[a].exclusion));
    let mut candidates: Vec<usize> = by_exclusion.into_iter().take(n + 3).collect();
    let mut chosen = Vec::with_capacity(n);
    while chosen.len() < n && !candidates.is_empty() {
        chosen.push(candidates.remove(util::index(rng, candidates.len())));
    }
    chosen.sort_unstable();
    let raw: Vec<Vec<f64>> = chosen
        .iter()
        .map(|_| {
            IncidentType::ALL
                .iter()
                .map(|_| (0.7 * normal(rng)).exp())
                .collect()
        })
        .collect();
    chosen
        .iter()
        .enumerate()
        .map(|(h, &ai)| {
            let area = &areas.areas[ai];
            let (cx, cy) = area.centre();
            let mut lon = round6(cx + rng.random_range(-0.2..0.2) * DLON);
            let mut lat = round6(cy + rng.random_range(-0.2..0.2) * DLAT);
            if !area.strictly_contains(lon, lat) {
                (lon, lat) = (round6(cx), round6(cy));
            }
            let type_weights = IncidentType::ALL
                .iter()
                .enumerate()
                .map(|(k, t)| {
                    let total: f64 = raw.iter().map(|r| r[k]).sum();
                    (
                        t.code(),
                        if total > 0.0 {
                            (raw[h][k] / total * 10_000.0).round() / 10_000.0
                        } else {
                            0.0
                        },
                    )
                })
                .collect();
            HotSpot {
                id: format!("H{}", h + 1),
                area: area.id.clone(),
                longitude: lon,
                latitude: lat,
                spread_m: (rng.random_range(180.0..320.0_f64)).round(),
                type_weights,
                incidents: BTreeMap::new(),
                area_index: ai,
            }
        })
        .collect()
}

/// One generated incident.
#[derive(Debug, Clone)]
pub(crate) struct Incident {
    pub jd: i32,
    pub kind: usize,
    pub lon: f64,
    pub lat: f64,
    pub area: usize,
}

/// The incidents and their truth.
pub(crate) struct Generated {
    pub incidents: Vec<Incident>,
    pub models: Vec<TypeModel>,
    /// The expected number of background incidents (hot spots left out) per area, type and month of the period
    /// (`[area][type][month]`, months counted from January of the first year).
    pub expected: Vec<Vec<Vec<f64>>>,
}

/// Generates about `n` incidents over `years` years from `first_year`.
pub(crate) fn generate<R: Rng + ?Sized>(
    rng: &mut R,
    areas: &Areas,
    hots: &mut [HotSpot],
    n: usize,
    first_year: i32,
    years: u32,
) -> Generated {
    let kinds = IncidentType::ALL;
    let models: Vec<TypeModel> = kinds.iter().map(|k| model(*k)).collect();
    let share_total: f64 = models.iter().map(|m| m.share).sum();
    let (m_lon, m_lat) = metres_per_degree();
    let mut out: Vec<Incident> = Vec::with_capacity(n + n / 20);
    let mut hot_counts: Vec<Vec<u64>> = vec![vec![0; kinds.len()]; hots.len()];
    let mut expected = vec![vec![vec![0.0; years as usize * 12]; kinds.len()]; areas.areas.len()];

    for (k, (kind, m)) in kinds.iter().zip(&models).enumerate() {
        let type_total = n as f64 * m.share / share_total;
        // Spatial weights of the background.
        let w: Vec<f64> = areas
            .areas
            .iter()
            .map(|a| f64::from(a.population) * (m.exclusion_elasticity * a.exclusion).exp())
            .collect();
        let w_total: f64 = w.iter().sum();
        // Temporal weights of each component.
        let tw = |hot: bool| -> Vec<f64> {
            let v: Vec<f64> = (0..years)
                .flat_map(|y| (1..=12).map(move |mo| (y, mo)))
                .map(|(y, mo)| year_factor(*kind, hot, y, years) * month_factor(m, *kind, mo))
                .collect();
            let s: f64 = v.iter().sum();
            v.into_iter().map(|x| if s > 0.0 { x / s } else { 0.0 }).collect()
        };
        let (tw_bg, tw_hot) = (tw(false), tw(true));
        let hot_share = if hots.is_empty() { 0.0 } else { m.hot_spot_share };
        for y in 0..years {
            let year = first_year + y as i32;
            for mo in 1..=12_u8 {
                let slot = (y * 12 + u32::from(mo) - 1) as usize;
                let days = util::days_in_month(year, mo);
                let first_jd = util::date(year, mo, 1).to_julian_day();
                // Background.
                for (ai, area) in areas.areas.iter().enumerate() {
                    let lambda = type_total * (1.0 - hot_share) * w[ai] / w_total * tw_bg[slot];
                    expected[ai][k][slot] = lambda;
                    for _ in 0..poisson(rng, lambda) {
                        let jd = first_jd + rng.random_range(0..i32::from(days));
                        let (lon, lat) = area.random_point(rng);
                        out.push(Incident {
                            jd,
                            kind: k,
                            lon,
                            lat,
                            area: ai,
                        });
                    }
                }
                // Hot spots.
                for (h, hs) in hots.iter().enumerate() {
                    let weight = hs.type_weights.get(kind.code()).copied().unwrap_or(0.0);
                    let lambda = type_total * hot_share * weight * tw_hot[slot];
                    for _ in 0..poisson(rng, lambda) {
                        let jd = first_jd + rng.random_range(0..i32::from(days));
                        let (lon, lat, ai) = hot_point(rng, areas, hs, m_lon, m_lat);
                        out.push(Incident {
                            jd,
                            kind: k,
                            lon,
                            lat,
                            area: ai,
                        });
                        hot_counts[h][k] += 1;
                    }
                }
            }
        }
    }
    for (hs, counts) in hots.iter_mut().zip(&hot_counts) {
        hs.incidents = kinds.iter().zip(counts).map(|(k, c)| (k.code(), *c)).collect();
    }
    out.sort_by_key(|i| i.jd);
    Generated {
        incidents: out,
        models,
        expected,
    }
}

/// The incidents file.
pub(crate) fn csv(areas: &Areas, incidents: &[Incident]) -> String {
    let kinds = IncidentType::ALL;
    let mut csv = String::with_capacity(incidents.len() * 64);
    csv_row(&mut csv, &["id", "type", "date", "longitude", "latitude", "area"]);
    for (i, inc) in incidents.iter().enumerate() {
        csv_row(
            &mut csv,
            &[
                format!("I{:06}", i + 1).as_str(),
                kinds[inc.kind].code(),
                &date_text(util::from_julian(inc.jd)),
                &coord_text(inc.lon),
                &coord_text(inc.lat),
                &areas.areas[inc.area].id,
            ],
        );
    }
    csv
}

/// A point around a hot spot that lies strictly inside some area, with that area.
fn hot_point<R: Rng + ?Sized>(
    rng: &mut R,
    areas: &Areas,
    hs: &HotSpot,
    m_lon: f64,
    m_lat: f64,
) -> (f64, f64, usize) {
    for _ in 0..100 {
        let lon = round6(hs.longitude + normal(rng) * hs.spread_m / m_lon);
        let lat = round6(hs.latitude + normal(rng) * hs.spread_m / m_lat);
        if let Some(ai) = areas.locate_strict(lon, lat) {
            return (lon, lat, ai);
        }
    }
    (hs.longitude, hs.latitude, hs.area_index)
}

/// Incident counts per area, type and year (every combination, zeros included).
pub(crate) fn counts(
    areas: &Areas,
    incidents: &[Incident],
    first_year: i32,
    years: u32,
) -> BTreeMap<String, BTreeMap<&'static str, BTreeMap<i32, u64>>> {
    let mut out: BTreeMap<String, BTreeMap<&'static str, BTreeMap<i32, u64>>> = areas
        .areas
        .iter()
        .map(|a| {
            let per_type = IncidentType::ALL
                .iter()
                .map(|k| (k.code(), (0..years).map(|y| (first_year + y as i32, 0)).collect()))
                .collect();
            (a.id.clone(), per_type)
        })
        .collect();
    for inc in incidents {
        let year = util::from_julian(inc.jd).year();
        if let Some(c) = out
            .get_mut(&areas.areas[inc.area].id)
            .and_then(|t| t.get_mut(IncidentType::ALL[inc.kind].code()))
            .and_then(|y| y.get_mut(&year))
        {
            *c += 1;
        }
    }
    out
}
