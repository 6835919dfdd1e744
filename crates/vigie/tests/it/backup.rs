//! The restore drill: the demo city backed up while open, restored into a new database, compared row for row, and
//! its audit chain verified; a damaged backup, one made for another key, or a restore over data, refused.

use std::path::Path;

use sqlx::{ConnectOptions as _, Row as _};

use crate::htcds::{database, demo};
use crate::{ok, refused};

/// Every row of every table, as SQLite quotes its values, table by table in rowid order.
async fn dump(path: &Path) -> Vec<String> {
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .connect()
        .await
        .unwrap();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let mut out = Vec::new();
    for t in tables {
        let cols: Vec<String> = sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA table_info(\"{t}\")")))
            .fetch_all(&mut conn)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get::<String, _>("name"))
            .collect();
        let expr = cols
            .iter()
            .map(|c| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || ',' || ");
        let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT {expr} FROM \"{t}\" ORDER BY rowid"
        )))
        .fetch_all(&mut conn)
        .await
        .unwrap();
        out.extend(rows.into_iter().map(|r| format!("{t}|{r}")));
    }
    out
}

#[tokio::test]
async fn the_demo_city_is_backed_up_restored_and_verified() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let files = demo();
    let (db, key) = database(d, "city", &files, true).await;
    let (db_s, key_s) = (db.to_str().unwrap(), key.to_str().unwrap());
    let admin = d.join("admin.key");
    let out = ok(&["backup-key", "--out", admin.to_str().unwrap()]);
    let public = out
        .lines()
        .find(|l| l.starts_with("vigie-public-1:"))
        .unwrap()
        .to_owned();
    assert!(refused(&["backup-key", "--out", admin.to_str().unwrap()]).contains("never overwritten"));

    let file = d.join("city.backup");
    let f = file.to_str().unwrap();
    ok(&[
        "backup",
        "--db",
        db_s,
        "--key-file",
        key_s,
        "--to",
        &public,
        "--out",
        f,
    ]);
    let content = std::fs::read_to_string(&file).unwrap();
    assert!(content.starts_with("VIGIE-BACKUP 1\n"));
    assert!(!content.contains("Vallombre"), "the backup is encrypted");

    let restored = d.join("restored.sqlite");
    let r = restored.to_str().unwrap();
    ok(&["restore", "--db", r, "--key", admin.to_str().unwrap(), f]);
    let (a, b) = (dump(&db).await, dump(&restored).await);
    assert!(a.len() > 100, "{} rows", a.len());
    assert_eq!(a, b, "every row of every table");
    let audit = ok(&["audit", "verify", "--db", r]);
    assert!(audit.contains("intact"), "{audit}");

    // Over data, with another key, damaged: refused, nothing written.
    assert!(
        refused(&["restore", "--db", r, "--key", admin.to_str().unwrap(), f]).contains("already holds data")
    );
    let other = d.join("other.key");
    ok(&["backup-key", "--out", other.to_str().unwrap()]);
    let fresh = d.join("fresh.sqlite");
    let e = refused(&[
        "restore",
        "--db",
        fresh.to_str().unwrap(),
        "--key",
        other.to_str().unwrap(),
        f,
    ]);
    assert!(e.contains("made for another key"), "{e}");
    let mut bad = content.into_bytes();
    let at = bad.len() / 2;
    bad[at] = if bad[at] == b'A' { b'B' } else { b'A' };
    let damaged = d.join("damaged.backup");
    std::fs::write(&damaged, bad).unwrap();
    let e = refused(&[
        "restore",
        "--db",
        fresh.to_str().unwrap(),
        "--key",
        admin.to_str().unwrap(),
        damaged.to_str().unwrap(),
    ]);
    assert!(e.contains("cannot be decrypted"), "{e}");
    let e = refused(&[
        "restore",
        "--db",
        fresh.to_str().unwrap(),
        "--key",
        admin.to_str().unwrap(),
        db_s,
    ]);
    assert!(e.contains("not a vigie backup"), "{e}");
    assert!(!fresh.exists(), "nothing written");
}
