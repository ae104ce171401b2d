//! `tests/test_on_<src>_<event>.py` and `tests/test_cmd_<command>.py` of a
//! context: each consumer with a good record, a duplicate and poison records.

use super::api::seed;
use super::*;
use crate::generate::python::observability;

#[derive(Template)]
#[template(path = "python/tests/test_consumer.py")]
pub struct TestConsumerPy {
    pub header: &'static str,
    pub module_path: String,
    pub event_path: String,
    pub imports: String,
    pub sample: String,
    pub event_id: String,
    pub other_id: String,
    pub event_name: String,
    pub source: String,
    pub eventbridge: bool,
    pub queue: String,
    pub event_class: String,
    pub service_fn: String,
    /// The handler module's `Service` instance.
    pub service: String,
    pub sig_consumes: String,
    pub sig_once: String,
    pub sig_poison: String,
    /// A `DomainError` from the service fails the record (`super::domain`).
    pub sig_domain: String,
    pub call_one: String,
    pub call_twice: String,
    pub call_bodies: String,
    pub metric: String,
    pub namespace: String,
    pub metric_service: String,
    pub emitted: Option<EmittedView>,
    pub handling_doc: &'static str,
    pub call_correlated: String,
}

/// An event the consuming context publishes, stamped inside the consumer's
/// spy to show that it carries the consumed event's ids.
pub struct EmittedView {
    pub class: String,
    pub constant: String,
    pub sample: String,
}

#[derive(Template)]
#[template(path = "python/tests/test_command.py")]
pub struct TestCommandPy {
    pub header: &'static str,
    pub module_path: String,
    pub command: String,
    pub imports: String,
    pub constants: Vec<String>,
    pub queue: String,
    pub command_class: String,
    pub service_fn: String,
    /// The handler module's `Service` instance.
    pub service: String,
    /// Whether the default body runs (else it answers 501: the record fails).
    pub implemented: bool,
    pub seed: Vec<String>,
    pub sig_handles: String,
    pub sig_poison: String,
    pub call_one: String,
    pub call_poison: String,
    pub call_again: String,
    pub call_other: String,
    pub sig_twice: String,
    pub metric: String,
    pub namespace: String,
    pub metric_service: String,
    pub sig_observed: String,
    pub call_observed: String,
    /// The test of what the command's schedule sends, when it has one.
    pub scheduled: Option<ScheduledView>,
}

pub struct ScheduledView {
    pub signature: String,
    pub expression: String,
    pub call: String,
}

/// `response = <module>.handler(<event>, lambda_context)`, laid out to fit.
fn handler_call(module: &str, event: &str) -> String {
    let c = call(
        format!("{module}.handler"),
        vec![Py::inline(event), Py::inline("lambda_context")],
    );
    format!("response = {}", c.fit(4, 15, 0))
}

pub fn test_consumers(scope: &Scope) -> Vec<(String, String)> {
    let model = scope.model;
    let eventbridge = model.system.broker == Broker::EventBridge;
    let mut out = Vec::new();
    for sid in &scope.ctx.subscriptions {
        let s = model.subscription(*sid);
        let e = model.message(s.event);
        let module = subscription_fn(scope, s);
        let class = scope.message_class(e.id).to_string();
        let mut imp = scope.imports();
        imp.module("json")
            .name("typing", "Any")
            .module("pytest")
            .name("aws_lambda_powertools.utilities.typing", "LambdaContext")
            .name(&format!("{}.contracts", scope.pkg), "Envelope")
            .name(&format!("{}.contracts", scope.pkg), &class)
            .name(&format!("{}.errors", scope.pkg), "DomainError")
            .name(&format!("{}.handlers", scope.pkg), &module);
        let emitted = observed_imports(scope, &mut imp).map(|e| {
            let class = scope.message_class(e.id).to_string();
            imp.name(&format!("{}.contracts", scope.pkg), &class)
                .name(&format!("{}.adapters", scope.pkg), "publisher");
            let constant = const_name(scope, &format!("Emitted{}", e.name));
            EmittedView {
                sample: super::constant(&constant, &scope.sample_fields(&e.fields, &[])),
                class,
                constant,
            }
        });
        let seen_ty = format!("list[{class}]");
        let params = [FIXTURES[0], FIXTURES[1], ("seen", seen_ty.as_str())];
        let sig = |n: &str| {
            let p: Vec<(String, String)> = params
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect();
            signature(n, &p, "None")
        };
        let source_ctx = &model.context(e.context).name;
        let text = TestConsumerPy {
            header: OWNED_HEADER,
            module_path: format!("{}.handlers.{module}", scope.pkg),
            event_path: model.message_path(e.id),
            imports: imp.render(),
            sample: constant("EVENT", &scope.sample_fields(&e.fields, &[])),
            event_id: uuid_for(&format!("{module}-event")),
            other_id: uuid_for(&format!("{module}-other")),
            event_name: e.name.clone(),
            source: event_source(&model.system.name, source_ctx),
            eventbridge,
            queue: bounded(
                &format!("{}-{}", kebab(&scope.ctx.name), module.replace('_', "-")),
                80,
            ),
            event_class: class,
            service_fn: module.clone(),
            service: format!("{module}.service"),
            sig_consumes: sig("test_consumes_the_event"),
            sig_once: sig("test_a_duplicate_is_handled_once"),
            sig_poison: sig("test_poison_records_are_batch_item_failures"),
            sig_domain: super::domain::consumer_signature(),
            call_one: handler_call(&module, "sqs_event(message())"),
            call_twice: handler_call(&module, "sqs_event(message(), message())"),
            call_bodies: handler_call(&module, "sqs_event(*bodies)"),
            metric: observability::subscription_metric(model, s),
            namespace: observability::metrics_namespace(model),
            metric_service: scope.ctx.name.clone(),
            handling_doc: if emitted.is_some() {
                "The ids an event emitted while the service function ran is stamped with."
            } else {
                "The correlation and causation ids while the service function ran (it still runs)."
            },
            emitted,
            call_correlated: handler_call(&module, "sqs_event(*bodies)"),
        }
        .render()
        .expect("consumer test renders");
        out.push((format!("test_{module}.py"), text));
    }
    out
}

