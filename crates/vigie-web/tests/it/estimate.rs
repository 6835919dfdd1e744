//! The estimate page: multiple systems estimation from an uploaded, pasted or linked capture-history table.

use std::time::{Duration, Instant};

use fantoccini::{Client as Browser, Locator};
use reqwest::multipart::{Form, Part};
use vigie_store::Store;

use crate::browser::{browser, start_driver};
use crate::helpers::{Client, PASSWORD, TestApp, encodings, spawn_app};

/// The Korea data set of the R package MultipleSystemsEstimation (Ball, Shin & Yang 2018).
const KOREA: &str = "b,c,d,count\n0,0,1,41\n0,1,0,5\n1,0,0,5\n1,1,0,54\n1,0,1,6\n0,1,1,0\n1,1,1,12\n";

/// The same people split by sex (the two strata add up to the Korea table).
const KOREA_BY_SEX: &str = "sex,b,c,d,count\n\
F,0,0,1,20\nF,0,1,0,3\nF,1,0,0,2\nF,1,1,0,27\nF,1,0,1,3\nF,1,1,1,6\n\
M,0,0,1,21\nM,0,1,0,2\nM,1,0,0,3\nM,1,1,0,27\nM,1,0,1,3\nM,0,1,1,0\nM,1,1,1,6\n";

fn settings(csrf: &str, method: &str, bootstrap: &str) -> Form {
    Form::new()
        .text("csrf", csrf.to_owned())
        .text("method", method.to_owned())
        .text("threshold", "0.02")
        .text("max_order", "")
        .text("bootstrap", bootstrap.to_owned())
        .text("seed", "1234")
}

fn upload(form: Form, name: &str, csv: &str) -> Form {
    form.part(
        "table",
        Part::bytes(csv.as_bytes().to_vec()).file_name(name.to_owned()),
    )
}

/// The text of the element that follows `marker` in a page, up to the next tag.
fn after<'a>(body: &'a str, marker: &str) -> &'a str {
    body.split(marker)
        .nth(1)
        .unwrap_or_else(|| panic!("no {marker} in the page"))
        .split('<')
        .next()
        .unwrap()
}

async fn analyst(app: &TestApp) -> (Client, String) {
    let mut c = app.client();
    c.login_ok("analyst").await;
    let page = c.get("/estimate").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("id=\"estimate-form\""));
    assert!(page.body.contains("href=\"/estimate\""), "in the menu");
    let csrf = crate::helpers::csrf_of(&page.body);
    (c, csrf)
}

