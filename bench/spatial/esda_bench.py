#!/usr/bin/env python3
"""esda's side of the spatial benchmark: global Moran, local Moran and Gi* (star) with R permutations on the same
GAL weights and variable as vigie. numba is warmed up on a small problem first. Prints one JSON line:
reading time, computing time, peak RSS, and the per-area results for the agreement check.

Usage: esda_bench.py DATA_PREFIX PERMUTATIONS N_JOBS [RESULTS_JSON]
"""
import json
import resource
import sys
import time

import esda
import libpysal
import numpy as np


def run(y, w_r, w_b, perms, n_jobs):
    g = esda.Moran(y, w_r, transformation="r", permutations=perms)
    lm = esda.Moran_Local(y, w_r, transformation="r", permutations=perms, n_jobs=n_jobs, seed=12345)
    gi = esda.G_Local(y, w_b, transform="B", star=True, permutations=perms, n_jobs=n_jobs, seed=12345)
    return g, lm, gi


def main():
    prefix, perms, n_jobs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    out = sys.argv[4] if len(sys.argv) > 4 else None
    # Warm up numba's compiled kernels on a small lattice.
    wl = libpysal.weights.lat2W(10, 10)
    run(np.arange(100, dtype=float) % 7, wl, libpysal.weights.lat2W(10, 10), 99, n_jobs)
    t0 = time.perf_counter()
    w_r = libpysal.io.open(prefix + "_rook.gal").read()
    w_b = libpysal.io.open(prefix + "_rook.gal").read()
    with open(prefix + ".geojson") as f:
        fc = json.load(f)
    by_id = {ft["properties"]["id"]: ft["properties"]["value"] for ft in fc["features"]}
    y = np.array([by_id[i] for i in w_r.id_order], dtype=float)
    t1 = time.perf_counter()
    g, lm, gi = run(y, w_r, w_b, perms, n_jobs)
    t2 = time.perf_counter()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = {"read_s": t1 - t0, "compute_s": t2 - t1, "peak_rss_kib": peak_kib, "n": int(len(y)), "I": float(g.I)}
    if out:
        with open(out, "w") as f:
            json.dump({"ids": list(w_r.id_order), "Is": lm.Is.tolist(), "p_lisa": lm.p_sim.tolist(),
                       "Zs": gi.Zs.tolist(), "p_gi": np.asarray(gi.p_sim, dtype=float).tolist(), "I": float(g.I)}, f)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
