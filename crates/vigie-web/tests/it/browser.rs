//! The pages in a real browser: headless Chromium driven through ChromeDriver (Debian's `chromium` and
//! `chromium-driver`, installed by `scripts/test`). Without ChromeDriver these tests fail, unless
//! `VIGIE_SKIP_BROWSER_TESTS=1` says to skip them on purpose.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use vigie_store::Store;

use crate::helpers::{PASSWORD, TestApp, spawn_app};

pub(crate) struct Driver {
    child: Child,
    port: u16,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn chromedriver() -> Option<String> {
    let candidates = [
        std::env::var("CHROMEDRIVER").ok(),
        Some("/usr/bin/chromedriver".into()),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|p| std::path::Path::new(p).exists())
}

/// Starts ChromeDriver, or returns `None` when the tests are to be skipped on purpose.
pub(crate) fn start_driver() -> Option<Driver> {
    let Some(path) = chromedriver() else {
        if std::env::var("VIGIE_SKIP_BROWSER_TESTS").as_deref() == Ok("1") {
            eprintln!("browser tests skipped: VIGIE_SKIP_BROWSER_TESTS=1 and no chromedriver");
            return None;
        }
        panic!(
            "chromedriver not found: run scripts/test (it installs chromium and chromium-driver), or set VIGIE_SKIP_BROWSER_TESTS=1"
        );
    };
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    Some(Driver {
        child,
        port,
        _profile: tempfile::tempdir().unwrap(),
    })
}

pub(crate) async fn browser(driver: &Driver) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--window-size=1280,1600",
                format!("--user-data-dir={}", driver._profile.path().join(format!("p{}", rand_suffix())).display()),
            ],
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a browser session")
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// Fills and sends the sign-in form of the current page.
async fn fill_login(b: &Client, user: &str) {
    b.find(Locator::Id("username"))
        .await
        .unwrap()
        .send_keys(user)
        .await
        .unwrap();
    b.find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    b.find(Locator::Css("form[action='/login'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

async fn sign_in(b: &Client, app: &TestApp, user: &str) {
    b.goto(&app.url("/login")).await.unwrap();
    fill_login(b, user).await;
    wait_for_path(b, "/").await;
}

async fn wait_for_path(b: &Client, path: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let url = b.current_url().await.unwrap();
        if url.path() == path {
            return;
        }
        assert!(Instant::now() < deadline, "expected {path}, at {url}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The text of the page's main heading, read in one script so that a page being replaced cannot hand us a stale
/// element; empty while there is none.
pub(crate) async fn heading(b: &Client) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        let v = b
            .execute(
                "const h = document.querySelector('main h1'); return h ? h.textContent.trim() : null;",
                vec![],
            )
            .await;
        if let Ok(Some(text)) = v.map(|v| v.as_str().map(str::to_owned)) {
            return text;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    String::new()
}

/// Waits until a JavaScript expression is true on the current page (for changes that keep the same address).
async fn wait_until(b: &Client, expression: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let v = b.execute(&format!("return Boolean({expression});"), vec![]).await;
        if matches!(v, Ok(serde_json::Value::Bool(true))) {
            return;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {expression}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn coordinator_signs_in_sees_the_map_and_switches_language() {
    let Some(driver) = start_driver() else { return };
    let app = spawn_app().await;
    let b = browser(&driver).await;
    sign_in(&b, &app, "coordinator").await;
    let svg = b.find(Locator::Css("figure.map svg")).await.unwrap();
    let shapes = svg.find_all(Locator::Css("path.area")).await.unwrap();
    assert_eq!(shapes.len(), app.areas, "one shape per area");
    assert_eq!(svg.attr("role").await.unwrap().as_deref(), Some("img"));
    // A text alternative: the map's title, and the table of values behind it.
    assert!(
        !svg.find(Locator::Css("title"))
            .await
            .unwrap()
            .prop("textContent")
            .await
            .unwrap()
            .unwrap_or_default()
            .is_empty()
    );
    assert!(
        !b.find_all(Locator::Css("details table tbody tr"))
            .await
            .unwrap()
            .is_empty()
    );
    let png = b.screenshot().await.unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("dashboard.png"), png).unwrap();

    b.find(Locator::Css("a[data-lang='fr']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // The address stays the same: wait for the French page itself.
    wait_until(
        &b,
        "document.documentElement.lang === 'fr' && document.querySelector('nav a[href=\"/\"]')",
    )
    .await;
    let lang = b
        .find(Locator::Css("html"))
        .await
        .unwrap()
        .attr("lang")
        .await
        .unwrap();
    assert_eq!(lang.as_deref(), Some("fr"));
    let nav = b
        .find(Locator::Css("nav a[href='/']"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(nav, "Tableau de bord");
    // The choice stays for the next page.
    b.goto(&app.url("/areas")).await.unwrap();
    assert_eq!(heading(&b).await, "Quartiers");
    b.close().await.unwrap();
}

#[tokio::test]
async fn anonymous_visitors_land_on_the_login_page() {
    let Some(driver) = start_driver() else { return };
    let app = spawn_app().await;
    let b = browser(&driver).await;
    for path in ["/", "/areas", "/incidents", "/admin/users"] {
        b.goto(&app.url(path)).await.unwrap();
        wait_for_path(&b, "/login").await;
        assert!(b.find(Locator::Id("password")).await.is_ok());
    }
    // After signing in, the visitor goes where they wanted to go.
    b.goto(&app.url("/indicators")).await.unwrap();
    wait_for_path(&b, "/login").await;
    fill_login(&b, "analyst").await;
    wait_for_path(&b, "/indicators").await;
    b.close().await.unwrap();
}

#[tokio::test]
async fn caseworker_and_partner_are_refused_user_administration() {
    let Some(driver) = start_driver() else { return };
    let app = spawn_app().await;
    for user in ["caseworker", "partner"] {
        let b = browser(&driver).await;
        sign_in(&b, &app, user).await;
        assert!(
            b.find(Locator::Css("a[href='/admin/users']")).await.is_err(),
            "{user} sees no link to it"
        );
        b.goto(&app.url("/admin/users")).await.unwrap();
        assert_eq!(heading(&b).await, "Not allowed");
        assert!(
            b.find(Locator::Css(".status"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
                .contains("403")
        );
        b.close().await.unwrap();
    }
}

#[tokio::test]
async fn a_form_with_a_forged_csrf_token_is_refused() {
    let Some(driver) = start_driver() else { return };
    let app = spawn_app().await;
    let b = browser(&driver).await;
    sign_in(&b, &app, "admin").await;
    b.goto(&app.url("/admin/users")).await.unwrap();
    b.find(Locator::Id("new-username"))
        .await
        .unwrap()
        .send_keys("mallory")
        .await
        .unwrap();
    b.find(Locator::Id("new-password"))
        .await
        .unwrap()
        .send_keys("a-long-enough-password")
        .await
        .unwrap();
    // What a forged cross-site form would send: the right fields, a wrong token.
    b.execute(
        "document.querySelector(\"form[action='/admin/users'] input[name=csrf]\").value = 'forged';",
        vec![],
    )
    .await
    .unwrap();
    b.find(Locator::Css("form[action='/admin/users'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while heading(&b).await != "Form expired" {
        assert!(Instant::now() < deadline, "no refusal page");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        b.find(Locator::Css(".status"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .contains("403")
    );
    assert!(
        app.store
            .users()
            .await
            .unwrap()
            .iter()
            .all(|u| u.username.as_str() != "mallory")
    );
    b.close().await.unwrap();
}

#[tokio::test]
async fn the_keyboard_reaches_the_skip_link_first_and_every_field_has_a_label() {
    let Some(driver) = start_driver() else { return };
    let app = spawn_app().await;
    let b = browser(&driver).await;
    sign_in(&b, &app, "coordinator").await;
    b.find(Locator::Css("body"))
        .await
        .unwrap()
        .send_keys("\u{E004}")
        .await
        .unwrap(); // Tab
    let focused = b
        .execute("return document.activeElement.className;", vec![])
        .await
        .unwrap();
    assert_eq!(focused, json!("skip"));
    for path in ["/", "/incidents", "/import"] {
        b.goto(&app.url(path)).await.unwrap();
        let unlabelled = b
            .execute(
                "return [...document.querySelectorAll('input:not([type=hidden]), select')]
                   .filter(e => !e.labels || e.labels.length === 0).map(e => e.name);",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(unlabelled, json!([]), "{path}");
    }
    b.close().await.unwrap();
}

#[tokio::test]
async fn the_diagnosis_report_opens_in_both_languages_with_its_maps_and_an_area_page() {
    let Some(driver) = start_driver() else { return };
    let app = spawn_app().await;
    let b = browser(&driver).await;
    sign_in(&b, &app, "coordinator").await;
    b.find(Locator::Css("nav a[href='/diagnosis']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(&b, "/diagnosis").await;
    for (lang, title) in [
        ("en", "Local diagnosis of Vallombre"),
        ("fr", "Diagnostic local de Vallombre"),
    ] {
        if lang == "fr" {
            b.find(Locator::Css("a[data-lang='fr']"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            wait_until(
                &b,
                "document.documentElement.lang === 'fr' && document.querySelector('article.report h1')",
            )
            .await;
        }
        assert_eq!(
            b.find(Locator::Css("article.report h1"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap(),
            title
        );
        for id in ["overview", "clusters", "priority", "areas", "methods"] {
            let s = b.find(Locator::Css(&format!("section#{id}"))).await.unwrap();
            assert!(
                !s.find(Locator::Css("h2"))
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap()
                    .is_empty(),
                "{lang} {id}"
            );
        }
        // Index, rate, LISA, Gi*, kernel density and network presence maps, each with one shape per area and a
        // text alternative.
        let maps = b
            .find_all(Locator::Css("article.report figure.map svg"))
            .await
            .unwrap();
        assert_eq!(maps.len(), 6, "{lang}");
        for m in &maps {
            assert_eq!(
                m.find_all(Locator::Css("path.area")).await.unwrap().len(),
                app.areas,
                "{lang}"
            );
            assert!(m.attr("aria-labelledby").await.unwrap().is_some());
        }
        assert_eq!(
            b.find_all(Locator::Css("section.area-sheet"))
                .await
                .unwrap()
                .len(),
            app.areas
        );
        if lang == "en" {
            b.execute("document.getElementById('clusters').scrollIntoView();", vec![])
                .await
                .unwrap();
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("diagnosis.png"), b.screenshot().await.unwrap()).unwrap();
        }
    }
    // One area's page, from the map.
    b.find(Locator::Css("section#clusters figure.map a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !b
        .current_url()
        .await
        .unwrap()
        .path()
        .starts_with("/diagnosis/areas/")
    {
        assert!(Instant::now() < deadline, "no area page");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        b.find_all(Locator::Css("section.area-sheet"))
            .await
            .unwrap()
            .len(),
        1
    );
    let h1 = b
        .find(Locator::Css("section.area-sheet h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!h1.is_empty());
    assert!(b.find(Locator::Css("section.area-sheet dl.facts")).await.is_ok());
    b.close().await.unwrap();
}

#[tokio::test]
async fn an_analyst_opens_the_demo_network_and_a_community_and_a_caseworker_is_refused() {
    let Some(driver) = start_driver() else { return };
    let app = spawn_app().await;
    let b = browser(&driver).await;
    sign_in(&b, &app, "analyst").await;
    b.find(Locator::Css("nav a[href='/networks']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(&b, "/networks").await;
    assert_eq!(heading(&b).await, "Criminal networks");
    b.find(Locator::LinkText("Vallombre demo network"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_until(&b, "document.querySelector('#network-drawing svg')").await;
    assert_eq!(heading(&b).await, "Vallombre demo network");
    let drawn = b
        .execute(
            "return document.querySelectorAll('#network-drawing svg .node').length;",
            vec![],
        )
        .await
        .unwrap();
    assert!(drawn.as_u64().unwrap() > 20, "{drawn}");
    let persons = b
        .execute(
            "return document.querySelectorAll('#network-drawing svg .node.circle').length;",
            vec![],
        )
        .await
        .unwrap();
    assert!(persons.as_u64().unwrap() > 0);

    // The filter form: companies only.
    b.execute(
        "document.getElementById('f-kind').value = 'company'; document.getElementById('network-filters').submit();",
        vec![],
    )
    .await
    .unwrap();
    wait_until(&b, "location.search.includes('kind=company')").await;
    wait_until(&b, "document.querySelector('#network-drawing svg')").await;
    let kinds = b
        .execute(
            "return [document.querySelectorAll('#network-drawing svg .node').length, \
                     document.querySelectorAll('#network-drawing svg .node.square').length];",
            vec![],
        )
        .await
        .unwrap();
    let kinds = kinds.as_array().unwrap();
    assert!(kinds[0].as_u64().unwrap() > 0);
    assert_eq!(kinds[0], kinds[1], "only companies (squares) are drawn");

    // A community page from the table.
    let link = b
        .find(Locator::Css("#network-communities tbody a"))
        .await
        .unwrap();
    let name = link.text().await.unwrap();
    link.click().await.unwrap();
    wait_until(&b, "document.querySelector('#community-members')").await;
    assert_eq!(heading(&b).await, name);
    assert!(b.find(Locator::Css("#community-drawing svg .node")).await.is_ok());
    let members = b
        .find(Locator::Id("community-members"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(members.contains("Person"), "{members}");
    b.close().await.unwrap();

    let b = browser(&driver).await;
    sign_in(&b, &app, "caseworker").await;
    assert!(
        b.find(Locator::Css("a[href='/networks']")).await.is_err(),
        "no link for a caseworker"
    );
    b.goto(&app.url("/networks/1")).await.unwrap();
    assert_eq!(heading(&b).await, "Not allowed");
    assert!(
        b.find(Locator::Css(".status"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .contains("403")
    );
    b.close().await.unwrap();
}

#[tokio::test]
async fn a_coordinator_plans_a_measure_from_a_suggestion_and_its_partner_updates_it() {
    let Some(driver) = start_driver() else { return };
    let app = spawn_app().await;
    let b = browser(&driver).await;
    sign_in(&b, &app, "coordinator").await;
    b.find(Locator::Css("nav a[href='/plan']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(&b, "/plan").await;
    assert_eq!(heading(&b).await, "Local action plan");
    b.find(Locator::Id("plan-suggestions-link"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(&b, "/plan/suggestions").await;
    b.find(Locator::Css("section.suggestions a.button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(&b, "/plan/new").await;
    wait_until(&b, "document.getElementById('plan-from-suggestion')").await;
    // Linked to its area (from the suggestion), to an indicator of the diagnosis, and a partner assigned.
    let area = b
        .execute(
            "return [...document.getElementById('m-areas').selectedOptions].map(o => o.value);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(area.as_array().unwrap().len(), 1, "{area}");
    b.execute(
        "document.querySelector('#m-linked option[value=\"youth_share\"]').selected = true;
         document.querySelector('#m-partners option[value=\"refuge\"]').selected = true;",
        vec![],
    )
    .await
    .unwrap();
    b.find(Locator::Id("measure-save"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(&b, "/plan/M13").await;
    let facts = b
        .find(Locator::Id("measure-facts"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        facts.contains("refuge") && facts.contains("youth_share"),
        "{facts}"
    );
    assert!(facts.contains(area[0].as_str().unwrap()), "{facts}");
    b.close().await.unwrap();

    // The partner (the safe accommodation, refuge) finds the measure and starts it.
    let p = browser(&driver).await;
    sign_in(&p, &app, "partner").await;
    p.goto(&app.url("/plan")).await.unwrap();
    p.find(Locator::Css("a[href='/plan/M13']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(&p, "/plan/M13").await;
    p.execute("document.getElementById('s-status').value = 'running';", vec![])
        .await
        .unwrap();
    p.find(Locator::Id("s-note"))
        .await
        .unwrap()
        .send_keys("first outreach evening held")
        .await
        .unwrap();
    p.find(Locator::Id("status-save"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_until(&p, "document.getElementById('plan-message')").await;
    let status = p
        .find(Locator::Id("measure-status"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(status, "Running");
    p.close().await.unwrap();

    // The coordinator's dashboard and the printed plan show it.
    let c = browser(&driver).await;
    sign_in(&c, &app, "coordinator").await;
    c.goto(&app.url("/plan")).await.unwrap();
    let row = c
        .find(Locator::Css("tr[data-measure='M13']"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(row.contains("Running") && row.contains("refuge"), "{row}");
    c.goto(&app.url("/plan/print")).await.unwrap();
    let printed = c
        .find(Locator::Id("print-M13"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(printed.contains("Running"), "{printed}");
    c.close().await.unwrap();
}
