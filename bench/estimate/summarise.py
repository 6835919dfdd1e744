#!/usr/bin/env python3
"""Summarise bench/estimate/results/runs.jsonl (written by run.sh): median wall time per case and side, the ratio
peer / vigie, and whether both sides give the same point estimate (1e-3 relative) and the same chosen terms.

Usage: python3 summarise.py [RESULTS_DIR]   (standard library only). Exits 1 when the two sides disagree."""

import json
import os
import statistics
import sys

RESULTS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")
REL_TOL = 1e-3


def load(path):
    with open(path) as f:
        return json.load(f)


def terms_key(out):
    return sorted(tuple(sorted(t)) for t in out["model"]["terms"])


def fmt_terms(key):
    return "{" + ", ".join(":".join(t) for t in key) + "}" if key else "{main effects}"


def fmt_s(x):
    return f"{x:.3f} s" if x < 10 else f"{x:.1f} s"


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def describe(side):
    out = fmt_s(side["median"])
    out += f", {fmt_s(side['cpu'])} CPU" if side["cpu"] is not None else ""
    out += f", {side['rss'] / 1024:.0f} MiB" if side["rss"] is not None else ""
    return out


runs = [json.loads(line) for line in open(os.path.join(RESULTS, "runs.jsonl")) if line.strip()]
cases = list(dict.fromkeys(r["case"] for r in runs))
mismatches = 0
lines = ["| case | vigie: wall, CPU, memory (runs) | peer: wall, CPU, memory (runs) | peer / vigie, wall (CPU) |"
         " estimate vigie; peer | terms |",
         "|---|---|---|---|---|---|"]
for case in cases:
    side = {}
    for s in ("vigie", "peer"):
        rs = [r for r in runs if r["case"] == case and r["side"] == s and r["status"] == 0]
        if rs:
            side[s] = {
                "median": statistics.median(r["seconds"] for r in rs),
                "cpu": med([r.get("cpu_seconds") for r in rs]),
                "rss": med([r.get("maxrss_kib") for r in rs]),
                "n": len(rs),
                "out": load(rs[-1]["output"]),
                "psi": [r.get("psi_during") for r in rs],
            }
    v, p = side.get("vigie"), side.get("peer")
    ratio = f"**{p['median'] / v['median']:.1f}×**" if v and p and v["median"] > 0 else "–"
    if v and p and v["cpu"] and p["cpu"]:
        ratio += f" ({p['cpu'] / v['cpu']:.1f}×)"
    est = "; ".join(f"{side[s]['out']['estimate']:.4f}" if s in side else "–" for s in ("vigie", "peer"))
    tk = fmt_terms(terms_key(p["out"])) if p else fmt_terms(terms_key(v["out"])) if v else "–"
    if v and p:
        ev, ep = v["out"]["estimate"], p["out"]["estimate"]
        same_est = abs(ev - ep) <= REL_TOL * abs(ep)
        same_terms = terms_key(v["out"]) == terms_key(p["out"])
        if not same_est:
            mismatches += 1
            print(f"MISMATCH {case}: estimate vigie {ev:.6f}, peer {ep:.6f} (relative {abs(ev - ep) / abs(ep):.2e})")
        if not same_terms:
            mismatches += 1
            print(f"MISMATCH {case}: terms vigie {fmt_terms(terms_key(v['out']))}, peer {tk}")
        if same_est and same_terms:
            print(f"AGREE {case}: estimate {ep:.4f} (relative difference {abs(ev - ep) / abs(ep):.1e}), terms {tk}")
        iv, ip = v["out"].get("interval", {}), p["out"].get("interval", {})
        if ip.get("lower") is not None and iv.get("lower") is not None:
            print(f"      {case}: {ip.get('level', 0.95):.0%} interval vigie [{iv['lower']:.1f}, {iv['upper']:.1f}],"
                  f" peer [{ip['lower']:.1f}, {ip['upper']:.1f}] (different random streams: compare loosely)")
    vm = f"{describe(v)} ({v['n']})" if v else "–"
    pm = f"{describe(p)} ({p['n']})" if p else "–"
    lines.append(f"| {case} | {vm} | {pm} | {ratio} | {est} | {tk} |")
    for s in ("vigie", "peer"):
        if s in side:
            psi = [x for x in side[s]["psi"] if x is not None]
            if psi:
                print(f"      {case} {s}: CPU pressure during the runs (share of time some task waited for a CPU) "
                      f"median {statistics.median(psi):.1f} %, max {max(psi):.1f} %")
failed = [r for r in runs if r["status"] != 0]
for r in failed:
    print(f"FAILED RUN {r['case']} {r['side']} run {r['run']}: exit {r['status']} (see {r['output']}.err)")
table = "\n".join(lines)
print()
print(table)
with open(os.path.join(RESULTS, "summary.md"), "w") as f:
    f.write(table + "\n")
sys.exit(1 if mismatches or failed else 0)
