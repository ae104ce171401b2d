//! The SAM/CloudFormation templates of the generated system: the root stack
//! (`template.yaml`), the messaging stack (`messaging/template.yaml`) and one
//! stack per context (`contexts/<ctx>/template.yaml`).
//!
//! Resources, logical ids, parameters and environment variables follow
//! `docs/generation.md` ("Resources and logical ids"). Everything is decided
//! here, in Rust: the templates in `templates/sam/` only lay out values that
//! arrive in their final YAML form (quoted scalars, one-line flow values).
//! Logical ids go through a [`Namer`] per stack, so two model names that
//! would map to the same id (`PlaceOrder` and `Place_Order`) never collide.

mod yaml;

use std::collections::{BTreeMap, HashSet};

use askama::Template;
use serde_json::{json, Value};

use super::{names, OutFile, Owner, OWNED_HEADER};
use crate::model::{
    Broker, Context, ContextId, HttpMethod, MessageId, MessageKind, Model, TypeRef, Via,
};
use yaml::{flow, get_att, q, reference, sub};

/// The API's only stage.
pub const STAGE: &str = "v1";
/// Retention of every log group.
pub const LOG_RETENTION_DAYS: u32 = 30;
/// Visibility timeout of a queue = this × the consuming function's timeout.
pub const VISIBILITY_FACTOR: u32 = 6;
/// `maxReceiveCount` of the queue commands' queues.
pub const COMMAND_MAX_RECEIVE: u32 = 5;
/// How long a dead-letter queue keeps a message: 14 days, SQS's maximum.
const DLQ_RETENTION_SECONDS: u32 = 1_209_600;
/// How long the EventBridge archive keeps events for replay.
const ARCHIVE_RETENTION_DAYS: u32 = 30;
/// DynamoDB attribute Powertools idempotency records expire on.
pub const TTL_ATTRIBUTE: &str = "expiration";

/// What every function may do to its context's table.
pub const TABLE_ACTIONS: &[&str] = &[
    "dynamodb:BatchGetItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DeleteItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "dynamodb:UpdateItem",
];

/// What the account may do with the key (the key policy's administration
/// statement, which also lets IAM policies in the account grant use of it).
/// Listed one by one: no wildcard actions anywhere in the output.
const KEY_ACCOUNT_ACTIONS: &[&str] = &[
    "kms:CancelKeyDeletion",
    "kms:CreateAlias",
    "kms:CreateGrant",
    "kms:Decrypt",
    "kms:DeleteAlias",
    "kms:DescribeKey",
    "kms:DisableKey",
    "kms:DisableKeyRotation",
    "kms:EnableKey",
    "kms:EnableKeyRotation",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListGrants",
    "kms:ListKeyRotations",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:RetireGrant",
    "kms:RevokeGrant",
    "kms:RotateKeyOnDemand",
    "kms:ScheduleKeyDeletion",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
];

/// What CloudWatch Logs may do with the key, for this account's log groups.
const KEY_LOGS_ACTIONS: &[&str] = &[
    "kms:Decrypt",
    "kms:DescribeKey",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
];

/// The API's access log line: one JSON object per request.
const ACCESS_LOG_FORMAT: &str = concat!(
    r#"{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","#,
    r#""requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","#,
    r#""resourcePath":"$context.resourcePath","status":"$context.status","#,
    r#""protocol":"$context.protocol","responseLength":"$context.responseLength","#,
    r#""integrationError":"$context.integration.error","xrayTraceId":"$context.xrayTraceId"}"#
);

/// Every template of the system, root first, then messaging, then one per
/// context in model order.
pub fn files(model: &Model) -> Vec<OutFile> {
    let messaging = MessagingPlan::new(model);
    let root_ids = root_ids(model);
    let mut contexts = Vec::new();
    let mut stacks = Vec::new();
    for ctx in &model.contexts {
        let (view, params) = context_view(model, &messaging, &root_ids, ctx);
        stacks.push((ctx, params, view.api.is_some()));
        contexts.push((ctx, view));
    }
    let mut out = vec![
        owned(
            "template.yaml",
            root_view(model, &root_ids, &stacks).render(),
            None,
        ),
        owned(
            "messaging/template.yaml",
            messaging_view(model, &messaging).render(),
            None,
        ),
    ];
    for (ctx, view) in contexts {
        out.push(owned(
            &format!("contexts/{}/template.yaml", names::kebab(&ctx.name)),
            view.render(),
            Some(ctx.name.clone()),
        ));
    }
    out
}

fn owned(path: &str, content: Result<String, askama::Error>, context: Option<String>) -> OutFile {
    let mut content = content.expect("SAM templates render (they have no fallible filters)");
    if !content.ends_with('\n') {
        content.push('\n');
    }
    OutFile {
        path: path.to_string(),
        content,
        owner: Owner::Ddgen,
        context,
    }
}

