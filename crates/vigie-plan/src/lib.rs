//! The local action plan's evaluation: did a measure change the incidents it was meant to reduce, in the areas
//! where it worked? A pure library: measures, areas and incidents in, evaluations out; deterministic.
//!
//! See [`evaluate`] for the method (difference in differences against similar untreated areas, with the checks
//! that say when the comparison is weak).

pub mod evaluate;
pub mod suggest;

pub use evaluate::{Conclusion, Evaluation, Options, Panel, PanelArea, Warning, evaluate_plan, panel};
