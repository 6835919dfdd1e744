//! The Poisson log-linear model on the 2^k − 1 observable cells, its existence and identifiability check
//! (Fienberg & Rinaldo), and its fit by iteratively reweighted least squares.
//!
//! Parameters are indexed by sets of lists (bit masks): the empty set is the intercept, singletons the main
//! effects, larger sets the interactions. The design column of a parameter S is 1 for the cells that contain every
//! list of S ("effects coded 0/1"). The sufficient statistic of S is the number of people on all lists of S.
//! A parameter whose statistic is zero has its maximum likelihood value at −∞: it is left out and every cell that
//! contains it is deleted (its fitted count is zero), as Chan, Silverman & Vincent (2021) do.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::lp;
use crate::stats::ln_factorial;
use crate::table::{MAX_LISTS, Table};

/// A term for heterogeneity of capture (Rcapture's "Mh" and "Mth" models, Rivest & Baillargeon 2007): one more
/// parameter γ times a function h(k) of the number k of lists a cell's people are on. People who differ in how
/// easily every list reaches them (a hidden "visibility") are on several lists more often than pairwise terms
/// allow; a convex h with γ ≥ 0 represents that. The functions are those of Rcapture, with their linear part
/// removed (it is absorbed by the main effects), so that h(0) = h(1) = 0 and the intercept keeps its meaning:
///
/// * `darroch`: k²/2 (Darroch et al. 1993, a normal heterogeneity distribution), here k(k − 1)/2;
/// * `poisson2`: 2^k − 1 (a Poisson heterogeneity distribution), here 2^k − 1 − k;
/// * `gamma3.5`: −log(3.5 + k) + log(3.5) (a gamma heterogeneity distribution), here minus its linear part.
///
/// γ is constrained to be ≥ 0, as heterogeneity implies: when the unconstrained estimate is negative the model is
/// fitted with γ = 0 (the constrained maximum likelihood estimate).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Heterogeneity {
    /// No heterogeneity term.
    #[default]
    #[serde(rename = "none")]
    None,
    #[serde(rename = "darroch")]
    Darroch,
    #[serde(rename = "poisson2")]
    Poisson2,
    #[serde(rename = "gamma3.5")]
    Gamma35,
}

impl Heterogeneity {
    /// All, in the order of the command's help.
    pub const ALL: [Heterogeneity; 4] = [
        Heterogeneity::None,
        Heterogeneity::Darroch,
        Heterogeneity::Poisson2,
        Heterogeneity::Gamma35,
    ];

    /// The name used in options and output (`none`, `darroch`, `poisson2`, `gamma3.5`).
    pub fn name(&self) -> &'static str {
        match self {
            Heterogeneity::None => "none",
            Heterogeneity::Darroch => "darroch",
            Heterogeneity::Poisson2 => "poisson2",
            Heterogeneity::Gamma35 => "gamma3.5",
        }
    }

    /// The heterogeneity named `name`.
    pub fn from_name(name: &str) -> Result<Self> {
        Self::ALL.into_iter().find(|h| h.name() == name).ok_or_else(|| {
            Error::InvalidOption(format!(
                "unknown heterogeneity `{name}` (expected none, darroch, poisson2 or gamma3.5)"
            ))
        })
    }

    pub fn is_none(&self) -> bool {
        *self == Heterogeneity::None
    }

    /// h(k) with its value at 0 and its linear part removed (h(0) = h(1) = 0; h ≥ 0 since h is convex).
    pub fn h(&self, k: u32) -> f64 {
        let f = |k: f64| match self {
            Heterogeneity::None => 0.0,
            Heterogeneity::Darroch => k * k / 2.0,
            Heterogeneity::Poisson2 => k.exp2() - 1.0,
            Heterogeneity::Gamma35 => -(3.5 + k).ln() + 3.5f64.ln(),
        };
        let kf = f64::from(k);
        f(kf) - f(0.0) - kf * (f(1.0) - f(0.0))
    }
}

/// A log-linear model: the intercept and all main effects (always present) plus interaction terms, each a set of
/// two or more lists given as a bit mask (bit `i` = list `i`), and optionally a heterogeneity term. Terms are kept
/// sorted (by size, then by their list indices) and unique.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Model {
    terms: Vec<u16>,
    #[serde(default, skip_serializing_if = "Heterogeneity::is_none")]
    heterogeneity: Heterogeneity,
}

fn term_key(mask: u16) -> (u32, Vec<u32>) {
    (
        mask.count_ones(),
        (0..16).filter(|i| mask & (1 << i) != 0).collect(),
    )
}

impl Model {
    /// Main effects only (the independence model).
    pub fn main_effects() -> Self {
        Self {
            terms: Vec::new(),
            heterogeneity: Heterogeneity::None,
        }
    }

    /// A model from interaction terms given as bit masks. Errors on a mask with fewer than two lists.
    pub fn from_masks(masks: impl IntoIterator<Item = u16>) -> Result<Self> {
        let mut terms: Vec<u16> = Vec::new();
        for m in masks {
            if m.count_ones() < 2 {
                return Err(Error::InvalidModel(format!(
                    "term {m:#b} has fewer than two lists; main effects are always in the model"
                )));
            }
            if m >> MAX_LISTS != 0 {
                return Err(Error::InvalidModel(format!(
                    "term {m:#b} names a list beyond the 12th"
                )));
            }
            terms.push(m);
        }
        terms.sort_by_key(|m| term_key(*m));
        terms.dedup();
        Ok(Self {
            terms,
            heterogeneity: Heterogeneity::None,
        })
    }

    /// A model from interaction terms given as list indices, e.g. `&[&[0, 1], &[1, 2]]`.
    pub fn from_terms(terms: &[&[usize]]) -> Result<Self> {
        let mut masks = Vec::with_capacity(terms.len());
        for t in terms {
            let mut m = 0u16;
            for &i in *t {
                if i >= MAX_LISTS {
                    return Err(Error::InvalidModel(format!("list index {i} is out of range")));
                }
                m |= 1 << i;
            }
            masks.push(m);
        }
        Self::from_masks(masks)
    }

