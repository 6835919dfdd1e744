//! vigie on PostgreSQL, through the command line as an administrator runs it: a city's data moved from SQLite and
//! back (`vigie migrate`, verified row for row), the restore drill on PostgreSQL, the demo city served by two
//! instances on one database (sessions, login throttling and the audit chain shared), a SIGKILL in the middle of
//! an import, and the database going away and coming back.
//!
//! The server comes from `VIGIE_TEST_POSTGRES` (see `vigie_store::testing`; `scripts/test` starts one).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use vigie_store::{SqlStore, Store};

use crate::htcds::{database, demo};
use crate::serve::{Server, login};
use crate::{demo_files, ok, refused, text, vigie};

/// A new, empty database on the test server, or `None` when PostgreSQL tests are skipped.
async fn fresh() -> Option<String> {
    let server = vigie_store::testing::postgres_server()?;
    Some(vigie_store::testing::fresh_database(&server).await.unwrap())
}

async fn dump_of(db: &str) -> vigie_store::Dump {
    let store = SqlStore::connect(db).await.unwrap();
    let dump = store.dump().await.unwrap();
    store.close().await;
    dump
}

#[tokio::test]
async fn a_city_moves_to_postgres_and_back_and_its_backup_restores() {
    let Some(pg) = fresh().await else { return };
    let Some(pg2) = fresh().await else { return };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (db, key) = database(d, "city", &demo(), true).await;
    let (db_s, key_s) = (db.to_str().unwrap(), key.to_str().unwrap());

    // SQLite → PostgreSQL, verified by vigie and again here.
    let out = ok(&["migrate", "--from", db_s, "--to", &pg, "--json"]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["verified"], true);
    assert!(report["rows"].as_u64().unwrap() > 100, "{report}");
    assert!(
        !out.contains("postgres@"),
        "no password or user in the report: {out}"
    );
    let sqlite_rows = dump_of(db_s).await;
    assert_eq!(sqlite_rows.differences(&dump_of(&pg).await), Vec::<String>::new());
    assert!(ok(&["audit", "verify", "--db", &pg, "--key-file", key_s]).contains("intact"));
    // The cases open on PostgreSQL with the city's key.
    let export = d.join("cases.csv");
    ok(&[
        "cases",
        "export-htcds",
        "--db",
        &pg,
        "--key-file",
        key_s,
        "--out",
        export.to_str().unwrap(),
    ]);
    let cases = std::fs::read_to_string(&export).unwrap();
    assert!(cases.lines().count() > 10, "{cases}");
    let pg_rows = dump_of(&pg).await;

    // Into a database that holds data: refused, nothing changed.
    let e = refused(&["migrate", "--from", db_s, "--to", &pg]);
    assert!(e.contains("already holds data"), "{e}");
    assert_eq!(dump_of(&pg).await, pg_rows);

    // The restore drill on PostgreSQL: back up while open, restore into SQLite and into PostgreSQL.
    let admin = d.join("admin.key");
    let out = ok(&["backup-key", "--out", admin.to_str().unwrap()]);
    let public = out
        .lines()
        .find(|l| l.starts_with("vigie-public-1:"))
        .unwrap()
        .to_owned();
    let file = d.join("pg.backup");
    let f = file.to_str().unwrap();
    ok(&[
        "backup",
        "--db",
        &pg,
        "--key-file",
        key_s,
        "--to",
        &public,
        "--out",
        f,
    ]);
    let content = std::fs::read_to_string(&file).unwrap();
    assert!(
        content.contains("\"backend\":\"postgres\""),
        "{}",
        &content[..200]
    );
    assert!(!content.contains("Vallombre"), "the backup is encrypted");
    let back = d.join("back.sqlite");
    let back_s = back.to_str().unwrap();
    ok(&["restore", "--db", back_s, "--key", admin.to_str().unwrap(), f]);
    assert_eq!(dump_of(back_s).await.differences(&pg_rows), Vec::<String>::new());
    assert!(ok(&["audit", "verify", "--db", back_s, "--key-file", key_s]).contains("intact"));
    ok(&["restore", "--db", &pg2, "--key", admin.to_str().unwrap(), f]);
    assert_eq!(dump_of(&pg2).await.differences(&pg_rows), Vec::<String>::new());
    // A restore over data is refused; a damaged backup too.
    let e = refused(&["restore", "--db", &pg2, "--key", admin.to_str().unwrap(), f]);
    assert!(e.contains("already holds data"), "{e}");
    let mut bad = content.into_bytes();
    let at = bad.len() / 2;
    bad[at] = if bad[at] == b'A' { b'B' } else { b'A' };
    let damaged = d.join("damaged.backup");
    std::fs::write(&damaged, bad).unwrap();
    let Some(pg3) = fresh().await else { return };
    let e = refused(&[
        "restore",
        "--db",
        &pg3,
        "--key",
        admin.to_str().unwrap(),
        damaged.to_str().unwrap(),
    ]);
    assert!(e.contains("cannot be decrypted"), "{e}");
    // Nothing written: no row but the one a new database holds (its data version).
    let rows: usize = dump_of(&pg3)
        .await
        .counts()
        .iter()
        .filter(|(t, _)| t != "data_version")
        .map(|(_, n)| n)
        .sum();
    assert_eq!(rows, 0);

    // And back: PostgreSQL → a new SQLite file.
    let again = d.join("again.sqlite");
    ok(&["migrate", "--from", &pg, "--to", again.to_str().unwrap()]);
    assert_eq!(dump_of(again.to_str().unwrap()).await, dump_of(&pg).await);
}

