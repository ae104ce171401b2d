# {{ header }}
"""Wiring tests of the {{ context }} HTTP API against moto: every route, good and bad input.

Good input answers 2xx (or 404 where the default body has nothing to read by);
bad input answers 4xx with a JSON message, never 5xx.
"""

{{ imports }}
{%- for c in constants %}

{{ c }}
{%- endfor %}


def http_event(
    method: str,
    path: str,
    body: str | None = None,
    query: dict[str, list[str]] | None = None,
    caller: str = "token",
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """An API Gateway REST proxy event, as the gateway passes it once it has let the caller in.

    `caller`: "token" (a user pool token: the authorizer's claims), "sigv4" (another
    context's function role, IAM authorization: its identity) or "anonymous" (a public route).
    """
    multi = query or {}
    given = {"Content-Type": "application/json", **(headers or {})}
    identity: dict[str, Any] = {"sourceIp": "192.0.2.10", "userAgent": "pytest"}
    context: dict[str, Any] = {
        "stage": "v1",
        "requestId": "test",
        "httpMethod": method,
        "path": path,
        "resourcePath": path,
        "identity": identity,
    }
    if caller == "token":
        given["Authorization"] = "Bearer dev-token"
        context["authorizer"] = {"claims": {"sub": "3f1c0c7e-user", "token_use": "id"}}
    elif caller == "sigv4":
        given["Authorization"] = (
            "AWS4-HMAC-SHA256 Credential=ASIATESTING/20260101/eu-west-1/execute-api/aws4_request"
        )
        identity["accessKey"] = "ASIATESTING"
        identity["accountId"] = "123456789012"
        identity["caller"] = "AROATESTING:caller-function"
        identity["userArn"] = "arn:aws:sts::123456789012:assumed-role/CallerRole/caller-function"
    return {
        "httpMethod": method,
        "path": path,
        "resource": path,
        "headers": given,
        "multiValueHeaders": {k: [v] for k, v in given.items()},
        "queryStringParameters": {k: v[-1] for k, v in multi.items()} or None,
        "multiValueQueryStringParameters": multi or None,
        "pathParameters": None,
        "body": body,
        "isBase64Encoded": False,
        "requestContext": context,
    }


{% if publishes -%}
def published(cloud: dict[str, str], relay: Callable[[], PartialItemFailureResponse]) -> list[str]:
    """The types of the events the outbox relay delivered to the probe queue, sorted."""
    assert relay()["batchItemFailures"] == []
{%- else -%}
def published(cloud: dict[str, str]) -> list[str]:
    """The types of the events that reached the probe queue, sorted."""
{%- endif %}
    sqs = boto3.client("sqs")
    answer = sqs.receive_message(QueueUrl=cloud["probe"], MaxNumberOfMessages=10)
    bodies = [json.loads(m["Body"]) for m in answer.get("Messages", [])]
    return sorted({{ event_type_expr }} for b in bodies)


def test_unknown_route(cloud: dict[str, str], lambda_context: LambdaContext) -> None:
    """A path no route matches answers 404."""
    response = api.handler(http_event("GET", "/no/such/route"), lambda_context)
    assert response["statusCode"] == 404
{%- for t in tests %}


{{ t.signature }}
    {{ t.doc }}
{%- for line in t.body %}
    {{ line }}
{%- endfor %}
{%- endfor %}
