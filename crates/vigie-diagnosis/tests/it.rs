//! The diagnosis on the demo city, scored against the generator's ground truth (`truth.json`): the areas it made
//! excluded come out at the top of the index, and its crime hot spots as HH clusters of the incident rate.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;

use vigie_diagnosis::index::{IndexOptions, IndicatorInput, composite};
use vigie_diagnosis::rates::empirical_bayes;
use vigie_domain::import::{parse_incidents, parse_indicators};
use vigie_spatial::{AreaSet, Quadrant, Weights, local_moran};
use vigie_synth::{DemoConfig, generate};

fn spearman(a: &[f64], b: &[f64]) -> f64 {
    let rank = |v: &[f64]| {
        let mut idx: Vec<usize> = (0..v.len()).collect();
        idx.sort_by(|&i, &j| v[i].total_cmp(&v[j]));
        let mut r = vec![0.0; v.len()];
        for (k, &i) in idx.iter().enumerate() {
            r[i] = k as f64;
        }
        r
    };
    let (ra, rb) = (rank(a), rank(b));
    let n = a.len() as f64;
    let d2: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - y).powi(2)).sum();
    1.0 - 6.0 * d2 / (n * (n * n - 1.0))
}

#[test]
fn the_demo_city_diagnosis_finds_what_the_generator_hid() {
    let files = generate(&DemoConfig {
        incidents: 20_000,
        victims: 50,
        ..DemoConfig::default()
    });
    let truth: serde_json::Value = serde_json::from_str(files.get("truth.json").unwrap()).unwrap();
    let areas = AreaSet::from_geojson("areas.geojson", files.get("areas.geojson").unwrap(), "id").unwrap();
    let exclusion: HashMap<String, f64> = truth["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_owned(),
                a["exclusion"].as_f64().unwrap(),
            )
        })
        .collect();
    let excl: Vec<f64> = areas.ids.iter().map(|id| exclusion[id]).collect();

    // The index from the latest year's indicators.
    let file = parse_indicators("indicators.csv", files.get("indicators.csv").unwrap()).unwrap();
    let last = file.values.iter().map(|v| v.value.period).max().unwrap();
    let mut inputs: Vec<IndicatorInput> = file
        .definitions
        .iter()
        .map(|d| IndicatorInput {
            name: d.value.code.to_string(),
            higher_is_worse: d.value.direction == vigie_domain::Direction::HigherIsWorse,
            values: vec![None; areas.len()],
        })
        .collect();
    let pos: HashMap<&str, usize> = areas
        .ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    for v in file.values.iter().filter(|v| v.value.period == last) {
        let ind = inputs
            .iter_mut()
            .find(|i| i.name == v.value.indicator.as_str())
            .unwrap();
        ind.values[pos[v.value.area.as_str()]] = Some(v.value.value());
    }
    let index = composite(
        &inputs,
        &IndexOptions {
            runs: 300,
            ..Default::default()
        },
    )
    .unwrap();
    let scores: Vec<f64> = index.areas.iter().map(|a| a.score).collect();
    let rho = spearman(&scores, &excl);
    assert!(
        rho > 0.8,
        "index and hidden exclusion agree poorly: Spearman {rho:.3}"
    );
    let top = |v: &[f64], k: usize| {
        let mut idx: Vec<usize> = (0..v.len()).collect();
        idx.sort_by(|&i, &j| v[j].total_cmp(&v[i]));
        idx.truncate(k);
        idx
    };
    let (by_index, by_truth) = (top(&scores, 8), top(&excl, 8));
    let shared = by_index.iter().filter(|i| by_truth.contains(i)).count();
    assert!(
        shared >= 6,
        "only {shared} of the 8 most excluded areas are in the index's top 8"
    );

    // Incident rates, smoothed, and their LISA clusters.
    let today = time::macros::date!(2030 - 01 - 01);
    let incidents = parse_incidents("incidents.csv", files.get("incidents.csv").unwrap(), today).unwrap();
    let mut counts = vec![0.0; areas.len()];
    for i in &incidents {
        counts[pos[i.value.area.as_ref().unwrap().as_str()]] += 1.0;
    }
    let pops: Vec<f64> = areas.variable("population").unwrap();
    let rates = empirical_bayes(&counts, &pops).unwrap();
    let w = Weights::contiguity(&areas.polygons, false, 1e-9).row_standardised();
    let lisa = local_moran(&rates, &w, 999, 7).unwrap();
    let hh: Vec<usize> = (0..areas.len())
        .filter(|&i| lisa[i].quadrant == Quadrant::HH && lisa[i].p_sim.unwrap() <= 0.05)
        .collect();
    assert!(hh.len() >= 3, "too few HH clusters: {hh:?}");
    let mean_hh: f64 = hh.iter().map(|&i| excl[i]).sum::<f64>() / hh.len() as f64;
    assert!(
        mean_hh > 0.5,
        "HH clusters are not in excluded areas: mean exclusion {mean_hh:.2}"
    );
    let hot_areas: Vec<usize> = truth["hot_spots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| pos[h["area"].as_str().unwrap()])
        .collect();
    let found = hot_areas
        .iter()
        .filter(|a| hh.contains(a) || w.row(**a).0.iter().any(|n| hh.contains(&(*n as usize))))
        .count();
    eprintln!(
        "demo diagnosis: Spearman(index, exclusion) = {rho:.3}; top-8 shared {shared}; HH clusters {}; \
         mean exclusion of HH {mean_hh:.2}; hot spots in or next to HH {found}/{}",
        hh.len(),
        hot_areas.len()
    );
    assert!(
        found * 2 >= hot_areas.len(),
        "only {found} of {} hot spots are in or next to an HH cluster",
        hot_areas.len()
    );
}

