//! What can go wrong: bad input (each error names the source, the line and the field) and impossible options.

/// Every error of the crate.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// An edge names a node index that the graph does not have (programmatic construction).
    #[error("edge {index}: node {node} is out of range (the graph has {nodes} nodes)")]
    NodeOutOfRange { index: usize, node: u32, nodes: usize },
    /// An edge from a node to itself (programmatic construction).
    #[error("edge {index}: a self-loop on node {node}")]
    SelfLoop { index: usize, node: u32 },
    /// A weight that is negative, zero or not finite (programmatic construction).
    #[error("edge {index}: weight {weight} is not a positive finite number")]
    BadWeight { index: usize, weight: f64 },
    /// Bad input files: every problem found (up to a limit), each naming the file, the line and the field.
    #[error("{}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Input { problems: Vec<Problem> },
    /// An option out of its range.
    #[error("invalid option: {0}")]
    InvalidOption(String),
}

/// One problem of an input file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The file (as the caller named it).
    pub source: String,
    /// The line, counting the header as line 1 (0 when the problem is the file as a whole).
    pub line: u64,
    /// The column, when the problem is in one field.
    pub field: Option<String>,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, &self.field) {
            (0, _) => write!(f, "{}: {}", self.source, self.reason),
            (line, None) => write!(f, "{}, line {line}: {}", self.source, self.reason),
            (line, Some(field)) => write!(
                f,
                "{}, line {line}, field `{field}`: {}",
                self.source, self.reason
            ),
        }
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
