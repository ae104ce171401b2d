//! The messaging stack: KMS key, topics or the bus, command queues.

use super::*;

pub(super) struct Topic {
    pub(super) id: String,
    pub(super) output: String,
}

pub(super) struct CommandQueue {
    pub(super) id: String,
    pub(super) dlq_id: String,
    pub(super) url_output: String,
    pub(super) arn_output: String,
    /// The dead-letter queue's name, which the owner's DLQ alarm watches.
    pub(super) dlq_name_output: String,
    pub(super) visibility: u32,
    pub(super) context: ContextId,
    pub(super) command: String,
}

/// The messaging stack's ids and outputs, which the context stacks take as
/// parameters of the same names.
pub(super) struct MessagingPlan {
    pub(super) broker: Broker,
    pub(super) key_output: String,
    pub(super) bus_name_output: String,
    pub(super) bus_arn_output: String,
    pub(super) topics: BTreeMap<ContextId, Topic>,
    pub(super) queues: BTreeMap<MessageId, CommandQueue>,
    /// Any context has an API: the account's API Gateway logging role is set.
    pub(super) any_api: bool,
}

impl MessagingPlan {
    pub(super) fn new(model: &Model) -> Self {
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
                        dlq_name_output: outputs.take(&format!("{base}DeadLetterQueueName")),
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
pub(super) struct MessagingView {
    pub(super) header: String,
    pub(super) description: String,
    pub(super) key_description: String,
    pub(super) alias_name: String,
    pub(super) account_principal: String,
    pub(super) account_actions: Vec<String>,
    pub(super) logs_principal: String,
    pub(super) logs_actions: Vec<String>,
    pub(super) logs_condition: String,
    /// The service that delivers events into encrypted queues (`sns` or `events`).
    pub(super) delivery_principal: String,
    pub(super) account_condition: String,
    pub(super) api_logging: bool,
    pub(super) stage: super::stages::StageParam,
    pub(super) api_account: super::stages::ApiAccountView,
    pub(super) topics: Vec<TopicView>,
    pub(super) bus: Option<BusView>,
    pub(super) queues: Vec<QueueView>,
    pub(super) outputs: Vec<OutputView>,
}

pub(super) struct TopicView {
    pub(super) id: String,
    pub(super) key: String,
}

pub(super) struct BusView {
    pub(super) name: String,
    pub(super) archive_description: String,
    pub(super) archive_retention_days: u32,
}

pub(super) struct QueueView {
    pub(super) id: String,
    pub(super) dlq_id: String,
    pub(super) key: String,
    pub(super) visibility: u32,
    pub(super) max_receive: u32,
    pub(super) dlq_arn: String,
    pub(super) dlq_retention: u32,
}

pub(super) struct OutputView {
    pub(super) id: String,
    pub(super) description: String,
    pub(super) value: String,
}

pub(super) fn messaging_view(model: &Model, plan: &MessagingPlan) -> MessagingView {
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
            name: flow(&super::stages::staged_name(&model.system.name, "events")),
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
            outputs.push(OutputView {
                id: cq.dlq_name_output.clone(),
                description: q(&limit(
                    &format!(
                        "Name of the dead-letter queue of the {ctx} context's {} command",
                        cq.command
                    ),
                    1000,
                )),
                value: flow(&get_att(&cq.dlq_id, "QueueName")),
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
        alias_name: flow(&super::stages::staged_alias(&model.system.name, "events")),
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
        stage: super::stages::stage_param(),
        api_account: super::stages::api_account(),
        topics,
        bus,
        queues,
        outputs,
    }
}

// ---------------------------------------------------------------------------
// Context stacks