    /// A model from interaction terms given by list names of `table`.
    pub fn from_names(table: &Table, terms: &[&[&str]]) -> Result<Self> {
        let mut masks = Vec::with_capacity(terms.len());
        for t in terms {
            let mut m = 0u16;
            for name in *t {
                let i = table
                    .lists()
                    .iter()
                    .position(|l| l == name)
                    .ok_or_else(|| Error::InvalidModel(format!("no list named `{name}`")))?;
                m |= 1 << i;
            }
            masks.push(m);
        }
        Self::from_masks(masks)
    }

    /// The interaction terms (bit masks), sorted.
    pub fn terms(&self) -> &[u16] {
        &self.terms
    }

    /// The model with one more term.
    pub fn with(&self, term: u16) -> Self {
        let mut terms = self.terms.clone();
        if !terms.contains(&term) {
            terms.push(term);
            terms.sort_by_key(|m| term_key(*m));
        }
        Self {
            terms,
            heterogeneity: self.heterogeneity,
        }
    }

    /// The model with the given heterogeneity term (or none).
    pub fn with_heterogeneity(mut self, heterogeneity: Heterogeneity) -> Self {
        self.heterogeneity = heterogeneity;
        self
    }

    /// The heterogeneity term.
    pub fn heterogeneity(&self) -> Heterogeneity {
        self.heterogeneity
    }

    /// The largest term size (1 for main effects only).
    pub fn order(&self) -> usize {
        self.terms
            .iter()
            .map(|t| t.count_ones() as usize)
            .max()
            .unwrap_or(1)
    }

    /// Whether every subset (of two or more lists) of every term is also a term.
    pub fn is_hierarchical(&self) -> bool {
        self.terms.iter().all(|&t| {
            (0..16).filter(|i| t & (1 << i) != 0).all(|i| {
                let sub = t & !(1 << i);
                sub.count_ones() < 2 || self.terms.contains(&sub)
            })
        })
    }

    /// The terms as lists of list names.
    pub fn term_names(&self, lists: &[String]) -> Vec<Vec<String>> {
        self.terms.iter().map(|&t| mask_names(t, lists)).collect()
    }

    /// A compact label such as `[b:c, c:d]` (or `[main effects]`), with `+ heterogeneity (darroch)` when the
    /// model has that term.
    pub fn label(&self, lists: &[String]) -> String {
        let base = if self.terms.is_empty() {
            "[main effects]".to_owned()
        } else {
            let parts: Vec<String> = self.term_names(lists).iter().map(|t| t.join(":")).collect();
            format!("[{}]", parts.join(", "))
        };
        if self.heterogeneity.is_none() {
            base
        } else {
            format!("{base} + heterogeneity ({})", self.heterogeneity.name())
        }
    }

    fn check_lists(&self, k: usize) -> Result<()> {
        for &t in &self.terms {
            if (t as usize) >> k != 0 {
                return Err(Error::InvalidModel(format!(
                    "term {t:#b} names a list the table does not have"
                )));
            }
        }
        Ok(())
    }

    /// All parameters: intercept, main effects, then the terms.
    pub(crate) fn params(&self, k: usize) -> Vec<u16> {
        let mut p = Vec::with_capacity(1 + k + self.terms.len());
        p.push(0);
        p.extend((0..k).map(|i| 1u16 << i));
        p.extend_from_slice(&self.terms);
        p
    }

    /// The number of parameters, counting the intercept, those at −∞ and the heterogeneity term.
    pub fn num_params(&self, k: usize) -> usize {
        1 + k + self.terms.len() + usize::from(!self.heterogeneity.is_none())
    }
}

pub(crate) fn mask_names(mask: u16, lists: &[String]) -> Vec<String> {
    lists
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, n)| n.clone())
        .collect()
}

/// The counts of one table (or bootstrap replicate) with their superset sums.
#[derive(Debug, Clone)]
pub(crate) struct Data {
    pub k: usize,
    /// Counts by pattern mask, length 2^k.
    pub y: Vec<u64>,
    /// `nstar[S]` = number of people on every list of S.
    pub nstar: Vec<u64>,
    pub n: u64,
    /// y·ln(y) per cell (0 for y = 0).
    pub ylny: Vec<f64>,
    /// ln(y!) per cell.
    pub lnfact: Vec<f64>,
}

/// Superset sums: out[S] = Σ_{c ⊇ S} v[c].
pub(crate) fn superset_sums<T: Copy + std::ops::AddAssign>(v: &mut [T], k: usize) {
    for i in 0..k {
        let bit = 1 << i;
        for m in 0..(1usize << k) {
            if m & bit == 0 {
                let add = v[m | bit];
                v[m] += add;
            }
        }
    }
}

/// Subset sums: out[S] = Σ_{T ⊆ S} v[T].
pub(crate) fn subset_sums(v: &mut [f64], k: usize) {
    for i in 0..k {
        let bit = 1 << i;
        for m in 0..(1usize << k) {
            if m & bit != 0 {
                let add = v[m ^ bit];
                v[m] += add;
            }
        }
    }
}

impl Data {
    pub fn new(k: usize, y: Vec<u64>) -> Self {
        let mut nstar = y.clone();
        nstar[0] = 0;
        superset_sums(&mut nstar, k);
        let n = nstar[0];
        let ylny = y
            .iter()
            .map(|&v| if v > 0 { v as f64 * (v as f64).ln() } else { 0.0 })
            .collect();
        let lnfact = y.iter().map(|&v| ln_factorial(v)).collect();
        Self {
            k,
            y,
            nstar,
            n,
            ylny,
            lnfact,
        }
    }

    pub fn from_table(table: &Table) -> Self {
        Self::new(table.num_lists(), table.mask_counts().to_vec())
    }
}

/// The design of a model on given data after the −∞ deletions.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    /// Kept cells (pattern masks), ascending.
    pub cells: Vec<u16>,
    /// Kept parameters; `params[0]` is the intercept.
    pub params: Vec<u16>,
    /// Parameters at −∞ (zero sufficient statistic).
    pub neg_inf: Vec<u16>,
    /// All parameters of the model, including those at −∞.
    pub total_params: usize,
    /// The heterogeneity column h(k) on the kept cells, when the model has that term and its statistic is
    /// positive (with nobody on two lists or more, γ = 0 under the constraint γ ≥ 0 and the column is left out).
    /// Its parameter comes after `params` in the parameter vector.
    pub het: Option<Vec<f64>>,
    /// No cell was excluded by hand (the closed-form rank rule applies).
    pub complete: bool,
    /// The number of lists.
    pub k: usize,
}

