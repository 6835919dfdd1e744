//! Conformance: users, sessions and login throttling.

use time::{Duration, OffsetDateTime};
use vigie_domain::{AgencyCode, Role, User, Username};
use vigie_store::{ImportKind, NewUser, Session, Store, StoreError, UserChange};

use crate::common::*;

fn name(s: &str) -> Username {
    Username::parse(s).unwrap()
}

fn new_user(username: &str, role: Role, agency: Option<&str>) -> NewUser {
    NewUser {
        username: name(username),
        role,
        agency: agency.map(|a| AgencyCode::parse(a).unwrap()),
        password_hash: format!("$argon2id$v=19$m=19456,t=2,p=1$salt${username}"),
    }
}

fn user(username: &str, role: Role, agency: Option<&str>, active: bool) -> User {
    User {
        username: name(username),
        role,
        agency: agency.map(|a| AgencyCode::parse(a).unwrap()),
        active,
    }
}

fn session(
    id_hash: &str,
    user: Option<(i64, User)>,
    created: OffsetDateTime,
    seen: OffsetDateTime,
) -> Session {
    Session {
        id_hash: id_hash.into(),
        user,
        csrf: format!("csrf-{id_hash}"),
        created_at: created,
        last_seen: seen,
    }
}

async fn last_audit(s: &dyn Store) -> (String, String, String, serde_json::Value) {
    let r = s.audit_recent(1).await.unwrap().remove(0);
    (
        r.action,
        r.actor,
        r.addr,
        serde_json::from_str(&r.detail).unwrap(),
    )
}

pub async fn users_are_created_and_audited(s: &dyn Store) {
    import(s, ImportKind::Agencies, "agencies.csv", AGENCIES, T0)
        .await
        .unwrap();
    let n0 = audit_len(s).await;
    let admin = s
        .create_user(&new_user("admin1", Role::Admin, None), &cli(), T0)
        .await
        .unwrap();
    assert_eq!(audit_len(s).await, n0 + 1);
    let (action, actor, addr, detail) = last_audit(s).await;
    assert_eq!(
        (action.as_str(), actor.as_str(), addr.as_str()),
        ("user.create", "root", "cli")
    );
    assert_eq!(detail["user"], "admin1");
    assert_eq!(detail["role"], "admin");
    assert!(detail["agency"].is_null());
    assert!(
        !detail.to_string().contains("argon2"),
        "the audit log must not hold password hashes"
    );

    let carla = s
        .create_user(
            &new_user("carla", Role::Caseworker, Some("ngo-lumiere")),
            &alice(),
            T1,
        )
        .await
        .unwrap();
    assert_ne!(admin, carla);
    assert_eq!(audit_len(s).await, n0 + 2);
    let (action, actor, _, detail) = last_audit(s).await;
    assert_eq!((action.as_str(), actor.as_str()), ("user.create", "alice"));
    assert_eq!(detail["agency"], "ngo-lumiere");
    assert_eq!(
        s.users().await.unwrap(),
        vec![
            user("admin1", Role::Admin, None, true),
            user("carla", Role::Caseworker, Some("ngo-lumiere"), true),
        ]
    );
    assert_eq!(s.summary().await.unwrap().users, 2);

    let c = s.credentials(&name("carla")).await.unwrap().unwrap();
    assert_eq!(c.id, carla);
    assert_eq!(c.user, user("carla", Role::Caseworker, Some("ngo-lumiere"), true));
    assert_eq!(
        c.password_hash,
        new_user("carla", Role::Caseworker, None).password_hash
    );
    assert!(s.credentials(&name("nobody")).await.unwrap().is_none());

    // Refusals change nothing and are not audited.
    let before = snapshot(s).await;
    let dup = s
        .create_user(&new_user("carla", Role::Analyst, None), &cli(), T2)
        .await;
    assert!(matches!(dup, Err(StoreError::Conflict(_))), "{dup:?}");
    let unknown_agency = s
        .create_user(&new_user("dan", Role::Analyst, Some("nowhere")), &cli(), T2)
        .await;
    assert!(
        matches!(unknown_agency, Err(StoreError::Conflict(_))),
        "{unknown_agency:?}"
    );
    assert_eq!(snapshot(s).await, before);
    assert!(s.credentials(&name("dan")).await.unwrap().is_none());
}

