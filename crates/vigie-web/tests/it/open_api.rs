//! The open API: machine tokens (scoped, revocable, expiring, audited), JSON errors, and the OpenAPI document
//! checked against the router's own list of routes.

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::Value;
use vigie_domain::{Role, Scope};
use vigie_store::{Actor, NewToken, Store, TokenStore};

use crate::helpers::{TestApp, csrf_of, spawn_app};

/// Makes a token in the store as the administrator would; returns (id, secret).
async fn token(app: &TestApp, role: Role, scopes: &[Scope], days: i64) -> (i64, String) {
    let secret = vigie_web::auth::new_api_token();
    let now = time::macros::datetime!(2026-06-01 09:00 UTC);
    let t = app
        .store
        .create_token(
            &NewToken {
                name: format!("test {role}"),
                role,
                scopes: scopes.to_vec(),
                secret_hash: vigie_web::auth::token_hash(&secret),
                expires_at: now + time::Duration::days(days),
            },
            &Actor::new("admin", "test"),
            now,
        )
        .await
        .unwrap();
    (t.id, secret)
}

struct Answer {
    status: u16,
    content_type: String,
    body: String,
    location: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

async fn get(app: &TestApp, path: &str, bearer: Option<&str>) -> Answer {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let mut r = http.get(app.url(path));
    if let Some(b) = bearer {
        r = r.header("authorization", format!("Bearer {b}"));
    }
    let res = r.send().await.unwrap();
    let header = |n: &str| {
        res.headers()
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    let (content_type, location) = (header("content-type"), header("location"));
    Answer {
        status: res.status().as_u16(),
        content_type,
        location,
        body: res.text().await.unwrap(),
    }
}

/// A route of the router with its parameters filled in with values the demo city has.
fn example(path: &str) -> String {
    path.replace("{code}", "poverty_rate").replace("{id}", "1")
}

#[tokio::test]
async fn each_scope_opens_its_routes_and_no_other() {
    let app = spawn_app().await;
    for (path, scope) in vigie_web::api_routes() {
        let (_, only) = token(&app, Role::Coordinator, &[scope], 30).await;
        let res = get(&app, &example(path), Some(&only)).await;
        assert_eq!(res.status, 200, "{path} with {scope}: {}", res.body);
        assert!(res.content_type.contains("json"), "{path}: {}", res.content_type);
        let other: Vec<Scope> = Scope::ALL.iter().copied().filter(|s| *s != scope).collect();
        let (_, without) = token(&app, Role::Coordinator, &other, 30).await;
        let res = get(&app, &example(path), Some(&without)).await;
        assert_eq!(res.status, 403, "{path} without {scope}: {}", res.body);
        assert_eq!(res.json()["error"], "forbidden");
    }
}

#[tokio::test]
async fn a_token_never_reads_more_than_its_role_nor_its_scopes() {
    let app = spawn_app().await;
    // The store refuses a scope the role may not use.
    let refused = app
        .store
        .create_token(
            &NewToken {
                name: "x".into(),
                role: Role::Analyst,
                scopes: vec![Scope::ReadCases],
                secret_hash: "ab".repeat(32),
                expires_at: time::macros::datetime!(2027-01-01 00:00 UTC),
            },
            &Actor::new("admin", "test"),
            time::macros::datetime!(2026-06-01 09:00 UTC),
        )
        .await;
    assert!(refused.is_err());
    // A partner's token with every scope a partner may carry still gets no incident.
    let (_, partner) = token(&app, Role::Partner, &Scope::for_role(Role::Partner), 30).await;
    assert_eq!(get(&app, "/api/v1/incidents", Some(&partner)).await.status, 403);
    // The summary shows incident figures only to a token that may read incidents.
    let (_, summary) = token(&app, Role::Analyst, &[Scope::ReadSummary], 30).await;
    let v = get(&app, "/api/v1/summary", Some(&summary)).await.json();
    assert!(v.get("areas").is_some() && v.get("incidents").is_none(), "{v}");
    let (_, both) = token(
        &app,
        Role::Analyst,
        &[Scope::ReadSummary, Scope::ReadIncidents],
        30,
    )
    .await;
    let v = get(&app, "/api/v1/summary", Some(&both)).await.json();
    assert!(v["incidents"].as_u64().unwrap() > 0, "{v}");
    // The coordinator's token reads cases without their identities, as the coordinator does.
    let (_, coord) = token(&app, Role::Coordinator, &[Scope::ReadCases], 30).await;
    let v = get(&app, "/api/v1/cases/1", Some(&coord)).await.json();
    assert_eq!(v["access"], "pseudonymous");
    assert!(v["identity"].is_null());
}

#[tokio::test]
async fn unknown_revoked_expired_and_missing_tokens_get_401_as_json() {
    let app = spawn_app().await;
    let (id, secret) = token(&app, Role::Analyst, &[Scope::ReadAreas], 10).await;
    assert_eq!(get(&app, "/api/v1/areas", Some(&secret)).await.status, 200);
    for (what, bearer) in [
        ("none", None),
        (
            "unknown",
            Some("vigie_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        ),
        ("not ours", Some("abc")),
    ] {
        let res = get(&app, "/api/v1/areas", bearer).await;
        assert_eq!(res.status, 401, "{what}");
        assert!(res.content_type.starts_with("application/json"), "{what}");
        assert_eq!(res.json()["error"], "unauthorized", "{what}");
    }
    // Revoked.
    app.store
        .revoke_token(id, &Actor::new("admin", "test"), app.clock_now())
        .await
        .unwrap();
    assert_eq!(get(&app, "/api/v1/areas", Some(&secret)).await.status, 401);
    // Expired: the clock moves past the expiry.
    let (_, soon) = token(&app, Role::Analyst, &[Scope::ReadAreas], 1).await;
    assert_eq!(get(&app, "/api/v1/areas", Some(&soon)).await.status, 200);
    app.clock.advance(Duration::from_secs(24 * 3600));
    assert_eq!(get(&app, "/api/v1/areas", Some(&soon)).await.status, 401);
}

#[tokio::test]
async fn tokens_are_refused_on_pages_and_forms() {
    let app = spawn_app().await;
    let (_, secret) = token(&app, Role::Admin, &Scope::for_role(Role::Admin), 30).await;
    for path in [
        "/",
        "/areas",
        "/admin/tokens",
        "/admin/users",
        "/cases/statistics",
    ] {
        let res = get(&app, path, Some(&secret)).await;
        assert_eq!(res.status, 303, "{path}");
        assert!(res.location.starts_with("/login"), "{path}");
    }
    let res = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(app.url("/admin/tokens"))
        .header("authorization", format!("Bearer {secret}"))
        .form(&[
            ("name", "x"),
            ("role", "admin"),
            ("scope", "read:areas"),
            ("days", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_ne!(res.status().as_u16(), 200);
    assert_eq!(app.store.tokens().await.unwrap().len(), 1);
}

#[tokio::test]
async fn every_use_of_a_token_is_audited_with_its_id_and_path() {
    let app = spawn_app().await;
    let (id, secret) = token(
        &app,
        Role::Analyst,
        &[Scope::ReadAreas, Scope::ReadIndicators],
        30,
    )
    .await;
    let paths = [
        "/api/v1/areas",
        "/api/v1/indicators",
        "/api/v1/indicators/poverty_rate/values?period=2024",
    ];
    for p in paths {
        assert_eq!(get(&app, p, Some(&secret)).await.status, 200, "{p}");
    }
    // A refused use is audited too.
    assert_eq!(get(&app, "/api/v1/incidents", Some(&secret)).await.status, 403);
    let entries: Vec<_> = app
        .store
        .audit_recent(100)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "api.token")
        .rev()
        .collect();
    let seen: Vec<(String, String)> = entries
        .iter()
        .map(|e| {
            let d: Value = serde_json::from_str(&e.detail).unwrap();
            assert_eq!(d["token"], id);
            assert_eq!(e.actor, format!("token-{id}"));
            (
                d["path"].as_str().unwrap().to_owned(),
                d["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut expected: Vec<(String, String)> = paths.iter().map(|p| (p.to_string(), "ok".into())).collect();
    expected.push(("/api/v1/incidents".into(), "no scope".into()));
    assert_eq!(seen, expected);
    assert!(app.store.audit_verify().await.unwrap().ok());
    let t = app.store.tokens().await.unwrap();
    assert!(t.iter().find(|t| t.id == id).unwrap().last_used_at.is_some());
}

#[tokio::test]
async fn an_address_sending_bad_tokens_is_throttled() {
    let app = spawn_app().await;
    let (_, good) = token(&app, Role::Analyst, &[Scope::ReadAreas], 30).await;
    for _ in 0..5 {
        assert_eq!(get(&app, "/api/v1/areas", Some("vigie_guess")).await.status, 401);
    }
    let res = get(&app, "/api/v1/areas", Some("vigie_guess")).await;
    assert_eq!(res.status, 429);
    assert_eq!(res.json()["error"], "too-many");
    // Even a good token waits, until the window has passed.
    assert_eq!(get(&app, "/api/v1/areas", Some(&good)).await.status, 429);
    app.clock.advance(Duration::from_secs(16 * 60));
    assert_eq!(get(&app, "/api/v1/areas", Some(&good)).await.status, 200);
}

#[tokio::test]
async fn the_administrator_makes_lists_and_revokes_tokens_on_the_pages() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.login_ok("analyst").await;
    assert_eq!(c.get("/admin/tokens").await.status, 403);
    let mut c = app.client();
    c.login_ok("admin").await;
    let page = c.get("/admin/tokens").await;
    assert_eq!(page.status, 200);
    let csrf = csrf_of(&page.body);
    // A scope the role may not use is refused, nothing made.
    let res = c
        .post(
            "/admin/tokens",
            &[
                ("csrf", &csrf),
                ("name", "hub"),
                ("role", "analyst"),
                ("scope", "read:cases"),
                ("days", "30"),
            ],
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(app.store.tokens().await.unwrap().is_empty());
    let res = c
        .post(
            "/admin/tokens",
            &[
                ("csrf", &csrf),
                ("name", "observatory"),
                ("role", "analyst"),
                ("scope", "read:areas"),
                ("scope", "read:incidents"),
                ("days", "30"),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.header("cache-control"), "no-store");
    let marker = "id=\"token-secret-value\">";
    let start = res.body.find(marker).unwrap() + marker.len();
    let secret = res.body[start..].split('<').next().unwrap().to_owned();
    assert!(secret.starts_with("vigie_"));
    assert_eq!(get(&app, "/api/v1/incidents", Some(&secret)).await.status, 200);
    // The list never shows a secret again.
    let list = c.get("/admin/tokens").await;
    assert!(list.body.contains("observatory") && !list.body.contains(&secret));
    let t = &app.store.tokens().await.unwrap()[0];
    let res = c
        .post(&format!("/admin/tokens/{}/revoke", t.id), &[("csrf", &csrf)])
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(get(&app, "/api/v1/incidents", Some(&secret)).await.status, 401);
    // Without the form's token, nothing happens.
    let res = c
        .post(&format!("/admin/tokens/{}/revoke", t.id), &[("csrf", "")])
        .await;
    assert_eq!(res.status, 403);
    let actions: Vec<String> = app
        .store
        .audit_recent(50)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(actions.contains(&"token.create".to_owned()) && actions.contains(&"token.revoke".to_owned()));
}

/// Every `$ref` in the document, with where it is.
fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "$ref" {
                    out.push(x.as_str().unwrap_or("").to_owned());
                }
                refs(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_openapi_document_describes_exactly_the_routes_of_the_router() {
    let app = spawn_app().await;
    let res = get(&app, "/api/openapi.json", None).await;
    assert_eq!(res.status, 200, "the document is public");
    assert!(res.content_type.starts_with("application/json"));
    let doc = res.json();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3."),
        "{}",
        doc["openapi"]
    );
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());

    // The same paths as the router, no more, no less.
    let routes = vigie_web::api_routes();
    let documented: BTreeSet<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let served: BTreeSet<&str> = routes.iter().map(|(p, _)| *p).collect();
    assert_eq!(documented, served);

    for (path, scope) in &routes {
        let op = &doc["paths"][path]["get"];
        assert!(op.is_object(), "{path}: no GET");
        // The scope the router asks for is the one documented.
        let security = op["security"].as_array().unwrap();
        assert!(
            security
                .iter()
                .any(|s| s["token"] == serde_json::json!([scope.code()])),
            "{path}: {security:?}"
        );
        for status in ["200", "401", "403", "429", "503"] {
            assert!(op["responses"][status].is_object(), "{path}: no {status}");
        }
        // Every documented parameter of the path is in the path.
        for p in op["parameters"].as_array().into_iter().flatten() {
            if p["in"] == "path" {
                assert!(
                    path.contains(&format!("{{{}}}", p["name"].as_str().unwrap())),
                    "{path}"
                );
            }
        }
    }
    // The security schemes named exist.
    for scheme in ["token", "session"] {
        assert!(
            doc["components"]["securitySchemes"][scheme].is_object(),
            "{scheme}"
        );
    }
    // Every reference resolves.
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(!all.is_empty());
    for r in all {
        let name = r
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("{r}"));
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "{r} does not resolve"
        );
    }
}

/// The router itself answers every documented route (a route only in the list would be a 404 from the fallback).
#[tokio::test]
async fn every_documented_route_answers_a_signed_in_coordinator() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.login_ok("coordinator").await;
    let doc = get(&app, "/api/openapi.json", None).await.json();
    for path in doc["paths"].as_object().unwrap().keys() {
        let res = c.get(&example(path)).await;
        assert_eq!(res.status, 200, "{path}: {}", res.body);
    }
}

/// No `/api/v1` route is added to the router outside the list the document is checked against.
#[test]
fn the_router_adds_api_routes_only_from_the_list() {
    let src = include_str!("../../src/lib.rs");
    assert!(!src.contains("\"/api/v1"), "add API routes to pages::api::routes");
}

#[tokio::test]
async fn api_errors_are_json() {
    let app = spawn_app().await;
    let (_, secret) = token(&app, Role::Coordinator, &Scope::for_role(Role::Coordinator), 30).await;
    for (path, status, code) in [
        ("/api/v1/nowhere", 404, "not-found"),
        ("/api/v1/cases/not-a-number", 400, "bad-request"),
        // A missing case is refused as a forbidden one is (need-to-know: no one learns which ids exist).
        ("/api/v1/cases/999999", 403, "forbidden"),
        ("/api/v1/indicators/no_such/values", 404, "not-found"),
        (
            "/api/v1/indicators/poverty_rate/values?period=never",
            400,
            "bad-request",
        ),
        ("/api/v1/incidents?page=x", 400, "bad-request"),
        ("/api/v1/incidents?from=2024-13-45", 400, "bad-request"),
    ] {
        let res = get(&app, path, Some(&secret)).await;
        assert_eq!(res.status, status, "{path}: {}", res.body);
        assert!(res.content_type.starts_with("application/json"), "{path}");
        assert_eq!(res.json()["error"], code, "{path}");
    }
}
