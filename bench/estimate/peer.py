#!/usr/bin/env python3
"""Multiple systems estimation, as in the R package SparseMSE (Chan, Silverman & Vincent 2021), in Python.

The benchmark peer of `vigie estimate`. Poisson log-linear models are fitted with statsmodels' GLM, the
existence check is SparseMSE's linear program (`checkident`) solved with scipy's HiGHS, and the stepwise rule
uses scipy's Poisson distribution. See README.md beside this file.

    python peer.py --table FILE.csv [--method stepwise|bic|main] [--threshold 0.02] [--max-order K]
                   [--bootstrap 1000] [--seed N] [--level 0.95] [--json]

Input: one 0/1 column per list, then `count`. Patterns not listed have count 0; the all-zero pattern (persons on
no list) is what is estimated.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import math
import sys
import time
import warnings

import numpy as np
import statsmodels.api as sm
from scipy.optimize import linprog
from scipy.stats import norm, poisson

# statsmodels warns about non-convergence or "perfect prediction" on some bootstrap replicates; the fit is still
# used (the fitted means converge to the extended MLE), as glm in R does.
warnings.filterwarnings("ignore")

LP_TOL = 1e-6
DEFAULT_MAX_ORDER = {2: 1, 3: 2, 4: 3, 5: 3, 6: 2}


def popcount(x: int) -> int:
    return bin(x).count("1")


class Table:
    """A capture-history table over k lists: every observable cell (the 2^k - 1 non-empty patterns) and its count.

    A pattern is a bit mask: bit i set when the person is on list i (the i-th column of the CSV).
    """

    def __init__(self, names: list[str], patterns: dict[int, int]):
        self.names = names
        self.k = len(names)
        # Cells ordered as SparseMSE's tidylists: by number of lists, then by pattern.
        self.cells = sorted(range(1, 1 << self.k), key=lambda c: (popcount(c), c))
        self.index = {c: i for i, c in enumerate(self.cells)}
        self.cell_masks = np.array(self.cells, dtype=np.int64)
        self.cell_bits = np.array(
            [[(c >> i) & 1 for i in range(self.k)] for c in self.cells], dtype=float
        )
        # Observed patterns (count > 0), in the order first met: the units of the bootstrap and the jackknife.
        self.obs_patterns = [p for p, n in patterns.items() if n > 0]
        self.obs_counts = np.array([patterns[p] for p in self.obs_patterns], dtype=np.int64)
        self.y = self.counts_from(self.obs_counts)
        self.n = int(self.y.sum())

    def counts_from(self, obs_counts: np.ndarray) -> np.ndarray:
        """Cell counts (over self.cells) for given counts of the observed patterns."""
        y = np.zeros(len(self.cells))
        for p, n in zip(self.obs_patterns, obs_counts):
            y[self.index[p]] += n
        return y

    def term_name(self, term: int) -> list[str]:
        return [self.names[i] for i in range(self.k) if (term >> i) & 1]


def read_table(path: str) -> Table:
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header = [h.strip() for h in rows[0]]
    if header[-1].lower() != "count":
        raise SystemExit(f"{path}: the last column must be `count`")
    names = header[:-1]
    patterns: dict[int, int] = {}
    for row in rows[1:]:
        if not row or all(not x.strip() for x in row):
            continue
        bits = [int(x) for x in row[:-1]]
        count = int(float(row[-1]))
        mask = sum(1 << i for i, b in enumerate(bits) if b)
        if mask == 0:
            if count:
                raise SystemExit(f"{path}: the all-zero pattern is not observable")
            continue
        patterns[mask] = patterns.get(mask, 0) + count
    return Table(names, patterns)


def sort_terms(terms) -> tuple[int, ...]:
    """Interaction terms in a canonical order: by number of lists, then by the lists' indices."""
    return tuple(sorted(terms, key=lambda t: (popcount(t), [i for i in range(32) if (t >> i) & 1])))


