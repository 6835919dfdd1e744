//! An export written and read back with the `parquet` crate's reader: the same rows, the types the footers
//! declare, partitions, determinism, and nothing that names anyone.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::Path;

use proptest::prelude::*;
use time::macros::{date, datetime};
use time::{Date, OffsetDateTime};
use vigie_domain::{
    Area, AreaCode, Boundary, City, CountryCode, Direction, Incident, IncidentId, IncidentType,
    IndicatorCode, IndicatorDef, IndicatorValue, LonLat, Period, Population,
};
use vigie_parquet::read::{self, Value};
use vigie_parquet::schema::{Dataset, Kind};
use vigie_parquet::{Export, LinkRow, MANIFEST_FILE, Manifest, NetworkLinks, Secret, SecretOrigin};

fn city() -> City {
    City {
        name: "Vallombre".into(),
        country: CountryCode::parse("FR").unwrap(),
    }
}

fn secret() -> Secret {
    Secret::new(b"a city secret of thirty-two byte", SecretOrigin::City).unwrap()
}

fn area(code: &str, population: u32) -> Area {
    Area {
        code: AreaCode::parse(code).unwrap(),
        name: format!("Quartier {code}"),
        population: Population::new(population),
        boundary: Boundary::from_rings(&[vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]])
            .unwrap(),
    }
}

fn incident(id: &str, kind: IncidentType, date: Date, area: Option<&str>) -> Incident {
    Incident {
        id: IncidentId::parse(id).unwrap(),
        kind,
        date,
        location: LonLat::new(2.351_234, 48.856_789).unwrap(),
        area: area.map(|a| AreaCode::parse(a).unwrap()),
    }
}

fn value(area: &str, indicator: &str, period: &str, v: f64) -> IndicatorValue {
    IndicatorValue::new(
        AreaCode::parse(area).unwrap(),
        IndicatorCode::parse(indicator).unwrap(),
        Period::parse(period).unwrap(),
        v,
    )
    .unwrap()
}

fn link(s: &str, t: &str, kind: &str, weight: f64, date: Option<Date>) -> LinkRow {
    LinkRow {
        source_id: s.into(),
        source_kind: "person".into(),
        target_id: t.into(),
        target_kind: "company".into(),
        kind: kind.into(),
        weight,
        date,
    }
}

struct Data {
    areas: Vec<Area>,
    incidents: Vec<Incident>,
    defs: Vec<IndicatorDef>,
    values: Vec<IndicatorValue>,
    networks: Vec<NetworkLinks>,
}

fn data() -> Data {
    Data {
        areas: vec![area("N02", 1200), area("N01", 3400)],
        incidents: vec![
            incident(
                "POL-2024-0001",
                IncidentType::DrugSeizure,
                date!(2024 - 03 - 05),
                Some("N01"),
            ),
            incident(
                "POL-2024-0002",
                IncidentType::GroupViolence,
                date!(2024 - 12 - 31),
                None,
            ),
            incident(
                "INSP-77",
                IncidentType::LabourExploitationFinding,
                date!(2023 - 01 - 01),
                Some("N02"),
            ),
        ],
        defs: vec![IndicatorDef {
            code: IndicatorCode::parse("unemployment_rate").unwrap(),
            name: "Unemployment".into(),
            unit: "%".into(),
            direction: Direction::HigherIsWorse,
            source: "INSEE".into(),
        }],
        values: vec![
            value("N01", "unemployment_rate", "2023", 12.5),
            value("N02", "unemployment_rate", "2024-Q2", 8.0),
            value("N02", "median_income", "2024-03", 1710.0),
        ],
        networks: vec![NetworkLinks {
            id: 3,
            uploaded_at: datetime!(2025-06-01 10:20:30.123456 UTC),
            links: vec![
                link(
                    "P-0001",
                    "C-SARL-DUPONT",
                    "employment",
                    1.0,
                    Some(date!(2024 - 02 - 29)),
                ),
                link("P-0002", "C-SARL-DUPONT", "ownership", 2.5, None),
            ],
        }],
    }
}

