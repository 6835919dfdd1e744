//! What can go wrong: bad input (each error names the source, the line and the field), impossible options, and
//! models that cannot be estimated.

/// Every error of the crate.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// The CSV reader itself failed (bad UTF-8, I/O).
    #[error("{source_name}, line {line}: cannot read the CSV: {message}")]
    Csv {
        source_name: String,
        line: u64,
        message: String,
    },
    /// The input has no header line at all.
    #[error("{source_name}: empty input, expected a header of list names followed by `count`")]
    EmptyInput { source_name: String },
    /// The header has no `count` column, or it is not the last one.
    #[error("{source_name}, line {line}: {message}")]
    Header {
        source_name: String,
        line: u64,
        message: String,
    },
    /// Fewer than two lists (in the header, or after tidying).
    #[error("{context}: {found} list(s), multiple systems estimation needs at least two")]
    TooFewLists { context: String, found: usize },
    /// More than [`crate::MAX_LISTS`] lists.
    #[error("{context}: {found} lists, at most {max} are supported")]
    TooManyLists {
        context: String,
        found: usize,
        max: usize,
    },
    /// A row with a different number of fields from the header.
    #[error("{source_name}, line {line}: {found} field(s), the header has {expected}")]
    Ragged {
        source_name: String,
        line: u64,
        expected: usize,
        found: usize,
    },
    /// A list cell that is not 0 or 1.
    #[error("{source_name}, line {line}, column `{field}`: `{value}` is not 0 or 1")]
    NonBinary {
        source_name: String,
        line: u64,
        field: String,
        value: String,
    },
    /// A count that is negative, fractional or not a number.
    #[error("{source_name}, line {line}, column `count`: `{value}` {reason}")]
    BadCount {
        source_name: String,
        line: u64,
        value: String,
        reason: String,
    },
    /// A row whose pattern has no list: people on no list cannot be observed.
    #[error(
        "{source_name}, line {line}: the pattern has no list (all zeros); people on no list are what is \
         estimated and cannot be counted"
    )]
    AllZeroRow { source_name: String, line: u64 },
    /// A row with a pattern of the wrong length (programmatic construction).
    #[error("{context}: a pattern has {found} entries, the table has {expected} lists")]
    PatternLength {
        context: String,
        expected: usize,
        found: usize,
    },
    /// A pattern with no list, given programmatically.
    #[error("{0}")]
    InvalidPattern(String),
    /// A list name that is empty or repeated.
    #[error("{context}: {message}")]
    ListName { context: String, message: String },
    /// Nobody is observed.
    #[error("the table has no observed person")]
    NoObservations,
    /// An option out of its range.
    #[error("invalid option: {0}")]
    InvalidOption(String),
    /// A model term that names a list the table does not have, or is not an interaction.
    #[error("invalid model: {0}")]
    InvalidModel(String),
    /// The BIC search is not offered for this many lists.
    #[error("the BIC search over hierarchical models is offered for at most 6 lists, the table has {0}")]
    BicTooManyLists(usize),
    /// The chosen model cannot be estimated on these data.
    #[error("no estimate: {0}")]
    NoEstimate(String),
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
