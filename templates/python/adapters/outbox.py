# {{ header }}
"""The transactional outbox of the {{ context }} context.

No code publishes an event itself: an event is written, in its envelope
(stamped here, so its `event_id` is fixed once), as the item
`outbox#<event_id>` of the context's table, in the same DynamoDB transaction
as the aggregate it comes with (`repository.<Aggregate>Repository().save(
aggregate, events=(...))`), or on its own with `emit(...)`. When the
transaction fails, no event exists. The relay (`handlers/relay.py`), fed by
the table's stream, publishes each item and then deletes it; a failed publish
is retried until it is delivered.
"""

from __future__ import annotations

{{ imports }}

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import AttributeValueTypeDef, TransactWriteItemTypeDef

PREFIX = "outbox#"


def item(message: Envelope) -> dict[str, AttributeValueTypeDef]:
    """The outbox item of one envelope."""
    return {
        "pk": {"S": f"{PREFIX}{message.event_id}"},
        "kind": {"S": "outbox"},
        "data": {"S": message.model_dump_json()},
    }


def put(message: Envelope, table: str) -> TransactWriteItemTypeDef:
    """The transaction step that writes one envelope to the outbox."""
    return {
        "Put": {
            "TableName": table,
            "Item": item(message),
            "ConditionExpression": "attribute_not_exists(pk)",
        },
    }


def emit(*events: PublishedEvent, table_name: str | None = None) -> list[Envelope]:
    """Writes events to the outbox in one transaction; returns their envelopes.

    For bodies that emit without an aggregate write; with one, pass the events
    to the repository's `save` instead, so both commit together.
    """
    messages = [publisher.envelope(e) for e in events]
    if messages:
        table = table_name or os.environ["TABLE_NAME"]
        aws.dynamodb().transact_write_items(TransactItems=[put(m, table) for m in messages])
    return messages
