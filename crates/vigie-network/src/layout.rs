//! Where to draw the nodes: a force-directed layout computed on the server, and the graph of communities to draw
//! when a network is too large to draw node by node.
//!
//! [`force_layout`] runs Fruchterman & Reingold (1991, "Graph drawing by force-directed placement", Software:
//! Practice and Experience 21(11)) on each connected component on its own: every pair of nodes repels with a force
//! `k² mᵢ mⱼ / d` (node weights `m`, 1 by default, as ForceAtlas2's masses), every edge attracts its ends with
//! `w d² / k` (edge weights `w` relative to the mean weight, raised to an influence, as ForceAtlas2's
//! `edgeWeightInfluence`), the ideal distance `k` is 1, and each node moves along its net force by at most a
//! temperature that cools linearly from a tenth of the component's width to 0. Initial positions are drawn
//! uniformly at random (ChaCha8, seeded). Each component is then turned so that its longest (principal) axis is
//! horizontal, or vertical for a portrait drawing, and the components are packed side by side in rows, largest
//! first, with a gap between them (small components stacked in columns beside a large one, rows as wide as the
//! drawing's aspect ratio asks) — so that disconnected parts neither fly apart nor overlap. The whole drawing is finally scaled uniformly (distances
//! keep their proportions) and centred in the unit square `[0, 1]²`.
//!
//! Repulsion is computed exactly, for every pair: `O(n²)` per iteration, which is quick for the few hundred nodes a
//! drawing can show readably. Larger graphs ([`MAX_LAYOUT_NODES`]) are refused: draw their graph of communities
//! ([`quotient`]) instead, or one component at a time.
//!
//! Deterministic: the same graph, options and seed give the same positions bit for bit. Only `+`, `−`, `×`, `÷` and
//! `√` are used, which IEEE 754 rounds exactly, so the positions are also the same on every machine — except when
//! `edge_weight_influence` is neither 0 nor 1, which takes a `powf`. Single-threaded.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::error::{Error, Result};
use crate::graph::Graph;
use crate::structure::components;

/// The most nodes [`force_layout`] lays out. Beyond a few hundred nodes a drawing of every node is unreadable, and
/// the exact repulsion costs `O(n²)` per iteration.
pub const MAX_LAYOUT_NODES: usize = 1_000;

/// The most iterations [`force_layout`] accepts.
pub const MAX_ITERATIONS: usize = 10_000;

/// The largest `edge_weight_influence` accepted.
pub const MAX_EDGE_WEIGHT_INFLUENCE: f64 = 4.0;

/// The narrowest aspect ratio accepted (a drawing four times as tall as wide).
pub const MIN_ASPECT_RATIO: f64 = 0.25;

/// The widest aspect ratio accepted.
pub const MAX_ASPECT_RATIO: f64 = 4.0;

/// The ideal distance between linked nodes, in layout units.
const K: f64 = 1.0;
/// Blank space around the nodes of each component's box, in layout units (so a lone node takes a 1 × 1 box).
const PAD: f64 = 0.5;
/// Blank space between the boxes of two components, in layout units.
const GAP: f64 = 0.5;
/// Squared distances below this count as coincident nodes, pushed apart in a fixed direction.
const TINY: f64 = 1e-12;

/// The options of [`force_layout`].
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutOptions {
    /// The seed of the pseudo-random generator (initial positions).
    pub seed: u64,
    /// The number of iterations of the force simulation, `1..=MAX_ITERATIONS`; default 300.
    pub iterations: usize,
    /// How much edge weights strengthen attraction: the attraction of an edge is multiplied by
    /// `(weight / mean weight)^influence`. 0 ignores weights; 1 (the default) is proportional to the weight. Must be
    /// finite and in `0..=MAX_EDGE_WEIGHT_INFLUENCE`.
    pub edge_weight_influence: f64,
    /// Node weights (masses): a heavier node pushes others further away, so it gets more room. Empty (the default)
    /// gives every node weight 1; otherwise one finite positive weight per node. For a graph of communities, the
    /// communities' sizes (or their square roots) give large communities the room they need.
    pub node_weights: Vec<f64>,
    /// The width-to-height ratio of the drawing the layout is for, `MIN_ASPECT_RATIO..=MAX_ASPECT_RATIO`; default 4/3
    /// (a drawing 800 × 600, as vigie-render's default). Each component's longest axis is turned horizontal (vertical
    /// when the ratio is below 1), and the components are packed into rows so that the whole has about this ratio;
    /// the positions are still in the unit square, centred, with the extra room left blank.
    pub aspect_ratio: f64,
}