class Design:
    """A model's design on given counts: the -inf terms (no person on all their lists) are left out and the cells
    that contain them deleted."""

    def __init__(self, table: Table, y: np.ndarray, terms: tuple[int, ...]):
        cells = table.cell_masks
        inside = {t: (cells & t) == t for t in terms}  # cells that contain all the term's lists
        self.neg_inf = [t for t in terms if y[inside[t]].sum() == 0]
        self.finite = [t for t in terms if t not in self.neg_inf]
        keep = np.ones(len(cells), dtype=bool)
        for t in self.neg_inf:
            keep &= ~inside[t]
        self.keep = np.flatnonzero(keep)
        cols = [np.ones((len(self.keep), 1)), table.cell_bits[self.keep]]
        cols += [inside[t][self.keep].astype(float)[:, None] for t in self.finite]
        self.X = np.hstack(cols)
        self.y = y[self.keep]
        self.cells = cells[self.keep]


def checkident(table: Table, y: np.ndarray, terms: tuple[int, ...]) -> int:
    """SparseMSE's checkident: 0 fine, 1 the MLE does not exist, 2 not identifiable, 3 both.

    With A the transposed model matrix (after the deletions) and t = A y, solve
    max s subject to A x = t, x >= 0, x_c - s >= 0 for every cell (and s >= 0, as lpSolve's variables are);
    an optimum of 0 means the MLE does not exist.
    """
    d = Design(table, y, terms)
    A = d.X.T
    t = A @ d.y
    npar, ncell = A.shape
    c = np.zeros(ncell + 1)
    c[-1] = -1.0  # linprog minimises
    a_eq = np.hstack([A, np.zeros((npar, 1))])
    a_ub = np.hstack([-np.eye(ncell), np.ones((ncell, 1))])  # s - x_c <= 0
    res = linprog(c, A_ub=a_ub, b_ub=np.zeros(ncell), A_eq=a_eq, b_eq=t, bounds=(0, None), method="highs")
    if res.status != 0:
        raise RuntimeError(f"linear program failed: {res.message}")
    not_exist = -res.fun <= LP_TOL
    rankdef = d.X.shape[1] - np.linalg.matrix_rank(d.X)
    return int(not_exist) + 2 * int(rankdef > 0)


class Fit:
    """A Poisson log-linear model fitted with statsmodels' GLM (log link)."""

    def __init__(self, table: Table, y: np.ndarray, terms: tuple[int, ...]):
        d = Design(table, y, terms)
        res = sm.GLM(d.y, d.X, family=sm.families.Poisson()).fit()
        self.terms = terms
        self.design = d
        self.mu = np.asarray(res.fittedvalues)
        self.intercept = float(res.params[0])
        self.hidden = math.exp(self.intercept)
        self.n = float(y.sum())
        self.estimate = self.n + self.hidden
        self.llf = float(res.llf)  # includes the -log(y!) terms
        self.deviance = float(res.deviance)
        # Parameters: intercept, main effects and every interaction term, the -inf ones included.
        self.npars = 1 + table.k + len(terms)
        self.bic = self.npars * math.log(self.n) - 2.0 * self.llf


def stepwise(table: Table, y: np.ndarray, threshold: float) -> Fit:
    """SparseMSE's stepwisefit: from main effects, add the pair with the smallest one-sided Poisson p-value while it
    is below the threshold (p = 1 for a pair whose model fails checkident)."""
    fit = Fit(table, y, ())
    if threshold == 0:
        return fit
    k = table.k
    pairs = [(1 << i) | (1 << j) for i in range(k - 1) for j in range(i + 1, k)]
    nstar = [float(y[(table.cell_masks & p) == p].sum()) for p in pairs]
    included = [False] * len(pairs)
    terms: tuple[int, ...] = ()
    for _ in range(len(pairs)):
        cells = fit.design.cells
        pval = [1.0] * len(pairs)
        for j, p in enumerate(pairs):
            if included[j]:
                continue
            lam = float(fit.mu[(cells & p) == p].sum())
            big_n = nstar[j]
            if lam > 0:
                lower = poisson.cdf(big_n, lam)
                upper = poisson.sf(big_n - 1, lam) if big_n > 0 else 1.0
                pval[j] = float(min(lower, upper))
            if checkident(table, y, terms + (p,)) > 0:
                pval[j] = 1.0
        pmin = min(pval)
        if pmin >= threshold:
            return fit
        jmin = pval.index(pmin)
        terms = terms + (pairs[jmin],)
        included[jmin] = True
        fit = Fit(table, y, terms)
    return fit


