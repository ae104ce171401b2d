//! The local dev server's files: `dev.json` (what `dev.py` creates in moto and
//! how it wires the handlers), the static `dev.py`, the Schemathesis step
//! `scripts/api_test.py` and the tree's CI workflow `.github/workflows/ci.yaml`.
//!
//! `dev.json` is read off the very views the SAM templates are rendered from
//! (the messaging plan, each context's [`ContextView`] and parameters), so the
//! queues, DLQs, `maxReceiveCount`s, subscription filters, rule patterns,
//! handlers, batch sizes and every function's environment are the templates'
//! own: each `Ref`/`Fn::GetAtt` of an environment value or event source is
//! resolved here, through the stack parameters and the messaging stack's
//! outputs, to a local resource. Physical names are the logical ids (context
//! resources prefixed with the context's folder), bounded to SQS's 80.

use super::*;
use serde::Serialize;

/// `dev.py`, the same for every model (it reads `dev.json`).
const DEV_PY: &str = include_str!("../../../templates/python/project/dev.py");
/// `scripts/api_test.py`: Schemathesis against every context on the dev server.
const API_TEST_PY: &str = include_str!("../../../templates/python/project/api_test.py");
/// The CI workflow, with `{python}` for the runtime's version.
const CI_YAML: &str = include_str!("../../../templates/project/ci.yaml");

/// Longest SQS queue name.
const QUEUE_NAME_MAX: usize = 80;

#[derive(Serialize)]
pub(super) struct DevPlan {
    generated_by: &'static str,
    system: String,
    broker: &'static str,
    bus: Option<String>,
    topics: Vec<String>,
    queues: Vec<DevQueue>,
    subscriptions: Vec<DevSubscription>,
    rules: Vec<DevRule>,
    contexts: Vec<DevContext>,
}

#[derive(Serialize)]
struct DevQueue {
    name: String,
    dlq: String,
    max_receive: u32,
    visibility: u32,
}

#[derive(Serialize)]
struct DevSubscription {
    topic: String,
    queue: String,
    filter: Value,
}

#[derive(Serialize)]
struct DevRule {
    name: String,
    pattern: Value,
    queue: String,
}

#[derive(Serialize)]
pub(super) struct DevContext {
    name: String,
    package: String,
    src: String,
    table: String,
    openapi: Option<String>,
    /// The table's secondary indexes, as the template declares them
    /// (`Model::table_indexes`): name and (attribute, `S`/`N`) keys.
    indexes: Vec<DevIndex>,
    functions: Vec<DevFunction>,
}

#[derive(Serialize)]
struct DevIndex {
    name: String,
    keys: Vec<(String, &'static str)>,
}

#[derive(Serialize)]
struct DevFunction {
    id: String,
    handler: String,
    /// Each value a string, or `{"queue_url": name}`, `{"queue_arn": name}`,
    /// `{"topic_arn": name}`, `{"api_url": context}` for dev.py to resolve.
    env: BTreeMap<String, Value>,
    queue: Option<String>,
    batch: u32,
    window: u32,
    routes: Vec<DevRoute>,
}

#[derive(Serialize)]
struct DevRoute {
    method: String,
    path: String,
    /// Required body fields the gateway's request model checks.
    required: Vec<String>,
}

fn queue_name(scope: &str, id: &str) -> String {
    names::bounded(&format!("{scope}-{id}"), QUEUE_NAME_MAX)
}

fn messaging_name(id: &str) -> String {
    queue_name("messaging", id)
}

/// The messaging stack's output `output` as a dev value.
fn messaging_output(plan: &MessagingPlan, output: &str) -> Option<Value> {
    if output == plan.bus_name_output {
        return None; // filled in by the caller: the bus has one name
    }
    for t in plan.topics.values() {
        if t.output == output {
            return Some(json!({ "topic_arn": messaging_name(&t.id) }));
        }
    }
    for q in plan.queues.values() {
        if q.url_output == output {
            return Some(json!({ "queue_url": messaging_name(&q.id) }));
        }
        if q.arn_output == output {
            return Some(json!({ "queue_arn": messaging_name(&q.id) }));
        }
    }
    None
}

struct Resolver<'a> {
    plan: &'a MessagingPlan,
    root_ids: &'a RootIds,
    model: &'a Model,
    params: &'a [Param],
    scope: String,
    table: String,
    bus: String,
}

