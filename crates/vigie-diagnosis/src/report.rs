//! The diagnosis of a city, assembled from its data: what the report shows, computed once, as plain values.
//!
//! Areas are taken in code order. Incident rates are per 1,000 inhabitants over all recorded years, smoothed by
//! empirical Bayes; their spatial structure is measured on queen contiguity (row-standardised for Moran's I and
//! LISA, binary with the area itself for Gi*). The priority list names every area with at least one reason: in the
//! worst quarter of the index, a significant High-High cluster of incident rates, a significant Gi* hot spot, or an
//! emerging hot spot. Pseudo p-values come from `permutations` conditional permutations; significance is at
//! `alpha`, and the false discovery rate threshold is reported beside it.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use vigie_domain::{Area, Direction, Incident, IncidentType, IndicatorDef, IndicatorValue, Period};
use vigie_spatial::{
    AreaIndex, DensityGrid, GiStar, LocalMoran, MoranGlobal, Quadrant, Weights, fdr_threshold, gi_star,
    kernel_density, local_moran, moran,
};

use crate::DiagnosisError;
use crate::emerging::{Status, emerging_hot_spots};
use crate::index::{AreaScore, IndexOptions, IndexResult, IndicatorInput, composite};
use crate::rates::{empirical_bayes, per_1000};
use crate::trend::{Trend, mann_kendall};

/// The city's data, as stored.
pub struct CityData<'a> {
    pub city: &'a str,
    pub areas: &'a [Area],
    pub definitions: &'a [IndicatorDef],
    pub values: &'a [IndicatorValue],
    pub incidents: &'a [Incident],
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settings {
    pub permutations: usize,
    pub seed: u64,
    pub alpha: f64,
    pub index_runs: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            permutations: 999,
            seed: 2026,
            alpha: 0.05,
            index_runs: 500,
        }
    }
}

/// Why an area is on the priority list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Reason {
    /// In the worst quarter of the index.
    Index { rank: usize, p05: f64, p95: f64 },
    /// A High-High cluster of incident rates.
    Cluster { p: f64 },
    /// A Gi* hot spot of incident rates.
    HotSpot { z: f64, p: f64 },
    /// A hot spot that is significant now and rising.
    Emerging,
    /// An incident type rising significantly in the area.
    Rising { kind: IncidentType, slope: f64 },
}

/// One indicator in one area, against the city.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorLine {
    pub code: String,
    pub name: String,
    pub unit: String,
    pub direction: Direction,
    pub period: Period,
    pub value: Option<f64>,
    /// The mean over the areas (not weighted by population).
    pub city_mean: f64,
}

/// One incident type in one area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeLine {
    pub kind: IncidentType,
    /// Counts per year, in the order of [`Diagnosis::years`].
    pub per_year: Vec<u64>,
    pub trend: Trend,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaDiagnosis {
    pub code: String,
    pub name: String,
    pub population: u32,
    pub incidents: u64,
    pub rate: Option<f64>,
    pub rate_smoothed: f64,
    pub lisa: LocalMoran,
    pub gi: GiStar,
    pub emerging: Status,
    pub indicators: Vec<IndicatorLine>,
    pub types: Vec<TypeLine>,
    pub index: Option<AreaScore>,
    pub reasons: Vec<Reason>,
}

/// What the methods and data-quality section says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quality {
    /// Each indicator used: its name, its source, and the share of areas it covers.
    pub indicators: Vec<(String, String, f64)>,
    pub incidents_outside_areas: u64,
    pub areas_without_population: usize,
    pub islands: Vec<String>,
    pub fdr_threshold: f64,
    /// Why the index could not be built, if it could not.
    pub index_problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnosis {
    pub city: String,
    pub settings: Settings,
    pub population: u64,
    pub years: Vec<i32>,
    pub incidents: u64,
    pub incidents_per_year: Vec<u64>,
    pub city_rate: Option<f64>,
    pub moran_rate: Option<MoranGlobal>,
    pub index: Option<IndexResult>,
    /// Kernel density of the incidents over the city (quartic kernel, bandwidth by Scott's rule).
    pub density: Option<DensityGrid>,
    pub areas: Vec<AreaDiagnosis>,
    /// Indices into `areas`, most urgent first (by index rank, then by the number of reasons).
    pub priority: Vec<usize>,
    pub quality: Quality,
}

/// Columns of the kernel density grid.
const DENSITY_COLUMNS: usize = 90;

fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        0.0
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

