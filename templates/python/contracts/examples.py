# {{ header }}
"""A valid example of every message of the {{ context }} context, from the model.

Tests build their messages here, so that they keep passing when a message
gains a field: ddgen rewrites this module with the model.
"""
{%- if !imports.is_empty() %}

{{ imports }}
{%- endif %}
{%- for e in examples %}

{{ e.constant }}: dict[str, Any] = {{ e.value }}
{%- endfor %}
{%- for e in examples %}


def {{ e.name }}() -> {{ e.class }}:
    """A valid {{ e.class }}."""
    return {{ e.class }}.model_validate({{ e.constant }})
{%- endfor %}
