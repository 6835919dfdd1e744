#!/usr/bin/env python3
"""Checks that two GAL files give the same neighbours: the benchmark's GAL file (written from the lattice by
make_data.py) against the one vigie builds from the polygons (`vigie diagnose weights --weights rook`).

Usage: check_gal.py A.gal B.gal
"""
import sys


def read(path):
    with open(path) as f:
        lines = [ln.split() for ln in f if ln.strip()]
    header, rest = lines[0], lines[1:]
    n = int(header[0]) if len(header) == 1 else int(header[1])
    out, k = {}, 0
    for _ in range(n):
        i, m = rest[k][0], int(rest[k][1])
        out[i] = set(rest[k + 1]) if m else set()
        k += 2 if m else 1
    return out


a, b = read(sys.argv[1]), read(sys.argv[2])
links = sum(map(len, a.values()))
diff = [i for i in a if a[i] != b.get(i)]
extra = set(b) - set(a)
if diff or extra:
    sys.exit(f"the weights differ for {len(diff) + len(extra)} areas, e.g. {(diff + sorted(extra))[:5]}")
print(f"same neighbours: {len(a)} areas, {links} links")
