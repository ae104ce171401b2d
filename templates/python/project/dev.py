"""The whole system on this machine: `python dev.py [--port 8000]`.

Starts moto in server mode in this process (no Docker, no network), creates what
`dev.json` lists (the tables, topics or the bus, every queue with its dead-letter
queue and `maxReceiveCount`, every subscription with its filter or rule, as the SAM
templates declare them) and serves every context's `via http` routes on
http://127.0.0.1:PORT, with the paths of the OpenAPI documents (no stage prefix).
Each request becomes the API Gateway proxy event the Lambda handler receives.
Events and queue commands reach their consumers in batches, as Lambda's SQS event
source delivers them: partial batch failures are retried and a message that fails
`retries` times moves to the dead-letter queue. `calls` between contexts go over
HTTP to this server. When a context has an outbox relay (`handlers/relay.py`), its
table's stream is read and handed to the relay as Lambda would.

`GET /_dev/deliveries`: every delivery so far; `GET /_dev/dlq`: what each
dead-letter queue holds; `GET /_dev/info`: moto's endpoint and the queue URLs. Operations that require credentials in their OpenAPI
`security` accept `Authorization: Bearer dev-token` (and any SigV4 header for a
SigV4 scheme). A port in use exits with code 2.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import datetime
import importlib
import json
import logging
import os
import re
import signal
import socket
import sys
import threading
import time
import traceback
import urllib.parse
import uuid
from collections.abc import Callable, Iterator, MutableMapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
REGION = "us-east-1"
ACCOUNT = "123456789012"
DEV_TOKEN = "dev-token"
STREAM_ATTEMPTS = 3
HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
Handler = Callable[[dict[str, Any], Any], Any]


class ThreadEnviron(MutableMapping[str, str]):
    """`os.environ` with a per-thread overlay: each invocation sees its function's
    environment, as in Lambda, while other threads run other functions."""

    def __init__(self, base: MutableMapping[str, str]) -> None:
        self._base = base
        self._local = threading.local()

    def _overlay(self) -> dict[str, str] | None:
        overlay: dict[str, str] | None = getattr(self._local, "env", None)
        return overlay

    @contextlib.contextmanager
    def use(self, env: dict[str, str]) -> Iterator[None]:
        """Runs the block with `env` over the process's environment."""
        previous = self._overlay()
        self._local.env = dict(env)
        try:
            yield
        finally:
            self._local.env = previous

    def __getitem__(self, key: str) -> str:
        overlay = self._overlay()
        if overlay is not None and key in overlay:
            return overlay[key]
        return self._base[key]

    def __setitem__(self, key: str, value: str) -> None:
        overlay = self._overlay()
        if overlay is not None:
            overlay[key] = value
        else:
            self._base[key] = value

    def __delitem__(self, key: str) -> None:
        overlay = self._overlay()
        if overlay is not None and key in overlay:
            del overlay[key]
        else:
            del self._base[key]

    def __iter__(self) -> Iterator[str]:
        overlay = self._overlay() or {}
        yield from overlay
        yield from (k for k in self._base if k not in overlay)

    def __len__(self) -> int:
        return len(set(self._base) | set(self._overlay() or {}))

    def copy(self) -> dict[str, str]:
        """A plain copy (what `os.environ.copy()` gives)."""
        return dict(self.items())


ENV = ThreadEnviron(os.environ)


class FakeContext:
    """The parts of a Lambda context the handlers use."""

    def __init__(self, name: str) -> None:
        self.function_name = name
        self.function_version = "$LATEST"
        self.invoked_function_arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"
        self.memory_limit_in_mb = 256
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{name}"
        self.log_stream_name = "dev"

    @staticmethod
    def get_remaining_time_in_millis() -> int:
        """Plenty of time left."""
        return 30_000


