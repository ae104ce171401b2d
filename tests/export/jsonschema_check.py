#!/usr/bin/env python3
"""Checks a `ddgen export jsonschema` folder with the Python `jsonschema` package.

usage: jsonschema_check.py EXPORT_DIR SAMPLES.json

- every `*.schema.json` below EXPORT_DIR is valid against the JSON Schema
  2020-12 meta-schema, has a unique absolute `$id`, and every `$ref` in it
  resolves (through a registry of all the exported schemas, by `$id`);
- SAMPLES.json lists `{"schema": PATH, "file": PY, "constant": NAME}`: each
  NAME is a module-level constant of the generated test file PY (a JSON-like
  literal, read with `ast.literal_eval`, never imported), and must validate
  against the schema at PATH (relative to EXPORT_DIR). A sample that does not
  validate, or is missing, is a failure.

Prints one line per problem and a closing `N passed, N failed` line; exit 1
on any failure, 2 on usage errors.
"""

import ast
import json
import sys
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012


def constants(path: Path) -> dict:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = {}
    for node in tree.body:
        target = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        if isinstance(target, ast.Name):
            try:
                out[target.id] = ast.literal_eval(value)
            except ValueError:
                pass
    return out


def walk_refs(node, found):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str):
                found.append(v)
            else:
                walk_refs(v, found)
    elif isinstance(node, list):
        for v in node:
            walk_refs(v, found)


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    root = Path(sys.argv[1])
    samples = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
    passed = failed = 0

    def fail(message: str) -> None:
        nonlocal failed
        failed += 1
        print(f"FAIL {message}")

    schemas = {}
    for path in sorted(root.rglob("*.schema.json")):
        rel = path.relative_to(root).as_posix()
        schema = json.loads(path.read_text(encoding="utf-8"))
        try:
            Draft202012Validator.check_schema(schema)
        except SchemaError as e:
            fail(f"{rel}: not a valid 2020-12 schema: {e.message}")
            continue
        sid = schema.get("$id", "")
        if not sid.endswith("/" + rel) or "://" not in sid:
            fail(f"{rel}: $id {sid!r} is not an absolute URI ending in its path")
        if sid in (s.get("$id") for s in schemas.values()):
            fail(f"{rel}: $id {sid!r} used twice")
        schemas[rel] = schema
        passed += 1
    registry = Registry().with_resources(
        (s["$id"], Resource.from_contents(s, default_specification=DRAFT202012)) for s in schemas.values()
    )
    for rel, schema in schemas.items():
        refs = []
        walk_refs(schema, refs)
        resolver = registry.resolver(base_uri=schema["$id"])
        for ref in refs:
            try:
                resolver.lookup(ref)
                passed += 1
            except Exception as e:  # noqa: BLE001 — any failure to resolve is the finding
                fail(f"{rel}: $ref {ref!r} does not resolve: {e}")
    cache = {}
    for s in samples:
        rel, file, name = s["schema"], s["file"], s["constant"]
        if rel not in schemas:
            fail(f"{rel}: no such schema (sample {name} of {file})")
            continue
        if file not in cache:
            cache[file] = constants(Path(file))
        if name not in cache[file]:
            fail(f"{file}: no constant {name} (sample for {rel})")
            continue
        validator = Draft202012Validator(schemas[rel], registry=registry)
        errors = sorted(validator.iter_errors(cache[file][name]), key=lambda e: list(e.path))
        if errors:
            fail(f"{rel}: sample {name} of {file}: {errors[0].message} at {list(errors[0].path)}")
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
