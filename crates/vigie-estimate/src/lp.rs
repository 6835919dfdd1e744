//! A small dense two-phase simplex for the Fienberg–Rinaldo linear programme.
//!
//! The programme of SparseMSE's `checkident` is "maximise s subject to A·x = t, x ≥ 0, x_c − s ≥ 0 for every
//! cell". Writing x = s·1 + u with u ≥ 0 gives the equivalent standard form
//!
//! ```text
//! maximise s   subject to   (A·1)·s + A·u = t,   s ≥ 0, u ≥ 0,
//! ```
//!
//! with only as many rows as model parameters. It is feasible (x = y, s = 0) and bounded (the intercept row says
//! Σx = n). Phase 1 finds a basis with artificial variables; artificials left in the basis at zero are pivoted out
//! or their (redundant) rows dropped; phase 2 maximises s. Pivoting follows Dantzig's rule and switches to Bland's
//! rule, which cannot cycle, after a run of degenerate pivots.

const EPS: f64 = 1e-9;

/// The tableau: `rows` constraint rows of `cols + 1` entries (the last is the right-hand side) and an objective
/// row of reduced costs.
struct Tableau {
    rows: usize,
    cols: usize,
    t: Vec<f64>,
    obj: Vec<f64>,
    basis: Vec<usize>,
    active: Vec<bool>,
}

impl Tableau {
    fn at(&self, r: usize, c: usize) -> f64 {
        self.t[r * (self.cols + 1) + c]
    }

    fn pivot(&mut self, r: usize, c: usize) {
        let w = self.cols + 1;
        let piv = self.t[r * w + c];
        let inv = 1.0 / piv;
        for j in 0..w {
            self.t[r * w + j] *= inv;
        }
        self.t[r * w + c] = 1.0;
        let (before, rest) = self.t.split_at_mut(r * w);
        let (prow, after) = rest.split_at_mut(w);
        for (i, row) in before
            .chunks_exact_mut(w)
            .chain(after.chunks_exact_mut(w))
            .enumerate()
        {
            let i = if i < r { i } else { i + 1 };
            if !self.active[i] {
                continue;
            }
            let f = row[c];
            if f != 0.0 {
                for (x, p) in row.iter_mut().zip(prow.iter()) {
                    *x -= f * p;
                }
                row[c] = 0.0;
            }
        }
        let f = self.obj[c];
        if f != 0.0 {
            for (x, p) in self.obj.iter_mut().zip(prow.iter()) {
                *x -= f * p;
            }
            self.obj[c] = 0.0;
        }
        self.basis[r] = c;
    }

    /// Runs the simplex on columns `0..allowed`. Returns false if unbounded or out of iterations.
    fn run(&mut self, allowed: usize) -> bool {
        let mut degenerate_run = 0usize;
        let mut bland = false;
        let max_iter = 50 * (self.rows + self.cols) + 1000;
        for _ in 0..max_iter {
            // entering column
            let mut enter = None;
            let mut best = EPS;
            for j in 0..allowed {
                let d = self.obj[j];
                if d > EPS {
                    if bland {
                        enter = Some(j);
                        break;
                    }
                    if d > best {
                        best = d;
                        enter = Some(j);
                    }
                }
            }
            let Some(c) = enter else { return true };
            // ratio test, ties to the smallest basic index (Bland)
            let mut leave: Option<(usize, f64)> = None;
            for i in 0..self.rows {
                if !self.active[i] {
                    continue;
                }
                let a = self.at(i, c);
                if a > EPS {
                    let ratio = self.at(i, self.cols) / a;
                    match leave {
                        None => leave = Some((i, ratio)),
                        Some((li, lr)) => {
                            if ratio < lr - 1e-12 || (ratio <= lr + 1e-12 && self.basis[i] < self.basis[li]) {
                                leave = Some((i, ratio));
                            }
                        }
                    }
                }
            }
            let Some((r, ratio)) = leave else { return false };
            if ratio <= 1e-12 {
                degenerate_run += 1;
                if degenerate_run > 20 {
                    bland = true;
                }
            } else {
                degenerate_run = 0;
            }
            self.pivot(r, c);
        }
        false
    }
}

