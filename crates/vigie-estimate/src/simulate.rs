//! Simulated capture histories from a closed population of known size whose members differ in how easily the
//! lists reach them (latent classes), and coverage studies of [`crate::estimate`] on them. Seeded and
//! deterministic.

use rand::RngExt;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::interval::replicate_rng;
use crate::table::{MAX_LISTS, Table};
use crate::{Options, estimate};

/// A latent class: its share of the population and its capture probability on each list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LatentClass {
    pub share: f64,
    pub capture: Vec<f64>,
}

/// A closed population of `population` people in latent classes; lists capture independently given the class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    pub population: u64,
    pub classes: Vec<LatentClass>,
}

impl Scenario {
    /// The scenario of the crate's coverage test: 500 people, 4 lists, two equal latent classes, one reached
    /// about 1.5 times as easily as the other (capture probabilities about 0.3 and 0.2), so that capture is
    /// positively dependent across lists. Pairwise log-linear models absorb heterogeneity this mild; see
    /// [`Scenario::strong_heterogeneity`] for one they do not.
    pub fn two_classes() -> Self {
        Self {
            population: 500,
            classes: vec![
                LatentClass {
                    share: 0.5,
                    capture: vec![0.30, 0.27, 0.33, 0.30],
                },
                LatentClass {
                    share: 0.5,
                    capture: vec![0.20, 0.18, 0.22, 0.20],
                },
            ],
        }
    }

    /// Strong heterogeneity: 1,000 people, a visible class (40%) reached about twice as easily as the rest. The
    /// mixture induces dependence that pairwise terms cannot represent: without a heterogeneity term
    /// ([`crate::Heterogeneity`]) estimates are biased downwards and intervals under-cover (a limit of SparseMSE's
    /// log-linear models, not of this implementation).
    pub fn strong_heterogeneity() -> Self {
        Self {
            population: 1000,
            classes: vec![
                LatentClass {
                    share: 0.4,
                    capture: vec![0.30, 0.25, 0.35, 0.30],
                },
                LatentClass {
                    share: 0.6,
                    capture: vec![0.15, 0.12, 0.18, 0.15],
                },
            ],
        }
    }

    /// The number of lists.
    pub fn lists(&self) -> usize {
        self.classes.first().map_or(0, |c| c.capture.len())
    }

    fn validate(&self) -> Result<()> {
        let k = self.lists();
        if !(2..=MAX_LISTS).contains(&k) {
            return Err(Error::InvalidOption(format!(
                "a scenario needs 2 to {MAX_LISTS} lists, not {k}"
            )));
        }
        let mut total = 0.0;
        for c in &self.classes {
            if c.capture.len() != k {
                return Err(Error::InvalidOption(
                    "every class needs one capture probability per list".to_owned(),
                ));
            }
            if c.share.is_nan() || c.share < 0.0 || c.capture.iter().any(|p| !(0.0..=1.0).contains(p)) {
                return Err(Error::InvalidOption(
                    "shares and probabilities must be in [0, 1]".to_owned(),
                ));
            }
            total += c.share;
        }
        if (total - 1.0).abs() > 1e-9 {
            return Err(Error::InvalidOption(format!(
                "class shares add up to {total}, not 1"
            )));
        }
        Ok(())
    }
}

/// One simulated table from `scenario` (lists named L1, L2, …). Each person draws a class, then each list
/// independently with the class's probability; people on no list are not in the table.
pub fn simulate_table(scenario: &Scenario, seed: u64) -> Result<Table> {
    scenario.validate()?;
    let k = scenario.lists();
    let mut rng = replicate_rng(seed, u64::MAX);
    let mut counts = vec![0u64; 1 << k];
    for _ in 0..scenario.population {
        let u: f64 = rng.random();
        let mut acc = 0.0;
        let mut class = &scenario.classes[scenario.classes.len() - 1];
        for c in &scenario.classes {
            acc += c.share;
            if u < acc {
                class = c;
                break;
            }
        }
        let mut mask = 0usize;
        for (j, &p) in class.capture.iter().enumerate() {
            if rng.random::<f64>() < p {
                mask |= 1 << j;
            }
        }
        counts[mask] += 1;
    }
    counts[0] = 0;
    let lists = (1..=k).map(|i| format!("L{i}")).collect();
    Table::from_mask_counts(lists, &counts)
}

/// The result for one simulated city.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CityResult {
    pub observed: u64,
    /// `None` when the estimate failed (counted as not covering).
    pub estimate: Option<f64>,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    pub covered: bool,
}

/// A coverage study.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Study {
    pub population: u64,
    pub cities: usize,
    /// Cities where the estimate failed.
    pub failures: usize,
    /// Share of cities whose interval covers the true population (failures count as misses).
    pub coverage: f64,
    pub mean_estimate: f64,
    /// Mean estimate − true population.
    pub bias: f64,
    pub relative_bias: f64,
    pub rmse: f64,
    pub mean_width: f64,
    pub results: Vec<CityResult>,
}

/// Simulates `cities` tables from `scenario` and estimates each with `options` (city `i` uses table seed
/// derived from `seed` and `i`, and bootstrap seed `options.seed + i`).
pub fn study(scenario: &Scenario, cities: usize, options: &Options, seed: u64) -> Result<Study> {
    scenario.validate()?;
    let truth = scenario.population as f64;
    let mut results = Vec::with_capacity(cities);
    for i in 0..cities {
        let table = simulate_table(scenario, seed.wrapping_add(i as u64))?;
        let mut opts = options.clone();
        opts.seed = options.seed.wrapping_add(i as u64);
        let observed = table.observed();
        let r = match estimate(&table, &opts) {
            Ok(e) => CityResult {
                observed,
                estimate: Some(e.estimate),
                lower: Some(e.interval.lower),
                upper: Some(e.interval.upper),
                covered: e.interval.lower <= truth && truth <= e.interval.upper,
            },
            Err(_) => CityResult {
                observed,
                estimate: None,
                lower: None,
                upper: None,
                covered: false,
            },
        };
        results.push(r);
    }
    let ok: Vec<&CityResult> = results.iter().filter(|r| r.estimate.is_some()).collect();
    let m = ok.len().max(1) as f64;
    let mean_estimate = ok.iter().filter_map(|r| r.estimate).sum::<f64>() / m;
    let rmse = (ok
        .iter()
        .filter_map(|r| r.estimate)
        .map(|e| (e - truth).powi(2))
        .sum::<f64>()
        / m)
        .sqrt();
    let mean_width = ok.iter().filter_map(|r| Some(r.upper? - r.lower?)).sum::<f64>() / m;
    let covered = results.iter().filter(|r| r.covered).count();
    Ok(Study {
        population: scenario.population,
        cities,
        failures: cities - ok.len(),
        coverage: covered as f64 / cities.max(1) as f64,
        mean_estimate,
        bias: mean_estimate - truth,
        relative_bias: (mean_estimate - truth) / truth,
        rmse,
        mean_width,
        results,
    })
}
