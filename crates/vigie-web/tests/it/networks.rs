//! Criminal networks: the analyst uploads and opens networks; other roles get 403 unless the administrator
//! grants them; every view is audited; bad files are refused whole, with their lines.

use vigie_store::{NetworkStore, Store};

use crate::helpers::*;

const ENTITIES: &str = "id,kind,label,country,area\n\
    P1,person,P1,,\n\
    P2,person,P2,,\n\
    P3,person,P3,,\n\
    P4,person,P4,,\n\
    C1,company,Garage du Canal,FR,north\n\
    C2,company,GARAGE DU CANAL SARL,FR,north\n\
    T1,phone,+40 721 000 000,,\n";
const LINKS: &str = "source,target,kind,weight,date\n\
    P1,P2,co_offending,2,2026-01-10\n\
    P2,P3,co_offending,1,2026-02-11\n\
    P1,P3,call,4,2026-02-12\n\
    P3,C1,employment,1,\n\
    P4,C1,employment,1,\n\
    P4,T1,call,3,2026-03-01\n\
    P2,C2,employment,1,\n";

fn upload_form(csrf: &str, name: &str, entities: &str, links: &str) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("csrf", csrf.to_owned())
        .text("name", name.to_owned())
        .part(
            "entities",
            reqwest::multipart::Part::bytes(entities.as_bytes().to_vec()).file_name("entities.csv"),
        )
        .part(
            "links",
            reqwest::multipart::Part::bytes(links.as_bytes().to_vec()).file_name("links.csv"),
        )
}

async fn demo_network_id(app: &TestApp) -> i64 {
    let (info, _) = app.store.network_presence().await.unwrap().unwrap();
    info.id
}

