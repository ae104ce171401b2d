"""Drives a running `dev.py` of a generated tree (tests/dev_server.rs).

`python drive.py TREE PORT` POSTs every command route that takes no path parameter
(a body built from its OpenAPI schema), reads what it created back through the GET
routes, waits for the events to reach every subscriber in `/_dev/deliveries`, sends
a poison message to one consumer's queue and waits for it in `/_dev/dlq` after its
`maxReceiveCount` attempts. Prints a JSON report; exits 1 when anything failed.
"""

from __future__ import annotations

import json
import re
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import yaml

TOKEN = {"Authorization": "Bearer dev-token", "Content-Type": "application/json"}


def request(base: str, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    """The status and JSON answer; a route only other contexts may call (SigV4)
    answers 401 to the token, so it is tried again with a SigV4 header."""
    data = None if body is None else json.dumps(body).encode()
    for auth in ("Bearer dev-token", "AWS4-HMAC-SHA256 Credential=dev/dev"):
        headers = {**TOKEN, "Authorization": auth}
        req = urllib.request.Request(base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=30) as answer:
                raw = answer.read()
                status = answer.status
        except urllib.error.HTTPError as error:
            raw, status = error.read(), error.code
        if status != 401:
            break
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, raw.decode(errors="replace")


def commands(tree: Path, plan: dict[str, Any]) -> Iterator[tuple[Any, str, str, Any, Any]]:
    """Every POST, PUT and PATCH operation of every OpenAPI document: its
    document, method, path, operation and valid path parameter values."""
    for context in plan["contexts"]:
        if not context["openapi"]:
            continue
        doc = yaml.safe_load((tree / context["openapi"]).read_text())
        make = Instances(doc)
        for path, item in doc["paths"].items():
            for method in ("post", "put", "patch"):
                op = item.get(method)
                if op is None:
                    continue
                values = {
                    p["name"]: make.make(p.get("schema", {}))
                    for p in op.get("parameters", [])
                    if p.get("in") == "path"
                }
                yield doc, method.upper(), path, op, values


def fill(path: str, values: dict[str, Any]) -> str:
    """A path with its parameters' values, URL-quoted."""
    for name, value in values.items():
        text = value if isinstance(value, str) else json.dumps(value)
        path = path.replace("{" + name + "}", urllib.request.quote(text, safe=""))
    return path


def raw(base: str, method: str, path: str, content_type: str) -> int:
    """The status of a request whose body is sent as `content_type`, with the
    token, or signed where the route takes only SigV4 (as `request`)."""
    status = 0
    for auth in ("Bearer dev-token", "AWS4-HMAC-SHA256 Credential=dev/dev"):
        headers = {"Authorization": auth, "Content-Type": content_type}
        req = urllib.request.Request(base + path, data=b'{"a": 1}', method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=30) as answer:
                status = int(answer.status)
        except urllib.error.HTTPError as error:
            status = error.code
        if status != 401:
            break
    return status


class Instances:
    """A valid instance of a JSON Schema of the generated documents."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.n = 0

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            node: Any = self.doc
            for part in schema["$ref"].lstrip("#/").split("/"):
                node = node[part]
            schema = node
        return schema

    def make(self, schema: dict[str, Any], depth: int = 0) -> Any:
        schema = self.resolve(schema)
        self.n += 1
        if "const" in schema:
            return schema["const"]
        if "enum" in schema:
            return schema["enum"][0]
        for key in ("anyOf", "oneOf", "allOf"):
            if key in schema:
                options = [o for o in schema[key] if self.resolve(o).get("type") != "null"]
                return self.make(options[0] if options else schema[key][0], depth)
        kind = schema.get("type", "object" if "properties" in schema else None)
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "null")
        fmt = schema.get("format")
        if kind == "string":
            if fmt == "uuid":
                return f"00000000-0000-4000-8000-{self.n:012d}"
            if fmt == "date":
                return "2026-01-02"
            if fmt == "date-time":
                return "2026-01-02T03:04:05Z"
            if fmt == "decimal":
                return "12.50"
            if schema.get("contentEncoding") == "base64":
                return "ZGV2"
            text = f"dev-{self.n}"
            low, high = schema.get("minLength", 0), schema.get("maxLength", 64)
            return (text * (1 + low // len(text)))[: max(low, min(len(text), high))]
        if kind == "integer":
            return max(int(schema.get("minimum", 1)), 1)
        if kind == "number":
            return max(float(schema.get("minimum", 1.5)), 1.5)
        if kind == "boolean":
            return True
        if kind == "array":
            return [self.make(schema.get("items", {}), depth + 1)] if depth < 3 else []
        if kind == "object":
            props = schema.get("properties", {})
            return {k: self.make(v, depth + 1) for k, v in props.items() if depth < 4}
        return "dev"


def main() -> int:
    tree, port = Path(sys.argv[1]), int(sys.argv[2])
    base = f"http://127.0.0.1:{port}"
    plan = json.loads((tree / "dev.json").read_text())
    report: dict[str, Any] = {
        "commands": 0,
        "commands_ok": 0,
        "problems": [],
        "readbacks": 0,
        "deliveries": 0,
    }
    problems: list[str] = report["problems"]
    for doc, method, path, op, values in commands(tree, plan):
        gets = [p for p, item in doc["paths"].items() if "get" in item]
        make = Instances(doc)
        url = fill(path, values)
        content = op.get("requestBody", {}).get("content", {})
        schema = content.get("application/json", {}).get("schema")
        body = make.make(schema) if schema else None
        status, answer = request(base, method, url, body)
        report["commands"] += 1
        # A new aggregate (no path parameter) is created; a change to one
        # that does not exist is its documented 404. A default body that
        # would have to invent a value answers its documented 501.
        allowed = ({404} if values else set()) | {501}
        if status == 501:
            report["not_implemented"] = report.get("not_implemented", 0) + 1
        if not (200 <= status < 300 or status in allowed):
            problems.append(f"{method} {url} answered {status}: {answer}")
            continue
        if status >= 300:
            continue
        report["commands_ok"] += 1
        if isinstance(answer, str | int) and not isinstance(answer, bool):
            for get in gets:
                names = re.findall(r"{([^}]+)}", get)
                if (
                    len(names) == 1
                    and request(base, "GET", fill(get, {names[0]: answer}))[0] == 200
                ):
                    report["readbacks"] += 1
    # A body that is not JSON is a 415, never a 500 (Schemathesis found both).
    for _, method, path, op, values in commands(tree, plan):
        if "requestBody" not in op:
            continue
        url = fill(path, values)
        for kind in ("text/plain", "multipart/form-data"):
            status = raw(base, method, url, kind)
            if status != 415:
                problems.append(f"{method} {url} as {kind}: {status}, not 415")
            report["media_checks"] = report.get("media_checks", 0) + 1
    # Every event that reached one subscriber reaches every subscriber of its type.
    subscribers: dict[str, set[str]] = {}
    by_queue = {
        f["queue"]: f"{c['name']}.{f['handler'].split('.')[-2]}"
        for c in plan["contexts"]
        for f in c["functions"]
        if f["queue"]
    }
    for s in plan["subscriptions"]:
        for event in s["filter"].get("event_type", []):
            subscribers.setdefault(event, set()).add(by_queue[s["queue"]])
    for r in plan["rules"]:
        for event in r["pattern"].get("detail-type", []):
            subscribers.setdefault(event, set()).add(by_queue[r["queue"]])
    deliveries = settle(base)
    report["deliveries"] = len(deliveries)
    seen: dict[tuple[str, str], set[str]] = {}
    for d in deliveries:
        if d["outcome"] == "ok":
            seen.setdefault((d["message_type"], d["message_id"]), set()).add(d["subscriber"])
    for (kind, ident), got in seen.items():
        missing = subscribers.get(kind, set()) - got
        if kind in subscribers and missing:
            problems.append(f"{kind} {ident} did not reach {sorted(missing)}")
    report["events"] = len([k for k in seen if k[0] in subscribers])
    report["poison"] = poison(base, plan, problems)
    print(json.dumps(report, indent=2))
    return 1 if problems else 0


def settle(base: str, quiet: float = 3.0, limit: float = 60.0) -> list[dict[str, Any]]:
    """The deliveries once none has been added for `quiet` seconds."""
    start = time.monotonic()
    last: list[dict[str, Any]] = []
    changed = time.monotonic()
    while time.monotonic() - start < limit:
        now = request(base, "GET", "/_dev/deliveries")[1]
        if len(now) != len(last):
            last, changed = now, time.monotonic()
        elif time.monotonic() - changed > quiet:
            break
        time.sleep(0.3)
    return last


def poison(base: str, plan: dict[str, Any], problems: list[str]) -> dict[str, Any] | None:
    """A message no consumer can read lands in its queue's DLQ after its retries."""
    consumers = [f for c in plan["contexts"] for f in c["functions"] if f["queue"]]
    if not consumers:
        return None
    queue = consumers[0]["queue"]
    spec = next(q for q in plan["queues"] if q["name"] == queue)
    info = request(base, "GET", "/_dev/info")[1]
    sqs = boto3.client(
        "sqs",
        endpoint_url=info["endpoint"],
        region_name="us-east-1",
        aws_access_key_id="dev",
        aws_secret_access_key="dev",
    )
    sent = sqs.send_message(QueueUrl=info["queues"][queue], MessageBody="poison")["MessageId"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        dlq = request(base, "GET", "/_dev/dlq")[1].get(spec["dlq"], [])
        if any(m["message_id"] == sent for m in dlq):
            attempts = [
                d
                for d in request(base, "GET", "/_dev/deliveries")[1]
                if d["message_id"] == sent and d["outcome"] != "ok"
            ]
            if len(attempts) != spec["max_receive"]:
                problems.append(
                    f"poison in {queue}: {len(attempts)} attempts, not {spec['max_receive']}"
                )
            return {"queue": queue, "dlq": spec["dlq"], "attempts": len(attempts)}
        time.sleep(0.3)
    problems.append(f"poison in {queue} never reached {spec['dlq']}")
    return {"queue": queue, "dlq": spec["dlq"], "attempts": None}


if __name__ == "__main__":
    sys.exit(main())
