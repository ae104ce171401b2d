//! The edge's tests in `tests/test_api.py` (issue #12): an unknown path is
//! 404 JSON, a body over the limit 413, an aggregate too large to store 422
//! naming its field, and a command sent twice with one `Idempotency-Key`
//! runs once and answers the same. In `tests/test_adapters.py`: the typed
//! clients' retries stop inside the invocation's remaining time.

use super::api::{request, seed};
use super::*;
use crate::generate::python::imports::Imports;
use crate::model::{Primitive, TypeId};

/// A top-level text field of a stored aggregate (attribute, wire name), to
/// blow up past DynamoDB's item limit.
fn text_field(scope: &Scope) -> Option<(TypeId, String, String)> {
    scope.stored_aggregates().into_iter().find_map(|a| {
        let attrs = scope.attrs(&a.fields);
        let key = scope.key_index(a);
        let fields = a.fields.iter().zip(attrs).enumerate();
        fields
            .filter(|(i, _)| *i != key)
            .find_map(|(_, (f, attr))| {
                let text = match &f.ty {
                    TypeRef::Optional(t) => matches!(**t, TypeRef::Primitive(Primitive::String)),
                    t => matches!(t, TypeRef::Primitive(Primitive::String)),
                };
                text.then(|| (a.id, attr, f.name.clone()))
            })
    })
}

/// A sample constant of a type, added once.
fn ensure_constant(scope: &Scope, id: TypeId, constants: &mut Vec<String>) -> String {
    let td = scope.model.type_def(id);
    let name = const_name(scope, &td.name);
    if !constants
        .iter()
        .any(|c| c.starts_with(&format!("{name}: ")))
    {
        constants.push(constant(
            &name,
            &scope.sample(&TypeRef::Named(id), &td.name),
        ));
    }
    name
}

/// `event = http_event(...)` of a request, as `call_api` builds it.
fn event_line(op: &HttpOp, req: &api::Request) -> String {
    let mut args = vec![
        (String::new(), Py::Inline(py_str(op.method.as_str()))),
        (String::new(), Py::Inline(py_str(&req.path))),
    ];
    if let Some(b) = &req.body {
        args.push(("body".into(), call("json.dumps", vec![b.clone()])));
    }
    if let Some(q) = &req.query {
        args.push(("query".into(), q.clone()));
    }
    format!("event = {}", Py::Call("http_event".into(), args).render(4))
}