impl Default for LayoutOptions {
    /// Seed 0, 300 iterations, attraction proportional to edge weight, every node weight 1, aspect ratio 4/3.
    fn default() -> Self {
        Self {
            seed: 0,
            iterations: 300,
            edge_weight_influence: 1.0,
            node_weights: Vec::new(),
            aspect_ratio: 4.0 / 3.0,
        }
    }
}

/// Positions of the nodes in the unit square `[0, 1]²` (index = node), by a seeded force-directed layout (see the
/// module documentation). An empty graph gives no positions; a single node sits at the centre.
///
/// Errors ([`Error::InvalidOption`]) when the graph has more than [`MAX_LAYOUT_NODES`] nodes (draw its
/// [`quotient`] instead), when `iterations` is 0 or above [`MAX_ITERATIONS`], when `edge_weight_influence` is out
/// of range, or when `node_weights` is neither empty nor one positive finite weight per node.
pub fn force_layout(graph: &Graph, options: &LayoutOptions) -> Result<Vec<(f64, f64)>> {
    let n = graph.node_count();
    validate(n, options)?;
    if n == 0 {
        return Ok(Vec::new());
    }

    // Node weights relative to their mean, edge weights relative to theirs (so that the options mean the same
    // whatever the scale of the weights).
    let masses: Vec<f64> = if options.node_weights.is_empty() {
        vec![1.0; n]
    } else {
        let mean = options.node_weights.iter().map(|w| w / n as f64).sum::<f64>();
        options.node_weights.iter().map(|w| w / mean).collect()
    };
    let mean_weight = if graph.edge_count() > 0 {
        graph.total_weight() / graph.edge_count() as f64
    } else {
        1.0
    };
    let influence = options.edge_weight_influence;
    let strength = |w: f64| -> f64 {
        let r = w / mean_weight;
        let s = if influence == 0.0 {
            1.0
        } else if influence == 1.0 {
            r
        } else {
            r.powf(influence)
        };
        if s.is_finite() { s } else { 1.0 }
    };

    let comps = components(graph);
    let members = comps.members();
    let mut local_of = vec![0usize; n];
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);

    // Lay out each component in its own coordinates, turned and boxed.
    let mut laid: Vec<Vec<(f64, f64)>> = Vec::with_capacity(members.len());
    let mut boxes: Vec<(f64, f64)> = Vec::with_capacity(members.len());
    for nodes in &members {
        for (i, &v) in nodes.iter().enumerate() {
            local_of[v as usize] = i;
        }
        let mut edges: Vec<(usize, usize, f64)> = Vec::new();
        for (i, &v) in nodes.iter().enumerate() {
            for (&u, &w) in graph.neighbors(v).iter().zip(graph.neighbor_weights(v)) {
                if u > v {
                    edges.push((i, local_of[u as usize], strength(w)));
                }
            }
        }
        let mass: Vec<f64> = nodes.iter().map(|&v| masses[v as usize]).collect();
        let mut pos = simulate(&mass, &edges, options.iterations, &mut rng);
        align(&mut pos, options.aspect_ratio < 1.0);
        let (min_x, min_y, max_x, max_y) = bounds(&pos);
        for p in &mut pos {
            p.0 += PAD - min_x;
            p.1 += PAD - min_y;
        }
        boxes.push((max_x - min_x + 2.0 * PAD, max_y - min_y + 2.0 * PAD));
        laid.push(pos);
    }

    // Pack the boxes, largest component first, in rows as wide as the aspect ratio asks.
    let area: f64 = boxes.iter().map(|(w, h)| (w + GAP) * (h + GAP)).sum();
    let widest = boxes.iter().map(|b| b.0).fold(0.0, f64::max);
    let (corners, total_w, total_h) = pack(&boxes, (area * options.aspect_ratio).sqrt().max(widest));

    // Scale uniformly into the unit square, centred.
    let side = total_w.max(total_h);
    let scale = if side > 0.0 && side.is_finite() {
        1.0 / side
    } else {
        1.0
    };
    let (off_x, off_y) = ((1.0 - total_w * scale) / 2.0, (1.0 - total_h * scale) / 2.0);
    let mut out = vec![(0.5, 0.5); n];
    for ((nodes, pos), &(cx, cy)) in members.iter().zip(&laid).zip(&corners) {
        for (&v, &(px, py)) in nodes.iter().zip(pos) {
            let unit = |c: f64| if c.is_finite() { c.clamp(0.0, 1.0) } else { 0.5 };
            out[v as usize] = (unit(off_x + (cx + px) * scale), unit(off_y + (cy + py) * scale));
        }
    }
    Ok(out)
}

