#!/usr/bin/env python3
"""Agreement between vigie's and esda's results on the same areas and weights.

Deterministic values (first run of each side):
- global Moran's I;
- local Moran: esda scales I_i by (n - 1), vigie by n (spdep's convention): vigie's values are multiplied by
  (n - 1) / n before the largest absolute difference is taken; the quadrants;
- Gi*: the analytic z-scores.

Pseudo p-values come from different random streams, so they agree statistically, not digit for digit. For each
local statistic: the share of areas significant at 5 % in each run, and the share of areas on which two runs take
the same decision, for every vigie/esda pair of runs and, as the yardstick, for every pair of runs of the same tool
with different seeds. Both tools share each permutation's random draws across all areas (esda's design, which
vigie follows), so a whole run's p-values move together with its seed: the yardstick matters.

Usage: compare.py --vigie VIGIE_JSON... --esda ESDA_JSON...
  (vigie's JSON as `vigie diagnose spatial --json` writes it; esda's as esda_bench.py --results writes it)
"""
import argparse
import itertools
import json
import statistics


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vigie", nargs="+", required=True)
    ap.add_argument("--esda", nargs="+", required=True)
    a = ap.parse_args()
    vs = [json.load(open(p)) for p in a.vigie]
    es = [json.load(open(p)) for p in a.esda]
    v, e = vs[0], es[0]
    n, R = v["n"], v["permutations"]
    ids = e["ids"]

    def significant(p):
        # On the count scale: p = (M + 1) / (R + 1) exactly. esda's G_Local keeps its pseudo p-values as float32,
        # in which 0.05 reads 0.0500000007: compared as floats, its p = 0.05 would not be <= 0.05 while vigie's is.
        return p is not None and round(p * (R + 1)) <= 0.05 * (R + 1) + 1e-9

    def vigie_areas(run):
        by_id = {x["id"]: x for x in run["areas"]}
        return [by_id[i] for i in ids]  # in esda's order

    va = vigie_areas(v)
    lisa_v = [x["lisa"]["i"] * (n - 1) / n for x in va]
    d_lisa = max(abs(x - y) for x, y in zip(lisa_v, e["Is"]))
    d_lisa_unscaled = max(abs(x["lisa"]["i"] - y) for x, y in zip(va, e["Is"]))
    d_gi = max(abs(x["gi_star"]["z"] - y) for x, y in zip(va, e["Zs"]))
    quad = {"HH": 1, "LH": 2, "LL": 3, "HL": 4}  # esda's q codes
    q_agree = sum(quad[x["lisa"]["quadrant"]] == q for x, q in zip(va, e["q"])) / n
    print(f"global Moran's I: vigie {v['moran']['i']:.12f}, esda {e['I']:.12f} "
          f"(difference {abs(v['moran']['i'] - e['I']):.1e}); pseudo p: vigie {v['moran']['p_sim']}, esda {e['p_sim']}")
    print(f"local Moran I_i: largest |difference| {d_lisa:.1e} after rescaling vigie's by (n-1)/n "
          f"(largest |I_i| {max(map(abs, e['Is'])):.2f}; {d_lisa_unscaled:.1e} without rescaling); "
          f"quadrants agree for {100 * q_agree:.2f} % of areas")
    print(f"Gi* z: largest |difference| {d_gi:.1e} (largest |z| {max(map(abs, e['Zs'])):.2f})")

    pct = lambda x: f"{100 * x:.1f} %"  # noqa: E731
    span = lambda xs: f"{pct(min(xs))}" if len(xs) == 1 else f"{pct(min(xs))} to {pct(max(xs))}"  # noqa: E731
    for label, vkey, ekey in [("local Moran", "lisa", "p_lisa"), ("Gi*", "gi_star", "p_gi")]:
        vp = [[x[vkey]["p_sim"] for x in vigie_areas(run)] for run in vs]
        ep = [run[ekey] for run in es]
        vsig = [[significant(p) for p in ps] for ps in vp]
        esig = [[significant(p) for p in ps] for ps in ep]
        agree = lambda a, b: sum(x == y for x, y in zip(a, b)) / n  # noqa: E731
        mean_abs = lambda a, b: statistics.fmean(abs(x - y) for x, y in zip(a, b) if x is not None)  # noqa: E731
        cross = [agree(a, b) for a in vsig for b in esig]
        cross_p = [mean_abs(a, b) for a in vp for b in ep]
        print(f"{label}, significant at 5 %: vigie {', '.join(pct(sum(s) / n) for s in vsig)} of areas "
              f"(seeds {', '.join(str(run['seed']) for run in vs)}); "
              f"esda {', '.join(pct(sum(s) / n) for s in esig)} (seeds {', '.join(str(run.get('seed', '?')) for run in es)})")
        line = f"  same decision, vigie against esda: {span(cross)} of areas ({len(cross)} pairs of runs)"
        for name, runs in [("esda", esig), ("vigie", vsig)]:
            same = [agree(a, b) for a, b in itertools.combinations(runs, 2)]
            if same:
                line += f"; {name} against {name}, other seed: {span(same)}"
        print(line)
        line = f"  mean |p difference|, vigie against esda: {min(cross_p):.4f} to {max(cross_p):.4f}"
        for name, runs in [("esda", ep), ("vigie", vp)]:
            same = [mean_abs(a, b) for a, b in itertools.combinations(runs, 2)]
            if same:
                line += f"; {name} against {name}: {min(same):.4f} to {max(same):.4f}"
        print(line)
    raw = sum(map(significant, e["p_gi"])) - sum(p <= 0.05 for p in e["p_gi"])
    print(f"(esda's G_Local p-values are float32: compared with 0.05 as floats, {raw} areas whose p is exactly 0.05 "
          f"would be called not significant by esda; decisions here are taken on counts, (M + 1) <= 0.05 (R + 1))")


if __name__ == "__main__":
    main()
