//! Machine tokens: made with scopes the role may carry, found by the hash of their secret, listed, revoked once,
//! never deleted; creation, revocation and every use audited.

use time::OffsetDateTime;
use time::macros::datetime;
use vigie_domain::{Role, Scope};
use vigie_store::{Actor, NewToken, Store, StoreError, TokenState};

const NOW: OffsetDateTime = datetime!(2026-03-02 10:00:00 UTC);
const LATER: OffsetDateTime = datetime!(2026-03-05 10:00:00 UTC);

fn hash(c: char) -> String {
    std::iter::repeat_n(c, 64).collect()
}

fn new_token(name: &str, role: Role, scopes: &[Scope], h: &str) -> NewToken {
    NewToken {
        name: name.into(),
        role,
        scopes: scopes.to_vec(),
        secret_hash: h.into(),
        expires_at: datetime!(2026-04-01 00:00:00 UTC),
    }
}

pub async fn tokens_are_made_found_listed_revoked_and_audited(s: &dyn Store) {
    let admin = Actor::new("admin", "cli");
    let before = s.data_version().await.unwrap();
    let t = s
        .create_token(
            &new_token(
                "  observatory  ",
                Role::Analyst,
                &[Scope::ReadIncidents, Scope::ReadAreas, Scope::ReadAreas],
                &hash('a'),
            ),
            &admin,
            NOW,
        )
        .await
        .unwrap();
    assert_eq!(t.name, "observatory");
    assert_eq!(t.role, Role::Analyst);
    assert_eq!(t.scopes, vec![Scope::ReadAreas, Scope::ReadIncidents]);
    assert_eq!((t.created_by.as_str(), t.created_at), ("admin", NOW));
    assert_eq!(t.state(NOW), TokenState::Active);
    assert_eq!(t.state(datetime!(2026-04-01 00:00:00 UTC)), TokenState::Expired);
    assert!(t.revoked_at.is_none() && t.last_used_at.is_none());

    // Found by its hash only.
    assert_eq!(s.token_by_hash(&hash('a')).await.unwrap(), Some(t.clone()));
    assert_eq!(s.token_by_hash(&hash('A')).await.unwrap(), Some(t.clone()));
    assert_eq!(s.token_by_hash(&hash('b')).await.unwrap(), None);

    // Refusals store nothing.
    for bad in [
        new_token("", Role::Analyst, &[Scope::ReadAreas], &hash('c')),
        new_token(&"x".repeat(101), Role::Analyst, &[Scope::ReadAreas], &hash('c')),
        new_token("x\ny", Role::Analyst, &[Scope::ReadAreas], &hash('c')),
        new_token("x", Role::Analyst, &[], &hash('c')),
        // The analyst sees no case; a partner no incident; the administrator no diagnosis.
        new_token("x", Role::Analyst, &[Scope::ReadCases], &hash('c')),
        new_token("x", Role::Partner, &[Scope::ReadIncidents], &hash('c')),
        new_token("x", Role::Admin, &[Scope::ReadDiagnosis], &hash('c')),
        new_token("x", Role::Analyst, &[Scope::ReadAreas], "not a hash"),
        NewToken {
            expires_at: NOW,
            ..new_token("x", Role::Analyst, &[Scope::ReadAreas], &hash('c'))
        },
    ] {
        assert!(
            matches!(
                s.create_token(&bad, &admin, NOW).await,
                Err(StoreError::Refused(_))
            ),
            "{bad:?}"
        );
    }
    // The same secret twice is refused by the database.
    assert!(
        s.create_token(
            &new_token("again", Role::Analyst, &[Scope::ReadAreas], &hash('a')),
            &admin,
            NOW
        )
        .await
        .is_err()
    );
    let second = s
        .create_token(
            &new_token("hub", Role::Coordinator, &[Scope::ReadCases], &hash('d')),
            &admin,
            NOW,
        )
        .await
        .unwrap();
    let list = s.tokens().await.unwrap();
    assert_eq!(
        list.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![second.id, t.id],
        "newest first"
    );

    // A use is recorded and audited.
    s.record_token_use(t.id, "/api/v1/areas", "ok", "192.0.2.7", LATER)
        .await
        .unwrap();
    let used = s.token_by_hash(&hash('a')).await.unwrap().unwrap();
    assert_eq!(used.last_used_at, Some(LATER));
    assert!(matches!(
        s.record_token_use(9999, "/api/v1/areas", "ok", "192.0.2.7", LATER)
            .await,
        Err(StoreError::NotFound(_))
    ));

    // Revoked once.
    let revoked = s.revoke_token(t.id, &admin, LATER).await.unwrap();
    assert_eq!(revoked.revoked_at, Some(LATER));
    assert_eq!(revoked.revoked_by.as_deref(), Some("admin"));
    assert_eq!(revoked.state(NOW), TokenState::Revoked);
    assert!(matches!(
        s.revoke_token(t.id, &admin, LATER).await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        s.revoke_token(9999, &admin, LATER).await,
        Err(StoreError::NotFound(_))
    ));

    // The audit log: two creations, one use, one revocation; never a secret or its hash.
    let entries = s.audit_recent(50).await.unwrap();
    let new: Vec<_> = entries.iter().filter(|e| e.seq > before).collect();
    let actions: Vec<&str> = new.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["token.create", "token.create", "api.token", "token.revoke"]
    );
    let used = new.iter().find(|e| e.action == "api.token").unwrap();
    assert_eq!(used.actor, format!("token-{}", t.id));
    assert_eq!(used.addr, "192.0.2.7");
    let detail: serde_json::Value = serde_json::from_str(&used.detail).unwrap();
    assert_eq!(detail["token"], t.id);
    assert_eq!(detail["path"], "/api/v1/areas");
    for e in &new {
        assert!(!e.detail.contains(&hash('a')) && !e.detail.contains(&hash('d')));
    }
    assert!(s.audit_verify().await.unwrap().ok());
}
