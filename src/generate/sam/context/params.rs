//! What a context stack takes from the root stack: its parameters, in the
//! order their names are taken (`Stage` first, then the messaging stack's
//! outputs, the called APIs, the user pool, the alarm topic, the commands'
//! DLQs), and the names the resources refer to them by.

use super::*;

/// A context stack's parameters and what its resources need of them.
pub(super) struct Inputs {
    pub(super) sns: bool,
    /// Whether the stack has any function (an http operation, a queue command
    /// or a subscription); one without takes only what its table needs.
    pub(super) has_functions: bool,
    pub(super) publishes: bool,
    pub(super) params: Vec<Param>,
    pub(super) key: String,
    pub(super) own_topic: Option<String>,
    pub(super) bus_name: Option<String>,
    pub(super) bus_arn: Option<String>,
    pub(super) source_topics: BTreeMap<ContextId, String>,
    pub(super) own_queues: BTreeMap<MessageId, String>,
    /// (env var, url param, arn param) per `sends` target queue.
    pub(super) sends: Vec<(String, String, String)>,
    /// (env var, url param) per context it `calls`.
    pub(super) calls: Vec<(String, String)>,
    pub(super) user_pool: Option<String>,
    pub(super) call_routes: Vec<Value>,
    pub(super) alarm_topic: Option<String>,
    pub(super) command_dlqs: Vec<super::super::alarms::DeadLetterQueue>,
}

/// The parameters of `ctx`'s stack, their names taken from `ids` first.
pub(super) fn inputs(
    model: &Model,
    messaging: &MessagingPlan,
    root_ids: &RootIds,
    ctx: &Context,
    ids: &mut Namer,
) -> Inputs {
    let sns = model.system.broker == Broker::Sns;
    // A context without functions (no http operation, queue command or
    // subscription) has no code to publish, send or call with: it takes
    // only what its table needs.
    let has_functions = has_http(model, ctx)
        || queue_commands(model, ctx).next().is_some()
        || !ctx.subscriptions.is_empty();
    let publishes = has_functions && publishes(model, ctx);
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
        ids,
        &messaging.key_output,
        "ARN of the system's KMS key (messaging stack)".into(),
        from_messaging(&messaging.key_output),
    );
    let own_topic = (sns && publishes).then(|| {
        let t = &messaging.topics[&ctx.id];
        param(
            ids,
            &t.output,
            format!("ARN of the {} events topic (messaging stack)", ctx.name),
            from_messaging(&t.output),
        )
    });
    let needs_bus_name = !sns && (publishes || !ctx.subscriptions.is_empty());
    let bus_name = needs_bus_name.then(|| {
        param(
            ids,
            &messaging.bus_name_output,
            "Name of the event bus (messaging stack)".into(),
            from_messaging(&messaging.bus_name_output),
        )
    });
    let bus_arn = (!sns && publishes).then(|| {
        param(
            ids,
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
                    ids,
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
            ids,
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
            ids,
            &cq.url_output,
            format!(
                "URL of the queue of the {target_ctx} context's {} command (messaging stack)",
                cq.command
            ),
            from_messaging(&cq.url_output),
        );
        let arn = param(
            ids,
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
            ids,
            &names::logical_id(&[&target.name, "ApiId"]),
            format!("Id of the {} API (output ApiId of its stack), for execute-api:Invoke on the routes this context calls", target.name),
            get_att(&root_ids.contexts[&target.id], "Outputs.ApiId"),
        );
        call_api_ids.insert(target.id, api_id);
        let root_value = get_att(&root_ids.contexts[&target.id], "Outputs.ApiUrl");
        let url = param(
            ids,
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
            ids,
            auth::USER_POOL_PARAM,
            "ARN of the Cognito user pool whose tokens the API accepts".into(),
            reference(auth::USER_POOL_PARAM),
        )
    });
    let call_routes = auth::called_routes(model, ctx, &call_api_ids);
    // Alarms (`alarms.rs`): the topic, and the names of the own commands' DLQs.
    let alarm_topic = has_functions.then(|| {
        let p = super::super::alarms::ALARM_TOPIC_PARAM;
        let description = "ARN of the SNS topic alarms notify; empty: alarms notify nobody";
        param(ids, p, description.into(), json!({ "Ref": p }))
    });
    let mut command_dlqs = Vec::new();
    for m in queue_commands(model, ctx) {
        let cq = &messaging.queues[&m];
        let name = param(
            ids,
            &cq.dlq_name_output,
            format!(
                "Name of the dead-letter queue of this context's {} command (messaging stack)",
                cq.command
            ),
            from_messaging(&cq.dlq_name_output),
        );
        command_dlqs.push(super::super::alarms::DeadLetterQueue {
            what: format!("the {} command", cq.command),
            base: names::logical_id(&[&cq.command, "DeadLetterQueue"]),
            name: reference(&name),
        });
    }

    Inputs {
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
    }
}
