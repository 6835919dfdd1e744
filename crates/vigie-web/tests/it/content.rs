//! The content editor over HTTP: the coordinator edits, previews, saves and publishes the public portal's texts,
//! restores an older version and adds a translation; other roles are refused; bad input is refused (nothing
//! stored) or neutralised; every save and publication is audited.

use vigie_store::{ContentStore, Store, Viewer};

use crate::helpers::*;

const PAGE: &str = "/content/sexual-exploitation/fr";
const PUBLIC: &str = "/public/fr/exploitation/sexual-exploitation";

async fn coordinator_viewer(app: &TestApp) -> Viewer {
    let user = app
        .store
        .users()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.username.as_str() == "coordinator")
        .unwrap();
    Viewer::new(user, "test")
}

async fn versions(app: &TestApp, page: &str, lang: &str) -> Vec<u32> {
    let v = coordinator_viewer(app).await;
    app.store
        .content_versions(&v, page, lang)
        .await
        .unwrap()
        .iter()
        .map(|x| x.version)
        .collect()
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

async fn send(c: &mut Client, path: &str, action: &str, body: &str, note: &str) -> Response {
    let csrf = c.csrf(path).await;
    c.post(
        path,
        &[
            ("csrf", csrf.as_str()),
            ("body", body),
            ("note", note),
            ("action", action),
        ],
    )
    .await
}

#[tokio::test]
async fn the_coordinator_previews_saves_publishes_and_restores_a_page() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.login_ok("coordinator").await;

    // The list: every page in every language, with the menu link.
    let list = c.get("/content").await;
    assert_eq!(list.status, 200, "{}", list.body);
    assert!(list.body.contains("href=\"/content\""), "menu link");
    for page in ["sexual-exploitation", "forced-marriage", "help"] {
        assert!(list.body.contains(&format!("data-page=\"{page}\"")), "{page}");
    }
    assert!(list.body.contains("href=\"/content/forced-begging/ro\""));
    assert!(list.body.contains("data-state=\"shipped\""));

    // The editor starts from the shipped text.
    let editor = c.get(PAGE).await;
    assert_eq!(editor.status, 200, "{}", editor.body);
    assert!(editor.body.contains("exploitation sexuelle"), "{}", editor.body);
    assert!(editor.body.contains("id=\"content-no-versions\""));
    let shipped_public = c.get(PUBLIC).await.body;

    // Preview: the text rendered beside the form; nothing saved, the public page unchanged.
    let v1 = "# Exploitation sexuelle : texte révisé\r\n\r\nUn paragraphe **unique** de la version un.\r\n";
    let preview = send(&mut c, PAGE, "preview", v1, "").await;
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(preview.body.contains("id=\"content-preview\""));
    assert!(
        preview.body.contains("<strong>unique</strong>"),
        "{}",
        preview.body
    );
    assert!(versions(&app, "sexual-exploitation", "fr").await.is_empty());
    assert_eq!(c.get(PUBLIC).await.body, shipped_public);

    // Save a draft: stored, not public.
    let saved = send(&mut c, PAGE, "save", v1, "première révision").await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(saved.location(), format!("{PAGE}?saved=1"));
    let editor = c.get(&saved.location()).await;
    assert!(editor.body.contains("id=\"content-message\""));
    assert!(
        editor.body.contains("version un"),
        "the editor holds the newest version"
    );
    assert!(editor.body.contains("première révision"));
    assert_eq!(c.get(PUBLIC).await.body, shipped_public);
    assert!(c.get("/content").await.body.contains("data-state=\"draft\""));

    // Publish a second version: the public page shows it, and the home page its title.
    let v2 = "# Exploitation sexuelle : deuxième texte\n\nLa version **deux**.\n";
    let published = send(&mut c, PAGE, "publish", v2, "deuxième").await;
    assert_eq!(published.status, 303, "{}", published.body);
    assert_eq!(published.location(), format!("{PAGE}?published=2"));
    let public = c.get(PUBLIC).await;
    assert!(
        public.body.contains("La version <strong>deux</strong>."),
        "{}",
        public.body
    );
    assert!(!public.body.contains("version un"));
    assert!(!public.body.contains("id=\"not-translated\""));
    assert!(
        c.get("/public/fr")
            .await
            .body
            .contains("Exploitation sexuelle : deuxième texte")
    );
    // The English page is untouched.
    assert!(
        !c.get("/public/en/exploitation/sexual-exploitation")
            .await
            .body
            .contains("deux")
    );

    // Saving the same text again saves no new version.
    let again = send(&mut c, PAGE, "save", v2, "").await;
    assert_eq!(again.location(), format!("{PAGE}?unchanged=2"));

    // Each version can be viewed; publishing version 1 restores it.
    let view = c.get(&format!("{PAGE}?version=1")).await;
    assert_eq!(view.status, 200);
    assert!(
        view.body
            .contains("id=\"content-version\" aria-labelledby=\"version-heading\" data-version=\"1\"")
    );
    assert!(view.body.contains("data-version=\"2\" data-public=\"true\""));
    assert_eq!(c.get(&format!("{PAGE}?version=9")).await.status, 404);
    let csrf = c.csrf(PAGE).await;
    let restore = c
        .post(
            &format!("{PAGE}/publish"),
            &[("csrf", csrf.as_str()), ("version", "1")],
        )
        .await;
    assert_eq!(restore.status, 303, "{}", restore.body);
    let public = c.get(PUBLIC).await;
    assert!(public.body.contains("version un"), "{}", public.body);
    assert!(!public.body.contains("La version <strong>deux</strong>"));
    assert!(
        c.get(PAGE)
            .await
            .body
            .contains("data-version=\"1\" data-public=\"true\"")
    );

    // Every version is kept; every save and publication audited.
    assert_eq!(versions(&app, "sexual-exploitation", "fr").await, [2, 1]);
    assert_eq!(audit_count(&app, "content.save").await, 2);
    assert_eq!(audit_count(&app, "content.publish").await, 2);

    // A form without its CSRF token changes nothing.
    let forged = c
        .post(PAGE, &[("body", "# Forged"), ("note", ""), ("action", "publish")])
        .await;
    assert_eq!(forged.status, 403);
    assert_eq!(versions(&app, "sexual-exploitation", "fr").await, [2, 1]);

    // Unknown pages and languages are not found.
    assert_eq!(c.get("/content/nothing/fr").await.status, 404);
    assert_eq!(c.get("/content/help/de").await.status, 404);
    assert_eq!(c.get("/content/help/FR").await.status, 404);
}