impl Resolver<'_> {
    /// A template value (a flow string of the view) as a dev value.
    fn flow(&self, text: &str) -> Value {
        match serde_json::from_str::<Value>(text) {
            Ok(v) => self.value(&v),
            Err(_) => Value::String(text.to_string()),
        }
    }

    fn value(&self, v: &Value) -> Value {
        if let Some(name) = v.get("Ref").and_then(Value::as_str) {
            if let Some(p) = self.params.iter().find(|p| p.name == name) {
                return self.root_value(&p.root_value);
            }
            if name == "Table" {
                return Value::String(self.table.clone());
            }
            return json!({ "queue_url": queue_name(&self.scope, name) });
        }
        if let Some([id, attr]) = v
            .get("Fn::GetAtt")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
        {
            if attr == "Arn" {
                if let Some(id) = id.as_str() {
                    return json!({ "queue_arn": queue_name(&self.scope, id) });
                }
            }
        }
        v.clone()
    }

    /// A root-stack value of a parameter: a messaging output or another
    /// context's `ApiUrl`.
    fn root_value(&self, v: &Value) -> Value {
        let att = v.get("Fn::GetAtt").and_then(Value::as_array);
        let (Some(stack), Some(output)) = (
            att.and_then(|a| a.first()).and_then(Value::as_str),
            att.and_then(|a| a.get(1))
                .and_then(Value::as_str)
                .and_then(|o| o.strip_prefix("Outputs.")),
        ) else {
            return v.clone();
        };
        if stack == self.root_ids.messaging {
            if output == self.plan.bus_name_output {
                return Value::String(self.bus.clone());
            }
            return messaging_output(self.plan, output).unwrap_or_else(|| v.clone());
        }
        match self.root_ids.contexts.iter().find(|(_, id)| *id == stack) {
            Some((ctx, _)) if output == "ApiUrl" => {
                json!({ "api_url": self.model.context(*ctx).name })
            }
            _ => v.clone(),
        }
    }
}

/// The dev view of one context, from its SAM view and parameters; its
/// queues, subscriptions and rules go into the builder's lists.
fn dev_context(
    b: &mut DevBuilder,
    model: &Model,
    plan: &MessagingPlan,
    root_ids: &RootIds,
    ctx: &Context,
    (view, params): (&ContextView, &[Param]),
) -> DevContext {
    let (subscriptions, rules, queues) = (&mut b.subscriptions, &mut b.rules, &mut b.queues);
    let dir = names::context_dir(&ctx.name);
    let scope = names::snake(&ctx.name);
    let r = Resolver {
        plan,
        root_ids,
        model,
        params,
        table: format!("{scope}-Table"),
        scope,
        bus: bus_name(model),
    };
    let as_name = |v: Value| -> Option<String> {
        ["queue_arn", "queue_url"]
            .iter()
            .find_map(|k| v.get(k).and_then(Value::as_str).map(str::to_string))
    };
    for s in &view.subscriptions {
        let queue = queue_name(&r.scope, &s.queue_id);
        queues.push(DevQueue {
            name: queue.clone(),
            dlq: queue_name(&r.scope, &s.dlq_id),
            max_receive: s.max_receive,
            visibility: s.visibility,
        });
        if let Some(sns) = &s.sns {
            if let Some(topic) = r.flow(&sns.topic).get("topic_arn").and_then(Value::as_str) {
                subscriptions.push(DevSubscription {
                    topic: topic.to_string(),
                    queue,
                    filter: serde_json::from_str(&sns.filter).unwrap_or(Value::Null),
                });
            }
        } else if let Some(rule) = &s.rule {
            rules.push(DevRule {
                name: queue_name(&r.scope, &rule.id),
                pattern: serde_json::from_str(&rule.pattern).unwrap_or(Value::Null),
                queue,
            });
        }
    }
    let functions = view
        .functions
        .iter()
        .map(|f| DevFunction {
            id: f.id.clone(),
            handler: serde_json::from_str(&f.handler).unwrap_or_else(|_| f.handler.clone()),
            // The shared variables are in `Globals`, a function's own beside them.
            env: view
                .globals
                .iter()
                .flat_map(|g| g.env.iter())
                .chain(f.env.iter())
                .map(|(k, v)| (k.clone(), r.flow(v)))
                .collect(),
            queue: f.sqs_event.as_ref().and_then(|e| as_name(r.flow(&e.queue))),
            batch: f.sqs_event.as_ref().map_or(0, |e| e.batch),
            window: f.sqs_event.as_ref().map_or(0, |e| e.window),
            routes: f
                .api_events
                .iter()
                .map(|e| DevRoute {
                    method: e.method.to_ascii_uppercase(),
                    path: serde_json::from_str(&e.path).unwrap_or_else(|_| e.path.clone()),
                    // The API's definition (its OpenAPI document) says
                    // what a body needs; dev.py reads it from there.
                    required: Vec::new(),
                })
                .collect(),
        })
        .collect();
    DevContext {
        name: ctx.name.clone(),
        package: names::py_package(&ctx.name),
        src: format!("{dir}/src"),
        table: r.table.clone(),
        openapi: view.api.as_ref().map(|_| format!("{dir}/openapi.yaml")),
        indexes: model
            .table_indexes(ctx)
            .into_iter()
            .map(|i| DevIndex {
                name: i.name,
                keys: i.keys,
            })
            .collect(),
        functions,
    }
}