fn export(dir: &Path, d: &Data, secret: &Secret) -> Manifest {
    let mut e = Export::create(dir, &city(), secret).unwrap();
    e.areas(&d.areas).unwrap();
    e.incidents(&d.incidents).unwrap();
    e.indicators(&d.defs, &d.values).unwrap();
    for n in &d.networks {
        e.network(n).unwrap();
    }
    e.finish(datetime!(2026-01-02 03:04:05 UTC)).unwrap()
}

fn all_rows(dir: &Path, m: &Manifest, dataset: Dataset) -> Vec<(String, Vec<(String, Value)>)> {
    let d = m.datasets.iter().find(|d| d.name == dataset.name()).unwrap();
    d.files
        .iter()
        .flat_map(|f| {
            let partition = f
                .path
                .split('/')
                .nth(1)
                .filter(|p| p.contains('='))
                .unwrap_or("")
                .to_owned();
            read::rows(&dir.join(&f.path))
                .unwrap()
                .into_iter()
                .map(move |r| (partition.clone(), r))
        })
        .collect()
}

fn get<'a>(row: &'a [(String, Value)], name: &str) -> &'a Value {
    &row.iter().find(|(n, _)| n == name).unwrap().1
}

fn days(d: Date) -> i32 {
    d.to_julian_day() - 2_440_588
}

#[test]
fn the_files_hold_the_rows_in_hive_partitions() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let m = export(&out, &data(), &secret());
    assert_eq!(
        m.files(),
        vec![
            "areas/part-0.parquet",
            "incidents/year=2023/part-0.parquet",
            "incidents/year=2024/part-0.parquet",
            "area_indicators/year=2023/part-0.parquet",
            "area_indicators/year=2024/part-0.parquet",
            "network_links/network_id=3/part-0.parquet",
            MANIFEST_FILE,
        ]
    );
    assert_eq!(m.rows(Dataset::Incidents), 3);
    assert_eq!(m.rows(Dataset::AreaIndicators), 3);
    assert_eq!(m.rows(Dataset::NetworkLinks), 2);
    assert_eq!(m.rows(Dataset::Areas), 2);

    let s = secret();
    let incidents = all_rows(&out, &m, Dataset::Incidents);
    let (partition, first) = &incidents[0];
    assert_eq!(partition, "year=2023");
    assert_eq!(get(first, "incident_id"), &Value::Str(s.incident("INSP-77")));
    assert_eq!(get(first, "city"), &Value::Str("Vallombre".into()));
    assert_eq!(get(first, "area_code"), &Value::Str("N02".into()));
    assert_eq!(
        get(first, "incident_type"),
        &Value::Str("labour_exploitation_finding".into())
    );
    assert_eq!(get(first, "date"), &Value::Date(days(date!(2023 - 01 - 01))));
    // Outside every area: a null, not an empty string.
    let outside = incidents
        .iter()
        .find(|(_, r)| get(r, "incident_type") == &Value::Str("group_violence".into()));
    assert_eq!(get(&outside.unwrap().1, "area_code"), &Value::Null);

    let areas = all_rows(&out, &m, Dataset::Areas);
    assert_eq!(get(&areas[0].1, "area_code"), &Value::Str("N01".into()));
    assert_eq!(get(&areas[0].1, "population"), &Value::Long(3400));

    let ind = all_rows(&out, &m, Dataset::AreaIndicators);
    let q2 = ind
        .iter()
        .find(|(_, r)| get(r, "period") == &Value::Str("2024-Q2".into()))
        .unwrap();
    assert_eq!(q2.0, "year=2024");
    assert_eq!(get(&q2.1, "period_kind"), &Value::Str("quarter".into()));
    assert_eq!(
        get(&q2.1, "period_start"),
        &Value::Date(days(date!(2024 - 04 - 01)))
    );
    assert_eq!(get(&q2.1, "value"), &Value::Double(8.0));
    assert_eq!(get(&q2.1, "unit"), &Value::Str("%".into()));
    assert_eq!(get(&q2.1, "direction"), &Value::Str("higher_is_worse".into()));
    // An indicator without a definition: unit and direction null.
    let income = ind
        .iter()
        .find(|(_, r)| get(r, "indicator_code") == &Value::Str("median_income".into()))
        .unwrap();
    assert_eq!(get(&income.1, "unit"), &Value::Null);

    let links = all_rows(&out, &m, Dataset::NetworkLinks);
    let micros = datetime!(2025-06-01 10:20:30.123456 UTC).unix_timestamp_nanos() / 1000;
    for (partition, r) in &links {
        assert_eq!(partition, "network_id=3");
        assert_eq!(
            get(r, "network_uploaded_at"),
            &Value::TimestampMicros(micros as i64)
        );
        assert_eq!(get(r, "target_id"), &Value::Str(s.entity("C-SARL-DUPONT")));
    }
    let employment = links
        .iter()
        .find(|(_, r)| get(r, "link_kind") == &Value::Str("employment".into()))
        .unwrap();
    assert_eq!(
        get(&employment.1, "link_date"),
        &Value::Date(days(date!(2024 - 02 - 29)))
    );
    assert_eq!(get(&employment.1, "source_id"), &Value::Str(s.entity("P-0001")));

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join(MANIFEST_FILE)).unwrap()).unwrap();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["city"]["name"], "Vallombre");
    assert_eq!(json["pseudonymisation"]["secret"], "city");
    assert_eq!(json["pseudonymisation"]["key_id"], s.key_id());
    assert_eq!(json["exported_at"], "2026-01-02T03:04:05Z");
    assert_eq!(json["datasets"][1]["rows"], 3);
    assert_eq!(json["datasets"][1]["partitioned_by"], "year");
}

