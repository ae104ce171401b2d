# {{ header }}
"""HTTP API of the {{ context }} context: one Powertools route per `via http` operation.

Routes validate path, query and body against the contracts: bad input answers
422 with the details, an unknown aggregate 404. The work happens in
`application.service`; this module only translates HTTP.
"""

{{ imports }}

logger = Logger()
app = APIGatewayRestResolver(enable_validation=True)


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
app.exception_handler(exceptions.ServiceError)(_http_error)
app.exception_handler(Exception)(_failed)
{%- for r in routes %}


@app.{{ r.method }}("{{ r.route }}")
{{ r.signature }}
    {{ r.doc }}
{%- for line in r.body %}
    {{ line }}
{%- endfor %}
{%- endfor %}


def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Lambda entry point: `{{ handler_path }}`."""
    return app.resolve(event, context)
