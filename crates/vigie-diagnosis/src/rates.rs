//! Rates per 1,000 inhabitants and their empirical Bayes smoothing.
//!
//! Small areas have unstable rates: two incidents among 150 inhabitants is a rate of 13 per 1,000 that means
//! little. The global empirical Bayes estimator (Marshall 1991, as in GeoDa) shrinks each area's rate towards the
//! city's rate, the more so the smaller its population.

use crate::DiagnosisError;

/// Incidents per 1,000 inhabitants; `None` without inhabitants.
pub fn per_1000(count: f64, population: f64) -> Option<f64> {
    (population > 0.0).then(|| 1000.0 * count / population)
}

fn check(counts: &[f64], populations: &[f64]) -> Result<(), DiagnosisError> {
    if counts.len() != populations.len() {
        return Err(DiagnosisError::Length(counts.len(), populations.len()));
    }
    if let Some(i) = counts
        .iter()
        .zip(populations)
        .position(|(c, p)| !(c.is_finite() && p.is_finite() && *c >= 0.0 && *p >= 0.0))
    {
        return Err(DiagnosisError::BadValue(i));
    }
    Ok(())
}

/// Empirical Bayes smoothed rates per 1,000 inhabitants (Marshall's global method of moments).
/// Areas without inhabitants get the city's rate.
pub fn empirical_bayes(counts: &[f64], populations: &[f64]) -> Result<Vec<f64>, DiagnosisError> {
    check(counts, populations)?;
    let total_pop: f64 = populations.iter().sum();
    if total_pop <= 0.0 {
        return Err(DiagnosisError::NoPopulation);
    }
    let n = counts.len() as f64;
    let b = counts.iter().sum::<f64>() / total_pop;
    let mean_pop = total_pop / n;
    let spread: f64 = counts
        .iter()
        .zip(populations)
        .filter(|(_, p)| **p > 0.0)
        .map(|(c, p)| p * (c / p - b) * (c / p - b))
        .sum::<f64>()
        / total_pop;
    let a = (spread - b / mean_pop).max(0.0);
    Ok(counts
        .iter()
        .zip(populations)
        .map(|(c, p)| {
            if *p <= 0.0 {
                return 1000.0 * b;
            }
            let shrink = if a + b / p > 0.0 { a / (a + b / p) } else { 0.0 };
            1000.0 * (shrink * (c / p) + (1.0 - shrink) * b)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn small_areas_are_pulled_to_the_city_rate() {
        let counts = [2.0, 100.0, 50.0, 80.0];
        let pops = [150.0, 10_000.0, 5_000.0, 8_000.0];
        let eb = empirical_bayes(&counts, &pops).unwrap();
        let city = 1000.0 * counts.iter().sum::<f64>() / pops.iter().sum::<f64>();
        let raw0 = per_1000(2.0, 150.0).unwrap();
        assert!((eb[0] - city).abs() < (raw0 - city).abs() / 2.0, "{eb:?}");
        // Large areas keep most of their own rate.
        assert!((eb[1] - 10.0).abs() < 0.5, "{eb:?}");
    }

    #[test]
    fn homogeneous_rates_all_shrink_to_the_city_rate() {
        let eb = empirical_bayes(&[10.0, 20.0, 30.0], &[1000.0, 2000.0, 3000.0]).unwrap();
        for v in eb {
            assert!((v - 10.0).abs() < 1e-9);
        }
    }

    #[test]
    fn bad_input() {
        assert_eq!(empirical_bayes(&[1.0], &[]), Err(DiagnosisError::Length(1, 0)));
        assert_eq!(
            empirical_bayes(&[1.0, -1.0], &[1.0, 1.0]),
            Err(DiagnosisError::BadValue(1))
        );
        assert_eq!(empirical_bayes(&[0.0], &[0.0]), Err(DiagnosisError::NoPopulation));
        assert_eq!(per_1000(3.0, 0.0), None);
    }

    proptest! {
        #[test]
        fn smoothed_rates_lie_between_the_raw_rate_and_the_city_rate(
            data in proptest::collection::vec((0u32..500, 1u32..50_000), 2..40)
        ) {
            let counts: Vec<f64> = data.iter().map(|d| f64::from(d.0)).collect();
            let pops: Vec<f64> = data.iter().map(|d| f64::from(d.1)).collect();
            let eb = empirical_bayes(&counts, &pops).unwrap();
            let city = 1000.0 * counts.iter().sum::<f64>() / pops.iter().sum::<f64>();
            for ((c, p), s) in counts.iter().zip(&pops).zip(&eb) {
                let raw = 1000.0 * c / p;
                let (lo, hi) = if raw < city { (raw, city) } else { (city, raw) };
                prop_assert!(*s >= lo - 1e-9 && *s <= hi + 1e-9);
            }
        }
    }
}
