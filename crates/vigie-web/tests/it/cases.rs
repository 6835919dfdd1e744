//! Victims' cases over HTTP: intake with its bad-input refusals, one-time forms, screening explained, need-to-know
//! on every page, referrals to a full service, and the audit of reads.

use vigie_store::{CaseStore, Store};
use vigie_web::Clock;

use crate::helpers::{Client, TestApp, encodings, hidden_of, spawn_app};

/// The intake form's hidden tokens.
async fn tokens(c: &mut Client, path: &str) -> (String, String) {
    let page = c.get(path).await;
    assert_eq!(page.status, 200, "{path}: {}", page.body);
    (hidden_of(&page.body, "csrf"), hidden_of(&page.body, "once"))
}

fn intake<'a>(csrf: &'a str, once: &'a str, birth: &'a str, form: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("once", once),
        ("alias", "Aurelia Vasilescu"),
        ("birth", birth),
        ("sex", "female"),
        ("languages", "ro, fr"),
        ("nationality", "RO"),
        ("contact", "through the NGO"),
        ("forms", form),
        ("means", "debt_bondage"),
        ("means", "withheld_documents"),
        ("recruiter_relation", "recruitment_agency"),
        ("recruitment_place", "Craiova"),
        ("notes", "Worked on a farm without pay."),
    ]
}

async fn case_count(app: &TestApp) -> u64 {
    app.store.case_counts().await.unwrap().total
}

#[tokio::test]
async fn intake_refuses_bad_input_and_replays_and_stores_nothing() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.login_ok("caseworker").await;
    let before = case_count(&app).await;

    // A date of birth in the future and an unknown exploitation type: 422, both named, nothing stored.
    let (csrf, once) = tokens(&mut c, "/cases/new").await;
    let res = c
        .post("/cases", &intake(&csrf, &once, "2030-01-01", "slavery"))
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res.body.contains("in the future"), "{}", res.body);
    assert!(
        res.body.contains("slavery") && res.body.contains("forced_labour"),
        "{}",
        res.body
    );
    assert!(
        res.body.contains("Aurelia Vasilescu"),
        "the form keeps what was typed"
    );
    assert_eq!(case_count(&app).await, before);

    // Without a CSRF token, or with one of another session: 403, nothing stored.
    let (_, once) = tokens(&mut c, "/cases/new").await;
    let res = c
        .post("/cases", &intake("", &once, "1990-05-05", "forced_labour"))
        .await;
    assert_eq!(res.status, 403);
    let mut other = app.client();
    other.login_ok("caseworker").await;
    let (other_csrf, once) = tokens(&mut other, "/cases/new").await;
    let res = c
        .post(
            "/cases",
            &intake(&other_csrf, &once, "1990-05-05", "forced_labour"),
        )
        .await;
    assert_eq!(res.status, 403);
    assert_eq!(case_count(&app).await, before);

    // A good form is recorded once; sent again (replayed), it is refused.
    let (csrf, once) = tokens(&mut c, "/cases/new").await;
    let form = intake(&csrf, &once, "1990-05-05", "forced_labour");
    let res = c.post("/cases", &form).await;
    assert_eq!(res.status, 303, "{}", res.body);
    let location = res.location();
    assert!(location.starts_with("/cases/"), "{location}");
    let replay = c.post("/cases", &form).await;
    assert_eq!(replay.status, 403, "a replayed form must be refused");
    assert_eq!(case_count(&app).await, before + 1);

    let page = c.get(&location).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Aurelia Vasilescu") && page.body.contains("Craiova"));
    // No residence-status field in the intake form, nor in the case page's forms (status, consent, referral).
    for path in ["/cases/new".to_owned(), location.clone()] {
        let body = c.get(&path).await.body;
        let names: Vec<&str> = body
            .split("name=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .collect();
        assert!(
            names.contains(&"alias") || names.contains(&"decided_by"),
            "{names:?}"
        );
        for n in &names {
            for word in ["residence", "immigration", "permit", "visa", "migration"] {
                assert!(!n.contains(word), "{path} has a field {n}");
            }
        }
    }
}

