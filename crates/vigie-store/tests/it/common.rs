//! Fixtures and helpers shared by the conformance cases: backends, fixed times, tiny input files, and a snapshot
//! of everything a store exposes, to check that a refused write changed nothing.

use std::path::PathBuf;
use std::sync::Arc;

use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::macros::datetime;
use vigie_domain::import::{ImportError, Lined};
use vigie_domain::{
    Agency, Area, AreaCode, Boundary, City, Incident, IndicatorDef, IndicatorValue, Population, User,
};
use vigie_store::{
    Actor, AuditRecord, ImportKind, ImportMeta, ImportSummary, IncidentFilter, SqlStore, Store, StoreError,
    Summary, import_file,
};

/// A store under test, with whatever must live as long as it (a temporary directory).
pub struct Fixture {
    pub store: Arc<dyn Store>,
    /// The database file, for backends that have one.
    #[allow(dead_code)]
    pub path: Option<PathBuf>,
    /// The database's address, for backends reached by one.
    pub url: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

impl Fixture {
    pub fn store(&self) -> &dyn Store {
        &*self.store
    }
}

/// A private in-memory SQLite store.
pub async fn memory() -> Option<Fixture> {
    Some(Fixture {
        store: Arc::new(
            SqlStore::in_memory()
                .await
                .unwrap()
                .with_field_key(key())
                .await
                .unwrap(),
        ),
        path: None,
        url: None,
        _dir: None,
    })
}

/// The field-encryption key of the test stores (fixed, so that a test can reopen a file).
pub fn key() -> vigie_store::FieldKey {
    vigie_store::FieldKey::from_bytes([42; 32])
}

/// A SQLite store in a fresh file.
pub async fn file() -> Option<Fixture> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.sqlite");
    Some(Fixture {
        store: Arc::new(
            SqlStore::open(&path)
                .await
                .unwrap()
                .with_field_key(key())
                .await
                .unwrap(),
        ),
        path: Some(path),
        url: None,
        _dir: Some(dir),
    })
}

/// A PostgreSQL store in a new database, or `None` when no server is given (see `vigie_store::testing`).
pub async fn postgres() -> Option<Fixture> {
    let server = vigie_store::testing::postgres_server()?;
    let url = vigie_store::testing::fresh_database(&server).await.unwrap();
    Some(Fixture {
        store: Arc::new(
            SqlStore::connect(&url)
                .await
                .unwrap()
                .with_field_key(key())
                .await
                .unwrap(),
        ),
        path: None,
        url: Some(url),
        _dir: None,
    })
}

// ---------------------------------------------------------------------------------------------------------------
// Times and actors
// ---------------------------------------------------------------------------------------------------------------

/// "Now" for most cases. Incident dates up to 2025-01-15 are accepted.
pub const T0: OffsetDateTime = datetime!(2025-01-15 10:00:00 UTC);
pub const T1: OffsetDateTime = datetime!(2025-01-15 11:00:00 UTC);
pub const T2: OffsetDateTime = datetime!(2025-01-16 09:30:00 UTC);

pub fn alice() -> Actor {
    Actor::new("alice", "192.0.2.1")
}

pub fn cli() -> Actor {
    Actor::new("root", "cli")
}

pub fn city() -> City {
    City {
        name: "Lumière-sur-Mer".into(),
        country: vigie_domain::CountryCode::parse("fr").unwrap(),
    }
}

