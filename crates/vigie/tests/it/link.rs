//! `vigie link`: encoding at the source and linking the encodings, on FEBRL 4 (with its truth) and on the demo
//! city's five agency lists (with the generator's truth), and bad input.

use std::path::{Path, PathBuf};

use crate::{run, text};

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .parent()
        .unwrap()
}

fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert!(out.status.success(), "vigie {args:?}: {}", text(&out.stderr));
    format!("{}{}", text(&out.stdout), text(&out.stderr))
}

/// The arguments of `vigie link encode`.
fn encode_args(schema: &Path, secret: &Path, input: &Path, output: &Path, id_field: &str) -> Vec<String> {
    [
        "link",
        "encode",
        "--schema",
        schema.to_str().unwrap(),
        "--secret-file",
        secret.to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
        "--id-field",
        id_field,
        "--output",
        output.to_str().unwrap(),
    ]
    .map(str::to_owned)
    .to_vec()
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// F1 from `vigie link evaluate --json`.
fn f1(truth: &Path, links: &Path) -> serde_json::Value {
    let out = run(&[
        "link",
        "evaluate",
        "--json",
        "--truth",
        truth.to_str().unwrap(),
        "--links",
        links.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn febrl4_is_linked_with_an_f1_of_at_least_0_99() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret");
    std::fs::write(&secret, "a secret shared by the two partners, for the test").unwrap();
    let febrl = workspace().join("examples/febrl");
    let schema = febrl.join("schema.json");
    for side in ["a", "b"] {
        ok(&strs(&encode_args(
            &schema,
            &secret,
            &febrl.join(format!("febrl4{side}.csv")),
            &dir.path().join(format!("{side}.jsonl")),
            "rec_id",
        )));
    }
    let links = dir.path().join("links.csv");
    let log = ok(&[
        "link",
        "match",
        "--output",
        links.to_str().unwrap(),
        "--truth",
        febrl.join("truth.csv").to_str().unwrap(),
        dir.path().join("a.jsonl").to_str().unwrap(),
        dir.path().join("b.jsonl").to_str().unwrap(),
    ]);
    assert!(log.contains("pair completeness"), "{log}");
    let e = f1(&febrl.join("truth.csv"), &links);
    let q = &e["quality"];
    assert!(q["f1"].as_f64().unwrap() >= 0.99, "{e}");
    // All pairs give the same links or better.
    let all = dir.path().join("all.csv");
    ok(&[
        "link",
        "match",
        "--all-pairs",
        "--output",
        all.to_str().unwrap(),
        dir.path().join("a.jsonl").to_str().unwrap(),
        dir.path().join("b.jsonl").to_str().unwrap(),
    ]);
    assert!(
        f1(&febrl.join("truth.csv"), &all)["quality"]["f1"]
            .as_f64()
            .unwrap()
            >= q["f1"].as_f64().unwrap() - 1e-9
    );
    // The same input, schema and secret give byte-identical encodings.
    let again = dir.path().join("a2.jsonl");
    ok(&strs(&encode_args(
        &schema,
        &secret,
        &febrl.join("febrl4a.csv"),
        &again,
        "rec_id",
    )));
    assert_eq!(
        std::fs::read(dir.path().join("a.jsonl")).unwrap(),
        std::fs::read(&again).unwrap()
    );
}

/// The demo city's own five lists (600 hidden victims, seed 7) written to `dir`, encoded with the demo schema and
/// deduplicated into entities: the entities file and the capture table.
pub fn link_demo_lists(dir: &Path) -> (PathBuf, PathBuf) {
    crate::demo_files_with(dir, 100, 600);
    let secret = dir.join("secret");
    std::fs::write(&secret, "the partners' shared secret for this test").unwrap();
    let schema = workspace().join("examples/demo/schema.json");
    let mut encoded = Vec::new();
    for list in ["police", "ngo", "health", "labour", "social"] {
        let out = dir.join(format!("{list}.jsonl"));
        ok(&strs(&encode_args(
            &schema,
            &secret,
            &dir.join(format!("lists/{list}.csv")),
            &out,
            "record_id",
        )));
        encoded.push(out.to_str().unwrap().to_owned());
    }
    let entities = dir.join("entities.csv");
    let capture = dir.join("capture.csv");
    let mut args = vec![
        "link".to_owned(),
        "dedup".into(),
        "--output".into(),
        entities.to_str().unwrap().into(),
        "--capture-table".into(),
        capture.to_str().unwrap().into(),
    ];
    args.extend(encoded);
    ok(&strs(&args));
    (entities, capture)
}

#[test]
fn the_demo_lists_are_deduplicated_into_the_true_persons() {
    let dir = tempfile::tempdir().unwrap();
    let (entities, capture) = link_demo_lists(dir.path());
    let e = f1(&dir.path().join("truth/linkage.csv"), &entities);
    assert!(e["quality"]["f1"].as_f64().unwrap() >= 0.98, "{e}");
    // The capture table has the lists as columns and counts every person found.
    let table = std::fs::read_to_string(&capture).unwrap();
    assert!(
        table.starts_with("police,ngo,health,labour,social,count\n"),
        "{table}"
    );
    let read = |text: &str| -> std::collections::BTreeMap<String, u64> {
        text.lines()
            .skip(1)
            .map(|l| {
                let (pattern, count) = l.rsplit_once(',').unwrap();
                (pattern.to_owned(), count.parse().unwrap())
            })
            .collect()
    };
    let found = read(&table);
    let truth = read(&std::fs::read_to_string(dir.path().join("truth/capture.csv")).unwrap());
    let (n_found, n_true): (u64, u64) = (found.values().sum(), truth.values().sum());
    assert!(
        n_found.abs_diff(n_true) as f64 <= 0.03 * n_true as f64,
        "{n_found} entities for {n_true} persons"
    );
    // Cell by cell, within the linkage errors measured: a false or a missed link moves a person between at most
    // three cells (two entities become one, or one becomes two).
    let l1: u64 = found
        .keys()
        .chain(truth.keys())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|p| found.get(p).unwrap_or(&0).abs_diff(*truth.get(p).unwrap_or(&0)))
        .sum();
    let errors =
        e["quality"]["false_positives"].as_u64().unwrap() + e["quality"]["false_negatives"].as_u64().unwrap();
    assert!(
        l1 <= 3 * errors,
        "capture tables differ by {l1} persons for {errors} linkage errors"
    );
}

#[test]
fn bad_linkage_input_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret");
    std::fs::write(&secret, "a secret shared by the partners").unwrap();
    let schema = workspace().join("examples/febrl/schema.json");
    // A malformed schema.
    let bad_schema = dir.path().join("bad.json");
    std::fs::write(&bad_schema, "{\"name\": \"x\", \"version\": 1, \"fields\": [}").unwrap();
    let csv = dir.path().join("r.csv");
    std::fs::write(&csv, "rec_id,given_name\nr1,anna\n").unwrap();
    let out = run(&[
        "link",
        "encode",
        "--schema",
        bad_schema.to_str().unwrap(),
        "--secret-file",
        secret.to_str().unwrap(),
        "--input",
        csv.to_str().unwrap(),
        "--output",
        dir.path().join("o.jsonl").to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("bad.json"), "{}", text(&out.stderr));
    // A CSV without the schema's fields.
    let out = run(&[
        "link",
        "encode",
        "--schema",
        schema.to_str().unwrap(),
        "--secret-file",
        secret.to_str().unwrap(),
        "--input",
        csv.to_str().unwrap(),
        "--id-field",
        "rec_id",
        "--output",
        dir.path().join("o.jsonl").to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("surname"), "{}", text(&out.stderr));
    assert!(!dir.path().join("o.jsonl").exists(), "nothing is written");
    // Encodings with bad base64 on line 2 and a filter of another length on line 3.
    let enc = dir.path().join("e.jsonl");
    let good = "{\"id\":\"a\",\"clk\":\"AAAAAAAAAAE=\",\"blocks\":[]}";
    std::fs::write(
        &enc,
        format!("{good}\n{{\"id\":\"b\",\"clk\":\"***\",\"blocks\":[]}}\n{{\"id\":\"c\",\"clk\":\"AAAAAAAAAAEAAAAAAAAAAQ==\"}}\n"),
    )
    .unwrap();
    let out = run(&[
        "link",
        "match",
        "--output",
        dir.path().join("l.csv").to_str().unwrap(),
        enc.to_str().unwrap(),
        enc.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains(":line 2: clk") && err.contains(":line 3: clk"),
        "{err}"
    );
    // Encodings of two schema versions cannot be linked.
    let (v1, v2) = (dir.path().join("v1.jsonl"), dir.path().join("v2.jsonl"));
    std::fs::write(
        &v1,
        "{\"id\":\"a\",\"clk\":\"AAAAAAAAAAE=\",\"schema\":\"s@1\"}\n",
    )
    .unwrap();
    std::fs::write(
        &v2,
        "{\"id\":\"a\",\"clk\":\"AAAAAAAAAAE=\",\"schema\":\"s@2\"}\n",
    )
    .unwrap();
    let out = run(&[
        "link",
        "match",
        "--output",
        dir.path().join("l.csv").to_str().unwrap(),
        v1.to_str().unwrap(),
        v2.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("different schemas"),
        "{}",
        text(&out.stderr)
    );
}