impl Layout {
    /// The design of `model` on `data`; `excluded` removes one cell from the likelihood (for influence checks; the
    /// caller passes data with that cell set to zero).
    pub fn new(data: &Data, model: &Model, excluded: Option<usize>) -> Self {
        let k = data.k;
        let all = model.params(k);
        let mut params = Vec::with_capacity(all.len());
        let mut neg_inf = Vec::new();
        for &s in &all {
            if s != 0 && data.nstar[s as usize] == 0 {
                neg_inf.push(s);
            } else {
                params.push(s);
            }
        }
        let mut cells = Vec::with_capacity((1 << k) - 1);
        for c in 1..(1usize << k) {
            if Some(c) == excluded {
                continue;
            }
            let c16 = c as u16;
            if neg_inf.iter().any(|&s| s & !c16 == 0) {
                continue;
            }
            cells.push(c16);
        }
        let het = if model.heterogeneity().is_none() {
            None
        } else {
            let h: Vec<f64> = cells
                .iter()
                .map(|&c| model.heterogeneity().h(c.count_ones()))
                .collect();
            let statistic: f64 = cells
                .iter()
                .zip(&h)
                .map(|(&c, h)| data.y[c as usize] as f64 * h)
                .sum();
            (statistic > 0.0).then_some(h)
        };
        Self {
            cells,
            params,
            neg_inf,
            total_params: model.num_params(k),
            het,
            complete: excluded.is_none(),
            k,
        }
    }

    /// Writes the design row of kept cell `i` into `row` (length = number of parameters).
    fn design_row(&self, i: usize, row: &mut [f64]) {
        let c = self.cells[i];
        for (x, &s) in row.iter_mut().zip(&self.params) {
            *x = if s & c == s { 1.0 } else { 0.0 };
        }
        if let (Some(h), Some(x)) = (&self.het, row.get_mut(self.params.len())) {
            *x = h[i];
        }
    }

    pub fn num_cells(&self) -> usize {
        self.cells.len()
    }

    /// The parameters estimated: the kept set parameters and the heterogeneity term.
    pub fn num_params(&self) -> usize {
        self.params.len() + usize::from(self.het.is_some())
    }

    /// The column rank deficiency of the design.
    pub fn rank_deficiency(&self) -> usize {
        if self.complete && self.het.is_none() {
            // The kept cells form a down-set and every kept parameter is a kept cell (or the intercept), so the
            // design is a unitriangular (zeta) matrix less the row of the empty cell: it loses rank exactly when the
            // parameters are all the kept cells plus the intercept. Checked against `numeric_rank` in the tests.
            usize::from(self.params.len() > self.cells.len())
        } else {
            self.params.len().saturating_sub(self.numeric_rank())
        }
    }

    /// The rank of the 0/1 design by Gaussian elimination with partial pivoting.
    pub fn numeric_rank(&self) -> usize {
        let m = self.cells.len();
        let p = self.num_params();
        let mut a = vec![0.0f64; m * p];
        for i in 0..m {
            self.design_row(i, &mut a[i * p..(i + 1) * p]);
        }
        elimination_rank(&mut a, m, p)
    }
}

/// The rank of an `m × p` row-major matrix (destroys `a`): rows are reduced one by one against the rows kept so
/// far (each with its largest entry as pivot), stopping as soon as the rank reaches `p`, so that tall designs
/// cost little more than their first independent rows.
fn elimination_rank(a: &mut [f64], m: usize, p: usize) -> usize {
    let mut basis: Vec<(usize, usize)> = Vec::with_capacity(p);
    for r in 0..m {
        if basis.len() == p {
            break;
        }
        let (done, rest) = a.split_at_mut(r * p);
        let row = &mut rest[..p];
        for &(br, c) in &basis {
            let f = row[c];
            if f != 0.0 {
                let b = &done[br * p..br * p + p];
                let f = f / b[c];
                for (x, y) in row.iter_mut().zip(b) {
                    *x -= f * y;
                }
                row[c] = 0.0;
            }
        }
        let (c, v) =
            row.iter().enumerate().fold(
                (0, 0.0f64),
                |best, (j, x)| if x.abs() > best.1 { (j, x.abs()) } else { best },
            );
        if v > 1e-9 {
            basis.push((r, c));
        }
    }
    basis.len()
}

/// The existence and identifiability of the maximum likelihood estimate of a model on given data (SparseMSE's
/// `checkident`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Check {
    /// The MLE exists (in the extended sense: parameters at −∞ are allowed for zero statistics).
    pub exists: bool,
    /// The design has full column rank.
    pub identifiable: bool,
    /// The optimum of the linear programme (`None` when the design restricted to the positive cells has full
    /// column rank, which settles existence without it).
    pub lp_value: Option<f64>,
}

impl Check {
    /// 0 fine, 1 the estimate does not exist, 2 not identifiable, 3 both.
    pub fn code(&self) -> u8 {
        u8::from(!self.exists) + 2 * u8::from(!self.identifiable)
    }

    /// The model can be used.
    pub fn ok(&self) -> bool {
        self.exists && self.identifiable
    }
}

/// Tolerance on the linear programme's optimum below which the estimate is declared not to exist.
pub const LP_TOLERANCE: f64 = 1e-8;

/// Results of one fit.
#[derive(Debug, Clone)]
pub(crate) struct FitOut {
    pub beta: Vec<f64>,
    /// Fitted means of the kept cells.
    pub mu: Vec<f64>,
    pub deviance: f64,
    pub loglik: f64,
    pub converged: bool,
    pub iterations: usize,
    /// (X'WX)⁻¹ at the intercept (the unscaled variance of the intercept), NaN for fixed-intercept fits.
    pub cov00: f64,
    /// The heterogeneity coefficient γ (`None` without that term; 0 when held at its bound).
    pub gamma: Option<f64>,
    /// Parameters estimated (the heterogeneity term held at 0 is not counted).
    pub free: usize,
}

