//! A layered layout for the context map, computed in Rust (no Graphviz).
//!
//! Contexts sit in *lanes*, one per domain, so a domain is a column that
//! never overlaps another; within the lanes, contexts sit in *ranks*, upstream
//! above downstream (longest-path layering after reversing the edges that
//! close cycles). An edge that spans several ranks passes through reserved
//! dummy slots, so it only ever runs through the gaps between ranks or
//! through its own slot: it never crosses a context box. Within each lane and
//! rank, barycentre sweeps order the slots to reduce crossings. Labels are
//! packed into rows of the gap they belong to; a gap grows until its labels
//! fit, so no two labels and no label and box overlap. Every step is linear
//! or `n log n` per sweep, and deterministic.

use super::view::MapView;
use std::collections::BTreeMap;

pub const BOX_HEIGHT: f64 = 62.0;
pub const MIN_BOX_WIDTH: f64 = 170.0;
pub const MAX_BOX_WIDTH: f64 = 300.0;
const DUMMY_WIDTH: f64 = 16.0;
const SLOT_GAP: f64 = 28.0;
const LANE_PAD: f64 = 18.0;
const LANE_GAP: f64 = 28.0;
const LANE_TITLE: f64 = 34.0;
const MARGIN: f64 = 20.0;
pub const LABEL_ROW: f64 = 16.0;
const GAP_PAD: f64 = 10.0;
const SWEEPS: usize = 8;
pub const LEGEND_WIDTH: f64 = 860.0;
pub const LEGEND_HEIGHT: f64 = 58.0;

/// Approximate advance widths of the fonts the SVG uses.
pub const NAME_CHAR: f64 = 8.4;
pub const SMALL_CHAR: f64 = 6.3;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }
}

/// Where a label sits, and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub text: String,
    pub rect: Rect,
    /// A role badge at an end of the edge (drawn boxed) or the edge's label.
    pub badge: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EdgeGeometry {
    /// Index into `MapView::edges`.
    pub edge: usize,
    /// SVG path data.
    pub path: String,
    /// The path runs against the edge's direction (a reversed cycle edge).
    pub reversed: bool,
    pub labels: Vec<Label>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub lanes: Vec<Rect>,
    pub nodes: Vec<Rect>,
    pub edges: Vec<EdgeGeometry>,
    /// Where the legend goes (below everything).
    pub legend: Rect,
}

/// One slot in a rank: a context or a dummy of a long edge.
struct Slot {
    rank: usize,
    lane: usize,
    width: f64,
    x: f64,
    up: Vec<usize>,
    down: Vec<usize>,
}

/// One edge as a chain of slots from top to bottom.
struct Chain {
    edge: usize,
    reversed: bool,
    slots: Vec<usize>,
}

/// Box width shared by all contexts: wide enough for the longest name.
pub fn box_width(view: &MapView) -> f64 {
    let longest = view
        .nodes
        .iter()
        .map(|n| n.name.chars().count())
        .max()
        .unwrap_or(0) as f64;
    (longest * NAME_CHAR + 24.0).clamp(MIN_BOX_WIDTH, MAX_BOX_WIDTH)
}

