# {{ header }}
{{ doc }}
