//! Layering: which rank (row) each context sits in.
//!
//! Edges that close a cycle are reversed for ranking only (a depth-first
//! search in model order; the drawing keeps their direction). Ranks start
//! from the longest path, then each context moves, within the ranks its
//! edges allow, to the rank that makes its edges shortest (more edges below
//! than above: down; more above: up), repeated until nothing moves: the
//! coordinate-descent form of the network-simplex objective (total edge
//! length). Ranks no edge needs are then removed. Deterministic.

/// One edge for ranking: (top, bottom, minimum length in ranks).
pub type RankEdge = (usize, usize, usize);

/// The edges of `edges` (from, to) that close a cycle.
pub fn reversed(n: usize, edges: &[(usize, usize)]) -> Vec<bool> {
    let mut out_edges: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (i, (a, b)) in edges.iter().enumerate() {
        out_edges[*a].push((*b, i));
    }
    let mut reversed = vec![false; edges.len()];
    let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        state[root] = 1;
        while let Some((v, i)) = stack.pop() {
            if i < out_edges[v].len() {
                stack.push((v, i + 1));
                let (w, e) = out_edges[v][i];
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => reversed[e] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
            }
        }
    }
    reversed
}

/// Ranks of `n` nodes over acyclic `edges`.
pub fn assign(n: usize, edges: &[RankEdge]) -> Vec<usize> {
    let mut succ: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    let mut pred: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    let mut indeg = vec![0usize; n];
    for &(a, b, len) in edges {
        if a == b {
            continue;
        }
        succ[a].push((b, len));
        pred[b].push((a, len));
        indeg[b] += 1;
    }
    // Longest path from the sources (Kahn's order).
    let mut rank = vec![0usize; n];
    let mut queue: std::collections::VecDeque<usize> = (0..n).filter(|v| indeg[*v] == 0).collect();
    let mut topo = Vec::with_capacity(n);
    while let Some(v) = queue.pop_front() {
        topo.push(v);
        for &(w, len) in &succ[v] {
            rank[w] = rank[w].max(rank[v] + len);
            indeg[w] -= 1;
            if indeg[w] == 0 {
                queue.push_back(w);
            }
        }
    }
    // Move each node to its best feasible rank until none moves.
    for _ in 0..64 {
        let mut moved = false;
        for &v in topo.iter().rev() {
            let (ins, outs) = (pred[v].len(), succ[v].len());
            if ins == outs {
                continue;
            }
            let lo = pred[v].iter().map(|(p, len)| rank[*p] + len).max();
            let hi = succ[v]
                .iter()
                .map(|(s, len)| rank[*s].saturating_sub(*len))
                .min();
            let want = if outs > ins { hi } else { lo };
            if let Some(r) = want {
                let r = r.max(lo.unwrap_or(0));
                if r != rank[v] {
                    rank[v] = r;
                    moved = true;
                }
            }
        }
        if !moved {
            break;
        }
    }
    compact(&mut rank, edges);
    rank
}

/// Removes empty ranks that no edge's minimum length needs.
fn compact(rank: &mut [usize], edges: &[RankEdge]) {
    let Some(&top) = rank.iter().max() else {
        return;
    };
    let mut used = vec![false; top + 1];
    for r in rank.iter() {
        used[*r] = true;
    }
    // needed[r]: some edge across r is exactly as short as it may be.
    let mut needed = vec![false; top + 1];
    for &(a, b, len) in edges {
        if a != b && rank[b] - rank[a] <= len {
            for n in needed.iter_mut().take(rank[b]).skip(rank[a] + 1) {
                *n = true;
            }
        }
    }
    let mut shift = vec![0usize; top + 1];
    let mut removed = 0;
    for r in 0..=top {
        if !used[r] && !needed[r] {
            removed += 1;
        }
        shift[r] = removed;
    }
    for r in rank.iter_mut() {
        *r -= shift[*r];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_respect_minimum_lengths_and_sources_move_down() {
        // 0 -> 1 -> 2 -> 3, and 4 -> 3: 4 belongs next to 3, not at the top.
        let edges = [(0, 1, 1), (1, 2, 1), (2, 3, 1), (4, 3, 1)];
        let r = assign(5, &edges);
        assert_eq!(r, vec![0, 1, 2, 3, 2]);
        let r = assign(3, &[(0, 1, 2), (1, 2, 1)]);
        assert_eq!(r, vec![0, 2, 3]);
    }

    #[test]
    fn cycles_are_broken() {
        let rev = reversed(3, &[(0, 1), (1, 2), (2, 0)]);
        assert_eq!(rev, vec![false, false, true]);
    }
}
