//! `vigie estimate`: the published example, bad tables, and the demo city's lists from linkage to estimate.

use serde_json::Value;

use crate::{run, text};

fn fixture(name: &str) -> String {
    format!(
        "{}/../vigie-estimate/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn json(args: &[&str]) -> Value {
    let out = run(args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn korea_stepwise_gives_the_published_estimate_with_the_contract_keys() {
    let k = fixture("korea.csv");
    let e = json(&[
        "estimate",
        "--table",
        &k,
        "--bootstrap",
        "200",
        "--seed",
        "3",
        "--json",
    ]);
    assert_eq!(e["observed"], 123);
    assert!((e["estimate"].as_f64().unwrap() - 268.7778).abs() < 1e-3, "{e}");
    assert!((e["hidden"].as_f64().unwrap() - (268.7778 - 123.0)).abs() < 1e-3);
    assert_eq!(e["model"]["terms"], serde_json::json!([["b", "c"]]));
    assert_eq!(e["interval"]["level"], 0.95);
    assert_eq!(e["interval"]["method"], "bca");
    let (lo, hi) = (
        e["interval"]["lower"].as_f64().unwrap(),
        e["interval"]["upper"].as_f64().unwrap(),
    );
    assert!(lo <= 268.7778 && 268.7778 <= hi && lo >= 123.0, "{lo} {hi}");
    assert!(
        e["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "scope")
    );
    // The same seed gives the same interval; no bootstrap gives the log-normal one.
    let again = json(&[
        "estimate",
        "--table",
        &k,
        "--bootstrap",
        "200",
        "--seed",
        "3",
        "--json",
    ]);
    assert_eq!(again["interval"], e["interval"]);
    let b = json(&[
        "estimate",
        "--table",
        &k,
        "--method",
        "bic",
        "--bootstrap",
        "0",
        "--json",
    ]);
    assert!((b["estimate"].as_f64().unwrap() - 157.1667).abs() < 1e-3, "{b}");
    assert_eq!(b["interval"]["method"], "lognormal");
    assert_eq!(b["model"]["terms"], serde_json::json!([["b", "c"], ["c", "d"]]));
    // The reader's version says the same.
    let out = run(&["estimate", "--table", &k, "--bootstrap", "0"]);
    let t = text(&out.stdout);
    assert!(
        t.contains("123 people on the lists b, c, d; estimated 269 in all"),
        "{t}"
    );
    assert!(t.contains("main effects + b:c"), "{t}");
}

#[test]
fn a_heterogeneity_term_can_be_added() {
    // HIV cases in Rome, main effects + Darroch's term: statsmodels' Poisson GLM gives 21,327.46, γ = 0.689
    let h = fixture("hiv_rome.csv");
    let e = json(&[
        "estimate",
        "--table",
        &h,
        "--method",
        "main",
        "--heterogeneity",
        "darroch",
        "--bootstrap",
        "0",
        "--level",
        "0.9",
        "--json",
    ]);
    assert!((e["estimate"].as_f64().unwrap() - 21327.4605).abs() < 1e-2, "{e}");
    assert_eq!(e["model"]["heterogeneity"], "darroch");
    assert!((e["model"]["heterogeneity_coefficient"].as_f64().unwrap() - 0.689198).abs() < 1e-5);
    assert_eq!(e["interval"]["level"], 0.9);
    let out = run(&[
        "estimate",
        "--table",
        &h,
        "--heterogeneity",
        "gamma3.5",
        "--bootstrap",
        "0",
    ]);
    let t = text(&out.stdout);
    assert!(t.contains("heterogeneity gamma3.5 (γ = "), "{t}");
    let out = run(&["estimate", "--table", &h, "--heterogeneity", "rasch"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("darroch"), "the choices are named");
}

#[test]
fn bad_tables_are_refused_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    for (content, expected) in [
        ("a,b,count\n1,2,5\n", "line 2"),
        ("a,b,count\n1,0,-3\n", "line 2"),
        ("a,b,count\n1,0,2.5\n", "line 2"),
        ("a,count\n1,5\n", "two"),
        ("a,b,c\n1,0,1\n", "count"),
        ("a,b,count\n1,0,4\n0,0,3\n", "line 3"),
    ] {
        let path = dir.path().join("t.csv");
        std::fs::write(&path, content).unwrap();
        let out = run(&["estimate", "--table", path.to_str().unwrap(), "--bootstrap", "0"]);
        assert!(!out.status.success(), "{content}");
        let err = text(&out.stderr);
        assert!(err.contains(expected), "{content:?}: {err}");
        assert!(err.contains("t.csv"), "{err}");
    }
}

#[test]
fn the_demo_lists_go_from_linkage_to_an_estimate_with_its_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let (_, capture) = crate::link::link_demo_lists(dir.path());
    let e = json(&[
        "estimate",
        "--table",
        capture.to_str().unwrap(),
        "--bootstrap",
        "300",
        "--json",
    ]);
    let truth: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("truth.json")).unwrap()).unwrap();
    let population = truth["victims"]["population"].as_f64().unwrap();
    let seen =
        truth["victims"]["population"].as_f64().unwrap() - truth["victims"]["on_no_list"].as_f64().unwrap();
    let (n, est) = (e["observed"].as_f64().unwrap(), e["estimate"].as_f64().unwrap());
    let (lo, hi) = (
        e["interval"]["lower"].as_f64().unwrap(),
        e["interval"]["upper"].as_f64().unwrap(),
    );
    // The linkage counts the people seen within its errors, and the estimate adds people on no list.
    assert!((n - seen).abs() <= 0.03 * seen, "{n} found for {seen} seen");
    assert!(n < est && lo <= est && est <= hi && est < population * 1.5, "{e}");
    // The demo's capture is heterogeneous (some victims are far harder to reach than others, on every list): the
    // pairwise models cannot capture that and fall short of the true population; vigie must say so.
    assert!(
        e["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "poor_fit"),
        "{e}"
    );
}

/// The simulation study of the issue in small: demo cities (the demo generator's five agencies, with capture
/// heterogeneous in a hidden visibility, in the form of exploitation and in age, and referrals between agencies),
/// each with its true capture histories and its true number of victims, estimated with the BIC method and
/// Darroch's heterogeneity term. The full study (200 cities) is `bench/estimate/demo_coverage.sh`.
#[test]
fn intervals_cover_the_hidden_victims_of_simulated_demo_cities() {
    use vigie_estimate::{Heterogeneity, Method, Options, Table};
    const CITIES: u64 = 20;
    let mut covered = 0;
    let mut relative_errors = Vec::new();
    for seed in 1..=CITIES {
        let config = vigie_synth::DemoConfig {
            seed,
            incidents: 10,
            ..vigie_synth::DemoConfig::default()
        };
        let files = vigie_synth::generate(&config);
        let capture = files
            .files
            .iter()
            .find(|(path, _)| path == "truth/capture.csv")
            .map(|(_, text)| text.clone())
            .unwrap();
        let table = Table::from_csv(capture.as_bytes(), "capture.csv").unwrap();
        let options = Options {
            method: Method::bic(),
            heterogeneity: Heterogeneity::Darroch,
            bootstrap: 100,
            seed,
            diagnostics: false,
            ..Options::default()
        };
        let e = vigie_estimate::estimate(&table, &options).unwrap();
        let truth = config.victims as f64;
        assert!(e.observed < config.victims as u64, "some victims are on no list");
        if e.interval.lower <= truth && truth <= e.interval.upper {
            covered += 1;
        }
        relative_errors.push((e.estimate - truth) / truth);
    }
    relative_errors.sort_by(f64::total_cmp);
    let median = relative_errors[relative_errors.len() / 2];
    assert!(covered >= 18, "{covered} of {CITIES} intervals hold the truth");
    assert!(median.abs() < 0.1, "median relative error {median}");
}