/// Convergence test: relative change in deviance below this.
pub const DEVIANCE_TOLERANCE: f64 = 1e-10;
/// Iteration cap of the fit.
pub const MAX_ITERATIONS: usize = 100;

/// Scratch buffers for fitting, reused across fits (one per thread).
#[derive(Debug, Default)]
pub(crate) struct Fitter {
    /// Compute the intercept's variance after a fit (not needed inside the bootstrap).
    pub covariance: bool,
    y: Vec<f64>,
    ylny: Vec<f64>,
    xtwx: Vec<f64>,
    rhs: Vec<f64>,
    delta: Vec<f64>,
    beta: Vec<f64>,
    beta_try: Vec<f64>,
    eta: Vec<f64>,
    mu: Vec<f64>,
    eta_try: Vec<f64>,
    mu_try: Vec<f64>,
    /// Work arrays over all 2^k masks.
    full: Vec<f64>,
    sup: Vec<f64>,
    /// Superset sums of μ·h (the heterogeneity column's cross products).
    sup_h: Vec<f64>,
    /// Sufficient statistics X'y of the kept parameters.
    t: Vec<f64>,
    lp_a: Vec<f64>,
    lp_t: Vec<f64>,
}

/// Superset sums over all masks of values given per kept cell (0 on the other cells), into `out`.
fn superset_into(layout: &Layout, value: impl Iterator<Item = f64>, out: &mut Vec<f64>) {
    let k = layout.k;
    out.clear();
    out.resize(1 << k, 0.0);
    for (&c, v) in layout.cells.iter().zip(value) {
        out[c as usize] = v;
    }
    superset_sums(out, k);
}

/// The Poisson deviance 2 Σ (y ln(y/μ) − (y − μ)), written with η = ln μ to avoid logarithms.
fn deviance(y: &[f64], ylny: &[f64], eta: &[f64], mu: &[f64]) -> f64 {
    let mut d = 0.0;
    for i in 0..y.len() {
        d += ylny[i] - y[i] * eta[i] - y[i] + mu[i];
    }
    2.0 * d
}

/// In-place Cholesky factorisation of a `q × q` symmetric matrix (lower triangle used); false if not positive
/// definite to working precision.
fn cholesky(a: &mut [f64], q: usize) -> bool {
    let a = &mut a[..q * q];
    let max_diag = (0..q).fold(0.0f64, |m, i| m.max(a[i * q + i].abs()));
    let tol = 1e-11 * max_diag.max(f64::MIN_POSITIVE);
    for j in 0..q {
        let (_, rest) = a.split_at_mut(j * q);
        let (rowj, below) = rest.split_at_mut(q);
        let d = rowj[j] - rowj[..j].iter().map(|x| x * x).sum::<f64>();
        if d <= tol || !d.is_finite() {
            return false;
        }
        let d = d.sqrt();
        rowj[j] = d;
        let lj = &rowj[..j];
        for rowi in below.chunks_exact_mut(q) {
            let s = rowi[j] - rowi[..j].iter().zip(lj).map(|(x, y)| x * y).sum::<f64>();
            rowi[j] = s / d;
        }
    }
    true
}

/// Solves L·Lᵀ·x = b in place (b becomes x).
fn chol_solve(l: &[f64], q: usize, b: &mut [f64]) {
    let b = &mut b[..q];
    for (i, row) in l.chunks_exact(q).take(q).enumerate() {
        let s = b[i] - row[..i].iter().zip(&b[..i]).map(|(x, y)| x * y).sum::<f64>();
        b[i] = s / row[i];
    }
    for (i, row) in l.chunks_exact(q).take(q).enumerate().rev() {
        let x = b[i] / row[i];
        b[i] = x;
        for (bk, lk) in b[..i].iter_mut().zip(&row[..i]) {
            *bk -= lk * x;
        }
    }
}

impl Fitter {
    pub fn new() -> Self {
        Self {
            covariance: true,
            ..Self::default()
        }
    }

    /// A fitter for bootstrap replicates: no variance computed.
    pub fn for_replicates() -> Self {
        Self::default()
    }

    /// The existence and identifiability check of a layout on its data.
    pub fn check(&mut self, data: &Data, layout: &Layout) -> Check {
        self.check_with(data, layout, true)
    }

    /// The check, with or without the shortcut that settles existence without the linear programme.
    fn check_with(&mut self, data: &Data, layout: &Layout, shortcut: bool) -> Check {
        let identifiable = layout.rank_deficiency() == 0;
        // If the design restricted to the positive cells has full column rank, no direction of recession
        // (d = Xβ ≤ 0, d = 0 on the positive cells, d ≠ 0) exists, so the estimate exists: no programme needed.
        let all_positive = layout.cells.iter().all(|&c| data.y[c as usize] > 0);
        if shortcut
            && identifiable
            && (all_positive || self.positive_rank(data, layout) == layout.num_params())
        {
            return Check {
                exists: true,
                identifiable,
                lp_value: None,
            };
        }
        // Existence depends only on which cells are positive: use the indicator of the support as data.
        let p = layout.num_params();
        let m = layout.num_cells();
        self.lp_a.clear();
        self.lp_a.resize(p * m, 0.0);
        self.lp_t.clear();
        self.lp_t.resize(p, 0.0);
        for (i, &c) in layout.cells.iter().enumerate() {
            let pos = data.y[c as usize] > 0;
            for (j, &s) in layout.params.iter().enumerate() {
                if s & c == s {
                    self.lp_a[j * m + i] = 1.0;
                    if pos {
                        self.lp_t[j] += 1.0;
                    }
                }
            }
            if let Some(h) = &layout.het {
                let j = layout.params.len();
                self.lp_a[j * m + i] = h[i];
                if pos {
                    self.lp_t[j] += h[i];
                }
            }
        }
        let value = lp::max_min_slack(&self.lp_a, p, m, &self.lp_t);
        let value = value.map(|v| if v.abs() <= LP_TOLERANCE { 0.0 } else { v });
        let exists = value.is_some_and(|v| v > LP_TOLERANCE);
        Check {
            exists,
            identifiable,
            lp_value: Some(value.unwrap_or(f64::NAN)),
        }
    }

