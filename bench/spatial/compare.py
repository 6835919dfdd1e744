#!/usr/bin/env python3
"""Agreement between vigie's and esda's results on the same data: local Moran (esda scales by n-1, vigie by n),
Gi* z, and the share of areas whose significance at 5 % agrees. Usage: compare.py VIGIE_JSON ESDA_JSON"""
import json
import sys

v = json.load(open(sys.argv[1]))
e = json.load(open(sys.argv[2]))
n = v["n"]
vi = {a["id"]: a for a in v["areas"]}
d_lisa = max(abs(vi[i]["lisa"]["i"] * (n - 1) / n - e["Is"][k]) for k, i in enumerate(e["ids"]))
d_gi = max(abs(vi[i]["gi_star"]["z"] - e["Zs"][k]) for k, i in enumerate(e["ids"]))
agree_l = sum((vi[i]["lisa"]["p_sim"] <= 0.05) == (e["p_lisa"][k] <= 0.05) for k, i in enumerate(e["ids"])) / n
agree_g = sum((vi[i]["gi_star"]["p_sim"] <= 0.05) == (e["p_gi"][k] <= 0.05) for k, i in enumerate(e["ids"])) / n
print(f"global I: vigie {v['moran']['i']:.12f}, esda {e['I']:.12f}")
print(f"local Moran: max |difference| {d_lisa:.2e} (after rescaling n-1/n); significance at 5 % agrees for {100 * agree_l:.1f} % of areas")
print(f"Gi* z: max |difference| {d_gi:.2e}; significance at 5 % agrees for {100 * agree_g:.1f} % of areas")
