//! Incidents to areas: which area contains each point, through an R-tree of the areas' bounding boxes.
//!
//! A point on a border shared by several areas goes to the one that comes first in the order given (callers pass
//! the areas sorted by code), so every point is counted once and always in the same area.

use geo::{BoundingRect, Contains, Intersects, MultiPolygon, Point};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

/// An R-tree of the polygons' bounding boxes, each tagged with the polygon's position.
pub(crate) fn bbox_tree(polygons: &[MultiPolygon<f64>]) -> RTree<GeomWithData<Rectangle<[f64; 2]>, usize>> {
    let boxes = polygons
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            p.bounding_rect().map(|r| {
                GeomWithData::new(
                    Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                    i,
                )
            })
        })
        .collect();
    RTree::bulk_load(boxes)
}

/// A spatial index of areas.
pub struct AreaIndex<'a> {
    polygons: &'a [MultiPolygon<f64>],
    tree: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>,
}

impl<'a> AreaIndex<'a> {
    pub fn new(polygons: &'a [MultiPolygon<f64>]) -> Self {
        Self {
            polygons,
            tree: bbox_tree(polygons),
        }
    }

    /// The first area (in the order given) that contains the point, borders included.
    pub fn locate(&self, x: f64, y: f64) -> Option<usize> {
        let p = Point::new(x, y);
        self.tree
            .locate_in_envelope_intersecting(&AABB::from_point([x, y]))
            .map(|g| g.data)
            .filter(|&i| self.polygons[i].contains(&p) || self.polygons[i].intersects(&p))
            .min()
    }

    /// Counts points per area; points outside every area are counted apart.
    pub fn count(&self, points: &[[f64; 2]]) -> (Vec<u64>, u64) {
        let mut counts = vec![0u64; self.polygons.len()];
        let mut outside = 0;
        for p in points {
            match self.locate(p[0], p[1]) {
                Some(i) => counts[i] += 1,
                None => outside += 1,
            }
        }
        (counts, outside)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{LineString, Polygon};

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

    #[test]
    fn points_are_counted_once_and_borders_go_to_the_first_area() {
        let areas = vec![
            square(0.0, 0.0),
            square(1.0, 0.0),
            square(0.0, 1.0),
            square(1.0, 1.0),
        ];
        let index = AreaIndex::new(&areas);
        assert_eq!(index.locate(0.5, 0.5), Some(0));
        assert_eq!(index.locate(1.5, 1.5), Some(3));
        assert_eq!(index.locate(1.0, 0.5), Some(0), "a shared edge");
        assert_eq!(index.locate(1.0, 1.0), Some(0), "the corner of all four");
        assert_eq!(index.locate(1.5, 1.0), Some(1));
        assert_eq!(index.locate(3.0, 3.0), None);
        let (counts, outside) = index.count(&[[0.5, 0.5], [1.0, 1.0], [1.5, 1.5], [9.0, 9.0]]);
        assert_eq!((counts, outside), (vec![2, 0, 0, 1], 1));
    }
}
