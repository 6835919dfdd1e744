//! Packages end to end: made by one city, opened by another; every way a package can be wrong is refused with its
//! reason; no single changed byte gets through.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use time::OffsetDateTime;
use time::macros::datetime;
use vigie_exchange::{Error, Identity, Kind, Manifest, Opening, PublicIdentity, Sealing, open, seal};

const NOW: OffsetDateTime = datetime!(2026-11-29 12:00 UTC);

fn city(seed: u8) -> Identity {
    let mut b = [0u8; 64];
    for (i, x) in b.iter_mut().enumerate() {
        *x = seed.wrapping_mul(31).wrapping_add(i as u8);
    }
    Identity::from_bytes(&b)
}

fn manifest(package: &str) -> Manifest {
    Manifest {
        package: package.into(),
        sender: "vallombre".into(),
        recipient: "brasov".into(),
        kind: Kind::Statistics,
        purpose: "yearly comparison".into(),
        legal_basis: "cooperation agreement of 2026-03-01, art. 4".into(),
        period: Some(vigie_exchange::Period {
            from: "2025".into(),
            to: "2025".into(),
        }),
        schema: Kind::Statistics.schema().into(),
        records: 3,
        created: NOW,
        expires: datetime!(2026-12-29 12:00 UTC),
    }
}

fn package(m: &Manifest, payload: &[u8], from: &Identity, to: &PublicIdentity) -> Vec<u8> {
    seal(&Sealing {
        manifest: m,
        payload,
        from,
        to,
        ephemeral: [7; 32],
        nonce: [9; 24],
    })
    .unwrap()
}

fn open_as(
    bytes: &[u8],
    me: &Identity,
    my_id: &str,
    sender: &PublicIdentity,
    now: OffsetDateTime,
    seen: &[&str],
) -> Result<vigie_exchange::Opened, Error> {
    let sender = *sender;
    let partner = move |id: &str| (id == "vallombre").then_some(sender);
    let seen_ids: Vec<String> = seen.iter().map(|s| (*s).to_owned()).collect();
    let seen = move |p: &str| seen_ids.iter().any(|s| s == p);
    open(
        bytes,
        &Opening {
            me,
            my_id,
            partner: &partner,
            seen: &seen,
            now,
        },
    )
}

#[test]
fn a_package_opens_for_its_recipient_and_for_no_one_else() {
    let (a, b, c) = (city(1), city(2), city(3));
    let m = manifest("00112233445566778899aabbccddeeff");
    let payload = br#"{"tables":[]}"#;
    let p = package(&m, payload, &a, &b.public());
    let text = String::from_utf8(p.clone()).unwrap();
    assert!(text.starts_with("VIGIE-EXCHANGE 1\n"));
    assert!(
        !text.contains("yearly comparison"),
        "the manifest travels encrypted"
    );
    let opened = open_as(&p, &b, "brasov", &a.public(), NOW, &[]).unwrap();
    assert_eq!(opened.manifest, m);
    assert_eq!(opened.payload, payload);

    // Another city cannot read it, even under the recipient's name.
    assert_eq!(
        open_as(&p, &c, "brasov", &a.public(), NOW, &[]),
        Err(Error::CannotDecrypt)
    );
    // Addressed to another city.
    let e = open_as(&p, &c, "chisinau", &a.public(), NOW, &[]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "this package is addressed to 'brasov', not to this city ('chisinau')"
    );
    // Signed by someone else than the partner on record.
    let forged = package(&m, payload, &c, &b.public());
    let e = open_as(&forged, &b, "brasov", &a.public(), NOW, &[]).unwrap_err();
    assert_eq!(e, Error::BadSignature("vallombre".into()));
    // An unknown sender.
    let mut other = m.clone();
    other.sender = "nowhere".into();
    let p2 = package(&other, payload, &a, &b.public());
    assert_eq!(
        open_as(&p2, &b, "brasov", &a.public(), NOW, &[]),
        Err(Error::UnknownSender("nowhere".into()))
    );
    // Expired, then replayed.
    let e = open_as(&p, &b, "brasov", &a.public(), datetime!(2027-01-01 0:00 UTC), &[]).unwrap_err();
    assert_eq!(e.to_string(), "the package expired on 2026-12-29T12:00:00Z");
    let e = open_as(
        &p,
        &b,
        "brasov",
        &a.public(),
        NOW,
        &["00112233445566778899aabbccddeeff"],
    )
    .unwrap_err();
    assert!(e.to_string().contains("already imported"), "{e}");
    // Not a package at all.
    assert_eq!(
        open_as(b"name,age\nx,1\n", &b, "brasov", &a.public(), NOW, &[]),
        Err(Error::NotAPackage)
    );
}

#[test]
fn the_header_cannot_be_changed_and_the_manifest_must_agree_with_it() {
    let (a, b) = (city(1), city(2));
    let m = manifest("aa");
    let p = String::from_utf8(package(&m, b"x", &a, &b.public())).unwrap();
    // A later expiry written in the clear header: the signature (and the encryption's associated data) fail.
    let changed = p.replace("2026-12-29T12:00:00Z", "2030-12-29T12:00:00Z");
    assert_ne!(changed, p);
    assert_eq!(
        open_as(changed.as_bytes(), &b, "brasov", &a.public(), NOW, &[]),
        Err(Error::BadSignature("vallombre".into()))
    );
    // A wrong schema or a manifest made to expire before it is made is refused when sealing.
    let mut bad = m.clone();
    bad.schema = "vigie-statistics/9".into();
    assert!(matches!(
        seal(&Sealing {
            manifest: &bad,
            payload: b"",
            from: &a,
            to: &b.public(),
            ephemeral: [1; 32],
            nonce: [2; 24]
        }),
        Err(Error::Seal(_))
    ));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, rng_seed: proptest::test_runner::RngSeed::Fixed(20261129), .. ProptestConfig::default() })]

    /// Whatever single byte is changed, and however, the package is refused.
    #[test]
    fn no_changed_byte_gets_through(at in any::<prop::sample::Index>(), delta in 1u8..=255) {
        let (a, b) = (city(1), city(2));
        let m = manifest("bb");
        let mut p = package(&m, b"{\"rows\":[1,2,3]}", &a, &b.public());
        let i = at.index(p.len());
        p[i] = p[i].wrapping_add(delta);
        prop_assert!(open_as(&p, &b, "brasov", &a.public(), NOW, &[]).is_err());
    }

    /// Any payload comes back as it was sent.
    #[test]
    fn payloads_round_trip(payload in prop::collection::vec(any::<u8>(), 0..2000), eph in any::<[u8; 32]>()) {
        let (a, b) = (city(1), city(2));
        let m = manifest("cc");
        let p = seal(&Sealing { manifest: &m, payload: &payload, from: &a, to: &b.public(), ephemeral: eph, nonce: [3; 24] }).unwrap();
        prop_assert_eq!(open_as(&p, &b, "brasov", &a.public(), NOW, &[]).unwrap().payload, payload);
    }
}
