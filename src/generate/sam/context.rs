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
    /// The indexes' attribute definitions and `GlobalSecondaryIndexes` (`sam::indexes`).
    pub(super) index_attributes: String,
    pub(super) index_block: String,
    /// The schedules' resources (`sam::schedules`).
    pub(super) schedules: String,
    /// Resources of `auth.rs` (YAML, each starting with a blank line).
    pub(super) auth_resources: String,
    /// The user-owned nested stack (`super::extensions`).
    pub(super) extensions: String,
    /// The outbox relay's resources (the table then has a stream).
    pub(super) relay: Option<super::relay::RelayView>,
    pub(super) alarms: Option<super::alarms::AlarmsView>,
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
    /// The `DefinitionBody` (block YAML at indentation 8): the context's
    /// OpenAPI document with API Gateway's extensions (`auth.rs`).
    pub(super) definition: String,
}

pub(super) struct FunctionView {
    pub(super) id: String,
    pub(super) role_id: String,
    pub(super) role_arn: String,
    pub(super) log_group_id: String,
    pub(super) log_group_ref: String,
    pub(super) description: String,
    pub(super) handler: String,
    /// Reserved concurrency: `deploy concurrency`, on the API function only
    /// (SQS sources are capped by `MaximumConcurrency`).
    pub(super) concurrency: Option<u32>,
    pub(super) log_retention: u32,
    /// The function's own variables (the shared ones are in `Globals`).
    pub(super) env: Vec<(String, String)>,
    pub(super) api_events: Vec<ApiEventView>,
    pub(super) sqs_event: Option<SqsEventView>,
    pub(super) stream_event: Option<super::relay::StreamEventView>,
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
    /// `ScalingConfig.MaximumConcurrency`: `deploy concurrency` (`entry.rs`).
    pub(super) max_concurrency: Option<u32>,
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
    pub(super) role: super::policy::Role,
    pub(super) stream_event: Option<super::relay::StreamEventView>,
}

