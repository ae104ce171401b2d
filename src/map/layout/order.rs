//! Crossing minimisation: the order of slots within each rank.
//!
//! A rank is the concatenation of its lanes' cells, lanes in one order for
//! the whole drawing (so domains stay columns). For each candidate — lanes
//! in model order or ordered by the barycentre of the lanes they connect
//! to, slots initially in model order or in depth-first order — sweeps
//! alternate down and up, sorting each cell by the weighted median or
//! barycentre of its neighbours in the rank just fixed, each followed by
//! transposition (swap neighbours in a cell while that removes crossings).
//! The order with the fewest crossings (counted exactly, weighted by how
//! many edges share a segment) wins. Everything is deterministic; the
//! number of sweeps and restarts shrinks on very large graphs to keep the
//! layout near-linear.

use super::chains::Graph;

pub struct Ordering {
    /// Lanes from left to right.
    pub lane_order: Vec<usize>,
    /// Slots of each rank from left to right.
    pub rows: Vec<Vec<usize>>,
    pub crossings: u64,
}

/// A deterministic effort budget: pairs of segments compared. Restarts,
/// shakes and sweeps stop when it is spent (after the first sweep).
struct Work {
    spent: std::cell::Cell<u64>,
    budget: u64,
}

impl Work {
    fn spend(&self, n: u64) {
        self.spent.set(self.spent.get() + n);
    }

    fn exhausted(&self) -> bool {
        self.spent.get() >= self.budget
    }
}

/// Segment pairs compared at most (about a tenth of a second).
const BUDGET: u64 = 8_000_000;

#[derive(Clone, Copy)]
enum Init {
    Model,
    DepthFirst,
    /// Model order shuffled by a fixed seed.
    Shuffled(u64),
}

/// SplitMix64: a fixed, portable pseudo-random sequence.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Orders the slots of `g`. `lane_links` are (lane, lane) pairs, one per edge.
pub fn order(g: &Graph, lane_links: &[(usize, usize)]) -> Ordering {
    let segs: usize = g.down.iter().map(|d| d.len()).sum();
    let (sweeps, restarts, shakes) = match segs {
        0..=20_000 => (24, usize::MAX, 16),
        _ => (12, 2, 4),
    };
    let mut lane_orders = vec![(0..g.lanes).collect::<Vec<_>>()];
    let bary = lane_barycentres(g.lanes, lane_links);
    if bary != lane_orders[0] {
        lane_orders.push(bary);
    }
    let mut candidates = Vec::new();
    let shuffles: u64 = 4;
    let inits = [Init::Model, Init::DepthFirst]
        .into_iter()
        .chain((1..=shuffles).map(Init::Shuffled));
    for init in inits {
        for median in [true, false] {
            for lo in &lane_orders {
                candidates.push((lo.clone(), init, median));
            }
        }
    }
    candidates.truncate(restarts);
    let work = Work {
        spent: std::cell::Cell::new(0),
        budget: BUDGET,
    };
    let mut best: Option<Ordering> = None;
    for (lane_order, init, median) in candidates {
        if best.is_some() && work.exhausted() {
            break;
        }
        let mut lane_pos = vec![0usize; g.lanes];
        for (p, l) in lane_order.iter().enumerate() {
            lane_pos[*l] = p;
        }
        let mut rows = initial(g, &lane_pos, init);
        let crossings = improve(&work, g, &mut rows, sweeps, median);
        if best.as_ref().is_none_or(|b| crossings < b.crossings) {
            best = Some(Ordering {
                lane_order,
                rows,
                crossings,
            });
        }
    }
    let Some(mut best) = best else {
        return Ordering {
            lane_order: (0..g.lanes).collect(),
            rows: Vec::new(),
            crossings: 0,
        };
    };
    // Iterated local search: shake the best order a little and improve it
    // again; keep what is better.
    let mut lane_pos = vec![0usize; g.lanes];
    for (p, l) in best.lane_order.iter().enumerate() {
        lane_pos[*l] = p;
    }
    for round in 0..shakes {
        if best.crossings == 0 || work.exhausted() {
            break;
        }
        let mut rows = best.rows.clone();
        for (r, row) in rows.iter_mut().enumerate() {
            for i in 0..row.len().saturating_sub(1) {
                let roll = mix((round as u64) << 40 ^ (r as u64) << 20 ^ i as u64);
                if roll % 6 == 0 && g.slots[row[i]].lane == g.slots[row[i + 1]].lane {
                    row.swap(i, i + 1);
                }
            }
        }
        let crossings = improve(&work, g, &mut rows, sweeps, round % 2 == 0);
        if crossings < best.crossings {
            best.rows = rows;
            best.crossings = crossings;
        }
    }
    best
}

