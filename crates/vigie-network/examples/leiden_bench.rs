//! Times vigie's Leiden on an edge-list file `source,target,weight` with integer node ids `0..n` (as
//! `bench/network/make_graph.py` writes it): modularity at resolution 1, until stable, one run per seed.
//!
//! Usage: `cargo run --release -p vigie-network --example leiden_bench -- FILE [RUNS (3)] [FIRST_SEED (0)]`
//!
//! Prints one line per run and a last line of JSON: the median wall-clock time (reading excluded), each run's
//! wall-clock and CPU time (Linux `/proc/self/schedstat`; NaN elsewhere), modularity and number of communities.

use std::time::Instant;

use vigie_network::leiden::{LeidenOptions, Objective, leiden};

#[path = "support/edge_list.rs"]
mod edge_list;

use edge_list::{BoxError, read};

/// One run: wall-clock seconds, CPU seconds, modularity, communities.
type Run = (f64, f64, f64, usize);

/// The CPU time of this (single-threaded) process so far, in seconds, from `/proc/self/schedstat`; NaN elsewhere.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(f64::NAN, |ns| ns / 1e9)
}

fn main() -> Result<(), BoxError> {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .ok_or("usage: leiden_bench FILE [RUNS] [FIRST_SEED]")?;
    let runs: usize = args.get(2).map_or(Ok(3), |s| s.parse())?;
    let first_seed: u64 = args.get(3).map_or(Ok(0), |s| s.parse())?;
    let t = Instant::now();
    let graph = read(path)?;
    let read_s = t.elapsed().as_secs_f64();
    println!(
        "{path}: {} nodes, {} edges, read in {read_s:.3} s",
        graph.node_count(),
        graph.edge_count()
    );
    let mut records: Vec<Run> = Vec::new();
    for seed in first_seed..first_seed + runs as u64 {
        let options = LeidenOptions {
            objective: Objective::Modularity { resolution: 1.0 },
            seed,
            iterations: None,
        };
        let (t, cpu) = (Instant::now(), cpu_seconds());
        let p = leiden(&graph, &options)?;
        let (s, cpu) = (t.elapsed().as_secs_f64(), cpu_seconds() - cpu);
        println!(
            "seed {seed}: {s:.3} s ({cpu:.3} s CPU), modularity {:.6}, {} communities",
            p.quality, p.communities
        );
        records.push((s, cpu, p.quality, p.communities));
    }
    let mut times: Vec<f64> = records.iter().map(|r| r.0).collect();
    times.sort_by(f64::total_cmp);
    let median = times.get(times.len() / 2).copied().unwrap_or(f64::NAN);
    let list = |f: &dyn Fn(&Run) -> String| records.iter().map(f).collect::<Vec<_>>().join(", ");
    let seeds: Vec<String> = (first_seed..first_seed + runs as u64)
        .map(|s| s.to_string())
        .collect();
    println!(
        "{{\"side\": \"vigie\", \"nodes\": {}, \"edges\": {}, \"read_s\": {read_s:.4}, \"median_s\": {median:.4}, \
         \"seeds\": [{}], \"times_s\": [{}], \"cpu_s\": [{}], \"modularity\": [{}], \"communities\": [{}]}}",
        graph.node_count(),
        graph.edge_count(),
        seeds.join(", "),
        list(&|r| format!("{:.4}", r.0)),
        list(&|r| format!("{:.4}", r.1)),
        list(&|r| format!("{:.9}", r.2)),
        list(&|r| r.3.to_string()),
    );
    Ok(())
}
