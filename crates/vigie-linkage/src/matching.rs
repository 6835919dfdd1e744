//! Matching (being written).
