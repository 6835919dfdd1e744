//! The victim-assistance scenario in a real browser (headless Chromium through ChromeDriver), from the intake to
//! the deadlines: the caseworker takes in an adult (in French), screens her, records the reasonable-grounds
//! decision, her consent and a referral to the shelter; the shelter sees only what it needs and accepts; the
//! coordinator sees the end of the recovery and reflection period among the deadlines; the analyst sees no case
//! and no name anywhere.
//!
//! Like `browser.rs`: without ChromeDriver the test fails, unless `VIGIE_SKIP_BROWSER_TESTS=1` says to skip it on
//! purpose. It starts the browser with the helpers of `browser.rs`, and waits longer, reporting what the page
//! shows when a wait times out.

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use serde_json::{Value, json};
use vigie_domain::screening::{Dimension, IndicatorSet, ListKind, Strength};
use vigie_store::CaseStore;

use crate::browser::{browser, start_driver};
use crate::helpers::{PASSWORD, TestApp, spawn_app};

/// How long to wait for a page or a change on it: generous, the machine may be busy with other tests.
const WAIT: Duration = Duration::from_secs(30);

const ALIAS: &str = "Mirela Dumitru";
const BIRTH: &str = "1995-03-12";
const CONTACT: &str = "Through the NGO outreach phone";
const NOTES: &str = "Sleeps in the barn of the farm; her passport is kept by the foreman.";
const MESSAGE: &str = "Arrives tonight with the outreach worker; speaks Romanian and some French.";

/// What the page's `main` shows, for the messages of failed waits.
async fn page_text(b: &Client) -> String {
    let url = b.current_url().await.map(|u| u.to_string()).unwrap_or_default();
    let text = b
        .execute(
            "const m = document.querySelector('main'); return m ? m.innerText : document.documentElement.outerHTML;",
            vec![],
        )
        .await
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    format!("at {url}:\n{}", text.chars().take(3000).collect::<String>())
}