/// Every column of every file, as its footer declares it: the physical and logical types of the schema, required
/// or optional as stated, and nothing else.
#[test]
fn footers_declare_the_logical_types() {
    let dir = tempfile::tempdir().unwrap();
    let m = export(dir.path(), &data(), &secret());
    let mut seen = BTreeMap::new();
    for d in Dataset::ALL {
        let info = m.datasets.iter().find(|i| i.name == d.name()).unwrap();
        assert!(!info.files.is_empty(), "{}", d.name());
        for f in &info.files {
            let (columns, rows) = read::footer(&dir.path().join(&f.path)).unwrap();
            assert_eq!(rows as u64, f.rows);
            assert_eq!(columns.len(), d.columns().len(), "{}", f.path);
            for (c, spec) in columns.iter().zip(d.columns()) {
                assert_eq!(c.name, spec.name, "{}", f.path);
                assert_eq!(
                    c.kind,
                    Some(spec.kind),
                    "{}: {} is {} {:?}",
                    f.path,
                    c.name,
                    c.physical,
                    c.logical
                );
                assert_eq!(c.required, spec.required, "{}: {}", f.path, c.name);
                seen.insert(spec.kind.sql(), (c.physical.clone(), c.logical.clone()));
            }
        }
    }
    // Each kind as the Parquet format spells it.
    assert_eq!(seen["STRING"], ("BYTE_ARRAY".into(), Some("String".into())));
    assert_eq!(seen["DATE"], ("INT32".into(), Some("Date".into())));
    assert_eq!(
        seen["BIGINT"],
        (
            "INT64".into(),
            Some("Integer(IntType { bit_width: 64, is_signed: true })".into())
        )
    );
    assert_eq!(seen["DOUBLE"], ("DOUBLE".into(), None));
    let ts = &seen["TIMESTAMP (UTC, microseconds)"];
    assert_eq!(ts.0, "INT64");
    let logical = ts.1.clone().unwrap();
    assert!(
        logical.contains("is_adjusted_to_u_t_c: true") && logical.contains("MICROS"),
        "{logical}"
    );
}

