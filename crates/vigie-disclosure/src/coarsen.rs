//! Coarsening a map: areas whose count is small are merged with neighbouring areas until every published group
//! has either no event or at least the threshold. The map then shows each area with its group's figure.

use serde::Serialize;

/// The areas merged for publication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coarsened {
    /// The group of each area (an index into `groups`).
    pub group_of: Vec<usize>,
    /// Each group's areas (indices, ascending) and count.
    pub groups: Vec<Group>,
    /// True when even all areas together have a small count: nothing is published.
    pub hidden: bool,
}

/// A published group of areas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    pub areas: Vec<usize>,
    pub count: u64,
}

/// Merges areas (`counts[i]`, with `neighbours[i]` the indices of the areas that touch area `i`) so that every
/// group's count is 0 or at least `threshold`. The smallest unsafe group is merged first, with the neighbouring
/// group of smallest count (a group with no neighbour joins the smallest other group), until none is unsafe.
/// Deterministic: ties go to the lower index.
pub fn coarsen(counts: &[u64], neighbours: &[Vec<usize>], threshold: u64) -> Coarsened {
    let n = counts.len();
    let mut group_of: Vec<usize> = (0..n).collect();
    let mut sums: Vec<Option<u64>> = counts.iter().map(|c| Some(*c)).collect();
    let unsafe_ = |c: u64| c > 0 && c < threshold;
    loop {
        let live: Vec<usize> = (0..n).filter(|g| sums[*g].is_some()).collect();
        let worst = live
            .iter()
            .copied()
            .filter(|g| sums[*g].is_some_and(unsafe_))
            .min_by_key(|g| (sums[*g], *g));
        let Some(g) = worst else { break };
        if live.len() == 1 {
            break;
        }
        let mut touching: Vec<usize> = (0..n)
            .filter(|a| group_of[*a] == g)
            .flat_map(|a| neighbours.get(a).cloned().unwrap_or_default())
            .filter(|b| *b < n)
            .map(|b| group_of[b])
            .filter(|h| *h != g)
            .collect();
        touching.sort_unstable();
        touching.dedup();
        let pool = if touching.is_empty() {
            live.iter().copied().filter(|h| *h != g).collect()
        } else {
            touching
        };
        let Some(h) = pool.into_iter().min_by_key(|h| (sums[*h], *h)) else {
            break;
        };
        // Merge into the lower index.
        let (keep, gone) = if g < h { (g, h) } else { (h, g) };
        let merged = sums[keep].unwrap_or(0) + sums[gone].unwrap_or(0);
        sums[keep] = Some(merged);
        sums[gone] = None;
        for x in group_of.iter_mut() {
            if *x == gone {
                *x = keep;
            }
        }
    }
    // Renumber the groups in order of their first area.
    let mut order: Vec<usize> = Vec::new();
    for g in &group_of {
        if !order.contains(g) {
            order.push(*g);
        }
    }
    let groups: Vec<Group> = order
        .iter()
        .map(|g| Group {
            areas: (0..n).filter(|a| group_of[*a] == *g).collect(),
            count: sums[*g].unwrap_or(0),
        })
        .collect();
    let hidden = groups.iter().any(|x| unsafe_(x.count));
    Coarsened {
        group_of: group_of
            .iter()
            .map(|g| order.iter().position(|o| o == g).unwrap_or(0))
            .collect(),
        groups,
        hidden,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_area_joins_its_smallest_neighbour() {
        // A line of four areas: 0 - 1 - 2 - 3.
        let nb = vec![vec![1], vec![0, 2], vec![1, 3], vec![2]];
        let c = coarsen(&[20, 2, 7, 0], &nb, 5);
        assert_eq!(c.group_of, vec![0, 1, 1, 2]);
        assert_eq!(c.groups[1].count, 9);
        assert!(!c.hidden);
        // Zero is safe; nothing to merge.
        assert_eq!(coarsen(&[0, 10], &[vec![1], vec![0]], 5).groups.len(), 2);
        // An island joins the smallest other group; a city too small is hidden.
        let c = coarsen(&[3, 8, 9], &[vec![], vec![2], vec![1]], 5);
        assert_eq!(c.groups[0].areas, vec![0, 1]);
        assert!(coarsen(&[1, 2], &[vec![1], vec![0]], 5).hidden);
    }
}
