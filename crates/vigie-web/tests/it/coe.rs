//! The Council of Europe over HTTP: the administrator corrects the Convention's chart with a source (the public
//! page shows it, the history lists it; without a source nothing is stored), others read it and cannot change it;
//! the city's country and GRETA's current round at the test clock; the coordinator enters GRETA's recommendations
//! and makes one a measure of the action plan, which ends linked to it; every change audited.

use vigie_store::{ConventionStore, PlanStore, Store, Viewer};
use vigie_web::Clock;

use crate::helpers::*;

async fn viewer(app: &TestApp, name: &str) -> Viewer {
    let user = app
        .store
        .users()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.username.as_str() == name)
        .unwrap();
    Viewer::new(user, "test")
}

async fn audit_count(app: &TestApp, action: &str) -> usize {
    app.store
        .audit_recent(10_000)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.action == action)
        .count()
}

/// The public page's row of a state.
fn public_row(body: &str, state: &str) -> String {
    body.split(&format!("<th scope=\"row\">{state}"))
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn the_administrator_corrects_the_chart_with_a_source_and_the_public_page_shows_it() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.login_ok("admin").await;

    let page = c.get("/convention").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("href=\"/convention\""), "menu link");
    assert!(page.body.contains("id=\"coe-change-form\""));
    assert!(page.body.contains("id=\"coe-no-history\""));
    let before = c.get("/public/en/convention").await;
    assert!(public_row(&before.body, "Finland").contains("2012-05-30 (to be checked)"));

    // Without a source: refused with the field's message, nothing stored.
    let csrf = csrf_of(&page.body);
    let refused = c
        .post(
            "/convention",
            &[
                ("csrf", csrf.as_str()),
                ("state", "Finland"),
                ("step", "ratification"),
                ("date", "2012-05-29"),
                ("confirmation", "confirmed"),
                ("source", "  "),
                ("note", ""),
            ],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("data-field=\"source\" data-code=\"source-required\"")
    );
    assert!(
        refused.body.contains("Source: the source is required"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("value=\"2012-05-29\""),
        "the form keeps what was typed"
    );
    assert!(app.store.chart_changes().await.unwrap().is_empty());
    assert_eq!(audit_count(&app, "convention.change").await, 0);

    // A computed entry into force that is not Art. 42's: refused, with the date Art. 42 gives.
    let bad = c
        .post(
            "/convention",
            &[
                ("csrf", csrf.as_str()),
                ("state", "Andorra"),
                ("step", "entry_into_force"),
                ("date", "2011-09-01"),
                ("confirmation", "computed"),
                ("source", "Treaty Office chart"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("data-code=\"date-not-article-42\"") && bad.body.contains("2011-07-01"));

    // With a source: recorded, shown on the public page and in the history.
    let source = "https://www.coe.int/en/web/conventions/full-list?module=signatures-by-treaty&treatynum=197";
    let ok = c
        .post(
            "/convention",
            &[
                ("csrf", csrf.as_str()),
                ("state", "Finland"),
                ("step", "ratification"),
                ("date", "2012-05-29"),
                ("confirmation", "confirmed"),
                ("source", source),
                ("note", "checked against the Treaty Office"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    assert!(
        ok.location().starts_with("/convention?saved="),
        "{}",
        ok.location()
    );
    let public = c.get("/public/en/convention").await;
    let finland = public_row(&public.body, "Finland");
    assert!(finland.contains("<td>2012-05-29</td>"), "{finland}");
    assert!(!finland.contains("2012-05-30"));
    assert!(public.body.contains("48 states are Parties"), "still 48 Parties");
    let page = c.get("/convention?saved=1").await;
    assert!(page.body.contains("id=\"coe-saved\""));
    let history = page
        .body
        .split("id=\"history-state-finland\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert!(history.contains("2026-06-01 09:00 UTC"), "{history}");
    assert!(history.contains("<td>admin</td>"));
    assert!(history.contains("2012-05-29"));
    assert!(history.contains("href=\"https://www.coe.int/en/web/conventions/full-list?module=signatures-by-treaty&amp;treatynum=197\"")
        || history.contains("href=\"https://www.coe.int/en/web/conventions/full-list?module=signatures-by-treaty&#38;treatynum=197\""), "{history}");
    assert!(history.contains("checked against the Treaty Office"));

    let changes = app.store.chart_changes().await.unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].author, "admin");
    assert_eq!(changes[0].change.source, source);
    assert_eq!(audit_count(&app, "convention.change").await, 1);

    // The API says what the page says.
    let api: serde_json::Value = serde_json::from_str(&c.get("/api/v1/convention").await.body).unwrap();
    assert_eq!(api["changes"].as_array().unwrap().len(), 1);
    assert_eq!(api["changes"][0]["change"]["source"], source);
    assert_eq!(
        api["chart"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["state"] == "Finland")
            .count(),
        1
    );
}

#[tokio::test]
async fn others_read_the_chart_and_cannot_change_it() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.login_ok("coordinator").await;
    let page = c.get("/convention").await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("id=\"coe-change-form\""));
    let csrf = csrf_of(&page.body);
    let res = c
        .post(
            "/convention",
            &[
                ("csrf", csrf.as_str()),
                ("state", "Finland"),
                ("step", "ratification"),
                ("date", "2012-05-29"),
                ("confirmation", "confirmed"),
                ("source", "somewhere"),
            ],
        )
        .await;
    assert_eq!(res.status, 403);
    assert!(app.store.chart_changes().await.unwrap().is_empty());
    // The store refuses too, whatever the page does.
    let v = viewer(&app, "coordinator").await;
    let draft = vigie_domain::convention::ChangeDraft {
        state: "Finland".into(),
        step: "ratification".into(),
        date: "2012-05-29".into(),
        confirmation: "confirmed".into(),
        source: "somewhere".into(),
        note: String::new(),
    };
    assert!(matches!(
        app.store.change_chart(&v, &draft, app.clock.now()).await,
        Err(vigie_store::StoreError::Forbidden(_))
    ));

    // A caseworker reads the page (no menu link) and may not see the recommendations.
    let mut w = app.client();
    w.login_ok("caseworker").await;
    let page = w.get("/convention").await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("href=\"/convention\""));
    assert!(!page.body.contains("href=\"/convention/recommendations\""));
    assert_eq!(w.get("/convention/recommendations").await.status, 403);
    let mut admin = app.client();
    admin.login_ok("admin").await;
    assert_eq!(admin.get("/convention/recommendations").await.status, 403);
    // Signed out: to the login page.
    assert_eq!(app.client().get("/convention").await.status, 303);
}

#[tokio::test]
async fn the_citys_country_and_the_current_greta_round() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.login_ok("analyst").await;
    let page = c.get("/convention").await;
    assert_eq!(page.status, 200);
    // The demo city is in France; the test clock says 1 June 2026: the 4th round (launched 30 June 2023).
    assert!(
        page.body.contains("France is a Party to the Convention: ratified on 2008-01-09 (to be checked), in force for it since 2008-05-01."),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("Current round: the 4th round (vulnerabilities to trafficking")
    );
    assert!(page.body.contains("launched 2023-06-30 (today 2026-06-01)"));
    let current = page
        .body
        .split("data-current=\"true\"><th scope=\"row\">")
        .nth(1)
        .unwrap();
    assert!(current.starts_with("4th round"), "{current}");
    assert_eq!(page.body.matches("data-current=\"true\"").count(), 1);

    // In French.
    let mut fr = app.client();
    fr.accept_language = Some("fr".into());
    fr.login_ok("analyst").await;
    let page = fr.get("/convention").await;
    assert!(
        page.body.contains("Cycle en cours : le 4e cycle"),
        "{}",
        page.body
    );
    assert!(page.body.contains("France est Partie à la Convention"));
}