#[tokio::test]
async fn screening_explains_and_partners_and_analysts_see_no_case() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.login_ok("caseworker").await;
    let (csrf, once) = tokens(&mut c, "/cases/new").await;
    let res = c
        .post("/cases", &intake(&csrf, &once, "1990-05-05", "forced_labour"))
        .await;
    let case = res.location();

    // The checklist of the adult labour list, grouped by dimension; a presumed victim, explained.
    let page = c.get(&format!("{case}/screening")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Deceptive recruitment") && page.body.contains("Coercion at destination"));
    let (csrf, once) = (hidden_of(&page.body, "csrf"), hidden_of(&page.body, "once"));
    let set = vigie_domain::screening::IndicatorSet::ilo_ec_2009().unwrap();
    let list = vigie_domain::screening::ListKind::AdultLabour;
    let first = |d: vigie_domain::screening::Dimension, s: vigie_domain::screening::Strength| {
        set.list(list)
            .iter()
            .find(|i| i.dimension == d && i.strength == s)
            .unwrap()
            .code
            .clone()
    };
    use vigie_domain::screening::{Dimension as D, Strength as S};
    let picks = [
        first(D::DeceptiveRecruitment, S::Strong),
        first(D::DeceptiveRecruitment, S::Medium),
        first(D::ExploitativeConditions, S::Strong),
        first(D::ExploitativeConditions, S::Medium),
        first(D::CoercionAtDestination, S::Strong),
        first(D::CoercionAtDestination, S::Medium),
    ];
    let mut form = vec![
        ("csrf", csrf.as_str()),
        ("once", once.as_str()),
        ("list", "adult_labour"),
    ];
    form.extend(picks.iter().map(|p| ("indicator", p.as_str())));
    let res = c.post(&format!("{case}/screening"), &form).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(
        res.body.contains("Presumed victim of trafficking"),
        "{}",
        res.body
    );
    let explained = set.indicator(list, &picks[0]).unwrap().en.clone();
    let explanation = res.body.split("id=\"explanation\"").nth(1).unwrap();
    assert!(
        explanation.contains(&explained.replace('\'', "&#x27;")) || explanation.contains(&explained),
        "{explanation}"
    );

    // The partner cannot open the case (403); the analyst neither, and sees no name on any page.
    let mut partner = app.client();
    partner.login_ok("partner").await;
    assert_eq!(partner.get(&case).await.status, 403);
    assert_eq!(partner.get(&format!("{case}/export.json")).await.status, 403);
    let mut analyst = app.client();
    analyst.login_ok("analyst").await;
    assert_eq!(analyst.get(&case).await.status, 403);
    assert_eq!(analyst.get("/cases").await.status, 403);
    assert_eq!(analyst.get("/referrals").await.status, 403);
    for path in [
        "/",
        "/areas",
        "/indicators",
        "/services",
        "/incidents",
        "/diagnosis",
    ] {
        let body = analyst.get(path).await.body;
        assert!(!body.contains("Aurelia"), "{path} shows a name to the analyst");
    }
    // Analysts get counts with small numbers suppressed; caseworkers and partners do not get this page.
    let stats = analyst.get("/cases/statistics").await;
    assert_eq!(stats.status, 200);
    assert!(!stats.body.contains("Aurelia"));
    let json: serde_json::Value =
        serde_json::from_str(&analyst.get("/api/v1/cases/statistics").await.body).unwrap();
    let counts = app.store.case_counts().await.unwrap();
    assert_eq!(json["total"], counts.total);
    for (form, n) in &counts.by_form {
        let shown = &json["by_form"][form];
        if (1..5).contains(n) {
            assert!(shown.is_null(), "{form}: {n} must be suppressed");
        } else {
            assert_eq!(shown, n);
        }
    }
    assert_eq!(c.get("/cases/statistics").await.status, 403);
    assert_eq!(partner.get("/api/v1/cases/statistics").await.status, 403);
    // The JSON API answers as the pages do.
    let id = case.trim_start_matches("/cases/");
    assert_eq!(partner.get(&format!("/api/v1/cases/{id}")).await.status, 403);
    assert_eq!(analyst.get("/api/v1/cases").await.status, 403);
    let json = c.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(json.status, 200);
    let v: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(v["identity"]["alias"], "Aurelia Vasilescu");
    assert_eq!(v["screenings"][0]["presumed"], true);
    let mut coordinator = app.client();
    coordinator.login_ok("coordinator").await;
    let v: serde_json::Value =
        serde_json::from_str(&coordinator.get(&format!("/api/v1/cases/{id}")).await.body).unwrap();
    assert_eq!(v["access"], "pseudonymous");
    assert!(v["identity"].is_null() && v["notes"].is_null());
    let received: serde_json::Value =
        serde_json::from_str(&partner.get("/api/v1/referrals").await.body).unwrap();
    assert!(
        received
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["provider"] == "refuge")
    );
    // Every read of the case is in the audit log.
    let audit = app.store.audit_recent(500).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "case.read" && e.actor == "caseworker")
    );
    assert!(audit.iter().all(|e| !e.detail.contains("Aurelia")));
}