#[tokio::test]
async fn the_korea_table_gives_the_published_estimates() {
    let app = spawn_app().await;
    let (mut c, csrf) = analyst(&app).await;
    let res = c
        .post_multipart(
            "/estimate",
            upload(settings(&csrf, "stepwise", "200"), "korea.csv", KOREA),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(after(&res.body, "<dd class=\"estimate\">"), "269");
    assert_eq!(after(&res.body, "<dd class=\"observed\">"), "123");
    assert_eq!(after(&res.body, "<dd class=\"hidden-count\">"), "146");
    assert!(
        after(&res.body, "<dd class=\"model\">").contains("main effects + b:c"),
        "{}",
        res.body
    );
    assert!(res.body.contains("<svg"), "the charts");
    assert!(res.body.contains("The estimates of the bootstrap replicates"));
    assert!(res.body.contains("The estimate by stepwise threshold"));
    assert!(res.body.contains("What the estimate counts"), "the scope note");
    assert!(res.body.contains("95% interval of the total"));
    assert!(res.body.contains("200 replicates, seed 1234"));
    assert!(
        res.body.contains("b,c,d,count"),
        "the table is kept for another run"
    );
    let audit = app.store.audit_recent(5).await.unwrap();
    assert_eq!(audit[0].action, "estimate.run");
    let detail: serde_json::Value = serde_json::from_str(&audit[0].detail).unwrap();
    assert_eq!(detail["lists"], serde_json::json!(["b", "c", "d"]));

    let res = c
        .post_multipart(
            "/estimate",
            settings(&csrf, "bic", "200").text("table_text", KOREA),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(after(&res.body, "<dd class=\"estimate\">"), "157");
    assert!(res.body.contains("The models ranked by BIC"));
    assert!(!res.body.contains("The estimate by stepwise threshold"));

    // In French, with the French decimal comma accepted in the threshold.
    let mut fr = app.client();
    fr.accept_language = Some("fr".into());
    fr.login_ok("coordinator").await;
    let csrf = fr.csrf("/estimate").await;
    let form = Form::new()
        .text("csrf", csrf)
        .text("method", "stepwise")
        .text("threshold", "0,02")
        .text("bootstrap", "0")
        .text("seed", "1234")
        .text("table_text", KOREA);
    let res = fr.post_multipart("/estimate", form).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains("Estimer le nombre caché"));
    assert!(res.body.contains("Total estimé"));
    assert_eq!(after(&res.body, "<dd class=\"estimate\">"), "269");
    assert!(
        res.body.contains("Ce que compte l&#39;estimation"),
        "{}",
        res.body
    );
}

/// HIV cases in Rome from four reporting centres (Abeni, Brancato & Perucci 1994; Rcapture's `HIV` data set).
const HIV_ROME: &str = "c1,c2,c3,c4,count\n1,1,1,1,0\n1,1,1,0,3\n1,1,0,1,1\n1,1,0,0,33\n1,0,1,1,0\n1,0,1,0,20\n\
1,0,0,1,6\n1,0,0,0,403\n0,1,1,1,3\n0,1,1,0,35\n0,1,0,1,10\n0,1,0,0,545\n0,0,1,1,11\n0,0,1,0,621\n0,0,0,1,205\n";

#[tokio::test]
async fn heterogeneity_and_the_confidence_level_are_chosen_on_the_form() {
    let app = spawn_app().await;
    let (mut c, csrf) = analyst(&app).await;
    let page = c.get("/estimate").await;
    assert!(page.body.contains("<option value=\"darroch\""), "{}", page.body);
    assert!(page.body.contains("name=\"level\" value=\"95\""));
    let res = c
        .post_multipart(
            "/estimate",
            settings(&csrf, "main", "0")
                .text("heterogeneity", "darroch")
                .text("level", "90")
                .text("table_text", HIV_ROME),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    // main effects + Darroch's term: 21,327 (statsmodels' Poisson GLM gives 21,327.46, γ = 0.689)
    assert_eq!(after(&res.body, "<dd class=\"estimate\">"), "21,327");
    assert!(
        after(&res.body, "<dd class=\"model\">").contains("main effects + heterogeneity darroch (γ = 0.689)"),
        "{}",
        res.body
    );
    assert!(res.body.contains("90% interval of the total"), "{}", res.body);
    assert!(
        res.body.contains("<option value=\"darroch\" selected>"),
        "the choice is kept"
    );
    let audit = app.store.audit_recent(5).await.unwrap();
    let detail: serde_json::Value = serde_json::from_str(&audit[0].detail).unwrap();
    assert_eq!(detail["heterogeneity"], "darroch");
    assert_eq!(detail["level"], 0.9);

    for level in ["120", "x", "40"] {
        let res = c
            .post_multipart(
                "/estimate",
                settings(&csrf, "main", "0")
                    .text("level", level.to_owned())
                    .text("table_text", HIV_ROME),
            )
            .await;
        assert_eq!(res.status, 422, "{level}");
        assert!(
            res.body
                .contains("The confidence level must be a percentage between 50 and 99.9."),
            "{level}: {}",
            res.body
        );
    }
}

#[tokio::test]
async fn a_bad_table_is_refused_with_its_line() {
    let app = spawn_app().await;
    let (mut c, csrf) = analyst(&app).await;
    for (csv, expected) in [
        (
            "b,c,count\n1,0,3\n2,1,4\n",
            &["bad.csv, line 3, column `b`", "`2` is not 0 or 1"][..],
        ),
        (
            "b,c,count\n1,0,3\n1,1,-4\n",
            &["bad.csv, line 3, column `count`", "`-4` is negative"][..],
        ),
        (
            "b,c,n\n1,0,3\n1,1,4\n",
            &["bad.csv, line 1", "has no count column"][..],
        ),
    ] {
        let res = c
            .post_multipart(
                "/estimate",
                upload(settings(&csrf, "stepwise", "0"), "bad.csv", csv),
            )
            .await;
        assert_eq!(res.status, 422, "{csv}: {}", res.body);
        let errors = res.body.split("id=\"estimate-errors\"").nth(1).unwrap();
        for e in expected {
            assert!(errors.contains(e), "{csv}: {e} in {errors}");
        }
        assert!(res.body.contains("id=\"estimate-form\""), "the form again");
    }
    // Bad settings, and no table at all.
    let res = c
        .post_multipart(
            "/estimate",
            settings(&csrf, "stepwise", "99999").text("table_text", KOREA),
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("from 0 to 5000"), "{}", res.body);
    let res = c
        .post_multipart("/estimate", settings(&csrf, "stepwise", "0"))
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("Choose a CSV file or paste a table."));
    // A table the library cannot estimate: after tidying, one list is left.
    let res = c
        .post_multipart(
            "/estimate",
            settings(&csrf, "stepwise", "0").text("table_text", "a,b,count\n1,0,3\n1,1,2\n"),
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res.body.contains("at least two are needed"), "{}", res.body);
    // Without a valid token nothing runs.
    let res = c
        .post_multipart(
            "/estimate",
            settings("forged", "stepwise", "0").text("table_text", KOREA),
        )
        .await;
    assert_eq!(res.status, 403);
    assert!(
        app.store
            .audit_recent(20)
            .await
            .unwrap()
            .iter()
            .all(|e| e.action != "estimate.run")
    );
}

#[tokio::test]
async fn only_coordinators_and_analysts_may_estimate() {
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
        let page = c.get("/estimate").await;
        assert_eq!(page.status, status, "{user}");
        assert_eq!(
            page.body.contains("href=\"/estimate\""),
            status == 200,
            "{user}'s menu"
        );
        let csrf = c.csrf("/").await;
        let res = c
            .post_multipart(
                "/estimate",
                settings(&csrf, "main", "0").text("table_text", KOREA),
            )
            .await;
        assert_eq!(res.status, status, "{user} posting");
    }
    let mut anonymous = app.client();
    let res = anonymous.get("/estimate").await;
    assert_eq!(res.status, 303, "to the login page");
}

