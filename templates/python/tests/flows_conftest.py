# {{ header }}
"""Fixtures of the flow tests: the whole system's messaging in moto.

Every context gets its table; {{ broker_doc }}
"""

{{ imports }}


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


def reset_clients() -> None:
    """Makes every context create its AWS clients again."""
{%- for p in packages %}
    {{ p }}.adapters.aws.reset()
{%- endfor %}


def queue_arn(sqs: SQSClient, url: str) -> str:
    """The ARN of a queue."""
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
    return attributes["Attributes"]["QueueArn"]


@pytest.fixture
def system(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, dict[str, str]]]:
    """The messaging of the whole system in moto.

    Returns each context's environment (by package) and, under `queues`, each
    subscription's queue URL (by `<subscriber package>.<handler module>`).
    """
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with mock_aws():
        reset_clients()
        dynamodb = boto3.client("dynamodb")
{%- if !subscriptions.is_empty() %}
        sqs = boto3.client("sqs")
{%- endif %}
{%- if eventbridge %}
        events = boto3.client("events")
        events.create_event_bus(Name="{{ bus }}")
{%- else if publishes %}
        sns = boto3.client("sns")
{%- endif %}
        out: dict[str, dict[str, str]] = {"queues": {}}
{%- for c in contexts %}
        dynamodb.create_table(
            TableName="{{ c.table }}",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        out["{{ c.package }}"] = {
            "POWERTOOLS_SERVICE_NAME": "{{ c.name }}",
            "TABLE_NAME": "{{ c.table }}",
            "EVENT_SOURCE": "{{ c.source }}",
{%- if eventbridge %}
            "EVENT_BUS_NAME": "{{ bus }}",
{%- endif %}
        }
{%- if !eventbridge && c.publishes %}
        topic = sns.create_topic(Name="{{ c.topic }}")["TopicArn"]
        out["{{ c.package }}"]["EVENTS_TOPIC_ARN"] = topic
{%- endif %}
{%- endfor %}
{%- for s in subscriptions %}
        {{ s.create }}
        url = queue["QueueUrl"]
        out["queues"]["{{ s.key }}"] = url
{%- if eventbridge %}
        pattern = {
            "source": ["{{ s.source }}"],
            "detail-type": ["{{ s.event }}"],
        }
        events.put_rule(
            Name="{{ s.queue }}",
            EventBusName="{{ bus }}",
            EventPattern=json.dumps(pattern),
        )
        events.put_targets(
            Rule="{{ s.queue }}",
            EventBusName="{{ bus }}",
            Targets=[{"Id": "queue", "Arn": queue_arn(sqs, url)}],
        )
{%- else %}
        sns.subscribe(
            TopicArn=out["{{ s.publisher }}"]["EVENTS_TOPIC_ARN"],
            Protocol="sqs",
            Endpoint=queue_arn(sqs, url),
            Attributes={
                "RawMessageDelivery": "true",
                "FilterPolicy": json.dumps({"event_type": ["{{ s.event }}"]}),
                "FilterPolicyScope": "MessageAttributes",
            },
        )
{%- endif %}
{%- endfor %}
        yield out
        reset_clients()