/// Starts `vigie serve` on `db` on a free port; returns it and its address once it listens.
fn serve(db: &str, key: &Path, demo: bool) -> (Server, String) {
    let mut cmd = vigie();
    cmd.args([
        "serve",
        "--db",
        db,
        "--key-file",
        key.to_str().unwrap(),
        "--addr",
        "127.0.0.1:0",
    ]);
    if demo {
        cmd.arg("--demo");
    }
    cmd.env("VIGIE_DEMO_PASSWORD", "two-instances-password")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = cmd.spawn().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let deadline = Instant::now() + Duration::from_secs(180);
    let mut url = None;
    while Instant::now() < deadline {
        let mut line = String::new();
        if out.read_line(&mut line).unwrap() == 0 {
            break;
        }
        if let Some(rest) = line.trim().strip_prefix("vigie is listening on ") {
            url = Some(rest.trim_end_matches('/').to_owned());
            break;
        }
    }
    std::thread::spawn(move || for _ in out.lines() {});
    (Server(child), url.expect("the server prints its address"))
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn status_of(http: &reqwest::Client, url: &str, cookie: &str) -> u16 {
    http.get(url)
        .header("cookie", cookie)
        .send()
        .await
        .map_or(0, |r| r.status().as_u16())
}

#[tokio::test]
async fn two_instances_serve_the_demo_city_from_one_postgres_database() {
    let Some(pg) = fresh().await else { return };
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("city.key");
    let (_a, a) = serve(&pg, &key, true);
    let (_b, b) = serve(&pg, &key, false);
    let http = client();
    let password = "two-instances-password";

    // A session opened on one instance is valid on the other (sessions are in the database).
    let (status, session) = login(&http, &a, "coordinator", password).await;
    assert_eq!(status, 303);
    assert_eq!(status_of(&http, &format!("{b}/"), &session).await, 200);
    let page = http
        .get(format!("{b}/"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert!(page.text().await.unwrap().contains("<h1>Vallombre</h1>"));
    // Signing out on B ends the session on A.
    let body = http
        .get(format!("{b}/"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let marker = "name=\"csrf\" value=\"";
    let start = body.find(marker).unwrap() + marker.len();
    let csrf = body[start..].split('"').next().unwrap().to_owned();
    let out = http
        .post(format!("{b}/logout"))
        .header("cookie", &session)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert!(out.status().is_redirection(), "{}", out.status());
    assert_ne!(status_of(&http, &format!("{a}/"), &session).await, 200);

    // Writes from both at once keep one audit chain.
    let mut tasks = Vec::new();
    for i in 0..16 {
        let (http, at) = (http.clone(), if i % 2 == 0 { a.clone() } else { b.clone() });
        let user = ["coordinator", "caseworker", "partner", "dpo"][i % 4];
        tasks.push(tokio::spawn(
            async move { login(&http, &at, user, password).await.0 },
        ));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), 303);
    }

    // Login throttling counts failures on both instances together: 5 wrong passwords, spread over A and B,
    // and the right one is refused on either (for this user, and from this address: so it comes last).
    for i in 0..5 {
        let at = if i % 2 == 0 { &a } else { &b };
        let (status, _) = login(&http, at, "analyst", "not-the-password").await;
        assert_eq!(status, 401, "attempt {i}");
    }
    for at in [&a, &b] {
        let (status, _) = login(&http, at, "analyst", password).await;
        assert_eq!(status, 429, "throttled on {at}");
    }
    let out = ok(&[
        "audit",
        "verify",
        "--db",
        &pg,
        "--key-file",
        key.to_str().unwrap(),
    ]);
    assert!(out.contains("intact"), "{out}");

    // The whole demo city (plan, networks, published figures, cases) moves to a SQLite file, row for row.
    drop((_a, _b));
    let file = dir.path().join("from-postgres.sqlite");
    let out = ok(&["migrate", "--from", &pg, "--to", file.to_str().unwrap(), "--json"]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    for table in [
        "measures",
        "networks",
        "public_estimates",
        "cases",
        "referrals",
        "audit_log",
    ] {
        assert!(report["tables"][table].as_u64().unwrap() > 0, "{table}: {report}");
    }
    assert_eq!(dump_of(&pg).await, dump_of(file.to_str().unwrap()).await);
}

#[tokio::test]
async fn a_sigkill_during_an_import_into_postgres_leaves_all_or_nothing() {
    let Some(server) = vigie_store::testing::postgres_server() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    demo_files(dir.path(), 200);
    let big = dir.path().join("big.csv");
    crate::crash::big_incidents(&big);
    let mut killed_mid_write = 0;
    for delay_ms in [0u64, 100, 300, 700] {
        let db = vigie_store::testing::fresh_database(&server).await.unwrap();
        ok(&[
            "import",
            "areas",
            dir.path().join("areas.geojson").to_str().unwrap(),
            "--db",
            &db,
        ]);
        let mut child = vigie()
            .args(["import", "incidents", big.to_str().unwrap(), "--db", &db])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        loop {
            line.clear();
            if stderr.read_line(&mut line).unwrap() == 0 || line.contains("writing") {
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();

        let store = SqlStore::connect(&db).await.unwrap();
        assert!(
            store.audit_verify().await.unwrap().ok(),
            "{delay_ms} ms: audit chain broken"
        );
        let s = store.summary().await.unwrap();
        let imports = store.recent_imports(10).await.unwrap();
        assert_eq!(s.areas, 41);
        match s.incidents {
            0 => {
                assert!(imports.iter().all(|i| i.file_name != "big.csv"));
                if status.code().is_none() {
                    killed_mid_write += 1;
                }
            }
            n if n == crate::crash::ROWS as u64 => {
                assert!(imports.iter().any(|i| i.file_name == "big.csv"));
            }
            n => panic!("{delay_ms} ms: {n} rows stored: a partial import"),
        }
        store.close().await;
        // The database is still usable: the same file imports whole now.
        ok(&["import", "incidents", big.to_str().unwrap(), "--db", &db]);
        let store = SqlStore::connect(&db).await.unwrap();
        assert_eq!(
            store.summary().await.unwrap().incidents,
            crate::crash::ROWS as u64
        );
        store.close().await;
    }
    assert!(
        killed_mid_write > 0,
        "no attempt was killed while writing: the test proved nothing"
    );
}

/// A PostgreSQL server of this test's own (started with `scripts/postgres`), which it can stop and start.
struct OwnServer {
    dir: String,
    url: String,
}

impl OwnServer {
    fn start() -> OwnServer {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/postgres");
        let out = std::process::Command::new("bash").arg(script).output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        OwnServer {
            url: text(&out.stdout).trim().to_owned(),
            dir: text(&out.stderr).lines().last().unwrap().trim().to_owned(),
        }
    }

    fn control(&self, what: &str) {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/postgres");
        let out = std::process::Command::new("bash")
            .args([script, what, &self.dir])
            .output()
            .unwrap();
        assert!(out.status.success(), "{what}: {}", text(&out.stderr));
    }
}

impl Drop for OwnServer {
    fn drop(&mut self) {
        self.control("stop");
    }
}

#[tokio::test]
async fn the_database_going_away_gives_503_and_the_server_recovers() {
    if vigie_store::testing::postgres_server().is_none() {
        return;
    }
    let pg = OwnServer::start();
    let db = vigie_store::testing::fresh_database(&pg.url).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("city.key");
    let (_server, url) = serve(&db, &key, true);
    let http = client();
    let (status, session) = login(&http, &url, "coordinator", "two-instances-password").await;
    assert_eq!(status, 303);
    assert_eq!(status_of(&http, &format!("{url}/healthz"), "").await, 200);

    pg.control("pause");
    // The health check and the pages say 503 (a page, not a hang or a crash), and the public portal too.
    for path in ["/healthz", "/", "/cases", "/public/en/figures"] {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut last = 0;
        while Instant::now() < deadline {
            last = status_of(&http, &format!("{url}{path}"), &session).await;
            if last == 503 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        assert_eq!(last, 503, "{path} while the database is away");
    }
    let page = http
        .get(format!("{url}/"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );

    pg.control("resume");
    // The server comes back by itself: the same session works again.
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut back = false;
    while Instant::now() < deadline {
        if status_of(&http, &format!("{url}/"), &session).await == 200 {
            back = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    assert!(back, "the server did not recover when the database came back");
    assert_eq!(status_of(&http, &format!("{url}/healthz"), "").await, 200);
}
