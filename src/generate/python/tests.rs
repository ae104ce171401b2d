//! The generated tests: per context `contexts/<ctx>/tests/` (moto-backed
//! wiring tests of every route, consumer and adapter, a conftest, and the
//! user-owned `test_application.py`), and the system's flow tests in
//! `tests/` (one per subscription, through moto's SNS→SQS or EventBridge).

use super::adapters::{called, client_class, client_method, repository_class, sender_names};
use super::code::{call, docstring, py_str, uuid_for, Py};
use super::handlers::{service_fn, subscription_fn};
use super::scope::{HttpOp, Scope, Target};
use super::service::signature;
use crate::generate::names::{
    command_module, event_source, kebab, py_unique, queue_url_env, snake, upper_snake,
};
use crate::generate::{OWNED_HEADER, USER_HEADER};
use crate::model::{Broker, HttpMethod, IdBase, MessageKind, Model, TypeDefKind, TypeRef, Via};
use askama::Template;

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
    const OWN: &[&str] = &["ANSWERS", "EVENT_ID", "OTHER_ID", "POISON", "SEEN", "TABLE"];
    py_unique(upper_snake(name), |n| {
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
}

#[derive(Template)]
#[template(path = "python/tests/test_api.py")]
pub struct TestApiPy {
    pub header: &'static str,
    pub context: String,
    pub imports: String,
    pub constants: Vec<String>,
    pub event_type_expr: &'static str,
    pub tests: Vec<TestFn>,
}

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
    pub sig_consumes: String,
    pub sig_once: String,
    pub sig_poison: String,
    pub call_one: String,
    pub call_twice: String,
    pub call_bodies: String,
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
    pub seed: Vec<String>,
    pub sig_handles: String,
    pub sig_poison: String,
    pub call_one: String,
    pub call_poison: String,
}

#[derive(Template)]
#[template(path = "python/tests/test_adapters.py")]
pub struct TestAdaptersPy {
    pub header: &'static str,
    pub context: String,
    pub imports: String,
    pub constants: Vec<String>,
    pub has_clients: bool,
    pub tests: Vec<TestFn>,
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
    let eventbridge = model.system.broker == Broker::EventBridge;
    let publishes = !scope.published_events().is_empty();
    if publishes && eventbridge {
        imp.module("json");
    }
    let mut queues = Vec::new();
    for (id, _) in sender_names(scope) {
        let m = model.message(id);
        let cname = &model.context(m.context).name;
        let mut name = format!("{}-{}", kebab(cname), kebab(&m.name));
        name.truncate(80);
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
    }
    .render()
    .expect("conftest renders")
}

/// Percent-encodes a path segment, keeping what RFC 3986 allows in one as
/// it is (`pchar`: unreserved, sub-delims, `:` and `@`), as a client does.
/// Powertools matches routes on the path as the event carries it, without
/// decoding, so `2024-05-01T12:00:00Z` must arrive with its colons.
fn quote(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A value of an id type no sample uses.
fn missing_value(scope: &Scope, t: &TypeRef) -> String {
    match t {
        TypeRef::Named(id) => match scope.model.type_def(*id).kind {
            TypeDefKind::Id(IdBase::Int) => "999999".into(),
            _ => "missing".into(),
        },
        TypeRef::Optional(t) => missing_value(scope, t),
        _ => "missing".into(),
    }
}

/// A request of an operation: the path, the body and query literals.
struct Request {
    path: String,
    body: Option<Py>,
    query: Option<Py>,
}

fn request(
    scope: &Scope,
    op: &HttpOp,
    replace: Option<(usize, String)>,
    omit: Option<usize>,
) -> Request {
    let msg = op.msg;
    let value = |i: usize| -> Vec<String> {
        match &replace {
            Some((j, v)) if *j == i => vec![v.clone()],
            _ => scope.sample_param(&msg.fields[i].ty, &msg.fields[i].name),
        }
    };
    let mut path = String::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        path.push_str(&rest[..start]);
        let end = rest[start..]
            .find('}')
            .map(|e| start + e)
            .unwrap_or(rest.len() - 1);
        let name = &rest[start + 1..end];
        match msg.fields.iter().position(|f| f.name == name) {
            Some(i) => path.push_str(&quote(&value(i).join(""))),
            None => path.push('x'),
        }
        rest = &rest[end + 1..];
    }
    path.push_str(rest);
    let body = op.has_body().then(|| {
        let mut items = Vec::new();
        for i in &op.body_fields {
            let f = &msg.fields[*i];
            let v = match &replace {
                Some((j, v)) if j == i => sample_replacement(scope, &f.ty, v),
                _ => scope.sample(&f.ty, &f.name),
            };
            items.push((py_str(&f.name), v));
        }
        Py::Dict(items)
    });
    let query = (!op.query_fields.is_empty()).then(|| {
        let mut items = Vec::new();
        for i in &op.query_fields {
            if omit == Some(*i) {
                continue;
            }
            let f = &msg.fields[*i];
            let vals = value(*i)
                .into_iter()
                .map(|v| Py::Inline(py_str(&v)))
                .collect();
            items.push((py_str(&f.name), Py::List(vals)));
        }
        Py::Dict(items)
    });
    Request { path, body, query }
}

