//! The network's structure: connected components, articulation points (cut vertices: a node whose removal splits
//! its component) with the pieces their removal leaves, and bridges (an edge whose removal splits its component).
//! Everything is iterative — no recursion, so graphs of hundreds of thousands of nodes cannot overflow the stack —
//! and linear in the size of the graph.

use crate::graph::Graph;

/// The connected components: `membership[v]` is the component of node `v`; components are numbered by decreasing
/// size, ties by their smallest node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Components {
    /// Component of each node.
    pub membership: Vec<u32>,
    /// Number of nodes of each component (non-increasing).
    pub sizes: Vec<usize>,
}

impl Components {
    /// The number of components (isolated nodes are components of size 1).
    pub fn count(&self) -> usize {
        self.sizes.len()
    }

    /// The nodes of each component, ascending, in component order.
    pub fn members(&self) -> Vec<Vec<u32>> {
        let mut members: Vec<Vec<u32>> = self.sizes.iter().map(|&s| Vec::with_capacity(s)).collect();
        for (v, &c) in self.membership.iter().enumerate() {
            members[c as usize].push(v as u32);
        }
        members
    }
}

/// The connected components of the graph (breadth-first search).
pub fn components(graph: &Graph) -> Components {
    let n = graph.node_count();
    const NONE: u32 = u32::MAX;
    let mut found = vec![NONE; n];
    let mut sizes = Vec::new();
    let mut queue = Vec::new();
    for start in 0..n {
        if found[start] != NONE {
            continue;
        }
        let id = sizes.len() as u32;
        found[start] = id;
        queue.clear();
        queue.push(start as u32);
        let mut head = 0;
        while let Some(&v) = queue.get(head) {
            head += 1;
            for &w in graph.neighbors(v) {
                if found[w as usize] == NONE {
                    found[w as usize] = id;
                    queue.push(w);
                }
            }
        }
        sizes.push(queue.len());
    }
    // Components were found in order of their smallest node; a stable sort by decreasing size keeps that order
    // among equal sizes.
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    order.sort_by(|&a, &b| sizes[b].cmp(&sizes[a]));
    let mut rename = vec![0u32; sizes.len()];
    for (new, &old) in order.iter().enumerate() {
        rename[old] = new as u32;
    }
    Components {
        membership: found.into_iter().map(|c| rename[c as usize]).collect(),
        sizes: order.iter().map(|&old| sizes[old]).collect(),
    }
}

/// An articulation point and what its removal does to its component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CutVertex {
    /// The node.
    pub node: u32,
    /// The number of connected pieces its component falls into without it (at least 2).
    pub pieces: usize,
    /// The number of nodes of each piece, decreasing (they sum to the component's size less one).
    pub piece_sizes: Vec<usize>,
}

/// The articulation points and bridges of a graph, from one depth-first search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CutStructure {
    /// The articulation points, ascending by node.
    pub cut_vertices: Vec<CutVertex>,
    /// The bridges `(a, b)` with `a < b`, ascending.
    pub bridges: Vec<(u32, u32)>,
}

/// The articulation points (ascending) of the graph: the nodes whose removal increases the number of connected
/// components (NetworkX `articulation_points`).
pub fn articulation_points(graph: &Graph) -> Vec<u32> {
    cut_structure(graph)
        .cut_vertices
        .into_iter()
        .map(|c| c.node)
        .collect()
}

/// The articulation points with the pieces their removal leaves ("removing this person splits the group into
/// pieces of 12, 3 and 1"), ascending by node.
pub fn cut_vertices(graph: &Graph) -> Vec<CutVertex> {
    cut_structure(graph).cut_vertices
}

/// The bridges `(a, b)`, `a < b`, ascending: the edges whose removal increases the number of connected
/// components (NetworkX `bridges`).
pub fn bridges(graph: &Graph) -> Vec<(u32, u32)> {
    cut_structure(graph).bridges
}

