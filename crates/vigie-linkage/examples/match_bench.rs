//! Times all-pairs Dice matching of two encodings files, on one core and on all cores:
//! `cargo run --release -p vigie-linkage --example match_bench -- A.jsonl B.jsonl THRESHOLD REPEAT`.
//! Prints one JSON line per configuration: comparisons, candidates, median seconds.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::time::Instant;

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let load = |p: &str| vigie_linkage::read_encodings(&std::fs::read_to_string(p).unwrap()).unwrap();
    let (x, y) = (load(&a[1]), load(&a[2]));
    let threshold: f64 = a[3].parse().unwrap();
    let repeat: usize = a[4].parse().unwrap();
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    for threads in [1, cores] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let mut times = Vec::new();
        let mut found = 0;
        for _ in 0..repeat {
            let t = Instant::now();
            let c = pool.install(|| vigie_linkage::matching::all_pairs(&x.clks, &y.clks, threshold));
            times.push(t.elapsed().as_secs_f64());
            found = c.len();
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{{\"side\": \"vigie\", \"threads\": {threads}, \"comparisons\": {}, \"candidates\": {found}, \"seconds\": {}}}",
            x.len() * y.len(),
            times[times.len() / 2]
        );
    }
}
