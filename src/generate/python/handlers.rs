//! `src/<pkg>/handlers/`: the Lambda entry points. `api.py` (Powertools
//! routes with validation), one SQS batch consumer per subscription, one per
//! own queue command. They translate transport to calls of
//! `application.service` and nothing else.

use super::code::{docstring, py_str, wrap, Py};
use super::observability;
use super::scope::{HttpOp, Item, Scope};
use crate::generate::names::{
    command_module, lambda_handler, powertools_route, py_field, py_unique, subscription_module,
};
use crate::generate::OWNED_HEADER;
use crate::model::{Broker, Message, Subscription, TypeRef};
use askama::Template;
use std::collections::BTreeSet;

pub struct RouteView {
    pub method: &'static str,
    pub route: String,
    pub signature: String,
    pub doc: String,
    pub body: Vec<String>,
    pub metric: String,
}

#[derive(Template)]
#[template(path = "python/handlers/api.py")]
pub struct ApiPy {
    pub header: &'static str,
    pub context: String,
    pub imports: String,
    pub routes: Vec<RouteView>,
    pub handler_path: String,
}

#[derive(Template)]
#[template(path = "python/handlers/consumer.py")]
pub struct ConsumerPy {
    pub header: &'static str,
    pub doc: String,
    pub imports: String,
    pub event_type: String,
    pub event_class: String,
    pub service_fn: String,
    pub parse_envelope: String,
    pub handler_path: String,
    pub metric: String,
}

#[derive(Template)]
#[template(path = "python/handlers/command.py")]
pub struct CommandPy {
    pub header: &'static str,
    pub command: String,
    pub imports: String,
    pub command_class: String,
    pub service_fn: String,
    pub handler_path: String,
    pub metric: String,
}

/// The service function of an operation (also its route function's name in
/// `api.py`): never a name the module binds or a builtin.
pub fn service_fn(msg: &Message) -> String {
    crate::generate::names::py_free(&msg.name, |n| MODULE_NAMES.contains(&n))
}

/// Lower-case names the modules that define service and route functions
/// (`service.py`, `api.py`) bind themselves: a function never takes one.
const MODULE_NAMES: &[&str] = &[
    "_json",
    "adapters",
    "app",
    "application",
    "aws",
    "base64",
    "boto3",
    "clients",
    "contracts",
    "counted",
    "date",
    "datetime",
    "deadline",
    "decimal",
    "errors",
    "exceptions",
    "handler",
    "handlers",
    "idempotency",
    "json",
    "limits",
    "logger",
    "metrics",
    "observability",
    "os",
    "processor",
    "publisher",
    "repository",
    "result",
    "senders",
    "service",
    "time",
    "to_json",
    "tracer",
    "typing",
    "uuid",
];

/// The service function of a subscription: `on_<src>_<event>`.
pub fn subscription_fn(scope: &Scope, s: &Subscription) -> String {
    let e = scope.model.message(s.event);
    subscription_module(&scope.model.context(e.context).name, &e.name)
}

/// Names a route function's parameters must not take.
fn route_taken(scope: &Scope, imports: &BTreeSet<String>) -> BTreeSet<String> {
    let mut t: BTreeSet<String> = imports.clone();
    for n in [
        "app",
        "handler",
        "logger",
        "service",
        "_json",
        "json",
        "to_json",
        "result",
        "deadline",
        "idempotency",
        "limits",
        "counted",
        "metrics",
        "observability",
        "tracer",
    ] {
        t.insert(n.to_string());
    }
    for op in scope.http_ops() {
        t.insert(service_fn(op.msg));
    }
    t
}

/// A route function's name: the service function's, unless that starts with
/// `test`, which ruff's pytest rules (PT028) take for a test function with
/// defaults (a route with optional query parameters): then `route_<name>`.
fn route_fn(func: &str) -> String {
    if func.starts_with("test") {
        format!("route_{func}")
    } else {
        func.to_string()
    }
}

/// The local parameter names of an operation's path and query fields, by
/// field index, and the body parameter's name.
pub struct RouteNames {
    pub params: Vec<(usize, String)>,
    pub body: String,
}

pub fn route_names(scope: &Scope, op: &HttpOp) -> RouteNames {
    // What a route function refers to: its module's names and the contract
    // classes; a parameter must not shadow them.
    let mut taken = route_taken(scope, &BTreeSet::new());
    for n in [
        "Annotated",
        "Any",
        "APIGatewayRestResolver",
        "LambdaContext",
        "Logger",
        "NotFoundError",
        "Query",
        "RequestUnsupportedContentType",
        "RequestValidationError",
        "Response",
        "exceptions",
    ] {
        taken.insert(n.to_string());
    }
    let free = |n: &str, taken: &BTreeSet<String>| taken.contains(n) || scope.is_contract_name(n);
    let mut params = Vec::new();
    for i in op.path_fields.iter().chain(&op.query_fields) {
        let f = &op.msg.fields[*i];
        let n = py_unique(py_field(&f.name), |n| free(n, &taken));
        taken.insert(n.clone());
        params.push((*i, n));
    }
    let body = py_unique("body".to_string(), |n| free(n, &taken));
    RouteNames { params, body }
}

