//! The warnings a statistician would give about a multiple systems estimate.

use serde::{Deserialize, Serialize};

use crate::model::{Data, FittedModel, Fitter, Layout, mask_names};
use crate::select::{Chosen, SensitivityPoint};
use crate::stats::pchisq_upper;
use crate::warning::{Warning, codes};

/// Leaving one cell out changing the estimated total by more than this factor (either way) is flagged.
pub const INFLUENCE_FACTOR: f64 = 1.5;
/// Stepwise estimates over the sensitivity thresholds differing by more than this factor (largest / smallest)
/// are flagged.
pub const SENSITIVITY_FACTOR: f64 = 1.5;
/// A goodness-of-fit p-value (residual deviance on its degrees of freedom) below this is flagged.
pub const FIT_P_VALUE: f64 = 0.05;
/// A table with at least this share of empty observable cells is flagged as sparse…
pub const SPARSE_EMPTY_SHARE: f64 = 0.5;
/// …and so is one with fewer people than this per observable cell.
pub const SPARSE_MEAN_COUNT: f64 = 2.0;
/// A hidden count more than this multiple of the observed count is flagged.
pub const LARGE_HIDDEN_FACTOR: f64 = 2.0;
/// The influence check is skipped above this many non-empty cells.
pub const INFLUENCE_MAX_CELLS: usize = 256;

/// The always-present note on what the estimate means.
pub fn scope_note() -> Warning {
    Warning::note(
        codes::SCOPE,
        "The estimate counts the people who could have appeared on at least one of these lists during the \
         period they cover, observed or not. It is not the number of all victims: people whom none of these \
         lists could reach (other places, other forms of exploitation, people who never meet any agency) are \
         outside it. It also assumes that the population did not change over the period and that records were \
         matched across lists without error.",
    )
}

/// Pairs of lists with nobody in common.
pub(crate) fn overlap_warning(data: &Data, lists: &[String]) -> Option<Warning> {
    let k = data.k;
    let mut pairs = Vec::new();
    for i in 0..k {
        for j in i + 1..k {
            if data.nstar[(1 << i) | (1 << j)] == 0 {
                pairs.push(format!("`{}`–`{}`", lists[i], lists[j]));
            }
        }
    }
    (!pairs.is_empty()).then(|| {
        Warning::warn(
            codes::NO_OVERLAP,
            format!(
                "{} pair(s) of lists have nobody in common: {}. Their interaction cannot be estimated (it sits at \
                 minus infinity when included, and the cells containing both lists are dropped), and estimates \
                 from such sparse overlaps are fragile (Chan, Silverman & Vincent 2021).",
                pairs.len(),
                pairs.join(", ")
            ),
        )
    })
}

/// A table with most cells empty, or few people per cell.
pub(crate) fn sparse_warning(data: &Data) -> Option<Warning> {
    let cells = (1usize << data.k) - 1;
    let empty = data.y[1..].iter().filter(|&&c| c == 0).count();
    let share = empty as f64 / cells as f64;
    let mean = data.n as f64 / cells as f64;
    (share >= SPARSE_EMPTY_SHARE || mean < SPARSE_MEAN_COUNT).then(|| {
        Warning::warn(
            codes::SPARSE,
            format!(
                "The table is sparse: {empty} of its {cells} observable cells are empty and there are {mean:.1} \
                 people per cell on average. Models with interactions rest on few people, the existence of \
                 estimates must be checked model by model, and intervals are wide; the bootstrap interval, which \
                 repeats the model choice, is the one to report."
            ),
        )
    })
}

/// The goodness-of-fit warning and the non-convergence warning for the chosen model.
pub(crate) fn fit_warnings(fit: &FittedModel, label: &str) -> Vec<Warning> {
    let mut out = Vec::new();
    if fit.df > 0 {
        let p = pchisq_upper(fit.deviance, fit.df as f64);
        if p < FIT_P_VALUE {
            let advice = if fit.heterogeneity == crate::Heterogeneity::None.name() {
                " Models with a heterogeneity term (Darroch's) allow for people whom every list reaches more \
                 easily than others."
            } else {
                ""
            };
            out.push(Warning::warn(
                codes::POOR_FIT,
                format!(
                    "The chosen model {label} does not fit the table (residual deviance {:.2} on {} df, p = \
                     {p:.3}, ratio {:.2}): some dependence between lists or heterogeneity of capture between \
                     people is not captured by its terms. The estimate may be biased, usually downwards when \
                     some people are harder to reach than others.{advice}",
                    fit.deviance,
                    fit.df,
                    fit.deviance / fit.df as f64
                ),
            ));
        }
    }
    if !fit.converged {
        out.push(Warning::warn(
            codes::NOT_CONVERGED,
            format!(
                "The fit of the chosen model {label} did not converge in {} iterations; its estimate is unreliable.",
                fit.iterations
            ),
        ));
    }
    out
}