/// Lanes ordered so that lanes with many edges between them sit close.
fn lane_barycentres(lanes: usize, links: &[(usize, usize)]) -> Vec<usize> {
    let mut pos: Vec<f64> = (0..lanes).map(|l| l as f64).collect();
    let mut order: Vec<usize> = (0..lanes).collect();
    for _ in 0..8 {
        let mut sum: Vec<f64> = pos.clone();
        let mut weight = vec![1.0f64; lanes];
        for &(a, b) in links {
            if a != b {
                sum[a] += pos[b];
                weight[a] += 1.0;
                sum[b] += pos[a];
                weight[b] += 1.0;
            }
        }
        let keys: Vec<f64> = (0..lanes).map(|l| sum[l] / weight[l]).collect();
        order.sort_by(|a, b| keys[*a].total_cmp(&keys[*b]).then(a.cmp(b)));
        for (p, l) in order.iter().enumerate() {
            pos[*l] = p as f64;
        }
    }
    order
}

fn initial(g: &Graph, lane_pos: &[usize], init: Init) -> Vec<Vec<usize>> {
    let n = g.slots.len();
    let mut key: Vec<usize> = (0..n).collect();
    if let Init::Shuffled(seed) = init {
        for (s, k) in key.iter_mut().enumerate() {
            *k = (mix(seed.wrapping_mul(1 << 32) ^ s as u64) >> 16) as usize;
        }
    }
    if let Init::DepthFirst = init {
        let mut seen = vec![false; n];
        let mut next = 0;
        let mut roots: Vec<usize> = (0..n).collect();
        roots.sort_by_key(|s| (g.slots[*s].rank, *s));
        for root in roots {
            if seen[root] {
                continue;
            }
            let mut stack = vec![root];
            seen[root] = true;
            while let Some(v) = stack.pop() {
                key[v] = next;
                next += 1;
                for (w, _) in g.down[v].iter().rev() {
                    if !seen[*w] {
                        seen[*w] = true;
                        stack.push(*w);
                    }
                }
            }
        }
    }
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); g.ranks];
    for (s, slot) in g.slots.iter().enumerate() {
        rows[slot.rank].push(s);
    }
    for row in &mut rows {
        row.sort_by_key(|s| (lane_pos[g.slots[*s].lane], key[*s]));
    }
    rows
}

/// Sweeps and transpositions; leaves the best order found in `rows`.
fn improve(w: &Work, g: &Graph, rows: &mut [Vec<usize>], sweeps: usize, median: bool) -> u64 {
    let mut pos = vec![0usize; g.slots.len()];
    for row in rows.iter() {
        index(row, &mut pos);
    }
    transpose(w, g, rows, &mut pos, false);
    let sift_rows = rows.iter().all(|r| r.len() <= SIFT_ROW);
    let mut best = count(g, rows, &pos);
    let mut best_rows = rows.to_vec();
    let mut stale = 0;
    for sweep in 0..sweeps {
        if best == 0 || (sweep > 0 && w.exhausted()) {
            break;
        }
        let down = sweep % 2 == 0;
        let order: Vec<usize> = if down {
            (1..rows.len()).collect()
        } else {
            (0..rows.len().saturating_sub(1)).rev().collect()
        };
        for r in order {
            reorder(g, &mut rows[r], &pos, down, median);
            index(&rows[r], &mut pos);
        }
        // Like dot: every other pair of sweeps also swaps neighbours that
        // tie, to leave plateaus.
        transpose(w, g, rows, &mut pos, sweep % 4 < 2);
        if sift_rows && !w.exhausted() {
            sift(w, g, rows, &mut pos);
        }
        let c = count(g, rows, &pos);
        if c < best {
            best = c;
            best_rows = rows.to_vec();
            stale = 0;
        } else {
            stale += 1;
            if stale >= 4 {
                break;
            }
        }
    }
    rows.clone_from_slice(&best_rows);
    best
}

/// Sorts each lane's cell of `row` by the median (barycentre) of the
/// neighbours in the rank just fixed; slots with no neighbours there keep
/// their places and the others fill the remaining places in key order.
fn reorder(g: &Graph, row: &mut [usize], pos: &[usize], down: bool, median: bool) {
    let mut start = 0;
    let mut movable: Vec<(f64, usize, usize)> = Vec::new();
    let mut places: Vec<usize> = Vec::new();
    while start < row.len() {
        let lane = g.slots[row[start]].lane;
        let mut end = start;
        while end < row.len() && g.slots[row[end]].lane == lane {
            end += 1;
        }
        movable.clear();
        places.clear();
        for (i, s) in row.iter().enumerate().take(end).skip(start) {
            let ns = if down { &g.up[*s] } else { &g.down[*s] };
            if !ns.is_empty() {
                movable.push((key_of(ns, pos, median), pos[*s], *s));
                places.push(i);
            }
        }
        movable.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for (p, (_, _, s)) in places.iter().zip(&movable) {
            row[*p] = *s;
        }
        start = end;
    }
}

