//! `src/<pkg>/adapters/`: AWS clients, the DynamoDB repositories, the
//! event publisher, typed HTTP clients for `calls` and SQS senders for
//! `sends`.

use super::code::{docstring, py_str};
use super::imports::LINE_LENGTH;
use super::scope::{path_params, HttpOp, Scope};
use crate::generate::names::{api_url_env, py_ident, py_unique, queue_url_env, snake};
use crate::generate::OWNED_HEADER;
use crate::model::{Broker, HttpMethod, Message, TypeRef, Via};
use askama::Template;
use std::collections::BTreeSet;

pub struct ClientView {
    pub name: &'static str,
    pub class: &'static str,
    pub stubs: &'static str,
    pub service: &'static str,
    pub title: &'static str,
}

#[derive(Template)]
#[template(path = "python/adapters/aws.py")]
pub struct AwsPy {
    pub header: &'static str,
    pub clients: Vec<ClientView>,
    pub function_timeout: String,
    pub connect: String,
    pub read: String,
    pub attempts: u32,
}

pub struct RepositoryView {
    pub class: String,
    pub aggregate: String,
    pub aggregate_class: String,
    pub key_wire: String,
    pub key_type: String,
    pub var: String,
    pub pk_expr: String,
    /// The aggregate's indexes (`python::indexes`).
    pub indexes: Vec<super::indexes::IndexView>,
}

#[derive(Template)]
#[template(path = "python/adapters/repository.py")]
pub struct RepositoryPy {
    pub header: &'static str,
    pub context: String,
    pub imports: String,
    pub repositories: Vec<RepositoryView>,
    pub has_indexes: bool,
    /// Whether `save` takes events for the outbox.
    pub publishes: bool,
}

pub struct EventView {
    pub class: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "python/adapters/publisher.py")]
pub struct PublisherPy {
    pub header: &'static str,
    pub context: String,
    pub doc: String,
    pub imports: String,
    pub union: String,
    pub events: Vec<EventView>,
    pub eventbridge: bool,
}

pub struct SenderView {
    pub func: String,
    pub class: String,
    pub path: String,
    pub env: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "python/adapters/senders.py")]
pub struct SendersPy {
    pub header: &'static str,
    pub context: String,
    pub imports: String,
    pub senders: Vec<SenderView>,
}

pub struct MethodView {
    pub signature: String,
    pub doc: String,
    pub lines: Vec<String>,
}

pub struct ApiClientView {
    pub class: String,
    pub context: String,
    pub env: String,
    pub methods: Vec<MethodView>,
}

#[derive(Template)]
#[template(path = "python/adapters/clients.py")]
pub struct ClientsPy {
    pub header: &'static str,
    pub context: String,
    pub imports: String,
    pub clients: Vec<ApiClientView>,
}

pub fn aws_py(scope: &Scope) -> String {
    let eventbridge = scope.model.system.broker == Broker::EventBridge;
    let publishes = !scope.published_events().is_empty();
    let mut clients = vec![ClientView {
        name: "dynamodb",
        class: "DynamoDBClient",
        stubs: "mypy_boto3_dynamodb",
        service: "dynamodb",
        title: "DynamoDB",
    }];
    if publishes && eventbridge {
        clients.push(ClientView {
            name: "events",
            class: "EventBridgeClient",
            stubs: "mypy_boto3_events",
            service: "events",
            title: "EventBridge",
        });
    }
    if publishes && !eventbridge {
        clients.push(ClientView {
            name: "sns",
            class: "SNSClient",
            stubs: "mypy_boto3_sns",
            service: "sns",
            title: "SNS",
        });
    }
    if !scope.ctx.sends.is_empty() {
        clients.push(ClientView {
            name: "sqs",
            class: "SQSClient",
            stubs: "mypy_boto3_sqs",
            service: "sqs",
            title: "SQS",
        });
    }
    let boto = super::edge::BotoConfig::new(scope.ctx.deploy.timeout_ms);
    AwsPy {
        header: OWNED_HEADER,
        clients,
        function_timeout: boto.function_timeout,
        connect: boto.connect,
        read: boto.read,
        attempts: boto.attempts,
    }
    .render()
    .expect("aws.py renders")
}

