//! The columns of each dataset, with their explicit Parquet types. The message types written into the files'
//! footers are made from these lists ([`message_type`]), and the manual (`docs/parquet.md`) lists the same.

use serde::Serialize;

/// The type of a column: its physical type and logical type in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// BYTE_ARRAY, logical STRING (UTF-8).
    String,
    /// INT32, logical DATE (days since 1970-01-01).
    Date,
    /// INT64, logical TIMESTAMP(MICROS, isAdjustedToUTC = true).
    TimestampMicrosUtc,
    /// INT64, logical INTEGER(64, signed).
    Int64,
    /// DOUBLE (no logical type).
    Double,
}

impl Kind {
    /// The type as written in a Parquet message type.
    pub fn parquet(self) -> &'static str {
        match self {
            Kind::String => "binary {} (STRING)",
            Kind::Date => "int32 {} (DATE)",
            Kind::TimestampMicrosUtc => "int64 {} (TIMESTAMP(MICROS, true))",
            Kind::Int64 => "int64 {} (INTEGER(64, true))",
            Kind::Double => "double {}",
        }
    }

    /// The SQL type Spark and DataFusion read it as.
    pub fn sql(self) -> &'static str {
        match self {
            Kind::String => "STRING",
            Kind::Date => "DATE",
            Kind::TimestampMicrosUtc => "TIMESTAMP (UTC, microseconds)",
            Kind::Int64 => "BIGINT",
            Kind::Double => "DOUBLE",
        }
    }
}

/// One column of a dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    /// `false`: the column may be null.
    pub required: bool,
    pub about: &'static str,
}

const fn col(name: &'static str, kind: Kind, required: bool, about: &'static str) -> Column {
    Column {
        name,
        kind,
        required,
        about,
    }
}

/// The datasets of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dataset {
    Areas,
    Incidents,
    AreaIndicators,
    NetworkLinks,
}

impl Dataset {
    pub const ALL: [Dataset; 4] = [
        Dataset::Areas,
        Dataset::Incidents,
        Dataset::AreaIndicators,
        Dataset::NetworkLinks,
    ];

    /// The dataset's folder and the name of its message type.
    pub fn name(self) -> &'static str {
        match self {
            Dataset::Areas => "areas",
            Dataset::Incidents => "incidents",
            Dataset::AreaIndicators => "area_indicators",
            Dataset::NetworkLinks => "network_links",
        }
    }

    /// The Hive partition column (in the folder names only, never in the files), if any.
    pub fn partition(self) -> Option<&'static str> {
        match self {
            Dataset::Areas => None,
            Dataset::Incidents | Dataset::AreaIndicators => Some("year"),
            Dataset::NetworkLinks => Some("network_id"),
        }
    }

    /// The columns stored in the files, in order.
    pub fn columns(self) -> &'static [Column] {
        match self {
            Dataset::Areas => AREAS,
            Dataset::Incidents => INCIDENTS,
            Dataset::AreaIndicators => AREA_INDICATORS,
            Dataset::NetworkLinks => NETWORK_LINKS,
        }
    }
}

const AREAS: &[Column] = &[
    col("city", Kind::String, true, "the city's name"),
    col(
        "country",
        Kind::String,
        true,
        "the city's country, ISO 3166-1 alpha-2",
    ),
    col(
        "area_code",
        Kind::String,
        true,
        "the area's code, as the city names it",
    ),
    col(
        "area_name",
        Kind::String,
        true,
        "the area's (neighbourhood's) name",
    ),
    col("population", Kind::Int64, true, "inhabitants"),
];

const INCIDENTS: &[Column] = &[
    col(
        "incident_id",
        Kind::String,
        true,
        "pseudonym: HMAC-SHA256 of the agency's reference under the export's secret, 32 hex digits",
    ),
    col("city", Kind::String, true, "the city's name"),
    col(
        "area_code",
        Kind::String,
        false,
        "the area the incident lies in; null when outside every area",
    ),
    col(
        "incident_type",
        Kind::String,
        true,
        "the incident type's machine code",
    ),
    col("date", Kind::Date, true, "the day of the incident"),
];

const AREA_INDICATORS: &[Column] = &[
    col("city", Kind::String, true, "the city's name"),
    col("area_code", Kind::String, true, "the area's code"),
    col("indicator_code", Kind::String, true, "the indicator's code"),
    col("period", Kind::String, true, "2024, 2024-Q2 or 2024-03"),
    col("period_kind", Kind::String, true, "year, quarter or month"),
    col("period_start", Kind::Date, true, "the first day of the period"),
    col("value", Kind::Double, true, "the value (always finite)"),
    col(
        "unit",
        Kind::String,
        false,
        "the indicator's unit; null when not defined",
    ),
    col(
        "direction",
        Kind::String,
        false,
        "higher_is_worse or higher_is_better; null when not defined",
    ),
];

const NETWORK_LINKS: &[Column] = &[
    col("city", Kind::String, true, "the city's name"),
    col(
        "network_uploaded_at",
        Kind::TimestampMicrosUtc,
        true,
        "when the analyst uploaded the network",
    ),
    col(
        "source_id",
        Kind::String,
        true,
        "pseudonym of the link's first entity (HMAC-SHA256 of the analyst's id), 32 hex digits",
    ),
    col(
        "source_kind",
        Kind::String,
        true,
        "person, company, premises, phone, vehicle or bank_account",
    ),
    col(
        "target_id",
        Kind::String,
        true,
        "pseudonym of the link's second entity",
    ),
    col("target_kind", Kind::String, true, "the second entity's kind"),
    col(
        "link_kind",
        Kind::String,
        true,
        "what the link records (call, ownership, …)",
    ),
    col("weight", Kind::Double, true, "tie strength (> 0)"),
    col("link_date", Kind::Date, false, "the link's date, when known"),
];

/// The Parquet message type of a dataset, as written in the footers.
pub fn message_type(dataset: Dataset) -> String {
    let mut s = format!("message {} {{\n", dataset.name());
    for c in dataset.columns() {
        let repetition = if c.required { "required" } else { "optional" };
        s.push_str(&format!(
            "  {repetition} {};\n",
            c.kind.parquet().replace("{}", c.name)
        ));
    }
    s.push('}');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_type_parses() {
        for d in Dataset::ALL {
            let t = parquet::schema::parser::parse_message_type(&message_type(d)).unwrap();
            assert_eq!(t.get_fields().len(), d.columns().len(), "{}", d.name());
        }
    }

    #[test]
    fn partition_columns_are_not_in_the_files() {
        for d in Dataset::ALL {
            if let Some(p) = d.partition() {
                assert!(d.columns().iter().all(|c| c.name != p), "{}", d.name());
            }
        }
    }
}
