//! Victims' cases: intake, screening, status and deadlines, consent and referrals, need-to-know, erasure and
//! retention, and the audit of every read.

use std::sync::Arc;

use proptest::prelude::*;
use time::macros::{date, datetime};
use time::{Date, OffsetDateTime};
use vigie_domain::case::IntakeForm;
use vigie_domain::{
    Agency, AgencyCode, AgencyKind, ReferralStatus, Role, ServiceKind, User, Username, VictimStatus,
};
use vigie_store::{CaseStore, NewScreening, NewService, SqlStore, StatusDecision, Store, StoreError, Viewer};

use crate::common::{T0, alice, lined, meta};

const NOW: OffsetDateTime = datetime!(2026-03-02 10:00:00 UTC);
const TODAY: Date = date!(2026 - 03 - 02);

fn agency(code: &str) -> AgencyCode {
    AgencyCode::parse(code).unwrap()
}

fn viewer(name: &str, role: Role, agency_code: Option<&str>) -> Viewer {
    Viewer::new(
        User {
            username: Username::parse(name).unwrap(),
            role,
            agency: agency_code.map(agency),
            active: true,
        },
        "192.0.2.7",
    )
}

pub fn caseworker() -> Viewer {
    viewer("carla", Role::Caseworker, Some("ngo"))
}
fn other_caseworker() -> Viewer {
    viewer("sam", Role::Caseworker, Some("social"))
}
fn police_caseworker() -> Viewer {
    viewer("pat", Role::Caseworker, Some("police"))
}
fn coordinator() -> Viewer {
    viewer("cora", Role::Coordinator, None)
}
fn shelter() -> Viewer {
    viewer("hana", Role::Partner, Some("refuge"))
}
fn police() -> Viewer {
    viewer("paul", Role::Partner, Some("police"))
}
fn analyst() -> Viewer {
    viewer("ana", Role::Analyst, None)
}
fn dpo() -> Viewer {
    viewer("dora", Role::Dpo, None)
}

/// Agencies and two services: a shelter with `beds` beds and a police complaint desk.
pub async fn setup(s: &dyn Store, beds: u32) -> (i64, i64) {
    let agencies = [
        ("ngo", AgencyKind::Ngo),
        ("social", AgencyKind::SocialServices),
        ("police", AgencyKind::Police),
        ("refuge", AgencyKind::Housing),
    ];
    let rows: Vec<Agency> = agencies
        .iter()
        .map(|(c, k)| Agency {
            code: agency(c),
            name: format!("Agency {c}"),
            kind: *k,
        })
        .collect();
    s.import_agencies(&meta("agencies.csv", T0), &lined(rows))
        .await
        .unwrap();
    let shelter_id = s
        .save_service(
            &coordinator(),
            &NewService {
                code: "refuge-beds".into(),
                kind: ServiceKind::SafeAccommodation,
                name: "Refuge des Tilleuls".into(),
                provider: agency("refuge"),
                languages: vec!["fr".into(), "ro".into()],
                capacity: Some(beds),
                free: Some(beds),
                hours: "24/7".into(),
                contact: "+33 1 00 00 00 00".into(),
                response_days: 2,
                public: false,
            },
            NOW,
        )
        .await
        .unwrap();
    let police_id = s
        .save_service(
            &coordinator(),
            &NewService {
                code: "police-complaint".into(),
                kind: ServiceKind::ComplaintToPolice,
                name: "Dépôt de plainte accompagné".into(),
                provider: agency("police"),
                languages: vec!["fr".into()],
                capacity: None,
                free: None,
                hours: "Mon-Fri 9-17".into(),
                contact: "17".into(),
                response_days: 5,
                public: false,
            },
            NOW,
        )
        .await
        .unwrap();
    (shelter_id, police_id)
}