/// No column may carry what names or locates a person, or the agencies' own references.
#[test]
fn no_column_carries_personal_data() {
    const FORBIDDEN: &[&str] = &[
        "name",
        "alias",
        "label",
        "birth",
        "address",
        "phone",
        "email",
        "lon",
        "lat",
        "longitude",
        "latitude",
        "location",
        "point",
        "x",
        "y",
        "reference",
        "ref",
        "nationality",
        "residence",
        "sex",
        "gender",
        "note",
        "description",
        "comment",
        "attributes",
    ];
    for d in Dataset::ALL {
        for c in d.columns() {
            // The area's (neighbourhood's) name is a place name, not a person's.
            if c.name == "area_name" {
                continue;
            }
            for word in c.name.split('_') {
                assert!(
                    !FORBIDDEN.contains(&word),
                    "{}.{} looks like {word}",
                    d.name(),
                    c.name
                );
            }
        }
    }
    // No raw id of the input reaches any file; no coordinate either.
    let dir = tempfile::tempdir().unwrap();
    let d = data();
    let m = export(dir.path(), &d, &secret());
    let raw: Vec<String> = d
        .incidents
        .iter()
        .map(|i| i.id.to_string())
        .chain(
            d.networks[0]
                .links
                .iter()
                .flat_map(|l| [l.source_id.clone(), l.target_id.clone()]),
        )
        .collect();
    for dataset in Dataset::ALL {
        for (_, row) in all_rows(dir.path(), &m, dataset) {
            for (name, v) in row {
                if let Value::Str(s) = &v {
                    assert!(!raw.iter().any(|r| s.contains(r.as_str())), "{name} holds {s}");
                }
                if let Value::Double(x) = v {
                    assert!(
                        (x - 2.351_234).abs() > 1e-6 && (x - 48.856_789).abs() > 1e-6,
                        "{name}: {x}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_same_data_and_secret_give_the_same_bytes() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let d = data();
    let ma = export(a.path(), &d, &secret());
    // The same rows given in another order, and the manifest written at another time.
    let mut shuffled = data();
    shuffled.incidents.reverse();
    shuffled.values.reverse();
    shuffled.areas.reverse();
    shuffled.networks[0].links.reverse();
    let sb = secret();
    let mut e = Export::create(b.path(), &city(), &sb).unwrap();
    e.areas(&shuffled.areas).unwrap();
    e.incidents(&shuffled.incidents).unwrap();
    e.indicators(&shuffled.defs, &shuffled.values).unwrap();
    e.network(&shuffled.networks[0]).unwrap();
    let mb = e.finish(OffsetDateTime::now_utc()).unwrap();
    for f in ma.files() {
        if f == MANIFEST_FILE {
            continue;
        }
        assert_eq!(
            std::fs::read(a.path().join(f)).unwrap(),
            std::fs::read(b.path().join(f)).unwrap(),
            "{f}"
        );
    }
    assert_eq!(ma.datasets, mb.datasets);

    // Another secret: other pseudonyms, the same counts.
    let c = tempfile::tempdir().unwrap();
    let other = Secret::new(&[9; 32], SecretOrigin::PerExport).unwrap();
    let mc = export(c.path(), &d, &other);
    assert_ne!(ma.pseudonymisation.key_id, mc.pseudonymisation.key_id);
    assert_ne!(
        std::fs::read(a.path().join("incidents/year=2024/part-0.parquet")).unwrap(),
        std::fs::read(c.path().join("incidents/year=2024/part-0.parquet")).unwrap()
    );
    assert_eq!(mc.rows(Dataset::Incidents), 3);
}

#[test]
fn a_folder_with_files_is_refused_and_a_partition_is_written_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.txt"), "x").unwrap();
    let s = secret();
    assert!(matches!(
        Export::create(dir.path(), &city(), &s),
        Err(vigie_parquet::Error::NotEmpty(_))
    ));
    assert_eq!(std::fs::read_to_string(dir.path().join("keep.txt")).unwrap(), "x");

    let empty = tempfile::tempdir().unwrap();
    let mut e = Export::create(empty.path(), &city(), &s).unwrap();
    let d = data();
    e.incidents(&d.incidents[..1]).unwrap();
    assert!(matches!(
        e.incidents(&d.incidents[1..2]),
        Err(vigie_parquet::Error::Repeated {
            dataset: "incidents",
            ..
        })
    ));
    let bad = NetworkLinks {
        id: 4,
        uploaded_at: OffsetDateTime::UNIX_EPOCH,
        links: vec![link("a", "b", "call", f64::NAN, None)],
    };
    assert!(matches!(e.network(&bad), Err(vigie_parquet::Error::Invalid(_))));
}

#[test]
fn large_partitions_are_split_into_parts() {
    let dir = tempfile::tempdir().unwrap();
    let s = secret();
    let incidents: Vec<Incident> = (0..25)
        .map(|i| {
            incident(
                &format!("I{i}"),
                IncidentType::DrugSeizure,
                date!(2024 - 01 - 01),
                Some("N01"),
            )
        })
        .collect();
    let mut e = Export::create(dir.path(), &city(), &s)
        .unwrap()
        .with_max_rows_per_file(10);
    e.incidents(&incidents).unwrap();
    let m = e.finish(OffsetDateTime::UNIX_EPOCH).unwrap();
    let info = &m.datasets.iter().find(|d| d.name == "incidents").unwrap().files;
    let parts: Vec<(&str, u64)> = info.iter().map(|f| (f.path.as_str(), f.rows)).collect();
    assert_eq!(
        parts,
        vec![
            ("incidents/year=2024/part-0.parquet", 10),
            ("incidents/year=2024/part-1.parquet", 10),
            ("incidents/year=2024/part-2.parquet", 5),
        ]
    );
}

fn arb_date() -> impl Strategy<Value = Date> {
    (1990i32..2030, 1u8..=12, 1u8..=28)
        .prop_map(|(y, m, d)| Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d).unwrap())
}

fn arb_incidents() -> impl Strategy<Value = Vec<Incident>> {
    prop::collection::btree_map(
        "[A-Za-z0-9_.-]{1,20}",
        (
            0..IncidentType::ALL.len(),
            arb_date(),
            prop::option::of("[A-Z][0-9]{2}"),
        ),
        0..60,
    )
    .prop_map(|m| {
        m.into_iter()
            .map(|(id, (k, date, area))| incident(&id, IncidentType::ALL[k], date, area.as_deref()))
            .collect()
    })
}

fn arb_values() -> impl Strategy<Value = Vec<IndicatorValue>> {
    prop::collection::btree_map(
        ("[A-Z][0-9]{2}", "[a-z_]{1,12}", 1990i32..2030, 0u8..17),
        -1e12f64..1e12,
        0..40,
    )
    .prop_map(|m| {
        m.into_iter()
            .map(|((a, i, y, p), v)| {
                let period = match p {
                    0 => Period::Year(y),
                    1..=4 => Period::Quarter(y, p),
                    _ => Period::Month(y, p - 4),
                };
                IndicatorValue::new(
                    AreaCode::parse(&a).unwrap(),
                    IndicatorCode::parse(&i).unwrap(),
                    period,
                    v,
                )
                .unwrap()
            })
            .collect()
    })
}

fn arb_links() -> impl Strategy<Value = Vec<LinkRow>> {
    prop::collection::vec(
        (
            "[a-zA-Z0-9 -]{1,12}",
            "[a-zA-Z0-9 -]{1,12}",
            "(call|meeting|ownership)",
            1e-6f64..1e6,
            prop::option::of(arb_date()),
        ),
        0..40,
    )
    .prop_map(|v| {
        v.into_iter()
            .map(|(s, t, k, w, d)| link(&s, &t, &k, w, d))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Whatever is written reads back equal (as a multiset of rows), in the partition of its year.
    #[test]
    fn what_is_written_reads_back_equal(
        incidents in arb_incidents(),
        values in arb_values(),
        links in arb_links(),
        uploaded in 0i64..4_000_000_000,
        max_rows in 1usize..30,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let s = secret();
        let uploaded_at = OffsetDateTime::from_unix_timestamp(uploaded).unwrap();
        let mut e = Export::create(dir.path(), &city(), &s).unwrap().with_max_rows_per_file(max_rows);
        e.incidents(&incidents).unwrap();
        e.indicators(&[], &values).unwrap();
        e.network(&NetworkLinks { id: 11, uploaded_at, links: links.clone() }).unwrap();
        let m = e.finish(uploaded_at).unwrap();

        let mut want: Vec<_> = incidents
            .iter()
            .map(|i| (
                format!("year={}", i.date.year()),
                s.incident(i.id.as_str()),
                i.area.as_ref().map(ToString::to_string),
                i.kind.code().to_owned(),
                days(i.date),
            ))
            .collect();
        let mut got: Vec<_> = all_rows(dir.path(), &m, Dataset::Incidents)
            .into_iter()
            .map(|(p, r)| {
                let Value::Str(id) = get(&r, "incident_id").clone() else { panic!() };
                let area = match get(&r, "area_code") { Value::Str(a) => Some(a.clone()), _ => None };
                let Value::Str(kind) = get(&r, "incident_type").clone() else { panic!() };
                let Value::Date(d) = *get(&r, "date") else { panic!() };
                (p, id, area, kind, d)
            })
            .collect();
        want.sort();
        got.sort();
        prop_assert_eq!(got, want);

        let mut want: Vec<_> = values
            .iter()
            .map(|v| (format!("year={}", v.period.year()), v.area.to_string(), v.indicator.to_string(),
                      v.period.to_string(), v.value().to_bits()))
            .collect();
        let mut got: Vec<_> = all_rows(dir.path(), &m, Dataset::AreaIndicators)
            .into_iter()
            .map(|(p, r)| {
                let s = |n: &str| match get(&r, n) { Value::Str(x) => x.clone(), _ => panic!() };
                let Value::Double(x) = *get(&r, "value") else { panic!() };
                (p, s("area_code"), s("indicator_code"), s("period"), x.to_bits())
            })
            .collect();
        want.sort();
        got.sort();
        prop_assert_eq!(got, want);

        let micros = uploaded * 1_000_000;
        let mut want: Vec<_> = links
            .iter()
            .map(|l| (s.entity(&l.source_id), s.entity(&l.target_id), l.kind.clone(), l.weight.to_bits(),
                      l.date.map(days)))
            .collect();
        let mut got: Vec<_> = all_rows(dir.path(), &m, Dataset::NetworkLinks)
            .into_iter()
            .map(|(p, r)| {
                assert_eq!(p, "network_id=11");
                assert_eq!(get(&r, "network_uploaded_at"), &Value::TimestampMicros(micros));
                let s = |n: &str| match get(&r, n) { Value::Str(x) => x.clone(), _ => panic!() };
                let Value::Double(w) = *get(&r, "weight") else { panic!() };
                let date = match get(&r, "link_date") { Value::Date(d) => Some(*d), _ => None };
                (s("source_id"), s("target_id"), s("link_kind"), w.to_bits(), date)
            })
            .collect();
        want.sort();
        got.sort();
        prop_assert_eq!(got, want);
        for d in &m.datasets {
            for f in &d.files {
                prop_assert!(f.rows as usize <= max_rows);
            }
        }
    }
}

#[test]
fn kinds_cover_every_type_the_schema_uses() {
    let used: std::collections::BTreeSet<&str> = Dataset::ALL
        .iter()
        .flat_map(|d| d.columns().iter().map(|c| c.kind.sql()))
        .collect();
    for k in [
        Kind::String,
        Kind::Date,
        Kind::TimestampMicrosUtc,
        Kind::Int64,
        Kind::Double,
    ] {
        assert!(used.contains(k.sql()), "{k:?}");
    }
}
