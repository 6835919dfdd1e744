//! Matching encodings: candidate pairs (all pairs, or blocked by keyed blocking keys and by locality-sensitive
//! hashing on the filters), Sørensen–Dice scoring in parallel, a one-to-one solver for two lists, and clustering into
//! entities for many lists.
//!
//! All pairs are scored with a popcount bound: two filters with `a` and `b` bits set cannot reach Dice `t` unless
//! `b` lies in `[a·t/(2−t), a·(2−t)/t]`, so each filter is compared only with filters whose popcount lies in that
//! window (the second list is sorted by popcount once). Results never depend on the thread count: candidates are
//! sorted by (score descending, first index, second index) before any solver sees them.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::clk::{Clk, dice_of};
use crate::simd;

/// A scored pair: index in the first list, index in the second, Dice.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    pub a: u32,
    pub b: u32,
    pub score: f64,
}

/// Sorts candidates by score (descending), then indices: a deterministic order for the solvers.
pub fn sort_candidates(c: &mut [Candidate]) {
    c.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then(x.a.cmp(&y.a))
            .then(x.b.cmp(&y.b))
    });
}

/// The popcount window `[lo, hi]` of filters that can reach Dice `t` with a filter of `ones` bits.
fn window(ones: u32, t: f64) -> (u32, u32) {
    if t <= 0.0 {
        return (0, u32::MAX);
    }
    let o = f64::from(ones);
    // A little slack against rounding: the window may be one wider, never narrower.
    let lo = (o * t / (2.0 - t) - 1e-9).ceil().max(0.0);
    let hi = (o * (2.0 - t) / t + 1e-9).floor().min(f64::from(u32::MAX));
    (lo as u32, hi as u32)
}

/// Filters laid out for scanning: one contiguous array of words, sorted by popcount, with their original indices.
struct Flat {
    words: usize,
    data: Vec<u64>,
    ones: Vec<u32>,
    index: Vec<u32>,
}

impl Flat {
    fn new(clks: &[Clk]) -> Self {
        let words = clks.iter().map(|c| c.words().len()).max().unwrap_or(0);
        let mut order: Vec<u32> = (0..clks.len() as u32).collect();
        order.sort_by_key(|&j| (clks[j as usize].ones(), j));
        let mut data = vec![0u64; words * clks.len()];
        for (k, &j) in order.iter().enumerate() {
            let w = clks[j as usize].words();
            data[k * words..k * words + w.len()].copy_from_slice(w);
        }
        Self {
            words,
            ones: order.iter().map(|&j| clks[j as usize].ones()).collect(),
            index: order,
            data,
        }
    }
}

/// Filters of `a` per parallel task, and filters of `b` per tile: a tile (2,048 filters of 1,024 bits is 256 KiB)
/// stays in the core's cache while the task's filters are compared with it, instead of streaming all of `b` from
/// memory once per filter of `a`.
const A_CHUNK: usize = 64;
const B_TILE: usize = 2048;

/// Every pair of `a × b` with Dice ≥ `threshold`, sorted (see [`sort_candidates`]). In parallel over `a`.
pub fn all_pairs(a: &[Clk], b: &[Clk], threshold: f64) -> Vec<Candidate> {
    let fa = Flat::new(a);
    let fb = Flat::new(b);
    let w = fb.words;
    if w == 0 || fa.words != w {
        return Vec::new();
    }
    let loose = threshold - 1e-12;
    let tasks: Vec<usize> = (0..fa.ones.len()).step_by(A_CHUNK).collect();
    let mut out: Vec<Candidate> = tasks
        .par_iter()
        .flat_map_iter(|&first| {
            let last = (first + A_CHUNK).min(fa.ones.len());
            // Each filter's window of `b` (sorted by popcount), and the union of the task's windows.
            let windows: Vec<(usize, usize)> = (first..last)
                .map(|i| {
                    let (lo, hi) = window(fa.ones[i], threshold);
                    (
                        fb.ones.partition_point(|&c| c < lo),
                        fb.ones.partition_point(|&c| c <= hi),
                    )
                })
                .collect();
            let from = windows.iter().map(|w| w.0).min().unwrap_or(0);
            let to = windows.iter().map(|w| w.1).max().unwrap_or(0);
            let mut found = Vec::new();
            let mut tile = from;
            while tile < to {
                let tile_end = (tile + B_TILE).min(to);
                for (n, i) in (first..last).enumerate() {
                    let (s, e) = (windows[n].0.max(tile), windows[n].1.min(tile_end));
                    if s >= e {
                        continue;
                    }
                    let xw = &fa.data[i * w..(i + 1) * w];
                    let xo = fa.ones[i];
                    // A cheap test first (no division); the exact Dice only for the pairs that pass it.
                    simd::scan(
                        xw,
                        xo,
                        &fb.data[s * w..e * w],
                        &fb.ones[s..e],
                        loose,
                        &mut |k, c| {
                            let score = dice_of(c, xo + fb.ones[s + k]);
                            if c > 0 && score >= threshold {
                                found.push(Candidate {
                                    a: fa.index[i],
                                    b: fb.index[s + k],
                                    score,
                                });
                            }
                        },
                    );
                }
                tile = tile_end;
            }
            found
        })
        .collect();
    sort_candidates(&mut out);
    out
}

