# {{ header }}
"""AWS clients, created once per Lambda container and reused.

Tests that start moto call `reset()`, so that the clients are created again
inside the mock.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import boto3

if TYPE_CHECKING:
{%- for c in clients %}
    from {{ c.stubs }} import {{ c.class }}
{%- endfor %}
{%- for c in clients %}


@functools.cache
def {{ c.name }}() -> {{ c.class }}:
    """The {{ c.title }} client."""
    return boto3.client("{{ c.service }}")
{%- endfor %}


def reset() -> None:
    """Forgets the clients; the next call creates them again."""
{%- for c in clients %}
    {{ c.name }}.cache_clear()
{%- endfor %}