/// Packs boxes `(width, height)`, in the given order, into rows (shelves) at most `row_width` wide (a box wider
/// than that has a row to itself), with [`GAP`] between boxes: within a row, boxes go into columns, stacked while
/// they fit under the row's first (usually tallest) box, so that small components fill the room beside a large one.
/// Returns the top-left corner of each box and the width and height of the whole.
fn pack(boxes: &[(f64, f64)], row_width: f64) -> (Vec<(f64, f64)>, f64, f64) {
    let mut corners = Vec::with_capacity(boxes.len());
    let (mut row_y, mut row_h) = (0.0f64, 0.0f64);
    // The current column: its left side, its width and the height its boxes use (0 when there is none yet).
    let (mut col_x, mut col_w, mut col_used) = (0.0f64, 0.0f64, 0.0f64);
    let (mut total_w, mut total_h) = (0.0f64, 0.0f64);
    for &(w, h) in boxes {
        let corner = if col_used > 0.0 && col_used + GAP + h <= row_h && col_x + w.max(col_w) <= row_width {
            // Below the last box of the current column.
            let corner = (col_x, row_y + col_used + GAP);
            col_used += GAP + h;
            col_w = col_w.max(w);
            corner
        } else if col_used == 0.0 || col_x + col_w + GAP + w <= row_width {
            // A new column in the current row.
            if col_used > 0.0 {
                col_x += col_w + GAP;
            }
            (col_w, col_used) = (w, h);
            row_h = row_h.max(h);
            (col_x, row_y)
        } else {
            // A new row.
            row_y += row_h + GAP;
            (col_x, col_w, col_used, row_h) = (0.0, w, h, h);
            (col_x, row_y)
        };
        total_w = total_w.max(corner.0 + w);
        total_h = total_h.max(corner.1 + h);
        corners.push(corner);
    }
    (corners, total_w, total_h)
}

fn validate(n: usize, options: &LayoutOptions) -> Result<()> {
    if n > MAX_LAYOUT_NODES {
        return Err(Error::InvalidOption(format!(
            "the graph has {n} nodes, more than the {MAX_LAYOUT_NODES} a force layout draws readably: draw the graph \
             of communities (layout::quotient) or one component at a time"
        )));
    }
    if options.iterations == 0 || options.iterations > MAX_ITERATIONS {
        return Err(Error::InvalidOption(format!(
            "layout iterations must be between 1 and {MAX_ITERATIONS}, not {}",
            options.iterations
        )));
    }
    let ratio = options.aspect_ratio;
    if !(ratio.is_finite() && (MIN_ASPECT_RATIO..=MAX_ASPECT_RATIO).contains(&ratio)) {
        return Err(Error::InvalidOption(format!(
            "the layout's aspect ratio must be between {MIN_ASPECT_RATIO} and {MAX_ASPECT_RATIO}, not {ratio}"
        )));
    }
    let influence = options.edge_weight_influence;
    if !(influence.is_finite() && (0.0..=MAX_EDGE_WEIGHT_INFLUENCE).contains(&influence)) {
        return Err(Error::InvalidOption(format!(
            "the edge weight influence must be between 0 and {MAX_EDGE_WEIGHT_INFLUENCE}, not {influence}"
        )));
    }
    if !options.node_weights.is_empty() {
        if options.node_weights.len() != n {
            return Err(Error::InvalidOption(format!(
                "{} node weights for a graph of {n} nodes",
                options.node_weights.len()
            )));
        }
        if let Some((v, w)) = options
            .node_weights
            .iter()
            .enumerate()
            .find(|(_, w)| !(w.is_finite() && **w > 0.0))
        {
            return Err(Error::InvalidOption(format!(
                "the weight of node {v} is {w}, not a positive finite number"
            )));
        }
    }
    Ok(())
}