/// Locality-sensitive hashing on filter bits (bit sampling for the Hamming distance): `bands` bands of `rows`
/// sampled bit positions each, drawn from `seed`; two filters become candidates when all the bits of one band agree
/// and at least one of them is set.
#[derive(Debug, Clone)]
pub struct Lsh {
    positions: Vec<Vec<usize>>,
}

impl Lsh {
    pub fn new(bits: usize, bands: usize, rows: usize, seed: u64) -> Self {
        // SplitMix64: a small, fixed generator, so that the same seed gives the same bands everywhere.
        let mut state = seed;
        let mut next = || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        let positions = (0..bands)
            .map(|_| {
                (0..rows)
                    .map(|_| (next() % bits.max(1) as u64) as usize)
                    .collect()
            })
            .collect();
        Self { positions }
    }

    /// The band keys of a filter (band index and sampled bits; none for a band whose bits are all 0), into `out`.
    fn keys_into(&self, c: &Clk, out: &mut Vec<(u32, u64)>) {
        out.clear();
        let words = c.words();
        for (band, pos) in self.positions.iter().enumerate() {
            let mut key = 0u64;
            for (k, &p) in pos.iter().enumerate().take(64) {
                let bit = words.get(p / 64).map_or(0, |w| (w >> (p % 64)) & 1);
                key |= bit << k;
            }
            if key != 0 {
                out.push((band as u32, key));
            }
        }
    }
}

/// List `b` indexed by its blocking keys (and LSH bands), to find each record of `a`'s candidates without ever
/// holding all candidate pairs: memory stays that of the index, however many pairs blocking yields.
pub struct BlockIndex<'b> {
    keys: Postings<&'b str>,
    lsh: Option<(Lsh, Postings<(u32, u64)>)>,
    /// The filters of `b` in one array (`words` words each) with their bits set: a candidate costs one memory
    /// access, not two.
    words: usize,
    flat: Vec<u64>,
    ones: Vec<u32>,
}

/// Records by key, as one array sorted by key then record (each key's records ascending) and each key's range in it (no
/// list per key to allocate).
struct Postings<K> {
    ranges: FxHashMap<K, (u32, u32)>,
    records: Vec<u32>,
}

impl<K: std::hash::Hash + Eq + Ord + Copy + Send> Postings<K> {
    fn new(mut entries: Vec<(K, u32)>) -> Self {
        entries.par_sort_unstable();
        let mut ranges = FxHashMap::default();
        let mut start = 0;
        while start < entries.len() {
            let key = entries[start].0;
            let end = start + entries[start..].partition_point(|e| e.0 == key);
            ranges.insert(key, (start as u32, end as u32));
            start = end;
        }
        Self {
            ranges,
            records: entries.into_iter().map(|e| e.1).collect(),
        }
    }

    fn get(&self, key: &K) -> &[u32] {
        self.ranges
            .get(key)
            .and_then(|&(s, e)| self.records.get(s as usize..e as usize))
            .unwrap_or_default()
    }
}

