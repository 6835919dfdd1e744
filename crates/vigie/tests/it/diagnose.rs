//! `vigie diagnose spatial`: the JSON contract, and clear errors for bad input.

use crate::{run, text};

/// A 4 × 4 lattice of unit squares with a value that rises to the north-east.
fn lattice(dir: &std::path::Path, edit: impl Fn(usize, &mut serde_json::Value)) -> std::path::PathBuf {
    let mut features = Vec::new();
    for r in 0..4 {
        for c in 0..4 {
            let (x, y) = (c as f64, r as f64);
            let mut f = serde_json::json!({
                "type": "Feature",
                "properties": {"code": format!("A{r}{c}"), "rate": (r + c) as f64 + 0.25 * ((r * 3 + c) % 2) as f64},
                "geometry": {"type": "Polygon", "coordinates": [[[x, y], [x + 1.0, y], [x + 1.0, y + 1.0], [x, y + 1.0], [x, y]]]},
            });
            edit(r * 4 + c, &mut f);
            features.push(f);
        }
    }
    let path = dir.join("lattice.geojson");
    let fc = serde_json::json!({"type": "FeatureCollection", "features": features});
    std::fs::write(&path, serde_json::to_string_pretty(&fc).unwrap()).unwrap();
    path
}

fn diagnose(path: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "diagnose",
        "spatial",
        "--areas",
        path.to_str().unwrap(),
        "--id-field",
        "code",
        "--variable",
        "rate",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn the_json_keeps_its_contract() {
    let dir = tempfile::tempdir().unwrap();
    let path = lattice(dir.path(), |_, _| {});
    let out = diagnose(
        &path,
        &[
            "--weights",
            "rook",
            "--permutations",
            "199",
            "--seed",
            "3",
            "--json",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["n"], 16);
    for key in ["i", "expected", "z_norm", "z_rand", "p_sim"] {
        assert!(v["moran"][key].is_number(), "moran.{key}");
    }
    assert!(v["moran"]["i"].as_f64().unwrap() > 0.5, "a gradient is clustered");
    let areas = v["areas"].as_array().unwrap();
    assert_eq!(areas.len(), 16);
    assert_eq!(areas[0]["id"], "A00", "areas in input order");
    assert_eq!(areas[15]["id"], "A33");
    for a in areas {
        assert!(a["lisa"]["i"].is_number() && a["lisa"]["p_sim"].is_number());
        assert!(["HH", "LH", "LL", "HL"].contains(&a["lisa"]["quadrant"].as_str().unwrap()));
        assert!(a["gi_star"]["z"].is_number() && a["gi_star"]["p_sim"].is_number());
    }
    assert_eq!(areas[0]["lisa"]["quadrant"], "LL");
    assert_eq!(areas[15]["lisa"]["quadrant"], "HH");
    // The same seed gives the same answer; every weights kind works.
    let again = diagnose(
        &path,
        &[
            "--weights",
            "rook",
            "--permutations",
            "199",
            "--seed",
            "3",
            "--json",
        ],
    );
    assert_eq!(out.stdout, again.stdout);
    for w in ["queen", "knn:3", "band:1.0"] {
        let out = diagnose(&path, &["--weights", w, "--permutations", "9", "--json"]);
        assert!(out.status.success(), "{w}: {}", text(&out.stderr));
    }
    let plain = diagnose(&path, &["--permutations", "99"]);
    assert!(text(&plain.stdout).contains("Moran's I"));
}

#[test]
fn gal_weights_are_read_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let path = lattice(dir.path(), |_, _| {});
    let gal = dir.path().join("w.gal");
    // A rook lattice written by hand in GAL.
    let mut s = String::from("0 16 lattice code\n");
    for r in 0..4i32 {
        for c in 0..4i32 {
            let n: Vec<String> = [(r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)]
                .iter()
                .filter(|(a, b)| (0..4).contains(a) && (0..4).contains(b))
                .map(|(a, b)| format!("A{a}{b}"))
                .collect();
            s.push_str(&format!("A{r}{c} {}\n{}\n", n.len(), n.join(" ")));
        }
    }
    std::fs::write(&gal, &s).unwrap();
    let from_gal = diagnose(
        &path,
        &[
            "--weights",
            &format!("gal:{}", gal.display()),
            "--permutations",
            "0",
            "--json",
        ],
    );
    let rook = diagnose(&path, &["--weights", "rook", "--permutations", "0", "--json"]);
    assert!(from_gal.status.success(), "{}", text(&from_gal.stderr));
    let a: serde_json::Value = serde_json::from_slice(&from_gal.stdout).unwrap();
    let b: serde_json::Value = serde_json::from_slice(&rook.stdout).unwrap();
    assert_eq!(a["moran"], b["moran"]);
    std::fs::write(&gal, s.replace("A33 2", "A99 2")).unwrap();
    let bad = diagnose(&path, &["--weights", &format!("gal:{}", gal.display())]);
    assert!(!bad.status.success());
    assert!(
        text(&bad.stderr).contains("unknown area id \"A99\""),
        "{}",
        text(&bad.stderr)
    );
}

/// What a case does to the lattice's features, its extra arguments, and the error it must give.
type Case = (
    &'static str,
    Box<dyn Fn(usize, &mut serde_json::Value)>,
    &'static [&'static str],
    &'static str,
);

