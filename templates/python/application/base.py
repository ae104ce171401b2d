# {{ header }}
{{ doc }}
{%- if !imports.is_empty() %}

{{ imports }}
{%- endif %}
{%- if has_logger %}

logger = Logger()
{%- endif %}


class BaseService:
    {{ class_doc }}
{%- for f in functions %}

    {{ f.signature }}
        {{ f.doc }}
{%- for line in f.body %}
        {{ line }}
{%- endfor %}
{%- endfor %}
