//! Times the phases of a spatial analysis on a GeoJSON file: `cargo run --release -p vigie-spatial --example
//! phases -- FILE ID_FIELD VARIABLE GAL`.
#![allow(clippy::unwrap_used)]
use std::time::Instant;

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let t = Instant::now();
    let text = std::fs::read_to_string(&a[1]).unwrap();
    let set = vigie_spatial::AreaSet::from_geojson(&a[1], &text, &a[2]).unwrap();
    let y = set.variable(&a[3]).unwrap();
    println!("read and validate: {:.3} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let o = set.overlaps(1e-6);
    println!(
        "overlap check: {:.3} s ({} overlaps)",
        t.elapsed().as_secs_f64(),
        o.len()
    );
    let t = Instant::now();
    let w = vigie_spatial::gal::read(&a[4], &std::fs::read_to_string(&a[4]).unwrap(), &set.ids).unwrap();
    println!("GAL: {:.3} s", t.elapsed().as_secs_f64());
    let r = w.row_standardised();
    let t = Instant::now();
    let _ = vigie_spatial::moran(&y, &r, 999, 1).unwrap();
    println!(
        "global Moran, 999 permutations: {:.3} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let _ = vigie_spatial::local_moran(&y, &r, 999, 1).unwrap();
    println!(
        "local Moran, 999 permutations: {:.3} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let _ = vigie_spatial::gi_star(&y, &w, 999, 1).unwrap();
    println!("Gi*, 999 permutations: {:.3} s", t.elapsed().as_secs_f64());
}