impl<'b> BlockIndex<'b> {
    pub fn new(b_blocks: &'b [Vec<String>], b: &[Clk], lsh: Option<Lsh>) -> Self {
        let keys = Postings::new(
            b_blocks
                .iter()
                .enumerate()
                .flat_map(|(j, ks)| ks.iter().map(move |k| (k.as_str(), j as u32)))
                .collect(),
        );
        let lsh = lsh.map(|lsh| {
            let entries: Vec<((u32, u64), u32)> = b
                .par_iter()
                .enumerate()
                .flat_map_iter(|(j, c)| {
                    let mut k = Vec::new();
                    lsh.keys_into(c, &mut k);
                    k.into_iter().map(move |key| (key, j as u32))
                })
                .collect();
            let bands = Postings::new(entries);
            (lsh, bands)
        });
        let words = b.iter().map(|c| c.words().len()).max().unwrap_or(0);
        let mut flat = vec![0u64; words * b.len()];
        for (j, c) in b.iter().enumerate() {
            flat[j * words..j * words + c.words().len()].copy_from_slice(c.words());
        }
        Self {
            keys,
            lsh,
            words,
            flat,
            ones: b.iter().map(Clk::ones).collect(),
        }
    }

    /// The postings a record's keys and bands reach (a record of `b` may be in several), each sorted.
    fn for_each_posting(&self, keys: &[String], clk: &Clk, f: &mut impl FnMut(&[u32])) {
        for k in keys {
            f(self.keys.get(&k.as_str()));
        }
        if let Some((lsh, index)) = &self.lsh {
            let mut bands = Vec::new();
            lsh.keys_into(clk, &mut bands);
            for key in &bands {
                f(index.get(key));
            }
        }
    }
}

/// Every pair of `a × b` that shares a blocking key or an LSH band and reaches Dice `threshold`, sorted (see
/// [`sort_candidates`]), with the number of pairs compared. In parallel over `a`; each record's candidates are
/// found, deduplicated and scored at once.
pub fn blocked_candidates(
    a_blocks: &[Vec<String>],
    a: &[Clk],
    index: &BlockIndex<'_>,
    threshold: f64,
) -> (Vec<Candidate>, u64) {
    let (w, n) = (index.words, index.ones.len());
    let (mut out, compared) = (0..a.len().min(a_blocks.len()))
        .into_par_iter()
        .fold(
            || (Vec::new(), 0u64, Vec::new()),
            |(mut found, mut compared, mut seen): (Vec<Candidate>, u64, Vec<u32>), i| {
                // Records of `b` already compared with record `i` are marked `i + 1`: a record reached through
                // several keys or bands is compared once, without sorting the postings.
                if seen.len() != n {
                    seen = vec![0; n];
                }
                let (x, xo) = (a[i].words(), a[i].ones());
                let stamp = i as u32 + 1;
                index.for_each_posting(&a_blocks[i], &a[i], &mut |js| {
                    for &j in js {
                        let j_ = j as usize;
                        let (Some(mark), Some(y), Some(&yo)) = (
                            seen.get_mut(j_),
                            index.flat.get(j_ * w..(j_ + 1) * w),
                            index.ones.get(j_),
                        ) else {
                            continue;
                        };
                        if *mark == stamp {
                            continue;
                        }
                        *mark = stamp;
                        compared += 1;
                        let common = if x.len() == w { simd::common(x, y) } else { 0 };
                        let score = dice_of(common, xo + yo);
                        if score >= threshold && score > 0.0 {
                            found.push(Candidate {
                                a: i as u32,
                                b: j,
                                score,
                            });
                        }
                    }
                });
                (found, compared, seen)
            },
        )
        .map(|(found, compared, _)| (found, compared))
        .reduce(
            || (Vec::new(), 0),
            |(mut x, n), (y, m)| {
                x.extend(y);
                (x, n + m)
            },
        );
    sort_candidates(&mut out);
    (out, compared)
}

/// The share of `truth` pairs (indices into `a` and `b`) that blocking makes candidates: the pair completeness
/// (1 when there is no true pair).
pub fn pair_completeness(
    truth: &[(u32, u32)],
    a_blocks: &[Vec<String>],
    a: &[Clk],
    index: &BlockIndex<'_>,
) -> f64 {
    if truth.is_empty() {
        return 1.0;
    }
    let found = truth
        .par_iter()
        .filter(|&&(i, j)| {
            let (Some(keys), Some(clk)) = (a_blocks.get(i as usize), a.get(i as usize)) else {
                return false;
            };
            let mut reached = false;
            index.for_each_posting(keys, clk, &mut |js| reached |= js.binary_search(&j).is_ok());
            reached
        })
        .count();
    found as f64 / truth.len() as f64
}

