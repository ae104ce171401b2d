//! The transactional outbox of a context that publishes: `adapters/outbox.py`
//! (envelopes written as `outbox#<event_id>` items, in the transaction of the
//! aggregate they come with or on their own) and `handlers/relay.py` (the
//! only code that publishes, fed by the table's stream). Conventions:
//! `docs/generation.md`, "Transactional outbox".

use super::imports::Imports;
use super::scope::Scope;
use crate::generate::names::lambda_handler;
use crate::generate::OWNED_HEADER;
use askama::Template;

/// The relay's module under `handlers/`.
pub const RELAY_MODULE: &str = "relay";

#[derive(Template)]
#[template(path = "python/adapters/outbox.py")]
struct OutboxPy {
    header: &'static str,
    context: String,
    imports: String,
}

#[derive(Template)]
#[template(path = "python/handlers/relay.py")]
struct RelayPy {
    header: &'static str,
    context: String,
    imports: String,
    handler_path: String,
}

/// The conftest fixture that runs the relay on the outbox, as a test parameter.
pub const RELAY_FIXTURE: (&str, &str) = ("relay", "Callable[[], PartialItemFailureResponse]");

/// Whether the context has an outbox (and a relay): it publishes events.
pub fn enabled(scope: &Scope) -> bool {
    !scope.published_events().is_empty()
}

/// What `repository.py` needs for `save(..., events=...)`.
pub fn repository_imports(imp: &mut Imports) {
    imp.name("collections.abc", "Sequence")
        .name("typing", "TYPE_CHECKING")
        .name("..contracts", "Envelope")
        .name(".", "outbox")
        .name(".", "publisher")
        .name(".publisher", "PublishedEvent");
}

/// `adapters/outbox.py` and `handlers/relay.py` (paths under the package),
/// when the context publishes.
pub fn files(scope: &Scope) -> Vec<(String, String)> {
    if !enabled(scope) {
        return Vec::new();
    }
    let context = scope.ctx.name.clone();
    let mut imp = scope.imports();
    imp.module("os")
        .name("typing", "TYPE_CHECKING")
        .name("..contracts", "Envelope")
        .name(".", "aws")
        .name(".", "publisher")
        .name(".publisher", "PublishedEvent");
    let outbox = OutboxPy {
        header: OWNED_HEADER,
        context: context.clone(),
        imports: imp.render(),
    }
    .render()
    .expect("outbox.py renders");
    // The batch utilities of every record handler (what relay.py does not use is pruned).
    let mut imp = super::handlers::batch_imports(scope);
    imp.module("os")
        .name(
            "aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event",
            "DynamoDBRecord",
        )
        .name(
            "aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event",
            "DynamoDBRecordEventName",
        )
        .name("aws_lambda_powertools.utilities.typing", "LambdaContext")
        .name("..adapters", "aws")
        .name("..adapters", "outbox")
        .name("..adapters", "publisher")
        .name("..contracts", "Envelope");
    let relay = RelayPy {
        header: OWNED_HEADER,
        context,
        imports: imp.render(),
        handler_path: lambda_handler(&scope.pkg, RELAY_MODULE),
    }
    .render()
    .expect("relay.py renders");
    vec![
        ("adapters/outbox.py".into(), outbox),
        (format!("handlers/{RELAY_MODULE}.py"), relay),
    ]
}

pub struct AggregateView {
    sample: String,
    repository: String,
    class: String,
    key_attr: String,
}

#[derive(Template)]
#[template(path = "python/tests/test_relay.py")]
struct TestRelayPy {
    header: &'static str,
    context: String,
    imports: String,
    event: String,
    event_class: String,
    detail: &'static str,
    aggregate: Option<AggregateView>,
}

/// `tests/test_relay.py`: a failed publish is delivered by the retry; a
/// failed transaction writes and publishes nothing.
pub fn test_relay_py(scope: &Scope) -> Option<String> {
    let event = *scope.published_events().first()?;
    let pkg = &scope.pkg;
    let event_class = scope.message_class(event.id).to_string();
    let mut imp = scope.imports();
    imp.module("json")
        .module("boto3")
        .module("pytest")
        .name("typing", "Any")
        .name("collections.abc", "Callable")
        .name("botocore.exceptions", "ClientError")
        .name(
            "aws_lambda_powertools.utilities.batch.types",
            "PartialItemFailureResponse",
        )
        .name(&format!("{pkg}.adapters"), "outbox")
        .name(&format!("{pkg}.adapters"), "publisher")
        .name(&format!("{pkg}.contracts"), "Envelope")
        .name(&format!("{pkg}.contracts"), &event_class);
    let aggregate = scope.stored_aggregates().first().map(|a| {
        let class = scope.type_class(a.id).to_string();
        imp.name(&format!("{pkg}.adapters"), "repository")
            .name(&format!("{pkg}.contracts"), &class);
        AggregateView {
            sample: scope
                .sample(&crate::model::TypeRef::Named(a.id), &a.name)
                .render(0),
            repository: super::adapters::repository_class(scope, a.id),
            key_attr: scope.attrs(&a.fields)[scope.key_index(a)].clone(),
            class,
        }
    });
    let eventbridge = scope.model.system.broker == crate::model::Broker::EventBridge;
    Some(
        TestRelayPy {
            header: OWNED_HEADER,
            context: scope.ctx.name.clone(),
            imports: imp.render(),
            event: scope.sample_fields(&event.fields, &[]).render(0),
            event_class,
            detail: if eventbridge { "[\"detail\"]" } else { "" },
            aggregate,
        }
        .render()
        .expect("test_relay.py renders"),
    )
}
