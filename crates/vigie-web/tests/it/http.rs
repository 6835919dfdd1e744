//! The application over HTTP: access control, sessions, CSRF, throttling, headers, imports, languages.

use std::time::Duration;

use vigie_store::Store;

use crate::helpers::{PASSWORD, csrf_of, spawn_app};

const PRIVATE_PAGES: &[&str] = &[
    "/",
    "/areas",
    "/areas/N01",
    "/indicators",
    "/indicators/poverty_rate",
    "/incidents",
    "/import",
    "/admin/users",
    "/admin/audit",
];

#[tokio::test]
async fn anonymous_visitors_are_sent_to_login() {
    let app = spawn_app().await;
    let mut c = app.client();
    for path in PRIVATE_PAGES {
        let res = c.get(path).await;
        assert_eq!(res.status, 303, "{path}");
        assert!(
            res.location().starts_with("/login?next="),
            "{path} -> {}",
            res.location()
        );
    }
    assert_eq!(c.get("/api/v1/summary").await.status, 401);
    assert_eq!(c.get("/login").await.status, 200);
}

#[tokio::test]
async fn health_answers_when_the_store_is_reachable() {
    let app = spawn_app().await;
    let res = app.client().get("/healthz").await;
    assert_eq!((res.status, res.body.as_str()), (200, "ok\n"));
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    let mut c = app.client();
    for path in ["/login", "/healthz", "/nowhere", "/", "/static/app.css"] {
        let res = c.get(path).await;
        let csp = res.header("content-security-policy");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(
            csp.contains("default-src 'self'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert_eq!(res.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(res.header("referrer-policy"), "no-referrer", "{path}");
    }
}

#[tokio::test]
async fn session_cookie_is_secure_httponly_strict_and_changes_at_sign_in() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.get("/login").await;
    let before = c
        .cookies
        .get("vigie_session")
        .cloned()
        .expect("anonymous session cookie");
    let cookie = c.set_cookies.last().unwrap().clone();
    for flag in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(flag), "{cookie} lacks {flag}");
    }
    c.login_ok("coordinator").await;
    let after = c.cookies.get("vigie_session").cloned().unwrap();
    assert_ne!(before, after, "the session token must change at sign-in");
    assert_eq!(c.get("/").await.status, 200);
    // The old token is worth nothing.
    let mut old = app.client();
    old.cookies.insert("vigie_session".into(), before);
    assert_eq!(old.get("/").await.status, 303);
}

#[tokio::test]
async fn wrong_passwords_are_refused_and_the_sixth_attempt_gets_429() {
    let app = spawn_app().await;
    let mut c = app.client();
    for i in 1..=5 {
        let res = c.login("analyst", "not-the-password").await;
        assert_eq!(res.status, 401, "attempt {i}");
        assert!(res.body.contains("Wrong user name or password"));
    }
    let res = c.login("analyst", "not-the-password").await;
    assert_eq!(res.status, 429);
    assert!(!res.header("retry-after").is_empty());
    // Even the right password waits now.
    assert_eq!(c.login("analyst", PASSWORD).await.status, 429);
    // Another user from the same address is throttled too (5 failures from this address).
    assert_eq!(c.login("coordinator", PASSWORD).await.status, 429);
    // After the window, the right password works again.
    app.clock.advance(Duration::from_secs(16 * 60));
    assert_eq!(c.login("analyst", PASSWORD).await.status, 303);
    let audit = app.store.audit_recent(50).await.unwrap();
    assert_eq!(audit.iter().filter(|e| e.action == "login.failed").count(), 5);
    assert!(audit.iter().any(|e| e.action == "login.throttled"));
    assert!(
        audit
            .iter()
            .any(|e| e.action == "login.ok" && e.actor == "analyst")
    );
}

#[tokio::test]
async fn unknown_users_fail_like_wrong_passwords() {
    let app = spawn_app().await;
    let res = app.client().login("nobody", PASSWORD).await;
    assert_eq!(res.status, 401);
}

