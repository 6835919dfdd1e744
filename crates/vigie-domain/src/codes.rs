//! Identifiers and short codes, each a newtype that can only hold a valid value.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("must not be empty")]
    Empty,
    #[error("must be at most {max} characters long (got {got})")]
    TooLong { max: usize, got: usize },
    #[error("must be at least {min} characters long (got {got})")]
    TooShort { min: usize, got: usize },
    #[error("may contain only {allowed}; found {found:?}")]
    BadChar { allowed: &'static str, found: char },
}

fn check(
    raw: &str,
    min: usize,
    max: usize,
    allowed: &'static str,
    ok: impl Fn(char) -> bool,
) -> Result<String, CodeError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(CodeError::Empty);
    }
    let n = s.chars().count();
    if n > max {
        return Err(CodeError::TooLong { max, got: n });
    }
    if n < min {
        return Err(CodeError::TooShort { min, got: n });
    }
    if let Some(found) = s.chars().find(|c| !ok(*c)) {
        return Err(CodeError::BadChar { allowed, found });
    }
    Ok(s.to_owned())
}

macro_rules! code_type {
    ($(#[$doc:meta])* $name:ident, $min:expr, $max:expr, $allowed:expr, $ok:expr, $norm:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Parses and validates a code (surrounding white space is ignored).
            pub fn parse(raw: &str) -> Result<Self, CodeError> {
                let norm: fn(String) -> String = $norm;
                check(raw, $min, $max, $allowed, $ok).map(|s| Self(norm(s)))
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = CodeError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

fn id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

const ID_CHARS: &str = "letters A-Z, digits, '-', '_' and '.'";

code_type!(
    /// The code of an area (neighbourhood), as the city's own data names it: `"N07"`, `"75056-IRIS-1203"`.
    AreaCode, 1, 64, ID_CHARS, id_char, |s| s
);
code_type!(
    /// The code of an indicator: lower case, e.g. `unemployment_rate`.
    IndicatorCode, 1, 64, "lower-case letters, digits and '_'",
    |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_', |s| s
);
code_type!(
    /// The identifier of an incident in the source agency's records.
    IncidentId, 1, 128, ID_CHARS, id_char, |s| s
);
code_type!(
    /// The code of a partner agency: `police`, `ngo-lumiere`.
    AgencyCode, 1, 64, ID_CHARS, id_char, |s| s
);
code_type!(
    /// A login name: 3 to 32 lower-case letters, digits, '.', '_' or '-'.
    Username, 3, 32, "lower-case letters, digits, '.', '_' and '-'",
    |c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'), |s| s
);
code_type!(
    /// An ISO 3166-1 alpha-2 country code, stored in upper case: `FR`, `NG`.
    CountryCode, 2, 2, "two letters (ISO 3166-1 alpha-2)",
    |c| c.is_ascii_alphabetic(), |s| s.to_ascii_uppercase()
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_checked() {
        assert!(AreaCode::parse("N07").is_ok());
        assert_eq!(AreaCode::parse("  N07 ").map(|c| c.to_string()), Ok("N07".into()));
        assert_eq!(AreaCode::parse(""), Err(CodeError::Empty));
        assert!(matches!(
            AreaCode::parse("a b"),
            Err(CodeError::BadChar { found: ' ', .. })
        ));
        assert!(IndicatorCode::parse("Unemployment").is_err());
        assert!(Username::parse("ab").is_err());
        assert!(Username::parse("Admin").is_err());
        assert_eq!(CountryCode::parse("fr").map(|c| c.to_string()), Ok("FR".into()));
        assert!(CountryCode::parse("FRA").is_err());
    }

    #[test]
    fn deserialising_validates() {
        let ok: Result<AreaCode, _> = serde_json::from_str("\"N1\"");
        assert!(ok.is_ok());
        let bad: Result<AreaCode, _> = serde_json::from_str("\"N 1\"");
        assert!(bad.is_err());
    }
}
