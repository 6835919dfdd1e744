//! Times encoding a CSV file in process, on one core and on all cores:
//! `cargo run --release -p vigie-linkage --example encode_bench -- SCHEMA.json FILE.csv ID_FIELD REPEAT [THREADS,...]`.
//! Prints one JSON line per configuration: records, median seconds, records per second. Reading the files and
//! deriving the keys are not timed (as the clkhash side times its encoding call only).
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::time::Instant;

use vigie_linkage::encode::{Secret, encode_csv_jsonl};
use vigie_linkage::schema::Schema;

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let schema = Schema::from_json(&std::fs::read_to_string(&a[1]).unwrap()).unwrap();
    let text = std::fs::read_to_string(&a[2]).unwrap();
    let id_field = &a[3];
    let repeat: usize = a[4].parse().unwrap();
    let secret = Secret::from_bytes(b"a secret shared by the two partners").unwrap();
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    // An optional fifth argument: the thread counts to time (default: one, then all cores).
    let counts: Vec<usize> = match a.get(5) {
        Some(list) => list.split(',').map(|n| n.parse().unwrap()).collect(),
        None => vec![1, cores],
    };
    for threads in counts {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let mut times = Vec::new();
        let mut records = 0;
        for _ in 0..repeat {
            let t = Instant::now();
            let out = pool.install(|| encode_csv_jsonl(&schema, &secret, &text, id_field).unwrap());
            times.push(t.elapsed().as_secs_f64());
            assert!(out.errors.is_empty(), "{:?}", out.errors.first());
            records = out.records;
        }
        times.sort_by(f64::total_cmp);
        let s = times[times.len() / 2];
        println!(
            "{{\"side\": \"vigie\", \"threads\": {threads}, \"records\": {records}, \"seconds\": {s}, \"records_per_second\": {:.0}}}",
            records as f64 / s
        );
    }
}
