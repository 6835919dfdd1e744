//! `vigie serve --demo`: a new database gets the demo city and one user per role; the server answers /healthz
//! and a demo user can sign in and see the map. A second start does not load the demo again.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::vigie;

pub(crate) struct Server(pub(crate) Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the server on a free port; returns it and the base URL it prints.
fn start(db: &std::path::Path, password: Option<&str>) -> (Server, String, Vec<String>) {
    let mut cmd = vigie();
    cmd.args([
        "serve",
        "--demo",
        "--db",
        db.to_str().unwrap(),
        "--addr",
        "127.0.0.1:0",
    ])
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::null());
    if let Some(p) = password {
        cmd.env("VIGIE_DEMO_PASSWORD", p);
    }
    let mut child = cmd.spawn().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    let mut url = None;
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        let mut line = String::new();
        if out.read_line(&mut line).unwrap() == 0 {
            break;
        }
        if let Some(rest) = line.trim().strip_prefix("vigie is listening on ") {
            url = Some(rest.trim_end_matches('/').to_owned());
        }
        lines.push(line.trim().to_owned());
        if url.is_some() && lines.iter().any(|l| l.starts_with("demo users")) {
            break;
        }
    }
    let url = url.expect("the server prints its address");
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in out.lines() {});
    (Server(child), url, lines)
}

/// Signs in; returns the status and the session cookie.
pub(crate) async fn login(http: &reqwest::Client, url: &str, user: &str, password: &str) -> (u16, String) {
    let page = http.get(format!("{url}/login")).send().await.unwrap();
    let cookie = page
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let body = page.text().await.unwrap();
    let marker = "name=\"csrf\" value=\"";
    let start = body.find(marker).unwrap() + marker.len();
    let csrf = body[start..].split('"').next().unwrap().to_owned();
    let res = http
        .post(format!("{url}/login"))
        .header("cookie", &cookie)
        .form(&[("username", user), ("password", password), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let session = res
        .headers()
        .get("set-cookie")
        .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_owned())
        .unwrap_or_default();
    (status, session)
}

#[tokio::test]
async fn the_demo_server_starts_and_a_newcomer_can_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    let started = Instant::now();
    let (server, url, lines) = start(&db, None);
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut healthy = false;
    while started.elapsed() < Duration::from_secs(60) {
        if http
            .get(format!("{url}/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            healthy = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(healthy, "/healthz did not answer within a minute");
    // The random password is printed once, with the URL.
    let line = lines.iter().find(|l| l.starts_with("demo users")).unwrap();
    let password = line.rsplit(": ").next().unwrap().to_owned();
    assert!(password.len() >= 12, "{line}");
    for user in ["admin", "coordinator", "analyst", "caseworker", "partner", "dpo"] {
        let (status, _) = login(&http, &url, user, &password).await;
        assert_eq!(status, 303, "{user} signs in");
    }
    let (_, session) = login(&http, &url, "coordinator", &password).await;
    let page = http
        .get(format!("{url}/"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let body = page.text().await.unwrap();
    assert!(body.contains("<h1>Vallombre</h1>"));
    assert_eq!(body.matches("<path class=\"area\"").count(), 41);
    // The caseworker sees the NGO's demo cases; the first one opens with its name.
    let (_, session) = login(&http, &url, "caseworker", &password).await;
    let cases = http
        .get(format!("{url}/cases"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(cases.status(), 200);
    let body = cases.text().await.unwrap();
    assert!(body.matches("href=\"/cases/").count() > 50, "the demo has cases");
    drop(server);

    // The database file alone reveals no name and no date of birth of the demo's victims.
    let files = vigie_synth::generate(&vigie_synth::DemoConfig::default());
    let ngo = files.get("lists/ngo.csv").unwrap();
    let mut secrets = Vec::new();
    for line in ngo.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        secrets.push(format!("{} {}", f[1], f[2]));
        if f[3].len() == 10 {
            secrets.push(f[3].to_owned());
        }
    }
    assert!(secrets.len() > 100, "{}", secrets.len());
    let mut bytes = std::fs::read(&db).unwrap();
    if let Ok(wal) = std::fs::read(dir.path().join("demo.sqlite-wal")) {
        bytes.extend(wal);
    }
    let hay = String::from_utf8_lossy(&bytes);
    let found: Vec<&String> = secrets.iter().filter(|s| hay.contains(s.as_str())).collect();
    assert!(found.is_empty(), "found in the database file: {found:?}");
    // The key was written beside it, readable by its owner only.
    let key = dir.path().join("demo.sqlite.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }

    // A second start keeps the data and does not print a new password.
    let (_server, _url, lines) = start(&db, None);
    assert!(lines.iter().any(|l| l.contains("demo users")));
    assert!(!lines.iter().any(|l| l.contains("shown only now")), "{lines:?}");
}

#[tokio::test]
async fn the_demo_password_can_come_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    let (_server, url, lines) = start(&db, Some("a-demo-password-for-tests"));
    assert!(
        !lines.iter().any(|l| l.contains("a-demo-password-for-tests")),
        "an environment password is never printed"
    );
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let (status, _) = login(&http, &url, "analyst", "a-demo-password-for-tests").await;
    assert_eq!(status, 303);
    let (status, _) = login(&http, &url, "analyst", "wrong-password-here").await;
    assert_eq!(status, 401);
}
