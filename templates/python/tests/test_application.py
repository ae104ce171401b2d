# {{ header }}
"""Unit tests of the {{ context }} application service: yours to grow.

ddgen wrote this file once and never overwrites it. The generated wiring
tests sit next to it; put the tests of your domain decisions (your overrides
in `application/service.py`) here. Build messages with `contracts.examples`
(ddgen keeps them valid as the model changes) and adjust what you test.
"""
{%- if !imports.is_empty() %}

{{ imports }}
{%- endif %}
{%- for t in tests %}


{{ t.signature }}
    {{ t.doc }}
{%- for line in t.body %}
    {{ line }}
{%- endfor %}
{%- endfor %}
