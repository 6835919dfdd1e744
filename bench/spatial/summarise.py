#!/usr/bin/env python3
"""Prints the benchmark's tables (Markdown) from the measurements run.sh appends to a JSON-lines file: medians
over the runs, peak memory (the largest over the runs) and the ratios esda / vigie.

Usage: summarise.py RESULTS.jsonl
"""
import json
import statistics
import sys
from collections import defaultdict


def mib(kib):
    return kib / 1024


def main():
    rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
    by = defaultdict(list)
    for r in rows:
        by[(r["case"], r["side"])].append(r)
    cases = sorted({r["case"] for r in rows}, key=lambda c: next(r["n"] for r in rows if r["case"] == c))
    med = lambda rs, k: statistics.median(r[k] for r in rs)  # noqa: E731
    top = lambda rs, k: max(r[k] for r in rs)  # noqa: E731
    perms = {r.get("permutations") for r in rows if r.get("permutations")}

    print(f"Wall time, median of the runs ({', '.join(map(str, sorted(perms)))} permutations):\n")
    print("| areas | runs | vigie, whole command (JSON to /dev/null) | vigie, JSON to a file "
          "| esda, computing only | esda, reading + computing | esda numba warm-up (not counted) "
          "| esda computing / vigie | esda reading + computing / vigie |")
    print("|---|---|---|---|---|---|---|---|---|")
    for c in cases:
        v, vf, e = by[(c, "vigie")], by[(c, "vigie-file")], by[(c, "esda")]
        if not (v and e):
            continue
        vt, et = med(v, "wall_s"), med(e, "compute_s")
        ert = statistics.median(r["read_s"] + r["compute_s"] for r in e)
        vft = f"{med(vf, 'wall_s'):.2f} s" if vf else "–"
        print(f"| {e[0]['n']:,} | {len(v)} / {len(e)} | {vt:.2f} s | {vft} | {et:.2f} s | {ert:.2f} s "
              f"| {med(e, 'warmup_s'):.1f} s | **{et / vt:.1f}×** | **{ert / vt:.1f}×** |")

    print("\nPeak memory (largest over the runs):\n")
    print("| areas | vigie (one process) | esda, main process | esda, whole process tree (PSS; RSS) "
          "| esda main / vigie | esda tree (PSS) / vigie |")
    print("|---|---|---|---|---|---|")
    for c in cases:
        v, e = by[(c, "vigie")], by[(c, "esda")]
        if not (v and e):
            continue
        vm, em, ep, er = top(v, "maxrss_kib"), top(e, "maxrss_kib"), top(e, "tree_pss_kib"), top(e, "tree_rss_kib")
        print(f"| {e[0]['n']:,} | {mib(vm):.0f} MiB | {mib(em):.0f} MiB | {mib(ep):.0f} MiB; {mib(er):.0f} MiB "
              f"| **{em / vm:.1f}×** | **{ep / vm:.1f}×** |")

    print("\nComputation against computation, median seconds (vigie's phases from the `phases` example, "
          "esda's from esda_bench.py):\n")
    print("| areas | statistic | vigie | esda | esda / vigie |")
    print("|---|---|---|---|---|")
    for c in cases:
        p, e = by[(c, "phases")], by[(c, "esda")]
        if not (p and e):
            continue
        n = e[0]["n"]
        for label, k in [("global Moran", "moran_s"), ("local Moran", "local_moran_s"), ("Gi*", "gi_star_s")]:
            a, b = med(p, k), med(e, k)
            print(f"| {n:,} | {label}, permutations included | {a:.3f} s | {b:.2f} s | {b / max(a, 1e-9):.0f}× |")
        a = statistics.median(r["moran_s"] + r["local_moran_s"] + r["gi_star_s"] for r in p)
        b = med(e, "compute_s")
        print(f"| {n:,} | the three together | {a:.3f} s | {b:.2f} s | {b / a:.0f}× |")
        print(f"| {n:,} | reading and validating the GeoJSON | {med(p, 'read_s'):.3f} s | – | |")
        print(f"| {n:,} | overlap check | {med(p, 'overlap_s'):.3f} s | – | |")
        print(f"| {n:,} | reading the GAL file | {med(p, 'gal_s'):.3f} s | – | |")
        print(f"| {n:,} | esda: reading GAL (twice) + GeoJSON values | – | {med(e, 'read_s'):.2f} s | |")


if __name__ == "__main__":
    main()
