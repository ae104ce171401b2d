//! `contexts/<ctx>/asyncapi.yaml`: the context's messages as AsyncAPI 3.0.
//!
//! Channels are named by the CloudFormation logical id of the resource that
//! carries them (`docs/generation.md`): the context's topic
//! (`<Ctx>EventsTopic`) or the bus (`EventBus`), each subscription's queue
//! (`<Src><Event>Queue`) and the command queues (`<Ctx><Command>Queue`).
//! Operation ids follow the Python handlers (`on_<src>_<event>`,
//! `cmd_<command>`). A message is named by its component name, the same in
//! the publisher's and the subscriber's document, with the same payload.

use super::schema::{schema_ref, Dialect, Naming, Schemas};
use super::yaml::{block, flow, key, quote, Y};
use super::{contact, event_source, has_asyncapi, summary, unique, words};
use crate::generate::names::{command_module, logical_id, snake, subscription_module};
use crate::generate::OWNED_HEADER;
use crate::model::{Broker, Context, MessageId, Model, UseKind};
use askama::Template;
use std::collections::BTreeSet;

#[derive(Template)]
#[template(path = "asyncapi/asyncapi.yaml")]
struct AsyncApiFile {
    header: &'static str,
    title: String,
    description: Option<String>,
    contact_name: Option<String>,
    contact_email: Option<String>,
    channels: Vec<Channel>,
    operations: Vec<Operation>,
    messages: Vec<MessageDef>,
    /// `components.schemas`, block style at indentation 4.
    schemas: String,
}

struct Channel {
    key: String,
    title: String,
    description: String,
    /// `(key, flow $ref)` of each message.
    messages: Vec<(String, String)>,
}

struct Operation {
    key: String,
    action: &'static str,
    channel: String,
    summary: String,
    description: Option<String>,
    messages: Vec<String>,
}

struct MessageDef {
    key: String,
    name: String,
    title: String,
    summary: Option<String>,
    description: Option<String>,
    /// Block schema (indentation 8) of the message attributes, when there
    /// are any.
    headers: Option<String>,
    payload: String,
}

/// Builds the document while collecting its messages and schemas.
struct Builder<'m> {
    model: &'m Model,
    naming: &'m Naming,
    schemas: Schemas<'m>,
    channels: Vec<Channel>,
    operations: Vec<Operation>,
    messages: Vec<MessageDef>,
    channel_keys: BTreeSet<String>,
    operation_keys: BTreeSet<String>,
    message_keys: BTreeSet<String>,
}

