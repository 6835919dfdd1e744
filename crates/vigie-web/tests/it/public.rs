//! The public portal: no sign-in, no cookie, nothing from other origins; figures through disclosure control; the
//! Convention's Parties.

use crate::helpers::*;

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
        if let Ok(n) = value.parse::<u64>() {
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
        assert!(
            !res.body.contains("http://") && !res.body.contains("https://"),
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
    for table in ["by-year", "by-form", "by-sex", "by-age"] {
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