pub fn layout(view: &MapView) -> Layout {
    let n = view.nodes.len();
    let bw = box_width(view);
    let (rank, reversed) = ranks(view);
    let mut slots: Vec<Slot> = (0..n)
        .map(|i| Slot {
            rank: rank[i],
            lane: view.nodes[i].group,
            width: bw,
            x: 0.0,
            up: Vec::new(),
            down: Vec::new(),
        })
        .collect();
    // Chains with dummies in the lower end's lane.
    let mut chains = Vec::with_capacity(view.edges.len());
    for (i, e) in view.edges.iter().enumerate() {
        let (top, bottom) = if reversed[i] {
            (e.to, e.from)
        } else {
            (e.from, e.to)
        };
        let mut chain = vec![top];
        for r in rank[top] + 1..rank[bottom] {
            slots.push(Slot {
                rank: r,
                lane: view.nodes[bottom].group,
                width: DUMMY_WIDTH,
                x: 0.0,
                up: Vec::new(),
                down: Vec::new(),
            });
            chain.push(slots.len() - 1);
        }
        chain.push(bottom);
        for w in chain.windows(2) {
            slots[w[0]].down.push(w[1]);
            slots[w[1]].up.push(w[0]);
        }
        chains.push(Chain {
            edge: i,
            reversed: reversed[i],
            slots: chain,
        });
    }
    let ranks_count = slots.iter().map(|s| s.rank + 1).max().unwrap_or(0);
    let lanes_count = view.groups.len();
    // cells[rank][lane] = ordered slots
    let mut cells: Vec<Vec<Vec<usize>>> = vec![vec![Vec::new(); lanes_count]; ranks_count];
    for (i, s) in slots.iter().enumerate() {
        cells[s.rank][s.lane].push(i);
    }
    order(&mut cells, &slots);

    // Horizontal placement: lanes as wide as their widest cell.
    let mut lane_width = vec![0.0f64; lanes_count];
    for row in &cells {
        for (lane, cell) in row.iter().enumerate() {
            let w: f64 = cell.iter().map(|s| slots[*s].width).sum::<f64>()
                + SLOT_GAP * cell.len().saturating_sub(1) as f64;
            lane_width[lane] = lane_width[lane].max(w);
        }
    }
    let mut lane_x = Vec::with_capacity(lanes_count);
    let mut x = MARGIN;
    for (lane, w) in lane_width.iter_mut().enumerate() {
        let title = view.groups[lane].name.chars().count() as f64 * NAME_CHAR;
        *w = (*w).max(title).max(bw) + 2.0 * LANE_PAD;
        lane_x.push(x);
        x += *w + LANE_GAP;
    }
    let width = (x - LANE_GAP + MARGIN).max(2.0 * MARGIN + bw);
    for row in &cells {
        for (lane, cell) in row.iter().enumerate() {
            let used: f64 = cell.iter().map(|s| slots[*s].width).sum::<f64>()
                + SLOT_GAP * cell.len().saturating_sub(1) as f64;
            let mut cx = lane_x[lane] + (lane_width[lane] - used) / 2.0;
            for s in cell {
                slots[*s].x = cx;
                cx += slots[*s].width + SLOT_GAP;
            }
        }
    }

    // Ports: spread the edges leaving (entering) a box along its bottom (top),
    // ordered by where they go, so they do not cross at the box.
    let mut out_ports: BTreeMap<usize, Vec<(f64, usize)>> = BTreeMap::new();
    let mut in_ports: BTreeMap<usize, Vec<(f64, usize)>> = BTreeMap::new();
    for (c, chain) in chains.iter().enumerate() {
        let (first, second) = (chain.slots[0], chain.slots[1]);
        let (last, before) = (
            chain.slots[chain.slots.len() - 1],
            chain.slots[chain.slots.len() - 2],
        );
        out_ports
            .entry(first)
            .or_default()
            .push((center(&slots[second]), c));
        in_ports
            .entry(last)
            .or_default()
            .push((center(&slots[before]), c));
    }
    let mut start_x = vec![0.0; chains.len()];
    let mut end_x = vec![0.0; chains.len()];
    for (ports, xs) in [(&mut out_ports, &mut start_x), (&mut in_ports, &mut end_x)] {
        for (slot, list) in ports.iter_mut() {
            list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let k = list.len() as f64;
            for (i, (_, c)) in list.iter().enumerate() {
                xs[*c] = slots[*slot].x + slots[*slot].width * (i as f64 + 1.0) / (k + 1.0);
            }
        }
    }

    // Vertical placement: gaps grow until their labels fit.
    let wanted: Vec<Vec<(usize, String, bool, f64)>> =
        wanted_labels(view, &chains, &slots, ranks_count);
    let mut gap_rows = vec![3usize; ranks_count.saturating_sub(1)];
    // A gap's labels only depend on its own height (bands above it shift the
    // whole gap), so each gap grows on its own until its labels fit: a growth
    // never redoes the other gaps (that was quadratic in labels).
    let mut band_y = bands(&gap_rows);
    let mut placed: Vec<Vec<Label>> = vec![Vec::new(); chains.len()];
    for (gap, labels) in wanted.iter().enumerate() {
        'grow: loop {
            band_y[gap + 1] = band_y[gap] + band_step(gap_rows[gap]);
            let xs_at = |c: usize, seg: usize, y: f64| -> f64 {
                let chain = &chains[c];
                let (a, b) = (chain.slots[seg], chain.slots[seg + 1]);
                let x0 = if seg == 0 {
                    start_x[c]
                } else {
                    center(&slots[a])
                };
                let x1 = if seg + 2 == chain.slots.len() {
                    end_x[c]
                } else {
                    center(&slots[b])
                };
                let y0 = band_y[slots[a].rank] + BOX_HEIGHT;
                let y1 = band_y[slots[b].rank];
                bezier_x_at(x0, y0, x1, y1, y)
            };
            let rows = gap_rows[gap];
            let top = band_y[gap] + BOX_HEIGHT + GAP_PAD;
            let mut taken: Vec<Vec<Rect>> = vec![Vec::new(); rows];
            let mut here: Vec<(usize, Label)> = Vec::with_capacity(labels.len());
            for (c, text, badge, t) in labels {
                let seg = chains[*c]
                    .slots
                    .iter()
                    .position(|s| slots[*s].rank == gap)
                    .unwrap_or(0);
                let w = text.chars().count() as f64 * SMALL_CHAR + 8.0;
                let preferred = (t * (rows - 1) as f64).round() as usize;
                let mut order: Vec<usize> = (0..rows).collect();
                order.sort_by_key(|r| (r.abs_diff(preferred), *r));
                let mut done = false;
                for r in order {
                    let y = top + r as f64 * LABEL_ROW;
                    let cx = xs_at(*c, seg, y + LABEL_ROW / 2.0);
                    let x = (cx - w / 2.0)
                        .min(width - w - MARGIN / 2.0)
                        .max(MARGIN / 2.0);
                    let rect = Rect {
                        x,
                        y,
                        w,
                        h: LABEL_ROW - 2.0,
                    };
                    if taken[r].iter().all(|o| !o.overlaps(&rect)) {
                        taken[r].push(rect);
                        here.push((
                            *c,
                            Label {
                                text: text.clone(),
                                rect,
                                badge: *badge,
                            },
                        ));
                        done = true;
                        break;
                    }
                }
                if !done {
                    gap_rows[gap] += 1;
                    continue 'grow;
                }
            }
            for (c, label) in here {
                placed[c].push(label);
            }
            break;
        }
    }
    let band_y = bands(&gap_rows);

    let nodes: Vec<Rect> = (0..n)
        .map(|i| Rect {
            x: slots[i].x,
            y: band_y[slots[i].rank],
            w: bw,
            h: BOX_HEIGHT,
        })
        .collect();
    let bottom = band_y.last().copied().unwrap_or(MARGIN + LANE_TITLE) + BOX_HEIGHT + LANE_PAD;
    let lanes: Vec<Rect> = (0..lanes_count)
        .map(|l| Rect {
            x: lane_x[l],
            y: MARGIN,
            w: lane_width[l],
            h: bottom - MARGIN,
        })
        .collect();
    let edges: Vec<EdgeGeometry> = chains
        .iter()
        .enumerate()
        .zip(placed)
        .map(|((c, chain), labels)| {
            // Numbers go straight into the path (long chains through many
            // ranks make most of a large map's bytes).
            let mut d = String::new();
            let mut x = start_x[c];
            let mut y = band_y[slots[chain.slots[0]].rank] + BOX_HEIGHT;
            let points = |d: &mut String, command: char, values: &[f64]| {
                d.push(command);
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        d.push(' ');
                    }
                    fmt_into(d, *v);
                }
            };
            points(&mut d, 'M', &[x, y]);
            for (i, s) in chain.slots.iter().enumerate().skip(1) {
                let last = i + 1 == chain.slots.len();
                let nx = if last { end_x[c] } else { center(&slots[*s]) };
                let ny = band_y[slots[*s].rank];
                let my = (y + ny) / 2.0;
                d.push(' ');
                points(&mut d, 'C', &[x, my, nx, my, nx, ny]);
                x = nx;
                y = ny;
                if !last {
                    y += BOX_HEIGHT;
                    d.push(' ');
                    points(&mut d, 'L', &[x, y]);
                }
            }
            EdgeGeometry {
                edge: chain.edge,
                path: d,
                reversed: chain.reversed,
                labels,
            }
        })
        .collect();
    let label_right = edges
        .iter()
        .flat_map(|e| &e.labels)
        .map(|l| l.rect.x + l.rect.w)
        .fold(0.0, f64::max);
    let width = width.max(label_right + MARGIN / 2.0);
    let legend = Rect {
        x: MARGIN,
        y: bottom + MARGIN,
        w: LEGEND_WIDTH,
        h: LEGEND_HEIGHT,
    };
    Layout {
        width: width.max(legend.w + 2.0 * MARGIN),
        height: legend.y + legend.h + MARGIN,
        lanes,
        nodes,
        edges,
        legend,
    }
}

