//! Tests that only make sense for the SQLite backend: triggers, files, raw SQL.

use std::path::Path;
use std::sync::Arc;

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{Connection, Row};
use vigie_store::{AuditEntry, ImportKind, SqlStore, Store};

use crate::common::*;

/// The schema version of a store with every migration applied.
const LATEST: i64 = 11;

/// A connection of its own to the database file, as another program would open it.
async fn raw(path: &Path) -> SqliteConnection {
    SqliteConnection::connect_with(&SqliteConnectOptions::new().filename(path).foreign_keys(true))
        .await
        .unwrap()
}

async fn seeded_file() -> (tempfile::TempDir, std::path::PathBuf, SqlStore) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.sqlite");
    let store = SqlStore::open(&path).await.unwrap();
    seed(&store).await;
    (dir, path, store)
}

#[tokio::test]
async fn the_audit_log_is_append_only() {
    let (_dir, path, store) = seeded_file().await;
    let before = store.audit_recent(u32::MAX).await.unwrap();
    assert_eq!(before.len(), 4);
    let mut c = raw(&path).await;
    for sql in [
        "UPDATE audit_log SET actor = 'mallory' WHERE seq = 2",
        "UPDATE audit_log SET hash = prev_hash",
        "DELETE FROM audit_log WHERE seq = 4",
        "DELETE FROM audit_log",
    ] {
        let e = sqlx::query(sql).execute(&mut c).await.unwrap_err();
        assert!(e.to_string().contains("append-only"), "{sql}: {e}");
    }
    c.close().await.unwrap();
    assert_eq!(store.audit_recent(u32::MAX).await.unwrap(), before);
    assert!(store.audit_verify().await.unwrap().ok());
}

#[tokio::test]
async fn content_versions_and_publications_are_kept() {
    use vigie_store::{ContentStore, Viewer};
    let (_dir, path, store) = seeded_file().await;
    let cora = Viewer::new(
        vigie_domain::User {
            username: vigie_domain::Username::parse("cora").unwrap(),
            role: vigie_domain::Role::Coordinator,
            agency: None,
            active: true,
        },
        "192.0.2.5",
    );
    store
        .save_content(&cora, "help", "fr", "# Aide", "", T0)
        .await
        .unwrap();
    store.publish_content(&cora, "help", "fr", 1, T1).await.unwrap();
    let mut c = raw(&path).await;
    for sql in [
        "UPDATE content_versions SET body = '# Autre'",
        "UPDATE content_versions SET author = 'mallory'",
        "DELETE FROM content_versions",
        "UPDATE content_publications SET published_by = 'mallory'",
        "DELETE FROM content_publications",
    ] {
        let e = sqlx::query(sql).execute(&mut c).await.unwrap_err();
        assert!(e.to_string().contains("are kept"), "{sql}: {e}");
    }
    c.close().await.unwrap();
    assert_eq!(
        store.published_content("help", "fr").await.unwrap().unwrap().body,
        "# Aide"
    );
}

#[tokio::test]
async fn tokens_are_kept_as_made_and_stay_revoked() {
    use vigie_store::{Actor, NewToken, TokenStore};
    let (_dir, path, store) = seeded_file().await;
    let admin = Actor::new("admin", "cli");
    let t = store
        .create_token(
            &NewToken {
                name: "hub".into(),
                role: vigie_domain::Role::Analyst,
                scopes: vec![vigie_domain::Scope::ReadAreas],
                secret_hash: "ab".repeat(32),
                expires_at: T1 + time::Duration::days(30),
            },
            &admin,
            T0,
        )
        .await
        .unwrap();
    store.revoke_token(t.id, &admin, T1).await.unwrap();
    let mut c = raw(&path).await;
    for (sql, why) in [
        ("UPDATE api_tokens SET scopes = 'read:cases'", "kept as made"),
        ("UPDATE api_tokens SET role = 'coordinator'", "kept as made"),
        (
            "UPDATE api_tokens SET expires_at = '2999-01-01T00:00:00Z'",
            "kept as made",
        ),
        ("UPDATE api_tokens SET revoked_at = NULL", "stays revoked"),
        ("DELETE FROM api_tokens", "are kept"),
    ] {
        let e = sqlx::query(sql).execute(&mut c).await.unwrap_err();
        assert!(e.to_string().contains(why), "{sql}: {e}");
    }
    c.close().await.unwrap();
}

