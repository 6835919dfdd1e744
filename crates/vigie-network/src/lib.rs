//! Link analysis of criminal networks for an integral, administrative response: the structure of recorded links
//! between pseudonymous persons, companies, premises, phones, vehicles and bank accounts — components, communities
//! (Leiden), centrality and brokerage, links abroad, and the facilitating businesses and places where a city has
//! levers. Descriptive, never predictive: nothing here scores a person's likelihood to offend.
//!
//! Pure library: data in, results out, deterministic given the seed.

pub mod analysis;
pub mod centrality;
pub mod error;
pub mod graph;
pub mod input;
pub mod layout;
pub mod leiden;
pub mod report;
pub mod resolve;
pub mod structure;

pub use error::{Error, Problem, Result};
pub use graph::Graph;
pub use input::{Entity, EntityKind, Link, LinkKind, Network};
pub use report::{Options, Report, analyse};
