//! A coverage study of the stepwise estimate with BCa bootstrap intervals on simulated cities whose people differ
//! in how easily the lists reach them (two latent classes, 4 lists, see `Scenario::two_classes` and
//! `Scenario::strong_heterogeneity`).
//!
//! `cargo run --release -p vigie-estimate --example simulation -- [cities] [replicates] [seed] [method]
//! [scenario] [heterogeneity]` (defaults 200 cities, 1,000 replicates, seed 2024, method `stepwise` — `bic` and
//! `main` also work — scenario `mild`, where `strong` uses `Scenario::strong_heterogeneity`, and heterogeneity
//! `none`, or `darroch`, `poisson2`, `gamma3.5`).

use std::time::Instant;

use vigie_estimate::simulate::{Scenario, study};
use vigie_estimate::{Heterogeneity, Method, Options};

fn main() -> Result<(), vigie_estimate::Error> {
    let args: Vec<String> = std::env::args().collect();
    let cities: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(200);
    let replicates: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let seed: u64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(2024);
    let method = match args.get(4).map(String::as_str) {
        Some("bic") => Method::bic(),
        Some("main") => Method::Main,
        _ => Method::default(),
    };
    let scenario = match args.get(5).map(String::as_str) {
        Some("strong") => Scenario::strong_heterogeneity(),
        _ => Scenario::two_classes(),
    };
    let heterogeneity = match args.get(6) {
        Some(name) => Heterogeneity::from_name(name)?,
        None => Heterogeneity::None,
    };
    let options = Options {
        method,
        heterogeneity,
        bootstrap: replicates,
        seed,
        diagnostics: false,
        ..Options::default()
    };
    let start = Instant::now();
    let s = study(&scenario, cities, &options, seed)?;
    println!(
        "{} cities of {} people, {} lists, method {}, heterogeneity {}, {} bootstrap replicates each ({:.1} s)",
        s.cities,
        s.population,
        scenario.lists(),
        options.method.name(),
        heterogeneity.name(),
        replicates,
        start.elapsed().as_secs_f64()
    );
    let observed = s.results.iter().map(|r| r.observed as f64).sum::<f64>() / s.cities.max(1) as f64;
    println!("mean observed      {observed:.1}");
    println!("mean estimate      {:.1}", s.mean_estimate);
    println!(
        "bias               {:+.1} ({:+.1}%)",
        s.bias,
        100.0 * s.relative_bias
    );
    println!("rmse               {:.1}", s.rmse);
    println!("mean width (95%)   {:.1}", s.mean_width);
    println!(
        "coverage (95% BCa) {:.1}% ({} failures)",
        100.0 * s.coverage,
        s.failures
    );
    Ok(())
}