/// The repository class of an aggregate.
pub fn repository_class(scope: &Scope, agg: crate::model::TypeId) -> String {
    format!("{}Repository", scope.type_class(agg))
}

pub fn repository_py(scope: &Scope) -> Option<String> {
    let aggs = scope.stored_aggregates();
    if aggs.is_empty() {
        return None;
    }
    let mut imp = scope.imports();
    imp.module("os").name(".", "aws").name(".", "limits");
    let publishes = super::outbox::enabled(scope);
    if publishes {
        super::outbox::repository_imports(&mut imp);
    }
    // The index keys are typed as DynamoDB attribute values (a stub-only type).
    imp.name("typing", "TYPE_CHECKING");
    let mut repositories = Vec::new();
    for a in aggs {
        let class = scope.type_class(a.id).to_string();
        let key = &a.fields[scope.key_index(a)];
        let key_attr = scope.attrs(&a.fields)[scope.key_index(a)].clone();
        imp.name("..contracts", &class);
        scope.import_ty(&key.ty, "..contracts", &mut imp);
        let taken: BTreeSet<String> = [
            "self",
            "key",
            "table_name",
            "aws",
            "os",
            "limits",
            "item",
            "events",
            "messages",
            "m",
            "outbox",
            "publisher",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let var = scope.local(&snake(&a.name), &taken);
        repositories.push(RepositoryView {
            class: repository_class(scope, a.id),
            aggregate: a.name.clone(),
            aggregate_class: class,
            key_wire: key.name.clone(),
            key_type: scope.ty(&key.ty),
            pk_expr: format!("f\"{}#{{{var}.{key_attr}}}\"", a.name),
            indexes: super::indexes::views(scope, a, &var, &mut imp),
            var,
        });
    }
    Some(
        RepositoryPy {
            header: OWNED_HEADER,
            context: scope.ctx.name.clone(),
            imports: imp.render(),
            has_indexes: repositories.iter().any(|r| !r.indexes.is_empty()),
            repositories,
            publishes,
        }
        .render()
        .expect("repository.py renders"),
    )
}

/// `Name = A | B | C` as ruff lays it out.
fn union_assignment(name: &str, parts: &[String]) -> String {
    let one = format!("{name} = {}", parts.join(" | "));
    if one.len() <= LINE_LENGTH {
        return one;
    }
    let inner = format!("    {}", parts.join(" | "));
    if inner.len() <= LINE_LENGTH {
        return format!("{name} = (\n{inner}\n)");
    }
    let mut s = format!("{name} = (\n    {}", parts[0]);
    for p in &parts[1..] {
        s.push_str(&format!("\n    | {p}"));
    }
    s.push_str("\n)");
    s
}

pub fn publisher_py(scope: &Scope) -> Option<String> {
    let events = scope.published_events();
    if events.is_empty() {
        return None;
    }
    let eventbridge = scope.model.system.broker == Broker::EventBridge;
    let mut imp = scope.imports();
    imp.module("os")
        .name("datetime", "UTC")
        .name("datetime", "datetime")
        .name("uuid", "uuid4")
        .name("..contracts", "Envelope")
        .name("..", "observability")
        .name(".", "aws");
    let mut views = Vec::new();
    for e in &events {
        let class = scope.message_class(e.id).to_string();
        imp.name("..contracts", &class);
        views.push(EventView {
            class,
            name: e.name.clone(),
        });
    }
    let parts: Vec<String> = views.iter().map(|v| v.class.clone()).collect();
    let doc = if eventbridge {
        "Each event is put on the system's EventBridge bus (`EVENT_BUS_NAME`) with\n`source` = `EVENT_SOURCE` and `detail-type` = the event's name; the envelope is\nthe `detail`."
    } else {
        "Each event is published to the context's SNS topic (`EVENTS_TOPIC_ARN`) with an\n`event_type` message attribute, which the subscriptions filter on."
    };
    Some(
        PublisherPy {
            header: OWNED_HEADER,
            context: scope.ctx.name.clone(),
            doc: doc.to_string(),
            imports: imp.render(),
            union: union_assignment("PublishedEvent", &parts),
            events: views,
            eventbridge,
        }
        .render()
        .expect("publisher.py renders"),
    )
}

/// The sender function of each `sends`, unique in the module.
pub fn sender_names(scope: &Scope) -> Vec<(crate::model::MessageId, String)> {
    let model = scope.model;
    let mut used = BTreeSet::new();
    let mut out = Vec::new();
    for u in &scope.ctx.sends {
        let m = model.message(model.use_(*u).target);
        let mut n = format!("send_{}", py_ident(&m.name));
        if used.contains(&n) {
            n = format!(
                "send_{}_{}",
                snake(&model.context(m.context).name),
                snake(&m.name)
            );
        }
        let n = py_unique(n, |s| used.contains(s));
        used.insert(n.clone());
        out.push((m.id, n));
    }
    out
}

pub fn senders_py(scope: &Scope) -> Option<String> {
    if scope.ctx.sends.is_empty() {
        return None;
    }
    let model = scope.model;
    let mut imp = scope.imports();
    imp.module("os")
        .module("uuid")
        .name("datetime", "UTC")
        .name("datetime", "datetime")
        .name("..contracts", "CommandEnvelope")
        .name(".", "aws")
        .name("..", "observability");
    let mut senders = Vec::new();
    for (id, func) in sender_names(scope) {
        let m = model.message(id);
        let class = scope.message_class(id).to_string();
        imp.name("..contracts", &class);
        senders.push(SenderView {
            func,
            class,
            path: model.message_path(id),
            env: queue_url_env(&model.context(m.context).name, &m.name),
            name: m.name.clone(),
        });
    }
    Some(
        SendersPy {
            header: OWNED_HEADER,
            context: scope.ctx.name.clone(),
            imports: imp.render(),
            senders,
        }
        .render()
        .expect("senders.py renders"),
    )
}

/// The client class for a called context, and its method for a message.
pub fn client_class(ctx: &str) -> String {
    format!("{}Client", crate::generate::names::pascal(ctx))
}

/// A client method never takes the name of the client's own attribute
/// (`self.http`: soak seed 237, a message `HTTP`) or a builtin, which later
/// annotations in the class body would then name (`list[...]`).
pub fn client_method(m: &Message) -> String {
    crate::generate::names::py_free(&m.name, |n| n == "http")
}

/// The called operations, grouped by context (in context order).
pub fn called<'m>(scope: &Scope<'m>) -> Vec<(crate::model::ContextId, Vec<&'m Message>)> {
    let model = scope.model;
    let mut out: Vec<(crate::model::ContextId, Vec<&'m Message>)> = Vec::new();
    let mut targets: Vec<&'m Message> = scope
        .ctx
        .calls
        .iter()
        .map(|u| model.message(model.use_(*u).target))
        .collect();
    targets.sort_by_key(|m| (m.context, m.id));
    targets.dedup_by_key(|m| m.id);
    for m in targets {
        match out.last_mut() {
            Some((c, v)) if *c == m.context => v.push(m),
            _ => out.push((m.context, vec![m])),
        }
    }
    out
}

fn signature(func: &str, param: &str, class: &str, returns: &str) -> String {
    let one = format!("def {func}(self, {param}: {class}) -> {returns}:");
    if 4 + one.len() <= LINE_LENGTH {
        one
    } else {
        format!("def {func}(\n        self,\n        {param}: {class},\n    ) -> {returns}:")
    }
}

pub fn clients_py(scope: &Scope) -> Option<String> {
    let groups = called(scope);
    if groups.is_empty() {
        return None;
    }
    let model = scope.model;
    let mut imp = scope.imports();
    imp.module("os")
        .module("random")
        .module("time")
        .module("urllib.error")
        .module("urllib.parse")
        .module("urllib.request")
        .module("boto3")
        .name("botocore.auth", "SigV4Auth")
        .name("botocore.awsrequest", "AWSRequest")
        .name("datetime", "date")
        .name("enum", "Enum")
        .name(".", "deadline");
    let mut clients = Vec::new();
    for (cid, msgs) in groups {
        let cname = &model.context(cid).name;
        let mut methods = Vec::new();
        for m in msgs {
            let Some(Via::Http { method, path, .. }) = &m.via else {
                continue;
            };
            let op = HttpOp {
                msg: m,
                method: *method,
                path: path.clone(),
                path_fields: path_params(path)
                    .iter()
                    .filter_map(|n| m.fields.iter().position(|f| f.name == *n))
                    .collect(),
                query_fields: vec![],
                body_fields: vec![],
            };
            let class = scope.message_class(m.id).to_string();
            imp.name("..contracts", &class);
            let param = if m.kind == crate::model::MessageKind::Query {
                "query"
            } else {
                "command"
            };
            let attrs = scope.attrs(&m.fields);
            // The path, with each parameter escaped.
            let mut url = String::new();
            let mut rest = path.as_str();
            let mut has_param = false;
            while let Some(start) = rest.find('{') {
                url.push_str(&rest[..start]);
                let end = rest[start..]
                    .find('}')
                    .map(|e| start + e)
                    .unwrap_or(rest.len() - 1);
                let name = &rest[start + 1..end];
                let attr = m
                    .fields
                    .iter()
                    .position(|f| f.name == name)
                    .map(|i| attrs[i].clone())
                    .unwrap_or_else(|| py_ident(name));
                url.push_str(&format!("{{_path({param}.{attr})}}"));
                has_param = true;
                rest = &rest[end + 1..];
            }
            url.push_str(rest);
            let url = if has_param {
                format!("f{}", py_str(&url))
            } else {
                py_str(&url)
            };
            let mut lines = Vec::new();
            let mut args = vec![py_str(method.as_str()), url];
            let query = matches!(method, HttpMethod::Get | HttpMethod::Delete);
            let rest_fields: Vec<usize> = (0..m.fields.len())
                .filter(|i| !op.path_fields.contains(i))
                .collect();
            if query && !rest_fields.is_empty() {
                let mut s = String::from("params: list[tuple[str, object]] = [\n");
                for i in &rest_fields {
                    s.push_str(&format!(
                        "            ({}, {param}.{}),\n",
                        py_str(&m.fields[*i].name),
                        attrs[*i]
                    ));
                }
                s.push_str("        ]");
                lines.push(s);
                args.push("query=_query(params)".into());
            } else if !query && !rest_fields.is_empty() {
                if op.path_fields.is_empty() {
                    args.push(format!("body={param}.model_dump_json(by_alias=True)"));
                } else {
                    let mut ex: Vec<String> =
                        op.path_fields.iter().map(|i| py_str(&attrs[*i])).collect();
                    ex.sort();
                    args.push(format!(
                        "body={param}.model_dump_json(by_alias=True, exclude={{{}}})",
                        ex.join(", ")
                    ));
                }
            }
            let call_args: String = args
                .iter()
                .map(|a| format!("            {a},\n"))
                .collect::<String>();
            let returns = match &m.returns {
                Some((t, _)) => {
                    scope.import_ty(t, "..contracts", &mut imp);
                    scope.ty(t)
                }
                None => "None".into(),
            };
            match &m.returns {
                Some((t, _)) => {
                    lines.push(format!("data = self.http.request(\n{call_args}        )"));
                    let structured = matches!(t, TypeRef::Named(id)
                        if model.type_def(*id).kind.is_structured());
                    if structured {
                        lines.push(format!("return {returns}.model_validate_json(data)"));
                    } else {
                        imp.name("pydantic", "TypeAdapter");
                        lines.push(format!(
                            "adapter: TypeAdapter[{returns}] = TypeAdapter({returns})"
                        ));
                        lines.push("return adapter.validate_json(data)".into());
                    }
                }
                None => {
                    lines.push(format!("self.http.request(\n{call_args}        )"));
                }
            }
            let doc = match &m.docs {
                Some(d) => format!(
                    "{d}\n\n{} {} ({}).",
                    method.as_str(),
                    path,
                    model.message_path(m.id)
                ),
                None => format!(
                    "{} {}: {}.",
                    method.as_str(),
                    path,
                    model.message_path(m.id)
                ),
            };
            methods.push(MethodView {
                signature: signature(&client_method(m), param, &class, &returns),
                doc: docstring(&doc, 8),
                lines,
            });
        }
        clients.push(ApiClientView {
            class: client_class(cname),
            context: cname.clone(),
            env: api_url_env(cname),
            methods,
        });
    }
    Some(
        ClientsPy {
            header: OWNED_HEADER,
            context: scope.ctx.name.clone(),
            imports: imp.render(),
            clients,
        }
        .render()
        .expect("clients.py renders"),
    )
}
