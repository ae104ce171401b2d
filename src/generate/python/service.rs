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
use super::scope::{Scope, Source, Target};
use crate::generate::names::snake;
use crate::generate::OWNED_HEADER;
use crate::model::{Message, MessageKind, TypeDefKind, TypeRef};
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

/// Statements publishing the declared events of `m`, and what they say.
fn publish(
    scope: &Scope,
    m: &Message,
    sources: &[Source<'_>],
    imp: &mut Imports,
    body: &mut Vec<String>,
) -> Vec<String> {
    let model = scope.model;
    let mut said = Vec::new();
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
        imp.name("..adapters", "publisher");
        let class = scope.message_class(e.id).to_string();
        imp.name(C, &class);
        let event = scope.build(&class, &e.fields, sources, &BTreeMap::new(), C, imp);
        body.push(format!(
            "publisher.publish(\n        {},\n    )",
            event.render(8)
        ));
        said.push(e.name.clone());
    }
    said
}

fn operation(scope: &Scope, m: &Message, imp: &mut Imports) -> FunctionView {
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
    let mut taken: BTreeSet<String> = [param, "repo", "publisher", "repository", "logger"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut body: Vec<String> = Vec::new();
    let mut does: Vec<String> = Vec::new();
    let param_source = Source {
        var: param.to_string(),
        fields: &m.fields,
    };
    let attrs = scope.attrs(&m.fields);
    match scope.target(m) {
        Target::Create(agg_id, key_from) => {
            let agg = model.type_def(agg_id);
            let agg_class = scope.type_class(agg_id).to_string();
            imp.name(C, &agg_class).name("..adapters", "repository");
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
            let value = scope.build(&agg_class, &agg.fields, &[param_source], &overrides, C, imp);
            body.push(format!("{var} = {}", value.render(4)));
            body.push(format!(
                "repository.{}().save({var})",
                repository_class(scope, agg_id)
            ));
            does.push(format!("stores a new {}", agg.name));
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
            let said = publish(scope, m, &sources, imp, &mut body);
            if !said.is_empty() {
                does.push(format!("publishes {}", said.join(", ")));
            }
            body.push(format!("return {var}.{key_attr}"));
            does.push(format!("returns its `{}`", agg.fields[ki].name));
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
            if m.kind == MessageKind::Command {
                let mut copied = Vec::new();
                for (j, f) in agg.fields.iter().enumerate() {
                    if j == ki {
                        continue;
                    }
                    let Some(i) = m.fields.iter().position(|mf| mf.name == f.name) else {
                        continue;
                    };
                    let mf = &m.fields[i];
                    if mf.ty == f.ty || TypeRef::Optional(Box::new(mf.ty.clone())) == f.ty {
                        body.push(format!("{var}.{} = {param}.{}", agg_attrs[j], attrs[i]));
                        copied.push(format!("`{}`", f.name));
                    }
                }
                if !copied.is_empty() {
                    body.push(format!("repo.save({var})"));
                    does.push(format!("sets {} and stores it", copied.join(", ")));
                }
            }
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
            let said = publish(scope, m, &sources, imp, &mut body);
            if !said.is_empty() {
                does.push(format!("publishes {}", said.join(", ")));
            }
            if let Some((t, _)) = &m.returns {
                let key_ty = &agg.fields[ki].ty;
                if *t == TypeRef::Named(agg_id) {
                    body.push(format!("return {var}"));
                    does.push(format!("returns the {}", agg.name));
                } else if t == key_ty {
                    body.push(format!("return {var}.{}", agg_attrs[ki]));
                } else {
                    let value = result(scope, t, &sources, imp);
                    body.push(format!("return {}", value.render(4)));
                    does.push(result_doc(scope, t, "them"));
                }
            }
        }
        Target::None if super::index_query::applies(scope, m) => {
            super::index_query::body(scope, m, param, &taken, imp, &mut body, &mut does);
        }
        Target::None => {
            let sources = [Source {
                var: param.to_string(),
                fields: &m.fields,
            }];
            let said = publish(scope, m, &sources, imp, &mut body);
            if !said.is_empty() {
                does.push(format!("publishes {}", said.join(", ")));
            }
            if let Some((t, _)) = &m.returns {
                let stored: Vec<_> = scope.stored_aggregates().iter().map(|a| a.id).collect();
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
                    TypeRef::Named(id)
                        if matches!(model.type_def(*id).kind, TypeDefKind::Id(_)) =>
                    {
                        body.push(format!("return {}", scope.new_id(*id, C, imp)));
                        does.push(format!("returns a new {}", model.type_def(*id).name));
                    }
                    _ => {
                        let value = result(scope, t, &sources, imp);
                        body.push(format!("return {}", value.render(4)));
                        does.push(result_doc(scope, t, &format!("the {param}")));
                    }
                }
            }
        }
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
    FunctionView {
        signature: signature(&service_fn(m), &[(param.to_string(), class)], &returns),
        doc: docstring(&doc, 4),
        body,
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

/// A result of type `t` from the sources.
fn result(scope: &Scope, t: &TypeRef, sources: &[Source<'_>], imp: &mut Imports) -> Py {
    match t {
        TypeRef::Named(id) if scope.model.type_def(*id).kind.is_structured() => {
            let td = scope.model.type_def(*id);
            let class = scope.type_class(*id).to_string();
            imp.name(C, &class);
            scope.build(&class, &td.fields, sources, &BTreeMap::new(), C, imp)
        }
        t => scope.default(t, C, imp),
    }
}

/// `application/base.py`: every operation and subscription with its default.
pub fn base_py(scope: &Scope) -> String {
    let model = scope.model;
    let mut imp = scope.imports();
    let mut functions = Vec::new();
    for m in scope.operations() {
        functions.push(operation(scope, m, &mut imp));
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
