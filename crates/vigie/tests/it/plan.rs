//! `vigie plan`: the demo city's plan evaluated from its folder and from a database, its planted effects
//! recovered; a bad plan file refused whole.

use serde_json::Value;

use crate::{demo_files, run, text};

fn evaluations(out: &std::process::Output) -> Vec<Value> {
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["measures"].as_array().unwrap().clone()
}

#[test]
fn the_demo_plan_is_evaluated_from_its_folder_and_from_a_database() {
    let dir = tempfile::tempdir().unwrap();
    demo_files(dir.path(), 50_000);
    let d = dir.path().to_str().unwrap();
    let from_dir = evaluations(&run(&["plan", "evaluate", "--city", d, "--json"]));
    assert_eq!(from_dir.len(), 12);
    let truth: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("truth.json")).unwrap()).unwrap();
    for m in truth["plan"]["measures"].as_array().unwrap() {
        let e = from_dir.iter().find(|e| e["id"] == m["id"]).unwrap();
        for key in [
            "id",
            "title",
            "areas",
            "effect",
            "lower",
            "upper",
            "comparison_areas",
            "warnings",
        ] {
            assert!(e.get(key).is_some(), "{key}");
        }
        if m["planted"] == true {
            let t = m["true_effect"].as_f64().unwrap();
            let (lo, hi) = (e["lower"].as_f64().unwrap(), e["upper"].as_f64().unwrap());
            assert!(lo <= t && t <= hi, "{}: {t} not in [{lo}, {hi}]", m["id"]);
        }
        if m["areas"].as_array().unwrap().is_empty() {
            assert!(e["effect"].is_null());
            assert_eq!(e["warnings"][0]["code"], "city_wide");
        }
    }
    let t = text(&run(&["plan", "evaluate", "--city", d]).stdout);
    assert!(t.contains("M01") && t.contains("per 1,000 inhabitants"), "{t}");

    // The same plan imported into a city's database gives the same evaluation.
    let db = dir.path().join("city.sqlite");
    let dbs = db.to_str().unwrap();
    for (kind, file) in [
        ("agencies", "agencies.csv"),
        ("areas", "areas.geojson"),
        ("indicators", "indicators.csv"),
        ("incidents", "incidents.csv"),
    ] {
        let out = run(&[
            "import",
            kind,
            dir.path().join(file).to_str().unwrap(),
            "--db",
            dbs,
        ]);
        assert!(out.status.success(), "{kind}: {}", text(&out.stderr));
    }
    // A bad plan is refused whole, every problem named.
    let bad = dir.path().join("bad.json");
    let plan = std::fs::read_to_string(dir.path().join("plan.json")).unwrap();
    let mut v: Value = serde_json::from_str(&plan).unwrap();
    v["measures"][1]["end"] = "2020-01-01".into();
    v["measures"][2]["areas"] = serde_json::json!(["N99"]);
    v["measures"][3]["indicators"][0]["baseline"] = Value::Null;
    std::fs::write(&bad, v.to_string()).unwrap();
    let out = run(&["plan", "import", bad.to_str().unwrap(), "--db", dbs]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    for needle in [
        "measures[1].end: the end (2020-01-01) is before the start",
        "measures[2].areas[0]: `N99` is not an area of the city",
        "measures[3].indicators[0].baseline",
        "nothing was added",
    ] {
        assert!(err.contains(needle), "{needle}: {err}");
    }
    let out = run(&[
        "plan",
        "import",
        dir.path().join("plan.json").to_str().unwrap(),
        "--db",
        dbs,
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("12 measures added"));
    let from_db = evaluations(&run(&["plan", "evaluate", "--db", dbs, "--json"]));
    assert_eq!(from_db, from_dir);
    // Importing again is refused: the codes are taken.
    let out = run(&[
        "plan",
        "import",
        dir.path().join("plan.json").to_str().unwrap(),
        "--db",
        dbs,
    ]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("already the code"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_citys_own_measure_templates_are_checked_before_serving() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("templates.json");
    std::fs::write(&bad, r#"{"templates": [{"id": "x", "phenomena": ["nothing"]}]}"#).unwrap();
    let db = dir.path().join("city.sqlite");
    let out = run(&[
        "serve",
        "--db",
        db.to_str().unwrap(),
        "--addr",
        "127.0.0.1:0",
        "--measure-templates",
        bad.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("templates.json") && err.contains("templates:"),
        "{err}"
    );
}