/// Greedy one-to-one matching: the best-scoring pairs first, each record used at most once.
pub fn one_to_one(candidates: &[Candidate]) -> Vec<Candidate> {
    let mut sorted = candidates.to_vec();
    sort_candidates(&mut sorted);
    let (mut used_a, mut used_b) = (HashSet::new(), HashSet::new());
    sorted
        .into_iter()
        .filter(|c| {
            if used_a.contains(&c.a) || used_b.contains(&c.b) {
                return false;
            }
            used_a.insert(c.a);
            used_b.insert(c.b);
            true
        })
        .collect()
}

/// A record among several lists: (list, index in the list).
pub type Node = (u32, u32);

/// A scored edge between two records of (possibly the same) lists.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    pub x: Node,
    pub y: Node,
    pub score: f64,
}

/// How records are grouped into entities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Solver {
    /// Merge groups in order of similarity, only when every pair across them reaches the threshold.
    Greedy,
    /// Connected components of the candidate graph (every candidate pair joins its records).
    Components,
}

/// Groups the records of all lists into entities. `clks[l][i]` is record `i` of list `l`; `edges` are the
/// candidate pairs with their scores (any order). Every record ends in exactly one entity; entities are returned
/// sorted by their smallest record, and records within an entity sorted.
pub fn cluster(clks: &[Vec<Clk>], edges: &[Edge], threshold: f64, solver: Solver) -> Vec<Vec<Node>> {
    let mut sorted = edges.to_vec();
    sorted.sort_by(|p, q| {
        q.score
            .total_cmp(&p.score)
            .then(p.x.cmp(&q.x))
            .then(p.y.cmp(&q.y))
    });
    // Union-find over all records, with member lists kept at the roots for the greedy check.
    let offsets: Vec<usize> = clks
        .iter()
        .scan(0usize, |acc, l| {
            let o = *acc;
            *acc += l.len();
            Some(o)
        })
        .collect();
    let total: usize = clks.iter().map(Vec::len).sum();
    let id = |n: Node| offsets[n.0 as usize] + n.1 as usize;
    let mut parent: Vec<usize> = (0..total).collect();
    let mut members: Vec<Vec<Node>> = Vec::with_capacity(total);
    for (l, list) in clks.iter().enumerate() {
        for i in 0..list.len() {
            members.push(vec![(l as u32, i as u32)]);
        }
    }
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for e in sorted {
        let (rx, ry) = (find(&mut parent, id(e.x)), find(&mut parent, id(e.y)));
        if rx == ry {
            continue;
        }
        if solver == Solver::Greedy {
            let ok = members[rx].iter().all(|p| {
                members[ry].iter().all(|q| {
                    clks[p.0 as usize][p.1 as usize].dice(&clks[q.0 as usize][q.1 as usize]) >= threshold
                })
            });
            if !ok {
                continue;
            }
        }
        let (big, small) = if members[rx].len() >= members[ry].len() {
            (rx, ry)
        } else {
            (ry, rx)
        };
        parent[small] = big;
        let moved = std::mem::take(&mut members[small]);
        members[big].extend(moved);
    }
    let mut out: Vec<Vec<Node>> = (0..total)
        .filter(|&r| parent[r] == r)
        .map(|r| {
            let mut m = std::mem::take(&mut members[r]);
            m.sort_unstable();
            m
        })
        .collect();
    out.sort_unstable_by_key(|m| m.first().copied());
    out
}

/// Capture histories of entities over `lists` lists: for each pattern (a bit per list, list 0 first), the number of
/// entities seen on exactly those lists. All 2^k − 1 patterns are returned (zeros included) when k ≤ 16.
pub fn capture_table(entities: &[Vec<Node>], lists: usize) -> Vec<(Vec<bool>, u64)> {
    let mut counts: HashMap<Vec<bool>, u64> = HashMap::new();
    for e in entities {
        let mut pattern = vec![false; lists];
        for n in e {
            if let Some(p) = pattern.get_mut(n.0 as usize) {
                *p = true;
            }
        }
        *counts.entry(pattern).or_default() += 1;
    }
    if lists <= 16 {
        for m in 1..(1u32 << lists) {
            let pattern: Vec<bool> = (0..lists).map(|l| m & (1 << l) != 0).collect();
            counts.entry(pattern).or_default();
        }
    }
    let mut v: Vec<(Vec<bool>, u64)> = counts.into_iter().filter(|(p, _)| p.iter().any(|b| *b)).collect();
    v.sort_by(|x, y| y.0.cmp(&x.0));
    v
}

