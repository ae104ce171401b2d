# {{ header }}
"""Behaviour of the {{ context }} outbox and its relay, against moto.

An event is committed with the write it comes with or not at all, and
reaches the broker only through the relay, which retries until it is
delivered.
"""

{{ imports }}

EVENT: dict[str, Any] = {{ event }}
{%- if let Some(a) = aggregate %}

AGGREGATE: dict[str, Any] = {{ a.sample }}
{%- endif %}


def delivered(cloud: dict[str, str]) -> list[str]:
    """The `event_id`s that reached the probe queue."""
    sqs = boto3.client("sqs")
    answer = sqs.receive_message(QueueUrl=cloud["probe"], MaxNumberOfMessages=10)
    bodies = [json.loads(m["Body"]){{ detail }} for m in answer.get("Messages", [])]
    return [b["event_id"] for b in bodies]


def pending(cloud: dict[str, str]) -> int:
    """How many outbox items wait for the relay."""
    scan = boto3.client("dynamodb").scan(
        TableName=cloud["table"],
        FilterExpression="begins_with(pk, :prefix)",
        ExpressionAttributeValues={":prefix": {"S": "outbox#"}},
    )
    return len(scan.get("Items", []))


def test_a_failed_publish_is_delivered_by_a_retry(
    cloud: dict[str, str],
    relay: Callable[[], PartialItemFailureResponse],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The broker fails after the transaction: the record fails, the item stays; the retry delivers it."""
    [sent] = outbox.emit({{ event_class }}.model_validate(EVENT))

    def unavailable(message: Envelope) -> Envelope:
        raise RuntimeError("broker unavailable")

    with monkeypatch.context() as patch:
        patch.setattr(publisher, "publish", unavailable)
        assert len(relay()["batchItemFailures"]) == 1
    assert delivered(cloud) == []
    assert pending(cloud) == 1
    assert relay()["batchItemFailures"] == []
    assert delivered(cloud) == [str(sent.event_id)]
    assert pending(cloud) == 0


def test_a_failed_transaction_writes_and_publishes_nothing(
    cloud: dict[str, str],
    relay: Callable[[], PartialItemFailureResponse],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A transaction that fails (its outbox item collides) leaves no write and no event."""
    event = {{ event_class }}.model_validate(EVENT)
    fixed = publisher.envelope(event)
    monkeypatch.setattr(publisher, "envelope", lambda _: fixed)
    outbox.emit(event)
{%- if let Some(a) = aggregate %}
    repo = repository.{{ a.repository }}()
    with pytest.raises(ClientError):
        repo.save({{ a.class }}.model_validate(AGGREGATE), events=(event,))
    assert repo.get({{ a.class }}.model_validate(AGGREGATE).{{ a.key_attr }}) is None
{%- else %}
    with pytest.raises(ClientError):
        outbox.emit(event)
{%- endif %}
    assert pending(cloud) == 1
    assert relay()["batchItemFailures"] == []
    assert delivered(cloud) == [str(fixed.event_id)]
