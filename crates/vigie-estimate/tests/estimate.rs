//! End-to-end tests of vigie-estimate against published results (fixtures in `tests/fixtures`, sources in
//! `tests/fixtures/SOURCE.md`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use vigie_estimate::simulate::{Scenario, study};
use vigie_estimate::{
    Error, IntervalMethod, Method, Model, Options, Severity, Table, check_model, codes, estimate, fit_model,
    threshold_sensitivity,
};

const KOREA: &str = include_str!("fixtures/korea.csv");
const ARTIFICIAL_3: &str = include_str!("fixtures/artificial_3.csv");
const HIV_ROME: &str = include_str!("fixtures/hiv_rome.csv");

fn table(text: &str, name: &str) -> Table {
    Table::from_csv(text.as_bytes(), name).unwrap()
}

fn no_boot(method: Method) -> Options {
    Options {
        method,
        bootstrap: 0,
        ..Options::default()
    }
}

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

fn assert_4dp(got: f64, published: f64, what: &str) {
    assert!(
        (got - published).abs() < 5e-5,
        "{what}: got {got}, published {published}"
    );
}

fn terms(e: &[Vec<String>]) -> Vec<String> {
    e.iter().map(|t| t.join(":")).collect()
}

#[test]
fn korea_stepwise_matches_sparsemse() {
    let e = estimate(
        &table(KOREA, "korea.csv"),
        &no_boot(Method::Stepwise { threshold: 0.02 }),
    )
    .unwrap();
    assert_eq!(terms(&e.model.terms), ["b:c"]);
    assert_eq!(e.observed, 123);
    assert_4dp(e.estimate, 268.7778, "N");
    assert!((e.deviance - 8.566946).abs() < 5e-7, "deviance {}", e.deviance);
    assert_4dp(e.bic, 58.9686, "BIC");
    assert_eq!(e.df, 2);
    let steps = e.steps.as_ref().unwrap();
    assert_eq!(steps.len(), 1);
    assert_eq!(steps[0].term, ["b", "c"]);
    assert!(steps[0].p_value < 0.02);
    assert_eq!(e.interval.method, IntervalMethod::Lognormal);
}

#[test]
fn korea_bic_ranking_matches_published() {
    let e = estimate(&table(KOREA, "korea.csv"), &no_boot(Method::bic())).unwrap();
    let ranking = e.ranking.as_ref().unwrap();
    assert_eq!(ranking.len(), 8);
    let admissible: Vec<_> = ranking.iter().filter(|r| r.code == 0).collect();
    assert_eq!(admissible.len(), 6, "6 of 8 candidate models are admissible");
    let published: [(&[&str], f64, f64); 6] = [
        (&["b:c", "c:d"], 157.1667, 57.14081),
        (&["b:c"], 268.7778, 58.96860),
        (&["b:d", "c:d"], 123.4630, 91.89711),
        (&["c:d"], 126.1944, 138.06368),
        (&["b:d"], 126.9394, 155.16018),
        (&[], 141.9926, 184.14431),
    ];
    for (row, (want_terms, want_n, want_bic)) in admissible.iter().zip(published) {
        assert_eq!(terms(&row.terms), want_terms);
        let n = row.estimate.unwrap();
        let bic = row.bic.unwrap();
        assert_eq!(round4(n), want_n, "N of {want_terms:?}: {n}");
        assert_4dp(bic, want_bic, &format!("BIC of {want_terms:?}"));
    }
    assert_eq!(terms(&e.model.terms), ["b:c", "c:d"]);
    assert_eq!(round4(e.estimate), 157.1667);
    assert_4dp(e.bic, 57.14081, "chosen BIC");
    // the two inadmissible ones: {b:c, b:d} and all three pairs (the MLE does not exist: cell c,d is empty)
    let bad: Vec<_> = ranking
        .iter()
        .filter(|r| r.code != 0)
        .map(|r| (terms(&r.terms), r.code))
        .collect();
    assert_eq!(bad.len(), 2);
    assert!(bad.iter().all(|(_, code)| *code == 1), "{bad:?}");
}

