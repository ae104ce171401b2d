//! `tests/test_api.py` of a context: every route with good input, an unknown
//! aggregate and bad input, through the Powertools resolver in moto.

use super::*;

#[derive(Template)]
#[template(path = "python/tests/test_api.py")]
pub struct TestApiPy {
    pub header: &'static str,
    pub context: String,
    pub imports: String,
    pub constants: Vec<String>,
    /// Whether the context has an outbox relay (the `relay` fixture).
    pub publishes: bool,
    pub event_type_expr: &'static str,
    pub tests: Vec<TestFn>,
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
pub(super) struct Request {
    pub(super) path: String,
    pub(super) body: Option<Py>,
    pub(super) query: Option<Py>,
}

pub(super) fn request(
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
    caller: Option<&str>,
) -> String {
    call_api_with(op, req, body_const, query_const, caller, false)
}

/// `call_api`, with `headers=HEADERS` (a correlation id) when `correlated`.
fn call_api_with(
    op: &HttpOp,
    req: &Request,
    body_const: Option<&str>,
    query_const: Option<&str>,
    caller: Option<&str>,
    correlated: bool,
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
    if correlated {
        kw.push(("headers", Py::inline("HEADERS")));
    }
    api_call(args, kw, caller)
}

/// `response = api.handler(http_event(...), lambda_context)`, exploded.
/// `caller`: how the route's callers authenticate, when not with a token
/// (`super::caller`).
fn api_call(args: Vec<Py>, kw: Vec<(&str, Py)>, caller: Option<&str>) -> String {
    let mut all: Vec<(String, Py)> = args.into_iter().map(|a| (String::new(), a)).collect();
    all.extend(kw.into_iter().map(|(k, v)| (k.to_string(), v)));
    if let Some(c) = caller {
        all.push(("caller".to_string(), Py::Inline(py_str(c))));
    }
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
pub(super) fn seed(
    scope: &Scope,
    agg: crate::model::TypeId,
    class: &str,
    constant: &str,
) -> String {
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
    let relays = super::super::outbox::enabled(scope);
    let mut good_fixtures = FIXTURES.to_vec();
    if relays {
        good_fixtures.push(super::super::outbox::RELAY_FIXTURE);
        imp.name("collections.abc", "Callable").name(
            "aws_lambda_powertools.utilities.batch.types",
            "PartialItemFailureResponse",
        );
    }
    let mut tests = Vec::new();
    let called = crate::generate::contracts::security::called(model);
    let mut observed = None;
    for op in &ops {
        let msg = op.msg;
        let caller = super::caller(msg, &called);
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
                }
            }
        }
        let outcome = super::super::service::outcome(scope, msg);
        if !outcome.implemented {
            expected = 501;
        }
        body.push(call_api(
            op,
            &good,
            body_const.as_deref(),
            query_const.as_deref(),
            caller,
        ));
        body.push(format!(
            "assert response[\"statusCode\"] == {expected}, response[\"body\"]"
        ));
        if relays {
            let list = outcome.emits.iter().map(|n| py_str(n)).collect::<Vec<_>>();
            body.push(format!(
                "assert published(cloud, relay) == [{}]",
                list.join(", ")
            ));
        } else {
            body.push("assert published(cloud) == []".into());
        }
        if let (Target::Create(..), true) = (target, outcome.implemented) {
            body.push("assert json.loads(response[\"body\"])".into());
        }
        let doc = format!(
            "{} {} with good input answers {expected}.",
            op.method.as_str(),
            op.path
        );
        if observed.is_none() && expected == op.status() {
            let (b, q) = (body_const.as_deref(), query_const.as_deref());
            let calls = [
                call_api(op, &good, b, q, caller),
                call_api_with(op, &good, b, q, caller, true),
            ];
            let seed = body.iter().take_while(|l| !l.starts_with("response = "));
            observed = Some((op, seed.cloned().collect::<Vec<_>>(), calls, expected));
        }
        tests.push(test_fn(
            &format!("test_{fname}"),
            &good_fixtures,
            &doc,
            body,
        ));
        if tests.len() == 1 {
            imp.module("pytest")
                .name(&format!("{}.errors", scope.pkg), "DomainError");
            let call = call_api(
                op,
                &good,
                body_const.as_deref(),
                query_const.as_deref(),
                caller,
            );
            tests.push(super::domain::domain_error_test(&fname, call));
        }

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
                    caller,
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
                    caller,
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
                    call_api(op, &req, None, None, caller),
                    format!("`{}` that does not parse", msg.fields[i].name),
                ))
            } else {
                required_query.map(|i| {
                    let req = request(scope, op, None, Some(i));
                    (
                        call_api(op, &req, None, None, caller),
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
    tests.extend(super::edge::api_tests(scope, &mut imp, &mut constants));
    if let Some((op, seed, calls, expected)) = observed {
        let (constant, more) = super::observability::api_tests(scope, op, &seed, &calls, expected);
        imp.name("collections.abc", "Callable")
            .module("pytest")
            .name("unittest.mock", "Mock")
            .name(&scope.pkg, "observability");
        constants.push(constant);
        tests.extend(more);
    }
    Some(
        TestApiPy {
            header: OWNED_HEADER,
            context: scope.ctx.name.clone(),
            imports: imp.render(),
            constants,
            publishes: relays,
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