#[tokio::test]
async fn a_greta_recommendation_becomes_a_measure_linked_to_it() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.login_ok("coordinator").await;
    let page = c.get("/convention/recommendations").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("id=\"coe-no-recommendations\""));
    assert!(
        page.body.contains("<option value=\"4\" selected>"),
        "the current round first"
    );
    let csrf = csrf_of(&page.body);
    let text = "GRETA urges the authorities to ensure that all victims of trafficking have access to safe \
                accommodation adapted to their needs, including male victims.";

    // Bad input: every problem by field, nothing stored.
    let bad = c
        .post(
            "/convention/recommendations",
            &[
                ("csrf", csrf.as_str()),
                ("text", ""),
                ("round", "3"),
                ("year", "2017"),
                ("paragraph", "142"),
                ("article", "12"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(
        bad.body
            .contains("data-field=\"text\" data-code=\"text-required\"")
    );
    assert!(
        bad.body
            .contains("data-field=\"year\" data-code=\"year-before-round\"")
    );
    let v = viewer(&app, "coordinator").await;
    assert!(app.store.recommendations(&v).await.unwrap().is_empty());

    let res = c
        .post(
            "/convention/recommendations",
            &[
                ("csrf", csrf.as_str()),
                ("text", text),
                ("round", "3"),
                ("year", "2022"),
                ("paragraph", "142"),
                ("article", "12"),
            ],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    let list = app.store.recommendations(&v).await.unwrap();
    assert_eq!(list.len(), 1);
    let id = list[0].id;
    let page = c.get("/convention/recommendations").await;
    let row = page
        .body
        .split(&format!("id=\"recommendation-{id}\""))
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap()
        .to_owned();
    assert!(
        row.contains("GRETA, 3rd round, report of 2022, paragraph 142"),
        "{row}"
    );
    assert!(row.contains("Art. 12 – assistance to victims"));
    assert!(row.contains("data-status=\"none\"") && row.contains(&format!("data-make=\"{id}\"")));
    assert!(row.contains("Suggested response: Victim support."), "{row}");

    // "Make it a measure": the plan's form, prefilled, with the recommendation in a hidden field.
    let form = c.get(&format!("/plan/new?recommendation={id}")).await;
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(form.body.contains("id=\"plan-from-recommendation\""));
    assert_eq!(hidden_of(&form.body, "recommendation"), id.to_string());
    assert!(form.body.contains("value=\"M13\""), "the next free code");
    assert!(
        form.body
            .contains("GRETA 2022 § 142: GRETA urges the authorities"),
        "{}",
        form.body
    );
    assert!(form.body.contains(
        "(GRETA, 3rd round, report of 2022, paragraph 142; Convention, Art. 12 – assistance to victims)"
    ));
    assert!(
        form.body.contains("<option value=\"victim_support\" selected>"),
        "Art. 12 suggests victim support"
    );

    // A measure the plan refuses (no lead): the form comes back with the recommendation, nothing linked.
    let csrf = csrf_of(&form.body);
    let id_text = id.to_string();
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("recommendation", id_text.as_str()),
        ("code", "M13"),
        ("title", "GRETA 2022 § 142: safe accommodation for all victims"),
        ("objective", "To act on GRETA's recommendation (paragraph 142)."),
        ("response", "victim_support"),
        ("lead", ""),
        ("start", "2026-07-01"),
        ("status", "planned"),
    ];
    let refused = c.post("/plan", &fields).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(hidden_of(&refused.body, "recommendation"), id_text);
    assert_eq!(app.store.recommendation(&v, id).await.unwrap().measure, None);

    // Created: linked to the recommendation.
    if let Some(lead) = fields.iter_mut().find(|(k, _)| *k == "lead") {
        lead.1 = "social";
    }
    let created = c.post("/plan", &fields).await;
    assert_eq!(created.status, 303, "{}", created.body);
    assert_eq!(created.location(), "/plan/M13");
    assert_eq!(
        app.store.recommendation(&v, id).await.unwrap().measure.as_deref(),
        Some("M13")
    );
    let m = app.store.measure(&v, "M13").await.unwrap();
    assert_eq!(m.measure.response, vigie_domain::ResponseKind::VictimSupport);
    let page = c.get("/convention/recommendations").await;
    assert!(page.body.contains("data-measure=\"M13\""), "{}", page.body);
    assert!(!page.body.contains(&format!("data-make=\"{id}\"")));

    // Sent again, or asked again: the measure it became, no second measure.
    let again = c.post("/plan", &fields).await;
    assert_eq!(again.status, 303);
    assert_eq!(again.location(), "/plan/M13");
    let asked = c.get(&format!("/plan/new?recommendation={id}")).await;
    assert_eq!(asked.location(), "/plan/M13");
    assert_eq!(c.get("/plan/new?recommendation=999").await.status, 404);
    assert_eq!(app.store.measures(&v).await.unwrap().len(), 13);

    assert_eq!(audit_count(&app, "greta.recommendation").await, 1);
    assert_eq!(audit_count(&app, "greta.measure").await, 1);

    // An analyst reads the plan but may not make a measure from a recommendation.
    let mut a = app.client();
    a.login_ok("analyst").await;
    assert_eq!(a.get(&format!("/plan/new?recommendation={id}")).await.status, 403);
}
