//! `src/<pkg>/application/base.py` (ddgen-owned): class `BaseService`, one
//! method per operation and subscription, with a default body that makes
//! the system work end to end: a command that returns an aggregate's id stores a new
//! aggregate; an operation that names an aggregate by its id loads it (404
//! when missing), and a command copies its fields onto it and stores it;
//! every declared published event is published; results are read or built
//! field by field from what is at hand. The user-owned `service.py`
//! subclasses it (`super::base`, the generation gap).

use super::adapters::repository_class;
use super::code::{docstring, wrap, Py};
use super::handlers::{service_fn, subscription_fn};
use super::imports::{Imports, LINE_LENGTH};
use super::scope::{Fill, Scope, Source, Target};
use crate::generate::names::snake;
use crate::generate::OWNED_HEADER;
use crate::model::{Message, MessageKind, TypeRef};
use askama::Template;
use std::collections::{BTreeMap, BTreeSet};

pub struct FunctionView {
    pub signature: String,
    pub doc: String,
    pub body: Vec<String>,
}

#[derive(Template)]
#[template(path = "python/application/base.py")]
pub struct BasePy {
    pub header: &'static str,
    pub doc: String,
    pub class_doc: String,
    pub imports: String,
    pub has_logger: bool,
    pub functions: Vec<FunctionView>,
}

const C: &str = "..contracts";

/// `def f(a: A, b: B) -> R:` as ruff lays it out.
pub fn signature(func: &str, params: &[(String, String)], returns: &str) -> String {
    signature_at(func, params, returns, 0)
}

/// [`signature`] for a `def` indented by `indent` (its first line is not).
pub fn signature_at(
    func: &str,
    params: &[(String, String)],
    returns: &str,
    indent: usize,
) -> String {
    let list: Vec<String> = params.iter().map(|(n, t)| format!("{n}: {t}")).collect();
    signature_raw(func, &list, returns, indent)
}

/// A `def` line from whole parameters (`name: T = default`).
pub fn signature_raw(func: &str, params: &[String], returns: &str, indent: usize) -> String {
    let list = params;
    let one = format!("def {func}({}) -> {returns}:", list.join(", "));
    if indent + one.chars().count() <= LINE_LENGTH {
        return one;
    }
    let pad = " ".repeat(indent);
    let mut s = format!("def {func}(\n");
    for p in list.iter() {
        s.push_str(&format!("{pad}    {p},\n"));
    }
    s.push_str(&format!("{pad}) -> {returns}:"));
    s
}

fn param_name(m: &Message) -> &'static str {
    match m.kind {
        MessageKind::Query => "query",
        _ => "command",
    }
}

/// What a default body does, as the generated tests expect it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// False when the body answers 501 (raises `NotImplementedError`).
    pub implemented: bool,
    /// The event the body emits through the outbox, if any.
    pub emits: Option<String>,
}

/// What a default body of `m` does.
pub fn outcome(scope: &Scope, m: &Message) -> Outcome {
    let mut imp = scope.imports();
    operation(scope, m, &mut imp).1
}