/// Hands out logical ids unique within one template (compared without case,
/// as API Gateway model names are).
#[derive(Default)]
struct Namer {
    taken: HashSet<String>,
}

impl Namer {
    fn take(&mut self, want: &str) -> String {
        // Logical ids may have 255 characters; leave room for the suffixes
        // derived ids add (`...FunctionLogGroup`) and for a counter.
        let want = match want.char_indices().nth(MAX_ID) {
            Some((cut, _)) => &want[..cut],
            None if want.is_empty() => "X",
            None => want,
        };
        let mut candidate = want.to_string();
        let mut n = 2;
        while !self.taken.insert(candidate.to_ascii_lowercase()) {
            candidate = format!("{want}{n}");
            n += 1;
        }
        candidate
    }
}

/// Longest logical id a [`Namer`] hands out before suffixes.
const MAX_ID: usize = 200;

/// A description cut to CloudFormation's limit for it (in characters).
fn limit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Seconds, rounded up, from milliseconds.
fn seconds(ms: u32) -> u32 {
    ms.div_ceil(1000)
}

/// A context's Lambda timeout in seconds.
fn timeout_s(ctx: &Context) -> u32 {
    seconds(ctx.deploy.timeout_ms).clamp(1, 900)
}

/// Whether a context publishes events on the broker.
fn publishes(model: &Model, ctx: &Context) -> bool {
    ctx.messages
        .iter()
        .any(|m| model.message(*m).is_published_event())
}

/// The context's queue commands, in declaration order.
fn queue_commands<'m>(model: &'m Model, ctx: &'m Context) -> impl Iterator<Item = MessageId> + 'm {
    ctx.messages.iter().copied().filter(move |m| {
        let m = model.message(*m);
        m.kind == MessageKind::Command && m.is_queue()
    })
}

fn has_http(model: &Model, ctx: &Context) -> bool {
    ctx.messages.iter().any(|m| model.message(*m).is_http())
}

// ---------------------------------------------------------------------------
// Messaging stack

struct Topic {
    id: String,
    output: String,
}

struct CommandQueue {
    id: String,
    dlq_id: String,
    url_output: String,
    arn_output: String,
    visibility: u32,
    context: ContextId,
    command: String,
}

/// The messaging stack's ids and outputs, which the context stacks take as
/// parameters of the same names.
struct MessagingPlan {
    broker: Broker,
    key_output: String,
    bus_name_output: String,
    bus_arn_output: String,
    topics: BTreeMap<ContextId, Topic>,
    queues: BTreeMap<MessageId, CommandQueue>,
    /// Any context has an API: the account's API Gateway logging role is set.
    any_api: bool,
}

impl MessagingPlan {
    fn new(model: &Model) -> Self {
        let mut ids = Namer::default();
        for fixed in [
            "EventsKey",
            "EventsKeyAlias",
            "EventBus",
            "EventArchive",
            "ApiGatewayAccount",
            "ApiGatewayLoggingRole",
        ] {
            ids.take(fixed);
        }
        let mut outputs = Namer::default();
        let key_output = outputs.take("EventsKeyArn");
        let bus_name_output = outputs.take("EventBusName");
        let bus_arn_output = outputs.take("EventBusArn");
        let mut topics = BTreeMap::new();
        let mut queues = BTreeMap::new();
        for ctx in &model.contexts {
            if model.system.broker == Broker::Sns && publishes(model, ctx) {
                let base = names::logical_id(&[&ctx.name, "EventsTopic"]);
                topics.insert(
                    ctx.id,
                    Topic {
                        id: ids.take(&base),
                        output: outputs.take(&format!("{base}Arn")),
                    },
                );
            }
            for m in queue_commands(model, ctx) {
                let command = &model.message(m).name;
                let base = names::logical_id(&[&ctx.name, command]);
                queues.insert(
                    m,
                    CommandQueue {
                        id: ids.take(&format!("{base}Queue")),
                        dlq_id: ids.take(&format!("{base}DeadLetterQueue")),
                        url_output: outputs.take(&format!("{base}QueueUrl")),
                        arn_output: outputs.take(&format!("{base}QueueArn")),
                        visibility: VISIBILITY_FACTOR * timeout_s(ctx),
                        context: ctx.id,
                        command: command.clone(),
                    },
                );
            }
        }
        MessagingPlan {
            broker: model.system.broker,
            key_output,
            bus_name_output,
            bus_arn_output,
            topics,
            queues,
            any_api: model.contexts.iter().any(|c| has_http(model, c)),
        }
    }
}