#[test]
fn bad_areas_get_clear_errors_naming_the_feature() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<Case> = vec![
        (
            "missing id",
            Box::new(|i, f| {
                if i == 5 {
                    f["properties"].as_object_mut().unwrap().remove("code");
                }
            }),
            &[],
            "feature 5: the id field \"code\" is missing",
        ),
        (
            "duplicated id",
            Box::new(|i, f| {
                if i == 6 {
                    f["properties"]["code"] = "A00".into();
                }
            }),
            &[],
            "feature 6 (A00): the id \"A00\" is used twice (first by feature 0)",
        ),
        (
            "absent variable",
            Box::new(|i, f| {
                if i == 2 {
                    f["properties"].as_object_mut().unwrap().remove("rate");
                }
            }),
            &[],
            "feature 2 (A02): the variable \"rate\" is missing",
        ),
        (
            "text variable",
            Box::new(|i, f| {
                if i == 3 {
                    f["properties"]["rate"] = "high".into();
                }
            }),
            &[],
            "feature 3 (A03): the variable \"rate\" is not a number: \"high\"",
        ),
        (
            "open ring",
            Box::new(|i, f| {
                if i == 4 {
                    f["geometry"]["coordinates"][0][4] = serde_json::json!([0.5, 1.5]);
                }
            }),
            &[],
            "feature 4 (A10): a ring is not closed",
        ),
        (
            "overlap",
            Box::new(|i, f| {
                if i == 1 {
                    f["geometry"]["coordinates"][0] =
                        serde_json::json!([[0.5, 0.0], [2.0, 0.0], [2.0, 1.0], [0.5, 1.0], [0.5, 0.0]]);
                }
            }),
            &[],
            "overlaps feature 0 (A00)",
        ),
        (
            "unknown weights",
            Box::new(|_, _| {}),
            &["--weights", "hexagons"],
            "unknown weights \"hexagons\"",
        ),
        (
            "bad k",
            Box::new(|_, _| {}),
            &["--weights", "knn:40"],
            "k must be at least 1 and smaller than the number of areas (16)",
        ),
    ];
    for (what, edit, extra, expected) in cases {
        let path = lattice(dir.path(), edit);
        let out = diagnose(&path, extra);
        assert!(!out.status.success(), "{what} accepted");
        let err = text(&out.stderr);
        assert!(err.contains(expected), "{what}: expected {expected:?} in:\n{err}");
    }
}