/// The dev bus's name (the deployed one is `<stack name>-events`).
fn bus_name(model: &Model) -> String {
    format!("{}-events", names::kebab(&model.system.name))
}

/// Collects the dev views of every context while [`Sam::new`] builds them.
#[derive(Default)]
pub(super) struct DevBuilder {
    subscriptions: Vec<DevSubscription>,
    rules: Vec<DevRule>,
    queues: Vec<DevQueue>,
    contexts: Vec<DevContext>,
}

impl DevBuilder {
    pub(super) fn add(
        &mut self,
        model: &Model,
        plan: &MessagingPlan,
        root_ids: &RootIds,
        ctx: &Context,
        view: &ContextView,
        params: &[Param],
    ) {
        let c = dev_context(self, model, plan, root_ids, ctx, (view, params));
        self.contexts.push(c);
    }

    pub(super) fn finish(self, model: &Model, plan: &MessagingPlan) -> Dev {
        let mut queues: Vec<DevQueue> = plan
            .queues
            .values()
            .map(|q| DevQueue {
                name: messaging_name(&q.id),
                dlq: messaging_name(&q.dlq_id),
                max_receive: COMMAND_MAX_RECEIVE,
                visibility: q.visibility,
            })
            .collect();
        queues.extend(self.queues);
        let plan = DevPlan {
            generated_by: OWNED_HEADER,
            system: model.system.name.clone(),
            broker: match plan.broker {
                Broker::Sns => "sns",
                Broker::EventBridge => "eventbridge",
            },
            bus: (plan.broker == Broker::EventBridge).then(|| bus_name(model)),
            topics: plan
                .topics
                .values()
                .map(|t| messaging_name(&t.id))
                .collect(),
            queues,
            subscriptions: self.subscriptions,
            rules: self.rules,
            contexts: self.contexts,
        };
        Dev {
            plan,
            python: model.system.python.clone(),
        }
    }
}

/// The dev server's files: a generator side with root files only.
pub(crate) struct Dev {
    plan: DevPlan,
    python: String,
}

impl crate::generate::Side for Dev {
    fn root(&self) -> Vec<OutFile> {
        files(&self.plan, &self.python)
    }

    fn context(&self, _: usize) -> Vec<OutFile> {
        Vec::new()
    }
}

/// `dev.json`, `dev.py`, `scripts/api_test.py` and `.github/workflows/ci.yaml`.
fn files(plan: &DevPlan, python: &str) -> Vec<OutFile> {
    let mut json = serde_json::to_string_pretty(plan).expect("the dev plan serialises");
    json.push('\n');
    let py = |text: &str| format!("# {OWNED_HEADER}\n{text}");
    let file = |path: &str, content: String| OutFile {
        path: path.to_string(),
        content,
        owner: Owner::Ddgen,
        context: None,
    };
    vec![
        file("dev.json", json),
        file("dev.py", py(DEV_PY)),
        file("scripts/api_test.py", py(API_TEST_PY)),
        file(
            ".github/workflows/ci.yaml",
            format!("# {OWNED_HEADER}\n{}", CI_YAML.replace("{python}", python)),
        ),
    ]
}
