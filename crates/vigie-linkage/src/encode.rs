//! Encoding records into Bloom filters (being written).
