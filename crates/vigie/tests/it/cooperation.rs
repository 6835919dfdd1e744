//! `vigie exchange`: two cities (two databases, two key pairs) exchange statistics and linkage encodings; every
//! bad package is refused with its reason and nothing is imported.

use std::path::Path;

use crate::{demo_files, run, text};

fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert!(out.status.success(), "vigie {args:?}: {}", text(&out.stderr));
    text(&out.stdout)
}

fn refused(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        !out.status.success(),
        "vigie {args:?} should fail: {}",
        text(&out.stdout)
    );
    text(&out.stderr)
}

/// Makes a city's keys and returns its public key line.
fn keygen(db: &str, id: &str) -> String {
    let out = ok(&["exchange", "keygen", "--db", db, "--id", id]);
    out.lines()
        .find(|l| l.starts_with("vigie-public-1:"))
        .unwrap()
        .to_owned()
}

fn add_partner(db: &str, id: &str, key: &str) {
    ok(&[
        "exchange",
        "partner",
        "add",
        "--db",
        db,
        "--id",
        id,
        "--name",
        id,
        "--country",
        "RO",
        "--public-key",
        key,
        "--languages",
        "ro, fr",
        "--agreement",
        "cooperation agreement 2026, art. 4",
    ]);
}

fn packages(db: &str) -> Vec<serde_json::Value> {
    serde_json::from_str(&ok(&["exchange", "packages", "--db", db, "--json"])).unwrap()
}

#[test]
fn two_cities_exchange_statistics_and_encodings_and_bad_packages_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo_files(d, 600);
    let a = d.join("a.sqlite");
    let b = d.join("b.sqlite");
    let c = d.join("c.sqlite");
    let (a, b, c) = (a.to_str().unwrap(), b.to_str().unwrap(), c.to_str().unwrap());
    for (kind, file) in [("areas", "areas.geojson"), ("incidents", "incidents.csv")] {
        ok(&["import", kind, d.join(file).to_str().unwrap(), "--db", a]);
    }
    let ka = keygen(a, "vallombre");
    let kb = keygen(b, "brasov");
    let kc = keygen(c, "chisinau");
    assert!(
        refused(&["exchange", "keygen", "--db", a, "--id", "vallombre"])
            .contains("already has exchange keys")
    );
    add_partner(a, "brasov", &kb);
    add_partner(a, "chisinau", &kc);
    add_partner(b, "vallombre", &ka);
    assert!(ok(&["exchange", "partner", "list", "--db", a]).contains("brasov"));
    let bad = refused(&[
        "exchange",
        "partner",
        "add",
        "--db",
        a,
        "--id",
        "x",
        "--name",
        "x",
        "--country",
        "RO",
        "--public-key",
        "ssh-rsa AAAA",
    ]);
    assert!(bad.contains("--public-key"), "{bad}");

    // Statistics from A to B: verified, imported once.
    let stats = d.join("stats.vigie");
    let s = stats.to_str().unwrap();
    let common = [
        "--purpose",
        "yearly comparison",
        "--legal-basis",
        "cooperation agreement 2026, art. 4",
    ];
    let mut args = vec![
        "exchange",
        "export",
        "--db",
        a,
        "--partner",
        "brasov",
        "--what",
        "statistics",
        "--out",
        s,
    ];
    args.extend(common);
    ok(&args);
    let v = ok(&["exchange", "verify", "--db", b, s]);
    assert!(
        v.starts_with("valid: package") && v.contains("from 'vallombre' to 'brasov': statistics"),
        "{v}"
    );
    assert!(ok(&["exchange", "import", "--db", b, s]).starts_with("imported:"));
    let again = refused(&["exchange", "import", "--db", b, s]);
    assert!(again.contains("already imported"), "{again}");

    // Encodings of the police's list from A to B; B gets them back exactly, and no name travels.
    let secret = d.join("secret");
    std::fs::write(&secret, "the secret agreed by the two cities").unwrap();
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo/schema.json");
    let enc = d.join("police.jsonl");
    ok(&[
        "link",
        "encode",
        "--schema",
        schema.to_str().unwrap(),
        "--secret-file",
        secret.to_str().unwrap(),
        "--input",
        d.join("lists/police.csv").to_str().unwrap(),
        "--id-field",
        "record_id",
        "--output",
        enc.to_str().unwrap(),
    ]);
    let pkg = d.join("enc.vigie");
    let p = pkg.to_str().unwrap();
    let mut args = vec![
        "exchange",
        "export",
        "--db",
        a,
        "--partner",
        "brasov",
        "--what",
        "encodings",
        "--input",
        enc.to_str().unwrap(),
        "--out",
        p,
    ];
    args.extend(common);
    ok(&args);
    ok(&["exchange", "import", "--db", b, p]);
    let out = d.join("received");
    ok(&["exchange", "encodings", "--db", b, "--out", out.to_str().unwrap()]);
    let files: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    assert_eq!(std::fs::read(&files[0]).unwrap(), std::fs::read(&enc).unwrap());
    let police = std::fs::read_to_string(d.join("lists/police.csv")).unwrap();
    let package = std::fs::read_to_string(&pkg).unwrap();
    let received = std::fs::read_to_string(&files[0]).unwrap();
    let header: Vec<&str> = police.lines().next().unwrap().split(',').collect();
    let surname = header
        .iter()
        .position(|h| h.contains("surname") || h.contains("last"))
        .unwrap_or(1);
    for line in police.lines().skip(1).take(50) {
        let name = line.split(',').nth(surname).unwrap();
        if name.len() > 3 {
            assert!(
                !package.contains(name) && !received.contains(name),
                "{name} travelled"
            );
        }
    }

    // Bad packages: one byte changed, for another city, not a package; each refused, nothing imported.
    let mut tampered = std::fs::read(&stats).unwrap();
    let at = tampered.len() / 2;
    tampered[at] ^= 0x01;
    let t = d.join("tampered.vigie");
    std::fs::write(&t, &tampered).unwrap();
    let e = refused(&["exchange", "import", "--db", b, t.to_str().unwrap()]);
    assert!(
        e.contains("refused") && (e.contains("signature") || e.contains("damaged")),
        "{e}"
    );
    let other = d.join("other.vigie");
    let mut args = vec![
        "exchange",
        "export",
        "--db",
        a,
        "--partner",
        "chisinau",
        "--what",
        "statistics",
        "--out",
        other.to_str().unwrap(),
    ];
    args.extend(common);
    ok(&args);
    let e = refused(&["exchange", "import", "--db", b, other.to_str().unwrap()]);
    assert!(
        e.contains("addressed to 'chisinau', not to this city ('brasov')"),
        "{e}"
    );
    let e = refused(&[
        "exchange",
        "verify",
        "--db",
        b,
        d.join("lists/police.csv").to_str().unwrap(),
    ]);
    assert!(e.contains("not a vigie exchange package"), "{e}");
    // From a city B does not know.
    let e = refused(&["exchange", "import", "--db", c, other.to_str().unwrap()]);
    assert!(e.contains("'vallombre' is not among the partner cities"), "{e}");

    let received = packages(b);
    assert_eq!(received.len(), 2, "{received:?}");
    assert!(received.iter().all(|p| p["direction"] == "in"));
    assert_eq!(packages(a).len(), 3);
    let audit = ok(&["audit", "verify", "--db", b]);
    assert!(audit.contains("intact"), "{audit}");
}