/// The optimum of "maximise s subject to A·(s·1 + u) = t, s, u ≥ 0" for a `p × m` matrix `a` (row-major) and a
/// right-hand side `t ≥ 0`. `None` when the programme is infeasible or the solver fails (never expected here).
pub(crate) fn max_min_slack(a: &[f64], p: usize, m: usize, t: &[f64]) -> Option<f64> {
    if p == 0 || m == 0 || a.len() != p * m || t.len() != p {
        return None;
    }
    // columns: 0 = s, 1..=m = u, m+1..=m+p = artificials; then the right-hand side
    let cols = 1 + m + p;
    let w = cols + 1;
    let mut tab = Tableau {
        rows: p,
        cols,
        t: vec![0.0; p * w],
        obj: vec![0.0; w],
        basis: (0..p).map(|i| 1 + m + i).collect(),
        active: vec![true; p],
    };
    for i in 0..p {
        let row = &a[i * m..(i + 1) * m];
        let base = i * w;
        tab.t[base] = row.iter().sum();
        tab.t[base + 1..base + 1 + m].copy_from_slice(row);
        tab.t[base + 1 + m + i] = 1.0;
        tab.t[base + cols] = t[i].max(0.0);
    }
    // phase 1: maximise −Σ artificials; reduced costs = c + Σ rows
    for i in 0..p {
        for j in 0..=m {
            tab.obj[j] += tab.t[i * w + j];
        }
        tab.obj[cols] += tab.t[i * w + cols];
    }
    if !tab.run(cols) {
        return None;
    }
    let scale = t.iter().fold(1.0f64, |acc, v| acc.max(v.abs()));
    if tab.obj[cols].abs() > 1e-7 * scale {
        return None; // infeasible
    }
    // pivot artificials out of the basis, or drop their redundant rows
    for i in 0..p {
        if tab.basis[i] > m {
            let mut col = None;
            for j in 0..=m {
                if tab.at(i, j).abs() > EPS {
                    col = Some(j);
                    break;
                }
            }
            match col {
                Some(j) => tab.pivot(i, j),
                None => tab.active[i] = false,
            }
        }
    }
    // phase 2: maximise s (column 0); reduced costs = e0 − (row of s if basic)
    tab.obj.iter_mut().for_each(|x| *x = 0.0);
    tab.obj[0] = 1.0;
    for i in 0..p {
        if tab.active[i] && tab.basis[i] == 0 {
            for j in 0..w {
                tab.obj[j] -= tab.t[i * w + j];
            }
        }
    }
    if !tab.run(1 + m) {
        return None;
    }
    Some(-tab.obj[cols])
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn positive_solution_exists() {
        // one row: x1 + x2 = 2 → s = 1
        let v = max_min_slack(&[1.0, 1.0], 1, 2, &[2.0]).unwrap();
        assert!((v - 1.0).abs() < 1e-12);
    }

    #[test]
    fn zero_optimum_when_a_cell_is_forced_to_zero() {
        // rows: x1 + x2 + x3 = 2 ; x3 = 0 → s = 0
        let a = [1.0, 1.0, 1.0, 0.0, 0.0, 1.0];
        let v = max_min_slack(&a, 2, 3, &[2.0, 0.0]).unwrap();
        assert!(v.abs() < 1e-12);
    }

    #[test]
    fn redundant_rows_are_handled() {
        // two identical rows
        let a = [1.0, 1.0, 1.0, 1.0];
        let v = max_min_slack(&a, 2, 2, &[4.0, 4.0]).unwrap();
        assert!((v - 2.0).abs() < 1e-12);
    }
}
