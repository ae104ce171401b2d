//! The generated tests: per context `contexts/<ctx>/tests/` (moto-backed
//! wiring tests of every route, consumer and adapter, a conftest, and the
//! user-owned `test_application.py`), and the system's flow tests in
//! `tests/` (one per subscription, through moto's SNS→SQS or EventBridge).
//! This module holds what the test files share, the conftest and the
//! user-owned file; `api.rs`, `consumers.rs` and `adapters.rs` the rest.

use super::adapters::{called, client_class, client_method, repository_class, sender_names};
use super::code::{call, docstring, py_str, uuid_for, Py};
use super::handlers::{service_fn, subscription_fn};
use super::scope::{HttpOp, Scope, Target};
use super::service::signature;
use crate::generate::names::{
    bounded, bounded_ident, command_module, event_source, kebab, py_unique, queue_url_env, snake,
    upper_snake,
};
use crate::generate::OWNED_HEADER;
use crate::model::{Broker, HttpMethod, IdBase, MessageKind, Model, TypeDefKind, TypeRef, Via};
use askama::Template;

mod adapters;
mod api;
mod callers;

use callers::caller;
mod consumers;
mod domain;
mod edge;
mod indexes;
mod observability;

pub use adapters::test_adapters_py;
pub use api::test_api_py;
pub use consumers::{test_commands, test_consumers};

pub(crate) struct TestFn {
    pub signature: String,
    pub doc: String,
    pub body: Vec<String>,
}

pub(crate) fn test_fn(name: &str, params: &[(&str, &str)], doc: &str, body: Vec<String>) -> TestFn {
    let params: Vec<(String, String)> = params
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    TestFn {
        signature: signature(name, &params, "None"),
        doc: docstring(&super::code::wrap(doc, 88), 4),
        body,
    }
}

const FIXTURES: &[(&str, &str)] = &[
    ("cloud", "dict[str, str]"),
    ("lambda_context", "LambdaContext"),
];

/// The name of a module-level sample constant for `name` (a message or type):
/// upper snake case, clear of the test modules' own constants and of the
/// context's classes (a class `A` and a constant `A` would be one name).
pub(crate) fn const_name(scope: &Scope, name: &str) -> String {
    const OWN: &[&str] = &[
        "ANSWERS",
        "COMMAND",
        "COMMAND_ID",
        "EVENT_ID",
        "HEADERS",
        "OTHER_ID",
        "POISON",
        "SEEN",
        "TABLE",
    ];
    // Bounded, so that `NAME: dict[str, Any] = {` always fits a line.
    py_unique(bounded_ident(&upper_snake(name), 60), |n| {
        OWN.contains(&n) || n.ends_with("_RESULT") || scope.is_contract_name(n)
    })
}

/// `NAME: dict[str, Any] = {...}`.
fn constant(name: &str, value: &Py) -> String {
    format!("{name}: dict[str, Any] = {}", value.render(0))
}

pub struct QueueView {
    pub create: String,
    pub env: String,
}

#[derive(Template)]
#[template(path = "python/tests/conftest.py")]
pub struct ConftestPy {
    pub header: &'static str,
    pub context: String,
    pub imports: String,
    pub table: String,
    pub source: String,
    pub publishes: bool,
    pub eventbridge: bool,
    pub bus: String,
    pub topic: String,
    pub queues: Vec<QueueView>,
    /// `update_table` calls adding the aggregates' indexes (`python::indexes`).
    pub index_updates: Vec<String>,
    /// `<pkg>.handlers.relay`, which the `relay` fixture runs.
    pub relay_module: String,
    pub namespace: String,
}

/// The bus name in tests.
pub fn bus_name(model: &Model) -> String {
    format!("{}-events", kebab(&model.system.name))
}

fn table_name(ctx: &str) -> String {
    format!("{}-table", kebab(ctx))
}

fn topic_name(ctx: &str) -> String {
    format!("{}-events", kebab(ctx))
}

pub fn conftest_py(scope: &Scope) -> String {
    let model = scope.model;
    let mut imp = scope.imports();
    imp.name("collections.abc", "Iterator")
        .module("boto3")
        .module("pytest")
        .name("aws_lambda_powertools.utilities.typing", "LambdaContext")
        .name("moto", "mock_aws")
        .name(&format!("{}.adapters", scope.pkg), "aws");
    // The `logged` and `counted` fixtures.
    imp.module("io")
        .module("json")
        .module("logging")
        .name("collections.abc", "Callable")
        .name("typing", "Any")
        .name(&scope.pkg, "observability");
    let eventbridge = model.system.broker == Broker::EventBridge;
    let publishes = !scope.published_events().is_empty();
    if publishes && eventbridge {
        imp.module("json");
    }
    let relay_module = format!("{}.handlers.{}", scope.pkg, super::outbox::RELAY_MODULE);
    if publishes {
        imp.name("collections.abc", "Callable")
            .name("typing", "Any")
            .name(
                "aws_lambda_powertools.utilities.batch.types",
                "PartialItemFailureResponse",
            )
            .module(&relay_module);
    }
    let mut queues = Vec::new();
    for (id, _) in sender_names(scope) {
        let m = model.message(id);
        let cname = &model.context(m.context).name;
        let name = bounded(&format!("{}-{}", kebab(cname), kebab(&m.name)), 80);
        queues.push(QueueView {
            create: super::flows::create_queue(&name, 8),
            env: queue_url_env(cname, &m.name),
        });
    }
    ConftestPy {
        header: OWNED_HEADER,
        context: scope.ctx.name.clone(),
        imports: imp.render(),
        table: table_name(&scope.ctx.name),
        source: event_source(&model.system.name, &scope.ctx.name),
        publishes,
        eventbridge,
        bus: bus_name(model),
        topic: topic_name(&scope.ctx.name),
        queues,
        index_updates: crate::generate::python::indexes::table_updates(scope),
        relay_module,
        namespace: super::observability::metrics_namespace(model),
    }
    .render()
    .expect("conftest renders")
}