    /// The rank of the design restricted to the kept cells with a positive count.
    fn positive_rank(&mut self, data: &Data, layout: &Layout) -> usize {
        let p = layout.num_params();
        let a = &mut self.lp_a;
        a.clear();
        let mut m = 0;
        for (i, &c) in layout.cells.iter().enumerate() {
            if data.y[c as usize] > 0 {
                let base = a.len();
                a.resize(base + p, 0.0);
                layout.design_row(i, &mut a[base..base + p]);
                m += 1;
            }
        }
        elimination_rank(a, m, p)
    }

    /// η = Xβ and μ = exp(η) on the kept cells: η_c = Σ_{S ⊆ c} β_S, a subset-sum transform over all 2^k masks.
    fn set_eta_mu(&mut self, layout: &Layout, beta: &[f64], into_try: bool) {
        let k = layout.k;
        self.full.clear();
        self.full.resize(1 << k, 0.0);
        for (&s, &b) in layout.params.iter().zip(beta) {
            self.full[s as usize] = b;
        }
        subset_sums(&mut self.full, k);
        let (eta, mu) = if into_try {
            (&mut self.eta_try, &mut self.mu_try)
        } else {
            (&mut self.eta, &mut self.mu)
        };
        let gamma = match &layout.het {
            Some(h) => beta.get(layout.params.len()).copied().map(|g| (g, h)),
            None => None,
        };
        for (i, &c) in layout.cells.iter().enumerate() {
            let mut e = self.full[c as usize];
            if let Some((g, h)) = gamma {
                e += g * h[i];
            }
            eta[i] = e;
            mu[i] = e.exp();
        }
    }

    /// Superset sums over all masks of a vector given per kept cell (0 on the other cells), into `self.sup`.
    fn superset_of(&mut self, layout: &Layout, value: &[f64]) {
        superset_into(layout, value.iter().copied(), &mut self.sup);
    }

    /// X'WX (free parameters `f0..pe`) with W = μ, and in `rhs` either the score X'(y − μ) (`score`) or X'Wz
    /// with the working response z = η + (y − μ)/μ. The column of S times the column of T is the column of S ∪ T,
    /// so X'WX[S, T] is the superset sum of μ at S ∪ T: one transform instead of a pass over the design. The
    /// heterogeneity column h (index `params.len()`, when free) has X'WX[h, S] = the superset sum of μ·h at S.
    fn normal_equations(&mut self, layout: &Layout, f0: usize, pe: usize, score: bool) {
        let np = layout.params.len();
        let q = pe - f0;
        self.xtwx.clear();
        self.xtwx.resize(q * q, 0.0);
        self.rhs.clear();
        self.rhs.resize(q, 0.0);
        let het = layout.het.as_ref().filter(|_| pe > np);
        if !score {
            let mut wz = std::mem::take(&mut self.full);
            wz.clear();
            wz.extend((0..self.mu.len()).map(|i| self.mu[i] * self.eta[i] + (self.y[i] - self.mu[i])));
            self.superset_of(layout, &wz);
            for a in f0..pe.min(np) {
                self.rhs[a - f0] = self.sup[layout.params[a] as usize];
            }
            if let Some(h) = het {
                self.rhs[np - f0] = wz.iter().zip(h).map(|(w, h)| w * h).sum();
            }
            self.full = wz;
        }
        let mu = std::mem::take(&mut self.mu);
        self.superset_of(layout, &mu);
        if let Some(h) = het {
            superset_into(layout, mu.iter().zip(h).map(|(m, h)| m * h), &mut self.sup_h);
            let row = (np - f0) * q;
            for b in f0..np {
                self.xtwx[row + b - f0] = self.sup_h[layout.params[b] as usize];
            }
            self.xtwx[row + np - f0] = mu.iter().zip(h).map(|(m, h)| m * h * h).sum();
            if score {
                self.rhs[np - f0] = self.t[np] - self.sup_h[0];
            }
        }
        self.mu = mu;
        for a in f0..pe.min(np) {
            let sa = layout.params[a];
            if score {
                self.rhs[a - f0] = self.t[a] - self.sup[sa as usize];
            }
            let row = (a - f0) * q;
            for b in f0..=a {
                self.xtwx[row + b - f0] = self.sup[(sa | layout.params[b]) as usize];
            }
        }
    }

    /// Fits `layout` to `data` by IRLS (Newton's method with step halving after a weighted least-squares start
    /// from μ = y + 0.1, as R's `glm`). With `fixed_intercept` the intercept is held at that value (profile
    /// likelihood). `start` gives starting parameters (same layout). `None` when X'WX is singular.
    ///
    /// Convergence: the relative change in deviance, |ΔD| / (|D| + 0.1), below [`DEVIANCE_TOLERANCE`], or the
    /// Newton decrement (the deviance decrease the next step promises) below the same relative tolerance; at most
    /// [`MAX_ITERATIONS`] iterations, `converged = false` otherwise.
    ///
    /// With a heterogeneity term whose unconstrained estimate is negative, the fit is repeated with γ held at 0
    /// (the maximum likelihood estimate under γ ≥ 0).
    pub fn fit(
        &mut self,
        data: &Data,
        layout: &Layout,
        fixed_intercept: Option<f64>,
        start: Option<&[f64]>,
    ) -> Option<FitOut> {
        let out = self.fit_with(data, layout, fixed_intercept, start, false)?;
        match out.gamma {
            Some(g) if g < 0.0 => {
                let mut start = out.beta;
                if let Some(x) = start.last_mut() {
                    *x = 0.0;
                }
                self.fit_with(data, layout, fixed_intercept, Some(&start), true)
            }
            _ => Some(out),
        }
    }

