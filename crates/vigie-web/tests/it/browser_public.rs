//! The public portal in headless Chromium: French, English and Arabic (right to left) render; the help page lists
//! the demo city's public services; the language switch works without JavaScript; nothing is requested from
//! another origin (the browser's own record of every resource it loaded); axe-core, run in each page, finds no
//! serious or critical accessibility violation. axe-core comes from npm (`scripts/axe`, installed by
//! `scripts/test`); its path may be given in `VIGIE_AXE_JS`.

use fantoccini::{Client, Locator};

use crate::browser::{browser, heading, start_driver};
use crate::helpers::spawn_app;

fn axe_source() -> String {
    let path = std::env::var("VIGIE_AXE_JS").unwrap_or_else(|_| {
        format!(
            "{}/../../scripts/axe/node_modules/axe-core/axe.min.js",
            env!("CARGO_MANIFEST_DIR")
        )
    });
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("{path}: {e}: run scripts/test (it installs axe-core from npm into scripts/axe)")
    })
}

/// Every URL the browser fetched for the current page (the document and every resource).
async fn fetched(b: &Client) -> Vec<String> {
    let v = b
        .execute(
            "return performance.getEntries().filter(e => e.entryType === 'navigation' || e.entryType === 'resource').map(e => e.name);",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(v).unwrap()
}

/// The serious and critical violations axe-core finds in the current page (and how many rules passed, to show
/// that it ran).
async fn axe_violations(b: &Client, axe: &str) -> (Vec<String>, usize) {
    b.execute(axe, vec![]).await.unwrap();
    let v = b
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document)
               .then(r => done([r.violations
                 .filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', ')),
                 r.passes.length]))
               .catch(e => done([['axe failed: ' + e], 0]));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(v).unwrap()
}

#[tokio::test]
async fn the_public_portal_renders_in_french_english_and_arabic_loads_nothing_from_elsewhere_and_is_accessible()
 {
    let Some(driver) = start_driver() else { return };
    let axe = axe_source();
    let app = spawn_app().await;
    let origin = app.url("");
    let origin = origin.trim_end_matches('/');
    let b = browser(&driver).await;
    for (lang, dir) in [("en", "ltr"), ("fr", "ltr"), ("ar", "rtl")] {
        for page in [
            "",
            "/help",
            "/figures",
            "/data",
            "/convention",
            "/exploitation/forced-criminality",
        ] {
            let url = format!("{origin}/public/{lang}{page}");
            b.goto(&url).await.unwrap();
            assert!(!heading(&b).await.is_empty(), "{url}: a main heading");
            let (l, d, shown) = {
                let v = b
                    .execute(
                        "return [document.documentElement.lang, document.documentElement.dir, getComputedStyle(document.body).direction];",
                        vec![],
                    )
                    .await
                    .unwrap();
                let v: Vec<String> = serde_json::from_value(v).unwrap();
                (v[0].clone(), v[1].clone(), v[2].clone())
            };
            assert_eq!(
                (l.as_str(), d.as_str(), shown.as_str()),
                (lang, dir, dir),
                "{url}"
            );
            for f in fetched(&b).await {
                assert!(f.starts_with(&format!("{origin}/")), "{url} fetched {f}");
            }
            let (violations, passes) = axe_violations(&b, &axe).await;
            assert!(violations.is_empty(), "{url}: {violations:#?}");
            assert!(passes > 10, "{url}: axe ran only {passes} rules");
        }
    }

    // The check can fail: a link with no text and an image with no description are serious violations.
    b.execute(
        "const a = document.createElement('a'); a.href = '/x'; document.querySelector('main').appendChild(a);
         const i = document.createElement('img'); document.querySelector('main').appendChild(i);",
        vec![],
    )
    .await
    .unwrap();
    let (violations, _) = axe_violations(&b, &axe).await;
    assert!(
        violations.iter().any(|v| v.starts_with("link-name"))
            && violations.iter().any(|v| v.starts_with("image-alt")),
        "{violations:?}"
    );

    // The help page lists the demo city's public services, in Arabic too.
    b.goto(&format!("{origin}/public/ar/help")).await.unwrap();
    let cards = b.find_all(Locator::Css("#help-services li.card")).await.unwrap();
    assert_eq!(cards.len(), 8);
    let text = b
        .find(Locator::Id("help-services"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains("Foyer Les Tilleuls"), "{text}");
    let emergency = b
        .find(Locator::Id("emergency"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(emergency.contains("112"));

    // The language switch is a plain link: from Arabic to French, same page, no script needed.
    b.find(Locator::Css("nav.langs a[hreflang='fr']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while b.current_url().await.unwrap().path() != "/public/fr/help" {
        assert!(
            std::time::Instant::now() < deadline,
            "the switch did not lead to /public/fr/help"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(heading(&b).await, "De l’aide, quelle que soit votre situation");
    assert!(b.get_all_cookies().await.unwrap().is_empty(), "no cookie");
    b.close().await.unwrap();
}
