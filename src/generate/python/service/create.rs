//! The default body of an operation that returns a new aggregate's id: build
//! the aggregate from the message (a new id, or the key the message gives),
//! store it with the first published event in one transaction, return its key.

use super::body::{aggregate_and_message, first_event, save_call, ticks, Body, Frame, C};
use crate::generate::names::snake;
use crate::generate::python::adapters::repository_class;
use crate::generate::python::code::Py;
use crate::generate::python::imports::Imports;
use crate::generate::python::scope::Fill;
use crate::generate::python::scope::Source;
use crate::model::TypeId;
use std::collections::BTreeMap;

pub(super) fn body(
    f: &mut Frame<'_, '_>,
    b: &mut Body,
    imp: &mut Imports,
    agg_id: TypeId,
    key_from: Option<usize>,
) {
    let (scope, m, param) = (f.scope, f.m, f.param);
    let model = scope.model;
    let attrs = &f.attrs;
    let taken = &mut f.taken;
    let param_source = Source {
        var: param.to_string(),
        fields: &m.fields,
    };
    let agg = model.type_def(agg_id);
    let agg_class = scope.type_class(agg_id).to_string();
    let var = scope.local(&snake(&agg.name), taken);
    taken.insert(var.clone());
    let ki = scope.key_index(agg);
    let key_attr = scope.attrs(&agg.fields)[ki].clone();
    let mut overrides = BTreeMap::new();
    let key_expr = match key_from {
        Some(i) => format!("{param}.{}", attrs[i]),
        None => scope.new_id(agg.fields[ki].ty.direct().expect("key is an id"), C, imp),
    };
    overrides.insert(ki, Py::Inline(key_expr));
    let sources = aggregate_and_message(&var, &agg.fields, param, &m.fields);
    match scope.fill(
        &agg_class,
        &agg.fields,
        &[param_source],
        &overrides,
        Fill::NewAggregate,
        imp,
    ) {
        Err(missing) => b.give_up(format!(
            "a new {} needs {}, which {} does not give",
            agg.name,
            ticks(&missing),
            m.name
        )),
        Ok(value) => {
            let mut lines = vec![format!("{var} = {}", value.render(4))];
            match first_event(scope, m, &sources, imp, &mut lines) {
                Some((name, Err(missing))) => b.give_up(format!(
                    "{name} needs {}, which nothing at hand gives",
                    ticks(&missing)
                )),
                event => {
                    imp.name(C, &agg_class).name("..adapters", "repository");
                    b.lines.extend(lines);
                    b.does.push(format!("stores a new {}", agg.name));
                    let repo = repository_class(scope, agg_id);
                    match event {
                        Some((name, Ok(e))) => {
                            b.lines.push(save_call(
                                &format!("repository.{repo}()"),
                                &var,
                                Some(&e),
                            ));
                            b.does.push(format!("emits {name} in the same transaction"));
                            b.outcome.emits = Some(name);
                        }
                        _ => b
                            .lines
                            .push(save_call(&format!("repository.{repo}()"), &var, None)),
                    }
                    b.lines.push(format!("return {var}.{key_attr}"));
                    b.does
                        .push(format!("returns its `{}`", agg.fields[ki].name));
                }
            }
        }
    }
}