#[tokio::test]
async fn forms_without_a_valid_csrf_token_are_refused_with_403() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.get("/login").await;
    let res = c
        .post("/login", &[("username", "admin"), ("password", PASSWORD)])
        .await;
    assert_eq!(res.status, 403);
    let res = c
        .post(
            "/login",
            &[("username", "admin"), ("password", PASSWORD), ("csrf", "forged")],
        )
        .await;
    assert_eq!(res.status, 403);

    c.login_ok("admin").await;
    let users_before = app.store.users().await.unwrap().len();
    let form = [
        ("username", "mallory"),
        ("role", "admin"),
        ("password", "a-long-enough-password"),
    ];
    let res = c.post("/admin/users", &form).await;
    assert_eq!(res.status, 403);
    let mut with_bad = form.to_vec();
    with_bad.push(("csrf", "0000"));
    assert_eq!(c.post("/admin/users", &with_bad).await.status, 403);
    assert_eq!(
        app.store.users().await.unwrap().len(),
        users_before,
        "no user may be created"
    );
    assert_eq!(c.post("/logout", &[]).await.status, 403);
    // A token from another session does not work either.
    let mut other = app.client();
    other.login_ok("coordinator").await;
    let foreign = other.csrf("/import").await;
    let mut with_foreign = form.to_vec();
    with_foreign.push(("csrf", &foreign));
    assert_eq!(c.post("/admin/users", &with_foreign).await.status, 403);
}

#[tokio::test]
async fn roles_see_only_what_the_policy_allows() {
    let app = spawn_app().await;
    let expect: &[(&str, &[(&str, u16)])] = &[
        (
            "admin",
            &[
                ("/admin/users", 200),
                ("/admin/audit", 200),
                ("/import", 403),
                ("/incidents", 403),
                ("/", 200),
                ("/cases", 403),
                ("/cases/1", 403),
                ("/referrals", 403),
            ],
        ),
        (
            "coordinator",
            &[
                ("/admin/users", 403),
                ("/admin/audit", 200),
                ("/import", 200),
                ("/incidents", 200),
                ("/areas/N01", 200),
                ("/cases", 200),
                ("/deadlines", 200),
                ("/referrals", 200),
                ("/services", 200),
                ("/cases/new", 403),
                ("/legal-notes", 403),
            ],
        ),
        (
            "analyst",
            &[
                ("/admin/users", 403),
                ("/admin/audit", 403),
                ("/import", 200),
                ("/incidents", 200),
                ("/cases", 403),
                ("/referrals", 403),
                ("/deadlines", 403),
                ("/services", 200),
                ("/api/v1/incidents", 200),
            ],
        ),
        (
            "caseworker",
            &[
                ("/admin/users", 403),
                ("/admin/audit", 403),
                ("/import", 403),
                ("/incidents", 403),
                ("/api/v1/incidents", 403),
                ("/", 200),
                ("/areas", 200),
                ("/cases", 200),
                ("/cases/new", 200),
                ("/deadlines", 200),
                ("/referrals", 200),
                ("/legal-notes", 403),
            ],
        ),
        (
            "partner",
            &[
                ("/admin/users", 403),
                ("/admin/audit", 403),
                ("/import", 403),
                ("/incidents", 403),
                ("/indicators", 200),
                ("/cases", 403),
                ("/cases/1", 403),
                ("/deadlines", 403),
                ("/referrals", 200),
                ("/legal-notes", 200),
                ("/services", 200),
            ],
        ),
        (
            "dpo",
            &[
                ("/admin/users", 403),
                ("/admin/audit", 200),
                ("/import", 403),
                ("/incidents", 403),
                ("/cases", 403),
                ("/cases/1", 403),
                ("/referrals", 403),
                ("/", 200),
            ],
        ),
    ];
    for (user, pages) in expect {
        let mut c = app.client();
        c.login_ok(user).await;
        for (path, status) in *pages {
            assert_eq!(c.get(path).await.status, *status, "{user} {path}");
        }
        if *user != "admin" {
            let csrf = c.csrf("/").await;
            let res = c
                .post(
                    "/admin/users",
                    &[
                        ("csrf", &csrf),
                        ("username", "eve"),
                        ("role", "admin"),
                        ("password", "a-long-enough-password"),
                    ],
                )
                .await;
            assert_eq!(res.status, 403, "{user} may not create users");
        }
    }
    assert!(
        app.store
            .users()
            .await
            .unwrap()
            .iter()
            .all(|u| u.username.as_str() != "eve")
    );
}

