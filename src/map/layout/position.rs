//! Horizontal coordinates: each slot as close as it can get to the slots it
//! connects to, with long edges pulled straight.
//!
//! Sweeps alternate down and up the ranks. In each lane's cell of a rank,
//! every slot wants its attach point at the weighted mean of its
//! neighbours' (weight 8 between two dummies, 2 between a dummy and a box,
//! 1 between boxes, times the number of edges on the segment — the weights
//! dot uses to keep long edges straight); the cell then takes the placement
//! closest to those wishes that keeps its order and spacing (weighted
//! isotonic regression, pool-adjacent-violators, linear in the cell). After
//! each sweep every lane is shifted to start right after the lane to its
//! left and grows to hold its widest content, so lanes never overlap.

use super::chains::Graph;

pub const SLOT_GAP: f64 = 24.0;
pub const LANE_PAD: f64 = 18.0;
pub const LANE_GAP: f64 = 28.0;
const SWEEPS: usize = 10;

/// Sets `x` of every slot; returns each lane's (left, width), indexed by lane.
pub fn place(
    g: &mut Graph,
    rows: &[Vec<usize>],
    lane_order: &[usize],
    lane_min: &[f64],
    left: f64,
) -> Vec<(f64, f64)> {
    // Cells: runs of one lane within a row.
    let mut cells: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut row_cells: Vec<Vec<usize>> = vec![Vec::new(); rows.len()];
    for (r, row) in rows.iter().enumerate() {
        let mut i = 0;
        while i < row.len() {
            let lane = g.slots[row[i]].lane;
            let mut j = i;
            while j < row.len() && g.slots[row[j]].lane == lane {
                j += 1;
            }
            row_cells[r].push(cells.len());
            cells.push((lane, row[i..j].to_vec()));
            i = j;
        }
    }
    // Start packed from the left of each lane.
    for (_, cell) in &cells {
        let mut x = 0.0;
        for s in cell {
            g.slots[*s].x = x;
            x += g.slots[*s].width + SLOT_GAP;
        }
    }
    let mut lanes = normalise(g, &cells, lane_order, lane_min, left);
    let mut want: Vec<(f64, f64)> = Vec::new();
    for sweep in 0..SWEEPS {
        let order: Vec<usize> = if sweep % 2 == 0 {
            (0..rows.len()).collect()
        } else {
            (0..rows.len()).rev().collect()
        };
        for r in order {
            for &c in &row_cells[r] {
                let cell = &cells[c].1;
                want.clear();
                let (left, inner) = lanes[cells[c].0];
                let lo = left + LANE_PAD;
                let hi = left + inner - LANE_PAD;
                for &s in cell {
                    let (x, w) = wish(g, s);
                    // Within the lane as it is: lanes grow only by packing.
                    let x = x.min(hi - g.slots[s].width).max(lo);
                    want.push((x, w));
                }
                let xs = fit(g, cell, &want);
                for (s, x) in cell.iter().zip(xs) {
                    g.slots[*s].x = x;
                }
            }
        }
        lanes = normalise(g, &cells, lane_order, lane_min, left);
    }
    lanes
}

/// (Wanted left x, weight) of slot `s`.
fn wish(g: &Graph, s: usize) -> (f64, f64) {
    let me = &g.slots[s];
    let (mut sum, mut weight) = (0.0, 0.0);
    for (o, w) in g.up[s].iter().chain(&g.down[s]) {
        let other = &g.slots[*o];
        let kind = match (me.is_node(), other.is_node()) {
            (false, false) => 8.0,
            (true, true) => 1.0,
            _ => 2.0,
        };
        let w = kind * *w as f64;
        sum += w * (other.x + other.anchor);
        weight += w;
    }
    if weight == 0.0 {
        (me.x, 1e-3)
    } else {
        (sum / weight - me.anchor, weight)
    }
}

/// The placement of `cell` closest to `want` (weighted least squares) that
/// keeps its order and spacing.
fn fit(g: &Graph, cell: &[usize], want: &[(f64, f64)]) -> Vec<f64> {
    // With offsets off_i, y_i = x_i - off_i must be non-decreasing.
    let mut off = Vec::with_capacity(cell.len());
    let mut acc = 0.0;
    for s in cell {
        off.push(acc);
        acc += g.slots[*s].width + SLOT_GAP;
    }
    // Blocks of (weight, weighted sum, length).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for (i, (x, w)) in want.iter().enumerate() {
        blocks.push((*w, w * (x - off[i]), 1));
        while blocks.len() > 1 {
            let (w2, s2, n2) = blocks[blocks.len() - 1];
            let (w1, s1, n1) = blocks[blocks.len() - 2];
            if s1 / w1 > s2 / w2 {
                blocks.pop();
                let last = blocks.len() - 1;
                blocks[last] = (w1 + w2, s1 + s2, n1 + n2);
            } else {
                break;
            }
        }
    }
    let mut out = Vec::with_capacity(cell.len());
    for (w, s, n) in blocks {
        let y = s / w;
        for _ in 0..n {
            out.push(y + off[out.len()]);
        }
    }
    out
}

/// Shifts lanes side by side, each as wide as its content (at least its
/// minimum), content centred; returns (left, width) per lane.
fn normalise(
    g: &mut Graph,
    cells: &[(usize, Vec<usize>)],
    lane_order: &[usize],
    lane_min: &[f64],
    left: f64,
) -> Vec<(f64, f64)> {
    let mut lo = vec![f64::INFINITY; g.lanes];
    let mut hi = vec![f64::NEG_INFINITY; g.lanes];
    for (lane, cell) in cells {
        for s in cell {
            let slot = &g.slots[*s];
            lo[*lane] = lo[*lane].min(slot.x);
            hi[*lane] = hi[*lane].max(slot.x + slot.width);
        }
    }
    let mut shift = vec![0.0; g.lanes];
    let mut out = vec![(0.0, 0.0); g.lanes];
    let mut x = left;
    for &lane in lane_order {
        let content = if lo[lane].is_finite() {
            hi[lane] - lo[lane]
        } else {
            0.0
        };
        let inner = content.max(lane_min[lane]);
        let start = x + LANE_PAD + (inner - content) / 2.0;
        shift[lane] = if lo[lane].is_finite() {
            start - lo[lane]
        } else {
            0.0
        };
        out[lane] = (x, inner + 2.0 * LANE_PAD);
        x += inner + 2.0 * LANE_PAD + LANE_GAP;
    }
    for (lane, cell) in cells {
        for s in cell {
            g.slots[*s].x += shift[*lane];
        }
    }
    out
}
