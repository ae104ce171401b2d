# {{ header }}
"""Unit tests of the {{ context }} application service: yours to grow.

ddgen wrote this file once and never overwrites it. The generated wiring
tests sit next to it; put the tests of your domain decisions here.
"""
{%- if !imports.is_empty() %}

{{ imports }}
{%- endif %}
{%- for c in constants %}

{{ c }}
{%- endfor %}
{%- for t in tests %}


{{ t.signature }}
    {{ t.doc }}
{%- for line in t.body %}
    {{ line }}
{%- endfor %}
{%- endfor %}
