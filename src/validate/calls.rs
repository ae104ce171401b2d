//! Rules on synchronous calls between contexts: E010 (a cycle) and W108
//! (a chain deeper than three contexts).

use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;
use petgraph::algo::{kosaraju_scc, toposort};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use std::collections::VecDeque;

/// Longest chain of contexts that may call each other without a warning.
pub const MAX_CHAIN: usize = 3;

pub fn check(model: &Model, diags: &mut Vec<Diagnostic>) {
    // caller → callee, one edge per `calls`, in source order.
    let mut g: DiGraph<ContextId, UseId> =
        DiGraph::with_capacity(model.contexts.len(), model.uses.len());
    for c in &model.contexts {
        g.add_node(c.id);
    }
    // Only valid calls: an invalid one is already an E004 or E006.
    let valid = |u: &&Use| u.kind == UseKind::Calls && model.message(u.target).is_http();
    for u in model.uses.iter().filter(valid) {
        let callee = model.message(u.target).context;
        g.add_edge(
            NodeIndex::new(u.context.index()),
            NodeIndex::new(callee.index()),
            u.id,
        );
    }
    if cycles(model, &g, diags) {
        return;
    }
    chains(model, &g, diags);
}

fn hop_label(model: &Model, u: UseId) -> String {
    let u = model.use_(u);
    format!(
        "`{}` calls `{}`",
        model.context(u.context).name,
        model.message_path(u.target)
    )
}

/// Reports each cycle once; returns whether there was any.
fn cycles(model: &Model, g: &DiGraph<ContextId, UseId>, diags: &mut Vec<Diagnostic>) -> bool {
    let mut sccs: Vec<Vec<NodeIndex>> = kosaraju_scc(g)
        .into_iter()
        .filter(|c| c.len() > 1)
        .collect();
    for c in &mut sccs {
        c.sort();
    }
    sccs.sort();
    // Component of each node, and BFS predecessors (each node is in one
    // component, so neither needs resetting): no step costs the component's size.
    let component = super::component_of(&sccs, g.node_count());
    let mut prev: Vec<Option<(NodeIndex, UseId)>> = vec![None; g.node_count()];
    for (ci, scc) in sccs.iter().enumerate() {
        let start = scc[0];
        // Shortest way back to `start` inside the component (BFS).
        let mut queue = VecDeque::from([start]);
        let mut closing: Option<(NodeIndex, UseId)> = None;
        'bfs: while let Some(at) = queue.pop_front() {
            let mut edges: Vec<_> = g
                .edges(at)
                .filter(|e| component[e.target().index()] == ci)
                .collect();
            edges.sort_by_key(|e| *e.weight());
            for e in edges {
                if e.target() == start {
                    closing = Some((at, *e.weight()));
                    break 'bfs;
                }
                if prev[e.target().index()].is_none() {
                    prev[e.target().index()] = Some((at, *e.weight()));
                    queue.push_back(e.target());
                }
            }
        }
        let Some((last, closing_use)) = closing else {
            continue;
        };
        let mut hops = vec![closing_use];
        let mut at = last;
        while at != start {
            let Some((p, u)) = prev[at.index()] else {
                break;
            };
            hops.push(u);
            at = p;
        }
        hops.reverse();
        let names: Vec<&str> = hops
            .iter()
            .map(|u| model.context(model.use_(*u).context).name.as_str())
            .chain([model.context(g[start]).name.as_str()])
            .collect();
        let first = model.use_(hops[0]);
        let mut d = Diagnostic::new(
            Code::E010,
            first.span,
            format!("synchronous calls form a cycle: {}", names.join(" → ")),
        )
        .with_label(hop_label(model, hops[0]));
        for u in &hops[1..] {
            d = d.secondary(model.use_(*u).span, hop_label(model, *u));
        }
        diags.push(d.help(
            "contexts that call each other synchronously fail and deploy together; make one direction asynchronous (an event the other subscribes to, or `sends`)",
        ));
    }
    !sccs.is_empty()
}

fn chains(model: &Model, g: &DiGraph<ContextId, UseId>, diags: &mut Vec<Diagnostic>) {
    let Ok(order) = toposort(g, None) else { return };
    // depth[v]: contexts on the longest chain starting at v; next[v]: its first hop.
    let mut depth = vec![1usize; g.node_count()];
    let mut next: Vec<Option<UseId>> = vec![None; g.node_count()];
    for v in order.iter().rev() {
        let mut edges: Vec<_> = g.edges(*v).collect();
        edges.sort_by_key(|e| *e.weight());
        for e in edges {
            if depth[e.target().index()] + 1 > depth[v.index()] {
                depth[v.index()] = depth[e.target().index()] + 1;
                next[v.index()] = Some(*e.weight());
            }
        }
    }
    for v in g.node_indices() {
        let is_root = g
            .neighbors_directed(v, Direction::Incoming)
            .next()
            .is_none();
        if !is_root || depth[v.index()] <= MAX_CHAIN {
            continue;
        }
        let mut hops = Vec::new();
        let mut at = v;
        while let Some(u) = next[at.index()] {
            hops.push(u);
            at = NodeIndex::new(model.message(model.use_(u).target).context.index());
        }
        let names: Vec<&str> = std::iter::once(model.context(g[v]).name.as_str())
            .chain(hops.iter().map(|u| {
                model
                    .context(model.message(model.use_(*u).target).context)
                    .name
                    .as_str()
            }))
            .collect();
        let first = model.use_(hops[0]);
        let mut d = Diagnostic::new(
            Code::W108,
            first.span,
            format!(
                "synchronous call chain of {} contexts: {}",
                names.len(),
                names.join(" → ")
            ),
        )
        .with_label(hop_label(model, hops[0]));
        for u in &hops[1..] {
            d = d.secondary(model.use_(*u).span, hop_label(model, *u));
        }
        diags.push(d.help(format!(
            "each synchronous hop multiplies latency and failure; keep chains to {MAX_CHAIN} contexts by replicating data through events or making a hop asynchronous"
        )));
    }
}