/// Builds the diagnosis. Needs at least four areas with a population.
pub fn diagnose(data: &CityData<'_>, settings: &Settings) -> Result<Diagnosis, DiagnosisError> {
    let mut areas: Vec<&Area> = data.areas.iter().collect();
    areas.sort_by(|a, b| a.code.cmp(&b.code));
    let n = areas.len();
    if n < 4 {
        return Err(DiagnosisError::Input(format!(
            "a diagnosis needs at least 4 areas; there are {n}"
        )));
    }
    let pos: HashMap<&str, usize> = areas
        .iter()
        .enumerate()
        .map(|(i, a)| (a.code.as_str(), i))
        .collect();
    let pops: Vec<f64> = areas.iter().map(|a| f64::from(a.population.get())).collect();
    let polygons: Vec<geo::MultiPolygon<f64>> =
        areas.iter().map(|a| a.boundary.multi_polygon().clone()).collect();
    let extent = areas
        .iter()
        .filter_map(|a| a.boundary.bounding_rect())
        .fold(0.0f64, |m, r| m.max(r.width()).max(r.height()));
    let queen = Weights::contiguity(&polygons, false, extent * 1e-9);
    let city_box = areas.iter().filter_map(|a| a.boundary.bounding_rect()).fold(
        [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY],
        |b, r| {
            [
                b[0].min(r.min().x),
                b[1].min(r.min().y),
                b[2].max(r.max().x),
                b[3].max(r.max().y),
            ]
        },
    );
    let points: Vec<[f64; 2]> = data
        .incidents
        .iter()
        .map(|i| [i.location.lon(), i.location.lat()])
        .collect();
    let density = kernel_density(&points, city_box, DENSITY_COLUMNS, None);
    let row = queen.row_standardised();

    // Incidents by area, year and type.
    let mut years: Vec<i32> = data.incidents.iter().map(|i| i.date.year()).collect();
    years.sort_unstable();
    years.dedup();
    let year_pos: HashMap<i32, usize> = years.iter().enumerate().map(|(k, y)| (*y, k)).collect();
    let mut by_area = vec![0u64; n];
    let mut by_area_year = vec![vec![0.0f64; n]; years.len()];
    let mut by_area_type: Vec<BTreeMap<IncidentType, Vec<u64>>> = vec![BTreeMap::new(); n];
    let mut outside = 0u64;
    let mut per_year = vec![0u64; years.len()];
    // Incidents stored without an area (imported before the areas) are placed now; on a shared border, the area
    // whose code comes first.
    let index = AreaIndex::new(&polygons);
    for inc in data.incidents {
        let y = year_pos[&inc.date.year()];
        per_year[y] += 1;
        let area = match &inc.area {
            Some(a) => pos.get(a.as_str()).copied(),
            None => index.locate(inc.location.lon(), inc.location.lat()),
        };
        match area {
            Some(i) => {
                by_area[i] += 1;
                by_area_year[y][i] += 1.0;
                by_area_type[i]
                    .entry(inc.kind)
                    .or_insert_with(|| vec![0; years.len()])[y] += 1;
            }
            None => outside += 1,
        }
    }
    let counts: Vec<f64> = by_area.iter().map(|c| *c as f64).collect();
    let total_pop: f64 = pops.iter().sum();
    let smoothed = if total_pop > 0.0 {
        empirical_bayes(&counts, &pops)?
    } else {
        vec![0.0; n]
    };
    let spatial_ok =
        total_pop > 0.0 && smoothed.iter().any(|v| (v - smoothed[0]).abs() > 1e-12) && queen.s0() > 0.0;
    let (moran_rate, lisa, gi) = if spatial_ok {
        (
            moran(&smoothed, &row, settings.permutations, settings.seed).ok(),
            local_moran(&smoothed, &row, settings.permutations, settings.seed).ok(),
            gi_star(&smoothed, &queen, settings.permutations, settings.seed).ok(),
        )
    } else {
        (None, None, None)
    };
    let neutral_lisa = LocalMoran {
        i: 0.0,
        quadrant: Quadrant::LL,
        p_sim: None,
    };
    let neutral_gi = GiStar {
        g: None,
        z: 0.0,
        p_sim: None,
    };
    let emerging: Vec<Status> = if spatial_ok && years.len() >= 3 {
        let yearly: Vec<Vec<f64>> = by_area_year
            .iter()
            .map(|c| empirical_bayes(c, &pops).unwrap_or_else(|_| vec![0.0; n]))
            .collect();
        emerging_hot_spots(
            &yearly,
            &queen,
            settings.permutations,
            settings.seed,
            settings.alpha,
        )
        .map(|v| v.into_iter().map(|e| e.status).collect())
        .unwrap_or_else(|_| vec![Status::NotHot; n])
    } else {
        vec![Status::NotHot; n]
    };

    // Indicators: the latest period of each; the index over them.
    let mut latest: Vec<(&IndicatorDef, Period)> = Vec::new();
    for d in data.definitions {
        if let Some(p) = data
            .values
            .iter()
            .filter(|v| v.indicator == d.code)
            .map(|v| v.period)
            .max()
        {
            latest.push((d, p));
        }
    }
    let mut lookup: HashMap<(&str, &str, Period), f64> = HashMap::new();
    for v in data.values {
        lookup.insert((v.area.as_str(), v.indicator.as_str(), v.period), v.value());
    }
    let inputs: Vec<IndicatorInput> = latest
        .iter()
        .map(|(d, p)| IndicatorInput {
            name: d.code.to_string(),
            higher_is_worse: d.direction == Direction::HigherIsWorse,
            values: areas
                .iter()
                .map(|a| lookup.get(&(a.code.as_str(), d.code.as_str(), *p)).copied())
                .collect(),
        })
        .collect();
    let (index, index_problem) = if inputs.is_empty() {
        (None, Some("no indicator values".to_owned()))
    } else {
        match composite(
            &inputs,
            &IndexOptions {
                runs: settings.index_runs,
                seed: settings.seed,
                ..IndexOptions::default()
            },
        ) {
            Ok(r) => (Some(r), None),
            Err(e) => (None, Some(e.to_string())),
        }
    };
    let city_means: Vec<f64> = inputs
        .iter()
        .map(|i| mean(&i.values.iter().flatten().copied().collect::<Vec<_>>()))
        .collect();

    let p_values: Vec<f64> = lisa.iter().flatten().filter_map(|l| l.p_sim).collect();
    let fdr = fdr_threshold(&p_values, settings.alpha);
    let quarter = n.div_ceil(4);
    let mut out_areas = Vec::with_capacity(n);
    for (i, a) in areas.iter().enumerate() {
        let l = lisa
            .as_ref()
            .map(|v| v[i].clone())
            .unwrap_or_else(|| neutral_lisa.clone());
        let g = gi
            .as_ref()
            .map(|v| v[i].clone())
            .unwrap_or_else(|| neutral_gi.clone());
        let score = index.as_ref().map(|r| r.areas[i].clone());
        let types: Vec<TypeLine> = by_area_type[i]
            .iter()
            .map(|(k, v)| TypeLine {
                kind: *k,
                trend: mann_kendall(&v.iter().map(|c| *c as f64).collect::<Vec<_>>()),
                per_year: v.clone(),
            })
            .collect();
        let mut reasons = Vec::new();
        if let Some(s) = &score
            && s.rank <= quarter
        {
            reasons.push(Reason::Index {
                rank: s.rank,
                p05: s.rank_p05,
                p95: s.rank_p95,
            });
        }
        if let (Quadrant::HH, Some(p)) = (l.quadrant, l.p_sim)
            && p <= settings.alpha
        {
            reasons.push(Reason::Cluster { p });
        }
        if let Some(p) = g.p_sim
            && g.z > 0.0
            && p <= settings.alpha
        {
            reasons.push(Reason::HotSpot { z: g.z, p });
        }
        if emerging[i] == Status::Emerging {
            reasons.push(Reason::Emerging);
        }
        for t in &types {
            if t.trend.s > 0 && t.trend.p <= settings.alpha && t.trend.sen_slope > 0.0 {
                reasons.push(Reason::Rising {
                    kind: t.kind,
                    slope: t.trend.sen_slope,
                });
            }
        }
        out_areas.push(AreaDiagnosis {
            code: a.code.to_string(),
            name: a.name.clone(),
            population: a.population.get(),
            incidents: by_area[i],
            rate: per_1000(counts[i], pops[i]),
            rate_smoothed: smoothed[i],
            lisa: l,
            gi: g,
            emerging: emerging[i],
            indicators: latest
                .iter()
                .zip(&inputs)
                .zip(&city_means)
                .map(|(((d, p), input), m)| IndicatorLine {
                    code: d.code.to_string(),
                    name: d.name.clone(),
                    unit: d.unit.clone(),
                    direction: d.direction,
                    period: *p,
                    value: input.values[i],
                    city_mean: *m,
                })
                .collect(),
            types,
            index: score,
            reasons,
        });
    }
    let mut priority: Vec<usize> = (0..n).filter(|&i| !out_areas[i].reasons.is_empty()).collect();
    priority.sort_by_key(|&i| {
        let a = &out_areas[i];
        (
            a.index.as_ref().map_or(usize::MAX, |s| s.rank),
            std::cmp::Reverse(a.reasons.len()),
            i,
        )
    });
    Ok(Diagnosis {
        city: data.city.to_owned(),
        settings: settings.clone(),
        population: pops.iter().map(|p| *p as u64).sum(),
        incidents: data.incidents.len() as u64,
        incidents_per_year: per_year,
        city_rate: per_1000(counts.iter().sum(), total_pop),
        years,
        moran_rate,
        index,
        density,
        quality: Quality {
            indicators: inputs
                .iter()
                .zip(&latest)
                .map(|(i, (d, _))| {
                    let coverage = i.values.iter().flatten().count() as f64 / n as f64;
                    (d.name.clone(), d.source.clone(), coverage)
                })
                .collect(),
            incidents_outside_areas: outside,
            areas_without_population: pops.iter().filter(|p| **p <= 0.0).count(),
            islands: queen
                .islands()
                .into_iter()
                .map(|i| out_areas[i].code.clone())
                .collect(),
            fdr_threshold: fdr,
            index_problem,
        },
        areas: out_areas,
        priority,
    })
}
