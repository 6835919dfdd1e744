#!/usr/bin/env python3
"""Synthetic areas for the spatial benchmark: a jittered lattice of N = rows x cols quadrilaterals sharing their
vertices exactly (so contiguity is unambiguous), with a spatially structured variable plus noise, written as
GeoJSON, and its rook contiguity as a GeoDa GAL file that both vigie and esda read.

Usage: make_data.py ROWS COLS OUT_PREFIX [SEED]
Writes OUT_PREFIX.geojson and OUT_PREFIX_rook.gal. Deterministic for a given seed. Standard library only.
"""
import json
import math
import random
import sys


def main():
    rows, cols, prefix = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 7
    rng = random.Random(seed)
    # Shared vertices, jittered by up to a quarter of a cell (never crossing).
    vx = [[c + (rng.uniform(-0.25, 0.25) if 0 < c < cols else 0.0) for c in range(cols + 1)] for _ in range(rows + 1)]
    vy = [[r + (rng.uniform(-0.25, 0.25) if 0 < r < rows else 0.0) for _ in range(cols + 1)] for r in range(rows + 1)]
    features = []
    ids = []
    for r in range(rows):
        for c in range(cols):
            ring = [(vx[r][c], vy[r][c]), (vx[r][c + 1], vy[r][c + 1]), (vx[r + 1][c + 1], vy[r + 1][c + 1]),
                    (vx[r + 1][c], vy[r + 1][c]), (vx[r][c], vy[r][c])]
            ring = [[round(x, 6), round(y, 6)] for x, y in ring]
            # Smooth structure (waves and a gradient) plus noise.
            value = (math.sin(r / 9.0) + math.cos(c / 13.0) + 0.002 * (r + c) + rng.gauss(0, 0.6))
            i = f"a{r * cols + c}"
            ids.append(i)
            features.append({"type": "Feature", "properties": {"id": i, "value": round(value, 6)},
                             "geometry": {"type": "Polygon", "coordinates": [ring]}})
    with open(prefix + ".geojson", "w") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f, separators=(",", ":"))
    with open(prefix + "_rook.gal", "w") as f:
        f.write(f"0 {rows * cols} lattice id\n")
        for r in range(rows):
            for c in range(cols):
                nb = [(r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)]
                nb = [ids[a * cols + b] for a, b in nb if 0 <= a < rows and 0 <= b < cols]
                f.write(f"{ids[r * cols + c]} {len(nb)}\n{' '.join(nb)}\n")


if __name__ == "__main__":
    main()
