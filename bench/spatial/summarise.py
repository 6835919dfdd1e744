#!/usr/bin/env python3
"""Prints the benchmark's tables (Markdown) from the measurements run.sh appends to a JSON-lines file: medians
over the runs, peak memory (the largest over the runs) and the ratios esda / vigie, for each esda configuration.

Usage: summarise.py RESULTS.jsonl
"""
import json
import statistics
import sys
from collections import defaultdict


def mib(kib):
    return kib / 1024


def label(cfg):
    jobs, keep = cfg.split(":")
    cores = "2 cores (joblib/loky)" if jobs != "1" else "1 core"
    return f"n_jobs={jobs} ({cores}), keep_simulations={'True' if keep == 'yes' else 'False'}"


def span(lo, hi):
    return f"{lo:.0f}×" if f"{lo:.0f}" == f"{hi:.0f}" else f"{lo:.0f}× to {hi:.0f}×"


def main():
    rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
    by = defaultdict(list)
    for r in rows:
        by[(r["case"], r["side"], r.get("config"))].append(r)
    sizes = {r["case"]: r["n"] for r in rows}
    cases = sorted(sizes, key=sizes.get)
    configs = list(dict.fromkeys(r["config"] for r in rows if r.get("config")))
    med = lambda rs, k: statistics.median(r[k] for r in rs)  # noqa: E731
    top = lambda rs, k: max(r[k] for r in rs)  # noqa: E731
    perms = sorted({r["permutations"] for r in rows if r.get("permutations")})

    print(f"{', '.join(map(str, perms))} permutations; times are medians of the runs, memory the largest peak.\n")
    print("vigie (`vigie diagnose spatial ... --weights gal:FILE --json`, the whole command: reading and validating "
          "the GeoJSON, overlap check, GAL, the three statistics, JSON):\n")
    print("| areas | runs | JSON to /dev/null | JSON to a file | peak memory (GNU time) |")
    print("|---|---|---|---|---|")
    for c in cases:
        v, vf = by[(c, "vigie", None)], by[(c, "vigie-file", None)]
        if v:
            vft = f"{med(vf, 'wall_s'):.2f} s" if vf else "–"
            print(f"| {sizes[c]:,} | {len(v)} | {med(v, 'wall_s'):.2f} s | {vft} | {mib(top(v, 'maxrss_kib')):.0f} MiB |")

    print("\nesda (global Moran + Moran_Local + G_Local(star=True), numba warmed up first and not counted), "
          "against vigie's whole command:\n")
    print("| areas | esda configuration | computing only | reading + computing | **esda computing / vigie** "
          "| esda reading + computing / vigie | peak memory, main process (GNU time) | peak memory, process tree "
          "(PSS) | **memory esda / vigie** (main; tree) | main process after imports and warm-up |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for c in cases:
        v = by[(c, "vigie", None)]
        if not v:
            continue
        vt, vm = med(v, "wall_s"), top(v, "maxrss_kib")
        for cfg in configs:
            e = by[(c, "esda", cfg)]
            if not e:
                continue
            et = med(e, "compute_s")
            ert = statistics.median(r["read_s"] + r["compute_s"] for r in e)
            em, ep = top(e, "maxrss_kib"), top(e, "tree_pss_kib")
            print(f"| {sizes[c]:,} | {label(cfg)} | {et:.2f} s | {ert:.2f} s | **{et / vt:.1f}×** | {ert / vt:.1f}× "
                  f"| {mib(em):.0f} MiB | {mib(ep):.0f} MiB | **{em / vm:.1f}×**; {ep / vm:.1f}× "
                  f"| {mib(top(e, 'rss_after_warmup_kib')):.0f} MiB |")

    psi = [r for r in rows if "psi_during" in r]
    if psi:
        worst = max(psi, key=lambda r: r["psi_during"])
        print(f"\nCPU pressure during the measurements (Linux PSI 'some': % of the time a task waited for a CPU, the "
              f"benchmark's own threads included): largest {worst['psi_during']:.1f} % ({worst['side']}, "
              f"{worst['case']}); median {statistics.median(r['psi_during'] for r in psi):.1f} %.")

    print("\nComputation against computation, medians (vigie's phases from its `phases` example, printed to "
          "0.01 s; esda's from esda_bench.py):\n")
    print("| areas | phase | vigie | " + " | ".join(f"esda, {label(c)}" for c in configs) + " | esda / vigie |")
    print("|---|---|---|" + "---|" * len(configs) + "---|")
    for c in cases:
        p = by[(c, "phases", None)]
        es = [by[(c, "esda", cfg)] for cfg in configs]
        if not p or not all(es):
            continue
        n = f"{sizes[c]:,}"
        parts = [("global Moran, 999 permutations", "moran_s"), ("local Moran, 999 permutations", "local_moran_s"),
                 ("Gi*, 999 permutations", "gi_star_s")]
        for name, k in parts:
            a, bs = med(p, k), [med(e, k) for e in es]
            print(f"| {n} | {name.replace('999', str(perms[0]))} | {a:.2f} s | "
                  + " | ".join(f"{b:.2f} s" for b in bs)
                  + f" | {span(min(bs) / max(a, 0.005), max(bs) / max(a, 0.005))} |")
        a = statistics.median(r["moran_s"] + r["local_moran_s"] + r["gi_star_s"] for r in p)
        bs = [med(e, "compute_s") for e in es]
        print(f"| {n} | **the three statistics** | {a:.2f} s | " + " | ".join(f"{b:.2f} s" for b in bs)
              + f" | **{span(min(bs) / a, max(bs) / a)}** |")
        bs = [med(e, "read_s") for e in es]
        print(f"| {n} | reading (vigie: GeoJSON + validation, GAL; esda: GAL twice, GeoJSON values) "
              f"| {med(p, 'read_s') + med(p, 'gal_s'):.2f} s | " + " | ".join(f"{b:.2f} s" for b in bs) + " | |")
        print(f"| {n} | vigie: overlap check | {med(p, 'overlap_s'):.2f} s | " + " | ".join("–" for _ in es) + " | |")


if __name__ == "__main__":
    main()