/// Articulation points, their pieces, and bridges: Hopcroft–Tarjan low points from an iterative depth-first
/// search. For a tree edge `p → c`, the subtree of `c` is cut off by removing `p` when `low[c] ≥ disc[p]`, and the
/// edge is a bridge when `low[c] > disc[p]`. (The graph has no parallel edges, so skipping the edge back to the
/// parent is skipping the parent.)
pub fn cut_structure(graph: &Graph) -> CutStructure {
    let n = graph.node_count();
    const NONE: u32 = u32::MAX;
    let mut disc = vec![NONE; n];
    let mut low = vec![0u32; n];
    let mut parent = vec![NONE; n];
    let mut subtree = vec![0usize; n];
    let mut root_of = vec![0u32; n];
    // Per node, the sizes of the child subtrees that its removal cuts off.
    let mut separated: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut bridges = Vec::new();
    // The DFS stack: (node, index of the next neighbour to look at).
    let mut stack: Vec<(u32, usize)> = Vec::new();
    let mut time = 0u32;
    for root in 0..n as u32 {
        if disc[root as usize] != NONE {
            continue;
        }
        disc[root as usize] = time;
        low[root as usize] = time;
        time += 1;
        subtree[root as usize] = 1;
        root_of[root as usize] = root;
        stack.push((root, 0));
        while let Some(top) = stack.last_mut() {
            let (v, next) = *top;
            let vi = v as usize;
            let neighbours = graph.neighbors(v);
            if let Some(&w) = neighbours.get(next) {
                top.1 += 1;
                let wi = w as usize;
                if disc[wi] == NONE {
                    disc[wi] = time;
                    low[wi] = time;
                    time += 1;
                    parent[wi] = v;
                    subtree[wi] = 1;
                    root_of[wi] = root;
                    stack.push((w, 0));
                } else if w != parent[vi] {
                    low[vi] = low[vi].min(disc[wi]);
                }
            } else {
                stack.pop();
                let p = parent[vi];
                if p != NONE {
                    let pi = p as usize;
                    low[pi] = low[pi].min(low[vi]);
                    subtree[pi] += subtree[vi];
                    if low[vi] >= disc[pi] {
                        separated[pi].push(subtree[vi]);
                    }
                    if low[vi] > disc[pi] {
                        bridges.push((p.min(v), p.max(v)));
                    }
                }
            }
        }
    }
    let mut cut_vertices = Vec::new();
    for v in 0..n {
        let is_root = parent[v] == NONE;
        let cut_off = &separated[v];
        // A root is cut when it has two DFS children or more (each is then cut off); any other node when one child
        // subtree at least is cut off, the rest of the component (with the parent) being one more piece.
        if (is_root && cut_off.len() >= 2) || (!is_root && !cut_off.is_empty()) {
            let mut piece_sizes = cut_off.clone();
            if !is_root {
                let component = subtree[root_of[v] as usize];
                piece_sizes.push(component - 1 - cut_off.iter().sum::<usize>());
            }
            piece_sizes.sort_unstable_by(|a, b| b.cmp(a));
            cut_vertices.push(CutVertex {
                node: v as u32,
                pieces: piece_sizes.len(),
                piece_sizes,
            });
        }
    }
    bridges.sort_unstable();
    CutStructure {
        cut_vertices,
        bridges,
    }
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

    #[test]
    fn a_bridge_between_two_triangles_and_isolated_nodes() {
        // Triangles {0, 1, 2} and {3, 4, 5} joined by 2–3; 6 isolated; 7–8 a pair.
        let g = graph(
            9,
            &[(0, 1), (1, 2), (0, 2), (2, 3), (3, 4), (4, 5), (3, 5), (7, 8)],
        );
        let c = components(&g);
        assert_eq!(c.sizes, [6, 2, 1]);
        assert_eq!(c.count(), 3);
        assert_eq!(c.members(), vec![vec![0, 1, 2, 3, 4, 5], vec![7, 8], vec![6]]);
        assert_eq!(articulation_points(&g), [2, 3]);
        assert_eq!(bridges(&g), [(2, 3), (7, 8)]);
        assert_eq!(
            cut_vertices(&g),
            [
                CutVertex {
                    node: 2,
                    pieces: 2,
                    piece_sizes: vec![3, 2]
                },
                CutVertex {
                    node: 3,
                    pieces: 2,
                    piece_sizes: vec![3, 2]
                },
            ]
        );
    }

    #[test]
    fn a_star_and_a_path() {
        let star = graph(5, &[(0, 1), (0, 2), (0, 3), (0, 4)]);
        assert_eq!(
            cut_vertices(&star),
            [CutVertex {
                node: 0,
                pieces: 4,
                piece_sizes: vec![1, 1, 1, 1]
            }]
        );
        assert_eq!(bridges(&star).len(), 4);
        let path = graph(5, &[(0, 1), (1, 2), (2, 3), (3, 4)]);
        assert_eq!(articulation_points(&path), [1, 2, 3]);
        assert_eq!(cut_vertices(&path)[1].piece_sizes, [2, 2]);
        assert!(articulation_points(&graph(0, &[])).is_empty());
        assert_eq!(components(&graph(0, &[])).count(), 0);
    }

    #[test]
    fn a_long_path_does_not_overflow_the_stack() {
        let n = 300_000u32;
        let edges: Vec<_> = (1..n).map(|v| (v - 1, v)).collect();
        let g = graph(n as usize, &edges);
        let s = cut_structure(&g);
        assert_eq!(s.cut_vertices.len(), n as usize - 2);
        assert_eq!(s.bridges.len(), n as usize - 1);
        assert_eq!(components(&g).sizes, [n as usize]);
    }

    /// The number of components of `g` without node `skip` and without edge `cut` (brute force).
    fn count_without(g: &Graph, skip: Option<u32>, cut: Option<(u32, u32)>) -> (usize, Vec<usize>) {
        let n = g.node_count();
        let mut seen = vec![false; n];
        if let Some(s) = skip {
            seen[s as usize] = true;
        }
        let mut sizes = Vec::new();
        for start in 0..n as u32 {
            if seen[start as usize] {
                continue;
            }
            seen[start as usize] = true;
            let mut stack = vec![start];
            let mut size = 0;
            while let Some(x) = stack.pop() {
                size += 1;
                for &y in g.neighbors(x) {
                    if cut == Some((x.min(y), x.max(y))) || seen[y as usize] {
                        continue;
                    }
                    seen[y as usize] = true;
                    stack.push(y);
                }
            }
            sizes.push(size);
        }
        (sizes.len(), sizes)
    }

    fn random_graph() -> impl Strategy<Value = Graph> {
        (1usize..25, 0.02f64..0.4, any::<u64>()).prop_map(|(n, density, seed)| {
            use rand::{RngExt, SeedableRng};
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let mut edges = Vec::new();
            for a in 0..n as u32 {
                for b in a + 1..n as u32 {
                    if rng.random::<f64>() < density {
                        edges.push((a, b));
                    }
                }
            }
            graph(n, &edges)
        })
    }

    proptest! {
        #[test]
        fn cuts_match_removal(g in random_graph()) {
            let (before, _) = count_without(&g, None, None);
            let comps = components(&g);
            prop_assert_eq!(comps.count(), before);
            let s = cut_structure(&g);
            let mut expected_points = Vec::new();
            for v in 0..g.node_count() as u32 {
                let (after, _) = count_without(&g, Some(v), None);
                let isolated = g.degree(v) == 0;
                // Removing v loses its component and adds its pieces.
                let pieces = after + 1 - before;
                if !isolated && pieces >= 2 {
                    expected_points.push(v);
                    let found = s.cut_vertices.iter().find(|c| c.node == v).unwrap();
                    prop_assert_eq!(found.pieces, pieces);
                    let total: usize = found.piece_sizes.iter().sum();
                    let component = comps.sizes[comps.membership[v as usize] as usize];
                    prop_assert_eq!(total, component - 1);
                }
            }
            prop_assert_eq!(articulation_points(&g), expected_points);
            let mut expected_bridges = Vec::new();
            for a in 0..g.node_count() as u32 {
                for &b in g.neighbors(a) {
                    if a < b && count_without(&g, None, Some((a, b))).0 > before {
                        expected_bridges.push((a, b));
                    }
                }
            }
            prop_assert_eq!(s.bridges, expected_bridges);
            // Component ids: decreasing size, and the sizes are right.
            prop_assert!(comps.sizes.windows(2).all(|w| w[0] >= w[1]));
            for (c, m) in comps.members().iter().enumerate() {
                prop_assert_eq!(m.len(), comps.sizes[c]);
            }
        }
    }
}