#[test]
fn korea_bca_interval_over_admissible_models() {
    let opts = Options {
        method: Method::bic(),
        bootstrap: 1000,
        seed: 20240601,
        ..Options::default()
    };
    let e = estimate(&table(KOREA, "korea.csv"), &opts).unwrap();
    assert_eq!(e.interval.method, IntervalMethod::Bca);
    assert_eq!(e.interval.level, 0.95);
    // published: about [128, 349]
    assert!(
        (110.0..150.0).contains(&e.interval.lower),
        "lower {}",
        e.interval.lower
    );
    assert!(
        (290.0..420.0).contains(&e.interval.upper),
        "upper {}",
        e.interval.upper
    );
    let boot = e.bootstrap.as_ref().unwrap();
    assert_eq!(boot.replicates, 1000);
    assert_eq!(boot.estimates.len() + boot.failed, 1000);
    assert_eq!(e.failed_replicates, boot.failed);
}

#[test]
fn korea_stepwise_bca_interval_is_sane_and_deterministic() {
    let opts = Options {
        bootstrap: 300,
        seed: 7,
        ..Options::default()
    };
    let t = table(KOREA, "korea.csv");
    let a = estimate(&t, &opts).unwrap();
    let b = estimate(&t, &opts).unwrap();
    assert_eq!(a, b);
    assert!(a.interval.lower >= 123.0 && a.interval.lower < a.estimate && a.estimate < a.interval.upper);
    let c = estimate(&t, &Options { seed: 8, ..opts }).unwrap();
    assert_ne!(a.bootstrap.unwrap().estimates, c.bootstrap.unwrap().estimates);
}

#[test]
fn artificial_3_existence_codes() {
    let t = table(ARTIFICIAL_3, "artificial_3.csv");
    let code = |pairs: &[&[&str]]| {
        check_model(&t, &Model::from_names(&t, pairs).unwrap())
            .unwrap()
            .code()
    };
    assert_eq!(code(&[]), 0, "main effects only");
    assert_eq!(code(&[&["A", "C"]]), 0);
    assert_eq!(code(&[&["B", "C"]]), 0);
    assert_eq!(code(&[&["A", "C"], &["B", "C"]]), 0);
    assert_eq!(code(&[&["A", "B"]]), 1, "A:B alone");
    assert_eq!(code(&[&["A", "B"], &["A", "C"]]), 1);
    assert_eq!(code(&[&["A", "B"], &["B", "C"]]), 1);
    assert_eq!(
        code(&[&["A", "B"], &["A", "C"], &["B", "C"]]),
        2,
        "all three pairs"
    );
}

#[test]
fn artificial_3_warns_about_lists_that_never_overlap() {
    let e = estimate(
        &table(ARTIFICIAL_3, "artificial_3.csv"),
        &no_boot(Method::default()),
    )
    .unwrap();
    let w = e
        .warnings
        .iter()
        .find(|w| w.code == codes::NO_OVERLAP)
        .expect("no-overlap warning");
    assert!(
        w.message.contains("`A`–`C`") && w.message.contains("`B`–`C`"),
        "{}",
        w.message
    );
    assert_eq!(w.severity, Severity::Warning);
}