#[tokio::test]
async fn only_the_coordinator_edits_the_public_pages() {
    let app = spawn_app().await;
    for user in ["caseworker", "analyst", "partner", "admin", "dpo"] {
        let mut c = app.client();
        c.login_ok(user).await;
        let home = c.get("/").await;
        assert!(
            !home.body.contains("href=\"/content\""),
            "{user} sees the menu link"
        );
        assert_eq!(c.get("/content").await.status, 403, "{user}");
        assert_eq!(c.get(PAGE).await.status, 403, "{user}");
        let csrf = c.csrf("/").await;
        let post = c
            .post(
                PAGE,
                &[
                    ("csrf", csrf.as_str()),
                    ("body", "# Pirate"),
                    ("note", ""),
                    ("action", "publish"),
                ],
            )
            .await;
        assert_eq!(post.status, 403, "{user}");
        let post = c
            .post(
                &format!("{PAGE}/publish"),
                &[("csrf", csrf.as_str()), ("version", "1")],
            )
            .await;
        assert_eq!(post.status, 403, "{user}");
    }
    assert!(versions(&app, "sexual-exploitation", "fr").await.is_empty());
    // Signed out: to the sign-in page.
    let mut anon = app.client();
    assert_eq!(anon.get("/content").await.status, 303);
}