/// The document, or `None` when the context neither publishes nor consumes
/// events and has no queue commands of its own or sent.
pub fn render(model: &Model, naming: &Naming, ctx: &Context) -> Option<String> {
    if !has_asyncapi(model, ctx) {
        return None;
    }
    let mut b = Builder {
        model,
        naming,
        schemas: Schemas::new(model, naming, Dialect::AsyncApi),
        channels: Vec::new(),
        operations: Vec::new(),
        messages: Vec::new(),
        channel_keys: BTreeSet::new(),
        operation_keys: BTreeSet::new(),
        message_keys: BTreeSet::new(),
    };
    let eventbridge = model.system.broker == Broker::EventBridge;

    // The events it publishes, on its topic or on the bus.
    let published: Vec<MessageId> = ctx
        .messages
        .iter()
        .copied()
        .filter(|m| model.message(*m).is_published_event())
        .collect();
    if !published.is_empty() {
        let (channel_key, title, description) = if eventbridge {
            (
                "EventBus".to_string(),
                "Event bus".to_string(),
                format!(
                    "The EventBridge bus `EventBus` of the messaging stack (outputs `EventBusName`, \
                     `EventBusArn`). {ctx} puts each event with source `{source}` and the event's \
                     name as detail-type; the envelope is the detail. Each subscriber's rule matches \
                     source and detail-type and delivers the EventBridge event to the subscriber's \
                     own SQS queue.",
                    ctx = ctx.name,
                    source = event_source(model, ctx),
                ),
            )
        } else {
            let topic = logical_id(&[&ctx.name, "EventsTopic"]);
            (
                topic.clone(),
                format!("{} events", ctx.name),
                format!(
                    "The SNS topic `{topic}` of the messaging stack (output `{topic}Arn`), \
                     KMS-encrypted. {ctx} publishes the envelope of each event below on it with the \
                     message attribute `event_type`; each subscriber receives it through its own SQS \
                     queue (raw delivery, filtered on `event_type`).",
                    ctx = ctx.name,
                ),
            )
        };
        let messages = published.iter().map(|e| b.event_message(*e)).collect();
        let channel = b.channel(channel_key, title, description, messages);
        for e in &published {
            let m = model.message(*e);
            let emitters: Vec<String> = ctx
                .messages
                .iter()
                .map(|c| model.message(*c))
                .filter(|c| c.emits.iter().any(|(x, _)| x == e))
                .map(|c| format!("`{}`", c.name))
                .collect();
            let description = (!emitters.is_empty())
                .then(|| format!("Published when handling {}.", emitters.join(", ")));
            let message = naming.of_message(*e).to_string();
            b.operation(
                format!("publish_{}", snake(&m.name)),
                "send",
                &channel,
                format!("Publish `{}`.", m.name),
                description,
                &message,
            );
        }
    }

    // Each subscription: the subscriber's own queue.
    for s in ctx.subscriptions.iter().map(|s| model.subscription(*s)) {
        let e = model.message(s.event);
        let src = model.context(e.context);
        let queue = logical_id(&[&src.name, &e.name, "Queue"]);
        let dlq = logical_id(&[&src.name, &e.name, "DeadLetterQueue"]);
        let route = if eventbridge {
            format!(
                "an EventBridge rule on the bus matching source `{}` and detail-type `{}`; the body \
                 is the EventBridge event, the envelope its `detail`",
                event_source(model, src),
                e.name
            )
        } else {
            format!(
                "a subscription to `{}` with raw delivery and a filter on `event_type` = `{}`; the \
                 body is the envelope",
                logical_id(&[&src.name, "EventsTopic"]),
                e.name
            )
        };
        let description = format!(
            "SQS queue `{queue}` of the {ctx} stack, fed by {route}. Batches of up to {batch} \
             messages, batching window {window}; a message that fails {retries} times moves to \
             `{dlq}`. Consumers deduplicate on `event_id`.",
            ctx = ctx.name,
            batch = s.batch,
            window = seconds(s.window_ms),
            retries = s.retries,
        );
        let message = b.event_message(s.event);
        let channel = b.channel(
            queue,
            format!("{}.{} for {}", src.name, e.name, ctx.name),
            description,
            vec![message.clone()],
        );
        b.operation(
            subscription_module(&src.name, &e.name),
            "receive",
            &channel,
            format!("Consume `{}.{}`.", src.name, e.name),
            None,
            &message,
        );
    }

    // Its own queue commands, and those it sends.
    let own = ctx
        .messages
        .iter()
        .copied()
        .filter(|m| model.message(*m).is_queue());
    for c in own {
        let m = model.message(c);
        let senders: Vec<String> = model
            .uses
            .iter()
            .filter(|u| u.kind == UseKind::Sends && u.target == c)
            .map(|u| format!("`{}`", model.context(u.context).name))
            .collect();
        let channel = b.command_channel(c, &senders);
        let message = naming.of_message(c).to_string();
        b.operation(
            command_module(&m.name),
            "receive",
            &channel,
            format!("Handle `{}`.", m.name),
            m.docs.clone(),
            &message,
        );
    }
    for u in ctx.sends.iter().map(|u| model.use_(*u)) {
        let m = model.message(u.target);
        let target = model.context(m.context);
        let senders = vec![format!("`{}`", ctx.name)];
        let channel = b.command_channel(u.target, &senders);
        let message = naming.of_message(u.target).to_string();
        b.operation(
            format!("send_{}_{}", snake(&target.name), snake(&m.name)),
            "send",
            &channel,
            format!("Send `{}.{}`.", target.name, m.name),
            m.docs.clone(),
            &message,
        );
    }

    let components = Y::Map(b.schemas.finish().into_iter().collect());
    let (contact_name, contact_email) = match contact(model, ctx) {
        Some((name, email)) => (Some(quote(&name)), email.as_deref().map(quote)),
        None => (None, None),
    };
    let file = AsyncApiFile {
        header: OWNED_HEADER,
        title: quote(&format!("{} {} messages", model.system.name, ctx.name)),
        description: super::openapi::context_description(ctx)
            .as_deref()
            .map(quote),
        contact_name,
        contact_email,
        channels: b.channels,
        operations: b.operations,
        messages: b.messages,
        schemas: block(&components, 4),
    };
    Some(super::with_newline(
        file.render().expect("the AsyncAPI template renders"),
    ))
}