/// How candidate pairs are found between lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockingOptions {
    /// Compare all pairs (no blocking).
    pub all_pairs: bool,
    /// LSH bands and rows besides the keyed blocking keys; `None`: the keys only.
    pub lsh: Option<(usize, usize)>,
}

impl BlockingOptions {
    /// List `b` indexed for blocking as these options say.
    pub fn index<'b>(&self, b: &'b crate::clk::Encodings) -> BlockIndex<'b> {
        let lsh = self
            .lsh
            .map(|(bands, rows)| Lsh::new(b.bits, bands, rows, 0x5eed));
        BlockIndex::new(&b.blocks, &b.clks, lsh)
    }
}

/// The candidates between two lists of encodings, and the number of pairs compared.
pub fn candidates(
    a: &crate::clk::Encodings,
    b: &crate::clk::Encodings,
    threshold: f64,
    opt: &BlockingOptions,
) -> (Vec<Candidate>, u64) {
    if opt.all_pairs {
        let c = all_pairs(&a.clks, &b.clks, threshold);
        return (c, a.len() as u64 * b.len() as u64);
    }
    let index = opt.index(b);
    blocked_candidates(&a.blocks, &a.clks, &index, threshold)
}

/// Entities found across several lists, with what it took.
#[derive(Debug, Clone, PartialEq)]
pub struct Dedup {
    pub entities: Vec<Vec<Node>>,
    pub compared: u64,
    pub links: usize,
}

/// Groups the records of several lists (duplicates within a list included) into entities.
pub fn dedup(
    lists: &[&crate::clk::Encodings],
    threshold: f64,
    solver: Solver,
    opt: &BlockingOptions,
) -> Dedup {
    let mut edges = Vec::new();
    let mut compared = 0u64;
    for i in 0..lists.len() {
        for j in i..lists.len() {
            let (cands, n) = candidates(lists[i], lists[j], threshold, opt);
            compared += if i == j { n / 2 } else { n };
            edges.extend(cands.into_iter().filter(|c| i != j || c.a < c.b).map(|c| Edge {
                x: (i as u32, c.a),
                y: (j as u32, c.b),
                score: c.score,
            }));
        }
    }
    let clks: Vec<Vec<Clk>> = lists.iter().map(|e| e.clks.clone()).collect();
    Dedup {
        links: edges.len(),
        entities: cluster(&clks, &edges, threshold, solver),
        compared,
    }
}

