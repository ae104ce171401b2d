# {{ header }}
"""Flow tests: one per subscription in the model, through moto's {{ broker }}.

Each publishes an event with the publishing context's own publisher, lets
{{ route_doc }} deliver it to the subscriber's queue, and runs the subscriber's
consumer on what arrived, plus one poison record that must come back as a
batch item failure.
"""

{{ imports }}
{%- for c in constants %}

{{ c }}
{%- endfor %}


def use(
    monkeypatch: pytest.MonkeyPatch,
    system: dict[str, dict[str, str]],
    package: str,
) -> None:
    """Sets the environment of one context's functions."""
    for name, value in system[package].items():
        monkeypatch.setenv(name, value)


def receive(url: str) -> list[dict[str, Any]]:
    """What is on a queue, as the records of a Lambda SQS event."""
    sqs = boto3.client("sqs")
    answer = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)
    return [
        {
            "messageId": m["MessageId"],
            "receiptHandle": m["ReceiptHandle"],
            "body": m["Body"],
            "attributes": {"ApproximateReceiveCount": "1"},
            "messageAttributes": {},
            "md5OfBody": m["MD5OfBody"],
            "eventSource": "aws:sqs",
            "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:flow",
            "awsRegion": "us-east-1",
        }
        for m in answer.get("Messages", [])
    ]


def relay(
    handler: Callable[[dict[str, Any], LambdaContext], PartialItemFailureResponse],
    table: str,
    lambda_context: LambdaContext,
) -> None:
    """Runs a publisher's outbox relay on what its table's stream gives it: an
    INSERT per outbox item not yet delivered, as in a Lambda event."""
    scan = boto3.client("dynamodb").scan(
        TableName=table,
        FilterExpression="begins_with(pk, :prefix)",
        ExpressionAttributeValues={":prefix": {"S": "outbox#"}},
    )
    records = [
        {
            "eventID": str(n),
            "eventName": "INSERT",
            "eventSource": "aws:dynamodb",
            "dynamodb": {
                "Keys": {"pk": item["pk"]},
                "NewImage": item,
                "SequenceNumber": str(100 + n),
                "StreamViewType": "NEW_IMAGE",
            },
        }
        for n, item in enumerate(scan.get("Items", []))
    ]
    assert records, f"nothing in the outbox of {table}"
    response = handler({"Records": records}, lambda_context)
    assert response["batchItemFailures"] == []


def decoy(system: dict[str, dict[str, str]], package: str) -> None:
    """Publishes an event type no subscription asked for; the filters drop it."""
    env = system[package]
{%- if eventbridge %}
    boto3.client("events").put_events(
        Entries=[
            {
                "EventBusName": env["EVENT_BUS_NAME"],
                "Source": env["EVENT_SOURCE"],
                "DetailType": "Decoy",
                "Detail": json.dumps({"event_type": "Decoy"}),
            },
        ],
    )
{%- else %}
    boto3.client("sns").publish(
        TopicArn=env["EVENTS_TOPIC_ARN"],
        Message=json.dumps({"event_type": "Decoy"}),
        MessageAttributes={"event_type": {"DataType": "String", "StringValue": "Decoy"}},
    )
{%- endif %}


POISON: dict[str, Any] = {
    "messageId": "poison",
    "receiptHandle": "poison",
    "body": "not json",
    "attributes": {"ApproximateReceiveCount": "1"},
    "messageAttributes": {},
    "md5OfBody": "",
    "eventSource": "aws:sqs",
    "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:flow",
    "awsRegion": "us-east-1",
}
{%- for t in tests %}


{{ t.signature }}
    {{ t.doc }}
{%- for line in t.body %}
    {{ line }}
{%- endfor %}
{%- endfor %}
