//! Model choice: the stepwise rule of Chan, Silverman & Vincent (2021), the exhaustive BIC search over
//! hierarchical models (Silverman, Chan & Vincent 2024), and main effects only.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{Data, FitOut, Fitter, Heterogeneity, Layout, Model, bic, mask_names, superset_sums};
use crate::stats::{ln_factorial, ppois_ge, ppois_le};
use crate::table::Table;

/// A model fitted on some data, as chosen by a method.
#[derive(Debug, Clone)]
pub(crate) struct Chosen {
    pub model: Model,
    pub layout: Layout,
    pub fit: FitOut,
}

impl Chosen {
    /// exp(intercept): the estimated number of people on no list.
    pub fn hidden(&self) -> f64 {
        self.fit.beta.first().copied().unwrap_or(f64::NAN).exp()
    }
}

/// Starting values for `to` taken from a fit of `from` (0 for new parameters).
fn warm_start(from: &Layout, beta: &[f64], to: &Layout) -> Vec<f64> {
    let mut out: Vec<f64> = to
        .params
        .iter()
        .map(|s| {
            from.params
                .iter()
                .position(|t| t == s)
                .and_then(|j| beta.get(j).copied())
                .unwrap_or(0.0)
        })
        .collect();
    if to.het.is_some() {
        let gamma = if from.het.is_some() {
            beta.get(from.params.len()).copied().unwrap_or(0.0)
        } else {
            0.0
        };
        out.push(gamma);
    }
    out
}

/// Fits `model` if its estimate exists and is identifiable; `Err(code)` otherwise (code 4: the fit failed).
pub(crate) fn fit_checked(
    data: &Data,
    fitter: &mut Fitter,
    model: &Model,
    start: Option<(&Layout, &[f64])>,
) -> std::result::Result<Chosen, u8> {
    let layout = Layout::new(data, model, None);
    let check = fitter.check(data, &layout);
    if !check.ok() {
        return Err(check.code());
    }
    let init = start.map(|(l, b)| warm_start(l, b, &layout));
    let fit = fitter.fit(data, &layout, None, init.as_deref()).ok_or(4u8)?;
    Ok(Chosen {
        model: model.clone(),
        layout,
        fit,
    })
}

/// A candidate pair passed over by the stepwise rule because adding it fails the existence check.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Skip {
    /// The step at which it was passed over (0 = while choosing the first interaction).
    pub step: usize,
    pub term: u16,
    pub p_value: f64,
    pub code: u8,
}

/// The whole stepwise path up to a threshold: `models[i]` has `i` interactions, `p_values[i]` is the p-value
/// of the pair that took `models[i]` to `models[i + 1]`.
#[derive(Debug, Clone)]
pub(crate) struct Path {
    pub fits: Vec<Chosen>,
    pub p_values: Vec<f64>,
    pub skipped: Vec<Skip>,
}

impl Path {
    /// The number of steps taken with threshold `t` (≤ the threshold the path was computed with).
    pub fn steps_for(&self, t: f64) -> usize {
        self.p_values
            .iter()
            .position(|&p| p >= t)
            .unwrap_or(self.p_values.len())
    }
}

/// The stepwise rule (SparseMSE's `stepwisefit`): start from main effects; at each step, for each pair (i, j)
/// not in the model, λ = the sum of the fitted means of the cells containing i and j, N = the number of people on
/// both, p = min(P(X ≤ N), P(X ≥ N)) for X ~ Poisson(λ), and p = 1 if adding the pair fails the existence check;
/// add the pair with the smallest p (the first in the order (1,2), (1,3), …, (2,3), … on ties) if p < threshold.
///
/// Only the candidates with p below the threshold are checked, in increasing order of p: the first that passes
/// is the one the rule picks. With `record_path` every fit along the way is kept.
pub(crate) fn stepwise_path(
    data: &Data,
    fitter: &mut Fitter,
    threshold: f64,
    record_path: bool,
    het: Heterogeneity,
) -> std::result::Result<Path, String> {
    let k = data.k;
    let main = Model::main_effects().with_heterogeneity(het);
    let mut current = fit_checked(data, fitter, &main, None).map_err(|code| match code {
        4 => "the main-effects model could not be fitted".to_owned(),
        c => format!("the main-effects model fails the existence check (code {c})"),
    })?;
    let pairs: Vec<u16> = (0..k)
        .flat_map(|i| (i + 1..k).map(move |j| (1u16 << i) | (1u16 << j)))
        .collect::<Vec<_>>();
    let mut included = vec![false; pairs.len()];
    let mut path = Path {
        fits: Vec::new(),
        p_values: Vec::new(),
        skipped: Vec::new(),
    };
    let mut mu_full = vec![0.0f64; 1 << k];
    let mut cands: Vec<(f64, usize)> = Vec::with_capacity(pairs.len());
    for step in 0..pairs.len() {
        mu_full.iter_mut().for_each(|x| *x = 0.0);
        for (i, &c) in current.layout.cells.iter().enumerate() {
            mu_full[c as usize] = current.fit.mu[i];
        }
        superset_sums(&mut mu_full, k);
        cands.clear();
        for (idx, &pair) in pairs.iter().enumerate() {
            if included[idx] {
                continue;
            }
            let lambda = mu_full[pair as usize];
            let obs = data.nstar[pair as usize];
            let p = ppois_le(obs, lambda).min(ppois_ge(obs, lambda));
            if p < threshold {
                cands.push((p, idx));
            }
        }
        cands.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut next = None;
        for &(p, idx) in &cands {
            let model = current.model.with(pairs[idx]);
            match fit_checked(data, fitter, &model, Some((&current.layout, &current.fit.beta))) {
                Ok(chosen) => {
                    next = Some((p, idx, chosen));
                    break;
                }
                Err(code) => path.skipped.push(Skip {
                    step,
                    term: pairs[idx],
                    p_value: p,
                    code,
                }),
            }
        }
        let Some((p, idx, chosen)) = next else { break };
        included[idx] = true;
        path.p_values.push(p);
        let previous = std::mem::replace(&mut current, chosen);
        if record_path {
            path.fits.push(previous);
        }
    }
    path.fits.push(current);
    Ok(path)
}