#[tokio::test]
async fn pages_and_api_show_the_same_things_to_a_role() {
    let app = spawn_app().await;
    let mut partner = app.client();
    partner.login_ok("partner").await;
    let summary: serde_json::Value =
        serde_json::from_str(&partner.get("/api/v1/summary").await.body).unwrap();
    assert!(
        summary.get("incidents").is_none(),
        "partner sees no incident figures in the API"
    );
    let dash = partner.get("/").await.body;
    assert!(!dash.contains("Incidents per year"), "nor on the dashboard");
    let mut coord = app.client();
    coord.login_ok("coordinator").await;
    let summary: serde_json::Value = serde_json::from_str(&coord.get("/api/v1/summary").await.body).unwrap();
    assert_eq!(summary["incidents"].as_u64(), Some(app.incident_count().await));
    let areas: serde_json::Value = serde_json::from_str(&coord.get("/api/v1/areas").await.body).unwrap();
    assert_eq!(areas["features"].as_array().unwrap().len(), app.areas);
}

#[tokio::test]
async fn idle_sessions_expire() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.login_ok("coordinator").await;
    app.clock.advance(Duration::from_secs(20 * 60));
    assert_eq!(c.get("/").await.status, 200, "still active after 20 minutes");
    app.clock.advance(Duration::from_secs(20 * 60));
    assert_eq!(c.get("/").await.status, 200, "activity renewed the session");
    app.clock.advance(Duration::from_secs(31 * 60));
    assert_eq!(c.get("/").await.status, 303, "expired after 31 idle minutes");
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.login_ok("analyst").await;
    let token = c.cookies.get("vigie_session").cloned().unwrap();
    let csrf = c.csrf("/").await;
    let res = c.post("/logout", &[("csrf", &csrf)]).await;
    assert_eq!((res.status, res.location().as_str()), (303, "/login"));
    let mut replay = app.client();
    replay.cookies.insert("vigie_session".into(), token);
    assert_eq!(replay.get("/").await.status, 303);
}

#[tokio::test]
async fn the_dashboard_draws_one_shape_per_area() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.login_ok("coordinator").await;
    let body = c.get("/").await.body;
    assert_eq!(body.matches("<path class=\"area\"").count(), app.areas);
    assert!(body.contains("role=\"img\""));
    // Choosing another indicator and period redraws the map.
    let body = c.get("/?indicator=median_income&period=2022").await.body;
    assert!(body.contains("<option value=\"median_income\" selected>"));
    assert!(body.contains("<option value=\"2022\" selected>"));
}

#[tokio::test]
async fn incidents_can_be_filtered() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.login_ok("analyst").await;
    let all: serde_json::Value = serde_json::from_str(&c.get("/api/v1/incidents").await.body).unwrap();
    let total = all["total"].as_u64().unwrap();
    assert_eq!(total, app.incident_count().await);
    let some: serde_json::Value = serde_json::from_str(
        &c.get("/api/v1/incidents?type=drug_selling_point&from=2023-01-01&to=2023-12-31&area=N20")
            .await
            .body,
    )
    .unwrap();
    let n = some["total"].as_u64().unwrap();
    assert!(n < total);
    for i in some["incidents"].as_array().unwrap() {
        assert_eq!(i["kind"], "drug_selling_point");
        assert_eq!(i["area"], "N20");
        assert!(i["date"].as_str().unwrap().starts_with("2023"));
    }
    let page = c
        .get("/incidents?type=drug_selling_point&from=2023-01-01&to=2023-12-31&area=N20")
        .await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains(&format!("<strong>{n}</strong>")),
        "page and API agree"
    );
    assert_eq!(c.get("/api/v1/incidents?from=yesterday").await.status, 400);
    assert!(
        c.get("/incidents?from=yesterday")
            .await
            .body
            .contains("could not be read")
    );
}

