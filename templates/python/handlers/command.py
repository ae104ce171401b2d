# {{ header }}
"""Consumes the {{ command }} command from its queue.

Each record's body is the command's JSON. A record that does not validate, or
whose handling fails, is reported in `batchItemFailures` and retried until it
lands in the dead-letter queue.
"""

{{ imports }}

processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)
service = Service()


def record_handler(record: SQSRecord) -> None:
    """Validates one record and handles it; raising makes it a batch item failure."""
    command = {{ command_class }}.model_validate_json(record.body)
    service.{{ service_fn }}(command)


def handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    """Lambda entry point: `{{ handler_path }}`."""
    return process_partial_response(
        event=event,
        record_handler=record_handler,
        processor=processor,
        context=context,
    )
