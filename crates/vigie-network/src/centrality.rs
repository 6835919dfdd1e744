//! Centrality and brokerage: degree and strength; shortest-path betweenness (Brandes 2001), exact or estimated from
//! a sample of source nodes with an error bound; Burt's constraint and effective size. These describe a position in
//! the recorded network (who sits on the routes between others, whose contacts are not connected to each other);
//! they say nothing about whether a person will offend, and are never a score of a person.
//!
//! # Betweenness
//!
//! The betweenness of `v` sums, over the unordered pairs `{s, t}` of other nodes joined by a path, the fraction of
//! the shortest `s`–`t` paths that pass through `v` (endpoints not counted: NetworkX's `endpoints=False`).
//! [`betweenness_raw`] gives that sum (NetworkX `normalized=False`, igraph's `betweenness(directed=False)`);
//! [`betweenness`] divides it by the number of pairs of other nodes, `(n − 1)(n − 2) / 2`, so that values lie in
//! `[0, 1]` (NetworkX `normalized=True`; with `n ≤ 2` every value is 0). The length of a path is its number of
//! edges ([`Distance::Hops`], breadth-first search) or the sum of `1 / weight` over its edges
//! ([`Distance::InverseWeight`] and [`Distance::InverseWeightExactTies`], Dijkstra): a strong tie is a short
//! distance.
//!
//! Sources are processed in parallel (rayon) in fixed groups whose partial sums are added in a fixed order, so the
//! values are the same to the bit whatever the number of threads.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::graph::Graph;

/// The number of neighbours of each node.
pub fn degree(graph: &Graph) -> Vec<usize> {
    (0..graph.node_count()).map(|v| graph.degree(v as u32)).collect()
}

/// The sum of the weights (tie strengths) of the edges of each node.
pub fn strength(graph: &Graph) -> Vec<f64> {
    (0..graph.node_count())
        .map(|v| graph.strength(v as u32))
        .collect()
}

/// The length of a path, for betweenness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Distance {
    /// The number of edges (breadth-first search); weights are ignored.
    #[default]
    Hops,
    /// The sum of `1 / weight` over the edges (Dijkstra). Two paths are equally short when their lengths differ by
    /// at most [`TIE_TOLERANCE`] relatively, as in igraph: a path of weights 1, 10, 10 (`1 + 0.1 + 0.1`) and one
    /// of weights 5, 1 (`0.2 + 1`) are equally short, although the first sum is 1.2000000000000002 in floating
    /// point and the second 1.2.
    InverseWeight,
    /// The sum of `1 / weight`, with ties only when the floating-point sums are exactly equal, as NetworkX
    /// (`betweenness_centrality(G, weight=...)` with the distance `1 / weight`) — to reproduce NetworkX's values.
    /// Which of two paths of the same real length is "shorter" then depends on rounding.
    InverseWeightExactTies,
}

/// The relative tolerance under which two path lengths are equal for [`Distance::InverseWeight`] (igraph uses
/// `1e-10` too).
pub const TIE_TOLERANCE: f64 = 1e-10;

/// Normalised betweenness of every node (NetworkX `betweenness_centrality(G, normalized=True)`): the raw value
/// divided by `(n − 1)(n − 2) / 2`, in `[0, 1]`; all 0 when `n ≤ 2`. Exact: one search from every node, O(n·m)
/// with [`Distance::Hops`], O(n·m·log n) with the weighted distances.
pub fn betweenness(graph: &Graph, distance: Distance) -> Vec<f64> {
    let n = graph.node_count();
    let sources: Vec<u32> = (0..n as u32).collect();
    let (sums, _) = dependency_sums(graph, distance, false, &sources, false);
    if n <= 2 {
        return sums;
    }
    let scale = 1.0 / ((n - 1) as f64 * (n - 2) as f64);
    sums.into_iter().map(|s| s * scale).collect()
}

/// Raw betweenness of every node: over the unordered pairs `{s, t}` of other nodes, the sum of the fraction of
/// shortest `s`–`t` paths through the node (NetworkX `normalized=False`; igraph `betweenness(directed=False)`).
pub fn betweenness_raw(graph: &Graph, distance: Distance) -> Vec<f64> {
    let n = graph.node_count();
    let sources: Vec<u32> = (0..n as u32).collect();
    let (sums, _) = dependency_sums(graph, distance, false, &sources, false);
    sums.into_iter().map(|s| s * 0.5).collect()
}

/// The default probability that [`Sampled::error_bound`] fails.
pub const BOUND_FAILURE_PROBABILITY: f64 = 0.05;

/// How sampled betweenness turns the dependencies of the sampled sources ("pivots") into estimates. Both are
/// unbiased and give the exact values when every node is a pivot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Estimator {
    /// Linear scaling (Geisberger, Sanders & Schultes 2008, "Better approximation of betweenness centrality"):
    /// a pivot `s` credits `v`, for each target `t`, with the fraction of shortest `s`–`t` paths through `v` times
    /// `d(s, v) / d(s, t)`. Counted from both ends, a pair's credits add up to 1, so the sum over all sources is the
    /// raw betweenness; the estimate is that sum over the pivots times `n / k`. A pivot next to `v` no longer
    /// credits `v` with almost all of its routes, which is what makes plain source sampling overestimate the
    /// nodes near the pivots and noisy on hubs. On the Barabási–Albert graphs of bench/network it needs about a
    /// third to a quarter as many pivots as [`Estimator::Sources`] for the same error on the top nodes.
    #[default]
    LinearScaling,
    /// NetworkX's `betweenness_centrality(G, k=...)` (with `endpoints=False`, since NetworkX 3.5): the estimate
    /// of `v` is the mean of `δ_s(v)` over the pivots other than `v`, scaled to the `n − 1` possible sources (so by
    /// `(n − 1) / k`, or `(n − 1) / (k − 1)` when `v` is a pivot; older NetworkX scaled every node by `n / k`).
    /// The Brandes & Pich (2007) estimator.
    Sources,
}

