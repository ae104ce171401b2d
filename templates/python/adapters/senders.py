# {{ header }}
"""Typed SQS senders for the commands the {{ context }} context sends (`sends`).

Each command goes to its owner's queue in a `CommandEnvelope` (JSON, the
command by alias in `data`) with a fresh `command_id`, which the consumer
runs once, a `command_type` message attribute and the sender's
`correlation_id`.
"""

from __future__ import annotations

{{ imports }}
{%- for s in senders %}


def {{ s.func }}(command: {{ s.class }}) -> str:
    """Sends {{ s.path }} to its queue (`{{ s.env }}`); returns the message id."""
    envelope = CommandEnvelope(
        command_id=str(uuid.uuid4()),
        command_type="{{ s.name }}",
        sent_at=datetime.now(UTC),
        data=command.model_dump(mode="json", by_alias=True),
    )
    response = aws.sqs().send_message(
        QueueUrl=os.environ["{{ s.env }}"],
        MessageBody=envelope.model_dump_json(),
        MessageAttributes={
            "command_type": {"DataType": "String", "StringValue": "{{ s.name }}"},
            "correlation_id": {"DataType": "String", "StringValue": observability.correlation_id()},
        },
    )
    return response["MessageId"]
{%- endfor %}
