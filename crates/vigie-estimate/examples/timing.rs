//! Timings of the estimate on simulated 6- and 5-list tables:
//! `cargo run --release -p vigie-estimate --example timing -- [case]` (all cases without an argument). Case 8, the
//! BIC search over all 32,768 pairwise 6-list models repeated in 1,000 bootstrap replicates, takes minutes.

use std::time::Instant;

use vigie_estimate::simulate::{LatentClass, Scenario, simulate_table};
use vigie_estimate::{Method, Options, estimate};

fn scenario(lists: usize, population: u64) -> Scenario {
    // larger populations get a more visible class, so that the stepwise rule finds interactions
    let boost = if population >= 5000 { 0.2 } else { 0.0 };
    let high: Vec<f64> = (0..lists).map(|i| 0.20 + boost + 0.03 * i as f64).collect();
    let low: Vec<f64> = (0..lists).map(|i| 0.05 + 0.01 * i as f64).collect();
    Scenario {
        population,
        classes: vec![
            LatentClass {
                share: 0.3,
                capture: high,
            },
            LatentClass {
                share: 0.7,
                capture: low,
            },
        ],
    }
}

fn run(label: &str, lists: usize, population: u64, options: &Options) -> Result<(), vigie_estimate::Error> {
    let table = simulate_table(&scenario(lists, population), 42)?;
    let empty = table.mask_counts()[1..].iter().filter(|&&c| c == 0).count();
    let start = Instant::now();
    let e = estimate(&table, options)?;
    let elapsed = start.elapsed();
    println!(
        "{label}: {lists} lists, n = {}, {empty} empty cells; N = {:.1} [{:.1}, {:.1}] ({:?}), terms {:?}, \
         failed {}: {:.1} ms",
        e.observed,
        e.estimate,
        e.interval.lower,
        e.interval.upper,
        e.interval.method,
        e.model.terms,
        e.failed_replicates,
        elapsed.as_secs_f64() * 1e3
    );
    Ok(())
}

fn main() -> Result<(), vigie_estimate::Error> {
    let boot = Options::default();
    let no_diag = Options {
        diagnostics: false,
        ..Options::default()
    };
    let bic = Options {
        method: Method::bic(),
        ..Options::default()
    };
    let bic0 = Options {
        bootstrap: 0,
        ..bic.clone()
    };
    // cases: 0-3 stepwise on 6 lists, 4-6 BIC on 5 lists, 7-8 BIC (pairs) on 6 lists
    let only: Option<usize> = std::env::args().nth(1).and_then(|a| a.parse().ok());
    let cases: [(&str, usize, u64, &Options); 9] = [
        ("stepwise + 1000 bootstrap", 6, 1500, &boot),
        ("stepwise + 1000 bootstrap, interactions found", 6, 5000, &boot),
        ("stepwise + 1000 bootstrap, no diagnostics", 6, 1500, &no_diag),
        ("stepwise + 1000 bootstrap, sparse", 6, 400, &boot),
        ("bic, no bootstrap", 5, 1500, &bic0),
        ("bic + 1000 bootstrap", 5, 1500, &bic),
        ("bic + 1000 bootstrap, sparse", 5, 400, &bic),
        ("bic (pairs), no bootstrap", 6, 1500, &bic0),
        ("bic (pairs) + 1000 bootstrap", 6, 1500, &bic),
    ];
    for (i, (label, lists, population, options)) in cases.into_iter().enumerate() {
        if only.is_none_or(|o| o == i) {
            run(label, lists, population, options)?;
        }
    }
    Ok(())
}
