//! Commands with good and bad input.

use std::io::Write;
use std::process::Stdio;

use vigie_store::Store;

use crate::{demo_files, run, summary, text, vigie};

#[test]
fn version_and_help() {
    let out = run(&["--version"]);
    assert!(out.status.success());
    assert!(text(&out.stdout).starts_with(&format!("vigie {}", env!("CARGO_PKG_VERSION"))));
    for args in [
        &["--help"][..],
        &["import", "--help"],
        &["serve", "--help"],
        &["user", "add", "--help"],
        &["audit", "verify", "--help"],
        &["demo", "generate", "--help"],
    ] {
        let out = run(args);
        assert!(out.status.success(), "{args:?}");
        assert!(text(&out.stdout).contains("Usage"), "{args:?}");
    }
}

#[test]
fn demo_generate_is_deterministic_and_writes_the_truth() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    demo_files(a.path(), 2000);
    demo_files(b.path(), 2000);
    for f in [
        "city.json",
        "agencies.csv",
        "areas.geojson",
        "indicators.csv",
        "incidents.csv",
        "truth.json",
        "lists/police.csv",
        "network/entities.csv",
        "network/links.csv",
    ] {
        let x = std::fs::read(a.path().join(f)).unwrap_or_else(|_| panic!("{f} missing"));
        let y = std::fs::read(b.path().join(f)).unwrap();
        assert!(!x.is_empty(), "{f} empty");
        assert_eq!(x, y, "{f} differs between two runs with the same seed");
    }
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(a.path().join("truth.json")).unwrap()).unwrap();
    assert!(truth.is_object());
}

#[tokio::test]
async fn import_in_order_and_again_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    demo_files(dir.path(), 2000);
    let db = dir.path().join("city.sqlite");
    let dbs = db.to_str().unwrap();
    for (kind, file) in [
        ("agencies", "agencies.csv"),
        ("areas", "areas.geojson"),
        ("indicators", "indicators.csv"),
        ("incidents", "incidents.csv"),
    ] {
        let path = dir.path().join(file);
        let out = run(&["import", kind, path.to_str().unwrap(), "--db", dbs]);
        assert!(out.status.success(), "{kind}: {}", text(&out.stderr));
        assert!(
            text(&out.stdout).contains("already stored"),
            "{}",
            text(&out.stdout)
        );
    }
    let first = summary(&db).await;
    assert_eq!(first.areas, 41);
    assert!(first.incidents > 1800);
    let out = run(&[
        "import",
        "incidents",
        dir.path().join("incidents.csv").to_str().unwrap(),
        "--db",
        dbs,
        "--json",
    ]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["inserted"], 0);
    assert_eq!(v["unchanged"].as_u64(), Some(first.incidents));
    assert_eq!(summary(&db).await, first, "a re-import changes nothing");
    let out = run(&["audit", "verify", "--db", dbs]);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("intact"), "{}", text(&out.stdout));
}

