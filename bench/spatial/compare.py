#!/usr/bin/env python3
"""Agreement between vigie's and esda's results on the same areas and weights.

- global Moran's I and its pseudo p-value;
- local Moran: esda scales I_i by (n - 1), vigie by n (spdep's convention): vigie's values are multiplied by
  (n - 1) / n before the largest absolute difference is taken; the quadrants;
- Gi*: the analytic z-scores (no randomness: they should agree to rounding);
- pseudo p-values come from different random streams, so they agree statistically, not digit for digit: the share
  of areas whose significance at 5 % is the same decision on both sides. With ESDA_OTHER_SEED_JSON (esda run again
  with another seed) the same share between esda and itself is printed as the yardstick.

Usage: compare.py VIGIE_JSON ESDA_JSON [ESDA_OTHER_SEED_JSON]
"""
import json
import sys


def significant(p):
    return p is not None and p <= 0.05


def agreement(pa, pb):
    return sum(significant(a) == significant(b) for a, b in zip(pa, pb)) / len(pa)


def main():
    v = json.load(open(sys.argv[1]))
    e = json.load(open(sys.argv[2]))
    other = json.load(open(sys.argv[3])) if len(sys.argv) > 3 else None
    n = v["n"]
    by_id = {a["id"]: a for a in v["areas"]}
    va = [by_id[i] for i in e["ids"]]  # vigie's areas in esda's order
    lisa_v = [a["lisa"]["i"] * (n - 1) / n for a in va]
    d_lisa = max(abs(a - b) for a, b in zip(lisa_v, e["Is"]))
    scale = max(abs(b) for b in e["Is"])
    d_lisa_unscaled = max(abs(a["lisa"]["i"] - b) for a, b in zip(va, e["Is"]))
    d_gi = max(abs(a["gi_star"]["z"] - b) for a, b in zip(va, e["Zs"]))
    quad = {"HH": 1, "LH": 2, "LL": 3, "HL": 4}  # esda's q codes
    q_agree = sum(quad[a["lisa"]["quadrant"]] == q for a, q in zip(va, e["q"])) / n
    p_lisa_v = [a["lisa"]["p_sim"] for a in va]
    p_gi_v = [a["gi_star"]["p_sim"] for a in va]
    sig = lambda ps: sum(map(significant, ps)) / n  # noqa: E731
    print(f"global Moran's I: vigie {v['moran']['i']:.12f}, esda {e['I']:.12f} "
          f"(difference {abs(v['moran']['i'] - e['I']):.1e}); pseudo p: vigie {v['moran']['p_sim']}, esda {e['p_sim']}")
    print(f"local Moran I_i: largest |difference| {d_lisa:.1e} after rescaling vigie's by (n-1)/n "
          f"(largest |I_i| {scale:.2f}; {d_lisa_unscaled:.1e} without rescaling); quadrants agree for {100 * q_agree:.2f} %")
    print(f"Gi* z: largest |difference| {d_gi:.1e}")
    line = (f"significant at 5 %, local Moran: vigie {100 * sig(p_lisa_v):.1f} %, esda {100 * sig(e['p_lisa']):.1f} % "
            f"of areas; same decision for {100 * agreement(p_lisa_v, e['p_lisa']):.1f} % of areas")
    if other:
        line += f" (esda against esda with another seed: {100 * agreement(e['p_lisa'], other['p_lisa']):.1f} %)"
    print(line)
    line = (f"significant at 5 %, Gi*: vigie {100 * sig(p_gi_v):.1f} %, esda {100 * sig(e['p_gi']):.1f} % "
            f"of areas; same decision for {100 * agreement(p_gi_v, e['p_gi']):.1f} % of areas")
    if other:
        line += f" (esda against esda with another seed: {100 * agreement(e['p_gi'], other['p_gi']):.1f} %)"
    print(line)
    mean_abs = lambda a, b: sum(abs(x - y) for x, y in zip(a, b) if x is not None) / n  # noqa: E731
    line = (f"mean |p difference|: local Moran {mean_abs(p_lisa_v, e['p_lisa']):.4f}, "
            f"Gi* {mean_abs(p_gi_v, e['p_gi']):.4f}")
    if other:
        line += (f" (esda against itself: {mean_abs(e['p_lisa'], other['p_lisa']):.4f}, "
                 f"{mean_abs(e['p_gi'], other['p_gi']):.4f})")
    print(line)


if __name__ == "__main__":
    main()
