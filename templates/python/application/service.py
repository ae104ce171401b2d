# {{ header }}
{{ doc }}

from .base import BaseService


class Service(BaseService):
    {{ class_doc }}{{ example }}
