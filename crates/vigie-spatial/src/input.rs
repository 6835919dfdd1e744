//! Areas from a GeoJSON FeatureCollection: an id field, numeric variables, and polygon geometry, validated with
//! errors that name the feature (its position, its id when known, and its line in the file).

use std::collections::HashMap;

use geo::{Area, BooleanOps, LineString, MultiPolygon, Polygon};
use rayon::prelude::*;
use rstar::AABB;
use rstar::primitives::{GeomWithData, Rectangle};
use serde_json::value::RawValue;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InputError {
    #[error("{file}:{line}: not a GeoJSON FeatureCollection: {reason}")]
    NotGeoJson {
        file: String,
        line: usize,
        reason: String,
    },
    #[error("{file}:{line}: feature {index}{id}: {reason}")]
    Feature {
        file: String,
        line: usize,
        index: usize,
        id: String,
        reason: String,
    },
    #[error("{file}: the collection has no features")]
    Empty { file: String },
}

/// Areas read from a file, in file order.
#[derive(Debug, Clone)]
pub struct AreaSet {
    pub file: String,
    pub ids: Vec<String>,
    pub polygons: Vec<MultiPolygon<f64>>,
    properties: Vec<serde_json::Map<String, serde_json::Value>>,
    lines: Vec<usize>,
}

/// Line numbers of parts of a text, asked for in increasing order: each byte is counted once, so numbering every
/// feature of a large file stays linear.
struct Lines<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The 1-based line on which `part` (a slice of the text) starts.
    fn of(&mut self, part: &str) -> usize {
        let offset = (part.as_ptr() as usize)
            .saturating_sub(self.text.as_ptr() as usize)
            .min(self.text.len());
        if offset < self.offset {
            *self = Self::new(self.text);
        }
        self.line += self.text.as_bytes()[self.offset..offset]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.offset = offset;
        self.line
    }
}

#[derive(serde::Deserialize)]
struct Collection<'a> {
    #[serde(rename = "type")]
    kind: String,
    #[serde(borrow)]
    features: Vec<&'a RawValue>,
}

fn polygon(rings: &[Vec<Vec<f64>>]) -> Result<Polygon<f64>, String> {
    let mut out = Vec::with_capacity(rings.len());
    for ring in rings {
        if ring.len() < 4 {
            return Err(format!(
                "a ring has {} positions; a closed ring needs at least 4",
                ring.len()
            ));
        }
        let mut coords = Vec::with_capacity(ring.len());
        for p in ring {
            match p.as_slice() {
                [x, y, ..] if x.is_finite() && y.is_finite() => coords.push(geo::coord! { x: *x, y: *y }),
                _ => return Err("a position is not a pair of finite numbers".into()),
            }
        }
        if coords.first() != coords.last() {
            return Err("a ring is not closed (its first and last positions differ)".into());
        }
        out.push(LineString::new(coords));
    }
    let mut it = out.into_iter();
    let exterior = it.next().ok_or("a polygon has no ring")?;
    let p = Polygon::new(exterior, it.collect());
    if p.unsigned_area() <= 0.0 {
        return Err("a polygon has no area".into());
    }
    if let Err(e) = geo::Validation::check_validation(&p) {
        return Err(format!("the polygon is not valid: {e}"));
    }
    Ok(p)
}

fn geometry(g: &serde_json::Value) -> Result<MultiPolygon<f64>, String> {
    let kind = g.get("type").and_then(|t| t.as_str()).unwrap_or("");
    let coords = g.get("coordinates").cloned().unwrap_or(serde_json::Value::Null);
    match kind {
        "Polygon" => {
            let rings: Vec<Vec<Vec<f64>>> =
                serde_json::from_value(coords).map_err(|e| format!("bad Polygon coordinates: {e}"))?;
            Ok(MultiPolygon::new(vec![polygon(&rings)?]))
        }
        "MultiPolygon" => {
            let polys: Vec<Vec<Vec<Vec<f64>>>> =
                serde_json::from_value(coords).map_err(|e| format!("bad MultiPolygon coordinates: {e}"))?;
            if polys.is_empty() {
                return Err("the MultiPolygon is empty".into());
            }
            Ok(MultiPolygon::new(
                polys.iter().map(|r| polygon(r)).collect::<Result<_, _>>()?,
            ))
        }
        "" => Err("missing geometry".into()),
        other => Err(format!(
            "geometry must be a Polygon or a MultiPolygon, not a {other}"
        )),
    }
}

/// One feature read on its own: its id and properties, and its geometry or what is wrong with it; or what is
/// wrong with the feature itself.
type Parsed = Result<
    (
        String,
        serde_json::Map<String, serde_json::Value>,
        Result<MultiPolygon<f64>, String>,
    ),
    String,
