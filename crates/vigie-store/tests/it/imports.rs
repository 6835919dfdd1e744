//! Conformance: imports are all or nothing, idempotent, and refuse to change stored data.

use time::macros::date;
use vigie_domain::import::{IndicatorFile, Lined, parse_indicators};
use vigie_domain::{
    Agency, AgencyCode, AgencyKind, Direction, IncidentType, IndicatorCode, IndicatorDef, IndicatorValue,
    Period,
};
use vigie_store::{ImportKind, ImportSummary, IncidentFilter, Store, StoreError, Summary};

use crate::common::*;

pub async fn every_kind_is_imported_and_summarised(s: &dyn Store) {
    assert_eq!(s.summary().await.unwrap(), Summary::default());
    assert!(s.recent_imports(10).await.unwrap().is_empty());

    let areas = areas_file();
    let got = import(s, ImportKind::Areas, "areas.geojson", &areas, T0)
        .await
        .unwrap();
    assert_eq!(
        got,
        ImportSummary {
            kind: ImportKind::Areas,
            file_name: "areas.geojson".into(),
            sha256: sha256_hex(areas.as_bytes()),
            rows: 2,
            inserted: 2,
            unchanged: 0,
            actor: "alice".into(),
            at: T0,
        }
    );
    let got = import(s, ImportKind::Agencies, "agencies.csv", AGENCIES, T0)
        .await
        .unwrap();
    assert_eq!(
        (got.kind, got.rows, got.inserted, got.unchanged),
        (ImportKind::Agencies, 2, 2, 0)
    );
    let got = import(s, ImportKind::Indicators, "indicators.csv", INDICATORS, T1)
        .await
        .unwrap();
    assert_eq!(
        (got.kind, got.rows, got.inserted, got.unchanged),
        (ImportKind::Indicators, 4, 4, 0)
    );
    let got = import(s, ImportKind::Incidents, "incidents.csv", INCIDENTS, T2)
        .await
        .unwrap();
    assert_eq!(
        (got.kind, got.rows, got.inserted, got.unchanged),
        (ImportKind::Incidents, 4, 4, 0)
    );
    assert_eq!(got.sha256, sha256_hex(INCIDENTS.as_bytes()));
    assert_eq!(got.at, T2);

    assert_eq!(
        s.summary().await.unwrap(),
        Summary {
            areas: 2,
            population: 300,
            indicators: 2,
            indicator_values: 4,
            incidents: 4,
            first_incident: Some(date!(2023 - 12 - 31)),
            last_incident: Some(date!(2024 - 03 - 05)),
            agencies: 2,
            users: 0,
        }
    );

    // Definitions come from the unit and direction columns; name defaults to the code, source to "".
    assert_eq!(
        s.indicator_defs().await.unwrap(),
        vec![
            IndicatorDef {
                code: IndicatorCode::parse("school_dropout").unwrap(),
                name: "school_dropout".into(),
                unit: "per 100 pupils".into(),
                direction: Direction::HigherIsWorse,
                source: String::new(),
            },
            IndicatorDef {
                code: IndicatorCode::parse("unemployment").unwrap(),
                name: "Unemployment".into(),
                unit: "%".into(),
                direction: Direction::HigherIsWorse,
                source: "INSEE".into(),
            },
        ]
    );
    assert_eq!(
        s.agencies().await.unwrap(),
        vec![
            Agency {
                code: AgencyCode::parse("ngo-lumiere").unwrap(),
                name: "Lumière".into(),
                kind: AgencyKind::Ngo,
            },
            Agency {
                code: AgencyCode::parse("police").unwrap(),
                name: "City police".into(),
                kind: AgencyKind::Police,
            },
        ]
    );

    // Newest first, limited.
    let recent = s.recent_imports(10).await.unwrap();
    assert_eq!(
        recent.iter().map(|i| i.kind).collect::<Vec<_>>(),
        vec![
            ImportKind::Incidents,
            ImportKind::Indicators,
            ImportKind::Agencies,
            ImportKind::Areas
        ]
    );
    assert_eq!(recent[0], got);
    assert_eq!(recent[3].file_name, "areas.geojson");
    assert_eq!(recent[3].sha256, sha256_hex(areas.as_bytes()));
    let two = s.recent_imports(2).await.unwrap();
    assert_eq!(two, recent[..2].to_vec());

    // Each import is audited, with its figures.
    let audit = s.audit_recent(10).await.unwrap();
    assert_eq!(
        audit.iter().map(|a| a.action.as_str()).collect::<Vec<_>>(),
        vec![
            "import.incidents",
            "import.indicators",
            "import.agencies",
            "import.areas"
        ]
    );
    let detail: serde_json::Value = serde_json::from_str(&audit[0].detail).unwrap();
    assert_eq!(detail["file"], "incidents.csv");
    assert_eq!(detail["rows"], 4);
    assert_eq!(detail["inserted"], 4);
    assert_eq!(detail["unchanged"], 0);
    assert_eq!(detail["sha256"], sha256_hex(INCIDENTS.as_bytes()));
    assert_eq!(audit[0].actor, "alice");
    assert_eq!(audit[0].addr, "192.0.2.1");
}

