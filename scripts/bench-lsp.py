#!/usr/bin/env python3
"""Latency of `ddgen lsp`: diagnostics after a one-character edit.

For each size N, writes `scripts/synth.py N` into a fresh workspace folder,
starts `ddgen lsp` (stdio), opens the model, then alternately deletes and
re-types one character of a type name in the middle of the file (`decimal`
→ `decima` → `decimal`: an E003 appears, then clears), each as an
incremental `didChange`. It times each edit from sending the change to
receiving the `publishDiagnostics` of that version, and reports the median
and 90th percentile over all edits, beside `ddgen check` of the same model
(best of 3) as the baseline of the same run.

With `--split`, the model is written as one file per context
(`contexts/cN.ddd`) plus `model.ddd` for the rest, the layout of
examples/retail; the edit is then in one context's file.

usage: scripts/bench-lsp.py [--bin target/release/ddgen] [--edits 40] [--split] [SIZES...]
       (default sizes: 100 1000)
"""
import re

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def frame(obj):
    body = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


class Server:
    def __init__(self, binary, env):
        self.p = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self.next_id = 0

    def send(self, obj):
        self.p.stdin.write(frame(obj))
        self.p.stdin.flush()

    def read(self):
        length = 0
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise RuntimeError("server closed its output")
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.p.stdout.read(length))

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            m = self.read()
            if m.get("id") == self.next_id and "method" not in m:
                return m

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics_for(self, uri, version):
        while True:
            m = self.read()
            if m.get("method") == "textDocument/publishDiagnostics":
                p = m["params"]
                if p["uri"] == uri and p.get("version") == version:
                    return p["diagnostics"]


def write_split(folder, text, n):
    """One file per context, the rest in model.ddd; the text of the middle context's file."""
    chunks = re.split(r"(?m)^(?=/// Context \d+:)", text)
    rest = [chunks[0]]
    (folder / "contexts").mkdir()
    mine = ""
    for chunk in chunks[1:]:
        i = int(re.match(r"/// Context (\d+):", chunk).group(1))
        body, sep, tail = chunk.partition("\nmap ")
        (folder / "contexts" / f"c{i}.ddd").write_text(body)
        if i == n // 2:
            mine = body
        if sep:
            rest.append("map " + tail)
    (folder / "model.ddd").write_text("".join(rest))
    return mine


def bench(binary, n, edits, split=False):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "model"
        folder.mkdir()
        model = folder / "model.ddd"
        text = subprocess.run([sys.executable, str(ROOT / "scripts/synth.py"), str(n)],
                              check=True, capture_output=True, text=True).stdout
        if split:
            text = write_split(folder, text, n)
            model = folder / "contexts" / f"c{n // 2}.ddd"
        else:
            model.write_text(text)
        checks = []
        for _ in range(3):
            t = time.perf_counter()
            subprocess.run([binary, "check", str(folder)], capture_output=True)
            checks.append(time.perf_counter() - t)
        env = dict(os.environ, DDGEN_CACHE_DIR=str(Path(tmp) / "cache"))
        s = Server(binary, env)
        uri = model.as_uri()
        s.request("initialize", {"processId": None, "rootUri": folder.as_uri(),
                                 "workspaceFolders": [{"uri": folder.as_uri(), "name": "model"}],
                                 "capabilities": {}})
        s.notify("initialized", {})
        s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "ddd", "version": 1, "text": text}})
        # Warm: the first analysis happens on the first request.
        s.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}})
        lines = text.split("\n")
        target = f"  value Amount{n // 2} {{ value: decimal"
        line = next(i for i, l in enumerate(lines) if l.startswith(target))
        col = len(target) - 1  # the `l` of `decimal`
        times = []
        version = 1
        for k in range(edits):
            version += 1
            start = {"line": line, "character": col}
            if k % 2 == 0:
                change = {"range": {"start": start, "end": {"line": line, "character": col + 1}}, "text": ""}
            else:
                change = {"range": {"start": start, "end": start}, "text": "l"}
            t = time.perf_counter()
            s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                               "contentChanges": [change]})
            diags = s.diagnostics_for(uri, version)
            times.append(time.perf_counter() - t)
            expect_error = k % 2 == 0
            if expect_error != any(d.get("code") == "E003" for d in diags):
                raise RuntimeError(f"edit {k}: unexpected diagnostics {diags}")
        s.request("shutdown", None)
        s.notify("exit", None)
        s.p.wait(timeout=30)
        times.sort()
        return {
            "contexts": n,
            "bytes": sum(f.stat().st_size for f in folder.rglob("*.ddd")),
            "edits": edits,
            "median_ms": statistics.median(times) * 1000,
            "p90_ms": times[int(len(times) * 0.9) - 1] * 1000,
            "check_ms": min(checks) * 1000,
        }


def main():
    args = sys.argv[1:]
    binary = str(ROOT / "target/release/ddgen")
    edits = 40
    if "--bin" in args:
        i = args.index("--bin")
        binary = args[i + 1]
        del args[i:i + 2]
    if "--edits" in args:
        i = args.index("--edits")
        edits = int(args[i + 1])
        del args[i:i + 2]
    split = "--split" in args
    if split:
        args.remove("--split")
    sizes = [int(a) for a in args] or [100, 1000]
    print("| contexts | files | model | edits | diagnostics after an edit, median | p90 | `ddgen check` (process) | median ÷ check |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in sizes:
        r = bench(binary, n, edits, split)
        layout = f"{n + 1} files" if split else "1 file"
        print(f"| {r['contexts']} | {layout} | {r['bytes'] / 1e6:.2f} MB | {r['edits']} | {r['median_ms']:.1f} ms | "
              f"{r['p90_ms']:.1f} ms | {r['check_ms']:.1f} ms | {r['median_ms'] / r['check_ms']:.2f}× |", flush=True)


if __name__ == "__main__":
    main()
