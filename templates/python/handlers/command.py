# {{ header }}
"""Consumes the {{ command }} command from its queue.

Each record's body is the command's JSON. A record that does not validate, or
whose handling fails, is reported in `batchItemFailures` and retried until it
lands in the dead-letter queue.
"""

{{ imports }}

processor = LoggedBatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


@counted("{{ metric }}")
def record_handler(record: SQSRecord) -> None:
    """Validates one record and handles it; raising makes it a batch item failure."""
    observability.from_record(record)
    command = {{ command_class }}.model_validate_json(record.body)
    service.{{ service_fn }}(command)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    """Lambda entry point: `{{ handler_path }}`."""
    return process_partial_response(
        event=event,
        record_handler=record_handler,
        processor=processor,
        context=context,
    )