/// The edge tests of a context's API, appended to `test_api.py`.
pub fn api_tests(scope: &Scope, imp: &mut Imports, constants: &mut Vec<String>) -> Vec<TestFn> {
    let pkg = &scope.pkg;
    let ops = scope.http_ops();
    let mut tests = Vec::new();
    imp.name(&format!("{pkg}.adapters"), "limits");
    tests.push(test_fn(
        "test_an_unknown_path_answers_404_json",
        FIXTURES,
        "A path no route matches answers 404 with a JSON message, whatever the method.",
        vec![
            "event = http_event(\"POST\", \"/no/such/route\", body=\"{}\")".into(),
            "response = api.handler(event, lambda_context)".into(),
            "assert response[\"statusCode\"] == 404".into(),
            "assert json.loads(response[\"body\"])[\"message\"]".into(),
        ],
    ));
    tests.push(test_fn(
        "test_a_body_over_the_limit_answers_413",
        FIXTURES,
        "A body of `MAX_BODY_BYTES` answers 413 before any route runs; one byte less passes.",
        vec![
            "big = \"x\" * limits.MAX_BODY_BYTES".into(),
            "response = api.handler(http_event(\"POST\", \"/no/such/route\", body=big), lambda_context)".into(),
            "assert response[\"statusCode\"] == 413".into(),
            "assert json.loads(response[\"body\"])[\"message\"]".into(),
            "event = http_event(\"POST\", \"/no/such/route\", body=big[1:])".into(),
            "assert api.handler(event, lambda_context)[\"statusCode\"] == 404".into(),
        ],
    ));
    let monkey = [
        FIXTURES[0],
        FIXTURES[1],
        ("monkeypatch", "pytest.MonkeyPatch"),
    ];

    // An aggregate too large to store: 422 naming the field, nothing written.
    if let (Some(op), Some((agg, attr, wire))) = (ops.first(), text_field(scope)) {
        imp.module("pytest")
            .name("unittest.mock", "Mock")
            .name(&format!("{pkg}.adapters"), "repository");
        let class = scope.type_class(agg).to_string();
        imp.name(&format!("{pkg}.contracts"), &class);
        let sample = ensure_constant(scope, agg, constants);
        let repo = repository_class(scope, agg);
        let fname = service_fn(op.msg);
        let td = scope.model.type_def(agg);
        let key_attr = scope.attrs(&td.fields)[scope.key_index(td)].clone();
        let good = request(scope, op, None, None);
        let body = vec![
            // One short statement each, so that the layout pass splits any
            // long one as ruff does (names of any length).
            format!("stored = {class}.model_validate({sample})"),
            format!(
                "large = stored.model_copy(update={{{}: \"x\" * 450_000}})",
                py_str(&attr)
            ),
            format!("repo = repository.{repo}()"),
            "save_large = Mock(side_effect=lambda *args: repo.save(large))".into(),
            format!(
                "monkeypatch.setattr(api.service, {}, save_large)",
                py_str(&fname)
            ),
            event_line(op, &good),
            "response = api.handler(event, lambda_context)".into(),
            "assert response[\"statusCode\"] == 422, response[\"body\"]".into(),
            "details = json.loads(response[\"body\"])[\"details\"]".into(),
            format!(
                "assert details[0][\"loc\"] == [\"body\", {}]",
                py_str(&wire)
            ),
            format!("assert repo.get(large.{key_attr}) is None"),
        ];
        tests.push(test_fn(
            "test_an_aggregate_too_large_to_store_answers_422",
            &monkey,
            &format!(
                "A stored {} over DynamoDB's 400 KB item limit is refused before the write: 422 \
                 naming `{wire}`, nothing stored.",
                td.name
            ),
            body,
        ));
    }

    // Idempotency-Key: the first command route whose default body answers 2xx.
    let chosen = ops.iter().find(|op| {
        !matches!(op.method, HttpMethod::Get)
            && matches!(scope.target(op.msg), Target::Create(..) | Target::Load(..))
            && crate::generate::python::service::outcome(scope, op.msg).implemented
    });
    if let Some(op) = chosen {
        imp.module("pytest")
            .name("unittest.mock", "Mock")
            .module("boto3");
        let fname = service_fn(op.msg);
        let good = request(scope, op, None, None);
        let mut body = Vec::new();
        if let Target::Load(agg, _) = scope.target(op.msg) {
            let class = scope.type_class(agg).to_string();
            imp.name(&format!("{pkg}.adapters"), "repository")
                .name(&format!("{pkg}.contracts"), &class);
            let sample = ensure_constant(scope, agg, constants);
            body.push(seed(scope, agg, &class, &sample));
        }
        body.extend([
            format!("spy = Mock(wraps=api.service.{fname})"),
            format!("monkeypatch.setattr(api.service, {}, spy)", py_str(&fname)),
            "dynamodb = boto3.client(\"dynamodb\")".into(),
            event_line(op, &good),
            "event[\"headers\"][\"Idempotency-Key\"] = \"key-1\"".into(),
            "first = api.handler(event, lambda_context)".into(),
            format!(
                "assert first[\"statusCode\"] == {}, first[\"body\"]",
                op.status()
            ),
            "stored = dynamodb.scan(TableName=cloud[\"table\"])[\"Items\"]".into(),
            "second = api.handler(event, lambda_context)".into(),
            "assert second == first".into(),
            "assert spy.call_count == 1".into(),
            "assert dynamodb.scan(TableName=cloud[\"table\"])[\"Items\"] == stored".into(),
            "event[\"headers\"][\"Idempotency-Key\"] = \"key-2\"".into(),
            "assert api.handler(event, lambda_context)[\"statusCode\"] == first[\"statusCode\"]"
                .into(),
            "assert spy.call_count == 2".into(),
        ]);
        if op.has_body() {
            body.extend([
                "event[\"body\"] = event[\"body\"] + \" \"".to_string(),
                "response = api.handler(event, lambda_context)".into(),
                "assert response[\"statusCode\"] == 422, response[\"body\"]".into(),
                "assert spy.call_count == 2".into(),
            ]);
        }
        tests.push(test_fn(
            &format!("test_{fname}_replays_its_idempotency_key"),
            &monkey,
            &format!(
                "{} {} twice with one Idempotency-Key runs once and answers the same; \
                 another key runs again{}.",
                op.method.as_str(),
                op.path,
                if op.has_body() {
                    ", the same key with another body is 422"
                } else {
                    ""
                }
            ),
            body,
        ));
    }
    tests
}

/// In `test_adapters.py` beside the typed clients' tests: with 1.5 s left in
/// the invocation, a client allowed 50 retries against a server that keeps
/// answering 503 stops in time (without the deadline its backoff alone would
/// take hours).
pub fn deadline_test(scope: &Scope, imp: &mut Imports) -> TestFn {
    let pkg = &scope.pkg;
    imp.module("contextvars")
        .module("time")
        .name("unittest.mock", "Mock")
        .name(&format!("{pkg}.adapters"), "deadline")
        .name(&format!("{pkg}.adapters.clients"), "ApiError")
        .name(&format!("{pkg}.adapters.clients"), "HttpClient");
    let body = vec![
        "ANSWERS.extend([(503, b\"{}\")] * 100)".to_string(),
        "end = time.monotonic() + 1.5".into(),
        "left = Mock(side_effect=lambda: int((end - time.monotonic()) * 1000))".into(),
        "run = contextvars.copy_context().run".into(),
        "run(deadline.start, Mock(get_remaining_time_in_millis=left))".into(),
        "client = HttpClient(stub_url, retries=50, backoff=0.2)".into(),
        "with pytest.raises(ApiError):".into(),
        "    run(client.request, \"GET\", \"/anything\")".into(),
        "assert time.monotonic() < end".into(),
        "assert 1 < len(SEEN) < 50".into(),
    ];
    test_fn(
        "test_client_retries_stop_inside_the_remaining_time",
        &[("stub_url", "str")],
        "With 1.5 s left, a client allowed 50 retries of a 503 gives up before the \
         invocation ends.",
        body,
    )
}