pub fn form(alias: &str, birth: &str) -> IntakeForm {
    IntakeForm {
        alias: alias.into(),
        birth: birth.into(),
        sex: "female".into(),
        languages: "ro, fr".into(),
        nationality: "RO".into(),
        contact: "via Le Phare, 06 12 34 56 78".into(),
        forms: vec!["forced_labour".into()],
        means: vec!["debt_bondage".into(), "withheld_documents".into()],
        recruitment_country: "RO".into(),
        recruitment_place: "Iași, bus station".into(),
        exploitation_place: "farm near the ring road".into(),
        recruiter_relation: "recruitment_agency".into(),
        notes: "Arrived in 2025; speaks little French.".into(),
        ..Default::default()
    }
}

async fn open_case(s: &dyn Store, alias: &str, birth: &str) -> i64 {
    let intake = form(alias, birth).validate(TODAY).unwrap();
    s.create_case(&caseworker(), &intake, NOW).await.unwrap().0
}

fn forbidden<T: std::fmt::Debug>(r: Result<T, StoreError>) {
    assert!(matches!(r, Err(StoreError::Forbidden(_))), "{r:?}");
}

pub async fn a_case_goes_from_intake_to_a_referral_accepted(s: &dyn Store) {
    let (shelter_id, _) = setup(s, 2).await;
    let cw = caseworker();
    let intake = form("Ioana Marin", "1998-07-14").validate(TODAY).unwrap();
    let (id, reference) = s.create_case(&cw, &intake, NOW).await.unwrap();
    assert_eq!(reference, "ngo-2026-0001");
    let rec = s.case(&cw, id, NOW).await.unwrap();
    assert_eq!(rec.identity.as_ref().unwrap().alias, "Ioana Marin");
    assert_eq!(rec.access, "full");
    assert!(!rec.summary.minor);
    assert_eq!(rec.summary.status, VictimStatus::Possible);
    assert_eq!(
        rec.recruitment_place.as_ref().unwrap().detail.as_deref(),
        Some("Iași, bus station")
    );
    assert_eq!(
        rec.notes.as_deref(),
        Some("Arrived in 2025; speaks little French.")
    );

    s.record_screening(
        &cw,
        id,
        &NewScreening {
            list: "adult_labour".into(),
            version: "test".into(),
            indicators: vec!["a".into(), "b".into()],
            presumed: true,
        },
        NOW,
    )
    .await
    .unwrap();
    s.set_status(
        &cw,
        id,
        &StatusDecision {
            status: VictimStatus::Presumed,
            decided_by: "Le Phare (NGO)".into(),
            on: TODAY,
            reflection_days: 45,
        },
        NOW,
    )
    .await
    .unwrap();
    let rec = s.case(&cw, id, NOW).await.unwrap();
    assert_eq!(rec.reasonable_grounds_on, Some(TODAY));
    assert_eq!(rec.reflection_end, Some(date!(2026 - 04 - 15)));
    assert_eq!(rec.screenings.len(), 1);

    // Consent, then the referral; the shelter sees only what it needs.
    let consent = s
        .record_consent(&cw, id, &agency("refuge"), "safe accommodation", TODAY, NOW)
        .await
        .unwrap();
    let referral = s
        .refer(
            &cw,
            id,
            shelter_id,
            consent,
            Some("Arrives by tram at 18:00"),
            NOW,
        )
        .await
        .unwrap();
    let view = s.referral_view(&shelter(), referral, NOW).await.unwrap();
    let fields: Vec<&str> = view.fields.iter().map(|(f, _)| f.code()).collect();
    assert_eq!(fields, vec!["alias", "sex", "minor", "languages", "contact"]);
    assert_eq!(view.fields[0].1, "Ioana Marin");
    assert_eq!(view.message.as_deref(), Some("Arrives by tram at 18:00"));
    // ... and never the notes, the places or the date of birth.
    let text = format!("{view:?}");
    assert!(
        !text.contains("1998") && !text.contains("Iași") && !text.contains("little French"),
        "{text}"
    );
    // The partner cannot open the case itself.
    forbidden(s.case(&shelter(), id, NOW).await);

    s.answer_referral(&shelter(), referral, true, "bed 3", NOW)
        .await
        .unwrap();
    assert_eq!(s.service(shelter_id).await.unwrap().unwrap().free, Some(1));
    let rec = s.case(&cw, id, NOW).await.unwrap();
    assert_eq!(rec.referrals[0].status, ReferralStatus::Accepted);
    s.complete_referral(&shelter(), referral, NOW).await.unwrap();
    assert_eq!(s.service(shelter_id).await.unwrap().unwrap().free, Some(2));

    // The coordinator sees the deadline of the reflection period, and the case without its identity.
    let due = s
        .deadlines(&coordinator(), TODAY, date!(2026 - 12 - 31))
        .await
        .unwrap();
    assert!(
        due.iter()
            .any(|d| d.due_on == date!(2026 - 04 - 15) && d.case_reference == reference),
        "{due:?}"
    );
    let seen = s.case(&coordinator(), id, NOW).await.unwrap();
    assert_eq!(seen.access, "pseudonymous");
    assert!(seen.identity.is_none() && seen.notes.is_none() && seen.recruitment_place.is_none());
    let timeline: Vec<&str> = rec.events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        timeline,
        vec!["intake", "screening", "status", "consent", "referral", "referral"]
    );
}

