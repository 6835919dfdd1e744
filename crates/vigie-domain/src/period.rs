//! Reporting periods of indicator values: a year (`2024`), a quarter (`2024-Q2`) or a month (`2024-03`).

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a period; write a year (2024), a quarter (2024-Q2) or a month (2024-03)")]
pub struct PeriodError(pub String);

/// A reporting period. Periods order by their start, then by length (a year before its first quarter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Year(i32),
    Quarter(i32, u8),
    Month(i32, u8),
}

const MIN_YEAR: i32 = 1900;
const MAX_YEAR: i32 = 2200;

impl Period {
    pub fn parse(raw: &str) -> Result<Self, PeriodError> {
        let err = || PeriodError(raw.to_owned());
        let s = raw.trim();
        let year = |y: &str| -> Result<i32, PeriodError> {
            if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err());
            }
            let v: i32 = y.parse().map_err(|_| err())?;
            if (MIN_YEAR..=MAX_YEAR).contains(&v) {
                Ok(v)
            } else {
                Err(err())
            }
        };
        match s.split_once('-') {
            None => Ok(Period::Year(year(s)?)),
            Some((y, rest)) => {
                let y = year(y)?;
                if let Some(q) = rest.strip_prefix(['Q', 'q']) {
                    match q {
                        "1" | "2" | "3" | "4" => Ok(Period::Quarter(y, q.parse().map_err(|_| err())?)),
                        _ => Err(err()),
                    }
                } else if rest.len() == 2 && rest.bytes().all(|b| b.is_ascii_digit()) {
                    let m: u8 = rest.parse().map_err(|_| err())?;
                    if (1..=12).contains(&m) {
                        Ok(Period::Month(y, m))
                    } else {
                        Err(err())
                    }
                } else {
                    Err(err())
                }
            }
        }
    }

    /// The first month of the period (1 to 12).
    fn first_month(self) -> u8 {
        match self {
            Period::Year(_) => 1,
            Period::Quarter(_, q) => (q - 1) * 3 + 1,
            Period::Month(_, m) => m,
        }
    }

    pub fn year(self) -> i32 {
        match self {
            Period::Year(y) | Period::Quarter(y, _) | Period::Month(y, _) => y,
        }
    }

    fn length_rank(self) -> u8 {
        match self {
            Period::Year(_) => 0,
            Period::Quarter(..) => 1,
            Period::Month(..) => 2,
        }
    }
}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.year(), self.first_month(), self.length_rank()).cmp(&(
            other.year(),
            other.first_month(),
            other.length_rank(),
        ))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y:04}"),
            Period::Quarter(y, q) => write!(f, "{y:04}-Q{q}"),
            Period::Month(y, m) => write!(f, "{y:04}-{m:02}"),
        }
    }
}

impl std::str::FromStr for Period {
    type Err = PeriodError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_the_three_forms() {
        assert_eq!(Period::parse("2024"), Ok(Period::Year(2024)));
        assert_eq!(Period::parse("2024-q2"), Ok(Period::Quarter(2024, 2)));
        assert_eq!(Period::parse("2024-03"), Ok(Period::Month(2024, 3)));
        for bad in [
            "", "24", "2024-13", "2024-Q5", "2024-3", "abcd", "2024-", "20240", "1800",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn orders_by_start_then_length() {
        let mut v = vec![
            Period::Month(2024, 4),
            Period::Quarter(2024, 2),
            Period::Year(2024),
            Period::Year(2023),
        ];
        v.sort();
        assert_eq!(
            v,
            vec![
                Period::Year(2023),
                Period::Year(2024),
                Period::Quarter(2024, 2),
                Period::Month(2024, 4)
            ]
        );
    }

    proptest! {
        #[test]
        fn display_round_trips(y in 1900i32..=2200, q in 1u8..=4, m in 1u8..=12, kind in 0u8..3) {
            let p = match kind { 0 => Period::Year(y), 1 => Period::Quarter(y, q), _ => Period::Month(y, m) };
            prop_assert_eq!(Period::parse(&p.to_string()), Ok(p));
        }

        #[test]
        fn never_panics(s in ".{0,12}") {
            let _ = Period::parse(&s);
        }
    }
}