/// The trait can also be fed rows built by hand (areas from `Boundary::from_rings`).
pub async fn rows_built_by_hand_are_imported(s: &dyn Store) {
    let rows = lined(vec![
        square("N2", "Nord 2", 10, 1.0, 0.0),
        square("N1", "Nord 1", 5, 0.0, 0.0),
    ]);
    let got = s.import_areas(&meta("hand.geojson", T0), &rows).await.unwrap();
    assert_eq!((got.rows, got.inserted, got.unchanged), (2, 2, 0));
    assert_eq!(got.sha256, sha256_hex(b"hand.geojson"));
    assert_eq!(
        s.areas().await.unwrap(),
        vec![rows[1].value.clone(), rows[0].value.clone()]
    );
    // The same rows from a GeoJSON file are the same areas: unchanged.
    let text = collection(&[
        feature("N1", "Nord 1", 5, 0.0, 0.0),
        feature("N2", "Nord 2", 10, 1.0, 0.0),
    ]);
    let got = import(s, ImportKind::Areas, "n.geojson", &text, T1)
        .await
        .unwrap();
    assert_eq!((got.rows, got.inserted, got.unchanged), (2, 0, 2));

    let file = IndicatorFile {
        values: lined(vec![
            IndicatorValue::new(
                code("N1"),
                IndicatorCode::parse("density").unwrap(),
                Period::Year(2024),
                0.1 + 0.2,
            )
            .unwrap(),
        ]),
        definitions: vec![Lined {
            line: 2,
            value: IndicatorDef {
                code: IndicatorCode::parse("density").unwrap(),
                name: "Density".into(),
                unit: "people/km²".into(),
                direction: Direction::HigherIsBetter,
                source: "census".into(),
            },
        }],
    };
    let got = s.import_indicators(&meta("v.csv", T1), &file).await.unwrap();
    assert_eq!((got.rows, got.inserted, got.unchanged), (1, 1, 0));
    let got = s.import_indicators(&meta("v.csv", T2), &file).await.unwrap();
    assert_eq!((got.rows, got.inserted, got.unchanged), (1, 0, 1));
    assert_eq!(
        s.area_indicator_values(&code("N1")).await.unwrap(),
        vec![file.values[0].value.clone()]
    );
    assert_eq!(
        s.indicator_defs().await.unwrap(),
        vec![file.definitions[0].value.clone()]
    );
}

pub async fn reimporting_changes_nothing_but_is_recorded(s: &dyn Store) {
    seed(s).await;
    let before = snapshot(s).await;

    let files: [(ImportKind, &str, String, u64); 4] = [
        (ImportKind::Areas, "areas.geojson", areas_file(), 2),
        (ImportKind::Agencies, "agencies.csv", AGENCIES.into(), 2),
        (ImportKind::Indicators, "indicators.csv", INDICATORS.into(), 4),
        (ImportKind::Incidents, "incidents.csv", INCIDENTS.into(), 4),
    ];
    for (kind, name, text, n) in &files {
        let got = import(s, *kind, name, text, T2).await.unwrap();
        assert_eq!(
            (got.kind, got.rows, got.inserted, got.unchanged),
            (*kind, *n, 0, *n),
            "{name}"
        );
    }
    let after = snapshot(s).await;
    assert_eq!(after.summary, before.summary);
    assert_eq!(after.areas, before.areas);
    assert_eq!(after.defs, before.defs);
    assert_eq!(after.values, before.values);
    assert_eq!(after.incidents, before.incidents);
    assert_eq!(after.agencies, before.agencies);
    // ...but each re-import is recorded and audited.
    assert_eq!(after.imports.len(), before.imports.len() + 4);
    assert_eq!(after.audit.len(), before.audit.len() + 4);
    assert_eq!(after.imports[0].kind, ImportKind::Incidents);
    assert_eq!(after.imports[0].at, T2);
    assert_eq!(after.imports[4..], before.imports[..]);

    // A file with old and new rows inserts only the new ones.
    let text = "code,name,kind\npolice,City police,police\nschool-7,School 7,school\n";
    let got = import(s, ImportKind::Agencies, "more.csv", text, T2)
        .await
        .unwrap();
    assert_eq!((got.rows, got.inserted, got.unchanged), (2, 1, 1));
    assert_eq!(s.summary().await.unwrap().agencies, 3);
}

