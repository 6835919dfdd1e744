//! Times vigie's betweenness on an edge-list file `source,target,weight` with integer node ids `0..n` (as
//! `bench/network/make_ba_graph.py` writes it), exact or sampled, and measures the sampled values' error.
//!
//! Usage:
//!
//! ```text
//! betweenness_bench FILE exact OUT.json [--distance hops|inverse-weight]
//! betweenness_bench FILE sampled K1,K2,... REFERENCE.json [--seeds 1,2,3] [--top 100]
//!                   [--estimator linear|sources] [--distance hops|inverse-weight]
//! ```
//!
//! `exact` writes the raw betweenness of every node (`{"raw": [...]}`, the scale of igraph's `betweenness()`)
//! with the time. `sampled` estimates it from K pivots for each K and seed, and compares with the raw values of
//! REFERENCE.json (vigie's exact output, or the peer's): the largest relative error among the TOP nodes of the
//! reference, how many of the estimated TOP are in the reference's TOP, and how often the error is within two
//! estimated standard errors. Prints a line per run and a last line of JSON. Times exclude reading the file.

use std::time::Instant;

use vigie_network::centrality::{Distance, Estimator, betweenness_raw, betweenness_sampled_with};

#[path = "support/edge_list.rs"]
mod edge_list;

use edge_list::{BoxError, read};

/// The value of `--name VALUE` among the arguments, if given.
fn flag<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

fn distance(args: &[String]) -> Result<Distance, BoxError> {
    match flag(args, "--distance") {
        None | Some("hops") => Ok(Distance::Hops),
        Some("inverse-weight") => Ok(Distance::InverseWeight),
        Some(other) => Err(format!("unknown distance {other}").into()),
    }
}

fn estimator(args: &[String]) -> Result<Estimator, BoxError> {
    match flag(args, "--estimator") {
        None | Some("linear") => Ok(Estimator::LinearScaling),
        Some("sources") => Ok(Estimator::Sources),
        Some(other) => Err(format!("unknown estimator {other}").into()),
    }
}

fn list<T: std::str::FromStr>(text: &str) -> Result<Vec<T>, BoxError>
where
    T::Err: std::error::Error + 'static,
{
    Ok(text.split(',').map(str::parse).collect::<Result<_, _>>()?)
}

/// The indices of the `top` largest values, largest first (ties by index).
fn top_nodes(values: &[f64], top: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    order.truncate(top);
    order
}

fn main() -> Result<(), BoxError> {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: betweenness_bench FILE exact OUT.json [--distance D] | betweenness_bench FILE sampled \
                 K1,K2,... REFERENCE.json [--seeds S1,S2,...] [--top N] [--estimator E] [--distance D]";
    let path = args.get(1).ok_or(usage)?;
    let mode = args.get(2).ok_or(usage)?;
    let t = Instant::now();
    let graph = read(path)?;
    let read_s = t.elapsed().as_secs_f64();
    let threads = rayon::current_num_threads();
    eprintln!(
        "{path}: {} nodes, {} edges, read in {read_s:.2} s; {threads} threads",
        graph.node_count(),
        graph.edge_count()
    );
    match mode.as_str() {
        "exact" => {
            let out = args.get(3).ok_or(usage)?;
            let distance = distance(&args)?;
            let t = Instant::now();
            let raw = betweenness_raw(&graph, distance);
            let seconds = t.elapsed().as_secs_f64();
            eprintln!("exact ({distance:?}): {seconds:.2} s");
            let json = serde_json::json!({
                "tool": "vigie",
                "mode": "exact",
                "distance": format!("{distance:?}"),
                "nodes": graph.node_count(),
                "edges": graph.edge_count(),
                "threads": threads,
                "read_seconds": read_s,
                "seconds": seconds,
                "raw": raw,
            });
            std::fs::write(out, serde_json::to_string(&json)?)?;
            println!(
                "{}",
                serde_json::json!({"mode": "exact", "threads": threads, "seconds": seconds})
            );
        }
        "sampled" => {
            let ks: Vec<usize> = list(args.get(3).ok_or(usage)?)?;
            let seeds: Vec<u64> = list(flag(&args, "--seeds").unwrap_or("1"))?;
            let reference: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(args.get(4).ok_or(usage)?)?)?;
            let exact: Vec<f64> = reference["raw"]
                .as_array()
                .ok_or("the reference has no \"raw\" array")?
                .iter()
                .map(|v| v.as_f64().ok_or("a raw value is not a number"))
                .collect::<Result<_, _>>()?;
            if exact.len() != graph.node_count() {
                return Err("the reference has another number of nodes".into());
            }
            let top: usize = flag(&args, "--top").map_or(Ok(100), str::parse)?;
            let distance = distance(&args)?;
            let estimator = estimator(&args)?;
            let n = graph.node_count() as f64;
            let pairs = (n - 1.0) * (n - 2.0) / 2.0;
            let exact_top = top_nodes(&exact, top);
            let mut runs = Vec::new();
            for (&k, &seed) in ks.iter().flat_map(|k| seeds.iter().map(move |s| (k, s))) {
                let t = Instant::now();
                let sampled = betweenness_sampled_with(&graph, distance, k, seed, estimator)?;
                let seconds = t.elapsed().as_secs_f64();
                let relative = |v: usize| (sampled.raw[v] - exact[v]).abs() / exact[v];
                let max_rel_top = exact_top.iter().map(|&v| relative(v)).fold(0.0, f64::max);
                let max_rel_top10 = exact_top
                    .iter()
                    .take(10)
                    .map(|&v| relative(v))
                    .fold(0.0, f64::max);
                let within_5pc = exact_top.iter().filter(|&&v| relative(v) <= 0.05).count();
                let estimated_top = top_nodes(&sampled.raw, top);
                let overlap = estimated_top.iter().filter(|v| exact_top.contains(v)).count();
                let within_2se = exact_top
                    .iter()
                    .filter(|&&v| {
                        (sampled.raw[v] - exact[v]).abs() <= 2.0 * sampled.standard_errors[v] * pairs
                    })
                    .count();
                let bound_raw = sampled.error_bound * pairs;
                let smallest_top = exact_top.last().map_or(0.0, |&v| exact[v]);
                eprintln!(
                    "sampled k = {k}, seed {seed}: {seconds:.2} s; top {top}: max relative error {:.2} % (top 10: {:.2} %), \
                     {within_5pc} within 5 %, {overlap} of the estimated top {top} in the exact top {top}, \
                     {within_2se} within 2 estimated SE; bound (95 %, all nodes) {:.3e} normalised = {:.1}× the \
                     {top}th largest value",
                    100.0 * max_rel_top,
                    100.0 * max_rel_top10,
                    sampled.error_bound,
                    bound_raw / smallest_top,
                );
                runs.push(serde_json::json!({
                    "pivots": k,
                    "seed": seed,
                    "seconds": seconds,
                    "max_relative_error_top": max_rel_top,
                    "max_relative_error_top10": max_rel_top10,
                    "top_within_5_percent": within_5pc,
                    "top_overlap": overlap,
                    "top_within_2_standard_errors": within_2se,
                    "error_bound_normalised": sampled.error_bound,
                    "error_bound_over_smallest_top_value": bound_raw / smallest_top,
                }));
            }
            println!(
                "{}",
                serde_json::json!({
                    "mode": "sampled",
                    "estimator": format!("{estimator:?}"),
                    "distance": format!("{distance:?}"),
                    "threads": threads,
                    "top": top,
                    "runs": runs,
                })
            );
        }
        _ => return Err(usage.into()),
    }
    Ok(())
}