fn unwrap_optional(t: &TypeRef) -> &TypeRef {
    match t {
        TypeRef::Optional(t) => t,
        t => t,
    }
}

pub fn api_py(scope: &Scope) -> Option<String> {
    let ops = scope.http_ops();
    if ops.is_empty() {
        return None;
    }
    let mut imp = scope.imports();
    imp.module("json")
        .name("typing", "Any")
        .name(
            "aws_lambda_powertools.event_handler",
            "APIGatewayRestResolver",
        )
        .name("aws_lambda_powertools.event_handler", "Response")
        .name("aws_lambda_powertools.event_handler", "exceptions")
        .name(
            "aws_lambda_powertools.event_handler.openapi.exceptions",
            "RequestValidationError",
        )
        .name(
            "aws_lambda_powertools.event_handler.openapi.exceptions",
            "RequestUnsupportedContentType",
        )
        .name("aws_lambda_powertools.utilities.typing", "LambdaContext")
        .name("..application.service", "Service")
        .name("..errors", "NotFoundError")
        .name("..errors", "DomainError")
        .name("..adapters", "deadline")
        .name("..adapters", "idempotency")
        .name("..adapters", "limits");
    observability_imports(&mut imp);
    let mut routes = Vec::new();
    for op in &ops {
        let msg = op.msg;
        let names = route_names(scope, op);
        let attrs = scope.attrs(&msg.fields);
        let route = powertools_route(&op.path, |wire| {
            let i = msg.fields.iter().position(|f| f.name == wire);
            i.and_then(|i| names.params.iter().find(|(j, _)| *j == i))
                .map(|(_, n)| n.clone())
                .unwrap_or_else(|| wire.to_string())
        });
        let mut params = Vec::new();
        for (i, local) in &names.params {
            let f = &msg.fields[*i];
            if op.path_fields.contains(i) {
                let t = unwrap_optional(&f.ty);
                scope.import_ty(t, "..contracts", &mut imp);
                params.push(format!("{local}: {}", scope.ty(t)));
            } else {
                imp.name("typing", "Annotated").name(
                    "aws_lambda_powertools.event_handler.openapi.params",
                    "Query",
                );
                scope.import_ty(&f.ty, "..contracts", &mut imp);
                let q = if *local != f.name {
                    format!("Query(alias={})", py_str(&f.name))
                } else {
                    "Query()".to_string()
                };
                let default = if matches!(f.ty, TypeRef::Optional(_)) {
                    " = None"
                } else {
                    ""
                };
                params.push(format!(
                    "{local}: Annotated[{}, {q}]{default}",
                    scope.ty(&f.ty)
                ));
            }
        }
        // Required parameters before optional ones (Python's rule).
        params.sort_by_key(|p| p.ends_with(" = None"));
        let message_class = scope.message_class(msg.id).to_string();
        imp.name("..contracts", &message_class);
        if op.has_body() {
            let body_class = if op.body_is_message() {
                message_class.clone()
            } else {
                scope.class(Item::Body(msg.id)).to_string()
            };
            imp.name("..contracts", &body_class);
            params.push(format!("{}: {body_class}", names.body));
        }
        let message = if op.body_is_message() {
            Py::Inline(names.body.clone())
        } else {
            let mut args = Vec::new();
            for (i, (_, a)) in msg.fields.iter().zip(&attrs).enumerate() {
                let v = match names.params.iter().find(|(j, _)| *j == i) {
                    Some((_, local)) => local.clone(),
                    None => format!("{}.{a}", names.body),
                };
                args.push((a.clone(), Py::Inline(v)));
            }
            Py::Call(message_class.clone(), args)
        };
        let func = service_fn(msg);
        let call_text = match &message {
            Py::Inline(m) => format!("service.{func}({m})"),
            m => format!("service.{func}(\n        {},\n    )", m.render(8)),
        };
        let mut body = Vec::new();
        let status = op.status();
        if msg.returns.is_some() {
            imp.name("pydantic_core", "to_json");
            body.push(format!("result = {call_text}"));
            body.push(format!(
                "return _json({status}, to_json(result, by_alias=True).decode())"
            ));
        } else {
            body.push(call_text);
            body.push(format!("return _json({status})"));
        }
        let doc = match &msg.docs {
            Some(d) => format!("{d}\n\n{} {} ({}).", op.method.as_str(), op.path, msg.name),
            None => format!("{} {}: {}.", op.method.as_str(), op.path, msg.name),
        };
        routes.push(RouteView {
            method: op.method.lowercase(),
            route,
            signature: super::service::signature_raw(&route_fn(&func), &params, "Response[str]", 0),
            doc: docstring(&doc, 4),
            body,
            metric: observability::operation_metric(msg),
        });
    }
    Some(
        ApiPy {
            header: OWNED_HEADER,
            context: scope.ctx.name.clone(),
            imports: imp.render(),
            routes,
            handler_path: lambda_handler(&scope.pkg, "api"),
        }
        .render()
        .expect("api.py renders"),
    )
}