pub async fn conflicting_areas_refuse_the_whole_file(s: &dyn Store) {
    seed(s).await;
    // New area C (line 2) would be fine; A's population (line 3) and B's boundary (line 4) changed.
    let text = collection(&[
        feature("C", "Citadelle", 50, 0.0, 1.0),
        feature("A", "Arsenal", 101, 0.0, 0.0),
        feature("B", "Beaulieu", 200, 1.0, 0.5),
    ]);
    assert_refused(
        s,
        ImportKind::Areas,
        "areas2.geojson",
        &text,
        &[(3, "properties.id"), (4, "properties.id")],
    )
    .await;
    // A's name changed.
    let text = collection(&[feature("A", "Arsenal-Nord", 100, 0.0, 0.0)]);
    assert_refused(
        s,
        ImportKind::Areas,
        "areas3.geojson",
        &text,
        &[(2, "properties.id")],
    )
    .await;
    assert!(s.area(&code("C")).await.unwrap().is_none());
}

pub async fn conflicting_incidents_refuse_the_whole_file(s: &dyn Store) {
    seed(s).await;
    // i9 is new; i1's date, i2's type and i4's place differ from what is stored.
    let text = "\
id,type,date,longitude,latitude,area
i9,extortion,2024-05-01,0.5,0.5,A
i1,drug_seizure,2024-03-06,0.5,0.5,A
i2,firearms,2024-01-10,1.5,0.5,
i4,drug_selling_point,2024-03-05,5,6,
i3,firearms,2023-12-31,1.0,0.5,
";
    assert_refused(
        s,
        ImportKind::Incidents,
        "incidents2.csv",
        text,
        &[(3, "id"), (4, "id"), (5, "id")],
    )
    .await;
    // Stated area differs from the one stored.
    let text = "id,type,date,longitude,latitude,area\ni1,drug_seizure,2024-03-05,0.5,0.5,B\n";
    assert_refused(s, ImportKind::Incidents, "incidents3.csv", text, &[(2, "id")]).await;
}

pub async fn conflicting_indicators_refuse_the_whole_file(s: &dyn Store) {
    seed(s).await;
    // Line 2 is new, lines 3 and 5 change stored values, line 4 is unchanged.
    let text = "\
area,indicator,period,value
B,unemployment,2023,9
A,unemployment,2024,12.6
B,unemployment,2024,8
A,unemployment,2023,11.2
";
    assert_refused(
        s,
        ImportKind::Indicators,
        "ind2.csv",
        text,
        &[(3, "value"), (5, "value")],
    )
    .await;
    // A definition with another unit (line 2), and one with another direction (line 3).
    let text = "\
area,indicator,period,value,unit,direction
B,unemployment,2023,9,percent,higher_is_worse
B,school_dropout,2024-Q1,2,per 100 pupils,higher_is_better
";
    assert_refused(
        s,
        ImportKind::Indicators,
        "ind3.csv",
        text,
        &[(2, "unit"), (3, "unit")],
    )
    .await;
}

pub async fn conflicting_agencies_refuse_the_whole_file(s: &dyn Store) {
    seed(s).await;
    let text = "code,name,kind\nschool-7,School 7,school\npolice,City police,municipality\nngo-lumiere,Lumiere,ngo\n";
    assert_refused(
        s,
        ImportKind::Agencies,
        "agencies2.csv",
        text,
        &[(3, "code"), (4, "code")],
    )
    .await;
}

pub async fn unknown_references_are_refused(s: &dyn Store) {
    // Before any area exists, values and incidents that name an area are refused.
    let text = "area,indicator,period,value,unit,direction\nA,unemployment,2024,1,%,higher_is_worse\n";
    assert_refused(s, ImportKind::Indicators, "early.csv", text, &[(2, "area")]).await;

    seed(s).await;
    let text = "\
area,indicator,period,value
A,unemployment,2022,10
Z,unemployment,2022,10
B,crime_rate,2022,3
B,unemployment,2022,7
";
    assert_refused(
        s,
        ImportKind::Indicators,
        "ind.csv",
        text,
        &[(3, "area"), (4, "indicator")],
    )
    .await;
    assert!(
        !s.indicator_periods(&IndicatorCode::parse("unemployment").unwrap())
            .await
            .unwrap()
            .contains(&Period::Year(2022))
    );

    let text = "\
id,type,date,longitude,latitude,area
i8,extortion,2024-05-01,0.5,0.5,
i9,extortion,2024-05-01,0.5,0.5,Z
";
    assert_refused(s, ImportKind::Incidents, "inc.csv", text, &[(3, "area")]).await;
    assert_eq!(
        s.count_incidents(&IncidentFilter {
            kinds: vec![IncidentType::Extortion],
            ..Default::default()
        })
        .await
        .unwrap(),
        1
    );
}

