# {{ header }}
"""Errors the application raises and the handlers translate."""


class NotFoundError(Exception):
    """No aggregate with that key: the API answers 404, a consumer retries."""

    def __init__(self, kind: str, key: object) -> None:
        super().__init__(f"{kind} {key} not found")
        self.kind = kind
        self.key = key
