//! Spatial autocorrelation: global Moran's I, local Moran's I (LISA) and Getis-Ord Gi*.
//!
//! Analytic moments follow Cliff & Ord (1981) as PySAL's esda and GeoDa compute them. Permutation inference:
//! global Moran shuffles all values; local statistics use conditional permutation (the area's own value stays,
//! its neighbours' values are drawn without replacement from the other areas). Pseudo p-values are
//! `(M + 1) / (R + 1)` where `M` counts the simulated values at least as extreme as the observed one on the side
//! where fewer fall (PySAL's folded, two-sided convention). Each permutation has its own ChaCha8 stream derived
//! from the seed, so results are identical whatever the number of threads. Local statistics share their random
//! draws across areas, as esda does: permutation `r` draws one set of distinct indices among `n − 1`, and area `i`
//! uses the first `k_i` of them, shifted past itself. Each area's inference is a proper conditional permutation
//! test; the areas' p-values are not independent of each other (they never are: neighbourhoods overlap).

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;

use crate::weights::Weights;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StatsError {
    #[error("{values} values were given for {areas} areas")]
    Length { values: usize, areas: usize },
    #[error("at least 4 areas are needed; got {0}")]
    TooFew(usize),
    #[error("the variable has the same value everywhere: there is nothing to correlate")]
    NoVariance,
    #[error("value {0} is not a finite number")]
    NotFinite(usize),
    #[error("the weights have no link at all")]
    NoLinks,
}

/// Global Moran's I with its moments under normality and randomisation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MoranGlobal {
    pub i: f64,
    pub expected: f64,
    pub var_norm: f64,
    pub z_norm: f64,
    pub var_rand: f64,
    pub z_rand: f64,
    /// Permutation pseudo p-value; `None` without permutations.
    pub p_sim: Option<f64>,
    pub permutations: usize,
}

/// The Moran scatterplot quadrant of an area: its own value and its neighbours' (High or Low against the mean).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Quadrant {
    HH,
    LH,
    LL,
    HL,
}

impl Quadrant {
    fn of(z: f64, lag: f64) -> Self {
        match (z > 0.0, lag > 0.0) {
            (true, true) => Quadrant::HH,
            (false, true) => Quadrant::LH,
            (false, false) => Quadrant::LL,
            (true, false) => Quadrant::HL,
        }
    }
}

/// Local Moran's I of one area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocalMoran {
    pub i: f64,
    pub quadrant: Quadrant,
    /// `None` without permutations, for an island (an area without neighbours), or for an area whose
    /// neighbours are all the other areas (every permutation would give the observed value).
    pub p_sim: Option<f64>,
}

/// Getis-Ord Gi* of one area (the area itself included, binary weights).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GiStar {
    /// `Σ_j w_ij x_j / Σ_j x_j`; `None` when the values sum to zero or less.
    pub g: Option<f64>,
    /// The analytic z-score (0 where it is undefined: an area linked to every area).
    pub z: f64,
    /// `None` in the same cases as [`LocalMoran::p_sim`].
    pub p_sim: Option<f64>,
}

fn check(y: &[f64], w: &Weights) -> Result<(), StatsError> {
    if y.len() != w.n() {
        return Err(StatsError::Length {
            values: y.len(),
            areas: w.n(),
        });
    }
    if y.len() < 4 {
        return Err(StatsError::TooFew(y.len()));
    }
    if let Some(i) = y.iter().position(|v| !v.is_finite()) {
        return Err(StatsError::NotFinite(i));
    }
    Ok(())
}

/// Deviations from the mean and their sum of squares.
fn deviations(y: &[f64]) -> Result<(Vec<f64>, f64), StatsError> {
    let n = y.len() as f64;
    let mean = y.iter().sum::<f64>() / n;
    let z: Vec<f64> = y.iter().map(|v| v - mean).collect();
    let zz: f64 = z.iter().map(|v| v * v).sum();
    if zz <= f64::EPSILON * y.iter().map(|v| v * v).sum::<f64>() || zz == 0.0 {
        return Err(StatsError::NoVariance);
    }
    Ok((z, zz))
}

/// PySAL's folded pseudo p-value from the number of simulations at least as large as the observed value.
fn folded_p(larger: usize, permutations: usize) -> f64 {
    let m = larger.min(permutations - larger);
    (m as f64 + 1.0) / (permutations as f64 + 1.0)
}

fn stream(seed: u64, k: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(k);
    rng
}