class Function:
    """One Lambda function of the templates: its handler and environment."""

    def __init__(self, context: dict[str, Any], spec: dict[str, Any]) -> None:
        self.context = str(context["name"])
        self.id = str(spec["id"])
        module, _, attribute = str(spec["handler"]).rpartition(".")
        self.module = module
        self.attribute = attribute
        self.short = f"{self.context}.{module.rsplit('.', 1)[-1]}"
        self.spec = spec
        self.env: dict[str, str] = {}
        self.lock = threading.Lock()  # one instance per function, like reserved concurrency 1
        self.handler: Handler | None = None

    def load(self) -> None:
        """Imports the handler with the function's environment."""
        with ENV.use(self.env):
            self.handler = getattr(importlib.import_module(self.module), self.attribute)

    def invoke(self, event: dict[str, Any]) -> Any:
        """Calls the handler as Lambda would."""
        assert self.handler is not None
        with self.lock, ENV.use(self.env):
            return self.handler(event, FakeContext(self.id))


class Route:
    """A `via http` route: its method, path pattern and what guards it."""

    def __init__(self, function: Function, spec: dict[str, Any], security: Any) -> None:
        self.function = function
        self.method = str(spec["method"])
        self.path = str(spec["path"])
        self.required = [str(r) for r in spec.get("required", [])]
        self.security = security
        names = re.findall(r"{([^}/]+)}", self.path)
        pattern = re.escape(self.path)
        for name in names:
            pattern = pattern.replace(re.escape("{" + name + "}"), f"(?P<{_group(name)}>[^/]+)")
        self.names = names
        self.regex = re.compile(f"^{pattern}$")

    def match(self, path: str) -> dict[str, str] | None:
        """The path parameters when `path` is this route's."""
        found = self.regex.match(path)
        if found is None:
            return None
        return {name: found.group(_group(name)) for name in self.names}


def _group(name: str) -> str:
    return "p_" + "".join(c if c.isalnum() else "_" for c in name) + f"_{abs(hash(name))}"


def _json(status: int, body: Any) -> tuple[int, dict[str, str], bytes]:
    return status, {"Content-Type": "application/json"}, json.dumps(body).encode()