#[tokio::test]
async fn the_diagnosis_report_explains_the_hidden_number_without_a_figure() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.login_ok("coordinator").await;
    let page = c.get("/diagnosis").await;
    assert_eq!(page.status, 200);
    let section = page
        .body
        .split("<section class=\"report-section\" id=\"hidden-victims\"")
        .nth(1)
        .expect("the hidden victims section")
        .split("</section>")
        .next()
        .unwrap();
    assert!(section.contains("Hidden victims"));
    assert!(
        section.contains("multiple systems estimation") || section.contains("Multiple systems estimation")
    );
    assert!(section.contains("href=\"/estimate\""));
    assert!(
        page.body.find("id=\"hidden-victims\"") < page.body.find("id=\"methods\""),
        "before the methods"
    );
    assert!(
        page.body
            .contains("<a href=\"#hidden-victims\">Hidden victims</a>"),
        "in the contents"
    );
    let file = c.get("/diagnosis/report.html").await;
    let section = file
        .body
        .split("id=\"hidden-victims\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert!(
        !section.contains("href="),
        "the file names the page instead of linking to it"
    );
    assert!(section.contains("/estimate"));
    c.get("/lang?l=fr&next=/diagnosis").await;
    let page = c.get("/diagnosis").await;
    assert!(page.body.contains("Victimes cachées"), "in French");
}

