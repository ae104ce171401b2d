# {{ header }}
"""DynamoDB repositories of the {{ context }} context, one per aggregate.

Every aggregate is one item of the context's table (`TABLE_NAME`): `pk` is
`<Aggregate>#<key>`, `kind` the aggregate's name and `data` its JSON (by
alias), so that reading it back gives exactly the model that was saved.
"""

from __future__ import annotations

{{ imports }}
{%- if publishes || has_indexes %}

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import AttributeValueTypeDef
{%- endif %}
{%- if has_indexes %}


def _key(value: object) -> str:
    """An index key as DynamoDB stores it: the value's JSON form, as text."""
    return str(to_jsonable_python(value))
{%- endif %}
{%- for r in repositories %}


class {{ r.class }}:
    """{{ r.aggregate }} aggregates, by `{{ r.key_wire }}`."""

    def __init__(self, table_name: str | None = None) -> None:
        self._table = table_name or os.environ["TABLE_NAME"]

    def get(self, key: {{ r.key_type }}) -> {{ r.aggregate_class }} | None:
        """The {{ r.aggregate }} with this key, or None."""
        response = aws.dynamodb().get_item(
            TableName=self._table,
            Key={"pk": {"S": f"{{ r.aggregate }}#{key}"}},
            ConsistentRead=True,
        )
        item = response.get("Item")
        if item is None:
            return None
        return {{ r.aggregate_class }}.model_validate_json(item["data"]["S"])

{%- if publishes %}

    def save(
        self,
        {{ r.var }}: {{ r.aggregate_class }},
        events: Sequence[PublishedEvent] = (),
    ) -> list[Envelope]:
        """Stores the {{ r.aggregate }}, replacing the one with the same key, and writes
        `events` to the outbox in the same transaction; returns their envelopes.
        """
        limits.check_item("{{ r.aggregate }}", {{ r.pk_expr }}, {{ r.var }})
        item: dict[str, AttributeValueTypeDef] = {
            "pk": {"S": {{ r.pk_expr }}},
            "kind": {"S": "{{ r.aggregate }}"},
            "data": {"S": {{ r.var }}.model_dump_json(by_alias=True)},
{%- if !r.indexes.is_empty() %}
            **self._index_keys({{ r.var }}),
{%- endif %}
        }
        if not events:
            aws.dynamodb().put_item(TableName=self._table, Item=item)
            return []
        messages = [publisher.envelope(e) for e in events]
        aws.dynamodb().transact_write_items(
            TransactItems=[
                {"Put": {"TableName": self._table, "Item": item}},
                *(outbox.put(m, self._table) for m in messages),
            ],
        )
        return messages
{%- else %}

    def save(self, {{ r.var }}: {{ r.aggregate_class }}) -> None:
        """Stores the {{ r.aggregate }}, replacing the one with the same key."""
        limits.check_item("{{ r.aggregate }}", {{ r.pk_expr }}, {{ r.var }})
        aws.dynamodb().put_item(
            TableName=self._table,
            Item={
                "pk": {"S": {{ r.pk_expr }}},
                "kind": {"S": "{{ r.aggregate }}"},
                "data": {"S": {{ r.var }}.model_dump_json(by_alias=True)},
{%- if !r.indexes.is_empty() %}
                **self._index_keys({{ r.var }}),
{%- endif %}
            },
        )
{%- endif %}

    def delete(self, key: {{ r.key_type }}) -> None:
        """Removes the {{ r.aggregate }} with this key, if there is one."""
        aws.dynamodb().delete_item(
            TableName=self._table,
            Key={"pk": {"S": f"{{ r.aggregate }}#{key}"}},
        )
{%- include "python/adapters/repository_indexes.py" %}
{%- endfor %}