/// Random draws shared by every area: for each permutation, `width` distinct indices among `0..n − 1`.
struct Draws {
    width: usize,
    ids: Vec<u32>,
}

impl Draws {
    fn new(n: usize, width: usize, permutations: usize, seed: u64) -> Self {
        let others = n.saturating_sub(1);
        let width = width.min(others);
        let rows: Vec<Vec<u32>> = (0..permutations)
            .into_par_iter()
            .map(|r| {
                let mut rng = stream(seed, r as u64);
                if 2 * width <= others {
                    let mut row: Vec<u32> = Vec::with_capacity(width);
                    while row.len() < width {
                        let j = rng.random_range(0..others) as u32;
                        if !row.contains(&j) {
                            row.push(j);
                        }
                    }
                    row
                } else {
                    let mut pool: Vec<u32> = (0..others as u32).collect();
                    for m in 0..width {
                        let k = rng.random_range(m..pool.len());
                        pool.swap(m, k);
                    }
                    pool.truncate(width);
                    pool
                }
            })
            .collect();
        Self {
            width,
            ids: rows.concat(),
        }
    }

    /// The first `k` draws of permutation `r` for area `i`: indices among all areas, never `i` itself.
    fn for_area(&self, r: usize, i: usize, k: usize) -> impl Iterator<Item = usize> + '_ {
        let row = &self.ids[r * self.width..r * self.width + k];
        row.iter().map(move |&j| {
            if (j as usize) < i {
                j as usize
            } else {
                j as usize + 1
            }
        })
    }
}

fn moran_i(z: &[f64], zz: f64, w: &Weights, s0: f64) -> f64 {
    let lag = w.lag(z);
    let cross: f64 = z.iter().zip(&lag).map(|(a, b)| a * b).sum();
    z.len() as f64 / s0 * cross / zz
}

/// Global Moran's I of `y` on weights `w` (as given: row-standardise them first for the usual statistic).
pub fn moran(y: &[f64], w: &Weights, permutations: usize, seed: u64) -> Result<MoranGlobal, StatsError> {
    check(y, w)?;
    let (z, zz) = deviations(y)?;
    let s0 = w.s0();
    if s0 == 0.0 {
        return Err(StatsError::NoLinks);
    }
    let (s1, s2) = (w.s1(), w.s2());
    let n = y.len() as f64;
    let i = moran_i(&z, zz, w, s0);
    let expected = -1.0 / (n - 1.0);
    let s02 = s0 * s0;
    let var_norm = (n * n * s1 - n * s2 + 3.0 * s02) / ((n * n - 1.0) * s02) - expected * expected;
    let b2 = n * z.iter().map(|v| v.powi(4)).sum::<f64>() / (zz * zz);
    let var_rand = (n * ((n * n - 3.0 * n + 3.0) * s1 - n * s2 + 3.0 * s02)
        - b2 * ((n * n - n) * s1 - 2.0 * n * s2 + 6.0 * s02))
        / ((n - 1.0) * (n - 2.0) * (n - 3.0) * s02)
        - expected * expected;
    let p_sim = (permutations > 0).then(|| {
        let larger = (0..permutations)
            .into_par_iter()
            .filter(|&r| {
                let mut rng = stream(seed, r as u64);
                let mut zs = z.clone();
                // Fisher-Yates.
                for k in (1..zs.len()).rev() {
                    let j = rng.random_range(0..=k);
                    zs.swap(k, j);
                }
                moran_i(&zs, zz, w, s0) >= i
            })
            .count();
        folded_p(larger, permutations)
    });
    Ok(MoranGlobal {
        i,
        expected,
        var_norm,
        z_norm: (i - expected) / var_norm.sqrt(),
        var_rand,
        z_rand: (i - expected) / var_rand.sqrt(),
        p_sim,
        permutations,
    })
}

