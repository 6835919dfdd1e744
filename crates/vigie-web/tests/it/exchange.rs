//! Cooperation in the web application: the coordinator makes the city's keys, adds a partner, sends it the
//! statistics (a package only the partner can open), and checks and imports the partner's package; bad packages
//! are refused with their reason; other roles are refused.

use reqwest::multipart::Form;
use time::macros::datetime;
use vigie_exchange::{Identity, Kind, Manifest, Opening, PublicIdentity, Sealing, open, seal};

use crate::helpers::*;
use vigie_store::ExchangeStore as _;

fn form(token: String) -> Form {
    Form::new().text("csrf", token)
}

fn brasov() -> Identity {
    Identity::from_bytes(&[42; 64])
}

/// A statistics package from Brașov to Vallombre.
fn from_brasov(to: &PublicIdentity, package: &str) -> Vec<u8> {
    let m = Manifest {
        package: package.into(),
        sender: "brasov".into(),
        recipient: "vallombre".into(),
        kind: Kind::Statistics,
        purpose: "yearly comparison".into(),
        legal_basis: "cooperation agreement 2026, art. 4".into(),
        period: None,
        schema: Kind::Statistics.schema().into(),
        records: 1,
        created: datetime!(2026-05-20 10:00 UTC),
        expires: datetime!(2026-07-01 10:00 UTC),
    };
    seal(&Sealing {
        manifest: &m,
        payload: br#"{"tables":[{"metadata":{"id":"victims-by-sex"}}]}"#,
        from: &brasov(),
        to,
        ephemeral: [3; 32],
        nonce: [4; 24],
    })
    .unwrap()
}

#[tokio::test]
async fn the_coordinator_exchanges_packages_with_a_partner_city() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.login_ok("coordinator").await;
    let page = c.get("/exchange").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("no exchange keys yet"));

    let token = c.csrf("/exchange").await;
    let res = c
        .post_multipart("/exchange/keys", form(token).text("city_id", "vallombre"))
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    let page = c.get("/exchange").await;
    let key_line = page
        .body
        .split("<code>")
        .nth(1)
        .unwrap()
        .split("</code>")
        .next()
        .unwrap()
        .to_owned();
    let vallombre = PublicIdentity::from_text(&key_line).unwrap();

    // A partner with a bad key is refused; with its key, saved.
    let token = c.csrf("/exchange").await;
    let res = c
        .post_multipart(
            "/exchange/partners",
            form(token)
                .text("id", "brasov")
                .text("name", "Brașov")
                .text("country", "ro")
                .text("public_key", "not a key"),
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(
        res.body.contains("vigie-public-1:"),
        "the message says what a key looks like"
    );
    let token = c.csrf("/exchange").await;
    let res = c
        .post_multipart(
            "/exchange/partners",
            form(token)
                .text("id", "brasov")
                .text("name", "Brașov")
                .text("country", "ro")
                .text("languages", "ro, fr")
                .text("agreement", "cooperation agreement 2026")
                .text("public_key", brasov().public().to_text()),
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    assert!(
        c.get("/exchange")
            .await
            .body
            .contains(&brasov().public().fingerprint())
    );

    // The statistics, as a package only Brașov can open.
    let token = c.csrf("/exchange").await;
    let res = c
        .post_multipart(
            "/exchange/export",
            form(token)
                .text("partner", "brasov")
                .text("what", "statistics")
                .text("purpose", "yearly comparison")
                .text("legal_basis", "cooperation agreement 2026, art. 4")
                .text("valid_days", "30"),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.header("content-disposition").contains(".vigie"));
    let vallombre_key = vallombre;
    let partner = move |id: &str| (id == "vallombre").then_some(vallombre_key);
    let opened = open(
        res.body.as_bytes(),
        &Opening {
            me: &brasov(),
            my_id: "brasov",
            partner: &partner,
            seen: &|_: &str| false,
            now: datetime!(2026-06-01 10:00 UTC),
        },
    )
    .unwrap();
    assert_eq!(opened.manifest.kind, Kind::Statistics);
    let payload = String::from_utf8(opened.payload).unwrap();
    assert!(payload.contains("victims-by-sex") && payload.contains("\"threshold\":5"));

    // Brașov's package: checked (not imported), imported, refused the second time.
    let pkg = from_brasov(&vallombre, "0123456789abcdef0123456789abcdef");
    let send = |step: &str, bytes: Vec<u8>, token: String| {
        form(token).text("step", step.to_owned()).part(
            "package",
            reqwest::multipart::Part::bytes(bytes).file_name("p.vigie"),
        )
    };
    let token = c.csrf("/exchange").await;
    let res = c
        .post_multipart("/exchange/import", send("check", pkg.clone(), token))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains("It was not imported") && res.body.contains("yearly comparison"));
    assert!(
        !app.store
            .package_seen("0123456789abcdef0123456789abcdef")
            .await
            .unwrap()
    );
    let token = c.csrf("/exchange").await;
    let res = c
        .post_multipart("/exchange/import", send("import", pkg.clone(), token))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains("The package is imported"));
    let token = c.csrf("/exchange").await;
    let res = c
        .post_multipart("/exchange/import", send("import", pkg.clone(), token))
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("already imported"), "{}", res.body);

    // One byte changed: refused.
    let mut bad = from_brasov(&vallombre, "ffffffffffffffffffffffffffffffff");
    let at = bad.len() - 10;
    bad[at] = if bad[at] == b'A' { b'B' } else { b'A' };
    let token = c.csrf("/exchange").await;
    let res = c
        .post_multipart("/exchange/import", send("import", bad, token))
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("The package is refused"), "{}", res.body);
    assert!(
        !app.store
            .package_seen("ffffffffffffffffffffffffffffffff")
            .await
            .unwrap()
    );

    let page = c.get("/exchange").await;
    let packages = page.body.split("id=\"packages\"").nth(1).unwrap();
    assert_eq!(
        packages.matches("<tr>").count(),
        1 + 2,
        "header, one sent, one received"
    );

    for role in ["caseworker", "analyst", "partner", "admin"] {
        let mut other = app.client();
        other.login_ok(role).await;
        assert_eq!(other.get("/exchange").await.status, 403, "{role}");
    }
}