/// Waits until a JavaScript expression is true on the current page (the page itself, not only its address).
async fn wait_until(b: &Client, expression: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        let v = b.execute(&format!("return Boolean({expression});"), vec![]).await;
        if matches!(v, Ok(Value::Bool(true))) {
            return;
        }
        if Instant::now() > deadline {
            panic!("timed out waiting for {expression}, {}", page_text(b).await);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The value of a script on the current page (retried while a page is being replaced).
async fn js(b: &Client, script: &str, args: Vec<Value>) -> Value {
    let deadline = Instant::now() + WAIT;
    loop {
        match b.execute(script, args.clone()).await {
            Ok(v) => return v,
            Err(e) if Instant::now() > deadline => panic!("script failed: {e}: {script}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
}

/// A script's value as text.
async fn js_text(b: &Client, script: &str, args: Vec<Value>) -> String {
    match js(b, script, args).await {
        Value::String(s) => s,
        other => panic!("{script} gave {other}, {}", page_text(b).await),
    }
}

/// The text of the page's main heading, once there is one.
async fn heading(b: &Client) -> String {
    wait_until(b, "document.querySelector('main h1')").await;
    js_text(
        b,
        "return document.querySelector('main h1').textContent.trim().replace(/\\s+/g, ' ');",
        vec![],
    )
    .await
}

/// Goes to a page of the application and waits for its main heading (or the login form, for a lost session).
async fn open(b: &Client, app: &TestApp, path: &str) {
    b.goto(&app.url(path)).await.unwrap();
    wait_until(
        b,
        "document.readyState === 'complete' && (document.querySelector('main h1') || document.getElementById('password'))",
    )
    .await;
}

async fn fill(b: &Client, id: &str, text: &str) {
    let e = b.find(Locator::Id(id)).await.unwrap();
    e.clear().await.unwrap();
    e.send_keys(text).await.unwrap();
}

async fn click(b: &Client, css: &str) {
    b.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .click()
        .await
        .unwrap();
}

async fn select(b: &Client, id: &str, value: &str) {
    b.find(Locator::Id(id))
        .await
        .unwrap()
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("#{id} has no option {value}: {e}"));
}

/// Fills and sends the sign-in form of the current page.
async fn fill_login(b: &Client, user: &str) {
    fill(b, "username", user).await;
    fill(b, "password", PASSWORD).await;
    click(b, "form[action='/login'] button[type=submit]").await;
}

/// Signs in from the login page and waits for the dashboard.
async fn sign_in(b: &Client, app: &TestApp, user: &str) {
    b.goto(&app.url("/login")).await.unwrap();
    wait_until(b, "document.getElementById('password')").await;
    fill_login(b, user).await;
    wait_until(
        b,
        "location.pathname === '/' && document.querySelector('main h1') && document.querySelector('nav')",
    )
    .await;
}

/// The refusal page of a role without access: its heading and its status.
async fn assert_forbidden(b: &Client, app: &TestApp, path: &str, who: &str) {
    open(b, app, path).await;
    assert_eq!(heading(b).await, "Not allowed", "{who} at {path}");
    let text = js_text(
        b,
        "const s = document.querySelector('main .notice'); return s ? s.textContent : '';",
        vec![],
    )
    .await;
    assert!(
        text.contains("Your role does not give access to this page") && text.contains("403"),
        "{who} at {path}: {text}"
    );
}

/// The rows (first cell, second cell) of a deadlines table, empty when the table is not on the page.
async fn deadline_rows(b: &Client, table: &str) -> Vec<(String, String)> {
    let v = js(
        b,
        "const t = document.getElementById(arguments[0]);
         if (!t) return [];
         return [...t.querySelectorAll('tbody tr')].map(r => [...r.cells].slice(0, 2).map(c => c.textContent.trim()));",
        vec![json!(table)],
    )
    .await;
    serde_json::from_value::<Vec<Vec<String>>>(v)
        .unwrap()
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect()
}

/// The value of a message in a Fluent file (a simple one-line message), if the file has it.
fn ftl_message(ftl: &str, key: &str) -> Option<String> {
    ftl.lines().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        (k.trim() == key).then(|| v.trim().to_owned())
    })
}

#[tokio::test]
async fn a_victim_is_taken_in_screened_referred_and_followed_up_by_each_role_in_the_browser() {
    let Some(driver) = start_driver() else { return };
    let started = Instant::now();
    let app = spawn_app().await;

    // Indicators that make an adult a presumed victim of labour exploitation: a strong and a medium one in
    // deceptive recruitment, exploitative conditions and coercion at destination.
    let set = IndicatorSet::ilo_ec_2009().unwrap();
    let list = ListKind::AdultLabour;
    let first = |d: Dimension, s: Strength| {
        set.list(list)
            .iter()
            .find(|i| i.dimension == d && i.strength == s)
            .unwrap()
    };
    let picks = [
        first(Dimension::DeceptiveRecruitment, Strength::Strong),
        first(Dimension::DeceptiveRecruitment, Strength::Medium),
        first(Dimension::ExploitativeConditions, Strength::Strong),
        first(Dimension::ExploitativeConditions, Strength::Medium),
        first(Dimension::CoercionAtDestination, Strength::Strong),
        first(Dimension::CoercionAtDestination, Strength::Medium),
    ];
    let shelter = app
        .store
        .services()
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.code == "refuge-tilleuls")
        .expect("the demo's shelter");

    // ---- 1. The caseworker takes the person in, in French. ----
    let cw = browser(&driver).await;
    sign_in(&cw, &app, "caseworker").await;
    open(&cw, &app, "/cases/new").await;
    assert_eq!(heading(&cw).await, "New intake");
    click(&cw, "a[data-lang='fr']").await;
    wait_until(
        &cw,
        "document.documentElement.lang === 'fr' && location.pathname === '/cases/new' && document.getElementById('intake')",
    )
    .await;
    // The French title where the French locale has it, else the English one (Fluent's fallback), never the key.
    let fr_title = ftl_message(include_str!("../../locales/fr/main.ftl"), "intake-title")
        .unwrap_or_else(|| "New intake".to_owned());
    assert_eq!(heading(&cw).await, fr_title);
    assert_eq!(
        js_text(
            &cw,
            "return document.querySelector('nav a[href=\"/\"]').textContent.trim();",
            vec![]
        )
        .await,
        "Tableau de bord"
    );
    fill(&cw, "alias", ALIAS).await;
    fill(&cw, "birth", BIRTH).await;
    select(&cw, "sex", "female").await;
    fill(&cw, "languages", "ro, fr").await;
    fill(&cw, "nationality", "RO").await;
    fill(&cw, "contact", CONTACT).await;
    click(&cw, "#intake input[name=forms][value=forced_labour]").await;
    click(&cw, "#intake input[name=means][value=debt_bondage]").await;
    select(&cw, "recruiter_relation", "recruitment_agency").await;
    fill(&cw, "recruitment_country", "RO").await;
    fill(&cw, "recruitment_place", "Craiova").await;
    fill(&cw, "notes", NOTES).await;
    click(&cw, "#intake-submit").await;
    wait_until(
        &cw,
        "/^\\/cases\\/\\d+$/.test(location.pathname) && document.getElementById('case-reference')",
    )
    .await;
    let case_path = cw.current_url().await.unwrap().path().to_owned();
    let case_id: i64 = case_path.trim_start_matches("/cases/").parse().unwrap();
    let reference = js_text(
        &cw,
        "return document.getElementById('case-reference').textContent.trim();",
        vec![],
    )
    .await;
    assert!(!reference.is_empty());
    let identity = js_text(
        &cw,
        "return document.getElementById('identity').textContent;",
        vec![],
    )
    .await;
    assert!(
        identity.contains(ALIAS) && identity.contains(BIRTH) && identity.contains(NOTES),
        "{identity}"
    );
    // Back to English for the rest of the scenario.
    click(&cw, "a[data-lang='en']").await;
    wait_until(
        &cw,
        &format!(
            "document.documentElement.lang === 'en' && location.pathname === '{case_path}' && document.getElementById('screen-link')"
        ),
    )
    .await;
    assert_eq!(
        js_text(
            &cw,
            "return document.getElementById('case-status').textContent.trim();",
            vec![]
        )
        .await,
        "Possible victim"
    );

    // ---- 2. Screening: the adult labour checklist, a presumed victim, explained. ----
    click(&cw, "#screen-link").await;
    wait_until(
        &cw,
        &format!(
            "location.pathname === '{case_path}/screening' && document.getElementById('screening-submit')"
        ),
    )
    .await;
    assert_eq!(heading(&cw).await, "Identification screening");
    assert_eq!(
        js_text(&cw, "return document.querySelector('select#list').value;", vec![]).await,
        "adult_labour",
        "an adult in forced labour gets the adult labour list"
    );
    for i in &picks {
        let css = format!(
            "fieldset#dim-{} input[name=indicator][value='{}']",
            i.dimension.code(),
            i.code
        );
        click(&cw, &css).await;
    }
    click(&cw, "#screening-submit").await;
    wait_until(&cw, "document.getElementById('screening-result')").await;
    let result = js(
        &cw,
        "const r = document.getElementById('screening-result');
         return {
           title: r.querySelector('h2').textContent.trim(),
           dims: [...r.querySelectorAll('#dimension-results li')]
             .map(li => [li.textContent.split(':')[0].trim(), li.dataset.positive]),
           explanation: [...r.querySelectorAll('#explanation p')].map(p => p.textContent.trim()),
           checked: [...document.querySelectorAll('input[name=indicator]:checked')].map(i => i.value),
         };",
        vec![],
    )
    .await;
    assert_eq!(result["title"], "Presumed victim of trafficking", "{result}");
    let positive: Vec<&str> = result["dims"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d[1] == "true")
        .map(|d| d[0].as_str().unwrap())
        .collect();
    assert_eq!(
        positive,
        [
            "Deceptive recruitment",
            "Exploitative conditions of work",
            "Coercion at destination"
        ],
        "{result}"
    );
    assert!(
        result["dims"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d[0] == "Coercive recruitment" && d[1] == "false"),
        "the negative dimensions are listed too: {result}"
    );
    let explanation: Vec<String> = serde_json::from_value(result["explanation"].clone()).unwrap();
    let all = explanation.join("\n");
    for i in &picks {
        assert!(all.contains(&i.en), "the explanation names {:?}: {all}", i.en);
    }
    for (dimension, ticked) in [
        ("Deceptive recruitment", &picks[..2]),
        ("Exploitative conditions", &picks[2..4]),
        ("Coercion at destination", &picks[4..]),
    ] {
        let line = explanation
            .iter()
            .find(|l| l.starts_with(&format!("{dimension}: positive")))
            .unwrap_or_else(|| panic!("no line for {dimension}: {all}"));
        for i in ticked {
            assert!(line.contains(&i.en), "{dimension} names {:?}: {line}", i.en);
        }
    }
    assert!(
        all.contains("Conclusion: presumed victim of trafficking"),
        "{all}"
    );
    let mut checked: Vec<String> = serde_json::from_value(result["checked"].clone()).unwrap();
    checked.sort();
    let mut ticked: Vec<String> = picks.iter().map(|i| i.code.clone()).collect();
    ticked.sort();
    assert_eq!(checked, ticked, "the checklist keeps what was ticked");

    // ---- 3. Reasonable grounds: the status, and the end of the recovery and reflection period. ----
    open(&cw, &app, &case_path).await;
    wait_until(&cw, "document.getElementById('status-form')").await;
    assert!(
        js_text(
            &cw,
            "return document.getElementById('screenings').textContent;",
            vec![]
        )
        .await
        .contains("Presumed victim of trafficking (6 "),
        "the case lists the screening"
    );
    select(&cw, "status", "presumed").await;
    fill(&cw, "decided_by", "Police, anti-trafficking unit").await;
    click(&cw, "#status-form button[type=submit]").await;
    wait_until(&cw, "document.getElementById('reflection-end')").await;
    assert_eq!(
        js_text(
            &cw,
            "return document.getElementById('reflection-end').textContent.trim();",
            vec![]
        )
        .await,
        "2026-06-30"
    );
    assert_eq!(
        js_text(
            &cw,
            "return document.getElementById('case-status').textContent.trim();",
            vec![]
        )
        .await,
        "Presumed victim (reasonable grounds)"
    );

    // ---- 4. The person's consent to share with the shelter, then the referral. ----
    select(&cw, "recipient", "refuge").await;
    fill(&cw, "purpose", "safe accommodation").await;
    click(&cw, "#consent-form button[type=submit]").await;
    wait_until(
        &cw,
        "document.getElementById('refer-form') && document.getElementById('consents')",
    )
    .await;
    let consents = js_text(
        &cw,
        "return document.getElementById('consents').textContent;",
        vec![],
    )
    .await;
    assert!(
        consents.contains("refuge") && consents.contains("safe accommodation"),
        "{consents}"
    );
    select(&cw, "service", &shelter.id.to_string()).await;
    let chosen = js(
        &cw,
        "const s = document.getElementById('service'), c = document.getElementById('refer-consent');
         return [s.options[s.selectedIndex].text, c.options[c.selectedIndex].text, c.options.length];",
        vec![],
    )
    .await;
    assert!(
        chosen[0].as_str().unwrap().contains("Foyer Les Tilleuls"),
        "{chosen}"
    );
    assert!(
        chosen[1]
            .as_str()
            .unwrap()
            .starts_with("refuge — safe accommodation"),
        "{chosen}"
    );
    assert_eq!(chosen[2], 1, "one consent, the one just given: {chosen}");
    fill(&cw, "message", MESSAGE).await;
    click(&cw, "#refer-form button[type=submit]").await;
    wait_until(&cw, "document.querySelector('#case-referrals td[data-status]')").await;
    let sent = js(
        &cw,
        "const row = document.querySelector('#case-referrals tbody tr');
         return [row.cells[0].textContent.trim(), row.querySelector('td[data-status]').dataset.status];",
        vec![],
    )
    .await;
    assert_eq!(sent, json!(["Foyer Les Tilleuls (refuge)", "sent"]));

    // ---- 5. The shelter sees the referral, only what it needs, and accepts; the case itself stays closed. ----
    let partner = browser(&driver).await;
    sign_in(&partner, &app, "partner").await;
    click(&partner, "nav a[href='/referrals']").await;
    wait_until(
        &partner,
        "location.pathname === '/referrals' && document.querySelector('main h1')",
    )
    .await;
    assert_eq!(heading(&partner).await, "Referrals");
    let href = js(
        &partner,
        "const a = [...document.querySelectorAll('#referrals a')].find(a => a.textContent.trim() === arguments[0]);
         return a ? a.getAttribute('href') : null;",
        vec![json!(reference)],
    )
    .await;
    let href = href
        .as_str()
        .unwrap_or_else(|| panic!("no referral for {reference}"))
        .to_owned();
    assert!(href.starts_with("/referrals/"), "{href}");
    click(&partner, &format!("#referrals a[href='{href}']")).await;
    wait_until(
        &partner,
        &format!("location.pathname === '{href}' && document.getElementById('shared')"),
    )
    .await;
    assert_eq!(heading(&partner).await, format!("Referral {reference}"));
    let shared = js(
        &partner,
        "return [...document.querySelectorAll('#shared dt')]
           .map(dt => [dt.textContent.trim(), dt.nextElementSibling.textContent.trim()]);",
        vec![],
    )
    .await;
    assert_eq!(
        shared,
        json!([
            ["Alias or name", ALIAS],
            ["Sex", "Female"],
            ["Minor", "no"],
            ["Languages", "ro, fr"],
            ["Contact", CONTACT],
        ]),
        "a shelter gets the alias, sex, minor, languages and contact, nothing else"
    );
    let whole = js_text(&partner, "return document.documentElement.outerHTML;", vec![]).await;
    for secret in [
        BIRTH,
        NOTES,
        "Sleeps in the barn",
        "Craiova",
        "Debt bondage",
        "debt_bondage",
    ] {
        assert!(!whole.contains(secret), "the shelter sees {secret:?}");
    }
    assert_eq!(
        js_text(
            &partner,
            "return document.getElementById('referral-message').textContent.trim();",
            vec![]
        )
        .await,
        MESSAGE
    );
    assert_eq!(
        js_text(
            &partner,
            "return document.getElementById('referral-status').dataset.status;",
            vec![]
        )
        .await,
        "sent"
    );
    click(&partner, "#accept").await;
    wait_until(
        &partner,
        &format!(
            "location.pathname === '{href}' && document.querySelector('#referral-status[data-status=accepted]')"
        ),
    )
    .await;
    assert!(
        partner.find(Locator::Id("accept")).await.is_err(),
        "an accepted referral cannot be accepted again"
    );
    assert_forbidden(&partner, &app, &case_path, "partner").await;
    partner.close().await.unwrap();

    // The caseworker sees the answer on the case.
    open(&cw, &app, &case_path).await;
    wait_until(
        &cw,
        "document.querySelector('#case-referrals td[data-status=accepted]')",
    )
    .await;
    cw.close().await.unwrap();

    // ---- 6. The coordinator's deadlines: the end of the reflection period, later this month... ----
    let coordinator = browser(&driver).await;
    sign_in(&coordinator, &app, "coordinator").await;
    open(&coordinator, &app, "/deadlines").await;
    assert_eq!(heading(&coordinator).await, "Deadlines");
    let ours = |rows: &[(String, String)]| {
        rows.iter()
            .filter(|(_, r)| *r == reference)
            .map(|(due, _)| due.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ours(&deadline_rows(&coordinator, "deadlines-later").await),
        ["2026-06-30"],
        "{}",
        page_text(&coordinator).await
    );
    assert!(ours(&deadline_rows(&coordinator, "deadlines-this-week").await).is_empty());
    assert!(ours(&deadline_rows(&coordinator, "deadlines-overdue").await).is_empty());

    // ... and, four weeks on (Monday 29 June), due this week, within a week. The idle session may have expired.
    app.clock.advance(Duration::from_secs(28 * 24 * 3600));
    open(&coordinator, &app, "/deadlines").await;
    if coordinator.current_url().await.unwrap().path() == "/login" {
        fill_login(&coordinator, "coordinator").await;
        wait_until(
            &coordinator,
            "location.pathname === '/deadlines' && document.querySelector('main h1')",
        )
        .await;
    }
    assert_eq!(heading(&coordinator).await, "Deadlines");
    assert_eq!(
        ours(&deadline_rows(&coordinator, "deadlines-this-week").await),
        ["2026-06-30 within a week"],
        "{}",
        page_text(&coordinator).await
    );
    assert!(ours(&deadline_rows(&coordinator, "deadlines-later").await).is_empty());
    coordinator.close().await.unwrap();

    // ---- 7. The analyst: every page of the menu, no case, no name. ----
    let files = vigie_synth::generate(&vigie_synth::DemoConfig {
        incidents: 1500,
        victims: 40,
        ..vigie_synth::DemoConfig::default()
    });
    let demo = vigie_synth::demo_case_work(&vigie_synth::DemoConfig::default(), &files);
    let mut names: Vec<String> = demo
        .iter()
        .map(|c| c.intake.alias.clone())
        .filter(|a| a.len() > 5)
        .take(5)
        .collect();
    assert!(!names.is_empty(), "the demo has victims");
    names.push("Mirela".to_owned());
    names.push(ALIAS.to_owned());
    let analyst = browser(&driver).await;
    sign_in(&analyst, &app, "analyst").await;
    let menu = js(
        &analyst,
        "return [...document.querySelectorAll('nav a')].map(a => a.getAttribute('href'));",
        vec![],
    )
    .await;
    let menu: Vec<String> = serde_json::from_value(menu).unwrap();
    assert_eq!(
        menu,
        [
            "/",
            "/areas",
            "/indicators",
            "/incidents",
            "/diagnosis",
            "/services",
            "/cases/statistics",
            "/linkage",
            "/estimate",
            "/plan",
            "/networks",
            "/import"
        ],
        "the analyst's menu (imports are theirs too)"
    );
    for path in &menu {
        open(&analyst, &app, path).await;
        let h = heading(&analyst).await;
        assert!(
            !h.is_empty() && h != "Not allowed" && h != "Page not found",
            "{path}: {h}"
        );
        let html = js_text(&analyst, "return document.documentElement.outerHTML;", vec![]).await;
        for name in &names {
            assert!(
                !html.contains(name.as_str()),
                "{path} shows {name:?} to the analyst"
            );
        }
        assert!(!html.contains(&reference), "{path} shows the case reference");
    }
    for path in ["/cases", "/referrals", "/deadlines", case_path.as_str()] {
        assert_forbidden(&analyst, &app, path, "analyst").await;
    }
    analyst.close().await.unwrap();

    let case_counts = app.store.case_counts().await.unwrap();
    assert!(case_counts.total > 1, "the demo's cases and ours");
    eprintln!(
        "case {reference} (id {case_id}) walked through in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
