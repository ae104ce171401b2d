//! The outbox relay of a context that publishes: a function fed by the
//! table's stream (INSERTs of `outbox#` items only), reporting batch item
//! failures, bisecting a failing batch and retrying until the record is
//! delivered or leaves the stream, with its own dead-letter queue as the
//! on-failure destination. Only the relay may publish (`policy.rs`).

use super::context::FunctionSpec;
use super::policy::Role;
use super::*;

/// The event source of the relay.
pub(super) struct StreamEventView {
    pub(super) stream: String,
    pub(super) batch: u32,
    pub(super) pattern: String,
    pub(super) on_failure: String,
}

/// The relay's resources besides its function: the dead-letter queue.
pub(super) struct RelayView {
    pub(super) dlq_id: String,
    pub(super) dlq_retention: u32,
}

/// Records per relay invocation (one publish each).
const RELAY_BATCH: u32 = 10;

/// The relay's function and resources; `ids` names them.
pub(super) fn relay(ctx: &Context, ids: &mut Namer) -> (FunctionSpec, RelayView) {
    let dlq_id = ids.take("RelayDeadLetterQueue");
    let pattern = json!({
        "eventName": ["INSERT"],
        "dynamodb": { "Keys": { "pk": { "S": [{ "prefix": "outbox#" }] } } },
    });
    let spec = FunctionSpec {
        base: "Relay".into(),
        description: format!(
            "{}: publishes the events of the outbox (the table's stream)",
            ctx.name
        ),
        module: "relay".into(),
        api_events: Vec::new(),
        sqs_event: None,
        role: Role::Relay,
        stream_event: Some(StreamEventView {
            stream: flow(&get_att("Table", "StreamArn")),
            batch: RELAY_BATCH,
            // A JSON string, as event source mappings take their patterns.
            pattern: q(&pattern.to_string()),
            on_failure: flow(&get_att(&dlq_id, "Arn")),
        }),
    };
    (
        spec,
        RelayView {
            dlq_id,
            dlq_retention: DLQ_RETENTION_SECONDS,
        },
    )
}
