# {{ header }}
"""The envelope every event of {{ system }} travels in.

Published as JSON: on SNS as the message (raw delivery makes it the SQS body);
on EventBridge as the event's `detail`, with `source` and `detail-type` set.
"""

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field, JsonValue


class Envelope(BaseModel):
    """One published event: who, what and when, and the event itself in `data`."""

    event_id: UUID
    event_type: str
    source: str
    version: int = 1
    occurred_at: datetime
    data: dict[str, JsonValue]


class CommandEnvelope(BaseModel):
    """One queue command: its id (each runs once), its type, and the command in `data`.

    Senders give each command a fresh UUID; a schedule gives each run
    `<Command>@<scheduled time>`, so every delivery of one run is one command.
    """

    command_id: str = Field(min_length=1)
    command_type: str
    sent_at: datetime
    correlation_id: str | None = None
    data: dict[str, JsonValue]
{%- if eventbridge %}


class BridgeEvent(BaseModel):
    """An EventBridge event as SQS delivers it: the envelope is its `detail`."""

    detail: Envelope
{%- endif %}