/// The estimate without one cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellInfluence {
    /// The lists of the cell's pattern.
    pub pattern: Vec<String>,
    pub count: u64,
    /// The estimated total when this cell is left out of the fit (its people still count as observed); `None`
    /// when the model cannot be fitted without it.
    pub estimate_without: Option<f64>,
    /// `estimate_without` / estimate.
    pub ratio: Option<f64>,
}

/// Leave-one-cell-out refits of the chosen model.
pub(crate) fn influence(
    data: &Data,
    chosen: &Chosen,
    estimate: f64,
    floor: f64,
    lists: &[String],
    fitter: &mut Fitter,
) -> (Vec<CellInfluence>, Option<Warning>) {
    let cells: Vec<(usize, u64)> = data
        .y
        .iter()
        .enumerate()
        .filter(|(m, c)| *m > 0 && **c > 0)
        .map(|(m, c)| (m, *c))
        .collect();
    if cells.len() > INFLUENCE_MAX_CELLS {
        return (Vec::new(), None);
    }
    let n = data.n as f64;
    let mut out = Vec::with_capacity(cells.len());
    let mut flagged = Vec::new();
    for &(mask, count) in &cells {
        let mut y = data.y.clone();
        y[mask] = 0;
        let d = Data::new(data.k, y);
        let layout = Layout::new(&d, &chosen.model, Some(mask));
        let check = fitter.check(&d, &layout);
        let est = if check.ok() {
            fitter
                .fit(&d, &layout, None, None)
                .filter(|f| f.converged)
                .and_then(|f| f.beta.first().map(|b| (n + b.exp()).max(floor)))
                .filter(|e| e.is_finite())
        } else {
            None
        };
        let ratio = est.map(|e| e / estimate);
        let pattern = mask_names(mask as u16, lists);
        if let Some(r) = ratio
            && !(1.0 / INFLUENCE_FACTOR..=INFLUENCE_FACTOR).contains(&r)
        {
            flagged.push(format!(
                "{{{}}} ({count} people): {:.0} instead of {estimate:.0}",
                pattern.join(", "),
                r * estimate
            ));
        }
        out.push(CellInfluence {
            pattern,
            count,
            estimate_without: est,
            ratio,
        });
    }
    let warning = (!flagged.is_empty()).then(|| {
        Warning::warn(
            codes::INFLUENTIAL_CELL,
            format!(
                "The estimate is driven by single cells: leaving one out of the fit changes the estimated total by \
                 more than a factor {INFLUENCE_FACTOR}: {}.",
                flagged.join("; ")
            ),
        )
    });
    (out, warning)
}

/// The threshold-sensitivity warning.
pub(crate) fn sensitivity_warning(points: &[SensitivityPoint]) -> Option<Warning> {
    let min = points.iter().map(|p| p.estimate).fold(f64::INFINITY, f64::min);
    let max = points
        .iter()
        .map(|p| p.estimate)
        .fold(f64::NEG_INFINITY, f64::max);
    if !(min.is_finite() && max.is_finite() && min > 0.0) || max / min <= SENSITIVITY_FACTOR {
        return None;
    }
    let listing: Vec<String> = points
        .iter()
        .map(|p| format!("{} → {:.0}", p.threshold, p.estimate))
        .collect();
    Some(Warning::warn(
        codes::THRESHOLD,
        format!(
            "The stepwise estimate depends on the p-value threshold: from {min:.0} to {max:.0} (a factor {:.2}, \
             more than {SENSITIVITY_FACTOR}) over thresholds {}. Report the bootstrap interval, which repeats the \
             model choice, and say which threshold was used.",
            max / min,
            listing.join(", ")
        ),
    ))
}