fn center(s: &Slot) -> f64 {
    s.x + s.width / 2.0
}

/// Coordinates with at most one decimal, for compact deterministic output.
pub fn fmt(v: f64) -> String {
    let mut out = String::new();
    fmt_into(&mut out, v);
    out
}

/// [`fmt`], appended to `out`.
pub fn fmt_into(out: &mut String, v: f64) {
    use std::fmt::Write;
    let r = (v * 10.0).round() / 10.0;
    let _ = if r == r.trunc() {
        write!(out, "{}", r as i64)
    } else {
        write!(out, "{r:.1}")
    };
}

/// Top y of each rank's band, given the label rows of each gap.
fn bands(gap_rows: &[usize]) -> Vec<f64> {
    let mut y = MARGIN + LANE_TITLE;
    let mut out = vec![y];
    for rows in gap_rows {
        y += band_step(*rows);
        out.push(y);
    }
    out
}

/// From one band's top to the next, across a gap of `rows` label rows.
fn band_step(rows: usize) -> f64 {
    BOX_HEIGHT + 2.0 * GAP_PAD + rows as f64 * LABEL_ROW
}

/// The x of the edge's cubic (vertical tangents) at height `y`.
fn bezier_x_at(x0: f64, y0: f64, x1: f64, y1: f64, y: f64) -> f64 {
    let ym = (y0 + y1) / 2.0;
    let yb = |s: f64| {
        let u = 1.0 - s;
        y0 * u * u * u + 3.0 * ym * s * u * u + 3.0 * ym * s * s * u + y1 * s * s * s
    };
    let (mut lo, mut hi) = (0.0, 1.0);
    for _ in 0..30 {
        let mid = (lo + hi) / 2.0;
        if (yb(mid) < y) == (y0 < y1) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let s = (lo + hi) / 2.0;
    x0 + (x1 - x0) * (3.0 * s * s - 2.0 * s * s * s)
}

/// Labels wanted in each gap: (chain, text, badge?, preferred position 0..1).
fn wanted_labels(
    view: &MapView,
    chains: &[Chain],
    slots: &[Slot],
    ranks: usize,
) -> Vec<Vec<(usize, String, bool, f64)>> {
    let mut gaps: Vec<Vec<(usize, String, bool, f64)>> = vec![Vec::new(); ranks.saturating_sub(1)];
    // Badges first: they belong next to their box.
    let mut mids = Vec::new();
    for (c, chain) in chains.iter().enumerate() {
        let e = &view.edges[chain.edge];
        let spans = chain.slots.len() - 1; // gaps crossed
        let top_rank = slots[chain.slots[0]].rank;
        let (top_badge, bottom_badge) = if chain.reversed {
            (e.to_badge(), e.from_badge())
        } else {
            (e.from_badge(), e.to_badge())
        };
        if !top_badge.is_empty() {
            gaps[top_rank].push((c, top_badge, true, 0.0));
        }
        if !bottom_badge.is_empty() {
            gaps[top_rank + spans - 1].push((c, bottom_badge, true, 1.0));
        }
        let label = e.label();
        if !label.is_empty() {
            mids.push((top_rank + (spans - 1) / 2, (c, label, false, 0.5)));
        }
    }
    for (gap, l) in mids {
        gaps[gap].push(l);
    }
    gaps
}

/// Ranks after breaking cycles: returns (rank of each node, reversed edges).
fn ranks(view: &MapView) -> (Vec<usize>, Vec<bool>) {
    let n = view.nodes.len();
    let mut out_edges: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (i, e) in view.edges.iter().enumerate() {
        out_edges[e.from].push((e.to, i));
    }
    // Iterative DFS; an edge to a node on the stack closes a cycle: reverse it.
    let mut reversed = vec![false; view.edges.len()];
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
    // Longest path layering over the now acyclic graph (Kahn's order).
    let mut indeg = vec![0usize; n];
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in view.edges.iter().enumerate() {
        let (a, b) = if reversed[i] {
            (e.to, e.from)
        } else {
            (e.from, e.to)
        };
        succ[a].push(b);
        indeg[b] += 1;
    }
    let mut rank = vec![0usize; n];
    let mut queue: std::collections::VecDeque<usize> = (0..n).filter(|v| indeg[*v] == 0).collect();
    while let Some(v) = queue.pop_front() {
        for &w in &succ[v] {
            rank[w] = rank[w].max(rank[v] + 1);
            indeg[w] -= 1;
            if indeg[w] == 0 {
                queue.push_back(w);
            }
        }
    }
    (rank, reversed)
}

/// Barycentre sweeps within each (rank, lane) cell.
fn order(cells: &mut [Vec<Vec<usize>>], slots: &[Slot]) {
    let mut pos = vec![0.0f64; slots.len()];
    let index = |cells: &[Vec<Vec<usize>>], pos: &mut Vec<f64>, r: usize| {
        let mut i = 0.0;
        for cell in &cells[r] {
            for s in cell {
                pos[*s] = i;
                i += 1.0;
            }
        }
    };
    for r in 0..cells.len() {
        index(cells, &mut pos, r);
    }
    for sweep in 0..SWEEPS {
        let down = sweep % 2 == 0;
        let ranks: Vec<usize> = if down {
            (1..cells.len()).collect()
        } else {
            (0..cells.len().saturating_sub(1)).rev().collect()
        };
        for r in ranks {
            for cell in cells[r].iter_mut() {
                let mut keyed: Vec<(f64, usize)> = cell
                    .iter()
                    .map(|s| {
                        let ns = if down { &slots[*s].up } else { &slots[*s].down };
                        let key = if ns.is_empty() {
                            pos[*s]
                        } else {
                            ns.iter().map(|x| pos[*x]).sum::<f64>() / ns.len() as f64
                        };
                        (key, *s)
                    })
                    .collect();
                keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                *cell = keyed.into_iter().map(|(_, s)| s).collect();
            }
            index(cells, &mut pos, r);
        }
    }
}