/// The stepwise choice at `threshold` (the last fit of the path).
pub(crate) fn stepwise(
    data: &Data,
    fitter: &mut Fitter,
    threshold: f64,
    het: Heterogeneity,
) -> std::result::Result<Chosen, String> {
    let mut path = stepwise_path(data, fitter, threshold, false, het)?;
    path.fits.pop().ok_or_else(|| "empty stepwise path".to_owned())
}

/// The main-effects model, checked.
pub(crate) fn main_effects(
    data: &Data,
    fitter: &mut Fitter,
    het: Heterogeneity,
) -> std::result::Result<Chosen, String> {
    fit_checked(data, fitter, &Model::main_effects().with_heterogeneity(het), None).map_err(|code| match code
    {
        4 => "the main-effects model could not be fitted".to_owned(),
        c => format!("the main-effects model fails the existence check (code {c})"),
    })
}

/// The default maximum interaction order of the BIC search: 2 lists → 1; 3 → 2; 4–5 → 3; 6 → 2; not offered
/// above 6 lists.
pub fn default_max_order(lists: usize) -> Result<usize> {
    match lists {
        0..=2 => Ok(1),
        3 => Ok(2),
        4 | 5 => Ok(3),
        6 => Ok(2),
        k => Err(Error::BicTooManyLists(k)),
    }
}

/// All hierarchical models with all main effects and interaction terms of at most `max_order` lists, main
/// effects first. Terms are considered by size, then in the order of their list indices.
pub fn hierarchical_models(lists: usize, max_order: usize) -> Vec<Model> {
    let k = lists.min(crate::MAX_LISTS);
    let mut cands: Vec<u16> = (1..(1u32 << k))
        .map(|m| m as u16)
        .filter(|m| m.count_ones() >= 2 && m.count_ones() as usize <= max_order)
        .collect();
    cands.sort_by_key(|&m| {
        (
            m.count_ones(),
            (0..16).filter(|i| m & (1 << i) != 0).collect::<Vec<u32>>(),
        )
    });
    let mut out = Vec::new();
    let mut current = Vec::new();
    fn rec(i: usize, cands: &[u16], current: &mut Vec<u16>, out: &mut Vec<Model>) {
        if i == cands.len() {
            if let Ok(m) = Model::from_masks(current.iter().copied()) {
                out.push(m);
            }
            return;
        }
        let t = cands[i];
        rec(i + 1, cands, current, out);
        let allowed = (0..16).filter(|b| t & (1 << b) != 0).all(|b| {
            let sub = t & !(1 << b);
            sub.count_ones() < 2 || current.contains(&sub)
        });
        if allowed {
            current.push(t);
            rec(i + 1, cands, current, out);
            current.pop();
        }
    }
    rec(0, &cands, &mut current, &mut out);
    out
}

/// One model of the BIC ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankedModel {
    /// Interaction terms (list names).
    pub terms: Vec<Vec<String>>,
    /// The existence/identifiability code (0 fine, 1 does not exist, 2 not identifiable, 3 both; 4 the fit
    /// failed).
    pub code: u8,
    /// Estimated total (`None` for inadmissible models).
    pub estimate: Option<f64>,
    /// BIC (`None` for inadmissible models).
    pub bic: Option<f64>,
    /// Parameters counted in the BIC (intercept and those at −∞ included).
    pub parameters: usize,
    /// Residual deviance.
    pub deviance: Option<f64>,
    pub converged: bool,
}