/// A replacement value inside a JSON body.
fn sample_replacement(scope: &Scope, t: &TypeRef, v: &str) -> Py {
    match t {
        TypeRef::Named(id)
            if matches!(scope.model.type_def(*id).kind, TypeDefKind::Id(IdBase::Int)) =>
        {
            Py::Inline(v.to_string())
        }
        _ => Py::Inline(py_str(v)),
    }
}

fn call_api(
    op: &HttpOp,
    req: &Request,
    body_const: Option<&str>,
    query_const: Option<&str>,
) -> String {
    let args = vec![
        Py::Inline(py_str(op.method.as_str())),
        Py::Inline(py_str(&req.path)),
    ];
    let mut kw = Vec::new();
    if let Some(c) = body_const {
        kw.push(("body", call("json.dumps", vec![Py::inline(c)])));
    } else if let Some(b) = &req.body {
        kw.push(("body", call("json.dumps", vec![b.clone()])));
    }
    if let Some(c) = query_const {
        kw.push(("query", Py::inline(c)));
    } else if let Some(q) = &req.query {
        kw.push(("query", q.clone()));
    }
    api_call(args, kw)
}

/// `response = api.handler(http_event(...), lambda_context)`, exploded.
fn api_call(args: Vec<Py>, kw: Vec<(&str, Py)>) -> String {
    let mut all: Vec<(String, Py)> = args.into_iter().map(|a| (String::new(), a)).collect();
    all.extend(kw.into_iter().map(|(k, v)| (k.to_string(), v)));
    let event = Py::Call("http_event".into(), all);
    let outer = Py::Call(
        "api.handler".into(),
        vec![
            (String::new(), event),
            (String::new(), Py::inline("lambda_context")),
        ],
    );
    format!("response = {}", outer.render(4))
}

/// `repository.XRepository().save(X.model_validate(CONST))`.
fn seed(scope: &Scope, agg: crate::model::TypeId, class: &str, constant: &str) -> String {
    call(
        format!("repository.{}().save", repository_class(scope, agg)),
        vec![call(
            format!("{class}.model_validate"),
            vec![Py::inline(constant)],
        )],
    )
    .render(4)
}

