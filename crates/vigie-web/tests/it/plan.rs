//! The action plan in the browser's HTTP: the coordinator's dashboard, suggestions and form (bad input refused
//! whole), a partner's own measures, the printed plan and the report's section.

use vigie_store::{PlanStore, Store, Viewer};

use crate::helpers::*;

fn form(csrf: &str, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = vec![
        ("csrf".into(), csrf.into()),
        ("code".into(), "M13".into()),
        ("title".into(), "Youth outreach in N05".into()),
        ("objective".into(), "Fewer recruitments".into()),
        ("areas".into(), "N05".into()),
        ("phenomena".into(), "youth_recruitment".into()),
        ("phenomena".into(), "drug_selling_point".into()),
        ("linked_indicators".into(), "youth_share".into()),
        ("response".into(), "youth_family".into()),
        ("barrier".into(), "recruitment".into()),
        ("lead".into(), "social".into()),
        ("partners".into(), "refuge".into()),
        ("budget".into(), "12 000".into()),
        ("start".into(), "2026-01-01".into()),
        ("end".into(), "2027-12-31".into()),
        ("status".into(), "planned".into()),
        ("indicator_name_0".into(), "Recruitments per 1,000".into()),
        ("indicator_source_0".into(), "incident_rate".into()),
        ("indicator_baseline_0".into(), "1,5".into()),
        ("indicator_target_0".into(), "1".into()),
        ("indicator_name_1".into(), "Referrals to support".into()),
        ("indicator_source_1".into(), "referrals".into()),
        ("indicator_baseline_1".into(), "10".into()),
        ("indicator_target_1".into(), "20".into()),
    ];
    for (k, val) in extra {
        if let Some(slot) = v.iter_mut().find(|(key, _)| key == k) {
            slot.1 = (*val).to_owned();
        } else {
            v.push(((*k).to_owned(), (*val).to_owned()));
        }
    }
    v
}

async fn post_pairs(c: &mut Client, path: &str, pairs: &[(String, String)]) -> Response {
    let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    c.post(path, &refs).await
}

#[tokio::test]
async fn the_coordinator_builds_the_plan_and_bad_measures_are_refused_whole() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.login_ok("coordinator").await;
    let page = c.get("/plan").await;
    assert_eq!(page.status, 200, "{}", page.body);
    for code in ["M01", "M06", "M12"] {
        assert!(page.body.contains(&format!("data-measure=\"{code}\"")), "{code}");
    }
    assert!(page.body.contains("<svg"), "charts");
    assert!(
        page.body.contains("id=\"plan-overdue\""),
        "the demo has measures still planned after their start"
    );

    // Suggestions from the diagnosis, each with its reasons, and a form filled from one.
    let sug = c.get("/plan/suggestions").await;
    assert_eq!(sug.status, 200);
    let href = sug
        .body
        .split("href=\"/plan/new?")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&")
        .replace("&#38;", "&");
    assert!(sug.body.contains("Suggested because"));
    let filled = c.get(&format!("/plan/new?{href}")).await;
    assert_eq!(filled.status, 200);
    assert!(filled.body.contains("id=\"plan-from-suggestion\""));
    assert!(filled.body.contains("value=\"M13\""), "the next free code");
    let area = href.split("area=").nth(1).unwrap();
    assert!(
        filled
            .body
            .contains(&format!("<option value=\"{area}\" selected>")),
        "{area}"
    );

    // Bad input: an end before the start, an unknown area, an indicator without a baseline: nothing stored.
    let csrf = c.csrf("/plan/new").await;
    let bad = form(
        &csrf,
        &[
            ("end", "2025-01-01"),
            ("areas", "N99"),
            ("indicator_baseline_0", ""),
        ],
    );
    let res = post_pairs(&mut c, "/plan", &bad).await;
    assert_eq!(res.status, 422, "{}", res.body);
    for needle in [
        "is before the start",
        "`N99` is not an area of the city",
        "baseline is missing",
    ] {
        assert!(res.body.contains(needle), "{needle}");
    }
    assert!(
        res.body.contains("value=\"Youth outreach in N05\""),
        "the form is shown again as filled"
    );
    let coordinator = Viewer::new(
        vigie_domain::User {
            username: vigie_domain::Username::parse("coordinator").unwrap(),
            role: vigie_domain::Role::Coordinator,
            agency: None,
            active: true,
        },
        "test",
    );
    assert_eq!(app.store.measures(&coordinator).await.unwrap().len(), 12);

    // A good measure is stored and shown; the same code again is refused.
    let res = post_pairs(&mut c, "/plan", &form(&csrf, &[])).await;
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(res.location(), "/plan/M13");
    let m = c.get("/plan/M13").await;
    assert_eq!(m.status, 200);
    assert!(m.body.contains("Youth outreach in N05") && m.body.contains("12000 €"));
    assert!(m.body.contains("1.50"), "the baseline written 1,5");
    // vigie computes the referrals indicator from its own referrals.
    let row = m
        .body
        .split("Referrals to support</th>")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(!row.contains("<td>–</td>"), "{row}");
    assert_eq!(post_pairs(&mut c, "/plan", &form(&csrf, &[])).await.status, 409);
    // A measure's evaluation says what it found.
    let m01 = c.get("/plan/M01").await;
    assert!(m01.body.contains("id=\"measure-evaluation\""));
    assert!(
        m01.body.contains("id=\"measure-rates\"><svg"),
        "the yearly rates, measure against comparison"
    );
    assert!(m01.body.contains("id=\"measure-over-time\""));
    // The yearly progress report.
    let report = c.get("/plan/report?year=2025").await;
    assert_eq!(report.status, 200);
    assert!(report.body.contains("id=\"report-M01\"") && report.body.contains("in 2024)"));
    assert!(!report.body.contains("id=\"report-M10\""), "M10 ended in 2023");
    assert_eq!(c.get("/plan/report?year=99999").await.status, 400);
    assert!(m01.body.contains("data-conclusion="), "{}", m01.body);

    // The printed plan and the report's section.
    let print = c.get("/plan/print").await;
    assert_eq!(print.status, 200);
    assert!(print.body.contains("id=\"print-M13\""));
    let report = c.get("/diagnosis").await;
    assert!(report.body.contains("id=\"action-plan\""));
    assert!(report.body.contains("href=\"/plan/M13\""));
}

