//! The default body of an operation that names an aggregate by its id: load
//! it (404 when there is none); a command copies its same-named fields onto
//! it and stores it with the first published event; the result is the
//! aggregate, its key, or built from both. A result nothing gives answers 501
//! before anything is stored.

use super::body::{aggregate_and_message, first_event, save_call, ticks, Body, Frame, C};
use super::result::{result, result_doc, result_missing, unreturnable};
use crate::generate::names::snake;
use crate::generate::python::adapters::repository_class;
use crate::generate::python::imports::Imports;
use crate::model::{MessageKind, TypeId, TypeRef};

pub(super) fn body(
    f: &mut Frame<'_, '_>,
    b: &mut Body,
    imp: &mut Imports,
    agg_id: TypeId,
    by: usize,
) {
    let (scope, m, param) = (f.scope, f.m, f.param);
    let model = scope.model;
    let attrs = &f.attrs;
    let taken = &mut f.taken;
    let agg = model.type_def(agg_id);
    let agg_class = scope.type_class(agg_id).to_string();
    imp.name(C, &agg_class)
        .name("..adapters", "repository")
        .name("..errors", "NotFoundError");
    let var = scope.local(&snake(&agg.name), taken);
    taken.insert(var.clone());
    let key = format!("{param}.{}", attrs[by]);
    b.lines.push(format!(
        "repo = repository.{}()",
        repository_class(scope, agg_id)
    ));
    b.lines.push(format!("{var} = repo.get({key})"));
    b.lines.push(format!(
        "if {var} is None:\n        raise NotFoundError({}, {key})",
        crate::generate::python::code::py_str(&agg.name)
    ));
    b.does.push(format!(
        "loads the {} by `{}` (NotFoundError, 404, when there is none)",
        agg.name, m.fields[by].name
    ));
    let agg_attrs = scope.attrs(&agg.fields);
    let ki = scope.key_index(agg);
    let sources = aggregate_and_message(&var, &agg.fields, param, &m.fields);
    // A result nothing gives is known before any effect: answer 501
    // without storing or emitting (a 501 changes nothing).
    let key_ty = &agg.fields[ki].ty;
    let unreturnable = m
        .returns
        .as_ref()
        .filter(|(t, _)| *t != TypeRef::Named(agg_id) && t != key_ty)
        .and_then(|(t, _)| unreturnable(scope, t, &sources));
    if let Some(why) = unreturnable {
        b.give_up(why);
    } else if m.kind == MessageKind::Command {
        let mut copied = Vec::new();
        let mut lines = Vec::new();
        for (j, f) in agg.fields.iter().enumerate() {
            if j == ki {
                continue;
            }
            let Some(i) = m.fields.iter().position(|mf| mf.name == f.name) else {
                continue;
            };
            let mf = &m.fields[i];
            if mf.ty == f.ty || TypeRef::Optional(Box::new(mf.ty.clone())) == f.ty {
                lines.push(format!("{var}.{} = {param}.{}", agg_attrs[j], attrs[i]));
                copied.push(f.name.clone());
            }
        }
        let event = first_event(scope, m, &sources, imp, &mut lines);
        if copied.is_empty() {
            b.give_up(format!(
                "no field of {} names a field of {} to change",
                m.name, agg.name
            ));
        } else if let Some((name, Err(missing))) = &event {
            b.give_up(format!(
                "{name} needs {}, which nothing at hand gives",
                ticks(missing)
            ));
        } else {
            b.lines.extend(lines);
            b.does.push(format!("sets {}", ticks(&copied)));
            match event {
                Some((name, Ok(e))) => {
                    b.lines.push(save_call("repo", &var, Some(&e)));
                    b.does
                        .push(format!("stores it and emits {name} in one transaction"));
                    b.outcome.emits = Some(name);
                }
                _ => {
                    b.lines.push(save_call("repo", &var, None));
                    b.does.push("stores it".into());
                }
            }
        }
    }
    if let (true, Some((t, _))) = (b.outcome.implemented, &m.returns) {
        if *t == TypeRef::Named(agg_id) {
            b.lines.push(format!("return {var}"));
            b.does.push(format!("returns the {}", agg.name));
        } else if t == key_ty {
            b.lines.push(format!("return {var}.{}", agg_attrs[ki]));
        } else {
            match result(scope, t, &sources, imp) {
                Ok(value) => {
                    b.lines.push(format!("return {}", value.render(4)));
                    b.does.push(result_doc(scope, t, "them"));
                }
                Err(missing) => b.give_up(result_missing(scope, t, &missing)),
            }
        }
    }
}
