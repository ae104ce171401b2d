//! Unit tests of the CML import, construct by construct, asserted on the
//! lowered trees and the diagnostics (with their CML locations).

use super::*;
use crate::syntax::ast::{
    Context, MessageKind, Relationship, TypeExpr, TypeExprKind, TypeKind, Via,
};

pub(super) fn import_text(text: &str) -> Import {
    let mut sources = SourceMap::default();
    sources.add("model.cml".into(), text.to_string());
    import(sources, Vec::new())
}

/// Every diagnostic as `CODE line:column`.
fn located(i: &Import) -> Vec<String> {
    i.checked
        .outcome
        .diagnostics
        .iter()
        .map(|d| {
            let lc = i
                .checked
                .sources
                .file(d.span.file)
                .line_col(d.span.start as usize);
            format!("{} {}:{}", d.code, lc.line, lc.column)
        })
        .collect()
}

fn has(i: &Import, code: Code) -> bool {
    i.checked.outcome.diagnostics.iter().any(|d| d.code == code)
}

fn errors(i: &Import) -> Vec<String> {
    i.checked
        .outcome
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{} {}", d.code, d.message))
        .collect()
}

fn ctx<'i>(i: &'i Import, name: &str) -> &'i Context {
    i.trees
        .iter()
        .flat_map(|t| t.contexts.iter())
        .find(|c| c.name.name == name)
        .unwrap_or_else(|| panic!("no context {name}"))
}

fn ty(t: &TypeExpr) -> String {
    match &t.kind {
        TypeExprKind::Named(p) => p.text(),
        TypeExprKind::List(x) => format!("list<{}>", ty(x)),
        TypeExprKind::Map(x) => format!("map<{}>", ty(x)),
        TypeExprKind::Optional(x) => format!("{}?", ty(x)),
    }
}

fn rel(r: &Relationship) -> String {
    let roles = |v: &[crate::syntax::ast::Spanned<crate::syntax::ast::Role>]| {
        if v.is_empty() {
            String::new()
        } else {
            let names: Vec<&str> = v.iter().map(|x| x.value.as_str()).collect();
            format!(" [{}]", names.join(","))
        }
    };
    let arrow = match r.arrow.value {
        crate::syntax::ast::Arrow::Directed => "->",
        crate::syntax::ast::Arrow::Symmetric => "<->",
    };
    let pattern = r
        .pattern
        .map(|p| format!(" : {}", p.value.as_str()))
        .unwrap_or_default();
    format!(
        "{}{} {arrow}{} {}{pattern}",
        r.left.name,
        roles(&r.left_roles),
        roles(&r.right_roles),
        r.right.name
    )
}

fn rels(i: &Import) -> Vec<String> {
    i.trees
        .iter()
        .flat_map(|t| t.maps.iter())
        .flat_map(|m| m.relationships.iter())
        .map(rel)
        .collect()
}

fn two(relationship: &str) -> String {
    format!("ContextMap M {{\n  contains A, B\n  {relationship}\n}}\nBoundedContext A\nBoundedContext B\n")
}

mod input;
mod model;
mod relations;
