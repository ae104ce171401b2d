# {{ header }}
"""HTTP API of the {{ context }} context: one Powertools route per `via http` operation.

Routes validate path, query and body against the contracts: bad input answers
422 with the details, an unknown aggregate 404, an unknown path 404, a body
over the API's limit 413, an aggregate too large to store 422 naming its
field. Commands sent with an `Idempotency-Key` run once per key
(`adapters/idempotency.py`). A `DomainError` raised by the
service answers its 4xx. The work happens in `application.service` (class
`Service`); this module only translates HTTP.
"""

{{ imports }}

app = APIGatewayRestResolver(enable_validation=True)
service = Service()


def _json(status: int, body: str = "") -> Response[str]:
    """A JSON answer."""
    return Response(status_code=status, content_type="application/json", body=body)


def _invalid(error: RequestValidationError) -> Response[str]:
    """422: what did not validate, as pydantic reports it."""
    details = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in error.errors()
    ]
    message = {"message": "The request did not validate.", "details": details}
    return _json(422, json.dumps(message, default=str))


def _unsupported(error: Exception) -> Response[str]:
    """415: a body that is not JSON (nor a form), never a 500."""
    return _json(415, json.dumps({"message": "Send the body as application/json."}))


def _value_error(error: ValueError) -> Response[str]:
    """415 when Powertools could not parse a body that is not JSON (a multipart
    body without a boundary); any other ValueError is a bug: 500."""
    content_type = app.current_event.headers.get("content-type") or ""
    if content_type and not content_type.startswith("application/json"):
        return _unsupported(error)
    return _failed(error)


def _not_found(error: NotFoundError) -> Response[str]:
    """404: the aggregate does not exist."""
    return _json(404, json.dumps({"message": str(error)}))


def _too_large(error: limits.ItemTooLargeError) -> Response[str]:
    """422: the aggregate would exceed DynamoDB's item limit; names the largest field."""
    detail = {"loc": ["body", error.field], "msg": str(error), "type": "too_large"}
    message = {"message": "The request is too large to store.", "details": [detail]}
    return _json(422, json.dumps(message))


def _domain_error(error: DomainError) -> Response[str]:
    """A domain rule the request breaks: its 4xx, its code and message."""
    logger.info("Domain error", extra={"status": error.status, "code": error.code})
    return _json(error.status, json.dumps({"message": error.message, "code": error.code}))


def _not_implemented(error: NotImplementedError) -> Response[str]:
    """501: the operation's body is not written yet (a default body never invents data)."""
    return _json(501, json.dumps({"message": str(error) or "Not implemented."}))


def _http_error(error: exceptions.ServiceError) -> Response[str]:
    """An HTTP error Powertools raised (no route matches: 404)."""
    return _json(error.status_code, json.dumps({"message": error.msg}))


def _failed(error: Exception) -> Response[str]:
    """500: a bug or an outage, never bad input."""
    logger.exception("Unhandled error")
    return _json(500, json.dumps({"message": "Internal error."}))


app.exception_handler(RequestValidationError)(_invalid)
app.exception_handler(RequestUnsupportedContentType)(_unsupported)
app.exception_handler(ValueError)(_value_error)
app.exception_handler(NotFoundError)(_not_found)
app.exception_handler(limits.ItemTooLargeError)(_too_large)
app.exception_handler(DomainError)(_domain_error)
app.exception_handler(NotImplementedError)(_not_implemented)
app.exception_handler(exceptions.ServiceError)(_http_error)
app.exception_handler(Exception)(_failed)
app.use(middlewares=[idempotency.http_once])
{%- for r in routes %}


@app.{{ r.method }}("{{ r.route }}")
@counted("{{ r.metric }}")
{{ r.signature }}
    {{ r.doc }}
{%- for line in r.body %}
    {{ line }}
{%- endfor %}
{%- endfor %}


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Lambda entry point: `{{ handler_path }}`."""
    deadline.start(context)
    observability.from_request(event)
    if limits.body_too_large(event.get("body")):
        message = f"The request body must be under {limits.MAX_BODY_BYTES} bytes."
        return {
            "statusCode": 413,
            "headers": {"Content-Type": "application/json"},
            "body": json.dumps({"message": message}),
            "isBase64Encoded": False,
        }
    return app.resolve(event, context)
