//! Geometry that vigie accepts: WGS84 longitude/latitude points and area boundaries (polygon or multipolygon).

use geo::{Area as _, BoundingRect, Contains, MultiPolygon, Point, Polygon, Rect};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GeometryError {
    #[error("longitude {0} is outside -180..180")]
    Longitude(f64),
    #[error("latitude {0} is outside -90..90")]
    Latitude(f64),
    #[error("coordinate is not a finite number")]
    NotFinite,
    #[error("geometry must be a Polygon or a MultiPolygon, not a {0}")]
    WrongType(String),
    #[error("a ring has {0} positions; a closed ring needs at least 4")]
    ShortRing(usize),
    #[error("a ring is not closed (its first and last positions differ)")]
    OpenRing,
    #[error("the polygon has no area")]
    NoArea,
    #[error("geometry has no polygon")]
    Empty,
    #[error("the polygon is not valid: {0}")]
    Invalid(String),
}

/// A WGS84 point: longitude then latitude, in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LonLat {
    lon: f64,
    lat: f64,
}

impl LonLat {
    pub fn new(lon: f64, lat: f64) -> Result<Self, GeometryError> {
        if !lon.is_finite() || !lat.is_finite() {
            return Err(GeometryError::NotFinite);
        }
        if !(-180.0..=180.0).contains(&lon) {
            return Err(GeometryError::Longitude(lon));
        }
        if !(-90.0..=90.0).contains(&lat) {
            return Err(GeometryError::Latitude(lat));
        }
        Ok(Self { lon, lat })
    }
    pub fn lon(self) -> f64 {
        self.lon
    }
    pub fn lat(self) -> f64 {
        self.lat
    }
}

/// The boundary of an area: one or more polygons with closed rings of valid WGS84 positions and a non-zero area.
#[derive(Debug, Clone, PartialEq)]
pub struct Boundary(MultiPolygon<f64>);

impl Boundary {
    /// Validates a GeoJSON geometry.
    pub fn from_geojson(geometry: &geojson::Geometry) -> Result<Self, GeometryError> {
        use geojson::GeometryValue as V;
        let polygons: Vec<&Vec<Vec<geojson::Position>>> = match &geometry.value {
            V::Polygon { coordinates } => vec![coordinates],
            V::MultiPolygon { coordinates } => coordinates.iter().collect(),
            other => return Err(GeometryError::WrongType(other.type_name().to_owned())),
        };
        if polygons.is_empty() {
            return Err(GeometryError::Empty);
        }
        let mut out = Vec::with_capacity(polygons.len());
        for rings in polygons {
            let mut geo_rings = Vec::with_capacity(rings.len());
            for ring in rings {
                if ring.len() < 4 {
                    return Err(GeometryError::ShortRing(ring.len()));
                }
                let mut coords = Vec::with_capacity(ring.len());
                for pos in ring {
                    let (lon, lat) = match pos.as_slice() {
                        [lon, lat, ..] => (*lon, *lat),
                        _ => return Err(GeometryError::NotFinite),
                    };
                    let p = LonLat::new(lon, lat)?;
                    coords.push(geo::coord! { x: p.lon, y: p.lat });
                }
                if coords.first() != coords.last() {
                    return Err(GeometryError::OpenRing);
                }
                geo_rings.push(geo::LineString::new(coords));
            }
            let mut it = geo_rings.into_iter();
            let exterior = it.next().ok_or(GeometryError::Empty)?;
            let poly = Polygon::new(exterior, it.collect());
            if poly.unsigned_area() <= 0.0 {
                return Err(GeometryError::NoArea);
            }
            if let Err(e) = geo::Validation::check_validation(&poly) {
                return Err(GeometryError::Invalid(e.to_string()));
            }
            out.push(poly);
        }
        Ok(Self(MultiPolygon::new(out)))
    }

    /// Builds a boundary from rings of (lon, lat) positions: one exterior ring per polygon, no holes.
    pub fn from_rings(rings: &[Vec<(f64, f64)>]) -> Result<Self, GeometryError> {
        let polys: Vec<Vec<Vec<geojson::Position>>> = rings
            .iter()
            .map(|r| {
                vec![
                    r.iter()
                        .map(|&(x, y)| geojson::Position::from(vec![x, y]))
                        .collect(),
                ]
            })
            .collect();
        Self::from_geojson(&geojson::Geometry::new(geojson::GeometryValue::MultiPolygon {
            coordinates: polys,
        }))
    }

    pub fn multi_polygon(&self) -> &MultiPolygon<f64> {
        &self.0
    }

    /// The boundary as a GeoJSON geometry (always a MultiPolygon).
    pub fn to_geojson(&self) -> geojson::Geometry {
        geojson::Geometry::from(&self.0)
    }

    pub fn bounding_rect(&self) -> Option<Rect<f64>> {
        self.0.bounding_rect()
    }

    /// Whether the point lies inside (a point on the border counts as inside; see [`crate::model::locate`]).
    pub fn contains(&self, p: LonLat) -> bool {
        use geo::Intersects;
        let pt = Point::new(p.lon, p.lat);
        self.0.contains(&pt) || self.0.intersects(&pt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_must_be_valid_polygons() {
        let square = vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)];
        assert!(Boundary::from_rings(&[square]).is_ok());
        let bow_tie = vec![(0.0, 0.0), (3.0, 3.0), (3.0, 0.0), (0.0, 1.0), (0.0, 0.0)];
        assert!(matches!(
            Boundary::from_rings(&[bow_tie]),
            Err(GeometryError::Invalid(_))
        ));
        let open = vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)];
        assert_eq!(Boundary::from_rings(&[open]), Err(GeometryError::OpenRing));
        let flat = vec![(0.0, 0.0), (1.0, 0.0), (2.0, 0.0), (0.0, 0.0)];
        assert_eq!(Boundary::from_rings(&[flat]), Err(GeometryError::NoArea));
        assert!(matches!(
            LonLat::new(181.0, 0.0),
            Err(GeometryError::Longitude(_))
        ));
    }
}
