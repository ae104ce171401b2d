# {{ header }}
"""Idempotency of the {{ context }} context's commands (Powertools idempotency).

Records live in the context's table (`TABLE_NAME`), each under its own `pk`
prefix and removed by the table's TTL (`expiration`):
{%- if http %}

- HTTP commands honour an `Idempotency-Key` header: the first successful
  answer is stored under `idem#http#<operation>#<hash of the key>` and replayed
  for the same key for {{ http_window_text }}, without running the command again. The same key
  with another request answers 422; while the first request still runs, 409.
  Failed requests (4xx, 5xx) are not remembered: the client may retry them.
{%- endif %}
{%- if commands %}

- Queue commands travel in a `CommandEnvelope`; each `command_id` runs once
  within {{ command_window_text }} (`idem#cmd#<hash of the id>`), however often SQS
  delivers it. A failed run is forgotten, so its retry runs again.
{%- endif %}
"""

from __future__ import annotations

{{ imports }}
{%- if http %}

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
COMMAND_METHODS = frozenset({"DELETE", "PATCH", "POST", "PUT"})
HTTP_WINDOW_SECONDS = {{ http_window }}

http_config = IdempotencyConfig(
    event_key_jmespath="key",
    payload_validation_jmespath="request",
    expires_after_seconds=HTTP_WINDOW_SECONDS,
)
{%- endif %}
{%- if commands %}

COMMAND_WINDOW_SECONDS = {{ command_window }}

command_config = IdempotencyConfig(
    event_key_jmespath="command_id",
    expires_after_seconds=COMMAND_WINDOW_SECONDS,
)
{%- endif %}


def persistence() -> DynamoDBPersistenceLayer:
    """The context's table as Powertools' persistence layer."""
    return DynamoDBPersistenceLayer(
        table_name=os.environ["TABLE_NAME"],
        key_attr="pk",
        boto3_client=aws.dynamodb(),
    )
{%- if http %}


def _answer(status: int, message: str) -> Response[str]:
    """A JSON error answer."""
    body = json.dumps({"message": message})
    return Response(status_code=status, content_type="application/json", body=body)


def http_once(app: APIGatewayRestResolver, next_middleware: NextMiddleware) -> Response[Any]:
    """Middleware: a command sent with an `Idempotency-Key` runs once per key.

    Queries (GET, HEAD, OPTIONS) and requests without the header pass through.
    """
    event = app.current_event
    key = event.headers.get(HEADER)
    if key is None or event.http_method not in COMMAND_METHODS:
        return next_middleware(app)
    if not 0 < len(key) <= MAX_KEY_LENGTH:
        return _answer(400, f"{HEADER} must have 1 to {MAX_KEY_LENGTH} characters.")
    route = app.context.get("_route")
    operation = route.func.__name__ if route is not None else event.resource
    request = {
        "method": event.http_method,
        "path": event.path,
        "query": event.multi_value_query_string_parameters,
        "body": event.body,
    }

    def run(call: dict[str, Any]) -> dict[str, Any]:
        response = next_middleware(app)
        return {
            "status": response.status_code,
            "content_type": response.content_type,
            "body": response.body,
        }

    http_config.register_lambda_context(app.lambda_context)
    once = idempotent_function(
        data_keyword_argument="call",
        persistence_store=persistence(),
        config=http_config,
        key_prefix=f"idem#http#{operation}",
    )(run)
    try:
        saved: dict[str, Any] = once(call={"key": key, "request": request})
    except IdempotencyValidationError:
        return _answer(422, f"This {HEADER} was used with a different request.")
    except IdempotencyAlreadyInProgressError:
        return _answer(409, f"A request with this {HEADER} is still running.")
    return Response(
        status_code=saved["status"],
        content_type=saved["content_type"],
        body=saved["body"],
    )
{%- endif %}
{%- if commands %}


def command_once(envelope: CommandEnvelope, run: Callable[[], object]) -> None:
    """Runs `run` unless the envelope's `command_id` already ran."""

    def once(envelope: dict[str, str]) -> None:
        run()

    idempotent_function(
        data_keyword_argument="envelope",
        persistence_store=persistence(),
        config=command_config,
        key_prefix="idem#cmd",
    )(once)(envelope={"command_id": str(envelope.command_id)})
{%- endif %}
