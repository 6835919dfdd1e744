//! Multiple systems estimation (MSE): how many people are missed by every list, from who is on which lists.
//!
//! # The data
//! A capture-history [`Table`] has one 0/1 column per list (2 to [`MAX_LISTS`]) and the number of people seen
//! with each pattern. The pattern "on no list" cannot be observed: its count is what is estimated. Tables are
//! tidied before estimation ([`Table::tidy`]): repeated patterns are summed, and lists that are empty, identical to
//! another list or that hold every observed person are dropped, with a note saying so.
//!
//! # The model
//! The counts of the 2^k − 1 observable cells are modelled as independent Poisson variables with a log-linear
//! mean: an intercept (its exponential is the expected number of people on no list), main effects, and
//! interaction terms between lists, coded 0/1 (the column of term S is 1 for the cells that contain all lists
//! of S). When the lists of a term have nobody in common, its maximum likelihood value is minus infinity: the term
//! is left out and the cells containing it are deleted, following Chan, Silverman & Vincent (2021) and their R
//! package SparseMSE. Models are fitted by iteratively reweighted least squares ([`model`]).
//!
//! Before a model is trusted, the existence and identifiability of its maximum likelihood estimate are checked
//! ([`check_model`], SparseMSE's `checkident`): with A the transpose of the design after the deletions and
//! t = A·y, the linear programme "maximise s subject to A·x = t, x ≥ 0, x_c ≥ s" has optimum 0 exactly when the
//! estimate does not exist (Fienberg & Rinaldo 2012); a rank-deficient design is not identifiable.
//!
//! # Model choice ([`Method`])
//! * `Stepwise` — the rule of Chan, Silverman & Vincent (2021): from main effects, add the pairwise interaction
//!   whose one-sided Poisson p-value is smallest, while it is below a threshold (0.02) and the model passes the
//!   check.
//! * `Bic` — all hierarchical models up to a maximum order, ranked by BIC = parameters · log(n) − 2 · log
//!   likelihood (Silverman, Chan & Vincent 2024, Rcapture's convention for n), inadmissible ones left out.
//! * `Main` — main effects only.
//!
//! # Heterogeneity of capture
//! When some people are easier for every list to reach than others, they are on several lists more often than
//! pairwise terms allow, and the estimates of those models fall short (the classic downward bias). Every method can
//! add one heterogeneity term to all its models ([`Options::heterogeneity`], [`Heterogeneity`]): a column h(k) of
//! the number k of lists a cell's people are on, as in Rcapture's Mh and Mth models (Darroch et al. 1993; Rivest &
//! Baillargeon 2007), with its coefficient kept ≥ 0. On the demo city's generator (a hidden normal visibility,
//! agencies specialised by form of exploitation and age, referrals) the BIC method with Darroch's term is unbiased
//! in the median and its intervals reach the nominal coverage; SparseMSE's models (no term, the default) do not.
//!
//! # Intervals
//! The nonparametric bootstrap resamples the observed people and repeats the whole model choice in each
//! replicate; its percentiles get the BCa correction (Efron 1987; DiCiccio & Efron 1996) with the acceleration
//! from a jackknife over observed people, as in SparseMSE's `estimate_population_stepwise` and `ntopBCa`.
//! Replicates are seeded per index (ChaCha8, stream = replicate index) and run in parallel with rayon: results do
//! not depend on the number of threads. The profile-likelihood interval and the log-normal interval of Chao
//! (1987) are given for the chosen model, conditional on it.
//!
//! # Warnings
//! [`estimate`] returns structured [`Warning`]s with stable codes ([`warning::codes`]): lists that never
//! overlap, sparse tables, single cells that drive the estimate, models whose estimate does not exist, lack of
//! fit (heterogeneity not captured), dependence on the stepwise threshold, failed replicates, and an always-present
//! note on what the estimate means.
//!
//! # Sources
//! * Chan, L., Silverman, B. W. & Vincent, K. (2021). Multiple systems estimation for sparse capture data:
//!   inferential challenges when there are nonoverlapping lists. *JASA* 116(535), 1297–1306.
//! * Silverman, B. W., Chan, L. & Vincent, K. (2024). Bootstrapping multiple systems estimates to account for
//!   model selection. *Statistics and Computing* 34, 44.
//! * Fienberg, S. E. & Rinaldo, A. (2012). Maximum likelihood estimation in log-linear models. *Ann. Statist.* 40,
//!   996–1023.
//! * Efron, B. (1987). Better bootstrap confidence intervals. *JASA* 82(397), 171–185.
//! * Darroch, J. N., Fienberg, S. E., Glonek, G. F. V. & Junker, B. W. (1993). A three-sample multiple-recapture
//!   approach to census population estimation with heterogeneous catchability. *JASA* 88(423), 1137–1148.
//! * Rivest, L.-P. & Baillargeon, S. (2007). Applications and extensions of Chao's moment estimator for the size
//!   of a closed population. *Biometrics* 63, 999–1006 (the R package Rcapture).
//! * Chao, A. (1987). Estimating the population size for capture-recapture data with unequal catchability.
//!   *Biometrics* 43, 783–791.
//!
//! Pure library: data in, results out, deterministic given the seed; no I/O beyond parsing from a reader.