/// Local Moran's I of every area, in the GeoDa/spdep scale `I_i = n·z_i·Σ_j w_ij z_j / Σ_k z_k²`, with
/// conditional permutation pseudo p-values.
pub fn local_moran(
    y: &[f64],
    w: &Weights,
    permutations: usize,
    seed: u64,
) -> Result<Vec<LocalMoran>, StatsError> {
    check(y, w)?;
    let (z, zz) = deviations(y)?;
    let n = y.len();
    let scale = n as f64 / zz;
    let lag = w.lag(&z);
    let max_k = w.cardinalities().into_iter().max().unwrap_or(0);
    let draws = Draws::new(n, max_k, permutations, seed);
    Ok((0..n)
        .into_par_iter()
        .map(|i| {
            let observed = scale * z[i] * lag[i];
            let (cols, vals) = w.row(i);
            // Without neighbours, or with every other area as a neighbour, there is nothing to permute.
            let p_sim = (permutations > 0 && !cols.is_empty() && cols.len() < n - 1).then(|| {
                let larger = (0..permutations)
                    .filter(|&r| {
                        let sim: f64 = draws
                            .for_area(r, i, cols.len())
                            .zip(vals)
                            .map(|(j, &v)| v * z[j])
                            .sum();
                        scale * z[i] * sim >= observed
                    })
                    .count();
                folded_p(larger, permutations)
            });
            LocalMoran {
                i: observed,
                quadrant: Quadrant::of(z[i], lag[i]),
                p_sim,
            }
        })
        .collect())
}

/// Getis-Ord Gi* of every area: binary weights with the area itself included (built from `w`'s neighbours).
pub fn gi_star(x: &[f64], w: &Weights, permutations: usize, seed: u64) -> Result<Vec<GiStar>, StatsError> {
    check(x, w)?;
    deviations(x)?;
    let ws = w.binary_with_self();
    let n = x.len();
    let nf = n as f64;
    let mean = x.iter().sum::<f64>() / nf;
    let total: f64 = x.iter().sum();
    let s = (x.iter().map(|v| v * v).sum::<f64>() / nf - mean * mean)
        .max(0.0)
        .sqrt();
    let max_k = w.cardinalities().into_iter().max().unwrap_or(0);
    let draws = Draws::new(n, max_k, permutations, seed);
    Ok((0..n)
        .into_par_iter()
        .map(|i| {
            let (cols, vals) = ws.row(i);
            let weight_sum: f64 = vals.iter().sum();
            let weight_sq: f64 = vals.iter().map(|v| v * v).sum();
            let local: f64 = cols.iter().zip(vals).map(|(&j, &v)| v * x[j as usize]).sum();
            let den = s
                * ((nf * weight_sq - weight_sum * weight_sum) / (nf - 1.0))
                    .max(0.0)
                    .sqrt();
            let z = if den > 0.0 {
                (local - mean * weight_sum) / den
            } else {
                0.0
            };
            let own = ws.get(i, i) * x[i];
            let others: Vec<f64> = cols
                .iter()
                .zip(vals)
                .filter(|(j, _)| **j as usize != i)
                .map(|(_, v)| *v)
                .collect();
            // Without neighbours, or with every other area as a neighbour, there is nothing to permute.
            let p_sim = (permutations > 0 && !others.is_empty() && others.len() < n - 1).then(|| {
                let larger = (0..permutations)
                    .filter(|&r| {
                        let sim: f64 = draws
                            .for_area(r, i, others.len())
                            .zip(&others)
                            .map(|(j, &v)| v * x[j])
                            .sum();
                        own + sim >= local
                    })
                    .count();
                folded_p(larger, permutations)
            });
            GiStar {
                g: (total > 0.0).then(|| local / total),
                z,
                p_sim,
            }
        })
        .collect())
}