#[test]
fn hiv_rome_sanity() {
    let t = table(HIV_ROME, "hiv_rome.csv");
    assert_eq!(t.observed(), 1896);
    // the two-way model (all six pairs) exists, is identifiable and fits
    let all_pairs = Model::from_terms(&[&[0, 1], &[0, 2], &[0, 3], &[1, 2], &[1, 3], &[2, 3]]).unwrap();
    assert_eq!(check_model(&t, &all_pairs).unwrap().code(), 0);
    let f = fit_model(&t, &all_pairs).unwrap();
    assert!(f.converged && f.estimate.is_finite() && f.estimate > 1896.0);
    assert_eq!(f.df, 15 - 11);
    // the c1:c2 model, the one backward elimination keeps
    let c1c2 = Model::from_names(&t, &[&["c1", "c2"]]).unwrap();
    let g = fit_model(&t, &c1c2).unwrap();
    assert!(g.converged && g.deviance < 15.0, "deviance {}", g.deviance);
    // stepwise: plausible, and at a looser threshold it keeps exactly c1:c2
    let e = estimate(&t, &no_boot(Method::default())).unwrap();
    assert!(e.estimate > 1896.0 && e.estimate < 30_000.0, "{}", e.estimate);
    assert!(e.model.terms.len() <= 1);
    let loose = estimate(&t, &no_boot(Method::Stepwise { threshold: 0.05 })).unwrap();
    assert_eq!(terms(&loose.model.terms), ["c1:c2"]);
    assert!((loose.estimate - g.estimate).abs() < 1e-6);
    assert!(loose.interval.lower < loose.estimate && loose.estimate < loose.interval.upper);
}

#[test]
fn bad_input_names_line_and_field() {
    let cases: [(&str, &[&str]); 9] = [
        (
            "A,B,count\n1,0,3\n0,2,1\n",
            &["bad.csv, line 3, column `B`", "`2` is not 0 or 1"],
        ),
        ("A,B,count\n1,0,-3\n", &["line 2, column `count`", "negative"]),
        ("A,B,count\n1,0,2.5\n", &["line 2, column `count`", "fractional"]),
        ("A,count\n1,3\n", &["line 1", "at least two"]),
        ("A,B,total\n1,0,3\n", &["line 1", "no `count` column"]),
        ("A,B,count\n1,1,2\n0,0,4\n", &["line 3", "no list (all zeros)"]),
        (
            "A,B,count\n1,0,3\n1,1\n",
            &["line 3", "2 field(s), the header has 3"],
        ),
        (
            "A,B,C,D,E,F,G,H,I,J,K,L,M,count\n",
            &["line 1", "13 lists", "at most 12"],
        ),
        ("A,B,count\n1,0,3,4\n", &["line 2", "4 field(s)"]),
    ];
    for (text, wanted) in cases {
        let err = Table::from_csv(text.as_bytes(), "bad.csv")
            .unwrap_err()
            .to_string();
        for w in wanted {
            assert!(err.contains(w), "{text:?}: `{err}` lacks `{w}`");
        }
        assert!(err.starts_with("bad.csv"), "{err}");
    }
}

#[test]
fn json_contract() {
    let t = table(KOREA, "korea.csv");
    let e = estimate(
        &t,
        &Options {
            bootstrap: 200,
            ..Options::default()
        },
    )
    .unwrap();
    let v: serde_json::Value = serde_json::to_value(&e).unwrap();
    assert_eq!(v["observed"], 123);
    assert!(v["estimate"].as_f64().unwrap() > 123.0);
    assert!((v["hidden"].as_f64().unwrap() - (e.estimate - 123.0)).abs() < 1e-9);
    assert_eq!(v["interval"]["level"], 0.95);
    assert!(v["interval"]["lower"].is_f64() && v["interval"]["upper"].is_f64());
    assert_eq!(v["interval"]["method"], "bca");
    assert_eq!(v["model"]["terms"], serde_json::json!([["b", "c"]]));
    let warnings = v["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .all(|w| w["code"].is_string() && w["message"].is_string())
    );
    assert!(warnings.iter().any(|w| w["code"] == "scope"));
    assert_eq!(
        v["bootstrap"]["estimates"].as_array().unwrap().len(),
        200 - e.failed_replicates
    );
    assert_eq!(v["sensitivity"].as_array().unwrap().len(), 7);
    let without = serde_json::to_value(estimate(&t, &no_boot(Method::default())).unwrap()).unwrap();
    assert_eq!(without["interval"]["method"], "lognormal");
    assert!(without["bootstrap"].is_null());
}

