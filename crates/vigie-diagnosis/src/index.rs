//! The composite exclusion index, after the OECD/JRC *Handbook on Constructing Composite Indicators* (2008).
//!
//! Steps, each reported: (1) coverage: an indicator known for fewer than `min_coverage` of the areas is refused;
//! (2) orientation: every indicator is turned so that higher is worse; (3) outliers: an indicator with
//! |skewness| > 2 and (excess) kurtosis > 3.5 is winsorised, one extreme value at a time (at most five), until it no
//! longer is; (4) normalisation: min-max (0–100), z-score or rank; (5) weights: equal, given, or from the first
//! principal component (squared loadings); (6) aggregation: arithmetic or geometric, over the indicators an
//! area has (missing values are left out and the weights of the others rescaled). The uncertainty analysis
//! draws, for each of `runs` Monte Carlo runs, a normalisation, an aggregation and weights perturbed by up to
//! ±25 %, and reports each area's median rank and its 5–95 % rank interval.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::DiagnosisError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Normalisation {
    MinMax,
    ZScore,
    Rank,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    Arithmetic,
    Geometric,
}

#[derive(Debug, Clone, PartialEq)]
pub enum WeightScheme {
    Equal,
    /// One non-negative weight per indicator, in their order.
    Given(Vec<f64>),
    /// From the first principal component of the normalised indicators.
    Pca,
}

/// One indicator over the areas (`None` where unknown).
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorInput {
    pub name: String,
    pub higher_is_worse: bool,
    pub values: Vec<Option<f64>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndexOptions {
    pub normalisation: Normalisation,
    pub aggregation: Aggregation,
    pub weights: WeightScheme,
    /// Least share of areas an indicator must cover (the Handbook's 65 % by default).
    pub min_coverage: f64,
    /// Monte Carlo runs of the uncertainty analysis (0 for none).
    pub runs: usize,
    pub seed: u64,
}

impl Default for IndexOptions {
    fn default() -> Self {
        Self {
            normalisation: Normalisation::MinMax,
            aggregation: Aggregation::Arithmetic,
            weights: WeightScheme::Equal,
            min_coverage: 0.65,
            runs: 1000,
            seed: 1,
        }
    }
}

/// What was done to each indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorReport {
    pub name: String,
    pub coverage: f64,
    pub skewness: f64,
    pub kurtosis: f64,
    /// Values pulled in by winsorisation.
    pub winsorised: usize,
    pub weight: f64,
}

/// An area's place in the index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaScore {
    pub score: f64,
    /// 1 for the area in the worst situation.
    pub rank: usize,
    pub median_rank: f64,
    pub rank_p05: f64,
    pub rank_p95: f64,
    pub indicators_used: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndexResult {
    pub normalisation: Normalisation,
    pub aggregation: Aggregation,
    pub indicators: Vec<IndicatorReport>,
    pub areas: Vec<AreaScore>,
}

fn moments(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    if n < 3.0 {
        return (0.0, 0.0);
    }
    let mean = v.iter().sum::<f64>() / n;
    let m2 = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    if m2 == 0.0 {
        return (0.0, 0.0);
    }
    let m3 = v.iter().map(|x| (x - mean).powi(3)).sum::<f64>() / n;
    let m4 = v.iter().map(|x| (x - mean).powi(4)).sum::<f64>() / n;
    (m3 / m2.powf(1.5), m4 / (m2 * m2) - 3.0)
}

/// Winsorises in place (present values only); returns how many values were pulled in.
fn winsorise(values: &mut [Option<f64>]) -> usize {
    let mut done = 0;
    for _ in 0..5 {
        let present: Vec<f64> = values.iter().flatten().copied().collect();
        let (skew, kurt) = moments(&present);
        if !(skew.abs() > 2.0 && kurt > 3.5) || present.len() < 3 {
            break;
        }
        let mut sorted = present.clone();
        sorted.sort_by(f64::total_cmp);
        // Pull the most extreme value on the long tail's side to its neighbour.
        let (extreme, next) = if skew > 0.0 {
            (sorted[sorted.len() - 1], sorted[sorted.len() - 2])
        } else {
            (sorted[0], sorted[1])
        };
        for v in values.iter_mut().flatten() {
            if *v == extreme {
                *v = next;
                done += 1;
            }
        }
    }
    done
}

