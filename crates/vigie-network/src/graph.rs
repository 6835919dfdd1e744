//! The undirected, weighted graph every analysis works on, in compressed sparse row form: nodes are `0..n`, each
//! edge is stored in both directions, parallel edges are merged (weights summed) and self-loops are refused.

use crate::error::{Error, Result};

/// An undirected graph with positive edge weights (tie strengths), in CSR form.
#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    /// `offsets[v]..offsets[v + 1]` indexes the neighbours of `v` in `targets` and `weights`.
    offsets: Vec<usize>,
    /// Neighbours, sorted ascending within each node.
    targets: Vec<u32>,
    weights: Vec<f64>,
    /// Σ of the weights of the (undirected) edges.
    total_weight: f64,
}

impl Graph {
    /// A graph of `n` nodes from undirected edges `(a, b, weight)`. Parallel edges (in either direction) are merged
    /// into one edge whose weight is the sum. Errors on a node out of range, a self-loop, or a weight that is not a
    /// positive finite number.
    pub fn from_edges(n: usize, edges: &[(u32, u32, f64)]) -> Result<Self> {
        let mut degree = vec![0usize; n];
        for (index, &(a, b, w)) in edges.iter().enumerate() {
            for node in [a, b] {
                if node as usize >= n {
                    return Err(Error::NodeOutOfRange {
                        index,
                        node,
                        nodes: n,
                    });
                }
            }
            if a == b {
                return Err(Error::SelfLoop { index, node: a });
            }
            if !(w.is_finite() && w > 0.0) {
                return Err(Error::BadWeight { index, weight: w });
            }
            degree[a as usize] += 1;
            degree[b as usize] += 1;
        }
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        for d in &degree {
            let last = offsets.last().copied().unwrap_or(0);
            offsets.push(last + d);
        }
        let mut fill = offsets[..n].to_vec();
        let mut pairs = vec![(0u32, 0f64); offsets[n]];
        for &(a, b, w) in edges {
            pairs[fill[a as usize]] = (b, w);
            fill[a as usize] += 1;
            pairs[fill[b as usize]] = (a, w);
            fill[b as usize] += 1;
        }
        // sort each row and merge parallel edges
        let mut targets = Vec::with_capacity(pairs.len());
        let mut weights = Vec::with_capacity(pairs.len());
        let mut new_offsets = Vec::with_capacity(n + 1);
        new_offsets.push(0);
        for v in 0..n {
            let row = &mut pairs[offsets[v]..offsets[v + 1]];
            row.sort_by_key(|p| p.0);
            let start = targets.len();
            for &(t, w) in row.iter() {
                if targets.len() > start && targets.last() == Some(&t) {
                    if let Some(last) = weights.last_mut() {
                        *last += w;
                    }
                } else {
                    targets.push(t);
                    weights.push(w);
                }
            }
            new_offsets.push(targets.len());
        }
        let total_weight = weights.iter().sum::<f64>() / 2.0;
        Ok(Self {
            offsets: new_offsets,
            targets,
            weights,
            total_weight,
        })
    }

    /// The subgraph induced by `keep` (node `i` of the result is `keep[i]`; repeated or out-of-range nodes are
    /// ignored after their first occurrence), with the edges between kept nodes and their weights.
    pub fn induced(&self, keep: &[u32]) -> Result<(Graph, Vec<u32>)> {
        let n = self.node_count();
        let mut index = vec![u32::MAX; n];
        let mut kept = Vec::with_capacity(keep.len());
        for &v in keep {
            if (v as usize) < n && index[v as usize] == u32::MAX {
                index[v as usize] = kept.len() as u32;
                kept.push(v);
            }
        }
        let mut edges = Vec::new();
        for (i, &v) in kept.iter().enumerate() {
            for (&u, &w) in self.neighbors(v).iter().zip(self.neighbor_weights(v)) {
                let j = index[u as usize];
                if j != u32::MAX && (i as u32) < j {
                    edges.push((i as u32, j, w));
                }
            }
        }
        Ok((Graph::from_edges(kept.len(), &edges)?, kept))
    }

