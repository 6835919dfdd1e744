//! The action plan: the coordinator creates and changes measures (validated against the city, all or nothing); a
//! partner sees and updates only the measures its agency carries; every change is audited.

use time::OffsetDateTime;
use time::macros::datetime;
use vigie_domain::plan::{IndicatorDraft, MeasureDraft};
use vigie_domain::{AgencyCode, MeasureStatus, Role, User, Username};
use vigie_store::{Store, StoreError, Viewer};

use crate::common::seed;

const NOW: OffsetDateTime = datetime!(2026-03-02 10:00:00 UTC);

fn viewer(name: &str, role: Role, agency: Option<&str>) -> Viewer {
    Viewer::new(
        User {
            username: Username::parse(name).unwrap(),
            role,
            agency: agency.map(|a| AgencyCode::parse(a).unwrap()),
            active: true,
        },
        "192.0.2.5",
    )
}

fn draft(code: &str, lead: &str, partners: &[&str]) -> MeasureDraft {
    MeasureDraft {
        code: code.into(),
        title: format!("Measure {code}"),
        objective: "Fewer drug selling points".into(),
        areas: vec!["A".into()],
        phenomena: vec!["drug_selling_point".into()],
        linked_indicators: vec!["unemployment".into()],
        response: "youth_family".into(),
        lead: lead.into(),
        partners: partners.iter().map(|p| (*p).to_owned()).collect(),
        start: "2024-01-01".into(),
        end: Some("2025-12-31".into()),
        indicators: vec![IndicatorDraft {
            name: "Drug selling points per 1,000".into(),
            source: "incident_rate".into(),
            baseline: Some(2.0),
            target: Some(1.0),
        }],
        ..MeasureDraft::default()
    }
}

pub async fn the_coordinator_owns_the_plan_and_partners_follow_their_measures(s: &dyn Store) {
    seed(s).await;
    let coordinator = viewer("cora", Role::Coordinator, None);
    let police = viewer("paul", Role::Partner, Some("police"));
    let ngo = viewer("nina", Role::Partner, Some("ngo-lumiere"));
    let analyst = viewer("ana", Role::Analyst, None);

    // Bad drafts: every problem, nothing stored.
    let mut bad = draft("M01", "police", &[]);
    bad.end = Some("2023-06-30".into());
    bad.areas.push("ZZ".into());
    bad.indicators[0].baseline = None;
    match s.create_measure(&coordinator, &bad, NOW).await {
        Err(StoreError::Invalid(p)) => {
            let fields: Vec<&str> = p.iter().map(|p| p.field.as_str()).collect();
            assert_eq!(fields, ["areas[1]", "end", "indicators[0].baseline"], "{p:?}");
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert!(s.measures(&coordinator).await.unwrap().is_empty());

    // Only the coordinator creates.
    for v in [&police, &analyst] {
        assert!(matches!(
            s.create_measure(v, &draft("M01", "police", &[]), NOW).await,
            Err(StoreError::Forbidden(_))
        ));
    }
    s.create_measure(&coordinator, &draft("M01", "police", &[]), NOW)
        .await
        .unwrap();
    s.create_measure(&coordinator, &draft("M02", "ngo-lumiere", &["police"]), NOW)
        .await
        .unwrap();
    s.create_measure(&coordinator, &draft("M03", "ngo-lumiere", &[]), NOW)
        .await
        .unwrap();
    assert!(matches!(
        s.create_measure(&coordinator, &draft("M01", "police", &[]), NOW)
            .await,
        Err(StoreError::Conflict(_))
    ));

    // Who sees what.
    let codes = |v: &Viewer| {
        let v = v.clone();
        async move {
            s.measures(&v)
                .await
                .unwrap()
                .iter()
                .map(|m| m.measure.code.clone())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(codes(&coordinator).await, ["M01", "M02", "M03"]);
    assert_eq!(codes(&analyst).await, ["M01", "M02", "M03"]);
    assert_eq!(codes(&police).await, ["M01", "M02"]);
    assert_eq!(codes(&ngo).await, ["M02", "M03"]);
    assert!(matches!(
        s.measure(&police, "M03").await,
        Err(StoreError::NotFound(_))
    ));
    let caseworker = viewer("carla", Role::Caseworker, Some("ngo-lumiere"));
    assert!(matches!(
        s.measures(&caseworker).await,
        Err(StoreError::Forbidden(_))
    ));

    // A partner updates the status of its measure and enters a value; not another's; the analyst does neither.
    s.set_measure_status(&police, "M02", MeasureStatus::Running, "started in January", NOW)
        .await
        .unwrap();
    assert_eq!(
        s.measure(&coordinator, "M02").await.unwrap().measure.status,
        MeasureStatus::Running
    );
    assert!(matches!(
        s.set_measure_status(&police, "M03", MeasureStatus::Done, "", NOW)
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        s.set_measure_status(&analyst, "M01", MeasureStatus::Done, "", NOW)
            .await,
        Err(StoreError::Forbidden(_))
    ));
    s.record_measure_value(&police, "M02", 0, "2024", 1.8, NOW)
        .await
        .unwrap();
    s.record_measure_value(&police, "M02", 0, "2024", 1.7, NOW)
        .await
        .unwrap();
    s.record_measure_value(&ngo, "M02", 0, "2025-06", 1.2, NOW)
        .await
        .unwrap();
    for (indicator, period) in [(1, "2024"), (0, "2024-13"), (0, "last year")] {
        assert!(matches!(
            s.record_measure_value(&police, "M02", indicator, period, 1.0, NOW)
                .await,
            Err(StoreError::Refused(_))
        ));
    }
    let values = s.measure_values(&coordinator, "M02").await.unwrap();
    let got: Vec<(&str, f64)> = values.iter().map(|v| (v.period.as_str(), v.value)).collect();
    assert_eq!(got, [("2024", 1.7), ("2025-06", 1.2)]);
    let events = s.measure_events(&coordinator, "M02").await.unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["created", "status", "value", "value", "value"]);
    assert!(
        events[1].detail.contains("planned → running: started in January"),
        "{}",
        events[1].detail
    );

    // The coordinator changes a measure: its partners change with it.
    let mut changed = draft("M02", "ngo-lumiere", &[]);
    changed.title = "Measure M02, renamed".into();
    s.update_measure(&coordinator, &changed, NOW).await.unwrap();
    assert_eq!(codes(&police).await, ["M01"]);
    let mut missing = draft("M09", "police", &[]);
    missing.title = "x".into();
    assert!(matches!(
        s.update_measure(&coordinator, &missing, NOW).await,
        Err(StoreError::NotFound(_))
    ));

    let audit = s.audit_recent(100).await.unwrap();
    let count = |a: &str| audit.iter().filter(|e| e.action == a).count();
    assert_eq!(
        (
            count("plan.create"),
            count("plan.update"),
            count("plan.status"),
            count("plan.value")
        ),
        (3, 1, 1, 3)
    );
}
