//! `vigie exchange`: two cities (two databases, two key pairs) exchange statistics and linkage encodings; every
//! bad package is refused with its reason and nothing is imported.

use std::path::Path;

use crate::{demo_files, ok, run, text};

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

/// Cross-city linkage: city B (of origin) sends its five agency lists' encodings to city A (of destination); A
/// links them with its own lists and finds the victims known in both cities, without a name crossing the border.
#[test]
fn the_victims_of_two_cities_are_linked_through_packages() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(&[
        "demo",
        "two-cities",
        "--seed",
        "7",
        "--out",
        d.to_str().unwrap(),
        "--victims",
        "600",
        "--shared",
        "150",
    ]);
    let a = d.join("a.sqlite");
    let b = d.join("b.sqlite");
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let ka = keygen(a, "vallombre");
    let kb = keygen(b, "brasov");
    add_partner(a, "brasov", &kb);
    add_partner(b, "vallombre", &ka);
    let secret = d.join("secret");
    std::fs::write(&secret, "the secret agreed by the two cities").unwrap();
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo/schema.json");
    let lists = ["police", "ngo", "health", "labour", "social"];
    let encode = |city: &str, list: &str| {
        let out = d.join(format!("{city}-{list}.jsonl"));
        ok(&[
            "link",
            "encode",
            "--schema",
            schema.to_str().unwrap(),
            "--secret-file",
            secret.to_str().unwrap(),
            "--input",
            d.join(format!("{city}/lists/{list}.csv")).to_str().unwrap(),
            "--id-field",
            "record_id",
            "--output",
            out.to_str().unwrap(),
        ]);
        out
    };
    let mut own = Vec::new();
    for list in lists {
        own.push(encode("a", list));
        let enc = encode("b", list);
        let pkg = d.join(format!("b-{list}.vigie"));
        ok(&[
            "exchange",
            "export",
            "--db",
            b,
            "--partner",
            "vallombre",
            "--what",
            "encodings",
            "--input",
            enc.to_str().unwrap(),
            "--out",
            pkg.to_str().unwrap(),
            "--purpose",
            "count shared victims once",
            "--legal-basis",
            "cooperation agreement 2026, art. 5",
        ]);
        ok(&["exchange", "import", "--db", a, pkg.to_str().unwrap()]);
    }
    let received = d.join("received");
    ok(&[
        "exchange",
        "encodings",
        "--db",
        a,
        "--out",
        received.to_str().unwrap(),
    ]);
    let mut files: Vec<String> = own.iter().map(|p| p.to_str().unwrap().to_owned()).collect();
    for e in std::fs::read_dir(&received).unwrap() {
        files.push(e.unwrap().path().to_str().unwrap().to_owned());
    }
    assert_eq!(files.len(), 10);
    let entities = d.join("entities.csv");
    let mut args = vec!["link", "dedup", "--output", entities.to_str().unwrap()];
    args.extend(files.iter().map(String::as_str));
    ok(&args);

    // F1 over the pairs of records, one in each city, that are the same person.
    let truth: std::collections::HashMap<(String, String), String> =
        std::fs::read_to_string(d.join("truth.csv"))
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                ((f[0].to_owned(), f[2].to_owned()), f[3].to_owned())
            })
            .collect();
    use std::collections::HashMap;
    let (mut both, mut a_e, mut b_e, mut a_t, mut b_t) = (
        HashMap::<(String, String, bool), u64>::new(),
        HashMap::<String, u64>::new(),
        HashMap::<String, u64>::new(),
        HashMap::<String, u64>::new(),
        HashMap::<String, u64>::new(),
    );
    for l in std::fs::read_to_string(&entities).unwrap().lines().skip(1) {
        let f: Vec<&str> = l.split(',').collect();
        // City A's own files are `a-{list}`; those received from B are named after their sender.
        let city = if f[0].starts_with("brasov-") { "b" } else { "a" };
        let t = truth[&(city.to_owned(), f[1].to_owned())].clone();
        let e = f[2].to_owned();
        let in_a = city == "a";
        *both.entry((e.clone(), t.clone(), in_a)).or_default() += 1;
        *(if in_a { &mut a_e } else { &mut b_e }).entry(e).or_default() += 1;
        *(if in_a { &mut a_t } else { &mut b_t }).entry(t).or_default() += 1;
    }
    let tp: u64 = both
        .iter()
        .filter(|((_, _, in_a), _)| *in_a)
        .map(|((e, t, _), n)| n * both.get(&(e.clone(), t.clone(), false)).copied().unwrap_or(0))
        .sum();
    let predicted: u64 = a_e
        .iter()
        .map(|(e, n)| n * b_e.get(e).copied().unwrap_or(0))
        .sum();
    let actual: u64 = a_t
        .iter()
        .map(|(t, n)| n * b_t.get(t).copied().unwrap_or(0))
        .sum();
    assert!(
        actual > 50,
        "the two cities share victims on their lists: {actual} pairs"
    );
    let (p, r) = (tp as f64 / predicted as f64, tp as f64 / actual as f64);
    let f1 = 2.0 * p * r / (p + r);
    assert!(
        f1 >= 0.95,
        "cross-city F1 {f1:.3} (precision {p:.3}, recall {r:.3})"
    );
}