/// Fruchterman–Reingold on one connected component: `mass` per node, `(i, j, strength)` per edge.
fn simulate(
    mass: &[f64],
    edges: &[(usize, usize, f64)],
    iterations: usize,
    rng: &mut ChaCha8Rng,
) -> Vec<(f64, f64)> {
    let m = mass.len();
    let width = (m as f64).sqrt() * K;
    let mut pos: Vec<(f64, f64)> = (0..m)
        .map(|_| (rng.random::<f64>() * width, rng.random::<f64>() * width))
        .collect();
    if m < 2 {
        return pos;
    }
    let t0 = width / 10.0;
    let mut disp = vec![(0.0f64, 0.0f64); m];
    for it in 0..iterations {
        disp.fill((0.0, 0.0));
        // Repulsion between every pair: k² mᵢ mⱼ / d along the unit vector, i.e. δ k² mᵢ mⱼ / d².
        for i in 0..m {
            let (xi, yi) = pos[i];
            let mi = mass[i];
            let (mut fx, mut fy) = (0.0, 0.0);
            for j in (i + 1)..m {
                let (mut dx, mut dy) = (xi - pos[j].0, yi - pos[j].1);
                let mut d2 = dx * dx + dy * dy;
                if d2 < TINY {
                    (dx, dy) = coincident(i, j);
                    d2 = dx * dx + dy * dy;
                }
                let f = K * K * mi * mass[j] / d2;
                fx += dx * f;
                fy += dy * f;
                disp[j].0 -= dx * f;
                disp[j].1 -= dy * f;
            }
            disp[i].0 += fx;
            disp[i].1 += fy;
        }
        // Attraction along each edge: w d² / k along the unit vector, i.e. δ w d / k.
        for &(i, j, w) in edges {
            let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
            let f = w * (dx * dx + dy * dy).sqrt() / K;
            disp[i].0 -= dx * f;
            disp[i].1 -= dy * f;
            disp[j].0 += dx * f;
            disp[j].1 += dy * f;
        }
        // Move by at most the temperature, which cools linearly to 0.
        let t = t0 * (iterations - it) as f64 / iterations as f64;
        for (p, &(dx, dy)) in pos.iter_mut().zip(&disp) {
            let len = (dx * dx + dy * dy).sqrt();
            if len > 0.0 && len.is_finite() {
                let step = len.min(t) / len;
                p.0 += dx * step;
                p.1 += dy * step;
            }
        }
    }
    pos
}

/// A small fixed direction that pushes apart two nodes at the same place, different for different pairs.
fn coincident(i: usize, j: usize) -> (f64, f64) {
    let a = ((i * 31 + j * 17) % 13) as f64 - 6.0;
    let b = ((i * 7 + j * 29) % 11) as f64 - 5.0;
    let (a, b) = if a == 0.0 && b == 0.0 { (1.0, 0.0) } else { (a, b) };
    (a * 1e-4, b * 1e-4)
}

