#!/usr/bin/env python3
"""Reference fixtures for the vigie-spatial crate, computed with PySAL.

What it does
    Reads libpysal's bundled Columbus, Ohio example (columbus.shp/.dbf) and a
    hand-made 3x3 lattice, builds contiguity / k-nearest weights with libpysal
    and computes global Moran's I, local Moran (LISA) and Getis-Ord Gi* with
    esda, then writes plain-text fixtures next to this script:

        columbus.geojson           49 polygons + POLYID, CRIME, INC, HOVAL
        columbus_queen.gal         libpysal Queen.from_shapefile, ids = POLYID
        columbus_rook.gal          libpysal Rook.from_shapefile,  ids = POLYID
        columbus_knn4.gal          libpysal KNN k=4 on polygon centroids (asymmetric)
        columbus_reference.json    statistics for CRIME and HOVAL
        grid3x3.geojson            nine unit squares, ids 1..9 row by row from the top
        grid3x3_queen.gal / grid3x3_rook.gal
        grid3x3_reference.json     the same statistics for property v

    The Rust tests read these files only; they never run Python.

How to run (from anywhere; outputs land in this script's folder)
    python3 -m venv /tmp/pysal-venv
    /tmp/pysal-venv/bin/pip install libpysal==4.14.1 esda==2.9.0 numpy==2.4.6 scipy==1.17.1
    /tmp/pysal-venv/bin/python make_reference.py

    The script is deterministic: running it twice gives byte-identical files
    (the permutation results depend on numpy's legacy global RNG, seeded).

Versions used to produce the committed files
    libpysal 4.14.1, esda 2.9.0, numpy 2.4.6, scipy 1.17.1, shapely 2.2.0,
    Python 3.11.7, numba NOT installed (esda then runs its pure-Python
    fallbacks; results are the same, only slower).
"""

import json
import math
import os
import sys
import warnings

import numpy as np
import scipy
import shapely

import libpysal
import esda
from libpysal.io.util import shapefile as shp_raw

warnings.filterwarnings("ignore")  # libpysal FutureWarnings, esda DeprecationWarnings

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 12345
PERMS = 999
TOL = 1e-12

VERSIONS = {
    "python": sys.version.split()[0],
    "libpysal": libpysal.__version__,
    "esda": esda.__version__,
    "numpy": np.__version__,
    "scipy": scipy.__version__,
    "shapely": shapely.__version__,
}


# ---------------------------------------------------------------- helpers


def fl(x):
    """numpy scalar / array -> plain Python float(s) (json writes repr)."""
    if np.ndim(x) == 0:
        v = float(x)
        if math.isnan(v):
            return None  # JSON null; only where esda itself gives 0/0 (see "nulls")
        assert math.isfinite(v), v
        return v
    return [fl(v) for v in np.asarray(x).tolist()]


def write_text(name, text):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def write_json(name, obj, indent=1):
    write_text(name, json.dumps(obj, indent=indent, ensure_ascii=False) + "\n")


def write_gal(name, w):
    """Write with libpysal's own GAL writer, then normalise to LF endings."""
    path = os.path.join(HERE, name)
    f = libpysal.io.open(path, "w")
    f.write(w)
    f.close()
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    write_text(name, text.replace("\r\n", "\n"))
    # read back and check it is the same graph, neighbour order included
    g = libpysal.io.open(path).read()
    for i in w.id_order:
        assert [int(j) for j in g.neighbors[str(i)]] == [int(j) for j in w.neighbors[i]], name


def neighbours_json(w):
    return {str(i): [int(j) for j in w.neighbors[i]] for i in w.id_order}


def check(cond, msg):
    if not cond:
        raise SystemExit("CHECK FAILED: " + msg)


# ------------------------------------------------------------- statistics