>;

fn parse_feature(raw: &str, id_field: &str) -> Parsed {
    let value: serde_json::Value = serde_json::from_str(raw).map_err(|e| format!("not a feature: {e}"))?;
    let props = value
        .get("properties")
        .and_then(|p| p.as_object())
        .cloned()
        .unwrap_or_default();
    let id = match props.get(id_field) {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s.trim().to_owned(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(other) if !other.is_null() => {
            return Err(format!(
                "the id field {id_field:?} must be a text or a number, not {other}"
            ));
        }
        _ => return Err(format!("the id field {id_field:?} is missing")),
    };
    let g = geometry(value.get("geometry").unwrap_or(&serde_json::Value::Null));
    Ok((id, props, g))
}

impl AreaSet {
    /// Reads a FeatureCollection; `id_field` names the property holding each area's id (unique, not empty).
    pub fn from_geojson(file: &str, text: &str, id_field: &str) -> Result<Self, Vec<InputError>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let c: Collection<'_> = serde_json::from_str(text).map_err(|e| {
            vec![InputError::NotGeoJson {
                file: file.into(),
                line: e.line(),
                reason: e.to_string(),
            }]
        })?;
        if c.kind != "FeatureCollection" {
            return Err(vec![InputError::NotGeoJson {
                file: file.into(),
                line: 1,
                reason: format!("its type is {:?}", c.kind),
            }]);
        }
        if c.features.is_empty() {
            return Err(vec![InputError::Empty { file: file.into() }]);
        }
        // Line numbers in one pass; then each feature parsed on its own (in parallel); then, in file order, the
        // checks that compare features (duplicate ids).
        let mut counter = Lines::new(text);
        let lines: Vec<usize> = c.features.iter().map(|raw| counter.of(raw.get())).collect();
        let parsed: Vec<Parsed> = c
            .features
            .par_iter()
            .map(|raw| parse_feature(raw.get(), id_field))
            .collect();
        let mut errors = Vec::new();
        let mut set = AreaSet {
            file: file.into(),
            ids: vec![],
            polygons: vec![],
            properties: vec![],
            lines: vec![],
        };
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (index, (p, line)) in parsed.into_iter().zip(lines).enumerate() {
            let mut fail = |id: &str, reason: String| {
                errors.push(InputError::Feature {
                    file: file.into(),
                    line,
                    index,
                    id: if id.is_empty() {
                        String::new()
                    } else {
                        format!(" ({id})")
                    },
                    reason,
                })
            };
            let (id, props, geometry) = match p {
                Err(reason) => {
                    fail("", reason);
                    continue;
                }
                Ok(ok) => ok,
            };
            if let Some(first) = seen.get(&id) {
                fail(
                    &id,
                    format!("the id {id:?} is used twice (first by feature {first})"),
                );
                continue;
            }
            seen.insert(id.clone(), index);
            match geometry {
                Ok(g) => {
                    set.ids.push(id);
                    set.polygons.push(g);
                    set.properties.push(props);
                    set.lines.push(line);
                }
                Err(reason) => fail(&id, reason),
            }
        }
        if errors.is_empty() { Ok(set) } else { Err(errors) }
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    fn feature_error(&self, i: usize, reason: String) -> InputError {
        InputError::Feature {
            file: self.file.clone(),
            line: self.lines[i],
            index: i,
            id: format!(" ({})", self.ids[i]),
            reason,
        }
    }

    /// The values of a numeric property, in feature order; every feature must have a finite number.
    pub fn variable(&self, name: &str) -> Result<Vec<f64>, Vec<InputError>> {
        let mut errors = Vec::new();
        let mut out = Vec::with_capacity(self.len());
        for (i, props) in self.properties.iter().enumerate() {
            let v = match props.get(name) {
                Some(serde_json::Value::Number(n)) => n.as_f64().filter(|v| v.is_finite()),
                Some(serde_json::Value::String(s)) => s.trim().parse::<f64>().ok().filter(|v| v.is_finite()),
                _ => None,
            };
            match (v, props.get(name)) {
                (Some(v), _) => out.push(v),
                (None, None) => {
                    errors.push(self.feature_error(i, format!("the variable {name:?} is missing")))
                }
                (None, Some(other)) => errors
                    .push(self.feature_error(i, format!("the variable {name:?} is not a number: {other}"))),
            }
        }
        if errors.is_empty() { Ok(out) } else { Err(errors) }
    }

    /// Pairs of areas that overlap by more than `tolerance` times the smaller one's area (touching is fine).
    pub fn overlaps(&self, tolerance: f64) -> Vec<InputError> {
        let tree = crate::locate::bbox_tree(&self.polygons);
        let rects: Vec<&GeomWithData<Rectangle<[f64; 2]>, usize>> = tree.iter().collect();
        // (later feature, earlier feature, share of the smaller area), found in parallel, reported in file order.
        let mut found: Vec<(usize, usize, f64)> = rects
            .par_iter()
            .flat_map_iter(|r| {
                let i = r.data;
                let env = AABB::from_corners(r.geom().lower(), r.geom().upper());
                tree.locate_in_envelope_intersecting(&env)
                    .filter(|other| other.data > i)
                    .filter_map(|other| {
                        let j = other.data;
                        let shared = self.polygons[i].intersection(&self.polygons[j]).unsigned_area();
                        let smaller = self.polygons[i]
                            .unsigned_area()
                            .min(self.polygons[j].unsigned_area());
                        (shared > tolerance * smaller).then_some((j, i, shared / smaller))
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        found.sort_by_key(|f| (f.0, f.1));
        let errors: Vec<InputError> = found
            .into_iter()
            .map(|(j, i, share)| {
                self.feature_error(
                    j,
                    format!(
                        "overlaps feature {i} ({}) by {:.1} % of the smaller area",
                        self.ids[i],
                        100.0 * share
                    ),
                )
            })
            .collect();
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SQ: &str = r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}"#;

    fn fc(features: &[String]) -> String {
        format!(
            "{{\"type\":\"FeatureCollection\",\"features\":[\n{}\n]}}",
            features.join(",\n")
        )
    }

    fn feat(props: &str, geom: &str) -> String {
        format!("{{\"type\":\"Feature\",\"properties\":{props},\"geometry\":{geom}}}")
    }

    #[test]
    fn reads_ids_and_variables() {
        let sq2 = SQ.replace("[0,0],[1,0],[1,1],[0,1],[0,0]", "[1,0],[2,0],[2,1],[1,1],[1,0]");
        let text = fc(&[
            feat(r#"{"ID":1,"v":2.5}"#, SQ),
            feat(r#"{"ID":"b","v":"3"}"#, &sq2),
        ]);
        let s = AreaSet::from_geojson("a.geojson", &text, "ID").unwrap();
        assert_eq!(s.ids, vec!["1", "b"]);
        assert_eq!(s.variable("v").unwrap(), vec![2.5, 3.0]);
        assert!(s.overlaps(1e-9).is_empty());
    }

    #[test]
    fn every_problem_names_its_feature() {
        let open = r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0.5]]]}"#;
        let text = fc(&[
            feat(r#"{"ID":1}"#, SQ),
            feat(r#"{"ID":1}"#, SQ),
            feat(r#"{"X":1}"#, SQ),
            feat(r#"{"ID":3}"#, open),
            feat(r#"{"ID":4}"#, r#"{"type":"Point","coordinates":[0,0]}"#),
            feat(
                r#"{"ID":5}"#,
                r#"{"type":"Polygon","coordinates":[[[0,0],[3,3],[3,0],[0,1],[0,0]]]}"#,
            ),
        ]);
        let errs: Vec<String> = AreaSet::from_geojson("a.geojson", &text, "ID")
            .unwrap_err()
            .iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(
            errs[..4],
            vec![
                "a.geojson:3: feature 1 (1): the id \"1\" is used twice (first by feature 0)",
                "a.geojson:4: feature 2: the id field \"ID\" is missing",
                "a.geojson:5: feature 3 (3): a ring is not closed (its first and last positions differ)",
                "a.geojson:6: feature 4 (4): geometry must be a Polygon or a MultiPolygon, not a Point",
            ]
        );
        assert!(
            errs[4].starts_with("a.geojson:7: feature 5 (5): the polygon is not valid: "),
            "{}",
            errs[4]
        );
    }

    #[test]
    fn missing_or_text_variables_and_overlaps_are_reported() {
        let half = SQ.replace(
            "[0,0],[1,0],[1,1],[0,1],[0,0]",
            "[0.5,0],[1.5,0],[1.5,1],[0.5,1],[0.5,0]",
        );
        let text = fc(&[feat(r#"{"ID":1,"v":"x"}"#, SQ), feat(r#"{"ID":2}"#, &half)]);
        let s = AreaSet::from_geojson("a.geojson", &text, "ID").unwrap();
        let errs: Vec<String> = s
            .variable("v")
            .unwrap_err()
            .iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(
            errs[0],
            "a.geojson:2: feature 0 (1): the variable \"v\" is not a number: \"x\""
        );
        assert_eq!(
            errs[1],
            "a.geojson:3: feature 1 (2): the variable \"v\" is missing"
        );
        let o = s.overlaps(1e-9);
        assert_eq!(o.len(), 1);
        assert!(
            o[0].to_string().contains("overlaps feature 0 (1) by 50.0 %"),
            "{}",
            o[0]
        );
    }
}
