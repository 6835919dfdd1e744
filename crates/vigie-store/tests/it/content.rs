//! The public portal's texts: the coordinator saves versions and publishes one; every version is kept; the version
//! published last is what the public sees; other roles are refused; every save and publication is audited.

use time::OffsetDateTime;
use time::macros::datetime;
use vigie_domain::{AgencyCode, Role, User, Username};
use vigie_store::{MAX_CONTENT_BYTES, Store, StoreError, Viewer};

const NOW: OffsetDateTime = datetime!(2026-03-02 10:00:00 UTC);
const LATER: OffsetDateTime = datetime!(2026-03-03 10:00:00 UTC);

pub fn viewer(name: &str, role: Role, agency: Option<&str>) -> Viewer {
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

pub async fn the_coordinator_edits_and_publishes_and_every_version_is_kept(s: &dyn Store) {
    let cora = viewer("cora", Role::Coordinator, None);
    let page = "sexual-exploitation";
    assert!(s.published_content(page, "fr").await.unwrap().is_none());
    assert!(s.content_states(&cora).await.unwrap().is_empty());

    // Other roles may neither write nor read drafts.
    for v in [
        viewer("ana", Role::Analyst, None),
        viewer("cas", Role::Caseworker, Some("ngo")),
        viewer("paul", Role::Partner, Some("police")),
        viewer("adm", Role::Admin, None),
        viewer("dpo", Role::Dpo, None),
    ] {
        assert!(matches!(
            s.save_content(&v, page, "fr", "# X", "", NOW).await,
            Err(StoreError::Forbidden(_))
        ));
        assert!(matches!(
            s.content_versions(&v, page, "fr").await,
            Err(StoreError::Forbidden(_))
        ));
        assert!(matches!(
            s.content_states(&v).await,
            Err(StoreError::Forbidden(_))
        ));
    }
    let mut inactive = cora.clone();
    inactive.user.active = false;
    assert!(matches!(
        s.save_content(&inactive, page, "fr", "# X", "", NOW).await,
        Err(StoreError::Forbidden(_))
    ));

    // Refusals store nothing.
    let big = format!("# Big\n\n{}", "a".repeat(MAX_CONTENT_BYTES));
    assert!(matches!(
        s.save_content(&cora, page, "fr", &big, "", NOW).await,
        Err(StoreError::Refused(_))
    ));
    assert!(matches!(
        s.save_content(&cora, "../etc", "fr", "# X", "", NOW).await,
        Err(StoreError::Refused(_))
    ));
    assert!(matches!(
        s.save_content(&cora, page, "fr", "# X", &"n".repeat(1001), NOW)
            .await,
        Err(StoreError::Refused(_))
    ));
    assert!(s.content_versions(&cora, page, "fr").await.unwrap().is_empty());

    // Versions are numbered per page and language.
    assert_eq!(
        s.save_content(&cora, page, "fr", "# Un", " first ", NOW)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        s.save_content(&cora, page, "fr", "# Deux", "second", NOW)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        s.save_content(&cora, page, "en", "# One", "", NOW).await.unwrap(),
        1
    );
    assert!(
        s.published_content(page, "fr").await.unwrap().is_none(),
        "a draft is not public"
    );

    let versions = s.content_versions(&cora, page, "fr").await.unwrap();
    assert_eq!(versions.iter().map(|v| v.version).collect::<Vec<_>>(), [2, 1]);
    assert_eq!(versions[1].note, "first");
    assert_eq!(versions[1].author, "cora");
    assert_eq!(versions[1].created_at, NOW);
    assert!(versions.iter().all(|v| v.published_at.is_none()));

    // Publishing makes a version public; publishing an older one restores it, even at the same time.
    s.publish_content(&cora, page, "fr", 2, NOW).await.unwrap();
    assert_eq!(
        s.published_content(page, "fr").await.unwrap().unwrap().body,
        "# Deux"
    );
    s.publish_content(&cora, page, "fr", 1, NOW).await.unwrap();
    let shown = s.published_content(page, "fr").await.unwrap().unwrap();
    assert_eq!((shown.version, shown.body.as_str()), (1, "# Un"));
    assert!(matches!(
        s.publish_content(&cora, page, "fr", 9, LATER).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        s.content_version(&cora, page, "fr", 9).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(
        s.content_version(&cora, page, "fr", 2).await.unwrap().body,
        "# Deux"
    );
    assert!(s.published_content(page, "en").await.unwrap().is_none());

    // A new draft waits beside the published version.
    assert_eq!(
        s.save_content(&cora, page, "fr", "# Trois", "", LATER)
            .await
            .unwrap(),
        3
    );
    let states = s.content_states(&cora).await.unwrap();
    assert_eq!(states.len(), 2);
    let fr = states.iter().find(|x| x.lang == "fr").unwrap();
    assert_eq!(
        (fr.newest, fr.newest_at, fr.published),
        (3, LATER, Some((1, NOW)))
    );
    assert!(fr.has_draft());
    let en = states.iter().find(|x| x.lang == "en").unwrap();
    assert_eq!((en.newest, en.published), (1, None));
    assert_eq!(s.content_versions(&cora, page, "fr").await.unwrap().len(), 3);

    // Every save and publication is audited, refusals are not.
    let audit = s.audit_recent(100).await.unwrap();
    let count = |a: &str| audit.iter().filter(|e| e.action == a).count();
    assert_eq!(count("content.save"), 4);
    assert_eq!(count("content.publish"), 2);
    assert!(s.audit_verify().await.unwrap().ok());
}