    /// The number of nodes.
    pub fn node_count(&self) -> usize {
        self.offsets.len() - 1
    }

    /// The number of (merged, undirected) edges.
    pub fn edge_count(&self) -> usize {
        self.targets.len() / 2
    }

    /// The neighbours of `v`, ascending.
    pub fn neighbors(&self, v: u32) -> &[u32] {
        let v = v as usize;
        &self.targets[self.offsets[v]..self.offsets[v + 1]]
    }

    /// The weights of the edges to the neighbours of `v`, in the order of [`Graph::neighbors`].
    pub fn neighbor_weights(&self, v: u32) -> &[f64] {
        let v = v as usize;
        &self.weights[self.offsets[v]..self.offsets[v + 1]]
    }

    /// The number of neighbours of `v`.
    pub fn degree(&self, v: u32) -> usize {
        let v = v as usize;
        self.offsets[v + 1] - self.offsets[v]
    }

    /// The sum of the weights of the edges of `v`.
    pub fn strength(&self, v: u32) -> f64 {
        self.neighbor_weights(v).iter().sum()
    }

    /// The sum of the weights of all edges (each counted once).
    pub fn total_weight(&self) -> f64 {
        self.total_weight
    }

    /// The weight of the edge between `a` and `b` (0 when there is none).
    pub fn weight(&self, a: u32, b: u32) -> f64 {
        match self.neighbors(a).binary_search(&b) {
            Ok(i) => self.neighbor_weights(a)[i],
            Err(_) => 0.0,
        }
    }

    /// The CSR arrays: offsets (length n + 1), targets and weights (length 2 × edges).
    pub fn csr(&self) -> (&[usize], &[u32], &[f64]) {
        (&self.offsets, &self.targets, &self.weights)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn an_induced_subgraph_keeps_the_edges_between_kept_nodes() {
        let g = Graph::from_edges(
            5,
            &[(0, 1, 1.0), (1, 2, 2.0), (2, 3, 3.0), (3, 4, 4.0), (4, 0, 5.0)],
        )
        .unwrap();
        let (h, kept) = g.induced(&[3, 2, 9, 3, 4]).unwrap();
        assert_eq!(kept, [3, 2, 4]);
        assert_eq!(h.node_count(), 3);
        assert_eq!(h.edge_count(), 2);
        assert_eq!(h.weight(0, 1), 3.0);
        assert_eq!(h.weight(0, 2), 4.0);
        assert_eq!(h.weight(1, 2), 0.0);
    }

    #[test]
    fn merges_parallel_edges_and_refuses_bad_ones() {
        let g = Graph::from_edges(4, &[(0, 1, 1.0), (1, 0, 2.0), (2, 1, 0.5)]).unwrap();
        assert_eq!(g.node_count(), 4);
        assert_eq!(g.edge_count(), 2);
        assert_eq!(g.neighbors(1), [0, 2]);
        assert_eq!(g.weight(0, 1), 3.0);
        assert_eq!(g.weight(1, 2), 0.5);
        assert_eq!(g.weight(0, 3), 0.0);
        assert_eq!(g.degree(3), 0);
        assert_eq!(g.strength(1), 3.5);
        assert_eq!(g.total_weight(), 3.5);
        assert!(matches!(
            Graph::from_edges(2, &[(0, 2, 1.0)]),
            Err(Error::NodeOutOfRange { node: 2, .. })
        ));
        assert!(matches!(
            Graph::from_edges(2, &[(1, 1, 1.0)]),
            Err(Error::SelfLoop { .. })
        ));
        assert!(matches!(
            Graph::from_edges(2, &[(0, 1, -1.0)]),
            Err(Error::BadWeight { .. })
        ));
        assert!(matches!(
            Graph::from_edges(2, &[(0, 1, f64::NAN)]),
            Err(Error::BadWeight { .. })
        ));
    }
}
