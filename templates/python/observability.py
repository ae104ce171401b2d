# {{ header }}
"""Logs, traces, metrics and correlation of the {{ context }} context's handlers.

- `logger`: Powertools JSON logs with the Lambda context and a `correlation_id` key.
- `tracer`: X-Ray (Powertools Tracer); boto3 calls are traced as subsegments.
- `metrics`: CloudWatch metrics in EMF, namespace `POWERTOOLS_METRICS_NAMESPACE`
  (the system), dimension `service` (`POWERTOOLS_SERVICE_NAME`, the context). Each
  operation counts its completions under its own name (`counted`).

The correlation id names the whole chain a request started: it comes from the API
request (an `X-Correlation-Id` header, else API Gateway's request id) or from the
consumed message, and every event emitted while handling it carries it. The
causation id is the id of the message being handled: an event emitted while
consuming another has the consumed event's `event_id`.
"""

import functools
import os
import warnings
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar
from uuid import UUID, uuid4

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, ExceptionInfo, FailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

SERVICE = os.environ.get("POWERTOOLS_SERVICE_NAME", "{{ service }}")
NAMESPACE = os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "{{ namespace }}")
CORRELATION_HEADER = "x-correlation-id"
CORRELATION_ATTRIBUTE = "correlation_id"

logger = Logger(service=SERVICE)
tracer = Tracer(service=SERVICE, patch_modules=("botocore",))
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)
# A request or batch that completes no operation (bad input, a duplicate) has no
# business metric to publish; that is not worth a warning on every such call.
warnings.filterwarnings("ignore", "No application metrics to publish", UserWarning)

_correlation: ContextVar[str | None] = ContextVar("correlation_id", default=None)
_causation: ContextVar[str | None] = ContextVar("causation_id", default=None)

P = ParamSpec("P")
R = TypeVar("R")


def correlation_id() -> str:
    """The correlation id of what is being handled (a new chain outside a handler)."""
    current = _correlation.get()
    if current is None:
        current = str(uuid4())
        begin(current)
    return current


def causation_id() -> str | None:
    """The id of the message being handled; `None` for an API request."""
    return _causation.get()


def begin(correlation: str, causation: str | None = None) -> None:
    """Starts handling one request or message: its ids, and the logs' `correlation_id`."""
    _correlation.set(correlation)
    _causation.set(causation)
    logger.set_correlation_id(correlation)


def from_request(event: Mapping[str, Any]) -> None:
    """An API request: its `X-Correlation-Id` header, else API Gateway's request id."""
    headers: Mapping[str, Any] = event.get("headers") or {}
    given = next(
        (str(v) for k, v in headers.items() if k.lower() == CORRELATION_HEADER and v),
        None,
    )
    context: Mapping[str, Any] = event.get("requestContext") or {}
    begin(given or str(context.get("requestId") or uuid4()))


def from_record(record: SQSRecord) -> None:
    """An SQS record, before its body is read: its `correlation_id` attribute, else its id."""
    attribute = record.message_attributes[CORRELATION_ATTRIBUTE]
    given = attribute.string_value if attribute is not None else None
    begin(given or record.message_id, record.message_id)


def consumed(correlation: str, event_id: UUID) -> None:
    """A consumed event: its envelope's correlation id; the event is the cause."""
    begin(correlation, str(event_id))


def counted(name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Counts each completion of the decorated operation as metric `name`."""

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            result = fn(*args, **kwargs)
            metrics.add_metric(name=name, unit=MetricUnit.Count, value=1)
            return result

        return wrapper

    return decorate


class LoggedBatchProcessor(BatchProcessor):
    """Powertools' batch processor; logs each failing record with its id and the reason."""

    def failure_handler(self, record: Any, exception: ExceptionInfo) -> FailureResponse:
        """Logs the failure (message id, reason), then reports it as Powertools does."""
        logger.warning(
            "Record failed",
            extra={
                "message_id": getattr(record, "message_id", None),
                "reason": f"{getattr(exception[0], '__name__', exception[0])}: {exception[1]}",
            },
        )
        return super().failure_handler(record, exception)
