//! `src/<pkg>/application/base.py` (ddgen-owned): class `BaseService`, one
//! method per operation and subscription, with a default body that makes
//! the system work end to end: a command that returns an aggregate's id stores a new
//! aggregate; an operation that names an aggregate by its id loads it (404
//! when missing), and a command copies its fields onto it and stores it;
//! every declared published event is published; results are read or built
//! field by field from what is at hand. The user-owned `service.py`
//! subclasses it (`super::base`, the generation gap).

mod body;
mod create;
mod load;
mod none;
mod result;

use super::code::{docstring, wrap};
use super::handlers::{service_fn, subscription_fn};
use super::imports::{Imports, LINE_LENGTH};
use super::scope::{Scope, Target};
use crate::generate::OWNED_HEADER;
use crate::model::{Message, MessageKind};
use askama::Template;
use body::{Body, Frame, C};

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

fn operation(scope: &Scope, m: &Message, imp: &mut Imports) -> (FunctionView, Outcome) {
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
    let mut f = Frame {
        scope,
        m,
        param,
        attrs: scope.attrs(&m.fields),
        // `self`: the bodies are methods of `BaseService` (an aggregate `Self`).
        taken: [
            param,
            "self",
            "repo",
            "publisher",
            "repository",
            "logger",
            "outbox",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    };
    let mut b = Body::new(m);
    match scope.target(m) {
        Target::Create(agg_id, key_from) => create::body(&mut f, &mut b, imp, agg_id, key_from),
        Target::Load(agg_id, by) => load::body(&mut f, &mut b, imp, agg_id, by),
        Target::None if crate::generate::python::index_query::applies(scope, m) => {
            none::index_query(&mut f, &mut b, imp)
        }
        Target::None => none::body(&mut f, &mut b, imp),
    }
    let Body {
        lines: body,
        does,
        mut outcome,
        ..
    } = b;
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
            crate::generate::python::code::py_str(&format!("{} received", e.name))
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
