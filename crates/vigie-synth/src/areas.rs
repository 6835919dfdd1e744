//! The areas (neighbourhoods) of Vallombre: a 7 × 7 grid of jittered cells, with two cells cut off at each
//! corner (41 areas), and the hidden *exclusion factor* that drives indicators and incidents.
//!
//! The grid is built from one set of shared vertices (8 × 8), jittered and rounded to 6 decimals **before** the
//! polygons are made, so that neighbouring polygons share their edges exactly: no gaps, no overlaps. Jitter is
//! at most 18 % of a cell side, which keeps every cell convex. Rings are closed and counter-clockwise.
//!
//! The exclusion factor is spatially autocorrelated: independent normals on the full grid, smoothed twice with
//! their queen neighbours, plus a south-east gradient, standardised to mean 0 and standard deviation 1 over the
//! 41 areas. Population is densest near the centre and a little higher in excluded areas (large estates).

use geo::{Contains, LineString, Point, Polygon};
use rand::seq::SliceRandom;
use rand::{Rng, RngExt};
use serde_json::json;

use crate::util::{json_compact, normal, round6};

/// Cells per side of the grid.
pub(crate) const GRID: usize = 7;
/// South-west corner of the grid (WGS84).
const LON0: f64 = 4.815;
const LAT0: f64 = 45.703;
/// Cell size in degrees: about 1.5 km in both directions at latitude 45.75°.
pub(crate) const DLON: f64 = 0.0193;
pub(crate) const DLAT: f64 = 0.0135;
/// Largest vertex jitter, as a share of the cell side.
const JITTER: f64 = 0.18;

/// Grid cells (column from west, row from south) that are cut off: two at each corner.
const CUT: [(usize, usize); 8] = [(0, 0), (1, 0), (6, 0), (6, 1), (6, 6), (5, 6), (0, 6), (0, 5)];

/// Fictional, French-sounding neighbourhood names (more than needed; shuffled per seed).
const NAMES: [&str; 48] = [
    "Les Glycines",
    "Bellerive",
    "Le Vieux-Moulin",
    "La Verrerie",
    "Champ-Fleuri",
    "Les Mûriers",
    "Saint-Aubert",
    "Les Tanneurs",
    "La Garenne-Haute",
    "Bois-Joli",
    "Le Pré-Vert",
    "Les Acacias",
    "La Sablière",
    "Montclair",
    "Les Hauts-de-Combe",
    "Le Clos-Fleury",
    "La Filature",
    "Port-Saulnier",
    "Les Charmilles",
    "Les Forges",
    "Sainte-Odile",
    "Les Buissonnets",
    "Le Marais-Doré",
    "La Cité-Jardin",
    "Les Peupliers",
    "Grand-Champ",
    "La Chaumière",
    "Les Rochettes",
    "Les Sorbiers",
    "La Brocardière",
    "Les Cerisaies",
    "Combe-Noire",
    "Les Hirondelles",
    "La Tuilerie",
    "Les Ormeaux",
    "La Chênaie",
    "Les Castors",
    "Le Parc-aux-Daims",
    "La Roseraie",
    "Belvédère",
    "Les Quatre-Vents",
    "Le Petit-Lac",
    "La Fontaine-Vive",
    "Les Carrières",
    "L'Île-Basse",
    "Le Coteau",
    "Rive-Ombre",
    "Les Trois-Ponts",
];

/// One area with its hidden attributes.
#[derive(Debug, Clone)]
pub(crate) struct Area {
    /// `N01` … `N41`, in reading order (north to south, west to east).
    pub id: String,
    pub name: String,
    pub population: u32,
    /// Standardised exclusion factor (hidden; mean 0, sd 1 over the areas).
    pub exclusion: f64,
    pub col: usize,
    pub row: usize,
    /// Closed, counter-clockwise ring of rounded (lon, lat) positions.
    pub ring: Vec<(f64, f64)>,
    pub polygon: Polygon<f64>,
    /// (min lon, min lat, max lon, max lat).
    pub bbox: (f64, f64, f64, f64),
}

impl Area {
    /// The mean of the four corners (inside, since the cell is convex).
    pub(crate) fn centre(&self) -> (f64, f64) {
        let corners = &self.ring[..self.ring.len().saturating_sub(1)];
        let n = corners.len().max(1) as f64;
        let (sx, sy) = corners.iter().fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
        (sx / n, sy / n)
    }

    /// Whether the point lies strictly inside (not on the boundary).
    pub(crate) fn strictly_contains(&self, lon: f64, lat: f64) -> bool {
        let (x0, y0, x1, y1) = self.bbox;
        x0 < lon && lon < x1 && y0 < lat && lat < y1 && self.polygon.contains(&Point::new(lon, lat))
    }