pub async fn need_to_know_is_checked_on_every_read(s: &dyn Store) {
    let (_, police_service) = setup(s, 1).await;
    let id = open_case(s, "Maria", "2001-02-03").await;
    for v in [
        other_caseworker(),
        police_caseworker(),
        shelter(),
        police(),
        analyst(),
        dpo(),
    ] {
        forbidden(s.case(&v, id, NOW).await);
    }
    // A missing case and a refused one look the same.
    forbidden(s.case(&other_caseworker(), 999, NOW).await);
    assert!(s.cases(&other_caseworker(), NOW).await.unwrap().is_empty());
    assert_eq!(s.cases(&caseworker(), NOW).await.unwrap().len(), 1);
    forbidden(s.cases(&analyst(), NOW).await);
    // The police caseworker cannot record a case either.
    let intake = form("X", "").validate(TODAY).unwrap();
    forbidden(s.create_case(&police_caseworker(), &intake, NOW).await);
    // The police see a case only through a referral the person consented to.
    let consent = s
        .record_consent(
            &caseworker(),
            id,
            &agency("police"),
            "file a complaint",
            TODAY,
            NOW,
        )
        .await
        .unwrap();
    let r = s
        .refer(&caseworker(), id, police_service, consent, None, NOW)
        .await
        .unwrap();
    let view = s.referral_view(&police(), r, NOW).await.unwrap();
    assert_eq!(
        view.fields.iter().map(|(f, _)| f.code()).collect::<Vec<_>>(),
        vec!["alias", "forms", "contact"]
    );
    forbidden(s.referral_view(&shelter(), r, NOW).await);
    // Analysts get counts, no case.
    let counts = s.case_counts().await.unwrap();
    assert_eq!(counts.total, 1);
    assert_eq!(counts.by_form, vec![("forced_labour".to_owned(), 1)]);
}

