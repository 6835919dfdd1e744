//! Sparse spatial weights.
//!
//! Rows are stored compressed (CSR): for area `i`, `cols[offsets[i]..offsets[i+1]]` are its neighbours, sorted by
//! index, with their weights in `vals`. Building contiguity hashes polygon vertices after snapping them within a
//! tolerance, so that polygons that barely touch are neighbours predictably (the first vertex seen in a
//! neighbourhood of the tolerance stands for all that fall within it).

use std::collections::{BTreeSet, HashMap};

use geo::{Centroid, MultiPolygon};
use rstar::RTree;
use rstar::primitives::GeomWithData;

/// How the weights of a row are scaled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transform {
    /// Every neighbour weighs 1.
    Binary,
    /// The weights of each row sum to 1 (rows of islands stay empty).
    Row,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WeightsError {
    #[error("k must be at least 1 and smaller than the number of areas ({n}); got {k}")]
    BadK { k: usize, n: usize },
    #[error("the distance band must be a positive number; got {0}")]
    BadDistance(f64),
    #[error("area {0} has no centroid (empty geometry)")]
    NoCentroid(usize),
    #[error("the weights have {got} areas but {expected} were expected")]
    Size { expected: usize, got: usize },
    #[error("{0}")]
    Other(String),
}

/// Spatial weights over `n` areas.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    offsets: Vec<usize>,
    cols: Vec<u32>,
    vals: Vec<f64>,
    transform: Transform,
}

impl Weights {
    /// Binary weights from neighbour lists (indices; duplicates and self-links are dropped).
    pub fn from_neighbours(neighbours: &[Vec<usize>]) -> Self {
        let n = neighbours.len();
        let mut offsets = Vec::with_capacity(n + 1);
        let mut cols = Vec::new();
        offsets.push(0);
        for (i, row) in neighbours.iter().enumerate() {
            let set: BTreeSet<usize> = row.iter().copied().filter(|&j| j != i && j < n).collect();
            cols.extend(set.into_iter().map(|j| j as u32));
            offsets.push(cols.len());
        }
        let vals = vec![1.0; cols.len()];
        Self {
            offsets,
            cols,
            vals,
            transform: Transform::Binary,
        }
    }

