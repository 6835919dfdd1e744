//! Tests that only make sense for the PostgreSQL backend: its triggers, seen through raw SQL.

use sqlx::{Connection, Executor};
use vigie_store::{AuditEntry, SqlStore, Store};

use crate::common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kept_tables_refuse_change_on_postgres() {
    let Some(server) = vigie_store::testing::postgres_server() else {
        return;
    };
    let url = vigie_store::testing::fresh_database(&server).await.unwrap();
    let store = SqlStore::connect(&url).await.unwrap();
    store
        .audit(&AuditEntry {
            at: T0,
            actor: vigie_store::Actor::new("tester", "192.0.2.1"),
            action: "test".into(),
            detail: serde_json::json!({}),
        })
        .await
        .unwrap();
    sqlx::any::install_default_drivers();
    let mut c = sqlx::AnyConnection::connect(&url).await.unwrap();
    for sql in [
        "UPDATE audit_log SET actor = 'mallory'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        // Row triggers fire on rows: these tables are empty here, so their TRUNCATE (a statement trigger) is tried.
        "TRUNCATE content_publications",
        "TRUNCATE convention_changes",
        "TRUNCATE greta_recommendations",
    ] {
        let e = c.execute(sql).await.unwrap_err();
        assert!(
            e.to_string().contains("kept") || e.to_string().contains("append-only"),
            "{sql}: {e}"
        );
    }
    c.close().await.unwrap();
    assert_eq!(store.audit_recent(10).await.unwrap().len(), 1);
    assert!(store.audit_verify().await.unwrap().ok());
}
