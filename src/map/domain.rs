//! `--level domain`: the map one level up. Each subdomain or capability
//! that a drawn context implements becomes a node (a context stands for the
//! first part it implements, as it does for its domain lane); contexts that
//! implement nothing stay themselves. Relationships between contexts of
//! different parts are aggregated into one edge per (upstream part,
//! downstream part) with the union of their flows; an aggregated edge
//! keeps the declared pattern only when every relationship behind it
//! declares the same one, is drawn as declared when any is, and as implied
//! only when all are implied.
//! Relationships within one part are not drawn. Works after `--focus`, so
//! a focus keeps the focused contexts' parts and their neighbours' parts.

use super::view::{Declared, Edge, MapView, Node};
use crate::model::Arrow;
use std::collections::BTreeMap;

/// Aggregates a context-level view.
pub fn aggregate(view: MapView) -> MapView {
    // The node each context goes to: (group, part name) or the context itself.
    let mut index: BTreeMap<(usize, String), usize> = BTreeMap::new();
    let mut nodes: Vec<Node> = Vec::new();
    let mut of_context = Vec::with_capacity(view.nodes.len());
    for c in &view.nodes {
        let key = match c.implements.first() {
            Some(p) => (c.group, p.name.clone()),
            None => (c.group, format!("context {}", c.name)),
        };
        let i = *index.entry(key).or_insert_with(|| {
            let mut n = c.clone();
            n.implements.truncate(1);
            if let Some(p) = n.implements.first() {
                n.name = p.name.clone();
                n.class = Some(p.class);
            }
            n.owner = None;
            n.vision = None;
            n.docs = None;
            n.terms.clear();
            n.publishes.clear();
            n.consumes.clear();
            n.exposes.clear();
            n.calls.clear();
            n.sends.clear();
            n.focused = false;
            nodes.push(n);
            nodes.len() - 1
        });
        let n = &mut nodes[i];
        n.contexts.push(c.name.clone());
        n.focused |= c.focused;
        if let Some(o) = &c.owner {
            let mut owners: Vec<String> = n
                .owner
                .as_deref()
                .map(|s| s.split(", ").map(String::from).collect())
                .unwrap_or_default();
            if !owners.contains(o) {
                owners.push(o.clone());
            }
            n.owner = Some(owners.join(", "));
        }
        for (to, from) in [
            (&mut n.publishes, &c.publishes),
            (&mut n.consumes, &c.consumes),
            (&mut n.exposes, &c.exposes),
            (&mut n.calls, &c.calls),
            (&mut n.sends, &c.sends),
        ] {
            to.extend(from.iter().cloned());
        }
        of_context.push(i);
    }
    // Names stay unique: a part name used in two domains gets its domain.
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for n in &nodes {
        *count.entry(n.name.clone()).or_default() += 1;
    }
    for n in &mut nodes {
        if count[&n.name] > 1 {
            n.name = format!("{}.{}", view.groups[n.group].name, n.name);
        }
    }
    // Edges, aggregated in first-seen order.
    let mut edges: Vec<Edge> = Vec::new();
    let mut seen: BTreeMap<(usize, usize, bool), usize> = BTreeMap::new();
    for e in &view.edges {
        let (a, b) = (of_context[e.from], of_context[e.to]);
        if a == b {
            continue;
        }
        let symmetric = e.symmetric();
        let key = if symmetric {
            (a.min(b), a.max(b), true)
        } else {
            (a, b, false)
        };
        match seen.get(&key) {
            None => {
                seen.insert(key, edges.len());
                edges.push(Edge {
                    from: key.0,
                    to: key.1,
                    declared: e.declared.map(|d| Declared {
                        arrow: d.arrow,
                        pattern: d.pattern,
                    }),
                    from_roles: Vec::new(),
                    to_roles: Vec::new(),
                    flows: e.flows.clone(),
                    show_flows: e.show_flows,
                });
            }
            Some(&i) => {
                let agg = &mut edges[i];
                agg.declared = match (agg.declared, e.declared) {
                    (Some(x), Some(y)) => Some(Declared {
                        arrow: if x.arrow == y.arrow {
                            x.arrow
                        } else {
                            Arrow::Directed
                        },
                        pattern: if x.pattern == y.pattern {
                            x.pattern
                        } else {
                            None
                        },
                    }),
                    // Some declared: declared, with no common pattern.
                    (Some(_), None) | (None, Some(_)) => Some(Declared {
                        arrow: Arrow::Directed,
                        pattern: None,
                    }),
                    (None, None) => None,
                };
                for f in &e.flows {
                    if !agg.flows.contains(f) {
                        agg.flows.push(f.clone());
                    }
                }
                agg.show_flows |= e.show_flows;
            }
        }
    }
    let mut groups = view.groups;
    for g in &mut groups {
        g.nodes.clear();
    }
    for (i, n) in nodes.iter().enumerate() {
        groups[n.group].nodes.push(i);
    }
    MapView {
        title: format!("{} (domains)", view.title),
        declared_map: view.declared_map,
        groups,
        nodes,
        edges,
    }
}
