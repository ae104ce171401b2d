//! `tests/conftest.py` and `tests/test_flows.py`: the whole system's
//! messaging in moto (topics or the bus, one queue per subscription with the
//! same raw delivery and filter as the SAM templates), and one flow test per
//! subscription.

use super::code::{call, docstring, py_str, Py};
use super::handlers::subscription_fn;
use super::scope::Scope;
use super::service::signature;
use super::tests::{bus_name, TestFn};
use crate::generate::names::{
    bounded, bounded_ident, event_source, kebab, py_package, upper_snake,
};
use crate::generate::OWNED_HEADER;
use crate::model::{Broker, Model};
use askama::Template;
use std::collections::BTreeSet;

pub struct ContextView {
    pub name: String,
    pub package: String,
    pub table: String,
    pub source: String,
    pub publishes: bool,
    pub topic: String,
}

pub struct SubscriptionView {
    pub queue: String,
    pub create: String,
    pub key: String,
    pub publisher: String,
    pub source: String,
    pub event: String,
}

#[derive(Template)]
#[template(path = "python/tests/flows_conftest.py")]
pub struct FlowsConftestPy {
    pub header: &'static str,
    pub broker_doc: &'static str,
    pub imports: String,
    pub packages: Vec<String>,
    pub eventbridge: bool,
    /// Whether any context publishes (has an SNS topic).
    pub publishes: bool,
    pub bus: String,
    pub contexts: Vec<ContextView>,
    pub subscriptions: Vec<SubscriptionView>,
}

#[derive(Template)]
#[template(path = "python/tests/test_flows.py")]
pub struct TestFlowsPy {
    pub header: &'static str,
    pub broker: &'static str,
    pub route_doc: &'static str,
    pub imports: String,
    pub eventbridge: bool,
    pub constants: Vec<String>,
    pub tests: Vec<TestFn>,
}

fn packages(scopes: &[Scope]) -> Vec<String> {
    scopes.iter().map(|s| s.pkg.clone()).collect()
}

fn imports(model: &Model) -> super::imports::Imports {
    super::imports::Imports::new(&super::scope::packages(model))
}

/// `queue = sqs.create_queue(QueueName=...)`, laid out to fit.
pub fn create_queue(name: &str, indent: usize) -> String {
    let c = Py::Fn(
        "sqs.create_queue".into(),
        vec![("QueueName".into(), Py::Inline(py_str(name)))],
    );
    format!("queue = {}", c.fit(indent, indent + 8, 0))
}

pub fn conftest_py(model: &Model, scopes: &[Scope]) -> String {
    let eventbridge = model.system.broker == Broker::EventBridge;
    let mut imp = imports(model);
    imp.name("collections.abc", "Iterator")
        .module("boto3")
        .module("pytest")
        .name("aws_lambda_powertools.utilities.typing", "LambdaContext")
        .name("moto", "mock_aws")
        .name("mypy_boto3_sqs", "SQSClient");
    if !model.subscriptions.is_empty() {
        imp.module("json");
    }
    let mut contexts = Vec::new();
    for c in &model.contexts {
        let pkg = py_package(&c.name);
        imp.module(&format!("{pkg}.adapters.aws"));
        contexts.push(ContextView {
            name: c.name.clone(),
            package: pkg,
            table: format!("{}-table", kebab(&c.name)),
            source: event_source(&model.system.name, &c.name),
            publishes: c
                .messages
                .iter()
                .any(|m| model.message(*m).is_published_event()),
            topic: format!("{}-events", kebab(&c.name)),
        });
    }
    let mut subscriptions = Vec::new();
    for c in &model.contexts {
        let scope = &scopes[c.id.index()];
        for sid in &c.subscriptions {
            let s = model.subscription(*sid);
            let e = model.message(s.event);
            let module = subscription_fn(scope, s);
            let queue = bounded(
                &format!("{}-{}", kebab(&c.name), module.replace('_', "-")),
                64,
            );
            let publisher = &model.context(e.context).name;
            subscriptions.push(SubscriptionView {
                create: create_queue(&queue, 8),
                queue,
                key: format!("{}.{module}", scope.pkg),
                publisher: py_package(publisher),
                source: event_source(&model.system.name, publisher),
                event: e.name.clone(),
            });
        }
    }
    FlowsConftestPy {
        header: OWNED_HEADER,
        broker_doc: if eventbridge {
            "the events go on one EventBridge bus;\nevery subscription is a rule on `source` and `detail-type` with its queue as\nthe target, as the SAM templates declare them."
        } else {
            "every publishing context its SNS topic;\nevery subscription is a queue subscribed with raw delivery and a filter on\n`event_type`, as the SAM templates declare them."
        },
        imports: imp.render(),
        packages: packages(scopes),
        eventbridge,
        publishes: contexts.iter().any(|c| c.publishes),
        bus: bus_name(model),
        contexts,
        subscriptions,
    }
    .render()
    .expect("flows conftest renders")
}