impl Builder<'_> {
    /// Adds a channel; returns its key.
    fn channel(
        &mut self,
        key_base: String,
        title: String,
        description: String,
        messages: Vec<String>,
    ) -> String {
        let channel_key = unique(&mut self.channel_keys, key_base);
        self.channels.push(Channel {
            key: key(&channel_key),
            title: quote(&title),
            description: quote(&description),
            messages: messages
                .iter()
                .map(|m| {
                    (
                        key(m),
                        flow(&Y::reference(format!("#/components/messages/{m}"))),
                    )
                })
                .collect(),
        });
        channel_key
    }

    /// Adds an operation on `channel` carrying its message `message`.
    fn operation(
        &mut self,
        key_base: String,
        action: &'static str,
        channel: &str,
        summary: String,
        description: Option<String>,
        message: &str,
    ) {
        let op_key = unique(&mut self.operation_keys, key_base);
        self.operations.push(Operation {
            key: key(&op_key),
            action,
            channel: flow(&Y::reference(format!("#/channels/{channel}"))),
            summary: quote(&summary),
            description: description.as_deref().map(quote),
            messages: vec![flow(&Y::reference(format!(
                "#/channels/{channel}/messages/{message}"
            )))],
        });
    }

    /// The channel of a queue command's queue in the messaging stack.
    fn command_channel(&mut self, command: MessageId, senders: &[String]) -> String {
        let m = self.model.message(command);
        let owner = self.model.context(m.context);
        let queue = logical_id(&[&owner.name, &m.name, "Queue"]);
        let dlq = logical_id(&[&owner.name, &m.name, "DeadLetterQueue"]);
        let sent_by = if senders.is_empty() {
            String::new()
        } else {
            format!(" Sent by {}.", senders.join(", "))
        };
        let description = format!(
            "SQS queue `{queue}` of the messaging stack (outputs `{queue}Url`, `{queue}Arn`), \
             KMS-encrypted; {owner} consumes it. The body is the command's JSON, the message \
             attribute `command_type` its name; a message that fails 5 times moves to `{dlq}`.\
             {sent_by}",
            owner = owner.name,
        );
        let message = self.command_message(command);
        self.channel(
            queue,
            format!("{}.{} queue", owner.name, m.name),
            description,
            vec![message],
        )
    }

    /// Adds (once) the message of event `id`: its envelope, or on the bus the
    /// EventBridge event around it. Returns the message's key.
    fn event_message(&mut self, id: MessageId) -> String {
        let name = self.naming.of_message(id).to_string();
        if !self.message_keys.insert(name.clone()) {
            return name;
        }
        let m = self.model.message(id);
        let src = self.model.context(m.context);
        let source = event_source(self.model, src);
        let data = self.schemas.message(id, &[], m.docs.as_deref());
        let envelope_name = self.naming.synthetic(&format!("{name}Envelope"));
        self.schemas
            .add(&envelope_name, envelope(&m.name, &source, &data));
        let eventbridge = self.model.system.broker == Broker::EventBridge;
        let (payload, headers) = if eventbridge {
            let bus_name = self.naming.synthetic(&format!("{name}BusEvent"));
            self.schemas
                .add(&bus_name, bus_event(&m.name, &source, &envelope_name));
            (bus_name, None)
        } else {
            (envelope_name, Some(attributes("event_type", &m.name)))
        };
        self.messages.push(MessageDef {
            key: key(&name),
            name: quote(&m.name),
            title: quote(&words(&m.name)),
            summary: message_summary(&m.name, m.docs.as_deref()),
            description: m.docs.as_deref().map(quote),
            headers: headers.as_ref().map(|h| block(h, 8)),
            payload: flow(&schema_ref(&payload)),
        });
        name
    }

    /// Adds (once) the message of queue command `id`. Returns its key.
    fn command_message(&mut self, id: MessageId) -> String {
        let name = self.naming.of_message(id).to_string();
        if !self.message_keys.insert(name.clone()) {
            return name;
        }
        let m = self.model.message(id);
        let payload = self.schemas.message(id, &[], m.docs.as_deref());
        self.messages.push(MessageDef {
            key: key(&name),
            name: quote(&m.name),
            title: quote(&words(&m.name)),
            summary: message_summary(&m.name, m.docs.as_deref()),
            description: m.docs.as_deref().map(quote),
            headers: Some(block(&attributes("command_type", &m.name), 8)),
            payload: flow(&schema_ref(&payload)),
        });
        name
    }
}

