# {{ header }}
"""Wiring tests of `{{ module_path }}` against moto.

The consumer takes {{ event_path }} from the context's queue: good records are
handled once per `event_id`, poison records become batch item failures.
"""

{{ imports }}

{{ sample }}

EVENT_ID = "{{ event_id }}"
OTHER_ID = "{{ other_id }}"


def message(event_id: str = EVENT_ID, event_type: str = "{{ event_name }}") -> str:
    """The SQS body that carries EVENT, as the subscription delivers it."""
    envelope = {
        "event_id": event_id,
        "event_type": event_type,
        "source": "{{ source }}",
        "version": 1,
        "occurred_at": "2024-05-01T12:00:00Z",
        "data": EVENT,
    }
{%- if eventbridge %}
    bridge_event = {
        "version": "0",
        "id": event_id,
        "detail-type": event_type,
        "source": "{{ source }}",
        "account": "123456789012",
        "time": "2024-05-01T12:00:00Z",
        "region": "us-east-1",
        "resources": [],
        "detail": envelope,
    }
    return json.dumps(bridge_event)
{%- else %}
    return json.dumps(envelope)
{%- endif %}


def sqs_event(*bodies: str) -> dict[str, Any]:
    """An SQS event with one record per body; message ids m0, m1, ..."""
    return {
        "Records": [
            {
                "messageId": f"m{i}",
                "receiptHandle": f"handle-{i}",
                "body": body,
                "attributes": {"ApproximateReceiveCount": "1"},
                "messageAttributes": {},
                "md5OfBody": "",
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:{{ queue }}",
                "awsRegion": "us-east-1",
            }
            for i, body in enumerate(bodies)
        ],
    }


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> list[{{ event_class }}]:
    """The events the service function received (it still runs)."""
    calls: list[{{ event_class }}] = []
    original = {{ service }}.{{ service_fn }}

    def spy(event: {{ event_class }}, envelope: Envelope) -> None:
        calls.append(event)
        original(event, envelope)

    monkeypatch.setattr({{ service }}, "{{ service_fn }}", spy)
    return calls


{{ sig_consumes }}
    """A valid event reaches the service function."""
    {{ call_one }}
    assert response["batchItemFailures"] == []
    assert seen == [{{ event_class }}.model_validate(EVENT)]


{{ sig_once }}
    """The same event_id twice is handled once (idempotency on the table)."""
    {{ call_twice }}
    assert response["batchItemFailures"] == []
    assert len(seen) == 1


{{ sig_poison }}
    """Records that do not validate fail alone; the rest of the batch is handled."""
    bodies = ("not json", message(), message(OTHER_ID, "NotThisEvent"))
    {{ call_bodies }}
    failures = [f["itemIdentifier"] for f in response["batchItemFailures"]]
    assert failures == ["m0", "m2"]
    assert len(seen) == 1


{{ sig_domain }}
    """A DomainError from the service fails the record: retried, then kept in the DLQ."""
    reason = "Refused by a domain rule."

    def refuse(*args: object) -> None:
        raise DomainError(409, "refused", reason)

    monkeypatch.setattr({{ service }}, "{{ service_fn }}", refuse)
    {{ call_one }}
    assert response["batchItemFailures"] == [{"itemIdentifier": "m0"}]
