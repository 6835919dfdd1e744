//! Conformance: reading what the city knows.

use time::macros::date;
use vigie_domain::{IncidentType, IndicatorCode, IndicatorValue, Period};
use vigie_store::{Grouping, ImportKind, IncidentFilter, Store};

use crate::common::*;

fn ind(s: &str) -> IndicatorCode {
    IndicatorCode::parse(s).unwrap()
}

fn value(area: &str, indicator: &str, period: &str, v: f64) -> IndicatorValue {
    IndicatorValue::new(code(area), ind(indicator), Period::parse(period).unwrap(), v).unwrap()
}

pub async fn areas_are_read_back_whole(s: &dyn Store) {
    assert!(s.areas().await.unwrap().is_empty());
    assert_eq!(s.area(&code("A")).await.unwrap(), None);
    seed(s).await;
    let a = square("A", "Arsenal", 100, 0.0, 0.0);
    let b = square("B", "Beaulieu", 200, 1.0, 0.0);
    // Sorted by code, whatever the order in the file.
    assert_eq!(s.areas().await.unwrap(), vec![a.clone(), b.clone()]);
    assert_eq!(s.area(&code("B")).await.unwrap(), Some(b));
    assert_eq!(s.area(&code("A")).await.unwrap(), Some(a));
    assert_eq!(s.area(&code("Z")).await.unwrap(), None);
    s.ping().await.unwrap();
}

pub async fn indicator_values_and_periods(s: &dyn Store) {
    seed(s).await;
    let text = "\
area,indicator,period,value
A,unemployment,2024-02,1
B,unemployment,2023-Q4,2
A,unemployment,2023-12,3
B,unemployment,2024-Q1,4
";
    import(s, ImportKind::Indicators, "more.csv", text, T1)
        .await
        .unwrap();

    // Oldest first: by start, then the longer period first.
    let p = |v: &[&str]| v.iter().map(|p| Period::parse(p).unwrap()).collect::<Vec<_>>();
    assert_eq!(
        s.indicator_periods(&ind("unemployment")).await.unwrap(),
        p(&["2023", "2023-Q4", "2023-12", "2024", "2024-Q1", "2024-02"])
    );
    assert_eq!(
        s.indicator_periods(&ind("school_dropout")).await.unwrap(),
        p(&["2024-Q1"])
    );
    assert!(s.indicator_periods(&ind("nothing")).await.unwrap().is_empty());

    assert_eq!(
        s.indicator_values(&ind("unemployment"), Period::Year(2024))
            .await
            .unwrap(),
        vec![
            value("A", "unemployment", "2024", 12.5),
            value("B", "unemployment", "2024", 8.0)
        ]
    );
    assert_eq!(
        s.indicator_values(&ind("unemployment"), Period::Quarter(2024, 1))
            .await
            .unwrap(),
        vec![value("B", "unemployment", "2024-Q1", 4.0)]
    );
    assert!(
        s.indicator_values(&ind("unemployment"), Period::Year(2022))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        s.indicator_values(&ind("school_dropout"), Period::Year(2024))
            .await
            .unwrap()
            .is_empty()
    );

    // By indicator, then period.
    assert_eq!(
        s.area_indicator_values(&code("A")).await.unwrap(),
        vec![
            value("A", "school_dropout", "2024-Q1", 3.5),
            value("A", "unemployment", "2023", 11.25),
            value("A", "unemployment", "2023-12", 3.0),
            value("A", "unemployment", "2024", 12.5),
            value("A", "unemployment", "2024-02", 1.0),
        ]
    );
    assert_eq!(
        s.area_indicator_values(&code("B")).await.unwrap(),
        vec![
            value("B", "unemployment", "2023-Q4", 2.0),
            value("B", "unemployment", "2024", 8.0),
            value("B", "unemployment", "2024-Q1", 4.0),
        ]
    );
    assert!(s.area_indicator_values(&code("Z")).await.unwrap().is_empty());
}

/// Eight incidents: A holds r1 r3 r6, B holds r0 r2 r4 r7, r5 is outside every area.
const MANY: &str = "\
id,type,date,longitude,latitude
r1,drug_seizure,2023-11-02,0.2,0.2
r2,drug_seizure,2024-01-15,1.2,0.2
r3,extortion,2024-01-15,0.3,0.3
r4,firearms,2024-02-29,1.5,0.5
r5,drug_selling_point,2024-03-01,9,9
r6,extortion,2024-03-31,0.9,0.9
r7,drug_seizure,2024-12-31,1.9,0.1
r0,firearms,2024-01-15,1.1,0.9
";

async fn seed_many(s: &dyn Store) {
    import(s, ImportKind::Areas, "areas.geojson", &areas_file(), T0)
        .await
        .unwrap();
    let got = import(s, ImportKind::Incidents, "many.csv", MANY, T0)
        .await
        .unwrap();
    assert_eq!(got.inserted, 8);
}

async fn ids(s: &dyn Store, f: &IncidentFilter, limit: u32, offset: u32) -> Vec<String> {
    s.incidents(f, limit, offset)
        .await
        .unwrap()
        .iter()
        .map(|i| i.id.to_string())
        .collect()
}

/// Asserts both `incidents` (all of them) and `count_incidents` for a filter.
async fn check(s: &dyn Store, f: IncidentFilter, expected: &[&str]) {
    assert_eq!(ids(s, &f, u32::MAX, 0).await, expected, "{f:?}");
    assert_eq!(
        s.count_incidents(&f).await.unwrap(),
        expected.len() as u64,
        "{f:?}"
    );
}