pub fn code(s: &str) -> AreaCode {
    AreaCode::parse(s).unwrap()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

pub fn meta(file_name: &str, at: OffsetDateTime) -> ImportMeta {
    ImportMeta {
        file_name: file_name.into(),
        sha256: sha256_hex(file_name.as_bytes()),
        actor: alice(),
        at,
    }
}

/// A 1x1 square area with its lower-left corner at (x0, y0).
pub fn square(code: &str, name: &str, population: u32, x0: f64, y0: f64) -> Area {
    Area {
        code: AreaCode::parse(code).unwrap(),
        name: name.into(),
        population: Population::new(population),
        boundary: Boundary::from_rings(&[vec![
            (x0, y0),
            (x0 + 1.0, y0),
            (x0 + 1.0, y0 + 1.0),
            (x0, y0 + 1.0),
            (x0, y0),
        ]])
        .unwrap(),
    }
}

pub fn lined<T>(rows: Vec<T>) -> Vec<Lined<T>> {
    rows.into_iter()
        .enumerate()
        .map(|(i, value)| Lined {
            line: i as u64 + 2,
            value,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------------------------
// Tiny input files
// ---------------------------------------------------------------------------------------------------------------

/// One GeoJSON feature on one line: a 1x1 square.
pub fn feature(id: &str, name: &str, population: u32, x0: f64, y0: f64) -> String {
    let (x1, y1) = (x0 + 1.0, y0 + 1.0);
    format!(
        r#"{{"type":"Feature","properties":{{"id":"{id}","name":"{name}","population":{population}}},"geometry":{{"type":"Polygon","coordinates":[[[{x0},{y0}],[{x1},{y0}],[{x1},{y1}],[{x0},{y1}],[{x0},{y0}]]]}}}}"#
    )
}

/// A FeatureCollection with one feature per line: the first feature is on line 2.
pub fn collection(features: &[String]) -> String {
    format!(
        "{{\"type\":\"FeatureCollection\",\"features\":[\n{}\n]}}\n",
        features.join(",\n")
    )
}

/// Areas B (1..2 x 0..1, listed first) and A (0..1 x 0..1): they share the border x = 1.
pub fn areas_file() -> String {
    collection(&[
        feature("B", "Beaulieu", 200, 1.0, 0.0),
        feature("A", "Arsenal", 100, 0.0, 0.0),
    ])
}

pub const AGENCIES: &str = "code,name,kind\npolice,City police,police\nngo-lumiere,Lumière,ngo\n";

pub const INDICATORS: &str = "\
area,indicator,period,value,unit,direction,name,source
A,unemployment,2024,12.5,%,higher_is_worse,Unemployment,INSEE
B,unemployment,2024,8,%,higher_is_worse,Unemployment,INSEE
A,unemployment,2023,11.25,,,,
A,school_dropout,2024-Q1,3.5,per 100 pupils,higher_is_worse,,
";

/// Incidents: i2 and i3 have no area (i3 lies on the A|B border), i4 lies outside every area.
pub const INCIDENTS: &str = "\
id,type,date,longitude,latitude,area
i1,drug_seizure,2024-03-05,0.5,0.5,A
i2,extortion,2024-01-10,1.5,0.5,
i3,firearms,2023-12-31,1.0,0.5,
i4,drug_selling_point,2024-03-05,5,5,
";

/// Imports `text` through `import_file` (the path the command line and the upload page take).
pub async fn import(
    s: &dyn Store,
    kind: ImportKind,
    file_name: &str,
    text: &str,
    at: OffsetDateTime,
) -> Result<ImportSummary, StoreError> {
    import_file(s, kind, file_name, text.as_bytes(), &alice(), at).await
}

/// Imports areas, agencies, indicators and incidents (the standard fixture), checking each succeeds.
pub async fn seed(s: &dyn Store) {
    import(s, ImportKind::Areas, "areas.geojson", &areas_file(), T0)
        .await
        .unwrap();
    import(s, ImportKind::Agencies, "agencies.csv", AGENCIES, T0)
        .await
        .unwrap();
    import(s, ImportKind::Indicators, "indicators.csv", INDICATORS, T0)
        .await
        .unwrap();
    import(s, ImportKind::Incidents, "incidents.csv", INCIDENTS, T0)
        .await
        .unwrap();
}

/// The errors of a refused file, as (file, line, column), sorted; panics when the result is not `Rejected`.
pub fn rejected<T: std::fmt::Debug>(r: Result<T, StoreError>) -> Vec<(String, u64, String)> {
    match r {
        Err(StoreError::Rejected(e)) => {
            assert_eq!(e.unlisted, 0);
            let mut v: Vec<_> = e
                .errors
                .iter()
                .map(
                    |ImportError {
                         file, line, column, ..
                     }| (file.clone(), *line, column.clone()),
                )
                .collect();
            v.sort();
            v
        }
        other => panic!("expected StoreError::Rejected, got {other:?}"),
    }
}

/// `[(line, column)]` for file `f`, as `rejected` returns them.
pub fn at(f: &str, lines: &[(u64, &str)]) -> Vec<(String, u64, String)> {
    let mut v: Vec<_> = lines
        .iter()
        .map(|(l, c)| (f.to_owned(), *l, (*c).to_owned()))
        .collect();
    v.sort();
    v
}

// ---------------------------------------------------------------------------------------------------------------
// Snapshots
// ---------------------------------------------------------------------------------------------------------------

/// Everything a store shows through the trait (sessions and login failures aside).
#[derive(Debug, PartialEq)]
pub struct Snapshot {
    pub summary: Summary,
    pub city: Option<City>,
    pub areas: Vec<Area>,
    pub defs: Vec<IndicatorDef>,
    pub values: Vec<IndicatorValue>,
    pub incidents: Vec<Incident>,
    pub agencies: Vec<Agency>,
    pub users: Vec<User>,
    pub imports: Vec<ImportSummary>,
    pub audit: Vec<AuditRecord>,
}

pub async fn snapshot(s: &dyn Store) -> Snapshot {
    let areas = s.areas().await.unwrap();
    let mut values = Vec::new();
    for a in &areas {
        values.extend(s.area_indicator_values(&a.code).await.unwrap());
    }
    Snapshot {
        summary: s.summary().await.unwrap(),
        city: s.city().await.unwrap(),
        defs: s.indicator_defs().await.unwrap(),
        values,
        incidents: s
            .incidents(&IncidentFilter::default(), u32::MAX, 0)
            .await
            .unwrap(),
        agencies: s.agencies().await.unwrap(),
        users: s.users().await.unwrap(),
        imports: s.recent_imports(u32::MAX).await.unwrap(),
        audit: s.audit_recent(u32::MAX).await.unwrap(),
        areas,
    }
}

/// The number of audit entries.
pub async fn audit_len(s: &dyn Store) -> usize {
    s.audit_recent(u32::MAX).await.unwrap().len()
}

/// Asserts that importing `text` is refused with exactly the errors `expected` and changes nothing.
pub async fn assert_refused(
    s: &dyn Store,
    kind: ImportKind,
    file_name: &str,
    text: &str,
    expected: &[(u64, &str)],
) {
    let before = snapshot(s).await;
    let r = import(s, kind, file_name, text, T2).await;
    if let Err(StoreError::Rejected(e)) = &r {
        // The message names every problem as file:line:column.
        let msg = StoreError::Rejected(e.clone()).to_string();
        for (line, column) in expected {
            assert!(msg.contains(&format!("{file_name}:{line}:{column}: ")), "{msg}");
        }
    }
    assert_eq!(rejected(r), at(file_name, expected));
    assert_eq!(snapshot(s).await, before, "a refused file changed the store");
}
