//! Nothing lost: a SIGKILL in the middle of an import leaves the database readable, with all of the file or none.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Duration;

use vigie_store::Store;

use crate::{demo_files, run, summary, text, vigie};

pub(crate) const ROWS: usize = 150_000;

pub(crate) fn big_incidents(path: &std::path::Path) {
    let mut s = String::with_capacity(ROWS * 48);
    s.push_str("id,type,date,longitude,latitude,area\n");
    for i in 0..ROWS {
        s.push_str(&format!(
            "K{i:07},drug_seizure,2024-{:02}-{:02},4.85,45.75,N01\n",
            i % 12 + 1,
            i % 28 + 1
        ));
    }
    std::fs::write(path, s).unwrap();
}

#[tokio::test]
async fn sigkill_during_an_import_leaves_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    demo_files(dir.path(), 200);
    let big = dir.path().join("big.csv");
    big_incidents(&big);
    let mut killed_mid_write = 0;
    for (attempt, delay_ms) in [0u64, 30, 150, 400].into_iter().enumerate() {
        let db = dir.path().join(format!("crash-{attempt}.sqlite"));
        let dbs = db.to_str().unwrap().to_owned();
        let out = run(&[
            "import",
            "areas",
            dir.path().join("areas.geojson").to_str().unwrap(),
            "--db",
            &dbs,
        ]);
        assert!(out.status.success(), "{}", text(&out.stderr));

        let mut child = vigie()
            .args(["import", "incidents", big.to_str().unwrap(), "--db", &dbs])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Wait until it says it is writing, then kill it without warning.
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        loop {
            line.clear();
            if stderr.read_line(&mut line).unwrap() == 0 || line.contains("writing") {
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();

        let s = summary(&db).await;
        let store = vigie_store::SqlStore::open(&db).await.unwrap();
        let imports = store.recent_imports(10).await.unwrap();
        assert!(
            store.audit_verify().await.unwrap().ok(),
            "attempt {attempt}: audit chain broken"
        );
        assert_eq!(s.areas, 41);
        match s.incidents {
            0 => {
                assert!(
                    imports.iter().all(|i| i.file_name != "big.csv"),
                    "no import record without its rows"
                );
                if status.code().is_none() {
                    killed_mid_write += 1;
                }
            }
            n if n == ROWS as u64 => {
                assert!(
                    imports
                        .iter()
                        .any(|i| i.file_name == "big.csv" && i.inserted == ROWS as u64)
                );
            }
            n => panic!("attempt {attempt}: {n} of {ROWS} rows stored: a partial import"),
        }
        // The database is still usable: the same file imports whole now.
        drop(store);
        let out = run(&["import", "incidents", big.to_str().unwrap(), "--db", &dbs]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert_eq!(summary(&db).await.incidents, ROWS as u64);
    }
    assert!(
        killed_mid_write > 0,
        "no attempt was killed while writing: the test proved nothing"
    );
}