pub mod capture;
mod diagnostics;
pub mod error;
mod interval;
mod lp;
pub mod model;
mod select;
pub mod simulate;
pub mod stats;
pub mod table;
pub mod warning;

use serde::{Deserialize, Serialize};

pub use diagnostics::{
    CellInfluence, FIT_P_VALUE, INFLUENCE_FACTOR, INFLUENCE_MAX_CELLS, LARGE_HIDDEN_FACTOR,
    SENSITIVITY_FACTOR, SPARSE_EMPTY_SHARE, SPARSE_MEAN_COUNT, scope_note,
};
pub use error::{Error, Result};
pub use interval::{Bca, Interval, IntervalMethod, ProfileInterval};
pub use model::{Check, FittedModel, Heterogeneity, Model, check_model, fit_model};
pub use select::{
    RankedModel, SENSITIVITY_THRESHOLDS, SensitivityPoint, default_max_order, hierarchical_models,
    threshold_sensitivity,
};
pub use table::{MAX_LISTS, Table, Tidy};
pub use warning::{Severity, Warning, codes};

use interval::Runner;
use model::{Data, Fitter};
use select::{BicChooser, Chosen, term_label};
use stats::pnorm;

/// How the model is chosen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "name", rename_all = "lowercase")]
pub enum Method {
    /// The stepwise rule with a p-value threshold (SparseMSE's default 0.02).
    Stepwise { threshold: f64 },
    /// The smallest BIC among hierarchical models up to `max_order` (default: [`default_max_order`]); the
    /// bootstrap repeats the choice among the best `ntop` models of the original ranking (default: all admissible).
    Bic {
        max_order: Option<usize>,
        ntop: Option<usize>,
    },
    /// Main effects only.
    Main,
}

impl Default for Method {
    fn default() -> Self {
        Method::Stepwise { threshold: 0.02 }
    }
}

impl Method {
    /// The BIC search with its defaults.
    pub fn bic() -> Self {
        Method::Bic {
            max_order: None,
            ntop: None,
        }
    }

    /// The method's name as in the JSON output.
    pub fn name(&self) -> &'static str {
        match self {
            Method::Stepwise { .. } => "stepwise",
            Method::Bic { .. } => "bic",
            Method::Main => "main",
        }
    }
}

/// |z0| above this (fewer than about 2.5% of bootstrap estimates on one side of the estimate), or a BCa interval
/// that excludes the estimate, is flagged as an unstable model choice.
pub const BCA_Z0_LIMIT: f64 = 1.96;

/// The largest number of bootstrap replicates accepted.
pub const MAX_BOOTSTRAP: usize = 1_000_000;

/// Options of [`estimate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Options {
    pub method: Method,
    /// Bootstrap replicates (0: no bootstrap, the interval is then the log-normal one).
    pub bootstrap: usize,
    /// Seed of the bootstrap.
    pub seed: u64,
    /// Confidence level of the intervals.
    pub level: f64,
    /// A heterogeneity term added to every model considered (none by default, as SparseMSE).
    pub heterogeneity: Heterogeneity,
    /// Run the diagnostics that refit models (leave-one-cell-out influence, threshold sensitivity, profile
    /// likelihood). The cheap warnings are always given.
    pub diagnostics: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            method: Method::default(),
            bootstrap: 1000,
            seed: 1234,
            level: 0.95,
            heterogeneity: Heterogeneity::None,
            diagnostics: true,
        }
    }
}

/// Bootstrap details (for a histogram of the replicate estimates).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BootstrapReport {
    pub replicates: usize,
    pub seed: u64,
    /// Replicates where no model could be fitted (left out of the interval).
    pub failed: usize,
    /// The estimates of the other replicates, in replicate order.
    pub estimates: Vec<f64>,
    pub z0: Option<f64>,
    pub acceleration: Option<f64>,
    /// Jackknife deletions where no model could be fitted (left out of the acceleration).
    pub jackknife_failed: usize,
}