pub fn test_flows_py(model: &Model, scopes: &[Scope]) -> String {
    let eventbridge = model.system.broker == Broker::EventBridge;
    let mut imp = imports(model);
    imp.module("json")
        .name("typing", "Any")
        .module("boto3")
        .module("pytest")
        .name("collections.abc", "Callable")
        .name("aws_lambda_powertools.utilities.typing", "LambdaContext")
        .name(
            "aws_lambda_powertools.utilities.batch.types",
            "PartialItemFailureResponse",
        );
    let mut constants = Vec::new();
    let mut done: BTreeSet<String> = BTreeSet::new();
    let mut tests = Vec::new();
    let mut names: BTreeSet<String> = BTreeSet::new();
    for c in &model.contexts {
        let sub = &scopes[c.id.index()];
        for sid in &c.subscriptions {
            let s = model.subscription(*sid);
            let e = model.message(s.event);
            let pub_ctx = model.context(e.context);
            let publisher = &scopes[pub_ctx.id.index()];
            let module = subscription_fn(sub, s);
            let pkg = &sub.pkg;
            let ppkg = &publisher.pkg;
            imp.name("aws_lambda_powertools.utilities.typing", "LambdaContext")
                .module(&format!("{pkg}.contracts"))
                .module(&format!("{pkg}.handlers.{module}"))
                .module(&format!("{ppkg}.adapters.outbox"))
                .module(&format!("{ppkg}.handlers.{}", super::outbox::RELAY_MODULE))
                .module(&format!("{ppkg}.contracts"));
            // Bounded, so that `NAME: dict[str, Any] = {` always fits a line.
            let constant = bounded_ident(
                &format!("{}_{}", upper_snake(&pub_ctx.name), upper_snake(&e.name)),
                60,
            );
            if done.insert(constant.clone()) {
                let sample = publisher.sample_fields(&e.fields, &[]);
                constants.push(format!("{constant}: dict[str, Any] = {}", sample.render(0)));
            }
            let pub_class = format!("{ppkg}.contracts.{}", publisher.message_class(e.id));
            let sub_class = format!("{pkg}.contracts.{}", sub.message_class(e.id));
            let service = format!("{pkg}.handlers.{module}.service");
            let spy_sig = super::service::signature_at(
                "spy",
                &[
                    ("event".to_string(), sub_class.clone()),
                    ("envelope".to_string(), format!("{pkg}.contracts.Envelope")),
                ],
                "None",
                4,
            );
            let validate = |class: &str| {
                call(
                    format!("{class}.model_validate"),
                    vec![Py::inline(&constant)],
                )
            };
            let queue = format!("system[\"queues\"][{}]", py_str(&format!("{pkg}.{module}")));
            let body = vec![
                format!("use(monkeypatch, system, {})", py_str(ppkg)),
                format!("decoy(system, {})", py_str(ppkg)),
                call(
                    format!("{ppkg}.adapters.outbox.emit"),
                    vec![validate(&pub_class)],
                )
                .render(4),
                call(
                    "relay",
                    vec![
                        Py::Inline(format!(
                            "{ppkg}.handlers.{}.handler",
                            super::outbox::RELAY_MODULE
                        )),
                        Py::Inline(format!("system[{}][\"TABLE_NAME\"]", py_str(ppkg))),
                        Py::inline("lambda_context"),
                    ],
                )
                .render(4),
                format!(
                    "records = {}",
                    call("receive", vec![Py::Inline(queue)]).fit(4, 14, 0)
                ),
                "assert len(records) == 1".to_string(),
                format!("seen: list[{sub_class}] = []"),
                format!("original = {service}.{module}\n"),
                format!(
                    "{spy_sig}\n        seen.append(event)\n        original(event, envelope)\n"
                ),
                call(
                    "monkeypatch.setattr",
                    vec![
                        Py::inline(&service),
                        Py::Inline(py_str(&module)),
                        Py::inline("spy"),
                    ],
                )
                .render(4),
                format!("use(monkeypatch, system, {})", py_str(pkg)),
                format!(
                    "response = {}",
                    call(
                        format!("{pkg}.handlers.{module}.handler"),
                        vec![
                            Py::inline("{\"Records\": [*records, POISON]}"),
                            Py::inline("lambda_context")
                        ],
                    )
                    .fit(4, 15, 0)
                ),
                "assert response[\"batchItemFailures\"] == [{\"itemIdentifier\": \"poison\"}]"
                    .to_string(),
                format!(
                    "assert seen == {}",
                    Py::List(vec![validate(&sub_class)]).fit(4, 19, 0)
                ),
            ];
            let mut name = format!(
                "test_{}_{}_reaches_{}",
                ppkg,
                crate::generate::names::snake(&e.name),
                pkg
            );
            while !names.insert(name.clone()) {
                name.push('_');
            }
            let params = vec![
                (
                    "system".to_string(),
                    "dict[str, dict[str, str]]".to_string(),
                ),
                ("lambda_context".to_string(), "LambdaContext".to_string()),
                ("monkeypatch".to_string(), "pytest.MonkeyPatch".to_string()),
            ];
            let via = if eventbridge { "the bus" } else { "SNS" };
            tests.push(TestFn {
                signature: signature(&name, &params, "None"),
                doc: docstring(
                    &super::code::wrap(
                        &format!(
                        "{} publishes {}; {via} delivers it to {}'s queue and its consumer handles it.",
                        pub_ctx.name, e.name, c.name
                    ),
                        88,
                    ),
                    4,
                ),
                body,
            });
        }
    }
    TestFlowsPy {
        header: OWNED_HEADER,
        broker: if eventbridge {
            "EventBridge"
        } else {
            "SNS and SQS"
        },
        route_doc: if eventbridge {
            "the bus rule (pattern on `source` and `detail-type`)"
        } else {
            "SNS (raw delivery, filter on `event_type`)"
        },
        imports: imp.render(),
        eventbridge,
        constants,
        tests,
    }
    .render()
    .expect("test_flows renders")
}
