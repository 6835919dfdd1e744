//! The public portal: no sign-in, no cookie, nothing from other origins; figures through disclosure control; the
//! Convention's Parties.

use crate::helpers::*;
use vigie_store::Store as _;

fn no_small_count(body: &str, table: &str) {
    let t = body
        .split(&format!("id=\"{table}\""))
        .nth(1)
        .unwrap()
        .split("</table>")
        .next()
        .unwrap();
    for cell in t.split("<td class=\"num").skip(1) {
        let value = cell.split('>').nth(1).unwrap().split('<').next().unwrap();
        if let Ok(n) = value.replace(',', "").parse::<u64>() {
            assert!(n == 0 || n >= 5, "{table}: {n} published");
        } else {
            assert!(value == "withheld", "{table}: {value}");
        }
    }
}

#[tokio::test]
async fn the_public_portal_needs_no_sign_in_sets_no_cookie_and_shows_only_safe_figures() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.accept_language = Some("fr-FR,fr;q=0.9".into());
    let res = c.get("/public").await;
    assert_eq!(res.status, 303);
    assert_eq!(res.location(), "/public/fr");
    for path in [
        "/public/fr",
        "/public/en",
        "/public/en/figures",
        "/public/fr/figures",
        "/public/en/convention",
    ] {
        let res = c.get(path).await;
        assert_eq!(res.status, 200, "{path}");
        assert!(res.header("set-cookie").is_empty(), "{path} sets no cookie");
        // (The drawings' SVG namespace is a name, not a request.)
        let body = res.body.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(
            !body.contains("http://") && !body.contains("https://"),
            "{path}: no other origin"
        );
        assert!(
            res.body.contains("id=\"emergency\""),
            "{path}: the emergency number"
        );
        assert!(!res.body.contains("<script"), "{path}");
    }
    assert!(c.cookies.is_empty());
    assert_eq!(c.get("/public/xx").await.status, 404);

    let figures = c.get("/public/en/figures").await;
    for table in ["victims-by-sex", "victims-by-age", "victims-by-form"] {
        no_small_count(&figures.body, table);
    }
    assert!(figures.body.contains("id=\"disclosure-rules\""));
    // The demo's 40 victims are split finely enough that some counts must be withheld.
    assert!(figures.body.contains(">withheld<"), "{}", figures.body);

    // The help page lists the services the city made public, not the interpreters' pool.
    let help = c.get("/public/en/help").await;
    let list = help
        .body
        .split("id=\"help-services\"")
        .nth(1)
        .unwrap()
        .split("</ul>")
        .next()
        .unwrap();
    assert_eq!(list.matches("class=\"card\"").count(), 8, "{list}");
    assert!(list.contains("Foyer Les Tilleuls") && list.contains("href=\"tel:+33500000112\""));
    assert!(!help.body.contains("interpr"), "the interpreters are not listed");
    assert!(help.body.contains("whatever your status"));

    // The awareness pages, linked from the home page, in both languages.
    let home = c.get("/public/en").await;
    let forms: Vec<String> = home
        .body
        .split("id=\"forms\"")
        .nth(1)
        .unwrap()
        .split("</ul>")
        .next()
        .unwrap()
        .split("href=\"")
        .skip(1)
        .map(|x| x.split('"').next().unwrap().to_owned())
        .collect();
    assert_eq!(forms.len(), 6, "{forms:?}");
    for href in &forms {
        let page = c.get(href).await;
        assert_eq!(page.status, 200, "{href}");
        assert!(page.body.contains("<h1>") && page.body.contains("112"), "{href}");
        assert!(page.header("set-cookie").is_empty());
        let fr = c.get(&href.replace("/public/en/", "/public/fr/")).await;
        assert!(fr.body.contains("<html lang=\"fr\"") && fr.body.contains("112"));
    }
    assert_eq!(c.get("/public/en/exploitation/nothing").await.status, 404);

    let conv = c.get("/public/en/convention").await;
    let parties = conv
        .body
        .split("id=\"parties\"")
        .nth(1)
        .unwrap()
        .split("</table>")
        .next()
        .unwrap();
    assert_eq!(
        parties.matches("<tr").count(),
        49,
        "48 Parties and the header row"
    );
    assert!(conv.body.contains("48 states are Parties: the 46 member states"));
    assert!(parties.contains("class=\"unconfirmed\"") && parties.contains("to be checked"));
    assert!(
        conv.body.contains("Russian Federation"),
        "named among those not Parties"
    );
    let fr = c.get("/public/fr/convention").await;
    assert!(fr.body.contains("à vérifier") && fr.body.contains("<html lang=\"fr\""));
}

