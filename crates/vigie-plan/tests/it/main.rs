#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Integration tests of vigie-plan: the demo city's planted effects are recovered.

mod demo;
mod suggest;
