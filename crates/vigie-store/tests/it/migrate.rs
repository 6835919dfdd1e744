//! Moving a city's data between databases (`SqlStore::dump` and `SqlStore::load`), on every pair of backends:
//! every row arrives as it was (compared row for row), sealed fields still open with the key, the audit chain
//! still verifies, and a database that holds data is refused.

use vigie_store::{CaseStore, ContentStore, SqlStore, Store, StoreError};

use crate::common::{self, Fixture};

/// A store with rows in most tables: the conformance cases that touch cases, networks, content and exchange, run
/// one after the other (the plan's case sets up agencies of its own, which conflict with the cases').
async fn seeded(fixture: &Fixture) {
    let s = fixture.store();
    crate::cases::a_case_goes_from_intake_to_a_referral_accepted(s).await;
    crate::content::the_coordinator_edits_and_publishes_and_every_version_is_kept(s).await;
    crate::exchange::partners_keys_and_packages_are_kept_sealed_and_audited(s).await;
    crate::networks::the_administrator_grants_network_analysis_to_a_role(s).await;
    crate::accounts::sessions_are_stored_touched_and_purged(s).await;
    crate::accounts::login_failures_are_counted_cleared_and_purged(s).await;
    crate::reads::incident_counts_by_each_grouping(s).await;
}

/// The store behind a fixture, as the concrete type (dump and load are not part of the trait).
async fn concrete(fixture: Option<Fixture>) -> Option<(Fixture, SqlStore)> {
    let fixture = fixture?;
    let url = match &fixture.path {
        Some(path) => path.to_str().unwrap().to_owned(),
        None => fixture.url.clone()?,
    };
    let store = SqlStore::connect(&url).await.unwrap();
    Some((fixture, store))
}

async fn copy_between(from: Option<Fixture>, to: Option<Fixture>) {
    let Some((from_fixture, from)) = concrete(from).await else {
        return;
    };
    let Some((to_fixture, to)) = concrete(to).await else {
        return;
    };
    seeded(&from_fixture).await;
    let dump = from.dump().await.unwrap();
    let filled = dump.tables.iter().filter(|t| !t.rows.is_empty()).count();
    let empty: Vec<&str> = dump
        .tables
        .iter()
        .filter(|t| t.rows.is_empty())
        .map(|t| t.name.as_str())
        .collect();
    assert!(
        filled >= 24,
        "only {filled} tables hold rows (empty: {empty:?}): the copy would prove little"
    );

    to.load(&dump).await.unwrap();
    let copied = to.dump().await.unwrap();
    assert_eq!(dump.differences(&copied), Vec::<String>::new());
    assert_eq!(dump, copied);

    // The copy opens with the same key, its chain verifies, and its sealed fields open.
    let reopened = to.clone().with_field_key(common::key()).await.unwrap();
    let report = reopened.audit_verify().await.unwrap();
    assert!(report.ok(), "{report:?}");
    let v = crate::cases::caseworker();
    let case_ids: Vec<i64> = reopened
        .cases(&v, common::T2)
        .await
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert!(!case_ids.is_empty());
    for id in case_ids {
        reopened.case(&v, id, common::T2).await.unwrap();
    }

    // Writing goes on after the copy: new ids follow the copied ones (PostgreSQL's identity columns).
    let cora = crate::content::viewer("cora", vigie_domain::Role::Coordinator, None);
    let before = reopened
        .content_versions(&cora, "help", "en")
        .await
        .unwrap()
        .len();
    reopened
        .save_content(&cora, "help", "en", "# After the copy", "", common::T2)
        .await
        .unwrap();
    assert_eq!(
        reopened
            .content_versions(&cora, "help", "en")
            .await
            .unwrap()
            .len(),
        before + 1
    );
    assert!(reopened.audit_verify().await.unwrap().ok());

    // A database that holds data is refused, and keeps what it holds.
    let again = to.load(&dump).await.unwrap_err();
    assert!(matches!(again, StoreError::Refused(_)), "{again}");
    drop(to_fixture);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_to_sqlite() {
    copy_between(common::file().await, common::file().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_to_postgres() {
    copy_between(common::file().await, common::postgres().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_to_sqlite() {
    copy_between(common::postgres().await, common::file().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_table_the_copy_does_not_know_is_refused() {
    // A new migration must add its tables to vigie_store::dump::TABLES, or the copy would leave them behind: the
    // dump refuses a database with a table it does not know.
    use sqlx::Connection as _;
    let Some((fixture, store)) = concrete(common::file().await).await else {
        return;
    };
    store.dump().await.unwrap();
    let path = fixture.path.clone().unwrap();
    let mut c = sqlx::sqlite::SqliteConnection::connect_with(
        &sqlx::sqlite::SqliteConnectOptions::new().filename(&path),
    )
    .await
    .unwrap();
    sqlx::raw_sql("CREATE TABLE surprise (x TEXT)")
        .execute(&mut c)
        .await
        .unwrap();
    c.close().await.unwrap();
    let e = store.dump().await.unwrap_err();
    assert!(e.to_string().contains("surprise"), "{e}");
}
