//! The records vigie stores in this version: city, areas, indicators, incidents, agencies, users.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::codes::{AgencyCode, AreaCode, CountryCode, IncidentId, IndicatorCode, Username};
use crate::geometry::{Boundary, LonLat};
use crate::period::Period;
use crate::vocab::{AgencyKind, Direction, IncidentType, Role};

/// The city this instance serves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct City {
    pub name: String,
    pub country: CountryCode,
}

/// A number of inhabitants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Population(u32);

impl Population {
    pub fn new(n: u32) -> Self {
        Self(n)
    }
    pub fn get(self) -> u32 {
        self.0
    }
}

/// An area (neighbourhood) with its boundary and population.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    pub code: AreaCode,
    pub name: String,
    pub population: Population,
    pub boundary: Boundary,
}

/// The definition of an indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorDef {
    pub code: IndicatorCode,
    pub name: String,
    pub unit: String,
    pub direction: Direction,
    pub source: String,
}

/// One value of an indicator for one area and period. The value is always finite.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorValue {
    pub area: AreaCode,
    pub indicator: IndicatorCode,
    pub period: Period,
    value: f64,
}

impl IndicatorValue {
    /// `None` when the value is not a finite number. `-0` is stored as `0` (databases do not keep the sign of zero).
    pub fn new(area: AreaCode, indicator: IndicatorCode, period: Period, value: f64) -> Option<Self> {
        let value = if value == 0.0 { 0.0 } else { value };
        value.is_finite().then_some(Self {
            area,
            indicator,
            period,
            value,
        })
    }
    pub fn value(&self) -> f64 {
        self.value
    }
}

/// An incident: something that happened at a place and date. Incidents describe places, never persons.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Incident {
    pub id: IncidentId,
    pub kind: IncidentType,
    pub date: Date,
    pub location: LonLat,
    pub area: Option<AreaCode>,
}

/// A partner organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agency {
    pub code: AgencyCode,
    pub name: String,
    pub kind: AgencyKind,
}

/// A user account (without its password hash, which only the store and the login handler see).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct User {
    pub username: Username,
    pub role: Role,
    pub agency: Option<AgencyCode>,
    pub active: bool,
}

/// The area that contains a point. A point on a border shared by several areas goes to the one whose code sorts
/// first, so that assignment is deterministic and each incident is counted once.
pub fn locate(areas: &[Area], p: LonLat) -> Option<&AreaCode> {
    areas
        .iter()
        .filter(|a| {
            a.boundary.bounding_rect().is_some_and(|r| {
                r.min().x <= p.lon() && p.lon() <= r.max().x && r.min().y <= p.lat() && p.lat() <= r.max().y
            }) && a.boundary.contains(p)
        })
        .map(|a| &a.code)
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(code: &str, x0: f64, y0: f64) -> Area {
        Area {
            code: AreaCode::parse(code).unwrap(),
            name: code.into(),
            population: Population::new(100),
            boundary: Boundary::from_rings(&[vec![
                (x0, y0),
                (x0 + 1.0, y0),
                (x0 + 1.0, y0 + 1.0),
                (x0, y0 + 1.0),
                (x0, y0),
            ]])
            .unwrap(),
        }
    }

    #[test]
    fn locate_is_deterministic_on_shared_borders() {
        let areas = vec![square("B", 1.0, 0.0), square("A", 0.0, 0.0)];
        let inside_b = LonLat::new(1.5, 0.5).unwrap();
        let border = LonLat::new(1.0, 0.5).unwrap();
        let outside = LonLat::new(5.0, 5.0).unwrap();
        assert_eq!(locate(&areas, inside_b).map(|c| c.as_str()), Some("B"));
        assert_eq!(locate(&areas, border).map(|c| c.as_str()), Some("A"));
        assert_eq!(locate(&areas, outside), None);
    }

    #[test]
    fn indicator_values_are_finite() {
        let a = AreaCode::parse("A").unwrap();
        let i = IndicatorCode::parse("x").unwrap();
        assert!(IndicatorValue::new(a.clone(), i.clone(), Period::Year(2024), f64::NAN).is_none());
        assert!(IndicatorValue::new(a.clone(), i.clone(), Period::Year(2024), 1.5).is_some());
        let zero = IndicatorValue::new(a, i, Period::Year(2024), -0.0).unwrap();
        assert!(zero.value().is_sign_positive());
    }
}
