//! A layered layout for the context map, computed in Rust (no Graphviz).
//!
//! The Sugiyama framework with domain lanes: contexts sit in *lanes*, one
//! per domain, so a domain is a column that never overlaps another; within
//! the lanes, contexts sit in *ranks*, upstream above downstream. The stages,
//! one module each:
//!
//! 1. [`rank`]: break cycles, rank for short edges;
//! 2. [`chains`]: edges become chains of slots, long edges from one context
//!    bundled into trunks, each edge label in a slot of its own;
//! 3. [`order`]: crossing minimisation (median and barycentre sweeps,
//!    transposition, deterministic restarts);
//! 4. [`position`]: x coordinates that keep long edges straight, lanes side
//!    by side;
//! 5. [`route`]: ports along the box sides, badges beside them, and paths.
//!
//! An edge runs only through the gaps between ranks and through slots of its
//! own, so it never crosses a box or a label; slots never overlap. Every
//! step is deterministic.

mod chains;
mod labels;
mod order;
mod position;
mod rank;
mod route;

use super::view::MapView;
use chains::{EdgeIn, Kind};
use std::collections::BTreeMap;

pub const BOX_HEIGHT: f64 = 62.0;
pub const MIN_BOX_WIDTH: f64 = 170.0;
pub const MAX_BOX_WIDTH: f64 = 300.0;
/// The strips above and below a box that hold its ports and badges.
pub const STRIP: f64 = 16.0;
/// A rank's band: strip, box, strip.
pub const BAND: f64 = STRIP + BOX_HEIGHT + STRIP;
/// The gap between two bands, where edges change columns.
pub const GAP: f64 = 60.0;
const LANE_TITLE: f64 = 34.0;
const MARGIN: f64 = 20.0;
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
    /// The lines drawn.
    pub lines: Vec<String>,
    /// The whole text (the tooltip when lines abbreviate it).
    pub full: String,
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
    /// One per group, indexed like `MapView::groups`.
    pub lanes: Vec<Rect>,
    pub nodes: Vec<Rect>,
    pub edges: Vec<EdgeGeometry>,
    /// Where the legend goes (below everything).
    pub legend: Rect,
    /// Crossings between edges, as the ordering counted them.
    pub crossings: u64,
}

/// The narrowest box: wide enough for the longest name.
pub fn box_width(view: &MapView) -> f64 {
    let longest = view
        .nodes
        .iter()
        .map(|n| n.name.chars().count())
        .max()
        .unwrap_or(0) as f64;
    (longest * NAME_CHAR + 24.0).clamp(MIN_BOX_WIDTH, MAX_BOX_WIDTH)
}

/// Graphs with more bundled slots than this are not also tried unbundled.
const UNBUNDLED_TRY: usize = 3_000;

fn band_top(rank: usize) -> f64 {
    MARGIN + LANE_TITLE + rank as f64 * (BAND + GAP)
}