#[tokio::test]
async fn a_referral_to_a_full_service_is_refused_with_a_message() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.login_ok("caseworker").await;
    let (csrf, once) = tokens(&mut c, "/cases/new").await;
    let case = c
        .post("/cases", &intake(&csrf, &once, "1990-05-05", "forced_labour"))
        .await
        .location();
    let id: i64 = case.trim_start_matches("/cases/").parse().unwrap();
    // The shelter of the demo, filled up.
    let services = app.store.services().await.unwrap();
    let shelter = services.iter().find(|s| s.code == "refuge-tilleuls").unwrap();
    let coordinator = vigie_store::Viewer::new(
        vigie_domain::User {
            username: vigie_domain::Username::parse("coordinator").unwrap(),
            role: vigie_domain::Role::Coordinator,
            agency: None,
            active: true,
        },
        "test",
    );
    app.store
        .set_free_places(&coordinator, shelter.id, 0, app.clock.now())
        .await
        .unwrap();
    let (csrf, once) = tokens(&mut c, &case).await;
    let res = c
        .post(
            &format!("{case}/consent"),
            &[
                ("csrf", &csrf),
                ("once", &once),
                ("recipient", "refuge"),
                ("purpose", "a bed tonight"),
            ],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    let page = c.get(&case).await;
    let consent = page
        .body
        .split("name=\"consent\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let (csrf, once) = (hidden_of(&page.body, "csrf"), hidden_of(&page.body, "once"));
    let service = shelter.id.to_string();
    let res = c
        .post(
            &format!("{case}/refer"),
            &[
                ("csrf", &csrf),
                ("once", &once),
                ("service", &service),
                ("consent", &consent),
                ("message", ""),
            ],
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res.body.contains("no free place"), "{}", res.body);
    let rec = app.store.case_counts().await.unwrap();
    assert!(rec.total > 0);
    let viewer = vigie_store::Viewer::new(
        vigie_domain::User {
            username: vigie_domain::Username::parse("caseworker").unwrap(),
            role: vigie_domain::Role::Caseworker,
            agency: Some(vigie_domain::AgencyCode::parse("ngo").unwrap()),
            active: true,
        },
        "test",
    );
    let stored = app.store.case(&viewer, id, app.clock.now()).await.unwrap();
    assert!(stored.referrals.is_empty());
}

#[tokio::test]
async fn an_analyst_links_uploaded_encodings_and_sees_the_overlap() {
    let app = spawn_app().await;
    let police = encodings(
        "record_id,first_name,last_name,date_of_birth\np1,Ioana,MARIN,1998-07-14\np2,Blessing,OKAFOR,1987-02-19\np3,Li,WEI,2001-10-02\n",
    );
    let ngo = encodings(
        "record_id,first_name,last_name,date_of_birth\nn1,Ioana,Marin,1998-07-14\nn2,Blessing,Okafor,1987-02-19\nn3,Svetlana,Orlova,2003-11-30\n",
    );
    let mut analyst = app.client();
    analyst.login_ok("analyst").await;
    let csrf = analyst.csrf("/linkage").await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .text("threshold", "0.8")
        .part(
            "lists",
            reqwest::multipart::Part::bytes(police.clone()).file_name("police.jsonl"),
        )
        .part(
            "lists",
            reqwest::multipart::Part::bytes(ngo).file_name("ngo.jsonl"),
        );
    let res = analyst.post_multipart("/linkage", form).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains("4 distinct persons found"), "{}", res.body);
    let overlap = res.body.split("id=\"linkage-overlap\"").nth(1).unwrap();
    assert!(overlap.contains("<td class=\"num\">2</td>"), "{overlap}");
    assert!(res.body.contains("<svg"), "the overlap diagram");
    let audit = app.store.audit_recent(5).await.unwrap();
    assert_eq!(audit[0].action, "linkage.run");
    // A bad file is refused with its line; a caseworker may not link.
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf)
        .part(
            "lists",
            reqwest::multipart::Part::bytes(police).file_name("police.jsonl"),
        )
        .part(
            "lists",
            reqwest::multipart::Part::bytes(b"{\"id\":\"x\",\"clk\":\"***\"}\n".to_vec())
                .file_name("bad.jsonl"),
        );
    let res = analyst.post_multipart("/linkage", form).await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("bad: line 1: clk"), "{}", res.body);
    let mut c = app.client();
    c.login_ok("caseworker").await;
    assert_eq!(c.get("/linkage").await.status, 403);
}
