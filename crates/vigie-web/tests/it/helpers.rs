//! `spawn_app()`: the application on a random port with a fresh in-memory store holding a small demo city, one
//! user per role, and a clock the test controls. `Client`: an HTTP client that keeps its own cookies.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use time::macros::datetime;
use vigie_domain::{AgencyCode, Role, Username};
use vigie_store::{Actor, ImportKind, NewUser, SqlStore, Store, import_file};
use vigie_synth::{DemoConfig, generate};
use vigie_web::{AppState, ManualClock, WebConfig};

pub const PASSWORD: &str = "correct-horse-battery";

pub struct TestApp {
    pub addr: SocketAddr,
    pub store: Arc<SqlStore>,
    pub clock: Arc<ManualClock>,
    pub areas: usize,
    _server: tokio::task::JoinHandle<()>,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }
    pub fn client(&self) -> Client {
        Client::new(self.addr)
    }
    pub fn clock_now(&self) -> time::OffsetDateTime {
        use vigie_web::Clock;
        self.clock.now()
    }
    pub async fn incident_count(&self) -> u64 {
        self.store.summary().await.unwrap().incidents
    }
}

/// The demo city, small: enough areas for the map, few incidents to keep tests quick.
pub async fn seed(store: &dyn Store, at: time::OffsetDateTime) -> usize {
    let files = generate(&DemoConfig {
        incidents: 1500,
        victims: 40,
        ..DemoConfig::default()
    });
    let actor = Actor::new("test", "test");
    let city: vigie_domain::City = serde_json::from_str(files.get("city.json").unwrap()).unwrap();
    store.set_city(&city, &actor, at).await.unwrap();
    for (kind, file) in [
        (ImportKind::Agencies, "agencies.csv"),
        (ImportKind::Areas, "areas.geojson"),
        (ImportKind::Indicators, "indicators.csv"),
        (ImportKind::Incidents, "incidents.csv"),
    ] {
        import_file(store, kind, file, files.get(file).unwrap().as_bytes(), &actor, at)
            .await
            .unwrap();
    }
    let hash = vigie_web::auth::hash_password(PASSWORD).unwrap();
    for role in Role::ALL {
        // The caseworker works for the NGO, the partner runs the safe accommodation (it receives referrals).
        let agency = match role {
            Role::Caseworker => Some(AgencyCode::parse("ngo").unwrap()),
            Role::Partner => Some(AgencyCode::parse("refuge").unwrap()),
            _ => None,
        };
        store
            .create_user(
                &NewUser {
                    username: Username::parse(role.code()).unwrap(),
                    role: *role,
                    agency,
                    password_hash: hash.clone(),
                },
                &actor,
                at,
            )
            .await
            .unwrap();
    }
    vigie_web::demo::load_cases(store, &files, at).await.unwrap();
    vigie_web::demo::load_network(store, &files, at).await.unwrap();
    vigie_web::demo::load_plan(store, &files, at).await.unwrap();
    store.summary().await.unwrap().areas as usize
}

pub async fn spawn_app_with(config: WebConfig) -> TestApp {
    let clock = Arc::new(ManualClock::new(datetime!(2026-06-01 09:00 UTC)));
    let store = Arc::new(
        SqlStore::in_memory()
            .await
            .unwrap()
            .with_field_key(vigie_store::FieldKey::from_bytes([5; 32]))
            .await
            .unwrap(),
    );
    let areas = seed(store.as_ref(), datetime!(2026-06-01 08:00 UTC)).await;
    let state = AppState::new(store.clone(), clock.clone(), config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        vigie_web::serve(listener, state, std::future::pending())
            .await
            .unwrap();
    });
    TestApp {
        addr,
        store,
        clock,
        areas,
        _server: server,
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(WebConfig {
        max_upload_bytes: 256 * 1024,
        ..WebConfig::default()
    })
    .await
}

pub struct Response {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    }
    pub fn location(&self) -> String {
        self.header("location")
    }
}

/// An HTTP client that does not follow redirects and keeps cookies itself (the session cookie is `Secure`, and
/// we want to see exactly what the server sets).
pub struct Client {
    http: reqwest::Client,
    base: String,
    pub cookies: HashMap<String, String>,
    pub set_cookies: Vec<String>,
    pub accept_language: Option<String>,
}

impl Client {
    pub fn new(addr: SocketAddr) -> Self {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        Self {
            http,
            base: format!("http://{addr}"),
            cookies: HashMap::new(),
            set_cookies: Vec::new(),
            accept_language: None,
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn finish(&mut self, res: reqwest::Response) -> Response {
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        for v in headers.get_all("set-cookie") {
            let v = v.to_str().unwrap().to_owned();
            let (kv, _) = v.split_once(';').unwrap_or((&v, ""));
            let (k, val) = kv.split_once('=').unwrap();
            if v.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_owned(), val.to_owned());
            }
            self.set_cookies.push(v);
        }
        let body = res.text().await.unwrap();
        Response {
            status,
            headers,
            body,
        }
    }

    fn req(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let mut r = self.http.request(method, format!("{}{}", self.base, path));
        if !self.cookies.is_empty() {
            r = r.header("cookie", self.cookie_header());
        }
        if let Some(l) = &self.accept_language {
            r = r.header("accept-language", l);
        }
        r
    }

    pub async fn get(&mut self, path: &str) -> Response {
        let res = self.req(reqwest::Method::GET, path).send().await.unwrap();
        self.finish(res).await
    }

    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Response {
        let res = self
            .req(reqwest::Method::POST, path)
            .form(form)
            .send()
            .await
            .unwrap();
        self.finish(res).await
    }

    pub async fn post_multipart(&mut self, path: &str, form: reqwest::multipart::Form) -> Response {
        let res = self
            .req(reqwest::Method::POST, path)
            .multipart(form)
            .send()
            .await
            .unwrap();
        self.finish(res).await
    }

    /// The CSRF token of the first form on a page.
    pub async fn csrf(&mut self, path: &str) -> String {
        let page = self.get(path).await;
        csrf_of(&page.body)
    }

    /// Signs in; returns the response to the login POST.
    pub async fn login(&mut self, user: &str, password: &str) -> Response {
        let csrf = self.csrf("/login").await;
        self.post(
            "/login",
            &[
                ("username", user),
                ("password", password),
                ("csrf", &csrf),
                ("next", "/"),
            ],
        )
        .await
    }

    pub async fn login_ok(&mut self, user: &str) {
        let res = self.login(user, PASSWORD).await;
        assert_eq!(res.status, 303, "login as {user} failed: {}", res.body);
    }
}

/// The value of a hidden field of the first form on a page that has it.
pub fn hidden_of(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} field on the page"))
        + marker.len();
    body[start..].split('"').next().unwrap().to_owned()
}

pub fn csrf_of(body: &str) -> String {
    hidden_of(body, "csrf")
}

/// Encodings of a small list with the demo schema and a test secret, as an agency would send them.
pub fn encodings(csv: &str) -> Vec<u8> {
    let schema =
        vigie_linkage::schema::Schema::from_json(include_str!("../../../../examples/demo/schema.json"))
            .unwrap();
    let secret =
        vigie_linkage::encode::Secret::from_bytes(b"the partners' shared secret, for a test").unwrap();
    let (records, errors) = vigie_linkage::encode::encode_csv(&schema, &secret, csv, "record_id").unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    records
        .iter()
        .map(|r| serde_json::to_string(r).unwrap() + "\n")
        .collect::<String>()
        .into_bytes()
}
