//! Emerging hot spots: for each area, Getis-Ord Gi* of every period, and the Mann-Kendall trend of its z-scores.
//!
//! An area is a hot spot in a period when its Gi* z is positive with a pseudo p-value at most `alpha`. Its status:
//! **emerging** when it is a hot spot in the latest period and its z-scores rise (Mann-Kendall `S > 0`, p ≤
//! `TREND_ALPHA`); **diminishing** when it is a hot spot now but its z-scores fall; **persistent** when it is a
//! hot spot now without a trend; otherwise **not hot**. This is a simplified version of the space-time categories
//! of ArcGIS's emerging hot spot analysis, stated here so that the report can say exactly what it did.

use serde::Serialize;
use vigie_spatial::{Weights, gi_star};

use crate::DiagnosisError;
use crate::trend::{Trend, mann_kendall};

/// The significance level of the trend of z-scores (series are short: 5 yearly values give p ≥ 1/60).
pub const TREND_ALPHA: f64 = 0.1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Emerging,
    Persistent,
    Diminishing,
    NotHot,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Emerging {
    /// Gi* z of each period, oldest first.
    pub z: Vec<f64>,
    pub latest_p: Option<f64>,
    pub trend: Trend,
    pub status: Status,
}

/// `series[t][i]` is the value (e.g. a smoothed incident rate) of area `i` in period `t`, oldest first.
pub fn emerging_hot_spots(
    series: &[Vec<f64>],
    w: &Weights,
    permutations: usize,
    seed: u64,
    alpha: f64,
) -> Result<Vec<Emerging>, DiagnosisError> {
    let n = w.n();
    if series.is_empty() {
        return Err(DiagnosisError::Input("no period".into()));
    }
    let mut per_period = Vec::with_capacity(series.len());
    for (t, values) in series.iter().enumerate() {
        if values.len() != n {
            return Err(DiagnosisError::Length(values.len(), n));
        }
        let gi = gi_star(values, w, permutations, seed.wrapping_add(t as u64))
            .map_err(|e| DiagnosisError::Input(format!("period {t}: {e}")))?;
        per_period.push(gi);
    }
    Ok((0..n)
        .map(|i| {
            let z: Vec<f64> = per_period.iter().map(|gi| gi[i].z).collect();
            let latest = &per_period[per_period.len() - 1][i];
            let hot_now = latest.z > 0.0 && latest.p_sim.is_some_and(|p| p <= alpha);
            let trend = mann_kendall(&z);
            let status = match (hot_now, trend.p <= TREND_ALPHA, trend.s) {
                (false, _, _) => Status::NotHot,
                (true, true, s) if s > 0 => Status::Emerging,
                (true, true, s) if s < 0 => Status::Diminishing,
                (true, _, _) => Status::Persistent,
            };
            Emerging {
                z,
                latest_p: latest.p_sim,
                trend,
                status,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rook weights on a `side` × `side` lattice.
    fn lattice(side: usize) -> Weights {
        let lists: Vec<Vec<usize>> = (0..side * side)
            .map(|k| {
                let (r, c) = (k / side, k % side);
                let mut v = Vec::new();
                if r > 0 {
                    v.push(k - side);
                }
                if r + 1 < side {
                    v.push(k + side);
                }
                if c > 0 {
                    v.push(k - 1);
                }
                if c + 1 < side {
                    v.push(k + 1);
                }
                v
            })
            .collect();
        Weights::from_neighbours(&lists)
    }

    /// Five periods on a 10 × 10 lattice: a textured background that stays the same, and a cluster of four
    /// interior cells raised by `lift(t)`.
    fn scenario(lift: impl Fn(usize) -> f64) -> (Weights, Vec<Vec<f64>>) {
        let side = 10;
        let cluster = [33usize, 34, 43, 44];
        let series = (0..5)
            .map(|t| {
                (0..side * side)
                    .map(|k| {
                        let background = 10.0 + ((k * 7) % 5) as f64;
                        if cluster.contains(&k) {
                            background + lift(t)
                        } else {
                            background
                        }
                    })
                    .collect()
            })
            .collect();
        (lattice(side), series)
    }

    fn statuses(lift: impl Fn(usize) -> f64) -> Vec<Status> {
        let (w, series) = scenario(lift);
        let out = emerging_hot_spots(&series, &w, 999, 11, 0.05).unwrap();
        assert_eq!(out[77].status, Status::NotHot, "a background cell: {:?}", out[77]);
        [33, 34, 43, 44].iter().map(|&k| out[k].status).collect()
    }

    #[test]
    fn a_growing_cluster_is_emerging() {
        // From nothing to a clear cluster (Gi* z is scale-free: a cluster that already dominates cannot rise).
        assert_eq!(
            statuses(|t| [0.0, 3.0, 6.0, 9.0, 12.0][t]),
            vec![Status::Emerging; 4]
        );
    }

    #[test]
    fn a_steady_cluster_is_persistent() {
        // The lift wobbles without a trend.
        assert_eq!(
            statuses(|t| [15.0, 13.0, 16.0, 14.0, 15.0][t]),
            vec![Status::Persistent; 4]
        );
    }

    #[test]
    fn a_fading_cluster_is_diminishing() {
        assert_eq!(
            statuses(|t| [16.0, 13.0, 10.0, 8.0, 6.0][t]),
            vec![Status::Diminishing; 4]
        );
    }

    #[test]
    fn periods_must_cover_every_area() {
        let w = lattice(3);
        assert!(emerging_hot_spots(&[vec![1.0; 8]], &w, 9, 1, 0.05).is_err());
        assert!(emerging_hot_spots(&[], &w, 9, 1, 0.05).is_err());
    }
}