fn normalise(values: &[Option<f64>], how: Normalisation) -> Vec<Option<f64>> {
    let present: Vec<f64> = values.iter().flatten().copied().collect();
    let m = present.len() as f64;
    let (min, max) = present
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    let mean = present.iter().sum::<f64>() / m;
    let sd = (present.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / m).sqrt();
    values
        .iter()
        .map(|v| {
            v.map(|v| match how {
                Normalisation::MinMax => {
                    if max > min {
                        100.0 * (v - min) / (max - min)
                    } else {
                        50.0
                    }
                }
                Normalisation::ZScore => {
                    if sd > 0.0 {
                        (v - mean) / sd
                    } else {
                        0.0
                    }
                }
                Normalisation::Rank => {
                    // Average rank among the present values, scaled to 0–100.
                    let below = present.iter().filter(|&&x| x < v).count() as f64;
                    let equal = present.iter().filter(|&&x| x == v).count() as f64;
                    let rank = below + (equal + 1.0) / 2.0;
                    if m > 1.0 {
                        100.0 * (rank - 1.0) / (m - 1.0)
                    } else {
                        50.0
                    }
                }
            })
        })
        .collect()
}

/// Weights from the first principal component of the correlation matrix (squared loadings, summing to 1),
/// found by power iteration. Areas with a missing value are left out of the correlations.
fn pca_weights(normalised: &[Vec<Option<f64>>]) -> Vec<f64> {
    let k = normalised.len();
    let n = normalised.first().map_or(0, Vec::len);
    let complete: Vec<usize> = (0..n)
        .filter(|&a| normalised.iter().all(|ind| ind[a].is_some()))
        .collect();
    let equal = vec![1.0 / k as f64; k];
    if complete.len() < 3 || k < 2 {
        return equal;
    }
    let cols: Vec<Vec<f64>> = normalised
        .iter()
        .map(|ind| {
            let v: Vec<f64> = complete.iter().filter_map(|&a| ind[a]).collect();
            let mean = v.iter().sum::<f64>() / v.len() as f64;
            let sd = (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / v.len() as f64).sqrt();
            v.iter()
                .map(|x| if sd > 0.0 { (x - mean) / sd } else { 0.0 })
                .collect()
        })
        .collect();
    let m = complete.len() as f64;
    let corr: Vec<Vec<f64>> = (0..k)
        .map(|i| {
            (0..k)
                .map(|j| cols[i].iter().zip(&cols[j]).map(|(a, b)| a * b).sum::<f64>() / m)
                .collect()
        })
        .collect();
    let mut v = vec![1.0 / (k as f64).sqrt(); k];
    for _ in 0..500 {
        let next: Vec<f64> = (0..k).map(|i| (0..k).map(|j| corr[i][j] * v[j]).sum()).collect();
        let norm = next.iter().map(|x| x * x).sum::<f64>().sqrt();
        if norm == 0.0 {
            return equal;
        }
        let next: Vec<f64> = next.iter().map(|x| x / norm).collect();
        let change: f64 = next.iter().zip(&v).map(|(a, b)| (a - b).abs()).sum();
        v = next;
        if change < 1e-12 {
            break;
        }
    }
    let sq: Vec<f64> = v.iter().map(|x| x * x).collect();
    let total: f64 = sq.iter().sum();
    if total > 0.0 {
        sq.iter().map(|x| x / total).collect()
    } else {
        equal
    }
}