#[tokio::test]
async fn a_changed_entry_breaks_the_chain_there() {
    let (_dir, path, store) = seeded_file().await;
    let mut c = raw(&path).await;
    sqlx::raw_sql(
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET actor = 'mallory' WHERE seq = 2;",
    )
    .execute(&mut c)
    .await
    .unwrap();
    c.close().await.unwrap();
    let report = store.audit_verify().await.unwrap();
    assert!(!report.ok());
    assert_eq!(report.entries, 4);
    let (seq, reason) = report.broken_at.unwrap();
    assert_eq!(seq, 2);
    assert!(reason.contains("hash differs"), "{reason}");
}

#[tokio::test]
async fn a_removed_entry_breaks_the_chain_after_it() {
    let (_dir, path, store) = seeded_file().await;
    let mut c = raw(&path).await;
    sqlx::raw_sql(
        "DROP TRIGGER audit_log_no_delete;
         DELETE FROM audit_log WHERE seq = 2;",
    )
    .execute(&mut c)
    .await
    .unwrap();
    c.close().await.unwrap();
    let report = store.audit_verify().await.unwrap();
    assert_eq!(report.entries, 3);
    assert_eq!(report.broken_at, Some((3, "entry 2 is missing".into())));
}

#[tokio::test]
async fn a_rehashed_entry_is_found_by_the_next_one() {
    // Whoever changes an entry and recomputes its hash still breaks the link from the next entry.
    let (_dir, path, store) = seeded_file().await;
    let r = store
        .audit_recent(u32::MAX)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.seq == 2)
        .unwrap();
    let hash =
        vigie_store::audit::entry_hash(&r.prev_hash, 2, &r.at, "mallory", &r.action, &r.detail, &r.addr);
    let mut c = raw(&path).await;
    sqlx::raw_sql("DROP TRIGGER audit_log_no_update")
        .execute(&mut c)
        .await
        .unwrap();
    sqlx::query("UPDATE audit_log SET actor = 'mallory', hash = ? WHERE seq = 2")
        .bind(hash)
        .execute(&mut c)
        .await
        .unwrap();
    c.close().await.unwrap();
    let report = store.audit_verify().await.unwrap();
    assert_eq!(report.broken_at.map(|b| b.0), Some(3));
}

#[tokio::test]
async fn migrations_are_idempotent_and_data_survives_reopening() {
    let (dir, path, store) = seeded_file().await;
    assert_eq!(store.schema_version().await.unwrap(), LATEST);
    let before = snapshot(&store).await;

    // A second store on the same file while the first is open (the command line while the server runs).
    let second = SqlStore::open(&path).await.unwrap();
    assert_eq!(second.schema_version().await.unwrap(), LATEST);
    assert_eq!(snapshot(&second).await, before);
    drop(second);
    drop(store);

    let reopened = SqlStore::open(&path).await.unwrap();
    assert_eq!(reopened.schema_version().await.unwrap(), LATEST);
    assert_eq!(snapshot(&reopened).await, before);
    assert_eq!(reopened.audit_verify().await.unwrap().entries, 4);
    assert!(reopened.audit_verify().await.unwrap().ok());

    let mut c = raw(&path).await;
    let versions: Vec<i64> = sqlx::query_scalar("SELECT version FROM schema_migrations")
        .fetch_all(&mut c)
        .await
        .unwrap();
    assert_eq!(versions, (1..=LATEST).collect::<Vec<_>>());
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut c)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    c.close().await.unwrap();
    drop(reopened);
    drop(dir);
}