def global_moran(y, w_factory, transformation):
    w = w_factory()
    m = esda.Moran(y, w, transformation=transformation, permutations=0)
    out = {
        "I": fl(m.I),
        "EI": fl(m.EI),
        "VI_norm": fl(m.VI_norm),
        "seI_norm": fl(m.seI_norm),
        "z_norm": fl(m.z_norm),
        "p_norm": fl(m.p_norm),
        "VI_rand": fl(m.VI_rand),
        "seI_rand": fl(m.seI_rand),
        "z_rand": fl(m.z_rand),
        "p_rand": fl(m.p_rand),
        "s0": fl(m.w.s0),
        "s1": fl(m.w.s1),
        "s2": fl(m.w.s2),
    }
    # independent numpy check of I
    W = m.w.sparse.toarray()
    z = np.asarray(y, float) - np.mean(y)
    I_np = len(y) / W.sum() * (z @ W @ z) / (z @ z)
    check(abs(I_np - m.I) < TOL, f"Moran I numpy {I_np} vs esda {m.I}")
    return out


def local_moran(y, w_factory, global_I):
    w = w_factory()
    lm = esda.Moran_Local(y, w, transformation="r", permutations=0)
    n = len(y)
    W = lm.w.sparse.toarray()
    s0 = W.sum()
    z = np.asarray(y, float) - np.mean(y)
    lag = W @ z
    I_n = n * z * lag / (z @ z)  # spdep localmoran(mlvar=TRUE)
    I_n1 = (n - 1) * z * lag / (z @ z)  # GeoDa (sd with n-1) == esda
    check(np.max(np.abs(I_n1 - lm.Is)) < TOL, "esda Is is not the (n-1) form")
    check(abs(I_n.sum() / s0 - global_I) < TOL, "sum I_i(n) / S0 != global I")
    check(abs(lm.Is.sum() / s0 - (n - 1) / n * global_I) < TOL, "sum Is / S0 != (n-1)/n I")
    q_np = np.where(z > 0, np.where(lag > 0, 1, 4), np.where(lag > 0, 2, 3))
    check((q_np == lm.q).all(), "quadrants")
    return {
        "Is_convention": "esda (same as GeoDa): Is = (n-1) * z_i * lag_i / sum_k z_k^2",
        "Is_n_convention": "spdep localmoran(mlvar=TRUE): Is_n = n * z_i * lag_i / sum_k z_k^2 = Is * n/(n-1)",
        "Is": fl(lm.Is),
        "q": [int(v) for v in lm.q],
        "EI": fl(lm.EI),
        "VI": fl(lm.VI),
        "Is_n": fl(I_n),
        "lag_z": fl(lag),
        "check_sum_Is_n_over_s0_minus_global_I": fl(I_n.sum() / s0 - global_I),
        "check_sum_Is_over_s0_over_global_I": fl(lm.Is.sum() / s0 / global_I),
    }


def gi_star(y, w_factory):
    w = w_factory()
    base = w_factory()
    lg = esda.G_Local(y, w, transform="B", star=True, permutations=0)
    n = len(y)
    x = np.asarray(y, float)
    Wd = lg.w.sparse.toarray()
    # the weights esda actually used: binary contiguity plus ones on the diagonal
    Wb = base.sparse.toarray()
    check(np.array_equal(Wd, Wb + np.eye(n)), "Gi* weights are not binary + I")
    Wi = Wd.sum(1)
    S1i = (Wd**2).sum(1)
    xbar = x.mean()
    s = math.sqrt((x**2).mean() - xbar**2)
    z_tb = (Wd @ x - xbar * Wi) / (s * np.sqrt((n * S1i - Wi**2) / (n - 1)))
    both_nan = np.isnan(z_tb) & np.isnan(lg.Zs)
    check(not (np.isnan(z_tb) ^ np.isnan(lg.Zs)).any(), "NaN pattern of Gi* z")
    diff = float(np.max(np.abs(z_tb - lg.Zs)[~both_nan]))
    return {
        "Zs": fl(lg.Zs),
        "Gs": fl(lg.Gs),
        "EGs": fl(lg.EGs),
        "VGs": fl(lg.VGs),
        "p_norm": fl(lg.p_norm),
        "Wi": fl(Wi),
        "z_textbook": fl(z_tb),
        "z_textbook_max_abs_diff_vs_Zs": diff,
        "z_textbook_equals_Zs_to_1e-12": diff < TOL,
        "undefined_z_ids_index0": [int(i) for i in np.flatnonzero(np.isnan(lg.Zs))],
    }