pub async fn incidents_without_area_are_located(s: &dyn Store) {
    seed(s).await;
    let all = s.incidents(&IncidentFilter::default(), 100, 0).await.unwrap();
    let area_of = |id: &str| {
        all.iter()
            .find(|i| i.id.as_str() == id)
            .unwrap()
            .area
            .as_ref()
            .map(|a| a.to_string())
    };
    assert_eq!(area_of("i1").as_deref(), Some("A"), "stated area");
    assert_eq!(area_of("i2").as_deref(), Some("B"), "inside B");
    assert_eq!(
        area_of("i3").as_deref(),
        Some("A"),
        "on the A|B border: the code that sorts first"
    );
    assert_eq!(area_of("i4"), None, "outside every area");
}

pub async fn incidents_before_any_area_are_stored_without_area(s: &dyn Store) {
    let got = import(s, ImportKind::Incidents, "incidents.csv", INCIDENTS, T0).await;
    // i1 names area A, which is not known yet: the whole file is refused...
    assert_eq!(rejected(got), at("incidents.csv", &[(2, "area")]));
    // ...while rows without area are stored without one.
    let text = "id,type,date,longitude,latitude\ni2,extortion,2024-01-10,1.5,0.5\n";
    let got = import(s, ImportKind::Incidents, "i2.csv", text, T0)
        .await
        .unwrap();
    assert_eq!(got.inserted, 1);
    let all = s.incidents(&IncidentFilter::default(), 10, 0).await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].area, None);
}

pub async fn bytes_that_are_not_utf8_are_refused(s: &dyn Store) {
    seed(s).await;
    let before = snapshot(s).await;
    let bytes = b"code,name,kind\nschool-1,\xc9cole 1,school\n";
    let r = vigie_store::import_file(s, ImportKind::Agencies, "latin1.csv", bytes, &alice(), T1).await;
    match r {
        Err(StoreError::Rejected(e)) => {
            assert_eq!(e.errors.len(), 1);
            assert_eq!(e.errors[0].file, "latin1.csv");
            assert_eq!(e.errors[0].line, 2);
            assert_eq!(e.errors[0].column, "encoding");
        }
        other => panic!("expected Rejected, got {other:?}"),
    }
    assert_eq!(snapshot(s).await, before);
}

/// A value written "-0" is stored; importing the same file again must find it unchanged.
pub async fn negative_zero_reimports_unchanged(s: &dyn Store) {
    seed(s).await;
    let text = "area,indicator,period,value\nA,unemployment,2022,-0\n";
    let first = import(s, ImportKind::Indicators, "zero.csv", text, T1)
        .await
        .unwrap();
    assert_eq!(first.inserted, 1);
    let again = import(s, ImportKind::Indicators, "zero.csv", text, T2).await;
    assert!(
        matches!(&again, Ok(sum) if sum.unchanged == 1),
        "re-importing the same file was refused: {again:?}"
    );
}

/// The parser's view of a file is what the store stores: the values read back equal the parsed ones.
pub async fn stored_values_equal_parsed_values(s: &dyn Store) {
    seed(s).await;
    let parsed = parse_indicators("indicators.csv", INDICATORS).unwrap();
    let mut stored = Vec::new();
    for a in ["A", "B"] {
        stored.extend(s.area_indicator_values(&code(a)).await.unwrap());
    }
    for v in &parsed.values {
        assert!(stored.contains(&v.value), "{:?} not stored", v.value);
    }
    assert_eq!(stored.len(), parsed.values.len());
}

/// Incidents imported before the areas are stored without area. Importing the very same file again once the areas
/// exist is a re-import: it must not be refused as a change of stored data.
pub async fn reimporting_incidents_after_the_areas_is_not_a_conflict(s: &dyn Store) {
    let text = "id,type,date,longitude,latitude\ni2,extortion,2024-01-10,1.5,0.5\n";
    import(s, ImportKind::Incidents, "early.csv", text, T0)
        .await
        .unwrap();
    import(s, ImportKind::Areas, "areas.geojson", &areas_file(), T0)
        .await
        .unwrap();
    let again = import(s, ImportKind::Incidents, "early.csv", text, T1).await;
    assert!(
        matches!(&again, Ok(sum) if sum.inserted == 0 && sum.unchanged == 1),
        "the same file was refused: {again:?}"
    );
}
