# {{ header }}
"""Consumes the {{ command }} command from its queue.

Each record's body is a `CommandEnvelope` with the command in `data`; each
`command_id` runs once (`adapters/idempotency.py`), however often SQS delivers
it. A record that does not validate, or whose handling fails, is reported in
`batchItemFailures` and retried until it lands in the dead-letter queue.
"""

{{ imports }}

COMMAND_TYPE = "{{ command }}"

processor = LoggedBatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)
service = Service()


@counted("{{ metric }}")
def record_handler(record: SQSRecord) -> None:
    """Validates one record and handles its command once; raising makes it a batch item failure."""
    observability.from_record(record)
    envelope = CommandEnvelope.model_validate_json(record.body)
    if envelope.command_type != COMMAND_TYPE:
        raise ValueError(f"Unexpected command type {envelope.command_type!r}")
    command = {{ command_class }}.model_validate(envelope.data)
    idempotency.command_once(envelope, lambda: service.{{ service_fn }}(command))


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    """Lambda entry point: `{{ handler_path }}`."""
    deadline.start(context)
    idempotency.command_config.register_lambda_context(context)
    return process_partial_response(
        event=event,
        record_handler=record_handler,
        processor=processor,
        context=context,
    )
