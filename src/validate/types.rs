//! Rules on types: E012 (a type containing itself), E013 (an aggregate
//! without identity), W109 (an aggregate held by value).

use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;
use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};

pub fn check(model: &Model, diags: &mut Vec<Diagnostic>) {
    self_containment(model, diags);
    for t in model.types.iter().filter(|t| t.is_aggregate()) {
        if model.key_field(t).is_none() {
            let ctx = model.context(t.context);
            let own_ids: Vec<&str> = ctx
                .types
                .iter()
                .map(|id| model.type_def(*id))
                .filter(|d| matches!(d.kind, TypeDefKind::Id(_)))
                .map(|d| d.name.as_str())
                .collect();
            let help = match own_ids.first() {
                Some(id) => format!("add an identity field first, e.g. `id: {id}`"),
                None => format!(
                    "declare `id {}Id` in context `{}` and add the field `id: {}Id`",
                    t.name, ctx.name, t.name
                ),
            };
            diags.push(
                Diagnostic::new(
                    Code::E013,
                    t.name_span,
                    format!("aggregate `{}` has no identity field", t.name),
                )
                .with_label("no field of an `id` type of this context")
                .help(help),
            );
        }
        for f in &t.fields {
            let mut named = Vec::new();
            f.ty.named(&mut named);
            for held in named
                .into_iter()
                .map(|id| model.type_def(id))
                .filter(|d| d.is_aggregate())
            {
                let id_hint = model
                    .key_field(held)
                    .map(|k| {
                        let by_id = replace_named(&f.ty, held.id, &k.ty);
                        format!(
                            "hold its identity instead: `{}: {}`",
                            f.name,
                            model.type_ref_text(&by_id, t.context)
                        )
                    })
                    .unwrap_or_else(|| "hold the other aggregate's id instead".into());
                diags.push(
                    Diagnostic::new(Code::W109, f.ty_span, format!("aggregate `{}` holds aggregate `{}` by value", t.name, held.name))
                        .with_label("another aggregate, by value")
                        .secondary(held.name_span, "aggregate declared here")
                        .help(format!("aggregates are consistency boundaries and refer to each other by id; {id_hint}")),
                );
            }
        }
    }
}

/// `ty` with every reference to `from` replaced by `to` (`list<Order>` →
/// `list<OrderId>`).
fn replace_named(ty: &TypeRef, from: TypeId, to: &TypeRef) -> TypeRef {
    match ty {
        TypeRef::Named(id) if *id == from => to.clone(),
        TypeRef::List(t) => TypeRef::List(Box::new(replace_named(t, from, to))),
        TypeRef::Map(t) => TypeRef::Map(Box::new(replace_named(t, from, to))),
        TypeRef::Optional(t) => TypeRef::Optional(Box::new(replace_named(t, from, to))),
        other => other.clone(),
    }
}

/// E012: value, entity and aggregate types that contain themselves with no
/// list, map or optional in between (they could never be built).
fn self_containment(model: &Model, diags: &mut Vec<Diagnostic>) {
    let mut g: DiGraph<TypeId, usize> = DiGraph::with_capacity(model.types.len(), 0);
    for t in &model.types {
        g.add_node(t.id);
    }
    for t in model.types.iter().filter(|t| t.kind.is_structured()) {
        for (i, f) in t.fields.iter().enumerate() {
            if let Some(target) =
                f.ty.direct()
                    .filter(|id| model.type_def(*id).kind.is_structured())
            {
                g.add_edge(
                    NodeIndex::new(t.id.index()),
                    NodeIndex::new(target.index()),
                    i,
                );
            }
        }
    }
    let mut sccs: Vec<Vec<NodeIndex>> = kosaraju_scc(&g)
        .into_iter()
        .filter(|c| c.len() > 1 || g.find_edge(c[0], c[0]).is_some())
        .collect();
    for c in &mut sccs {
        c.sort();
    }
    sccs.sort();
    // Component of each node, and nodes already walked (each node is in one
    // component, so neither needs resetting): no step costs the component's size.
    let component = super::component_of(&sccs, g.node_count());
    let mut walked = vec![false; g.node_count()];
    for (ci, scc) in sccs.iter().enumerate() {
        // Walk the cycle from the first type, staying inside the component.
        let start = scc[0];
        let mut hops: Vec<(TypeId, usize)> = Vec::new();
        let mut at = start;
        walked[start.index()] = true;
        loop {
            let mut edges: Vec<_> = g
                .edges(at)
                .filter(|e| component[petgraph::visit::EdgeRef::target(e).index()] == ci)
                .collect();
            edges.sort_by_key(|e| *e.weight());
            let Some(e) = edges
                .iter()
                .find(|e| petgraph::visit::EdgeRef::target(*e) == start)
                .or_else(|| {
                    edges
                        .iter()
                        .find(|e| !walked[petgraph::visit::EdgeRef::target(*e).index()])
                })
                .or(edges.first())
            else {
                break;
            };
            hops.push((g[at], *e.weight()));
            let next = petgraph::visit::EdgeRef::target(e);
            if next == start || walked[next.index()] {
                break;
            }
            walked[next.index()] = true;
            at = next;
        }
        let first = model.type_def(g[start]);
        let names: Vec<&str> = hops
            .iter()
            .map(|(t, _)| model.type_def(*t).name.as_str())
            .chain([first.name.as_str()])
            .collect();
        let mut d = Diagnostic::new(
            Code::E012,
            first.name_span,
            format!(
                "type `{}` contains itself: {}",
                first.name,
                names.join(" → ")
            ),
        )
        .with_label("contains itself");
        for (t, field) in &hops {
            let f = &model.type_def(*t).fields[*field];
            d = d.secondary(
                f.ty_span,
                format!("`{}.{}` holds it directly", model.type_def(*t).name, f.name),
            );
        }
        diags.push(d.help(
            "break the cycle with an optional (`T?`), a `list<T>`, or by holding an id instead",
        ));
    }
}