/// The first published event of `m` built from `sources` (the only one a
/// default body emits: the others are alternatives the domain decides
/// between), with the comments about the rest pushed to `body`. `None`
/// when `m` declares none; `Err` with the fields nothing provides.
fn first_event(
    scope: &Scope,
    m: &Message,
    sources: &[Source<'_>],
    imp: &mut Imports,
    body: &mut Vec<String>,
) -> Option<(String, Result<Py, Vec<String>>)> {
    let model = scope.model;
    let mut first = None;
    let mut others = Vec::new();
    for (e, _) in &m.emits {
        let e = model.message(*e);
        if e.context != scope.ctx.id {
            continue;
        }
        if e.internal {
            body.push(format!(
                "# {} is internal: it never leaves {}; handle it here if needed.",
                e.name, scope.ctx.name
            ));
            continue;
        }
        if first.is_some() {
            others.push(e.name.clone());
            continue;
        }
        let class = scope.message_class(e.id).to_string();
        let value = scope.fill(
            &class,
            &e.fields,
            sources,
            &BTreeMap::new(),
            Fill::Message,
            imp,
        );
        if value.is_ok() {
            imp.name(C, &class);
        }
        first = Some((e.name.clone(), value));
    }
    if !others.is_empty() {
        body.push(format!(
            "# Also declared: {}. A default body emits only the first; emit the one the domain decides.",
            others.join(", ")
        ));
    }
    first
}

/// `raise NotImplementedError(...)`: the API answers 501, a consumer fails the record.
fn not_implemented(m: &Message, why: &str) -> String {
    format!(
        "raise NotImplementedError({})",
        super::code::py_str(&format!("{}: {why}; write this body.", m.name))
    )
}

/// `<repo>.save(<var>)`, with the event it emits in the same transaction.
fn save_call(repo: &str, var: &str, event: Option<&Py>) -> String {
    match event {
        Some(e) => format!(
            "{repo}.save(\n        {var},\n        events=(\n            {},\n        ),\n    )",
            e.render(12)
        ),
        None => format!("{repo}.save({var})"),
    }
}

/// `` `a`, `b` ``.
fn ticks(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn operation(scope: &Scope, m: &Message, imp: &mut Imports) -> (FunctionView, Outcome) {
    let model = scope.model;
    let param = param_name(m);
    let class = scope.message_class(m.id).to_string();
    imp.name(C, &class);
    let returns = match &m.returns {
        Some((t, _)) => {
            scope.import_ty(t, C, imp);
            scope.ty(t)
        }
        None => "None".into(),
    };
    let mut taken: BTreeSet<String> =
        [param, "repo", "publisher", "repository", "logger", "outbox"]
            .iter()
            .map(|s| s.to_string())
            .collect();
    let mut body: Vec<String> = Vec::new();
    let mut does: Vec<String> = Vec::new();
    let mut outcome = Outcome {
        implemented: true,
        emits: None,
    };
    let param_source = Source {
        var: param.to_string(),
        fields: &m.fields,
    };
    let attrs = scope.attrs(&m.fields);
    // A body that cannot go on without inventing: say why and stop.
    let give_up =
        |body: &mut Vec<String>, does: &mut Vec<String>, outcome: &mut Outcome, why: String| {
            body.push(not_implemented(m, &why));
            does.push(format!("answers 501 Not Implemented ({why})"));
            outcome.implemented = false;
        };
    match scope.target(m) {
        Target::Create(agg_id, key_from) => {
            let agg = model.type_def(agg_id);
            let agg_class = scope.type_class(agg_id).to_string();
            let var = scope.local(&snake(&agg.name), &taken);
            taken.insert(var.clone());
            let ki = scope.key_index(agg);
            let key_attr = scope.attrs(&agg.fields)[ki].clone();
            let mut overrides = BTreeMap::new();
            let key_expr = match key_from {
                Some(i) => format!("{param}.{}", attrs[i]),
                None => scope.new_id(agg.fields[ki].ty.direct().expect("key is an id"), C, imp),
            };
            overrides.insert(ki, Py::Inline(key_expr));
            let sources = [
                Source {
                    var: var.clone(),
                    fields: &agg.fields,
                },
                Source {
                    var: param.to_string(),
                    fields: &m.fields,
                },
            ];
            match scope.fill(
                &agg_class,
                &agg.fields,
                &[param_source],
                &overrides,
                Fill::NewAggregate,
                imp,
            ) {
                Err(missing) => give_up(
                    &mut body,
                    &mut does,
                    &mut outcome,
                    format!(
                        "a new {} needs {}, which {} does not give",
                        agg.name,
                        ticks(&missing),
                        m.name
                    ),
                ),
                Ok(value) => {
                    let mut lines = vec![format!("{var} = {}", value.render(4))];
                    match first_event(scope, m, &sources, imp, &mut lines) {
                        Some((name, Err(missing))) => give_up(
                            &mut body,
                            &mut does,
                            &mut outcome,
                            format!(
                                "{name} needs {}, which nothing at hand gives",
                                ticks(&missing)
                            ),
                        ),
                        event => {
                            imp.name(C, &agg_class).name("..adapters", "repository");
                            body.extend(lines);
                            does.push(format!("stores a new {}", agg.name));
                            let repo = repository_class(scope, agg_id);
                            match event {
                                Some((name, Ok(e))) => {
                                    body.push(save_call(
                                        &format!("repository.{repo}()"),
                                        &var,
                                        Some(&e),
                                    ));
                                    does.push(format!("emits {name} in the same transaction"));
                                    outcome.emits = Some(name);
                                }
                                _ => body.push(save_call(
                                    &format!("repository.{repo}()"),
                                    &var,
                                    None,
                                )),
                            }
                            body.push(format!("return {var}.{key_attr}"));
                            does.push(format!("returns its `{}`", agg.fields[ki].name));
                        }
                    }
                }
            }
        }
        Target::Load(agg_id, by) => {
            let agg = model.type_def(agg_id);
            let agg_class = scope.type_class(agg_id).to_string();
            imp.name(C, &agg_class)
                .name("..adapters", "repository")
                .name("..errors", "NotFoundError");
            let var = scope.local(&snake(&agg.name), &taken);
            taken.insert(var.clone());
            let key = format!("{param}.{}", attrs[by]);
            body.push(format!(
                "repo = repository.{}()",
                repository_class(scope, agg_id)
            ));
            body.push(format!("{var} = repo.get({key})"));
            body.push(format!(
                "if {var} is None:\n        raise NotFoundError({}, {key})",
                super::code::py_str(&agg.name)
            ));
            does.push(format!(
                "loads the {} by `{}` (NotFoundError, 404, when there is none)",
                agg.name, m.fields[by].name
            ));
            let agg_attrs = scope.attrs(&agg.fields);
            let ki = scope.key_index(agg);
            let sources = [
                Source {
                    var: var.clone(),
                    fields: &agg.fields,
                },
                Source {
                    var: param.to_string(),
                    fields: &m.fields,
                },
            ];
            // A result nothing gives is known before any effect: answer 501
            // without storing or emitting (a 501 changes nothing).
            let key_ty = &agg.fields[ki].ty;
            let unreturnable = m
                .returns
                .as_ref()
                .filter(|(t, _)| *t != TypeRef::Named(agg_id) && t != key_ty)
                .and_then(|(t, _)| unreturnable(scope, t, &sources));
            if let Some(why) = unreturnable {
                give_up(&mut body, &mut does, &mut outcome, why);
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
                    give_up(
                        &mut body,
                        &mut does,
                        &mut outcome,
                        format!(
                            "no field of {} names a field of {} to change",
                            m.name, agg.name
                        ),
                    );
                } else if let Some((name, Err(missing))) = &event {
                    give_up(
                        &mut body,
                        &mut does,
                        &mut outcome,
                        format!(
                            "{name} needs {}, which nothing at hand gives",
                            ticks(missing)
                        ),
                    );
                } else {
                    body.extend(lines);
                    does.push(format!("sets {}", ticks(&copied)));
                    match event {
                        Some((name, Ok(e))) => {
                            body.push(save_call("repo", &var, Some(&e)));
                            does.push(format!("stores it and emits {name} in one transaction"));
                            outcome.emits = Some(name);
                        }
                        _ => {
                            body.push(save_call("repo", &var, None));
                            does.push("stores it".into());
                        }
                    }
                }
            }
            if let (true, Some((t, _))) = (outcome.implemented, &m.returns) {
                if *t == TypeRef::Named(agg_id) {
                    body.push(format!("return {var}"));
                    does.push(format!("returns the {}", agg.name));
                } else if t == key_ty {
                    body.push(format!("return {var}.{}", agg_attrs[ki]));
                } else {
                    match result(scope, t, &sources, imp) {
                        Ok(value) => {
                            body.push(format!("return {}", value.render(4)));
                            does.push(result_doc(scope, t, "them"));
                        }
                        Err(missing) => give_up(
                            &mut body,
                            &mut does,
                            &mut outcome,
                            result_missing(scope, t, &missing),
                        ),
                    }
                }
            }
        }
        Target::None if super::index_query::applies(scope, m) => {
            let (lines, said) = (body.len(), does.len());
            if let Err(why) =
                super::index_query::body(scope, m, param, &taken, imp, &mut body, &mut does)
            {
                body.truncate(lines);
                does.truncate(said);
                give_up(&mut body, &mut does, &mut outcome, why);
            }
        }
        Target::None => {
            let sources = [Source {
                var: param.to_string(),
                fields: &m.fields,
            }];
            let stored: Vec<_> = scope.stored_aggregates().iter().map(|a| a.id).collect();
            // A read of an aggregate with nothing to read it by finds none
            // (404) before it could emit anything.
            let finds_nothing =
                matches!(&m.returns, Some((TypeRef::Named(id), _)) if stored.contains(id));
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
                give_up(&mut body, &mut does, &mut outcome, why);
            }
            match event {
                Some((name, Err(missing))) => give_up(
                    &mut body,
                    &mut does,
                    &mut outcome,
                    format!(
                        "{name} needs {}, which {} does not give",
                        ticks(&missing),
                        m.name
                    ),
                ),
                event => {
                    body.extend(lines);
                    if let Some((name, Ok(e))) = event {
                        imp.name("..adapters", "outbox");
                        body.push(format!("outbox.emit(\n        {},\n    )", e.render(8)));
                        does.push(format!("emits {name} through the outbox"));
                        outcome.emits = Some(name);
                    }
                }
            }
            if let (true, Some((t, _))) = (outcome.implemented, &m.returns) {
                match t {
                    TypeRef::Named(id) if stored.contains(id) => {
                        imp.name("..errors", "NotFoundError");
                        let what = m
                            .fields
                            .first()
                            .map(|_| format!("{param}.{}", attrs[0]))
                            .unwrap_or_else(|| param.to_string());
                        body.push(format!(
                            "raise NotFoundError({}, {what})",
                            super::code::py_str(&model.type_def(*id).name)
                        ));
                        does.push(format!(
                            "finds no {} (nothing to read it by: write the lookup)",
                            model.type_def(*id).name
                        ));
                    }
                    _ => match result(scope, t, &sources, imp) {
                        Ok(value) => {
                            body.push(format!("return {}", value.render(4)));
                            does.push(result_doc(scope, t, &format!("the {param}")));
                        }
                        Err(missing) => give_up(
                            &mut body,
                            &mut does,
                            &mut outcome,
                            result_missing(scope, t, &missing),
                        ),
                    },
                }
            }
        }
    }
    if outcome.emits.is_some() && !outcome.implemented {
        outcome.emits = None;
    }
    let mut doc = m
        .docs
        .clone()
        .unwrap_or_else(|| format!("Handles {}.", m.name));
    if does.is_empty() {
        doc.push_str("\n\nDefault body: does nothing yet.");
    } else {
        doc.push_str(&format!(
            "\n\n{}",
            wrap(&format!("Default body: {}.", does.join("; ")), 88)
        ));
    }
    (
        FunctionView {
            signature: signature(&service_fn(m), &[(param.to_string(), class)], &returns),
            doc: docstring(&doc, 4),
            body,
        },
        outcome,
    )
}