fn index(row: &[usize], pos: &mut [usize]) {
    for (i, s) in row.iter().enumerate() {
        pos[*s] = i;
    }
}

/// The weighted median (or barycentre) of neighbour positions.
fn key_of(ns: &[(usize, u64)], pos: &[usize], median: bool) -> f64 {
    if !median {
        let w: u64 = ns.iter().map(|(_, w)| w).sum();
        let s: f64 = ns.iter().map(|(n, w)| pos[*n] as f64 * *w as f64).sum();
        return s / w as f64;
    }
    // Gansner et al.'s median: an even count interpolates towards the
    // side where the neighbours are packed tighter.
    let mut ps: Vec<f64> = Vec::with_capacity(ns.len());
    for (n, w) in ns {
        for _ in 0..(*w).min(16) {
            ps.push(pos[*n] as f64);
        }
    }
    ps.sort_by(f64::total_cmp);
    let len = ps.len();
    let m = len / 2;
    if len % 2 == 1 {
        ps[m]
    } else if len == 2 {
        (ps[0] + ps[1]) / 2.0
    } else {
        let left = ps[m - 1] - ps[0];
        let right = ps[len - 1] - ps[m];
        if left + right == 0.0 {
            (ps[m - 1] + ps[m]) / 2.0
        } else {
            (ps[m - 1] * right + ps[m] * left) / (left + right)
        }
    }
}

/// Rows longer than this skip sifting (quadratic in the row).
const SIFT_ROW: usize = 400;

/// Sifting: each slot, most connected first, moves to the place in its
/// cell with the fewest crossings, the other slots kept in their order.
fn sift(w: &Work, g: &Graph, rows: &mut [Vec<usize>], pos: &mut [usize]) {
    let mut others: Vec<usize> = Vec::new();
    for row in rows.iter_mut() {
        let mut by_degree: Vec<usize> = row.clone();
        by_degree.sort_by_key(|s| (std::cmp::Reverse(g.up[*s].len() + g.down[*s].len()), *s));
        for u in by_degree {
            let at = pos[u];
            let lane = g.slots[u].lane;
            let mut a = at;
            while a > 0 && g.slots[row[a - 1]].lane == lane {
                a -= 1;
            }
            let mut b = at + 1;
            while b < row.len() && g.slots[row[b]].lane == lane {
                b += 1;
            }
            others.clear();
            others.extend(row[a..b].iter().copied().filter(|v| *v != u));
            // d: crossings with u before others[k], relative to k = 0.
            let current = at - a;
            let (mut d, mut best, mut best_k, mut at_current) = (0i64, 0i64, 0usize, 0i64);
            for (k, v) in others.iter().enumerate() {
                d += pair(w, g, pos, *v, u) as i64 - pair(w, g, pos, u, *v) as i64;
                if d < best {
                    best = d;
                    best_k = k + 1;
                }
                if k + 1 == current {
                    at_current = d;
                }
            }
            if best >= at_current {
                continue;
            }
            row[a..b].copy_from_slice(
                &others[..best_k]
                    .iter()
                    .copied()
                    .chain(std::iter::once(u))
                    .chain(others[best_k..].iter().copied())
                    .collect::<Vec<_>>(),
            );
            for (i, s) in row.iter().enumerate().take(b).skip(a) {
                pos[*s] = i;
            }
        }
    }
}

