//! vigie-spatial: spatial weights and spatial statistics for the areas of a city.
//!
//! A pure library: data in, results out, deterministic for a given seed. Nothing here knows the store, HTTP or
//! the command line.
//!
//! - [`input`]: areas from a GeoJSON FeatureCollection (planar or WGS84 coordinates), with an id field and numeric
//!   variables, validated with errors naming the feature.
//! - [`weights`]: sparse spatial weights: queen and rook contiguity with a snapping tolerance, k-nearest
//!   neighbours on centroids, distance band; binary or row-standardised; GeoDa GAL files ([`gal`]).
//! - [`density`]: kernel density of incident points on a grid (quartic kernel, metres).
//! - [`locate`]: which area contains each incident, through an R-tree.
//! - [`stats`]: global Moran's I (normality and randomisation moments, permutation pseudo p-value), local Moran's I
//!   (LISA) with conditional permutation inference and quadrants, Getis-Ord Gi*, and the false discovery rate.
//!
//! Conventions: local Moran `I_i = n·z_i·Σ_j w_ij z_j / Σ_k z_k²` (spdep's `localmoran`; esda and GeoDa scale by
//! `n − 1` instead, a factor `(n−1)/n` smaller), so that `Σ_i I_i / S0 = I` and PySAL for pseudo p-values (`(M+1)/(R+1)`, folded to be two-sided). Permutations are
//! seeded and run in parallel; each area (or each global permutation) draws from its own random stream, so the
//! results do not depend on the number of threads.

pub mod density;
pub mod gal;
pub mod input;
pub mod locate;
pub mod stats;
pub mod weights;

pub use density::{DensityGrid, kernel_density};
pub use input::{AreaSet, InputError};
pub use locate::AreaIndex;
pub use stats::{
    GiStar, LocalMoran, MoranGlobal, Quadrant, StatsError, fdr_threshold, gi_star, local_moran, moran,
};
pub use weights::{Transform, Weights, WeightsError};
