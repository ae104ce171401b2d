# {{ header }}
"""The outbox relay of the {{ context }} context: the only code that publishes.

Fed by the DynamoDB stream of the context's table; the event source mapping
passes only INSERTs of `outbox#` items (and this handler skips anything
else). Each item's envelope is published exactly as it was stamped in the
transaction, so a retry that publishes it twice keeps its `event_id` and the
consumers' idempotency drops the copy; then the item is deleted. A failed
publish is a batch item failure: Lambda retries from that record until it is
delivered, and past the stream's retention reports it to the relay's
dead-letter queue (the item stays in the table).
"""

{{ imports }}

processor = BatchProcessor(event_type=EventType.DynamoDBStreams, raise_on_entire_batch_failure=False)


def record_handler(record: DynamoDBRecord) -> None:
    """Publishes one outbox item and deletes it; raising makes it a batch item failure."""
    if record.event_name != DynamoDBRecordEventName.INSERT or record.dynamodb is None:
        return
    image = record.dynamodb.new_image
    key = str(image.get("pk", ""))
    if not key.startswith(outbox.PREFIX):
        return
    message = Envelope.model_validate_json(str(image["data"]))
    publisher.publish(message)
    aws.dynamodb().delete_item(TableName=os.environ["TABLE_NAME"], Key={"pk": {"S": key}})


def handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    """Lambda entry point: `{{ handler_path }}`."""
    return process_partial_response(
        event=event,
        record_handler=record_handler,
        processor=processor,
        context=context,
    )