#[tokio::test]
async fn an_analyst_opens_the_demo_network_its_communities_and_facilitators() {
    let app = spawn_app().await;
    let id = demo_network_id(&app).await;
    let mut analyst = app.client();
    analyst.login_ok("analyst").await;
    let res = analyst.get("/networks").await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains("Vallombre demo network"));
    assert!(
        res.body.contains("href=\"/networks\""),
        "the navigation links to networks"
    );

    let res = analyst.get(&format!("/networks/{id}")).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains("<svg"), "the drawing");
    assert!(res.body.contains("class=\"node"), "nodes are drawn");
    let communities = res.body.split("id=\"network-communities\"").nth(1).unwrap();
    let first = communities
        .split(&format!("/networks/{id}/communities/"))
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    assert!(res.body.contains("id=\"network-brokers\""));
    assert!(
        res.body.contains("id=\"network-relays\""),
        "the demo has links abroad"
    );

    let res = analyst.get(&format!("/networks/{id}/communities/{first}")).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains("id=\"community-members\""));
    assert!(res.body.contains("<svg"));

    let res = analyst.get(&format!("/networks/{id}/facilitators")).await;
    assert_eq!(res.status, 200);
    assert!(
        res.body.contains("id=\"facilitators\""),
        "the demo has facilitators"
    );

    let res = analyst
        .get(&format!("/networks/{id}/analysis.json?resolution=1.5&seed=3"))
        .await;
    assert_eq!(res.status, 200);
    let json: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    for key in ["components", "communities", "modularity", "nodes", "facilitators"] {
        assert!(json.get(key).is_some(), "{key}");
    }
    assert_eq!(json["resolution"], 1.5);
    // Persons carry no label in an export.
    for n in json["nodes"].as_array().unwrap() {
        if n["kind"] == "person" {
            assert!(n["label"].is_null(), "{n}");
        }
    }

    // Filters: one kind, one community, a date range; a bad date is said.
    let caption = |body: &str| {
        body.split("<figcaption>")
            .nth(1)
            .unwrap()
            .split("</figcaption>")
            .next()
            .unwrap()
            .to_owned()
    };
    let res = analyst.get(&format!("/networks/{id}?community={first}")).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let members = res.body.matches("class=\"node ").count();
    assert!(
        members >= 3 && caption(&res.body).contains(&format!("{members} entities")),
        "{members}"
    );
    let res = analyst
        .get(&format!(
            "/networks/{id}?kind=company&from=2020-01-01&to=2026-12-31"
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let companies = res.body.matches("class=\"node square").count();
    assert!(companies > 0, "{}", caption(&res.body));
    assert_eq!(
        res.body.matches("class=\"node ").count(),
        companies,
        "companies only"
    );
    let res = analyst.get(&format!("/networks/{id}?draw=communities")).await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains("communities are drawn"), "{}", res.body);
    assert!(
        res.body
            .contains(&format!("href=\"/networks/{id}/communities/{first}\""))
    );
    let res = analyst.get(&format!("/networks/{id}?from=yesterday")).await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("YYYY-MM-DD"));

    // Every view is audited with what was viewed.
    let audit = app.store.audit_recent(20).await.unwrap();
    let views: Vec<&str> = audit
        .iter()
        .filter(|e| e.action == "network.view" && e.actor == "analyst")
        .map(|e| e.detail.as_str())
        .collect();
    assert_eq!(views.len(), 8, "{views:?}");
    assert!(
        views.iter().any(|d| d.contains(&format!("community {first}"))),
        "{views:?}"
    );
    assert!(
        views.iter().any(|d| d.contains("export resolution=1.5 seed=3")),
        "{views:?}"
    );
    assert!(audit.iter().any(|e| e.action == "network.list"));
    assert!(app.store.audit_verify().await.unwrap().broken_at.is_none());

    // An unknown network or community is a 404.
    assert_eq!(analyst.get(&format!("/networks/{}", id + 100)).await.status, 404);
    assert_eq!(
        analyst
            .get(&format!("/networks/{id}/communities/99999"))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn other_roles_get_403_until_the_administrator_grants_them() {
    let app = spawn_app().await;
    let id = demo_network_id(&app).await;
    for role in ["caseworker", "coordinator", "partner", "dpo", "admin"] {
        let mut c = app.client();
        c.login_ok(role).await;
        for path in [
            "/networks".to_owned(),
            format!("/networks/{id}"),
            format!("/networks/{id}/communities/0"),
            format!("/networks/{id}/facilitators"),
            format!("/networks/{id}/analysis.json"),
        ] {
            assert_eq!(c.get(&path).await.status, 403, "{role} {path}");
        }
        let home = c.get("/").await;
        assert!(!home.body.contains("href=\"/networks\""), "{role} sees no link");
    }
    let before = app.store.audit_recent(1000).await.unwrap();
    assert!(
        !before
            .iter()
            .any(|e| e.action == "network.view" && e.actor != "analyst")
    );

    // The administrator grants the coordinator's role; the coordinator sees networks, the caseworker still not.
    let mut admin = app.client();
    admin.login_ok("admin").await;
    let csrf = admin.csrf("/admin/users").await;
    let page = admin.get("/admin/users").await;
    assert!(
        page.body.contains("id=\"grant-view_networks-coordinator\""),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains("grant-view_networks-partner"),
        "never to a partner"
    );
    let res = admin
        .post(
            "/admin/grants",
            &[
                ("csrf", &csrf),
                ("role", "coordinator"),
                ("action", "view_networks"),
                ("change", "grant"),
            ],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    let mut coordinator = app.client();
    coordinator.login_ok("coordinator").await;
    assert_eq!(coordinator.get(&format!("/networks/{id}")).await.status, 200);
    assert!(coordinator.get("/").await.body.contains("href=\"/networks\""));
    let mut caseworker = app.client();
    caseworker.login_ok("caseworker").await;
    assert_eq!(caseworker.get(&format!("/networks/{id}")).await.status, 403);
    // A partner cannot be granted, even by a forged form.
    let res = admin
        .post(
            "/admin/grants",
            &[
                ("csrf", &csrf),
                ("role", "partner"),
                ("action", "view_networks"),
                ("change", "grant"),
            ],
        )
        .await;
    assert_eq!(res.status, 422);
    // Withdrawn: 403 again at once.
    let res = admin
        .post(
            "/admin/grants",
            &[
                ("csrf", &csrf),
                ("role", "coordinator"),
                ("action", "view_networks"),
                ("change", "withdraw"),
            ],
        )
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(coordinator.get(&format!("/networks/{id}")).await.status, 403);
    let audit = app.store.audit_recent(50).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "grant.add" && e.actor == "admin")
    );
    assert!(
        audit
            .iter()
            .any(|e| e.action == "grant.remove" && e.actor == "admin")
    );
}

