#!/usr/bin/env python3
"""Start time of the generated dev server (`dev.py`, issue #11).

Generates examples/retail into a temporary folder and measures, RUNS times (default
3), the time from starting `python dev.py` to its `ready` line, against a baseline
measured in the same run: the same Python importing what dev.py imports
(`moto.server`, `boto3`) and exiting. Prints the best of each and their ratio.

usage: scripts/bench-dev.py [RUNS]      (with .venv-gen: scripts/requirements-gen.txt;
       DDGEN=path/to/ddgen skips the release build: generation is not what is timed)
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv-gen" / "bin" / "python"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ready_time(tree: Path) -> float:
    start = time.monotonic()
    server = subprocess.Popen(
        [str(PYTHON), "dev.py", "--port", str(free_port())],
        cwd=tree,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert server.stdout is not None
    for line in server.stdout:
        if "ready" in line:
            elapsed = time.monotonic() - start
            break
    else:
        raise SystemExit(f"dev.py exited with {server.wait()} before it was ready")
    server.send_signal(2)
    server.wait(timeout=30)
    return elapsed


def baseline() -> float:
    start = time.monotonic()
    subprocess.run([str(PYTHON), "-c", "import boto3, moto.server"], check=True)
    return time.monotonic() - start


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    ddgen = os.environ.get("DDGEN")  # a built ddgen; else the release build
    if ddgen is None:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        ddgen = str(ROOT / "target/release/ddgen")
    with tempfile.TemporaryDirectory() as work:
        tree = Path(work) / "retail"
        env = {**os.environ, "DDGEN_CACHE_DIR": str(Path(work) / "cache")}
        subprocess.run(
            [
                ddgen,
                "generate",
                str(ROOT / "examples/retail"),
                "-o",
                str(tree),
            ],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = min(baseline() for _ in range(runs))
        dev = min(ready_time(tree) for _ in range(runs))
    print(f"| what | best of {runs} | ratio |")
    print("| --- | --- | --- |")
    print(f"| import boto3 + moto.server (baseline) | {base:.2f} s | 1.0 |")
    print(f"| dev.py to `ready` (retail: 9 contexts) | {dev:.2f} s | {dev / base:.1f} |")


if __name__ == "__main__":
    main()
