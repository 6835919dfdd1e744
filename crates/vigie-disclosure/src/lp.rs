//! The bounds of one variable under `A·x = b, x ≥ 0`: a small dense two-phase simplex with Bland's rule (which
//! cannot cycle). Disclosure tables are small (tens of lines, a few hundred suppressed entries at most), so a dense
//! tableau is simple and fast enough.

const EPS: f64 = 1e-9;

/// The answer of one programme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Optimum {
    Value(f64),
    Unbounded,
    Infeasible,
}

struct Tableau {
    /// `rows × (cols + 1)`, the last column is the right-hand side.
    t: Vec<Vec<f64>>,
    basis: Vec<usize>,
    cols: usize,
}

impl Tableau {
    fn pivot(&mut self, r: usize, c: usize) {
        let p = self.t[r][c];
        for v in self.t[r].iter_mut() {
            *v /= p;
        }
        let pivot_row = self.t[r].clone();
        for (i, row) in self.t.iter_mut().enumerate() {
            if i != r {
                let f = row[c];
                if f.abs() > EPS {
                    for (v, pv) in row.iter_mut().zip(&pivot_row) {
                        *v -= f * pv;
                    }
                }
            }
        }
        self.basis[r] = c;
    }

    /// Maximises `cost · x` over the columns `< allowed`; `None` when unbounded.
    fn maximise(&mut self, cost: &[f64], allowed: usize) -> Option<f64> {
        loop {
            // Reduced costs: c_j − c_B · column_j.
            let reduced = |j: usize, this: &Tableau| -> f64 {
                cost[j]
                    - this
                        .basis
                        .iter()
                        .enumerate()
                        .map(|(i, &b)| cost[b] * this.t[i][j])
                        .sum::<f64>()
            };
            // Bland: the lowest index with a positive reduced cost enters.
            let Some(enter) = (0..allowed).find(|&j| !self.basis.contains(&j) && reduced(j, self) > EPS)
            else {
                let value = self
                    .basis
                    .iter()
                    .enumerate()
                    .map(|(i, &b)| cost[b] * self.t[i][self.cols])
                    .sum();
                return Some(value);
            };
            // Ratio test; ties by the lowest basic index (Bland).
            let mut leave: Option<(usize, f64)> = None;
            for i in 0..self.t.len() {
                let a = self.t[i][enter];
                if a > EPS {
                    let ratio = self.t[i][self.cols] / a;
                    match leave {
                        None => leave = Some((i, ratio)),
                        Some((l, best)) => {
                            if ratio < best - EPS || (ratio < best + EPS && self.basis[i] < self.basis[l]) {
                                leave = Some((i, ratio));
                            }
                        }
                    }
                }
            }
            let (r, _) = leave?;
            self.pivot(r, enter);
        }
    }
}

/// The minimum and maximum of `x[k]` subject to `a·x = b`, `x ≥ 0` (`a` is `rows × n`, row-major).
pub fn bounds(a: &[Vec<f64>], b: &[f64], n: usize, k: usize) -> (Optimum, Optimum) {
    (optimise(a, b, n, k, -1.0), optimise(a, b, n, k, 1.0))
}

fn optimise(a: &[Vec<f64>], b: &[f64], n: usize, k: usize, sign: f64) -> Optimum {
    let m = a.len();
    // Phase 1: artificial variables n..n+m, rows with a non-negative right-hand side.
    let cols = n + m;
    let mut t = Vec::with_capacity(m);
    for (i, row) in a.iter().enumerate() {
        let flip = if b[i] < 0.0 { -1.0 } else { 1.0 };
        let mut r = vec![0.0; cols + 1];
        for (j, v) in row.iter().enumerate().take(n) {
            r[j] = flip * v;
        }
        r[n + i] = 1.0;
        r[cols] = flip * b[i];
        t.push(r);
    }
    let mut tab = Tableau {
        t,
        basis: (n..n + m).collect(),
        cols,
    };
    let mut cost1 = vec![0.0; cols];
    for c in cost1.iter_mut().skip(n) {
        *c = -1.0;
    }
    match tab.maximise(&cost1, cols) {
        Some(v) if v > -1e-7 => {}
        _ => return Optimum::Infeasible,
    }
    // Artificials still basic (at zero): pivot them out on any non-zero original column, or drop the row.
    let mut i = 0;
    while i < tab.t.len() {
        if tab.basis[i] >= n {
            match (0..n).find(|&j| tab.t[i][j].abs() > EPS) {
                Some(j) => {
                    tab.pivot(i, j);
                    i += 1;
                }
                None => {
                    tab.t.remove(i);
                    tab.basis.remove(i);
                }
            }
        } else {
            i += 1;
        }
    }
    // Phase 2 over the original columns.
    let mut cost = vec![0.0; cols];
    cost[k] = sign;
    match tab.maximise(&cost, n) {
        Some(v) => Optimum::Value(sign * v),
        None => Optimum::Unbounded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_of_a_two_by_two_with_margins() {
        // x0 + x1 = 5, x2 + x3 = 7, x0 + x2 = 4, x1 + x3 = 8.
        let a = vec![
            vec![1.0, 1.0, 0.0, 0.0],
            vec![0.0, 0.0, 1.0, 1.0],
            vec![1.0, 0.0, 1.0, 0.0],
            vec![0.0, 1.0, 0.0, 1.0],
        ];
        let b = vec![5.0, 7.0, 4.0, 8.0];
        assert_eq!(bounds(&a, &b, 4, 0), (Optimum::Value(0.0), Optimum::Value(4.0)));
        let (lo, hi) = bounds(&a, &b, 4, 3);
        assert_eq!((lo, hi), (Optimum::Value(3.0), Optimum::Value(7.0)));
        // Inconsistent totals.
        let b = vec![5.0, 7.0, 4.0, 9.0];
        assert_eq!(bounds(&a, &b, 4, 0).0, Optimum::Infeasible);
        // A free direction.
        let a = vec![vec![1.0, -1.0]];
        assert_eq!(bounds(&a, &[0.0], 2, 0).1, Optimum::Unbounded);
    }
}