/// The fields of a CSV line (quotes as RFC 4180 writes them).
fn csv_fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            _ => out.last_mut().unwrap().push(ch),
        }
    }
    out
}

/// The cells of a table of a page: `(row code, [values as shown])`, total rows included.
fn page_table(body: &str, id: &str) -> Vec<(String, Vec<String>)> {
    let t = body
        .split(&format!("<table id=\"{id}\""))
        .nth(1)
        .unwrap_or_else(|| panic!("no table {id}"))
        .split("</table>")
        .next()
        .unwrap();
    t.split("<tr data-code=\"")
        .skip(1)
        .map(|row| {
            let code = row.split('"').next().unwrap().to_owned();
            let values = row
                .split("<td class=\"num")
                .skip(1)
                .map(|c| c.split('>').nth(1).unwrap().split('<').next().unwrap().to_owned())
                .collect();
            (code, values)
        })
        .collect()
}

#[tokio::test]
async fn figures_downloads_and_catalogue_agree_and_publish_nothing_small() {
    let app = spawn_app().await;
    let mut c = app.client();

    // The figures are kept until the data changes: before the estimate is published, the page says there is none.
    assert!(
        c.get("/public/en/figures")
            .await
            .body
            .contains("has not published an estimate yet")
    );
    // An analyst publishes the estimate of the hidden number from the estimate page; a caseworker may not.
    let mut analyst = app.client();
    analyst.login_ok("analyst").await;
    let table =
        "police,ngo,health,count\n1,0,0,40\n0,1,0,35\n0,0,1,30\n1,1,0,12\n1,0,1,9\n0,1,1,8\n1,1,1,4\n";
    let token = analyst.csrf("/estimate").await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", token)
        .text("step", "publish")
        .text("table_text", table)
        .text("method", "main")
        .text("bootstrap", "0")
        .text("period", "2025")
        .text("level", "95");
    let res = analyst.post_multipart("/estimate", form).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains("id=\"estimate-published\""), "{}", res.body);
    let mut caseworker = app.client();
    caseworker.login_ok("caseworker").await;
    let token = caseworker.csrf("/cases").await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", token)
        .text("step", "publish")
        .text("table_text", table)
        .text("period", "2025");
    assert_eq!(caseworker.post_multipart("/estimate", form).await.status, 403);
    let audit = app.store.audit_recent(50).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "estimate.publish"));

    let figures = c.get("/public/en/figures").await;
    assert_eq!(figures.status, 200);
    let hidden = figures.body.split("id=\"hidden-number\">").nth(1).unwrap();
    assert!(
        hidden.starts_with("The lists of the agencies that meet victims name 138 different people"),
        "{hidden}"
    );
    assert!(
        figures
            .body
            .contains("from 3 agency lists (2025); rounded to the nearest 10")
    );

    // Every dataset of the catalogue is on the page, and its CSV and JSON say what the page says.
    let cat = c.get("/public/en/data/catalogue.json").await;
    assert_eq!(cat.status, 200);
    assert!(cat.header("content-type").starts_with("application/json"));
    let cat: serde_json::Value = serde_json::from_str(&cat.body).unwrap();
    let ids: Vec<String> = cat["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        ids,
        [
            "victims-by-sex",
            "victims-by-age",
            "victims-by-form",
            "hidden-number",
            "incidents-by-area",
            "plan-measures-by-status",
            "plan-measures-by-kind"
        ]
    );
    for d in cat["datasets"].as_array().unwrap() {
        let id = d["id"].as_str().unwrap();
        assert_eq!(d["disclosure"]["threshold"], 5, "{id}");
        let csv_url = d["distributions"][0]["url"].as_str().unwrap();
        let json_url = d["distributions"][1]["url"].as_str().unwrap();
        assert_eq!(csv_url, format!("/public/en/data/{id}.csv"));
        let csv = c.get(csv_url).await;
        assert_eq!(csv.status, 200, "{csv_url}");
        assert!(csv.header("content-type").starts_with("text/csv"));
        let json: serde_json::Value = serde_json::from_str(&c.get(json_url).await.body).unwrap();
        assert_eq!(json["metadata"]["id"], id);
        let page = page_table(&figures.body, id);
        let lines: Vec<&str> = csv.body.lines().skip(1).collect();
        assert_eq!(page.len(), lines.len(), "{id}: rows");
        assert_eq!(json["rows"].as_array().unwrap().len(), lines.len(), "{id}");
        for ((code, shown), (line, jrow)) in page
            .iter()
            .zip(lines.iter().zip(json["rows"].as_array().unwrap()))
        {
            let fields = csv_fields(line);
            assert_eq!(&fields[0], code, "{id}");
            assert_eq!(jrow["code"], code.as_str());
            let numbers: Vec<&str> = fields.iter().skip(2).map(String::as_str).collect();
            assert_eq!(numbers.len(), shown.len(), "{id} {code}");
            for (k, v) in shown.iter().enumerate() {
                let csv_v = numbers[k];
                let jv = &jrow["values"][k];
                let v = v.replace("&#39;", "'").replace("&amp;", "&");
                if v == "withheld" || v == "–" {
                    assert_eq!(csv_v, "", "{id} {code}");
                    assert!(jv.is_null());
                } else if let Ok(x) = csv_v.parse::<f64>() {
                    assert_eq!(v.replace(',', ""), csv_v, "{id} {code}");
                    assert_eq!(jv.as_f64(), Some(x), "{id} {code}");
                } else {
                    assert_eq!(v, csv_v, "{id} {code}");
                    assert_eq!(jv.as_str(), Some(csv_v), "{id} {code}");
                }
                // No count below the threshold, anywhere (rates and measures excepted).
                let is_rate = id == "incidents-by-area" && k == 2;
                if !is_rate
                    && !id.starts_with("plan-")
                    && let Ok(n) = csv_v.parse::<u64>()
                {
                    assert!(n == 0 || n >= 5, "{id} {code}: {n}");
                }
            }
        }
    }
    // The incidents map merged the small areas: every published group has 0 or at least 5 incidents.
    let csv = c.get("/public/en/data/incidents-by-area.csv").await.body;
    assert!(
        csv.starts_with("code,label,published_as,incidents,per_1000\n"),
        "{csv}"
    );
    // French labels, same numbers; an unknown table is 404.
    let fr = c.get("/public/fr/data/victims-by-age.csv").await.body;
    assert!(fr.contains("minor,Mineurs,"), "{fr}");
    let en = c.get("/public/en/data/victims-by-age.csv").await.body;
    assert_eq!(
        fr.lines()
            .map(|l| l.split(',').skip(2).collect::<Vec<_>>())
            .collect::<Vec<_>>(),
        en.lines()
            .map(|l| l.split(',').skip(2).collect::<Vec<_>>())
            .collect::<Vec<_>>()
    );
    assert_eq!(c.get("/public/en/data/nothing.csv").await.status, 404);
    assert_eq!(c.get("/public/en/data/victims-by-age.xml").await.status, 404);
    let data = c.get("/public/ar/data").await;
    assert_eq!(data.status, 200);
    assert!(
        data.body.contains("dir=\"rtl\"")
            && data.body.contains("href=\"/public/ar/data/victims-by-sex.csv\"")
    );
}