#[tokio::test]
async fn foreign_keys_are_declared_and_hold() {
    let (_dir, path, store) = seeded_file().await;
    let mut c = raw(&path).await;
    let e = sqlx::query("INSERT INTO indicator_values (area, indicator, period, value) VALUES ('Z', 'unemployment', '2024', 1)")
        .execute(&mut c)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("FOREIGN KEY"), "{e}");
    let e = sqlx::query("INSERT INTO incidents (id, kind, date, lon, lat, area) VALUES ('x', 'firearms', '2024-01-01', 0, 0, 'Z')")
        .execute(&mut c)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("FOREIGN KEY"), "{e}");
    // What the store wrote is consistent.
    let violations = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(&mut c)
        .await
        .unwrap();
    assert!(violations.is_empty(), "{}", violations.len());
    let fk: i64 = sqlx::query("PRAGMA foreign_keys")
        .fetch_one(&mut c)
        .await
        .unwrap()
        .get(0);
    assert_eq!(fk, 1);
    c.close().await.unwrap();
    assert_eq!(store.summary().await.unwrap().indicator_values, 4);
}

#[tokio::test]
async fn in_memory_stores_are_private() {
    let a = SqlStore::in_memory().await.unwrap();
    let b = SqlStore::in_memory().await.unwrap();
    seed(&a).await;
    assert_eq!(a.summary().await.unwrap().areas, 2);
    assert_eq!(b.summary().await.unwrap().areas, 0);
    assert_eq!(b.schema_version().await.unwrap(), LATEST);
    assert_eq!(b.audit_verify().await.unwrap().entries, 0);
}

/// Two stores on one file (two processes, say) writing at once: `BEGIN IMMEDIATE` serialises them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_stores_on_one_file_keep_the_chain() {
    let (_dir, path, first) = seeded_file().await;
    let second = SqlStore::open(&path).await.unwrap();
    let stores: [Arc<dyn Store>; 2] = [Arc::new(first), Arc::new(second)];
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..20i64 {
        let s = stores[(i % 2) as usize].clone();
        tasks.spawn(async move {
            if i % 5 == 0 {
                let text = format!("code,name,kind\nag-{i},Agency {i},school\n");
                import(&*s, ImportKind::Agencies, &format!("{i}.csv"), &text, T1)
                    .await
                    .unwrap();
            } else {
                s.audit(&AuditEntry {
                    at: T1,
                    actor: alice(),
                    action: "test.two".into(),
                    detail: serde_json::json!({ "i": i }),
                })
                .await
                .unwrap();
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap();
    }
    for s in &stores {
        let report = s.audit_verify().await.unwrap();
        assert_eq!(report.entries, 24);
        assert!(report.ok(), "{report:?}");
        assert_eq!(s.summary().await.unwrap().agencies, 6);
    }
}

/// Two processes starting at once on a new file must both end up with a migrated database.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_stores_opening_a_new_file_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.sqlite");
    let (a, b) = tokio::join!(SqlStore::open(&path), SqlStore::open(&path));
    let a = a.unwrap();
    let b = b.unwrap();
    assert_eq!(a.schema_version().await.unwrap(), LATEST);
    assert_eq!(b.schema_version().await.unwrap(), LATEST);
}

/// The same race made deterministic: both stores read the applied migrations while a third connection holds the
/// write lock, then both wait for it; the second to get it must not apply migration 1 again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrations_are_checked_inside_the_write_lock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.sqlite");
    let mut c = SqliteConnection::connect_with(
        &SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true)
            .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal),
    )
    .await
    .unwrap();
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
         BEGIN IMMEDIATE;",
    )
    .execute(&mut c)
    .await
    .unwrap();
    let a = tokio::spawn({
        let path = path.clone();
        async move { SqlStore::open(&path).await.map(|_| ()) }
    });
    let b = tokio::spawn({
        let path = path.clone();
        async move { SqlStore::open(&path).await.map(|_| ()) }
    });
    tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
    sqlx::raw_sql("COMMIT").execute(&mut c).await.unwrap();
    c.close().await.unwrap();
    let (a, b) = (a.await.unwrap(), b.await.unwrap());
    assert!(a.is_ok() && b.is_ok(), "{a:?} {b:?}");
    let store = SqlStore::open(&path).await.unwrap();
    assert_eq!(store.schema_version().await.unwrap(), LATEST);
}