#[tokio::test]
async fn an_uploaded_network_is_stored_whole_or_refused_with_its_lines() {
    let app = spawn_app().await;
    let mut analyst = app.client();
    analyst.login_ok("analyst").await;
    let csrf = analyst.csrf("/networks").await;
    let res = analyst
        .post_multipart("/networks", upload_form(&csrf, "Canal", ENTITIES, LINKS))
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    let location = res.location();
    assert!(location.starts_with("/networks/"), "{location}");
    let res = analyst.get(&location).await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains("Canal"));
    assert!(res.body.contains("Garage du Canal"), "a company keeps its label");
    // The phone with a Romanian prefix is abroad; P4 relays it.
    let relays = res.body.split("id=\"network-relays\"").nth(1).unwrap();
    assert!(relays.contains("P4") && relays.contains("RO"), "{relays}");
    let (_, presence) = app.store.network_presence().await.unwrap().unwrap();
    assert_eq!(presence.len(), 1);
    assert_eq!((presence[0].area.as_str(), presence[0].premises), ("north", 2));
    // The garage written twice is one on request, and the merge is shown.
    let res = analyst.get(&format!("{location}?resolve=1")).await;
    assert_eq!(res.status, 200);
    let merged = res
        .body
        .split("id=\"network-merged\"")
        .nth(1)
        .unwrap()
        .split("</ul>")
        .next()
        .unwrap();
    assert!(
        merged.contains("C1 (Garage du Canal) ← C2 (GARAGE DU CANAL SARL)"),
        "{merged}"
    );
    assert!(
        !res.body.contains("data-node=\"C2\""),
        "the duplicate is not drawn"
    );
    assert!(analyst.get(&location).await.body.contains("data-node=\"C2\""));

    // Bad files: every problem with its file, line and field; nothing stored.
    let stored = |app: &TestApp| {
        let store = app.store.clone();
        async move {
            store
                .audit_recent(1000)
                .await
                .unwrap()
                .iter()
                .filter(|e| e.action == "network.upload")
                .count()
        }
    };
    let before = stored(&app).await;
    let bad_links = "source,target,kind,weight,date\nP1,P9,call,1,\nP2,P2,call,1,\nP1,P3,bribery,-2,\n";
    let res = analyst
        .post_multipart("/networks", upload_form(&csrf, "Bad", ENTITIES, bad_links))
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(
        res.body.contains("links.csv, line 2, field target"),
        "{}",
        res.body
    );
    assert!(res.body.contains("links.csv, line 3"), "the self-loop");
    assert!(res.body.contains("line 4, field kind"), "the unknown kind");
    assert!(res.body.contains("line 4, field weight"), "the negative weight");
    let res = analyst
        .post_multipart("/networks", upload_form(&csrf, "Empty", "", LINKS))
        .await;
    assert_eq!(res.status, 422);
    let res = analyst
        .post_multipart(
            "/networks",
            upload_form(&csrf, "Empty", "id,kind,label,country,area\n", LINKS),
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("entities.csv"), "{}", res.body);
    // The same name twice is refused.
    let res = analyst
        .post_multipart("/networks", upload_form(&csrf, "Canal", ENTITIES, LINKS))
        .await;
    assert_eq!(res.status, 409);
    assert_eq!(stored(&app).await, before);
    // A forged token is refused.
    let res = analyst
        .post_multipart("/networks", upload_form("forged", "Other", ENTITIES, LINKS))
        .await;
    assert_eq!(res.status, 403);
}

#[tokio::test]
async fn the_diagnosis_shows_where_the_networks_touch_the_areas_without_naming_anyone() {
    let app = spawn_app().await;
    let (_, presence) = app.store.network_presence().await.unwrap().unwrap();
    assert!(presence.len() >= 5, "the demo network touches several areas");
    let mut coordinator = app.client();
    coordinator.login_ok("coordinator").await;
    let page = coordinator.get("/diagnosis").await;
    assert_eq!(page.status, 200);
    let section = page
        .body
        .split("id=\"networks\"")
        .nth(1)
        .expect("a section on criminal networks")
        .split("</section>")
        .next()
        .unwrap();
    assert!(section.contains("<svg"), "a map");
    assert!(section.contains("Vallombre demo network"));
    let table = section.split("<tbody>").nth(1).unwrap();
    assert_eq!(
        table.matches("<tr>").count(),
        presence.iter().filter(|p| p.entities > 0).count()
    );
    // The area with most groups comes first, with its figures.
    let top = presence
        .iter()
        .max_by_key(|p| (p.groups, p.premises, std::cmp::Reverse(p.area.clone())))
        .unwrap();
    let first = table.split("</tr>").next().unwrap();
    assert!(
        first.contains(&format!("<span class=\"code\">{}</span>", top.area)),
        "{first}"
    );
    assert!(
        first.contains(&format!("<td class=\"num\">{}</td>", top.groups)),
        "{first}"
    );
    // No entity is named: no pseudonym, no company label.
    for needle in ["P-0", "C-0", "T-0", "L-0"] {
        assert!(!section.contains(needle), "{needle} in the diagnosis");
    }
    // The downloaded report has the section too.
    let file = coordinator.get("/diagnosis/report.html").await;
    assert!(file.body.contains("id=\"networks\""));
}
