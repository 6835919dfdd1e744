//! The Mann-Kendall test of a monotonic trend, and Sen's slope.
//!
//! `S = Σ_{i<j} sign(x_j − x_i)`. For series of up to 9 values the p-value is exact: the share of all
//! orderings of the same values whose `|S|` is at least the observed one (ties included). Longer series use the
//! normal approximation with the tie-corrected variance and a continuity correction.

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, Normal};

/// Longest series whose p-value is computed exactly (9! = 362,880 orderings).
pub const EXACT_MAX: usize = 9;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    pub n: usize,
    pub s: i64,
    /// Two-sided p-value; 1 for a series too short to say anything (fewer than 3 values).
    pub p: f64,
    /// Median of the pairwise slopes, in units per step.
    pub sen_slope: f64,
    pub exact: bool,
}

fn s_stat(x: &[f64]) -> i64 {
    let mut s = 0i64;
    for i in 0..x.len() {
        for j in i + 1..x.len() {
            s += match x[j].partial_cmp(&x[i]) {
                Some(std::cmp::Ordering::Greater) => 1,
                Some(std::cmp::Ordering::Less) => -1,
                _ => 0,
            };
        }
    }
    s
}

/// Every ordering of `x` (Heap's algorithm), with `f` called on each.
fn permutations(x: &mut [f64], f: &mut impl FnMut(&[f64])) {
    let n = x.len();
    let mut c = vec![0usize; n];
    f(x);
    let mut i = 1;
    while i < n {
        if c[i] < i {
            if i % 2 == 0 {
                x.swap(0, i);
            } else {
                x.swap(c[i], i);
            }
            f(x);
            c[i] += 1;
            i = 1;
        } else {
            c[i] = 0;
            i += 1;
        }
    }
}

fn sen(x: &[f64]) -> f64 {
    let mut slopes = Vec::with_capacity(x.len() * x.len() / 2);
    for i in 0..x.len() {
        for j in i + 1..x.len() {
            slopes.push((x[j] - x[i]) / (j - i) as f64);
        }
    }
    if slopes.is_empty() {
        return 0.0;
    }
    slopes.sort_by(f64::total_cmp);
    let m = slopes.len();
    if m % 2 == 1 {
        slopes[m / 2]
    } else {
        (slopes[m / 2 - 1] + slopes[m / 2]) / 2.0
    }
}

/// The Mann-Kendall test of a series in time order. Non-finite values are left out.
pub fn mann_kendall(series: &[f64]) -> Trend {
    let x: Vec<f64> = series.iter().copied().filter(|v| v.is_finite()).collect();
    let n = x.len();
    let s = s_stat(&x);
    let sen_slope = sen(&x);
    if n < 3 {
        return Trend {
            n,
            s,
            p: 1.0,
            sen_slope,
            exact: false,
        };
    }
    if n <= EXACT_MAX {
        let mut work = x.clone();
        let (mut total, mut extreme) = (0u64, 0u64);
        permutations(&mut work, &mut |perm| {
            total += 1;
            if s_stat(perm).abs() >= s.abs() {
                extreme += 1;
            }
        });
        return Trend {
            n,
            s,
            p: extreme as f64 / total as f64,
            sen_slope,
            exact: true,
        };
    }
    let nf = n as f64;
    let mut sorted = x.clone();
    sorted.sort_by(f64::total_cmp);
    let mut ties = 0.0;
    let mut k = 0;
    while k < n {
        let mut t = 1;
        while k + t < n && sorted[k + t] == sorted[k] {
            t += 1;
        }
        let tf = t as f64;
        ties += tf * (tf - 1.0) * (2.0 * tf + 5.0);
        k += t;
    }
    let var = (nf * (nf - 1.0) * (2.0 * nf + 5.0) - ties) / 18.0;
    let z = match s {
        0 => 0.0,
        s if s > 0 => (s as f64 - 1.0) / var.sqrt(),
        s => (s as f64 + 1.0) / var.sqrt(),
    };
    let p = 2.0 * (1.0 - Normal::standard().cdf(z.abs()));
    Trend {
        n,
        s,
        p: p.clamp(0.0, 1.0),
        sen_slope,
        exact: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rising_series_of_five() {
        let t = mann_kendall(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(t.s, 10);
        // Only the increasing and the decreasing orderings reach |S| = 10: 2 of 120.
        assert!((t.p - 2.0 / 120.0).abs() < 1e-12);
        assert!(t.exact);
        assert_eq!(t.sen_slope, 1.0);
    }

    #[test]
    fn no_trend_and_ties() {
        let t = mann_kendall(&[3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0]);
        assert!(t.p > 0.2, "{t:?}");
        let flat = mann_kendall(&[2.0, 2.0, 2.0, 2.0]);
        assert_eq!((flat.s, flat.p), (0, 1.0));
        assert_eq!(mann_kendall(&[1.0, 2.0]).p, 1.0);
    }

    #[test]
    fn long_series_use_the_normal_approximation() {
        let x: Vec<f64> = (0..30)
            .map(|i| i as f64 + if i % 3 == 0 { 5.0 } else { 0.0 })
            .collect();
        let t = mann_kendall(&x);
        assert!(!t.exact && t.s > 0 && t.p < 1e-6, "{t:?}");
        // Known value: n = 10, S = 45 (strictly increasing): Var = 10·9·25/18 = 125, z = 44/√125 ≈ 3.9355.
        let t = mann_kendall(&(0..10).map(f64::from).collect::<Vec<_>>());
        let expected = 2.0 * (1.0 - Normal::standard().cdf(44.0 / 125f64.sqrt()));
        assert!((t.p - expected).abs() < 1e-12);
    }

    #[test]
    fn exact_and_approximate_agree_roughly_at_the_border() {
        let x = [1.0, 3.0, 2.0, 5.0, 4.0, 6.0, 8.0, 7.0, 9.0];
        let exact = mann_kendall(&x).p;
        let n = 9.0;
        let s = s_stat(&x) as f64;
        let z = (s - 1.0) / (n * (n - 1.0) * (2.0 * n + 5.0) / 18.0f64).sqrt();
        let approx = 2.0 * (1.0 - Normal::standard().cdf(z));
        assert!((exact - approx).abs() < 0.01, "{exact} vs {approx}");
    }
}