    pub fn n(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    pub fn transform(&self) -> Transform {
        self.transform
    }

    /// The neighbours of area `i` and their weights.
    pub fn row(&self, i: usize) -> (&[u32], &[f64]) {
        let (a, b) = (self.offsets[i], self.offsets[i + 1]);
        (&self.cols[a..b], &self.vals[a..b])
    }

    /// Number of neighbours of each area.
    pub fn cardinalities(&self) -> Vec<usize> {
        self.offsets.windows(2).map(|w| w[1] - w[0]).collect()
    }

    /// Areas without neighbours.
    pub fn islands(&self) -> Vec<usize> {
        self.cardinalities()
            .iter()
            .enumerate()
            .filter(|(_, k)| **k == 0)
            .map(|(i, _)| i)
            .collect()
    }

    /// Neighbour lists (indices).
    pub fn neighbours(&self) -> Vec<Vec<usize>> {
        (0..self.n())
            .map(|i| self.row(i).0.iter().map(|&j| j as usize).collect())
            .collect()
    }

    /// The same neighbours, every weight 1.
    pub fn binary(&self) -> Self {
        Self {
            vals: vec![1.0; self.cols.len()],
            transform: Transform::Binary,
            ..self.clone()
        }
    }

    /// The same neighbours, each row summing to 1.
    pub fn row_standardised(&self) -> Self {
        let mut vals = self.vals.clone();
        for i in 0..self.n() {
            let (a, b) = (self.offsets[i], self.offsets[i + 1]);
            let sum: f64 = vals[a..b].iter().sum();
            if sum != 0.0 {
                for v in &mut vals[a..b] {
                    *v /= sum;
                }
            }
        }
        Self {
            vals,
            transform: Transform::Row,
            ..self.clone()
        }
    }

    /// Binary weights with every area its own neighbour (weight 1), as Getis-Ord Gi* uses them.
    pub fn binary_with_self(&self) -> Self {
        let lists: Vec<Vec<usize>> = self.neighbours();
        let n = lists.len();
        let mut offsets = Vec::with_capacity(n + 1);
        let mut cols = Vec::new();
        offsets.push(0);
        for (i, row) in lists.iter().enumerate() {
            let mut set: BTreeSet<usize> = row.iter().copied().collect();
            set.insert(i);
            cols.extend(set.into_iter().map(|j| j as u32));
            offsets.push(cols.len());
        }
        let vals = vec![1.0; cols.len()];
        Self {
            offsets,
            cols,
            vals,
            transform: Transform::Binary,
        }
    }

    /// The weight of the link from `i` to `j` (0 when there is none).
    pub fn get(&self, i: usize, j: usize) -> f64 {
        let (cols, vals) = self.row(i);
        cols.binary_search(&(j as u32)).map(|k| vals[k]).unwrap_or(0.0)
    }

    /// Whether every link `i → j` has a link `j → i` with the same weight.
    pub fn is_symmetric(&self) -> bool {
        (0..self.n()).all(|i| {
            let (cols, vals) = self.row(i);
            cols.iter().zip(vals).all(|(&j, &w)| self.get(j as usize, i) == w)
        })
    }

    /// The spatial lag `Σ_j w_ij x_j` of each area.
    pub fn lag(&self, x: &[f64]) -> Vec<f64> {
        (0..self.n())
            .map(|i| {
                let (cols, vals) = self.row(i);
                cols.iter().zip(vals).map(|(&j, &w)| w * x[j as usize]).sum()
            })
            .collect()
    }

    /// `S0 = Σ_i Σ_j w_ij`.
    pub fn s0(&self) -> f64 {
        self.vals.iter().sum()
    }

    /// `S1 = ½ Σ_i Σ_j (w_ij + w_ji)²`.
    pub fn s1(&self) -> f64 {
        let mut total = 0.0;
        for i in 0..self.n() {
            let (cols, vals) = self.row(i);
            for (&j, &w) in cols.iter().zip(vals) {
                let (back_cols, back_vals) = self.row(j as usize);
                match back_cols.binary_search(&(i as u32)) {
                    Ok(k) => total += (w + back_vals[k]) * (w + back_vals[k]),
                    // The ordered pair (j, i) is never visited: count its equal term here.
                    Err(_) => total += 2.0 * w * w,
                }
            }
        }
        total / 2.0
    }

    /// `S2 = Σ_i (w_i. + w_.i)²`.
    pub fn s2(&self) -> f64 {
        let n = self.n();
        let mut row = vec![0.0; n];
        let mut col = vec![0.0; n];
        for (i, r) in row.iter_mut().enumerate() {
            let (cols, vals) = self.row(i);
            for (&j, &w) in cols.iter().zip(vals) {
                *r += w;
                col[j as usize] += w;
            }
        }
        row.iter().zip(&col).map(|(r, c)| (r + c) * (r + c)).sum()
    }

    /// Queen (shared vertex) or rook (shared edge) contiguity of polygons, binary. Vertices closer than
    /// `tolerance` are the same vertex.
    pub fn contiguity(polygons: &[MultiPolygon<f64>], rook: bool, tolerance: f64) -> Self {
        let mut snap = Snapper::new(tolerance);
        // For each polygon: its snapped vertices (queen) or snapped edges (rook).
        let mut by_key: HashMap<(u32, u32), Vec<usize>> = HashMap::new();
        for (i, mp) in polygons.iter().enumerate() {
            let mut keys: BTreeSet<(u32, u32)> = BTreeSet::new();
            for poly in mp {
                for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
                    let ids: Vec<u32> = ring.coords().map(|c| snap.id(c.x, c.y)).collect();
                    if rook {
                        for w in ids.windows(2) {
                            if w[0] != w[1] {
                                keys.insert((w[0].min(w[1]), w[0].max(w[1])));
                            }
                        }
                    } else {
                        keys.extend(ids.iter().map(|&v| (v, v)));
                    }
                }
            }
            for k in keys {
                by_key.entry(k).or_default().push(i);
            }
        }
        let mut lists = vec![BTreeSet::new(); polygons.len()];
        for owners in by_key.values() {
            for &a in owners {
                for &b in owners {
                    if a != b {
                        lists[a].insert(b);
                    }
                }
            }
        }
        let lists: Vec<Vec<usize>> = lists.into_iter().map(|s| s.into_iter().collect()).collect();
        Self::from_neighbours(&lists)
    }