fn aggregate(normalised: &[Vec<Option<f64>>], weights: &[f64], how: Aggregation) -> Vec<(f64, usize)> {
    let n = normalised.first().map_or(0, Vec::len);
    // Geometric aggregation needs positive values: bring each indicator to 1–100 first.
    let positive: Vec<Vec<Option<f64>>>;
    let data = if how == Aggregation::Geometric {
        positive = normalised
            .iter()
            .map(|ind| {
                normalise(ind, Normalisation::MinMax)
                    .iter()
                    .map(|v| v.map(|x| 1.0 + 0.99 * x))
                    .collect()
            })
            .collect();
        &positive
    } else {
        normalised
    };
    (0..n)
        .map(|a| {
            let mut wsum = 0.0;
            let mut acc = 0.0;
            let mut used = 0;
            for (ind, &w) in data.iter().zip(weights) {
                if let Some(x) = ind[a] {
                    used += 1;
                    wsum += w;
                    acc += match how {
                        Aggregation::Arithmetic => w * x,
                        Aggregation::Geometric => w * x.ln(),
                    };
                }
            }
            let score = if wsum > 0.0 {
                match how {
                    Aggregation::Arithmetic => acc / wsum,
                    Aggregation::Geometric => (acc / wsum).exp(),
                }
            } else {
                f64::NAN
            };
            (score, used)
        })
        .collect()
}