/// One step of the stepwise rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// The pair added.
    pub term: Vec<String>,
    pub p_value: f64,
    /// The estimated total after adding it.
    pub estimate: f64,
}

/// The result of [`estimate`]. Serialises to JSON with at least `observed`, `estimate`, `hidden`, `interval`
/// (`level`, `lower`, `upper`, `method`), `model.terms` and `warnings`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// People observed on at least one list.
    pub observed: u64,
    /// Estimated total.
    pub estimate: f64,
    /// estimate − observed.
    pub hidden: f64,
    /// The interval reported: BCa with a bootstrap, log-normal without.
    pub interval: Interval,
    /// The chosen model (terms, fit statistics).
    pub model: FittedModel,
    pub warnings: Vec<Warning>,
    /// "stepwise", "bic" or "main".
    pub method: String,
    /// The lists used, after tidying.
    pub lists: Vec<String>,
    /// People observed only on dropped lists.
    pub off_list: u64,
    pub deviance: f64,
    pub df: i64,
    pub bic: f64,
    /// The model-conditional log-normal interval.
    pub lognormal: Option<Interval>,
    /// The model-conditional profile-likelihood interval.
    pub profile: Option<ProfileInterval>,
    pub bootstrap: Option<BootstrapReport>,
    pub failed_replicates: usize,
    /// The stepwise path (stepwise only).
    pub steps: Option<Vec<Step>>,
    /// The BIC ranking, admissible models by BIC then the inadmissible ones (bic only).
    pub ranking: Option<Vec<RankedModel>>,
    /// The stepwise estimate per threshold (stepwise only).
    pub sensitivity: Option<Vec<SensitivityPoint>>,
    /// Leave-one-cell-out estimates.
    pub influence: Vec<CellInfluence>,
}

fn validate(options: &Options) -> Result<()> {
    if !(options.level > 0.0 && options.level < 1.0) {
        return Err(Error::InvalidOption(format!(
            "level {} is not strictly between 0 and 1",
            options.level
        )));
    }
    if let Method::Stepwise { threshold } = options.method
        && !(0.0..=1.0).contains(&threshold)
    {
        return Err(Error::InvalidOption(format!(
            "threshold {threshold} is not in [0, 1]"
        )));
    }
    if options.bootstrap > MAX_BOOTSTRAP {
        return Err(Error::InvalidOption(format!(
            "{} bootstrap replicates, at most {MAX_BOOTSTRAP} are allowed",
            options.bootstrap
        )));
    }
    if let Method::Bic { ntop: Some(0), .. } = options.method {
        return Err(Error::InvalidOption("ntop must be at least 1".to_owned()));
    }
    if let Method::Bic {
        max_order: Some(0), ..
    } = options.method
    {
        return Err(Error::InvalidOption("max_order must be at least 1".to_owned()));
    }
    Ok(())
}

