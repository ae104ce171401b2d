//! The derived relationship graph: who depends on whom, and why.
//!
//! The context that declares a message or type is upstream of every context
//! that uses it (`subscribe`, `calls`, `sends`, a qualified type reference).
//! One edge per (upstream, downstream) pair, carrying every flow behind it.

use super::{ContextId, MessageId, Model, SubscriptionId, TypeId, TypeRef, UseId};
use crate::source::Span;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::Direction;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowKind {
    Subscribe {
        subscription: SubscriptionId,
        event: MessageId,
    },
    Calls {
        use_: UseId,
        target: MessageId,
    },
    Sends {
        use_: UseId,
        target: MessageId,
    },
    /// A field or `returns` of the downstream naming the upstream's type.
    TypeRef {
        ty: TypeId,
    },
}

/// One reason for a dependency, located in the downstream's source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flow {
    pub kind: FlowKind,
    pub span: Span,
}

impl Flow {
    /// "subscribe Payments.PaymentCaptured", "type Identity.CustomerId".
    pub fn describe(&self, model: &Model) -> String {
        match self.kind {
            FlowKind::Subscribe { event, .. } => format!("subscribe {}", model.message_path(event)),
            FlowKind::Calls { target, .. } => format!("calls {}", model.message_path(target)),
            FlowKind::Sends { target, .. } => format!("sends {}", model.message_path(target)),
            FlowKind::TypeRef { ty } => format!("type {}", model.type_path(ty)),
        }
    }

    /// The message or type name the flow carries, for edge labels.
    pub fn item_name<'m>(&self, model: &'m Model) -> &'m str {
        match self.kind {
            FlowKind::Subscribe { event: m, .. }
            | FlowKind::Calls { target: m, .. }
            | FlowKind::Sends { target: m, .. } => &model.message(m).name,
            FlowKind::TypeRef { ty } => &model.type_def(ty).name,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Dependency {
    pub upstream: ContextId,
    pub downstream: ContextId,
    /// In source order of the downstream context.
    pub flows: Vec<Flow>,
}

#[derive(Debug, Default)]
pub struct RelationGraph {
    /// Node `i` is context `i`; an edge runs upstream → downstream.
    pub graph: DiGraph<ContextId, Dependency>,
    index: HashMap<(ContextId, ContextId), EdgeIndex>,
}

impl RelationGraph {
    pub fn dependency(&self, upstream: ContextId, downstream: ContextId) -> Option<&Dependency> {
        self.index
            .get(&(upstream, downstream))
            .map(|e| &self.graph[*e])
    }

    /// Every dependency, ordered by (upstream, downstream).
    pub fn dependencies(&self) -> Vec<&Dependency> {
        let mut all: Vec<&Dependency> = self.graph.edge_weights().collect();
        all.sort_by_key(|d| (d.upstream, d.downstream));
        all
    }

    pub fn upstreams(&self, of: ContextId) -> impl Iterator<Item = ContextId> + '_ {
        self.graph
            .neighbors_directed(NodeIndex::new(of.index()), Direction::Incoming)
            .map(|n| self.graph[n])
    }

    pub fn downstreams(&self, of: ContextId) -> impl Iterator<Item = ContextId> + '_ {
        self.graph
            .neighbors_directed(NodeIndex::new(of.index()), Direction::Outgoing)
            .map(|n| self.graph[n])
    }

    fn add(&mut self, upstream: ContextId, downstream: ContextId, flow: Flow) {
        if upstream == downstream {
            return;
        }
        let graph = &mut self.graph;
        let e = *self.index.entry((upstream, downstream)).or_insert_with(|| {
            graph.add_edge(
                NodeIndex::new(upstream.index()),
                NodeIndex::new(downstream.index()),
                Dependency {
                    upstream,
                    downstream,
                    flows: Vec::new(),
                },
            )
        });
        self.graph[e].flows.push(flow);
    }

    /// Derives the graph from a resolved model.
    pub(super) fn derive(model: &Model) -> RelationGraph {
        let mut g = RelationGraph::default();
        for c in &model.contexts {
            g.graph.add_node(c.id);
        }
        let mut named = Vec::new();
        for c in &model.contexts {
            // Type references, from types then messages, in source order.
            let fields = c
                .types
                .iter()
                .flat_map(|t| model.type_def(*t).fields.iter().map(|f| (&f.ty, f.ty_span)))
                .chain(c.messages.iter().flat_map(|m| {
                    let m = model.message(*m);
                    m.fields
                        .iter()
                        .map(|f| (&f.ty, f.ty_span))
                        .chain(m.returns.iter().map(|(t, s)| (t, *s)))
                }));
            let mut refs: Vec<(&TypeRef, Span)> = fields.collect();
            refs.sort_by_key(|(_, s)| *s);
            for (ty, span) in refs {
                named.clear();
                ty.named(&mut named);
                for id in &named {
                    let up = model.type_def(*id).context;
                    g.add(
                        up,
                        c.id,
                        Flow {
                            kind: FlowKind::TypeRef { ty: *id },
                            span,
                        },
                    );
                }
            }
            for s in &c.subscriptions {
                let sub = model.subscription(*s);
                let up = model.message(sub.event).context;
                g.add(
                    up,
                    c.id,
                    Flow {
                        kind: FlowKind::Subscribe {
                            subscription: sub.id,
                            event: sub.event,
                        },
                        span: sub.span,
                    },
                );
            }
            for u in c.calls.iter().chain(&c.sends) {
                let u = model.use_(*u);
                let up = model.message(u.target).context;
                let kind = match u.kind {
                    super::UseKind::Calls => FlowKind::Calls {
                        use_: u.id,
                        target: u.target,
                    },
                    super::UseKind::Sends => FlowKind::Sends {
                        use_: u.id,
                        target: u.target,
                    },
                };
                g.add(up, c.id, Flow { kind, span: u.span });
            }
        }
        for e in g.graph.edge_weights_mut() {
            e.flows.sort_by_key(|f| f.span);
        }
        g
    }
}