pub fn layout(view: &MapView) -> Layout {
    let n = view.nodes.len();
    let bw = box_width(view);
    // 1. Ranks.
    let pairs: Vec<(usize, usize)> = view.edges.iter().map(|e| (e.from, e.to)).collect();
    let reversed = rank::reversed(n, &pairs);
    let mids: Vec<Option<(Vec<String>, String)>> =
        view.edges.iter().map(labels::mid_label).collect();
    let mut ins = Vec::with_capacity(view.edges.len());
    for (i, e) in view.edges.iter().enumerate() {
        let (top, bottom, top_badge, bottom_badge) = if reversed[i] {
            (e.to, e.from, e.to_badge(), e.from_badge())
        } else {
            (e.from, e.to, e.from_badge(), e.to_badge())
        };
        let label_width = mids[i].as_ref().map(|(lines, _)| {
            let w = lines.iter().map(|l| labels::width(l)).fold(0.0, f64::max);
            chains::LABEL_TEXT + w + 2.0
        });
        ins.push(EdgeIn {
            top,
            bottom,
            reversed: reversed[i],
            top_badge,
            bottom_badge,
            label_width,
        });
    }
    let rank_edges: Vec<rank::RankEdge> = ins
        .iter()
        .map(|e| (e.top, e.bottom, if e.label_width.is_some() { 2 } else { 1 }))
        .collect();
    let ranks = rank::assign(n, &rank_edges);
    // 2. Chains.
    let node_lane: Vec<usize> = view.nodes.iter().map(|n| n.group).collect();
    let lane_links: Vec<(usize, usize)> = ins
        .iter()
        .map(|e| (node_lane[e.top], node_lane[e.bottom]))
        .collect();
    // 3. Order, bundled and (on graphs small enough to try both) not: the
    // fewer crossings win, bundled on a tie.
    let mut best: Option<(chains::Graph, order::Ordering)> = None;
    for bundle in [true, false] {
        if !bundle
            && best
                .as_ref()
                .is_some_and(|(g, _)| g.slots.len() > UNBUNDLED_TRY)
        {
            break;
        }
        let g = chains::build(&node_lane, &ranks, view.groups.len(), &ins, bundle);
        let o = order::order(&g, &lane_links);
        if best.as_ref().is_none_or(|(_, b)| o.crossings < b.crossings) {
            best = Some((g, o));
        }
    }
    let Some((mut g, ordering)) = best else {
        unreachable!("the first candidate is always kept")
    };
    let mut pos = vec![0usize; g.slots.len()];
    for row in &ordering.rows {
        for (i, s) in row.iter().enumerate() {
            pos[*s] = i;
        }
    }
    // Ports, in the order of the other ends; boxes grow to hold them.
    // The chain whose badge a first (last) segment shows.
    let mut top_badge: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut bottom_badge: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (c, chain) in g.chains.iter().enumerate() {
        let s = &chain.slots;
        top_badge.entry((s[0], s[1])).or_insert(c);
        bottom_badge
            .entry((s[s.len() - 2], s[s.len() - 1]))
            .or_insert(c);
    }
    let mut plans: Vec<(route::Plan, route::Plan)> = Vec::with_capacity(n);
    for v in 0..n {
        let mut outs: Vec<usize> = g.down[v].iter().map(|(o, _)| *o).collect();
        outs.sort_by_key(|o| (pos[*o], *o));
        let mut inn: Vec<usize> = g.up[v].iter().map(|(o, _)| *o).collect();
        inn.sort_by_key(|o| (pos[*o], *o));
        let out_texts: Vec<&str> = outs
            .iter()
            .map(|o| g.chains[top_badge[&(v, *o)]].top_badge.as_str())
            .collect();
        let in_texts: Vec<&str> = inn
            .iter()
            .map(|o| g.chains[bottom_badge[&(*o, v)]].bottom_badge.as_str())
            .collect();
        plans.push((route::plan(&out_texts), route::plan(&in_texts)));
    }
    for (v, (po, pi)) in plans.iter().enumerate() {
        let w = bw.max(po.length.max(pi.length) + 2.0 * route::PORT_MARGIN);
        g.slots[v].width = w;
        g.slots[v].anchor = w / 2.0;
    }
    // 4. Coordinates.
    let lane_min: Vec<f64> = view
        .groups
        .iter()
        .map(|gr| (gr.name.chars().count() as f64 * NAME_CHAR).max(bw))
        .collect();
    let lane_x = position::place(
        &mut g,
        &ordering.rows,
        &ordering.lane_order,
        &lane_min,
        MARGIN,
    );
    // 5. Ports and badges at their places.
    let mut out_port: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    let mut in_port: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    let mut placed: Vec<Vec<Label>> = vec![Vec::new(); g.chains.len()];
    for v in 0..n {
        let slot = &g.slots[v];
        let top = band_top(slot.rank);
        for (plan, below) in [(&plans[v].0, true), (&plans[v].1, false)] {
            let start = slot.x + (slot.width - plan.length) / 2.0;
            let mut others: Vec<usize> = if below {
                g.down[v].iter().map(|(o, _)| *o).collect()
            } else {
                g.up[v].iter().map(|(o, _)| *o).collect()
            };
            others.sort_by_key(|o| (pos[*o], *o));
            for (o, off) in others.iter().zip(&plan.offsets) {
                if below {
                    out_port.insert((v, *o), start + off);
                } else {
                    in_port.insert((*o, v), start + off);
                }
            }
            let strip_y = if below { top + STRIP + BOX_HEIGHT } else { top };
            for (i, x, text) in &plan.badges {
                let o = others[*i];
                let owner = if below {
                    top_badge[&(v, o)]
                } else {
                    bottom_badge[&(o, v)]
                };
                placed[owner].push(Label {
                    lines: vec![text.clone()],
                    full: text.clone(),
                    rect: route::badge_rect(start + x, strip_y, STRIP, text),
                    badge: true,
                });
            }
        }
    }
    for (c, chain) in g.chains.iter().enumerate() {
        for s in &chain.slots {
            if let Kind::Label(e) = g.slots[*s].kind {
                if let Some((lines, full)) = &mids[e] {
                    let slot = &g.slots[*s];
                    let h = labels::height(lines.len());
                    placed[c].push(Label {
                        lines: lines.clone(),
                        full: full.clone(),
                        rect: Rect {
                            x: slot.x + chains::LABEL_TEXT,
                            y: band_top(slot.rank) + (BAND - h) / 2.0,
                            w: slot.width - chains::LABEL_TEXT - 2.0,
                            h,
                        },
                        badge: false,
                    });
                }
            }
        }
    }
    // Paths.
    let edges: Vec<EdgeGeometry> = g
        .chains
        .iter()
        .zip(placed)
        .map(|(chain, labels)| {
            let s = &chain.slots;
            let mut d = String::new();
            let mut x = out_port[&(s[0], s[1])];
            let top = band_top(g.slots[s[0]].rank);
            route::points(&mut d, 'M', &[x, top + STRIP + BOX_HEIGHT]);
            route::points(&mut d, 'L', &[x, top + BAND]);
            let mut y = top + BAND;
            for i in 1..s.len() {
                let slot = &g.slots[s[i]];
                let last = i + 1 == s.len();
                let nx = if last {
                    in_port[&(s[i - 1], s[i])]
                } else {
                    slot.x + slot.anchor
                };
                let ny = band_top(slot.rank);
                route::curve(&mut d, x, y, nx, ny);
                x = nx;
                y = if last { ny + STRIP } else { ny + BAND };
                route::points(&mut d, 'L', &[x, y]);
            }
            EdgeGeometry {
                edge: chain.edge,
                path: d,
                reversed: chain.reversed,
                labels,
            }
        })
        .collect();
    let nodes: Vec<Rect> = (0..n)
        .map(|i| Rect {
            x: g.slots[i].x,
            y: band_top(g.slots[i].rank) + STRIP,
            w: g.slots[i].width,
            h: BOX_HEIGHT,
        })
        .collect();
    let bottom = band_top(g.ranks.max(1) - 1) + BAND + position::LANE_PAD;
    let lanes: Vec<Rect> = lane_x
        .iter()
        .map(|(x, w)| Rect {
            x: *x,
            y: MARGIN,
            w: *w,
            h: bottom - MARGIN,
        })
        .collect();
    let right = lanes.iter().map(|l| l.x + l.w).fold(0.0, f64::max);
    let legend = Rect {
        x: MARGIN,
        y: bottom + MARGIN,
        w: LEGEND_WIDTH,
        h: LEGEND_HEIGHT,
    };
    Layout {
        width: (right + MARGIN).max(legend.w + 2.0 * MARGIN),
        height: legend.y + legend.h + MARGIN,
        lanes,
        nodes,
        edges,
        legend,
        crossings: ordering.crossings,
    }
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
