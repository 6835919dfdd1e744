//! The demo city's plan has three measures with a planted effect of known size and one with none
//! (`truth.json`, `plan.measures`): the evaluation must find them.

use std::collections::BTreeSet;

use vigie_domain::plan::{Known, read_plan};
use vigie_plan::{Conclusion, Options, evaluate_plan};
use vigie_synth::DemoConfig;

/// Every planted measure of the demo generated with `seed`: (id, true effect, estimate, lower, upper, warnings).
fn evaluate(seed: u64) -> Vec<(String, f64, vigie_plan::Evaluation)> {
    let (files, areas, incidents) = crate::demo_city(&DemoConfig {
        seed,
        ..DemoConfig::default()
    });
    let known = Known {
        areas: areas.iter().map(|a| a.code.to_string()).collect(),
        indicators: [
            "median_income",
            "overcrowded_housing",
            "poverty_rate",
            "school_dropout_rate",
            "unemployment_rate",
            "youth_share",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect(),
        agencies: files
            .get("agencies.csv")
            .unwrap()
            .lines()
            .skip(1)
            .filter_map(|l| l.split(',').next())
            .map(str::to_owned)
            .collect::<BTreeSet<_>>(),
    };
    let measures = read_plan(files.get("plan.json").unwrap(), &known).unwrap();
    let evaluations = evaluate_plan(&measures, &areas, &incidents, &Options::default());
    let truth: serde_json::Value = serde_json::from_str(files.get("truth.json").unwrap()).unwrap();
    truth["plan"]["measures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["planted"] == true)
        .map(|m| {
            let id = m["id"].as_str().unwrap().to_owned();
            let e = evaluations.iter().find(|e| e.id == id).unwrap().clone();
            (id, m["true_effect"].as_f64().unwrap(), e)
        })
        .collect()
}

#[test]
fn the_demo_plans_planted_effects_are_recovered() {
    let planted = evaluate(7);
    assert_eq!(planted.len(), 4);
    let mut detected = 0;
    for (id, truth, e) in &planted {
        let (lower, upper) = (e.lower.unwrap(), e.upper.unwrap());
        assert!(
            lower <= *truth && *truth <= upper,
            "{id}: {truth} not in [{lower}, {upper}]"
        );
        assert_eq!(e.comparison_areas.len(), 10, "{id}");
        assert!(e.comparison_areas.iter().all(|c| !e.areas.contains(c)), "{id}");
        if *truth == 0.0 {
            assert_eq!(
                e.conclusion,
                Conclusion::NoDetectableChange,
                "{id}: the null measure shows nothing"
            );
        } else {
            assert!(e.effect.unwrap() < 0.0, "{id}");
            detected += usize::from(e.conclusion == Conclusion::Decrease);
        }
        assert!(e.warnings.is_empty(), "{id}: {:?}", e.warnings);
    }
    // Power is about 75 % per measure (bench/plan): on this seed two of the three reductions are told from chance.
    assert!(detected >= 2, "{detected}");
}

#[test]
fn the_intervals_hold_the_true_effects_of_simulated_cities() {
    let (mut runs, mut covered) = (0, 0);
    for seed in 1..=12 {
        for (_, truth, e) in evaluate(seed) {
            if let (Some(lower), Some(upper)) = (e.lower, e.upper) {
                runs += 1;
                covered += usize::from(lower <= truth && truth <= upper);
            }
        }
    }
    assert_eq!(runs, 48);
    // 95 % intervals: at least 44 of 48 (the method is slightly conservative: 98 % on 40 cities, bench/plan).
    assert!(covered >= 44, "{covered} of {runs}");
}
