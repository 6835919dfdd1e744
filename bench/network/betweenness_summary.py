#!/usr/bin/env python3
"""Tables of the betweenness benchmark from the files betweenness.sh leaves in RESULTS_DIR (standard library only).

Usage: betweenness_summary.py RESULTS_DIR [TARGET (0.05)]

Reads vigie_exact.json, vigie_exact_1thread.json, igraph_exact.json (each optional), agreement.json (vigie's exact
against igraph's) and sampled_<estimator>.json (the last line of the example's `sampled` mode), and prints Markdown:
exact times and ratios, then for each estimator and number of pivots k the time and the error on the top nodes,
worst over the seeds, and the smallest k whose every seed puts all the top nodes within TARGET of exact.
"""

import json
import os
import statistics
import sys


def load(path):
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        text = f.read().strip()
    return json.loads(text) if text else None


def main():
    results = sys.argv[1]
    target = float(sys.argv[2]) if len(sys.argv) > 2 else 0.05
    vigie = load(os.path.join(results, "vigie_exact.json"))
    vigie1 = load(os.path.join(results, "vigie_exact_1thread.json"))
    igraph = load(os.path.join(results, "igraph_exact.json"))
    agreement = load(os.path.join(results, "agreement.json"))
    if vigie is None:
        raise SystemExit(f"no {results}/vigie_exact.json")
    print(f"Graph: {vigie['nodes']:,} nodes, {vigie['edges']:,} edges.\n")
    print("Exact betweenness (unweighted, raw values; reading the file excluded):\n")
    print("| | time | igraph / this |")
    print("|---|---|---|")
    rows = [(f"vigie exact, {vigie['threads']} threads", vigie["seconds"])]
    if vigie1:
        rows.append(("vigie exact, 1 thread", vigie1["seconds"]))
    if igraph:
        rows.append((f"igraph {igraph.get('igraph', '')} `betweenness()` (1 thread)", igraph["seconds"]))
    for name, seconds in rows:
        ratio = f"{igraph['seconds'] / seconds:.2f}×" if igraph else "–"
        print(f"| {name} | {seconds:,.1f} s | {ratio} |")
    if agreement:
        top = [k for k in agreement if k.startswith("max_rel_diff_top")]
        print(
            f"\nvigie's exact against igraph's: largest relative difference {agreement['max_rel_diff']:.2g} "
            f"(all nodes), {agreement[top[0]]:.2g} ({top[0][len('max_rel_diff_'):]}); largest absolute difference "
            f"{agreement['max_abs_diff']:.2g} for values up to {agreement['largest_value']:.4g}."
        )
    for estimator in ["linear", "sources"]:
        sampled = load(os.path.join(results, f"sampled_{estimator}.json"))
        if not sampled:
            continue
        top = sampled["top"]
        by_k = {}
        for run in sampled["runs"]:
            by_k.setdefault(run["pivots"], []).append(run)
        print(
            f"\nSampled, estimator `{sampled['estimator']}`, {sampled['threads']} threads; errors relative to "
            f"vigie's exact values on the {top} nodes of highest exact betweenness, worst over the seeds "
            f"({', '.join(str(r['seed']) for r in by_k[min(by_k)])}):\n"
        )
        print(
            f"| pivots k | k / n | time (median) | vigie exact / this | igraph exact / this | max rel. error, top {top} "
            f"| max rel. error, top 10 | top {top} within 5 % (fewest) | estimated top {top} in exact top {top} "
            f"(fewest) | within 2 estimated SE (fewest) | bound (95 %) / {top}th value |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        chosen = None
        for k in sorted(by_k):
            runs = by_k[k]
            seconds = statistics.median(r["seconds"] for r in runs)
            worst = max(r["max_relative_error_top"] for r in runs)
            if chosen is None and worst <= target:
                chosen = (k, seconds)
            print(
                f"| {k:,} | {k / vigie['nodes']:.3f} | {seconds:,.1f} s | {vigie['seconds'] / seconds:.1f}× | "
                + (f"{igraph['seconds'] / seconds:.1f}× | " if igraph else "– | ")
                + f"{100 * worst:.1f} % | {100 * max(r['max_relative_error_top10'] for r in runs):.1f} % | "
                f"{min(r['top_within_5_percent'] for r in runs)} | {min(r['top_overlap'] for r in runs)} | "
                f"{min(r['top_within_2_standard_errors'] for r in runs)} | "
                f"{max(r['error_bound_over_smallest_top_value'] for r in runs):.0f}× |"
            )
        if chosen:
            k, seconds = chosen
            line = (
                f"\nSmallest k with every seed's top {top} within {100 * target:.0f} %: **{k:,}** "
                f"({seconds:,.1f} s): {vigie['seconds'] / seconds:.1f}× faster than vigie's exact"
            )
            if igraph:
                line += f", {igraph['seconds'] / seconds:.1f}× faster than igraph's exact"
            print(line + ".")
        else:
            print(f"\nNo k tried puts every seed's top {top} within {100 * target:.0f} %.")


if __name__ == "__main__":
    main()