/// Centres the positions and turns them so that their principal (longest) axis is horizontal, or vertical.
fn align(pos: &mut [(f64, f64)], vertical: bool) {
    let m = pos.len() as f64;
    if pos.is_empty() {
        return;
    }
    let cx = pos.iter().map(|p| p.0).sum::<f64>() / m;
    let cy = pos.iter().map(|p| p.1).sum::<f64>() / m;
    let (mut a, mut b, mut c) = (0.0, 0.0, 0.0);
    for p in pos.iter_mut() {
        p.0 -= cx;
        p.1 -= cy;
        a += p.0 * p.0;
        b += p.0 * p.1;
        c += p.1 * p.1;
    }
    // The largest eigenvalue of [[a, b], [b, c]] and its eigenvector, from whichever row gives the longer one.
    let half = (a - c) / 2.0;
    let lambda = (a + c) / 2.0 + (half * half + b * b).sqrt();
    let (u, v) = ((b, lambda - a), (lambda - c, b));
    let (u2, v2) = (u.0 * u.0 + u.1 * u.1, v.0 * v.0 + v.1 * v.1);
    let (mut ex, mut ey, len2) = if u2 > v2 { (u.0, u.1, u2) } else { (v.0, v.1, v2) };
    if !(len2 > 0.0 && len2.is_finite()) {
        return;
    }
    let len = len2.sqrt();
    (ex, ey) = (ex / len, ey / len);
    if ex < 0.0 || (ex == 0.0 && ey < 0.0) {
        (ex, ey) = (-ex, -ey);
    }
    if vertical {
        // Turn the principal axis to (0, 1) instead of (1, 0).
        (ex, ey) = (-ey, ex);
    }
    for p in pos.iter_mut() {
        *p = (ex * p.0 + ey * p.1, -ey * p.0 + ex * p.1);
    }
}

/// `(min x, min y, max x, max y)` of the positions; zeros when there are none.
fn bounds(pos: &[(f64, f64)]) -> (f64, f64, f64, f64) {
    if pos.is_empty() {
        return (0.0, 0.0, 0.0, 0.0);
    }
    pos.iter().fold(
        (f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY),
        |(x0, y0, x1, y1), &(x, y)| (x0.min(x), y0.min(y), x1.max(x), y1.max(y)),
    )
}