/// Results of fitting every candidate model.
pub(crate) struct Ranking {
    /// Admissible models sorted by BIC (ties in enumeration order), with their fits.
    pub admissible: Vec<Chosen>,
    pub admissible_bic: Vec<f64>,
    /// The inadmissible ones with their codes (enumeration order).
    pub inadmissible: Vec<(Model, u8)>,
}

pub(crate) fn rank_models(data: &Data, models: &[Model]) -> Ranking {
    let results: Vec<std::result::Result<(Chosen, f64), (Model, u8)>> = models
        .par_iter()
        .map_init(Fitter::new, |fitter, model| {
            match fit_checked(data, fitter, model, None) {
                Ok(ch) => {
                    let b = bic(ch.layout.total_params, data.n, ch.fit.loglik);
                    if b.is_finite() {
                        Ok((ch, b))
                    } else {
                        Err((model.clone(), 4))
                    }
                }
                Err(code) => Err((model.clone(), code)),
            }
        })
        .collect();
    let mut ok: Vec<(usize, Chosen, f64)> = Vec::new();
    let mut inadmissible = Vec::new();
    for (i, r) in results.into_iter().enumerate() {
        match r {
            Ok((ch, b)) => ok.push((i, ch, b)),
            Err(e) => inadmissible.push(e),
        }
    }
    ok.sort_by(|a, b| a.2.total_cmp(&b.2).then(a.0.cmp(&b.0)));
    let admissible_bic = ok.iter().map(|x| x.2).collect();
    Ranking {
        admissible: ok.into_iter().map(|x| x.1).collect(),
        admissible_bic,
        inadmissible,
    }
}

/// The BIC choice among `models` (given in ranking order) on replicate data: the smallest BIC, ties to the
/// earlier model. Models are tried by increasing number of parameters and the search stops once
/// parameters · log(n) − 2 · (saturated log likelihood), a lower bound of every remaining BIC, exceeds the best
/// BIC found: the result is the same as fitting them all.
pub(crate) struct BicChooser {
    models: Vec<Model>,
    order: Vec<usize>,
    /// Starting values from the fits on the original data.
    starts: Vec<(Layout, Vec<f64>)>,
}

impl BicChooser {
    pub fn new(chosen: &[Chosen], k: usize) -> Self {
        let models: Vec<Model> = chosen.iter().map(|c| c.model.clone()).collect();
        // the original best first (it gives a low BIC to prune with at once), then by number of parameters
        let mut order: Vec<usize> = (1..models.len()).collect();
        order.sort_by_key(|&i| (models[i].num_params(k), i));
        if !models.is_empty() {
            order.insert(0, 0);
        }
        let starts = chosen
            .iter()
            .map(|c| (c.layout.clone(), c.fit.beta.clone()))
            .collect();
        Self {
            models,
            order,
            starts,
        }
    }

    pub fn choose(&self, data: &Data, fitter: &mut Fitter) -> std::result::Result<Chosen, String> {
        let k = data.k;
        let ln_n = (data.n as f64).ln();
        let mut sat = 0.0;
        for &y in &data.y[1..] {
            if y > 0 {
                let yf = y as f64;
                sat += yf * yf.ln() - yf - ln_factorial(y);
            }
        }
        let mut best: Option<(f64, usize, Chosen)> = None;
        for &i in &self.order {
            let model = &self.models[i];
            if let Some((b, _, _)) = &best {
                let bound = model.num_params(k) as f64 * ln_n - 2.0 * sat;
                if bound > *b {
                    if i == 0 {
                        continue;
                    }
                    break;
                }
            }
            let (l, beta) = &self.starts[i];
            if let Ok(ch) = fit_checked(data, fitter, model, Some((l, beta))) {
                let b = bic(ch.layout.total_params, data.n, ch.fit.loglik);
                if !b.is_finite() {
                    continue;
                }
                let better = match &best {
                    None => true,
                    Some((bb, bi, _)) => b < *bb || (b == *bb && i < *bi),
                };
                if better {
                    best = Some((b, i, ch));
                }
            }
        }
        best.map(|x| x.2)
            .ok_or_else(|| "no candidate model could be fitted".to_owned())
    }
}

/// One point of [`threshold_sensitivity`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SensitivityPoint {
    pub threshold: f64,
    /// Estimated total.
    pub estimate: f64,
    /// Interaction terms chosen.
    pub terms: Vec<Vec<String>>,
}