/// Entities seen on both list `i` and list `j` (on the diagonal: entities seen on list `i`).
pub fn overlaps(entities: &[Vec<Node>], lists: usize) -> Vec<Vec<u64>> {
    let mut m = vec![vec![0u64; lists]; lists];
    for e in entities {
        let mut on = vec![false; lists];
        for n in e {
            if let Some(x) = on.get_mut(n.0 as usize) {
                *x = true;
            }
        }
        for i in 0..lists {
            for j in 0..lists {
                if on[i] && on[j] {
                    m[i][j] += 1;
                }
            }
        }
    }
    m
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn clk(bits: &[usize]) -> Clk {
        let mut c = Clk::zeros(128);
        for b in bits {
            c.set(*b);
        }
        c
    }

    #[test]
    fn the_popcount_window_never_drops_a_match() {
        for ones in 0..200u32 {
            for t in [0.5, 0.7, 0.8, 0.95, 1.0] {
                let (lo, hi) = window(ones, t);
                for other in 0..400u32 {
                    let best = if ones + other == 0 {
                        0.0
                    } else {
                        2.0 * f64::from(ones.min(other)) / f64::from(ones + other)
                    };
                    if best >= t {
                        assert!(lo <= other && other <= hi, "{ones} {other} {t}");
                    }
                }
            }
        }
    }

    #[test]
    fn one_to_one_takes_the_best_pairs_first() {
        let c = vec![
            Candidate {
                a: 0,
                b: 0,
                score: 0.9,
            },
            Candidate {
                a: 0,
                b: 1,
                score: 0.95,
            },
            Candidate {
                a: 1,
                b: 1,
                score: 0.85,
            },
            Candidate {
                a: 1,
                b: 0,
                score: 0.8,
            },
        ];
        let m = one_to_one(&c);
        assert_eq!(
            m.iter().map(|c| (c.a, c.b)).collect::<Vec<_>>(),
            vec![(0, 1), (1, 0)]
        );
    }

    #[test]
    fn greedy_clustering_keeps_every_pair_above_the_threshold() {
        // a ~ b and b ~ c, but a and c are far apart: greedy keeps c out, components chain them.
        let a = clk(&[1, 2, 3, 4, 5, 6, 7, 8]);
        let b = clk(&[1, 2, 3, 4, 5, 6, 7, 9]);
        let c = clk(&[3, 4, 5, 6, 7, 9, 10, 11]);
        let lists = vec![vec![a], vec![b], vec![c]];
        let edges: Vec<Edge> = [((0, 0), (1, 0)), ((1, 0), (2, 0)), ((0, 0), (2, 0))]
            .iter()
            .map(|&(x, y)| Edge {
                x,
                y,
                score: lists[x.0 as usize][0].dice(&lists[y.0 as usize][0]),
            })
            .filter(|e| e.score >= 0.7)
            .collect();
        assert_eq!(edges.len(), 2);
        let greedy = cluster(&lists, &edges, 0.7, Solver::Greedy);
        assert_eq!(greedy, vec![vec![(0, 0), (1, 0)], vec![(2, 0)]]);
        let comps = cluster(&lists, &edges, 0.7, Solver::Components);
        assert_eq!(comps, vec![vec![(0, 0), (1, 0), (2, 0)]]);
        let table = capture_table(&greedy, 3);
        assert_eq!(table.len(), 7);
        assert!(table.contains(&(vec![true, true, false], 1)));
        assert!(table.contains(&(vec![false, false, true], 1)));
        assert!(table.contains(&(vec![true, false, false], 0)));
    }

    proptest! {
        #[test]
        fn all_pairs_equals_brute_force(
            a in proptest::collection::vec(proptest::collection::vec(0usize..128, 0..40), 0..20),
            b in proptest::collection::vec(proptest::collection::vec(0usize..128, 0..40), 0..20),
            t in 0.3f64..1.0,
        ) {
            let a: Vec<Clk> = a.iter().map(|x| clk(x)).collect();
            let b: Vec<Clk> = b.iter().map(|x| clk(x)).collect();
            let fast = all_pairs(&a, &b, t);
            let mut slow = Vec::new();
            for (i, x) in a.iter().enumerate() {
                for (j, y) in b.iter().enumerate() {
                    let s = x.dice(y);
                    if s >= t && s > 0.0 {
                        slow.push(Candidate { a: i as u32, b: j as u32, score: s });
                    }
                }
            }
            sort_candidates(&mut slow);
            prop_assert_eq!(fast, slow);
        }

        #[test]
        fn blocking_finds_pairs_that_share_a_key(n in 1usize..30) {
            let a_blocks: Vec<Vec<String>> = (0..n).map(|i| vec![format!("k{}", i % 5)]).collect();
            let b_blocks: Vec<Vec<String>> = (0..n).map(|i| vec![format!("k{}", i % 7)]).collect();
            let a: Vec<Clk> = (0..n).map(|_| clk(&[1, 2, 3])).collect();
            let b = a.clone();
            let index = BlockIndex::new(&b_blocks, &b, None);
            let (pairs, compared) = blocked_candidates(&a_blocks, &a, &index, 0.5);
            let mut truth = Vec::new();
            for (i, x) in a_blocks.iter().enumerate() {
                for (j, y) in b_blocks.iter().enumerate() {
                    let share = x[0] == y[0];
                    let found = pairs.iter().any(|c| (c.a, c.b) == (i as u32, j as u32));
                    prop_assert_eq!(found, share);
                    truth.push((i as u32, j as u32));
                }
            }
            prop_assert_eq!(compared as usize, pairs.len());
            let share = pairs.len() as f64 / truth.len() as f64;
            prop_assert!((pair_completeness(&truth, &a_blocks, &a, &index) - share).abs() < 1e-12);
        }
    }
}
