//! Normalisation of identifying fields (being written).
