//! `tests/test_adapters.py` of a context: a round trip through each adapter
//! (repository, publisher, senders in moto; clients against a local stub).

use super::api::request;
use super::*;

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
        tests.extend(super::indexes::tests(scope, a, &c, &class, &mut imp));
    }
    tests.extend(super::indexes::query_tests(scope, &mut imp, &mut constants));
    let events = scope.published_events();
    if !events.is_empty() {
        imp.module("json")
            .module("boto3")
            .name(&format!("{pkg}.adapters"), "outbox")
            .name("collections.abc", "Callable")
            .name(
                "aws_lambda_powertools.utilities.batch.types",
                "PartialItemFailureResponse",
            );
        let mut with_relay = cloud.to_vec();
        with_relay.push(super::super::outbox::RELAY_FIXTURE);
        for e in events {
            let class = scope.message_class(e.id).to_string();
            let c = const_name(scope, &e.name);
            constants.push(constant(&c, &scope.sample_fields(&e.fields, &[])));
            imp.name(&format!("{pkg}.contracts"), &class);
            let detail = if eventbridge { "[\"detail\"]" } else { "" };
            let body = vec![
                format!("event = {}", call(format!("{class}.model_validate"), vec![Py::inline(&c)]).fit(4, 12, 0)),
                "[sent] = outbox.emit(event)".into(),
                "assert relay()[\"batchItemFailures\"] == []".into(),
                "sqs = boto3.client(\"sqs\")".into(),
                "answer = sqs.receive_message(QueueUrl=cloud[\"probe\"], MaxNumberOfMessages=10)".into(),
                format!("bodies = [json.loads(m[\"Body\"]){detail} for m in answer.get(\"Messages\", [])]"),
                "assert [b[\"event_id\"] for b in bodies] == [str(sent.event_id)]".into(),
                format!("assert bodies[0][\"event_type\"] == {}", py_str(&e.name)),
                format!("assert {class}.model_validate(bodies[0][\"data\"]) == event"),
            ];
            tests.push(test_fn(
                &format!("test_publish_{}", snake(&e.name)),
                &with_relay,
                &format!(
                    "{} goes out in its envelope, through the outbox and the relay.",
                    e.name
                ),
                body,
            ));
        }
    }
    let senders = sender_names(scope);
    if !senders.is_empty() {
        imp.module("boto3")
            .name(&format!("{pkg}.adapters"), "senders")
            .name(&format!("{pkg}.contracts"), "CommandEnvelope");
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
                "sent = [CommandEnvelope.model_validate_json(m[\"Body\"]) for m in messages]"
                    .into(),
                format!(
                    "assert [e.command_type for e in sent] == [{}]",
                    py_str(&m.name)
                ),
                format!("commands = [{class}.model_validate(e.data) for e in sent]"),
                "assert commands == [command]".to_string(),
                "assert len({e.command_id for e in sent}) == 1".into(),
            ];
            tests.push(test_fn(
                &format!("test_{func}"),
                &cloud,
                &format!(
                    "{} reaches its queue in its envelope.",
                    model.message_path(id)
                ),
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
                    path_fields: crate::generate::python::scope::path_params(path)
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
                // Both attempts signed with SigV4 for API Gateway (execute-api).
                body.push(
                    "assert [a.split(\" \")[0] for a in AUTHORIZATIONS] == [\"AWS4-HMAC-SHA256\"] * 2"
                        .into(),
                );
                body.push(
                    "assert \"/eu-west-1/execute-api/aws4_request\" in AUTHORIZATIONS[-1]".into(),
                );
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
        tests.push(super::edge::deadline_test(scope, &mut imp));
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
