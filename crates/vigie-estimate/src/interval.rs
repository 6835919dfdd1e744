//! Intervals: the nonparametric bootstrap with the whole model choice repeated in each replicate and the BCa
//! correction (Efron 1987; DiCiccio & Efron 1996; as SparseMSE does it), the profile-likelihood interval for a
//! fixed model, and the model-conditional log-normal interval (Chao 1987).

use crate::Heterogeneity;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::{Data, Fitter};
use crate::select::{BicChooser, Chosen, main_effects, stepwise};
use crate::stats::{pnorm, qnorm, quantile_type8};

/// How an interval was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IntervalMethod {
    /// Bias-corrected and accelerated bootstrap percentiles.
    Bca,
    /// Log-normal interval of the hidden count for the chosen model.
    Lognormal,
}

/// A confidence interval for the total.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    pub level: f64,
    pub lower: f64,
    pub upper: f64,
    pub method: IntervalMethod,
}

/// The profile-likelihood interval for the total under the chosen model; `upper` is `None` when the likelihood
/// does not fall far enough however large the hidden count.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ProfileInterval {
    pub level: f64,
    pub lower: f64,
    pub upper: Option<f64>,
}

/// What is repeated in each bootstrap replicate and jackknife deletion.
pub(crate) enum Runner {
    Stepwise(f64, Heterogeneity),
    Main(Heterogeneity),
    Bic(BicChooser),
}

impl Runner {
    /// exp(intercept) of the model chosen on `data`; `None` when no model can be fitted or the fit did not converge.
    pub fn hidden(&self, data: &Data, fitter: &mut Fitter) -> Option<f64> {
        let chosen: Chosen = match self {
            Runner::Stepwise(t, het) => stepwise(data, fitter, *t, *het).ok()?,
            Runner::Main(het) => main_effects(data, fitter, *het).ok()?,
            Runner::Bic(chooser) => chooser.choose(data, fitter).ok()?,
        };
        let h = chosen.hidden();
        (chosen.fit.converged && h.is_finite()).then_some(h)
    }
}

/// Bootstrap results: one entry per replicate, `None` where no model could be fitted.
pub(crate) struct Boot {
    pub replicates: Vec<Option<f64>>,
}

impl Boot {
    pub fn successes(&self) -> Vec<f64> {
        self.replicates.iter().flatten().copied().collect()
    }

    pub fn failed(&self) -> usize {
        self.replicates.iter().filter(|r| r.is_none()).count()
    }
}

/// Draws a multinomial resample of the observed people (total n) into `y` with `rng`.
fn resample(cells: &[(usize, u64)], cumulative: &[u64], n: u64, rng: &mut ChaCha8Rng, y: &mut [u64]) {
    y.iter_mut().for_each(|v| *v = 0);
    for _ in 0..n {
        let u = rng.random_range(0..n);
        let idx = cumulative.partition_point(|&c| c <= u);
        if let Some(&(mask, _)) = cells.get(idx) {
            y[mask] += 1;
        }
    }
}

/// The random stream of replicate `index`: ChaCha8 seeded from `seed`, stream number `index`, so the results do
/// not depend on how replicates are spread over threads.
pub(crate) fn replicate_rng(seed: u64, index: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(index);
    rng
}

/// `replicates` multinomial bootstrap replicates of `data` with the model choice of `runner` repeated in each;
/// the estimate of a replicate is max(n + hidden, `floor`).
pub(crate) fn bootstrap(data: &Data, runner: &Runner, replicates: usize, seed: u64, floor: f64) -> Boot {
    let cells: Vec<(usize, u64)> = data
        .y
        .iter()
        .enumerate()
        .filter(|(m, c)| *m > 0 && **c > 0)
        .map(|(m, c)| (m, *c))
        .collect();
    let mut cumulative = Vec::with_capacity(cells.len());
    let mut acc = 0u64;
    for &(_, c) in &cells {
        acc += c;
        cumulative.push(acc);
    }
    let n = data.n;
    let k = data.k;
    let replicates: Vec<Option<f64>> = (0..replicates)
        .into_par_iter()
        .map_init(
            || (Fitter::for_replicates(), vec![0u64; 1 << k]),
            |(fitter, y), b| {
                let mut rng = replicate_rng(seed, b as u64);
                resample(&cells, &cumulative, n, &mut rng, y);
                let d = Data::new(k, y.clone());
                runner.hidden(&d, fitter).map(|h| (n as f64 + h).max(floor))
            },
        )
        .collect();
    Boot { replicates }
}