    /// A uniformly random point strictly inside, rounded to 6 decimals.
    pub(crate) fn random_point<R: Rng + ?Sized>(&self, rng: &mut R) -> (f64, f64) {
        let (x0, y0, x1, y1) = self.bbox;
        for _ in 0..1000 {
            let lon = round6(rng.random_range(x0..x1));
            let lat = round6(rng.random_range(y0..y1));
            if self.strictly_contains(lon, lat) {
                return (lon, lat);
            }
        }
        let (cx, cy) = self.centre();
        (round6(cx), round6(cy))
    }
}

/// The city's areas and their rook neighbours (indices into `areas`).
#[derive(Debug, Clone)]
pub(crate) struct Areas {
    pub areas: Vec<Area>,
    pub rook: Vec<Vec<usize>>,
}

impl Areas {
    /// The index of the area that strictly contains the point, if any.
    pub(crate) fn locate_strict(&self, lon: f64, lat: f64) -> Option<usize> {
        self.areas.iter().position(|a| a.strictly_contains(lon, lat))
    }
}

fn active(col: usize, row: usize) -> bool {
    col < GRID && row < GRID && !CUT.contains(&(col, row))
}

/// Builds the areas from the areas' random stream.
pub(crate) fn build<R: Rng + ?Sized>(rng: &mut R) -> Areas {
    // Shared vertices, jittered and rounded once.
    let mut vertex = [[(0.0_f64, 0.0_f64); GRID + 1]; GRID + 1];
    for (i, col) in vertex.iter_mut().enumerate() {
        for (j, v) in col.iter_mut().enumerate() {
            let jx = rng.random_range(-JITTER..JITTER) * DLON;
            let jy = rng.random_range(-JITTER..JITTER) * DLAT;
            *v = (
                round6(LON0 + i as f64 * DLON + jx),
                round6(LAT0 + j as f64 * DLAT + jy),
            );
        }
    }

    // Hidden exclusion on the full grid: normals, smoothed twice, plus a gradient.
    let mut z = [[0.0_f64; GRID]; GRID];
    for row in z.iter_mut() {
        for v in row.iter_mut() {
            *v = normal(rng);
        }
    }
    for _ in 0..2 {
        let mut s = [[0.0_f64; GRID]; GRID];
        for c in 0..GRID {
            for r in 0..GRID {
                let (mut sum, mut wsum) = (z[c][r], 1.0);
                for dc in -1_i32..=1 {
                    for dr in -1_i32..=1 {
                        if dc == 0 && dr == 0 {
                            continue;
                        }
                        let (nc, nr) = (c as i32 + dc, r as i32 + dr);
                        if (0..GRID as i32).contains(&nc) && (0..GRID as i32).contains(&nr) {
                            let w = if dc == 0 || dr == 0 { 0.8 } else { 0.4 };
                            sum += w * z[nc as usize][nr as usize];
                            wsum += w;
                        }
                    }
                }
                s[c][r] = sum / wsum;
            }
        }
        z = s;
    }
    let cells: Vec<(usize, usize)> = (0..GRID)
        .rev()
        .flat_map(|r| (0..GRID).map(move |c| (c, r)))
        .filter(|&(c, r)| active(c, r))
        .collect();
    let raw: Vec<f64> = cells.iter().map(|&(c, r)| z[c][r]).collect();
    let raw = standardise(&raw);
    let half = (GRID - 1) as f64 / 2.0;
    let with_gradient: Vec<f64> = cells
        .iter()
        .zip(&raw)
        .map(|(&(c, r), v)| v + 0.8 * (c as f64 - half) / half - 0.5 * (r as f64 - half) / half)
        .collect();
    let exclusion = standardise(&with_gradient);

    let mut names: Vec<&str> = NAMES.to_vec();
    names.shuffle(rng);

    let mut areas = Vec::with_capacity(cells.len());
    for (k, &(c, r)) in cells.iter().enumerate() {
        let ring = vec![
            vertex[c][r],
            vertex[c + 1][r],
            vertex[c + 1][r + 1],
            vertex[c][r + 1],
            vertex[c][r],
        ];
        let polygon = Polygon::new(LineString::from(ring.clone()), vec![]);
        let xs = ring.iter().map(|p| p.0);
        let ys = ring.iter().map(|p| p.1);
        let bbox = (
            xs.clone().fold(f64::INFINITY, f64::min),
            ys.clone().fold(f64::INFINITY, f64::min),
            xs.fold(f64::NEG_INFINITY, f64::max),
            ys.fold(f64::NEG_INFINITY, f64::max),
        );
        let e = exclusion[k];
        let d2 = (c as f64 - half).powi(2) + (r as f64 - half).powi(2);
        let base = 5_000.0 + 15_000.0 * (-d2 / 8.0).exp();
        let pop = base * (0.25 * e).exp() * (0.25 * normal(rng)).exp();
        let population = ((pop.clamp(2_000.0, 30_000.0) / 10.0).round() * 10.0) as u32;
        areas.push(Area {
            id: format!("N{:02}", k + 1),
            name: names
                .get(k)
                .map(|s| (*s).to_owned())
                .unwrap_or_else(|| format!("Quartier {}", k + 1)),
            population,
            exclusion: e,
            col: c,
            row: r,
            ring,
            polygon,
            bbox,
        });
    }
    let rook = areas
        .iter()
        .map(|a| {
            areas
                .iter()
                .enumerate()
                .filter(|(_, b)| a.col.abs_diff(b.col) + a.row.abs_diff(b.row) == 1)
                .map(|(i, _)| i)
                .collect()
        })
        .collect();
    Areas { areas, rook }
}

