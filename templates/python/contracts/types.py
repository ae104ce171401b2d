# {{ header }}
"""Types of the {{ context }} context: ids, enums, values, entities and aggregates.

Types of other contexts that {{ context }} uses are copied here (a published
language is copied, not imported), so that this package stands alone.
"""

{{ imports }}


class ContractModel(BaseModel):
    """Base of every contract: wire names as aliases, bytes as base64 in JSON."""

    model_config = ConfigDict(
        populate_by_name=True,
        ser_json_bytes="base64",
        val_json_bytes="base64",
    )
{%- for t in types %}


{% for c in t.comments -%}
#{% if !c.is_empty() %} {{ c }}{% endif %}
{% endfor -%}
{% if t.kind == "id" -%}
{{ t.name }} = NewType("{{ t.name }}", {{ t.base }})
{%- else if t.kind == "enum" -%}
class {{ t.name }}(StrEnum):
{%- if let Some(doc) = t.doc %}
    {{ doc }}
{% endif %}
{%- for m in t.members %}
{%- for c in m.comments %}
    #{% if !c.is_empty() %} {{ c }}{% endif %}
{%- endfor %}
    {{ m.name }} = {{ m.value }}
{%- endfor %}
{%- else -%}
class {{ t.name }}(ContractModel):
{%- if let Some(doc) = t.doc %}
    {{ doc }}
{%- if !t.fields.is_empty() %}
{% endif %}
{%- else if t.fields.is_empty() %}
    pass
{%- endif %}
{%- for f in t.fields %}
    {{ f }}
{%- endfor %}
{%- endif %}
{%- endfor %}
{%- if !rebuild.is_empty() %}

{% for r in rebuild %}
{{ r }}.model_rebuild()
{%- endfor %}
{%- endif %}
