//! `vigie link ...`: privacy-preserving record linkage from the command line. Encoding runs at each agency with
//! nothing but the binary, the agreed schema and the shared secret; matching and deduplication run on the
//! encodings alone (never on names).

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use vigie_linkage::clk::{Encodings, Mismatch, read_encodings};
use vigie_linkage::encode::{Secret, encode_csv_jsonl};
use vigie_linkage::evaluate::{Pair, pair, quality, sweep};
use vigie_linkage::matching::{Solver, blocked_candidates, capture_table, one_to_one, pair_completeness};
use vigie_linkage::schema::Schema;

/// A refusal whose lines were printed: exit with status 2.
#[derive(Debug)]
pub struct Refused;

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the input was refused; nothing was written")
    }
}

impl std::error::Error for Refused {}

/// Writes a file whole or not at all (a temporary file renamed into place).
fn write_atomic(path: &Path, content: &[u8]) -> Result<()> {
    write_atomic_pieces(path, &[content])
}

/// [`write_atomic`] of content in pieces.
fn write_atomic_pieces(path: &Path, pieces: &[&[u8]]) -> Result<()> {
    let tmp = path.with_extension("tmp-vigie");
    {
        let mut f = std::fs::File::create(&tmp).with_context(|| format!("cannot write {}", tmp.display()))?;
        for p in pieces {
            f.write_all(p)?;
        }
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// `vigie link encode`.
pub fn encode(
    schema: &Path,
    secret_file: &Path,
    input: &Path,
    output: &Path,
    id_field: &str,
    skip_invalid: bool,
) -> Result<()> {
    let schema_text = read_text(schema)?;
    let schema = Schema::from_json(&schema_text).map_err(|e| anyhow::anyhow!("{}: {e}", schema.display()))?;
    for w in schema.warnings() {
        eprintln!("warning: {w}");
    }
    let secret = Secret::read(secret_file).map_err(|e| anyhow::anyhow!("{e}"))?;
    let csv = read_text(input)?;
    let started = Instant::now();
    let encoded = encode_csv_jsonl(&schema, &secret, &csv, id_field)
        .map_err(|e| anyhow::anyhow!("{}: {e}", input.display()))?;
    let errors = &encoded.errors;
    for e in errors {
        eprintln!("{}:{e}", input.display());
    }
    if !errors.is_empty() && !skip_invalid {
        eprintln!(
            "{} record(s) could not be encoded; nothing was written (give --skip-invalid to write the {} others)",
            errors.len(),
            encoded.records
        );
        return Err(Refused.into());
    }
    let pieces: Vec<&[u8]> = encoded.pieces.iter().map(Vec::as_slice).collect();
    write_atomic_pieces(output, &pieces)?;
    eprintln!(
        "{} record(s) encoded with schema {} into {} ({} skipped) in {:.2} s",
        encoded.records,
        schema.id(),
        output.display(),
        errors.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn load(path: &Path) -> Result<Encodings> {
    let text = read_text(path)?;
    read_encodings(&text).map_err(|errors| {
        for e in &errors {
            eprintln!("{}:{e}", path.display());
        }
        anyhow::Error::new(Refused)
    })
}

/// Checks that encodings files can be linked together (same schema, same filter length).
fn compatible(files: &[(PathBuf, Encodings)]) -> Result<()> {
    let Some((first_path, first)) = files.first() else {
        return Ok(());
    };
    for (p, e) in &files[1..] {
        match e.mismatch(first) {
            Some(Mismatch::Schema) => bail!(
                "{} was encoded with schema {:?} but {} with {:?}: encodings of different schemas cannot be linked",
                p.display(),
                e.schema,
                first_path.display(),
                first.schema
            ),
            Some(Mismatch::Bits) => bail!(
                "{} has {}-bit filters but {} has {}",
                p.display(),
                e.bits,
                first_path.display(),
                first.bits
            ),
            None => {}
        }
    }
    Ok(())
}

pub use vigie_linkage::matching::BlockingOptions;

/// Parses `--lsh BANDSxROWS` or `none`.
pub fn parse_lsh(s: &str) -> Result<Option<(usize, usize)>, String> {
    if s == "none" {
        return Ok(None);
    }
    let (b, r) = s.split_once('x').ok_or("write BANDSxROWS, e.g. 24x28, or none")?;
    let b: usize = b.parse().map_err(|_| "BANDS: a whole number")?;
    let r: usize = r.parse().map_err(|_| "ROWS: a whole number")?;
    if !(1..=256).contains(&b) || !(1..=64).contains(&r) {
        return Err("BANDS in 1..=256, ROWS in 1..=64".into());
    }
    Ok(Some((b, r)))
}

/// Links or a truth read from CSV: pairs (`a_id,b_id[,score]`, keyed `a/ID` and `b/ID`) or entities
/// (`list,record_id,entity_id`: the pairs within each entity, keyed `list/record_id`).
struct LinkFile {
    pairs: HashSet<Pair>,
    /// The pairs with their scores, when the file has a `score` column.
    scored: Vec<(Pair, f64)>,
    entities: bool,
}

fn read_links(path: &Path) -> Result<LinkFile> {
    let text = read_text(path)?;
    let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers: Vec<String> = rdr.headers()?.iter().map(|h| h.trim().to_owned()).collect();
    let col = |n: &str| headers.iter().position(|h| h == n);
    let at = |k: usize| format!("{}:{}", path.display(), k + 2);
    if let (Some(a), Some(b)) = (col("a_id"), col("b_id")) {
        let s = col("score");
        let mut out = LinkFile {
            pairs: HashSet::new(),
            scored: Vec::new(),
            entities: false,
        };
        for (k, row) in rdr.records().enumerate() {
            let row = row.with_context(|| at(k))?;
            let p = pair(&format!("a/{}", &row[a]), &format!("b/{}", &row[b]));
            if let Some(s) = s {
                let score: f64 = row[s]
                    .trim()
                    .parse()
                    .with_context(|| format!("{}: score {:?} is not a number", at(k), &row[s]))?;
                out.scored.push((p.clone(), score));
            }
            out.pairs.insert(p);
        }
        return Ok(out);
    }
    if let (Some(l), Some(r), Some(e)) = (col("list"), col("record_id"), col("entity_id")) {
        let mut groups: HashMap<String, Vec<String>> = HashMap::new();
        for (k, row) in rdr.records().enumerate() {
            let row = row.with_context(|| at(k))?;
            groups
                .entry(row[e].to_owned())
                .or_default()
                .push(format!("{}/{}", &row[l], &row[r]));
        }
        return Ok(LinkFile {
            pairs: vigie_linkage::evaluate::pairs_of_groups(groups.values().map(|g| g.as_slice())),
            scored: Vec::new(),
            entities: true,
        });
    }
    bail!(
        "{}: the header must be a_id,b_id[,score] (pairs) or list,record_id,entity_id (entities)",
        path.display()
    )
}

/// `vigie link match`.
pub fn match_two(
    a_path: &Path,
    b_path: &Path,
    threshold: f64,
    opt: &BlockingOptions,
    output: &Path,
    truth: Option<&Path>,
) -> Result<()> {
    if !(0.0..=1.0).contains(&threshold) {
        bail!("--threshold must lie between 0 and 1");
    }
    let files = vec![
        (a_path.to_owned(), load(a_path)?),
        (b_path.to_owned(), load(b_path)?),
    ];
    compatible(&files)?;
    let (a, b) = (&files[0].1, &files[1].1);
    let started = Instant::now();
    // The blocking index is kept for the pair completeness below; with all pairs there is nothing to block.
    let index = (!opt.all_pairs).then(|| opt.index(b));
    let (cands, compared) = match &index {
        Some(index) => blocked_candidates(&a.blocks, &a.clks, index, threshold),
        None => vigie_linkage::matching::candidates(a, b, threshold, opt),
    };
    let links = one_to_one(&cands);
    let secs = started.elapsed().as_secs_f64();
    let mut out = String::from("a_id,b_id,score\n");
    for l in &links {
        out.push_str(&format!(
            "{},{},{:.4}\n",
            csv_field(&a.ids[l.a as usize]),
            csv_field(&b.ids[l.b as usize]),
            l.score
        ));
    }
    write_atomic(output, out.as_bytes())?;
    eprintln!(
        "{} × {} records: {} pairs compared ({}), {} above {threshold}, {} links written to {} in {secs:.2} s",
        a.len(),
        b.len(),
        compared,
        if opt.all_pairs { "all pairs" } else { "blocked" },
        cands.len(),
        links.len(),
        output.display()
    );
    if let Some(t) = truth {
        let truth = read_links(t)?.pairs;
        if let Some(index) = &index {
            // True pairs as indices; a true pair with a record in neither file cannot be blocked: it counts as missed.
            let positions = |side: &str, ids: &[String]| -> HashMap<String, u32> {
                ids.iter()
                    .enumerate()
                    .map(|(i, id)| (format!("{side}/{id}"), i as u32))
                    .collect()
            };
            let (at, bt) = (positions("a", &a.ids), positions("b", &b.ids));
            let true_pairs: Vec<(u32, u32)> = truth
                .iter()
                .map(|(x, y)| {
                    let (x, y) = if x.starts_with("a/") { (x, y) } else { (y, x) };
                    (
                        at.get(x).copied().unwrap_or(u32::MAX),
                        bt.get(y).copied().unwrap_or(u32::MAX),
                    )
                })
                .collect();
            eprintln!(
                "blocking: pair completeness {:.4} ({} candidate pairs, {:.6} of all pairs)",
                pair_completeness(&true_pairs, &a.blocks, &a.clks, index),
                compared,
                compared as f64 / (a.len() as f64 * b.len() as f64).max(1.0)
            );
        }
        let found: HashSet<Pair> = links
            .iter()
            .map(|l| {
                pair(
                    &format!("a/{}", a.ids[l.a as usize]),
                    &format!("b/{}", b.ids[l.b as usize]),
                )
            })
            .collect();
        let q = quality(&found, &truth);
        eprintln!(
            "quality: precision {:.4}, recall {:.4}, F1 {:.4}",
            q.precision, q.recall, q.f1
        );
    }
    Ok(())
}

/// A CSV field, quoted when needed.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// `vigie link dedup`.
pub fn dedup(
    paths: &[PathBuf],
    threshold: f64,
    solver: Solver,
    opt: &BlockingOptions,
    output: &Path,
    capture: Option<&Path>,
) -> Result<()> {
    if paths.is_empty() {
        bail!("give at least one encodings file");
    }
    if !(0.0..=1.0).contains(&threshold) {
        bail!("--threshold must lie between 0 and 1");
    }
    let mut files = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for p in paths {
        let name = p
            .file_stem()
            .and_then(|s| s.to_str())
            .map(|s| s.trim_end_matches(".encoded").to_owned())
            .unwrap_or_else(|| p.display().to_string());
        if names.contains(&name) {
            bail!("two files have the same name {name:?}: the list names come from the file names");
        }
        names.push(name);
        files.push((p.clone(), load(p)?));
    }
    compatible(&files)?;
    let started = Instant::now();
    let refs: Vec<&Encodings> = files.iter().map(|(_, e)| e).collect();
    let found = vigie_linkage::matching::dedup(&refs, threshold, solver, opt);
    let (entities, compared) = (found.entities, found.compared);
    let mut out = String::from("list,record_id,entity_id\n");
    for (k, e) in entities.iter().enumerate() {
        for &(l, i) in e {
            out.push_str(&format!(
                "{},{},e{:06}\n",
                csv_field(&names[l as usize]),
                csv_field(&files[l as usize].1.ids[i as usize]),
                k + 1
            ));
        }
    }
    write_atomic(output, out.as_bytes())?;
    let records: usize = files.iter().map(|(_, e)| e.len()).sum();
    eprintln!(
        "{records} records in {} lists: {compared} pairs compared, {} candidate links, {} entities, in {:.2} s; written to {}",
        files.len(),
        found.links,
        entities.len(),
        started.elapsed().as_secs_f64(),
        output.display()
    );
    if let Some(path) = capture {
        let table = capture_table(&entities, files.len());
        let mut text = names.join(",");
        text.push_str(",count\n");
        for (pattern, n) in table {
            let cells: Vec<&str> = pattern.iter().map(|b| if *b { "1" } else { "0" }).collect();
            text.push_str(&format!("{},{n}\n", cells.join(",")));
        }
        write_atomic(path, text.as_bytes())?;
        eprintln!("capture histories written to {}", path.display());
    }
    Ok(())
}

/// The result of `vigie link evaluate`.
#[derive(serde::Serialize)]
pub struct Evaluation {
    pub quality: vigie_linkage::evaluate::Quality,
    /// Quality at higher thresholds (for links with scores).
    pub sweep: Vec<(f64, vigie_linkage::evaluate::Quality)>,
}

/// `vigie link evaluate`.
pub fn evaluate(truth_path: &Path, links_path: &Path) -> Result<Evaluation> {
    let truth = read_links(truth_path)?;
    let links = read_links(links_path)?;
    if truth.entities && !links.entities {
        bail!(
            "{}: pairs of two lists need a truth of pairs (a_id,b_id)",
            links_path.display()
        );
    }
    let (found, scored, truth) = (links.pairs, links.scored, truth.pairs);
    let q = quality(&found, &truth);
    let min = scored.iter().map(|(_, s)| *s).fold(f64::INFINITY, f64::min);
    let thresholds: Vec<f64> = (0..=20)
        .map(|k| 0.5 + 0.025 * f64::from(k))
        .filter(|t| *t >= min - 1e-9)
        .collect();
    let sweep = if scored.is_empty() {
        Vec::new()
    } else {
        sweep(&scored, &truth, &thresholds)
    };
    Ok(Evaluation { quality: q, sweep })
}

/// Prints an evaluation for people.
pub fn print_evaluation(e: &Evaluation) {
    let q = &e.quality;
    println!(
        "precision {:.4}  recall {:.4}  F1 {:.4}  ({} true links found, {} false, {} missed)",
        q.precision, q.recall, q.f1, q.true_positives, q.false_positives, q.false_negatives
    );
    if !e.sweep.is_empty() {
        println!("threshold  precision  recall  F1");
        for (t, q) in &e.sweep {
            println!("{t:9.3}  {:9.4}  {:6.4}  {:.4}", q.precision, q.recall, q.f1);
        }
    }
}

/// `--solver`.
pub fn solver(s: &str) -> Result<Solver, String> {
    match s {
        "greedy" => Ok(Solver::Greedy),
        "components" => Ok(Solver::Components),
        _ => Err("greedy or components".into()),
    }
}
