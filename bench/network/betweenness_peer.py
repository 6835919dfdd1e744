#!/usr/bin/env python3
"""The peer of vigie's betweenness benchmark: python-igraph's exact `Graph.betweenness(directed=False)` (C, one
thread; raw values, each unordered pair of nodes counted once — the scale of vigie's `betweenness_raw`) on an
edge-list file `source,target,weight` with integer node ids 0..n-1 (as make_ba_graph.py writes it).

Usage:
    betweenness_peer.py FILE OUT.json [hops|inverse-weight]     time igraph's exact betweenness, write the values
    betweenness_peer.py --compare A.json B.json [TOP (100)]     compare two files of raw values (vigie's exact and
                                                                igraph's): largest differences, on all nodes and
                                                                on the TOP nodes of A

`inverse-weight` passes the distances 1 / weight to igraph (`weights=`). Times exclude reading the file and
building the graph. The last line printed is JSON.
"""

import json
import sys
import time


def run(path, out, distance):
    import igraph

    t = time.perf_counter()
    edges, weights, n = [], [], 0
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            a, b, w = line.split(",")
            a, b = int(a), int(b)
            edges.append((a, b))
            weights.append(float(w))
            n = max(n, a + 1, b + 1)
    g = igraph.Graph(n=n, edges=edges, directed=False)
    read_s = time.perf_counter() - t
    print(f"{path}: {g.vcount()} nodes, {g.ecount()} edges, read in {read_s:.2f} s", file=sys.stderr)
    kwargs = {}
    if distance == "inverse-weight":
        kwargs["weights"] = [1.0 / w for w in weights]
    t = time.perf_counter()
    cpu = time.process_time()
    raw = g.betweenness(directed=False, **kwargs)
    seconds = time.perf_counter() - t
    # CPU time too: on a busy machine the wall time overstates the work (igraph uses one thread).
    cpu_seconds = time.process_time() - cpu
    print(f"igraph exact ({distance}): {seconds:.2f} s ({cpu_seconds:.2f} s CPU)", file=sys.stderr)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(
            {
                "tool": "igraph",
                "igraph": igraph.__version__,
                "mode": "exact",
                "distance": distance,
                "nodes": g.vcount(),
                "edges": g.ecount(),
                "read_seconds": read_s,
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "raw": raw,
            },
            f,
        )
    print(json.dumps({"mode": "exact", "tool": "igraph", "seconds": seconds}))


def compare(a_path, b_path, top):
    with open(a_path, encoding="utf-8") as f:
        a = json.load(f)["raw"]
    with open(b_path, encoding="utf-8") as f:
        b = json.load(f)["raw"]
    assert len(a) == len(b), "different numbers of nodes"
    order = sorted(range(len(a)), key=lambda v: (-a[v], v))[:top]
    max_abs = max(abs(x - y) for x, y in zip(a, b))
    max_rel = max(abs(x - y) / max(abs(x), abs(y), 1.0) for x, y in zip(a, b))
    max_rel_top = max(abs(a[v] - b[v]) / a[v] for v in order)
    result = {
        "nodes": len(a),
        "max_abs_diff": max_abs,
        "max_rel_diff": max_rel,
        f"max_rel_diff_top{top}": max_rel_top,
        "largest_value": a[order[0]],
    }
    print(
        f"{a_path} vs {b_path}: max |diff| {max_abs:.3g} (largest value {a[order[0]]:.4g}), "
        f"max relative diff {max_rel:.3g}, on the top {top}: {max_rel_top:.3g}",
        file=sys.stderr,
    )
    print(json.dumps(result))


def main():
    args = sys.argv[1:]
    if args and args[0] == "--compare":
        compare(args[1], args[2], int(args[3]) if len(args) > 3 else 100)
    elif len(args) >= 2:
        run(args[0], args[1], args[2] if len(args) > 2 else "hops")
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