/// Betweenness estimated from a sample of source nodes ("pivots"), with how far it may be.
///
/// The pivots are drawn uniformly without replacement. For a node `v` let `X_s(v)` be the contribution of source
/// `s`, divided by `n − 2` so that it lies in `[0, 1]`: the dependency `δ_s(v)` (the sum over targets `t` of the
/// fraction of shortest `s`–`t` paths through `v`) with [`Estimator::Sources`], or its linearly scaled version
/// with [`Estimator::LinearScaling`]. The exact normalised betweenness is a fixed multiple of the mean of `X_s(v)`
/// over all the possible sources; the estimate is the same multiple of its mean over the pivots.
#[derive(Debug, Clone, PartialEq)]
pub struct Sampled {
    /// Estimated normalised betweenness (the scale of [`betweenness`]).
    pub values: Vec<f64>,
    /// Estimated raw betweenness (the scale of [`betweenness_raw`]): `values × (n − 1)(n − 2) / 2`.
    pub raw: Vec<f64>,
    /// Estimated standard error of each value (normalised scale): from the sample standard deviation of the
    /// pivots' contributions to the node, with the finite-population correction (0 when every possible source is
    /// a pivot). An estimate from the sample itself — too small when the few sources that weigh most for a node
    /// were all missed — not a guarantee. NaN for a node estimated from a single pivot ([`Estimator::Sources`]
    /// with 2 pivots, one of them the node).
    pub standard_errors: Vec<f64>,
    /// The sampled source nodes, ascending.
    pub pivots: Vec<u32>,
    /// The estimator used.
    pub estimator: Estimator,
    /// A bound that holds, for every node at once, with probability at least `1 − failure_probability`:
    /// `|values[v] − exact[v]| ≤ error_bound` (normalised scale, additive: multiply by `(n − 1)(n − 2) / 2` for
    /// the raw scale). From Serfling's (1974) inequality for sampling without replacement (Hoeffding's with a
    /// finite-population factor) on contributions in `[0, 1]`, and a union bound over the `n` nodes: see
    /// [`sampling_error_bound`]. It depends only on `n`, the number of pivots, the estimator and the failure
    /// probability, not on the graph: a worst case, usually far larger than the actual error of the largest values
    /// (which the benchmark measures), and it says nothing about a relative error.
    pub error_bound: f64,
    /// The probability that `error_bound` fails ([`BOUND_FAILURE_PROBABILITY`]).
    pub failure_probability: f64,
}

/// Betweenness estimated from `pivots` source nodes drawn uniformly without replacement with `seed` (ChaCha8),
/// with the default [`Estimator::LinearScaling`]: see [`Sampled`]. Errors unless `2 ≤ pivots ≤ n`. With
/// `pivots = n` the values are the exact ones (to rounding).
pub fn betweenness_sampled(graph: &Graph, distance: Distance, pivots: usize, seed: u64) -> Result<Sampled> {
    betweenness_sampled_with(graph, distance, pivots, seed, Estimator::default())
}

/// [`betweenness_sampled`] with the estimator of your choice ([`Estimator::Sources`] reproduces NetworkX's `k=`
/// rule, with other pivots than NetworkX draws).
pub fn betweenness_sampled_with(
    graph: &Graph,
    distance: Distance,
    pivots: usize,
    seed: u64,
    estimator: Estimator,
) -> Result<Sampled> {
    let n = graph.node_count();
    if pivots < 2 || pivots > n {
        return Err(Error::InvalidOption(format!(
            "sampled betweenness needs between 2 and n = {n} pivots, not {pivots}"
        )));
    }
    // Partial Fisher–Yates shuffle: the first `pivots` entries are a uniform sample without replacement.
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut nodes: Vec<u32> = (0..n as u32).collect();
    for i in 0..pivots {
        let j = rng.random_range(i..n);
        nodes.swap(i, j);
    }
    nodes.truncate(pivots);
    nodes.sort_unstable();
    let chosen = nodes;

    let failure_probability = BOUND_FAILURE_PROBABILITY;
    if n <= 2 {
        return Ok(Sampled {
            values: vec![0.0; n],
            raw: vec![0.0; n],
            standard_errors: vec![0.0; n],
            pivots: chosen,
            estimator,
            error_bound: 0.0,
            failure_probability,
        });
    }
    let linear = estimator == Estimator::LinearScaling;
    let (sums, squares) = dependency_sums(graph, distance, linear, &chosen, true);
    let mut is_pivot = vec![false; n];
    for &p in &chosen {
        is_pivot[p as usize] = true;
    }
    let pairs = (n - 1) as f64 * (n - 2) as f64 / 2.0;
    let mut values = Vec::with_capacity(n);
    let mut raw = Vec::with_capacity(n);
    let mut standard_errors = Vec::with_capacity(n);
    for v in 0..n {
        // Sources: v's own dependency is not defined, so v's population is the n − 1 other nodes and its sample the
        // pivots other than v. Linear scaling: every node is a possible source (v contributes 0 to itself).
        let (used, population) = if linear {
            (pivots as f64, n as f64)
        } else {
            ((pivots - usize::from(is_pivot[v])) as f64, (n - 1) as f64)
        };
        let mean = sums[v] / used;
        let estimate = population * mean / if linear { 1.0 } else { 2.0 };
        raw.push(estimate);
        values.push(estimate / pairs);
        let variance = if used > 1.0 {
            ((squares[v] - used * mean * mean) / (used - 1.0)).max(0.0)
        } else {
            f64::NAN
        };
        let correction = (1.0 - used / population).max(0.0);
        let se_mean = (variance / used * correction).sqrt();
        standard_errors.push(population * se_mean / if linear { 1.0 } else { 2.0 } / pairs);
    }
    Ok(Sampled {
        values,
        raw,
        standard_errors,
        pivots: chosen,
        estimator,
        error_bound: sampling_error_bound(n, pivots, estimator, failure_probability),
        failure_probability,
    })
}