#[derive(Template)]
#[template(path = "sam/messaging.yaml")]
struct MessagingView {
    header: String,
    description: String,
    key_description: String,
    alias_name: String,
    account_principal: String,
    account_actions: Vec<String>,
    logs_principal: String,
    logs_actions: Vec<String>,
    logs_condition: String,
    /// The service that delivers events into encrypted queues (`sns` or `events`).
    delivery_principal: String,
    account_condition: String,
    api_logging: bool,
    topics: Vec<TopicView>,
    bus: Option<BusView>,
    queues: Vec<QueueView>,
    outputs: Vec<OutputView>,
}

struct TopicView {
    id: String,
    key: String,
}

struct BusView {
    name: String,
    archive_description: String,
    archive_retention_days: u32,
}

struct QueueView {
    id: String,
    dlq_id: String,
    key: String,
    visibility: u32,
    max_receive: u32,
    dlq_arn: String,
    dlq_retention: u32,
}

struct OutputView {
    id: String,
    description: String,
    value: String,
}

fn messaging_view(model: &Model, plan: &MessagingPlan) -> MessagingView {
    let key = flow(&get_att("EventsKey", "Arn"));
    let mut outputs = vec![OutputView {
        id: plan.key_output.clone(),
        description: q("KMS key that encrypts topics, queues, tables and logs"),
        value: key.clone(),
    }];
    let topics = plan
        .topics
        .iter()
        .map(|(ctx, t)| {
            let name = &model.context(*ctx).name;
            outputs.push(OutputView {
                id: t.output.clone(),
                description: q(&limit(
                    &format!("ARN of the topic the {name} context publishes its events to"),
                    1000,
                )),
                value: flow(&reference(&t.id)),
            });
            TopicView {
                id: t.id.clone(),
                key: key.clone(),
            }
        })
        .collect();
    let bus = (plan.broker == Broker::EventBridge).then(|| {
        outputs.push(OutputView {
            id: plan.bus_name_output.clone(),
            description: q("Event bus every context publishes to"),
            value: flow(&reference("EventBus")),
        });
        outputs.push(OutputView {
            id: plan.bus_arn_output.clone(),
            description: q("ARN of the event bus"),
            value: flow(&get_att("EventBus", "Arn")),
        });
        BusView {
            name: flow(&sub("${AWS::StackName}-events")),
            archive_description: q(&format!("Every {} event, for replay", model.system.name)),
            archive_retention_days: ARCHIVE_RETENTION_DAYS,
        }
    });
    let queues = plan
        .queues
        .values()
        .map(|cq| {
            let ctx = &model.context(cq.context).name;
            outputs.push(OutputView {
                id: cq.url_output.clone(),
                description: q(&limit(
                    &format!(
                        "URL of the queue of the {ctx} context's {} command",
                        cq.command
                    ),
                    1000,
                )),
                value: flow(&reference(&cq.id)),
            });
            outputs.push(OutputView {
                id: cq.arn_output.clone(),
                description: q(&limit(
                    &format!(
                        "ARN of the queue of the {ctx} context's {} command",
                        cq.command
                    ),
                    1000,
                )),
                value: flow(&get_att(&cq.id, "Arn")),
            });
            QueueView {
                id: cq.id.clone(),
                dlq_id: cq.dlq_id.clone(),
                key: key.clone(),
                visibility: cq.visibility,
                max_receive: COMMAND_MAX_RECEIVE,
                dlq_arn: flow(&get_att(&cq.dlq_id, "Arn")),
                dlq_retention: DLQ_RETENTION_SECONDS,
            }
        })
        .collect();
    let delivery = match plan.broker {
        Broker::Sns => "sns.amazonaws.com",
        Broker::EventBridge => "events.amazonaws.com",
    };
    MessagingView {
        header: OWNED_HEADER.to_string(),
        description: q(&limit(
            &format!(
                "{}: messaging shared by every context (KMS key, {}, queue commands)",
                model.system.name,
                match plan.broker {
                    Broker::Sns => "one SNS topic per publishing context",
                    Broker::EventBridge => "EventBridge bus and archive",
                }
            ),
            1000,
        )),
        key_description: q(&limit(
            &format!(
                "{}: encrypts topics, queues, tables and logs",
                model.system.name
            ),
            8000,
        )),
        alias_name: flow(&sub("alias/${AWS::StackName}-events")),
        account_principal: flow(&sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")),
        account_actions: KEY_ACCOUNT_ACTIONS.iter().map(|a| q(a)).collect(),
        logs_principal: flow(&sub("logs.${AWS::Region}.amazonaws.com")),
        logs_actions: KEY_LOGS_ACTIONS.iter().map(|a| q(a)).collect(),
        logs_condition: flow(&json!({
            "ArnLike": {
                "kms:EncryptionContext:aws:logs:arn": {
                    "Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*"
                }
            }
        })),
        delivery_principal: q(delivery),
        account_condition: flow(
            &json!({ "StringEquals": { "aws:SourceAccount": { "Ref": "AWS::AccountId" } } }),
        ),
        api_logging: plan.any_api,
        topics,
        bus,
        queues,
        outputs,
    }
}

// ---------------------------------------------------------------------------
// Context stacks

/// A parameter of a context stack and the root stack's value for it.
struct Param {
    name: String,
    description: String,
    root_value: Value,
}

#[derive(Template)]
#[template(path = "sam/context.yaml")]
struct ContextView {
    header: String,
    description: String,
    params: Vec<ParamView>,
    key: String,
    ttl_attribute: String,
    api: Option<ApiView>,
    functions: Vec<FunctionView>,
    subscriptions: Vec<SubscriptionView>,
    outputs: Vec<OutputView>,
}

struct ParamView {
    name: String,
    description: String,
}

struct ApiView {
    id: String,
    log_group_id: String,
    log_group_arn: String,
    name: String,
    stage: String,
    log_retention: u32,
    access_log_format: String,
    throttle: u32,
    burst: u32,
    /// Request models: (name, JSON Schema as a flow value).
    models: Vec<(String, String)>,
    bad_body_template: String,
}

struct FunctionView {
    id: String,
    role_id: String,
    role_arn: String,
    log_group_id: String,
    log_group_ref: String,
    description: String,
    handler: String,
    runtime: String,
    memory: u32,
    timeout: u32,
    concurrency: Option<u32>,
    log_retention: u32,
    env: Vec<(String, String)>,
    api_events: Vec<ApiEventView>,
    sqs_event: Option<SqsEventView>,
    statements: Vec<StatementView>,
    skips: Vec<(String, String)>,
}

struct ApiEventView {
    name: String,
    api_id: String,
    path: String,
    method: String,
    /// The request model validating the body, when it has required fields.
    model: Option<String>,
}

struct SqsEventView {
    queue: String,
    batch: u32,
    window: u32,
}

struct StatementView {
    sid: String,
    actions: Vec<String>,
    resources: Vec<String>,
    condition: Option<String>,
}

struct SubscriptionView {
    queue_id: String,
    dlq_id: String,
    policy_id: String,
    visibility: u32,
    max_receive: u32,
    dlq_retention: u32,
    queue_arn: String,
    dlq_arn: String,
    queue_url: String,
    dlq_url: String,
    principal: String,
    source_arn_condition: String,
    sns: Option<SnsSubscriptionView>,
    rule: Option<RuleView>,
}

struct SnsSubscriptionView {
    id: String,
    topic: String,
    filter: String,
}

struct RuleView {
    id: String,
    description: String,
    bus: String,
    pattern: String,
}

/// One function of a context stack, before rendering.
struct FunctionSpec {
    base: String,
    description: String,
    module: String,
    api_events: Vec<ApiEventView>,
    sqs_event: Option<(Value, u32, u32)>,
}

fn context_view(
    model: &Model,
    messaging: &MessagingPlan,
    root_ids: &RootIds,
    ctx: &Context,
) -> (ContextView, Vec<Param>) {
    let sns = model.system.broker == Broker::Sns;
    // A context without functions (no http operation, queue command or
    // subscription) has no code to publish, send or call with: it takes
    // only what its table needs.
    let has_functions = has_http(model, ctx)
        || queue_commands(model, ctx).next().is_some()
        || !ctx.subscriptions.is_empty();
    let publishes = has_functions && publishes(model, ctx);
    let mut ids = Namer::default();
    let mut params: Vec<Param> = Vec::new();
    let mut param =
        |ids: &mut Namer, name: &str, description: String, root_value: Value| -> String {
            if let Some(p) = params.iter().find(|p| p.root_value == root_value) {
                return p.name.clone();
            }
            let name = ids.take(name);
            params.push(Param {
                name: name.clone(),
                description,
                root_value,
            });
            name
        };
    let from_messaging = |output: &str| get_att(&root_ids.messaging, &format!("Outputs.{output}"));

    // Parameters first: their names are the messaging stack's outputs.
    let key = param(
        &mut ids,
        &messaging.key_output,
        "ARN of the system's KMS key (messaging stack)".into(),
        from_messaging(&messaging.key_output),
    );
    let own_topic = (sns && publishes).then(|| {
        let t = &messaging.topics[&ctx.id];
        param(
            &mut ids,
            &t.output,
            format!("ARN of the {} events topic (messaging stack)", ctx.name),
            from_messaging(&t.output),
        )
    });
    let needs_bus_name = !sns && (publishes || !ctx.subscriptions.is_empty());
    let bus_name = needs_bus_name.then(|| {
        param(
            &mut ids,
            &messaging.bus_name_output,
            "Name of the event bus (messaging stack)".into(),
            from_messaging(&messaging.bus_name_output),
        )
    });
    let bus_arn = (!sns && publishes).then(|| {
        param(
            &mut ids,
            &messaging.bus_arn_output,
            "ARN of the event bus (messaging stack)".into(),
            from_messaging(&messaging.bus_arn_output),
        )
    });
    let mut source_topics: BTreeMap<ContextId, String> = BTreeMap::new();
    if sns {
        for sid in &ctx.subscriptions {
            let src = model.message(model.subscription(*sid).event).context;
            if let Some(t) = messaging.topics.get(&src) {
                let name = param(
                    &mut ids,
                    &t.output,
                    format!(
                        "ARN of the {} events topic (messaging stack)",
                        model.context(src).name
                    ),
                    from_messaging(&t.output),
                );
                source_topics.insert(src, name);
            }
        }
    }
    let mut own_queues: BTreeMap<MessageId, String> = BTreeMap::new();
    for m in queue_commands(model, ctx) {
        let cq = &messaging.queues[&m];
        let name = param(
            &mut ids,
            &cq.arn_output,
            format!(
                "ARN of the queue of this context's {} command (messaging stack)",
                cq.command
            ),
            from_messaging(&cq.arn_output),
        );
        own_queues.insert(m, name);
    }
    // sends: (env var, url param, arn param)
    let mut sends: Vec<(String, String, String)> = Vec::new();
    for uid in ctx.sends.iter().filter(|_| has_functions) {
        let target = model.use_(*uid).target;
        let Some(cq) = messaging.queues.get(&target) else {
            continue;
        };
        let target_ctx = &model.context(cq.context).name;
        let env = names::queue_url_env(target_ctx, &cq.command);
        if sends.iter().any(|(e, _, _)| *e == env) {
            continue;
        }
        let url = param(
            &mut ids,
            &cq.url_output,
            format!(
                "URL of the queue of the {target_ctx} context's {} command (messaging stack)",
                cq.command
            ),
            from_messaging(&cq.url_output),
        );
        let arn = param(
            &mut ids,
            &cq.arn_output,
            format!(
                "ARN of the queue of the {target_ctx} context's {} command (messaging stack)",
                cq.command
            ),
            from_messaging(&cq.arn_output),
        );
        sends.push((env, url, arn));
    }
    // calls: (env var, url param), one per target context
    let mut calls: Vec<(String, String)> = Vec::new();
    for uid in ctx.calls.iter().filter(|_| has_functions) {
        let target = model.context(model.message(model.use_(*uid).target).context);
        let env = names::api_url_env(&target.name);
        if calls.iter().any(|(e, _)| *e == env) {
            continue;
        }
        let root_value = get_att(&root_ids.contexts[&target.id], "Outputs.ApiUrl");
        let url = param(
            &mut ids,
            &names::logical_id(&[&target.name, "ApiUrl"]),
            format!(
                "Base URL of the {} API (output ApiUrl of its stack)",
                target.name
            ),
            root_value,
        );
        calls.push((env, url));
    }

    // Resources.
    ids.take("Table");
    let api_ids = has_http(model, ctx).then(|| (ids.take("Api"), ids.take("ApiAccessLogGroup")));
    let key_ref = flow(&reference(&key));

    // Environment shared by every function of the context.
    let mut env = vec![
        ("POWERTOOLS_SERVICE_NAME".to_string(), q(&ctx.name)),
        ("TABLE_NAME".to_string(), flow(&reference("Table"))),
        (
            "EVENT_SOURCE".to_string(),
            q(&names::event_source(&model.system.name, &ctx.name)),
        ),
    ];
    if let Some(t) = &own_topic {
        env.push(("EVENTS_TOPIC_ARN".into(), flow(&reference(t))));
    }
    if let (true, Some(b)) = (publishes, &bus_name) {
        env.push(("EVENT_BUS_NAME".into(), flow(&reference(b))));
    }
    for (var, url, _) in &sends {
        env.push((var.clone(), flow(&reference(url))));
    }
    for (var, url) in &calls {
        env.push((var.clone(), flow(&reference(url))));
    }

    // Functions.
    let pkg = names::py_package(&ctx.name);
    let mut specs: Vec<FunctionSpec> = Vec::new();
    let mut models: Vec<(String, String)> = Vec::new();
    if let Some((api_id, _)) = &api_ids {
        let mut model_names = Namer::default();
        let mut events = Vec::new();
        let mut event_names = Namer::default();
        for mid in &ctx.messages {
            let m = model.message(*mid);
            let Some(Via::Http { method, path, .. }) = &m.via else {
                continue;
            };
            let body = body_schema(m.fields.iter().map(|f| (&f.name, &f.ty)), *method, path);
            let request_model = body.map(|schema| {
                let name = model_names.take(&names::logical_id(&[&m.name]));
                models.push((name.clone(), flow(&schema)));
                name
            });
            events.push(ApiEventView {
                name: event_names.take(&names::logical_id(&[&m.name])),
                api_id: flow(&reference(api_id)),
                path: q(path),
                method: method_name(*method).to_string(),
                model: request_model,
            });
        }
        specs.push(FunctionSpec {
            base: "Api".into(),
            description: format!("{}: the HTTP API's routes", ctx.name),
            module: "api".into(),
            api_events: events,
            sqs_event: None,
        });
    }
    for m in queue_commands(model, ctx) {
        let name = &model.message(m).name;
        specs.push(FunctionSpec {
            base: names::logical_id(&[name]),
            description: format!("{}: handles the {name} command from its queue", ctx.name),
            module: names::command_module(name),
            api_events: Vec::new(),
            sqs_event: Some((
                reference(&own_queues[&m]),
                crate::model::defaults::BATCH,
                seconds(crate::model::defaults::WINDOW_MS),
            )),
        });
    }

    // Subscriptions: queue, DLQ, policy, SNS subscription or rule, consumer.
    let mut subscriptions = Vec::new();
    for sid in &ctx.subscriptions {
        let s = model.subscription(*sid);
        let event = model.message(s.event);
        let src = model.context(event.context);
        let base = names::logical_id(&[&src.name, &event.name]);
        let queue_id = ids.take(&format!("{base}Queue"));
        let dlq_id = ids.take(&format!("{base}DeadLetterQueue"));
        let policy_id = ids.take(&format!("{base}QueuePolicy"));
        let (principal, source_arn, sns_view, rule_view) = if sns {
            let Some(topic) = source_topics.get(&src.id) else {
                continue;
            };
            let id = ids.take(&format!("{base}Subscription"));
            (
                "sns.amazonaws.com",
                reference(topic),
                Some(SnsSubscriptionView {
                    id,
                    topic: flow(&reference(topic)),
                    filter: flow(&json!({ "event_type": [event.name] })),
                }),
                None,
            )
        } else {
            let id = ids.take(&format!("{base}Rule"));
            let pattern = json!({
                "source": [names::event_source(&model.system.name, &src.name)],
                "detail-type": [event.name],
            });
            let bus = bus_name
                .as_deref()
                .expect("a subscribing context takes the bus name");
            (
                "events.amazonaws.com",
                get_att(&id, "Arn"),
                None,
                Some(RuleView {
                    id,
                    description: q(&limit(
                        &format!(
                            "{} events of {} to a queue of {}",
                            event.name, src.name, ctx.name
                        ),
                        512,
                    )),
                    bus: flow(&reference(bus)),
                    pattern: flow(&pattern),
                }),
            )
        };
        subscriptions.push(SubscriptionView {
            queue_arn: flow(&get_att(&queue_id, "Arn")),
            dlq_arn: flow(&get_att(&dlq_id, "Arn")),
            queue_url: flow(&reference(&queue_id)),
            dlq_url: flow(&reference(&dlq_id)),
            queue_id: queue_id.clone(),
            dlq_id,
            policy_id,
            visibility: VISIBILITY_FACTOR * timeout_s(ctx),
            max_receive: s.retries,
            dlq_retention: DLQ_RETENTION_SECONDS,
            principal: q(principal),
            source_arn_condition: flow(&json!({ "ArnEquals": { "aws:SourceArn": source_arn } })),
            sns: sns_view,
            rule: rule_view,
        });
        specs.push(FunctionSpec {
            base: base.clone(),
            description: format!(
                "{}: consumes the {} events of {}",
                ctx.name, event.name, src.name
            ),
            module: names::subscription_module(&src.name, &event.name),
            api_events: Vec::new(),
            sqs_event: Some((get_att(&queue_id, "Arn"), s.batch, seconds(s.window_ms))),
        });
    }

    let runtime = names::lambda_runtime(&model.system.python);
    let source = names::event_source(&model.system.name, &ctx.name);
    let functions: Vec<FunctionView> = specs
        .into_iter()
        .map(|spec| {
            let id = ids.take(&format!("{}Function", spec.base));
            let role_id = ids.take(&format!("{id}Role"));
            let log_group_id = ids.take(&format!("{id}LogGroup"));
            let mut statements = vec![
                statement("WriteOwnLogs", &["logs:CreateLogStream", "logs:PutLogEvents"], vec![get_att(&log_group_id, "Arn")]),
                statement("Tracing", &["xray:PutTelemetryRecords", "xray:PutTraceSegments"], vec![json!("*")]),
                statement("UseOwnTable", TABLE_ACTIONS, vec![get_att("Table", "Arn")]),
            ];
            // The table, the queues and the topic are encrypted with the
            // key: every function reads and writes through it.
            let key_actions: &[&str] = &["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"];
            statements.push(statement("UseSystemKey", key_actions, vec![reference(&key)]));
            if let Some(t) = &own_topic {
                statements.push(statement("PublishOwnEvents", &["sns:Publish"], vec![reference(t)]));
            }
            if let Some(b) = &bus_arn {
                // Only with the context's own `source`: no context can pose as another.
                let mut s = statement("PublishOwnEvents", &["events:PutEvents"], vec![reference(b)]);
                s.condition = Some(flow(&json!({ "StringEquals": { "events:source": [source] } })));
                statements.push(s);
            }
            if !sends.is_empty() {
                let arns = sends.iter().map(|(_, _, arn)| reference(arn)).collect();
                statements.push(statement("SendCommands", &["sqs:SendMessage"], arns));
            }
            if let Some((queue, _, _)) = &spec.sqs_event {
                statements.push(statement(
                    "ConsumeOwnQueue",
                    &["sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"],
                    vec![queue.clone()],
                ));
            }
            let mut skips = vec![
                (
                    "CKV_AWS_117".to_string(),
                    q("Not in a VPC: the function only calls AWS APIs and other contexts' public APIs; the model has no private network resources"),
                ),
            ];
            if spec.sqs_event.is_some() {
                skips.push((
                    "CKV_AWS_116".to_string(),
                    q("Invoked through an SQS event source: failed messages go to the queue's own dead-letter queue (a Lambda DLQ only applies to asynchronous invocations)"),
                ));
            } else {
                skips.push((
                    "CKV_AWS_116".to_string(),
                    q("Invoked synchronously by API Gateway: errors go back to the caller (a Lambda DLQ only applies to asynchronous invocations)"),
                ));
            }
            if ctx.deploy.concurrency.is_none() {
                skips.push((
                    "CKV_AWS_115".to_string(),
                    q("No `concurrency` in the context's `deploy`: the function scales within the account's unreserved concurrency"),
                ));
            }
            FunctionView {
                role_arn: flow(&get_att(&role_id, "Arn")),
                role_id,
                log_group_ref: flow(&reference(&log_group_id)),
                log_group_id,
                description: q(&limit(&spec.description, 256)),
                handler: q(&names::lambda_handler(&pkg, &spec.module)),
                runtime: q(&runtime),
                memory: ctx.deploy.memory_mb,
                timeout: timeout_s(ctx),
                concurrency: ctx.deploy.concurrency,
                log_retention: LOG_RETENTION_DAYS,
                env: env.clone(),
                api_events: spec.api_events,
                sqs_event: spec.sqs_event.map(|(queue, batch, window)| SqsEventView { queue: flow(&queue), batch, window }),
                statements,
                skips,
                id,
            }
        })
        .collect();

    let api = api_ids.map(|(id, log_group_id)| ApiView {
        name: flow(&sub(&format!("${{AWS::StackName}}-{}", names::kebab(&ctx.name)))),
        stage: STAGE.to_string(),
        log_retention: LOG_RETENTION_DAYS,
        access_log_format: q(ACCESS_LOG_FORMAT),
        throttle: ctx.deploy.throttle_rps,
        burst: ctx.deploy.burst,
        models,
        bad_body_template: q(r#"{"message": "Invalid request body: send a JSON object with every required field", "details": []}"#),
        id,
        log_group_arn: flow(&get_att(&log_group_id, "Arn")),
        log_group_id,
    });

    let mut outputs = Vec::new();
    if let Some(api) = &api {
        outputs.push(OutputView {
            id: "ApiUrl".into(),
            description: q(&limit(
                &format!("Base URL of the {} API (stage {STAGE})", ctx.name),
                1000,
            )),
            value: flow(&sub(&format!(
                "https://${{{}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/{STAGE}",
                api.id
            ))),
        });
    }
    outputs.push(OutputView {
        id: "TableName".into(),
        description: q(&limit(
            &format!("DynamoDB table of the {} context", ctx.name),
            1000,
        )),
        value: flow(&reference("Table")),
    });

    let contents = stack_contents(api.is_some(), functions.len(), subscriptions.len());
    let view = ContextView {
        header: OWNED_HEADER.to_string(),
        description: q(&limit(
            &format!("{} {} context: {}", model.system.name, ctx.name, contents),
            1000,
        )),
        params: params
            .iter()
            .map(|p| ParamView {
                name: p.name.clone(),
                description: q(&p.description),
            })
            .collect(),
        key: key_ref,
        ttl_attribute: TTL_ATTRIBUTE.to_string(),
        api,
        functions,
        subscriptions,
        outputs,
    };
    (view, params)
}

/// What a context stack holds, in words: `table, HTTP API, 3 functions, 2 subscriptions`.
fn stack_contents(api: bool, functions: usize, subscriptions: usize) -> String {
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = vec!["table".to_string()];
    if api {
        parts.push("HTTP API".into());
    }
    if functions > 0 {
        parts.push(count(functions, "function", "functions"));
    }
    if subscriptions > 0 {
        parts.push(count(subscriptions, "subscription", "subscriptions"));
    }
    parts.join(", ")
}

fn statement(sid: &str, actions: &[&str], resources: Vec<Value>) -> StatementView {
    StatementView {
        sid: sid.to_string(),
        actions: actions.iter().map(|a| q(a)).collect(),
        resources: resources.iter().map(flow).collect(),
        condition: None,
    }
}

fn method_name(m: HttpMethod) -> &'static str {
    match m {
        HttpMethod::Get => "get",
        HttpMethod::Post => "post",
        HttpMethod::Put => "put",
        HttpMethod::Patch => "patch",
        HttpMethod::Delete => "delete",
    }
}

/// The names of a path's `{parameters}`.
fn path_params(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// The API Gateway request model of a route that takes a body: a JSON object
/// with the message's required fields (the non-optional ones that are not
/// path parameters). Field types are left to the function's validation
/// (pydantic), so the gateway never rejects what the function would accept.
/// `None` when the route takes no body or its body has no required field.
fn body_schema<'a>(
    fields: impl Iterator<Item = (&'a String, &'a TypeRef)>,
    method: HttpMethod,
    path: &str,
) -> Option<Value> {
    if matches!(method, HttpMethod::Get | HttpMethod::Delete) {
        return None;
    }
    let in_path = path_params(path);
    let required: Vec<&str> = fields
        .filter(|(name, ty)| {
            !in_path.contains(&name.as_str()) && !matches!(ty, TypeRef::Optional(_))
        })
        .map(|(name, _)| name.as_str())
        .collect();
    if required.is_empty() {
        return None;
    }
    Some(json!({
        "$schema": "http://json-schema.org/draft-04/schema#",
        "type": "object",
        "required": required,
    }))
}

// ---------------------------------------------------------------------------
// Root stack

struct RootIds {
    messaging: String,
    contexts: BTreeMap<ContextId, String>,
}

fn root_ids(model: &Model) -> RootIds {
    let mut ids = Namer::default();
    let messaging = ids.take("Messaging");
    let contexts = model
        .contexts
        .iter()
        .map(|c| (c.id, ids.take(&names::logical_id(&[&c.name, "Context"]))))
        .collect();
    RootIds {
        messaging,
        contexts,
    }
}

#[derive(Template)]
#[template(path = "sam/root.yaml")]
struct RootView {
    header: String,
    description: String,
    messaging_id: String,
    messaging_location: String,
    stacks: Vec<StackView>,
    outputs: Vec<OutputView>,
}

struct StackView {
    id: String,
    location: String,
    params: Vec<(String, String)>,
}

fn root_view(model: &Model, ids: &RootIds, stacks: &[(&Context, Vec<Param>, bool)]) -> RootView {
    let mut output_ids = Namer::default();
    let mut outputs = Vec::new();
    let views = stacks
        .iter()
        .map(|(ctx, params, has_api)| {
            let id = ids.contexts[&ctx.id].clone();
            if *has_api {
                outputs.push(OutputView {
                    id: output_ids.take(&names::logical_id(&[&ctx.name, "ApiUrl"])),
                    description: q(&limit(&format!("Base URL of the {} API", ctx.name), 1000)),
                    value: flow(&get_att(&id, "Outputs.ApiUrl")),
                });
            }
            outputs.push(OutputView {
                id: output_ids.take(&names::logical_id(&[&ctx.name, "TableName"])),
                description: q(&limit(
                    &format!("DynamoDB table of the {} context", ctx.name),
                    1000,
                )),
                value: flow(&get_att(&id, "Outputs.TableName")),
            });
            StackView {
                location: q(&format!(
                    "contexts/{}/template.yaml",
                    names::kebab(&ctx.name)
                )),
                params: params
                    .iter()
                    .map(|p| (p.name.clone(), flow(&p.root_value)))
                    .collect(),
                id,
            }
        })
        .collect();
    RootView {
        header: OWNED_HEADER.to_string(),
        description: q(&limit(
            &format!(
                "{}: the whole system (messaging stack and one stack per bounded context)",
                model.system.name
            ),
            1000,
        )),
        messaging_id: ids.messaging.clone(),
        messaging_location: q("messaging/template.yaml"),
        stacks: views,
        outputs,
    }
}