def permutation_block(y, w_factory):
    # global Moran: esda.Moran has no seed argument; it draws from numpy's
    # legacy global RNG, so seed that just before.
    np.random.seed(SEED)
    m = esda.Moran(y, w_factory(), transformation="r", permutations=PERMS)
    lm = esda.Moran_Local(
        y, w_factory(), transformation="r", permutations=PERMS, seed=SEED, n_jobs=1
    )
    lg = esda.G_Local(
        y, w_factory(), transform="B", star=True, permutations=PERMS, seed=SEED, n_jobs=1
    )
    # recompute the G_Local p-values in float64 from its simulations
    sim = lg.rGs  # (n, PERMS)
    larger = (sim >= lg.Gs[:, None]).sum(1)
    larger = np.minimum(larger, PERMS - larger)
    g_p64 = (larger + 1.0) / (PERMS + 1.0)
    check(np.max(np.abs(g_p64 - lg.p_sim)) < 1e-7, "G_Local p_sim definition")
    return {
        "moran_queen_r": {
            "I": fl(m.I),
            "p_sim": fl(m.p_sim),
            "EI_sim": fl(m.EI_sim),
            "seI_sim": fl(m.seI_sim),
            "z_sim": fl(m.z_sim),
        },
        "local_moran_queen_r": {"p_sim": fl(lm.p_sim)},
        "gi_star_queen_b_plus_self": {
            "p_sim": fl(lg.p_sim),
            "p_sim_float64": fl(g_p64),
        },
    }


CONVENTIONS = {
    "moran": "esda.Moran(y, w, transformation=T, permutations=0); T='r' row-standardised, "
    "'b' binary. I = n/S0 * z'Wz / z'z with z = y - mean(y). EI = -1/(n-1). "
    "VI_norm, VI_rand: Cliff & Ord normality / randomisation variances (randomisation uses "
    "kurtosis b2 = (sum z^4/n)/(sum z^2/n)^2); z_* = (I-EI)/seI_*; p_* two-sided normal. "
    "s0, s1, s2 are w.s0, w.s1, w.s2 of the transformed weights.",
    "local_moran": "esda.Moran_Local(y, w, transformation='r', permutations=0). "
    "Is (esda) = (n-1) * z_i * sum_j w_ij z_j / sum_k z_k^2 (z = y - mean); this is also "
    "GeoDa's value (GeoDa standardises with the n-1 standard deviation). "
    "Is_n = n * z_i * sum_j w_ij z_j / sum_k z_k^2 is spdep::localmoran(mlvar=TRUE); "
    "Is_n = Is * n/(n-1). sum_i Is_n / S0 == global I (checked to 1e-12); sum_i Is / S0 == (n-1)/n * I. "
    "q: 1=HH (z>0, lag>0), 2=LH (z<=0, lag>0), 3=LL (z<=0, lag<=0), 4=HL (z>0, lag<=0); "
    "strict > 0 tests, lag = row-standardised lag of z. EI = -W_i/(n-1), VI = Sokal et al. (1998) "
    "total-randomisation variance (esda's EI/VI). lag_z = sum_j w_ij z_j with z = y - mean(y).",
    "gi_star": "esda.G_Local(y, w, transform='B', star=True, permutations=0) with w the binary "
    "queen contiguity (no self-neighbours). esda puts 1 on the diagonal itself (fill_diagonal), "
    "so the weights used are binary queen + identity: W_i = cardinality_i + 1, S1_i = W_i. "
    "Gs = sum_j w_ij y_j / sum_k y_k (self included); EGs = W_i/n; "
    "VGs = W_i (n - W_i) / ((n-1) n^2) * s^2 / ybar^2 with s^2 = mean(y^2) - ybar^2; "
    "Zs = (Gs - EGs)/sqrt(VGs). z_textbook = (sum_j w_ij y_j - ybar W_i) / "
    "(s sqrt((n S1_i - W_i^2)/(n-1))), same weights; equals Zs for binary weights.",
    "permutations": "999 permutations, seed 12345. Pseudo p-value as esda computes it "
    "(esda's 'directed' rule, the default in esda 2.9): M = #{sim >= observed}; if R - M < M "
    "then M = R - M (R - M = #{sim < observed}); p_sim = (M + 1) / (R + 1), R = 999. So "
    "p_sim is the one-tailed p in the tail the observed value lies in, never > 0.5. "
    "Global: numpy legacy np.random.seed(12345) then esda.Moran(permutations=999) (full "
    "permutation of z). EI_sim = mean(sim), seI_sim = std(sim, ddof=0), z_sim = (I - EI_sim)/seI_sim. "
    "Local Moran and Gi*: conditional randomisation (site i held fixed, its W_i-without-self "
    "neighbours drawn without replacement from the other n-1 values), esda crand with seed=12345, "
    "n_jobs=1. Gi* self weight stays on y_i. esda stores the Gi* p_sim as float32 (p_sim); "
    "p_sim_float64 is the same count recomputed in float64. These depend on numpy's RNG "
    "stream: compare statistically (e.g. |p_rust - p_ref| within binomial noise, sqrt(p(1-p)/999)), "
    "not digit for digit.",
}