/// Jackknife over observed people: for each observed pattern, the estimate with one person of that pattern left
/// out, with the pattern's count as weight. `None` where no model could be fitted.
pub(crate) fn jackknife(data: &Data, runner: &Runner, floor: f64) -> Vec<(u64, Option<f64>)> {
    let cells: Vec<(usize, u64)> = data
        .y
        .iter()
        .enumerate()
        .filter(|(m, c)| *m > 0 && **c > 0)
        .map(|(m, c)| (m, *c))
        .collect();
    let k = data.k;
    let n1 = data.n.saturating_sub(1) as f64;
    cells
        .par_iter()
        .map_init(Fitter::for_replicates, |fitter, &(mask, count)| {
            let mut y = data.y.clone();
            y[mask] -= 1;
            let d = Data::new(k, y);
            let est = if d.n == 0 {
                None
            } else {
                runner.hidden(&d, fitter).map(|h| (n1 + h).max(floor - 1.0))
            };
            (count, est)
        })
        .collect()
}

/// A BCa interval and its ingredients.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Bca {
    pub lower: f64,
    pub upper: f64,
    /// Bias correction z0 = Φ⁻¹(share of replicates below the estimate).
    pub z0: f64,
    /// Acceleration from the jackknife.
    pub acceleration: f64,
    /// The share of replicates below the estimate was 0 or 1 and had to be moved half a replicate inwards.
    pub degenerate: bool,
}

/// The acceleration from weighted jackknife values: Σ c·d³ / (6 (Σ c·d²)^{3/2}), d = weighted mean − value.
pub(crate) fn acceleration(jack: &[(u64, f64)]) -> f64 {
    let w: f64 = jack.iter().map(|(c, _)| *c as f64).sum();
    if w <= 0.0 {
        return 0.0;
    }
    let mean = jack.iter().map(|(c, v)| *c as f64 * v).sum::<f64>() / w;
    let (mut s2, mut s3) = (0.0, 0.0);
    for (c, v) in jack {
        let d = mean - v;
        s2 += *c as f64 * d * d;
        s3 += *c as f64 * d * d * d;
    }
    if s2 <= 0.0 { 0.0 } else { s3 / (6.0 * s2.powf(1.5)) }
}

/// The BCa interval at `level` from bootstrap estimates, the point estimate and the acceleration (SparseMSE's
/// `bcaconfvalues`: z0 from the share of replicates strictly below the estimate, R's type-8 quantiles).
pub(crate) fn bca(boot: &[f64], theta: f64, accel: f64, level: f64) -> Option<Bca> {
    if boot.is_empty() {
        return None;
    }
    let mut sorted: Vec<f64> = boot.to_vec();
    sorted.sort_by(f64::total_cmp);
    let b = sorted.len() as f64;
    let below = sorted.iter().filter(|&&x| x < theta).count() as f64;
    let mut share = below / b;
    let mut degenerate = false;
    if share <= 0.0 || share >= 1.0 {
        degenerate = true;
        share = share.clamp(0.5 / b, 1.0 - 0.5 / b);
    }
    let z0 = qnorm(share);
    let alpha = (1.0 - level) / 2.0;
    let limit = |a: f64| {
        let za = qnorm(a);
        let za0 = z0 + za;
        let denom = 1.0 - accel * za0;
        // past the pole of the acceleration formula the limit is the end of the distribution
        let q = if denom > 1e-12 {
            pnorm(z0 + za0 / denom)
        } else if za0 > 0.0 {
            1.0
        } else {
            0.0
        };
        quantile_type8(&sorted, q)
    };
    let lower = limit(alpha);
    let upper = limit(1.0 - alpha);
    (lower.is_finite() && upper.is_finite()).then_some(Bca {
        lower,
        upper,
        z0,
        acceleration: accel,
        degenerate,
    })
}

