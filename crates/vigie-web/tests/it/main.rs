//! Integration tests of the web application: one binary, an in-process server on a random port per test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod browser;
mod browser_cases;
mod browser_public;
mod cases;
mod coe;
mod content;
mod estimate;
mod exchange;
mod helpers;
mod http;
mod networks;
mod open_api;
mod plan;
mod public;
mod security;