    /// The centroid of each polygon.
    pub fn centroids(polygons: &[MultiPolygon<f64>]) -> Result<Vec<[f64; 2]>, WeightsError> {
        polygons
            .iter()
            .enumerate()
            .map(|(i, p)| {
                p.centroid()
                    .map(|c| [c.x(), c.y()])
                    .ok_or(WeightsError::NoCentroid(i))
            })
            .collect()
    }

    /// The `k` nearest neighbours of each point (ties broken by index), binary and in general not symmetric.
    pub fn knn(points: &[[f64; 2]], k: usize) -> Result<Self, WeightsError> {
        let n = points.len();
        if k == 0 || k >= n {
            return Err(WeightsError::BadK { k, n });
        }
        let tree = RTree::bulk_load(
            points
                .iter()
                .enumerate()
                .map(|(i, p)| GeomWithData::new(*p, i))
                .collect(),
        );
        let mut lists = Vec::with_capacity(n);
        for (i, p) in points.iter().enumerate() {
            let mut found: Vec<(f64, usize)> = Vec::with_capacity(k + 4);
            for (item, d2) in tree.nearest_neighbor_iter_with_distance_2(p) {
                if item.data == i {
                    continue;
                }
                // Past the k-th, keep only exact ties so that the choice among them is by index.
                if found.len() >= k && d2 > found[k - 1].0 {
                    break;
                }
                found.push((d2, item.data));
            }
            found.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            found.truncate(k);
            lists.push(found.into_iter().map(|(_, j)| j).collect::<Vec<_>>());
        }
        Ok(Self::from_neighbours(&lists))
    }

    /// Every pair of points closer than `distance` (inclusive), binary and symmetric.
    pub fn distance_band(points: &[[f64; 2]], distance: f64) -> Result<Self, WeightsError> {
        if !(distance.is_finite() && distance > 0.0) {
            return Err(WeightsError::BadDistance(distance));
        }
        let tree = RTree::bulk_load(
            points
                .iter()
                .enumerate()
                .map(|(i, p)| GeomWithData::new(*p, i))
                .collect(),
        );
        let lists: Vec<Vec<usize>> = points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                tree.locate_within_distance(*p, distance * distance)
                    .map(|g| g.data)
                    .filter(|&j| j != i)
                    .collect()
            })
            .collect();
        Ok(Self::from_neighbours(&lists))
    }
}

/// A vertex already seen: its coordinates and its id.
type Seen = (f64, f64, u32);

/// Gives the same id to vertices closer than the tolerance: the first vertex seen stands for its neighbourhood.
struct Snapper {
    tol: f64,
    cells: HashMap<(i64, i64), Vec<Seen>>,
    next: u32,
}

impl Snapper {
    fn new(tol: f64) -> Self {
        Self {
            tol: if tol.is_finite() && tol > 0.0 { tol } else { 0.0 },
            cells: HashMap::new(),
            next: 0,
        }
    }

    fn cell(&self, x: f64, y: f64) -> (i64, i64) {
        if self.tol == 0.0 {
            (x.to_bits() as i64, y.to_bits() as i64)
        } else {
            ((x / self.tol).floor() as i64, (y / self.tol).floor() as i64)
        }
    }

