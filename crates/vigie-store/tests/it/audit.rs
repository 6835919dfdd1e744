//! Conformance: the audit log and the city, and concurrent writers.

use std::collections::BTreeSet;
use std::sync::Arc;

use time::Duration;
use vigie_domain::{City, CountryCode, Role, Username};
use vigie_store::audit::{GENESIS, entry_hash};
use vigie_store::{
    Actor, AuditEntry, AuditRecord, AuditReport, ImportKind, NewUser, Store, StoreError, UserChange,
};

use crate::common::*;

/// Checks the chain record by record, as the documentation defines it.
fn assert_chain(records_newest_first: &[AuditRecord]) {
    let mut records = records_newest_first.to_vec();
    records.reverse();
    let mut prev = GENESIS.to_owned();
    for (i, r) in records.iter().enumerate() {
        assert_eq!(r.seq, i as i64 + 1, "seq is contiguous from 1");
        assert_eq!(r.prev_hash, prev, "entry {}", r.seq);
        assert_eq!(
            r.hash,
            entry_hash(
                &r.prev_hash,
                r.seq,
                &r.at,
                &r.actor,
                &r.action,
                &r.detail,
                &r.addr
            ),
            "entry {}",
            r.seq
        );
        prev.clone_from(&r.hash);
    }
}

fn entry(action: &str, i: u64) -> AuditEntry {
    AuditEntry {
        at: T0 + Duration::seconds(i as i64),
        actor: Actor::new("carla", "203.0.113.7"),
        action: action.into(),
        detail: serde_json::json!({ "i": i }),
    }
}

pub async fn every_write_appends_one_chained_entry(s: &dyn Store) {
    assert_eq!(
        s.audit_verify().await.unwrap(),
        AuditReport {
            entries: 0,
            broken_at: None
        }
    );
    assert!(s.audit_recent(10).await.unwrap().is_empty());
    assert_eq!(s.city().await.unwrap(), None);

    let mut expected = Vec::new();
    // Checks that the log has n entries, the newest being `what`; `new` says whether the last write added it.
    let mut step = async |what: &'static str, n: usize, new: bool| {
        if new {
            expected.push(what);
        }
        let records = s.audit_recent(u32::MAX).await.unwrap();
        assert_eq!(records.len(), n, "after {what}");
        assert_eq!(records[0].action, what);
    };

    s.set_city(&city(), &cli(), T0).await.unwrap();
    step("city.set", 1, true).await;
    assert_eq!(s.city().await.unwrap(), Some(city()));
    let renamed = City {
        name: "Lumière".into(),
        country: CountryCode::parse("BE").unwrap(),
    };
    s.set_city(&renamed, &alice(), T1).await.unwrap();
    step("city.set", 2, true).await;
    assert_eq!(s.city().await.unwrap(), Some(renamed));

    import(s, ImportKind::Areas, "areas.geojson", &areas_file(), T1)
        .await
        .unwrap();
    step("import.areas", 3, true).await;
    import(s, ImportKind::Agencies, "agencies.csv", AGENCIES, T1)
        .await
        .unwrap();
    step("import.agencies", 4, true).await;
    import(s, ImportKind::Indicators, "indicators.csv", INDICATORS, T1)
        .await
        .unwrap();
    step("import.indicators", 5, true).await;
    import(s, ImportKind::Incidents, "incidents.csv", INCIDENTS, T1)
        .await
        .unwrap();
    step("import.incidents", 6, true).await;
    // A re-import is a write too.
    import(s, ImportKind::Incidents, "incidents.csv", INCIDENTS, T1)
        .await
        .unwrap();
    step("import.incidents", 7, true).await;
    let user = NewUser {
        username: Username::parse("carla").unwrap(),
        role: Role::Analyst,
        agency: None,
        password_hash: "$argon2id$x".into(),
    };
    s.create_user(&user, &cli(), T1).await.unwrap();
    step("user.create", 8, true).await;
    s.change_user(&user.username, &UserChange::default(), &cli(), T1)
        .await
        .unwrap();
    step("user.change", 9, true).await;
    s.audit(&entry("login.ok", 3)).await.unwrap();
    step("login.ok", 10, true).await;

    // Refused writes append nothing.
    let refused = import(
        s,
        ImportKind::Agencies,
        "bad.csv",
        "code,name,kind\npolice,Police,ngo\n",
        T2,
    )
    .await;
    assert!(matches!(refused, Err(StoreError::Rejected(_))));
    assert!(s.create_user(&user, &cli(), T2).await.is_err());
    step("login.ok", 10, false).await;

    let records = s.audit_recent(u32::MAX).await.unwrap();
    assert_eq!(
        records
            .iter()
            .rev()
            .map(|r| r.action.as_str())
            .collect::<Vec<_>>(),
        expected
    );
    assert_chain(&records);
    assert_eq!(
        s.audit_verify().await.unwrap(),
        AuditReport {
            entries: 10,
            broken_at: None
        }
    );

    // The entry appended by `audit` holds exactly what was given.
    let r = &records[0];
    assert_eq!(r.seq, 10);
    assert_eq!(r.at, "2025-01-15T10:00:03Z");
    assert_eq!((r.actor.as_str(), r.addr.as_str()), ("carla", "203.0.113.7"));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&r.detail).unwrap(),
        serde_json::json!({ "i": 3 })
    );
    let city_entry = records.last().unwrap();
    assert_eq!(
        (city_entry.actor.as_str(), city_entry.addr.as_str()),
        ("root", "cli")
    );
    assert_eq!(city_entry.at, "2025-01-15T10:00:00Z");
    let detail: serde_json::Value = serde_json::from_str(&city_entry.detail).unwrap();
    assert_eq!(detail["name"], "Lumière-sur-Mer");
    assert_eq!(detail["country"], "FR");

    // Newest first, limited.
    let two = s.audit_recent(2).await.unwrap();
    assert_eq!(two, records[..2].to_vec());
}

