#!/usr/bin/env python3
"""A Barabási–Albert graph for the betweenness benchmark (standard library only, deterministic given the seed).

Preferential attachment as NetworkX's `barabasi_albert_graph(n, m)`: a star of m + 1 nodes, then each new node
links to m distinct earlier nodes drawn with probability proportional to their degree (from the list of edge
endpoints). n = 100,000 and m = 5 give 499,975 edges, a heavy-tailed degree distribution (a few hubs of degree
~1,000) and one connected component. Edge weights are integers 1..5 (numbers of recorded contacts; the benchmark's
default distance, hops, ignores them). Written as `source,target,weight`, nodes 0..n-1.

Usage: make_ba_graph.py [--nodes 100000] [--m 5] [--seed 1] OUT.csv
"""

import argparse
import random


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--m", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    n, m = args.nodes, args.m
    if not 1 <= m < n:
        raise SystemExit("need 1 <= m < nodes")
    rng = random.Random(args.seed)
    edges = [(0, v) for v in range(1, m + 1)]
    ends = [0] * m + list(range(1, m + 1))
    for v in range(m + 1, n):
        targets = set()
        while len(targets) < m:
            targets.add(ends[rng.randrange(len(ends))])
        for t in sorted(targets):
            edges.append((t, v))
            ends.append(t)
            ends.append(v)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("source,target,weight\n")
        for a, b in edges:
            f.write(f"{a},{b},{rng.randint(1, 5)}\n")
    print(f"{args.out}: {n} nodes, {len(edges)} edges (Barabási–Albert, m = {m}, seed {args.seed})")


if __name__ == "__main__":
    main()