/// Ranks from scores: 1 for the highest (worst); areas without a score come last; ties by position.
fn ranks(scores: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (scores[a], scores[b]);
        match (x.is_nan(), y.is_nan()) {
            (false, false) => y.total_cmp(&x).then(a.cmp(&b)),
            (true, false) => std::cmp::Ordering::Greater,
            (false, true) => std::cmp::Ordering::Less,
            (true, true) => a.cmp(&b),
        }
    });
    let mut out = vec![0; scores.len()];
    for (r, &a) in order.iter().enumerate() {
        out[a] = r + 1;
    }
    out
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// Builds the index. Indicators must all cover the same areas, in the same order.
pub fn composite(inputs: &[IndicatorInput], opts: &IndexOptions) -> Result<IndexResult, DiagnosisError> {
    let n = inputs
        .first()
        .map(|i| i.values.len())
        .ok_or_else(|| DiagnosisError::Input("no indicator".into()))?;
    if n == 0 {
        return Err(DiagnosisError::Input("no area".into()));
    }
    if let Some(bad) = inputs.iter().find(|i| i.values.len() != n) {
        return Err(DiagnosisError::Input(format!(
            "indicator {:?} has {} values for {n} areas",
            bad.name,
            bad.values.len()
        )));
    }
    let mut reports = Vec::with_capacity(inputs.len());
    let mut oriented = Vec::with_capacity(inputs.len());
    for ind in inputs {
        let mut values: Vec<Option<f64>> = ind
            .values
            .iter()
            .map(|v| {
                v.filter(|x| x.is_finite())
                    .map(|x| if ind.higher_is_worse { x } else { -x })
            })
            .collect();
        let coverage = values.iter().flatten().count() as f64 / n as f64;
        if coverage < opts.min_coverage {
            return Err(DiagnosisError::Coverage {
                name: ind.name.clone(),
                coverage: 100.0 * coverage,
                min: 100.0 * opts.min_coverage,
            });
        }
        let present: Vec<f64> = values.iter().flatten().copied().collect();
        let (skewness, kurtosis) = moments(&present);
        let winsorised = winsorise(&mut values);
        reports.push(IndicatorReport {
            name: ind.name.clone(),
            coverage,
            skewness,
            kurtosis,
            winsorised,
            weight: 0.0,
        });
        oriented.push(values);
    }
    let k = inputs.len();
    let base_weights: Vec<f64> = match &opts.weights {
        WeightScheme::Equal => vec![1.0 / k as f64; k],
        WeightScheme::Given(w) => {
            if w.len() != k || w.iter().any(|x| !x.is_finite() || *x < 0.0) || w.iter().sum::<f64>() <= 0.0 {
                return Err(DiagnosisError::Input(format!(
                    "{k} non-negative weights are needed, not {w:?}"
                )));
            }
            let s: f64 = w.iter().sum();
            w.iter().map(|x| x / s).collect()
        }
        WeightScheme::Pca => pca_weights(
            &oriented
                .iter()
                .map(|v| normalise(v, Normalisation::ZScore))
                .collect::<Vec<_>>(),
        ),
    };
    for (r, w) in reports.iter_mut().zip(&base_weights) {
        r.weight = *w;
    }
    let run = |norm: Normalisation, agg: Aggregation, weights: &[f64]| -> Vec<(f64, usize)> {
        let normalised: Vec<Vec<Option<f64>>> = oriented.iter().map(|v| normalise(v, norm)).collect();
        aggregate(&normalised, weights, agg)
    };
    let main = run(opts.normalisation, opts.aggregation, &base_weights);
    let scores: Vec<f64> = main.iter().map(|s| s.0).collect();
    let main_ranks = ranks(&scores);
    // Uncertainty analysis.
    let mut rank_draws: Vec<Vec<f64>> = vec![Vec::with_capacity(opts.runs); n];
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    for _ in 0..opts.runs {
        let norm =
            [Normalisation::MinMax, Normalisation::ZScore, Normalisation::Rank][rng.random_range(0..3usize)];
        let agg = [Aggregation::Arithmetic, Aggregation::Geometric][rng.random_range(0..2usize)];
        let w: Vec<f64> = base_weights
            .iter()
            .map(|w| w * rng.random_range(0.75..=1.25))
            .collect();
        let s: Vec<f64> = run(norm, agg, &w).iter().map(|s| s.0).collect();
        for (a, r) in ranks(&s).into_iter().enumerate() {
            rank_draws[a].push(r as f64);
        }
    }
    let areas = (0..n)
        .map(|a| {
            let mut d = std::mem::take(&mut rank_draws[a]);
            d.sort_by(f64::total_cmp);
            let fixed = main_ranks[a] as f64;
            AreaScore {
                score: main[a].0,
                rank: main_ranks[a],
                median_rank: if d.is_empty() { fixed } else { percentile(&d, 0.5) },
                rank_p05: if d.is_empty() { fixed } else { percentile(&d, 0.05) },
                rank_p95: if d.is_empty() { fixed } else { percentile(&d, 0.95) },
                indicators_used: main[a].1,
            }
        })
        .collect();
    Ok(IndexResult {
        normalisation: opts.normalisation,
        aggregation: opts.aggregation,
        indicators: reports,
        areas,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ind(name: &str, worse: bool, v: &[f64]) -> IndicatorInput {
        IndicatorInput {
            name: name.into(),
            higher_is_worse: worse,
            values: v.iter().map(|x| Some(*x)).collect(),
        }
    }

    #[test]
    fn the_area_worst_on_every_indicator_ranks_first_with_certainty() {
        let inputs = [
            ind("unemployment", true, &[5.0, 9.0, 20.0, 7.0, 6.0]),
            ind("poverty", true, &[10.0, 15.0, 35.0, 12.0, 11.0]),
            ind(
                "income",
                false,
                &[30_000.0, 22_000.0, 14_000.0, 26_000.0, 28_000.0],
            ),
        ];
        for agg in [Aggregation::Arithmetic, Aggregation::Geometric] {
            for norm in [Normalisation::MinMax, Normalisation::ZScore, Normalisation::Rank] {
                let r = composite(
                    &inputs,
                    &IndexOptions {
                        normalisation: norm,
                        aggregation: agg,
                        ..Default::default()
                    },
                )
                .unwrap();
                assert_eq!(r.areas[2].rank, 1, "{norm:?} {agg:?}");
                assert_eq!(r.areas[0].rank, 5, "{norm:?} {agg:?}");
            }
        }
        let r = composite(&inputs, &IndexOptions::default()).unwrap();
        assert_eq!((r.areas[2].rank_p05, r.areas[2].rank_p95), (1.0, 1.0));
        assert!(
            r.areas
                .iter()
                .all(|a| a.rank_p05 <= a.median_rank && a.median_rank <= a.rank_p95)
        );
    }

    #[test]
    fn low_coverage_is_refused_and_missing_values_are_left_out() {
        let mut sparse = ind("drop-out", true, &[1.0, 2.0, 3.0, 4.0, 5.0]);
        sparse.values[0] = None;
        sparse.values[1] = None;
        let full = ind("poverty", true, &[1.0, 2.0, 3.0, 4.0, 5.0]);
        let e = composite(&[full.clone(), sparse.clone()], &IndexOptions::default()).unwrap_err();
        assert!(matches!(e, DiagnosisError::Coverage { .. }), "{e}");
        assert!(e.to_string().contains("covers 60 %"), "{e}");
        sparse.values[1] = Some(2.0);
        let r = composite(&[full, sparse], &IndexOptions::default()).unwrap();
        assert_eq!(r.areas[0].indicators_used, 1);
        assert_eq!(r.areas[4].indicators_used, 2);
    }

    #[test]
    fn a_heavy_outlier_is_winsorised() {
        let mut v: Vec<f64> = (0..30).map(|i| 10.0 + (i % 5) as f64).collect();
        v[7] = 500.0;
        let r = composite(
            &[ind("x", true, &v), ind("y", true, &v)],
            &IndexOptions {
                runs: 0,
                ..Default::default()
            },
        )
        .unwrap();
        assert!(r.indicators[0].skewness > 2.0 && r.indicators[0].kurtosis > 3.5);
        assert_eq!(r.indicators[0].winsorised, 1);
        // Once pulled in, the outlier no longer dwarfs everyone else: it is at most tied with the next worst.
        assert_eq!(r.areas[7].score, 100.0);
        assert!(r.areas.iter().filter(|a| a.score == 100.0).count() > 1);
    }

    #[test]
    fn pca_weights_favour_the_indicators_that_move_together() {
        let a: Vec<f64> = (0..20).map(f64::from).collect();
        let b: Vec<f64> = a.iter().map(|x| 2.0 * x + 1.0).collect();
        let noise: Vec<f64> = (0..20).map(|i| ((i * 7) % 11) as f64).collect();
        let r = composite(
            &[ind("a", true, &a), ind("b", true, &b), ind("noise", true, &noise)],
            &IndexOptions {
                weights: WeightScheme::Pca,
                runs: 0,
                ..Default::default()
            },
        )
        .unwrap();
        let w: Vec<f64> = r.indicators.iter().map(|i| i.weight).collect();
        assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(w[0] > 0.4 && w[1] > 0.4 && w[2] < 0.2, "{w:?}");
    }

    #[test]
    fn given_weights_must_fit() {
        let x = ind("x", true, &[1.0, 2.0, 3.0]);
        let bad = IndexOptions {
            weights: WeightScheme::Given(vec![1.0, 2.0]),
            ..Default::default()
        };
        assert!(composite(std::slice::from_ref(&x), &bad).is_err());
        let ok = IndexOptions {
            weights: WeightScheme::Given(vec![3.0]),
            ..Default::default()
        };
        assert_eq!(composite(&[x], &ok).unwrap().indicators[0].weight, 1.0);
    }

    #[test]
    fn the_same_seed_gives_the_same_intervals() {
        let inputs = [
            ind("a", true, &[1.0, 5.0, 3.0, 4.0, 2.0]),
            ind("b", false, &[2.0, 1.0, 5.0, 3.0, 4.0]),
        ];
        let o = IndexOptions {
            runs: 200,
            seed: 9,
            ..Default::default()
        };
        assert_eq!(composite(&inputs, &o).unwrap(), composite(&inputs, &o).unwrap());
    }
}
