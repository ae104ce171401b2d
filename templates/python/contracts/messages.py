# {{ header }}
"""Messages of the {{ context }} context: commands, queries and events.

Messages of other contexts that {{ context }} subscribes to, calls or sends are
copied here, with the types they carry (see `types.py`).
"""
{%- if !imports.is_empty() %}

{{ imports }}
{%- endif %}
{%- for m in messages %}


{% for c in m.comments -%}
#{% if !c.is_empty() %} {{ c }}{% endif %}
{% endfor -%}
class {{ m.name }}(ContractModel):
{%- if let Some(doc) = m.doc %}
    {{ doc }}
{%- if !m.fields.is_empty() %}
{% endif %}
{%- else if m.fields.is_empty() %}
    pass
{%- endif %}
{%- for f in m.fields %}
    {{ f }}
{%- endfor %}
{%- endfor %}
