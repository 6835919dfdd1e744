//! Linkage quality (being written).