/// The simultaneous error bound of [`Sampled::error_bound`] for a graph of `nodes` nodes and `pivots` sampled
/// sources: with probability at least `1 − failure_probability`, every estimated normalised betweenness is within
/// this additive distance of the exact value.
///
/// Each estimate is a multiple `c` of the mean of `m` contributions in `[0, 1]` drawn without replacement from a
/// population of `N`; Serfling's inequality gives `P(|mean − μ| ≥ ε) ≤ 2·exp(−2mε² / (1 − (m − 1)/N))`, and the
/// union bound over the `n` nodes gives `c · sqrt(ln(2n / δ) · (1 − (m − 1)/N) / (2m))`. With
/// [`Estimator::Sources`], `c = 1`, `N = n − 1` and `m = k − 1` (the fewest pivots a node can have: when it is a
/// pivot itself); with [`Estimator::LinearScaling`], `c = 2n / (n − 1)`, `N = n` and `m = k`.
/// 0 when `pivots ≥ nodes` (exact) or `nodes ≤ 2`; at most 1 (the values lie in `[0, 1]`).
pub fn sampling_error_bound(
    nodes: usize,
    pivots: usize,
    estimator: Estimator,
    failure_probability: f64,
) -> f64 {
    if nodes <= 2 || pivots >= nodes {
        return 0.0;
    }
    if pivots < 2 || !(failure_probability > 0.0 && failure_probability < 1.0) {
        return 1.0;
    }
    let n = nodes as f64;
    let (c, population, m) = match estimator {
        Estimator::Sources => (1.0, n - 1.0, (pivots - 1) as f64),
        Estimator::LinearScaling => (2.0 * n / (n - 1.0), n, pivots as f64),
    };
    let log_term = (2.0 * n / failure_probability).ln();
    let finite = 1.0 - (m - 1.0) / population;
    (c * (log_term * finite / (2.0 * m)).sqrt()).min(1.0)
}

/// The fewest pivots for which [`sampling_error_bound`] is at most `epsilon` (`nodes` when only the exact
/// computation does).
pub fn pivots_for_error_bound(
    nodes: usize,
    epsilon: f64,
    estimator: Estimator,
    failure_probability: f64,
) -> usize {
    if nodes <= 2 {
        return nodes;
    }
    // The bound decreases as the number of pivots grows: bisection on [2, nodes].
    let (mut low, mut high) = (2, nodes);
    while low < high {
        let mid = low + (high - low) / 2;
        if sampling_error_bound(nodes, mid, estimator, failure_probability) <= epsilon {
            high = mid;
        } else {
            low = mid + 1;
        }
    }
    low
}

/// Sources per task: fixed, so that partial sums and the order in which they are added do not depend on the
/// number of threads.
const SOURCES_PER_TASK: usize = 32;

/// For every node `v`, the sum over `sources` (`s ≠ v`) of the dependency `δ_s(v)`, and of its square when
/// `squares` (else an empty vector). Deterministic to the bit: tasks of [`SOURCES_PER_TASK`] consecutive sources
/// each sum into their own vector, in source order; the task vectors are added in task order.
fn dependency_sums(
    graph: &Graph,
    distance: Distance,
    linear: bool,
    sources: &[u32],
    squares: bool,
) -> (Vec<f64>, Vec<f64>) {
    let n = graph.node_count();
    let (offsets, targets, weights) = graph.csr();
    let costs: Vec<f64> = match distance {
        Distance::Hops => Vec::new(),
        Distance::InverseWeight | Distance::InverseWeightExactTies => {
            weights.iter().map(|w| 1.0 / w).collect()
        }
    };
    let csr = Csr {
        offsets,
        targets,
        costs: &costs,
    };
    let mut sums = vec![0.0; n];
    let mut sums_sq = if squares { vec![0.0; n] } else { Vec::new() };
    let tasks: Vec<&[u32]> = sources.chunks(SOURCES_PER_TASK).collect();
    // Tasks run a batch at a time to bound the memory of the partial vectors; the batch size changes nothing in
    // the result (the partial vectors are added one by one in task order).
    let batch = (4 * rayon::current_num_threads()).max(1);
    for group in tasks.chunks(batch) {
        let partials: Vec<(Vec<f64>, Vec<f64>)> = group
            .par_iter()
            .map(|task| {
                let mut work = Workspace::new(n, distance);
                let mut part = vec![0.0; n];
                let mut part_sq = if squares { vec![0.0; n] } else { Vec::new() };
                for &s in task.iter() {
                    work.dependencies(&csr, distance, linear, s, &mut |w, delta| {
                        part[w] += delta;
                        if squares {
                            part_sq[w] += delta * delta;
                        }
                    });
                }
                (part, part_sq)
            })
            .collect();
        for (part, part_sq) in partials {
            for (total, x) in sums.iter_mut().zip(&part) {
                *total += x;
            }
            for (total, x) in sums_sq.iter_mut().zip(&part_sq) {
                *total += x;
            }
        }
    }
    (sums, sums_sq)
}

/// The graph's arrays, with the edge lengths of the weighted distances.
struct Csr<'a> {
    offsets: &'a [usize],
    targets: &'a [u32],
    /// `1 / weight` per stored edge (empty for hops).
    costs: &'a [f64],
}

const UNSEEN: u32 = u32::MAX;

