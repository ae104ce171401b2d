# {{ header }}
"""Wiring tests of `{{ module_path }}` against moto.

The consumer takes {{ event_path }} from the context's queue: good records are
handled once per `event_id`, poison records become batch item failures.
"""

{{ imports }}

{{ sample }}
{%- if let Some(e) = emitted %}

{{ e.sample }}
{%- endif %}

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


@pytest.fixture
def handling(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str | None]]:
    """{{ handling_doc }}"""
    calls: list[tuple[str, str | None]] = []
    original = {{ service }}.{{ service_fn }}

    def spy(event: {{ event_class }}, envelope: Envelope) -> None:
{%- if let Some(e) = emitted %}
        stamped = publisher.envelope({{ e.class }}.model_validate({{ e.constant }}))
        calls.append((stamped.correlation_id, stamped.causation_id))
{%- else %}
        calls.append((observability.correlation_id(), observability.causation_id()))
{%- endif %}
        original(event, envelope)

    monkeypatch.setattr({{ service }}, "{{ service_fn }}", spy)
    return calls


def with_correlation(body: str, correlation_id: str) -> str:
    """The SQS body with a correlation id in its envelope."""
    value = json.loads(body)
{%- if eventbridge %}
    value["detail"]["correlation_id"] = correlation_id
{%- else %}
    value["correlation_id"] = correlation_id
{%- endif %}
    return json.dumps(value)


def test_correlated_counted_and_failures_logged(
    cloud: dict[str, str],
    lambda_context: LambdaContext,
    handling: list[tuple[str, str | None]],
    logged: Callable[[], list[dict[str, Any]]],
    counted: Callable[[], list[tuple[str, str, str, float]]],
) -> None:
    """Each event is handled under its envelope's correlation id and caused by its event_id.

    An envelope without a correlation id (an older publisher) starts its own chain;
    each event handled is counted; a poison record is logged with its id and reason.
    """
    bodies = (with_correlation(message(), "correlation-1"), "not json", message(OTHER_ID))
    {{ call_correlated }}
    assert response["batchItemFailures"] == [{"itemIdentifier": "m1"}]
    assert handling == [("correlation-1", EVENT_ID), (OTHER_ID, OTHER_ID)]
    assert counted() == [("{{ namespace }}", "{{ metric_service }}", "{{ metric }}", 2.0)]
    failed = [line for line in logged() if line.get("message_id") == "m1"]
    assert failed, logged()
    assert failed[0]["correlation_id"] == "m1"
    assert failed[0]["reason"].startswith("ValidationError")
    assert all("function_request_id" in line for line in logged())