pub async fn bad_requests_are_refused_and_change_nothing(s: &dyn Store) {
    let (shelter_id, _) = setup(s, 1).await;
    let a = open_case(s, "A", "1990").await;
    let b = open_case(s, "B", "1991").await;
    let ca = s
        .record_consent(&caseworker(), a, &agency("refuge"), "shelter", TODAY, NOW)
        .await
        .unwrap();
    let cb = s
        .record_consent(&caseworker(), b, &agency("refuge"), "shelter", TODAY, NOW)
        .await
        .unwrap();
    let ra = s
        .refer(&caseworker(), a, shelter_id, ca, None, NOW)
        .await
        .unwrap();
    s.answer_referral(&shelter(), ra, true, "", NOW).await.unwrap();
    // The shelter is full now: a referral to it is refused and nothing is stored.
    let audit_before = s.audit_recent(1000).await.unwrap().len();
    let r = s.refer(&caseworker(), b, shelter_id, cb, None, NOW).await;
    assert!(
        matches!(&r, Err(StoreError::Refused(m)) if m.contains("no free place")),
        "{r:?}"
    );
    assert!(s.case(&caseworker(), b, NOW).await.unwrap().referrals.is_empty());
    // A consent for another recipient does not cover the referral.
    let other = s
        .record_consent(&caseworker(), b, &agency("police"), "complaint", TODAY, NOW)
        .await
        .unwrap();
    assert!(matches!(
        s.refer(&caseworker(), b, shelter_id, other, None, NOW).await,
        Err(StoreError::Refused(_))
    ));
    // A consent of another case neither.
    assert!(matches!(
        s.refer(&caseworker(), b, shelter_id, ca, None, NOW).await,
        Err(StoreError::Refused(_))
    ));
    // An override needs a coordinator and a real reason.
    forbidden(
        s.override_consent(
            &caseworker(),
            b,
            &agency("refuge"),
            "x",
            "because I think it is right",
            NOW,
        )
        .await,
    );
    assert!(matches!(
        s.override_consent(&coordinator(), b, &agency("refuge"), "shelter", "urgent", NOW)
            .await,
        Err(StoreError::Refused(_))
    ));
    let o = s
        .override_consent(
            &coordinator(),
            b,
            &agency("refuge"),
            "shelter",
            "the person is in immediate danger tonight",
            NOW,
        )
        .await
        .unwrap();
    let audit = s.audit_recent(1000).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "case.consent.override" && e.detail.contains("immediate danger"))
    );
    assert!(audit.len() > audit_before);
    assert!(
        s.case(&caseworker(), b, NOW)
            .await
            .unwrap()
            .consents
            .iter()
            .any(|c| c.id == o && c.override_by.is_some())
    );
    // A status decided in the future is refused.
    let future = StatusDecision {
        status: VictimStatus::Presumed,
        decided_by: "NGO".into(),
        on: date!(2026 - 04 - 01),
        reflection_days: 30,
    };
    assert!(matches!(
        s.set_status(&caseworker(), a, &future, NOW).await,
        Err(StoreError::Refused(_))
    ));
    // A full service cannot be made fuller, nor given more free places than beds.
    assert!(matches!(
        s.set_free_places(&shelter(), shelter_id, 5, NOW).await,
        Err(StoreError::Refused(_))
    ));
    forbidden(s.set_free_places(&police(), shelter_id, 0, NOW).await);
}

pub async fn erasure_and_retention_leave_only_counts(s: &dyn Store) {
    setup(s, 1).await;
    let a = open_case(s, "Elena", "1995-05-05").await;
    let b = open_case(s, "Sofia", "1996-06-06").await;
    let c = open_case(s, "Irina", "1997-07-07").await;
    // Erasure on request.
    forbidden(s.erase_case(&other_caseworker(), a, "request", NOW).await);
    s.erase_case(&caseworker(), a, "the person's request of 2026-03-01", NOW)
        .await
        .unwrap();
    let rec = s.case(&coordinator(), a, NOW).await.unwrap();
    assert!(rec.summary.erased);
    assert!(
        matches!(s.case(&caseworker(), a, NOW).await, Ok(r) if r.identity.is_none() && r.notes.is_none())
    );
    assert!(matches!(
        s.export_case(&caseworker(), a, NOW).await,
        Err(StoreError::Refused(_))
    ));
    // Retention: b closed long ago, c closed long ago but on legal hold.
    s.close_case(&caseworker(), b, date!(2020 - 01 - 10), NOW)
        .await
        .unwrap();
    s.close_case(&caseworker(), c, date!(2020 - 01 - 10), NOW)
        .await
        .unwrap();
    forbidden(s.set_legal_hold(&caseworker(), c, true, "court case", NOW).await);
    s.set_legal_hold(&dpo(), c, true, "criminal proceedings pending", NOW)
        .await
        .unwrap();
    assert!(matches!(
        s.erase_case(&dpo(), c, "x", NOW).await,
        Err(StoreError::Refused(_))
    ));
    let erased = s.apply_retention(&alice(), 5 * 365, TODAY, NOW).await.unwrap();
    assert_eq!(erased, vec!["ngo-2026-0002".to_owned()]);
    assert!(s.case(&caseworker(), b, NOW).await.unwrap().identity.is_none());
    assert_eq!(
        s.case(&caseworker(), c, NOW)
            .await
            .unwrap()
            .identity
            .unwrap()
            .alias,
        "Irina"
    );
    // Counts remain.
    assert_eq!(s.case_counts().await.unwrap().total, 3);
    let audit = s.audit_recent(1000).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "case.erase"));
    assert!(
        audit
            .iter()
            .any(|e| e.action == "case.retention" && e.detail.contains("ngo-2026-0002"))
    );
    assert!(s.audit_verify().await.unwrap().ok());
}