/// A node waiting in Dijkstra's heap: the smallest distance first, then the smallest node.
#[derive(Debug, Clone, Copy)]
struct Entry {
    dist: f64,
    node: u32,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: BinaryHeap is a max-heap.
        other
            .dist
            .total_cmp(&self.dist)
            .then_with(|| other.node.cmp(&self.node))
    }
}

/// Whether two path lengths are equal for the given distance.
fn same_length(a: f64, b: f64, distance: Distance) -> bool {
    a == b || (distance == Distance::InverseWeight && (a - b).abs() <= TIE_TOLERANCE * a.abs().max(b.abs()))
}

/// A node's state in a breadth-first search: hops from the source ([`UNSEEN`] when not reached), and `σ`, the
/// number of shortest paths from the source, which the accumulation replaces with `(1 + δ) / σ` (the share of
/// the node's dependency that each of its shortest paths passes back). One slot per node: one memory access per
/// neighbour in both passes.
#[derive(Debug, Clone, Copy)]
struct Level {
    hops: u32,
    value: f64,
}

/// A node's state in Dijkstra's search: distance (∞ when not reached), `σ` then `(1 + δ) / σ` as in [`Level`],
/// and position in the settling order ([`UNSEEN`] until settled).
#[derive(Debug, Clone, Copy)]
struct Reach {
    dist: f64,
    value: f64,
    rank: u32,
}

/// The per-source arrays of Brandes' algorithm, reused from one source to the next (only the nodes reached are
/// reset).
struct Workspace {
    /// For [`Distance::Hops`].
    levels: Vec<Level>,
    /// For the weighted distances.
    reach: Vec<Reach>,
    /// Nodes in non-decreasing distance from the source (the BFS queue, or the Dijkstra settling order).
    order: Vec<u32>,
    heap: BinaryHeap<Entry>,
}

impl Workspace {
    fn new(n: usize, distance: Distance) -> Self {
        let hopping = distance == Distance::Hops;
        let level = Level {
            hops: UNSEEN,
            value: 0.0,
        };
        let reach = Reach {
            dist: f64::INFINITY,
            value: 0.0,
            rank: UNSEEN,
        };
        Self {
            levels: if hopping { vec![level; n] } else { Vec::new() },
            reach: if hopping { Vec::new() } else { vec![reach; n] },
            order: Vec::with_capacity(n),
            heap: BinaryHeap::new(),
        }
    }

    /// Calls `visit(v, δ_s(v))` for every node `v ≠ s` reached from `s` with a non-zero dependency; with
    /// `linear`, the linearly scaled dependency `δ'_s(v) = Σ_t σ_st(v)/σ_st · d(s, v)/d(s, t)` instead
    /// (Geisberger, Sanders & Schultes 2008). Both follow Brandes' recursion: with `γ(v)` the sum over targets `t`
    /// of `σ_st(v)/σ_st · u(t)`, `γ(v) = σ(v) Σ_{x successor of v} (u(x) + γ(x)) / σ(x)`, where `u = 1` gives
    /// `δ = γ`, and `u(t) = 1 / d(s, t)` gives `δ' = d(s, v) γ`.
    fn dependencies(
        &mut self,
        csr: &Csr<'_>,
        distance: Distance,
        linear: bool,
        s: u32,
        visit: &mut impl FnMut(usize, f64),
    ) {
        match distance {
            Distance::Hops => self.breadth_first(csr, linear, s, visit),
            Distance::InverseWeight | Distance::InverseWeightExactTies => {
                self.dijkstra(csr, distance, linear, s, visit)
            }
        }
    }

    fn breadth_first(&mut self, csr: &Csr<'_>, linear: bool, s: u32, visit: &mut impl FnMut(usize, f64)) {
        let Csr { offsets, targets, .. } = *csr;
        let Self { levels, order, .. } = self;
        let source = s as usize;
        order.clear();
        levels[source] = Level { hops: 0, value: 1.0 };
        order.push(s);
        let mut head = 0;
        while let Some(&v) = order.get(head) {
            head += 1;
            let v = v as usize;
            let Level { hops, value: paths } = levels[v];
            let next = hops + 1;
            for &w in &targets[offsets[v]..offsets[v + 1]] {
                let slot = &mut levels[w as usize];
                if slot.hops == UNSEEN {
                    *slot = Level {
                        hops: next,
                        value: paths,
                    };
                    order.push(w);
                } else if slot.hops == next {
                    slot.value += paths;
                }
            }
        }
        // Accumulation in reverse order: γ(w) = σ(w) Σ_{x successor of w} (u(x) + γ(x)) / σ(x). The successors
        // were processed before w, so their slots hold (u + γ) / σ; adding 0 for the other neighbours keeps the
        // loop free of unpredictable branches and changes no bit of the sum.
        for &w in order.iter().rev() {
            let w = w as usize;
            let Level { hops, value: paths } = levels[w];
            let next = hops + 1;
            // Four running sums (added in a fixed order) so that the additions do not wait on each other.
            let row = &targets[offsets[w]..offsets[w + 1]];
            let mut sums = [0.0f64; 4];
            let mut quads = row.chunks_exact(4);
            for quad in &mut quads {
                for (sum, &x) in sums.iter_mut().zip(quad) {
                    let slot = levels[x as usize];
                    *sum += if slot.hops == next { slot.value } else { 0.0 };
                }
            }
            for (sum, &x) in sums.iter_mut().zip(quads.remainder()) {
                let slot = levels[x as usize];
                *sum += if slot.hops == next { slot.value } else { 0.0 };
            }
            let gamma = paths * ((sums[0] + sums[1]) + (sums[2] + sums[3]));
            let (unit, delta) = if linear {
                let d = f64::from(hops);
                (1.0 / d, d * gamma)
            } else {
                (1.0, gamma)
            };
            levels[w].value = (unit + gamma) / paths;
            if w != source && delta != 0.0 {
                visit(w, delta);
            }
        }
        for &w in order.iter() {
            levels[w as usize].hops = UNSEEN;
        }
    }

