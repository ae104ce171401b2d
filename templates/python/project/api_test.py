"""Schemathesis against every context's `openapi.yaml` on the dev server.

`python scripts/api_test.py [--max-examples 10]` starts `dev.py` on a free port,
waits for it to be ready, runs Schemathesis on each context's API (no 5xx; status
codes, content types, headers and bodies as the document declares them) and stops
the server. Exits non-zero when any context fails.
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# No 5xx but the documented 501 of a default body that would have to invent
# data: `status_code_conformance` fails every undocumented status (a 500, a 502),
# which `not_a_server_error` would also do to the documented 501.
CHECKS = ",".join(
    [
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    ]
)


def free_port() -> int:
    """A port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start(port: int, timeout: float = 120.0) -> subprocess.Popen[str]:
    """`dev.py` on `port`, once it says it is ready."""
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "dev.py"), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    deadline = time.monotonic() + timeout
    for line in server.stdout:
        if "ready" in line:
            return server
        if time.monotonic() > deadline:
            break
    server.kill()
    raise SystemExit(f"dev.py did not get ready (exit {server.wait()})")


def schemathesis() -> list[str]:
    """The Schemathesis command next to this Python, else on PATH."""
    here = Path(sys.executable).parent / "schemathesis"
    found = str(here) if here.exists() else shutil.which("schemathesis")
    if found is None:
        raise SystemExit("schemathesis is not installed: pip install -r requirements-dev.txt")
    return [found]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=10, help="per operation")
    parser.add_argument(
        "--phases",
        default="examples,coverage,fuzzing,stateful",
        help="Schemathesis phases (default: all)",
    )
    args = parser.parse_args()
    plan = json.loads((ROOT / "dev.json").read_text(encoding="utf-8"))
    documents = [c["openapi"] for c in plan["contexts"] if c["openapi"]]
    port = free_port()
    server = start(port)
    failed: list[str] = []
    try:
        for document in documents:
            command = [
                *schemathesis(),
                "run",
                str(ROOT / document),
                "--url",
                f"http://127.0.0.1:{port}",
                "--checks",
                CHECKS,
                "--max-examples",
                str(args.max_examples),
                "--phases",
                args.phases,
                "--workers",
                "1",
                "--header",
                "Authorization: Bearer dev-token",
                "--seed",
                "1",
                # Schemathesis' own data-generation speed, not the API's behaviour:
                # on a busy CI machine it trips on large schemas.
                "--suppress-health-check",
                "too_slow",
                "--no-color",
            ]
            print(f"api_test: {document}", flush=True)
            if subprocess.run(command, cwd=ROOT, check=False).returncode != 0:
                failed.append(document)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    print(f"api_test: {len(documents) - len(failed)} passed, {len(failed)} failed", flush=True)
    for document in failed:
        print(f"api_test: failed: {document}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
