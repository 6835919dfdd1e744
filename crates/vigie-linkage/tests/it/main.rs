#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Integration tests of vigie-linkage.
mod encode;