def hierarchical_models(k: int, max_order: int) -> list[tuple[int, ...]]:
    """Every hierarchical model with all main effects and interaction terms of up to max_order lists: a term is in
    only when all its sub-terms one list smaller are."""
    models: list[tuple[int, ...]] = []

    def grow(order: int, current: frozenset):
        if order > max_order:
            models.append(sort_terms(current))
            return
        cands = []
        for combo in itertools.combinations(range(k), order):
            t = sum(1 << i for i in combo)
            subs = [t & ~(1 << i) for i in combo]
            if order == 2 or all(s in current for s in subs):
                cands.append(t)
        for mask in range(1 << len(cands)):
            chosen = current | {cands[i] for i in range(len(cands)) if (mask >> i) & 1}
            grow(order + 1, frozenset(chosen))

    grow(2, frozenset())
    models.sort(key=lambda m: (len(m), [popcount(t) for t in m], [sorted_bits(t) for t in m]))
    return models


def sorted_bits(t: int) -> list[int]:
    return [i for i in range(32) if (t >> i) & 1]


def bic_ranking(table: Table, y: np.ndarray, models) -> list[Fit]:
    """Admissible models (checkident code 0), fitted and sorted by BIC (ties: enumeration order)."""
    fits = []
    for m in models:
        if checkident(table, y, m) != 0:
            continue
        fits.append(Fit(table, y, m))
    fits.sort(key=lambda f: f.bic)  # stable
    return fits


def bic_choice(table: Table, y: np.ndarray, candidates) -> Fit | None:
    """The smallest BIC among the candidate models (the admissible models of the original ranking)."""
    best = None
    for m in candidates:
        try:
            f = Fit(table, y, m)
        except Exception:  # noqa: BLE001 - a replicate on which a model cannot be fitted
            continue
        if not math.isfinite(f.bic) or not math.isfinite(f.estimate):
            continue
        if best is None or f.bic < best.bic:
            best = f
    return best