/// Estimates the total population from a capture-history table: tidies it, chooses and fits a model, computes
/// the intervals and the warnings.
pub fn estimate(table: &Table, options: &Options) -> Result<Estimate> {
    validate(options)?;
    let tidy = table.tidy()?;
    let t = &tidy.table;
    let lists = t.lists().to_vec();
    let k = lists.len();
    let data = Data::from_table(t);
    let n_inf = data.n;
    let n_total = n_inf + tidy.off_list;
    let floor = n_total as f64;
    let level = options.level;
    let mut fitter = Fitter::new();
    let mut warnings: Vec<Warning> = vec![scope_note()];
    warnings.extend(tidy.notes.iter().cloned());

    let mut steps = None;
    let mut ranking = None;
    let mut sensitivity = None;
    let het = options.heterogeneity;
    let (chosen, runner): (Chosen, Runner) = match &options.method {
        Method::Stepwise { threshold } => {
            let reach = if options.diagnostics {
                SENSITIVITY_THRESHOLDS.iter().copied().fold(*threshold, f64::max)
            } else {
                *threshold
            };
            let path =
                select::stepwise_path(&data, &mut fitter, reach, true, het).map_err(Error::NoEstimate)?;
            let s = path.steps_for(*threshold);
            let chosen = path
                .fits
                .get(s)
                .cloned()
                .ok_or_else(|| Error::NoEstimate("empty path".to_owned()))?;
            steps = Some(
                (0..s)
                    .filter_map(|i| {
                        let after = path.fits.get(i + 1)?;
                        let added = after
                            .model
                            .terms()
                            .iter()
                            .find(|x| !path.fits[i].model.terms().contains(x))?;
                        Some(Step {
                            term: model::mask_names(*added, &lists),
                            p_value: path.p_values[i],
                            estimate: (n_inf as f64 + after.hidden()).max(floor),
                        })
                    })
                    .collect(),
            );
            let skipped: Vec<String> = path
                .skipped
                .iter()
                .filter(|sk| sk.step <= s && sk.p_value < *threshold)
                .map(|sk| {
                    format!(
                        "{} (p = {:.2e}, code {})",
                        term_label(sk.term, &lists),
                        sk.p_value,
                        sk.code
                    )
                })
                .collect();
            if !skipped.is_empty() {
                warnings.push(Warning::warn(
                    codes::NO_MLE,
                    format!(
                        "The stepwise rule passed over {} interaction(s) below the threshold because the model \
                         with them has no maximum likelihood estimate or is not identifiable: {}.",
                        skipped.len(),
                        skipped.join(", ")
                    ),
                ));
            }
            if options.diagnostics {
                let points =
                    select::sensitivity_from_path(&path, &SENSITIVITY_THRESHOLDS, n_inf, n_total, &lists);
                if let Some(w) = diagnostics::sensitivity_warning(&points) {
                    warnings.push(w);
                }
                sensitivity = Some(points);
            }
            (chosen, Runner::Stepwise(*threshold, het))
        }
        Method::Main => {
            let chosen = select::main_effects(&data, &mut fitter, het).map_err(Error::NoEstimate)?;
            (chosen, Runner::Main(het))
        }
        Method::Bic { max_order, ntop } => {
            let order = match max_order {
                Some(o) => {
                    default_max_order(k)?;
                    (*o).min(k)
                }
                None => default_max_order(k)?,
            };
            let models: Vec<Model> = hierarchical_models(k, order)
                .into_iter()
                .map(|m| m.with_heterogeneity(het))
                .collect();
            let ranked = select::rank_models(&data, &models);
            let Some(best) = ranked.admissible.first().cloned() else {
                return Err(Error::NoEstimate(format!(
                    "none of the {} hierarchical models up to order {order} has an estimate on these data",
                    models.len()
                )));
            };
            if !ranked.inadmissible.is_empty() {
                warnings.push(Warning::note(
                    codes::NO_MLE,
                    format!(
                        "{} of the {} candidate models were left out because their maximum likelihood estimate \
                         does not exist or is not identifiable on these data (the Fienberg–Rinaldo check).",
                        ranked.inadmissible.len(),
                        models.len()
                    ),
                ));
            }
            let mut rows: Vec<RankedModel> = ranked
                .admissible
                .iter()
                .zip(&ranked.admissible_bic)
                .map(|(ch, b)| RankedModel {
                    terms: ch.model.term_names(&lists),
                    code: 0,
                    estimate: Some((n_inf as f64 + ch.hidden()).max(floor)),
                    bic: Some(*b),
                    parameters: ch.layout.total_params,
                    deviance: Some(ch.fit.deviance),
                    converged: ch.fit.converged,
                })
                .collect();
            rows.extend(ranked.inadmissible.iter().map(|(m, code)| RankedModel {
                terms: m.term_names(&lists),
                code: *code,
                estimate: None,
                bic: None,
                parameters: m.num_params(k),
                deviance: None,
                converged: false,
            }));
            ranking = Some(rows);
            let top = ntop.unwrap_or(usize::MAX).min(ranked.admissible.len());
            let chooser = BicChooser::new(&ranked.admissible[..top], k);
            (best, Runner::Bic(chooser))
        }
    };

    let fitted = FittedModel::new(&lists, &chosen.model, &data, &chosen.layout, &chosen.fit);
    let hidden_hat = chosen.hidden();
    let point = (n_inf as f64 + hidden_hat).max(floor);
    let label = chosen.model.label(&lists);

    // cheap warnings
    if let Some(w) = diagnostics::overlap_warning(&data, &lists) {
        warnings.push(w);
    }
    if let Some(w) = diagnostics::sparse_warning(&data) {
        warnings.push(w);
    }
    warnings.extend(diagnostics::fit_warnings(&fitted, &label));
    if point - floor > LARGE_HIDDEN_FACTOR * floor {
        warnings.push(Warning::warn(
            codes::LARGE_HIDDEN,
            format!(
                "Most of the estimate is people nobody saw: {:.0} hidden for {n_total} observed. Such an estimate \
                 rests on the model's extrapolation to the empty cell more than on the data.",
                point - floor
            ),
        ));
    }

    let lognormal = interval::lognormal(n_inf as f64, hidden_hat, chosen.fit.cov00, level, floor);
    let mut profile = None;
    let mut influence = Vec::new();
    if options.diagnostics {
        profile = interval::profile(&data, &chosen, &mut fitter, level, floor);
        let (inf, w) = diagnostics::influence(&data, &chosen, point, floor, &lists, &mut fitter);
        influence = inf;
        if let Some(w) = w {
            warnings.push(w);
        }
    }

    let mut bootstrap = None;
    let mut failed_replicates = 0;
    let mut bca_interval = None;
    if options.bootstrap > 0 {
        let boot = interval::bootstrap(&data, &runner, options.bootstrap, options.seed, floor);
        let ok = boot.successes();
        failed_replicates = boot.failed();
        let jack = interval::jackknife(&data, &runner, floor);
        let jack_ok: Vec<(u64, f64)> = jack.iter().filter_map(|(c, v)| v.map(|v| (*c, v))).collect();
        let jack_failed = jack.len() - jack_ok.len();
        let accel = interval::acceleration(&jack_ok);
        let bca = interval::bca(&ok, point, accel, level);
        if failed_replicates > 0 || jack_failed > 0 {
            warnings.push(Warning::warn(
                codes::FAILED_REPLICATES,
                format!(
                    "No model could be fitted in {failed_replicates} of {} bootstrap replicates and {jack_failed} \
                     of {} jackknife deletions; they are left out of the interval, which may then be too narrow.",
                    options.bootstrap,
                    jack.len()
                ),
            ));
        }
        if let Some(b) = &bca
            && !b.degenerate
            && (b.z0.abs() > BCA_Z0_LIMIT || point < b.lower || point > b.upper)
        {
            let below = pnorm(b.z0);
            warnings.push(Warning::warn(
                codes::BCA_UNSTABLE,
                format!(
                    "Only {:.1}% of the bootstrap estimates fall below the estimate {point:.0} (the BCa interval is \
                     [{:.0}, {:.0}]): repeating the model choice on resampled data gives systematically {} \
                     estimates, so the chosen model is unstable. The BCa correction is then extreme; read the \
                     estimate as fragile and compare with the model-conditional intervals (log-normal, profile).",
                    100.0 * below,
                    b.lower,
                    b.upper,
                    if b.z0 < 0.0 { "higher" } else { "lower" }
                ),
            ));
        }
        if let Some(b) = &bca
            && b.degenerate
        {
            warnings.push(Warning::warn(
                codes::BCA_DEGENERATE,
                "Every bootstrap replicate fell on the same side of the estimate; the BCa bias correction is \
                 extreme and the interval unreliable.",
            ));
        }
        bootstrap = Some(BootstrapReport {
            replicates: options.bootstrap,
            seed: options.seed,
            failed: failed_replicates,
            estimates: ok,
            z0: bca.map(|b| b.z0),
            acceleration: Some(accel),
            jackknife_failed: jack_failed,
        });
        bca_interval = bca.map(|b| Interval {
            level,
            lower: b.lower,
            upper: b.upper,
            method: IntervalMethod::Bca,
        });
        if bca_interval.is_none() {
            warnings.push(Warning::warn(
                codes::BOOTSTRAP_UNAVAILABLE,
                "The bootstrap interval could not be formed (no replicate could be fitted); the model-conditional \
                 log-normal interval is given instead.",
            ));
        }
    }
    let interval = match (bca_interval, lognormal) {
        (Some(b), _) => b,
        (None, Some(l)) => l,
        (None, None) => {
            warnings.push(Warning::warn(
                codes::BOOTSTRAP_UNAVAILABLE,
                "No interval could be computed for this model; the interval shown is the point estimate.",
            ));
            Interval {
                level,
                lower: point,
                upper: point,
                method: IntervalMethod::Lognormal,
            }
        }
    };

    Ok(Estimate {
        observed: n_total,
        estimate: point,
        hidden: point - floor,
        interval,
        deviance: fitted.deviance,
        df: fitted.df,
        bic: fitted.bic,
        model: fitted,
        warnings,
        method: options.method.name().to_owned(),
        lists,
        off_list: tidy.off_list,
        lognormal,
        profile,
        bootstrap,
        failed_replicates,
        steps,
        ranking,
        sensitivity,
        influence,
    })
}