    /// [`Fitter::fit`] without the constraint; `fix_het` holds the heterogeneity coefficient at its starting
    /// value (0 without a start).
    fn fit_with(
        &mut self,
        data: &Data,
        layout: &Layout,
        fixed_intercept: Option<f64>,
        start: Option<&[f64]>,
        fix_het: bool,
    ) -> Option<FitOut> {
        let m = layout.num_cells();
        let p = layout.num_params();
        if m == 0 || p == 0 {
            return None;
        }
        let np = layout.params.len();
        // free parameters: f0..pe
        let pe = if fix_het { np } else { p };
        let f0 = usize::from(fixed_intercept.is_some());
        let q = pe - f0;
        self.y.clear();
        self.y
            .extend(layout.cells.iter().map(|&c| data.y[c as usize] as f64));
        self.ylny.clear();
        self.ylny
            .extend(layout.cells.iter().map(|&c| data.ylny[c as usize]));
        // sufficient statistics over the kept cells
        let y = std::mem::take(&mut self.y);
        self.superset_of(layout, &y);
        self.y = y;
        self.t.clear();
        self.t.extend(layout.params.iter().map(|&s| self.sup[s as usize]));
        if let Some(h) = &layout.het {
            self.t.push(self.y.iter().zip(h).map(|(y, h)| y * h).sum());
        }
        for v in [&mut self.eta, &mut self.mu, &mut self.eta_try, &mut self.mu_try] {
            v.clear();
            v.resize(m, 0.0);
        }
        for v in [&mut self.beta, &mut self.beta_try] {
            v.clear();
            v.resize(p, 0.0);
        }
        self.delta.clear();
        self.delta.resize(q, 0.0);

        match start {
            Some(b) if b.len() == p => {
                self.beta.copy_from_slice(b);
                if let Some(b0) = fixed_intercept {
                    self.beta[0] = b0;
                }
            }
            _ => {
                for i in 0..m {
                    self.mu[i] = self.y[i] + 0.1;
                    self.eta[i] = self.mu[i].ln() - fixed_intercept.unwrap_or(0.0);
                }
                self.normal_equations(layout, f0, pe, false);
                if !cholesky(&mut self.xtwx, q) {
                    return None;
                }
                chol_solve(&self.xtwx, q, &mut self.rhs);
                if let Some(b0) = fixed_intercept {
                    self.beta[0] = b0;
                }
                self.beta[f0..pe].copy_from_slice(&self.rhs);
            }
        }
        let beta = std::mem::take(&mut self.beta);
        self.set_eta_mu(layout, &beta, false);
        self.beta = beta;
        let mut dev = deviance(&self.y, &self.ylny, &self.eta, &self.mu);
        let mut converged = false;
        let mut iterations = 0;
        if !dev.is_finite() {
            return None;
        }
        for it in 1..=MAX_ITERATIONS {
            iterations = it;
            self.normal_equations(layout, f0, pe, true);
            if !cholesky(&mut self.xtwx, q) {
                return None;
            }
            self.delta.copy_from_slice(&self.rhs);
            chol_solve(&self.xtwx, q, &mut self.delta);
            let decrement: f64 = self.rhs.iter().zip(&self.delta).map(|(g, d)| g * d).sum();
            let mut step = 1.0;
            let mut accepted = false;
            let mut new_dev = dev;
            for _ in 0..40 {
                self.beta_try.copy_from_slice(&self.beta);
                for j in 0..q {
                    self.beta_try[f0 + j] += step * self.delta[j];
                }
                let bt = std::mem::take(&mut self.beta_try);
                self.set_eta_mu(layout, &bt, true);
                self.beta_try = bt;
                new_dev = deviance(&self.y, &self.ylny, &self.eta_try, &self.mu_try);
                if new_dev.is_finite() && new_dev <= dev + 1e-9 * (dev.abs() + 1.0) {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if !accepted {
                break;
            }
            std::mem::swap(&mut self.beta, &mut self.beta_try);
            std::mem::swap(&mut self.eta, &mut self.eta_try);
            std::mem::swap(&mut self.mu, &mut self.mu_try);
            let change = (new_dev - dev).abs() / (new_dev.abs() + 0.1);
            let promised = decrement.abs() / (new_dev.abs() + 0.1);
            dev = new_dev;
            if step == 1.0 && (promised < DEVIANCE_TOLERANCE || (change < DEVIANCE_TOLERANCE && it > 1)) {
                converged = true;
                break;
            }
        }
        let mut loglik = 0.0;
        for i in 0..m {
            loglik += self.y[i] * self.eta[i] - self.mu[i] - data.lnfact[layout.cells[i] as usize];
        }
        let cov00 = if fixed_intercept.is_none() && self.covariance {
            self.normal_equations(layout, 0, pe, true);
            if cholesky(&mut self.xtwx, pe) {
                self.rhs.iter_mut().for_each(|x| *x = 0.0);
                self.rhs[0] = 1.0;
                chol_solve(&self.xtwx, pe, &mut self.rhs);
                self.rhs[0]
            } else {
                f64::NAN
            }
        } else {
            f64::NAN
        };
        Some(FitOut {
            beta: self.beta.clone(),
            mu: self.mu.clone(),
            deviance: dev,
            loglik,
            converged,
            iterations,
            cov00,
            gamma: layout.het.as_ref().map(|_| self.beta[np]),
            free: pe,
        })
    }
}

/// A model fitted to a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedModel {
    /// The interaction terms (list names); main effects are not listed.
    pub terms: Vec<Vec<String>>,
    /// Terms whose lists have nobody in common: their parameter is at −∞ and their cells were deleted.
    pub neg_inf_terms: Vec<Vec<String>>,
    /// The heterogeneity term (`none`, `darroch`, `poisson2`, `gamma3.5`).
    #[serde(default = "none_name")]
    pub heterogeneity: String,
    /// Its coefficient γ (≥ 0; 0 when held at the bound); `None` without the term.
    #[serde(default)]
    pub heterogeneity_coefficient: Option<f64>,
    /// People observed.
    pub observed: u64,
    /// Estimated total: observed + exp(intercept).
    pub estimate: f64,
    /// Estimated number of people on no list, exp(intercept).
    pub hidden: f64,
    pub intercept: f64,
    /// Standard error of the intercept.
    pub intercept_se: f64,
    /// Residual deviance over the cells kept.
    pub deviance: f64,
    /// Residual degrees of freedom: cells kept − parameters estimated.
    pub df: i64,
    /// Poisson log likelihood over the cells kept, including the −log(y!) terms.
    pub log_likelihood: f64,
    /// Number of parameters, counting the intercept and those at −∞.
    pub parameters: usize,
    /// parameters · log(observed) − 2 · log likelihood.
    pub bic: f64,
    /// 2 · parameters − 2 · log likelihood.
    pub aic: f64,
    pub converged: bool,
    pub iterations: usize,
}

fn none_name() -> String {
    Heterogeneity::None.name().to_owned()
}

impl FittedModel {
    pub(crate) fn new(lists: &[String], model: &Model, data: &Data, layout: &Layout, fit: &FitOut) -> Self {
        let hidden = fit.beta.first().copied().unwrap_or(f64::NAN).exp();
        let n = data.n;
        let parameters = layout.total_params;
        Self {
            terms: model.term_names(lists),
            neg_inf_terms: layout
                .neg_inf
                .iter()
                .filter(|s| s.count_ones() >= 2)
                .map(|&s| mask_names(s, lists))
                .collect(),
            heterogeneity: model.heterogeneity().name().to_owned(),
            heterogeneity_coefficient: if model.heterogeneity().is_none() {
                None
            } else {
                Some(fit.gamma.unwrap_or(0.0))
            },
            observed: n,
            estimate: n as f64 + hidden,
            hidden,
            intercept: fit.beta.first().copied().unwrap_or(f64::NAN),
            intercept_se: fit.cov00.sqrt(),
            deviance: fit.deviance,
            df: layout.num_cells() as i64 - fit.free as i64,
            log_likelihood: fit.loglik,
            parameters,
            bic: bic(parameters, n, fit.loglik),
            aic: 2.0 * parameters as f64 - 2.0 * fit.loglik,
            converged: fit.converged,
            iterations: fit.iterations,
        }
    }
}

pub(crate) fn bic(parameters: usize, n: u64, loglik: f64) -> f64 {
    parameters as f64 * (n as f64).ln() - 2.0 * loglik
}

/// SparseMSE's `checkident` for `model` on `table` (no tidying): existence by the Fienberg–Rinaldo linear
/// programme, identifiability by the rank of the design after the −∞ deletions.
pub fn check_model(table: &Table, model: &Model) -> Result<Check> {
    model.check_lists(table.num_lists())?;
    let data = Data::from_table(table);
    if data.n == 0 {
        return Err(Error::NoObservations);
    }
    let layout = Layout::new(&data, model, None);
    Ok(Fitter::new().check(&data, &layout))
}

/// Fits `model` to `table` (no tidying, no check: see [`check_model`]). Errors when the design is singular or the
/// table is empty.
pub fn fit_model(table: &Table, model: &Model) -> Result<FittedModel> {
    model.check_lists(table.num_lists())?;
    let data = Data::from_table(table);
    if data.n == 0 {
        return Err(Error::NoObservations);
    }
    let layout = Layout::new(&data, model, None);
    let fit = Fitter::new().fit(&data, &layout, None, None).ok_or_else(|| {
        Error::NoEstimate(format!(
            "the model {} is not identifiable",
            model.label(table.lists())
        ))
    })?;
    Ok(FittedModel::new(table.lists(), model, &data, &layout, &fit))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};