pub(super) fn context_view(
    model: &Model,
    naming: &crate::generate::contracts::schema::Naming,
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
    let mut call_api_ids: BTreeMap<ContextId, String> = BTreeMap::new();
    for uid in ctx.calls.iter().filter(|_| has_functions) {
        let target = model.context(model.message(model.use_(*uid).target).context);
        let env = names::api_url_env(&target.name);
        if calls.iter().any(|(e, _)| *e == env) {
            continue;
        }
        let api_id = param(
            &mut ids,
            &names::logical_id(&[&target.name, "ApiId"]),
            format!("Id of the {} API (output ApiId of its stack), for execute-api:Invoke on the routes this context calls", target.name),
            get_att(&root_ids.contexts[&target.id], "Outputs.ApiId"),
        );
        call_api_ids.insert(target.id, api_id);
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

    let user_pool = auth::needs_user_pool(model, ctx).then(|| {
        param(
            &mut ids,
            auth::USER_POOL_PARAM,
            "ARN of the Cognito user pool whose tokens the API accepts".into(),
            reference(auth::USER_POOL_PARAM),
        )
    });
    let call_routes = auth::called_routes(model, ctx, &call_api_ids);
    // Alarms (`alarms.rs`): the topic, and the names of the own commands' DLQs.
    let alarm_topic = has_functions.then(|| {
        let p = super::alarms::ALARM_TOPIC_PARAM;
        let description = "ARN of the SNS topic alarms notify; empty: alarms notify nobody";
        param(&mut ids, p, description.into(), json!({ "Ref": p }))
    });
    let mut command_dlqs = Vec::new();
    for m in queue_commands(model, ctx) {
        let cq = &messaging.queues[&m];
        let name = param(
            &mut ids,
            &cq.dlq_name_output,
            format!(
                "Name of the dead-letter queue of this context's {} command (messaging stack)",
                cq.command
            ),
            from_messaging(&cq.dlq_name_output),
        );
        command_dlqs.push(super::alarms::DeadLetterQueue {
            what: format!("the {} command", cq.command),
            base: names::logical_id(&[&cq.command, "DeadLetterQueue"]),
            name: reference(&name),
        });
    }

    // Resources.
    ids.take("Table");
    let gsis = super::indexes::gsis(model, ctx);
    let schedules = super::schedules::resources(model, ctx, &mut ids, &key, &own_queues);
    ids.take(super::extensions::ID);
    let api_ids = has_http(model, ctx).then(|| (ids.take("Api"), ids.take("ApiAccessLogGroup")));
    let key_ref = flow(&reference(&key));

    // Environment shared by every function of the context.
    let mut env = vec![
        (
            stages::STAGE_ENV.to_string(),
            flow(&reference(stages::STAGE)),
        ),
        ("POWERTOOLS_SERVICE_NAME".to_string(), q(&ctx.name)),
        (
            "POWERTOOLS_METRICS_NAMESPACE".to_string(),
            q(&model.system.name),
        ),
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
    if api_ids.is_some() {
        // The routes are the API's `DefinitionBody` (its integrations),
        // not `Api` events of the function (`auth.rs`).
        specs.push(FunctionSpec {
            base: "Api".into(),
            description: format!("{}: the HTTP API's routes", ctx.name),
            module: "api".into(),
            api_events: Vec::new(),
            sqs_event: None,
            role: super::policy::Role::Api {
                commands: ctx.messages.iter().any(|m| {
                    model.message(*m).is_http() && model.message(*m).kind == MessageKind::Command
                }),
            },
            stream_event: None,
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
            role: super::policy::Role::Command,
            stream_event: None,
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
            role: super::policy::Role::Consumer,
            stream_event: None,
        });
    }
    let relay = publishes.then(|| {
        let (spec, view) = super::relay::relay(ctx, &mut ids);
        specs.push(spec);
        view
    });
    let uses = super::policy::Uses {
        repository: ctx.store == crate::model::Store::DynamoDb
            && ctx.types.iter().any(|t| {
                let t = model.type_def(*t);
                t.is_aggregate() && model.key_field(t).is_some()
            }),
        outbox: publishes,
    };

    let source = names::event_source(&model.system.name, &ctx.name);
    let functions: Vec<FunctionView> = specs
        .into_iter()
        .map(|spec| {
            let id = ids.take(&format!("{}Function", spec.base));
            let role_id = ids.take(&format!("{id}Role"));
            let log_group_id = ids.take(&format!("{id}LogGroup"));
            let send_arns: Vec<Value> = sends.iter().map(|(_, _, arn)| reference(arn)).collect();
            let mut statements = super::policy::policy(&super::policy::Inputs {
                role: spec.role,
                uses,
                log_group_id: &log_group_id,
                key: &key,
                queue: spec.sqs_event.as_ref().map(|(q, _, _)| q),
                sends: send_arns,
                topic: own_topic.as_deref(),
                bus: bus_arn.as_deref().map(|b| (b, source.as_str())),
                dead_letters: relay.as_ref().map(|r| r.dlq_id.as_str()),
            })
            .statements;
            statements.extend(super::indexes::query_statement(&gsis));
            statements.extend(auth::invoke_statement(&call_routes));
            let mut skips = vec![
                (
                    "CKV_AWS_117".to_string(),
                    q("Not in a VPC: the function only calls AWS APIs and other contexts' public APIs; the model has no private network resources"),
                ),
            ];
            if spec.stream_event.is_some() {
                skips.push((
                    "CKV_AWS_116".to_string(),
                    q("Invoked through a DynamoDB stream event source: undelivered records go to its on-failure destination, the relay's dead-letter queue (a Lambda DLQ only applies to asynchronous invocations)"),
                ));
            } else if spec.sqs_event.is_some() {
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
            if ctx.deploy.concurrency.is_some() && spec.sqs_event.is_some() {
                skips.push((
                    "CKV_AWS_115".to_string(),
                    q("Capped by ScalingConfig.MaximumConcurrency on its SQS event source (`deploy concurrency`), as AWS advises for SQS consumers, instead of reserved concurrency"),
                ));
            }
            if ctx.deploy.concurrency.is_some() && spec.stream_event.is_some() {
                skips.push((
                    "CKV_AWS_115".to_string(),
                    q("The outbox relay: the table stream's shards bound its concurrency, and reserving any would take it from the API"),
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
                concurrency: ctx.deploy.concurrency.filter(|_| spec.sqs_event.is_none() && spec.stream_event.is_none()),
                log_retention: LOG_RETENTION_DAYS,
                env: Vec::new(),
                api_events: spec.api_events,
                sqs_event: spec.sqs_event.map(|(queue, batch, window)| SqsEventView { queue: flow(&queue), batch, window, max_concurrency: ctx.deploy.concurrency.map(super::entry::max_concurrency) }),
                stream_event: spec.stream_event,
                statements,
                skips,
                id,
            }
        })
        .collect();

    let mut auth_resources = String::new();
    let api = api_ids.map(|(id, log_group_id)| ApiView {
        definition: {
            let function = &functions[0].id;
            auth_resources = auth::invoke_permission(&mut ids, function, &id);
            let pool = user_pool.as_deref().unwrap_or(auth::USER_POOL_PARAM);
            auth::definition_body(model, naming, ctx, function, pool)
        },
        name: flow(&stages::staged_name(
            &model.system.name,
            &names::kebab(&ctx.name),
        )),
        stage: STAGE.to_string(),
        log_retention: LOG_RETENTION_DAYS,
        access_log_format: q(ACCESS_LOG_FORMAT),
        throttle: ctx.deploy.throttle_rps,
        burst: ctx.deploy.burst,
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
        outputs.push(OutputView {
            id: "ApiId".into(),
            description: q(&format!(
                "Id of the {} API, for the execute-api:Invoke permissions of the contexts that call it",
                ctx.name
            )),
            value: flow(&reference(&api.id)),
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

    let roles: Vec<String> = functions.iter().map(|f| f.role_id.clone()).collect();
    let extensions = super::extensions::nested_stack(
        &ctx.name,
        api.as_ref().map(|a| a.id.as_str()),
        &roles,
        &key,
    );
    let mut dlqs = command_dlqs;
    for s in &subscriptions {
        dlqs.push(super::alarms::DeadLetterQueue {
            what: format!("its subscription queue {}", s.queue_id),
            base: s.dlq_id.clone(),
            name: get_att(&s.dlq_id, "QueueName"),
        });
    }
    let watched = super::alarms::Watched {
        context: &ctx.name,
        functions: functions.iter().map(|f| f.id.as_str()).collect(),
        api: api.as_ref().map(|a| {
            // The API's own name (`ApiView::name`): the alarm's dimension.
            let name = stages::staged_name(&model.system.name, &names::kebab(&ctx.name));
            (a.id.as_str(), name)
        }),
        dlqs,
    };
    let alarms = alarm_topic
        .as_deref()
        .and_then(|topic| super::alarms::alarms(&mut ids, &watched, topic));
    // Last, so that no earlier resource's id depends on it.
    let layer = (!functions.is_empty())
        .then(|| super::layer::layer(model, &ctx.name, ids.take(super::layer::LOGICAL_ID)));
    let contents = stack_contents(api.is_some(), functions.len(), subscriptions.len());
    let view = ContextView {
        header: OWNED_HEADER.to_string(),
        description: q(&limit(
            &format!("{} {} context: {}", model.system.name, ctx.name, contents),
            1000,
        )),
        stage: has_functions.then(stages::stage_param),
        globals: layer.map(|layer| globals::globals(model, ctx, env, layer)),
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
        index_attributes: super::indexes::attribute_lines(&gsis),
        index_block: super::indexes::index_block(&gsis),
        schedules,
        auth_resources,
        extensions,
        relay,
        alarms,
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

// ---------------------------------------------------------------------------
// Root stack