#[tokio::test]
async fn bad_input_is_refused_or_neutralised() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.login_ok("coordinator").await;

    // A script is accepted with a warning, and shown as text on the public page.
    let script = "# Exploitation sexuelle\n\nAvant.\n\n<script>alert(1)</script>\n\nAprès <img src=x onerror=alert(2)>.\n";
    let preview = send(&mut c, PAGE, "preview", script, "").await;
    assert_eq!(preview.status, 200);
    assert!(preview.body.contains("id=\"content-warnings\""));
    assert!(
        preview.body.contains("Raw HTML will be shown as text"),
        "{}",
        preview.body
    );
    assert!(preview.body.contains("lines 5, 7"), "{}", preview.body);
    let res = send(&mut c, PAGE, "publish", script, "").await;
    assert_eq!(res.status, 303, "{}", res.body);
    let public = c.get(PUBLIC).await;
    let article = public.body.split("id=\"awareness\"").nth(1).unwrap();
    assert!(
        article.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{article}"
    );
    assert!(!public.body.to_ascii_lowercase().contains("<script"));
    assert!(!public.body.to_ascii_lowercase().contains("<img"));
    let before = versions(&app, "sexual-exploitation", "fr").await;
    let audit_before = app.store.audit_recent(10_000).await.unwrap().len();

    // An embedded image of 100 KB: refused, with its line, whichever button.
    let image = format!(
        "# Exploitation sexuelle\n\nUne image :\n![photo](data:image/png;base64,{})\n",
        "iVBORw0KGgo".repeat(100 * 1024 / 11)
    );
    for action in ["save", "publish"] {
        let res = send(&mut c, PAGE, action, &image, "").await;
        assert_eq!(res.status, 422, "{action}");
        assert!(res.body.contains("id=\"content-refusals\""));
        assert!(
            res.body.contains("Line 4: an image embedded in the text"),
            "{}",
            res.body
        );
        assert!(res.body.contains("64 KiB"), "{}", res.body);
    }
    // A text over 64 KiB.
    let long = format!(
        "# Exploitation sexuelle\n\n{}\n",
        "Un texte bien trop long. ".repeat(3000)
    );
    let res = send(&mut c, PAGE, "save", &long, "").await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("a page has at most 65,536"), "{}", res.body);
    // An unsafe link, a missing title.
    let res = send(&mut c, PAGE, "save", "# T\n\n[clic](javascript:alert(1))\n", "").await;
    assert_eq!(res.status, 422);
    assert!(
        res.body
            .contains("Line 3: a link to a “javascript:” address is refused"),
        "{}",
        res.body
    );
    let res = send(&mut c, PAGE, "publish", "Pas de titre\n", "").await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("must start with its title"));
    // The refused text stays in the editor to be corrected.
    assert!(res.body.contains(">Pas de titre\n</textarea>"), "{}", res.body);

    // Nothing stored, nothing audited, the public page unchanged.
    assert_eq!(versions(&app, "sexual-exploitation", "fr").await, before);
    assert_eq!(app.store.audit_recent(10_000).await.unwrap().len(), audit_before);
    assert_eq!(c.get(PUBLIC).await.body, public.body);
}

#[tokio::test]
async fn a_translation_and_the_help_text_are_added_without_rebuilding() {
    let app = spawn_app().await;
    let mut c = app.client();
    c.login_ok("coordinator").await;
    // A shipped translation is in the editor to start from.
    let ro = c.get("/public/ro/exploitation/forced-begging").await;
    assert!(!ro.body.contains("id=\"not-translated\"") && ro.body.contains("lang=\"ro\""));
    let editor = c.get("/content/forced-begging/ro").await;
    assert!(
        editor
            .body
            .contains("id=\"c-body\" name=\"body\" rows=\"24\" lang=\"ro\" dir=\"ltr\"")
    );
    assert!(
        !editor.body.contains("></textarea>"),
        "the shipped text is in the editor"
    );

    // The Arabic editor writes right to left.
    let ar = c.get("/content/help/ar").await;
    assert!(ar.body.contains("lang=\"ar\" dir=\"rtl\""));

    // The help page's own text, above the services; other languages show it in English, marked as such.
    let help = "# Help, whatever your situation\n\nCall us: the city's own words about **help**.\n";
    let res = send(&mut c, "/content/help/en", "publish", help, "").await;
    assert_eq!(res.status, 303, "{}", res.body);
    let page = c.get("/public/en/help").await;
    let text_at = page.body.find("id=\"help-text\"").unwrap();
    let services_at = page.body.find("id=\"help-services\"").unwrap();
    assert!(text_at < services_at);
    assert!(
        page.body
            .contains("Call us: the city's own words about <strong>help</strong>."),
        "{}",
        page.body
    );
    assert!(!page.body.contains("id=\"not-translated\""));
    let fr = c.get("/public/fr/help").await;
    assert!(fr.body.contains("id=\"not-translated\"") && fr.body.contains("id=\"help-text\""));

    // A translation the city adds, without rebuilding: the Romanian help text.
    let ro = "/public/ro/help";
    assert!(c.get(ro).await.body.contains("id=\"not-translated\""));
    let editor = c.get("/content/help/ro").await;
    assert!(
        editor.body.contains("></textarea>"),
        "a new translation starts empty"
    );
    let text =
        "# Ajutor, indiferent de situația dumneavoastră\n\nUnele servicii vă ajută. Sunați la **112**.\n";
    let res = send(&mut c, "/content/help/ro", "publish", text, "traducere").await;
    assert_eq!(res.status, 303, "{}", res.body);
    let after = c.get(ro).await;
    assert!(!after.body.contains("id=\"not-translated\""), "{}", after.body);
    assert!(after.body.contains("Unele servicii vă ajută"));
    assert!(
        c.get("/content").await.body.contains("Published: version 1"),
        "the list shows the new translation"
    );
    assert_eq!(audit_count(&app, "content.publish").await, 2);
    assert_eq!(
        app.store
            .published_content("help", "en")
            .await
            .unwrap()
            .map(|v| v.version),
        Some(1)
    );
}