def bca_interval(reps: np.ndarray, estimate: float, ahat: float, level: float) -> tuple[float | None, float | None]:
    """SparseMSE's bcaconfvalues: z0 from the share of replicates below the estimate, quantiles of type 8.

    No interval (None, None) when every replicate, or none, falls below the estimate (z0 infinite) or no
    acceleration can be had: R's quantile() stops there too."""
    below = float(np.mean(reps < estimate)) if len(reps) else 0.0
    if not 0.0 < below < 1.0 or not math.isfinite(ahat):
        return None, None
    z0 = norm.ppf(below)
    alpha = np.array([(1 - level) / 2, 1 - (1 - level) / 2])
    za = norm.ppf(alpha)
    za0 = za + z0
    zq = norm.cdf(z0 + za0 / (1 - ahat * za0))
    q = np.quantile(reps, zq, method="median_unbiased")  # R's quantile type 8
    return float(q[0]), float(q[1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--table", required=True)
    ap.add_argument("--method", choices=["stepwise", "bic", "main"], default="stepwise")
    ap.add_argument("--threshold", type=float, default=0.02)
    ap.add_argument("--max-order", type=int, default=None)
    ap.add_argument("--bootstrap", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--level", type=float, default=0.95)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--timings", action="store_true", help="print phase timings to stderr")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    table = read_table(args.table)
    y = table.y
    ranking = None
    if args.method == "stepwise":
        fit = stepwise(table, y, args.threshold)
        choose = lambda yy: stepwise(table, yy, args.threshold)  # noqa: E731
    elif args.method == "main":
        fit = Fit(table, y, ())
        choose = lambda yy: Fit(table, yy, ())  # noqa: E731
    else:
        max_order = args.max_order if args.max_order is not None else DEFAULT_MAX_ORDER.get(table.k, 2)
        models = hierarchical_models(table.k, max_order)
        ranking = bic_ranking(table, y, models)
        if not ranking:
            raise SystemExit("no admissible model")
        fit = ranking[0]
        candidates = [f.terms for f in ranking]
        choose = lambda yy: bic_choice(table, yy, candidates)  # noqa: E731
    t_fit = time.perf_counter()

    interval = {"level": args.level, "lower": None, "upper": None, "method": "none"}
    boot_failed = 0
    if args.bootstrap > 0:
        rng = np.random.default_rng(args.seed)
        probs = table.obs_counts / table.n
        reps = []
        for _ in range(args.bootstrap):
            counts = rng.multinomial(table.n, probs)
            f = choose(table.counts_from(counts))
            if f is None or not math.isfinite(f.estimate):
                boot_failed += 1
                continue
            reps.append(f.estimate)
        reps = np.array(reps)
        t_boot = time.perf_counter()
        # Jackknife over the observed patterns: one person left out of each, weighted by the pattern's count.
        w = table.obs_counts.astype(float)
        jack = np.zeros(len(w))
        for j in range(len(w)):
            counts = table.obs_counts.copy()
            counts[j] -= 1
            f = choose(table.counts_from(counts))
            jack[j] = f.estimate if f is not None else np.nan
        jr = np.sum(w * jack) / np.sum(w) - jack
        ahat = float(np.sum(w * jr**3) / (6.0 * np.sum(w * jr**2) ** 1.5))
        lower, upper = bca_interval(reps, fit.estimate, ahat, args.level)
        interval = {"level": args.level, "lower": lower, "upper": upper, "method": "bca"}
        t_jack = time.perf_counter()
    else:
        t_boot = t_jack = t_fit

    names = lambda terms: [table.term_name(t) for t in sort_terms(terms)]  # noqa: E731
    out = {
        "observed": table.n,
        "estimate": fit.estimate,
        "hidden": fit.hidden,
        "interval": interval,
        "model": {
            "terms": names(fit.terms),
            "neg_inf_terms": [table.term_name(t) for t in sort_terms(fit.design.neg_inf)],
            "deviance": fit.deviance,
            "bic": fit.bic,
        },
    }
    if args.bootstrap > 0:
        out["bootstrap"] = {"replicates": args.bootstrap, "failed": boot_failed, "acceleration": ahat}
    if ranking is not None:
        out["ranking"] = [{"terms": names(f.terms), "estimate": f.estimate, "bic": f.bic} for f in ranking]
        out["candidates"] = len(models)
    if args.timings:
        print(
            f"timings: model choice {t_fit - t0:.2f} s, bootstrap {t_boot - t_fit:.2f} s, "
            f"jackknife {t_jack - t_boot:.2f} s",
            file=sys.stderr,
        )
    if args.json:
        json.dump(out, sys.stdout)
        print()
    else:
        terms = ", ".join(":".join(t) for t in out["model"]["terms"]) or "main effects only"
        print(f"observed {table.n}; model {terms}")
        print(f"estimate {fit.estimate:.4f} (hidden {fit.hidden:.4f}); deviance {fit.deviance:.6f}, BIC {fit.bic:.5f}")
        if interval["lower"] is not None:
            print(f"{args.level:.0%} BCa interval [{interval['lower']:.2f}, {interval['upper']:.2f}]")
        if ranking is not None:
            print(f"BIC ranking: {len(ranking)} admissible of {len(models)} models")
            for f in ranking[:20]:
                tn = ", ".join(":".join(t) for t in names(f.terms)) or "main effects"
                print(f"  {f.bic:12.5f}  {f.estimate:12.4f}  {tn}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
