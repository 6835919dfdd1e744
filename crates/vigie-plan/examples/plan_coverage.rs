//! Coverage of the evaluation's intervals on simulated demo cities: for seeds 1..=N, the demo plan's planted
//! measures are evaluated and their true effects (`truth.json`) compared with the intervals.
//!
//!     cargo run --release -p vigie-plan --example plan_coverage -- [N]

use std::collections::BTreeMap;

use vigie_domain::import::{parse_areas, parse_incidents};
use vigie_domain::plan::{Known, read_plan};
use vigie_plan::{Conclusion, Options, evaluate_plan};
use vigie_synth::{DemoConfig, generate};

type BoxError = Box<dyn std::error::Error>;

fn main() -> Result<(), BoxError> {
    let n: u64 = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(50);
    // id -> (runs, covered, detected, sum of widths, sum of errors)
    let mut stats: BTreeMap<String, (u32, u32, u32, f64, f64)> = BTreeMap::new();
    let mut warned: BTreeMap<&'static str, u32> = BTreeMap::new();
    for seed in 1..=n {
        let files = generate(&DemoConfig {
            seed,
            ..DemoConfig::default()
        });
        let get = |p: &str| files.get(p).ok_or_else(|| format!("no {p}"));
        let areas: Vec<_> = parse_areas("areas.geojson", get("areas.geojson")?)
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|l| l.value)
            .collect();
        let today = time::macros::date!(2026 - 11 - 29);
        let incidents: Vec<_> = parse_incidents("incidents.csv", get("incidents.csv")?, today)
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|l| l.value)
            .collect();
        let truth: serde_json::Value = serde_json::from_str(get("truth.json")?)?;
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
            agencies: get("agencies.csv")?
                .lines()
                .skip(1)
                .filter_map(|l| l.split(',').next())
                .map(str::to_owned)
                .collect(),
        };
        let measures = read_plan(get("plan.json")?, &known).map_err(|e| format!("{e:?}"))?;
        let evaluations = evaluate_plan(&measures, &areas, &incidents, &Options::default());
        for m in truth["plan"]["measures"].as_array().ok_or("no plan truth")? {
            if m["planted"] != true {
                continue;
            }
            let id = m["id"].as_str().ok_or("id")?.to_owned();
            let t = m["true_effect"].as_f64().ok_or("true_effect")?;
            let Some(e) = evaluations.iter().find(|e| e.id == id) else {
                continue;
            };
            let (Some(est), Some(lo), Some(hi)) = (e.effect, e.lower, e.upper) else {
                continue;
            };
            let s = stats.entry(id).or_default();
            s.0 += 1;
            s.1 += u32::from(lo <= t && t <= hi);
            s.2 += u32::from(e.conclusion == Conclusion::Decrease);
            s.3 += hi - lo;
            s.4 += est - t;
            for w in &e.warnings {
                *warned.entry(w.code).or_default() += 1;
            }
        }
    }
    println!("| measure | runs | interval holds the truth | decrease detected | mean width | mean error |");
    println!("|---|---|---|---|---|---|");
    for (id, (runs, cov, det, width, err)) in &stats {
        let r = f64::from(*runs);
        println!(
            "| {id} | {runs} | {:.0} % | {:.0} % | {:.2} | {:+.3} |",
            100.0 * f64::from(*cov) / r,
            100.0 * f64::from(*det) / r,
            width / r,
            err / r
        );
    }
    println!("warnings on the planted measures: {warned:?}");
    Ok(())
}