fn incidents_csv(rows: &[&str]) -> String {
    let mut s = String::from("id,type,date,longitude,latitude,area\n");
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

async fn upload(
    c: &mut crate::helpers::Client,
    kind: &str,
    name: &str,
    content: Vec<u8>,
) -> crate::helpers::Response {
    let csrf = c.csrf("/import").await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf)
        .text("kind", kind.to_owned())
        .part(
            "file",
            reqwest::multipart::Part::bytes(content).file_name(name.to_owned()),
        );
    c.post_multipart("/import", form).await
}

#[tokio::test]
async fn a_bad_upload_lists_every_error_and_changes_nothing() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.login_ok("coordinator").await;
    let before = app.store.summary().await.unwrap();
    let audit_before = app.store.audit_recent(1000).await.unwrap().len();
    let csv = incidents_csv(&[
        "T1,drug_seizure,2024-02-03,4.85,45.75,",
        "T2,bank_robbery,2024-02-03,4.85,45.75,",
        "T3,drug_seizure,2024-13-03,4.85,45.75,",
        "T4,drug_seizure,2024-02-03,400,45.75,",
        "T5,drug_seizure,2024-02-03,4.85,45.75,NOPE",
    ]);
    let res = upload(&mut c, "incidents", "bad.csv", csv.into_bytes()).await;
    assert_eq!(res.status, 422);
    for expected in [
        "bad.csv:3:type:",
        "bad.csv:4:date:",
        "bad.csv:5:longitude:",
        "bad.csv:6:area: area NOPE is not known",
    ] {
        // The domain finds the first three; the store (which knows the areas) the fourth, once the others are fixed.
        if expected.contains("NOPE") {
            continue;
        }
        assert!(res.body.contains(expected), "missing {expected} in {}", res.body);
    }
    assert_eq!(app.store.summary().await.unwrap(), before, "nothing may change");
    assert_eq!(app.store.audit_recent(1000).await.unwrap().len(), audit_before);

    // Rows that parse but conflict with the store are refused whole too.
    let csv = incidents_csv(&[
        "T1,drug_seizure,2024-02-03,4.85,45.75,",
        "T5,drug_seizure,2024-02-03,4.85,45.75,NOPE",
    ]);
    let res = upload(&mut c, "incidents", "bad2.csv", csv.into_bytes()).await;
    assert_eq!(res.status, 422);
    assert!(
        res.body.contains("bad2.csv:3:area: area NOPE is not known"),
        "{}",
        res.body
    );
    assert_eq!(app.store.summary().await.unwrap(), before);
}

#[tokio::test]
async fn a_good_upload_is_stored_once() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.login_ok("analyst").await;
    let before = app.incident_count().await;
    let csv = incidents_csv(&[
        "U1,slum_landlord,2025-05-01,4.85,45.75,",
        "U2,extortion,2025-05-02,4.86,45.76,N01",
    ]);
    let res = upload(&mut c, "incidents", "new.csv", csv.clone().into_bytes()).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains("id=\"import-result\""));
    assert_eq!(app.incident_count().await, before + 2);
    let res = upload(&mut c, "incidents", "new.csv", csv.into_bytes()).await;
    assert_eq!(res.status, 200);
    assert_eq!(app.incident_count().await, before + 2, "a re-import adds nothing");
    let imports = app.store.recent_imports(1).await.unwrap();
    assert_eq!(
        (
            imports[0].inserted,
            imports[0].unchanged,
            imports[0].actor.as_str()
        ),
        (0, 2, "analyst")
    );
}

#[tokio::test]
async fn an_oversized_upload_is_refused_cleanly() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.login_ok("coordinator").await;
    let before = app.incident_count().await;
    let big = "x".repeat(600 * 1024).into_bytes();
    let res = upload(&mut c, "incidents", "big.csv", big).await;
    assert_eq!(res.status, 413, "{}", res.body);
    assert!(res.body.contains("larger than the import limit"));
    assert_eq!(app.incident_count().await, before);
    // The server is still fine afterwards.
    assert_eq!(c.get("/healthz").await.status, 200);
}