/// The docs' first sentence, when there are docs (the title already says
/// the name in words).
fn message_summary(name: &str, docs: Option<&str>) -> Option<String> {
    docs.map(|d| quote(&summary(name, Some(d))))
}

/// `5000` → `5 s`, `1500` → `1500 ms`, `0` → `0 s`.
fn seconds(ms: u32) -> String {
    if ms % 1000 == 0 {
        format!("{} s", ms / 1000)
    } else {
        format!("{ms} ms")
    }
}

/// The SQS/SNS message attributes: one string attribute naming the message.
fn attributes(attribute: &str, value: &str) -> Y {
    Y::map()
        .with("type", "object")
        .with("required", Y::Seq(vec![Y::str(attribute)]))
        .with(
            "properties",
            Y::map().with(
                attribute,
                Y::map().with("type", "string").with("const", value),
            ),
        )
}

/// The envelope every event travels in (`docs/generation.md`).
pub fn envelope(event: &str, source: &str, data: &str) -> Y {
    let string = || Y::map().with("type", "string");
    Y::map()
        .with("type", "object")
        .with(
            "description",
            format!("The envelope `{event}` travels in; `data` is the event."),
        )
        .with(
            "required",
            Y::Seq(
                [
                    "event_id",
                    "event_type",
                    "source",
                    "version",
                    "occurred_at",
                    "correlation_id",
                    "data",
                ]
                .map(Y::str)
                .to_vec(),
            ),
        )
        .with(
            "properties",
            Y::map()
                .with(
                    "event_id",
                    string().with("format", "uuid").with(
                        "description",
                        "Unique per event; consumers deduplicate on it.",
                    ),
                )
                .with("event_type", string().with("const", event))
                .with("source", string().with("const", source))
                .with(
                    "version",
                    Y::map()
                        .with("type", "integer")
                        .with("const", 1u32)
                        .with("description", "Version of the `data` schema."),
                )
                .with(
                    "occurred_at",
                    string()
                        .with("format", "date-time")
                        .with("description", "When it happened, ISO 8601 in UTC."),
                )
                .with(
                    "correlation_id",
                    string().with(
                        "description",
                        "The chain of messages a request started, carried from a consumed \
                         event to every event emitted while handling it. Consumers accept an \
                         envelope without it (their own chain: the `event_id`).",
                    ),
                )
                .with(
                    "causation_id",
                    Y::map()
                        .with("type", Y::Seq(vec![Y::str("string"), Y::str("null")]))
                        .with(
                            "description",
                            "The `event_id` of the consumed event that caused this one; null \
                             when a request or a command did.",
                        ),
                )
                .with("data", schema_ref(data)),
        )
}

/// The EventBridge event around an envelope, as a rule delivers it to SQS.
pub fn bus_event(event: &str, source: &str, envelope: &str) -> Y {
    let string = || Y::map().with("type", "string");
    Y::map()
        .with("type", "object")
        .with(
            "description",
            format!(
                "The EventBridge event that carries `{event}`: `detail` is the envelope. \
                 Published with PutEvents (Source, DetailType, Detail)."
            ),
        )
        .with(
            "required",
            Y::Seq(["source", "detail-type", "detail"].map(Y::str).to_vec()),
        )
        .with(
            "properties",
            Y::map()
                .with("version", string())
                .with("id", string())
                .with("detail-type", string().with("const", event))
                .with("source", string().with("const", source))
                .with("account", string())
                .with("time", string().with("format", "date-time"))
                .with("region", string())
                .with(
                    "resources",
                    Y::map().with("type", "array").with("items", string()),
                )
                .with("detail", schema_ref(envelope)),
        )
}