#[tokio::test]
async fn every_portal_language_renders_with_its_direction() {
    let app = spawn_app().await;
    let mut c = app.client();
    for code in ["en", "fr", "ro", "bg", "es", "pt", "sq", "ar", "zh", "vi"] {
        for page in [
            "",
            "/help",
            "/figures",
            "/convention",
            "/data",
            "/exploitation/forced-begging",
        ] {
            let res = c.get(&format!("/public/{code}{page}")).await;
            assert_eq!(res.status, 200, "{code}{page}");
            let dir = if code == "ar" { "rtl" } else { "ltr" };
            assert!(
                res.body.contains(&format!("<html lang=\"{code}\" dir=\"{dir}\"")),
                "{code}{page}"
            );
            assert!(
                !res.body.contains("{ $")
                    && !res.body.contains(">public-")
                    && !res.body.contains("> public-"),
                "{code}{page}: an untranslated text"
            );
        }
    }
    // The browser's language picks the portal's language (Arabic is not a language of the signed-in app).
    c.accept_language = Some("ar,en;q=0.5".into());
    assert_eq!(c.get("/public").await.location(), "/public/ar");
    let help = c.get("/public/ar/help").await;
    assert!(help.body.contains("Foyer Les Tilleuls"));
}

#[tokio::test]
async fn the_static_portal_is_identical_to_what_the_server_serves() {
    let app = spawn_app().await;
    let mut c = app.client();
    let state = vigie_web::AppState::new(
        app.store.clone(),
        app.clock.clone(),
        vigie_web::WebConfig::default(),
    );
    let dir = tempfile::tempdir().unwrap();
    let written = vigie_web::publish::write_static(state.clone(), dir.path())
        .await
        .unwrap();
    let urls = vigie_web::publish::addresses(&state).await;
    // Ten languages × (5 pages, 6 awareness pages, the catalogue and 2 files per table) and the style sheet.
    assert!(urls.len() > 10 * 12, "{}", urls.len());
    assert_eq!(written.len(), urls.len() + 1, "and the language index");
    for url in &urls {
        let served = c.get(url).await;
        assert_eq!(served.status, 200, "{url}");
        let file = std::fs::read_to_string(vigie_web::publish::file_for(dir.path(), url)).unwrap();
        assert_eq!(file, served.body, "{url}");
    }
    assert!(dir.path().join("public/ar/help/index.html").exists());
    assert!(dir.path().join("public/fr/data/victims-by-age.csv").exists());
    let index = std::fs::read_to_string(dir.path().join("public/index.html")).unwrap();
    assert_eq!(index.matches("<li><a href=\"/public/").count(), 10);
}