#[tokio::test]
async fn the_linkage_page_sends_its_capture_histories_to_the_estimate_page() {
    let app = spawn_app().await;
    let police = encodings(
        "record_id,first_name,last_name,date_of_birth\np1,Ioana,MARIN,1998-07-14\np2,Blessing,OKAFOR,1987-02-19\np3,Li,WEI,2001-10-02\n",
    );
    let ngo = encodings(
        "record_id,first_name,last_name,date_of_birth\nn1,Ioana,Marin,1998-07-14\nn2,Blessing,Okafor,1987-02-19\nn3,Svetlana,Orlova,2003-11-30\n",
    );
    let mut c = app.client();
    c.login_ok("analyst").await;
    let csrf = c.csrf("/linkage").await;
    let form = Form::new()
        .text("csrf", csrf)
        .text("threshold", "0.8")
        .part("lists", Part::bytes(police).file_name("police.jsonl"))
        .part("lists", Part::bytes(ngo).file_name("ngo.jsonl"));
    let res = c.post_multipart("/linkage", form).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let button = res
        .body
        .split("id=\"linkage-to-estimate\"")
        .nth(1)
        .expect("the button to the estimate page")
        .split("</form>")
        .next()
        .unwrap();
    assert!(button.contains("Estimate the hidden number"));
    let table = button
        .split("<textarea name=\"table_text\" hidden>")
        .nth(1)
        .unwrap()
        .split("</textarea>")
        .next()
        .unwrap()
        .to_owned();
    let mut rows: Vec<&str> = table.lines().collect();
    assert_eq!(rows.remove(0), "police,ngo,count");
    rows.sort_unstable();
    assert_eq!(rows, ["0,1,1", "1,0,1", "1,1,2"]);
    // What the button sends: the table and `step=fill`.
    let csrf = crate::helpers::hidden_of(button, "csrf");
    let form = Form::new()
        .text("csrf", csrf.clone())
        .text("step", "fill")
        .text("table_text", table.clone());
    let res = c.post_multipart("/estimate", form).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(
        res.body.contains(&format!(
            "name=\"table_text\" rows=\"8\" cols=\"40\" spellcheck=\"false\" aria-describedby=\"table-text-help\">{table}</textarea>"
        )),
        "the table is filled in: {}",
        res.body
    );
    assert!(!res.body.contains("class=\"estimate-result\""), "not run yet");
    // The analyst then runs it.
    let res = c
        .post_multipart(
            "/estimate",
            settings(&csrf, "stepwise", "50").text("table_text", table),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(after(&res.body, "<dd class=\"observed\">"), "4");
    assert!(
        res.body.contains("Lists used</dt><dd>police, ngo</dd>"),
        "{}",
        res.body
    );
}

#[tokio::test]
async fn a_stratified_table_gives_one_result_per_stratum_and_overall() {
    let app = spawn_app().await;
    let (mut c, csrf) = analyst(&app).await;
    // Without naming the stratum, its column is read as a list and refused with a hint.
    let res = c
        .post_multipart(
            "/estimate",
            upload(settings(&csrf, "stepwise", "0"), "sex.csv", KOREA_BY_SEX),
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(
        res.body
            .contains("sex.csv, line 2, column `sex`: `F` is not 0 or 1 (if this column is a stratum"),
        "{}",
        res.body
    );
    let res = c
        .post_multipart(
            "/estimate",
            upload(settings(&csrf, "stepwise", "100"), "sex.csv", KOREA_BY_SEX).text("stratum", "sex"),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains("Stratified by sex: 2 strata"), "{}", res.body);
    assert_eq!(res.body.matches("class=\"estimate-result\"").count(), 3);
    let all = res
        .body
        .split("id=\"result-all\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert!(all.contains("All strata together"));
    assert_eq!(
        after(all, "<dd class=\"estimate\">"),
        "269",
        "the strata add up to Korea"
    );
    for (i, value, observed) in [(1, "F", "61"), (2, "M", "62")] {
        let s = res
            .body
            .split(&format!("id=\"result-stratum-{i}\""))
            .nth(1)
            .unwrap()
            .split("</section>")
            .next()
            .unwrap();
        assert!(s.contains(&format!("sex: {value}")), "{s}");
        assert_eq!(after(s, "<dd class=\"observed\">"), observed, "{s}");
        assert!(s.contains("<dd class=\"estimate\">"), "{s}");
    }
    let audit = app.store.audit_recent(5).await.unwrap();
    let detail: serde_json::Value = serde_json::from_str(&audit[0].detail).unwrap();
    assert_eq!(detail["stratum"], "sex");
    assert_eq!(detail["strata"], 2);
}

async fn wait_for(b: &Browser, expression: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let v = b.execute(&format!("return Boolean({expression});"), vec![]).await;
        if matches!(v, Ok(serde_json::Value::Bool(true))) {
            return;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {expression}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn text_of(b: &Browser, css: &str) -> String {
    b.find(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .trim()
        .to_owned()
}

/// Chooses the file, lowers the bootstrap to keep the test quick, and sends the form.
async fn submit_korea(b: &Browser, file: &std::path::Path) {
    b.find(Locator::Id("table"))
        .await
        .unwrap()
        .send_keys(&file.display().to_string())
        .await
        .unwrap();
    let bootstrap = b.find(Locator::Id("bootstrap")).await.unwrap();
    bootstrap.clear().await.unwrap();
    bootstrap.send_keys("200").await.unwrap();
    b.find(Locator::Css("#estimate-form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

#[tokio::test]
async fn an_analyst_uploads_a_table_in_the_browser_in_both_languages() {
    let Some(driver) = start_driver() else { return };
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("korea.csv");
    std::fs::write(&file, KOREA).unwrap();
    let b = browser(&driver).await;
    b.goto(&app.url("/login")).await.unwrap();
    b.find(Locator::Id("username"))
        .await
        .unwrap()
        .send_keys("analyst")
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
    wait_for(
        &b,
        "location.pathname === '/' && document.querySelector('nav a[href=\"/estimate\"]')",
    )
    .await;
    b.find(Locator::Css("nav a[href='/estimate']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(&b, "document.getElementById('estimate-form')").await;
    submit_korea(&b, &file).await;
    wait_for(&b, "document.querySelector('#result dd.estimate')").await;
    assert_eq!(text_of(&b, "#result dd.estimate").await, "269");
    assert_eq!(
        b.find_all(Locator::Css("#result figure.chart svg[role=img]"))
            .await
            .unwrap()
            .len(),
        2,
        "the bootstrap histogram and the threshold chart"
    );
    assert!(
        !b.find_all(Locator::Css("#result svg rect.bar"))
            .await
            .unwrap()
            .is_empty()
    );
    let png = b.screenshot().await.unwrap();
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(shots.join("estimate.png"), png).unwrap();

    b.find(Locator::Css("a[data-lang='fr']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(
        &b,
        "document.documentElement.lang === 'fr' && document.getElementById('estimate-form')",
    )
    .await;
    assert_eq!(text_of(&b, "main h1").await, "Estimer le nombre caché");
    submit_korea(&b, &file).await;
    wait_for(&b, "document.querySelector('#result dd.estimate')").await;
    assert_eq!(text_of(&b, "#result dd.estimate").await, "269");
    assert!(text_of(&b, "#result").await.contains("Total estimé"));
    assert_eq!(
        b.find_all(Locator::Css("#result figure.chart svg"))
            .await
            .unwrap()
            .len(),
        2
    );
    b.close().await.unwrap();
}
