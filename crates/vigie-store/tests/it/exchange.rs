//! Cooperation: this city's exchange identity, its partners and the packages it exported and imported. Secrets
//! and imported payloads are sealed; a package is imported once; everything is audited.

use time::OffsetDateTime;
use time::macros::datetime;
use vigie_store::{Actor, ExchangeIdentity, PackageRecord, Partner, Store, StoreError};

const NOW: OffsetDateTime = datetime!(2026-11-29 10:00:00 UTC);

fn partner(id: &str) -> Partner {
    Partner {
        id: id.into(),
        name: "Brașov".into(),
        country: "RO".into(),
        languages: vec!["ro".into(), "fr".into()],
        contacts: "cooperation@brasov.example".into(),
        agreement: "agreement of 2026-03-01; statistics and encodings only".into(),
        public_key: "vigie-public-1:AAAA".into(),
        has_linkage_secret: false,
        added_by: String::new(),
        added_at: String::new(),
    }
}

fn record(package: &str, direction: &str) -> PackageRecord {
    PackageRecord {
        package: package.into(),
        direction: direction.into(),
        partner: "brasov".into(),
        kind: "statistics".into(),
        manifest: r#"{"purpose":"test"}"#.into(),
        actor: String::new(),
        at: String::new(),
    }
}

pub async fn partners_keys_and_packages_are_kept_sealed_and_audited(s: &dyn Store) {
    let actor = Actor::new("cli:test", "cli");
    assert!(s.exchange_identity().await.unwrap().is_none());
    let id = ExchangeIdentity {
        city_id: "vallombre".into(),
        public_key: "vigie-public-1:BBBB".into(),
        secret: zeroize::Zeroizing::new("vigie-identity-1:SECRET".into()),
    };
    s.set_exchange_identity(&id, false, &actor, NOW).await.unwrap();
    let back = s.exchange_identity().await.unwrap().unwrap();
    assert_eq!(
        (back.city_id.as_str(), back.secret.as_str()),
        ("vallombre", "vigie-identity-1:SECRET")
    );
    assert!(matches!(
        s.set_exchange_identity(&id, false, &actor, NOW).await,
        Err(StoreError::Conflict(_))
    ));
    let bad = ExchangeIdentity {
        city_id: "Vallombre City".into(),
        ..id
    };
    assert!(matches!(
        s.set_exchange_identity(&bad, true, &actor, NOW).await,
        Err(StoreError::Refused(_))
    ));

    s.save_partner(&partner("brasov"), Some(b"shared linkage secret"), &actor, NOW)
        .await
        .unwrap();
    let mut wrong = partner("x");
    wrong.country = "Romania".into();
    assert!(matches!(
        s.save_partner(&wrong, None, &actor, NOW).await,
        Err(StoreError::Refused(_))
    ));
    let list = s.partners().await.unwrap();
    assert_eq!(list.len(), 1);
    assert!(list[0].has_linkage_secret);
    assert_eq!(list[0].languages, ["ro", "fr"]);
    let secret = s
        .partner_linkage_secret("brasov", "encode the police list", &actor, NOW)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(secret.as_slice(), b"shared linkage secret");

    s.record_export(&record("out-1", "out"), &actor, NOW)
        .await
        .unwrap();
    assert!(!s.package_seen("in-1").await.unwrap());
    s.import_package(&record("in-1", "in"), b"{\"tables\":[]}", &actor, NOW)
        .await
        .unwrap();
    assert!(s.package_seen("in-1").await.unwrap());
    let again = s
        .import_package(&record("in-1", "in"), b"other", &actor, NOW)
        .await;
    assert!(
        matches!(again, Err(StoreError::Conflict(ref m)) if m.contains("already imported")),
        "{again:?}"
    );
    let payloads = s
        .imported_payloads("statistics", "show the partners' figures", &actor, NOW)
        .await
        .unwrap();
    assert_eq!(payloads.len(), 1);
    assert_eq!(payloads[0].1.as_slice(), b"{\"tables\":[]}");
    assert_eq!(s.packages().await.unwrap().len(), 2);

    let audit = s.audit_recent(100).await.unwrap();
    for action in [
        "exchange.identity",
        "partner.add",
        "partner.secret",
        "exchange.export",
        "exchange.import",
        "exchange.read",
    ] {
        assert!(audit.iter().any(|e| e.action == action), "{action} audited");
    }
}
