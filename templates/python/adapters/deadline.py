# {{ header }}
"""How long the running Lambda invocation has left.

Handlers call `start(context)` first; HTTP clients then size their timeouts
and retries to what is left (`remaining()`), keeping `MARGIN` seconds to
answer. Outside Lambda (tests, scripts) nothing is started and there is no
deadline.
"""

from __future__ import annotations

{{ imports }}

MARGIN = 0.5

_remaining: ContextVar[Callable[[], int] | None] = ContextVar("remaining", default=None)


def start(context: LambdaContext) -> None:
    """Takes the invocation's remaining time from its Lambda context."""
    _remaining.set(context.get_remaining_time_in_millis)


def remaining() -> float | None:
    """Seconds left before `MARGIN` runs out, or None without a deadline."""
    left = _remaining.get()
    if left is None:
        return None
    return left() / 1000 - MARGIN