#[tokio::test]
async fn the_language_follows_the_choice_then_the_browser() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.accept_language = Some("fr-FR,fr;q=0.9,en;q=0.5".into());
    let res = c.get("/login").await;
    assert!(res.body.contains("<html lang=\"fr\"") && res.body.contains("Se connecter"));
    let res = c.get("/lang?l=en&next=/login").await;
    assert_eq!((res.status, res.location().as_str()), (303, "/login"));
    let res = c.get("/login").await;
    assert!(res.body.contains("<html lang=\"en\"") && res.body.contains("Sign in"));
    // A foreign site cannot be the destination.
    assert_eq!(c.get("/lang?l=fr&next=//evil.example").await.location(), "/");
}

#[tokio::test]
async fn admin_manages_users_and_every_change_is_audited() {
    let app = spawn_app().await;
    let mut admin = app.client();
    admin.login_ok("admin").await;
    let csrf = admin.csrf("/admin/users").await;
    let res = admin
        .post(
            "/admin/users",
            &[
                ("csrf", &csrf),
                ("username", "amina"),
                ("role", "caseworker"),
                ("agency", "ngo"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(res.status, 422);
    let res = admin
        .post(
            "/admin/users",
            &[
                ("csrf", &csrf),
                ("username", "amina"),
                ("role", "caseworker"),
                ("agency", "ngo"),
                ("password", "a-long-enough-password"),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let mut amina = app.client();
    assert_eq!(amina.login("amina", "a-long-enough-password").await.status, 303);
    assert_eq!(amina.get("/").await.status, 200);
    // Deactivation ends her session at once.
    let res = admin
        .post("/admin/users/amina", &[("csrf", &csrf), ("action", "deactivate")])
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(amina.get("/").await.status, 303);
    assert_eq!(amina.login("amina", "a-long-enough-password").await.status, 401);
    // The admin cannot lock themselves out.
    let res = admin
        .post("/admin/users/admin", &[("csrf", &csrf), ("action", "deactivate")])
        .await;
    assert_eq!(res.status, 422);
    let audit = admin.get("/admin/audit").await;
    assert!(audit.body.contains("id=\"audit-status\""));
    assert!(audit.body.contains("intact"));
    let actions: Vec<String> = app
        .store
        .audit_recent(100)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(actions.contains(&"user.create".to_owned()) && actions.contains(&"user.change".to_owned()));
    assert!(app.store.audit_verify().await.unwrap().ok());
}

#[tokio::test]
async fn every_page_renders_in_both_languages_without_missing_keys() {
    let app = spawn_app().await;
    for (user, pages) in [
        (
            "coordinator",
            &[
                "/",
                "/areas",
                "/areas/N05",
                "/indicators",
                "/indicators/unemployment_rate",
                "/incidents",
                "/import",
            ][..],
        ),
        ("admin", &["/admin/users", "/admin/audit"][..]),
    ] {
        for lang in ["en", "fr"] {
            let mut c = app.client();
            c.accept_language = Some(lang.into());
            c.login_ok(user).await;
            for path in pages {
                let res = c.get(path).await;
                assert_eq!(res.status, 200, "{lang} {path}");
                assert!(res.body.contains(&format!("<html lang=\"{lang}\"")));
                // A missing translation shows its key, e.g. "nav-areas" or "table-rank".
                for key in [
                    "nav-",
                    "table-",
                    "map-",
                    "figure-",
                    "import-",
                    "users-",
                    "audit-",
                    "filter-",
                    "incident-type-",
                    "role-",
                ] {
                    let raw = format!(">{key}");
                    assert!(!res.body.contains(&raw), "{lang} {path} shows a raw key {raw}");
                }
            }
        }
    }
    let _ = csrf_of;
}

#[tokio::test]
async fn the_diagnosis_report_is_for_coordinators_and_analysts() {
    let app = spawn_app().await;
    for (user, status) in [
        ("coordinator", 200),
        ("analyst", 200),
        ("caseworker", 403),
        ("partner", 403),
        ("admin", 403),
    ] {
        let mut c = app.client();
        c.login_ok(user).await;
        assert_eq!(c.get("/diagnosis").await.status, status, "{user}");
        assert_eq!(c.get("/diagnosis/areas/N01").await.status, status, "{user}");
    }
    let mut c = app.client();
    c.login_ok("analyst").await;
    let page = c.get("/diagnosis").await;
    for id in ["overview", "clusters", "priority", "areas", "networks", "methods"] {
        assert!(
            page.body
                .contains(&format!("<section class=\"report-section\" id=\"{id}\"")),
            "section {id}"
        );
    }
    assert_eq!(page.body.matches("class=\"area-sheet\"").count(), app.areas);
    assert_eq!(c.get("/diagnosis/areas/NOPE").await.status, 404);
    let file = c.get("/diagnosis/report.html").await;
    assert_eq!(file.status, 200);
    assert!(file.header("content-disposition").contains("attachment"));
    assert!(file.body.starts_with("<!doctype html>") && file.body.contains("<style>"));
    assert!(
        file.body.contains("href=\"#area-N01\""),
        "the file links its own sheets"
    );
    assert_eq!(c.get("/static/report.css").await.status, 200);
    // The API gives the same diagnosis as the page, under the same policy.
    let api: serde_json::Value = serde_json::from_str(&c.get("/api/v1/diagnosis").await.body).unwrap();
    assert_eq!(api["areas"].as_array().unwrap().len(), app.areas);
    let listed = api["priority"].as_array().unwrap().len();
    let rows = page
        .body
        .split("id=\"priority\"")
        .nth(1)
        .unwrap()
        .split("</table>")
        .next()
        .unwrap()
        .matches("<tr>")
        .count();
    assert_eq!(
        rows,
        listed + 1,
        "the page lists the same priority areas (plus its header row)"
    );
    let mut partner = app.client();
    partner.login_ok("partner").await;
    assert_eq!(partner.get("/api/v1/diagnosis").await.status, 403);
}

/// A full disk (the database capped at its size): the import page answers 507 with a message, nothing is stored,
/// and the pages go on.
#[tokio::test]
async fn a_full_disk_gives_a_clear_page_and_loses_nothing() {
    use vigie_store::Store as _;
    let app = spawn_app().await;
    let mut c = app.client();
    c.login_ok("coordinator").await;
    let before = app.store.summary().await.unwrap();
    let pages = app.store.page_count().await.unwrap();
    app.store.cap_pages(pages).await.unwrap();
    let mut csv = String::from("id,type,date,longitude,latitude,area\n");
    for i in 0..4_000 {
        csv.push_str(&format!("full{i},drug_seizure,2024-03-05,2.35,48.85,\n"));
    }
    let res = upload(&mut c, "incidents", "many.csv", csv.into_bytes()).await;
    assert_eq!(res.status, 507, "{}", res.body);
    assert!(
        res.body.contains("disk is full") && res.body.contains("Nothing was saved"),
        "{}",
        res.body
    );
    assert_eq!(app.store.summary().await.unwrap(), before);
    assert_eq!(c.get("/").await.status, 200);
    app.store.cap_pages(u64::from(u32::MAX)).await.unwrap();
}

/// The dashboard and the areas' list keep their computed parts only until the data changes: an import shows at once.
#[tokio::test]
async fn kept_figures_follow_the_data() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.login_ok("coordinator").await;
    let before = app.incident_count().await;
    let dash = c.get("/").await.body;
    let areas = c.get("/areas").await.body;
    let csv = "id,type,date,longitude,latitude,area\nnew1,drug_seizure,2025-03-05,4.871286,45.741703,N27\nnew2,drug_seizure,2025-03-06,4.871286,45.741703,N27\n";
    let res = upload(&mut c, "incidents", "new.csv", csv.as_bytes().to_vec()).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(app.incident_count().await, before + 2);
    assert_ne!(
        c.get("/").await.body,
        dash,
        "the dashboard shows the new incidents"
    );
    assert_ne!(c.get("/areas").await.body, areas, "so does the areas' list");
}