pub(super) fn batch_imports(scope: &Scope) -> super::imports::Imports {
    let mut imp = scope.imports();
    imp.name("typing", "Any")
        .name("aws_lambda_powertools.utilities.batch", "BatchProcessor")
        .name("aws_lambda_powertools.utilities.batch", "EventType")
        .name(
            "aws_lambda_powertools.utilities.batch",
            "process_partial_response",
        )
        .name(
            "aws_lambda_powertools.utilities.batch.types",
            "PartialItemFailureResponse",
        )
        .name(
            "aws_lambda_powertools.utilities.data_classes.sqs_event",
            "SQSRecord",
        )
        .name("aws_lambda_powertools.utilities.typing", "LambdaContext")
        .name("..application.service", "Service");
    observability_imports(&mut imp);
    imp.name("..observability", "LoggedBatchProcessor");
    imp
}

/// What every handler takes from `observability.py`.
fn observability_imports(imp: &mut super::imports::Imports) {
    imp.name("..", "observability")
        .name("..observability", "counted")
        .name("..observability", "logger")
        .name("..observability", "metrics")
        .name("..observability", "tracer");
}

/// `handlers/on_<src>_<event>.py` of every subscription, with its module name.
pub fn consumers(scope: &Scope) -> Vec<(String, String)> {
    let model = scope.model;
    let eventbridge = model.system.broker == Broker::EventBridge;
    let mut out = Vec::new();
    for sid in &scope.ctx.subscriptions {
        let s = model.subscription(*sid);
        let e = model.message(s.event);
        let module = subscription_fn(scope, s);
        let mut imp = batch_imports(scope);
        let event_class = scope.message_class(e.id).to_string();
        super::edge::idempotency_names(&mut imp);
        imp.module("os")
            .name("..adapters", "aws")
            .name("..adapters", "deadline")
            .name("..contracts", "Envelope")
            .name("..contracts", &event_class);
        let parse_envelope = if eventbridge {
            imp.name("..contracts", "BridgeEvent");
            "BridgeEvent.model_validate_json(record.body).detail".to_string()
        } else {
            "Envelope.model_validate_json(record.body)".to_string()
        };
        let body = if eventbridge {
            "the EventBridge event, whose `detail` is the event's envelope"
        } else {
            "the event's envelope (raw SNS delivery)"
        };
        let doc = format!(
            "Consumes {} from {}'s own queue.\n\n{}\n\n{}",
            model.message_path(e.id),
            scope.ctx.name,
            wrap(
                &format!(
                    "SQS delivers batches of up to {} records; each record's body is {body}. \
                     A record that does not validate, or whose handling fails, is reported in \
                     `batchItemFailures` and retried; after {} receives it lands in the \
                     dead-letter queue.",
                    s.batch, s.retries
                ),
                88
            ),
            wrap(
                "Duplicates are dropped by `event_id` (Powertools idempotency on the context's \
                 table, `TABLE_NAME`).",
                88
            ),
        );
        let text = ConsumerPy {
            header: OWNED_HEADER,
            doc: docstring(&doc, 0),
            imports: imp.render(),
            event_type: py_str(&e.name),
            event_class,
            service_fn: module.clone(),
            parse_envelope,
            handler_path: lambda_handler(&scope.pkg, &module),
            metric: observability::subscription_metric(model, s),
        }
        .render()
        .expect("consumer renders");
        out.push((module, text));
    }
    out
}

/// `handlers/cmd_<command>.py` of every own queue command.
pub fn commands(scope: &Scope) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for m in scope.queue_commands() {
        let module = command_module(&m.name);
        let mut imp = batch_imports(scope);
        let class = scope.message_class(m.id).to_string();
        imp.name("..contracts", &class)
            .name("..contracts", "CommandEnvelope")
            .name("..adapters", "deadline")
            .name("..adapters", "idempotency");
        let text = CommandPy {
            header: OWNED_HEADER,
            command: m.name.clone(),
            imports: imp.render(),
            command_class: class,
            service_fn: service_fn(m),
            handler_path: lambda_handler(&scope.pkg, &module),
            metric: observability::operation_metric(m),
        }
        .render()
        .expect("command consumer renders");
        out.push((module, text));
    }
    out
}
