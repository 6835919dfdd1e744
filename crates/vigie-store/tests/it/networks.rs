//! Criminal networks: only the analyst (or a role granted by the administrator) saves and reads them; the files
//! are sealed at rest; every read is audited; the per-area counts are readable for the diagnosis.

use time::OffsetDateTime;
use time::macros::datetime;
use vigie_domain::{Action, Role, User, Username};
use vigie_store::{Actor, AreaPresenceRow, NewNetwork, Store, StoreError, Viewer};

const NOW: OffsetDateTime = datetime!(2026-03-02 10:00:00 UTC);

fn viewer(name: &str, role: Role) -> Viewer {
    Viewer::new(
        User {
            username: Username::parse(name).unwrap(),
            role,
            agency: None,
            active: true,
        },
        "192.0.2.9",
    )
}

fn network(name: &str) -> NewNetwork {
    NewNetwork {
        name: name.into(),
        entities_file: "entities.csv".into(),
        entities: "id,kind,label,country,area\nP1,person,P1,,north\nC1,company,Bar du Port,FR,north\n".into(),
        links_file: "links.csv".into(),
        links: "source,target,kind,weight,date\nP1,C1,employment,1,2026-01-05\n".into(),
        entity_count: 2,
        link_count: 1,
        presence: vec![AreaPresenceRow {
            area: "north".into(),
            premises: 1,
            groups: 1,
            entities: 2,
        }],
    }
}

pub async fn networks_are_the_analysts_sealed_and_audited(s: &dyn Store) {
    let analyst = viewer("ana", Role::Analyst);
    assert_eq!(s.network_presence().await.unwrap(), None);
    let id = s.save_network(&analyst, &network("harbour"), NOW).await.unwrap();

    // The same name again is refused, and nothing changes.
    match s.save_network(&analyst, &network("harbour"), NOW).await {
        Err(StoreError::Conflict(m)) => assert!(m.contains("harbour"), "{m}"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    // An empty name is refused.
    assert!(matches!(
        s.save_network(&analyst, &network("  "), NOW).await,
        Err(StoreError::Refused(_))
    ));

    let list = s.networks(&analyst, NOW).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].id, list[0].entity_count, list[0].link_count), (id, 2, 1));
    assert_eq!(list[0].uploaded_by, "ana");
    assert_eq!(list[0].sha256.len(), 64);

    let got = s.network(&analyst, id, "network page", NOW).await.unwrap();
    assert_eq!(got.entities, network("x").entities);
    assert_eq!(got.links, network("x").links);
    assert!(matches!(
        s.network(&analyst, id + 99, "network page", NOW).await,
        Err(StoreError::NotFound(_))
    ));

    // The presence is aggregate and readable without a role check (the diagnosis shows it).
    let (info, presence) = s.network_presence().await.unwrap().unwrap();
    assert_eq!(info.id, id);
    assert_eq!(presence, network("x").presence);

    // Every other role is refused, reads and writes alike, and a refusal is not audited as a view.
    for role in [
        Role::Coordinator,
        Role::Caseworker,
        Role::Partner,
        Role::Admin,
        Role::Dpo,
    ] {
        let v = viewer("someone", role);
        assert!(
            matches!(s.networks(&v, NOW).await, Err(StoreError::Forbidden(_))),
            "{role}"
        );
        assert!(
            matches!(s.network(&v, id, "x", NOW).await, Err(StoreError::Forbidden(_))),
            "{role}"
        );
        assert!(
            matches!(
                s.save_network(&v, &network("other"), NOW).await,
                Err(StoreError::Forbidden(_))
            ),
            "{role}"
        );
    }
    let audit = s.audit_recent(100).await.unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "network.upload").count(), 1);
    assert_eq!(actions.iter().filter(|a| **a == "network.list").count(), 1);
    let views: Vec<_> = audit.iter().filter(|a| a.action == "network.view").collect();
    assert_eq!(views.len(), 1);
    assert!(views[0].detail.contains("network page"), "{}", views[0].detail);
    assert_eq!(views[0].actor, "ana");
}

pub async fn the_administrator_grants_network_analysis_to_a_role(s: &dyn Store) {
    let admin = Actor::new("root", "192.0.2.1");
    let coordinator = viewer("cora", Role::Coordinator);
    let analyst = viewer("ana", Role::Analyst);
    let id = s.save_network(&analyst, &network("harbour"), NOW).await.unwrap();
    assert!(matches!(
        s.network(&coordinator, id, "x", NOW).await,
        Err(StoreError::Forbidden(_))
    ));

    s.set_role_grant(Role::Coordinator, Action::ViewNetworks, true, &admin, NOW)
        .await
        .unwrap();
    // Granting twice changes nothing and is not an error.
    s.set_role_grant(Role::Coordinator, Action::ViewNetworks, true, &admin, NOW)
        .await
        .unwrap();
    assert_eq!(
        s.granted_to(Role::Coordinator).await.unwrap(),
        vec![Action::ViewNetworks]
    );
    let grants = s.role_grants().await.unwrap();
    assert_eq!(grants.len(), 1);
    assert_eq!(
        (grants[0].role, grants[0].granted_by.as_str()),
        (Role::Coordinator, "root")
    );
    s.network(&coordinator, id, "x", NOW).await.unwrap();
    // Other roles are still refused.
    assert!(matches!(
        s.network(&viewer("carla", Role::Caseworker), id, "x", NOW).await,
        Err(StoreError::Forbidden(_))
    ));

    // What the policy does not allow to grant is refused.
    for (role, action) in [
        (Role::Partner, Action::ViewNetworks),
        (Role::Analyst, Action::ViewNetworks),
        (Role::Caseworker, Action::ManageUsers),
    ] {
        assert!(
            matches!(
                s.set_role_grant(role, action, true, &admin, NOW).await,
                Err(StoreError::Refused(_))
            ),
            "{role} {action:?}"
        );
    }

    s.set_role_grant(Role::Coordinator, Action::ViewNetworks, false, &admin, NOW)
        .await
        .unwrap();
    assert!(s.granted_to(Role::Coordinator).await.unwrap().is_empty());
    assert!(matches!(
        s.network(&coordinator, id, "x", NOW).await,
        Err(StoreError::Forbidden(_))
    ));
    let audit = s.audit_recent(100).await.unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "grant.add").count(), 1);
    assert_eq!(actions.iter().filter(|a| **a == "grant.remove").count(), 1);
}
