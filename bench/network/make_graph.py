#!/usr/bin/env python3
"""A synthetic weighted graph with planted communities, LFR-like, for the Leiden benchmark (standard library only,
deterministic given the seed).

Community sizes follow a power law (exponent 1.5, between --min-community and --max-community); node degrees a
power law (exponent 2.5, between --min-degree and --max-degree, scaled to --mean-degree). Each node sends a share
--mu of its edge stubs outside its community; stubs are paired at random (inside each community, then all the
outside stubs together); self-loops are dropped and parallel edges merged (weights summed). Edge weights are
integers 1..5 (numbers of recorded contacts). Written as `source,target,weight` with nodes 0..n-1.

Usage: make_graph.py [--nodes 100000] [--mean-degree 21.4] [--mu 0.4] [--seed 1] OUT.csv
"""

import argparse
import random


def power_law(rng, exponent, low, high):
    """A draw from p(x) ~ x^-exponent on [low, high] (continuous, by inversion)."""
    a = 1.0 - exponent
    u = rng.random()
    return (low ** a + u * (high ** a - low ** a)) ** (1.0 / a)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--mean-degree", type=float, default=21.4)
    ap.add_argument("--min-degree", type=float, default=5.0)
    ap.add_argument("--max-degree", type=float, default=500.0)
    ap.add_argument("--min-community", type=int, default=20)
    ap.add_argument("--max-community", type=int, default=2000)
    ap.add_argument("--mu", type=float, default=0.4)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    n = args.nodes

    # degrees, scaled to the mean
    raw = [power_law(rng, 2.5, args.min_degree, args.max_degree) for _ in range(n)]
    scale = args.mean_degree / (sum(raw) / n)
    degree = [max(1, round(d * scale)) for d in raw]

    # communities
    sizes, left = [], n
    while left > 0:
        s = min(left, round(power_law(rng, 1.5, args.min_community, args.max_community)))
        if 0 < left - s < args.min_community:
            s = left
        sizes.append(s)
        left -= s
    order = list(range(n))
    rng.shuffle(order)
    community = [0] * n
    members = []
    start = 0
    for c, s in enumerate(sizes):
        block = order[start:start + s]
        for v in block:
            community[v] = c
        members.append(block)
        start += s

    # stubs: inside the community or outside
    inside = [[] for _ in sizes]
    outside = []
    for v in range(n):
        k = degree[v]
        out = sum(1 for _ in range(k) if rng.random() < args.mu)
        # a node cannot have more inside stubs than its community has other nodes
        k_in = min(k - out, len(members[community[v]]) - 1)
        inside[community[v]].extend([v] * k_in)
        outside.extend([v] * (k - k_in))

    edges = {}

    def pair(stubs):
        rng.shuffle(stubs)
        for i in range(0, len(stubs) - 1, 2):
            a, b = stubs[i], stubs[i + 1]
            if a != b:
                key = (a, b) if a < b else (b, a)
                edges[key] = edges.get(key, 0) + rng.randint(1, 5)

    for stubs in inside:
        pair(stubs)
    pair(outside)

    with open(args.out, "w", encoding="utf-8") as f:
        f.write("source,target,weight\n")
        for (a, b), w in edges.items():
            f.write(f"{a},{b},{w}\n")
    internal = sum(1 for (a, b) in edges if community[a] == community[b])
    print(f"{args.out}: {n} nodes, {len(edges)} edges ({internal / len(edges):.1%} inside the planted communities), "
          f"{len(sizes)} planted communities (sizes {min(sizes)}..{max(sizes)}), seed {args.seed}")


if __name__ == "__main__":
    main()
