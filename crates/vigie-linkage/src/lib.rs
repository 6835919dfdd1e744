//! Privacy-preserving record linkage: count people once across agencies and cities without handing names over.
//!
//! Each agency encodes the identifying fields of its records **at the source** into Bloom filters ("cryptographic
//! long-term keys", Schnell, Bachteler and Reiher 2009) with a secret shared by the partners ([`schema`],
//! [`normalise`], [`encode`]); the encodings are then linked ([`clk`], [`matching`]) and the result measured
//! ([`evaluate`]). Pure library: data in, results out, deterministic.

pub mod clk;
pub mod encode;
pub mod evaluate;
mod keyed;
pub mod matching;
pub mod normalise;
pub mod schema;
#[allow(unsafe_code)]
pub mod simd;

pub use clk::{Clk, ClkError, EncodedRecord, read_encodings};