#[test]
fn warnings_a_statistician_would_give() {
    let korea = estimate(&table(KOREA, "korea.csv"), &no_boot(Method::default())).unwrap();
    let has = |e: &vigie_estimate::Estimate, code: &str| e.warnings.iter().any(|w| w.code == code);
    assert!(has(&korea, codes::SCOPE));
    assert!(
        korea.warnings[0].severity == Severity::Note && korea.warnings[0].message.contains("not the number")
    );
    // {b:c} leaves residual deviance 8.57 on 2 df
    assert!(has(&korea, codes::POOR_FIT));
    // a sparse 5-list table
    let sparse = "A,B,C,D,E,count\n1,0,0,0,0,9\n0,1,0,0,0,7\n0,0,1,0,0,8\n0,0,0,1,0,6\n0,0,0,0,1,5\n1,1,0,0,0,2\n\
                  0,1,1,0,0,1\n0,0,1,1,0,1\n1,0,0,0,1,1\n";
    let s = estimate(&table(sparse, "sparse.csv"), &no_boot(Method::default())).unwrap();
    assert!(has(&s, codes::SPARSE), "{:?}", s.warnings);
    assert!(has(&s, codes::NO_OVERLAP));
    // main effects on korea: one cell drives the estimate
    let main = estimate(&table(KOREA, "korea.csv"), &no_boot(Method::Main)).unwrap();
    assert!(has(&main, codes::INFLUENTIAL_CELL) || has(&main, codes::POOR_FIT));
}

#[test]
fn threshold_sensitivity_on_korea_and_hiv() {
    let thresholds = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1];
    let k = threshold_sensitivity(&table(KOREA, "korea.csv"), &thresholds).unwrap();
    assert_eq!(k.len(), 7);
    let at_002 = k.iter().find(|p| p.threshold == 0.02).unwrap();
    assert_4dp(at_002.estimate, 268.7778, "sensitivity at 0.02");
    let h = threshold_sensitivity(&table(HIV_ROME, "hiv_rome.csv"), &thresholds).unwrap();
    let first = h.first().unwrap().estimate;
    let last = h.last().unwrap().estimate;
    assert!(
        last > first,
        "HIV: a looser threshold adds c1:c2 and raises the estimate"
    );
    assert!(threshold_sensitivity(&table(KOREA, "korea.csv"), &[1.5]).is_err());
}

#[test]
fn options_and_method_errors() {
    let t = table(KOREA, "korea.csv");
    assert!(matches!(
        estimate(
            &t,
            &Options {
                level: 1.0,
                ..Options::default()
            }
        ),
        Err(Error::InvalidOption(_))
    ));
    let bad = Options {
        method: Method::Stepwise { threshold: -0.1 },
        ..Options::default()
    };
    assert!(matches!(estimate(&t, &bad), Err(Error::InvalidOption(_))));
    let names: Vec<String> = (0..7).map(|i| format!("L{i}")).collect();
    let rows = (0..7).map(|i| {
        let mut p = vec![false; 7];
        p[i] = true;
        p[(i + 1) % 7] = true;
        (p, 3u64)
    });
    let seven = Table::from_patterns(names, rows).unwrap();
    assert!(matches!(
        estimate(&seven, &no_boot(Method::bic())),
        Err(Error::BicTooManyLists(7))
    ));
    assert!(estimate(&seven, &no_boot(Method::default())).is_ok());
}

#[test]
fn tidying_is_reported_and_used() {
    // D duplicates b
    let text = "b,c,d,D,count\n0,0,1,0,41\n0,1,0,0,5\n1,0,0,1,5\n1,1,0,1,54\n1,0,1,1,6\n1,1,1,1,12\n";
    let e = estimate(&table(text, "dup.csv"), &no_boot(Method::default())).unwrap();
    assert_eq!(e.lists, ["b", "c", "d"]);
    assert!(
        e.warnings
            .iter()
            .any(|w| w.code == codes::LIST_DUPLICATE && w.message.contains("`D`"))
    );
    assert_4dp(e.estimate, 268.7778, "same as korea");
}

