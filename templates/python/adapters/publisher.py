# {{ header }}
"""Publishes the {{ context }} context's events, each in the system's envelope.

{{ doc }}
"""

from __future__ import annotations

{{ imports }}

{{ union }}

EVENT_TYPES: dict[type[PublishedEvent], str] = {
{%- for e in events %}
    {{ e.class }}: "{{ e.name }}",
{%- endfor %}
}


def envelope(event: PublishedEvent) -> Envelope:
    """The envelope of an event: a new id, the current time, the handling's correlation."""
    return Envelope(
        event_id=uuid4(),
        event_type=EVENT_TYPES[type(event)],
        source=os.environ["EVENT_SOURCE"],
        version=1,
        occurred_at=datetime.now(UTC),
        correlation_id=observability.correlation_id(),
        causation_id=observability.causation_id(),
        data=event.model_dump(mode="json", by_alias=True),
    )


def publish(message: Envelope) -> Envelope:
    """Publishes one envelope as it was stamped; returns it.

    Only the outbox relay (`handlers/relay.py`) calls this: bodies emit through
    `outbox.emit` or a repository's `save(..., events=...)`.
    """
{%- if eventbridge %}
    response = aws.events().put_events(
        Entries=[
            {
                "EventBusName": os.environ["EVENT_BUS_NAME"],
                "Source": message.source,
                "DetailType": message.event_type,
                "Detail": message.model_dump_json(),
            },
        ],
    )
    if response.get("FailedEntryCount", 0):
        raise RuntimeError(f"EventBridge refused {message.event_type}: {response['Entries']}")
{%- else %}
    aws.sns().publish(
        TopicArn=os.environ["EVENTS_TOPIC_ARN"],
        Message=message.model_dump_json(),
        MessageAttributes={
            "event_type": {"DataType": "String", "StringValue": message.event_type},
        },
    )
{%- endif %}
    return message
