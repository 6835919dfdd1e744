#!/usr/bin/env python3
"""Check peer.py against the published results listed in data/SOURCE.md. Prints one PASS or FAIL line per check and
exits 1 if any fails. Run with the benchmark's virtual environment: $VENV/bin/python check_peer.py"""

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import peer  # noqa: E402

DATA = os.path.join(HERE, "data")
failures = 0


def check(name: str, ok: bool, detail: str) -> None:
    global failures
    print(f"{'PASS' if ok else 'FAIL'} {name}: {detail}")
    if not ok:
        failures += 1


def close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol


def run(*args: str) -> dict:
    """The peer's command line, as run.sh calls it."""
    out = subprocess.run([sys.executable, os.path.join(HERE, "peer.py"), *args, "--json"], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def terms_str(terms) -> str:
    return "{" + ", ".join(":".join(t) for t in terms) + "}"


korea = os.path.join(DATA, "korea.csv")

# 1. Korea, stepwise with threshold 0.02: adds b:c; N = 268.7778, residual deviance 8.566946, BIC 58.9686.
r = run("--table", korea, "--method", "stepwise", "--threshold", "0.02", "--bootstrap", "0")
m = r["model"]
check("korea stepwise model", m["terms"] == [["b", "c"]], f"terms {terms_str(m['terms'])} (published {{b:c}})")
check("korea stepwise estimate", close(r["estimate"], 268.7778, 5e-5), f"N = {r['estimate']:.6f} (published 268.7778)")
check("korea stepwise deviance", close(m["deviance"], 8.566946, 5e-7),
      f"residual deviance {m['deviance']:.7f} (published 8.566946)")
check("korea stepwise BIC", close(m["bic"], 58.9686, 5e-5), f"BIC {m['bic']:.6f} (published 58.9686)")
check("korea observed", r["observed"] == 123, f"n = {r['observed']} (published 123)")

# 2. Korea, exhaustive BIC over the 8 hierarchical models with pairwise terms: 6 admissible, ranked.
published = [
    ([["b", "c"], ["c", "d"]], 157.1667, 57.14081),
    ([["b", "c"]], 268.7778, 58.96860),
    ([["b", "d"], ["c", "d"]], 123.4630, 91.89711),
    ([["c", "d"]], 126.1944, 138.06368),
    ([["b", "d"]], 126.9394, 155.16018),
    ([], 141.9926, 184.14431),
]
r = run("--table", korea, "--method", "bic", "--bootstrap", "0")
rk = r["ranking"]
check("korea BIC admissible", r["candidates"] == 8 and len(rk) == 6,
      f"{len(rk)} of {r['candidates']} models admissible (published 6 of 8)")
check("korea BIC best", r["model"]["terms"] == published[0][0] and close(r["estimate"], 157.1667, 5e-5),
      f"{terms_str(r['model']['terms'])} N = {r['estimate']:.4f} (published {{b:c, c:d}} 157.1667)")
for i, (terms, est, bic) in enumerate(published):
    if i >= len(rk):
        check(f"korea BIC rank {i + 1}", False, "missing")
        continue
    got = rk[i]
    ok = got["terms"] == terms and close(got["estimate"], est, 5e-5) and close(got["bic"], bic, 5e-6)
    check(f"korea BIC rank {i + 1}", ok,
          f"{terms_str(got['terms'])} N = {got['estimate']:.4f} BIC {got['bic']:.5f} "
          f"(published {terms_str(terms)} {est:.4f}, {bic:.5f})")

# 3. Artificial_3: existence and identifiability codes of the 8 pairwise models.
art = peer.read_table(os.path.join(DATA, "artificial_3.csv"))
A, B, C = 1, 2, 4
AB, AC, BC = A | B, A | C, B | C
expected = {
    (): 0,
    (AC,): 0,
    (BC,): 0,
    (AC, BC): 0,
    (AB,): 1,
    (AB, AC): 1,
    (AB, BC): 1,
    (AB, AC, BC): 2,
}
for terms, code in expected.items():
    got = peer.checkident(art, art.y, peer.sort_terms(terms))
    label = terms_str([art.term_name(t) for t in peer.sort_terms(terms)]) if terms else "main effects"
    check(f"artificial_3 code {label}", got == code, f"code {got} (published {code})")

# 4. HIV, Rome: "the two-way model fits" (the model with all six pairs is admissible). The published backward
#    elimination (Rcapture) is not SparseMSE's procedure and is not checked.
hiv = peer.read_table(os.path.join(DATA, "hiv_rome.csv"))
all_pairs = tuple((1 << i) | (1 << j) for i in range(4) for j in range(i + 1, 4))
code = peer.checkident(hiv, hiv.y, all_pairs)
check("hiv_rome two-way model", code == 0, f"code {code} for all six pairs (published: the two-way model fits)")

# 5. Korea, bootstrap with BCa over the admissible models (BIC choice in each replicate): 95 % about [128, 349].
#    Different random streams from the published run, so only "about": lower within 5 %, upper within 10 %.
r = run("--table", korea, "--method", "bic", "--bootstrap", "1000", "--seed", "1234")
lo, hi = r["interval"]["lower"], r["interval"]["upper"]
check("korea BCa 95% interval", lo is not None and close(lo, 128, 0.05 * 128) and close(hi, 349, 0.10 * 349),
      f"[{lo:.2f}, {hi:.2f}] with 1000 replicates, seed 1234 (published about [128, 349])")

print(f"{failures} failed" if failures else "all checks passed")
sys.exit(1 if failures else 0)