/// The graph of communities: one node per community (community `c` of `membership` is node `c`), an edge between
/// two communities weighted by the sum of the weights of the edges between their members, and the number of nodes
/// of each community. Edges within a community are not in the quotient graph (it has no self-loops); their weight
/// is the original total weight minus the quotient's.
///
/// Community ids need not be contiguous (an unused id gives a community of size 0, without edges), but must be
/// below the number of nodes. Errors ([`Error::InvalidOption`]) when `membership` does not have one community per
/// node or an id is too large.
pub fn quotient(graph: &Graph, membership: &[u32]) -> Result<(Graph, Vec<usize>)> {
    let n = graph.node_count();
    if membership.len() != n {
        return Err(Error::InvalidOption(format!(
            "{} community memberships for a graph of {n} nodes",
            membership.len()
        )));
    }
    let count = membership.iter().max().map_or(0, |&c| c as usize + 1);
    if count > n {
        return Err(Error::InvalidOption(format!(
            "community id {} is not below the number of nodes ({n})",
            count - 1
        )));
    }
    let mut sizes = vec![0usize; count];
    for &c in membership {
        sizes[c as usize] += 1;
    }
    let mut edges = Vec::new();
    for v in 0..n as u32 {
        let cv = membership[v as usize];
        for (&u, &w) in graph.neighbors(v).iter().zip(graph.neighbor_weights(v)) {
            let cu = membership[u as usize];
            if u > v && cu != cv {
                edges.push((cv.min(cu), cv.max(cu), w));
            }
        }
    }
    // Sorted, so that parallel edges are summed in the same order whatever the numbering of the nodes within.
    edges.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then(a.2.total_cmp(&b.2)));
    let quotient = Graph::from_edges(count, &edges)?;
    Ok((quotient, sizes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clique(nodes: std::ops::Range<u32>, edges: &mut Vec<(u32, u32, f64)>) {
        for a in nodes.clone() {
            for b in (a + 1)..nodes.end {
                edges.push((a, b, 1.0));
            }
        }
    }

    fn random_graph(n: u32, p: f64, seed: u64) -> Graph {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut edges = Vec::new();
        for a in 0..n {
            for b in (a + 1)..n {
                if rng.random::<f64>() < p {
                    edges.push((a, b, rng.random_range(1..5) as f64));
                }
            }
        }
        Graph::from_edges(n as usize, &edges).unwrap()
    }

    fn dist(a: (f64, f64), b: (f64, f64)) -> f64 {
        ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
    }

    fn in_unit_box(pos: &[(f64, f64)]) -> bool {
        pos.iter().all(|&(x, y)| {
            x.is_finite() && y.is_finite() && (0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y)
        })
    }

    #[test]
    fn same_seed_same_positions_bit_for_bit() {
        let g = random_graph(80, 0.05, 7);
        let opts = LayoutOptions {
            seed: 42,
            ..LayoutOptions::default()
        };
        let a = force_layout(&g, &opts).unwrap();
        let b = force_layout(&g, &opts).unwrap();
        let bits = |p: &[(f64, f64)]| {
            p.iter()
                .map(|(x, y)| (x.to_bits(), y.to_bits()))
                .collect::<Vec<_>>()
        };
        assert_eq!(bits(&a), bits(&b));
        let c = force_layout(
            &g,
            &LayoutOptions {
                seed: 43,
                ..LayoutOptions::default()
            },
        )
        .unwrap();
        assert_ne!(bits(&a), bits(&c));
    }

    #[test]
    fn positions_are_finite_and_in_the_unit_square() {
        let mut graphs = vec![
            Graph::from_edges(0, &[]).unwrap(),
            Graph::from_edges(1, &[]).unwrap(),
            Graph::from_edges(2, &[(0, 1, 1.0)]).unwrap(),
            Graph::from_edges(5, &[]).unwrap(),
            Graph::from_edges(
                6,
                &[(0, 1, 1.0), (0, 2, 1.0), (0, 3, 1.0), (0, 4, 1.0), (0, 5, 1e9)],
            )
            .unwrap(),
            Graph::from_edges(3, &[(0, 1, f64::MAX), (1, 2, f64::MIN_POSITIVE)]).unwrap(),
        ];
        for seed in 0..4 {
            graphs.push(random_graph(60, 0.04, seed));
        }
        for g in &graphs {
            for influence in [0.0, 0.5, 1.0, 4.0] {
                let opts = LayoutOptions {
                    edge_weight_influence: influence,
                    iterations: 100,
                    ..LayoutOptions::default()
                };
                let pos = force_layout(g, &opts).unwrap();
                assert_eq!(pos.len(), g.node_count());
                assert!(in_unit_box(&pos), "{pos:?}");
            }
            let weighted = LayoutOptions {
                node_weights: (0..g.node_count()).map(|v| 1.0 + v as f64).collect(),
                ..LayoutOptions::default()
            };
            assert!(in_unit_box(&force_layout(g, &weighted).unwrap()));
        }
        assert_eq!(
            force_layout(&graphs[1], &LayoutOptions::default()).unwrap(),
            [(0.5, 0.5)]
        );
        // The drawing fills the square along its longer side.
        let pos = force_layout(&graphs[6], &LayoutOptions::default()).unwrap();
        let (x0, y0, x1, y1) = bounds(&pos);
        assert!(
            x0 < 0.05 && x1 > 0.95 || y0 < 0.05 && y1 > 0.95,
            "{x0} {y0} {x1} {y1}"
        );
    }

    #[test]
    fn two_cliques_joined_by_one_edge_stay_apart() {
        let mut edges = Vec::new();
        clique(0..8, &mut edges);
        clique(8..16, &mut edges);
        edges.push((7, 8, 1.0));
        let g = Graph::from_edges(16, &edges).unwrap();
        for seed in 0..5 {
            let pos = force_layout(
                &g,
                &LayoutOptions {
                    seed,
                    ..LayoutOptions::default()
                },
            )
            .unwrap();
            let (mut intra, mut ni, mut inter, mut nx) = (0.0, 0, 0.0, 0);
            for a in 0..16 {
                for b in (a + 1)..16 {
                    if (a < 8) == (b < 8) {
                        intra += dist(pos[a], pos[b]);
                        ni += 1;
                    } else {
                        inter += dist(pos[a], pos[b]);
                        nx += 1;
                    }
                }
            }
            let (intra, inter) = (intra / ni as f64, inter / nx as f64);
            assert!(intra * 2.0 < inter, "seed {seed}: {intra} vs {inter}");
        }
    }

    #[test]
    fn components_do_not_overlap() {
        // A clique of 6, a path of 7, a triangle, a pair and three isolated nodes.
        let mut edges = Vec::new();
        clique(0..6, &mut edges);
        for v in 6..12 {
            edges.push((v, v + 1, 1.0));
        }
        edges.extend([(13, 14, 1.0), (14, 15, 1.0), (13, 15, 1.0), (16, 17, 2.0)]);
        let g = Graph::from_edges(21, &edges).unwrap();
        let parts: [&[usize]; 8] = [
            &[0, 1, 2, 3, 4, 5],
            &[6, 7, 8, 9, 10, 11, 12],
            &[13, 14, 15],
            &[16, 17],
            &[18],
            &[19],
            &[20],
            &[],
        ];
        for seed in 0..5 {
            let pos = force_layout(
                &g,
                &LayoutOptions {
                    seed,
                    ..LayoutOptions::default()
                },
            )
            .unwrap();
            assert!(in_unit_box(&pos));
            let boxes: Vec<_> = parts
                .iter()
                .filter(|p| !p.is_empty())
                .map(|p| bounds(&p.iter().map(|&v| pos[v]).collect::<Vec<_>>()))
                .collect();
            for (i, a) in boxes.iter().enumerate() {
                for b in &boxes[..i] {
                    let apart = a.2 < b.0 || b.2 < a.0 || a.3 < b.1 || b.3 < a.1;
                    assert!(apart, "seed {seed}: {a:?} overlaps {b:?}");
                }
            }
            // Every pair of nodes of different components is further apart than the closest linked pair.
            let closest_link = edges
                .iter()
                .map(|&(a, b, _)| dist(pos[a as usize], pos[b as usize]))
                .fold(f64::INFINITY, f64::min);
            for (i, p) in parts.iter().enumerate() {
                for q in &parts[..i] {
                    for &a in *p {
                        for &b in *q {
                            assert!(dist(pos[a], pos[b]) > closest_link, "seed {seed}: {a} {b}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn the_aspect_ratio_turns_and_packs() {
        // A path, turned along the longer side.
        let edges: Vec<(u32, u32, f64)> = (0..11).map(|v| (v, v + 1, 1.0)).collect();
        let path = Graph::from_edges(12, &edges).unwrap();
        // Many small components: 20 triangles, 15 pairs and 25 isolated nodes.
        let mut edges = Vec::new();
        for t in 0..20 {
            let v = 3 * t;
            edges.extend([(v, v + 1, 1.0), (v + 1, v + 2, 1.0), (v, v + 2, 1.0)]);
        }
        for p in 0..15 {
            edges.push((60 + 2 * p, 61 + 2 * p, 1.0));
        }
        let many = Graph::from_edges(115, &edges).unwrap();
        for ratio in [0.5, 1.0, 2.0] {
            let opts = LayoutOptions {
                aspect_ratio: ratio,
                ..LayoutOptions::default()
            };
            let pos = force_layout(&path, &opts).unwrap();
            let (x0, y0, x1, y1) = bounds(&pos);
            assert_eq!(x1 - x0 > y1 - y0, ratio >= 1.0, "the path, ratio {ratio}");
            let pos = force_layout(&many, &opts).unwrap();
            assert!(in_unit_box(&pos));
            let (x0, y0, x1, y1) = bounds(&pos);
            let shape = (x1 - x0) / (y1 - y0);
            assert!(
                shape > ratio / 1.5 && shape < ratio * 1.5,
                "ratio {ratio}: {shape}"
            );
        }
    }

    #[test]
    fn heavier_edges_pull_closer() {
        let g = Graph::from_edges(3, &[(0, 1, 10.0), (1, 2, 1.0), (0, 2, 1.0)]).unwrap();
        let pos = force_layout(&g, &LayoutOptions::default()).unwrap();
        assert!(dist(pos[0], pos[1]) < dist(pos[1], pos[2]));
        let flat = LayoutOptions {
            edge_weight_influence: 0.0,
            ..LayoutOptions::default()
        };
        let pos = force_layout(&g, &flat).unwrap();
        let (d01, d12) = (dist(pos[0], pos[1]), dist(pos[1], pos[2]));
        assert!((d01 - d12).abs() < 0.05 * d12, "{d01} {d12}");
    }

    #[test]
    fn refuses_bad_options_and_large_graphs() {
        let g = Graph::from_edges(3, &[(0, 1, 1.0)]).unwrap();
        let bad = [
            LayoutOptions {
                iterations: 0,
                ..LayoutOptions::default()
            },
            LayoutOptions {
                iterations: MAX_ITERATIONS + 1,
                ..LayoutOptions::default()
            },
            LayoutOptions {
                edge_weight_influence: -1.0,
                ..LayoutOptions::default()
            },
            LayoutOptions {
                edge_weight_influence: f64::NAN,
                ..LayoutOptions::default()
            },
            LayoutOptions {
                aspect_ratio: 0.0,
                ..LayoutOptions::default()
            },
            LayoutOptions {
                aspect_ratio: f64::INFINITY,
                ..LayoutOptions::default()
            },
            LayoutOptions {
                node_weights: vec![1.0, 1.0],
                ..LayoutOptions::default()
            },
            LayoutOptions {
                node_weights: vec![1.0, 0.0, 1.0],
                ..LayoutOptions::default()
            },
        ];
        for opts in &bad {
            assert!(
                matches!(force_layout(&g, opts), Err(Error::InvalidOption(_))),
                "{opts:?}"
            );
        }
        let big = Graph::from_edges(MAX_LAYOUT_NODES + 1, &[]).unwrap();
        match force_layout(&big, &LayoutOptions::default()) {
            Err(Error::InvalidOption(message)) => assert!(message.contains("communities"), "{message}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn quotient_sums_weights_between_communities() {
        // Communities {0, 1, 2} (id 0), {3, 4} (id 2), {5} (id 1).
        let g = Graph::from_edges(
            6,
            &[
                (0, 1, 1.0),
                (1, 2, 2.0),
                (2, 3, 3.0),
                (0, 4, 0.5),
                (3, 4, 4.0),
                (4, 5, 1.5),
                (1, 5, 2.5),
            ],
        )
        .unwrap();
        let membership = [0, 0, 0, 2, 2, 1];
        let (q, sizes) = quotient(&g, &membership).unwrap();
        assert_eq!(sizes, [3, 1, 2]);
        assert_eq!(q.node_count(), 3);
        assert_eq!(q.edge_count(), 3);
        assert_eq!(q.weight(0, 2), 3.5);
        assert_eq!(q.weight(1, 2), 1.5);
        assert_eq!(q.weight(0, 1), 2.5);
        let internal = 1.0 + 2.0 + 4.0;
        assert_eq!(q.total_weight() + internal, g.total_weight());

        // On a random graph, the total weight between communities is preserved.
        let g = random_graph(50, 0.1, 3);
        let membership: Vec<u32> = (0..50).map(|v| v % 7).collect();
        let (q, sizes) = quotient(&g, &membership).unwrap();
        assert_eq!(sizes.iter().sum::<usize>(), 50);
        let mut between = 0.0;
        for a in 0..50u32 {
            for (&b, &w) in g.neighbors(a).iter().zip(g.neighbor_weights(a)) {
                if a < b && membership[a as usize] != membership[b as usize] {
                    between += w;
                }
            }
        }
        assert!((q.total_weight() - between).abs() < 1e-9);
        assert!(in_unit_box(
            &force_layout(
                &q,
                &LayoutOptions {
                    node_weights: sizes.iter().map(|&s| s as f64).collect(),
                    ..LayoutOptions::default()
                }
            )
            .unwrap()
        ));

        assert!(matches!(
            quotient(&g, &membership[..10]),
            Err(Error::InvalidOption(_))
        ));
        let mut far = membership.clone();
        far[0] = 50;
        assert!(matches!(quotient(&g, &far), Err(Error::InvalidOption(_))));
        let (empty, sizes) = quotient(&Graph::from_edges(0, &[]).unwrap(), &[]).unwrap();
        assert_eq!((empty.node_count(), sizes.len()), (0, 0));
    }
}