pub fn test_api_py(scope: &Scope) -> Option<String> {
    let ops = scope.http_ops();
    if ops.is_empty() {
        return None;
    }
    let model = scope.model;
    let eventbridge = model.system.broker == Broker::EventBridge;
    let mut imp = scope.imports();
    imp.module("json")
        .name("typing", "Any")
        .module("boto3")
        .name("aws_lambda_powertools.utilities.typing", "LambdaContext")
        .name(&format!("{}.handlers", scope.pkg), "api");
    let mut constants = Vec::new();
    let mut seeded: Vec<String> = Vec::new();
    let mut tests = Vec::new();
    for op in &ops {
        let msg = op.msg;
        let fname = service_fn(msg);
        let upper = const_name(scope, &msg.name);
        let good = request(scope, op, None, None);
        let body_const = good.body.as_ref().map(|b| {
            constants.push(constant(&upper, b));
            upper.clone()
        });
        let query_const = good.query.as_ref().map(|q| {
            let name = format!("{upper}_QUERY");
            constants.push(format!("{name}: dict[str, list[str]] = {}", q.render(0)));
            name
        });
        let target = scope.target(msg);
        let mut body = Vec::new();
        let mut expected = op.status();
        let mut publishes = true;
        if let Target::Load(agg, _) = target {
            let td = model.type_def(agg);
            let agg_const = const_name(scope, &td.name);
            let class = scope.type_class(agg).to_string();
            if !seeded.contains(&agg_const) {
                constants.push(constant(
                    &agg_const,
                    &scope.sample(&TypeRef::Named(agg), &td.name),
                ));
                seeded.push(agg_const.clone());
            }
            imp.name(&format!("{}.adapters", scope.pkg), "repository")
                .name(&format!("{}.contracts", scope.pkg), &class);
            body.push(seed(scope, agg, &class, &agg_const));
        }
        if let Target::None = target {
            if let Some((TypeRef::Named(id), _)) = &msg.returns {
                if scope.stored_aggregates().iter().any(|a| a.id == *id) {
                    expected = 404;
                    publishes = false;
                }
            }
        }
        body.push(call_api(
            op,
            &good,
            body_const.as_deref(),
            query_const.as_deref(),
        ));
        body.push(format!(
            "assert response[\"statusCode\"] == {expected}, response[\"body\"]"
        ));
        if publishes {
            let mut names: Vec<String> = msg
                .emits
                .iter()
                .map(|(e, _)| model.message(*e))
                .filter(|e| e.is_published_event() && e.context == scope.ctx.id)
                .map(|e| e.name.clone())
                .collect();
            names.sort();
            let list: Vec<String> = names.iter().map(|n| py_str(n)).collect();
            body.push(format!("assert published(cloud) == [{}]", list.join(", ")));
        }
        if let Target::Create(..) = target {
            body.push("assert json.loads(response[\"body\"])".into());
        }
        let doc = format!(
            "{} {} with good input answers {expected}.",
            op.method.as_str(),
            op.path
        );
        tests.push(test_fn(&format!("test_{fname}"), FIXTURES, &doc, body));

        // Unknown aggregate → 404.
        if let Target::Load(agg, by) = target {
            let td = model.type_def(agg);
            let missing = missing_value(scope, &msg.fields[by].ty);
            let req = request(scope, op, Some((by, missing)), None);
            let body = vec![
                call_api(
                    op,
                    &req,
                    body_const
                        .as_deref()
                        .filter(|_| !op.body_fields.contains(&by)),
                    query_const
                        .as_deref()
                        .filter(|_| !op.query_fields.contains(&by)),
                ),
                "assert response[\"statusCode\"] == 404, response[\"body\"]".to_string(),
                "assert json.loads(response[\"body\"])[\"message\"]".to_string(),
            ];
            let doc = format!(
                "{} {} for an unknown {} answers 404.",
                op.method.as_str(),
                op.path,
                td.name
            );
            tests.push(test_fn(
                &format!("test_{fname}_unknown"),
                FIXTURES,
                &doc,
                body,
            ));
        }

        // Bad input → 422.
        let bad = if op.has_body() {
            Some((
                api_call(
                    vec![
                        Py::Inline(py_str(op.method.as_str())),
                        Py::Inline(py_str(&good.path)),
                    ],
                    vec![("body", Py::inline("\"{not json\""))],
                ),
                "a body that is not JSON".to_string(),
            ))
        } else {
            let params: Vec<usize> = op
                .path_fields
                .iter()
                .chain(&op.query_fields)
                .copied()
                .collect();
            let bad_value = params
                .iter()
                .find_map(|i| scope.bad_param(&msg.fields[*i].ty).map(|v| (*i, v)));
            let required_query = op
                .query_fields
                .iter()
                .copied()
                .find(|i| Scope::required(&msg.fields[*i].ty));
            if let Some((i, v)) = bad_value {
                let req = request(scope, op, Some((i, v.to_string())), None);
                Some((
                    call_api(op, &req, None, None),
                    format!("`{}` that does not parse", msg.fields[i].name),
                ))
            } else {
                required_query.map(|i| {
                    let req = request(scope, op, None, Some(i));
                    (
                        call_api(op, &req, None, None),
                        format!("no `{}`", msg.fields[i].name),
                    )
                })
            }
        };
        if let Some((call, what)) = bad {
            let body = vec![
                call,
                "assert response[\"statusCode\"] == 422, response[\"body\"]".to_string(),
                "assert json.loads(response[\"body\"])[\"details\"]".to_string(),
            ];
            let doc = format!(
                "{} {} with {what} answers 422.",
                op.method.as_str(),
                op.path
            );
            tests.push(test_fn(
                &format!("test_{fname}_rejects_bad_input"),
                FIXTURES,
                &doc,
                body,
            ));
        }
    }
    Some(
        TestApiPy {
            header: OWNED_HEADER,
            context: scope.ctx.name.clone(),
            imports: imp.render(),
            constants,
            event_type_expr: if eventbridge {
                "b[\"detail\"][\"event_type\"]"
            } else {
                "b[\"event_type\"]"
            },
            tests,
        }
        .render()
        .expect("test_api renders"),
    )
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
            .name(&format!("{}.application", scope.pkg), "service")
            .name(&format!("{}.contracts", scope.pkg), "Envelope")
            .name(&format!("{}.contracts", scope.pkg), &class)
            .name(&format!("{}.handlers", scope.pkg), &module);
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
            queue: format!("{}-{}", kebab(&scope.ctx.name), module.replace('_', "-")),
            event_class: class,
            service_fn: module.clone(),
            sig_consumes: sig("test_consumes_the_event"),
            sig_once: sig("test_a_duplicate_is_handled_once"),
            sig_poison: sig("test_poison_records_are_batch_item_failures"),
            call_one: handler_call(&module, "sqs_event(message())"),
            call_twice: handler_call(&module, "sqs_event(message(), message())"),
            call_bodies: handler_call(&module, "sqs_event(*bodies)"),
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
            .name(&format!("{}.application", scope.pkg), "service")
            .name(&format!("{}.contracts", scope.pkg), &class)
            .name(&format!("{}.handlers", scope.pkg), &module);
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
            queue: format!("{}-{}", kebab(&scope.ctx.name), kebab(&m.name)),
            command_class: class,
            service_fn: service_fn(m),
            seed: seed_lines,
            sig_handles: sig("test_handles_the_command"),
            sig_poison: sig("test_a_poison_record_is_a_batch_item_failure"),
            call_one: handler_call(&module, "sqs_event(json.dumps(COMMAND))"),
            call_poison: handler_call(&module, "sqs_event(\"not json\")"),
        }
        .render()
        .expect("command test renders");
        out.push((format!("test_{module}.py"), text));
    }
    out
}

