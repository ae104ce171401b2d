# {{ header }}
"""Fixtures of the {{ context }} tests: AWS in moto, and a Lambda context."""

{{ imports }}

TABLE = "{{ table }}"


class FakeLambdaContext(LambdaContext):
    """Just enough of a Lambda context for Powertools."""

    def __init__(self) -> None:
        self._function_name = "test"
        self._function_version = "$LATEST"
        self._invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:test"
        self._memory_limit_in_mb = 256
        self._aws_request_id = "00000000-0000-4000-8000-000000000000"
        self._log_group_name = "/aws/lambda/test"
        self._log_stream_name = "test"

    @staticmethod
    def get_remaining_time_in_millis() -> int:
        """Plenty of time left."""
        return 30_000


@pytest.fixture
def lambda_context() -> LambdaContext:
    """A Lambda context for the handlers."""
    return FakeLambdaContext()


@pytest.fixture
def cloud(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """moto with what {{ context }}'s functions use, and their environment.

    A probe queue receives every event the context publishes (key `probe`);
    the queues of the commands it sends are under their variable's name.
    """
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("POWERTOOLS_SERVICE_NAME", "{{ context }}")
    monkeypatch.setenv("POWERTOOLS_METRICS_NAMESPACE", "{{ namespace }}")
    monkeypatch.setenv("TABLE_NAME", TABLE)
    monkeypatch.setenv("EVENT_SOURCE", "{{ source }}")
    with mock_aws():
        aws.reset()
        boto3.client("dynamodb").create_table(
            TableName=TABLE,
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
{%- if publishes %}
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
{%- endif %}
        )
{%- for u in index_updates %}
        {{ u }}
{%- endfor %}
        sqs = boto3.client("sqs")
        probe = sqs.create_queue(QueueName="probe")["QueueUrl"]
        names = {"table": TABLE, "probe": probe}
{%- if publishes %}
        attributes = sqs.get_queue_attributes(QueueUrl=probe, AttributeNames=["QueueArn"])
        probe_arn = attributes["Attributes"]["QueueArn"]
{%- if eventbridge %}
        events = boto3.client("events")
        events.create_event_bus(Name="{{ bus }}")
        monkeypatch.setenv("EVENT_BUS_NAME", "{{ bus }}")
        events.put_rule(
            Name="probe",
            EventBusName="{{ bus }}",
            EventPattern=json.dumps({"source": ["{{ source }}"]}),
        )
        events.put_targets(
            Rule="probe",
            EventBusName="{{ bus }}",
            Targets=[{"Id": "probe", "Arn": probe_arn}],
        )
{%- else %}
        sns = boto3.client("sns")
        topic = sns.create_topic(Name="{{ topic }}")["TopicArn"]
        monkeypatch.setenv("EVENTS_TOPIC_ARN", topic)
        sns.subscribe(
            TopicArn=topic,
            Protocol="sqs",
            Endpoint=probe_arn,
            Attributes={"RawMessageDelivery": "true"},
        )
{%- endif %}
{%- endif %}
{%- for q in queues %}
        {{ q.create }}
        url = queue["QueueUrl"]
        monkeypatch.setenv("{{ q.env }}", url)
        names["{{ q.env }}"] = url
{%- endfor %}
        yield names
        aws.reset()
{%- if publishes %}


def outbox_records(table: str) -> list[dict[str, Any]]:
    """What the table's stream gives the relay now: an INSERT per outbox item
    not yet delivered (a delivered item is deleted), as in a Lambda event."""
    scan = boto3.client("dynamodb").scan(
        TableName=table,
        FilterExpression="begins_with(pk, :prefix)",
        ExpressionAttributeValues={":prefix": {"S": "outbox#"}},
    )
    items = sorted(scan.get("Items", []), key=lambda i: i["pk"]["S"])
    return [
        {
            "eventID": str(n),
            "eventName": "INSERT",
            "eventVersion": "1.1",
            "eventSource": "aws:dynamodb",
            "awsRegion": "us-east-1",
            "dynamodb": {
                "Keys": {"pk": item["pk"]},
                "NewImage": item,
                "SequenceNumber": str(100 + n),
                "SizeBytes": 1,
                "StreamViewType": "NEW_IMAGE",
            },
            "eventSourceARN": f"arn:aws:dynamodb:us-east-1:123456789012:table/{table}/stream/1",
        }
        for n, item in enumerate(items)
    ]


@pytest.fixture
def relay(
    cloud: dict[str, str],
    lambda_context: LambdaContext,
) -> Callable[[], PartialItemFailureResponse]:
    """Runs the outbox relay on what the table's stream holds for it."""

    def run() -> PartialItemFailureResponse:
        records = outbox_records(cloud["table"])
        if not records:
            return {"batchItemFailures": []}
        return {{ relay_module }}.handler({"Records": records}, lambda_context)

    return run
{%- endif %}


@pytest.fixture
def logged() -> Iterator[Callable[[], list[dict[str, Any]]]]:
    """The JSON lines the handlers log during the test (the Powertools Logger's stream)."""
    handler = observability.logger.registered_handler
    assert isinstance(handler, logging.StreamHandler)
    buffer = io.StringIO()
    previous = handler.setStream(buffer)

    def lines() -> list[dict[str, Any]]:
        return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]

    yield lines
    if previous is not None:
        handler.setStream(previous)


@pytest.fixture
def counted(
    capsys: pytest.CaptureFixture[str],
) -> Callable[[], list[tuple[str, str, str, float]]]:
    """The metrics the handlers publish during the test: (namespace, service, name, total).

    Powertools Metrics prints one CloudWatch EMF document per flush on stdout.
    """

    def metrics() -> list[tuple[str, str, str, float]]:
        found: list[tuple[str, str, str, float]] = []
        for line in capsys.readouterr().out.splitlines():
            try:
                document = json.loads(line)
            except ValueError:
                continue
            if not isinstance(document, dict) or "_aws" not in document:
                continue
            for directive in document["_aws"]["CloudWatchMetrics"]:
                for metric in directive["Metrics"]:
                    service = str(document.get("service", ""))
                    value = document[metric["Name"]]
                    total = float(sum(value) if isinstance(value, list) else value)
                    found.append((directive["Namespace"], service, metric["Name"], total))
        return found

    return metrics
