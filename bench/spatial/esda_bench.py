#!/usr/bin/env python3
"""esda's side of the spatial benchmark: global Moran, local Moran and Gi* (star) with R permutations, on the same
GAL weights and the same variable as vigie.

numba's kernels are compiled first, on a small lattice, with the same n_jobs, so that the loky worker processes in
which esda runs its parallel permutations are started and have compiled their kernels too (the timed calls reuse
that executor). Then, REPEAT times: read the GAL file and the GeoJSON values, and compute the three statistics,
each timed. Prints one JSON line per repetition.

Usage: esda_bench.py DATA_PREFIX [--permutations 999] [--n-jobs -1] [--repeat 1] [--seed 12345]
                     [--keep-simulations yes|no]
                     [--results FILE] [--other-seeds S... --other-results PREFIX]
  reads DATA_PREFIX.geojson (properties `id` and `value`) and DATA_PREFIX_rook.gal;
  --results: the first repetition's per-area results, for compare.py;
  --other-seeds: after the timed repetitions, one untimed run with each of these seeds, written to
  PREFIX<seed>.json (how much esda's own pseudo p-values move with the seed: the yardstick for the agreement with
  vigie).
"""
import argparse
import json
import resource
import time
import warnings

import esda
import libpysal
import numpy as np


# esda 2.9 warns that its conditional randomisation uses alternative="directed" (PySAL's folded pseudo p-value,
# the one vigie computes) and may move to "two-sided"; Moran_Local and G_Local cannot choose it yet.
warnings.filterwarnings("ignore", message="The alternative hypothesis")


def statistics(y, w_r, w_b, perms, n_jobs, seed, keep=True):
    """The three statistics; returns them and their times."""
    t = [time.perf_counter()]
    np.random.seed(seed)  # esda.Moran has no seed argument: it draws from numpy's global generator.
    g = esda.Moran(y, w_r, transformation="r", permutations=perms)
    t.append(time.perf_counter())
    lm = esda.Moran_Local(y, w_r, transformation="r", permutations=perms, n_jobs=n_jobs, seed=seed,
                          keep_simulations=keep)
    t.append(time.perf_counter())
    gi = esda.G_Local(y, w_b, transform="B", star=True, permutations=perms, n_jobs=n_jobs, seed=seed,
                      keep_simulations=keep)
    t.append(time.perf_counter())
    return (g, lm, gi), {"moran_s": t[1] - t[0], "local_moran_s": t[2] - t[1], "gi_star_s": t[3] - t[2]}


def read(prefix):
    # The GAL file twice: Moran_Local row-standardises its weights in place, G_Local wants them binary.
    w_r = libpysal.io.open(prefix + "_rook.gal").read()
    w_b = libpysal.io.open(prefix + "_rook.gal").read()
    with open(prefix + ".geojson") as f:
        fc = json.load(f)
    by_id = {ft["properties"]["id"]: ft["properties"]["value"] for ft in fc["features"]}
    y = np.array([by_id[i] for i in w_r.id_order], dtype=float)
    return y, w_r, w_b


def dump(path, seed, ids, g, lm, gi):
    with open(path, "w") as f:
        json.dump({"seed": seed, "permutations": int(lm.permutations), "ids": list(ids), "I": float(g.I),
                   "p_sim": float(g.p_sim),
                   "Is": lm.Is.tolist(), "p_lisa": np.asarray(lm.p_sim, dtype=float).tolist(), "q": lm.q.tolist(),
                   "Zs": gi.Zs.tolist(), "p_gi": np.asarray(gi.p_sim, dtype=float).tolist()}, f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("prefix")
    ap.add_argument("--permutations", type=int, default=999)
    ap.add_argument("--n-jobs", type=int, default=-1)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--seed", type=int, default=12345)
    ap.add_argument("--keep-simulations", choices=["yes", "no"], default="yes",
                    help="esda's keep_simulations (default yes, as esda's): no saves storing every simulated value")
    ap.add_argument("--results")
    ap.add_argument("--other-seeds", type=int, nargs="*", default=[])
    ap.add_argument("--other-results")
    a = ap.parse_args()
    keep = a.keep_simulations == "yes"

    t_start = time.perf_counter()
    small = libpysal.weights.lat2W(20, 20), libpysal.weights.lat2W(20, 20)
    statistics(np.arange(400, dtype=float) % 7, *small, 99, a.n_jobs, a.seed, keep)
    warmup = time.perf_counter() - t_start
    with open("/proc/self/status") as f:  # the interpreter, esda, numba and its compiled kernels, before any data
        rss_after_warmup = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))

    for r in range(1, a.repeat + 1):
        t0 = time.perf_counter()
        y, w_r, w_b = read(a.prefix)
        t1 = time.perf_counter()
        (g, lm, gi), parts = statistics(y, w_r, w_b, a.permutations, a.n_jobs, a.seed, keep)
        t2 = time.perf_counter()
        print(json.dumps({
            "run": r, "n": int(len(y)), "permutations": a.permutations, "n_jobs": a.n_jobs, "seed": a.seed,
            "keep_simulations": keep,
            "warmup_s": warmup, "rss_after_warmup_kib": rss_after_warmup, "read_s": t1 - t0, "compute_s": t2 - t1, **parts,
            # This process only: the loky workers' memory is not in it (treepeak.py measures the whole tree).
            "self_maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            "I": float(g.I), "p_sim": float(g.p_sim),
        }), flush=True)
        if r == 1 and a.results:
            dump(a.results, a.seed, w_r.id_order, g, lm, gi)
        del g, lm, gi, y, w_r, w_b

    for seed in a.other_seeds if a.other_results else []:
        y, w_r, w_b = read(a.prefix)
        (g, lm, gi), _ = statistics(y, w_r, w_b, a.permutations, a.n_jobs, seed, keep)
        dump(f"{a.other_results}{seed}.json", seed, w_r.id_order, g, lm, gi)


if __name__ == "__main__":
    main()
