//! The resources of a context stack (table, API, functions, subscriptions,
//! relay, schedules, alarms, the dependencies layer) and its view, from the
//! stack's parameters (`params.rs`).

use super::params::{inputs, Inputs};
use super::*;

pub(in crate::generate::sam) fn context_view(
    model: &Model,
    naming: &crate::generate::contracts::schema::Naming,
    messaging: &MessagingPlan,
    root_ids: &RootIds,
    ctx: &Context,
) -> (ContextView, Vec<Param>) {
    let mut ids = Namer::default();
    let Inputs {
        sns,
        has_functions,
        publishes,
        params,
        key,
        own_topic,
        bus_name,
        bus_arn,
        source_topics,
        own_queues,
        sends,
        calls,
        user_pool,
        call_routes,
        alarm_topic,
        command_dlqs,
    } = inputs(model, messaging, root_ids, ctx, &mut ids);
    // Resources.
    ids.take("Table");
    let gsis = super::super::indexes::gsis(model, ctx);
    let schedules = super::super::schedules::resources(model, ctx, &mut ids, &key, &own_queues);
    ids.take(super::super::extensions::ID);
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
            role: super::super::policy::Role::Api {
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
            role: super::super::policy::Role::Command,
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
            role: super::super::policy::Role::Consumer,
            stream_event: None,
        });
    }
    let relay = publishes.then(|| {
        let (spec, view) = super::super::relay::relay(ctx, &mut ids);
        specs.push(spec);
        view
    });
    let uses = super::super::policy::Uses {
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
            let mut statements = super::super::policy::policy(&super::super::policy::Inputs {
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
            statements.extend(super::super::indexes::query_statement(&gsis));
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
    let extensions = super::super::extensions::nested_stack(
        &ctx.name,
        api.as_ref().map(|a| a.id.as_str()),
        &roles,
        &key,
    );
    let mut dlqs = command_dlqs;
    for s in &subscriptions {
        dlqs.push(super::super::alarms::DeadLetterQueue {
            what: format!("its subscription queue {}", s.queue_id),
            base: s.dlq_id.clone(),
            name: get_att(&s.dlq_id, "QueueName"),
        });
    }
    let watched = super::super::alarms::Watched {
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
        .and_then(|topic| super::super::alarms::alarms(&mut ids, &watched, topic));
    // Last, so that no earlier resource's id depends on it.
    let layer = (!functions.is_empty()).then(|| {
        super::super::layer::layer(model, &ctx.name, ids.take(super::super::layer::LOGICAL_ID))
    });
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
        index_attributes: super::super::indexes::attribute_lines(&gsis),
        index_block: super::super::indexes::index_block(&gsis),
        schedules,
        auth_resources,
        extensions,
        relay,
        alarms,
    };
    (view, params)
}