#[test]
fn the_index_of_the_demo_city() {
    let dir = tempfile::tempdir().unwrap();
    crate::demo_files(dir.path(), 200);
    let areas = dir.path().join("areas.geojson");
    let indicators = dir.path().join("indicators.csv");
    let args = |extra: &[&str]| {
        let mut a = vec![
            "diagnose",
            "index",
            "--areas",
            areas.to_str().unwrap(),
            "--indicators",
            indicators.to_str().unwrap(),
        ];
        a.extend_from_slice(extra);
        run(&a)
    };
    let out = args(&["--runs", "200", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["n"], 41);
    assert_eq!(v["indicators"].as_array().unwrap().len(), 6);
    assert_eq!(v["indicators"][0]["period"], "2025");
    let a = &v["areas"][0];
    assert_eq!(a["id"], "N01");
    for key in [
        "score",
        "rank",
        "median_rank",
        "rank_p05",
        "rank_p95",
        "indicators_used",
    ] {
        assert!(a[key].is_number(), "{key}");
    }
    // The most excluded area of the truth is near the top.
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("truth.json")).unwrap()).unwrap();
    let worst = truth["areas"]
        .as_array()
        .unwrap()
        .iter()
        .max_by(|x, y| {
            x["exclusion"]
                .as_f64()
                .unwrap()
                .total_cmp(&y["exclusion"].as_f64().unwrap())
        })
        .unwrap()["id"]
        .clone();
    let rank = v["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == worst)
        .unwrap()["rank"]
        .as_u64()
        .unwrap();
    assert!(rank <= 3, "the most excluded area {worst} ranks {rank}");

    // Given weights; and bad weights.
    let w = dir.path().join("w.csv");
    std::fs::write(&w, "indicator,weight\nunemployment_rate,2\npoverty_rate,2\nschool_dropout_rate,1\novercrowded_housing,1\nyouth_share,0\nmedian_income,1\n").unwrap();
    let out = args(&["--weights", w.to_str().unwrap(), "--runs", "0", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let youth = v["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "youth_share")
        .unwrap();
    assert_eq!(youth["weight"], 0.0);
    std::fs::write(&w, "indicator,weight\nunemployment,2\n").unwrap();
    let out = args(&["--weights", w.to_str().unwrap()]);
    assert!(
        text(&out.stderr).contains("w.csv:2:indicator: \"unemployment\" is not among the indicators"),
        "{}",
        text(&out.stderr)
    );

    // An indicator file naming an area that does not exist.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "area,indicator,period,value,unit,direction\nN01,x,2024,1,%,higher_is_worse\nZZ9,x,2024,2,%,higher_is_worse\n").unwrap();
    let out = run(&[
        "diagnose",
        "index",
        "--areas",
        areas.to_str().unwrap(),
        "--indicators",
        bad.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("bad.csv:3:area: area ZZ9 is not in"),
        "{}",
        text(&out.stderr)
    );
}

#[tokio::test]
async fn the_report_is_written_from_a_city_folder_and_from_a_database() {
    let dir = tempfile::tempdir().unwrap();
    crate::demo_files(dir.path(), 3000);
    let out = dir.path().join("report.html");
    let r = run(&[
        "diagnose",
        "report",
        "--city",
        dir.path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--permutations",
        "199",
    ]);
    assert!(r.status.success(), "{}", text(&r.stderr));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!doctype html><html lang=\"en\""));
    assert!(html.contains("Local diagnosis of Vallombre"));
    for id in ["overview", "clusters", "priority", "areas", "methods"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "section {id}");
    }
    assert_eq!(html.matches("<svg").count(), 6, "a chart and five maps");
    // The same from the database, in French.
    let db = dir.path().join("c.sqlite");
    let dbs = db.to_str().unwrap();
    assert!(
        run(&["city", "set", "Vallombre", "--country", "FR", "--db", dbs])
            .status
            .success()
    );
    for (kind, file) in [
        ("agencies", "agencies.csv"),
        ("areas", "areas.geojson"),
        ("indicators", "indicators.csv"),
        ("incidents", "incidents.csv"),
    ] {
        let r = run(&[
            "import",
            kind,
            dir.path().join(file).to_str().unwrap(),
            "--db",
            dbs,
        ]);
        assert!(r.status.success(), "{}", text(&r.stderr));
    }
    let plan = dir.path().join("plan.json");
    let r = run(&["plan", "import", plan.to_str().unwrap(), "--db", dbs]);
    assert!(r.status.success(), "{}", text(&r.stderr));
    let out_fr = dir.path().join("rapport.html");
    let r = run(&[
        "diagnose",
        "report",
        "--db",
        dbs,
        "--out",
        out_fr.to_str().unwrap(),
        "--lang",
        "fr",
        "--permutations",
        "199",
    ]);
    assert!(r.status.success(), "{}", text(&r.stderr));
    let fr = std::fs::read_to_string(&out_fr).unwrap();
    assert!(fr.contains("Diagnostic local de Vallombre") && fr.contains("<html lang=\"fr\""));
    // From a database, the report has the action plan and the hidden victims too.
    for id in ["action-plan", "hidden-victims"] {
        assert!(fr.contains(&format!("id=\"{id}\"")), "section {id}");
    }
    assert!(fr.contains("M01") && fr.contains("Plan d’action"));
    // Same data, same seed: the same priority list in both.
    let priority = |h: &str| {
        h.split("id=\"priority\"")
            .nth(1)
            .unwrap()
            .split("</table>")
            .next()
            .unwrap()
            .matches("<tr>")
            .count()
    };
    assert_eq!(priority(&html), priority(&fr));
    let r = run(&["diagnose", "report", "--out", out.to_str().unwrap()]);
    assert!(!r.status.success(), "a source is required");
}

#[test]
fn weights_are_written_as_gal_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = lattice(dir.path(), |_, _| {});
    let gal = dir.path().join("rook.gal");
    let r = run(&[
        "diagnose",
        "weights",
        "--areas",
        path.to_str().unwrap(),
        "--id-field",
        "code",
        "--weights",
        "rook",
        "--out",
        gal.to_str().unwrap(),
    ]);
    assert!(r.status.success(), "{}", text(&r.stderr));
    assert!(
        text(&r.stdout).contains("16 areas, 48 links"),
        "{}",
        text(&r.stdout)
    );
    let written = std::fs::read_to_string(&gal).unwrap();
    assert!(written.starts_with("0 16 lattice code\nA00 2\n"), "{written}");
    let a = diagnose(
        &path,
        &[
            "--weights",
            &format!("gal:{}", gal.display()),
            "--permutations",
            "0",
            "--json",
        ],
    );
    let b = diagnose(&path, &["--weights", "rook", "--permutations", "0", "--json"]);
    let (a, b): (serde_json::Value, serde_json::Value) = (
        serde_json::from_slice(&a.stdout).unwrap(),
        serde_json::from_slice(&b.stdout).unwrap(),
    );
    assert_eq!(a["moran"], b["moran"]);
}
