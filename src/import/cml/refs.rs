//! Type names → ddgen type expressions: primitives, collections, the
//! context's own types (aggregate roots by id), other contexts' types as
//! the map allows, empty stand-ins for undeclared names.

use super::context::{Here, World};
use super::cst::TypeRef;
use super::plan::TypeEntry;
use super::relations;
use super::report;
use super::types::{self, Wrapper};
use crate::diagnostic::Diagnostic;
use crate::source::Span;
use crate::syntax::ast::{self, IdBase, TypeExpr, TypeExprKind};

pub fn ident(name: &str, span: Span) -> ast::Ident {
    ast::Ident {
        name: name.to_string(),
        span,
    }
}

pub fn path(segments: &[&str], span: Span) -> ast::Path {
    ast::Path {
        segments: segments.iter().map(|s| ident(s, span)).collect(),
        span,
    }
}

pub fn named(segments: &[&str], span: Span) -> TypeExpr {
    TypeExpr {
        kind: TypeExprKind::Named(path(segments, span)),
        span,
    }
}

fn wrap(kind: fn(Box<TypeExpr>) -> TypeExprKind, inner: TypeExpr, span: Span) -> TypeExpr {
    TypeExpr {
        kind: kind(Box::new(inner)),
        span,
    }
}

fn base_name(base: IdBase) -> &'static str {
    match base {
        IdBase::Uuid => "uuid",
        IdBase::String => "string",
        IdBase::Int => "int",
    }
}

/// A type name → ddgen's type expression, reporting what had to change.
pub fn type_expr(
    world: &World,
    here: &mut Here,
    tr: &TypeRef,
    diags: &mut Vec<Diagnostic>,
) -> TypeExpr {
    let span = tr.span;
    let full = tr.name.text.as_str();
    let name = full.rsplit('.').next().unwrap_or(full);
    if tr.array {
        if matches!(name, "byte" | "Byte") {
            return named(&["bytes"], span);
        }
        let inner = TypeRef {
            array: false,
            ..tr.clone()
        };
        return wrap(
            TypeExprKind::List,
            type_expr(world, here, &inner, diags),
            span,
        );
    }
    if let Some(w) = types::wrapper(name) {
        let Some(arg) = tr.args.last() else {
            return named(&["json"], span);
        };
        let inner = type_expr(world, here, arg, diags);
        return match w {
            Wrapper::List => wrap(TypeExprKind::List, inner, span),
            Wrapper::Map => wrap(TypeExprKind::Map, inner, span),
            Wrapper::Optional => wrap(TypeExprKind::Optional, inner, span),
        };
    }
    if let Some(p) = types::primitive(name) {
        return named(&[p], span);
    }
    if let Some(e) = here.plan.types.get(name) {
        return named(&[e.referenced()], span);
    }
    if here.plan.messages.contains_key(name) {
        diags.push(report::not_carried_because(
            span,
            &format!("message `{name}` used as a field type"),
            "ddgen's fields hold types, not messages; imported as `json`",
        ));
        return named(&["json"], span);
    }
    // Another context's type: upstream contexts first.
    let me = here.plan.name.clone();
    let mut candidates: Vec<&String> = world
        .types
        .get(name)
        .map(|v| v.iter().filter(|c| **c != me).collect())
        .unwrap_or_default();
    candidates.sort_by_key(|c| {
        world
            .map
            .direction
            .get(&relations::pair(&me, c))
            .map(|up| up.as_deref() != Some(c.as_str()))
            .unwrap_or(true)
    });
    let mut blocked: Option<(&String, &TypeEntry)> = None;
    for other in candidates {
        let Some(e) = world.plans.get(other).and_then(|p| p.types.get(name)) else {
            continue;
        };
        if world.map.may_depend(&me, other) {
            return named(&[other, e.referenced()], span);
        }
        blocked.get_or_insert((other, e));
    }
    if let Some((other, e)) = blocked {
        let fallback = match e {
            TypeEntry::Root { .. } => world.plans[other]
                .roots
                .values()
                .find(|r| r.id == e.referenced())
                .map(|r| base_name(r.base))
                .unwrap_or("uuid"),
            TypeEntry::Id { base, .. } => base_name(*base),
            TypeEntry::Enum { .. } => "string",
            TypeEntry::Plain { .. } => "json",
        };
        diags.push(report::against_map(
            span,
            &format!("type `{name}`"),
            other,
            &me,
            &format!("`{fallback}`"),
        ));
        return named(&[fallback], span);
    }
    let final_name = here.placeholder(name, span, diags);
    named(&[&final_name], span)
}

/// Whether a field of this type can be an HTTP query parameter.
pub fn scalar(here: &Here, t: &TypeExpr) -> bool {
    match &t.kind {
        TypeExprKind::Named(p) if p.segments.len() == 1 => {
            let n = p.segments[0].name.as_str();
            matches!(
                n,
                "string" | "int" | "float" | "decimal" | "bool" | "date" | "datetime" | "uuid"
            ) || here
                .plan
                .types
                .values()
                .any(|e| e.referenced() == n && e.scalar())
        }
        TypeExprKind::List(inner) | TypeExprKind::Optional(inner) => scalar(here, inner),
        _ => false,
    }
}
