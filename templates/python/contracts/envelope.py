# {{ header }}
"""The envelope every event of {{ system }} travels in.

Published as JSON: on SNS as the message (raw delivery makes it the SQS body);
on EventBridge as the event's `detail`, with `source` and `detail-type` set.

`correlation_id` names the chain of messages a request started and is carried
from a consumed event to every event emitted while handling it; `causation_id`
is the `event_id` of that consumed event (`None` when a request or command
caused it). A message without a correlation id (from an older publisher) is its
own chain: its correlation id is its `event_id`.
"""

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field, JsonValue, model_validator


class Envelope(BaseModel):
    """One published event: who, what and when, and the event itself in `data`."""

    event_id: UUID
    event_type: str
    source: str
    version: int = 1
    occurred_at: datetime
    correlation_id: str
    causation_id: str | None = None
    data: dict[str, JsonValue]

    @model_validator(mode="before")
    @classmethod
    def _own_chain(cls, value: Any) -> Any:
        """An envelope without a correlation id starts its own chain."""
        if isinstance(value, dict) and not value.get("correlation_id"):
            return {**value, "correlation_id": str(value.get("event_id", ""))}
        return value


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