/// The Benjamini-Hochberg false discovery rate threshold: p-values at or below it are significant at level
/// `alpha`; 0 when none is.
pub fn fdr_threshold(p: &[f64], alpha: f64) -> f64 {
    let mut sorted: Vec<f64> = p.iter().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len() as f64;
    let mut threshold = 0.0;
    for (k, v) in sorted.iter().enumerate() {
        if *v <= alpha * (k as f64 + 1.0) / n {
            threshold = *v;
        }
    }
    threshold
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn lattice(n: usize) -> Weights {
        // Rook contiguity on an n × n lattice.
        let idx = |r: usize, c: usize| r * n + c;
        let lists: Vec<Vec<usize>> = (0..n * n)
            .map(|k| {
                let (r, c) = (k / n, k % n);
                let mut v = Vec::new();
                if r > 0 {
                    v.push(idx(r - 1, c));
                }
                if r + 1 < n {
                    v.push(idx(r + 1, c));
                }
                if c > 0 {
                    v.push(idx(r, c - 1));
                }
                if c + 1 < n {
                    v.push(idx(r, c + 1));
                }
                v
            })
            .collect();
        Weights::from_neighbours(&lists)
    }

    #[test]
    fn local_values_add_up_to_the_global_one() {
        let w = lattice(5).row_standardised();
        let y: Vec<f64> = (0..25).map(|k| ((k * 7) % 11) as f64 + (k / 5) as f64).collect();
        let g = moran(&y, &w, 0, 1).unwrap();
        let l = local_moran(&y, &w, 0, 1).unwrap();
        let sum: f64 = l.iter().map(|v| v.i).sum();
        assert!((sum / w.s0() - g.i).abs() < 1e-12, "{sum} vs {}", g.i);
        assert!((g.expected + 1.0 / 24.0).abs() < 1e-15);
    }

    #[test]
    fn a_gradient_is_positively_autocorrelated_and_significant() {
        let w = lattice(6).row_standardised();
        let y: Vec<f64> = (0..36).map(|k| (k / 6 + k % 6) as f64).collect();
        let g = moran(&y, &w, 499, 7).unwrap();
        assert!(g.i > 0.5 && g.z_norm > 3.0 && g.z_rand > 3.0, "{g:?}");
        assert_eq!(g.p_sim, Some(1.0 / 500.0));
        let l = local_moran(&y, &w, 199, 7).unwrap();
        assert_eq!(l[0].quadrant, Quadrant::LL);
        assert_eq!(l[35].quadrant, Quadrant::HH);
        assert!(l[35].p_sim.unwrap() < 0.05);
    }

    #[test]
    fn results_do_not_depend_on_the_thread_count() {
        let w = lattice(7).row_standardised();
        let y: Vec<f64> = (0..49).map(|k| ((k * 13) % 17) as f64).collect();
        let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let a = one.install(|| {
            (
                local_moran(&y, &w, 99, 3).unwrap(),
                gi_star(&y, &w, 99, 3).unwrap(),
                moran(&y, &w, 99, 3).unwrap(),
            )
        });
        let b = (
            local_moran(&y, &w, 99, 3).unwrap(),
            gi_star(&y, &w, 99, 3).unwrap(),
            moran(&y, &w, 99, 3).unwrap(),
        );
        assert_eq!(a, b);
        assert_ne!(
            local_moran(&y, &w, 99, 4).unwrap(),
            a.0,
            "another seed, other draws"
        );
    }

    #[test]
    fn bad_input_is_refused() {
        let w = lattice(2);
        assert_eq!(
            moran(&[1.0, 2.0, 3.0], &w, 0, 0),
            Err(StatsError::Length { values: 3, areas: 4 })
        );
        assert_eq!(moran(&[1.0; 4], &w, 0, 0), Err(StatsError::NoVariance));
        assert_eq!(
            moran(&[1.0, f64::NAN, 2.0, 3.0], &w, 0, 0),
            Err(StatsError::NotFinite(1))
        );
        let none = Weights::from_neighbours(&[vec![], vec![], vec![], vec![]]);
        assert_eq!(
            moran(&[1.0, 2.0, 3.0, 4.0], &none, 0, 0),
            Err(StatsError::NoLinks)
        );
        let l = local_moran(&[1.0, 2.0, 3.0, 4.0], &none, 99, 0).unwrap();
        assert!(
            l.iter().all(|v| v.i == 0.0 && v.p_sim.is_none()),
            "islands have no inference"
        );
    }

    #[test]
    fn fdr() {
        assert_eq!(fdr_threshold(&[0.001, 0.01, 0.03, 0.5], 0.05), 0.03);
        assert_eq!(fdr_threshold(&[0.2, 0.5], 0.05), 0.0);
    }

    proptest! {
        #[test]
        fn p_values_stay_in_range_and_sums_hold(values in proptest::collection::vec(-100.0f64..100.0, 16), seed in 0u64..1000) {
            let w = lattice(4).row_standardised();
            prop_assume!(values.iter().any(|v| (v - values[0]).abs() > 1e-6));
            let g = moran(&values, &w, 19, seed).unwrap();
            let l = local_moran(&values, &w, 19, seed).unwrap();
            let s: f64 = l.iter().map(|v| v.i).sum();
            prop_assert!((s / w.s0() - g.i).abs() < 1e-9);
            for v in &l {
                let p = v.p_sim.unwrap();
                prop_assert!(p > 0.0 && p <= 0.5 + 1e-12);
            }
            for v in gi_star(&values, &w, 19, seed).unwrap() {
                prop_assert!(v.z.is_finite());
            }
        }
    }
}
