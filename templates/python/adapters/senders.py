# {{ header }}
"""Typed SQS senders for the commands the {{ context }} context sends (`sends`).

Each command goes to its owner's queue as JSON (by alias), with a
`command_type` message attribute and the sender's `correlation_id`.
"""

from __future__ import annotations

{{ imports }}
{%- for s in senders %}


def {{ s.func }}(command: {{ s.class }}) -> str:
    """Sends {{ s.path }} to its queue (`{{ s.env }}`); returns the message id."""
    response = aws.sqs().send_message(
        QueueUrl=os.environ["{{ s.env }}"],
        MessageBody=command.model_dump_json(by_alias=True),
        MessageAttributes={
            "command_type": {"DataType": "String", "StringValue": "{{ s.name }}"},
            "correlation_id": {"DataType": "String", "StringValue": observability.correlation_id()},
        },
    )
    return response["MessageId"]
{%- endfor %}