#[test]
fn the_demo_report_puts_the_hidden_problem_areas_on_the_priority_list() {
    use vigie_diagnosis::report::{CityData, Reason, Settings, diagnose};
    use vigie_domain::import::parse_areas;

    let files = generate(&DemoConfig {
        incidents: 20_000,
        victims: 50,
        ..DemoConfig::default()
    });
    let truth: serde_json::Value = serde_json::from_str(files.get("truth.json").unwrap()).unwrap();
    let areas: Vec<_> = parse_areas("areas.geojson", files.get("areas.geojson").unwrap())
        .unwrap()
        .into_iter()
        .map(|l| l.value)
        .collect();
    let ind = parse_indicators("indicators.csv", files.get("indicators.csv").unwrap()).unwrap();
    let defs: Vec<_> = ind.definitions.into_iter().map(|l| l.value).collect();
    let values: Vec<_> = ind.values.into_iter().map(|l| l.value).collect();
    let incidents: Vec<_> = parse_incidents(
        "incidents.csv",
        files.get("incidents.csv").unwrap(),
        time::macros::date!(2030 - 01 - 01),
    )
    .unwrap()
    .into_iter()
    .map(|l| l.value)
    .collect();
    let data = CityData {
        city: "Vallombre",
        areas: &areas,
        definitions: &defs,
        values: &values,
        incidents: &incidents,
    };
    let d = diagnose(
        &data,
        &Settings {
            permutations: 499,
            index_runs: 200,
            ..Settings::default()
        },
    )
    .unwrap();
    assert_eq!(d.areas.len(), 41);
    assert_eq!(d.years, vec![2021, 2022, 2023, 2024, 2025]);
    assert_eq!(d.incidents, incidents.len() as u64);
    assert!(
        d.moran_rate.as_ref().unwrap().i > 0.3,
        "incident rates are clustered"
    );
    assert!(d.index.is_some() && d.quality.index_problem.is_none());
    // The five most excluded areas of the truth are all on the priority list.
    let mut by_exclusion: Vec<(String, f64)> = truth["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_owned(),
                a["exclusion"].as_f64().unwrap(),
            )
        })
        .collect();
    by_exclusion.sort_by(|a, b| b.1.total_cmp(&a.1));
    let listed: Vec<&str> = d.priority.iter().map(|&i| d.areas[i].code.as_str()).collect();
    for (code, _) in by_exclusion.iter().take(5) {
        assert!(
            listed.contains(&code.as_str()),
            "{code} is missing from the priority list {listed:?}"
        );
    }
    // Every hot spot's area has a spatial reason or is next to one that has.
    for h in truth["hot_spots"].as_array().unwrap() {
        let code = h["area"].as_str().unwrap();
        let a = d.areas.iter().find(|a| a.code == code).unwrap();
        assert!(!a.reasons.is_empty(), "hot spot area {code} has no reason");
    }
    // Areas that are not listed have no reason, and listed ones at least one; the list is worst first.
    assert!(d.priority.len() < 41, "not every area can be a priority");
    let ranks: Vec<usize> = d
        .priority
        .iter()
        .map(|&i| d.areas[i].index.as_ref().unwrap().rank)
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]));
    assert!(
        d.areas
            .iter()
            .any(|a| a.reasons.iter().any(|r| matches!(r, Reason::Cluster { .. })))
    );
}

#[test]
fn incidents_stored_without_an_area_are_placed_by_the_diagnosis() {
    use vigie_diagnosis::report::{CityData, Settings, diagnose};
    use vigie_domain::import::parse_areas;

    let files = generate(&DemoConfig {
        incidents: 3_000,
        victims: 20,
        ..DemoConfig::default()
    });
    let areas: Vec<_> = parse_areas("areas.geojson", files.get("areas.geojson").unwrap())
        .unwrap()
        .into_iter()
        .map(|l| l.value)
        .collect();
    let mut incidents: Vec<_> = parse_incidents(
        "incidents.csv",
        files.get("incidents.csv").unwrap(),
        time::macros::date!(2030 - 01 - 01),
    )
    .unwrap()
    .into_iter()
    .map(|l| l.value)
    .collect();
    let settings = Settings {
        permutations: 99,
        index_runs: 0,
        ..Settings::default()
    };
    let with_areas = {
        let data = CityData {
            city: "V",
            areas: &areas,
            definitions: &[],
            values: &[],
            incidents: &incidents,
        };
        diagnose(&data, &settings).unwrap()
    };
    for i in &mut incidents {
        i.area = None;
    }
    let data = CityData {
        city: "V",
        areas: &areas,
        definitions: &[],
        values: &[],
        incidents: &incidents,
    };
    let placed = diagnose(&data, &settings).unwrap();
    assert_eq!(placed.quality.incidents_outside_areas, 0);
    let counts =
        |d: &vigie_diagnosis::report::Diagnosis| d.areas.iter().map(|a| a.incidents).collect::<Vec<_>>();
    assert_eq!(
        counts(&placed),
        counts(&with_areas),
        "the R-tree finds the areas the generator wrote"
    );
    assert!(
        placed.quality.index_problem.is_some(),
        "without indicators there is no index, and the report says so"
    );
}