pub fn test_commands(scope: &Scope) -> Vec<(String, String)> {
    let model = scope.model;
    let mut out = Vec::new();
    for m in scope.queue_commands() {
        let module = command_module(&m.name);
        let class = scope.message_class(m.id).to_string();
        let mut imp = scope.imports();
        imp.module("json")
            .name("typing", "Any")
            .module("pytest")
            .name("aws_lambda_powertools.utilities.typing", "LambdaContext")
            .name(&format!("{}.contracts", scope.pkg), &class)
            .name(&format!("{}.handlers", scope.pkg), &module);
        observed_imports(scope, &mut imp);
        let mut constants = vec![constant("COMMAND", &scope.sample_fields(&m.fields, &[]))];
        let mut seed_lines = Vec::new();
        if let Target::Load(agg, _) = scope.target(m) {
            let td = model.type_def(agg);
            let agg_const = const_name(scope, &td.name);
            let agg_class = scope.type_class(agg).to_string();
            constants.push(constant(
                &agg_const,
                &scope.sample(&TypeRef::Named(agg), &td.name),
            ));
            imp.name(&format!("{}.adapters", scope.pkg), "repository")
                .name(&format!("{}.contracts", scope.pkg), &agg_class);
            seed_lines.push(seed(scope, agg, &agg_class, &agg_const));
        }
        let seen_ty = format!("list[{class}]");
        let params = [FIXTURES[0], FIXTURES[1], ("seen", seen_ty.as_str())];
        let sig = |n: &str| {
            let p: Vec<(String, String)> = params
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect();
            signature(n, &p, "None")
        };
        let text = TestCommandPy {
            header: OWNED_HEADER,
            module_path: format!("{}.handlers.{module}", scope.pkg),
            command: m.name.clone(),
            imports: imp.render(),
            constants,
            queue: bounded(
                &format!("{}-{}", kebab(&scope.ctx.name), kebab(&m.name)),
                80,
            ),
            command_class: class,
            service_fn: service_fn(m),
            service: format!("{module}.service"),
            implemented: super::super::service::outcome(scope, m).implemented,
            seed: seed_lines,
            sig_handles: sig("test_handles_the_command"),
            sig_poison: sig("test_a_poison_record_is_a_batch_item_failure"),
            call_one: handler_call(&module, "sqs_event(envelope())"),
            call_again: handler_call(&module, "sqs_event(envelope(), envelope())"),
            call_other: handler_call(&module, "sqs_event(envelope(OTHER_ID))"),
            sig_twice: sig("test_a_command_delivered_twice_runs_once"),
            call_poison: handler_call(&module, "sqs_event(\"not json\")"),
            scheduled: m
                .schedule
                .as_ref()
                .and_then(|s| s.expression().ok())
                .map(|expression| {
                    let at = "2024-05-01T12:00:00Z";
                    let payload = py_str(&crate::generate::sam::schedules::payload(&m.name, at));
                    ScheduledView {
                        signature: sig("test_handles_what_its_schedule_sends"),
                        expression,
                        call: handler_call(&module, &format!("sqs_event({payload})")),
                    }
                }),
            metric: observability::operation_metric(m),
            namespace: observability::metrics_namespace(model),
            metric_service: scope.ctx.name.clone(),
            sig_observed: signature(
                "test_correlated_counted_and_failures_logged",
                &[
                    (FIXTURES[0].0.to_string(), FIXTURES[0].1.to_string()),
                    (FIXTURES[1].0.to_string(), FIXTURES[1].1.to_string()),
                    (
                        "handling".to_string(),
                        "list[tuple[str, str | None]]".to_string(),
                    ),
                    (
                        "logged".to_string(),
                        "Callable[[], list[dict[str, Any]]]".to_string(),
                    ),
                    (
                        "counted".to_string(),
                        "Callable[[], list[tuple[str, str, str, float]]]".to_string(),
                    ),
                ],
                "None",
            ),
            call_observed: handler_call(&module, "event"),
        }
        .render()
        .expect("command test renders");
        out.push((format!("test_{module}.py"), text));
    }
    out
}

/// What the observability tests of a consumer or command take; the first
/// event the context publishes, if any.
fn observed_imports<'m>(
    scope: &Scope<'m>,
    imp: &mut crate::generate::python::imports::Imports,
) -> Option<&'m crate::model::Message> {
    imp.name("collections.abc", "Callable")
        .name(&scope.pkg, "observability");
    scope.published_events().into_iter().next()
}
