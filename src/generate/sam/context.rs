//! One stack per bounded context: table, API, functions, subscriptions.

use super::*;

/// A parameter of a context stack and the root stack's value for it.
pub(super) struct Param {
    pub(super) name: String,
    pub(super) description: String,
    pub(super) root_value: Value,
}

#[derive(Template)]
#[template(path = "sam/context.yaml")]
pub(super) struct ContextView {
    pub(super) header: String,
    pub(super) description: String,
    pub(super) stage: Option<super::stages::StageParam>,
    pub(super) globals: Option<super::globals::GlobalsView>,
    pub(super) params: Vec<ParamView>,
    pub(super) key: String,
    pub(super) ttl_attribute: String,
    pub(super) api: Option<ApiView>,
    pub(super) functions: Vec<FunctionView>,
    pub(super) subscriptions: Vec<SubscriptionView>,
    pub(super) outputs: Vec<OutputView>,
}

pub(super) struct ParamView {
    pub(super) name: String,
    pub(super) description: String,
}

pub(super) struct ApiView {
    pub(super) id: String,
    pub(super) log_group_id: String,
    pub(super) log_group_arn: String,
    pub(super) name: String,
    pub(super) stage: String,
    pub(super) log_retention: u32,
    pub(super) access_log_format: String,
    pub(super) throttle: u32,
    pub(super) burst: u32,
    /// Request models: (name, JSON Schema as a flow value).
    pub(super) models: Vec<(String, String)>,
    pub(super) bad_body_template: String,
}

pub(super) struct FunctionView {
    pub(super) id: String,
    pub(super) role_id: String,
    pub(super) role_arn: String,
    pub(super) log_group_id: String,
    pub(super) log_group_ref: String,
    pub(super) description: String,
    pub(super) handler: String,
    pub(super) log_retention: u32,
    /// The function's own variables (the shared ones are in `Globals`).
    pub(super) env: Vec<(String, String)>,
    pub(super) api_events: Vec<ApiEventView>,
    pub(super) sqs_event: Option<SqsEventView>,
    pub(super) statements: Vec<StatementView>,
    pub(super) skips: Vec<(String, String)>,
}

pub(super) struct ApiEventView {
    pub(super) name: String,
    pub(super) api_id: String,
    pub(super) path: String,
    pub(super) method: String,
    /// The request model validating the body, when it has required fields.
    pub(super) model: Option<String>,
}

pub(super) struct SqsEventView {
    pub(super) queue: String,
    pub(super) batch: u32,
    pub(super) window: u32,
}

pub(super) struct StatementView {
    pub(super) sid: String,
    pub(super) actions: Vec<String>,
    pub(super) resources: Vec<String>,
    pub(super) condition: Option<String>,
}

pub(super) struct SubscriptionView {
    pub(super) queue_id: String,
    pub(super) dlq_id: String,
    pub(super) policy_id: String,
    pub(super) visibility: u32,
    pub(super) max_receive: u32,
    pub(super) dlq_retention: u32,
    pub(super) queue_arn: String,
    pub(super) dlq_arn: String,
    pub(super) queue_url: String,
    pub(super) dlq_url: String,
    pub(super) principal: String,
    pub(super) source_arn_condition: String,
    pub(super) sns: Option<SnsSubscriptionView>,
    pub(super) rule: Option<RuleView>,
}

pub(super) struct SnsSubscriptionView {
    pub(super) id: String,
    pub(super) topic: String,
    pub(super) filter: String,
}

pub(super) struct RuleView {
    pub(super) id: String,
    pub(super) description: String,
    pub(super) bus: String,
    pub(super) pattern: String,
}

/// One function of a context stack, before rendering.
pub(super) struct FunctionSpec {
    pub(super) base: String,
    pub(super) description: String,
    pub(super) module: String,
    pub(super) api_events: Vec<ApiEventView>,
    pub(super) sqs_event: Option<(Value, u32, u32)>,
}

pub(super) fn context_view(
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
    // `Stage` first, so that it keeps its name; declared by the stage block.
    // A stack without functions (only its table) names nothing and takes none.
    let mut params: Vec<Param> = Vec::new();
    if has_functions {
        params.push(Param {
            name: ids.take(stages::STAGE),
            description: String::new(),
            root_value: reference(stages::STAGE),
        });
    }
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
        (
            stages::STAGE_ENV.to_string(),
            flow(&reference(stages::STAGE)),
        ),
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
                method: method.lowercase().to_string(),
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
                log_retention: LOG_RETENTION_DAYS,
                env: Vec::new(),
                api_events: spec.api_events,
                sqs_event: spec.sqs_event.map(|(queue, batch, window)| SqsEventView { queue: flow(&queue), batch, window }),
                statements,
                skips,
                id,
            }
        })
        .collect();

    let api = api_ids.map(|(id, log_group_id)| ApiView {
        name: flow(&stages::staged_name(&model.system.name, &names::kebab(&ctx.name))),
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
        stage: has_functions.then(stages::stage_param),
        globals: (!functions.is_empty()).then(|| globals::globals(model, ctx, env)),
        params: params
            .iter()
            .filter(|p| p.name != stages::STAGE)
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
pub(super) fn stack_contents(api: bool, functions: usize, subscriptions: usize) -> String {
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

pub(super) fn statement(sid: &str, actions: &[&str], resources: Vec<Value>) -> StatementView {
    StatementView {
        sid: sid.to_string(),
        actions: actions.iter().map(|a| q(a)).collect(),
        resources: resources.iter().map(flow).collect(),
        condition: None,
    }
}

/// The names of a path's `{parameters}`.
pub(super) fn path_params(path: &str) -> Vec<&str> {
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
pub(super) fn body_schema<'a>(
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