    fn dijkstra(
        &mut self,
        csr: &Csr<'_>,
        distance: Distance,
        linear: bool,
        s: u32,
        visit: &mut impl FnMut(usize, f64),
    ) {
        let Csr {
            offsets,
            targets,
            costs,
        } = *csr;
        let Self {
            reach, order, heap, ..
        } = self;
        let source = s as usize;
        order.clear();
        heap.clear();
        reach[source].dist = 0.0;
        reach[source].value = 1.0;
        heap.push(Entry { dist: 0.0, node: s });
        while let Some(Entry { dist: d, node }) = heap.pop() {
            let v = node as usize;
            // A stale entry (pushed before a shorter path was found), or a node already settled.
            if d > reach[v].dist || reach[v].rank != UNSEEN {
                continue;
            }
            reach[v].rank = order.len() as u32;
            order.push(node);
            let paths = reach[v].value;
            for i in offsets[v]..offsets[v + 1] {
                let x = targets[i];
                let slot = &mut reach[x as usize];
                if slot.rank != UNSEEN {
                    continue;
                }
                let length = d + costs[i];
                if slot.dist == f64::INFINITY
                    || (length < slot.dist && !same_length(length, slot.dist, distance))
                {
                    slot.dist = length;
                    slot.value = paths;
                    heap.push(Entry {
                        dist: length,
                        node: x,
                    });
                } else if same_length(length, slot.dist, distance) {
                    slot.value += paths;
                }
            }
        }
        for &w in order.iter().rev() {
            let w = w as usize;
            let Reach {
                dist,
                value: paths,
                rank,
            } = reach[w];
            let mut sum = 0.0;
            for i in offsets[w]..offsets[w + 1] {
                let slot = reach[targets[i] as usize];
                if slot.rank > rank && same_length(dist + costs[i], slot.dist, distance) {
                    sum += slot.value;
                }
            }
            let gamma = paths * sum;
            let (unit, delta) = if linear {
                (1.0 / dist, dist * gamma)
            } else {
                (1.0, gamma)
            };
            reach[w].value = (unit + gamma) / paths;
            if w != source && delta != 0.0 {
                visit(w, delta);
            }
        }
        for &w in order.iter() {
            let slot = &mut reach[w as usize];
            slot.dist = f64::INFINITY;
            slot.rank = UNSEEN;
        }
    }
}

/// How ties are weighted for Burt's measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ties {
    /// By their weight (tie strength): NetworkX `weight="weight"`.
    #[default]
    Strength,
    /// Every tie counts 1: NetworkX `weight=None`.
    Unit,
}

/// Burt's constraint of every node (NetworkX `constraint`): `Σ_j (p_vj + Σ_q p_vq p_qj)²` over the neighbours `j`
/// of `v`, with `q` over the neighbours of `v` and `p_ab` the share of `a`'s ties that go to `b` (weight of the
/// tie over `a`'s strength, or `1 / degree` with [`Ties::Unit`]). High when a node's contacts are few or are tied
/// to each other (little room for brokerage); low for a broker between otherwise unconnected contacts.
/// `None` for a node without neighbours (NetworkX gives NaN).
pub fn constraint(graph: &Graph, ties: Ties) -> Vec<Option<f64>> {
    let totals = tie_totals(graph, ties, false);
    ego_measure(graph, |v, positions, acc| {
        let (nv, wv) = (graph.neighbors(v), graph.neighbor_weights(v));
        let total_v = totals[v as usize];
        for (&q, &wq) in nv.iter().zip(wv) {
            let pvq = share(ties, wq, total_v);
            let total_q = totals[q as usize];
            for (&j, &wqj) in graph.neighbors(q).iter().zip(graph.neighbor_weights(q)) {
                let at = positions[j as usize];
                if at != UNSEEN {
                    acc[at as usize] += pvq * share(ties, wqj, total_q);
                }
            }
        }
        wv.iter()
            .zip(acc.iter())
            .map(|(&wj, &indirect)| {
                let local = share(ties, wj, total_v) + indirect;
                local * local
            })
            .sum()
    })
}

/// Burt's effective size of every node (NetworkX `effective_size`): `Σ_j (1 − Σ_q p_vq m_jq)` over the neighbours
/// `j` of `v`, with `q` over the neighbours of `v`, `p_vq` as in [`constraint`] and `m_jq` the weight of the tie
/// `j`–`q` over `j`'s strongest tie (1 or 0 with [`Ties::Unit`], where this is `degree − 2 × ties among the
/// neighbours / degree`). The number of contacts less their redundancy. `None` for a node without neighbours.
///
/// NetworkX 3.6.1 computes the weighted version differently depending on whether `nodes=` is given: its
/// sparse-matrix path (used when scipy is installed and `nodes` is not given) divides by the largest tie of the
/// wrong node (networkx pull request #8906); this follows its per-node path, which is Burt's definition.
pub fn effective_size(graph: &Graph, ties: Ties) -> Vec<Option<f64>> {
    let totals = tie_totals(graph, ties, false);
    let strongest = tie_totals(graph, ties, true);
    ego_measure(graph, |v, positions, _acc| {
        let (nv, wv) = (graph.neighbors(v), graph.neighbor_weights(v));
        let total_v = totals[v as usize];
        let mut redundancy = 0.0;
        for (&q, &wq) in nv.iter().zip(wv) {
            let pvq = share(ties, wq, total_v);
            for (&j, &wqj) in graph.neighbors(q).iter().zip(graph.neighbor_weights(q)) {
                if positions[j as usize] != UNSEEN {
                    redundancy += pvq * share(ties, wqj, strongest[j as usize]);
                }
            }
        }
        nv.len() as f64 - redundancy
    })
}

