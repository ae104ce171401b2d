//! The default body of an operation with no aggregate to create or load:
//! emit the first published event built from the message, then return a
//! result built from it (or a read of an aggregate with nothing to read it
//! by: 404). A result nothing gives answers 501 before anything is emitted.
//! An operation an index serves is `index_query`'s.

use super::body::{first_event, ticks, Body, Frame};
use super::result::{result, result_doc, result_missing, unreturnable};
use crate::generate::python::imports::Imports;
use crate::generate::python::scope::Source;
use crate::model::TypeRef;

pub(super) fn body(f: &mut Frame<'_, '_>, b: &mut Body, imp: &mut Imports) {
    let (scope, m, param) = (f.scope, f.m, f.param);
    let model = scope.model;
    let attrs = &f.attrs;
    let sources = [Source {
        var: param.to_string(),
        fields: &m.fields,
    }];
    let stored: Vec<_> = scope.stored_aggregates().iter().map(|a| a.id).collect();
    // A read of an aggregate with nothing to read it by finds none
    // (404) before it could emit anything.
    let finds_nothing = matches!(&m.returns, Some((TypeRef::Named(id), _)) if stored.contains(id));
    let mut lines = Vec::new();
    // A result nothing gives is known before the event: answer 501
    // without emitting (a 501 changes nothing).
    let unreturnable = match &m.returns {
        Some((t, _)) if !finds_nothing => unreturnable(scope, t, &sources),
        _ => None,
    };
    let event = if finds_nothing || unreturnable.is_some() {
        None
    } else {
        first_event(scope, m, &sources, imp, &mut lines)
    };
    if let Some(why) = unreturnable {
        b.give_up(why);
    }
    match event {
        Some((name, Err(missing))) => b.give_up(format!(
            "{name} needs {}, which {} does not give",
            ticks(&missing),
            m.name
        )),
        event => {
            b.lines.extend(lines);
            if let Some((name, Ok(e))) = event {
                imp.name("..adapters", "outbox");
                b.lines
                    .push(format!("outbox.emit(\n        {},\n    )", e.render(8)));
                b.does.push(format!("emits {name} through the outbox"));
                b.outcome.emits = Some(name);
            }
        }
    }
    if let (true, Some((t, _))) = (b.outcome.implemented, &m.returns) {
        match t {
            TypeRef::Named(id) if stored.contains(id) => {
                imp.name("..errors", "NotFoundError");
                let what = m
                    .fields
                    .first()
                    .map(|_| format!("{param}.{}", attrs[0]))
                    .unwrap_or_else(|| param.to_string());
                b.lines.push(format!(
                    "raise NotFoundError({}, {what})",
                    crate::generate::python::code::py_str(&model.type_def(*id).name)
                ));
                b.does.push(format!(
                    "finds no {} (nothing to read it by: write the lookup)",
                    model.type_def(*id).name
                ));
            }
            _ => match result(scope, t, &sources, imp) {
                Ok(value) => {
                    b.lines.push(format!("return {}", value.render(4)));
                    b.does.push(result_doc(scope, t, &format!("the {param}")));
                }
                Err(missing) => b.give_up(result_missing(scope, t, &missing)),
            },
        }
    }
}

/// The body of an operation an index of the context serves (`index_query`),
/// or 501 with why not.
pub(super) fn index_query(f: &mut Frame<'_, '_>, b: &mut Body, imp: &mut Imports) {
    let (scope, m, param) = (f.scope, f.m, f.param);
    let taken = &f.taken;
    let (lines, said) = (b.lines.len(), b.does.len());
    if let Err(why) = crate::generate::python::index_query::body(
        scope,
        m,
        param,
        taken,
        imp,
        &mut b.lines,
        &mut b.does,
    ) {
        b.lines.truncate(lines);
        b.does.truncate(said);
        b.give_up(why);
    }
}