pub async fn every_read_and_change_of_a_case_is_audited(s: &dyn Store) {
    setup(s, 1).await;
    let id = open_case(s, "Lena", "1990-01-01").await;
    let before = s.audit_recent(1000).await.unwrap().len();
    s.case(&caseworker(), id, NOW).await.unwrap();
    s.case(&coordinator(), id, NOW).await.unwrap();
    s.export_case(&caseworker(), id, NOW).await.unwrap();
    let entries = s.audit_recent(1000).await.unwrap();
    assert_eq!(entries.len(), before + 3);
    let actions: Vec<&str> = entries[..3].iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["case.export", "case.read", "case.read"]);
    assert!(entries[1].actor == "cora" && entries[2].actor == "carla");
    // Audit entries never hold the name.
    assert!(entries.iter().all(|e| !e.detail.contains("Lena")));
}

pub async fn legal_help_notes_are_for_the_provider_alone(s: &dyn Store) {
    setup(s, 1).await;
    let lawyer = viewer("lou", Role::Partner, Some("refuge"));
    let id = open_case(s, "Nadia", "1993-03-03").await;
    // The provider must offer legal counselling.
    assert!(matches!(
        s.add_legal_note(
            &caseworker(),
            id,
            &agency("refuge"),
            "asks about a residence permit",
            NOW
        )
        .await,
        Err(StoreError::Refused(_))
    ));
    s.save_service(
        &coordinator(),
        &NewService {
            code: "refuge-legal".into(),
            kind: ServiceKind::LegalCounselling,
            name: "Permanence juridique".into(),
            provider: agency("refuge"),
            languages: vec!["fr".into()],
            capacity: None,
            free: None,
            hours: "Tue 14-18".into(),
            contact: "legal@refuge.example".into(),
            response_days: 7,
            public: true,
        },
        NOW,
    )
    .await
    .unwrap();
    s.add_legal_note(
        &caseworker(),
        id,
        &agency("refuge"),
        "asks about a residence permit (Art. 14)",
        NOW,
    )
    .await
    .unwrap();
    let notes = s.legal_notes(&lawyer, NOW).await.unwrap();
    assert_eq!(notes.len(), 1);
    assert!(notes[0].note.contains("residence permit"));
    assert!(s.legal_notes(&police(), NOW).await.unwrap().is_empty());
    // Nowhere else: not in the case, its export or the counts.
    let rec = s.export_case(&caseworker(), id, NOW).await.unwrap();
    assert!(rec.has_legal_note);
    let all = format!("{rec:?}{:?}", s.case_counts().await.unwrap());
    assert!(!all.contains("residence"), "{all}");
}

