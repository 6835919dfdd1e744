//! Kernel density of incidents: where they concentrate, independently of area boundaries.
//!
//! Points are WGS84 longitude/latitude; distances are measured in metres on a local equirectangular projection
//! (accurate to well under 1 % over a city). The kernel is the quartic (biweight) kernel
//! `K(d) = 3/(π h²) · (1 − d²/h²)²` for `d < h`, as in GIS hot-spot maps; the bandwidth `h` is given, or by
//! Scott's rule `h = σ · n^(−1/6)` with `σ` the mean of the two coordinates' standard deviations. Densities are
//! in points per square kilometre, at the centres of a regular grid.

use serde::Serialize;

const M_PER_DEG_LAT: f64 = 110_574.0;
const M_PER_DEG_LON_EQUATOR: f64 = 111_320.0;

/// Densities on a grid of `nx` × `ny` cells over a longitude/latitude box; row 0 is the southernmost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DensityGrid {
    pub min_lon: f64,
    pub min_lat: f64,
    pub cell_lon: f64,
    pub cell_lat: f64,
    pub nx: usize,
    pub ny: usize,
    /// Points per km², row by row.
    pub values: Vec<f64>,
    pub bandwidth_m: f64,
    pub points: usize,
}

impl DensityGrid {
    pub fn get(&self, col: usize, row: usize) -> f64 {
        self.values.get(row * self.nx + col).copied().unwrap_or(0.0)
    }
    pub fn max(&self) -> f64 {
        self.values.iter().copied().fold(0.0, f64::max)
    }
}

/// The kernel density of `points` (lon, lat) over the box `[min_lon, min_lat, max_lon, max_lat]`, on a grid `nx`
/// cells wide. `None` without points or with an empty box.
pub fn kernel_density(
    points: &[[f64; 2]],
    bbox: [f64; 4],
    nx: usize,
    bandwidth_m: Option<f64>,
) -> Option<DensityGrid> {
    let [min_lon, min_lat, max_lon, max_lat] = bbox;
    let pts: Vec<[f64; 2]> = points
        .iter()
        .copied()
        .filter(|p| p[0].is_finite() && p[1].is_finite())
        .collect();
    if pts.is_empty() || !(max_lon > min_lon && max_lat > min_lat) || nx == 0 {
        return None;
    }
    let lat0 = (min_lat + max_lat) / 2.0;
    let mx = M_PER_DEG_LON_EQUATOR * lat0.to_radians().cos();
    let to_m = |p: [f64; 2]| [(p[0] - min_lon) * mx, (p[1] - min_lat) * M_PER_DEG_LAT];
    let width_m = (max_lon - min_lon) * mx;
    let height_m = (max_lat - min_lat) * M_PER_DEG_LAT;
    let cell = width_m / nx as f64;
    let ny = ((height_m / cell).ceil() as usize).max(1);
    let metric: Vec<[f64; 2]> = pts.iter().map(|p| to_m(*p)).collect();
    let h = bandwidth_m
        .filter(|h| h.is_finite() && *h > 0.0)
        .unwrap_or_else(|| {
            let n = metric.len() as f64;
            let sd = |k: usize| {
                let mean = metric.iter().map(|p| p[k]).sum::<f64>() / n;
                (metric.iter().map(|p| (p[k] - mean).powi(2)).sum::<f64>() / n).sqrt()
            };
            let sigma = (sd(0) + sd(1)) / 2.0;
            (sigma * n.powf(-1.0 / 6.0)).max(cell)
        });
    let mut values = vec![0.0; nx * ny];
    let norm = 3.0 / (std::f64::consts::PI * h * h) * 1e6; // per km²
    let reach = (h / cell).ceil() as isize;
    for p in &metric {
        let (ci, ri) = ((p[0] / cell).floor() as isize, (p[1] / cell).floor() as isize);
        for r in (ri - reach).max(0)..=(ri + reach).min(ny as isize - 1) {
            for c in (ci - reach).max(0)..=(ci + reach).min(nx as isize - 1) {
                let (cx, cy) = ((c as f64 + 0.5) * cell, (r as f64 + 0.5) * cell);
                let d2 = (cx - p[0]).powi(2) + (cy - p[1]).powi(2);
                if d2 < h * h {
                    let u = 1.0 - d2 / (h * h);
                    values[r as usize * nx + c as usize] += norm * u * u;
                }
            }
        }
    }
    Some(DensityGrid {
        min_lon,
        min_lat,
        cell_lon: cell / mx,
        cell_lat: cell / M_PER_DEG_LAT,
        nx,
        ny,
        values,
        bandwidth_m: h,
        points: metric.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kernel_integrates_to_the_number_of_points() {
        // 0.1° × 0.1° around 45° N; points well inside, so no mass falls outside the grid.
        let pts: Vec<[f64; 2]> = (0..50)
            .map(|k| [4.85 + 0.0004 * (k % 7) as f64, 45.75 + 0.0003 * (k % 5) as f64])
            .collect();
        let g = kernel_density(&pts, [4.80, 45.70, 4.90, 45.80], 200, Some(400.0)).unwrap();
        let cell_km2 = (g.cell_lon * M_PER_DEG_LON_EQUATOR * 45.75f64.to_radians().cos())
            * (g.cell_lat * M_PER_DEG_LAT)
            / 1e6;
        let total: f64 = g.values.iter().sum::<f64>() * cell_km2;
        assert!((total - 50.0).abs() < 0.5, "{total}");
    }

    #[test]
    fn the_peak_is_where_the_points_are() {
        let mut pts = vec![[4.82, 45.72]; 30];
        pts.push([4.88, 45.78]);
        let g = kernel_density(&pts, [4.80, 45.70, 4.90, 45.80], 50, None).unwrap();
        let (best, _) = g
            .values
            .iter()
            .enumerate()
            .fold((0, 0.0), |b, (i, v)| if *v > b.1 { (i, *v) } else { b });
        let (col, row) = (best % g.nx, best / g.nx);
        let lon = g.min_lon + (col as f64 + 0.5) * g.cell_lon;
        let lat = g.min_lat + (row as f64 + 0.5) * g.cell_lat;
        assert!(
            (lon - 4.82).abs() < 0.005 && (lat - 45.72).abs() < 0.005,
            "{lon} {lat}"
        );
        assert!(g.bandwidth_m > 0.0);
    }

    #[test]
    fn nothing_to_estimate() {
        assert!(kernel_density(&[], [0.0, 0.0, 1.0, 1.0], 10, None).is_none());
        assert!(kernel_density(&[[0.5, 0.5]], [1.0, 1.0, 0.0, 0.0], 10, None).is_none());
    }
}