def stats_for_variable(y, wq, wr):
    g = {
        "queen_r": global_moran(y, wq, "r"),
        "queen_b": global_moran(y, wq, "b"),
        "rook_r": global_moran(y, wr, "r"),
    }
    return {
        "values": fl(y),
        "moran": g,
        "local_moran_queen_r": local_moran(y, wq, g["queen_r"]["I"]),
        "gi_star_queen_b_plus_self": gi_star(y, wq),
        "permutation_999_seed_12345": permutation_block(y, wq),
    }


# ------------------------------------------------------------------ columbus


def columbus():
    shp_path = libpysal.examples.get_path("columbus.shp")
    dbf_path = libpysal.examples.get_path("columbus.dbf")
    check(os.path.exists(shp_path) and os.path.exists(dbf_path), "columbus files missing")

    raw = shp_raw.shp_file(shp_path)
    dbf = libpysal.io.open(dbf_path)
    header = dbf.header
    rows = dbf.read()
    dbf.close()
    n = len(raw)
    check(n == 49 and len(rows) == 49, "49 areas")
    col = {k: header.index(k) for k in ("POLYID", "CRIME", "INC", "HOVAL")}

    features = []
    ids = []
    for i in range(n):
        rec = raw.get_shape(i)
        check(rec["Shape Type"] == 5, "polygon")
        verts = [[float(x), float(y)] for (x, y) in rec["Vertices"]]
        parts = list(rec["Parts Index"]) + [len(verts)]
        rings = []
        for a, b in zip(parts[:-1], parts[1:]):
            ring = verts[a:b]
            if ring[0] != ring[-1]:
                ring.append(list(ring[0]))
            rings.append(ring)
        check(len(rings) == 1, "columbus polygons are single-part without holes")
        row = rows[i]
        pid = int(row[col["POLYID"]])
        check(pid == row[col["POLYID"]], "integer POLYID")
        ids.append(pid)
        features.append(
            {
                "type": "Feature",
                "id": pid,
                "properties": {
                    "POLYID": pid,
                    "CRIME": float(row[col["CRIME"]]),
                    "INC": float(row[col["INC"]]),
                    "HOVAL": float(row[col["HOVAL"]]),
                },
                "geometry": {"type": "Polygon", "coordinates": rings},
            }
        )
    fc = {
        "type": "FeatureCollection",
        "name": "columbus",
        "crs_note": "planar coordinates as in libpysal's columbus.shp, not WGS84",
        "features": features,
    }
    write_text("columbus.geojson", json.dumps(fc, separators=(",", ":")) + "\n")

    def wq():
        return libpysal.weights.Queen.from_shapefile(shp_path, idVariable="POLYID")

    def wr():
        return libpysal.weights.Rook.from_shapefile(shp_path, idVariable="POLYID")

    q, r = wq(), wr()
    check(q.id_order == ids and r.id_order == ids, "weights id order == feature order")
    # libpysal's own columbus.gal is queen contiguity: must agree as sets
    shipped = libpysal.io.open(libpysal.examples.get_path("columbus.gal")).read()
    check(
        all(set(map(int, shipped.neighbors[str(i)])) == set(q.neighbors[i]) for i in ids),
        "queen vs shipped columbus.gal",
    )

    cent = libpysal.weights.util.get_points_array_from_shapefile(shp_path)
    k = libpysal.weights.KNN.from_shapefile(shp_path, k=4, ids=ids)
    # distances to the 1st..5th nearest centroids, to show there is no tie at the cut
    d5, i5 = k.kdtree.query(cent, k=6)
    d5, i5 = d5[:, 1:], i5[:, 1:]
    check((i5[:, :4] == np.array([[ids.index(j) for j in k.neighbors[i]] for i in ids])).all(),
          "KNN order = distance order")
    gap = float(np.min(d5[:, 4] - d5[:, 3]))
    order_gap = float(np.min(np.diff(d5[:, :4], axis=1)))
    check(gap > 1e-9, "tie at the 4th/5th neighbour")

    write_gal("columbus_queen.gal", q)
    write_gal("columbus_rook.gal", r)
    write_gal("columbus_knn4.gal", k)

    variables = {}
    for name in ("CRIME", "HOVAL"):
        y = np.array([f["properties"][name] for f in features], dtype=float)
        variables[name] = stats_for_variable(y, wq, wr)

    ref = {
        "generator": "make_reference.py (libpysal + esda)",
        "versions": VERSIONS,
        "source": "libpysal.examples columbus (Anselin 1988, Columbus, Ohio 1980 crime data), BSD-3-Clause",
        "n": n,
        "ids": ids,
        "id_field": "POLYID",
        "conventions": CONVENTIONS,
        "weights": {
            "queen": {
                "builder": "libpysal.weights.Queen.from_shapefile(columbus.shp, idVariable='POLYID')",
                "file": "columbus_queen.gal",
                "cardinalities": [int(q.cardinalities[i]) for i in ids],
                "s0_binary": fl(q.s0), "nonzero": int(q.sparse.nnz),
                "neighbors": neighbours_json(q),
            },
            "rook": {
                "builder": "libpysal.weights.Rook.from_shapefile(columbus.shp, idVariable='POLYID')",
                "file": "columbus_rook.gal",
                "cardinalities": [int(r.cardinalities[i]) for i in ids],
                "s0_binary": fl(r.s0), "nonzero": int(r.sparse.nnz),
                "neighbors": neighbours_json(r),
            },
            "knn4": {
                "builder": "libpysal.weights.KNN.from_shapefile(columbus.shp, k=4, ids=POLYID) "
                "on libpysal polygon centroids (area-weighted), Euclidean, scipy KDTree",
                "file": "columbus_knn4.gal",
                "note": "asymmetric; each list is ordered nearest first",
                "centroids": [fl(c) for c in cent],
                "neighbor_distances": [fl(d) for d in d5[:, :4]],
                "fifth_neighbor_distance": fl(d5[:, 4]),
                "min_gap_4th_to_5th": gap,
                "min_gap_between_consecutive_neighbors": order_gap,
                "asymmetric_pairs": len(k.asymmetry()),
                "neighbors": neighbours_json(k),
            },
        },
        "variables": variables,
    }
    write_json("columbus_reference.json", ref)
    return ref


