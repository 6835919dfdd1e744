//! vigie-network's integration tests: the real networks of `tests/fixtures` against reference values computed by
//! NetworkX and igraph (stored under `tests/fixtures/reference/` with the script that made them).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod centrality;
mod fixtures;
mod leiden;
