//! `vigie cases export-htcds` and `import-htcds`: the demo's cases go out in the structure of the Human Trafficking
//! Case Data Standard with nothing that names anyone, come back into a fresh database, and go out again with every
//! field of the standard equal; bad files are refused naming line and field, and nothing is imported.

use std::path::{Path, PathBuf};

use time::OffsetDateTime;
use vigie_domain::htcds::{self, HtcdsRecord};
use vigie_store::{Actor, FieldKey, ImportKind, SqlStore, Store, import_file};
use vigie_synth::{DemoConfig, DemoFiles, generate};

pub(crate) fn demo() -> DemoFiles {
    generate(&DemoConfig {
        incidents: 50,
        victims: 40,
        ..DemoConfig::default()
    })
}

use crate::{run, text};

/// A database with the demo city's agencies (and, with `cases`, its areas and cases), and its key file.
pub(crate) async fn database(dir: &Path, name: &str, files: &DemoFiles, cases: bool) -> (PathBuf, PathBuf) {
    let key = dir.join(format!("{name}.key"));
    assert!(run(&["key", "generate", key.to_str().unwrap()]).status.success());
    let db = dir.join(format!("{name}.sqlite"));
    let store = SqlStore::open(&db)
        .await
        .unwrap()
        .with_field_key(FieldKey::read(&key).unwrap())
        .await
        .unwrap();
    let actor = Actor::new("test", "test");
    let now = OffsetDateTime::now_utc();
    let city: vigie_domain::City = serde_json::from_str(files.get("city.json").unwrap()).unwrap();
    store.set_city(&city, &actor, now).await.unwrap();
    let mut kinds = vec![(ImportKind::Agencies, "agencies.csv")];
    if cases {
        kinds.push((ImportKind::Areas, "areas.geojson"));
    }
    for (kind, file) in kinds {
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
    if cases {
        vigie_web::demo::load_cases(&store, files, now).await.unwrap();
    }
    (db, key)
}

fn export(db: &Path, key: &Path, out: &Path) -> String {
    let o = run(&[
        "cases",
        "export-htcds",
        "--db",
        db.to_str().unwrap(),
        "--key-file",
        key.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    std::fs::read_to_string(out).unwrap()
}

fn import(db: &Path, key: &Path, file: &Path) -> std::process::Output {
    run(&[
        "cases",
        "import-htcds",
        "--db",
        db.to_str().unwrap(),
        "--key-file",
        key.to_str().unwrap(),
        "--agency",
        "ngo",
        file.to_str().unwrap(),
    ])
}

fn records(csv: &str) -> Vec<HtcdsRecord> {
    htcds::read_csv(csv.as_bytes(), OffsetDateTime::now_utc().year())
        .unwrap()
        .into_iter()
        .map(|(_, r)| r)
        .collect()
}

/// Every column but the id, per record, sorted: what must survive the round trip.
fn without_ids(records: &[HtcdsRecord]) -> Vec<Vec<(&'static str, String)>> {
    let mut rows: Vec<_> = records
        .iter()
        .map(|r| {
            r.values()
                .into_iter()
                .filter(|(c, _)| *c != "caseId")
                .collect::<Vec<_>>()
        })
        .collect();
    rows.sort();
    rows
}

async fn audit_details(db: &Path, action: &str) -> Vec<serde_json::Value> {
    let store = SqlStore::open(db).await.unwrap();
    store
        .audit_recent(1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == action)
        .map(|e| serde_json::from_str(&e.detail).unwrap())
        .collect()
}

#[tokio::test]
async fn cases_go_out_and_come_back_with_every_field_of_the_standard() {
    let dir = tempfile::tempdir().unwrap();
    let files = demo();
    let (a, key_a) = database(dir.path(), "a", &files, true).await;
    let first_file = dir.path().join("a.csv");
    let first = export(&a, &key_a, &first_file);
    let out = records(&first);
    let demo = vigie_synth::demo_case_work(&DemoConfig::default(), &files);
    assert!(out.len() >= 10, "{} cases exported", out.len());
    assert_eq!(
        audit_details(&a, "cases.export_htcds").await,
        vec![serde_json::json!({ "cases": out.len() })]
    );

    // Nothing that names or reaches a person: no alias, birth date or contact of the demo, no case reference.
    for c in &demo {
        let i = &c.intake;
        for value in [
            &i.alias,
            &i.contact,
            &i.recruitment_place,
            &i.exploitation_place,
            &i.notes,
        ] {
            let v = value.trim();
            if v.len() >= 3 {
                assert!(!first.contains(v), "the export holds {v:?}");
            }
        }
        if i.birth.trim().len() > 4 {
            assert!(
                !first.contains(i.birth.trim()),
                "the export holds the birth date {}",
                i.birth
            );
        }
    }
    assert!(!first.contains("ngo-"), "a case reference leaked");
    assert!(
        !first.to_lowercase().contains("residen"),
        "residence status has no column"
    );

    // Into a fresh database (another city's vigie, or a hub's records), then out again.
    let (b, key_b) = database(dir.path(), "b", &files, false).await;
    let o = import(&b, &key_b, &first_file);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains(&format!("{} case(s) opened for ngo", out.len())),
        "{}",
        text(&o.stdout)
    );
    // The same file again: refused, nothing stored twice.
    let again = import(&b, &key_b, &first_file);
    assert!(!again.status.success());
    assert!(
        text(&again.stderr).contains("already imported as case"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(
        audit_details(&b, "cases.import_htcds").await,
        vec![serde_json::json!({ "agency": "ngo", "cases": out.len() })]
    );
    let again = records(&export(&b, &key_b, &dir.path().join("b.csv")));

    // Every field of the standard is equal, record for record; only the pseudonymous ids differ. The ids are
    // re-keyed (a new salt for each export), so the records are compared as sorted lists of their other columns,
    // and no id of one export is an id of the other.
    assert_eq!(without_ids(&again), without_ids(&out));
    let ids: std::collections::BTreeSet<&str> = out.iter().map(|r| r.case_id.as_str()).collect();
    assert_eq!(ids.len(), out.len());
    assert!(again.iter().all(|r| !ids.contains(r.case_id.as_str())));
    // The same database exported twice gives other ids too: they cannot be linked between exports.
    let twice = records(&export(&a, &key_a, &dir.path().join("a2.csv")));
    assert!(twice.iter().all(|r| !ids.contains(r.case_id.as_str())));
    assert_eq!(without_ids(&twice), without_ids(&out));
}

#[tokio::test]
async fn a_bad_file_is_refused_naming_line_and_field_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let files = demo();
    let (a, key_a) = database(dir.path(), "a", &files, true).await;
    let good = export(&a, &key_a, &dir.path().join("a.csv"));
    let (b, key_b) = database(dir.path(), "b", &files, false).await;

    // A wrong value on the third line: the gender.
    let mut lines: Vec<String> = good.lines().map(str::to_owned).collect();
    let gender = htcds::columns().position(|c| c == "gender").unwrap();
    let mut cells: Vec<String> = lines[2].split(',').map(str::to_owned).collect();
    cells[gender] = "Woman".into();
    lines[2] = cells.join(",");
    let bad = dir.path().join("bad-value.csv");
    std::fs::write(&bad, lines.join("\n") + "\n").unwrap();
    let o = import(&b, &key_b, &bad);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(err.contains("line 3, gender: \"Woman\" is not one of"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");

    // A missing column.
    let citizenship = htcds::columns().position(|c| c == "citizenship").unwrap();
    let cut: Vec<String> = good
        .lines()
        .map(|l| {
            let mut cells: Vec<&str> = l.split(',').collect();
            cells.remove(citizenship);
            cells.join(",")
        })
        .collect();
    let missing = dir.path().join("missing-column.csv");
    std::fs::write(&missing, cut.join("\n") + "\n").unwrap();
    let o = import(&b, &key_b, &missing);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains("line 1, citizenship: the column is missing"),
        "{err}"
    );

    // Nothing was imported: the database has no case, and no import in its audit log.
    let empty = records(&export(&b, &key_b, &dir.path().join("b.csv")));
    assert!(empty.is_empty(), "{} cases", empty.len());
    assert!(audit_details(&b, "cases.import_htcds").await.is_empty());

    // An agency that holds no cases cannot receive them.
    let o = run(&[
        "cases",
        "import-htcds",
        "--db",
        b.to_str().unwrap(),
        "--key-file",
        key_b.to_str().unwrap(),
        "--agency",
        "police",
        dir.path().join("a.csv").to_str().unwrap(),
    ]);
    assert!(!o.status.success());
}
