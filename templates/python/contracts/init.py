# {{ header }}
"""Contracts of the {{ context }} context: pydantic v2 models of its types and messages."""

{{ imports }}

__all__ = [
{%- for n in names %}
    "{{ n }}",
{%- endfor %}
]
