//! The result of a default body: built field by field from what is at hand,
//! a placeholder for a collection or an optional, or why nothing gives it.

use super::body::{ticks, C};
use crate::generate::python::code::Py;
use crate::generate::python::imports::Imports;
use crate::generate::python::scope::{Fill, Scope, Source};
use crate::model::TypeRef;
use std::collections::BTreeMap;

/// Why no result of type `t` can be built from `sources` (probed with
/// imports of its own), or `None` when one can.
pub(super) fn unreturnable(scope: &Scope, t: &TypeRef, sources: &[Source<'_>]) -> Option<String> {
    result(scope, t, sources, &mut scope.imports())
        .err()
        .map(|missing| result_missing(scope, t, &missing))
}

/// Why a result cannot be built.
pub(super) fn result_missing(scope: &Scope, t: &TypeRef, missing: &[String]) -> String {
    let text = scope.model.type_ref_text(t, scope.ctx.id);
    if missing.is_empty() {
        format!("nothing at hand gives a {text}")
    } else {
        format!(
            "the {text} result needs {}, which nothing at hand gives",
            ticks(missing)
        )
    }
}

/// What the default body says about its result.
pub(super) fn result_doc(scope: &Scope, t: &TypeRef, from: &str) -> String {
    let text = scope.model.type_ref_text(t, scope.ctx.id);
    match t {
        TypeRef::Named(id) if scope.model.type_def(*id).kind.is_structured() => {
            format!("builds the {text} result from {from}")
        }
        _ => format!("returns a placeholder {text}"),
    }
}

/// A result of type `t` from the sources, or the fields nothing provides
/// (empty: the type itself, a plain value or an id, cannot be made up).
pub(super) fn result(
    scope: &Scope,
    t: &TypeRef,
    sources: &[Source<'_>],
    imp: &mut Imports,
) -> Result<Py, Vec<String>> {
    match t {
        TypeRef::Named(id) if scope.model.type_def(*id).kind.is_structured() => {
            let td = scope.model.type_def(*id);
            let class = scope.type_class(*id).to_string();
            let value = scope.fill(
                &class,
                &td.fields,
                sources,
                &BTreeMap::new(),
                Fill::Message,
                imp,
            )?;
            imp.name(C, &class);
            Ok(value)
        }
        TypeRef::Optional(_) => Ok(Py::inline("None")),
        TypeRef::List(_) => Ok(Py::inline("[]")),
        TypeRef::Map(_) => Ok(Py::inline("{}")),
        _ => Err(Vec::new()),
    }
}
