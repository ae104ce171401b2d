# {{ header }}
"""The limits the {{ context }} context enforces itself, so that bad input is 4xx.

- A request body of {{ max_body }} bytes or more answers 413 (the WAF in front
  of the entry point refuses such a `Content-Length` too; API Gateway's own
  limit is 10 MB, Lambda's 6 MB).
- An item that would exceed DynamoDB's 400 KB item limit is refused before
  the write with `ItemTooLargeError`, naming the largest field: the API
  answers 422.
"""

from __future__ import annotations

{{ imports }}

MAX_BODY_BYTES = {{ max_body }}
MAX_ITEM_BYTES = 400 * 1024


class ItemTooLargeError(Exception):
    """An item over DynamoDB's limit; `field` is its largest field."""

    def __init__(self, kind: str, field: str, size: int) -> None:
        super().__init__(
            f"{kind} is too large to store ({size} bytes, at most {MAX_ITEM_BYTES}): "
            f"`{field}` is the largest field"
        )
        self.kind = kind
        self.field = field
        self.size = size


def body_too_large(body: str | None) -> bool:
    """Whether a request body is over the API's limit."""
    return body is not None and len(body.encode()) >= MAX_BODY_BYTES


def check_item(kind: str, pk: str, value: BaseModel) -> None:
    """Raises `ItemTooLargeError` if the item (`pk`, `kind`, `data`) would not fit.

    DynamoDB counts attribute names and values in UTF-8; the error names the
    field that weighs most.
    """
    data = value.model_dump_json(by_alias=True)
    size = sum(len(s.encode()) for s in ("pk", pk, "kind", kind, "data", data))
    if size <= MAX_ITEM_BYTES:
        return
    fields = value.model_dump(mode="json", by_alias=True)
    weights = {name: len(json.dumps(v).encode()) for name, v in fields.items()}
    field = max(weights, key=lambda name: weights[name]) if weights else kind
    raise ItemTooLargeError(kind, field, size)