/// Mean 0, standard deviation 1 (unchanged when the spread is 0).
pub(crate) fn standardise(v: &[f64]) -> Vec<f64> {
    let n = v.len().max(1) as f64;
    let mean = v.iter().sum::<f64>() / n;
    let sd = (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
    v.iter()
        .map(|x| if sd > 0.0 { (x - mean) / sd } else { x - mean })
        .collect()
}

/// `areas.geojson`: one feature per line.
pub(crate) fn geojson(areas: &Areas) -> String {
    let features: Vec<String> = areas
        .areas
        .iter()
        .map(|a| {
            let coords: Vec<[f64; 2]> = a.ring.iter().map(|&(x, y)| [x, y]).collect();
            json_compact(&json!({
                "type": "Feature",
                "properties": { "id": a.id, "name": a.name, "population": a.population },
                "geometry": { "type": "Polygon", "coordinates": [coords] },
            }))
        })
        .collect();
    format!(
        "{{\"type\": \"FeatureCollection\", \"features\": [\n{}\n]}}\n",
        features.join(",\n")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::{Part, stream};
    use geo::{Area as _, BooleanOps};

    fn areas() -> Areas {
        build(&mut stream(7, Part::Areas))
    }

    #[test]
    fn forty_one_unique_areas_in_range() {
        let a = areas();
        assert_eq!(a.areas.len(), 41);
        let names: std::collections::BTreeSet<_> = a.areas.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(names.len(), 41);
        for x in &a.areas {
            assert!((2_000..=30_000).contains(&x.population), "{}", x.population);
            for &(lon, lat) in &x.ring {
                assert!(
                    (4.80..=4.98).contains(&lon) && (45.70..=45.80).contains(&lat),
                    "{lon} {lat}"
                );
            }
            assert_eq!(x.ring.first(), x.ring.last());
            assert!(x.polygon.signed_area() > 0.0, "counter-clockwise");
        }
    }

    #[test]
    fn cells_tile_without_overlap() {
        let a = areas();
        let cell = DLON * DLAT;
        for (i, x) in a.areas.iter().enumerate() {
            for y in &a.areas[i + 1..] {
                let overlap = x.polygon.intersection(&y.polygon).unsigned_area();
                assert!(overlap < cell * 1e-9, "{} {} overlap {overlap}", x.id, y.id);
            }
        }
        let total: f64 = a.areas.iter().map(|x| x.polygon.unsigned_area()).sum();
        assert!((total / (41.0 * cell) - 1.0).abs() < 0.1);
    }

    #[test]
    fn exclusion_is_standardised() {
        let a = areas();
        let e: Vec<f64> = a.areas.iter().map(|x| x.exclusion).collect();
        let mean = e.iter().sum::<f64>() / e.len() as f64;
        assert!(mean.abs() < 1e-9);
        let s = standardise(&e);
        assert!(s.iter().zip(&e).all(|(x, y)| (x - y).abs() < 1e-9));
    }

    #[test]
    fn random_points_are_inside() {
        let a = areas();
        let mut rng = stream(1, Part::Incidents);
        for x in &a.areas {
            for _ in 0..20 {
                let (lon, lat) = x.random_point(&mut rng);
                assert_eq!(a.locate_strict(lon, lat).map(|i| &a.areas[i].id), Some(&x.id));
            }
        }
    }
}