class DevSystem:
    """Everything `dev.json` declares, running in moto."""

    def __init__(self, plan: dict[str, Any], port: int, endpoint: str) -> None:
        import boto3

        self.plan = plan
        self.port = port
        self.endpoint = endpoint
        self.stop = threading.Event()
        self.deliveries: list[dict[str, Any]] = []
        self.deliveries_lock = threading.Lock()
        self.sqs = boto3.client("sqs")
        self.sns = boto3.client("sns")
        self.events = boto3.client("events")
        self.dynamodb = boto3.client("dynamodb")
        self.streams = boto3.client("dynamodbstreams")
        self.queue_urls: dict[str, str] = {}
        self.topic_arns: dict[str, str] = {}
        self.dlqs: dict[str, str] = {}
        self.max_receive: dict[str, int] = {}
        self.functions: list[Function] = []
        self.routes: list[Route] = []
        self.threads: list[threading.Thread] = []

    # -- resources -----------------------------------------------------------

    def queue_arn(self, name: str) -> str:
        return f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"

    def create(self) -> None:
        """The tables, topics or bus, queues, DLQs, subscriptions and rules."""
        for context in self.plan["contexts"]:
            # The table's secondary indexes too, as its template declares them.
            attributes = {"pk": "S"}
            indexes: list[Any] = []
            for index in context.get("indexes", []):
                keys = [str(name) for name, _ in index["keys"]]
                attributes.update({str(name): str(kind) for name, kind in index["keys"]})
                schema = [{"AttributeName": keys[0], "KeyType": "HASH"}]
                schema += [{"AttributeName": k, "KeyType": "RANGE"} for k in keys[1:]]
                projection = {"ProjectionType": "ALL"}
                indexes.append(
                    {"IndexName": index["name"], "KeySchema": schema, "Projection": projection}
                )
            definitions: Any = [
                {"AttributeName": a, "AttributeType": t} for a, t in attributes.items()
            ]
            extra: dict[str, Any] = {"GlobalSecondaryIndexes": indexes} if indexes else {}
            self.dynamodb.create_table(
                TableName=context["table"],
                KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                AttributeDefinitions=definitions,
                BillingMode="PAY_PER_REQUEST",
                StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
                **extra,
            )
        for topic in self.plan["topics"]:
            self.topic_arns[topic] = self.sns.create_topic(Name=topic)["TopicArn"]
        if self.plan["bus"]:
            self.events.create_event_bus(Name=self.plan["bus"])
        for queue in self.plan["queues"]:
            dlq = self.sqs.create_queue(QueueName=queue["dlq"])["QueueUrl"]
            redrive = {"deadLetterTargetArn": self.queue_arn(queue["dlq"])}
            redrive["maxReceiveCount"] = str(queue["max_receive"])
            url = self.sqs.create_queue(
                QueueName=queue["name"],
                Attributes={
                    "VisibilityTimeout": str(queue["visibility"]),
                    "RedrivePolicy": json.dumps(redrive),
                },
            )["QueueUrl"]
            self.queue_urls[queue["name"]] = url
            self.queue_urls[queue["dlq"]] = dlq
            self.dlqs[queue["name"]] = queue["dlq"]
            self.max_receive[queue["name"]] = int(queue["max_receive"])
        for s in self.plan["subscriptions"]:
            self.sns.subscribe(
                TopicArn=self.topic_arns[s["topic"]],
                Protocol="sqs",
                Endpoint=self.queue_arn(s["queue"]),
                Attributes={
                    "RawMessageDelivery": "true",
                    "FilterPolicy": json.dumps(s["filter"]),
                    "FilterPolicyScope": "MessageAttributes",
                },
            )
        for rule in self.plan["rules"]:
            self.events.put_rule(
                Name=rule["name"][:64],
                EventBusName=self.plan["bus"],
                EventPattern=json.dumps(rule["pattern"]),
            )
            self.events.put_targets(
                Rule=rule["name"][:64],
                EventBusName=self.plan["bus"],
                Targets=[{"Id": "queue", "Arn": self.queue_arn(rule["queue"])}],
            )

    def resolve(self, value: Any) -> str:
        """An environment value of `dev.json` as the local resource."""
        if isinstance(value, str):
            return value
        if "queue_url" in value:
            return self.queue_urls[value["queue_url"]]
        if "queue_arn" in value:
            return self.queue_arn(value["queue_arn"])
        if "topic_arn" in value:
            return self.topic_arns[value["topic_arn"]]
        if "api_url" in value:
            return f"http://127.0.0.1:{self.port}"
        return json.dumps(value)

    # -- functions and routes ------------------------------------------------

    def load(self) -> None:
        """Imports every handler and reads each context's OpenAPI security."""
        for context in self.plan["contexts"]:
            sys.path.insert(0, str(ROOT / context["src"]))
            operations = _operations(ROOT / context["openapi"]) if context["openapi"] else {}
            api: Function | None = None
            for spec in context["functions"]:
                function = Function(context, spec)
                function.env = {k: self.resolve(v) for k, v in spec["env"].items()}
                function.load()
                self.functions.append(function)
                if spec["routes"] or function.module.endswith(".handlers.api"):
                    api = function
                for route in spec["routes"] if not operations else []:
                    self.routes.append(Route(function, route, None))
            # The OpenAPI document is the API's definition: its paths, methods,
            # security and required body fields, all served by the API function.
            for (method, path), (security, required) in operations.items():
                if api is not None:
                    spec = {"method": method.upper(), "path": path, "required": required}
                    self.routes.append(Route(api, spec, security))
            relay = f"{context['package']}.handlers.relay"
            relay_file = ROOT / context["src"] / Path(*relay.split(".")).with_suffix(".py")
            if relay_file.exists():
                # The relay's own function when the template declares one, else
                # one with the context's environment.
                declared = [
                    f for f in self.functions if f.module == relay and f.context == context["name"]
                ]
                if declared:
                    function = declared[0]
                else:
                    env = context["functions"][0]["env"] if context["functions"] else {}
                    spec = {"id": "RelayFunction", "handler": relay + ".handler"}
                    function = Function(context, spec)
                    function.env = {k: self.resolve(v) for k, v in env.items()}
                    function.env.setdefault("TABLE_NAME", context["table"])
                    function.load()
                self.threads.append(
                    threading.Thread(target=self.pump_stream, args=(function, context), daemon=True)
                )

    def start_pumps(self) -> None:
        """One event source per consumer, and the stream pumps."""
        for function in self.functions:
            if function.spec.get("queue"):
                self.threads.append(
                    threading.Thread(target=self.pump_queue, args=(function,), daemon=True)
                )
        for thread in self.threads:
            thread.start()

    # -- deliveries ----------------------------------------------------------

    def record(self, subscriber: str, message_type: str, message_id: str, outcome: str) -> None:
        entry = {
            "subscriber": subscriber,
            "message_type": message_type,
            "message_id": message_id,
            "outcome": outcome,
        }
        with self.deliveries_lock:
            self.deliveries.append(entry)
        print(
            f"delivery subscriber={subscriber} type={message_type} id={message_id} "
            f"outcome={outcome}",
            flush=True,
        )

    def pump_queue(self, function: Function) -> None:
        """Lambda's SQS event source: batches, partial failures, redrive."""
        name = function.spec["queue"]
        url = self.queue_urls[name]
        batch = max(1, int(function.spec.get("batch") or 10))
        while not self.stop.is_set():
            try:
                messages = self.receive(url, batch)
            except Exception:
                if self.stop.is_set():
                    return
                time.sleep(0.2)
                continue
            if not messages:
                continue
            records = [self.sqs_record(m, name) for m in messages]
            try:
                response = function.invoke({"Records": records})
                failures = {
                    str(f["itemIdentifier"]) for f in (response or {}).get("batchItemFailures", [])
                }
            except Exception:
                traceback.print_exc()
                failures = {m["MessageId"] for m in messages}
            for m in messages:
                kind, ident = _describe(m["Body"])
                if m["MessageId"] in failures:
                    attempt = int(m.get("Attributes", {}).get("ApproximateReceiveCount", "1"))
                    last = attempt >= self.max_receive.get(name, 1)
                    outcome = "dead-lettered" if last else f"failed (attempt {attempt})"
                    self.sqs.change_message_visibility(
                        QueueUrl=url, ReceiptHandle=m["ReceiptHandle"], VisibilityTimeout=0
                    )
                else:
                    outcome = "ok"
                    self.sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
                self.record(function.short, kind or name, ident or m["MessageId"], outcome)

    def receive(self, url: str, batch: int) -> list[dict[str, Any]]:
        """Up to `batch` messages: waits up to a second for the first ones."""
        out: list[dict[str, Any]] = []
        wait = 1
        while len(out) < batch and not self.stop.is_set():
            got = self.sqs.receive_message(
                QueueUrl=url,
                MaxNumberOfMessages=min(10, batch - len(out)),
                WaitTimeSeconds=wait,
                AttributeNames=["All"],
                MessageAttributeNames=["All"],
            ).get("Messages", [])
            if not got:
                break
            out.extend(got)
            wait = 0
        return out

    def sqs_record(self, m: dict[str, Any], queue: str) -> dict[str, Any]:
        """A message as Lambda's SQS event record."""
        attributes = {
            k: {
                "stringValue": v.get("StringValue"),
                "binaryValue": v.get("BinaryValue"),
                "stringListValues": [],
                "binaryListValues": [],
                "dataType": v.get("DataType", "String"),
            }
            for k, v in m.get("MessageAttributes", {}).items()
        }
        return {
            "messageId": m["MessageId"],
            "receiptHandle": m["ReceiptHandle"],
            "body": m["Body"],
            "attributes": m.get("Attributes", {}),
            "messageAttributes": attributes,
            "md5OfBody": m.get("MD5OfBody", ""),
            "eventSource": "aws:sqs",
            "eventSourceARN": self.queue_arn(queue),
            "awsRegion": REGION,
        }

    def pump_stream(self, function: Function, context: dict[str, Any]) -> None:
        """Lambda's DynamoDB stream source for the relay: new `outbox#` items."""
        table = self.dynamodb.describe_table(TableName=context["table"])["Table"]
        arn = table["LatestStreamArn"]
        shard = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]
        iterator = self.streams.get_shard_iterator(
            StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]
        while not self.stop.is_set():
            try:
                got = self.streams.get_records(ShardIterator=iterator, Limit=100)
            except Exception:
                if self.stop.is_set():
                    return
                time.sleep(0.2)
                continue
            iterator = got.get("NextShardIterator", iterator)
            records = [
                {**_as_lambda(r), "eventSourceARN": arn}
                for r in got.get("Records", [])
                if r.get("eventName") == "INSERT"
                and str(r["dynamodb"].get("Keys", {}).get("pk", {}).get("S", "")).startswith(
                    "outbox#"
                )
            ]
            if not records:
                time.sleep(0.2)
                continue
            outcome = "failed"
            for _ in range(STREAM_ATTEMPTS):  # Lambda retries a failed stream batch
                try:
                    function.invoke({"Records": records})
                except Exception:
                    traceback.print_exc()
                    time.sleep(0.2)
                    continue
                outcome = "ok"
                break
            for r in records:
                self.record(function.short, "outbox", str(r.get("eventID", "")), outcome)

    # -- HTTP ----------------------------------------------------------------

    def serve(self, method: str, raw_path: str, headers: dict[str, str], body: bytes) -> Any:
        """One request: the dev endpoints, or a route's handler."""
        parsed = urllib.parse.urlsplit(raw_path)
        path = urllib.parse.unquote(parsed.path)
        if method == "GET" and path == "/_dev/deliveries":
            with self.deliveries_lock:
                return _json(200, list(self.deliveries))
        if method == "GET" and path == "/_dev/dlq":
            return _json(200, self.dead_letters())
        if method == "GET" and path == "/_dev/info":
            return _json(200, {"endpoint": self.endpoint, "queues": self.queue_urls})
        candidates = [(r, p) for r in self.routes if (p := r.match(path)) is not None]
        if not candidates:
            return _json(404, {"message": "Not Found"})
        chosen = [(r, p) for r, p in candidates if r.method == method]
        if not chosen:
            allowed = ", ".join(sorted({r.method for r, _ in candidates}))
            status, h, b = _json(405, {"message": "Method Not Allowed"})
            return status, {**h, "Allow": allowed}, b
        route, params = chosen[0]
        caller = _authorized(route.security, headers)
        if caller is None:
            return _json(401, {"message": "Unauthorized"})
        content_type = headers.get("content-type", "application/json")
        json_body = content_type.startswith("application/json")
        # The gateway's request model is declared for application/json only.
        if route.required and json_body and not _has_required(body, route.required):
            message = "Invalid request body: send a JSON object with every required field"
            return _json(422, {"message": message, "details": []})
        event = _proxy_event(method, path, parsed.query, headers, body, route, params)
        _caller(event, caller)
        try:
            result = route.function.invoke(event)
        except Exception:
            traceback.print_exc()
            return _json(502, {"message": "Internal server error"})
        return _answer(result)

    def dead_letters(self) -> dict[str, list[dict[str, Any]]]:
        """What each dead-letter queue holds (peeked, left in place)."""
        out: dict[str, list[dict[str, Any]]] = {}
        for dlq in sorted(set(self.dlqs.values())):
            got = self.sqs.receive_message(
                QueueUrl=self.queue_urls[dlq],
                MaxNumberOfMessages=10,
                VisibilityTimeout=0,
                WaitTimeSeconds=0,
            ).get("Messages", [])
            out[dlq] = [{"message_id": m["MessageId"], "body": m["Body"]} for m in got]
        return out