#[tokio::test]
async fn the_eu_report_has_its_columns_matches_the_cases_and_publishes_nothing_small() {
    use vigie_store::CaseStore as _;
    let app = spawn_app().await;
    let facts = app.store.case_facts().await.unwrap();
    // The year with the most registered (identified or presumed) victims.
    let registered = |y: i32, s: vigie_domain::VictimStatus| {
        facts.iter().filter(|f| f.year == y && f.status == s).count() as u64
    };
    let year = (2020..=2026)
        .max_by_key(|y| {
            registered(*y, vigie_domain::VictimStatus::Identified)
                + registered(*y, vigie_domain::VictimStatus::Presumed)
        })
        .unwrap();
    let mut analyst = app.client();
    analyst.login_ok("analyst").await;
    let res = analyst.get(&format!("/reports/eu/{year}.csv")).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let mut lines = res.body.lines();
    assert_eq!(
        lines.next().unwrap(),
        "year,country,victim_status,breakdown,sex,age,citizenship,exploitation,value,flag"
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert!(rows.len() > 40, "{}", res.body);
    for r in &rows {
        assert_eq!(r.len(), 10, "{r:?}");
        assert_eq!(r[0], year.to_string());
        match r[8].parse::<u64>() {
            Ok(v) => assert!((v == 0 || v >= 5) && r[9].is_empty(), "{r:?}"),
            Err(_) => assert!(r[8].is_empty() && r[9] == "c", "{r:?}"),
        }
    }
    // The totals equal the cases' own count, where published; and the sexes add up to them.
    let mut checked = 0;
    for (status, code) in [
        (vigie_domain::VictimStatus::Identified, "identified"),
        (vigie_domain::VictimStatus::Presumed, "presumed"),
    ] {
        let total = rows
            .iter()
            .find(|r| r[2] == code && r[3] == "age" && r[4] == "T" && r[5] == "TOTAL")
            .unwrap();
        if let Ok(v) = total[8].parse::<u64>() {
            assert_eq!(v, registered(year, status), "{code}");
            checked += 1;
            let sexes: Vec<Option<u64>> = ["F", "M", "UNK"]
                .iter()
                .map(|s| {
                    rows.iter()
                        .find(|r| r[2] == code && r[3] == "age" && r[4] == *s && r[5] == "TOTAL")
                        .and_then(|r| r[8].parse().ok())
                })
                .collect();
            if sexes.iter().all(Option::is_some) {
                assert_eq!(sexes.iter().flatten().sum::<u64>(), v);
            }
        }
    }
    assert!(checked >= 1, "no total published: {}", res.body);
    let meta: serde_json::Value =
        serde_json::from_str(&analyst.get(&format!("/reports/eu/{year}.json")).await.body).unwrap();
    assert_eq!(meta["columns"].as_array().unwrap().len(), 10);
    assert_eq!(meta["disclosure"]["threshold"], 5);
    let mut caseworker = app.client();
    caseworker.login_ok("caseworker").await;
    assert_eq!(
        caseworker.get(&format!("/reports/eu/{year}.csv")).await.status,
        403
    );
}
