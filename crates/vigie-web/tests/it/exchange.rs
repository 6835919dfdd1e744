//! Cooperation in the web application: the coordinator makes the city's keys, adds a partner, sends it the
//! statistics (a package only the partner can open), and checks and imports the partner's package; bad packages
//! are refused with their reason; other roles are refused.

use reqwest::multipart::Form;
use time::macros::datetime;
use vigie_exchange::{Identity, Kind, Manifest, Opening, PublicIdentity, Sealing, open, seal};

use crate::helpers::*;
use vigie_store::ExchangeStore as _;
use vigie_store::Store as _;

fn form(token: String) -> Form {
    Form::new().text("csrf", token)
}

fn brasov() -> Identity {
    Identity::from_bytes(&[42; 64])
}

/// A statistics package from Brașov to Vallombre.
fn from_brasov(to: &PublicIdentity, package: &str) -> Vec<u8> {
    from_brasov_expiring(to, package, datetime!(2026-07-01 10:00 UTC))
}

fn from_brasov_expiring(to: &PublicIdentity, package: &str, expires: time::OffsetDateTime) -> Vec<u8> {
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
        expires,
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
    let shown = c.get("/exchange/received/0123456789abcdef0123456789abcdef").await;
    assert_eq!(shown.status, 200, "{}", shown.body);
    assert!(shown.body.contains("yearly comparison") && shown.body.contains("brasov"));
    assert!(
        app.store
            .audit_recent(20)
            .await
            .unwrap()
            .iter()
            .any(|e| e.action == "exchange.read")
    );
    assert_eq!(c.get("/exchange/received/nothing").await.status, 404);
    let token = c.csrf("/exchange").await;
    let res = c
        .post_multipart("/exchange/import", send("import", pkg.clone(), token))
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("already imported"), "{}", res.body);

    // Expired (the app's clock is 2026-06-01): refused, not imported.
    let old = from_brasov_expiring(
        &vallombre,
        "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee",
        datetime!(2026-05-31 10:00 UTC),
    );
    let token = c.csrf("/exchange").await;
    let res = c
        .post_multipart("/exchange/import", send("import", old, token))
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("expired on 2026-05-31"), "{}", res.body);
    assert!(
        !app.store
            .package_seen("eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee")
            .await
            .unwrap()
    );

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

async fn send_referral(c: &mut Client, token: String, id: i64) -> Response {
    let f = form(token)
        .text("partner", "brasov")
        .text("what", "referral")
        .text("referral", id.to_string())
        .text("purpose", "safe return")
        .text(
            "legal_basis",
            "the person's consent; cooperation agreement 2026, art. 6",
        )
        .text("valid_days", "14");
    c.post_multipart("/exchange/export", f).await
}

fn viewer(name: &str, role: vigie_domain::Role, agency: Option<&str>) -> vigie_store::Viewer {
    vigie_store::Viewer::new(
        vigie_domain::User {
            username: vigie_domain::Username::parse(name).unwrap(),
            role,
            agency: agency.map(|a| vigie_domain::AgencyCode::parse(a).unwrap()),
            active: true,
        },
        "test",
    )
}

/// A referral for safe return travels to the partner city with the person's consent, carrying only what the
/// partner's service needs; without consent in force, or to a local service, it does not leave.
#[tokio::test]
async fn a_referral_with_consent_travels_to_the_partner_city() {
    use vigie_domain::Role;
    use vigie_store::{CaseStore as _, ImportKind, NewService};
    let app = spawn_app().await;
    let at = time::macros::datetime!(2026-06-01 09:00 UTC);
    let actor = vigie_store::Actor::new("test", "test");
    vigie_store::import_file(
        app.store.as_ref(),
        ImportKind::Agencies,
        "partners.csv",
        "code,name,kind\nbrasov,Direcția de asistență socială Brașov,partner_city\n".as_bytes(),
        &actor,
        at,
    )
    .await
    .unwrap();
    let coordinator = viewer("coordinator", Role::Coordinator, None);
    let caseworker = viewer("caseworker", Role::Caseworker, Some("ngo"));
    let service = app
        .store
        .save_service(
            &coordinator,
            &NewService {
                code: "brasov-return".into(),
                kind: vigie_domain::ServiceKind::ReturnReintegration,
                name: "Reintegration programme, Brașov".into(),
                provider: vigie_domain::AgencyCode::parse("brasov").unwrap(),
                languages: vec!["ro".into(), "fr".into()],
                capacity: None,
                free: None,
                hours: "Mon–Fri 9–17".into(),
                contact: "+40 268 000 000".into(),
                response_days: 10,
                public: false,
            },
            at,
        )
        .await
        .unwrap();
    let case = app.store.cases(&caseworker, at).await.unwrap()[0].id;
    let consent = app
        .store
        .record_consent(
            &caseworker,
            case,
            &vigie_domain::AgencyCode::parse("brasov").unwrap(),
            "safe return and reintegration in Brașov",
            at.date(),
            at,
        )
        .await
        .unwrap();
    let referral = app
        .store
        .refer(
            &caseworker,
            case,
            service,
            consent,
            Some("She wishes to go home in June."),
            at,
        )
        .await
        .unwrap();

    let mut c = app.client();
    c.login_ok("coordinator").await;
    let token = c.csrf("/exchange").await;
    c.post_multipart("/exchange/keys", form(token).text("city_id", "vallombre"))
        .await;
    let token = c.csrf("/exchange").await;
    c.post_multipart(
        "/exchange/partners",
        form(token)
            .text("id", "brasov")
            .text("name", "Brașov")
            .text("country", "RO")
            .text("public_key", brasov().public().to_text()),
    )
    .await;
    let token = c.csrf("/exchange").await;
    let res = send_referral(&mut c, token, referral).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let (_, _, public) = vigie_web::exchange::my_identity(app.store.as_ref())
        .await
        .unwrap();
    let partner = move |id: &str| (id == "vallombre").then_some(public);
    let opened = open(
        res.body.as_bytes(),
        &Opening {
            me: &brasov(),
            my_id: "brasov",
            partner: &partner,
            seen: &|_: &str| false,
            now: at,
        },
    )
    .unwrap();
    assert_eq!(opened.manifest.kind, Kind::Referral);
    let v: serde_json::Value = serde_json::from_slice(&opened.payload).unwrap();
    assert_eq!(v["service"]["kind"], "return_reintegration");
    assert_eq!(v["message"], "She wishes to go home in June.");
    let needs: Vec<String> = app
        .store
        .referrals(&coordinator)
        .await
        .unwrap()
        .iter()
        .find(|r| r.id == referral)
        .unwrap()
        .needs
        .iter()
        .map(|f| f.code().to_owned())
        .collect();
    let sent: Vec<String> = v["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(sent, needs, "only what the service needs");
    assert!(!res.body.contains("reintegration"), "nothing in the clear");
    let audit = app.store.audit_recent(50).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "referral.export"));

    // A referral to a local service does not go to Brașov; nor one whose consent was withdrawn.
    let local = app
        .store
        .referrals(&coordinator)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.provider.as_str() != "brasov")
        .unwrap();
    let token = c.csrf("/exchange").await;
    let res = send_referral(&mut c, token, local.id).await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("not to the partner brasov"), "{}", res.body);
    app.store.revoke_consent(&caseworker, consent, at).await.unwrap();
    let token = c.csrf("/exchange").await;
    let res = send_referral(&mut c, token, referral).await;
    assert_eq!(res.status, 422);
    assert!(
        res.body.contains("consent to share with brasov is not in force"),
        "{}",
        res.body
    );
}
