# {{ header }}
"""Wiring tests of `{{ module_path }}` against moto.

The consumer takes {{ command }} commands, each in its `CommandEnvelope`, from
their queue: good records are handled once per `command_id`, poison records
become batch item failures.
"""

{{ imports }}
{%- for c in constants %}

{{ c }}
{%- endfor %}

COMMAND_ID = "00000000-0000-4000-8000-00000000c001"
OTHER_ID = "00000000-0000-4000-8000-00000000c002"


def envelope(command_id: str = COMMAND_ID) -> str:
    """`COMMAND` in its envelope, as a sender sends it."""
    return json.dumps(
        {
            "command_id": command_id,
            "command_type": "{{ command }}",
            "sent_at": "2024-05-01T12:00:00Z",
            "data": COMMAND,
        },
    )


def sqs_event(*bodies: str) -> dict[str, Any]:
    """An SQS event with one record per body; message ids m0, m1, ..."""
    return {
        "Records": [
            {
                "messageId": f"m{i}",
                "receiptHandle": f"handle-{i}",
                "body": body,
                "attributes": {"ApproximateReceiveCount": "1"},
                "messageAttributes": {
                    "command_type": {"stringValue": "{{ command }}", "dataType": "String"},
                },
                "md5OfBody": "",
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:{{ queue }}",
                "awsRegion": "us-east-1",
            }
            for i, body in enumerate(bodies)
        ],
    }


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> list[{{ command_class }}]:
    """The commands the service function received (it still runs)."""
    calls: list[{{ command_class }}] = []
    original = {{ service }}.{{ service_fn }}

    def spy(command: {{ command_class }}) -> None:
        calls.append(command)
        original(command)

    monkeypatch.setattr({{ service }}, "{{ service_fn }}", spy)
    return calls


{{ sig_handles }}
{%- if implemented %}
    """A valid command reaches the service function."""
{%- else %}
    """A valid command reaches the service function, whose default body is not
    written yet (it raises NotImplementedError): the record fails, nothing is lost."""
{%- endif %}
{%- for line in seed %}
    {{ line }}
{%- endfor %}
    {{ call_one }}
{%- if implemented %}
    assert response["batchItemFailures"] == []
{%- else %}
    assert response["batchItemFailures"] == [{"itemIdentifier": "m0"}]
{%- endif %}
    assert seen == [{{ command_class }}.model_validate(COMMAND)]


{{ sig_poison }}
    """A record that does not validate fails alone."""
    {{ call_poison }}
    assert response["batchItemFailures"] == [{"itemIdentifier": "m0"}]
    assert seen == []

{%- if implemented %}


{{ sig_twice }}
    """The same `command_id` delivered twice runs once; another id runs again."""
{%- for line in seed %}
    {{ line }}
{%- endfor %}
    {{ call_again }}
    assert response["batchItemFailures"] == []
    assert seen == [{{ command_class }}.model_validate(COMMAND)]
    {{ call_one }}
    assert response["batchItemFailures"] == []
    assert len(seen) == 1
    {{ call_other }}
    assert response["batchItemFailures"] == []
    assert len(seen) == 2
{%- if let Some(s) = scheduled %}


{{ s.signature }}
    """The message its schedule (`{{ s.expression }}`) sends is a command the consumer handles."""
{%- for line in seed %}
    {{ line }}
{%- endfor %}
    {{ s.call }}
    assert response["batchItemFailures"] == []
    assert seen == [{{ command_class }}.model_validate({})]
{%- endif %}
{%- endif %}


@pytest.fixture
def handling(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str | None]]:
    """The correlation and causation ids while the service function ran (it still runs)."""
    calls: list[tuple[str, str | None]] = []
    original = {{ service }}.{{ service_fn }}

    def spy(command: {{ command_class }}) -> None:
        calls.append((observability.correlation_id(), observability.causation_id()))
        original(command)

    monkeypatch.setattr({{ service }}, "{{ service_fn }}", spy)
    return calls


{%- if implemented %}


{{ sig_observed }}
    """The command runs under its sender's correlation id, is counted, and a poison record is logged."""
{%- for line in seed %}
    {{ line }}
{%- endfor %}
    event = sqs_event(envelope(), "not json")
    attribute = {"stringValue": "correlation-1", "dataType": "String"}
    event["Records"][0]["messageAttributes"]["correlation_id"] = attribute
    {{ call_observed }}
    assert response["batchItemFailures"] == [{"itemIdentifier": "m1"}]
    assert handling == [("correlation-1", "m0")]
    assert counted() == [("{{ namespace }}", "{{ metric_service }}", "{{ metric }}", 1.0)]
    failed = [line for line in logged() if line.get("message_id") == "m1"]
    assert failed, logged()
    assert failed[0]["correlation_id"] == "m1"
    assert failed[0]["reason"].startswith("ValidationError")
{%- endif %}