#[tokio::test]
async fn a_partner_sees_and_updates_only_the_measures_it_carries() {
    let app = spawn_app().await;
    // The demo partner runs the safe accommodation (refuge): it carries M02 and M03.
    let mut p = app.client();
    p.login_ok("partner").await;
    let page = p.get("/plan").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("data-measure=\"M02\"") && page.body.contains("data-measure=\"M03\""));
    assert!(!page.body.contains("data-measure=\"M01\""));
    assert!(!page.body.contains("/plan/new"), "no new measure for a partner");
    assert_eq!(p.get("/plan/M01").await.status, 404);
    // The partner's evaluation of M02 is the coordinator's: the whole plan decides the comparison areas.
    let comparison = |body: &str| {
        body.split("Comparison areas</dt><dd>")
            .nth(1)
            .unwrap()
            .split("</dd>")
            .next()
            .unwrap()
            .to_owned()
    };
    let mut c = app.client();
    c.login_ok("coordinator").await;
    assert_eq!(
        comparison(&p.get("/plan/M02").await.body),
        comparison(&c.get("/plan/M02").await.body)
    );
    assert_eq!(p.get("/plan/new").await.status, 403);
    let csrf = p.csrf("/plan/M02").await;
    let res = p
        .post(
            "/plan/M02/status",
            &[
                ("csrf", &csrf),
                ("status", "suspended"),
                ("note", "no staff in summer"),
            ],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    let m = p.get("/plan/M02?saved=status").await;
    assert!(m.body.contains("no staff in summer"), "the timeline");
    let res = p
        .post(
            "/plan/M02/values",
            &[
                ("csrf", &csrf),
                ("indicator", "0"),
                ("period", "2026-06"),
                ("value", "2,5"),
            ],
        )
        .await;
    assert_eq!(res.status, 303);
    let m = p.get("/plan/M02").await;
    assert!(m.body.contains("id=\"measure-values\"") && m.body.contains("2026-06"));
    assert_eq!(
        p.post("/plan/M01/status", &[("csrf", &csrf), ("status", "done")])
            .await
            .status,
        404,
        "not a measure it carries"
    );
    let res = p
        .post(
            "/plan/M02/values",
            &[
                ("csrf", &csrf),
                ("indicator", "0"),
                ("period", "June"),
                ("value", "1"),
            ],
        )
        .await;
    assert_eq!(res.status, 400);
    let audit = app.store.audit_recent(20).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "plan.status" && e.actor == "partner")
    );
    // A caseworker has no plan.
    let mut cw = app.client();
    cw.login_ok("caseworker").await;
    assert_eq!(cw.get("/plan").await.status, 403);
}