pub async fn users_are_changed_and_audited(s: &dyn Store) {
    import(s, ImportKind::Agencies, "agencies.csv", AGENCIES, T0)
        .await
        .unwrap();
    s.create_user(
        &new_user("carla", Role::Caseworker, Some("ngo-lumiere")),
        &cli(),
        T0,
    )
    .await
    .unwrap();
    s.create_user(&new_user("bruno", Role::Analyst, None), &cli(), T0)
        .await
        .unwrap();
    let n0 = audit_len(s).await;

    s.change_user(
        &name("carla"),
        &UserChange {
            role: Some(Role::Analyst),
            ..Default::default()
        },
        &alice(),
        T1,
    )
    .await
    .unwrap();
    let c = s.credentials(&name("carla")).await.unwrap().unwrap();
    assert_eq!(c.user, user("carla", Role::Analyst, Some("ngo-lumiere"), true));
    let (action, actor, _, detail) = last_audit(s).await;
    assert_eq!((action.as_str(), actor.as_str()), ("user.change", "alice"));
    assert_eq!(detail["user"], "carla");
    assert_eq!(detail["role"], "analyst");
    assert_eq!(detail["password_changed"], false);

    s.change_user(
        &name("carla"),
        &UserChange {
            active: Some(false),
            ..Default::default()
        },
        &alice(),
        T1,
    )
    .await
    .unwrap();
    assert!(!s.credentials(&name("carla")).await.unwrap().unwrap().user.active);
    assert_eq!(last_audit(s).await.3["active"], false);

    s.change_user(
        &name("carla"),
        &UserChange {
            active: Some(true),
            password_hash: Some("$argon2id$new".into()),
            ..Default::default()
        },
        &alice(),
        T2,
    )
    .await
    .unwrap();
    let c = s.credentials(&name("carla")).await.unwrap().unwrap();
    assert!(c.user.active);
    assert_eq!(c.password_hash, "$argon2id$new");
    let (_, _, _, detail) = last_audit(s).await;
    assert_eq!(detail["password_changed"], true);
    assert!(!detail.to_string().contains("argon2"));
    assert_eq!(audit_len(s).await, n0 + 3);

    // bruno was not touched.
    assert_eq!(
        s.credentials(&name("bruno")).await.unwrap().unwrap().user,
        user("bruno", Role::Analyst, None, true)
    );

    let before = snapshot(s).await;
    let r = s
        .change_user(
            &name("nobody"),
            &UserChange {
                role: Some(Role::Admin),
                ..Default::default()
            },
            &alice(),
            T2,
        )
        .await;
    assert!(matches!(r, Err(StoreError::NotFound(_))), "{r:?}");
    assert_eq!(snapshot(s).await, before);
}

pub async fn changing_a_user_ends_their_sessions(s: &dyn Store) {
    let carla = s
        .create_user(&new_user("carla", Role::Analyst, None), &cli(), T0)
        .await
        .unwrap();
    let bruno = s
        .create_user(&new_user("bruno", Role::Analyst, None), &cli(), T0)
        .await
        .unwrap();
    let cu = user("carla", Role::Analyst, None, true);
    let bu = user("bruno", Role::Analyst, None, true);
    let open_carla = || async {
        for h in ["c1", "c2"] {
            s.create_session(&session(h, Some((carla, cu.clone())), T0, T0))
                .await
                .unwrap();
        }
    };
    s.create_session(&session("b1", Some((bruno, bu.clone())), T0, T0))
        .await
        .unwrap();
    s.create_session(&session("anon", None, T0, T0)).await.unwrap();
    open_carla().await;
    let alive = |h: &'static str| async move { s.session(h).await.unwrap().is_some() };

    // A change that touches neither role, password nor activity keeps the sessions.
    s.change_user(&name("carla"), &UserChange::default(), &alice(), T1)
        .await
        .unwrap();
    s.change_user(
        &name("carla"),
        &UserChange {
            active: Some(true),
            ..Default::default()
        },
        &alice(),
        T1,
    )
    .await
    .unwrap();
    assert!(alive("c1").await && alive("c2").await);

    let changes = [
        UserChange {
            role: Some(Role::Coordinator),
            ..Default::default()
        },
        UserChange {
            password_hash: Some("$argon2id$other".into()),
            ..Default::default()
        },
        UserChange {
            active: Some(false),
            ..Default::default()
        },
    ];
    for change in &changes {
        s.change_user(&name("carla"), change, &alice(), T1).await.unwrap();
        assert!(!alive("c1").await && !alive("c2").await, "{change:?}");
        assert!(alive("b1").await && alive("anon").await, "{change:?}");
        open_carla().await;
    }
}

