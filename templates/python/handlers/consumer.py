# {{ header }}
{{ doc }}

{{ imports }}

EVENT_TYPE = {{ event_type }}

processor = LoggedBatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)
service = Service()
idempotency = IdempotencyConfig(event_key_jmespath="event_id")


@counted("{{ metric }}")
def consume(envelope: Envelope, event: {{ event_class }}) -> None:
    """Handles one event; runs at most once per `event_id`."""
    service.{{ service_fn }}(event, envelope)


def record_handler(record: SQSRecord) -> None:
    """Validates one record and consumes it; raising makes it a batch item failure."""
    observability.from_record(record)
    envelope = {{ parse_envelope }}
    observability.consumed(envelope.correlation_id, envelope.event_id)
    if envelope.event_type != EVENT_TYPE:
        raise ValueError(f"Unexpected event type {envelope.event_type!r}")
    event = {{ event_class }}.model_validate(envelope.data)
    persistence = DynamoDBPersistenceLayer(
        table_name=os.environ["TABLE_NAME"],
        key_attr="pk",
        boto3_client=aws.dynamodb(),
    )
    once = idempotent_function(
        data_keyword_argument="envelope",
        persistence_store=persistence,
        config=idempotency,
    )(consume)
    once(envelope=envelope, event=event)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    """Lambda entry point: `{{ handler_path }}`."""
    deadline.start(context)
    idempotency.register_lambda_context(context)
    return process_partial_response(
        event=event,
        record_handler=record_handler,
        processor=processor,
        context=context,
    )
