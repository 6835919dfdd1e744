#!/usr/bin/env python3
"""Make the benchmark's capture tables, deterministically (standard library only; random.Random's stream is
stable across Python versions).

data/six_lists.csv:  a population of 3,000, six lists, about 1,750 observed.
data/five_lists.csv: a population of 2,500, five lists, about 1,300 observed.

Each person belongs to one of two latent classes (a more visible one, 60 %, and a hidden one, 40 %) with their own
capture probabilities per list, so capture is heterogeneous; on top of that some lists depend on each other:
a person on list 1 is more likely to be referred to list 2, and lists 3 and 4 (for six lists: 5 and 6 too) are
negatively related (one service or the other). Rows with count 0 are left out.
"""

import os
import random
import sys


def simulate(rng: random.Random, size: int, k: int, p_visible, p_hidden):
    counts: dict[tuple[int, ...], int] = {}
    for _ in range(size):
        p = p_visible if rng.random() < 0.6 else p_hidden
        on = [0] * k
        for i in range(k):
            q = p[i]
            if i == 1 and on[0]:
                q = min(0.9, q * 2.5)  # referral from list 1 to list 2
            if i == 3 and on[2]:
                q = q * 0.4  # one service or the other
            if k >= 6 and i == 5 and on[4]:
                q = q * 0.5
            on[i] = 1 if rng.random() < q else 0
        key = tuple(on)
        if any(key):
            counts[key] = counts.get(key, 0) + 1
    return counts


def write(path: str, names, counts) -> int:
    rows = sorted(counts.items(), key=lambda kv: (sum(kv[0]), [-b for b in kv[0]]))
    with open(path, "w") as f:
        f.write(",".join(names + ["count"]) + "\n")
        for key, n in rows:
            f.write(",".join(str(b) for b in key) + f",{n}\n")
    return sum(counts.values())


def main() -> int:
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
    os.makedirs(out, exist_ok=True)
    six = simulate(
        random.Random(20261129),
        3000,
        6,
        p_visible=[0.25, 0.20, 0.15, 0.30, 0.10, 0.20],
        p_hidden=[0.08, 0.05, 0.10, 0.06, 0.04, 0.07],
    )
    n6 = write(os.path.join(out, "six_lists.csv"), ["l1", "l2", "l3", "l4", "l5", "l6"], six)
    five = simulate(
        random.Random(20261130),
        2500,
        5,
        p_visible=[0.30, 0.20, 0.20, 0.30, 0.15],
        p_hidden=[0.10, 0.05, 0.08, 0.07, 0.05],
    )
    n5 = write(os.path.join(out, "five_lists.csv"), ["l1", "l2", "l3", "l4", "l5"], five)
    print(f"six_lists.csv: {len(six)} patterns, {n6} observed of 3000; five_lists.csv: {len(five)} patterns, "
          f"{n5} observed of 2500")
    return 0


if __name__ == "__main__":
    sys.exit(main())