/// A database of schema version 1 (before cases) keeps its users, with their ids, through migration 2.
#[tokio::test]
async fn a_version_1_database_keeps_its_users() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.sqlite");
    {
        let mut c = SqliteConnection::connect_with(
            &SqliteConnectOptions::new()
                .filename(&path)
                .create_if_missing(true),
        )
        .await
        .unwrap();
        sqlx::raw_sql(include_str!("../../migrations/sqlite/0001_init.sql"))
            .execute(&mut c)
            .await
            .unwrap();
        sqlx::raw_sql(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
             INSERT INTO schema_migrations VALUES (1, '2026-01-01T00:00:00Z');
             INSERT INTO users (id, username, role, password_hash, active, created_at)
                 VALUES (7, 'olga', 'coordinator', 'x', 1, '2026-01-01T00:00:00Z');
             INSERT INTO sessions (id_hash, user_id, csrf, created_at, last_seen) VALUES ('h', 7, 'c', 0, 0);",
        )
        .execute(&mut c)
        .await
        .unwrap();
        c.close().await.unwrap();
    }
    let store = SqlStore::open(&path).await.unwrap();
    assert_eq!(store.schema_version().await.unwrap(), LATEST);
    let olga = store
        .credentials(&vigie_domain::Username::parse("olga").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((olga.id, olga.user.role), (7, vigie_domain::Role::Coordinator));
    // Sessions end with the migration; the new role can be given.
    assert!(store.session("h").await.unwrap().is_none());
    let mut c = raw(&path).await;
    sqlx::query("UPDATE users SET role = 'dpo' WHERE id = 7")
        .execute(&mut c)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_networks_files_are_sealed_at_rest() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.sqlite");
    let store = SqlStore::open(&path)
        .await
        .unwrap()
        .with_field_key(key())
        .await
        .unwrap();
    crate::networks::networks_are_the_analysts_sealed_and_audited(&store).await;
    let mut conn = raw(&path).await;
    let row = sqlx::query("SELECT entities, links FROM networks")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    for col in ["entities", "links"] {
        let bytes: Vec<u8> = row.get(col);
        assert!(bytes.len() > 20, "{col}");
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("Bar du Port") && !text.contains("P1"),
            "{col} is stored in the clear"
        );
    }
}

/// A full disk (the database capped at its current size) fails an import whole, with a message that says so;
/// nothing stored is lost, and the import goes through once there is room again.
#[tokio::test]
async fn a_full_disk_fails_the_write_cleanly() {
    let (_dir, _path, store) = seeded_file().await;
    let before = store.summary().await.unwrap();
    let audit_before = store.audit_recent(u32::MAX).await.unwrap().len();
    let pages = store.page_count().await.unwrap();
    assert_eq!(store.cap_pages(pages).await.unwrap(), pages);
    let mut big = String::from("id,type,date,longitude,latitude,area\n");
    for i in 0..20_000 {
        big.push_str(&format!("n{i},drug_seizure,2024-03-05,0.5,0.5,A\n"));
    }
    let e = import(&store, ImportKind::Incidents, "many.csv", &big, T0)
        .await
        .unwrap_err();
    assert!(e.is_full(), "{e}");
    assert!(
        e.to_string().starts_with("the disk is full: nothing was written"),
        "{e}"
    );
    assert_eq!(store.summary().await.unwrap(), before, "nothing stored changed");
    assert_eq!(store.audit_recent(u32::MAX).await.unwrap().len(), audit_before);
    assert!(store.audit_verify().await.unwrap().ok());
    store.cap_pages(u64::from(u32::MAX)).await.unwrap();
    let got = import(&store, ImportKind::Incidents, "many.csv", &big, T0)
        .await
        .unwrap();
    assert_eq!(got.inserted, 20_000);
}
