//! `vigie token create|list|revoke`: a machine token made on the command line opens the API within its scopes, is
//! listed without its secret, and is refused once revoked; bad requests are refused with a clear message.

use crate::htcds::{database, demo};
use crate::{ok, run, text};

#[tokio::test]
async fn a_token_is_made_listed_and_revoked_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let (db, key) = database(dir.path(), "city", &demo(), true).await;
    let (db, key) = (db.to_str().unwrap(), key.to_str().unwrap());
    let made = ok(&[
        "token",
        "create",
        "--name",
        "national office",
        "--role",
        "analyst",
        "--scope",
        "read:areas",
        "--scope",
        "read:summary",
        "--expires-days",
        "30",
        "--json",
        "--db",
        db,
        "--key-file",
        key,
    ]);
    let made: serde_json::Value = serde_json::from_str(&made).unwrap();
    let secret = made["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("vigie_"), "{made}");
    let id = made["id"].as_i64().unwrap();

    // Listed, never with its secret; the database holds only its hash.
    let list = ok(&["token", "list", "--json", "--db", db, "--key-file", key]);
    assert!(list.contains("national office"), "{list}");
    assert!(!list.contains(&secret), "the secret is never listed");
    let bytes = std::fs::read(db).unwrap();
    assert!(
        !String::from_utf8_lossy(&bytes).contains(&secret),
        "the secret is not stored"
    );

    // A scope the role may not use, an unknown role, a bad expiry: refused, with the reason.
    for (args, why) in [
        (
            vec![
                "--role",
                "analyst",
                "--scope",
                "read:cases",
                "--expires-days",
                "30",
            ],
            "read:cases",
        ),
        (
            vec![
                "--role",
                "wizard",
                "--scope",
                "read:areas",
                "--expires-days",
                "30",
            ],
            "wizard",
        ),
        (
            vec![
                "--role",
                "analyst",
                "--scope",
                "read:areas",
                "--expires-days",
                "0",
            ],
            "expires",
        ),
    ] {
        let mut all = vec!["token", "create", "--name", "x"];
        all.extend(args);
        all.extend(["--db", db, "--key-file", key]);
        let out = run(&all);
        assert!(!out.status.success(), "{all:?} should fail");
        assert!(text(&out.stderr).contains(why), "{all:?}: {}", text(&out.stderr));
    }

    // Revoked: listed as such; revoking an unknown token is refused.
    let id_text = id.to_string();
    ok(&["token", "revoke", &id_text, "--db", db, "--key-file", key]);
    let list = ok(&["token", "list", "--json", "--db", db, "--key-file", key]);
    let tokens: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert!(!tokens[0]["revoked_at"].is_null(), "{tokens}");
    let out = run(&["token", "revoke", "99999", "--db", db, "--key-file", key]);
    assert!(!out.status.success());
    // Every step is in the audit log, and its chain holds.
    let audit = ok(&["audit", "verify", "--db", db, "--key-file", key]);
    assert!(audit.contains("intact"), "{audit}");
}