    fn id(&mut self, x: f64, y: f64) -> u32 {
        let (cx, cy) = self.cell(x, y);
        if self.tol == 0.0 {
            if let Some(v) = self.cells.get(&(cx, cy)).and_then(|v| v.first()) {
                return v.2;
            }
        } else {
            let mut best: Option<(f64, u32)> = None;
            for dx in -1..=1 {
                for dy in -1..=1 {
                    // A vertex far out (beyond 9.2e18 tolerances) is in the grid's last cell: none lies beyond it.
                    let (Some(nx), Some(ny)) = (cx.checked_add(dx), cy.checked_add(dy)) else {
                        continue;
                    };
                    if let Some(list) = self.cells.get(&(nx, ny)) {
                        for &(px, py, id) in list {
                            let d2 = (px - x) * (px - x) + (py - y) * (py - y);
                            if d2 <= self.tol * self.tol && best.is_none_or(|(bd, bid)| (d2, id) < (bd, bid))
                            {
                                best = Some((d2, id));
                            }
                        }
                    }
                }
            }
            if let Some((_, id)) = best {
                return id;
            }
        }
        let id = self.next;
        self.next += 1;
        self.cells.entry((cx, cy)).or_default().push((x, y, id));
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{LineString, Polygon};

    #[test]
    fn vertices_far_out_do_not_overflow_the_snapping_grid() {
        // Found by fuzzing (issue 11, `fuzz/corpus/spatial_geojson/overflow-far-vertex.geojson`): a vertex at
        // 1.3e48 with a tolerance of 1e-9 falls in the grid's last cell, and looking at the cell beyond it
        // overflowed (a panic with overflow checks, a wrapped cell without).
        let ring =
            |pts: Vec<(f64, f64)>| MultiPolygon::new(vec![Polygon::new(LineString::from(pts), vec![])]);
        let far = ring(vec![(1.0, 1.0), (1.5, 1.3e48), (-1.3e48, 1.5), (1.0, 1.0)]);
        let w = Weights::contiguity(&[square(0.0, 0.0), far, square(5.0, 5.0)], false, 1e-9);
        assert_eq!(w.neighbours(), vec![vec![1], vec![0], vec![]]);
    }

    fn square(x: f64, y: f64) -> MultiPolygon<f64> {
        MultiPolygon::new(vec![Polygon::new(
            LineString::from(vec![
                (x, y),
                (x + 1.0, y),
                (x + 1.0, y + 1.0),
                (x, y + 1.0),
                (x, y),
            ]),
            vec![],
        )])
    }

    fn grid(n: usize) -> Vec<MultiPolygon<f64>> {
        (0..n)
            .flat_map(|r| (0..n).map(move |c| square(c as f64, r as f64)))
            .collect()
    }

    #[test]
    fn lattice_contiguity() {
        let g = grid(3);
        let rook = Weights::contiguity(&g, true, 0.0);
        let queen = Weights::contiguity(&g, false, 0.0);
        assert_eq!(rook.cardinalities(), vec![2, 3, 2, 3, 4, 3, 2, 3, 2]);
        assert_eq!(queen.cardinalities(), vec![3, 5, 3, 5, 8, 5, 3, 5, 3]);
        assert_eq!(rook.neighbours()[4], vec![1, 3, 5, 7]);
        assert!(rook.is_symmetric() && queen.is_symmetric());
        assert!(rook.islands().is_empty());
    }

    #[test]
    fn snapping_joins_barely_touching_polygons() {
        let a = square(0.0, 0.0);
        let b = square(1.0 + 1e-9, 0.0);
        assert_eq!(
            Weights::contiguity(&[a.clone(), b.clone()], true, 0.0).islands(),
            vec![0, 1]
        );
        assert!(Weights::contiguity(&[a, b], true, 1e-6).islands().is_empty());
    }

    #[test]
    fn row_standardisation_and_moments() {
        let w = Weights::contiguity(&grid(3), true, 0.0);
        let r = w.row_standardised();
        for i in 0..9 {
            let s: f64 = r.row(i).1.iter().sum();
            assert!((s - 1.0).abs() < 1e-12);
        }
        assert!((r.s0() - 9.0).abs() < 1e-12);
        // Binary symmetric weights: S1 = 2 S0; S2 = Σ (2 k_i)².
        assert_eq!(w.s0(), 24.0);
        assert_eq!(w.s1(), 48.0);
        let s2: f64 = w.cardinalities().iter().map(|&k| (2.0 * k as f64).powi(2)).sum();
        assert_eq!(w.s2(), s2);
    }

    #[test]
    fn s1_counts_one_way_links_twice() {
        // 0 -> 1 only: S1 = ½((w01 + 0)² + (0 + w01)²) = 1.
        let w = Weights::from_neighbours(&[vec![1], vec![]]);
        assert_eq!(w.s1(), 1.0);
        assert_eq!(w.s2(), 2.0);
    }

    #[test]
    fn knn_breaks_ties_by_index() {
        let pts = [[0.0, 0.0], [1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [5.0, 5.0]];
        let w = Weights::knn(&pts, 2).unwrap();
        assert_eq!(w.neighbours()[0], vec![1, 2]);
        assert!(Weights::knn(&pts, 5).is_err());
        let b = Weights::distance_band(&pts, 1.0).unwrap();
        assert_eq!(b.neighbours()[0], vec![1, 2, 3]);
        assert!(b.neighbours()[4].is_empty());
    }

    #[test]
    fn gi_star_weights_include_self() {
        let w = Weights::contiguity(&grid(2), true, 0.0).binary_with_self();
        assert_eq!(w.neighbours()[0], vec![0, 1, 2]);
    }
}
