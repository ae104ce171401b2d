{%- if !r.indexes.is_empty() %}

    def _index_keys(self, {{ r.var }}: {{ r.aggregate_class }}) -> dict[str, AttributeValueTypeDef]:
        """The top-level attributes the {{ r.aggregate }} indexes are keyed on.

        A key field without a value leaves its attribute out, so that the
        {{ r.aggregate }} is not in that (sparse) index.
        """
        keys: dict[str, AttributeValueTypeDef] = {}
{%- for i in r.indexes %}
{%- for k in i.keys %}
{%- if k.optional %}
        if {{ r.var }}.{{ k.attr }} is not None:
            keys["{{ k.attribute }}"] = {"{{ k.kind }}": _key({{ r.var }}.{{ k.attr }})}
{%- else %}
        keys["{{ k.attribute }}"] = {"{{ k.kind }}": _key({{ r.var }}.{{ k.attr }})}
{%- endif %}
{%- endfor %}
{%- endfor %}
        return keys
{%- for i in r.indexes %}

    def {{ i.method }}(
        self,
        {{ i.param }}: {{ i.param_type }},
        *,
        descending: bool = False,
        limit: int | None = None,
    ) -> list[{{ r.aggregate_class }}]:
        """The {{ r.aggregate }} aggregates whose `{{ i.partition_wire }}` is this one{{ i.order_doc }}.

        Reads the index `{{ i.gsi }}` page by page until every match (or
        `limit` of them) is read; `descending` reverses the order.
        """
        found: list[{{ r.aggregate_class }}] = []
        key = {"{{ i.partition_kind }}": _key({{ i.param }})}
        request: dict[str, Any] = {
            "TableName": self._table,
            "IndexName": "{{ i.gsi }}",
            "KeyConditionExpression": "#key = :key",
            "ExpressionAttributeNames": {"#key": "{{ i.partition_attribute }}"},
            "ExpressionAttributeValues": {":key": key},
            "ScanIndexForward": not descending,
        }
        while True:
            response = aws.dynamodb().query(**request)
            for item in response.get("Items", []):
                found.append({{ r.aggregate_class }}.model_validate_json(item["data"]["S"]))
                if limit is not None and len(found) >= limit:
                    return found
            last = response.get("LastEvaluatedKey")
            if not last:
                return found
            request["ExclusiveStartKey"] = last
{%- endfor %}
{%- endif %}