    const KOREA: &str = "b,c,d,count\n0,0,1,41\n0,1,0,5\n1,0,0,5\n1,1,0,54\n1,0,1,6\n0,1,1,0\n1,1,1,12\n";

    fn korea() -> Table {
        Table::from_csv(KOREA.as_bytes(), "korea").unwrap()
    }

    #[test]
    fn terms_are_canonical() {
        let m = Model::from_terms(&[&[1, 2], &[0, 2], &[0, 1], &[0, 1, 2]]).unwrap();
        assert_eq!(m.terms(), [0b011, 0b101, 0b110, 0b111]);
        assert!(m.is_hierarchical());
        assert!(!Model::from_terms(&[&[0, 1, 2]]).unwrap().is_hierarchical());
        assert!(Model::from_terms(&[&[1]]).is_err());
        let names: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        assert_eq!(m.label(&names), "[a:b, a:c, b:c, a:b:c]");
    }

    #[test]
    fn korea_main_effects_fit() {
        let f = fit_model(&korea(), &Model::main_effects()).unwrap();
        assert!(f.converged);
        assert!((f.estimate - 141.9926).abs() < 5e-5, "{}", f.estimate);
        assert!((f.bic - 184.14431).abs() < 5e-5, "{}", f.bic);
    }

    #[test]
    fn korea_bc_fit() {
        let t = korea();
        let m = Model::from_names(&t, &[&["b", "c"]]).unwrap();
        let f = fit_model(&t, &m).unwrap();
        assert!((f.estimate - 268.7778).abs() < 5e-5, "{}", f.estimate);
        assert!((f.deviance - 8.566946).abs() < 5e-6, "{}", f.deviance);
        assert!((f.bic - 58.9686).abs() < 5e-5, "{}", f.bic);
        assert_eq!(f.df, 2);
    }

    const HIV_ROME: &str = include_str!("../tests/fixtures/hiv_rome.csv");

    #[test]
    fn heterogeneity_models_match_an_independent_glm() {
        // statsmodels' Poisson GLM on Rcapture's columns (k²/2, 2^k − 1, −log(3.5 + k) + log(3.5)) with the
        // main effects: the same fitted model, whatever the linear part of the column.
        let t = Table::from_csv(HIV_ROME.as_bytes(), "hiv_rome.csv").unwrap();
        for (het, estimate, gamma, deviance) in [
            (Heterogeneity::Darroch, 21327.460467, 0.689198, 10.426076),
            (Heterogeneity::Poisson2, 14849.762901, 0.291538, 10.778586),
            (Heterogeneity::Gamma35, 30623.153370, 21.291347, 10.336998),
        ] {
            let m = Model::main_effects().with_heterogeneity(het);
            let f = fit_model(&t, &m).unwrap();
            assert!(f.converged);
            assert!(
                (f.estimate / estimate - 1.0).abs() < 1e-6,
                "{het:?} {}",
                f.estimate
            );
            let g = f.heterogeneity_coefficient.unwrap();
            assert!((g - gamma).abs() < 1e-5, "{het:?} γ {g}");
            assert!((f.deviance - deviance).abs() < 1e-5, "{het:?} {}", f.deviance);
            assert_eq!(f.parameters, 6);
            assert_eq!(f.df, 15 - 6);
            assert_eq!(f.heterogeneity, het.name());
        }
    }

