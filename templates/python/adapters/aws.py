# {{ header }}
"""AWS clients, created once per Lambda container and reused.

Every client has explicit timeouts and retries sized to the function's
{{ function_timeout }} s timeout (`CONFIG`): {{ attempts }} attempts of at most {{ connect }} s to connect
and {{ read }} s to read fit inside it. Tests that start moto call `reset()`, so that
the clients are created again inside the mock.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import boto3
from botocore.config import Config

if TYPE_CHECKING:
{%- for c in clients %}
    from {{ c.stubs }} import {{ c.class }}
{%- endfor %}

CONFIG = Config(
    connect_timeout={{ connect }},
    read_timeout={{ read }},
    retries={"total_max_attempts": {{ attempts }}, "mode": "standard"},
)
{%- for c in clients %}


@functools.cache
def {{ c.name }}() -> {{ c.class }}:
    """The {{ c.title }} client."""
    return boto3.client("{{ c.service }}", config=CONFIG)
{%- endfor %}


def reset() -> None:
    """Forgets the clients; the next call creates them again."""
{%- for c in clients %}
    {{ c.name }}.cache_clear()
{%- endfor %}
