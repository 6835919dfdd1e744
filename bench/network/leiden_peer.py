#!/usr/bin/env python3
"""The peer of vigie's Leiden benchmark: python-igraph's `community_leiden(objective_function="modularity",
weights="weight", n_iterations=-1)` on an edge-list file `source,target,weight` (integer node ids 0..n-1, as
make_graph.py writes it), one run per seed (Python's `random`, which python-igraph draws from, seeded before each).

Usage: leiden_peer.py FILE [RUNS (3)] [FIRST_SEED (0)]

Prints one line per run and a last line of JSON: the median time (reading and building the graph excluded), each
run's wall-clock and CPU time (`time.process_time`), modularity (igraph's `Graph.modularity` with the weights) and number of communities.
"""

import json
import random
import statistics
import sys
import time

import igraph


def main():
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    first_seed = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    t = time.perf_counter()
    edges, weights, n = [], [], 0
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            a, b, w = line.split(",")
            a, b = int(a), int(b)
            n = max(n, a + 1, b + 1)
            edges.append((a, b))
            weights.append(float(w))
    g = igraph.Graph(n=n, edges=edges, directed=False)
    g.es["weight"] = weights
    read_s = time.perf_counter() - t
    print(f"{path}: {g.vcount()} nodes, {g.ecount()} edges, read and built in {read_s:.3f} s")
    times, cpus, qualities, counts = [], [], [], []
    for seed in range(first_seed, first_seed + runs):
        random.seed(seed)
        t, cpu = time.perf_counter(), time.process_time()
        cl = g.community_leiden(objective_function="modularity", weights="weight", n_iterations=-1)
        s, cpu = time.perf_counter() - t, time.process_time() - cpu
        q = g.modularity(cl.membership, weights="weight")
        print(f"seed {seed}: {s:.3f} s ({cpu:.3f} s CPU), modularity {q:.6f}, {len(cl)} communities")
        times.append(s)
        cpus.append(cpu)
        qualities.append(q)
        counts.append(len(cl))
    print(json.dumps({"side": "igraph", "igraph": igraph.__version__, "nodes": g.vcount(), "edges": g.ecount(),
                      "read_s": round(read_s, 4), "median_s": round(statistics.median(times), 4),
                      "seeds": list(range(first_seed, first_seed + runs)), "times_s": [round(x, 4) for x in times],
                      "cpu_s": [round(x, 4) for x in cpus], "modularity": [round(q, 9) for q in qualities],
                      "communities": counts}))


if __name__ == "__main__":
    main()
