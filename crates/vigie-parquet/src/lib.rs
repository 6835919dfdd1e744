//! vigie's national-scale exports: the city's incidents, area indicators, areas and criminal networks' links as
//! partitioned Parquet files that Apache Spark and DataFusion read as they are, with a small `_vigie.json` that
//! says what they hold.
//!
//! A pure library: plain values in, files out. No SQL, no HTTP, no arguments; time and the pseudonymisation
//! secret are parameters, so that the same data and secret give byte-identical Parquet files.
//!
//! ```text
//! OUT/
//!   _vigie.json                                   what, when, schema version, rows, city, pseudonymisation
//!   areas/part-0.parquet                          one row per area
//!   incidents/year=2024/part-0.parquet            one row per incident, by the year of its date
//!   area_indicators/year=2024/part-0.parquet      one row per area, indicator and period, by the period's year
//!   network_links/network_id=3/part-0.parquet     one row per link of a stored network
//! ```
//!
//! Partition columns live in the directory names only (Hive style), as Spark and DataFusion expect. Every column
//! has an explicit physical and logical type ([`schema`]); no column holds free text, a name, a precise place or
//! an identifier of the agencies: incidents and network entities appear under keyed pseudonyms
//! ([`pseudonym`]).

pub mod export;
pub mod pseudonym;
pub mod read;
pub mod schema;
mod write;

pub use export::{DatasetInfo, Export, FileInfo, LinkRow, Manifest, NetworkLinks};
pub use pseudonym::{Secret, SecretOrigin};

/// The version of the files' layout and columns; it changes whenever a column is added, removed or retyped.
pub const SCHEMA_VERSION: u32 = 1;

/// The name of the metadata file written beside the data.
pub const MANIFEST_FILE: &str = "_vigie.json";

/// At most this many rows go into one file; a larger partition is split into `part-0`, `part-1`, …
pub const MAX_ROWS_PER_FILE: usize = 1_000_000;

/// What went wrong.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Parquet {
        path: String,
        #[source]
        source: parquet::errors::ParquetError,
    },
    #[error("{0} is not empty: an export is written into a new or empty folder only")]
    NotEmpty(String),
    #[error("the pseudonymisation secret is too short: at least {min} bytes are needed (got {got})")]
    ShortSecret { min: usize, got: usize },
    #[error("the {dataset} of {partition} were given twice")]
    Repeated {
        dataset: &'static str,
        partition: String,
    },
    #[error("{0}")]
    Invalid(String),
    #[error("cannot write the metadata: {0}")]
    Json(#[from] serde_json::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

pub(crate) fn io_error(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.display().to_string(),
        source,
    }
}

pub(crate) fn parquet_error(
    path: &std::path::Path,
) -> impl FnOnce(parquet::errors::ParquetError) -> Error + '_ {
    move |source| Error::Parquet {
        path: path.display().to_string(),
        source,
    }
}