/// Per node, the strength (or, with `max`, the strongest tie); with [`Ties::Unit`], the degree (or 1).
fn tie_totals(graph: &Graph, ties: Ties, max: bool) -> Vec<f64> {
    (0..graph.node_count() as u32)
        .map(|v| {
            let weights = graph.neighbor_weights(v);
            match (ties, max) {
                (Ties::Strength, false) => weights.iter().sum(),
                (Ties::Strength, true) => weights.iter().copied().fold(0.0, f64::max),
                (Ties::Unit, false) => weights.len() as f64,
                (Ties::Unit, true) => 1.0,
            }
        })
        .collect()
}

/// A tie of weight `weight` as a share of `total`.
fn share(ties: Ties, weight: f64, total: f64) -> f64 {
    match ties {
        Ties::Strength => weight / total,
        Ties::Unit => 1.0 / total,
    }
}

/// Runs `measure(v, positions, acc)` for every node with neighbours, in parallel: `positions[j]` is `j`'s index
/// among the neighbours of `v` ([`UNSEEN`] for the other nodes) and `acc` is zeroed, one entry per neighbour.
fn ego_measure<F>(graph: &Graph, measure: F) -> Vec<Option<f64>>
where
    F: Fn(u32, &[u32], &mut [f64]) -> f64 + Sync,
{
    let n = graph.node_count();
    (0..n as u32)
        .into_par_iter()
        .map_init(
            || (vec![UNSEEN; n], Vec::new()),
            |(positions, acc), v| {
                let nv = graph.neighbors(v);
                if nv.is_empty() {
                    return None;
                }
                for (i, &j) in nv.iter().enumerate() {
                    positions[j as usize] = i as u32;
                }
                acc.clear();
                acc.resize(nv.len(), 0.0);
                let value = measure(v, positions, acc);
                for &j in nv {
                    positions[j as usize] = UNSEEN;
                }
                Some(value)
            },
        )
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn graph(n: usize, edges: &[(u32, u32)]) -> Graph {
        let e: Vec<_> = edges.iter().map(|&(a, b)| (a, b, 1.0)).collect();
        Graph::from_edges(n, &e).unwrap()
    }

    fn path(n: usize) -> Graph {
        let e: Vec<_> = (1..n as u32).map(|v| (v - 1, v)).collect();
        graph(n, &e)
    }

    fn close(a: &[f64], b: &[f64], tol: f64) -> bool {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| (x - y).abs() <= tol * (1.0 + x.abs().max(y.abs())))
    }

    #[test]
    fn degree_and_strength() {
        let g = Graph::from_edges(4, &[(0, 1, 2.0), (1, 2, 0.5)]).unwrap();
        assert_eq!(degree(&g), [1, 2, 1, 0]);
        assert_eq!(strength(&g), [2.0, 2.5, 0.5, 0.0]);
    }

    #[test]
    fn a_path() {
        // Node i of a path of n nodes lies between the i nodes on one side and the n − 1 − i on the other.
        let n = 7;
        let raw = betweenness_raw(&path(n), Distance::Hops);
        let expected: Vec<f64> = (0..n).map(|i| (i * (n - 1 - i)) as f64).collect();
        assert_eq!(raw, expected);
        let normalised = betweenness(&path(n), Distance::Hops);
        let pairs = ((n - 1) * (n - 2) / 2) as f64;
        assert!(close(
            &normalised,
            &expected.iter().map(|x| x / pairs).collect::<Vec<_>>(),
            1e-15
        ));
    }

    #[test]
    fn a_star() {
        let g = graph(6, &[(0, 1), (0, 2), (0, 3), (0, 4), (0, 5)]);
        assert_eq!(
            betweenness_raw(&g, Distance::Hops),
            [10.0, 0.0, 0.0, 0.0, 0.0, 0.0]
        );
        assert_eq!(betweenness(&g, Distance::Hops), [1.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
        // Unit ties: the hub's 5 contacts are unconnected; each leaf depends on its one contact.
        let c = constraint(&g, Ties::Unit);
        assert!((c[0].unwrap() - 0.2).abs() < 1e-15);
        assert_eq!(c[1], Some(1.0));
        let e = effective_size(&g, Ties::Unit);
        assert_eq!(e[0], Some(5.0));
        assert_eq!(e[1], Some(1.0));
    }

    #[test]
    fn a_bridge_between_two_triangles() {
        let g = graph(6, &[(0, 1), (1, 2), (0, 2), (2, 3), (3, 4), (4, 5), (3, 5)]);
        // Pairs through 2: {0, 1} × {3, 4, 5} = 6; through 3: {0, 1, 2} × {4, 5} = 6.
        assert_eq!(
            betweenness_raw(&g, Distance::Hops),
            [0.0, 0.0, 6.0, 6.0, 0.0, 0.0]
        );
        // In a triangle every node has constraint (1/2 + 1/4)² × 2 = 1.125.
        let t = graph(3, &[(0, 1), (1, 2), (0, 2)]);
        for c in constraint(&t, Ties::Strength) {
            assert!((c.unwrap() - 1.125).abs() < 1e-15);
        }
        for e in effective_size(&t, Ties::Strength) {
            assert!((e.unwrap() - 1.0).abs() < 1e-15);
        }
    }

    #[test]
    fn isolated_nodes() {
        // A path 0–1–2 and two isolated nodes: raw values do not change, normalised ones use n = 5.
        let g = graph(5, &[(0, 1), (1, 2)]);
        assert_eq!(betweenness_raw(&g, Distance::Hops), [0.0, 1.0, 0.0, 0.0, 0.0]);
        assert_eq!(betweenness(&g, Distance::Hops), [0.0, 1.0 / 6.0, 0.0, 0.0, 0.0]);
        assert_eq!(
            betweenness(&g, Distance::InverseWeight),
            [0.0, 1.0 / 6.0, 0.0, 0.0, 0.0]
        );
        let c = constraint(&g, Ties::Strength);
        assert_eq!(c[3], None);
        assert_eq!(c[4], None);
        assert_eq!(effective_size(&g, Ties::Unit)[4], None);
        // Tiny and empty graphs.
        assert_eq!(betweenness(&graph(2, &[(0, 1)]), Distance::Hops), [0.0, 0.0]);
        assert!(betweenness(&graph(0, &[]), Distance::Hops).is_empty());
        assert!(constraint(&graph(0, &[]), Ties::Unit).is_empty());
    }

    #[test]
    fn weights_change_the_shortest_route() {
        // A square 0–1–2–3–0: strong ties 0–1 and 1–2 make 0→1→2 (1/4 + 1/4) shorter than 0→3→2 (1 + 1).
        let g = Graph::from_edges(4, &[(0, 1, 4.0), (1, 2, 4.0), (2, 3, 1.0), (3, 0, 1.0)]).unwrap();
        assert_eq!(betweenness_raw(&g, Distance::Hops), [0.5, 0.5, 0.5, 0.5]);
        let weighted = betweenness_raw(&g, Distance::InverseWeight);
        // 1 lies on the route 0–2; 1→0→3 and 1→2→3 both have length 1.25: half of the pair 1–3 each to 0 and 2.
        assert_eq!(weighted, [0.5, 1.0, 0.5, 0.0]);
        assert_eq!(betweenness_raw(&g, Distance::InverseWeightExactTies), weighted);
    }

    #[test]
    fn tolerant_and_exact_ties_differ_where_rounding_breaks_a_tie() {
        // 0 –1– 1 –10– 2 –10– 3 and 0 –5– 4 –1– 3 (weights). From 0 to 3: 1 + 0.1 + 0.1 against 0.2 + 1, both 1.2 in
        // real numbers; the first is 1.2000000000000002 in floating point (1.2 summed from 3). From 1 to 4:
        // 1 + 0.2 against 0.1 + 0.1 + 1, again a tie.
        let g = Graph::from_edges(
            5,
            &[(0, 1, 1.0), (1, 2, 10.0), (2, 3, 10.0), (0, 4, 5.0), (4, 3, 1.0)],
        )
        .unwrap();
        assert_ne!(1.0 + 0.1 + 0.1, 0.2 + 1.0);
        let tolerant = betweenness_raw(&g, Distance::InverseWeight);
        // 0: half of 1–4; 1: 0–2 and half of 0–3; 2: 1–3 and halves of 0–3 and 1–4; 3: 2–4 and half of 1–4;
        // 4: half of 0–3.
        assert_eq!(tolerant, [0.5, 1.5, 2.0, 1.5, 0.5]);
        let exact = betweenness_raw(&g, Distance::InverseWeightExactTies);
        assert_ne!(exact, tolerant);
    }

    #[test]
    fn sampled_checks_its_options_and_is_reproducible() {
        let g = path(10);
        assert!(betweenness_sampled(&g, Distance::Hops, 1, 1).is_err());
        assert!(betweenness_sampled(&g, Distance::Hops, 11, 1).is_err());
        let a = betweenness_sampled(&g, Distance::Hops, 4, 7).unwrap();
        let b = betweenness_sampled(&g, Distance::Hops, 4, 7).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.pivots.len(), 4);
        assert!(a.pivots.windows(2).all(|w| w[0] < w[1]));
        let c = betweenness_sampled(&g, Distance::Hops, 4, 8).unwrap();
        assert_ne!(a.pivots, c.pivots);
        assert!(a.error_bound > 0.0 && a.error_bound <= 1.0);
        assert_eq!(a.failure_probability, BOUND_FAILURE_PROBABILITY);
    }

    #[test]
    fn the_bound_and_the_pivots_it_needs() {
        use Estimator::{LinearScaling, Sources};
        assert_eq!(sampling_error_bound(1000, 1000, Sources, 0.05), 0.0);
        assert_eq!(sampling_error_bound(1000, 1000, LinearScaling, 0.05), 0.0);
        let b100 = sampling_error_bound(1000, 100, Sources, 0.05);
        let b500 = sampling_error_bound(1000, 500, Sources, 0.05);
        assert!(b500 < b100);
        // ln(2000 / 0.05) (1 − 98/999) / 198
        let expected = ((2000.0f64 / 0.05).ln() * (1.0 - 98.0 / 999.0) / 198.0).sqrt();
        assert!((b100 - expected).abs() < 1e-15);
        // 2n/(n − 1) · sqrt(ln(2000 / 0.05) (1 − 99/1000) / 200)
        let expected = 2000.0 / 999.0 * ((2000.0f64 / 0.05).ln() * (1.0 - 99.0 / 1000.0) / 200.0).sqrt();
        assert!((sampling_error_bound(1000, 100, LinearScaling, 0.05) - expected).abs() < 1e-15);
        for estimator in [Sources, LinearScaling] {
            for eps in [0.3, 0.1, 0.05, 0.01] {
                let k = pivots_for_error_bound(1000, eps, estimator, 0.05);
                assert!(sampling_error_bound(1000, k, estimator, 0.05) <= eps);
                assert!(k == 2 || sampling_error_bound(1000, k - 1, estimator, 0.05) > eps);
            }
            assert_eq!(pivots_for_error_bound(1000, 1e-9, estimator, 0.05), 1000);
        }
    }

    #[test]
    fn the_same_values_whatever_the_number_of_threads() {
        // A graph with enough sources for several tasks and batches.
        let n = 300u32;
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut edges = Vec::new();
        for v in 1..n {
            for _ in 0..2 {
                let u = rng.random_range(0..v);
                edges.push((u, v, rng.random_range(1..5) as f64));
            }
        }
        let g = Graph::from_edges(n as usize, &edges).unwrap();
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| {
                (
                    betweenness(&g, Distance::Hops),
                    betweenness(&g, Distance::InverseWeight),
                    betweenness_sampled(&g, Distance::Hops, 100, 5).unwrap(),
                    constraint(&g, Ties::Strength),
                    betweenness_sampled_with(&g, Distance::InverseWeight, 100, 5, Estimator::Sources)
                        .unwrap(),
                )
            })
        };
        let one = run(1);
        let three = run(3);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&one.0), bits(&three.0));
        assert_eq!(bits(&one.1), bits(&three.1));
        assert_eq!(bits(&one.2.values), bits(&three.2.values));
        assert_eq!(bits(&one.2.standard_errors), bits(&three.2.standard_errors));
        assert_eq!(one.3, three.3);
        assert_eq!(bits(&one.4.values), bits(&three.4.values));
    }

    /// A random tree on `n` nodes (each node after the first attached to an earlier one), plus isolated extras.
    fn tree_strategy() -> impl Strategy<Value = (usize, Vec<(u32, u32)>)> {
        (3usize..40, 0usize..3).prop_flat_map(|(n, extra)| {
            let parents: Vec<_> = (1..n).map(|v| 0..v as u32).collect();
            (Just(n + extra), parents).prop_map(|(total, parents)| {
                let edges = parents
                    .into_iter()
                    .enumerate()
                    .map(|(i, p)| (p, i as u32 + 1))
                    .collect();
                (total, edges)
            })
        })
    }

    /// Sizes of the pieces `v`'s tree falls into without `v` (brute force).
    fn pieces_without(g: &Graph, v: u32) -> Vec<usize> {
        let n = g.node_count();
        let mut seen = vec![false; n];
        seen[v as usize] = true;
        let mut sizes = Vec::new();
        for &start in g.neighbors(v) {
            if seen[start as usize] {
                continue;
            }
            let mut stack = vec![start];
            seen[start as usize] = true;
            let mut size = 0;
            while let Some(x) = stack.pop() {
                size += 1;
                for &y in g.neighbors(x) {
                    if !seen[y as usize] {
                        seen[y as usize] = true;
                        stack.push(y);
                    }
                }
            }
            sizes.push(size);
        }
        sizes
    }

    proptest! {
        #[test]
        fn a_tree_counts_the_pairs_it_separates((n, edges) in tree_strategy()) {
            // In a tree the only path between two nodes is unique: the betweenness of v is the number of pairs
            // of nodes in different pieces of the tree without v.
            let g = graph(n, &edges);
            let raw = betweenness_raw(&g, Distance::Hops);
            let weighted = betweenness_raw(&g, Distance::InverseWeight);
            for v in 0..n as u32 {
                let sizes = pieces_without(&g, v);
                let total: usize = sizes.iter().sum();
                let squares: usize = sizes.iter().map(|s| s * s).sum();
                let expected = ((total * total - squares) / 2) as f64;
                prop_assert!((raw[v as usize] - expected).abs() < 1e-9);
                prop_assert!((weighted[v as usize] - expected).abs() < 1e-9);
            }
        }

        #[test]
        fn sampling_every_node_is_exact(
            n in 3usize..30,
            density in 0.05f64..0.5,
            seed in 0u64..1000,
            weighted in any::<bool>(),
        ) {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let mut edges = Vec::new();
            for a in 0..n as u32 {
                for b in a + 1..n as u32 {
                    if rng.random::<f64>() < density {
                        edges.push((a, b, rng.random_range(1..4) as f64));
                    }
                }
            }
            let g = Graph::from_edges(n, &edges).unwrap();
            let distance = if weighted { Distance::InverseWeight } else { Distance::Hops };
            let exact = betweenness(&g, distance);
            for estimator in [Estimator::LinearScaling, Estimator::Sources] {
                let sampled = betweenness_sampled_with(&g, distance, n, seed, estimator).unwrap();
                prop_assert!(close(&sampled.values, &exact, 1e-12));
                prop_assert!(close(&sampled.raw, &betweenness_raw(&g, distance), 1e-12));
                prop_assert_eq!(sampled.error_bound, 0.0);
                prop_assert!(sampled.standard_errors.iter().all(|&s| s == 0.0));
            }
        }

        #[test]
        fn unit_weights_give_hop_distances(n in 3usize..30, density in 0.05f64..0.6, seed in 0u64..1000) {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let mut edges = Vec::new();
            for a in 0..n as u32 {
                for b in a + 1..n as u32 {
                    if rng.random::<f64>() < density {
                        edges.push((a, b));
                    }
                }
            }
            let g = graph(n, &edges);
            let hops = betweenness(&g, Distance::Hops);
            prop_assert!(close(&betweenness(&g, Distance::InverseWeight), &hops, 1e-12));
            prop_assert!(close(&betweenness(&g, Distance::InverseWeightExactTies), &hops, 1e-12));
            // Unit ties and equal strengths give the same constraint and effective size.
            let unit = constraint(&g, Ties::Unit);
            let strength = constraint(&g, Ties::Strength);
            for (a, b) in unit.iter().zip(&strength) {
                match (a, b) {
                    (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-12),
                    (None, None) => {}
                    _ => prop_assert!(false, "defined for the same nodes"),
                }
            }
        }
    }
}
