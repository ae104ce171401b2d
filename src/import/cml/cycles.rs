//! CML lets entities and values refer to one another freely (Java
//! references may be null); ddgen's E012 rejects a type that contains itself
//! with no list, map or optional in between. Each field that closes such a
//! cycle is made optional (I209), the first time a depth-first walk in
//! declaration order meets it.

use super::report;
use crate::diagnostic::Diagnostic;
use crate::syntax::ast::{File, TypeExpr, TypeExprKind, TypeKind};
use std::collections::HashMap;

type Node = (usize, usize, usize); // (file, context, type)

pub fn break_cycles(trees: &mut [File], diags: &mut Vec<Diagnostic>) {
    // (context name, type name) → node, for value, entity and aggregate types.
    let mut nodes: HashMap<(String, String), Node> = HashMap::new();
    let mut order: Vec<Node> = Vec::new();
    for (fi, f) in trees.iter().enumerate() {
        for (ci, c) in f.contexts.iter().enumerate() {
            for (ti, t) in c.types.iter().enumerate() {
                if matches!(
                    t.kind,
                    TypeKind::Value | TypeKind::Entity | TypeKind::Aggregate
                ) {
                    nodes.insert((c.name.name.clone(), t.name.name.clone()), (fi, ci, ti));
                    order.push((fi, ci, ti));
                }
            }
        }
    }
    let target = |trees: &[File], from: Node, ty: &TypeExpr| -> Option<Node> {
        let TypeExprKind::Named(p) = &ty.kind else {
            return None;
        };
        let ctx = &trees[from.0].contexts[from.1].name.name;
        match p.segments.as_slice() {
            [t] => nodes.get(&(ctx.clone(), t.name.clone())).copied(),
            [c, t] => nodes.get(&(c.name.clone(), t.name.clone())).copied(),
            _ => None,
        }
    };
    // 0 unvisited, 1 on the stack, 2 done.
    let mut state: HashMap<Node, u8> = HashMap::new();
    let mut to_break: Vec<(Node, usize)> = Vec::new();
    for &start in &order {
        if state.get(&start).copied().unwrap_or(0) != 0 {
            continue;
        }
        // Iterative DFS: (node, next field index).
        let mut stack: Vec<(Node, usize)> = vec![(start, 0)];
        state.insert(start, 1);
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let fields = &trees[node.0].contexts[node.1].types[node.2].fields;
            if *next >= fields.len() {
                state.insert(node, 2);
                stack.pop();
                continue;
            }
            let fi = *next;
            *next += 1;
            let Some(to) = target(trees, node, &fields[fi].ty) else {
                continue;
            };
            match state.get(&to).copied().unwrap_or(0) {
                0 => {
                    state.insert(to, 1);
                    stack.push((to, 0));
                }
                1 => to_break.push((node, fi)),
                _ => {}
            }
        }
    }
    for (node, fi) in to_break {
        let field = &mut trees[node.0].contexts[node.1].types[node.2].fields[fi];
        let span = field.ty.span;
        let inner = field.ty.clone();
        field.ty = TypeExpr {
            kind: TypeExprKind::Optional(Box::new(inner)),
            span,
        };
        diags.push(report::cycle_broken(field.span, &field.name.name));
    }
}