/// The log-normal interval: hidden f0 with delta-method variance var = f0²·Var(intercept);
/// C = exp(z·sqrt(log(1 + var/f0²))), total in [n + f0/C, n + f0·C].
pub(crate) fn lognormal(n: f64, f0: f64, cov00: f64, level: f64, floor: f64) -> Option<Interval> {
    if !(f0.is_finite() && cov00.is_finite() && cov00 >= 0.0) {
        return None;
    }
    let z = qnorm(0.5 + level / 2.0);
    let c = (z * (1.0 + cov00).ln().sqrt()).exp();
    Some(Interval {
        level,
        lower: (n + f0 / c).max(floor),
        upper: (n + f0 * c).max(floor),
        method: IntervalMethod::Lognormal,
    })
}

/// The profile-likelihood interval for the total under `chosen`: the intercept values whose profile deviance is
/// within χ²₁(level) of the minimum.
pub(crate) fn profile(
    data: &Data,
    chosen: &Chosen,
    fitter: &mut Fitter,
    level: f64,
    floor: f64,
) -> Option<ProfileInterval> {
    let b_hat = *chosen.fit.beta.first()?;
    let d_min = chosen.fit.deviance;
    let crit = qnorm(0.5 + level / 2.0).powi(2);
    let start = chosen.fit.beta.clone();
    let mut g = |b: f64| -> f64 {
        match fitter.fit(data, &chosen.layout, Some(b), Some(&start)) {
            Some(f) if f.deviance.is_finite() => f.deviance - d_min - crit,
            _ => f64::INFINITY,
        }
    };
    let se = chosen.fit.cov00.sqrt();
    let h0 = if se.is_finite() && se > 0.0 {
        se.clamp(0.05, 2.0)
    } else {
        0.5
    };
    const REACH: f64 = 40.0;
    // search one side: returns the crossing or None if the deviance never rises enough within REACH
    let mut side = |dir: f64| -> Option<f64> {
        let mut inner = b_hat;
        let mut h = h0;
        let outer = loop {
            let b = b_hat + dir * h;
            if g(b) > 0.0 {
                break b;
            }
            inner = b;
            if h > REACH {
                return None;
            }
            h *= 2.0;
        };
        let (mut lo, mut hi) = (inner, outer); // g(lo) ≤ 0 < g(hi)
        for _ in 0..100 {
            let mid = 0.5 * (lo + hi);
            if g(mid) > 0.0 {
                hi = mid;
            } else {
                lo = mid;
            }
            if (hi - lo).abs() < 1e-10 {
                break;
            }
        }
        Some(0.5 * (lo + hi))
    };
    let n = data.n as f64;
    let lower = side(-1.0).map_or(n, |b| n + b.exp()).max(floor);
    let upper = side(1.0).map(|b| (n + b.exp()).max(floor));
    Some(ProfileInterval { level, lower, upper })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acceleration_is_zero_for_symmetric_values() {
        let jack = [(1, 1.0), (1, 2.0), (1, 3.0)];
        assert!(acceleration(&jack).abs() < 1e-15);
        assert!(acceleration(&[(3, 5.0)]) == 0.0);
    }

    #[test]
    fn bca_without_bias_or_acceleration_is_the_percentile_interval() {
        let boot: Vec<f64> = (1..=999).map(f64::from).collect();
        let out = bca(&boot, 500.0, 0.0, 0.95);
        let Some(out) = out else {
            return assert!(out.is_some());
        };
        assert!(out.z0.abs() < 0.01);
        assert!((out.lower - 25.0).abs() < 1.0, "{}", out.lower);
        assert!((out.upper - 975.0).abs() < 1.0, "{}", out.upper);
    }
}