    #[test]
    fn negative_heterogeneity_is_held_at_zero() {
        // on Korea the unconstrained Darroch coefficient is −0.651 (statsmodels): under γ ≥ 0 the fit is the
        // main-effects one
        let t = korea();
        let m = Model::main_effects().with_heterogeneity(Heterogeneity::Darroch);
        let f = fit_model(&t, &m).unwrap();
        assert_eq!(f.heterogeneity_coefficient, Some(0.0));
        assert!((f.estimate - 141.9926).abs() < 5e-5, "{}", f.estimate);
        assert_eq!(f.df, 7 - 4);
        assert_eq!(m.label(t.lists()), "[main effects] + heterogeneity (darroch)");
    }

    #[test]
    fn heterogeneity_columns() {
        for het in Heterogeneity::ALL {
            assert_eq!(het.h(0), 0.0);
            assert!(het.h(1).abs() < 1e-12);
            assert_eq!(Heterogeneity::from_name(het.name()).unwrap(), het);
        }
        assert_eq!(Heterogeneity::Darroch.h(3), 3.0);
        assert_eq!(Heterogeneity::Poisson2.h(3), 4.0);
        assert!(Heterogeneity::Gamma35.h(2) > 0.0);
        assert!(Heterogeneity::from_name("rasch").is_err());
    }

    fn random_data(rng: &mut rand_chacha::ChaCha8Rng, k: usize, zero_one_in: u32) -> Data {
        let y: Vec<u64> = (0..1usize << k)
            .map(|c| {
                if c == 0 || rng.random_range(0..zero_one_in) == 0 {
                    0
                } else {
                    rng.random_range(1..6)
                }
            })
            .collect();
        Data::new(k, y)
    }

    #[test]
    fn existence_shortcut_agrees_with_the_linear_programme() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let mut fitter = Fitter::new();
        let (mut exists, mut not) = (0, 0);
        for _ in 0..400 {
            let k = rng.random_range(3..=5usize);
            let data = random_data(&mut rng, k, 2);
            if data.n == 0 {
                continue;
            }
            let terms: Vec<u16> = (1..(1u16 << k))
                .filter(|m| m.count_ones() == 2 && rng.random_range(0..3) == 0)
                .collect();
            let model = Model::from_masks(terms).unwrap();
            let layout = Layout::new(&data, &model, None);
            let fast = fitter.check_with(&data, &layout, true);
            let slow = fitter.check_with(&data, &layout, false);
            assert_eq!(fast.code(), slow.code(), "{model:?} {:?} {slow:?}", data.y);
            if slow.exists { exists += 1 } else { not += 1 }
        }
        assert!(exists > 20 && not > 20, "both outcomes exercised: {exists} {not}");
    }

    #[test]
    fn fits_match_the_estimating_equations() {
        // at the MLE the fitted margins of every kept parameter equal the observed ones
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        let mut fitter = Fitter::new();
        for _ in 0..50 {
            let k = rng.random_range(3..=6usize);
            let data = random_data(&mut rng, k, 6);
            let terms: Vec<u16> = (1..(1u16 << k))
                .filter(|m| m.count_ones() == 2 && rng.random_range(0..4) == 0)
                .collect();
            let het = Heterogeneity::ALL[rng.random_range(0..4)];
            let model = Model::from_masks(terms).unwrap().with_heterogeneity(het);
            let layout = Layout::new(&data, &model, None);
            if !fitter.check(&data, &layout).ok() {
                continue;
            }
            let fit = fitter.fit(&data, &layout, None, None).unwrap();
            assert!(fit.converged);
            if let (Some(h), Some(g)) = (&layout.het, fit.gamma) {
                // the heterogeneity margin is matched when γ is free; when held at 0, the score points below 0
                let obs: f64 = layout
                    .cells
                    .iter()
                    .zip(h)
                    .map(|(&c, h)| data.y[c as usize] as f64 * h)
                    .sum();
                let fitted: f64 = fit.mu.iter().zip(h).map(|(m, h)| m * h).sum();
                if g > 0.0 {
                    assert!(
                        (obs - fitted).abs() < 1e-6 * (1.0 + obs),
                        "{het:?}: {obs} vs {fitted}"
                    );
                } else {
                    assert!(
                        obs <= fitted + 1e-6 * (1.0 + obs),
                        "{het:?} at 0: {obs} vs {fitted}"
                    );
                }
            }
            for &s in &layout.params {
                let (mut obs, mut fitted) = (0.0, 0.0);
                for (i, &c) in layout.cells.iter().enumerate() {
                    if s & c == s {
                        obs += data.y[c as usize] as f64;
                        fitted += fit.mu[i];
                    }
                }
                assert!(
                    (obs - fitted).abs() < 1e-6 * (1.0 + obs),
                    "{s:b}: {obs} vs {fitted}"
                );
            }
        }
    }

    #[test]
    fn closed_form_rank_matches_elimination() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for _ in 0..300 {
            let k = rng.random_range(2..=5usize);
            let y: Vec<u64> = (0..1usize << k)
                .map(|c| {
                    if c == 0 || rng.random_range(0..3) == 0 {
                        0
                    } else {
                        rng.random_range(1..5)
                    }
                })
                .collect();
            let data = Data::new(k, y);
            if data.n == 0 {
                continue;
            }
            let terms: Vec<u16> = (1..(1u16 << k))
                .filter(|m| m.count_ones() >= 2 && rng.random_range(0..3) == 0)
                .collect();
            let model = Model::from_masks(terms).unwrap();
            let layout = Layout::new(&data, &model, None);
            let numeric = layout.num_params() - layout.numeric_rank();
            assert_eq!(layout.rank_deficiency(), numeric, "{model:?} {:?}", data.y);
        }
    }
}
