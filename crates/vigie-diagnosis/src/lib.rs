//! vigie-diagnosis: the statistics of the local diagnosis, as a pure library (data in, results out, seeded).
//!
//! - [`report`]: the whole diagnosis of a city, assembled from its stored data, for the report.
//! - [`rates`]: incidents per 1,000 inhabitants and their empirical Bayes smoothing for small populations.
//! - [`trend`]: the Mann-Kendall test of a monotonic trend (exact for short series) with Sen's slope.
//! - [`emerging`]: emerging hot spots: areas whose Gi* is significant in the latest period and rising.
//! - [`index`]: the composite exclusion index after the OECD/JRC Handbook on Constructing Composite Indicators
//!   (2008): coverage rules, outlier treatment, normalisation, weights, aggregation, and a Monte Carlo
//!   uncertainty analysis giving each area a median rank and a 5–95 % rank interval.

pub mod emerging;
pub mod index;
pub mod rates;
pub mod report;
pub mod trend;

/// What is wrong with the input of a diagnosis.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DiagnosisError {
    #[error("{0} counts were given for {1} populations")]
    Length(usize, usize),
    #[error("area {0} has a negative or non-finite count or population")]
    BadValue(usize),
    #[error("the areas have no inhabitants in all")]
    NoPopulation,
    #[error("indicator {name:?} covers {coverage:.0} % of the areas; at least {min:.0} % is needed")]
    Coverage { name: String, coverage: f64, min: f64 },
    #[error("{0}")]
    Input(String),
}