pub fn test_adapters_py(scope: &Scope) -> String {
    let model = scope.model;
    let eventbridge = model.system.broker == Broker::EventBridge;
    let pkg = &scope.pkg;
    let mut imp = scope.imports();
    let mut constants = Vec::new();
    let mut tests = Vec::new();
    let cloud = [FIXTURES[0]];
    for a in scope.stored_aggregates() {
        let class = scope.type_class(a.id).to_string();
        let c = const_name(scope, &a.name);
        constants.push(constant(&c, &scope.sample(&TypeRef::Named(a.id), &a.name)));
        imp.name(&format!("{pkg}.adapters"), "repository")
            .name(&format!("{pkg}.contracts"), &class);
        let ki = scope.key_index(a);
        let key_attr = &scope.attrs(&a.fields)[ki];
        let var = scope.local(&snake(&a.name), &Default::default());
        let repo = repository_class(scope, a.id);
        let body = vec![
            format!(
                "{var} = {}",
                call(format!("{class}.model_validate"), vec![Py::inline(&c)]).fit(
                    4,
                    7 + var.len(),
                    0
                )
            ),
            format!("repo = repository.{repo}()"),
            format!("assert repo.get({var}.{key_attr}) is None"),
            format!("repo.save({var})"),
            format!("assert repo.get({var}.{key_attr}) == {var}"),
            format!("repo.delete({var}.{key_attr})"),
            format!("assert repo.get({var}.{key_attr}) is None"),
        ];
        tests.push(test_fn(
            &format!("test_{}_repository_round_trip", snake(&a.name)),
            &cloud,
            &format!(
                "A saved {} reads back equal, and is gone once deleted.",
                a.name
            ),
            body,
        ));
    }
    let events = scope.published_events();
    if !events.is_empty() {
        imp.module("json")
            .module("boto3")
            .name(&format!("{pkg}.adapters"), "publisher");
        for e in events {
            let class = scope.message_class(e.id).to_string();
            let c = const_name(scope, &e.name);
            constants.push(constant(&c, &scope.sample_fields(&e.fields, &[])));
            imp.name(&format!("{pkg}.contracts"), &class);
            let detail = if eventbridge { "[\"detail\"]" } else { "" };
            let body = vec![
                format!("event = {}", call(format!("{class}.model_validate"), vec![Py::inline(&c)]).fit(4, 12, 0)),
                "sent = publisher.publish(event)".into(),
                "sqs = boto3.client(\"sqs\")".into(),
                "answer = sqs.receive_message(QueueUrl=cloud[\"probe\"], MaxNumberOfMessages=10)".into(),
                format!("bodies = [json.loads(m[\"Body\"]){detail} for m in answer.get(\"Messages\", [])]"),
                "assert [b[\"event_id\"] for b in bodies] == [str(sent.event_id)]".into(),
                format!("assert bodies[0][\"event_type\"] == {}", py_str(&e.name)),
                format!("assert {class}.model_validate(bodies[0][\"data\"]) == event"),
            ];
            tests.push(test_fn(
                &format!("test_publish_{}", snake(&e.name)),
                &cloud,
                &format!("{} goes out in its envelope.", e.name),
                body,
            ));
        }
    }
    let senders = sender_names(scope);
    if !senders.is_empty() {
        imp.module("boto3")
            .name(&format!("{pkg}.adapters"), "senders");
        for (id, func) in senders {
            let m = model.message(id);
            let class = scope.message_class(id).to_string();
            imp.name(&format!("{pkg}.contracts"), &class);
            let c = const_name(
                scope,
                &format!("{}_{}", model.context(m.context).name, m.name),
            );
            constants.push(constant(&c, &scope.sample_fields(&m.fields, &[])));
            let env = queue_url_env(&model.context(m.context).name, &m.name);
            let receive = Py::Fn(
                "sqs.receive_message".into(),
                vec![
                    (
                        "QueueUrl".into(),
                        Py::Inline(format!("cloud[{}]", py_str(&env))),
                    ),
                    ("MaxNumberOfMessages".into(), Py::inline("10")),
                ],
            );
            let body = vec![
                format!(
                    "command = {}",
                    call(format!("{class}.model_validate"), vec![Py::inline(&c)]).fit(4, 14, 0)
                ),
                format!("senders.{func}(command)"),
                "sqs = boto3.client(\"sqs\")".into(),
                format!("answer = {}", receive.fit(4, 13, 0)),
                "messages = answer.get(\"Messages\", [])".into(),
                format!("received = [{class}.model_validate_json(m[\"Body\"]) for m in messages]"),
                "assert received == [command]".into(),
            ];
            tests.push(test_fn(
                &format!("test_{func}"),
                &cloud,
                &format!("{} reaches its queue as JSON.", model.message_path(id)),
                body,
            ));
        }
    }
    let groups = called(scope);
    let has_clients = !groups.is_empty();
    if has_clients {
        imp.module("threading")
            .name("collections.abc", "Iterator")
            .name("http.server", "BaseHTTPRequestHandler")
            .name("http.server", "ThreadingHTTPServer")
            .module("pytest")
            .name(&format!("{pkg}.adapters.clients"), "HttpClient");
        for (cid, msgs) in groups {
            let cname = &model.context(cid).name;
            let client = client_class(cname);
            imp.name(&format!("{pkg}.adapters.clients"), &client);
            for m in msgs {
                let Some(Via::Http { method, path, .. }) = &m.via else {
                    continue;
                };
                let class = scope.message_class(m.id).to_string();
                imp.name(&format!("{pkg}.contracts"), &class);
                let c = const_name(scope, &format!("{cname}_{}", m.name));
                constants.push(constant(&c, &scope.sample_fields(&m.fields, &[])));
                let op = HttpOp {
                    msg: m,
                    method: *method,
                    path: path.clone(),
                    path_fields: super::scope::path_params(path)
                        .iter()
                        .filter_map(|n| m.fields.iter().position(|f| f.name == *n))
                        .collect(),
                    query_fields: vec![],
                    body_fields: vec![],
                };
                let req = request(scope, &op, None, None);
                let mut body = Vec::new();
                let status = crate::generate::success_status(m);
                let result_const = format!("{c}_RESULT");
                body.push("ANSWERS.append((503, b\"{}\"))".to_string());
                match &m.returns {
                    Some((t, _)) => {
                        let sample = scope.sample(t, "result");
                        constants.push(format!("{result_const}: Any = {}", sample.render(0)));
                        body.push(format!(
                            "ANSWERS.append((200, {}))",
                            call(format!("json.dumps({result_const}).encode"), vec![]).render(4)
                        ));
                    }
                    None => body.push(format!("ANSWERS.append(({status}, b\"\"))")),
                }
                imp.module("json");
                body.push(format!(
                    "client = {client}(HttpClient(stub_url, backoff=0.0))"
                ));
                let var = if m.kind == MessageKind::Query {
                    "query"
                } else {
                    "command"
                };
                body.push(format!(
                    "{var} = {}",
                    call(format!("{class}.model_validate"), vec![Py::inline(&c)]).fit(
                        4,
                        7 + var.len(),
                        0
                    )
                ));
                let invoke = format!("client.{}({var})", client_method(m));
                match &m.returns {
                    Some((t, _)) => {
                        imp.name("pydantic", "TypeAdapter");
                        scope.import_ty(t, &format!("{pkg}.contracts"), &mut imp);
                        body.push(format!("result = {invoke}"));
                        let expected = call(
                            format!("TypeAdapter({}).validate_python", scope.ty(t)),
                            vec![Py::inline(&result_const)],
                        );
                        body.push(format!("expected = {}", expected.fit(4, 15, 0)));
                        body.push("assert result == expected".into());
                    }
                    None => body.push(invoke),
                }
                body.push(format!("path = {}", py_str(&req.path)));
                body.push(format!(
                    "assert [(m, p.split(\"?\")[0]) for m, p, _ in SEEN] == [({}, path)] * 2",
                    py_str(method.as_str())
                ));
                if !matches!(method, HttpMethod::Get | HttpMethod::Delete)
                    && m.fields.len() > op.path_fields.len()
                {
                    body.push("assert json.loads(SEEN[-1][2])".into());
                }
                tests.push(test_fn(
                    &format!("test_{}_client_{}", snake(cname), client_method(m)),
                    &[("stub_url", "str")],
                    &format!(
                        "{} {} through the typed client, retried once after a 503.",
                        method.as_str(),
                        path
                    ),
                    body,
                ));
            }
        }
    }
    if !constants.is_empty() {
        imp.name("typing", "Any");
    }
    if tests.is_empty() {
        imp.name(&format!("{pkg}.adapters"), "aws");
        tests.push(test_fn(
            "test_nothing_to_wire",
            &[],
            &format!(
                "{} has no repository, publisher, client or sender.",
                scope.ctx.name
            ),
            vec!["aws.reset()".into()],
        ));
    }
    TestAdaptersPy {
        header: OWNED_HEADER,
        context: scope.ctx.name.clone(),
        imports: imp.render(),
        constants,
        has_clients,
        tests,
    }
    .render()
    .expect("test_adapters renders")
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
