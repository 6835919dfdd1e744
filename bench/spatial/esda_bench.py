#!/usr/bin/env python3
"""esda's side of the spatial benchmark: global Moran, local Moran and Gi* (star) with R permutations, on the same
GAL weights and the same variable as vigie.

numba's kernels are compiled first, on a small lattice, with the same n_jobs (so the loky worker processes that
esda's parallel permutations use are started and compiled too: the executor is reused by the timed calls). Then
it times reading the GAL file and the GeoJSON values, and each statistic. Prints one JSON line.

Usage: esda_bench.py DATA_PREFIX PERMUTATIONS N_JOBS [RESULTS_JSON [SEED]]
  reads DATA_PREFIX.geojson (property `id`, `value`) and DATA_PREFIX_rook.gal;
  RESULTS_JSON, when given (and not "-"), receives the per-area results for compare.py; SEED defaults to 12345.
"""
import json
import resource
import sys
import time

import esda
import libpysal
import numpy as np


def run(y, w_r, w_b, perms, n_jobs, seed):
    """The three statistics; returns them and their times."""
    t = [time.perf_counter()]
    np.random.seed(seed)  # esda.Moran has no seed argument: it draws from numpy's global generator.
    g = esda.Moran(y, w_r, transformation="r", permutations=perms)
    t.append(time.perf_counter())
    lm = esda.Moran_Local(y, w_r, transformation="r", permutations=perms, n_jobs=n_jobs, seed=seed)
    t.append(time.perf_counter())
    gi = esda.G_Local(y, w_b, transform="B", star=True, permutations=perms, n_jobs=n_jobs, seed=seed)
    t.append(time.perf_counter())
    return (g, lm, gi), {"moran_s": t[1] - t[0], "local_moran_s": t[2] - t[1], "gi_star_s": t[3] - t[2]}


def main():
    prefix, perms, n_jobs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    out = sys.argv[4] if len(sys.argv) > 4 and sys.argv[4] != "-" else None
    seed = int(sys.argv[5]) if len(sys.argv) > 5 else 12345
    t_start = time.perf_counter()
    # Warm-up: compile numba's kernels in this process and in the loky workers.
    small = libpysal.weights.lat2W(20, 20), libpysal.weights.lat2W(20, 20)
    run(np.arange(400, dtype=float) % 7, *small, 99, n_jobs, seed)
    t_warm = time.perf_counter()
    # Reading: the GAL file (twice: Moran_Local row-standardises its weights in place, G_Local wants them binary)
    # and the variable from the GeoJSON, in the GAL file's order.
    t0 = time.perf_counter()
    w_r = libpysal.io.open(prefix + "_rook.gal").read()
    w_b = libpysal.io.open(prefix + "_rook.gal").read()
    with open(prefix + ".geojson") as f:
        fc = json.load(f)
    by_id = {ft["properties"]["id"]: ft["properties"]["value"] for ft in fc["features"]}
    y = np.array([by_id[i] for i in w_r.id_order], dtype=float)
    del fc, by_id
    t1 = time.perf_counter()
    (g, lm, gi), parts = run(y, w_r, w_b, perms, n_jobs, seed)
    t2 = time.perf_counter()
    result = {
        "n": int(len(y)),
        "permutations": perms,
        "n_jobs": n_jobs,
        "seed": seed,
        "warmup_s": t_warm - t_start,
        "read_s": t1 - t0,
        "compute_s": t2 - t1,
        **parts,
        # This process only: the loky workers' memory is not in it (treepeak.py measures the whole tree).
        "self_maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "I": float(g.I),
        "p_sim": float(g.p_sim),
    }
    if out:
        with open(out, "w") as f:
            json.dump({"ids": list(w_r.id_order), "I": float(g.I), "p_sim": float(g.p_sim),
                       "Is": lm.Is.tolist(), "p_lisa": lm.p_sim.tolist(), "q": lm.q.tolist(),
                       "Zs": gi.Zs.tolist(), "p_gi": np.asarray(gi.p_sim, dtype=float).tolist()}, f)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