/// Many writers at once, each on its own task: the chain stays whole and `seq` contiguous.
pub async fn concurrent_writers_keep_the_chain(store: Arc<dyn Store>) {
    import(&*store, ImportKind::Areas, "areas.geojson", &areas_file(), T0)
        .await
        .unwrap();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..24u64 {
        let s = store.clone();
        tasks.spawn(async move {
            let s = &*s;
            match i % 4 {
                0 => s.audit(&entry("test.concurrent", i)).await.unwrap(),
                1 => {
                    let text =
                        format!("code,name,kind\npolice,City police,police\nagency-{i},Agency {i},ngo\n");
                    import(s, ImportKind::Agencies, &format!("a{i}.csv"), &text, T1)
                        .await
                        .unwrap();
                }
                2 => {
                    let text =
                        format!("id,type,date,longitude,latitude\nc{i},extortion,2024-06-01,0.5,0.5\n");
                    import(s, ImportKind::Incidents, &format!("i{i}.csv"), &text, T1)
                        .await
                        .unwrap();
                }
                _ => {
                    let user = NewUser {
                        username: Username::parse(&format!("user{i}")).unwrap(),
                        role: Role::Analyst,
                        agency: None,
                        password_hash: "$argon2id$x".into(),
                    };
                    s.create_user(&user, &cli(), T1).await.unwrap();
                }
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap();
    }
    let s = &*store;
    assert_eq!(
        s.audit_verify().await.unwrap(),
        AuditReport {
            entries: 25,
            broken_at: None
        }
    );
    let records = s.audit_recent(u32::MAX).await.unwrap();
    assert_chain(&records);
    let seen: BTreeSet<u64> = records
        .iter()
        .filter(|r| r.action == "test.concurrent")
        .map(|r| {
            serde_json::from_str::<serde_json::Value>(&r.detail).unwrap()["i"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(seen, (0..24).step_by(4).collect());
    let summary = s.summary().await.unwrap();
    assert_eq!((summary.agencies, summary.incidents, summary.users), (7, 6, 6));
    assert_eq!(s.recent_imports(u32::MAX).await.unwrap().len(), 13);
}

/// The data version moves with every change, and not with a read or a sign-in (which are audited too), so that
/// pages keep what they computed while people only read.
pub async fn the_data_version_moves_with_changes_only(s: &dyn Store) {
    let v0 = s.data_version().await.unwrap();
    s.audit(&entry("city.set", 1)).await.unwrap();
    let v1 = s.data_version().await.unwrap();
    assert!(v1 > v0, "a change moves it");
    for (i, action) in vigie_store::audit::READ_ACTIONS.iter().enumerate() {
        s.audit(&entry(action, 2 + i as u64)).await.unwrap();
        assert_eq!(s.data_version().await.unwrap(), v1, "{action} is a read");
    }
    // An action it does not know is taken for a change.
    s.audit(&entry("something.new", 99)).await.unwrap();
    let v2 = s.data_version().await.unwrap();
    assert!(v2 > v1);
    // And a real write through the store moves it too.
    import(s, ImportKind::Areas, "areas.geojson", &areas_file(), T1)
        .await
        .unwrap();
    assert!(s.data_version().await.unwrap() > v2);
    assert!(s.audit_verify().await.unwrap().ok());
}