/// Swaps neighbours within a lane while that removes crossings (or, with
/// `ties`, while it does not add any).
fn transpose(w: &Work, g: &Graph, rows: &mut [Vec<usize>], pos: &mut [usize], ties: bool) {
    for pass in 0..16 {
        if pass > 0 && w.exhausted() {
            break;
        }
        let mut improved = false;
        for row in rows.iter_mut() {
            for i in 0..row.len().saturating_sub(1) {
                let (u, v) = (row[i], row[i + 1]);
                if g.slots[u].lane != g.slots[v].lane {
                    continue;
                }
                let (now, swapped) = (pair(w, g, pos, u, v), pair(w, g, pos, v, u));
                if swapped < now || (ties && swapped == now && now > 0) {
                    row.swap(i, i + 1);
                    pos[u] = i + 1;
                    pos[v] = i;
                    improved |= swapped < now;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

/// Crossings between the segments of `u` and `v` with `u` left of `v`.
fn pair(w: &Work, g: &Graph, pos: &[usize], u: usize, v: usize) -> u64 {
    let mut c = 0;
    w.spend((g.up[u].len() * g.up[v].len() + g.down[u].len() * g.down[v].len()) as u64 + 1);
    for (nu, nv) in [(&g.up[u], &g.up[v]), (&g.down[u], &g.down[v])] {
        for (a, wa) in nu {
            for (b, wb) in nv {
                if pos[*a] > pos[*b] {
                    c += wa * wb;
                }
            }
        }
    }
    c
}

/// Weighted crossings between all adjacent ranks (Fenwick tree per gap).
pub fn count(g: &Graph, rows: &[Vec<usize>], pos: &[usize]) -> u64 {
    let mut total = 0;
    let mut segs: Vec<(usize, usize, u64)> = Vec::new();
    for r in 0..rows.len().saturating_sub(1) {
        segs.clear();
        for s in &rows[r] {
            for (d, w) in &g.down[*s] {
                segs.push((pos[*s], pos[*d], *w));
            }
        }
        segs.sort_unstable();
        let size = rows[r + 1].len();
        let mut tree = vec![0u64; size + 1];
        let mut inserted = 0u64;
        for &(_, lower, w) in &segs {
            // Weight already inserted at positions <= lower.
            let mut at = lower + 1;
            let mut le = 0;
            while at > 0 {
                le += tree[at];
                at &= at - 1;
            }
            total += w * (inserted - le);
            let mut at = lower + 1;
            while at <= size {
                tree[at] += w;
                at += at & at.wrapping_neg();
            }
            inserted += w;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::layout::chains::{Kind, Slot};

    /// A graph of `ranks` ranks of `width` slots in one lane, with edges
    /// between adjacent ranks from a seeded sequence.
    fn graph(seed: u64, ranks: usize, width: usize) -> Graph {
        let mut slots = Vec::new();
        for r in 0..ranks {
            for _ in 0..width {
                slots.push(Slot {
                    rank: r,
                    lane: 0,
                    width: 10.0,
                    x: 0.0,
                    anchor: 5.0,
                    kind: Kind::Dummy,
                });
            }
        }
        let n = slots.len();
        let mut up = vec![Vec::new(); n];
        let mut down = vec![Vec::new(); n];
        for r in 0..ranks.saturating_sub(1) {
            for i in 0..width {
                for j in 0..width {
                    let roll = mix(seed ^ ((r * width + i) * width + j) as u64);
                    if roll % 3 == 0 {
                        let (a, b) = (r * width + i, (r + 1) * width + j);
                        let w = 1 + roll % 2;
                        down[a].push((b, w));
                        up[b].push((a, w));
                    }
                }
            }
        }
        Graph {
            slots,
            chains: Vec::new(),
            up,
            down,
            ranks,
            lanes: 1,
        }
    }

    fn brute(g: &Graph, pos: &[usize]) -> u64 {
        let mut segs = Vec::new();
        for (a, ds) in g.down.iter().enumerate() {
            for (b, w) in ds {
                segs.push((g.slots[a].rank, pos[a], pos[*b], *w));
            }
        }
        let mut c = 0;
        for (i, s) in segs.iter().enumerate() {
            for t in &segs[i + 1..] {
                if s.0 == t.0 && ((s.1 < t.1 && s.2 > t.2) || (s.1 > t.1 && s.2 < t.2)) {
                    c += s.3 * t.3;
                }
            }
        }
        c
    }

    #[test]
    fn counting_agrees_with_brute_force_and_ordering_never_adds_crossings() {
        for seed in 0..20 {
            let g = graph(seed, 4, 6);
            let rows = initial(&g, &[0], Init::Model);
            let mut pos = vec![0; g.slots.len()];
            for row in &rows {
                index(row, &mut pos);
            }
            let before = count(&g, &rows, &pos);
            assert_eq!(before, brute(&g, &pos), "seed {seed}");
            let o = order(&g, &[]);
            let mut pos = vec![0; g.slots.len()];
            for row in &o.rows {
                index(row, &mut pos);
            }
            assert_eq!(o.crossings, brute(&g, &pos), "seed {seed}");
            assert!(o.crossings <= before, "seed {seed}");
            // Each rank keeps all its slots.
            for (r, row) in o.rows.iter().enumerate() {
                let mut sorted = row.clone();
                sorted.sort();
                assert_eq!(sorted, (r * 6..r * 6 + 6).collect::<Vec<_>>());
            }
        }
    }

    #[test]
    fn a_planar_graph_is_drawn_without_crossings() {
        // Two ranks wired in reverse: the ordering must untangle them.
        let mut g = graph(0, 2, 5);
        for v in g.up.iter_mut().chain(g.down.iter_mut()) {
            v.clear();
        }
        for i in 0..5 {
            g.down[i].push((5 + (4 - i), 1));
            g.up[5 + (4 - i)].push((i, 1));
        }
        assert_eq!(order(&g, &[]).crossings, 0);
    }
}