# -------------------------------------------------------------------- grid


GRID_V = [8, 1, 6, 3, 10, 7, 4, 0, 6]


def grid():
    ids = list(range(1, 10))
    polys, features = [], []
    for rr in range(3):  # rr = 0 is the top row
        for c in range(3):
            i = 3 * rr + c + 1
            y0, y1 = 2 - rr, 3 - rr
            # clockwise exterior ring, as in the ESRI shapefile convention
            ring = [[c, y1], [c + 1, y1], [c + 1, y0], [c, y0], [c, y1]]
            ring = [[float(a), float(b)] for a, b in ring]
            polys.append(shapely.Polygon(ring))
            features.append(
                {
                    "type": "Feature",
                    "id": i,
                    "properties": {"id": i, "v": float(GRID_V[i - 1])},
                    "geometry": {"type": "Polygon", "coordinates": [ring]},
                }
            )
    fc = {
        "type": "FeatureCollection",
        "name": "grid3x3",
        "crs_note": "planar unit squares, not WGS84; id 1 is the top-left cell, ids run row by row",
        "features": features,
    }
    write_json("grid3x3.geojson", fc, indent=1)

    def wq():
        return libpysal.weights.Queen.from_iterable(polys, ids=ids)

    def wr():
        return libpysal.weights.Rook.from_iterable(polys, ids=ids)

    q, r = wq(), wr()
    # the lattice helper must agree (lat2W numbers cells 0..8 row by row)
    for rook, w in ((True, r), (False, q)):
        lat = libpysal.weights.lat2W(3, 3, rook=rook)
        check(all(set(j + 1 for j in lat.neighbors[i - 1]) == set(w.neighbors[i]) for i in ids),
              "grid vs lat2W")
    check(sum(q.cardinalities.values()) == 40 and sum(r.cardinalities.values()) == 24, "grid links")
    write_gal("grid3x3_queen.gal", q)
    write_gal("grid3x3_rook.gal", r)

    y = np.array(GRID_V, dtype=float)
    ref = {
        "generator": "make_reference.py (libpysal + esda)",
        "versions": VERSIONS,
        "n": 9,
        "ids": ids,
        "id_field": "id",
        "layout": "ids  1 2 3 / 4 5 6 / 7 8 9 (top row first); v = 8 1 6 / 3 10 7 / 4 0 6; mean(v) = 5",
        "conventions": CONVENTIONS,
        "nulls": "Gi* on queen: the centre cell (id 5) has all 9 cells (8 neighbours + itself) "
        "in its window, so W_i = n, VGs = 0 and Zs = 0/0 = NaN in esda (and in the textbook "
        "formula, n S1_i - W_i^2 = 0); written as null. Its Gs = EGs = 1. Its conditional "
        "permutations draw all 8 other values every time, so every simulated G equals the "
        "observed one; esda's rule then gives M = min(999, 0) = 0 and p_sim = 1/1000.",
        "weights": {
            "queen": {"builder": "libpysal.weights.Queen.from_iterable(shapely polygons, ids=1..9)",
                      "file": "grid3x3_queen.gal",
                      "cardinalities": [int(q.cardinalities[i]) for i in ids],
                      "neighbors": neighbours_json(q)},
            "rook": {"builder": "libpysal.weights.Rook.from_iterable(shapely polygons, ids=1..9)",
                     "file": "grid3x3_rook.gal",
                     "cardinalities": [int(r.cardinalities[i]) for i in ids],
                     "neighbors": neighbours_json(r)},
        },
        "variables": {"v": stats_for_variable(y, wq, wr)},
    }
    write_json("grid3x3_reference.json", ref)
    return ref


if __name__ == "__main__":
    c = columbus()
    g = grid()
    for label, ref in (("columbus", c), ("grid3x3", g)):
        for var, s in ref["variables"].items():
            m = s["moran"]
            print(f"{label} {var}: I queen_r={m['queen_r']['I']:.6f} queen_b={m['queen_b']['I']:.6f} "
                  f"rook_r={m['rook_r']['I']:.6f} z_rand(queen_r)={m['queen_r']['z_rand']:.4f} "
                  f"p_sim={s['permutation_999_seed_12345']['moran_queen_r']['p_sim']:.4f} "
                  f"GiZ==textbook:{s['gi_star_queen_b_plus_self']['z_textbook_equals_Zs_to_1e-12']}")
    ccrime = c["variables"]["CRIME"]["moran"]["queen_r"]["I"]
    check(abs(ccrime - 0.500) < 0.01, f"columbus CRIME queen I {ccrime} not ~0.500")
    print("ok")