/// One step of the consent property test.
#[derive(Debug, Clone)]
enum Step {
    Consent,
    Refer,
    Revoke(usize),
    Answer(usize, bool),
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        prop_oneof![
            Just(Step::Consent),
            Just(Step::Refer),
            (0usize..4).prop_map(Step::Revoke),
            (0usize..4, any::<bool>()).prop_map(|(i, a)| Step::Answer(i, a)),
        ],
        1..12,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, rng_seed: proptest::test_runner::RngSeed::Fixed(20261129), ..ProptestConfig::default() })]

    /// Whatever happened before, the recipient can read a referral exactly while its consent is in force: the
    /// moment the consent is withdrawn, every read is refused.
    #[test]
    fn revoking_consent_stops_the_recipients_access_at_once(steps in steps()) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let store: Arc<dyn Store> =
                Arc::new(SqlStore::in_memory().await.unwrap().with_field_key(crate::common::key()).await.unwrap());
            let s = &*store;
            let (shelter_id, _) = setup(s, 50).await;
            let id = open_case(s, "Prop", "1990").await;
            let mut consents: Vec<(i64, bool)> = Vec::new();
            let mut referrals: Vec<(i64, usize)> = Vec::new();
            for step in steps {
                match step {
                    Step::Consent => {
                        let c = s.record_consent(&caseworker(), id, &agency("refuge"), "shelter", TODAY, NOW).await.unwrap();
                        consents.push((c, true));
                    }
                    Step::Refer => {
                        if let Some(k) = consents.iter().rposition(|c| c.1) {
                            let r = s.refer(&caseworker(), id, shelter_id, consents[k].0, None, NOW).await.unwrap();
                            referrals.push((r, k));
                        } else if let Some(c) = consents.last() {
                            let r = s.refer(&caseworker(), id, shelter_id, c.0, None, NOW).await;
                            assert!(matches!(r, Err(StoreError::Refused(_))), "{r:?}");
                        }
                    }
                    Step::Revoke(i) => {
                        if let Some(c) = consents.get_mut(i) {
                            s.revoke_consent(&caseworker(), c.0, NOW).await.unwrap();
                            c.1 = false;
                        }
                    }
                    Step::Answer(i, accept) => {
                        if let Some((r, _)) = referrals.get(i) {
                            let _ = s.answer_referral(&shelter(), *r, accept, "", NOW).await;
                        }
                    }
                }
                // After every step: access iff the consent holds.
                for (r, k) in &referrals {
                    let view = s.referral_view(&shelter(), *r, NOW).await;
                    assert_eq!(view.is_ok(), consents[*k].1, "referral {r} after revocation: {view:?}");
                }
            }
        });
    }
}

/// The database file alone reveals no name, date of birth, contact or note.
#[tokio::test]
async fn the_database_file_holds_no_identifying_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cases.sqlite");
    let store = SqlStore::open(&path)
        .await
        .unwrap()
        .with_field_key(crate::common::key())
        .await
        .unwrap();
    setup(&store, 3).await;
    let names = [
        ("Ioana Marinescu", "1998-07-14"),
        ("Svetlana Orlova", "2003-11-30"),
        ("Blessing Okafor", "1987-02-19"),
    ];
    for (n, b) in names {
        open_case(&store, n, b).await;
    }
    drop(store);
    let mut bytes = std::fs::read(&path).unwrap();
    if let Ok(wal) = std::fs::read(dir.path().join("cases.sqlite-wal")) {
        bytes.extend(wal);
    }
    let hay = String::from_utf8_lossy(&bytes);
    for (n, b) in names {
        for part in n.split(' ') {
            assert!(!hay.contains(part), "{part} found in the database file");
        }
        assert!(!hay.contains(b), "{b} found in the database file");
    }
    for secret in ["06 12 34 56 78", "Iași", "little French", "ring road"] {
        assert!(!hay.contains(secret), "{secret} found in the database file");
    }
    // A different key is refused before anything is read.
    let wrong = SqlStore::open(&path)
        .await
        .unwrap()
        .with_field_key(vigie_store::FieldKey::from_bytes([1; 32]))
        .await;
    assert!(matches!(wrong, Err(StoreError::Crypto(_))), "{wrong:?}");
    // Without a key, cases cannot be read.
    let keyless = SqlStore::open(&path).await.unwrap();
    assert!(matches!(
        keyless.case(&caseworker(), 1, NOW).await,
        Err(StoreError::NoKey)
    ));
}
