# {{ header }}
"""Errors the application raises and the handlers translate."""


class NotFoundError(Exception):
    """No aggregate with that key: the API answers 404, a consumer retries."""

    def __init__(self, kind: str, key: object) -> None:
        super().__init__(f"{kind} {key} not found")
        self.kind = kind
        self.key = key


class DomainError(Exception):
    """A domain rule the request breaks: the API answers `status` (a 4xx) with
    `{"message": ..., "code": ...}`; a queue consumer fails the record (it is
    retried, then kept in the dead-letter queue).

    Raise it from `application/service.py`, e.g.
    `raise DomainError(409, "order-shipped", "A shipped order cannot be cancelled.")`.
    """

    def __init__(self, status: int, code: str, message: str) -> None:
        if not 400 <= status <= 499:
            raise ValueError(f"DomainError needs a 4xx status, not {status}")
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