def _as_lambda(value: Any) -> Any:
    """A stream record as Lambda passes it: times as epoch seconds, binary as base64."""
    if isinstance(value, dict):
        return {k: _as_lambda(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_lambda(v) for v in value]
    if isinstance(value, datetime.datetime):
        return int(value.timestamp())
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def _describe(body: str) -> tuple[str, str]:
    """The type and id of a message body: an event envelope, an EventBridge event
    or a command envelope."""
    try:
        data = json.loads(body)
    except ValueError:
        return "", ""
    if not isinstance(data, dict):
        return "", ""
    if isinstance(data.get("detail"), dict):
        detail = data["detail"]
        return str(data.get("detail-type", "")), str(detail.get("event_id", data.get("id", "")))
    for kind, ident in (("event_type", "event_id"), ("command_type", "command_id")):
        if kind in data:
            return str(data[kind]), str(data.get(ident, ""))
    return "", ""


def _operations(openapi: Path) -> dict[tuple[str, str], tuple[Any, list[str]]]:
    """Each operation of an OpenAPI document: its security requirements (each
    scheme by name, with its definition) and its body's required fields."""
    import yaml

    doc = yaml.safe_load(openapi.read_text(encoding="utf-8")) or {}
    schemes = doc.get("components", {}).get("securitySchemes", {}) or {}
    top = doc.get("security")
    out: dict[tuple[str, str], tuple[Any, list[str]]] = {}
    for path, item in (doc.get("paths") or {}).items():
        for method, op in (item or {}).items():
            if method not in HTTP_METHODS or not isinstance(op, dict):
                continue
            requirements = op.get("security", top) or []
            security = [{name: (name, schemes.get(name, {})) for name in r} for r in requirements]
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            schema = _resolve(doc, body.get("schema", {}))
            out[(method, path)] = (security, [str(f) for f in schema.get("required", [])])
    return out


def _resolve(doc: dict[str, Any], schema: Any) -> dict[str, Any]:
    """A schema with its `$ref`s followed."""
    while isinstance(schema, dict) and "$ref" in schema:
        node: Any = doc
        for part in str(schema["$ref"]).lstrip("#/").split("/"):
            node = node.get(part, {}) if isinstance(node, dict) else {}
        schema = node
    return schema if isinstance(schema, dict) else {}


def _authorized(security: Any, headers: dict[str, str]) -> str | None:
    """How the request meets one of the requirements: `open` (none declared, or
    an empty one), `token` or `sigv4`; None when it meets none."""
    if not security:
        return "open"
    given = headers.get("authorization", "")
    for requirement in security:
        kinds = [_meets(name, scheme, given) for name, scheme in requirement.values()]
        if all(kinds):
            return next((k for k in kinds if k != "open"), "open")
    return None


def _meets(name: str, scheme: dict[str, Any], given: str) -> str | None:
    """The kind of caller `given` is for one scheme, None when it is not one."""
    authtype = str(scheme.get("x-amazon-apigateway-authtype", "")).lower()
    if authtype == "awssigv4" or "sigv4" in name.lower():
        return "sigv4" if given.startswith("AWS4-HMAC-SHA256 ") else None
    return "token" if given == f"Bearer {DEV_TOKEN}" else None


def _has_required(body: bytes, required: list[str]) -> bool:
    """API Gateway's request model: a JSON object holding every required field."""
    try:
        data = json.loads(body or b"null")
    except ValueError:
        return False
    return isinstance(data, dict) and all(name in data for name in required)


def _proxy_event(
    method: str,
    path: str,
    query: str,
    headers: dict[str, str],
    body: bytes,
    route: Route,
    params: dict[str, str],
) -> dict[str, Any]:
    """The API Gateway (REST) proxy event for a request."""
    pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
    multi: dict[str, list[str]] = {}
    for k, v in pairs:
        multi.setdefault(k, []).append(v)
    try:
        text: str | None = body.decode("utf-8") if body else None
        encoded = False
    except UnicodeDecodeError:
        text, encoded = base64.b64encode(body).decode(), True
    request_id = str(uuid.uuid4())
    return {
        "resource": route.path,
        "path": path,
        "httpMethod": method,
        "headers": dict(headers),
        "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": {k: v[-1] for k, v in multi.items()} or None,
        "multiValueQueryStringParameters": multi or None,
        "pathParameters": params or None,
        "stageVariables": None,
        "requestContext": {
            "accountId": ACCOUNT,
            "apiId": "dev",
            "resourcePath": route.path,
            "httpMethod": method,
            "path": f"/v1{path}",
            "stage": "v1",
            "requestId": request_id,
            "requestTimeEpoch": int(time.time() * 1000),
            "identity": {"sourceIp": "127.0.0.1", "userAgent": headers.get("user-agent", "")},
        },
        "body": text,
        "isBase64Encoded": encoded,
    }


def _caller(event: dict[str, Any], caller: str) -> None:
    """What API Gateway adds once it let the caller in: the token's claims, or
    the signing role's identity."""
    if caller == "token":
        claims = {"sub": "dev-user", "token_use": "id"}
        event["requestContext"]["authorizer"] = {"claims": claims}
    elif caller == "sigv4":
        identity = event["requestContext"]["identity"]
        identity["accessKey"] = "dev"
        identity["userArn"] = f"arn:aws:sts::{ACCOUNT}:assumed-role/dev/dev"
        identity["caller"] = "dev"


def _answer(result: Any) -> tuple[int, dict[str, str], bytes]:
    """A handler's proxy response as status, headers and body."""
    if not isinstance(result, dict) or "statusCode" not in result:
        return _json(502, {"message": "Internal server error"})
    headers = {str(k): str(v) for k, v in (result.get("headers") or {}).items()}
    for k, values in (result.get("multiValueHeaders") or {}).items():
        headers[str(k)] = ", ".join(str(v) for v in values)
    body = result.get("body") or ""
    raw = base64.b64decode(body) if result.get("isBase64Encoded") else str(body).encode()
    return int(result["statusCode"]), headers, raw


def _http_handler(system: DevSystem) -> type[BaseHTTPRequestHandler]:
    class Requests(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                status, out_headers, data = system.serve(self.command, self.path, headers, body)
            except Exception:
                traceback.print_exc()
                status, out_headers, data = _json(502, {"message": "Internal server error"})
            self.send_response(status)
            for k, v in out_headers.items():
                if k.lower() not in ("content-length", "connection"):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _serve
        do_TRACE = do_CONNECT = _serve

        def __getattr__(self, name: str) -> Any:
            # Any other method (QUERY, ...) reaches the routes too: 405 there.
            if name.startswith("do_"):
                return self._serve
            raise AttributeError(name)

        def log_message(self, format: str, *args: Any) -> None:
            sys.stderr.write(
                f"http {self.command} {self.path} {args[1] if len(args) > 1 else ''}\n"
            )

    return Requests


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the whole system locally.")
    parser.add_argument("--port", type=int, default=8000, help="HTTP port (default 8000)")
    args = parser.parse_args(argv)
    plan = json.loads((ROOT / "dev.json").read_text(encoding="utf-8"))
    try:
        server = ThreadingHTTPServer(("127.0.0.1", args.port), _http_handler_placeholder())
    except OSError as error:
        print(
            f"dev.py: error: port {args.port} on 127.0.0.1 is in use ({error.strerror}); "
            "stop what holds it or pick another with --port",
            file=sys.stderr,
        )
        return 2
    server.daemon_threads = True
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        moto_port = probe.getsockname()[1]
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=moto_port, verbose=False)
    moto.start()
    endpoint = f"http://127.0.0.1:{moto_port}"
    os.environ.update(
        {
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_REGION": REGION,
            "AWS_ACCESS_KEY_ID": "dev",
            "AWS_SECRET_ACCESS_KEY": "dev",
            "POWERTOOLS_TRACE_DISABLED": "1",
        }
    )
    os.environ.pop("AWS_PROFILE", None)
    os.environ = ENV  # type: ignore[assignment]  # noqa: B003 - per-thread environments
    system = DevSystem(plan, args.port, endpoint)
    signal.signal(signal.SIGTERM, _interrupt)
    serving: threading.Thread | None = None
    try:
        system.create()
        system.load()
        server.RequestHandlerClass = _http_handler(system)
        system.start_pumps()
        serving = threading.Thread(target=server.serve_forever, daemon=True)
        serving.start()
        contexts = len(plan["contexts"])
        print(
            f"dev.py: {plan['system']} ({contexts} contexts) ready on http://127.0.0.1:{args.port}",
            flush=True,
        )
        while serving.is_alive():
            serving.join(0.5)
    except KeyboardInterrupt:
        print("dev.py: stopping", flush=True)
    finally:
        system.stop.set()
        if serving is not None:
            server.shutdown()
        server.server_close()
        moto.stop()
    return 0


def _interrupt(signum: int, frame: Any) -> None:
    """SIGTERM stops the server as Ctrl-C does."""
    raise KeyboardInterrupt


def _http_handler_placeholder() -> type[BaseHTTPRequestHandler]:
    """Answers 503 until the system is up (the port is bound first, so that a
    port in use fails before anything starts)."""

    class Starting(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_error(503)

    return Starting


if __name__ == "__main__":
    sys.exit(main())