pub async fn incidents_filtered_newest_first(s: &dyn Store) {
    seed_many(s).await;
    let all = ["r7", "r6", "r5", "r4", "r0", "r2", "r3", "r1"];
    // Newest first; incidents of the same day by id.
    check(s, IncidentFilter::default(), &all).await;
    let full = s.incidents(&IncidentFilter::default(), 100, 0).await.unwrap();
    assert!(full.windows(2).all(|w| w[0].date >= w[1].date));
    let r4 = full.iter().find(|i| i.id.as_str() == "r4").unwrap();
    assert_eq!(r4.kind, IncidentType::Firearms);
    assert_eq!(r4.date, date!(2024 - 02 - 29));
    assert_eq!((r4.location.lon(), r4.location.lat()), (1.5, 0.5));
    assert_eq!(r4.area, Some(code("B")));

    let kinds = |k: &[IncidentType]| IncidentFilter {
        kinds: k.to_vec(),
        ..Default::default()
    };
    check(s, kinds(&[IncidentType::DrugSeizure]), &["r7", "r2", "r1"]).await;
    check(
        s,
        kinds(&[IncidentType::DrugSeizure, IncidentType::Extortion]),
        &["r7", "r6", "r2", "r3", "r1"],
    )
    .await;
    check(s, kinds(&[IncidentType::SlumLandlord]), &[]).await;

    // from and to are inclusive.
    check(
        s,
        IncidentFilter {
            from: Some(date!(2024 - 01 - 15)),
            ..Default::default()
        },
        &all[..7],
    )
    .await;
    check(
        s,
        IncidentFilter {
            to: Some(date!(2024 - 01 - 15)),
            ..Default::default()
        },
        &["r0", "r2", "r3", "r1"],
    )
    .await;
    check(
        s,
        IncidentFilter {
            from: Some(date!(2024 - 01 - 16)),
            to: Some(date!(2024 - 03 - 01)),
            ..Default::default()
        },
        &["r5", "r4"],
    )
    .await;
    check(
        s,
        IncidentFilter {
            from: Some(date!(2024 - 04 - 01)),
            to: Some(date!(2024 - 03 - 01)),
            ..Default::default()
        },
        &[],
    )
    .await;

    let area = |a: &str| IncidentFilter {
        area: Some(code(a)),
        ..Default::default()
    };
    check(s, area("A"), &["r6", "r3", "r1"]).await;
    check(s, area("B"), &["r7", "r4", "r0", "r2"]).await;
    check(s, area("Z"), &[]).await;

    // Every field at once.
    check(
        s,
        IncidentFilter {
            kinds: vec![IncidentType::DrugSeizure, IncidentType::Firearms],
            from: Some(date!(2024 - 01 - 01)),
            to: Some(date!(2024 - 06 - 30)),
            area: Some(code("B")),
        },
        &["r4", "r0", "r2"],
    )
    .await;

    // Paging.
    let f = IncidentFilter::default();
    assert_eq!(ids(s, &f, 2, 0).await, ["r7", "r6"]);
    assert_eq!(ids(s, &f, 2, 1).await, ["r6", "r5"]);
    assert_eq!(ids(s, &f, 3, 6).await, ["r3", "r1"]);
    assert!(ids(s, &f, 3, 8).await.is_empty());
    assert!(ids(s, &f, 0, 0).await.is_empty());
    let mut paged = Vec::new();
    for page in 0..3 {
        paged.extend(ids(s, &f, 3, page * 3).await);
    }
    assert_eq!(paged, all);
    assert_eq!(ids(s, &area("B"), 2, 1).await, ["r4", "r0"]);
}

pub async fn incident_counts_by_each_grouping(s: &dyn Store) {
    seed_many(s).await;
    let f = IncidentFilter::default();
    let counts = |v: &[(&str, u64)]| v.iter().map(|(k, n)| ((*k).to_owned(), *n)).collect::<Vec<_>>();
    assert_eq!(
        s.incident_counts(&f, Grouping::Area).await.unwrap(),
        counts(&[("", 1), ("A", 3), ("B", 4)])
    );
    assert_eq!(
        s.incident_counts(&f, Grouping::Kind).await.unwrap(),
        counts(&[
            ("drug_seizure", 3),
            ("drug_selling_point", 1),
            ("extortion", 2),
            ("firearms", 2)
        ])
    );
    assert_eq!(
        s.incident_counts(&f, Grouping::Year).await.unwrap(),
        counts(&[("2023", 1), ("2024", 7)])
    );
    assert_eq!(
        s.incident_counts(&f, Grouping::Month).await.unwrap(),
        counts(&[
            ("2023-11", 1),
            ("2024-01", 3),
            ("2024-02", 1),
            ("2024-03", 2),
            ("2024-12", 1)
        ])
    );
    // With a filter.
    let in_a = IncidentFilter {
        area: Some(code("A")),
        ..Default::default()
    };
    assert_eq!(
        s.incident_counts(&in_a, Grouping::Month).await.unwrap(),
        counts(&[("2023-11", 1), ("2024-01", 1), ("2024-03", 1)])
    );
    let seizures_2024 = IncidentFilter {
        kinds: vec![IncidentType::DrugSeizure],
        from: Some(date!(2024 - 01 - 01)),
        ..Default::default()
    };
    assert_eq!(
        s.incident_counts(&seizures_2024, Grouping::Area).await.unwrap(),
        counts(&[("B", 2)])
    );
    assert!(
        s.incident_counts(
            &IncidentFilter {
                to: Some(date!(2000 - 01 - 01)),
                ..Default::default()
            },
            Grouping::Kind
        )
        .await
        .unwrap()
        .is_empty()
    );
    let summary = s.summary().await.unwrap();
    assert_eq!(summary.incidents, 8);
    assert_eq!(summary.first_incident, Some(date!(2023 - 11 - 02)));
    assert_eq!(summary.last_incident, Some(date!(2024 - 12 - 31)));
}