/// The default thresholds of the sensitivity check.
pub const SENSITIVITY_THRESHOLDS: [f64; 7] = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1];

pub(crate) fn sensitivity_from_path(
    path: &Path,
    thresholds: &[f64],
    n_informative: u64,
    n_total: u64,
    lists: &[String],
) -> Vec<SensitivityPoint> {
    thresholds
        .iter()
        .filter_map(|&t| {
            let s = path.steps_for(t);
            path.fits.get(s).map(|ch| SensitivityPoint {
                threshold: t,
                estimate: (n_informative as f64 + ch.hidden()).max(n_total as f64),
                terms: ch.model.term_names(lists),
            })
        })
        .collect()
}

/// The stepwise estimate for each threshold (the table is tidied first). The stepwise path is nested in the
/// threshold, so one path at the largest threshold gives them all.
pub fn threshold_sensitivity(table: &Table, thresholds: &[f64]) -> Result<Vec<SensitivityPoint>> {
    for &t in thresholds {
        if !(0.0..=1.0).contains(&t) {
            return Err(Error::InvalidOption(format!("threshold {t} is not in [0, 1]")));
        }
    }
    let tidy = table.tidy()?;
    let data = Data::from_table(&tidy.table);
    let n_total = data.n + tidy.off_list;
    let max = thresholds.iter().copied().fold(0.0, f64::max);
    let mut fitter = Fitter::new();
    let path =
        stepwise_path(&data, &mut fitter, max, true, Heterogeneity::None).map_err(Error::NoEstimate)?;
    Ok(sensitivity_from_path(
        &path,
        thresholds,
        data.n,
        n_total,
        tidy.table.lists(),
    ))
}

/// Names of a term.
pub(crate) fn term_label(term: u16, lists: &[String]) -> String {
    mask_names(term, lists).join(":")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};

    #[test]
    fn counts_of_hierarchical_models() {
        let count = |k, r| hierarchical_models(k, r).len();
        assert_eq!(count(3, 2), 8);
        assert_eq!(count(4, 3), 113);
        assert_eq!(count(5, 2), 1024);
        assert_eq!(count(6, 2), 32768);
        assert!(hierarchical_models(4, 3).iter().all(Model::is_hierarchical));
        assert_eq!(hierarchical_models(3, 2)[0], Model::main_effects());
        assert_eq!(default_max_order(2).unwrap(), 1);
        assert_eq!(default_max_order(3).unwrap(), 2);
        assert_eq!(default_max_order(5).unwrap(), 3);
        assert_eq!(default_max_order(6).unwrap(), 2);
        assert!(default_max_order(7).is_err());
    }

    #[test]
    fn pruned_bic_choice_equals_exhaustive_choice() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let mut fitter = Fitter::new();
        let models = hierarchical_models(4, 3);
        for _ in 0..12 {
            let y: Vec<u64> = (0..16)
                .map(|c| if c == 0 { 0 } else { rng.random_range(0..25) })
                .collect();
            let data = Data::new(4, y);
            let ranking = rank_models(&data, &models);
            if ranking.admissible.is_empty() {
                continue;
            }
            let chooser = BicChooser::new(&ranking.admissible, 4);
            for _ in 0..5 {
                let y2: Vec<u64> = data
                    .y
                    .iter()
                    .map(|&v| if v == 0 { 0 } else { rng.random_range(0..=2 * v) })
                    .collect();
                let d2 = Data::new(4, y2);
                if d2.n == 0 {
                    continue;
                }
                let fast = chooser.choose(&d2, &mut fitter).ok().map(|c| c.model);
                let mut best: Option<(f64, Model)> = None;
                for ch in &ranking.admissible {
                    if let Ok(c) = fit_checked(&d2, &mut fitter, &ch.model, None) {
                        let b = bic(c.layout.total_params, d2.n, c.fit.loglik);
                        if best.as_ref().is_none_or(|(bb, _)| b < *bb - 1e-9) {
                            best = Some((b, c.model));
                        }
                    }
                }
                assert_eq!(fast, best.map(|b| b.1));
            }
        }
    }

    #[test]
    fn stepwise_paths_are_nested_in_the_threshold() {
        let y = vec![0, 5, 5, 54, 41, 6, 0, 12];
        let data = Data::new(3, y);
        let mut fitter = Fitter::new();
        let path = stepwise_path(&data, &mut fitter, 0.1, true, Heterogeneity::None).unwrap();
        for t in [0.001, 0.02, 0.1] {
            let direct = stepwise(&data, &mut fitter, t, Heterogeneity::None).unwrap();
            let from_path = &path.fits[path.steps_for(t)];
            assert_eq!(direct.model, from_path.model);
        }
    }
}