#[test]
fn strata_are_estimated_separately() {
    let lists: Vec<String> = ["b", "c", "d"].iter().map(|s| s.to_string()).collect();
    let korea = table(KOREA, "korea.csv");
    let mut rows = Vec::new();
    for (mask, count) in korea.cells() {
        let p: Vec<bool> = (0..3).map(|i| mask & (1 << i) != 0).collect();
        rows.push(("north", p.clone(), count));
        rows.push(("south", p, count * 2));
    }
    let strata = Table::by_stratum(&lists, rows).unwrap();
    let north = estimate(&strata["north"], &no_boot(Method::default())).unwrap();
    let south = estimate(&strata["south"], &no_boot(Method::default())).unwrap();
    assert_4dp(north.estimate, 268.7778, "north = korea");
    assert!(
        (south.estimate - 2.0 * north.estimate).abs() < 1e-6,
        "log-linear estimates scale with the counts"
    );
}

#[test]
fn simulated_coverage_with_heterogeneous_capture() {
    // 40 cities of 500 people, 4 lists, two latent classes of capture probability (≈0.3 and ≈0.2)
    let options = Options {
        bootstrap: 200,
        seed: 11,
        diagnostics: false,
        ..Options::default()
    };
    let s = study(&Scenario::two_classes(), 40, &options, 2024).unwrap();
    assert_eq!(s.failures, 0);
    assert!(s.coverage >= 0.85, "coverage {} (bias {:.1})", s.coverage, s.bias);
    assert!(s.relative_bias.abs() < 0.1, "relative bias {}", s.relative_bias);
}

fn three_list_table(counts: &[u64]) -> Table {
    let names = vec!["A".to_owned(), "B".to_owned(), "C".to_owned()];
    let mut full = vec![0u64; 8];
    full[1..].copy_from_slice(counts);
    Table::from_mask_counts(names, &full).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, rng_seed: proptest::test_runner::RngSeed::Fixed(20261129), ..ProptestConfig::default() })]

    #[test]
    fn random_small_tables_fit_or_fail_cleanly(counts in proptest::collection::vec(0u64..50, 7), bic in any::<bool>()) {
        let t = three_list_table(&counts);
        let method = if bic { Method::bic() } else { Method::default() };
        match estimate(&t, &Options { method, bootstrap: 25, seed: 3, ..Options::default() }) {
            Ok(e) => {
                prop_assert!(e.estimate.is_finite());
                prop_assert!(e.estimate >= e.observed as f64);
                prop_assert!(e.interval.lower.is_finite() && e.interval.upper.is_finite());
                prop_assert!(e.interval.lower <= e.interval.upper);
                prop_assert!(e.interval.lower >= e.observed as f64 - 1e-9);
                prop_assert_eq!(e.observed, counts.iter().sum::<u64>());
                serde_json::to_string(&e).unwrap();
            }
            Err(err) => prop_assert!(!err.to_string().is_empty()),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, rng_seed: proptest::test_runner::RngSeed::Fixed(20261129), ..ProptestConfig::default() })]

    #[test]
    fn bootstrap_does_not_depend_on_thread_count(counts in proptest::collection::vec(1u64..40, 7), seed in any::<u64>()) {
        let t = three_list_table(&counts);
        let opts = Options { bootstrap: 60, seed, ..Options::default() };
        let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let three = rayon::ThreadPoolBuilder::new().num_threads(3).build().unwrap();
        let a = one.install(|| estimate(&t, &opts));
        let b = three.install(|| estimate(&t, &opts));
        prop_assert_eq!(a, b);
    }
}
