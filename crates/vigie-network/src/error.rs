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
    /// An option out of its range.
    #[error("invalid option: {0}")]
    InvalidOption(String),
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
