//! The layered graph: every edge becomes a chain of slots, one per rank it
//! spans. A context is a slot; between its ends an edge passes through
//! dummy slots (a narrow column it owns in that rank) or, for its label,
//! a label slot wide enough for the text. Long edges leaving the same
//! context with the same role badge share their dummies as long as they
//! run together (a *trunk*, in the upper end's lane), so a hub's long edges
//! are drawn as one line that branches where each leaves, not one lane
//! each.

use std::collections::BTreeMap;

pub const DUMMY_WIDTH: f64 = 16.0;
/// A label slot: the edge runs at `LABEL_LINE`, the text starts at `LABEL_TEXT`.
pub const LABEL_LINE: f64 = 4.0;
pub const LABEL_TEXT: f64 = 10.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Node(usize),
    Dummy,
    /// The label of this chain.
    Label(usize),
}

#[derive(Debug, Clone)]
pub struct Slot {
    pub rank: usize,
    pub lane: usize,
    pub width: f64,
    /// Left edge, set by positioning.
    pub x: f64,
    /// Where edges attach, from `x` (centre of boxes and dummies).
    pub anchor: f64,
    pub kind: Kind,
}

impl Slot {
    pub fn is_node(&self) -> bool {
        matches!(self.kind, Kind::Node(_))
    }
}

/// One edge as slots from top to bottom.
#[derive(Debug, Clone)]
pub struct Chain {
    pub edge: usize,
    pub reversed: bool,
    pub slots: Vec<usize>,
    /// Badge text at the top and the bottom end.
    pub top_badge: String,
    pub bottom_badge: String,
}

pub struct Graph {
    pub slots: Vec<Slot>,
    pub chains: Vec<Chain>,
    /// Neighbours one rank up / down, with how many chains use the segment.
    pub up: Vec<Vec<(usize, u64)>>,
    pub down: Vec<Vec<(usize, u64)>>,
    pub ranks: usize,
    pub lanes: usize,
}

/// What [`build`] needs per edge.
pub struct EdgeIn {
    pub top: usize,
    pub bottom: usize,
    pub reversed: bool,
    pub top_badge: String,
    pub bottom_badge: String,
    /// Width of the label slot, if the edge has a label.
    pub label_width: Option<f64>,
}

/// Builds slots and chains. `node_lane[i]` is the lane of context `i`.
/// With `bundle`, long edges from one context share trunks.
pub fn build(
    node_lane: &[usize],
    rank: &[usize],
    lanes: usize,
    edges: &[EdgeIn],
    bundle: bool,
) -> Graph {
    let mut slots: Vec<Slot> = node_lane
        .iter()
        .enumerate()
        .map(|(i, lane)| Slot {
            rank: rank[i],
            lane: *lane,
            width: 0.0,
            x: 0.0,
            anchor: 0.0,
            kind: Kind::Node(i),
        })
        .collect();
    let dummy = |rank: usize, lane: usize| Slot {
        rank,
        lane,
        width: DUMMY_WIDTH,
        x: 0.0,
        anchor: DUMMY_WIDTH / 2.0,
        kind: Kind::Dummy,
    };
    let mut trunks: BTreeMap<(usize, usize, &str), usize> = BTreeMap::new();
    let mut chains = Vec::with_capacity(edges.len());
    for (i, e) in edges.iter().enumerate() {
        let (rt, rb) = (rank[e.top], rank[e.bottom]);
        let lane = node_lane[e.top];
        let label_rank = e
            .label_width
            .map(|_| rt + (rb - rt) / 2)
            .filter(|r| *r > rt);
        let mut chain = vec![e.top];
        let mut shared = true;
        for r in rt + 1..rb {
            let s = if Some(r) == label_rank {
                shared = false;
                let w = e.label_width.unwrap_or(0.0);
                slots.push(Slot {
                    rank: r,
                    lane,
                    width: w,
                    x: 0.0,
                    anchor: LABEL_LINE,
                    kind: Kind::Label(i),
                });
                slots.len() - 1
            } else if bundle && shared && label_rank.is_none_or(|l| r < l) {
                *trunks
                    .entry((e.top, r, e.top_badge.as_str()))
                    .or_insert_with(|| {
                        slots.push(dummy(r, lane));
                        slots.len() - 1
                    })
            } else {
                slots.push(dummy(r, lane));
                slots.len() - 1
            };
            chain.push(s);
        }
        chain.push(e.bottom);
        chains.push(Chain {
            edge: i,
            reversed: e.reversed,
            slots: chain,
            top_badge: e.top_badge.clone(),
            bottom_badge: e.bottom_badge.clone(),
        });
    }
    let mut segs: BTreeMap<(usize, usize), u64> = BTreeMap::new();
    for c in &chains {
        for w in c.slots.windows(2) {
            *segs.entry((w[0], w[1])).or_default() += 1;
        }
    }
    let mut up = vec![Vec::new(); slots.len()];
    let mut down = vec![Vec::new(); slots.len()];
    for ((a, b), w) in segs {
        down[a].push((b, w));
        up[b].push((a, w));
    }
    let ranks = slots.iter().map(|s| s.rank + 1).max().unwrap_or(0);
    Graph {
        slots,
        chains,
        up,
        down,
        ranks,
        lanes,
    }
}
