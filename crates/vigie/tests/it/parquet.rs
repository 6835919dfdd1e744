//! `vigie export parquet` on the demo city: Hive partitions, row counts equal to the store's, the same files for
//! the same secret, a non-empty folder refused, and the export audited.

use std::collections::BTreeMap;
use std::path::Path;

use time::OffsetDateTime;
use vigie_parquet::read::{self, Value};
use vigie_store::{Actor, Grouping, ImportKind, IncidentFilter, NetworkStore, Store, import_file};

use crate::htcds::{database, demo};
use crate::{run, text};

fn export(db: &Path, key: &Path, secret: &Path, out: &Path) -> std::process::Output {
    run(&[
        "export",
        "parquet",
        "--db",
        db.to_str().unwrap(),
        "--key-file",
        key.to_str().unwrap(),
        "--secret-file",
        secret.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--json",
    ])
}

#[tokio::test]
async fn the_demo_city_goes_out_in_partitions_with_the_stores_counts() {
    let dir = tempfile::tempdir().unwrap();
    let files = demo();
    let (db, key) = database(dir.path(), "city", &files, false).await;
    {
        let store = vigie_store::SqlStore::open(&db)
            .await
            .unwrap()
            .with_field_key(vigie_store::FieldKey::read(&key).unwrap())
            .await
            .unwrap();
        let actor = Actor::new("test", "test");
        let now = OffsetDateTime::now_utc();
        for (kind, file) in [
            (ImportKind::Areas, "areas.geojson"),
            (ImportKind::Indicators, "indicators.csv"),
            (ImportKind::Incidents, "incidents.csv"),
        ] {
            import_file(
                &store,
                kind,
                file,
                files.get(file).unwrap().as_bytes(),
                &actor,
                now,
            )
            .await
            .unwrap();
        }
        vigie_web::demo::load_network(&store, &files, now).await.unwrap();
    }
    let secret = dir.path().join("export.secret");
    assert!(
        run(&["key", "generate", secret.to_str().unwrap()])
            .status
            .success()
    );

    let out = dir.path().join("export");
    let o = export(&db, &key, &secret, &out);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let printed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("_vigie.json")).unwrap()).unwrap();
    assert_eq!(printed["manifest"], manifest);
    assert_eq!(manifest["pseudonymisation"]["secret"], "city");

    let store = vigie_store::SqlStore::open(&db).await.unwrap();
    let summary = store.summary().await.unwrap();
    // Incidents per year: one partition per year, as many rows as the store counts.
    let per_year: BTreeMap<String, u64> = store
        .incident_counts(&IncidentFilter::default(), Grouping::Year)
        .await
        .unwrap()
        .into_iter()
        .collect();
    let mut got: BTreeMap<String, u64> = BTreeMap::new();
    let mut per_area: BTreeMap<String, u64> = BTreeMap::new();
    for entry in std::fs::read_dir(out.join("incidents")).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let year = name.strip_prefix("year=").unwrap().to_owned();
        for part in std::fs::read_dir(entry.path()).unwrap() {
            let rows = read::rows(&part.unwrap().path()).unwrap();
            *got.entry(year.clone()).or_default() += rows.len() as u64;
            for r in rows {
                let area = match &r[2] {
                    (n, Value::Str(a)) if n == "area_code" => a.clone(),
                    (n, Value::Null) if n == "area_code" => String::new(),
                    other => panic!("{other:?}"),
                };
                *per_area.entry(area).or_default() += 1;
            }
        }
    }
    assert_eq!(got, per_year);
    assert_eq!(got.values().sum::<u64>(), summary.incidents);
    let store_per_area: BTreeMap<String, u64> = store
        .incident_counts(&IncidentFilter::default(), Grouping::Area)
        .await
        .unwrap()
        .into_iter()
        .collect();
    assert_eq!(per_area, store_per_area);

    let rows = |name: &str| {
        manifest["datasets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["name"] == name)
            .unwrap()["rows"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(rows("incidents"), summary.incidents);
    assert_eq!(rows("area_indicators"), summary.indicator_values);
    assert_eq!(rows("areas"), summary.areas);
    let network = store.network_presence().await.unwrap().unwrap().0;
    assert_eq!(rows("network_links"), network.link_count);
    assert!(
        out.join(format!("network_links/network_id={}/part-0.parquet", network.id))
            .exists()
    );
    for d in manifest["datasets"].as_array().unwrap() {
        for f in d["files"].as_array().unwrap() {
            let path = f["path"].as_str().unwrap();
            let (_, n) = read::footer(&out.join(path)).unwrap();
            assert_eq!(n as u64, f["rows"].as_u64().unwrap(), "{path}");
            if d["partitioned_by"].is_string() {
                let p = d["partitioned_by"].as_str().unwrap();
                assert!(
                    path.split('/').nth(1).unwrap().starts_with(&format!("{p}=")),
                    "{path}"
                );
            }
        }
    }

    // No agency reference reaches the files.
    let incidents = files.get("incidents.csv").unwrap();
    let first_id = incidents.lines().nth(1).unwrap().split(',').next().unwrap();
    let year_dir = out
        .join("incidents")
        .read_dir()
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    for r in read::rows(&year_dir.join("part-0.parquet")).unwrap() {
        assert_ne!(r[0].1, Value::Str(first_id.to_owned()));
    }

    // The same store and secret: the same Parquet files, byte for byte.
    let again = dir.path().join("again");
    assert!(export(&db, &key, &secret, &again).status.success());
    for d in manifest["datasets"].as_array().unwrap() {
        for f in d["files"].as_array().unwrap() {
            let path = f["path"].as_str().unwrap();
            assert_eq!(
                std::fs::read(out.join(path)).unwrap(),
                std::fs::read(again.join(path)).unwrap(),
                "{path}"
            );
        }
    }

    // A folder with files in it is refused and left as it was.
    let o = export(&db, &key, &secret, &out);
    assert!(!o.status.success());
    assert!(
        text(&o.stderr).contains("not an empty folder"),
        "{}",
        text(&o.stderr)
    );

    // Audited, with the counts.
    let audit: Vec<serde_json::Value> = store
        .audit_recent(1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "export.parquet")
        .map(|e| serde_json::from_str(&e.detail).unwrap())
        .collect();
    assert_eq!(audit.len(), 2);
    assert_eq!(audit[0]["incidents"].as_u64(), Some(summary.incidents));
    assert_eq!(audit[0]["network_links"].as_u64(), Some(network.link_count));
}
