//! Small numerical helpers: the normal distribution, Poisson and chi-square tails, sample quantiles (R's type 8),
//! log factorials. None of them panics: out-of-range arguments give NaN or a clamped value, documented per function.

use statrs::function::erf::{erfc, erfc_inv};
use statrs::function::gamma::{checked_gamma_lr, checked_gamma_ur};

/// The standard normal distribution function Φ(x).
pub fn pnorm(x: f64) -> f64 {
    0.5 * erfc(-x / std::f64::consts::SQRT_2)
}

/// The standard normal quantile Φ⁻¹(p); −∞ at 0, +∞ at 1, NaN outside [0, 1].
pub fn qnorm(p: f64) -> f64 {
    if p.is_nan() || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    -std::f64::consts::SQRT_2 * erfc_inv(2.0 * p)
}

/// P(X ≤ n) for X ~ Poisson(λ) (R's `ppois(n, λ)`); 1 when λ ≤ 0.
pub fn ppois_le(n: u64, lambda: f64) -> f64 {
    if lambda.is_nan() {
        return f64::NAN;
    }
    if lambda <= 0.0 {
        return 1.0;
    }
    if lambda.is_infinite() {
        return 0.0;
    }
    // P(X ≤ n) = Q(n + 1, λ), the upper regularised incomplete gamma function.
    checked_gamma_ur(n as f64 + 1.0, lambda).unwrap_or(f64::NAN)
}

/// P(X ≥ n) for X ~ Poisson(λ) (R's `ppois(n − 1, λ, lower.tail = FALSE)`); 1 when n = 0.
pub fn ppois_ge(n: u64, lambda: f64) -> f64 {
    if n == 0 {
        return 1.0;
    }
    if lambda.is_nan() {
        return f64::NAN;
    }
    if lambda <= 0.0 {
        return 0.0;
    }
    if lambda.is_infinite() {
        return 1.0;
    }
    // P(X ≥ n) = P(n, λ), the lower regularised incomplete gamma function.
    checked_gamma_lr(n as f64, lambda).unwrap_or(f64::NAN)
}

/// The upper tail P(χ²_df > x); 1 for x ≤ 0, NaN for df = 0.
pub fn pchisq_upper(x: f64, df: f64) -> f64 {
    if df <= 0.0 || x.is_nan() {
        return f64::NAN;
    }
    if x <= 0.0 {
        return 1.0;
    }
    if x.is_infinite() {
        return 0.0;
    }
    checked_gamma_ur(df / 2.0, x / 2.0).unwrap_or(f64::NAN)
}

/// ln(y!) for a count.
pub fn ln_factorial(y: u64) -> f64 {
    statrs::function::factorial::ln_factorial(y)
}

/// The sample quantile of sorted, finite data at probability `p` by Hyndman & Fan's type 8 (R's
/// `quantile(type = 8)`, the one SparseMSE uses). `sorted` must be ascending; NaN if it is empty.
pub fn quantile_type8(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 0 || p.is_nan() {
        return f64::NAN;
    }
    let p = p.clamp(0.0, 1.0);
    let nf = n as f64;
    let m = (p + 1.0) / 3.0;
    let h = nf * p + m; // 1-based position
    let j = h.floor();
    let g = h - j;
    let at = |pos: f64| -> f64 {
        // 1-based, clamped to [1, n]
        let idx = (pos.max(1.0).min(nf) as usize).saturating_sub(1);
        sorted.get(idx).copied().unwrap_or(f64::NAN)
    };
    let lo = at(j);
    let hi = at(j + 1.0);
    if g == 0.0 { lo } else { (1.0 - g) * lo + g * hi }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn normal_round_trip() {
        assert!(close(qnorm(0.975), 1.959963984540054, 1e-12));
        assert!(close(qnorm(0.5), 0.0, 1e-15));
        assert!(close(pnorm(1.959963984540054), 0.975, 1e-11));
        assert!(qnorm(0.0).is_infinite() && qnorm(1.2).is_nan());
    }

    #[test]
    fn poisson_tails_match_r() {
        // ppois(3, 2.5) = 0.7575761; ppois(2, 2.5, lower = FALSE) = 1 - ppois(2, 2.5) = 0.4561869
        assert!(close(ppois_le(3, 2.5), 0.7575761331330659, 1e-12));
        assert!(close(ppois_ge(3, 2.5), 1.0 - 0.5438131158833297, 1e-12));
        assert_eq!(ppois_ge(0, 1.0), 1.0);
        assert!(close(ppois_le(0, 1.0), (-1.0f64).exp(), 1e-14));
    }

    #[test]
    fn chisq_upper_tail() {
        // pchisq(3.841459, 1, lower = FALSE) = 0.05
        assert!(close(pchisq_upper(3.841458820694124, 1.0), 0.05, 1e-10));
        // df 2: exp(-x/2)
        assert!(close(
            pchisq_upper(8.566946, 2.0),
            (-8.566946f64 / 2.0).exp(),
            1e-12
        ));
    }

    #[test]
    fn type8_quantiles_match_r() {
        let x: Vec<f64> = (1..=10).map(f64::from).collect();
        // quantile(1:10, c(0.025, 0.5, 0.975), type = 8) = 1.000000 5.500000 10.000000
        assert!(close(quantile_type8(&x, 0.5), 5.5, 1e-12));
        assert!(close(quantile_type8(&x, 0.025), 1.0, 1e-12));
        assert!(close(quantile_type8(&x, 0.975), 10.0, 1e-12));
        // quantile(1:10, 0.3, type = 8) = 3.433333
        assert!(close(quantile_type8(&x, 0.3), 3.4333333333333336, 1e-12));
        assert!(quantile_type8(&[], 0.5).is_nan());
    }
}
