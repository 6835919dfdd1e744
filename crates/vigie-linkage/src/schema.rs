//! Linkage schemas (being written).