pub async fn sessions_are_stored_touched_and_purged(s: &dyn Store) {
    let id = s
        .create_user(&new_user("carla", Role::Coordinator, None), &cli(), T0)
        .await
        .unwrap();
    let carla = user("carla", Role::Coordinator, None, true);
    let n0 = audit_len(s).await;

    s.create_session(&session("h-anon", None, T0, T0)).await.unwrap();
    s.create_session(&session("h-user", Some((id, carla.clone())), T0, T0))
        .await
        .unwrap();

    let got = s.session("h-user").await.unwrap().unwrap();
    assert_eq!(got.id_hash, "h-user");
    assert_eq!(got.user, Some((id, carla.clone())));
    assert_eq!(got.csrf, "csrf-h-user");
    assert_eq!((got.created_at, got.last_seen), (T0, T0));
    let anon = s.session("h-anon").await.unwrap().unwrap();
    assert!(anon.user.is_none());
    assert_eq!(anon.csrf, "csrf-h-anon");
    assert!(s.session("h-none").await.unwrap().is_none());

    // The session carries the user as stored now.
    s.change_user(&name("carla"), &UserChange::default(), &alice(), T1)
        .await
        .unwrap();
    assert_eq!(
        s.session("h-user").await.unwrap().unwrap().user,
        Some((id, carla))
    );

    s.touch_session("h-user", T1).await.unwrap();
    let got = s.session("h-user").await.unwrap().unwrap();
    assert_eq!((got.created_at, got.last_seen), (T0, T1));
    s.touch_session("h-none", T1).await.unwrap();
    assert!(s.session("h-none").await.unwrap().is_none());

    s.delete_session("h-anon").await.unwrap();
    assert!(s.session("h-anon").await.unwrap().is_none());
    s.delete_session("h-anon").await.unwrap();

    // Purge by idle time: strictly before the limit.
    s.create_session(&session("p0", None, T0, T0)).await.unwrap();
    s.create_session(&session("p2", None, T0, T2)).await.unwrap();
    assert_eq!(s.purge_sessions(T1).await.unwrap(), 1);
    assert!(s.session("p0").await.unwrap().is_none());
    assert!(s.session("h-user").await.unwrap().is_some());
    assert_eq!(s.purge_sessions(T1).await.unwrap(), 0);
    assert_eq!(s.purge_sessions(T2 + Duration::seconds(1)).await.unwrap(), 2);
    assert!(s.session("h-user").await.unwrap().is_none());
    assert!(s.session("p2").await.unwrap().is_none());

    // A session must belong to a known user, and an id is used once.
    assert!(
        s.create_session(&session(
            "ghost",
            Some((id + 1000, user("ghost", Role::Admin, None, true))),
            T0,
            T0
        ))
        .await
        .is_err()
    );
    assert!(s.session("ghost").await.unwrap().is_none());
    s.create_session(&session("once", None, T0, T0)).await.unwrap();
    assert!(s.create_session(&session("once", None, T1, T1)).await.is_err());
    assert_eq!(s.session("once").await.unwrap().unwrap().last_seen, T0);

    // Only the user change above was audited.
    assert_eq!(audit_len(s).await, n0 + 1);
}

pub async fn login_failures_are_counted_cleared_and_purged(s: &dyn Store) {
    let t = T0;
    let secs = Duration::seconds;
    s.record_login_failure("bob", "198.51.100.1", t).await.unwrap();
    s.record_login_failure("bob", "198.51.100.1", t + secs(60))
        .await
        .unwrap();
    s.record_login_failure("bob", "198.51.100.2", t + secs(120))
        .await
        .unwrap();
    s.record_login_failure("eve", "198.51.100.1", t + secs(180))
        .await
        .unwrap();

    let lf = |u: &'static str, a: &'static str, since: OffsetDateTime| async move {
        s.login_failures(u, a, since).await.unwrap()
    };
    assert_eq!(lf("bob", "198.51.100.1", t).await, (3, 3));
    assert_eq!(lf("bob", "198.51.100.2", t).await, (3, 1));
    // The window starts at `since`, inclusive.
    assert_eq!(lf("bob", "198.51.100.1", t + secs(90)).await, (1, 1));
    assert_eq!(lf("bob", "198.51.100.1", t + secs(120)).await, (1, 1));
    assert_eq!(lf("bob", "198.51.100.1", t + secs(121)).await, (0, 1));
    assert_eq!(lf("bob", "198.51.100.1", t + secs(181)).await, (0, 0));
    assert_eq!(lf("nobody", "203.0.113.9", t).await, (0, 0));

    s.clear_login_failures("bob").await.unwrap();
    assert_eq!(lf("bob", "198.51.100.1", t).await, (0, 1));
    assert_eq!(lf("eve", "198.51.100.2", t).await, (1, 0));

    // Failures older than a day are dropped when a new one is recorded.
    s.record_login_failure("kim", "203.0.113.4", t + secs(86_000))
        .await
        .unwrap();
    let long_ago = t - Duration::days(30);
    assert_eq!(lf("eve", "198.51.100.1", long_ago).await, (1, 1));
    s.record_login_failure("zed", "203.0.113.5", t + secs(180 + 86_401))
        .await
        .unwrap();
    assert_eq!(lf("eve", "198.51.100.1", long_ago).await, (0, 0));
    assert_eq!(lf("kim", "203.0.113.4", long_ago).await, (1, 1));
    assert_eq!(lf("zed", "203.0.113.5", long_ago).await, (1, 1));
}
