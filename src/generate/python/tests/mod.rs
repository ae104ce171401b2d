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
use crate::generate::{OWNED_HEADER, USER_HEADER};
use crate::model::{Broker, HttpMethod, IdBase, MessageKind, Model, TypeDefKind, TypeRef, Via};
use askama::Template;

mod adapters;
mod api;
mod consumers;
mod observability;

pub use adapters::test_adapters_py;
pub use api::test_api_py;
pub use consumers::{test_commands, test_consumers};

pub struct TestFn {
    pub signature: String,
    pub doc: String,
    pub body: Vec<String>,
}

fn test_fn(name: &str, params: &[(&str, &str)], doc: &str, body: Vec<String>) -> TestFn {
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
fn const_name(scope: &Scope, name: &str) -> String {
    const OWN: &[&str] = &[
        "ANSWERS", "EVENT_ID", "HEADERS", "OTHER_ID", "POISON", "SEEN", "TABLE",
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
    pub namespace: String,
}

#[derive(Template)]
#[template(path = "python/tests/test_application.py")]
pub struct TestApplicationPy {
    pub header: &'static str,
    pub context: String,
    pub imports: String,
    pub constants: Vec<String>,
    pub tests: Vec<TestFn>,
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
        namespace: super::observability::metrics_namespace(model),
    }
    .render()
    .expect("conftest renders")
}

/// `tests/test_application.py` (user-owned): a JSON round trip of every
/// own message, as a start.
pub fn test_application_py(scope: &Scope) -> String {
    let model = scope.model;
    let mut imp = scope.imports();
    let mut constants = Vec::new();
    let mut tests = Vec::new();
    for id in &scope.ctx.messages {
        let m = model.message(*id);
        let class = scope.message_class(*id).to_string();
        imp.name("typing", "Any")
            .name(&format!("{}.contracts", scope.pkg), &class);
        let c = const_name(scope, &m.name);
        constants.push(constant(&c, &scope.sample_fields(&m.fields, &[])));
        let var = scope.local(&snake(&m.name), &Default::default());
        tests.push(test_fn(
            &format!("test_{}_round_trips", snake(&m.name)),
            &[],
            &format!("{} survives a JSON round trip with its wire names.", m.name),
            vec![
                format!(
                    "{var} = {}",
                    call(format!("{class}.model_validate"), vec![Py::inline(&c)]).fit(
                        4,
                        7 + var.len(),
                        0
                    )
                ),
                format!("text = {var}.model_dump_json(by_alias=True)"),
                format!("assert {class}.model_validate_json(text) == {var}"),
            ],
        ));
    }
    if tests.is_empty() {
        tests.push(test_fn(
            "test_placeholder",
            &[],
            &format!("{} declares no messages yet.", scope.ctx.name),
            vec!["assert True".into()],
        ));
    }
    TestApplicationPy {
        header: USER_HEADER,
        context: scope.ctx.name.clone(),
        imports: imp.render(),
        constants,
        tests,
    }
    .render()
    .expect("test_application renders")
}
