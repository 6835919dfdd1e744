//! Structured warnings and notes: a stable machine-readable `code`, a severity and an English message.

use serde::{Deserialize, Serialize};

/// How much a [`Warning`] matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Information the reader needs to read the result correctly (always-present notes, tidying).
    Note,
    /// Something that weakens the result.
    Warning,
}

/// A warning or note. `code` is stable (see the constants in [`codes`]); `message` is English prose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub code: String,
    pub severity: Severity,
    pub message: String,
}

impl Warning {
    pub(crate) fn note(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            severity: Severity::Note,
            message: message.into(),
        }
    }

    pub(crate) fn warn(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            severity: Severity::Warning,
            message: message.into(),
        }
    }
}

/// The stable codes.
pub mod codes {
    /// Always present: what the estimate counts.
    pub const SCOPE: &str = "scope";
    /// Rows with the same pattern were added up.
    pub const DUPLICATES_SUMMED: &str = "duplicates_summed";
    /// A list with nobody on it was dropped.
    pub const LIST_EMPTY: &str = "list_dropped_empty";
    /// A list identical to another was dropped.
    pub const LIST_DUPLICATE: &str = "list_dropped_duplicate";
    /// A list with every observed person on it was dropped.
    pub const LIST_EVERYONE: &str = "list_dropped_contains_everyone";
    /// Two lists have nobody in common.
    pub const NO_OVERLAP: &str = "lists_never_overlap";
    /// Most cells of the table are empty.
    pub const SPARSE: &str = "sparse_table";
    /// Leaving one cell out changes the estimate a lot.
    pub const INFLUENTIAL_CELL: &str = "influential_cell";
    /// Some candidate models have no maximum likelihood estimate (or it is not identifiable).
    pub const NO_MLE: &str = "estimate_does_not_exist";
    /// The chosen model does not fit: heterogeneity not captured by its terms.
    pub const POOR_FIT: &str = "poor_fit";
    /// The stepwise result depends on the threshold.
    pub const THRESHOLD: &str = "threshold_sensitivity";
    /// Bootstrap or jackknife replicates where no model could be fitted.
    pub const FAILED_REPLICATES: &str = "failed_replicates";
    /// The iterative fit did not converge.
    pub const NOT_CONVERGED: &str = "not_converged";
    /// The bootstrap distribution lies entirely on one side of the estimate.
    pub const BCA_DEGENERATE: &str = "bca_degenerate";
    /// The bootstrap distribution sits mostly on one side of the estimate (unstable model choice).
    pub const BCA_UNSTABLE: &str = "bca_unstable";
    /// The bootstrap interval could not be formed; the log-normal interval is given instead.
    pub const BOOTSTRAP_UNAVAILABLE: &str = "bootstrap_unavailable";
    /// The hidden count is much larger than the observed count.
    pub const LARGE_HIDDEN: &str = "large_hidden_count";
}
