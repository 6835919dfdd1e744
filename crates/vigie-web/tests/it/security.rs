//! What docs/security.md claims of the HTTP layer and of accounts, shown over HTTP: the headers of every kind of
//! response (ASVS V14.4, V8.2.1, V14.3.3), the methods the server accepts (V14.5.1), and the password rules
//! (V2.1.1–V2.1.4, V2.1.9).

use vigie_store::Store;

use crate::helpers::spawn_app;

#[tokio::test]
async fn every_kind_of_response_carries_every_security_header() {
    let app = spawn_app().await;
    let mut c = app.client();
    let mut seen = Vec::new();
    // Anonymous: the sign-in page, a redirect, a 404, plain text, the stylesheet, the public portal, a 401 (API).
    for path in [
        "/login",
        "/",
        "/nowhere",
        "/healthz",
        "/static/app.css",
        "/public/en",
        "/api/v1/summary",
    ] {
        seen.push((path, c.get(path).await));
    }
    // Signed in: a page with personal data's menu, JSON from the API, a 403.
    c.login_ok("caseworker").await;
    for path in ["/cases", "/api/v1/summary", "/admin/users"] {
        seen.push((path, c.get(path).await));
    }
    let statuses: Vec<u16> = seen.iter().map(|(_, r)| r.status).collect();
    for expected in [200, 303, 401, 403, 404] {
        assert!(statuses.contains(&expected), "no {expected} among {statuses:?}");
    }
    for (path, res) in &seen {
        let csp = res.header("content-security-policy");
        assert!(
            csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"),
            "{path}: {csp}"
        );
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
            "{path}: {csp}"
        );
        assert_eq!(res.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(res.header("referrer-policy"), "no-referrer", "{path}");
        assert_eq!(res.header("x-frame-options"), "DENY", "{path}");
        assert_eq!(
            res.header("strict-transport-security"),
            "max-age=31536000; includeSubDomains",
            "{path}"
        );
        assert_eq!(res.header("cross-origin-opener-policy"), "same-origin", "{path}");
        assert_eq!(
            res.header("cross-origin-resource-policy"),
            "same-origin",
            "{path}"
        );
        assert!(
            res.header("permissions-policy").contains("geolocation=()"),
            "{path}"
        );
        // Only the stylesheet may be cached; pages and the API never (they may hold personal data).
        let cache = res.header("cache-control");
        if path.starts_with("/static/") {
            assert!(cache.starts_with("public"), "{path}: {cache}");
        } else {
            assert_eq!(cache, "no-store", "{path}");
        }
        // No cross-origin reading is allowed.
        assert_eq!(res.header("access-control-allow-origin"), "", "{path}");
        // Nothing tells which server or version answers.
        assert_eq!(res.header("server"), "", "{path}");
        assert_eq!(res.header("x-powered-by"), "", "{path}");
        // Every response with a body says what it is, text with its character set.
        if !res.body.is_empty() {
            let ct = res.header("content-type");
            assert!(!ct.is_empty(), "{path}: no content type");
            if ct.starts_with("text/") {
                assert!(ct.to_ascii_lowercase().contains("charset=utf-8"), "{path}: {ct}");
            }
        }
    }
    // The API answers JSON, with its type.
    let api = &seen
        .iter()
        .find(|(p, r)| *p == "/api/v1/summary" && r.status == 200)
        .unwrap()
        .1;
    assert!(api.header("content-type").starts_with("application/json"));
    assert_eq!(
        api.header("content-disposition"),
        "attachment; filename=\"api.json\""
    );
}

#[tokio::test]
async fn methods_the_application_does_not_use_are_refused() {
    let app = spawn_app().await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for (method, path) in [
        (reqwest::Method::DELETE, "/admin/users/admin"),
        (reqwest::Method::PUT, "/cases"),
        (reqwest::Method::PATCH, "/login"),
        (reqwest::Method::DELETE, "/api/v1/cases/1"),
        (reqwest::Method::TRACE, "/"),
    ] {
        let res = http.request(method.clone(), app.url(path)).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 405, "{method} {path}");
        assert_eq!(
            res.headers()
                .get("x-content-type-options")
                .and_then(|v| v.to_str().ok()),
            Some("nosniff"),
            "{method} {path}"
        );
    }
    // Nothing changed: the administrator is still there.
    let admin = vigie_domain::Username::parse("admin").unwrap();
    assert!(app.store.credentials(&admin).await.unwrap().is_some());
}

#[tokio::test]
async fn passwords_of_12_to_128_characters_of_any_kind_are_accepted_and_never_truncated() {
    let app = spawn_app().await;
    let mut admin = app.client();
    admin.login_ok("admin").await;
    let csrf = admin.csrf("/admin/users").await;
    let long_129 = "x".repeat(129);
    for (name, password) in [("short", "elevenchars"), ("toolong", long_129.as_str())] {
        let res = admin
            .post(
                "/admin/users",
                &[
                    ("csrf", &csrf),
                    ("username", name),
                    ("role", "analyst"),
                    ("password", password),
                ],
            )
            .await;
        assert_eq!(res.status, 422, "{name}: {}", res.body);
    }
    // 128 characters of any kind (spaces, accents, Arabic, emoji); no rule about which characters.
    let unicode = format!("{}  é ع 🔑", "p".repeat(128 - 7));
    assert_eq!(unicode.chars().count(), 128);
    let res = admin
        .post(
            "/admin/users",
            &[
                ("csrf", &csrf),
                ("username", "nadia"),
                ("role", "analyst"),
                ("password", &unicode),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let mut nadia = app.client();
    assert_eq!(nadia.login("nadia", &unicode).await.status, 303);
    // Not truncated: the password less its last character is wrong.
    let mut shorter: String = unicode.chars().collect();
    shorter.pop();
    let mut other = app.client();
    assert_eq!(other.login("nadia", &shorter).await.status, 401);
    let users = app.store.users().await.unwrap();
    assert!(
        !users
            .iter()
            .any(|u| u.username.as_str() == "short" || u.username.as_str() == "toolong")
    );
}

#[tokio::test]
async fn a_session_in_use_still_ends_after_12_hours() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.login_ok("coordinator").await;
    // Active every 25 minutes (never idle for 30) for 11 h 40 min: still signed in.
    for _ in 0..28 {
        app.clock.advance(std::time::Duration::from_secs(25 * 60));
        assert_eq!(c.get("/healthz").await.status, 200);
        assert_eq!(c.get("/areas").await.status, 200);
    }
    // Past 12 hours since sign-in: sent to sign in again, however active.
    app.clock.advance(std::time::Duration::from_secs(25 * 60));
    assert_eq!(c.get("/areas").await.status, 303);
}

#[tokio::test]
async fn forms_sent_as_another_content_type_are_refused() {
    let app = spawn_app().await;
    let mut c = app.client();
    let csrf = c.csrf("/login").await;
    let http = reqwest::Client::new();
    let cookie = c
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let res = http
        .post(app.url("/login"))
        .header("cookie", cookie)
        .header("content-type", "application/json")
        .body(format!(
            r#"{{"username":"admin","password":"x","csrf":"{csrf}"}}"#
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 415);
}