/// Why no result of type `t` can be built from `sources` (probed with
/// imports of its own), or `None` when one can.
fn unreturnable(scope: &Scope, t: &TypeRef, sources: &[Source<'_>]) -> Option<String> {
    result(scope, t, sources, &mut scope.imports())
        .err()
        .map(|missing| result_missing(scope, t, &missing))
}

/// Why a result cannot be built.
fn result_missing(scope: &Scope, t: &TypeRef, missing: &[String]) -> String {
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
fn result_doc(scope: &Scope, t: &TypeRef, from: &str) -> String {
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
fn result(
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

/// `application/base.py`: every operation and subscription with its default.
pub fn base_py(scope: &Scope) -> String {
    let model = scope.model;
    let mut imp = scope.imports();
    let mut functions = Vec::new();
    for m in scope.operations() {
        functions.push(operation(scope, m, &mut imp).0);
    }
    let has_logger = !scope.ctx.subscriptions.is_empty();
    if has_logger {
        imp.name("aws_lambda_powertools", "Logger")
            .name(C, "Envelope");
    }
    for sid in &scope.ctx.subscriptions {
        let s = model.subscription(*sid);
        let e = model.message(s.event);
        let class = scope.message_class(e.id).to_string();
        imp.name(C, &class);
        let func = subscription_fn(scope, s);
        let mut doc = format!("{} arrived.", model.message_path(e.id));
        if let Some(d) = &e.docs {
            doc = format!("{doc} {d}");
        }
        doc.push_str(
            "\n\nRuns at most once per `envelope.event_id`; raising makes SQS deliver it again.\nDefault body: logs it.",
        );
        let log = format!(
            "logger.info(\n        {},\n        extra={{\"event_id\": str(envelope.event_id), \"source\": envelope.source}},\n    )",
            super::code::py_str(&format!("{} received", e.name))
        );
        functions.push(FunctionView {
            signature: signature(
                &func,
                &[
                    ("event".into(), class),
                    ("envelope".into(), "Envelope".into()),
                ],
                "None",
            ),
            doc: docstring(&doc, 4),
            body: vec![log],
        });
    }
    let mut adapters = vec!["`repository` (DynamoDB)".to_string()];
    if scope.stored_aggregates().is_empty() {
        adapters.clear();
    }
    if !scope.published_events().is_empty() {
        adapters.push("`publisher` (events)".into());
    }
    if !scope.ctx.calls.is_empty() {
        adapters.push("`clients` (typed HTTP clients for `calls`)".into());
    }
    if !scope.ctx.sends.is_empty() {
        adapters.push("`senders` (SQS senders for `sends`)".into());
    }
    let doc = super::base::base_doc(scope, &adapters);
    BasePy {
        header: OWNED_HEADER,
        doc: docstring(&doc, 0),
        class_doc: docstring(super::base::BASE_CLASS_DOC, 4),
        imports: imp.render(),
        has_logger,
        functions: functions.into_iter().map(super::base::method).collect(),
    }
    .render()
    .expect("base.py renders")
}