#[tokio::test]
async fn bad_files_are_refused_with_every_error_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    demo_files(dir.path(), 500);
    let db = dir.path().join("city.sqlite");
    let dbs = db.to_str().unwrap();
    let out = run(&[
        "import",
        "areas",
        dir.path().join("areas.geojson").to_str().unwrap(),
        "--db",
        dbs,
    ]);
    assert!(out.status.success());
    let before = summary(&db).await;
    let audit_before = vigie_store::SqlStore::open(&db)
        .await
        .unwrap()
        .audit_verify()
        .await
        .unwrap()
        .entries;

    let bad = dir.path().join("bad-indicators.csv");
    std::fs::write(
        &bad,
        "area,indicator,period,value,unit,direction\n\
         N01,unemployment_rate,2024,12.5,%,higher_is_worse\n\
         N02,unemployment_rate,2024,lots,%,higher_is_worse\n\
         N03,Unemployment,2024,3,%,higher_is_worse\n\
         N04,unemployment_rate,2024-13,3,%,higher_is_worse\n\
         N05,unemployment_rate,2024,3,%,sideways\n\
         N01,unemployment_rate,2024,12.5,%,higher_is_worse\n",
    )
    .unwrap();
    let out = run(&["import", "indicators", bad.to_str().unwrap(), "--db", dbs]);
    assert_eq!(out.status.code(), Some(2), "refused imports exit with 2");
    let err = text(&out.stderr);
    for expected in [
        "bad-indicators.csv:3:value: \"lots\" is not a number",
        "bad-indicators.csv:4:indicator:",
        "bad-indicators.csv:5:period:",
        "bad-indicators.csv:6:direction:",
        "bad-indicators.csv:7:period: unemployment_rate for area N01 in 2024 is already given on line 2",
        "nothing was imported",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }

    let bad = dir.path().join("bad-areas.geojson");
    std::fs::write(
        &bad,
        r#"{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"id": "Z1", "population": 10},
   "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
  {"type": "Feature", "properties": {"id": "Z2", "population": -4},
   "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
  {"type": "Feature", "properties": {"id": "Z3", "population": 5},
   "geometry": {"type": "Point", "coordinates": [0, 0]}},
  {"type": "Feature", "properties": {"population": 5},
   "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
  {"type": "Feature", "properties": {"id": "Z5", "population": 5},
   "geometry": {"type": "Polygon", "coordinates": [[[0,0],[200,0],[1,1],[0,1],[0,0]]]}}
]}"#,
    )
    .unwrap();
    let out = run(&["import", "areas", bad.to_str().unwrap(), "--db", dbs]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    for expected in [
        "bad-areas.geojson:4:properties.population: must be a whole number",
        "bad-areas.geojson:6:geometry: geometry must be a Polygon or a MultiPolygon, not a Point",
        "bad-areas.geojson:8:properties.id: missing",
        "bad-areas.geojson:10:geometry: longitude 200 is outside -180..180",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert!(
        !err.contains("bad-areas.geojson:2:"),
        "the good feature is not an error:\n{err}"
    );

    let out = run(&[
        "import",
        "incidents",
        dir.path().join("nope.csv").to_str().unwrap(),
        "--db",
        dbs,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("cannot read"), "{}", text(&out.stderr));

    assert_eq!(summary(&db).await, before, "nothing may change");
    let after = vigie_store::SqlStore::open(&db)
        .await
        .unwrap()
        .audit_verify()
        .await
        .unwrap()
        .entries;
    assert_eq!(after, audit_before);
}

#[tokio::test]
async fn users_are_added_with_a_password_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("u.sqlite");
    let dbs = db.to_str().unwrap();
    let add = |name: &str, role: &str, password: &str| {
        let mut child = vigie()
            .args(["user", "add", name, "--role", role, "--db", dbs])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{password}\n").as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let out = add("nadia", "coordinator", "a-long-enough-password");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = add("nadia", "analyst", "a-long-enough-password");
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("already exists"));
    let out = add("short", "analyst", "short");
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("at least 12"));
    let out = add("x", "analyst", "a-long-enough-password");
    assert!(!out.status.success(), "names are checked");
    let out = add("bob", "king", "a-long-enough-password");
    assert!(
        text(&out.stderr).contains("not a known role"),
        "{}",
        text(&out.stderr)
    );
    let out = run(&["user", "list", "--db", dbs, "--json"]);
    let users: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(users.as_array().unwrap().len(), 1);
    assert_eq!(users[0]["role"], "coordinator");
    let store = vigie_store::SqlStore::open(&db).await.unwrap();
    let creds = store
        .credentials(&vigie_domain::Username::parse("nadia").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(creds.password_hash.starts_with("$argon2id$"));
    assert!(!creds.password_hash.contains("a-long-enough-password"));
    let out = run(&["audit", "verify", "--db", dbs, "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["entries"], 1);
    assert!(report["broken_at"].is_null());
}

#[tokio::test]
async fn audit_verify_fails_on_a_tampered_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.sqlite");
    let dbs = db.to_str().unwrap();
    let out = run(&["city", "set", "Vallombre", "--country", "fr", "--db", dbs]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(&["city", "set", "Vallombre-sur-Mer", "--country", "FR", "--db", dbs]);
    assert!(out.status.success());
    assert!(run(&["audit", "verify", "--db", dbs]).status.success());
    // Someone with access to the file rewrites history (the append-only trigger must be dropped first).
    {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{dbs}"))
            .await
            .unwrap();
        sqlx::raw_sql(
            "DROP TRIGGER audit_log_no_update;
             UPDATE audit_log SET actor = 'someone-else' WHERE seq = 1;",
        )
        .execute(&mut c)
        .await
        .unwrap();
        c.close().await.unwrap();
    }
    let out = run(&["audit", "verify", "--db", dbs]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("BROKEN at entry 1"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn a_key_is_generated_once_and_retention_runs_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("field.key");
    let keys = key.to_str().unwrap();
    let out = run(&["key", "generate", keys]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let first = std::fs::read_to_string(&key).unwrap();
    assert_eq!(first.trim().len(), 44, "32 bytes in base64");
    // An existing key is never replaced (the cases written with it would be lost).
    let out = run(&["key", "generate", keys]);
    assert!(!out.status.success());
    assert_eq!(std::fs::read_to_string(&key).unwrap(), first);
    // A database opened with that key remembers it: another key is refused with a clear error.
    let db = dir.path().join("k.sqlite");
    let dbs = db.to_str().unwrap();
    let out = run(&[
        "cases",
        "retention",
        "--days",
        "30",
        "--db",
        dbs,
        "--key-file",
        keys,
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("0 closed case(s) erased"),
        "{}",
        text(&out.stdout)
    );
    let other = dir.path().join("other.key");
    assert!(
        run(&["key", "generate", other.to_str().unwrap()])
            .status
            .success()
    );
    let out = run(&[
        "cases",
        "retention",
        "--db",
        dbs,
        "--key-file",
        other.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("does not decrypt with this key"),
        "{}",
        text(&out.stderr)
    );
    // The retention run is in the audit log.
    let out = run(&["audit", "verify", "--db", dbs, "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["entries"], 1);
}

#[test]
fn publish_writes_the_public_portal_as_static_files() {
    let dir = tempfile::tempdir().unwrap();
    demo_files(dir.path(), 800);
    let db = dir.path().join("city.sqlite");
    let dbs = db.to_str().unwrap();
    for (kind, file) in [("areas", "areas.geojson"), ("incidents", "incidents.csv")] {
        let path = dir.path().join(file);
        let out = run(&["import", kind, path.to_str().unwrap(), "--db", dbs]);
        assert!(out.status.success(), "{kind}: {}", text(&out.stderr));
    }
    let out_dir = dir.path().join("site");
    let out = run(&[
        "publish",
        "--db",
        dbs,
        "--out",
        out_dir.to_str().unwrap(),
        "--min-cell",
        "11",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("files"), "{}", text(&out.stdout));
    let home = std::fs::read_to_string(out_dir.join("public/ar/index.html")).unwrap();
    assert!(home.contains("<html lang=\"ar\" dir=\"rtl\""));
    let csv = std::fs::read_to_string(out_dir.join("public/en/data/incidents-by-area.csv")).unwrap();
    assert!(
        csv.starts_with("code,label,published_as,incidents,per_1000\n"),
        "{csv}"
    );
    // With a minimum cell of 11, every published group has 0 or at least 11 incidents.
    for line in csv.lines().skip(1) {
        let n: u64 = line.rsplit(',').nth(1).unwrap().parse().unwrap();
        assert!(n == 0 || n >= 11, "{line}");
    }
    assert!(out_dir.join("static/app.css").exists());
    // The minimum cell may only be raised.
    let out = run(&[
        "publish",
        "--db",
        dbs,
        "--out",
        out_dir.to_str().unwrap(),
        "--min-cell",
        "3",
    ]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("5 or more"), "{}", text(&out.stderr));
}
